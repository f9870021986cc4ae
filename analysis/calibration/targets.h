/**
 * \file analysis/calibration/targets.h
 * Calibration targets (scenarios/targets.yaml) and their evaluation against replicate
 * ensembles: for every target, the model value in each replicate, the ensemble mean with
 * a 95% t-interval, and whether the mean is within the target's tolerance.
 */
#ifndef CSIM_ANALYSIS_TARGETS_H
#define CSIM_ANALYSIS_TARGETS_H

#include <stdbool.h>
#include <stddef.h>

#include "model/sim.h"
#include "sim/error.h"

typedef struct csim_target {
    char *name;            /**< human name (owned)                                       */
    char *observable;      /**< observable name, or NULL for a statistic (owned)         */
    char *index;           /**< component name of a vector observable, or NULL (owned)   */
    char *statistic;       /**< named run statistic, or NULL (owned)                     */
    int year;              /**< calendar year: December of it for an observable; for a
                                statistic the year it reports ('year:', or the value of
                                a year statistic, csim_sim_statistic_is_year); -1 when unknown */
    double value;          /**< the observation                                          */
    double tolerance;      /**< relative tolerance, or NaN                               */
    double tolerance_abs;  /**< absolute tolerance, or NaN                               */
    size_t column;         /**< position in the observable row (resolved at load)        */
    int line;              /**< line in the targets file, for messages                   */
} csim_target;

typedef struct csim_targets {
    size_t n;              /**< targets                                                  */
    csim_target *items;    /**< owned                                                    */
} csim_targets;

/**
 * Read a targets file. Every target must name a known observable (and a valid index for
 * a vector) or a known statistic, a year for observables, a value and one tolerance.
 * Targets may be of any calendar year (1900-2200); one outside the run has no value.
 * A statistic target may carry 'year:' (the year it reports, for --years); without it,
 * a year statistic (first_org_founding_year, first_association_year, first_site_year)
 * belongs to the year of its value.
 * \return CSIM_OK; CSIM_EIO (unreadable); CSIM_EPARSE with "FILE:LINE:COL: key 'K': ..."
 *         messages, one line per problem: every bad target of the file is reported.
 */
csim_status csim_targets_load(csim_targets *targets, const char *path);

/**
 * Keep only the targets of the calendar years first..last (both included), in file
 * order: a time split, e.g. calibrate on 2005-2008 and validate on 2009-2010.
 * \return CSIM_OK; CSIM_EPARSE ("PATH:LINE: key 'year': ...") when a target has no year
 *         (nothing is removed then); CSIM_EINVAL when no target is left.
 */
csim_status csim_targets_select_years(csim_targets *targets, int first, int last, const char *path);

/** Free; safe on zeroed or destroyed. */
void csim_targets_destroy(csim_targets *targets);

/**
 * Value of target k in a run, given the observable rows of every month done so far
 * (history[m * row_width + column]) and the run itself (for statistics). NaN when the
 * year is outside the run or the statistic is missing.
 */
double csim_target_value(const csim_target *target, const csim_sim *sim, const double *history,
                         long months, size_t row_width);

/** Summary of one target over replicates. */
typedef struct csim_target_result {
    size_t n;          /**< replicates with a value                        */
    double mean;       /**< their mean                                     */
    double half_width; /**< 95% t-interval half width (NaN when n < 2)      */
    bool pass;         /**< mean within tolerance (false when n == 0)       */
} csim_target_result;

/** Mean, 95% interval (csim_stats_mean_ci) and verdict from `n` replicate values (entries
 *  that are not finite, NaN for a replicate without a value, are skipped). */
csim_target_result csim_target_evaluate(const csim_target *target, const double *values, size_t n);

/**
 * Run replicates 0..n_replicates-1 of `params` (the same streams for every parameter set:
 * common random numbers) and fill values[k * n_replicates + r] with target k's value in
 * replicate r (NaN when missing). `progress`, when not NULL, is called after each
 * replicate with (done, total, context).
 * \return CSIM_OK or what csim_sim_create / csim_sim_step returned.
 */
csim_status csim_targets_run_ensemble(const csim_targets *targets, const csim_params *params,
                                      size_t n_replicates, double *values,
                                      void (*progress)(size_t done, size_t total, void *context),
                                      void *context);

/**
 * Distance of an ensemble from the targets, for calibration: the mean over targets of
 * min(z^2, 25) + min(10 max(0, |z| - 0.8)^2, 25), z = (mean - value) / tolerance, so a
 * value below 0.64 means every target sits well inside its tolerance and a target at or
 * past its edge costs much more than its share; a target missing in every replicate
 * counts z = 5. Tolerance 0 (exact targets) uses 0.5 as the scale.
 */
double csim_targets_distance(const csim_targets *targets, const double *values, size_t n_replicates);

#endif /* CSIM_ANALYSIS_TARGETS_H */
