/* Runs of `clustersim diagnose` (cli/diagnose_run.h): replicates in memory. */
#include "cli/diagnose_run.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/observables.h"
#include "model/sim.h"

csim_status csim_diag_run(const csim_params *params, size_t n_rep, const csim_targets *targets,
                          csim_diag_progress progress, void *context, csim_diag_runs *runs) {
    csim_status st = CSIM_OK;

    memset(runs, 0, sizeof *runs);
    runs->n_rep = n_rep;
    runs->months = params->run_steps;
    runs->width = csim_observables_row_width();
    runs->start_year = (int) params->run_start_year;
    const size_t per_run = (size_t) runs->months * runs->width;
    runs->history = malloc(n_rep * per_run * sizeof *runs->history);
    if (targets && targets->n > 0) {
        runs->targets = malloc(targets->n * n_rep * sizeof *runs->targets);
    }
    if (!runs->history || (targets && targets->n > 0 && !runs->targets)) {
        st = CSIM_FAIL(CSIM_ENOMEM, "%zu runs of %ld months", n_rep, runs->months);
        goto cleanup;
    }
    /* Replicates side by side, one thread each: the runs are independent, and one
     * barrier per run set costs far less than the model's per-step barriers on a busy
     * machine. The model's own parallel regions, nested inside, run on one thread. A
     * replicate's numbers do not depend on the thread that ran it. */
    const long n = (long) n_rep;
    csim_status first = CSIM_OK;
    long failed = -1;
    char why[1024] = "";
#pragma omp parallel for schedule(dynamic, 1)
    for (long r = 0; r < n; ++r) {
        csim_sim *one = NULL;
        double *h = runs->history + (size_t) r * per_run;
        csim_status rst = csim_sim_create(&one, params, (uint64_t) r);
        for (long m = 0; rst == CSIM_OK && m < runs->months; ++m) {
            rst = csim_sim_step(one);
            if (rst == CSIM_OK) {
                memcpy(h + (size_t) m * runs->width, csim_sim_observables(one),
                       runs->width * sizeof *h);
            }
        }
        for (size_t k = 0; rst == CSIM_OK && targets && k < targets->n; ++k) {
            runs->targets[k * n_rep + (size_t) r] =
                csim_target_value(&targets->items[k], one, h, runs->months, runs->width);
        }
        csim_sim_free(&one);
#pragma omp critical(csim_diag_run)
        {
            /* The message is thread-local: the lowest failing replicate's is kept. */
            if (rst != CSIM_OK && (failed < 0 || r < failed)) {
                failed = r;
                first = rst;
                snprintf(why, sizeof why, "%s", csim_last_error());
            }
            if (progress) {
                progress(context);
            }
        }
    }
    if (first != CSIM_OK) {
        st = csim_fail_plain(first, "replicate %ld: %s", failed, why);
        goto cleanup;
    }

cleanup:
    if (st != CSIM_OK) {
        csim_diag_runs_destroy(runs);
    }
    return st;
}

const double *csim_diag_row(const csim_diag_runs *runs, size_t r, long m) {
    return runs->history + (r * (size_t) runs->months + (size_t) m) * runs->width;
}

void csim_diag_runs_destroy(csim_diag_runs *runs) {
    free(runs->history);
    free(runs->targets);
    memset(runs, 0, sizeof *runs);
}
