/*
 * Observables of a step (docs/ODD.md 6.2). All sums run serially in index order,
 * so they are bit-identical whatever the thread count. O(n + E + groups) per step.
 */
#include "model/observables.h"

#include <math.h>
#include <string.h>

#include "model/programme.h"
#include "model/sim_internal.h"

#define CSIM_OBS_NAMES_NONE NULL
#define CSIM_OBS_NAMES_SIZES csim_size_class_names
#define CSIM_OBS_NAMES_SECTORS csim_sector_names
#define CSIM_OBS_NAMES_ORIGINS csim_origin_names

/* Offsets are filled by a running sum over the widths in the list order. */
enum {
#define CSIM_X_OBS_OFF(name, width, names, unit, desc) \
    CSIM_OBS_OFFSET_AFTER_##name, CSIM_OBS_PAD_##name = CSIM_OBS_OFFSET_AFTER_##name + (width) - 1,
    CSIM_OBSERVABLE_LIST(CSIM_X_OBS_OFF)
#undef CSIM_X_OBS_OFF
    CSIM_OBS_ROW_WIDTH
};

static const csim_observable_desc observable_table[CSIM_N_OBSERVABLES] = {
#define CSIM_X_OBS_ROW(name, width, names, unit, desc) \
    {#name, (width), (size_t) CSIM_OBS_OFFSET_AFTER_##name, CSIM_OBS_NAMES_##names, unit, desc},
    CSIM_OBSERVABLE_LIST(CSIM_X_OBS_ROW)
#undef CSIM_X_OBS_ROW
};

const csim_observable_desc *csim_observables_table(void) {
    return observable_table;
}

size_t csim_observables_row_width(void) {
    return CSIM_OBS_ROW_WIDTH;
}

#define OBS(name) (row + observable_table[CSIM_OBS_##name].offset)

static double share(double part, double whole) {
    return whole > 0.0 ? part / whole : 0.0;
}

csim_status csim_observe__step(csim_sim *sim) {
    double *row = sim->obs_row;
    const csim_firms *f = &sim->firms;
    memset(row, 0, CSIM_OBS_ROW_WIDTH * sizeof *row);

    double alive = 0, large = 0, registered = 0, lg = 0, samsung = 0;
    double employment = 0, sme_employment = 0, output = 0, sme_output = 0;
    double exports = 0, sme_exports = 0, sme_chain = 0, sme_revenue = 0;
    double knowledge_all = 0, smes = 0, sme_k = 0, sme_k2 = 0;
    const double exp_large = sim->p.market_export_share_large;
    const double exp_sme = sim->p.market_export_share_sme;
    /* Each firm's mean knowledge in parallel (its own slot; the same additions as in
     * the serial loop), so that the serial sums below only stream through arrays. */
    double *firm_mean = sim->work.observe.firm_mean;
    const long n = (long) f->n;
#pragma omp parallel for schedule(dynamic, 2048) default(none) shared(f, firm_mean, n)
    for (long i = 0; i < n; ++i) {
        if (f->alive[i] && f->kind[i] == CSIM_KIND_FIRM) {
            const double *v = csim_firms_knowledge(f, (size_t) i);
            double mean_k = 0.0;
            for (size_t k = 0; k < CSIM_K; ++k) {
                mean_k += v[k];
            }
            firm_mean[i] = mean_k / (double) CSIM_K;
        }
    }
    for (size_t i = 0; i < f->n; ++i) {
        if (!f->alive[i] || f->kind[i] != CSIM_KIND_FIRM) {
            continue;
        }
        alive += 1.0;
        const double e = f->employees[i];
        const double revenue = f->rev_chain[i] + f->rev_other[i];
        const double mean_k = firm_mean[i];
        knowledge_all += mean_k;
        employment += e;
        output += revenue;
        OBS(size_class_share)[csim_size_class_of(e)] += 1.0;
        OBS(sector_firm_share)[f->sector[i]] += 1.0;
        OBS(sector_employment_share)[f->sector[i]] += e;
        if (f->is_hub[i]) {
            *OBS(hub_employment) += e;
        }
        if (f->is_large[i]) {
            large += 1.0;
            exports += exp_large * revenue;
        } else {
            const double x = exp_sme * f->rev_other[i];
            exports += x;
            sme_exports += x;
            sme_employment += e;
            sme_output += revenue;
            sme_chain += f->rev_chain[i];
            sme_revenue += revenue;
            smes += 1.0;
            sme_k += mean_k;
            sme_k2 += mean_k * mean_k;
        }
        if (f->buyer[i] >= 0 && !f->is_large[i]) {
            registered += 1.0;
            lg += f->group[i] == CSIM_GROUP_LG;
            samsung += f->group[i] == CSIM_GROUP_SAMSUNG;
        }
    }
    *OBS(firms_alive) = alive;
    *OBS(firm_entries) = (double) sim->counts.entries;
    *OBS(firm_exits) = (double) sim->counts.exits;
    *OBS(firm_spinoffs) = (double) sim->counts.spinoffs;
    *OBS(employment) = employment;
    *OBS(output) = output;
    *OBS(exports) = exports;
    *OBS(sme_output_share) = share(sme_output, output);
    *OBS(sme_employment_share) = share(sme_employment, employment);
    *OBS(sme_export_share) = share(sme_exports, exports);
    *OBS(large_firm_share) = share(large, alive);
    *OBS(supplier_share_registered) = share(registered, alive);
    *OBS(supplier_share_lg) = share(lg, alive);
    *OBS(supplier_share_samsung) = share(samsung, alive);
    for (size_t c = 0; c < CSIM_N_SIZE_CLASSES; ++c) {
        OBS(size_class_share)[c] = share(OBS(size_class_share)[c], alive);
    }
    for (size_t s = 0; s < CSIM_N_SECTORS; ++s) {
        OBS(sector_firm_share)[s] = share(OBS(sector_firm_share)[s], alive);
        OBS(sector_employment_share)[s] = share(OBS(sector_employment_share)[s], employment);
    }
    *OBS(hub_dependence) = share(sme_chain, sme_revenue);
    const double mean_sme = share(sme_k, smes);
    *OBS(knowledge_mean_sme) = mean_sme;
    const double var = share(sme_k2, smes) - mean_sme * mean_sme;
    *OBS(knowledge_sd_sme) = var > 0.0 ? sqrt(var) : 0.0;
    *OBS(knowledge_mean_all) = share(knowledge_all, alive);

    /* Programme bodies. The mold-related MCs are those filed under the mold industry
     * (policy.mc_industry): in the case, the mold & industrial design and the materials &
     * parts assembly MCs, merged in 2007 into the parts-materials-mold MC. */
    const csim_programme *prog = &sim->prog;
    const double *industry = sim->p.policy_mc_industry.v;
    for (size_t m = 0; m < prog->n_mc; ++m) {
        if (!prog->mc[m].active) {
            continue;
        }
        *OBS(mc_active) += 1.0;
        *OBS(mc_members_total) += (double) prog->mc[m].members;
        if (csim_fields_same_industry(industry, prog->mc[m].main_field, CSIM_FIELD_MOLD_DIE)) {
            *OBS(mc_members_mold) += (double) prog->mc[m].members;
        }
    }
    for (size_t w = 0; w < prog->n_wg; ++w) {
        const csim_wg *wg = &prog->wg[w];
        if (!wg->active) {
            continue;
        }
        *OBS(wg_active) += 1.0;
        *OBS(wg_participants) += (double) wg->n_members;
        if (wg->mc >= 0 &&
            csim_fields_same_industry(industry, prog->mc[wg->mc].main_field, CSIM_FIELD_MOLD_DIE)) {
            *OBS(wg_active_mold) += 1.0;
            *OBS(wg_participants_mold) += (double) wg->n_members;
        }
    }
    for (size_t o = 0; o < prog->n_org; ++o) {
        const csim_org *org = &prog->org[o];
        switch (org->stage) {
        case CSIM_ORG_COUNCIL: *OBS(org_councils) += 1.0; break;
        case CSIM_ORG_ASSOCIATION: *OBS(org_associations) += 1.0; break;
        case CSIM_ORG_COOPERATIVE:
            /* A cooperative's members are lot holders, also members of its association:
             * counted as lots, not again as members. */
            *OBS(org_cooperatives) += 1.0;
            *OBS(org_site_lots) += (double) org->members;
            continue;
        default: *OBS(org_dissolved_total) += 1.0; continue;
        }
        *OBS(org_dormant) += org->dormant ? 1.0 : 0.0;
        *OBS(org_members_total) += (double) org->members;
        if ((double) org->members > *OBS(org_members_max)) {
            *OBS(org_members_max) = (double) org->members;
        }
    }
    *OBS(org_founded_total) = (double) prog->n_org;

    /* Ties. */
    const csim_ties *ties = &sim->ties;
    double sme_sme = 0, trust = 0;
    for (size_t e = 0; e < ties->n_ties; ++e) {
        sme_sme += csim_firms_is_sme(f, ties->a[e]) && csim_firms_is_sme(f, ties->b[e]);
        trust += ties->trust[e];
        OBS(ties_by_origin)[ties->origin[e]] += 1.0;
    }
    *OBS(ties_collab) = (double) ties->n_ties;
    *OBS(ties_sme_sme_share) = share(sme_sme, (double) ties->n_ties);
    *OBS(trust_mean) = share(trust, (double) ties->n_ties);
    *OBS(ties_formed) = (double) sim->counts.ties_formed;
    *OBS(ties_dissolved) = (double) sim->counts.ties_dissolved;
    *OBS(innovations) = (double) sim->counts.innovations;
    *OBS(broker_introductions) = (double) sim->counts.introductions;
    *OBS(programme_budget_spent) = sim->counts.budget_spent;
    *OBS(fees_collected) = sim->counts.fees_collected;
    *OBS(buyer_switches) = (double) sim->counts.buyer_switches;
    *OBS(customer_finds) = (double) sim->counts.customer_finds;
    *OBS(supplier_registrations) = (double) sim->counts.registrations;
    double equipment = 0.0;
    for (size_t i = 0; i < f->n; ++i) {
        equipment += csim_firms_is_sme(f, i) ? f->equipment[i] : 0.0;
    }
    *OBS(equipment_sme) = equipment;
    return CSIM_OK; /* only sums: cannot fail */
}
