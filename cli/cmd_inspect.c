/* `clustersim inspect FILE`: a human summary of a trajectory, read only from the file (its
 * own name tables and units), so that it describes files of other versions faithfully. */
/* POSIX stat() for the file size; before every include. */
#define _POSIX_C_SOURCE 200809L

#include "cli/cli.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analysis/readers/snapshot.h"
#include "analysis/readers/trajectory_file.h"
#include "cli/options.h"
#include "cli/trajectory_input.h"
#include "sim/format/format_read.h"
#include "sim/quote.h"
#include "sim/str_copy.h"

static const csim_opt_spec inspect_spec = {
    .command = "inspect",
    .operand = "FILE|DIR",
    .operand_noun = "file",
    .operand_missing = "FILE (a trajectory) or DIR (an ensemble or sweep folder)",
    .about = "Summarise the trajectory FILE: scenario, seed and replicate, code version, threads,\n"
             "wall times, steps and time span, snapshot steps with the actors (by kind) and ties\n"
             "at the first and last snapshot, every observable with its first and last value,\n"
             "events by kind, the programme bodies (MCs, WGs, organisations) by kind and the\n"
             "file size. Reads nothing but FILE.\n"
             "\n"
             "An ensemble or sweep folder DIR (or its DIR/index.h5), written by 'clustersim\n"
             "ensemble' or 'sweep': how it was run, its scenarios or design points with their\n"
             "tasks complete, failed and not run, the replicates, the swept parameters and the\n"
             "range of values they took, and the steps and years of the runs (read from the\n"
             "first complete task's file).\n",
    .closing = "Exit codes: 0 success, 1 out of memory, 2 bad arguments, or FILE missing, damaged\n"
               "or not a clustersim trajectory (DIR: no index.h5, or a damaged one).\n",
};

/* Replace *text, read from the file, by its escaped copy (sim/quote.h): a crafted file
 * must not send escape codes to the terminal (issue 23). Every string printed from the
 * file passes here. */
static csim_status make_safe(char **text) {
    if (!*text) {
        return CSIM_OK;
    }
    char *safe = csim_quote_dup(*text);
    if (!safe) {
        return CSIM_FAIL(CSIM_ENOMEM, "text read from the file");
    }
    free(*text);
    *text = safe;
    return CSIM_OK;
}

/* An optional string attribute: an escaped copy, or NULL when the file does not record it. */
static csim_status attr_text(const csim_h5_reader *r, const char *obj, const char *name,
                             char **value) {
    bool has = false;
    *value = NULL;
    csim_status st = csim_h5_read_attr_exists(r, obj, name, &has);
    if (st == CSIM_OK && has) {
        st = csim_h5_read_attr_string(r, obj, name, value);
    }
    return st != CSIM_OK ? st : make_safe(value);
}

/* An optional numeric attribute of one value; *present says whether it is recorded. */
static csim_status attr_number(const csim_h5_reader *r, const char *obj, const char *name,
                               csim_h5_type type, double *dvalue, int64_t *ivalue, bool *present) {
    csim_status st = CSIM_OK;
    csim_h5_array a = {0};
    *present = false;
    CSIM_TRY(csim_h5_read_attr_exists(r, obj, name, present));
    if (*present) {
        CSIM_TRY(csim_h5_read_attr_num(r, obj, name, type, &a));
        *present = a.n >= 1;
        if (*present && type == CSIM_H5_DOUBLE) {
            *dvalue = ((const double *) a.data)[0];
        } else if (*present) {
            *ivalue = ((const int64_t *) a.data)[0];
        }
    }
cleanup:
    csim_h5_array_destroy(&a);
    return st;
}

static const char *or_unknown(const char *s) {
    return s && s[0] ? s : "(not recorded)";
}

