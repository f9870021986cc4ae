/* Tests of analysis/comparison's monthly summaries, the numbers `clustersim plot` draws:
 * on a hand-built comparison (2 labels x 3 replicates x 2 months), the value band is the
 * mean of the label's replicates and the effect is scenario minus baseline, replicate by
 * replicate (its sign: a scenario above the baseline has a positive effect). */
#include <criterion/criterion.h>

#include <math.h>
#include <string.h>

#include "analysis/comparison.h"
#include "tests/support/test_support.h"

TestSuite(comparison, .init = csim_test_quiet_libraries);

Test(comparison, monthly_effect_is_scenario_minus_baseline) {
    /* [label][rep][measure][month]: baseline (label 0) and a scenario (label 1). */
    double series[2 * 3 * 1 * 2] = {
        1.0, 10.0, 2.0, 20.0, 3.0, 30.0, /* baseline: reps 0..2, months 0..1 */
        2.0, 10.0, 4.0, 17.0, 6.0, 29.0, /* scenario */
    };
    csim_comparison c;
    memset(&c, 0, sizeof c);
    c.index.n_labels = 2;
    c.baseline = 0;
    c.level = 0.95;
    c.n_measures = 1;
    c.n_reps = 3;
    c.n_months = 2;
    c.series = series;
    csim_stats_summary value[2], diff[2];
    double work[6];
    csim_comparison_monthly(&c, 1, 0, value, diff, work);
    /* Month 0: scenario 2, 4, 6 (mean 4); differences 1, 2, 3 (mean +2, sd 1). */
    cr_assert_float_eq(value[0].mean, 4.0, 1e-15);
    cr_assert_float_eq(diff[0].mean, 2.0, 1e-15, "effect %g: scenario minus baseline", diff[0].mean);
    cr_assert_float_eq(diff[0].sd, 1.0, 1e-15);
    cr_assert_eq(diff[0].n, 3);
    /* Month 1: differences 0, -3, -1 (mean -4/3): the sign follows the scenario. */
    cr_assert_float_eq(diff[1].mean, -4.0 / 3.0, 1e-15, "effect %g", diff[1].mean);
    cr_assert(diff[1].lo < diff[1].mean && diff[1].mean < diff[1].hi);
    /* The baseline against itself has no effect (n = 0, NaN). */
    csim_comparison_monthly(&c, 0, 0, value, diff, work);
    cr_assert_float_eq(value[1].mean, 20.0, 1e-15);
    cr_assert_eq(diff[0].n, 0);
    cr_assert(isnan(diff[0].mean));
}
