/* Tests of the ensemble library as a library (scenarios/ensemble/): the task farm hands
 * out every pending task exactly once and in a fixed order, the local backend runs N
 * tasks in forked workers and gathers their results into the plan, the index written
 * from those results reads back through the analysis reader, and the one run-a-task
 * function writes the same file for a task as for `run`. */
#define _POSIX_C_SOURCE 200809L

#include <criterion/criterion.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analysis/readers/ensemble_read.h"
#include "analysis/readers/trajectory_compare.h"
#include "model/sim.h"
#include "scenarios/ensemble/backend.h"
#include "scenarios/ensemble/farm.h"
#include "scenarios/ensemble/index.h"
#include "scenarios/ensemble/plan.h"
#include "scenarios/ensemble/run_task.h"
#include "scenarios/ensemble/task.h"
#include "sim/format/format_read.h"
#include "tests/support/test_support.h"

TestSuite(ensemble_lib, .init = csim_test_quiet_libraries);

#define OK(call) cr_assert_eq((call), CSIM_OK, "%s", csim_last_error())

/* Tiny runs: 3 months of a 5% cluster. */
static const char *const tiny[] = {"run.steps=3", "run.scale=0.05"};

/* A plan of two scenarios x `replicates` in DIR (made), its tasks built. */
static void two_scenario_plan(csim_ensemble *e, const char *name, uint64_t replicates,
                              char *dir, size_t dir_size) {
    char a[1024], b[1024];
    csim_test_scratch_dir(dir, dir_size, name);
    cr_assert(dir[0] != '\0', "scratch folder for %s", name);
    OK(csim_ensemble_init(e, dir, replicates));
    OK(csim_ensemble_add_point(e, csim_test_source_path(a, sizeof a, "scenarios/hub-exit.yaml"),
                               NULL, tiny, 2));
    OK(csim_ensemble_add_point(e, csim_test_source_path(b, sizeof b, "scenarios/no-policy.yaml"),
                               NULL, tiny, 2));
    OK(csim_ensemble_build_tasks(e));
    for (size_t p = 0; p < e->n_points; ++p) {
        char sub[1300];
        snprintf(sub, sizeof sub, "%s/%s", dir, e->points[p].label);
        cr_assert(mkdir(sub, 0777) == 0 || errno == EEXIST, "folder %s", sub);
    }
}

Test(ensemble_lib, farm_hands_out_every_pending_task_once_in_plan_order) {
    char dir[1024];
    csim_ensemble e;
    csim_farm farm;
    two_scenario_plan(&e, "ens-lib-farm", 3, dir, sizeof dir);
    /* Task 1 is complete from an earlier invocation: it is not handed out again. */
    OK(csim_ensemble_set_result(&e, 1, CSIM_TASK_OK, true, 0.25, NULL));
    OK(csim_farm_init(&farm, &e, "ensemble", false, NULL));
    cr_assert_eq(farm.reused, 1);
    cr_assert_eq(csim_farm_remaining(&farm), e.n_tasks - 1);

    size_t handed[16], n = 0, t = 0;
    while (csim_farm_next(&farm, &t)) {
        cr_assert_lt(n, sizeof handed / sizeof handed[0]);
        handed[n++] = t;
    }
    cr_assert_eq(n, e.n_tasks - 1, "every pending task, once");
    cr_assert_eq(farm.running, n);
    static const size_t expected[] = {0, 2, 3, 4, 5};
    for (size_t k = 0; k < n; ++k) {
        cr_assert_eq(handed[k], expected[k], "hand-out %zu is task %zu, not %zu", k, handed[k],
                     expected[k]);
    }
    cr_assert(!csim_farm_next(&farm, &t), "nothing after the last");

    /* Results are recorded in the plan, whichever order they come back in. */
    for (size_t k = n; k-- > 0;) {
        csim_farm_done(&farm, handed[k], k == 2 ? CSIM_EIO : CSIM_OK, 1.0,
                       k == 2 ? "disk full" : NULL, false, NULL);
    }
    cr_assert_eq(farm.running, 0);
    cr_assert_eq(farm.done_ok, n - 1);
    cr_assert_eq(farm.done_failed, 1);
    cr_assert_eq(e.tasks[3].state, CSIM_TASK_FAILED);
    cr_assert_str_eq(e.tasks[3].error, "disk full");
    cr_assert_eq(e.tasks[1].state, CSIM_TASK_OK);
    cr_assert(e.tasks[1].reused);
    csim_farm_destroy(&farm);
    csim_ensemble_destroy(&e);
}

