/* H5MD time-dependent elements (sim/h5_series.h); their shared step/time clocks are
 * sim/h5_clock.c, tables and ragged elements sim/h5_table.c. */
#include "sim/h5_series.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hdf5.h>

#include "sim/h5_clock.h"
#include "sim/h5_internal.h"

_Static_assert(sizeof(hid_t) == sizeof(int64_t), "hid_t must be int64_t (HDF5 >= 1.10)");
_Static_assert(sizeof(hsize_t) == sizeof(uint64_t), "hsize_t must be 64 bits");

/* ------------------------------------------------------------------------------------ */
/* Elements                                                                             */
/* ------------------------------------------------------------------------------------ */

bool csim_h5__series_is_open(const csim_h5_series *s) {
    return s && s->group > 0 && s->value > 0 && s->clock && s->label;
}

static size_t row_values(const csim_h5_series *s) {
    return (size_t) (s->dims[0] * s->dims[1]);
}

/* Set `count` values of `type` to the fill value: NaN, or -1 (every byte 0xff, at any
 * integer width). */
static void fill_values(void *p, csim_h5_type type, size_t count) {
    if (type == CSIM_H5_DOUBLE) {
        double *d = p;
        for (size_t i = 0; i < count; ++i) {
            d[i] = (double) NAN;
        }
    } else {
        memset(p, 0xff, count * csim_h5_type_size(type));
    }
}

/* Bytes of one agent's entry of a growing element (k values). */
static size_t agent_bytes(const csim_h5_series *s) {
    return (size_t) s->dims[1] * csim_h5_type_size(s->type);
}

static csim_status series_write_buffer(csim_h5_series *s) {
    csim_status st = CSIM_OK;
    const hsize_t n = (hsize_t) (s->n_rows - s->n_file);
    if (s->grow) {
        /* Held rows of a small growing element: one block [n][hold_width][k], padded with
         * fill, written by one call (the dataset grows to it here). */
        if (n > 0) {
            const uint64_t size[3] = {s->n_rows, s->dims[0], s->dims[1]};
            const uint64_t start[3] = {s->n_file, 0, 0};
            const uint64_t count[3] = {n, s->hold_width, s->dims[1]};
            CSIM_TRY(csim_h5__write_block(s->value, s->rank + 1, size, start, count,
                                          csim_h5__mem_type(s->type), s->buf, s->label,
                                          "value"));
            s->n_file = s->n_rows;
            s->hold_width = 0;
        }
        goto cleanup;
    }
    if (n > 0) {
        CSIM_TRY(csim_h5__append_rows(s->value, s->rank + 1, s->dims, (hsize_t) s->n_file, n,
                             (hid_t) csim_h5__mem_type(s->type), s->buf, s->label, "value"));
        s->n_file = s->n_rows;
    }
cleanup:
    return st;
}

csim_status csim_h5_series_flush(csim_h5_series *s) {
    csim_status st = CSIM_OK;
    if (!csim_h5__series_is_open(s) || !s->pending.file) {
        return CSIM_OK;
    }
    CSIM_TRY(series_write_buffer(s));
    CSIM_TRY(csim_h5__clock_flush(s->clock));
cleanup:
    return st;
}

static csim_status series_flush_pending(csim_h5__pending *p) {
    /* `pending` is the first member: the element starts where it does. */
    return csim_h5_series_flush((csim_h5_series *) (void *) p);
}

void csim_h5_series_close(csim_h5_series *s) {
    if (!s) {
        return;
    }
    csim_h5_file *file = s->pending.file;
    csim_h5__pending_close(&s->pending);
    csim_h5__clock_release(&s->clock, file);
    csim_h5__close(&s->value);
    csim_h5__close(&s->group);
    free(s->buf);
    free(s->label);
    memset(s, 0, sizeof *s);
    s->group = s->value = H5I_INVALID_HID;
}

/*
 * Chunk extent along a growing agent axis. A first row under 16 KiB is one chunk (a small
 * population: ten institutions get a chunk of ten); larger ones get about a quarter of
 * the first row, up to 1 MiB. A row then spans a few chunks at any scale, and the unused
 * tail of its last chunk (fill, stored as is when the dataset is not compressed) stays a
 * small part of it: 970 firms get chunks of 970 doubles, 5 x 10^5 firms 131,072.
 */
