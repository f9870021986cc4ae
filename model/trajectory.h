/**
 * \file model/trajectory.h
 * The trajectory file of one run (docs/OUTPUT.md): H5MD metadata, the scenario as read
 * and as resolved with the provenance of the run under /parameters, every observable at
 * every step under /observables, the event log under /events, and snapshots every
 * run.snapshot_interval months of every firm's and institution's state (indexed by
 * stable actor id, fill where none lives: /particles) and of both networks
 * (/connectivity). Written to a temporary name and renamed only when complete.
 */
#ifndef CSIM_MODEL_TRAJECTORY_H
#define CSIM_MODEL_TRAJECTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/observables.h"
#include "model/sim.h"
#include "model/traj_bodies.h"
#include "model/traj_frame.h"
#include "sim/error.h"
#include "sim/format/format_write.h"
#include "sim/worker.h"

/** Where a run came from, recorded under /parameters. All strings borrowed. */
typedef struct csim_run_info {
    const char *scenario_name;   /**< e.g. "gumi-baseline"                               */
    const char *scenario_path;   /**< path as given on the command line                  */
    const char *scenario_text;   /**< every file read, as read                            */
    const char *overrides;       /**< "key=value" lines of --set, or ""                   */
    int threads;                 /**< OpenMP threads used                                 */
    int ranks;                   /**< MPI ranks of the job (1 without MPI)                */
} csim_run_info;

/** Months the simulating thread holds at most before handing them to the writer thread
 *  when no snapshot comes (run.snapshot_interval 0 or longer than this). */
#define CSIM_TRAJ_MONTHS_MAX 120

typedef struct csim_trajectory {
    csim_h5_file file;                           /**< the file being written             */
    csim_h5_series obs[CSIM_N_OBSERVABLES];      /**< one element per observable         */
    csim_h5_table events;                        /**< the event log                      */
    csim_h5_series firms[CSIM_TRAJ_N_VARS];      /**< /particles/firms/<var>: [S][N] by
                                                      actor id, fill where no firm lives
                                                      (unused for `fixed` variables)     */
    csim_h5_series institutions[CSIM_TRAJ_N_VARS]; /**< /particles/institutions/<var>:
                                                      [S][I], I-th institution by id
                                                      (unused for `fixed` variables)     */
    csim_h5_table firms_fixed;                   /**< /particles/firms/<fixed var>: [N],
                                                      one row per firm index             */
    csim_h5_table inst_fixed;                    /**< the same for the institutions: [I] */
    csim_h5_ragged collaboration;                /**< collaboration network snapshots     */
    csim_h5_ragged supply;                       /**< supply network snapshots            */
    csim_h5_series members;                      /**< /programme/members: [S][B] members
                                                      of each programme body              */
    csim_traj_bodies bodies;                     /**< the programme bodies so far (written
                                                      to /programme/bodies at close)      */
    size_t member_vars[4];                       /**< indices of mc, wg, org, site among
                                                      csim_traj_vars()                    */
    csim_worker worker;                          /**< the writer thread (sim/worker.h)    */
    csim_traj_months months[2];                  /**< months being built / being written  */
    int building;                                /**< index of the months being built     */
    csim_traj_handover handover[2];              /**< the job of each months buffer       */
    csim_traj_snapshot snapshot;                 /**< the last snapshot taken (one buffer:
                                                      taken only while the writer is idle) */
    size_t *inst_ids;                            /**< owned: actor id of institution k    */
    size_t n_inst, cap_inst;                     /**< institutions seen, room             */
    long run_steps;                              /**< months the run will record          */
    long start_year;                             /**< run.start_year: step 0's year        */
    bool open;                                   /**< between open and close/abort        */
    bool snapshot_kept;                          /**< `snapshot` holds the run's last
                                                      snapshot, for close to write       */
    double wall_start;                           /**< wall-clock start, seconds            */
} csim_trajectory;

/**
 * Create the file at `path` (refusing an existing file unless `force`) and write the
 * metadata, the parameters and the initial snapshot of `sim` (step -1, before any month).
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
