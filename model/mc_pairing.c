/*
 * Greedy merge matching of MCs on theme similarity (see mc_pairing_internal.h for the
 * rule and why the class-based walk makes the same merges as the walk over all pairs).
 */
#include "model/mc_pairing_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

double csim_mc_pairing__similarity(const double *a, const double *b) {
    double dot = 0.0, na = 0.0, nb = 0.0;
    for (size_t k = 0; k < CSIM_N_FIELDS; ++k) {
        dot += a[k] * b[k];
        na += a[k] * a[k];
        nb += b[k] * b[k];
    }
    return na > 0.0 && nb > 0.0 ? dot / sqrt(na * nb) : 0.0;
}

/* ---- reference: every pair listed and sorted ------------------------------------- */

typedef struct mc_pair {
    double similarity;
    uint32_t a, b;
} mc_pair;

static int compare_pairs(const void *x, const void *y) {
    const mc_pair *p = x, *q = y;
    if (p->similarity != q->similarity) {
        return p->similarity > q->similarity ? -1 : 1;
    }
    if (p->a != q->a) {
        return p->a < q->a ? -1 : 1;
    }
    return p->b < q->b ? -1 : (p->b > q->b);
}

csim_status csim_mc_pairing__greedy_all_pairs(const csim_programme *prog, size_t max_merges,
                                              uint32_t *first, uint32_t *second,
                                              size_t *n_out) {
    *n_out = 0;
    size_t active = 0;
    for (size_t m = 0; m < prog->n_mc; ++m) {
        active += prog->mc[m].active != 0;
    }
    if (active < 2 || max_merges == 0) {
        return CSIM_OK;
    }
    uint32_t *ids = malloc(active * sizeof *ids);
    mc_pair *pairs = malloc(active * (active - 1) / 2 * sizeof *pairs);
    uint8_t *used = calloc(prog->n_mc, 1);
    if (!ids || !pairs || !used) {
        free(ids);
        free(pairs);
        free(used);
        return CSIM_FAIL(CSIM_ENOMEM, "pairs of %zu MCs", active);
    }
    size_t k = 0;
    for (size_t m = 0; m < prog->n_mc; ++m) {
        if (prog->mc[m].active) {
            ids[k++] = (uint32_t) m;
        }
    }
    size_t np = 0;
    for (size_t x = 0; x < active; ++x) {
        for (size_t y = x + 1; y < active; ++y) {
            pairs[np++] = (mc_pair){csim_mc_pairing__similarity(prog->mc[ids[x]].theme,
                                                                prog->mc[ids[y]].theme),
                                    ids[x], ids[y]};
        }
    }
    qsort(pairs, np, sizeof *pairs, compare_pairs);
    for (size_t q = 0; q < np && *n_out < max_merges; ++q) {
        if (used[pairs[q].a] || used[pairs[q].b]) {
            continue;
        }
        used[pairs[q].a] = used[pairs[q].b] = 1;
        first[*n_out] = pairs[q].a;
        second[*n_out] = pairs[q].b;
        ++*n_out;
    }
    free(ids);
    free(pairs);
    free(used);
    return CSIM_OK;
}

/* ---- the same walk over classes of equal themes ---------------------------------- */

typedef struct theme_item {
    const double *theme;
    uint32_t slot;
} theme_item;

static int compare_theme_then_slot(const void *x, const void *y) {
    const theme_item *a = x, *b = y;
    const int c = memcmp(a->theme, b->theme, CSIM_N_FIELDS * sizeof *a->theme);
    if (c != 0) {
        return c;
    }
    return a->slot < b->slot ? -1 : (a->slot > b->slot);
}

/* A pair of theme classes (c1 <= c2) and their similarity. */
typedef struct class_pair {
    double similarity;
    uint32_t c1, c2;
} class_pair;

static int compare_class_pairs(const void *x, const void *y) {
    const class_pair *p = x, *q = y;
    if (p->similarity != q->similarity) {
        return p->similarity > q->similarity ? -1 : 1;
    }
    if (p->c1 != q->c1) {
        return p->c1 < q->c1 ? -1 : 1;
    }
    return p->c2 < q->c2 ? -1 : (p->c2 > q->c2);
}

/* A directed link of one block: class `from` may pair with class `to`. */
typedef struct link {
    uint32_t from, to;
} link;

static int compare_links(const void *x, const void *y) {
    const link *p = x, *q = y;
    if (p->from != q->from) {
        return p->from < q->from ? -1 : 1;
    }
    return p->to < q->to ? -1 : (p->to > q->to);
}

static int compare_u32(const void *x, const void *y) {
    const uint32_t a = *(const uint32_t *) x, b = *(const uint32_t *) y;
    return a < b ? -1 : (a > b);
}

