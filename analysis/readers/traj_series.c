#define _POSIX_C_SOURCE 200809L

#include "analysis/readers/traj_series.h"

#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/readers/policy_events.h"
#include "analysis/readers/trajectory_file.h"
#include "sim/format/format_read.h"
#include "sim/str_copy.h"

/* Split "name[component]" into name and component (component "" when absent). */
static csim_status split_spec(const char *path, const char *spec, char *name, size_t name_size,
                              char *comp, size_t comp_size) {
    const char *open = strchr(spec, '[');
    const size_t len = open ? (size_t) (open - spec) : strlen(spec);
    bool ok = len > 0 && len < name_size;
    for (size_t i = 0; ok && i < len; ++i) {
        ok = islower((unsigned char) spec[i]) || isdigit((unsigned char) spec[i]) || spec[i] == '_';
    }
    comp[0] = '\0';
    if (ok && open) {
        const char *close = strchr(open, ']');
        const size_t clen = close ? (size_t) (close - open - 1) : 0;
        ok = close && close[1] == '\0' && clen > 0 && clen < comp_size;
        if (ok) {
            memcpy(comp, open + 1, clen);
            comp[clen] = '\0';
        }
    }
    if (!ok) {
        return csim_fail_plain(CSIM_EINVAL, "%s: '%s' is not an observable name (name or "
                                            "name[component])", path, spec);
    }
    memcpy(name, spec, len);
    name[len] = '\0';
    return CSIM_OK;
}

/* Fail with a clear message when observable `name` is not in the file. */
static csim_status check_exists(const csim_h5_reader *r, const char *name) {
    char path[600];
    snprintf(path, sizeof path, CSIM_FMT_OBSERVABLES "/%s/value", name);
    return csim_h5_read_require(r, path, "no observable '%s' (%s is missing; `clustersim "
                                         "inspect` lists the observables)", name, path);
}

/* Read the clock of the observables: n_steps and the absolute month of step 0, checking
 * that the steps are consecutive months. */
static csim_status read_clock(const csim_h5_reader *r, const char *name, csim_traj_series *t) {
    csim_status st = CSIM_OK;
    csim_h5_array time = {0};
    char path[512];

    snprintf(path, sizeof path, CSIM_FMT_OBSERVABLES "/%s/time", name);
    CSIM_TRY(csim_h5_read_array(r, path, CSIM_H5_DOUBLE, &time));
    if (time.rank != 1 || time.n == 0) {
        st = csim_fail_plain(CSIM_EINVAL, "%s: %s is not a non-empty 1-D series", r->path, path);
        goto cleanup;
    }
    const double *tv = time.data;
    t->n_steps = time.n;
    if (!isfinite(tv[0]) || fabs(tv[0]) > 1e6) {
        st = csim_fail_plain(CSIM_EINVAL, "%s: %s starts at %g, not a year", r->path, path, tv[0]);
        goto cleanup;
    }
    t->first_month = (int64_t) llround(tv[0] * 12.0);
    for (size_t k = 0; k < time.n; ++k) {
        /* Months are whole twelfths of a year; a tolerance of a tenth of a month covers the
         * rounding of start_year + step / 12 in double. */
        const double want = (double) (t->first_month + (int64_t) k) / 12.0;
        if (!(fabs(tv[k] - want) < 0.1 / 12.0)) {
            st = csim_fail_plain(CSIM_EINVAL, "%s: %s is not monthly (row %zu is %g, expected "
                                              "%g)", r->path, path, k, tv[k], want);
            goto cleanup;
        }
    }

cleanup:
    csim_h5_array_destroy(&time);
    return st;
}

/* String attribute `attr` of `path`, or "" when the file has none (files written before
 * the attribute existed are still read). */
