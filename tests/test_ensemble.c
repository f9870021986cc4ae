/* Tests of scenarios/ensemble/plan, task and index: the task list
 * of ensembles and sweeps, running one task and recognising its finished file (the
 * resume check), and the index written from the results. */
#define _POSIX_C_SOURCE 200809L

#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scenarios/ensemble/index.h"
#include "scenarios/ensemble/plan.h"
#include "scenarios/ensemble/task.h"
#include "scenarios/sweep.h"
#include "sim/h5_read.h"
#include "sim/str_copy.h"
#include "tests/support/test_support.h"

TestSuite(ensemble, .init = csim_test_quiet_libraries);

static char *source(char *buf, size_t size, const char *rel) {
    return csim_test_source_path(buf, size, rel);
}

/* Tiny runs: 3 months of a 5% cluster. */
static const char *const tiny[] = {"run.steps=3", "run.scale=0.05"};

Test(ensemble, init_rejects_bad_arguments) {
    csim_ensemble e;
    cr_assert_eq(csim_ensemble_init(&e, "", 2), CSIM_EINVAL);
    cr_assert_eq(csim_ensemble_init(&e, "out", 0), CSIM_EINVAL);
    csim_ensemble_destroy(&e);
    csim_ensemble_destroy(&e);
    cr_assert_eq(csim_ensemble_init(&e, "out///", 1), CSIM_OK);
    cr_assert_str_eq(e.dir, "out");
    cr_assert_eq(csim_ensemble_build_tasks(&e), CSIM_EINVAL, "no points, no tasks");
    csim_ensemble_destroy(&e);
}

Test(ensemble, tasks_are_points_times_replicates_with_common_random_numbers) {
    char a[1024], b[1024];
    csim_ensemble e;
    cr_assert_eq(csim_ensemble_init(&e, "out", 3), CSIM_OK);
    cr_assert_eq(csim_ensemble_add_point(&e, source(a, sizeof a, "scenarios/gumi-baseline.yaml"),
                                         NULL, tiny, 2),
                 CSIM_OK, "%s", csim_last_error());
    cr_assert_eq(
        csim_ensemble_add_point(&e, source(b, sizeof b, "scenarios/no-policy.yaml"), NULL, tiny, 2),
        CSIM_OK, "%s", csim_last_error());
    cr_assert_eq(csim_ensemble_build_tasks(&e), CSIM_OK);
    cr_assert_eq(e.n_tasks, 6);
    cr_assert_str_eq(e.tasks[0].file, "gumi-baseline/r0.h5");
    cr_assert_str_eq(e.tasks[5].file, "no-policy/r2.h5");
    cr_assert_eq(e.tasks[4].point, 1);
    cr_assert_eq(e.tasks[4].replicate, 1);
    for (size_t r = 0; r < 3; ++r) {
        cr_assert_eq(e.tasks[r].stream_key, e.tasks[3 + r].stream_key,
                     "replicate %zu of both scenarios shares its streams", r);
        cr_assert_eq(e.tasks[r].state, CSIM_TASK_PENDING);
    }
    cr_assert_neq(e.tasks[0].stream_key, e.tasks[1].stream_key);
    csim_ensemble_destroy(&e);
}

Test(ensemble, rejects_a_scenario_named_twice_and_bad_overrides) {
    char a[1024];
    csim_ensemble e;
    cr_assert_eq(csim_ensemble_init(&e, "out", 1), CSIM_OK);
    source(a, sizeof a, "scenarios/gumi-baseline.yaml");
    cr_assert_eq(csim_ensemble_add_point(&e, a, NULL, NULL, 0), CSIM_OK);
    cr_assert_eq(csim_ensemble_add_point(&e, a, NULL, NULL, 0), CSIM_EINVAL);
    cr_assert(strstr(csim_last_error(), "already in the ensemble") != NULL, "%s",
              csim_last_error());
    const char *bad[] = {"run.stesp=3"};
    cr_assert_eq(csim_ensemble_add_point(&e, a, "other", bad, 1), CSIM_EPARSE);
    cr_assert_eq(csim_ensemble_add_point(&e, a, "a/b", NULL, 0), CSIM_EINVAL);
    cr_assert_eq(csim_ensemble_add_point(&e, a, "index.h5", NULL, 0), CSIM_EINVAL);
    cr_assert_eq(e.n_points, 1);
    csim_ensemble_destroy(&e);
}

