/* Known answers of the programme timeline and the fee rule (model/policy.c,
 * model/membership.c), computed by hand on a bare state (tests/support/model_fixture.h):
 * the number of active MCs follows policy.mc_count month by month (scaled, rounded to
 * nearest), MCs open with the themes of policy.mc_themes in table order, a fall of the
 * count merges the most similar MCs down to the count and no further, a count of zero
 * closes every MC and releases its members; a merge moves the smaller MC into the larger
 * (theme and reputation mixed by members + 1, offices' money and fees added, firms lost
 * at merger_loss, institutions kept, WGs following); office capacity and fees follow the
 * budget series, the fee year and the share of required fees raised; a renewing member
 * pays the year's fee from its capital, a newcomer the months left; word of mouth moves
 * the reputation toward the mean report of firm members and recent leavers. */
#include <criterion/criterion.h>

#include <math.h>
#include <string.h>

#include "model/sim_internal.h"
#include "model/tables.h"
#include "tests/support/model_fixture.h"
#include "tests/support/test_support.h"

TestSuite(policy, .init = csim_test_quiet_libraries);

static void expect_close(double got, double want, const char *what) {
    /* Relative 1e-13: each answer below is a few roundings away from its exact value. */
    cr_assert(fabs(got - want) <= 1e-13 * fabs(want) + 1e-15, "%s: got %.17g, want %.17g", what,
              got, want);
}

/* A small population (the policy phase reads only the programme and who belongs where)
 * and the programme parameters every test below sets explicitly, not from the defaults:
 * budget_reference, the fee from fee_year (2100: none) at share 0.2. */
static csim_params programme_params(double scale, double reference, int fee_year) {
    csim_params p = csim_test_params(scale, 12 * 12);
    p.population_initial_firms = 20;
    p.population_institutions = 4;
    p.policy_support = CSIM_SUPPORT_NETWORKING;
    p.policy_split.v[CSIM_SPLIT_EVENTS] = 0.3;
    p.policy_split.v[CSIM_SPLIT_BROKERS] = 0.2;
    p.policy_split.v[CSIM_SPLIT_WG] = 0.2;
    p.policy_split.v[CSIM_SPLIT_PROJECTS] = 0.3;
    p.policy_budget_reference = reference;
    p.policy_fee_year = fee_year;
    p.policy_fee_share = 0.2;
    return p;
}

/* The same MC count and budget from January 2003 to the end of the run. */
static void set_constant_programme(csim_params *p, double mc_count, double budget) {
    static const int from[] = {2003};
    csim_test_set_series(&p->policy_mc_count, 1, from, &mc_count);
    csim_test_set_series(&p->policy_budget, 1, from, &budget);
}

/* MC membership followed by hand: benefits smoothed at 0.1 and no firm joining an MC by
 * chance; the attendance cost and the monthly leave rate are each test's own. */
static void set_membership_by_hand(csim_params *p, double attendance_cost, double leave_rate) {
    p->mc_benefit_smoothing = 0.1;
    p->mc_join_rate = 0.0;
    p->mc_attendance_cost = attendance_cost;
    p->mc_leave_rate = leave_rate;
}

static size_t active_mcs(const csim_sim *sim) {
    size_t n = 0;
    for (size_t m = 0; m < sim->prog.n_mc; ++m) {
        n += sim->prog.mc[m].active != 0;
    }
    return n;
}

static size_t events_of(const csim_sim *sim, csim_event_kind kind) {
    size_t n = 0;
    for (size_t k = 0; k < sim->events.n; ++k) {
        n += sim->events.items[k].kind == (int64_t) kind;
    }
    return n;
}

/* One month of the policy phase alone at step t. */
static void policy_month(csim_sim *sim, long t) {
    sim->step = t;
    csim_events_clear(&sim->events);
    memset(&sim->counts, 0, sizeof sim->counts);
    cr_assert_eq(csim_policy__step(sim), CSIM_OK, "step %ld: %s", t, csim_last_error());
}

/* The policy phase alone for the months from..to-1, checking nothing between. */
static void policy_months(csim_sim *sim, long from, long to) {
    for (long t = from; t < to; ++t) {
        policy_month(sim, t);
    }
}

/* ---- the MC count follows the policy series -------------------------------------- */

