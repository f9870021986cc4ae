/* Reading values back: strings (fixed-length only) and numbers (any integer or float
 * width, converted), each checked against the size of its file before anything is
 * allocated (sim/h5_read.h). */
#include "sim/h5_read.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hdf5.h>

#include "sim/h5_internal.h"
#include "sim/str_copy.h"

/* ------------------------------------------------------------------------------------ */
/* Strings                                                                              */
/* ------------------------------------------------------------------------------------ */

/* Whether `bytes` of data can be what the object `what` holds in the file: an attribute
 * or an unfiltered dataset stores its bytes as they are, so they fit in the file; a
 * chunked dataset may be deflated, which shrinks data at most 1032-fold (zlib's limit:
 * one 258-byte match per 2 bits). A damaged dataspace or datatype that claims more is
 * refused before anything is allocated: HDF5 would allocate, and clear, a buffer of the
 * claimed size first (tests/data/fuzz/trajectory/damaged-sizes.h5). */
static csim_status check_claimed_size(const csim_h5_reader *r, const char *what, hid_t dset,
                                      bool is_attr, uint64_t count, uint64_t value_size) {
    uint64_t limit = r->file_bytes;
    if (!is_attr) {
        hid_t dcpl = H5Dget_create_plist(dset);
        if (dcpl < 0) {
            return CSIM_H5__FAIL("%s: storage of %s", r->path, what);
        }
        const bool chunked = H5Pget_layout(dcpl) == H5D_CHUNKED;
        H5Pclose(dcpl);
        if (chunked) {
            limit = r->file_bytes > UINT64_MAX / 1032 ? UINT64_MAX : r->file_bytes * 1032;
        }
    }
    if (value_size > 0 && count > limit / value_size) {
        return CSIM_FAIL(CSIM_EINVAL, "%s: %s claims %llu values of %llu bytes, more than a "
                         "file of %llu bytes can hold: a damaged or foreign file", r->path,
                         what, (unsigned long long) count, (unsigned long long) value_size,
                         (unsigned long long) r->file_bytes);
    }
    return CSIM_OK;
}

/* Read all strings of attribute `attr` (or dataset `dset` when attr < 0). Only
 * fixed-length strings are read: see the file comment of sim/h5_read.h. */
static csim_status read_strings_of(const csim_h5_reader *r, const char *what, hid_t dset,
                                   hid_t attr, char ***out, size_t *n_out) {
    csim_status st = CSIM_OK;
    hid_t ftype = H5I_INVALID_HID, space = H5I_INVALID_HID;
    char *fixed = NULL;
    char **result = NULL;
    size_t n = 0;
    const bool is_attr = attr >= 0;

    *out = NULL;
    *n_out = 0;
    if ((ftype = is_attr ? H5Aget_type(attr) : H5Dget_type(dset)) < 0 ||
        (space = is_attr ? H5Aget_space(attr) : H5Dget_space(dset)) < 0) {
        st = CSIM_H5__FAIL("%s: type of %s", r->path, what);
        goto cleanup;
    }
    if (H5Tget_class(ftype) != H5T_STRING) {
        st = CSIM_FAIL(CSIM_EINVAL, "%s: %s is not a string", r->path, what);
        goto cleanup;
    }
    const hssize_t points = H5Sget_simple_extent_npoints(space);
    const htri_t variable = H5Tis_variable_str(ftype);
    if (points < 0 || variable < 0) {
        st = CSIM_H5__FAIL("%s: shape of %s", r->path, what);
        goto cleanup;
    }
    if (variable > 0) {
        /* Variable-length strings live in HDF5's global heap, which HDF5 1.10.8 reads
         * without checking what it finds there: a damaged heap crashed (H5HG_read) or
         * hung the reader. clustersim writes fixed-length strings only. */
        st = CSIM_FAIL(CSIM_EINVAL, "%s: %s is a variable-length string; clustersim files "
                       "hold fixed-length strings only (a foreign file, or one written "
                       "before clustersim 0.2)", r->path, what);
        goto cleanup;
    }
    n = (size_t) points;
    const size_t size = H5Tget_size(ftype);
    if (size == 0) {
        st = CSIM_H5__FAIL("%s: string type of %s", r->path, what);
        goto cleanup;
    }
    CSIM_TRY(check_claimed_size(r, what, dset, is_attr, (uint64_t) n, (uint64_t) size));
    if (!(result = calloc(n > 0 ? n : 1, sizeof *result)) ||
        !(fixed = malloc((n > 0 ? n : 1) * size))) {
        st = CSIM_FAIL(CSIM_ENOMEM, "%s: %zu strings of %s", r->path, n, what);
        goto cleanup;
    }
    /* Read in the file's own type (size, padding, character set): no conversion. */
    const herr_t rc = is_attr ? H5Aread(attr, ftype, fixed)
                              : H5Dread(dset, ftype, H5S_ALL, H5S_ALL, H5P_DEFAULT, fixed);
    if (rc < 0) {
        st = CSIM_H5__FAIL("%s: reading %s", r->path, what);
        goto cleanup;
    }
    /* Each slot is `size` bytes, NUL-terminated, NUL-padded or space-padded. */
    const bool space_pad = H5Tget_strpad(ftype) == H5T_STR_SPACEPAD;
    for (size_t i = 0; i < n; ++i) {
        const char *s = fixed + i * size;
        size_t len = 0;
        while (len < size && s[len] != '\0') {
            ++len;
        }
        while (space_pad && len > 0 && s[len - 1] == ' ') {
            --len;
        }
        if (!(result[i] = csim_str_copy_n(s, len))) {
            st = CSIM_FAIL(CSIM_ENOMEM, "%s: string %zu of %s", r->path, i, what);
            goto cleanup;
        }
    }
    *out = result;
    *n_out = n;
    result = NULL;

cleanup:
    csim_str_list_free(result, n);
    free(fixed);
    csim_h5__close(&space);
    csim_h5__close(&ftype);
    return st;
}

