/**
 * \file cli/cli.h
 * The `clustersim` command line: one function per subcommand, shared exit codes and
 * argument helpers. Exit codes scripts can trust: 0 success, 1 runtime failure, 2 bad
 * input (scenario, arguments, targets file).
 */
#ifndef CSIM_CLI_CLI_H
#define CSIM_CLI_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "sim/error.h"

enum { CSIM_EXIT_OK = 0, CSIM_EXIT_FAILURE = 1, CSIM_EXIT_USAGE = 2 };

/** Exit code for a status: CSIM_EPARSE / CSIM_EINVAL / CSIM_EEXIST are the user's input (2). */
int csim_cli_exit_code(csim_status st);

/**
 * Exit code for a failure to load a scenario: a missing or unreadable scenario file is
 * the user's input too (2); only running out of memory is a runtime failure (1).
 */
int csim_cli_scenario_exit_code(csim_status st);

/** Print "clustersim <cmd>: <message>" for the last error to stderr; return the exit code. */
int csim_cli_report(const char *command, csim_status st);

/**
 * Report a failure to read the input file `path` of a command (a trajectory to inspect,
 * export or re-run): "clustersim <cmd>: <path>: <message>" (the path is added only when
 * the message does not already name it). A missing, damaged or foreign input file is the
 * user's input: the result is 2, or 1 when memory ran out.
 */
int csim_cli_report_input(const char *command, const char *path, csim_status st);

/** Print a usage error ("clustersim <cmd>: <msg>; see 'clustersim <cmd> --help'"); return 2. */
int csim_cli_usage_error(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/**
 * Which of the `n` words of `choices` the argument `text` of option `opt` is (e.g. the
 * formats of --format): its index, or -1 after printing one usage error,
 * "OPT expects a, b or c, got 'TEXT'" (text NULL: "got 'nothing'").
 */
int csim_cli_parse_choice(const char *command, const char *opt, const char *text,
                          const char *const *choices, size_t n);

/**
 * Create the folders above `path` (like mkdir -p of its dirname). Existing folders are
 * fine. \return CSIM_OK or CSIM_EIO naming the folder that could not be made.
 */
csim_status csim_cli_make_parent_dirs(const char *path);

/**
 * Create the folder `folder` and the folders above it (an output folder of `plot` or
 * `diagnose`). \return CSIM_OK; CSIM_EIO (it cannot be made, or exists and is not a
 * folder); CSIM_EINVAL (path too long).
 */
csim_status csim_cli_make_folder(const char *folder);

/**
 * Parse a whole number from 1 to `max`, the argument `text` of option `opt` (NULL: the
 * value is missing). 0 on success, -1 after printing one usage error.
 */
int csim_cli_parse_positive(const char *command, const char *opt, const char *text,
                            unsigned long long max, unsigned long long *value);

/** A span of calendar years, --years FIRST:LAST; zeroed is "not given". */
typedef struct csim_cli_years {
    int first, last;
} csim_cli_years;

/**
 * Parse --years FIRST:LAST (calendar years, 1900-2200, FIRST <= LAST) of option `opt`
 * into `field`, a csim_cli_years (the parser of an option table's row, cli/options.h).
 * 0 on success, -1 after printing one usage error.
 */
int csim_cli_parse_years(const char *command, const char *opt, const char *text, void *field);

/**
 * The targets file of `validate` and `calibrate` when --targets is not given:
 * targets.yaml beside the scenario file when there is one, else scenarios/targets.yaml of
 * the working folder (the repository root; the project installs no data files). Written
 * into buf, which is returned. Cannot fail.
 */
const char *csim_cli_default_targets(const char *scenario, char *buf, size_t size);

/** True when `arg` is -h or --help. */
bool csim_cli_is_help(const char *arg);

/** Whether progress lines should be drawn (stderr is a terminal and not --quiet). */
bool csim_cli_progress_wanted(bool quiet);

/** Draw "\r<label> step s/n (pct%) elapsed ..." on stderr. */
void csim_cli_progress(const char *label, long done, long total, double elapsed_s);

/** Finish a progress line (newline) when one was drawn. */
void csim_cli_progress_end(bool drawn);

int csim_cmd_run(int argc, char **argv);
int csim_cmd_check(int argc, char **argv);
int csim_cmd_params(int argc, char **argv);
int csim_cmd_validate(int argc, char **argv);
/** `rerun FILE`: re-run what a trajectory records, write and verify a bit-identical copy. */
int csim_cmd_rerun(int argc, char **argv);
/** `inspect FILE`: print a human summary of a trajectory. */
int csim_cmd_inspect(int argc, char **argv);
/** `export FILE --layer L --step S`: one network snapshot as GraphML or CSV. */
int csim_cmd_export(int argc, char **argv);

/** `draw FILE --year Y|--years A,B -o OUT.png|OUT.svg`: a picture of the networks. */
int csim_cmd_draw(int argc, char **argv);
/** `network FILE [--step S | --over-time]`: structure of a network snapshot (igraph). */
int csim_cmd_network(int argc, char **argv);
int csim_cmd_calibrate(int argc, char **argv);
/** `diagnose SCENARIO [--quick] [-o FOLDER]`: the health-check battery (scenarios/health.yaml). */
int csim_cmd_diagnose(int argc, char **argv);
/** `ensemble SCENARIO... --replicates R -o DIR`: scenarios x replicates as tasks, indexed. */
int csim_cmd_ensemble(int argc, char **argv);
/** `sweep FILE -o DIR`: a design over parameters of a base scenario, run like an ensemble. */
int csim_cmd_sweep(int argc, char **argv);
/** `compare DIR`: scenario means and paired effects against a baseline (intervals). */
int csim_cmd_compare(int argc, char **argv);
/** `sobol DIR`: first-order and total Sobol indices of a Saltelli sweep. */
int csim_cmd_sobol(int argc, char **argv);
/** `screen DIR`: Morris screening (mu*, mu, sigma) of a Morris sweep, ranked, flagged. */
int csim_cmd_screen(int argc, char **argv);
/** `plot DIR -o FOLDER`: gnuplot figures (PNG, SVG) and a Markdown report. */
int csim_cmd_plot(int argc, char **argv);

/** `sweepplot DIR -o FOLDER`: a sweep's measures against its parameters, and its table. */
int csim_cmd_sweepplot(int argc, char **argv);
/** `clustersim report DIR -o FOLDER`: the policy brief (brief.md, brief.html, figures). */
int csim_cmd_report(int argc, char **argv);
/** `clustersim table DIR`: one long CSV of an ensemble or sweep folder. */
int csim_cmd_table(int argc, char **argv);

#endif /* CSIM_CLI_CLI_H */
