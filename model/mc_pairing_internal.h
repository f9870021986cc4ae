/**
 * \file model/mc_pairing_internal.h
 * Which mini-clusters merge when the policy cuts their number (policy.c): one round of
 * greedy matching on theme similarity. Only for the model/ sources and model tests.
 *
 * The rule: list every pair (a < b) of active MCs with the cosine similarity of their
 * themes, sort by similarity (highest first), then a, then b, and walk the list, merging
 * a pair when neither MC has merged yet this round, until `max_merges` merges are made.
 * Listing the pairs costs O(M^2) memory and time, which at 10^6 firms (thousands of MCs)
 * means gigabytes. The same merges come from the distinct themes: MCs with bitwise equal
 * themes have bitwise equal similarities, so only the D(D+1)/2 pairs of distinct themes
 * are listed; within a run of equal similarity the walk in (a, b) order is replayed
 * exactly: each a, in increasing order, takes the smallest unmerged b > a among the MCs
 * whose theme is at that similarity from its own. Before the first merge D is the
 * number of themes in policy.mc_themes (a handful); after merges it grows by at most
 * one theme per merge.
 */
#ifndef CSIM_MODEL_MC_PAIRING_INTERNAL_H
#define CSIM_MODEL_MC_PAIRING_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "model/programme.h"
#include "sim/error.h"

/**
 * Cosine similarity of two themes (CSIM_N_FIELDS weights), 0 if one is all zero.
 * Symmetric bit for bit. Pure function.
 */
double csim_mc_pairing__similarity(const double *a, const double *b);

/**
 * One round of the greedy merge matching over the active MCs of `prog`.
 * \param max_merges  stop after this many merges (active - target)
 * \param first       filled: first[k] < second[k] are the slots of the k-th merge, in
 *                    the order of the sorted pair list; room for max_merges entries
 * \param second      filled, as `first`
 * \param n_out       number of merges made (at most max_merges and active / 2)
 * \return CSIM_OK or CSIM_ENOMEM. Serial. O(M log M + D^2 log D + D M) time.
 */
csim_status csim_mc_pairing__greedy(const csim_programme *prog, size_t max_merges,
                                    uint32_t *first, uint32_t *second, size_t *n_out);

/**
 * The same round by listing and sorting every pair of active MCs: the reference the
 * fast version must reproduce (tests). O(M^2) memory. \return CSIM_OK or CSIM_ENOMEM.
 */
csim_status csim_mc_pairing__greedy_all_pairs(const csim_programme *prog, size_t max_merges,
                                              uint32_t *first, uint32_t *second,
                                              size_t *n_out);

#endif /* CSIM_MODEL_MC_PAIRING_INTERNAL_H */
