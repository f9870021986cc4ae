/* `clustersim screen DIR`: Morris screening (mu*, mu, sigma of the elementary effects) of
 * the measures of a Morris sweep folder, with bootstrap intervals, parameters ranked and
 * those with no effect flagged (analysis/statistics/screening.h); the shared command body, also
 * `sobol`'s, is cli/sensitivity_main.c. */
#include "cli/cli.h"

#include "analysis/statistics/screening.h"
#include "cli/sensitivity_main.h"

static const char about[] =
    "Morris screening of a sweep folder DIR (`clustersim sweep` with `design: morris`):\n"
    "for each measure and swept parameter, the elementary effects (Morris 1991) - the\n"
    "change of the output when one parameter moves by one step, per full swept range -\n"
    "summarised as mu* (mean absolute effect: importance; Campolongo et al. 2007), mu\n"
    "(mean effect: its sign) and sigma (spread: non-linearity or interactions), with\n"
    "bootstrap percentile 95% intervals over the trajectories. Parameters are ranked by\n"
    "mu*; one whose mu* interval lies below 5% of the largest mu* is flagged \"no\n"
    "effect\" (it can be fixed for this output). A point's output is the mean over its\n"
    "replicates of the measure's calendar-year mean at --at (or its persistence value).\n"
    "The resampling generator is seeded (--seed): results are reproducible.\n"
    "\n"
    "A Morris sweep file: design: morris, points: r (trajectories; r * (parameters + 1)\n"
    "runs), levels: p (even, default 4), parameters with ranges (see `sweep --help`).\n";

CSIM_CLI_SENSITIVITY_ADAPTERS(csim_screening_compute, csim_screening_write,
                              csim_morris_result_destroy)

int csim_cmd_screen(int argc, char **argv) {
    static const csim_cli_sensitivity_kind kind = {
        "screen", "morris", "Morris", "Morris screening measures", about,
        csim_ensemble_index_is_morris, sizeof(csim_morris_result), compute, write_results, destroy};
    return csim_cli_sensitivity_main(&kind, argc, argv);
}
