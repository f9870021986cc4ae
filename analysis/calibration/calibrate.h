/**
 * \file analysis/calibration/calibrate.h
 * Calibration by simulated moments: choose values of some numeric parameters, within
 * given bounds, that bring the replicate-ensemble means closest to the targets
 * (csim_targets_distance), with GSL's Nelder-Mead simplex (nmsimplex2). Every evaluation
 * runs the same replicate numbers, so the objective has common random numbers and is
 * far smoother than with fresh draws.
 */
#ifndef CSIM_ANALYSIS_CALIBRATE_H
#define CSIM_ANALYSIS_CALIBRATE_H

#include <stddef.h>

#include "analysis/calibration/targets.h"
#include "model/params.h"
#include "sim/error.h"

/** One parameter to fit. */
typedef struct csim_fit_param {
    const csim_param_desc *desc;  /**< a DOUBLE parameter of the schema (borrowed)         */
    double lo, hi;                /**< bounds, lo < hi, inside the schema's range           */
    double value;                 /**< start value on input, best value found on output     */
} csim_fit_param;

/** Settings and results of a calibration. */
typedef struct csim_calibration {
    size_t replicates;            /**< replicates per evaluation                            */
    size_t max_evaluations;       /**< budget of objective evaluations                      */
    double best_distance;         /**< output: distance at the best point                    */
    size_t evaluations;           /**< output: evaluations done                              */
} csim_calibration;

/**
 * Fit `n_fit` parameters of `params` (modified: the best values are written into it).
 * `report`, when not NULL, is called after each evaluation with its distance.
 * \return CSIM_OK, CSIM_EINVAL (bad bounds or parameter type), CSIM_ENOMEM,
 *         CSIM_ENUMERIC (GSL), or a run's failure.
 */
csim_status csim_calibrate(const csim_targets *targets, csim_params *params, csim_fit_param *fit,
                           size_t n_fit, csim_calibration *settings,
                           void (*report)(size_t evaluation, double distance, const csim_fit_param *fit,
                                          size_t n_fit, void *context),
                           void *context);

#endif /* CSIM_ANALYSIS_CALIBRATE_H */
