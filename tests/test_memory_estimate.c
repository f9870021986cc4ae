/* Tests of model/memory_estimate.h: the estimate bounds what was measured (bench/README.md:
 * the baseline at scale 540 created 1.6 x 10^6 actors and peaked at 993 MiB), grows with
 * the run, and the check refuses what cannot fit or cannot be indexed. */

/* setenv() is POSIX, not C11; before every include. */
#define _POSIX_C_SOURCE 200809L

#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include "model/memory_estimate.h"
#include "model/params.h"
#include "tests/support/test_support.h"

TestSuite(memory_estimate, .init = csim_test_quiet_libraries);

static csim_params baseline(const char *const *overrides, size_t n) {
    return csim_test_scenario_params("scenarios/gumi-baseline.yaml", overrides, n);
}

Test(memory_estimate, bounds_the_measured_million_firm_run) {
    /* The population of the measured run (the defaults of 3 Dec 2026): the estimate counts
     * actors from the initial firms and the entry series, and hubs from the large classes. */
    static const char *const ovr[] = {
        "run.scale=540", "population.initial_firms=960",
        "entry.rate={2003: 60, 2006: 110, 2008: 215}",
        "population.size_class_share={under_50: 0.80, 50_99: 0.08, 100_299: 0.06, "
        "300_999: 0.035, 1000_plus: 0.012}"};
    const csim_params p = baseline(ovr, sizeof ovr / sizeof ovr[0]);
    const csim_memory_estimate e = csim_memory_estimate_run(&p);
    /* An upper bound of the 1.6e6 actors created, not far above it. */
    cr_expect(e.actors >= 1.6e6 && e.actors <= 1.9e6, "actors %g", e.actors);
    /* Never below the measured peak RSS, at most twice it: 1,144 MiB (VmHWM 1,171,088 kB,
     * bench_output --steps 156 --threads 2, 3 Dec 2026, with the trajectory writer's
     * snapshot copy; 993 MiB before it). */
    const double measured = 1171088.0 * 1024;
    cr_expect(e.bytes >= measured && e.bytes <= 2.0 * measured, "bytes %g", e.bytes);
}

Test(memory_estimate, grows_with_scale_steps_and_ties) {
    static const char *const small[] = {"run.scale=1"};
    static const char *const big[] = {"run.scale=10"};
    static const char *const short_run[] = {"run.scale=10", "run.steps=12"};
    static const char *const tied[] = {"run.scale=10", "ties.initial_local_ties=20"};
    const csim_params pa = baseline(small, 1), pb = baseline(big, 1), pc = baseline(short_run, 2),
                      pd = baseline(tied, 2);
    const csim_memory_estimate a = csim_memory_estimate_run(&pa);
    const csim_memory_estimate b = csim_memory_estimate_run(&pb);
    const csim_memory_estimate c = csim_memory_estimate_run(&pc);
    const csim_memory_estimate d = csim_memory_estimate_run(&pd);
    cr_expect_gt(b.actors, 9.0 * a.actors);
    cr_expect_lt(c.actors, b.actors, "fewer months, fewer entrants");
    cr_expect_gt(d.bytes, b.bytes, "more ties per actor, more bytes");
    cr_expect_eq(d.actors, b.actors);
}

Test(memory_estimate, check_refuses_absurd_runs_and_allows_normal_ones) {
    static const char *const normal[] = {"run.scale=1"};
    static const char *const absurd[] = {"run.scale=100000"};
    const csim_params ok = baseline(normal, 1);
    const csim_params big = baseline(absurd, 1);
    /* The loader refuses these already (model/params_check.h); the check must too. */
    csim_params huge = big;
    huge.population_initial_firms = 100000000;

    cr_expect_eq(csim_memory_check(&ok, false), CSIM_OK, "%s", csim_last_error());
    const char *source = NULL;
    const double avail = csim_memory_available(&source);
    cr_assert(avail > 0.0 && source, "available memory is read");
    if (avail < 250.0 * 1024 * 1024 * 1024) { /* a machine with less than 250 GiB */
        cr_expect_eq(csim_memory_check(&big, false), CSIM_ENOMEM);
        cr_expect(strstr(csim_last_error(), "the run needs about"), "%s", csim_last_error());
        cr_expect(strstr(csim_last_error(), "--allow-large"), "%s", csim_last_error());
    }
    cr_expect_eq(csim_memory_check(&big, true), CSIM_OK, "--allow-large skips the comparison");
    cr_expect_eq(setenv("CSIM_ALLOW_LARGE", "1", 1), 0);
    cr_expect_eq(csim_memory_check(&big, false), CSIM_OK, "so does CSIM_ALLOW_LARGE=1");
    cr_expect_eq(csim_memory_check(&huge, false), CSIM_EINVAL, "but never the actor limit");
    unsetenv("CSIM_ALLOW_LARGE");
    cr_expect_eq(csim_memory_check(&huge, true), CSIM_EINVAL);
    cr_expect(strstr(csim_last_error(), "more than the model can index"), "%s", csim_last_error());
}
