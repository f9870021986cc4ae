#include "cli/cli.h"

#include <errno.h>
#include <sys/stat.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/quote.h"

int csim_cli_exit_code(csim_status st) {
    switch (st) {
    case CSIM_OK:
        return CSIM_EXIT_OK;
    case CSIM_EPARSE:
    case CSIM_EINVAL:
    case CSIM_EEXIST:
        return CSIM_EXIT_USAGE;
    default:
        return CSIM_EXIT_FAILURE;
    }
}

int csim_cli_scenario_exit_code(csim_status st) {
    return st == CSIM_ENOMEM ? CSIM_EXIT_FAILURE : CSIM_EXIT_USAGE;
}

/* Where in the source the last failure was recorded, for a developer who sets
 * CLUSTERSIM_DEBUG (issue 23: messages for users carry no source positions). */
static void report_origin(void) {
    const char *origin = csim_last_error_origin();
    const char *debug = getenv("CLUSTERSIM_DEBUG");
    if (debug && debug[0] != '\0' && strcmp(debug, "0") != 0 && origin[0] != '\0') {
        fprintf(stderr, "clustersim: (debug) recorded at %s\n", origin);
    }
}

/* The last message with control characters escaped (sim/quote.h): it may quote names
 * read from a crafted file. A copy to free(), or NULL when memory ran out. */
static char *safe_message(void) {
    return csim_quote_dup(csim_last_error());
}

int csim_cli_report(const char *command, csim_status st) {
    char *safe = safe_message();
    fprintf(stderr, "clustersim %s: %s\n", command, safe ? safe : csim_last_error());
    free(safe);
    report_origin();
    return csim_cli_exit_code(st);
}

int csim_cli_report_input(const char *command, const char *path, csim_status st) {
    char *safe = safe_message();
    const char *msg = safe ? safe : csim_last_error();
    if (strstr(csim_last_error(), path)) {
        fprintf(stderr, "clustersim %s: %s\n", command, msg);
    } else {
        fprintf(stderr, "clustersim %s: %s: %s\n", command, path, msg);
    }
    free(safe);
    report_origin();
    return st == CSIM_ENOMEM ? CSIM_EXIT_FAILURE : CSIM_EXIT_USAGE;
}

int csim_cli_usage_error(const char *command, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "clustersim %s: ", command);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nsee 'clustersim %s --help'\n", command);
    va_end(ap);
    return CSIM_EXIT_USAGE;
}

/* A whole number in [min, max] for option `opt`; one usage message on failure. */
static int parse_range(const char *command, const char *opt, const char *text,
                       unsigned long long min, unsigned long long max, unsigned long long *value) {
    if (!text) {
        csim_cli_usage_error(command, "%s needs a value", opt);
        return -1;
    }
    char *end = NULL;
    errno = 0;
    const unsigned long long v = strtoull(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || text[0] == '-' || v < min || v > max) {
        csim_cli_usage_error(command, "%s expects a whole number from %llu to %llu, got '%s'", opt,
                             min, max, text);
        return -1;
    }
    *value = v;
    return 0;
}

int csim_cli_parse_positive(const char *command, const char *opt, const char *text,
                            unsigned long long max, unsigned long long *value) {
    return parse_range(command, opt, text, 1, max, value);
}

int csim_cli_parse_years(const char *command, const char *opt, const char *text, void *field) {
    int a = 0, b = 0, used = 0;
    if (!text || sscanf(text, "%d:%d%n", &a, &b, &used) != 2 || text[used] != '\0' ||
        a < 1900 || b > 2200 || a > b) {
        csim_cli_usage_error(command, "%s expects FIRST:LAST, two calendar years 1900-2200 "
                                      "with FIRST <= LAST (e.g. 2005:2008), got '%s'",
                             opt, text ? text : "nothing");
        return -1;
    }
    csim_cli_years *years = field;
    years->first = a;
    years->last = b;
    return 0;
}

csim_status csim_cli_make_parent_dirs(const char *path) {
    char buf[4096];
    if (strlen(path) >= sizeof buf) {
        return CSIM_FAIL(CSIM_EINVAL, "path too long: %s", path);
    }
    strcpy(buf, path);
    char *slash = strrchr(buf, '/');
    if (!slash || slash == buf) {
        return CSIM_OK;
    }
    *slash = '\0';
    for (char *p = buf + 1; ; ++p) {
        const char saved = *p;
        if (saved == '/' || saved == '\0') {
            *p = '\0';
            if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
                return CSIM_FAIL(CSIM_EIO, "cannot create folder '%s': %s", buf, strerror(errno));
            }
            *p = saved;
            if (saved == '\0') {
                break;
            }
        }
    }
    return CSIM_OK;
}

csim_status csim_cli_make_folder(const char *folder) {
    char probe[4096];
    if (snprintf(probe, sizeof probe, "%s/x", folder) >= (int) sizeof probe) {
        return CSIM_FAIL(CSIM_EINVAL, "path too long: %s", folder);
    }
    csim_status st = csim_cli_make_parent_dirs(probe);
    struct stat sb;
    if (st == CSIM_OK && (stat(folder, &sb) != 0 || !S_ISDIR(sb.st_mode))) {
        st = csim_fail_plain(CSIM_EIO, "'%s' is not a folder", folder);
    }
    return st;
}

bool csim_cli_is_help(const char *arg) {
    return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

bool csim_cli_progress_wanted(bool quiet) {
    return !quiet && isatty(STDERR_FILENO);
}

void csim_cli_progress(const char *label, long done, long total, double elapsed_s) {
    const double pct = total > 0 ? 100.0 * (double) done / (double) total : 100.0;
    const double left = done > 0 ? elapsed_s * (double) (total - done) / (double) done : 0.0;
    fprintf(stderr, "\r%s: step %ld/%ld (%3.0f%%), %.1f s elapsed, ~%.1f s left   ", label, done,
            total, pct, elapsed_s, left);
    fflush(stderr);
}

void csim_cli_progress_end(bool drawn) {
    if (drawn) {
        fputc('\n', stderr);
    }
}

int csim_cli_parse_choice(const char *command, const char *opt, const char *text,
                          const char *const *choices, size_t n) {
    for (size_t k = 0; text && k < n; ++k) {
        if (strcmp(text, choices[k]) == 0) {
            return (int) k;
        }
    }
    /* "a, b or c", in the order the command lists them. */
    char list[256] = "";
    size_t used = 0;
    for (size_t k = 0; k < n && used < sizeof list; ++k) {
        const char *sep = k == 0 ? "" : (k + 1 == n ? " or " : ", ");
        const int w = snprintf(list + used, sizeof list - used, "%s%s", sep, choices[k]);
        used += w > 0 ? (size_t) w : 0;
    }
    csim_cli_usage_error(command, "%s expects %s, got '%s'", opt, list, text ? text : "nothing");
    return -1;
}

const char *csim_cli_default_targets(const char *scenario, char *buf, size_t size) {
    const char *slash = strrchr(scenario, '/');
    const int dir_len = slash ? (int) (slash - scenario) + 1 : 0;
    const int n = snprintf(buf, size, "%.*stargets.yaml", dir_len, scenario);
    if (n > 0 && (size_t) n < size && access(buf, F_OK) == 0) {
        return buf;
    }
    snprintf(buf, size, "%s", "scenarios/targets.yaml");
    return buf;
}
