/**
 * \file cli/simulate.h
 * The month loop of `clustersim run` and `clustersim rerun` with their progress line:
 * model/run_months.h's loop, which ensemble tasks run too, so that a re-run does exactly
 * what a run does (step, then record) and cannot drift from it.
 */
#ifndef CSIM_CLI_SIMULATE_H
#define CSIM_CLI_SIMULATE_H

#include <stdbool.h>

#include "model/sim.h"
#include "model/trajectory.h"
#include "sim/error.h"

/**
 * Advance `sim` by run.steps months; after each month record it in `traj` unless `traj`
 * is NULL (no output). Draws a progress line on stderr when wanted (a terminal, !quiet).
 *
 * \param sim    a run just created (borrowed)
 * \param traj   an open trajectory, or NULL; left open (the caller closes or aborts it)
 * \param label  borrowed; the name shown on the progress line
 * \param quiet  no progress line
 * \param t0     omp_get_wtime() when the run started, for the progress line
 * \return CSIM_OK or the first failure of csim_sim_step / csim_trajectory_record.
 */
csim_status csim_cli_simulate(csim_sim *sim, csim_trajectory *traj, const char *label,
                              bool quiet, double t0);

#endif /* CSIM_CLI_SIMULATE_H */
