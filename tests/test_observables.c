/* The observables of every step (model/observables.c) against a direct recount from the
 * model's state, written here from their definitions (docs/OUTPUT.md): the firm counts
 * and shares, output, exports, employment, the size-class and sector shares,
 * hub_dependence (SMEs' chain sales over SMEs' sales), the knowledge statistics, the
 * programme bodies counted from the actors that point at them, the ties, and the entries,
 * exits and spin-offs counted from the step's events. And every recorded particle column
 * (model/traj_vars.c) against the model array it names. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/categories.h"
#include "model/sim_internal.h"
#include "model/traj_vars.h"
#include "tests/support/model_fixture.h"
#include "tests/support/test_support.h"

TestSuite(observables, .init = csim_test_quiet_libraries);

static double part(double x, double whole) {
    return whole > 0.0 ? x / whole : 0.0;
}

/* Recounted values; sums in index order, like the model (tolerance covers the rest). */
typedef struct recount {
    double alive, large, employment, output, exports, sme_output, sme_employment, sme_exports;
    double registered, lg, samsung, sme_chain, sme_revenue, smes, sme_k, sme_k2, k_all;
    double hub_employment;
    double size[CSIM_N_SIZE_CLASSES], sector[CSIM_N_SECTORS], sector_emp[CSIM_N_SECTORS];
} recount;

static void recount_firms(const csim_sim *sim, recount *r) {
    const csim_firms *f = &sim->firms;
    memset(r, 0, sizeof *r);
    for (size_t i = 0; i < f->n; ++i) {
        if (!f->alive[i] || f->kind[i] != CSIM_KIND_FIRM) {
            continue;
        }
        const double e = f->employees[i], sales = f->rev_chain[i] + f->rev_other[i];
        const double *v = csim_firms_knowledge(f, i);
        double mk = 0.0;
        for (size_t k = 0; k < CSIM_K; ++k) {
            mk += v[k];
        }
        mk /= (double) CSIM_K;
        r->alive += 1.0;
        r->employment += e;
        r->output += sales;
        r->k_all += mk;
        r->size[csim_size_class_of(e)] += 1.0;
        r->sector[f->sector[i]] += 1.0;
        r->sector_emp[f->sector[i]] += e;
        r->hub_employment += f->is_hub[i] ? e : 0.0;
        if (f->is_large[i]) {
            r->large += 1.0;
            r->exports += sim->p.market_export_share_large * sales;
            continue;
        }
        /* SMEs export a share of their non-chain sales only. */
        r->exports += sim->p.market_export_share_sme * f->rev_other[i];
        r->sme_exports += sim->p.market_export_share_sme * f->rev_other[i];
        r->sme_output += sales;
        r->sme_employment += e;
        r->sme_chain += f->rev_chain[i];
        r->sme_revenue += sales;
        r->smes += 1.0;
        r->sme_k += mk;
        r->sme_k2 += mk * mk;
        if (f->buyer[i] >= 0) {
            r->registered += 1.0;
            r->lg += f->group[i] == CSIM_GROUP_LG;
            r->samsung += f->group[i] == CSIM_GROUP_SAMSUNG;
        }
    }
}

static void expect(const csim_sim *sim, long t, const char *name, size_t component, double want) {
    const csim_observable_desc *table = csim_observables_table();
    for (size_t o = 0; o < CSIM_N_OBSERVABLES; ++o) {
        if (strcmp(table[o].name, name) == 0) {
            cr_assert_lt(component, table[o].width);
            const double got = csim_sim_observables(sim)[table[o].offset + component];
            const double tol = 1e-9 * (fabs(want) > 1.0 ? fabs(want) : 1.0);
            cr_assert(fabs(got - want) <= tol, "step %ld: %s[%zu] = %.17g, recount %.17g", t,
                      name, component, got, want);
            return;
        }
    }
    cr_assert_fail("no observable '%s'", name);
}

