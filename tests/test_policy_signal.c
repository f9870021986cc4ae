/*
 * The policy signal is real (issue: "the baseline yields self-organised organisations in
 * most replicates and no-policy in few"). Twenty replicates of each scenario, paired by
 * replicate number (common random numbers), run to December 2012.
 *
 * Statistical statement: let X be the number of replicates in which at least one
 * firm-led organisation was founded.
 *   baseline:  X >= 15 of 20. Under p <= 0.5, P(X >= 15) <= 0.021, so passing rejects
 *              "half or fewer" at the 2.1% level (one-sided exact binomial test).
 *   no-policy: X <= 1 of 20. Under p >= 0.2, P(X <= 1) <= 0.070, so passing rejects
 *              "a fifth or more" at the 7% level.
 * The levels are computed below with GSL and checked, so changing a threshold without
 * changing the claim fails the test.
 */
#include <criterion/criterion.h>

#include <gsl/gsl_cdf.h>

#include "model/sim.h"
#include "tests/support/model_fixture.h"
#include "tests/support/test_support.h"

enum { REPLICATES = 20, STEPS = 120 };

static void setup(void) {
    csim_test_quiet_libraries();
}

TestSuite(policy_signal, .init = setup, .timeout = 600);

/* Replicates (0..REPLICATES-1) of the scenario in which an organisation was founded. */
static int count_with_organisations(const char *scenario_file) {
    csim_params params = csim_test_scenario_params(scenario_file, NULL, 0);
    params.run_steps = STEPS;
    int count = 0;
    for (int r = 0; r < REPLICATES; ++r) {
        csim_sim *sim = csim_test_sim(&params, (uint64_t) r);
        csim_test_step_months(sim, STEPS);
        double year;
        bool present;
        cr_assert_eq(csim_sim_statistic(sim, "first_org_founding_year", &year, &present), CSIM_OK);
        count += present;
        csim_sim_free(&sim);
    }
    return count;
}

Test(policy_signal, the_thresholds_carry_the_stated_significance) {
    /* P(X >= 15 | n = 20, p = 0.5) and P(X <= 1 | n = 20, p = 0.2). */
    cr_assert_lt(gsl_cdf_binomial_Q(14, 0.5, REPLICATES), 0.021);
    cr_assert_lt(gsl_cdf_binomial_P(1, 0.2, REPLICATES), 0.070);
}

Test(policy_signal, baseline_founds_organisations_in_most_replicates_no_policy_in_few) {
    const int baseline = count_with_organisations("scenarios/gumi-baseline.yaml");
    const int no_policy = count_with_organisations("scenarios/no-policy.yaml");
    cr_log_info("replicates with an organisation: baseline %d/%d, no-policy %d/%d", baseline,
                REPLICATES, no_policy, REPLICATES);
    cr_assert_geq(baseline, 15, "baseline: %d of %d replicates founded an organisation", baseline, REPLICATES);
    cr_assert_leq(no_policy, 1, "no-policy: %d of %d replicates founded an organisation", no_policy, REPLICATES);
}