/* Open what a read names: attribute `name` of `obj_path` into *attr, or the dataset
 * `obj_path` when name is NULL (*obj is the object either way; the caller closes both),
 * and describe it in `what` for the messages of the read. */
static csim_status open_value(const csim_h5_reader *r, const char *obj_path, const char *name,
                              hid_t *obj, hid_t *attr, char *what, size_t what_size) {
    const csim_status st = csim_h5__open_data(r, obj_path, name, obj, attr);
    if (st != CSIM_OK) {
        return st;
    }
    if (name) {
        snprintf(what, what_size, "attribute '%s' of '%s'", name, obj_path);
    } else {
        snprintf(what, what_size, "dataset '%s'", obj_path);
    }
    return CSIM_OK;
}

/* Attribute `name` of `obj_path` (or the dataset `obj_path` when name is NULL). */
static csim_status read_strings(const csim_h5_reader *r, const char *obj_path, const char *name,
                                char ***values, size_t *n) {
    csim_status st = CSIM_OK;
    hid_t obj = H5I_INVALID_HID, attr = H5I_INVALID_HID;
    char what[600];

    *values = NULL;
    *n = 0;
    if (!obj_path) {
        return CSIM_FAIL(CSIM_EINVAL, "reading strings: NULL path");
    }
    CSIM_TRY(open_value(r, obj_path, name, &obj, &attr, what, sizeof what));
    CSIM_TRY(read_strings_of(r, what, obj, attr, values, n));

cleanup:
    csim_h5__close(&attr);
    csim_h5__close(&obj);
    return st;
}

/* The first string of attribute `name` (or of dataset `obj_path` when name is NULL). */
static csim_status read_one_string(const csim_h5_reader *r, const char *obj_path,
                                   const char *name, char **value) {
    csim_status st = CSIM_OK;
    char **all = NULL;
    size_t n = 0;

    *value = NULL;
    CSIM_TRY(read_strings(r, obj_path, name, &all, &n));
    if (n == 0) {
        st = CSIM_FAIL(CSIM_EINVAL, "%s: '%s'%s%s holds no string", r->path, obj_path,
                       name ? " attribute " : "", name ? name : "");
        goto cleanup;
    }
    *value = all[0];
    all[0] = NULL;

cleanup:
    csim_str_list_free(all, n);
    return st;
}

csim_status csim_h5_read_attr_string(const csim_h5_reader *r, const char *obj_path,
                                     const char *name, char **value) {
    *value = NULL;
    if (!name) {
        return CSIM_FAIL(CSIM_EINVAL, "reading an attribute of '%s': NULL name",
                         obj_path ? obj_path : "(null)");
    }
    return read_one_string(r, obj_path, name, value);
}

