/* Known answers of the market (model/market.c), exit and entry (model/entry.c), computed
 * by hand on a bare state (tests/support/model_fixture.h): hub demand down the tiers
 * (a hub sells chain_base x its group's demand index; a supplier sells chain_base x the
 * hubs' demand x the part of its buyer's own competitive index the buyer passes on
 * (market.purchase_share) x its capability-fit share among its buyer's suppliers), the
 * other sales, capital, loss months, employment and the exit decision; exits and the
 * suppliers that find a new buyer; entrants (Poisson mean) and hub spin-offs; hub demand
 * shocks in a whole run. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model/categories.h"
#include "model/sim_internal.h"
#include "model/tables.h"
#include "tests/support/model_fixture.h"
#include "tests/support/test_support.h"

TestSuite(market, .init = csim_test_quiet_libraries);

static void set_knowledge(csim_firms *f, size_t i, double level) {
    double *v = csim_firms_knowledge(f, i);
    for (size_t k = 0; k < CSIM_K; ++k) {
        v[k] = level; /* capability (any weights summing to 1) is then `level` */
    }
}

/* A firm of the LG chain in the bare state. */
static void chain_firm(csim_firms *f, size_t i, int tier, int32_t buyer, double chain_base,
                       double knowledge) {
    f->alive[i] = 1;
    f->kind[i] = CSIM_KIND_FIRM;
    f->group[i] = CSIM_GROUP_LG;
    f->tier[i] = (uint8_t) tier;
    f->buyer[i] = buyer;
    f->chain_base[i] = chain_base;
    f->other_base[i] = 0.0;
    f->capability0[i] = knowledge;
    f->access[i] = 0.5;
    f->employees[i] = 10.0;
    f->capital[i] = 1000.0;
    f->chain_smooth[i] = 0.0;
    set_knowledge(f, i, knowledge);
}

/* A bare state of n >= 3 actors at step 3 (reference capability 1) holding hub 0 of the
 * LG chain (large, chain_base 100) and its two tier-1 suppliers: firm 1 (base 30,
 * capability 2) and firm 2 (base 10, capability 1). */
static csim_sim *hub_and_two_suppliers(const csim_params *p, size_t n) {
    csim_sim *sim = csim_test_bare_sim_at_unit_reference(p, n);
    csim_firms *f = &sim->firms;
    chain_firm(f, 0, CSIM_TIER_LARGE, -1, 100.0, 1.0);
    f->is_large[0] = f->is_hub[0] = 1;
    chain_firm(f, 1, CSIM_TIER_1, 0, 30.0, 2.0);
    chain_firm(f, 2, CSIM_TIER_1, 0, 10.0, 1.0);
    sim->step = 3;
    return sim;
}

/* A firm of no group and no buyer (tier independent) in the bare state: `knowledge` in
 * every field, other sales of base `other_base` at capability0 0.5. */
static void unchained_firm(csim_firms *f, size_t i, double knowledge, double other_base) {
    chain_firm(f, i, CSIM_TIER_INDEPENDENT, -1, 0.0, knowledge);
    f->group[i] = CSIM_GROUP_NONE;
    f->other_base[i] = other_base;
    f->capability0[i] = 0.5;
}

/* An independent SME (no group, no buyer) in the bare state with other sales 6 at
 * capability 1 against capability0 0.5 and access 0.25 (6 x 2 x 0.5), capacity 20
 * (2 x 10 employees) and capital 3. */
static void independent_sme(csim_firms *f, size_t i) {
    unchained_firm(f, i, 1.0, 6.0);
    f->access[i] = 0.25;
    f->capital[i] = 3.0;
}

static csim_params market_params(void) {
    csim_params p = csim_test_params(0.05, 24);
    /* No Gibrat noise and no closure hazard: employment and exits follow by hand. */
    csim_test_set_market_by_hand(&p);
    p.market_fit_elasticity = 1.0;
    p.market_employment_adjustment = 0.5;
    p.market_output_per_employee_large = 4.0;
    /* The hand computations below double capability (factor 2): no bound on that unless
     * a test sets one (knowledge_bound_keeps_other_sales_within_the_share_by_hand). */
    p.market_knowledge_sales_bound = 10.0;
    /* No shared pool of non-hub sales unless a test sets one
     * (displacement_shares_the_sectors_pool_by_edge_by_hand): each SME's other sales are
     * then base x knowledge factor x access / 0.5, whatever its neighbours do. */
    p.market_displacement = 0.0;
    const int y[] = {2003};
    const double lg[] = {0.8};
    csim_test_set_series(&p.market_hub_demand_lg, 1, y, lg);
    /* No bound on the chain's fit ratio either (the default holds it within 10%) unless a
     * test sets one (the_chain_fit_bound_holds_the_fit_ratio_by_hand). */
    p.market_chain_fit_bound = 100.0;
    /* Each link passes its buyer's whole index on, and no purchase bound, unless a test
     * sets them (a_link_passes_its_buyers_move_within_the_purchase_share_and_pass_through_
     * by_hand). */
    p.market_pass_through_hub = 1.0;
    p.market_pass_through_sme = 1.0;
    p.market_purchase_share = 1e6;
    return p;
}

