#include "model/ties.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sim/grow.h"

#define CSIM_TIE_ARRAYS(X) \
    X(a) X(b) X(weight) X(trust) X(born) X(last_used) X(origin) X(dead) X(outcome) X(project)

static csim_status reserve_ties(csim_ties *ties, size_t capacity) {
    if (capacity <= ties->capacity) {
        return CSIM_OK;
    }
#define CSIM_X_GROW(field)                                                                \
    {                                                                                     \
        void *p = realloc(ties->field, capacity * sizeof *ties->field);                   \
        if (!p) {                                                                         \
            return CSIM_FAIL(CSIM_ENOMEM, "growing tie array '%s' to %zu", #field, capacity); \
        }                                                                                 \
        ties->field = p;                                                                  \
    }
    CSIM_TIE_ARRAYS(CSIM_X_GROW)
#undef CSIM_X_GROW
    ties->capacity = capacity;
    return CSIM_OK;
}

csim_status csim_ties_init(csim_ties *ties, size_t capacity) {
    memset(ties, 0, sizeof *ties);
    const csim_status st = reserve_ties(ties, capacity < 16 ? 16 : capacity);
    if (st != CSIM_OK) {
        csim_ties_destroy(ties);
    }
    return st;
}

void csim_ties_destroy(csim_ties *ties) {
#define CSIM_X_FREE(field) free(ties->field);
    CSIM_TIE_ARRAYS(CSIM_X_FREE)
#undef CSIM_X_FREE
    free(ties->adj_offset);
    free(ties->adj_node);
    free(ties->adj_tie);
    memset(ties, 0, sizeof *ties);
}

csim_status csim_ties_add(csim_ties *ties, uint32_t u, uint32_t v, double weight, double trust,
                          int32_t step, uint8_t origin) {
    if (u == v) {
        return CSIM_FAIL(CSIM_EINVAL, "a tie needs two different actors (got %u twice)", u);
    }
    if (ties->n_ties == ties->capacity) {
        const csim_status st = reserve_ties(ties, ties->capacity + ties->capacity / 2 + 16);
        if (st != CSIM_OK) {
            return st;
        }
    }
    const size_t e = ties->n_ties++;
    ties->a[e] = u < v ? u : v;
    ties->b[e] = u < v ? v : u;
    ties->weight[e] = weight;
    ties->trust[e] = trust;
    ties->born[e] = step;
    ties->last_used[e] = step;
    ties->origin[e] = origin;
    ties->dead[e] = 0;
    ties->outcome[e] = 0;
    ties->project[e] = 0;
    ties->version++;
    return CSIM_OK;
}

void csim_ties_compact(csim_ties *ties) {
    size_t kept = 0;
    for (size_t e = 0; e < ties->n_ties; ++e) {
        if (ties->dead[e]) {
            continue;
        }
        if (kept != e) {
#define CSIM_X_MOVE(field) ties->field[kept] = ties->field[e];
            CSIM_TIE_ARRAYS(CSIM_X_MOVE)
#undef CSIM_X_MOVE
        }
        ++kept;
    }
    ties->n_ties = kept;
    ties->version++;
}

csim_status csim_ties_build_adjacency(csim_ties *ties, size_t n_nodes) {
    if (csim_grow(&ties->adj_offset, &ties->node_capacity, n_nodes + 1,
                  sizeof *ties->adj_offset) != CSIM_OK) {
        return CSIM_FAIL(CSIM_ENOMEM, "adjacency offsets for %zu actors", n_nodes);
    }
    const size_t incidences = 2 * ties->n_ties;
    if (incidences > ties->adj_capacity) {
        /* adj_node and adj_tie share one capacity. */
        size_t cap = 0;
        if (csim_grow_capacity(ties->adj_capacity, incidences, sizeof *ties->adj_node, &cap) !=
                CSIM_OK ||
            csim_grow_to(&ties->adj_node, cap, sizeof *ties->adj_node) != CSIM_OK ||
            csim_grow_to(&ties->adj_tie, cap, sizeof *ties->adj_tie) != CSIM_OK) {
            return CSIM_FAIL(CSIM_ENOMEM, "adjacency of %zu ties", ties->n_ties);
        }
        ties->adj_capacity = cap;
    }
    size_t *offset = ties->adj_offset;
    uint32_t *nodes = ties->adj_node, *tie_of = ties->adj_tie;
    const uint32_t *ta = ties->a, *tb = ties->b;
    const uint8_t *dead = ties->dead;
    const long n_ties = (long) ties->n_ties;
    const long n = (long) n_nodes;
    memset(offset, 0, (n_nodes + 1) * sizeof *offset);
    /* Degrees: integer atomics, the same counts whatever the schedule. */
#pragma omp parallel for schedule(static) default(none) shared(offset, ta, tb, dead, n_ties)
    for (long e = 0; e < n_ties; ++e) {
        if (!dead[e]) {
#pragma omp atomic
            offset[ta[e] + 1]++;
#pragma omp atomic
            offset[tb[e] + 1]++;
        }
    }
    for (size_t v = 0; v < n_nodes; ++v) {
        offset[v + 1] += offset[v];
    }
    /* Fill with a moving cursor per node (offset[v] advanced by atomic capture, so the
     * order inside a list depends on the schedule), shift back, then sort each list by
     * (neighbour, tie): the result is a pure function of the tie list. */
#pragma omp parallel for schedule(static) default(none) \
    shared(offset, ta, tb, dead, n_ties, nodes, tie_of)
    for (long e = 0; e < n_ties; ++e) {
        if (dead[e]) {
            continue;
        }
        const uint32_t u = ta[e], v = tb[e];
        size_t pu, pv;
#pragma omp atomic capture
        pu = offset[u]++;
#pragma omp atomic capture
        pv = offset[v]++;
        nodes[pu] = v;
        tie_of[pu] = (uint32_t) e;
        nodes[pv] = u;
        tie_of[pv] = (uint32_t) e;
    }
    memmove(offset + 1, offset, n_nodes * sizeof *offset);
    offset[0] = 0;
    /* Lookups become binary searches and shared-partner counts a merge, O(deg u + deg v).
     * Lists are short (insertion sort) and independent. */
#pragma omp parallel for schedule(dynamic, 1024) default(none) shared(offset, nodes, tie_of, n)
    for (long v = 0; v < n; ++v) {
        for (size_t k = offset[v] + 1; k < offset[v + 1]; ++k) {
            const uint32_t key = nodes[k], tie = tie_of[k];
            size_t m = k;
            while (m > offset[v] &&
                   (nodes[m - 1] > key || (nodes[m - 1] == key && tie_of[m - 1] > tie))) {
                nodes[m] = nodes[m - 1];
                tie_of[m] = tie_of[m - 1];
                --m;
            }
            nodes[m] = key;
            tie_of[m] = tie;
        }
    }
    ties->n_nodes = n_nodes;
    ties->adj_version = ties->version;
    return CSIM_OK;
}

csim_status csim_ties_refresh_adjacency(csim_ties *ties, size_t n_nodes) {
    if (ties->adj_offset && ties->adj_version == ties->version && ties->n_nodes == n_nodes) {
        return CSIM_OK;
    }
    return csim_ties_build_adjacency(ties, n_nodes);
}

long csim_ties_find(const csim_ties *ties, uint32_t u, uint32_t v) {
    if (u >= ties->n_nodes || v >= ties->n_nodes) {
        return -1;
    }
    /* Binary search in the shorter of the two sorted neighbour lists. */
    if (csim_ties_degree(ties, u) > csim_ties_degree(ties, v)) {
        const uint32_t t = u;
        u = v;
        v = t;
    }
    size_t lo = ties->adj_offset[u], hi = ties->adj_offset[u + 1];
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (ties->adj_node[mid] < v) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < ties->adj_offset[u + 1] && ties->adj_node[lo] == v ? (long) ties->adj_tie[lo] : -1;
}

/* A walk over the partners two actors share: their sorted neighbour lists merged, both
 * read from the start (empty for an actor outside the adjacency). */
typedef struct shared_walk {
    size_t a, a_end; /* u's incidences still to read */
    size_t b, b_end; /* v's incidences still to read */
} shared_walk;

static shared_walk shared_walk_start(const csim_ties *ties, uint32_t u, uint32_t v) {
    shared_walk w = {0, 0, 0, 0};
    if (u < ties->n_nodes && v < ties->n_nodes) {
        w.a = ties->adj_offset[u];
        w.a_end = ties->adj_offset[u + 1];
        w.b = ties->adj_offset[v];
        w.b_end = ties->adj_offset[v + 1];
    }
    return w;
}

/* The next shared partner: true with the incidences of u's and v's ties to it in *at_u
 * and *at_v, false when one list is done. */
static bool shared_walk_next(const csim_ties *ties, shared_walk *w, size_t *at_u, size_t *at_v) {
    while (w->a < w->a_end && w->b < w->b_end) {
        const uint32_t x = ties->adj_node[w->a], y = ties->adj_node[w->b];
        if (x == y) {
            *at_u = w->a++;
            *at_v = w->b++;
            return true;
        }
        if (x < y) {
            ++w->a;
        } else {
            ++w->b;
        }
    }
    return false;
}

/* Shared partners of u and v, counting no further than `limit`. */
static size_t count_shared(const csim_ties *ties, uint32_t u, uint32_t v, size_t limit) {
    shared_walk w = shared_walk_start(ties, u, v);
    size_t shared = 0, at_u = 0, at_v = 0;
    while (shared < limit && shared_walk_next(ties, &w, &at_u, &at_v)) {
        ++shared;
    }
    return shared;
}

size_t csim_ties_shared_partners(const csim_ties *ties, uint32_t u, uint32_t v) {
    return count_shared(ties, u, v, SIZE_MAX);
}

bool csim_ties_have_shared_partner(const csim_ties *ties, uint32_t u, uint32_t v) {
    return count_shared(ties, u, v, 1) > 0;
}

double csim_ties_reported_trust(const csim_ties *ties, uint32_t u, uint32_t v, double prior,
                                double prior_weight) {
    double sum = prior * prior_weight, weight = prior_weight;
    shared_walk w = shared_walk_start(ties, u, v);
    size_t at_u = 0, at_v = 0;
    while (shared_walk_next(ties, &w, &at_u, &at_v)) {
        const double tu = ties->trust[ties->adj_tie[at_u]], tv = ties->trust[ties->adj_tie[at_v]];
        sum += tu < tv ? tu : tv;
        weight += 1.0;
    }
    return weight > 0.0 ? sum / weight : prior;
}
