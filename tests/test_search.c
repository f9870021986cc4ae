/* Known answers of suppliers' customer search (model/search.c) and of hub product lines
 * (model/market.c, model/population.c), computed by hand on a bare state
 * (tests/support/model_fixture.h): the shortfall that drives a search, a buyer's
 * acceptance, a switch to a better-placed buyer with the group of the chain below it, no
 * switch to a worse one, rivals' wariness, non-hub customers found with chance equal to
 * access, and line shocks that cut only the hubs of that line and their chains. */
#include <criterion/criterion.h>

#include <math.h>

#include "model/sim_internal.h"
#include "model/streams.h"
#include "sim/rng.h"
#include "tests/support/model_fixture.h"
#include "tests/support/test_support.h"

TestSuite(search, .init = csim_test_quiet_libraries);

static csim_params search_params(void) {
    csim_params p = csim_test_params(0.05, 24);
    p.market_fit_elasticity = 1.0;
    p.market_search_rate = 1.0; /* a supplier whose chain orders are gone always searches */
    p.market_customer_gain = 0.2;
    p.market_rival_acceptance = 1.0;
    return p;
}

/* A firm in the bare state: alive, group, tier, buyer, knowledge `k` in every field (so its
 * capability is k for any field weights), employees, chain base and smoothed chain sales,
 * realised chain sales at `index` x base. */
static void firm(csim_firms *f, size_t i, int group, int tier, int32_t buyer, double k,
                 double employees, double index) {
    f->alive[i] = 1;
    f->kind[i] = CSIM_KIND_FIRM;
    f->group[i] = (uint8_t) group;
    f->tier[i] = (uint8_t) tier;
    f->buyer[i] = buyer;
    f->employees[i] = employees;
    f->chain_base[i] = 100.0;
    f->chain_smooth[i] = 100.0 * index;
    f->rev_chain[i] = 100.0 * index;
    f->access[i] = 0.5;
    f->line[i] = CSIM_LINE_NONE;
    double *v = csim_firms_knowledge(f, i);
    for (size_t q = 0; q < CSIM_K; ++q) {
        v[q] = k;
    }
}

static void hub(csim_firms *f, size_t i, int group, double employees, double index) {
    firm(f, i, group, CSIM_TIER_LARGE, -1, 1.0, employees, index);
    f->is_large[i] = f->is_hub[i] = 1;
}

/* The four uniforms the search phase draws for supplier i (n 0..3 of its stream). */
static void search_draws(const csim_sim *sim, size_t i, double u[4]) {
    csim_rng_stream stream;
    gsl_rng *rng = csim_rng_stream_open(&stream, sim->seed, CSIM_STREAM_SEARCH,
                                        (uint32_t) sim->step, (uint32_t) i);
    for (int k = 0; k < 4; ++k) {
        u[k] = gsl_rng_uniform(rng);
    }
}

/* The scene of the buyer-switch tests, on a bare state of `p` with `n_actors` actors: hub 0
 * (LG, index 0.5, 0 employees: never drawn), hub 1 (Samsung, index `hub1_index`) and
 * supplier 2 (tier 1 of hub 0, knowledge 1, orders gone: shortfall 1, so with rate 1 it
 * searches). Capabilities are measured against 1. */
static csim_sim *switch_scene(const csim_params *p, size_t n_actors, double hub1_index) {
    csim_sim *sim = csim_test_bare_sim_at_unit_reference(p, n_actors);
    csim_firms *f = &sim->firms;
    hub(f, 0, CSIM_GROUP_LG, 0.0, 0.5);
    hub(f, 1, CSIM_GROUP_SAMSUNG, 500.0, hub1_index);
    firm(f, 2, CSIM_GROUP_LG, CSIM_TIER_1, 0, 1.0, 10.0, 0.5);
    f->chain_smooth[2] = 0.0;
    return sim;
}

/* Shortfall = 1 - chain_smooth / chain_base within [0, 1]: 70 of 100 is 0.3; above the
 * base is 0; a negative smoothed sale is capped at 1; no base (not a chain supplier) is 0. */
