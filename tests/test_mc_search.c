/* The scale-up shortcuts of the MC policy (model/mc_index.c, model/mc_pairing.c) give
 * exactly what the plain algorithms give: the best-fitting MC of a profile equals the
 * scan over all slots (lowest slot on equal fits), and the class-based merge matching
 * makes the same merges in the same order as sorting every pair. Programmes are random,
 * with many bitwise-equal themes (as run.scale makes them) and exact ties. */
#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include "model/mc_index_internal.h"
#include "model/mc_pairing_internal.h"
#include "model/tables.h"
#include "sim/rng.h"
#include "tests/support/test_support.h"

TestSuite(mc_search, .init = csim_test_quiet_libraries);

static double uniform(uint64_t seed, uint32_t agent, uint32_t n) {
    return csim_rng_uniform_at(seed, 77, 0, agent, n);
}

/* n_mc slots: themes copied from a few base rows (duplicates), some mixed, some
 * inactive. */
static void random_programme(csim_programme *prog, size_t n_mc, uint64_t seed) {
    cr_assert_eq(csim_programme_init(prog), CSIM_OK);
    for (size_t m = 0; m < n_mc; ++m) {
        size_t id;
        cr_assert_eq(csim_programme_add_mc(prog, &id), CSIM_OK);
        csim_mc *mc = &prog->mc[id];
        const size_t base = (size_t) (uniform(seed, (uint32_t) m, 0) * 6.0);
        memcpy(mc->theme, csim_field_related[base * 2], sizeof mc->theme);
        if (uniform(seed, (uint32_t) m, 1) < 0.3) {
            /* A merged theme: a weighted mix with another base (weights from a few
             * member counts, so mixes repeat too). */
            const size_t other = (size_t) (uniform(seed, (uint32_t) m, 2) * 12.0);
            const double wa = 1.0 + (double) (int) (uniform(seed, (uint32_t) m, 3) * 3.0);
            const double wb = 1.0 + (double) (int) (uniform(seed, (uint32_t) m, 4) * 3.0);
            for (size_t k = 0; k < CSIM_N_FIELDS; ++k) {
                mc->theme[k] = (wa * mc->theme[k] + wb * csim_field_related[other][k]) / (wa + wb);
            }
        }
        mc->active = uniform(seed, (uint32_t) m, 5) < 0.85;
        mc->members = (size_t) (uniform(seed, (uint32_t) m, 6) * 50.0);
    }
}

Test(mc_search, index_equals_scan) {
    for (uint64_t seed = 1; seed <= 6; ++seed) {
        csim_programme prog;
        random_programme(&prog, 40 * seed, seed);
        csim_mc_index ix = {0};
        cr_assert_eq(csim_mc_index__build(&ix, &prog), CSIM_OK);
        for (uint32_t t = 0; t < 4000; ++t) {
            double v[CSIM_N_FIELDS];
            for (uint32_t k = 0; k < CSIM_N_FIELDS; ++k) {
                const double u = uniform(seed + 100, t, k);
                /* Coarse values (multiples of 1/4, many zeros) make exact ties common. */
                v[k] = t % 3 == 0 ? (double) (int) (u * 4.0) / 4.0 : u * 3.0;
            }
            if (t % 50 == 0) {
                v[t % CSIM_N_FIELDS] = -0.5; /* the fallback path */
            }
            cr_assert_eq(csim_mc_index__best(&ix, v), csim_mc_index__scan(&prog, v),
                         "seed %llu profile %u", (unsigned long long) seed, t);
        }
        csim_mc_index__destroy(&ix);
        csim_mc_index__destroy(&ix); /* twice: safe */
        csim_programme_destroy(&prog);
    }
}

Test(mc_search, index_of_no_active_mc) {
    csim_programme prog;
    random_programme(&prog, 5, 9);
    for (size_t m = 0; m < prog.n_mc; ++m) {
        prog.mc[m].active = 0;
    }
    csim_mc_index ix = {0};
    cr_assert_eq(csim_mc_index__build(&ix, &prog), CSIM_OK);
    const double v[CSIM_N_FIELDS] = {1, 2, 3};
    cr_assert_eq(csim_mc_index__best(&ix, v), -1);
    csim_mc_index__destroy(&ix);
    csim_programme_destroy(&prog);
}

Test(mc_search, pairing_equals_all_pairs) {
    for (uint64_t seed = 1; seed <= 8; ++seed) {
        csim_programme prog;
        const size_t n_mc = 30 * seed + (size_t) seed % 3;
        random_programme(&prog, n_mc, seed + 1000);
        const size_t cases[4] = {1, 7, n_mc / 4, n_mc}; /* n_mc: more than a round can do */
        uint32_t *a1 = malloc(n_mc * sizeof *a1), *b1 = malloc(n_mc * sizeof *b1);
        uint32_t *a2 = malloc(n_mc * sizeof *a2), *b2 = malloc(n_mc * sizeof *b2);
        cr_assert(a1 && b1 && a2 && b2);
        for (size_t c = 0; c < 4; ++c) {
            size_t n1 = 0, n2 = 0;
            cr_assert_eq(csim_mc_pairing__greedy(&prog, cases[c], a1, b1, &n1), CSIM_OK);
            cr_assert_eq(csim_mc_pairing__greedy_all_pairs(&prog, cases[c], a2, b2, &n2), CSIM_OK);
            cr_assert_eq(n1, n2, "seed %llu max %zu: %zu merges, want %zu",
                         (unsigned long long) seed, cases[c], n1, n2);
            for (size_t q = 0; q < n1; ++q) {
                cr_assert(a1[q] == a2[q] && b1[q] == b2[q],
                          "seed %llu max %zu merge %zu: %u-%u, want %u-%u",
                          (unsigned long long) seed, cases[c], q, a1[q], b1[q], a2[q], b2[q]);
            }
        }
        free(a1);
        free(b1);
        free(a2);
        free(b2);
        csim_programme_destroy(&prog);
    }
}

Test(mc_search, similarity_is_symmetric) {
    const double *a = csim_field_related[0], *b = csim_field_related[5];
    cr_assert_eq(memcmp(&(double){csim_mc_pairing__similarity(a, b)},
                        &(double){csim_mc_pairing__similarity(b, a)}, sizeof(double)),
                 0);
    const double zero[CSIM_N_FIELDS] = {0};
    cr_assert_eq(csim_mc_pairing__similarity(a, zero), 0.0);
}
