/* DIR/index.h5 and DIR/tasks.csv of an ensemble (scenarios/ensemble/index.h). */
#define _POSIX_C_SOURCE 200809L

#include "scenarios/ensemble/index.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/format/format_write.h"
#include "sim/out_file.h"
#include "sim/str_copy.h"
#include "sim/version_gen.h"
#include "sim/wall_clock.h"
#include "sim/text_out.h"

/* ==== the columns of the task table ==================================================== */

typedef enum col_type { COL_INT, COL_DOUBLE, COL_STRING } col_type;

typedef enum col_id {
    C_TASK,
    C_SCENARIO,
    C_LABEL,
    C_POINT,
    C_REPLICATE,
    C_SEED,
    C_STREAM_KEY,
    C_STATUS,
    C_REUSED,
    C_WALL,
    C_FILE,
    C_ERROR,
    C_DIGEST,
    C_SAMPLE,
    C_MATRIX,
    C_PARAM
} col_id;

typedef struct column {
    const char *name; /* column name (a swept parameter's dotted name for C_PARAM) */
    col_type type;    /* how it is stored                                           */
    col_id id;        /* what it holds                                              */
    size_t param;     /* C_PARAM: which swept parameter                              */
    const char *unit; /* unit attribute in HDF5, or NULL                             */
} column;

static const column fixed_columns[] = {
    {"task", COL_INT, C_TASK, 0, NULL},
    {"scenario", COL_STRING, C_SCENARIO, 0, NULL},
    {"label", COL_STRING, C_LABEL, 0, NULL},
    {"point", COL_INT, C_POINT, 0, NULL},
    {"replicate", COL_INT, C_REPLICATE, 0, NULL},
    {"seed", COL_INT, C_SEED, 0, NULL},
    {"stream_key", COL_STRING, C_STREAM_KEY, 0, NULL},
    {"status", COL_STRING, C_STATUS, 0, NULL},
    {"reused", COL_INT, C_REUSED, 0, NULL},
    {"wall_seconds", COL_DOUBLE, C_WALL, 0, "s"},
    {"file", COL_STRING, C_FILE, 0, NULL},
    {"error", COL_STRING, C_ERROR, 0, NULL},
    {"parameters_digest", COL_STRING, C_DIGEST, 0, NULL},
};
#define N_FIXED (sizeof fixed_columns / sizeof fixed_columns[0])

static bool is_saltelli(const csim_ensemble *e) {
    return e->sweep && e->design.kind == CSIM_DESIGN_SALTELLI && e->design.u;
}

/* The table's columns for this plan; *cols is malloc'd. */
static csim_status make_columns(const csim_ensemble *e, column **cols, size_t *n) {
    const size_t n_params = e->sweep ? e->sweep->n_params : 0;
    const size_t total = N_FIXED + (is_saltelli(e) ? 2u : 0u) + n_params;
    column *c = malloc(total * sizeof *c);
    if (!c) {
        return CSIM_FAIL(CSIM_ENOMEM, "index columns");
    }
    memcpy(c, fixed_columns, sizeof fixed_columns);
    size_t k = N_FIXED;
    if (is_saltelli(e)) {
        c[k++] = (column){"sample", COL_INT, C_SAMPLE, 0, NULL};
        c[k++] = (column){"matrix", COL_STRING, C_MATRIX, 0, NULL};
    }
    for (size_t j = 0; j < n_params; ++j) {
        c[k++] = (column){e->sweep->params[j].name, COL_DOUBLE, C_PARAM, j,
                          e->sweep->params[j].desc->unit};
    }
    *cols = c;
    *n = total;
    return CSIM_OK;
}

const char *csim_task_state_name(csim_task_state state) {
    switch (state) {
    case CSIM_TASK_OK:
        return "ok";
    case CSIM_TASK_FAILED:
        return "failed";
    default:
        return "pending";
    }
}

static int64_t cell_int(const csim_ensemble *e, size_t t, const column *c) {
    const csim_task *task = &e->tasks[t];
    size_t base = 0, block = 0;
    switch (c->id) {
    case C_TASK:
        return (int64_t) t;
    case C_POINT:
        return (int64_t) task->point;
    case C_REPLICATE:
        return (int64_t) task->replicate;
    case C_SEED:
        return (int64_t) e->points[task->point].scenario.params.run_seed;
    case C_REUSED:
        return task->reused ? 1 : 0;
    case C_SAMPLE:
        csim_design_saltelli_row(e->sweep->n_params, task->point, &base, &block);
        return (int64_t) base;
    default:
        return -1;
    }
}

