/**
 * \file analysis/statistics/stats.h
 * Small-sample summaries for ensembles: means with Student-t confidence intervals, and
 * paired differences (common random numbers: replicate r of a scenario against replicate
 * r of the baseline).
 *
 * Missing values are NaN and are skipped: `n` counts the finite values (or the pairs
 * whose two members are finite) that went into a summary. With fewer than two values the
 * interval is undefined (NaN) while the mean is still given.
 *
 * Thread-safety: reentrant; no shared state.
 */
#ifndef CSIM_ANALYSIS_STATS_H
#define CSIM_ANALYSIS_STATS_H

#include <stddef.h>

/** A sample summary: mean, standard deviation and two-sided t interval of the mean. */
typedef struct csim_stats_summary {
    size_t n;    /**< finite values used                                          */
    double mean; /**< their mean (NaN when n == 0)                                */
    double sd;   /**< sample standard deviation, n - 1 divisor (NaN when n < 2)   */
    double half; /**< half-width t_{(1+level)/2, n-1} sd / sqrt(n) (NaN, n < 2)  */
    double lo;   /**< mean - half                                                 */
    double hi;   /**< mean + half                                                 */
} csim_stats_summary;

/**
 * Quantile of Student's t distribution with `df` degrees of freedom:
 * P(T <= q) = p. Cannot fail; NaN for p outside (0, 1) or df <= 0.
 */
double csim_stats_t_quantile(double p, double df);

/**
 * Summary of the finite values among x[0 .. n-1] with a `level` (e.g. 0.95) interval.
 * `x` is borrowed and may be NULL when n == 0. Cannot fail: an empty or all-NaN sample
 * gives n = 0 and NaN everywhere; a level outside (0, 1) gives NaN intervals.
 * Two passes (mean, then squared deviations) so that large offsets do not cancel.
 */
csim_stats_summary csim_stats_mean_ci(const double *x, size_t n, double level);

/**
 * Summary of the paired differences x[i] - y[i] over the pairs where both are finite,
 * with a `level` t interval of the mean difference (the paired t interval). Cannot fail;
 * as csim_stats_mean_ci() for empty input.
 */
csim_stats_summary csim_stats_paired_ci(const double *x, const double *y, size_t n,
                                        double level);

/**
 * Empirical quantile of x[0 .. n-1] (finite values only) by linear interpolation
 * between order statistics (Hyndman-Fan type 7, the default of R and NumPy).
 * `work` must hold n doubles; it is overwritten. NaN when no value is finite.
 */
double csim_stats_quantile(const double *x, size_t n, double p, double *work);

/**
 * The percentile interval at `level` (0.95: the 2.5% and 97.5% quantiles, by
 * csim_stats_quantile) of the bootstrap draws x[0 .. n-1], into *lo and *hi. The Morris
 * and Sobol bootstraps both report this interval. `work` holds n doubles.
 */
void csim_stats_percentile_interval(const double *x, size_t n, double level, double *work,
                                    double *lo, double *hi);

#endif /* CSIM_ANALYSIS_STATS_H */