/* The LG chain of one month, with LG's hub demand at 0.8 and fit elasticity 1:
 *   hub 0 (large, chain_base 100):             rev_chain = 100 x 0.8 = 80, index 0.8
 *   tier 1: firm 1 (base 30, capability 2), firm 2 (base 10, capability 1), buyer 0;
 *           reference capability 1, so fit^1 = 2 and 1; sum(base fit) = 70, sum(base) = 40:
 *           shares 2 x 40/70 = 8/7 and 40/70 = 4/7 (zero-sum: 30 x 8/7 + 10 x 4/7 = 40)
 *           rev_chain 30 x 0.8 x 8/7 = 192/7 and 10 x 0.8 x 4/7 = 32/7
 *   tier 2: firm 3 (base 7, buyer 1, sole supplier: share 1): index of firm 1 = 6.4/7,
 *           rev_chain = 7 x 6.4/7 = 6.4
 *   independent firm 4 (no buyer): rev_chain 0
 * Other sales: firm 2 has other_base 6, capability 1 against capability0 0.5 (rel 2,
 * elasticity 1) and access 0.25 (half the reference 0.5): rev_other = 6 x 2 x 0.5 = 6. */
Test(market, chain_sales_flow_down_the_tiers_by_hand) {
    const csim_params p = market_params();
    csim_sim *sim = hub_and_two_suppliers(&p, 6);
    csim_firms *f = &sim->firms;
    chain_firm(f, 3, CSIM_TIER_2, 1, 7.0, 1.5);
    chain_firm(f, 4, CSIM_TIER_INDEPENDENT, -1, 50.0, 1.0);
    f->group[4] = CSIM_GROUP_NONE;
    f->other_base[2] = 6.0;
    f->capability0[2] = 0.5;
    f->access[2] = 0.25;
    cr_assert_eq(csim_market__step(sim), CSIM_OK, "%s", csim_last_error());
    csim_test_expect_close(f->rev_chain[0], 80.0, "hub: chain_base x LG demand");
    csim_test_expect_close(f->rev_chain[1], 192.0 / 7.0, "tier 1, better fit");
    csim_test_expect_close(f->rev_chain[2], 32.0 / 7.0, "tier 1, worse fit");
    csim_test_expect_close(f->rev_chain[1] + f->rev_chain[2], 32.0, "the buyer's orders are redistributed, not made");
    csim_test_expect_close(f->rev_chain[3], 6.4, "tier 2 reads its buyer's realised index");
    csim_test_expect_close(f->rev_chain[4], 0.0, "no buyer, no chain sales");
    csim_test_expect_close(f->rev_other[2], 6.0, "other sales: base x rel^elasticity x access / 0.5");
    csim_test_expect_close(f->rev_other[1], 0.0, "no other base, no other sales");
    /* chain_smooth moves 1/12 of the way to this month's chain sales. */
    csim_test_expect_close(f->chain_smooth[0], 80.0 / 12.0, "chain_smooth of the hub");
    csim_sim_free(&sim);
}

/* market.chain_fit_bound 0.5 on the chain of the first test (reference capability 1):
 * firm 1's fit ratio 2 is held at 1.5 and firm 2's 1 is inside, so sum(base fit) =
 * 30 x 1.5 + 10 = 55: shares 1.5 x 40/55 = 12/11 and 40/55 = 8/11, rev_chain
 * 30 x 0.8 x 12/11 = 288/11 and 10 x 0.8 x 8/11 = 64/11 (sum 32: still zero-sum). With
 * firm 2 at capability 0.25 its ratio is held at 0.5: sum 45 + 5 = 50, shares 1.2 and
 * 0.4, rev_chain 28.8 and 3.2. A bound of 100 (no fit ratio comes near it) gives the first
 * test's answers. */
Test(market, the_chain_fit_bound_holds_the_fit_ratio_by_hand) {
    csim_params p = market_params();
    p.market_chain_fit_bound = 0.5;
    csim_sim *sim = hub_and_two_suppliers(&p, 3);
    csim_firms *f = &sim->firms;
    cr_assert_eq(csim_market__step(sim), CSIM_OK, "%s", csim_last_error());
    csim_test_expect_close(f->rev_chain[1], 288.0 / 11.0, "ratio 2 counts as 1.5");
    csim_test_expect_close(f->rev_chain[2], 64.0 / 11.0, "ratio 1 inside the bound");
    set_knowledge(f, 2, 0.25);
    cr_assert_eq(csim_market__step(sim), CSIM_OK, "%s", csim_last_error());
    csim_test_expect_close(f->rev_chain[1], 28.8, "the other takes what it lost");
    csim_test_expect_close(f->rev_chain[2], 3.2, "ratio 0.25 counts as 0.5");
    sim->p.market_chain_fit_bound = 100.0;
    set_knowledge(f, 2, 1.0);
    cr_assert_eq(csim_market__step(sim), CSIM_OK, "%s", csim_last_error());
    csim_test_expect_close(f->rev_chain[1], 192.0 / 7.0, "no bound: the first test's answer");
    csim_test_expect_close(f->rev_chain[2], 32.0 / 7.0, "no bound: the first test's answer");
    csim_sim_free(&sim);
}

