/* Tables (named columns of equal length, rows appended in batches and held in memory up
 * to one chunk) and ragged elements (a table whose rows are snapshots one after another,
 * plus the (offset, count) series that says where each snapshot is): sim/h5_series.h. */
#include "sim/h5_series.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hdf5.h>

#include "sim/h5_internal.h"

/* ------------------------------------------------------------------------------------ */
/* Tables                                                                               */
/* ------------------------------------------------------------------------------------ */

/* Append `n` rows of every column (columns[c] holds column c's rows) after the rows in
 * the file; the caller updates the row counts. */
static csim_status write_columns(csim_h5_table *t, uint64_t n, const void *const *columns) {
    csim_status st = CSIM_OK;
    for (size_t c = 0; c < t->n_cols && n > 0; ++c) {
        char what[32];
        snprintf(what, sizeof what, "column %zu", c);
        CSIM_TRY(csim_h5__append_rows(t->cols[c], t->widths[c] > 1 ? 2 : 1, &t->widths[c],
                                      t->n_file, n, csim_h5__mem_type(t->types[c]), columns[c],
                                      t->label, what));
    }
cleanup:
    return st;
}

static csim_status table_write_buffer(csim_h5_table *t) {
    csim_status st = CSIM_OK;
    CSIM_TRY(write_columns(t, t->n_rows - t->n_file, (const void *const *) t->buf));
    t->n_file = t->n_rows;
cleanup:
    return st;
}

csim_status csim_h5_table_flush(csim_h5_table *t) {
    if (!t || !t->cols || !t->label || !t->pending.file) {
        return CSIM_OK;
    }
    return table_write_buffer(t);
}

static csim_status table_flush_pending(csim_h5__pending *p) {
    return csim_h5_table_flush((csim_h5_table *) (void *) p);
}

