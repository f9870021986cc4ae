#include "sim/h5_series.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hdf5.h>

_Static_assert(sizeof(hid_t) == sizeof(int64_t), "hid_t must be int64_t (HDF5 >= 1.10)");
_Static_assert(sizeof(hsize_t) == sizeof(uint64_t), "hsize_t must be 64 bits");

/* ------------------------------------------------------------------------------------ */
/* Helpers                                                                              */
/* ------------------------------------------------------------------------------------ */

static hid_t mem_type(csim_h5_type type) {
    return type == CSIM_H5_DOUBLE ? H5T_NATIVE_DOUBLE : H5T_NATIVE_INT64;
}

static bool type_ok(csim_h5_type type) {
    return type == CSIM_H5_DOUBLE || type == CSIM_H5_INT64;
}

/* "FILE:PATH", malloc'd, for error messages; NULL when out of memory. */
static char *make_label(const csim_h5_file *f, const char *path) {
    const size_t size = strlen(f->final_path) + strlen(path) + 2;
    char *label = malloc(size);
    if (label) {
        snprintf(label, size, "%s:%s", f->final_path, path);
    }
    return label;
}

/* path + "/" + child into buf; false when it does not fit. */
static bool join(char *buf, const char *path, const char *child) {
    const int n = snprintf(buf, CSIM_H5_PATH_MAX, "%s/%s", path, child);
    return n > 0 && n < CSIM_H5_PATH_MAX;
}

/* Current length of the first axis of `dset`. */
static csim_status rows_of(hid_t dset, const char *label, const char *what, hsize_t *rows) {
    csim_status st = CSIM_OK;
    hid_t space = H5I_INVALID_HID;
    hsize_t dims[H5S_MAX_RANK];

    if ((space = H5Dget_space(dset)) < 0 || H5Sget_simple_extent_dims(space, dims, NULL) < 1) {
        st = CSIM_H5__FAIL("%s: extent of '%s'", label, what);
        goto cleanup;
    }
    *rows = dims[0];

cleanup:
    if (space >= 0) {
        H5Sclose(space);
    }
    return st;
}

/*
 * Append `n` rows to the extendible dataset `dset` of `rank` axes, whose rows have the
 * extents row_dims[0 .. rank-2]; `old` is its current length. One extent change, one
 * hyperslab write; both dataspaces are closed before returning, so a loop of appends
 * holds none open (OUTPUT.md: close every dataspace inside write loops).
 */
static csim_status append_rows(hid_t dset, size_t rank, const uint64_t *row_dims, hsize_t old,
                               hsize_t n, hid_t mtype, const void *buf, const char *label,
                               const char *what) {
    csim_status st = CSIM_OK;
    hid_t fspace = H5I_INVALID_HID, mspace = H5I_INVALID_HID;
    hsize_t size[3] = {old + n, 1, 1}, start[3] = {old, 0, 0}, count[3] = {n, 1, 1};

    if (n == 0) {
        return CSIM_OK;
    }
    for (size_t i = 1; i < rank; ++i) {
        size[i] = count[i] = (hsize_t) row_dims[i - 1];
    }
    if (H5Dset_extent(dset, size) < 0 || (fspace = H5Dget_space(dset)) < 0 ||
        H5Sselect_hyperslab(fspace, H5S_SELECT_SET, start, NULL, count, NULL) < 0 ||
        (mspace = H5Screate_simple((int) rank, count, NULL)) < 0 ||
        H5Dwrite(dset, mtype, mspace, fspace, H5P_DEFAULT, buf) < 0) {
        st = CSIM_H5__FAIL("%s: appending rows %llu..%llu to '%s'", label,
                           (unsigned long long) old, (unsigned long long) (old + n - 1), what);
        goto cleanup;
    }

cleanup:
    if (mspace >= 0) {
        H5Sclose(mspace);
    }
    if (fspace >= 0) {
        H5Sclose(fspace);
    }
    return st;
}

