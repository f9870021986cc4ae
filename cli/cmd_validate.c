/* `clustersim validate SCENARIO --targets FILE`: run R replicates and compare the
 * ensemble with every calibration target: the tolerance verdict on the mean (what
 * calibrate fits) and the predictive check of single replicates (5-95% interval, rank,
 * CRPS), with the Monte Carlo error of each figure (analysis/calibration/validation.h). Exit 0 only
 * when every mean is within tolerance. */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include <omp.h>

#include "cli/omp_defaults.h"
#include "cli/options.h"
#include "cli/target_opts.h"
#include "analysis/calibration/targets.h"
#include "analysis/calibration/validation.h"
#include "model/memory_estimate.h"
#include "model/observables.h"
#include "model/sim.h"
#include "scenarios/scenario.h"

#define DEFAULT_REPLICATES 10

typedef enum out_format { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON } out_format;

/* The options of `validate`. */
typedef struct validate_opts {
    csim_cli_target_opts in;
    unsigned long long replicates, threads;
    int format; /* out_format */
} validate_opts;

static const char *const format_names[] = {"table", "csv", "json"}; /* out_format order */

static const csim_opt validate_table[] = {
    {.name = "--replicates", .kind = CSIM_OPT_UINT, .field = offsetof(validate_opts, replicates),
     .metavar = "R", .umin = 1, .umax = 100000, .def = CSIM_OPT_STR(DEFAULT_REPLICATES),
     .help = "replicates; replicate r uses the same streams in every scenario"},
    {CSIM_OPT_FORMAT(validate_opts, format, format_names,
                     "table, csv (one row per target) or json", "table")},
    {.name = "--threads", .kind = CSIM_OPT_UINT, .field = offsetof(validate_opts, threads),
     .metavar = "N", .umax = 4096, .help = "OpenMP threads (0: the default)",
     .def = "1 for a run of under 10,000 actors, else OMP_NUM_THREADS or all cores"},
    CSIM_CLI_TARGET_OPTS(validate_opts, in,
                         "only the targets of the calendar years A to B (a statistic belongs "
                         "to the year it reports), e.g. 2009:2010 out of sample"),
};

static const csim_opt_spec validate_spec = {
    .command = "validate",
    CSIM_OPERAND_SCENARIO,
    .about = "Run R replicates of SCENARIO and print, for every target of the targets file:\n"
             "  - the observed value, the replicate mean with its Monte Carlo standard error, the\n"
             "    tolerance and whether the mean is within it (the verdict calibrate fits);\n"
             "  - the 5-95% predictive interval of single replicates (empirical quantiles),\n"
             "    whether the observation lies inside it, its rank among the replicates (1 =\n"
             "    below all, R+1 = above all), and its CRPS (continuous ranked probability score\n"
             "    of the replicate distribution) and 90% interval score, also over the tolerance;\n"
             "  - whether R replicates are enough: each verdict must stand two Monte Carlo\n"
             "    standard errors away (the mean's sd/sqrt(R), the quantiles' bootstrap error);\n"
             "    if not, the replicates that would settle it.\n"
             "The summary gives the coverage (share of targets inside their interval), the mean\n"
             "scaled scores, and the replicates to ask for. docs/VALIDATION.md explains them.\n",
    .closing = "A targets file may hold targets of any year; every unknown observable, statistic,\n"
               "component or key is reported with its file, line and column. Exit 0 when every\n"
               "target's mean is within tolerance, 1 when one is not (or a run cannot be done: a\n"
               "scenario whose memory estimate exceeds the memory available is refused before it\n"
               "starts, unless --allow-large), 2 on bad input.\n",
    CSIM_OPT_TABLE(validate_table),
};

static void show_progress(size_t done, size_t total, void *context) {
    (void) context;
    fprintf(stderr, "\rvalidate: replicate %zu/%zu", done, total);
    fflush(stderr);
}

int csim_cmd_validate(int argc, char **argv) {
    validate_opts f = {.replicates = DEFAULT_REPLICATES};
    csim_opt_args args = {0};
    csim_validation report = {0};
    int rc = CSIM_EXIT_OK;
    csim_status st = CSIM_OK;
    csim_scenario scenario = {0};
    csim_targets targets = {0};
    double *values = NULL;

    if ((rc = csim_opts_read(&validate_spec, argc, argv, &f, &args)) != CSIM_EXIT_OK ||
        args.help) {
        goto done;
    }
    const char *path = args.operands[0];
    const unsigned long long replicates = f.replicates;
    const int first_year = f.in.years.first, last_year = f.in.years.last;
    const out_format format = (out_format) f.format;
    if ((rc = csim_cli_target_load("validate", path, &f.in, &scenario, &targets)) !=
        CSIM_EXIT_OK) {
        goto done;
    }
    const char *const targets_path = f.in.targets;
    /* Refused before the first replicate, as `run` does (model/memory_estimate.h). */
    if ((st = csim_memory_check(&scenario.params, f.in.allow_large)) != CSIM_OK) {
        goto fail;
    }
    csim_cli_set_threads(f.threads, &scenario.params);
    values = malloc(targets.n * replicates * sizeof *values);
    if (!values) {
        st = CSIM_FAIL(CSIM_ENOMEM, "ensemble of %llu replicates", replicates);
        goto fail;
    }
    const bool progress = csim_cli_progress_wanted(f.in.quiet);
    const double t0 = omp_get_wtime();
    st = csim_targets_run_ensemble(&targets, &scenario.params, replicates, values,
                                   progress ? show_progress : NULL, NULL);
    if (st != CSIM_OK) {
        goto fail;
    }
    csim_cli_progress_end(progress);
    if ((st = csim_validation_compute(&report, &targets, values, replicates)) != CSIM_OK) {
        goto fail;
    }
    const csim_validation_context ctx = {scenario.name, targets_path, first_year, last_year,
                                         omp_get_wtime() - t0};
    switch (format) {
    case FORMAT_TABLE:
        csim_validation_write_table(&report, &ctx, stdout);
        break;
    case FORMAT_CSV:
        csim_validation_write_csv(&report, &ctx, stdout);
        break;
    case FORMAT_JSON:
        csim_validation_write_json(&report, &ctx, stdout);
        break;
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        st = CSIM_FAIL(CSIM_EIO, "writing the report to standard output failed");
        goto fail;
    }
    rc = report.passed == targets.n ? CSIM_EXIT_OK : CSIM_EXIT_FAILURE;
    goto done;
fail:
    rc = csim_cli_report("validate", st);
done:
    csim_scenario_destroy(&scenario);
    csim_validation_destroy(&report);
    csim_targets_destroy(&targets);
    free(values);
    csim_opt_args_destroy(&args);
    return rc;
}
