/**
 * \file model/run_months.h
 * The month loop of a run that writes a trajectory: step, then record. Every command
 * that produces a trajectory (`run`, `rerun`, each task of `ensemble` and `sweep`) runs
 * through this one copy, so that a file re-run or written by an ensemble task holds what
 * `run` would have written, bit for bit, and the order of the two calls cannot drift
 * between them.
 */
#ifndef CSIM_MODEL_RUN_MONTHS_H
#define CSIM_MODEL_RUN_MONTHS_H

#include "model/sim.h"
#include "model/trajectory.h"
#include "sim/error.h"

/** Called after each month is stepped and recorded: `done` of `steps` months. */
typedef void (*csim_month_done_fn)(void *context, long done, long steps);

/**
 * Advance `sim` by run.steps months; after each month record it in `traj` unless `traj`
 * is NULL (no output), then call `on_month` unless it is NULL.
 *
 * \param sim       a run just created (borrowed)
 * \param traj      an open trajectory, or NULL; left open (the caller closes or aborts it)
 * \param on_month  progress callback, or NULL
 * \param context   passed to `on_month`
 * \return CSIM_OK or the first failure of csim_sim_step / csim_trajectory_record (the
 *         months after it are not run).
 */
csim_status csim_run_months(csim_sim *sim, csim_trajectory *traj, csim_month_done_fn on_month,
                            void *context);

#endif /* CSIM_MODEL_RUN_MONTHS_H */
