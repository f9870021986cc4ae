/* POSIX 2008 for stat() under -std=c11. */
#define _POSIX_C_SOURCE 200809L

#include "sim/h5_read.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <hdf5.h>

_Static_assert(sizeof(hid_t) == sizeof(int64_t), "hid_t must be int64_t (HDF5 >= 1.10)");
_Static_assert(sizeof(hsize_t) == sizeof(uint64_t), "hsize_t must be 64 bits");

/* HDF5 1.12 renamed the link iteration (H5Literate2, H5L_info2_t); 1.10 has only the
 * unnumbered names, and 1.12 maps those to version 2 by default anyway. */
#if H5_VERSION_GE(1, 12, 0)
typedef H5L_info2_t csim_link_info;
#define CSIM_LITERATE H5Literate2
#else
typedef H5L_info_t csim_link_info;
#define CSIM_LITERATE H5Literate
#endif

static bool reader_open(const csim_h5_reader *r) {
    return r && r->id > 0 && r->path;
}

static char *dup_n(const char *s, size_t len) {
    char *copy = malloc(len + 1);
    if (copy) {
        memcpy(copy, s, len);
        copy[len] = '\0';
    }
    return copy;
}

void csim_h5_strings_free(char **values, size_t n) {
    if (!values) {
        return;
    }
    for (size_t i = 0; i < n; ++i) {
        free(values[i]);
    }
    free(values);
}

void csim_h5_array_destroy(csim_h5_array *a) {
    if (!a) {
        return;
    }
    free(a->data);
    memset(a, 0, sizeof *a);
}

/* ------------------------------------------------------------------------------------ */
/* Open and close                                                                       */
/* ------------------------------------------------------------------------------------ */

void csim_h5_reader_close(csim_h5_reader *r) {
    if (!r) {
        return;
    }
    csim_h5__close(&r->id);
    free(r->path);
    memset(r, 0, sizeof *r);
    r->id = H5I_INVALID_HID;
}

csim_status csim_h5_reader_open(csim_h5_reader *r, const char *path) {
    csim_status st = CSIM_OK;
    hid_t fapl = H5I_INVALID_HID;
    struct stat info;

    memset(r, 0, sizeof *r);
    r->id = H5I_INVALID_HID;
    if (!path) {
        return CSIM_FAIL(CSIM_EINVAL, "reading: NULL path");
    }
    /* Plain file checks first: their messages are clearer than HDF5's. */
    if (stat(path, &info) != 0) {
        const int err = errno;
        return CSIM_FAIL(CSIM_EIO, "cannot read '%s': %s", path, strerror(err));
    }
    if (!S_ISREG(info.st_mode)) {
        return CSIM_FAIL(CSIM_EIO, "'%s' is not a regular file", path);
    }
    if (info.st_size == 0) {
        return CSIM_FAIL(CSIM_EIO, "'%s' is empty (an interrupted write?)", path);
    }
    const htri_t is_hdf5 = H5Fis_hdf5(path);
    if (is_hdf5 < 0) {
        return CSIM_H5__FAIL("cannot read '%s'", path);
    }
    if (is_hdf5 == 0) {
        return CSIM_FAIL(CSIM_EIO, "'%s' is not an HDF5 file", path);
    }
    if (!(r->path = dup_n(path, strlen(path)))) {
        return CSIM_FAIL(CSIM_ENOMEM, "copy of path '%s'", path);
    }
    if ((fapl = H5Pcreate(H5P_FILE_ACCESS)) < 0 ||
        H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) < 0) {
        st = CSIM_H5__FAIL("'%s': file access properties", path);
        goto cleanup;
    }
#if H5_VERSION_GE(1, 10, 7)
    if (H5Pset_file_locking(fapl, 1, 1) < 0) {
        st = CSIM_H5__FAIL("'%s': file locking property", path);
        goto cleanup;
    }
#endif
    /* A truncated file has a valid superblock, which records the end of file it was
     * written with: HDF5 compares it with the real size and refuses the file here. */
    if ((r->id = H5Fopen(path, H5F_ACC_RDONLY, fapl)) < 0) {
        st = CSIM_H5__FAIL("'%s' is damaged or truncated (HDF5 cannot open it)", path);
        goto cleanup;
    }

