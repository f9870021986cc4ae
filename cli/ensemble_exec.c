/* Running a planned ensemble or sweep (cli/ensemble_exec.h). */
#define _POSIX_C_SOURCE 200809L

#include "cli/ensemble_exec.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "scenarios/ensemble/farm.h"
#include "scenarios/ensemble/index.h"
#include "scenarios/ensemble/task.h"
#include "sim/digest.h"
#include "sim/tmp_file.h"
#include "sim/wall_clock.h"

char *csim_cli_join_args(const char *program, int argc, char **argv) {
    size_t len = strlen(program) + 1;
    for (int a = 0; a < argc; ++a) {
        len += strlen(argv[a]) + 1;
    }
    char *s = malloc(len);
    if (!s) {
        return NULL;
    }
    strcpy(s, program);
    for (int a = 0; a < argc; ++a) {
        strcat(s, " ");
        strcat(s, argv[a]);
    }
    return s;
}

uint64_t csim_cli_plan_fingerprint(const csim_ensemble *plan) {
    uint64_t h = CSIM_DIGEST_START;
    h = csim_digest_update(h, &plan->n_tasks, sizeof plan->n_tasks);
    h = csim_digest_update(h, &plan->replicates, sizeof plan->replicates);
    h = csim_digest_update_text(h, plan->dir);
    for (size_t p = 0; p < plan->n_points; ++p) {
        h = csim_digest_update_text(h, plan->points[p].label);
        h = csim_digest_update_text(h, plan->points[p].scenario.text);
        h = csim_digest_update_text(h, plan->points[p].scenario.overrides);
    }
    return h;
}

/* Take DIR/.lock. The lock belongs to the open file, which forked workers share: while
 * any worker of a killed ensemble is still finishing its task, the folder stays locked,
 * and no second ensemble can start deleting or redoing what that worker writes. */
static csim_status lock_dir(const csim_ensemble *plan, int *fd_out) {
    char path[4096];
    csim_ensemble_path(plan, ".lock", path, sizeof path);
    const int fd = open(path, O_RDWR | O_CREAT, 0666);
    if (fd < 0) {
        return CSIM_FAIL(CSIM_EIO, "cannot create '%s': %s", path, strerror(errno));
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int err = errno;
        close(fd);
        if (err == EWOULDBLOCK) {
            return csim_fail_plain(CSIM_EIO,
                                   "'%s' is in use by another ensemble or sweep (or by "
                                   "workers of a killed one that are still finishing): '%s' is "
                                   "locked; wait, or stop those processes",
                                   plan->dir, path);
        }
        return CSIM_FAIL(CSIM_EIO, "cannot lock '%s': %s", path, strerror(err));
    }
    *fd_out = fd;
    return CSIM_OK;
}

/* Create the folders, drop stale temporaries, decide which tasks are complete. */
static csim_status prepare(csim_ensemble *plan, const csim_exec_options *opt) {
    csim_status st = CSIM_OK;
    char path[4096];
    size_t stale = 0, live = 0, removed = 0, kept = 0;

    /* Holding the folder's lock proves that no other ensemble writes here, not that no
     * `run -o DIR/x.h5` does: only temporaries whose writer is gone are removed. */
    csim_tmp_file_remove_stale(plan->dir, &stale, &live);
    for (size_t p = 0; p < plan->n_points; ++p) {
        csim_ensemble_path(plan, plan->points[p].label, path, sizeof path);
        if (mkdir(path, 0777) != 0 && errno != EEXIST) {
            return CSIM_FAIL(CSIM_EIO, "cannot create folder '%s': %s", path, strerror(errno));
        }
        csim_tmp_file_remove_stale(path, &removed, &kept);
        stale += removed;
        live += kept;
    }
    if (stale > 0 && !opt->quiet) {
        fprintf(stderr,
                "clustersim %s: removed %zu unfinished temporary file%s of an earlier, "
                "interrupted invocation\n",
                opt->command, stale, stale == 1 ? "" : "s");
    }
    if (live > 0 && !opt->quiet) {
        fprintf(stderr,
                "clustersim %s: left %zu temporary file%s alone: another running process is "
                "still writing %s\n",
                opt->command, live, live == 1 ? "" : "s", live == 1 ? "it" : "them");
    }
    for (size_t t = 0; t < plan->n_tasks; ++t) {
        bool complete = false;
        double wall = 0.0;
        char why[1024];
        if (opt->force) {
            continue;
        }
        CSIM_TRY(csim_task_check(plan, t, &complete, why, sizeof why, &wall));
        if (complete) {
            CSIM_TRY(csim_ensemble_set_result(plan, t, CSIM_TASK_OK, true, wall, NULL));
        } else if (why[0] != '\0') {
            fprintf(stderr, "clustersim %s: redoing %s: %s\n", opt->command, plan->tasks[t].file,
                    why);
        }
    }

cleanup:
    return st;
}

