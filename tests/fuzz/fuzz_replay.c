/* Replay inputs through a fuzz harness without libFuzzer: the corpus and the crash
 * regressions run in every ctest (with gcc, and under ASan/UBSan in the sanitizer build),
 * so a fixed crash stays fixed even where clang is not installed.
 *
 *   fuzz_<harness>_replay FILE_OR_FOLDER...
 * Folders are read one level deep, files in name order. Exit 0 when every input ran
 * (a property violation aborts, a crash crashes: either fails the test) and the process
 * never held more than MAX_RSS_MIB: an input that makes the code (or HDF5, on our behalf)
 * allocate gigabytes is a defect too, and one that libFuzzer reports only as "oom". */
/* opendir() is POSIX, not C11; before every include. */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "sim/grow.h"
#include "tests/fuzz/fuzz_support.h"

/* Peak resident memory allowed: the inputs here need about 20 MiB (100 under ASan). */
#define MAX_RSS_MIB 1024L

static size_t replayed = 0;

/* Peak resident memory of this process so far, in MiB. */
static long peak_rss_mib(void) {
    struct rusage ru;
    return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss / 1024 : 0;
}

static int replay_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: cannot open %s\n", path);
        return -1;
    }
    size_t cap = 0, len = 0, got = 0;
    uint8_t *data = NULL;
    csim_status st = csim_grow(&data, &cap, 1 << 16, 1);
    while (st == CSIM_OK && (got = fread(data + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            st = csim_grow(&data, &cap, cap + 1, 1); /* full: double it */
        }
    }
    fclose(f);
    if (st != CSIM_OK) {
        free(data);
        fprintf(stderr, "replay: out of memory reading %s\n", path);
        return -1;
    }
    /* Named first, so that a crash report follows the name of the input that caused it. */
    fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
    LLVMFuzzerTestOneInput(data, len);
    free(data);
    ++replayed;
    if (peak_rss_mib() > MAX_RSS_MIB) {
        fprintf(stderr, "replay: %s made the process hold %ld MiB (at most %ld allowed)\n", path,
                peak_rss_mib(), MAX_RSS_MIB);
        return -1;
    }
    return 0;
}

static int by_name(const void *a, const void *b) {
    return strcmp(*(char *const *) a, *(char *const *) b);
}

static int replay_folder(const char *dir) {
    DIR *d = opendir(dir);
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    if (!d) {
        fprintf(stderr, "replay: cannot open folder %s\n", dir);
        return -1;
    }
    for (struct dirent *e = readdir(d); e; e = readdir(d)) {
        if (e->d_name[0] == '.') {
            continue;
        }
        if (csim_grow(&names, &cap, n + 1, sizeof *names) != CSIM_OK) {
            rc = -1;
            break;
        }
        const size_t len = strlen(dir) + strlen(e->d_name) + 2;
        if (!(names[n] = malloc(len))) {
            rc = -1;
            break;
        }
        snprintf(names[n++], len, "%s/%s", dir, e->d_name);
    }
    closedir(d);
    if (n > 0) {
        qsort(names, n, sizeof *names, by_name);
    }
    for (size_t i = 0; i < n; ++i) {
        struct stat sb;
        if (rc == 0 && stat(names[i], &sb) == 0 && S_ISREG(sb.st_mode)) {
            rc = replay_file(names[i]);
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv) {
    LLVMFuzzerInitialize(&argc, &argv);
    for (int a = 1; a < argc; ++a) {
        struct stat sb;
        if (stat(argv[a], &sb) != 0) {
            fprintf(stderr, "replay: %s does not exist\n", argv[a]);
            return 1;
        }
        if ((S_ISDIR(sb.st_mode) ? replay_folder(argv[a]) : replay_file(argv[a])) != 0) {
            return 1;
        }
    }
    if (replayed == 0) {
        fprintf(stderr, "replay: no input found (a test that replays nothing proves nothing)\n");
        return 1;
    }
    fprintf(stderr, "replay: %zu inputs, no crash, no violated property\n", replayed);
    return 0;
}
