/**
 * \file tests/test_rng.c
 * Contract tests of sim/rng: Philox4x32-10 against Random123's published known-answer
 * vectors, the stream layout (seed, purpose, step, agent, n), the stateless
 * csim_rng_uniform_at(), independence of the thread count, a statistical sanity check,
 * gsl_ran_* on top of the generator, and replicate seeds.
 */
#include "sim/rng.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <omp.h>

#include "tests/support/test_support.h"

TestSuite(rng, .init = csim_test_quiet_libraries);

/* ---- Known answers ------------------------------------------------------------------ */

/* One line of Random123's kat_vectors for philox4x32 with 10 rounds. */
typedef struct {
    uint32_t ctr[4];
    uint32_t key[2];
    uint32_t expected[4];
} philox_kat;

/* Random123's tests/kat_vectors (not shipped in Debian's librandom123-dev), the three
 * "philox4x32 10" lines; columns there are ctr[4], key[2], expected[4]. */
static const philox_kat philox_kats[] = {
    {{0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u},
     {0x00000000u, 0x00000000u},
     {0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u}},
    {{0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu},
     {0xffffffffu, 0xffffffffu},
     {0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu}},
    {{0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u},
     {0xa4093822u, 0x299f31d0u},
     {0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u}},
};

Test(rng, philox_block_matches_random123_kat_vectors) {
    for (size_t i = 0; i < sizeof philox_kats / sizeof philox_kats[0]; ++i) {
        uint32_t out[4] = {0, 0, 0, 0};
        csim_rng_philox_block(philox_kats[i].ctr, philox_kats[i].key, out);
        for (size_t w = 0; w < 4; ++w) {
            cr_assert_eq(out[w], philox_kats[i].expected[w],
                         "vector %zu word %zu: got %08x, want %08x", i, w, out[w],
                         philox_kats[i].expected[w]);
        }
    }
}

/* gsl_rng_set(r, 0) is key 0, counter 0: the words are the first KAT vector in order, and
 * the next block (counter 1) follows. */
Test(rng, gsl_get_returns_block_words_in_order) {
    gsl_rng *r = gsl_rng_alloc(csim_rng_philox);
    cr_assert_not_null(r);
    cr_assert_str_eq(gsl_rng_name(r), "csim_philox4x32_10");
    cr_assert_eq(gsl_rng_max(r), 0xffffffffUL);
    cr_assert_eq(gsl_rng_min(r), 0UL);

    gsl_rng_set(r, 0);
    for (size_t w = 0; w < 4; ++w) {
        cr_assert_eq(gsl_rng_get(r), (unsigned long) philox_kats[0].expected[w], "word %zu", w);
    }
    const uint32_t ctr1[4] = {1, 0, 0, 0};
    const uint32_t key0[2] = {0, 0};
    uint32_t block1[4];
    csim_rng_philox_block(ctr1, key0, block1);
    for (size_t w = 0; w < 4; ++w) {
        cr_assert_eq(gsl_rng_get(r), (unsigned long) block1[w], "block 1 word %zu", w);
    }
    gsl_rng_free(r);
}

/* Pins the double construction: the first word drawn is the high half.
 * 0x6627e8d5, 0xe169c58d -> ((0x6627e8d5 << 21) | (0xe169c58d >> 11)) * 2^-53. */
Test(rng, uniform_known_answer_first_word_is_high_half) {
    gsl_rng *r = gsl_rng_alloc(csim_rng_philox);
    cr_assert_not_null(r);
    csim_rng_reset(r, 0, 0, 0, 0);
    const double u0 = gsl_rng_uniform(r);
    const double u1 = gsl_rng_uniform(r);
    cr_assert(u0 == 0x1.989fa35785a70p-2, "u0 = %a", u0);
    cr_assert(u1 == 0x1.78af58993601bp-1, "u1 = %a", u1);
    gsl_rng_free(r);
}

/* The counter layout {block, agent, step, purpose} and key layout {seed lo, seed hi},
 * checked through csim_rng_uniform_at() against the third KAT vector: its counter is
 * block 0x243f6a88 (doubles 2 * 0x243f6a88 and the next), agent 0x85a308d3,
 * step 0x13198a2e, purpose 0x03707344; its key is seed 0x299f31d0a4093822. */
