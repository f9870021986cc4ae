/**
 * \file cli/plot_script.h
 * The gnuplot script of a command that draws into an output folder (`plot`, `sweepplot`,
 * `report`): FOLDER/plots.gp, written under a temporary name like every output, then run
 * by gnuplot in FOLDER so that a user can edit it and run it again.
 */
#ifndef CSIM_CLI_PLOT_SCRIPT_H
#define CSIM_CLI_PLOT_SCRIPT_H

#include <stdbool.h>

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

/**
 * Make FOLDER (when missing), then open in it, under temporary names, FOLDER/NAME (the
 * file the command publishes last: its table or report, replaced only with `force`) and
 * the script (csim_cli_script_open). \return CSIM_OK, or the status of the step that
 * failed (CSIM_EINVAL for a path too long).
 */
csim_status csim_cli_plot_folder_open(const char *folder, const char *name, bool force,
                                      csim_out_file *last, csim_out_file *script);

/**
 * Run the script (csim_cli_script_run), then publish `last`: it appears only once its
 * figures exist, so a table or report in FOLDER always has them beside it.
 * \return CSIM_OK, or the status of the step that failed.
 */
csim_status csim_cli_plot_folder_finish(csim_out_file *script, const char *gnuplot,
                                        const char *folder, csim_out_file *last);

#endif /* CSIM_CLI_PLOT_SCRIPT_H */
