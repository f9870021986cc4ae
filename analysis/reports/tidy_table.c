#define _POSIX_C_SOURCE 200809L

#include "analysis/reports/tidy_table.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/reports/comparison_write.h"
#include "analysis/readers/ensemble_read.h"
#include "analysis/readers/traj_series.h"
#include "sim/format/format_read.h"
#include "sim/grow.h"
#include "sim/str_copy.h"
#include "sim/text_out.h"

/* The specs of every observable of the file at `path`: scalars by name, vectors by
 * component (name[component], from their `names` dataset). *specs is a malloc'd array of
 * *n malloc'd strings. */
static csim_status all_specs(const char *path, char ***specs, size_t *n) {
    csim_status st = CSIM_OK;
    csim_h5_reader r = {0};
    char **names = NULL, **comps = NULL;
    size_t n_names = 0, n_comps = 0, count = 0, cap = 0;
    char **out = NULL;

    CSIM_TRY(csim_h5_reader_open(&r, path));
    CSIM_TRY(csim_h5_read_children(&r, CSIM_FMT_OBSERVABLES, &names, &n_names));
    for (size_t i = 0; i < n_names; ++i) {
        char where[600];
        bool vector = false;
        snprintf(where, sizeof where, CSIM_FMT_OBSERVABLES "/%s/names", names[i]);
        CSIM_TRY(csim_h5_read_exists(&r, where, &vector));
        if (vector) {
            CSIM_TRY(csim_h5_read_strings(&r, where, &comps, &n_comps));
        }
        const size_t k_max = vector ? n_comps : 1;
        for (size_t k = 0; k < k_max; ++k) {
            if (csim_grow(&out, &cap, count + 1, sizeof *out) != CSIM_OK) {
                st = CSIM_FAIL(CSIM_ENOMEM, "observable names");
                goto cleanup;
            }
            const size_t len = strlen(names[i]) + (vector ? strlen(comps[k]) + 3 : 1);
            if (!(out[count] = malloc(len))) {
                st = CSIM_FAIL(CSIM_ENOMEM, "observable names");
                goto cleanup;
            }
            snprintf(out[count++], len, vector ? "%s[%s]" : "%s", names[i],
                     vector ? comps[k] : "");
        }
        csim_str_list_free(comps, n_comps);
        comps = NULL;
        n_comps = 0;
    }

cleanup:
    csim_str_list_free(comps, n_comps);
    csim_str_list_free(names, n_names);
    csim_h5_reader_close(&r);
    if (st != CSIM_OK) {
        csim_str_list_free(out, count);
        out = NULL;
        count = 0;
    }
    *specs = out;
    *n = count;
    return st;
}

/* The value of parameter `name` in a resolved scenario text (one "key: value" line per
 * parameter), copied into buf; "" when absent. */
static void resolved_value(const char *yaml, const char *name, char *buf, size_t size) {
    const size_t len = strlen(name);
    buf[0] = '\0';
    for (const char *p = yaml; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
        if (strncmp(p, name, len) == 0 && p[len] == ':' && p[len + 1] == ' ') {
            const char *v = p + len + 2;
            const size_t vlen = strcspn(v, "\n");
            snprintf(buf, size, "%.*s", (int) (vlen < size ? vlen : size - 1), v);
            return;
        }
    }
}

/* Whether step k (absolute month `month`) is kept. */
static bool keep_month(const csim_tidy_options *opt, size_t k, int64_t month) {
    if (opt->every > 1 && k % opt->every != 0) {
        return false;
    }
    if (!opt->years || opt->n_years == 0) {
        return true;
    }
    for (size_t y = 0; y < opt->n_years; ++y) {
        if (month / 12 == opt->years[y]) {
            return true;
        }
    }
    return false;
}

/* The swept parameters' values of task `t`, each a CSV field after a comma (a series
 * value such as "{2003: 0, 2005: 600}" is quoted). */
static void put_params(const csim_ensemble_index *ix, const csim_traj_series *t, FILE *out) {
    for (size_t j = 0; j < ix->n_params; ++j) {
        char value[512];
        resolved_value(t->resolved_yaml, ix->params[j], value, sizeof value);
        fputc(',', out);
        csim_csv_field(out, value);
    }
}

