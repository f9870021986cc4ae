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
 * Layout conventions (docs/OUTPUT.md, after H5MD 1.1): csim_h5_create() writes
 * the `/h5md` group (`version = [1, 1]`, `author/name`, `creator/{name, version}`); the
 * time-dependent elements are written by sim/h5_series.h; sim/h5_read.h reads back.
 *
 * Object paths are absolute ("/parameters/scenario") and use '/' only as a separator.
 * Strings are written as fixed-length UTF-8, NUL-terminated, each slot as long as the
 * longest string of its attribute or dataset. Not variable-length: those live in HDF5's
 * global heap, which HDF5 1.10.8 reads without checking it, so that one damaged byte of a
 * file crashed or hung the tools that read it (sim/h5_read.h). The price is paid in
 * Python: h5py returns fixed-length strings as bytes (`attrs["unit"].decode()`; datasets
 * also through `.asstr()`); analysis/python/read_trajectory.py decodes them.
 *
 * This module (sim/h5_file.c, h5_dataset.c, h5_attr.c, h5_common.c) and its siblings
 * sim/h5_series.c, h5_clock.c, h5_table.c, h5_chunk.c, h5_link.c and h5_read*.c are the
 * only files of the project that include <hdf5.h> (docs/CONVENTIONS.md rule 23); their shared helpers
 * are in sim/h5_internal.h: handles appear here as `int64_t`, which is what `hid_t` is
 * in HDF5 >= 1.10 (checked by a _Static_assert in the .c files).
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
#include "sim/tmp_file.h"

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
    csim_tmp_file tmp; /**< owned: the temporary it is written under, locked (sim/tmp_file.h) */
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
    int64_t uncached_dapl; /**< dataset access list without chunk cache, likewise  */
    struct csim_h5__deflater *deflater; /**< owned: the zlib stream reused for the chunks
                                             written directly (sim/h5_chunk.c), or NULL */
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
 * Wait until the data written to the file so far is on disk (fdatasync). The writer
 * thread calls it after each snapshot but the last: the disk then works while the run
 * goes on, and commit's fsync has only the end of the file to wait for (12 ms of the
 * baseline's 20 ms on the development machine). A hint: a failure is ignored here, since
 * commit's fsync reports it.
 */
void csim_h5_sync_data(csim_h5_file *f);

/**
 * Start writing the data written to the file so far to disk, without waiting for it
 * (Linux's sync_file_range; elsewhere nothing). The trajectory's close calls it once the
 * last snapshot is written: the disk then works while the held rows and HDF5's metadata
 * are written, and commit's fsync has less left to wait for. A hint: cannot fail.
 */
void csim_h5_start_writeback(csim_h5_file *f);

/**
 * Create the group `path` and any missing intermediate groups; an existing group is fine.
 *
 * \param f     an open file
 * \param path  borrowed; absolute group path such as "/particles/firms"
 * \return CSIM_OK; CSIM_EINVAL (bad path, or `path` exists and is not a group); CSIM_EIO.
 */
csim_status csim_h5_group_create(csim_h5_file *f, const char *path);

/**
 * Write (or replace) a scalar string attribute (fixed-length UTF-8).
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
 * Write (or replace) a 1-D attribute of `n` fixed-length UTF-8 strings (a name
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
 * Write a scalar string dataset (fixed-length UTF-8, as long as the text), e.g. the
 * scenario text exactly as read. Intermediate groups are created. h5py >= 3 returns it
 * as `str` through `f[path].asstr()[()]` (plain `f[path][()]` gives `bytes`).
 *
 * \param f     an open file
 * \param path  borrowed; absolute path of the new dataset (must not exist)
 * \param text  borrowed; NUL-terminated UTF-8 text of any length
 * \return CSIM_OK; CSIM_EINVAL (NULL argument, `path` exists); CSIM_EIO.
 */
csim_status csim_h5_dataset_write_text(csim_h5_file *f, const char *path, const char *text);

/**
 * Write a 1-D dataset of `n` fixed-length UTF-8 strings, e.g. the `names` table of an
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

/**
 * Turn HDF5's automatic error printing off for the calling thread. Debian's HDF5 is built
 * thread-safe, where that setting is per thread: a thread other than main that calls HDF5
 * (the trajectory's writer thread) would otherwise print HDF5's stack of every expected
 * failure (a group probed before it is created) and of every real one. Cheap; idempotent.
 */
void csim_h5_thread_init(void);

/**
 * Hand the memory HDF5 keeps on its free lists for reuse back to the C heap (its
 * H5garbage_collect), for measurements of peak memory that follow a file's writing
 * (bench/bench_model.c). Call with no file open on another thread.
 */
void csim_h5_release_free_lists(void);

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

#endif /* CSIM_SIM_H5_FILE_H */
