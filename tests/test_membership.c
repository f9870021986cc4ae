/* Tests of MC, WG and organisation membership (model/membership.c, groups.c, orgs.c,
 * policy.c): after every step the members recorded by each body agree with the actors
 * that point at it, and nobody dead belongs anywhere; the fee rule's renewal, the MCs'
 * reputation and the fee's dose-response (known answers and statistical properties); and
 * twin MCs sharing their members. */
#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include "model/sim_internal.h"
#include "tests/support/model_fixture.h"
#include "tests/support/test_support.h"

TestSuite(membership, .init = csim_test_quiet_libraries);

/* ---- consistency after every step ----------------------------------------------------- */

typedef struct tally {
    size_t mc_members, wg_members, org_members, lot_holders; /* actor-steps checked: the test has teeth */
    size_t mc_bodies, wg_bodies, org_bodies;
} tally;

static void check_consistent(const csim_sim *sim, const char *name, long t, tally *seen) {
    const csim_firms *f = &sim->firms;
    const csim_programme *prog = &sim->prog;
    size_t *mc_count = calloc(prog->n_mc + 1, sizeof *mc_count);
    size_t *wg_count = calloc(prog->n_wg + 1, sizeof *wg_count);
    size_t *org_count = calloc(prog->n_org + 1, sizeof *org_count);
    cr_assert(mc_count && wg_count && org_count);

    for (size_t i = 0; i < f->n; ++i) {
        if (!f->alive[i]) {
            cr_assert_lt(f->mc[i], 0, "%s step %ld: dead actor %zu is in MC %d", name, t, i, f->mc[i]);
            cr_assert_lt(f->wg[i], 0, "%s step %ld: dead actor %zu is in WG %d", name, t, i, f->wg[i]);
            cr_assert_lt(f->org[i], 0, "%s step %ld: dead actor %zu is in organisation %d", name, t,
                         i, f->org[i]);
            cr_assert_lt(f->site[i], 0, "%s step %ld: dead actor %zu holds a lot of cooperative %d",
                         name, t, i, f->site[i]);
            continue;
        }
        if (f->mc[i] >= 0) {
            cr_assert_lt((size_t) f->mc[i], prog->n_mc, "%s step %ld: actor %zu in MC slot %d of %zu",
                         name, t, i, f->mc[i], prog->n_mc);
            cr_assert_neq(prog->mc[f->mc[i]].active, 0,
                          "%s step %ld: actor %zu belongs to inactive MC %d (closed %d, merged into %d)",
                          name, t, i, f->mc[i], prog->mc[f->mc[i]].closed, prog->mc[f->mc[i]].merged_into);
            mc_count[f->mc[i]]++;
            seen->mc_members++;
        }
        if (f->wg[i] >= 0) {
            cr_assert_lt((size_t) f->wg[i], prog->n_wg, "%s step %ld: actor %zu in WG %d of %zu", name,
                         t, i, f->wg[i], prog->n_wg);
            cr_assert_neq(prog->wg[f->wg[i]].active, 0,
                          "%s step %ld: actor %zu belongs to dissolved WG %d", name, t, i, f->wg[i]);
            wg_count[f->wg[i]]++;
            seen->wg_members++;
        }
        if (f->org[i] >= 0) {
            cr_assert_lt((size_t) f->org[i], prog->n_org, "%s step %ld: actor %zu in organisation %d of %zu",
                         name, t, i, f->org[i], prog->n_org);
            cr_assert_neq(prog->org[f->org[i]].stage, CSIM_ORG_DISSOLVED,
                          "%s step %ld: actor %zu belongs to dissolved organisation %d", name, t, i,
                          f->org[i]);
            cr_assert_eq(f->kind[i], CSIM_KIND_FIRM, "%s step %ld: institution %zu in organisation %d",
                         name, t, i, f->org[i]);
            cr_assert_neq(prog->org[f->org[i]].stage, CSIM_ORG_COOPERATIVE,
                          "%s step %ld: actor %zu is a club member of cooperative %d", name, t, i,
                          f->org[i]);
            org_count[f->org[i]]++;
            seen->org_members++;
        }
        if (f->site[i] >= 0) {
            /* A lot holder: counted by its cooperative, which must be one. */
            cr_assert_lt((size_t) f->site[i], prog->n_org);
            cr_assert_eq(prog->org[f->site[i]].stage, CSIM_ORG_COOPERATIVE,
                         "%s step %ld: actor %zu holds a lot of organisation %d, stage %s", name, t,
                         i, f->site[i], csim_org_stage_names[prog->org[f->site[i]].stage]);
            org_count[f->site[i]]++;
            seen->lot_holders++;
        }
    }

    for (size_t m = 0; m < prog->n_mc; ++m) {
        const csim_mc *mc = &prog->mc[m];
        if (mc->active) {
            seen->mc_bodies++;
            cr_assert_eq(mc->members, mc_count[m],
                         "%s step %ld: MC %zu records %zu members, %zu alive actors point at it",
                         name, t, m, mc->members, mc_count[m]);
        } else {
            cr_assert_eq(mc->members, 0, "%s step %ld: inactive MC %zu records %zu members", name, t,
                         m, mc->members);
        }
    }

    for (size_t w = 0; w < prog->n_wg; ++w) {
        const csim_wg *wg = &prog->wg[w];
        if (!wg->active) {
            cr_assert_eq(wg->n_members, 0, "%s step %ld: dissolved WG %zu lists %zu members", name,
                         t, w, wg->n_members);
            continue;
        }
        seen->wg_bodies++;
        /* The list and the set {i : wg[i] == w} are equal: every listed actor points at w,
         * nobody is listed twice, and the sizes agree. */
        for (size_t a = 0; a < wg->n_members; ++a) {
            const uint32_t i = wg->members[a];
            cr_assert_lt((size_t) i, f->n);
            cr_assert_eq(f->wg[i], (int32_t) w,
                         "%s step %ld: WG %zu lists actor %u (alive %d), whose wg is %d", name, t, w,
                         i, f->alive[i], f->wg[i]);
            for (size_t b = a + 1; b < wg->n_members; ++b) {
                cr_assert_neq(wg->members[b], i, "%s step %ld: WG %zu lists actor %u twice", name, t,
                              w, i);
            }
        }
        cr_assert_eq(wg->n_members, wg_count[w],
                     "%s step %ld: WG %zu lists %zu members, %zu alive actors point at it", name, t,
                     w, wg->n_members, wg_count[w]);
    }

    for (size_t o = 0; o < prog->n_org; ++o) {
        const csim_org *org = &prog->org[o];
        if (org->stage == CSIM_ORG_DISSOLVED) {
            continue;
        }
        seen->org_bodies++;
        cr_assert_eq(org->members, org_count[o],
                     "%s step %ld: organisation %zu (stage %s) records %zu members, %zu alive firms "
                     "point at it",
                     name, t, o, csim_org_stage_names[org->stage], org->members, org_count[o]);
    }
    free(mc_count);
    free(wg_count);
    free(org_count);
}