cleanup:
    if (fapl >= 0) {
        H5Pclose(fapl);
    }
    if (st != CSIM_OK) {
        csim_h5_reader_close(r);
    }
    return st;
}

csim_status csim_h5_read_exists(const csim_h5_reader *r, const char *path, bool *exists) {
    *exists = false;
    if (!reader_open(r)) {
        return CSIM_FAIL(CSIM_EINVAL, "reading '%s': file not open", path ? path : "(null)");
    }
    return csim_h5__exists(r->id, path, exists);
}

/* Open object `path`, with a clear EINVAL when it does not exist. */
static csim_status open_object(const csim_h5_reader *r, const char *path, hid_t *obj) {
    bool exists = false;
    csim_status st = CSIM_OK;

    *obj = H5I_INVALID_HID;
    if (!reader_open(r)) {
        return CSIM_FAIL(CSIM_EINVAL, "reading '%s': file not open", path ? path : "(null)");
    }
    CSIM_TRY(csim_h5__exists(r->id, path, &exists));
    if (!exists) {
        st = CSIM_FAIL(CSIM_EINVAL, "%s: no object '%s'", r->path, path);
        goto cleanup;
    }
    if ((*obj = H5Oopen((hid_t) r->id, path, H5P_DEFAULT)) < 0) {
        st = CSIM_H5__FAIL("%s: opening '%s'", r->path, path);
        goto cleanup;
    }

cleanup:
    return st;
}

/* Open attribute `name` of `obj_path`, or a dataset (name NULL); *obj is the object. */
static csim_status open_data(const csim_h5_reader *r, const char *obj_path, const char *name,
                             hid_t *obj, hid_t *attr) {
    csim_status st = CSIM_OK;

    *attr = H5I_INVALID_HID;
    CSIM_TRY(open_object(r, obj_path, obj));
    if (!name) {
        if (H5Iget_type(*obj) != H5I_DATASET) {
            st = CSIM_FAIL(CSIM_EINVAL, "%s: '%s' is not a dataset", r->path, obj_path);
        }
        goto cleanup;
    }
    const htri_t has = H5Aexists(*obj, name);
    if (has < 0) {
        st = CSIM_H5__FAIL("%s: looking for attribute '%s' of '%s'", r->path, name, obj_path);
        goto cleanup;
    }
    if (has == 0) {
        st = CSIM_FAIL(CSIM_EINVAL, "%s: '%s' has no attribute '%s'", r->path, obj_path, name);
        goto cleanup;
    }
    if ((*attr = H5Aopen(*obj, name, H5P_DEFAULT)) < 0) {
        st = CSIM_H5__FAIL("%s: opening attribute '%s' of '%s'", r->path, name, obj_path);
        goto cleanup;
    }

cleanup:
    return st;
}

/* ------------------------------------------------------------------------------------ */
/* Strings                                                                              */
/* ------------------------------------------------------------------------------------ */