/* market.purchase_share 0.5 on the chain of the first test, each tier-1 supplier with one
 * tier-2 supplier larger than itself, every link passing its buyer's whole index
 * (elasticity 1). Firm 1 (base 30, sales 192/7: index 6.4/7, a move of -18/7) holds firm
 * 3 (base 60): 60 > 0.5 x 30, so theta = 15/60 = 1/4 and firm 3 sells 60 x (1 + (1/4)
 * (6.4/7 - 1)) = 411/7, a move of -9/7: half the buyer's. Firm 2 (base 10, sales 32/7:
 * index 3.2/7) holds firm 4 (base 40): theta = 5/40 = 1/8, 40 x (1 - (1/8)(3.8/7)) =
 * 261/7. Without the bound (1e6) the same chain gives 60 x 6.4/7 = 384/7 and 40 x 3.2/7 =
 * 128/7: moves of -36/7 and -152/7, twice and more than four times the buyers' own.
 * Then the pass-through, below. */
Test(market, a_link_passes_its_buyers_move_within_the_purchase_share_and_pass_through_by_hand) {
    csim_params p = market_params();
    p.market_purchase_share = 0.5;
    csim_sim *sim = hub_and_two_suppliers(&p, 5);
    csim_firms *f = &sim->firms;
    chain_firm(f, 3, CSIM_TIER_2, 1, 60.0, 1.0);
    chain_firm(f, 4, CSIM_TIER_2, 2, 40.0, 1.0);
    cr_assert_eq(csim_market__step(sim), CSIM_OK, "%s", csim_last_error());
    csim_test_expect_close(f->rev_chain[1], 192.0 / 7.0, "tier 1 as in the first test");
    csim_test_expect_close(f->rev_chain[3], 411.0 / 7.0, "a quarter of the buyer's move");
    csim_test_expect_close(f->rev_chain[4], 261.0 / 7.0, "an eighth of the buyer's move");
    csim_test_expect_close(f->rev_chain[3] - 60.0, 0.5 * (f->rev_chain[1] - 30.0),
                           "the suppliers move by the purchase share of the buyer's move");

    sim->p.market_purchase_share = 1e6;
    cr_assert_eq(csim_market__step(sim), CSIM_OK, "%s", csim_last_error());
    csim_test_expect_close(f->rev_chain[3], 384.0 / 7.0, "passed on in full");
    csim_test_expect_close(f->rev_chain[4], 128.0 / 7.0, "passed on in full");

    /* Pass-through 0.5 from a hub and 0.1 from other buyers, no purchase bound: the hub's
     * index 0.8 reaches tier 1 as 1 + 0.5 (0.8 - 1) = 0.9, so firm 1 sells 30 x 0.9 x 8/7 =
     * 216/7 (index 7.2/7) and firm 2 10 x 0.9 x 4/7 = 36/7 (index 3.6/7); firm 3 gets
     * 1 + 0.1 (7.2/7 - 1): 60 x 7.02/7 = 421.2/7, and firm 4 40 x 6.66/7 = 266.4/7. A hub
     * shock of -20% is -10% at tier 1 and under -1% at tier 2, as Korean first and second
     * vendors' sales follow their large buyer's (Pyo & Lee 2018). */
    sim->p.market_pass_through_hub = 0.5;
    sim->p.market_pass_through_sme = 0.1;
    cr_assert_eq(csim_market__step(sim), CSIM_OK, "%s", csim_last_error());
    csim_test_expect_close(f->rev_chain[0], 80.0, "the hub sells at its demand");
    csim_test_expect_close(f->rev_chain[1], 216.0 / 7.0, "half the hub's move, then fit");
    csim_test_expect_close(f->rev_chain[2], 36.0 / 7.0, "half the hub's move, then fit");
    csim_test_expect_close(f->rev_chain[3], 421.2 / 7.0, "a tenth of its buyer's move");
    csim_test_expect_close(f->rev_chain[4], 266.4 / 7.0, "a tenth of its buyer's move");
    csim_test_expect_close(csim_market__passed_index(5.0, 0.0, 10.0, 1.0, 0.5), 0.0,
                           "a buyer with no chain base passes nothing on");
    csim_sim_free(&sim);
}

