/**
 * \file sim/h5_internal.h
 * Folder-private helpers of the HDF5 modules (sim/h5_*.c only, and their tests).
 *
 * The writer is split by concern: sim/h5_common.c (errors, paths, types, handles, the
 * string packing), sim/h5_file.c (create, commit, abort), sim/h5_dataset.c (groups and
 * datasets), sim/h5_attr.c (attributes), sim/h5_series.c (time-dependent elements), sim/h5_clock.c (their step/time),
 * sim/h5_table.c (tables and ragged elements), sim/h5_read.c and sim/h5_read_values.c
 * (reading back: the file and its objects; strings and numbers). The
 * declarations below carry no HDF5 types (a hid_t travels as int64_t, which it is in
 * HDF5 >= 1.10), so that this header, like the public ones, does not include <hdf5.h>.
 */
#ifndef CSIM_SIM_H5_INTERNAL_H
#define CSIM_SIM_H5_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/error.h"
#include "sim/h5_file.h"


/**
 * \internal Record a CSIM_EIO failure "<message> (HDF5: <innermost HDF5 error>)". Call it
 * right after the failing HDF5 call, before any other HDF5 call clears the error stack.
 * Use through CSIM_H5__FAIL. Returns CSIM_EIO.
 */
csim_status csim_h5__fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#define CSIM_H5__FAIL(...) csim_h5__fail(__FILE__, __LINE__, __VA_ARGS__)

/**
 * \internal Whether the absolute `path` resolves to an object from the location `loc`
 * (a hid_t), testing each component with H5Lexists so that a missing parent is "no",
 * not an error. "/" always exists. Returns CSIM_OK or CSIM_EIO.
 */
csim_status csim_h5__exists(int64_t loc, const char *path, bool *exists);

/**
 * \internal Choose chunk extents for a dataset of `rank` (1..3) axes with extents `dims`
 * (dims[0] may be 0 for an extendible leading axis) and elements of `elem_size` bytes.
 * Rows (one index of axis 0) under 64 KiB are grouped into ~64 KiB chunks; wider rows
 * get one row per chunk (a time slice), split along the next axes when over 1 MiB.
 * Cannot fail.
 */
void csim_h5__chunk_dims(size_t rank, const uint64_t *dims, size_t elem_size, uint64_t *chunk);

/**
 * \internal How a numeric dataset is created (csim_h5__dataset_create_ex). Zero-initialise,
 * then fill.
 */
typedef struct csim_h5__dset_spec {
    csim_h5_type type;     /**< element type                                            */
    size_t rank;           /**< 1..3 axes                                               */
    uint64_t dims[3];      /**< current extents; an unlimited axis may start at 0        */
    bool unlimited[3];     /**< axes whose maximum extent is unlimited (extendible)      */
    uint64_t chunk[3];     /**< chunk extents, or all 0: csim_h5__chunk_dims(dims)       */
    bool raw;              /**< no filters (chunked datasets only): for columns whose
                                compression costs more time than the writer may
                                spend (the caller decides: model/trajectory.c)      */
    const char *unit;      /**< attribute `unit`, or NULL                                */
    bool write_through;    /**< compressed chunks too skip HDF5's chunk cache: for chunks
                                each written whole by one call (time slices of a growing
                                element), which are then compressed and written at once
                                instead of at the dataset's close. Unfiltered chunks
                                always skip it (nothing to compress)                   */
} csim_h5__dset_spec;

/**
 * \internal Create the numeric dataset `path` as `spec` says (parent groups created).
 * Datasets with an unlimited axis, or over 64 KiB, are chunked, with shuffle + deflate
 * level 1 unless `raw` or their chunk is under CSIM_H5__SMALL_CHUNK bytes; small fixed
 * ones are contiguous. The fill value is NaN (double)
 * or -1 (integers), recorded also as attribute `fill_value` on chunked datasets (what a
 * reader sees where nothing was written). On success *dset is the open dataset, closed
 * by the caller with csim_h5__close(). Returns CSIM_OK, CSIM_EINVAL (`path` exists, bad
 * spec) or CSIM_EIO.
 */