static double cell_double(const csim_ensemble *e, size_t t, const column *c) {
    const csim_task *task = &e->tasks[t];
    if (c->id == C_WALL) {
        return task->wall_s;
    }
    return e->values[task->point * e->sweep->n_params + c->param];
}

/* The text of a string cell; may point into `buf` or into the plan. */
static const char *cell_string(const csim_ensemble *e, size_t t, const column *c, char *buf,
                               size_t size) {
    const csim_task *task = &e->tasks[t];
    size_t base = 0, block = 0;
    switch (c->id) {
    case C_SCENARIO:
        return e->points[task->point].scenario.name;
    case C_LABEL:
        return e->points[task->point].label;
    case C_STREAM_KEY:
        snprintf(buf, size, "0x%016" PRIx64, task->stream_key);
        return buf;
    case C_STATUS:
        return csim_task_state_name(task->state);
    case C_FILE:
        return task->file;
    case C_ERROR:
        return task->error ? task->error : "";
    case C_DIGEST:
        snprintf(buf, size, "0x%016" PRIx64, e->points[task->point].params_digest);
        return buf;
    case C_MATRIX:
        csim_design_saltelli_row(e->sweep->n_params, task->point, &base, &block);
        if (block == 0) {
            return "A";
        }
        if (block == e->sweep->n_params + 1) {
            return "B";
        }
        snprintf(buf, size, "AB:%s", e->sweep->params[block - 1].name);
        return buf;
    default:
        return "";
    }
}

/* The shortest of %.15g..%.17g that reads back to the same double. */
static void format_double(double v, char *buf, size_t size) {
    for (int digits = 15; digits <= 17; ++digits) {
        snprintf(buf, size, "%.*g", digits, v);
        if (strtod(buf, NULL) == v) {
            return;
        }
    }
}

/* ==== index.h5 ========================================================================= */

/* One column of the table as a dataset /task_table/<name>. */
static csim_status write_column(csim_h5_file *f, const csim_ensemble *e, const column *c) {
    csim_status st = CSIM_OK;
    const size_t n = e->n_tasks;
    char path[512];
    void *data = NULL;
    char **strings = NULL;

    snprintf(path, sizeof path, CSIM_FMT_TASK_TABLE "/%s", c->name);
    if (c->type == COL_STRING) {
        strings = calloc(n, sizeof *strings);
        if (!strings) {
            st = CSIM_FAIL(CSIM_ENOMEM, "column %s", c->name);
            goto cleanup;
        }
        for (size_t t = 0; t < n; ++t) {
            char buf[512];
            const char *s = cell_string(e, t, c, buf, sizeof buf);
            strings[t] = csim_str_copy(s);
            if (!strings[t]) {
                st = CSIM_FAIL(CSIM_ENOMEM, "column %s", c->name);
                goto cleanup;
            }
        }
        CSIM_TRY(csim_h5_dataset_write_strings(f, path, (const char *const *) strings, n));
    } else {
        /* A number a task: int64 in a whole-number column, else double. */
        const bool whole = c->type == COL_INT;
        int64_t *ints = NULL;
        double *reals = NULL;
        data = malloc(n * (whole ? sizeof *ints : sizeof *reals));
        if (!data) {
            st = CSIM_FAIL(CSIM_ENOMEM, "column %s", c->name);
            goto cleanup;
        }
        ints = whole ? data : NULL;
        reals = whole ? NULL : data;
        for (size_t t = 0; t < n; ++t) {
            if (whole) {
                ints[t] = cell_int(e, t, c);
            } else {
                reals[t] = cell_double(e, t, c);
            }
        }
        CSIM_TRY(csim_h5_dataset_write(f, path, whole ? CSIM_H5_INT64 : CSIM_H5_DOUBLE, data, 1,
                                       &n, c->unit));
    }

cleanup:
    csim_str_list_free(strings, n);
    free(data);
    return st;
}

