/* Tests of analysis/statistics/measures and the funding-end reader of analysis/readers/traj_series: the
 * endogenous-development measures on synthetic series whose answers are known by hand. */
#include <criterion/criterion.h>

#include <math.h>
#include <string.h>

#include "analysis/statistics/measures.h"
#include "analysis/readers/traj_series.h"
#include "tests/support/test_support.h"

TestSuite(measures, .init = csim_test_quiet_libraries);

Test(measures, funding_end_is_the_first_zero_after_money) {
    cr_assert_eq(csim_traj_funding_end("run.steps: 156\npolicy.budget: {2003: 0, 2005: 600, "
                                       "2009: 480, 2013: 0}\npolicy.x: 1\n"), 2013);
    cr_assert_eq(csim_traj_funding_end("policy.budget: {2003: 0, 2005: 600, 2009: 480}\n"), 0,
                 "a budget that never stops");
    cr_assert_eq(csim_traj_funding_end("policy.budget: {2003: 0}\n"), 0, "no programme");
    cr_assert_eq(csim_traj_funding_end("policy.budget: 600\n"), 0, "a constant budget");
    cr_assert_eq(csim_traj_funding_end("policy.budget_reference: 600\npolicy.budget: {2004: "
                                       "100, 2007: 0, 2010: 50}\n"), 2007,
                 "the key itself, not a longer one; the first stop counts");
    cr_assert_eq(csim_traj_funding_end("x.policy.budget: {2004: 1, 2006: 0}\n"), 0,
                 "only at the start of a line");
    cr_assert_eq(csim_traj_funding_end("policy.budget: {2004: abc}\n"), 0);
}

/* A trajectory of 36 months from January 2011 with the series the measures read. */
enum { MONTHS = 36 };
static const char *const specs[] = {
    "wg_participants",       "ties_collab",          "ties_by_origin[supply]",
    "ties_by_origin[forum]", "ties_by_origin[broker]", "ties_by_origin[wg]",
    "org_councils",          "org_associations",     "org_cooperatives",
    "ties_by_origin[local]"};
enum { N_SPECS = sizeof specs / sizeof specs[0] };
static double values[N_SPECS * MONTHS];

static csim_traj_series synthetic(void) {
    csim_traj_series t;
    memset(&t, 0, sizeof t);
    t.path = (char *) "synthetic";
    t.n_steps = MONTHS;
    t.first_month = 2011 * 12;
    t.n_series = N_SPECS;
    t.specs = (char **) specs;
    t.values = values;
    for (size_t k = 0; k < MONTHS; ++k) {
        const int year = 2011 + (int) (k / 12);
        values[0 * MONTHS + k] = year == 2012 ? 40.0 + (double) (k % 12) : 10.0; /* mean 45.5 in 2012 */
        values[1 * MONTHS + k] = year == 2012 ? 300.0 : 250.0;
        values[2 * MONTHS + k] = 100.0;                 /* supply ties, constant */
        values[3 * MONTHS + k] = year == 2013 ? 60.0 : 80.0;
        values[4 * MONTHS + k] = year == 2013 ? 10.0 : 20.0;
        values[5 * MONTHS + k] = (double) (MONTHS - k); /* December 2012: 25, 2013: 13 */
        values[6 * MONTHS + k] = 2.0;
        values[7 * MONTHS + k] = 1.0;
        values[8 * MONTHS + k] = k >= 30 ? 1.0 : 0.0;
        values[9 * MONTHS + k] = year == 2013 ? 30.0 : 50.0; /* everyday local ties */
    }
    return t;
}

Test(measures, year_means_and_december_values) {
    csim_traj_series t = synthetic();
    const double *wg = csim_traj_series_get(&t, "wg_participants");
    cr_assert_not_null(wg);
    cr_assert_float_eq(csim_measure_year_mean(wg, MONTHS, t.first_month, 2012), 45.5, 1e-12);
    cr_assert_float_eq(csim_measure_year_mean(wg, MONTHS, t.first_month, 2011), 10.0, 1e-12);
    cr_assert(isnan(csim_measure_year_mean(wg, MONTHS, t.first_month, 2015)), "not in the run");
    cr_assert_float_eq(csim_measure_year_last(wg, MONTHS, t.first_month, 2012), 51.0, 1e-12);
}

