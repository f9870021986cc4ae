/* A background thread running one job at a time (sim/worker.h). */
#define _GNU_SOURCE /* SCHED_BATCH (Linux) */

#include "sim/worker.h"

#include <sched.h>
#include <stdio.h>
#include <string.h>

/*
 * The thread runs as SCHED_BATCH where Linux has it: a woken batch thread does not preempt
 * the thread that woke it. Without it, each hand-over preempted the simulating thread on
 * its own core for the whole job (with every core simulating, the 2-thread baseline's
 * record calls took 14-30 ms instead of 6-9), while the other model thread spun at its
 * barrier; as a batch thread the job waits for the next tick or a core, and can share
 * the model's serial phases. Measured on the 2-core VM, 2 threads, nine invocations of
 * 15-21 alternating pairs each way: writing 12.3% of the wall time by the median
 * invocation instead of 13.6% -- a gain within this machine's noise, but the record calls'
 * own drop is clear (OUTPUT.md, "Cost of writing"). Unprivileged; should it fail, the
 * thread keeps the default policy, which is only slower.
 */
static void lower_wakeup_priority(void) {
#ifdef SCHED_BATCH
    const struct sched_param normal = {0};
    (void) pthread_setschedparam(pthread_self(), SCHED_BATCH, &normal);
#endif
}

static void *worker_main(void *arg) {
    csim_worker *w = arg;
    lower_wakeup_priority();
    pthread_mutex_lock(&w->lock);
    for (;;) {
        while (!w->job && !w->quit) {
            pthread_cond_wait(&w->changed, &w->lock);
        }
        if (!w->job) {
            break; /* quit, nothing left to run */
        }
        void *job = w->job;
        const bool skip = w->failure != CSIM_OK;
        pthread_mutex_unlock(&w->lock);
        /* After a failure later jobs are dropped: the file is abandoned anyway, and a
         * write past a failed one would only add errors that hide the first. */
        const csim_status st = skip ? CSIM_OK : w->run(w->context, job);
        pthread_mutex_lock(&w->lock);
        if (st != CSIM_OK && w->failure == CSIM_OK) {
            w->failure = st;
            snprintf(w->message, sizeof w->message, "%s", csim_last_error());
        }
        w->job = NULL;
        pthread_cond_broadcast(&w->changed);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

csim_status csim_worker_start(csim_worker *w, csim_worker_fn run, void *context) {
    memset(w, 0, sizeof *w);
    w->run = run;
    w->context = context;
    w->failure = CSIM_OK;
    if (pthread_mutex_init(&w->lock, NULL) != 0) {
        return CSIM_FAIL(CSIM_EINTERNAL, "writer thread: mutex");
    }
    if (pthread_cond_init(&w->changed, NULL) != 0) {
        pthread_mutex_destroy(&w->lock);
        return CSIM_FAIL(CSIM_EINTERNAL, "writer thread: condition variable");
    }
    const int err = pthread_create(&w->thread, NULL, worker_main, w);
    if (err != 0) {
        pthread_cond_destroy(&w->changed);
        pthread_mutex_destroy(&w->lock);
        return CSIM_FAIL(CSIM_EINTERNAL, "writer thread could not be created: %s",
                         strerror(err));
    }
    w->started = true;
    return CSIM_OK;
}

/* With the lock held: wait for the running job; the earlier failure, re-raised on the
 * owner's thread, or CSIM_OK. */
static csim_status wait_locked(csim_worker *w) {
    while (w->job) {
        pthread_cond_wait(&w->changed, &w->lock);
    }
    if (w->failure != CSIM_OK) {
        return csim_fail_plain(w->failure, "%s", w->message);
    }
    return CSIM_OK;
}

csim_status csim_worker_submit(csim_worker *w, void *job) {
    if (!w->started) {
        return CSIM_FAIL(CSIM_EINTERNAL, "job submitted to a writer thread not running");
    }
    pthread_mutex_lock(&w->lock);
    const csim_status st = wait_locked(w);
    if (st == CSIM_OK) {
        w->job = job;
        pthread_cond_broadcast(&w->changed);
    }
    pthread_mutex_unlock(&w->lock);
    return st;
}

csim_status csim_worker_wait(csim_worker *w) {
    if (!w->started) {
        return CSIM_OK;
    }
    pthread_mutex_lock(&w->lock);
    const csim_status st = wait_locked(w);
    pthread_mutex_unlock(&w->lock);
    return st;
}

void csim_worker_stop(csim_worker *w) {
    if (!w->started) {
        return;
    }
    pthread_mutex_lock(&w->lock);
    w->quit = true;
    pthread_cond_broadcast(&w->changed);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    pthread_cond_destroy(&w->changed);
    pthread_mutex_destroy(&w->lock);
    w->started = false;
}
