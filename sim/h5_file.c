/* POSIX 2008 for fsync, link, mkstemp, O_DIRECTORY under -std=c11 (no GNU extensions). */
#define _POSIX_C_SOURCE 200809L

#include "sim/h5_file.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hdf5.h>

/* Public structs store handles as int64_t so that headers need not include <hdf5.h>. */
_Static_assert(sizeof(hid_t) == sizeof(int64_t), "hid_t must be int64_t (HDF5 >= 1.10)");
_Static_assert(H5I_INVALID_HID < 0, "valid handles are positive, the sentinel is not");
_Static_assert(sizeof(hsize_t) == sizeof(uint64_t), "hsize_t must be 64 bits");

static const char *const creator_name = "clustersim";

/* ------------------------------------------------------------------------------------ */
/* Folder-private helpers shared with sim/h5_series.c and sim/h5_read.c                 */
/* ------------------------------------------------------------------------------------ */

/* Error-stack walker: remember the deepest description, the one that names the cause
 * ("truncated file: eof = ...") rather than the API call that failed. */
static herr_t keep_innermost(unsigned n, const H5E_error2_t *err, void *data) {
    (void) n;
    if (err->desc && err->desc[0] != '\0') {
        char *out = data;
        snprintf(out, 400, "%s", err->desc);
        /* Some descriptions (failed writes) span lines: keep the message on one. */
        for (char *p = out; *p; ++p) {
            if (*p == '\n' || *p == '\r') {
                *p = ' ';
            }
        }
    }
    return 0;
}

csim_status csim_h5__fail(const char *file, int line, const char *fmt, ...) {
    char msg[1536];
    char cause[400] = "";
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* H5Ewalk2 does not clear the stack, so it still holds the failed call's errors. */
    (void) H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, keep_innermost, cause);
    if (cause[0] != '\0') {
        return csim_fail(CSIM_EIO, file, line, "%s (HDF5: %s)", msg, cause);
    }
    return csim_fail(CSIM_EIO, file, line, "%s", msg);
}

/* An absolute path with non-empty components: "/", "/a", "/a/b"; not "a", "/a/", "//a". */
static bool path_ok(const char *path) {
    if (!path || path[0] != '/') {
        return false;
    }
    if (path[1] == '\0') {
        return true;
    }
    for (const char *p = path; *p; ++p) {
        if (p[0] == '/' && (p[1] == '/' || p[1] == '\0')) {
            return false;
        }
    }
    return true;
}

/* The group handle for an existing prefix must be a group for the next H5Lexists to be
 * meaningful (H5Lexists("/a/b") fails, rather than says no, when /a is a dataset). */
static csim_status is_group(hid_t loc, const char *path, bool *group) {
    csim_status st = CSIM_OK;
    hid_t obj = H5I_INVALID_HID;

    *group = false;
    if ((obj = H5Oopen(loc, path, H5P_DEFAULT)) < 0) {
        st = CSIM_H5__FAIL("opening object '%s'", path);
        goto cleanup;
    }
    *group = H5Iget_type(obj) == H5I_GROUP;

cleanup:
    if (obj >= 0) {
        H5Oclose(obj);
    }
    return st;
}

csim_status csim_h5__exists(int64_t loc, const char *path, bool *exists) {
    csim_status st = CSIM_OK;
    char *buf = NULL;

    *exists = false;
    if (!path_ok(path)) {
        return CSIM_FAIL(CSIM_EINVAL, "object path '%s' is not absolute ('/a/b')",
                         path ? path : "(null)");
    }
    if (path[1] == '\0') {
        *exists = true;
        return CSIM_OK;
    }
    buf = malloc(strlen(path) + 1);
    if (!buf) {
        return CSIM_FAIL(CSIM_ENOMEM, "copy of path '%s'", path);
    }
    strcpy(buf, path);
    /* Test "/a", then "/a/b", ...: a missing parent means "no", not an error. */
    for (char *p = buf + 1;; ++p) {
        const bool last = (*p == '\0');
        if (*p == '/' || last) {
            const char saved = *p;
            *p = '\0';
            const htri_t here = H5Lexists((hid_t) loc, buf, H5P_DEFAULT);
            if (here < 0) {
                st = CSIM_H5__FAIL("testing whether '%s' exists", buf);
                goto cleanup;
            }
            if (here == 0) {
                goto cleanup; /* *exists stays false */
            }
            if (last) {
                /* A dangling soft link exists as a link but not as an object. */
                const htri_t obj = H5Oexists_by_name((hid_t) loc, buf, H5P_DEFAULT);
                if (obj < 0) {
                    st = CSIM_H5__FAIL("testing whether object '%s' exists", buf);
                    goto cleanup;
                }
                *exists = obj > 0;
                goto cleanup;
            }
            bool group = false;
            CSIM_TRY(is_group((hid_t) loc, buf, &group));
            if (!group) {
                goto cleanup; /* "/a/b" cannot exist below a dataset "/a" */
            }
            *p = saved;
        }
    }

cleanup:
    free(buf);
    return st;
}

void csim_h5__chunk_dims(size_t rank, const uint64_t *dims, size_t elem_size, uint64_t *chunk) {
    /* Bytes of one index of axis i: elem_size times the extents of the axes after i. */
    uint64_t inner[3] = {elem_size, elem_size, elem_size};
    for (size_t i = rank; i-- > 1;) {
        inner[i - 1] = inner[i] * (dims[i] > 0 ? dims[i] : 1);
    }
    for (size_t i = 0; i < rank; ++i) {
        chunk[i] = dims[i] > 0 ? dims[i] : 1;
    }
    /* Axis 0 (time, or rows of a table): group narrow rows into ~64 KiB chunks, which
     * keeps the chunk index small and deflate effective; wide rows get one row each. */
    uint64_t rows = inner[0] >= CSIM_H5__CHUNK_TARGET ? 1 : CSIM_H5__CHUNK_TARGET / inner[0];
    if (dims[0] > 0 && rows > dims[0]) {
        rows = dims[0]; /* a fixed dataset needs no chunk longer than itself */
    }
    chunk[0] = rows;
    /* A row over 1 MiB is cut along the next axes into near-equal parts of <= 1 MiB, so
     * that one chunk still fits HDF5's default 1 MiB chunk cache. */
    for (size_t i = 1; i < rank; ++i) {
        const uint64_t d = chunk[i];
        if (d * inner[i] <= CSIM_H5__CHUNK_MAX) {
            break;
        }
        if (inner[i] <= CSIM_H5__CHUNK_MAX) {
            const uint64_t parts = (d * inner[i] + CSIM_H5__CHUNK_MAX - 1) / CSIM_H5__CHUNK_MAX;
            chunk[i] = (d + parts - 1) / parts;
            break;
        }
        chunk[i] = 1;
    }
}

