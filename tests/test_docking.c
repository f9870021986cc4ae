/* The docking kernel (bench/docking.c; its specification is in bench/docking.h): one step on a 4-agent
 * ring against a hand computation, bit-identical steps for 1 and 4 threads on a
 * Watts-Strogatz ring, the Cowan & Jonard direction of change, and argument rejection. */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "bench/docking.h"
#include "tests/support/test_support.h"

TestSuite(docking, .init = csim_test_quiet_libraries);

#define K CSIM_DOCKING_K

/* Ring 0-1-2-3-0: every agent has two neighbours. */
static void ring4(csim_docking *d) {
    static const size_t offset[5] = {0, 2, 4, 6, 8};
    static const uint32_t target[8] = {3, 1, 0, 2, 1, 3, 0, 2};
    cr_assert_eq(csim_docking_init(d, 4, offset, target), CSIM_OK);
}

Test(docking, one_step_on_a_ring_of_four_by_hand) {
    csim_docking d;
    ring4(&d);
    /* v0 = e0, v1 = e1, v2 = e0 + e1, v3 = 0.5 everywhere. */
    memset(d.v, 0, 4 * K * sizeof *d.v);
    d.v[0 * K + 0] = 1.0;
    d.v[1 * K + 1] = 1.0;
    d.v[2 * K + 0] = 1.0;
    d.v[2 * K + 1] = 1.0;
    for (size_t k = 0; k < K; ++k) {
        d.v[3 * K + k] = 0.5;
    }
    csim_docking_stats s;
    csim_docking_step(&d, 0.3, &s);
    /* rate = alpha / deg = 0.15. Agent 0 trades with 1 (gains e1) and with 3 (gains 0.5
     * in fields 1..15). Agent 1 trades with 0 (gains e0) but not with 2, which leads it
     * nowhere. Agent 2 trades only with 3 (0.5 in fields 2..15). Agent 3 gains 0.5 in
     * field 0 from agent 0 and 0.5 in fields 0 and 1 from agent 2. */
    double want[4][K];
    for (size_t k = 0; k < K; ++k) {
        want[0][k] = k == 0 ? 1.0 : (k == 1 ? 0.15 * 1.5 : 0.15 * 0.5);
        want[1][k] = k == 0 ? 0.15 : (k == 1 ? 1.0 : 0.0);
        want[2][k] = k <= 1 ? 1.0 : 0.15 * 0.5;
        want[3][k] = k == 0 ? 0.5 + 0.15 : (k == 1 ? 0.5 + 0.15 * 0.5 : 0.5);
    }
    for (size_t i = 0; i < 4; ++i) {
        for (size_t k = 0; k < K; ++k) {
            CSIM_ASSERT_FP(epsilon_eq(dbl, d.v[i * K + k], want[i][k], 1e-15),
                           "agent %zu field %zu: %.17g, want %.17g", i, k, d.v[i * K + k], want[i][k]);
        }
    }
    /* Agent means 2.275/16, 1.15/16, 3.05/16, 8.225/16. */
    const double m[4] = {2.275 / 16, 1.15 / 16, 3.05 / 16, 8.225 / 16};
    const double mean = (m[0] + m[1] + m[2] + m[3]) / 4;
    double var = 0.0;
    for (size_t i = 0; i < 4; ++i) {
        var += (m[i] - mean) * (m[i] - mean) / 4;
    }
    CSIM_ASSERT_FP(epsilon_eq(dbl, s.mean, 0.2296875, 1e-15));
    CSIM_ASSERT_FP(epsilon_eq(dbl, s.var_means, var, 1e-15));
    csim_docking_destroy(&d);
}

/* 50,000 agents (49 reduction blocks) and 20 steps with `threads` threads. */
static void run(int threads, double **v_out, csim_docking_stats *stats) {
    csim_docking d;
    cr_assert_eq(csim_docking_init_ring(&d, 50000, 5, 0.1, 7), CSIM_OK);
    omp_set_num_threads(threads);
    csim_docking_reset(&d, 11);
    for (int t = 0; t < 20; ++t) {
        csim_docking_step(&d, 0.3, stats);
    }
    *v_out = malloc(d.n * K * sizeof **v_out);
    cr_assert_not_null(*v_out);
    memcpy(*v_out, d.v, d.n * K * sizeof **v_out);
    csim_docking_destroy(&d);
}

Test(docking, steps_bitwise_identical_for_1_and_4_threads) {
    double *a = NULL, *b = NULL;
    csim_docking_stats sa, sb;
    run(1, &a, &sa);
    run(4, &b, &sb);
    omp_set_num_threads(2);
    cr_assert_eq(memcmp(a, b, 50000 * K * sizeof *a), 0);
    cr_assert_eq(memcmp(&sa, &sb, sizeof sa), 0);
    free(a);
    free(b);
}

Test(docking, knowledge_rises_and_converges) {
    csim_docking d;
    cr_assert_eq(csim_docking_init_ring(&d, 2000, 5, 0.1, 3), CSIM_OK);
    csim_docking_reset(&d, 5);
    const csim_docking_stats s0 = csim_docking_measure(&d);
    CSIM_ASSERT_FP(epsilon_eq(dbl, s0.mean, 0.5, 0.01)); /* U(0, 1) */
    csim_docking_stats s;
    for (int t = 0; t < 50; ++t) {
        csim_docking_step(&d, 0.3, &s);
    }
    cr_assert_gt(s.mean, s0.mean);
    cr_assert_lt(s.var_means, s0.var_means);
    csim_docking_destroy(&d);
}

Test(docking, same_seed_same_ring_and_start) {
    csim_docking a, b;
    cr_assert_eq(csim_docking_init_ring(&a, 1000, 5, 0.3, 9), CSIM_OK);
    cr_assert_eq(csim_docking_init_ring(&b, 1000, 5, 0.3, 9), CSIM_OK);
    cr_assert_eq(csim_docking_incidences(&a), 10000u); /* rewiring keeps every edge */
    cr_assert_eq(memcmp(a.offset, b.offset, 1001 * sizeof *a.offset), 0);
    cr_assert_eq(memcmp(a.target, b.target, 10000 * sizeof *a.target), 0);
    csim_docking_reset(&a, 1);
    csim_docking_reset(&b, 1);
    cr_assert_eq(memcmp(a.v, b.v, 1000 * K * sizeof *a.v), 0);
    csim_docking_destroy(&a);
    csim_docking_destroy(&b);
}

Test(docking, rejects_bad_arguments) {
    csim_docking d;
    cr_assert_eq(csim_docking_init_ring(&d, 10, 5, 0.1, 1), CSIM_EINVAL); /* n < 2 nei + 2 */
    csim_docking_destroy(&d); /* safe after a failed init */
    cr_assert_eq(csim_docking_init_ring(&d, 100, 5, 1.5, 1), CSIM_EINVAL);
    const size_t offset[3] = {0, 1, 2};
    const uint32_t loop[2] = {0, 0};
    cr_assert_eq(csim_docking_init(&d, 2, offset, loop), CSIM_EINVAL);
    const uint32_t far[2] = {1, 7};
    cr_assert_eq(csim_docking_init(&d, 2, offset, far), CSIM_EINVAL);
    cr_assert_eq(csim_docking_init(&d, 0, offset, far), CSIM_EINVAL);
    csim_docking_destroy(&d);
    csim_docking_destroy(&d); /* twice */
}