static int summarise(const csim_ensemble *plan, const csim_farm *farm, const char *command,
                     double seconds) {
    size_t failed = 0, pending = 0;
    for (size_t t = 0; t < plan->n_tasks; ++t) {
        failed += plan->tasks[t].state == CSIM_TASK_FAILED;
        pending += plan->tasks[t].state == CSIM_TASK_PENDING;
    }
    const char *unit = plan->sweep ? "point" : "scenario";
    printf("%s: %zu tasks (%zu %s%s x %llu replicate%s): %zu run, %zu complete from before, "
           "%zu failed, %zu not run (%.1f s)\n",
           command, plan->n_tasks, plan->n_points, unit, plan->n_points == 1 ? "" : "s",
           (unsigned long long) plan->replicates, plan->replicates == 1 ? "" : "s",
           farm->done_ok + farm->done_failed, farm->reused, failed, pending, seconds);
    printf("index: %s/index.h5 (table also in %s/tasks.csv)\n", plan->dir, plan->dir);
    if (pending > 0) {
        fprintf(stderr,
                "clustersim %s: %zu task%s not run%s; run the same command again to "
                "finish\n",
                command, pending, pending == 1 ? "" : "s",
                csim_farm_interrupted() ? " (interrupted)" : "");
    }
    return failed + pending == 0 ? CSIM_EXIT_OK : CSIM_EXIT_FAILURE;
}

int csim_cli_ensemble_execute(csim_ensemble *plan, int plan_rc, const char *plan_error,
                              const csim_exec_options *opt) {
    csim_status st = CSIM_OK;
    csim_farm farm = {0};
    int lock_fd = -1, rc = CSIM_EXIT_OK;
    char started[CSIM_WALL_CLOCK_ISO_SIZE], path[4096];

    const bool runnable = plan && plan_rc == CSIM_EXIT_OK;
    if (csim_par_rank() != 0) {
        return csim_par_serve(runnable ? plan : NULL, plan_error, plan_rc, &opt->req,
                              runnable ? csim_cli_plan_fingerprint(plan) : 0);
    }
    if (!runnable) {
        csim_par_release();
        return plan_rc;
    }
    const double t0 = csim_farm_now();
    csim_wall_clock_iso(started, sizeof started);
    csim_ensemble_path(plan, "x", path, sizeof path);
    CSIM_TRY(csim_cli_make_parent_dirs(path));
    CSIM_TRY(lock_dir(plan, &lock_fd));
    CSIM_TRY(prepare(plan, opt));
    csim_ensemble_path(plan, "ensemble.log", path, sizeof path);
    CSIM_TRY(csim_farm_init(&farm, plan, opt->command, csim_cli_progress_wanted(opt->quiet), path));
    csim_farm_catch_signals();
    CSIM_TRY(csim_par_run(&farm, &opt->req, csim_cli_plan_fingerprint(plan)));
    csim_farm_end_progress(&farm);
    if (farm.log) {
        char when[CSIM_WALL_CLOCK_ISO_SIZE];
        csim_wall_clock_iso(when, sizeof when);
        fprintf(farm.log, "# %s %s: %zu run, %zu failed%s\n", when, opt->command,
                farm.done_ok + farm.done_failed, farm.done_failed,
                csim_farm_interrupted() ? ", interrupted" : "");
    }
    const csim_index_info info = {opt->command, opt->command_line,     started,
                                  farm.jobs,    farm.threads_per_task, farm.ranks};
    CSIM_TRY(csim_ensemble_index_write(plan, &info));
    CSIM_TRY(csim_ensemble_write_csv(plan));
    rc = summarise(plan, &farm, opt->command, csim_farm_now() - t0);

cleanup:
    if (st != CSIM_OK) {
        csim_farm_end_progress(&farm);
        /* The workers may still wait for their first task (MPI). */
        if (farm.plan == NULL) {
            csim_par_release();
        }
        csim_cli_report(opt->command, st);
        rc = CSIM_EXIT_FAILURE;
    }
    csim_farm_destroy(&farm);
    if (lock_fd >= 0) {
        close(lock_fd);
    }
    /* Stopped by a signal: the index is written and the folder unlocked; now die of the
     * signal, as a program that did not catch it would (exit 130, 143, 129 in a shell),
     * so that scripts and batch systems see an interruption, not a failure. Not under MPI
     * with several ranks, whose launcher must see every rank finalize. */
    const int sig = csim_farm_signal();
    if (sig != 0 && csim_par_size() == 1) {
        fflush(stdout);
        fflush(stderr);
        csim_tmp_file_die_of(sig);
    }
    return rc;
}

int csim_cli_ensemble_opts_read(const csim_opt_spec *spec, int argc, char **argv, void *fields,
                                csim_opt_args *args) {
    const int rc = csim_opts_parse(spec, argc, argv, fields, args);
    if (rc == CSIM_EXIT_OK && args->help && csim_par_rank() == 0) {
        csim_opts_help(spec, stdout);
    }
    return rc;
}

int csim_cli_ensemble_finish(csim_ensemble *plan, csim_status plan_st, int rc, int argc,
                             char **argv, csim_exec_options *opt) {
    char plan_error[2048] = "";
    char *command_line = NULL;
    if (plan_st != CSIM_OK) {
        /* Kept before it is reported: the workers print it too (MPI). */
        snprintf(plan_error, sizeof plan_error, "%s", csim_last_error());
        csim_cli_report(opt->command, plan_st);
        rc = plan_st == CSIM_ENOMEM ? CSIM_EXIT_FAILURE : CSIM_EXIT_USAGE;
    }
    if (rc == CSIM_EXIT_OK && plan) {
        command_line = csim_cli_join_args("clustersim", argc, argv);
        if (!command_line) {
            rc = csim_cli_report(opt->command, CSIM_FAIL(CSIM_ENOMEM, "command line"));
        }
    }
    opt->command_line = command_line;
    rc = csim_cli_ensemble_execute(command_line ? plan : NULL, rc,
                                   plan_error[0] ? plan_error : NULL, opt);
    opt->command_line = NULL;
    free(command_line);
    return rc;
}
