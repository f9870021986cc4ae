/* `clustersim plot DIR -o FOLDER`: gnuplot figures (PNG and SVG) of an ensemble's
 * comparison or a Saltelli sweep's Sobol indices, and a Markdown report linking them. */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "analysis/statistics/comparison.h"
#include "analysis/reports/plot.h"
#include "analysis/reports/report.h"
#include "analysis/statistics/sensitivity.h"
#include "cli/analysis_opts.h"
#include "cli/options.h"
#include "cli/plot_script.h"
#include "sim/out_file.h"

/* The options of `plot`. */
typedef struct plot_opts {
    csim_cli_analysis_opts analysis;
    const char *folder;
    unsigned long long n_boot, seed;
    bool force;
} plot_opts;

static const csim_opt plot_table[] = {
    {CSIM_OPT_OUTPUT(plot_opts, folder, "FOLDER", "the figures' folder"), .required = true},
    {CSIM_CLI_OPT_BASELINE(plot_opts, analysis,
                           "scenario the others are paired with (default: the first "
                           "scenario given to `clustersim ensemble`)")},
    {CSIM_CLI_OPT_OBSERVABLES(plot_opts, analysis,
                              "measures, comma-separated (repeatable): the built-in measures "
                              "of docs/ANALYSIS.md or any observable (default: the "
                              "endogenous-development measures)")},
    {CSIM_CLI_OPT_AT(plot_opts, analysis, "YEAR...",
                     "calendar years of the report's tables, as for `clustersim compare`; a "
                     "Saltelli sweep: one year (default: end)")},
    {CSIM_CLI_OPT_FUNDING_END(plot_opts, analysis, "as for `clustersim compare`")},
    {CSIM_CLI_OPT_HORIZON(plot_opts, analysis, "as for `clustersim compare`")},
    {.name = "--bootstrap", .kind = CSIM_OPT_UINT, .field = offsetof(plot_opts, n_boot),
     .metavar = "B", .umax = 1000000ULL, .def = "1000", .help = "Sobol bootstrap resamples"},
    {CSIM_OPT_SEED(plot_opts, seed, UINT64_MAX, "seed of the Sobol bootstrap", "1")},
    {CSIM_OPT_FORCE(plot_opts, force, "overwrite a folder that already holds a report.md")},
};

static const csim_opt_spec plot_spec = {
    .command = "plot",
    CSIM_OPERAND_DIR("DIR (an ensemble or Saltelli sweep folder)"),
    .about = "Draw the folder DIR with gnuplot into FOLDER (created if missing), each figure as\n"
             "PNG and SVG, with its data files (*.dat) and the script (plots.gp), and write\n"
             "FOLDER/report.md, one page linking the figures with their tables.\n"
             "\n"
             "An ensemble (`clustersim ensemble`): per series measure, the scenarios over time\n"
             "(monthly ensemble means with 95% t bands: ts_*) and the paired effects against the\n"
             "baseline (common random numbers, 95% bands: effect_*); per persistence measure,\n"
             "scenario means with 95% intervals (persist_*); the report's tables are those of\n"
             "`clustersim compare` at the --at years. A Saltelli sweep (`clustersim sweep`,\n"
             "design: saltelli): Sobol indices S1 and ST with bootstrap intervals (sobol_*) of\n"
             "each measure at one --at year (default: end), as `clustersim sobol` computes them.\n",
    .closing = "Needs gnuplot (Debian: gnuplot-nox). Exit codes: 0 success, 1 runtime failure\n"
               "(gnuplot missing or failing, FOLDER not writable), 2 bad input (arguments, a\n"
               "missing folder, a missing, damaged or foreign index or task file).\n",
    CSIM_OPT_TABLE(plot_table),
};

