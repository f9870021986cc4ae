/* Known answers of model/tiedyn.c, computed by hand on a bare state (tests/support/
 * model_fixture.h): the monthly update of each tie (reinforcement of ties used this month,
 * by a meeting, a supply relation or a shared WG; decay of the others, faster for bridges;
 * trust drift of unused ties; removal below the floor or with a departed end), and the
 * forming of proposed ties (intensity and trust of a new tie, forced and declined
 * proposals, a pair met again reinforced instead of doubled, departed partners skipped). */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>

#include "model/sim_internal.h"
#include "tests/support/model_fixture.h"
#include "tests/support/test_support.h"

TestSuite(tiedyn, .init = csim_test_quiet_libraries);

#define STEP 5
#define DECAY 0.1
#define DECAY_BRIDGE 0.3
#define DRIFT 0.2
#define TRUST_BASE 0.5
#define FLOOR 0.05

static csim_params tie_params(void) {
    csim_params p = csim_test_params(0.05, 12);
    p.ties_decay = DECAY;
    p.ties_decay_bridge = DECAY_BRIDGE;
    p.ties_trust_drift = DRIFT;
    p.ties_trust_base = TRUST_BASE;
    p.ties_floor = FLOOR;
    return p;
}

static void expect_close(double got, double want, const char *what) {
    cr_assert(fabs(got - want) <= 1e-14, "%s: got %.17g, want %.17g", what, got, want);
}

/* Index of tie (a, b) after compaction, or -1. */
static long find(const csim_sim *sim, uint32_t a, uint32_t b) {
    for (size_t e = 0; e < sim->ties.n_ties; ++e) {
        if (sim->ties.a[e] == a && sim->ties.b[e] == b) {
            return (long) e;
        }
    }
    return -1;
}

/* Actors 0..12 alive except 4. Ties, each with its hand-computed month:
 *   (0,1) used this month (last_used = STEP)     w 0.5 -> 0.5 + 0.25 * 0.5 = 0.625, trust 0.7 kept
 *   (0,2) unused, shares partner 1 (triangle)      w 0.8 -> 0.8 * (1 - 0.1) = 0.72,
 *                                                  trust 0.3 -> 0.3 + 0.2 (0.5 - 0.3) = 0.34
 *   (1,2) unused, embedded                         w 0.4 -> 0.36, trust 0.9 -> 0.82
 *   (2,3) unused bridge (3 has no other partner)   w 0.6 -> 0.6 * (1 - 0.3) = 0.42, trust 0.5 kept
 *   (3,4) 4 has left                               removed
 *   (5,6) supply relation (buyer of 6 is 5)        w 0.2 -> 0.2 + 0.25 * 0.8 = 0.4, trust 0.6 kept
 *   (7,8) both in WG 3                             w 0.6 -> 0.7, trust 0.1 kept
 *   (9,10) unused bridge near the floor            w 0.07 -> 0.049 < 0.05: removed
 *   (11,12) both in no WG (-1 is not a shared WG)  w 0.5 -> 0.35, trust 0.4 -> 0.42 */
