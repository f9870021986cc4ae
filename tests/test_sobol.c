/* Tests of analysis/statistics/sobol: first-order and total Sobol indices of the Ishigami function
 * (a = 7, b = 0.1) against their analytic values, on the Saltelli design that `clustersim
 * sweep` runs (scenarios/design.h), with reproducible bootstrap intervals. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/statistics/sobol.h"
#include "scenarios/design.h"
#include "tests/support/test_support.h"

TestSuite(sobol, .init = csim_test_quiet_libraries);

static const double A = 7.0, B = 0.1;
static const double PI = 3.14159265358979323846; /* PI is not in strict C11 */

static double ishigami(const double x[3]) {
    return sin(x[0]) + A * sin(x[1]) * sin(x[1]) + B * pow(x[2], 4) * sin(x[0]);
}

/* Analytic indices (Ishigami & Homma 1990; Sobol' & Levitan 1999): partial variances
 * V1 = (1 + b pi^4 / 5)^2 / 2, V2 = a^2 / 8, V3 = 0, V13 = 8 b^2 pi^8 / 225. */
static void analytic(double s1[3], double st[3]) {
    const double pi4 = pow(PI, 4), pi8 = pow(PI, 8);
    const double v1 = 0.5 * pow(1.0 + B * pi4 / 5.0, 2);
    const double v2 = A * A / 8.0;
    const double v13 = 8.0 * B * B * pi8 / 225.0;
    const double v = v1 + v2 + v13;
    s1[0] = v1 / v;
    s1[1] = v2 / v;
    s1[2] = 0.0;
    st[0] = (v1 + v13) / v;
    st[1] = v2 / v;
    st[2] = v13 / v;
}

/* Evaluate Ishigami on a Saltelli design of n base samples (rows A, AB^1..AB^3, B per
 * sample, coordinates mapped from [0, 1] to [-pi, pi]) and sort the outputs into the
 * estimator's arrays: f_a[n], f_b[n], f_ab[3 n]. */
static void saltelli_outputs(size_t n, double *f_a, double *f_b, double *f_ab) {
    csim_design d;
    cr_assert_eq(csim_design_saltelli(&d, n, 3), CSIM_OK, "%s", csim_last_error());
    for (size_t p = 0; p < d.n_points; ++p) {
        double x[3];
        for (size_t j = 0; j < 3; ++j) {
            x[j] = -PI + 2.0 * PI * d.u[p * 3 + j];
        }
        size_t base = 0, block = 0;
        csim_design_saltelli_row(3, p, &base, &block);
        const double y = ishigami(x);
        if (block == 0) {
            f_a[base] = y;
        } else if (block == 4) {
            f_b[base] = y;
        } else {
            f_ab[(block - 1) * n + base] = y;
        }
    }
    csim_design_destroy(&d);
}

/* Tolerance 0.005 (absolute) with N = 8192 base samples of the Sobol sequence (40960 model
 * runs): the errors measured at this N are below 0.0005, so 0.005 leaves room for another
 * libm without hiding a wrong formula (swapping A and B, or first-order and total, moves
 * an index by 0.1 or more). */
Test(sobol, ishigami_indices_match_the_analytic_values) {
    enum { N = 8192 };
    double *f_a = malloc(N * sizeof *f_a), *f_b = malloc(N * sizeof *f_b);
    double *f_ab = malloc(3 * N * sizeof *f_ab);
    cr_assert(f_a && f_b && f_ab);
    saltelli_outputs(N, f_a, f_b, f_ab);
    double s1[3], st[3];
    analytic(s1, st);
    cr_assert_float_eq(s1[0], 0.3139, 1e-4, "analytic S1 = %g", s1[0]);
    cr_assert_float_eq(st[2], 0.2437, 1e-4, "analytic ST3 = %g", st[2]);

    csim_sobol_result r;
    cr_assert_eq(csim_sobol_indices(f_a, f_b, f_ab, N, 3, 200, 0.95, 42, &r), CSIM_OK, "%s",
                 csim_last_error());
    cr_assert_eq(r.n, N);
    cr_assert_eq(r.d, 3);
    for (size_t i = 0; i < 3; ++i) {
        cr_expect_float_eq(r.s1[i], s1[i], 0.005, "S%zu = %.4f, analytic %.4f", i + 1, r.s1[i],
                           s1[i]);
        cr_expect_float_eq(r.st[i], st[i], 0.005, "ST%zu = %.4f, analytic %.4f", i + 1, r.st[i],
                           st[i]);
        cr_expect(r.s1_lo[i] <= r.s1[i] && r.s1[i] <= r.s1_hi[i], "S%zu inside its interval",
                  i + 1);
        cr_expect(r.st_lo[i] <= r.st[i] && r.st[i] <= r.st_hi[i], "ST%zu inside its interval",
                  i + 1);
        /* The bootstrap intervals are narrow at this N, yet of positive width. */
        cr_expect(r.st_hi[i] - r.st_lo[i] > 0.0 && r.st_hi[i] - r.st_lo[i] < 0.1,
                  "ST%zu interval [%g, %g]", i + 1, r.st_lo[i], r.st_hi[i]);
    }
    csim_sobol_result_destroy(&r);
    free(f_a);
    free(f_b);
    free(f_ab);
}

