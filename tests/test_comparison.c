/* Tests of analysis/statistics/comparison's monthly summaries, the numbers `clustersim plot` draws:
 * on a hand-built comparison (2 labels x 3 replicates x 2 months), the value band is the
 * mean of the label's replicates and the effect is scenario minus baseline, replicate by
 * replicate (its sign: a scenario above the baseline has a positive effect); the bands of
 * a count never reach below 0 and those of a share never above 1. */
#include <criterion/criterion.h>

#include <math.h>
#include <string.h>

#include "analysis/statistics/comparison.h"
#include "tests/support/test_support.h"

TestSuite(comparison, .init = csim_test_quiet_libraries);

/* Two labels (the baseline is label 0) x 3 replicates x `n_months` months of one measure
 * of kind `bounds`, 95% intervals. */
static void small_comparison(csim_comparison *c, size_t n_months, double *series,
                             csim_bounds *bounds) {
    memset(c, 0, sizeof *c);
    c->index.n_labels = 2;
    c->baseline = 0;
    c->level = 0.95;
    c->n_measures = 1;
    c->n_reps = 3;
    c->n_months = n_months;
    c->series = series;
    c->bounds = bounds;
}

Test(comparison, monthly_effect_is_scenario_minus_baseline) {
    /* [label][rep][measure][month]: baseline (label 0) and a scenario (label 1). */
    double series[2 * 3 * 1 * 2] = {
        1.0, 10.0, 2.0, 20.0, 3.0, 30.0, /* baseline: reps 0..2, months 0..1 */
        2.0, 10.0, 4.0, 17.0, 6.0, 29.0, /* scenario */
    };
    csim_bounds bounds = CSIM_BOUNDS_REAL;
    csim_comparison c;
    small_comparison(&c, 2, series, &bounds);
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

Test(comparison, bands_stay_inside_the_support) {
    /* A count: scenario 0, 0, 3 organisations. Mean 1, sd sqrt(3), t half-width
     * 4.3027 * sqrt(3) / sqrt(3) = 4.3027: the t interval [-3.30, 5.30] is cut at 0. */
    double counts[6] = {1.0, 1.0, 1.0, 0.0, 0.0, 3.0};
    csim_bounds kind = CSIM_BOUNDS_NONNEGATIVE;
    csim_comparison c;
    small_comparison(&c, 1, counts, &kind);
    csim_stats_summary value, diff;
    double work[6];
    csim_comparison_monthly(&c, 1, 0, &value, &diff, work);
    cr_assert_float_eq(value.mean, 1.0, 1e-15);
    cr_assert_eq(value.lo, 0.0, "a count's interval starts at %g, below 0", value.lo);
    cr_assert_float_eq(value.hi, 1.0 + 4.30265273, 1e-6, "the upper end is the t interval's");
    /* The effect of a count is not bounded below: -1, -1, +2 keeps its t interval. */
    cr_assert_float_eq(diff.lo, 0.0 - 4.30265273, 1e-6);

    /* A share: 0.9, 1.0, 1.0 is cut at 1 above; its effect against 0.1, 0.1, 0.1 (mean
     * +0.867, t interval up to about +1.01) at +1. */
    double shares[6] = {0.1, 0.1, 0.1, 0.9, 1.0, 1.0};
    kind = CSIM_BOUNDS_SHARE;
    small_comparison(&c, 1, shares, &kind);
    csim_comparison_monthly(&c, 1, 0, &value, &diff, work);
    cr_assert_eq(value.hi, 1.0, "a share's interval ends at %g, above 1", value.hi);
    cr_assert(value.lo > 0.0 && value.lo < value.mean);
    cr_assert(diff.hi <= 1.0 && diff.lo >= -1.0 && diff.lo < diff.mean);

    /* Unknown support: nothing is cut (the same counts reach below 0). */
    kind = CSIM_BOUNDS_REAL;
    small_comparison(&c, 1, counts, &kind);
    csim_comparison_monthly(&c, 1, 0, &value, &diff, work);
    cr_assert(value.lo < -3.0);
}
