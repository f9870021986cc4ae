/* Tests of analysis/statistics/predictive and analysis/calibration/validation: the predictive check behind
 * `clustersim validate`. Known answers, computed by hand, for the CRPS of an empirical
 * distribution (checked against the integral definition), the interval score, the
 * type-7 quantiles, the rank with ties, the replicates-needed rule; the bootstrap error of
 * a quantile against its large-sample formula; and the report's coverage and scores. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "analysis/statistics/predictive.h"
#include "analysis/calibration/validation.h"
#include "tests/support/test_support.h"

TestSuite(predictive, .init = csim_test_quiet_libraries);

/* ---- CRPS ------------------------------------------------------------------------------- */

Test(predictive, crps_known_answers) {
    double work[8];
    /* x = {1,2,3,4}, y = 2.5: mean |x - y| = 1; sum_ij |x_i - x_j| = 20, / (2 * 16) = 0.625.
     * The integral of (F(z) - [z >= y])^2: 0.0625 + 0.125 + 0.125 + 0.0625 = 0.375. */
    const double a[4] = {4, 1, 3, 2};
    cr_assert_float_eq(csim_predictive_crps(a, 4, 2.5, work), 0.375, 1e-15);
    /* One value: the absolute error. */
    const double b[1] = {3};
    cr_assert_float_eq(csim_predictive_crps(b, 1, 5.0, work), 2.0, 1e-15);
    /* y above every value: x = {0, 1}, y = 3: 2.5 - 2/8 = 2.25 (integral: 0.25 + 2). */
    const double c[2] = {0, 1};
    cr_assert_float_eq(csim_predictive_crps(c, 2, 3.0, work), 2.25, 1e-15);
    /* Every value exact: 0. NaN entries are skipped. */
    const double d[4] = {7, NAN, 7, 7};
    cr_assert_float_eq(csim_predictive_crps(d, 4, 7.0, work), 0.0, 1e-15);
    const double none[2] = {NAN, NAN};
    cr_assert(isnan(csim_predictive_crps(none, 2, 1.0, work)));
}

/* The CRPS equals its definition, the integral of (F_n(z) - [z >= y])^2, on random data. */
Test(predictive, crps_equals_the_integral_definition) {
    double x[9], work[9];
    for (size_t i = 0; i < 9; ++i) {
        x[i] = sin(3.7 * (double) i + 1.0) * 10.0;
    }
    for (double y = -12.0; y <= 12.0; y += 1.7) {
        /* Exact integral of a step function: sum over the intervals between the sorted
         * points (and y), far enough out on both sides that the integrand is 0. */
        double pts[10];
        memcpy(pts, x, sizeof x);
        pts[9] = y;
        for (size_t i = 0; i < 10; ++i) {
            for (size_t j = i + 1; j < 10; ++j) {
                if (pts[j] < pts[i]) {
                    const double t = pts[i];
                    pts[i] = pts[j];
                    pts[j] = t;
                }
            }
        }
        double integral = 0.0;
        for (size_t i = 0; i + 1 < 10; ++i) {
            const double mid = 0.5 * (pts[i] + pts[i + 1]);
            double f = 0.0;
            for (size_t k = 0; k < 9; ++k) {
                f += x[k] <= mid ? 1.0 / 9.0 : 0.0;
            }
            const double h = (mid >= y ? 1.0 : 0.0) - f;
            integral += h * h * (pts[i + 1] - pts[i]);
        }
        cr_assert_float_eq(csim_predictive_crps(x, 9, y, work), integral, 1e-12, "y = %g", y);
    }
}

/* ---- interval score, quantiles, rank ---------------------------------------------------- */

Test(predictive, interval_score_known_answers) {
    cr_assert_float_eq(csim_predictive_interval_score(1, 3, 0.1, 2.0), 2.0, 1e-15, "inside: width");
    cr_assert_float_eq(csim_predictive_interval_score(1, 3, 0.1, 0.0), 22.0, 1e-12, "2 + 20 * 1");
    cr_assert_float_eq(csim_predictive_interval_score(1, 3, 0.1, 4.5), 32.0, 1e-12, "2 + 20 * 1.5");
    cr_assert_float_eq(csim_predictive_interval_score(1, 3, 0.1, 3.0), 2.0, 1e-15, "on the edge");
}

