/**
 * \file sim/rng.c
 * Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC'11)
 * plugged into GSL through a gsl_rng_type table, the way GSL's rng/taus.c does it.
 *
 * Stream layout (see sim/rng.h):
 *   key = {seed & 0xffffffff, seed >> 32}
 *   ctr = {block, agent, step, purpose}
 * Each block gives four 32-bit words, consumed in order v[0], v[1], v[2], v[3].
 * gsl_rng_get() returns one word; gsl_rng_uniform() consumes two consecutive words, the
 * FIRST of which supplies the HIGH bits (see philox_get_double). After a reset, draw n of
 * gsl_rng_uniform() therefore uses words 2n and 2n+1, i.e. block n/2, words 2*(n%2) and
 * 2*(n%2)+1, which is what csim_rng_uniform_at() computes without any state.
 *
 * The block index lives only in ctr[0] and wraps modulo 2^32: one (seed, purpose, step,
 * agent) stream holds 2^34 words (2^33 doubles) and then repeats itself. Carrying into
 * ctr[1] instead would run into the next agent's stream, which would silently correlate
 * two agents; a model draws a handful of numbers per agent and step, so neither limit is
 * reachable in practice.
 *
 * The only file-scope object is the const type descriptor (docs/CONVENTIONS.md rule 15).
 */
#include "sim/rng.h"

#include <assert.h>
#include <stddef.h>
#include <stdint.h>

/* Random123 is header-only C; philox.h compiles cleanly under our -std=c11 and full
 * warning set with GCC 12 and Clang (checked when this file was written), so it is
 * included without suppressing any diagnostic. Its philox4x32() is the reference
 * implementation that Random123's known-answer vectors were produced with. */
#include <Random123/philox.h>

/** Words per Philox4x32 block. */
enum { PHILOX_WORDS = 4 };

/** State of one csim_rng_philox generator: 40 bytes, no pointers, so gsl_rng_memcpy works. */
typedef csim_rng_philox_state philox_state;

void csim_rng_philox_block(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4]) {
    philox4x32_ctr_t c = {{ctr[0], ctr[1], ctr[2], ctr[3]}};
    philox4x32_key_t k = {{key[0], key[1]}};
    const philox4x32_ctr_t r = philox4x32(c, k);
    for (int i = 0; i < PHILOX_WORDS; ++i) {
        out[i] = r.v[i];
    }
}

/* Write the stream position into `s`: block 0, buffer empty. The same code serves
 * gsl_rng_set() and csim_rng_reset(), so gsl_rng_set(r, s) is exactly stream
 * (s, purpose 0, step 0, agent 0). */
static void state_point(philox_state *s, uint64_t seed, uint32_t purpose, uint32_t step,
                        uint32_t agent) {
    s->key[0] = (uint32_t) (seed & 0xffffffffu);
    s->key[1] = (uint32_t) (seed >> 32);
    s->ctr[0] = 0;
    s->ctr[1] = agent;
    s->ctr[2] = step;
    s->ctr[3] = purpose;
    s->buf[0] = s->buf[1] = s->buf[2] = s->buf[3] = 0;
    s->next = PHILOX_WORDS;
}

/* Next 32-bit word of the stream. A block is computed lazily, only when its first word is
 * needed, so a reset followed by a single draw costs exactly one Philox call. */
static uint32_t state_next_word(philox_state *s) {
    if (s->next >= PHILOX_WORDS) {
        csim_rng_philox_block(s->ctr, s->key, s->buf);
        s->ctr[0] += 1u; /* unsigned: wraps modulo 2^32, see the file comment */
        s->next = 0;
    }
    return s->buf[s->next++];
}

/* 53-bit double in [0, 1) from two words: hi gives the top 32 bits of the mantissa
 * integer, the top 21 bits of lo the rest. The largest value is (2^53 - 1) / 2^53 < 1, and
 * every multiple of 2^-53 in [0, 1) is reachable (the resolution of a double near 1). */
static double words_to_double(uint32_t hi, uint32_t lo) {
    const uint64_t m = ((uint64_t) hi << 21) | (uint64_t) (lo >> 11);
    return (double) m * 0x1.0p-53;
}

/* gsl_rng_type callbacks. `unsigned long` is 64 bits on the LP64 targets we build for; on
 * an ILP32 target the seed's high word would simply be 0. */
