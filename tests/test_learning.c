/* Tests of model/learning: knowledge is lost only by depreciation over whole runs, the
 * two-actor learning step matches the formula of learning.c by hand, the double
 * coincidence and the one-way teaching of institutions, and known answers of the cognitive
 * distance d = 1 - cos and of L(d) = (a d)(b - c d). */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/sim_internal.h"
#include "model/tables.h"
#include "sim/grow.h"
#include "tests/support/model_fixture.h"
#include "tests/support/test_support.h"

TestSuite(learning, .init = csim_test_quiet_libraries);

/* ---- whole runs: knowledge never falls below (1 - delta) v -------------------------- */

/* Step a run to its end; after every step, every actor that existed before the step and
 * is alive after it has v_k(t+1) >= (1 - delta) v_k(t) in every field (exactly: every
 * term learning.c adds to (1 - delta) v is non-negative, and adding a non-negative double
 * never lowers a sum, so no tolerance is needed), and every institution has exactly
 * (1 - delta) v (it teaches, it does not learn: bitwise, deliberately). */
static void check_knowledge_run(const csim_params *p, uint64_t replicate) {
    csim_sim *sim = csim_test_sim(p, replicate);
    const double keep = 1.0 - p->learning_depreciation;
    double *before = NULL;
    size_t before_cap = 0;
    size_t learned = 0; /* actor-fields that gained beyond depreciation: the test has teeth */
    for (long t = 0; t < p->run_steps; ++t) {
        const size_t n = sim->firms.n;
        cr_assert_eq(csim_grow(&before, &before_cap, n * CSIM_K, sizeof *before), CSIM_OK);
        memcpy(before, sim->firms.knowledge, n * CSIM_K * sizeof *before);
        cr_assert_eq(csim_sim_step(sim), CSIM_OK, "step %ld: %s", t, csim_last_error());
        const csim_firms *f = &sim->firms;
        cr_assert_geq(f->n, n);
        for (size_t i = 0; i < n; ++i) {
            if (!f->alive[i]) {
                continue;
            }
            const double *now = csim_firms_knowledge(f, i);
            for (size_t k = 0; k < CSIM_K; ++k) {
                const double floor_value = keep * before[i * CSIM_K + k];
                cr_assert_geq(now[k], floor_value,
                          "step %ld actor %zu (kind %d) field %zu: %.17g < (1 - delta) * %.17g = %.17g",
                          t, i, (int) f->kind[i], k, now[k], before[i * CSIM_K + k], floor_value);
                if (f->kind[i] == CSIM_KIND_INSTITUTION) {
                    cr_assert_eq(memcmp(&now[k], &floor_value, sizeof floor_value), 0,
                              "step %ld: institution %zu learned in field %zu: %.17g != %.17g", t,
                              i, k, now[k], floor_value);
                }
                learned += now[k] > floor_value;
            }
        }
    }
    cr_assert_gt(learned, 0, "nobody learned anything: the run does not exercise learning");
    free(before);
    csim_sim_free(&sim);
}

Test(learning, knowledge_never_lost_except_by_depreciation_exact) {
    /* 2003-2011: MCs from 2005, merges, WGs */
    csim_params p = csim_test_params(0.5, 108);
    check_knowledge_run(&p, 0);
}

Test(learning, knowledge_never_lost_with_strong_learning_and_rnd_exact) {
    csim_params p = csim_test_params(0.3, 72);
    p.learning_rate = 0.5;
    p.learning_depreciation = 0.05;
    p.wg_learning_rate = 0.5;
    p.learning_rnd_threshold_months = 0.0; /* everyone with capital does R&D */
    p.learning_rnd_success = 0.5;
    p.learning_radical_share = 0.5;
    p.ties_project_trust = 0.0; /* joint projects on every tie */
    p.ties_project_rate = 0.5;
    p.population_institutions = 40; /* more teachers */
    check_knowledge_run(&p, 3);
}

/* ---- two actors, one tie: the formula by hand -------------------------------------- */

#define DELTA 0.002
#define RATE 0.05
#define WEIGHT 0.5
#define TRUST 0.1 /* below ties.project_trust (0.4): no joint project */