Test(rng, stream_layout_matches_kat_vector) {
    const uint64_t seed = 0x299f31d0a4093822ULL;
    const uint32_t n = 2u * 0x243f6a88u;
    const double u0 = csim_rng_uniform_at(seed, 0x03707344u, 0x13198a2eu, 0x85a308d3u, n);
    const double u1 = csim_rng_uniform_at(seed, 0x03707344u, 0x13198a2eu, 0x85a308d3u, n + 1);
    cr_assert(u0 == 0x1.a2d9fc1329fb9p-1, "u0 = %a (words d16cfe09 94fdcceb)", u0);
    cr_assert(u1 == 0x1.400790809049ap-2, "u1 = %a (words 5001e420 24126ea1)", u1);
}

/* ---- Streams ------------------------------------------------------------------------ */

Test(rng, uniform_at_equals_sequential_draws_bitwise) {
    static const struct {
        uint64_t seed;
        uint32_t purpose, step, agent;
    } tuples[] = {
        {0, 0, 0, 0},
        {20240611ULL, 3, 17, 123456},
        {0xffffffffffffffffULL, 0xffffffffu, 0xffffffffu, 0xffffffffu},
    };
    gsl_rng *r = gsl_rng_alloc(csim_rng_philox);
    cr_assert_not_null(r);
    for (size_t t = 0; t < sizeof tuples / sizeof tuples[0]; ++t) {
        csim_rng_reset(r, tuples[t].seed, tuples[t].purpose, tuples[t].step, tuples[t].agent);
        for (uint32_t n = 0; n < 1000; ++n) {
            const double seq = gsl_rng_uniform(r);
            const double direct = csim_rng_uniform_at(tuples[t].seed, tuples[t].purpose,
                                                      tuples[t].step, tuples[t].agent, n);
            cr_assert(memcmp(&seq, &direct, sizeof seq) == 0,
                      "tuple %zu draw %u: sequential %a, direct %a", t, n, seq, direct);
            cr_assert(seq >= 0.0 && seq < 1.0, "tuple %zu draw %u = %a", t, n, seq);
        }
    }
    gsl_rng_free(r);
}

Test(rng, gsl_rng_set_is_stream_with_zero_purpose_step_agent) {
    gsl_rng *a = gsl_rng_alloc(csim_rng_philox);
    gsl_rng *b = gsl_rng_alloc(csim_rng_philox);
    cr_assert(a && b);
    const uint64_t seed = 0x0123456789abcdefULL;
    gsl_rng_set(a, (unsigned long) seed);
    csim_rng_reset(b, seed, 0, 0, 0);
    for (int i = 0; i < 64; ++i) {
        cr_assert_eq(gsl_rng_get(a), gsl_rng_get(b), "word %d", i);
    }
    gsl_rng_free(a);
    gsl_rng_free(b);
}

/* A reset in the middle of a block (odd number of words consumed) must discard the
 * buffered words and restart at draw 0. */
Test(rng, reset_mid_block_restarts_the_stream) {
    gsl_rng *r = gsl_rng_alloc(csim_rng_philox);
    cr_assert_not_null(r);
    csim_rng_reset(r, 99, 1, 2, 3);
    unsigned long first[6];
    for (size_t i = 0; i < 6; ++i) {
        first[i] = gsl_rng_get(r);
    }
    (void) gsl_rng_get(r);        /* seventh word: mid-block */
    csim_rng_reset(r, 5, 6, 7, 8); /* another stream in between */
    (void) gsl_rng_uniform(r);
    csim_rng_reset(r, 99, 1, 2, 3);
    for (size_t i = 0; i < 6; ++i) {
        cr_assert_eq(gsl_rng_get(r), first[i], "word %zu", i);
    }
    gsl_rng_free(r);
}

/* The same tuple gives the same stream on two generators; changing any one of seed (low
 * or high word), purpose, step or agent by one gives a different stream. */
