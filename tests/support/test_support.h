/**
 * \file tests/support/test_support.h
 * Helpers shared by the test suites: paths into the source tree, a scratch folder per
 * test, the library error handlers set the way main sets them, and the assertions every
 * suite writes the same way. The macros expand to Criterion's asserts: include
 * <criterion/criterion.h> (and <criterion/new/assert.h> for the float matchers) first.
 */
#ifndef CSIM_TESTS_TEST_SUPPORT_H
#define CSIM_TESTS_TEST_SUPPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model/params.h"

/** Configure GSL, igraph and HDF5 error reporting as main does (return codes, no abort). */
void csim_test_quiet_libraries(void);

/** Write into `buf` the path of `relative` inside the source tree. Returns `buf`. */
char *csim_test_source_path(char *buf, size_t size, const char *relative);

/** The resolved parameters of the scenario file `relative` (in the source tree) with `n`
 *  overrides ("section.key=value"); asserts that it loads. */
csim_params csim_test_scenario_params(const char *relative, const char *const *overrides,
                                      size_t n);

/** Create a fresh scratch folder under the build tree for `name`; its path into `buf`. */
char *csim_test_scratch_dir(char *buf, size_t size, const char *name);

/**
 * A fresh scratch folder for `name`, as csim_test_scratch_dir, asserted to exist; its path
 * into `dir` and the path of `file` inside it into `path`. Returns `path`.
 */
char *csim_test_scratch_file(char *dir, size_t dir_size, char *path, size_t path_size,
                             const char *name, const char *file);

/** Write `text` to `path` (overwriting). Returns 0 on success. */
int csim_test_write_file(const char *path, const char *text);

/**
 * The seed of a randomized test: `fixed` unless the environment sets CSIM_TEST_SEED (a
 * decimal number), so that every run of the suite draws the same numbers and a failure
 * repeats. Prints "# <what>: seed N (CSIM_TEST_SEED=N repeats it)" to stderr.
 */
uint64_t csim_test_seed(const char *what, uint64_t fixed);

/**
 * Assert that `got` equals `want` to 1e-12, relative to |want| when that exceeds 1: a
 * known answer computed by hand in another order of operations. `what` names it.
 */
void csim_test_expect_close(double got, double want, const char *what);

/**
 * What a printer writes, caught in memory (open_memstream): open a stream with
 * csim_test_text_open, print into it, then csim_test_text_close returns the text, which
 * the caller frees.
 */
typedef struct csim_test_text {
    char *buf;
    size_t len;
    FILE *f;
} csim_test_text;

/** Open the stream of `t`; asserts that it opened. */
FILE *csim_test_text_open(csim_test_text *t);

/** Close the stream of `t` and return what was written into it (the caller frees it). */
char *csim_test_text_close(csim_test_text *t);

/**
 * Assert that a csim_status expression succeeds; on failure the message names the
 * expression, the code and the library's last error text, which is what one needs to
 * read a failure from the log alone.
 */
#define CSIM_ASSERT_OK(expr)                                                           \
    do {                                                                               \
        const csim_status st_ = (expr);                                                \
        cr_assert_eq(st_, CSIM_OK, "%s -> %s: %s", #expr, csim_strerror(st_),          \
                     csim_last_error());                                               \
    } while (0)

/**
 * cr_assert around Criterion 2.4.1's float matchers (ieee_ulp_eq, epsilon_eq), which trip
 * -Wconversion inside their own expansion (a 1-bit bit-field): that warning is silenced
 * for this macro only, not for the test file.
 */
#define CSIM_ASSERT_FP(...)                                                            \
    do {                                                                               \
        _Pragma("GCC diagnostic push")                                                 \
        _Pragma("GCC diagnostic ignored \"-Wconversion\"")                             \
        cr_assert(__VA_ARGS__);                                                        \
        _Pragma("GCC diagnostic pop")                                                  \
    } while (0)

#endif /* CSIM_TESTS_TEST_SUPPORT_H */
