/* The shared body of `clustersim sobol` and `clustersim screen` (cli/sensitivity_main.h):
 * arguments, loading the sweep folder, one result per measure, writing. */
#include "cli/sensitivity_main.h"

#include <stdlib.h>
#include <string.h>

#include "analysis/statistics/measures.h"
#include "cli/cli.h"
#include "cli/analysis_opts.h"
#include "sim/out_file.h"

const char csim_cli_sensitivity_options_help[] =
    "  --observables LIST  measures, comma-separated (default: the series measures of\n"
    "                      docs/ANALYSIS.md; persistence measures need --funding-end\n"
    "                      when no point's budget stops)\n"
    "  --at YEAR           one calendar year or 'end' (default: end)\n"
    "  --funding-end YEAR, --horizon N   as for `clustersim compare`\n"
    "  --bootstrap B       bootstrap resamples (default 1000; 0: no intervals)\n"
    "  --seed S            seed of the resampling (default 1)\n"
    "  --format F          table (default), csv or json\n"
    "  -o, --output FILE   write there instead of standard output\n"
    "  --force             replace FILE if it exists\n"
    "  -h, --help          show this help\n"
    "\n";

/* The series measures of the default list: persistence ones need a funding end that a
 * sweep of one base scenario often lacks. */
static size_t default_series(const char **names) {
    size_t n_def = 0, n = 0;
    const char *const *def = csim_measures_default(&n_def);
    for (size_t k = 0; k < n_def; ++k) {
        const csim_measure_desc *d = csim_measure_find(def[k]);
        if (d && !d->persistence) {
            names[n++] = def[k];
        }
    }
    return n;
}

int csim_cli_sensitivity_main(const csim_cli_sensitivity_kind *kind, int argc, char **argv) {
    const char *const cmd = kind->command;
    const char *dir = NULL, *output = NULL;
    csim_sensitivity_format format = CSIM_SENSITIVITY_TABLE;
    csim_sensitivity_options sopt = {1000, 1, 0.95};
    bool force = false;
    int rc = CSIM_EXIT_OK;
    csim_status st = CSIM_OK;
    csim_cli_analysis_opts opts = {0};
    csim_comparison c = {0};
    csim_out_file out = {0};
    char *results = NULL; /* n_measures results of kind->result_size bytes */
    size_t *which = NULL, n_done = 0;
    const char *series[CSIM_CLI_MAX_LIST];

    for (int a = 1; a < argc; ++a) {
        const char *arg = argv[a];
        const char *next = a + 1 < argc ? argv[a + 1] : NULL;
        unsigned long long v = 0;
        if (strcmp(arg, "--baseline") != 0) {
            const int shared = csim_cli_analysis_parse(&opts, cmd, argc, argv, &a);
            if (shared < 0) {
                rc = CSIM_EXIT_USAGE;
                goto done;
            }
            if (shared > 0) {
                continue;
            }
        }
        if (csim_cli_is_help(arg)) {
            kind->usage(stdout);
            goto done;
        } else if (strcmp(arg, "-o") == 0 || strcmp(arg, "--output") == 0) {
            if (!next) {
                rc = csim_cli_usage_error(cmd, "%s needs a file name", arg);
                goto done;
            }
            output = next;
            ++a;
        } else if (strcmp(arg, "--bootstrap") == 0 || strcmp(arg, "--seed") == 0) {
            const bool boot = strcmp(arg, "--bootstrap") == 0;
            if (csim_cli_parse_count(cmd, arg, next, boot ? 1000000ULL : UINT64_MAX, &v) != 0) {
                rc = CSIM_EXIT_USAGE;
                goto done;
            }
            if (boot) {
                sopt.n_boot = (size_t) v;
            } else {
                sopt.seed = (uint64_t) v;
            }
            ++a;
        } else if (strcmp(arg, "--format") == 0) {
            /* csim_sensitivity_format order: table 0, csv 1, json 2 */
            static const char *const names[] = {"table", "csv", "json"};
            const int k = csim_cli_parse_choice(cmd, arg, next, names, 3);
            if (k < 0) {
                rc = CSIM_EXIT_USAGE;
                goto done;
            }
            format = (csim_sensitivity_format) k;
            ++a;
        } else if (strcmp(arg, "--force") == 0) {
            force = true;
        } else if ((rc = csim_cli_folder_operand(cmd, arg, &dir)) != CSIM_EXIT_OK) {
            goto done;
        }
    }
    if (!dir) {
        rc = csim_cli_usage_error(cmd, "missing DIR (a %s sweep folder)", kind->design_title);
        goto done;
    }
    if (opts.cmp.all_years || opts.cmp.n_years > 1) {
        rc = csim_cli_usage_error(cmd, "--at takes one year (or 'end') here");
        goto done;
    }
    if (opts.cmp.n_measures == 0) {
        opts.cmp.n_measures = default_series(series);
        opts.cmp.measures = series;
    }
    if (opts.cmp.n_years == 0) {
        static const int end_year = CSIM_COMPARISON_END;
        opts.cmp.years = &end_year;
        opts.cmp.n_years = 1;
    }

    st = csim_comparison_load(&c, dir, &opts.cmp);
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
    for (size_t k = 0; k < c.n_notes; ++k) {
        fprintf(stderr, "clustersim %s: note: %s\n", cmd, c.notes[k]);
    }
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
    FILE *fp = stdout;
    if (output) {
        if ((st = csim_cli_make_parent_dirs(output)) != CSIM_OK ||
            (st = csim_out_file_open(&out, output, force)) != CSIM_OK) {
            rc = csim_cli_report(cmd, st);
            goto done;
        }
        fp = out.fp;
    }
    kind->write(&c, which, results, n_done, year, format, fp);
    if (output && (st = csim_out_file_commit(&out)) != CSIM_OK) {
        rc = csim_cli_report(cmd, st);
    } else if (!output && (fflush(stdout) != 0 || ferror(stdout))) {
        rc = csim_cli_report(cmd, CSIM_FAIL(CSIM_EIO, "writing to standard output failed"));
    }

done:
    csim_out_file_abort(&out);
    for (size_t m = 0; results && m < n_done; ++m) {
        kind->destroy(results + m * kind->result_size);
    }
    free(results);
    free(which);
    csim_comparison_destroy(&c);
    csim_cli_analysis_destroy(&opts);
    return rc;
}
