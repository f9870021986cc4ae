/**
 * \file tests/support/model_fixture.h
 * A bare model state for known-answer tests of one mechanism: a run created from the
 * given parameters (so every array and scratch buffer is allocated), then emptied by hand
 * so that a test places exactly the actors and ties whose outcome it computes. Also the
 * two lines every model test starts with: default parameters at a size, and a run.
 */
#ifndef CSIM_TESTS_MODEL_FIXTURE_H
#define CSIM_TESTS_MODEL_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "model/sim_internal.h"

/** The default parameters with run.scale and run.steps set. Asserts on failure. */
csim_params csim_test_params(double run_scale, long run_steps);

/** A run of `p`, replicate `replicate`; asserts with the library's message on failure. */
csim_sim *csim_test_sim(const csim_params *p, uint64_t replicate);

/** Advance `sim` by `months` steps; asserts with the library's message on failure. */
void csim_test_step_months(csim_sim *sim, long months);

/**
 * Create a run of `p` (replicate 0) with at least `min_actors` actors, then: every actor
 * dead, a firm (kind FIRM) of group NONE, tier INDEPENDENT, SME, no hub, no buyer, in no
 * MC, WG, organisation or site lot, no capital, no sales, no losses, no equipment; no
 * ties (an empty adjacency over all actors); no proposals; no events. The caller revives
 * and shapes the actors it needs. Asserts (Criterion) on failure.
 */
csim_sim *csim_test_bare_sim(const csim_params *p, size_t min_actors);

/**
 * csim_test_bare_sim with the reference capability set to 1, so that a firm's capability
 * relative to the reference (what the market and the search compare) is its own: the
 * known answers of the market, search and hardware tests are worked out that way.
 */
csim_sim *csim_test_bare_sim_at_unit_reference(const csim_params *p, size_t min_actors);

/** Rebuild the adjacency after the caller added ties with csim_ties_add. */
void csim_test_bare_adjacency(csim_sim *sim);

/**
 * Append an active MC whose theme is the single field `field` (its main field), no
 * members, an office serving `capacity` members (base and current) at office weight
 * `weight`, counted in the programme's plan (prog.mc_plan, which shares the money out).
 * Asserts on failure. The pointer is valid until the next MC is added.
 */
csim_mc *csim_test_add_mc(csim_sim *sim, int field, double capacity, double weight);

/**
 * Append an active WG whose theme is the field `field` and whose members are the actors
 * first..first+n-1, each then recorded in it (firms.wg); every other field is a new WG's
 * (csim_programme_add_wg), its parent MC slot included. Returns its id; asserts on failure.
 */
size_t csim_test_add_wg(csim_sim *sim, int field, uint32_t first, size_t n);

/**
 * The market in which the by-hand accounts of firms are worked out (test_market,
 * test_hardware): operating cost 0.5 of capacity, capacity 2 per SME employee, other sales
 * at elasticity 1 of relative capability, no Gibrat noise in employment, no closure hazard
 * (exits by losses only), exit after 3 months of losses. The rest of `p` is left as it is.
 */
void csim_test_set_market_by_hand(csim_params *p);

/**
 * The learning over ties worked out by hand (test_learning, test_joint_work), set here
 * rather than taken from the defaults: knowledge depreciates by `depreciation` a month,
 * the distance term is 4 d (1 - d) (learning.distance a 4, b 1, c 1), and no firm does its
 * own R&D (a capital threshold of 1e9 months). When joint projects start is each test's
 * own subject: it sets ties.project_* itself. The rest of `p` is left as it is.
 */
void csim_test_set_learning_by_hand(csim_params *p, double depreciation);

/** Set a parameter series to the n points (years[k], values[k]), years increasing. */
void csim_test_set_series(csim_series *s, size_t n, const int *years, const double *values);

/**
 * The programme's timeline in `p`: policy.mc_count the n points (years[k], mc_counts[k]),
 * years increasing, and policy.budget 0 from years[0], `budget` a year from `budget_year`
 * on (after years[0]). Asserts on failure.
 */
void csim_test_set_programme(csim_params *p, size_t n, const int *years,
                             const double *mc_counts, int budget_year, double budget);

#endif /* CSIM_TESTS_MODEL_FIXTURE_H */
