/**
 * \file sim/out_path.h
 * What can be known about an output's final name before anything is written: the checks
 * that sim/h5_file.c and sim/out_file.c make when a file is created, so that a run
 * refuses a bad `-o` before it simulates instead of failing when it renames at the end.
 *
 * Refused (with the status a command turns into its exit code):
 *   - an empty name, one ending in '/', "." or "..": CSIM_EINVAL;
 *   - a folder: CSIM_EIO;
 *   - a device, FIFO or socket (`-o /dev/null`): CSIM_EINVAL, even with --force, and the
 *     message does not suggest it: outputs are renamed into place, which would replace
 *     the device node with a regular file;
 *   - without --force, anything already there (CSIM_EEXIST, suggesting --force),
 *     including a symbolic link -- dangling or not: the rename would replace the link
 *     itself, not its target, and a dangling one made the final link(2) fail only after
 *     the whole run;
 *   - with --force, a file that the rename could not replace: another user's file in a
 *     folder with the sticky bit (/tmp), which only its owner, the folder's owner or root
 *     may replace (CSIM_EIO naming the owner);
 *   - a missing folder, or a path whose folder is not a folder: CSIM_EIO.
 * A folder that is not writable is found by sim/tmp_file.h's exclusive create, with the
 * system's reason. What only the end can tell (a file appearing under the name meanwhile,
 * a full disk) is still checked when the file is renamed.
 *
 * Thread-safety: none needed (no state); the answer can change after the call.
 */
#ifndef CSIM_SIM_OUT_PATH_H
#define CSIM_SIM_OUT_PATH_H

#include <stdbool.h>

#include "sim/error.h"

/**
 * Check `final_path` as above and split it into its folder ("." when it has none) and
 * base name.
 * \param dir, base  set to malloc'd strings on success (free them), NULL on failure
 * \return CSIM_OK or a status above; CSIM_ENOMEM.
 */
csim_status csim_out_path_check(const char *final_path, bool force, char **dir, char **base);

#endif /* CSIM_SIM_OUT_PATH_H */
