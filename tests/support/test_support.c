/* POSIX 2008 for open_memstream under -std=c11. */
#define _POSIX_C_SOURCE 200809L

#include "tests/support/test_support.h"

#include "scenarios/scenario.h"
#include "sim/error.h"
#include "sim/h5_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <gsl/gsl_errno.h>
#include <math.h>

void csim_test_quiet_libraries(void) {
    gsl_set_error_handler_off();
    csim_h5_library_init();
}

char *csim_test_source_path(char *buf, size_t size, const char *relative) {
    snprintf(buf, size, "%s/%s", CSIM_SOURCE_DIR, relative);
    return buf;
}

csim_params csim_test_scenario_params(const char *relative, const char *const *overrides,
                                      size_t n) {
    char path[4096];
    csim_scenario scenario;
    cr_assert_eq(csim_scenario_load(&scenario, csim_test_source_path(path, sizeof path, relative),
                                    overrides, n),
                 CSIM_OK, "%s", csim_last_error());
    const csim_params p = scenario.params;
    csim_scenario_destroy(&scenario);
    return p;
}

char *csim_test_scratch_dir(char *buf, size_t size, const char *name) {
    char cmd[4096];
    snprintf(buf, size, "%s/test-scratch/%s-%ld", CSIM_BINARY_DIR, name, (long) getpid());
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s'", buf, buf);
    if (system(cmd) != 0) {
        buf[0] = '\0';
    }
    return buf;
}

char *csim_test_scratch_file(char *dir, size_t dir_size, char *path, size_t path_size,
                             const char *name, const char *file) {
    csim_test_scratch_dir(dir, dir_size, name);
    cr_assert(dir[0] != '\0', "scratch folder for %s", name);
    snprintf(path, path_size, "%s/%s", dir, file);
    return path;
}

int csim_test_write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    if (!f) {
        return -1;
    }
    const int rc = fputs(text, f) < 0 ? -1 : 0;
    return fclose(f) != 0 ? -1 : rc;
}

uint64_t csim_test_seed(const char *what, uint64_t fixed) {
    const char *env = getenv("CSIM_TEST_SEED");
    uint64_t seed = fixed;
    if (env && *env) {
        char *end = NULL;
        const unsigned long long v = strtoull(env, &end, 10);
        if (end && *end == '\0') {
            seed = (uint64_t) v;
        }
    }
    fprintf(stderr, "# %s: seed %llu (CSIM_TEST_SEED=%llu repeats it)\n", what,
            (unsigned long long) seed, (unsigned long long) seed);
    return seed;
}

void csim_test_expect_close(double got, double want, const char *what) {
    cr_assert(fabs(got - want) <= 1e-12 * (fabs(want) > 1.0 ? fabs(want) : 1.0),
              "%s: got %.17g, want %.17g", what, got, want);
}

FILE *csim_test_text_open(csim_test_text *t) {
    t->buf = NULL;
    t->len = 0;
    t->f = open_memstream(&t->buf, &t->len);
    cr_assert_not_null(t->f);
    return t->f;
}

char *csim_test_text_close(csim_test_text *t) {
    fclose(t->f);
    t->f = NULL;
    return t->buf;
}