/* Read element `row` of the 1-D dataset `dset` into `out` (memory type `mtype`). */
static csim_status read_one(hid_t dset, hsize_t row, hid_t mtype, void *out, const char *label,
                            const char *what) {
    csim_status st = CSIM_OK;
    hid_t fspace = H5I_INVALID_HID, mspace = H5I_INVALID_HID;
    const hsize_t start[1] = {row}, count[1] = {1};

    if ((fspace = H5Dget_space(dset)) < 0 ||
        H5Sselect_hyperslab(fspace, H5S_SELECT_SET, start, NULL, count, NULL) < 0 ||
        (mspace = H5Screate_simple(1, count, NULL)) < 0 ||
        H5Dread(dset, mtype, mspace, fspace, H5P_DEFAULT, out) < 0) {
        st = CSIM_H5__FAIL("%s: reading row %llu of '%s'", label, (unsigned long long) row, what);
        goto cleanup;
    }

cleanup:
    if (mspace >= 0) {
        H5Sclose(mspace);
    }
    if (fspace >= 0) {
        H5Sclose(fspace);
    }
    return st;
}

/* ------------------------------------------------------------------------------------ */
/* Elements                                                                             */
/* ------------------------------------------------------------------------------------ */

static bool series_is_open(const csim_h5_series *s) {
    return s && s->group > 0 && s->value > 0 && s->step > 0 && s->time > 0 && s->label;
}

void csim_h5_series_close(csim_h5_series *s) {
    if (!s) {
        return;
    }
    csim_h5__close(&s->value);
    csim_h5__close(&s->time);
    csim_h5__close(&s->step);
    csim_h5__close(&s->group);
    free(s->label);
    memset(s, 0, sizeof *s);
    s->group = s->step = s->time = s->value = H5I_INVALID_HID;
}

/* Give the new element the clock of `clock`: hard links to the very same datasets, so a
 * reader sees ordinary `step`/`time` datasets in each element (H5MD). */
static csim_status share_clock(csim_h5_series *s, const csim_h5_series *clock) {
    csim_status st = CSIM_OK;
    hsize_t rows = 0;

    if (!series_is_open(clock)) {
        return CSIM_FAIL(CSIM_EINVAL, "%s: the element to share a clock with is not open",
                         s->label);
    }
    CSIM_TRY(rows_of((hid_t) clock->step, clock->label, "step", &rows));
    if (rows != 0) {
        /* value row i must mean step row i: a late element would be shifted. */
        st = CSIM_FAIL(CSIM_EINVAL, "%s: clock of %s has %llu rows already; open every "
                                    "element sharing a clock before the first append",
                       s->label, clock->label, (unsigned long long) rows);
        goto cleanup;
    }
    if (H5Lcreate_hard((hid_t) clock->group, "step", (hid_t) s->group, "step", H5P_DEFAULT,
                       H5P_DEFAULT) < 0 ||
        H5Lcreate_hard((hid_t) clock->group, "time", (hid_t) s->group, "time", H5P_DEFAULT,
                       H5P_DEFAULT) < 0) {
        st = CSIM_H5__FAIL("%s: hard links to the step/time of %s", s->label, clock->label);
        goto cleanup;
    }
    if ((s->step = H5Dopen2((hid_t) s->group, "step", H5P_DEFAULT)) < 0 ||
        (s->time = H5Dopen2((hid_t) s->group, "time", H5P_DEFAULT)) < 0) {
        st = CSIM_H5__FAIL("%s: opening shared step/time", s->label);
        goto cleanup;
    }

cleanup:
    return st;
}

