/**
 * \file analysis/reports/sweep_view.h
 * A sweep's measures against its swept parameters (`clustersim sweepplot`): each design
 * point's value of a measure, its table, and binned means along one parameter.
 *
 * A point's value is the mean over its complete replicates of the measure's value in one
 * calendar year (the year's mean of the monthly values; a persistence measure's one
 * value), as `clustersim sobol` and `screen` take it. Binned means split one parameter's
 * range (smallest to largest value in the sweep) into equal-width bins, the last closed
 * at both ends, and summarise the values of the points in each bin: their mean with a t
 * interval over points (csim_stats_mean_ci), cut at the measure's support
 * (analysis/statistics/bounds.h) as every interval of the analyses is. The interval is for the mean
 * over the bin's points, which also varies with the other parameters inside the bin.
 *
 * Thread-safety: reentrant (works on a loaded comparison).
 */
#ifndef CSIM_ANALYSIS_SWEEP_VIEW_H
#define CSIM_ANALYSIS_SWEEP_VIEW_H

#include <stddef.h>
#include <stdio.h>

#include "analysis/statistics/bounds.h"
#include "analysis/statistics/comparison.h"
#include "analysis/statistics/stats.h"

/** One bin of binned means. */
typedef struct csim_sweep_bin {
    double x_lo, x_hi; /**< the bin's edges along the parameter                     */
    double x_mid;      /**< its midpoint                                             */
    csim_stats_summary s; /**< the points' values in it (n = points with a value)    */
} csim_sweep_bin;

/**
 * The value of point `point` for measure `m` at `year` (ignored for persistence
 * measures): the mean over its replicates with a finite value, and how many there were
 * (`n`, 0 with NaN when none). Cannot fail.
 */
double csim_sweep_point_value(const csim_comparison *c, size_t point, size_t m, int year,
                              size_t *n);

/**
 * Binned means of y against x over `n` points (NaN y left out): `n_bins` equal-width bins
 * over [min x, max x] (one bin when every x is equal). `out` holds n_bins entries; bins
 * without a point have n = 0 and NaN; `work` holds n doubles. Cannot fail.
 * \return the number of bins filled in `out` (n_bins, or 1 when the range is empty)
 */
size_t csim_sweep_bins(const double *x, const double *y, size_t n, size_t n_bins, double level,
                       csim_bounds bounds, csim_sweep_bin *out, double *work);

/**
 * The sweep's table as CSV: point,label, one column per swept parameter (the index's
 * values), then per measure its value at `year` and the replicates behind it
 * (`NAME`, `NAME_n`); an undefined value is an empty field; values have 17 significant
 * digits. Cannot fail (write errors are the stream's).
 */
void csim_sweep_table_write(const csim_comparison *c, int year, FILE *out);

#endif /* CSIM_ANALYSIS_SWEEP_VIEW_H */
