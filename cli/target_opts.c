/* Options and loading shared by `validate` and `calibrate` (cli/target_opts.h). */
#include "cli/target_opts.h"

#include <stdio.h>

int csim_cli_target_load(const char *command, const char *path, csim_cli_target_opts *o,
                         csim_scenario *scenario, csim_targets *targets) {
    if (!o->targets) {
        /* Beside the scenario first, so that it works from any folder; say which. */
        o->targets = csim_cli_default_targets(path, o->default_path, sizeof o->default_path);
        fprintf(stderr, "clustersim %s: targets from %s\n", command, o->targets);
    }
    csim_status st = csim_scenario_load(scenario, path, o->set.items, o->set.n);
    if (st == CSIM_OK) {
        st = csim_targets_load(targets, o->targets);
    }
    if (st == CSIM_OK && o->years.first > 0) {
        st = csim_targets_select_years(targets, o->years.first, o->years.last, o->targets);
    }
    if (st != CSIM_OK) {
        csim_cli_report(command, st);
        return csim_cli_scenario_exit_code(st);
    }
    return CSIM_EXIT_OK;
}
