/*
 * Full-model benchmark (bench/README.md). Runs a
 * scenario at given scales and thread counts and prints one JSON line per case:
 *
 *   {"case": "model" | "model_output", "scenario", "scale", "firms_end", "threads",
 *    "steps", "seconds" (median of repeats), "seconds_per_step", "firm_steps_per_s",
 *    "ns_per_firm_step", "peak_rss_mib", "peak_rss_bytes_per_firm", "speedup" and
 *    "efficiency" (against the first thread count of the same scale), the result figure
 *    "result_firms_alive" and "same_as_first_threads" (the last step's whole observable
 *    row bit-identical to the first thread count's)}
 *   {"case": "ensemble", "scale", "replicates", "threads", "seconds", "replicates_per_s"}
 *
 * "model" runs without trajectory output; "model_output" (with --output DIR) writes the
 * trajectory with snapshots every run.snapshot_interval months into DIR and reports
 * "output_share", the share of the run spent writing HDF5, with its parts "output_open_s"
 * (file and elements created), "output_record_s" (the months) and "output_close_s" (held
 * rows, compression, commit and fsync), each the median of the repeats, and
 * "output_wall_share", the writer's whole cost, including what its thread takes from the
 * simulation's cores while the calls above return (model/trajectory.c writes on a thread
 * of its own): runs without and with output alternate, and each pair gives
 * (with - without) / with; the median of the pairs, with its quartiles
 * "output_wall_share_q1" and "output_wall_share_q3" (noisier than output_share: a
 * difference of two runs). firm_steps counts the firms alive after each step, summed
 * over the steps. Peak memory is the kernel's high-water mark (VmHWM), reset before each
 * run, the highest of a case's runs; with --output a run without output still counts
 * what the output runs before it left resident (HDF5's code, heap kept by malloc: some
 * 3.5 MiB at scale 1), so the model's own peak is that of a run without --output.
 *
 *   bench_model [--scenario FILE] [--scales 1,10,100] [--threads 1,2] [--steps N]
 *               [--repeats R] [--output DIR] [--ensemble R]
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <malloc.h> /* malloc_trim (glibc) */
#include <sys/resource.h>

#include <gsl/gsl_errno.h>
#include <omp.h>

#include "bench/run.h"
#include "bench/support.h"
#include "model/observables.h"
#include "model/sim.h"
#include "model/trajectory.h"
#include "scenarios/scenario.h"
#include "sim/h5_file.h"

#define MAX_LIST 16

