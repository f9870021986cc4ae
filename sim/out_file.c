/* POSIX 2008 for fsync, link, mkstemp, fdopen, O_DIRECTORY under -std=c11. */
#define _POSIX_C_SOURCE 200809L

#include "sim/out_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/out_path.h"

static void forget(csim_out_file *f) {
    csim_tmp_file_release(&f->tmp, false);
    free(f->final_path);
    free(f->dir_path);
    memset(f, 0, sizeof *f);
}

void csim_out_file_abort(csim_out_file *f) {
    if (!f) {
        return;
    }
    if (f->fp) {
        fclose(f->fp); /* its errors do not matter: the file is discarded */
    }
    csim_tmp_file_release(&f->tmp, true);
    forget(f);
}

csim_status csim_out_file_open(csim_out_file *f, const char *final_path, bool force) {
    csim_status st = CSIM_OK;
    char *base = NULL;
    int fd = -1;

    memset(f, 0, sizeof *f);
    f->force = force;
    CSIM_TRY(csim_out_path_check(final_path, force, &f->dir_path, &base));
    if (!(f->final_path = strdup(final_path))) {
        st = CSIM_FAIL(CSIM_ENOMEM, "names for output '%s'", final_path);
        goto cleanup;
    }
    CSIM_TRY(csim_tmp_file_create(&f->tmp, f->dir_path, base, final_path));
    /* A descriptor of its own for the stream: closing it at commit keeps the lock, which
     * the temporary's descriptor holds until the rename. */
    fd = csim_tmp_file_open_write(&f->tmp);
    if (fd < 0 || !(f->fp = fdopen(fd, "w"))) {
        const int err = errno;
        st = CSIM_FAIL(CSIM_EIO, "opening '%s' (for '%s'): %s", f->tmp.path, final_path,
                       strerror(err));
        goto cleanup;
    }
    fd = -1; /* the stream owns it */

cleanup:
    free(base);
    if (fd >= 0) {
        close(fd);
    }
    if (st != CSIM_OK) {
        csim_out_file_abort(f);
    }
    return st;
}

static bool exists(const char *path) {
    struct stat info;
    return stat(path, &info) == 0;
}

/* fsync a folder by name, so that the rename survives a power cut; 0 or an errno. */
static int sync_dir(const char *path) {
    const int fd = open(path, O_RDONLY | O_DIRECTORY);
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
static csim_status publish(const csim_out_file *f) {
    if (f->force) {
        if (rename(f->tmp.path, f->final_path) != 0) {
            const int err = errno;
            return CSIM_FAIL(CSIM_EIO, "renaming '%s' to '%s': %s", f->tmp.path, f->final_path,
                             strerror(err));
        }
        return CSIM_OK;
    }
    if (link(f->tmp.path, f->final_path) == 0) {
        unlink(f->tmp.path); /* a leftover second name would be harmless */
        return CSIM_OK;
    }
    const int err = errno;
    const bool no_links = err == EPERM || err == ENOTSUP || err == EOPNOTSUPP || err == ENOSYS;
    if (err == EEXIST || (no_links && exists(f->final_path))) {
        return CSIM_FAIL(CSIM_EEXIST, "output file '%s' appeared while writing; use --force to "
                                      "replace it", f->final_path);
    }
    if (!no_links) {
        return CSIM_FAIL(CSIM_EIO, "linking '%s' to '%s': %s", f->tmp.path, f->final_path,
                         strerror(err));
    }
    /* File systems without hard links (FAT, some FUSE mounts): checked above, rename. */
    if (rename(f->tmp.path, f->final_path) != 0) {
        const int err2 = errno;
        return CSIM_FAIL(CSIM_EIO, "renaming '%s' to '%s': %s", f->tmp.path, f->final_path,
                         strerror(err2));
    }
    return CSIM_OK;
}

csim_status csim_out_file_commit(csim_out_file *f) {
    csim_status st = CSIM_OK;

    if (!f || !f->fp) {
        return CSIM_FAIL(CSIM_EINVAL, "commit of an output file that is not open");
    }
    FILE *fp = f->fp;
    f->fp = NULL;
    const bool written = fflush(fp) == 0 && !ferror(fp) && fsync(fileno(fp)) == 0;
    const int err = errno;
    if (fclose(fp) != 0 || !written) {
        st = CSIM_FAIL(CSIM_EIO, "writing '%s' failed: %s", f->final_path,
                       strerror(written ? errno : err));
        goto cleanup;
    }
    CSIM_TRY(publish(f));
    csim_tmp_file_release(&f->tmp, false); /* published: nothing to remove any more */
    const int dir_err = sync_dir(f->dir_path);
    if (dir_err != 0) {
        st = CSIM_FAIL(CSIM_EIO, "fsync of folder '%s' after writing '%s': %s", f->dir_path,
                       f->final_path, strerror(dir_err));
    }

cleanup:
    csim_out_file_abort(f);
    return st;
}