static void run_consistency(const char *name, const csim_params *p, uint64_t replicate,
                            int need_orgs) {
    csim_sim *sim = csim_test_sim(p, replicate);
    tally seen = {0};
    size_t exits = 0;
    for (long t = 0; t < p->run_steps; ++t) {
        cr_assert_eq(csim_sim_step(sim), CSIM_OK, "%s step %ld: %s", name, t, csim_last_error());
        exits += sim->counts.exits;
        check_consistent(sim, name, t, &seen);
    }
    /* The run exercised what it checks. */
    cr_assert_gt(exits, 0, "%s: no exits", name);
    cr_assert_gt(seen.mc_members, 0, "%s: no MC members ever", name);
    cr_assert_gt(seen.wg_members, 0, "%s: no WG members ever", name);
    if (need_orgs) {
        cr_assert_gt(seen.org_members, 0, "%s: no organisation members ever", name);
        cr_assert_gt(seen.lot_holders, 0, "%s: no joint site ever built", name);
    }
    csim_sim_free(&sim);
}

static csim_params base(long steps) {
    csim_params p = csim_test_params(0.5, steps);
    return p;
}

Test(membership, consistent_every_step_default) {
    const csim_params p = base(120); /* 2003-2012: opening, merges, WGs, fees */
    run_consistency("default", &p, 0, 0);
}

Test(membership, consistent_every_step_many_organisations) {
    csim_params p = base(108);
    p.org_found_rate = 1.0;
    p.org_need = 1.0;
    p.org_min_founders = 4;
    p.org_recruit_rate = 0.3;
    p.wg_propose_rate = 0.02; /* per firm member with a problem and month */
    p.market_exit_hazard = 0.01; /* more members die */
    run_consistency("orgs", &p, 1, 1);
}

Test(membership, consistent_every_step_merges_and_closure) {
    csim_params p = base(84);
    static const int yc[] = {2003, 2004, 2005, 2006, 2008};
    static const double vc[] = {0, 12, 7, 3, 0};
    csim_test_set_programme(&p, 5, yc, vc, 2004, 600);
    p.policy_fee_year = 2005;
    p.org_found_rate = 1.0;
    p.org_need = 1.0;
    p.org_min_founders = 4;
    p.wg_propose_rate = 0.02; /* per firm member with a problem and month */
    run_consistency("closure", &p, 2, 0);
}

