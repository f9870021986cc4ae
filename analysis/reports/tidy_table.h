/**
 * \file analysis/reports/tidy_table.h
 * One long ("tidy") CSV of an ensemble or sweep folder (`clustersim table`): one row per
 * task, month and observable, that R (read.csv), pandas (read_csv) and spreadsheets read
 * directly, without HDF5.
 *
 * Columns: scenario (the point's label: a scenario of an ensemble, p0000... of a sweep),
 * replicate, then one column per swept parameter (its value as the task ran it, from
 * /parameters/resolved_yaml; none for an ensemble), time (decimal year, as the file's
 * `time`), year, month (1-12), observable (a name, or name[component] of a vector),
 * value (17 significant digits: the double read back exactly). Rows go task by task in
 * the index's order, then month, then observable. Only complete tasks are written.
 *
 * Thread-safety: none (HDF5 reads from serial code).
 */
#ifndef CSIM_ANALYSIS_TIDY_TABLE_H
#define CSIM_ANALYSIS_TIDY_TABLE_H

#include <stddef.h>
#include <stdio.h>

#include "sim/error.h"

/** Which rows. Zeroed: every observable, every month. Arrays borrowed. */
typedef struct csim_tidy_options {
    const char *const *observables; /**< specs; NULL: every observable of the first task's
                                         file, vectors by component                       */
    size_t n_observables;           /**< entries of `observables`                         */
    size_t every;                   /**< keep steps 0, N, 2N, ... (0 or 1: every month)   */
    const int *years;               /**< keep only months of these calendar years; NULL:
                                         every year                                       */
    size_t n_years;                 /**< entries of `years`                               */
} csim_tidy_options;

/**
 * Write the table of folder `dir` to `out`.
 * \param rows  receives the number of data rows written
 * \return CSIM_OK; CSIM_EINVAL (not an ensemble folder, no complete task, an unknown
 *         observable or component, a year no run covers: the message names it);
 *         CSIM_EIO (a missing or damaged task file, named); CSIM_ENOMEM. Write errors on
 *         `out` are the caller's to detect.
 */
csim_status csim_tidy_write(const char *dir, const csim_tidy_options *opt, FILE *out,
                            size_t *rows);

#endif /* CSIM_ANALYSIS_TIDY_TABLE_H */
