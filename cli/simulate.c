/* `run` and `rerun` with their progress line (cli/simulate.h); the run itself is the
 * ensemble library's csim_run_task, which ensemble tasks run too. */
#include "cli/simulate.h"

#include <omp.h>

#include "cli/cli.h"

typedef struct progress_line {
    const char *label;
    double t0;
} progress_line;

static void show_progress(void *context, long done, long steps) {
    const progress_line *p = context;
    csim_cli_progress(p->label, done, steps, omp_get_wtime() - p->t0);
}

csim_status csim_cli_simulate(const csim_run_request *req, const char *label, bool quiet,
                              double t0, csim_sim **sim_out) {
    const bool progress = csim_cli_progress_wanted(quiet);
    progress_line line = {label, t0};
    csim_run_request with_progress = *req;
    with_progress.on_month = progress ? show_progress : NULL;
    with_progress.context = &line;
    const csim_status st = csim_run_task(&with_progress, sim_out);
    csim_cli_progress_end(progress);
    return st;
}
