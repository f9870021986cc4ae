/**
 * \file tests/fuzz/fuzz_support.h
 * What the three fuzz harnesses (tests/fuzz/fuzz_*.c) share: library set-up, a private
 * scratch folder for the files the loaders must read from disk, and a check that stops
 * the fuzzer with a message when a property fails.
 *
 * The harnesses are built two ways (tests/fuzz/CMakeLists.txt): with clang and
 * -fsanitize=fuzzer for tools/fuzz.sh, and with any compiler around fuzz_replay.c, a main()
 * that feeds them the files of the corpus and of the crash regressions, for ctest.
 */
#ifndef CSIM_TESTS_FUZZ_SUPPORT_H
#define CSIM_TESTS_FUZZ_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

#include "sim/error.h"

/* libFuzzer's entry points: LLVMFuzzerInitialize, the same for every harness (it calls
 * csim_fuzz_setup), is defined once in fuzz_support.c; LLVMFuzzerTestOneInput by each
 * harness. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/**
 * Once per process: library error handlers (docs/CONVENTIONS.md fact 3), quiet HDF5, stdout to
 * /dev/null (the commands under test print summaries), and the scratch folder with a copy
 * of every scenarios/NAME.yaml, so that fuzzed files can `extends:` or name as `base:` a real
 * scenario by its bare name ("gumi-baseline.yaml").
 */
void csim_fuzz_setup(void);

/** The scratch folder (under $TMPDIR, else /tmp); removed, with its files, at exit. */
const char *csim_fuzz_dir(void);

/**
 * Write `size` bytes to the scratch file `name`, its path into `path`.
 * \return 0, or -1 when the file cannot be written (the input is then skipped).
 */
int csim_fuzz_write(const char *name, const uint8_t *data, size_t size, char *path,
                    size_t path_size);

/**
 * A property the code under test promises failed: print "fuzz: <what>" and the last
 * error message, then abort() so that libFuzzer saves the input as a crash and the
 * replay test fails.
 */
void csim_fuzz_violation(const char *what, const char *detail) __attribute__((noreturn));

/**
 * A loader refused its input: the status must be one a loader documents for bad input
 * (CSIM_EPARSE, CSIM_EIO, CSIM_ENOMEM) and come with a message; otherwise a violation
 * named `what`.
 */
void csim_fuzz_expect_load_failure(csim_status st, const char *what);

#endif /* CSIM_TESTS_FUZZ_SUPPORT_H */