Test(search, shortfall_by_hand) {
    const csim_params p = search_params();
    csim_sim *sim = csim_test_bare_sim(&p, 4);
    csim_firms *f = &sim->firms;
    f->chain_base[0] = 100.0, f->chain_smooth[0] = 70.0;
    f->chain_base[1] = 100.0, f->chain_smooth[1] = 120.0;
    f->chain_base[2] = 100.0, f->chain_smooth[2] = -5.0;
    f->chain_base[3] = 0.0, f->chain_smooth[3] = 0.0;
    csim_test_expect_close(csim_search__shortfall(f, 0), 0.3, "70 of 100");
    csim_test_expect_close(csim_search__shortfall(f, 1), 0.0, "above the base");
    csim_test_expect_close(csim_search__shortfall(f, 2), 1.0, "capped at 1");
    csim_test_expect_close(csim_search__shortfall(f, 3), 0.0, "no chain base");
    csim_sim_free(&sim);
}

/* Acceptance = min(1, fitpow / the buyer's mean): half as good is taken half the time; as
 * good or better always; a buyer without suppliers takes anyone. */
Test(search, acceptance_by_hand) {
    csim_test_expect_close(csim_search__acceptance(0.5, 1.0), 0.5, "half as good");
    csim_test_expect_close(csim_search__acceptance(1.0, 1.0), 1.0, "as good");
    csim_test_expect_close(csim_search__acceptance(3.0, 1.0), 1.0, "better");
    csim_test_expect_close(csim_search__acceptance(0.2, 0.0), 1.0, "no suppliers yet");
}

/* Hub 0 (LG, index 0.5, 0 employees: never drawn) and hub 1 (Samsung, index 1.0); supplier
 * 2 (tier 1 of hub 0, knowledge 1, orders gone: chain_smooth 0, so shortfall 1 and with
 * rate 1 it searches); supplier 3 (tier 2, buyer 2). Hub 1 has no suppliers, so it takes
 * supplier 2 (acceptance 1): buyer 1, group Samsung, and the tier-2 supplier below it
 * follows into Samsung's chain; one buyer_switch event (agent 2, body 1, value 0).
 * Access 0.5 -> 0.5 + 0.2 x 0.5 = 0.6 iff the customer draw (n 3) is below 0.5. */
Test(search, a_supplier_switches_to_a_better_placed_buyer_by_hand) {
    const csim_params p = search_params();
    csim_sim *sim = switch_scene(&p, 4, 1.0);
    csim_firms *f = &sim->firms;
    sim->step = 40;
    firm(f, 3, CSIM_GROUP_LG, CSIM_TIER_2, 2, 1.0, 5.0, 0.5);
    double u[4];
    search_draws(sim, 2, u);
    cr_assert_eq(csim_search__step(sim), CSIM_OK, "%s", csim_last_error());
    cr_assert_eq(f->buyer[2], 1, "the supplier moved to hub 1");
    cr_assert_eq(f->group[2], CSIM_GROUP_SAMSUNG);
    cr_assert_eq(f->group[3], CSIM_GROUP_SAMSUNG, "the chain below follows its buyer");
    cr_assert_eq(f->buyer[3], 2, "the tier-2 supplier keeps its buyer");
    cr_assert_eq(sim->counts.buyer_switches, 1);
    cr_assert_eq(sim->events.n, 1);
    cr_assert_eq(sim->events.items[0].kind, CSIM_EVENT_BUYER_SWITCH);
    cr_assert_eq(sim->events.items[0].agent, 2);
    cr_assert_eq(sim->events.items[0].body, 1);
    csim_test_expect_close(sim->events.items[0].value, 0.0, "former buyer");
    csim_test_expect_close(f->access[2], u[3] < 0.5 ? 0.6 : 0.5, "access after the customer draw");
    cr_assert_eq(sim->counts.customer_finds, u[3] < 0.5 ? 1u : 0u);
    csim_sim_free(&sim);
}

/* Non-hub customers over 24 months: supplier 1 of the only hub 0 (so no other buyer to
 * approach) has lost all its orders and searches every month (rate 1); each month it finds
 * customers iff its customer draw (n 3) is below its access, and then access closes 0.2 of
 * its gap to 1. Access recomputed by hand from the draws; at least one find happens. */
