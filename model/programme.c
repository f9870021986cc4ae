#include "model/programme.h"

#include <stdlib.h>
#include <string.h>

#include "sim/grow.h"

const char *const csim_org_stage_names[CSIM_N_ORG_STAGES] = {"council", "association",
                                                             "cooperative", "dissolved"};

csim_status csim_programme_init(csim_programme *programme) {
    memset(programme, 0, sizeof *programme);
    return CSIM_OK;
}

void csim_programme_destroy(csim_programme *programme) {
    for (size_t w = 0; w < programme->n_wg; ++w) {
        free(programme->wg[w].members);
    }
    free(programme->mc);
    free(programme->wg);
    free(programme->org);
    memset(programme, 0, sizeof *programme);
}

/* Append one zeroed element to a growable array of `elem` bytes. */
static csim_status append_zeroed(void **array, size_t *n, size_t *capacity, size_t elem,
                                 const char *what, size_t *id) {
    if (csim_grow(array, capacity, *n + 1, elem) != CSIM_OK) {
        return CSIM_FAIL(CSIM_ENOMEM, "growing the %s table to %zu", what, *n + 1);
    }
    memset((char *) *array + *n * elem, 0, elem);
    *id = (*n)++;
    return CSIM_OK;
}

csim_status csim_programme_add_mc(csim_programme *programme, size_t *id) {
    const csim_status st = append_zeroed((void **) &programme->mc, &programme->n_mc,
                                         &programme->mc_capacity, sizeof(csim_mc), "MC", id);
    if (st == CSIM_OK) {
        programme->mc[*id].closed = -1;
        programme->mc[*id].merged_into = -1;
    }
    return st;
}

csim_status csim_programme_add_wg(csim_programme *programme, size_t *id) {
    const csim_status st = append_zeroed((void **) &programme->wg, &programme->n_wg,
                                         &programme->wg_capacity, sizeof(csim_wg), "WG", id);
    if (st == CSIM_OK) {
        programme->wg[*id].ended = -1;
    }
    return st;
}

csim_status csim_programme_add_org(csim_programme *programme, size_t *id) {
    const csim_status st =
        append_zeroed((void **) &programme->org, &programme->n_org, &programme->org_capacity,
                      sizeof(csim_org), "organisation", id);
    if (st == CSIM_OK) {
        programme->org[*id].ended = -1;
        programme->org[*id].parent = -1;
        programme->org[*id].cooperative = -1;
        programme->org[*id].mc = -1;
    }
    return st;
}

int csim_fields_same_industry(const double *industry, int a, int b) {
    return a == b || (industry[a] != 0.0 && industry[a] == industry[b]);
}
