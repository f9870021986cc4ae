/**
 * \file analysis/readers/snapshot.h
 * Reading one snapshot of a trajectory file (docs/OUTPUT.md): of a ragged element
 * (`/connectivity/collaboration`, `/connectivity/supply`) with csim_snapshot_read(), or of
 * a particle group (`/particles/firms`, `/particles/institutions`) with
 * csim_particles_read(). Both give the same csim_snapshot: rows and columns.
 *
 * **Particle groups** hold one H5MD element per state variable, `value` [S][N]: row s is
 * snapshot s, entry j the agent of index j, fill (-1 / NaN) where none is present. The
 * element `id` says which: id[s][j] is the agent's stable actor id, or -1. A particle
 * snapshot is the agents with an id, in index order.
 *
 * A ragged element is a group of column datasets holding every snapshot's rows one after
 * the other, plus a `snapshot` element whose `step[i]`, `time[i]` and `value[i] = (offset,
 * count)` say that snapshot i is rows offset .. offset + count - 1 of every column. This
 * module finds the snapshot taken at a given step and reads just its rows, whatever the
 * columns are: what it returns follows the file, not a list compiled in here, so files
 * with more (or fewer) columns are read the same way.
 *
 * Files are treated as untrusted input: a missing part, a column of the wrong kind, an
 * (offset, count) outside the columns or steps out of order give CSIM_EINVAL with a
 * message naming the file and the dataset, never a crash.
 *
 * Thread-safety: none (HDF5 reads; call from serial code, see sim/h5_file.h).
 */
#ifndef CSIM_ANALYSIS_SNAPSHOT_H
#define CSIM_ANALYSIS_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#include "sim/error.h"
#include "sim/format/format_read.h"

/** The rows of one column in one snapshot. */
typedef struct csim_snapshot_column {
    char *name;        /**< owned: dataset name inside the element group ("employees")   */
    csim_h5_type type; /**< CSIM_H5_INT64 for integer columns, CSIM_H5_DOUBLE for floats  */
    size_t width;      /**< values per row: 1, or w for a [rows][w] column (edges: 2)     */
    void *data;        /**< owned: n_rows * width values of `type`, row-major; not NULL   */
    char **names;      /**< owned: the column's `names` attribute, or NULL: for width 1,
                            value v means names[v] (an enumeration); for width w, names[j]
                            labels entry j of a row                                      */
    size_t n_names;    /**< entries of `names`                                           */
} csim_snapshot_column;

/** One snapshot of a ragged element. Zeroed is a valid empty snapshot. */
typedef struct csim_snapshot {
    int64_t step;                /**< step at which it was taken (-1: the initial state)  */
    double time;                 /**< its time, in the unit of `snapshot/time`            */
    size_t index;                /**< position among the element's snapshots (0-based)    */
    size_t n_rows;               /**< rows (actors alive, or edges)                       */
    size_t n_cols;               /**< columns read                                        */
    csim_snapshot_column *cols;  /**< owned: n_cols columns, in the file's name order     */
} csim_snapshot;

/**
 * The steps at which `element` was snapshot, in file order (increasing).
 * \param r        an open reader (borrowed)
 * \param element  borrowed; group path of the ragged element, e.g. "/particles/actors"
 * \param steps    uninitialised; filled with an int64 1-D array (possibly of 0 steps);
 *                 release with csim_h5_array_destroy()
 * \return CSIM_OK; CSIM_EINVAL (no `snapshot` element, wrong shape or type: the message
 *         names file and dataset); CSIM_ENOMEM; CSIM_EIO.
 */
csim_status csim_snapshot_steps(const csim_h5_reader *r, const char *element,
                                csim_h5_array *steps);

/**
 * The snapshot step of `element` that stands for calendar year `year`: the last snapshot
 * taken in that year (its December with the default run.snapshot_interval of 12). A
 * snapshot's year is the whole part of its time (`snapshot/time`: run.start_year +
 * step / 12), so the initial state, step -1, is December of the year before
 * run.start_year.
 * \param r        an open reader (borrowed)
 * \param element  borrowed; group path of the ragged element, e.g. "/connectivity/supply"
 * \param step     set to the step on success
 * \return CSIM_OK; CSIM_EINVAL (no snapshot in `year`: the message names the file and
 *         the years that have one; a malformed clock); CSIM_ENOMEM; CSIM_EIO.
 */