Test(search, non_hub_customers_found_with_chance_equal_to_access_by_hand) {
    const csim_params p = search_params();
    csim_sim *sim = csim_test_bare_sim_at_unit_reference(&p, 2);
    csim_firms *f = &sim->firms;
    hub(f, 0, CSIM_GROUP_LG, 500.0, 0.5);
    firm(f, 1, CSIM_GROUP_LG, CSIM_TIER_1, 0, 1.0, 10.0, 0.5);
    f->chain_smooth[1] = 0.0;
    f->access[1] = 0.3;
    double access = 0.3;
    size_t finds = 0;
    for (long t = 0; t < 24; ++t) {
        sim->step = t;
        double u[4];
        search_draws(sim, 1, u);
        if (u[3] < access) {
            access += 0.2 * (1.0 - access);
            ++finds;
        }
        cr_assert_eq(csim_search__step(sim), CSIM_OK, "%s", csim_last_error());
        csim_test_expect_close(f->access[1], access, "access after the month's search");
        cr_assert_eq(f->buyer[1], 0, "no other buyer exists");
    }
    cr_assert_eq(sim->counts.customer_finds, finds, "finds counted");
    cr_assert_gt(finds, 0, "no customer found in 24 searches: the test has no teeth");
    csim_sim_free(&sim);
}

/* The same chain, but hub 1 is doing worse (index 0.4 < 0.5): no switch. A supplier whose
 * orders hold (chain_smooth = chain_base) does not search at all, even at rate 1. */
Test(search, no_switch_to_a_worse_buyer_and_no_search_without_a_loss) {
    const csim_params p = search_params();
    csim_sim *sim = switch_scene(&p, 4, 0.4);
    csim_firms *f = &sim->firms;
    firm(f, 3, CSIM_GROUP_LG, CSIM_TIER_1, 0, 1.0, 10.0, 1.0); /* orders hold */
    f->access[3] = 0.99;
    for (long t = 0; t < 24; ++t) {
        sim->step = t;
        cr_assert_eq(csim_search__step(sim), CSIM_OK, "%s", csim_last_error());
        cr_assert_eq(f->buyer[2], 0, "step %ld: moved to a worse buyer", t);
        csim_test_expect_close(f->access[3], 0.99, "a supplier without a loss never searches");
    }
    cr_assert_eq(sim->counts.buyer_switches, 0);
    csim_sim_free(&sim);
}

/* Rivals' wariness: with market.rival_acceptance 0, hub 1 of the other group (the best
 * placed, index 1) never takes the supplier over 60 monthly searches, while hub 4 of its
 * own group (index 0.9, with an equally good supplier 5: acceptance 1) does; once there,
 * hub 1 would still be the better buyer, so it is approached again and again. */
Test(search, a_rival_group_buyer_takes_rival_acceptance_times_as_often) {
    csim_params p = search_params();
    p.market_rival_acceptance = 0.0;
    csim_sim *sim = switch_scene(&p, 6, 1.0);
    csim_firms *f = &sim->firms;
    hub(f, 4, CSIM_GROUP_LG, 500.0, 0.9);
    firm(f, 5, CSIM_GROUP_LG, CSIM_TIER_1, 4, 1.0, 10.0, 0.9);
    for (long t = 0; t < 60; ++t) {
        sim->step = t;
        cr_assert_eq(csim_search__step(sim), CSIM_OK, "%s", csim_last_error());
        cr_assert_neq(f->buyer[2], 1, "step %ld: a rival buyer took it", t);
    }
    cr_assert_eq(f->buyer[2], 4, "never moved to its own group's better hub in 60 searches");
    cr_assert_eq(f->group[2], CSIM_GROUP_LG);
    csim_sim_free(&sim);
}

/* A line shock over a whole run: display lines fall to 0.5 in 2005, mobile lines stay at 1
 * (groups' indexes 1). From January 2005 every alive display hub sells exactly chain_base x
 * 0.5 and every other hub chain_base x 1, and the shock is logged once, for the display
 * line, with the new index. Hubs' lines follow their group's demand over the line fields:
 * the run has hubs of more than one line. */
