/* Tests of the Morris screening: the design (scenarios/design.c, csim_design_morris) is a
 * set of one-at-a-time trajectories on the level grid, and the elementary-effects analysis
 * (analysis/statistics/morris.c) gives known answers: on a linear function every elementary effect is
 * its coefficient exactly (mu = coefficient, mu* = |coefficient|, sigma = 0, the zero ones
 * flagged), and on a hand-made design for f = u1 u2 - 3 u1 the effects computed by hand. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/statistics/morris.h"
#include "scenarios/design.h"
#include "tests/support/test_support.h"

TestSuite(morris, .init = csim_test_quiet_libraries);

/* ---- the design --------------------------------------------------------------------------- */

Test(morris, design_is_one_at_a_time_trajectories_on_the_level_grid) {
    const size_t r = 25, d = 6, p = 4;
    csim_design des;
    cr_assert_eq(csim_design_morris(&des, r, d, p, 42), CSIM_OK, "%s", csim_last_error());
    cr_assert_eq(des.n_points, r * (d + 1));
    cr_assert_eq(des.n_dims, d);
    cr_assert_eq(des.kind, CSIM_DESIGN_MORRIS);
    const double delta = csim_design_morris_delta(p);
    cr_assert_float_eq(delta, 2.0 / 3.0, 1e-15);
    size_t ups = 0, downs = 0;
    for (size_t t = 0; t < r; ++t) {
        bool moved[6] = {false};
        for (size_t k = 0; k <= d; ++k) {
            const double *row = des.u + (t * (d + 1) + k) * d;
            for (size_t j = 0; j < d; ++j) {
                const double level = row[j] * (double) (p - 1);
                cr_assert(row[j] >= 0.0 && row[j] <= 1.0, "inside the unit cube");
                cr_assert_float_eq(level, round(level), 1e-12, "on the level grid");
            }
            if (k == d) {
                break;
            }
            const double *next = row + d;
            size_t changed = 0, which = 0;
            for (size_t j = 0; j < d; ++j) {
                if (next[j] != row[j]) {
                    changed++;
                    which = j;
                }
            }
            cr_assert_eq(changed, 1, "trajectory %zu step %zu moves one column", t, k);
            cr_assert_not(moved[which], "each column moves once per trajectory");
            moved[which] = true;
            const double step = next[which] - row[which];
            cr_assert_float_eq(fabs(step), delta, 1e-12, "by Delta");
            ups += step > 0;
            downs += step < 0;
        }
    }
    /* Directions are drawn with probability 1/2 each: 150 steps, both well represented
     * (P(fewer than 45 of either) < 1e-6). */
    cr_assert_geq(ups, 45);
    cr_assert_geq(downs, 45);
    csim_design again;
    cr_assert_eq(csim_design_morris(&again, r, d, p, 42), CSIM_OK);
    cr_assert_eq(memcmp(again.u, des.u, r * (d + 1) * d * sizeof *des.u), 0, "same seed, same design");
    csim_design other;
    cr_assert_eq(csim_design_morris(&other, r, d, p, 43), CSIM_OK);
    cr_assert_neq(memcmp(other.u, des.u, r * (d + 1) * d * sizeof *des.u), 0, "another seed, another");
    csim_design_destroy(&des);
    csim_design_destroy(&again);
    csim_design_destroy(&other);
}

Test(morris, design_refuses_odd_or_too_few_levels) {
    csim_design des;
    cr_assert_eq(csim_design_morris(&des, 4, 3, 3, 1), CSIM_EINVAL);
    cr_assert(strstr(csim_last_error(), "even") != NULL, "%s", csim_last_error());
    cr_assert_eq(csim_design_morris(&des, 4, 3, 0, 1), CSIM_EINVAL);
    cr_assert_eq(csim_design_morris(&des, 0, 3, 4, 1), CSIM_EINVAL);
    cr_assert_eq(csim_design_morris(&des, 4, 0, 4, 1), CSIM_EINVAL);
    cr_assert_null(des.u, "left destroyed");
    /* Two levels: the only steps are 0 <-> 1. */
    cr_assert_eq(csim_design_morris(&des, 3, 2, 2, 1), CSIM_OK);
    for (size_t k = 0; k < des.n_points * des.n_dims; ++k) {
        cr_assert(des.u[k] == 0.0 || des.u[k] == 1.0);
    }
    csim_design_destroy(&des);
}

