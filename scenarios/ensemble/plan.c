/* The task list of an ensemble or a sweep (scenarios/ensemble/plan.h). */
#include "scenarios/ensemble/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenarios/ensemble/task.h"
#include "sim/digest.h"
#include "sim/grow.h"
#include "sim/quote.h"
#include "sim/rng.h"
#include "sim/str_copy.h"

csim_status csim_ensemble_init(csim_ensemble *e, const char *dir, uint64_t replicates) {
    memset(e, 0, sizeof *e);
    if (!dir || dir[0] == '\0') {
        return CSIM_FAIL(CSIM_EINVAL, "ensemble output folder is empty");
    }
    if (replicates == 0 || replicates > CSIM_SWEEP_MAX_REPLICATES) {
        return CSIM_FAIL(CSIM_EINVAL, "%llu replicates: expected 1 to %u",
                         (unsigned long long) replicates, CSIM_SWEEP_MAX_REPLICATES);
    }
    /* "out/" and "out" name the same folder; keep one spelling for the paths we print. */
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/') {
        --n;
    }
    e->dir = malloc(n + 1);
    if (!e->dir) {
        return CSIM_FAIL(CSIM_ENOMEM, "ensemble folder name");
    }
    memcpy(e->dir, dir, n);
    e->dir[n] = '\0';
    e->replicates = replicates;
    return CSIM_OK;
}

/* A label becomes a folder and an HDF5 link name: one plain path component, and none of
 * the names the ensemble writes itself. */
static bool label_ok(const char *label) {
    static const char *const reserved[] = {"index.h5", "tasks.csv", "ensemble.log"};
    if (label[0] == '\0' || label[0] == '.' || strchr(label, '/')) {
        return false;
    }
    for (size_t k = 0; k < sizeof reserved / sizeof reserved[0]; ++k) {
        if (strcmp(label, reserved[k]) == 0) {
            return false;
        }
    }
    return true;
}

csim_status csim_ensemble_add_point(csim_ensemble *e, const char *path, const char *label,
                                    const char *const *overrides, size_t n_overrides) {
    csim_status st = CSIM_OK;
    csim_ensemble_point point = {0};

    if (e->tasks) {
        return CSIM_FAIL(CSIM_EINVAL, "points cannot be added after the tasks are made");
    }
    if (csim_grow(&e->points, &e->cap_points, e->n_points + 1, sizeof *e->points) != CSIM_OK) {
        return CSIM_FAIL(CSIM_ENOMEM, "%zu ensemble points", e->n_points + 1);
    }
    CSIM_TRY(csim_scenario_load(&point.scenario, path, overrides, n_overrides));
    const char *name = label ? label : point.scenario.name;
    if (!label_ok(name)) {
        st = csim_fail_plain(CSIM_EINVAL,
                             "%s: '%s' cannot name a folder of the ensemble (it "
                             "must be a plain file name, not starting with '.', and not index.h5, "
                             "tasks.csv or ensemble.log)",
                             path, name);
        goto cleanup;
    }
    for (size_t p = 0; p < e->n_points; ++p) {
        if (strcmp(e->points[p].label, name) == 0) {
            st = csim_fail_plain(CSIM_EINVAL,
                                 "%s: a scenario named '%s' is already in the "
                                 "ensemble (%s); each scenario needs its own name, since it "
                                 "names the folder of its files",
                                 path, name, e->points[p].scenario.path);
            goto cleanup;
        }
    }
    point.label = csim_str_copy(name);
    if (!point.label) {
        st = CSIM_FAIL(CSIM_ENOMEM, "point label");
        goto cleanup;
    }
    char *resolved = NULL;
    CSIM_TRY(csim_params_resolved_text(&point.scenario.params, &resolved));
    point.params_digest = csim_digest_update_text(CSIM_DIGEST_START, resolved);
    free(resolved);
    e->points[e->n_points++] = point;
    return CSIM_OK;

cleanup:
    csim_scenario_destroy(&point.scenario);
    free(point.label);
    return st;
}