csim_status csim_h5_series_open(csim_h5_series *s, csim_h5_file *f, const char *path,
                                const csim_h5_series_spec *spec) {
    csim_status st = CSIM_OK;
    char sub[CSIM_H5_PATH_MAX];
    bool exists = false;

    memset(s, 0, sizeof *s);
    s->group = s->step = s->time = s->value = H5I_INVALID_HID;
    if (!f || f->id <= 0 || !f->final_path || !path || !spec) {
        return CSIM_FAIL(CSIM_EINVAL, "element '%s': file not open or NULL argument",
                         path ? path : "(null)");
    }
    if (strlen(path) + 10 > CSIM_H5_PATH_MAX || path[0] != '/' || path[1] == '\0') {
        return CSIM_FAIL(CSIM_EINVAL, "%s: element path '%s' is not absolute or too long",
                         f->final_path, path);
    }
    if (!(s->label = make_label(f, path))) {
        return CSIM_FAIL(CSIM_ENOMEM, "label of element '%s'", path);
    }
    if (!type_ok(spec->type) || spec->rank > 2) {
        st = CSIM_FAIL(CSIM_EINVAL, "%s: type %d or rank %zu not supported", s->label,
                       (int) spec->type, spec->rank);
        goto cleanup;
    }
    s->type = spec->type;
    s->rank = spec->rank;
    s->dims[0] = s->dims[1] = 1;
    for (size_t i = 0; i < spec->rank; ++i) {
        if (spec->dims[i] == 0) {
            st = CSIM_FAIL(CSIM_EINVAL, "%s: row extent %zu is 0", s->label, i);
            goto cleanup;
        }
        s->dims[i] = (uint64_t) spec->dims[i];
    }
    if (!spec->clock && !spec->time_unit) {
        st = CSIM_FAIL(CSIM_EINVAL, "%s: time_unit is required for an element with its own "
                                    "clock", s->label);
        goto cleanup;
    }
    if (spec->n_names > 0 && !spec->names) {
        st = CSIM_FAIL(CSIM_EINVAL, "%s: %zu names announced, none given", s->label,
                       spec->n_names);
        goto cleanup;
    }
    CSIM_TRY(csim_h5__exists(f->id, path, &exists));
    if (exists) {
        st = CSIM_FAIL(CSIM_EINVAL, "%s: element exists already", s->label);
        goto cleanup;
    }
    CSIM_TRY(csim_h5_group_create(f, path));
    if ((s->group = H5Gopen2((hid_t) f->id, path, H5P_DEFAULT)) < 0) {
        st = CSIM_H5__FAIL("%s: opening element group", s->label);
        goto cleanup;
    }

    if (spec->clock) {
        CSIM_TRY(share_clock(s, spec->clock));
    } else {
        const uint64_t none[1] = {0};
        if (!join(sub, path, "step")) {
            st = CSIM_FAIL(CSIM_EINVAL, "%s: path too long", s->label);
            goto cleanup;
        }
        CSIM_TRY(csim_h5__dataset_create(f, sub, CSIM_H5_INT64, 1, none, true, NULL, &s->step));
        (void) join(sub, path, "time");
        CSIM_TRY(csim_h5__dataset_create(f, sub, CSIM_H5_DOUBLE, 1, none, true, spec->time_unit,
                                         &s->time));
    }

    /* value: [variable] x row shape, extendible along time. */
    const uint64_t vdims[3] = {0, s->dims[0], s->dims[1]};
    (void) join(sub, path, "value");
    CSIM_TRY(csim_h5__dataset_create(f, sub, s->type, s->rank + 1, vdims, true, spec->unit,
                                     &s->value));
    if (spec->n_names > 0) {
        (void) join(sub, path, "names");
        CSIM_TRY(csim_h5_dataset_write_strings(f, sub, spec->names, spec->n_names));
    }

cleanup:
    if (st != CSIM_OK) {
        csim_h5_series_close(s);
    }
    return st;
}

/* Write step/time of row s->n_rows, or check them when an element sharing the clock has
 * already written that row. */
static csim_status clock_tick(csim_h5_series *s, int64_t step, double time) {
    csim_status st = CSIM_OK;
    hsize_t rows = 0;
    const uint64_t no_dims[1] = {1};

    CSIM_TRY(rows_of((hid_t) s->step, s->label, "step", &rows));
    if (rows == s->n_rows) {
        CSIM_TRY(append_rows((hid_t) s->step, 1, no_dims, rows, 1, H5T_NATIVE_INT64, &step,
                             s->label, "step"));
        CSIM_TRY(append_rows((hid_t) s->time, 1, no_dims, rows, 1, H5T_NATIVE_DOUBLE, &time,
                             s->label, "time"));
    } else if (rows > s->n_rows) {
        int64_t had_step = 0;
        double had_time = 0.0;
        CSIM_TRY(read_one((hid_t) s->step, s->n_rows, H5T_NATIVE_INT64, &had_step, s->label,
                          "step"));
        CSIM_TRY(read_one((hid_t) s->time, s->n_rows, H5T_NATIVE_DOUBLE, &had_time, s->label,
                          "time"));
        /* Bitwise: the same clock value gives the same bits; NaN == NaN here. */
        if (had_step != step || memcmp(&had_time, &time, sizeof time) != 0) {
            st = CSIM_FAIL(CSIM_EINVAL, "%s: row %llu sampled at step %lld time %g, but the "
                                        "shared clock has step %lld time %g there",
                           s->label, (unsigned long long) s->n_rows, (long long) step, time,
                           (long long) had_step, had_time);
            goto cleanup;
        }
    } else {
        st = CSIM_FAIL(CSIM_EINTERNAL, "%s: clock has %llu rows, value %llu", s->label,
                       (unsigned long long) rows, (unsigned long long) s->n_rows);
        goto cleanup;
    }

cleanup:
    return st;
}

