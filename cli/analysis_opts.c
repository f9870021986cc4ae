#define _POSIX_C_SOURCE 200809L

#include "cli/analysis_opts.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/statistics/measures.h"
#include "cli/cli.h"
#include "sim/str_copy.h"

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
    return o->lists[o->n_lists++] = csim_str_copy(text);
}

/* Whether a list holding `n` entries has room for one more (CSIM_CLI_MAX_LIST): 0, or -1
 * after the usage error "at most N WHAT". */
static int room_for_one(size_t n, const char *command, const char *what) {
    if (n == CSIM_CLI_MAX_LIST) {
        csim_cli_usage_error(command, "at most %d %s", CSIM_CLI_MAX_LIST, what);
        return -1;
    }
    return 0;
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
        if (room_for_one(o->cmp.n_years, command, "--at years") != 0) {
            return -1;
        }
        o->years[o->cmp.n_years++] = year;
    }
    o->cmp.years = o->years;
    return 0;
}

bool csim_cli_analysis_is_year(const char *word) {
    int year = 0;
    bool all = false;
    return parse_year(word, &year, &all) == 0;
}

int csim_cli_analysis_parse_at(const char *command, const char *opt, const char *text,
                               void *field) {
    if (!text) {
        csim_cli_usage_error(command, "%s needs a year, 'end' or 'all'", opt);
        return -1;
    }
    return add_years(field, command, text);
}

int csim_cli_analysis_parse_observables(const char *command, const char *opt, const char *text,
                                        void *field) {
    csim_cli_analysis_opts *o = field;
    char *copy = text ? keep(o, text) : NULL;
    if (!copy) {
        csim_cli_usage_error(command, "%s needs a list of names", opt);
        return -1;
    }
    for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        if (room_for_one(o->cmp.n_measures, command, "measures") != 0) {
            return -1;
        }
        o->measures[o->cmp.n_measures++] = tok;
    }
    o->cmp.measures = o->measures;
    return 0;
}

/* A whole number from 1 to max for an int field; -1 after a usage error. */
static int parse_positive_int(const char *command, const char *opt, const char *text, int max,
                              int *value) {
    unsigned long long v = 0;
    if (csim_cli_parse_positive(command, opt, text, (unsigned long long) max, &v) != 0) {
        return -1;
    }
    *value = (int) v;
    return 0;
}

int csim_cli_analysis_parse_funding_end(const char *command, const char *opt, const char *text,
                                        void *field) {
    return parse_positive_int(command, opt, text, 100000,
                              &((csim_cli_analysis_opts *) field)->cmp.funding_end);
}

int csim_cli_analysis_parse_horizon(const char *command, const char *opt, const char *text,
                                    void *field) {
    return parse_positive_int(command, opt, text, 100,
                              &((csim_cli_analysis_opts *) field)->cmp.horizon);
}

int csim_cli_refuse_sweep(const char *command, const char *dir) {
    csim_ensemble_index ix = {0};
    const csim_status st = csim_ensemble_index_read(&ix, dir);
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
    csim_ensemble_index_destroy(&ix);
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

void csim_cli_comparison_notes(const char *command, const csim_comparison *c) {
    for (size_t k = 0; k < c->n_notes; ++k) {
        fprintf(stderr, "clustersim %s: note: %s\n", command, c->notes[k]);
    }
}

void csim_cli_analysis_destroy(csim_cli_analysis_opts *o) {
    for (size_t k = 0; k < o->n_lists; ++k) {
        free(o->lists[k]);
    }
    memset(o, 0, sizeof *o);
}