/* A small run, then every actor but 0 and 1 dead, one tie (0,1) of weight WEIGHT and trust
 * TRUST, no MC/WG/organisation, no R&D (threshold far above any capital, and no capital).
 * The learning parameters are set here, not taken from the defaults. */
static csim_sim *pair_run(csim_kind kind1, double alpha0, double alpha1, const double *v0,
                          const double *v1, uint8_t origin) {
    csim_params p = csim_test_params(0.05, 12);
    csim_test_set_learning_by_hand(&p, DELTA);
    p.learning_rate = RATE;
    p.ties_project_trust = 0.4;
    p.ties_project_rate = 1.0; /* a project would start for sure if trust allowed it */
    csim_sim *sim = csim_test_sim(&p, 0);
    csim_firms *f = &sim->firms;
    cr_assert_geq(f->n, 2);
    cr_assert_eq(sim->prog.n_wg, 0);
    for (size_t i = 0; i < f->n; ++i) {
        f->alive[i] = i < 2;
        f->mc[i] = f->wg[i] = f->org[i] = -1;
        f->capital[i] = 0.0;
    }
    f->kind[0] = CSIM_KIND_FIRM;
    f->kind[1] = (uint8_t) kind1;
    f->alpha[0] = alpha0;
    f->alpha[1] = alpha1;
    memcpy(csim_firms_knowledge(f, 0), v0, CSIM_K * sizeof *v0);
    memcpy(csim_firms_knowledge(f, 1), v1, CSIM_K * sizeof *v1);
    csim_ties_destroy(&sim->ties);
    cr_assert_eq(csim_ties_init(&sim->ties, 4), CSIM_OK);
    cr_assert_eq(csim_ties_add(&sim->ties, 1, 0, WEIGHT, TRUST, 0, origin), CSIM_OK);
    cr_assert_eq(csim_ties_build_adjacency(&sim->ties, f->n), CSIM_OK);
    return sim;
}

/* want = (1 - delta) v: the knowledge of an actor that depreciates and learns nothing. */
static void depreciated(const double *v, double *want) {
    for (size_t k = 0; k < CSIM_K; ++k) {
        want[k] = (1.0 - DELTA) * v[k];
    }
}

static void expect_row(const csim_sim *sim, size_t i, const double *want, const char *what) {
    const double *got = csim_firms_knowledge(&sim->firms, i);
    for (size_t k = 0; k < CSIM_K; ++k) {
        CSIM_ASSERT_FP(epsilon_eq(dbl, got[k], want[k], 1e-12), "%s: actor %zu field %zu: got %.17g want %.17g",
                       what, i, k, got[k], want[k]);
    }
}

static void no_joint_work(const csim_sim *sim) {
    cr_assert_eq(sim->ties.n_ties, 1);
    cr_assert_eq(sim->ties.project[0], 0, "a joint project started although trust < project_trust");
    cr_assert_eq(sim->ties.outcome[0], 0);
    CSIM_ASSERT_FP(ieee_ulp_eq(dbl, sim->ties.trust[0], TRUST, 0));
}

/* v0 = (3, 1, 0.5 x 10), v1 = (1, 3, 0.5 x 10): each leads in one field (double
 * coincidence). cos = (3 + 3 + 10 * 0.25) / (9 + 1 + 2.5) = 8.5 / 12.5 = 0.68, d = 0.32,
 * L(d) = (4 * 0.32)(1 - 0.32) = 0.8704. */
static void crossed_profiles(double *v0, double *v1) {
    for (size_t k = 0; k < CSIM_K; ++k) {
        v0[k] = v1[k] = 0.5;
    }
    v0[0] = 3.0, v0[1] = 1.0;
    v1[0] = 1.0, v1[1] = 3.0;
}

