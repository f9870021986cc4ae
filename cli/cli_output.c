/* A command's output, a file or standard output (cli/cli_output.h). */
#include "cli/cli_output.h"

#include "cli/cli.h"

csim_status csim_cli_out_file_open(csim_out_file *f, const char *path, bool force) {
    csim_status st = csim_cli_make_parent_dirs(path);
    if (st == CSIM_OK) {
        st = csim_out_file_open(f, path, force);
    }
    return st;
}

csim_status csim_cli_output_open(csim_cli_output *o, const char *path, bool force) {
    o->path = path;
    o->fp = stdout;
    if (!path) {
        return CSIM_OK;
    }
    const csim_status st = csim_cli_out_file_open(&o->file, path, force);
    if (st == CSIM_OK) {
        o->fp = o->file.fp;
    }
    return st;
}

csim_status csim_cli_output_commit(csim_cli_output *o) {
    if (o->path) {
        return csim_out_file_commit(&o->file);
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        return CSIM_FAIL(CSIM_EIO, "writing to standard output failed");
    }
    return CSIM_OK;
}

void csim_cli_output_abort(csim_cli_output *o) {
    csim_out_file_abort(&o->file);
}
