/* Invariants of a run checked after every step, over several scenarios (defaults; many
 * organisations; MCs that merge and then close; hardware support without MCs; a hub
 * demand shock with many exits):
 *   - the collaboration network: trust in [0, 1], intensity in (0, 1], a < b, both ends
 *     alive, no tie marked dead after compaction, no duplicate pair;
 *   - firm bookkeeping: firms alive = initial + cumulative entries - cumulative exits, by
 *     the observables and by counting f->alive directly; new actors = entries. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/sim_internal.h"
#include "sim/grow.h"
#include "tests/support/model_fixture.h"
#include "tests/support/test_support.h"

TestSuite(model_invariants, .init = csim_test_quiet_libraries);

/* ---- scenarios ---------------------------------------------------------------------- */

typedef enum { SC_DEFAULT, SC_ORGS, SC_CLOSURE, SC_HARDWARE, SC_SHOCK } scenario;

static csim_params scenario_params(scenario sc) {
    csim_params p;
    cr_assert_eq(csim_params_defaults(&p), CSIM_OK);
    p.run_scale = 0.5;
    switch (sc) {
    case SC_DEFAULT:
        p.run_steps = 120; /* 2003-2012: MCs open 2005, merge 2006-07, fees 2012 */
        break;
    case SC_ORGS:
        /* Easy founding: many organisations, recruitment, dissolution. */
        p.run_steps = 108;
        p.org_found_rate = 1.0;
        p.org_need = 1.0;
        p.org_min_founders = 4;
        p.wg_propose_rate = 0.6;
        p.org_recruit_rate = 0.3;
        break;
    case SC_CLOSURE: {
        /* MCs open 2004, merge 2006, all close 2008; fees from 2005. */
        static const int yc[] = {2003, 2004, 2006, 2008};
        static const double vc[] = {0, 8, 3, 0};
        csim_test_set_programme(&p, 4, yc, vc, 2004, 600);
        p.policy_fee_year = 2005;
        p.run_steps = 84;
        break;
    }
    case SC_HARDWARE:
        p.policy_support = CSIM_SUPPORT_HARDWARE;
        p.run_steps = 60;
        break;
    case SC_SHOCK: {
        /* LG's demand falls to 30% in 2006: many exits and orphaned suppliers. */
        static const int y[] = {2003, 2006};
        static const double v[] = {1.0, 0.3};
        csim_test_set_series(&p.market_hub_demand_lg, 2, y, v);
        p.run_steps = 84;
        break;
    }
    }
    return p;
}

static const char *const scenario_names[] = {"default", "orgs", "closure", "hardware", "shock"};

static double obs(const csim_sim *sim, csim_observable_id id) {
    return csim_sim_observables(sim)[csim_observables_table()[id].offset];
}

/* ---- ties --------------------------------------------------------------------------- */

static int compare_u64(const void *x, const void *y) {
    const uint64_t a = *(const uint64_t *) x, b = *(const uint64_t *) y;
    return a < b ? -1 : (a > b);
}

