/* Fuzz harness for the trajectory reader behind `inspect`, `export`, `rerun` and the
 * comparison of trajectories (sim/h5_read.h, analysis/readers/trajectory_file.h,
 * analysis/readers/snapshot.h, analysis/readers/trajectory_compare.h, scenarios/recorded.h).
 *
 * HDF5 reads files, not buffers, so each input is written to a fresh scratch file (a new
 * name each time: HDF5 recognises an open file by device and inode, and a handle leaked by
 * one input must not make the next input read the old file). On it:
 *  1. `clustersim inspect FILE` (the command's own code, stdout to /dev/null);
 *  2. `clustersim export FILE --layer L --step S --format F`: collaboration as GraphML at
 *     the last snapshot step, supply as CSV at the first, to stdout;
 *  3. what `rerun` reads before it runs: the trajectory check and the recorded run;
 *  4. up to 4 snapshots of the two particle groups (firms, institutions: dense by id) and
 *     of the two ragged networks, and the comparison of each data group with itself
 *     (which must find no difference).
 * Besides "no crash, no leak, no undefined behaviour", the commands must exit 0, 1 or 2
 * and the comparison of a file with itself must find it identical. */
/* snprintf of paths; unlink() is POSIX; before every include. */
#define _POSIX_C_SOURCE 200809L

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/readers/snapshot.h"
#include "analysis/readers/trajectory_compare.h"
#include "analysis/readers/trajectory_file.h"
#include "cli/cli.h"
#include "scenarios/recorded.h"
#include "sim/h5_read.h"
#include "tests/fuzz/fuzz_support.h"

/* A command's exit code must be one of the documented ones. */
static void expect_exit(int rc, const char *what) {
    if (rc != CSIM_EXIT_OK && rc != CSIM_EXIT_FAILURE && rc != CSIM_EXIT_USAGE) {
        char msg[64];
        snprintf(msg, sizeof msg, "exit code %d", rc);
        csim_fuzz_violation(what, msg);
    }
}

static void run_export(const char *path, const char *layer, int64_t step, const char *format) {
    char step_text[32];
    snprintf(step_text, sizeof step_text, "%" PRId64, step);
    char *argv[] = {"export", (char *) path, "--layer", (char *) layer, "--step", step_text,
                    "--format", (char *) format, NULL};
    expect_exit(csim_cmd_export(8, argv), "export");
}

/* Touch every value of the first rows of every column of a snapshot. */
static void walk_snapshot(const csim_snapshot *snap) {
    for (size_t c = 0; c < snap->n_cols; ++c) {
        const csim_snapshot_column *col = &snap->cols[c];
        for (size_t row = 0; row < snap->n_rows && row < 8; ++row) {
            (void) csim_snapshot_value(col, row, col->width - 1);
            (void) csim_snapshot_label(col, row);
        }
        if (csim_snapshot_find(snap, col->name) != col) {
            csim_fuzz_violation("csim_snapshot_find misses a column", col->name);
        }
    }
}

/* Steps 3 and 4: the library calls behind rerun and the analysis tools. */
static void read_everything(const char *path) {
    static const char *const particles[] = {"/particles/firms", "/particles/institutions"};
    static const char *const networks[] = {"/connectivity/collaboration",
                                           "/connectivity/supply"};
    static const char *const groups[] = {"/observables", "/events", "/particles",
                                         "/connectivity", "/parameters", "/h5md"};
    csim_h5_reader r = {0};
    csim_recorded_run run = {0};

    if (csim_h5_reader_open(&r, path) != CSIM_OK) {
        return;
    }
    if (csim_trajectory_file_check(&r) == CSIM_OK) {
        csim_recorded_run_read(&run, &r);
        csim_recorded_run_destroy(&run);
    }
    for (size_t e = 0; e < 4; ++e) {
        const bool is_particles = e < 2;
        const char *element = is_particles ? particles[e] : networks[e - 2];
        csim_h5_array steps = {0};
        char text[256];
        const csim_status got = is_particles ? csim_particles_steps(&r, element, &steps)
                                             : csim_snapshot_steps(&r, element, &steps);
        if (got == CSIM_OK) {
            csim_snapshot_steps_text(&steps, text, sizeof text);
            const int64_t *s = steps.data;
            for (size_t k = 0; k < steps.n && k < 4; ++k) {
                csim_snapshot snap = {0};
                const csim_status read =
                    is_particles ? csim_particles_read(&snap, &r, element, s[k], NULL, 0)
                                 : csim_snapshot_read(&snap, &r, element, s[k], NULL, 0);
                if (read == CSIM_OK) {
                    walk_snapshot(&snap);
                }
                csim_snapshot_destroy(&snap);
            }
        }
        csim_h5_array_destroy(&steps);
    }
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; ++g) {
        csim_trajectory_compare cmp = {0};
        if (csim_trajectory_compare_group(&cmp, &r, &r, groups[g]) == CSIM_OK && cmp.difference) {
            csim_fuzz_violation("a group differs from itself", cmp.difference);
        }
        csim_trajectory_compare_destroy(&cmp);
    }
    csim_h5_reader_close(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static unsigned long serial = 0;
    char name[64], path[4096];

    snprintf(name, sizeof name, "fuzz-%lu.h5", serial++);
    if (csim_fuzz_write(name, data, size, path, sizeof path) != 0) {
        return 0;
    }
    char *inspect[] = {"inspect", path, NULL};
    expect_exit(csim_cmd_inspect(2, inspect), "inspect");

    /* Export at the first and last snapshot steps the file claims to have. */
    csim_h5_reader r = {0};
    csim_h5_array steps = {0};
    if (csim_h5_reader_open(&r, path) == CSIM_OK &&
        csim_particles_steps(&r, "/particles/firms", &steps) == CSIM_OK && steps.n > 0) {
        const int64_t first = ((const int64_t *) steps.data)[0];
        const int64_t last = ((const int64_t *) steps.data)[steps.n - 1];
        csim_h5_array_destroy(&steps);
        csim_h5_reader_close(&r);
        run_export(path, "collaboration", last, "graphml");
        run_export(path, "supply", first, "csv");
    } else {
        csim_h5_array_destroy(&steps);
        csim_h5_reader_close(&r);
        run_export(path, "supply", -1, "csv");
    }
    read_everything(path);
    unlink(path);
    return 0;
}