/* ---- the fee rule, reputation and choice (docs/ODD.md 7.5) ----------------------------- */

/* A run of the defaults at scale 0.5 stepped to January of `year` (not yet simulated). */
static csim_sim *run_to_january(csim_params *p, int year, uint64_t replicate) {
    p->run_steps = (year - 2003) * 12 + 24;
    csim_sim *sim = csim_test_sim(p, replicate);
    for (long t = 0; t < (year - 2003) * 12; ++t) {
        cr_assert_eq(csim_sim_step(sim), CSIM_OK, "%s", csim_last_error());
    }
    return sim;
}

/* Make the membership phase's benefit update a no-op (gain = benefit) and set benefits. */
static void freeze_benefits(csim_sim *sim) {
    csim_firms *f = &sim->firms;
    for (size_t i = 0; i < f->n; ++i) {
        f->programme_gain[i] = f->benefit[i];
    }
}

/* January of the fee year, by hand: policy sets each MC's fee to fee_share x its subsidy
 * for events and coordinators / its active firm members; at renewal a firm member whose benefit
 * covers the attendance cost plus a twelfth of the fee pays the fee once (capital and the
 * MC's fees raised move by exactly that), every other firm member is removed. */
Test(membership, fee_rule_renewal_pays_or_removes_known_answer) {
    csim_params p = base(0);
    p.policy_fee_year = 2012;
    p.policy_fee_share = 0.2;
    csim_sim *sim = run_to_january(&p, 2012, 4);
    sim->p.mc_join_rate = 0.0; /* this month, no newcomers: only renewals move */
    cr_assert_eq(sim->step % 12, 0);
    cr_assert_eq(csim_policy__step(sim), CSIM_OK, "%s", csim_last_error());
    cr_assert_eq(sim->fee_active, 1);
    const csim_firms *f = &sim->firms;
    csim_programme *prog = &sim->prog;
    size_t n_active = 0;
    for (size_t m = 0; m < prog->n_mc; ++m) {
        n_active += prog->mc[m].active != 0;
    }
    cr_assert_gt(n_active, 0);
    const double subsidy = sim->year_budget *
                           (p.policy_split.v[CSIM_SPLIT_EVENTS] + p.policy_split.v[CSIM_SPLIT_BROKERS]) /
                           (double) n_active;
    double *firm_members = calloc(prog->n_mc, sizeof *firm_members);
    double *capital_before = malloc(f->n * sizeof *capital_before);
    int32_t *mc_before = malloc(f->n * sizeof *mc_before);
    cr_assert(firm_members && capital_before && mc_before);
    size_t nominal = 0;
    for (size_t i = 0; i < f->n; ++i) {
        if (f->alive[i] && f->kind[i] == CSIM_KIND_FIRM && f->mc[i] >= 0) {
            if (f->benefit[i] >= p.mc_attendance_cost) {
                firm_members[f->mc[i]] += 1.0;
            } else {
                ++nominal;
            }
        }
    }
    cr_assert_gt(nominal, 0, "the run has nominal members, whom the fee must leave out");
    for (size_t m = 0; m < prog->n_mc; ++m) {
        const csim_mc *mc = &prog->mc[m];
        if (!mc->active || firm_members[m] == 0.0) {
            continue;
        }
        /* The first fee year: nothing raised to match yet, every office has weight 1. The
         * fee is spread over the active firm members (benefit covering the attendance
         * cost), but never over fewer than the office serves. */
        cr_assert_float_eq(mc->weight, 1.0, 1e-15);
        const double serves = mc->base_capacity * sim->year_budget /
                              (p.policy_budget_reference * p.run_scale);
        const double payers = firm_members[m] > serves ? firm_members[m] : serves;
        cr_assert_float_eq(mc->fee, p.policy_fee_share * subsidy / payers, 1e-12,
                           "MC %zu: fee %g, expected %g", m, mc->fee,
                           p.policy_fee_share * subsidy / payers);
    }
    /* Half the firm members value the MC above the cost, half below. */
    size_t k = 0;
    for (size_t i = 0; i < f->n; ++i) {
        if (f->alive[i] && f->kind[i] == CSIM_KIND_FIRM && f->mc[i] >= 0) {
            const double cost = p.mc_attendance_cost + prog->mc[f->mc[i]].fee / 12.0;
            f->benefit[i] = (k++ % 2 == 0) ? cost * 1.5 : cost * 0.5;
        }
        capital_before[i] = f->capital[i];
        mc_before[i] = f->mc[i];
    }
    cr_assert_gt(k, 20, "too few firm members to test (%zu)", k);
    freeze_benefits(sim);
    cr_assert_eq(csim_membership__step(sim), CSIM_OK, "%s", csim_last_error());
    double *raised = calloc(prog->n_mc, sizeof *raised);
    cr_assert(raised);
    size_t stayed = 0, removed = 0;
    for (size_t i = 0; i < f->n; ++i) {
        if (!f->alive[i] || f->kind[i] != CSIM_KIND_FIRM || mc_before[i] < 0) {
            continue;
        }
        const csim_mc *mc = &prog->mc[mc_before[i]];
        const double cost = p.mc_attendance_cost + mc->fee / 12.0;
        if (f->benefit[i] >= cost) {
            cr_assert_eq(f->mc[i], mc_before[i], "firm %zu renewed but left", i);
            cr_assert_float_eq(capital_before[i] - f->capital[i], mc->fee, 1e-9,
                               "firm %zu paid %g, fee %g", i, capital_before[i] - f->capital[i], mc->fee);
            raised[mc_before[i]] += mc->fee;
            ++stayed;
        } else {
            cr_assert_eq(f->mc[i], -1, "firm %zu did not pay but stayed", i);
            cr_assert_float_eq(capital_before[i], f->capital[i], 1e-12, "firm %zu paid without staying", i);
            ++removed;
        }
    }
    cr_assert_gt(stayed, 0);
    cr_assert_gt(removed, 0);
    for (size_t m = 0; m < prog->n_mc; ++m) {
        cr_assert_float_eq(prog->mc[m].fees_raised, raised[m], 1e-9, "MC %zu raised %g, paid %g", m,
                           prog->mc[m].fees_raised, raised[m]);
    }
    free(raised);
    free(firm_members);
    free(capital_before);
    free(mc_before);
    csim_sim_free(&sim);
}