/* Read all strings of attribute `attr` (or dataset `dset` when attr < 0). */
static csim_status read_strings_of(const csim_h5_reader *r, const char *what, hid_t dset,
                                   hid_t attr, char ***out, size_t *n_out) {
    csim_status st = CSIM_OK;
    hid_t ftype = H5I_INVALID_HID, mtype = H5I_INVALID_HID, space = H5I_INVALID_HID;
    char **vlen = NULL;
    char *fixed = NULL;
    char **result = NULL;
    size_t n = 0;
    bool reclaim = false;
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
    const H5T_cset_t cset = H5Tget_cset(ftype);
    if (points < 0 || variable < 0 || cset < 0) {
        st = CSIM_H5__FAIL("%s: shape of %s", r->path, what);
        goto cleanup;
    }
    n = (size_t) points;
    if (!(result = calloc(n > 0 ? n : 1, sizeof *result))) {
        st = CSIM_FAIL(CSIM_ENOMEM, "%s: %zu strings of %s", r->path, n, what);
        goto cleanup;
    }
    if (variable > 0) {
        /* The memory type must have the file's character set for HDF5 to convert. */
        if ((mtype = H5Tcopy(H5T_C_S1)) < 0 || H5Tset_size(mtype, H5T_VARIABLE) < 0 ||
            H5Tset_cset(mtype, cset) < 0) {
            st = CSIM_H5__FAIL("%s: string type for %s", r->path, what);
            goto cleanup;
        }
        if (!(vlen = calloc(n > 0 ? n : 1, sizeof *vlen))) {
            st = CSIM_FAIL(CSIM_ENOMEM, "%s: %zu strings of %s", r->path, n, what);
            goto cleanup;
        }
        const herr_t rc = is_attr ? H5Aread(attr, mtype, vlen)
                                  : H5Dread(dset, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, vlen);
        if (rc < 0) {
            st = CSIM_H5__FAIL("%s: reading %s", r->path, what);
            goto cleanup;
        }
        reclaim = true;
        for (size_t i = 0; i < n; ++i) {
            const char *s = vlen[i] ? vlen[i] : "";
            if (!(result[i] = dup_n(s, strlen(s)))) {
                st = CSIM_FAIL(CSIM_ENOMEM, "%s: string %zu of %s", r->path, i, what);
                goto cleanup;
            }
        }
    } else {
        /* Fixed-length strings (other writers): size bytes each, NUL- or space-padded. */
        const size_t size = H5Tget_size(ftype);
        if (size == 0 || (mtype = H5Tcopy(ftype)) < 0) {
            st = CSIM_H5__FAIL("%s: string type for %s", r->path, what);
            goto cleanup;
        }
        if (!(fixed = malloc((n > 0 ? n : 1) * size))) {
            st = CSIM_FAIL(CSIM_ENOMEM, "%s: %zu strings of %s", r->path, n, what);
            goto cleanup;
        }
        const herr_t rc = is_attr ? H5Aread(attr, mtype, fixed)
                                  : H5Dread(dset, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, fixed);
        if (rc < 0) {
            st = CSIM_H5__FAIL("%s: reading %s", r->path, what);
            goto cleanup;
        }
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
            if (!(result[i] = dup_n(s, len))) {
                st = CSIM_FAIL(CSIM_ENOMEM, "%s: string %zu of %s", r->path, i, what);
                goto cleanup;
            }
        }
    }
    *out = result;
    *n_out = n;
    result = NULL;

cleanup:
    if (reclaim) {
        /* Strings HDF5 allocated for the read go back through HDF5. (1.10.8's header
         * declares H5Treclaim, but its library does not export it: 1.12 on.) */
#if H5_VERSION_GE(1, 12, 0)
        H5Treclaim(mtype, space, H5P_DEFAULT, vlen);
#else
        H5Dvlen_reclaim(mtype, space, H5P_DEFAULT, vlen);
#endif
    }
    csim_h5_strings_free(result, n);
    free(vlen);
    free(fixed);
    if (mtype >= 0) {
        H5Tclose(mtype);
    }
    if (space >= 0) {
        H5Sclose(space);
    }
    if (ftype >= 0) {
        H5Tclose(ftype);
    }
    return st;
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
    CSIM_TRY(open_data(r, obj_path, name, &obj, &attr));
    if (name) {
        snprintf(what, sizeof what, "attribute '%s' of '%s'", name, obj_path);
    } else {
        snprintf(what, sizeof what, "dataset '%s'", obj_path);
    }
    CSIM_TRY(read_strings_of(r, what, obj, attr, values, n));

cleanup:
    if (attr >= 0) {
        H5Aclose(attr);
    }
    if (obj >= 0) {
        H5Oclose(obj);
    }
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
    csim_h5_strings_free(all, n);
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
    CSIM_TRY(open_data(r, obj_path, name, &obj, &attr));
    if (name) {
        snprintf(what, sizeof what, "attribute '%s' of '%s'", name, obj_path);
    } else {
        snprintf(what, sizeof what, "dataset '%s'", obj_path);
    }
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
    if (mspace >= 0) {
        H5Sclose(mspace);
    }
    if (space >= 0) {
        H5Sclose(space);
    }
    if (ftype >= 0) {
        H5Tclose(ftype);
    }
    if (attr >= 0) {
        H5Aclose(attr);
    }
    if (obj >= 0) {
        H5Oclose(obj);
    }
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