Test(search, a_line_shock_cuts_only_that_lines_hubs) {
    csim_params p = csim_test_params(0.5, 30);
    const int y[] = {2003, 2005};
    const double display[] = {1.0, 0.5};
    csim_test_set_series(&p.market_line_demand_display, 2, y, display);
    csim_sim *sim = csim_test_sim(&p, 0);
    size_t by_line[CSIM_N_LINES] = {0};
    for (long t = 0; t < p.run_steps; ++t) {
        cr_assert_eq(csim_sim_step(sim), CSIM_OK, "%s", csim_last_error());
        const csim_firms *f = &sim->firms;
        for (size_t i = 0; i < f->n; ++i) {
            if (!f->alive[i] || !f->is_hub[i]) {
                continue;
            }
            cr_assert_neq(f->line[i], CSIM_LINE_NONE, "hub %zu without a line", i);
            const double cut = t >= 24 && f->line[i] == CSIM_LINE_DISPLAY ? 0.5 : 1.0;
            const double want = f->chain_base[i] * cut;
            cr_assert(fabs(f->rev_chain[i] - want) <= 1e-12 * want,
                      "step %ld hub %zu (line %d): %.17g, want %.17g", t, i, f->line[i],
                      f->rev_chain[i], want);
            by_line[f->line[i]] += t == 24;
        }
        size_t shocks = 0;
        for (size_t e = 0; e < sim->events.n; ++e) {
            const csim_event *ev = &sim->events.items[e];
            if (ev->kind == CSIM_EVENT_LINE_DEMAND) {
                cr_assert_eq(ev->body, CSIM_LINE_DISPLAY);
                csim_test_expect_close(ev->value, 0.5, "the display line's new index");
                ++shocks;
            }
        }
        cr_assert_eq(shocks, t == 24 ? 1u : 0u, "step %ld: %zu line events", t, shocks);
    }
    size_t lines = 0;
    for (int l = CSIM_LINE_NONE + 1; l < CSIM_N_LINES; ++l) {
        lines += by_line[l] > 0;
    }
    cr_assert_gt(by_line[CSIM_LINE_DISPLAY], 0, "no display hub");
    cr_assert_gt(lines, 1, "every hub has the same line");
    for (size_t i = 0; i < sim->firms.n; ++i) {
        cr_assert(sim->firms.is_hub[i] || sim->firms.line[i] == CSIM_LINE_NONE,
                  "firm %zu is no hub but has a line", i);
    }
    csim_sim_free(&sim);
}

/* ---- vendor qualification (market.qualify_rate) ---------------------------------------- */

/* The scene: hub 0 (LG, 100 employees, the only possible buyer of a tier-1 supplier) with
 * supplier 1 (tier 1, knowledge 1, orders holding: it never searches); firm 2, an
 * independent SME with knowledge `k2`, no chain base and other base 10; firm 3, a large
 * independent firm (not an SME: never applies). Every applicant applies for tier 1
 * (population.tier_share {1, 0, 0}). Search off, so only qualification draws. */
static csim_sim *qualify_scene(csim_params *p, double k2) {
    p->market_search_rate = 0.0;
    p->market_qualify_rate = 1.0;
    p->market_chain_share = 0.6;
    p->population_tier_share.v[0] = 1.0;
    p->population_tier_share.v[1] = 0.0;
    p->population_tier_share.v[2] = 0.0;
    csim_sim *sim = csim_test_bare_sim_at_unit_reference(p, 4);
    csim_firms *f = &sim->firms;
    sim->step = 30;
    hub(f, 0, CSIM_GROUP_LG, 100.0, 1.0);
    firm(f, 1, CSIM_GROUP_LG, CSIM_TIER_1, 0, 1.0, 10.0, 1.0);
    firm(f, 2, CSIM_GROUP_NONE, CSIM_TIER_INDEPENDENT, -1, k2, 10.0, 1.0);
    f->chain_base[2] = f->chain_smooth[2] = f->rev_chain[2] = 0.0;
    f->other_base[2] = 10.0;
    firm(f, 3, CSIM_GROUP_NONE, CSIM_TIER_INDEPENDENT, -1, 1.0, 400.0, 1.0);
    f->is_large[3] = 1;
    f->tier[3] = CSIM_TIER_LARGE;
    return sim;
}

/* Firm 2 as capable as the hub's supplier (acceptance 1) applies (rate 1) and is taken:
 * buyer 0, group LG, tier 1; its base of 10 splits as an entrant's, 0.6 x 10 = 6 chain and
 * 4 other, its smoothed chain sales start at the base; one buyer_switch event (agent 2,
 * body 0, value -1: it was independent) and one registration, no switch counted. The
 * large firm 3 does not apply. */