csim_status csim_h5_series_append(csim_h5_series *s, int64_t step, double time,
                                  const void *row) {
    csim_status st = CSIM_OK;

    if (!series_is_open(s) || !row) {
        return CSIM_FAIL(CSIM_EINVAL, "append to %s: element not open or NULL row",
                         s && s->label ? s->label : "(closed element)");
    }
    if (s->n_rows > 0 && step <= s->last_step) {
        return CSIM_FAIL(CSIM_EINVAL, "%s: step %lld after step %lld (steps must increase)",
                         s->label, (long long) step, (long long) s->last_step);
    }
    CSIM_TRY(clock_tick(s, step, time));
    CSIM_TRY(append_rows((hid_t) s->value, s->rank + 1, s->dims, (hsize_t) s->n_rows, 1,
                         mem_type(s->type), row, s->label, "value"));
    s->n_rows++;
    s->last_step = step;

cleanup:
    return st;
}

/* ------------------------------------------------------------------------------------ */
/* Tables                                                                               */
/* ------------------------------------------------------------------------------------ */

void csim_h5_table_close(csim_h5_table *t) {
    if (!t) {
        return;
    }
    if (t->cols) {
        for (size_t c = t->n_cols; c-- > 0;) {
            csim_h5__close(&t->cols[c]);
        }
    }
    free(t->cols);
    free(t->types);
    free(t->widths);
    free(t->label);
    memset(t, 0, sizeof *t);
}

csim_status csim_h5_table_open(csim_h5_table *t, csim_h5_file *f, const char *path,
                               const csim_h5_column *cols, size_t n_cols) {
    csim_status st = CSIM_OK;
    char sub[CSIM_H5_PATH_MAX];

    memset(t, 0, sizeof *t);
    if (!f || f->id <= 0 || !f->final_path || !path || !cols || n_cols == 0) {
        return CSIM_FAIL(CSIM_EINVAL, "table '%s': file not open, NULL argument or no column",
                         path ? path : "(null)");
    }
    if (!(t->label = make_label(f, path))) {
        return CSIM_FAIL(CSIM_ENOMEM, "label of table '%s'", path);
    }
    t->cols = malloc(n_cols * sizeof *t->cols);
    t->types = malloc(n_cols * sizeof *t->types);
    t->widths = malloc(n_cols * sizeof *t->widths);
    if (!t->cols || !t->types || !t->widths) {
        st = CSIM_FAIL(CSIM_ENOMEM, "%s: %zu columns", t->label, n_cols);
        goto cleanup;
    }
    for (size_t c = 0; c < n_cols; ++c) {
        t->cols[c] = H5I_INVALID_HID;
    }
    t->n_cols = n_cols;
    CSIM_TRY(csim_h5_group_create(f, path));
    for (size_t c = 0; c < n_cols; ++c) {
        const csim_h5_column *col = &cols[c];
        if (!col->name || col->name[0] == '\0' || strchr(col->name, '/') || !type_ok(col->type) ||
            (col->n_names > 0 && !col->names)) {
            st = CSIM_FAIL(CSIM_EINVAL, "%s: column %zu has no name, a '/' in it, a bad type or "
                                        "NULL names", t->label, c);
            goto cleanup;
        }
        if (!join(sub, path, col->name)) {
            st = CSIM_FAIL(CSIM_EINVAL, "%s: column path '%s' too long", t->label, col->name);
            goto cleanup;
        }
        t->types[c] = col->type;
        t->widths[c] = col->width > 1 ? (uint64_t) col->width : 1;
        const uint64_t dims[2] = {0, t->widths[c]};
        CSIM_TRY(csim_h5__dataset_create(f, sub, col->type, col->width > 1 ? 2 : 1, dims, true,
                                         col->unit, &t->cols[c]));
        if (col->n_names > 0) {
            CSIM_TRY(csim_h5_attr_write_strings(f, sub, "names", col->names, col->n_names));
        }
    }

cleanup:
    if (st != CSIM_OK) {
        csim_h5_table_close(t);
    }
    return st;
}