Test(sobol, bootstrap_is_reproducible_and_depends_on_the_seed) {
    enum { N = 256 };
    double f_a[N], f_b[N], f_ab[3 * N];
    saltelli_outputs(N, f_a, f_b, f_ab);
    csim_sobol_result r1, r2, r3;
    cr_assert_eq(csim_sobol_indices(f_a, f_b, f_ab, N, 3, 300, 0.95, 7, &r1), CSIM_OK);
    cr_assert_eq(csim_sobol_indices(f_a, f_b, f_ab, N, 3, 300, 0.95, 7, &r2), CSIM_OK);
    cr_assert_eq(csim_sobol_indices(f_a, f_b, f_ab, N, 3, 300, 0.95, 8, &r3), CSIM_OK);
    cr_assert_arr_eq(r1.s1_lo, r2.s1_lo, 3 * sizeof(double));
    cr_assert_arr_eq(r1.st_hi, r2.st_hi, 3 * sizeof(double));
    cr_assert_arr_eq(r1.s1, r3.s1, 3 * sizeof(double), "point estimates do not resample");
    cr_assert(memcmp(r1.s1_lo, r3.s1_lo, 3 * sizeof(double)) != 0, "another seed, other intervals");
    cr_assert_eq(r1.n_boot, 300);
    csim_sobol_result_destroy(&r1);
    csim_sobol_result_destroy(&r2);
    csim_sobol_result_destroy(&r3);
}

Test(sobol, additive_function_has_equal_first_order_and_total_indices) {
    /* f = 2 x1 + x2 with x uniform: V1 : V2 = 4 : 1, no interactions, so S = ST = (0.8, 0.2). */
    enum { N = 4096 };
    double *f_a = malloc(N * sizeof *f_a), *f_b = malloc(N * sizeof *f_b);
    double *f_ab = malloc(2 * N * sizeof *f_ab);
    csim_design d;
    cr_assert_eq(csim_design_saltelli(&d, N, 2), CSIM_OK);
    for (size_t p = 0; p < d.n_points; ++p) {
        size_t base = 0, block = 0;
        csim_design_saltelli_row(2, p, &base, &block);
        const double y = 2.0 * d.u[p * 2] + d.u[p * 2 + 1];
        double *dst = block == 0 ? &f_a[base] : block == 3 ? &f_b[base] : &f_ab[(block - 1) * N + base];
        *dst = y;
    }
    csim_design_destroy(&d);
    csim_sobol_result r;
    cr_assert_eq(csim_sobol_indices(f_a, f_b, f_ab, N, 2, 0, 0.95, 1, &r), CSIM_OK);
    cr_expect_float_eq(r.s1[0], 0.8, 0.01, "S1 = %g", r.s1[0]);
    cr_expect_float_eq(r.s1[1], 0.2, 0.01, "S2 = %g", r.s1[1]);
    cr_expect_float_eq(r.st[0], 0.8, 0.01, "ST1 = %g", r.st[0]);
    cr_expect_float_eq(r.st[1], 0.2, 0.01, "ST2 = %g", r.st[1]);
    cr_expect(isnan(r.s1_lo[0]) && r.n_boot == 0, "no bootstrap, no interval");
    csim_sobol_result_destroy(&r);
    free(f_a);
    free(f_b);
    free(f_ab);
}

Test(sobol, samples_with_missing_outputs_are_dropped_and_bad_input_refused) {
    double f_a[4] = {1, 2, NAN, 4}, f_b[4] = {2, 1, 3, 3}, f_ab[4] = {1.5, 2, 3, 3.5};
    csim_sobol_result r;
    cr_assert_eq(csim_sobol_indices(f_a, f_b, f_ab, 4, 1, 10, 0.95, 1, &r), CSIM_OK);
    cr_assert_eq(r.n, 3, "the sample with a NaN is left out");
    csim_sobol_result_destroy(&r);
    double nan4[4] = {NAN, NAN, NAN, 1};
    cr_assert_eq(csim_sobol_indices(nan4, f_b, f_ab, 4, 1, 10, 0.95, 1, &r), CSIM_EINVAL);
    cr_assert(strstr(csim_last_error(), "only 1 of 4"), "%s", csim_last_error());
    cr_assert_eq(csim_sobol_indices(f_a, f_b, f_ab, 1, 1, 10, 0.95, 1, &r), CSIM_EINVAL);
    cr_assert_eq(csim_sobol_indices(f_a, f_b, f_ab, 4, 1, 10, 1.5, 1, &r), CSIM_EINVAL);
    cr_assert_null(r.s1, "a failed call leaves the result destroyed");
    /* A constant output has no variance to apportion. */
    double c[4] = {1, 1, 1, 1};
    cr_assert_eq(csim_sobol_indices(c, c, c, 4, 1, 0, 0.95, 1, &r), CSIM_OK);
    cr_assert(isnan(r.s1[0]) && isnan(r.st[0]));
    csim_sobol_result_destroy(&r);
}
