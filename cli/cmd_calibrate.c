/* `clustersim calibrate SCENARIO --fit key=lo:hi ...`: simulated-moments calibration of
 * numeric parameters against the targets, with GSL's Nelder-Mead simplex. Prints the
 * best values as a YAML block to paste into a scenario (or the parameter table). */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include <omp.h>

#include "cli/omp_defaults.h"
#include "analysis/calibration/calibrate.h"
#include "model/memory_estimate.h"
#include "scenarios/scenario.h"

static void usage(FILE *out) {
    fputs("usage: clustersim calibrate SCENARIO --fit section.key=LO:HI [--fit ...]\n"
          "                            [--targets FILE] [--years A:B] [--replicates R]\n"
          "                            [--evaluations N] [--set key=value]... [--quiet]\n"
          "                            [--allow-large]\n"
          "\n"
          "Fit double parameters, each within [LO, HI], so that the means of R replicates\n"
          "(default 4; the same replicate numbers at every point: common random numbers)\n"
          "come closest to the targets (default: targets.yaml beside\n"
          "SCENARIO, else scenarios/targets.yaml). The distance is the\n"
          "mean over targets of min(z^2, 25) + min(10 max(0, |z| - 0.8)^2, 25),\n"
          "z = (mean - observed) / tolerance: the second term makes a target at or past the\n"
          "edge of its tolerance cost far more than small gains elsewhere. The minimiser is\n"
          "GSL's Nelder-Mead simplex (nmsimplex2), at most N evaluations, each R runs of the\n"
          "model (default 60; at least the parameters + 1 of the starting simplex).\n"
          "--years A:B fits only the targets of the calendar years A to B (a statistic belongs\n"
          "to the year it reports): calibrate on 2005:2008, then `validate --years 2009:2010`\n"
          "tests the fit out of sample (docs/VALIDATION.md).\n"
          "Prints one line per evaluation, then the best values as scenario file lines\n"
          "(nested by section, ready to paste). A scenario whose\n"
          "memory estimate exceeds the memory available is refused before the first run\n"
          "(exit 1) unless --allow-large.\n",
          out);
}

static void report(size_t evaluation, double distance, const csim_fit_param *fit, size_t n_fit,
                   void *context) {
    const bool *quiet = context;
    if (*quiet) {
        return;
    }
    fprintf(stderr, "eval %3zu  distance %.4f ", evaluation, distance);
    for (size_t k = 0; k < n_fit; ++k) {
        fprintf(stderr, " %s=%.5g", fit[k].desc->name, fit[k].value);
    }
    fputc('\n', stderr);
}

/* The fitted values as a scenario fragment (nested by section, in the order given), so
 * they can be pasted into a scenario file or given to `run --set` one by one. */
static void print_fragment(const csim_fit_param *fit, size_t n_fit) {
    printf("# fitted values, as scenario file lines:\n");
    for (size_t k = 0; k < n_fit; ++k) {
        const char *name = fit[k].desc->name;
        const size_t section_len = strcspn(name, ".");
        bool printed = false; /* this section was listed with an earlier parameter */
        for (size_t j = 0; j < k && !printed; ++j) {
            printed = strncmp(fit[j].desc->name, name, section_len + 1) == 0;
        }
        if (printed) {
            continue;
        }
        printf("%.*s:\n", (int) section_len, name);
        for (size_t j = k; j < n_fit; ++j) {
            if (strncmp(fit[j].desc->name, name, section_len + 1) == 0) {
                printf("  %s: %.6g\n", fit[j].desc->name + section_len + 1, fit[j].value);
            }
        }
    }
}

