/**
 * \file model/mc_pairing_internal.h
 * Which mini-clusters merge when the policy cuts their number (policy.c): one round of
 * greedy matching. Only for the model/ sources and model tests.
 *
 * The rule (docs/ODD.md 7.1, "Merging"): the agency cuts duplicated service first. MCs
 * with bitwise equal themes form a class (twins: a scaled-up programme opens k offices
 * of each theme). Merges are chosen one at a time, each office merging at most once per
 * round, only between offices of the same district (csim_mc.district; a class is the
 * offices of one theme in one district), by
 *   0. two offices of one broader industry (csim_fields_same_industry of their main
 *      fields under policy.mc_industry) before any pair across industries: the agency
 *      merges related industries into broader MCs (the 2007 reorganisation);
 *   1. the most similar themes (cosine similarity; two twins: 1);
 *   1b. among equally similar pairs, the district with the most offices left, counting
 *      each merge chosen this round: the cut is shared out over the districts, so at
 *      run.scale k each of the k districts makes the scale-1 cut;
 *   2. among equally similar pairs, the themes with the most offices left (a pair of
 *      twins: the offices of their class; two classes: the smaller count), counting each
 *      merge chosen this round;
 *   3. then the pair whose two offices (those of rule 4) have the fewest members: the
 *      weakest offices are merged first; then the earliest-opened theme (the class
 *      whose first slot is lowest), then the other class likewise;
 *   4. inside the chosen classes, the smallest offices (base capacity, then members,
 *      then the lowest slot): two small offices are the least viable alone.
 * Rule 2 makes the cut scale-free: at run.scale k each theme has k times the offices it
 * has at scale 1, and the most duplicated themes lose offices first, so a programme of
 * k copies merges into k copies of what the scale-1 programme becomes (the older rule,
 * similarity then slot order, merged the first-opened theme's twins again and again).
 * Cost: O(M log M) to form the classes, then O(D^2) per merge for D classes (D is the
 * number of themes in policy.mc_themes until a merge mixes two themes).
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
 * One round of the merge matching over the active MCs of `prog` (the rule above).
 * \param industry    policy.mc_industry: a label per field (CSIM_N_FIELDS)
 * \param max_merges  stop after this many merges (active - target)
 * \param first       filled: first[k] < second[k] are the slots of the k-th merge, in
 *                    the order chosen; room for max_merges entries
 * \param second      filled, as `first`
 * \param n_out       number of merges made (at most max_merges and active / 2)
 * \return CSIM_OK or CSIM_ENOMEM. Serial, deterministic (no random draw).
 */
csim_status csim_mc_pairing__greedy(const csim_programme *prog, const double *industry,
                                    size_t max_merges, uint32_t *first, uint32_t *second,
                                    size_t *n_out);

#endif /* CSIM_MODEL_MC_PAIRING_INTERNAL_H */
