/**
 * \file sim/h5_file.h
 * An HDF5 output file written safely, and the helpers that write its metadata.
 *
 * The file is created under a temporary name in the folder of its final name
 * (".NAME.tmp-PID-XXXXXX") and renamed over the final name only by csim_h5_commit(),
 * after everything has been flushed and fsync'ed. A crash, a full disk or an error
 * therefore never leaves a file that looks finished: either the final name holds a
 * complete file, or it holds what it held before (nothing, or the old file).
 *
 * Layout conventions (shared/design/OUTPUT.md, after H5MD 1.1): csim_h5_create() writes
 * the `/h5md` group (`version = [1, 1]`, `author/name`, `creator/{name, version}`); the
 * time-dependent elements are written by sim/h5_series.h; sim/h5_read.h reads back.
 *
 * Object paths are absolute ("/parameters/scenario") and use '/' only as a separator.
 * Strings are written as variable-length UTF-8, which h5py returns as `str` (attributes
 * directly, datasets through `.asstr()`); fixed-length strings would come back as bytes.
 *
 * This module and its siblings sim/h5_series.c and sim/h5_read.c are the only files of the
 * project that include <hdf5.h> (STYLE rule 23): handles appear here as `int64_t`, which
 * is what `hid_t` is in HDF5 >= 1.10 (checked by a _Static_assert in the .c files).
 *
 * Thread-safety: none. HDF5 is serialised by one global lock in this build; every call of
 * the sim/h5_*.h modules must come from serial code (never inside an OpenMP region).
 *
 * Process set-up, done once by main (and by test set-up), not by this module:
 *   - `H5Eset_auto2(H5E_DEFAULT, NULL, NULL)`: HDF5 prints nothing; its innermost error
 *     text is appended to our CSIM_EIO messages instead.
 *   - `H5dont_atexit()`, before any other HDF5 call: after a write error (disk full)
 *     HDF5 1.10 cannot close the file, and its exit handler then crashes on the
 *     half-closed file (HDFFV-11052, fixed in HDF5 1.14.1). Without the handler such a
 *     run ends with its error message and exit status instead of a segmentation fault.
 *     Our own files are always committed or aborted explicitly, so the handler has
 *     nothing useful left to do.
 */
#ifndef CSIM_SIM_H5_FILE_H
#define CSIM_SIM_H5_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/error.h"

/**
 * Element type of a numeric dataset or attribute. Readers (sim/h5_read.h) ask for
 * CSIM_H5_DOUBLE or CSIM_H5_INT64 and get any stored integer width converted; the narrow
 * integer types exist for writing: an enumeration code in one byte, an agent id in four,
 * instead of eight bytes each in large snapshots.
 */
typedef enum csim_h5_type {
    CSIM_H5_DOUBLE = 0, /**< IEEE double, native byte order (`double`)            */
    CSIM_H5_INT64 = 1,  /**< signed 64-bit integer, native byte order (`int64_t`) */
    CSIM_H5_INT32 = 2,  /**< signed 32-bit integer (`int32_t`): ids, counts       */
    CSIM_H5_INT8 = 3,   /**< signed 8-bit integer (`int8_t`): enumeration codes   */
    CSIM_H5_INT16 = 4   /**< signed 16-bit integer (`int16_t`): small counters    */
} csim_h5_type;

/** Bytes of one value of `type` (8, 4, 2 or 1); 0 for a value outside the enum. */
size_t csim_h5_type_size(csim_h5_type type);

struct csim_h5__pending; /* folder-private, below */

/**
 * An output file being written. Caller-allocated; a zeroed struct is a valid "closed"
 * file (csim_h5_abort() on it does nothing). Filled by csim_h5_create(), emptied by
 * csim_h5_commit() or csim_h5_abort().
 */
typedef struct csim_h5_file {
    int64_t id;       /**< HDF5 file handle (hid_t); <= 0 when closed                  */
    char *final_path; /**< owned: the name the file gets on commit                     */
    char *tmp_path;   /**< owned: the temporary name it is written under               */
    char *dir_path;   /**< owned: the folder of both names (fsync'ed after the rename) */
    bool force;       /**< replace an existing final_path on commit                    */
    struct csim_h5__pending *pending; /**< elements of sim/h5_series.h open on this file
                                           that may hold rows in memory (flushed by
                                           commit); borrowed, never owned           */
    char *deferred_error; /**< owned: a write that failed where no status could be
                               returned (a close); commit then fails with it     */
    int64_t lcpl;         /**< link creation list (UTF-8 names) shared by every
                               object created in the file; <= 0 until first used */
    int64_t acpl;         /**< attribute creation list (UTF-8 names), likewise     */
} csim_h5_file;