/* Trust, intensity, ordering and ends of every tie after every step. */
static void check_tie_values(scenario sc) {
    const csim_params p = scenario_params(sc);
    csim_sim *sim = csim_test_sim(&p, 0);
    size_t seen = 0;
    for (long t = 0; t < p.run_steps; ++t) {
        cr_assert_eq(csim_sim_step(sim), CSIM_OK, "%s step %ld: %s", scenario_names[sc], t,
                     csim_last_error());
        const csim_ties *ties = &sim->ties;
        const csim_firms *f = &sim->firms;
        for (size_t e = 0; e < ties->n_ties; ++e) {
            const uint32_t a = ties->a[e], b = ties->b[e];
            cr_assert_lt(a, b, "%s step %ld tie %zu: a = %u, b = %u", scenario_names[sc], t, e, a, b);
            cr_assert_lt((size_t) b, f->n, "%s step %ld tie %zu: end %u beyond the actors",
                         scenario_names[sc], t, e, b);
            cr_assert_eq(ties->dead[e], 0, "%s step %ld tie %zu marked dead after compaction",
                         scenario_names[sc], t, e);
            cr_assert_eq(f->alive[a], 1, "%s step %ld tie %zu (%u,%u): end %u is dead",
                         scenario_names[sc], t, e, a, b, a);
            cr_assert_eq(f->alive[b], 1, "%s step %ld tie %zu (%u,%u): end %u is dead",
                         scenario_names[sc], t, e, a, b, b);
            cr_assert_geq(ties->trust[e], 0.0, "%s step %ld tie %zu trust %.17g",
                          scenario_names[sc], t, e, ties->trust[e]);
            cr_assert_leq(ties->trust[e], 1.0, "%s step %ld tie %zu trust %.17g",
                          scenario_names[sc], t, e, ties->trust[e]);
            cr_assert_gt(ties->weight[e], 0.0, "%s step %ld tie %zu weight %.17g",
                         scenario_names[sc], t, e, ties->weight[e]);
            cr_assert_leq(ties->weight[e], 1.0, "%s step %ld tie %zu weight %.17g",
                          scenario_names[sc], t, e, ties->weight[e]);
            cr_assert_lt(ties->origin[e], CSIM_N_ORIGINS);
        }
        seen += ties->n_ties;
        /* The observable agrees with the list. */
        cr_assert_eq((size_t) obs(sim, CSIM_OBS_ties_collab), ties->n_ties);
    }
    cr_assert_gt(seen, 0, "no ties at all: nothing was checked");
    csim_sim_free(&sim);
}

/* No pair of actors is linked twice (checked on a sorted copy of the pairs). */
static void check_no_duplicate_ties(scenario sc) {
    const csim_params p = scenario_params(sc);
    csim_sim *sim = csim_test_sim(&p, 0);
    uint64_t *keys = NULL;
    size_t cap = 0;
    for (long t = 0; t < p.run_steps; ++t) {
        cr_assert_eq(csim_sim_step(sim), CSIM_OK, "%s", csim_last_error());
        const csim_ties *ties = &sim->ties;
        cr_assert_eq(csim_grow(&keys, &cap, ties->n_ties, sizeof *keys), CSIM_OK);
        for (size_t e = 0; e < ties->n_ties; ++e) {
            keys[e] = ((uint64_t) ties->a[e] << 32) | ties->b[e];
        }
        qsort(keys, ties->n_ties, sizeof *keys, compare_u64);
        for (size_t e = 1; e < ties->n_ties; ++e) {
            if (keys[e] == keys[e - 1]) {
                const uint32_t a = (uint32_t) (keys[e] >> 32), b = (uint32_t) keys[e];
                /* Name the two tie rows for the report. */
                char rows[256] = "";
                size_t len = 0;
                for (size_t r = 0; r < ties->n_ties && len < 200; ++r) {
                    if (ties->a[r] == a && ties->b[r] == b) {
                        len += (size_t) snprintf(rows + len, sizeof rows - len,
                                                 " [row %zu origin %s born %d]", r,
                                                 csim_origin_names[ties->origin[r]], ties->born[r]);
                    }
                }
                cr_assert_fail("%s step %ld: pair (%u,%u) is tied more than once:%s",
                               scenario_names[sc], t, a, b, rows);
            }
        }
    }
    free(keys);
    csim_sim_free(&sim);
}

Test(model_invariants, ties_trust_weight_order_ends_default) { check_tie_values(SC_DEFAULT); }
Test(model_invariants, ties_trust_weight_order_ends_orgs) { check_tie_values(SC_ORGS); }
Test(model_invariants, ties_trust_weight_order_ends_closure) { check_tie_values(SC_CLOSURE); }
Test(model_invariants, ties_trust_weight_order_ends_hardware) { check_tie_values(SC_HARDWARE); }
Test(model_invariants, ties_trust_weight_order_ends_shock) { check_tie_values(SC_SHOCK); }

