/**
 * \file cli/snapshot_opts.h
 * The snapshot a command reads, as the command line names it: `--step S` (a snapshot
 * step, -1 the initial state) or `--year Y` (the last snapshot taken in calendar year Y:
 * its December with the default run.snapshot_interval). Shared by `export` and `network`.
 */
#ifndef CSIM_CLI_SNAPSHOT_OPTS_H
#define CSIM_CLI_SNAPSHOT_OPTS_H

#include <stdbool.h>
#include <stdint.h>

#include "analysis/networks/network.h"
#include "cli/options.h"
#include "sim/error.h"
#include "sim/format/format_read.h"

/** --step or --year as given. Zeroed is "neither". */
typedef struct csim_cli_snapshot_opt {
    long long value;  /**< the step or the year                     */
    bool have_step;   /**< --step was given                          */
    bool have_year;   /**< --year was given                          */
} csim_cli_snapshot_opt;

/**
 * Parse the value `text` of --step or --year (`opt` says which) into `field`, a
 * csim_cli_snapshot_opt: the parser of their option table rows (cli/options.h).
 * \return 0, or -1 after printing a usage error for `command` (a bad number, or both
 *         options given).
 */
int csim_cli_snapshot_opt_parse(const char *command, const char *opt, const char *text,
                                void *field);

/** Rows of an option table for --step S and --year Y; `f` is a csim_cli_snapshot_opt. */
#define CSIM_CLI_OPT_STEP(T, f, text)                                                        \
    .name = "--step", .kind = CSIM_OPT_CUSTOM, .field = offsetof(T, f), .metavar = "S",     \
    .help = text, .parse = csim_cli_snapshot_opt_parse
#define CSIM_CLI_OPT_YEAR(T, f, text)                                                        \
    .name = "--year", .kind = CSIM_OPT_CUSTOM, .field = offsetof(T, f), .metavar = "Y",     \
    .help = text, .parse = csim_cli_snapshot_opt_parse

/** Whether --step or --year was given. */
bool csim_cli_snapshot_opt_given(const csim_cli_snapshot_opt *opt);

/**
 * The snapshot step `opt` names in the network `layer` of an open trajectory: --step as
 * given (checked when the snapshot is read), --year through csim_snapshot_step_of_year().
 * \return CSIM_OK; CSIM_EINVAL (no snapshot in that year: the message lists the years
 *         that have one; a damaged file); CSIM_ENOMEM; CSIM_EIO.
 */
csim_status csim_cli_snapshot_opt_step(const csim_cli_snapshot_opt *opt,
                                       const csim_h5_reader *r, csim_layer layer,
                                       int64_t *step);

#endif /* CSIM_CLI_SNAPSHOT_OPTS_H */
