/* Groups and datasets of an output file: groups with their missing parents, string
 * datasets (fixed-length UTF-8), and numeric datasets chunked, filtered and filled as
 * sim/h5_internal.h's csim_h5__dset_spec says. */
#include "sim/h5_internal.h"
#include "sim/str_copy.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hdf5.h>

/* ------------------------------------------------------------------------------------ */
/* Groups                                                                               */
/* ------------------------------------------------------------------------------------ */

/* Create the groups of `path` that are missing; with !include_last, stop at its parent
 * (the path of a dataset about to be created). Existing components must be groups. */
static csim_status make_groups(csim_h5_file *f, const char *path, bool include_last) {
    csim_status st = CSIM_OK;
    char *buf = NULL;
    hid_t gcpl = H5I_INVALID_HID, lcpl = H5I_INVALID_HID, grp = H5I_INVALID_HID;

    if (!csim_h5__path_ok(path)) {
        return CSIM_FAIL(CSIM_EINVAL, "%s: object path '%s' is not absolute ('/a/b')",
                         f->final_path, path ? path : "(null)");
    }
    if (!(buf = csim_str_copy(path))) {
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
    if ((gcpl = (hid_t) csim_h5__untimed(H5P_GROUP_CREATE)) < 0 ||
        (lcpl = (hid_t) csim_h5__lcpl(f)) < 0) {
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
                CSIM_TRY(csim_h5__is_group(f->id, buf, &group));
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
    csim_h5__close(&grp);
    csim_h5__close(&gcpl);
    free(buf);
    return st;
}

/* Validate the path of an object about to be created (`what`: "dataset" or "group"):
 * file open, absolute path, parents made, name free. */
static csim_status prepare_new(csim_h5_file *f, const char *path, const char *what) {
    csim_status st = CSIM_OK;

    if (!csim_h5__is_open(f)) {
        return CSIM_FAIL(CSIM_EINVAL, "%s '%s': file not open", what, path ? path : "(null)");
    }
    if (!csim_h5__path_ok(path) || path[1] == '\0') {
        return CSIM_FAIL(CSIM_EINVAL, "%s: %s path '%s' is not absolute ('/a/b')",
                         f->final_path, what, path ? path : "(null)");
    }
    /* Parents first (usually one successful open), then one link lookup says whether the
     * name is taken. */
    CSIM_TRY(make_groups(f, path, false));
    const htri_t here = H5Lexists((hid_t) f->id, path, H5P_DEFAULT);
    if (here < 0) {
        st = CSIM_H5__FAIL("%s: testing whether '%s' exists", f->final_path, path);
        goto cleanup;
    }
    if (here > 0) {
        st = CSIM_FAIL(CSIM_EINVAL, "%s: '%s' exists already", f->final_path, path);
    }

cleanup:
    return st;
}

csim_status csim_h5_group_create(csim_h5_file *f, const char *path) {
    if (!csim_h5__is_open(f)) {
        return CSIM_FAIL(CSIM_EINVAL, "group '%s': file not open", path ? path : "(null)");
    }
    return make_groups(f, path, true);
}

/* ------------------------------------------------------------------------------------ */
/* String datasets                                                                      */
/* ------------------------------------------------------------------------------------ */

/* Write `n` strings as a scalar (as_array false, n == 1) or 1-D dataset `name` of
 * fixed-length UTF-8 in `loc`; `path` names it in messages. With `check`, the path is
 * validated first (parents created, name free). A dataset over CSIM_H5__CHUNK_TARGET
 * bytes (an ensemble's task table with long error messages, say) is chunked and
 * deflated: every slot is as long as the longest string, and deflate takes the NUL
 * padding back out. */
static csim_status strings_dataset_at(csim_h5_file *f, hid_t loc, const char *name,
                                      const char *path, const char *const *values, size_t n,
                                      bool as_array, bool check) {
    csim_status st = CSIM_OK;
    csim_h5__packed_strings packed = {H5I_INVALID_HID, 0, 0, NULL};
    hid_t space = H5I_INVALID_HID, lcpl = H5I_INVALID_HID;
    hid_t dcpl = H5I_INVALID_HID, dset = H5I_INVALID_HID;
    const hsize_t dims[1] = {(hsize_t) n};
    char what[400];

    snprintf(what, sizeof what, "dataset '%s'", path ? path : "(null)");
    CSIM_TRY(csim_h5__strings_pack(&packed, values, n, what));
    if (check) {
        CSIM_TRY(prepare_new(f, path, "dataset"));
    }
    const uint64_t bytes = (uint64_t) packed.size * n;
    const bool chunked = as_array && bytes > CSIM_H5__CHUNK_TARGET;
    hsize_t chunk[1] = {CSIM_H5__CHUNK_TARGET / packed.size};
    chunk[0] = chunk[0] < 1 ? 1 : (chunk[0] > n ? n : chunk[0]);
    if ((space = as_array ? H5Screate_simple(1, dims, NULL) : H5Screate(H5S_SCALAR)) < 0 ||
        (lcpl = (hid_t) csim_h5__lcpl(f)) < 0 ||
        (dcpl = (hid_t) csim_h5__untimed(H5P_DATASET_CREATE)) < 0 ||
        (chunked && (H5Pset_chunk(dcpl, 1, chunk) < 0 || H5Pset_deflate(dcpl, 1) < 0)) ||
        (dset = H5Dcreate2(loc, name, (hid_t) packed.type, space, lcpl, dcpl, H5P_DEFAULT)) <
            0 ||
        H5Dwrite(dset, (hid_t) packed.type, H5S_ALL, H5S_ALL, H5P_DEFAULT, packed.bytes) < 0) {
        st = CSIM_H5__FAIL("%s: writing string dataset '%s'", f->final_path, path);
        goto cleanup;
    }

cleanup:
    csim_h5__close(&dset);
    csim_h5__close(&dcpl);
    csim_h5__close(&space);
    csim_h5__strings_unpack(&packed);
    return st;
}

static csim_status strings_dataset(csim_h5_file *f, const char *path, const char *const *values,
                                   size_t n, bool as_array) {
    return strings_dataset_at(f, (hid_t) f->id, path, path, values, n, as_array, true);
}

csim_status csim_h5__strings_dataset_in(csim_h5_file *f, int64_t loc, const char *name,
                                        const char *path, const char *const *values, size_t n) {
    if (!csim_h5__is_open(f) || loc <= 0 || !name || !path || !values || n == 0) {
        return CSIM_FAIL(CSIM_EINVAL, "string dataset '%s': group not open or no strings",
                         path ? path : "(null)");
    }
    return strings_dataset_at(f, (hid_t) loc, name, path, values, n, true, false);
}

/* ------------------------------------------------------------------------------------ */
/* Numeric datasets (shared with sim/h5_series.c and sim/h5_table.c)                   */
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
    return csim_h5__attr_num_new(f, (int64_t) dset, path, "fill_value", type, v);
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
    if (!spec || spec->rank < 1 || spec->rank > 3 || !csim_h5__type_known(spec->type)) {
        return CSIM_FAIL(CSIM_EINVAL, "dataset '%s': rank %zu or type %d not supported",
                         path ? path : "(null)", spec ? spec->rank : 0,
                         spec ? (int) spec->type : -1);
    }
    const size_t rank = spec->rank;
    const size_t elem = csim_h5_type_size(spec->type);
    uint64_t bytes = elem;
    bool extendible = false, chunk_given = true, uncached = false;
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
        CSIM_TRY(prepare_new(f, path, "dataset"));
    }

    /* Small fixed datasets stay contiguous: chunking them would only add an index. */
    const bool chunked = extendible || bytes > CSIM_H5__CHUNK_TARGET;
    if ((space = H5Screate_simple((int) rank, cur, max)) < 0 ||
        (lcpl = (hid_t) csim_h5__lcpl(f)) < 0 ||
        (dcpl = (hid_t) csim_h5__untimed(H5P_DATASET_CREATE)) < 0) {
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
        uncached = !filtered || spec->write_through;
        if (H5Pset_chunk(dcpl, (int) rank, chunk) < 0 ||
            (filtered && (H5Pset_shuffle(dcpl) < 0 || H5Pset_deflate(dcpl, 1) < 0))) {
            st = CSIM_H5__FAIL("%s: chunking and filters of '%s'", f->final_path, path);
            goto cleanup;
        }
    }
    const hid_t ftype = (hid_t) csim_h5__file_type(spec->type);
    /* Unfiltered chunks, and compressed ones written whole (write_through), skip HDF5's
     * chunk cache: keeping them until the dataset closes would only delay their
     * compression and write -- and the disk's -- to the end of the run, where nothing can
     * overlap them (the writer thread of model/trajectory.c writes during the run).
     * Other compressed chunks stay cached: a chunk filled by several appends is then
     * compressed once, not once per append. */
    hid_t dapl = H5P_DEFAULT;
    if (uncached && (dapl = (hid_t) csim_h5__uncached_dapl(f)) < 0) {
        st = CSIM_H5__FAIL("%s: access list of '%s'", f->final_path, path);
        goto cleanup;
    }
    if ((d = H5Dcreate2(loc, name, ftype, space, lcpl, dcpl, dapl)) < 0) {
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
    csim_h5__close(&d);
    csim_h5__close(&dcpl);
    csim_h5__close(&space);
    return st;
}

csim_status csim_h5__dataset_create_ex(csim_h5_file *f, const char *path,
                                       const csim_h5__dset_spec *spec, int64_t *dset) {
    *dset = H5I_INVALID_HID;
    if (!csim_h5__is_open(f)) {
        return CSIM_FAIL(CSIM_EINVAL, "dataset '%s': file not open", path ? path : "(null)");
    }
    return dataset_create(f, (hid_t) f->id, path, path, spec, true, dset);
}

csim_status csim_h5__dataset_create_in(csim_h5_file *f, int64_t loc, const char *name,
                                       const char *path, const csim_h5__dset_spec *spec,
                                       int64_t *dset) {
    *dset = H5I_INVALID_HID;
    if (!csim_h5__is_open(f) || loc <= 0 || !name || !path) {
        return CSIM_FAIL(CSIM_EINVAL, "dataset '%s': file or group not open, or no name",
                         path ? path : "(null)");
    }
    return dataset_create(f, (hid_t) loc, name, path, spec, false, dset);
}

csim_status csim_h5__group_create_new(csim_h5_file *f, const char *path, int64_t *group) {
    csim_status st = CSIM_OK;
    hid_t gcpl = H5I_INVALID_HID, lcpl = H5I_INVALID_HID, g = H5I_INVALID_HID;

    *group = H5I_INVALID_HID;
    CSIM_TRY(prepare_new(f, path, "group"));
    if ((gcpl = (hid_t) csim_h5__untimed(H5P_GROUP_CREATE)) < 0 ||
        (lcpl = (hid_t) csim_h5__lcpl(f)) < 0 ||
        (g = H5Gcreate2((hid_t) f->id, path, lcpl, gcpl, H5P_DEFAULT)) < 0) {
        st = CSIM_H5__FAIL("%s: creating group '%s'", f->final_path, path);
        goto cleanup;
    }
    *group = (int64_t) g;
    g = H5I_INVALID_HID;

cleanup:
    csim_h5__close(&g);
    csim_h5__close(&gcpl);
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
    const hid_t mtype = (hid_t) csim_h5__mem_type(type);
    if (H5Dwrite((hid_t) dset, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0) {
        st = CSIM_H5__FAIL("%s: writing dataset '%s'", f->final_path, path);
        goto cleanup;
    }

cleanup:
    csim_h5__close(&dset);
    return st;
}