/* policy.mc_count {2003: 0, 2005: 10, 2006: 9, 2007: 6, 2013: 0} and budget {2003: 0,
 * 2005: 600} at run.scale 2: targets round(2 x count) = 0, 20, 18, 12, 0 (no MC while the
 * budget is 0). The 20 MCs open in January 2005 with the main fields of policy.mc_themes,
 * each count doubled, in table order: mold x4, display x4, mobile x4, semiconductors x2,
 * electronic parts x4, software x2. January 2006 merges 2 pairs, January 2007 6 more, and
 * no month in between changes anything. Capacity = base capacity x weight x budget /
 * (reference x scale) = base x 1 x 1200 / (600 x 2) = base (weight 1 without the fee
 * rule); each office opens with base 100 and a merged office serves both memberships, so
 * the bases of the active MCs always sum to 20 x 100. In January 2013 all 12 close: every
 * member released, each MC records 0 members. The WG pool of a month with MCs = budget /
 * 12 x wg split = 1200 / 12 x 0.2 = 20. */
Test(policy, mc_count_follows_the_series_with_merges_and_closure) {
    csim_params p = programme_params(2.0, 600.0, 2100);
    static const int yc[] = {2003, 2005, 2006, 2007, 2013};
    static const double vc[] = {0, 10, 9, 6, 0};
    csim_test_set_programme(&p, 5, yc, vc, 2005, 600);
    p.policy_mc_capacity = 100;
    memset(p.policy_mc_themes.v, 0, sizeof p.policy_mc_themes.v);
    p.policy_mc_themes.v[CSIM_FIELD_MOLD_DIE] = 2;
    p.policy_mc_themes.v[CSIM_FIELD_DISPLAY] = 2;
    p.policy_mc_themes.v[CSIM_FIELD_MOBILE] = 2;
    p.policy_mc_themes.v[CSIM_FIELD_SEMICONDUCTORS] = 1;
    p.policy_mc_themes.v[CSIM_FIELD_ELECTRONIC_PARTS] = 2;
    p.policy_mc_themes.v[CSIM_FIELD_SOFTWARE] = 1;
    static const int fields[20] = {
        CSIM_FIELD_MOLD_DIE, CSIM_FIELD_MOLD_DIE, CSIM_FIELD_MOLD_DIE, CSIM_FIELD_MOLD_DIE,
        CSIM_FIELD_DISPLAY, CSIM_FIELD_DISPLAY, CSIM_FIELD_DISPLAY, CSIM_FIELD_DISPLAY,
        CSIM_FIELD_MOBILE, CSIM_FIELD_MOBILE, CSIM_FIELD_MOBILE, CSIM_FIELD_MOBILE,
        CSIM_FIELD_SEMICONDUCTORS, CSIM_FIELD_SEMICONDUCTORS,
        CSIM_FIELD_ELECTRONIC_PARTS, CSIM_FIELD_ELECTRONIC_PARTS, CSIM_FIELD_ELECTRONIC_PARTS,
        CSIM_FIELD_ELECTRONIC_PARTS, CSIM_FIELD_SOFTWARE, CSIM_FIELD_SOFTWARE};
    csim_sim *sim = csim_test_bare_sim(&p, 12);
    csim_firms *f = &sim->firms;
    for (long t = 0; t < 11 * 12; ++t) {
        const long year = 2003 + t / 12;
        if (t == 10 * 12) {
            /* Before the closure: 12 actors, one in each active MC. */
            size_t i = 0;
            for (size_t m = 0; m < sim->prog.n_mc; ++m) {
                if (sim->prog.mc[m].active) {
                    f->alive[i] = 1;
                    f->mc[i++] = (int32_t) m;
                    sim->prog.mc[m].members++;
                }
            }
            cr_assert_eq(i, 12);
        }
        policy_month(sim, t);
        const size_t want = year < 2005 ? 0 : year < 2006 ? 20 : year < 2007 ? 18 : year < 2013 ? 12 : 0;
        cr_assert_eq(active_mcs(sim), want, "step %ld (%ld): %zu active MCs, want %zu", t, year,
                     active_mcs(sim), want);
        const int january = t % 12 == 0;
        cr_assert_eq(events_of(sim, CSIM_EVENT_MC_OPEN), t == 24 ? 20u : 0u, "step %ld", t);
        const size_t merges = !january ? 0 : year == 2006 ? 2 : year == 2007 ? 6 : 0;
        cr_assert_eq(events_of(sim, CSIM_EVENT_MC_MERGE), merges, "step %ld: %zu merges, want %zu",
                     t, events_of(sim, CSIM_EVENT_MC_MERGE), merges);
        cr_assert_eq(events_of(sim, CSIM_EVENT_MC_CLOSE), t == 120 ? 12u : 0u, "step %ld", t);
        expect_close(sim->prog.wg_pool, want > 0 ? 20.0 : 0.0, "WG pool");
        double base_sum = 0.0;
        for (size_t m = 0; m < sim->prog.n_mc; ++m) {
            const csim_mc *mc = &sim->prog.mc[m];
            if (mc->active) {
                expect_close(mc->capacity, mc->base_capacity, "capacity of an MC");
                base_sum += mc->base_capacity;
            }
        }
        expect_close(base_sum, want > 0 ? 2000.0 : 0.0, "offices' capacity summed");
        if (t == 24) {
            for (size_t m = 0; m < sim->prog.n_mc; ++m) {
                const csim_mc *mc = &sim->prog.mc[m];
                cr_assert_eq(mc->main_field, fields[m], "MC %zu opened on field %d, want %d", m,
                             mc->main_field, fields[m]);
                cr_assert_eq(memcmp(mc->theme, csim_field_related[fields[m]], sizeof mc->theme), 0,
                             "MC %zu: theme is not the related-fields row of its field", m);
                expect_close(mc->base_capacity, 100.0, "office capacity at opening");
            }
        }
    }
    cr_assert_eq(sim->prog.n_mc, 20, "MCs ever opened: %zu", sim->prog.n_mc);
    size_t merged = 0;
    for (size_t m = 0; m < 20; ++m) {
        const csim_mc *mc = &sim->prog.mc[m];
        cr_assert_eq(mc->opened, 24, "MC %zu opened at step %d", m, mc->opened);
        if (mc->merged_into >= 0) {
            ++merged;
            cr_assert(mc->closed == 36 || mc->closed == 48, "MC %zu merged at step %d", m, mc->closed);
        } else {
            cr_assert_eq(mc->closed, 120, "MC %zu closed at step %d", m, mc->closed);
        }
        cr_assert_eq(mc->members, 0, "MC %zu keeps %zu members after closing", m, mc->members);
    }
    cr_assert_eq(merged, 8);
    for (size_t i = 0; i < f->n; ++i) {
        cr_assert_eq(f->mc[i], -1, "actor %zu still names MC %d after the closure", i, f->mc[i]);
    }
    csim_sim_free(&sim);
}

