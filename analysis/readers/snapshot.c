/*
 * Reading one snapshot of a ragged element (the CF "contiguous ragged array" of
 * docs/OUTPUT.md) through sim/h5_read.h: locate the step in `snapshot/step`, take its
 * (offset, count) from `snapshot/value`, and read only those rows of every column.
 */
#include "analysis/readers/snapshot.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/str_copy.h"

/* Longest object path built here ("/connectivity/collaboration/snapshot/value"). */
#define PATH_MAX_LEN 512

static csim_status join(char *buf, size_t size, const char *group, const char *name) {
    const int n = snprintf(buf, size, "%s/%s", group, name);
    if (n < 0 || (size_t) n >= size) {
        return CSIM_FAIL(CSIM_EINVAL, "object path '%s/%s' too long", group, name);
    }
    return CSIM_OK;
}

/* The 1-D increasing step dataset `element`/`clock`. */
static csim_status read_steps(const csim_h5_reader *r, const char *element, const char *clock,
                              csim_h5_array *steps) {
    csim_status st = CSIM_OK;
    char path[PATH_MAX_LEN];

    memset(steps, 0, sizeof *steps);
    CSIM_TRY(join(path, sizeof path, element, clock));
    CSIM_TRY(csim_h5_read_array(r, path, CSIM_H5_INT64, steps));
    if (steps->rank != 1) {
        st = CSIM_FAIL(CSIM_EINVAL, "%s: '%s' should be 1-D, it has %zu axes", r->path, path,
                       steps->rank);
        goto cleanup;
    }
    /* Steps must increase: the lookup below and every reader (h5py users too) rely on it. */
    const int64_t *s = steps->data;
    for (size_t i = 1; i < steps->n; ++i) {
        if (s[i] <= s[i - 1]) {
            st = CSIM_FAIL(CSIM_EINVAL, "%s: '%s' does not increase (step %lld after %lld)",
                           r->path, path, (long long) s[i], (long long) s[i - 1]);
            goto cleanup;
        }
    }

cleanup:
    if (st != CSIM_OK) {
        csim_h5_array_destroy(steps);
    }
    return st;
}

csim_status csim_snapshot_steps(const csim_h5_reader *r, const char *element,
                                csim_h5_array *steps) {
    return read_steps(r, element, "snapshot/step", steps);
}

csim_status csim_particles_steps(const csim_h5_reader *r, const char *group,
                                 csim_h5_array *steps) {
    return read_steps(r, group, "id/step", steps);
}

/* "2002-2004, 2006": the increasing years `y` as ranges, elided with "..." past `size`. */
static void years_text(const long long *y, size_t n, char *buf, size_t size) {
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j + 1 < n && y[j + 1] == y[j] + 1) {
            ++j;
        }
        char item[64];
        const char *sep = i > 0 ? ", " : "";
        const int len = j > i ? snprintf(item, sizeof item, "%s%lld-%lld", sep, y[i], y[j])
                              : snprintf(item, sizeof item, "%s%lld", sep, y[i]);
        if (used + (size_t) len + 6 > size) {
            snprintf(buf + used, size - used, ", ...");
            return;
        }
        memcpy(buf + used, item, (size_t) len + 1);
        used += (size_t) len;
        i = j + 1;
    }
}

