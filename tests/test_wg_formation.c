/* Known answers of WG formation (model/groups.c, form_groups and try_form) on a bare state
 * (tests/support/model_fixture.h): which firm members propose a group (probability
 * wg.propose_rate x problem, the problem being the larger of the relative knowledge gap
 * to the MC frontier and the fall of hub orders), which plans the pool funds (the share
 * of the request the pool could pay if shared with the groups already funded), recounted
 * leader by leader in index order from the model's proposal and funding draws; and what a
 * group that forms is: its leader first, members of the MC who lag its frontier in the
 * problem field, at most wg.size, experience counted, benefit the members' mean
 * expectation, a forced WG tie proposed for every pair, a WG_FOUND event. */
#include <criterion/criterion.h>

#include <math.h>
#include <string.h>

#include "model/sim_internal.h"
#include "model/streams.h"
#include "sim/rng.h"
#include "tests/support/model_fixture.h"
#include "tests/support/test_support.h"

TestSuite(wg_formation, .init = csim_test_quiet_libraries);

#define STEP 30
#define N_FIRMS 30
#define FRONTIER_FIRMS 5 /* firms 25-29 stand at the MC frontier: they lag nowhere */
#define INSTITUTION N_FIRMS
#define PROPOSE_RATE 0.6
#define POOL 2.5 /* the month's WG money, in requests of 1 (wg.grant 12 a year) */

/* Firm i's fall of hub orders: 1 - chain_smooth / chain_base = 0.05 + (i mod 10) / 10. */
static double loss_of(size_t i) {
    return 0.05 + (double) (i % 10) / 10.0;
}

/* One MC (theme mold only) with firms 0-29 and institution 30; every pair of them tied.
 * Knowledge in mold: institution 10 (the frontier), firms 9 (relative gap (10 - 9) / 10
 * = 0.1), firms 25-29 10 (gap 0). Each firm's problem is max(gap, loss). */
static csim_sim *one_mc_tied(int tied) {
    csim_params p = csim_test_params(1.0, 48);
    p.population_initial_firms = 40;
    p.population_institutions = 2;
    p.wg_propose_rate = PROPOSE_RATE;
    p.wg_grant = 12.0;
    p.wg_size = 4;
    p.wg_min_size = 2;
    p.wg_repeat = 0.0;          /* members drawn from the roster ...                 */
    p.wg_incumbent_share = 0.0; /* ... among those without WG experience (everyone)   */
    csim_sim *sim = csim_test_bare_sim(&p, N_FIRMS + 1);
    csim_firms *f = &sim->firms;
    csim_mc *mc = csim_test_add_mc(sim, CSIM_FIELD_MOLD_DIE, 100.0, 1.0);
    for (size_t i = 0; i <= INSTITUTION; ++i) {
        f->alive[i] = 1;
        f->mc[i] = 0;
        mc->members++;
        f->kind[i] = i == INSTITUTION ? CSIM_KIND_INSTITUTION : CSIM_KIND_FIRM;
        f->wg_experience[i] = 0;
        f->benefit[i] = 0.01 * (double) i;
        f->chain_base[i] = 1.0;
        f->chain_smooth[i] = 1.0 - loss_of(i);
        double *v = csim_firms_knowledge(f, i);
        memset(v, 0, CSIM_K * sizeof *v);
        v[CSIM_FIELD_MOLD_DIE] = i == INSTITUTION || i >= N_FIRMS - FRONTIER_FIRMS ? 10.0 : 9.0;
        for (size_t j = i + 1; tied && j <= INSTITUTION; ++j) {
            cr_assert_eq(csim_ties_add(&sim->ties, (uint32_t) i, (uint32_t) j, 0.5, 0.3, 0,
                                       CSIM_ORIGIN_FORUM),
                         CSIM_OK);
        }
    }
    csim_test_bare_adjacency(sim);
    sim->prog.wg_pool = POOL;
    sim->step = STEP;
    return sim;
}

static csim_sim *one_mc(void) {
    return one_mc_tied(1);
}

/* The WG founded by leader i, from the WG_FOUND events (agent: leader, body: WG), or -1. */
static long wg_of_leader(const csim_sim *sim, size_t i) {
    for (size_t k = 0; k < sim->events.n; ++k) {
        const csim_event *ev = &sim->events.items[k];
        if (ev->kind == CSIM_EVENT_WG_FOUND && ev->agent == (int64_t) i) {
            return (long) ev->body;
        }
    }
    return -1;
}

/* Leader by leader in index order: a firm not yet in a group proposes when its draw is
 * below 0.6 x max(gap, loss) and is funded when its funding draw is below min(1, pool /
 * (groups funded + 1) / request) = min(1, 2.5 / (funded + 1)): certain for the first two
 * groups, then 0.833, 0.625, 0.5, ... With 30 members tied to each other a selected plan
 * always finds a member (wg.min_size 2), so it forms. The draws must include a firm that
 * would propose at rate 0.6 but not at 0.6 x its problem, and a plan the pool declines
 * (the checks have teeth). */
