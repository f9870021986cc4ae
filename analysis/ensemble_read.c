#define _POSIX_C_SOURCE 200809L

#include "analysis/ensemble_read.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sim/h5_read.h"

/* A column of the task table as strings, checked to have `n` rows (n == 0: any). */
static csim_status read_strings(const csim_h5_reader *r, const char *column, size_t n,
                                char ***values, size_t *count) {
    char path[256];
    snprintf(path, sizeof path, "/task_table/%s", column);
    bool exists = false;
    csim_status st = csim_h5_read_exists(r, path, &exists);
    if (st != CSIM_OK) {
        return st;
    }
    if (!exists) {
        return csim_fail_plain(CSIM_EINVAL, "%s: not an ensemble index (%s is missing)", r->path,
                               path);
    }
    st = csim_h5_read_strings(r, path, values, count);
    if (st == CSIM_OK && n != 0 && *count != n) {
        csim_h5_strings_free(*values, *count);
        *values = NULL;
        st = csim_fail_plain(CSIM_EINVAL, "%s: %s has %zu rows, the table has %zu", r->path,
                             path, *count, n);
        *count = 0;
    }
    return st;
}

/* A numeric column of the task table, checked to have `n` rows. */
static csim_status read_ints(const csim_h5_reader *r, const char *column, size_t n,
                             csim_h5_array *out) {
    char path[256];
    snprintf(path, sizeof path, "/task_table/%s", column);
    bool exists = false;
    csim_status st = csim_h5_read_exists(r, path, &exists);
    if (st != CSIM_OK) {
        return st;
    }
    if (!exists) {
        return csim_fail_plain(CSIM_EINVAL, "%s: not an ensemble index (%s is missing)", r->path,
                               path);
    }
    st = csim_h5_read_array(r, path, CSIM_H5_INT64, out);
    if (st == CSIM_OK && (out->rank != 1 || out->n != n)) {
        csim_h5_array_destroy(out);
        st = csim_fail_plain(CSIM_EINVAL, "%s: %s is not a column of %zu rows", r->path, path, n);
    }
    return st;
}