/* The rows of one task; *rows counts them. */
static csim_status write_task(const csim_ensemble_index *ix, const csim_ensemble_index_task *task,
                              const csim_traj_series *t, const csim_tidy_options *opt, FILE *out,
                              size_t *rows) {
    /* The parameter fields are the same on every row of the task: made once. */
    char *params = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&params, &len);
    if (!mem) {
        return CSIM_FAIL(CSIM_ENOMEM, "parameter values of %s", t->path);
    }
    put_params(ix, t, mem);
    if (fclose(mem) != 0 || !params) {
        free(params);
        return CSIM_FAIL(CSIM_ENOMEM, "parameter values of %s", t->path);
    }
    for (size_t k = 0; k < t->n_steps; ++k) {
        const int64_t month = t->first_month + (int64_t) k;
        if (!keep_month(opt, k, month)) {
            continue;
        }
        for (size_t s = 0; s < t->n_series; ++s) {
            csim_csv_field(out, ix->labels[task->point]);
            fprintf(out, ",%lld%s,%.6f,%lld,%lld,", (long long) task->replicate, params,
                    (double) month / 12.0, (long long) (month / 12), (long long) (month % 12 + 1));
            csim_csv_field(out, t->specs[s]);
            const double v = t->values[s * t->n_steps + k];
            if (isfinite(v)) {
                fprintf(out, ",%.17g\n", v);
            } else {
                fputs(",\n", out);
            }
            ++*rows;
        }
    }
    free(params);
    return CSIM_OK;
}

/* Every asked year must be in the run of `t` (all tasks share the clock of their
 * scenario; a year outside the first run is a typo, not a gap). */
static csim_status check_years(const csim_tidy_options *opt, const csim_traj_series *t) {
    const int first = (int) (t->first_month / 12);
    const int last = (int) ((t->first_month + (int64_t) t->n_steps - 1) / 12);
    for (size_t y = 0; opt->years && y < opt->n_years; ++y) {
        if (opt->years[y] < first || opt->years[y] > last) {
            return csim_fail_plain(CSIM_EINVAL, "--years %d is outside the runs, which cover %d "
                                                "to %d", opt->years[y], first, last);
        }
    }
    return CSIM_OK;
}

csim_status csim_tidy_write(const char *dir, const csim_tidy_options *opt, FILE *out,
                            size_t *rows) {
    csim_status st = CSIM_OK;
    csim_ensemble_index ix = {0};
    char **own_specs = NULL;
    size_t n_own = 0;
    csim_traj_series t = {0};
    bool header = false;

    *rows = 0;
    CSIM_TRY(csim_ensemble_index_read(&ix, dir));
    const char *const *specs = opt->observables;
    size_t n_specs = opt->n_observables;
    for (size_t i = 0; i < ix.n_tasks; ++i) {
        const csim_ensemble_index_task *task = &ix.tasks[i];
        if (!task->ok) {
            continue;
        }
        if (!specs || n_specs == 0) {
            CSIM_TRY(all_specs(task->path, &own_specs, &n_own));
            specs = (const char *const *) own_specs;
            n_specs = n_own;
        }
        CSIM_TRY(csim_traj_series_read(&t, task->path, specs, n_specs));
        /* A file copied into another task's slot would be written under the wrong
         * scenario or parameter values: refuse it, as the comparisons do. */
        const csim_ensemble_index_file_id id = {t.replicate, t.seed, t.stream_key, t.resolved_yaml};
        CSIM_TRY(csim_ensemble_index_check_task_file(&ix, task, &id, NULL));
        if (!header) {
            CSIM_TRY(check_years(opt, &t));
            fputs("scenario,replicate", out);
            for (size_t j = 0; j < ix.n_params; ++j) {
                fputc(',', out);
                csim_csv_field(out, ix.params[j]);
            }
            fputs(",time,year,month,observable,value\n", out);
            header = true;
        }
        CSIM_TRY(write_task(&ix, task, &t, opt, out, rows));
        csim_traj_series_destroy(&t);
    }
    if (!header) {
        st = csim_fail_plain(CSIM_EINVAL, "%s: no complete task (status ok) in its index", dir);
    }

cleanup:
    csim_traj_series_destroy(&t);
    csim_str_list_free(own_specs, n_own);
    csim_ensemble_index_destroy(&ix);
    return st;
}