/* ---- elementary effects ------------------------------------------------------------------ */

static double *outputs(const csim_design *des, double (*f)(const double *, size_t)) {
    double *y = malloc(des->n_points * sizeof *y);
    cr_assert_not_null(y);
    for (size_t k = 0; k < des->n_points; ++k) {
        y[k] = f(des->u + k * des->n_dims, des->n_dims);
    }
    return y;
}

static const double coef[8] = {5.0, -3.0, 0.0, 1.0, 0.5, 0.0, 2.0, -0.1};

static double linear(const double *u, size_t d) {
    double s = 10.0;
    for (size_t j = 0; j < d; ++j) {
        s += coef[j] * u[j];
    }
    return s;
}

Test(morris, linear_function_effects_are_its_coefficients) {
    const size_t r = 12, d = 8;
    csim_design des;
    cr_assert_eq(csim_design_morris(&des, r, d, 4, 7), CSIM_OK);
    double *y = outputs(&des, linear);
    csim_morris_result res;
    cr_assert_eq(csim_morris_effects(des.u, y, r, d, 500, 0.95, 3, &res), CSIM_OK, "%s",
                 csim_last_error());
    for (size_t j = 0; j < d; ++j) {
        cr_assert_eq(res.n[j], r);
        cr_assert_float_eq(res.mu[j], coef[j], 1e-12, "mu of %zu", j);
        cr_assert_float_eq(res.mu_star[j], fabs(coef[j]), 1e-12, "mu* of %zu", j);
        cr_assert_float_eq(res.sigma[j], 0.0, 1e-12, "sigma of %zu: every effect the same", j);
        /* Every resample has the same effects: the intervals collapse on the value. */
        cr_assert_float_eq(res.mu_star_lo[j], fabs(coef[j]), 1e-12);
        cr_assert_float_eq(res.mu_star_hi[j], fabs(coef[j]), 1e-12);
        cr_assert_float_eq(res.mu_lo[j], coef[j], 1e-12);
    }
    /* No effect: 0, 0 and |-0.1| < 0.05 * 5; 0.5 is 10% of the largest: it has one. */
    const bool want[8] = {false, false, true, false, false, true, false, true};
    for (size_t j = 0; j < d; ++j) {
        cr_assert_eq(res.no_effect[j], want[j], "no-effect flag of %zu", j);
    }
    cr_assert_eq(res.n_boot, 500);
    csim_morris_result_destroy(&res);
    csim_morris_result_destroy(&res); /* idempotent */
    free(y);
    csim_design_destroy(&des);
}

/* Hand-made trajectories, p = 4 (Delta = 2/3), f = u1 u2 - 3 u1:
 *   T1: (0, 1/3) -> (2/3, 1/3) -> (2/3, 1):   EE1 = u2 - 3 = -8/3, EE2 = u1 = 2/3
 *   T2: (1, 1) -> (1, 1/3) -> (1/3, 1/3):     EE2 = u1 = 1,        EE1 = u2 - 3 = -8/3
 * so mu1 = -8/3, mu*1 = 8/3, sigma1 = 0; mu2 = mu*2 = 5/6, sigma2 = (1/3)/sqrt(2). */
