/* Tables (named columns of equal length, rows appended in batches and written a whole
 * chunk at a time) and ragged elements (a table whose rows are snapshots one after another,
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

/* Rows are written a chunk at a time. The buffer holds the rows of the chunk being
 * filled (rows n_chunked .. n_rows-1); when it is full, every column's chunk is written
 * whole and directly (sim/h5_chunk.c): a compressed column's shuffled and deflated here
 * with the file's one zlib stream, a raw column's as it is. HDF5's chunk
 * cache and filter pipeline are then never used: with them, chunks filled by several
 * appends waited in the cache until the dataset closed, at the end of the run where
 * nothing overlaps them, and were compressed there with a new zlib stream each (the
 * event log alone cost 3.6 ms of a baseline run's 16 ms close). */

/* The shortest chunk a rows hint gives (csim_h5_table_open_hint). */
#define TABLE_MIN_CHUNK_ROWS ((size_t) 64)

/* The table's per-column arrays, each n_cols long (csim_h5_table, sim/h5_series.h):
 * allocated, checked and freed from this one list, so a new one cannot be missed. */
#define TABLE_COLUMN_ARRAYS(X) X(cols) X(types) X(widths) X(compressed) X(buf) X(src)

/* Allocate every per-column array, zeroed; false when any could not be (those that
 * could are kept, for table_arrays_free). */
static bool table_arrays_alloc(csim_h5_table *t, size_t n_cols) {
    bool ok = true;
#define TABLE_ALLOC(field) ok = (t->field = calloc(n_cols, sizeof *t->field)) != NULL && ok;
    TABLE_COLUMN_ARRAYS(TABLE_ALLOC)
#undef TABLE_ALLOC
    return ok;
}

static void table_arrays_free(csim_h5_table *t) {
#define TABLE_FREE(field) free(t->field);
    TABLE_COLUMN_ARRAYS(TABLE_FREE)
#undef TABLE_FREE
}

/* Bytes of one row of column c. */
static size_t row_bytes(const csim_h5_table *t, size_t c) {
    return (size_t) t->widths[c] * csim_h5_type_size(t->types[c]);
}

/* Write rows n_chunked .. n_chunked+rows-1 (rows <= buf_cap) of every column, column c's
 * from src[c], after growing the columns to `extent` rows. */
static csim_status write_chunk_rows(csim_h5_table *t, const void *const *src, size_t rows,
                                    uint64_t extent) {
    csim_status st = CSIM_OK;
    for (size_t c = 0; c < t->n_cols; ++c) {
        char what[32];
        snprintf(what, sizeof what, "column %zu", c);
        const uint64_t w = t->widths[c];
        const size_t rank = w > 1 ? 2 : 1;
        const uint64_t size[2] = {extent, w};
        const uint64_t start[2] = {t->n_chunked, 0};
        if (t->direct) {
            const uint64_t none[2] = {0, 0};
            /* An empty block only grows the extent (a chunk is written inside it). */
            CSIM_TRY(csim_h5__write_block(t->cols[c], rank, size, start, none, 0, NULL,
                                          t->label, what));
            const size_t values = rows * (size_t) w, chunk_values = t->buf_cap * (size_t) w;
            if (t->compressed[c]) {
                CSIM_TRY(csim_h5__write_chunk_deflated(t->pending.file, t->cols[c], rank,
                                                       start, t->types[c], src[c], values,
                                                       chunk_values, t->label));
            } else {
                CSIM_TRY(csim_h5__write_chunk_raw(t->pending.file, t->cols[c], rank, start,
                                                  t->types[c], src[c], values, chunk_values,
                                                  t->label));
            }
        } else {
            const uint64_t count[2] = {rows, w};
            CSIM_TRY(csim_h5__write_block(t->cols[c], rank, size, start, count,
                                          csim_h5__mem_type(t->types[c]), src[c], t->label,
                                          what));
        }
    }
cleanup:
    return st;
}

