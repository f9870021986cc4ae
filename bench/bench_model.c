/*
 * Full-model benchmark (docs: bench/README.md, ../shared/design/BENCH.md section 2).
 * Runs a scenario at given scales and thread counts, without trajectory output, and
 * prints one JSON line per case: case, firms at the end, threads, steps, seconds (median
 * of repeats), firm-steps per second, peak resident memory, and the firms alive at the
 * end as the figure that proves the work was done.
 *
 *   bench_model [--scenario FILE] [--scales 1,10,100] [--threads 1,2] [--steps N] [--repeats R]
 */
#define _POSIX_C_SOURCE 200809L /* strdup, getrusage */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <gsl/gsl_errno.h>
#include <omp.h>

#include "model/observables.h"
#include "model/sim.h"
#include "scenarios/scenario.h"
#include "sim/h5_file.h"

static int compare_doubles(const void *a, const void *b) {
    const double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

static long peak_rss_kib(void) {
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

/* Parse "1,10,100" into up to `max` doubles. */
static size_t parse_list(const char *text, double *out, size_t max) {
    size_t n = 0;
    char *copy = strdup(text);
    for (char *tok = strtok(copy, ","); tok && n < max; tok = strtok(NULL, ",")) {
        out[n++] = atof(tok);
    }
    free(copy);
    return n;
}

int main(int argc, char **argv) {
    gsl_set_error_handler_off();
    csim_h5_library_init();
    const char *scenario_path = "scenarios/gumi-baseline.yaml";
    double scales[16] = {1}, threads[16] = {1};
    size_t n_scales = 1, n_threads = 1;
    long steps = 0;
    int repeats = 3;
    threads[1] = omp_get_num_procs();
    n_threads = threads[1] > 1 ? 2 : 1;
    for (int a = 1; a < argc; ++a) {
        const char *next = a + 1 < argc ? argv[a + 1] : NULL;
        if (strcmp(argv[a], "--scenario") == 0 && next) {
            scenario_path = argv[++a];
        } else if (strcmp(argv[a], "--scales") == 0 && next) {
            n_scales = parse_list(argv[++a], scales, 16);
        } else if (strcmp(argv[a], "--threads") == 0 && next) {
            n_threads = parse_list(argv[++a], threads, 16);
        } else if (strcmp(argv[a], "--steps") == 0 && next) {
            steps = atol(argv[++a]);
        } else if (strcmp(argv[a], "--repeats") == 0 && next) {
            repeats = atoi(argv[++a]);
        } else {
            fprintf(stderr, "usage: bench_model [--scenario FILE] [--scales 1,10] [--threads 1,2] [--steps N] [--repeats R]\n");
            return strcmp(argv[a], "--help") == 0 ? 0 : 2;
        }
    }
    csim_scenario scenario;
    if (csim_scenario_load(&scenario, scenario_path, NULL, 0) != CSIM_OK) {
        fprintf(stderr, "bench_model: %s\n", csim_last_error());
        return 2;
    }
    if (steps > 0) {
        scenario.params.run_steps = steps;
    }
    const csim_observable_desc *table = csim_observables_table();
    for (size_t s = 0; s < n_scales; ++s) {
        for (size_t t = 0; t < n_threads; ++t) {
            csim_params params = scenario.params;
            params.run_scale = scales[s];
            omp_set_num_threads((int) threads[t]);
            double times[64];
            double alive = 0.0, firm_steps = 0.0;
            for (int r = 0; r < repeats && r < 64; ++r) {
                csim_sim *sim = NULL;
                const double t0 = omp_get_wtime();
                if (csim_sim_create(&sim, &params, 0) != CSIM_OK) {
                    fprintf(stderr, "bench_model: %s\n", csim_last_error());
                    return 1;
                }
                firm_steps = 0.0;
                for (long m = 0; m < params.run_steps; ++m) {
                    if (csim_sim_step(sim) != CSIM_OK) {
                        fprintf(stderr, "bench_model: %s\n", csim_last_error());
                        return 1;
                    }
                    firm_steps += csim_sim_observables(sim)[table[CSIM_OBS_firms_alive].offset];
                }
                times[r] = omp_get_wtime() - t0;
                alive = csim_sim_observables(sim)[table[CSIM_OBS_firms_alive].offset];
                csim_sim_free(&sim);
            }
            qsort(times, (size_t) repeats, sizeof times[0], compare_doubles);
            const double median = times[repeats / 2];
            printf("{\"case\": \"model\", \"scenario\": \"%s\", \"scale\": %g, \"firms_end\": %.0f, "
                   "\"threads\": %.0f, \"steps\": %ld, \"seconds\": %.4f, \"firm_steps_per_s\": %.4g, "
                   "\"peak_rss_mib\": %.1f, \"result_firms_alive\": %.0f}\n",
                   scenario.name, scales[s], alive, threads[t], params.run_steps, median,
                   firm_steps / median, (double) peak_rss_kib() / 1024.0, alive);
            fflush(stdout);
        }
    }
    csim_scenario_destroy(&scenario);
    return 0;
}
