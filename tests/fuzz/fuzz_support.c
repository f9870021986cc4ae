/* Set-up shared by the fuzz harnesses (tests/fuzz/fuzz_support.h). */
/* mkdtemp(), opendir() and friends are POSIX, not C11; before every include. */
#define _POSIX_C_SOURCE 200809L

#include "tests/fuzz/fuzz_support.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>
#include <igraph.h>

#include "sim/error.h"
#include "sim/h5_file.h"

static char scratch[4096];

/* Remove the scratch folder and what the harnesses left in it (atexit). */
static void remove_scratch(void) {
    DIR *d = scratch[0] ? opendir(scratch) : NULL;
    if (!d) {
        return;
    }
    for (struct dirent *e = readdir(d); e; e = readdir(d)) {
        char path[8192];
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            snprintf(path, sizeof path, "%s/%s", scratch, e->d_name);
            unlink(path);
        }
    }
    closedir(d);
    rmdir(scratch);
}

/* Copy one file; a failure only means fewer real scenarios to extend. */
static void copy_file(const char *from, const char *to) {
    FILE *in = fopen(from, "rb");
    FILE *out = in ? fopen(to, "wb") : NULL;
    char buf[8192];
    size_t n = 0;
    while (in && out && (n = fread(buf, 1, sizeof buf, in)) > 0) {
        fwrite(buf, 1, n, out);
    }
    if (out) {
        fclose(out);
    }
    if (in) {
        fclose(in);
    }
}

static void copy_scenarios(void) {
    char from[8192], to[8192];
    DIR *d = opendir(CSIM_SOURCE_DIR "/scenarios");
    if (!d) {
        return;
    }
    for (struct dirent *e = readdir(d); e; e = readdir(d)) {
        const size_t n = strlen(e->d_name);
        if (n > 5 && strcmp(e->d_name + n - 5, ".yaml") == 0) {
            snprintf(from, sizeof from, "%s/scenarios/%s", CSIM_SOURCE_DIR, e->d_name);
            snprintf(to, sizeof to, "%s/%s", scratch, e->d_name);
            copy_file(from, to);
        }
    }
    closedir(d);
}

void csim_fuzz_setup(void) {
    if (scratch[0]) {
        return;
    }
    gsl_set_error_handler_off();
    igraph_set_error_handler(igraph_error_handler_printignore);
    igraph_set_warning_handler(igraph_warning_handler_ignore);
    igraph_set_attribute_table(&igraph_cattribute_table);
    csim_h5_library_init();
    /* The commands print summaries and networks; only failures matter here. */
    if (!freopen("/dev/null", "w", stdout)) {
        fprintf(stderr, "fuzz: cannot send stdout to /dev/null\n");
    }
    const char *tmp = getenv("TMPDIR");
    snprintf(scratch, sizeof scratch, "%s/csim-fuzz-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    if (!mkdtemp(scratch)) {
        perror("fuzz: mkdtemp");
        abort();
    }
    atexit(remove_scratch);
    copy_scenarios();
}

const char *csim_fuzz_dir(void) {
    return scratch;
}

int csim_fuzz_write(const char *name, const uint8_t *data, size_t size, char *path,
                    size_t path_size) {
    snprintf(path, path_size, "%s/%s", scratch, name);
    FILE *f = fopen(path, "wb");
    if (!f) {
        return -1;
    }
    const size_t put = size > 0 ? fwrite(data, 1, size, f) : 0;
    return fclose(f) == 0 && put == size ? 0 : -1;
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void) argc;
    (void) argv;
    csim_fuzz_setup();
    return 0;
}

void csim_fuzz_expect_load_failure(csim_status st, const char *what) {
    if (st != CSIM_EPARSE && st != CSIM_EIO && st != CSIM_ENOMEM) {
        csim_fuzz_violation(what, csim_strerror(st));
    }
    if (csim_last_error()[0] == '\0') {
        csim_fuzz_violation(what, "failed without a message");
    }
}

void csim_fuzz_violation(const char *what, const char *detail) {
    fprintf(stderr, "fuzz: %s\n  %s\n  last error: %s\n", what, detail ? detail : "",
            csim_last_error());
    abort();
}