Test(rng, streams_differ_by_tuple_and_repeat_for_same_tuple) {
    enum { DRAWS = 16 };
    static const struct {
        uint64_t seed;
        uint32_t purpose, step, agent;
    } tuples[] = {
        {42, 1, 10, 100},               /* base */
        {43, 1, 10, 100},               /* seed low word + 1 */
        {42 + (1ULL << 32), 1, 10, 100}, /* seed high word + 1 */
        {42, 2, 10, 100},               /* purpose + 1 */
        {42, 1, 11, 100},               /* step + 1 */
        {42, 1, 10, 101},               /* agent + 1 */
        {42, 1, 100, 10},               /* step and agent swapped */
    };
    enum { N_TUPLES = sizeof tuples / sizeof tuples[0] };
    unsigned long words[N_TUPLES][DRAWS];

    gsl_rng *a = gsl_rng_alloc(csim_rng_philox);
    gsl_rng *b = gsl_rng_alloc(csim_rng_philox);
    cr_assert(a && b);
    for (size_t t = 0; t < N_TUPLES; ++t) {
        csim_rng_reset(a, tuples[t].seed, tuples[t].purpose, tuples[t].step, tuples[t].agent);
        csim_rng_reset(b, tuples[t].seed, tuples[t].purpose, tuples[t].step, tuples[t].agent);
        for (size_t i = 0; i < DRAWS; ++i) {
            words[t][i] = gsl_rng_get(a);
            cr_assert_eq(gsl_rng_get(b), words[t][i], "tuple %zu word %zu", t, i);
        }
    }
    for (size_t s = 0; s < N_TUPLES; ++s) {
        for (size_t t = s + 1; t < N_TUPLES; ++t) {
            size_t same = 0;
            for (size_t i = 0; i < DRAWS; ++i) {
                same += words[s][i] == words[t][i];
            }
            /* Independent 32-bit words agree by chance with probability 2^-32 each. */
            cr_assert_eq(same, 0u, "tuples %zu and %zu share %zu of %d words", s, t, same,
                         (int) DRAWS);
        }
    }
    gsl_rng_free(a);
    gsl_rng_free(b);
}

/* ---- Thread-count invariance (docs/CONVENTIONS.md rule 18) -------------------------------------- */

enum { N_AGENTS = 100000 };

/* One Gaussian per agent from stream (seed, purpose 7, step 3, agent i). Each thread owns
 * one generator allocated outside the parallel region and resets it per agent. The
 * dynamic schedule with an odd chunk makes the agent-to-thread assignment differ from run
 * to run, which the result must not notice. gsl_ran_gaussian uses a rejection loop, so
 * agents consume different numbers of words. Returns the team size actually used. */
static int fill_gaussians(int threads, double *out) {
    const uint64_t seed = 0xC0FFEEULL;
    gsl_rng **rngs = calloc((size_t) threads, sizeof *rngs);
    cr_assert_not_null(rngs);
    for (int t = 0; t < threads; ++t) {
        rngs[t] = gsl_rng_alloc(csim_rng_philox);
        cr_assert_not_null(rngs[t]);
    }
    int team = 0;
    omp_set_dynamic(0);
    omp_set_num_threads(threads);
#pragma omp parallel default(none) shared(rngs, out, team, seed)
    {
#pragma omp single
        team = omp_get_num_threads();
        gsl_rng *rng = rngs[omp_get_thread_num()];
#pragma omp for schedule(dynamic, 97)
        for (long i = 0; i < N_AGENTS; ++i) {
            csim_rng_reset(rng, seed, 7, 3, (uint32_t) i);
            out[i] = gsl_ran_gaussian(rng, 1.0);
        }
    }
    for (int t = 0; t < threads; ++t) {
        gsl_rng_free(rngs[t]);
    }
    free(rngs);
    return team;
}

Test(rng, draws_bitwise_identical_for_1_2_and_4_threads) {
    double *one = malloc(N_AGENTS * sizeof *one);
    double *two = malloc(N_AGENTS * sizeof *two);
    double *four = malloc(N_AGENTS * sizeof *four);
    cr_assert(one && two && four);

    cr_assert_eq(fill_gaussians(1, one), 1);
    cr_assert_eq(fill_gaussians(2, two), 2, "OpenMP did not give 2 threads");
    cr_assert_eq(fill_gaussians(4, four), 4, "OpenMP did not give 4 threads");
    cr_assert(memcmp(one, two, N_AGENTS * sizeof *one) == 0, "1 vs 2 threads differ");
    cr_assert(memcmp(one, four, N_AGENTS * sizeof *one) == 0, "1 vs 4 threads differ");

    /* Guard against a vacuous pass (e.g. every agent drawing the same value). */
    size_t distinct_neighbours = 0;
    for (size_t i = 1; i < N_AGENTS; ++i) {
        distinct_neighbours += one[i] != one[i - 1];
    }
    cr_assert_eq(distinct_neighbours, (size_t) N_AGENTS - 1);
    free(one);
    free(two);
    free(four);
}