Test(predictive, summary_quantiles_rank_and_inside) {
    double x[20], work[60];
    for (size_t i = 0; i < 20; ++i) {
        x[i] = (double) (20 - i); /* 20 .. 1, unsorted on purpose */
    }
    csim_predictive p;
    cr_assert_eq(csim_predictive_summary(x, 20, 10.0, 0, 1, work, &p), CSIM_OK);
    cr_assert_eq(p.n, 20);
    cr_assert_float_eq(p.mean, 10.5, 1e-15);
    /* Type 7: h = p (n - 1); 0.05 * 19 = 0.95 -> 1.95; 0.95 * 19 = 18.05 -> 19.05. */
    cr_assert_float_eq(p.q_lo, 1.95, 1e-12);
    cr_assert_float_eq(p.q_hi, 19.05, 1e-12);
    cr_assert(p.inside);
    cr_assert_float_eq(p.rank, 1.0 + 9.0 + 0.5, 1e-15, "9 below, one tie");
    cr_assert_float_eq(p.mean_se, sqrt(35.0) / sqrt(20.0), 1e-12, "sd^2 = 35 for 1..20");
    cr_assert(isnan(p.q_lo_se), "no bootstrap asked for");
    cr_assert_float_eq(p.interval_score, 19.05 - 1.95, 1e-12);

    cr_assert_eq(csim_predictive_summary(x, 20, 0.5, 0, 1, work, &p), CSIM_OK);
    cr_assert_not(p.inside);
    cr_assert_float_eq(p.rank, 1.0, 0.0, "below every replicate");
    cr_assert_float_eq(p.interval_score, 17.1 + 20.0 * 1.45, 1e-12);
    cr_assert_eq(csim_predictive_summary(x, 20, 25.0, 0, 1, work, &p), CSIM_OK);
    cr_assert_float_eq(p.rank, 21.0, 0.0, "above every replicate: n + 1");

    const double ties[4] = {1, 2, 2, 3};
    cr_assert_eq(csim_predictive_summary(ties, 4, 2.0, 0, 1, work, &p), CSIM_OK);
    cr_assert_float_eq(p.rank, 3.0, 0.0, "1 + 1 below + 2 ties / 2");

    const double none[3] = {NAN, NAN, NAN};
    cr_assert_eq(csim_predictive_summary(none, 3, 1.0, 100, 1, work, &p), CSIM_OK);
    cr_assert_eq(p.n, 0);
    cr_assert_not(p.inside, "no replicate value: never inside");
    cr_assert(isnan(p.crps) && isnan(p.q_lo));
}

/* ---- Monte Carlo errors ------------------------------------------------------------------ */

/* The bootstrap error of the 5% quantile of a large sample against the large-sample
 * standard error sqrt(p (1 - p) / n) / f(q_p) (for the standard normal, f(q_0.05) =
 * phi(1.6449) = 0.10314). The sample is the normal quantiles at (i - 1/2) / n, so the
 * figure is deterministic; a 20% tolerance covers the bootstrap's own error at B = 2000
 * and the interpolation of the quantile. */
Test(predictive, bootstrap_quantile_error_matches_large_sample_formula) {
    enum { N = 400 };
    double x[N], work[3 * N];
    for (size_t i = 0; i < N; ++i) {
        x[i] = gsl_cdf_ugaussian_Pinv(((double) i + 0.5) / N);
    }
    csim_predictive p;
    cr_assert_eq(csim_predictive_summary(x, N, 0.0, 2000, 7, work, &p), CSIM_OK);
    const double expected = sqrt(0.05 * 0.95 / N) / 0.10314;
    cr_assert(fabs(p.q_lo_se - expected) < 0.2 * expected, "q05 se %g, expected about %g",
              p.q_lo_se, expected);
    cr_assert(fabs(p.q_hi_se - expected) < 0.2 * expected, "q95 se %g, expected about %g",
              p.q_hi_se, expected);
    /* The same call gives the same figure (seeded), and a constant sample has none. */
    csim_predictive again;
    cr_assert_eq(csim_predictive_summary(x, N, 0.0, 2000, 7, work, &again), CSIM_OK);
    cr_assert_eq(again.q_lo_se, p.q_lo_se);
    const double flat[5] = {3, 3, 3, 3, 3};
    cr_assert_eq(csim_predictive_summary(flat, 5, 3.0, 200, 7, work, &p), CSIM_OK);
    cr_assert_float_eq(p.q_lo_se, 0.0, 0.0);
    cr_assert_float_eq(p.mean_se, 0.0, 0.0);
}

