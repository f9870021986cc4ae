/**
 * \file analysis/networks/network_series.h
 * Network structure read from a trajectory file: the measures of analysis/networks/network_stats.h
 * for one snapshot step, and their key scalars for every snapshot step of a file (how
 * `compare` and `network --over-time` follow the structure over time).
 *
 * Reading goes through csim_network_read() and csim_network_to_igraph() only
 * (analysis/networks/network.h): this module does not know the layout of /particles.
 *
 * Thread-safety: none (HDF5 reads and igraph; call from serial code).
 */
#ifndef CSIM_ANALYSIS_NETWORK_SERIES_H
#define CSIM_ANALYSIS_NETWORK_SERIES_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "analysis/networks/network.h"
#include "analysis/networks/network_stats.h"
#include "sim/error.h"
#include "sim/format/format_read.h"

/**
 * The snapshot steps of `layer` in an open trajectory, in increasing order (the steps of
 * /connectivity/<layer>, which are those of the actor snapshots).
 * \param steps  uninitialised; filled with an int64 1-D array; csim_h5_array_destroy() it
 * \return CSIM_OK; CSIM_EINVAL (the file has no such element: the message names file and
 *         dataset); CSIM_ENOMEM; CSIM_EIO.
 */
csim_status csim_network_steps(const csim_h5_reader *r, csim_layer layer, csim_h5_array *steps);

/**
 * Measure the network of `layer` at snapshot step `step` of an open trajectory.
 * \param stats  uninitialised; filled on success, left destroyed on error
 * \param opt    borrowed; NULL for the defaults
 * \return CSIM_OK; CSIM_EINVAL (no snapshot at `step`: the message lists the snapshot
 *         steps; a damaged or foreign file); CSIM_ENOMEM; CSIM_EIO; CSIM_EGRAPH.
 */
csim_status csim_network_stats_read(csim_network_stats *stats, const csim_h5_reader *r,
                                    csim_layer layer, int64_t step,
                                    const csim_network_stats_options *opt);

/** The key scalars of one layer at a series of snapshot steps. Zeroed is a valid empty series. */
typedef struct csim_network_series {
    csim_layer layer;  /**< which network                                                    */
    size_t n_steps;    /**< rows                                                             */
    size_t capacity;   /**< rows allocated                                                   */
    int64_t *step;     /**< owned: n_steps snapshot steps                                    */
    double *time;      /**< owned: n_steps times, years (NaN when the graph did not say)     */
    double *values;    /**< owned: n_steps * CSIM_NETWORK_N_SCALARS, row-major; row i,
                            column k is scalar k (CSIM_NETWORK_SCALARS order) at step[i]   */
} csim_network_series;

/** Make `series` an empty series of `layer`. Cannot fail. */
void csim_network_series_init(csim_network_series *series, csim_layer layer);

/**
 * Append the scalars of `stats` (its step and time) as a row.
 * \return CSIM_OK; CSIM_ENOMEM (the series is unchanged).
 */
csim_status csim_network_series_append(csim_network_series *series,
                                       const csim_network_stats *stats);

/**
 * The key scalars at every snapshot step of `layer` in an open trajectory, in step order.
 * \param series  uninitialised; filled on success, left destroyed on error
 * \param opt     borrowed; NULL for the defaults (the same seed at every step)
 * \return as csim_network_stats_read(), for the first step that fails.
 * Time: one csim_network_stats_read() per snapshot.
 */
csim_status csim_network_series_read(csim_network_series *series, const csim_h5_reader *r,
                                     csim_layer layer, const csim_network_stats_options *opt);

/** Output formats of csim_network_series_write(). */
typedef enum csim_network_format {
    CSIM_NETWORK_TABLE, /**< aligned columns for people                                     */
    CSIM_NETWORK_CSV,   /**< header "step,time,<scalars>" then a line per step; NaN empty   */
    CSIM_NETWORK_JSON   /**< {"layer", "columns", "rows": [{"step", "time", ...}, ...]}     */
} csim_network_format;

/**
 * Write the series in `format`.
 * \param out  borrowed; an open stream; the caller checks and closes it
 * \return CSIM_OK; CSIM_EIO (writing failed).
 */
csim_status csim_network_series_write(const csim_network_series *series,
                                      csim_network_format format, FILE *out);

/** Free what the series owns; safe on a zeroed or destroyed series (idempotent). */
void csim_network_series_destroy(csim_network_series *series);

#endif /* CSIM_ANALYSIS_NETWORK_SERIES_H */