Test(learning, two_firms_match_formula) {
    double v0[CSIM_K], v1[CSIM_K];
    crossed_profiles(v0, v1);
    cr_assert_eq(CSIM_K, 12, "the hand computation below assumes 12 fields");
    CSIM_ASSERT_FP(epsilon_eq(dbl, csim_learning__distance(v0, v1), 0.32, 1e-14));
    csim_sim *sim = pair_run(CSIM_KIND_FIRM, 0.6, 0.4, v0, v1, CSIM_ORIGIN_FORUM);
    cr_assert_eq(csim_learning__step(sim), CSIM_OK, "%s", csim_last_error());
    no_joint_work(sim);

    const double L = 0.8704;
    double want0[CSIM_K], want1[CSIM_K];
    for (size_t k = 0; k < CSIM_K; ++k) {
        want0[k] = want1[k] = (1.0 - DELTA) * 0.5; /* level fields: depreciation only */
    }
    /* Firm 0 (alpha 0.6) catches up in field 1, where firm 1 leads by 2. */
    want0[0] = (1.0 - DELTA) * 3.0;
    want0[1] = (1.0 - DELTA) * 1.0 + RATE * 0.6 * WEIGHT * L * 2.0; /* = 0.998 + 0.026112 */
    /* Firm 1 (alpha 0.4) catches up in field 0. */
    want1[0] = (1.0 - DELTA) * 1.0 + RATE * 0.4 * WEIGHT * L * 2.0; /* = 0.998 + 0.017408 */
    want1[1] = (1.0 - DELTA) * 3.0;
    CSIM_ASSERT_FP(epsilon_eq(dbl, want0[1], 1.024112, 1e-12)); /* the arithmetic above, by hand */
    CSIM_ASSERT_FP(epsilon_eq(dbl, want1[0], 1.015408, 1e-12));
    expect_row(sim, 0, want0, "firm 0");
    expect_row(sim, 1, want1, "firm 1");
    /* The gain is programme-derived (a forum tie): valued at mc.knowledge_value. */
    CSIM_ASSERT_FP(epsilon_eq(dbl, sim->firms.programme_gain[0], 0.026112 * sim->p.mc_knowledge_value, 1e-12),
                   "programme gain %.17g", sim->firms.programme_gain[0]);
    CSIM_ASSERT_FP(epsilon_eq(dbl, sim->firms.programme_gain[1], 0.017408 * sim->p.mc_knowledge_value, 1e-12),
                   "programme gain %.17g", sim->firms.programme_gain[1]);
    csim_sim_free(&sim);
}

/* Supply ties and everyday local ties (7.4a) exist without the programme: they teach as
 * much as any tie of the same weight (the same knowledge after the step) but bring no
 * programme gain. */
Test(learning, supply_and_local_tie_learning_is_not_programme_gain) {
    static const csim_origin origins[] = {CSIM_ORIGIN_SUPPLY, CSIM_ORIGIN_LOCAL};
    for (size_t k = 0; k < sizeof origins / sizeof *origins; ++k) {
        double v0[CSIM_K], v1[CSIM_K];
        crossed_profiles(v0, v1);
        csim_sim *sim = pair_run(CSIM_KIND_FIRM, 0.6, 0.4, v0, v1, origins[k]);
        cr_assert_eq(csim_learning__step(sim), CSIM_OK);
        CSIM_ASSERT_FP(epsilon_eq(dbl, csim_firms_knowledge(&sim->firms, 0)[1], 1.024112, 1e-12),
                       "origin %s", csim_origin_names[origins[k]]);
        CSIM_ASSERT_FP(ieee_ulp_eq(dbl, sim->firms.programme_gain[0], 0.0, 0));
        CSIM_ASSERT_FP(ieee_ulp_eq(dbl, sim->firms.programme_gain[1], 0.0, 0));
        csim_sim_free(&sim);
    }
}

/* v0 = (1, 0, ...), v1 = (1, 1, 0, ...): actor 1 leads in field 1, actor 0 leads nowhere.
 * cos = 1/sqrt 2, d = 1 - 1/sqrt 2, L(d) = 4 d (1 - d) = 2 sqrt 2 - 2. */
static void nested_profiles(double *v0, double *v1) {
    memset(v0, 0, CSIM_K * sizeof *v0);
    memset(v1, 0, CSIM_K * sizeof *v1);
    v0[0] = 1.0;
    v1[0] = 1.0;
    v1[1] = 1.0;
}

/* A pair run over a forum tie of the knowledge `profiles` makes (nested_profiles,
 * crossed_profiles), stepped once: checks that no joint project started and fills want0
 * and want1 with what depreciation alone leaves of the two profiles, for the test to add
 * the learning it expects. */