Test(morris, hand_made_nonlinear_known_answers) {
    const double u[12] = {0, 1.0 / 3, 2.0 / 3, 1.0 / 3, 2.0 / 3, 1,
                          1, 1,        1,       1.0 / 3, 1.0 / 3, 1.0 / 3};
    double y[6];
    for (size_t k = 0; k < 6; ++k) {
        y[k] = u[2 * k] * u[2 * k + 1] - 3.0 * u[2 * k];
    }
    csim_morris_result res;
    cr_assert_eq(csim_morris_effects(u, y, 2, 2, 0, 0.95, 1, &res), CSIM_OK, "%s", csim_last_error());
    cr_assert_float_eq(res.mu[0], -8.0 / 3.0, 1e-12);
    cr_assert_float_eq(res.mu_star[0], 8.0 / 3.0, 1e-12);
    cr_assert_float_eq(res.sigma[0], 0.0, 1e-12);
    cr_assert_float_eq(res.mu[1], 5.0 / 6.0, 1e-12);
    cr_assert_float_eq(res.mu_star[1], 5.0 / 6.0, 1e-12);
    cr_assert_float_eq(res.sigma[1], (1.0 / 3.0) / sqrt(2.0), 1e-12);
    cr_assert(isnan(res.mu_star_lo[0]), "no bootstrap, no interval");
    cr_assert_not(res.no_effect[1], "5/6 is 31% of 8/3");
    csim_morris_result_destroy(&res);

    /* A missing output drops the two effects that use it, nothing else. */
    y[4] = NAN; /* T2's middle point */
    cr_assert_eq(csim_morris_effects(u, y, 2, 2, 0, 0.95, 1, &res), CSIM_OK);
    cr_assert_eq(res.n[0], 1);
    cr_assert_eq(res.n[1], 1);
    cr_assert_float_eq(res.mu[1], 2.0 / 3.0, 1e-12);
    csim_morris_result_destroy(&res);
}

/* A quadratic with an interaction on the real design: f = 4 (u1 - 1/2)^2 + u2 u3. Each
 * effect computed from the design rows directly (the divided difference of f) must equal
 * what the analysis reports, and u1's effects change sign (mu near 0, mu* large). */
static double quadratic(const double *u, size_t d) {
    (void) d;
    return 4.0 * (u[0] - 0.5) * (u[0] - 0.5) + u[1] * u[2];
}

Test(morris, nonlinear_function_matches_divided_differences) {
    const size_t r = 40, d = 4;
    csim_design des;
    cr_assert_eq(csim_design_morris(&des, r, d, 4, 11), CSIM_OK);
    double *y = outputs(&des, quadratic);
    double sum[4] = {0}, sum_abs[4] = {0};
    for (size_t t = 0; t < r; ++t) {
        for (size_t k = 0; k < d; ++k) {
            const double *a = des.u + (t * (d + 1) + k) * d, *b = a + d;
            for (size_t j = 0; j < d; ++j) {
                if (a[j] != b[j]) {
                    const double e = (quadratic(b, d) - quadratic(a, d)) / (b[j] - a[j]);
                    sum[j] += e;
                    sum_abs[j] += fabs(e);
                }
            }
        }
    }
    csim_morris_result res;
    cr_assert_eq(csim_morris_effects(des.u, y, r, d, 200, 0.95, 5, &res), CSIM_OK);
    for (size_t j = 0; j < d; ++j) {
        cr_assert_float_eq(res.mu[j], sum[j] / (double) r, 1e-12);
        cr_assert_float_eq(res.mu_star[j], sum_abs[j] / (double) r, 1e-12);
        cr_assert(res.mu_star_lo[j] <= res.mu_star[j] + 1e-12 && res.mu_star[j] <= res.mu_star_hi[j] + 1e-12);
    }
    /* u1: effects +-4/3 (pairs 0 <-> 2/3 and 1/3 <-> 1 straddle 1/2 symmetrically) */
    cr_assert_float_eq(res.mu_star[0], 4.0 / 3.0, 1e-12);
    cr_assert_lt(fabs(res.mu[0]), res.mu_star[0], "signs cancel in mu");
    cr_assert_gt(res.sigma[0], 0.5, "a non-linear input has a spread");
    cr_assert(res.no_effect[3], "u4 does not enter f");
    cr_assert_float_eq(res.mu_star[3], 0.0, 0.0);
    csim_morris_result_destroy(&res);
    free(y);
    csim_design_destroy(&des);
}

Test(morris, refuses_a_design_that_is_not_trajectories) {
    const double u[6] = {0, 0, 1, 1, 1, 0}; /* step 1 moves both columns */
    const double y[3] = {0, 1, 2};
    csim_morris_result res;
    cr_assert_eq(csim_morris_effects(u, y, 1, 2, 0, 0.95, 1, &res), CSIM_EINVAL);
    cr_assert(strstr(csim_last_error(), "rows 0 and 1") != NULL, "%s", csim_last_error());
    cr_assert_null(res.mu);
    cr_assert_eq(csim_morris_effects(u, y, 0, 2, 0, 0.95, 1, &res), CSIM_EINVAL);
}