static csim_status write_sweep(csim_h5_file *f, const csim_ensemble *e) {
    csim_status st = CSIM_OK;
    const csim_sweep *sw = e->sweep;
    const char **names = malloc(sw->n_params * sizeof *names);

    if (!names) {
        return CSIM_FAIL(CSIM_ENOMEM, "parameter names");
    }
    for (size_t j = 0; j < sw->n_params; ++j) {
        names[j] = sw->params[j].name;
    }
    CSIM_TRY(
        csim_h5_attr_write_string(f, CSIM_FMT_ENSEMBLE, CSIM_FMT_ATTR_DESIGN,
                                  csim_design_kind_name(sw->design)));
    CSIM_TRY(csim_h5_attr_write_string(f, CSIM_FMT_ENSEMBLE, CSIM_FMT_ATTR_SWEEP_PATH, sw->path));
    CSIM_TRY(csim_h5_attr_write_string(f, CSIM_FMT_ENSEMBLE, CSIM_FMT_ATTR_BASE_SCENARIO,
                                       sw->base_path));
    CSIM_TRY(csim_h5_dataset_write_text(f, CSIM_FMT_ENSEMBLE "/sweep_text", sw->text));
    CSIM_TRY(csim_h5_dataset_write_strings(f, CSIM_FMT_ENSEMBLE "/parameters", names,
                                           sw->n_params));
    const size_t dims[2] = {e->design.n_points, e->design.n_dims};
    CSIM_TRY(csim_h5_dataset_write(f, CSIM_FMT_ENSEMBLE "/design_unit", CSIM_H5_DOUBLE,
                                   e->design.u, 2, dims,
                                   NULL));

cleanup:
    free(names);
    return st;
}

csim_status csim_ensemble_index_write(const csim_ensemble *e, const csim_index_info *info) {
    csim_status st = CSIM_OK;
    csim_h5_file f = {0};
    column *cols = NULL;
    const char **col_names = NULL;
    size_t n_cols = 0;
    char path[4096], when[CSIM_WALL_CLOCK_ISO_SIZE];

    if (!e->tasks || e->n_tasks == 0) {
        return CSIM_FAIL(CSIM_EINVAL, "index of an ensemble without tasks");
    }
    csim_ensemble_path(e, CSIM_FMT_INDEX_FILE, path, sizeof path);
    CSIM_TRY(make_columns(e, &cols, &n_cols));
    col_names = malloc(n_cols * sizeof *col_names);
    if (!col_names) {
        st = CSIM_FAIL(CSIM_ENOMEM, "index columns");
        goto cleanup;
    }
    CSIM_TRY(csim_h5_create(&f, path, "clustersim user", CSIM_VERSION_STRING, true));

    int64_t counts[3] = {0, 0, 0}; /* ok, failed, pending */
    for (size_t t = 0; t < e->n_tasks; ++t) {
        const csim_task *task = &e->tasks[t];
        counts[task->state == CSIM_TASK_OK ? 0 : task->state == CSIM_TASK_FAILED ? 1 : 2]++;
        if (task->state == CSIM_TASK_OK) {
            char link[1024];
            snprintf(link, sizeof link, CSIM_FMT_TASKS "/%s/r%llu", e->points[task->point].label,
                     (unsigned long long) task->replicate);
            CSIM_TRY(csim_h5_link_external(&f, link, task->file, "/"));
        }
    }
    for (size_t k = 0; k < n_cols; ++k) {
        col_names[k] = cols[k].name;
        CSIM_TRY(write_column(&f, e, &cols[k]));
    }
    CSIM_TRY(csim_h5_attr_write_strings(&f, CSIM_FMT_TASK_TABLE, "columns", col_names, n_cols));

    CSIM_TRY(csim_h5_group_create(&f, CSIM_FMT_ENSEMBLE));
    csim_wall_clock_iso(when, sizeof when);
    const int64_t n_tasks = (int64_t) e->n_tasks, n_points = (int64_t) e->n_points;
    const int64_t replicates = (int64_t) e->replicates;
    const int64_t jobs = info->jobs, threads = info->threads_per_task, ranks = info->ranks;
    CSIM_TRY(csim_h5_attr_write_string(&f, CSIM_FMT_ENSEMBLE, CSIM_FMT_ATTR_KIND,
                                       info->kind ? info->kind : ""));
    CSIM_TRY(csim_h5_attr_write_string(&f, CSIM_FMT_ENSEMBLE, CSIM_FMT_ATTR_COMMAND_LINE,
                                       info->command_line ? info->command_line : ""));
    CSIM_TRY(
        csim_h5_attr_write_string(&f, CSIM_FMT_ENSEMBLE, CSIM_FMT_ATTR_STARTED,
                                  info->started ? info->started : ""));
    CSIM_TRY(csim_h5_attr_write_string(&f, CSIM_FMT_ENSEMBLE, CSIM_FMT_ATTR_FINISHED, when));
    CSIM_TRY(csim_h5_attr_write_string(&f, CSIM_FMT_ENSEMBLE, CSIM_FMT_ATTR_CODE_VERSION,
                                       CSIM_VERSION_STRING));
    CSIM_TRY(csim_h5_attr_write_string(&f, CSIM_FMT_ENSEMBLE, CSIM_FMT_ATTR_CODE_COMMIT,
                                       CSIM_GIT_COMMIT));
    CSIM_TRY(csim_h5_attr_write_num(&f, CSIM_FMT_ENSEMBLE, CSIM_FMT_ATTR_TASKS, CSIM_H5_INT64,
                                    &n_tasks, 1));
    CSIM_TRY(csim_h5_attr_write_num(&f, CSIM_FMT_ENSEMBLE, CSIM_FMT_ATTR_POINTS, CSIM_H5_INT64,
                                    &n_points, 1));
    CSIM_TRY(csim_h5_attr_write_num(&f, CSIM_FMT_ENSEMBLE, CSIM_FMT_ATTR_REPLICATES,
                                    CSIM_H5_INT64, &replicates, 1));
    CSIM_TRY(csim_h5_attr_write_num(&f, CSIM_FMT_ENSEMBLE, CSIM_FMT_ATTR_TASKS_OK, CSIM_H5_INT64,
                                    &counts[0], 1));
    CSIM_TRY(csim_h5_attr_write_num(&f, CSIM_FMT_ENSEMBLE, CSIM_FMT_ATTR_TASKS_FAILED,
                                    CSIM_H5_INT64, &counts[1], 1));
    CSIM_TRY(
        csim_h5_attr_write_num(&f, CSIM_FMT_ENSEMBLE, CSIM_FMT_ATTR_TASKS_PENDING, CSIM_H5_INT64,
                               &counts[2], 1));
    CSIM_TRY(csim_h5_attr_write_num(&f, CSIM_FMT_ENSEMBLE, CSIM_FMT_ATTR_JOBS, CSIM_H5_INT64,
                                    &jobs, 1));
    CSIM_TRY(
        csim_h5_attr_write_num(&f, CSIM_FMT_ENSEMBLE, CSIM_FMT_ATTR_THREADS_PER_TASK,
                               CSIM_H5_INT64, &threads, 1));
    CSIM_TRY(csim_h5_attr_write_num(&f, CSIM_FMT_ENSEMBLE, CSIM_FMT_ATTR_RANKS, CSIM_H5_INT64,
                                    &ranks, 1));
    if (e->sweep) {
        CSIM_TRY(write_sweep(&f, e));
    }
    CSIM_TRY(csim_h5_commit(&f));

cleanup:
    if (st != CSIM_OK) {
        csim_h5_abort(&f);
    }
    free(col_names);
    free(cols);
    return st;
}

