/* `clustersim calibrate SCENARIO --fit key=lo:hi ...`: simulated-moments calibration of
 * numeric parameters against the targets, with GSL's Nelder-Mead simplex. Prints the
 * best values as a YAML block to paste into a scenario (or the parameter table). */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include <omp.h>

#include "cli/omp_defaults.h"
#include "cli/options.h"
#include "cli/target_opts.h"
#include "analysis/calibration/calibrate.h"
#include "model/memory_estimate.h"
#include "scenarios/scenario.h"

/* The options of `calibrate`. */
typedef struct calibrate_opts {
    csim_cli_target_opts in;
    csim_opt_list fit;
    unsigned long long replicates, evaluations;
} calibrate_opts;

static const csim_opt calibrate_table[] = {
    {.name = "--fit", .kind = CSIM_OPT_KEYVAL, .field = offsetof(calibrate_opts, fit),
     .metavar = "section.key=LO:HI", .required = true,
     .help = "a double parameter to fit within [LO, HI]"},
    {.name = "--replicates", .kind = CSIM_OPT_UINT, .field = offsetof(calibrate_opts, replicates),
     .metavar = "R", .umin = 1, .umax = 100000, .def = "4",
     .help = "replicates per evaluation, the same replicate numbers at every point (common "
             "random numbers)"},
    {.name = "--evaluations", .kind = CSIM_OPT_UINT,
     .field = offsetof(calibrate_opts, evaluations), .metavar = "N", .umin = 1, .umax = 100000,
     .def = "60", .help = "most evaluations of the model, each R runs (at least the parameters + 1 "
                          "of the starting simplex)"},
    CSIM_CLI_TARGET_OPTS(calibrate_opts, in,
                         "fit only the targets of the calendar years A to B (a statistic "
                         "belongs to the year it reports)"),
};

static const csim_opt_spec calibrate_spec = {
    .command = "calibrate",
    CSIM_OPERAND_SCENARIO,
    .about = "Fit double parameters, each within [LO, HI], so that the means of R replicates\n"
             "come closest to the targets. The distance is the mean over targets of\n"
             "min(z^2, 25) + min(10 max(0, |z| - 0.8)^2, 25), z = (mean - observed) /\n"
             "tolerance: the second term makes a target at or past the edge of its tolerance\n"
             "cost far more than small gains elsewhere. The minimiser is GSL's Nelder-Mead\n"
             "simplex (nmsimplex2), at most N evaluations. Calibrate on --years 2005:2008, then\n"
             "`validate --years 2009:2010` tests the fit out of sample (docs/VALIDATION.md).\n"
             "Prints one line per evaluation, then the best values as scenario file lines\n"
             "(nested by section, ready to paste).\n",
    .closing = "A scenario whose memory estimate exceeds the memory available is refused before\n"
               "the first run (exit 1) unless --allow-large. Exit codes: 0 success, 1 runtime\n"
               "failure, 2 bad input.\n",
    CSIM_OPT_TABLE(calibrate_table),
};

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
    calibrate_opts f = {.replicates = 4, .evaluations = 60};
    csim_opt_args args = {0};
    csim_fit_param *fit = NULL;
    int rc = CSIM_EXIT_OK;
    csim_status st = CSIM_OK;
    csim_scenario scenario = {0};
    csim_targets targets = {0};

    if ((rc = csim_opts_read(&calibrate_spec, argc, argv, &f, &args)) != CSIM_EXIT_OK ||
        args.help) {
        goto done;
    }
    const char *path = args.operands[0];
    const char *const *fit_specs = f.fit.items;
    const size_t n_fit = f.fit.n;
    const int first_year = f.in.years.first, last_year = f.in.years.last;
    if (!(fit = calloc(n_fit, sizeof *fit))) {
        rc = csim_cli_report("calibrate", CSIM_FAIL(CSIM_ENOMEM, "arguments"));
        goto done;
    }
    if ((rc = csim_cli_target_load("calibrate", path, &f.in, &scenario, &targets)) !=
        CSIM_EXIT_OK) {
        goto done;
    }
    const char *const targets_path = f.in.targets;
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
    if ((st = csim_memory_check(&scenario.params, f.in.allow_large)) != CSIM_OK) {
        rc = csim_cli_report("calibrate", st);
        goto done;
    }
    csim_cli_set_threads(0, &scenario.params); /* no --threads: 1 where threads do not pay */
    csim_calibration settings = {f.replicates, f.evaluations, 0.0, 0};
    const double t0 = omp_get_wtime();
    st = csim_calibrate(&targets, &scenario.params, fit, n_fit, &settings, report, &f.in.quiet);
    if (st != CSIM_OK) {
        rc = csim_cli_report("calibrate", st);
        goto done;
    }
    printf("# calibrate %s: best distance %.4f after %zu evaluations of %llu replicates (%.0f s)\n",
           scenario.name, settings.best_distance, settings.evaluations, f.replicates, omp_get_wtime() - t0);
    if (first_year > 0) {
        printf("# fitted on the %zu targets of the years %d to %d of %s\n", targets.n, first_year,
               last_year, targets_path);
    }
    print_fragment(fit, n_fit);
done:
    csim_scenario_destroy(&scenario);
    csim_targets_destroy(&targets);
    free(fit);
    csim_opt_args_destroy(&args);
    return rc;
}
