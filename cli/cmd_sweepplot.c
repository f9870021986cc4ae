/* `clustersim sweepplot DIR -o FOLDER`: each measure of a sweep against each swept
 * parameter (scatter of the points, binned means with 95% intervals) and the sweep's table
 * (analysis/reports/sweep_view.h, analysis/reports/plot.h). */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "analysis/statistics/comparison.h"
#include "analysis/reports/plot.h"
#include "analysis/reports/sweep_view.h"
#include "cli/analysis_opts.h"
#include "cli/options.h"
#include "cli/plot_script.h"
#include "sim/out_file.h"

/* The options of `sweepplot`. */
typedef struct sweepplot_opts {
    csim_cli_analysis_opts analysis;
    const char *folder;
    unsigned long long n_bins;
    bool force;
} sweepplot_opts;

/* --baseline is named only to say why it is refused. */
static int refuse_baseline(const char *command, const char *opt, const char *text, void *field) {
    (void) text;
    (void) field;
    csim_cli_usage_error(command, "%s: a sweep's points are not paired", opt);
    return -1;
}

static const csim_opt sweepplot_table[] = {
    {CSIM_OPT_OUTPUT(sweepplot_opts, folder, "FOLDER", "the output folder"), .required = true},
    {CSIM_CLI_OPT_OBSERVABLES(sweepplot_opts, analysis,
                              "measures, comma-separated: the built-in measures of "
                              "docs/ANALYSIS.md or any observable (default: the series "
                              "measures among the endogenous-development measures)")},
    {CSIM_CLI_OPT_AT(sweepplot_opts, analysis, "YEAR", "the calendar year (or 'end')"),
     .def = "end"},
    {.name = "--bins", .kind = CSIM_OPT_UINT, .field = offsetof(sweepplot_opts, n_bins),
     .metavar = "K", .umin = 1, .umax = 1000, .def = "5", .help = "bins per parameter"},
    {CSIM_CLI_OPT_FUNDING_END(sweepplot_opts, analysis,
                              "persistence measures, as for `clustersim compare`")},
    {CSIM_CLI_OPT_HORIZON(sweepplot_opts, analysis,
                          "persistence measures, as for `clustersim compare`")},
    {CSIM_OPT_FORCE(sweepplot_opts, force, "overwrite a folder that already holds a sweep.csv")},
    {.name = "--baseline", .kind = CSIM_OPT_CUSTOM, .field = offsetof(sweepplot_opts, analysis),
     .parse = refuse_baseline},
};

static const csim_opt_spec sweepplot_spec = {
    .command = "sweepplot",
    CSIM_OPERAND_DIR("DIR (a sweep folder)"),
    .about = "Show each measure of the sweep folder DIR (`clustersim sweep`: grid,\n"
             "latin-hypercube, sobol, saltelli or morris) against each swept parameter. A\n"
             "design point's value is the mean over its replicates of the measure in the --at\n"
             "year (default: the last; a persistence measure's one value). Written into FOLDER\n"
             "(created if missing):\n"
             "  sweep.csv                 one row per point: point,label, the parameter values\n"
             "                            of the index, then per measure NAME and NAME_n (the\n"
             "                            replicates behind it; an undefined value is empty)\n"
             "  sweep_<k>_<measure>_x<j>  per measure k and parameter j, PNG and SVG: the points\n"
             "                            (grey) and the means of the points in K equal-width\n"
             "                            bins of the parameter's range, with 95% t intervals\n"
             "                            over the bin's points, cut at the measure's support\n"
             "                            (never below 0 for counts, above 1 for shares)\n"
             "  *_points.dat, *_bins.dat, plots.gp   the figures' data and gnuplot script\n"
             "                            (cd FOLDER && gnuplot plots.gp redraws them)\n",
    .closing = "An ensemble folder is refused: `clustersim plot` draws its scenarios.\n"
               "Needs gnuplot (Debian: gnuplot-nox). Exit codes: 0 success, 1 runtime failure\n"
               "(gnuplot missing or failing, FOLDER not writable), 2 bad input (arguments, not a\n"
               "sweep folder, a missing, damaged or foreign index or task file).\n",
    CSIM_OPT_TABLE(sweepplot_table),
};