static csim_status print_provenance(const csim_h5_reader *r, const char *path) {
    csim_status st = CSIM_OK;
    static const char *const names[] = {
        CSIM_FMT_ATTR_SCENARIO_NAME, CSIM_FMT_ATTR_SCENARIO_PATH, CSIM_FMT_ATTR_STREAM_KEY,
        CSIM_FMT_ATTR_CODE_VERSION,  CSIM_FMT_ATTR_CODE_COMMIT,   CSIM_FMT_ATTR_BUILD_FLAGS,
        CSIM_FMT_ATTR_WALL_START,    CSIM_FMT_ATTR_WALL_END,      CSIM_FMT_ATTR_RERUN_OF};
    enum { NAME, PATH, KEY, VERSION, COMMIT, FLAGS, START, END, RERUN, N_TEXT };
    char *text[N_TEXT] = {NULL};
    char *overrides = NULL;
    int64_t seed = 0, replicate = 0, threads = 0, ranks = 0;
    double seconds = 0.0;
    bool has_seed = false, has_rep = false, has_threads = false, has_ranks = false,
         has_seconds = false, has_overrides = false;
    struct stat info;

    for (int k = 0; k < N_TEXT; ++k) {
        CSIM_TRY(attr_text(r, CSIM_FMT_PARAMETERS, names[k], &text[k]));
    }
    CSIM_TRY(attr_number(r, CSIM_FMT_PARAMETERS, CSIM_FMT_ATTR_SEED, CSIM_H5_INT64, NULL, &seed,
                         &has_seed));
    CSIM_TRY(attr_number(r, CSIM_FMT_PARAMETERS, CSIM_FMT_ATTR_REPLICATE, CSIM_H5_INT64, NULL,
                         &replicate, &has_rep));
    CSIM_TRY(attr_number(r, CSIM_FMT_PARAMETERS, CSIM_FMT_ATTR_THREADS, CSIM_H5_INT64, NULL,
                         &threads, &has_threads));
    CSIM_TRY(attr_number(r, CSIM_FMT_PARAMETERS, CSIM_FMT_ATTR_RANKS, CSIM_H5_INT64, NULL, &ranks,
                         &has_ranks));
    CSIM_TRY(attr_number(r, CSIM_FMT_PARAMETERS, CSIM_FMT_ATTR_WALL_SECONDS, CSIM_H5_DOUBLE,
                         &seconds, NULL, &has_seconds));
    CSIM_TRY(csim_h5_read_exists(r, CSIM_FMT_PARAMETERS "/overrides", &has_overrides));
    if (has_overrides) {
        CSIM_TRY(csim_h5_read_text(r, CSIM_FMT_PARAMETERS "/overrides", &overrides));
        /* One "key=value" per line: show them on one line. */
        for (char *p = overrides; *p; ++p) {
            *p = *p == '\n' ? ' ' : *p;
        }
        for (size_t len = strlen(overrides); len > 0 && overrides[len - 1] == ' '; --len) {
            overrides[len - 1] = '\0';
        }
        CSIM_TRY(make_safe(&overrides));
    }

    if (stat(path, &info) == 0) {
        printf("file         %s (%lld bytes, %.2f MiB)\n", path, (long long) info.st_size,
               (double) info.st_size / (1024.0 * 1024.0));
    } else {
        printf("file         %s\n", path);
    }
    printf("scenario     %s (%s)\n", or_unknown(text[NAME]), or_unknown(text[PATH]));
    printf("overrides    %s\n", overrides && overrides[0] ? overrides : "(none)");
    if (has_seed && has_rep) {
        printf("seed         %" PRId64 ", replicate %" PRId64 " (stream key %s)\n", seed,
               replicate, or_unknown(text[KEY]));
    } else {
        printf("seed         (not recorded)\n");
    }
    printf("code         clustersim %s, commit %s (%s)\n", or_unknown(text[VERSION]),
           or_unknown(text[COMMIT]), or_unknown(text[FLAGS]));
    if (has_threads) {
        printf("threads      %" PRId64 " (ranks %" PRId64 ")\n", threads, has_ranks ? ranks : 1);
    } else {
        printf("threads      (not recorded)\n");
    }
    printf("wall time    %s to %s", or_unknown(text[START]), or_unknown(text[END]));
    if (has_seconds) {
        printf(" (%.2f s)", seconds);
    }
    printf("\n");
    if (text[RERUN]) {
        printf("rerun of     %s\n", text[RERUN]);
    }

cleanup:
    for (int k = 0; k < N_TEXT; ++k) {
        free(text[k]);
    }
    free(overrides);
    return st;
}

/* Step count and time span, from the clock the observables share. */
static csim_status print_clock(const csim_h5_reader *r, const char *first_obs) {
    csim_status st = CSIM_OK;
    char path[512];
    csim_h5_array steps = {0}, times = {0};
    char *unit = NULL;

    snprintf(path, sizeof path, CSIM_FMT_OBSERVABLES "/%s/step", first_obs);
    CSIM_TRY(csim_h5_read_array(r, path, CSIM_H5_INT64, &steps));
    snprintf(path, sizeof path, CSIM_FMT_OBSERVABLES "/%s/time", first_obs);
    CSIM_TRY(csim_h5_read_array(r, path, CSIM_H5_DOUBLE, &times));
    CSIM_TRY(attr_text(r, path, "unit", &unit));
    if (steps.n == 0 || times.n != steps.n) {
        printf("steps        0 (no month recorded)\n");
        goto cleanup;
    }
    const int64_t *s = steps.data;
    const double *t = times.data;
    printf("steps        %zu (steps %" PRId64 " to %" PRId64 "), time %.4f to %.4f %s\n", steps.n,
           s[0], s[steps.n - 1], t[0], t[times.n - 1], unit ? unit : "");

cleanup:
    free(unit);
    csim_h5_array_destroy(&steps);
    csim_h5_array_destroy(&times);
    return st;
}

/* Agents present in a particle group at snapshot position `k`: entries of its `id` row
 * that are not -1 (0 when the file has no such group). */
