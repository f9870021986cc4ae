/* Known answers of hardware support (model/hardware.c, its cost saving in model/market.c),
 * computed by hand on a bare state (tests/support/model_fixture.h): the lottery's chance,
 * who applies (SMEs alive whose capital covers their own share), what a winner pays and
 * installs, the money counted as spent; equipment's cost saving, its floor and its
 * depreciation in the market; a firm that survives a month of losses thanks to it; and a
 * whole run under policy.support = hardware that spends about its pot. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>

#include "model/sim_internal.h"
#include "model/streams.h"
#include "tests/support/model_fixture.h"
#include "tests/support/test_support.h"

TestSuite(hardware, .init = csim_test_quiet_libraries);

static csim_params hardware_params(void) {
    csim_params p = csim_test_params(0.05, 24);
    p.policy_support = CSIM_SUPPORT_HARDWARE;
    p.hardware_grant_share = 0.3; /* grant 30, own share 70 of a price of 100 */
    p.hardware_price = 100.0;
    p.hardware_saving = 0.015;
    p.hardware_depreciation = 0.01;
    return p;
}

/* An independent SME, alive, with `capital`. */
static void sme(csim_firms *f, size_t i, double capital) {
    f->alive[i] = 1;
    f->kind[i] = CSIM_KIND_FIRM;
    f->capital[i] = capital;
    f->equipment[i] = 0.0;
}

/* Firm i holds `capital` and `equipment` after the step; `why` is the hand computation. */
static void expect_holdings(const csim_firms *f, size_t i, double capital, double equipment,
                            const char *why) {
    char what[200];
    snprintf(what, sizeof what, "firm %zu capital: %s", i, why);
    csim_test_expect_close(f->capital[i], capital, what);
    snprintf(what, sizeof what, "firm %zu equipment: %s", i, why);
    csim_test_expect_close(f->equipment[i], equipment, what);
}

/* chance = min(1, pot / (applicants x grant)): 50 / (5 x 30) = 1/3; a pot above the
 * requests gives everyone a grant; no applicants, no grant or no pot give none. */
Test(hardware, chance_is_the_pot_over_the_requests_by_hand) {
    csim_test_expect_close(csim_hardware__chance(50.0, 5, 30.0), 1.0 / 3.0, "50 / 150");
    csim_test_expect_close(csim_hardware__chance(150.0, 5, 30.0), 1.0, "pot equal to the requests");
    csim_test_expect_close(csim_hardware__chance(200.0, 5, 30.0), 1.0, "pot above the requests");
    csim_test_expect_close(csim_hardware__chance(50.0, 0, 30.0), 0.0, "no applicant");
    csim_test_expect_close(csim_hardware__chance(50.0, 5, 0.0), 0.0, "no grant");
    csim_test_expect_close(csim_hardware__chance(0.0, 5, 30.0), 0.0, "no pot");
}

/* Who applies, what a winner pays and installs. Own share 70:
 *   firm 0: SME, capital 100      applies
 *   firm 1: SME, capital 69.9     cannot pay its share: does not apply
 *   firm 2: large firm, 1000      not an SME: does not apply
 *   firm 3: SME, capital exactly 70: applies
 *   firm 4: departed SME, 1000    does not apply
 * Two applicants request 60; a pot of 60 gives both a grant (chance 1): capital 100 - 70
 * = 30 and 70 - 70 = 0, equipment 100 each, 2 x 30 = 60 counted as spent. */
Test(hardware, applicants_pay_their_share_and_install_the_price_by_hand) {
    const csim_params p = hardware_params();
    csim_sim *sim = csim_test_bare_sim(&p, 5);
    csim_firms *f = &sim->firms;
    sme(f, 0, 100.0);
    sme(f, 1, 69.9);
    sme(f, 2, 1000.0);
    f->is_large[2] = 1;
    sme(f, 3, 70.0);
    sme(f, 4, 1000.0);
    f->alive[4] = 0;
    sim->counts.budget_spent = 0.0;
    csim_hardware__grants(sim, 60.0);
    expect_holdings(f, 0, 30.0, 100.0, "a winner pays its 70 and installs the price");
    expect_holdings(f, 3, 0.0, 100.0, "a winner pays its 70 and installs the price");
    expect_holdings(f, 1, 69.9, 0.0, "it cannot pay: untouched, no equipment");
    csim_test_expect_close(f->equipment[2], 0.0, "large firms get no grant");
    csim_test_expect_close(f->equipment[4], 0.0, "departed firms get no grant");
    csim_test_expect_close(sim->counts.budget_spent, 60.0, "two grants of 30 spent");
    csim_sim_free(&sim);
}

