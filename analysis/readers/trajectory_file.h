/**
 * \file analysis/readers/trajectory_file.h
 * Recognising a clustersim trajectory among HDF5 files, before reading it: the tools
 * (`inspect`, `export`, `rerun`) refuse a foreign file with one clear sentence instead of
 * a list of the parts it lacks.
 */
#ifndef CSIM_ANALYSIS_TRAJECTORY_FILE_H
#define CSIM_ANALYSIS_TRAJECTORY_FILE_H

#include "sim/error.h"
#include "sim/format/format_read.h"

/**
 * Check that the open file `r` is a clustersim trajectory: it has the H5MD group with
 * `/h5md/creator` attribute `name` = "clustersim", and a `/parameters` group.
 * \return CSIM_OK; CSIM_EINVAL ("FILE: not a clustersim trajectory (...)", a user
 *         message without source location); CSIM_ENOMEM; CSIM_EIO (damaged file).
 * Thread-safety: none (HDF5 reads).
 */
csim_status csim_trajectory_file_check(const csim_h5_reader *r);

#endif /* CSIM_ANALYSIS_TRAJECTORY_FILE_H */