static csim_sim *stepped_pair(csim_kind kind1, double alpha0, double alpha1,
                              void (*profiles)(double *v0, double *v1), double *want0,
                              double *want1) {
    double v0[CSIM_K], v1[CSIM_K];
    profiles(v0, v1);
    csim_sim *sim = pair_run(kind1, alpha0, alpha1, v0, v1, CSIM_ORIGIN_FORUM);
    cr_assert_eq(csim_learning__step(sim), CSIM_OK, "%s", csim_last_error());
    no_joint_work(sim);
    depreciated(v0, want0);
    depreciated(v1, want1);
    return sim;
}

Test(learning, no_learning_between_firms_without_double_coincidence) {
    double want0[CSIM_K], want1[CSIM_K];
    csim_sim *sim = stepped_pair(CSIM_KIND_FIRM, 0.6, 0.4, nested_profiles, want0, want1);
    expect_row(sim, 0, want0, "firm 0 (behind in field 1, ahead nowhere)");
    expect_row(sim, 1, want1, "firm 1");
    CSIM_ASSERT_FP(ieee_ulp_eq(dbl, sim->firms.programme_gain[0], 0.0, 0));
    csim_sim_free(&sim);
}

Test(learning, institution_teaches_without_coincidence_and_does_not_learn) {
    /* The institution gets a positive absorptive capacity on purpose: it must still not
     * learn, because it is an institution. */
    double want0[CSIM_K], want1[CSIM_K];
    csim_sim *sim = stepped_pair(CSIM_KIND_INSTITUTION, 0.6, 0.7, nested_profiles, want0, want1);
    const double L = 2.0 * sqrt(2.0) - 2.0;
    want0[1] = RATE * 0.6 * WEIGHT * L * 1.0; /* 0.015 * 0.828427... */
    CSIM_ASSERT_FP(epsilon_eq(dbl, want0[1], 0.0124264068711928, 1e-15));
    expect_row(sim, 0, want0, "firm taught by an institution");
    expect_row(sim, 1, want1, "institution");
    csim_sim_free(&sim);
}

Test(learning, institution_does_not_learn_even_with_coincidence) {
    double want0[CSIM_K], want1[CSIM_K];
    csim_sim *sim = stepped_pair(CSIM_KIND_INSTITUTION, 0.6, 0.7, crossed_profiles, want0, want1);
    want0[1] = (1.0 - DELTA) * 1.0 + RATE * 0.6 * WEIGHT * 0.8704 * 2.0;
    expect_row(sim, 0, want0, "firm");
    expect_row(sim, 1, want1, "institution (firm 0 leads it in field 0)");
    csim_sim_free(&sim);
}

Test(learning, learning_is_synchronous) {
    /* Both firms read step t: firm 1's new value in field 0 uses firm 0's old value 3,
     * whatever the order of the loop. Swap roles to make sure neither order leaks. */
    double v0[CSIM_K], v1[CSIM_K];
    crossed_profiles(v0, v1);
    csim_sim *sim = pair_run(CSIM_KIND_FIRM, 0.4, 0.6, v1, v0, CSIM_ORIGIN_FORUM);
    cr_assert_eq(csim_learning__step(sim), CSIM_OK);
    CSIM_ASSERT_FP(epsilon_eq(dbl, csim_firms_knowledge(&sim->firms, 0)[0], 1.015408, 1e-12));
    CSIM_ASSERT_FP(epsilon_eq(dbl, csim_firms_knowledge(&sim->firms, 1)[1], 1.024112, 1e-12));
    csim_sim_free(&sim);
}

/* ---- known answers of d and L ------------------------------------------------------ */

