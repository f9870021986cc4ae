#define _POSIX_C_SOURCE 200809L /* getrusage */
#include "bench/support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "sim/str_copy.h"

int csim_bench_compare_doubles(const void *a, const void *b) {
    const double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

void csim_bench_reset_peak_rss(void) {
    FILE *f = fopen("/proc/self/clear_refs", "w");
    if (f) {
        fputs("5", f);
        fclose(f);
    }
}

double csim_bench_peak_rss_mib(void) {
    FILE *f = fopen("/proc/self/status", "r");
    if (f) {
        char line[256];
        while (fgets(line, sizeof line, f)) {
            long kib;
            if (sscanf(line, "VmHWM: %ld kB", &kib) == 1) {
                fclose(f);
                return (double) kib / 1024.0;
            }
        }
        fclose(f);
    }
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return (double) usage.ru_maxrss / 1024.0;
}

size_t csim_bench_parse_list(const char *text, double *out, size_t max) {
    size_t n = 0;
    char *copy = csim_str_copy(text);
    if (!copy) {
        return 0;
    }
    char *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok && n < max;
         tok = strtok_r(NULL, ",", &save)) {
        out[n++] = atof(tok);
    }
    free(copy);
    return n;
}

/* The row of `opts` named `name`, or NULL. */
static const csim_bench_option *find_option(const csim_bench_option *opts, size_t n_opts,
                                            const char *name) {
    for (size_t i = 0; i < n_opts; ++i) {
        if (strcmp(opts[i].name, name) == 0) {
            return &opts[i];
        }
    }
    return NULL;
}

/* The usage line made from the table: "usage: PROGRAM [--name METAVAR] [--flag] ...". */
static void print_usage(const char *program, const csim_bench_option *opts, size_t n_opts) {
    fprintf(stderr, "usage: %s", program);
    for (size_t i = 0; i < n_opts; ++i) {
        if (opts[i].metavar) {
            fprintf(stderr, " [%s %s]", opts[i].name, opts[i].metavar);
        } else {
            fprintf(stderr, " [%s]", opts[i].name);
        }
    }
    fputc('\n', stderr);
}

int csim_bench_parse_args(int argc, char **argv, const char *program,
                          const csim_bench_option *opts, size_t n_opts) {
    for (int a = 1; a < argc; ++a) {
        const char *next = a + 1 < argc ? argv[a + 1] : NULL;
        const csim_bench_option *o = find_option(opts, n_opts, argv[a]);
        if (o && o->kind == CSIM_BENCH_FLAG) {
            *(bool *) o->value = true;
            continue;
        }
        if (!o || !next) {
            print_usage(program, opts, n_opts);
            return strcmp(argv[a], "--help") == 0 ? 0 : 2;
        }
        ++a;
        switch (o->kind) {
        case CSIM_BENCH_TEXT:
            *(const char **) o->value = next;
            break;
        case CSIM_BENCH_INT:
            *(int *) o->value = atoi(next);
            break;
        case CSIM_BENCH_LONG:
            *(long *) o->value = atol(next);
            break;
        case CSIM_BENCH_DOUBLE:
            *(double *) o->value = atof(next);
            break;
        case CSIM_BENCH_U64:
            *(unsigned long long *) o->value = strtoull(next, NULL, 10);
            break;
        case CSIM_BENCH_LIST:
            *o->count = csim_bench_parse_list(next, o->value, o->max);
            break;
        default:
            break;
        }
    }
    return -1;
}