/**
 * Create an output file that will be named `final_path` once committed, and write the
 * `/h5md` metadata group.
 *
 * The HDF5 file is created under a temporary name in the same folder (so the final rename
 * is atomic), with file-format version bounds [1.8, 1.8]: any HDF5 >= 1.8 can read it.
 *
 * \param f                uninitialised struct, filled on success; on error it is left
 *                         closed (csim_h5_abort() is then a harmless no-op)
 * \param final_path       borrowed; path of the finished file
 * \param author           borrowed; written as `/h5md/author` attribute `name`; NULL
 *                         writes "unknown"
 * \param creator_version  borrowed; written as `/h5md/creator` attribute `version`
 *                         (attribute `name` is "clustersim"); NULL writes "unknown"
 * \param force            replace `final_path` on commit if it exists
 * \return CSIM_OK;
 *         CSIM_EINVAL (NULL or empty path, or a path ending in '/');
 *         CSIM_EEXIST (`final_path` exists and !force: the message names it and
 *         suggests --force; nothing is created);
 *         CSIM_EIO (the folder does not exist or is not writable -- the message names
 *         the folder and the system's reason --, `final_path` is a folder, or HDF5
 *         failed); CSIM_ENOMEM.
 *
 * Not thread-safe (see the file comment). O(1) apart from the file system.
 */
csim_status csim_h5_create(csim_h5_file *f, const char *final_path, const char *author,
                           const char *creator_version, bool force);

/**
 * Finish the file: write the rows that elements of sim/h5_series.h still hold in memory,
 * flush and close the file (and any object still open in it), fsync it, rename it to its
 * final name, fsync the folder.
 *
 * Datasets of sim/h5_series.h elements still open are closed by HDF5 here; their
 * csim_h5_*_close() calls afterwards are then no-ops, but close them first anyway. A
 * buffered write that failed inside a close call (which returns nothing) makes commit
 * fail with that write's message.
 * Without `force`, an existing final name (created by someone else since
 * csim_h5_create()) is never replaced: the rename is done as a hard link, which fails
 * atomically if the name exists.
 *
 * \param f  a file from csim_h5_create(); closed on return, whatever the status
 * \return CSIM_OK;
 *         CSIM_EINVAL (`f` is not open);
 *         CSIM_EEXIST (final name appeared meanwhile and !force);
 *         CSIM_EIO (flush, close, fsync or rename failed, e.g. disk full).
 *         On any error the temporary file is removed and the final name is untouched,
 *         except for a failed fsync of the folder after the rename, which is reported
 *         (CSIM_EIO) but leaves the complete file in place.
 */
csim_status csim_h5_commit(csim_h5_file *f);

/**
 * Give up a file: close it and remove its temporary name. The final name is never
 * touched. Safe on a zeroed, committed or already aborted struct (idempotent). Cannot
 * fail (errors while closing do not matter: the file is discarded).
 */
void csim_h5_abort(csim_h5_file *f);

/**
 * Create the group `path` and any missing intermediate groups; an existing group is fine.
 *
 * \param f     an open file
 * \param path  borrowed; absolute group path such as "/particles/firms"
 * \return CSIM_OK; CSIM_EINVAL (bad path, or `path` exists and is not a group); CSIM_EIO.
 */
csim_status csim_h5_group_create(csim_h5_file *f, const char *path);

/**
 * Write (or replace) a scalar variable-length UTF-8 string attribute.
 *
 * \param f         an open file
 * \param obj_path  borrowed; existing group or dataset ("/" is the root group)
 * \param name      borrowed; attribute name
 * \param value     borrowed; NUL-terminated UTF-8 text
 * \return CSIM_OK; CSIM_EINVAL (NULL argument, missing object); CSIM_EIO.
 */
csim_status csim_h5_attr_write_string(csim_h5_file *f, const char *obj_path, const char *name,
                                      const char *value);

/**
 * Write (or replace) a 1-D attribute of `n` variable-length UTF-8 strings (a name
 * table, for instance). Same parameters and statuses as csim_h5_attr_write_string(),
 * with `values` an array of `n` >= 1 borrowed strings.
 */
csim_status csim_h5_attr_write_strings(csim_h5_file *f, const char *obj_path, const char *name,
                                       const char *const *values, size_t n);