int csim_cmd_calibrate(int argc, char **argv) {
    const char *path = NULL, *targets_path = NULL;
    char default_targets[4096];
    unsigned long long replicates = 4, evaluations = 60;
    bool quiet = false, allow_large = false;
    int first_year = 0, last_year = 0;
    const char **overrides = calloc((size_t) argc + 1, sizeof *overrides);
    csim_fit_param *fit = calloc((size_t) argc + 1, sizeof *fit);
    size_t n_overrides = 0, n_fit = 0;
    int rc = CSIM_EXIT_OK;
    csim_status st = CSIM_OK;
    csim_scenario scenario = {0};
    csim_targets targets = {0};
    const char **fit_specs = calloc((size_t) argc + 1, sizeof *fit_specs);

    if (!overrides || !fit || !fit_specs) {
        rc = csim_cli_report("calibrate", CSIM_FAIL(CSIM_ENOMEM, "arguments"));
        goto done;
    }
    for (int a = 1; a < argc; ++a) {
        const char *arg = argv[a], *next = a + 1 < argc ? argv[a + 1] : NULL;
        if (csim_cli_is_help(arg)) {
            usage(stdout);
            goto done;
        } else if (strcmp(arg, "--fit") == 0 && next) {
            fit_specs[n_fit++] = next;
            ++a;
        } else if (strcmp(arg, "--targets") == 0 && next) {
            targets_path = next;
            ++a;
        } else if (strcmp(arg, "--replicates") == 0 || strcmp(arg, "--evaluations") == 0) {
            unsigned long long *target = arg[2] == 'r' ? &replicates : &evaluations;
            if (csim_cli_parse_positive("calibrate", arg, next, 100000, target) != 0) {
                rc = CSIM_EXIT_USAGE;
                goto done;
            }
            ++a;
        } else if (strcmp(arg, "--years") == 0) {
            if (csim_cli_parse_years("calibrate", arg, next, &first_year, &last_year) != 0) {
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
            rc = csim_cli_usage_error("calibrate", "unknown option or missing value '%s'", arg);
            goto done;
        } else if (!path) {
            path = arg;
        } else {
            rc = csim_cli_usage_error("calibrate", "one scenario at a time");
            goto done;
        }
    }
    if (!path || n_fit == 0) {
        rc = csim_cli_usage_error("calibrate", "need a SCENARIO and at least one --fit key=LO:HI");
        goto done;
    }
    if (!targets_path) {
        /* Beside the scenario first, so that it works from any folder; say which. */
        targets_path = csim_cli_default_targets(path, default_targets, sizeof default_targets);
        fprintf(stderr, "clustersim calibrate: targets from %s\n", targets_path);
    }
    st = csim_scenario_load(&scenario, path, overrides, n_overrides);
    if (st == CSIM_OK) {
        st = csim_targets_load(&targets, targets_path);
    }
    if (st == CSIM_OK && first_year > 0) {
        st = csim_targets_select_years(&targets, first_year, last_year, targets_path);
    }
    if (st != CSIM_OK) {
        csim_cli_report("calibrate", st);
        rc = csim_cli_scenario_exit_code(st);
        goto done;
    }
    const csim_schema *schema = csim_params_schema();
    for (size_t k = 0; k < n_fit; ++k) {
        char key[256];
        double lo, hi;
        const char *eq = strchr(fit_specs[k], '=');
        if (!eq || (size_t) (eq - fit_specs[k]) >= sizeof key || sscanf(eq + 1, "%lf:%lf", &lo, &hi) != 2) {
            rc = csim_cli_usage_error("calibrate", "--fit '%s': expected section.key=LO:HI", fit_specs[k]);
            goto done;
        }
        memcpy(key, fit_specs[k], (size_t) (eq - fit_specs[k]));
        key[eq - fit_specs[k]] = '\0';
        fit[k].desc = csim_schema_find(schema, key);
        if (!fit[k].desc) {
            const char *near = csim_schema_suggest(schema, key);
            rc = csim_cli_usage_error("calibrate", "--fit: unknown parameter '%s'%s%s%s", key,
                                      near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
            goto done;
        }
        fit[k].lo = lo;
        fit[k].hi = hi;
        if (fit[k].desc->type == CSIM_PT_DOUBLE) {
            fit[k].value = *(const double *) ((const char *) &scenario.params + fit[k].desc->offset);
        }
    }
    /* Refused before the first evaluation, as `run` does (model/memory_estimate.h): with
     * the parameters as loaded, the start of the search. */
    if ((st = csim_memory_check(&scenario.params, allow_large)) != CSIM_OK) {
        rc = csim_cli_report("calibrate", st);
        goto done;
    }
    if (csim_cli_default_threads(&scenario.params) == 1) {
        omp_set_num_threads(1); /* too small for threads to pay (cli/omp_defaults.h) */
    }
    csim_calibration settings = {replicates, evaluations, 0.0, 0};
    const double t0 = omp_get_wtime();
    st = csim_calibrate(&targets, &scenario.params, fit, n_fit, &settings, report, &quiet);
    if (st != CSIM_OK) {
        rc = csim_cli_report("calibrate", st);
        goto done;
    }
    printf("# calibrate %s: best distance %.4f after %zu evaluations of %llu replicates (%.0f s)\n",
           scenario.name, settings.best_distance, settings.evaluations, replicates, omp_get_wtime() - t0);
    if (first_year > 0) {
        printf("# fitted on the %zu targets of the years %d to %d of %s\n", targets.n, first_year,
               last_year, targets_path);
    }
    print_fragment(fit, n_fit);
done:
    csim_scenario_destroy(&scenario);
    csim_targets_destroy(&targets);
    free(overrides);
    free(fit);
    free(fit_specs);
    return rc;
}