/* The reorganisation follows the agency's filing (policy.mc_industry) through the policy
 * phase: four pilots open in January 2005 in field order, mold (slot 0), mobile (1),
 * precision assembly (2) and software (3); in January 2007 the target falls to 3. Filed
 * as in Gumi, mold joins precision assembly (one industry, similarity 0.36) although
 * mobile and software are more alike (0.64, two industries); with no filing the most
 * alike merge. Offices are empty, so the later slot joins the earlier. */
Test(policy, the_reorganisation_merges_within_an_industry_first) {
    static const int yc[] = {2003, 2005, 2007};
    static const double vc[] = {0, 4, 3};
    for (int filed = 1; filed >= 0; --filed) {
        csim_params p = programme_params(1.0, 600.0, 2100);
        csim_test_set_programme(&p, 3, yc, vc, 2005, 600);
        memset(p.policy_mc_themes.v, 0, sizeof p.policy_mc_themes.v);
        p.policy_mc_themes.v[CSIM_FIELD_MOLD_DIE] = 1;
        p.policy_mc_themes.v[CSIM_FIELD_MOBILE] = 1;
        p.policy_mc_themes.v[CSIM_FIELD_PRECISION_ASSEMBLY] = 1;
        p.policy_mc_themes.v[CSIM_FIELD_SOFTWARE] = 1;
        if (!filed) {
            memset(p.policy_mc_industry.v, 0, sizeof p.policy_mc_industry.v);
        }
        csim_sim *sim = csim_test_bare_sim(&p, 4);
        for (long t = 0; t <= 4 * 12; ++t) {
            policy_month(sim, t);
        }
        cr_assert_eq(sim->prog.n_mc, 4);
        cr_assert_eq(active_mcs(sim), 3);
        const size_t into = filed ? 0 : 1, gone = filed ? 2 : 3;
        cr_assert_eq(sim->prog.mc[gone].merged_into, (int32_t) into, "filed %d: MC %zu merged into %d",
                     filed, gone, sim->prog.mc[gone].merged_into);
        cr_assert_eq(sim->prog.mc[gone].closed, 48);
        for (size_t m = 0; m < 4; ++m) {
            cr_assert_eq(sim->prog.mc[m].active != 0, m != gone, "filed %d: MC %zu", filed, m);
        }
        csim_sim_free(&sim);
    }
}

/* ---- one merge by hand --------------------------------------------------------------- */