static uint64_t agent_chunk(uint64_t n0, uint64_t inner_bytes) {
    const uint64_t row = n0 * inner_bytes;
    uint64_t target = row < 16384 ? row : row / 4;
    if (target > CSIM_H5__CHUNK_MAX) {
        target = CSIM_H5__CHUNK_MAX;
    }
    const uint64_t c = target / inner_bytes;
    return c > 0 ? c : (n0 > 0 ? 1 : 1024);
}

csim_status csim_h5_series_open(csim_h5_series *s, csim_h5_file *f, const char *path,
                                const csim_h5_series_spec *spec) {
    csim_status st = CSIM_OK;
    char sub[CSIM_H5_PATH_MAX];

    memset(s, 0, sizeof *s);
    s->group = s->value = H5I_INVALID_HID;
    if (!f || f->id <= 0 || !f->final_path || !path || !spec) {
        return CSIM_FAIL(CSIM_EINVAL, "element '%s': file not open or NULL argument",
                         path ? path : "(null)");
    }
    if (strlen(path) + 10 > CSIM_H5_PATH_MAX || path[0] != '/' || path[1] == '\0') {
        return CSIM_FAIL(CSIM_EINVAL, "%s: element path '%s' is not absolute or too long",
                         f->final_path, path);
    }
    if (!(s->label = csim_h5__label(f, path))) {
        return CSIM_FAIL(CSIM_ENOMEM, "label of element '%s'", path);
    }
    if (!csim_h5__type_known(spec->type) || spec->rank > 2 || (spec->grow && spec->rank == 0)) {
        st = CSIM_FAIL(CSIM_EINVAL, "%s: type %d, rank %zu%s not supported", s->label,
                       (int) spec->type, spec->rank, spec->grow ? " (growing)" : "");
        goto cleanup;
    }
    s->type = spec->type;
    s->rank = spec->rank;
    s->grow = spec->grow;
    s->dims[0] = s->dims[1] = 1;
    for (size_t i = 0; i < spec->rank; ++i) {
        if (spec->dims[i] == 0 && !(spec->grow && i == 0)) {
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
    if (spec->n_value_names > 0 && !spec->value_names) {
        st = CSIM_FAIL(CSIM_EINVAL, "%s: %zu value names announced, none given", s->label,
                       spec->n_value_names);
        goto cleanup;
    }
    /* A new group (an existing path is refused), created and opened by one call; every
     * dataset and attribute below is created inside it without further lookups by path. */
    CSIM_TRY(csim_h5__group_create_new(f, path, &s->group));
    if (spec->description) {
        const char *const text[1] = {spec->description};
        CSIM_TRY(csim_h5__attr_strings_new(f, s->group, path, "description", text, 0));
    }
    if (spec->clock) {
        if (!csim_h5__series_is_open(spec->clock)) {
            st = CSIM_FAIL(CSIM_EINVAL, "%s: the element to share a clock with is not open",
                           s->label);
            goto cleanup;
        }
        CSIM_TRY(csim_h5__clock_share(f, s->group, s->label, spec->clock->clock,
                                      spec->clock->label, &s->clock));
    } else {
        CSIM_TRY(csim_h5__clock_create(f, s->group, path, s->label, spec->time_unit,
                                       spec->rows_hint, &s->clock));
    }

    /* value: [variable] x row shape, extendible along time (and agents, if growing). */
    csim_h5__dset_spec vs;
    memset(&vs, 0, sizeof vs);
    vs.type = s->type;
    vs.rank = s->rank + 1;
    vs.dims[0] = 0;
    vs.dims[1] = s->grow ? 0 : s->dims[0];
    vs.dims[2] = s->dims[1];
    vs.unlimited[0] = true;
    vs.unlimited[1] = s->grow;
    vs.raw = spec->raw;
    vs.unit = spec->unit;
    const size_t elem = csim_h5_type_size(s->type);
    if (s->grow) {
        /* One time slice per chunk (a snapshot is written and read whole), cut along the
         * agent axis. */
        const uint64_t inner = elem * (s->rank == 2 ? s->dims[1] : 1);
        const uint64_t n_guess = 4 * (s->dims[0] > 0 ? s->dims[0] : 1);
        const uint64_t rows = spec->rows_hint;
        /* A small raw element (the expected rows by four times the first row's agents
         * within 256 KiB, stored raw: the institutions, whose whole dataset is under
         * CSIM_H5__SMALL_CHUNK) holds its rows in memory and writes them all by one call
         * at the end: HDF5's fixed cost per write (some 40,000 instructions) is then paid
         * once per element, not once per snapshot. Its raw chunks span the expected rows. */
        const bool small = rows > 0 && rows * n_guess * inner <= CSIM_H5__CHUNK_MAX / 4;
        /* A whole-dataset chunk under CSIM_H5__SMALL_CHUNK is stored raw anyway
         * (csim_h5__dataset_create_ex): it keeps the raw shape, without the 4-fold room. */
        const bool tiny = small && rows * n_guess * inner < CSIM_H5__SMALL_CHUNK;
        const bool compressed = !spec->raw && !tiny;
        s->hold = small && !compressed;
        vs.chunk[0] = s->hold ? rows : 1;
        vs.chunk[1] = agent_chunk(s->dims[0], inner);
        if (compressed) {
            /* Compressed chunks cost a fixed ~200,000 instructions each (zlib's set-up)
             * on top of their bytes, so they are made larger: time slices of 16 KiB ..
             * 1 MiB. Each is compressed and written when its snapshot is (write_through),
             * by model/trajectory.c's writer thread while the model steps on; holding a
             * small element's rows for one whole-run chunk would instead put all of its
             * compression (half of the writer's close) after the last month. */
            uint64_t target = s->dims[0] * inner;
            target = target < 16384 ? 16384 : target;
            target = target > CSIM_H5__CHUNK_MAX ? CSIM_H5__CHUNK_MAX : target;
            vs.chunk[1] = target / inner > 0 ? target / inner : 1;
            vs.write_through = true;
        }
        /* Growing rows are written directly, a whole chunk at a time (compressed or
         * not: sim/h5_chunk.c), unless held. Chunks written directly are in the file's
         * byte order, little-endian: on a big-endian machine HDF5's pipeline (with its
         * conversion) writes them instead. */
        const uint16_t probe = 1;
        s->direct = !s->hold && *(const uint8_t *) &probe == 1;
        s->compressed = compressed;
        s->chunk_agents = vs.chunk[1];
        vs.chunk[2] = s->rank == 2 ? s->dims[1] : 1;
        s->dims[0] = 0; /* no agent yet */
        s->buf_cap = 1;
    } else {
        uint64_t chunk[3] = {1, 1, 1};
        const uint64_t shape[3] = {(uint64_t) spec->rows_hint, vs.dims[1], vs.dims[2]};
        csim_h5__chunk_dims(vs.rank, shape, elem, chunk);
        for (size_t i = 0; i < vs.rank; ++i) {
            vs.chunk[i] = chunk[i];
        }
        /* Hold as many rows as one chunk of the time axis: each chunk is then written by
         * one call, whole. */
        s->buf_cap = (size_t) chunk[0];
    }
    (void) csim_h5__join(sub, sizeof sub, path, "value");
    CSIM_TRY(csim_h5__dataset_create_in(f, s->group, "value", sub, &vs, &s->value));
    if (spec->n_value_names > 0) {
        CSIM_TRY(csim_h5__attr_strings_new(f, s->value, sub, "names", spec->value_names,
                                           spec->n_value_names));
    }
    if (spec->n_names > 0) {
        (void) csim_h5__join(sub, sizeof sub, path, "names");
        CSIM_TRY(csim_h5__strings_dataset_in(f, s->group, "names", sub, spec->names,
                                             spec->n_names));
    }
    if (s->buf_cap > 1) {
        if (!(s->buf = malloc(s->buf_cap * row_values(s) * elem))) {
            st = CSIM_FAIL(CSIM_ENOMEM, "%s: buffer of %zu rows", s->label, s->buf_cap);
            goto cleanup;
        }
    }
    csim_h5__pending_add(f, &s->pending, series_flush_pending);

cleanup:
    if (st != CSIM_OK) {
        csim_h5_series_close(s);
    }
    return st;
}

/* Checks common to both appends; nothing changes when they fail. */
static csim_status append_check(const csim_h5_series *s, int64_t step, const void *row) {
    if (!csim_h5__series_is_open(s) || !row) {
        return CSIM_FAIL(CSIM_EINVAL, "append to %s: element not open or NULL row",
                         s && s->label ? s->label : "(closed element)");
    }
    if (!s->pending.file) {
        return CSIM_FAIL(CSIM_EINVAL, "append to %s: its file is committed or aborted",
                         s->label);
    }
    if (s->n_rows > 0 && step <= s->last_step) {
        return CSIM_FAIL(CSIM_EINVAL, "%s: step %lld after step %lld (steps must increase)",
                         s->label, (long long) step, (long long) s->last_step);
    }
    return CSIM_OK;
}

csim_status csim_h5_series_append(csim_h5_series *s, int64_t step, double time,
                                  const void *row) {
    csim_status st = CSIM_OK;

    CSIM_TRY(append_check(s, step, row));
    if (s->grow) {
        return CSIM_FAIL(CSIM_EINVAL, "%s: a growing element takes rows of a given width "
                                      "(csim_h5_series_append_n)", s->label);
    }
    CSIM_TRY(csim_h5__clock_tick(s->clock, s->n_rows, step, time, s->label));
    const size_t bytes = row_values(s) * csim_h5_type_size(s->type);
    if (s->buf_cap <= 1) {
        CSIM_TRY(csim_h5__append_rows(s->value, s->rank + 1, s->dims, (hsize_t) s->n_file, 1,
                             (hid_t) csim_h5__mem_type(s->type), row, s->label, "value"));
        s->n_file++;
    } else {
        memcpy(s->buf + (size_t) (s->n_rows - s->n_file) * bytes, row, bytes);
    }
    s->n_rows++;
    s->last_step = step;
    if (s->n_rows - s->n_file >= s->buf_cap) {
        CSIM_TRY(series_write_buffer(s));
    }

cleanup:
    return st;
}

/* Room for one more held row of `n` agents, filled with the fill value. Rows are held as
 * [rows][hold_width][k]; a wider row widens the rows already held (moved in place, last
 * first, their new tails filled). Past CSIM_H5__CHUNK_MAX bytes (a population that grew
 * far beyond the first row) the held rows are written and holding stops (s->hold false),
 * so the memory stays bounded. */
static csim_status hold_row(csim_h5_series *s, size_t n) {
    csim_status st = CSIM_OK;
    const size_t bytes = agent_bytes(s);
    const size_t held = (size_t) (s->n_rows - s->n_file);
    const size_t width = n > s->hold_width ? n : (size_t) s->hold_width;
    const size_t need = (held + 1) * width * bytes;
    if (need > CSIM_H5__CHUNK_MAX) {
        CSIM_TRY(series_write_buffer(s));
        free(s->buf);
        s->buf = NULL;
        s->buf_bytes = 0;
        s->buf_cap = 1;
        s->hold = false;
        goto cleanup;
    }
    if (need > s->buf_bytes) {
        size_t cap = s->buf_bytes > 0 ? 2 * s->buf_bytes : 4096;
        cap = cap < need ? need : cap;
        cap = cap > CSIM_H5__CHUNK_MAX ? CSIM_H5__CHUNK_MAX : cap;
        unsigned char *buf = realloc(s->buf, cap);
        if (!buf) {
            st = CSIM_FAIL(CSIM_ENOMEM, "%s: %zu bytes of held rows", s->label, cap);
            goto cleanup;
        }
        s->buf = buf;
        s->buf_bytes = cap;
    }
    const size_t k = (size_t) s->dims[1];
    if (width > s->hold_width && held > 0) {
        const size_t old = (size_t) s->hold_width;
        for (size_t r = held; r-- > 0;) {
            memmove(s->buf + r * width * bytes, s->buf + r * old * bytes, old * bytes);
            fill_values(s->buf + (r * width + old) * bytes, s->type, (width - old) * k);
        }
    }
    s->hold_width = width;
    if (need > 0) {
        /* (a row of no agents, before any wider one, needs no memory: buf may be NULL) */
        fill_values(s->buf + held * width * bytes, s->type, width * k);
    }

cleanup:
    return st;
}

csim_status csim_h5_series_begin_row(csim_h5_series *s, int64_t step, double time, size_t n) {
    csim_status st = CSIM_OK;
    const int dummy = 0;

    CSIM_TRY(append_check(s, step, &dummy));
    if (!s->grow) {
        return CSIM_FAIL(CSIM_EINVAL, "%s: rows in parts are for growing elements", s->label);
    }
    CSIM_TRY(csim_h5__clock_tick(s->clock, s->n_rows, step, time, s->label));
    const uint64_t width = (uint64_t) n > s->dims[0] ? (uint64_t) n : s->dims[0];
    if (s->hold) {
        CSIM_TRY(hold_row(s, n));
        if (s->hold) {
            s->dims[0] = width;
            s->row_width = (uint64_t) n;
            s->n_rows++;
            s->last_step = step;
            goto cleanup;
        }
        /* Grown past what is held in memory: written row by row from here on. */
    }
    const hsize_t size[3] = {(hsize_t) s->n_rows + 1, (hsize_t) width, (hsize_t) s->dims[1]};
    if (H5Dset_extent(s->value, size) < 0) {
        st = CSIM_H5__FAIL("%s: extending 'value' to row %llu", s->label,
                           (unsigned long long) s->n_rows);
        goto cleanup;
    }
    s->dims[0] = width;
    s->row_width = (uint64_t) n;
    s->n_rows++;
    s->n_file = s->n_rows;
    s->last_step = step;

cleanup:
    return st;
}

/* A part made of whole chunks of the current row (its last chunk padded with fill),
 * each written directly: compressed here, with one zlib stream for the file, or raw. */
static csim_status write_part_direct(csim_h5_series *s, size_t first, size_t count,
                                     const void *part) {
    csim_status st = CSIM_OK;
    const size_t per_chunk = (size_t) s->chunk_agents;
    const size_t k = (size_t) s->dims[1];
    const size_t bytes = agent_bytes(s);
    for (size_t c0 = first; c0 < first + count; c0 += per_chunk) {
        const size_t left = first + count - c0;
        const size_t agents = left < per_chunk ? left : per_chunk;
        const uint64_t offset[3] = {s->n_rows - 1, (uint64_t) c0, 0};
        const void *chunk = (const unsigned char *) part + (c0 - first) * bytes;
        if (s->compressed) {
            CSIM_TRY(csim_h5__write_chunk_deflated(s->pending.file, s->value, s->rank + 1,
                                                   offset, s->type, chunk, agents * k,
                                                   per_chunk * k, s->label));
        } else {
            CSIM_TRY(csim_h5__write_chunk_raw(s->pending.file, s->value, s->rank + 1, offset,
                                              s->type, chunk, agents * k, per_chunk * k,
                                              s->label));
        }
    }
cleanup:
    return st;
}

csim_status csim_h5_series_write_part(csim_h5_series *s, size_t first, size_t count,
                                      const void *part) {
    if (!csim_h5__series_is_open(s) || !s->grow || s->n_rows == 0 || (count > 0 && !part)) {
        return CSIM_FAIL(CSIM_EINVAL, "%s: no row begun, or NULL part",
                         s && s->label ? s->label : "(closed element)");
    }
    if (first > s->row_width || count > s->row_width - first) {
        return CSIM_FAIL(CSIM_EINVAL, "%s: entries %zu..%zu outside the row of %llu", s->label,
                         first, first + count, (unsigned long long) s->row_width);
    }
    if (s->hold) {
        if (count == 0) {
            return CSIM_OK; /* nothing to copy (and buf may be NULL for a row of none) */
        }
        const size_t bytes = agent_bytes(s);
        unsigned char *row = s->buf + (size_t) (s->n_rows - 1 - s->n_file) *
                                          (size_t) s->hold_width * bytes;
        memcpy(row + first * bytes, part, count * bytes);
        return CSIM_OK;
    }
    /* csim_h5_series_begin_row() has set the extent: no second H5Dset_extent per part. */
    const size_t per_chunk = (size_t) s->chunk_agents;
    const size_t end = first + count;
    if (s->direct && per_chunk > 0 && first % per_chunk == 0 &&
        (end == s->row_width || end % per_chunk == 0)) {
        return write_part_direct(s, first, count, part);
    }
    const uint64_t start[3] = {s->n_rows - 1, (uint64_t) first, 0};
    const uint64_t cnt[3] = {1, (uint64_t) count, s->dims[1]};
    return csim_h5__write_block(s->value, s->rank + 1, NULL, start, cnt,
                                csim_h5__mem_type(s->type), part, s->label, "value");
}

csim_status csim_h5_series_append_n(csim_h5_series *s, int64_t step, double time, size_t n,
                                    const void *row) {
    csim_status st = CSIM_OK;

    if (!s || !s->grow) {
        if (csim_h5__series_is_open(s) && (uint64_t) n != s->dims[0]) {
            return CSIM_FAIL(CSIM_EINVAL, "%s: row of %zu entries, the element has %llu",
                             s->label, n, (unsigned long long) s->dims[0]);
        }
        return csim_h5_series_append(s, step, time, row);
    }
    if (n > 0 && !row) {
        return CSIM_FAIL(CSIM_EINVAL, "%s: NULL row", s->label ? s->label : "(closed element)");
    }
    CSIM_TRY(csim_h5_series_begin_row(s, step, time, n));
    CSIM_TRY(csim_h5_series_write_part(s, 0, n, row));

cleanup:
    return st;
}

