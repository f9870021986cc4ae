/* `clustersim sweep FILE -o DIR`: the points of an experimental design over parameters
 * of a base scenario, times replicates, run and indexed like an ensemble. */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "cli/ensemble_exec.h"
#include "scenarios/ensemble/backend.h"
#include "scenarios/ensemble/plan.h"
#include "scenarios/sweep.h"

/* The options of `sweep`. */
typedef struct sweep_opts {
    csim_exec_options exec;
    const char *dir;
    csim_opt_list set;
    bool dry_run;
} sweep_opts;

static const csim_opt sweep_table[] = {
    {CSIM_OPT_OUTPUT(sweep_opts, dir, "DIR",
                     "output folder (required unless --dry-run; created if missing)")},
    CSIM_CLI_EXEC_OPTS(sweep_opts, exec),
    {CSIM_OPT_SET(sweep_opts, set, "override a parameter of every point (not a swept one); "
                                   "--set run.seed=N overrides the file's seed")},
    {CSIM_OPT_FORCE(sweep_opts, exec.force, "redo tasks whose files are complete")},
    {CSIM_OPT_QUIET(sweep_opts, exec.quiet)},
    {.name = "--dry-run", .kind = CSIM_OPT_FLAG, .field = offsetof(sweep_opts, dry_run),
     .help = "check FILE and print the points; run nothing"},
};

static const csim_opt_spec sweep_spec = {
    .command = "sweep",
    .operand = "FILE",
    .operand_noun = "sweep file",
    .about = "Run the sweep described by FILE (YAML): a base scenario, parameters with ranges\n"
             "({min: A, max: B}) or lists ([a, b, c]), a design (grid, latin-hypercube, sobol,\n"
             "saltelli, morris), points (not for grid), replicates and seed. Each point of the\n"
             "design is the base scenario with --set overrides of the swept parameters; every\n"
             "point x replicate is a task, run and indexed like `clustersim ensemble`:\n"
             "DIR/p<point>/r<k>.h5, DIR/index.h5 (its task table gains the point's parameter\n"
             "values as columns; the design is in /ensemble) and DIR/tasks.csv. The whole file\n"
             "is checked before anything runs; errors name FILE:LINE:COLUMN.\n"
             "\n"
             "Sweep file:\n"
             "  base: ../scenarios/gumi-baseline.yaml   # relative to FILE\n"
             "  design: sobol                           # grid | latin-hypercube | sobol | saltelli\n"
             "                                          # | morris\n"
             "  points: 64                              # saltelli: base sample N, N*(d+2) runs;\n"
             "                                          # morris: trajectories r, r*(d+1) runs\n"
             "  levels: 4                               # morris only: levels per parameter (even)\n"
             "  replicates: 2                           # default 1\n"
             "  seed: 42                                # run.seed of every point; seeds LHS\n"
             "  set: {run.steps: 60}                    # fixed overrides (optional)\n"
             "  parameters:\n"
             "    learning.rate: {min: 0.02, max: 0.2}  # grid designs add steps: S\n"
             "    policy.fee_year: [2008, 2010, 2012]\n",
    .closing = "Resumable like `clustersim ensemble`; clustersim-mpi farms the tasks to MPI ranks.\n"
               "Exit codes: 0 every task succeeded, 1 a task failed or was not run, 2 bad input.\n",
    CSIM_OPT_TABLE(sweep_table),
};

/* The shortest of %.15g..%.17g that reads back to the same double. */
static void print_value(double v) {
    char buf[64];
    for (int digits = 15; digits <= 17; ++digits) {
        snprintf(buf, sizeof buf, "%.*g", digits, v);
        if (strtod(buf, NULL) == v) {
            break;
        }
    }
    printf(",%s", buf);
}

/* --dry-run: the points and their values as CSV on stdout. */
static void print_points(const csim_ensemble *plan, const csim_sweep *sw) {
    printf("point,label");
    for (size_t j = 0; j < sw->n_params; ++j) {
        printf(",%s", sw->params[j].name);
    }
    printf("\n");
    for (size_t p = 0; p < plan->n_points; ++p) {
        printf("%zu,%s", p, plan->points[p].label);
        for (size_t j = 0; j < sw->n_params; ++j) {
            print_value(plan->values[p * sw->n_params + j]);
        }
        printf("\n");
    }
    printf("# %s design: %zu point%s x %llu replicate%s = %zu tasks\n",
           csim_design_kind_name(sw->design), plan->n_points, plan->n_points == 1 ? "" : "s",
           (unsigned long long) plan->replicates, plan->replicates == 1 ? "" : "s", plan->n_tasks);
}

int csim_cmd_sweep(int argc, char **argv) {
    static const char *const cmd = "sweep";
    sweep_opts f = {.exec = {cmd, NULL, {0, 0}, false, false}};
    csim_opt_args args = {0};
    int rc = CSIM_EXIT_OK;
    csim_status st = CSIM_OK;
    csim_sweep sweep = {0};
    csim_ensemble plan = {0};

    if ((rc = csim_cli_ensemble_opts_read(&sweep_spec, argc, argv, &f, &args)) !=
            CSIM_EXIT_OK ||
        args.help) {
        goto run;
    }
    const char *file = args.operands[0], *dir = f.dir;
    if (!dir && !f.dry_run) {
        rc = csim_cli_usage_error(cmd, "missing -o DIR");
        goto run;
    }
    st = csim_sweep_load(&sweep, file);
    if (st == CSIM_OK) {
        st = csim_ensemble_init(&plan, dir ? dir : ".", sweep.replicates);
    }
    if (st == CSIM_OK) {
        st = csim_ensemble_add_sweep(&plan, &sweep, f.set.items, f.set.n);
    }
    if (st == CSIM_OK) {
        st = csim_ensemble_build_tasks(&plan);
    }
    if (st == CSIM_OK && f.dry_run && csim_par_rank() == 0) {
        print_points(&plan, &sweep);
    }

run:
    /* Every rank ends here, whatever happened (cli/ensemble_exec.h); --help and a dry run
     * run nothing. */
    rc = csim_cli_ensemble_finish(args.help || f.dry_run ? NULL : &plan, st, rc, argc, argv, &f.exec);
    csim_ensemble_destroy(&plan);
    csim_sweep_destroy(&sweep);
    csim_opt_args_destroy(&args);
    return rc;
}