/* January 2007 at scale 1, policy.mc_count 2, three MCs set by hand (budget 500 = the
 * reference, fee rule on, merger_loss 1):
 *   MC 0: theme mold 1; firms 0, 1, 2; reputation 0.2; leavers 0.3 over 1; fees 5 of 10
 *   MC 1: theme mold 0.8, display 0.2; firm 3, institution 4; reputation 0.5; leavers 0.1
 *         over 2; fees 10 of 10; WG 0 is its
 *   MC 2: theme software 1; firms 5, 6; fees 10 of 10; WG 1 is its
 * Similarities: cos(MC 0, MC 1) = 0.8 / sqrt(0.68) = 0.97, both others 0: MC 1 (2 members)
 * joins MC 0 (3 members), weights members + 1 = 4 and 3:
 *   theme mold (4 x 1 + 3 x 0.8) / 7 = 6.4 / 7, display 3 x 0.2 / 7 = 0.6 / 7; main field mold
 *   reputation (4 x 0.2 + 3 x 0.5) / 7 = 2.3 / 7; leavers 0.4 over 3; base capacity 200
 *   firm 3 lost (merger_loss 1), institution 4 moves: 4 members; WG 0 follows to MC 0.
 * Then the offices' money (matching): MC 0 raised 15 of 20, weight 0.75; MC 2 raised 10 of
 * 10, weight 1. Subsidy 500 x 0.5 / 2 = 125, required 0.2 x 125 x weight: 18.75 and 25.
 * Served members = base x weight x 500 / (500 x 1): 150 and 100, more than the firm
 * members (3 and 2), so the fee is required / served = 0.125 and 0.25, and the capacity
 * 150 and 100. */
Test(policy, a_merge_by_hand_moves_members_mixes_themes_and_adds_the_offices) {
    csim_params p = programme_params(1.0, 500.0, 2003);
    set_constant_programme(&p, 2.0, 500.0);
    p.mc_merger_loss = 1.0;
    csim_sim *sim = csim_test_bare_sim(&p, 7);
    csim_firms *f = &sim->firms;
    csim_programme *prog = &sim->prog;
    static const int32_t mc_of[7] = {0, 0, 0, 1, 1, 2, 2};
    for (size_t i = 0; i < 7; ++i) {
        f->alive[i] = 1;
        f->mc[i] = mc_of[i];
    }
    f->kind[4] = CSIM_KIND_INSTITUTION;
    static const double rep[3] = {0.2, 0.5, 0.9}, reports[3] = {0.3, 0.1, 0.0},
                        leavers[3] = {1.0, 2.0, 0.0}, raised[3] = {5.0, 10.0, 10.0};
    static const size_t members[3] = {3, 2, 2};
    for (size_t m = 0; m < 3; ++m) {
        size_t id = 0;
        cr_assert_eq(csim_programme_add_mc(prog, &id), CSIM_OK);
        csim_mc *mc = &prog->mc[id];
        mc->active = 1;
        mc->members = members[m];
        mc->base_capacity = 100.0;
        mc->weight = 1.0;
        mc->reputation = rep[m];
        mc->leaver_reports = reports[m];
        mc->leaver_count = leavers[m];
        mc->fee_required = 10.0;
        mc->fees_raised = raised[m];
    }
    prog->mc[0].theme[CSIM_FIELD_MOLD_DIE] = 1.0;
    prog->mc[1].theme[CSIM_FIELD_MOLD_DIE] = 0.8;
    prog->mc[1].theme[CSIM_FIELD_DISPLAY] = 0.2;
    prog->mc[1].main_field = CSIM_FIELD_MOLD_DIE;
    prog->mc[2].theme[CSIM_FIELD_SOFTWARE] = 1.0;
    prog->mc[2].main_field = CSIM_FIELD_SOFTWARE;
    for (int32_t w = 0; w < 2; ++w) {
        size_t id = 0;
        cr_assert_eq(csim_programme_add_wg(prog, &id), CSIM_OK);
        prog->wg[id].active = 1;
        prog->wg[id].mc = w + 1;
    }
    policy_month(sim, 48);

    cr_assert_eq(active_mcs(sim), 2);
    cr_assert_eq(events_of(sim, CSIM_EVENT_MC_MERGE), 1);
    const csim_mc *a = &prog->mc[0], *b = &prog->mc[1], *c = &prog->mc[2];
    cr_assert(a->active && !b->active && c->active);
    cr_assert_eq(b->merged_into, 0);
    cr_assert_eq(b->closed, 48);
    cr_assert_eq(b->members, 0);
    for (size_t k = 0; k < CSIM_N_FIELDS; ++k) {
        const double want = k == CSIM_FIELD_MOLD_DIE ? 6.4 / 7.0 : k == CSIM_FIELD_DISPLAY ? 0.6 / 7.0 : 0.0;
        expect_close(a->theme[k], want, "merged theme");
    }
    cr_assert_eq(a->main_field, CSIM_FIELD_MOLD_DIE);
    expect_close(a->reputation, 2.3 / 7.0, "merged reputation");
    expect_close(a->leaver_reports, 0.4, "merged leavers' reports");
    expect_close(a->leaver_count, 3.0, "merged leavers");
    expect_close(a->base_capacity, 200.0, "merged office");
    static const int32_t mc_after[7] = {0, 0, 0, -1, 0, 2, 2};
    for (size_t i = 0; i < 7; ++i) {
        cr_assert_eq(f->mc[i], mc_after[i], "actor %zu in MC %d, want %d", i, f->mc[i], mc_after[i]);
    }
    cr_assert_eq(a->members, 4);
    cr_assert_eq(c->members, 2);
    cr_assert_eq(prog->wg[0].mc, 0, "the WG of the absorbed MC follows it");
    cr_assert_eq(prog->wg[1].mc, 2);
    cr_assert_eq(sim->fee_active, 1);
    expect_close(a->weight, 0.75, "weight of the merged office");
    expect_close(c->weight, 1.0, "weight of the other office");
    expect_close(a->fee_required, 18.75, "fees required of the merged MC");
    expect_close(c->fee_required, 25.0, "fees required of the other MC");
    expect_close(a->fee, 0.125, "fee of the merged MC");
    expect_close(c->fee, 0.25, "fee of the other MC");
    expect_close(a->capacity, 150.0, "capacity of the merged MC");
    expect_close(c->capacity, 100.0, "capacity of the other MC");
    /* Events and coordinators this month: 500 / 12 x 0.5 x (0.75 + 1) / 2. */
    expect_close(sim->counts.budget_spent, 500.0 / 12.0 * 0.5 * 0.875, "office money spent");
    csim_sim_free(&sim);
}

