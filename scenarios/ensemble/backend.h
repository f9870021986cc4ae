/**
 * \file scenarios/ensemble/backend.h
 * Where an ensemble's tasks run. Two backends implement this header:
 *
 *  - backend_local.c (the `clustersim` program): a pool of worker processes made with
 *    fork(). Each task runs in its own child process -- the same code as `clustersim run`
 *    -- with its own OpenMP threads, and reports back through a pipe. Processes rather
 *    than threads because HDF5 is serialised by one global lock (docs/CONVENTIONS.md fact 5) and the
 *    igraph build is not thread-safe; a crash of one task cannot take the others down.
 *    The parent never enters an OpenMP parallel region, so its children start with a
 *    clean OpenMP runtime (GNU libgomp does not survive fork() after a parallel region).
 *  - mpi/backend_mpi.c (the `clustersim-mpi` program): rank 0 hands out tasks one at a
 *    time to the other ranks, each of which runs them in-process with its OpenMP threads
 *    and reports back; rank 0 writes the index.
 *
 * Results do not depend on the backend, the number of workers or of threads: a task's
 * data is a function of its point and replicate only.
 */
#ifndef CSIM_SCENARIOS_ENSEMBLE_BACKEND_H
#define CSIM_SCENARIOS_ENSEMBLE_BACKEND_H

#include <stdbool.h>
#include <stdint.h>

#include "scenarios/ensemble/farm.h"
#include "scenarios/ensemble/plan.h"
#include "sim/error.h"

/** What the user asked for; 0 means "choose". */
typedef struct csim_par_request {
    unsigned long long jobs;    /**< --jobs: concurrent tasks (local backend)          */
    unsigned long long threads; /**< --threads: threads in all (local) or per rank (MPI) */
} csim_par_request;

/**
 * Start the backend (MPI_Init for MPI; nothing locally). Called once by main before any
 * command. MPI ranks other than 0 send stdout and stderr to /dev/null unless
 * CSIM_MPI_VERBOSE is set: everything they have to say goes to rank 0 as messages.
 * \return 0, or non-zero when MPI cannot start (main exits with 1).
 */
int csim_par_init(int *argc, char ***argv);

/**
 * Whether main may re-execute the process before any thread exists (to set OpenMP's wait
 * policy: cli/omp_defaults.h): true for the local backend, whose process is the user's;
 * false under MPI, whose launcher owns the processes. Called before csim_par_init.
 */
bool csim_par_may_reexec(void);

/** Stop the backend (MPI_Finalize); called once by main after the command. */
void csim_par_finalize(void);

/** This process's rank (0 without MPI). */
int csim_par_rank(void);

/** Ranks in the job (1 without MPI). */
int csim_par_size(void);

/**
 * Whether `command` runs on every rank (ensemble, sweep). Other commands run on rank 0
 * only; the other ranks return 0 at once.
 */
bool csim_par_distributed(const char *command);

/**
 * OMP_NUM_THREADS when it is a plain positive number (its first entry if a list), else 0:
 * the thread count both backends fall back to when --threads is not given. Shared by the
 * backends (scenarios/ensemble/backend_threads.c).
 */
unsigned long long csim_par_env_threads(void);

/**
 * Coordinator (rank 0 / the parent): run every task of `farm`, choosing the layout from
 * `req` and the cores at hand, recording it in farm->jobs/threads_per_task/ranks.
 * Returns when all tasks are done or the user interrupted.
 * \param fingerprint  identifies the plan; MPI workers with another plan are refused
 * \return CSIM_OK (whatever the tasks' outcomes); CSIM_EIO (a pipe or fork failed and
 *         no task could be started); CSIM_ENOMEM.
 */
csim_status csim_par_run(csim_farm *farm, const csim_par_request *req, uint64_t fingerprint);

/**
 * Coordinator with nothing to run (its own set-up failed): release the workers that wait
 * for tasks. No-op locally.
 */
void csim_par_release(void);

/**
 * Worker (MPI ranks > 0): run the tasks rank 0 sends until told to stop. `plan` is NULL
 * when this rank could not make the plan; `plan_error` then says why and is sent to rank 0.
 * \return the exit code of this rank (0; or the planning failure's).
 */
int csim_par_serve(const csim_ensemble *plan, const char *plan_error, int plan_rc,
                   const csim_par_request *req, uint64_t fingerprint);

#endif /* CSIM_SCENARIOS_ENSEMBLE_BACKEND_H */