/* ==== tasks.csv ======================================================================== */

csim_status csim_ensemble_write_csv(const csim_ensemble *e) {
    csim_status st = CSIM_OK;
    csim_out_file out = {0};
    column *cols = NULL;
    size_t n_cols = 0;
    char path[4096];

    csim_ensemble_path(e, "tasks.csv", path, sizeof path);
    CSIM_TRY(make_columns(e, &cols, &n_cols));
    CSIM_TRY(csim_out_file_open(&out, path, true));
    for (size_t k = 0; k < n_cols; ++k) {
        if (k > 0) {
            fputc(',', out.fp);
        }
        csim_csv_field(out.fp, cols[k].name);
    }
    fputc('\n', out.fp);
    for (size_t t = 0; t < e->n_tasks; ++t) {
        for (size_t k = 0; k < n_cols; ++k) {
            char buf[512];
            if (k > 0) {
                fputc(',', out.fp);
            }
            switch (cols[k].type) {
            case COL_INT:
                fprintf(out.fp, "%" PRId64, cell_int(e, t, &cols[k]));
                break;
            case COL_DOUBLE:
                format_double(cell_double(e, t, &cols[k]), buf, sizeof buf);
                fputs(buf, out.fp);
                break;
            default:
                csim_csv_field(out.fp, cell_string(e, t, &cols[k], buf, sizeof buf));
                break;
            }
        }
        fputc('\n', out.fp);
    }
    /* Write errors (a full disk) surface in the commit's flush and fsync. */
    CSIM_TRY(csim_out_file_commit(&out));

cleanup:
    if (st != CSIM_OK) {
        csim_out_file_abort(&out);
    }
    free(cols);
    return st;
}
