/**
 * \file analysis/statistics/measures.h
 * Endogenous-development measures (docs/ANALYSIS.md defines each one): did the programme
 * make the cluster's SMEs less dependent on the hubs, more connected among themselves,
 * more knowledgeable, organised, and does that outlive the funding?
 *
 * Two kinds:
 *  - series measures: one value per month, from /observables (an observable as it is,
 *    or a sum of a few); `compare` reports their calendar-year means;
 *  - persistence measures: one value per trajectory, a ratio of activity after the
 *    funding ends to activity before, given the funding end year F and a later year A:
 *      persistence_wg         mean wg_participants over year A / over year F-1
 *      persistence_ties       mean non-supply collaboration ties (ties_collab -
 *                             ties_by_origin[supply]) over year A / over year F-1
 *      seeded_ties_surviving  programme-seeded ties (ties_by_origin forum + broker + wg)
 *                             at the last month of year A / at the last month of F-1
 *    A zero or missing denominator gives NaN (no activity to persist).
 *
 * Any other observable spec (an observable name, or name[component] of a vector) is
 * accepted as a series measure of its own.
 *
 * Thread-safety: reentrant.
 */
#ifndef CSIM_ANALYSIS_MEASURES_H
#define CSIM_ANALYSIS_MEASURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/readers/traj_series.h"
#include "sim/error.h"

/** Most observable specs one measure reads. */
#define CSIM_MEASURE_MAX_NEEDS 4

/** What a built-in measure is. */
typedef struct csim_measure_desc {
    const char *name;                           /**< its name on the command line     */
    bool persistence;                           /**< one value per trajectory         */
    const char *unit;                           /**< unit of its values               */
    const char *description;                    /**< one line                         */
    const char *needs[CSIM_MEASURE_MAX_NEEDS];  /**< observable specs it reads (NULL-
                                                     terminated when fewer)           */
} csim_measure_desc;

/** The built-in measures (`*n` rows). Static data. */
const csim_measure_desc *csim_measures_table(size_t *n);

/** The built-in measure `name`, or NULL (then `name` is read as an observable spec). */
const csim_measure_desc *csim_measure_find(const char *name);

/** Names of the default measures of `compare` (`*n` of them). Static data. */
const char *const *csim_measures_default(size_t *n);

/**
 * The observable specs measure `name` reads: its `needs`, or `name` itself for an
 * observable. Writes at most CSIM_MEASURE_MAX_NEEDS pointers (borrowed from the table or
 * from `name`) and returns how many. Cannot fail.
 */
size_t csim_measure_needs(const char *name, const char **specs);

/**
 * Monthly series of the series measure `name` for trajectory `t` (which must hold its
 * needs): out[k] for k < t->n_steps.
 * \return CSIM_OK; CSIM_EINVAL (a persistence measure, or a need that `t` lacks).
 */
csim_status csim_measure_series(const char *name, const csim_traj_series *t, double *out);

/**
 * Value of the persistence measure `name` for trajectory `t`, funding end year
 * `funding_end` (F) and later year `after_year` (A >= F); NaN when F-1 or A is not in
 * the run or the denominator is 0.
 * \return CSIM_OK; CSIM_EINVAL (not a persistence measure, or a need that `t` lacks).
 */
csim_status csim_measure_persistence(const char *name, const csim_traj_series *t,
                                     int funding_end, int after_year, double *value);

/**
 * Mean of the finite values of a monthly series over calendar year `year`
 * (series[k] is month first_month + k). NaN when the run has no finite value in that
 * year. Cannot fail.
 */
double csim_measure_year_mean(const double *series, size_t n_steps, int64_t first_month,
                              int year);

/** Value at the last month of calendar year `year` present in the run, or NaN. */
double csim_measure_year_last(const double *series, size_t n_steps, int64_t first_month,
                              int year);

#endif /* CSIM_ANALYSIS_MEASURES_H */
