/**
 * \file sim/out_file.h
 * A text output file (a CSV or GraphML export) written under a temporary name and
 * renamed only when complete, the same guarantee as HDF5 trajectories (sim/h5_file.h):
 * an error or a crash never leaves a partial file under the final name.
 *
 * The temporary file is ".NAME.tmp-PID-XXXXXX" in the folder of the final name (so the
 * rename is atomic); csim_out_file_commit() flushes, fsyncs, closes and renames it, and
 * fsyncs the folder. Without `force` an existing final name is refused when the file is
 * opened and never replaced on commit (the rename is a hard link, which fails if the name
 * exists).
 *
 * Thread-safety: one struct per thread; the functions share no state.
 */
#ifndef CSIM_SIM_OUT_FILE_H
#define CSIM_SIM_OUT_FILE_H

#include <stdbool.h>
#include <stdio.h>

#include "sim/error.h"
#include "sim/tmp_file.h"

/** A text file being written. Zeroed is a valid closed file. */
typedef struct csim_out_file {
    FILE *fp;          /**< the stream to write to; NULL when closed                  */
    char *final_path;  /**< owned: the name the file gets on commit                   */
    csim_tmp_file tmp; /**< owned: the locked temporary it is written under           */
    char *dir_path;    /**< owned: the folder of both names                           */
    bool force;        /**< replace an existing final_path on commit                  */
} csim_out_file;

/**
 * The first step of every output written under a temporary name, these text files and
 * sim/h5_file.h's HDF5 files alike: check `final_path` (sim/out_path.h) and create its
 * temporary, empty and locked, in the same folder (sim/tmp_file.h).
 * \param dir  set to the folder (malloc'd; the caller frees it, on failure too when it
 *             is not NULL)
 * \param tmp  uninitialised; the temporary on success (csim_tmp_file_release() it)
 * \return CSIM_OK, or the status of csim_out_path_check() or csim_tmp_file_create().
 */
csim_status csim_out_file_reserve(const char *final_path, bool force, char **dir,
                                  csim_tmp_file *tmp);

/**
 * Create the temporary file for `final_path` and open it for writing.
 * \param f           uninitialised; filled on success, closed on error
 * \param final_path  borrowed; where the file goes on commit
 * \param force       replace `final_path` if it exists
 * \return CSIM_OK; CSIM_EINVAL (empty path, or one naming a folder); CSIM_EEXIST
 *         (`final_path` exists and !force; the message suggests --force); CSIM_EIO (the
 *         folder does not exist or is not writable: the message names it and the
 *         system's reason); CSIM_ENOMEM.
 */
csim_status csim_out_file_open(csim_out_file *f, const char *final_path, bool force);

/**
 * Finish the file: flush, fsync, close, rename to the final name, fsync the folder.
 * \return CSIM_OK; CSIM_EINVAL (not open); CSIM_EEXIST (the final name appeared
 *         meanwhile and !force); CSIM_EIO (a write, flush, fsync or rename failed, e.g.
 *         disk full). On error the temporary file is removed and the final name untouched.
 *         `f` is closed on return, whatever the status.
 */
csim_status csim_out_file_commit(csim_out_file *f);

/** Drop the file: close and remove the temporary name. Idempotent; safe on zeroed. */
void csim_out_file_abort(csim_out_file *f);

#endif /* CSIM_SIM_OUT_FILE_H */
