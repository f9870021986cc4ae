/**
 * \file analysis/bounds.h
 * The support of a measure -- the values it can take -- and intervals kept inside it.
 *
 * A t interval of the mean of three replicates of a count can reach below zero (an
 * interval of "-2 to 5 organisations"), and one of a share above one. The ensemble mean
 * itself cannot leave the support, so cutting the interval at the support's bounds keeps
 * every value it could be while keeping the interval's coverage: the true mean is never
 * in the part cut off. (A bootstrap percentile interval also stays inside, but with the
 * 3 to 10 replicates of an ensemble it is too narrow, covering far less than 95%.)
 *
 * Three kinds, from the unit a trajectory file writes on each observable (@unit):
 *  - share: unit "1". In this model every dimensionless observable is a share or a mean
 *    of values held in [0, 1] (knowledge, trust, their spread), so its mean lies in [0, 1]
 *    and a paired effect in [-1, 1];
 *  - nonnegative: any other unit (firms, ties, organisations, KRW million): counts and
 *    money, never below 0; an effect is not bounded;
 *  - real: no unit known; nothing is cut.
 * A built-in measure whose unit is "1" but that is not a share (the persistence ratios)
 * states its kind in analysis/measures.c.
 *
 * Thread-safety: reentrant; no state.
 */
#ifndef CSIM_ANALYSIS_BOUNDS_H
#define CSIM_ANALYSIS_BOUNDS_H

#include "analysis/stats.h"

/** What values a measure can take. */
typedef enum csim_bounds {
    CSIM_BOUNDS_REAL = 0,    /**< any real number                         */
    CSIM_BOUNDS_NONNEGATIVE, /**< [0, inf): counts and amounts of money   */
    CSIM_BOUNDS_SHARE        /**< [0, 1]                                  */
} csim_bounds;

/** The kind of an observable with unit `unit` (NULL or "": real). Cannot fail. */
csim_bounds csim_bounds_of_unit(const char *unit);

/** "real", "nonnegative" or "share", as the CSV and JSON outputs write it. */
const char *csim_bounds_name(csim_bounds b);

/**
 * Cut the interval [lo, hi] of a summary of values of kind `b` at the kind's bounds
 * (the mean is left alone: a mean of values inside the support is inside it). `half`
 * keeps the t half-width, so the symmetric interval can still be recovered. Cannot fail.
 */
void csim_bounds_clip_value(csim_bounds b, csim_stats_summary *s);

/** The same for a paired difference of two values of kind `b` (a share: [-1, 1]). */
void csim_bounds_clip_effect(csim_bounds b, csim_stats_summary *s);

#endif /* CSIM_ANALYSIS_BOUNDS_H */
