/**
 * \file model/ties.h
 * The collaboration network: undirected ties with intensity, trust, age and origin,
 * stored as an edge list (struct-of-arrays, a < b) plus a CSR adjacency rebuilt from it
 * after every change of the tie list (serially, O(n + E)), which the parallel phases read.
 *
 * Why not igraph: this igraph build is not thread-safe and adding edges one call at a
 * time costs far too much at 10^6 firms (docs/CONVENTIONS.md fact 2); igraph is for analysis.
 */
#ifndef CSIM_MODEL_TIES_H
#define CSIM_MODEL_TIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/error.h"

typedef struct csim_ties {
    size_t n_ties;        /**< ties in the list (all alive after csim_ties_compact)   */
    size_t capacity;      /**< rows allocated                                        */
    uint32_t *a;          /**< lower actor index                                     */
    uint32_t *b;          /**< higher actor index                                    */
    double *weight;       /**< intensity w_ij in (0, 1]                              */
    double *trust;        /**< trust T_ij in [0, 1]                                  */
    int32_t *born;        /**< step the tie formed (-1 for the initial ties)         */
    int32_t *last_used;   /**< last step the tie was reinforced                      */
    uint8_t *origin;      /**< csim_origin                                           */
    uint8_t *dead;        /**< 1 when marked for removal at the next compaction      */
    uint8_t *outcome;     /**< joint work this month: 0 none, 1 success, 2 failure   */
    uint8_t *project;     /**< 1 when this month's joint work was a joint project    */

    /* CSR adjacency over actors 0..n_nodes-1, rebuilt by csim_ties_build_adjacency. */
    size_t n_nodes;       /**< actors covered by the adjacency                       */
    size_t node_capacity; /**< rows allocated in adj_offset                          */
    size_t *adj_offset;   /**< n_nodes + 1 offsets into adj_node / adj_tie           */
    uint32_t *adj_node;   /**< neighbour of each incidence                           */
    uint32_t *adj_tie;    /**< tie index of each incidence                           */
    size_t adj_capacity;  /**< rows allocated in adj_node / adj_tie                  */
    uint64_t version;     /**< bumped by every csim_ties_add and csim_ties_compact   */
    uint64_t adj_version; /**< `version` when the adjacency was last built           */
} csim_ties;

/** Empty network with room for `capacity` ties. CSIM_ENOMEM leaves it destroyed. */
csim_status csim_ties_init(csim_ties *ties, size_t capacity);

/** Free everything; safe on a zeroed or destroyed struct. */
void csim_ties_destroy(csim_ties *ties);

/**
 * Append a tie between actors `u` != `v` (stored as a < b). Does not check for an
 * existing tie: callers deduplicate first (csim_ties_find on the current adjacency).
 * \return CSIM_OK, CSIM_EINVAL (u == v) or CSIM_ENOMEM. Serial code only.
 */
csim_status csim_ties_add(csim_ties *ties, uint32_t u, uint32_t v, double weight, double trust,
                          int32_t step, uint8_t origin);

/** Remove the ties marked dead, keeping the order of the others. O(E). Serial. */
void csim_ties_compact(csim_ties *ties);

/**
 * Rebuild the CSR adjacency for `n_nodes` actors from the ties not marked dead.
 * Neighbours of each actor are sorted by actor index (then tie index), so the adjacency
 * is a pure function of the tie list and lookups are binary searches.
 * \return CSIM_OK or CSIM_ENOMEM. Call from serial code; it runs OpenMP loops inside
 * (integer atomics for the counts, then a sort per actor: the same result for any
 * thread count). O(n_nodes + E) work.
 */
csim_status csim_ties_build_adjacency(csim_ties *ties, size_t n_nodes);

/**
 * Rebuild the adjacency only if the tie list changed (csim_ties_add, csim_ties_compact)
 * or `n_nodes` differs since the last build. Code that marks ties dead without
 * compacting, or edits the arrays directly, must call csim_ties_build_adjacency.
 * \return CSIM_OK or CSIM_ENOMEM. Serial.
 */
csim_status csim_ties_refresh_adjacency(csim_ties *ties, size_t n_nodes);

/** Tie index between u and v in the current adjacency, or -1. O(degree). Thread-safe. */
long csim_ties_find(const csim_ties *ties, uint32_t u, uint32_t v);

/** Degree of actor v in the current adjacency. Cannot fail. */
static inline size_t csim_ties_degree(const csim_ties *ties, size_t v) {
    return ties->adj_offset[v + 1] - ties->adj_offset[v];
}

/**
 * Trust a new tie u-v starts with, from what common partners report (reputation): the
 * mean over common partners k of min(T_uk, T_kv) (trust passes along a chain at most as
 * strong as its weaker link), with `prior` counted as `prior_weight` more reports.
 * O(deg u + deg v). Thread-safe.
 */
double csim_ties_reported_trust(const csim_ties *ties, uint32_t u, uint32_t v, double prior,
                                double prior_weight);

/** Number of common neighbours of u and v in the current adjacency. O(deg u + deg v). */
size_t csim_ties_shared_partners(const csim_ties *ties, uint32_t u, uint32_t v);

/** Whether u and v have a common neighbour (stops at the first). Thread-safe. */
bool csim_ties_have_shared_partner(const csim_ties *ties, uint32_t u, uint32_t v);

#endif /* CSIM_MODEL_TIES_H */
