/**
 * \file model/mc_index_internal.h
 * Exact search for the mini-cluster whose theme best fits a knowledge profile
 * (membership.c). Only for the model/ sources and model tests.
 *
 * The fit of MC m to profile v is theme_m . v, summed over the fields in order; the
 * answer is the open MC (active, with room) of largest fit, the lowest slot on equal fits (what a scan of
 * the slots in order with a strict `>` returns). A scan costs O(MCs) per firm, and MCs
 * grow with run.scale like the firms, so at 10^6 firms the scan alone is O(n^2) a step.
 * The index answers the same question in about O(log MCs): identical themes collapse
 * to their lowest slot, the distinct themes sit in a binary tree whose nodes keep the
 * field-wise maximum theme of their subtree, and a depth-first search skips a subtree
 * whose bound (that maximum dotted with v) cannot beat the best fit found so far.
 *
 * Why the answer is bit-identical to the scan: with v >= 0 every product and partial
 * sum is non-negative, and IEEE rounding is monotone, so the bound computed in the same
 * field order is >= the computed fit of every theme below it, bit for bit. A subtree is
 * skipped only when its bound is below the best fit, or equal to it with no slot below
 * the best one. Profiles with a negative or NaN entry fall back to the scan.
 */
#ifndef CSIM_MODEL_MC_INDEX_INTERNAL_H
#define CSIM_MODEL_MC_INDEX_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "model/programme.h"
#include "sim/error.h"

/** One node of the tree: a leaf holds items[first..first+count) of the index. */
typedef struct csim_mc_node {
    double bound[CSIM_N_FIELDS]; /**< field-wise maximum theme over the subtree     */
    uint32_t min_slot;           /**< lowest MC slot in the subtree                */
    uint32_t first, count;       /**< range of `items` covered                     */
    int32_t left, right;         /**< children, -1 for a leaf                      */
} csim_mc_node;

/** Search index over the active MCs of one programme state. */
typedef struct csim_mc_index {
    const csim_programme *prog;  /**< borrowed: the programme it was built from     */
    uint32_t *items;             /**< MC slots with distinct themes (tree order)   */
    size_t n_items;              /**< distinct active themes                       */
    csim_mc_node *nodes;         /**< nodes[0] is the root when n_items > 0        */
    size_t n_nodes;              /**< nodes used                                   */
    size_t capacity;             /**< rows allocated in items and nodes / 2        */
} csim_mc_index;

/**
 * Whether MC `mc` takes members: active and below its capacity. A full MC is not an
 * option for a firm deciding to join; it turns to the next best (so two MCs with the
 * same theme fill one after the other). Cannot fail.
 */
static inline int csim_mc_index__open(const csim_mc *mc) {
    return mc->active && (double) mc->members < mc->capacity;
}

/**
 * (Re)build the index over the open MCs (csim_mc_index__open) of `prog` (borrowed until the next build or
 * destroy; the MC table must not change in between). Reuses the index's memory.
 * \return CSIM_OK or CSIM_ENOMEM (the index is then empty). Serial. O(M log^2 M).
 */
csim_status csim_mc_index__build(csim_mc_index *ix, const csim_programme *prog);

/**
 * Slot of the active MC whose theme best fits `v` (CSIM_N_FIELDS values), or -1 when
 * none is active: the same slot as a scan of all slots in order. Thread-safe (reads only).
 */
int32_t csim_mc_index__best(const csim_mc_index *ix, const double *v);

/** The reference scan over all open slots (also the fallback for profiles with v < 0). */
int32_t csim_mc_index__scan(const csim_programme *prog, const double *v);

/** Free everything; safe on a zeroed or destroyed index. */
void csim_mc_index__destroy(csim_mc_index *ix);

#endif /* CSIM_MODEL_MC_INDEX_INTERNAL_H */
