/* Regression tests for the defects the fuzz harnesses found (tests/fuzz/, tools/fuzz.sh,
 * docs/RELIABILITY.md). Each input that once crashed, hung or exhausted memory lies in
 * tests/data/fuzz/<harness>/ -- where fuzz_replay_<harness> also replays it -- and gets a
 * test here that states the behaviour now expected of it. */

#include <criterion/criterion.h>

#include <string.h>
#include <sys/resource.h>

#include "sim/h5_read.h"
#include "sim/str_copy.h"
#include "tests/support/test_support.h"

TestSuite(fuzz_regressions, .init = csim_test_quiet_libraries);

/* Open `r` on the file at `relative` in the source tree; asserts that it opens. */
static void open_source_file(csim_h5_reader *r, const char *relative) {
    char path[4096];
    csim_test_source_path(path, sizeof path, relative);
    cr_assert_eq(csim_h5_reader_open(r, path), CSIM_OK, "%s", csim_last_error());
}

/* The names of /observables in the file at `relative` in the source tree (which must open),
 * as csim_h5_read_children returns them; the reader is closed again. */
static csim_status observables_children(const char *relative, char ***names, size_t *n) {
    csim_h5_reader r = {0};
    open_source_file(&r, relative);
    const csim_status st = csim_h5_read_children(&r, "/observables", names, n);
    csim_h5_reader_close(&r);
    return st;
}

/* The process's peak memory stayed far below what the damaged claim would have cost. */
static void expect_small_peak(void) {
    struct rusage ru;
    cr_assert_eq(getrusage(RUSAGE_SELF, &ru), 0);
    cr_expect_lt(ru.ru_maxrss / 1024, 512, "peak RSS %ld MiB", ru.ru_maxrss / 1024);
}

/* The fuzzer found a trajectory whose /observables/sector_employment_share/value claimed
 * "floats" of 13,879,684,024 bits: HDF5 allocated and zeroed 1.7 GB for each read before
 * failing. The reader now refuses numbers wider than 16 bytes, before HDF5 allocates
 * anything. (That file was in HDF5's oldest format, now refused when opened; the same
 * claim is made here in the format clustersim writes, tests/fuzz/make_damaged_sizes.py.) */