static csim_status read_optional_attr(const csim_h5_reader *r, const char *path,
                                      const char *attr, char **value) {
    bool exists = false;
    const csim_status st = csim_h5_read_attr_exists(r, path, attr, &exists);
    if (st != CSIM_OK) {
        return st;
    }
    if (exists) {
        return csim_h5_read_attr_string(r, path, attr, value);
    }
    *value = csim_str_copy("");
    return *value ? CSIM_OK : CSIM_FAIL(CSIM_ENOMEM, "%s: %s@%s", r->path, path, attr);
}

/* Read series `spec` into out[0 .. t->n_steps-1], its unit and its description. */
static csim_status read_one(const csim_h5_reader *r, const char *spec, const csim_traj_series *t,
                            double *out, char **unit, char **description) {
    csim_status st = CSIM_OK;
    csim_h5_array value = {0};
    char **names = NULL;
    size_t n_names = 0;
    char name[256], comp[256], path[600];

    CSIM_TRY(split_spec(r->path, spec, name, sizeof name, comp, sizeof comp));
    CSIM_TRY(check_exists(r, name));
    snprintf(path, sizeof path, CSIM_FMT_OBSERVABLES "/%s/value", name);
    CSIM_TRY(csim_h5_read_array(r, path, CSIM_H5_DOUBLE, &value));
    const size_t width = value.rank == 2 ? value.dims[1] : 1;
    if ((value.rank != 1 && value.rank != 2) || value.dims[0] != t->n_steps || width == 0) {
        st = csim_fail_plain(CSIM_EINVAL, "%s: %s has %zu rows (%zu axes); the clock has %zu "
                                          "months (a truncated or foreign file?)",
                             r->path, path, value.dims[0], value.rank, t->n_steps);
        goto cleanup;
    }
    size_t column = 0;
    if (comp[0] != '\0') {
        char names_path[600];
        snprintf(names_path, sizeof names_path, CSIM_FMT_OBSERVABLES "/%s/names", name);
        if (width < 2) {
            st = csim_fail_plain(CSIM_EINVAL, "%s: '%s' is a scalar observable; it has no "
                                              "component '%s'", r->path, name, comp);
            goto cleanup;
        }
        CSIM_TRY(csim_h5_read_strings(r, names_path, &names, &n_names));
        column = n_names;
        for (size_t c = 0; c < n_names; ++c) {
            if (strcmp(names[c], comp) == 0) {
                column = c;
            }
        }
        if (column >= n_names || column >= width) {
            st = csim_fail_plain(CSIM_EINVAL, "%s: observable '%s' has no component '%s' (see "
                                              "%s)", r->path, name, comp, names_path);
            goto cleanup;
        }
    } else if (width != 1) {
        st = csim_fail_plain(CSIM_EINVAL, "%s: '%s' is a vector of %zu; name a component, e.g. "
                                          "%s[...]", r->path, name, width, name);
        goto cleanup;
    }
    const double *v = value.data;
    for (size_t k = 0; k < t->n_steps; ++k) {
        out[k] = v[k * width + column];
    }
    /* H5MD's layout: the unit is on the value dataset, the description on the group. */
    CSIM_TRY(read_optional_attr(r, path, "unit", unit));
    snprintf(path, sizeof path, CSIM_FMT_OBSERVABLES "/%s", name);
    CSIM_TRY(read_optional_attr(r, path, "description", description));

cleanup:
    csim_str_list_free(names, n_names);
    csim_h5_array_destroy(&value);
    return st;
}

