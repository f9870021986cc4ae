/* `clustersim run SCENARIO`: one replicate of a scenario, written to an HDF5 trajectory,
 * with a short summary on stdout. */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include <omp.h>

#include "cli/omp_defaults.h"
#include "cli/options.h"
#include "cli/simulate.h"
#include "model/memory_estimate.h"
#include "model/observables.h"
#include "model/sim.h"
#include "scenarios/scenario.h"
#include "sim/rng.h"

/* The options of `run`, filled by csim_opts_parse from the table below. */
typedef struct run_opts {
    const char *output;
    unsigned long long seed, replicate, threads;
    csim_opt_list set;
    bool force, no_output, allow_large, quiet;
} run_opts;

static const csim_opt run_table[] = {
    {CSIM_OPT_OUTPUT(run_opts, output, "FILE", "trajectory file to write"),
     .def = "runs/<scenario>-r<R>.h5"},
    {CSIM_OPT_SEED(run_opts, seed, 9007199254740991ULL, "base seed (overrides run.seed)", NULL)},
    {.name = "--replicate", .kind = CSIM_OPT_UINT, .field = offsetof(run_opts, replicate),
     .metavar = "R", .umax = 1000000000ULL, .def = "0",
     .help = "replicate number; replicate R of every scenario draws from the same streams "
             "(common random numbers)"},
    {CSIM_OPT_THREADS(run_opts, threads, "OpenMP threads; results are identical for any N",
                      "1 for a run of under 10,000 actors, where threads do not pay; else "
                      "OMP_NUM_THREADS or all cores")},
    {CSIM_OPT_SET(run_opts, set, "override a parameter, e.g. --set run.steps=24")},
    {CSIM_OPT_FORCE(run_opts, force, "replace FILE if it exists")},
    {.name = "--no-output", .kind = CSIM_OPT_FLAG, .field = offsetof(run_opts, no_output),
     .help = "run without writing a trajectory"},
    {CSIM_OPT_ALLOW_LARGE(run_opts, allow_large,
                          "run even when the memory estimate exceeds what is available")},
    {CSIM_OPT_QUIET(run_opts, quiet)},
};

static const csim_opt_spec run_spec = {
    .command = "run",
    CSIM_OPERAND_SCENARIO,
    .about = "Run one replicate of SCENARIO month by month and write its trajectory to FILE\n"
             "(HDF5). The file is written under a temporary name and renamed only when\n"
             "complete. Prints a summary of the last month.\n",
    .closing = "Exit codes: 0 success, 1 runtime failure (I/O, memory), 2 bad scenario or\n"
               "arguments.\n",
    CSIM_OPT_TABLE(run_table),
};

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
    run_opts f = {0};
    csim_opt_args args = {0};
    const char *path = NULL, *output = NULL;
    char *default_output = NULL, seed_override[64];
    int rc = CSIM_EXIT_OK;
    csim_status st = CSIM_OK;
    csim_scenario scenario = {0};
    csim_sim *sim = NULL;

    if ((rc = csim_opts_read(&run_spec, argc, argv, &f, &args)) != CSIM_EXIT_OK || args.help) {
        goto done;
    }
    path = args.operands[0];
    output = f.output;
    const bool no_output = f.no_output;
    const unsigned long long replicate = f.replicate;
    if (csim_opts_given(&args, "--seed")) {
        /* --seed is an override of run.seed, so that the file records it like any other. */
        snprintf(seed_override, sizeof seed_override, "run.seed=%llu", f.seed);
        if ((rc = csim_opts_add(&args, &f, "--set", seed_override)) != CSIM_EXIT_OK) {
            goto done;
        }
    }
    st = csim_scenario_load(&scenario, path, f.set.items, f.set.n);
    if (st != CSIM_OK) {
        csim_cli_report("run", st);
        rc = csim_cli_scenario_exit_code(st);
        goto done;
    }
    /* Refuse a run that cannot fit before anything is allocated or created on disk. */
    if ((st = csim_memory_check(&scenario.params, f.allow_large)) != CSIM_OK) {
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
    csim_cli_set_threads(f.threads, &scenario.params);
    const double t0 = omp_get_wtime();
    const csim_run_request req = {.scenario = &scenario,
                                  .replicate = replicate,
                                  .output = no_output ? NULL : output,
                                  .force = f.force,
                                  .allow_large = f.allow_large,
                                  .threads = omp_get_max_threads(),
                                  .ranks = 1};
    st = csim_cli_simulate(&req, scenario.name, f.quiet, t0, &sim);
    if (st != CSIM_OK) {
        goto fail;
    }
    print_summary(sim, scenario.name, no_output ? NULL : output, omp_get_wtime() - t0);
    goto done;

fail:
    rc = csim_cli_report("run", st);
done:
    csim_sim_free(&sim);
    csim_scenario_destroy(&scenario);
    free(default_output);
    csim_opt_args_destroy(&args);
    return rc;
}
