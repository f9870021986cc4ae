/* FOLDER/plots.gp of the commands that draw into a folder (cli/plot_script.h). */
#include "cli/plot_script.h"

#include <stdio.h>

#include "analysis/reports/plot.h"

#define SCRIPT_NAME "plots.gp"

csim_status csim_cli_script_open(csim_out_file *script, const char *folder) {
    char path[4096];
    if (snprintf(path, sizeof path, "%s/" SCRIPT_NAME, folder) >= (int) sizeof path) {
        return csim_fail_plain(CSIM_EINVAL, "path too long: %s/" SCRIPT_NAME, folder);
    }
    const csim_status st = csim_out_file_open(script, path, true);
    if (st == CSIM_OK) {
        csim_plot_script_begin(script->fp);
    }
    return st;
}

csim_status csim_cli_script_run(csim_out_file *script, const char *gnuplot, const char *folder) {
    const csim_status st = csim_out_file_commit(script);
    return st == CSIM_OK ? csim_plot_run(gnuplot, folder, SCRIPT_NAME) : st;
}
