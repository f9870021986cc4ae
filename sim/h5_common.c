/* The HDF5 modules' shared helpers (sim/h5_internal.h): error messages with HDF5's own
 * reason, path tests, handle closing, chunk shapes, element types, property lists and the
 * packing of strings into fixed-length UTF-8. */
#include "sim/h5_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hdf5.h>

/* Public structs store handles as int64_t so that headers need not include <hdf5.h>. */
_Static_assert(sizeof(hid_t) == sizeof(int64_t), "hid_t must be int64_t (HDF5 >= 1.10)");
_Static_assert(H5I_INVALID_HID < 0, "valid handles are positive, the sentinel is not");
_Static_assert(sizeof(hsize_t) == sizeof(uint64_t), "hsize_t must be 64 bits");

/* ------------------------------------------------------------------------------------ */
/* Errors, paths, handles                                                               */
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

bool csim_h5__path_ok(const char *path) {
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
csim_status csim_h5__is_group(int64_t loc, const char *path, bool *group) {
    csim_status st = CSIM_OK;
    hid_t obj = H5I_INVALID_HID;

    *group = false;
    if ((obj = H5Oopen((hid_t) loc, path, H5P_DEFAULT)) < 0) {
        st = CSIM_H5__FAIL("opening object '%s'", path);
        goto cleanup;
    }
    *group = H5Iget_type(obj) == H5I_GROUP;

cleanup:
    csim_h5__close(&obj);
    return st;
}

csim_status csim_h5__exists(int64_t loc, const char *path, bool *exists) {
    csim_status st = CSIM_OK;
    char *buf = NULL;

    *exists = false;
    if (!csim_h5__path_ok(path)) {
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
            CSIM_TRY(csim_h5__is_group(loc, buf, &group));
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
/* Types, property lists, strings                                                      */
/* ------------------------------------------------------------------------------------ */

bool csim_h5__is_open(const csim_h5_file *f) {
    return f && f->id > 0 && f->tmp.path && f->final_path;
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

bool csim_h5__type_known(csim_h5_type type) {
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
int64_t csim_h5__lcpl(csim_h5_file *f) {
    if (f->lcpl <= 0) {
        f->lcpl = (int64_t) utf8_lcpl();
    }
    return f->lcpl;
}

int64_t csim_h5__acpl(csim_h5_file *f) {
    if (f->acpl <= 0) {
        hid_t acpl = H5Pcreate(H5P_ATTRIBUTE_CREATE);
        if (acpl >= 0 && H5Pset_char_encoding(acpl, H5T_CSET_UTF8) < 0) {
            H5Pclose(acpl);
            acpl = H5I_INVALID_HID;
        }
        f->acpl = (int64_t) acpl;
    }
    return f->acpl;
}

int64_t csim_h5__uncached_dapl(csim_h5_file *f) {
    if (f->uncached_dapl <= 0) {
        hid_t dapl = H5Pcreate(H5P_DATASET_ACCESS);
        if (dapl >= 0 && H5Pset_chunk_cache(dapl, H5D_CHUNK_CACHE_NSLOTS_DEFAULT, 0,
                                            H5D_CHUNK_CACHE_W0_DEFAULT) < 0) {
            H5Pclose(dapl);
            dapl = H5I_INVALID_HID;
        }
        f->uncached_dapl = (int64_t) dapl;
    }
    return f->uncached_dapl;
}

/* Object modification times are not recorded: the same run then gives the same bytes
 * (apart from provenance that the caller writes on purpose). */
int64_t csim_h5__untimed(int64_t cls) {
    hid_t pl = H5Pcreate((hid_t) cls);
    if (pl >= 0 && H5Pset_obj_track_times(pl, 0) < 0) {
        H5Pclose(pl);
        return H5I_INVALID_HID;
    }
    return pl;
}

/* HDF5 1.10.7 added the switch for its own file locking; an older HDF5 has nothing to
 * set. Where the file system has locking disabled, HDF5 is told to go on without it. */
bool csim_h5__set_file_locking(int64_t fapl, bool use) {
#if H5_VERSION_GE(1, 10, 7)
    return H5Pset_file_locking((hid_t) fapl, use, 1) >= 0;
#else
    (void) fapl;
    (void) use;
    return true;
#endif
}

char *csim_h5__label(const csim_h5_file *f, const char *path) {
    const size_t size = strlen(f->final_path) + strlen(path) + 2;
    char *label = malloc(size);
    if (label) {
        snprintf(label, size, "%s:%s", f->final_path, path);
    }
    return label;
}

bool csim_h5__join(char *buf, size_t size, const char *path, const char *child) {
    const int n = snprintf(buf, size, "%s/%s", path, child);
    return n > 0 && (size_t) n < size;
}

/* ------------------------------------------------------------------------------------ */
/* Rows of extendible datasets                                                          */
/* ------------------------------------------------------------------------------------ */

/* Rank 1..3 blocks (sim/h5_internal.h); the extents are copied into HDF5's own hsize_t,
 * which has uint64_t's size but is another type (unsigned long long). */
csim_status csim_h5__write_block(int64_t dset, size_t rank, const uint64_t *size,
                                 const uint64_t *start, const uint64_t *count, int64_t mtype,
                                 const void *buf, const char *label, const char *what) {
    csim_status st = CSIM_OK;
    hid_t fspace = H5I_INVALID_HID, mspace = H5I_INVALID_HID;
    hsize_t h_size[3] = {0, 0, 0}, h_start[3] = {0, 0, 0}, h_count[3] = {0, 0, 0};
    uint64_t values = 1;

    if (rank < 1 || rank > 3) {
        return CSIM_FAIL(CSIM_EINVAL, "%s: '%s' has rank %zu (1..3 written)", label, what, rank);
    }
    for (size_t i = 0; i < rank; ++i) {
        values *= count[i];
        h_size[i] = size ? (hsize_t) size[i] : 0;
        h_start[i] = (hsize_t) start[i];
        h_count[i] = (hsize_t) count[i];
    }
    const hid_t d = (hid_t) dset;
    if (values == 0) {
        /* HDF5 rejects empty selections; the extent may still have to grow. */
        if (size && H5Dset_extent(d, h_size) < 0) {
            st = CSIM_H5__FAIL("%s: extending '%s'", label, what);
        }
        return st;
    }
    if ((size && H5Dset_extent(d, h_size) < 0) || (fspace = H5Dget_space(d)) < 0 ||
        H5Sselect_hyperslab(fspace, H5S_SELECT_SET, h_start, NULL, h_count, NULL) < 0 ||
        (mspace = H5Screate_simple((int) rank, h_count, NULL)) < 0 ||
        H5Dwrite(d, (hid_t) mtype, mspace, fspace, H5P_DEFAULT, buf) < 0) {
        st = CSIM_H5__FAIL("%s: writing rows %llu..%llu of '%s'", label,
                           (unsigned long long) start[0],
                           (unsigned long long) (start[0] + count[0] - 1), what);
        goto cleanup;
    }

cleanup:
    csim_h5__close(&mspace);
    csim_h5__close(&fspace);
    return st;
}

/* Append `n` rows of shape row_dims[0 .. rank-2] to the extendible dataset `dset` whose
 * length is `old`. */
csim_status csim_h5__append_rows(int64_t dset, size_t rank, const uint64_t *row_dims,
                                 uint64_t old, uint64_t n, int64_t mtype, const void *buf,
                                 const char *label, const char *what) {
    uint64_t size[3] = {old + n, 1, 1}, start[3] = {old, 0, 0}, count[3] = {n, 1, 1};
    if (n == 0) {
        return CSIM_OK;
    }
    for (size_t i = 1; i < rank; ++i) {
        size[i] = count[i] = row_dims[i - 1];
    }
    return csim_h5__write_block(dset, rank, size, start, count, mtype, buf, label, what);
}

/* ------------------------------------------------------------------------------------ */
/* Fixed-length strings                                                                 */
/* ------------------------------------------------------------------------------------ */

void csim_h5__strings_unpack(csim_h5__packed_strings *p) {
    if (!p) {
        return;
    }
    csim_h5__close(&p->type);
    free(p->bytes);
    memset(p, 0, sizeof *p);
    p->type = H5I_INVALID_HID;
}

csim_status csim_h5__strings_pack(csim_h5__packed_strings *p, const char *const *values,
                                  size_t n, const char *what) {
    csim_status st = CSIM_OK;
    hid_t type = H5I_INVALID_HID;
    size_t longest = 0;

    memset(p, 0, sizeof *p);
    p->type = H5I_INVALID_HID;
    if (!values || n == 0) {
        return CSIM_FAIL(CSIM_EINVAL, "%s: no strings", what);
    }
    for (size_t i = 0; i < n; ++i) {
        if (!values[i]) {
            return CSIM_FAIL(CSIM_EINVAL, "%s: string %zu is NULL", what, i);
        }
        const size_t len = strlen(values[i]);
        longest = len > longest ? len : longest;
    }
    const size_t size = longest + 1; /* the NUL: C readers get terminated strings */
    if (n > SIZE_MAX / size) {
        return CSIM_FAIL(CSIM_ENOMEM, "%s: %zu strings of %zu bytes", what, n, size);
    }
    if (!(p->bytes = calloc(n, size))) {
        return CSIM_FAIL(CSIM_ENOMEM, "%s: %zu strings of %zu bytes", what, n, size);
    }
    for (size_t i = 0; i < n; ++i) {
        memcpy(p->bytes + i * size, values[i], strlen(values[i]));
    }
    /* NULLTERM (HDF5's default for C strings): the slot holds the string, then NULs. */
    if ((type = H5Tcopy(H5T_C_S1)) < 0 || H5Tset_size(type, size) < 0 ||
        H5Tset_strpad(type, H5T_STR_NULLTERM) < 0 || H5Tset_cset(type, H5T_CSET_UTF8) < 0) {
        st = CSIM_H5__FAIL("%s: string type of %zu bytes", what, size);
        goto cleanup;
    }
    p->type = (int64_t) type;
    type = H5I_INVALID_HID;
    p->size = size;
    p->n = n;

cleanup:
    csim_h5__close(&type);
    if (st != CSIM_OK) {
        csim_h5__strings_unpack(p);
    }
    return st;
}
