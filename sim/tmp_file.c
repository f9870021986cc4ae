/* Temporaries of output files: locked while written, removed on a fatal signal, removed
 * by others only once their writer is gone (sim/tmp_file.h). */
/* GNU for F_OFD_SETLK (Linux 3.15); POSIX 2008 for clock_gettime, openat, sigaction. */
#define _GNU_SOURCE

#include "sim/tmp_file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The table the signal handler reads: a slot is claimed (FREE -> FILLING) by one thread,
 * its name written, then published (-> USED); the handler only reads USED slots. The
 * one file-scope state of this module, because a signal handler can reach nothing else. */
enum { SLOT_FREE = 0, SLOT_FILLING = 1, SLOT_USED = 2 };
static atomic_int slot_state[CSIM_TMP_FILE_SLOTS];
static char slot_path[CSIM_TMP_FILE_SLOTS][PATH_MAX];

static int register_path(const char *path) {
    if (strlen(path) >= PATH_MAX) {
        return 0;
    }
    for (int k = 0; k < CSIM_TMP_FILE_SLOTS; ++k) {
        int expected = SLOT_FREE;
        if (atomic_compare_exchange_strong(&slot_state[k], &expected, SLOT_FILLING)) {
            strcpy(slot_path[k], path);
            atomic_store(&slot_state[k], SLOT_USED);
            return k + 1;
        }
    }
    return 0; /* a full table only loses the clean-up on a signal, never correctness */
}

static void unregister_path(int slot) {
    if (slot > 0 && slot <= CSIM_TMP_FILE_SLOTS) {
        atomic_store(&slot_state[slot - 1], SLOT_FREE);
    }
}

/* A write lock over the whole file, held by the open file description `fd`. `wait`:
 * block until granted (the writer, against a cleaner's brief probe). 0 or an errno. */
static int lock_fd(int fd, short type, bool wait) {
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = type;
    fl.l_whence = SEEK_SET;
    fl.l_start = 0;
    fl.l_len = 0; /* to the end, however far the file grows */
    for (;;) {
        if (fcntl(fd, wait ? F_OFD_SETLKW : F_OFD_SETLK, &fl) == 0) {
            return 0;
        }
        if (errno != EINTR) {
            return errno;
        }
    }
}

/* Whether the name `path` still refers to the file open as `fd` (a cleaner may have
 * removed the name between its creation and our lock). */
static bool still_named(int fd, const char *path) {
    struct stat by_fd, by_name;
    return fstat(fd, &by_fd) == 0 && lstat(path, &by_name) == 0 && by_fd.st_dev == by_name.st_dev &&
           by_fd.st_ino == by_name.st_ino;
}

/* Six characters of a temporary's name, different on every call of this process (the
 * clock, the attempt and the caller's object mixed by splitmix64): with the pid in the
 * name, two live writers never pick the same name but by an O_EXCL clash, which is
 * retried. */
static void name_suffix(char out[7], const void *caller, int attempt) {
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    uint64_t z = (uint64_t) now.tv_nsec ^ ((uint64_t) now.tv_sec << 30) ^
                 ((uint64_t) (uintptr_t) caller << 7) ^ ((uint64_t) attempt << 52);
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    for (int k = 0; k < 6; ++k) {
        out[k] = alphabet[z % (sizeof alphabet - 1)];
        z /= sizeof alphabet - 1;
    }
    out[6] = '\0';
}

csim_status csim_tmp_file_create(csim_tmp_file *t, const char *dir, const char *base,
                                 const char *final_path) {
    memset(t, 0, sizeof *t);
    t->lock_fd = -1;
    const char *sep = dir[0] != '\0' && dir[strlen(dir) - 1] == '/' ? "" : "/";
    const size_t size = strlen(dir) + strlen(base) + 48;
    char *path = malloc(size);
    if (!path) {
        return CSIM_FAIL(CSIM_ENOMEM, "temporary name for '%s'", final_path);
    }
    /* A cleaner can remove the name between its creation and the lock (it probes only
     * unlocked files); then the name no longer points at our file and we start again.
     * Each round needs a cleaner to strike in a window of microseconds. */
    for (int attempt = 0; attempt < 100; ++attempt) {
        char suffix[7];
        name_suffix(suffix, t, attempt);
        snprintf(path, size, "%s%s.%s.tmp-%ld-%s", dir, sep, base, (long) getpid(), suffix);
        /* Registered before the file exists: a fatal signal from here on removes it (an
         * unlink of a name not yet created is harmless), so no signal can leave a
         * temporary behind between its creation and its registration. */
        const int slot = register_path(path);
        /* O_EXCL proves the folder writable (with the system's reason when it is not) and
         * that nobody holds the name; permissions 0666 & ~umask. */
        const int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0) {
            const int err = errno;
            unregister_path(slot);
            if (err == EEXIST) {
                continue; /* the name is taken */
            }
            free(path);
            return CSIM_FAIL(CSIM_EIO, "cannot write to output folder '%s' (for '%s'): %s", dir,
                             final_path, strerror(err));
        }
        const int err = lock_fd(fd, F_WRLCK, true);
        if (err != 0) {
            close(fd);
            unlink(path);
            unregister_path(slot);
            free(path);
            return CSIM_FAIL(CSIM_EIO, "locking the temporary file of '%s' in '%s': %s",
                             final_path, dir, strerror(err));
        }
        if (!still_named(fd, path)) {
            close(fd);
            unregister_path(slot);
            continue;
        }
        t->path = path;
        t->lock_fd = fd;
        t->slot = slot;
        return CSIM_OK;
    }
    free(path);
    return CSIM_FAIL(CSIM_EIO, "temporary files for '%s' in '%s' keep disappearing", final_path,
                     dir);
}