csim_status csim_traj_series_read(csim_traj_series *t, const char *path,
                                  const char *const *specs, size_t n_specs) {
    csim_status st = CSIM_OK;
    csim_h5_reader r = {0};
    csim_h5_array rep = {0}, seed = {0};
    char first[256], comp[256];

    memset(t, 0, sizeof *t);
    t->path = csim_str_copy(path);
    if (!t->path) {
        return CSIM_FAIL(CSIM_ENOMEM, "path %s", path);
    }
    CSIM_TRY(csim_h5_reader_open(&r, path));
    CSIM_TRY(csim_trajectory_file_check(&r));
    CSIM_TRY(csim_h5_read_attr_num(&r, CSIM_FMT_PARAMETERS, CSIM_FMT_ATTR_REPLICATE,
                                   CSIM_H5_INT64, &rep));
    CSIM_TRY(csim_h5_read_attr_num(&r, CSIM_FMT_PARAMETERS, CSIM_FMT_ATTR_SEED, CSIM_H5_INT64,
                                   &seed));
    if (rep.n != 1 || seed.n != 1) {
        st = csim_fail_plain(CSIM_EINVAL, "%s: /parameters@replicate and @seed must be single "
                                          "numbers", path);
        goto cleanup;
    }
    t->replicate = ((const int64_t *) rep.data)[0];
    t->seed = ((const int64_t *) seed.data)[0];
    CSIM_TRY(csim_h5_read_attr_string(&r, CSIM_FMT_PARAMETERS, CSIM_FMT_ATTR_STREAM_KEY,
                                      &t->stream_key));
    CSIM_TRY(csim_h5_read_text(&r, CSIM_FMT_PARAMETERS "/resolved_yaml", &t->resolved_yaml));
    t->funding_end = csim_traj_funding_end(t->resolved_yaml);

    /* All observables share one clock (hard links); take it from the first series asked,
     * or from employment when none is. */
    CSIM_TRY(split_spec(path, n_specs > 0 ? specs[0] : "employment", first, sizeof first, comp,
                        sizeof comp));
    CSIM_TRY(check_exists(&r, first));
    CSIM_TRY(read_clock(&r, first, t));
    if (n_specs > 0) {
        t->specs = calloc(n_specs, sizeof *t->specs);
        t->units = calloc(n_specs, sizeof *t->units);
        t->descriptions = calloc(n_specs, sizeof *t->descriptions);
        t->values = malloc(n_specs * t->n_steps * sizeof *t->values);
        if (!t->specs || !t->units || !t->descriptions || !t->values) {
            st = CSIM_FAIL(CSIM_ENOMEM, "%s: %zu series", path, n_specs);
            goto cleanup;
        }
    }
    for (size_t s = 0; s < n_specs; ++s) {
        t->specs[s] = csim_str_copy(specs[s]);
        if (!t->specs[s]) {
            st = CSIM_FAIL(CSIM_ENOMEM, "%s: series names", path);
            goto cleanup;
        }
        t->n_series = s + 1;
        CSIM_TRY(read_one(&r, specs[s], t, t->values + s * t->n_steps, &t->units[s],
                          &t->descriptions[s]));
    }

cleanup:
    csim_h5_array_destroy(&seed);
    csim_h5_array_destroy(&rep);
    csim_h5_reader_close(&r);
    if (st != CSIM_OK) {
        csim_traj_series_destroy(t);
    }
    return st;
}

const double *csim_traj_series_get(const csim_traj_series *t, const char *spec) {
    for (size_t s = 0; s < t->n_series; ++s) {
        if (strcmp(t->specs[s], spec) == 0) {
            return t->values + s * t->n_steps;
        }
    }
    return NULL;
}

void csim_traj_series_destroy(csim_traj_series *t) {
    csim_str_list_free(t->specs, t->n_series);
    csim_str_list_free(t->units, t->n_series);
    csim_str_list_free(t->descriptions, t->n_series);
    free(t->values);
    free(t->stream_key);
    free(t->resolved_yaml);
    free(t->path);
    memset(t, 0, sizeof *t);
}

int csim_traj_funding_end(const char *resolved_yaml) {
    int years[CSIM_POLICY_MAX_SCHEDULE];
    double budget[CSIM_POLICY_MAX_SCHEDULE];
    const size_t n = csim_policy_schedule(resolved_yaml, "policy.budget", years, budget,
                                          CSIM_POLICY_MAX_SCHEDULE);
    bool was_positive = false;
    for (size_t k = 0; k < n; ++k) {
        if (budget[k] > 0.0) {
            was_positive = true;
        } else if (was_positive && years[k] > 0) {
            return years[k];
        }
    }
    return 0; /* no programme, one that never stops, or a constant budget (year 0) */
}
