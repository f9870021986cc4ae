/*
 * Walking two files in step and comparing their datasets bit for bit, block by block so
 * that a large snapshot table never has to fit in memory twice over.
 */
#include "analysis/readers/trajectory_compare.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/str_copy.h"

/* Values per block read from each file (8 bytes each: 8 MiB). */
#define BLOCK_VALUES ((size_t) 1 << 20)

/* Longest object path handled; deeper paths are reported, not truncated silently. */
#define PATH_LEN 1024

void csim_trajectory_compare_destroy(csim_trajectory_compare *cmp) {
    if (!cmp) {
        return;
    }
    free(cmp->difference);
    memset(cmp, 0, sizeof *cmp);
}

/* Record the first difference (later ones are not looked for). */
static csim_status differ(csim_trajectory_compare *cmp, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static csim_status differ(csim_trajectory_compare *cmp, const char *fmt, ...) {
    char text[PATH_LEN + 256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    cmp->difference = malloc(strlen(text) + 1);
    if (!cmp->difference) {
        return CSIM_FAIL(CSIM_ENOMEM, "difference text");
    }
    strcpy(cmp->difference, text);
    return CSIM_OK;
}

static const char *class_name(csim_h5_class cls) {
    switch (cls) {
    case CSIM_H5_CLASS_INTEGER:
        return "integer";
    case CSIM_H5_CLASS_FLOAT:
        return "float";
    case CSIM_H5_CLASS_STRING:
        return "string";
    default:
        return "other";
    }
}

static csim_status compare_strings(csim_trajectory_compare *cmp, const csim_h5_reader *a,
                                   const csim_h5_reader *b, const char *path) {
    csim_status st = CSIM_OK;
    char **sa = NULL, **sb = NULL;
    size_t na = 0, nb = 0;

    CSIM_TRY(csim_h5_read_strings(a, path, &sa, &na));
    CSIM_TRY(csim_h5_read_strings(b, path, &sb, &nb));
    for (size_t i = 0; i < na && i < nb; ++i) {
        if (strcmp(sa[i], sb[i]) != 0) {
            CSIM_TRY(differ(cmp, "%s: string %zu differs", path, i));
            goto cleanup;
        }
    }
    cmp->values += na;

cleanup:
    csim_str_list_free(sa, na);
    csim_str_list_free(sb, nb);
    return st;
}

static csim_status compare_numbers(csim_trajectory_compare *cmp, const csim_h5_reader *a,
                                   const csim_h5_reader *b, const char *path,
                                   const csim_h5_info *info) {
    csim_status st = CSIM_OK;
    csim_h5_array xa = {0}, xb = {0};
    const csim_h5_type type = info->cls == CSIM_H5_CLASS_INTEGER ? CSIM_H5_INT64 : CSIM_H5_DOUBLE;

    if (info->rank == 0) {
        CSIM_TRY(csim_h5_read_array(a, path, type, &xa));
        CSIM_TRY(csim_h5_read_array(b, path, type, &xb));
        if (memcmp(xa.data, xb.data, 8) != 0) {
            CSIM_TRY(differ(cmp, "%s: the value differs", path));
        }
        cmp->values += 1;
        goto cleanup;
    }
    size_t row_values = 1;
    for (size_t k = 1; k < info->rank; ++k) {
        row_values *= info->dims[k];
    }
    const size_t rows = info->dims[0];
    const size_t block = row_values > 0 && row_values < BLOCK_VALUES ? BLOCK_VALUES / row_values : 1;
    for (size_t first = 0; first < rows && row_values > 0; first += block) {
        const size_t count = rows - first < block ? rows - first : block;
        CSIM_TRY(csim_h5_read_rows(a, path, type, first, count, &xa));
        CSIM_TRY(csim_h5_read_rows(b, path, type, first, count, &xb));
        if (memcmp(xa.data, xb.data, xa.n * 8) != 0) {
            size_t k = 0;
            while (k < xa.n && memcmp((const char *) xa.data + 8 * k,
                                      (const char *) xb.data + 8 * k, 8) == 0) {
                ++k;
            }
            CSIM_TRY(differ(cmp, "%s: row %zu differs", path, first + k / row_values));
            goto cleanup;
        }
        cmp->values += xa.n;
        csim_h5_array_destroy(&xa);
        csim_h5_array_destroy(&xb);
    }

cleanup:
    csim_h5_array_destroy(&xa);
    csim_h5_array_destroy(&xb);
    return st;
}

static csim_status compare_dataset(csim_trajectory_compare *cmp, const csim_h5_reader *a,
                                   const csim_h5_reader *b, const char *path,
                                   const csim_h5_info *ia, const csim_h5_info *ib) {
    if (ia->cls != ib->cls) {
        return differ(cmp, "%s: %s values in one file, %s in the other", path,
                      class_name(ia->cls), class_name(ib->cls));
    }
    if (ia->rank != ib->rank || memcmp(ia->dims, ib->dims, sizeof ia->dims) != 0) {
        return differ(cmp, "%s: shapes differ (%zu axes, %zu rows vs %zu axes, %zu rows)", path,
                      ia->rank, ia->dims[0], ib->rank, ib->dims[0]);
    }
    if (ia->rank > CSIM_H5_MAX_RANK || ia->cls == CSIM_H5_CLASS_OTHER) {
        return CSIM_FAIL(CSIM_EINVAL, "%s: '%s' is a kind of dataset not compared here", a->path,
                         path);
    }
    cmp->datasets++;
    return ia->cls == CSIM_H5_CLASS_STRING ? compare_strings(cmp, a, b, path)
                                           : compare_numbers(cmp, a, b, path, ia);
}

csim_status csim_trajectory_compare_group(csim_trajectory_compare *cmp, const csim_h5_reader *a,
                               const csim_h5_reader *b, const char *group) {
    csim_status st = CSIM_OK;
    char **na = NULL, **nb = NULL;
    size_t ca = 0, cb = 0;
    bool in_b = false;

    if (cmp->difference) {
        return CSIM_OK;
    }
    CSIM_TRY(csim_h5_read_exists(b, group, &in_b));
    CSIM_TRY(csim_h5_read_children(a, group, &na, &ca));
    if (!in_b) {
        CSIM_TRY(differ(cmp, "%s: missing from %s", group, b->path));
        goto cleanup;
    }
    CSIM_TRY(csim_h5_read_children(b, group, &nb, &cb));
    /* Both lists are in byte-wise name order, so the first mismatch is the difference. */
    for (size_t i = 0; i < ca || i < cb; ++i) {
        if (i >= ca || i >= cb || strcmp(na[i], nb[i]) != 0) {
            const bool only_a = i < ca && (i >= cb || strcmp(na[i], nb[i]) < 0);
            CSIM_TRY(differ(cmp, "%s/%s: only in %s", group, only_a ? na[i] : nb[i],
                            only_a ? a->path : b->path));
            goto cleanup;
        }
    }
    for (size_t i = 0; i < ca && !cmp->difference; ++i) {
        char path[PATH_LEN];
        const int len = snprintf(path, sizeof path, "%s%s%s", group,
                                 strcmp(group, "/") == 0 ? "" : "/", na[i]);
        if (len < 0 || (size_t) len >= sizeof path) {
            st = CSIM_FAIL(CSIM_EINVAL, "%s: object path under '%s' too long", a->path, group);
            goto cleanup;
        }
        csim_h5_info ia, ib;
        CSIM_TRY(csim_h5_read_info(a, path, &ia));
        CSIM_TRY(csim_h5_read_info(b, path, &ib));
        if (ia.kind != ib.kind) {
            CSIM_TRY(differ(cmp, "%s: a group in one file, not in the other", path));
        } else if (ia.kind == CSIM_H5_KIND_GROUP) {
            CSIM_TRY(csim_trajectory_compare_group(cmp, a, b, path));
        } else if (ia.kind == CSIM_H5_KIND_DATASET) {
            CSIM_TRY(compare_dataset(cmp, a, b, path, &ia, &ib));
        }
    }

cleanup:
    csim_str_list_free(na, ca);
    csim_str_list_free(nb, cb);
    return st;
}
