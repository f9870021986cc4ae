/* The step/time pair of H5MD elements, owned or shared (sim/h5_clock.h). */
#include "sim/h5_clock.h"

#include <stdlib.h>
#include <string.h>

#include <hdf5.h>

#include "sim/grow.h"
#include "sim/h5_internal.h"
#include "sim/h5_series.h" /* CSIM_H5_PATH_MAX */
#include "sim/str_copy.h"

struct csim_h5__clock {
    hid_t step, time;      /* the datasets (the owner's); closed with the last reference */
    char *step_path;       /* absolute paths, for the hard links of sharers              */
    char *time_path;
    char *label;           /* "FILE:PATH" of the owner, for messages                      */
    int64_t *steps;        /* n rows known (appended by some element)                     */
    double *times;
    size_t n, cap;
    size_t written;        /* rows of `steps`/`times` written to the file                 */
    unsigned refs;         /* elements using it                                           */
};

static void clock_free(csim_h5__clock *c) {
    csim_h5__close(&c->step);
    csim_h5__close(&c->time);
    free(c->step_path);
    free(c->time_path);
    free(c->label);
    free(c->steps);
    free(c->times);
    free(c);
}

csim_status csim_h5__clock_flush(csim_h5__clock *c) {
    csim_status st = CSIM_OK;
    const uint64_t none[1] = {1};
    const hsize_t n = (hsize_t) (c->n - c->written);

    if (n == 0) {
        return CSIM_OK;
    }
    CSIM_TRY(csim_h5__append_rows(c->step, 1, none, (hsize_t) c->written, n, H5T_NATIVE_INT64,
                                  c->steps + c->written, c->label, "step"));
    CSIM_TRY(csim_h5__append_rows(c->time, 1, none, (hsize_t) c->written, n, H5T_NATIVE_DOUBLE,
                                  c->times + c->written, c->label, "time"));
    c->written = c->n;

cleanup:
    return st;
}

void csim_h5__clock_release(csim_h5__clock **cp, csim_h5_file *file) {
    csim_h5__clock *c = *cp;
    *cp = NULL;
    if (!c || --c->refs > 0) {
        return;
    }
    if (file && csim_h5__clock_flush(c) != CSIM_OK) {
        csim_h5__defer_failure(file);
    }
    clock_free(c);
}

/* Bitwise time comparison: the same clock value gives the same bits. */
csim_status csim_h5__clock_tick(csim_h5__clock *c, uint64_t row, int64_t step, double time,
                                const char *label) {
    if (row < c->n) {
        if (c->steps[row] != step || memcmp(&c->times[row], &time, sizeof time) != 0) {
            return CSIM_FAIL(CSIM_EINVAL, "%s: row %llu sampled at step %lld time %g, but the "
                                          "shared clock has step %lld time %g there",
                             label, (unsigned long long) row, (long long) step, time,
                             (long long) c->steps[row], c->times[row]);
        }
        return CSIM_OK;
    }
    if (row > c->n) {
        return CSIM_FAIL(CSIM_EINTERNAL, "%s: clock has %zu rows, value %llu", label, c->n,
                         (unsigned long long) row);
    }
    if (c->n == c->cap) {
        /* Two columns, one capacity: each grown to it before the capacity moves. */
        size_t cap = 0;
        if (csim_grow_capacity(c->cap, c->n + 1, sizeof *c->times, &cap) != CSIM_OK ||
            csim_grow_to(&c->steps, cap, sizeof *c->steps) != CSIM_OK ||
            csim_grow_to(&c->times, cap, sizeof *c->times) != CSIM_OK) {
            return CSIM_FAIL(CSIM_ENOMEM, "%s: clock of %zu rows", label, c->n + 1);
        }
        c->cap = cap;
    }
    c->steps[c->n] = step;
    c->times[c->n] = time;
    c->n++;
    return CSIM_OK;
}

csim_status csim_h5__clock_share(csim_h5_file *f, int64_t group, const char *label,
                                 csim_h5__clock *clock, const char *clock_label,
                                 csim_h5__clock **out) {
    if (clock->n != 0) {
        /* value row i must mean step row i: a late element would be shifted. */
        return CSIM_FAIL(CSIM_EINVAL, "%s: clock of %s has %zu rows already; open every "
                                      "element sharing a clock before the first append",
                         label, clock_label, clock->n);
    }
    if (H5Lcreate_hard((hid_t) f->id, clock->step_path, (hid_t) group, "step", H5P_DEFAULT,
                       H5P_DEFAULT) < 0 ||
        H5Lcreate_hard((hid_t) f->id, clock->time_path, (hid_t) group, "time", H5P_DEFAULT,
                       H5P_DEFAULT) < 0) {
        return CSIM_H5__FAIL("%s: hard links to the step/time of %s", label, clock_label);
    }
    *out = clock;
    clock->refs++;
    return CSIM_OK;
}

/* Rows per chunk of a step or time dataset: 8192 (64 KiB), or the rows expected. */
static uint64_t clock_chunk(size_t rows_hint) {
    const uint64_t full = CSIM_H5__CHUNK_TARGET / 8;
    return rows_hint > 0 && rows_hint < full ? (uint64_t) rows_hint : full;
}

csim_status csim_h5__clock_create(csim_h5_file *f, int64_t group, const char *path,
                                  const char *label, const char *time_unit, size_t rows_hint,
                                  csim_h5__clock **out) {
    csim_status st = CSIM_OK;
    char sub[CSIM_H5_PATH_MAX];
    csim_h5__clock *c = calloc(1, sizeof *c);

    if (!c) {
        return CSIM_FAIL(CSIM_ENOMEM, "%s: clock", label);
    }
    c->step = c->time = H5I_INVALID_HID;
    c->refs = 1;
    *out = c;
    if (!csim_h5__join(sub, sizeof sub, path, "step") || !(c->step_path = csim_str_copy(sub)) ||
        !csim_h5__join(sub, sizeof sub, path, "time") || !(c->time_path = csim_str_copy(sub)) ||
        !(c->label = csim_str_copy(label))) {
        st = CSIM_FAIL(CSIM_ENOMEM, "%s: clock paths", label);
        goto cleanup;
    }
    csim_h5__dset_spec ds;
    memset(&ds, 0, sizeof ds);
    ds.type = CSIM_H5_INT64;
    ds.rank = 1;
    ds.unlimited[0] = true;
    ds.chunk[0] = clock_chunk(rows_hint);
    CSIM_TRY(csim_h5__dataset_create_in(f, group, "step", c->step_path, &ds, &c->step));
    ds.type = CSIM_H5_DOUBLE;
    ds.unit = time_unit;
    CSIM_TRY(csim_h5__dataset_create_in(f, group, "time", c->time_path, &ds, &c->time));
cleanup:
    return st; /* on error the caller releases *out */
}
