/**
 * \file sim/rng.h
 * Counter-based random streams: Philox4x32-10 (Random123) wrapped as a gsl_rng_type.
 *
 * A draw is a pure function of (seed, purpose, step, agent, n): key = the 64-bit seed,
 * counter = (block of n, agent, step, purpose). Nothing is stored per agent, any thread
 * or MPI rank computes the same number for the same tuple, and agents can be born and
 * die without shifting anyone else's stream. All gsl_ran_* distributions work on top.
 *
 * Usage inside a parallel loop, without allocation: each thread owns one gsl_rng of type
 * csim_rng_philox (allocated outside the region) and calls csim_rng_reset() before the
 * draws of one (purpose, step, agent).
 */
#ifndef CSIM_SIM_RNG_H
#define CSIM_SIM_RNG_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

/** State of one Philox stream (40 bytes, no pointers: copy freely). */
typedef struct csim_rng_philox_state {
    uint32_t key[2]; /**< {seed low 32 bits, seed high 32 bits}                   */
    uint32_t ctr[4]; /**< {next block index, agent, step, purpose}                 */
    uint32_t buf[4]; /**< output of the last block generated                       */
    uint32_t next;   /**< index of the next unused word of buf; 4 = buf spent      */
} csim_rng_philox_state;

/**
 * A generator that lives wherever the caller puts it (typically a local variable inside
 * a parallel loop): no allocation, no sharing. Open it with csim_rng_stream_open.
 */
typedef struct csim_rng_stream {
    gsl_rng rng;                 /**< the gsl_rng view; its state points at `state`      */
    csim_rng_philox_state state; /**< the stream's own state                             */
} csim_rng_stream;

/**
 * Point `stream` at (seed, purpose, step, agent), draw 0, and return the gsl_rng view
 * to pass to gsl_rng_uniform / gsl_ran_*. The pointer is valid as long as `stream` is.
 * Cannot fail; O(1). Do not copy the struct after opening (the view points into it).
 */
gsl_rng *csim_rng_stream_open(csim_rng_stream *stream, uint64_t seed, uint32_t purpose,
                              uint32_t step, uint32_t agent);

/** The Philox4x32-10 generator type. gsl_rng_set(r, s) sets key = s, counter = 0. */
extern const gsl_rng_type *const csim_rng_philox;

/**
 * Point `rng` (which must be of type csim_rng_philox) at the stream
 * (seed, purpose, step, agent), draw 0. Cannot fail; O(1); touches only `rng`.
 */
void csim_rng_reset(gsl_rng *rng, uint64_t seed, uint32_t purpose, uint32_t step,
                    uint32_t agent);

/**
 * The n-th uniform double in [0, 1) of stream (seed, purpose, step, agent), with 53
 * random bits: the same value that the n-th gsl_rng_uniform() call after
 * csim_rng_reset() returns. Pure function; thread-safe.
 */
double csim_rng_uniform_at(uint64_t seed, uint32_t purpose, uint32_t step, uint32_t agent,
                           uint32_t n);

/**
 * Seed of replicate `replicate` of a run whose base seed is `base_seed`: a bijective mix
 * (SplitMix64 finaliser), so that replicate r of every scenario gets the same streams
 * (common random numbers) and different replicates get unrelated keys. Pure function.
 */
uint64_t csim_rng_replicate_seed(uint64_t base_seed, uint64_t replicate);

/**
 * Raw Philox4x32-10 block: out = philox4x32(ctr, key) with 10 rounds. Exposed for the
 * known-answer tests against Random123's published vectors. Pure function.
 */
void csim_rng_philox_block(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4]);

#endif /* CSIM_SIM_RNG_H */