static csim_status count_present(const csim_h5_reader *r, const char *group, size_t k,
                                 size_t *count) {
    csim_status st = CSIM_OK;
    char path[256];
    csim_h5_array row = {0};
    csim_h5_info info;
    bool has = false;

    *count = 0;
    snprintf(path, sizeof path, "%s/id/value", group);
    CSIM_TRY(csim_h5_read_exists(r, path, &has));
    if (!has) {
        goto cleanup;
    }
    CSIM_TRY(csim_h5_read_info(r, path, &info));
    if (info.kind != CSIM_H5_KIND_DATASET || info.cls != CSIM_H5_CLASS_INTEGER ||
        info.rank != 2 || info.dims[0] <= k) {
        st = CSIM_FAIL(CSIM_EINVAL, "%s: '%s' should be integers [S][N] with a row for "
                                    "snapshot %zu", r->path, path, k);
        goto cleanup;
    }
    CSIM_TRY(csim_h5_read_rows(r, path, CSIM_H5_INT64, k, 1, &row));
    const int64_t *id = row.data;
    for (size_t j = 0; j < row.n; ++j) {
        *count += id[j] >= 0;
    }

cleanup:
    csim_h5_array_destroy(&row);
    return st;
}

/* "970 actors (firm 960, institution 10)": agents of one snapshot by particle group. */
static csim_status print_population(const csim_h5_reader *r, const char *label, size_t k,
                                    int64_t step) {
    csim_status st = CSIM_OK;
    size_t firms = 0, institutions = 0;

    CSIM_TRY(count_present(r, CSIM_FMT_PARTICLES "/firms", k, &firms));
    CSIM_TRY(count_present(r, CSIM_FMT_PARTICLES "/institutions", k, &institutions));
    printf("%-12s %s snapshot (step %" PRId64 "): %zu actors (firm %zu, institution %zu)\n", "",
           label, step, firms + institutions, firms, institutions);

cleanup:
    return st;
}

static int compare_ids(const void *a, const void *b) {
    const int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
    return (x > y) - (x < y);
}

/* Memberships at the last snapshot: how many firms belong to some MC, WG, organisation,
 * and how many distinct bodies they form. */
static csim_status print_memberships(const csim_h5_reader *r, size_t k) {
    csim_status st = CSIM_OK;
    static const char *const bodies[] = {"mc", "wg", "org"};
    csim_h5_array row = {0};
    int64_t *seen = NULL;

    printf("%-12s memberships:", "");
    for (size_t b = 0; b < sizeof bodies / sizeof bodies[0]; ++b) {
        char path[128];
        bool has = false;
        snprintf(path, sizeof path, CSIM_FMT_PARTICLES "/firms/%s/value", bodies[b]);
        CSIM_TRY(csim_h5_read_exists(r, path, &has));
        if (!has) {
            printf(" %s (not recorded)", bodies[b]);
            continue;
        }
        CSIM_TRY(csim_h5_read_rows(r, path, CSIM_H5_INT64, k, 1, &row));
        const int64_t *v = row.data;
        size_t members = 0, distinct = 0;
        if (!(seen = malloc((row.n > 0 ? row.n : 1) * sizeof *seen))) {
            st = CSIM_FAIL(CSIM_ENOMEM, "memberships");
            goto cleanup;
        }
        for (size_t j = 0; j < row.n; ++j) {
            if (v[j] >= 0) {
                seen[members++] = v[j];
            }
        }
        /* Distinct bodies: sort the member's body ids and count the changes. */
        qsort(seen, members, sizeof *seen, compare_ids);
        for (size_t q = 0; q < members; ++q) {
            distinct += q == 0 || seen[q] != seen[q - 1];
        }
        printf("%s %s %zu firms in %zu", b > 0 ? "," : "", bodies[b], members, distinct);
        free(seen);
        seen = NULL;
        csim_h5_array_destroy(&row);
    }
    printf("\n");

cleanup:
    free(seen);
    csim_h5_array_destroy(&row);
    return st;
}

/* Rows per snapshot of a network layer, at the first and last snapshot. */
static csim_status print_layer(const csim_h5_reader *r, const char *layer) {
    csim_status st = CSIM_OK;
    char path[256];
    csim_h5_array where = {0}, steps = {0};
    bool has = false;

    snprintf(path, sizeof path, CSIM_FMT_CONNECTIVITY "/%s/snapshot/value", layer);
    CSIM_TRY(csim_h5_read_exists(r, path, &has));
    if (!has) {
        printf("%-12s %s: (not recorded)\n", "", layer);
        goto cleanup;
    }
    snprintf(path, sizeof path, CSIM_FMT_CONNECTIVITY "/%s", layer);
    CSIM_TRY(csim_snapshot_steps(r, path, &steps));
    snprintf(path, sizeof path, CSIM_FMT_CONNECTIVITY "/%s/snapshot/value", layer);
    CSIM_TRY(csim_h5_read_array(r, path, CSIM_H5_INT64, &where));
    if (where.rank != 2 || where.dims[1] != 2 || where.dims[0] != steps.n) {
        st = CSIM_FAIL(CSIM_EINVAL, "%s: '%s' should be [%zu][2] (offset, count)", r->path, path,
                       steps.n);
        goto cleanup;
    }
    if (steps.n == 0) {
        printf("%-12s %s: no snapshot\n", "", layer);
        goto cleanup;
    }
    const int64_t *w = where.data, *s = steps.data;
    printf("%-12s %s: %" PRId64 " edges at step %" PRId64 ", %" PRId64 " at step %" PRId64 "\n",
           "", layer, w[1], s[0], w[2 * steps.n - 1], s[steps.n - 1]);

cleanup:
    csim_h5_array_destroy(&where);
    csim_h5_array_destroy(&steps);
    return st;
}

