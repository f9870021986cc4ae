/* Running one task of an ensemble and checking the file it left (scenarios/ensemble/task.h). */
#define _POSIX_C_SOURCE 200809L

#include "scenarios/ensemble/task.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <omp.h>

#include "scenarios/ensemble/run_task.h"
#include "sim/format/format_read.h"
#include "sim/schema.h"

csim_status csim_task_run(const csim_ensemble *e, size_t t, int threads, int ranks,
                          double *wall_s) {
    char path[4096];
    const double t0 = omp_get_wtime();

    *wall_s = 0.0;
    if (!e->tasks || t >= e->n_tasks) {
        return CSIM_FAIL(CSIM_EINVAL, "task %zu of %zu", t, e->n_tasks);
    }
    const csim_task *task = &e->tasks[t];
    const csim_scenario *sc = &e->points[task->point].scenario;
    if (csim_ensemble_path(e, task->file, path, sizeof path) >= (int) sizeof path) {
        return CSIM_FAIL(CSIM_EINVAL, "path of %s is too long", task->file);
    }
    /* The same run as `clustersim run SCENARIO --replicate k -o FILE`. force: an existing
     * file under this name was found incomplete or foreign. */
    const csim_run_request req = {.scenario = sc,
                                  .replicate = task->replicate,
                                  .output = path,
                                  .force = true,
                                  .allow_large = false,
                                  .threads = threads,
                                  .ranks = ranks};
    const csim_status st = csim_run_task(&req, NULL);
    *wall_s = omp_get_wtime() - t0;
    return st;
}

csim_status csim_task_check(const csim_ensemble *e, size_t t, bool *complete, char *why,
                            size_t why_size, double *wall_s) {
    csim_status st = CSIM_OK;
    csim_h5_reader r = {0};
    csim_h5_array rep = {0}, secs = {0};
    char *want = NULL, *have = NULL;
    char path[4096];
    struct stat sb;

    *complete = false;
    *wall_s = 0.0;
    why[0] = '\0';
    const csim_task *task = &e->tasks[t];
    csim_ensemble_path(e, task->file, path, sizeof path);
    if (stat(path, &sb) != 0 && errno == ENOENT) {
        return CSIM_OK;
    }
    /* Anything that goes wrong while reading means "redo"; the reason is only a note. */
    if (csim_h5_reader_open(&r, path) != CSIM_OK) {
        snprintf(why, why_size, "unreadable (%s)", csim_last_error());
        goto cleanup;
    }
    if (csim_h5_read_text(&r, CSIM_FMT_PARAMETERS "/resolved_yaml", &have) != CSIM_OK) {
        snprintf(why, why_size, "no resolved parameters (%s)", csim_last_error());
        goto cleanup;
    }
    CSIM_TRY(csim_params_resolved_text(&e->points[task->point].scenario.params, &want));
    if (strcmp(have, want) != 0) {
        /* Name the first parameter that differs: the user may have edited the scenario. */
        const char *a = have, *b = want;
        while (*a && *a == *b) {
            ++a;
            ++b;
        }
        while (a > have && a[-1] != '\n') {
            --a;
        }
        const char *end = strchr(a, '\n');
        snprintf(why, why_size, "its parameters differ from this task's (file has '%.*s')",
                 end ? (int) (end - a) : 60, a);
        goto cleanup;
    }
    if (csim_h5_read_attr_num(&r, CSIM_FMT_PARAMETERS, CSIM_FMT_ATTR_REPLICATE, CSIM_H5_INT64,
                              &rep) != CSIM_OK ||
        rep.n != 1 || ((const int64_t *) rep.data)[0] != (int64_t) task->replicate) {
        snprintf(why, why_size, "it holds another replicate");
        goto cleanup;
    }
    if (csim_h5_read_attr_num(&r, CSIM_FMT_PARAMETERS, CSIM_FMT_ATTR_WALL_SECONDS,
                              CSIM_H5_DOUBLE, &secs) == CSIM_OK &&
        secs.n == 1) {
        *wall_s = ((const double *) secs.data)[0];
    }
    *complete = true;

cleanup:
    csim_h5_array_destroy(&secs);
    csim_h5_array_destroy(&rep);
    csim_h5_reader_close(&r);
    free(have);
    free(want);
    return st;
}
