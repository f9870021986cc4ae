/*
 * What market.purchase_share is for (docs/ODD.md 7.3, "Purchases within sales"): a buyer
 * cannot pass on to its suppliers more than a share of the orders it wins or loses itself.
 * Single-buyer links give some small firms suppliers whose chain bases are many times their
 * own; when a buyer's whole index passed down, what such a buyer won or lost reappeared,
 * multiplied, as its suppliers' sales, and chain volume grew with no hub buying more.
 *
 * The baseline scenario, replicate 0, to December 2010. Each December the market month is
 * computed once more on the state the year left (a throwaway month: the run only serves as
 * a realistic chain) and, for every buyer b other than a hub with suppliers, the identity
 * of 7.3 is checked:
 *   | sum_{j supplies b} rev_j - sum_j base_j |  <=  m | rev_b - base_b |
 * (m = market.purchase_share; a relative slack of 1e-9 for rounding). With the whole index
 * passed on (pass-through 1, m = 1e6) the same months must break it, by more than twice
 * the buyer's own move for some buyer, or the test shows nothing.
 */
#include <criterion/criterion.h>

#include <math.h>
#include <stdlib.h>

#include "model/sim_internal.h"
#include "tests/support/model_fixture.h"
#include "tests/support/test_support.h"

enum { YEARS = 8 };

TestSuite(chain_purchases, .init = csim_test_quiet_libraries, .timeout = 300);

/* The largest ratio, over the buyers with suppliers, of how far their suppliers' orders
 * depart from their bases to how far the buyer's own sales depart from its base; the
 * count of buyers over the bound m (with slack) goes to *over. */
static double worst_ratio(const csim_sim *sim, double m, long *over) {
    const csim_firms *f = &sim->firms;
    double *moved = calloc(f->n, sizeof *moved);
    double *held = calloc(f->n, sizeof *held);
    cr_assert(moved && held);
    for (size_t i = 0; i < f->n; ++i) {
        if (f->alive[i] && f->kind[i] == CSIM_KIND_FIRM && !f->is_hub[i] && f->buyer[i] >= 0) {
            const size_t b = (size_t) f->buyer[i];
            moved[b] += f->rev_chain[i] - f->chain_base[i];
            held[b] = 1.0;
        }
    }
    double worst = 0.0;
    for (size_t b = 0; b < f->n; ++b) {
        if (held[b] == 0.0 || f->is_hub[b]) {
            continue; /* a hub's own index is its demand: nothing of its own to pass on */
        }
        const double own = fabs(f->rev_chain[b] - f->chain_base[b]);
        const double slack = 1e-9 * (1.0 + f->chain_base[b]);
        if (fabs(moved[b]) > m * own + slack) {
            ++*over;
        }
        if (own > slack) {
            worst = fmax(worst, fabs(moved[b]) / own);
        }
    }
    free(moved);
    free(held);
    return worst;
}

/* The worst ratio over the Decembers of 2003-2010 of the baseline with purchase share m and
 * pass-through `pass` on every link (or the scenario's where pass < 0). */
static double worst_over_the_run(double m, double pass, long *over) {
    csim_params p = csim_test_scenario_params("scenarios/gumi-baseline.yaml", NULL, 0);
    p.market_purchase_share = m;
    if (pass >= 0.0) {
        p.market_pass_through_hub = pass;
        p.market_pass_through_sme = pass;
    }
    p.run_steps = 12 * YEARS;
    csim_sim *sim = csim_test_sim(&p, 0);
    double worst = 0.0;
    for (int year = 0; year < YEARS; ++year) {
        csim_test_step_months(sim, 12);
        cr_assert_eq(csim_market__step(sim), CSIM_OK, "%s", csim_last_error());
        worst = fmax(worst, worst_ratio(sim, m, over));
    }
    csim_sim_free(&sim);
    return worst;
}

Test(chain_purchases, no_buyer_passes_on_more_than_the_purchase_share_of_its_own_move) {
    const csim_params p = csim_test_scenario_params("scenarios/gumi-baseline.yaml", NULL, 0);
    const double m = p.market_purchase_share;
    cr_assert(m > 0.0 && m < 1.0, "the baseline's purchase share is a share (%g)", m);

    long over = 0;
    const double worst = worst_over_the_run(m, -1.0, &over);
    long over_full = 0;
    const double worst_full = worst_over_the_run(1e6, 1.0, &over_full);
    cr_log_info("worst supplier move / buyer move: %.3f at m = %g (%ld over), %.3f passed on "
                "in full (%ld over m)", worst, m, over, worst_full, over_full);
    cr_expect_eq(over, 0, "%ld buyers passed on more than %g of their own move", over, m);
    cr_expect_gt(worst, 0.5 * m, "no buyer near the bound: the check saw no overloaded buyer");
    cr_expect_gt(worst_full, 2.0, "passed on in full, no buyer multiplied its move (worst %.3f)",
                 worst_full);
}