Test(wg_formation, proposals_and_funding_recounted_leader_by_leader) {
    csim_sim *sim = one_mc();
    const csim_firms *f = &sim->firms;
    cr_assert_eq(csim_groups__step(sim), CSIM_OK, "%s", csim_last_error());
    size_t funded = 0, held_back_by_problem = 0, declined = 0;
    for (size_t i = 0; i < N_FIRMS; ++i) {
        const long w = wg_of_leader(sim, i);
        const int32_t mine = f->wg[i];
        if (mine >= 0 && w < 0) {
            /* Picked by a leader: by an earlier one it was not free when its turn came. */
            const uint32_t leader = sim->prog.wg[mine].members[0];
            if (leader < i) {
                continue;
            }
        }
        const double u = CSIM_DRAW_AT(sim->seed, WG_PROPOSE, (uint32_t) STEP, i);
        const double gap = i >= N_FIRMS - FRONTIER_FIRMS ? 0.0 : 0.1;
        const double problem = gap > loss_of(i) ? gap : loss_of(i);
        const double selected = fmin(1.0, POOL / ((double) funded + 1.0));
        const double u_funded = CSIM_DRAW_AT(sim->seed, WG_FUNDED, (uint32_t) STEP, i);
        const int proposes = u < PROPOSE_RATE * problem;
        held_back_by_problem += u < PROPOSE_RATE && !proposes;
        const int founds = proposes && u_funded < selected;
        declined += proposes && !founds;
        cr_assert_eq(w >= 0, founds, "firm %zu: draw %.4f, problem %.2f, funding draw %.4f of %.3f: "
                     "founded WG %ld", i, u, problem, u_funded, selected, w);
        if (founds) {
            cr_assert_eq((size_t) w, funded, "groups are numbered in the order they form");
            ++funded;
        }
    }
    cr_log_info("%zu groups formed; %zu firms held back by a small problem, %zu plans declined",
                funded, held_back_by_problem, declined);
    cr_assert_eq(sim->prog.n_wg, funded);
    cr_assert_geq(funded, 3, "only %zu groups: the pool's sharing is not exercised", funded);
    cr_assert_gt(held_back_by_problem, 0, "no firm's draw tells the problem from none");
    cr_assert_gt(declined, 0, "no plan declined by the pool");
    csim_sim_free(&sim);
}

/* Every group formed: leader first, 2 to 4 members, all alive members of MC 0 not in
 * another group, all lagging the frontier in mold (so none of firms 25-29 but as leader),
 * field mold, funded, formed this step; every member's experience 1; benefit the mean of
 * the members' benefits (0.01 x index); one forced WG proposal per pair of members; the
 * founding event's value the group's size. */
Test(wg_formation, a_group_is_its_leader_and_lagging_members_with_forced_ties) {
    csim_sim *sim = one_mc();
    const csim_firms *f = &sim->firms;
    cr_assert_eq(csim_groups__step(sim), CSIM_OK, "%s", csim_last_error());
    const csim_programme *prog = &sim->prog;
    cr_assert_gt(prog->n_wg, 0);
    size_t pairs = 0, in_groups = 0;
    for (size_t w = 0; w < prog->n_wg; ++w) {
        const csim_wg *wg = &prog->wg[w];
        cr_assert(wg->active && wg->funded && wg->mc == 0 && wg->formed == STEP, "WG %zu", w);
        cr_assert_eq(wg->field, CSIM_FIELD_MOLD_DIE);
        cr_assert(wg->n_members >= 2 && wg->n_members <= 4, "WG %zu has %zu members", w, wg->n_members);
        cr_assert_eq(wg_of_leader(sim, wg->members[0]), (long) w, "WG %zu: leader not listed first", w);
        double benefit = 0.0;
        for (size_t a = 0; a < wg->n_members; ++a) {
            const uint32_t i = wg->members[a];
            cr_assert_eq(f->wg[i], (int32_t) w, "member %u of WG %zu points at %d", i, w, f->wg[i]);
            cr_assert_eq(f->wg_experience[i], 1, "member %u: experience %d", i, f->wg_experience[i]);
            if (a > 0) {
                const int lags = f->kind[i] == CSIM_KIND_INSTITUTION ||
                                 csim_firms_knowledge(f, i)[CSIM_FIELD_MOLD_DIE] < 10.0;
                cr_assert(lags, "member %u of WG %zu stands at the frontier", i, w);
            }
            benefit += 0.01 * (double) i;
            ++in_groups;
        }
        const double mean = benefit / (double) wg->n_members;
        cr_assert(fabs(wg->benefit - mean) <= 1e-15, "WG %zu benefit %.17g, want %.17g", w,
                  wg->benefit, mean);
        pairs += wg->n_members * (wg->n_members - 1) / 2;
        for (size_t k = 0; k < sim->events.n; ++k) {
            const csim_event *ev = &sim->events.items[k];
            if (ev->kind == CSIM_EVENT_WG_FOUND && ev->body == (int64_t) w) {
                cr_assert_eq(ev->value, (double) wg->n_members);
            }
        }
    }
    size_t in_some = 0;
    for (size_t i = 0; i <= INSTITUTION; ++i) {
        in_some += f->wg[i] >= 0;
        if (f->wg[i] < 0) {
            cr_assert_eq(f->wg_experience[i], 0, "actor %zu in no group has experience", i);
        }
    }
    cr_assert_eq(in_some, in_groups, "an actor is counted in two groups");
    cr_assert_eq(sim->n_proposals, pairs, "%zu proposals for %zu pairs", sim->n_proposals, pairs);
    for (size_t k = 0; k < sim->n_proposals; ++k) {
        const csim_tie_proposal *pr = &sim->proposals[k];
        cr_assert(pr->forced && pr->origin == CSIM_ORIGIN_WG, "proposal %zu: forced %d origin %d",
                  k, pr->forced, pr->origin);
        cr_assert(f->wg[pr->a] >= 0 && f->wg[pr->a] == f->wg[pr->b],
                  "proposal (%u, %u) outside a group", pr->a, pr->b);
    }
    csim_sim_free(&sim);
}

