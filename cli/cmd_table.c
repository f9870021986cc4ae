/* `clustersim table DIR`: an ensemble or sweep folder as one long CSV (scenario,
 * replicate, swept parameters, time, observable, value) for R, pandas and spreadsheets
 * (analysis/reports/tidy_table.h). */
#define _POSIX_C_SOURCE 200809L

#include "cli/cli.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/reports/tidy_table.h"
#include "cli/options.h"
#include "cli/cli_output.h"

/* Most --observables names and --years. */
#define MAX_LIST 256

/* The options of `table`. */
typedef struct table_opts {
    csim_opt_list names, years;
    unsigned long long every;
    const char *output;
    bool force;
} table_opts;

static const csim_opt table_table[] = {
    {.name = "--observables", .kind = CSIM_OPT_LIST, .field = offsetof(table_opts, names),
     .metavar = "LIST", .umax = MAX_LIST,
     .help = "observables, comma-separated: names, or name[component] (default: every "
             "observable, vectors by component)"},
    {.name = "--every", .kind = CSIM_OPT_UINT, .field = offsetof(table_opts, every),
     .metavar = "N", .umin = 1, .umax = 1000000ULL,
     .help = "every N-th month from the first (12: each January)"},
    {.name = "--years", .kind = CSIM_OPT_LIST, .field = offsetof(table_opts, years),
     .metavar = "LIST", .umax = MAX_LIST,
     .help = "only the months of these calendar years, comma-separated"},
    {CSIM_OPT_OUTPUT(table_opts, output, "FILE", "write to FILE (written whole, then renamed)"),
     .def = "standard output"},
    {CSIM_OPT_FORCE(table_opts, force, "replace an existing FILE")},
};

static const csim_opt_spec table_spec = {
    .command = "table",
    CSIM_OPERAND_DIR("DIR (an ensemble or sweep folder)"),
    .about = "Write the ensemble or sweep folder DIR (`clustersim ensemble`, `clustersim sweep`)\n"
             "as one long CSV, one row per task, month and observable:\n"
             "  scenario,replicate,[one column per swept parameter,]time,year,month,observable,value\n"
             "time is the decimal year of the month (as in the files), month 1-12; a vector\n"
             "observable's rows are named name[component]; values have 17 significant digits.\n"
             "R: read.csv(FILE); pandas: pandas.read_csv(FILE) (float_precision=\"round_trip\"\n"
             "reads every value back exactly).\n",
    .closing = "Exit codes: 0 success, 1 runtime failure (FILE not writable), 2 bad input\n"
               "(arguments, a missing or damaged folder or task file, an unknown observable).\n",
    CSIM_OPT_TABLE(table_table),
};

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
    table_opts f = {0};
    csim_opt_args args = {0};
    int years[MAX_LIST];
    int rc = CSIM_EXIT_OK;
    csim_status st = CSIM_OK;
    csim_cli_output out = {0};

    if ((rc = csim_opts_read(&table_spec, argc, argv, &f, &args)) != CSIM_EXIT_OK || args.help) {
        goto done;
    }
    const char *dir = args.operands[0], *output = f.output;
    const size_t n_names = f.names.n, n_years = f.years.n;
    if (csim_opts_given(&args, "--every") && n_years > 0) {
        rc = csim_cli_usage_error(cmd, "--every and --years are alternatives; give one");
        goto done;
    }
    if (parse_years(cmd, f.years.items, n_years, years) != 0) {
        rc = CSIM_EXIT_USAGE;
        goto done;
    }
    const csim_tidy_options opt = {n_names ? f.names.items : NULL, n_names, (size_t) f.every,
                                   n_years ? years : NULL, n_years};
    if ((st = csim_cli_output_open(&out, output, f.force)) != CSIM_OK) {
        rc = csim_cli_report(cmd, st);
        goto done;
    }
    size_t rows = 0;
    if ((st = csim_tidy_write(dir, &opt, out.fp, &rows)) != CSIM_OK) {
        rc = csim_cli_report_input(cmd, dir, st);
        goto done;
    }
    if ((st = csim_cli_output_commit(&out)) != CSIM_OK) {
        rc = csim_cli_report(cmd, st);
        goto done;
    }
    if (output) {
        fprintf(stderr, "%s: %zu rows\n", output, rows);
    }

done:
    csim_cli_output_abort(&out);
    csim_opt_args_destroy(&args);
    return rc;
}