/* The buffer is a whole chunk: write it, and start the next. */
static csim_status write_full_buffer(csim_h5_table *t) {
    csim_status st = CSIM_OK;
    CSIM_TRY(write_chunk_rows(t, (const void *const *) t->buf, t->buf_cap,
                              t->n_chunked + t->buf_cap));
    t->n_chunked += t->buf_cap;
    t->n_file = t->n_chunked > t->n_file ? t->n_chunked : t->n_file;
cleanup:
    return st;
}

csim_status csim_h5_table_flush(csim_h5_table *t) {
    if (!t || !t->cols || !t->label || !t->pending.file || t->n_file == t->n_rows) {
        return CSIM_OK;
    }
    /* The chunk being filled, padded with fill. Its rows stay in the buffer: should more
     * come, the chunk is written again, whole, when it fills. */
    const csim_status st = write_chunk_rows(t, (const void *const *) t->buf,
                                            (size_t) (t->n_rows - t->n_chunked), t->n_rows);
    if (st == CSIM_OK) {
        t->n_file = t->n_rows;
    }
    return st;
}

static csim_status table_flush_pending(csim_h5__pending *p) {
    return csim_h5_table_flush((csim_h5_table *) (void *) p);
}

void csim_h5_table_close(csim_h5_table *t) {
    if (!t) {
        return;
    }
    csim_h5__pending_close(&t->pending);
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
    table_arrays_free(t);
    free(t->label);
    memset(t, 0, sizeof *t);
}

/* Whether the dataset `d` (a hid_t) has filters: csim_h5__dataset_create_ex() decides
 * (raw columns and chunks under CSIM_H5__SMALL_CHUNK have none). */
static csim_status has_filters(int64_t d, const char *label, bool *yes) {
    hid_t dcpl = H5Dget_create_plist((hid_t) d);
    const int n = dcpl >= 0 ? H5Pget_nfilters(dcpl) : -1;
    csim_h5__close(&dcpl);
    if (n < 0) {
        return CSIM_H5__FAIL("%s: filters of a column", label);
    }
    *yes = n > 0;
    return CSIM_OK;
}

csim_status csim_h5_table_open(csim_h5_table *t, csim_h5_file *f, const char *path,
                               const csim_h5_column *cols, size_t n_cols) {
    return csim_h5_table_open_hint(t, f, path, cols, n_cols, 0);
}

