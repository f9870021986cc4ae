/* How the OpenMP model runs when the user says nothing (cli/omp_defaults.h). */
/* setenv() and execv() are POSIX, not C11; before every include. */
#define _POSIX_C_SOURCE 200809L

#include "cli/omp_defaults.h"

#include <stdlib.h>
#include <unistd.h>

#include <omp.h>

#include "model/memory_estimate.h"

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

void csim_cli_passive_wait(char **argv) {
    if (getenv("OMP_WAIT_POLICY") || getenv("GOMP_SPINCOUNT") || RUNNING_ON_VALGRIND) {
        return;
    }
    if (setenv("OMP_WAIT_POLICY", "passive", 1) != 0) {
        return;
    }
    execv("/proc/self/exe", argv);
    /* Still here: no /proc. The variable stays set for any child, harmlessly. */
}

int csim_cli_default_threads(const csim_params *params) {
    const char *env = getenv("OMP_NUM_THREADS");
    if (env && *env) {
        return 0;
    }
    return csim_memory_estimate_run(params).actors < CSIM_THREADS_PAY_ACTORS ? 1 : 0;
}

void csim_cli_set_threads(unsigned long long requested, const csim_params *params) {
    const unsigned long long threads =
        requested > 0 ? requested : (unsigned long long) csim_cli_default_threads(params);
    if (threads > 0) {
        omp_set_num_threads((int) threads);
    }
}