/* Capital, losses, employment and exit of one firm, by hand. Firm 2 of an independent
 * tier: other sales 6 (as above), capacity 2 x 10 = 20, cost 0.5 x 20 = 10:
 * capital 3 -> 3 + 6 - 10 = -1 < 0, so loss_months 2 -> 3 = exit_months: it exits.
 * Employment: 10 x exp(0.5 log(6 / 20)) = 10 sqrt(0.3). A large firm with the same losses
 * (capacity 4 x 10 = 40, cost 20) never exits by losses. */
Test(market, capital_losses_employment_and_exit_by_hand) {
    const csim_params p = market_params();
    csim_sim *sim = csim_test_bare_sim_at_unit_reference(&p, 4);
    csim_firms *f = &sim->firms;
    for (size_t i = 0; i < 2; ++i) {
        independent_sme(f, i);
        f->loss_months[i] = 2;
    }
    f->is_large[1] = 1;
    /* Firm 2: profitable (other sales 6 x 2 x 2 = 24 > cost 10), capital 1 -> 15. */
    unchained_firm(f, 2, 1.0, 6.0);
    f->access[2] = 1.0;
    f->capital[2] = 1.0;
    f->loss_months[2] = 5;
    sim->step = 4;
    cr_assert_eq(csim_market__step(sim), CSIM_OK, "%s", csim_last_error());
    csim_test_expect_close(f->capital[0], -1.0, "SME capital: 3 + 6 - 0.5 x 20");
    cr_assert_eq(f->loss_months[0], 3);
    csim_test_expect_close(f->employees[0], 10.0 * sqrt(0.3), "employment follows sales / capacity");
    cr_assert_eq(sim->work.market.exit_flag[0], 1, "3 months of losses: the SME exits");
    /* A large firm's other sales do not follow its knowledge: 6 x 1 x 0.5 = 3. */
    csim_test_expect_close(f->capital[1], 3.0 + 3.0 - 0.5 * 40.0, "large firm capital");
    cr_assert_eq(f->loss_months[1], 3);
    cr_assert_eq(sim->work.market.exit_flag[1], 0, "large firms do not exit by losses");
    csim_test_expect_close(f->capital[2], 1.0 + 24.0 - 10.0, "profitable SME capital");
    cr_assert_eq(f->loss_months[2], 0, "a month with positive capital resets the loss count");
    csim_test_expect_close(f->employees[2], 10.0 * sqrt(24.0 / 20.0), "employment grows with sales > capacity");
    cr_assert_eq(sim->work.market.exit_flag[2], 0);

    /* The exit phase: firm 0 leaves, logged with its employees. */
    const size_t alive_before = sim->firms_alive = 3;
    cr_assert_eq(csim_exit__step(sim), CSIM_OK, "%s", csim_last_error());
    cr_assert_eq(f->alive[0], 0);
    cr_assert_eq(f->exit_step[0], 4);
    cr_assert(f->alive[1] && f->alive[2]);
    cr_assert_eq(sim->counts.exits, 1);
    cr_assert_eq(sim->firms_alive, alive_before - 1);
    cr_assert_eq(sim->events.n, 1);
    cr_assert_eq(sim->events.items[0].kind, CSIM_EVENT_FIRM_EXIT);
    cr_assert_eq(sim->events.items[0].agent, 0);
    csim_test_expect_close(sim->events.items[0].value, f->employees[0], "exit event value: employees");
    csim_sim_free(&sim);
}

/* A lot on the joint site cuts its holder's operating cost ratio by org.site_cost_cut,
 * by hand: three SMEs as firm 0 above (other sales 6, capacity 20, capital 3). Firm 0
 * holds no lot: 3 + 6 - 0.5 x 20 = -1. Firm 1 holds a lot of a cooperative:
 * 3 + 6 - (0.5 - 0.1) x 20 = 1. Firm 2's lot belongs to a dissolved cooperative: no cut. */
Test(market, a_lot_on_the_joint_site_cuts_operating_costs_by_hand) {
    csim_params p = market_params();
    p.org_site_cost_cut = 0.1;
    csim_sim *sim = csim_test_bare_sim_at_unit_reference(&p, 3);
    csim_firms *f = &sim->firms;
    size_t coop, gone;
    cr_assert_eq(csim_programme_add_org(&sim->prog, &coop), CSIM_OK);
    cr_assert_eq(csim_programme_add_org(&sim->prog, &gone), CSIM_OK);
    sim->prog.org[coop].stage = CSIM_ORG_COOPERATIVE;
    sim->prog.org[gone].stage = CSIM_ORG_DISSOLVED;
    for (size_t i = 0; i < 3; ++i) {
        independent_sme(f, i);
    }
    f->site[1] = (int32_t) coop;
    f->site[2] = (int32_t) gone;
    sim->step = 4;
    cr_assert_eq(csim_market__step(sim), CSIM_OK, "%s", csim_last_error());
    csim_test_expect_close(f->capital[0], -1.0, "no lot: 3 + 6 - 0.5 x 20");
    csim_test_expect_close(f->capital[1], 1.0, "a lot: 3 + 6 - (0.5 - 0.1) x 20");
    csim_test_expect_close(f->capital[2], -1.0, "a lot of a dissolved cooperative cuts nothing");
    csim_sim_free(&sim);
}

