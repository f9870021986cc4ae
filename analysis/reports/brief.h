/**
 * \file analysis/reports/brief.h
 * The numbers of a policy brief (`clustersim report`): for every scenario of a loaded
 * comparison, its paired effect on each outcome of the brief's settings at the brief's
 * year, its programme spending over the run, and its rank.
 *
 * - Effects are the comparison's rows (analysis/statistics/comparison.h): the mean over replicates
 *   of scenario minus baseline, replicate by replicate, with its interval, cut at the
 *   support.
 * - Spending: the cost observable (KRW million a month) summed over every month of a run,
 *   then averaged over replicates, with its interval; and paired against the baseline.
 * - Rank: by the first outcome's effect in the direction that is better (the baseline,
 *   at effect 0, takes its place among the others); a scenario without an effect (no
 *   complete pair) comes last; ties keep the index's order.
 * An effect is "beyond noise" when its interval excludes 0; with fewer than two pairs
 * there is no interval and nothing is beyond noise.
 *
 * Thread-safety: reentrant.
 */
#ifndef CSIM_ANALYSIS_BRIEF_H
#define CSIM_ANALYSIS_BRIEF_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis/reports/brief_config.h"
#include "analysis/statistics/comparison.h"
#include "sim/error.h"

/** A brief's numbers. Borrows the comparison and settings it was computed from. */
typedef struct csim_brief {
    const csim_comparison *c;          /**< borrowed                                   */
    const csim_brief_config *cfg;      /**< borrowed                                   */
    int year;                          /**< the calendar year compared                 */
    size_t *measure;                   /**< owned: n_outcomes indices into c->measures  */
    size_t cost_measure;               /**< index of the cost in c->measures           */
    const csim_comparison_row **cells; /**< owned: [outcome][label] rows of c          */
    csim_stats_summary *cost;          /**< owned: [label] spending per run, KRW million */
    csim_stats_summary *cost_diff;     /**< owned: [label] paired against the baseline  */
    size_t *rank;                      /**< owned: label indices, best first           */
} csim_brief;

/**
 * Compute the brief of `c`, which must have been loaded with every outcome's measure and
 * the cost among its measures and with `year` among its years.
 * \param b  uninitialised; filled on success, left destroyed on failure
 * \return CSIM_OK; CSIM_EINVAL (a measure or the year missing from `c`; a cost that is a
 *         persistence measure); CSIM_ENOMEM.
 */
csim_status csim_brief_compute(csim_brief *b, const csim_comparison *c,
                               const csim_brief_config *cfg, int year);

/** Whether summary `s` has an interval and it excludes 0. */
bool csim_brief_beyond_noise(const csim_stats_summary *s);

/**
 * The plain-language sentence of `label` (not the baseline), from the numbers: the first
 * outcome's effect with its interval and its size relative to the baseline, the
 * spending against the baseline's, every other outcome whose effect is beyond noise, and
 * whether the rest differ. E.g. "stable-funding raises SME knowledge by 0.012 [0.005,
 * 0.019] (+8%) against gumi-baseline in 2015, at 3% more programme money; the other
 * outcomes do not differ beyond noise." Writes at most `size` bytes. Cannot fail.
 */
void csim_brief_sentence(const csim_brief *b, size_t label, char *buf, size_t size);

/**
 * Write value `v` with a precision that suits `scale` (three significant digits of the
 * larger of |v| and |scale|, no exponent: 0.0123, 12.3, 12345), with a sign when
 * `sign`; "n/a" when not finite. Cannot fail.
 */
void csim_brief_number(double v, double scale, bool sign, char *buf, size_t size);

/**
 * "mean [lo, hi]" of `s` in csim_brief_number's precision ("mean" alone without an
 * interval, "n/a" without a mean). Cannot fail.
 */
void csim_brief_interval(const csim_stats_summary *s, bool sign, char *buf, size_t size);

/** Free what `b` owns; safe on a zeroed or destroyed struct, idempotent. */
void csim_brief_destroy(csim_brief *b);

#endif /* CSIM_ANALYSIS_BRIEF_H */
