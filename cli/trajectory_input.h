/**
 * \file cli/trajectory_input.h
 * Opening the trajectory a command reads (`export`, `network`, `draw`, `rerun`, `inspect`):
 * the file opened and checked to be a trajectory of this program, in that order, so that
 * every command refuses a missing, damaged or foreign file with the same message.
 */
#ifndef CSIM_CLI_TRAJECTORY_INPUT_H
#define CSIM_CLI_TRAJECTORY_INPUT_H

#include "sim/error.h"
#include "sim/format/format_read.h"

/**
 * Open `path` into `r` and check that it is a trajectory (csim_trajectory_file_check).
 * \return CSIM_OK; the statuses of csim_h5_reader_open() and csim_trajectory_file_check().
 *         The caller closes `r` in every case (csim_h5_reader_close is safe on zeroed).
 */
csim_status csim_cli_trajectory_open(csim_h5_reader *r, const char *path);

#endif /* CSIM_CLI_TRAJECTORY_INPUT_H */
