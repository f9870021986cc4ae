/**
 * \file bench/run.h
 * One timed run of the model, with or without writing its trajectory: the measurement
 * that bench_model repeats per scale and thread count and bench_output makes once before
 * it weighs the file; and the loading of the scenario both run. Benchmarks only (never
 * linked into the tools).
 */
#ifndef CSIM_BENCH_RUN_H
#define CSIM_BENCH_RUN_H

#include "model/params.h"
#include "model/trajectory.h"
#include "scenarios/scenario.h"

/**
 * What one run measured: wall seconds, firm-steps (the firms alive after each step,
 * summed over the steps), the firms alive at the end, and the seconds spent writing the
 * trajectory, in all and in its three parts (opening the file and creating its elements,
 * recording the months, closing and committing it; 0 without output).
 */
typedef struct csim_bench_run {
    double seconds, firm_steps, output_seconds, alive;
    double open_seconds, record_seconds, close_seconds;
    double *row; /**< borrowed: receives the last step's observable row; NULL: not kept */
} csim_bench_run;

/**
 * Run `params` from a fresh model for params->run_steps months, writing the trajectory
 * to `out_path` when it is not NULL.
 * \return 0; 1 on failure (the reason in csim_last_error()).
 */
int csim_bench_run_once(const csim_params *params, const char *out_path,
                        const csim_run_info *info, csim_bench_run *res);

/**
 * Load the scenario file `path` that benchmark `program` runs (no overrides), with
 * `steps` months in place of its run.steps when steps > 0.
 * \return 0; -1 after printing "PROGRAM: <why>" to stderr (nothing to destroy then).
 */
int csim_bench_load_scenario(const char *program, const char *path, long steps,
                             csim_scenario *scenario);

#endif /* CSIM_BENCH_RUN_H */