int main(int argc, char **argv) {
    gsl_set_error_handler_off();
    csim_h5_library_init();
    const char *scenario_path = "scenarios/gumi-baseline.yaml";
    const char *output_dir = NULL;
    double scales[MAX_LIST] = {1}, threads[MAX_LIST] = {1};
    size_t n_scales = 1, n_threads = 1;
    long steps = 0;
    int repeats = 3, ensemble = 0;
    threads[1] = omp_get_num_procs();
    n_threads = threads[1] > 1 ? 2 : 1;
    const csim_bench_option opts[] = {
        {"--scenario", "FILE", CSIM_BENCH_TEXT, &scenario_path, NULL, 0},
        {"--scales", "1,10", CSIM_BENCH_LIST, scales, &n_scales, MAX_LIST},
        {"--threads", "1,2", CSIM_BENCH_LIST, threads, &n_threads, MAX_LIST},
        {"--steps", "N", CSIM_BENCH_LONG, &steps, NULL, 0},
        {"--repeats", "R", CSIM_BENCH_INT, &repeats, NULL, 0},
        {"--output", "DIR", CSIM_BENCH_TEXT, &output_dir, NULL, 0},
        {"--ensemble", "R", CSIM_BENCH_INT, &ensemble, NULL, 0},
    };
    const int parsed =
        csim_bench_parse_args(argc, argv, "bench_model", opts, CSIM_BENCH_COUNT(opts));
    if (parsed >= 0) {
        return parsed;
    }
    if (repeats < 1 || repeats > 64) {
        fprintf(stderr, "bench_model: --repeats must be 1..64\n");
        return 2;
    }
    csim_scenario scenario;
    if (csim_bench_load_scenario("bench_model", scenario_path, steps, &scenario) != 0) {
        return 2;
    }
    const size_t width = csim_observables_row_width();
    /* By variant (0: without output, 1: with): the last row of the first thread count's
     * run, and of the latest run. */
    double *first_row[2], *last_row[2];
    for (int v = 0; v < 2; ++v) {
        first_row[v] = malloc(width * sizeof *first_row[v]);
        last_row[v] = malloc(width * sizeof *last_row[v]);
        if (!first_row[v] || !last_row[v]) {
            return 1;
        }
    }
    char out_path[4096];

    for (size_t s = 0; s < n_scales; ++s) {
        double first_seconds[2] = {0.0, 0.0}; /* by variant: first thread count's median */
        for (size_t t = 0; t < n_threads; ++t) {
            csim_params params = scenario.params;
            params.run_scale = scales[s];
            omp_set_num_threads((int) threads[t]);
            const csim_run_info info = {scenario.name, scenario_path, "", "", (int) threads[t], 1};
            snprintf(out_path, sizeof out_path, "%s/bench-%g-%.0f.h5", output_dir ? output_dir : ".",
                     scales[s], threads[t]);
            /* Runs without and with output alternate (repeat r is a pair), so that a drift
             * of the machine's speed -- this VM's second core is shared -- falls on both
             * alike, and the wall share is taken pair by pair. */
            const int variants = output_dir ? 2 : 1;
            double times[2][64], out_times[64], parts[3][64], pair_share[64];
            double rss[2] = {0.0, 0.0};
            csim_bench_run res[2];
            memset(res, 0, sizeof res);
            for (int r = 0; r < repeats; ++r) {
                for (int v = 0; v < variants; ++v) {
                    res[v].row = last_row[v];
                    /* A new file each time, as a run normally writes: replacing the last
                     * repeat's would add the unlinking of 9 MB (6 ms) to the commit. */
                    if (output_dir) {
                        remove(out_path);
                    }
                    /* The memory an output run freed goes back to the system (from
                     * HDF5's free lists, then the C heap) before the high-water mark is
                     * reset, so that a run without output that follows one with it
                     * reports its own peak. */
                    csim_h5_release_free_lists();
                    malloc_trim(0);
                    csim_bench_reset_peak_rss();
                    if (csim_bench_run_once(&params, v ? out_path : NULL, &info, &res[v]) != 0) {
                        fprintf(stderr, "bench_model: %s\n", csim_last_error());
                        return 1;
                    }
                    const double peak = csim_bench_peak_rss_mib();
                    rss[v] = peak > rss[v] ? peak : rss[v];
                    times[v][r] = res[v].seconds;
                }
                if (variants == 2) {
                    out_times[r] = res[1].output_seconds;
                    parts[0][r] = res[1].open_seconds;
                    parts[1][r] = res[1].record_seconds;
                    parts[2][r] = res[1].close_seconds;
                    pair_share[r] = (res[1].seconds - res[0].seconds) / res[1].seconds;
                }
            }
            if (output_dir) {
                remove(out_path);
            }
            for (int v = 0; v < variants; ++v) {
                qsort(times[v], (size_t) repeats, sizeof times[v][0],
                      csim_bench_compare_doubles);
                const double median = times[v][repeats / 2];
                if (t == 0) {
                    memcpy(first_row[v], last_row[v], width * sizeof *last_row[v]);
                    first_seconds[v] = median;
                }
                const bool same =
                    memcmp(first_row[v], last_row[v], width * sizeof *last_row[v]) == 0;
                const double speedup = first_seconds[v] / median;
                printf("{\"case\": \"%s\", \"scenario\": \"%s\", \"scale\": %g, \"firms_end\": %.0f, "
                       "\"threads\": %.0f, \"steps\": %ld, \"seconds\": %.4f, \"seconds_per_step\": %.5f, "
                       "\"firm_steps_per_s\": %.4g, \"ns_per_firm_step\": %.1f, \"peak_rss_mib\": %.1f, "
                       "\"peak_rss_bytes_per_firm\": %.0f, \"speedup\": %.3f, \"efficiency\": %.3f, ",
                       v ? "model_output" : "model", scenario.name, scales[s], res[v].alive,
                       threads[t], params.run_steps, median, median / (double) params.run_steps,
                       res[v].firm_steps / median, 1e9 * median / res[v].firm_steps, rss[v],
                       rss[v] * 1048576.0 / res[v].alive, speedup, speedup * threads[0] / threads[t]);
                if (v == 1) {
                    qsort(out_times, (size_t) repeats, sizeof out_times[0],
                          csim_bench_compare_doubles);
                    qsort(pair_share, (size_t) repeats, sizeof pair_share[0],
                          csim_bench_compare_doubles);
                    for (int k = 0; k < 3; ++k) {
                        qsort(parts[k], (size_t) repeats, sizeof parts[k][0],
                              csim_bench_compare_doubles);
                    }
                    printf("\"output_seconds\": %.4f, \"output_share\": %.3f, "
                           "\"output_open_s\": %.4f, \"output_record_s\": %.4f, "
                           "\"output_close_s\": %.4f, \"output_wall_share\": %.3f, "
                           "\"output_wall_share_q1\": %.3f, \"output_wall_share_q3\": %.3f, ",
                           out_times[repeats / 2], out_times[repeats / 2] / median,
                           parts[0][repeats / 2], parts[1][repeats / 2], parts[2][repeats / 2],
                           pair_share[repeats / 2], pair_share[repeats / 4],
                           pair_share[(3 * repeats) / 4]);
                }
                printf("\"result_firms_alive\": %.0f, \"same_as_first_threads\": %s}\n", res[v].alive,
                       same ? "true" : "false");
                fflush(stdout);
            }
        }
    }

    /* Ensemble throughput: replicates in parallel, one thread each (nested regions run
     * serially), as an ensemble of independent runs uses a machine. */
    if (ensemble > 0) {
        csim_params params = scenario.params;
        params.run_scale = scales[0];
        const int nt = omp_get_num_procs();
        omp_set_num_threads(nt);
        int failures = 0;
        const double t0 = omp_get_wtime();
#pragma omp parallel for schedule(dynamic, 1) default(none) shared(params, ensemble) \
    reduction(+ : failures)
        for (int r = 0; r < ensemble; ++r) {
            csim_sim *sim = NULL;
            if (csim_sim_create(&sim, &params, (uint64_t) r) != CSIM_OK) {
                ++failures;
                continue;
            }
            for (long m = 0; m < params.run_steps; ++m) {
                if (csim_sim_step(sim) != CSIM_OK) {
                    ++failures;
                    break;
                }
            }
            csim_sim_free(&sim);
        }
        const double sec = omp_get_wtime() - t0;
        if (failures > 0) {
            fprintf(stderr, "bench_model: %d ensemble runs failed\n", failures);
            return 1;
        }
        printf("{\"case\": \"ensemble\", \"scenario\": \"%s\", \"scale\": %g, \"replicates\": %d, "
               "\"threads\": %d, \"steps\": %ld, \"seconds\": %.4f, \"replicates_per_s\": %.4f}\n",
               scenario.name, scales[0], ensemble, nt, params.run_steps, sec, (double) ensemble / sec);
    }
    for (int v = 0; v < 2; ++v) {
        free(first_row[v]);
        free(last_row[v]);
    }
    csim_scenario_destroy(&scenario);
    return 0;
}
