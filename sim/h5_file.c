/* POSIX 2008 for fsync, fdatasync, link, O_DIRECTORY under -std=c11; GNU for
 * Linux's sync_file_range (csim_h5_start_writeback, which does without it elsewhere). */
#define _GNU_SOURCE

/* An output file's life: created under a temporary name, committed (flushed, fsync'ed,
 * renamed) or aborted (removed). What goes inside it is written by sim/h5_dataset.c,
 * sim/h5_attr.c, sim/h5_series.c and sim/h5_table.c. */
#include "sim/h5_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hdf5.h>

#include "sim/h5_internal.h"
#include "sim/out_file.h"
#include "sim/str_copy.h"

static const char *const creator_name = "clustersim";

/* ------------------------------------------------------------------------------------ */
/* The file: create, commit, abort                                                      */
/* ------------------------------------------------------------------------------------ */

csim_status csim_h5_create(csim_h5_file *f, const char *final_path, const char *author,
                           const char *creator_version, bool force) {
    csim_status st = CSIM_OK;
    hid_t fcpl = H5I_INVALID_HID, fapl = H5I_INVALID_HID;

    memset(f, 0, sizeof *f);
    f->id = H5I_INVALID_HID;
    f->force = force;
    /* Everything about the final name that can be known now is checked now, before the
     * caller simulates (a device, a dangling link, a file the rename cannot replace).
     * The temporary exists, empty and locked, from here on: HDF5 truncates it. */
    CSIM_TRY(csim_out_file_reserve(final_path, force, &f->dir_path, &f->tmp));
    if (!(f->final_path = csim_str_copy(final_path))) {
        st = CSIM_FAIL(CSIM_ENOMEM, "copy of path '%s'", final_path);
        goto cleanup;
    }

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
        (fcpl = (hid_t) csim_h5__untimed(H5P_FILE_CREATE)) < 0) {
        st = CSIM_H5__FAIL("%s: file property lists", final_path);
        goto cleanup;
    }
    /* No HDF5 file locking on the temporary: it holds sim/tmp_file.h's lock, which says
     * the same (a live writer) to every clustersim that finds it, and HDF5's flock
     * would collide with it where flock is emulated by fcntl locks (NFS). */
    if (!csim_h5__set_file_locking(fapl, false)) {
        st = CSIM_H5__FAIL("%s: file locking property", final_path);
        goto cleanup;
    }
    if ((f->id = H5Fcreate(f->tmp.path, H5F_ACC_TRUNC, fcpl, fapl)) < 0) {
        st = CSIM_H5__FAIL("%s: creating HDF5 file '%s'", final_path, f->tmp.path);
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
    csim_h5__close(&fcpl);
    csim_h5__close(&fapl);
    if (st != CSIM_OK) {
        csim_h5_abort(f);
    }
    return st;
}

/* ------------------------------------------------------------------------------------ */
/* Elements holding rows in memory                                                      */
/* ------------------------------------------------------------------------------------ */

void csim_h5__pending_add(csim_h5_file *f, csim_h5__pending *p,
                          csim_status (*flush)(csim_h5__pending *self)) {
    p->flush = flush;
    p->file = f;
    p->next = f->pending;
    f->pending = p;
}

void csim_h5__pending_close(csim_h5__pending *p) {
    if (!p || !p->file) {
        return;
    }
    if (p->flush(p) != CSIM_OK) {
        csim_h5__defer_failure(p->file);
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
    f->deferred_error = csim_str_copy(text && text[0] ? text : "a buffered write failed");
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
    csim_h5__close(&f->uncached_dapl);
    csim_h5__deflater_free(f->deflater);
    free(f->deferred_error);
    free(f->final_path);
    csim_tmp_file_release(&f->tmp, false);
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
    csim_tmp_file_release(&f->tmp, true);
    const hid_t id = (hid_t) f->id;
    f->id = H5I_INVALID_HID;
    if (id > 0 && H5Iis_valid(id) > 0) {
        close_objects(id);
        H5Fclose(id);
    }
}

csim_status csim_h5_commit(csim_h5_file *f) {
    csim_status st = CSIM_OK;
    bool published = false;

    if (!csim_h5__is_open(f)) {
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
        st = CSIM_H5__FAIL("%s: flushing '%s' failed (disk full?)", f->final_path, f->tmp.path);
        goto cleanup;
    }
    const hid_t id = (hid_t) f->id;
    f->id = H5I_INVALID_HID;
    if (H5Fclose(id) < 0) {
        st = CSIM_H5__FAIL("%s: closing '%s' failed (disk full?)", f->final_path, f->tmp.path);
        goto cleanup;
    }
    const int err = csim_sync_path(f->tmp.path, false);
    if (err != 0) {
        st = CSIM_FAIL(CSIM_EIO, "%s: fsync of '%s': %s", f->final_path, f->tmp.path,
                       strerror(err));
        goto cleanup;
    }
    /* A folder that fails to sync after the rename leaves the file published. */
    st = csim_tmp_file_publish(&f->tmp, f->final_path, f->dir_path, f->force, &published);

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

void csim_h5_sync_data(csim_h5_file *f) {
    void *handle = NULL;
    /* The sec2 driver's handle is its file descriptor (an int). */
    if (csim_h5__is_open(f) && H5Fget_vfd_handle((hid_t) f->id, H5P_DEFAULT, &handle) >= 0 &&
        handle) {
        (void) fdatasync(*(int *) handle);
    }
}

void csim_h5_start_writeback(csim_h5_file *f) {
#ifdef SYNC_FILE_RANGE_WRITE
    void *handle = NULL;
    if (csim_h5__is_open(f) && H5Fget_vfd_handle((hid_t) f->id, H5P_DEFAULT, &handle) >= 0 &&
        handle) {
        (void) sync_file_range(*(int *) handle, 0, 0, SYNC_FILE_RANGE_WRITE);
    }
#else
    (void) f;
#endif
}

void csim_h5_thread_init(void) {
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

void csim_h5_release_free_lists(void) {
    (void) H5garbage_collect();
}

void csim_h5_library_init(void) {
    H5dont_atexit();
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}
