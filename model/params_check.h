/**
 * \file model/params_check.h
 * The rules that tie parameters together, in one place for every command.
 *
 * The schema checks each value alone against its range when it is read. These rules
 * relate several values, or bound the work a run would do:
 *  - a categorical share (population.size_class_share, sector_share, complex_share,
 *    tier_share; entry.size_class_share, sector_share) must not be all zero: the draw
 *    would fall silently on one category;
 *  - wg.min_size <= wg.size and ties.project_p_min <= ties.project_p_max;
 *  - the actors fit the model's indices (the actor limit of model/memory_estimate.h) and
 *    the 32-bit indices of the random streams;
 *  - work: the mini-clusters (policy.mc_count x run.scale) are at most half the actors
 *    the run can create (an MC acts only with two members, and every MC costs work each
 *    month), and the broker introductions the budget pays for (policy.budget x run.scale
 *    x policy.split.brokers / 12 / policy.broker_cost) are at most one per actor a month
 *    (the Gumi baseline pays for 5 a month among some 1,700 actors). Beyond these bounds
 *    a run does hundreds of times the work of the baseline for no modelled effect.
 *
 * `clustersim run`, `check`, `sweep --dry-run`, ensembles (through the scenario loader)
 * and csim_sim_create all call these functions, so they cannot disagree.
 */
#ifndef CSIM_MODEL_PARAMS_CHECK_H
#define CSIM_MODEL_PARAMS_CHECK_H

#include <stddef.h>

#include "model/params.h"
#include "sim/error.h"

/** Receives one problem: a user message naming the keys and what was expected. */
typedef void (*csim_params_problem_fn)(void *ctx, const char *message);

/**
 * Check every rule of the file comment against `params` and report each broken one, in
 * the order above, to `report` (may be NULL to count only).
 * \return the number of problems (0: the parameters may run). Cannot fail; reentrant;
 *         O(run.steps).
 */
size_t csim_params_problems(const csim_params *params, csim_params_problem_fn report, void *ctx);

/**
 * Whether `params` keep every rule.
 * \return CSIM_OK, or CSIM_EINVAL with the first problem recorded by csim_fail_plain.
 */
csim_status csim_params_check(const csim_params *params);

#endif /* CSIM_MODEL_PARAMS_CHECK_H */
