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
