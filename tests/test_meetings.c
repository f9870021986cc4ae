/* Known answers of the MC forum and the coordinators (model/meetings.c) on a bare state
 * (tests/support/model_fixture.h): who attends a month's event (each member with
 * probability mc.attendance x the service its office gives, service = capacity / members
 * when crowded; nominal firm members never, institutions always eligible), recounted
 * member by member from the model's attendance draw; forum meetings only between
 * attendees of one MC; and the number of introductions each MC's coordinators make (its
 * share of the month's broker money x its office weight / the cost of one). Tie
 * acceptance is made certain (a large intercept) so that every proposal forms a tie. */
#include <criterion/criterion.h>

#include <math.h>
#include <string.h>

#include "model/sim_internal.h"
#include "model/streams.h"
#include "sim/rng.h"
#include "tests/support/model_fixture.h"
#include "tests/support/test_support.h"

TestSuite(meetings, .init = csim_test_quiet_libraries);

#define STEP 9

static csim_params meeting_params(void) {
    csim_params p = csim_test_params(1.0, 12);
    p.population_initial_firms = 80;
    p.population_institutions = 2;
    p.ties_accept_intercept = 50.0; /* logit 1 / (1 + e^-50) rounds to 1: every proposal forms */
    p.ties_referral_rate = 0.0;
    p.mc_attendance_cost = 0.05;
    p.policy_split.v[CSIM_SPLIT_BROKERS] = 0.2;
    p.policy_broker_cost = 2.0;
    return p;
}

/* A bare state with two active MCs (theme mold) of the given capacity and office weight:
 * actors 0 to split - 1 in MC 0, split to n - 1 in MC 1, every one a firm with benefit 1
 * (above the attendance cost) and knowledge 1 in every field. */
static csim_sim *two_mcs(const csim_params *p, size_t n, size_t split, const double *capacity,
                         const double *weight) {
    csim_sim *sim = csim_test_bare_sim(p, n);
    csim_firms *f = &sim->firms;
    for (size_t m = 0; m < 2; ++m) {
        csim_test_add_mc(sim, CSIM_FIELD_MOLD_DIE, capacity[m], weight[m]);
    }
    for (size_t i = 0; i < n; ++i) {
        const int32_t m = i < split ? 0 : 1;
        f->alive[i] = 1;
        f->mc[i] = m;
        f->benefit[i] = 1.0;
        sim->prog.mc[m].members++;
        double *v = csim_firms_knowledge(f, i);
        for (size_t k = 0; k < CSIM_K; ++k) {
            v[k] = 1.0;
        }
    }
    sim->step = STEP;
    memset(&sim->counts, 0, sizeof sim->counts);
    return sim;
}

/* MC 0: capacity 10, 40 members (actors 0-39): service 10 / 40 = 0.25, so each attends with
 * probability 0.8 x 0.25 = 0.2; MC 1: capacity 100, 30 members (40-69): service 1,
 * probability 0.8. Actors 60-64 are nominal (benefit 0.01 < attendance cost 0.05): they
 * never attend. Actors 65-69 are institutions with benefit 0: institutions are never
 * nominal, they attend by the draw. No budget: no coordinators. Each member attends
 * exactly when its draw (MEETING_ATTEND, its index) is below its probability; every forum
 * tie formed joins two attendees of the same MC. */
