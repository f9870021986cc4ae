/**
 * \file bench/docking.h
 * The docking kernel (bench/README.md): knowledge diffusion by barter on
 * a Watts-Strogatz ring (Cowan & Jonard 2004), a small, exactly specified model that
 * other tools can implement too, so that speed is compared on identical work (Axtell et
 * al. 1996). It is also the model's learning rule in isolation.
 *
 * State: N agents, K = 16 knowledge fields, v_ik(0) ~ U(0, 1) from the counter-based
 * streams (seed, CSIM_DOCKING_PURPOSE, step 0, agent i, draw k). One synchronous step:
 *   A_i = { neighbours j with a double coincidence: v_jk > v_ik for some k and
 *           v_il > v_jl for some l }
 *   v_ik(t+1) = v_ik(t) + (alpha / deg_i) sum_{j in A_i} max(0, v_jk(t) - v_ik(t)).
 * Reported per step: the mean of v over all i, k and the variance across agents of each
 * agent's mean (the result figure: the mean rises, the variance falls).
 *
 * Determinism: every agent reads step t and writes only its own row of step t + 1, and
 * the two statistics are sums over fixed blocks of CSIM_DOCKING_BLOCK agents (each in
 * agent order) added in block order, so results are bit-identical for any thread count.
 */
#ifndef CSIM_ANALYSIS_DOCKING_H
#define CSIM_ANALYSIS_DOCKING_H

#include <stddef.h>
#include <stdint.h>

#include "sim/error.h"

#define CSIM_DOCKING_K 16                 /**< knowledge fields per agent              */
#define CSIM_DOCKING_BLOCK 1024           /**< agents per block of the reductions      */
#define CSIM_DOCKING_PURPOSE 0x646f636bu  /**< stream purpose of v(0) ("dock")         */

/** One docking run: the network as CSR and two knowledge buffers. */
typedef struct csim_docking {
    size_t n;            /**< agents                                                    */
    size_t *offset;      /**< n + 1 offsets into `target`                               */
    uint32_t *target;    /**< neighbours of each agent, sorted by index                  */
    double *v;           /**< n x CSIM_DOCKING_K knowledge of the current step           */
    double *v_next;      /**< the same, written by the step                              */
    double *agent_mean;  /**< n: each agent's mean knowledge after the last step         */
    double *block_sum;   /**< one partial sum per block of CSIM_DOCKING_BLOCK agents     */
} csim_docking;

/** Statistics of one state: the result figure. */
typedef struct csim_docking_stats {
    double mean;         /**< mean of v over all agents and fields                      */
    double var_means;    /**< variance across agents of each agent's mean (population)   */
} csim_docking_stats;

/**
 * Allocate a run of `n` agents on the network given as CSR (copied; `offset` has n + 1
 * entries, neighbours of i are target[offset[i]..offset[i+1]), no self-loops).
 * \return CSIM_OK, CSIM_EINVAL (n == 0, bad offsets or neighbour out of range) or
 *         CSIM_ENOMEM; on error `d` is left destroyed. Serial. O(n + edges).
 */
csim_status csim_docking_init(csim_docking *d, size_t n, const size_t *offset,
                              const uint32_t *target);

/**
 * Allocate a run on a Watts-Strogatz ring made by igraph_watts_strogatz_game(dim 1,
 * size n, nei, p, no loops, no multi-edges), with igraph's default generator seeded by
 * igraph_rng_seed(igraph_rng_default(), seed) first. Calls igraph: serial code only.
 * \return CSIM_OK, CSIM_EINVAL (n < 2 nei + 2 or p outside [0, 1]), CSIM_EGRAPH or
 *         CSIM_ENOMEM; on error `d` is left destroyed.
 */
csim_status csim_docking_init_ring(csim_docking *d, size_t n, size_t nei, double p,
                                   uint64_t seed);

/** Set v(0) ~ U(0, 1) from the streams of `seed` (parallel, deterministic). */
void csim_docking_reset(csim_docking *d, uint64_t seed);

/** Statistics of the current state (parallel over blocks, deterministic). */
csim_docking_stats csim_docking_measure(csim_docking *d);

/**
 * One synchronous step with learning rate `alpha`, then the statistics of the new state
 * in `*stats` (may be NULL). Parallel (OpenMP), no allocation; bit-identical for any
 * thread count. O(n K + edges K).
 */
void csim_docking_step(csim_docking *d, double alpha, csim_docking_stats *stats);

/** Number of directed edges (sum of degrees). Cannot fail. */
static inline size_t csim_docking_incidences(const csim_docking *d) {
    return d->offset[d->n];
}

/** Free everything; safe on a zeroed or destroyed struct. */
void csim_docking_destroy(csim_docking *d);

#endif /* CSIM_ANALYSIS_DOCKING_H */
