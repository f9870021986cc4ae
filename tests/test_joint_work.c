/* Known answers of joint work over ties (model/learning.c, joint_work): which ties work
 * together in a month (a joint project when trust reaches ties.project_trust, or a shared
 * WG), trust after success (T + up (1 - T), up smaller between rival suppliers of one
 * buyer) and after failure (T (1 - down)), the tie marked used, the knowledge a successful
 * project adds to both partners (half an R&D step in the field where the pair is jointly
 * strongest) and the innovation count; and the success probability p_min + (p_max -
 * p_min) (T + L(d) / L*) / 2 recounted tie by tie from the pair-keyed draws
 * (Cowan, Jonard & Zimmermann 2007; Klos & Nooteboom 2001; Nooteboom et al. 2007). */
#include <criterion/criterion.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/sim_internal.h"
#include "model/streams.h"
#include "sim/rng.h"
#include "tests/support/model_fixture.h"
#include "tests/support/test_support.h"

TestSuite(joint_work, .init = csim_test_quiet_libraries);

#define STEP 7
#define DELTA 0.002
#define RND_STEP 0.05
#define KNOWLEDGE_VALUE 2.0

static void expect_close(double got, double want, const char *what, size_t e) {
    cr_assert(fabs(got - want) <= 1e-14, "%s (tie %zu): got %.17g, want %.17g", what, e, got, want);
}

/* Parameters set here, not taken from the defaults: no learning over ties (rate 0), no
 * WG pull, no own R&D, a project starts on every tie whose trust allows it. */
static csim_params joint_params(double p_min, double p_max, int initial_firms) {
    csim_params p = csim_test_params(1.0, 12);
    csim_test_set_learning_by_hand(&p, DELTA);
    p.population_initial_firms = initial_firms;
    p.population_institutions = 0;
    p.learning_rate = 0.0;
    p.wg_learning_rate = 0.0;
    p.learning_rnd_step = RND_STEP;
    p.mc_knowledge_value = KNOWLEDGE_VALUE;
    p.ties_trust_up = 0.2;
    p.ties_trust_down = 0.25;
    p.ties_rival_wariness = 0.5;
    p.ties_project_trust = 0.4;
    p.ties_project_rate = 1.0;
    p.ties_project_p_min = p_min;
    p.ties_project_p_max = p_max;
    return p;
}

/* Actors 0-14 alive but 12; actor 10 is the buyer of 2 and 3. Ties (forum, born step 0):
 *   tie  pair     trust  why
 *   0    (0,1)    0.6    a project (0.6 >= 0.4)
 *   1    (2,3)    0.6    a project between rivals (same buyer): up = 0.2 x (1 - 0.5)
 *   2    (4,5)    0.4    a project: trust exactly at ties.project_trust
 *   3    (6,7)    0.39   no joint work: below project_trust, no shared WG
 *   4    (8,9)    0.2    joint work in WG 0, not a project
 *   5    (11,12)  0.6    no joint work: 12 has left
 *   6    (13,14)  0.7    joint work in WG 1: not a project although trust allows one
 * Knowledge: 1 in every field, except actors 0 = (2, 0.5, 1, 0.1 ...) and 1 = (0.3, 3,
 * 0.9, 0.1 ...): their jointly strongest field (largest min) is 2 (min 0.9), not 1 (where
 * 1 is strongest) nor 0 (where 0 is). */
static const double tie_trust[7] = {0.6, 0.6, 0.4, 0.39, 0.2, 0.6, 0.7};

static csim_sim *seven_ties(double p_min, double p_max) {
    const csim_params p = joint_params(p_min, p_max, 20);
    csim_sim *sim = csim_test_bare_sim(&p, 15);
    csim_firms *f = &sim->firms;
    for (uint32_t i = 0; i < 15; ++i) {
        f->alive[i] = i != 12;
        f->alpha[i] = 0.5;
        double *v = csim_firms_knowledge(f, i);
        for (size_t k = 0; k < CSIM_K; ++k) {
            v[k] = i <= 1 ? 0.1 : 1.0;
        }
    }
    double *v0 = csim_firms_knowledge(f, 0), *v1 = csim_firms_knowledge(f, 1);
    v0[0] = 2.0, v0[1] = 0.5, v0[2] = 1.0;
    v1[0] = 0.3, v1[1] = 3.0, v1[2] = 0.9;
    f->buyer[2] = f->buyer[3] = 10;
    csim_test_add_wg(sim, 0, 8, 2);  /* actors 8 and 9 */
    csim_test_add_wg(sim, 0, 13, 2); /* actors 13 and 14 */
    static const uint32_t pairs[7][2] = {{0, 1}, {2, 3}, {4, 5}, {6, 7}, {8, 9}, {11, 12}, {13, 14}};
    for (size_t e = 0; e < 7; ++e) {
        cr_assert_eq(csim_ties_add(&sim->ties, pairs[e][0], pairs[e][1], 0.5, tie_trust[e], 0,
                                   CSIM_ORIGIN_FORUM),
                     CSIM_OK);
    }
    csim_test_bare_adjacency(sim);
    sim->step = STEP;
    memset(&sim->counts, 0, sizeof sim->counts);
    cr_assert_eq(csim_learning__step(sim), CSIM_OK, "%s", csim_last_error());
    return sim;
}