static void check_firm_observables(const csim_sim *sim, long t) {
    recount r;
    recount_firms(sim, &r);
    expect(sim, t, "firms_alive", 0, r.alive);
    expect(sim, t, "employment", 0, r.employment);
    expect(sim, t, "output", 0, r.output);
    expect(sim, t, "exports", 0, r.exports);
    expect(sim, t, "sme_output_share", 0, part(r.sme_output, r.output));
    expect(sim, t, "sme_employment_share", 0, part(r.sme_employment, r.employment));
    expect(sim, t, "sme_export_share", 0, part(r.sme_exports, r.exports));
    expect(sim, t, "large_firm_share", 0, part(r.large, r.alive));
    expect(sim, t, "supplier_share_registered", 0, part(r.registered, r.alive));
    expect(sim, t, "supplier_share_lg", 0, part(r.lg, r.alive));
    expect(sim, t, "supplier_share_samsung", 0, part(r.samsung, r.alive));
    for (size_t c = 0; c < CSIM_N_SIZE_CLASSES; ++c) {
        expect(sim, t, "size_class_share", c, part(r.size[c], r.alive));
    }
    for (size_t s = 0; s < CSIM_N_SECTORS; ++s) {
        expect(sim, t, "sector_firm_share", s, part(r.sector[s], r.alive));
        expect(sim, t, "sector_employment_share", s, part(r.sector_emp[s], r.employment));
    }
    expect(sim, t, "hub_dependence", 0, part(r.sme_chain, r.sme_revenue));
    expect(sim, t, "hub_employment", 0, r.hub_employment);
    /* Buyer switches and registrations: one buyer_switch event each in the step's event
     * log, a registration's with value -1 (the applicant had no buyer). */
    double switches = 0.0, registrations = 0.0;
    for (size_t e = 0; e < sim->events.n; ++e) {
        const csim_event *ev = &sim->events.items[e];
        if (ev->kind == CSIM_EVENT_BUYER_SWITCH) {
            registrations += ev->value < 0.0;
            switches += ev->value >= 0.0;
        }
    }
    expect(sim, t, "buyer_switches", 0, switches);
    expect(sim, t, "supplier_registrations", 0, registrations);
    const double mean = part(r.sme_k, r.smes);
    expect(sim, t, "knowledge_mean_sme", 0, mean);
    /* Two-pass standard deviation (population), independent of the model's E[x^2] - m^2. */
    double ss = 0.0;
    const csim_firms *f = &sim->firms;
    for (size_t i = 0; i < f->n; ++i) {
        if (csim_firms_is_sme(f, i)) {
            const double *v = csim_firms_knowledge(f, i);
            double mk = 0.0;
            for (size_t k = 0; k < CSIM_K; ++k) {
                mk += v[k];
            }
            mk /= (double) CSIM_K;
            ss += (mk - mean) * (mk - mean);
        }
    }
    expect(sim, t, "knowledge_sd_sme", 0, sqrt(part(ss, r.smes)));
    expect(sim, t, "knowledge_mean_all", 0, part(r.k_all, r.alive));
}

/* An MC of main field `field` is mold-related when it is filed under the mold industry
 * (policy.mc_industry): the same field, or the mold label when that is not 0. */
static int mold_related(const csim_sim *sim, int field) {
    const double *label = sim->p.policy_mc_industry.v;
    return field == CSIM_FIELD_MOLD_DIE ||
           (label[CSIM_FIELD_MOLD_DIE] != 0.0 && label[field] == label[CSIM_FIELD_MOLD_DIE]);
}