int csim_tmp_file_open_write(const csim_tmp_file *t) {
    if (!t->path) {
        errno = EBADF;
        return -1;
    }
    return open(t->path, O_WRONLY | O_CLOEXEC);
}

void csim_tmp_file_release(csim_tmp_file *t, bool remove) {
    if (!t || !t->path) {
        return;
    }
    if (remove) {
        unlink(t->path); /* while still locked: nobody else can be deciding about it */
    }
    /* Only now: until the name is gone (or renamed away by a commit) a fatal signal must
     * still remove it. */
    unregister_path(t->slot);
    close(t->lock_fd);
    free(t->path);
    memset(t, 0, sizeof *t);
    t->lock_fd = -1;
}

int csim_sync_path(const char *path, bool folder) {
    const int fd = open(path, folder ? (O_RDONLY | O_DIRECTORY) : O_RDWR);
    if (fd < 0) {
        return errno;
    }
    int err = fsync(fd) == 0 ? 0 : errno;
    if (close(fd) != 0 && err == 0) {
        err = errno;
    }
    return err;
}

static csim_status rename_to(const char *tmp, const char *final_path) {
    if (rename(tmp, final_path) != 0) {
        const int err = errno;
        return CSIM_FAIL(CSIM_EIO, "renaming '%s' to '%s': %s", tmp, final_path, strerror(err));
    }
    return CSIM_OK;
}

static csim_status give_name(const char *tmp, const char *final_path, bool force) {
    if (force) {
        return rename_to(tmp, final_path);
    }
    if (link(tmp, final_path) == 0) {
        unlink(tmp); /* a leftover second name would be harmless */
        return CSIM_OK;
    }
    const int err = errno;
    const bool no_links = err == EPERM || err == ENOTSUP || err == EOPNOTSUPP || err == ENOSYS;
    struct stat info;
    if (err == EEXIST || (no_links && stat(final_path, &info) == 0)) {
        return CSIM_FAIL(CSIM_EEXIST, "output file '%s' appeared while writing; use --force to "
                                      "replace it", final_path);
    }
    if (!no_links) {
        return CSIM_FAIL(CSIM_EIO, "linking '%s' to '%s': %s", tmp, final_path, strerror(err));
    }
    return rename_to(tmp, final_path); /* no hard links here: checked above */
}

csim_status csim_tmp_file_publish(const csim_tmp_file *t, const char *final_path,
                                  const char *dir, bool force, bool *named) {
    const csim_status st = give_name(t->path, final_path, force);
    *named = st == CSIM_OK;
    if (st != CSIM_OK) {
        return st;
    }
    const int err = csim_sync_path(dir, true);
    if (err != 0 && err != EINVAL && err != ENOTSUP && err != EROFS) {
        return CSIM_FAIL(CSIM_EIO, "'%s' is complete, but fsync of its folder '%s' failed: %s",
                         final_path, dir, strerror(err));
    }
    return CSIM_OK;
}

void csim_tmp_file_remove_stale(const char *dir, size_t *removed, size_t *kept) {
    *removed = 0;
    *kept = 0;
    DIR *d = opendir(dir);
    if (!d) {
        return;
    }
    const int dfd = dirfd(d);
    for (struct dirent *ent; (ent = readdir(d)) != NULL;) {
        if (ent->d_name[0] != '.' || !strstr(ent->d_name, ".tmp-")) {
            continue;
        }
        /* O_NONBLOCK: a FIFO of that name must not block us; O_NOFOLLOW: a link is not a
         * temporary of ours (and is removed below only if it is a regular file's name). */
        const int fd = openat(dfd, ent->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) {
            continue;
        }
        struct stat sb;
        if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
            const int err = lock_fd(fd, F_RDLCK, false);
            if (err == 0) {
                /* Ours now: its writer is gone. Remove the name while holding the lock. */
                if (unlinkat(dfd, ent->d_name, 0) == 0) {
                    (*removed)++;
                }
            } else if (err == EAGAIN || err == EACCES) {
                (*kept)++;
            }
        }
        close(fd);
    }
    closedir(d);
}

static void on_fatal_signal(int sig) {
    const int saved = errno;
    for (int k = 0; k < CSIM_TMP_FILE_SLOTS; ++k) {
        if (atomic_load(&slot_state[k]) == SLOT_USED) {
            unlink(slot_path[k]);
        }
    }
    errno = saved;
    /* SA_RESETHAND restored the default action and SA_NODEFER left the signal unblocked:
     * raising it again kills the process with it. */
    raise(sig);
}

void csim_tmp_file_catch_signal(int sig) {
    struct sigaction old;
    if (sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_IGN) {
        return; /* nohup, or a parent that wants us to ignore it */
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fatal_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = (int) (SA_RESETHAND | SA_NODEFER);
    sigaction(sig, &sa, NULL);
}

void csim_tmp_file_catch_signals(void) {
    csim_tmp_file_catch_signal(SIGINT);
    csim_tmp_file_catch_signal(SIGTERM);
    csim_tmp_file_catch_signal(SIGHUP);
}

void csim_tmp_file_die_of(int sig) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
}
