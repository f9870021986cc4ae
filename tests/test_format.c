/* sim/format/: the names of the file formats and the format-level operations of its
 * writer and reader API, on a real file. */
#define _POSIX_C_SOURCE 200809L

#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/error.h"
#include "sim/format/format_read.h"
#include "sim/format/format_write.h"
#include "tests/support/test_support.h"

TestSuite(format, .init = csim_test_quiet_libraries);

#define OK(call) cr_assert_eq((call), CSIM_OK, "%s", csim_last_error())

/* Paths are built by literal concatenation, so a name and the path under it agree. */
Test(format, names_concatenate_into_paths) {
    cr_assert_str_eq(CSIM_FMT_PARAMETERS "/resolved_yaml", "/parameters/resolved_yaml");
    cr_assert_str_eq(CSIM_FMT_OBSERVABLES "/%s/value", "/observables/%s/value");
    cr_assert_str_eq("%s/" CSIM_FMT_INDEX_FILE, "%s/index.h5");
}

/* `rerun` marks its new trajectory with the file it reproduces; a reader finds it under
 * the format's names. */
Test(format, mark_rerun_round_trips_through_a_file) {
    char dir[512], path[600];
    csim_test_scratch_file(dir, sizeof dir, path, sizeof path, "format_mark_rerun", "marked.h5");

    csim_h5_file f = {0};
    OK(csim_h5_create(&f, path, "tester", "0.0-test", true));
    OK(csim_h5_group_create(&f, CSIM_FMT_PARAMETERS));
    OK(csim_format_mark_rerun(&f, "runs/original.h5"));
    OK(csim_h5_commit(&f));

    csim_h5_reader r = {0};
    char *value = NULL;
    OK(csim_h5_reader_open(&r, path));
    OK(csim_h5_read_attr_string(&r, CSIM_FMT_PARAMETERS, CSIM_FMT_ATTR_RERUN_OF, &value));
    cr_assert_str_eq(value, "runs/original.h5");
    free(value);
    csim_h5_reader_close(&r);
}

Test(format, mark_rerun_refuses_null_arguments) {
    csim_h5_file f = {0};
    cr_assert_eq(csim_format_mark_rerun(NULL, "x.h5"), CSIM_EINVAL);
    cr_assert_eq(csim_format_mark_rerun(&f, NULL), CSIM_EINVAL);
}
