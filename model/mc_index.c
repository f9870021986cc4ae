/*
 * Exact best-fit search over the MC themes (see mc_index_internal.h for why it returns
 * the scan's answer bit for bit).
 */
#include "model/mc_index_internal.h"

#include <stdlib.h>
#include <string.h>

#include "sim/grow.h"

/* The index's arrays sized by the number of MC slots (all of csim_mc_index's but
 * class_room, sized by classes and districts): they grow together to `capacity` slots and
 * are freed together. X(field, rows per slot, rows more). */
#define CSIM_MC_INDEX_ARRAYS(X)                                                             \
    X(items, 1, 0) X(nodes, 2, 0) X(class_slots, 1, 0) X(class_start, 1, 1) X(class_of, 1, 0)

#define LEAF_SIZE 4    /* themes per leaf                                   */
#define MAX_STACK 160  /* depth-first stack: 2 entries per level, depth < 64 */

/* A theme while the tree is built: the slot, its theme, and the sort key of the moment. */
typedef struct build_item {
    double key;
    uint32_t slot;
    const double *theme;
} build_item;

static int compare_theme_then_slot(const void *x, const void *y) {
    const build_item *a = x, *b = y;
    const int c = memcmp(a->theme, b->theme, CSIM_N_FIELDS * sizeof *a->theme);
    if (c != 0) {
        return c;
    }
    return a->slot < b->slot ? -1 : (a->slot > b->slot);
}

static int compare_key_then_slot(const void *x, const void *y) {
    const build_item *a = x, *b = y;
    if (a->key != b->key) {
        return a->key < b->key ? -1 : 1;
    }
    return a->slot < b->slot ? -1 : (a->slot > b->slot);
}

/* Fit of a theme to v: the sum in field order, as the scan computes it. */
static inline double dot(const double *theme, const double *v) {
    double fit = 0.0;
    for (size_t k = 0; k < CSIM_N_FIELDS; ++k) {
        fit += theme[k] * v[k];
    }
    return fit;
}

/* Room of a newcomer at MC m. */
static inline double room_of(const csim_mc *mc) {
    return csim_mc_service(mc, (double) mc->members + 1.0);
}

int32_t csim_mc_index__scan(const csim_programme *prog, const double *v, uint32_t district) {
    int32_t best = -1;
    double best_fit = -1.0;
    int district_has_office = 0;
    for (size_t m = 0; m < prog->n_mc; ++m) {
        district_has_office |= csim_mc_index__open(&prog->mc[m]) && prog->mc[m].district == district;
    }
    for (size_t m = 0; m < prog->n_mc; ++m) {
        if (!csim_mc_index__open(&prog->mc[m])) {
            continue;
        }
        /* A class's room is its roomiest twin's in the district, 0 when it has none there
         * (but the district has offices), its roomiest twin's anywhere when the district
         * has no office (scan: every slot). */
        double room = 0.0, room_here = -1.0;
        for (size_t t = 0; t < prog->n_mc; ++t) {
            if (csim_mc_index__open(&prog->mc[t]) &&
                memcmp(prog->mc[t].theme, prog->mc[m].theme, sizeof prog->mc[m].theme) == 0) {
                const double r = room_of(&prog->mc[t]);
                room = r > room ? r : room;
                if (prog->mc[t].district == district) {
                    room_here = r > room_here ? r : room_here;
                }
            }
        }
        if (district_has_office) {
            room = room_here > 0.0 ? room_here : 0.0;
        }
        const double fit = dot(prog->mc[m].theme, v) * room;
        if (fit > best_fit) {
            best_fit = fit;
            best = (int32_t) m;
        }
    }
    return best;
}