Test(ensemble, sweep_points_carry_their_values_and_the_seed) {
    char path[1024];
    csim_sweep sw;
    csim_ensemble e;
    cr_assert_eq(csim_sweep_load(&sw, source(path, sizeof path, "tests/data/sweeps/sobol4.yaml")),
                 CSIM_OK, "%s", csim_last_error());
    cr_assert_eq(csim_ensemble_init(&e, "out", sw.replicates), CSIM_OK);
    const char *swept[] = {"learning.rate=0.1"};
    cr_assert_eq(csim_ensemble_add_sweep(&e, &sw, swept, 1), CSIM_EPARSE,
                 "a --set of a swept parameter is refused");
    cr_assert_eq(csim_ensemble_add_sweep(&e, &sw, NULL, 0), CSIM_OK, "%s", csim_last_error());
    cr_assert_eq(csim_ensemble_build_tasks(&e), CSIM_OK);
    cr_assert_eq(e.n_points, 8);
    cr_assert_eq(e.n_tasks, 16);
    cr_assert_str_eq(e.points[7].label, "p0007");
    for (size_t p = 0; p < e.n_points; ++p) {
        const csim_params *params = &e.points[p].scenario.params;
        cr_assert_eq(params->run_seed, 4242);
        cr_assert_eq(params->run_steps, 24);
        cr_assert_eq(params->learning_rate, e.values[p * 4 + 0], "point %zu", p);
        cr_assert_eq(params->ties_decay, e.values[p * 4 + 1], "point %zu", p);
        cr_assert_eq((double) params->wg_size, e.values[p * 4 + 2], "point %zu", p);
        cr_assert(strstr(e.points[p].scenario.overrides, "learning.rate=") != NULL);
    }
    cr_assert_eq(e.design.n_points, 8);
    csim_ensemble_destroy(&e);
    csim_sweep_destroy(&sw);
}

/* A one-point, one-replicate plan of tiny runs writing into `dir`. */
static void tiny_plan(csim_ensemble *e, const char *dir, const char *steps) {
    char a[1024];
    const char *ovr[] = {steps, "run.scale=0.05"};
    cr_assert_eq(csim_ensemble_init(e, dir, 1), CSIM_OK);
    cr_assert_eq(csim_ensemble_add_point(e, source(a, sizeof a, "scenarios/gumi-baseline.yaml"),
                                         NULL, ovr, 2),
                 CSIM_OK, "%s", csim_last_error());
    cr_assert_eq(csim_ensemble_build_tasks(e), CSIM_OK);
}

Test(ensemble, a_finished_task_is_recognised_and_a_foreign_file_is_not) {
    char dir[1024], sub[1200], file[1300], why[1024];
    csim_ensemble e, other;
    bool complete = true;
    double wall = 0.0;

    csim_test_scratch_dir(dir, sizeof dir, "ensemble-task");
    tiny_plan(&e, dir, "run.steps=3");
    snprintf(sub, sizeof sub, "%s/gumi-baseline", dir);
    cr_assert_eq(mkdir(sub, 0777), 0);
    cr_assert_eq(csim_task_check(&e, 0, &complete, why, sizeof why, &wall), CSIM_OK);
    cr_assert(!complete);
    cr_assert_str_eq(why, "", "no file, no note");

    cr_assert_eq(csim_task_run(&e, 0, 1, 1, &wall), CSIM_OK, "%s", csim_last_error());
    cr_assert(wall > 0.0);
    cr_assert_eq(csim_task_check(&e, 0, &complete, why, sizeof why, &wall), CSIM_OK);
    cr_assert(complete, "%s", why);

    /* The same file seen by a plan with other parameters must be redone. */
    tiny_plan(&other, dir, "run.steps=4");
    cr_assert_eq(csim_task_check(&other, 0, &complete, why, sizeof why, &wall), CSIM_OK);
    cr_assert(!complete);
    cr_assert(strstr(why, "run.steps: 3") != NULL, "%s", why);
    csim_ensemble_destroy(&other);

    /* A damaged file (as a disk might leave it) is redone, not trusted. */
    snprintf(file, sizeof file, "%s/gumi-baseline/r0.h5", dir);
    cr_assert_eq(truncate(file, 100), 0);
    cr_assert_eq(csim_task_check(&e, 0, &complete, why, sizeof why, &wall), CSIM_OK);
    cr_assert(!complete);
    cr_assert(strstr(why, "unreadable") != NULL, "%s", why);
    csim_ensemble_destroy(&e);
}

