/* Tests of model/firms: the struct-of-arrays of actors. Argument rejection, destroy after
 * a failed init and twice, growth keeping the existing rows, neutral values of a new
 * actor. */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <string.h>

#include "model/firms.h"
#include "tests/support/test_support.h"

TestSuite(firms, .init = csim_test_quiet_libraries);

Test(firms, init_rejects_zero_capacity) {
    csim_firms f;
    memset(&f, 0xAB, sizeof f); /* garbage: init must not trust the struct */
    cr_assert_eq(csim_firms_init(&f, 0), CSIM_EINVAL);
    cr_assert_eq(f.n, 0);
    cr_assert_eq(f.capacity, 0);
    cr_assert_null(f.alive);
    cr_assert_null(f.knowledge);
    csim_firms_destroy(&f); /* safe after a failed init */
    csim_firms_destroy(&f); /* and twice */
}

Test(firms, destroy_zeroed_and_twice) {
    csim_firms f = {0};
    csim_firms_destroy(&f);
    cr_assert_eq(csim_firms_init(&f, 3), CSIM_OK);
    cr_assert_eq(f.capacity, 3);
    cr_assert_eq(f.n, 0);
    csim_firms_destroy(&f);
    cr_assert_null(f.alive);
    cr_assert_eq(f.capacity, 0);
    csim_firms_destroy(&f);
}

Test(firms, add_sets_neutral_values) {
    csim_firms f;
    cr_assert_eq(csim_firms_init(&f, 4), CSIM_OK);
    size_t i = 99, j = 99;
    cr_assert_eq(csim_firms_add(&f, CSIM_KIND_FIRM, &i), CSIM_OK);
    cr_assert_eq(csim_firms_add(&f, CSIM_KIND_INSTITUTION, &j), CSIM_OK);
    cr_assert_eq(i, 0);
    cr_assert_eq(j, 1);
    cr_assert_eq(f.n, 2);
    for (size_t a = 0; a < 2; ++a) {
        cr_assert_eq(f.alive[a], 1);
        cr_assert_eq(f.mc[a], -1);
        cr_assert_eq(f.wg[a], -1);
        cr_assert_eq(f.org[a], -1);
        cr_assert_eq(f.buyer[a], -1);
        cr_assert_eq(f.entry_step[a], -1);
        cr_assert_eq(f.exit_step[a], -1);
        cr_assert_eq(f.is_large[a], 0);
        cr_assert_eq(f.is_hub[a], 0);
        for (size_t k = 0; k < CSIM_K; ++k) {
            CSIM_ASSERT_FP(ieee_ulp_eq(dbl, csim_firms_knowledge(&f, a)[k], 0.0, 0));
        }
    }
    cr_assert_eq(f.kind[0], CSIM_KIND_FIRM);
    cr_assert_eq(f.kind[1], CSIM_KIND_INSTITUTION);
    cr_assert_eq(f.tier[0], CSIM_TIER_INDEPENDENT);
    cr_assert_eq(f.group[0], CSIM_GROUP_NONE);
    cr_assert_neq(csim_firms_is_sme(&f, 0), 0);
    cr_assert_not(csim_firms_is_sme(&f, 1)); /* an institution is no SME */
    f.alive[0] = 0;
    cr_assert_not(csim_firms_is_sme(&f, 0)); /* a dead firm is no SME */
    f.alive[0] = 1;
    f.is_large[0] = 1;
    cr_assert_not(csim_firms_is_sme(&f, 0));
    csim_firms_destroy(&f);
}

Test(firms, add_grows_and_keeps_rows) {
    csim_firms f;
    cr_assert_eq(csim_firms_init(&f, 2), CSIM_OK);
    const size_t total = 100;
    for (size_t a = 0; a < total; ++a) {
        size_t i;
        cr_assert_eq(csim_firms_add(&f, a % 7 == 0 ? CSIM_KIND_INSTITUTION : CSIM_KIND_FIRM, &i),
                     CSIM_OK);
        cr_assert_eq(i, a);
        /* Mark every row so that growth must copy it. */
        f.employees[i] = (double) a + 0.5;
        f.mc[i] = (int32_t) a;
        double *v = csim_firms_knowledge(&f, i);
        for (size_t k = 0; k < CSIM_K; ++k) {
            v[k] = (double) (a * CSIM_K + k);
        }
    }
    cr_assert_eq(f.n, total);
    cr_assert_geq(f.capacity, total);
    for (size_t a = 0; a < total; ++a) {
        cr_assert_eq(f.kind[a], a % 7 == 0 ? CSIM_KIND_INSTITUTION : CSIM_KIND_FIRM, "row %zu", a);
        CSIM_ASSERT_FP(ieee_ulp_eq(dbl, f.employees[a], (double) a + 0.5, 0), "row %zu", a);
        cr_assert_eq(f.mc[a], (int32_t) a);
        const double *v = csim_firms_knowledge(&f, a);
        for (size_t k = 0; k < CSIM_K; ++k) {
            CSIM_ASSERT_FP(ieee_ulp_eq(dbl, v[k], (double) (a * CSIM_K + k), 0), "row %zu field %zu", a, k);
        }
    }
    csim_firms_destroy(&f);
    csim_firms_destroy(&f);
}

Test(firms, reserve_zeroes_new_rows_and_never_shrinks) {
    csim_firms f;
    cr_assert_eq(csim_firms_init(&f, 2), CSIM_OK);
    size_t i;
    cr_assert_eq(csim_firms_add(&f, CSIM_KIND_FIRM, &i), CSIM_OK);
    f.capital[0] = 7.0;
    cr_assert_eq(csim_firms_reserve(&f, 50), CSIM_OK);
    cr_assert_eq(f.capacity, 50);
    cr_assert_eq(f.n, 1);
    CSIM_ASSERT_FP(ieee_ulp_eq(dbl, f.capital[0], 7.0, 0));
    for (size_t a = 2; a < 50; ++a) {
        cr_assert_eq(f.alive[a], 0, "row %zu", a);
        CSIM_ASSERT_FP(ieee_ulp_eq(dbl, f.capital[a], 0.0, 0), "row %zu", a);
        CSIM_ASSERT_FP(ieee_ulp_eq(dbl, f.knowledge[a * CSIM_K + CSIM_K - 1], 0.0, 0), "row %zu", a);
    }
    cr_assert_eq(csim_firms_reserve(&f, 10), CSIM_OK); /* smaller: no-op */
    cr_assert_eq(f.capacity, 50);
    csim_firms_destroy(&f);
}
