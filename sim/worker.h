/**
 * \file sim/worker.h
 * A background thread that runs one job at a time, handed over by one owner thread.
 *
 * The trajectory writer (model/trajectory.c) uses it to overlap HDF5 work with the
 * simulation: the owner copies what must be written into a job, submits it and goes on
 * stepping the model while the worker writes. Only the worker runs jobs, so a library
 * that is not thread-safe (HDF5 built without its global lock) is still called by one
 * thread at a time, provided the owner calls it only while the worker is idle (after
 * csim_worker_wait) or stopped. The thread is a Linux SCHED_BATCH thread where that
 * exists: handing it a job does not preempt the owner (sim/worker.c says why).
 *
 * Failures: the first job that fails stops the worker from running later ones; its
 * status and message (csim_last_error() of the worker thread) come back from the next
 * csim_worker_submit() or csim_worker_wait() of the owner, as a failure of the owner's
 * own thread (its message buffer is thread-local, sim/error.h).
 *
 * Thread-safety: one owner thread calls every function; the job function runs on the
 * worker. Lifetime: csim_worker_start .. csim_worker_stop (which joins the thread).
 */
#ifndef CSIM_SIM_WORKER_H
#define CSIM_SIM_WORKER_H

#include <pthread.h>
#include <stdbool.h>

#include "sim/error.h"

/** Runs one job on the worker thread; `context` is the one given to csim_worker_start. */
typedef csim_status (*csim_worker_fn)(void *context, void *job);

typedef struct csim_worker {
    pthread_t thread;
    pthread_mutex_t lock;    /**< guards every field below                           */
    pthread_cond_t changed;  /**< signalled when `job` is set or cleared, or on quit  */
    csim_worker_fn run;
    void *context;
    void *job;               /**< the job handed over and not yet finished, or NULL  */
    bool quit;               /**< the owner asked the thread to end                  */
    bool started;            /**< a thread exists (stop joins it)                    */
    csim_status failure;     /**< status of the first failed job, else CSIM_OK       */
    char message[2048];      /**< its csim_last_error() on the worker thread          */
} csim_worker;

/** Start the thread. CSIM_EINTERNAL if it cannot be created (then `w` is stopped). */
csim_status csim_worker_start(csim_worker *w, csim_worker_fn run, void *context);

/**
 * Wait until the previous job is done, then hand over `job` (borrowed until the next
 * submit, wait or stop returns). Returns the failure of an earlier job, if any, without
 * handing this one over.
 */
csim_status csim_worker_submit(csim_worker *w, void *job);

/** Wait until no job is running. Returns the failure of an earlier job, if any. */
csim_status csim_worker_wait(csim_worker *w);

/** Wait for the running job, end the thread and join it. Idempotent; safe on a worker
 *  never started (zeroed) or whose start failed. A failure not yet collected is dropped. */
void csim_worker_stop(csim_worker *w);

#endif /* CSIM_SIM_WORKER_H */
