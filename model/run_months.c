/* The month loop of a run that writes a trajectory (model/run_months.h). */
#include "model/run_months.h"

csim_status csim_run_months(csim_sim *sim, csim_trajectory *traj, csim_month_done_fn on_month,
                            void *context) {
    const long steps = csim_sim_params(sim)->run_steps;
    for (long s = 0; s < steps; ++s) {
        const csim_status st = csim_sim_step(sim);
        if (st != CSIM_OK) {
            return st;
        }
        if (traj) {
            const csim_status rec = csim_trajectory_record(traj, sim);
            if (rec != CSIM_OK) {
                return rec;
            }
        }
        if (on_month) {
            on_month(context, s + 1, steps);
        }
    }
    return CSIM_OK;
}