csim_status csim_snapshot_step_of_year(const csim_h5_reader *r, const char *element,
                                       long long year, int64_t *step) {
    csim_status st = CSIM_OK;
    char path[PATH_MAX_LEN];
    csim_h5_array steps = {0}, times = {0};
    long long *years = NULL;

    CSIM_TRY(csim_snapshot_steps(r, element, &steps));
    CSIM_TRY(join(path, sizeof path, element, "snapshot/time"));
    CSIM_TRY(csim_h5_read_array(r, path, CSIM_H5_DOUBLE, &times));
    if (times.rank != 1 || times.n != steps.n) {
        st = CSIM_FAIL(CSIM_EINVAL, "%s: '%s' should hold one time per snapshot step (%zu), it "
                                    "has %zu values", r->path, path, steps.n, times.n);
        goto cleanup;
    }
    const int64_t *s = steps.data;
    const double *t = times.data;
    size_t n_years = 0;
    if (steps.n > 0 && !(years = malloc(steps.n * sizeof *years))) {
        st = CSIM_FAIL(CSIM_ENOMEM, "years of %zu snapshots", steps.n);
        goto cleanup;
    }
    bool found = false;
    for (size_t k = 0; k < steps.n; ++k) {
        if (!isfinite(t[k]) || fabs(t[k]) > 1e9) {
            st = CSIM_FAIL(CSIM_EINVAL, "%s: '%s' holds a time that is not a year (%g)", r->path,
                           path, t[k]);
            goto cleanup;
        }
        const long long y = (long long) floor(t[k]);
        if (y == year) {
            *step = s[k]; /* the last one of the year wins */
            found = true;
        }
        if (n_years == 0 || years[n_years - 1] != y) {
            years[n_years++] = y;
        }
    }
    if (!found) {
        char list[256] = "none";
        if (n_years > 0) {
            years_text(years, n_years, list, sizeof list);
        }
        st = CSIM_FAIL(CSIM_EINVAL, "%s: no snapshot in year %lld; years with a snapshot "
                                    "(the last one of each is used): %s", r->path, year, list);
    }

cleanup:
    free(years);
    csim_h5_array_destroy(&times);
    csim_h5_array_destroy(&steps);
    return st;
}

void csim_snapshot_steps_text(const csim_h5_array *steps, char *buf, size_t size) {
    if (size == 0) {
        return;
    }
    buf[0] = '\0';
    if (!steps || steps->n == 0 || !steps->data) {
        snprintf(buf, size, "none");
        return;
    }
    const int64_t *s = steps->data;
    size_t used = 0;
    for (size_t i = 0; i < steps->n; ++i) {
        char item[32];
        const int len = snprintf(item, sizeof item, "%s%lld", i > 0 ? ", " : "", (long long) s[i]);
        /* Keep room for ", ..." after every item but the last, so that a cut list says so. */
        const size_t need = (size_t) len + (i + 1 < steps->n ? 5 : 0) + 1;
        if (used + need > size) {
            snprintf(buf + used, size - used, "%s", used > 0 ? ", ..." : "...");
            return;
        }
        memcpy(buf + used, item, (size_t) len + 1);
        used += (size_t) len;
    }
}

/* The value names of the dataset `path` (its `names` attribute, when it has one) into
 * `col`. */
static csim_status read_value_names(const csim_h5_reader *r, const char *path,
                                    csim_snapshot_column *col) {
    csim_status st = CSIM_OK;
    bool has_names = false;

    CSIM_TRY(csim_h5_read_attr_exists(r, path, "names", &has_names));
    if (has_names) {
        CSIM_TRY(csim_h5_read_attr_strings(r, path, "names", &col->names, &col->n_names));
    }

cleanup:
    return st;
}

/* Free what a column owns and zero it: a partly read column, or one of a snapshot's. */
static void column_destroy(csim_snapshot_column *col) {
    free(col->name);
    free(col->data);
    csim_str_list_free(col->names, col->n_names);
    memset(col, 0, sizeof *col);
}

/* Read the column dataset `name` of `element`, rows first .. first + count - 1. */
static csim_status read_column(const csim_h5_reader *r, const char *element, const char *name,
                               size_t first, size_t count, csim_snapshot_column *col) {
    csim_status st = CSIM_OK;
    char path[PATH_MAX_LEN];
    csim_h5_info info;
    csim_h5_array rows = {0};

    memset(col, 0, sizeof *col);
    CSIM_TRY(join(path, sizeof path, element, name));
    CSIM_TRY(csim_h5_read_info(r, path, &info));
    if (info.kind != CSIM_H5_KIND_DATASET ||
        (info.cls != CSIM_H5_CLASS_INTEGER && info.cls != CSIM_H5_CLASS_FLOAT) ||
        info.rank < 1 || info.rank > 2) {
        st = CSIM_FAIL(CSIM_EINVAL, "%s: '%s' is not a numeric column of 1 or 2 axes", r->path,
                       path);
        goto cleanup;
    }
    const csim_h5_type type = info.cls == CSIM_H5_CLASS_INTEGER ? CSIM_H5_INT64 : CSIM_H5_DOUBLE;
    CSIM_TRY(csim_h5_read_rows(r, path, type, first, count, &rows));
    CSIM_TRY(read_value_names(r, path, col));
    col->name = malloc(strlen(name) + 1);
    if (!col->name) {
        st = CSIM_FAIL(CSIM_ENOMEM, "column name '%s'", name);
        goto cleanup;
    }
    strcpy(col->name, name);
    col->type = type;
    col->width = info.rank == 2 ? info.dims[1] : 1;
    col->data = rows.data;
    rows.data = NULL;

cleanup:
    csim_h5_array_destroy(&rows);
    if (st != CSIM_OK) {
        column_destroy(col);
    }
    return st;
}

