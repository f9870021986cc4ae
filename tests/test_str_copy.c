/* Tests of sim/str_copy.h: a copy is its own memory with the same text, a slice is
 * terminated, and a list of copies is released whole, also when it was filled part way
 * (NULL entries) or never made (NULL list). Leaks show under the sanitizer run. */

#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include "sim/str_copy.h"
#include "tests/support/test_support.h"

TestSuite(str_copy, .init = csim_test_quiet_libraries);

Test(str_copy, copies_whole_and_sliced_text) {
    static const char text[] = "cluster";
    char *whole = csim_str_copy(text);
    char *slice = csim_str_copy_n(text, 3);
    cr_assert_not_null(whole);
    cr_assert_not_null(slice);
    cr_assert_neq(whole, text, "a copy has its own memory");
    cr_assert_str_eq(whole, "cluster");
    cr_assert_str_eq(slice, "clu", "a slice ends where it was cut");
    free(whole);
    free(slice);
}

Test(str_copy, frees_full_partial_and_absent_lists) {
    char **full = calloc(3, sizeof *full);
    cr_assert_not_null(full);
    for (size_t i = 0; i < 3; ++i) {
        full[i] = csim_str_copy("x");
        cr_assert_not_null(full[i]);
    }
    csim_str_list_free(full, 3);

    char **partial = calloc(3, sizeof *partial); /* a loader that failed at its second item */
    cr_assert_not_null(partial);
    partial[0] = csim_str_copy("first");
    cr_assert_not_null(partial[0]);
    csim_str_list_free(partial, 3);

    csim_str_list_free(NULL, 5); /* nothing made: nothing to free, whatever the count */
    csim_str_list_free(NULL, 0);
}