/* Knowledge of actor i in field k after the month: depreciation, plus `gain` in field
 * `field`. */
static void expect_knowledge(const csim_sim *sim, uint32_t i, const double *before, size_t field,
                             double gain) {
    const double *v = csim_firms_knowledge(&sim->firms, i);
    for (size_t k = 0; k < CSIM_K; ++k) {
        const double want = (1.0 - DELTA) * before[k] + (k == field ? gain : 0.0);
        cr_assert(fabs(v[k] - want) <= 1e-14, "actor %u field %zu: got %.17g, want %.17g", i, k,
                  v[k], want);
    }
}

/* Each tie's trust, outcome (0 none, 1 success, 2 failure), project flag and last use
 * (STEP when the work succeeded, else still the step 0 it was born). */
static void expect_ties(const csim_sim *sim, const double *trust, const uint8_t *outcome,
                        const uint8_t *project, const char *what) {
    const csim_ties *t = &sim->ties;
    for (size_t e = 0; e < 7; ++e) {
        expect_close(t->trust[e], trust[e], what, e);
        cr_assert_eq(t->outcome[e], outcome[e], "tie %zu: outcome %d", e, t->outcome[e]);
        cr_assert_eq(t->project[e], project[e], "tie %zu: project %d", e, t->project[e]);
        cr_assert_eq(t->last_used[e], outcome[e] == 1 ? STEP : 0, "tie %zu: last used %d", e,
                     t->last_used[e]);
    }
}

/* Certain success (p_min = p_max = 1): trust T + 0.2 (1 - T), between rivals T + 0.1 (1 - T):
 *   0.6 -> 0.68, 0.6 -> 0.64 (rivals), 0.4 -> 0.52, 0.39 kept, 0.2 -> 0.36, 0.6 kept,
 *   0.7 -> 0.76.
 * The three projects (ties 0-2) count as innovations and add 0.5 x 0.05 = 0.025 to both
 * partners in their jointly strongest field (2 for actors 0 and 1; 0, the first of equal
 * fields, for actors 2-5); WG work (ties 4, 6) adds nothing. A forum tie's gain is
 * programme gain: 0.025 x mc.knowledge_value 2 = 0.05. */
