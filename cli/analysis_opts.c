#define _POSIX_C_SOURCE 200809L

#include "cli/analysis_opts.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/statistics/measures.h"
#include "cli/cli.h"

const char csim_cli_analysis_help[] =
    "  --baseline NAME     scenario the others are paired with (default: gumi-baseline if\n"
    "                      present, else the first scenario)\n"
    "  --observables LIST  measures, comma-separated (repeatable): the built-in measures of\n"
    "                      docs/ANALYSIS.md or any observable, e.g. employment or\n"
    "                      ties_by_origin[wg] (default: the endogenous-development measures)\n"
    "  --at YEAR...        calendar years to report (comma-separated or several words;\n"
    "                      'end' = the last year of the runs, 'all' = every year;\n"
    "                      default: 2008, 2012 and end, those inside the runs)\n"
    "  --funding-end YEAR  first year without programme money, for the persistence\n"
    "                      measures (default: the earliest year any scenario's\n"
    "                      policy.budget falls to 0)\n"
    "  --horizon N         persistence compares year min(F+N, last) with F-1 (default 3)\n";

/* A year, "end" or "all"; -1 when not one of them. */
static int parse_year(const char *text, int *year, bool *all) {
    if (strcmp(text, "end") == 0) {
        *year = CSIM_COMPARISON_END;
        return 0;
    }
    if (strcmp(text, "all") == 0) {
        *all = true;
        *year = 0;
        return 0;
    }
    size_t len = strlen(text);
    if (len == 0 || len > 5) {
        return -1;
    }
    for (size_t i = 0; i < len; ++i) {
        if (!isdigit((unsigned char) text[i])) {
            return -1;
        }
    }
    *year = atoi(text);
    return *year >= 1 ? 0 : -1;
}

/* Keep a copy of `text` and return it. */
static char *keep(csim_cli_analysis_opts *o, const char *text) {
    if (o->n_lists == CSIM_CLI_MAX_LIST) {
        return NULL;
    }
    return o->lists[o->n_lists++] = strdup(text);
}

static int add_years(csim_cli_analysis_opts *o, const char *command, const char *text) {
    char *copy = keep(o, text);
    if (!copy) {
        csim_cli_usage_error(command, "too many --at values");
        return -1;
    }
    for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        int year = 0;
        bool all = false;
        if (parse_year(tok, &year, &all) != 0) {
            csim_cli_usage_error(command, "--at expects years, 'end' or 'all', got '%s'", tok);
            return -1;
        }
        if (all) {
            o->cmp.all_years = true;
            continue;
        }
        if (o->cmp.n_years == CSIM_CLI_MAX_LIST) {
            csim_cli_usage_error(command, "at most %d --at years", CSIM_CLI_MAX_LIST);
            return -1;
        }
        o->years[o->cmp.n_years++] = year;
    }
    o->cmp.years = o->years;
    return 0;
}

int csim_cli_analysis_parse(csim_cli_analysis_opts *o, const char *command, int argc,
                            char **argv, int *a) {
    const char *arg = argv[*a];
    const char *next = *a + 1 < argc ? argv[*a + 1] : NULL;
    if (strcmp(arg, "--baseline") == 0) {
        if (!next) {
            csim_cli_usage_error(command, "--baseline needs a scenario name");
            return -1;
        }
        o->cmp.baseline = next;
        ++*a;
        return 1;
    }
    if (strcmp(arg, "--observables") == 0 || strcmp(arg, "--observable") == 0) {
        char *copy = next ? keep(o, next) : NULL;
        if (!copy) {
            csim_cli_usage_error(command, "%s needs a list of names", arg);
            return -1;
        }
        for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok;
             tok = strtok_r(NULL, ",", &save)) {
            if (o->cmp.n_measures == CSIM_CLI_MAX_LIST) {
                csim_cli_usage_error(command, "at most %d measures", CSIM_CLI_MAX_LIST);
                return -1;
            }
            o->measures[o->cmp.n_measures++] = tok;
        }
        o->cmp.measures = o->measures;
        ++*a;
        return 1;
    }
    if (strcmp(arg, "--at") == 0) {
        if (!next) {
            csim_cli_usage_error(command, "--at needs a year, 'end' or 'all'");
            return -1;
        }
        if (add_years(o, command, next) != 0) {
            return -1;
        }
        ++*a;
        /* Further words that are years ("--at 2008 2012 end") belong to --at too. */
        while (*a + 1 < argc) {
            int year = 0;
            bool all = false;
            if (parse_year(argv[*a + 1], &year, &all) != 0) {
                break;
            }
            if (add_years(o, command, argv[*a + 1]) != 0) {
                return -1;
            }
            ++*a;
        }
        return 1;
    }
    if (strcmp(arg, "--funding-end") == 0 || strcmp(arg, "--horizon") == 0) {
        unsigned long long v = 0;
        const bool horizon = strcmp(arg, "--horizon") == 0;
        if (csim_cli_parse_positive(command, arg, next, horizon ? 100 : 100000, &v) != 0) {
            return -1;
        }
        if (horizon) {
            o->cmp.horizon = (int) v;
        } else {
            o->cmp.funding_end = (int) v;
        }
        ++*a;
        return 1;
    }
    return 0;
}

int csim_cli_refuse_sweep(const char *command, const char *dir) {
    csim_ens_index ix = {0};
    const csim_status st = csim_ens_index_read(&ix, dir);
    if (st != CSIM_OK) {
        return csim_cli_report_input(command, dir, st);
    }
    int rc = CSIM_EXIT_OK;
    if (ix.kind && strcmp(ix.kind, "sweep") == 0) {
        const char *design = ix.design ? ix.design : "parameter";
        rc = csim_cli_usage_error(command, "%s is a %s sweep: its points are parameter values, "
                                           "not scenarios to pair with a baseline. `clustersim "
                                           "table %s` lists every point with its values "
                                           "and `clustersim sweepplot %s -o FOLDER` draws "
                                           "each measure against each parameter%s",
                                  dir, design, dir, dir,
                                  strcmp(design, "saltelli") == 0 ? "; `clustersim sobol` and "
                                                                    "`clustersim plot` give its "
                                                                    "Sobol indices"
                                  : strcmp(design, "morris") == 0 ? "; `clustersim screen` "
                                                                    "screens its parameters"
                                                                  : "");
    }
    csim_ens_index_destroy(&ix);
    return rc;
}

void csim_cli_analysis_series_defaults(csim_cli_analysis_opts *o, const char **series) {
    if (o->cmp.n_measures == 0) {
        size_t n_def = 0;
        const char *const *def = csim_measures_default(&n_def);
        for (size_t k = 0; k < n_def && o->cmp.n_measures < CSIM_CLI_MAX_LIST; ++k) {
            const csim_measure_desc *d = csim_measure_find(def[k]);
            if (d && !d->persistence) {
                series[o->cmp.n_measures++] = def[k];
            }
        }
        o->cmp.measures = series;
    }
    if (o->cmp.n_years == 0) {
        static const int end_year = CSIM_COMPARISON_END;
        o->cmp.years = &end_year;
        o->cmp.n_years = 1;
    }
}

void csim_cli_analysis_destroy(csim_cli_analysis_opts *o) {
    for (size_t k = 0; k < o->n_lists; ++k) {
        free(o->lists[k]);
    }
    memset(o, 0, sizeof *o);
}
