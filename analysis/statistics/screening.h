/**
 * \file analysis/statistics/screening.h
 * Morris screening of a sweep folder (`clustersim sweep` with `design: morris`): the
 * model output of each design point is the mean over its replicates of a measure's value
 * (a calendar-year mean, or a persistence value), the design coordinates come from the
 * index (/ensemble/design_unit), and the trajectories are handed to
 * csim_morris_effects() (analysis/statistics/morris.h).
 *
 * Noise level: with R replicates per point, a point's output carries replicate noise of
 * variance s^2 / R (s^2: the within-point variance of the measure, pooled over points), so
 * an elementary effect of a parameter that does nothing is (e1 - e2) / Delta, and its
 * expected absolute value is sqrt(2 / pi) sqrt(2 s^2 / R) / Delta. Reported beside mu*
 * (`noise`): a mu* near it is not distinguishable from noise. It ignores common random
 * numbers (every point runs the same streams, which correlates e1 and e2), so it is an
 * upper bound; NaN with one replicate per point.
 *
 * Thread-safety: reentrant (works on a loaded comparison).
 */
#ifndef CSIM_ANALYSIS_SCREENING_H
#define CSIM_ANALYSIS_SCREENING_H

#include <stdio.h>

#include "analysis/statistics/comparison.h"
#include "analysis/statistics/morris.h"
#include "analysis/statistics/sensitivity.h"

/** Whether the index is a Morris sweep (design "morris", with its design coordinates). */
bool csim_ensemble_index_is_morris(const csim_ensemble_index *ix);

/**
 * Morris measures of measure `measure` of a comparison loaded from a Morris sweep, at
 * calendar year `year` (ignored for persistence measures).
 * \param out  uninitialised; filled on success, left destroyed on failure
 * \return CSIM_OK; CSIM_EINVAL (not a Morris sweep, or its design is not a set of
 *         trajectories); CSIM_ENOMEM.
 */
csim_status csim_screening_compute(const csim_comparison *c, size_t measure, int year,
                                   const csim_sensitivity_options *opt,
                                   csim_morris_result *out);

/**
 * Write the measures of `n` measures (results[k] for c->measures[measure[k]]) at `year`,
 * parameters ranked by mu* (largest first). Formats as for Sobol indices (table, CSV,
 * JSON, Markdown). Cannot fail (write errors are the stream's).
 */
void csim_screening_write(const csim_comparison *c, const size_t *measure,
                          const csim_morris_result *results, size_t n, int year,
                          csim_sensitivity_format format, FILE *out);

#endif /* CSIM_ANALYSIS_SCREENING_H */
