/**
 * \file model/trajectory.h
 * The trajectory file of one run (docs/OUTPUT.md): H5MD metadata, the scenario as read
 * and as resolved with the provenance of the run under /parameters, every observable at
 * every step under /observables, the event log under /events, and snapshots of the
 * actors and networks every run.snapshot_interval months under /particles and
 * /connectivity. Written to a temporary name and renamed only when complete.
 */
#ifndef CSIM_MODEL_TRAJECTORY_H
#define CSIM_MODEL_TRAJECTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/observables.h"
#include "model/sim.h"
#include "sim/error.h"
#include "sim/h5_file.h"
#include "sim/h5_series.h"

/** Where a run came from, recorded under /parameters. All strings borrowed. */
typedef struct csim_run_info {
    const char *scenario_name;   /**< e.g. "gumi-baseline"                               */
    const char *scenario_path;   /**< path as given on the command line                  */
    const char *scenario_text;   /**< every file read, as read                            */
    const char *overrides;       /**< "key=value" lines of --set, or ""                   */
    int threads;                 /**< OpenMP threads used                                 */
    int ranks;                   /**< MPI ranks of the job (1 without MPI)                */
} csim_run_info;

typedef struct csim_trajectory {
    csim_h5_file file;                           /**< the file being written             */
    csim_h5_series obs[CSIM_N_OBSERVABLES];      /**< one element per observable         */
    csim_h5_table events;                        /**< the event log                      */
    csim_h5_ragged actors;                       /**< actor snapshots, one row per actor  */
    csim_h5_ragged collaboration;                /**< collaboration network snapshots     */
    csim_h5_ragged supply;                       /**< supply network snapshots            */
    bool open;                                   /**< between open and close/abort        */
    double wall_start;                           /**< wall-clock start, seconds            */
} csim_trajectory;

/**
 * Create the file at `path` (refusing an existing file unless `force`) and write the
 * metadata, the parameters and the initial snapshot of `sim` (step 0, before any month).
 * \return CSIM_OK; CSIM_EEXIST; CSIM_EIO (unwritable folder, HDF5 failure); CSIM_ENOMEM.
 *         On error nothing exists under `path` and `traj` is closed.
 */
csim_status csim_trajectory_open(csim_trajectory *traj, const char *path, bool force,
                                 const csim_sim *sim, const csim_run_info *info);

/** Record the step just done: observables, its events and, on snapshot steps, snapshots. */
csim_status csim_trajectory_record(csim_trajectory *traj, csim_sim *sim);

/** Write the end-of-run metadata and commit the file under its final name. */
csim_status csim_trajectory_close(csim_trajectory *traj);

/** Drop the file being written (no file appears under the final name). Idempotent. */
void csim_trajectory_abort(csim_trajectory *traj);

#endif /* CSIM_MODEL_TRAJECTORY_H */
