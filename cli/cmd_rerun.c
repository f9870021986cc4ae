/* `clustersim rerun FILE`: run again exactly what a trajectory file records (its resolved
 * parameters and replicate), write a new trajectory, and prove that its data are bit for
 * bit those of the original. */
/* POSIX stat() for comparing the input and output files; before every include. */
#define _POSIX_C_SOURCE 200809L

#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <omp.h>

#include "analysis/readers/trajectory_compare.h"
#include "cli/omp_defaults.h"
#include "cli/options.h"
#include "cli/trajectory_input.h"
#include "cli/simulate.h"
#include "model/sim.h"
#include "scenarios/recorded.h"
#include "sim/format/format_read.h"
#include "sim/rng.h"
#include "sim/version_gen.h"

/* The groups whose data a re-run must reproduce; /parameters and /h5md hold provenance
 * (wall times, thread count, rerun_of) that legitimately differs. */
/* The last, /programme (since 6 Dec 2026), is compared where the original has it. */
static const char *const reproduced_groups[] = {CSIM_FMT_OBSERVABLES, CSIM_FMT_EVENTS,
                                                CSIM_FMT_PARTICLES, CSIM_FMT_CONNECTIVITY,
                                                CSIM_FMT_PROGRAMME};
#define N_REPRODUCED (sizeof reproduced_groups / sizeof reproduced_groups[0])

/* The options of `rerun`. */
typedef struct rerun_opts {
    const char *output;
    unsigned long long threads;
    bool force, quiet;
} rerun_opts;

static const csim_opt rerun_table[] = {
    {CSIM_OPT_OUTPUT(rerun_opts, output, "NEW", "trajectory file to write"),
     .def = "FILE with '.h5' replaced by '.rerun.h5'"},
    {CSIM_OPT_FORCE(rerun_opts, force, "replace NEW if it exists")},
    {CSIM_OPT_THREADS(rerun_opts, threads, "OpenMP threads (results are identical for any N)",
                      NULL)},
    {CSIM_OPT_QUIET(rerun_opts, quiet)},
};

static const csim_opt_spec rerun_spec = {
    .command = "rerun",
    CSIM_OPERAND_FILE("FILE (a trajectory written by 'clustersim run')"),
    .about = "Run again exactly what the trajectory FILE records -- every resolved parameter\n"
             "(the seed is run.seed) and the replicate -- and write the new trajectory to NEW.\n"
             "NEW records the original's scenario text and overrides, and the attribute\n"
             "/parameters/rerun_of = FILE. Then the data under /observables, /events,\n"
             "/particles, /connectivity and /programme (where FILE has it) of both files are\n"
             "compared bit for bit, and the result is printed.\n",
    .closing = "Exit codes: 0 reproduced bit for bit; 1 runtime failure (I/O, memory) or data that\n"
               "differ from FILE (NEW is kept for inspection); 2 bad arguments, or FILE missing,\n"
               "damaged or not a clustersim trajectory.\n",
    CSIM_OPT_TABLE(rerun_table),
};

/* FILE with a trailing ".h5" replaced by ".rerun.h5" (or ".rerun.h5" appended). */
static char *default_output(const char *input) {
    const size_t len = strlen(input);
    const size_t stem = len > 3 && strcmp(input + len - 3, ".h5") == 0 ? len - 3 : len;
    char *out = malloc(stem + sizeof ".rerun.h5");
    if (out) {
        memcpy(out, input, stem);
        strcpy(out + stem, ".rerun.h5");
    }
    return out;
}

/* Whether two paths name the same existing file (so that a re-run never replaces the
 * file it is being compared with). */