/* Whether `name` of `element` is a column to read when the caller asked for all of them:
 * integer or float datasets of rank 1 or 2 (string datasets and groups are skipped). */
static csim_status is_column(const csim_h5_reader *r, const char *element, const char *name,
                             bool *yes) {
    csim_status st = CSIM_OK;
    char path[PATH_MAX_LEN];
    csim_h5_info info;

    *yes = false;
    if (strcmp(name, "snapshot") == 0) {
        return CSIM_OK;
    }
    CSIM_TRY(join(path, sizeof path, element, name));
    CSIM_TRY(csim_h5_read_info(r, path, &info));
    *yes = info.kind == CSIM_H5_KIND_DATASET &&
           (info.cls == CSIM_H5_CLASS_INTEGER || info.cls == CSIM_H5_CLASS_FLOAT) &&
           info.rank >= 1 && info.rank <= 2;

cleanup:
    return st;
}

/* The position `*k` of `step` among the snapshot steps of `where` (an element or a
 * particle group); the message lists the steps there are when it is not one of them. */
static csim_status find_step(const csim_h5_reader *r, const char *where,
                             const csim_h5_array *steps, int64_t step, size_t *k) {
    const int64_t *s = steps->data;
    size_t i = 0;
    while (i < steps->n && s[i] != step) {
        ++i;
    }
    if (i == steps->n) {
        char list[512];
        csim_snapshot_steps_text(steps, list, sizeof list);
        return CSIM_FAIL(CSIM_EINVAL, "%s: no snapshot of %s at step %lld; snapshot steps: %s",
                         r->path, where, (long long) step, list);
    }
    *k = i;
    return CSIM_OK;
}

/* Snapshot `k` (of `n_steps`) is `step`: record both and its time, read from the dataset
 * `clock` of `where` (one time per step: an element's "snapshot/time", a particle
 * group's "id/time"). */
static csim_status read_step_time(const csim_h5_reader *r, const char *where, const char *clock,
                                  size_t n_steps, int64_t step, size_t k, csim_snapshot *snap) {
    csim_status st = CSIM_OK;
    char path[PATH_MAX_LEN];
    csim_h5_array times = {0};

    CSIM_TRY(join(path, sizeof path, where, clock));
    CSIM_TRY(csim_h5_read_array(r, path, CSIM_H5_DOUBLE, &times));
    if (times.n != n_steps) {
        st = CSIM_FAIL(CSIM_EINVAL, "%s: '%s' has %zu entries for %zu steps", r->path, path,
                       times.n, n_steps);
        goto cleanup;
    }
    snap->step = step;
    snap->time = ((const double *) times.data)[k];
    snap->index = k;

cleanup:
    csim_h5_array_destroy(&times);
    return st;
}

/* Whether child `name` of `where` is a column to read (is_column, is_particle_column). */
typedef csim_status (*column_test)(const csim_h5_reader *r, const char *where, const char *name,
                                   bool *yes);

/* The children of `where` in name order (`*children`, `*n_children`, the caller frees them
 * whatever happens), those that `test` accepts moved to the front, keeping their order:
 * `*n_kept` of them. */
static csim_status list_columns(const csim_h5_reader *r, const char *where, column_test test,
                                char ***children, size_t *n_children, size_t *n_kept) {
    csim_status st = CSIM_OK;

    *n_kept = 0;
    CSIM_TRY(csim_h5_read_children(r, where, children, n_children));
    char **child = *children;
    size_t kept = 0;
    for (size_t i = 0; i < *n_children; ++i) {
        bool yes = false;
        CSIM_TRY(test(r, where, child[i], &yes));
        if (yes) {
            char *keep = child[i];
            child[i] = child[kept];
            child[kept++] = keep;
        }
    }
    *n_kept = kept;

cleanup:
    return st;
}