/* The knowledge bound (market.knowledge_sales_bound 0.1, elasticity 1, access at the
 * reference 0.5, other_base 6, capability0 0.5):
 *   firm 0, capability 1 (rel 2):       factor 2, bounded to 1.1:  rev_other 6.6
 *   firm 1, capability 0.25 (rel 0.5):  factor 0.5, bounded to 0.9: rev_other 5.4
 *   firm 2, capability 0.525 (rel 1.05): inside the bound:          rev_other 6.3
 *   firm 3, a large firm with firm 0's capability (rel 2): its own products' sales do
 *           not follow its knowledge: factor 1, rev_other 6
 * Capital follows the bounded sales: 1000 + 6.6 - 0.5 x 20 = 996.6 for firm 0. */
Test(market, knowledge_bound_keeps_other_sales_within_the_share_by_hand) {
    csim_params p = market_params();
    p.market_knowledge_sales_bound = 0.1;
    csim_sim *sim = csim_test_bare_sim_at_unit_reference(&p, 4);
    csim_firms *f = &sim->firms;
    const double level[] = {1.0, 0.25, 0.525, 1.0};
    for (size_t i = 0; i < 4; ++i) {
        unchained_firm(f, i, level[i], 6.0);
    }
    f->is_large[3] = 1;
    cr_assert_eq(csim_market__step(sim), CSIM_OK, "%s", csim_last_error());
    csim_test_expect_close(f->rev_other[0], 6.6, "a gain above the bound is cut to +10%");
    csim_test_expect_close(f->rev_other[3], 6.0, "a large firm's other sales do not follow its knowledge");
    csim_test_expect_close(f->rev_other[1], 5.4, "a loss beyond the bound is cut to -10%");
    csim_test_expect_close(f->rev_other[2], 6.3, "inside the bound: base x rel^elasticity");
    csim_test_expect_close(f->capital[0], 1000.0 + 6.6 - 10.0, "capital from the bounded sales");
    csim_sim_free(&sim);
}

/* Displacement (docs/ODD.md 7.3): a share d of an SME's non-hub sales is its sector's pool,
 * divided by edge at the pool's base size. Sector 0: three SMEs, capability0 0.5, access
 * 0.5, bases 6, 6, 12 and capability 1, 0.5, 0.5: edges 2, 1, 1 (rel^1). Pool index
 * = sum(base) / sum(base x edge) = 24 / (12 + 6 + 12) = 0.8.
 *   d = 0.5: sales = base x edge x (0.5 + 0.5 x 0.8) = 10.8, 5.4, 10.8 (sum 27: half of
 *            the knowledge-driven 30, half of the base 24)
 *   d = 1:   zero-sum, sales = base x edge x 0.8 = 9.6, 4.8, 9.6 (sum 24, the base)
 * Firm 3, an SME alone in sector 1 with edge 2: its own pool, index 1/2, so at d = 1 it
 * sells its base, 6. Firm 4, a large firm of sector 0 with access 1 (edge 2): world
 * markets, no pool, 12 at any d, and its base is not in sector 0's sums. */
Test(market, displacement_shares_the_sectors_pool_by_edge_by_hand) {
    csim_params p = market_params();
    p.market_displacement = 0.5;
    csim_sim *sim = csim_test_bare_sim_at_unit_reference(&p, 5);
    csim_firms *f = &sim->firms;
    const double level[] = {1.0, 0.5, 0.5, 1.0, 0.5};
    const double base[] = {6.0, 6.0, 12.0, 6.0, 6.0};
    for (size_t i = 0; i < 5; ++i) {
        unchained_firm(f, i, level[i], base[i]);
        f->sector[i] = 0;
    }
    f->sector[3] = 1;
    f->is_large[4] = 1;
    f->access[4] = 1.0;
    cr_assert_eq(csim_market__step(sim), CSIM_OK, "%s", csim_last_error());
    csim_test_expect_close(f->rev_other[0], 10.8, "d 0.5: the better-known SME, 12 x 0.9");
    csim_test_expect_close(f->rev_other[1], 5.4, "d 0.5: it loses a tenth of its base to firm 0");
    csim_test_expect_close(f->rev_other[2], 10.8, "d 0.5: 12 x 0.9");
    csim_test_expect_close(f->rev_other[3], 6.0 * 2.0 * 0.75, "d 0.5, alone in its sector: 12 x (0.5 + 0.5 x 0.5)");
    csim_test_expect_close(f->rev_other[4], 12.0, "a large firm's world markets are no local pool");

    sim->p.market_displacement = 1.0;
    cr_assert_eq(csim_market__step(sim), CSIM_OK, "%s", csim_last_error());
    csim_test_expect_close(f->rev_other[0], 9.6, "d 1: 12 x 0.8");
    csim_test_expect_close(f->rev_other[1], 4.8, "d 1: 6 x 0.8");
    csim_test_expect_close(f->rev_other[2], 9.6, "d 1: 12 x 0.8");
    csim_test_expect_close(f->rev_other[0] + f->rev_other[1] + f->rev_other[2], 24.0,
                 "d 1: the sector's SMEs share their base, whatever they know");
    csim_test_expect_close(f->rev_other[3], 6.0, "d 1, alone: its base");
    csim_test_expect_close(f->rev_other[4], 12.0, "large: unchanged");
    csim_sim_free(&sim);
}

