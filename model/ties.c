#include "model/ties.h"

#include <stdlib.h>
#include <string.h>

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
}

csim_status csim_ties_build_adjacency(csim_ties *ties, size_t n_nodes) {
    if (n_nodes + 1 > ties->node_capacity) {
        const size_t cap = n_nodes + 1 + n_nodes / 2;
        size_t *p = realloc(ties->adj_offset, cap * sizeof *p);
        if (!p) {
            return CSIM_FAIL(CSIM_ENOMEM, "adjacency offsets for %zu actors", n_nodes);
        }
        ties->adj_offset = p;
        ties->node_capacity = cap;
    }
    const size_t incidences = 2 * ties->n_ties;
    if (incidences > ties->adj_capacity) {
        const size_t cap = incidences + incidences / 2 + 16;
        uint32_t *node = realloc(ties->adj_node, cap * sizeof *node);
        if (!node) {
            return CSIM_FAIL(CSIM_ENOMEM, "adjacency of %zu ties", ties->n_ties);
        }
        ties->adj_node = node;
        uint32_t *tie = realloc(ties->adj_tie, cap * sizeof *tie);
        if (!tie) {
            return CSIM_FAIL(CSIM_ENOMEM, "adjacency of %zu ties", ties->n_ties);
        }
        ties->adj_tie = tie;
        ties->adj_capacity = cap;
    }
    size_t *offset = ties->adj_offset;
    memset(offset, 0, (n_nodes + 1) * sizeof *offset);
    for (size_t e = 0; e < ties->n_ties; ++e) {
        if (!ties->dead[e]) {
            offset[ties->a[e] + 1]++;
            offset[ties->b[e] + 1]++;
        }
    }
    for (size_t v = 0; v < n_nodes; ++v) {
        offset[v + 1] += offset[v];
    }
    /* Fill with a moving cursor per node (offset[v] advanced), then shift back. */
    for (size_t e = 0; e < ties->n_ties; ++e) {
        if (ties->dead[e]) {
            continue;
        }
        const uint32_t u = ties->a[e], v = ties->b[e];
        ties->adj_node[offset[u]] = v;
        ties->adj_tie[offset[u]++] = (uint32_t) e;
        ties->adj_node[offset[v]] = u;
        ties->adj_tie[offset[v]++] = (uint32_t) e;
    }
    for (size_t v = n_nodes; v > 0; --v) {
        offset[v] = offset[v - 1];
    }
    offset[0] = 0;
    ties->n_nodes = n_nodes;
    return CSIM_OK;
}

long csim_ties_find(const csim_ties *ties, uint32_t u, uint32_t v) {
    if (u >= ties->n_nodes || v >= ties->n_nodes) {
        return -1;
    }
    /* Search from the endpoint with the smaller degree. */
    if (csim_ties_degree(ties, u) > csim_ties_degree(ties, v)) {
        const uint32_t t = u;
        u = v;
        v = t;
    }
    for (size_t k = ties->adj_offset[u]; k < ties->adj_offset[u + 1]; ++k) {
        if (ties->adj_node[k] == v) {
            return (long) ties->adj_tie[k];
        }
    }
    return -1;
}

size_t csim_ties_shared_partners(const csim_ties *ties, uint32_t u, uint32_t v) {
    if (u >= ties->n_nodes || v >= ties->n_nodes) {
        return 0;
    }
    size_t shared = 0;
    for (size_t k = ties->adj_offset[u]; k < ties->adj_offset[u + 1]; ++k) {
        const uint32_t w = ties->adj_node[k];
        for (size_t m = ties->adj_offset[v]; m < ties->adj_offset[v + 1]; ++m) {
            if (ties->adj_node[m] == w) {
                ++shared;
                break;
            }
        }
    }
    return shared;
}
