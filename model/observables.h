/**
 * \file model/observables.h
 * The aggregate series written every step under /observables/<name> (docs/ODD.md 6.2,
 * "Observables"; the names are fixed: targets and analysis use them).
 *
 * CSIM_OBSERVABLE_LIST(X): X(name, width, names, unit, meaning), where width is the
 * number of values per step and names the component name table for vectors (or NONE).
 */
#ifndef CSIM_MODEL_OBSERVABLES_H
#define CSIM_MODEL_OBSERVABLES_H

#include <stddef.h>

#include "model/categories.h"

typedef struct csim_sim csim_sim;

/* clang-format off */
#define CSIM_OBSERVABLE_LIST(X) \
    X(firms_alive, 1, NONE, "firm", "tenant firms alive at the end of the step") \
    X(firm_entries, 1, NONE, "firm", "entries during the step, spin-offs included") \
    X(firm_exits, 1, NONE, "firm", "exits during the step") \
    X(firm_spinoffs, 1, NONE, "firm", "hub spin-offs during the step (included in firm_entries)") \
    X(employment, 1, NONE, "employee", "employees of all firms") \
    X(output, 1, NONE, "KRW million/month", "sales of all firms in the month") \
    X(exports, 1, NONE, "KRW million/month", "sales to buyers outside the cluster") \
    X(sme_output_share, 1, NONE, "1", "SMEs' share of output") \
    X(sme_employment_share, 1, NONE, "1", "SMEs' share of employment") \
    X(sme_export_share, 1, NONE, "1", "SMEs' share of exports") \
    X(large_firm_share, 1, NONE, "1", "large firms / firms alive") \
    X(supplier_share_registered, 1, NONE, "1", "share of firms alive registered as suppliers of LG or Samsung") \
    X(supplier_share_lg, 1, NONE, "1", "share of firms alive registered as suppliers of LG") \
    X(supplier_share_samsung, 1, NONE, "1", "share of firms alive registered as suppliers of Samsung") \
    X(size_class_share, CSIM_N_SIZE_CLASSES, SIZES, "1", "firms by employee class") \
    X(sector_firm_share, CSIM_N_SECTORS, SECTORS, "1", "firms by sector") \
    X(sector_employment_share, CSIM_N_SECTORS, SECTORS, "1", "employment by sector") \
    X(hub_dependence, 1, NONE, "1", "share of SME revenue from LG or Samsung chains") \
    X(mc_active, 1, NONE, "MC", "mini-clusters active") \
    X(mc_members_total, 1, NONE, "actor", "members (firms and institutions) of all MCs") \
    X(mc_members_mold, 1, NONE, "actor", "members of the mold-related MCs: main field filed under the mold industry (policy.mc_industry)") \
    X(wg_active, 1, NONE, "WG", "working groups active") \
    X(wg_participants, 1, NONE, "actor", "members of active working groups") \
    X(wg_active_mold, 1, NONE, "WG", "working groups active inside the mold-related MCs") \
    X(wg_participants_mold, 1, NONE, "actor", "their members") \
    X(org_councils, 1, NONE, "organisation", "firm-led councils alive") \
    X(org_associations, 1, NONE, "organisation", "associations alive") \
    X(org_cooperatives, 1, NONE, "organisation", "cooperatives alive") \
    X(org_members_total, 1, NONE, "firm", "members of all organisations alive") \
    X(org_members_max, 1, NONE, "firm", "members of the largest organisation alive") \
    X(org_founded_total, 1, NONE, "organisation", "organisations ever founded (cooperatives included)") \
    X(org_dormant, 1, NONE, "organisation", "councils and associations alive but dormant (treasury below zero)") \
    X(org_dissolved_total, 1, NONE, "organisation", "organisations ever dissolved") \
    X(org_site_lots, 1, NONE, "lot", "lots held in cooperatives' joint sites") \
    X(ties_collab, 1, NONE, "tie", "collaboration ties alive") \
    X(ties_sme_sme_share, 1, NONE, "1", "share of collaboration ties with two SMEs at the ends") \
    X(ties_by_origin, CSIM_N_ORIGINS, ORIGINS, "tie", "ties alive by origin") \
    X(ties_formed, 1, NONE, "tie", "ties formed during the step") \
    X(ties_dissolved, 1, NONE, "tie", "ties dissolved during the step") \
    X(knowledge_mean_sme, 1, NONE, "1", "mean knowledge over fields and SMEs") \
    X(knowledge_sd_sme, 1, NONE, "1", "s.d. across SMEs of their mean knowledge") \
    X(knowledge_mean_all, 1, NONE, "1", "mean knowledge over fields and all firms") \
    X(innovations, 1, NONE, "innovation", "successful own or joint innovations during the step") \
    X(trust_mean, 1, NONE, "1", "mean trust over collaboration ties") \
    X(broker_introductions, 1, NONE, "introduction", "introductions made by coordinators during the step") \
    X(programme_budget_spent, 1, NONE, "KRW million/month", "programme money spent during the step") \
    X(fees_collected, 1, NONE, "KRW million/month", "member fees collected during the step") \
    X(equipment_sme, 1, NONE, "KRW million", "installed equipment co-financed by hardware grants, SMEs alive") \
    X(hub_employment, 1, NONE, "employee", "employees of the hubs alive (their lines in the cluster)") \
    X(buyer_switches, 1, NONE, "firm", "suppliers that switched to another buyer during the step") \
    X(customer_finds, 1, NONE, "firm", "suppliers whose search found non-hub customers during the step") \
    X(supplier_registrations, 1, NONE, "firm", "independent SMEs that became registered suppliers during the step (market.qualify_rate)")
/* clang-format on */

/** Index of each observable in the list. */
typedef enum {
#define CSIM_X_OBS_ENUM(name, width, names, unit, desc) CSIM_OBS_##name,
    CSIM_OBSERVABLE_LIST(CSIM_X_OBS_ENUM)
#undef CSIM_X_OBS_ENUM
    CSIM_N_OBSERVABLES
} csim_observable_id;

/** Static description of one observable. */
typedef struct csim_observable_desc {
    const char *name;              /**< name under /observables                        */
    size_t width;                  /**< values per step                                */
    size_t offset;                 /**< position of its first value in the step row    */
    const char *const *names;      /**< component names (width > 1), else NULL         */
    const char *unit;              /**< unit                                           */
    const char *description;       /**< one line                                       */
} csim_observable_desc;

/** The table of observables (CSIM_N_OBSERVABLES rows). Static data. */
const csim_observable_desc *csim_observables_table(void);

/** Total values per step (sum of widths). */
size_t csim_observables_row_width(void);

/** Row of the step just done (csim_observables_row_width() values), valid until the next step. */
const double *csim_sim_observables(const csim_sim *sim);

#endif /* CSIM_MODEL_OBSERVABLES_H */
