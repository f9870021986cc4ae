/**
 * \file model/params.h
 * Every parameter of a clustersim run, declared once.
 *
 * CSIM_PARAM_LIST is the single source of truth: it generates the fields of csim_params
 * and the schema table (sim/schema.h) behind `clustersim params`, scenario validation,
 * `clustersim check` and the /parameters record of every trajectory file.
 *
 * Columns: X(section, key, TYPE, NAMES, default (YAML text), min, max, unit, description)
 *   TYPE  INT | DOUBLE | BOOL | ENUM | SERIES | VEC   (see csim_param_type)
 *   NAMES the name table of a VEC or ENUM: NONE, SECTORS, FIELDS, SIZES, COMPLEXES, TIERS,
 *         SUPPORT, SPLIT
 * The field is `section_key`; the scenario key is `section.key` (nested YAML mappings).
 * Descriptions end with the value's source in brackets: [case ...] (the Gumi case as
 * Lee, Choi & Lee 2016 report it), [paper], [calibrated], [choice].
 */
#ifndef CSIM_MODEL_PARAMS_H
#define CSIM_MODEL_PARAMS_H

#include <stdbool.h>

#include "sim/error.h"
#include "sim/schema.h"
#include "sim/series.h"

#define CSIM_N_COMPLEXES 4

