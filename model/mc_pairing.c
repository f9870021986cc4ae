/*
 * Merge matching of MCs when the policy cuts their number (the rule and why it is
 * scale-free: mc_pairing_internal.h; docs/ODD.md 7.1).
 */
#include "model/mc_pairing_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

double csim_mc_pairing__similarity(const double *a, const double *b) {
    return csim_fields_cosine(a, b);
}

/* An active MC: its theme, district, office size, members and slot. */
typedef struct office {
    const double *theme;
    int main_field;
    uint32_t district;
    double base_capacity;
    size_t members;
    uint32_t slot;
} office;

/* Same theme (bytes) and district: one class. */
static int same_class(const office *a, const office *b) {
    return a->district == b->district &&
           memcmp(a->theme, b->theme, CSIM_N_FIELDS * sizeof *a->theme) == 0;
}

/* By theme (bytes), district, then smallest office, then fewest members, then slot: each
 * class lists its offices in the order rule 4 takes them. */
static int compare_offices(const void *x, const void *y) {
    const office *a = x, *b = y;
    const int c = memcmp(a->theme, b->theme, CSIM_N_FIELDS * sizeof *a->theme);
    if (c != 0) {
        return c;
    }
    if (a->district != b->district) {
        return a->district < b->district ? -1 : 1;
    }
    if (a->base_capacity != b->base_capacity) {
        return a->base_capacity < b->base_capacity ? -1 : 1;
    }
    if (a->members != b->members) {
        return a->members < b->members ? -1 : 1;
    }
    return a->slot < b->slot ? -1 : (a->slot > b->slot);
}

/* A class of equal themes in one district: its offices (a run of the sorted list) and
 * its lowest slot. */
typedef struct theme_class {
    size_t start, end, next; /* next: first office not yet merged this round */
    size_t count;            /* offices left once this round's chosen merges are made */
    uint32_t first_slot;
} theme_class;

static int compare_classes(const void *x, const void *y) {
    const theme_class *a = x, *b = y;
    return a->first_slot < b->first_slot ? -1 : (a->first_slot > b->first_slot);
}