/* Find `step` among the snapshot steps and return its index, time and (offset, count). */
static csim_status locate(const csim_h5_reader *r, const char *element, int64_t step,
                          csim_snapshot *snap, size_t *offset) {
    csim_status st = CSIM_OK;
    char path[PATH_MAX_LEN];
    csim_h5_array steps = {0}, where = {0};

    CSIM_TRY(csim_snapshot_steps(r, element, &steps));
    size_t k = 0;
    CSIM_TRY(find_step(r, element, &steps, step, &k));
    CSIM_TRY(join(path, sizeof path, element, "snapshot/value"));
    CSIM_TRY(csim_h5_read_array(r, path, CSIM_H5_INT64, &where));
    if (where.rank != 2 || where.dims[1] != 2 || where.dims[0] != steps.n) {
        st = CSIM_FAIL(CSIM_EINVAL, "%s: '%s' should be [%zu][2] (offset, count)", r->path, path,
                       steps.n);
        goto cleanup;
    }
    const int64_t off = ((const int64_t *) where.data)[2 * k];
    const int64_t cnt = ((const int64_t *) where.data)[2 * k + 1];
    if (off < 0 || cnt < 0) {
        st = CSIM_FAIL(CSIM_EINVAL, "%s: '%s' row %zu holds (%lld, %lld), not an (offset, count)",
                       r->path, path, k, (long long) off, (long long) cnt);
        goto cleanup;
    }
    CSIM_TRY(read_step_time(r, element, "snapshot/time", steps.n, step, k, snap));
    snap->n_rows = (size_t) cnt;
    *offset = (size_t) off;

cleanup:
    csim_h5_array_destroy(&where);
    csim_h5_array_destroy(&steps);
    return st;
}

csim_status csim_snapshot_read(csim_snapshot *snap, const csim_h5_reader *r, const char *element,
                               int64_t step, const char *const *only, size_t n_only) {
    csim_status st = CSIM_OK;
    char **children = NULL;
    size_t n_children = 0, offset = 0;

    memset(snap, 0, sizeof *snap);
    if (!r || !element || (n_only > 0 && !only)) {
        return CSIM_FAIL(CSIM_EINVAL, "reading a snapshot: NULL argument");
    }
    CSIM_TRY(locate(r, element, step, snap, &offset));
    const char *const *names = only;
    size_t n_names = n_only;
    if (!only) {
        /* Every column, in name order: keep only the numeric datasets. */
        CSIM_TRY(list_columns(r, element, is_column, &children, &n_children, &n_names));
        names = (const char *const *) children;
    }
    snap->cols = calloc(n_names > 0 ? n_names : 1, sizeof *snap->cols);
    if (!snap->cols) {
        st = CSIM_FAIL(CSIM_ENOMEM, "%zu columns of %s", n_names, element);
        goto cleanup;
    }
    for (size_t c = 0; c < n_names; ++c) {
        CSIM_TRY(read_column(r, element, names[c], offset, snap->n_rows, &snap->cols[c]));
        snap->n_cols = c + 1;
    }

cleanup:
    csim_str_list_free(children, n_children);
    if (st != CSIM_OK) {
        csim_snapshot_destroy(snap);
    }
    return st;
}

/* ---------------------------------------------------------------------------------- */
/* Particle groups                                                                     */
/* ---------------------------------------------------------------------------------- */

/* Position of `step` among the group's snapshot steps, and its time. */
static csim_status particles_locate(const csim_h5_reader *r, const char *group, int64_t step,
                                    csim_snapshot *snap) {
    csim_status st = CSIM_OK;
    csim_h5_array steps = {0};

    CSIM_TRY(csim_particles_steps(r, group, &steps));
    size_t k = 0;
    CSIM_TRY(find_step(r, group, &steps, step, &k));
    CSIM_TRY(read_step_time(r, group, "id/time", steps.n, step, k, snap));

cleanup:
    csim_h5_array_destroy(&steps);
    return st;
}

/* Whether `name` of `group` is a column of its snapshots: an element (a group holding a
 * `value` dataset) or a time-independent dataset (a variable fixed for each agent). */
static csim_status is_particle_column(const csim_h5_reader *r, const char *group,
                                      const char *name, bool *yes) {
    csim_status st = CSIM_OK;
    char path[PATH_MAX_LEN], value[PATH_MAX_LEN];
    csim_h5_info info;

    *yes = false;
    CSIM_TRY(join(path, sizeof path, group, name));
    CSIM_TRY(csim_h5_read_info(r, path, &info));
    if (info.kind == CSIM_H5_KIND_DATASET) {
        *yes = info.cls == CSIM_H5_CLASS_INTEGER || info.cls == CSIM_H5_CLASS_FLOAT;
        goto cleanup;
    }
    if (info.kind != CSIM_H5_KIND_GROUP) {
        goto cleanup;
    }
    CSIM_TRY(join(value, sizeof value, path, "value"));
    CSIM_TRY(csim_h5_read_exists(r, value, yes));

cleanup:
    return st;
}