csim_status csim_h5__dataset_create_ex(csim_h5_file *f, const char *path,
                                       const csim_h5__dset_spec *spec, int64_t *dset);

/**
 * \internal As csim_h5__dataset_create_ex(), for a dataset `name` inside the open group
 * `loc` (a hid_t) that the caller has just created, so that the name is known to be free:
 * no path walk, no existence test (each costs as much as the creation itself, and a
 * trajectory creates a few hundred datasets). `path` is the dataset's absolute path, for
 * messages only.
 */
csim_status csim_h5__dataset_create_in(csim_h5_file *f, int64_t loc, const char *name,
                                       const char *path, const csim_h5__dset_spec *spec,
                                       int64_t *dset);

/**
 * \internal Create the group `path` (missing parents created too) and return it open in
 * *group (a hid_t, closed by the caller with csim_h5__close()). An existing `path` is
 * CSIM_EINVAL ("exists already"). One lookup and one creation instead of a walk over
 * every component.
 */
csim_status csim_h5__group_create_new(csim_h5_file *f, const char *path, int64_t *group);

/**
 * \internal Write a new attribute `name` on the open object `obj` (a hid_t named `path`,
 * for messages) that is known not to have it yet (just created): a scalar UTF-8 string
 * (`values` one string, n = 0) or a 1-D array of n >= 1 strings.
 */
csim_status csim_h5__attr_strings_new(csim_h5_file *f, int64_t obj, const char *path,
                                      const char *name, const char *const *values, size_t n);

/**
 * \internal Write the 1-D UTF-8 string dataset `name` (n >= 1 strings) inside the open
 * group `loc`, which the caller has just created (no existence test).
 */
csim_status csim_h5__strings_dataset_in(csim_h5_file *f, int64_t loc, const char *name,
                                        const char *path, const char *const *values, size_t n);

/**
 * \internal Create the numeric dataset `path` (parent groups created) of `rank` (1..3)
 * axes and current extents `dims`. With `extendible`, axis 0 has maximum extent
 * unlimited (dims[0] is then usually 0). Datasets that are extendible or over 64 KiB
 * are chunked (csim_h5__chunk_dims) with shuffle + deflate level 1; the fill value is
 * NaN (double) or -1 (int64); `unit`, unless NULL, becomes attribute `unit`.
 * On success *dset is the open dataset (a hid_t), to be closed by the caller with
 * csim_h5__close(). Returns CSIM_OK, CSIM_EINVAL (`path` exists) or CSIM_EIO.
 */
csim_status csim_h5__dataset_create(csim_h5_file *f, const char *path, csim_h5_type type,
                                    size_t rank, const uint64_t *dims, bool extendible,
                                    const char *unit, int64_t *dset);

/** \internal Register `p` with `f`, to be written by `flush` at commit. Cannot fail. */
void csim_h5__pending_add(csim_h5_file *f, csim_h5__pending *p,
                          csim_status (*flush)(csim_h5__pending *self));

/** \internal An element's close: write what `p` holds if it is still attached (a failure
 * becomes the file's deferred failure, which commit reports), then unregister it. A
 * detached or zeroed `p` is fine. */
void csim_h5__pending_close(csim_h5__pending *p);

/** \internal Remember csim_last_error() as the file's deferred failure (the first one
 * wins); commit will fail with it. Cannot fail (out of memory keeps a fixed text). */
void csim_h5__defer_failure(csim_h5_file *f);

/** \internal HDF5 file and memory types of `type` (hid_t). */
int64_t csim_h5__file_type(csim_h5_type type);
int64_t csim_h5__mem_type(csim_h5_type type);

/** \internal Close any HDF5 handle if it is still valid (no-op on <= 0); set it to -1. */
void csim_h5__close(int64_t *id);

/** \internal Target and upper bound of a chunk's size in bytes (see csim_h5__chunk_dims). */
#define CSIM_H5__CHUNK_TARGET ((uint64_t) 64 * 1024)
#define CSIM_H5__CHUNK_MAX ((uint64_t) 1024 * 1024)
/** \internal Chunks smaller than this are stored without filters (deflate's fixed cost per
 * chunk outweighs the few bytes it could save; csim_h5__dataset_create_ex). */
