#include "analysis/statistics/measures.h"

#include <math.h>
#include <string.h>

/* clang-format off */
static const csim_measure_desc table[] = {
    {"hub_dependence", false, "1", "share of SME revenue from LG or Samsung chains",
     {"hub_dependence"}},
    {"ties_sme_sme_share", false, "1", "share of collaboration ties with two SMEs at the ends",
     {"ties_sme_sme_share"}},
    {"knowledge_mean_sme", false, "1", "mean knowledge over fields and SMEs",
     {"knowledge_mean_sme"}},
    {"knowledge_sd_sme", false, "1", "s.d. across SMEs of their mean knowledge",
     {"knowledge_sd_sme"}},
    {"org_councils", false, "organisation", "firm-led councils alive", {"org_councils"}},
    {"org_associations", false, "organisation", "associations alive", {"org_associations"}},
    {"org_cooperatives", false, "organisation", "cooperatives alive", {"org_cooperatives"}},
    {"org_alive", false, "organisation", "firm-led organisations alive, all stages",
     {"org_councils", "org_associations", "org_cooperatives"}},
    {"seeded_ties", false, "tie", "programme-seeded ties alive (origin forum, broker or wg)",
     {"ties_by_origin[forum]", "ties_by_origin[broker]", "ties_by_origin[wg]"}},
    {"persistence_wg", true, "1",
     "WG participants, mean over year A / mean over year F-1 (F: funding end)",
     {"wg_participants"}},
    {"persistence_ties", true, "1",
     "collaboration ties other than supply and local ones, mean over year A / mean over "
     "year F-1",
     {"ties_collab", "ties_by_origin[supply]", "ties_by_origin[local]"}},
    {"seeded_ties_surviving", true, "1",
     "programme-seeded ties alive at the end of year A / at the end of year F-1",
     {"ties_by_origin[forum]", "ties_by_origin[broker]", "ties_by_origin[wg]"}},
};
/* clang-format on */
#define N_TABLE (sizeof table / sizeof table[0])

static const char *const defaults[] = {
    "hub_dependence",   "ties_sme_sme_share", "knowledge_mean_sme", "knowledge_sd_sme",
    "org_councils",     "org_associations",   "org_cooperatives",   "org_alive",
    "persistence_wg",   "persistence_ties",   "seeded_ties_surviving",
};

const csim_measure_desc *csim_measures_table(size_t *n) {
    *n = N_TABLE;
    return table;
}

const char *const *csim_measures_default(size_t *n) {
    *n = sizeof defaults / sizeof defaults[0];
    return defaults;
}

const csim_measure_desc *csim_measure_find(const char *name) {
    for (size_t m = 0; m < N_TABLE; ++m) {
        if (strcmp(table[m].name, name) == 0) {
            return &table[m];
        }
    }
    return NULL;
}

size_t csim_measure_needs(const char *name, const char **specs) {
    const csim_measure_desc *d = csim_measure_find(name);
    if (!d) {
        specs[0] = name;
        return 1;
    }
    size_t n = 0;
    while (n < CSIM_MEASURE_MAX_NEEDS && d->needs[n]) {
        specs[n] = d->needs[n];
        ++n;
    }
    return n;
}

/* The needs of `name` as series of `t`; fails naming the first one `t` lacks. */
static csim_status get_needs(const char *name, const csim_traj_series *t,
                             const double **series, size_t *n) {
    const char *specs[CSIM_MEASURE_MAX_NEEDS];
    *n = csim_measure_needs(name, specs);
    for (size_t s = 0; s < *n; ++s) {
        series[s] = csim_traj_series_get(t, specs[s]);
        if (!series[s]) {
            return CSIM_FAIL(CSIM_EINVAL, "%s: measure %s needs %s, which was not read",
                             t->path ? t->path : "(trajectory)", name, specs[s]);
        }
    }
    return CSIM_OK;
}

csim_status csim_measure_series(const char *name, const csim_traj_series *t, double *out) {
    const csim_measure_desc *d = csim_measure_find(name);
    const double *in[CSIM_MEASURE_MAX_NEEDS];
    size_t n = 0;
    if (d && d->persistence) {
        return CSIM_FAIL(CSIM_EINVAL, "%s is one value per run, not a series", name);
    }
    csim_status st = get_needs(name, t, in, &n);
    if (st != CSIM_OK) {
        return st;
    }
    /* Every built-in series is one observable or the sum of a few (counts by stage or by
     * origin), so a sum covers them all. */
    for (size_t k = 0; k < t->n_steps; ++k) {
        double v = 0.0;
        for (size_t s = 0; s < n; ++s) {
            v += in[s][k];
        }
        out[k] = v;
    }
    return CSIM_OK;
}

double csim_measure_year_mean(const double *series, size_t n_steps, int64_t first_month,
                              int year) {
    double sum = 0.0;
    size_t n = 0;
    for (size_t k = 0; k < n_steps; ++k) {
        const int64_t month = first_month + (int64_t) k;
        if (month >= 12 * (int64_t) year && month < 12 * (int64_t) year + 12 &&
            isfinite(series[k])) {
            sum += series[k];
            ++n;
        }
    }
    return n > 0 ? sum / (double) n : NAN;
}

double csim_measure_year_last(const double *series, size_t n_steps, int64_t first_month,
                              int year) {
    double v = NAN;
    for (size_t k = 0; k < n_steps; ++k) {
        const int64_t month = first_month + (int64_t) k;
        if (month >= 12 * (int64_t) year && month < 12 * (int64_t) year + 12) {
            v = series[k];
        }
    }
    return v;
}

static double ratio(double after, double before) {
    return isfinite(after) && isfinite(before) && before > 0.0 ? after / before : NAN;
}

csim_status csim_measure_persistence(const char *name, const csim_traj_series *t,
                                     int funding_end, int after_year, double *value) {
    const csim_measure_desc *d = csim_measure_find(name);
    const double *in[CSIM_MEASURE_MAX_NEEDS];
    size_t n = 0;
    *value = NAN;
    if (!d || !d->persistence) {
        return CSIM_FAIL(CSIM_EINVAL, "%s is not a persistence measure", name);
    }
    csim_status st = get_needs(name, t, in, &n);
    if (st != CSIM_OK) {
        return st;
    }
    const int before = funding_end - 1;
    const size_t len = t->n_steps;
    const int64_t m0 = t->first_month;
    if (strcmp(name, "persistence_wg") == 0) {
        *value = ratio(csim_measure_year_mean(in[0], len, m0, after_year),
                       csim_measure_year_mean(in[0], len, m0, before));
    } else if (strcmp(name, "persistence_ties") == 0) {
        /* Supply and everyday local ties exist without the programme: left out. */
        const double after = csim_measure_year_mean(in[0], len, m0, after_year) -
                             csim_measure_year_mean(in[1], len, m0, after_year) -
                             csim_measure_year_mean(in[2], len, m0, after_year);
        const double prior = csim_measure_year_mean(in[0], len, m0, before) -
                             csim_measure_year_mean(in[1], len, m0, before) -
                             csim_measure_year_mean(in[2], len, m0, before);
        *value = ratio(after, prior);
    } else {
        /* No seeded tie can form once the MCs are closed, so the ratio of stocks is the
         * share of the seeded ties of F-1 still alive in A (an upper bound if some MC
         * outlived the budget). */
        double after = 0.0, prior = 0.0;
        for (size_t s = 0; s < n; ++s) {
            after += csim_measure_year_last(in[s], len, m0, after_year);
            prior += csim_measure_year_last(in[s], len, m0, before);
        }
        *value = ratio(after, prior);
    }
    return CSIM_OK;
}