/* With a pot of 30 for the same two applicants the chance is 1/2: firm i wins when its
 * draw of slot HARDWARE_GRANT (stream HARDWARE, n 0) for this step is below 1/2. */
Test(hardware, lottery_uses_the_hardware_draw_at_the_chance) {
    const csim_params p = hardware_params();
    csim_sim *sim = csim_test_bare_sim(&p, 4);
    csim_firms *f = &sim->firms;
    sim->step = 30;
    sme(f, 0, 100.0);
    sme(f, 3, 70.0);
    sim->counts.budget_spent = 0.0;
    csim_hardware__grants(sim, 30.0);
    double spent = 0.0;
    const size_t firms[] = {0, 3};
    for (size_t k = 0; k < 2; ++k) {
        const size_t i = firms[k];
        const int wins = CSIM_DRAW_AT(sim->seed, HARDWARE_GRANT, 30, i) < 0.5;
        csim_test_expect_close(f->equipment[i], wins ? 100.0 : 0.0, "equipment as the draw says");
        spent += wins ? 30.0 : 0.0;
    }
    csim_test_expect_close(sim->counts.budget_spent, spent, "30 per grant awarded");
    cr_assert_eq(CSIM_STREAM_HARDWARE, 21);
    csim_sim_free(&sim);
}

/* 400 applicants and a pot of a quarter of their requests (400 x 30 / 4 = 3000): about
 * 100 win (binomial s.d. 8.7); 60 to 140 is more than 4.5 s.d. either side. */
Test(hardware, lottery_awards_about_the_pot) {
    csim_params p = hardware_params();
    p.run_scale = 0.5; /* about 490 actors */
    csim_sim *sim = csim_test_bare_sim(&p, 400);
    csim_firms *f = &sim->firms;
    for (size_t i = 0; i < 400; ++i) {
        sme(f, i, 500.0);
    }
    sim->counts.budget_spent = 0.0;
    csim_hardware__grants(sim, 3000.0);
    size_t winners = 0;
    for (size_t i = 0; i < 400; ++i) {
        winners += f->equipment[i] > 0.0;
    }
    cr_assert(winners >= 60 && winners <= 140, "%zu winners, expected about 100", winners);
    csim_test_expect_close(sim->counts.budget_spent, 30.0 * (double) winners, "spent = winners x grant");
    csim_sim_free(&sim);
}

/* The market of the two equipment tests: the by-hand market of test_market (cost ratio
 * 0.5, capacity 2 per employee, no noise, no closure hazard, exit after 3 months of
 * losses) under hardware support. */
static csim_params market_params(void) {
    csim_params p = hardware_params();
    csim_test_set_market_by_hand(&p);
    return p;
}

/* An independent SME of 10 employees (capacity 20, cost 10) selling 6 outside the chain
 * (rel 1, access at the reference 0.5), with `capital` and `equipment`. */
static void trading_sme(csim_firms *f, size_t i, double capital, double equipment) {
    sme(f, i, capital);
    f->employees[i] = 10.0;
    f->other_base[i] = 6.0;
    f->capability0[i] = 0.0; /* rel 1 */
    f->access[i] = 0.5;
    f->equipment[i] = equipment;
}

/* Equipment in the market (other sales 6, cost 10):
 *   firm 0, equipment 100:  saving 0.015 x 100 = 1.5: capital 1000 + 6 - 8.5 = 997.5,
 *                           equipment 100 x 0.99 = 99
 *   firm 1, equipment 1000: saving 15 > cost 10: cost floored at 0, capital 1006,
 *                           equipment 990
 *   firm 2, none:           capital 1000 + 6 - 10 = 996 */