#define CSIM_H5__SMALL_CHUNK ((uint64_t) 4096)

/** \internal Whether `f` is an open output file (created, not yet committed or aborted). */
bool csim_h5__is_open(const csim_h5_file *f);

/** \internal An absolute path with non-empty components: "/", "/a", "/a/b"; not "a",
 * "/a/", "//a". */
bool csim_h5__path_ok(const char *path);

/** \internal Whether the existing object `path` (from `loc`, a hid_t) is a group.
 * Returns CSIM_OK or CSIM_EIO. */
csim_status csim_h5__is_group(int64_t loc, const char *path, bool *group);

/** \internal Whether `type` is one of csim_h5_type's values. */
bool csim_h5__type_known(csim_h5_type type);

/** \internal The link creation list of `f` (UTF-8 names), made on first use and kept
 * until the file is closed; <= 0 on failure. Not to be closed by the caller. */
int64_t csim_h5__lcpl(csim_h5_file *f);

/** \internal The attribute creation list of `f` (UTF-8 names), as csim_h5__lcpl(). */
int64_t csim_h5__acpl(csim_h5_file *f);

/** \internal The reusable compressor of a file (sim/h5_chunk.c); opaque. */
struct csim_h5__deflater;

/** \internal Free a compressor (NULL is fine). */
void csim_h5__deflater_free(struct csim_h5__deflater *d);

/**
 * \internal Write one whole chunk of the shuffle+deflate dataset `dset` directly
 * (H5Dwrite_chunk), compressing it here with the file's reusable zlib stream: the chunk
 * at `offset` (rank values, a multiple of the chunk shape, inside the extent) holds
 * `chunk_values` values of `type` in the file's byte order (the machine's: little-endian,
 * checked by the caller), of which the first `values` are `data` and the rest fill (NaN,
 * or -1). CSIM_ENOMEM, CSIM_EIO.
 */
/**
 * \internal As csim_h5__write_chunk_deflated(), for a dataset without filters: the chunk
 * is written as it is (a whole chunk straight from `data`; a partial one padded with fill
 * in the file's buffer). Bypasses HDF5's dataspace selections and type conversion, which
 * cost more than the write itself for the baseline's 8 KiB raw rows.
 */
csim_status csim_h5__write_chunk_raw(csim_h5_file *f, int64_t dset, size_t rank,
                                     const uint64_t *offset, csim_h5_type type,
                                     const void *data, size_t values, size_t chunk_values,
                                     const char *label);

csim_status csim_h5__write_chunk_deflated(csim_h5_file *f, int64_t dset, size_t rank,
                                          const uint64_t *offset, csim_h5_type type,
                                          const void *data, size_t values,
                                          size_t chunk_values, const char *label);

/** \internal A dataset access list without a chunk cache, as csim_h5__lcpl(): writes of
 *  an unfiltered dataset then go to the file (the kernel's page cache) as they are made,
 *  instead of waiting in HDF5's cache for the dataset's close at the end of the run. */
int64_t csim_h5__uncached_dapl(csim_h5_file *f);

/** \internal A new creation property list of class `cls` (a hid_t) that records no
 * modification times, so the same run writes the same bytes; <= 0 on failure; closed
 * by the caller. */
int64_t csim_h5__untimed(int64_t cls);

/**
 * \internal Strings packed for HDF5 as fixed-length UTF-8 (NUL-terminated, each slot as
 * long as the longest string plus its NUL). Our files hold no variable-length strings:
 * those live in HDF5's global heap, whose reader in HDF5 1.10.8 trusts the lengths and
 * indexes it finds there, so that a damaged file crashed or hung the tools
 * (tests/cli/test_hostile_files.sh, docs/RELIABILITY.md). Fixed-length strings are stored
 * in place, with their size in the datatype, where the reader can check them.
 */
