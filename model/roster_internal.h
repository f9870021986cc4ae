/**
 * \file model/roster_internal.h
 * Actors grouped by a body (MC, organisation, ...): a stable counting sort, run in
 * parallel. Only for the model/ sources and model tests.
 *
 * Body k's members are list[start[k]..start[k + 1]) in increasing actor index, exactly
 * what a serial scan of the actors would list, for any thread count: each thread counts
 * and then places one contiguous block of actors, and the blocks are laid out in order.
 * O(n + threads x bodies) work; used once per phase instead of one O(n) scan per body.
 */
#ifndef CSIM_MODEL_ROSTER_INTERNAL_H
#define CSIM_MODEL_ROSTER_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "sim/error.h"

typedef struct csim_roster {
    size_t n_keys;     /**< bodies                                                   */
    size_t *start;     /**< n_keys + 1 offsets into list                             */
    size_t *list;      /**< actor indices, grouped by body, increasing within a body */
    size_t list_cap;   /**< rows allocated in list                                   */
    size_t keys_cap;   /**< rows allocated in start                                  */
    size_t *counts;    /**< workspace: threads x n_keys counters                     */
    size_t counts_cap; /**< rows allocated in counts                                 */
} csim_roster;

/**
 * Group actors 0..n-1 by key[i] (an actor is listed when 0 <= key[i] < n_keys and, where
 * the filters are not NULL, alive[i] and keep[i] are non-zero). Reuses the roster's
 * memory. Call from serial code (it opens its own parallel region).
 * \return CSIM_OK or CSIM_ENOMEM (the roster is then empty but valid).
 */
csim_status csim_roster__build(csim_roster *r, size_t n, const int32_t *key, size_t n_keys,
                               const uint8_t *alive, const uint8_t *keep);

/** Members of body k: count, and the first of them. Cannot fail. */
static inline size_t csim_roster__size(const csim_roster *r, size_t k) {
    return r->start[k + 1] - r->start[k];
}
static inline const size_t *csim_roster__members(const csim_roster *r, size_t k) {
    return r->list + r->start[k];
}

/** Free everything; safe on a zeroed or destroyed roster. */
void csim_roster__destroy(csim_roster *r);

#endif /* CSIM_MODEL_ROSTER_INTERNAL_H */
