/* The month loop of `run` and `rerun` with their progress line (cli/simulate.h); the loop
 * itself is model/run_months.c, which ensemble tasks run too. */
#include "cli/simulate.h"

#include <omp.h>

#include "cli/cli.h"
#include "model/run_months.h"

typedef struct progress_line {
    const char *label;
    double t0;
} progress_line;

static void show_progress(void *context, long done, long steps) {
    const progress_line *p = context;
    csim_cli_progress(p->label, done, steps, omp_get_wtime() - p->t0);
}

csim_status csim_cli_simulate(csim_sim *sim, csim_trajectory *traj, const char *label,
                              bool quiet, double t0) {
    const bool progress = csim_cli_progress_wanted(quiet);
    progress_line line = {label, t0};
    const csim_status st = csim_run_months(sim, traj, progress ? show_progress : NULL, &line);
    csim_cli_progress_end(progress);
    return st;
}