Test(learning, distance_known_answers) {
    double a[CSIM_K] = {0}, b[CSIM_K] = {0}, z[CSIM_K] = {0};
    a[0] = 2.0;
    b[5] = 0.3;
    CSIM_ASSERT_FP(epsilon_eq(dbl, csim_learning__distance(a, b), 1.0, 1e-15), "orthogonal");
    CSIM_ASSERT_FP(epsilon_eq(dbl, csim_learning__distance(a, a), 0.0, 1e-15), "identical");
    double c[CSIM_K];
    for (size_t k = 0; k < CSIM_K; ++k) {
        c[k] = 0.1 + 0.37 * (double) k;
    }
    CSIM_ASSERT_FP(epsilon_eq(dbl, csim_learning__distance(c, c), 0.0, 1e-15), "identical");
    double c3[CSIM_K];
    for (size_t k = 0; k < CSIM_K; ++k) {
        c3[k] = 3.0 * c[k];
    }
    CSIM_ASSERT_FP(epsilon_eq(dbl, csim_learning__distance(c, c3), 0.0, 1e-15), "same direction");
    /* 45 degrees: (1,0) vs (1,1): d = 1 - 1/sqrt 2. */
    b[0] = 1.0;
    b[5] = 0.0;
    b[1] = 1.0;
    CSIM_ASSERT_FP(epsilon_eq(dbl, csim_learning__distance(a, b), 1.0 - 1.0 / sqrt(2.0), 1e-15));
    CSIM_ASSERT_FP(epsilon_eq(dbl, csim_learning__distance(b, a), 1.0 - 1.0 / sqrt(2.0), 1e-15), "symmetric");
    /* A zero profile is maximally distant (documented fallback). */
    CSIM_ASSERT_FP(ieee_ulp_eq(dbl, csim_learning__distance(z, a), 1.0, 0));
    CSIM_ASSERT_FP(ieee_ulp_eq(dbl, csim_learning__distance(a, z), 1.0, 0));
}

Test(learning, value_known_answers_with_defaults) {
    csim_params p;
    cr_assert_eq(csim_params_defaults(&p), CSIM_OK);
    CSIM_ASSERT_FP(ieee_ulp_eq(dbl, p.learning_distance_a, 4.0, 0));
    CSIM_ASSERT_FP(ieee_ulp_eq(dbl, p.learning_distance_b, 1.0, 0));
    CSIM_ASSERT_FP(ieee_ulp_eq(dbl, p.learning_distance_c, 1.0, 0));
    CSIM_ASSERT_FP(epsilon_eq(dbl, csim_learning__value(&p, 0.5), 1.0, 1e-15), "L(0.5), the optimum");
    CSIM_ASSERT_FP(epsilon_eq(dbl, csim_learning__value(&p, 0.25), 0.75, 1e-15));
    CSIM_ASSERT_FP(epsilon_eq(dbl, csim_learning__value(&p, 0.32), 0.8704, 1e-15));
    CSIM_ASSERT_FP(ieee_ulp_eq(dbl, csim_learning__value(&p, 0.0), 0.0, 0), "no novelty, no value");
    CSIM_ASSERT_FP(ieee_ulp_eq(dbl, csim_learning__value(&p, 1.0), 0.0, 0), "no understanding, no value");
    /* Past b/c the parabola is negative: floored at 0. */
    p.learning_distance_c = 2.0;
    CSIM_ASSERT_FP(ieee_ulp_eq(dbl, csim_learning__value(&p, 0.8), 0.0, 0));
    CSIM_ASSERT_FP(epsilon_eq(dbl, csim_learning__value(&p, 0.25), 0.5, 1e-15)); /* (1)(1 - 0.5) */
}

/* ---- own R&D and the WG pull, by hand on a bare state ------------------------------- */

#define RND_STEP 0.05

/* Firm 0 alone: an SME of sector 0 with 10 employees (capacity 15 x 10 = 150 with the
 * default output per employee), every field at 1 (mean 1, so success probability
 * rnd_success x 1), no ties. R&D when capital > 2 x 150 = 300; it costs 0.01 x 150 = 1.5. */
static csim_sim *rnd_firm(double capital, double success, double radical, uint64_t seed) {
    csim_params p = csim_test_params(0.05, 12);
    p.run_seed = (long) seed;
    p.learning_depreciation = DELTA;
    p.learning_rnd_threshold_months = 2.0;
    p.learning_rnd_cost_share = 0.01;
    p.learning_rnd_success = success;
    p.learning_radical_share = radical;
    p.learning_rnd_step = RND_STEP;
    csim_sim *sim = csim_test_bare_sim(&p, 1);
    csim_firms *f = &sim->firms;
    f->alive[0] = 1;
    f->sector[0] = 0;
    f->employees[0] = 10.0;
    f->capital[0] = capital;
    CSIM_ASSERT_FP(ieee_ulp_eq(dbl, p.market_output_per_employee_sme, 15.0, 0));
    double *v = csim_firms_knowledge(f, 0);
    for (size_t k = 0; k < CSIM_K; ++k) {
        v[k] = 1.0;
    }
    return sim;
}