csim_status csim_ens_index_read(csim_ens_index *ix, const char *dir) {
    csim_status st = CSIM_OK;
    csim_h5_reader r = {0};
    char **label = NULL, **status = NULL, **file = NULL, **key = NULL, **matrix = NULL;
    size_t n = 0, n_status = 0, n_file = 0, n_key = 0, n_matrix = 0;
    csim_h5_array point = {0}, replicate = {0}, sample = {0}, unit = {0};
    char *path = NULL;
    struct stat sb;

    memset(ix, 0, sizeof *ix);
    if (stat(dir, &sb) != 0) {
        return csim_fail_plain(CSIM_EINVAL, "%s: %s", dir, strerror(errno));
    }
    if (!S_ISDIR(sb.st_mode)) {
        return csim_fail_plain(CSIM_EINVAL, "%s: not a folder (give the folder an ensemble or "
                                            "sweep wrote, with its index.h5)", dir);
    }
    ix->dir = strdup(dir);
    path = malloc(strlen(dir) + 16);
    if (!ix->dir || !path) {
        st = CSIM_FAIL(CSIM_ENOMEM, "folder name");
        goto cleanup;
    }
    sprintf(path, "%s/index.h5", dir);
    CSIM_TRY(csim_h5_reader_open(&r, path));
    bool has_table = false, has_ensemble = false;
    CSIM_TRY(csim_h5_read_exists(&r, "/task_table", &has_table));
    CSIM_TRY(csim_h5_read_exists(&r, "/ensemble", &has_ensemble));
    if (!has_table || !has_ensemble) {
        st = csim_fail_plain(CSIM_EINVAL, "%s: not an ensemble index (no %s; `clustersim "
                                          "ensemble` and `clustersim sweep` write one)",
                             path, has_table ? "/ensemble" : "/task_table");
        goto cleanup;
    }
    CSIM_TRY(read_strings(&r, "label", 0, &label, &n));
    if (n == 0) {
        st = csim_fail_plain(CSIM_EINVAL, "%s: the task table is empty", path);
        goto cleanup;
    }
    CSIM_TRY(read_strings(&r, "status", n, &status, &n_status));
    CSIM_TRY(read_strings(&r, "file", n, &file, &n_file));
    CSIM_TRY(read_strings(&r, "stream_key", n, &key, &n_key));
    CSIM_TRY(read_ints(&r, "point", n, &point));
    CSIM_TRY(read_ints(&r, "replicate", n, &replicate));
    bool has_kind = false;
    CSIM_TRY(csim_h5_read_attr_exists(&r, "/ensemble", "kind", &has_kind));
    if (has_kind) {
        CSIM_TRY(csim_h5_read_attr_string(&r, "/ensemble", "kind", &ix->kind));
    }
    bool has_design = false, has_params = false, has_matrix = false;
    CSIM_TRY(csim_h5_read_attr_exists(&r, "/ensemble", "design", &has_design));
    if (has_design) {
        CSIM_TRY(csim_h5_read_attr_string(&r, "/ensemble", "design", &ix->design));
    }
    CSIM_TRY(csim_h5_read_exists(&r, "/ensemble/parameters", &has_params));
    if (has_params) {
        CSIM_TRY(csim_h5_read_strings(&r, "/ensemble/parameters", &ix->params, &ix->n_params));
    }
    CSIM_TRY(csim_h5_read_exists(&r, "/task_table/matrix", &has_matrix));
    if (has_matrix) {
        CSIM_TRY(read_strings(&r, "matrix", n, &matrix, &n_matrix));
        CSIM_TRY(read_ints(&r, "sample", n, &sample));
    }

    ix->tasks = calloc(n, sizeof *ix->tasks);
    if (!ix->tasks) {
        st = CSIM_FAIL(CSIM_ENOMEM, "%zu tasks", n);
        goto cleanup;
    }
    ix->n_tasks = n;
    size_t n_points = 0;
    const int64_t *pt = point.data, *rp = replicate.data;
    for (size_t t = 0; t < n; ++t) {
        if (pt[t] < 0 || (uint64_t) pt[t] >= n || rp[t] < 0) {
            st = csim_fail_plain(CSIM_EINVAL, "%s: row %zu of /task_table: point %lld, replicate "
                                              "%lld out of range", path, t, (long long) pt[t],
                                 (long long) rp[t]);
            goto cleanup;
        }
        if ((size_t) pt[t] + 1 > n_points) {
            n_points = (size_t) pt[t] + 1;
        }
    }
    ix->labels = calloc(n_points, sizeof *ix->labels);
    if (!ix->labels) {
        st = CSIM_FAIL(CSIM_ENOMEM, "%zu labels", n_points);
        goto cleanup;
    }
    ix->n_labels = n_points;
    for (size_t t = 0; t < n; ++t) {
        csim_ens_task *task = &ix->tasks[t];
        task->point = (size_t) pt[t];
        task->replicate = rp[t];
        task->ok = strcmp(status[t], "ok") == 0;
        task->sample = -1;
        task->stream_key = strdup(key[t]);
        task->path = malloc(strlen(dir) + strlen(file[t]) + 2);
        if (!task->stream_key || !task->path) {
            st = CSIM_FAIL(CSIM_ENOMEM, "task %zu", t);
            goto cleanup;
        }
        sprintf(task->path, "%s/%s", dir, file[t]);
        char **slot = &ix->labels[task->point];
        if (!*slot) {
            if (!(*slot = strdup(label[t]))) {
                st = CSIM_FAIL(CSIM_ENOMEM, "labels");
                goto cleanup;
            }
        } else if (strcmp(*slot, label[t]) != 0) {
            st = csim_fail_plain(CSIM_EINVAL, "%s: point %zu is labelled both '%s' and '%s'",
                                 path, task->point, *slot, label[t]);
            goto cleanup;
        }
        if (has_matrix) {
            const char *m = matrix[t];
            task->sample = ((const int64_t *) sample.data)[t];
            if (strcmp(m, "A") == 0) {
                task->block = 0;
            } else if (strcmp(m, "B") == 0) {
                task->block = ix->n_params + 1;
            } else {
                task->block = 0;
                for (size_t j = 0; strncmp(m, "AB:", 3) == 0 && j < ix->n_params; ++j) {
                    if (strcmp(m + 3, ix->params[j]) == 0) {
                        task->block = j + 1;
                    }
                }
                if (task->block == 0) {
                    st = csim_fail_plain(CSIM_EINVAL, "%s: row %zu of /task_table/matrix is "
                                                      "'%s', not A, B or AB:<swept parameter>",
                                         path, t, m);
                    goto cleanup;
                }
            }
        }
    }
    for (size_t p = 0; p < n_points; ++p) {
        if (!ix->labels[p]) {
            st = csim_fail_plain(CSIM_EINVAL, "%s: point %zu has no task", path, p);
            goto cleanup;
        }
    }
    bool has_unit = false;
    CSIM_TRY(csim_h5_read_exists(&r, "/ensemble/design_unit", &has_unit));
    if (has_unit && ix->n_params > 0) {
        CSIM_TRY(csim_h5_read_array(&r, "/ensemble/design_unit", CSIM_H5_DOUBLE, &unit));
        if (unit.rank != 2 || unit.dims[0] != n_points || unit.dims[1] != ix->n_params) {
            st = csim_fail_plain(CSIM_EINVAL, "%s: /ensemble/design_unit is not [%zu points]"
                                              "[%zu parameters]", path, n_points, ix->n_params);
            goto cleanup;
        }
        ix->design_unit = unit.data;
        unit.data = NULL;
    }

cleanup:
    csim_h5_array_destroy(&unit);
    csim_h5_array_destroy(&sample);
    csim_h5_array_destroy(&replicate);
    csim_h5_array_destroy(&point);
    csim_h5_strings_free(matrix, n_matrix);
    csim_h5_strings_free(key, n_key);
    csim_h5_strings_free(file, n_file);
    csim_h5_strings_free(status, n_status);
    csim_h5_strings_free(label, n);
    csim_h5_reader_close(&r);
    free(path);
    if (st != CSIM_OK) {
        csim_ens_index_destroy(ix);
    }
    return st;
}

size_t csim_ens_index_find_label(const csim_ens_index *ix, const char *label) {
    for (size_t p = 0; p < ix->n_labels; ++p) {
        if (strcmp(ix->labels[p], label) == 0) {
            return p;
        }
    }
    return ix->n_labels;
}

bool csim_ens_index_is_saltelli(const csim_ens_index *ix) {
    return ix->n_params > 0 && ix->n_tasks > 0 && ix->tasks[0].sample >= 0;
}

void csim_ens_index_destroy(csim_ens_index *ix) {
    if (ix->tasks) {
        for (size_t t = 0; t < ix->n_tasks; ++t) {
            free(ix->tasks[t].stream_key);
            free(ix->tasks[t].path);
        }
    }
    free(ix->tasks);
    free(ix->design_unit);
    csim_h5_strings_free(ix->labels, ix->n_labels);
    csim_h5_strings_free(ix->params, ix->n_params);
    free(ix->kind);
    free(ix->design);
    free(ix->dir);
    memset(ix, 0, sizeof *ix);
}
