/*
 * Trajectory size benchmark (bench/README.md, issue 4): runs a scenario (by default the
 * 10^6-firm synthetic one) with trajectory output and prints one JSON line:
 *
 *   {"case": "output_size", "scenario", "scale", "steps", "threads", "snapshots",
 *    "firms_end", "firm_snapshots" (firms alive summed over the snapshots), "slots" (the
 *    firm index range summed over the snapshots: alive firms plus fill), "file_bytes",
 *    "bytes_per_firm_snapshot" = file_bytes / firm_snapshots, "bytes_per_slot",
 *    "seconds", "output_seconds" (time inside the trajectory writer), "output_share"}
 *
 * The firm counts are read back from the file written (`/particles/firms/id`), so they
 * are what the file holds. The file is removed afterwards unless --keep.
 *
 *   bench_output [--scenario FILE] [--steps N] [--scale X] [--threads T] [--output DIR]
 *                [--keep]
 */
#define _POSIX_C_SOURCE 200809L /* stat, getpid */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>
#include <omp.h>

#include "analysis/readers/snapshot.h"
#include "bench/run.h"
#include "bench/support.h"
#include "model/observables.h"
#include "model/sim.h"
#include "model/trajectory.h"
#include "scenarios/scenario.h"
#include "sim/h5_file.h"
#include "sim/h5_read.h"

/* Firms present per snapshot and index slots, summed over the snapshots of `path`. */
static csim_status count_firms(const char *path, double *firms, double *slots,
                               size_t *snapshots) {
    csim_status st = CSIM_OK;
    csim_h5_reader r = {0};
    csim_h5_array steps = {0}, row = {0};

    *firms = *slots = 0.0;
    CSIM_TRY(csim_h5_reader_open(&r, path));
    CSIM_TRY(csim_particles_steps(&r, "/particles/firms", &steps));
    *snapshots = steps.n;
    for (size_t k = 0; k < steps.n; ++k) {
        CSIM_TRY(csim_h5_read_rows(&r, "/particles/firms/id/value", CSIM_H5_INT64, k, 1, &row));
        const int64_t *id = row.data;
        size_t last = 0;
        for (size_t j = 0; j < row.n; ++j) {
            *firms += id[j] >= 0;
            last = id[j] >= 0 ? j + 1 : last;
        }
        /* The row's own width: the highest index written at that snapshot. */
        *slots += (double) last;
        csim_h5_array_destroy(&row);
    }

cleanup:
    csim_h5_array_destroy(&row);
    csim_h5_array_destroy(&steps);
    csim_h5_reader_close(&r);
    return st;
}

int main(int argc, char **argv) {
    gsl_set_error_handler_off();
    csim_h5_library_init();
    const char *scenario_path = "scenarios/synthetic-1m.yaml";
    const char *output_dir = "/tmp";
    long steps = 0;
    double scale = 0.0;
    int threads = omp_get_num_procs();
    bool keep = false;
    const csim_bench_option opts[] = {
        {"--scenario", "FILE", CSIM_BENCH_TEXT, &scenario_path, NULL, 0},
        {"--steps", "N", CSIM_BENCH_LONG, &steps, NULL, 0},
        {"--scale", "X", CSIM_BENCH_DOUBLE, &scale, NULL, 0},
        {"--threads", "T", CSIM_BENCH_INT, &threads, NULL, 0},
        {"--output", "DIR", CSIM_BENCH_TEXT, &output_dir, NULL, 0},
        {"--keep", NULL, CSIM_BENCH_FLAG, &keep, NULL, 0},
    };
    const int parsed =
        csim_bench_parse_args(argc, argv, "bench_output", opts, CSIM_BENCH_COUNT(opts));
    if (parsed >= 0) {
        return parsed;
    }
    if (threads < 1) {
        fprintf(stderr, "bench_output: --threads must be at least 1\n");
        return 2;
    }
    csim_scenario scenario;
    if (csim_bench_load_scenario("bench_output", scenario_path, steps, &scenario) != 0) {
        return 2;
    }
    csim_params params = scenario.params;
    if (scale > 0.0) {
        params.run_scale = scale;
    }
    omp_set_num_threads(threads);
    char out_path[4096];
    snprintf(out_path, sizeof out_path, "%s/bench-output-%d.h5", output_dir, (int) getpid());
    const csim_run_info info = {scenario.name, scenario_path, "", "", threads, 1};
    csim_bench_run run = {0};
    int rc = 1;

    if (csim_bench_run_once(&params, out_path, &info, &run) != 0) {
        goto done;
    }
    const double seconds = run.seconds, out_seconds = run.output_seconds;
    const double firms_end = run.alive;

    struct stat st_file;
    double firm_snapshots = 0.0, slots = 0.0;
    size_t snapshots = 0;
    if (stat(out_path, &st_file) != 0 ||
        count_firms(out_path, &firm_snapshots, &slots, &snapshots) != CSIM_OK) {
        goto done;
    }
    const double bytes = (double) st_file.st_size;
    printf("{\"case\": \"output_size\", \"scenario\": \"%s\", \"scale\": %g, \"steps\": %ld, "
           "\"threads\": %d, \"snapshots\": %zu, \"firms_end\": %.0f, \"firm_snapshots\": %.0f, "
           "\"slots\": %.0f, \"file_bytes\": %.0f, \"bytes_per_firm_snapshot\": %.1f, "
           "\"bytes_per_slot\": %.1f, \"seconds\": %.3f, \"output_seconds\": %.3f, "
           "\"output_share\": %.3f}\n",
           scenario.name, params.run_scale, params.run_steps, threads, snapshots, firms_end,
           firm_snapshots, slots, bytes, bytes / firm_snapshots, bytes / slots, seconds,
           out_seconds, out_seconds / seconds);
    rc = 0;
done:
    if (rc != 0) {
        fprintf(stderr, "bench_output: %s\n", csim_last_error());
    }
    if (!keep) {
        remove(out_path);
    }
    csim_scenario_destroy(&scenario);
    return rc;
}
