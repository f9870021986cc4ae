/**
 * \file cli/simulate.h
 * `clustersim run` and `clustersim rerun` with their progress line: the ensemble
 * library's one run-a-task function (scenarios/ensemble/run_task.h), which every
 * ensemble task runs too, so that a re-run does exactly what a run does and cannot drift
 * from it. What this adds is only the command line's part: the progress line.
 */
#ifndef CSIM_CLI_SIMULATE_H
#define CSIM_CLI_SIMULATE_H

#include <stdbool.h>

#include "model/sim.h"
#include "scenarios/ensemble/run_task.h"
#include "sim/error.h"

/**
 * csim_run_task(`req`, `sim_out`), drawing a progress line on stderr after each month
 * when wanted (a terminal, !quiet); `req`'s own month callback is replaced by it.
 *
 * \param req      the run (borrowed)
 * \param label    borrowed; the name shown on the progress line
 * \param quiet    no progress line
 * \param t0       omp_get_wtime() when the run started, for the progress line
 * \param sim_out  NULL, or where the finished model is handed over (csim_run_task)
 * \return what csim_run_task returns.
 */
csim_status csim_cli_simulate(const csim_run_request *req, const char *label, bool quiet,
                              double t0, csim_sim **sim_out);

#endif /* CSIM_CLI_SIMULATE_H */