Test(tiedyn, reinforcement_decay_drift_and_removal_by_hand) {
    const csim_params p = tie_params();
    csim_sim *sim = csim_test_bare_sim(&p, 13);
    csim_firms *f = &sim->firms;
    for (size_t i = 0; i <= 12; ++i) {
        f->alive[i] = i != 4;
    }
    f->buyer[6] = 5;
    f->wg[7] = f->wg[8] = 3;
    sim->step = STEP;
    csim_ties *t = &sim->ties;
    const struct {
        uint32_t a, b;
        double w, trust;
        int32_t last_used;
    } in[] = {{0, 1, 0.5, 0.7, STEP}, {0, 2, 0.8, 0.3, 1},   {1, 2, 0.4, 0.9, 2},
              {2, 3, 0.6, 0.5, 3},    {3, 4, 0.9, 0.5, 4},   {5, 6, 0.2, 0.6, 0},
              {7, 8, 0.6, 0.1, 0},    {9, 10, 0.07, 0.5, 0}, {11, 12, 0.5, 0.4, 0}};
    for (size_t k = 0; k < sizeof in / sizeof in[0]; ++k) {
        cr_assert_eq(csim_ties_add(t, in[k].a, in[k].b, in[k].w, in[k].trust, 0, CSIM_ORIGIN_FORUM),
                     CSIM_OK);
        t->last_used[t->n_ties - 1] = in[k].last_used;
    }
    csim_test_bare_adjacency(sim);
    cr_assert_eq(csim_tiedyn__step(sim), CSIM_OK, "%s", csim_last_error());

    cr_assert_eq(sim->counts.ties_dissolved, 2, "(3,4) and (9,10) go");
    cr_assert_eq(t->n_ties, 7);
    cr_assert_eq(find(sim, 3, 4), -1, "a tie to a departed actor is removed");
    cr_assert_eq(find(sim, 9, 10), -1, "a tie decayed below the floor is removed");
    const struct {
        uint32_t a, b;
        double w, trust;
        int used;
    } want[] = {{0, 1, 0.625, 0.7, 1},  {0, 2, 0.72, 0.34, 0}, {1, 2, 0.36, 0.82, 0},
                {2, 3, 0.42, 0.5, 0},   {5, 6, 0.4, 0.6, 1},   {7, 8, 0.7, 0.1, 1},
                {11, 12, 0.35, 0.42, 0}};
    for (size_t k = 0; k < sizeof want / sizeof want[0]; ++k) {
        const long e = find(sim, want[k].a, want[k].b);
        cr_assert_eq(e, (long) k, "tie (%u,%u) at %ld: compaction keeps the order", want[k].a,
                     want[k].b, e);
        char what[64];
        snprintf(what, sizeof what, "intensity of (%u,%u)", want[k].a, want[k].b);
        expect_close(t->weight[e], want[k].w, what);
        snprintf(what, sizeof what, "trust of (%u,%u)", want[k].a, want[k].b);
        expect_close(t->trust[e], want[k].trust, what);
        if (want[k].used) {
            cr_assert_eq(t->last_used[e], STEP, "(%u,%u) used this month", want[k].a, want[k].b);
        } else {
            cr_assert_neq(t->last_used[e], STEP, "(%u,%u) not used", want[k].a, want[k].b);
        }
    }
    csim_sim_free(&sim);
}

/* Repeated months on one unused bridge: w_t = w_0 (1 - decay_bridge)^t until it falls
 * below the floor, in the month ceil(log(floor / w_0) / log(1 - decay_bridge)). */
Test(tiedyn, unused_bridge_decays_geometrically_until_the_floor) {
    const csim_params p = tie_params();
    csim_sim *sim = csim_test_bare_sim(&p, 2);
    sim->firms.alive[0] = sim->firms.alive[1] = 1;
    cr_assert_eq(csim_ties_add(&sim->ties, 0, 1, 1.0, 0.9, 0, CSIM_ORIGIN_REFERRAL), CSIM_OK);
    sim->ties.last_used[0] = -1;
    csim_test_bare_adjacency(sim);
    /* 0.7^8 = 0.0576 >= 0.05 > 0.7^9 = 0.0404: the tie lives through month 8, not 9. */
    double trust = 0.9;
    for (int m = 1; m <= 9; ++m) {
        sim->step = m;
        cr_assert_eq(csim_tiedyn__step(sim), CSIM_OK);
        trust += DRIFT * (TRUST_BASE - trust);
        if (m < 9) {
            cr_assert_eq(sim->ties.n_ties, 1, "month %d: removed too early", m);
            expect_close(sim->ties.weight[0], pow(0.7, m), "bridge intensity");
            expect_close(sim->ties.trust[0], trust, "trust drifting to its base");
        } else {
            cr_assert_eq(sim->ties.n_ties, 0, "month 9: 0.7^9 < floor, the tie must go");
        }
    }
    csim_sim_free(&sim);
}

/* Proposals of one month, applied in the sorted order:
 *   (2,1) forced, origin WG          -> new tie (1,2), intensity 0.5, initial trust, born STEP
 *   (3,4) forced, origin supply      -> new tie (3,4), intensity 1 (supply ties start full)
 *   (1,2) again, forum               -> the same pair: no second tie
 *   (0,5) existing tie               -> reinforced: last_used = STEP, no new tie
 *   (6,7) not forced, certain refusal (intercept -100) -> nothing
 *   (6,8) 8 has left, forced         -> nothing
 *   (9,9) empty proposal             -> nothing
 * With intercept +100 the unforced (6,7) forms. */
