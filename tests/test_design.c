/* Tests of scenarios/design: grid, Latin hypercube, Sobol and Saltelli designs, with
 * known answers (GSL's published Sobol points) and the defining properties of each. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "scenarios/design.h"
#include "tests/support/test_support.h"

TestSuite(design, .init = csim_test_quiet_libraries);

static bool is_zeroed(const csim_design *d) {
    static const csim_design zero;
    return memcmp(d, &zero, sizeof zero) == 0;
}

/* A refused design: status CSIM_EINVAL, a message holding `words` (unless NULL), and `d`
 * left zeroed, as destroyed. */
static void expect_refused(csim_status st, const csim_design *d, const char *words) {
    cr_assert_eq(st, CSIM_EINVAL, "status %d: %s", (int) st, csim_last_error());
    if (words != NULL) {
        cr_assert(strstr(csim_last_error(), words), "%s", csim_last_error());
    }
    cr_assert(is_zeroed(d), "a refused design is not left zeroed");
}

static double at(const csim_design *d, size_t p, size_t j) {
    return d->u[p * d->n_dims + j];
}

/* ---- grid ---------------------------------------------------------------------------- */

Test(design, grid_is_every_combination_last_column_fastest) {
    csim_design d;
    const size_t levels[2] = {2, 3};
    cr_assert_eq(csim_design_grid(&d, levels, 2), CSIM_OK, "%s", csim_last_error());
    cr_assert_eq(d.n_points, 6);
    cr_assert_eq(d.n_dims, 2);
    cr_assert_eq(d.kind, CSIM_DESIGN_GRID);
    /* Levels k/(L-1): exact binary fractions, so == is the right comparison here. */
    const double want[6][2] = {{0, 0}, {0, 0.5}, {0, 1}, {1, 0}, {1, 0.5}, {1, 1}};
    for (size_t p = 0; p < 6; ++p) {
        cr_assert_eq(at(&d, p, 0), want[p][0], "point %zu column 0", p);
        cr_assert_eq(at(&d, p, 1), want[p][1], "point %zu column 1", p);
    }
    csim_design_destroy(&d);
    cr_assert(is_zeroed(&d));
    csim_design_destroy(&d); /* a second destroy is a no-op */
}

Test(design, grid_single_level_sits_at_zero) {
    csim_design d;
    const size_t levels[3] = {1, 4, 1};
    cr_assert_eq(csim_design_grid(&d, levels, 3), CSIM_OK);
    cr_assert_eq(d.n_points, 4);
    for (size_t p = 0; p < 4; ++p) {
        cr_assert_eq(at(&d, p, 0), 0.0);
        cr_assert_eq(at(&d, p, 2), 0.0);
        cr_assert_float_eq(at(&d, p, 1), (double) p / 3.0, 1e-15);
    }
    csim_design_destroy(&d);
}

Test(design, grid_rejects_bad_arguments_and_leaves_design_destroyed) {
    csim_design d;
    const size_t zero_level[2] = {3, 0};
    expect_refused(csim_design_grid(&d, zero_level, 2), &d, NULL);
    cr_assert_eq(csim_design_grid(&d, zero_level, 0), CSIM_EINVAL);
    const size_t huge[3] = {10000, 10000, 10000};
    expect_refused(csim_design_grid(&d, huge, 3), &d, "more than");
    csim_design_destroy(&d);
}

/* ---- Latin hypercube --------------------------------------------------------------- */

Test(design, latin_hypercube_hits_every_stratum_once_per_column) {
    enum { N = 97, D = 5 };
    csim_design d;
    cr_assert_eq(csim_design_latin_hypercube(&d, N, D, 12345), CSIM_OK, "%s", csim_last_error());
    cr_assert_eq(d.n_points, N);
    cr_assert_eq(d.n_dims, D);
    for (size_t j = 0; j < D; ++j) {
        int hits[N] = {0};
        for (size_t p = 0; p < N; ++p) {
            const double u = at(&d, p, j);
            cr_assert(u >= 0.0 && u < 1.0, "u = %g outside [0, 1)", u);
            hits[(size_t) floor(u * N)]++;
        }
        for (size_t k = 0; k < N; ++k) {
            cr_assert_eq(hits[k], 1, "column %zu, stratum %zu hit %d times", j, k, hits[k]);
        }
    }
    csim_design_destroy(&d);
}

Test(design, latin_hypercube_is_a_function_of_its_seed) {
    csim_design a, b, c;
    cr_assert_eq(csim_design_latin_hypercube(&a, 20, 3, 7), CSIM_OK);
    cr_assert_eq(csim_design_latin_hypercube(&b, 20, 3, 7), CSIM_OK);
    cr_assert_eq(csim_design_latin_hypercube(&c, 20, 3, 8), CSIM_OK);
    cr_assert_arr_eq(a.u, b.u, 20 * 3 * sizeof(double), "same seed, same design");
    cr_assert(memcmp(a.u, c.u, 20 * 3 * sizeof(double)) != 0, "another seed, another design");
    csim_design_destroy(&a);
    csim_design_destroy(&b);
    csim_design_destroy(&c);
}

Test(design, latin_hypercube_columns_do_not_depend_on_later_columns) {
    /* Column j has its own stream: adding a parameter keeps the old columns. */
    csim_design two, three;
    cr_assert_eq(csim_design_latin_hypercube(&two, 16, 2, 99), CSIM_OK);
    cr_assert_eq(csim_design_latin_hypercube(&three, 16, 3, 99), CSIM_OK);
    for (size_t p = 0; p < 16; ++p) {
        cr_assert_eq(at(&two, p, 0), at(&three, p, 0));
        cr_assert_eq(at(&two, p, 1), at(&three, p, 1));
    }
    csim_design_destroy(&two);
    csim_design_destroy(&three);
}

