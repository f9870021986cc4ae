/* Tests of analysis/readers/trajectory_compare.h: identical files compare equal, and a single
 * changed bit, a missing dataset or a different shape is found and named. */

#include <criterion/criterion.h>

#include <stdio.h>
#include <string.h>

#include "analysis/readers/trajectory_compare.h"
#include "sim/h5_file.h"
#include "sim/h5_read.h"
#include "sim/h5_series.h"
#include "tests/support/test_support.h"

TestSuite(trajectory_compare, .init = csim_test_quiet_libraries);

static const char *const names[] = {"x", "y"};

/* A file with a [rows][2] series, a string dataset and an event table; `bump` adds a
 * value to row `bump_row` of the series (0.0: unchanged), `extra` adds a dataset. */
static void write_file(const char *path, size_t rows, double bump, size_t bump_row, bool extra) {
    csim_h5_file f;
    csim_h5_series s;
    csim_h5_table t;
    CSIM_ASSERT_OK(csim_h5_create(&f, path, "tester", "test", true));
    const csim_h5_series_spec spec = {.type = CSIM_H5_DOUBLE, .rank = 1, .dims = {2, 0},
                                      .time_unit = "year", .names = names, .n_names = 2};
    CSIM_ASSERT_OK(csim_h5_series_open(&s, &f, "/observables/v", &spec));
    for (size_t i = 0; i < rows; ++i) {
        double row[2] = {(double) i / 3.0, -(double) i};
        if (i == bump_row) {
            row[0] += bump;
        }
        CSIM_ASSERT_OK(csim_h5_series_append(&s, (int64_t) i, 2000.0 + (double) i, row));
    }
    csim_h5_series_close(&s);
    const csim_h5_column cols[] = {{.name = "step", .type = CSIM_H5_INT64}};
    CSIM_ASSERT_OK(csim_h5_table_open(&t, &f, "/events", cols, 1));
    const int64_t steps[] = {1, 2, 3};
    const void *c[] = {steps};
    CSIM_ASSERT_OK(csim_h5_table_append(&t, 3, c));
    csim_h5_table_close(&t);
    if (extra) {
        const double one = 1.0;
        const size_t dims[] = {1};
        CSIM_ASSERT_OK(csim_h5_dataset_write(&f, "/events/extra", CSIM_H5_DOUBLE, &one, 1, dims, NULL));
    }
    CSIM_ASSERT_OK(csim_h5_commit(&f));
}

/* Compare /observables and /events of two files. */
static csim_status compare(const char *a_path, const char *b_path, csim_trajectory_compare *cmp) {
    csim_h5_reader a, b;
    CSIM_ASSERT_OK(csim_h5_reader_open(&a, a_path));
    CSIM_ASSERT_OK(csim_h5_reader_open(&b, b_path));
    csim_status st = csim_trajectory_compare_group(cmp, &a, &b, "/observables");
    if (st == CSIM_OK) {
        st = csim_trajectory_compare_group(cmp, &a, &b, "/events");
    }
    csim_h5_reader_close(&a);
    csim_h5_reader_close(&b);
    return st;
}

static void paths(char *a, char *b, size_t size, const char *name) {
    char dir[1024];
    csim_test_scratch_dir(dir, sizeof dir, name);
    cr_assert(dir[0] != '\0');
    snprintf(a, size, "%s/a.h5", dir);
    snprintf(b, size, "%s/b.h5", dir);
}

/* The comparison tests' two files in the scratch folder `name`: a.h5, the reference (50
 * rows, unchanged, no extra dataset), and b.h5 written with the given arguments of
 * write_file; `cmp` holds their comparison, which must have run. */
static void compare_with_reference(char *a, char *b, size_t size, const char *name, size_t rows,
                                   double bump, size_t bump_row, bool extra,
                                   csim_trajectory_compare *cmp) {
    paths(a, b, size, name);
    write_file(a, 50, 0.0, 0, false);
    write_file(b, rows, bump, bump_row, extra);
    CSIM_ASSERT_OK(compare(a, b, cmp));
}

Test(trajectory_compare, identical_files_are_identical) {
    char a[1200], b[1200];
    csim_trajectory_compare cmp = {0};
    compare_with_reference(a, b, sizeof a, "cmp_same", 50, 0.0, 0, false, &cmp);
    cr_assert_null(cmp.difference, "%s", cmp.difference);
    cr_assert_eq(cmp.datasets, 5, "step, time, value, names, events/step");
    cr_assert_eq(cmp.values, 50 + 50 + 100 + 2 + 3);
    csim_trajectory_compare_destroy(&cmp);
    csim_trajectory_compare_destroy(&cmp);
}

Test(trajectory_compare, one_changed_bit_is_found) {
    char a[1200], b[1200];
    csim_trajectory_compare cmp = {0};
    /* One ulp of 37 / 3 = 12.33...: the last bit. */
    compare_with_reference(a, b, sizeof a, "cmp_bit", 50, 0x1.0p-49, 37, false, &cmp);
    cr_assert_not_null(cmp.difference);
    cr_assert_str_eq(cmp.difference, "/observables/v/value: row 37 differs");
    csim_trajectory_compare_destroy(&cmp);
}

Test(trajectory_compare, shapes_and_missing_datasets_are_differences) {
    char a[1200], b[1200];
    csim_trajectory_compare cmp = {0};
    compare_with_reference(a, b, sizeof a, "cmp_shape", 49, 0.0, 0, true, &cmp);
    cr_assert_not_null(cmp.difference);
    cr_assert(strstr(cmp.difference, "shapes differ"), "%s", cmp.difference);
    csim_trajectory_compare_destroy(&cmp);

    write_file(b, 50, 0.0, 0, true);
    CSIM_ASSERT_OK(compare(a, b, &cmp));
    cr_assert_not_null(cmp.difference);
    cr_assert(strstr(cmp.difference, "/events/extra: only in"), "%s", cmp.difference);
    csim_trajectory_compare_destroy(&cmp);
}

Test(trajectory_compare, missing_group_is_an_argument_error) {
    char a[1200], b[1200];
    paths(a, b, sizeof a, "cmp_missing");
    write_file(a, 5, 0.0, 0, false);
    csim_h5_reader r;
    CSIM_ASSERT_OK(csim_h5_reader_open(&r, a));
    csim_trajectory_compare cmp = {0};
    cr_assert_eq(csim_trajectory_compare_group(&cmp, &r, &r, "/particles"), CSIM_EINVAL);
    CSIM_ASSERT_OK(csim_trajectory_compare_group(&cmp, &r, &r, "/"));
    cr_assert_null(cmp.difference, "a file equals itself");
    csim_trajectory_compare_destroy(&cmp);
    csim_h5_reader_close(&r);
}