/* Bodies counted from the actors that point at them (not from the bodies' own counters). */
static void check_body_observables(const csim_sim *sim, long t, size_t *seen_members) {
    const csim_firms *f = &sim->firms;
    const csim_programme *prog = &sim->prog;
    double mc_active = 0, mc_members = 0, mc_mold = 0, wg_active = 0, wg_part = 0;
    double wg_mold = 0, wg_part_mold = 0, stage[3] = {0}, org_members = 0, org_max = 0;
    for (size_t m = 0; m < prog->n_mc; ++m) {
        mc_active += prog->mc[m].active != 0;
    }
    for (size_t w = 0; w < prog->n_wg; ++w) {
        const csim_wg *wg = &prog->wg[w];
        if (wg->active) {
            wg_active += 1.0;
            wg_mold += wg->mc >= 0 && mold_related(sim, prog->mc[wg->mc].main_field);
        }
    }
    double *org_count = calloc(prog->n_org + 1, sizeof *org_count);
    cr_assert_not_null(org_count);
    for (size_t i = 0; i < f->n; ++i) {
        if (!f->alive[i]) {
            continue;
        }
        if (f->mc[i] >= 0 && prog->mc[f->mc[i]].active) {
            mc_members += 1.0;
            mc_mold += mold_related(sim, prog->mc[f->mc[i]].main_field);
        }
        if (f->wg[i] >= 0 && prog->wg[f->wg[i]].active) {
            const csim_wg *wg = &prog->wg[f->wg[i]];
            wg_part += 1.0;
            wg_part_mold += wg->mc >= 0 && mold_related(sim, prog->mc[wg->mc].main_field);
        }
        if (f->org[i] >= 0) {
            org_count[f->org[i]] += 1.0;
        }
    }
    for (size_t o = 0; o < prog->n_org; ++o) {
        const int s = (int) prog->org[o].stage;
        if (s == CSIM_ORG_COUNCIL || s == CSIM_ORG_ASSOCIATION || s == CSIM_ORG_COOPERATIVE) {
            stage[s == CSIM_ORG_COUNCIL ? 0 : s == CSIM_ORG_ASSOCIATION ? 1 : 2] += 1.0;
            org_members += org_count[o];
            org_max = org_count[o] > org_max ? org_count[o] : org_max;
        }
    }
    free(org_count);
    expect(sim, t, "mc_active", 0, mc_active);
    expect(sim, t, "mc_members_total", 0, mc_members);
    expect(sim, t, "mc_members_mold", 0, mc_mold);
    expect(sim, t, "wg_active", 0, wg_active);
    expect(sim, t, "wg_participants", 0, wg_part);
    expect(sim, t, "wg_active_mold", 0, wg_mold);
    expect(sim, t, "wg_participants_mold", 0, wg_part_mold);
    expect(sim, t, "org_councils", 0, stage[0]);
    expect(sim, t, "org_associations", 0, stage[1]);
    expect(sim, t, "org_cooperatives", 0, stage[2]);
    expect(sim, t, "org_members_total", 0, org_members);
    expect(sim, t, "org_members_max", 0, org_max);
    expect(sim, t, "org_founded_total", 0, (double) prog->n_org);
    seen_members[0] += (size_t) mc_members;
    seen_members[1] += (size_t) wg_part;
    seen_members[2] += (size_t) org_members;
}

static void check_tie_and_event_observables(const csim_sim *sim, long t) {
    const csim_firms *f = &sim->firms;
    const csim_ties *ties = &sim->ties;
    double sme_sme = 0, trust = 0, origin[CSIM_N_ORIGINS] = {0};
    for (size_t e = 0; e < ties->n_ties; ++e) {
        sme_sme += csim_firms_is_sme(f, ties->a[e]) && csim_firms_is_sme(f, ties->b[e]);
        trust += ties->trust[e];
        origin[ties->origin[e]] += 1.0;
    }
    const double n = (double) ties->n_ties;
    expect(sim, t, "ties_collab", 0, n);
    expect(sim, t, "ties_sme_sme_share", 0, part(sme_sme, n));
    expect(sim, t, "trust_mean", 0, part(trust, n));
    for (size_t o = 0; o < CSIM_N_ORIGINS; ++o) {
        expect(sim, t, "ties_by_origin", o, origin[o]);
    }
    double entries = 0, exits = 0, spinoffs = 0;
    for (size_t k = 0; k < sim->events.n; ++k) {
        const int64_t kind = sim->events.items[k].kind;
        entries += kind == CSIM_EVENT_FIRM_ENTRY || kind == CSIM_EVENT_FIRM_SPINOFF;
        spinoffs += kind == CSIM_EVENT_FIRM_SPINOFF;
        exits += kind == CSIM_EVENT_FIRM_EXIT;
    }
    expect(sim, t, "firm_entries", 0, entries);
    expect(sim, t, "firm_exits", 0, exits);
    expect(sim, t, "firm_spinoffs", 0, spinoffs);
}

