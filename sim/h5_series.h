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
 * **Growing element** (csim_h5_series with `grow`): value [variable][variable](,[k]):
 * row s is a snapshot, entry j the agent of stable index j; rows of any width, entries
 * never written read as the fill value. Firms by actor id, with the dead left as fill.
 *
 * **Chunks and filters.** Every dataset here is chunked (extendible datasets must be),
 * with shuffle + deflate level 1 unless created `raw` or its chunk is under 4 KiB
 * (CSIM_H5__SMALL_CHUNK: deflate's fixed cost per chunk would outweigh what it saves);
 * deflate is the one filter every HDF5 reader has, shuffle makes slowly varying numbers
 * compress well. A raw growing element of a small population (its expected rows by 4
 * times its first row within 256 KiB) is one chunk and holds its rows in memory until
 * flushed (at most 1 MiB), so that it costs one write call instead of one per row; a
 * compressed growing element has chunks of one row, each compressed and written as its
 * row is (directly, by sim/h5_chunk.c, for parts of whole chunks), so that nothing of it
 * is left for the end of the run. A row is one index of the first
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

struct csim_h5__clock; /* a shared step/time pair, private to sim/ (sim/h5_clock.h) */

/**
 * An open time-dependent element. Fields are read-only for callers. The struct must not
 * move while it is open: its file keeps a pointer to it (rows held in memory are written
 * by csim_h5_commit() if the element is still open then).
 */
typedef struct csim_h5_series {
    csim_h5__pending pending;      /**< registration with the file                     */
    int64_t group;                 /**< hid_t of the element group; <= 0 when closed    */
    int64_t value;                 /**< hid_t of `value`                                */
    struct csim_h5__clock *clock;  /**< owned reference: step/time, shared or not       */
    csim_h5_type type;             /**< element type of `value`                         */
    size_t rank;                   /**< axes of one row: 0 (scalar), 1 ([n]) or 2 ([n][k]) */
    uint64_t dims[2];              /**< row extents (unused ones are 1); for a growing
                                        element dims[0] is the current extent of the
                                        agent axis (the widest row so far)              */
    bool grow;                     /**< the agent axis (axis 1 of `value`) is extendible */
    uint64_t chunk_agents;         /**< growing: agents per chunk (write parts of a
                                        multiple of it: each chunk is then written once) */
    uint64_t row_width;            /**< growing: agents of the row being written        */
    uint64_t n_rows;               /**< rows appended so far (written or held)          */
    uint64_t n_file;               /**< rows written to the file                         */
    unsigned char *buf;            /**< owned: rows n_file .. n_rows-1, not yet written  */
    size_t buf_bytes;              /**< growing and held: bytes allocated for `buf`     */
    bool hold;                     /**< growing and small: rows are held in `buf` as
                                        [rows][hold_width][k] and written by one call
                                        at flush (see csim_h5_series_open())            */
    uint64_t hold_width;           /**< agents per held row (the widest held so far)    */
    bool direct;                   /**< growing, not held: whole chunks of a part are
                                        written directly (sim/h5_chunk.c), compressed
                                        there when `compressed`                          */
    bool compressed;               /**< growing: `value` has shuffle + deflate         */
    size_t buf_cap;                /**< rows `buf` holds (one chunk of the time axis)    */
    int64_t last_step;             /**< step of the last row (steps must increase)      */
    char *label;                   /**< owned: "FILE:PATH", for error messages          */
} csim_h5_series;

/** What csim_h5_series_open() creates. Zero-initialise, then fill. */
typedef struct csim_h5_series_spec {
    csim_h5_type type;            /**< element type of `value`                        */
    size_t rank;                  /**< 0: one number per step; 1: [n]; 2: [n][k]      */
    size_t dims[2];               /**< n (rank >= 1) and k (rank 2), each >= 1; with
                                       `grow`, n is the expected first agent count
                                       (0 allowed): it only sizes the chunks          */
    bool grow;                    /**< rank 1 or 2: the agent axis n is extendible too
                                       (value [variable][variable] or
                                       [variable][variable][k]): rows of any width are
                                       appended with csim_h5_series_append_n(), and
                                       entries past a row's width read as the fill
                                       value (NaN / -1): agents indexed by a stable id,
                                       absent ones left as fill                        */
    bool raw;                     /**< store `value` without filters (see
                                       csim_h5__dset_spec.raw)                          */
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
    const char *description;      /**< attribute `description` of the element group,
                                       borrowed; NULL: none                            */
    const char *const *value_names; /**< optional name table written as attribute
                                       `names` of `value` (enumeration codes of a
                                       particle column); n_value_names strings        */
    size_t n_value_names;         /**< entries of `value_names`; 0 when none         */
    size_t rows_hint;             /**< rows expected (e.g. the steps of the run), or 0:
                                       chunks of the time axis are then no longer than
                                       this, so that a short series is not padded to a
                                       64 KiB chunk that is compressed at every write  */
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
 * With a shared clock, the first element to append row i records step[i] and time[i];
 * the others check that they are sampled at the same step and time. The clock is kept
 * in memory (16 bytes per row), so the check reads nothing back from the file.
 *
 * Rows narrower than 64 KiB are held in memory until a whole chunk of them is ready
 * (8192 rows of a scalar series), then written in one call: HDF5's fixed cost per call
 * is paid per chunk, not per step. They are written by csim_h5_series_flush(), by the
 * close call, or by csim_h5_commit(). Wider rows are written at once.
 *
 * \param s     an open element (not a growing one: see csim_h5_series_append_n())
 * \param step  simulation step, > the previous row's
 * \param time  simulation time in the clock's unit
 * \param row   borrowed; product(dims) values of the element type (`const double *`,
 *              `const int64_t *`, `const int32_t *` or `const int8_t *`), row-major
 * \return CSIM_OK; CSIM_EINVAL (closed or growing element, NULL row, step not
 *         increasing, or a shared clock holding another step/time at this row);
 *         CSIM_ENOMEM; CSIM_EIO.
 *
 * Cost: O(row size); HDF5 calls once per chunk of rows; chunks are compressed and
 * written when evicted from HDF5's chunk cache or at commit.
 */
csim_status csim_h5_series_append(csim_h5_series *s, int64_t step, double time,
                                  const void *row);

/**
 * Append one row of `n` agents to an element (`n` must equal dims[0] unless the element
 * grows): `row` holds n (or n * k) values. In a growing element the agent axis becomes
 * max(n, widest row so far) wide; entries of this row past `n` are fill (NaN / -1).
 * Written at once (no buffering). Returns as csim_h5_series_append().
 */
csim_status csim_h5_series_append_n(csim_h5_series *s, int64_t step, double time, size_t n,
                                    const void *row);

/**
 * Begin a row of `n` agents in a growing element, to be written in parts with
 * csim_h5_series_write_part() (memory for one part instead of the whole row: a
 * knowledge row of 10^6 firms is 96 MB). Entries never written read as fill. Returns as
 * csim_h5_series_append(); CSIM_EINVAL for an element that does not grow.
 */
csim_status csim_h5_series_begin_row(csim_h5_series *s, int64_t step, double time, size_t n);

/**
 * Write entries first .. first + count - 1 of the row begun last (`part` holds count, or
 * count * k, values of the element type).
 * \return CSIM_OK; CSIM_EINVAL (no row begun, entries outside it, NULL part); CSIM_EIO.
 */
csim_status csim_h5_series_write_part(csim_h5_series *s, size_t first, size_t count,
                                      const void *part);

/**
 * Write the rows held in memory, and the clock's, to the file.
 * \return CSIM_OK (also for a closed element: nothing to do); CSIM_EIO.
 */
csim_status csim_h5_series_flush(csim_h5_series *s);

/**
 * Write what the element still holds (as csim_h5_series_flush(); a failure cannot be
 * returned here, so it makes the file's commit fail) and close its handles. Safe on a
 * zeroed or closed struct; idempotent.
 */
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
    bool raw;                  /**< store without filters (csim_h5__dset_spec.raw)     */
    const char *description;   /**< borrowed; attribute `description` of the column's
                                    dataset, or NULL: none                             */
} csim_h5_column;

/**
 * An open table of equal-length columns. Fields are read-only for callers. Must not move
 * while open (see csim_h5_series).
 */
typedef struct csim_h5_table {
    csim_h5__pending pending;  /**< registration with the file                       */
    size_t n_cols;         /**< number of columns                                  */
    int64_t *cols;         /**< owned: n_cols hid_t of the column datasets         */
    csim_h5_type *types;   /**< owned: n_cols element types                        */
    uint64_t *widths;      /**< owned: n_cols values per row (>= 1)                */
    bool direct;           /**< chunks are written directly (sim/h5_chunk.c), not
                                through HDF5's selections and pipeline: the file's
                                byte order is the machine's (little-endian)          */
    bool *compressed;      /**< owned: n_cols; the column has shuffle + deflate     */
    uint64_t n_rows;       /**< rows appended so far (written or held)             */
    uint64_t n_chunked;    /**< rows in complete chunks in the file (a multiple of
                                buf_cap)                                           */
    uint64_t n_file;       /**< rows in the file: n_chunked, or n_rows after a
                                flush wrote the chunk being filled                  */
    unsigned char **buf;   /**< owned: per column, rows n_chunked .. n_rows-1: the
                                chunk being filled                                   */
    const void **src;      /**< owned: n_cols scratch pointers                      */
    size_t buf_cap;        /**< rows per chunk, the same for every column (a ~64 KiB
                                chunk of the widest row)                             */
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
 * As csim_h5_table_open(), for a table of about `rows_hint` rows (0: unknown): its chunks
 * then hold no more rows than that (nor fewer than 64), so that a short table's raw
 * columns are not padded to ~64 KiB chunks (a raw chunk is stored whole). Chunks under
 * 4 KiB are stored raw (csim_h5__dataset_create_ex).
 */
csim_status csim_h5_table_open_hint(csim_h5_table *t, csim_h5_file *f, const char *path,
                                    const csim_h5_column *cols, size_t n_cols,
                                    size_t rows_hint);

/**
 * Append `n` rows to every column. Rows are held in memory until they fill a chunk, and
 * each chunk is written once, whole (compressed columns compressed then); batches of a
 * chunk or more are written from `columns` directly.
 *
 * \param t        an open table
 * \param n        rows to append; 0 does nothing
 * \param columns  borrowed; n_cols pointers, columns[c] to n * width[c] values of
 *                 column c's type, row-major; may be NULL when n == 0
 * \return CSIM_OK; CSIM_EINVAL (closed table, NULL column); CSIM_ENOMEM; CSIM_EIO.
 */
csim_status csim_h5_table_append(csim_h5_table *t, size_t n, const void *const *columns);

/** Write the rows held in memory (the chunk being filled, padded with fill; it is written
 * again when more rows complete it). \return CSIM_OK (also when closed); CSIM_EIO. */
csim_status csim_h5_table_flush(csim_h5_table *t);

/**
 * Write what the table still holds (a failure makes the file's commit fail), close its
 * handles and free its arrays. Safe on a zeroed struct; idempotent.
 */
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

/** As csim_h5_ragged_open(), with the number of snapshots expected (sizes the chunks of
 * the `snapshot` element; 0: unknown). */
csim_status csim_h5_ragged_open_hint(csim_h5_ragged *r, csim_h5_file *f, const char *path,
                                     const csim_h5_column *cols, size_t n_cols,
                                     const char *time_unit, const csim_h5_series *clock,
                                     size_t snapshots_hint);

/**
 * Append one snapshot of `n` rows (n may be 0: an empty network) sampled at step/time.
 * `columns` is as in csim_h5_table_append(). Returns as csim_h5_table_append() and
 * csim_h5_series_append().
 */
csim_status csim_h5_ragged_append(csim_h5_ragged *r, int64_t step, double time, size_t n,
                                  const void *const *columns);

/** Write what both parts hold in memory. \return CSIM_OK; CSIM_EIO. */
csim_status csim_h5_ragged_flush(csim_h5_ragged *r);

/** Close both parts (writing what they hold). Safe on a zeroed or closed struct. */
void csim_h5_ragged_close(csim_h5_ragged *r);

#endif /* CSIM_SIM_H5_SERIES_H */
