/**
 * \file analysis/reports/comparison_write.h
 * The rows of a comparison (analysis/statistics/comparison.h) as text: a table for people, CSV and
 * JSON for programs, and Markdown for the report of `clustersim plot`.
 *
 * CSV columns: measure, unit, kind ("year-mean" or "persistence"), year (the calendar
 * year; for persistence the later year A), scenario, baseline, n, mean, sd, ci_low,
 * ci_high, pairs, effect, effect_sd, effect_ci_low, effect_ci_high, support ("share",
 * "nonnegative" or "real": analysis/statistics/bounds.h, which cuts the intervals), asked (the
 * replicates the index has for the scenario; n and pairs may be fewer). Missing values are
 * empty fields in CSV and null in JSON; doubles are written with 10 significant digits.
 *
 * Writing goes to a caller's stream; write errors are the caller's to detect (ferror,
 * or the commit of a csim_out_file). Thread-safety: reentrant.
 */
#ifndef CSIM_ANALYSIS_COMPARISON_WRITE_H
#define CSIM_ANALYSIS_COMPARISON_WRITE_H

#include <stdio.h>

#include "analysis/statistics/comparison.h"

/** The readable table, with a header saying what the numbers are. */
void csim_comparison_write_table(const csim_comparison *c, FILE *out);

/** CSV, one row per result row, with a header line. */
void csim_comparison_write_csv(const csim_comparison *c, FILE *out);

/** JSON: an object with the settings, the scenarios, the measures and the rows. */
void csim_comparison_write_json(const csim_comparison *c, FILE *out);

/** Markdown table of the rows of measure `m` (for reports). */
void csim_comparison_write_markdown(const csim_comparison *c, size_t m, FILE *out);

/**
 * The persistence years of `label` as "A/F-1" (its own funding end), or "-" when its
 * programme never stops. Cannot fail.
 */
void csim_comparison_persistence_years(const csim_comparison *c, size_t label, char *buf,
                                       size_t size);

/**
 * Replicates behind a summary as text: "n", or "n of N" when fewer than the N asked for
 * (the index's tasks of the label) contribute. Cannot fail.
 */
void csim_comparison_n_text(const csim_comparison *c, size_t label, size_t n, char *buf,
                            size_t size);



#endif /* CSIM_ANALYSIS_COMPARISON_WRITE_H */