/* clang-format off */
#define CSIM_PARAM_LIST(X) \
    /* ---- run: time, size and randomness ------------------------------------------ */ \
    X(run, start_year, INT, NONE, "2003", 1900, 2200, "year", \
      "Calendar year of step 0 (January); 2003-04 is burn-in before the programme opens in 2005 [choice]") \
    X(run, steps, INT, NONE, "156", 1, 12000, "month", \
      "Monthly steps to simulate (156 = Jan 2003 to Dec 2015) [choice]") \
    X(run, seed, INT, NONE, "20050101", 0, 9007199254740991.0, "1", \
      "Base seed; replicate r draws from streams keyed by (seed, r) [choice]") \
    X(run, scale, DOUBLE, NONE, "1", 1e-3, 1e5, "1", \
      "Multiplies every population count (firms, entries, hubs, institutions, MCs' reach); the cluster then has round(scale) districts, each a scale-1 cluster's worth of firms (docs/ODD.md 2) [choice]") \
    X(run, snapshot_interval, INT, NONE, "12", 0, 12000, "month", \
      "Months between snapshots of firm state and networks; 0 = none [OUTPUT.md]") \
    X(run, deflate_floats, BOOL, NONE, "false", 0, 1, "1", \
      "Shuffle+deflate the floating-point snapshot and tie columns too: the baseline file halves, writing takes 2.5 times as long (docs/OUTPUT.md) [choice]") \
    /* ---- population: the Gumi firms at the start ---------------------------------- */ \
    X(population, initial_firms, INT, NONE, "820", 2, 100000000, "firm", \
      "Tenant firms in January of the start year, before scaling [calibrated to targets 2007-10]") \
    X(population, size_class_share, VEC, SIZES, \
      "{under_50: 0.782, 50_99: 0.092, 100_299: 0.073, 300_999: 0.040, 1000_plus: 0.013}", \
      0, 1, "1", "Share of firms per employee class in January of the start year; 300_999 and 1000_plus are the large firms. Large firms never exit and hardly enter, so the large classes are set so that the complex holds about 50 large firms in 2012, as the case's 2012 table does; the smaller classes lean toward 50-299 more than that table, because small firms enter and exit far more than medium ones by 2012 (one table does not identify them) [calibrated to the case's 2012 structure]") \
    X(population, sector_share, VEC, SECTORS, \
      "{food: 0.005, textiles: 0.11, wood_paper: 0.035, petrochemicals: 0.12, non_metallic: 0.045, steel: 0.017, machinery: 0.33, electronics: 0.27, transport: 0.011, other: 0.057}", \
      0, 1, "1", "Sector shares of the initial firms (between the early-2000s and 2010 mixes) [case, calibrated]") \
    X(population, sector_size_tilt, VEC, SECTORS, \
      "{food: 1.0, textiles: 0.2, wood_paper: 0.0, petrochemicals: 0.1, non_metallic: 1.0, steel: 0.1, machinery: -0.2, electronics: 0.9, transport: 0.3, other: -1.5}", \
      -5, 5, "1", "Log-odds tilt of a sector per size class step: larger firms lean to sectors with higher tilt [calibrated to 2010 employment shares]") \
    X(population, complex_share, VEC, COMPLEXES, \
      "{complex1: 0.45, complex2: 0.2, complex3: 0.25, complex4: 0.1}", 0, 1, "1", \
      "Share of firms per industrial complex (1-4) [choice; the case gives no split]") \
    X(population, registered_share, DOUBLE, NONE, "0.57", 0, 1, "1", \
      "Share of the initial SMEs registered as suppliers of LG or Samsung; with market.qualify_rate the share of all firms is 59.6% in 2012, as in the case [calibrated to the case's 2012 figure]") \
    X(population, lg_share_of_registered, DOUBLE, NONE, "0.503", 0, 1, "1", \
      "Share of registered suppliers that supply LG (the rest Samsung) [case: 427 of 848]") \
    X(population, tier_share, VEC, TIERS3, "{tier1: 0.35, tier2: 0.40, tier3: 0.25}", 0, 1, "1", \
      "Split of registered suppliers over tiers 1-3 [choice; the case names the tiers only]") \
    X(population, hub_share_of_large, DOUBLE, NONE, "0.6", 0, 1, "1", \
      "Share of large firms that are LG or Samsung affiliates (hubs); above 0 each group gets at least one, its largest large firm if the draw gave none; 0: no hubs, no supply chains [choice; the case: 'LG and Samsung affiliates among the 54']") \
    X(population, institutions, INT, NONE, "10", 0, 100000, "actor", \
      "Knowledge institutions: 3 universities and 7 support institutes, before scaling [case]") \
    X(population, max_employees, DOUBLE, NONE, "4000", 1000, 1e6, "employee", \
      "Upper bound of the 1000_plus class; sizes are log-uniform within each class [calibrated: clustersim calibrate, docs/ODD.md]") \
    X(population, institution_knowledge, DOUBLE, NONE, "2.0", 0, 100, "1", \
      "Knowledge of an institution in its fields, relative to the SME mean of 1 [choice]") \
    /* ---- market: hub chains, other demand, costs, employment, exit ---------------- */ \
    X(market, output_per_employee_sme, DOUBLE, NONE, "15", 0.01, 1e4, "KRW million/month", \
      "Monthly sales capacity per SME employee (about 180 M KRW a year) [choice]") \
    X(market, output_per_employee_large, DOUBLE, NONE, "60", 0.01, 1e4, "KRW million/month", \
      "Monthly sales capacity per employee of a large firm [choice: large firms hold ~90% of output]") \
    X(market, chain_share, DOUBLE, NONE, "0.8", 0, 1, "1", \
      "Share of a registered supplier's capacity sold into its hub chain at the start (demand in balance) [choice]") \
    X(market, fit_elasticity, DOUBLE, NONE, "1.0", 0, 10, "1", \
      "Elasticity of a supplier's order share to its capability fit in the buyer's fields [choice]") \
    X(market, chain_fit_bound, DOUBLE, NONE, "0.1", 0, 100, "1", \
      "Bound b on how far a supplier's capability fit moves its share of its buyer's orders: the fit ratio (fit over the initial mean SME capability) is held within [1 - b, 1 + b], as market.knowledge_sales_bound holds non-hub sales; buyers' acceptance of applicants (docs/ODD.md 7.3a) is not bounded. Buyers keep their qualified suppliers and move a limited part of their orders by know-how; without a bound (100: no fit ratio comes near 101) the first month reprices every initial supplier by fit (a shake-out of misfit suppliers in 2004) and what members learn takes orders from their buyers' other suppliers without limit (docs/ODD.md 7.3) [choice: the same 10% as market.knowledge_sales_bound]") \
    X(market, purchase_share, DOUBLE, NONE, "0.5", 0, 1e6, "1", \
      "Largest share of a buyer's own move in chain sales that its suppliers' orders may move by: whatever the pass-through, a buyer's suppliers gain or lose at most this share of what the buyer's own chain sales gained or lost. Single-buyer links let a small firm hold suppliers whose bases are many times its own (about 40% of the suppliers' chain base at the start sits under buyers whose suppliers sell them more than they sell themselves); passed on in full, what such a buyer won was multiplied down the chain (docs/ODD.md 7.3). 1e6 leaves only the pass-through [choice, below the intermediate input ratio: intermediate inputs are 59% of total input, 14% of it imported, across the whole economy in the Bank of Korea's 2023 input-output table; the rest of a buyer's inputs are materials, energy, services and imports]") \
    X(market, pass_through_hub, DOUBLE, NONE, "0.5", 0, 1, "1", \
      "Elasticity of a tier-1 supplier's chain orders to its hub's sales index (a hub's demand or line shock reaches its direct suppliers by this share) [paper: Pyo & Lee 2018, Applied Economics Letters 25(17): Korean first vendors' sales grow 0.38-0.44% with 1% of their large buyer's; 0.5 on the chain orders, which are 0.8 of a supplier's sales, gives 0.4]") \
    X(market, pass_through_sme, DOUBLE, NONE, "0.1", 0, 1, "1", \
      "Elasticity of a tier-2 or tier-3 supplier's chain orders to its buyer's chain sales index [paper: Pyo & Lee 2018: second and third vendors grow 0.036-0.047% and 0.003-0.005% with 1% of the large firm's sales, a tenth of the tier above at each link]") \
    X(market, other_elasticity, DOUBLE, NONE, "0.6", 0, 10, "1", \
      "Elasticity of non-hub sales to the firm's capability relative to the initial SME mean [choice]") \
    X(market, knowledge_sales_bound, DOUBLE, NONE, "0.1", 0, 100, "1", \
      "Largest share by which knowledge (capability against its entry level) moves a firm's non-hub sales, up or down; evaluations of cluster and network programmes find small or no robust effects on participants' sales, jobs and exports (Martin, Mayer & Mayneris 2011; Figal Garone et al. 2015), so 10% is an upper end [choice, bounded by papers]") \
    X(market, displacement, DOUBLE, NONE, "0.5", 0, 1, "1", \
      "Share of an SME's non-hub sales that is a local pool shared with the other SMEs of its sector: what one wins there through knowledge or market access, the others lose (business stealing). 0.5 is the medium displacement benchmark of UK additionality guidance for business-support evaluations [paper: English Partnerships 2008, Additionality Guide]") \
    X(market, export_share_large, DOUBLE, NONE, "0.7", 0, 1, "1", \
      "Share of large firms' own sales that are exports [choice]") \
    X(market, export_share_sme, DOUBLE, NONE, "0.1", 0, 1, "1", \
      "Share of SMEs' non-hub sales that are exports [choice]") \
    X(market, cost_ratio, DOUBLE, NONE, "0.96", 0, 2, "1", \
      "Operating costs (labour, material, fixed) as a share of capacity at full use [calibrated: thin SME margins]") \
    X(market, employment_adjustment, DOUBLE, NONE, "0.08", 0, 1, "1/month", \
      "Speed at which employment follows sales relative to capacity [choice]") \
    X(market, employment_noise, DOUBLE, NONE, "0.02", 0, 1, "1/sqrt(month)", \
      "Gibrat noise: s.d. of monthly log employment growth [choice]") \
    X(market, exit_months, INT, NONE, "12", 1, 600, "month", \
      "Consecutive months of negative capital after which a firm exits [choice]") \
    X(market, exit_hazard, DOUBLE, NONE, "0.003", 0, 1, "1/month", \
      "Exogenous monthly closure hazard of SMEs (owner exit, relocation) [calibrated]") \
    X(market, initial_capital_months, DOUBLE, NONE, "3", 0, 1000, "month", \
      "Initial capital in months of capacity sales [choice]") \
    X(market, hub_demand_lg, SERIES, NONE, "{2003: 1.0}", 0, 10, "1", \
      "Demand index of LG's hubs (1 = start); relocations cut it [scenario input]") \
    X(market, hub_demand_samsung, SERIES, NONE, "{2003: 1.0}", 0, 10, "1", \
      "Demand index of Samsung's hubs (1 = start); relocations cut it [scenario input]") \
    X(market, line_demand_display, SERIES, NONE, "{2003: 1.0}", 0, 10, "1", \
      "Demand index of the hubs' display lines in the cluster (1 = start), times their group's index; moving a line elsewhere cuts it [scenario input]") \
    X(market, line_demand_mobile, SERIES, NONE, "{2003: 1.0}", 0, 10, "1", \
      "Demand index of the hubs' mobile-phone lines in the cluster, times their group's index [scenario input]") \
    X(market, line_demand_components, SERIES, NONE, "{2003: 1.0}", 0, 10, "1", \
      "Demand index of the hubs' component lines (LED, electronic parts), times their group's index [scenario input]") \
    X(market, line_demand_semiconductors, SERIES, NONE, "{2003: 1.0}", 0, 10, "1", \
      "Demand index of the hubs' semiconductor lines, times their group's index [scenario input]") \
    X(market, search_rate, DOUBLE, NONE, "0.1", 0, 1, "1/month", \
      "Monthly chance that a supplier whose chain sales have fallen to nothing searches for other customers; it scales with the shortfall of its smoothed chain sales from their base, since falling hub orders are what push suppliers to look for new customers (Lee, Choi & Lee 2016) [choice]") \
    X(market, rival_acceptance, DOUBLE, NONE, "0.25", 0, 1, "1", \
      "Factor on the chance that a buyer of the other business group takes a supplier from its rival's chain: registered suppliers sell to one conglomerate (Lee, Choi & Lee 2016), and rivals guard their product know-how [choice]") \
    X(market, qualify_rate, DOUBLE, NONE, "0.003", 0, 1, "1/month", \
      "Monthly chance that an independent SME applies to become a registered supplier of a group buyer (vendor qualification); the buyer takes it as the search's buyer takes a supplier, by its fit against the buyer's current suppliers. 0: registration only at entry [calibrated to the case's registered shares of 2012]") \
    X(market, customer_gain, DOUBLE, NONE, "0.05", 0, 1, "1", \
      "Share of the remaining gap to full market access that one successful search for non-hub customers closes [choice]") \
    /* ---- entry and hub spin-offs ------------------------------------------------- */ \
    X(entry, rate, SERIES, NONE, "{2003: 60, 2006: 100, 2008: 165}", 0, 1e7, "firm/year", \
      "Entrants per year before scaling (new land in complex 4 from 2006) [calibrated by hand to the tenant counts 2007-10, docs/ODD.md]") \
    X(entry, sector_share, VEC, SECTORS, \
      "{food: 0.003, textiles: 0.03, wood_paper: 0.03, petrochemicals: 0.11, non_metallic: 0.04, steel: 0.015, machinery: 0.46, electronics: 0.25, transport: 0.01, other: 0.052}", \
      0, 1, "1", "Sector shares of entrants: mostly small machinery firms [case; calibrated by hand to the 2010 sector shares]") \
    X(entry, size_class_share, VEC, SIZES, \
      "{under_50: 0.88, 50_99: 0.08, 100_299: 0.037, 300_999: 0.003, 1000_plus: 0.0005}", 0, 1, "1", \
      "Employee classes of entrants [choice: entrants are small; the split among the medium classes calibrated by hand to the 2012 size table]") \
    X(entry, registered_share, DOUBLE, NONE, "0.55", 0, 1, "1", \
      "Share of SME entrants that register as suppliers of LG or Samsung [calibrated by hand to the case's 2012 registered share, docs/ODD.md]") \
    X(entry, spinoff_rate, DOUBLE, NONE, "0.05", 0, 100, "firm/hub/year", \
      "SMEs spun off per hub per year as hubs outsource lines; they enter as tier-1 suppliers [choice]") \
    /* ---- knowledge and learning (Cowan & Jonard 2004; Nooteboom et al. 2007) ------ */ \
    X(learning, rate, DOUBLE, NONE, "0.05", 0, 1, "1/month", \
      "Share of the gap to a partner closed per month at w = alpha = L = 1 [choice]") \
    X(learning, distance_a, DOUBLE, NONE, "4", 0, 100, "1", \
      "a of L(d) = (a d)(b - c d), the learning value of cognitive distance [Nooteboom et al. 2007]") \
    X(learning, distance_b, DOUBLE, NONE, "1", 0, 100, "1", "b of L(d) [Nooteboom et al. 2007]") \
    X(learning, distance_c, DOUBLE, NONE, "1", 0, 100, "1", "c of L(d); optimum at d = b/(2c) [Nooteboom et al. 2007]") \
    X(learning, depreciation, DOUBLE, NONE, "0.002", 0, 1, "1/month", \
      "Monthly knowledge depreciation (about 2.4% a year) [choice]") \
    X(learning, alpha_mean, DOUBLE, NONE, "0.5", 0, 1, "1", \
      "Mean absorptive capacity of SMEs; large firms get alpha_large [Cohen & Levinthal 1990; choice]") \
    X(learning, alpha_large, DOUBLE, NONE, "0.8", 0, 1, "1", "Absorptive capacity of large firms [choice]") \
    X(learning, rnd_threshold_months, DOUBLE, NONE, "2", 0, 1000, "month", \
      "Capital (in months of capacity sales) above which a firm invests in R&D [SKIN; choice]") \
    X(learning, rnd_cost_share, DOUBLE, NONE, "0.01", 0, 1, "1", \
      "Share of monthly capacity sales spent on R&D by investing firms [choice]") \
    X(learning, rnd_success, DOUBLE, NONE, "0.02", 0, 1, "1/month", \
      "Monthly success probability of incremental research at mean knowledge [SKIN; choice]") \
    X(learning, rnd_step, DOUBLE, NONE, "0.05", 0, 10, "1", \
      "Knowledge gain of a successful incremental innovation in the field researched [choice]") \
    X(learning, radical_share, DOUBLE, NONE, "0.1", 0, 1, "1", \
      "Share of successful innovations that open a field the firm did not use [SKIN; choice]") \
    /* ---- ties: formation, trust, decay ------------------------------------------- */ \
    X(ties, initial_supply_ties, DOUBLE, NONE, "0.5", 0, 1, "1", \
      "Probability that a supplier starts with a collaboration tie to its buyer (origin supply) [choice]") \
    X(ties, initial_local_ties, DOUBLE, NONE, "0.5", 0, 100, "tie/firm", \
      "Mean initial ties per firm to firms of the same complex and sector (pre-programme) [choice]") \
    X(ties, referral_rate, DOUBLE, NONE, "0.01", 0, 1, "1/month", \
      "Monthly probability that a firm meets a partner's partner (referral) [Jackson & Rogers 2007]") \
    X(ties, accept_intercept, DOUBLE, NONE, "-1.304", -100, 100, "1", "Intercept of the tie-acceptance logit [calibrated: clustersim calibrate, docs/ODD.md]") \
    X(ties, accept_learning, DOUBLE, NONE, "2.0", -100, 100, "1", "Logit weight of L(d) [Boschma 2005]") \
    X(ties, accept_same_group, DOUBLE, NONE, "0.5", -100, 100, "1", "Logit weight of organisational proximity [Boschma 2005]") \
    X(ties, accept_same_complex, DOUBLE, NONE, "0.3", -100, 100, "1", "Logit weight of geographical proximity [Boschma 2005]") \
    X(ties, accept_shared, DOUBLE, NONE, "0.5", -100, 100, "1", "Logit weight per shared partner (triadic closure) [Snijders SAOM]") \
    X(ties, accept_degree, DOUBLE, NONE, "0.2", -100, 100, "1", "Logit weight of log(1 + partner degree) (preferential attachment) [Jackson & Rogers 2007]") \
    X(ties, local_rate, DOUBLE, NONE, "0.06", 0, 1, "1/month", \
      "Monthly chance that a firm meets one of its neighbours of the same trade outside any programme (plot neighbours, trade gatherings, former colleagues: Marshall's industrial atmosphere; Storper & Venables 2004); such a meeting proposes a local tie or renews one. Set so that the initial local network neither withers nor grows through the 2003-04 burn-in (docs/ODD.md 7.4a) [choice]") \
    X(ties, local_neighbours, INT, NONE, "20", 2, 100000, "firm", \
      "Neighbours of its trade a firm can meet in everyday life: the firms of its complex and sector in its district that settled next to it (adjacent in order of arrival), the whole cell when smaller. A fixed number within a district, so a complex twice as large gives each firm the same neighbourhood (docs/ODD.md 7.4a) [choice]") \
    X(ties, initial_trust, DOUBLE, NONE, "0.3", 0, 1, "1", "Trust of a new tie [Cowan, Jonard & Zimmermann 2007; choice]") \
    X(ties, trust_base, DOUBLE, NONE, "0.3", 0, 1, "1", "Level trust drifts back to without interaction [choice]") \
    X(ties, trust_up, DOUBLE, NONE, "0.2", 0, 1, "1", "lambda_up: T += lambda_up (1 - T) after success [Klos & Nooteboom 2001]") \
    X(ties, trust_down, DOUBLE, NONE, "0.25", 0, 1, "1", "lambda_down: T *= 1 - lambda_down after failure [Klos & Nooteboom 2001]") \
    X(ties, trust_drift, DOUBLE, NONE, "0.02", 0, 1, "1/month", "Monthly drift of trust toward trust_base without interaction [choice]") \
    X(ties, broker_trust, DOUBLE, NONE, "0.6", 0, 1, "1", \
      "Trust a coordinator vouches for when it introduces two members (counted as one more common partner) [Burt 2005 brokerage and closure; choice]") \
    X(ties, rival_wariness, DOUBLE, NONE, "0.5", 0, 1, "1", \
      "Share by which trust gains shrink between suppliers of the same buyer, who compete for its orders [Bengtsson & Kock 2000 coopetition; choice]") \
    X(ties, project_rate, DOUBLE, NONE, "0.02", 0, 1, "1/month", "Monthly probability of a joint project on a tie with trust above project_trust [choice]") \
    X(ties, project_trust, DOUBLE, NONE, "0.4", 0, 1, "1", "Trust needed to start a joint project [choice]") \
    X(ties, project_p_min, DOUBLE, NONE, "0.5", 0, 1, "1", "p_min of joint-work success p = p_min + (p_max - p_min) (T + L(d)/L*)/2: trust and cognitive fit [Cowan, Jonard & Zimmermann 2007; Nooteboom et al. 2007]") \
    X(ties, project_p_max, DOUBLE, NONE, "0.95", 0, 1, "1", "p_max of project success [Cowan, Jonard & Zimmermann 2007]") \
    X(ties, decay, DOUBLE, NONE, "0.03", 0, 1, "1/month", "Monthly intensity loss of an unreinforced embedded tie [Burt 2002]") \
    X(ties, decay_bridge, DOUBLE, NONE, "0.18", 0, 1, "1/month", \
      "Monthly intensity loss of an unreinforced bridge (no shared partner): ~90% gone within a year [Burt 2000, 2002]") \
    X(ties, floor, DOUBLE, NONE, "0.1", 0, 1, "1", "Ties below this intensity are removed [choice]") \
    /* ---- government and programme (INFSO-SKIN call cycle; KICOX rules) ----------- */ \
    X(policy, budget, SERIES, NONE, "{2003: 0, 2005: 600}", 0, 1e9, "KRW million/year", \
      "Programme budget for the cluster per year, before scaling [scenario input; order of magnitude from the case's fees]") \
    X(policy, support, ENUM, SUPPORT, "networking", 0, 1, "1", \
      "networking: events, brokers and grants; hardware: the same money as co-financed equipment grants, drawn by lottery among SMEs that can pay their share (hardware.*) [scenario input]") \
    X(policy, split, VEC, SPLIT, "{events: 0.3, brokers: 0.2, wg_grants: 0.2, project_grants: 0.3}", 0, 1, "1", \
      "Split of the networking budget over MC events, coordinators, WG grants and joint-project grants [scenario input]") \
    X(policy, mc_count, SERIES, NONE, "{2003: 0, 2005: 10, 2006: 9, 2007: 6}", 0, 1e6, "MC", \
      "Mini-clusters active, before scaling; a fall merges the most similar MCs [case timeline]") \
    X(policy, mc_themes, VEC, FIELDS, \
      "{mold_die: 2, machining: 0, injection_moulding: 0, display: 2, mobile_devices: 2, semiconductors: 1, electronic_parts: 2, materials: 0, precision_assembly: 0, energy: 0, aerospace_parts: 0, software: 1}", \
      0, 1e6, "MC", "Main fields of the pilot MCs, opened in field order (count per field); two offices of one field stand for two pilots of one industry [case: 10 pilots; mold x2, display, mobile, E&H, IT]") \
    X(policy, mc_industry, VEC, FIELDS, \
      "{mold_die: 1, machining: 1, injection_moulding: 1, display: 2, mobile_devices: 3, semiconductors: 6, electronic_parts: 4, materials: 1, precision_assembly: 1, energy: 0, aerospace_parts: 1, software: 5}", \
      0, 1000, "industry", "Broader industry under which the agency files the MCs of each main field (equal labels: one industry; 0: only its own field); when the MC count falls, MCs of one industry merge before any others [case: the 2007 reorganisation into display, mobile, E&H, parts-materials-mold and IT equipment]") \
    X(policy, mc_capacity, INT, NONE, "100", 1, 1000000, "member", \
      "Members one MC's office can serve ('about 100 members each') [case]") \
    X(policy, budget_reference, DOUBLE, NONE, "1102", 1e-3, 1e9, "KRW million/year", \
      "Budget at which each MC office serves policy.mc_capacity members at full service; capacity scales with the office's money, a crowded MC serves each member less [calibrated: clustersim calibrate, docs/ODD.md]") \
    X(policy, fee_year, INT, NONE, "2012", 1900, 9999, "year", \
      "First year in which members pay fees [case: from 2012]") \
    X(policy, fee_share, DOUBLE, NONE, "0.2", 0, 1, "1", \
      "Share of each MC's subsidy for events and coordinators that its firm members must raise as fees from fee_year, spread at each January renewal over its active members (those whose benefit covers mc.attendance_cost); the next year an office gets the part of its subsidy matched by the share it raised, and an MC that raised none is dropped [Lee, Choi & Lee 2016: at least 20%, weak MCs dropped]") \
    X(policy, broker_cost, DOUBLE, NONE, "2", 0.001, 1e6, "KRW million/introduction", \
      "Coordinator cost of one introduction [choice]") \
    /* ---- hardware support: co-financed equipment grants (policy.support: hardware) -- */ \
    X(hardware, grant_share, DOUBLE, NONE, "0.3", 0, 1, "1", \
      "Share of an equipment project's price that a grant pays; the firm pays the rest from its capital (Korea's smart-factory support pays 30% of build costs in its large-small firm track, 50-80% in others) [Korean SME equipment schemes; choice]") \
    X(hardware, price, DOUBLE, NONE, "100", 0.001, 1e6, "KRW million", \
      "Price of one equipment project (machine tools, an automated line); the smart-factory programme paid 100-150 KRW million per SME around 2019 [choice]") \
    X(hardware, saving, DOUBLE, NONE, "0.015", 0, 1, "1/month", \
      "Monthly cut in operating costs per KRW of installed equipment (18% a year gross): at 1%/month discount and hardware.depreciation a project returns about 75% of its price, worth it at the co-financed 70%, not at 100% [choice]") \
    X(hardware, depreciation, DOUBLE, NONE, "0.01", 0, 1, "1/month", \
      "Monthly loss of installed equipment's value and savings (about 11% a year: machinery lasting some 9 years) [choice]") \
    /* ---- mini-cluster participation, events ----------------------------------------- */ \
    X(mc, join_rate, DOUBLE, NONE, "0.379", 0, 1, "1/month", \
      "Monthly probability that a non-member considers joining the MC of best fit and room (it joins if its expectation exceeds the cost) [calibrated: clustersim calibrate, docs/ODD.md]") \
    X(mc, merger_loss, DOUBLE, NONE, "0.571", 0, 1, "1", \
      "Probability that a member of an MC absorbed in a merger leaves at the reorganisation [calibrated: clustersim calibrate, docs/ODD.md]") \
    X(mc, leave_rate, DOUBLE, NONE, "0.347", 0, 1, "1/month", \
      "Monthly probability that a member whose smoothed benefit is below its cost leaves [calibrated: clustersim calibrate, docs/ODD.md]") \
    X(mc, attendance_cost, DOUBLE, NONE, "0.0401", 0, 1e3, "KRW million/month", \
      "Time cost of attending MC activities for a member [calibrated: clustersim calibrate, docs/ODD.md]") \
    X(mc, expected_benefit, DOUBLE, NONE, "0.0683", 0, 1e3, "KRW million/month", \
      "Launch promise: an MC's reputation when it opens, before members report [calibrated: clustersim calibrate, docs/ODD.md]") \
    X(mc, benefit_smoothing, DOUBLE, NONE, "0.0525", 0, 1, "1", \
      "Weight of the current month in the exponentially smoothed benefit [calibrated: clustersim calibrate, docs/ODD.md]") \
    X(mc, knowledge_value, DOUBLE, NONE, "0.159", 0, 1e6, "KRW million/unit", \
      "Value a firm puts on one unit of knowledge gained [calibrated: clustersim calibrate, docs/ODD.md]") \
    X(mc, meetings_per_event, DOUBLE, NONE, "1.0", 0, 100, "meeting/attendee", \
      "Random meetings per attendee at a monthly MC event [choice]") \
    X(mc, attendance, DOUBLE, NONE, "0.5", 0, 1, "1", \
      "Probability that a member attends a month's event [choice]") \
    /* ---- working groups (Guimera et al. 2005) ---------------------------------------- */ \
    X(wg, propose_rate, DOUBLE, NONE, "0.0014", 0, 1, "1/month", \
      "Monthly probability that a firm MC member with a problem of size 1 (relative knowledge gap or fall of hub orders) proposes a WG [calibrated: clustersim calibrate, then by hand to 0.0014 with the scale-free twin choice and coordinators helping teams, docs/ODD.md]") \
    X(wg, size, INT, NONE, "15", 2, 1000, "member", "Target WG size [case: about 15]") \
    X(wg, min_size, INT, NONE, "6", 2, 1000, "member", "Smallest WG that forms [choice]") \
    X(wg, incumbent_share, DOUBLE, NONE, "0.6", 0, 1, "1", "p: share of members drawn from firms with WG experience [Guimera et al. 2005]") \
    X(wg, repeat, DOUBLE, NONE, "0.5", 0, 1, "1", "q: tendency to pick past collaborators [Guimera et al. 2005]") \
    X(wg, learning_rate, DOUBLE, NONE, "0.08", 0, 1, "1/month", "Monthly pull toward the group's frontier in its theme field [choice]") \
    X(wg, cost, DOUBLE, NONE, "0.05", 0, 1e3, "KRW million/month", "Monthly cost of WG participation for a member, before its share of the group's grant [choice]") \
    X(wg, grant, DOUBLE, NONE, "10", 0, 1e6, "KRW million/year", "Grant a WG's plan requests per year; each month the WG pool is shared among the groups up to this [choice]") \
    X(wg, dissolve_months, INT, NONE, "6", 1, 1000, "month", "Months of benefit below cost after which a WG dissolves [choice]") \
    /* ---- firm-led organisations (Hauert et al. 2002; Ostrom 1990) -------------------- */ \
    X(org, found_rate, DOUBLE, NONE, "0.1", 0, 1, "1/month", "Monthly probability that a WG's leader calls its members to found a firm-led body around a joint project [choice]") \
    X(org, need, DOUBLE, NONE, "0.4", 0, 1, "1", "Probability that a WG member with steady hub orders sees a joint project worth committing to (times its trust in the leader); a fall of its hub orders adds to it [fitted with clustersim validate to the first founding (2008) and the largest body of 2010 (80 firms): docs/ODD.md 7.8]") \
    X(org, min_founders, INT, NONE, "8", 2, 1000, "firm", "Smallest committed core that founds a council (the mold council had 9 founders: Lee, Choi & Lee 2016) [choice]") \
    X(org, fee, DOUBLE, NONE, "0.03", 0, 1e3, "KRW million/month", "Members' dues to the treasury (360,000 KRW a year; MC fees were 100,000-300,000 KRW a year: Lee, Choi & Lee 2016) [choice]") \
    X(org, running_cost, DOUBLE, NONE, "0.02", 0, 1e3, "KRW million/month", "Running cost per member (meetings, mailings), paid from the treasury [choice]") \
    X(org, council_cost, DOUBLE, NONE, "0.05", 0, 1e3, "KRW million/month", "Fixed running cost of a council (rooms, a volunteer secretary's expenses) [choice]") \
    X(org, association_cost, DOUBLE, NONE, "0.5", 0, 1e3, "KRW million/month", "Fixed running cost of a legal association (a secretariat, accounts, registration); a council incorporates when its members' dues can carry it [choice]") \
    X(org, meeting_rate, DOUBLE, NONE, "0.2", 0, 1, "1/month", "Monthly probability that a member meets a random fellow member (a proposed tie) [choice]") \
    X(org, recruit_rate, DOUBLE, NONE, "0.18", 0, 1, "1/month", "Monthly probability that a member asks a partner to join [calibrated: clustersim calibrate, docs/ODD.md]") \
    X(org, cofinance, DOUBLE, NONE, "0.1", 0, 1, "1/month", "Share of its treasury an active organisation puts into joint projects each month (its own share of co-financed projects) [choice]") \
    X(org, match, DOUBLE, NONE, "3", 0, 100, "1", "Programme grant requested per KRW of an organisation's own project money (3: the programme pays 75 %); requests share the month's project money pro rata when they exceed it [choice]") \
    X(org, brand_access, DOUBLE, NONE, "0.002", 0, 1, "1/month", "Monthly gain in members' non-hub market access from joint projects (brand, booths, fairs) when the project spends at least the dues per member [choice]") \
    X(org, site_lots, INT, NONE, "21", 0, 1e6, "lot", "Lots of an association's joint industrial site (21 in the Gumi mold site) [case: Lee, Choi & Lee 2016]") \
    X(org, site_stake, DOUBLE, NONE, "300", 0, 1e6, "KRW million", "A firm's own capital stake in one lot (about 2,800 m2 at some 0.35 KRW million/m2, less SME-agency loans of about 70 %) [choice]") \
    X(org, site_horizon, INT, NONE, "120", 1, 1200, "month", "Months over which a firm counts the site's cost cut against its stake [choice]") \
    X(org, site_min_share, DOUBLE, NONE, "0.5", 0, 1, "1", "Share of the lots that must be subscribed before the site is built (lenders' pre-sale condition) [choice]") \
    X(org, site_cost_cut, DOUBLE, NONE, "0.01", 0, 1, "1", "Cut in a lot holder's operating cost ratio from the joint site [choice]") \
    X(org, dissolve_months, INT, NONE, "12", 1, 1000, "month", "Consecutive dormant months (treasury below zero) or months with fewer than 3 members after which an organisation dissolves [choice]")
