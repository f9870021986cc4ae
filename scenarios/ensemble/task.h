/**
 * \file scenarios/ensemble/task.h
 * One task of an ensemble (scenarios/ensemble/plan.h): run it into its trajectory file, or
 * decide whether the file an earlier invocation left is complete and belongs to it.
 *
 * The run is the one `clustersim run` does -- csim_sim_create, then csim_sim_step and
 * csim_trajectory_record month by month, then csim_trajectory_close, which renames the
 * temporary file to its final name only when everything is written -- so a task file and
 * a `run --replicate k` file of the same scenario hold identical data.
 *
 * Thread-safety: HDF5 is used, so call from serial code only, one task at a time per
 * process (the ensemble runs tasks in parallel in separate processes or MPI ranks); the
 * model itself uses the calling process's OpenMP threads.
 */
#ifndef CSIM_SCENARIOS_ENSEMBLE_TASK_H
#define CSIM_SCENARIOS_ENSEMBLE_TASK_H

#include <stdbool.h>
#include <stddef.h>

#include "model/params.h"
#include "scenarios/ensemble/plan.h"
#include "sim/error.h"

/**
 * Run task `t` of `e` and write DIR/<file> (replacing whatever is there: the caller has
 * decided that it must be redone).
 * \param threads  OpenMP threads recorded in the file (the caller sets the count)
 * \param ranks    MPI ranks of the job, recorded in the file (1 without MPI)
 * \param wall_s   set to the seconds the run took (also on failure)
 * \return CSIM_OK; the model's and the writer's statuses (CSIM_EINVAL inconsistent
 *         parameters, CSIM_ENOMEM, CSIM_EIO ...) with the message in csim_last_error().
 *         On failure no file appears under the final name.
 */
csim_status csim_task_run(const csim_ensemble *e, size_t t, int threads, int ranks, double *wall_s);

/**
 * Whether DIR/<file> of task `t` is a finished trajectory of exactly this task: it opens,
 * its /parameters/resolved_yaml equals the task's resolved parameters and its replicate
 * attribute equals the task's. A file exists under its final name only once complete
 * (see csim_task_run), so these checks suffice.
 *
 * \param complete  set to true when the file can be reused
 * \param why       when !*complete and a file exists, why it must be redone (for a
 *                  note); "" when there is no file
 * \param wall_s    when complete, the file's recorded run time (0 if absent)
 * \return CSIM_OK (whatever the answer); CSIM_ENOMEM.
 */
csim_status csim_task_check(const csim_ensemble *e, size_t t, bool *complete, char *why,
                            size_t why_size, double *wall_s);

#endif /* CSIM_SCENARIOS_ENSEMBLE_TASK_H */
