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
#include "sim/out_file.h"

static void usage(FILE *out) {
    fputs("usage: clustersim sweepplot DIR -o FOLDER [--observables a,b,...] [--at YEAR]\n"
          "                            [--bins K] [--funding-end YEAR] [--horizon N] [--force]\n"
          "\n"
          "Show each measure of the sweep folder DIR (`clustersim sweep`: grid, latin-hypercube,\n"
          "sobol, saltelli or morris) against each swept parameter. A design point's value is\n"
          "the mean over its replicates of the measure in the --at year (default: the last;\n"
          "a persistence measure's one value). Written into FOLDER (created if missing):\n"
          "  sweep.csv                 one row per point: point,label, the parameter values\n"
          "                            of the index, then per measure NAME and NAME_n (the\n"
          "                            replicates behind it; an undefined value is empty)\n"
          "  sweep_<k>_<measure>_x<j>  per measure k and parameter j, PNG and SVG: the points\n"
          "                            (grey) and the means of the points in K equal-width\n"
          "                            bins of the parameter's range, with 95% t intervals\n"
          "                            over the bin's points, cut at the measure's support\n"
          "                            (never below 0 for counts, above 1 for shares)\n"
          "  *_points.dat, *_bins.dat, plots.gp   the figures' data and gnuplot script\n"
          "                            (cd FOLDER && gnuplot plots.gp redraws them)\n"
          "\n"
          "Options:\n"
          "  --observables LIST  measures, comma-separated: the built-in measures of\n"
          "                      docs/ANALYSIS.md or any observable (default: the series\n"
          "                      measures among the endogenous-development measures)\n"
          "  --at YEAR           the calendar year (or 'end', the default)\n"
          "  --bins K            bins per parameter (default 5)\n"
          "  --funding-end YEAR, --horizon N   persistence measures, as in compare\n"
          "  -o, --output FOLDER the output folder (required)\n"
          "  --force             overwrite a folder that already holds a sweep.csv\n"
          "  -h, --help          show this help\n"
          "\n"
          "An ensemble folder is refused: `clustersim plot` draws its scenarios.\n"
          "Needs gnuplot (Debian: gnuplot-nox). Exit codes: 0 success, 1 runtime failure\n"
          "(gnuplot missing or failing, FOLDER not writable), 2 bad input (arguments, not a\n"
          "sweep folder, a missing, damaged or foreign index or task file).\n", out);
}

int csim_cmd_sweepplot(int argc, char **argv) {
    static const char *const cmd = "sweepplot";
    const char *dir = NULL, *folder = NULL;
    unsigned long long n_bins = 5;
    bool force = false;
    int rc = CSIM_EXIT_OK;
    csim_status st = CSIM_OK;
    csim_cli_analysis_opts opts = {0};
    csim_comparison c = {0};
    csim_ens_index probe = {0};
    csim_out_file table = {0}, script = {0};
    char gnuplot[4096], path[4096];
    const char *series[CSIM_CLI_MAX_LIST];

    for (int a = 1; a < argc; ++a) {
        const char *arg = argv[a];
        const char *next = a + 1 < argc ? argv[a + 1] : NULL;
        if (strcmp(arg, "--baseline") == 0) {
            rc = csim_cli_usage_error(cmd, "--baseline: a sweep's points are not paired");
            goto done;
        }
        const int shared = csim_cli_analysis_parse(&opts, cmd, argc, argv, &a);
        if (shared < 0) {
            rc = CSIM_EXIT_USAGE;
            goto done;
        }
        if (shared > 0) {
            continue;
        }
        if (csim_cli_is_help(arg)) {
            usage(stdout);
            goto done;
        } else if (strcmp(arg, "-o") == 0 || strcmp(arg, "--output") == 0) {
            if (!next) {
                rc = csim_cli_usage_error(cmd, "%s needs a folder name", arg);
                goto done;
            }
            folder = next;
            ++a;
        } else if (strcmp(arg, "--bins") == 0) {
            if (csim_cli_parse_positive(cmd, arg, next, 1000ULL, &n_bins) != 0) {
                rc = CSIM_EXIT_USAGE;
                goto done;
            }
            ++a;
        } else if (strcmp(arg, "--force") == 0) {
            force = true;
        } else if ((rc = csim_cli_folder_operand(cmd, arg, &dir)) != CSIM_EXIT_OK) {
            goto done;
        }
    }
    if (!dir) {
        rc = csim_cli_usage_error(cmd, "missing DIR (a sweep folder)");
        goto done;
    }
    if (!folder) {
        rc = csim_cli_usage_error(cmd, "missing -o FOLDER");
        goto done;
    }
    if (opts.cmp.all_years || opts.cmp.n_years > 1) {
        rc = csim_cli_usage_error(cmd, "--at takes one year (or 'end')");
        goto done;
    }
    if ((st = csim_ens_index_read(&probe, dir)) != CSIM_OK) {
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
        fprintf(stderr, "clustersim %s: %s\n", cmd, csim_last_error());
        rc = CSIM_EXIT_FAILURE;
        goto done;
    }
    csim_cli_analysis_series_defaults(&opts, series);
    if ((st = csim_comparison_load(&c, dir, &opts.cmp)) != CSIM_OK) {
        rc = csim_cli_report_input(cmd, dir, st);
        goto done;
    }
    for (size_t k = 0; k < c.n_notes; ++k) {
        fprintf(stderr, "clustersim %s: note: %s\n", cmd, c.notes[k]);
    }
    if ((st = csim_cli_make_folder(folder)) != CSIM_OK) {
        rc = csim_cli_report(cmd, st);
        goto done;
    }
    snprintf(path, sizeof path, "%s/sweep.csv", folder);
    if ((st = csim_out_file_open(&table, path, force)) != CSIM_OK) {
        rc = csim_cli_report(cmd, st);
        goto done;
    }
    snprintf(path, sizeof path, "%s/plots.gp", folder);
    if ((st = csim_out_file_open(&script, path, true)) != CSIM_OK) {
        rc = csim_cli_report(cmd, st);
        goto done;
    }
    const int year = c.years[0];
    csim_sweep_table_write(&c, year, table.fp);
    csim_plot_script_begin(script.fp);
    for (size_t m = 0; m < c.n_measures && st == CSIM_OK; ++m) {
        for (size_t j = 0; j < c.index.n_params && st == CSIM_OK; ++j) {
            st = csim_plot_sweep(&c, m, j, year, (size_t) n_bins, folder, script.fp);
        }
    }
    if (st == CSIM_OK) {
        st = csim_out_file_commit(&script);
    }
    if (st == CSIM_OK) {
        st = csim_plot_run(gnuplot, folder, "plots.gp");
    }
    /* The table goes in last, so that it exists only when its figures do. */
    if (st == CSIM_OK) {
        st = csim_out_file_commit(&table);
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
    csim_ens_index_destroy(&probe);
    csim_cli_analysis_destroy(&opts);
    return rc;
}
