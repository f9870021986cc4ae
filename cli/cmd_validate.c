/* `clustersim validate SCENARIO --targets FILE`: run R replicates and compare the
 * ensemble with every calibration target: observed value, ensemble mean with a 95%
 * interval, and whether it is within tolerance. Exit 0 only when all are. */
#include "cli/cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <omp.h>

#include "cli/omp_defaults.h"
#include "analysis/targets.h"
#include "model/memory_estimate.h"
#include "model/observables.h"
#include "model/sim.h"
#include "scenarios/scenario.h"

#define DEFAULT_REPLICATES 10

static void usage(FILE *out) {
    fprintf(out,
            "usage: clustersim validate SCENARIO [--targets FILE] [--replicates R] [--threads N]\n"
            "                           [--set key=value]... [--quiet] [--allow-large]\n"
            "\n"
            "Run R replicates of SCENARIO (default %d; replicate r uses the same streams in every\n"
            "scenario) and print, for every target of FILE (default scenarios/targets.yaml), the\n"
            "observed value, the ensemble mean with its 95%% t-interval, the tolerance and\n"
            "whether the mean is within it. Exit 0 when every target passes, 1 when one fails\n"
            "(or a run cannot be done: a scenario whose memory estimate exceeds the memory\n"
            "available is refused before it starts, unless --allow-large), 2 on bad input.\n",
            DEFAULT_REPLICATES);
}

static void show_progress(size_t done, size_t total, void *context) {
    (void) context;
    fprintf(stderr, "\rvalidate: replicate %zu/%zu", done, total);
    fflush(stderr);
}

int csim_cmd_validate(int argc, char **argv) {
    const char *path = NULL, *targets_path = "scenarios/targets.yaml";
    unsigned long long replicates = DEFAULT_REPLICATES, threads = 0;
    bool quiet = false, allow_large = false;
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
    st = csim_scenario_load(&scenario, path, overrides, n_overrides);
    if (st == CSIM_OK) {
        st = csim_targets_load(&targets, targets_path);
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
    size_t passed = 0;
    printf("%-44s %10s %12s %12s %10s  %s\n", "target", "observed", "mean", "95% +-", "tolerance", "verdict");
    for (size_t k = 0; k < targets.n; ++k) {
        const csim_target *t = &targets.items[k];
        const csim_target_result res = csim_target_evaluate(t, values + k * replicates, replicates);
        const double tol = !isnan(t->tolerance_abs) ? t->tolerance_abs : t->tolerance * t->value;
        passed += res.pass;
        char note[64] = "";
        if (res.n < replicates) {
            snprintf(note, sizeof note, " (%zu of %llu replicates)", res.n, replicates);
        }
        printf("%-44.44s %10.4g %12.4g %12.3g %10.3g  %s%s\n", t->name, t->value, res.mean,
               res.half_width, tol, res.pass ? "pass" : "FAIL", note);
    }
    printf("%zu of %zu targets within tolerance (%llu replicates of %s, %.1f s)\n", passed,
           targets.n, replicates, scenario.name, omp_get_wtime() - t0);
    rc = passed == targets.n ? CSIM_EXIT_OK : CSIM_EXIT_FAILURE;
    goto done;
fail:
    rc = csim_cli_report("validate", st);
done:
    csim_scenario_destroy(&scenario);
    csim_targets_destroy(&targets);
    free(values);
    free(overrides);
    return rc;
}