/*
 * Column `name` of snapshot `k`, kept at the `n_keep` indices `keep` (all < n_agents),
 * into `col`: row k of an element, whose value must be [S][n_agents] or [S][n_agents][w]
 * numbers, or a time-independent dataset [n_agents] or [n_agents][w] (every snapshot's).
 */
static csim_status read_element_row(const csim_h5_reader *r, const char *group,
                                    const char *name, size_t k, size_t n_steps,
                                    size_t n_agents, const size_t *keep, size_t n_keep,
                                    csim_snapshot_column *col) {
    csim_status st = CSIM_OK;
    char elem[PATH_MAX_LEN], path[PATH_MAX_LEN];
    csim_h5_info info;
    csim_h5_array row = {0};

    memset(col, 0, sizeof *col);
    CSIM_TRY(join(elem, sizeof elem, group, name));
    CSIM_TRY(csim_h5_read_info(r, elem, &info));
    const bool fixed = info.kind == CSIM_H5_KIND_DATASET;
    if (fixed) {
        strcpy(path, elem);
    } else {
        CSIM_TRY(join(path, sizeof path, elem, "value"));
        CSIM_TRY(csim_h5_read_info(r, path, &info));
    }
    /* The agent axis: axis 1 of an element's value, axis 0 of a fixed dataset. */
    const size_t a = fixed ? 0 : 1;
    const bool numbers = info.kind == CSIM_H5_KIND_DATASET &&
                         (info.cls == CSIM_H5_CLASS_INTEGER || info.cls == CSIM_H5_CLASS_FLOAT);
    if (!numbers || info.rank < a + 1 || info.rank > a + 2 || (!fixed && info.dims[0] != n_steps) ||
        info.dims[a] != n_agents || (info.rank == a + 2 && info.dims[a + 1] == 0)) {
        if (fixed) {
            st = CSIM_FAIL(CSIM_EINVAL, "%s: '%s' should be numbers of shape [%zu] or "
                                        "[%zu][k], one entry per index of '%s/id/value'",
                           r->path, path, n_agents, n_agents, group);
        } else {
            st = CSIM_FAIL(CSIM_EINVAL, "%s: '%s' should be numbers of shape [%zu][%zu] or "
                                        "[%zu][%zu][k], like '%s/id/value'",
                           r->path, path, n_steps, n_agents, n_steps, n_agents, group);
        }
        goto cleanup;
    }
    const csim_h5_type type = info.cls == CSIM_H5_CLASS_INTEGER ? CSIM_H5_INT64 : CSIM_H5_DOUBLE;
    const size_t width = info.rank == a + 2 ? info.dims[a + 1] : 1;
    if (fixed) {
        CSIM_TRY(csim_h5_read_rows(r, path, type, 0, n_agents, &row));
    } else {
        CSIM_TRY(csim_h5_read_rows(r, path, type, k, 1, &row));
    }
    CSIM_TRY(read_value_names(r, path, col));
    col->name = malloc(strlen(name) + 1);
    col->data = malloc((n_keep * width > 0 ? n_keep * width : 1) * 8);
    if (!col->name || !col->data) {
        st = CSIM_FAIL(CSIM_ENOMEM, "column '%s' of %zu rows", name, n_keep);
        goto cleanup;
    }
    strcpy(col->name, name);
    col->type = type;
    col->width = width;
    /* Values are 8 bytes whatever the type (int64 or double). */
    for (size_t i = 0; i < n_keep; ++i) {
        memcpy((char *) col->data + 8 * i * width, (const char *) row.data + 8 * keep[i] * width,
               8 * width);
    }

cleanup:
    csim_h5_array_destroy(&row);
    if (st != CSIM_OK) {
        column_destroy(col);
    }
    return st;
}

