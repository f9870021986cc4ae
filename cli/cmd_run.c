/* `clustersim run SCENARIO`: one replicate of a scenario, written to an HDF5 trajectory,
 * with a short summary on stdout. */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include <omp.h>

#include "cli/omp_defaults.h"
#include "cli/simulate.h"
#include "model/memory_estimate.h"
#include "model/observables.h"
#include "model/sim.h"
#include "model/trajectory.h"
#include "scenarios/scenario.h"
#include "sim/rng.h"

static void usage(FILE *out) {
    fputs("usage: clustersim run SCENARIO [-o FILE] [--seed N] [--replicate R] [--threads N]\n"
          "                      [--set key=value]... [--force] [--quiet]\n"
          "\n"
          "Run one replicate of SCENARIO month by month and write its trajectory to FILE\n"
          "(HDF5; default runs/<scenario>-r<R>.h5). The file is written under a temporary\n"
          "name and renamed only when complete. Prints a summary of the last month.\n"
          "\n"
          "  -o, --output FILE   trajectory file to write\n"
          "  --seed N            base seed (overrides run.seed)\n"
          "  --replicate R       replicate number (default 0); replicate R of every scenario\n"
          "                      draws from the same streams (common random numbers)\n"
          "  --threads N         OpenMP threads (default: 1 for a run of under 10,000 actors,\n"
          "                      where threads do not pay; else OMP_NUM_THREADS or all cores);\n"
          "                      results are identical for any N\n"
          "  --set key=value     override a parameter, e.g. --set run.steps=24 (repeatable)\n"
          "  --force             replace FILE if it exists\n"
          "  --no-output         run without writing a trajectory\n"
          "  --allow-large       run even when the memory estimate exceeds what is available\n"
          "  --quiet             no progress line\n"
          "  -h, --help          show this help\n"
          "\n"
          "Exit codes: 0 success, 1 runtime failure (I/O, memory), 2 bad scenario or arguments.\n",
          out);
}

/* Print the summary block: a few headline observables of the last month. */
static void print_summary(const csim_sim *sim, const char *name, const char *output, double seconds) {
    const csim_observable_desc *table = csim_observables_table();
    const double *row = csim_sim_observables(sim);
    printf("scenario %s, replicate seed 0x%016llx, %ld months to %.3f (%.2f s)\n", name,
           (unsigned long long) csim_sim_seed(sim), csim_sim_steps_done(sim), csim_sim_time(sim),
           seconds);
    static const char *const headline[] = {
        "firms_alive", "employment", "large_firm_share", "supplier_share_registered",
        "hub_dependence", "mc_active", "mc_members_total", "wg_active", "wg_participants",
        "org_councils", "org_associations", "org_cooperatives", "org_members_max",
        "org_founded_total", "ties_collab", "ties_sme_sme_share", "knowledge_mean_sme",
        "trust_mean"};
    for (size_t h = 0; h < sizeof headline / sizeof headline[0]; ++h) {
        for (size_t o = 0; o < CSIM_N_OBSERVABLES; ++o) {
            if (strcmp(table[o].name, headline[h]) == 0) {
                printf("  %-27s %14.6g  %s\n", table[o].name, row[table[o].offset], table[o].unit);
            }
        }
    }
    if (output) {
        printf("trajectory: %s\n", output);
    }
}