Test(ensemble, index_links_finished_tasks_and_tabulates_all) {
    char dir[1024], sub[1200], path[1300];
    char a[1024];
    csim_ensemble e;
    csim_h5_reader r = {0};
    double wall = 0.0;

    csim_test_scratch_dir(dir, sizeof dir, "ensemble-index");
    cr_assert_eq(csim_ensemble_init(&e, dir, 2), CSIM_OK);
    cr_assert_eq(csim_ensemble_add_point(&e, source(a, sizeof a, "scenarios/gumi-baseline.yaml"),
                                         NULL, tiny, 2),
                 CSIM_OK);
    cr_assert_eq(csim_ensemble_build_tasks(&e), CSIM_OK);
    snprintf(sub, sizeof sub, "%s/gumi-baseline", dir);
    cr_assert_eq(mkdir(sub, 0777), 0);
    cr_assert_eq(csim_task_run(&e, 0, 1, 1, &wall), CSIM_OK, "%s", csim_last_error());
    cr_assert_eq(csim_ensemble_set_result(&e, 0, CSIM_TASK_OK, false, wall, NULL), CSIM_OK);
    cr_assert_eq(csim_ensemble_set_result(&e, 1, CSIM_TASK_FAILED, false, 0.5, "boom, \"quoted\""),
                 CSIM_OK);
    const csim_index_info info = {
        "ensemble", "clustersim ensemble ...", "2024-01-01T00:00:00Z", 2, 1, 1};
    cr_assert_eq(csim_ensemble_index_write(&e, &info), CSIM_OK, "%s", csim_last_error());
    cr_assert_eq(csim_ensemble_write_csv(&e), CSIM_OK, "%s", csim_last_error());

    snprintf(path, sizeof path, "%s/index.h5", dir);
    cr_assert_eq(csim_h5_reader_open(&r, path), CSIM_OK, "%s", csim_last_error());
    bool exists = false;
    cr_assert_eq(csim_h5_read_exists(&r, "/tasks/gumi-baseline/r0", &exists), CSIM_OK);
    cr_assert(exists, "a link to the finished task");
    cr_assert_eq(csim_h5_read_exists(&r, "/tasks/gumi-baseline/r1", &exists), CSIM_OK);
    cr_assert(!exists, "no link to the failed task");
    char **status = NULL, **error = NULL, **cols = NULL;
    size_t n = 0, n_err = 0, n_cols = 0;
    cr_assert_eq(csim_h5_read_strings(&r, "/task_table/status", &status, &n), CSIM_OK);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(status[0], "ok");
    cr_assert_str_eq(status[1], "failed");
    cr_assert_eq(csim_h5_read_strings(&r, "/task_table/error", &error, &n_err), CSIM_OK);
    cr_assert_str_eq(error[1], "boom, \"quoted\"");
    cr_assert_eq(csim_h5_read_attr_strings(&r, "/task_table", "columns", &cols, &n_cols), CSIM_OK);
    cr_assert_str_eq(cols[0], "task");
    csim_h5_array replicate = {0};
    cr_assert_eq(csim_h5_read_array(&r, "/task_table/replicate", CSIM_H5_INT64, &replicate),
                 CSIM_OK);
    cr_assert_eq(((int64_t *) replicate.data)[1], 1);
    csim_h5_array_destroy(&replicate);
    csim_str_list_free(status, n);
    csim_str_list_free(error, n_err);
    csim_str_list_free(cols, n_cols);
    csim_h5_reader_close(&r);

    /* The CSV quotes the error that holds a comma and quotes (RFC 4180). */
    snprintf(path, sizeof path, "%s/tasks.csv", dir);
    FILE *f = fopen(path, "r");
    cr_assert(f != NULL);
    char line[4096];
    int lines = 0;
    bool quoted = false;
    while (fgets(line, sizeof line, f)) {
        lines++;
        quoted = quoted || strstr(line, "\"boom, \"\"quoted\"\"\"") != NULL;
    }
    fclose(f);
    cr_assert_eq(lines, 3, "header and two tasks");
    cr_assert(quoted);
    csim_ensemble_destroy(&e);
}
