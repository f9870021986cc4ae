/**
 * \file sim/h5_series.h
 * Time-dependent output in H5MD style: elements, ragged snapshots and event tables,
 * all extendible along their first axis and appended to while a run goes on.
 *
 * **Element** (csim_h5_series): a group holding
 *   - `step`  int64  [variable]            simulation step of each row;
 *   - `time`  double [variable]            attribute `unit` ("year", "month", ...);
 *   - `value` double or int64 [variable], [variable][n] or [variable][n][k],
 *             attribute `unit` when the caller gives one; fill value NaN / -1;
 *   - `names` (optional) 1-D UTF-8 strings: value v means names[v] (enumerations), or
 *             names[i] labels component i of a row.
 *   Elements sampled at the same steps share one `step` and one `time` dataset through
 *   HDF5 hard links (H5MD 1.1 section "time-dependent data"): open the first element,
 *   then the others with `.clock` pointing at it, before any row is appended.
 *
 * **Table** (csim_h5_table): a group of 1-D (or [rows][w]) column datasets of equal
 * length, declared by the caller (name, type, unit, optional name table), appended to in
 * batches of rows. For event logs: step, kind, agent, group, value, ...
 * h5py + numpy + pandas: `pd.DataFrame({c: g[c][()] for c in g})` for 1-D columns.
 *
 * **Ragged element** (csim_h5_ragged): a variable number of rows per step, e.g. the edge
 * list of a network snapshot. All snapshots are concatenated in the columns of a table
 * (`edges` int64 [E_total][2], `weight` double [E_total], ...) and a `snapshot` element
 * holds, per step, (offset, count) int64 [variable][2] into them: the CF conventions'
 * contiguous ragged array. Snapshot i is rows offset .. offset + count - 1.
 *
 * **Chunks and filters.** Every dataset here is chunked (extendible datasets must be),
 * with shuffle + deflate level 1 (deflate is the one filter every HDF5 reader has;
 * shuffle makes slowly varying numbers compress well). A row is one index of the first
 * axis (one step, one table row). Rows under 64 KiB are grouped into chunks of about
 * 64 KiB (a scalar series: 8192 steps per chunk); rows of 64 KiB to 1 MiB are one row per
 * chunk: time slices, which write fast and read a whole step fast; rows over 1 MiB are
 * cut along the agent axis into near-equal chunks of at most 1 MiB (HDF5's default chunk
 * cache is 1 MiB per dataset). Reading one agent's history of a time-sliced dataset
 * touches every chunk; for per-agent analysis rechunk a copy, e.g.
 * `h5repack -l /particles/firms/capital/value:CHUNK=1024x64 in.h5 out.h5`.
 *
 * Lifetime: every struct here is caller-allocated, filled by its open call and emptied
 * by its close call (safe on a zeroed or closed struct, idempotent). Close them before
 * csim_h5_commit(); if one is still open, commit closes its datasets and the later close
 * call is a no-op. After any error from an append the file is inconsistent (columns of
 * unequal length, a step without value): abort it.
 *
 * Thread-safety: none; call from serial code only (see sim/h5_file.h).
 */
#ifndef CSIM_SIM_H5_SERIES_H
#define CSIM_SIM_H5_SERIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/error.h"
#include "sim/h5_file.h"

/** Longest object path accepted by this module, in bytes including the NUL. */
#define CSIM_H5_PATH_MAX 512

/** An open time-dependent element. Fields are read-only for callers. */
typedef struct csim_h5_series {
    int64_t group;      /**< hid_t of the element group; <= 0 when closed           */
    int64_t step;       /**< hid_t of `step` (maybe a hard link to another's)       */
    int64_t time;       /**< hid_t of `time` (maybe a hard link to another's)       */
    int64_t value;      /**< hid_t of `value`                                       */
    csim_h5_type type;  /**< element type of `value`                                */
    size_t rank;        /**< axes of one row: 0 (scalar), 1 ([n]) or 2 ([n][k])     */
    uint64_t dims[2];   /**< row extents; unused ones are 1                         */
    uint64_t n_rows;    /**< rows appended so far                                   */
    int64_t last_step;  /**< step of the last row (steps must increase)             */
    char *label;        /**< owned: "FILE:PATH", for error messages                 */
} csim_h5_series;