void csim_h5__close(int64_t *id) {
    const hid_t h = (hid_t) *id;
    *id = H5I_INVALID_HID;
    /* A zeroed struct holds 0, a closed one -1; a file closed by H5F_CLOSE_STRONG
     * leaves its objects' handles invalid: all of these are no-ops. */
    if (h <= 0 || H5Iis_valid(h) <= 0) {
        return;
    }
    switch (H5Iget_type(h)) {
    case H5I_FILE:
        H5Fclose(h);
        break;
    case H5I_GROUP:
        H5Gclose(h);
        break;
    case H5I_DATASET:
        H5Dclose(h);
        break;
    case H5I_DATATYPE:
        H5Tclose(h);
        break;
    case H5I_DATASPACE:
        H5Sclose(h);
        break;
    case H5I_ATTR:
        H5Aclose(h);
        break;
    case H5I_GENPROP_LST:
        H5Pclose(h);
        break;
    default:
        H5Idec_ref(h);
        break;
    }
}

/* ------------------------------------------------------------------------------------ */
/* Small local helpers                                                                  */
/* ------------------------------------------------------------------------------------ */

static bool is_open(const csim_h5_file *f) {
    return f && f->id > 0 && f->tmp_path && f->final_path;
}

static char *dup_string(const char *s) {
    char *copy = malloc(strlen(s) + 1);
    if (copy) {
        strcpy(copy, s);
    }
    return copy;
}

/* Variable-length UTF-8 strings: h5py returns them as str (fixed-length ones as bytes). */
static hid_t vlen_utf8(void) {
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t < 0) {
        return H5I_INVALID_HID;
    }
    if (H5Tset_size(t, H5T_VARIABLE) < 0 || H5Tset_cset(t, H5T_CSET_UTF8) < 0) {
        H5Tclose(t);
        return H5I_INVALID_HID;
    }
    return t;
}

/* File types are explicit little-endian so that the file does not depend on the writer's
 * byte order; memory types are native and HDF5 converts if ever needed. */
static hid_t file_type(csim_h5_type type) {
    switch (type) {
    case CSIM_H5_DOUBLE: return H5T_IEEE_F64LE;
    case CSIM_H5_INT32: return H5T_STD_I32LE;
    case CSIM_H5_INT16: return H5T_STD_I16LE;
    case CSIM_H5_INT8: return H5T_STD_I8LE;
    default: return H5T_STD_I64LE;
    }
}

static hid_t mem_type(csim_h5_type type) {
    switch (type) {
    case CSIM_H5_DOUBLE: return H5T_NATIVE_DOUBLE;
    case CSIM_H5_INT32: return H5T_NATIVE_INT32;
    case CSIM_H5_INT16: return H5T_NATIVE_INT16;
    case CSIM_H5_INT8: return H5T_NATIVE_INT8;
    default: return H5T_NATIVE_INT64;
    }
}

int64_t csim_h5__file_type(csim_h5_type type) {
    return (int64_t) file_type(type);
}

int64_t csim_h5__mem_type(csim_h5_type type) {
    return (int64_t) mem_type(type);
}

size_t csim_h5_type_size(csim_h5_type type) {
    switch (type) {
    case CSIM_H5_DOUBLE:
    case CSIM_H5_INT64: return 8;
    case CSIM_H5_INT32: return 4;
    case CSIM_H5_INT16: return 2;
    case CSIM_H5_INT8: return 1;
    default: return 0;
    }
}

static bool type_known(csim_h5_type type) {
    return csim_h5_type_size(type) > 0;
}

/* Link names in UTF-8, so that non-ASCII names round-trip through h5py. */
static hid_t utf8_lcpl(void) {
    hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
    if (lcpl >= 0 && H5Pset_char_encoding(lcpl, H5T_CSET_UTF8) < 0) {
        H5Pclose(lcpl);
        return H5I_INVALID_HID;
    }
    return lcpl;
}

/* The link and attribute creation lists (UTF-8 names) are the same for every object of
 * a file: made once per file and kept in it (closed by forget()), instead of created
 * and destroyed for each of its few hundred datasets and attributes. */
static hid_t shared_lcpl(csim_h5_file *f) {
    if (f->lcpl <= 0) {
        f->lcpl = (int64_t) utf8_lcpl();
    }
    return (hid_t) f->lcpl;
}

static hid_t shared_acpl(csim_h5_file *f) {
    if (f->acpl <= 0) {
        hid_t acpl = H5Pcreate(H5P_ATTRIBUTE_CREATE);
        if (acpl >= 0 && H5Pset_char_encoding(acpl, H5T_CSET_UTF8) < 0) {
            H5Pclose(acpl);
            acpl = H5I_INVALID_HID;
        }
        f->acpl = (int64_t) acpl;
    }
    return (hid_t) f->acpl;
}

/* Object modification times are not recorded: the same run then gives the same bytes
 * (apart from provenance that the caller writes on purpose). */
static hid_t untimed(hid_t cls) {
    hid_t pl = H5Pcreate(cls);
    if (pl >= 0 && H5Pset_obj_track_times(pl, 0) < 0) {
        H5Pclose(pl);
        return H5I_INVALID_HID;
    }
    return pl;
}

/* Create the groups of `path` that are missing; with !include_last, stop at its parent
 * (the path of a dataset about to be created). Existing components must be groups. */
static csim_status make_groups(csim_h5_file *f, const char *path, bool include_last) {
    csim_status st = CSIM_OK;
    char *buf = NULL;
    hid_t gcpl = H5I_INVALID_HID, lcpl = H5I_INVALID_HID, grp = H5I_INVALID_HID;

    if (!path_ok(path)) {
        return CSIM_FAIL(CSIM_EINVAL, "%s: object path '%s' is not absolute ('/a/b')",
                         f->final_path, path ? path : "(null)");
    }
    if (!(buf = dup_string(path))) {
        return CSIM_FAIL(CSIM_ENOMEM, "copy of path '%s'", path);
    }
    /* Fast path: the innermost group exists already (a group gets many datasets), one
     * open instead of a walk over every component. */
    if (!include_last) {
        char *slash = strrchr(buf, '/');
        *slash = '\0';
    }
    if (buf[0] == '\0') {
        goto cleanup; /* the parent is "/" */
    }
    grp = H5Gopen2((hid_t) f->id, buf, H5P_DEFAULT);
    if (grp >= 0) {
        goto cleanup;
    }
    strcpy(buf, path);
    if ((gcpl = untimed(H5P_GROUP_CREATE)) < 0 || (lcpl = shared_lcpl(f)) < 0) {
        st = CSIM_H5__FAIL("%s: property lists for group '%s'", f->final_path, path);
        goto cleanup;
    }
    /* Walk "/a", "/a/b", ... ("/" itself always exists: the loop ends at once). */
    for (char *p = buf + 1; path[1] != '\0'; ++p) {
        const bool last = (*p == '\0');
        if (last && !include_last) {
            break;
        }
        if (*p == '/' || last) {
            *p = '\0';
            const htri_t here = H5Lexists((hid_t) f->id, buf, H5P_DEFAULT);
            if (here < 0) {
                st = CSIM_H5__FAIL("%s: testing whether '%s' exists", f->final_path, buf);
                goto cleanup;
            }
            if (here > 0) {
                bool group = false;
                CSIM_TRY(is_group((hid_t) f->id, buf, &group));
                if (!group) {
                    st = CSIM_FAIL(CSIM_EINVAL, "%s: '%s' exists and is not a group (in '%s')",
                                   f->final_path, buf, path);
                    goto cleanup;
                }
            } else {
                if ((grp = H5Gcreate2((hid_t) f->id, buf, lcpl, gcpl, H5P_DEFAULT)) < 0) {
                    st = CSIM_H5__FAIL("%s: creating group '%s'", f->final_path, buf);
                    goto cleanup;
                }
                H5Gclose(grp);
                grp = H5I_INVALID_HID;
            }
            if (last) {
                break;
            }
            *p = '/';
        }
    }

cleanup:
    if (grp >= 0) {
        H5Gclose(grp);
    }
    if (gcpl >= 0) {
        H5Pclose(gcpl);
    }
    free(buf);
    return st;
}