Test(fuzz_regressions, numbers_of_absurd_width_are_refused_before_reading) {
    csim_h5_reader r = {0};
    csim_h5_array a = {0};
    open_source_file(&r, "tests/data/fuzz/trajectory/damaged-sizes.h5");

    const char *value = "/observables/wide/value";
    const csim_status st = csim_h5_read_rows(&r, value, CSIM_H5_DOUBLE, 0, 1, &a);
    cr_expect_eq(st, CSIM_EINVAL, "status %s: %s", csim_strerror(st), csim_last_error());
    cr_expect(strstr(csim_last_error(), "numbers of") && strstr(csim_last_error(), "bytes"),
              "the message says why: %s", csim_last_error());
    cr_expect(strstr(csim_last_error(), value), "the message names the dataset: %s",
              csim_last_error());
    cr_expect_eq(csim_h5_read_array(&r, value, CSIM_H5_DOUBLE, &a), CSIM_EINVAL);
    cr_expect_null(a.data);

    /* Refused before HDF5's conversion buffer: the process never came near 1.7 GB. */
    expect_small_peak();

    /* The rest of the file still reads. */
    cr_expect_eq(csim_h5_read_rows(&r, "/observables/firms_alive/step", CSIM_H5_DOUBLE, 0, 1, &a),
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
    char **names = NULL;
    size_t n = 0;
    const csim_status st =
        observables_children("tests/data/fuzz/trajectory/dense-group-half-read.h5", &names, &n);
    cr_expect_eq(st, CSIM_EIO, "status %s: %s", csim_strerror(st), csim_last_error());
    cr_expect(strstr(csim_last_error(), "/observables"), "the message names the group: %s",
              csim_last_error());
    cr_expect_null(names);
    cr_expect_eq(n, 0);
}

/* The names still come back in byte order, whatever order HDF5 walks them in. */
Test(fuzz_regressions, group_names_are_sorted) {
    char **names = NULL;
    size_t n = 0;
    cr_assert_eq(observables_children("tests/data/fuzz/corpus/trajectory/tiny.h5", &names, &n),
                 CSIM_OK, "%s", csim_last_error());
    cr_expect_gt(n, 40);
    for (size_t i = 1; i < n; ++i) {
        cr_expect_lt(strcmp(names[i - 1], names[i]), 0, "%s before %s", names[i - 1], names[i]);
    }
    csim_str_list_free(names, n);
}

/* A copy of a trajectory written before 0.2, with variable-length strings, and 8 bytes
 * overwritten (tests/cli/test_hostile_files.sh, CSIM_HOSTILE_SEED=4, copy 16): one of them
 * damaged the global heap that held its strings, and HDF5 1.10.8's H5HG_read copied past
 * its buffer when `inspect` read the `unit` of an observable -- a segmentation fault.
 * Variable-length strings are now refused before HDF5 reads them, so a damaged heap is
 * never touched (and the files clustersim writes have none: sim/h5_file.h). */
Test(fuzz_regressions, variable_length_strings_are_refused_unread) {
    csim_h5_reader r = {0};
    char *unit = NULL;
    open_source_file(&r, "tests/data/fuzz/trajectory/global-heap-overflow.h5");
    const char *obj = "/observables/supplier_share_samsung/value";
    const csim_status st = csim_h5_read_attr_string(&r, obj, "unit", &unit);
    cr_expect_eq(st, CSIM_EINVAL, "status %s: %s", csim_strerror(st), csim_last_error());
    cr_expect(strstr(csim_last_error(), "variable-length string") &&
                  strstr(csim_last_error(), obj),
              "the message names the attribute and says why: %s", csim_last_error());
    cr_expect_null(unit);
    csim_h5_reader_close(&r);
}

/* Sizes edited in the datatype and dataspace messages (tests/fuzz/make_damaged_sizes.py):
 * a string dataset claiming 2 GiB, a dataset of doubles claiming 2^40 of them, in a file of
 * 15 KB. HDF5 would allocate (and clear) the claimed size before finding the data short;
 * the reader compares the claim with the file's size first. */
Test(fuzz_regressions, sizes_beyond_the_file_are_refused_before_reading) {
    csim_h5_reader r = {0};
    char *text = NULL;
    csim_h5_array a = {0};
    open_source_file(&r, "tests/data/fuzz/trajectory/damaged-sizes.h5");

    csim_status st = csim_h5_read_text(&r, "/parameters/resolved_yaml", &text);
    cr_expect_eq(st, CSIM_EINVAL, "status %s: %s", csim_strerror(st), csim_last_error());
    cr_expect(strstr(csim_last_error(), "claims 1 values of 2147483647 bytes"),
              "the message gives the claim: %s", csim_last_error());
    cr_expect_null(text);

    st = csim_h5_read_array(&r, "/observables/firms_alive/value", CSIM_H5_DOUBLE, &a);
    cr_expect_eq(st, CSIM_EINVAL, "status %s: %s", csim_strerror(st), csim_last_error());
    cr_expect(strstr(csim_last_error(), "claims 1099511627776 values of 8 bytes"),
              "the message gives the claim: %s", csim_last_error());
    cr_expect_null(a.data);

    /* Refused before any large allocation. */
    expect_small_peak();

    /* The undamaged neighbour still reads. */
    cr_expect_eq(csim_h5_read_array(&r, "/observables/firms_alive/step", CSIM_H5_INT64, &a),
                 CSIM_OK, "%s", csim_last_error());
    cr_expect_eq(a.n, 777);
    csim_h5_array_destroy(&a);
    csim_h5_reader_close(&r);
}

/* Two inputs of the fuzzer (tools/fuzz.sh, when its seeds were still in HDF5's oldest
 * format, as `h5repack` without -L writes): a damaged dataset header that made HDF5 1.10.8
 * ask for 4 GB and copy past its buffer in H5Oopen (H5O_msg_read_oh), and a damaged local
 * heap that made H5Lexists copy from address 0 (H5HL_protect). That format has no
 * checksums, so HDF5 decodes damaged metadata unchecked. The reader now refuses it when it
 * opens the file, before HDF5 parses anything: clustersim writes the 1.8 format, whose
 * metadata is checksummed. */
Test(fuzz_regressions, the_oldest_hdf5_format_is_refused_before_hdf5_parses_it) {
    static const char *const files[] = {"tests/data/fuzz/trajectory/old-format-object-header.h5",
                                        "tests/data/fuzz/trajectory/old-format-local-heap.h5",
                                        "tests/data/fuzz/trajectory/impossible-allocation.h5"};
    for (size_t k = 0; k < sizeof files / sizeof files[0]; ++k) {
        char path[4096];
        csim_test_source_path(path, sizeof path, files[k]);
        csim_h5_reader r = {0};
        const csim_status st = csim_h5_reader_open(&r, path);
        cr_expect_eq(st, CSIM_EIO, "%s: status %s: %s", files[k], csim_strerror(st),
                     csim_last_error());
        cr_expect(strstr(csim_last_error(), "oldest file format (superblock version 0)") &&
                      strstr(csim_last_error(), path),
                  "the message names the file and says why: %s", csim_last_error());
        csim_h5_reader_close(&r);
    }
}
