/**
 * \file scenarios/ensemble/farm.h
 * Handing out the pending tasks of an ensemble and collecting their outcomes, for the
 * process that coordinates (the parent of the worker processes, or MPI rank 0). The
 * backends of scenarios/ensemble/backend.h call these; this module keeps the counts, draws the progress
 * line, appends to DIR/ensemble.log and records results in the plan.
 *
 * Single-threaded: only the coordinating process's main thread calls these.
 */
#ifndef CSIM_SCENARIOS_ENSEMBLE_FARM_H
#define CSIM_SCENARIOS_ENSEMBLE_FARM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "scenarios/ensemble/plan.h"
#include "sim/error.h"

/** The coordinator's view of a running ensemble. Zeroed is a valid closed farm. */
typedef struct csim_farm {
    csim_ensemble *plan;  /**< borrowed: the plan whose results are recorded        */
    const char *command;  /**< "ensemble" or "sweep", for messages                  */
    size_t *queue;        /**< owned: pending task indices in hand-out order        */
    size_t n_queue;       /**< entries of `queue`                                   */
    size_t next;          /**< next entry of `queue` to hand out                    */
    size_t running;       /**< tasks handed out and not yet done                    */
    size_t done_ok;       /**< tasks finished well in this invocation               */
    size_t done_failed;   /**< tasks failed in this invocation                      */
    size_t reused;        /**< tasks complete from before                           */
    bool progress;        /**< draw a progress line on stderr                       */
    bool drawn;           /**< a progress line is on screen                         */
    double t0;            /**< monotonic seconds at the start                       */
    double last_draw;     /**< when the line was last drawn                         */
    FILE *log;            /**< DIR/ensemble.log opened for appending, or NULL       */
    int jobs;             /**< concurrent tasks, for the index                      */
    int threads_per_task; /**< OpenMP threads of each task, for the index           */
    int ranks;            /**< MPI ranks, for the index                             */
} csim_farm;

/**
 * Start a farm over the pending tasks of `plan` (state PENDING), in task order.
 * \param log_path  file to append one line per finished task to (NULL: none)
 * \return CSIM_OK; CSIM_ENOMEM; CSIM_EIO (the log cannot be opened).
 */
csim_status csim_farm_init(csim_farm *farm, csim_ensemble *plan, const char *command, bool progress,
                           const char *log_path);

/** Close the log and free the queue. Safe on a zeroed farm; idempotent. */
void csim_farm_destroy(csim_farm *farm);

/** Tasks still to hand out. */
size_t csim_farm_remaining(const csim_farm *farm);

/**
 * The next task to run, or false when none is left or the user interrupted (SIGINT or
 * SIGTERM, see csim_farm_interrupted). Counts it as running.
 */
bool csim_farm_next(csim_farm *farm, size_t *task);

/**
 * Record the outcome of a running task: `st` CSIM_OK, or the failure with its `error`
 * text; `interrupted` marks a task stopped by the user, which stays pending.
 */
void csim_farm_done(csim_farm *farm, size_t task, csim_status st, double wall_s, const char *error,
                    bool interrupted, const char *where);

/** Redraw the progress line if one is wanted and the last is over 0.2 s old. */
void csim_farm_tick(csim_farm *farm);

/** End the progress line (a newline) if one was drawn. */
void csim_farm_end_progress(csim_farm *farm);

/** Monotonic seconds (CLOCK_MONOTONIC); no OpenMP, so safe before fork(). */
double csim_farm_now(void);

/**
 * Install SIGINT/SIGTERM/SIGHUP handlers that make csim_farm_interrupted() true (SIGHUP
 * only where it is not ignored). They replace main's (sim/tmp_file.h) in the parent:
 * the ensemble stops its workers, writes its index, then dies of the signal itself.
 */
void csim_farm_catch_signals(void);

/** Whether SIGINT, SIGTERM or SIGHUP arrived since csim_farm_catch_signals(). */
bool csim_farm_interrupted(void);

/** The first of those signals that arrived, or 0. */
int csim_farm_signal(void);

#endif /* CSIM_SCENARIOS_ENSEMBLE_FARM_H */