/** What csim_h5_series_open() creates. Zero-initialise, then fill. */
typedef struct csim_h5_series_spec {
    csim_h5_type type;            /**< element type of `value`                        */
    size_t rank;                  /**< 0: one number per step; 1: [n]; 2: [n][k]      */
    size_t dims[2];               /**< n (rank >= 1) and k (rank 2), each >= 1        */
    const char *unit;             /**< unit of `value`, borrowed; NULL: no attribute
                                       (ids, categories, counts)                      */
    const char *time_unit;        /**< unit of `time` ("year"), borrowed; required
                                       unless `clock` is given (then ignored)         */
    const csim_h5_series *clock;  /**< borrowed: share `step`/`time` with this open
                                       element, which must have no rows yet; NULL:
                                       this element owns its clock                    */
    const char *const *names;     /**< optional name table (n_names strings),
                                       written as dataset `names` in the group: for an
                                       enumeration value v means names[v]; for a row
                                       of n components names[i] labels component i  */
    size_t n_names;               /**< entries of `names`; 0 when there is none       */
} csim_h5_series_spec;

/**
 * Create the element group `path` (parents created) and open it for appending.
 *
 * \param s     uninitialised struct, filled on success; closed on error
 * \param f     an open file (borrowed; must outlive `s`)
 * \param path  borrowed; absolute group path that does not exist yet, e.g.
 *              "/particles/firms/employees"; shorter than CSIM_H5_PATH_MAX - 8
 * \param spec  borrowed for the call
 * \return CSIM_OK; CSIM_EINVAL (path exists or is malformed, rank/dims/type out of range,
 *         no time_unit without a clock, clock closed or already has rows);
 *         CSIM_ENOMEM; CSIM_EIO (HDF5 failed; the message names file and path).
 */
csim_status csim_h5_series_open(csim_h5_series *s, csim_h5_file *f, const char *path,
                                const csim_h5_series_spec *spec);

/**
 * Append one row: value[row i] = `row`, sampled at `step` and `time`.
 *
 * With a shared clock, the first element to append row i writes step[i] and time[i];
 * the others check that they are sampled at the same step and time.
 *
 * \param s     an open element
 * \param step  simulation step, > the previous row's
 * \param time  simulation time in the clock's unit
 * \param row   borrowed; product(dims) values of the element type (`const double *` or
 *              `const int64_t *`), row-major
 * \return CSIM_OK; CSIM_EINVAL (closed element, NULL row, step not increasing, or a
 *         shared clock holding another step/time at this row); CSIM_EIO.
 *
 * Cost: O(row size) plus a few HDF5 metadata operations; whole chunks are compressed
 * and written when evicted from HDF5's chunk cache or at commit.
 */
csim_status csim_h5_series_append(csim_h5_series *s, int64_t step, double time,
                                  const void *row);

/** Close the element's handles. Safe on a zeroed or closed struct; idempotent. */
void csim_h5_series_close(csim_h5_series *s);

/** One column of a table or ragged element, declared by the caller. */
typedef struct csim_h5_column {
    const char *name;          /**< dataset name inside the group, borrowed            */
    csim_h5_type type;         /**< element type                                       */
    size_t width;              /**< values per row: 0 or 1 gives a 1-D column [rows],
                                    w >= 2 gives [rows][w] (an edge list: 2)           */
    const char *unit;          /**< borrowed; NULL: no `unit` attribute                */
    const char *const *names;  /**< optional name table, attribute `names` of the
                                    column: value v means names[v] (enumeration), or
                                    names[j] labels entry j of a row (width >= 2)      */
    size_t n_names;            /**< entries of `names`; 0 when there is none           */
} csim_h5_column;