csim_status csim_ensemble_add_sweep(csim_ensemble *e, const csim_sweep *sw,
                                    const char *const *extra, size_t n_extra) {
    csim_status st = CSIM_OK;
    const char **ovr = NULL;
    char *texts = NULL;
    csim_scenario base = {0};
    enum { TEXT = 128 };

    if (!sw || sw->n_params == 0 || (n_extra > 0 && !extra)) {
        return CSIM_FAIL(CSIM_EINVAL, "sweep without parameters or overrides");
    }
    /* The name as the loader reads it (" wg.size =3" is wg.size), so that no spelling of a
     * swept parameter slips past this check and is then silently overridden per point. */
    for (size_t i = 0; i < n_extra; ++i) {
        char key[256], shown[CSIM_QUOTE_SIZE];
        csim_scenario_override_key(extra[i], key, sizeof key);
        for (size_t j = 0; j < sw->n_params; ++j) {
            if (strcmp(key, sw->params[j].name) == 0) {
                return csim_fail_plain(CSIM_EPARSE,
                                       "--set %s: '%s' is swept by %s (line %zu); "
                                       "remove the --set or the parameter",
                                       csim_quote(extra[i], CSIM_QUOTE_MAX, shown, sizeof shown),
                                       sw->params[j].name, sw->path, sw->params[j].line);
            }
        }
    }
    /* Fixed overrides in the order they take effect: the file's set:, its seed, then the
     * command line's --set, which beats both as it beats a scenario file. */
    const size_t n_fixed = sw->n_overrides + (sw->have_seed ? 1 : 0) + n_extra;
    ovr = calloc(n_fixed + 1 + sw->n_params, sizeof *ovr);
    texts = malloc((2 + sw->n_params) * TEXT);
    if (!ovr || !texts) {
        st = CSIM_FAIL(CSIM_ENOMEM, "sweep overrides");
        goto cleanup;
    }
    size_t n_ovr = 0;
    for (size_t i = 0; i < sw->n_overrides; ++i) {
        ovr[n_ovr++] = sw->overrides[i];
    }
    if (sw->have_seed) {
        char *file_seed = texts + (1 + sw->n_params) * TEXT;
        snprintf(file_seed, TEXT, "run.seed=%llu", (unsigned long long) sw->seed);
        ovr[n_ovr++] = file_seed;
    }
    for (size_t i = 0; i < n_extra; ++i) {
        ovr[n_ovr++] = extra[i];
    }
    /* The seed is what the base resolves to with the fixed overrides: `--set run.seed=7`
     * beats the file's `seed: 42` (it was silently ignored before, issue 23). Writing it
     * into every point keeps the Latin hypercube and the runs on one seed. */
    CSIM_TRY(csim_scenario_load(&base, sw->base_path, ovr, n_fixed));
    const uint64_t seed = (uint64_t) base.params.run_seed;
    snprintf(texts, TEXT, "run.seed=%llu", (unsigned long long) seed);
    ovr[n_fixed] = texts;
    CSIM_TRY(csim_sweep_design(sw, seed, &e->design));
    e->sweep = sw;
    e->values = malloc(e->design.n_points * sw->n_params * sizeof *e->values);
    if (!e->values) {
        st = CSIM_FAIL(CSIM_ENOMEM, "%zu swept values", e->design.n_points * sw->n_params);
        goto cleanup;
    }
    /* Labels are p0000, p0001, ...: at least four digits, more when the design needs. */
    int width = 4;
    for (size_t n = e->design.n_points - 1; n >= 10000; n /= 10) {
        ++width;
    }
    for (size_t p = 0; p < e->design.n_points; ++p) {
        for (size_t j = 0; j < sw->n_params; ++j) {
            const double v = csim_sweep_value(sw, j, e->design.u[p * sw->n_params + j]);
            e->values[p * sw->n_params + j] = v;
            char *t = texts + (1 + j) * TEXT;
            if (csim_sweep_override(sw, j, v, t, TEXT) >= TEXT) {
                st = CSIM_FAIL(CSIM_EINVAL, "override of %s is too long", sw->params[j].name);
                goto cleanup;
            }
            ovr[n_fixed + 1 + j] = t;
        }
        char label[64];
        if (snprintf(label, sizeof label, "p%0*zu", width & 31, p) >= (int) sizeof label) {
            st = CSIM_FAIL(CSIM_EINTERNAL, "point label of %zu", p);
            goto cleanup;
        }
        st = csim_ensemble_add_point(e, sw->base_path, label, ovr, n_fixed + 1 + sw->n_params);
        if (st == CSIM_EPARSE) {
            /* A point can break a rule between parameters that the base keeps
             * (wg.min_size swept above wg.size): say which point, with its values. */
            char why[1024], values[512];
            size_t used = 0;
            snprintf(why, sizeof why, "%s", csim_last_error());
            values[0] = '\0';
            for (size_t j = 0; j < sw->n_params && used < sizeof values; ++j) {
                const int w = snprintf(values + used, sizeof values - used, "%s%s", j ? ", " : "",
                                       ovr[n_fixed + 1 + j]);
                used += w > 0 ? (size_t) w : 0;
            }
            st = csim_fail_plain(CSIM_EPARSE, "%s: point %s (%s): %s", sw->path, label, values,
                                 why);
        }
        if (st != CSIM_OK) {
            goto cleanup;
        }
    }

cleanup:
    csim_scenario_destroy(&base);
    free(texts);
    free(ovr);
    return st;
}

