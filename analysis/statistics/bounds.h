/**
 * \file analysis/statistics/bounds.h
 * The support of a measure -- the values it can take -- and intervals kept inside it.
 *
 * A t interval of the mean of three replicates of a count can reach below zero (an
 * interval of "-2 to 5 organisations"), and one of a share above one. The ensemble mean
 * itself cannot leave the support, so cutting the interval at the support's bounds keeps
 * every value it could be while keeping the interval's coverage: the true mean is never
 * in the part cut off. (A bootstrap percentile interval also stays inside, but with the
 * 3 to 10 replicates of an ensemble it is too narrow, covering far less than 95%.)
 *
 * Three kinds, from what a trajectory file says of each observable (@unit of
 * /observables/NAME/value, @description of /observables/NAME), so no model header is
 * needed:
 *  - share: unit "1" and a share by name or description ("..._share", "share of ...");
 *    its mean lies in [0, 1] and a paired effect in [-1, 1];
 *  - nonnegative: a unit other than "1" (firms, ties, organisations, KRW million):
 *    counts and money, never below 0; an effect is not bounded;
 *  - real: any other dimensionless quantity (knowledge levels, which exceed 1; trust) or
 *    no unit at all: its bounds are not known here, so nothing is cut.
 * The persistence ratios (unit "1", never below 0) state their kind in
 * analysis/statistics/comparison.c.
 *
 * Thread-safety: reentrant; no state.
 */
#ifndef CSIM_ANALYSIS_BOUNDS_H
#define CSIM_ANALYSIS_BOUNDS_H

#include "analysis/statistics/stats.h"

/** What values a measure can take. */
typedef enum csim_bounds {
    CSIM_BOUNDS_REAL = 0,    /**< any real number                         */
    CSIM_BOUNDS_NONNEGATIVE, /**< [0, inf): counts and amounts of money   */
    CSIM_BOUNDS_SHARE        /**< [0, 1]                                  */
} csim_bounds;

/**
 * The kind of an observable named `name` with unit `unit` and one-line `description`
 * (each may be NULL). Cannot fail.
 */
csim_bounds csim_bounds_of(const char *name, const char *unit, const char *description);

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