csim_status csim_particles_read(csim_snapshot *snap, const csim_h5_reader *r, const char *group,
                                int64_t step, const char *const *only, size_t n_only) {
    csim_status st = CSIM_OK;
    char path[PATH_MAX_LEN];
    char **children = NULL;
    size_t n_children = 0, *keep = NULL;
    csim_h5_array ids = {0};
    csim_h5_info info;

    memset(snap, 0, sizeof *snap);
    if (!r || !group || (n_only > 0 && !only)) {
        return CSIM_FAIL(CSIM_EINVAL, "reading a particle snapshot: NULL argument");
    }
    CSIM_TRY(particles_locate(r, group, step, snap));
    CSIM_TRY(join(path, sizeof path, group, "id/value"));
    CSIM_TRY(csim_h5_read_info(r, path, &info));
    if (info.kind != CSIM_H5_KIND_DATASET || info.cls != CSIM_H5_CLASS_INTEGER ||
        info.rank != 2 || info.dims[0] <= snap->index) {
        st = CSIM_FAIL(CSIM_EINVAL, "%s: '%s' should be integers of shape [S][N] with a row "
                                    "per snapshot step", r->path, path);
        goto cleanup;
    }
    const size_t n_steps = info.dims[0], n_agents = info.dims[1];
    CSIM_TRY(csim_h5_read_rows(r, path, CSIM_H5_INT64, snap->index, 1, &ids));
    keep = malloc((n_agents > 0 ? n_agents : 1) * sizeof *keep);
    if (!keep) {
        st = CSIM_FAIL(CSIM_ENOMEM, "%zu agents of %s", n_agents, group);
        goto cleanup;
    }
    const int64_t *id = ids.data;
    size_t n_keep = 0;
    for (size_t j = 0; j < n_agents; ++j) {
        if (id[j] >= 0) {
            keep[n_keep++] = j;
        }
    }
    snap->n_rows = n_keep;

    /* The elements to read: `id` and those asked for, or every element in name order. */
    const char *const *names = only;
    size_t n_names = n_only;
    if (!only) {
        CSIM_TRY(list_columns(r, group, is_particle_column, &children, &n_children, &n_names));
        names = (const char *const *) children;
    }
    bool has_id = false;
    for (size_t c = 0; c < n_names; ++c) {
        has_id = has_id || strcmp(names[c], "id") == 0;
    }
    snap->cols = calloc(n_names + 1, sizeof *snap->cols);
    if (!snap->cols) {
        st = CSIM_FAIL(CSIM_ENOMEM, "%zu columns of %s", n_names, group);
        goto cleanup;
    }
    if (!has_id) {
        CSIM_TRY(read_element_row(r, group, "id", snap->index, n_steps, n_agents, keep, n_keep,
                                  &snap->cols[0]));
        snap->n_cols = 1;
    }
    for (size_t c = 0; c < n_names; ++c) {
        CSIM_TRY(read_element_row(r, group, names[c], snap->index, n_steps, n_agents, keep,
                                  n_keep, &snap->cols[snap->n_cols]));
        snap->n_cols++;
    }

cleanup:
    free(keep);
    csim_h5_array_destroy(&ids);
    csim_str_list_free(children, n_children);
    if (st != CSIM_OK) {
        csim_snapshot_destroy(snap);
    }
    return st;
}

const csim_snapshot_column *csim_snapshot_find(const csim_snapshot *snap, const char *name) {
    for (size_t c = 0; c < snap->n_cols; ++c) {
        if (strcmp(snap->cols[c].name, name) == 0) {
            return &snap->cols[c];
        }
    }
    return NULL;
}

double csim_snapshot_value(const csim_snapshot_column *col, size_t row, size_t j) {
    const size_t k = row * col->width + j;
    return col->type == CSIM_H5_INT64 ? (double) ((const int64_t *) col->data)[k]
                                      : ((const double *) col->data)[k];
}

const char *csim_snapshot_label(const csim_snapshot_column *col, size_t row) {
    if (!col->names || col->width != 1 || col->type != CSIM_H5_INT64) {
        return NULL;
    }
    const int64_t v = ((const int64_t *) col->data)[row];
    return v >= 0 && (uint64_t) v < col->n_names ? col->names[v] : NULL;
}

void csim_snapshot_destroy(csim_snapshot *snap) {
    if (!snap) {
        return;
    }
    for (size_t c = 0; c < snap->n_cols; ++c) {
        column_destroy(&snap->cols[c]);
    }
    free(snap->cols);
    memset(snap, 0, sizeof *snap);
}
