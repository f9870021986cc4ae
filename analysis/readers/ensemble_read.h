/**
 * \file analysis/readers/ensemble_read.h
 * The task table of an ensemble or sweep folder (DIR/index.h5, written by `clustersim
 * ensemble` and `clustersim sweep`; scenarios/ensemble/index.h describes it), read back
 * for the analyses. Only /task_table and /ensemble are read; the task files are opened
 * by path (DIR/<file>), not through the index's external links, so a message about a
 * bad task file names that file.
 *
 * Thread-safety: none (HDF5 reads from serial code).
 */
#ifndef CSIM_ANALYSIS_ENSEMBLE_READ_H
#define CSIM_ANALYSIS_ENSEMBLE_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/error.h"

/** One row of the task table. */
typedef struct csim_ensemble_index_task {
    size_t point;       /**< index into the index's labels (its design point)          */
    int64_t replicate;  /**< replicate number                                           */
    char *stream_key;   /**< owned: the replicate's stream key ("0x...")                */
    int64_t seed;       /**< run.seed of the task                                       */
    bool has_digest;    /**< the index records the digest of the resolved parameters
                             (indexes written since December 2026)                        */
    uint64_t params_digest; /**< that digest (sim/digest.h of /parameters/resolved_yaml) */
    bool ok;            /**< status "ok": its file is complete                          */
    char *path;         /**< owned: DIR/<file>                                          */
    int64_t sample;     /**< Saltelli sweeps: base sample; else -1                      */
    size_t block;       /**< Saltelli sweeps: 0 for A, 1..d for AB^i, d+1 for B         */
} csim_ensemble_index_task;

/** An ensemble's index. Zeroed is a valid empty index. */
typedef struct csim_ensemble_index {
    char *dir;            /**< owned: the folder as given                                */
    char *kind;           /**< owned: "ensemble" or "sweep" (/ensemble@kind)             */
    char *design;         /**< owned: the sweep's design ("saltelli", ...), or NULL      */
    csim_ensemble_index_task *tasks; /**< owned: n_tasks rows, in table order                       */
    size_t n_tasks;       /**< rows                                                      */
    char **labels;        /**< owned: n_labels point labels, by point number             */
    size_t n_labels;      /**< points                                                    */
    char **params;        /**< owned: swept parameter names (sweeps), in design order    */
    size_t n_params;      /**< swept parameters                                          */
    double *design_unit;  /**< owned: [n_labels][n_params] design coordinates in [0, 1]
                               before mapping (/ensemble/design_unit), or NULL           */
    double *param_values; /**< owned: [n_labels][n_params] each point's parameter values as
                               run (the /task_table column named after the parameter,
                               from the point's first row), or NULL without parameters   */
} csim_ensemble_index;

/**
 * Read DIR/index.h5.
 * \param ix  uninitialised; filled on success, left destroyed on failure
 * \return CSIM_OK; CSIM_EINVAL (DIR is not a folder; index.h5 is not an ensemble index:
 *         no /task_table or a column missing or of the wrong length, named in the
 *         message); CSIM_EIO (missing, truncated or damaged index.h5); CSIM_ENOMEM.
 */
csim_status csim_ensemble_index_read(csim_ensemble_index *ix, const char *dir);

/** What a task file says about itself, for csim_ensemble_index_check_task_file. Borrowed strings. */
typedef struct csim_ensemble_index_file_id {
    int64_t replicate;         /**< /parameters@replicate                           */
    int64_t seed;              /**< /parameters@seed (run.seed)                     */
    const char *stream_key;    /**< /parameters@stream_key                          */
    const char *resolved_yaml; /**< /parameters/resolved_yaml                       */
} csim_ensemble_index_file_id;

/**
 * Check that the file read for `task` is the one the index lists for it: the same
 * replicate, run.seed, stream key and -- where the index records it -- resolved
 * parameters (their digest). A file copied or run into a slot afterwards (another seed,
 * scenario or parameter value), or an ensemble re-run after a change and killed part-way,
 * shows up here; the analyses (`compare`, `sobol`, `plot`) refuse such a folder.
 * \param sibling  another task file of the same point that did pass, or NULL: when the
 *                 parameters differ, the message then names the first line that differs
 * 
eturn CSIM_OK; CSIM_EINVAL with a user message naming the file, what differs and
 *         how to repair it (re-running the ensemble's command redoes the files that do
 *         not match).
 */
csim_status csim_ensemble_index_check_task_file(const csim_ensemble_index *ix, const csim_ensemble_index_task *task,
                                     const csim_ensemble_index_file_id *file,
                                     const csim_ensemble_index_file_id *sibling);

/** Label index of `label`, or n_labels when absent. Cannot fail. */
size_t csim_ensemble_index_find_label(const csim_ensemble_index *ix, const char *label);

/** Whether the index is a Saltelli sweep (a `matrix` column and swept parameters). */
bool csim_ensemble_index_is_saltelli(const csim_ensemble_index *ix);

/** Free what the index owns; safe on a zeroed or destroyed index, idempotent. */
void csim_ensemble_index_destroy(csim_ensemble_index *ix);

#endif /* CSIM_ANALYSIS_ENSEMBLE_READ_H */