Test(hardware, equipment_cuts_costs_and_depreciates_by_hand) {
    const csim_params p = market_params();
    csim_sim *sim = csim_test_bare_sim_at_unit_reference(&p, 3);
    csim_firms *f = &sim->firms;
    trading_sme(f, 0, 1000.0, 100.0);
    trading_sme(f, 1, 1000.0, 1000.0);
    trading_sme(f, 2, 1000.0, 0.0);
    cr_assert_eq(csim_market__step(sim), CSIM_OK, "%s", csim_last_error());
    csim_test_expect_close(f->rev_other[0], 6.0, "other sales at rel 1");
    expect_holdings(f, 0, 997.5, 99.0, "cost 10 less a saving of 1.5; 1% depreciation");
    expect_holdings(f, 1, 1006.0, 990.0,
                    "a saving above the cost leaves no cost, no gain; 1% depreciation");
    csim_test_expect_close(f->capital[2], 996.0, "no equipment, no saving");
    csim_sim_free(&sim);
}

/* Survival: capital 3, two months of losses already, exit after 3. Without equipment:
 * 3 + 6 - 10 = -1 < 0, a third month of losses: it exits. With equipment 100 at a
 * saving of 0.02: 3 + 6 - 8 = 1 >= 0: the loss count resets and it stays. */
Test(hardware, equipment_saving_keeps_a_firm_from_exit_by_hand) {
    csim_params p = market_params();
    p.hardware_saving = 0.02;
    csim_sim *sim = csim_test_bare_sim_at_unit_reference(&p, 2);
    csim_firms *f = &sim->firms;
    trading_sme(f, 0, 3.0, 0.0);
    trading_sme(f, 1, 3.0, 100.0);
    f->loss_months[0] = f->loss_months[1] = 2;
    cr_assert_eq(csim_market__step(sim), CSIM_OK, "%s", csim_last_error());
    csim_test_expect_close(f->capital[0], -1.0, "no equipment: a loss");
    cr_assert_eq(sim->work.market.exit_flag[0], 1, "third month of losses: exit");
    csim_test_expect_close(f->capital[1], 1.0, "the saving of 2 turns the loss into a profit");
    cr_assert_eq(f->loss_months[1], 0);
    cr_assert_eq(sim->work.market.exit_flag[1], 0, "it survives");
    csim_sim_free(&sim);
}

/* A whole run under hardware support (scale 1, 2005-2006: pot 50 a month, 24 months):
 * no MC opens; every month's spending is whole grants of 30; the two years spend about
 * the pot of 1200 (40 grants expected, s.d. about 6.3: 15 to 65 grants); SMEs hold the
 * equipment installed (less depreciation), and no grant is paid before 2005. */
Test(hardware, a_hardware_run_spends_its_pot_in_grants) {
    csim_params p;
    cr_assert_eq(csim_params_defaults(&p), CSIM_OK);
    p.run_steps = 48;
    p.policy_support = CSIM_SUPPORT_HARDWARE;
    csim_sim *sim = csim_test_sim(&p, 0);
    const double grant = p.hardware_grant_share * p.hardware_price;
    double spent = 0.0;
    for (long t = 0; t < p.run_steps; ++t) {
        cr_assert_eq(csim_sim_step(sim), CSIM_OK, "%s", csim_last_error());
        const double *row = csim_sim_observables(sim);
        const double month = row[csim_observables_table()[CSIM_OBS_programme_budget_spent].offset];
        const double grants = month / grant;
        cr_assert(fabs(grants - floor(grants + 0.5)) < 1e-9, "step %ld: %g is not whole grants", t, month);
        if (t < 24) {
            cr_assert_eq(month, 0.0, "no budget before 2005");
        }
        spent += month;
        cr_assert_eq(row[csim_observables_table()[CSIM_OBS_mc_active].offset], 0.0);
    }
    cr_assert(spent >= 15 * grant && spent <= 65 * grant, "spent %g of a pot of 1200", spent);
    const double *row = csim_sim_observables(sim);
    const double installed = row[csim_observables_table()[CSIM_OBS_equipment_sme].offset];
    cr_assert(installed > 0.0 && installed <= spent / p.hardware_grant_share + 1e-9,
              "equipment %g for %g of grants", installed, spent);
    csim_sim_free(&sim);
}