/* clang-format on */

#define CSIM_PARAM_CTYPE_INT long
#define CSIM_PARAM_CTYPE_DOUBLE double
#define CSIM_PARAM_CTYPE_BOOL bool
#define CSIM_PARAM_CTYPE_ENUM long
#define CSIM_PARAM_CTYPE_SERIES csim_series
#define CSIM_PARAM_CTYPE_VEC csim_vec

/** All parameters of a run, resolved (defaults filled in). Plain data: copy freely. */
typedef struct csim_params {
#define CSIM_X_FIELD(sec, key, type, names, def, min, max, unit, desc) \
    CSIM_PARAM_CTYPE_##type sec##_##key;
    CSIM_PARAM_LIST(CSIM_X_FIELD)
#undef CSIM_X_FIELD
} csim_params;

extern const char *const csim_complex_names[CSIM_N_COMPLEXES];
extern const char *const csim_tier3_names[3];
extern const char *const csim_support_names[2];
extern const char *const csim_split_names[4];

/** policy.support values. */
typedef enum { CSIM_SUPPORT_NETWORKING, CSIM_SUPPORT_HARDWARE } csim_support;
/** policy.split components. */
typedef enum { CSIM_SPLIT_EVENTS, CSIM_SPLIT_BROKERS, CSIM_SPLIT_WG, CSIM_SPLIT_PROJECTS } csim_split;

/** The schema of csim_params (static data, never NULL). Thread-safe. */
const csim_schema *csim_params_schema(void);

/**
 * Fill `params` with every default of the table.
 * \return CSIM_OK, or CSIM_EPARSE if a default text in the table is invalid (a bug).
 */
csim_status csim_params_defaults(csim_params *params);

/**
 * Every parameter of `params` as YAML lines "key: value\n" in table order, the form a
 * trajectory stores (/parameters/resolved_yaml), `rerun` reads back bit for bit and an
 * ensemble compares to tell a finished task from a stale one: one function, so that the
 * writer and the comparison can never drift apart.
 * \param text  receives the malloc'd text (the caller frees it); NULL on failure
 * \return CSIM_OK or CSIM_ENOMEM.
 */
csim_status csim_params_resolved_text(const csim_params *params, char **text);

#endif /* CSIM_MODEL_PARAMS_H */
