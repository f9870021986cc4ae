/**
 * \file sim/tmp_file.h
 * The temporary name an output file is written under (".NAME.tmp-PID-XXXXXX" beside its
 * final name, sim/h5_file.h and sim/out_file.h), and the two ways such a temporary stops
 * being a problem: its own process removes it when a signal stops it, and an ensemble
 * removes the ones whose writer is provably gone.
 *
 * Ownership is shown by a lock. The writer holds an open-file-description lock
 * (F_OFD_SETLK, a write lock over the whole file) on a descriptor of its own for as long
 * as the temporary exists, and drops it only after the rename (or the removal). A
 * process that finds a temporary tries a read lock on it: refused means a live process
 * holds it (whatever its PID namespace, host process or user, on the same machine);
 * granted means its writer is gone -- killed, crashed -- and the temporary can go. The
 * name's PID is only for people: PIDs are reused and are not comparable across
 * containers, so they prove nothing. Temporaries of older builds (no lock) look
 * abandoned; so do those of a writer on another machine where the file system (NFS
 * before v4, some FUSE mounts) does not share locks between machines.
 *
 * OFD locks rather than flock(2) or classic fcntl locks: HDF5 opens the temporary by name
 * itself and closes its own descriptor at commit, which would drop a classic fcntl lock
 * of the process; flock(2) would collide with HDF5's own flock (which is therefore turned
 * off for the temporary, see sim/h5_file.c). On Linux OFD locks and flock locks are
 * independent.
 *
 * A fatal signal (SIGINT, SIGTERM, SIGHUP) removes every registered temporary of the
 * process, then the process dies of that signal, as it would have without the handler
 * (exit status 128 + signal in a shell: 130, 143, 129). The handler only calls unlink,
 * sigaction and raise, which are async-signal-safe, and reads a fixed table of names
 * filled by csim_tmp_file_create (file-scope state: a signal handler can reach nothing
 * else; docs/CONVENTIONS.md rule 15's exception).
 *
 * Thread-safety: create and release may be called from any thread (the table's slots are
 * claimed with atomics); the signal functions are for the main thread before threads exist.
 */
#ifndef CSIM_SIM_TMP_FILE_H
#define CSIM_SIM_TMP_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "sim/error.h"

/** Temporaries one process can have registered at once; more are created unregistered. */
#define CSIM_TMP_FILE_SLOTS 16

/** A temporary being written. Zeroed is a valid empty one. */
typedef struct csim_tmp_file {
    char *path;  /**< owned: ".NAME.tmp-PID-XXXXXX" in the final name's folder          */
    int lock_fd; /**< the descriptor that holds the lock; valid while `path` is set    */
    int slot;    /**< index in the signal table + 1; 0 when not registered            */
} csim_tmp_file;

/**
 * Create an empty temporary for the final name `final_path` in `dir`, with base name
 * `base`, permissions 0666 & ~umask, locked and registered for removal on a fatal
 * signal (the name is registered before the file is created, and unregistered by
 * csim_tmp_file_release only once it is gone, so no signal can leave it behind). The
 * file exists and is empty on return; writers open it by name (HDF5 with
 * H5F_ACC_TRUNC) or through csim_tmp_file_fd.
 * \param t  uninitialised; filled on success, left empty on failure
 * \return CSIM_OK; CSIM_EIO (the folder does not exist or is not writable: the message
 *         names it, `final_path` and the system's reason; or locking failed);
 *         CSIM_ENOMEM.
 */
csim_status csim_tmp_file_create(csim_tmp_file *t, const char *dir, const char *base,
                                 const char *final_path);

/**
 * A new descriptor for writing the temporary (O_WRONLY, the caller closes it); -1 with
 * errno set on failure. It shares the file but not the lock: closing it keeps the lock.
 */
int csim_tmp_file_open_write(const csim_tmp_file *t);

/**
 * Done with the temporary: unregister it, remove it when `remove` (an abort; after a
 * successful rename pass false), drop the lock, free the name. Idempotent; safe on a
 * zeroed struct.
 */
void csim_tmp_file_release(csim_tmp_file *t, bool remove);

/**
 * fsync a file (folder false) or a folder by name.
 * \return 0 or an errno value.
 */
int csim_sync_path(const char *path, bool folder);

/**
 * Give the complete, synced temporary its final name `final_path`, the one atomic step of
 * publishing an output. With `force` a rename replaces what is there. Without it the
 * final name must not exist: link(2) fails with EEXIST atomically, where a
 * stat-then-rename would race; on file systems without hard links (FAT, some FUSE
 * mounts) the name is checked, then renamed. The temporary stays registered: the caller
 * releases it (remove false) once this returns CSIM_OK. Then the folder `dir` is synced
 * so that the new name survives a power cut (folders that cannot be synced, EINVAL,
 * ENOTSUP or EROFS, are accepted).
 * \param named  set to true once the output has its final name (even when the folder's
 *               fsync then fails), else false: the caller then removes the temporary
 * \return CSIM_OK; CSIM_EEXIST (the final name appeared while writing); CSIM_EIO (the
 *         rename or link failed, or the folder's fsync did: the output is then complete
 *         and published, and the message says so).
 */
csim_status csim_tmp_file_publish(const csim_tmp_file *t, const char *final_path,
                                  const char *dir, bool force, bool *named);

/**
 * Remove the temporaries (".*.tmp-*") in `dir` whose writer is gone (csim_tmp_file.h's
 * lock test), keep those still being written.
 * \param removed  set to the number removed
 * \param kept     set to the number kept because a live process holds them
 */
void csim_tmp_file_remove_stale(const char *dir, size_t *removed, size_t *kept);

/**
 * Install the handler that removes the registered temporaries on SIGINT, SIGTERM and
 * SIGHUP and then dies of the signal. Signals that are ignored (SIG_IGN, e.g. SIGHUP
 * under nohup) stay ignored. Main calls it once, before any thread exists.
 */
void csim_tmp_file_catch_signals(void);

/** The handler of csim_tmp_file_catch_signals for `sig` alone (a forked worker's reset). */
void csim_tmp_file_catch_signal(int sig);

/**
 * Die of signal `sig` as if it had not been caught: restore its default action, unblock
 * it and raise it. For a program that caught it to finish tidily first (an ensemble
 * writes its index). Returns only if `sig` does not kill (it is then ignored).
 */
void csim_tmp_file_die_of(int sig);

#endif /* CSIM_SIM_TMP_FILE_H */
