/* Regression tests for the defects the fuzz harnesses found (tests/fuzz/, tools/fuzz.sh,
 * docs/RELIABILITY.md). Each input that once crashed, hung or exhausted memory lies in
 * tests/data/fuzz/<harness>/ -- where fuzz_replay_<harness> also replays it -- and gets a
 * test here that states the behaviour now expected of it. */

#include <criterion/criterion.h>

#include <string.h>
#include <sys/resource.h>

#include "sim/h5_read.h"
#include "tests/support/test_support.h"

TestSuite(fuzz_regressions, .init = csim_test_quiet_libraries);

/* A trajectory whose /observables/sector_employment_share/value claims "floats" of
 * 13,879,684,024 bits: HDF5 allocated and zeroed 1.7 GB for each read before failing.
 * The reader now refuses numbers wider than 16 bytes, before HDF5 allocates anything. */
Test(fuzz_regressions, numbers_of_absurd_width_are_refused_before_reading) {
    char path[4096];
    csim_test_source_path(path, sizeof path, "tests/data/fuzz/trajectory/float-of-1.7-gb.h5");
    csim_h5_reader r = {0};
    csim_h5_array a = {0};
    cr_assert_eq(csim_h5_reader_open(&r, path), CSIM_OK, "%s", csim_last_error());

    const char *value = "/observables/sector_employment_share/value";
    const csim_status st = csim_h5_read_rows(&r, value, CSIM_H5_DOUBLE, 0, 1, &a);
    cr_expect_eq(st, CSIM_EINVAL, "status %s: %s", csim_strerror(st), csim_last_error());
    cr_expect(strstr(csim_last_error(), "numbers of") && strstr(csim_last_error(), "bytes"),
              "the message says why: %s", csim_last_error());
    cr_expect(strstr(csim_last_error(), value), "the message names the dataset: %s",
              csim_last_error());
    cr_expect_eq(csim_h5_read_array(&r, value, CSIM_H5_DOUBLE, &a), CSIM_EINVAL);
    cr_expect_null(a.data);

    /* Refused before HDF5's conversion buffer: the process never came near 1.7 GB. */
    struct rusage ru;
    cr_assert_eq(getrusage(RUSAGE_SELF, &ru), 0);
    cr_expect_lt(ru.ru_maxrss / 1024, 512, "peak RSS %ld MiB", ru.ru_maxrss / 1024);

    /* The rest of the file still reads. */
    cr_expect_eq(csim_h5_read_rows(&r, "/observables/firms_alive/value", CSIM_H5_DOUBLE, 0, 1, &a),
                 CSIM_OK, "%s", csim_last_error());
    csim_h5_array_destroy(&a);
    csim_h5_reader_close(&r);
}

/* A trajectory whose /observables (a large group, its links in a fractal heap) has a
 * damaged heap header: HDF5 1.10.8, asked for the names in name order, copied the links
 * into a table, stopped half-way and freed the unfilled entries too -- a segmentation
 * fault in `clustersim rerun` (found by tests/cli/test_hostile_files.sh). The reader now
 * walks the group in HDF5's native order and sorts the names itself. */
Test(fuzz_regressions, a_damaged_large_group_is_an_error_not_a_crash) {
    char path[4096];
    csim_test_source_path(path, sizeof path, "tests/data/fuzz/trajectory/dense-group-half-read.h5");
    csim_h5_reader r = {0};
    char **names = NULL;
    size_t n = 0;
    cr_assert_eq(csim_h5_reader_open(&r, path), CSIM_OK, "%s", csim_last_error());
    const csim_status st = csim_h5_read_children(&r, "/observables", &names, &n);
    cr_expect_eq(st, CSIM_EIO, "status %s: %s", csim_strerror(st), csim_last_error());
    cr_expect(strstr(csim_last_error(), "/observables"), "the message names the group: %s",
              csim_last_error());
    cr_expect_null(names);
    cr_expect_eq(n, 0);
    csim_h5_reader_close(&r);
}

/* The names still come back in byte order, whatever order HDF5 walks them in. */
Test(fuzz_regressions, group_names_are_sorted) {
    char path[4096];
    csim_test_source_path(path, sizeof path, "tests/data/fuzz/corpus/trajectory/tiny.h5");
    csim_h5_reader r = {0};
    char **names = NULL;
    size_t n = 0;
    cr_assert_eq(csim_h5_reader_open(&r, path), CSIM_OK, "%s", csim_last_error());
    cr_assert_eq(csim_h5_read_children(&r, "/observables", &names, &n), CSIM_OK, "%s",
                 csim_last_error());
    cr_expect_gt(n, 40);
    for (size_t i = 1; i < n; ++i) {
        cr_expect_lt(strcmp(names[i - 1], names[i]), 0, "%s before %s", names[i - 1], names[i]);
    }
    csim_h5_strings_free(names, n);
    csim_h5_reader_close(&r);
}
