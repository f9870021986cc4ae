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

/* Append a copy of `blank` (`elem` bytes: a new element's values) to a growable array. */
static csim_status append_blank(void **array, size_t *n, size_t *capacity, size_t elem,
                                const void *blank, const char *what, size_t *id) {
    if (csim_grow(array, capacity, *n + 1, elem) != CSIM_OK) {
        return CSIM_FAIL(CSIM_ENOMEM, "growing the %s table to %zu", what, *n + 1);
    }
    memcpy((char *) *array + *n * elem, blank, elem);
    *id = (*n)++;
    return CSIM_OK;
}

/* A new body: zero everywhere but the "none" (-1) of the steps and links it does not
 * have yet. */
static const csim_mc blank_mc = {.closed = -1, .merged_into = -1};
static const csim_wg blank_wg = {.ended = -1};
static const csim_org blank_org = {
    .ended = -1, .incorporated = -1, .parent = -1, .cooperative = -1, .mc = -1};

csim_status csim_programme_add_mc(csim_programme *programme, size_t *id) {
    return append_blank((void **) &programme->mc, &programme->n_mc, &programme->mc_capacity,
                        sizeof blank_mc, &blank_mc, "MC", id);
}

csim_status csim_programme_add_wg(csim_programme *programme, size_t *id) {
    return append_blank((void **) &programme->wg, &programme->n_wg, &programme->wg_capacity,
                        sizeof blank_wg, &blank_wg, "WG", id);
}

csim_status csim_programme_add_org(csim_programme *programme, size_t *id) {
    return append_blank((void **) &programme->org, &programme->n_org, &programme->org_capacity,
                        sizeof blank_org, &blank_org, "organisation", id);
}

int csim_fields_same_industry(const double *industry, int a, int b) {
    return a == b || (industry[a] != 0.0 && industry[a] == industry[b]);
}