/** An open table of equal-length columns. Fields are read-only for callers. */
typedef struct csim_h5_table {
    size_t n_cols;         /**< number of columns                                  */
    int64_t *cols;         /**< owned: n_cols hid_t of the column datasets         */
    csim_h5_type *types;   /**< owned: n_cols element types                        */
    uint64_t *widths;      /**< owned: n_cols values per row (>= 1)                */
    uint64_t n_rows;       /**< rows appended so far (the length of every column)  */
    char *label;           /**< owned: "FILE:PATH", for error messages             */
} csim_h5_table;

/**
 * Create the group `path` (parents created; an existing empty group is fine) with one
 * extendible dataset per column, and open it for appending.
 *
 * \param t       uninitialised struct, filled on success; closed on error
 * \param f       an open file (borrowed; must outlive `t`)
 * \param path    borrowed; absolute group path, e.g. "/events"
 * \param cols    borrowed for the call; `n_cols` >= 1 columns with distinct names
 * \return CSIM_OK; CSIM_EINVAL (bad path, a column exists, bad type or NULL name);
 *         CSIM_ENOMEM; CSIM_EIO.
 */
csim_status csim_h5_table_open(csim_h5_table *t, csim_h5_file *f, const char *path,
                               const csim_h5_column *cols, size_t n_cols);

/**
 * Append `n` rows to every column.
 *
 * \param t        an open table
 * \param n        rows to append; 0 does nothing
 * \param columns  borrowed; n_cols pointers, columns[c] to n * width[c] values of
 *                 column c's type, row-major; may be NULL when n == 0
 * \return CSIM_OK; CSIM_EINVAL (closed table, NULL column); CSIM_EIO.
 */
csim_status csim_h5_table_append(csim_h5_table *t, size_t n, const void *const *columns);

/** Close the table's handles and free its arrays. Safe on a zeroed struct; idempotent. */
void csim_h5_table_close(csim_h5_table *t);

/** An open ragged element: concatenated columns plus their `snapshot` index element. */
typedef struct csim_h5_ragged {
    csim_h5_table items;       /**< the concatenated columns (group `path`)             */
    csim_h5_series snapshot;   /**< `path/snapshot`: (offset, count) int64 per step;
                                    other elements may share its clock                  */
} csim_h5_ragged;

/**
 * Create the ragged element `path`: the columns `cols` as a table in group `path`, and
 * the element `path/snapshot` whose value is int64 [variable][2] = (offset, count).
 *
 * \param r          uninitialised struct, filled on success; closed on error
 * \param f          an open file (borrowed; must outlive `r`)
 * \param path       borrowed; absolute group path, e.g. "/connectivity/supply"
 * \param cols       borrowed for the call; n_cols >= 1 columns ("snapshot" is taken)
 * \param time_unit  unit of `snapshot/time`; required unless `clock` is given
 * \param clock      borrowed; share step/time with this element (no rows yet), or NULL
 * \return as csim_h5_table_open() and csim_h5_series_open().
 */
csim_status csim_h5_ragged_open(csim_h5_ragged *r, csim_h5_file *f, const char *path,
                                const csim_h5_column *cols, size_t n_cols,
                                const char *time_unit, const csim_h5_series *clock);

/**
 * Append one snapshot of `n` rows (n may be 0: an empty network) sampled at step/time.
 * `columns` is as in csim_h5_table_append(). Returns as csim_h5_table_append() and
 * csim_h5_series_append().
 */
csim_status csim_h5_ragged_append(csim_h5_ragged *r, int64_t step, double time, size_t n,
                                  const void *const *columns);

/** Close both parts. Safe on a zeroed or closed struct; idempotent. */
void csim_h5_ragged_close(csim_h5_ragged *r);

#endif /* CSIM_SIM_H5_SERIES_H */