Test(ensemble_lib, local_backend_runs_every_task_and_gathers_results_then_index_round_trips) {
    char dir[1024];
    csim_ensemble e;
    csim_farm farm;
    csim_ensemble_index ix = {0};
    two_scenario_plan(&e, "ens-lib-local", 2, dir, sizeof dir);
    OK(csim_farm_init(&farm, &e, "ensemble", false, NULL));
    const csim_par_request req = {.jobs = 2, .threads = 2};
    OK(csim_par_run(&farm, &req, 0));
    cr_assert_eq(farm.done_ok, e.n_tasks, "%zu of %zu ran well", farm.done_ok, e.n_tasks);
    cr_assert_eq(farm.done_failed, 0);
    cr_assert_eq(farm.jobs, 2);
    cr_assert_eq(farm.threads_per_task, 1);
    for (size_t t = 0; t < e.n_tasks; ++t) {
        bool complete = false;
        double wall = 0.0;
        char why[512];
        cr_assert_eq(e.tasks[t].state, CSIM_TASK_OK, "task %zu", t);
        OK(csim_task_check(&e, t, &complete, why, sizeof why, &wall));
        cr_assert(complete, "task %zu's file is complete: %s", t, why);
    }

    const csim_index_info info = {"ensemble", "test", "2026-01-01T00:00:00Z",
                                  farm.jobs,  farm.threads_per_task, farm.ranks};
    OK(csim_ensemble_index_write(&e, &info));
    OK(csim_ensemble_index_read(&ix, dir));
    cr_assert_str_eq(ix.kind, "ensemble");
    cr_assert_eq(ix.n_tasks, e.n_tasks);
    cr_assert_eq(ix.n_labels, e.n_points);
    for (size_t t = 0; t < e.n_tasks; ++t) {
        char key[32];
        snprintf(key, sizeof key, "0x%016llx", (unsigned long long) e.tasks[t].stream_key);
        cr_assert_eq(ix.tasks[t].point, e.tasks[t].point);
        cr_assert_eq(ix.tasks[t].replicate, (int64_t) e.tasks[t].replicate);
        cr_assert_str_eq(ix.tasks[t].stream_key, key);
        cr_assert(ix.tasks[t].ok);
        cr_assert(ix.tasks[t].has_digest);
        cr_assert_eq(ix.tasks[t].params_digest, e.points[e.tasks[t].point].params_digest);
        cr_assert_str_eq(ix.labels[e.tasks[t].point], e.points[e.tasks[t].point].label);
    }
    csim_ensemble_index_destroy(&ix);
    csim_farm_destroy(&farm);
    csim_ensemble_destroy(&e);
}

/* `run SCENARIO --replicate 1 -o FILE` and the ensemble's task for (SCENARIO, 1) go through
 * the same function and give the same data. */
Test(ensemble_lib, run_task_writes_the_same_file_as_an_ensemble_task) {
    char dir[1024], path[1300], task_path[1300];
    csim_ensemble e;
    csim_sim *sim = NULL;
    csim_trajectory_compare cmp = {0};
    double wall = 0.0;
    two_scenario_plan(&e, "ens-lib-run", 2, dir, sizeof dir);
    OK(csim_task_run(&e, 1, 1, 1, &wall));
    cr_assert_str_eq(e.tasks[1].file, "hub-exit/r1.h5");

    snprintf(path, sizeof path, "%s/run.h5", dir);
    const csim_run_request req = {.scenario = &e.points[0].scenario,
                                  .replicate = 1,
                                  .output = path,
                                  .force = true,
                                  .threads = 1,
                                  .ranks = 1,
                                  .rerun_of = "hub-exit/r1.h5"};
    OK(csim_run_task(&req, &sim));
    cr_assert_not_null(sim, "the finished model is handed over");
    cr_assert_eq(csim_sim_steps_done(sim), 3);
    csim_sim_free(&sim);

    snprintf(task_path, sizeof task_path, "%s/hub-exit/r1.h5", dir);
    static const char *const groups[] = {CSIM_FMT_OBSERVABLES, CSIM_FMT_EVENTS,
                                         CSIM_FMT_PARTICLES, CSIM_FMT_CONNECTIVITY};
    csim_h5_reader a = {0}, b = {0};
    OK(csim_h5_reader_open(&a, task_path));
    OK(csim_h5_reader_open(&b, path));
    for (size_t g = 0; g < sizeof groups / sizeof groups[0] && !cmp.difference; ++g) {
        OK(csim_trajectory_compare_group(&cmp, &a, &b, groups[g]));
    }
    cr_assert_null(cmp.difference, "%s", cmp.difference ? cmp.difference : "");
    cr_assert_gt(cmp.values, 0);
    char *mark = NULL;
    OK(csim_h5_read_attr_string(&b, CSIM_FMT_PARAMETERS, CSIM_FMT_ATTR_RERUN_OF, &mark));
    cr_assert_str_eq(mark, "hub-exit/r1.h5");
    free(mark);
    csim_h5_reader_close(&a);
    csim_h5_reader_close(&b);
    csim_trajectory_compare_destroy(&cmp);
    csim_ensemble_destroy(&e);
}

Test(ensemble_lib, run_task_without_output_and_bad_requests) {
    char a[1024];
    csim_scenario sc = {0};
    csim_sim *sim = NULL;
    OK(csim_scenario_load(&sc, csim_test_source_path(a, sizeof a, "scenarios/no-policy.yaml"),
                          tiny, 2));
    const csim_run_request req = {.scenario = &sc, .replicate = 0, .threads = 1, .ranks = 1};
    OK(csim_run_task(&req, &sim));
    cr_assert_eq(csim_sim_steps_done(sim), 3, "ran without a file");
    csim_sim_free(&sim);
    cr_assert_eq(csim_run_task(NULL, &sim), CSIM_EINVAL);
    cr_assert_null(sim);
    const csim_run_request none = {0};
    cr_assert_eq(csim_run_task(&none, NULL), CSIM_EINVAL);
    csim_scenario_destroy(&sc);
}
