/* Tests of analysis/statistics/stats: t quantiles against published table values, intervals computed
 * by hand, coverage of the 95% t interval on normal samples of known mean and variance,
 * and paired differences that recover an injected effect. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "analysis/statistics/stats.h"
#include "tests/support/test_support.h"

TestSuite(stats, .init = csim_test_quiet_libraries);

Test(stats, t_quantiles_match_the_tables) {
    /* Two-sided 95% critical values of Student's t (any statistics table). */
    cr_assert_float_eq(csim_stats_t_quantile(0.975, 1), 12.7062047, 1e-6);
    cr_assert_float_eq(csim_stats_t_quantile(0.975, 3), 3.1824463, 1e-6);
    cr_assert_float_eq(csim_stats_t_quantile(0.975, 9), 2.2621572, 1e-6);
    cr_assert_float_eq(csim_stats_t_quantile(0.975, 30), 2.0422725, 1e-6);
    cr_assert_float_eq(csim_stats_t_quantile(0.995, 4), 4.6040949, 1e-6);
    cr_assert(isnan(csim_stats_t_quantile(1.0, 3)) && isnan(csim_stats_t_quantile(0.5, 0)));
}

Test(stats, interval_of_a_small_sample_by_hand) {
    /* 1..5: mean 3, s = sqrt(2.5), half-width t(0.975, 4) s / sqrt(5) = 2.7764451 * 0.7071068. */
    const double x[5] = {1, 2, 3, 4, 5};
    const csim_stats_summary s = csim_stats_mean_ci(x, 5, 0.95);
    cr_assert_eq(s.n, 5);
    cr_assert_float_eq(s.mean, 3.0, 1e-15);
    cr_assert_float_eq(s.sd, sqrt(2.5), 1e-15);
    cr_assert_float_eq(s.half, 2.7764451 * sqrt(0.5), 1e-6);
    cr_assert_float_eq(s.lo, 3.0 - s.half, 1e-15);
    cr_assert_float_eq(s.hi, 3.0 + s.half, 1e-15);
}

Test(stats, missing_values_are_skipped_and_tiny_samples_have_no_interval) {
    const double x[4] = {NAN, 2.0, INFINITY, 4.0};
    const csim_stats_summary s = csim_stats_mean_ci(x, 4, 0.95);
    cr_assert_eq(s.n, 2);
    cr_assert_float_eq(s.mean, 3.0, 1e-15);
    const csim_stats_summary one = csim_stats_mean_ci(x + 1, 1, 0.95);
    cr_assert_eq(one.n, 1);
    cr_assert_float_eq(one.mean, 2.0, 1e-15);
    cr_assert(isnan(one.sd) && isnan(one.lo) && isnan(one.hi));
    const csim_stats_summary none = csim_stats_mean_ci(NULL, 0, 0.95);
    cr_assert(none.n == 0 && isnan(none.mean));
}

/* Coverage: 4000 samples of n = 4 (the replicates of a small ensemble) from N(10, 2^2);
 * the 95% t interval must contain 10 in 95% of them. Binomial s.d. of the rate is
 * sqrt(0.95 * 0.05 / 4000) = 0.0034, so +-0.014 is a 4-sigma band: a z interval (which
 * covers about 86% at n = 4) or a wrong degree of freedom fails it. */
Test(stats, t_interval_covers_the_true_mean_95_percent_of_the_time) {
    enum { DRAWS = 4000, N = 4 };
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 2024);
    size_t covered = 0;
    for (size_t k = 0; k < DRAWS; ++k) {
        double x[N];
        for (size_t i = 0; i < N; ++i) {
            x[i] = 10.0 + gsl_ran_gaussian(rng, 2.0);
        }
        const csim_stats_summary s = csim_stats_mean_ci(x, N, 0.95);
        covered += s.lo <= 10.0 && 10.0 <= s.hi;
    }
    gsl_rng_free(rng);
    const double rate = (double) covered / DRAWS;
    cr_assert(fabs(rate - 0.95) < 0.014, "coverage %.4f", rate);
}

Test(stats, paired_difference_recovers_an_injected_effect) {
    /* Common random numbers: y_r = x_r + effect, with x_r varying a lot between replicates.
     * The paired difference is exactly the effect with no spread; unpaired intervals would
     * be as wide as the replicates' spread. */
    const double effect = 0.37;
    double x[6], y[6];
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 99);
    for (size_t r = 0; r < 6; ++r) {
        x[r] = gsl_ran_gaussian(rng, 5.0);
        y[r] = x[r] + effect;
    }
    const csim_stats_summary d = csim_stats_paired_ci(y, x, 6, 0.95);
    cr_assert_eq(d.n, 6);
    cr_assert_float_eq(d.mean, effect, 1e-12);
    cr_assert_float_eq(d.sd, 0.0, 1e-12);
    cr_assert_float_eq(d.lo, effect, 1e-12);
    cr_assert_float_eq(d.hi, effect, 1e-12);

    /* With noise of its own (s.d. 0.1) the paired interval covers the effect at the
     * nominal rate, over 2000 ensembles of 5 pairs (same binomial band as above). */
    size_t covered = 0;
    for (size_t k = 0; k < 2000; ++k) {
        for (size_t r = 0; r < 5; ++r) {
            x[r] = gsl_ran_gaussian(rng, 5.0);
            y[r] = x[r] + effect + gsl_ran_gaussian(rng, 0.1);
        }
        const csim_stats_summary e = csim_stats_paired_ci(y, x, 5, 0.95);
        covered += e.lo <= effect && effect <= e.hi;
    }
    gsl_rng_free(rng);
    const double rate = (double) covered / 2000.0;
    cr_assert(fabs(rate - 0.95) < 0.02, "paired coverage %.4f", rate);
}

Test(stats, pairs_with_a_missing_member_are_left_out) {
    const double x[4] = {1.0, NAN, 3.0, 5.0}, y[4] = {0.5, 1.0, NAN, 4.5};
    const csim_stats_summary d = csim_stats_paired_ci(x, y, 4, 0.95);
    cr_assert_eq(d.n, 2);
    cr_assert_float_eq(d.mean, 0.5, 1e-15);
}

Test(stats, empirical_quantiles_interpolate_like_numpy) {
    const double x[5] = {4, NAN, 1, 3, 2};
    double work[5];
    cr_assert_float_eq(csim_stats_quantile(x, 5, 0.0, work), 1.0, 1e-15);
    cr_assert_float_eq(csim_stats_quantile(x, 5, 0.5, work), 2.5, 1e-15);
    cr_assert_float_eq(csim_stats_quantile(x, 5, 0.9, work), 3.7, 1e-12);
    cr_assert_float_eq(csim_stats_quantile(x, 5, 1.0, work), 4.0, 1e-15);
}
