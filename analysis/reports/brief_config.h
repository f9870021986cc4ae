/**
 * \file analysis/reports/brief_config.h
 * What a policy brief compares (`clustersim report`): the outcomes, in order, with the
 * words the brief uses for them and which direction is better; the year; the spending
 * observable; the caveats printed as written. Read from a YAML file the user may edit
 * (scenarios/brief.yaml is the shipped one):
 *
 *     year: end                         # a calendar year, or end (the last of the runs)
 *     cost: programme_budget_spent      # an observable, summed over each run
 *     outcomes:                         # one or more; the first ranks the scenarios
 *       - {measure: knowledge_mean_sme, label: SME knowledge, better: higher}
 *     caveats:                          # optional
 *       - one sentence or paragraph each
 *
 * Whether a measure exists is checked when the trajectories are read (the message names
 * the file and the observable), not here.
 *
 * Thread-safety: reentrant.
 */
#ifndef CSIM_ANALYSIS_BRIEF_CONFIG_H
#define CSIM_ANALYSIS_BRIEF_CONFIG_H

#include <stddef.h>

#include "sim/error.h"

/** Most outcomes one brief compares (a page, not a data dump). */
#define CSIM_BRIEF_MAX_OUTCOMES 16

/** Year code of `year: end`. */
#define CSIM_BRIEF_END (-1)

/** One outcome of the brief. */
typedef struct csim_brief_outcome {
    char *measure; /**< owned: a measure or observable spec               */
    char *label;   /**< owned: how the brief names it                     */
    int better;    /**< +1: higher is better; -1: lower is better         */
} csim_brief_outcome;

/** A brief's settings. Zeroed is a valid empty one. */
typedef struct csim_brief_config {
    char *path;                   /**< owned: the file, for messages              */
    int year;                     /**< calendar year, or CSIM_BRIEF_END           */
    char *cost;                   /**< owned: the spending observable              */
    csim_brief_outcome *outcomes; /**< owned: n_outcomes, in the file's order     */
    size_t n_outcomes;            /**< 1 to CSIM_BRIEF_MAX_OUTCOMES once loaded    */
    char **caveats;               /**< owned: n_caveats texts                      */
    size_t n_caveats;             /**< entries of `caveats`                        */
} csim_brief_config;

/**
 * Read the brief settings file `path`.
 * \param cfg  uninitialised; filled on success, left destroyed on failure
 * \return CSIM_OK; CSIM_EIO (missing or unreadable file, named); CSIM_EPARSE (invalid
 *         YAML, an unknown or repeated key, a missing `cost` or `outcomes`, more than
 *         CSIM_BRIEF_MAX_OUTCOMES outcomes or one named twice, a value of the
 *         wrong kind: "FILE:LINE:COLUMN: key 'better': expected higher or lower, got
 *         'up'"); CSIM_ENOMEM.
 */
csim_status csim_brief_config_load(csim_brief_config *cfg, const char *path);

/** Free what `cfg` owns; safe on a zeroed or destroyed struct, idempotent. */
void csim_brief_config_destroy(csim_brief_config *cfg);

#endif /* CSIM_ANALYSIS_BRIEF_CONFIG_H */