/* 2003-2012 at scale 0.5 with organisations made likely, so that every body exists. */
Test(observables, every_step_matches_a_recount_from_the_state) {
    csim_params p = csim_test_params(0.5, 120);
    csim_sim *sim = csim_test_sim(&p, 0);
    size_t seen[3] = {0};
    double chain_share_seen = 0.0;
    for (long t = 0; t < p.run_steps; ++t) {
        cr_assert_eq(csim_sim_step(sim), CSIM_OK, "step %ld: %s", t, csim_last_error());
        check_firm_observables(sim, t);
        check_body_observables(sim, t, seen);
        check_tie_and_event_observables(sim, t);
        recount r;
        recount_firms(sim, &r);
        chain_share_seen += part(r.sme_chain, r.sme_revenue);
    }
    /* The run exercised what the recount checks. */
    cr_assert_gt(seen[0], 0, "no MC members in the run");
    cr_assert_gt(seen[1], 0, "no WG participants in the run");
    cr_assert(chain_share_seen > 0.0 && chain_share_seen < (double) p.run_steps,
              "SMEs' chain share never strictly between 0 and 1");
    csim_sim_free(&sim);
}

/* ---- particle columns ---------------------------------------------------------------- */

/* The expected value of variable `name` for actor i, as a double (codes and ids too). */
static int expected_scalar(const csim_firms *f, const char *name, size_t i, double *out) {
    static const struct {
        const char *name;
        size_t off;
        int type; /* 0 uint8, 1 int32, 2 double, 3 int16 */
    } cols[] = {
        {"sector", offsetof(csim_firms, sector), 0},       {"group", offsetof(csim_firms, group), 0},
        {"tier", offsetof(csim_firms, tier), 0},           {"large", offsetof(csim_firms, is_large), 0},
        {"hub", offsetof(csim_firms, is_hub), 0},          {"line", offsetof(csim_firms, line), 0},
                 {"entry_step", offsetof(csim_firms, entry_step), 1},
        {"buyer", offsetof(csim_firms, buyer), 1},         {"mc", offsetof(csim_firms, mc), 1},
        {"wg", offsetof(csim_firms, wg), 1},               {"org", offsetof(csim_firms, org), 1},
        {"wg_experience", offsetof(csim_firms, wg_experience), 0},
        {"loss_months", offsetof(csim_firms, loss_months), 3},
        {"employees", offsetof(csim_firms, employees), 2}, {"capital", offsetof(csim_firms, capital), 2},
        {"sales_chain", offsetof(csim_firms, rev_chain), 2},
        {"sales_other", offsetof(csim_firms, rev_other), 2},
        {"alpha", offsetof(csim_firms, alpha), 2},         {"access", offsetof(csim_firms, access), 2},
        {"chain_smooth", offsetof(csim_firms, chain_smooth), 2},
        {"chain_base", offsetof(csim_firms, chain_base), 2},
        {"other_base", offsetof(csim_firms, other_base), 2},
        {"capability0", offsetof(csim_firms, capability0), 2},
        {"programme_gain", offsetof(csim_firms, programme_gain), 2},
        {"benefit", offsetof(csim_firms, benefit), 2},
        {"site", offsetof(csim_firms, site), 1},
        {"org_benefit", offsetof(csim_firms, org_benefit), 2},
        {"equipment", offsetof(csim_firms, equipment), 2},
    };
    for (size_t c = 0; c < sizeof cols / sizeof cols[0]; ++c) {
        if (strcmp(cols[c].name, name) != 0) {
            continue;
        }
        const void *array = *(void *const *) ((const char *) f + cols[c].off);
        switch (cols[c].type) {
        case 0: *out = (double) ((const uint8_t *) array)[i]; break;
        case 1: *out = (double) ((const int32_t *) array)[i]; break;
        case 3: *out = (double) ((const int16_t *) array)[i]; break;
        default: *out = ((const double *) array)[i]; break;
        }
        return 1;
    }
    if (strcmp(name, "complex") == 0) {
        *out = (double) f->estate[i] + 1.0; /* numbered 1..4 in the file */
        return 1;
    }
    return 0;
}