/**
 * Write (or replace) a numeric attribute.
 *
 * \param f         an open file
 * \param obj_path  borrowed; existing group or dataset
 * \param name      borrowed; attribute name
 * \param type      element type; `values` points to `double` or `int64_t` accordingly
 * \param values    borrowed; `n` values
 * \param n         number of values: 1 writes a scalar attribute (h5py gives a number);
 *                  n >= 2 writes a 1-D array (`version = [1, 1]` is n = 2). A list that
 *                  happens to hold one value is therefore stored as a scalar.
 * \return CSIM_OK; CSIM_EINVAL (n == 0, NULL argument, missing object); CSIM_EIO.
 */
csim_status csim_h5_attr_write_num(csim_h5_file *f, const char *obj_path, const char *name,
                                   csim_h5_type type, const void *values, size_t n);

/**
 * Write a scalar variable-length UTF-8 string dataset, e.g. the scenario text exactly as
 * read. Intermediate groups are created. Being UTF-8 and variable-length, h5py >= 3
 * returns it as `str` through `f[path].asstr()[()]` (plain `f[path][()]` gives `bytes`
 * for every string dataset in h5py 3; attributes come back as `str` directly).
 *
 * \param f     an open file
 * \param path  borrowed; absolute path of the new dataset (must not exist)
 * \param text  borrowed; NUL-terminated UTF-8 text of any length
 * \return CSIM_OK; CSIM_EINVAL (NULL argument, `path` exists); CSIM_EIO.
 */
csim_status csim_h5_dataset_write_text(csim_h5_file *f, const char *path, const char *text);

/**
 * Write a 1-D dataset of `n` variable-length UTF-8 strings, e.g. the `names` table of an
 * enumeration beside its `value` (value v means names[v]). Intermediate groups are
 * created. Same statuses as csim_h5_dataset_write_text(); `values` is an array of `n` >= 1
 * borrowed strings.
 */
csim_status csim_h5_dataset_write_strings(csim_h5_file *f, const char *path,
                                          const char *const *values, size_t n);

/**
 * Write a fixed-size numeric dataset (time-independent data: initial state, a lookup
 * table). Intermediate groups are created. Datasets over 64 KiB are chunked and
 * compressed (shuffle + deflate 1), smaller ones are stored contiguous.
 *
 * \param f     an open file
 * \param path  borrowed; absolute path of the new dataset (must not exist)
 * \param type  element type; `data` points to `double` or `int64_t` accordingly
 * \param data  borrowed; product(dims) values in row-major (C) order
 * \param rank  1, 2 or 3
 * \param dims  borrowed; `rank` extents, each >= 1
 * \param unit  borrowed; written as attribute `unit`; NULL writes none (ids, counts)
 * \return CSIM_OK; CSIM_EINVAL (bad rank or dims, NULL argument, `path` exists); CSIM_EIO.
 */
csim_status csim_h5_dataset_write(csim_h5_file *f, const char *path, csim_h5_type type,
                                  const void *data, size_t rank, const size_t *dims,
                                  const char *unit);

/**
 * Configure the HDF5 library for this process, once, before any thread exists (mains and
 * test set-up call it): HDF5's automatic error printing is turned off (every call's status
 * is checked and reported through csim_last_error), and its exit handler is not
 * installed, because HDF5 1.10.8's handler crashes after a failed close (a full disk:
 * HDFFV-11052); files are closed or aborted explicitly instead.
 */
void csim_h5_library_init(void);

/*
 * Folder-private (sim/h5_*.c only): the declarations below carry no HDF5 types, so that
 * this header still does not include <hdf5.h>.
 */

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
    bool raw;              /**< no filters (chunked datasets only): for values that
                                deflate cannot shrink, whose compression would cost
                                more than it saves                                     */
    const char *unit;      /**< attribute `unit`, or NULL                                */
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

/**
 * \internal Something that may hold rows in memory for a file: the struct that embeds it
 * registers with csim_h5__pending_add() and must not move until it is removed. Commit
 * calls `flush` on each (then detaches them: `file` becomes NULL); abort detaches them
 * without flushing.
 */
typedef struct csim_h5__pending {
    struct csim_h5__pending *next;                       /**< next in the file's list */
    csim_h5_file *file;                                  /**< NULL once detached       */
    csim_status (*flush)(struct csim_h5__pending *self); /**< write what is held        */
} csim_h5__pending;

/** \internal Register `p` (with its `flush` set) with `f`. Cannot fail. */
void csim_h5__pending_add(csim_h5_file *f, csim_h5__pending *p);

/** \internal Unregister `p` if it is attached; a detached or zeroed `p` is fine. */
void csim_h5__pending_remove(csim_h5__pending *p);

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

#endif /* CSIM_SIM_H5_FILE_H */
