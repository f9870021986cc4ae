/**
 * \file cli/ensemble_exec.h
 * Running a planned ensemble or sweep from the command line: prepare the output folder
 * (create it, lock it against a second ensemble, drop temporaries a killed run left),
 * reuse the task files that are complete, run the rest through the backend of
 * scenarios/ensemble/backend.h, then write DIR/index.h5 and DIR/tasks.csv and print a summary.
 *
 * Every MPI rank calls csim_cli_ensemble_execute() with the plan it made itself (all
 * ranks read the same files, so they make the same plan; a fingerprint checks it).
 */
#ifndef CSIM_CLI_ENSEMBLE_EXEC_H
#define CSIM_CLI_ENSEMBLE_EXEC_H

#include <stdbool.h>
#include <stdint.h>

#include "cli/options.h"
#include "scenarios/ensemble/backend.h"
#include "scenarios/ensemble/plan.h"

/** How to run. Strings borrowed. */
typedef struct csim_exec_options {
    const char *command;      /**< "ensemble" or "sweep"                                */
    const char *command_line; /**< the arguments as typed, recorded in the index         */
    csim_par_request req;     /**< --jobs and --threads                                 */
    bool force;               /**< redo tasks whose files are complete                  */
    bool quiet;               /**< no progress line                                     */
} csim_exec_options;

/*
 * Rows of an option table (cli/options.h) for the options both `ensemble` and `sweep`
 * take; `f` is the command's csim_exec_options field.
 */
#define CSIM_CLI_EXEC_OPTS(T, f)                                                             \
    {CSIM_OPT_THREADS(T, f.req.threads, "threads in all",                                    \
                      "OMP_NUM_THREADS, else the cores this process may use")},              \
    {.name = "--jobs", .kind = CSIM_OPT_UINT, .field = offsetof(T, f.req.jobs),              \
     .metavar = "J", .umin = 1, .umax = 4096,                                                \
     .def = "N, or the number of tasks if smaller",                                          \
     .help = "tasks run at once, each in its own process with N/J OpenMP threads"}

/**
 * Run `plan` (tasks made) and return the command's exit code: 0 when every task
 * succeeded, 1 when one failed or was not run (interrupted, I/O trouble).
 *
 * A command that has nothing to run -- --help, a usage error, a bad scenario -- still
 * calls this, with plan NULL and its exit code in `plan_rc` (and `plan_error` its
 * message, or NULL), so that MPI workers waiting for tasks are released; it then
 * returns `plan_rc`.
 */
int csim_cli_ensemble_execute(csim_ensemble *plan, int plan_rc, const char *plan_error,
                              const csim_exec_options *opt);

/**
 * csim_opts_parse() for `ensemble` and `sweep`, which run on every MPI rank: on -h/--help
 * only rank 0 prints the help. Returns as csim_opts_parse(); every rank must still reach
 * csim_cli_ensemble_finish().
 */
int csim_cli_ensemble_opts_read(const csim_opt_spec *spec, int argc, char **argv, void *fields,
                                csim_opt_args *args);

/**
 * The end of `ensemble` and `sweep`, reached on every rank and every path so that MPI
 * workers are released whatever happened. `rc` is the exit code so far (a usage error,
 * --help) and `plan_st` how making `plan` went: a plan that could not be made is reported
 * (exit 2, or 1 when memory ran out) and its message passed on to the workers; a plan
 * made, with `rc` still 0, runs with argv recorded as opt->command_line. `plan` NULL:
 * nothing to run (--help, `sweep --dry-run`). Returns the command's exit code
 * (csim_cli_ensemble_execute()).
 */
int csim_cli_ensemble_finish(csim_ensemble *plan, csim_status plan_st, int rc, int argc,
                             char **argv, csim_exec_options *opt);

/**
 * The arguments joined by spaces ("clustersim ensemble a.yaml --replicates 4 -o out"),
 * malloc'd; NULL when out of memory.
 */
char *csim_cli_join_args(const char *program, int argc, char **argv);

/** A 64-bit FNV-1a digest of what makes the plan: labels, scenario texts, overrides, tasks. */
uint64_t csim_cli_plan_fingerprint(const csim_ensemble *plan);

#endif /* CSIM_CLI_ENSEMBLE_EXEC_H */
