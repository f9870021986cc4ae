/**
 * \file analysis/statistics/sensitivity.h
 * Sobol indices of a Saltelli sweep folder (`clustersim sweep` with `design: saltelli`):
 * the model output of each design point is the mean over its replicates of a measure's
 * value (a calendar-year mean, or a persistence value), and the points are arranged into
 * the A, B and AB^i matrices by the index's `sample` and `matrix` columns, then handed to
 * csim_sobol_indices() (analysis/statistics/sobol.h).
 *
 * Thread-safety: reentrant (works on a loaded comparison).
 */
#ifndef CSIM_ANALYSIS_SENSITIVITY_H
#define CSIM_ANALYSIS_SENSITIVITY_H

#include <stdint.h>
#include <stdio.h>

#include "analysis/statistics/comparison.h"
#include "analysis/statistics/sobol.h"

/** Resampling settings. */
typedef struct csim_sensitivity_options {
    size_t n_boot; /**< bootstrap resamples (0: none)                    */
    uint64_t seed; /**< seed of the resampling generator                 */
    double level;  /**< interval level, e.g. 0.95                        */
} csim_sensitivity_options;

/**
 * Indices of measure `measure` of a comparison loaded from a Saltelli sweep, at calendar
 * year `year` (ignored for persistence measures).
 * \param out  uninitialised; filled on success, left destroyed on failure
 * \return CSIM_OK; CSIM_EINVAL (not a Saltelli sweep; fewer than 2 base samples with
 *         every output defined); CSIM_ENOMEM.
 */
csim_status csim_sensitivity_compute(const csim_comparison *c, size_t measure, int year,
                                     const csim_sensitivity_options *opt,
                                     csim_sobol_result *out);

/** Output formats of csim_sensitivity_write(). */
typedef enum csim_sensitivity_format {
    CSIM_SENSITIVITY_TABLE = 0,    /**< aligned text                                  */
    CSIM_SENSITIVITY_CSV = 1,      /**< measure,year,parameter,S1,...                 */
    CSIM_SENSITIVITY_JSON = 2,     /**< one object                                    */
    CSIM_SENSITIVITY_MARKDOWN = 3  /**< a table per measure, for reports              */
} csim_sensitivity_format;

/**
 * The width of a table's parameter column: the longest swept parameter's name, at least
 * that of the heading "parameter" (9). Sobol and Morris tables align alike.
 */
int csim_sensitivity_name_width(const csim_ensemble_index *ix);

/**
 * The output of every design point (label) of a sweep: the summary over its complete
 * replicates of measure `measure` at calendar year `year` (ignored for persistence
 * measures); a point's output is its `mean` (NaN when no replicate is complete). Sobol
 * indices and Morris screening take their outputs from here.
 * \param point  *point gets c->index.n_labels summaries (the caller frees it); NULL on
 *               failure
 * \return CSIM_OK; CSIM_ENOMEM.
 */
csim_status csim_sensitivity_point_outputs(const csim_comparison *c, size_t measure, int year,
                                           csim_stats_summary **point);

/**
 * An estimate and its interval as JSON members, each with 6 significant digits (null when
 * undefined): `, "KEY": v, "KEY_ci": [lo, hi]`.
 */
void csim_sensitivity_json_estimate(FILE *out, const char *key, double v, double lo, double hi);

/** An estimate and its interval as three CSV fields, each after a comma (10 digits). */
void csim_sensitivity_csv_estimate(FILE *out, double v, double lo, double hi);

/**
 * Write the indices of `n` measures (results[k] for c->measures[measure[k]]) at `year`.
 * Cannot fail (write errors are the stream's).
 */
void csim_sensitivity_write(const csim_comparison *c, const size_t *measure,
                            const csim_sobol_result *results, size_t n, int year,
                            csim_sensitivity_format format, FILE *out);

#endif /* CSIM_ANALYSIS_SENSITIVITY_H */