static csim_status print_snapshots(const csim_h5_reader *r) {
    csim_status st = CSIM_OK;
    csim_h5_array steps = {0};
    bool has = false;
    char list[1024];

    CSIM_TRY(csim_h5_read_exists(r, CSIM_FMT_PARTICLES "/firms/id/step", &has));
    if (!has) {
        printf("snapshots    (not recorded)\n");
        goto cleanup;
    }
    CSIM_TRY(csim_particles_steps(r, CSIM_FMT_PARTICLES "/firms", &steps));
    csim_snapshot_steps_text(&steps, list, sizeof list);
    if (steps.n == 0) {
        printf("snapshots    none (run.snapshot_interval 0)\n");
    } else {
        printf("snapshots    %zu, at steps %s\n", steps.n, list);
    }
    if (steps.n > 0) {
        const int64_t *s = steps.data;
        CSIM_TRY(print_population(r, "first", 0, s[0]));
        CSIM_TRY(print_population(r, "last", steps.n - 1, s[steps.n - 1]));
        CSIM_TRY(print_memberships(r, steps.n - 1));
        CSIM_TRY(print_layer(r, "collaboration"));
        CSIM_TRY(print_layer(r, "supply"));
    }

cleanup:
    csim_h5_array_destroy(&steps);
    return st;
}

/* The `names` attribute of the code column `path`, made printable; none when absent. */
static csim_status read_code_names(const csim_h5_reader *r, const char *path, char ***names,
                                   size_t *n_names) {
    csim_status st = CSIM_OK;
    bool has_names = false;
    CSIM_TRY(csim_h5_read_attr_exists(r, path, "names", &has_names));
    if (has_names) {
        CSIM_TRY(csim_h5_read_attr_strings(r, path, "names", names, n_names));
        for (size_t j = 0; j < *n_names; ++j) {
            CSIM_TRY(make_safe(&(*names)[j]));
        }
    }
cleanup:
    return st;
}

/* How the rows of a code column (the events' or the programme bodies' `kind`) fall on
 * its named kinds; the slot after the last name counts the codes without one. */
typedef struct kind_counts {
    char **names;   /* n_names printable names, from the column's `names` attribute   */
    size_t n_names; /* entries of `names`                                             */
    size_t n_rows;  /* rows of the column                                             */
    size_t *rows;   /* n_names + 1: rows of each kind                                 */
    size_t *ended;  /* n_names + 1: of those, rows whose end step is set (bodies only) */
} kind_counts;

static void kind_counts_destroy(kind_counts *kc) {
    free(kc->rows);
    free(kc->ended);
    csim_str_list_free(kc->names, kc->n_names);
    *kc = (kind_counts){0};
}

/* Count the column `kind_path` by kind and, when `ended_path` is not NULL, how many rows
 * of each kind have an end step there (>= 0). `what` names the counts when memory runs
 * out. */
static csim_status count_kinds(const csim_h5_reader *r, const char *kind_path,
                               const char *ended_path, const char *what, kind_counts *kc) {
    csim_status st = CSIM_OK;
    csim_h5_array kinds = {0}, ended = {0};

    CSIM_TRY(csim_h5_read_array(r, kind_path, CSIM_H5_INT64, &kinds));
    if (ended_path) {
        CSIM_TRY(csim_h5_read_array(r, ended_path, CSIM_H5_INT64, &ended));
    }
    CSIM_TRY(read_code_names(r, kind_path, &kc->names, &kc->n_names));
    kc->rows = calloc(kc->n_names + 1, sizeof *kc->rows);
    kc->ended = calloc(kc->n_names + 1, sizeof *kc->ended);
    if (!kc->rows || !kc->ended) {
        st = CSIM_FAIL(CSIM_ENOMEM, "%s", what);
        goto cleanup;
    }
    kc->n_rows = kinds.n;
    const int64_t *k = kinds.data, *e = ended.data;
    for (size_t i = 0; i < kinds.n; ++i) {
        const size_t j = k[i] >= 0 && (uint64_t) k[i] < kc->n_names ? (size_t) k[i] : kc->n_names;
        kc->rows[j]++;
        kc->ended[j] += i < ended.n && e[i] >= 0;
    }

cleanup:
    csim_h5_array_destroy(&kinds);
    csim_h5_array_destroy(&ended);
    return st;
}

/* "LABEL  N: kind n, ..." on one line, each kind followed by " (e ended)" when asked. */
static void print_kind_counts(const char *label, const kind_counts *kc, bool with_ended) {
    printf("%-13s%zu", label, kc->n_rows);
    const char *sep = ": ";
    for (size_t j = 0; j <= kc->n_names; ++j) {
        if (kc->rows[j] > 0) {
            printf("%s%s %zu", sep, j < kc->n_names ? kc->names[j] : "unnamed kind", kc->rows[j]);
            if (with_ended) {
                printf(" (%zu ended)", kc->ended[j]);
            }
            sep = ", ";
        }
    }
    printf("\n");
}

/* One line of counts by kind: what it shows and where its columns are. */
typedef struct kind_line {
    const char *label;      /* "events"                                                  */
    const char *kind_path;  /* the code column                                           */
    const char *ended_path; /* the end steps to count per kind, or NULL                   */
    const char *what;       /* names the counts when memory runs out                      */
    const char *absent;     /* printed when the column is not recorded, or NULL: nothing   */
} kind_line;