/* ---- Statistics ---------------------------------------------------------------------- */

/* Mean within 5 standard errors of 1/2 (SE = sqrt(1/12 / N)) and a 10-bin chi-square
 * below 27.88, the 0.999 quantile of chi-square with 9 degrees of freedom. The seeds are
 * fixed, so the test is deterministic; the tolerances say how unlucky a correct generator
 * would have to be to fail (about 6e-7 and 1e-3 for a fresh seed). */
static void check_uniform_sample(const double *u, size_t n, const char *what) {
    enum { BINS = 10 };
    size_t count[BINS] = {0};
    double sum = 0.0;
    for (size_t i = 0; i < n; ++i) {
        cr_assert(u[i] >= 0.0 && u[i] < 1.0, "%s: draw %zu = %a", what, i, u[i]);
        sum += u[i];
        count[(size_t) (u[i] * BINS)]++;
    }
    const double mean = sum / (double) n;
    const double se = sqrt(1.0 / 12.0 / (double) n);
    cr_assert(fabs(mean - 0.5) < 5.0 * se, "%s: mean %.6f, 5 SE = %.6f", what, mean, 5.0 * se);

    const double expected = (double) n / BINS;
    double chi2 = 0.0;
    for (size_t b = 0; b < BINS; ++b) {
        const double d = (double) count[b] - expected;
        chi2 += d * d / expected;
    }
    cr_assert(chi2 < 27.88, "%s: chi-square %.3f on 9 df", what, chi2);
}

Test(rng, uniform_mean_and_chi_square_one_stream) {
    enum { N = 1000000 };
    double *u = malloc(N * sizeof *u);
    cr_assert_not_null(u);
    gsl_rng *r = gsl_rng_alloc(csim_rng_philox);
    cr_assert_not_null(r);
    gsl_rng_set(r, 12345);
    for (size_t i = 0; i < N; ++i) {
        u[i] = gsl_rng_uniform(r);
    }
    check_uniform_sample(u, N, "one stream");
    gsl_rng_free(r);
    free(u);
}

/* Draw 0 of a million consecutive agents: checks that neighbouring counters are not
 * correlated, which is the way the model uses the generator. */
Test(rng, uniform_mean_and_chi_square_across_agents) {
    enum { N = 1000000 };
    double *u = malloc(N * sizeof *u);
    cr_assert_not_null(u);
    for (uint32_t i = 0; i < N; ++i) {
        u[i] = csim_rng_uniform_at(777, 2, 5, i, 0);
    }
    check_uniform_sample(u, N, "across agents");
    free(u);
}

/* ---- gsl_ran_* on top of the generator ----------------------------------------------- */

Test(rng, gsl_ran_distributions_have_the_right_moments) {
    enum { N = 200000 };
    gsl_rng *r = gsl_rng_alloc(csim_rng_philox);
    cr_assert_not_null(r);
    csim_rng_reset(r, 2024, 11, 0, 0);

    /* Poisson(3.5): mean 3.5, variance 3.5; tolerance 5 standard errors. */
    const double lambda = 3.5;
    double sum = 0.0, sumsq = 0.0;
    for (int i = 0; i < N; ++i) {
        const double k = (double) gsl_ran_poisson(r, lambda);
        sum += k;
        sumsq += k * k;
    }
    double mean = sum / N;
    double var = sumsq / N - mean * mean;
    cr_assert(fabs(mean - lambda) < 5.0 * sqrt(lambda / N), "poisson mean %.5f", mean);
    cr_assert(fabs(var - lambda) < 0.05 * lambda, "poisson variance %.5f", var);

    /* Gaussian(0, 2): mean within 5 SE, variance within 2 %. */
    sum = sumsq = 0.0;
    for (int i = 0; i < N; ++i) {
        const double x = gsl_ran_gaussian(r, 2.0);
        sum += x;
        sumsq += x * x;
    }
    mean = sum / N;
    var = sumsq / N - mean * mean;
    cr_assert(fabs(mean) < 5.0 * 2.0 / sqrt((double) N), "gaussian mean %.5f", mean);
    cr_assert(fabs(var - 4.0) < 0.02 * 4.0, "gaussian variance %.5f", var);

    /* gsl_rng_uniform_int relies on max - min = 2^32 - 1: every face of a die shows up
     * close to N/6 times (5 SE of a binomial count). */
    size_t faces[6] = {0};
    for (int i = 0; i < N; ++i) {
        const unsigned long f = gsl_rng_uniform_int(r, 6);
        cr_assert_lt(f, 6UL);
        faces[f]++;
    }
    const double p = 1.0 / 6.0;
    for (size_t f = 0; f < 6; ++f) {
        cr_assert(fabs((double) faces[f] - N * p) < 5.0 * sqrt(N * p * (1.0 - p)),
                  "face %zu seen %zu times", f, faces[f]);
    }
    gsl_rng_free(r);
}