/* Node over items[first..first+count): bound, lowest slot, and children when large. */
static int32_t build_node(csim_mc_index *ix, build_item *tmp, uint32_t first, uint32_t count) {
    const int32_t id = (int32_t) ix->n_nodes++;
    csim_mc_node *node = &ix->nodes[id];
    double lo[CSIM_N_FIELDS], hi[CSIM_N_FIELDS];
    for (size_t k = 0; k < CSIM_N_FIELDS; ++k) {
        lo[k] = tmp[first].theme[k];
        hi[k] = tmp[first].theme[k];
    }
    uint32_t min_slot = tmp[first].slot;
    for (uint32_t t = first + 1; t < first + count; ++t) {
        for (size_t k = 0; k < CSIM_N_FIELDS; ++k) {
            const double x = tmp[t].theme[k];
            lo[k] = x < lo[k] ? x : lo[k];
            hi[k] = x > hi[k] ? x : hi[k];
        }
        min_slot = tmp[t].slot < min_slot ? tmp[t].slot : min_slot;
    }
    memcpy(node->bound, hi, sizeof hi);
    node->min_slot = min_slot;
    node->first = first;
    node->count = count;
    node->left = node->right = -1;
    if (count <= LEAF_SIZE) {
        return id;
    }
    /* Split at the median of the field where the themes spread most. */
    size_t dim = 0;
    for (size_t k = 1; k < CSIM_N_FIELDS; ++k) {
        if (hi[k] - lo[k] > hi[dim] - lo[dim]) {
            dim = k;
        }
    }
    for (uint32_t t = first; t < first + count; ++t) {
        tmp[t].key = tmp[t].theme[dim];
    }
    qsort(tmp + first, count, sizeof *tmp, compare_key_then_slot);
    const uint32_t half = count / 2;
    const int32_t left = build_node(ix, tmp, first, half);
    const int32_t right = build_node(ix, tmp, first + half, count - half);
    ix->nodes[id].left = left; /* `node` may not be used: no realloc, but keep it plain */
    ix->nodes[id].right = right;
    return id;
}

csim_status csim_mc_index__build(csim_mc_index *ix, const csim_programme *prog) {
    ix->prog = prog;
    ix->n_items = 0;
    ix->n_nodes = 0;
    const size_t n_mc = prog->n_mc;
    if (n_mc == 0) {
        return CSIM_OK;
    }
    if (n_mc > ix->capacity) {
#define CSIM_X_GROW(field, per_mc, more)                                                   \
    if (csim_grow_to(&ix->field, (per_mc) * n_mc + (more), sizeof *ix->field) != CSIM_OK) { \
        return CSIM_FAIL(CSIM_ENOMEM, "MC search index for %zu MCs", n_mc);                \
    }
        CSIM_MC_INDEX_ARRAYS(CSIM_X_GROW)
#undef CSIM_X_GROW
        ix->capacity = n_mc;
    }
    build_item *tmp = malloc(n_mc * sizeof *tmp);
    if (!tmp) {
        return CSIM_FAIL(CSIM_ENOMEM, "MC search index for %zu MCs", n_mc);
    }
    size_t n = 0;
    for (size_t m = 0; m < n_mc; ++m) {
        if (csim_mc_index__open(&prog->mc[m])) {
            tmp[n++] = (build_item){0.0, (uint32_t) m, prog->mc[m].theme};
        }
    }
    /* Rooms per class and district (csim_mc_index__room): n columns per class. */
    uint32_t n_district = 0;
    for (size_t t = 0; t < n; ++t) {
        const uint32_t d = prog->mc[tmp[t].slot].district;
        n_district = d + 1 > n_district ? d + 1 : n_district;
    }
    const size_t columns = (size_t) n_district + 1;
    if (n * columns > ix->room_capacity) {
        double *cr = realloc(ix->class_room, n * columns * sizeof *cr);
        if (!cr) {
            free(tmp);
            return CSIM_FAIL(CSIM_ENOMEM, "MC search index for %zu MCs", n_mc);
        }
        ix->class_room = cr;
        ix->room_capacity = n * columns;
    }
    ix->n_district = n_district;
    /* Identical themes give identical fits: keep the lowest slot of each in the tree, and
     * list the whole class (slot order) for the caller's choice among twins. */
    qsort(tmp, n, sizeof *tmp, compare_theme_then_slot);
    size_t kept = 0;
    for (size_t t = 0; t < n; ++t) {
        const int twin = kept > 0 && memcmp(tmp[kept - 1].theme, tmp[t].theme,
                                            CSIM_N_FIELDS * sizeof *tmp[t].theme) == 0;
        const double room = room_of(&prog->mc[tmp[t].slot]);
        const uint32_t d = prog->mc[tmp[t].slot].district;
        if (!twin) {
            ix->class_start[kept] = (uint32_t) t;
            double *row = ix->class_room + kept * columns;
            for (size_t c = 0; c < columns; ++c) {
                row[c] = -1.0; /* no office there yet */
            }
        }
        double *row = ix->class_room + (twin ? kept - 1 : kept) * columns;
        row[d] = room > row[d] ? room : row[d];
        row[n_district] = room > row[n_district] ? room : row[n_district];
        ix->class_slots[t] = tmp[t].slot;
        ix->class_of[tmp[t].slot] = (uint32_t) (twin ? kept - 1 : kept);
        if (twin) {
            continue;
        }
        tmp[kept++] = tmp[t];
    }
    ix->class_start[kept] = (uint32_t) n;
    /* A class without an office in a district that has offices is not open to its firms
     * (room 0); every district below n_district has one, as the offices are shared out
     * over the districts in turn (policy.c) - or was left with none by the merges, when
     * the column keeps -1 and reads as no office in the district at all. */
    for (uint32_t d = 0; d < n_district; ++d) {
        int has_office = 0;
        for (size_t c = 0; c < kept && !has_office; ++c) {
            has_office = ix->class_room[c * columns + d] >= 0.0;
        }
        for (size_t c = 0; c < kept; ++c) {
            double *room = &ix->class_room[c * columns + d];
            *room = *room >= 0.0 ? *room : (has_office ? 0.0 : ix->class_room[c * columns + n_district]);
        }
    }
    if (kept > 0) {
        (void) build_node(ix, tmp, 0, (uint32_t) kept);
    }
    for (size_t t = 0; t < kept; ++t) {
        ix->items[t] = tmp[t].slot;
    }
    ix->n_items = kept;
    free(tmp);
    return CSIM_OK;
}