csim_status csim_h5_table_open_hint(csim_h5_table *t, csim_h5_file *f, const char *path,
                                    const csim_h5_column *cols, size_t n_cols,
                                    size_t rows_hint) {
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
    if (!table_arrays_alloc(t, n_cols)) {
        st = CSIM_FAIL(CSIM_ENOMEM, "%s: %zu columns", t->label, n_cols);
        goto cleanup;
    }
    for (size_t c = 0; c < n_cols; ++c) {
        t->cols[c] = H5I_INVALID_HID;
    }
    t->n_cols = n_cols;
    /* One chunk length for every column: the rows of the column with the fewest rows per
     * ~64 KiB chunk. A chunk of rows is then one chunk of each column. */
    t->buf_cap = SIZE_MAX;
    for (size_t c = 0; c < n_cols; ++c) {
        const csim_h5_column *col = &cols[c];
        if (!col->name || col->name[0] == '\0' || strchr(col->name, '/') ||
            !csim_h5__type_known(col->type) || (col->n_names > 0 && !col->names)) {
            st = CSIM_FAIL(CSIM_EINVAL, "%s: column %zu has no name, a '/' in it, a bad type or "
                                        "NULL names", t->label, c);
            goto cleanup;
        }
        t->types[c] = col->type;
        t->widths[c] = col->width > 1 ? (uint64_t) col->width : 1;
        const uint64_t dims[2] = {0, t->widths[c]};
        uint64_t chunk[3] = {1, 1, 1};
        csim_h5__chunk_dims(col->width > 1 ? 2 : 1, dims, csim_h5_type_size(col->type), chunk);
        if ((size_t) chunk[0] < t->buf_cap) {
            t->buf_cap = (size_t) chunk[0];
        }
    }
    /* A raw chunk is stored whole: a table expected to stay short gets chunks of about
     * its length, not of 64 KiB (a dozen institutions would otherwise take 64 KiB of file
     * per floating-point column). */
    if (rows_hint > 0) {
        const size_t cap = rows_hint > TABLE_MIN_CHUNK_ROWS ? rows_hint : TABLE_MIN_CHUNK_ROWS;
        t->buf_cap = cap < t->buf_cap ? cap : t->buf_cap;
    }
    CSIM_TRY(csim_h5_group_create(f, path));
    /* Chunks written directly are in the file's byte order, little-endian: on a big-endian
     * machine HDF5 (with its conversion) writes them instead. */
    const uint16_t probe = 1;
    t->direct = *(const uint8_t *) &probe == 1;
    for (size_t c = 0; c < n_cols; ++c) {
        const csim_h5_column *col = &cols[c];
        if (!csim_h5__join(sub, sizeof sub, path, col->name)) {
            st = CSIM_FAIL(CSIM_EINVAL, "%s: column path '%s' too long", t->label, col->name);
            goto cleanup;
        }
        csim_h5__dset_spec ds;
        memset(&ds, 0, sizeof ds);
        ds.type = col->type;
        ds.rank = col->width > 1 ? 2 : 1;
        ds.dims[1] = t->widths[c];
        ds.unlimited[0] = true;
        ds.chunk[0] = t->buf_cap;
        ds.chunk[1] = t->widths[c];
        ds.raw = col->raw;
        ds.write_through = true; /* every chunk is written whole, once it is complete */
        ds.unit = col->unit;
        CSIM_TRY(csim_h5__dataset_create_ex(f, sub, &ds, &t->cols[c]));
        if (col->n_names > 0) {
            CSIM_TRY(csim_h5_attr_write_strings(f, sub, "names", col->names, col->n_names));
        }
        if (col->description) {
            CSIM_TRY(csim_h5__attr_strings_new(f, t->cols[c], sub, "description",
                                               &col->description, 0));
        }
        bool filtered = false;
        CSIM_TRY(has_filters(t->cols[c], t->label, &filtered));
        t->compressed[c] = filtered;
        if (!(t->buf[c] = malloc(t->buf_cap * row_bytes(t, c)))) {
            st = CSIM_FAIL(CSIM_ENOMEM, "%s: buffer of %zu rows", t->label, t->buf_cap);
            goto cleanup;
        }
    }
    csim_h5__pending_add(f, &t->pending, table_flush_pending);

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
    const size_t chunk = t->buf_cap;
    size_t done = 0;
    while (done < n) {
        const size_t held = (size_t) (t->n_rows - t->n_chunked);
        if (held == 0 && n - done >= chunk) {
            /* A whole chunk straight from the caller's columns. */
            for (size_t c = 0; c < t->n_cols; ++c) {
                t->src[c] = (const char *) columns[c] + done * row_bytes(t, c);
            }
            CSIM_TRY(write_chunk_rows(t, t->src, chunk, t->n_chunked + chunk));
            t->n_rows += chunk;
            t->n_chunked = t->n_rows;
            t->n_file = t->n_rows;
            done += chunk;
            continue;
        }
        const size_t take = chunk - held < n - done ? chunk - held : n - done;
        for (size_t c = 0; c < t->n_cols; ++c) {
            const size_t rb = row_bytes(t, c);
            memcpy(t->buf[c] + held * rb, (const char *) columns[c] + done * rb, take * rb);
        }
        t->n_rows += take;
        done += take;
        if (held + take == chunk) {
            CSIM_TRY(write_full_buffer(t));
        }
    }

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
