/**
 * \file analysis/statistics/comparison.h
 * Scenario comparison over an ensemble folder (`clustersim compare`, `plot`, `sobol`).
 *
 * Loading reads every complete task file of DIR (analysis/readers/ensemble_read.h) and computes
 * each measure (analysis/statistics/measures.h) per task: a monthly series, aligned across
 * scenarios on calendar months, or one persistence value.
 *
 * Results, per point label (a scenario of an ensemble), measure and year (or once for a
 * persistence measure):
 *  - the ensemble mean of the calendar-year means with its t interval over replicates;
 *  - the paired difference against the baseline: replicate r of the scenario minus
 *    replicate r of the baseline (the same random streams: common random numbers), the
 *    mean difference with its paired t interval and the number of pairs (replicates
 *    complete in both, with finite values).
 * A sweep's points are parameter values, not designs to pair: pairing each with its first
 * point would be arbitrary, so a sweep folder gets values only (`unpaired`, every effect
 * empty).
 * Every interval is kept inside the measure's support (analysis/statistics/bounds.h): a count's
 * never reaches below 0, a share's never above 1.
 *
 * Persistence measures use each scenario's own funding end F (the year its
 * policy.budget falls to 0) and A = min(F + horizon, last year): a scenario whose
 * programme never stops has no persistence value (NaN), rather than a ratio over
 * another scenario's years. Its paired effect compares it with the baseline's ratio over
 * the same years F-1 and A (what the baseline did in the window where the scenario's
 * money stopped: the effect of stopping). --funding-end F applies one F to every
 * scenario.
 *
 * Thread-safety: none (reads HDF5 from serial code).
 */
#ifndef CSIM_ANALYSIS_COMPARISON_H
#define CSIM_ANALYSIS_COMPARISON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/statistics/bounds.h"
#include "analysis/readers/ensemble_read.h"
#include "analysis/readers/policy_events.h"
#include "analysis/statistics/stats.h"
#include "sim/error.h"

/** Most programme events kept per label (analysis/readers/policy_events.h). */
#define CSIM_COMPARISON_MAX_EVENTS 8

/** Year code in `years` for the last calendar year of the run. */
#define CSIM_COMPARISON_END (-1)

/** What to compare. Zeroed means: every default. Strings and arrays borrowed. */
typedef struct csim_comparison_options {
    const char *baseline;           /**< label; NULL: the first scenario of the index */
    const char *const *measures;    /**< measure names; NULL: csim_measures_default()      */
    size_t n_measures;              /**< entries of `measures`                               */
    const int *years;               /**< calendar years (CSIM_COMPARISON_END allowed); NULL:
                                         2008, 2012 and the end, those inside the run       */
    size_t n_years;                 /**< entries of `years`                                  */
    bool all_years;                 /**< every calendar year of the run (overrides years)    */
    const char *years_from;         /**< where `years` came from, for messages; NULL: "--at" */
    int funding_end;                /**< F for every point; 0: each point's own budget stop   */
    int horizon;                    /**< A = min(F + horizon, last year); 0: 3               */
    double level;                   /**< interval level; 0: 0.95                             */
    bool series_only;               /**< load only what `sobol` needs: no monthly results    */
} csim_comparison_options;

/** One result row: a label, a measure and a year (0 for persistence measures). */
typedef struct csim_comparison_row {
    size_t label;               /**< point label index                                   */
    size_t measure;             /**< index into `measures`                               */
    int year;                   /**< calendar year; 0 for a persistence measure          */
    csim_stats_summary value;   /**< over replicates                                     */
    csim_stats_summary diff;    /**< paired against the baseline (n = pairs); n == 0 and
                                     NaN for the baseline itself                         */
} csim_comparison_row;