/* ---- fees and capacity follow the policy series -------------------------------------- */

/* Scale 2, policy.mc_count 1 (2 MCs from January 2003), budget {2003: 1000, 2013: 500}
 * (scaled: 2000, then 1000), reference 1000, mc_capacity 10, fee from 2012 at share 0.2,
 * attendance cost 0.01. MC 0 (theme mold): firms 0-19 and institution 20; MC 1 (theme
 * software): firms 21-24.
 * 2003-2011: no fee, weight 1, capacity 10 x 2000 / (1000 x 2) = 10.
 * January 2012: subsidy 2000 x 0.5 / 2 = 500, required 0.2 x 500 = 100 each; the office
 *   serves 10 (weight 1): MC 0's fee 100 / max(20 firms, 10) = 5 (the institution is not a
 *   payer), MC 1's 100 / max(4, 10) = 10. Renewal (cost 0.01 + fee / 12): firms 0-14
 *   (benefit 0.5 > 0.4267) pay 5, firms 15-19 (0.3) are removed; firm 21 (1.0 > 0.8433)
 *   pays 10, firms 22-24 (0.5) are removed. Raised 75 and 10, collected 85.
 * April 2012: firm 25 (knowledge on mold) joins MC 0 and pays 5 x (12 - 3) / 12 = 3.75.
 * January 2013 (matching): shares raised 78.75 / 100 and 10 / 100 are the weights 0.7875
 *   and 0.1. Subsidy 1000 x 0.5 / 2 = 250, required 50 x weight = 39.375 and 5; served
 *   10 x weight x 1000 / 2000 = 3.9375 (fewer than MC 0's 16 firms) and 0.5 (fewer than
 *   MC 1's 1 firm): fees 39.375 / 16 and 5 / 1 = 5; capacities 3.9375 and 0.5. The money
 *   MC 1 did not match is not handed to MC 0. */
