/**
 * \file cli/target_opts.h
 * What `validate` and `calibrate` share: the options naming the scenario's overrides, the
 * targets file and the years of its targets (rows of their option tables, cli/options.h),
 * and loading the scenario and the targets from them.
 */
#ifndef CSIM_CLI_TARGET_OPTS_H
#define CSIM_CLI_TARGET_OPTS_H

#include <stdbool.h>

#include "analysis/calibration/targets.h"
#include "cli/cli.h"
#include "cli/options.h"
#include "scenarios/scenario.h"

/** The shared options. Zeroed is "every default". */
typedef struct csim_cli_target_opts {
    const char *targets;    /**< --targets; after loading, the file read                */
    csim_cli_years years;   /**< --years A:B, or zero                                  */
    csim_opt_list set;      /**< --set overrides                                       */
    bool quiet;             /**< --quiet                                               */
    bool allow_large;       /**< --allow-large                                         */
    char default_path[4096]; /**< the default targets file, when --targets is not given */
} csim_cli_target_opts;

/** The rows of the shared options; `f` is the command's csim_cli_target_opts field. */
#define CSIM_CLI_TARGET_OPTS(T, f, years_help)                                               \
    {.name = "--targets", .kind = CSIM_OPT_PATH, .field = offsetof(T, f.targets),            \
     .metavar = "FILE", .help = "the calibration targets",                                   \
     .def = "targets.yaml beside SCENARIO, else scenarios/targets.yaml"},                    \
    {.name = "--years", .kind = CSIM_OPT_CUSTOM, .field = offsetof(T, f.years),              \
     .metavar = "A:B", .parse = csim_cli_parse_years, .help = years_help},                   \
    {CSIM_OPT_SET(T, f.set, "override a parameter, e.g. --set run.steps=24")},               \
    {CSIM_OPT_QUIET(T, f.quiet)},                                                            \
    {CSIM_OPT_ALLOW_LARGE(T, f.allow_large,                                                  \
                          "run even when the memory estimate exceeds what is available")}

/**
 * Load the scenario `path` with the --set overrides, and the targets: of --targets, else
 * of the default file (csim_cli_default_targets, named on stderr so that the user knows
 * which), only those of the --years when given. o->targets then names the file read.
 * \return CSIM_EXIT_OK; else the exit code after one message (2 for the user's input,
 *         1 when memory ran out).
 */
int csim_cli_target_load(const char *command, const char *path, csim_cli_target_opts *o,
                         csim_scenario *scenario, csim_targets *targets);

#endif /* CSIM_CLI_TARGET_OPTS_H */
