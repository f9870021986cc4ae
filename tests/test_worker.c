/* sim/worker.h: the writer thread's hand-over -- jobs run in order, one at a time, on
 * another thread; the first failure comes back to the owner with its message and stops
 * later jobs; stop is safe at any point. */
#define _POSIX_C_SOURCE 200809L /* nanosleep */
#include <criterion/criterion.h>

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "sim/error.h"
#include "sim/worker.h"

/* What the jobs of a test see: the order they ran in, the thread they ran on. */
typedef struct log {
    int ran[16];
    _Atomic size_t n;      /* jobs done; ran[] is written before it grows */
    pthread_t owner;
    bool on_owner_thread;  /* a job ran on the owner's thread      */
    int fail_at;           /* the job value that fails, or -1      */
    int delay_us;          /* each job sleeps this long first       */
} log_t;

static csim_status record_job(void *context, void *job) {
    log_t *log = context;
    const int value = *(const int *) job;
    if (log->delay_us > 0) {
        const struct timespec pause = {0, 1000L * log->delay_us};
        nanosleep(&pause, NULL);
    }
    log->on_owner_thread |= pthread_equal(pthread_self(), log->owner) != 0;
    const size_t k = atomic_load(&log->n);
    if (k < 16) {
        log->ran[k] = value;
        atomic_store(&log->n, k + 1);
    }
    if (value == log->fail_at) {
        return CSIM_FAIL(CSIM_EIO, "job %d: disk full", value);
    }
    return CSIM_OK;
}

Test(worker, runs_jobs_in_order_on_another_thread) {
    log_t log = {.owner = pthread_self(), .fail_at = -1, .delay_us = 2000};
    csim_worker w;
    cr_assert_eq(csim_worker_start(&w, record_job, &log), CSIM_OK);
    int values[5] = {10, 11, 12, 13, 14};
    for (int k = 0; k < 5; ++k) {
        /* Each submit waits for the previous job, so one buffer per job is enough. */
        cr_assert_eq(csim_worker_submit(&w, &values[k]), CSIM_OK);
    }
    cr_assert_eq(csim_worker_wait(&w), CSIM_OK);
    csim_worker_stop(&w);
    cr_assert_eq(atomic_load(&log.n), 5);
    for (int k = 0; k < 5; ++k) {
        cr_expect_eq(log.ran[k], 10 + k, "job %d ran %d-th", log.ran[k], k);
    }
    cr_expect_not(log.on_owner_thread, "jobs run on the worker thread");
}

Test(worker, submit_waits_for_the_running_job) {
    /* The job sleeps 20 ms; a submit right after must not return before it is done, or
     * the owner could refill a buffer the worker is still reading. */
    log_t log = {.owner = pthread_self(), .fail_at = -1, .delay_us = 20000};
    csim_worker w;
    cr_assert_eq(csim_worker_start(&w, record_job, &log), CSIM_OK);
    int a = 1, b = 2;
    cr_assert_eq(csim_worker_submit(&w, &a), CSIM_OK);
    cr_assert_eq(csim_worker_submit(&w, &b), CSIM_OK);
    /* The first job has finished (the second may still run). */
    cr_expect_geq(atomic_load(&log.n), 1);
    cr_expect_eq(log.ran[0], 1);
    csim_worker_stop(&w); /* waits for the second */
    cr_expect_eq(atomic_load(&log.n), 2);
    cr_expect_eq(log.ran[1], 2);
}

Test(worker, first_failure_reaches_the_owner_and_stops_later_jobs) {
    log_t log = {.owner = pthread_self(), .fail_at = 2, .delay_us = 0};
    csim_worker w;
    cr_assert_eq(csim_worker_start(&w, record_job, &log), CSIM_OK);
    int v1 = 1, v2 = 2, v3 = 3, v4 = 4;
    cr_assert_eq(csim_worker_submit(&w, &v1), CSIM_OK);
    cr_assert_eq(csim_worker_submit(&w, &v2), CSIM_OK); /* fails on the worker */
    csim_clear_error();
    /* The next hand-over is refused with the worker's status and message. */
    cr_assert_eq(csim_worker_submit(&w, &v3), CSIM_EIO);
    cr_expect(strstr(csim_last_error(), "job 2: disk full") != NULL, "message: %s",
              csim_last_error());
    /* Later calls keep reporting it; nothing after the failure ran. */
    cr_expect_eq(csim_worker_wait(&w), CSIM_EIO);
    cr_expect_eq(csim_worker_submit(&w, &v4), CSIM_EIO);
    csim_worker_stop(&w);
    cr_expect_eq(atomic_load(&log.n), 2, "jobs ran: %zu", atomic_load(&log.n));
}

Test(worker, stop_is_safe_when_never_started_and_twice) {
    csim_worker never;
    memset(&never, 0, sizeof never);
    csim_worker_stop(&never);
    cr_expect_eq(csim_worker_wait(&never), CSIM_OK);
    int v = 1;
    cr_expect_eq(csim_worker_submit(&never, &v), CSIM_EINTERNAL);

    log_t log = {.owner = pthread_self(), .fail_at = -1, .delay_us = 5000};
    csim_worker w;
    cr_assert_eq(csim_worker_start(&w, record_job, &log), CSIM_OK);
    cr_assert_eq(csim_worker_submit(&w, &v), CSIM_OK);
    csim_worker_stop(&w); /* finishes the job in flight, then joins */
    csim_worker_stop(&w);
    cr_expect_eq(atomic_load(&log.n), 1, "the job in flight completes before the thread ends");
}
