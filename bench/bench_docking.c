/*
 * Docking-kernel benchmark (bench/README.md; kernel in
 * bench/docking.c). For each thread count it measures a STREAM-like triad
 * (a[i] = b[i] + s c[i] over three arrays far larger than the last-level cache) before and
 * after the kernel runs (the better of the two is the reference: on a shared machine a
 * neighbour's load can halve one measurement), runs the kernel for each size, and prints
 * one JSON line per case (the docking lines after the second triad):
 *
 *   {"case": "triad", "when", "threads", "n" (elements per array), "seconds" (median),
 *    "gb_per_s" (best of the repeats, STREAM's convention: 24 bytes per element)}
 *   {"case": "docking", "n", "threads", "steps", "seconds" (median of repeats),
 *    "agent_steps_per_s", "peak_rss_mib", "bytes_per_step", "gb_per_s", "triad_gb_per_s",
 *    "bandwidth_ratio" (kernel bytes/s over the triad's with the same threads),
 *    "bandwidth_ratio_machine" (over the best triad of any thread count), the result
 *    figure "result_mean_v" and "result_var_means" after the last step (with their step-0
 *    values), and "same_as_first_threads" (bit-identical result to the first thread
 *    count run)}
 *
 * Bytes per step follow the kernel's specification (bench/docking.h): every agent's vector read once per incident edge plus
 * its own, (incidences + N) x 16 x 8 bytes; the write of the new state is not counted.
 * Neighbours on a ring mostly sit next to each other, so caches serve many of those reads
 * and the ratio can exceed 1.
 *
 *   bench_docking [--sizes 1000,10000,100000,1000000] [--threads 1,2] [--steps 50]
 *                 [--repeats R] [--p 0.1] [--seed S] [--triad-mib 64]
 */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <gsl/gsl_errno.h>
#include <igraph.h>
#include <omp.h>

#include "bench/docking.h"
#include "bench/support.h"

#define MAX_LIST 16
#define ALPHA 0.3
#define NEI 5

static double median(double *x, int n) {
    qsort(x, (size_t) n, sizeof *x, csim_bench_compare_doubles);
    return n % 2 ? x[n / 2] : 0.5 * (x[n / 2 - 1] + x[n / 2]);
}

/* STREAM-like triad with `threads` threads; returns the best bandwidth in bytes/s and
 * the median time of one sweep in *median_s. First touch in parallel, as STREAM does. */
static double triad(size_t n, int repeats, double *median_s) {
    double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b), *c = malloc(n * sizeof *c);
    if (!a || !b || !c) {
        free(a);
        free(b);
        free(c);
        return NAN;
    }
    const long len = (long) n;
#pragma omp parallel for schedule(static) default(none) shared(a, b, c, len)
    for (long i = 0; i < len; ++i) {
        a[i] = 0.0;
        b[i] = 1.0;
        c[i] = 2.0;
    }
    double times[64], best = INFINITY;
    const double s = 3.0;
    for (int r = 0; r < repeats && r < 64; ++r) {
        const double t0 = omp_get_wtime();
#pragma omp parallel for schedule(static) default(none) shared(a, b, c, len, s)
        for (long i = 0; i < len; ++i) {
            a[i] = b[i] + s * c[i];
        }
        times[r] = omp_get_wtime() - t0;
        best = times[r] < best ? times[r] : best;
    }
    volatile double sink = a[n / 2]; /* keep the sweeps */
    (void) sink;
    *median_s = median(times, repeats < 64 ? repeats : 64);
    free(a);
    free(b);
    free(c);
    return 24.0 * (double) n / best;
}

/* Triads for every thread count; prints one line each; bandwidths (bytes/s) into bw[]. */
static int measure_triads(size_t n, const double *threads, size_t n_threads, const char *when,
                          double *bw) {
    for (size_t t = 0; t < n_threads; ++t) {
        omp_set_num_threads((int) threads[t]);
        double med_s = 0.0;
        bw[t] = triad(n, 20, &med_s);
        if (!(bw[t] > 0.0)) {
            fprintf(stderr, "bench_docking: no memory for the triad arrays\n");
            return 1;
        }
        printf("{\"case\": \"triad\", \"when\": \"%s\", \"n\": %zu, \"threads\": %.0f, "
               "\"seconds\": %.6f, \"gb_per_s\": %.3f}\n",
               when, n, threads[t], med_s, bw[t] / 1e9);
        fflush(stdout);
    }
    return 0;
}