/* Regression guard. These tests found a real bug in an earlier version (fixed in 9c2520d,
 * "no duplicate ties within a month"): a tie formed in the meetings phase (forum, referral
 * or broker) and a WG tie between the same two members of a group formed later in the same
 * step were both added, because the second csim_tiedyn__apply_proposals of csim_sim_step
 * ("WG ties proposed by new groups") looked pairs up with csim_ties_find on the adjacency
 * built before the meetings phase, which did not contain the ties just added. */
Test(model_invariants, ties_no_duplicate_pairs_default) { check_no_duplicate_ties(SC_DEFAULT); }
Test(model_invariants, ties_no_duplicate_pairs_orgs) { check_no_duplicate_ties(SC_ORGS); }
Test(model_invariants, ties_no_duplicate_pairs_closure) { check_no_duplicate_ties(SC_CLOSURE); }
Test(model_invariants, ties_no_duplicate_pairs_hardware) { check_no_duplicate_ties(SC_HARDWARE); }
Test(model_invariants, ties_no_duplicate_pairs_shock) { check_no_duplicate_ties(SC_SHOCK); }

/* ---- firm bookkeeping --------------------------------------------------------------- */

static size_t count_alive_firms(const csim_firms *f) {
    size_t n = 0;
    for (size_t i = 0; i < f->n; ++i) {
        n += f->alive[i] && f->kind[i] == CSIM_KIND_FIRM;
    }
    return n;
}

static void check_bookkeeping(scenario sc) {
    const csim_params p = scenario_params(sc);
    csim_sim *sim = csim_test_sim(&p, 0);
    const size_t initial = count_alive_firms(&sim->firms);
    cr_assert_gt(initial, 0);
    size_t institutions = 0;
    for (size_t i = 0; i < sim->firms.n; ++i) {
        institutions += sim->firms.kind[i] == CSIM_KIND_INSTITUTION;
    }
    double entries = 0.0, exits = 0.0;
    for (long t = 0; t < p.run_steps; ++t) {
        const size_t actors_before = sim->firms.n;
        cr_assert_eq(csim_sim_step(sim), CSIM_OK, "%s", csim_last_error());
        const double in = obs(sim, CSIM_OBS_firm_entries), out = obs(sim, CSIM_OBS_firm_exits);
        entries += in;
        exits += out;
        const size_t direct = count_alive_firms(&sim->firms);
        const double alive_obs = obs(sim, CSIM_OBS_firms_alive);
        cr_assert_eq((double) direct, (double) initial + entries - exits,
                     "%s step %ld: %zu firms alive, but %zu initial + %.0f entries - %.0f exits",
                     scenario_names[sc], t, direct, initial, entries, exits);
        cr_assert_eq(alive_obs, (double) direct, "%s step %ld: observable firms_alive %.0f, counted %zu",
                     scenario_names[sc], t, alive_obs, direct);
        cr_assert_eq(sim->firms_alive, direct, "%s step %ld: sim->firms_alive %zu, counted %zu",
                     scenario_names[sc], t, sim->firms_alive, direct);
        /* Every new actor is an entrant, and every entrant is a new actor. */
        cr_assert_eq((double) (sim->firms.n - actors_before), in,
                     "%s step %ld: %zu actors added, %.0f entries", scenario_names[sc], t,
                     sim->firms.n - actors_before, in);
        cr_assert_leq(obs(sim, CSIM_OBS_firm_spinoffs), in);
        /* Exits this step are exactly the firms with exit_step == this step. */
        size_t exited_now = 0;
        for (size_t i = 0; i < sim->firms.n; ++i) {
            if (sim->firms.exit_step[i] == (int32_t) t) {
                ++exited_now;
                cr_assert_eq(sim->firms.alive[i], 0, "%s step %ld: actor %zu exited but is alive",
                             scenario_names[sc], t, i);
                cr_assert_eq(sim->firms.kind[i], CSIM_KIND_FIRM);
            }
        }
        cr_assert_eq((double) exited_now, out, "%s step %ld: %zu firms with exit_step, %.0f exits",
                     scenario_names[sc], t, exited_now, out);
    }
    /* Institutions never leave. */
    size_t institutions_alive = 0;
    for (size_t i = 0; i < sim->firms.n; ++i) {
        institutions_alive += sim->firms.kind[i] == CSIM_KIND_INSTITUTION && sim->firms.alive[i];
    }
    cr_assert_eq(institutions_alive, institutions);
    cr_assert_gt(entries, 0.0, "%s: no entries: the identity was not exercised", scenario_names[sc]);
    cr_assert_gt(exits, 0.0, "%s: no exits: the identity was not exercised", scenario_names[sc]);
    csim_sim_free(&sim);
}

