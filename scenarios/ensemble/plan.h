/**
 * \file scenarios/ensemble/plan.h
 * The task list of an ensemble or a sweep: points (a scenario with its overrides, fully
 * resolved) times replicates, each task writing one trajectory file in the output folder.
 *
 *     DIR/<label>/r<k>.h5     replicate k of the point labelled <label>
 *     DIR/index.h5            external links to every task file and the task table
 *     DIR/tasks.csv           the same table, for people
 *
 * A point's label is its scenario's name for `clustersim ensemble`
 * ("gumi-baseline/r3.h5") and "p<index>" for a sweep ("p0012/r0.h5"). Tasks are ordered
 * point-major: task t is replicate t % replicates of point t / replicates.
 *
 * Replicate k of every point runs with the streams of csim_rng_replicate_seed(run.seed, k)
 * (common random numbers), so a task's results depend only on its point and replicate:
 * never on which process, thread count or order ran it.
 *
 * The plan is made by one thread; afterwards its points and task names are read-only, and
 * each task's result fields are written by whoever collects that task's outcome.
 */
#ifndef CSIM_SCENARIOS_ENSEMBLE_PLAN_H
#define CSIM_SCENARIOS_ENSEMBLE_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scenarios/design.h"
#include "scenarios/scenario.h"
#include "scenarios/sweep.h"
#include "sim/error.h"

/** Most tasks in one plan: the design's limit (scenarios/design.h says why). */
#define CSIM_ENSEMBLE_MAX_TASKS CSIM_DESIGN_MAX_POINTS

/** Where a task stands. */
typedef enum csim_task_state {
    CSIM_TASK_PENDING = 0, /**< not run (yet): interrupted, or not reached           */
    CSIM_TASK_OK = 1,      /**< its complete file is in place                         */
    CSIM_TASK_FAILED = 2   /**< it ran and failed; `error` says why                  */
} csim_task_state;

/** One point: a resolved scenario. */
typedef struct csim_ensemble_point {
    csim_scenario scenario; /**< owned: the resolved scenario of this point             */
    char *label;            /**< owned: its folder in the output folder                  */
    uint64_t params_digest; /**< csim_digest of its resolved parameter text (the
                                 /parameters/resolved_yaml its files record), written to
                                 the index so that readers can check each file       */
} csim_ensemble_point;

/** One task: a replicate of a point. */
typedef struct csim_task {
    size_t point;          /**< index into the plan's points                            */
    uint64_t replicate;    /**< replicate number                                        */
    char *file;            /**< owned: "<label>/r<k>.h5", relative to the folder        */
    uint64_t stream_key;   /**< csim_rng_replicate_seed(run.seed, replicate)             */
    csim_task_state state; /**< outcome                                                 */
    bool reused;           /**< complete from an earlier invocation, not run again       */
    double wall_s;         /**< seconds the run took (also for reused files, when known)  */
    char *error;           /**< owned: why it failed, or NULL                             */
} csim_task;

/** A plan. Zeroed is a valid empty plan. */
typedef struct csim_ensemble {
    char *dir;                   /**< owned: the output folder                           */
    uint64_t replicates;         /**< replicates of every point, >= 1                    */
    csim_ensemble_point *points; /**< owned: n_points points                             */
    size_t n_points;             /**< points added                                      */
    size_t cap_points;           /**< allocated points                                   */
    csim_task *tasks;            /**< owned: n_tasks tasks, after csim_ensemble_build_tasks */
    size_t n_tasks;              /**< points * replicates                                */
    const csim_sweep *sweep;     /**< borrowed: the sweep this plan comes from, or NULL  */
    csim_design design;          /**< owned: the sweep's design (zeroed for ensembles)    */
    double *values;              /**< owned: n_points * sweep->n_params swept values     */
} csim_ensemble;

/**
 * Start an empty plan writing into `dir` with `replicates` replicates per point.
 * \param e  uninitialised; filled on success, left destroyed on failure
 * \return CSIM_OK; CSIM_EINVAL (empty dir, replicates 0 or above
 *         CSIM_SWEEP_MAX_REPLICATES); CSIM_ENOMEM.
 */
csim_status csim_ensemble_init(csim_ensemble *e, const char *dir, uint64_t replicates);

/**
 * Load the scenario at `path` with `n_overrides` "key=value" overrides and add it as a
 * point labelled `label` (NULL: the scenario's name).
 * \return CSIM_OK; the loader's statuses (CSIM_EIO unreadable file, CSIM_EPARSE bad
 *         scenario or override, with its user message); CSIM_EINVAL (a label used
 *         twice, e.g. the same scenario named twice, or one that is not a plain file
 *         name); CSIM_ENOMEM.
 */
csim_status csim_ensemble_add_point(csim_ensemble *e, const char *path, const char *label,
                                    const char *const *overrides, size_t n_overrides);

/**
 * Add every point of `sw`: its design (seeded with the resolved seed) mapped onto values,
 * each point the base scenario with the sweep's `set:` overrides, then `extra`
 * (command-line --set), then run.seed (the sweep's seed when given), then its values.
 * `sw` is borrowed and must outlive `e`.
 * \return as csim_ensemble_add_point(); CSIM_EPARSE when an extra override names a swept
 *         parameter.
 */
csim_status csim_ensemble_add_sweep(csim_ensemble *e, const csim_sweep *sw,
                                    const char *const *extra, size_t n_extra);

/**
 * Make the tasks: every point times every replicate, all pending.
 * \return CSIM_OK; CSIM_EINVAL (no points, more than CSIM_ENSEMBLE_MAX_TASKS);
 *         CSIM_ENOMEM.
 */
csim_status csim_ensemble_build_tasks(csim_ensemble *e);

/**
 * Record the outcome of task `t`: state, wall time, error text (copied; NULL for none).
 * \return CSIM_OK or CSIM_ENOMEM (the error text could not be copied: the state is set,
 *         the text is then a fixed "out of memory").
 */
csim_status csim_ensemble_set_result(csim_ensemble *e, size_t t, csim_task_state state, bool reused,
                                     double wall_s, const char *error);

/**
 * Path of file `rel` of the plan's folder ("DIR/rel") into `buf`.
 * \return characters needed, like snprintf.
 */
int csim_ensemble_path(const csim_ensemble *e, const char *rel, char *buf, size_t size);

/** Free what the plan owns; safe on a zeroed or destroyed plan, idempotent. */
void csim_ensemble_destroy(csim_ensemble *e);

#endif /* CSIM_SCENARIOS_ENSEMBLE_PLAN_H */