/* Write (or replace) attribute `name` of the object `obj_path`, or of the open object
 * `held` when it is a valid handle (a dataset just created: no second lookup by path).
 * `fresh`: the object was just created and cannot have the attribute yet, so the test
 * for an older one (a lookup in the object header) is skipped. */
static csim_status attr_put_at(csim_h5_file *f, hid_t held, const char *obj_path,
                               const char *name, hid_t ftype, hid_t mtype, hid_t space,
                               const void *buf, bool fresh) {
    csim_status st = CSIM_OK;
    hid_t obj = H5I_INVALID_HID, acpl = H5I_INVALID_HID, attr = H5I_INVALID_HID;
    bool exists = false;

    if (!is_open(f) || !obj_path || !name || name[0] == '\0') {
        return CSIM_FAIL(CSIM_EINVAL, "attribute '%s' of '%s': file not open or NULL argument",
                         name ? name : "(null)", obj_path ? obj_path : "(null)");
    }
    if (held < 0) {
        /* Open first, and walk the path only to explain a failure: the walk costs more
         * than the attribute itself, and files get hundreds of attributes. */
        if (!path_ok(obj_path) || (obj = H5Oopen((hid_t) f->id, obj_path, H5P_DEFAULT)) < 0) {
            CSIM_TRY(csim_h5__exists(f->id, obj_path, &exists));
            if (!exists) {
                st = CSIM_FAIL(CSIM_EINVAL, "%s: no object '%s' to hold attribute '%s'",
                               f->final_path, obj_path, name);
            } else {
                st = CSIM_H5__FAIL("%s: opening '%s'", f->final_path, obj_path);
            }
            goto cleanup;
        }
    }
    const hid_t target = held >= 0 ? held : obj;
    const htri_t old = fresh ? 0 : H5Aexists(target, name);
    if (old < 0 || (old > 0 && H5Adelete(target, name) < 0)) {
        st = CSIM_H5__FAIL("%s: replacing attribute '%s' of '%s'", f->final_path, name, obj_path);
        goto cleanup;
    }
    if ((acpl = shared_acpl(f)) < 0 ||
        (attr = H5Acreate2(target, name, ftype, space, acpl, H5P_DEFAULT)) < 0 ||
        H5Awrite(attr, mtype, buf) < 0) {
        st = CSIM_H5__FAIL("%s: writing attribute '%s' of '%s'", f->final_path, name, obj_path);
        goto cleanup;
    }

cleanup:
    if (attr >= 0) {
        H5Aclose(attr);
    }
    if (obj >= 0) {
        H5Oclose(obj);
    }
    return st;
}

static csim_status attr_put(csim_h5_file *f, const char *obj_path, const char *name,
                            hid_t ftype, hid_t mtype, hid_t space, const void *buf) {
    return attr_put_at(f, H5I_INVALID_HID, obj_path, name, ftype, mtype, space, buf, false);
}

csim_status csim_h5__attr_strings_new(csim_h5_file *f, int64_t obj, const char *path,
                                      const char *name, const char *const *values, size_t n) {
    csim_status st = CSIM_OK;
    const hsize_t dims[1] = {(hsize_t) n};
    hid_t type = H5I_INVALID_HID, space = H5I_INVALID_HID;
    if (!values || !name) {
        return CSIM_FAIL(CSIM_EINVAL, "%s: attribute without name or values", path);
    }
    for (size_t i = 0; i < (n > 0 ? n : 1); ++i) {
        if (!values[i]) {
            return CSIM_FAIL(CSIM_EINVAL, "%s: attribute '%s': string %zu is NULL", path,
                             name, i);
        }
    }
    if ((type = vlen_utf8()) < 0 ||
        (space = n == 0 ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, dims, NULL)) < 0) {
        st = CSIM_H5__FAIL("string type for attribute '%s'", name);
        goto cleanup;
    }
    CSIM_TRY(attr_put_at(f, (hid_t) obj, path, name, type, type, space, values, true));
cleanup:
    if (space >= 0) {
        H5Sclose(space);
    }
    if (type >= 0) {
        H5Tclose(type);
    }
    return st;
}

static csim_status attr_num_at(csim_h5_file *f, hid_t obj, const char *path, const char *name,
                               csim_h5_type type, const void *value) {
    csim_status st = CSIM_OK;
    hid_t space = H5I_INVALID_HID;
    if ((space = H5Screate(H5S_SCALAR)) < 0) {
        return CSIM_H5__FAIL("dataspace for attribute '%s'", name);
    }
    st = attr_put_at(f, obj, path, name, file_type(type), mem_type(type), space, value, true);
    H5Sclose(space);
    return st;
}

/* Validate a dataset path before creating it: file open, parents made, name free. */
static csim_status prepare_dataset(csim_h5_file *f, const char *path) {
    csim_status st = CSIM_OK;
    bool exists = false;

    if (!is_open(f)) {
        return CSIM_FAIL(CSIM_EINVAL, "dataset '%s': file not open", path ? path : "(null)");
    }
    if (!path_ok(path) || path[1] == '\0') {
        return CSIM_FAIL(CSIM_EINVAL, "%s: dataset path '%s' is not absolute ('/a/b')",
                         f->final_path, path ? path : "(null)");
    }
    CSIM_TRY(make_groups(f, path, false));
    /* The parent is a group now: one link lookup says whether the name is taken. */
    const htri_t here = H5Lexists((hid_t) f->id, path, H5P_DEFAULT);
    if (here < 0) {
        st = CSIM_H5__FAIL("%s: testing whether '%s' exists", f->final_path, path);
        goto cleanup;
    }
    exists = here > 0;
    if (exists) {
        st = CSIM_FAIL(CSIM_EINVAL, "%s: '%s' exists already", f->final_path, path);
    }

cleanup:
    return st;
}

