/**
 * \file sim/error.h
 * Status codes and the per-thread error message.
 *
 * Every fallible function returns a csim_status. A failure records
 * "<code text>: <detail>" in a thread-local buffer with CSIM_FAIL; only the outermost
 * caller (main) prints it, with csim_last_error(). The source position of CSIM_FAIL
 * ("h5_file.c:100") is kept apart, for developers (csim_last_error_origin): messages
 * are for users and carry none.
 */
#ifndef CSIM_SIM_ERROR_H
#define CSIM_SIM_ERROR_H

/* One table: adding a code is one line, and the enum and the texts cannot drift apart. */
#define CSIM_STATUS_LIST(X)                                   \
    X(CSIM_OK,       "success")                               \
    X(CSIM_ENOMEM,   "out of memory")                         \
    X(CSIM_EINVAL,   "invalid argument")                      \
    X(CSIM_EIO,      "file or HDF5 I/O failed")               \
    X(CSIM_EGRAPH,   "igraph call failed")                    \
    X(CSIM_ENUMERIC, "GSL numerical routine failed")          \
    X(CSIM_EPARSE,   "invalid input file")                    \
    X(CSIM_EEXIST,   "output exists")                         \
    X(CSIM_EINTERNAL, "internal error")

typedef enum {
#define CSIM_X_ENUM(code, msg) code,
    CSIM_STATUS_LIST(CSIM_X_ENUM)
#undef CSIM_X_ENUM
    CSIM_STATUS_COUNT
} csim_status;

/** Text of a status code ("success", "out of memory", ...); never NULL. Thread-safe. */
const char *csim_strerror(csim_status st);

/**
 * Record a failure in this thread's error buffer and return `st` unchanged.
 * Use through CSIM_FAIL so that the file and line are filled in.
 */
csim_status csim_fail(csim_status st, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/**
 * Record a failure whose message is meant for users as it stands (a scenario error that
 * already names its file, line and key): no source location, no code text is added.
 */
csim_status csim_fail_plain(csim_status st, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/** The last message recorded by this thread ("" when none). Valid until the next failure. */
const char *csim_last_error(void);

/**
 * "file.c:LINE" of the CSIM_FAIL that recorded the last message of this thread; "" when
 * none did (csim_fail_plain). Valid until the next failure. The command line shows it
 * only when CLUSTERSIM_DEBUG is set.
 */
const char *csim_last_error_origin(void);

/** Forget the last message of this thread. */
void csim_clear_error(void);

#define CSIM_FAIL(st, ...) csim_fail((st), __FILE__, __LINE__, __VA_ARGS__)

/** Evaluate a csim_status expression; on failure jump to the function's `cleanup:` label. */
#define CSIM_TRY(expr)                                        \
    do {                                                      \
        st = (expr);                                          \
        if (st != CSIM_OK) {                                  \
            goto cleanup;                                     \
        }                                                     \
    } while (0)

#endif /* CSIM_SIM_ERROR_H */