/* The pure rules of the pool: known answers and limits. */
Test(market, pool_rules_known_answers) {
    csim_test_expect_close(csim_market__other_sales(10.0, 1.5, 0.0, 0.5), 15.0, "d 0: base x edge");
    csim_test_expect_close(csim_market__other_sales(10.0, 1.5, 1.0, 0.5), 7.5, "d 1: base x edge x index");
    csim_test_expect_close(csim_market__other_sales(10.0, 1.5, 0.25, 0.5), 15.0 * 0.875, "d 0.25");
    csim_test_expect_close(csim_market__other_sales(10.0, 1.0, 0.7, 1.0), 10.0, "edge 1, index 1: the base");
}

/* A closure hazard of 1 closes every SME and no large firm, whatever its capital. */
Test(market, closure_hazard_one_closes_every_sme) {
    csim_params p = market_params();
    p.market_exit_hazard = 1.0;
    csim_sim *sim = csim_test_bare_sim_at_unit_reference(&p, 3);
    csim_firms *f = &sim->firms;
    for (size_t i = 0; i < 3; ++i) {
        chain_firm(f, i, CSIM_TIER_INDEPENDENT, -1, 0.0, 1.0);
        f->capital[i] = 1e6;
    }
    f->is_large[2] = 1;
    cr_assert_eq(csim_market__step(sim), CSIM_OK);
    cr_assert_eq(sim->work.market.exit_flag[0], 1);
    cr_assert_eq(sim->work.market.exit_flag[1], 1);
    cr_assert_eq(sim->work.market.exit_flag[2], 0);
    csim_sim_free(&sim);
}

/* When a tier-1 firm exits, its tier-2 supplier takes a new buyer: an alive tier-1 firm of
 * its group (the only one here, firm 2), never the departed one. */
Test(market, suppliers_of_an_exited_firm_find_a_new_buyer_of_their_group) {
    const csim_params p = market_params();
    csim_sim *sim = csim_test_bare_sim(&p, 8);
    csim_firms *f = &sim->firms;
    chain_firm(f, 0, CSIM_TIER_LARGE, -1, 100.0, 1.0);
    f->is_large[0] = f->is_hub[0] = 1;
    chain_firm(f, 1, CSIM_TIER_1, 0, 30.0, 1.0);
    chain_firm(f, 2, CSIM_TIER_1, 0, 10.0, 1.0);
    chain_firm(f, 3, CSIM_TIER_2, 1, 7.0, 1.0);
    /* A Samsung tier-1 firm must not be chosen for an LG supplier. */
    chain_firm(f, 4, CSIM_TIER_1, -1, 10.0, 1.0);
    f->group[4] = CSIM_GROUP_SAMSUNG;
    f->employees[4] = 1000.0;
    sim->firms_alive = 5;
    sim->work.market.exit_flag[1] = 1;
    sim->step = 7;
    cr_assert_eq(csim_exit__step(sim), CSIM_OK, "%s", csim_last_error());
    cr_assert_eq(f->alive[1], 0);
    cr_assert_eq(f->buyer[3], 2, "the orphan's new buyer: %d", f->buyer[3]);
    cr_assert_eq(f->buyer[2], 0, "a supplier of an alive buyer keeps it");
    csim_sim_free(&sim);
}

/* ---- entry -------------------------------------------------------------------------- */

/* Entrants per month are Poisson with mean entry.rate x run.scale / 12: with a rate of
 * 240 a year at scale 0.05 the mean is 1 a month. Over 600 months the total is Poisson
 * of mean 600 (sd 24.5); the test accepts 600 +- 4 sd (a wrong mean by a factor 12 or
 * scale left out is far outside). Each entrant is logged, alive, entered this month.
 * Spin-offs off. Seed fixed and printed. */
