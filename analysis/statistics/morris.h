/**
 * \file analysis/statistics/morris.h
 * Elementary effects screening from a Morris design (Morris 1991, "Factorial sampling
 * plans for preliminary computational experiments", Technometrics 33; Campolongo,
 * Cariboni & Saltelli 2007, "An effective screening design for sensitivity analysis of
 * large models", Environ. Model. Softw. 22).
 *
 * Inputs are the design coordinates u (r trajectories of d + 1 rows each, the layout of
 * scenarios/design.h's Morris design) and the model output f of every row. In trajectory
 * t, consecutive rows differ in one column i, by delta = u[k+1][i] - u[k][i] (+-Delta);
 * the elementary effect of input i is
 *
 *     EE_t,i = (f[k+1] - f[k]) / delta,
 *
 * the change of the output per unit of the input's design range (the whole swept range
 * is 1). Over the r trajectories:
 *
 *     mu_i    = mean of EE_t,i           (sign: effects of opposite sign cancel)
 *     mu*_i   = mean of |EE_t,i|          (Campolongo et al. 2007: overall importance)
 *     sigma_i = sd of EE_t,i (r - 1)      (non-linearity or interactions)
 *
 * An elementary effect with a non-finite output at either end is left out (`n` counts
 * those used per input). Intervals are bootstrap percentiles over trajectories: the r
 * trajectories are resampled with replacement `n_boot` times (GSL's MT19937 seeded with
 * `seed`) and mu* and mu recomputed on each resample.
 *
 * No effect: an input is flagged when the upper end of its mu* interval (mu* itself
 * without bootstrap) is below CSIM_MORRIS_NEGLIGIBLE times the largest mu* of the same
 * output, or when the output does not change at all. A screening verdict: it says the
 * input can be fixed at any value of its range for this output, not that it does nothing.
 *
 * Pure function on arrays: reentrant, no shared state.
 */
#ifndef CSIM_ANALYSIS_MORRIS_H
#define CSIM_ANALYSIS_MORRIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/error.h"

/** Share of the largest mu* below which an input is flagged as having no effect. */
#define CSIM_MORRIS_NEGLIGIBLE 0.05

/**
 * The per-input columns of a result, each an owned array of d values, listed once for the
 * struct's fields, their allocation and their release: X(type, name).
 *   n                     counts of elementary effects used
 *   mu                    means of EE
 *   mu_lo, mu_hi          its interval ends (NaN: none)
 *   mu_star               means of |EE|
 *   mu_star_lo, mu_star_hi  its interval ends
 *   sigma                 standard deviations of EE (NaN when n < 2)
 *   no_effect             flags (see the file comment)
 */
#define CSIM_MORRIS_COLUMNS(X)                                                                 \
    X(size_t, n) X(double, mu) X(double, mu_lo) X(double, mu_hi) X(double, mu_star)             \
    X(double, mu_star_lo) X(double, mu_star_hi) X(double, sigma) X(bool, no_effect)

/** Screening measures of d inputs. Zeroed is a valid empty result. */
typedef struct csim_morris_result {
    size_t d;          /**< inputs                                                */
    size_t r;          /**< trajectories                                          */
    size_t n_boot;     /**< bootstrap resamples behind the intervals (0: none)    */
    double level;      /**< interval level                                        */
#define CSIM_MORRIS_FIELD(type, name) type *name;
    CSIM_MORRIS_COLUMNS(CSIM_MORRIS_FIELD) /**< owned: see CSIM_MORRIS_COLUMNS      */
#undef CSIM_MORRIS_FIELD
    double noise;      /**< typical |EE| of replicate noise alone, set by the caller
                            (analysis/statistics/screening.h); NaN when unknown               */
} csim_morris_result;

/**
 * Screening measures with bootstrap intervals.
 *
 * \param u       borrowed: r (d + 1) rows of d coordinates, row-major
 * \param f       borrowed: r (d + 1) outputs (NaN where missing)
 * \param r       trajectories, >= 1
 * \param d       inputs, >= 1
 * \param n_boot  bootstrap resamples (0: no intervals)
 * \param level   interval level in (0, 1)
 * \param out     uninitialised; filled on success, left destroyed on failure
 * \return CSIM_OK; CSIM_EINVAL (r or d 0, level outside (0, 1), or u is not a set of
 *         Morris trajectories: consecutive rows of a trajectory must differ in exactly
 *         one column, and each column must move once; the message names the row);
 *         CSIM_ENOMEM.
 * Time O(n_boot r d); memory O(r d).
 */
csim_status csim_morris_effects(const double *u, const double *f, size_t r, size_t d,
                                size_t n_boot, double level, uint64_t seed,
                                csim_morris_result *out);

/** Free what a result owns; safe on a zeroed or destroyed result, idempotent. */
void csim_morris_result_destroy(csim_morris_result *res);

#endif /* CSIM_ANALYSIS_MORRIS_H */
