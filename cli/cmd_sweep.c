/* `clustersim sweep FILE -o DIR`: the points of an experimental design over parameters
 * of a base scenario, times replicates, run and indexed like an ensemble. */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "cli/ensemble_exec.h"
#include "cli/parallel.h"
#include "scenarios/ensemble.h"
#include "scenarios/sweep.h"

static void usage(FILE *out) {
    fputs("usage: clustersim sweep FILE -o DIR [--threads N] [--jobs J] [--set key=value]...\n"
          "                        [--force] [--quiet] [--dry-run]\n"
          "\n"
          "Run the sweep described by FILE (YAML): a base scenario, parameters with ranges\n"
          "({min: A, max: B}) or lists ([a, b, c]), a design (grid, latin-hypercube, sobol,\n"
          "saltelli, morris), points (not for grid), replicates and seed. Each point of the design is\n"
          "the base scenario with --set overrides of the swept parameters; every point x\n"
          "replicate is a task, run and indexed like `clustersim ensemble`: DIR/p<point>/r<k>.h5,\n"
          "DIR/index.h5 (its task table gains the point's parameter values as columns; the\n"
          "design is in /ensemble) and DIR/tasks.csv. The whole file is checked before\n"
          "anything runs; errors name FILE:LINE:COLUMN.\n"
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
          "    policy.fee_year: [2008, 2010, 2012]\n"
          "\n"
          "  -o, --output DIR    output folder (required; created if missing)\n"
          "  --threads N         threads in all (default: OMP_NUM_THREADS, else all cores)\n"
          "  --jobs J            tasks run at once, each with N/J OpenMP threads\n"
          "  --set key=value     override a parameter of every point (not a swept one);\n"
          "                      --set run.seed=N overrides the file's seed\n"
          "  --force             redo tasks whose files are complete\n"
          "  --quiet             no progress line\n"
          "  --dry-run           check FILE and print the points; run nothing\n"
          "  -h, --help          show this help\n"
          "\n"
          "Resumable like `clustersim ensemble`; clustersim-mpi farms the tasks to MPI ranks.\n"
          "Exit codes: 0 every task succeeded, 1 a task failed or was not run, 2 bad input.\n",
          out);
}

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
    const char **overrides = calloc((size_t) argc + 1, sizeof *overrides);
    size_t n_overrides = 0;
    const char *file = NULL, *dir = NULL;
    bool help = false, dry_run = false, have_plan = false;
    char *command_line = NULL;
    char plan_error[2048] = "";
    int rc = CSIM_EXIT_OK;
    csim_status st = CSIM_OK;
    csim_sweep sweep = {0};
    csim_ensemble plan = {0};
    csim_exec_options opt = {cmd, NULL, {0, 0}, false, false};

    if (!overrides) {
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
        } else if (strcmp(arg, "--dry-run") == 0) {
            dry_run = true;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            rc = csim_cli_usage_error(cmd, "unknown option '%s'", arg);
            goto run;
        } else if (!file) {
            file = arg;
        } else {
            rc = csim_cli_usage_error(cmd, "one sweep file at a time (got '%s' and '%s')", file,
                                      arg);
            goto run;
        }
    }
    if (help) {
        if (csim_par_rank() == 0) {
            usage(stdout);
        }
        goto run;
    }
    if (!file) {
        rc = csim_cli_usage_error(cmd, "missing FILE");
        goto run;
    }
    if (!dir && !dry_run) {
        rc = csim_cli_usage_error(cmd, "missing -o DIR");
        goto run;
    }
    st = csim_sweep_load(&sweep, file);
    if (st == CSIM_OK) {
        st = csim_ensemble_init(&plan, dir ? dir : ".", sweep.replicates);
    }
    if (st == CSIM_OK) {
        st = csim_ensemble_add_sweep(&plan, &sweep, overrides, n_overrides);
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
    if (dry_run) {
        if (csim_par_rank() == 0) {
            print_points(&plan, &sweep);
        }
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
    csim_sweep_destroy(&sweep);
    free(command_line);
    free(overrides);
    return rc;
}