Test(joint_work, success_raises_trust_and_knowledge_by_hand) {
    csim_sim *sim = seven_ties(1.0, 1.0);
    static const double trust[7] = {0.68, 0.64, 0.52, 0.39, 0.36, 0.6, 0.76};
    static const uint8_t outcome[7] = {1, 1, 1, 0, 1, 0, 1}, project[7] = {1, 1, 1, 0, 0, 0, 0};
    expect_ties(sim, trust, outcome, project, "trust after success");
    cr_assert_eq(sim->counts.innovations, 3, "innovations %zu", sim->counts.innovations);
    const double v0[CSIM_K] = {2.0, 0.5, 1.0, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
    const double v1[CSIM_K] = {0.3, 3.0, 0.9, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
    double ones[CSIM_K];
    for (size_t k = 0; k < CSIM_K; ++k) {
        ones[k] = 1.0;
    }
    expect_knowledge(sim, 0, v0, 2, 0.025);
    expect_knowledge(sim, 1, v1, 2, 0.025);
    for (uint32_t i = 2; i <= 5; ++i) {
        expect_knowledge(sim, i, ones, 0, 0.025);
    }
    static const uint32_t idle[] = {6, 7, 8, 9, 11, 13, 14};
    for (size_t k = 0; k < sizeof idle / sizeof *idle; ++k) {
        expect_knowledge(sim, idle[k], ones, 0, 0.0);
    }
    expect_close(sim->firms.programme_gain[0], 0.025 * KNOWLEDGE_VALUE, "programme gain of actor 0", 0);
    expect_close(sim->firms.programme_gain[8], 0.0, "programme gain of a WG member", 4);
    csim_sim_free(&sim);
}

/* Certain failure (p_min = p_max = 0): trust T (1 - 0.25), rivals alike (wariness slows
 * only the rise): 0.6 -> 0.45 (twice), 0.4 -> 0.3, 0.39 kept, 0.2 -> 0.15, 0.6 kept,
 * 0.7 -> 0.525. Failed work marks no tie used, counts no innovation, adds no knowledge. */
Test(joint_work, failure_lowers_trust_by_hand) {
    csim_sim *sim = seven_ties(0.0, 0.0);
    static const double trust[7] = {0.45, 0.45, 0.3, 0.39, 0.15, 0.6, 0.525};
    static const uint8_t outcome[7] = {2, 2, 2, 0, 2, 0, 2}, project[7] = {1, 1, 1, 0, 0, 0, 0};
    expect_ties(sim, trust, outcome, project, "trust after failure");
    cr_assert_eq(sim->counts.innovations, 0);
    const double v0[CSIM_K] = {2.0, 0.5, 1.0, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
    expect_knowledge(sim, 0, v0, 0, 0.0);
    expect_close(sim->firms.programme_gain[0], 0.0, "programme gain after a failure", 0);
    csim_sim_free(&sim);
}

/* The success probability, tie by tie: N pairs (2k, 2k + 1), trust 0.4 + 0.6 k / N, the
 * second partner's profile turned by an angle growing with k from the first's, so the
 * cognitive distance d (and the fit L(d) = 4 d (1 - d), largest 1 at d = 0.5) sweeps its
 * range. With p_min 0.2 and p_max 0.8 each tie succeeds exactly when its pair-keyed draw
 * (stream PROJECT_SUCCESS, agent a, draw b: the model's documented key) is below
 * 0.2 + 0.6 (T + L(d)) / 2. The test checks every outcome, and that a rule without the fit
 * or without trust would have mispredicted some tie (so the data can tell them apart). */
Test(joint_work, success_probability_follows_trust_and_fit_tie_by_tie) {
    enum { N = 200 };
    const csim_params p = joint_params(0.2, 0.8, 2 * N);
    csim_sim *sim = csim_test_bare_sim(&p, 2 * N);
    csim_firms *f = &sim->firms;
    for (uint32_t k = 0; k < N; ++k) {
        const double angle = 1.5 * (double) (k * 37 % N) / (double) N; /* 0 to 1.5 rad */
        double *va = csim_firms_knowledge(f, 2 * k), *vb = csim_firms_knowledge(f, 2 * k + 1);
        memset(va, 0, CSIM_K * sizeof *va);
        memset(vb, 0, CSIM_K * sizeof *vb);
        va[0] = 1.0;
        vb[0] = cos(angle);
        vb[1] = sin(angle);
        f->alive[2 * k] = f->alive[2 * k + 1] = 1;
        cr_assert_eq(csim_ties_add(&sim->ties, 2 * k, 2 * k + 1, 0.5, 0.4 + 0.6 * k / N, 0,
                                   CSIM_ORIGIN_FORUM),
                     CSIM_OK);
    }
    csim_test_bare_adjacency(sim);
    double trust[N], fit[N];
    for (uint32_t k = 0; k < N; ++k) {
        trust[k] = sim->ties.trust[k];
        const double d = csim_learning__distance(csim_firms_knowledge(f, 2 * k),
                                                 csim_firms_knowledge(f, 2 * k + 1));
        fit[k] = (4.0 * d) * (1.0 - d);
    }
    sim->step = STEP;
    cr_assert_eq(csim_learning__step(sim), CSIM_OK, "%s", csim_last_error());
    size_t successes = 0, wrong_without_fit = 0, wrong_without_trust = 0;
    for (uint32_t k = 0; k < N; ++k) {
        const double u = csim_rng_uniform_at(sim->seed, CSIM_STREAM_PROJECT_SUCCESS, STEP, 2 * k,
                                             2 * k + 1);
        const int ok = u < 0.2 + 0.6 * 0.5 * (trust[k] + fit[k]);
        cr_assert_eq(sim->ties.project[k], 1, "tie %u: trust %g allows a project", k, trust[k]);
        cr_assert_eq(sim->ties.outcome[k], ok ? 1 : 2, "tie %u: trust %.3f, fit %.3f, draw %.4f: outcome %d",
                     k, trust[k], fit[k], u, sim->ties.outcome[k]);
        successes += (size_t) ok;
        wrong_without_fit += ok != (u < 0.2 + 0.6 * trust[k]);
        wrong_without_trust += ok != (u < 0.2 + 0.6 * fit[k]);
    }
    cr_log_info("%zu of %d joint projects succeeded", successes, N);
    cr_assert(successes > 0 && successes < N, "%zu of %d succeeded", successes, N);
    cr_assert_gt(wrong_without_fit, 0, "the ties cannot tell the fit from none");
    cr_assert_gt(wrong_without_trust, 0, "the ties cannot tell trust from none");
    csim_sim_free(&sim);
}