csim_status csim_snapshot_step_of_year(const csim_h5_reader *r, const char *element,
                                       long long year, int64_t *step);

/**
 * Write "-1, 11, 23" (the steps, comma-separated; "none" when empty; elided with "..."
 * past `size`) into `buf`, for messages. Always NUL-terminates. Cannot fail.
 */
void csim_snapshot_steps_text(const csim_h5_array *steps, char *buf, size_t size);

/**
 * Read the snapshot of `element` taken at `step`.
 *
 * \param snap     uninitialised; filled on success; left destroyed on error
 * \param r        an open reader (borrowed)
 * \param element  borrowed; group path of the ragged element
 * \param step     a step at which the element was snapshot
 * \param only     borrowed; names of the columns to read (`n_only` of them, each must
 *                 exist), or NULL with n_only 0 to read every column (every integer or
 *                 float dataset of the group but `snapshot`, of rank 1 or 2)
 * \param n_only   entries of `only`
 * \return CSIM_OK;
 *         CSIM_EINVAL (no snapshot at `step`: the message lists the snapshot steps; a
 *         requested column missing; (offset, count) outside the columns; a malformed
 *         element);
 *         CSIM_ENOMEM; CSIM_EIO (a damaged chunk).
 * Memory and time: the snapshot's rows only, not the other snapshots'.
 */
csim_status csim_snapshot_read(csim_snapshot *snap, const csim_h5_reader *r, const char *element,
                               int64_t step, const char *const *only, size_t n_only);

/**
 * The steps at which particle group `group` (e.g. "/particles/firms") was snapshot: its
 * `id/step`, in file order (increasing). Returns as csim_snapshot_steps().
 */
csim_status csim_particles_steps(const csim_h5_reader *r, const char *group,
                                 csim_h5_array *steps);

/**
 * Read the agents present in particle group `group` at `step`: one row per index j whose
 * `id/value` is not -1 (in index order), one column per element of the group (its
 * `value` row; width k for a [S][N][k] value) and per time-independent dataset of the
 * group ([N] or [N][k]: a variable fixed for each agent), named after it, with the
 * `names` attribute of the value or dataset as the column's name table. Column `id` holds
 * the actor ids.
 *
 * \param snap     uninitialised; filled on success (index = snapshot position, n_rows =
 *                 agents present); left destroyed on error
 * \param only     borrowed; names of the elements to read besides `id` (each must
 *                 exist), or NULL with n_only 0 for every element of the group
 * \return CSIM_OK;
 *         CSIM_EINVAL (no snapshot at `step`, the message listing the snapshot steps; no
 *         `id` element; an element whose value is not [S][N] or [S][N][k], or a
 *         dataset not [N] or [N][k], with the group's S and N; a requested one missing);
 *         CSIM_ENOMEM; CSIM_EIO.
 * Memory: one row of every element read (all N agents, present or not).
 */
csim_status csim_particles_read(csim_snapshot *snap, const csim_h5_reader *r, const char *group,
                                int64_t step, const char *const *only, size_t n_only);

/** The column named `name`, or NULL when the snapshot has none. Cannot fail; O(columns). */
const csim_snapshot_column *csim_snapshot_find(const csim_snapshot *snap, const char *name);

/** Row `row`, entry `j` (< width) of an integer or float column, as a double. Cannot fail. */
double csim_snapshot_value(const csim_snapshot_column *col, size_t row, size_t j);

/**
 * The name of the value at `row` of an enumeration column (width 1 with a name table),
 * or NULL when the column is not one or the value is outside the table (a foreign file).
 * Valid while the snapshot lives. Cannot fail.
 */
const char *csim_snapshot_label(const csim_snapshot_column *col, size_t row);

/** Free what the snapshot owns; safe on a zeroed or destroyed snapshot (idempotent). */
void csim_snapshot_destroy(csim_snapshot *snap);

#endif /* CSIM_ANALYSIS_SNAPSHOT_H */