Test(market, entrants_are_poisson_with_the_scaled_rate) {
    csim_params p = market_params();
    p.run_seed = (long) csim_test_seed("entry", 11);
    const int y[] = {2003};
    const double rate[] = {240.0};
    csim_test_set_series(&p.entry_rate, 1, y, rate);
    p.entry_spinoff_rate = 0.0; /* an entrant may be a hub: no spin-offs from it */
    csim_sim *sim = csim_test_bare_sim(&p, 1);
    const size_t first = sim->firms.n;
    size_t total = 0;
    for (long t = 0; t < 600; ++t) {
        sim->step = t % 24; /* the rate series is flat: any month of the run */
        csim_events_clear(&sim->events);
        memset(&sim->counts, 0, sizeof sim->counts);
        const size_t n_before = sim->firms.n;
        cr_assert_eq(csim_entry__step(sim), CSIM_OK, "%s", csim_last_error());
        const size_t added = sim->firms.n - n_before;
        cr_assert_eq(sim->counts.entries, added);
        cr_assert_eq(sim->counts.spinoffs, 0, "spin-offs are off");
        cr_assert_eq(sim->events.n, added);
        for (size_t i = n_before; i < sim->firms.n; ++i) {
            cr_assert(sim->firms.alive[i]);
            cr_assert_eq(sim->firms.entry_step[i], (int32_t) sim->step);
            cr_assert_eq(sim->events.items[i - n_before].kind, CSIM_EVENT_FIRM_ENTRY);
            cr_assert_eq(sim->events.items[i - n_before].agent, (int64_t) i);
        }
        total += added;
        sim->n_proposals = 0;
    }
    cr_assert_eq(sim->firms.n - first, total);
    cr_assert(fabs((double) total - 600.0) <= 4.0 * sqrt(600.0),
              "%zu entrants in 600 months, Poisson mean 600", total);
    csim_sim_free(&sim);
}

/* No entrants at rate 0; spin-offs at a high rate come from the alive hubs: an SME of the
 * hub's group and sector, tier 1, its buyer the hub, logged as a spin-off. Two hubs (LG
 * and Samsung) and 1.2 spin-offs per hub and month on average (rate 14.4 a year). */
Test(market, spinoffs_are_tier_1_suppliers_of_their_hub) {
    csim_params p = market_params();
    p.run_seed = (long) csim_test_seed("spin-offs", 12);
    const int y[] = {2003};
    const double zero[] = {0.0};
    csim_test_set_series(&p.entry_rate, 1, y, zero);
    p.entry_spinoff_rate = 14.4;
    csim_sim *sim = csim_test_bare_sim(&p, 3);
    csim_firms *f = &sim->firms;
    chain_firm(f, 0, CSIM_TIER_LARGE, -1, 100.0, 1.0);
    f->is_large[0] = f->is_hub[0] = 1;
    f->sector[0] = 2;
    chain_firm(f, 2, CSIM_TIER_LARGE, -1, 100.0, 1.0);
    f->is_large[2] = f->is_hub[2] = 1;
    f->group[2] = CSIM_GROUP_SAMSUNG;
    f->sector[2] = 3;
    size_t spinoffs[3] = {0};
    for (long t = 0; t < 50; ++t) {
        sim->step = t % 24;
        csim_events_clear(&sim->events);
        memset(&sim->counts, 0, sizeof sim->counts);
        const size_t n_before = f->n;
        cr_assert_eq(csim_entry__step(sim), CSIM_OK, "%s", csim_last_error());
        cr_assert_eq(sim->counts.spinoffs, f->n - n_before, "every newcomer is a spin-off");
        for (size_t i = n_before; i < f->n; ++i) {
            const int32_t hub = f->buyer[i];
            cr_assert(hub == 0 || hub == 2, "spin-off %zu has buyer %d, not a hub", i, hub);
            cr_assert_eq(f->group[i], f->group[hub]);
            cr_assert_eq(f->sector[i], f->sector[hub]);
            cr_assert_eq(f->tier[i], CSIM_TIER_1);
            cr_assert_eq(f->is_large[i], 0);
            cr_assert_eq(sim->events.items[i - n_before].kind, CSIM_EVENT_FIRM_SPINOFF);
            spinoffs[hub]++;
        }
        sim->n_proposals = 0;
    }
    /* 60 expected per hub (50 months x 1.2): both hubs spin off. */
    cr_assert_gt(spinoffs[0], 20, "LG hub: %zu spin-offs", spinoffs[0]);
    cr_assert_gt(spinoffs[2], 20, "Samsung hub: %zu spin-offs", spinoffs[2]);
    csim_sim_free(&sim);
}

/* ---- hub demand shocks over a whole run --------------------------------------------- */

/* LG's demand index falls to 0.5 in 2005, Samsung's rises to 1.5: from January 2005 every
 * alive LG hub sells exactly chain_base x 0.5 and every Samsung hub chain_base x 1.5, and
 * the shock is logged once per group in January 2005 with the new index. */