int csim_cmd_sweepplot(int argc, char **argv) {
    static const char *const cmd = "sweepplot";
    sweepplot_opts f = {.n_bins = 5};
    csim_opt_args args = {0};
    int rc = CSIM_EXIT_OK;
    csim_status st = CSIM_OK;
    csim_cli_analysis_opts *const opts = &f.analysis;
    csim_comparison c = {0};
    csim_ensemble_index probe = {0};
    csim_out_file table = {0}, script = {0};
    char gnuplot[4096];
    const char *series[CSIM_CLI_MAX_LIST];

    if ((rc = csim_opts_read(&sweepplot_spec, argc, argv, &f, &args)) != CSIM_EXIT_OK ||
        args.help) {
        goto done;
    }
    const char *dir = args.operands[0], *folder = f.folder;
    if (opts->cmp.all_years || opts->cmp.n_years > 1) {
        rc = csim_cli_usage_error(cmd, "--at takes one year (or 'end')");
        goto done;
    }
    if ((st = csim_ensemble_index_read(&probe, dir)) != CSIM_OK) {
        rc = csim_cli_report_input(cmd, dir, st);
        goto done;
    }
    if (!probe.kind || strcmp(probe.kind, "sweep") != 0 || probe.n_params == 0) {
        rc = csim_cli_usage_error(cmd, "%s/index.h5 is not a sweep's index (/ensemble@kind is "
                                       "'%s', no swept parameters): `clustersim plot %s` draws "
                                       "an ensemble's scenarios",
                                  dir, probe.kind ? probe.kind : "missing", dir);
        goto done;
    }
    /* Before any work: without gnuplot there is nothing to do. */
    if ((st = csim_plot_find_gnuplot(gnuplot, sizeof gnuplot)) != CSIM_OK) {
        rc = csim_cli_report(cmd, st);
        goto done;
    }
    csim_cli_analysis_series_defaults(opts, series);
    if ((st = csim_comparison_load(&c, dir, &opts->cmp)) != CSIM_OK) {
        rc = csim_cli_report_input(cmd, dir, st);
        goto done;
    }
    csim_cli_comparison_notes(cmd, &c);
    if ((st = csim_cli_plot_folder_open(folder, "sweep.csv", f.force, &table, &script)) !=
        CSIM_OK) {
        rc = csim_cli_report(cmd, st);
        goto done;
    }
    const int year = c.years[0];
    csim_sweep_table_write(&c, year, table.fp);
    for (size_t m = 0; m < c.n_measures && st == CSIM_OK; ++m) {
        for (size_t j = 0; j < c.index.n_params && st == CSIM_OK; ++j) {
            st = csim_plot_sweep(&c, m, j, year, (size_t) f.n_bins, folder, script.fp);
        }
    }
    if (st == CSIM_OK) {
        st = csim_cli_plot_folder_finish(&script, gnuplot, folder, &table);
    }
    if (st != CSIM_OK) {
        rc = csim_cli_report(cmd, st);
        goto done;
    }
    printf("%s: %zu points x %zu parameters x %zu measures in %d: %zu figures (PNG and SVG), "
           "table %s/sweep.csv\n", folder, c.index.n_labels, c.index.n_params, c.n_measures,
           year, c.index.n_params * c.n_measures, folder);

done:
    csim_out_file_abort(&script);
    csim_out_file_abort(&table);
    csim_comparison_destroy(&c);
    csim_ensemble_index_destroy(&probe);
    csim_cli_analysis_destroy(opts);
    csim_opt_args_destroy(&args);
    return rc;
}
