/* POSIX 2008 for fsync, link, mkstemp, fdopen, O_DIRECTORY under -std=c11. */
#define _POSIX_C_SOURCE 200809L

#include "sim/out_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *copy_n(const char *s, size_t n) {
    char *c = malloc(n + 1);
    if (c) {
        memcpy(c, s, n);
        c[n] = '\0';
    }
    return c;
}

static void forget(csim_out_file *f) {
    free(f->final_path);
    free(f->tmp_path);
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
    if (f->tmp_path) {
        unlink(f->tmp_path);
    }
    forget(f);
}

csim_status csim_out_file_open(csim_out_file *f, const char *final_path, bool force) {
    csim_status st = CSIM_OK;
    struct stat info;
    int fd = -1;

    memset(f, 0, sizeof *f);
    const size_t len = final_path ? strlen(final_path) : 0;
    if (len == 0 || final_path[len - 1] == '/') {
        return CSIM_FAIL(CSIM_EINVAL, "output path '%s' is empty or names a folder",
                         final_path ? final_path : "(null)");
    }
    f->force = force;
    const char *slash = strrchr(final_path, '/');
    const char *base = slash ? slash + 1 : final_path;
    if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
        return CSIM_FAIL(CSIM_EINVAL, "output path '%s' names a folder", final_path);
    }
    f->final_path = copy_n(final_path, len);
    f->dir_path = slash ? copy_n(final_path, slash == final_path ? 1 : (size_t) (slash - final_path))
                        : copy_n(".", 1);
    f->tmp_path = malloc(len + 64);
    if (!f->final_path || !f->dir_path || !f->tmp_path) {
        st = CSIM_FAIL(CSIM_ENOMEM, "names for output '%s'", final_path);
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
    snprintf(f->tmp_path, len + 64, "%s/.%s.tmp-%ld-XXXXXX", f->dir_path, base, (long) getpid());
    /* mkstemp proves the folder writable and picks a name nobody else holds; the file is
     * then created again with the usual permissions (0666 & ~umask; mkstemp's are 0600). */
    fd = mkstemp(f->tmp_path);
    if (fd < 0) {
        const int err = errno;
        st = CSIM_FAIL(CSIM_EIO, "cannot write to output folder '%s' (for '%s'): %s",
                       f->dir_path, final_path, strerror(err));
        free(f->tmp_path);
        f->tmp_path = NULL; /* nothing to remove */
        goto cleanup;
    }
    close(fd);
    unlink(f->tmp_path);
    fd = open(f->tmp_path, O_WRONLY | O_CREAT | O_EXCL, 0666);
    if (fd < 0 || !(f->fp = fdopen(fd, "w"))) {
        const int err = errno;
        st = CSIM_FAIL(CSIM_EIO, "creating '%s' (for '%s'): %s", f->tmp_path, final_path,
                       strerror(err));
        goto cleanup;
    }
    fd = -1; /* the stream owns it */

cleanup:
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
    const bool no_links = err == EPERM || err == ENOTSUP || err == EOPNOTSUPP || err == ENOSYS;
    if (err == EEXIST || (no_links && exists(f->final_path))) {
        return CSIM_FAIL(CSIM_EEXIST, "output file '%s' appeared while writing; use --force to "
                                      "replace it", f->final_path);
    }
    if (!no_links) {
        return CSIM_FAIL(CSIM_EIO, "linking '%s' to '%s': %s", f->tmp_path, f->final_path,
                         strerror(err));
    }
    /* File systems without hard links (FAT, some FUSE mounts): checked above, rename. */
    if (rename(f->tmp_path, f->final_path) != 0) {
        const int err2 = errno;
        return CSIM_FAIL(CSIM_EIO, "renaming '%s' to '%s': %s", f->tmp_path, f->final_path,
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
    free(f->tmp_path);
    f->tmp_path = NULL; /* published: nothing to remove any more */
    const int dir_err = sync_dir(f->dir_path);
    if (dir_err != 0) {
        st = CSIM_FAIL(CSIM_EIO, "fsync of folder '%s' after writing '%s': %s", f->dir_path,
                       f->final_path, strerror(dir_err));
    }

cleanup:
    csim_out_file_abort(f);
    return st;
}