/* Write `n` strings as a scalar (as_array false, n == 1) or 1-D variable-length UTF-8
 * dataset `name` in `loc`; `path` names it in messages. With `check`, the path is
 * validated first (parents created, name free). */
static csim_status strings_dataset_at(csim_h5_file *f, hid_t loc, const char *name,
                                      const char *path, const char *const *values, size_t n,
                                      bool as_array, bool check) {
    csim_status st = CSIM_OK;
    hid_t type = H5I_INVALID_HID, space = H5I_INVALID_HID, lcpl = H5I_INVALID_HID;
    hid_t dcpl = H5I_INVALID_HID, dset = H5I_INVALID_HID, dxpl = H5I_INVALID_HID;
    const hsize_t dims[1] = {(hsize_t) n};
    /* The strings are converted (memory pointers to heap references) through a buffer
     * that HDF5 sizes from the transfer list, 1 MiB by default, and clears along with a
     * second one of the same size: 2 million instructions for a handful of names. One
     * entry per string (16 bytes each way) is all the conversion needs. */
    const size_t conv_bytes = (n > 0 ? n : 1) * 2 * sizeof(hvl_t);

    for (size_t i = 0; i < n; ++i) {
        if (!values[i]) {
            return CSIM_FAIL(CSIM_EINVAL, "dataset '%s': string %zu is NULL",
                             path ? path : "(null)", i);
        }
    }
    if (check) {
        CSIM_TRY(prepare_dataset(f, path));
    }
    if ((type = vlen_utf8()) < 0 ||
        (space = as_array ? H5Screate_simple(1, dims, NULL) : H5Screate(H5S_SCALAR)) < 0 ||
        (lcpl = shared_lcpl(f)) < 0 || (dcpl = untimed(H5P_DATASET_CREATE)) < 0 ||
        (dxpl = H5Pcreate(H5P_DATASET_XFER)) < 0 ||
        H5Pset_buffer(dxpl, conv_bytes, NULL, NULL) < 0 ||
        (dset = H5Dcreate2(loc, name, type, space, lcpl, dcpl, H5P_DEFAULT)) < 0 ||
        H5Dwrite(dset, type, H5S_ALL, H5S_ALL, dxpl, values) < 0) {
        st = CSIM_H5__FAIL("%s: writing string dataset '%s'", f->final_path, path);
        goto cleanup;
    }

cleanup:
    if (dset >= 0) {
        H5Dclose(dset);
    }
    if (dxpl >= 0) {
        H5Pclose(dxpl);
    }
    if (dcpl >= 0) {
        H5Pclose(dcpl);
    }
    if (space >= 0) {
        H5Sclose(space);
    }
    if (type >= 0) {
        H5Tclose(type);
    }
    return st;
}

static csim_status strings_dataset(csim_h5_file *f, const char *path, const char *const *values,
                                   size_t n, bool as_array) {
    return strings_dataset_at(f, (hid_t) f->id, path, path, values, n, as_array, true);
}

csim_status csim_h5__strings_dataset_in(csim_h5_file *f, int64_t loc, const char *name,
                                        const char *path, const char *const *values, size_t n) {
    if (!is_open(f) || loc <= 0 || !name || !path || !values || n == 0) {
        return CSIM_FAIL(CSIM_EINVAL, "string dataset '%s': group not open or no strings",
                         path ? path : "(null)");
    }
    return strings_dataset_at(f, (hid_t) loc, name, path, values, n, true, false);
}

/* ------------------------------------------------------------------------------------ */
/* Dataset creation (shared with sim/h5_series.c)                                      */
/* ------------------------------------------------------------------------------------ */

/* Attribute `fill_value` of the dataset `d` (named `path`), in its own type. */
static csim_status write_fill_attr(csim_h5_file *f, hid_t dset, const char *path,
                                   csim_h5_type type) {
    const double d = (double) NAN;
    const int64_t i64 = -1;
    const int32_t i32 = -1;
    const int16_t i16 = -1;
    const int8_t i8 = -1;
    const void *v = type == CSIM_H5_DOUBLE  ? (const void *) &d
                    : type == CSIM_H5_INT32 ? (const void *) &i32
                    : type == CSIM_H5_INT16 ? (const void *) &i16
                    : type == CSIM_H5_INT8  ? (const void *) &i8
                                            : (const void *) &i64;
    return attr_num_at(f, dset, path, "fill_value", type, v);
}

/* Create dataset `name` in the location `loc` (the file, with an absolute `name`, or an
 * open group) as `spec` says; `path` names it in messages. With `check`, the path is
 * validated first (parents created, name free); without, the caller guarantees both. */