void csim_h5_table_close(csim_h5_table *t) {
    if (!t) {
        return;
    }
    if (t->pending.file && csim_h5_table_flush(t) != CSIM_OK) {
        csim_h5__defer_failure(t->pending.file);
    }
    csim_h5__pending_remove(&t->pending);
    if (t->cols) {
        for (size_t c = t->n_cols; c-- > 0;) {
            csim_h5__close(&t->cols[c]);
        }
    }
    if (t->buf) {
        for (size_t c = 0; c < t->n_cols; ++c) {
            free(t->buf[c]);
        }
    }
    free(t->buf);
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
    if (!(t->label = csim_h5__label(f, path))) {
        return CSIM_FAIL(CSIM_ENOMEM, "label of table '%s'", path);
    }
    t->cols = malloc(n_cols * sizeof *t->cols);
    t->types = malloc(n_cols * sizeof *t->types);
    t->widths = malloc(n_cols * sizeof *t->widths);
    t->buf = calloc(n_cols, sizeof *t->buf);
    if (!t->cols || !t->types || !t->widths || !t->buf) {
        st = CSIM_FAIL(CSIM_ENOMEM, "%s: %zu columns", t->label, n_cols);
        goto cleanup;
    }
    for (size_t c = 0; c < n_cols; ++c) {
        t->cols[c] = H5I_INVALID_HID;
    }
    t->n_cols = n_cols;
    t->buf_cap = SIZE_MAX;
    CSIM_TRY(csim_h5_group_create(f, path));
    for (size_t c = 0; c < n_cols; ++c) {
        const csim_h5_column *col = &cols[c];
        if (!col->name || col->name[0] == '\0' || strchr(col->name, '/') ||
            !csim_h5__type_known(col->type) || (col->n_names > 0 && !col->names)) {
            st = CSIM_FAIL(CSIM_EINVAL, "%s: column %zu has no name, a '/' in it, a bad type or "
                                        "NULL names", t->label, c);
            goto cleanup;
        }
        if (!csim_h5__join(sub, sizeof sub, path, col->name)) {
            st = CSIM_FAIL(CSIM_EINVAL, "%s: column path '%s' too long", t->label, col->name);
            goto cleanup;
        }
        t->types[c] = col->type;
        t->widths[c] = col->width > 1 ? (uint64_t) col->width : 1;
        csim_h5__dset_spec ds;
        memset(&ds, 0, sizeof ds);
        ds.type = col->type;
        ds.rank = col->width > 1 ? 2 : 1;
        ds.dims[1] = t->widths[c];
        ds.unlimited[0] = true;
        ds.raw = col->raw;
        ds.unit = col->unit;
        CSIM_TRY(csim_h5__dataset_create_ex(f, sub, &ds, &t->cols[c]));
        if (col->n_names > 0) {
            CSIM_TRY(csim_h5_attr_write_strings(f, sub, "names", col->names, col->n_names));
        }
        /* Rows held in memory: one chunk of the column with the fewest rows per chunk. */
        uint64_t chunk[3] = {1, 1, 1};
        csim_h5__chunk_dims(ds.rank, ds.dims, csim_h5_type_size(col->type), chunk);
        if ((size_t) chunk[0] < t->buf_cap) {
            t->buf_cap = (size_t) chunk[0];
        }
    }
    for (size_t c = 0; c < n_cols; ++c) {
        const size_t bytes = t->buf_cap * (size_t) t->widths[c] * csim_h5_type_size(t->types[c]);
        if (!(t->buf[c] = malloc(bytes > 0 ? bytes : 1))) {
            st = CSIM_FAIL(CSIM_ENOMEM, "%s: buffer of %zu rows", t->label, t->buf_cap);
            goto cleanup;
        }
    }
    t->pending.flush = table_flush_pending;
    csim_h5__pending_add(f, &t->pending);

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
    if (!t->pending.file) {
        return CSIM_FAIL(CSIM_EINVAL, "append to %s: its file is committed or aborted",
                         t->label);
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
    const size_t held = (size_t) (t->n_rows - t->n_file);
    if (held + n > t->buf_cap) {
        CSIM_TRY(table_write_buffer(t));
    }
    if (n >= t->buf_cap) {
        /* A batch of a chunk or more goes straight to the file. */
        CSIM_TRY(write_columns(t, (uint64_t) n, columns));
        t->n_rows += (uint64_t) n;
        t->n_file = t->n_rows;
        goto cleanup;
    }
    const size_t at = (size_t) (t->n_rows - t->n_file);
    for (size_t c = 0; c < t->n_cols; ++c) {
        const size_t row_bytes = (size_t) t->widths[c] * csim_h5_type_size(t->types[c]);
        memcpy(t->buf[c] + at * row_bytes, columns[c], n * row_bytes);
    }
    t->n_rows += (uint64_t) n;

cleanup:
    return st;
}

/* ------------------------------------------------------------------------------------ */
/* Ragged elements                                                                      */
/* ------------------------------------------------------------------------------------ */

csim_status csim_h5_ragged_flush(csim_h5_ragged *r) {
    csim_status st = CSIM_OK;
    if (!r) {
        return CSIM_OK;
    }
    CSIM_TRY(csim_h5_table_flush(&r->items));
    CSIM_TRY(csim_h5_series_flush(&r->snapshot));
cleanup:
    return st;
}

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
    return csim_h5_ragged_open_hint(r, f, path, cols, n_cols, time_unit, clock, 0);
}

csim_status csim_h5_ragged_open_hint(csim_h5_ragged *r, csim_h5_file *f, const char *path,
                                     const csim_h5_column *cols, size_t n_cols,
                                     const char *time_unit, const csim_h5_series *clock,
                                     size_t snapshots_hint) {
    csim_status st = CSIM_OK;
    char sub[CSIM_H5_PATH_MAX];

    memset(r, 0, sizeof *r);
    r->snapshot.group = r->snapshot.value = H5I_INVALID_HID;
    if (!path || !csim_h5__join(sub, sizeof sub, path, "snapshot")) {
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
        .rows_hint = snapshots_hint,
    };
    CSIM_TRY(csim_h5_series_open(&r->snapshot, f, sub, &spec));
    (void) csim_h5__join(sub, sizeof sub, path, "snapshot/value");
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

    if (!r || !csim_h5__series_is_open(&r->snapshot) || !r->items.cols) {
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
