/* `clustersim compare DIR`: scenario means and paired effects against a baseline, with
 * t intervals, from an ensemble folder (analysis/statistics/comparison.h). */
#include "cli/cli.h"

#include <string.h>

#include "analysis/statistics/comparison.h"
#include "analysis/reports/comparison_write.h"
#include "cli/analysis_opts.h"
#include "cli/options.h"
#include "cli/cli_output.h"

typedef enum out_format { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON } out_format;

/* The options of `compare`. */
typedef struct compare_opts {
    csim_cli_analysis_opts analysis;
    const char *output;
    int format; /* out_format */
    bool force;
} compare_opts;

static const char *const format_names[] = {"table", "csv", "json"}; /* out_format order */

static const csim_opt compare_table[] = {
    {CSIM_CLI_OPT_BASELINE(compare_opts, analysis,
                           "scenario the others are paired with (default: the first "
                           "scenario given to `clustersim ensemble`)")},
    {CSIM_CLI_OPT_OBSERVABLES(compare_opts, analysis,
                              "measures, comma-separated (repeatable): the built-in measures "
                              "of docs/ANALYSIS.md or any observable, e.g. employment or "
                              "ties_by_origin[wg] (default: the endogenous-development "
                              "measures)")},
    {CSIM_CLI_OPT_AT(compare_opts, analysis, "YEAR...",
                     "calendar years to report (comma-separated or several words; 'end' = the "
                     "last year of the runs, 'all' = every year; default: 2008, 2012 and end, "
                     "those inside the runs)")},
    {CSIM_CLI_OPT_FUNDING_END(compare_opts, analysis,
                              "first year without programme money, for the persistence "
                              "measures (default: the earliest year any scenario's "
                              "policy.budget falls to 0)")},
    {CSIM_CLI_OPT_HORIZON(compare_opts, analysis,
                          "persistence compares year min(F+N, last) with F-1")},
    {CSIM_OPT_FORMAT(compare_opts, format, format_names, "table, csv or json", "table")},
    {CSIM_OPT_OUTPUT(compare_opts, output, "FILE", "write there instead of standard output")},
    {CSIM_OPT_FORCE(compare_opts, force, "replace FILE if it exists")},
};

static const csim_opt_spec compare_spec = {
    .command = "compare",
    CSIM_OPERAND_DIR("DIR (an ensemble folder)"),
    .about = "Compare the scenarios of an ensemble folder DIR (written by `clustersim ensemble`):\n"
             "for every scenario, measure and year, the mean over replicates of each run's\n"
             "calendar-year mean with its 95% t interval, and the paired effect against the\n"
             "baseline: replicate r minus replicate r of the baseline (the same random streams,\n"
             "common random numbers), its mean, 95% t interval and number of pairs. Persistence\n"
             "measures are one value per run and get one row. docs/ANALYSIS.md defines the\n"
             "measures.\n",
    .closing = "Exit codes: 0 success, 1 runtime failure (writing FILE), 2 bad input (arguments,\n"
               "a missing folder, a missing, damaged or foreign index or task file).\n",
    CSIM_OPT_TABLE(compare_table),
};

/* The writer of each format, in out_format order (that of format_names). */
static void (*const writers[])(const csim_comparison *c, FILE *out) = {
    csim_comparison_write_table, csim_comparison_write_csv, csim_comparison_write_json};
_Static_assert(CSIM_OPTS_COUNT(writers) == CSIM_OPTS_COUNT(format_names), "a writer per format");

int csim_cmd_compare(int argc, char **argv) {
    static const char *const cmd = "compare";
    compare_opts f = {0};
    csim_opt_args args = {0};
    int rc = CSIM_EXIT_OK;
    csim_status st = CSIM_OK;
    csim_comparison c = {0};
    csim_cli_output out = {0};

    if ((rc = csim_opts_read(&compare_spec, argc, argv, &f, &args)) != CSIM_EXIT_OK ||
        args.help) {
        goto done;
    }
    const char *dir = args.operands[0], *output = f.output;
    const out_format format = (out_format) f.format;

    st = csim_comparison_load(&c, dir, &f.analysis.cmp);
    if (st != CSIM_OK) {
        rc = csim_cli_report_input(cmd, dir, st);
        goto done;
    }
    if (format != FORMAT_TABLE) {
        csim_cli_comparison_notes(cmd, &c);
    }
    if ((st = csim_cli_output_open(&out, output, f.force)) != CSIM_OK) {
        rc = csim_cli_report(cmd, st);
        goto done;
    }
    writers[format](&c, out.fp);
    if ((st = csim_cli_output_commit(&out)) != CSIM_OK) {
        rc = csim_cli_report(cmd, st);
        goto done;
    }
    if (output) {
        fprintf(stderr, "%s: %zu rows (%zu scenarios, %zu measures)\n", output, c.n_rows,
                c.index.n_labels, c.n_measures);
    }

done:
    csim_cli_output_abort(&out);
    csim_comparison_destroy(&c);
    csim_cli_analysis_destroy(&f.analysis);
    csim_opt_args_destroy(&args);
    return rc;
}
