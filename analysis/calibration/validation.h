/**
 * \file analysis/calibration/validation.h
 * The report of `clustersim validate`: for every target, the tolerance verdict on the
 * ensemble mean (analysis/calibration/targets.h, what calibration minimises) beside the predictive
 * check of single replicates (analysis/statistics/predictive.h), and a summary over targets.
 *
 * Scaled scores: a target's CRPS and interval score divided by its tolerance in the
 * target's unit (tolerance_abs, or tolerance * |value|; 0.5 for an exact target, as in
 * csim_targets_distance), so that targets in firms, shares and years can be averaged.
 * A scaled CRPS of 1 means single replicates miss by about one tolerance; dividing by a
 * constant keeps the score proper.
 *
 * Enough replicates: a target is settled when each verdict it reports would stand with
 * its statistic moved by two Monte Carlo standard errors: the tolerance verdict (the
 * mean, se = sd / sqrt(n), margin = | |mean - value| - tolerance |) and the interval
 * verdict (each quantile, its bootstrap se, margin = |value - quantile|). For a target
 * that is not, `needed` is the replicate count that would settle it if the margins stay
 * as they are (csim_predictive_replicates_needed); a target whose observation sits
 * exactly on an edge can never be settled and is counted apart; a target with a single
 * replicate value asks for CSIM_VALIDATION_MIN_REPLICATES.
 */
#ifndef CSIM_ANALYSIS_VALIDATION_H
#define CSIM_ANALYSIS_VALIDATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "analysis/statistics/predictive.h"
#include "analysis/calibration/targets.h"
#include "sim/error.h"

/** Largest replicate count ever suggested. */
#define CSIM_VALIDATION_MAX_SUGGESTION ((size_t) 10000)

/** Suggested when a target has one replicate value (no error can be estimated). */
#define CSIM_VALIDATION_MIN_REPLICATES ((size_t) 10)

/** Bootstrap resamples behind the quantiles' standard errors, and their seed. */
#define CSIM_VALIDATION_BOOTSTRAP 1000
#define CSIM_VALIDATION_SEED 20050101u

/** One target's line of the report. */
typedef struct csim_validation_row {
    const csim_target *target;   /**< borrowed from the targets                        */
    double tolerance;            /**< absolute tolerance in the target's unit           */
    csim_target_result verdict;  /**< mean, 95% t half-width, tolerance verdict         */
    csim_predictive pred;        /**< predictive interval, rank, scores, MC errors       */
    double crps_scaled;          /**< crps / scale                                       */
    double interval_score_scaled;/**< interval score / scale                             */
    size_t needed;               /**< replicates that settle both verdicts; SIZE_MAX when
                                      the observation sits on an edge                    */
} csim_validation_row;

/** A whole report. Zeroed is a valid empty one. */
typedef struct csim_validation {
    size_t n_rows;               /**< targets                                            */
    csim_validation_row *rows;   /**< owned                                              */
    size_t replicates;           /**< replicates run                                     */
    size_t passed;               /**< targets whose mean is within tolerance             */
    size_t inside;               /**< targets inside their predictive interval           */
    size_t scored;               /**< targets with at least one replicate value          */
    double coverage;             /**< inside / n_rows (a target no replicate measured
                                      counts as outside)                                 */
    double mean_crps_scaled;     /**< mean over scored targets                           */
    double mean_interval_score_scaled; /**< mean over scored targets                     */
    size_t unsettled;            /**< targets not settled at 2 standard errors           */
    size_t on_edge;              /**< of those, targets no replicate count settles       */
    size_t suggested;            /**< largest finite `needed` (= replicates when settled) */
} csim_validation;

/**
 * Compute the report from values[k * replicates + r] (target k, replicate r; NaN when a
 * replicate has no value), as csim_targets_run_ensemble fills them.
 * \param v  uninitialised; filled on success, left destroyed on failure
 * \return CSIM_OK or CSIM_ENOMEM.
 */
csim_status csim_validation_compute(csim_validation *v, const csim_targets *targets,
                                    const double *values, size_t replicates);

/** Free; safe on zeroed or destroyed, idempotent. */
void csim_validation_destroy(csim_validation *v);

/** What the writers print in their header besides the figures. Strings borrowed. */
typedef struct csim_validation_context {
    const char *scenario;        /**< scenario name                                      */
    const char *targets_path;    /**< targets file                                       */
    int first_year, last_year;   /**< --years, or 0 and 0 for every year                 */
    double elapsed_s;            /**< seconds the replicates took                        */
} csim_validation_context;

/** A table for people, with a legend and the summary lines. */
void csim_validation_write_table(const csim_validation *v, const csim_validation_context *ctx, FILE *out);

/** CSV, one row per target (header line; empty fields for missing values). */
void csim_validation_write_csv(const csim_validation *v, const csim_validation_context *ctx, FILE *out);

/** JSON: settings, one object per target, and the summary. */
void csim_validation_write_json(const csim_validation *v, const csim_validation_context *ctx, FILE *out);

#endif /* CSIM_ANALYSIS_VALIDATION_H */