static bool same_file(const char *a, const char *b) {
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

/* Compare the reproduced groups of the two files; *identical tells the verdict, and
 * *programme whether /programme was among them. */
static csim_status verify(const char *original, const char *rerun, csim_trajectory_compare *cmp,
                          bool *programme) {
    csim_status st = CSIM_OK;
    csim_h5_reader a = {0}, b = {0};

    CSIM_TRY(csim_h5_reader_open(&a, original));
    CSIM_TRY(csim_h5_reader_open(&b, rerun));
    for (size_t g = 0; g < N_REPRODUCED && !cmp->difference; ++g) {
        bool has = true;
        if (strcmp(reproduced_groups[g], CSIM_FMT_PROGRAMME) == 0) {
            CSIM_TRY(csim_h5_read_exists(&a, reproduced_groups[g], &has));
        }
        if (!has) {
            continue; /* written before the programme bodies were recorded */
        }
        *programme = *programme || strcmp(reproduced_groups[g], CSIM_FMT_PROGRAMME) == 0;
        CSIM_TRY(csim_trajectory_compare_group(cmp, &a, &b, reproduced_groups[g]));
    }

cleanup:
    csim_h5_reader_close(&b);
    csim_h5_reader_close(&a);
    return st;
}

int csim_cmd_rerun(int argc, char **argv) {
    const char *input = NULL, *output = NULL;
    rerun_opts f = {0};
    csim_opt_args args = {0};
    char *made_output = NULL;
    int rc = CSIM_EXIT_OK;
    csim_status st = CSIM_OK;
    csim_h5_reader reader = {0};
    csim_recorded_run run = {0};
    csim_sim *sim = NULL;
    csim_trajectory_compare cmp = {0};
    bool programme = false; /* /programme compared (the original has it) */

    if ((rc = csim_opts_read(&rerun_spec, argc, argv, &f, &args)) != CSIM_EXIT_OK || args.help) {
        goto done;
    }
    input = args.operands[0];
    output = f.output;

    /* Everything needed is read first; the file is closed before the run starts. A file
     * that cannot be read or is not ours is the user's input (exit 2), like a scenario. */
    st = csim_cli_trajectory_open(&reader, input);
    if (st == CSIM_OK) {
        st = csim_recorded_run_read(&run, &reader);
    }
    csim_h5_reader_close(&reader);
    if (st != CSIM_OK) {
        rc = csim_cli_report_input("rerun", input, st);
        goto done;
    }
    if (!output) {
        if (!(made_output = default_output(input))) {
            st = CSIM_FAIL(CSIM_ENOMEM, "output name");
            goto fail;
        }
        output = made_output;
    }
    if (strcmp(output, input) == 0 || same_file(output, input)) {
        rc = csim_cli_usage_error("rerun", "output '%s' is the file being re-run; choose another "
                                           "name with -o", output);
        goto done;
    }
    if (strcmp(run.code_commit, CSIM_GIT_COMMIT) != 0) {
        fprintf(stderr, "clustersim rerun: note: %s was written by commit %s, this is %s; "
                        "identical data are only promised for the same code\n",
                input, run.code_commit[0] ? run.code_commit : "(unknown)", CSIM_GIT_COMMIT);
    }
    if ((st = csim_cli_make_parent_dirs(output)) != CSIM_OK) {
        goto fail;
    }
    csim_cli_set_threads(f.threads, &run.scenario.params);
    const double t0 = omp_get_wtime();
    /* The key the model will derive (csim_sim_seed: the same function of seed and
     * replicate), compared before the run so that the warning comes first. */
    char key[32];
    snprintf(key, sizeof key, "0x%016llx",
             (unsigned long long) csim_rng_replicate_seed((uint64_t) run.scenario.params.run_seed,
                                                          run.replicate));
    if (run.stream_key[0] && strcmp(key, run.stream_key) != 0) {
        fprintf(stderr, "clustersim rerun: warning: %s records stream key %s, this build derives "
                        "%s from the same seed and replicate; the data will differ\n",
                input, run.stream_key, key);
    }
    const csim_run_request req = {.scenario = &run.scenario,
                                  .replicate = run.replicate,
                                  .output = output,
                                  .force = f.force,
                                  .allow_large = false,
                                  .threads = omp_get_max_threads(),
                                  .ranks = 1,
                                  .rerun_of = input};
    if ((st = csim_cli_simulate(&req, run.scenario.name, f.quiet, t0, &sim)) != CSIM_OK) {
        goto fail;
    }
    printf("rerun of %s: scenario %s, replicate %llu, seed %ld, %ld months (%.2f s)\n"
           "trajectory: %s\n",
           input, run.scenario.name, (unsigned long long) run.replicate,
           run.scenario.params.run_seed, csim_sim_steps_done(sim), omp_get_wtime() - t0, output);
    if ((st = verify(input, output, &cmp, &programme)) != CSIM_OK) {
        goto fail;
    }
    if (cmp.difference) {
        fprintf(stderr, "clustersim rerun: NOT reproduced: %s (%s kept for inspection)\n",
                cmp.difference, output);
        rc = CSIM_EXIT_FAILURE;
        goto done;
    }
    printf("reproduced bit for bit: /observables /events /particles /connectivity%s "
           "(%zu datasets, %llu values identical)\n",
           programme ? " /programme" : "", cmp.datasets, (unsigned long long) cmp.values);
    goto done;

fail:
    rc = csim_cli_report("rerun", st);
done:
    csim_trajectory_compare_destroy(&cmp);
    csim_sim_free(&sim);
    csim_recorded_run_destroy(&run);
    csim_h5_reader_close(&reader);
    free(made_output);
    csim_opt_args_destroy(&args);
    return rc;
}
