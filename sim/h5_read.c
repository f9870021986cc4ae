/* POSIX 2008 for stat() under -std=c11. */
#define _POSIX_C_SOURCE 200809L

/* Reading output files back: opening them defensively, finding objects, listing groups.
 * The values themselves (strings, numbers) are read by sim/h5_read_values.c. */
#include "sim/h5_read.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <hdf5.h>

#include "sim/grow.h"
#include "sim/h5_internal.h"
#include "sim/str_copy.h"

_Static_assert(sizeof(hid_t) == sizeof(int64_t), "hid_t must be int64_t (HDF5 >= 1.10)");
_Static_assert(sizeof(hsize_t) == sizeof(uint64_t), "hsize_t must be 64 bits");

/* HDF5 1.12 renamed the link iteration (H5Literate2, H5L_info2_t); 1.10 has only the
 * unnumbered names, and 1.12 maps those to version 2 by default anyway. Object info
 * moved too: H5Oget_info_by_name3 and H5O_info2_t, where an object is known by a token
 * instead of 1.10's address (object_where). */
#if H5_VERSION_GE(1, 12, 0)
typedef H5L_info2_t csim_link_info;
#define CSIM_LITERATE H5Literate2
typedef H5O_info2_t csim_object_info;
#define CSIM_OGET_INFO_BY_NAME H5Oget_info_by_name3
#define CSIM_OBJECT_WHERE token
#else
typedef H5L_info_t csim_link_info;
#define CSIM_LITERATE H5Literate
typedef H5O_info_t csim_object_info;
#define CSIM_OGET_INFO_BY_NAME H5Oget_info_by_name2
#define CSIM_OBJECT_WHERE addr
#endif


bool csim_h5__reader_is_open(const csim_h5_reader *r) {
    return r && r->id > 0 && r->path;
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

/* The version of the superblock of the HDF5 file `path` (the byte after its signature,
 * which sits at offset 0 or, after a user block, at 512, 1024, 2048, ...), or -1 when no
 * signature is found. Read here, before HDF5 parses anything. */
static int superblock_version(const char *path, uint64_t file_bytes) {
    static const unsigned char signature[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    FILE *in = fopen(path, "rb");
    int version = -1;
    if (!in) {
        return -1;
    }
    for (uint64_t at = 0; at + 9 <= file_bytes && version < 0; at = at == 0 ? 512 : 2 * at) {
        unsigned char head[9];
        if (fseek(in, (long) at, SEEK_SET) != 0 || fread(head, 1, sizeof head, in) != sizeof head) {
            break;
        }
        if (memcmp(head, signature, sizeof signature) == 0) {
            version = head[8];
        }
    }
    fclose(in);
    return version;
}

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
    /* clustersim writes the HDF5 1.8 format (sim/h5_file.h): superblock version 2, and
     * every object header, heap and index header with a checksum, so that HDF5 refuses a
     * damaged one before decoding it. The oldest format (superblock 0 or 1: HDF5 < 1.8,
     * h5py's default, `h5repack` without -L) has no checksums, and HDF5 1.10.8 decodes
     * its damaged local heaps and object headers unchecked -- two crashes the fuzzer
     * found (docs/RELIABILITY.md). Such a file cannot be one of ours as written. */
    const int version = superblock_version(path, (uint64_t) info.st_size);
    if (version >= 0 && version < 2) {
        return CSIM_FAIL(CSIM_EIO, "'%s' is in HDF5's oldest file format (superblock version "
                         "%d), which clustersim does not write and does not read: its "
                         "metadata has no checksums, so damage cannot be detected (a copy "
                         "made by h5repack? repack with -L)", path, version);
    }
    if (!(r->path = csim_str_copy_n(path, strlen(path)))) {
        return CSIM_FAIL(CSIM_ENOMEM, "copy of path '%s'", path);
    }
    r->file_bytes = (uint64_t) info.st_size;
    if ((fapl = H5Pcreate(H5P_FILE_ACCESS)) < 0 ||
        H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) < 0) {
        st = CSIM_H5__FAIL("'%s': file access properties", path);
        goto cleanup;
    }
    if (!csim_h5__set_file_locking(fapl, true)) {
        st = CSIM_H5__FAIL("'%s': file locking property", path);
        goto cleanup;
    }
    /* A truncated file has a valid superblock, which records the end of file it was
     * written with: HDF5 compares it with the real size and refuses the file here. */
    if ((r->id = H5Fopen(path, H5F_ACC_RDONLY, fapl)) < 0) {
        st = CSIM_H5__FAIL("'%s' is damaged or truncated (HDF5 cannot open it)", path);
        goto cleanup;
    }

cleanup:
    csim_h5__close(&fapl);
    if (st != CSIM_OK) {
        csim_h5_reader_close(r);
    }
    return st;
}