Test(design, latin_hypercube_rejects_empty) {
    csim_design d;
    expect_refused(csim_design_latin_hypercube(&d, 0, 3, 1), &d, NULL);
    expect_refused(csim_design_latin_hypercube(&d, 3, 0, 1), &d, NULL);
}

/* ---- Sobol ------------------------------------------------------------------------- */

Test(design, sobol_first_points_are_gsls_published_sequence) {
    /* GSL reference manual, "Quasi-Random Sequences", example output of the 2-D Sobol
     * generator: 0.50000 0.50000 / 0.75000 0.25000 / 0.25000 0.75000 / 0.37500 0.37500 /
     * 0.87500 0.87500 (the origin is skipped). */
    const double want[5][2] = {
        {0.5, 0.5}, {0.75, 0.25}, {0.25, 0.75}, {0.375, 0.375}, {0.875, 0.875}};
    csim_design d;
    cr_assert_eq(csim_design_sobol(&d, 5, 2), CSIM_OK, "%s", csim_last_error());
    for (size_t p = 0; p < 5; ++p) {
        cr_assert_eq(at(&d, p, 0), want[p][0], "point %zu x", p);
        cr_assert_eq(at(&d, p, 1), want[p][1], "point %zu y", p);
    }
    csim_design_destroy(&d);
}

Test(design, sobol_first_points_with_the_origin_stratify_every_column) {
    /* Points 0 .. 2^m - 1 of a Sobol sequence put one point in each interval
     * [k/2^m, (k+1)/2^m) of every coordinate. GSL skips point 0 (the origin), so its
     * first 2^m - 1 points fill every interval but the first, once each. */
    enum { M = 6, N = 1 << M, D = 40 };
    csim_design d;
    cr_assert_eq(csim_design_sobol(&d, N - 1, D), CSIM_OK, "%s", csim_last_error());
    for (size_t j = 0; j < D; ++j) {
        int hits[N] = {0};
        for (size_t p = 0; p < N - 1; ++p) {
            hits[(size_t) floor(at(&d, p, j) * N)]++;
        }
        for (size_t k = 0; k < N; ++k) {
            cr_assert_eq(hits[k], k == 0 ? 0 : 1, "column %zu interval %zu: %d points", j, k,
                         hits[k]);
        }
    }
    csim_design_destroy(&d);
}

Test(design, sobol_rejects_more_than_40_dimensions) {
    csim_design d;
    expect_refused(csim_design_sobol(&d, 8, CSIM_DESIGN_SOBOL_MAX_DIMS + 1), &d, "at most 40");
    cr_assert_eq(csim_design_sobol(&d, 0, 2), CSIM_EINVAL);
    csim_design_destroy(&d);
}

/* ---- Saltelli ---------------------------------------------------------------------- */

Test(design, saltelli_has_a_b_and_one_column_swap_per_dimension) {
    enum { N = 8, D = 3 };
    csim_design s, base;
    cr_assert_eq(csim_design_saltelli(&s, N, D), CSIM_OK, "%s", csim_last_error());
    cr_assert_eq(s.n_points, N * (D + 2));
    cr_assert_eq(s.n_dims, D);
    /* A and B are the two halves of the 2D-dimensional Sobol sequence. */
    cr_assert_eq(csim_design_sobol(&base, N, 2 * D), CSIM_OK);
    for (size_t j = 0; j < N; ++j) {
        const size_t a = j * (D + 2), b = a + D + 1;
        for (size_t c = 0; c < D; ++c) {
            cr_assert_eq(at(&s, a, c), at(&base, j, c), "A[%zu][%zu]", j, c);
            cr_assert_eq(at(&s, b, c), at(&base, j, D + c), "B[%zu][%zu]", j, c);
        }
        for (size_t i = 0; i < D; ++i) {
            const size_t row = a + 1 + i; /* AB^i */
            for (size_t c = 0; c < D; ++c) {
                const double want = c == i ? at(&s, b, c) : at(&s, a, c);
                cr_assert_eq(at(&s, row, c), want, "AB^%zu of sample %zu, column %zu", i, j, c);
            }
            size_t base_j = 0, block = 0;
            csim_design_saltelli_row(D, row, &base_j, &block);
            cr_assert_eq(base_j, j);
            cr_assert_eq(block, i + 1);
        }
    }
    csim_design_destroy(&base);
    csim_design_destroy(&s);
}

Test(design, saltelli_rejects_more_than_20_dimensions) {
    csim_design d;
    expect_refused(csim_design_saltelli(&d, 4, CSIM_DESIGN_SALTELLI_MAX_DIMS + 1), &d,
                   "at most 20");
    cr_assert_eq(csim_design_saltelli(&d, 4, CSIM_DESIGN_SALTELLI_MAX_DIMS), CSIM_OK);
    cr_assert_eq(d.n_points, 4 * (CSIM_DESIGN_SALTELLI_MAX_DIMS + 2));
    csim_design_destroy(&d);
}

/* ---- names ------------------------------------------------------------------------- */

Test(design, kind_names_round_trip) {
    for (int k = 0; k < CSIM_DESIGN_KIND_COUNT; ++k) {
        csim_design_kind back;
        cr_assert_eq(csim_design_kind_parse(csim_design_kind_name((csim_design_kind) k), &back),
                     CSIM_OK);
        cr_assert_eq((int) back, k);
    }
    csim_design_kind kind;
    cr_assert_eq(csim_design_kind_parse("lhs", &kind), CSIM_OK);
    cr_assert_eq(kind, CSIM_DESIGN_LATIN_HYPERCUBE);
    cr_assert_eq(csim_design_kind_parse("sobolx", &kind), CSIM_EINVAL);
}
