/**
 * \file cli/analysis_opts.h
 * Options shared by the analysis commands (`compare`, `plot`, `sobol`, `screen`,
 * `sweepplot`): which measures, which years, the baseline and the funding end, as rows of
 * their option tables (cli/options.h) that fill a csim_comparison_options.
 */
#ifndef CSIM_CLI_ANALYSIS_OPTS_H
#define CSIM_CLI_ANALYSIS_OPTS_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis/statistics/comparison.h"
#include "cli/options.h"

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

/*
 * Rows of an option table (cli/options.h) for the shared options; `f` is the command's
 * csim_cli_analysis_opts field. Each command words the help for what it does with them.
 */

/** --baseline NAME: the scenario the others are paired with. */
#define CSIM_CLI_OPT_BASELINE(T, f, text)                                                    \
    .name = "--baseline", .kind = CSIM_OPT_STRING, .field = offsetof(T, f.cmp.baseline),    \
    .metavar = "NAME", .help = text
/** --observables LIST (also --observable), comma-separated, repeatable. */
#define CSIM_CLI_OPT_OBSERVABLES(T, f, text)                                                 \
    .name = "--observables", .alias = "--observable", .kind = CSIM_OPT_CUSTOM,              \
    .field = offsetof(T, f), .metavar = "LIST", .help = text,                               \
    .parse = csim_cli_analysis_parse_observables
/** --at YEAR...: years, 'end' or 'all', comma-separated or several words. */
#define CSIM_CLI_OPT_AT(T, f, mv, text)                                                      \
    .name = "--at", .kind = CSIM_OPT_CUSTOM, .field = offsetof(T, f), .metavar = mv,        \
    .help = text, .parse = csim_cli_analysis_parse_at, .more = csim_cli_analysis_is_year
/** --funding-end YEAR: the first year without programme money. */
#define CSIM_CLI_OPT_FUNDING_END(T, f, text)                                                 \
    .name = "--funding-end", .kind = CSIM_OPT_CUSTOM, .field = offsetof(T, f),              \
    .metavar = "YEAR", .help = text, .parse = csim_cli_analysis_parse_funding_end
/** --horizon N: years after the funding end that persistence looks at. */
#define CSIM_CLI_OPT_HORIZON(T, f, text)                                                     \
    .name = "--horizon", .kind = CSIM_OPT_CUSTOM, .field = offsetof(T, f), .metavar = "N",  \
    .help = text, .def = "3", .parse = csim_cli_analysis_parse_horizon

/* The row parsers (csim_opt.parse); `field` is a csim_cli_analysis_opts. */
int csim_cli_analysis_parse_observables(const char *command, const char *opt, const char *text,
                                        void *field);
int csim_cli_analysis_parse_at(const char *command, const char *opt, const char *text,
                               void *field);
int csim_cli_analysis_parse_funding_end(const char *command, const char *opt, const char *text,
                                        void *field);
int csim_cli_analysis_parse_horizon(const char *command, const char *opt, const char *text,
                                    void *field);
/** Whether `word` is a year, 'end' or 'all': a further word of --at. */
bool csim_cli_analysis_is_year(const char *word);

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

/**
 * The notes of a loaded comparison (a measure dropped, replicates missing, ...) on
 * standard error, one "clustersim COMMAND: note: ..." line each, so that every analysis
 * command words them alike. Cannot fail.
 */
void csim_cli_comparison_notes(const char *command, const csim_comparison *c);

/** Free the copies; safe on a zeroed struct, idempotent. */
void csim_cli_analysis_destroy(csim_cli_analysis_opts *o);

#endif /* CSIM_CLI_ANALYSIS_OPTS_H */