/* The secretary's pick (groups.c): the candidate whose knowledge best complements the
 * leader's, by L(d) = 4 d (1 - d) (the defaults' learning.distance_a, _b, _c), d = 1 -
 * cosine. Leader 0 knows mold only. Candidate 1: the same profile, d = 0, L = 0;
 * 2: mold and machining 1 each, d = 1 - 1/sqrt(2) = 0.29289, L = 0.82843; 3: machining
 * only, d = 1, L = 0; 4: mold 1, machining 3, d = 1 - 1/sqrt(10) = 0.68377, L = 0.86491.
 * Best: 4; among 1, 2, 3: 2; 2 and its twin 5: the first listed; none: SIZE_MAX. */
Test(wg_formation, the_secretary_introduces_the_best_complement_known_answer) {
    csim_sim *sim = one_mc();
    csim_firms *f = &sim->firms;
    const double profiles[6][2] = {{1, 0}, {1, 0}, {1, 1}, {0, 1}, {1, 3}, {1, 1}};
    for (size_t i = 0; i < 6; ++i) {
        double *v = csim_firms_knowledge(f, i);
        memset(v, 0, CSIM_K * sizeof *v);
        v[CSIM_FIELD_MOLD_DIE] = profiles[i][0];
        v[CSIM_FIELD_MACHINING] = profiles[i][1];
    }
    cr_assert_float_eq(csim_learning__value(&sim->p, 1.0 - 1.0 / sqrt(10.0)), 0.86491, 1e-5);
    cr_assert_float_eq(csim_learning__value(&sim->p, 1.0 - 1.0 / sqrt(2.0)), 0.82843, 1e-5);
    const size_t all[4] = {1, 2, 3, 4}, three[3] = {1, 2, 3}, twins[2] = {5, 2};
    cr_assert_eq(csim_groups__coordinator_pick(&sim->p, f, 0, all, 4), 4);
    cr_assert_eq(csim_groups__coordinator_pick(&sim->p, f, 0, three, 3), 2);
    cr_assert_eq(csim_groups__coordinator_pick(&sim->p, f, 0, twins, 2), 5);
    cr_assert_eq(csim_groups__coordinator_pick(&sim->p, f, 0, all, 0), SIZE_MAX);
    csim_sim_free(&sim);
}

/* With no ties a leader knows no one: only the secretary fills its team, one member per
 * introduction of the month's coordinator time. Time 2: the first selected leader's
 * group forms with itself and 2 introduced members (wg.size 4, wg.min_size 2), the
 * time is spent, later leaders stay alone and form nothing; 2 introductions counted,
 * owed to next month's pair introductions. Time 0: no group at all. */
Test(wg_formation, with_no_ties_only_the_secretary_fills_the_team) {
    for (size_t time = 0; time <= 2; time += 2) {
        csim_sim *sim = one_mc_tied(0);
        sim->prog.mc[0].coordinator_time = time;
        sim->prog.mc[0].team_help = 0;
        cr_assert_eq(csim_groups__step(sim), CSIM_OK, "%s", csim_last_error());
        cr_assert_eq(sim->prog.n_wg, time == 0 ? 0 : 1, "time %zu: %zu groups", time, sim->prog.n_wg);
        cr_assert_eq(sim->prog.mc[0].team_help, time);
        cr_assert_eq(sim->counts.introductions, time);
        if (time > 0) {
            const csim_wg *wg = &sim->prog.wg[0];
            cr_assert_eq(wg->n_members, 3, "%zu members", wg->n_members);
            for (size_t a = 1; a < wg->n_members; ++a) {
                cr_assert_lt(csim_firms_knowledge(&sim->firms, wg->members[a])[CSIM_FIELD_MOLD_DIE],
                             10.0, "an introduced member stands at the frontier");
            }
        }
        csim_sim_free(&sim);
    }
}
