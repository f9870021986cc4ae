#include "tests/support/model_fixture.h"

#include <criterion/criterion.h>

#include <stdlib.h>

csim_params csim_test_params(double run_scale, long run_steps) {
    csim_params p;
    cr_assert_eq(csim_params_defaults(&p), CSIM_OK, "%s", csim_last_error());
    p.run_scale = run_scale;
    p.run_steps = run_steps;
    return p;
}

csim_sim *csim_test_sim(const csim_params *p, uint64_t replicate) {
    csim_sim *sim = NULL;
    cr_assert_eq(csim_sim_create(&sim, p, replicate), CSIM_OK, "%s", csim_last_error());
    return sim;
}

void csim_test_step_months(csim_sim *sim, long months) {
    for (long m = 0; m < months; ++m) {
        cr_assert_eq(csim_sim_step(sim), CSIM_OK, "%s", csim_last_error());
    }
}

csim_sim *csim_test_bare_sim(const csim_params *p, size_t min_actors) {
    csim_sim *sim = csim_test_sim(p, 0);
    csim_firms *f = &sim->firms;
    cr_assert_geq(f->n, min_actors, "the fixture needs %zu actors, the run has %zu", min_actors,
                  f->n);
    for (size_t i = 0; i < f->n; ++i) {
        f->alive[i] = 0;
        f->kind[i] = CSIM_KIND_FIRM;
        f->group[i] = CSIM_GROUP_NONE;
        f->tier[i] = CSIM_TIER_INDEPENDENT;
        f->is_large[i] = f->is_hub[i] = 0;
        f->line[i] = CSIM_LINE_NONE;
        f->buyer[i] = f->mc[i] = f->wg[i] = f->org[i] = f->site[i] = -1;
        f->org_benefit[i] = f->org_gain[i] = 0.0;
        f->exit_step[i] = -1;
        f->loss_months[i] = 0;
        f->capital[i] = f->rev_chain[i] = f->rev_other[i] = 0.0;
        f->chain_smooth[i] = f->programme_gain[i] = f->equipment[i] = 0.0;
        sim->work.market.exit_flag[i] = 0;
    }
    sim->firms_alive = 0;
    csim_ties_destroy(&sim->ties);
    cr_assert_eq(csim_ties_init(&sim->ties, 16), CSIM_OK);
    csim_test_bare_adjacency(sim);
    sim->n_proposals = 0;
    csim_events_clear(&sim->events);
    return sim;
}

csim_sim *csim_test_bare_sim_at_unit_reference(const csim_params *p, size_t min_actors) {
    csim_sim *sim = csim_test_bare_sim(p, min_actors);
    sim->ref_capability = 1.0;
    return sim;
}

void csim_test_bare_adjacency(csim_sim *sim) {
    cr_assert_eq(csim_ties_build_adjacency(&sim->ties, sim->firms.n), CSIM_OK, "%s",
                 csim_last_error());
}

size_t csim_test_add_wg(csim_sim *sim, int field, uint32_t first, size_t n) {
    cr_assert_leq(first + n, sim->firms.n, "the fixture has %zu actors", sim->firms.n);
    size_t id = 0;
    cr_assert_eq(csim_programme_add_wg(&sim->prog, &id), CSIM_OK);
    csim_wg *wg = &sim->prog.wg[id];
    wg->active = 1;
    wg->field = field;
    wg->n_members = n;
    wg->members = malloc(n * sizeof *wg->members);
    cr_assert_not_null(wg->members);
    for (size_t k = 0; k < n; ++k) {
        wg->members[k] = first + (uint32_t) k;
        sim->firms.wg[first + k] = (int32_t) id;
    }
    return id;
}

void csim_test_set_market_by_hand(csim_params *p) {
    p->market_cost_ratio = 0.5;
    p->market_output_per_employee_sme = 2.0;
    p->market_other_elasticity = 1.0;
    p->market_employment_noise = 0.0;
    p->market_exit_hazard = 0.0;
    p->market_exit_months = 3;
}

void csim_test_set_learning_by_hand(csim_params *p, double depreciation) {
    p->learning_depreciation = depreciation;
    p->learning_distance_a = 4.0;
    p->learning_distance_b = 1.0;
    p->learning_distance_c = 1.0;
    p->learning_rnd_threshold_months = 1e9;
}

void csim_test_set_series(csim_series *s, size_t n, const int *years, const double *values) {
    cr_assert_leq(n, (size_t) CSIM_SERIES_MAX, "a series holds at most %d points", CSIM_SERIES_MAX);
    s->n = n;
    for (size_t k = 0; k < n; ++k) {
        s->year[k] = years[k];
        s->value[k] = values[k];
    }
}

csim_mc *csim_test_add_mc(csim_sim *sim, int field, double capacity, double weight) {
    size_t id = 0;
    cr_assert_eq(csim_programme_add_mc(&sim->prog, &id), CSIM_OK);
    csim_mc *mc = &sim->prog.mc[id];
    mc->active = 1;
    mc->theme[field] = 1.0;
    mc->main_field = field;
    mc->capacity = mc->base_capacity = capacity;
    mc->weight = weight;
    sim->prog.mc_plan++; /* an office of the programme's plan (its share of the money) */
    return mc;
}

void csim_test_set_programme(csim_params *p, size_t n, const int *years,
                             const double *mc_counts, int budget_year, double budget) {
    cr_assert(n > 0 && budget_year > years[0], "a timeline starts before its budget");
    const int budget_years[2] = {years[0], budget_year};
    const double budgets[2] = {0.0, budget};
    csim_test_set_series(&p->policy_mc_count, n, years, mc_counts);
    csim_test_set_series(&p->policy_budget, 2, budget_years, budgets);
}