static csim_status dataset_create(csim_h5_file *f, hid_t loc, const char *name,
                                  const char *path, const csim_h5__dset_spec *spec,
                                  bool check, int64_t *dset) {
    csim_status st = CSIM_OK;
    hid_t space = H5I_INVALID_HID, lcpl = H5I_INVALID_HID, dcpl = H5I_INVALID_HID;
    hid_t d = H5I_INVALID_HID;
    hsize_t cur[3] = {0, 0, 0}, max[3] = {0, 0, 0}, chunk[3] = {1, 1, 1};
    uint64_t chunk64[3] = {1, 1, 1};
    /* The fill value of every integer type is -1; HDF5 converts it to the file type. */
    const double nan_fill = (double) NAN;
    const int64_t int_fill = -1;

    *dset = H5I_INVALID_HID;
    if (!spec || spec->rank < 1 || spec->rank > 3 || !type_known(spec->type)) {
        return CSIM_FAIL(CSIM_EINVAL, "dataset '%s': rank %zu or type %d not supported",
                         path ? path : "(null)", spec ? spec->rank : 0,
                         spec ? (int) spec->type : -1);
    }
    const size_t rank = spec->rank;
    const size_t elem = csim_h5_type_size(spec->type);
    uint64_t bytes = elem;
    bool extendible = false, chunk_given = true;
    for (size_t i = 0; i < rank; ++i) {
        if (spec->dims[i] == 0 && !spec->unlimited[i]) {
            return CSIM_FAIL(CSIM_EINVAL, "dataset '%s': extent %zu is 0", path ? path : "(null)",
                             i);
        }
        cur[i] = (hsize_t) spec->dims[i];
        max[i] = spec->unlimited[i] ? H5S_UNLIMITED : (hsize_t) spec->dims[i];
        extendible = extendible || spec->unlimited[i];
        bytes *= spec->dims[i] > 0 ? spec->dims[i] : 1;
        chunk_given = chunk_given && spec->chunk[i] > 0;
    }
    if (check) {
        CSIM_TRY(prepare_dataset(f, path));
    }

    /* Small fixed datasets stay contiguous: chunking them would only add an index. */
    const bool chunked = extendible || bytes > CSIM_H5__CHUNK_TARGET;
    if ((space = H5Screate_simple((int) rank, cur, max)) < 0 || (lcpl = shared_lcpl(f)) < 0 ||
        (dcpl = untimed(H5P_DATASET_CREATE)) < 0) {
        st = CSIM_H5__FAIL("%s: dataspace for '%s'", f->final_path, path);
        goto cleanup;
    }
    /* An explicit fill value marks what was never written: NaN for floats, -1 for ids,
     * codes and counts (OUTPUT.md); a dead firm's column of a snapshot is fill. */
    const herr_t fill = spec->type == CSIM_H5_DOUBLE
                            ? H5Pset_fill_value(dcpl, H5T_NATIVE_DOUBLE, &nan_fill)
                            : H5Pset_fill_value(dcpl, H5T_NATIVE_INT64, &int_fill);
    if (fill < 0) {
        st = CSIM_H5__FAIL("%s: fill value of '%s'", f->final_path, path);
        goto cleanup;
    }
    if (chunked) {
        if (chunk_given) {
            for (size_t i = 0; i < rank; ++i) {
                chunk64[i] = spec->chunk[i];
            }
        } else {
            csim_h5__chunk_dims(rank, spec->dims, elem, chunk64);
        }
        uint64_t chunk_bytes = elem;
        for (size_t i = 0; i < rank; ++i) {
            chunk[i] = (hsize_t) chunk64[i];
            chunk_bytes *= chunk64[i];
        }
        /* Shuffle then deflate: byte-regrouping makes slowly varying numbers compress
         * well; deflate is the one filter every HDF5 reader has (no plugins). Level 1 is
         * most of the gain at a fraction of the CPU of higher levels. A chunk under
         * CSIM_H5__SMALL_CHUNK bytes is stored raw: each deflate call costs some 300,000
         * instructions before its first byte (zlib allocates and clears 256 KiB of
         * tables), which would buy at most a few KiB (a baseline file has 60 such
         * chunks: 156 months of an observable, the institutions' columns). */
        const bool filtered = !spec->raw && chunk_bytes >= CSIM_H5__SMALL_CHUNK;
        if (H5Pset_chunk(dcpl, (int) rank, chunk) < 0 ||
            (filtered && (H5Pset_shuffle(dcpl) < 0 || H5Pset_deflate(dcpl, 1) < 0))) {
            st = CSIM_H5__FAIL("%s: chunking and filters of '%s'", f->final_path, path);
            goto cleanup;
        }
    }
    if ((d = H5Dcreate2(loc, name, file_type(spec->type), space, lcpl, dcpl, H5P_DEFAULT)) <
        0) {
        st = CSIM_H5__FAIL("%s: creating dataset '%s'", f->final_path, path);
        goto cleanup;
    }
    if (spec->unit) {
        const char *const unit[1] = {spec->unit};
        CSIM_TRY(csim_h5__attr_strings_new(f, (int64_t) d, path, "unit", unit, 0));
    }
    if (chunked) {
        /* h5py shows the fill value only as a dataset property; an attribute tells readers
         * of any language what "not written" (a firm not alive) looks like. */
        CSIM_TRY(write_fill_attr(f, d, path, spec->type));
    }
    *dset = d;
    d = H5I_INVALID_HID;

cleanup:
    if (d >= 0) {
        H5Dclose(d);
    }
    if (dcpl >= 0) {
        H5Pclose(dcpl);
    }
    if (space >= 0) {
        H5Sclose(space);
    }
    return st;
}

csim_status csim_h5__dataset_create_ex(csim_h5_file *f, const char *path,
                                       const csim_h5__dset_spec *spec, int64_t *dset) {
    *dset = H5I_INVALID_HID;
    if (!is_open(f)) {
        return CSIM_FAIL(CSIM_EINVAL, "dataset '%s': file not open", path ? path : "(null)");
    }
    return dataset_create(f, (hid_t) f->id, path, path, spec, true, dset);
}

csim_status csim_h5__dataset_create_in(csim_h5_file *f, int64_t loc, const char *name,
                                       const char *path, const csim_h5__dset_spec *spec,
                                       int64_t *dset) {
    *dset = H5I_INVALID_HID;
    if (!is_open(f) || loc <= 0 || !name || !path) {
        return CSIM_FAIL(CSIM_EINVAL, "dataset '%s': file or group not open, or no name",
                         path ? path : "(null)");
    }
    return dataset_create(f, (hid_t) loc, name, path, spec, false, dset);
}

csim_status csim_h5__group_create_new(csim_h5_file *f, const char *path, int64_t *group) {
    csim_status st = CSIM_OK;
    hid_t gcpl = H5I_INVALID_HID, lcpl = H5I_INVALID_HID, g = H5I_INVALID_HID;

    *group = H5I_INVALID_HID;
    if (!is_open(f)) {
        return CSIM_FAIL(CSIM_EINVAL, "group '%s': file not open", path ? path : "(null)");
    }
    if (!path_ok(path) || path[1] == '\0') {
        return CSIM_FAIL(CSIM_EINVAL, "%s: group path '%s' is not absolute ('/a/b')",
                         f->final_path, path ? path : "(null)");
    }
    /* Parents first (usually one successful open), then one link lookup. */
    CSIM_TRY(make_groups(f, path, false));
    const htri_t here = H5Lexists((hid_t) f->id, path, H5P_DEFAULT);
    if (here < 0) {
        st = CSIM_H5__FAIL("%s: testing whether '%s' exists", f->final_path, path);
        goto cleanup;
    }
    if (here > 0) {
        st = CSIM_FAIL(CSIM_EINVAL, "%s: '%s' exists already", f->final_path, path);
        goto cleanup;
    }
    if ((gcpl = untimed(H5P_GROUP_CREATE)) < 0 || (lcpl = shared_lcpl(f)) < 0 ||
        (g = H5Gcreate2((hid_t) f->id, path, lcpl, gcpl, H5P_DEFAULT)) < 0) {
        st = CSIM_H5__FAIL("%s: creating group '%s'", f->final_path, path);
        goto cleanup;
    }
    *group = (int64_t) g;
    g = H5I_INVALID_HID;

cleanup:
    if (g >= 0) {
        H5Gclose(g);
    }
    if (gcpl >= 0) {
        H5Pclose(gcpl);
    }
    return st;
}

csim_status csim_h5__dataset_create(csim_h5_file *f, const char *path, csim_h5_type type,
                                    size_t rank, const uint64_t *dims, bool extendible,
                                    const char *unit, int64_t *dset) {
    csim_h5__dset_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.type = type;
    spec.rank = rank;
    for (size_t i = 0; i < rank && i < 3; ++i) {
        spec.dims[i] = dims[i];
    }
    spec.unlimited[0] = extendible;
    spec.unit = unit;
    return csim_h5__dataset_create_ex(f, path, &spec, dset);
}

/* ------------------------------------------------------------------------------------ */
/* The file: create, commit, abort                                                      */
/* ------------------------------------------------------------------------------------ */