/* The events, by kind. */
static const kind_line events_line = {"events", CSIM_FMT_EVENTS "/kind", NULL, "event counts",
                                      "events       (not recorded)"};
/* The programme bodies (/programme/bodies, files since 6 Dec 2026): how many of each
 * kind, and how many of them ended; nothing for files written before they were recorded. */
static const kind_line bodies_line = {"bodies", CSIM_FMT_PROGRAMME "/bodies/kind",
                                      CSIM_FMT_PROGRAMME "/bodies/ended_step", "body counts",
                                      NULL};

static csim_status print_kinds(const csim_h5_reader *r, const kind_line *line) {
    csim_status st = CSIM_OK;
    kind_counts kc = {0};
    bool has = false;

    CSIM_TRY(csim_h5_read_exists(r, line->kind_path, &has));
    if (!has) {
        if (line->absent) {
            printf("%s\n", line->absent);
        }
        goto cleanup;
    }
    CSIM_TRY(count_kinds(r, line->kind_path, line->ended_path, line->what, &kc));
    print_kind_counts(line->label, &kc, line->ended_path != NULL);

cleanup:
    kind_counts_destroy(&kc);
    return st;
}

/* One observable: first and last value of a scalar series, or the width of a vector. */
static csim_status print_observable(const csim_h5_reader *r, const char *raw_name) {
    csim_status st = CSIM_OK;
    char path[512];
    csim_h5_info info;
    csim_h5_array first = {0}, last = {0};
    char *unit = NULL;
    char *name = csim_quote_dup(raw_name);
    bool has = false;

    if (!name) {
        return CSIM_FAIL(CSIM_ENOMEM, "observable name");
    }
    snprintf(path, sizeof path, CSIM_FMT_OBSERVABLES "/%s/value", raw_name);
    CSIM_TRY(csim_h5_read_exists(r, path, &has));
    if (!has) {
        printf("  %-27s (no value dataset)\n", name);
        goto cleanup;
    }
    CSIM_TRY(csim_h5_read_info(r, path, &info));
    CSIM_TRY(attr_text(r, path, "unit", &unit));
    const char *u = unit ? unit : "";
    if (info.kind != CSIM_H5_KIND_DATASET ||
        (info.cls != CSIM_H5_CLASS_FLOAT && info.cls != CSIM_H5_CLASS_INTEGER) || info.rank < 1) {
        printf("  %-27s (not a numeric series)\n", name);
    } else if (info.rank >= 2) {
        printf("  %-27s vector of %zu components per step%s%s\n", name, info.dims[1],
               u[0] ? ", unit " : "", u);
    } else if (info.dims[0] == 0) {
        printf("  %-27s (no values)\n", name);
    } else {
        CSIM_TRY(csim_h5_read_rows(r, path, CSIM_H5_DOUBLE, 0, 1, &first));
        CSIM_TRY(csim_h5_read_rows(r, path, CSIM_H5_DOUBLE, info.dims[0] - 1, 1, &last));
        printf("  %-27s %14.6g %14.6g  %s\n", name, ((const double *) first.data)[0],
               ((const double *) last.data)[0], u);
    }

cleanup:
    free(name);
    free(unit);
    csim_h5_array_destroy(&first);
    csim_h5_array_destroy(&last);
    return st;
}

/* Everything below /parameters: the clock, snapshots, events and observables. */
static csim_status print_contents(const csim_h5_reader *r) {
    csim_status st = CSIM_OK;
    char **names = NULL;
    size_t n = 0;
    bool has = false;

    CSIM_TRY(csim_h5_read_exists(r, CSIM_FMT_OBSERVABLES, &has));
    if (has) {
        CSIM_TRY(csim_h5_read_children(r, CSIM_FMT_OBSERVABLES, &names, &n));
    }
    if (n == 0) {
        printf("steps        (no observables recorded)\n");
        goto cleanup;
    }
    CSIM_TRY(print_clock(r, names[0]));
    CSIM_TRY(print_snapshots(r));
    CSIM_TRY(print_kinds(r, &events_line));
    CSIM_TRY(print_kinds(r, &bodies_line));
    printf("observables  %zu (scalars: first and last value; vectors: their width)\n", n);
    printf("  %-27s %14s %14s  %s\n", "name", "first", "last", "unit");
    for (size_t i = 0; i < n; ++i) {
        CSIM_TRY(print_observable(r, names[i]));
    }

cleanup:
    csim_str_list_free(names, n);
    return st;
}

/* ------------------------------------------------------------------------------------ */
/* An ensemble or sweep folder: DIR/index.h5 (scenarios/ensemble/index.h)             */
/* ------------------------------------------------------------------------------------ */

/* Tasks of one point (scenario or design point) by status. */
typedef struct point_counts {
    size_t tasks, ok, failed, pending;
} point_counts;

/* Count `status` into `c`. */
static void count_status(point_counts *c, const char *status) {
    c->tasks++;
    c->ok += strcmp(status, "ok") == 0;
    c->failed += strcmp(status, "failed") == 0;
    c->pending += strcmp(status, "ok") != 0 && strcmp(status, "failed") != 0;
}