Test(meetings, forum_attendance_follows_service_and_nominal_members_by_hand) {
    csim_params p = meeting_params();
    p.mc_attendance = 0.8;
    p.mc_meetings_per_event = 2.0;
    static const double capacity[2] = {10.0, 100.0}, weight[2] = {1.0, 1.0};
    csim_sim *sim = two_mcs(&p, 70, 40, capacity, weight);
    csim_firms *f = &sim->firms;
    for (size_t i = 60; i < 70; ++i) {
        f->benefit[i] = i < 65 ? 0.01 : 0.0;
        f->kind[i] = i < 65 ? CSIM_KIND_FIRM : CSIM_KIND_INSTITUTION;
    }
    for (size_t i = 70; i < f->n; ++i) {
        f->alive[i] = 1; /* non-members: never at an event */
    }
    sim->year_budget = 0.0;
    cr_assert_eq(csim_meetings__step(sim), CSIM_OK, "%s", csim_last_error());
    const uint8_t *attends = sim->work.meetings.attends;
    size_t attended[2] = {0, 0}, wrong_without_service = 0;
    for (size_t i = 0; i < f->n; ++i) {
        const double u = CSIM_DRAW_AT(sim->seed, MEETING_ATTEND, (uint32_t) STEP, i);
        const int nominal = i >= 60 && i < 65;
        const double prob = i >= 70 || nominal ? 0.0 : i < 40 ? 0.8 * 0.25 : 0.8;
        const int want = u < prob;
        cr_assert_eq(attends[i] != 0, want, "actor %zu: draw %.4f, probability %.2f, attends %d", i,
                     u, prob, attends[i]);
        if (want) {
            attended[i < 40 ? 0 : 1]++;
        }
        wrong_without_service += i < 40 && want != (u < 0.8);
    }
    cr_log_info("attendees: MC 0 %zu of 40, MC 1 %zu of 30", attended[0], attended[1]);
    cr_assert_gt(wrong_without_service, 0, "the draws cannot tell crowding from none");
    cr_assert(attended[0] >= 2 && attended[1] >= 2, "too few attendees to meet: %zu and %zu",
              attended[0], attended[1]);
    size_t forum_ties = 0;
    for (size_t e = 0; e < sim->ties.n_ties; ++e) {
        const uint32_t a = sim->ties.a[e], b = sim->ties.b[e];
        cr_assert_eq(sim->ties.origin[e], CSIM_ORIGIN_FORUM, "tie %zu of origin %d", e, sim->ties.origin[e]);
        cr_assert(attends[a] && attends[b], "forum tie (%u, %u) with a member who did not attend", a, b);
        cr_assert_eq(f->mc[a], f->mc[b], "forum tie (%u, %u) across MCs %d and %d", a, b, f->mc[a], f->mc[b]);
        ++forum_ties;
    }
    cr_assert_gt(forum_ties, 0, "no forum tie formed");
    csim_sim_free(&sim);
}

/* Coordinators: the month's broker money 1200 / 12 x 0.2 = 20, shared by 2 active MCs (10
 * each), at 2 per introduction: 5 introductions per MC at office weight 1; MC 1 has weight
 * 0.6: 3. The rates are whole, so no fractional draw adds one. Members (20 per MC) have no
 * ties and identical knowledge, so every introduction finds a partner; nobody attends a
 * forum (attendance 0). Each introduction forms a broker tie inside its MC: 5 and 3 ties
 * (with this run's fixed seed no pair is introduced twice, which would form one tie). */
Test(meetings, coordinators_make_their_share_of_introductions_by_hand) {
    csim_params p = meeting_params();
    p.mc_attendance = 0.0;
    static const double capacity[2] = {100.0, 100.0}, weight[2] = {1.0, 0.6};
    csim_sim *sim = two_mcs(&p, 40, 20, capacity, weight);
    const csim_firms *f = &sim->firms;
    sim->year_budget = 1200.0;
    cr_assert_eq(csim_meetings__step(sim), CSIM_OK, "%s", csim_last_error());
    size_t per_mc[2] = {0, 0};
    for (size_t e = 0; e < sim->ties.n_ties; ++e) {
        const uint32_t a = sim->ties.a[e], b = sim->ties.b[e];
        cr_assert_eq(sim->ties.origin[e], CSIM_ORIGIN_BROKER, "tie %zu of origin %d", e, sim->ties.origin[e]);
        cr_assert_eq(f->mc[a], f->mc[b], "introduction (%u, %u) across MCs", a, b);
        per_mc[f->mc[a]]++;
    }
    cr_assert_eq(per_mc[0], 5, "MC 0 (weight 1): %zu introductions", per_mc[0]);
    cr_assert_eq(per_mc[1], 3, "MC 1 (weight 0.6): %zu introductions", per_mc[1]);
    cr_assert_eq(sim->counts.introductions, 8);
    csim_sim_free(&sim);
}