csim_status csim_h5_read_attr_exists(const csim_h5_reader *r, const char *obj_path,
                                     const char *name, bool *exists) {
    csim_status st = CSIM_OK;
    hid_t obj = H5I_INVALID_HID;

    *exists = false;
    if (!name) {
        return CSIM_FAIL(CSIM_EINVAL, "testing an attribute of '%s': NULL name",
                         obj_path ? obj_path : "(null)");
    }
    CSIM_TRY(open_object(r, obj_path, &obj));
    const htri_t has = H5Aexists(obj, name);
    if (has < 0) {
        st = CSIM_H5__FAIL("%s: looking for attribute '%s' of '%s'", r->path, name, obj_path);
        goto cleanup;
    }
    *exists = has > 0;

cleanup:
    if (obj >= 0) {
        H5Oclose(obj);
    }
    return st;
}

csim_status csim_h5_read_info(const csim_h5_reader *r, const char *path, csim_h5_info *info) {
    csim_status st = CSIM_OK;
    hid_t obj = H5I_INVALID_HID, ftype = H5I_INVALID_HID, space = H5I_INVALID_HID;
    hsize_t dims[H5S_MAX_RANK];

    memset(info, 0, sizeof *info);
    info->cls = CSIM_H5_CLASS_OTHER;
    CSIM_TRY(open_object(r, path, &obj));
    const H5I_type_t kind = H5Iget_type(obj);
    if (kind == H5I_GROUP) {
        info->kind = CSIM_H5_KIND_GROUP;
        goto cleanup;
    }
    if (kind != H5I_DATASET) {
        info->kind = CSIM_H5_KIND_OTHER;
        goto cleanup;
    }
    info->kind = CSIM_H5_KIND_DATASET;
    if ((ftype = H5Dget_type(obj)) < 0 || (space = H5Dget_space(obj)) < 0) {
        st = CSIM_H5__FAIL("%s: type of dataset '%s'", r->path, path);
        goto cleanup;
    }
    switch (H5Tget_class(ftype)) {
    case H5T_INTEGER:
        info->cls = CSIM_H5_CLASS_INTEGER;
        break;
    case H5T_FLOAT:
        info->cls = CSIM_H5_CLASS_FLOAT;
        break;
    case H5T_STRING:
        info->cls = CSIM_H5_CLASS_STRING;
        break;
    default:
        info->cls = CSIM_H5_CLASS_OTHER;
        break;
    }
    const int rank = H5Sget_simple_extent_ndims(space);
    if (rank < 0 || H5Sget_simple_extent_dims(space, dims, NULL) < 0) {
        st = CSIM_H5__FAIL("%s: shape of dataset '%s'", r->path, path);
        goto cleanup;
    }
    info->rank = (size_t) rank;
    for (int i = 0; i < rank && i < CSIM_H5_MAX_RANK; ++i) {
        info->dims[i] = (size_t) dims[i];
    }

cleanup:
    if (space >= 0) {
        H5Sclose(space);
    }
    if (ftype >= 0) {
        H5Tclose(ftype);
    }
    if (obj >= 0) {
        H5Oclose(obj);
    }
    if (st != CSIM_OK) {
        memset(info, 0, sizeof *info);
        info->cls = CSIM_H5_CLASS_OTHER;
    }
    return st;
}

/* ------------------------------------------------------------------------------------ */
/* Structure                                                                            */
/* ------------------------------------------------------------------------------------ */

typedef struct name_list {
    char **names;     /* malloc'd array of malloc'd names */
    size_t n;         /* names in use */
    size_t capacity;  /* slots allocated */
    bool no_memory;   /* set when the callback stopped for lack of memory */
} name_list;

/* qsort() order of strings: byte-wise, as the header promises (strcmp compares bytes as
 * unsigned char). */
static int by_bytes(const void *a, const void *b) {
    return strcmp(*(char *const *) a, *(char *const *) b);
}

