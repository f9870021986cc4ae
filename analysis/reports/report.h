/**
 * \file analysis/reports/report.h
 * The one-page Markdown report of `clustersim plot` (FOLDER/report.md): what was compared
 * and how, then per measure its figures (PNG shown, SVG linked, names from
 * csim_plot_basename()) and its table of values and paired effects, or the Sobol indices
 * of a Saltelli sweep. Links are relative, so the folder can be moved or published as is.
 *
 * Thread-safety: reentrant (writes to the caller's stream).
 */
#ifndef CSIM_ANALYSIS_REPORT_H
#define CSIM_ANALYSIS_REPORT_H

#include <stdio.h>

#include "analysis/statistics/comparison.h"
#include "analysis/statistics/sobol.h"

/** Report of a scenario comparison (figures from csim_plot_compare()). Cannot fail. */
void csim_report_compare(const csim_comparison *c, FILE *out);

/**
 * Report of Sobol indices: results[k] for measure c->measures[k], k < n, at `year`
 * (figures from csim_plot_sobol()). Cannot fail.
 */
void csim_report_sobol(const csim_comparison *c, const csim_sobol_result *results, size_t n,
                       int year, FILE *out);

#endif /* CSIM_ANALYSIS_REPORT_H */