Test(measures, series_measures_sum_their_observables) {
    csim_traj_series t = synthetic();
    double out[MONTHS];
    cr_assert_eq(csim_measure_series("org_alive", &t, out), CSIM_OK, "%s", csim_last_error());
    cr_assert_float_eq(out[0], 3.0, 1e-12);
    cr_assert_float_eq(out[35], 4.0, 1e-12, "a cooperative from month 30");
    cr_assert_eq(csim_measure_series("seeded_ties", &t, out), CSIM_OK);
    cr_assert_float_eq(out[0], 80.0 + 20.0 + 36.0, 1e-12);
    cr_assert_eq(csim_measure_series("ties_collab", &t, out), CSIM_OK, "a plain observable");
    cr_assert_float_eq(out[12], 300.0, 1e-12);
    cr_assert_eq(csim_measure_series("persistence_wg", &t, out), CSIM_EINVAL,
                 "a persistence measure is not a series");
    cr_assert_eq(csim_measure_series("employment", &t, out), CSIM_EINVAL, "a need not read");
}

Test(measures, persistence_ratios_known_by_hand) {
    csim_traj_series t = synthetic();
    double v = 0.0;
    /* Funding ends in 2013: F-1 = 2012, A = 2013. */
    cr_assert_eq(csim_measure_persistence("persistence_wg", &t, 2013, 2013, &v), CSIM_OK);
    cr_assert_float_eq(v, 10.0 / 45.5, 1e-12);
    cr_assert_eq(csim_measure_persistence("persistence_ties", &t, 2013, 2013, &v), CSIM_OK);
    cr_assert_float_eq(v, (250.0 - 100.0 - 30.0) / (300.0 - 100.0 - 50.0), 1e-12,
                       "supply and local ties left out");
    cr_assert_eq(csim_measure_persistence("seeded_ties_surviving", &t, 2013, 2013, &v), CSIM_OK);
    cr_assert_float_eq(v, (60.0 + 10.0 + 1.0) / (80.0 + 20.0 + 13.0), 1e-12,
                       "December 2013 over December 2012");
    /* Years outside the run: undefined, not an error. */
    cr_assert_eq(csim_measure_persistence("persistence_wg", &t, 2011, 2014, &v), CSIM_OK);
    cr_assert(isnan(v));
    cr_assert_eq(csim_measure_persistence("hub_dependence", &t, 2013, 2013, &v), CSIM_EINVAL);
}

Test(measures, zero_activity_before_the_stop_is_undefined) {
    csim_traj_series t = synthetic();
    for (size_t k = 0; k < MONTHS; ++k) {
        values[k] = 0.0; /* no WG ever */
    }
    double v = 0.0;
    cr_assert_eq(csim_measure_persistence("persistence_wg", &t, 2013, 2013, &v), CSIM_OK);
    cr_assert(isnan(v), "0/0 is not a persistence of 0 or 1");
}

Test(measures, table_and_defaults_are_consistent) {
    size_t n = 0, n_def = 0;
    const csim_measure_desc *table = csim_measures_table(&n);
    const char *const *def = csim_measures_default(&n_def);
    cr_assert(n >= n_def && n_def > 0);
    for (size_t k = 0; k < n_def; ++k) {
        cr_assert_not_null(csim_measure_find(def[k]), "default %s is in the table", def[k]);
    }
    for (size_t k = 0; k < n; ++k) {
        const char *needs[CSIM_MEASURE_MAX_NEEDS];
        cr_assert(csim_measure_needs(table[k].name, needs) >= 1, "%s reads something",
                  table[k].name);
    }
    const char *needs[CSIM_MEASURE_MAX_NEEDS];
    cr_assert_eq(csim_measure_needs("employment", needs), 1);
    cr_assert_str_eq(needs[0], "employment");
}
