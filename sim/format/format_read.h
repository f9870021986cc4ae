/**
 * @file format_read.h
 * @brief The reader API of clustersim's file formats (trajectory and ensemble index).
 *
 * Callers above sim/ -- the commands of cli/, scenarios/ and analysis/readers -- read a
 * trajectory or an index through this header and name what they read with
 * sim/format/format_names.h; they never include the HDF5 layer (sim/h5_*.h) themselves
 * (tests/cli/test_layering.sh enforces it). The generic typed reads of the HDF5 layer
 * (csim_h5_reader, csim_h5_read_*; sim/h5_read.h) are this API's vocabulary and are
 * re-exported here unchanged, because `inspect` walks a file generically and a second
 * set of wrappers would only duplicate them; what the format adds is its names and the
 * format-level operations below.
 */
#ifndef CSIM_SIM_FORMAT_FORMAT_READ_H
#define CSIM_SIM_FORMAT_FORMAT_READ_H

#include "sim/error.h"
#include "sim/format/format_names.h"
#include "sim/h5_read.h"

/**
 * Configure the file layer for this process, once, before any thread exists: every
 * main calls it before it reads or writes a file (it is csim_h5_library_init: HDF5's
 * error printing off, its exit handler not installed; sim/h5_file.h says why).
 */
void csim_format_init(void);

#endif /* CSIM_SIM_FORMAT_FORMAT_READ_H */