/** A loaded comparison. Zeroed is a valid empty one. */
typedef struct csim_comparison {
    csim_ensemble_index index;   /**< owned: the folder's task table                          */
    size_t baseline;        /**< label index of the baseline                             */
    bool unpaired;          /**< a sweep: no effects against the baseline, whose points
                                 are parameter values, not designs to pair                */
    double level;           /**< interval level                                          */
    size_t n_measures;      /**< measures                                                */
    char **measures;        /**< owned: their names                                      */
    bool *persistence;      /**< owned: n_measures flags                                 */
    char **units;           /**< owned: n_measures units (the measure table's, or the
                                 file's @unit for an observable; "" when unknown)       */
    char **descriptions;    /**< owned: n_measures one-line descriptions, likewise       */
    csim_bounds *bounds;    /**< owned: n_measures supports, which cut the intervals    */
    int funding_end;        /**< the earliest F of any label (0 when none, or when no
                                 persistence measure is computed)                        */
    char *funding_end_from; /**< owned: where F came from ("--funding-end", a label)     */
    int after_year;         /**< A of that earliest F                                    */
    int *funding_end_of;    /**< owned: F per label (0: its programme never stops)       */
    int *after_year_of;     /**< owned: A per label (0 with no F)                        */
    csim_policy_event *events; /**< owned: [label][CSIM_COMPARISON_MAX_EVENTS] programme
                                    events of each label, for the figures' markers     */
    size_t *n_events;       /**< owned: events per label                                 */
    size_t n_reps;          /**< replicate slots (largest replicate + 1)                  */
    size_t *reps_ok;        /**< owned: complete replicates per label                    */
    size_t *reps_asked;     /**< owned: replicates per label in the index (asked for);
                                 writers show n where reps_ok falls short of it          */
    int64_t first_month;    /**< absolute month of month slot 0                          */
    size_t n_months;        /**< month slots spanning every task's run                   */
    double *series;         /**< owned: [label][rep][measure][month], NaN when missing   */
    double *scalar;         /**< owned: [label][rep][measure] persistence values         */
    double *scalar_base;    /**< owned: [label][rep][measure] the baseline's replicate rep
                                 over label's years (its paired counterpart)             */
    int *years;             /**< owned: the years reported                               */
    size_t n_years;         /**< entries of `years`                                      */
    csim_comparison_row *rows; /**< owned: results, measure-major, then year, then label    */
    size_t n_rows;          /**< rows                                                    */
    char **notes;           /**< owned: warnings for the reader (failed tasks, ...)      */
    size_t n_notes;         /**< entries of `notes`                                      */
    size_t cap_notes;       /**< entries `notes` has room for (sim/grow.h)               */
} csim_comparison;

/**
 * Load DIR and compute the rows.
 * \param c  uninitialised; filled on success, left destroyed on failure
 * \return CSIM_OK; CSIM_EINVAL (bad folder or index, unknown baseline or measure, a year
 *         outside the run, a persistence measure asked for with no funding end, no
 *         complete task; the message says which); CSIM_EIO (a missing, truncated or
 *         damaged task file, named); CSIM_ENOMEM.
 */
csim_status csim_comparison_load(csim_comparison *c, const char *dir, const csim_comparison_options *opt);

/** Monthly series of (label, rep, measure): n_months values, NaN where absent. */
const double *csim_comparison_series(const csim_comparison *c, size_t label, size_t rep,
                                  size_t measure);

/**
 * Per-month summaries of a series measure for plots: value[k] over replicates and
 * diff[k] paired against the baseline, for month slots k < n_months. Cannot fail;
 * `value` and `diff` must hold n_months entries each; `work` 2 * n_reps doubles.
 */
void csim_comparison_monthly(const csim_comparison *c, size_t label, size_t measure,
                          csim_stats_summary *value, csim_stats_summary *diff, double *work);

/**
 * The value of (label, rep, measure) at calendar year `year` (its calendar-year mean),
 * or the persistence value when year == 0; NaN when missing. Cannot fail.
 */
double csim_comparison_value(const csim_comparison *c, size_t label, size_t rep, size_t measure,
                          int year);

/**
 * The mean, sd and 95% interval (csim_stats_mean_ci) of csim_comparison_value over
 * label's replicates, for one measure and year: the output of one sweep point that
 * screening and sensitivity analyse. `work` holds c->n_reps doubles. Cannot fail.
 */
csim_stats_summary csim_comparison_label_summary(const csim_comparison *c, size_t label,
                                                 size_t measure, int year, double *work);

/** First and last calendar year covered by any task. */
void csim_comparison_year_span(const csim_comparison *c, int *first, int *last);

/** Free what `c` owns; safe on a zeroed or destroyed struct, idempotent. */
void csim_comparison_destroy(csim_comparison *c);

#endif /* CSIM_ANALYSIS_COMPARISON_H */