csim_status csim_h5_table_append(csim_h5_table *t, size_t n, const void *const *columns) {
    csim_status st = CSIM_OK;

    if (!t || !t->cols || !t->label) {
        return CSIM_FAIL(CSIM_EINVAL, "append to %s: table not open",
                         t && t->label ? t->label : "(closed table)");
    }
    if (n == 0) {
        return CSIM_OK; /* `columns` may then be NULL: an empty snapshot has no data */
    }
    if (!columns) {
        return CSIM_FAIL(CSIM_EINVAL, "%s: NULL columns for %zu rows", t->label, n);
    }
    for (size_t c = 0; c < t->n_cols; ++c) {
        if (!columns[c]) {
            return CSIM_FAIL(CSIM_EINVAL, "%s: column %zu is NULL", t->label, c);
        }
    }
    for (size_t c = 0; c < t->n_cols; ++c) {
        char what[32];
        snprintf(what, sizeof what, "column %zu", c);
        CSIM_TRY(append_rows((hid_t) t->cols[c], t->widths[c] > 1 ? 2 : 1, &t->widths[c],
                             (hsize_t) t->n_rows, (hsize_t) n, mem_type(t->types[c]),
                             columns[c], t->label, what));
    }
    t->n_rows += (uint64_t) n;

cleanup:
    return st;
}

/* ------------------------------------------------------------------------------------ */
/* Ragged elements                                                                      */
/* ------------------------------------------------------------------------------------ */

void csim_h5_ragged_close(csim_h5_ragged *r) {
    if (!r) {
        return;
    }
    csim_h5_series_close(&r->snapshot);
    csim_h5_table_close(&r->items);
}

csim_status csim_h5_ragged_open(csim_h5_ragged *r, csim_h5_file *f, const char *path,
                                const csim_h5_column *cols, size_t n_cols,
                                const char *time_unit, const csim_h5_series *clock) {
    csim_status st = CSIM_OK;
    char sub[CSIM_H5_PATH_MAX];

    memset(r, 0, sizeof *r);
    r->snapshot.group = r->snapshot.step = r->snapshot.time = r->snapshot.value =
        H5I_INVALID_HID;
    if (!path || !join(sub, path, "snapshot")) {
        return CSIM_FAIL(CSIM_EINVAL, "ragged element '%s': NULL or too long path",
                         path ? path : "(null)");
    }
    CSIM_TRY(csim_h5_table_open(&r->items, f, path, cols, n_cols));
    const csim_h5_series_spec spec = {
        .type = CSIM_H5_INT64,
        .rank = 1,
        .dims = {2, 0},
        .unit = NULL,
        .time_unit = time_unit,
        .clock = clock,
    };
    CSIM_TRY(csim_h5_series_open(&r->snapshot, f, sub, &spec));
    (void) join(sub, path, "snapshot/value");
    /* The layout explains itself to someone who has only h5dump. */
    CSIM_TRY(csim_h5_attr_write_string(
        f, sub, "description",
        "row i = (offset, count): snapshot i is rows offset .. offset+count-1 of the "
        "datasets of the parent group (CF contiguous ragged array)"));

cleanup:
    if (st != CSIM_OK) {
        csim_h5_ragged_close(r);
    }
    return st;
}

csim_status csim_h5_ragged_append(csim_h5_ragged *r, int64_t step, double time, size_t n,
                                  const void *const *columns) {
    csim_status st = CSIM_OK;

    if (!r || !series_is_open(&r->snapshot) || !r->items.cols) {
        return CSIM_FAIL(CSIM_EINVAL, "append to a ragged element that is not open");
    }
    if (r->snapshot.n_rows > 0 && step <= r->snapshot.last_step) {
        /* Checked before the columns grow, so that a refused call changes nothing. */
        return CSIM_FAIL(CSIM_EINVAL, "%s: step %lld after step %lld (steps must increase)",
                         r->snapshot.label, (long long) step,
                         (long long) r->snapshot.last_step);
    }
    const int64_t index[2] = {(int64_t) r->items.n_rows, (int64_t) n};
    CSIM_TRY(csim_h5_table_append(&r->items, n, columns));
    CSIM_TRY(csim_h5_series_append(&r->snapshot, step, time, index));

cleanup:
    return st;
}