static void philox_set(void *vstate, unsigned long int seed) {
    state_point((philox_state *) vstate, (uint64_t) seed, 0, 0, 0);
}

static unsigned long int philox_get(void *vstate) {
    return (unsigned long int) state_next_word((philox_state *) vstate);
}

/* The first of the two words drawn is the high half. The two calls are sequenced
 * explicitly because the order of evaluation of function arguments is unspecified. */
static double philox_get_double(void *vstate) {
    philox_state *s = (philox_state *) vstate;
    const uint32_t hi = state_next_word(s);
    const uint32_t lo = state_next_word(s);
    return words_to_double(hi, lo);
}

/* max = 2^32 - 1 and min = 0, so gsl_rng_uniform_int() and the integer-based gsl_ran_*
 * functions see the full 32-bit range on every ABI. */
static const gsl_rng_type philox_type = {
    "csim_philox4x32_10",  /* name */
    0xffffffffUL,          /* RAND_MAX */
    0,                     /* RAND_MIN */
    sizeof(philox_state),  /* size of state */
    &philox_set,           /* seeding */
    &philox_get,           /* one 32-bit word */
    &philox_get_double     /* one 53-bit double in [0, 1) */
};

const gsl_rng_type *const csim_rng_philox = &philox_type;

void csim_rng_reset(gsl_rng *rng, uint64_t seed, uint32_t purpose, uint32_t step,
                    uint32_t agent) {
    /* A wrong generator type is a programming error, not a runtime condition: writing our
     * layout into another type's state would corrupt memory, so catch it in debug builds. */
    assert(rng != NULL && rng->type == &philox_type);
    state_point((philox_state *) rng->state, seed, purpose, step, agent);
}

double csim_rng_uniform_at(uint64_t seed, uint32_t purpose, uint32_t step, uint32_t agent,
                           uint32_t n) {
    /* Double n uses words 2n and 2n+1: block n/2, starting at word 2*(n%2). n/2 < 2^31,
     * so this never reaches the wrap-around of the block counter. */
    const uint32_t key[2] = {(uint32_t) (seed & 0xffffffffu), (uint32_t) (seed >> 32)};
    const uint32_t ctr[PHILOX_WORDS] = {n / 2u, agent, step, purpose};
    uint32_t out[PHILOX_WORDS];
    csim_rng_philox_block(ctr, key, out);
    const uint32_t first = 2u * (n % 2u);
    return words_to_double(out[first], out[first + 1u]);
}

/* SplitMix64's output function (Steele, Lea & Flood, OOPSLA 2014; constants of Stafford's
 * "Mix13"). Each step (xor with a right shift, multiplication by an odd constant) is a
 * bijection of the 64-bit integers, so the whole function is one. */
static uint64_t splitmix_mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* The SplitMix64 increment (2^64 / golden ratio, odd). */
#define CSIM_RNG_GOLDEN 0x9E3779B97F4A7C15ULL

/*
 * replicate_seed(b, r) = mix((mix(b + G) ^ r) + G), with mix = splitmix_mix and
 * G = 0x9E3779B97F4A7C15.
 *
 * For a fixed base, r -> mix((x ^ r) + G) is a composition of bijections, so different
 * replicates always get different seeds (never merely "probably"). Likewise for a fixed
 * replicate the map is a bijection in the base. The base is mixed before the replicate
 * is xored in because small bases and small replicates would otherwise combine into the
 * same pre-image (with a plain b ^ r, (b, r) = (2, 0) and (3, 1) collide); adding G keeps
 * the all-zero input away from mix's fixed point 0.
 */
uint64_t csim_rng_replicate_seed(uint64_t base_seed, uint64_t replicate) {
    const uint64_t x = splitmix_mix(base_seed + CSIM_RNG_GOLDEN);
    return splitmix_mix((x ^ replicate) + CSIM_RNG_GOLDEN);
}

gsl_rng *csim_rng_stream_open(csim_rng_stream *stream, uint64_t seed, uint32_t purpose,
                              uint32_t step, uint32_t agent) {
    /* A gsl_rng is a public {type, state} pair: pointing it at state inside the same
     * struct gives a generator with no heap allocation, safe to keep on a thread's stack. */
    stream->rng.type = csim_rng_philox;
    stream->rng.state = &stream->state;
    csim_rng_reset(&stream->rng, seed, purpose, step, agent);
    return &stream->rng;
}