/* The string column `name` of the task table, of `n` rows (escaped for the terminal). */
static csim_status task_strings(const csim_h5_reader *r, const char *name, size_t n,
                                char ***values) {
    csim_status st = CSIM_OK;
    char path[256];
    size_t got = 0;
    snprintf(path, sizeof path, CSIM_FMT_TASK_TABLE "/%s", name);
    CSIM_TRY(csim_h5_read_strings(r, path, values, &got));
    if (got != n) {
        csim_str_list_free(*values, got);
        *values = NULL;
        return CSIM_FAIL(CSIM_EINVAL, "%s: '%s' has %zu rows, the task table %zu", r->path,
                         path, got, n);
    }
    for (size_t k = 0; k < n && st == CSIM_OK; ++k) {
        st = make_safe(&(*values)[k]);
    }
cleanup:
    return st;
}

/* Steps and years of the runs, from the first complete task's file (every task of a folder
 * runs the same months unless run.steps or run.start_year is swept). */
static csim_status print_folder_clock(const char *dir, char *const *status, char *const *files,
                                      size_t n) {
    csim_status st = CSIM_OK;
    csim_h5_reader task = {0};
    char **names = NULL, *path = NULL;
    size_t n_names = 0, k = 0;
    csim_h5_array times = {0};
    while (k < n && strcmp(status[k], "ok") != 0) {
        ++k;
    }
    if (k == n) {
        printf("steps        (no complete task to read them from)\n");
        return CSIM_OK;
    }
    const size_t len = strlen(dir) + strlen(files[k]) + 2;
    if (!(path = malloc(len))) {
        return CSIM_FAIL(CSIM_ENOMEM, "a path");
    }
    snprintf(path, len, "%s/%s", dir, files[k]);
    CSIM_TRY(csim_cli_trajectory_open(&task, path));
    CSIM_TRY(csim_h5_read_children(&task, CSIM_FMT_OBSERVABLES, &names, &n_names));
    if (n_names == 0) {
        printf("steps        (no observables in %s)\n", files[k]);
        goto cleanup;
    }
    CSIM_TRY(print_clock(&task, names[0]));
    char clock[512];
    snprintf(clock, sizeof clock, CSIM_FMT_OBSERVABLES "/%s/time", names[0]);
    CSIM_TRY(csim_h5_read_array(&task, clock, CSIM_H5_DOUBLE, &times));
    if (times.n > 0) {
        const double *t = times.data;
        printf("years        %.0f to %.0f (read from %s)\n", floor(t[0]),
               floor(t[times.n - 1]), files[k]);
    }

cleanup:
    csim_h5_array_destroy(&times);
    csim_str_list_free(names, n_names);
    csim_h5_reader_close(&task);
    free(path);
    return st;
}

/* The swept parameters of a sweep's index and the value each task ran (the task table's
 * column of each, /ensemble/parameters naming them). Zeroed: none. */
typedef struct swept_params {
    char **names;        /* owned: n names, escaped                                 */
    size_t n;
    csim_h5_array *cols; /* owned: n columns of n_tasks doubles (n 0: none read)    */
} swept_params;

static void swept_destroy(swept_params *sw) {
    for (size_t p = 0; sw->cols && p < sw->n; ++p) {
        csim_h5_array_destroy(&sw->cols[p]);
    }
    free(sw->cols);
    csim_str_list_free(sw->names, sw->n);
    memset(sw, 0, sizeof *sw);
}

static csim_status swept_read(const csim_h5_reader *r, size_t n_tasks, swept_params *sw) {
    csim_status st = CSIM_OK;
    bool has = false;
    memset(sw, 0, sizeof *sw);
    CSIM_TRY(csim_h5_read_exists(r, CSIM_FMT_ENSEMBLE "/parameters", &has));
    if (has) {
        CSIM_TRY(csim_h5_read_strings(r, CSIM_FMT_ENSEMBLE "/parameters", &sw->names, &sw->n));
    }
    if (sw->n > 0 && !(sw->cols = calloc(sw->n, sizeof *sw->cols))) {
        st = CSIM_FAIL(CSIM_ENOMEM, "%zu parameter columns", sw->n);
        goto cleanup;
    }
    for (size_t p = 0; p < sw->n; ++p) {
        char path[512];
        snprintf(path, sizeof path, CSIM_FMT_TASK_TABLE "/%s", sw->names[p]);
        CSIM_TRY(csim_h5_read_array(r, path, CSIM_H5_DOUBLE, &sw->cols[p]));
        CSIM_TRY(make_safe(&sw->names[p]));
        if (sw->cols[p].n != n_tasks) {
            st = CSIM_FAIL(CSIM_EINVAL, "%s: '%s' has %zu rows, the task table %zu", r->path,
                           path, sw->cols[p].n, n_tasks);
            goto cleanup;
        }
    }
cleanup:
    if (st != CSIM_OK) {
        swept_destroy(sw);
    }
    return st;
}

