/* `clustersim ensemble SCENARIO... --replicates R -o DIR`: every scenario x replicate as a
 * task, run concurrently, one trajectory file per task plus an index. */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "cli/ensemble_exec.h"
#include "scenarios/ensemble/backend.h"
#include "scenarios/ensemble/plan.h"

/* The options of `ensemble`. */
typedef struct ensemble_opts {
    csim_exec_options exec;
    const char *dir;
    unsigned long long replicates, seed;
    csim_opt_list set;
} ensemble_opts;

static const csim_opt ensemble_table[] = {
    {.name = "--replicates", .kind = CSIM_OPT_UINT, .field = offsetof(ensemble_opts, replicates),
     .metavar = "R", .umin = 1, .umax = CSIM_SWEEP_MAX_REPLICATES, .required = true,
     .help = "replicates per scenario"},
    {CSIM_OPT_OUTPUT(ensemble_opts, dir, "DIR", "output folder (created if missing)"),
     .required = true},
    CSIM_CLI_EXEC_OPTS(ensemble_opts, exec),
    {CSIM_OPT_SEED(ensemble_opts, seed, 9007199254740991ULL,
                   "base seed of every scenario (overrides run.seed)", NULL)},
    {CSIM_OPT_SET(ensemble_opts, set, "override a parameter of every scenario")},
    {CSIM_OPT_FORCE(ensemble_opts, exec.force, "redo tasks whose files are complete")},
    {CSIM_OPT_QUIET(ensemble_opts, exec.quiet)},
};

static const csim_opt_spec ensemble_spec = {
    .command = "ensemble",
    .operand = "SCENARIO",
    .many = true,
    .about = "Run replicates 0..R-1 of every SCENARIO, each scenario x replicate a task, and\n"
             "write one trajectory per task, DIR/<scenario>/r<k>.h5 (the same file `clustersim\n"
             "run SCENARIO --replicate k` writes), then DIR/index.h5 (external links\n"
             "/tasks/<scenario>/r<k> to every file and the task table /task_table) and\n"
             "DIR/tasks.csv (the table as text). Replicate k of every scenario draws from the\n"
             "same random streams (common random numbers).\n"
             "\n"
             "Resumable: running the same command again keeps every task file that is complete\n"
             "and has this task's parameters, and runs the rest; an interrupted or killed\n"
             "ensemble loses only the tasks it was running. A failed task is recorded with its\n"
             "error and does not stop the others. DIR/ensemble.log lists every task run.\n",
    .closing = "Results are identical for any N and J. With clustersim-mpi, tasks are farmed out\n"
               "to MPI ranks instead: `mpirun --bind-to none -np P clustersim-mpi ensemble ...`\n"
               "(rank 0 hands out tasks and writes the index; --threads is then per rank, default\n"
               "OMP_NUM_THREADS or the rank's share of its node's cores; --jobs is ignored).\n"
               "\n"
               "Exit codes: 0 every task succeeded, 1 a task failed or was not run, 2 bad input.\n",
    CSIM_OPT_TABLE(ensemble_table),
};

int csim_cmd_ensemble(int argc, char **argv) {
    static const char *const cmd = "ensemble";
    ensemble_opts f = {.exec = {cmd, NULL, {0, 0}, false, false}};
    csim_opt_args args = {0};
    char seed_text[64];
    int rc = CSIM_EXIT_OK;
    csim_status st = CSIM_OK;
    csim_ensemble plan = {0};

    if ((rc = csim_cli_ensemble_opts_read(&ensemble_spec, argc, argv, &f, &args)) !=
            CSIM_EXIT_OK ||
        args.help) {
        goto run;
    }
    if (csim_opts_given(&args, "--seed")) {
        /* An override like any other, so that every file records it. */
        snprintf(seed_text, sizeof seed_text, "run.seed=%llu", f.seed);
        if ((rc = csim_opts_add(&args, &f, "--set", seed_text)) != CSIM_EXIT_OK) {
            goto run;
        }
    }
    st = csim_ensemble_init(&plan, f.dir, f.replicates);
    for (size_t k = 0; st == CSIM_OK && k < args.n_operands; ++k) {
        st = csim_ensemble_add_point(&plan, args.operands[k], NULL, f.set.items, f.set.n);
    }
    if (st == CSIM_OK) {
        st = csim_ensemble_build_tasks(&plan);
    }

run:
    /* Every rank ends here, whatever happened (cli/ensemble_exec.h); --help runs nothing. */
    rc = csim_cli_ensemble_finish(args.help ? NULL : &plan, st, rc, argc, argv, &f.exec);
    csim_ensemble_destroy(&plan);
    csim_opt_args_destroy(&args);
    return rc;
}
