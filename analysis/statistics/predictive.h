/**
 * \file analysis/statistics/predictive.h
 * Predictive checks of one observation against the replicates of an ensemble: does the
 * observed value look like one more draw of the model? (`clustersim validate`.)
 *
 * Given the finite values x_1..x_n of n replicates and the observation y:
 *
 *  - predictive interval: the empirical 5% and 95% quantiles of the replicates
 *    (Hyndman-Fan type 7, csim_stats_quantile); `inside` when q05 <= y <= q95;
 *  - rank of y among the replicates, 1 + #{x_i < y} + #{x_i = y} / 2 (ties share the
 *    middle rank), from 1 (below every replicate) to n + 1 (above every one); a model
 *    whose replicates and the observation are exchangeable gives uniform ranks;
 *  - CRPS of the empirical distribution F_n of the replicates (Gneiting & Raftery 2007,
 *    eq. 21): CRPS(F_n, y) = (1/n) sum_i |x_i - y| - (1/(2 n^2)) sum_i sum_j |x_i - x_j|,
 *    in the unit of the target; 0 only when every replicate equals y; smaller is better;
 *    a proper score (its expectation is smallest when the forecast is the truth);
 *  - interval score of the central 90% interval [l, u] = [q05, q95] (Gneiting & Raftery
 *    2007, eq. 43, alpha = 0.1): IS = (u - l) + (2/alpha)(l - y)[y < l] + (2/alpha)(y - u)[y > u],
 *    the width plus a penalty for a miss, also proper;
 *  - Monte Carlo standard errors: of the mean, sd / sqrt(n); of each quantile, the
 *    bootstrap standard error (the replicates resampled with replacement `n_boot` times
 *    with GSL's MT19937 seeded with `seed`, so the same call gives the same figure).
 *
 * Pure functions on arrays: reentrant, no shared state.
 */
#ifndef CSIM_ANALYSIS_PREDICTIVE_H
#define CSIM_ANALYSIS_PREDICTIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/error.h"

/** Lower and upper probability of the predictive interval. */
#define CSIM_PREDICTIVE_LO 0.05
#define CSIM_PREDICTIVE_HI 0.95

/** Predictive summary of one observation. NaN where undefined (n == 0; sd with n < 2). */
typedef struct csim_predictive {
    size_t n;          /**< finite replicate values used                              */
    double mean;       /**< their mean                                                */
    double sd;         /**< sample standard deviation (n - 1 divisor)                 */
    double mean_se;    /**< Monte Carlo standard error of the mean, sd / sqrt(n)      */
    double q_lo;       /**< 5% quantile                                               */
    double q_hi;       /**< 95% quantile                                              */
    double q_lo_se;    /**< bootstrap standard error of q_lo (NaN without bootstrap)  */
    double q_hi_se;    /**< bootstrap standard error of q_hi                          */
    bool inside;       /**< q_lo <= observed <= q_hi (false when n == 0)              */
    double rank;       /**< 1 + #below + #equal / 2, in [1, n + 1]                    */
    double crps;       /**< CRPS of the empirical distribution                        */
    double interval_score; /**< interval score of [q_lo, q_hi], alpha = 0.1           */
} csim_predictive;

/** CRPS of the empirical distribution of the finite x[0..n-1] at y; NaN when none is
 *  finite. `work` holds n doubles (overwritten). O(n log n). */
double csim_predictive_crps(const double *x, size_t n, double y, double *work);

/** Interval score of the central (1 - alpha) interval [lo, hi] at y. */
double csim_predictive_interval_score(double lo, double hi, double alpha, double y);

/**
 * The predictive summary of `observed` from x[0..n-1] (NaN entries skipped).
 * \param n_boot  bootstrap resamples for the quantiles' standard errors (0: none)
 * \param work    3 * n doubles, overwritten
 * \return CSIM_OK, or CSIM_ENOMEM (the bootstrap generator).
 */
csim_status csim_predictive_summary(const double *x, size_t n, double observed, size_t n_boot,
                                    uint64_t seed, double *work, csim_predictive *out);

/**
 * Replicates needed so that a statistic with standard error `se` from `n` replicates
 * settles a verdict whose margin (distance of the statistic from the edge where the
 * verdict flips) is `margin`: the verdict is settled when margin >= 2 se, and since se
 * falls as 1/sqrt(n) that takes n (2 se / margin)^2 replicates. Returns n itself when
 * already settled (or se is 0: no Monte Carlo variation), SIZE_MAX when margin is 0
 * and se > 0 (the observation sits on the edge: no number of replicates settles it),
 * and otherwise the count rounded up, at most `cap`.
 */
size_t csim_predictive_replicates_needed(double se, double margin, size_t n, size_t cap);

#endif /* CSIM_ANALYSIS_PREDICTIVE_H */
