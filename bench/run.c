#include "bench/run.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <omp.h>

#include "model/observables.h"
#include "model/sim.h"

int csim_bench_run_once(const csim_params *params, const char *out_path,
                        const csim_run_info *info, csim_bench_run *res) {
    const csim_observable_desc *table = csim_observables_table();
    const size_t width = csim_observables_row_width();
    csim_sim *sim = NULL;
    csim_trajectory traj;
    bool have_traj = false;
    int rc = 1;
    res->firm_steps = 0.0;
    res->output_seconds = 0.0;
    res->open_seconds = res->record_seconds = res->close_seconds = 0.0;
    const double t0 = omp_get_wtime();
    if (csim_sim_create(&sim, params, 0) != CSIM_OK) {
        goto done;
    }
    if (out_path) {
        const double w0 = omp_get_wtime();
        if (csim_trajectory_open(&traj, out_path, true, sim, info) != CSIM_OK) {
            goto done;
        }
        have_traj = true;
        res->open_seconds = omp_get_wtime() - w0;
    }
    for (long m = 0; m < params->run_steps; ++m) {
        if (csim_sim_step(sim) != CSIM_OK) {
            goto done;
        }
        res->firm_steps += csim_sim_observables(sim)[table[CSIM_OBS_firms_alive].offset];
        if (have_traj) {
            const double w0 = omp_get_wtime();
            if (csim_trajectory_record(&traj, sim) != CSIM_OK) {
                goto done;
            }
            res->record_seconds += omp_get_wtime() - w0;
        }
    }
    if (have_traj) {
        const double w0 = omp_get_wtime();
        have_traj = false;
        if (csim_trajectory_close(&traj) != CSIM_OK) {
            goto done;
        }
        res->close_seconds = omp_get_wtime() - w0;
        res->output_seconds = res->open_seconds + res->record_seconds + res->close_seconds;
    }
    res->seconds = omp_get_wtime() - t0;
    res->alive = csim_sim_observables(sim)[table[CSIM_OBS_firms_alive].offset];
    if (res->row) {
        memcpy(res->row, csim_sim_observables(sim), width * sizeof *res->row);
    }
    rc = 0;
done:
    if (have_traj) {
        csim_trajectory_abort(&traj);
    }
    csim_sim_free(&sim);
    return rc;
}

int csim_bench_load_scenario(const char *program, const char *path, long steps,
                             csim_scenario *scenario) {
    if (csim_scenario_load(scenario, path, NULL, 0) != CSIM_OK) {
        fprintf(stderr, "%s: %s\n", program, csim_last_error());
        return -1;
    }
    if (steps > 0) {
        scenario->params.run_steps = steps;
    }
    return 0;
}
