#define _POSIX_C_SOURCE 200809L

#include "analysis/readers/ensemble_read.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sim/digest.h"
#include "sim/format/format_read.h"
#include "sim/str_copy.h"

/* The path of column `column` of the task table into `path`, which must exist: a missing
 * column means the file is not an ensemble index. */
static csim_status task_column(const csim_h5_reader *r, const char *column, char *path,
                               size_t size) {
    snprintf(path, size, CSIM_FMT_TASK_TABLE "/%s", column);
    return csim_h5_read_require(r, path, "not an ensemble index (%s is missing)", path);
}

/* A column of the task table as strings, checked to have `n` rows (n == 0: any). */
static csim_status read_strings(const csim_h5_reader *r, const char *column, size_t n,
                                char ***values, size_t *count) {
    char path[256];
    csim_status st = task_column(r, column, path, sizeof path);
    if (st != CSIM_OK) {
        return st;
    }
    st = csim_h5_read_strings(r, path, values, count);
    if (st == CSIM_OK && n != 0 && *count != n) {
        csim_str_list_free(*values, *count);
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
    csim_status st = task_column(r, column, path, sizeof path);
    if (st != CSIM_OK) {
        return st;
    }
    st = csim_h5_read_array(r, path, CSIM_H5_INT64, out);
    if (st == CSIM_OK && (out->rank != 1 || out->n != n)) {
        csim_h5_array_destroy(out);
        st = csim_fail_plain(CSIM_EINVAL, "%s: %s is not a column of %zu rows", r->path, path, n);
    }
    return st;
}

csim_status csim_ensemble_index_read(csim_ensemble_index *ix, const char *dir) {
    csim_status st = CSIM_OK;
    csim_h5_reader r = {0};
    char **label = NULL, **status = NULL, **file = NULL, **key = NULL, **matrix = NULL;
    char **digest = NULL;
    size_t n = 0, n_status = 0, n_file = 0, n_key = 0, n_matrix = 0, n_digest = 0;
    csim_h5_array point = {0}, replicate = {0}, sample = {0}, seed = {0}, unit = {0};
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
    ix->dir = csim_str_copy(dir);
    path = malloc(strlen(dir) + 16);
    if (!ix->dir || !path) {
        st = CSIM_FAIL(CSIM_ENOMEM, "folder name");
        goto cleanup;
    }
    sprintf(path, "%s/" CSIM_FMT_INDEX_FILE, dir);
    CSIM_TRY(csim_h5_reader_open(&r, path));
    bool has_table = false, has_ensemble = false;
    CSIM_TRY(csim_h5_read_exists(&r, CSIM_FMT_TASK_TABLE, &has_table));
    CSIM_TRY(csim_h5_read_exists(&r, CSIM_FMT_ENSEMBLE, &has_ensemble));
    if (!has_table || !has_ensemble) {
        st = csim_fail_plain(CSIM_EINVAL, "%s: not an ensemble index (no %s; `clustersim "
                                          "ensemble` and `clustersim sweep` write one)",
                             path, has_table ? CSIM_FMT_ENSEMBLE : CSIM_FMT_TASK_TABLE);
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
    /* Older indexes lack the digest (before December 2026); a foreign one may lack the seed. */
    bool has_seed = false, has_digest = false;
    CSIM_TRY(csim_h5_read_exists(&r, CSIM_FMT_TASK_TABLE "/seed", &has_seed));
    if (has_seed) {
        CSIM_TRY(read_ints(&r, "seed", n, &seed));
    }
    CSIM_TRY(csim_h5_read_exists(&r, CSIM_FMT_TASK_TABLE "/parameters_digest", &has_digest));
    if (has_digest) {
        CSIM_TRY(read_strings(&r, "parameters_digest", n, &digest, &n_digest));
    }
    bool has_kind = false;
    CSIM_TRY(csim_h5_read_attr_exists(&r, CSIM_FMT_ENSEMBLE, CSIM_FMT_ATTR_KIND, &has_kind));
    if (has_kind) {
        CSIM_TRY(csim_h5_read_attr_string(&r, CSIM_FMT_ENSEMBLE, CSIM_FMT_ATTR_KIND, &ix->kind));
    }
    bool has_design = false, has_params = false, has_matrix = false;
    CSIM_TRY(csim_h5_read_attr_exists(&r, CSIM_FMT_ENSEMBLE, CSIM_FMT_ATTR_DESIGN, &has_design));
    if (has_design) {
        CSIM_TRY(csim_h5_read_attr_string(&r, CSIM_FMT_ENSEMBLE, CSIM_FMT_ATTR_DESIGN,
                                          &ix->design));
    }
    CSIM_TRY(csim_h5_read_exists(&r, CSIM_FMT_ENSEMBLE "/parameters", &has_params));
    if (has_params) {
        CSIM_TRY(csim_h5_read_strings(&r, CSIM_FMT_ENSEMBLE "/parameters", &ix->params,
                                      &ix->n_params));
    }
    CSIM_TRY(csim_h5_read_exists(&r, CSIM_FMT_TASK_TABLE "/matrix", &has_matrix));
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
        csim_ensemble_index_task *task = &ix->tasks[t];
        task->point = (size_t) pt[t];
        task->replicate = rp[t];
        task->ok = strcmp(status[t], "ok") == 0;
        task->sample = -1;
        task->seed = has_seed ? ((const int64_t *) seed.data)[t] : -1;
        if (has_digest) {
            char *end = NULL;
            errno = 0;
            task->params_digest = strtoull(digest[t], &end, 16);
            task->has_digest = errno == 0 && end != digest[t] && *end == '\0';
            if (!task->has_digest) {
                st = csim_fail_plain(CSIM_EINVAL, "%s: row %zu of /task_table/parameters_digest "
                                                  "is '%s', not a hexadecimal digest",
                                     path, t, digest[t]);
                goto cleanup;
            }
        }
        task->stream_key = csim_str_copy(key[t]);
        task->path = malloc(strlen(dir) + strlen(file[t]) + 2);
        if (!task->stream_key || !task->path) {
            st = CSIM_FAIL(CSIM_ENOMEM, "task %zu", t);
            goto cleanup;
        }
        sprintf(task->path, "%s/%s", dir, file[t]);
        char **slot = &ix->labels[task->point];
        if (!*slot) {
            if (!(*slot = csim_str_copy(label[t]))) {
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
    CSIM_TRY(csim_h5_read_exists(&r, CSIM_FMT_ENSEMBLE "/design_unit", &has_unit));
    if (has_unit && ix->n_params > 0) {
        CSIM_TRY(csim_h5_read_array(&r, CSIM_FMT_ENSEMBLE "/design_unit", CSIM_H5_DOUBLE, &unit));
        if (unit.rank != 2 || unit.dims[0] != n_points || unit.dims[1] != ix->n_params) {
            st = csim_fail_plain(CSIM_EINVAL, "%s: /ensemble/design_unit is not [%zu points]"
                                              "[%zu parameters]", path, n_points, ix->n_params);
            goto cleanup;
        }
        ix->design_unit = unit.data;
        unit.data = NULL;
    }
    if (ix->n_params > 0) {
        ix->param_values = malloc(n_points * ix->n_params * sizeof *ix->param_values);
        if (!ix->param_values) {
            st = CSIM_FAIL(CSIM_ENOMEM, "parameter values of %zu points", n_points);
            goto cleanup;
        }
        for (size_t j = 0; j < ix->n_params; ++j) {
            csim_h5_array col = {0};
            char where[512];
            snprintf(where, sizeof where, CSIM_FMT_TASK_TABLE "/%s", ix->params[j]);
            bool has_col = false;
            CSIM_TRY(csim_h5_read_exists(&r, where, &has_col));
            if (has_col) {
                CSIM_TRY(csim_h5_read_array(&r, where, CSIM_H5_DOUBLE, &col));
            }
            if (!has_col || col.rank != 1 || col.n != n) {
                csim_h5_array_destroy(&col);
                st = csim_fail_plain(CSIM_EINVAL, "%s: %s is not a column of %zu rows (the values "
                                                  "of swept parameter '%s')", path, where, n,
                                     ix->params[j]);
                goto cleanup;
            }
            /* Rows in table order: the last row of a point holds its values, as every row
             * of the point does. */
            for (size_t t = 0; t < n; ++t) {
                ix->param_values[(size_t) pt[t] * ix->n_params + j] = ((double *) col.data)[t];
            }
            csim_h5_array_destroy(&col);
        }
    }

cleanup:
    csim_h5_array_destroy(&unit);
    csim_str_list_free(digest, n_digest);
    csim_h5_array_destroy(&seed);
    csim_h5_array_destroy(&sample);
    csim_h5_array_destroy(&replicate);
    csim_h5_array_destroy(&point);
    csim_str_list_free(matrix, n_matrix);
    csim_str_list_free(key, n_key);
    csim_str_list_free(file, n_file);
    csim_str_list_free(status, n_status);
    csim_str_list_free(label, n);
    csim_h5_reader_close(&r);
    free(path);
    if (st != CSIM_OK) {
        csim_ensemble_index_destroy(ix);
    }
    return st;
}

/* The line of `text` that holds byte `at`, as a pointer and a length. */
static int line_at(const char *text, const char *at, const char **start) {
    while (at > text && at[-1] != '\n') {
        --at;
    }
    const char *end = strchr(at, '\n');
    *start = at;
    const size_t len = end ? (size_t) (end - at) : strlen(at);
    return (int) (len > 200 ? 200 : len);
}

/* The task's name in the folder: "LABEL/rK". */
static void slot_name(const csim_ensemble_index *ix, const csim_ensemble_index_task *task, char *buf,
                      size_t size) {
    snprintf(buf, size, "%s/r%lld", ix->labels[task->point], (long long) task->replicate);
}

csim_status csim_ensemble_index_check_task_file(const csim_ensemble_index *ix, const csim_ensemble_index_task *task,
                                     const csim_ensemble_index_file_id *file,
                                     const csim_ensemble_index_file_id *sibling) {
    static const char repair[] = "the file was replaced after the ensemble wrote its index, or "
                                 "a re-run of the ensemble after a change was stopped part-way; "
                                 "run the ensemble's command again (it redoes every task whose "
                                 "file does not match), then analyse again";
    char slot[512];
    slot_name(ix, task, slot, sizeof slot);
    if (file->replicate != task->replicate) {
        return csim_fail_plain(CSIM_EINVAL, "%s: the file is replicate %lld, the index lists "
                                            "replicate %lld in this slot (%s); %s",
                               task->path, (long long) file->replicate,
                               (long long) task->replicate, slot, repair);
    }
    if (task->seed >= 0 && file->seed != task->seed) {
        return csim_fail_plain(CSIM_EINVAL, "%s: the file was run with run.seed %lld, the index "
                                            "lists run.seed %lld for %s; %s",
                               task->path, (long long) file->seed, (long long) task->seed, slot,
                               repair);
    }
    if (!file->stream_key || strcmp(file->stream_key, task->stream_key) != 0) {
        return csim_fail_plain(CSIM_EINVAL, "%s: the file's stream key is %s, the index lists "
                                            "%s for %s (another seed or replicate); %s",
                               task->path, file->stream_key ? file->stream_key : "(none)",
                               task->stream_key, slot, repair);
    }
    if (!task->has_digest) {
        return CSIM_OK;
    }
    const uint64_t have = csim_digest_update_text(CSIM_DIGEST_START, file->resolved_yaml);
    if (have == task->params_digest) {
        return CSIM_OK;
    }
    char diff[600] = "";
    if (sibling && sibling->resolved_yaml && file->resolved_yaml) {
        /* The first line where this file and a matching file of the same point differ. */
        const char *a = file->resolved_yaml, *b = sibling->resolved_yaml;
        while (*a && *a == *b) {
            ++a;
            ++b;
        }
        const char *la = NULL, *lb = NULL;
        const int na = line_at(file->resolved_yaml, a, &la);
        const int nb = line_at(sibling->resolved_yaml, b, &lb);
        snprintf(diff, sizeof diff, " (it has '%.*s' where replicate %lld of the same scenario "
                                    "has '%.*s')",
                 na, la, (long long) sibling->replicate, nb, lb);
    }
    return csim_fail_plain(CSIM_EINVAL, "%s: the file's resolved parameters are not those the "
                                        "index lists for %s (digest 0x%016llx, index 0x%016llx)"
                                        "%s; %s",
                           task->path, slot, (unsigned long long) have,
                           (unsigned long long) task->params_digest, diff, repair);
}

size_t csim_ensemble_index_find_label(const csim_ensemble_index *ix, const char *label) {
    for (size_t p = 0; p < ix->n_labels; ++p) {
        if (strcmp(ix->labels[p], label) == 0) {
            return p;
        }
    }
    return ix->n_labels;
}

bool csim_ensemble_index_is_saltelli(const csim_ensemble_index *ix) {
    return ix->n_params > 0 && ix->n_tasks > 0 && ix->tasks[0].sample >= 0;
}

void csim_ensemble_index_destroy(csim_ensemble_index *ix) {
    if (ix->tasks) {
        for (size_t t = 0; t < ix->n_tasks; ++t) {
            free(ix->tasks[t].stream_key);
            free(ix->tasks[t].path);
        }
    }
    free(ix->tasks);
    free(ix->design_unit);
    free(ix->param_values);
    csim_str_list_free(ix->labels, ix->n_labels);
    csim_str_list_free(ix->params, ix->n_params);
    free(ix->kind);
    free(ix->design);
    free(ix->dir);
    memset(ix, 0, sizeof *ix);
}
