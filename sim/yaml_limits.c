/* open() flags and strerror_r() are POSIX, not C11; this must precede every include. */
#define _POSIX_C_SOURCE 200809L

#include "sim/yaml_limits.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <yaml.h>

/* What a non-regular file is, in words. */
static const char *file_kind(mode_t mode) {
    if (S_ISDIR(mode)) {
        return "a folder";
    }
    if (S_ISFIFO(mode)) {
        return "a FIFO";
    }
    if (S_ISCHR(mode)) {
        return "a character device";
    }
    if (S_ISBLK(mode)) {
        return "a block device";
    }
    if (S_ISSOCK(mode)) {
        return "a socket";
    }
    return "not a plain file";
}

static int fail_errno(int err, char *why, size_t size) {
    if (strerror_r(err, why, size) != 0) {
        snprintf(why, size, "error %d", err);
    }
    return err;
}

int csim_yaml_read_file(const char *path, char **text, size_t *len, char *why, size_t size) {
    struct stat sb;
    char *buf = NULL;
    size_t used = 0;
    int err = 0;

    *text = NULL;
    *len = 0;
    why[0] = '\0';
    /* O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer. */
    const int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        return fail_errno(errno, why, size);
    }
    if (fstat(fd, &sb) != 0) {
        err = fail_errno(errno, why, size);
        goto cleanup;
    }
    if (!S_ISREG(sb.st_mode)) {
        snprintf(why, size, "is %s, not a regular file", file_kind(sb.st_mode));
        err = EINVAL;
        goto cleanup;
    }
    if ((unsigned long long) sb.st_size > CSIM_YAML_MAX_BYTES) {
        snprintf(why, size, "is %lld bytes; expected at most %zu (1 MiB)", (long long) sb.st_size,
                 CSIM_YAML_MAX_BYTES);
        err = EFBIG;
        goto cleanup;
    }
    /* One byte more than the limit tells a file that grew since fstat. */
    buf = malloc(CSIM_YAML_MAX_BYTES + 2);
    if (!buf) {
        err = fail_errno(ENOMEM, why, size);
        goto cleanup;
    }
    for (;;) {
        const ssize_t got = read(fd, buf + used, CSIM_YAML_MAX_BYTES + 1 - used);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got < 0) {
            err = fail_errno(errno, why, size);
            goto cleanup;
        }
        if (got == 0) {
            break;
        }
        used += (size_t) got;
        if (used > CSIM_YAML_MAX_BYTES) {
            snprintf(why, size, "grew past %zu bytes (1 MiB) while being read",
                     CSIM_YAML_MAX_BYTES);
            err = EFBIG;
            goto cleanup;
        }
    }
    buf[used] = '\0';
    *text = buf;
    *len = used;
    buf = NULL;

cleanup:
    free(buf);
    close(fd);
    return err;
}

/* A NUL byte ends libyaml's reading: what follows it would be ignored, or refused with a
 * vague "control characters are not allowed" at a wrong position. Name where it is. */
static csim_status check_nul(const char *shown, const char *text, size_t len) {
    const char *nul = memchr(text, '\0', len);
    if (!nul) {
        return CSIM_OK;
    }
    size_t line = 1, column = 1;
    for (const char *p = text; p < nul; ++p) {
        line += *p == '\n' ? 1 : 0;
        column = *p == '\n' ? 1 : column + 1;
    }
    return csim_fail_plain(CSIM_EPARSE,
                           "%s:%zu:%zu: a NUL byte (byte offset %zu); expected a text file "
                           "without NUL bytes (is it a binary file, or saved as UTF-16?)",
                           shown ? shown : "value", line, column, (size_t) (nul - text));
}

csim_status csim_yaml_check_depth(const char *shown, const char *text, size_t len) {
    csim_status st = CSIM_OK;
    yaml_parser_t parser;
    int depth = 0;

    st = check_nul(shown, text, len);
    if (st != CSIM_OK) {
        return st;
    }

    if (!yaml_parser_initialize(&parser)) {
        return CSIM_FAIL(CSIM_ENOMEM, "YAML parser");
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *) text, len);
    for (;;) {
        yaml_event_t event;
        if (!yaml_parser_parse(&parser, &event)) {
            if (parser.error == YAML_MEMORY_ERROR) {
                st = CSIM_FAIL(CSIM_ENOMEM, "parsing %s", shown ? shown : "a value");
            }
            break; /* a syntax error: the caller's own parse reports it */
        }
        const yaml_event_type_t type = event.type;
        const yaml_mark_t at = event.start_mark;
        yaml_event_delete(&event);
        if (type == YAML_SEQUENCE_START_EVENT || type == YAML_MAPPING_START_EVENT) {
            if (++depth > CSIM_YAML_MAX_DEPTH) {
                char where[1200];
                if (shown) {
                    snprintf(where, sizeof where, "%s:%zu:%zu", shown, at.line + 1,
                             at.column + 1);
                } else {
                    snprintf(where, sizeof where, "at column %zu", at.column + 1);
                }
                st = csim_fail_plain(CSIM_EPARSE,
                                     "%s: mappings and sequences nested deeper than %d levels; "
                                     "expected a few ('section:' with 'key: value' lines, "
                                     "values such as {2005: 10})",
                                     where, CSIM_YAML_MAX_DEPTH);
                break;
            }
        } else if (type == YAML_SEQUENCE_END_EVENT || type == YAML_MAPPING_END_EVENT) {
            --depth;
        } else if (type == YAML_STREAM_END_EVENT) {
            break;
        }
    }
    yaml_parser_delete(&parser);
    return st;
}