csim_status csim_h5_read_attr_strings(const csim_h5_reader *r, const char *obj_path,
                                      const char *name, char ***values, size_t *n) {
    *values = NULL;
    *n = 0;
    if (!name) {
        return CSIM_FAIL(CSIM_EINVAL, "reading an attribute of '%s': NULL name",
                         obj_path ? obj_path : "(null)");
    }
    return read_strings(r, obj_path, name, values, n);
}

csim_status csim_h5_read_text(const csim_h5_reader *r, const char *path, char **text) {
    return read_one_string(r, path, NULL, text);
}

csim_status csim_h5_read_strings(const csim_h5_reader *r, const char *path, char ***values,
                                 size_t *n) {
    return read_strings(r, path, NULL, values, n);
}


/* ------------------------------------------------------------------------------------ */
/* Numbers                                                                              */
/* ------------------------------------------------------------------------------------ */

/* Rows of the first axis to read: all of them, or a slice (datasets only). */
typedef struct row_range {
    bool slice;    /* false: the whole object                 */
    size_t first;  /* first row of the slice                  */
    size_t count;  /* rows in the slice                       */
} row_range;

static csim_status read_numbers(const csim_h5_reader *r, const char *obj_path, const char *name,
                                csim_h5_type type, row_range rows, csim_h5_array *out) {
    csim_status st = CSIM_OK;
    hid_t obj = H5I_INVALID_HID, attr = H5I_INVALID_HID;
    hid_t ftype = H5I_INVALID_HID, space = H5I_INVALID_HID, mspace = H5I_INVALID_HID;
    hsize_t dims[H5S_MAX_RANK];
    char what[600];

    memset(out, 0, sizeof *out);
    if (!obj_path || (type != CSIM_H5_DOUBLE && type != CSIM_H5_INT64)) {
        return CSIM_FAIL(CSIM_EINVAL, "reading numbers: NULL path or bad type");
    }
    CSIM_TRY(open_value(r, obj_path, name, &obj, &attr, what, sizeof what));
    const bool is_attr = attr >= 0;
    if ((ftype = is_attr ? H5Aget_type(attr) : H5Dget_type(obj)) < 0 ||
        (space = is_attr ? H5Aget_space(attr) : H5Dget_space(obj)) < 0) {
        st = CSIM_H5__FAIL("%s: type of %s", r->path, what);
        goto cleanup;
    }
    const H5T_class_t cls = H5Tget_class(ftype);
    /* Integers widen to double exactly enough; floats to int64 would truncate. */
    const bool convertible = type == CSIM_H5_DOUBLE ? (cls == H5T_FLOAT || cls == H5T_INTEGER)
                                                    : cls == H5T_INTEGER;
    if (!convertible) {
        st = CSIM_FAIL(CSIM_EINVAL, "%s: %s is not %s", r->path, what,
                       type == CSIM_H5_DOUBLE ? "numeric" : "an integer");
        goto cleanup;
    }
    /* A damaged file can claim any size for its numbers, and HDF5 allocates and zeroes a
     * conversion buffer of that size per value before it reads one: a "float" of 1.7 GB
     * (tests/data/fuzz/trajectory/, found by tests/fuzz/fuzz_trajectory.c) cost 6 s and
     * 1.7 GB of memory before failing. No integer or float type is wider than 16 bytes. */
    const size_t value_size = H5Tget_size(ftype);
    if (value_size == 0 || value_size > 16) {
        st = CSIM_FAIL(CSIM_EINVAL, "%s: %s holds numbers of %zu bytes (at most 16 are "
                       "possible): a damaged or foreign file", r->path, what, value_size);
        goto cleanup;
    }
    const int rank = H5Sget_simple_extent_ndims(space);
    if (rank < 0 || rank > CSIM_H5_MAX_RANK) {
        st = rank < 0 ? CSIM_H5__FAIL("%s: shape of %s", r->path, what)
                      : CSIM_FAIL(CSIM_EINVAL, "%s: %s has %d axes (at most %d read)", r->path,
                                  what, rank, CSIM_H5_MAX_RANK);
        goto cleanup;
    }
    if (H5Sget_simple_extent_dims(space, dims, NULL) < 0) {
        st = CSIM_H5__FAIL("%s: shape of %s", r->path, what);
        goto cleanup;
    }
    if (rows.slice) {
        if (rank == 0) {
            st = CSIM_FAIL(CSIM_EINVAL, "%s: %s is a scalar, it has no rows", r->path, what);
            goto cleanup;
        }
        if (rows.first > dims[0] || rows.count > dims[0] - rows.first) {
            st = CSIM_FAIL(CSIM_EINVAL, "%s: rows %zu..%zu asked of %s, which has %llu rows",
                           r->path, rows.first, rows.first + rows.count, what,
                           (unsigned long long) dims[0]);
            goto cleanup;
        }
        /* Select the rows in the file and describe the memory buffer with the same shape. */
        hsize_t start[H5S_MAX_RANK] = {0}, count[H5S_MAX_RANK];
        for (int i = 0; i < rank; ++i) {
            count[i] = dims[i];
        }
        start[0] = rows.first;
        count[0] = rows.count;
        dims[0] = rows.count;
        if (rows.count > 0 &&
            H5Sselect_hyperslab(space, H5S_SELECT_SET, start, NULL, count, NULL) < 0) {
            st = CSIM_H5__FAIL("%s: selecting rows of %s", r->path, what);
            goto cleanup;
        }
        if ((mspace = H5Screate_simple(rank, count, NULL)) < 0) {
            st = CSIM_H5__FAIL("%s: memory space for rows of %s", r->path, what);
            goto cleanup;
        }
    }
    uint64_t claimed = 1;
    for (int i = 0; i < rank; ++i) {
        claimed = dims[i] == 0                     ? 0
                  : claimed > UINT64_MAX / dims[i] ? UINT64_MAX
                                                   : claimed * dims[i];
    }
    CSIM_TRY(check_claimed_size(r, what, obj, is_attr, claimed, (uint64_t) value_size));
    size_t n = 1;
    for (int i = 0; i < rank; ++i) {
        if (dims[i] > 0 && n > SIZE_MAX / 8 / (size_t) dims[i]) {
            st = CSIM_FAIL(CSIM_ENOMEM, "%s: %s is too large for memory", r->path, what);
            goto cleanup;
        }
        n *= (size_t) dims[i];
        out->dims[i] = (size_t) dims[i];
    }
    out->type = type;
    out->rank = (size_t) rank;
    out->n = n;
    if (!(out->data = malloc((n > 0 ? n : 1) * 8))) {
        st = CSIM_FAIL(CSIM_ENOMEM, "%s: %zu values of %s", r->path, n, what);
        goto cleanup;
    }
    const hid_t mtype = type == CSIM_H5_DOUBLE ? H5T_NATIVE_DOUBLE : H5T_NATIVE_INT64;
    herr_t rc = 0;
    if (is_attr) {
        rc = H5Aread(attr, mtype, out->data);
    } else if (!rows.slice) {
        rc = H5Dread(obj, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, out->data);
    } else if (n > 0) {
        /* An empty slice reads nothing: HDF5 rejects a zero-sized hyperslab selection. */
        rc = H5Dread(obj, mtype, mspace, space, H5P_DEFAULT, out->data);
    }
    if (rc < 0) {
        st = CSIM_H5__FAIL("%s: reading %s", r->path, what);
        goto cleanup;
    }

cleanup:
    csim_h5__close(&mspace);
    csim_h5__close(&space);
    csim_h5__close(&ftype);
    csim_h5__close(&attr);
    csim_h5__close(&obj);
    if (st != CSIM_OK) {
        csim_h5_array_destroy(out);
    }
    return st;
}

csim_status csim_h5_read_attr_num(const csim_h5_reader *r, const char *obj_path,
                                  const char *name, csim_h5_type type, csim_h5_array *out) {
    if (!name) {
        memset(out, 0, sizeof *out);
        return CSIM_FAIL(CSIM_EINVAL, "reading an attribute of '%s': NULL name",
                         obj_path ? obj_path : "(null)");
    }
    const row_range all = {false, 0, 0};
    return read_numbers(r, obj_path, name, type, all, out);
}

csim_status csim_h5_read_array(const csim_h5_reader *r, const char *path, csim_h5_type type,
                               csim_h5_array *out) {
    const row_range all = {false, 0, 0};
    return read_numbers(r, path, NULL, type, all, out);
}

csim_status csim_h5_read_rows(const csim_h5_reader *r, const char *path, csim_h5_type type,
                              size_t first, size_t count, csim_h5_array *out) {
    const row_range rows = {true, first, count};
    return read_numbers(r, path, NULL, type, rows, out);
}