Test(market, hub_demand_shock_sets_hub_sales_and_is_logged) {
    csim_params p = csim_test_params(0.3, 30);
    const int y[] = {2003, 2005};
    const double lg[] = {1.0, 0.5}, ss[] = {1.0, 1.5};
    csim_test_set_series(&p.market_hub_demand_lg, 2, y, lg);
    csim_test_set_series(&p.market_hub_demand_samsung, 2, y, ss);
    csim_sim *sim = csim_test_sim(&p, 0);
    size_t hubs_seen = 0;
    for (long t = 0; t < p.run_steps; ++t) {
        cr_assert_eq(csim_sim_step(sim), CSIM_OK, "%s", csim_last_error());
        const double want_lg = t < 24 ? 1.0 : 0.5, want_ss = t < 24 ? 1.0 : 1.5;
        const csim_firms *f = &sim->firms;
        for (size_t i = 0; i < f->n; ++i) {
            if (!f->alive[i] || !f->is_hub[i]) {
                continue;
            }
            const double want = f->chain_base[i] * (f->group[i] == CSIM_GROUP_LG ? want_lg : want_ss);
            cr_assert(fabs(f->rev_chain[i] - want) <= 1e-12 * want,
                      "step %ld hub %zu: chain sales %.17g, want %.17g", t, i, f->rev_chain[i], want);
            hubs_seen += t == 24;
        }
        size_t shocks = 0;
        for (size_t e = 0; e < sim->events.n; ++e) {
            const csim_event *ev = &sim->events.items[e];
            if (ev->kind == CSIM_EVENT_HUB_DEMAND) {
                cr_assert_eq(t, 24, "a demand event at step %ld", t);
                cr_assert_eq(ev->value, ev->body == CSIM_GROUP_LG ? 0.5 : 1.5);
                ++shocks;
            }
        }
        cr_assert_eq(shocks, t == 24 ? 2 : 0, "step %ld: %zu demand events", t, shocks);
    }
    cr_assert_gt(hubs_seen, 1, "no hub to check");
    csim_sim_free(&sim);
}

/* ---- hubs: none asked for, or too few drawn ------------------------------------------ */

/* Hubs and registered suppliers alive, and supply ties, in the current month. */
static void count_chain(const csim_sim *sim, size_t *hubs_lg, size_t *hubs_samsung,
                        size_t *registered, size_t *supply_ties) {
    const csim_firms *f = &sim->firms;
    *hubs_lg = *hubs_samsung = *registered = *supply_ties = 0;
    for (size_t i = 0; i < f->n; ++i) {
        if (!f->alive[i]) {
            continue;
        }
        *hubs_lg += f->is_hub[i] && f->group[i] == CSIM_GROUP_LG;
        *hubs_samsung += f->is_hub[i] && f->group[i] == CSIM_GROUP_SAMSUNG;
        *registered += !f->is_hub[i] && f->group[i] != CSIM_GROUP_NONE;
    }
    for (size_t e = 0; e < sim->ties.n_ties; ++e) {
        *supply_ties += !sim->ties.dead[e] && sim->ties.origin[e] == CSIM_ORIGIN_SUPPLY;
    }
}

/* A hub share of 0 is a complex without group plants: no hub, so no supplier is
 * registered with a group and no supply tie forms, at the start and among entrants. */
Test(market, a_hub_share_of_zero_gives_no_hub_and_no_chain) {
    csim_params p = csim_test_params(0.3, 24);
    p.population_hub_share_of_large = 0.0;
    csim_sim *sim = csim_test_sim(&p, 0);
    size_t entrants = 0;
    for (long t = 0; t <= p.run_steps; ++t) {
        size_t lg = 0, ss = 0, registered = 0, supply = 0;
        count_chain(sim, &lg, &ss, &registered, &supply);
        cr_assert_eq(lg + ss, 0, "month %ld: %zu hubs", t, lg + ss);
        cr_assert_eq(registered, 0, "month %ld: %zu registered suppliers", t, registered);
        cr_assert_eq(supply, 0, "month %ld: %zu supply ties", t, supply);
        if (t < p.run_steps) {
            cr_assert_eq(csim_sim_step(sim), CSIM_OK, "%s", csim_last_error());
            entrants += sim->counts.entries; /* the month's entries */
        }
    }
    cr_assert_gt(entrants, 0, "no entrant was checked");
    csim_sim_free(&sim);
}

/* A small positive share that draws no hub still gives each group one (its largest large
 * firm), so both chains exist; the same population with the default share has them too. */
Test(market, a_tiny_hub_share_still_gives_each_group_a_hub) {
    csim_params p = csim_test_params(0.3, 1);
    p.population_hub_share_of_large = 1e-9;
    csim_sim *sim = csim_test_sim(&p, 0);
    size_t lg = 0, ss = 0, registered = 0, supply = 0;
    count_chain(sim, &lg, &ss, &registered, &supply);
    cr_assert_eq(lg, 1, "LG hubs: %zu", lg);
    cr_assert_eq(ss, 1, "Samsung hubs: %zu", ss);
    cr_assert_gt(registered, 0);
    csim_sim_free(&sim);
}
