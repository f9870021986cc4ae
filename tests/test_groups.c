/* Tests of working groups (model/groups.c, docs/ODD.md 7.7): the month's WG pool is shared
 * equally by the groups of running MCs, each up to its request (wg.grant / 12), paid and
 * counted as spent; a group whose benefit stays below wg.cost less its share of the
 * grant for wg.dissolve_months dissolves, and the grant is what keeps a group of middling
 * benefit alive. Known answers on a run stepped to 2008, when WGs exist. */
#include <criterion/criterion.h>

#include <stdlib.h>

#include "model/sim_internal.h"
#include "tests/support/model_fixture.h"
#include "tests/support/test_support.h"

TestSuite(groups, .init = csim_test_quiet_libraries);

/* The defaults at scale 0.5 stepped to January 2008 (not yet simulated). */
static csim_sim *run_to_2008(void) {
    csim_params p = csim_test_params(0.5, 72);
    csim_sim *sim = csim_test_sim(&p, 3);
    for (long t = 0; t < 60; ++t) {
        cr_assert_eq(csim_sim_step(sim), CSIM_OK, "%s", csim_last_error());
    }
    sim->p.wg_propose_rate = 0.0; /* no new groups in the month under test */
    return sim;
}

static int running(const csim_sim *sim, const csim_wg *wg) {
    return wg->active && wg->mc >= 0 && sim->prog.mc[wg->mc].active;
}

/* Set every member's gain and the group's benefit to `b`, so the smoothing keeps b. */
static void set_benefit(csim_sim *sim, csim_wg *wg, double b) {
    wg->benefit = b;
    for (size_t m = 0; m < wg->n_members; ++m) {
        sim->firms.programme_gain[wg->members[m]] = b;
    }
}

Test(groups, pool_is_shared_equally_up_to_the_request_and_spent) {
    csim_sim *sim = run_to_2008();
    csim_programme *prog = &sim->prog;
    size_t n = 0;
    for (size_t w = 0; w < prog->n_wg; ++w) {
        n += (size_t) running(sim, &prog->wg[w]);
        if (prog->wg[w].active) {
            set_benefit(sim, &prog->wg[w], 1.0); /* nobody dissolves */
        }
    }
    cr_assert_geq(n, 3, "only %zu running WGs", n);
    const double request = sim->p.wg_grant / 12.0;
    /* A pool too small for every request: an equal share each. */
    const double pools[2] = {0.5 * request * (double) n, 3.0 * request * (double) n};
    const double grants[2] = {0.5 * request, request};
    for (int k = 0; k < 2; ++k) {
        prog->wg_pool = pools[k];
        const double spent_before = sim->counts.budget_spent;
        cr_assert_eq(csim_groups__step(sim), CSIM_OK, "%s", csim_last_error());
        size_t paid = 0;
        for (size_t w = 0; w < prog->n_wg; ++w) {
            const csim_wg *wg = &prog->wg[w];
            if (running(sim, wg)) {
                cr_assert_float_eq(wg->grant, grants[k], 1e-12, "pool %g: WG %zu got %g, expected %g",
                                   pools[k], w, wg->grant, grants[k]);
                cr_assert_eq(wg->funded, 1);
                ++paid;
            } else if (wg->active) {
                cr_assert_eq(wg->grant, 0.0, "WG %zu of a closed MC got a grant", w);
            }
        }
        cr_assert_eq(paid, n);
        cr_assert_float_eq(sim->counts.budget_spent - spent_before, grants[k] * (double) n, 1e-9);
    }
    csim_sim_free(&sim);
}

Test(groups, the_grant_keeps_a_middling_group_alive_and_a_poor_one_dissolves) {
    csim_sim *sim = run_to_2008();
    csim_programme *prog = &sim->prog;
    const double request = sim->p.wg_grant / 12.0;
    size_t middling = SIZE_MAX, poor = SIZE_MAX, n = 0;
    for (size_t w = 0; w < prog->n_wg; ++w) {
        csim_wg *wg = &prog->wg[w];
        if (!wg->active) {
            continue;
        }
        set_benefit(sim, wg, 1.0);
        if (running(sim, wg) && wg->n_members >= 4) {
            ++n;
            if (middling == SIZE_MAX) {
                middling = w;
            } else if (poor == SIZE_MAX) {
                poor = w;
            }
        }
    }
    cr_assert(middling != SIZE_MAX && poor != SIZE_MAX, "need two running WGs");
    /* Pool covering every request: each gets wg.grant / 12. */
    prog->wg_pool = request * (double) (n + 5);
    csim_wg *mid = &prog->wg[middling], *bad = &prog->wg[poor];
    /* Middling: below wg.cost, above wg.cost less its grant share. */
    const double mid_b = sim->p.wg_cost - 0.5 * request / (double) mid->n_members;
    set_benefit(sim, mid, mid_b);
    mid->bad_months = (int) sim->p.wg_dissolve_months - 1;
    /* Poor: below wg.cost less its grant share; one month from dissolving. */
    set_benefit(sim, bad, sim->p.wg_cost - 2.0 * request / (double) bad->n_members);
    bad->bad_months = (int) sim->p.wg_dissolve_months - 1;
    cr_assert_eq(csim_groups__step(sim), CSIM_OK, "%s", csim_last_error());
    cr_assert_eq(mid->active, 1, "the grant should keep the middling WG alive");
    cr_assert_eq(mid->bad_months, 0);
    cr_assert_eq(bad->active, 0, "the poor WG should have dissolved");
    /* Without a pool the same middling benefit is a bad month. */
    prog->wg_pool = 0.0;
    set_benefit(sim, mid, mid_b);
    cr_assert_eq(csim_groups__step(sim), CSIM_OK, "%s", csim_last_error());
    cr_assert_eq(mid->grant, 0.0);
    cr_assert_eq(mid->bad_months, 1, "unfunded, a benefit below wg.cost is a bad month");
    csim_sim_free(&sim);
}
