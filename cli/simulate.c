/* The month loop of `run` and `rerun`: one copy, so that a re-run steps and records exactly
 * as the run it reproduces did. */
#include "cli/simulate.h"

#include <omp.h>

#include "cli/cli.h"

csim_status csim_cli_simulate(csim_sim *sim, csim_trajectory *traj, const char *label,
                              bool quiet, double t0) {
    csim_status st = CSIM_OK;
    const bool progress = csim_cli_progress_wanted(quiet);
    const long steps = csim_sim_params(sim)->run_steps;
    for (long s = 0; s < steps && st == CSIM_OK; ++s) {
        st = csim_sim_step(sim);
        if (st == CSIM_OK && traj) {
            st = csim_trajectory_record(traj, sim);
        }
        if (st == CSIM_OK && progress) {
            csim_cli_progress(label, s + 1, steps, omp_get_wtime() - t0);
        }
    }
    csim_cli_progress_end(progress);
    return st;
}