/* Word of mouth: an MC's reputation moves toward the mean report by
 * benefit_smoothing x n / (n + 5); an MC with no member and no recent leaver keeps its
 * reputation exactly (it never falls back to the launch promise mc.expected_benefit). */
Test(membership, reputation_moves_with_reports_and_never_returns_to_the_launch_promise) {
    csim_params p = base(0);
    csim_sim *sim = run_to_january(&p, 2008, 5);
    sim->p.mc_join_rate = 0.0; /* this month, nobody moves */
    sim->p.mc_leave_rate = 0.0;
    csim_firms *f = &sim->firms;
    csim_programme *prog = &sim->prog;
    cr_assert_eq(csim_policy__step(sim), CSIM_OK, "%s", csim_last_error());
    /* MC a: emptied by hand; MC b: every firm member reports 0.3. */
    int32_t a = -1, b = -1;
    for (size_t m = 0; m < prog->n_mc; ++m) {
        if (prog->mc[m].active && prog->mc[m].members > 0) {
            if (a < 0) {
                a = (int32_t) m;
            } else if (b < 0) {
                b = (int32_t) m;
            }
        }
    }
    cr_assert(a >= 0 && b >= 0, "need two MCs with members");
    double n_b = 0.0;
    for (size_t i = 0; i < f->n; ++i) {
        if (f->mc[i] == a) {
            csim_groups__leave_mc(sim, i);
        } else if (f->mc[i] == b && f->alive[i] && f->kind[i] == CSIM_KIND_FIRM) {
            f->benefit[i] = 0.3;
            n_b += 1.0;
        }
    }
    prog->mc[a].leaver_reports = prog->mc[a].leaver_count = 0.0;
    prog->mc[b].leaver_reports = prog->mc[b].leaver_count = 0.0;
    prog->mc[a].reputation = 0.01234;
    prog->mc[b].reputation = 0.1;
    sim->p.mc_expected_benefit = 0.777; /* what a fallback to the promise would show */
    freeze_benefits(sim);
    cr_assert_eq(csim_membership__step(sim), CSIM_OK, "%s", csim_last_error());
    cr_assert_eq(prog->mc[a].reputation, 0.01234, "an empty MC's reputation moved to %g",
                 prog->mc[a].reputation);
    const double expected = 0.1 + p.mc_benefit_smoothing * n_b / (n_b + 5.0) * (0.3 - 0.1);
    cr_assert_float_eq(prog->mc[b].reputation, expected, 1e-12, "reputation %g, expected %g",
                       prog->mc[b].reputation, expected);
    csim_sim_free(&sim);
}