Test(model_invariants, firm_bookkeeping_default) { check_bookkeeping(SC_DEFAULT); }
Test(model_invariants, firm_bookkeeping_closure) { check_bookkeeping(SC_CLOSURE); }
Test(model_invariants, firm_bookkeeping_hardware) { check_bookkeeping(SC_HARDWARE); }
Test(model_invariants, firm_bookkeeping_shock) { check_bookkeeping(SC_SHOCK); }

/* Districts at run.scale 3 (csim_sim__districts; docs/ODD.md 2): actor i lives in
 * district i mod 3. After initialisation every local tie joins two firms of one
 * district, and every tier-1 supplier whose district has a hub of its group buys from a
 * hub of its district; once the MCs open (February 2005) each district has the scale-1
 * programme, 10 offices. */
Test(model_invariants, districts_at_scale_three) {
    csim_params p = csim_test_params(3.0, 26);
    csim_sim *sim = csim_test_sim(&p, 5);
    cr_assert_eq(csim_sim__districts(sim), 3);
    const csim_firms *f = &sim->firms;
    const csim_ties *t = &sim->ties;
    size_t local = 0;
    for (size_t e = 0; e < t->n_ties; ++e) {
        if (t->origin[e] == CSIM_ORIGIN_LOCAL) {
            cr_assert_eq(t->a[e] % 3, t->b[e] % 3, "local tie %u-%u", t->a[e], t->b[e]);
            ++local;
        }
    }
    cr_assert_gt(local, 100, "only %zu local ties", local);
    int hub_in[3][CSIM_N_GROUPS] = {{0}};
    for (size_t i = 0; i < f->n; ++i) {
        if (f->alive[i] && f->is_hub[i]) {
            hub_in[i % 3][f->group[i]] = 1;
        }
    }
    size_t checked = 0;
    for (size_t i = 0; i < f->n; ++i) {
        if (f->alive[i] && f->tier[i] == CSIM_TIER_1 && f->buyer[i] >= 0 &&
            hub_in[i % 3][f->group[i]]) {
            cr_assert_eq((size_t) f->buyer[i] % 3, i % 3, "supplier %zu buys from %d", i,
                         f->buyer[i]);
            ++checked;
        }
    }
    cr_assert_gt(checked, 100, "only %zu tier-1 suppliers checked", checked);
    for (long s = 0; s < 26; ++s) {
        cr_assert_eq(csim_sim_step(sim), CSIM_OK, "%s", csim_last_error());
    }
    size_t offices[3] = {0};
    for (size_t m = 0; m < sim->prog.n_mc; ++m) {
        cr_assert_lt(sim->prog.mc[m].district, 3);
        offices[sim->prog.mc[m].district] += sim->prog.mc[m].active != 0;
    }
    for (size_t d = 0; d < 3; ++d) {
        cr_assert_eq(offices[d], 10, "district %zu: %zu offices", d, offices[d]);
    }
    csim_sim_free(&sim);
}