int main(int argc, char **argv) {
    gsl_set_error_handler_off();
    igraph_set_error_handler(igraph_error_handler_printignore);
    double sizes[MAX_LIST] = {1e3, 1e4, 1e5, 1e6}, threads[MAX_LIST] = {1, 0};
    size_t n_sizes = 4, n_threads = 2;
    long steps = 50;
    int repeats = 0; /* 0: by size */
    double p = 0.1, triad_mib = 64.0;
    unsigned long long seed = 20040101ULL;
    threads[1] = omp_get_num_procs();
    if (threads[1] <= 1) {
        n_threads = 1;
    }
    const csim_bench_option opts[] = {
        {"--sizes", "1000,1000000", CSIM_BENCH_LIST, sizes, &n_sizes, MAX_LIST},
        {"--threads", "1,2", CSIM_BENCH_LIST, threads, &n_threads, MAX_LIST},
        {"--steps", "50", CSIM_BENCH_LONG, &steps, NULL, 0},
        {"--repeats", "R", CSIM_BENCH_INT, &repeats, NULL, 0},
        {"--p", "0.1", CSIM_BENCH_DOUBLE, &p, NULL, 0},
        {"--seed", "S", CSIM_BENCH_U64, &seed, NULL, 0},
        {"--triad-mib", "64", CSIM_BENCH_DOUBLE, &triad_mib, NULL, 0},
    };
    const int parsed =
        csim_bench_parse_args(argc, argv, "bench_docking", opts, CSIM_BENCH_COUNT(opts));
    if (parsed >= 0) {
        return parsed;
    }
    if (steps <= 0 || n_sizes == 0 || n_threads == 0) {
        fprintf(stderr, "bench_docking: nothing to run\n");
        return 2;
    }

    /* The memory reference, measured in this run for every thread count, before and
     * after the kernel. */
    const size_t triad_n = (size_t) (triad_mib * 1024.0 * 1024.0 / 8.0);
    double triad_bw[MAX_LIST] = {0}, triad_max = 0.0;
    if (measure_triads(triad_n, threads, n_threads, "before", triad_bw) != 0) {
        return 1;
    }
    /* Docking lines wait for the second triad: kept with a placeholder for the ratios. */
    char *lines = NULL;
    size_t lines_len = 0;
    FILE *out = open_memstream(&lines, &lines_len);
    if (!out) {
        return 1;
    }
    double later_bw[MAX_LIST * MAX_LIST];
    size_t later_t[MAX_LIST * MAX_LIST], n_later = 0;
    for (size_t s = 0; s < n_sizes; ++s) {
        const size_t n = (size_t) sizes[s];
        csim_docking d;
        if (csim_docking_init_ring(&d, n, NEI, p, (uint64_t) seed) != CSIM_OK) {
            fprintf(stderr, "bench_docking: %s\n", csim_last_error());
            return 1;
        }
        const int reps = repeats > 0 ? repeats : (n <= 100000 ? 7 : 3);
        const double bytes_per_step =
            (double) (csim_docking_incidences(&d) + n) * CSIM_DOCKING_K * sizeof(double);
        csim_docking_stats first_result = {0, 0};
        for (size_t t = 0; t < n_threads; ++t) {
            omp_set_num_threads((int) threads[t]);
            csim_bench_reset_peak_rss();
            double times[64];
            csim_docking_stats initial = {0, 0}, result = {0, 0};
            for (int r = 0; r < reps && r < 64; ++r) {
                csim_docking_reset(&d, (uint64_t) seed);
                initial = csim_docking_measure(&d);
                const double t0 = omp_get_wtime();
                for (long k = 0; k < steps; ++k) {
                    csim_docking_step(&d, ALPHA, &result);
                }
                times[r] = omp_get_wtime() - t0;
            }
            if (t == 0) {
                first_result = result;
            }
            const bool same = memcmp(&first_result, &result, sizeof result) == 0;
            const double sec = median(times, reps < 64 ? reps : 64);
            const double bw = bytes_per_step * (double) steps / sec;
            fprintf(out, "{\"case\": \"docking\", \"n\": %zu, \"threads\": %.0f, \"steps\": %ld, "
                         "\"seconds\": %.6f, \"agent_steps_per_s\": %.4g, \"peak_rss_mib\": %.1f, "
                         "\"bytes_per_step\": %.4g, \"gb_per_s\": %.3f, @RATIOS@, "
                         "\"result_mean_v\": %.17g, \"result_var_means\": %.17g, "
                         "\"initial_mean_v\": %.17g, \"initial_var_means\": %.17g, "
                         "\"same_as_first_threads\": %s}\n",
                    n, threads[t], steps, sec, (double) n * (double) steps / sec, csim_bench_peak_rss_mib(),
                    bytes_per_step, bw / 1e9, result.mean, result.var_means, initial.mean,
                    initial.var_means, same ? "true" : "false");
            if (n_later < MAX_LIST * MAX_LIST) {
                later_bw[n_later] = bw;
                later_t[n_later++] = t;
            }
        }
        csim_docking_destroy(&d);
    }
    fclose(out);
    double after[MAX_LIST] = {0};
    if (measure_triads(triad_n, threads, n_threads, "after", after) != 0) {
        free(lines);
        return 1;
    }
    for (size_t t = 0; t < n_threads; ++t) {
        triad_bw[t] = after[t] > triad_bw[t] ? after[t] : triad_bw[t];
        triad_max = triad_bw[t] > triad_max ? triad_bw[t] : triad_max;
    }
    /* The docking lines, with their ratios to the better triad of their thread count. */
    char *line = lines;
    for (size_t k = 0; k < n_later && line && *line; ++k) {
        char *end = strchr(line, '\n');
        char *mark = strstr(line, "@RATIOS@");
        if (!end || !mark || mark > end) {
            break;
        }
        *mark = '\0';
        *end = '\0';
        const double ref = triad_bw[later_t[k]];
        printf("%s\"triad_gb_per_s\": %.3f, \"bandwidth_ratio\": %.3f, "
               "\"bandwidth_ratio_machine\": %.3f%s\n",
               line, ref / 1e9, later_bw[k] / ref, later_bw[k] / triad_max,
               mark + strlen("@RATIOS@"));
        line = end + 1;
    }
    free(lines);
    return 0;
}
