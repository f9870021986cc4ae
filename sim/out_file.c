/* POSIX 2008 for fsync, link, fdopen, O_DIRECTORY under -std=c11. */
#define _POSIX_C_SOURCE 200809L

#include "sim/out_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/out_path.h"
#include "sim/str_copy.h"

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

csim_status csim_out_file_reserve(const char *final_path, bool force, char **dir,
                                  csim_tmp_file *tmp) {
    char *base = NULL;
    csim_status st = csim_out_path_check(final_path, force, dir, &base);
    if (st == CSIM_OK) {
        st = csim_tmp_file_create(tmp, *dir, base, final_path);
    }
    free(base);
    return st;
}

csim_status csim_out_file_open(csim_out_file *f, const char *final_path, bool force) {
    csim_status st = CSIM_OK;
    int fd = -1;

    memset(f, 0, sizeof *f);
    f->force = force;
    CSIM_TRY(csim_out_file_reserve(final_path, force, &f->dir_path, &f->tmp));
    if (!(f->final_path = csim_str_copy(final_path))) {
        st = CSIM_FAIL(CSIM_ENOMEM, "names for output '%s'", final_path);
        goto cleanup;
    }
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
    if (fd >= 0) {
        close(fd);
    }
    if (st != CSIM_OK) {
        csim_out_file_abort(f);
    }
    return st;
}

csim_status csim_out_file_commit(csim_out_file *f) {
    csim_status st = CSIM_OK;
    bool named = false;

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
    st = csim_tmp_file_publish(&f->tmp, f->final_path, f->dir_path, f->force, &named);
    if (named) {
        csim_tmp_file_release(&f->tmp, false); /* published: nothing to remove any more */
    }

cleanup:
    csim_out_file_abort(f);
    return st;
}
