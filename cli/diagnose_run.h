/**
 * \file cli/diagnose_run.h
 * The runs of `clustersim diagnose`: replicates 0..R-1 of one parameter set, in memory
 * (no trajectory files), keeping every month's observable row so that the checks can
 * read any quantity at any year, and the calibration targets' values at the end.
 *
 * Replicate r draws from the streams of (run.seed, r) whatever the parameters, so the
 * replicates of two configurations are paired (common random numbers): the differences
 * the dose-response checks take are not buried in seed noise.
 */
#ifndef CSIM_CLI_DIAGNOSE_RUN_H
#define CSIM_CLI_DIAGNOSE_RUN_H

#include <stddef.h>

#include "analysis/calibration/targets.h"
#include "model/params.h"
#include "sim/error.h"

/** R replicates of one configuration. */
typedef struct csim_diag_runs {
    size_t n_rep;      /**< replicates                                        */
    long months;       /**< months each run lasted (run.steps)                */
    size_t width;      /**< values per observable row                         */
    int start_year;    /**< calendar year of month 0                          */
    double *history;   /**< owned: [r][month][column]                          */
    double *targets;   /**< owned: [target][r] values, or NULL when no targets */
} csim_diag_runs;

/** Progress callback: one call per finished run. */
typedef void (*csim_diag_progress)(void *context);

/**
 * Run replicates 0..n_rep-1 of `params` and keep their observable rows (and, when
 * `targets` is not NULL, every target's value per replicate).
 * \param runs  uninitialised; filled on success, destroyed on failure
 * \return CSIM_OK; the model's statuses (CSIM_EINVAL, CSIM_ENOMEM).
 */
csim_status csim_diag_run(const csim_params *params, size_t n_rep, const csim_targets *targets,
                          csim_diag_progress progress, void *context, csim_diag_runs *runs);

/** Row `m` of replicate `r`. */
const double *csim_diag_row(const csim_diag_runs *runs, size_t r, long m);

/** Free; safe on zeroed, idempotent. */
void csim_diag_runs_destroy(csim_diag_runs *runs);

#endif /* CSIM_CLI_DIAGNOSE_RUN_H */
