/**
 * \file tests/support/test_support.h
 * Helpers shared by the test suites: paths into the source tree, a scratch folder per
 * test, and the library error handlers set the way main sets them.
 */
#ifndef CSIM_TESTS_TEST_SUPPORT_H
#define CSIM_TESTS_TEST_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

/** Configure GSL, igraph and HDF5 error reporting as main does (return codes, no abort). */
void csim_test_quiet_libraries(void);

/** Write into `buf` the path of `relative` inside the source tree. Returns `buf`. */
char *csim_test_source_path(char *buf, size_t size, const char *relative);

/** Create a fresh scratch folder under the build tree for `name`; its path into `buf`. */
char *csim_test_scratch_dir(char *buf, size_t size, const char *name);

/** Write `text` to `path` (overwriting). Returns 0 on success. */
int csim_test_write_file(const char *path, const char *text);

/**
 * The seed of a randomized test: `fixed` unless the environment sets CSIM_TEST_SEED (a
 * decimal number), so that every run of the suite draws the same numbers and a failure
 * repeats. Prints "# <what>: seed N (CSIM_TEST_SEED=N repeats it)" to stderr.
 */
uint64_t csim_test_seed(const char *what, uint64_t fixed);

#endif /* CSIM_TESTS_TEST_SUPPORT_H */
