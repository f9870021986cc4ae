/**
 * \file analysis/statistics/sobol.h
 * Variance-based sensitivity indices from a Saltelli sample (Saltelli et al. 2010,
 * "Variance based sensitivity analysis of model output", Comput. Phys. Commun. 181).
 *
 * Inputs are model outputs on N base samples: f_A[j] = f(A_j), f_B[j] = f(B_j) and
 * f_AB[i*N + j] = f(AB^i_j), where AB^i_j is A_j with its column i taken from B_j (the
 * layout of scenarios/design.h's Saltelli design). With V the variance of the 2N values
 * of f_A and f_B together:
 *
 *   first order  S_i  = (1/N) sum_j (f_B[j] - m) (f_AB^i[j] - f_A[j]) / V  (Saltelli 2010, b)
 *   total        ST_i = (1/2N) sum_j (f_A[j] - f_AB^i[j])^2 / V            (Jansen 1999, f)
 *
 * where m is the mean of the 2N values (centring changes nothing in expectation and
 * keeps the estimate stable for outputs with a large mean and a small spread).
 *
 * Intervals are bootstrap percentiles: the N base samples are resampled with replacement
 * `n_boot` times (GSL's MT19937 seeded with `seed`, so the same call gives the same
 * intervals) and the indices recomputed on each resample.
 *
 * A base sample with any non-finite value among its d + 2 outputs is left out (`n` says
 * how many were used). This is a pure function on arrays: reentrant, no shared state.
 */
#ifndef CSIM_ANALYSIS_SOBOL_H
#define CSIM_ANALYSIS_SOBOL_H

#include <stddef.h>
#include <stdint.h>

#include "sim/error.h"

/**
 * The per-input columns of a result, each an owned array of d doubles, listed once for
 * the struct's fields, their allocation and their release: X(name).
 *   s1            first-order indices (NaN when V == 0)
 *   s1_lo, s1_hi  their interval ends (NaN without bootstrap)
 *   st            total indices
 *   st_lo, st_hi  their interval ends
 */
#define CSIM_SOBOL_COLUMNS(X) X(s1) X(s1_lo) X(s1_hi) X(st) X(st_lo) X(st_hi)

/** Indices of d inputs with their intervals. Zeroed is a valid empty result. */
typedef struct csim_sobol_result {
    size_t d;        /**< inputs                                                  */
    size_t n;        /**< base samples used (all outputs finite)                  */
    size_t n_boot;   /**< bootstrap resamples behind the intervals (0: none)      */
    double level;    /**< confidence level of the intervals, e.g. 0.95            */
    double variance; /**< V, the output variance (NaN if n < 2)                   */
#define CSIM_SOBOL_FIELD(name) double *name;
    CSIM_SOBOL_COLUMNS(CSIM_SOBOL_FIELD) /**< owned: see CSIM_SOBOL_COLUMNS         */
#undef CSIM_SOBOL_FIELD
} csim_sobol_result;

/**
 * First-order and total indices with bootstrap intervals.
 *
 * \param f_a, f_b  borrowed: n outputs each
 * \param f_ab      borrowed: d * n outputs, row i (f_ab[i*n .. i*n+n-1]) for AB^i
 * \param n         base samples, >= 2
 * \param d         inputs, >= 1
 * \param n_boot    bootstrap resamples (0: no intervals; 1000 is a usual choice)
 * \param level     interval level in (0, 1)
 * \param seed      seed of the resampling generator
 * \param out       uninitialised; filled on success, left destroyed on failure
 * \return CSIM_OK; CSIM_EINVAL (n < 2, d == 0, level outside (0, 1), fewer than 2 base
 *         samples with finite outputs: the message says how many); CSIM_ENOMEM.
 * Time O(n_boot * n * d); memory O(n * d + n_boot * d).
 */
csim_status csim_sobol_indices(const double *f_a, const double *f_b, const double *f_ab,
                               size_t n, size_t d, size_t n_boot, double level, uint64_t seed,
                               csim_sobol_result *out);

/** Free what a result owns; safe on a zeroed or destroyed result, idempotent. */
void csim_sobol_result_destroy(csim_sobol_result *r);

#endif /* CSIM_ANALYSIS_SOBOL_H */