/* gsl_rng_memcpy/clone copy the whole state (buffer and position included). */
Test(rng, clone_continues_the_same_stream) {
    gsl_rng *r = gsl_rng_alloc(csim_rng_philox);
    cr_assert_not_null(r);
    csim_rng_reset(r, 1, 2, 3, 4);
    (void) gsl_rng_get(r); /* mid-block */
    gsl_rng *c = gsl_rng_clone(r);
    cr_assert_not_null(c);
    for (int i = 0; i < 20; ++i) {
        cr_assert_eq(gsl_rng_get(c), gsl_rng_get(r), "word %d", i);
    }
    gsl_rng_free(c);
    gsl_rng_free(r);
}

/* ---- Replicate seeds ----------------------------------------------------------------- */

/* Values computed independently in Python from the documented formula
 * mix((mix(b + G) ^ r) + G), mix = SplitMix64's finaliser, G = 0x9E3779B97F4A7C15. */
Test(rng, replicate_seed_known_answers) {
    cr_assert_eq(csim_rng_replicate_seed(0, 0), 0xa706dd2f4d197e6fULL);
    cr_assert_eq(csim_rng_replicate_seed(0, 1), 0x08b4fda8c892b50eULL);
    cr_assert_eq(csim_rng_replicate_seed(42, 0), 0x57e1faba65107204ULL);
    cr_assert_eq(csim_rng_replicate_seed(42, 7), 0x16062d6c1339e500ULL);
    cr_assert_eq(csim_rng_replicate_seed(UINT64_MAX, UINT64_MAX), 0x6309143e67a47936ULL);
}

static int cmp_u64(const void *a, const void *b) {
    const uint64_t x = *(const uint64_t *) a, y = *(const uint64_t *) b;
    return (x > y) - (x < y);
}

/* Deterministic, and all distinct over small bases x replicates (where a careless mix,
 * e.g. base ^ replicate, would collide), and different from the base itself. */
Test(rng, replicate_seeds_are_deterministic_and_distinct) {
    enum { BASES = 64, REPS = 256 };
    uint64_t *seeds = malloc(BASES * REPS * sizeof *seeds);
    cr_assert_not_null(seeds);
    size_t k = 0;
    for (uint64_t b = 0; b < BASES; ++b) {
        for (uint64_t r = 0; r < REPS; ++r) {
            seeds[k] = csim_rng_replicate_seed(b, r);
            cr_assert_eq(seeds[k], csim_rng_replicate_seed(b, r));
            cr_assert_neq(seeds[k], b);
            ++k;
        }
    }
    qsort(seeds, k, sizeof *seeds, cmp_u64);
    for (size_t i = 1; i < k; ++i) {
        cr_assert_neq(seeds[i], seeds[i - 1], "duplicate replicate seed %016llx",
                      (unsigned long long) seeds[i]);
    }
    free(seeds);
}

/* A stack stream (csim_rng_stream_open) gives exactly the draws of a heap generator reset
 * to the same tuple, so parallel loops can use it without allocating. */
Test(rng, stack_stream_matches_heap_generator) {
    gsl_rng *heap = gsl_rng_alloc(csim_rng_philox);
    cr_assert_not_null(heap);
    csim_rng_reset(heap, 0x0123456789abcdefULL, 7, 11, 13);
    csim_rng_stream stream;
    gsl_rng *local = csim_rng_stream_open(&stream, 0x0123456789abcdefULL, 7, 11, 13);
    for (int n = 0; n < 100; ++n) {
        const double a = gsl_rng_uniform(heap), b = gsl_rng_uniform(local);
        cr_assert(memcmp(&a, &b, sizeof a) == 0, "draw %d differs", n);
    }
    gsl_rng_free(heap);
}