Test(search, an_independent_sme_qualifies_as_a_supplier_by_hand) {
    csim_params p = search_params();
    csim_sim *sim = qualify_scene(&p, 1.0);
    csim_firms *f = &sim->firms;
    cr_assert_eq(csim_search__step(sim), CSIM_OK, "%s", csim_last_error());
    cr_assert_eq(f->buyer[2], 0);
    cr_assert_eq(f->group[2], CSIM_GROUP_LG);
    cr_assert_eq(f->tier[2], CSIM_TIER_1);
    csim_test_expect_close(f->chain_base[2], 6.0, "chain base: 0.6 of 10");
    csim_test_expect_close(f->other_base[2], 4.0, "other base: the rest");
    csim_test_expect_close(f->chain_smooth[2], 6.0, "smoothed chain sales start at the base");
    cr_assert_eq(sim->counts.registrations, 1);
    cr_assert_eq(sim->counts.buyer_switches, 0);
    cr_assert_eq(sim->events.n, 1);
    cr_assert_eq(sim->events.items[0].kind, CSIM_EVENT_BUYER_SWITCH);
    cr_assert_eq(sim->events.items[0].agent, 2);
    cr_assert_eq(sim->events.items[0].body, 0);
    cr_assert_eq(sim->events.items[0].value, -1.0);
    cr_assert_eq(f->buyer[3], -1, "a large firm does not apply");
    cr_assert_eq(f->tier[3], CSIM_TIER_LARGE);
    csim_sim_free(&sim);
}

/* A weaker applicant: knowledge 0.5 against the supplier's 1 (elasticity 1), acceptance
 * 0.5: each month it applies (rate 1) and is taken exactly when its acceptance draw (n 3
 * of its QUALIFY stream) is below 0.5. Month by month from 30, until it is taken, the
 * outcome must follow that draw, and at least one month must refuse it (so the fit, not
 * the rate, decided). */
/* Uniform n 3 (the acceptance draw) of firm i's QUALIFY stream in `month`. */
static double acceptance_draw(const csim_sim *sim, int month, uint32_t i) {
    csim_rng_stream stream;
    gsl_rng *rng = csim_rng_stream_open(&stream, sim->seed, CSIM_STREAM_QUALIFY,
                                        (uint32_t) month, i);
    double u = 0.0;
    for (int k = 0; k < 4; ++k) {
        u = gsl_rng_uniform(rng);
    }
    return u;
}

Test(search, a_weaker_applicant_is_taken_as_often_as_its_fit_allows) {
    csim_params p = search_params();
    csim_sim *sim = qualify_scene(&p, 0.5);
    csim_firms *f = &sim->firms;
    int first = 30; /* start in a month whose draw refuses it */
    while (first < 90 && acceptance_draw(sim, first, 2) < 0.5) {
        ++first;
    }
    cr_assert_lt(first, 90, "some month's draw is at or above 0.5");
    int refused = 0, taken = 0;
    for (int month = first; month < first + 60 && !taken; ++month) {
        sim->step = month;
        const double u = acceptance_draw(sim, month, 2);
        cr_assert_eq(csim_search__step(sim), CSIM_OK, "%s", csim_last_error());
        taken = f->buyer[2] >= 0;
        cr_assert_eq(taken, u < 0.5, "month %d: acceptance draw %.3f", month, u);
        refused += !taken;
    }
    cr_assert(taken, "taken within 60 months");
    cr_assert_gt(refused, 0, "the first month refused it");
    csim_sim_free(&sim);
}

/* No applicant without a buyer at its level: tier 3 asks for a tier-2 buyer, and there is
 * none, so nothing happens; and with the rate at 0 nothing happens at all. */
Test(search, no_registration_without_a_buyer_or_at_rate_zero) {
    csim_params p = search_params();
    csim_sim *sim = qualify_scene(&p, 1.0);
    sim->p.population_tier_share.v[0] = 0.0;
    sim->p.population_tier_share.v[2] = 1.0;
    cr_assert_eq(csim_search__step(sim), CSIM_OK, "%s", csim_last_error());
    cr_assert_eq(sim->firms.buyer[2], -1);
    sim->p.population_tier_share.v[0] = 1.0;
    sim->p.population_tier_share.v[2] = 0.0;
    sim->p.market_qualify_rate = 0.0;
    cr_assert_eq(csim_search__step(sim), CSIM_OK, "%s", csim_last_error());
    cr_assert_eq(sim->firms.buyer[2], -1);
    cr_assert_eq(sim->counts.registrations, 0);
    csim_sim_free(&sim);
}
