/* The one run of one replicate into one trajectory (scenarios/ensemble/run_task.h). */
#include "scenarios/ensemble/run_task.h"

#include <stddef.h>

#include "model/memory_estimate.h"
#include "model/trajectory.h"
#include "sim/format/format_write.h"

csim_status csim_run_task(const csim_run_request *req, csim_sim **sim_out) {
    csim_status st = CSIM_OK;
    csim_sim *sim = NULL;
    csim_trajectory traj = {0};

    if (sim_out) {
        *sim_out = NULL;
    }
    if (!req || !req->scenario) {
        return CSIM_FAIL(CSIM_EINVAL, "run: NULL request");
    }
    const csim_scenario *sc = req->scenario;
    /* A run that cannot fit fails with a message instead of being killed for memory. */
    CSIM_TRY(csim_memory_check(&sc->params, req->allow_large));
    CSIM_TRY(csim_sim_create(&sim, &sc->params, req->replicate));
    if (req->output) {
        const csim_run_info info = {sc->name, sc->path,     sc->text,
                                    sc->overrides, req->threads, req->ranks};
        CSIM_TRY(csim_trajectory_open(&traj, req->output, req->force, sim, &info));
        if (req->rerun_of) {
            CSIM_TRY(csim_format_mark_rerun(&traj.file, req->rerun_of));
        }
    }
    CSIM_TRY(csim_run_months(sim, req->output ? &traj : NULL, req->on_month, req->context));
    if (req->output) {
        CSIM_TRY(csim_trajectory_close(&traj));
    }

cleanup:
    if (st != CSIM_OK) {
        csim_trajectory_abort(&traj);
    }
    if (st == CSIM_OK && sim_out) {
        *sim_out = sim;
    } else {
        csim_sim_free(&sim);
    }
    return st;
}
