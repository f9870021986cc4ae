/*
 * clustersim: agent-based simulation of hub-and-spoke industrial clusters.
 * Entry point: configures the libraries' error handling once (before any thread
 * exists), then dispatches to one subcommand.
 */
/* SIGXFSZ is POSIX, not C11; before every include. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <igraph.h>

#include "cli/cli.h"
#include "cli/omp_defaults.h"
#include "scenarios/ensemble/backend.h"
#include "sim/format/format_read.h"
#include "sim/tmp_file.h"
#include "sim/version_gen.h"

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"run", csim_cmd_run, "run one replicate of a scenario and write its trajectory (HDF5)"},
    {"check", csim_cmd_check, "validate a scenario and print every resolved parameter"},
    {"validate", csim_cmd_validate, "run replicates and compare with calibration targets"},
    {"diagnose", csim_cmd_diagnose, "model health check: lever dose-responses, scale invariance, extremes, target spread"},
    {"calibrate", csim_cmd_calibrate, "fit parameters to the targets (simulated moments, Nelder-Mead)"},
    {"params", csim_cmd_params, "list every parameter: type, default, range, unit, meaning"},
    {"ensemble", csim_cmd_ensemble, "run scenarios x replicates concurrently, one file per task, and an index"},
    {"sweep", csim_cmd_sweep, "run a parameter sweep (grid, latin-hypercube, sobol, saltelli, morris) from a YAML file"},
    {"compare", csim_cmd_compare, "compare an ensemble's scenarios: means and paired effects with 95% intervals"},
    {"sobol", csim_cmd_sobol, "first-order and total Sobol indices of a Saltelli sweep, bootstrap intervals"},
    {"screen", csim_cmd_screen, "Morris screening (mu*, mu, sigma) of a Morris sweep, ranked, no-effect parameters flagged"},
    {"plot", csim_cmd_plot, "plot an ensemble or Saltelli sweep with gnuplot (PNG, SVG) and write a report"},
    {"sweepplot", csim_cmd_sweepplot, "a sweep's measures against each swept parameter: scatter, binned means, table"},
    {"table", csim_cmd_table, "an ensemble or sweep folder as one long CSV (scenario, replicate, parameters, time, observable, value)"},
    {"report", csim_cmd_report, "policy brief of an ensemble: ranked effects, cost, sentences, caveats (Markdown, HTML)"},
    {"rerun", csim_cmd_rerun, "re-run what a trajectory records; check it is bit-identical"},
    {"inspect", csim_cmd_inspect, "summarise a trajectory file"},
    {"export", csim_cmd_export, "write a network snapshot of a trajectory (GraphML, CSV)"},
    {"draw", csim_cmd_draw, "draw a snapshot's collaboration and supply networks (PNG, SVG; small multiples)"},
    {"network", csim_cmd_network, "measure a network snapshot: degrees, clustering, cores, communities, brokers"},
};

static void usage(FILE *out) {
    fprintf(out, "usage: clustersim <command> [options]\n"
                 "       clustersim --version | --help\n\ncommands:\n");
    for (size_t k = 0; k < sizeof commands / sizeof commands[0]; ++k) {
        fprintf(out, "  %-9s %s\n", commands[k].name, commands[k].summary);
    }
    fprintf(out, "\n'clustersim <command> --help' describes a command.\n"
                 "Exit codes: 0 success, 1 runtime failure, 2 bad input.\n");
}

static int dispatch(int argc, char **argv) {
    if (argc < 2) {
        usage(stderr);
        return CSIM_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
        printf("clustersim %s (commit %s; %s)\n", CSIM_VERSION_STRING, CSIM_GIT_COMMIT,
               CSIM_BUILD_FLAGS);
        return CSIM_EXIT_OK;
    }
    if (csim_cli_is_help(argv[1]) || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return CSIM_EXIT_OK;
    }
    /* Under MPI only the ensemble commands run on every rank; others run on rank 0. */
    if (csim_par_rank() != 0 && !csim_par_distributed(argv[1])) {
        return CSIM_EXIT_OK;
    }
    for (size_t k = 0; k < sizeof commands / sizeof commands[0]; ++k) {
        if (strcmp(argv[1], commands[k].name) == 0) {
            return commands[k].run(argc - 1, argv + 1);
        }
    }
    fprintf(stderr, "clustersim: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return CSIM_EXIT_USAGE;
}

/* What a command printed is only known to be written once stdout is flushed and closed:
 * a full disk, /dev/full or a file-size limit (SIGXFSZ is ignored, so EFBIG) make printf
 * fail quietly and set the stream's error flag. Checked once here for every command, the
 * way coreutils' close_stdout does; a stdout that was closed before the program started
 * (EBADF) is no error when nothing was written to it. Returns the exit code to use. */
static int close_stdout(int rc) {
    const bool had_error = ferror(stdout) != 0;
    errno = 0;
    const bool flush_failed = fflush(stdout) != 0;
    int err = errno;
    const bool close_failed = fclose(stdout) != 0;
    if (close_failed && err == 0) {
        err = errno;
    }
    if (!had_error && (flush_failed || close_failed) && err == EBADF) {
        return rc;
    }
    if (had_error || flush_failed || close_failed) {
        /* A write that failed earlier has left errno long since; name it only when known. */
        fprintf(stderr, "clustersim: writing to standard output failed%s%s\n",
                err != 0 ? ": " : "", err != 0 ? strerror(err) : "");
        return rc == CSIM_EXIT_OK ? CSIM_EXIT_FAILURE : rc;
    }
    return rc;
}

int main(int argc, char **argv) {
    /* The three libraries' default handlers abort or print; they are process globals, so
     * they are set here once (docs/CONVENTIONS.md fact 3) and every call's code is checked instead. */
    gsl_set_error_handler_off();
    igraph_set_error_handler(igraph_error_handler_printignore);
    igraph_set_warning_handler(igraph_warning_handler_ignore);
    /* Attributes (actor state on nodes, tie state on edges) for `export`. */
    igraph_set_attribute_table(&igraph_cattribute_table);
    csim_format_init();
    /* A file-size limit (ulimit -f) raises SIGXFSZ at the first write past it, and its
     * default action kills the process without a word, leaving the temporary file behind.
     * Ignored, that write fails with EFBIG instead: the command reports an I/O error and
     * removes its temporary file, as for a full disk (tests/cli/test_fault_disk.sh). */
    signal(SIGXFSZ, SIG_IGN);
    /* Ctrl-C, kill, a closed terminal: remove the temporary being written, then die of the
     * signal (sim/tmp_file.h). Before any thread exists, so every thread inherits it. */
    csim_tmp_file_catch_signals();
    /* Before any thread: libgomp must not spin-wait by default (cli/omp_defaults.h); only
     * where the process is ours to re-execute, not under an MPI launcher. */
    if (csim_par_may_reexec()) {
        csim_cli_passive_wait(argv);
    }
    /* MPI (in clustersim-mpi) starts before any command and ends after it, on every path. */
    if (csim_par_init(&argc, &argv) != 0) {
        return CSIM_EXIT_FAILURE;
    }
    const int rc = dispatch(argc, argv);
    csim_par_finalize();
    return close_stdout(rc);
}