int32_t csim_mc_index__best(const csim_mc_index *ix, const double *v, uint32_t district) {
    for (size_t k = 0; k < CSIM_N_FIELDS; ++k) {
        if (!(v[k] >= 0.0)) {
            return csim_mc_index__scan(ix->prog, v, district); /* bounds need v >= 0 */
        }
    }
    if (ix->n_items == 0) {
        return -1;
    }
    /* A district without any office reads the rooms of all districts (last column). */
    const size_t columns = (size_t) ix->n_district + 1;
    const size_t column = district < ix->n_district ? district : ix->n_district;
    const csim_mc *mcs = ix->prog->mc;
    int32_t best = -1;
    double best_fit = -1.0;
    int32_t stack_node[MAX_STACK];
    double stack_bound[MAX_STACK];
    size_t top = 0;
    stack_node[top] = 0;
    stack_bound[top++] = dot(ix->nodes[0].bound, v);
    while (top > 0) {
        --top;
        const csim_mc_node *node = &ix->nodes[stack_node[top]];
        const double bound = stack_bound[top];
        if (best >= 0 && (bound < best_fit ||
                          (bound == best_fit && node->min_slot > (uint32_t) best))) {
            continue; /* nothing below can win */
        }
        if (node->left < 0) {
            for (uint32_t t = node->first; t < node->first + node->count; ++t) {
                const uint32_t slot = ix->items[t];
                const double fit =
                    dot(mcs[slot].theme, v) * ix->class_room[ix->class_of[slot] * columns + column];
                if (best < 0 || fit > best_fit || (fit == best_fit && slot < (uint32_t) best)) {
                    best_fit = fit;
                    best = (int32_t) slot;
                }
            }
            continue;
        }
        /* Visit the more promising child first: push it last. */
        const double bl = dot(ix->nodes[node->left].bound, v);
        const double br = dot(ix->nodes[node->right].bound, v);
        const int left_first = bl >= br;
        stack_node[top] = left_first ? node->right : node->left;
        stack_bound[top++] = left_first ? br : bl;
        stack_node[top] = left_first ? node->left : node->right;
        stack_bound[top++] = left_first ? bl : br;
    }
    return best;
}

void csim_mc_index__destroy(csim_mc_index *ix) {
#define CSIM_X_FREE(field, per_mc, more) free(ix->field);
    CSIM_MC_INDEX_ARRAYS(CSIM_X_FREE)
#undef CSIM_X_FREE
    free(ix->class_room);
    memset(ix, 0, sizeof *ix);
}
