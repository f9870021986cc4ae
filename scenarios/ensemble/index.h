/**
 * \file scenarios/ensemble/index.h
 * The index of an ensemble's output folder: DIR/index.h5 and DIR/tasks.csv.
 *
 * index.h5 (HDF5, any reader; docs/OUTPUT.md: one file per task, then a small
 * index file that gathers them with external links"):
 *   /tasks/<label>/r<k>   external link to "<label>/r<k>.h5":"/" for every finished task,
 *                         so f["/tasks/gumi-baseline/r3/observables/..."] reads through it
 *   /task_table/<column>  one 1-D dataset per column, one row per task (attribute
 *                         `columns` of the group lists them in order): task, scenario,
 *                         label, point, replicate, seed, stream_key, status ("ok",
 *                         "failed", "pending"), reused, wall_seconds, file, error,
 *                         parameters_digest (point is the scenario's position on the
 *                         command line for ensembles, the design point for sweeps; seed
 *                         is run.seed and stream_key the replicate's key, as in the task
 *                         file's /parameters; parameters_digest is "0x" and 16 hex
 *                         digits, sim/digest.h's FNV-1a of the file's
 *                         /parameters/resolved_yaml, by which readers check that each
 *                         file is the one the table lists, analysis/readers/ensemble_read.h); sweeps
 *                         add one double column per swept parameter (named after it) and,
 *                         for Saltelli designs, `sample` and `matrix` ("A", "B", "AB:<name>")
 *   /ensemble             attributes: kind, command_line, started, finished, counts, code
 *                         version and commit, jobs, threads_per_task, ranks; for sweeps
 *                         also `design`, `sweep_path`, datasets `sweep_text`,
 *                         `parameters` (names) and `design_unit` ([points][parameters],
 *                         the design in the unit cube before mapping)
 *
 * In Python:
 *     g = h5py.File("DIR/index.h5")["task_table"]
 *     df = pandas.DataFrame({c: g[c].asstr()[()] if g[c].dtype.kind == "O" else g[c][()]
 *                            for c in g.attrs["columns"]})
 *
 * tasks.csv: the same table with the same columns, RFC 4180 quoting.
 *
 * Both are written under temporary names and renamed when complete, replacing the
 * previous index: re-running a resumed ensemble rewrites them for every task.
 * Thread-safety: serial code only (HDF5).
 */
#ifndef CSIM_SCENARIOS_ENSEMBLE_INDEX_H
#define CSIM_SCENARIOS_ENSEMBLE_INDEX_H

#include "scenarios/ensemble/plan.h"
#include "sim/error.h"

/** How the ensemble was run, recorded in the index. Strings borrowed. */
typedef struct csim_index_info {
    const char *kind;         /**< "ensemble" or "sweep"                              */
    const char *command_line; /**< the command as typed (arguments joined by spaces)   */
    const char *started;      /**< ISO 8601 UTC time the invocation started           */
    int jobs;                 /**< concurrent tasks (worker processes or MPI ranks)    */
    int threads_per_task;     /**< OpenMP threads of each task                         */
    int ranks;                /**< MPI ranks (1 without MPI)                           */
} csim_index_info;

/**
 * Write DIR/index.h5 from the plan and its tasks' results.
 * \return CSIM_OK; CSIM_EIO (HDF5 or file system); CSIM_ENOMEM.
 */
csim_status csim_ensemble_index_write(const csim_ensemble *e, const csim_index_info *info);

/**
 * Write DIR/tasks.csv, the task table of the index as text.
 * \return CSIM_OK; CSIM_EIO; CSIM_ENOMEM.
 */
csim_status csim_ensemble_write_csv(const csim_ensemble *e);

/** Text of a task state as the table writes it: "pending", "ok", "failed". */
const char *csim_task_state_name(csim_task_state state);

#endif /* CSIM_SCENARIOS_ENSEMBLE_INDEX_H */
