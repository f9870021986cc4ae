#include "sim/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const csim_status_text[] = {
#define CSIM_X_TEXT(code, msg) msg,
    CSIM_STATUS_LIST(CSIM_X_TEXT)
#undef CSIM_X_TEXT
};

/* The one mutable file-scope object allowed by docs/CONVENTIONS.md rule 15: per thread, like errno
 * (with the source position of the failure beside it, kept out of the message). */
static _Thread_local char csim_error_buffer[2048];
static _Thread_local char csim_error_origin[128];

const char *csim_strerror(csim_status st) {
    if ((int) st < 0 || st >= CSIM_STATUS_COUNT) {
        return "unknown status";
    }
    return csim_status_text[st];
}

csim_status csim_fail(csim_status st, const char *file, int line, const char *fmt, ...) {
    /* The source position is for developers (csim_last_error_origin); a user's message
     * carries none (issue 23: "h5_file.c:100:" in messages). Only the base name is kept:
     * full build paths are noise. */
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    snprintf(csim_error_origin, sizeof csim_error_origin, "%s:%d", base, line);
    int used = snprintf(csim_error_buffer, sizeof csim_error_buffer, "%s: ", csim_strerror(st));
    if (used < 0 || (size_t) used >= sizeof csim_error_buffer) {
        return st;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(csim_error_buffer + used, sizeof csim_error_buffer - (size_t) used, fmt, ap);
    va_end(ap);
    return st;
}

csim_status csim_fail_plain(csim_status st, const char *fmt, ...) {
    csim_error_origin[0] = '\0';
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(csim_error_buffer, sizeof csim_error_buffer, fmt, ap);
    va_end(ap);
    return st;
}

const char *csim_last_error(void) {
    return csim_error_buffer;
}

const char *csim_last_error_origin(void) {
    return csim_error_origin;
}

void csim_clear_error(void) {
    csim_error_buffer[0] = '\0';
    csim_error_origin[0] = '\0';
}