typedef struct csim_h5__packed_strings {
    int64_t type;  /**< the fixed-length string type (hid_t): file and memory type alike */
    size_t size;   /**< bytes per string: the longest one's length + 1                  */
    size_t n;      /**< number of strings                                              */
    char *bytes;   /**< owned: n * size bytes, each string NUL-padded                   */
} csim_h5__packed_strings;

/**
 * \internal Pack `n` >= 1 borrowed strings (none NULL) into `p`. On error `p` is left
 * empty. Returns CSIM_OK, CSIM_EINVAL (NULL string; `what` names the owner in the message),
 * CSIM_ENOMEM or CSIM_EIO.
 */
csim_status csim_h5__strings_pack(csim_h5__packed_strings *p, const char *const *values,
                                  size_t n, const char *what);

/** \internal Release what csim_h5__strings_pack() made. Safe on a zeroed struct. */
void csim_h5__strings_unpack(csim_h5__packed_strings *p);

/** \internal Write a new scalar numeric attribute `name` on the open object `obj` (a hid_t
 * named `path`, for messages) that cannot have it yet (just created). */
csim_status csim_h5__attr_num_new(csim_h5_file *f, int64_t obj, const char *path,
                                  const char *name, csim_h5_type type, const void *value);

/** \internal Switch HDF5's own file locking on or off in the file access list `fapl` (a
 * hid_t), the same for the writer (off) and the reader (on) on every HDF5 version: a
 * no-op before 1.10.7, which has no switch. False when HDF5 refuses (call CSIM_H5__FAIL
 * next). */
bool csim_h5__set_file_locking(int64_t fapl, bool use);

/** \internal "FILE:PATH" (the file's final name and an object path), malloc'd, for error
 * messages; NULL when out of memory. */
char *csim_h5__label(const csim_h5_file *f, const char *path);

/** \internal path + "/" + child into buf (`size` bytes); false when it does not fit. */
bool csim_h5__join(char *buf, size_t size, const char *path, const char *child);

/**
 * \internal Write the block start[0..rank) + count[0..rank) of the dataset `dset` (a hid_t)
 * from `buf` (row-major, shape `count`, memory type `mtype`), after growing the dataset's
 * extent to `size` (NULL: it covers the block already). One extent change and one
 * hyperslab write; both dataspaces are closed before returning, so a loop of appends
 * holds none open. `label` and `what` name the dataset in messages. Returns CSIM_OK or
 * CSIM_EIO.
 */
csim_status csim_h5__write_block(int64_t dset, size_t rank, const uint64_t *size,
                                 const uint64_t *start, const uint64_t *count, int64_t mtype,
                                 const void *buf, const char *label, const char *what);

/** \internal Append `n` rows of shape row_dims[0 .. rank-2] to the extendible dataset
 * `dset` whose length is `old` (csim_h5__write_block()). */
csim_status csim_h5__append_rows(int64_t dset, size_t rank, const uint64_t *row_dims,
                                 uint64_t old, uint64_t n, int64_t mtype, const void *buf,
                                 const char *label, const char *what);

struct csim_h5_series;
/** \internal Whether the element `s` (sim/h5_series.h) is open. */
bool csim_h5__series_is_open(const struct csim_h5_series *s);

struct csim_h5_reader;
/** \internal Whether `r` (sim/h5_read.h) is an open reader. */
bool csim_h5__reader_is_open(const struct csim_h5_reader *r);

/** \internal Open the object `path` of reader `r` into *obj (a hid_t, closed by the caller
 * with H5Oclose or csim_h5__close), with a clear CSIM_EINVAL naming the file when it
 * does not exist. */
csim_status csim_h5__open_object(const struct csim_h5_reader *r, const char *path,
                                 int64_t *obj);

/** \internal Open attribute `name` of the object `obj_path` into *attr, or, with `name`
 * NULL, check that `obj_path` is a dataset (*attr stays invalid); *obj is the object.
 * Both are closed by the caller. */
csim_status csim_h5__open_data(const struct csim_h5_reader *r, const char *obj_path,
                               const char *name, int64_t *obj, int64_t *attr);

#endif /* CSIM_SIM_H5_INTERNAL_H */
