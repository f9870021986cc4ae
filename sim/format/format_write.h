/**
 * @file format_write.h
 * @brief The writer API of clustersim's file formats (trajectory and ensemble index).
 *
 * The model's trajectory writer (model/trajectory*.c, model/traj_*.c), the ensemble's
 * index writer and `rerun` write through this header and name what they write with
 * sim/format/format_names.h. The HDF5 layer's generic writers (atomic file, groups,
 * attributes, datasets, series, tables, external links: sim/h5_file.h, sim/h5_series.h,
 * sim/h5_link.h) are this API's vocabulary and are re-exported unchanged; the
 * format-level operations that more than one writer needs are declared below.
 */
#ifndef CSIM_SIM_FORMAT_FORMAT_WRITE_H
#define CSIM_SIM_FORMAT_FORMAT_WRITE_H

#include "sim/error.h"
#include "sim/format/format_names.h"
#include "sim/h5_file.h"
#include "sim/h5_link.h"
#include "sim/h5_series.h"

/**
 * Record in a trajectory being written (before its commit) that it reproduces the run
 * stored in `original`: the attribute /parameters@rerun_of = `original`, which
 * `inspect` shows. Only `rerun` writes it; the writer of the trajectory itself does not
 * know about reruns.
 * @return CSIM_OK; CSIM_EINVAL (NULL argument, file not open); CSIM_EIO.
 */
csim_status csim_format_mark_rerun(csim_h5_file *f, const char *original);

#endif /* CSIM_SIM_FORMAT_FORMAT_WRITE_H */