/* Fields that gained beyond depreciation, and by how much (the last one). */
static size_t gained_fields(const csim_sim *sim, size_t *field, double *gain) {
    const double *v = csim_firms_knowledge(&sim->firms, 0);
    size_t n = 0;
    for (size_t k = 0; k < CSIM_K; ++k) {
        const double extra = v[k] - (1.0 - DELTA);
        if (fabs(extra) > 1e-15) {
            *field = k;
            *gain = extra;
            ++n;
        }
    }
    return n;
}

Test(learning, rnd_success_adds_one_step_in_a_sector_field_and_costs_capital) {
    csim_sim *sim = rnd_firm(1000.0, 1.0, 0.0, 1);
    cr_assert_eq(csim_learning__step(sim), CSIM_OK, "%s", csim_last_error());
    size_t field = 0;
    double gain = 0.0;
    cr_assert_eq(gained_fields(sim, &field, &gain), 1, "a success raises exactly one field");
    CSIM_ASSERT_FP(epsilon_eq(dbl, gain, RND_STEP, 1e-15), "incremental step: %.17g", gain);
    cr_assert_gt(csim_sector_fields[0][field], 0.0, "field %zu is not one of sector 0's", field);
    CSIM_ASSERT_FP(epsilon_eq(dbl, sim->firms.capital[0], 1000.0 - 1.5, 1e-12), "R&D costs 0.01 x capacity");
    cr_assert_eq(sim->counts.innovations, 1);
    CSIM_ASSERT_FP(ieee_ulp_eq(dbl, sim->firms.programme_gain[0], 0.0, 0), "own R&D is not programme gain");
    csim_sim_free(&sim);
}

Test(learning, radical_rnd_adds_two_steps) {
    csim_sim *sim = rnd_firm(1000.0, 1.0, 1.0, 1);
    cr_assert_eq(csim_learning__step(sim), CSIM_OK);
    size_t field = 0;
    double gain = 0.0;
    cr_assert_eq(gained_fields(sim, &field, &gain), 1);
    CSIM_ASSERT_FP(epsilon_eq(dbl, gain, 2.0 * RND_STEP, 1e-15), "radical step: %.17g", gain);
    csim_sim_free(&sim);
}

Test(learning, failed_rnd_costs_and_no_rnd_below_the_threshold) {
    csim_sim *sim = rnd_firm(1000.0, 0.0, 0.0, 1);
    cr_assert_eq(csim_learning__step(sim), CSIM_OK);
    size_t field = 0;
    double gain = 0.0;
    cr_assert_eq(gained_fields(sim, &field, &gain), 0, "success probability 0: no gain");
    CSIM_ASSERT_FP(epsilon_eq(dbl, sim->firms.capital[0], 998.5, 1e-12), "a failed attempt still costs");
    cr_assert_eq(sim->counts.innovations, 0);
    csim_sim_free(&sim);
    sim = rnd_firm(300.0, 1.0, 0.0, 1); /* capital not above 2 months of capacity */
    cr_assert_eq(csim_learning__step(sim), CSIM_OK);
    cr_assert_eq(gained_fields(sim, &field, &gain), 0, "no R&D at capital = threshold");
    CSIM_ASSERT_FP(ieee_ulp_eq(dbl, sim->firms.capital[0], 300.0, 0), "no R&D, no cost");
    csim_sim_free(&sim);
}

/* The incremental field follows the sector's weights: over 3000 months of certain success,
 * the count of each field is within 4.5 binomial sd of 3000 x weight (all 12 fields at once:
 * a false alarm about 1 in 10^4). Seed fixed and printed. */
