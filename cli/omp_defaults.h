/**
 * \file cli/omp_defaults.h
 * How the OpenMP model runs when the user says nothing: fast on an idle machine and on a
 * busy one (issue 23, item 13).
 *
 * Waiting: GCC's OpenMP runtime (libgomp) makes idle threads spin for a while at the end
 * of every parallel region. The model has dozens of regions a month, so beside another
 * CPU-bound job a spinning thread takes the core the working one needs: a 1.3 s baseline
 * run took 14-26 s on the shared 2-core dev VM. `OMP_WAIT_POLICY=passive` (threads sleep
 * at once) removes that, and costs nothing measurable on an idle machine
 * (bench/README.md). libgomp reads the variable once, when it is loaded, before main();
 * glibc also resets the environment after the earliest hook a program has. So when
 * neither OMP_WAIT_POLICY nor GOMP_SPINCOUNT is set, the program sets
 * OMP_WAIT_POLICY=passive and executes itself again (/proc/self/exe, same arguments, same
 * process id), once: the second start finds the variable set. A user's own setting is
 * never changed. Not under valgrind (which would run the new image unchecked) nor in
 * clustersim-mpi (set it with `mpirun -x OMP_WAIT_POLICY=passive`); if the exec fails
 * (no /proc), the run goes on with libgomp's default.
 *
 * Threads: below a size, a second thread costs more in synchronisation than it saves
 * (the baseline, about 3,000 actors created, ran in 0.51 s on 1 thread and 0.62 s on 2 on
 * the idle 2-core dev VM with its trajectory written). When neither --threads nor
 * OMP_NUM_THREADS is given, a run that creates fewer than CSIM_THREADS_PAY_ACTORS actors
 * (model/memory_estimate.h's bound) runs on one thread; larger runs use every core.
 * Results are bit-identical for any number of threads, so this changes only the time.
 */
#ifndef CSIM_CLI_OMP_DEFAULTS_H
#define CSIM_CLI_OMP_DEFAULTS_H

#include "model/params.h"

/** Actors created (upper bound) from which a run uses every core by default: run.scale
 *  3 of the baseline; measured in bench/README.md ("Threads by the work"). */
#define CSIM_THREADS_PAY_ACTORS 10000.0

/**
 * Make libgomp wait passively unless the user chose (see the file comment). Called by
 * main before any thread exists, where the ensemble backend allows it
 * (csim_par_may_reexec: the local backend, not MPI). Returns only when no re-execution took place.
 */
void csim_cli_passive_wait(char **argv);

/**
 * Threads for a run of `params` when the user gave none: 1 below CSIM_THREADS_PAY_ACTORS
 * actors, else 0 (OpenMP's default: OMP_NUM_THREADS, else every core this process may
 * use). Also 0 when OMP_NUM_THREADS is set, which always wins.
 */
int csim_cli_default_threads(const csim_params *params);

/**
 * Set the OpenMP threads for a run of `params` (run, rerun, validate, calibrate):
 * `requested` (the command's --threads) when not 0, else csim_cli_default_threads; when
 * that is 0 too, OpenMP's own default stands.
 */
void csim_cli_set_threads(unsigned long long requested, const csim_params *params);

#endif /* CSIM_CLI_OMP_DEFAULTS_H */