int csim_cmd_plot(int argc, char **argv) {
    static const char *const cmd = "plot";
    plot_opts f = {.n_boot = 1000, .seed = 1};
    csim_opt_args args = {0};
    bool saltelli = false;
    int rc = CSIM_EXIT_OK;
    csim_status st = CSIM_OK;
    csim_cli_analysis_opts *const opts = &f.analysis;
    csim_comparison c = {0};
    csim_out_file report = {0}, script = {0};
    csim_sobol_result *results = NULL;
    size_t n_results = 0;
    char gnuplot[4096];
    const char *series[CSIM_CLI_MAX_LIST];

    if ((rc = csim_opts_read(&plot_spec, argc, argv, &f, &args)) != CSIM_EXIT_OK || args.help) {
        goto done;
    }
    const char *dir = args.operands[0], *folder = f.folder;
    const csim_sensitivity_options sopt = {(size_t) f.n_boot, (uint64_t) f.seed, 0.95};
    /* Before any work: without gnuplot there is nothing to do. */
    if ((st = csim_plot_find_gnuplot(gnuplot, sizeof gnuplot)) != CSIM_OK) {
        rc = csim_cli_report(cmd, st);
        goto done;
    }

    /* A Saltelli sweep gets Sobol bars of its series measures at one year. */
    csim_ensemble_index probe = {0};
    st = csim_ensemble_index_read(&probe, dir);
    saltelli = st == CSIM_OK && csim_ensemble_index_is_saltelli(&probe);
    csim_ensemble_index_destroy(&probe);
    if (st != CSIM_OK) {
        rc = csim_cli_report_input(cmd, dir, st);
        goto done;
    }
    if (!saltelli && (rc = csim_cli_refuse_sweep(cmd, dir)) != CSIM_EXIT_OK) {
        goto done;
    }
    if (saltelli) {
        if (opts->cmp.all_years || opts->cmp.n_years > 1) {
            rc = csim_cli_usage_error(cmd, "--at takes one year (or 'end') for a Saltelli sweep");
            goto done;
        }
        csim_cli_analysis_series_defaults(opts, series);
    }
    st = csim_comparison_load(&c, dir, &opts->cmp);
    if (st != CSIM_OK) {
        rc = csim_cli_report_input(cmd, dir, st);
        goto done;
    }
    csim_cli_comparison_notes(cmd, &c);
    if (saltelli) {
        results = calloc(c.n_measures, sizeof *results);
        if (!results) {
            rc = csim_cli_report(cmd, CSIM_FAIL(CSIM_ENOMEM, "results"));
            goto done;
        }
        for (size_t m = 0; m < c.n_measures; ++m) {
            st = csim_sensitivity_compute(&c, m, c.years[0], &sopt, &results[m]);
            if (st != CSIM_OK) {
                rc = csim_cli_report_input(cmd, dir, st);
                goto done;
            }
            n_results = m + 1;
        }
    }

    if ((st = csim_cli_plot_folder_open(folder, "report.md", f.force, &report, &script)) !=
        CSIM_OK) {
        rc = csim_cli_report(cmd, st);
        goto done;
    }
    if (saltelli) {
        for (size_t m = 0; m < n_results && st == CSIM_OK; ++m) {
            st = csim_plot_sobol(&results[m], (const char *const *) c.index.params, m,
                                 c.measures[m], c.years[0], folder, script.fp);
        }
        csim_report_sobol(&c, results, n_results, c.years[0], report.fp);
    } else {
        st = csim_plot_compare(&c, folder, script.fp);
        csim_report_compare(&c, report.fp);
    }
    if (st == CSIM_OK) {
        st = csim_cli_plot_folder_finish(&script, gnuplot, folder, &report);
    }
    if (st != CSIM_OK) {
        rc = csim_cli_report(cmd, st);
        goto done;
    }
    printf("%s: %s figures (PNG and SVG) of %zu measures, report %s/report.md\n", folder,
           saltelli ? "Sobol" : "comparison", c.n_measures, folder);

done:
    csim_out_file_abort(&script);
    csim_out_file_abort(&report);
    for (size_t m = 0; m < n_results; ++m) {
        csim_sobol_result_destroy(&results[m]);
    }
    free(results);
    csim_comparison_destroy(&c);
    csim_cli_analysis_destroy(opts);
    csim_opt_args_destroy(&args);
    return rc;
}
