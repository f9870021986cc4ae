/**
 * \file model/mc_index_internal.h
 * Exact search for the mini-cluster whose theme best fits a knowledge profile
 * (membership.c). Only for the model/ sources and model tests.
 *
 * A firm chooses by fit and room. The fit of MC m to profile v is theme_m . v, summed
 * over the fields in order; its room is the service a newcomer would get
 * (csim_mc_service with one member more, in (0, 1]). MCs with identical themes
 * ("twins", as a scaled-up programme opens them) form one class whose room is the
 * largest of its members'. The answer is the class of largest fit x room, the lowest
 * slot on equal scores (what a scan of the slots in order with a strict `>` returns),
 * given as its lowest slot; the caller then chooses among the twins
 * (csim_mc_index__twins), so that no twin is favoured by its slot number. A scan costs O(MCs) per firm, and MCs
 * grow with run.scale like the firms, so at 10^6 firms the scan alone is O(n^2) a step.
 * The index answers the same question in about O(log MCs): identical themes collapse
 * to their lowest slot, the distinct themes sit in a binary tree whose nodes keep the
 * field-wise maximum theme of their subtree, and a depth-first search skips a subtree
 * whose bound (that maximum dotted with v) cannot beat the best fit found so far.
 *
 * Why the answer is bit-identical to the scan: with v >= 0 every product and partial
 * sum is non-negative, and IEEE rounding is monotone, so the bound computed in the same
 * field order is >= the computed fit of every theme below it, bit for bit, and room
 * <= 1 keeps it >= every score. A subtree is
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
    uint32_t *class_slots;       /**< slots of every class, by class, in slot order */
    uint32_t *class_start;       /**< class c: class_slots[class_start[c]..class_start[c+1]) */
    uint32_t *class_of;          /**< per slot: its class (valid for active slots)  */
    double *class_room;          /**< per class, n_district + 1 columns: the largest room of its twins in each district (csim_mc_index__best), then in all */
    uint32_t n_district;         /**< districts with an office: 1 + the largest district */
    size_t room_capacity;        /**< entries allocated in class_room               */
} csim_mc_index;

/** Share of full service each of `members` members of `mc` gets: capacity / members when
 * crowded, else 1 (an office serves `capacity` members fully; docs/ODD.md 7.5). */
static inline double csim_mc_service(const csim_mc *mc, double members) {
    return members > mc->capacity && members > 0.0 ? mc->capacity / members : 1.0;
}

/**
 * Whether MC `mc` takes members: every active MC does. A crowded office serves each
 * member less (membership.c), which is what limits it; there is no queue. Cannot fail.
 */
static inline int csim_mc_index__open(const csim_mc *mc) {
    return mc->active;
}

/** The slots of the class (identical theme) of active slot `slot`, in slot order; their
 * count in *count. Thread-safe (reads only). */
static inline const uint32_t *csim_mc_index__twins(const csim_mc_index *ix, uint32_t slot,
                                                   size_t *count) {
    const uint32_t c = ix->class_of[slot];
    *count = ix->class_start[c + 1] - ix->class_start[c];
    return ix->class_slots + ix->class_start[c];
}

/**
 * (Re)build the index over the open MCs (csim_mc_index__open) of `prog` (borrowed until the next build or
 * destroy; the MC table must not change in between). Reuses the index's memory.
 * \return CSIM_OK or CSIM_ENOMEM (the index is then empty). Serial. O(M log^2 M).
 */
csim_status csim_mc_index__build(csim_mc_index *ix, const csim_programme *prog);

/**
 * Lowest slot of the class of active MCs with the largest fit x room for `v`
 * (CSIM_N_FIELDS values) for a firm of `district` (csim_sim__districts), or -1 when none
 * is active: the same slot as a scan of all slots in order. A firm attends the offices
 * of its own district: a class's room is that of its roomiest twin in the district, 0
 * when the class has no office there; in a district with no office at all, its roomiest
 * twin's anywhere. At scale 1 (one district) the room of its roomiest twin. Thread-safe
 * (reads only).
 */
int32_t csim_mc_index__best(const csim_mc_index *ix, const double *v, uint32_t district);

/** The reference scan over all open slots (also the fallback for profiles with v < 0). */
int32_t csim_mc_index__scan(const csim_programme *prog, const double *v, uint32_t district);

/** Free everything; safe on a zeroed or destroyed index. */
void csim_mc_index__destroy(csim_mc_index *ix);

#endif /* CSIM_MODEL_MC_INDEX_INTERNAL_H */