#define FEE_MONTHS 24 /* 2012 and 2013 */

/* Mean firm members of all MCs in each month of 2012-2013 over `reps` replicates at
 * fee_share (monthly[FEE_MONTHS]); returns the mean of December 2013. */
static double members_2012_13(double fee_share, int reps, double *monthly) {
    for (int k = 0; k < FEE_MONTHS; ++k) {
        monthly[k] = 0.0;
    }
    for (int r = 0; r < reps; ++r) {
        csim_params p = base((2014 - 2003) * 12);
        p.policy_fee_year = 2012;
        p.policy_fee_share = fee_share;
        csim_sim *sim = NULL;
        cr_assert_eq(csim_sim_create(&sim, &p, (uint64_t) r), CSIM_OK, "%s", csim_last_error());
        for (long t = 0; t < p.run_steps; ++t) {
            cr_assert_eq(csim_sim_step(sim), CSIM_OK, "%s", csim_last_error());
            const long k = t - (2012 - 2003) * 12;
            if (k < 0) {
                continue;
            }
            double members = 0.0;
            for (size_t i = 0; i < sim->firms.n; ++i) {
                members += sim->firms.alive[i] && sim->firms.mc[i] >= 0 &&
                           sim->firms.kind[i] == CSIM_KIND_FIRM;
            }
            monthly[k] += members / reps;
        }
        csim_sim_free(&sim);
    }
    return monthly[FEE_MONTHS - 1];
}

/* The fee's dose-response: firm membership at the end of 2013 falls as the fee share
 * rises (0, 0.2, 1; means of 3 replicates, common random numbers, so the differences
 * are the fee's alone), and under the highest fee no month of 2012-2013 gets back to the
 * membership the same replicates have without a fee (members who leave report what
 * they got; the reputation never returns to the launch promise). */
Test(membership, fee_dose_response_is_monotone_without_resurrection) {
    double none_m[FEE_MONTHS], some_m[FEE_MONTHS], all_m[FEE_MONTHS];
    const double none = members_2012_13(0.0, 3, none_m);
    const double some = members_2012_13(0.2, 3, some_m);
    const double all = members_2012_13(1.0, 3, all_m);
    cr_log_info("firm members Dec 2013: fee share 0 %.1f, 0.2 %.1f, 1 %.1f", none, some, all);
    cr_assert_gt(none, some, "fee share 0: %.1f members, 0.2: %.1f", none, some);
    cr_assert_gt(some, all, "fee share 0.2: %.1f members, 1: %.1f", some, all);
    for (int k = 1; k < FEE_MONTHS; ++k) { /* from February 2012: after the first renewal */
        cr_assert_lt(all_m[k], none_m[k], "month %d of 2012-13: %.1f members under a fee share of 1, "
                     "%.1f without a fee", k, all_m[k], none_m[k]);
    }
}

/* Twins: at scale 2 every theme of policy.mc_themes has twice its MCs; newcomers choose
 * among twins at random by room, so no twin stays empty while its twin is crowded. */
Test(membership, twin_mcs_share_their_members) {
    csim_params p = base(3 * 12); /* to December 2005: 20 MCs, the defaults' themes twice over */
    p.run_scale = 2.0;
    csim_sim *sim = csim_test_sim(&p, 7);
    for (long t = 0; t < p.run_steps; ++t) {
        cr_assert_eq(csim_sim_step(sim), CSIM_OK, "%s", csim_last_error());
    }
    const csim_programme *prog = &sim->prog;
    size_t pairs = 0;
    for (size_t m = 0; m < prog->n_mc; ++m) {
        for (size_t t = m + 1; t < prog->n_mc; ++t) {
            if (!prog->mc[m].active || !prog->mc[t].active ||
                memcmp(prog->mc[m].theme, prog->mc[t].theme, sizeof prog->mc[m].theme) != 0) {
                continue;
            }
            const double lo = (double) (prog->mc[m].members < prog->mc[t].members ? prog->mc[m].members : prog->mc[t].members);
            const double hi = (double) (prog->mc[m].members > prog->mc[t].members ? prog->mc[m].members : prog->mc[t].members);
            cr_assert_geq(lo, 0.5 * hi, "twin MCs %zu and %zu: %zu and %zu members", m, t,
                          prog->mc[m].members, prog->mc[t].members);
            ++pairs;
        }
    }
    cr_assert_geq(pairs, 10, "only %zu twin pairs", pairs);
    csim_sim_free(&sim);
}