/* Swept parameters: the values the tasks ran, min, max and how many distinct values. */
static void print_swept(const swept_params *sw) {
    if (sw->n == 0) {
        return;
    }
    printf("parameters   %zu swept (values the tasks ran)\n", sw->n);
    for (size_t p = 0; p < sw->n; ++p) {
        const double *v = sw->cols[p].data;
        const size_t n = sw->cols[p].n;
        if (n == 0) {
            printf("  %-30s (no values)\n", sw->names[p]);
            continue;
        }
        double lo = v[0], hi = v[0];
        size_t distinct = 0;
        for (size_t k = 0; k < n; ++k) {
            lo = v[k] < lo ? v[k] : lo;
            hi = v[k] > hi ? v[k] : hi;
            size_t j = 0;
            while (j < k && v[j] != v[k]) {
                ++j;
            }
            distinct += j == k;
        }
        printf("  %-30s %.6g to %.6g, %zu distinct value%s\n", sw->names[p], lo, hi, distinct,
               distinct == 1 ? "" : "s");
    }
}

/* Points (scenarios or design points) with their tasks by status; the failed tasks'
 * errors. At most `MAX_POINTS_LISTED` points are listed. */
#define MAX_POINTS_LISTED 20
#define MAX_FAILED_LISTED 5
static csim_status print_points(char *const *labels, const int64_t *replicate,
                                char *const *status, char *const *errors, size_t n,
                                bool sweep, const swept_params *sw) {
    csim_status st = CSIM_OK;
    size_t n_points = 0, listed = 0;
    char **point = calloc(n > 0 ? n : 1, sizeof *point);
    size_t *first = calloc(n > 0 ? n : 1, sizeof *first); /* a task of each point */
    point_counts *counts = calloc(n > 0 ? n : 1, sizeof *counts);
    point_counts all = {0};
    int64_t rep_max = -1;
    if (!point || !first || !counts) {
        st = CSIM_FAIL(CSIM_ENOMEM, "%zu tasks", n);
        goto cleanup;
    }
    for (size_t k = 0; k < n; ++k) {
        size_t p = 0;
        while (p < n_points && strcmp(point[p], labels[k]) != 0) {
            ++p;
        }
        if (p == n_points) {
            first[n_points] = k;
            point[n_points++] = labels[k];
        }
        count_status(&counts[p], status[k]);
        count_status(&all, status[k]);
        rep_max = replicate[k] > rep_max ? replicate[k] : rep_max;
    }
    printf("tasks        %zu: %zu complete, %zu failed, %zu not run\n", all.tasks, all.ok,
           all.failed, all.pending);
    printf("%-12s %zu, replicates %" PRId64 " (0 to %" PRId64 ")\n",
           sweep ? "points" : "scenarios", n_points, rep_max + 1, rep_max);
    printf("  %-30s %6s %9s %7s %8s%s\n", sweep ? "point" : "scenario", "tasks", "complete",
           "failed", "not run", sw->n > 0 ? "  parameters" : "");
    for (size_t p = 0; p < n_points && listed < MAX_POINTS_LISTED; ++p, ++listed) {
        printf("  %-30s %6zu %9zu %7zu %8zu", point[p], counts[p].tasks, counts[p].ok,
               counts[p].failed, counts[p].pending);
        for (size_t q = 0; q < sw->n; ++q) {
            printf("%s%s=%.6g", q == 0 ? "  " : " ", sw->names[q],
                   ((const double *) sw->cols[q].data)[first[p]]);
        }
        printf("\n");
    }
    if (n_points > listed) {
        printf("  ... and %zu more (tasks.csv lists every task)\n", n_points - listed);
    }
    for (size_t k = 0, shown = 0; k < n && shown < MAX_FAILED_LISTED; ++k) {
        if (strcmp(status[k], "failed") == 0) {
            printf("%-12s %s r%" PRId64 ": %s\n", shown == 0 ? "failed" : "", labels[k],
                   replicate[k], errors[k][0] ? errors[k] : "(no message)");
            ++shown;
        }
    }

cleanup:
    free(point);
    free(first);
    free(counts);
    return st;
}