csim_status csim_mc_pairing__greedy(const csim_programme *prog, size_t max_merges,
                                    uint32_t *first, uint32_t *second, size_t *n_out) {
    csim_status st = CSIM_OK;
    *n_out = 0;
    size_t active = 0;
    for (size_t m = 0; m < prog->n_mc; ++m) {
        active += prog->mc[m].active != 0;
    }
    if (active < 2 || max_merges == 0) {
        return CSIM_OK;
    }
    theme_item *items = malloc(active * sizeof *items);
    uint32_t *class_ids = malloc(active * sizeof *class_ids);   /* slots, grouped by class */
    uint32_t *class_start = malloc((active + 1) * sizeof *class_start);
    uint32_t *class_of = malloc(prog->n_mc * sizeof *class_of);
    uint32_t *avail = malloc(active * sizeof *avail);           /* unmerged per class      */
    uint32_t *cursor = malloc(active * sizeof *cursor);         /* per class, in a block   */
    uint8_t *used = calloc(prog->n_mc, 1);
    uint32_t *gathered = malloc(active * sizeof *gathered);
    class_pair *cpairs = NULL;
    link *links = NULL;
    if (!items || !class_ids || !class_start || !class_of || !avail || !cursor || !used ||
        !gathered) {
        st = CSIM_FAIL(CSIM_ENOMEM, "merge matching of %zu MCs", active);
        goto cleanup;
    }

    /* Classes of bitwise equal themes, each listing its slots in increasing order. */
    size_t n = 0;
    for (size_t m = 0; m < prog->n_mc; ++m) {
        if (prog->mc[m].active) {
            items[n++] = (theme_item){prog->mc[m].theme, (uint32_t) m};
        }
    }
    qsort(items, n, sizeof *items, compare_theme_then_slot);
    size_t n_class = 0;
    for (size_t t = 0; t < n; ++t) {
        if (t == 0 || memcmp(items[t - 1].theme, items[t].theme,
                             CSIM_N_FIELDS * sizeof *items[t].theme) != 0) {
            class_start[n_class++] = (uint32_t) t;
        }
        class_ids[t] = items[t].slot;
        class_of[items[t].slot] = (uint32_t) (n_class - 1);
    }
    class_start[n_class] = (uint32_t) n;
    for (size_t c = 0; c < n_class; ++c) {
        avail[c] = class_start[c + 1] - class_start[c];
    }

    /* Every pair of classes that holds at least one pair of MCs, by similarity. */
    size_t n_cpairs = 0;
    for (size_t c1 = 0; c1 < n_class; ++c1) {
        n_cpairs += (n_class - c1 - 1) + (avail[c1] >= 2);
    }
    cpairs = malloc((n_cpairs + 1) * sizeof *cpairs);
    links = malloc((2 * n_cpairs + 1) * sizeof *links);
    if (!cpairs || !links) {
        st = CSIM_FAIL(CSIM_ENOMEM, "merge matching of %zu MC themes", n_class);
        goto cleanup;
    }
    size_t np = 0;
    for (size_t c1 = 0; c1 < n_class; ++c1) {
        const double *t1 = items[class_start[c1]].theme;
        for (size_t c2 = c1 + (avail[c1] >= 2 ? 0 : 1); c2 < n_class; ++c2) {
            cpairs[np++] = (class_pair){
                csim_mc_pairing__similarity(t1, items[class_start[c2]].theme), (uint32_t) c1,
                (uint32_t) c2};
        }
    }
    qsort(cpairs, np, sizeof *cpairs, compare_class_pairs);

    /* Walk the blocks of equal similarity, highest first. */
    for (size_t b0 = 0; b0 < np && *n_out < max_merges;) {
        size_t b1 = b0 + 1;
        while (b1 < np && cpairs[b1].similarity == cpairs[b0].similarity) {
            ++b1;
        }
        /* The block's links in both directions, grouped by class. */
        size_t n_links = 0;
        for (size_t q = b0; q < b1; ++q) {
            const uint32_t c1 = cpairs[q].c1, c2 = cpairs[q].c2;
            const int possible = c1 == c2 ? avail[c1] >= 2 : (avail[c1] > 0 && avail[c2] > 0);
            if (!possible) {
                continue;
            }
            links[n_links++] = (link){c1, c2};
            if (c1 != c2) {
                links[n_links++] = (link){c2, c1};
            }
        }
        b0 = b1;
        if (n_links == 0) {
            continue;
        }
        qsort(links, n_links, sizeof *links, compare_links);
        /* Candidates for `a`: the unmerged MCs of the classes with a link, in order. */
        size_t n_gathered = 0;
        for (size_t l = 0; l < n_links; ++l) {
            const uint32_t c = links[l].from;
            cursor[links[l].to] = class_start[links[l].to];
            if (l > 0 && links[l - 1].from == c) {
                continue;
            }
            for (uint32_t t = class_start[c]; t < class_start[c + 1]; ++t) {
                if (!used[class_ids[t]]) {
                    gathered[n_gathered++] = class_ids[t];
                }
            }
        }
        qsort(gathered, n_gathered, sizeof *gathered, compare_u32);
        for (size_t g = 0; g < n_gathered && *n_out < max_merges; ++g) {
            const uint32_t a = gathered[g];
            if (used[a]) {
                continue;
            }
            /* The links of a's class: binary search for its first link. */
            const uint32_t ca = class_of[a];
            size_t lo = 0, hi = n_links;
            while (lo < hi) {
                const size_t mid = (lo + hi) / 2;
                if (links[mid].from < ca) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            uint32_t best = UINT32_MAX;
            for (size_t l = lo; l < n_links && links[l].from == ca; ++l) {
                const uint32_t c = links[l].to;
                uint32_t t = cursor[c];
                /* Entries at or below a are never needed again in this block: a grows. */
                while (t < class_start[c + 1] && (used[class_ids[t]] || class_ids[t] <= a)) {
                    ++t;
                }
                cursor[c] = t;
                if (t < class_start[c + 1] && class_ids[t] < best) {
                    best = class_ids[t];
                }
            }
            if (best == UINT32_MAX) {
                continue;
            }
            used[a] = used[best] = 1;
            avail[ca]--;
            avail[class_of[best]]--;
            first[*n_out] = a;
            second[*n_out] = best;
            ++*n_out;
        }
    }

cleanup:
    free(items);
    free(class_ids);
    free(class_start);
    free(class_of);
    free(avail);
    free(cursor);
    free(used);
    free(gathered);
    free(cpairs);
    free(links);
    return st;
}
