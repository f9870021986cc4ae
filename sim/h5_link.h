/**
 * \file sim/h5_link.h
 * Links from one output file to objects in other files (HDF5 external links), for index
 * files that gather an ensemble's per-task trajectories without copying them
 * (docs/OUTPUT.md: one file per task, then a small index file that gathers
 * them with external links").
 *
 * An external link stores a file name and an object path; HDF5 opens the target file
 * when the link is followed. A relative file name is looked up (HDF5 1.10) through the
 * HDF5_EXT_PREFIX variable, then as given (relative to the reader's working folder), then
 * relative to the folder of the file holding the link -- so an index whose links name
 * files relative to its own folder keeps working when the whole folder is moved.
 *
 * Thread-safety: none; serial code only (see sim/h5_file.h).
 */
#ifndef CSIM_SIM_H5_LINK_H
#define CSIM_SIM_H5_LINK_H

#include "sim/error.h"
#include "sim/h5_file.h"

/**
 * Create the external link `link_path` in `f` pointing at object `target_object` of the
 * file `target_file`. Missing groups above `link_path` are created. The target need not
 * exist (HDF5 resolves it only when the link is followed).
 *
 * \param f              an open file (csim_h5_create)
 * \param link_path      borrowed; absolute path of the new link, e.g. "/tasks/base/r0"
 * \param target_file    borrowed; file name, best relative to the folder of `f`'s
 *                       final name ("base/r0.h5")
 * \param target_object  borrowed; absolute object path in the target, e.g. "/"
 * \return CSIM_OK; CSIM_EINVAL (file not open, NULL or empty argument, relative or
 *         malformed `link_path`, `link_path` exists); CSIM_EIO (HDF5 failed).
 */
csim_status csim_h5_link_external(csim_h5_file *f, const char *link_path, const char *target_file,
                                  const char *target_object);

#endif /* CSIM_SIM_H5_LINK_H */
