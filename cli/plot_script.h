/**
 * \file cli/plot_script.h
 * The gnuplot script of a command that draws into an output folder (`plot`, `sweepplot`,
 * `report`): FOLDER/plots.gp, written under a temporary name like every output, then run
 * by gnuplot in FOLDER so that a user can edit it and run it again.
 */
#ifndef CSIM_CLI_PLOT_SCRIPT_H
#define CSIM_CLI_PLOT_SCRIPT_H

#include "sim/error.h"
#include "sim/out_file.h"

/**
 * Open FOLDER/plots.gp (an earlier one is replaced: it is the figures' own script) and
 * write its preamble (csim_plot_script_begin). \return CSIM_OK; CSIM_EINVAL (path too
 * long); CSIM_EIO.
 */
csim_status csim_cli_script_open(csim_out_file *script, const char *folder);

/**
 * Publish the script and run `gnuplot` on it in FOLDER (csim_plot_run).
 * \return CSIM_OK, or the status of the step that failed.
 */
csim_status csim_cli_script_run(csim_out_file *script, const char *gnuplot, const char *folder);

#endif /* CSIM_CLI_PLOT_SCRIPT_H */
