/* FOLDER/plots.gp of the commands that draw into a folder (cli/plot_script.h). */
#include "cli/plot_script.h"

#include <stdio.h>

#include "analysis/reports/plot.h"
#include "cli/cli.h"

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

csim_status csim_cli_plot_folder_open(const char *folder, const char *name, bool force,
                                      csim_out_file *last, csim_out_file *script) {
    csim_status st = csim_cli_make_folder(folder);
    if (st != CSIM_OK) {
        return st;
    }
    char path[4096];
    if (snprintf(path, sizeof path, "%s/%s", folder, name) >= (int) sizeof path) {
        return csim_fail_plain(CSIM_EINVAL, "path too long: %s/%s", folder, name);
    }
    if ((st = csim_out_file_open(last, path, force)) != CSIM_OK) {
        return st;
    }
    return csim_cli_script_open(script, folder);
}

csim_status csim_cli_plot_folder_finish(csim_out_file *script, const char *gnuplot,
                                        const char *folder, csim_out_file *last) {
    const csim_status st = csim_cli_script_run(script, gnuplot, folder);
    return st == CSIM_OK ? csim_out_file_commit(last) : st;
}