csim_status csim_h5_read_exists(const csim_h5_reader *r, const char *path, bool *exists) {
    *exists = false;
    if (!csim_h5__reader_is_open(r)) {
        return CSIM_FAIL(CSIM_EINVAL, "reading '%s': file not open", path ? path : "(null)");
    }
    return csim_h5__exists(r->id, path, exists);
}

csim_status csim_h5_read_require(const csim_h5_reader *r, const char *path, const char *fmt,
                                 ...) {
    bool exists = false;
    const csim_status st = csim_h5_read_exists(r, path, &exists);
    if (st != CSIM_OK || exists) {
        return st;
    }
    char why[2048]; /* the error buffer's size: the message is cut there anyway */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    return csim_fail_plain(CSIM_EINVAL, "%s: %s", r->path, why);
}


/* Open object `path`, with a clear EINVAL when it does not exist. */
csim_status csim_h5__open_object(const csim_h5_reader *r, const char *path, int64_t *obj) {
    bool exists = false;
    csim_status st = CSIM_OK;

    *obj = H5I_INVALID_HID;
    if (!csim_h5__reader_is_open(r)) {
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
csim_status csim_h5__open_data(const csim_h5_reader *r, const char *obj_path, const char *name,
                              int64_t *obj, int64_t *attr) {
    csim_status st = CSIM_OK;

    *attr = H5I_INVALID_HID;
    CSIM_TRY(csim_h5__open_object(r, obj_path, obj));
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
/* Objects                                                                              */
/* ------------------------------------------------------------------------------------ */

csim_status csim_h5_read_attr_exists(const csim_h5_reader *r, const char *obj_path,
                                     const char *name, bool *exists) {
    csim_status st = CSIM_OK;
    hid_t obj = H5I_INVALID_HID;

    *exists = false;
    if (!name) {
        return CSIM_FAIL(CSIM_EINVAL, "testing an attribute of '%s': NULL name",
                         obj_path ? obj_path : "(null)");
    }
    CSIM_TRY(csim_h5__open_object(r, obj_path, &obj));
    const htri_t has = H5Aexists(obj, name);
    if (has < 0) {
        st = CSIM_H5__FAIL("%s: looking for attribute '%s' of '%s'", r->path, name, obj_path);
        goto cleanup;
    }
    *exists = has > 0;

cleanup:
    csim_h5__close(&obj);
    return st;
}

csim_status csim_h5_read_info(const csim_h5_reader *r, const char *path, csim_h5_info *info) {
    csim_status st = CSIM_OK;
    hid_t obj = H5I_INVALID_HID, ftype = H5I_INVALID_HID, space = H5I_INVALID_HID;
    hsize_t dims[H5S_MAX_RANK];

    memset(info, 0, sizeof *info);
    info->cls = CSIM_H5_CLASS_OTHER;
    CSIM_TRY(csim_h5__open_object(r, path, &obj));
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
    csim_h5__close(&space);
    csim_h5__close(&ftype);
    csim_h5__close(&obj);
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
    if (csim_grow(&list->names, &list->capacity, list->n + 1, sizeof *list->names) != CSIM_OK) {
        list->no_memory = true;
        return -1;
    }
    if (!(list->names[list->n] = csim_str_copy_n(name, strlen(name)))) {
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
    CSIM_TRY(csim_h5__open_object(r, path, &obj));
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
    csim_str_list_free(list.names, list.n);
    csim_h5__close(&obj);
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
    csim_object_info info;
    if (CSIM_OGET_INFO_BY_NAME((hid_t) r->id, path, &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0) {
        st = CSIM_H5__FAIL("%s: object info of '%s'", r->path, path);
        goto cleanup;
    }
    memcpy(where, &info.CSIM_OBJECT_WHERE,
           where_size < sizeof info.CSIM_OBJECT_WHERE ? where_size : sizeof info.CSIM_OBJECT_WHERE);
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

