/* Checks of an output's final name before writing (sim/out_path.h). */
/* XOPEN for S_ISVTX (the sticky bit). */
#define _XOPEN_SOURCE 700

#include "sim/out_path.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/str_copy.h"

static const char *kind_of(mode_t mode) {
    return S_ISCHR(mode)    ? "a character device"
           : S_ISBLK(mode)  ? "a block device"
           : S_ISFIFO(mode) ? "a FIFO (named pipe)"
           : S_ISSOCK(mode) ? "a socket"
                            : "not a regular file";
}

/* The existing name `path` (lstat'ed as `link`) against the rules of the header. */
static csim_status check_existing(const char *path, const struct stat *link, const char *dir,
                                  bool force) {
    struct stat target;
    const bool is_link = S_ISLNK(link->st_mode);
    const bool resolves = stat(path, &target) == 0;
    const struct stat *seen = is_link && resolves ? &target : link;

    if (S_ISDIR(seen->st_mode)) {
        return CSIM_FAIL(CSIM_EIO, "output path '%s' is a folder", path);
    }
    if (!is_link && !S_ISREG(link->st_mode)) {
        return csim_fail_plain(CSIM_EINVAL, "output path '%s' is %s, not a regular file: "
                                            "clustersim writes its outputs only to regular "
                                            "files (renaming one into place would replace %s "
                                            "with a file); choose a file name",
                               path, kind_of(link->st_mode), kind_of(link->st_mode));
    }
    if (!force) {
        if (is_link && !resolves) {
            char to[1024];
            const ssize_t n = readlink(path, to, sizeof to - 1);
            to[n > 0 ? n : 0] = '\0';
            return csim_fail_plain(CSIM_EEXIST, "output path '%s' is a symbolic link to '%s', "
                                                "which does not exist; remove the link, or use "
                                                "--force to replace the link itself with the "
                                                "file", path, to);
        }
        return csim_fail_plain(CSIM_EEXIST, "output file '%s' exists%s; use --force to replace "
                                            "it", path,
                               is_link ? " (a symbolic link: --force replaces the link, not "
                                         "its target)" : "");
    }
    /* The sticky bit: only the name's owner, the folder's owner or root may remove or
     * replace a name in such a folder, whatever the folder's write permission says. */
    struct stat folder;
    const uid_t me = geteuid();
    if (me != 0 && stat(dir, &folder) == 0 && (folder.st_mode & S_ISVTX) &&
        link->st_uid != me && folder.st_uid != me) {
        return csim_fail_plain(CSIM_EIO, "output file '%s' cannot be replaced: it belongs to "
                                         "another user (uid %ld) and its folder '%s' has the "
                                         "sticky bit (like /tmp), where only the owner may "
                                         "replace it; choose another name",
                               path, (long) link->st_uid, dir);
    }
    return CSIM_OK;
}

csim_status csim_out_path_check(const char *final_path, bool force, char **dir, char **base) {
    csim_status st = CSIM_OK;
    struct stat info;

    *dir = *base = NULL;
    const size_t len = final_path ? strlen(final_path) : 0;
    if (len == 0 || final_path[len - 1] == '/') {
        return CSIM_FAIL(CSIM_EINVAL, "output path '%s' is empty or names a folder",
                         final_path ? final_path : "(null)");
    }
    const char *slash = strrchr(final_path, '/');
    const char *b = slash ? slash + 1 : final_path;
    if (strcmp(b, ".") == 0 || strcmp(b, "..") == 0) {
        return CSIM_FAIL(CSIM_EINVAL, "output path '%s' names a folder", final_path);
    }
    *dir = slash ? csim_str_copy_n(final_path, slash == final_path ? 1 : (size_t) (slash - final_path))
                 : csim_str_copy(".");
    *base = csim_str_copy(b);
    if (!*dir || !*base) {
        st = CSIM_FAIL(CSIM_ENOMEM, "names for output '%s'", final_path);
        goto cleanup;
    }
    if (stat(*dir, &info) != 0) {
        const int err = errno;
        st = CSIM_FAIL(CSIM_EIO, "output folder '%s' (for '%s') is not usable: %s", *dir,
                       final_path, strerror(err));
        goto cleanup;
    }
    if (!S_ISDIR(info.st_mode)) {
        st = CSIM_FAIL(CSIM_EIO, "'%s' (folder of '%s') is not a folder", *dir, final_path);
        goto cleanup;
    }
    if (lstat(final_path, &info) == 0) {
        CSIM_TRY(check_existing(final_path, &info, *dir, force));
    }

cleanup:
    if (st != CSIM_OK) {
        free(*dir);
        free(*base);
        *dir = *base = NULL;
    }
    return st;
}