/* The summary of an ensemble or sweep folder from its index (already open as `r`). */
static csim_status print_folder(const csim_h5_reader *r, const char *dir) {
    csim_status st = CSIM_OK;
    static const char *const names[] = {
        CSIM_FMT_ATTR_KIND,         CSIM_FMT_ATTR_DESIGN,       CSIM_FMT_ATTR_SWEEP_PATH,
        CSIM_FMT_ATTR_BASE_SCENARIO, CSIM_FMT_ATTR_COMMAND_LINE, CSIM_FMT_ATTR_CODE_VERSION,
        CSIM_FMT_ATTR_CODE_COMMIT,  CSIM_FMT_ATTR_STARTED,      CSIM_FMT_ATTR_FINISHED};
    enum { KIND, DESIGN, SWEEP, BASE, COMMAND, VERSION, COMMIT, START, END, N_TEXT };
    char *text[N_TEXT] = {NULL};
    char **labels = NULL, **status = NULL, **errors = NULL, **files = NULL;
    size_t n = 0;
    csim_h5_array replicate = {0};
    swept_params sw = {0};

    for (int k = 0; k < N_TEXT; ++k) {
        CSIM_TRY(attr_text(r, CSIM_FMT_ENSEMBLE, names[k], &text[k]));
    }
    CSIM_TRY(csim_h5_read_array(r, CSIM_FMT_TASK_TABLE "/replicate", CSIM_H5_INT64, &replicate));
    n = replicate.n;
    CSIM_TRY(task_strings(r, "label", n, &labels));
    CSIM_TRY(task_strings(r, "status", n, &status));
    CSIM_TRY(task_strings(r, "error", n, &errors));
    CSIM_TRY(task_strings(r, "file", n, &files));
    CSIM_TRY(swept_read(r, n, &sw));
    const bool sweep = text[KIND] && strcmp(text[KIND], "sweep") == 0;
    printf("folder       %s (index.h5, tasks.csv)\n", dir);
    printf("kind         %s", or_unknown(text[KIND]));
    if (text[DESIGN]) {
        printf(", design %s", text[DESIGN]);
    }
    if (text[SWEEP]) {
        printf(", sweep file %s", text[SWEEP]);
    }
    printf("\n");
    if (text[BASE]) {
        printf("base         %s\n", text[BASE]);
    }
    printf("command      %s\n", or_unknown(text[COMMAND]));
    printf("code         clustersim %s, commit %s\n", or_unknown(text[VERSION]),
           or_unknown(text[COMMIT]));
    printf("wall time    %s to %s\n", or_unknown(text[START]), or_unknown(text[END]));
    CSIM_TRY(print_points(labels, replicate.data, status, errors, n, sweep, &sw));
    print_swept(&sw);
    CSIM_TRY(print_folder_clock(dir, status, files, n));

cleanup:
    for (int k = 0; k < N_TEXT; ++k) {
        free(text[k]);
    }
    csim_str_list_free(labels, labels ? n : 0);
    csim_str_list_free(status, status ? n : 0);
    csim_str_list_free(errors, errors ? n : 0);
    csim_str_list_free(files, files ? n : 0);
    csim_h5_array_destroy(&replicate);
    swept_destroy(&sw);
    return st;
}

/* Whether the open file is an ensemble's index (/ensemble and /task_table). */
static csim_status is_index(const csim_h5_reader *r, bool *index) {
    bool ensemble = false, table = false;
    csim_status st = csim_h5_read_exists(r, CSIM_FMT_ENSEMBLE, &ensemble);
    if (st == CSIM_OK) {
        st = csim_h5_read_exists(r, CSIM_FMT_TASK_TABLE, &table);
    }
    *index = ensemble && table;
    return st;
}

int csim_cmd_inspect(int argc, char **argv) {
    const char *input = NULL;
    csim_h5_reader reader = {0};
    csim_status st = CSIM_OK;
    int rc = CSIM_EXIT_OK;

    csim_opt_args args = {0};
    const int parsed = csim_opts_read(&inspect_spec, argc, argv, NULL, &args);
    const bool help = args.help;
    input = args.n_operands ? args.operands[0] : NULL; /* a word of argv: outlives the args */
    csim_opt_args_destroy(&args);
    if (parsed != CSIM_EXIT_OK || help) {
        return parsed;
    }
    /* A folder is an ensemble's or sweep's: its index.h5 is read. */
    struct stat info;
    char *index_path = NULL, *dir = NULL;
    if (stat(input, &info) == 0 && S_ISDIR(info.st_mode)) {
        const size_t len = strlen(input) + sizeof "/" CSIM_FMT_INDEX_FILE;
        if (!(index_path = malloc(len))) {
            return csim_cli_report("inspect", CSIM_FAIL(CSIM_ENOMEM, "a path"));
        }
        snprintf(index_path, len, "%s/" CSIM_FMT_INDEX_FILE, input);
        if (stat(index_path, &info) != 0) {
            free(index_path);
            return csim_cli_report_input(
                "inspect", input,
                csim_fail_plain(CSIM_EINVAL, "%s: a folder without index.h5: not an ensemble or "
                                             "sweep folder (inspect takes a trajectory file or "
                                             "such a folder)", input));
        }
    }
    const char *file = index_path ? index_path : input;
    /* Everything read from FILE is the user's input: a failure to read it exits 2. */
    bool index = false;
    if ((st = csim_h5_reader_open(&reader, file)) == CSIM_OK &&
        (st = is_index(&reader, &index)) == CSIM_OK && index) {
        /* The folder of the index: DIR, or the folder of DIR/index.h5. */
        if (!index_path && (dir = csim_str_copy(input)) != NULL) {
            char *slash = strrchr(dir, '/');
            if (slash && slash != dir) {
                *slash = '\0';
            } else if (slash) {
                dir[1] = '\0';
            } else {
                strcpy(dir, ".");
            }
        }
        st = dir || index_path ? print_folder(&reader, index_path ? input : dir)
                               : CSIM_FAIL(CSIM_ENOMEM, "a path");
    } else if (st == CSIM_OK) {
        if ((st = csim_trajectory_file_check(&reader)) == CSIM_OK &&
            (st = print_provenance(&reader, input)) == CSIM_OK) {
            st = print_contents(&reader);
        }
    }
    if (st != CSIM_OK) {
        fflush(stdout);
        rc = csim_cli_report_input("inspect", file, st);
    }
    csim_h5_reader_close(&reader);
    free(index_path);
    free(dir);
    return rc;
}