/* Split `path` into its folder ("." when there is none) and base name, both malloc'd. */
static csim_status split_path(const char *path, char **dir, char **base) {
    const char *slash = strrchr(path, '/');
    const size_t dir_len = slash ? (slash == path ? 1 : (size_t) (slash - path)) : 1;
    *dir = malloc(dir_len + 1);
    *base = dup_string(slash ? slash + 1 : path);
    if (!*dir || !*base) {
        free(*dir);
        free(*base);
        *dir = *base = NULL;
        return CSIM_FAIL(CSIM_ENOMEM, "splitting path '%s'", path);
    }
    if (slash) {
        memcpy(*dir, path, dir_len);
    } else {
        (*dir)[0] = '.';
    }
    (*dir)[dir_len] = '\0';
    return CSIM_OK;
}

/* Reserve a unique temporary name ".BASE.tmp-PID-XXXXXX" in the folder. mkstemp proves
 * that the folder is writable (with the system's reason when it is not) and cannot
 * collide with a stale file from an earlier run that had the same PID. The file is
 * removed again so that HDF5 creates it with the usual permissions (0666 & ~umask;
 * mkstemp's are 0600). */
static csim_status reserve_tmp(csim_h5_file *f, const char *base) {
    const char *sep = f->dir_path[strlen(f->dir_path) - 1] == '/' ? "" : "/";
    const size_t size = strlen(f->dir_path) + strlen(base) + 48;
    if (!(f->tmp_path = malloc(size))) {
        return CSIM_FAIL(CSIM_ENOMEM, "temporary name for '%s'", f->final_path);
    }
    snprintf(f->tmp_path, size, "%s%s.%s.tmp-%ld-XXXXXX", f->dir_path, sep, base,
             (long) getpid());
    const int fd = mkstemp(f->tmp_path);
    if (fd < 0) {
        const int err = errno;
        free(f->tmp_path);
        f->tmp_path = NULL;
        return CSIM_FAIL(CSIM_EIO, "cannot write to output folder '%s' (for '%s'): %s",
                         f->dir_path, f->final_path, strerror(err));
    }
    close(fd);
    unlink(f->tmp_path);
    return CSIM_OK;
}

csim_status csim_h5_create(csim_h5_file *f, const char *final_path, const char *author,
                           const char *creator_version, bool force) {
    csim_status st = CSIM_OK;
    hid_t fcpl = H5I_INVALID_HID, fapl = H5I_INVALID_HID;
    char *base = NULL;
    struct stat info;

    memset(f, 0, sizeof *f);
    f->id = H5I_INVALID_HID;
    if (!final_path || final_path[0] == '\0' || final_path[strlen(final_path) - 1] == '/') {
        return CSIM_FAIL(CSIM_EINVAL, "output path '%s' is empty or names a folder",
                         final_path ? final_path : "(null)");
    }
    f->force = force;
    if (!(f->final_path = dup_string(final_path))) {
        st = CSIM_FAIL(CSIM_ENOMEM, "copy of path '%s'", final_path);
        goto cleanup;
    }
    CSIM_TRY(split_path(final_path, &f->dir_path, &base));
    if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
        st = CSIM_FAIL(CSIM_EINVAL, "output path '%s' names a folder", final_path);
        goto cleanup;
    }
    if (stat(final_path, &info) == 0) {
        if (S_ISDIR(info.st_mode)) {
            st = CSIM_FAIL(CSIM_EIO, "output path '%s' is a folder", final_path);
            goto cleanup;
        }
        if (!force) {
            st = CSIM_FAIL(CSIM_EEXIST, "output file '%s' exists; use --force to replace it",
                           final_path);
            goto cleanup;
        }
    }
    if (stat(f->dir_path, &info) != 0) {
        const int err = errno;
        st = CSIM_FAIL(CSIM_EIO, "output folder '%s' (for '%s') is not usable: %s", f->dir_path,
                       final_path, strerror(err));
        goto cleanup;
    }
    if (!S_ISDIR(info.st_mode)) {
        st = CSIM_FAIL(CSIM_EIO, "'%s' (folder of '%s') is not a folder", f->dir_path,
                       final_path);
        goto cleanup;
    }
    CSIM_TRY(reserve_tmp(f, base));

    /* File format bounds [1.8, 1.8]: the newer link and attribute storage of 1.8 (compact
     * groups, UTF-8 names), and nothing that needs 1.10 (SWMR, virtual datasets, the new
     * chunk indexes), so that any HDF5 >= 1.8 -- older h5py, R's rhdf5, MATLAB, Julia
     * builds -- opens the file. SWMR is not needed: a run writes one file per process
     * and readers open it after commit. */
    if ((fapl = H5Pcreate(H5P_FILE_ACCESS)) < 0 ||
        H5Pset_libver_bounds(fapl, H5F_LIBVER_V18, H5F_LIBVER_V18) < 0 ||
        /* STRONG: closing the file closes every object still open in it, so commit can
         * never leave a half-written file behind an open dataset. */
        H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) < 0 ||
        (fcpl = untimed(H5P_FILE_CREATE)) < 0) {
        st = CSIM_H5__FAIL("%s: file property lists", final_path);
        goto cleanup;
    }
#if H5_VERSION_GE(1, 10, 7)
    /* Keep HDF5's file locking, but do not fail where the file system has none (NFS,
     * Lustre mounts without flock). */
    if (H5Pset_file_locking(fapl, 1, 1) < 0) {
        st = CSIM_H5__FAIL("%s: file locking property", final_path);
        goto cleanup;
    }
#endif
    if ((f->id = H5Fcreate(f->tmp_path, H5F_ACC_EXCL, fcpl, fapl)) < 0) {
        st = CSIM_H5__FAIL("%s: creating HDF5 file '%s'", final_path, f->tmp_path);
        goto cleanup;
    }

    /* H5MD 1.1 provenance group. */
    const int64_t h5md_version[2] = {1, 1};
    CSIM_TRY(csim_h5_group_create(f, "/h5md/author"));
    CSIM_TRY(csim_h5_group_create(f, "/h5md/creator"));
    CSIM_TRY(csim_h5_attr_write_num(f, "/h5md", "version", CSIM_H5_INT64, h5md_version, 2));
    CSIM_TRY(csim_h5_attr_write_string(f, "/h5md/author", "name", author ? author : "unknown"));
    CSIM_TRY(csim_h5_attr_write_string(f, "/h5md/creator", "name", creator_name));
    CSIM_TRY(csim_h5_attr_write_string(f, "/h5md/creator", "version",
                                       creator_version ? creator_version : "unknown"));

cleanup:
    if (fcpl >= 0) {
        H5Pclose(fcpl);
    }
    if (fapl >= 0) {
        H5Pclose(fapl);
    }
    free(base);
    if (st != CSIM_OK) {
        csim_h5_abort(f);
    }
    return st;
}

