/*
 * What the chain bound is for (docs/ODD.md 7.3, "Why a bound"): the initial suppliers' chain
 * bases are what they sold, so the first months must not reprice them by capability fit.
 * Without a bound (market.chain_fit_bound 100) the fit ratio moves each supplier's share of
 * its buyer's orders from its base to its whole fit at once, and the misfit suppliers fail
 * in 2004: a shake-out. With the default bound (0.1) the exits of 2004 are those of a
 * market in which fit does not move orders at all (market.fit_elasticity 0).
 *
 * The baseline scenario, replicates 0-3 (common random numbers), run to December 2004;
 * exits summed over the four runs' months of 2004. Measured on 8 December 2026: 102 with
 * the bound, 102 with no fit effect, 347 without the bound (306 since the pass-through of
 * docs/ODD.md 7.3, late that day). Statements:
 *   unbounded >= 2 x bounded               (the shake-out exists without the bound)
 *   bounded <= 1.25 x no-fit-effect + 10   (the bound removes it)
 */
#include <criterion/criterion.h>

#include "model/observables.h"
#include "model/sim.h"
#include "tests/support/model_fixture.h"
#include "tests/support/test_support.h"

enum { REPLICATES = 4, STEPS = 24 };

TestSuite(chain_bound, .init = csim_test_quiet_libraries, .timeout = 300);

/* The baseline scenario's parameters, run to December 2004. */
static csim_params baseline_params(void) {
    csim_params p = csim_test_scenario_params("scenarios/gumi-baseline.yaml", NULL, 0);
    p.run_steps = STEPS;
    return p;
}

/* Exits in the months of 2004 (steps 12-23), summed over replicates 0..REPLICATES-1 of the
 * baseline with the given bound and fit elasticity. */
static double exits_in_2004(double bound, double elasticity) {
    csim_params p = baseline_params();
    p.market_chain_fit_bound = bound;
    p.market_fit_elasticity = elasticity;
    const size_t at = csim_observables_table()[CSIM_OBS_firm_exits].offset;
    double exits = 0.0;
    for (int r = 0; r < REPLICATES; ++r) {
        csim_sim *sim = csim_test_sim(&p, (uint64_t) r);
        csim_test_step_months(sim, 12); /* 2003 */
        for (int m = 12; m < STEPS; ++m) {
            csim_test_step_months(sim, 1);
            exits += csim_sim_observables(sim)[at];
        }
        csim_sim_free(&sim);
    }
    return exits;
}

Test(chain_bound, the_default_bound_removes_the_first_year_shake_out) {
    const csim_params p = baseline_params();
    const double bound = p.market_chain_fit_bound;
    const double elasticity = p.market_fit_elasticity;
    cr_assert(bound < 1.0, "the baseline bounds the fit ratio (bound %g)", bound);
    cr_assert(elasticity > 0.0, "orders follow fit in the baseline (elasticity %g)", elasticity);

    const double bounded = exits_in_2004(bound, elasticity);
    const double unbounded = exits_in_2004(100.0, elasticity);
    const double no_fit = exits_in_2004(bound, 0.0);
    cr_log_info("exits in 2004 over %d runs: bounded %.0f, unbounded %.0f, no fit effect %.0f",
                REPLICATES, bounded, unbounded, no_fit);
    cr_expect_geq(unbounded, 2.0 * bounded, "no shake-out without the bound: %.0f against %.0f",
                  unbounded, bounded);
    cr_expect_leq(bounded, 1.25 * no_fit + 10.0,
                  "the bound leaves a shake-out: %.0f exits against %.0f with no fit effect",
                  bounded, no_fit);
}