static herr_t collect_name(hid_t group, const char *name, const csim_link_info *info,
                           void *data) {
    (void) group;
    (void) info;
    name_list *list = data;
    if (list->n == list->capacity) {
        const size_t cap = list->capacity ? 2 * list->capacity : 16;
        char **grown = realloc(list->names, cap * sizeof *grown);
        if (!grown) {
            list->no_memory = true;
            return -1;
        }
        list->names = grown;
        list->capacity = cap;
    }
    if (!(list->names[list->n] = dup_n(name, strlen(name)))) {
        list->no_memory = true;
        return -1;
    }
    list->n++;
    return 0;
}

csim_status csim_h5_read_children(const csim_h5_reader *r, const char *path, char ***names,
                                  size_t *n) {
    csim_status st = CSIM_OK;
    hid_t obj = H5I_INVALID_HID;
    name_list list = {NULL, 0, 0, false};
    hsize_t idx = 0;

    *names = NULL;
    *n = 0;
    CSIM_TRY(open_object(r, path, &obj));
    if (H5Iget_type(obj) != H5I_GROUP) {
        st = CSIM_FAIL(CSIM_EINVAL, "%s: '%s' is not a group", r->path, path);
        goto cleanup;
    }
    /* In HDF5's native order, sorted here. Asking HDF5 for name order makes it copy a large
     * group's links into a table first, and when a damaged file stops that copy half-way,
     * HDF5 1.10.8 frees the table's unfilled entries too: a crash on a corrupted file
     * (found by tests/cli/test_hostile_files.sh; tests/data/fuzz/trajectory/). The native
     * order walks the group's own index instead. */
    if (CSIM_LITERATE(obj, H5_INDEX_NAME, H5_ITER_NATIVE, &idx, collect_name, &list) < 0) {
        st = list.no_memory ? CSIM_FAIL(CSIM_ENOMEM, "%s: names in '%s'", r->path, path)
                            : CSIM_H5__FAIL("%s: listing group '%s'", r->path, path);
        goto cleanup;
    }
    if (list.n > 1) {
        qsort(list.names, list.n, sizeof *list.names, by_bytes);
    }
    *names = list.names;
    *n = list.n;
    list.names = NULL;
    list.n = 0;

cleanup:
    csim_h5_strings_free(list.names, list.n);
    if (obj >= 0) {
        H5Oclose(obj);
    }
    return st;
}

/* Where an object lives: (file number, address) in 1.10, a token from 1.12 on. */
static csim_status object_where(const csim_h5_reader *r, const char *path, unsigned long *fileno,
                                void *where, size_t where_size) {
    csim_status st = CSIM_OK;
    bool exists = false;

    CSIM_TRY(csim_h5_read_exists(r, path, &exists));
    if (!exists) {
        st = CSIM_FAIL(CSIM_EINVAL, "%s: no object '%s'", r->path, path);
        goto cleanup;
    }
#if H5_VERSION_GE(1, 12, 0)
    H5O_info2_t info;
    if (H5Oget_info_by_name3((hid_t) r->id, path, &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0) {
        st = CSIM_H5__FAIL("%s: object info of '%s'", r->path, path);
        goto cleanup;
    }
    memcpy(where, &info.token, where_size < sizeof info.token ? where_size : sizeof info.token);
#else
    H5O_info_t info;
    if (H5Oget_info_by_name2((hid_t) r->id, path, &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0) {
        st = CSIM_H5__FAIL("%s: object info of '%s'", r->path, path);
        goto cleanup;
    }
    memcpy(where, &info.addr, where_size < sizeof info.addr ? where_size : sizeof info.addr);
#endif
    *fileno = info.fileno;

cleanup:
    return st;
}

csim_status csim_h5_read_same_object(const csim_h5_reader *r, const char *path_a,
                                     const char *path_b, bool *same) {
    csim_status st = CSIM_OK;
    unsigned long file_a = 0, file_b = 0;
    unsigned char where_a[64], where_b[64];

    *same = false;
    memset(where_a, 0, sizeof where_a);
    memset(where_b, 0, sizeof where_b);
    CSIM_TRY(object_where(r, path_a, &file_a, where_a, sizeof where_a));
    CSIM_TRY(object_where(r, path_b, &file_b, where_b, sizeof where_b));
    *same = file_a == file_b && memcmp(where_a, where_b, sizeof where_a) == 0;

cleanup:
    return st;
}