int csim_cmd_run(int argc, char **argv) {
    const char *path = NULL, *output = NULL;
    unsigned long long seed = 0, replicate = 0, threads = 0;
    bool have_seed = false, force = false, quiet = false, no_output = false, allow_large = false;
    const char **overrides = calloc((size_t) argc + 1, sizeof *overrides);
    size_t n_overrides = 0;
    char *default_output = NULL, *seed_override = NULL;
    int rc = CSIM_EXIT_OK;
    csim_status st = CSIM_OK;
    csim_scenario scenario = {0};
    csim_sim *sim = NULL;
    csim_trajectory traj = {0};

    if (!overrides) {
        return csim_cli_report("run", CSIM_FAIL(CSIM_ENOMEM, "arguments"));
    }
    for (int a = 1; a < argc; ++a) {
        const char *arg = argv[a];
        const char *next = a + 1 < argc ? argv[a + 1] : NULL;
        if (csim_cli_is_help(arg)) {
            usage(stdout);
            goto done;
        } else if (strcmp(arg, "-o") == 0 || strcmp(arg, "--output") == 0) {
            if (!next) {
                rc = csim_cli_usage_error("run", "%s needs a file name", arg);
                goto done;
            }
            output = next;
            ++a;
        } else if (strcmp(arg, "--seed") == 0) {
            if (csim_cli_parse_count("run", arg, next, 9007199254740991ULL, &seed) != 0) {
                rc = CSIM_EXIT_USAGE;
                goto done;
            }
            have_seed = true;
            ++a;
        } else if (strcmp(arg, "--replicate") == 0) {
            if (csim_cli_parse_count("run", arg, next, 1000000000ULL, &replicate) != 0) {
                rc = CSIM_EXIT_USAGE;
                goto done;
            }
            ++a;
        } else if (strcmp(arg, "--threads") == 0) {
            if (csim_cli_parse_positive("run", arg, next, 4096, &threads) != 0) {
                rc = CSIM_EXIT_USAGE;
                goto done;
            }
            ++a;
        } else if (strcmp(arg, "--set") == 0) {
            if (!next) {
                rc = csim_cli_usage_error("run", "--set needs key=value");
                goto done;
            }
            overrides[n_overrides++] = next;
            ++a;
        } else if (strcmp(arg, "--force") == 0) {
            force = true;
        } else if (strcmp(arg, "--quiet") == 0) {
            quiet = true;
        } else if (strcmp(arg, "--no-output") == 0) {
            no_output = true;
        } else if (strcmp(arg, "--allow-large") == 0) {
            allow_large = true;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            rc = csim_cli_usage_error("run", "unknown option '%s'", arg);
            goto done;
        } else if (!path) {
            path = arg;
        } else {
            rc = csim_cli_usage_error("run", "one scenario at a time (got '%s' and '%s')", path, arg);
            goto done;
        }
    }
    if (!path) {
        rc = csim_cli_usage_error("run", "missing SCENARIO");
        goto done;
    }
    if (have_seed) {
        /* --seed is an override of run.seed, so that the file records it like any other. */
        seed_override = malloc(64);
        if (!seed_override) {
            st = CSIM_FAIL(CSIM_ENOMEM, "arguments");
            goto fail;
        }
        snprintf(seed_override, 64, "run.seed=%llu", seed);
        overrides[n_overrides++] = seed_override;
    }
    st = csim_scenario_load(&scenario, path, overrides, n_overrides);
    if (st != CSIM_OK) {
        csim_cli_report("run", st);
        rc = csim_cli_scenario_exit_code(st);
        goto done;
    }
    /* Refuse a run that cannot fit before anything is allocated or created on disk. */
    if ((st = csim_memory_check(&scenario.params, allow_large)) != CSIM_OK) {
        goto fail;
    }
    if (!output && !no_output) {
        const size_t len = strlen(scenario.name) + 64;
        default_output = malloc(len);
        if (!default_output) {
            st = CSIM_FAIL(CSIM_ENOMEM, "output name");
            goto fail;
        }
        snprintf(default_output, len, "runs/%s-r%llu.h5", scenario.name, replicate);
        output = default_output;
    }
    if (!no_output) {
        st = csim_cli_make_parent_dirs(output);
        if (st != CSIM_OK) {
            goto fail;
        }
    }
    if (threads == 0) {
        threads = (unsigned long long) csim_cli_default_threads(&scenario.params);
    }
    if (threads > 0) {
        omp_set_num_threads((int) threads);
    }
    const double t0 = omp_get_wtime();
    st = csim_sim_create(&sim, &scenario.params, replicate);
    if (st != CSIM_OK) {
        goto fail;
    }
    const csim_run_info info = {scenario.name, scenario.path, scenario.text, scenario.overrides,
                                omp_get_max_threads(), 1};
    if (!no_output) {
        st = csim_trajectory_open(&traj, output, force, sim, &info);
        if (st != CSIM_OK) {
            goto fail;
        }
    }
    st = csim_cli_simulate(sim, no_output ? NULL : &traj, scenario.name, quiet, t0);
    if (st != CSIM_OK) {
        goto fail;
    }
    if (!no_output) {
        st = csim_trajectory_close(&traj);
        if (st != CSIM_OK) {
            goto fail;
        }
    }
    print_summary(sim, scenario.name, no_output ? NULL : output, omp_get_wtime() - t0);
    goto done;

fail:
    csim_trajectory_abort(&traj);
    rc = csim_cli_report("run", st);
done:
    csim_sim_free(&sim);
    csim_scenario_destroy(&scenario);
    free(default_output);
    free(seed_override);
    free(overrides);
    return rc;
}