/* ------------------------------------------------------------------------------------ */
/* Elements holding rows in memory                                                      */
/* ------------------------------------------------------------------------------------ */

void csim_h5__pending_add(csim_h5_file *f, csim_h5__pending *p) {
    p->file = f;
    p->next = f->pending;
    f->pending = p;
}

void csim_h5__pending_remove(csim_h5__pending *p) {
    if (!p || !p->file) {
        return;
    }
    for (csim_h5__pending **at = &p->file->pending; *at; at = &(*at)->next) {
        if (*at == p) {
            *at = p->next;
            break;
        }
    }
    p->next = NULL;
    p->file = NULL;
}

/* Detach every registered element: the file is going away (committed or aborted), so
 * their later close calls must not touch it. */
static void detach_pending(csim_h5_file *f) {
    while (f->pending) {
        csim_h5__pending *p = f->pending;
        f->pending = p->next;
        p->next = NULL;
        p->file = NULL;
    }
}

void csim_h5__defer_failure(csim_h5_file *f) {
    if (!f || f->deferred_error) {
        return;
    }
    const char *text = csim_last_error();
    f->deferred_error = dup_string(text && text[0] ? text : "a buffered write failed");
}

/* Write what every registered element holds in memory; the first failure wins. */
static csim_status flush_pending(csim_h5_file *f) {
    for (csim_h5__pending *p = f->pending; p; p = p->next) {
        const csim_status st = p->flush(p);
        if (st != CSIM_OK) {
            return st;
        }
    }
    return CSIM_OK;
}

static void forget(csim_h5_file *f) {
    detach_pending(f);
    csim_h5__close(&f->lcpl);
    csim_h5__close(&f->acpl);
    free(f->deferred_error);
    free(f->final_path);
    free(f->tmp_path);
    free(f->dir_path);
    memset(f, 0, sizeof *f);
    f->id = H5I_INVALID_HID;
}

/* Close every dataset, group, named type and attribute still open in the file `id`
 * (the elements of an aborted run), while the file is still intact. After a failed write
 * HDF5 1.10's H5Fclose can fail half-way and leave these handles valid but pointing at
 * freed structures: closing them afterwards (the elements' own close calls) crashed the
 * process (tests/cli/test_fault_disk.sh). Closed here, their handles are invalid later
 * and csim_h5__close() skips them. Errors do not matter: the file is discarded. */
static void close_objects(hid_t id) {
    const unsigned types = H5F_OBJ_DATASET | H5F_OBJ_GROUP | H5F_OBJ_DATATYPE | H5F_OBJ_ATTR |
                           H5F_OBJ_LOCAL;
    const ssize_t n = H5Fget_obj_count(id, types);
    if (n <= 0) {
        return;
    }
    hid_t *ids = malloc((size_t) n * sizeof *ids);
    if (!ids) {
        return;
    }
    const ssize_t got = H5Fget_obj_ids(id, types, (size_t) n, ids);
    for (ssize_t i = 0; i < got; ++i) {
        int64_t h = (int64_t) ids[i];
        csim_h5__close(&h);
    }
    free(ids);
}

/* Throw the file away: remove its name first, so that nothing is left under any name
 * whatever happens next, then close it (HDF5 writes its caches into the nameless file
 * on close; the space returns to the disk when the descriptor is closed).
 *
 * Known HDF5 1.10 defect: after a failed write (disk full) its metadata cache refuses
 * every later flush, H5Fclose fails and leaves a half-destroyed file behind its handle,
 * and the library's exit handler crashes on it (HDFFV-11052, CVE-2020-10812; fixed in
 * 1.14.1). Nothing here can repair that -- a second flush or close only fails again --
 * so main calls H5dont_atexit() (see sim/h5_file.h). */
static void discard(csim_h5_file *f) {
    if (f->tmp_path) {
        unlink(f->tmp_path);
    }
    const hid_t id = (hid_t) f->id;
    f->id = H5I_INVALID_HID;
    if (id > 0 && H5Iis_valid(id) > 0) {
        close_objects(id);
        H5Fclose(id);
    }
}

/* fsync a file or folder by name; returns 0 or an errno value. */
static int sync_path(const char *path, bool folder) {
    const int fd = open(path, folder ? (O_RDONLY | O_DIRECTORY) : O_RDWR);
    if (fd < 0) {
        return errno;
    }
    int err = fsync(fd) == 0 ? 0 : errno;
    if (close(fd) != 0 && err == 0) {
        err = errno;
    }
    return err;
}

/* Give the temporary file its final name. Without force the final name must not exist:
 * link(2) fails with EEXIST atomically, where a stat-then-rename would race. */
static csim_status publish(csim_h5_file *f) {
    if (f->force) {
        if (rename(f->tmp_path, f->final_path) != 0) {
            const int err = errno;
            return CSIM_FAIL(CSIM_EIO, "renaming '%s' to '%s': %s", f->tmp_path, f->final_path,
                             strerror(err));
        }
        return CSIM_OK;
    }
    if (link(f->tmp_path, f->final_path) == 0) {
        unlink(f->tmp_path); /* a leftover second name would be harmless */
        return CSIM_OK;
    }
    const int err = errno;
    if (err == EEXIST) {
        return CSIM_FAIL(CSIM_EEXIST, "output file '%s' appeared while writing; use --force to "
                                      "replace it", f->final_path);
    }
    if (err != EPERM && err != ENOTSUP && err != EOPNOTSUPP && err != ENOSYS) {
        return CSIM_FAIL(CSIM_EIO, "linking '%s' to '%s': %s", f->tmp_path, f->final_path,
                         strerror(err));
    }
    /* File systems without hard links (FAT, some FUSE mounts): check, then rename. */
    struct stat info;
    if (stat(f->final_path, &info) == 0) {
        return CSIM_FAIL(CSIM_EEXIST, "output file '%s' appeared while writing; use --force to "
                                      "replace it", f->final_path);
    }
    if (rename(f->tmp_path, f->final_path) != 0) {
        const int err2 = errno;
        return CSIM_FAIL(CSIM_EIO, "renaming '%s' to '%s': %s", f->tmp_path, f->final_path,
                         strerror(err2));
    }
    return CSIM_OK;
}