static double gathered(const void *column, csim_h5_type type, size_t j) {
    switch (type) {
    case CSIM_H5_INT8: return (double) ((const int8_t *) column)[j];
    case CSIM_H5_INT16: return (double) ((const int16_t *) column)[j];
    case CSIM_H5_INT32: return (double) ((const int32_t *) column)[j];
    default: return ((const double *) column)[j];
    }
}

Test(observables, particle_columns_hold_the_model_arrays) {
    csim_params p = csim_test_params(0.3, 48);
    csim_sim *sim = csim_test_sim(&p, 0);
    for (long t = 0; t < p.run_steps; ++t) {
        cr_assert_eq(csim_sim_step(sim), CSIM_OK, "%s", csim_last_error());
    }
    const csim_firms *f = &sim->firms;
    const size_t n = f->n;
    int32_t *actor = malloc(n * sizeof *actor);
    void *column = malloc(n * CSIM_N_FIELDS * sizeof(double));
    cr_assert(actor && column);
    size_t dead = 0;
    for (size_t i = 0; i < n; ++i) {
        actor[i] = f->alive[i] ? (int32_t) i : -1;
        dead += !f->alive[i];
    }
    cr_assert_gt(dead, 0, "no departed actor: the fill values go unchecked");
    const csim_traj_var *vars = csim_traj_vars();
    size_t checked = 0;
    for (size_t v = 0; v < CSIM_TRAJ_N_VARS; ++v) {
        csim_traj_gather(f, v, actor, n, column);
        for (size_t j = 0; j < n; ++j) {
            if (strcmp(vars[v].name, "knowledge") == 0) {
                const double *row = (const double *) column + j * CSIM_N_FIELDS;
                for (size_t k = 0; k < CSIM_N_FIELDS; ++k) {
                    const double want = actor[j] >= 0 ? csim_firms_knowledge(f, j)[k] : (double) NAN;
                    cr_assert(row[k] == want || (isnan(row[k]) && isnan(want)),
                              "knowledge[%zu] of %zu: %g, want %g", k, j, row[k], want);
                }
                continue;
            }
            const double got = gathered(column, vars[v].type, j);
            double want = 0.0;
            if (strcmp(vars[v].name, "id") == 0) {
                want = (double) actor[j];
            } else {
                cr_assert(expected_scalar(f, vars[v].name, j, &want), "variable '%s' has no "
                          "expected model array in this test: add it", vars[v].name);
                if (actor[j] < 0) {
                    want = vars[v].type == CSIM_H5_DOUBLE ? (double) NAN : -1.0;
                }
            }
            cr_assert(got == want || (isnan(got) && isnan(want)), "%s of actor %zu: %.17g, model %.17g",
                      vars[v].name, j, got, want);
        }
        ++checked;
    }
    cr_assert_eq(checked, CSIM_TRAJ_N_VARS);
    free(actor);
    free(column);
    csim_sim_free(&sim);
}