csim_status csim_ensemble_build_tasks(csim_ensemble *e) {
    if (e->n_points == 0) {
        return CSIM_FAIL(CSIM_EINVAL, "ensemble without points");
    }
    if (e->tasks) {
        return CSIM_FAIL(CSIM_EINVAL, "tasks already made");
    }
    if (e->n_points > CSIM_ENSEMBLE_MAX_TASKS / e->replicates) {
        return csim_fail_plain(CSIM_EINVAL,
                               "%zu points x %llu replicates: more than %zu tasks; expected "
                               "at most %zu: " CSIM_DESIGN_LIMIT_WHY,
                               e->n_points, (unsigned long long) e->replicates,
                               CSIM_ENSEMBLE_MAX_TASKS, CSIM_ENSEMBLE_MAX_TASKS);
    }
    const size_t n = e->n_points * (size_t) e->replicates;
    e->tasks = calloc(n, sizeof *e->tasks);
    if (!e->tasks) {
        return CSIM_FAIL(CSIM_ENOMEM, "%zu tasks", n);
    }
    e->n_tasks = n;
    for (size_t t = 0; t < n; ++t) {
        csim_task *task = &e->tasks[t];
        task->point = t / e->replicates;
        task->replicate = (uint64_t) (t % e->replicates);
        const csim_ensemble_point *pt = &e->points[task->point];
        task->stream_key =
            csim_rng_replicate_seed((uint64_t) pt->scenario.params.run_seed, task->replicate);
        const size_t len = strlen(pt->label) + 32;
        task->file = malloc(len);
        if (!task->file) {
            return CSIM_FAIL(CSIM_ENOMEM, "task file names");
        }
        snprintf(task->file, len, "%s/r%llu.h5", pt->label, (unsigned long long) task->replicate);
    }
    return CSIM_OK;
}

csim_status csim_ensemble_set_result(csim_ensemble *e, size_t t, csim_task_state state, bool reused,
                                     double wall_s, const char *error) {
    csim_task *task = &e->tasks[t];
    task->state = state;
    task->reused = reused;
    task->wall_s = wall_s;
    free(task->error);
    task->error = NULL;
    if (error) {
        task->error = csim_str_copy(error);
        if (!task->error) {
            return CSIM_FAIL(CSIM_ENOMEM, "error text of task %zu", t);
        }
    }
    return CSIM_OK;
}

int csim_ensemble_path(const csim_ensemble *e, const char *rel, char *buf, size_t size) {
    return snprintf(buf, size, "%s/%s", e->dir, rel);
}

void csim_ensemble_destroy(csim_ensemble *e) {
    if (e->points) {
        for (size_t p = 0; p < e->n_points; ++p) {
            csim_scenario_destroy(&e->points[p].scenario);
            free(e->points[p].label);
        }
    }
    if (e->tasks) {
        for (size_t t = 0; t < e->n_tasks; ++t) {
            free(e->tasks[t].file);
            free(e->tasks[t].error);
        }
    }
    free(e->tasks);
    free(e->points);
    free(e->values);
    csim_design_destroy(&e->design);
    free(e->dir);
    memset(e, 0, sizeof *e);
}
