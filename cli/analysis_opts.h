/**
 * \file cli/analysis_opts.h
 * Options shared by the analysis commands (`compare`, `plot`, `sobol`): which measures,
 * which years, the baseline and the funding end, parsed into a csim_comparison_options.
 */
#ifndef CSIM_CLI_ANALYSIS_OPTS_H
#define CSIM_CLI_ANALYSIS_OPTS_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis/statistics/comparison.h"

/** Most --at years and --observables names. */
#define CSIM_CLI_MAX_LIST 64

/** Parsed analysis options. Zeroed is "every default". */
typedef struct csim_cli_analysis_opts {
    csim_comparison_options cmp;             /**< what the options ask for (points into below) */
    const char *measures[CSIM_CLI_MAX_LIST]; /**< borrowed from `lists`                    */
    int years[CSIM_CLI_MAX_LIST];          /**< --at years (CSIM_COMPARISON_END for "end")     */
    char *lists[CSIM_CLI_MAX_LIST];        /**< owned: copies of the comma lists            */
    size_t n_lists;                        /**< entries of `lists`                          */
} csim_cli_analysis_opts;

/**
 * Try to parse argv[*a] (and its values) as a shared analysis option; advance *a past
 * what it consumed.
 * \return 1 when the option was one of them, 0 when it was not (nothing consumed), -1
 *         after printing a usage error for `command`.
 */
int csim_cli_analysis_parse(csim_cli_analysis_opts *o, const char *command, int argc,
                            char **argv, int *a);

/** Help lines of the shared options. */
extern const char csim_cli_analysis_help[];

/**
 * Refuse a sweep folder where a command needs scenarios paired with a baseline
 * (`report`, `plot` of anything but a Saltelli sweep): a sweep's points are parameter
 * values, and pairing each with its first point (p0000) is arbitrary (`compare` gives
 * their values, unpaired). Reads DIR's index.
 * \return CSIM_EXIT_OK for an ensemble (or an index older than /ensemble@kind); else the
 *         exit code after one message (a sweep: naming its design and the commands that
 *         analyse it; an unreadable index: why).
 */
int csim_cli_refuse_sweep(const char *command, const char *dir);

/**
 * Where no --observables were given, ask for the series measures among the default
 * measures (csim_measures_default(), persistence ratios left out), and where no --at
 * year was, for the last year: what a command showing one year of a sweep's points needs
 * (`plot` of a Saltelli sweep, `sweepplot`). `series` holds CSIM_CLI_MAX_LIST names and
 * must outlive the options. Cannot fail.
 */
void csim_cli_analysis_series_defaults(csim_cli_analysis_opts *o, const char **series);

/** Free the copies; safe on a zeroed struct, idempotent. */
void csim_cli_analysis_destroy(csim_cli_analysis_opts *o);

#endif /* CSIM_CLI_ANALYSIS_OPTS_H */
