/**
 * \file analysis/readers/traj_series.h
 * The observables of one trajectory file, read for the ensemble analyses (`compare`,
 * `sobol`, `plot`): a few series from /observables on the file's monthly clock, and what
 * /parameters says about the programme's funding.
 *
 * A series is named by a spec: an observable ("hub_dependence") or one component of a
 * vector observable by its name ("ties_by_origin[wg]", the names in the observable's
 * `names` dataset). Only /observables and /parameters are read, so the layout of
 * /particles and /connectivity does not matter here.
 *
 * Months: step k of a file is month `first_month + k` counted from year 0
 * (month = 12 * year + month-of-year, January = 0), from the observables' `time`
 * (start_year + step / 12, docs/OUTPUT.md "Clock"); files of different scenarios are
 * aligned on these months.
 *
 * Thread-safety: none (HDF5 reads from serial code).
 */
#ifndef CSIM_ANALYSIS_TRAJ_SERIES_H
#define CSIM_ANALYSIS_TRAJ_SERIES_H

#include <stddef.h>
#include <stdint.h>

#include "sim/error.h"

/** Series of one trajectory. Zeroed is a valid empty struct. */
typedef struct csim_traj_series {
    char *path;          /**< owned: the file, for messages                              */
    int64_t replicate;   /**< /parameters@replicate                                      */
    int64_t seed;        /**< /parameters@seed (run.seed)                                */
    char *stream_key;    /**< owned: /parameters@stream_key                              */
    char *resolved_yaml; /**< owned: /parameters/resolved_yaml, to check the file against
                              its ensemble's index (analysis/readers/ensemble_read.h)            */
    size_t n_steps;      /**< months recorded                                            */
    int64_t first_month; /**< absolute month of step 0 (12 * year + month-of-year)       */
    int funding_end;     /**< first year the programme budget (policy.budget in
                              /parameters/resolved_yaml) falls to 0 after being positive;
                              0 when it never does                                       */
    size_t n_series;     /**< specs read                                                 */
    char **specs;        /**< owned: n_series specs, as asked                            */
    double *values;      /**< owned: n_series * n_steps values, series s at
                              values[s * n_steps + k]                                    */
    char **units;        /**< owned: n_series units, the observable's @unit ("" when the
                              file has none), so that analyses need no model header    */
    char **descriptions; /**< owned: n_series descriptions (@description of the
                              observable's group; "" when absent)                      */
} csim_traj_series;

/**
 * Open the trajectory `path`, check that it is one of clustersim's, and read the series
 * `specs[0 .. n_specs-1]` with the clock, the funding end, and each series' unit and
 * description as the file states them.
 * \param t  uninitialised; filled on success, left destroyed on failure
 * \return CSIM_OK; CSIM_EINVAL (the file is not a clustersim trajectory; an unknown
 *         observable or component; a series whose length differs from the clock; a
 *         malformed spec); CSIM_EIO (missing, truncated or damaged file); CSIM_ENOMEM.
 *         Every message names the file, and the dataset where one is at fault.
 */
csim_status csim_traj_series_read(csim_traj_series *t, const char *path,
                                  const char *const *specs, size_t n_specs);

/** Series `spec` (n_steps values), or NULL when it was not read. Borrowed from `t`. */
const double *csim_traj_series_get(const csim_traj_series *t, const char *spec);

/** Free what `t` owns; safe on a zeroed or destroyed struct, idempotent. */
void csim_traj_series_destroy(csim_traj_series *t);

/**
 * The funding end recorded in a resolved scenario text (`/parameters/resolved_yaml`):
 * the first year of the `policy.budget` schedule ({year: KRW million, ...}, or a single
 * number) whose value is 0 or less after a positive one; 0 when there is none (no
 * programme, or one that never stops). Pure function; cannot fail (text it cannot
 * parse gives 0).
 */
int csim_traj_funding_end(const char *resolved_yaml);

#endif /* CSIM_ANALYSIS_TRAJ_SERIES_H */