Test(policy, fees_and_capacity_follow_the_budget_the_fee_year_and_the_fees_raised) {
    csim_params p = programme_params(2.0, 1000.0, 2012);
    static const int yc[] = {2003}, yb[] = {2003, 2013};
    static const double vc[] = {1}, vb[] = {1000, 500};
    csim_test_set_series(&p.policy_mc_count, 1, yc, vc);
    csim_test_set_series(&p.policy_budget, 2, yb, vb);
    p.policy_mc_capacity = 10;
    set_membership_by_hand(&p, 0.01, 0.0);
    csim_sim *sim = csim_test_bare_sim(&p, 26);
    csim_firms *f = &sim->firms;
    csim_programme *prog = &sim->prog;
    policy_month(sim, 0);
    cr_assert_eq(prog->n_mc, 2);
    for (size_t m = 0; m < 2; ++m) {
        memset(prog->mc[m].theme, 0, sizeof prog->mc[m].theme);
    }
    prog->mc[0].theme[CSIM_FIELD_MOLD_DIE] = 1.0;
    prog->mc[0].main_field = CSIM_FIELD_MOLD_DIE;
    prog->mc[1].theme[CSIM_FIELD_SOFTWARE] = 1.0;
    prog->mc[1].main_field = CSIM_FIELD_SOFTWARE;
    for (size_t i = 0; i < 26; ++i) {
        f->alive[i] = 1;
        f->alpha[i] = 1.0;
        f->capital[i] = 100.0;
        double *v = csim_firms_knowledge(f, i);
        memset(v, 0, CSIM_K * sizeof *v);
        v[i < 21 || i == 25 ? CSIM_FIELD_MOLD_DIE : CSIM_FIELD_SOFTWARE] = 1.0;
        if (i < 25) {
            f->mc[i] = i < 21 ? 0 : 1;
            prog->mc[f->mc[i]].members++;
        }
        /* Benefits frozen: what participation brings equals what a member expects. */
        f->benefit[i] = i < 15 ? 0.5 : i < 20 ? 0.3 : i == 21 ? 1.0 : 0.5;
        f->programme_gain[i] = f->benefit[i];
    }
    f->kind[20] = CSIM_KIND_INSTITUTION;
    f->alive[25] = 0; /* the newcomer of April 2012 */
    for (long t = 1; t < 108; ++t) {
        policy_month(sim, t);
        cr_assert_eq(sim->fee_active, 0, "step %ld: fee rule before 2012", t);
        for (size_t m = 0; m < 2; ++m) {
            expect_close(prog->mc[m].fee, 0.0, "fee before 2012");
            expect_close(prog->mc[m].capacity, 10.0, "capacity before 2012");
        }
    }

    policy_month(sim, 108); /* January 2012 */
    cr_assert_eq(sim->fee_active, 1, "the fee rule starts in policy.fee_year");
    expect_close(prog->mc[0].fee_required, 100.0, "MC 0 required 2012");
    expect_close(prog->mc[1].fee_required, 100.0, "MC 1 required 2012");
    expect_close(prog->mc[0].fee, 5.0, "MC 0 fee 2012");
    expect_close(prog->mc[1].fee, 10.0, "MC 1 fee 2012");
    expect_close(prog->mc[0].capacity, 10.0, "MC 0 capacity 2012");
    cr_assert_eq(csim_membership__step(sim), CSIM_OK, "%s", csim_last_error());
    for (size_t i = 0; i < 25; ++i) {
        const int pays = i < 15 || i == 21;
        const int stays = pays || i == 20;
        const double fee = i < 21 ? 5.0 : 10.0;
        cr_assert_eq(f->mc[i], stays ? (i < 21 ? 0 : 1) : -1, "actor %zu in MC %d", i, f->mc[i]);
        expect_close(f->capital[i], pays ? 100.0 - fee : 100.0, "capital after renewal");
    }
    expect_close(prog->mc[0].fees_raised, 75.0, "MC 0 raised");
    expect_close(prog->mc[1].fees_raised, 10.0, "MC 1 raised");
    expect_close(sim->counts.fees_collected, 85.0, "fees collected in January 2012");
    cr_assert_eq(prog->mc[0].members, 16);
    cr_assert_eq(prog->mc[1].members, 1);
    for (size_t i = 0; i < 25; ++i) {
        f->alive[i] = f->mc[i] >= 0; /* the removed firms close: no one else may join */
    }

    policy_months(sim, 109, 111);
    policy_month(sim, 111); /* April 2012 */
    f->alive[25] = 1;
    sim->p.mc_join_rate = 1.0;
    prog->mc[0].reputation = 50.0; /* its expectation is far above its cost */
    cr_assert_eq(csim_membership__step(sim), CSIM_OK, "%s", csim_last_error());
    sim->p.mc_join_rate = 0.0;
    cr_assert_eq(f->mc[25], 0, "the newcomer joined MC %d", f->mc[25]);
    expect_close(f->capital[25], 100.0 - 3.75, "newcomer's capital");
    expect_close(prog->mc[0].fees_raised, 78.75, "MC 0 raised with the newcomer");
    expect_close(sim->counts.fees_collected, 3.75, "fees collected in April 2012");

    policy_months(sim, 112, 120);
    policy_month(sim, 120); /* January 2013 */
    expect_close(sim->year_budget, 1000.0, "scaled budget 2013");
    expect_close(prog->mc[0].weight, 0.7875, "MC 0 weight 2013");
    expect_close(prog->mc[1].weight, 0.1, "MC 1 weight 2013");
    expect_close(prog->mc[0].fee_required, 39.375, "MC 0 required 2013");
    expect_close(prog->mc[1].fee_required, 5.0, "MC 1 required 2013");
    expect_close(prog->mc[0].fee, 39.375 / 16.0, "MC 0 fee 2013");
    expect_close(prog->mc[1].fee, 5.0, "MC 1 fee 2013");
    expect_close(prog->mc[0].capacity, 3.9375, "MC 0 capacity 2013");
    expect_close(prog->mc[1].capacity, 0.5, "MC 1 capacity 2013");
    csim_sim_free(&sim);
}