csim_status csim_h5_commit(csim_h5_file *f) {
    csim_status st = CSIM_OK;
    bool published = false;

    if (!is_open(f)) {
        return CSIM_FAIL(CSIM_EINVAL, "commit of an output file that is not open");
    }
    /* Rows still held in memory by open elements go to HDF5 first; a write that failed
     * inside a close call (which could not say so) fails the commit now. */
    CSIM_TRY(flush_pending(f));
    if (f->deferred_error) {
        st = CSIM_FAIL(CSIM_EIO, "%s: an earlier write failed: %s", f->final_path,
                       f->deferred_error);
        goto cleanup;
    }
    /* A full disk or a quota shows up here or in H5Fclose: HDF5 keeps metadata and
     * chunks in caches until then. */
    if (H5Fflush((hid_t) f->id, H5F_SCOPE_GLOBAL) < 0) {
        st = CSIM_H5__FAIL("%s: flushing '%s' failed (disk full?)", f->final_path, f->tmp_path);
        goto cleanup;
    }
    const hid_t id = (hid_t) f->id;
    f->id = H5I_INVALID_HID;
    if (H5Fclose(id) < 0) {
        st = CSIM_H5__FAIL("%s: closing '%s' failed (disk full?)", f->final_path, f->tmp_path);
        goto cleanup;
    }
    const int err = sync_path(f->tmp_path, false);
    if (err != 0) {
        st = CSIM_FAIL(CSIM_EIO, "%s: fsync of '%s': %s", f->final_path, f->tmp_path,
                       strerror(err));
        goto cleanup;
    }
    CSIM_TRY(publish(f));
    published = true;
    /* Make the rename itself durable. Some file systems cannot sync a folder (EINVAL):
     * nothing more can be done there. */
    const int derr = sync_path(f->dir_path, true);
    if (derr != 0 && derr != EINVAL && derr != ENOTSUP && derr != EROFS) {
        st = CSIM_FAIL(CSIM_EIO, "'%s' is complete, but fsync of its folder '%s' failed: %s",
                       f->final_path, f->dir_path, strerror(derr));
        goto cleanup;
    }

cleanup:
    if (!published) {
        discard(f); /* closes the file too when the flush failed */
    }
    forget(f);
    return st;
}

void csim_h5_abort(csim_h5_file *f) {
    if (!f) {
        return;
    }
    discard(f);
    forget(f);
}

/* ------------------------------------------------------------------------------------ */
/* Metadata writers                                                                     */
/* ------------------------------------------------------------------------------------ */

csim_status csim_h5_group_create(csim_h5_file *f, const char *path) {
    if (!is_open(f)) {
        return CSIM_FAIL(CSIM_EINVAL, "group '%s': file not open", path ? path : "(null)");
    }
    return make_groups(f, path, true);
}

csim_status csim_h5_attr_write_string(csim_h5_file *f, const char *obj_path, const char *name,
                                      const char *value) {
    if (!value) {
        return CSIM_FAIL(CSIM_EINVAL, "attribute '%s': NULL value", name ? name : "(null)");
    }
    const char *const values[1] = {value};
    csim_status st = CSIM_OK;
    hid_t type = H5I_INVALID_HID, space = H5I_INVALID_HID;

    if ((type = vlen_utf8()) < 0 || (space = H5Screate(H5S_SCALAR)) < 0) {
        st = CSIM_H5__FAIL("string type for attribute '%s'", name ? name : "(null)");
        goto cleanup;
    }
    CSIM_TRY(attr_put(f, obj_path, name, type, type, space, values));

cleanup:
    if (space >= 0) {
        H5Sclose(space);
    }
    if (type >= 0) {
        H5Tclose(type);
    }
    return st;
}

csim_status csim_h5_attr_write_strings(csim_h5_file *f, const char *obj_path, const char *name,
                                       const char *const *values, size_t n) {
    csim_status st = CSIM_OK;
    hid_t type = H5I_INVALID_HID, space = H5I_INVALID_HID;
    const hsize_t dims[1] = {(hsize_t) n};

    if (!values || n == 0) {
        return CSIM_FAIL(CSIM_EINVAL, "attribute '%s': no strings", name ? name : "(null)");
    }
    for (size_t i = 0; i < n; ++i) {
        if (!values[i]) {
            return CSIM_FAIL(CSIM_EINVAL, "attribute '%s': string %zu is NULL",
                             name ? name : "(null)", i);
        }
    }
    if ((type = vlen_utf8()) < 0 || (space = H5Screate_simple(1, dims, NULL)) < 0) {
        st = CSIM_H5__FAIL("string type for attribute '%s'", name ? name : "(null)");
        goto cleanup;
    }
    CSIM_TRY(attr_put(f, obj_path, name, type, type, space, values));

cleanup:
    if (space >= 0) {
        H5Sclose(space);
    }
    if (type >= 0) {
        H5Tclose(type);
    }
    return st;
}

csim_status csim_h5_attr_write_num(csim_h5_file *f, const char *obj_path, const char *name,
                                   csim_h5_type type, const void *values, size_t n) {
    csim_status st = CSIM_OK;
    hid_t space = H5I_INVALID_HID;
    const hsize_t dims[1] = {(hsize_t) n};

    if (!values || n == 0 || !type_known(type)) {
        return CSIM_FAIL(CSIM_EINVAL, "attribute '%s': no values or bad type",
                         name ? name : "(null)");
    }
    if ((space = n == 1 ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, dims, NULL)) < 0) {
        st = CSIM_H5__FAIL("dataspace for attribute '%s'", name ? name : "(null)");
        goto cleanup;
    }
    CSIM_TRY(attr_put(f, obj_path, name, file_type(type), mem_type(type), space, values));

cleanup:
    if (space >= 0) {
        H5Sclose(space);
    }
    return st;
}

csim_status csim_h5_dataset_write_text(csim_h5_file *f, const char *path, const char *text) {
    if (!text) {
        return CSIM_FAIL(CSIM_EINVAL, "dataset '%s': NULL text", path ? path : "(null)");
    }
    const char *const values[1] = {text};
    return strings_dataset(f, path, values, 1, false);
}

csim_status csim_h5_dataset_write_strings(csim_h5_file *f, const char *path,
                                          const char *const *values, size_t n) {
    if (!values || n == 0) {
        return CSIM_FAIL(CSIM_EINVAL, "dataset '%s': no strings", path ? path : "(null)");
    }
    return strings_dataset(f, path, values, n, true);
}

csim_status csim_h5_dataset_write(csim_h5_file *f, const char *path, csim_h5_type type,
                                  const void *data, size_t rank, const size_t *dims,
                                  const char *unit) {
    csim_status st = CSIM_OK;
    int64_t dset = H5I_INVALID_HID;
    uint64_t d[3] = {0, 0, 0};

    if (!data || !dims || rank < 1 || rank > 3) {
        return CSIM_FAIL(CSIM_EINVAL, "dataset '%s': NULL data or dims, or rank %zu not in 1..3",
                         path ? path : "(null)", rank);
    }
    for (size_t i = 0; i < rank; ++i) {
        d[i] = (uint64_t) dims[i];
    }
    CSIM_TRY(csim_h5__dataset_create(f, path, type, rank, d, false, unit, &dset));
    if (H5Dwrite((hid_t) dset, mem_type(type), H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0) {
        st = CSIM_H5__FAIL("%s: writing dataset '%s'", f->final_path, path);
        goto cleanup;
    }

cleanup:
    csim_h5__close(&dset);
    return st;
}

void csim_h5_library_init(void) {
    H5dont_atexit();
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}
