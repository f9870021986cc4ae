/* Attributes: numbers and fixed-length UTF-8 strings on groups and datasets. */
#include "sim/h5_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hdf5.h>

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

    if (!csim_h5__is_open(f) || !obj_path || !name || name[0] == '\0') {
        return CSIM_FAIL(CSIM_EINVAL, "attribute '%s' of '%s': file not open or NULL argument",
                         name ? name : "(null)", obj_path ? obj_path : "(null)");
    }
    if (held < 0) {
        /* Open first, and walk the path only to explain a failure: the walk costs more
         * than the attribute itself, and files get hundreds of attributes. */
        if (!csim_h5__path_ok(obj_path) ||
            (obj = H5Oopen((hid_t) f->id, obj_path, H5P_DEFAULT)) < 0) {
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
    if ((acpl = (hid_t) csim_h5__acpl(f)) < 0 ||
        (attr = H5Acreate2(target, name, ftype, space, acpl, H5P_DEFAULT)) < 0 ||
        H5Awrite(attr, mtype, buf) < 0) {
        st = CSIM_H5__FAIL("%s: writing attribute '%s' of '%s'", f->final_path, name, obj_path);
        goto cleanup;
    }

cleanup:
    csim_h5__close(&attr);
    csim_h5__close(&obj);
    return st;
}

static csim_status attr_put(csim_h5_file *f, const char *obj_path, const char *name,
                            hid_t ftype, hid_t mtype, hid_t space, const void *buf) {
    return attr_put_at(f, H5I_INVALID_HID, obj_path, name, ftype, mtype, space, buf, false);
}

/* A string attribute `name` on `held` (a handle, or < 0: the object `obj_path`): a scalar
 * (as_array false, one string) or a 1-D array of n strings. */
static csim_status attr_strings(csim_h5_file *f, hid_t held, const char *obj_path,
                                const char *name, const char *const *values, size_t n,
                                bool as_array, bool fresh) {
    csim_status st = CSIM_OK;
    csim_h5__packed_strings packed = {H5I_INVALID_HID, 0, 0, NULL};
    hid_t space = H5I_INVALID_HID;
    const hsize_t dims[1] = {(hsize_t) n};
    char what[400];

    snprintf(what, sizeof what, "attribute '%s' of '%s'", name ? name : "(null)",
             obj_path ? obj_path : "(null)");
    CSIM_TRY(csim_h5__strings_pack(&packed, values, n, what));
    if ((space = as_array ? H5Screate_simple(1, dims, NULL) : H5Screate(H5S_SCALAR)) < 0) {
        st = CSIM_H5__FAIL("dataspace for %s", what);
        goto cleanup;
    }
    CSIM_TRY(attr_put_at(f, held, obj_path, name, (hid_t) packed.type, (hid_t) packed.type,
                         space, packed.bytes, fresh));

cleanup:
    csim_h5__close(&space);
    csim_h5__strings_unpack(&packed);
    return st;
}

csim_status csim_h5__attr_strings_new(csim_h5_file *f, int64_t obj, const char *path,
                                      const char *name, const char *const *values, size_t n) {
    if (!values || !name) {
        return CSIM_FAIL(CSIM_EINVAL, "%s: attribute without name or values", path);
    }
    return attr_strings(f, (hid_t) obj, path, name, values, n > 0 ? n : 1, n > 0, true);
}

csim_status csim_h5__attr_num_new(csim_h5_file *f, int64_t obj, const char *path,
                                  const char *name, csim_h5_type type, const void *value) {
    csim_status st = CSIM_OK;
    hid_t space = H5I_INVALID_HID;
    if ((space = H5Screate(H5S_SCALAR)) < 0) {
        return CSIM_H5__FAIL("dataspace for attribute '%s'", name);
    }
    st = attr_put_at(f, (hid_t) obj, path, name, (hid_t) csim_h5__file_type(type),
                     (hid_t) csim_h5__mem_type(type), space, value, true);
    H5Sclose(space);
    return st;
}

csim_status csim_h5_attr_write_string(csim_h5_file *f, const char *obj_path, const char *name,
                                      const char *value) {
    if (!value) {
        return CSIM_FAIL(CSIM_EINVAL, "attribute '%s': NULL value", name ? name : "(null)");
    }
    const char *const values[1] = {value};
    return attr_strings(f, H5I_INVALID_HID, obj_path, name, values, 1, false, false);
}

csim_status csim_h5_attr_write_strings(csim_h5_file *f, const char *obj_path, const char *name,
                                       const char *const *values, size_t n) {
    if (!values || n == 0) {
        return CSIM_FAIL(CSIM_EINVAL, "attribute '%s': no strings", name ? name : "(null)");
    }
    return attr_strings(f, H5I_INVALID_HID, obj_path, name, values, n, true, false);
}

csim_status csim_h5_attr_write_num(csim_h5_file *f, const char *obj_path, const char *name,
                                   csim_h5_type type, const void *values, size_t n) {
    csim_status st = CSIM_OK;
    hid_t space = H5I_INVALID_HID;
    const hsize_t dims[1] = {(hsize_t) n};

    if (!values || n == 0 || !csim_h5__type_known(type)) {
        return CSIM_FAIL(CSIM_EINVAL, "attribute '%s': no values or bad type",
                         name ? name : "(null)");
    }
    if ((space = n == 1 ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, dims, NULL)) < 0) {
        st = CSIM_H5__FAIL("dataspace for attribute '%s'", name ? name : "(null)");
        goto cleanup;
    }
    CSIM_TRY(attr_put(f, obj_path, name, (hid_t) csim_h5__file_type(type),
                      (hid_t) csim_h5__mem_type(type), space, values));

cleanup:
    csim_h5__close(&space);
    return st;
}
