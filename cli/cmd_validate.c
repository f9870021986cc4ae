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
#include "analysis/calibration/targets.h"
#include "analysis/calibration/validation.h"
#include "model/memory_estimate.h"
#include "model/observables.h"
#include "model/sim.h"
#include "scenarios/scenario.h"

#define DEFAULT_REPLICATES 10

typedef enum out_format { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON } out_format;

static void usage(FILE *out) {
    fprintf(out,
            "usage: clustersim validate SCENARIO [--targets FILE] [--replicates R] [--years A:B]\n"
            "                           [--format table|csv|json] [--threads N]\n"
            "                           [--set key=value]... [--quiet] [--allow-large]\n"
            "\n"
            "Run R replicates of SCENARIO (default %d; replicate r uses the same streams in every\n"
            "scenario) and print, for every target of FILE (default: targets.yaml beside\n"
            "SCENARIO, else scenarios/targets.yaml):\n"
            "  - the observed value, the replicate mean with its Monte Carlo standard error, the\n"
            "    tolerance and whether the mean is within it (the verdict calibrate fits);\n"
            "  - the 5-95%% predictive interval of single replicates (empirical quantiles),\n"
            "    whether the observation lies inside it, its rank among the replicates (1 =\n"
            "    below all, R+1 = above all), and its CRPS (continuous ranked probability score\n"
            "    of the replicate distribution) and 90%% interval score, also over the tolerance;\n"
            "  - whether R replicates are enough: each verdict must stand two Monte Carlo\n"
            "    standard errors away (the mean's sd/sqrt(R), the quantiles' bootstrap error);\n"
            "    if not, the replicates that would settle it.\n"
            "The summary gives the coverage (share of targets inside their interval), the mean\n"
            "scaled scores, and the replicates to ask for. docs/VALIDATION.md explains them.\n"
            "\n"
            "  --years A:B     only the targets of the calendar years A to B (a statistic\n"
            "                  belongs to the year it reports), e.g. 2009:2010 out of sample\n"
            "  --format F      table (default), csv (one row per target) or json\n"
            "\n"
            "A targets file may hold targets of any year; every unknown observable, statistic,\n"
            "component or key is reported with its file, line and column. Exit 0 when every\n"
            "target's mean is within tolerance, 1 when one is not (or a run cannot be done: a\n"
            "scenario whose memory estimate exceeds the memory available is refused before it\n"
            "starts, unless --allow-large), 2 on bad input.\n",
            DEFAULT_REPLICATES);
}

static void show_progress(size_t done, size_t total, void *context) {
    (void) context;
    fprintf(stderr, "\rvalidate: replicate %zu/%zu", done, total);
    fflush(stderr);
}

int csim_cmd_validate(int argc, char **argv) {
    const char *path = NULL, *targets_path = NULL;
    char default_targets[4096];
    unsigned long long replicates = DEFAULT_REPLICATES, threads = 0;
    bool quiet = false, allow_large = false;
    int first_year = 0, last_year = 0;
    out_format format = FORMAT_TABLE;
    csim_validation report = {0};
    const char **overrides = calloc((size_t) argc + 1, sizeof *overrides);
    size_t n_overrides = 0;
    int rc = CSIM_EXIT_OK;
    csim_status st = CSIM_OK;
    csim_scenario scenario = {0};
    csim_targets targets = {0};
    double *values = NULL;

    if (!overrides) {
        return csim_cli_report("validate", CSIM_FAIL(CSIM_ENOMEM, "arguments"));
    }
    for (int a = 1; a < argc; ++a) {
        const char *arg = argv[a], *next = a + 1 < argc ? argv[a + 1] : NULL;
        if (csim_cli_is_help(arg)) {
            usage(stdout);
            goto done;
        } else if (strcmp(arg, "--targets") == 0 && next) {
            targets_path = next;
            ++a;
        } else if (strcmp(arg, "--replicates") == 0) {
            if (csim_cli_parse_positive("validate", arg, next, 100000, &replicates) != 0) {
                rc = CSIM_EXIT_USAGE;
                goto done;
            }
            ++a;
        } else if (strcmp(arg, "--threads") == 0) {
            if (csim_cli_parse_count("validate", arg, next, 4096, &threads) != 0) {
                rc = CSIM_EXIT_USAGE;
                goto done;
            }
            ++a;
        } else if (strcmp(arg, "--years") == 0) {
            if (csim_cli_parse_years("validate", arg, next, &first_year, &last_year) != 0) {
                rc = CSIM_EXIT_USAGE;
                goto done;
            }
            ++a;
        } else if (strcmp(arg, "--format") == 0) {
            static const char *const names[] = {"table", "csv", "json"}; /* out_format order */
            const int k = csim_cli_parse_choice("validate", arg, next, names, 3);
            if (k < 0) {
                rc = CSIM_EXIT_USAGE;
                goto done;
            }
            format = (out_format) k;
            ++a;
        } else if (strcmp(arg, "--set") == 0 && next) {
            overrides[n_overrides++] = next;
            ++a;
        } else if (strcmp(arg, "--quiet") == 0) {
            quiet = true;
        } else if (strcmp(arg, "--allow-large") == 0) {
            allow_large = true;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            rc = csim_cli_usage_error("validate", "unknown option or missing value '%s'", arg);
            goto done;
        } else if (!path) {
            path = arg;
        } else {
            rc = csim_cli_usage_error("validate", "one scenario at a time");
            goto done;
        }
    }
    if (!path) {
        rc = csim_cli_usage_error("validate", "missing SCENARIO");
        goto done;
    }
    if (!targets_path) {
        /* Beside the scenario first, so that it works from any folder; say which. */
        targets_path = csim_cli_default_targets(path, default_targets, sizeof default_targets);
        fprintf(stderr, "clustersim validate: targets from %s\n", targets_path);
    }
    st = csim_scenario_load(&scenario, path, overrides, n_overrides);
    if (st == CSIM_OK) {
        st = csim_targets_load(&targets, targets_path);
    }
    if (st == CSIM_OK && first_year > 0) {
        st = csim_targets_select_years(&targets, first_year, last_year, targets_path);
    }
    if (st != CSIM_OK) {
        csim_cli_report("validate", st);
        rc = csim_cli_scenario_exit_code(st);
        goto done;
    }
    /* Refused before the first replicate, as `run` does (model/memory_estimate.h). */
    if ((st = csim_memory_check(&scenario.params, allow_large)) != CSIM_OK) {
        goto fail;
    }
    if (threads == 0) {
        threads = (unsigned long long) csim_cli_default_threads(&scenario.params);
    }
    if (threads > 0) {
        omp_set_num_threads((int) threads);
    }
    values = malloc(targets.n * replicates * sizeof *values);
    if (!values) {
        st = CSIM_FAIL(CSIM_ENOMEM, "ensemble of %llu replicates", replicates);
        goto fail;
    }
    const bool progress = csim_cli_progress_wanted(quiet);
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
    free(overrides);
    return rc;
}