Test(predictive, replicates_needed_known_answers) {
    cr_assert_eq(csim_predictive_replicates_needed(1.0, 2.0, 16, 10000), 16, "margin = 2 se: settled");
    cr_assert_eq(csim_predictive_replicates_needed(1.0, 1.0, 16, 10000), 64, "16 (2/1)^2");
    cr_assert_eq(csim_predictive_replicates_needed(1.0, 1.5, 10, 10000), 18, "ceil(10 (2/1.5)^2 = 17.8)");
    cr_assert_eq(csim_predictive_replicates_needed(0.0, 0.0, 16, 10000), 16, "no MC variation");
    cr_assert_eq(csim_predictive_replicates_needed(1.0, 0.0, 16, 10000), SIZE_MAX, "on the edge");
    cr_assert_eq(csim_predictive_replicates_needed(1.0, 0.01, 16, 10000), 10000, "capped");
}

/* ---- the report -------------------------------------------------------------------------- */

Test(predictive, report_coverage_scores_and_verdicts) {
    /* Three targets of 2010 with absolute tolerances only; the initializers leave every
     * other field zero. */
    csim_target items[3] = {
        {.name = (char *) "inside", .year = 2010, .value = 2.5, .tolerance = NAN,
         .tolerance_abs = 1.0},
        {.name = (char *) "outside", .year = 2010, .value = 10.0, .tolerance = NAN,
         .tolerance_abs = 2.0},
        {.name = (char *) "exact", .year = 2010, .value = 6.0, .tolerance = NAN,
         .tolerance_abs = 0.0},
    };
    const csim_targets ts = {3, items};
    /* values[k * 4 + r]: target k, replicate r. */
    const double values[12] = {1, 2, 3, 4, /* CRPS 0.375, scaled 0.375  */
                               1, 2, 3, 4, /* outside: 10 above q95     */
                               6, 6, 6, 6}; /* every replicate exact      */
    csim_validation v;
    cr_assert_eq(csim_validation_compute(&v, &ts, values, 4), CSIM_OK);
    cr_assert_eq(v.n_rows, 3);
    cr_assert_eq(v.inside, 2);
    cr_assert_float_eq(v.coverage, 2.0 / 3.0, 1e-15);
    cr_assert_eq(v.passed, 2, "means 2.5 (|0| <= 1), 2.5 (|7.5| > 2), 6 (exact)");
    cr_assert_float_eq(v.rows[0].crps_scaled, 0.375, 1e-15);
    /* Target 1: mean |x - 10| = 7.5, minus 0.625 = 6.875, over the tolerance 2. */
    cr_assert_float_eq(v.rows[1].crps_scaled, 6.875 / 2.0, 1e-12);
    cr_assert_float_eq(v.rows[2].crps_scaled, 0.0, 0.0, "exact: scale 0.5, score 0");
    cr_assert_float_eq(v.mean_crps_scaled, (0.375 + 3.4375 + 0.0) / 3.0, 1e-12);
    /* The exact target has no Monte Carlo variation: settled with 4 replicates. */
    cr_assert_eq(v.rows[2].needed, 4);
    /* Target 0: mean 2.5 = value, margin to the tolerance edge 1, se = sd/2 = 0.6455:
     * 1 < 2 se, so it asks for 4 (2 * 0.6455)^2 = 6.67 -> 7 at least. */
    cr_assert_geq(v.rows[0].needed, 7);
    cr_assert_gt(v.unsettled, 0);
    cr_assert_geq(v.suggested, v.rows[0].needed);
    csim_validation_destroy(&v);
    csim_validation_destroy(&v); /* idempotent */
}
