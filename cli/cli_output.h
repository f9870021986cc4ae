/**
 * \file cli/cli_output.h
 * Where a command writes what it prints: the file -o names, written under a temporary
 * name and renamed only when complete (sim/out_file.h), or standard output when none is
 * named. The folders above the file are made first, like `mkdir -p`.
 *
 * Why here: `compare`, `table`, `sobol`, `screen`, `draw`, `export` and `network` open,
 * finish and check their output the same way, with the same messages.
 */
#ifndef CSIM_CLI_CLI_OUTPUT_H
#define CSIM_CLI_CLI_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "sim/error.h"
#include "sim/out_file.h"

/**
 * Create the folders above `path`, then open it (csim_out_file_open).
 * \return CSIM_OK; the statuses of csim_cli_make_parent_dirs() and csim_out_file_open().
 */
csim_status csim_cli_out_file_open(csim_out_file *f, const char *path, bool force);

/** A command's output: a file, or standard output. Zeroed is "not open". */
typedef struct csim_cli_output {
    csim_out_file file; /**< the temporary file, when `path` is set            */
    const char *path;   /**< the final name (borrowed); NULL: standard output  */
    FILE *fp;           /**< where to write: file.fp or stdout                  */
} csim_cli_output;

/**
 * Open the file `path` (csim_cli_out_file_open), or choose standard output when `path`
 * is NULL. \return CSIM_OK; the statuses of csim_cli_out_file_open().
 */
csim_status csim_cli_output_open(csim_cli_output *o, const char *path, bool force);

/**
 * Finish: commit the file (csim_out_file_commit), or flush standard output.
 * \return CSIM_OK; the statuses of csim_out_file_commit(); CSIM_EIO "writing to standard
 *         output failed" when standard output could not be written.
 */
csim_status csim_cli_output_commit(csim_cli_output *o);

/** Remove the file unless committed; safe on zeroed, idempotent. */
void csim_cli_output_abort(csim_cli_output *o);

#endif /* CSIM_CLI_CLI_OUTPUT_H */