Test(learning, rnd_fields_follow_the_sector_weights) {
    enum { MONTHS = 3000 };
    csim_sim *sim = rnd_firm(1000.0, 1.0, 0.0, csim_test_seed("R&D fields", 5));
    size_t count[CSIM_K] = {0};
    for (long t = 0; t < MONTHS; ++t) {
        sim->step = t;
        double *v = csim_firms_knowledge(&sim->firms, 0);
        for (size_t k = 0; k < CSIM_K; ++k) {
            v[k] = 1.0;
        }
        sim->firms.capital[0] = 1000.0;
        cr_assert_eq(csim_learning__step(sim), CSIM_OK);
        size_t field = 0;
        double gain = 0.0;
        cr_assert_eq(gained_fields(sim, &field, &gain), 1, "month %ld", t);
        count[field]++;
    }
    for (size_t k = 0; k < CSIM_K; ++k) {
        const double w = csim_sector_fields[0][k];
        const double sd = sqrt(MONTHS * w * (1.0 - w));
        const int inside = fabs((double) count[k] - MONTHS * w) <= 4.5 * sd + 1e-9;
        CSIM_ASSERT_FP(inside, "field %zu: %zu of %d, weight %.3f", k, count[k], MONTHS, w);
    }
    csim_sim_free(&sim);
}

/* WG pull: members 0, 1, 2 of an active WG on field 3 with v_3 = 1, 2, 4 (frontier 4) and
 * alpha 0.5, 0.4, 0.3; wg_rate 0.1. Gains 0.1 x 0.5 x 3 = 0.15, 0.1 x 0.4 x 2 = 0.08,
 * 0 (the frontier itself); actor 3 outside the WG learns nothing; the gain is programme
 * gain. Members of an inactive WG are not pulled. No ties, no R&D. */
static csim_sim *wg_state(int active) {
    csim_params p = csim_test_params(0.05, 12);
    p.learning_depreciation = DELTA;
    p.wg_learning_rate = 0.1;
    p.learning_rnd_threshold_months = 1e9;
    csim_sim *sim = csim_test_bare_sim(&p, 4);
    csim_firms *f = &sim->firms;
    const size_t id = csim_test_add_wg(sim, 3, 0, 3); /* actors 0, 1, 2; actor 3 in no WG */
    sim->prog.wg[id].active = active;
    const double level[4] = {1.0, 2.0, 4.0, 0.0}, alpha[4] = {0.5, 0.4, 0.3, 0.9};
    for (uint32_t i = 0; i < 4; ++i) {
        f->alive[i] = 1;
        f->alpha[i] = alpha[i];
        double *v = csim_firms_knowledge(f, i);
        memset(v, 0, CSIM_K * sizeof *v);
        v[3] = level[i];
        v[0] = 1.0;
    }
    return sim;
}

Test(learning, wg_pull_towards_the_frontier_by_hand) {
    csim_sim *sim = wg_state(1);
    cr_assert_eq(csim_learning__step(sim), CSIM_OK, "%s", csim_last_error());
    const double want3[4] = {(1.0 - DELTA) * 1.0 + 0.15, (1.0 - DELTA) * 2.0 + 0.08,
                             (1.0 - DELTA) * 4.0, 0.0};
    const double want_gain[4] = {0.15, 0.08, 0.0, 0.0};
    for (size_t i = 0; i < 4; ++i) {
        const double *v = csim_firms_knowledge(&sim->firms, i);
        CSIM_ASSERT_FP(epsilon_eq(dbl, v[3], want3[i], 1e-14), "actor %zu field 3: %.17g want %.17g",
                       i, v[3], want3[i]);
        CSIM_ASSERT_FP(epsilon_eq(dbl, v[0], 1.0 - DELTA, 1e-15), "actor %zu: other fields only depreciate", i);
        CSIM_ASSERT_FP(epsilon_eq(dbl, sim->firms.programme_gain[i], want_gain[i] * sim->p.mc_knowledge_value, 1e-14),
                       "actor %zu programme gain %.17g", i, sim->firms.programme_gain[i]);
    }
    csim_sim_free(&sim);
}

Test(learning, inactive_wg_does_not_pull) {
    csim_sim *sim = wg_state(0);
    cr_assert_eq(csim_learning__step(sim), CSIM_OK);
    for (size_t i = 0; i < 3; ++i) {
        const double *v = csim_firms_knowledge(&sim->firms, i);
        const double before = i == 0 ? 1.0 : i == 1 ? 2.0 : 4.0;
        CSIM_ASSERT_FP(epsilon_eq(dbl, v[3], (1.0 - DELTA) * before, 1e-15), "actor %zu", i);
    }
    csim_sim_free(&sim);
}
