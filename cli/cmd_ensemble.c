/* `clustersim ensemble SCENARIO... --replicates R -o DIR`: every scenario x replicate as a
 * task, run concurrently, one trajectory file per task plus an index. */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "cli/ensemble_exec.h"
#include "cli/parallel.h"
#include "scenarios/ensemble.h"

static void usage(FILE *out) {
    fputs("usage: clustersim ensemble SCENARIO... --replicates R -o DIR [--threads N] [--jobs J]\n"
          "                           [--seed N] [--set key=value]... [--force] [--quiet]\n"
          "\n"
          "Run replicates 0..R-1 of every SCENARIO, each scenario x replicate a task, and\n"
          "write one trajectory per task, DIR/<scenario>/r<k>.h5 (the same file `clustersim\n"
          "run SCENARIO --replicate k` writes), then DIR/index.h5 (external links\n"
          "/tasks/<scenario>/r<k> to every file and the task table /task_table) and\n"
          "DIR/tasks.csv (the table as text). Replicate k of every scenario draws from the\n"
          "same random streams (common random numbers).\n"
          "\n"
          "Resumable: running the same command again keeps every task file that is complete\n"
          "and has this task's parameters, and runs the rest; an interrupted or killed\n"
          "ensemble loses only the tasks it was running. A failed task is recorded with its\n"
          "error and does not stop the others. DIR/ensemble.log lists every task run.\n"
          "\n"
          "  --replicates R      replicates per scenario (required)\n"
          "  -o, --output DIR    output folder (required; created if missing)\n"
          "  --threads N         threads in all (default: OMP_NUM_THREADS, else the cores this\n"
          "                      process may use)\n"
          "  --jobs J            tasks run at once, each in its own process with N/J OpenMP\n"
          "                      threads (default: N, or the number of tasks if smaller)\n"
          "  --seed N            base seed of every scenario (overrides run.seed)\n"
          "  --set key=value     override a parameter of every scenario (repeatable)\n"
          "  --force             redo tasks whose files are complete\n"
          "  --quiet             no progress line\n"
          "  -h, --help          show this help\n"
          "\n"
          "Results are identical for any N and J. With clustersim-mpi, tasks are farmed out\n"
          "to MPI ranks instead: `mpirun --bind-to none -np P clustersim-mpi ensemble ...`\n"
          "(rank 0 hands out tasks and writes the index; --threads is then per rank, default\n"
          "OMP_NUM_THREADS or the rank's share of its node's cores; --jobs is ignored).\n"
          "\n"
          "Exit codes: 0 every task succeeded, 1 a task failed or was not run, 2 bad input.\n",
          out);
}

int csim_cmd_ensemble(int argc, char **argv) {
    static const char *const cmd = "ensemble";
    const char **overrides = calloc((size_t) argc + 1, sizeof *overrides);
    const char **paths = calloc((size_t) argc + 1, sizeof *paths);
    size_t n_overrides = 0, n_paths = 0;
    const char *dir = NULL;
    unsigned long long replicates = 0, seed = 0;
    bool have_replicates = false, have_seed = false, help = false;
    char seed_text[64];
    char *command_line = NULL;
    char plan_error[2048] = "";
    int rc = CSIM_EXIT_OK;
    csim_status st = CSIM_OK;
    csim_ensemble plan = {0};
    bool have_plan = false;
    csim_exec_options opt = {cmd, NULL, {0, 0}, false, false};

    if (!overrides || !paths) {
        rc = csim_cli_report(cmd, CSIM_FAIL(CSIM_ENOMEM, "arguments"));
        goto run;
    }
    for (int a = 1; a < argc; ++a) {
        const char *arg = argv[a];
        const char *next = a + 1 < argc ? argv[a + 1] : NULL;
        if (csim_cli_is_help(arg)) {
            help = true;
        } else if (strcmp(arg, "-o") == 0 || strcmp(arg, "--output") == 0) {
            if (!next) {
                rc = csim_cli_usage_error(cmd, "%s needs a folder name", arg);
                goto run;
            }
            dir = next;
            ++a;
        } else if (strcmp(arg, "--replicates") == 0) {
            if (csim_cli_parse_positive(cmd, arg, next, CSIM_SWEEP_MAX_REPLICATES, &replicates) != 0) {
                rc = CSIM_EXIT_USAGE;
                goto run;
            }
            have_replicates = true;
            ++a;
        } else if (strcmp(arg, "--threads") == 0 || strcmp(arg, "--jobs") == 0) {
            unsigned long long v = 0;
            if (csim_cli_parse_positive(cmd, arg, next, 4096, &v) != 0) {
                rc = CSIM_EXIT_USAGE;
                goto run;
            }
            if (strcmp(arg, "--threads") == 0) {
                opt.req.threads = v;
            } else {
                opt.req.jobs = v;
            }
            ++a;
        } else if (strcmp(arg, "--seed") == 0) {
            if (csim_cli_parse_count(cmd, arg, next, 9007199254740991ULL, &seed) != 0) {
                rc = CSIM_EXIT_USAGE;
                goto run;
            }
            have_seed = true;
            ++a;
        } else if (strcmp(arg, "--set") == 0) {
            if (!next) {
                rc = csim_cli_usage_error(cmd, "--set needs key=value");
                goto run;
            }
            overrides[n_overrides++] = next;
            ++a;
        } else if (strcmp(arg, "--force") == 0) {
            opt.force = true;
        } else if (strcmp(arg, "--quiet") == 0) {
            opt.quiet = true;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            rc = csim_cli_usage_error(cmd, "unknown option '%s'", arg);
            goto run;
        } else {
            paths[n_paths++] = arg;
        }
    }
    if (help) {
        if (csim_par_rank() == 0) {
            usage(stdout);
        }
        goto run;
    }
    if (n_paths == 0) {
        rc = csim_cli_usage_error(cmd, "missing SCENARIO");
        goto run;
    }
    if (!have_replicates) {
        rc = csim_cli_usage_error(cmd, "missing --replicates R");
        goto run;
    }
    if (!dir) {
        rc = csim_cli_usage_error(cmd, "missing -o DIR");
        goto run;
    }
    if (have_seed) {
        /* An override like any other, so that every file records it. */
        snprintf(seed_text, sizeof seed_text, "run.seed=%llu", seed);
        overrides[n_overrides++] = seed_text;
    }
    st = csim_ensemble_init(&plan, dir, replicates);
    for (size_t k = 0; st == CSIM_OK && k < n_paths; ++k) {
        st = csim_ensemble_add_point(&plan, paths[k], NULL, overrides, n_overrides);
    }
    if (st == CSIM_OK) {
        st = csim_ensemble_build_tasks(&plan);
    }
    if (st != CSIM_OK) {
        snprintf(plan_error, sizeof plan_error, "%s", csim_last_error());
        csim_cli_report(cmd, st);
        rc = st == CSIM_ENOMEM ? CSIM_EXIT_FAILURE : CSIM_EXIT_USAGE;
        goto run;
    }
    command_line = csim_cli_join_args("clustersim", argc, argv);
    if (!command_line) {
        rc = csim_cli_report(cmd, CSIM_FAIL(CSIM_ENOMEM, "command line"));
        goto run;
    }
    opt.command_line = command_line;
    have_plan = true;

run:
    /* Every path ends here, so that MPI workers are released whatever happened. */
    rc = csim_cli_ensemble_execute(have_plan ? &plan : NULL, rc, plan_error[0] ? plan_error : NULL,
                                   &opt);
    csim_ensemble_destroy(&plan);
    free(command_line);
    free(paths);
    free(overrides);
    return rc;
}
