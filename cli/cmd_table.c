/* `clustersim table DIR`: an ensemble or sweep folder as one long CSV (scenario,
 * replicate, swept parameters, time, observable, value) for R, pandas and spreadsheets
 * (analysis/reports/tidy_table.h). */
#define _POSIX_C_SOURCE 200809L

#include "cli/cli.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/reports/tidy_table.h"
#include "sim/out_file.h"

/* Most --observables names and --years. */
#define MAX_LIST 256

static void usage(FILE *out) {
    fputs("usage: clustersim table DIR [--observables a,b,...] [--every N | --years Y,Y,...]\n"
          "                        [-o FILE] [--force]\n"
          "\n"
          "Write the ensemble or sweep folder DIR (`clustersim ensemble`, `clustersim sweep`)\n"
          "as one long CSV, one row per task, month and observable:\n"
          "  scenario,replicate,[one column per swept parameter,]time,year,month,observable,value\n"
          "time is the decimal year of the month (as in the files), month 1-12; a vector\n"
          "observable's rows are named name[component]; values have 17 significant digits.\n"
          "R: read.csv(FILE); pandas: pandas.read_csv(FILE) (float_precision=\"round_trip\"\n"
          "reads every value back exactly).\n"
          "\n"
          "Options:\n"
          "  --observables LIST  observables, comma-separated (repeatable): names, or\n"
          "                      name[component] (default: every observable, vectors by\n"
          "                      component)\n"
          "  --every N           every N-th month from the first (12: each January)\n"
          "  --years LIST        only the months of these calendar years, comma-separated\n"
          "  -o, --output FILE   write to FILE (written whole, then renamed; default: stdout)\n"
          "  --force             replace an existing FILE\n"
          "  -h, --help          show this help\n"
          "\n"
          "Exit codes: 0 success, 1 runtime failure (FILE not writable), 2 bad input\n"
          "(arguments, a missing or damaged folder or task file, an unknown observable).\n", out);
}

/* Split a comma list into `items` (pointers into `copy`, a strdup of text kept by the
 * caller). -1 after a usage error. */
static int split(const char *cmd, const char *opt, char *copy, const char **items, size_t *n) {
    for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        if (*n == MAX_LIST) {
            csim_cli_usage_error(cmd, "at most %d %s values", MAX_LIST, opt);
            return -1;
        }
        items[(*n)++] = tok;
    }
    return 0;
}

/* Calendar years of a --years list. -1 after a usage error. */
static int parse_years(const char *cmd, const char *const *items, size_t n, int *years) {
    for (size_t k = 0; k < n; ++k) {
        const char *s = items[k];
        bool digits = s[0] != '\0' && strlen(s) <= 4;
        for (const char *p = s; digits && *p; ++p) {
            digits = isdigit((unsigned char) *p) != 0;
        }
        if (!digits) {
            csim_cli_usage_error(cmd, "--years expects calendar years, comma-separated, got '%s'", s);
            return -1;
        }
        years[k] = atoi(s);
    }
    return 0;
}

int csim_cmd_table(int argc, char **argv) {
    static const char *const cmd = "table";
    const char *dir = NULL, *output = NULL;
    const char *names[MAX_LIST], *year_text[MAX_LIST];
    char *copies[2 * MAX_LIST];
    size_t n_names = 0, n_years = 0, n_copies = 0;
    int years[MAX_LIST];
    unsigned long long every = 0;
    bool force = false, have_every = false;
    int rc = CSIM_EXIT_OK;
    csim_status st = CSIM_OK;
    csim_out_file file = {0};

    for (int a = 1; a < argc; ++a) {
        const char *arg = argv[a];
        const char *next = a + 1 < argc ? argv[a + 1] : NULL;
        const bool list = strcmp(arg, "--observables") == 0 || strcmp(arg, "--years") == 0;
        if (csim_cli_is_help(arg)) {
            usage(stdout);
            goto done;
        } else if (list) {
            const bool obs = arg[2] == 'o';
            if (!next || n_copies == 2 * MAX_LIST || !(copies[n_copies] = strdup(next))) {
                rc = csim_cli_usage_error(cmd, "%s needs a comma-separated list", arg);
                goto done;
            }
            if (split(cmd, arg, copies[n_copies++], obs ? names : year_text,
                      obs ? &n_names : &n_years) != 0) {
                rc = CSIM_EXIT_USAGE;
                goto done;
            }
            ++a;
        } else if (strcmp(arg, "--every") == 0) {
            if (csim_cli_parse_positive(cmd, arg, next, 1000000ULL, &every) != 0) {
                rc = CSIM_EXIT_USAGE;
                goto done;
            }
            have_every = true;
            ++a;
        } else if (strcmp(arg, "-o") == 0 || strcmp(arg, "--output") == 0) {
            if (!next) {
                rc = csim_cli_usage_error(cmd, "%s needs a file name", arg);
                goto done;
            }
            output = next;
            ++a;
        } else if (strcmp(arg, "--force") == 0) {
            force = true;
        } else if ((rc = csim_cli_folder_operand(cmd, arg, &dir)) != CSIM_EXIT_OK) {
            goto done;
        }
    }
    if (!dir) {
        rc = csim_cli_usage_error(cmd, "missing DIR (an ensemble or sweep folder)");
        goto done;
    }
    if (have_every && n_years > 0) {
        rc = csim_cli_usage_error(cmd, "--every and --years are alternatives; give one");
        goto done;
    }
    if (parse_years(cmd, year_text, n_years, years) != 0) {
        rc = CSIM_EXIT_USAGE;
        goto done;
    }
    const csim_tidy_options opt = {n_names ? names : NULL, n_names, (size_t) every,
                                   n_years ? years : NULL, n_years};
    FILE *out = stdout;
    if (output) {
        if ((st = csim_cli_make_parent_dirs(output)) != CSIM_OK ||
            (st = csim_out_file_open(&file, output, force)) != CSIM_OK) {
            rc = csim_cli_report(cmd, st);
            goto done;
        }
        out = file.fp;
    }
    size_t rows = 0;
    if ((st = csim_tidy_write(dir, &opt, out, &rows)) != CSIM_OK) {
        rc = csim_cli_report_input(cmd, dir, st);
        goto done;
    }
    if (output) {
        if ((st = csim_out_file_commit(&file)) != CSIM_OK) {
            rc = csim_cli_report(cmd, st);
            goto done;
        }
        fprintf(stderr, "%s: %zu rows\n", output, rows);
    } else if (fflush(stdout) != 0 || ferror(stdout)) {
        rc = csim_cli_report(cmd, CSIM_FAIL(CSIM_EIO, "writing to standard output failed"));
    }

done:
    csim_out_file_abort(&file);
    for (size_t k = 0; k < n_copies; ++k) {
        free(copies[k]);
    }
    return rc;
}