csim_status csim_mc_pairing__greedy(const csim_programme *prog, const double *industry,
                                    size_t max_merges, uint32_t *first, uint32_t *second,
                                    size_t *n_out) {
    csim_status st = CSIM_OK;
    *n_out = 0;
    size_t active = 0;
    for (size_t m = 0; m < prog->n_mc; ++m) {
        active += prog->mc[m].active != 0;
    }
    if (active < 2 || max_merges == 0) {
        return CSIM_OK;
    }
    office *offices = malloc(active * sizeof *offices);
    theme_class *classes = malloc(active * sizeof *classes);
    double *sim = NULL;
    unsigned char *kin = NULL; /* rule 0: the two classes' offices are of one industry */
    size_t *district_left = NULL; /* offices per district once the chosen merges are made */
    if (!offices || !classes) {
        st = CSIM_FAIL(CSIM_ENOMEM, "merge matching of %zu MCs", active);
        goto cleanup;
    }
    size_t n = 0;
    for (size_t m = 0; m < prog->n_mc; ++m) {
        if (prog->mc[m].active) {
            offices[n++] = (office){prog->mc[m].theme, prog->mc[m].main_field, prog->mc[m].district,
                                    prog->mc[m].base_capacity, prog->mc[m].members,
                                    (uint32_t) m};
        }
    }
    uint32_t n_district = 1;
    for (size_t t = 0; t < n; ++t) {
        n_district = offices[t].district >= n_district ? offices[t].district + 1 : n_district;
    }
    district_left = calloc(n_district, sizeof *district_left);
    if (!district_left) {
        st = CSIM_FAIL(CSIM_ENOMEM, "merge matching of %u districts", n_district);
        goto cleanup;
    }
    for (size_t t = 0; t < n; ++t) {
        district_left[offices[t].district]++;
    }
    qsort(offices, n, sizeof *offices, compare_offices);
    size_t n_class = 0;
    for (size_t t = 0; t < n; ++t) {
        if (t == 0 || !same_class(&offices[t - 1], &offices[t])) {
            if (n_class > 0) {
                classes[n_class - 1].end = t;
            }
            classes[n_class++] = (theme_class){t, n, t, 0, offices[t].slot};
        }
        theme_class *c = &classes[n_class - 1];
        c->first_slot = offices[t].slot < c->first_slot ? offices[t].slot : c->first_slot;
    }
    classes[n_class - 1].end = n;
    for (size_t c = 0; c < n_class; ++c) {
        classes[c].count = classes[c].end - classes[c].start;
    }
    qsort(classes, n_class, sizeof *classes, compare_classes); /* earliest-opened first */
    sim = malloc(n_class * n_class * sizeof *sim);
    kin = malloc(n_class * n_class * sizeof *kin);
    if (!sim || !kin) {
        st = CSIM_FAIL(CSIM_ENOMEM, "merge matching of %zu MC themes", n_class);
        goto cleanup;
    }
    for (size_t c1 = 0; c1 < n_class; ++c1) {
        sim[c1 * n_class + c1] = 1.0; /* twins: the same theme */
        kin[c1 * n_class + c1] = 1;
        for (size_t c2 = c1 + 1; c2 < n_class; ++c2) {
            /* Offices of different districts never merge (NAN: no pair). */
            const office *o1 = &offices[classes[c1].start], *o2 = &offices[classes[c2].start];
            kin[c1 * n_class + c2] =
                (unsigned char) csim_fields_same_industry(industry, o1->main_field, o2->main_field);
            sim[c1 * n_class + c2] = o1->district == o2->district
                                         ? csim_mc_pairing__similarity(o1->theme, o2->theme)
                                         : NAN;
        }
    }
    while (*n_out < max_merges) {
        size_t b1 = SIZE_MAX, b2 = SIZE_MAX, best_dup = 0, best_members = 0, best_left = 0;
        double best_sim = -INFINITY;
        int best_kin = -1;
        for (size_t c1 = 0; c1 < n_class; ++c1) {
            const size_t left1 = classes[c1].end - classes[c1].next;
            for (size_t c2 = c1; c2 < n_class && left1 > 0; ++c2) {
                const size_t left2 = classes[c2].end - classes[c2].next;
                if (c1 == c2 ? left1 < 2 : left2 < 1) {
                    continue;
                }
                const double s = sim[c1 * n_class + c2];
                if (isnan(s)) {
                    continue;
                }
                const size_t left = district_left[offices[classes[c1].start].district];
                const size_t k1 = classes[c1].count, k2 = classes[c2].count;
                const size_t dup = c1 == c2 ? k1 : (k1 < k2 ? k1 : k2);
                /* The members of the two offices this pair would merge (rule 4's). */
                const size_t x = classes[c1].next, y = c1 == c2 ? x + 1 : classes[c2].next;
                const size_t members = offices[x].members + offices[y].members;
                /* Strictly better only: on a full tie the earlier (c1, c2) stays. */
                const int k = kin[c1 * n_class + c2];
                const int same_sim = k == best_kin && s == best_sim;
                const int same_left = same_sim && left == best_left;
                if (k > best_kin || (k == best_kin && s > best_sim) ||
                    (same_sim && left > best_left) || (same_left && dup > best_dup) ||
                    (same_left && dup == best_dup && members < best_members)) {
                    best_kin = k;
                    best_sim = s;
                    best_left = left;
                    best_dup = dup;
                    best_members = members;
                    b1 = c1;
                    b2 = c2;
                }
            }
        }
        if (b1 == SIZE_MAX) {
            break;
        }
        const uint32_t x = offices[classes[b1].next++].slot;
        const uint32_t y = offices[classes[b2].next++].slot;
        classes[b1].count--;
        district_left[offices[classes[b1].start].district]--;
        if (b2 != b1) {
            classes[b2].count--;
        }
        first[*n_out] = x < y ? x : y;
        second[*n_out] = x < y ? y : x;
        ++*n_out;
    }

cleanup:
    free(offices);
    free(classes);
    free(sim);
    free(kin);
    free(district_left);
    return st;
}