static void propose(csim_sim *sim, uint32_t u, uint32_t v, csim_origin origin, int forced) {
    cr_assert_eq(csim_sim__propose(sim, u, v, origin, forced), CSIM_OK, "%s", csim_last_error());
}

static csim_sim *proposal_month(double intercept) {
    csim_params p = tie_params();
    p.ties_accept_intercept = intercept;
    p.ties_initial_trust = 0.35;
    /* A new tie's trust is a reputation rule (reports of common partners, a broker's
     * word), part of the trust mechanism tested with it; with the broker's word equal to
     * the prior and no common partners, every new tie here starts at the prior. */
    p.ties_broker_trust = 0.35;
    csim_sim *sim = csim_test_bare_sim(&p, 10);
    for (size_t i = 0; i <= 9; ++i) {
        sim->firms.alive[i] = i != 8;
    }
    cr_assert_eq(csim_ties_add(&sim->ties, 0, 5, 0.3, 0.2, 0, CSIM_ORIGIN_FORUM), CSIM_OK);
    sim->ties.last_used[0] = 1;
    csim_test_bare_adjacency(sim);
    sim->step = STEP;
    propose(sim, 2, 1, CSIM_ORIGIN_WG, 1);
    propose(sim, 3, 4, CSIM_ORIGIN_SUPPLY, 1);
    propose(sim, 1, 2, CSIM_ORIGIN_FORUM, 0);
    propose(sim, 0, 5, CSIM_ORIGIN_REFERRAL, 0);
    propose(sim, 6, 7, CSIM_ORIGIN_BROKER, 0);
    propose(sim, 6, 8, CSIM_ORIGIN_WG, 1);
    propose(sim, 9, 9, CSIM_ORIGIN_FORUM, 1);
    cr_assert_eq(csim_tiedyn__apply_proposals(sim), CSIM_OK, "%s", csim_last_error());
    cr_assert_eq(sim->n_proposals, 0, "proposals are consumed");
    return sim;
}

static void expect_new_tie(const csim_sim *sim, uint32_t a, uint32_t b, double w, csim_origin origin) {
    const long e = csim_ties_find(&sim->ties, a, b);
    cr_assert_geq(e, 0, "tie (%u,%u) missing", a, b);
    expect_close(sim->ties.weight[e], w, "intensity of a new tie");
    expect_close(sim->ties.trust[e], 0.35, "trust of a new tie (ties.initial_trust)");
    cr_assert_eq(sim->ties.born[e], STEP);
    cr_assert_eq(sim->ties.origin[e], (uint8_t) origin, "(%u,%u) keeps the forced proposal's origin", a, b);
}

Test(tiedyn, proposals_form_reinforce_and_skip_by_hand) {
    csim_sim *sim = proposal_month(-100.0);
    cr_assert_eq(sim->ties.n_ties, 3, "(0,5) kept, (1,2) and (3,4) new: %zu ties", sim->ties.n_ties);
    cr_assert_eq(sim->counts.ties_formed, 2);
    expect_new_tie(sim, 1, 2, 0.5, CSIM_ORIGIN_WG);
    expect_new_tie(sim, 3, 4, 1.0, CSIM_ORIGIN_SUPPLY);
    const long old = csim_ties_find(&sim->ties, 0, 5);
    cr_assert_geq(old, 0);
    cr_assert_eq(sim->ties.last_used[old], STEP, "meeting again reinforces the existing tie");
    expect_close(sim->ties.weight[old], 0.3, "a meeting marks the tie used; tiedyn step adds the intensity");
    cr_assert_lt(csim_ties_find(&sim->ties, 6, 7), 0, "a certain refusal formed a tie");
    cr_assert_lt(csim_ties_find(&sim->ties, 6, 8), 0, "a tie to a departed actor formed");
    cr_assert_eq(sim->counts.introductions, 0);
    csim_sim_free(&sim);
}

Test(tiedyn, certain_acceptance_forms_the_unforced_tie) {
    csim_sim *sim = proposal_month(100.0);
    cr_assert_eq(sim->ties.n_ties, 4);
    expect_new_tie(sim, 6, 7, 0.5, CSIM_ORIGIN_BROKER);
    cr_assert_eq(sim->counts.ties_formed, 3);
    cr_assert_eq(sim->counts.introductions, 1, "a broker's tie is an introduction");
    csim_sim_free(&sim);
}
