/* `clustersim compare DIR`: scenario means and paired effects against a baseline, with
 * t intervals, from an ensemble folder (analysis/statistics/comparison.h). */
#include "cli/cli.h"

#include <string.h>

#include "analysis/statistics/comparison.h"
#include "analysis/reports/comparison_write.h"
#include "cli/analysis_opts.h"
#include "sim/out_file.h"

typedef enum out_format { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON } out_format;

static void usage(FILE *out) {
    fputs("usage: clustersim compare DIR [--baseline NAME] [--observables a,b,...] [--at YEAR...]\n"
          "                          [--funding-end YEAR] [--horizon N]\n"
          "                          [--format table|csv|json] [-o FILE] [--force]\n"
          "\n"
          "Compare the scenarios of an ensemble folder DIR (written by `clustersim ensemble`):\n"
          "for every scenario, measure and year, the mean over replicates of each run's\n"
          "calendar-year mean with its 95% t interval, and the paired effect against the\n"
          "baseline: replicate r minus replicate r of the baseline (the same random streams,\n"
          "common random numbers), its mean, 95% t interval and number of pairs. Persistence\n"
          "measures are one value per run and get one row. docs/ANALYSIS.md defines the\n"
          "measures.\n"
          "\n", out);
    fputs(csim_cli_analysis_help, out);
    fputs("  --format F          table (default), csv or json\n"
          "  -o, --output FILE   write there instead of standard output\n"
          "  --force             replace FILE if it exists\n"
          "  -h, --help          show this help\n"
          "\n"
          "Exit codes: 0 success, 1 runtime failure (writing FILE), 2 bad input (arguments,\n"
          "a missing folder, a missing, damaged or foreign index or task file).\n", out);
}

static void write_out(const csim_comparison *c, out_format format, FILE *fp) {
    switch (format) {
    case FORMAT_CSV:
        csim_comparison_write_csv(c, fp);
        break;
    case FORMAT_JSON:
        csim_comparison_write_json(c, fp);
        break;
    default:
        csim_comparison_write_table(c, fp);
        break;
    }
}

int csim_cmd_compare(int argc, char **argv) {
    static const char *const cmd = "compare";
    const char *dir = NULL, *output = NULL;
    out_format format = FORMAT_TABLE;
    bool force = false;
    int rc = CSIM_EXIT_OK;
    csim_status st = CSIM_OK;
    csim_cli_analysis_opts opts = {0};
    csim_comparison c = {0};
    csim_out_file out = {0};

    for (int a = 1; a < argc; ++a) {
        const char *arg = argv[a];
        const char *next = a + 1 < argc ? argv[a + 1] : NULL;
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
                rc = csim_cli_usage_error(cmd, "%s needs a file name", arg);
                goto done;
            }
            output = next;
            ++a;
        } else if (strcmp(arg, "--format") == 0) {
            static const char *const names[] = {"table", "csv", "json"}; /* out_format order */
            const int k = csim_cli_parse_choice(cmd, arg, next, names, 3);
            if (k < 0) {
                rc = CSIM_EXIT_USAGE;
                goto done;
            }
            format = (out_format) k;
            ++a;
        } else if (strcmp(arg, "--force") == 0) {
            force = true;
        } else if ((rc = csim_cli_folder_operand(cmd, arg, &dir)) != CSIM_EXIT_OK) {
            goto done;
        }
    }
    if (!dir) {
        rc = csim_cli_usage_error(cmd, "missing DIR (an ensemble folder)");
        goto done;
    }

    st = csim_comparison_load(&c, dir, &opts.cmp);
    if (st != CSIM_OK) {
        rc = csim_cli_report_input(cmd, dir, st);
        goto done;
    }
    if (format != FORMAT_TABLE) {
        for (size_t k = 0; k < c.n_notes; ++k) {
            fprintf(stderr, "clustersim compare: note: %s\n", c.notes[k]);
        }
    }
    if (!output) {
        write_out(&c, format, stdout);
        if (fflush(stdout) != 0 || ferror(stdout)) {
            rc = csim_cli_report(cmd, CSIM_FAIL(CSIM_EIO, "writing to standard output failed"));
        }
        goto done;
    }
    if ((st = csim_cli_make_parent_dirs(output)) != CSIM_OK ||
        (st = csim_out_file_open(&out, output, force)) != CSIM_OK) {
        rc = csim_cli_report(cmd, st);
        goto done;
    }
    write_out(&c, format, out.fp);
    if ((st = csim_out_file_commit(&out)) != CSIM_OK) {
        rc = csim_cli_report(cmd, st);
        goto done;
    }
    fprintf(stderr, "%s: %zu rows (%zu scenarios, %zu measures)\n", output, c.n_rows,
            c.index.n_labels, c.n_measures);

done:
    csim_out_file_abort(&out);
    csim_comparison_destroy(&c);
    csim_cli_analysis_destroy(&opts);
    return rc;
}