/* Weak MCs are dropped. Scale 1, policy.mc_count 3 and budget 600 (= the reference) from
 * 2003, the fee rule from 2003 at share 0.2. January 2003: three MCs open, weight 1,
 * subsidy 600 x 0.5 / 3 = 100, required 20 each. By hand before January 2004: MC 0
 * raised 20, MC 1 5, MC 2 nothing; firm 0 and institution 1 belong to MC 2, firm 2 to MC 0.
 * January 2004: MC 2 is dropped (closed, an mc_close event of value 1, firm 0 and the
 * institution released); MC 0 keeps weight 1, MC 1 gets 0.25. The subsidy is still taken
 * over the three MCs planned (100), so the required fees are 20 and 5, and the month's
 * office money spent is 600 / 12 x 0.5 x (1 + 0.25) / 3. February: the dropped MC is not
 * replaced. */
Test(policy, an_mc_that_raised_nothing_is_dropped_and_not_replaced) {
    csim_params p = programme_params(1.0, 600.0, 2003);
    set_constant_programme(&p, 3.0, 600.0);
    csim_sim *sim = csim_test_bare_sim(&p, 4);
    csim_firms *f = &sim->firms;
    csim_programme *prog = &sim->prog;
    policy_month(sim, 0);
    cr_assert_eq(active_mcs(sim), 3);
    for (size_t m = 0; m < 3; ++m) {
        expect_close(prog->mc[m].fee_required, 20.0, "required in the rule's first year");
    }
    static const int32_t mc_of[4] = {2, 2, 0, -1};
    for (size_t i = 0; i < 4; ++i) {
        f->alive[i] = 1;
        f->mc[i] = mc_of[i];
    }
    f->kind[1] = CSIM_KIND_INSTITUTION;
    prog->mc[0].fees_raised = 20.0;
    prog->mc[1].fees_raised = 5.0;
    policy_months(sim, 1, 12);

    policy_month(sim, 12); /* January 2004 */
    cr_assert_eq(active_mcs(sim), 2);
    cr_assert(!prog->mc[2].active && prog->mc[2].closed == 12, "MC 2 is closed in January 2004");
    cr_assert_eq(events_of(sim, CSIM_EVENT_MC_CLOSE), 1);
    for (size_t k = 0; k < sim->events.n; ++k) {
        const csim_event *e = &sim->events.items[k];
        if (e->kind == (int64_t) CSIM_EVENT_MC_CLOSE) {
            cr_assert_eq(e->body, 2);
            expect_close(e->value, 1.0, "mc_close value of a drop");
        }
    }
    static const int32_t mc_after[4] = {-1, -1, 0, -1};
    for (size_t i = 0; i < 4; ++i) {
        cr_assert_eq(f->mc[i], mc_after[i], "actor %zu in MC %d, want %d", i, f->mc[i], mc_after[i]);
    }
    expect_close(prog->mc[0].weight, 1.0, "weight of the MC that raised everything");
    expect_close(prog->mc[1].weight, 0.25, "weight of the MC that raised a quarter");
    expect_close(prog->mc[0].fee_required, 20.0, "required of MC 0");
    expect_close(prog->mc[1].fee_required, 5.0, "required of MC 1");
    expect_close(sim->counts.budget_spent, 600.0 / 12.0 * 0.5 * 1.25 / 3.0, "office money spent");
    cr_assert_eq(prog->mc_plan, 3);
    cr_assert_eq(prog->mc_dropped, 1);

    policy_month(sim, 13);
    cr_assert_eq(active_mcs(sim), 2, "the dropped MC is not replaced");
    cr_assert_eq(events_of(sim, CSIM_EVENT_MC_OPEN), 0);
    csim_sim_free(&sim);
}

/* The office plans its fee on its active firm members. Scale 1, one MC, budget 1000 (=
 * the reference) from 2003, mc_capacity 2, attendance cost 0.01, the fee rule from 2003
 * at share 0.2: subsidy 1000 x 0.5 / 1 = 500, required 100, and the office serves 2
 * members at full service. Members by hand: firms 0-2 active (benefit 0.5), firms 3-4
 * nominal (0.005, below the attendance cost), institution 5 (never a payer). The office
 * raised all it had to in 2003 (weight 1). January 2004: fee 100 / max(3 active firms,
 * 2) = 100/3, not 100 / 5 over every firm on the roll, which the two nominal members
 * would never pay. January 2005, with every firm member active: 100 / 5 = 20. */
