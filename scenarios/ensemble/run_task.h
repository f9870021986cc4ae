/**
 * \file scenarios/ensemble/run_task.h
 * Running one replicate of one scenario into one trajectory: the one function that
 * `clustersim run`, `clustersim rerun` and every ensemble or sweep task (local worker or
 * MPI rank) call, so that all of them create the model, open and mark the file, step the
 * months and commit the file the same way -- which is what makes a task's file the same
 * file `run SCENARIO --replicate k` writes, and `rerun` able to reproduce it bit for bit.
 *
 * What differs between the callers is data, not code: the output path and whether an
 * existing file is replaced, whether to write a file at all (`run --no-output`), the
 * threads and ranks recorded, the file a rerun reproduces, and a per-month callback (the
 * commands' progress line; none for tasks).
 */
#ifndef CSIM_SCENARIOS_ENSEMBLE_RUN_TASK_H
#define CSIM_SCENARIOS_ENSEMBLE_RUN_TASK_H

#include <stdbool.h>
#include <stdint.h>

#include "model/run_months.h"
#include "model/sim.h"
#include "scenarios/scenario.h"
#include "sim/error.h"

/** One run to make. Every pointer is borrowed; NULL where optional. */
typedef struct csim_run_request {
    const csim_scenario *scenario; /**< the resolved scenario (parameters, name, texts)  */
    uint64_t replicate;            /**< replicate number: picks the random streams       */
    const char *output;            /**< trajectory file to write, or NULL for none       */
    bool force;                    /**< replace an existing `output`                     */
    bool allow_large;              /**< run even above the memory estimate's limit       */
    int threads;                   /**< OpenMP threads, recorded in the file             */
    int ranks;                     /**< MPI ranks, recorded in the file (1 without MPI)  */
    const char *rerun_of;          /**< the file this run reproduces (`rerun`), or NULL  */
    csim_month_done_fn on_month;   /**< called after each month, or NULL                 */
    void *context;                 /**< passed to `on_month`                             */
} csim_run_request;

/**
 * Run `req`: check that it fits in memory, create the model, open the trajectory (when
 * `output` is set; written under a temporary name), mark it as a rerun (when `rerun_of`
 * is set), step every month recording each, and commit the file under its final name.
 * On failure nothing is left under `output` and the model is freed.
 * \param sim_out  NULL, or where the finished model is handed over (the caller frees it
 *                 with csim_sim_free): `run` prints its last month, `rerun` its length.
 * \return CSIM_OK; CSIM_EINVAL (NULL request or scenario); a memory-check, model or
 *         file error (CSIM_ENOMEM, CSIM_EIO, CSIM_EEXIST, ...).
 */
csim_status csim_run_task(const csim_run_request *req, csim_sim **sim_out);

#endif /* CSIM_SCENARIOS_ENSEMBLE_RUN_TASK_H */
