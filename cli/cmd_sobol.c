/* `clustersim sobol DIR`: first-order and total Sobol indices of the measures of a
 * Saltelli sweep folder, with bootstrap intervals (analysis/statistics/sensitivity.h); the shared
 * command body is cli/sensitivity_main.c. */
#include "cli/cli.h"

#include "analysis/statistics/sensitivity.h"
#include "cli/sensitivity_main.h"

static const char about[] =
    "Sobol sensitivity indices of a Saltelli sweep folder DIR (`clustersim sweep` with\n"
    "`design: saltelli`): for each measure and swept parameter, the first-order index\n"
    "S1 (Saltelli et al. 2010) and the total index ST (Jansen 1999), with bootstrap\n"
    "percentile 95% intervals over the base samples. A point's output is the mean over\n"
    "its replicates of the measure's calendar-year mean at --at (or its persistence\n"
    "value). The resampling generator is seeded (--seed), so results are reproducible.\n";

CSIM_CLI_SENSITIVITY_ADAPTERS(csim_sensitivity_compute, csim_sensitivity_write,
                              csim_sobol_result_destroy)

int csim_cmd_sobol(int argc, char **argv) {
    static const csim_cli_sensitivity_kind kind = {
        "sobol", "saltelli", "Saltelli", "Sobol indices", about, csim_ensemble_index_is_saltelli,
        sizeof(csim_sobol_result), compute, write_results, destroy};
    return csim_cli_sensitivity_main(&kind, argc, argv);
}
