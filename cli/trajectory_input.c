/* Opening the trajectory a command reads (cli/trajectory_input.h). */
#include "cli/trajectory_input.h"

#include "analysis/readers/trajectory_file.h"

csim_status csim_cli_trajectory_open(csim_h5_reader *r, const char *path) {
    csim_status st = csim_h5_reader_open(r, path);
    if (st == CSIM_OK) {
        st = csim_trajectory_file_check(r);
    }
    return st;
}
