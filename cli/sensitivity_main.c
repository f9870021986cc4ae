/* The shared body of `clustersim sobol` and `clustersim screen` (cli/sensitivity_main.h):
 * arguments, loading the sweep folder, one result per measure, writing. */
#include "cli/sensitivity_main.h"

#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/analysis_opts.h"
#include "cli/options.h"
#include "cli/cli_output.h"

/* The options of both commands. */
typedef struct sensitivity_opts {
    csim_cli_analysis_opts analysis;
    unsigned long long n_boot, seed;
    int format; /* csim_sensitivity_format */
    const char *output;
    bool force;
} sensitivity_opts;

/* csim_sensitivity_format order: table 0, csv 1, json 2 */
static const char *const format_names[] = {"table", "csv", "json"};

static const csim_opt sensitivity_table[] = {
    {CSIM_CLI_OPT_OBSERVABLES(sensitivity_opts, analysis,
                              "measures, comma-separated (default: the series measures of "
                              "docs/ANALYSIS.md; persistence measures need --funding-end when "
                              "no point's budget stops)")},
    {CSIM_CLI_OPT_AT(sensitivity_opts, analysis, "YEAR", "one calendar year or 'end'"),
     .def = "end"},
    {CSIM_CLI_OPT_FUNDING_END(sensitivity_opts, analysis, "as for `clustersim compare`")},
    {CSIM_CLI_OPT_HORIZON(sensitivity_opts, analysis, "as for `clustersim compare`")},
    {.name = "--bootstrap", .kind = CSIM_OPT_UINT, .field = offsetof(sensitivity_opts, n_boot),
     .metavar = "B", .umax = 1000000ULL, .def = "1000",
     .help = "bootstrap resamples (0: no intervals)"},
    {CSIM_OPT_SEED(sensitivity_opts, seed, UINT64_MAX, "seed of the resampling", "1")},
    {CSIM_OPT_FORMAT(sensitivity_opts, format, format_names, "table, csv or json", "table")},
    {CSIM_OPT_OUTPUT(sensitivity_opts, output, "FILE", "write there instead of standard output")},
    {CSIM_OPT_FORCE(sensitivity_opts, force, "replace FILE if it exists")},
};

int csim_cli_sensitivity_main(const csim_cli_sensitivity_kind *kind, int argc, char **argv) {
    const char *const cmd = kind->command;
    char missing[96], closing[256];
    snprintf(missing, sizeof missing, "DIR (a %s sweep folder)", kind->design_title);
    snprintf(closing, sizeof closing,
             "Exit codes: 0 success, 1 runtime failure, 2 bad input (arguments, a folder that is\n"
             "not a %s sweep, a missing, damaged or foreign index or task file).\n",
             kind->design_title);
    const csim_opt_spec spec = {
        .command = cmd,
        CSIM_OPERAND_DIR(missing),
        .about = kind->about,
        .closing = closing,
        CSIM_OPT_TABLE(sensitivity_table),
    };
    sensitivity_opts f = {.n_boot = 1000, .seed = 1};
    csim_opt_args args = {0};
    int rc = CSIM_EXIT_OK;
    csim_status st = CSIM_OK;
    csim_cli_analysis_opts *const opts = &f.analysis;
    csim_comparison c = {0};
    csim_cli_output out = {0};
    char *results = NULL; /* n_measures results of kind->result_size bytes */
    size_t *which = NULL, n_done = 0;
    const char *series[CSIM_CLI_MAX_LIST];

    if ((rc = csim_opts_read(&spec, argc, argv, &f, &args)) != CSIM_EXIT_OK || args.help) {
        goto done;
    }
    const char *dir = args.operands[0], *output = f.output;
    const csim_sensitivity_format format = (csim_sensitivity_format) f.format;
    const csim_sensitivity_options sopt = {(size_t) f.n_boot, (uint64_t) f.seed, 0.95};
    if (opts->cmp.all_years || opts->cmp.n_years > 1) {
        rc = csim_cli_usage_error(cmd, "--at takes one year (or 'end') here");
        goto done;
    }
    csim_cli_analysis_series_defaults(opts, series);

    st = csim_comparison_load(&c, dir, &opts->cmp);
    if (st == CSIM_OK && !kind->accepts(&c.index)) {
        st = csim_fail_plain(CSIM_EINVAL, "%s is a%s %s, not a %s sweep (%s need `design: %s` "
                                          "in the sweep file)", dir,
                             c.index.design ? "" : "n",
                             c.index.design ? c.index.design : "ensemble", kind->design_title,
                             kind->what, kind->design);
    }
    if (st != CSIM_OK) {
        rc = csim_cli_report_input(cmd, dir, st);
        goto done;
    }
    csim_cli_comparison_notes(cmd, &c);
    results = calloc(c.n_measures, kind->result_size);
    which = calloc(c.n_measures, sizeof *which);
    if (!results || !which) {
        rc = csim_cli_report(cmd, CSIM_FAIL(CSIM_ENOMEM, "results"));
        goto done;
    }
    const int year = c.years[0];
    for (size_t m = 0; m < c.n_measures; ++m) {
        which[m] = m;
        st = kind->compute(&c, m, year, &sopt, results + m * kind->result_size);
        if (st != CSIM_OK) {
            rc = csim_cli_report_input(cmd, dir, st);
            goto done;
        }
        n_done = m + 1;
    }
    if ((st = csim_cli_output_open(&out, output, f.force)) != CSIM_OK) {
        rc = csim_cli_report(cmd, st);
        goto done;
    }
    kind->write(&c, which, results, n_done, year, format, out.fp);
    if ((st = csim_cli_output_commit(&out)) != CSIM_OK) {
        rc = csim_cli_report(cmd, st);
    }

done:
    csim_cli_output_abort(&out);
    for (size_t m = 0; results && m < n_done; ++m) {
        kind->destroy(results + m * kind->result_size);
    }
    free(results);
    free(which);
    csim_comparison_destroy(&c);
    csim_cli_analysis_destroy(opts);
    csim_opt_args_destroy(&args);
    return rc;
}