Test(policy, the_fee_is_planned_on_the_active_members) {
    csim_params p = programme_params(1.0, 1000.0, 2003);
    set_constant_programme(&p, 1.0, 1000.0);
    p.policy_mc_capacity = 2;
    p.mc_attendance_cost = 0.01;
    csim_sim *sim = csim_test_bare_sim(&p, 6);
    csim_firms *f = &sim->firms;
    policy_month(sim, 0);
    cr_assert_eq(active_mcs(sim), 1);
    csim_mc *mc = &sim->prog.mc[0];
    expect_close(mc->fee_required, 100.0, "required in the rule's first year");
    for (size_t i = 0; i < 6; ++i) {
        f->alive[i] = 1;
        f->mc[i] = 0;
        f->benefit[i] = i < 3 ? 0.5 : 0.005;
    }
    f->kind[5] = CSIM_KIND_INSTITUTION;
    mc->members = 6;
    mc->fees_raised = 100.0;
    policy_months(sim, 1, 12);
    policy_month(sim, 12); /* January 2004 */
    expect_close(mc->weight, 1.0, "weight after raising everything");
    expect_close(mc->fee_required, 100.0, "required 2004");
    expect_close(mc->fee, 100.0 / 3.0, "fee over the 3 active firm members");

    f->benefit[3] = f->benefit[4] = 0.5;
    mc->fees_raised = 100.0;
    policy_months(sim, 13, 24);
    policy_month(sim, 24); /* January 2005 */
    expect_close(mc->fee, 20.0, "fee over the 5 firm members, all active");
    csim_sim_free(&sim);
}

/* ---- word of mouth ------------------------------------------------------------------- */

/* One MC (reputation 0.5, leavers' reports 0.4 over 2), benefit smoothing 0.1, attendance
 * cost 0.05, leave rate 1, no fee. Firm members 0-3 with benefits 0.1, 0.2, 0.6, 0.02 and
 * institution 4 (benefit 5: not a report). Firm 0 gained 0.3 this month: its benefit
 * becomes 0.1 + 0.1 x (0.3 - 0.1) = 0.12; the others gained what they had.
 * Reports: 0.12 + 0.2 + 0.6 + 0.02 + 0.4 = 1.34 over 4 + 2 = 6, mean 1.34 / 6; weight
 * 6 / (6 + 5); reputation 0.5 + 0.1 x 6/11 x (1.34/6 - 0.5) = 0.5 - 0.166 / 11.
 * The leavers' reports then fade by 11/12: 0.4 x 11/12, 2 x 11/12; firm 3 (0.02 < 0.05)
 * leaves and adds its report: 0.4 x 11/12 + 0.02 over 2 x 11/12 + 1. */
Test(policy, reputation_moves_toward_the_reports_of_members_and_leavers) {
    csim_params p = programme_params(1.0, 1000.0, 2100);
    set_membership_by_hand(&p, 0.05, 1.0);
    csim_sim *sim = csim_test_bare_sim(&p, 5);
    csim_firms *f = &sim->firms;
    csim_mc *mc = csim_test_add_mc(sim, CSIM_FIELD_MOLD_DIE, 100.0, 1.0);
    mc->members = 5;
    mc->reputation = 0.5;
    mc->leaver_reports = 0.4;
    mc->leaver_count = 2.0;
    static const double benefit[5] = {0.1, 0.2, 0.6, 0.02, 5.0};
    for (size_t i = 0; i < 5; ++i) {
        f->alive[i] = 1;
        f->alpha[i] = 1.0;
        f->mc[i] = 0;
        f->benefit[i] = f->programme_gain[i] = benefit[i];
    }
    f->programme_gain[0] = 0.3;
    f->kind[4] = CSIM_KIND_INSTITUTION;
    sim->step = 13;
    cr_assert_eq(csim_membership__step(sim), CSIM_OK, "%s", csim_last_error());
    expect_close(f->benefit[0], 0.12, "smoothed benefit");
    expect_close(mc->reputation, 0.5 - 0.166 / 11.0, "reputation");
    expect_close(mc->leaver_reports, 0.4 * 11.0 / 12.0 + 0.02, "leavers' reports");
    expect_close(mc->leaver_count, 2.0 * 11.0 / 12.0 + 1.0, "leavers");
    cr_assert_eq(f->mc[3], -1, "firm 3 (benefit below the cost) left");
    cr_assert_eq(mc->members, 4);
    for (size_t i = 0; i < 5; ++i) {
        cr_assert_eq(f->mc[i], i == 3 ? -1 : 0, "actor %zu", i);
    }
    csim_sim_free(&sim);
}
