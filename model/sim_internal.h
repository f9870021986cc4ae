/**
 * \file model/sim_internal.h
 * Layout of a run and the phases of a step. Only for the model/ sources and model tests.
 *
 * The month is the table CSIM_PHASES below (csim_sim_step runs its rows in order;
 * docs/ODD.md "Process overview and scheduling" describes each). Each phase that needs
 * per-actor scratch owns a typed workspace (CSIM_WORKSPACES): arrays of the actor
 * capacity, grown with the actors, that no other phase uses -- but for two hand-overs
 * named in the table: the exit phase applies the market's exit flags, and the buyer
 * search (csim_population__assign_buyers) uses its own workspace at start, entry and exit.
 */
#ifndef CSIM_MODEL_SIM_INTERNAL_H
#define CSIM_MODEL_SIM_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "model/events.h"
#include "model/firms.h"
#include "model/mc_index_internal.h"
#include "model/roster_internal.h"
#include "model/observables.h"
#include "model/params.h"
#include "model/programme.h"
#include "model/sim.h"
#include "model/ties.h"

/* ---- the workspaces: X(C type, array, what it holds), one list per workspace --------- */
#define CSIM_WS_BUYERS(X)                                                                   \
    X(double, cum, "cumulative buyer weights, laid out like the buyers")                    \
    X(int32_t, key, "(group, level) key of each actor")
#define CSIM_WS_MARKET(X)                                                                   \
    X(double, fitpow, "fit^elasticity of each supplier")                                    \
    X(double, sum_w, "per buyer: sum of chain_base x fitpow")                               \
    X(double, sum_c, "per buyer: sum of chain_base")                                        \
    X(double, edge, "an SME's edge in its sector's non-hub market (knowledge x access)")     \
    X(uint8_t, exit_flag, "1 where the market decided an exit (applied by the exit phase)")
#define CSIM_WS_MEMBERSHIP(X)                                                               \
    X(size_t, choice, "MC slot chosen, SIZE_MAX none, SIZE_MAX-1 leave")                    \
    X(double, expected_by, "the benefit the actor expects on joining")
#define CSIM_WS_MEETINGS(X)                                                                 \
    X(uint8_t, attends, "1 where the member attends its MC's forum")                        \
    X(size_t, slot, "per attendee its first proposal slot; then per firm the partner met")
#define CSIM_WS_SEARCH(X)                                                                   \
    X(double, fitpow, "each supplier's fit^elasticity for its own group's fields")          \
    X(double, sum_w, "per buyer: sum of its suppliers' chain_base x fitpow")                \
    X(double, sum_c, "per buyer: sum of its suppliers' chain_base")                         \
    X(double, cum, "cumulative employees of the possible buyers, level by level")           \
    X(int32_t, buyers, "the possible buyers, level by level, in index order")               \
    X(int32_t, new_buyer, "the buyer that took the supplier (or applicant) this month, or -1") \
    X(uint8_t, new_tier, "an applicant taken: the tier it enters (vendor qualification)")
#define CSIM_WS_ENCOUNTERS(X)                                                               \
    X(int32_t, cell, "(complex, sector) cell of each alive firm, or -1")
#define CSIM_WS_OBSERVE(X) X(double, firm_mean, "each firm's mean knowledge")

/* X(workspace, its list): `buyers` is csim_population__assign_buyers' (initial firms and
 * entrants), the others their phase's. */
#define CSIM_WORKSPACES(X)                                                                  \
    X(buyers, CSIM_WS_BUYERS)                                                               \
    X(market, CSIM_WS_MARKET)                                                               \
    X(search, CSIM_WS_SEARCH)                                                               \
    X(membership, CSIM_WS_MEMBERSHIP)                                                       \
    X(encounters, CSIM_WS_ENCOUNTERS)                                                       \
    X(meetings, CSIM_WS_MEETINGS)                                                           \
    X(observe, CSIM_WS_OBSERVE)

#define CSIM_X_WS_FIELD(ctype, array, doc) ctype *array;
#define CSIM_X_WS_STRUCT(workspace, LIST)                                                   \
    typedef struct csim_ws_##workspace {                                                    \
        LIST(CSIM_X_WS_FIELD)                                                               \
    } csim_ws_##workspace;
CSIM_WORKSPACES(CSIM_X_WS_STRUCT)
#undef CSIM_X_WS_STRUCT
#undef CSIM_X_WS_FIELD

/** Every phase's workspace; owned by the run, `capacity` rows each (not zeroed: each
 *  phase writes a row before it reads it). */
typedef struct csim_workspaces {
#define CSIM_X_WS_MEMBER(workspace, LIST) csim_ws_##workspace workspace;
    CSIM_WORKSPACES(CSIM_X_WS_MEMBER)
#undef CSIM_X_WS_MEMBER
    size_t capacity; /**< rows of every array */
} csim_workspaces;

/** Counts of things that happen during one step (reset at its start). */
typedef struct csim_step_counts {
    size_t entries;               /**< firms that entered, spin-offs included        */
    size_t spinoffs;              /**< hub spin-offs among them                      */
    size_t exits;                 /**< firms that exited                             */
    size_t ties_formed;           /**< collaboration ties formed                     */
    size_t ties_dissolved;        /**< collaboration ties removed                    */
    size_t innovations;           /**< successful own or joint innovations           */
    size_t introductions;         /**< broker introductions that formed a tie        */
    double budget_spent;          /**< programme money spent, KRW million            */
    double fees_collected;        /**< member fees collected, KRW million            */
    size_t buyer_switches;        /**< suppliers that switched to another buyer      */
    size_t customer_finds;        /**< searches that found non-hub customers         */
    size_t registrations;         /**< independent SMEs that became registered suppliers */
} csim_step_counts;

/** A proposed collaboration tie, gathered in parallel and applied in a stable order. */
typedef struct csim_tie_proposal {
    uint32_t a, b;                /**< a < b                                         */
    uint8_t origin;               /**< csim_origin                                   */
    uint8_t forced;               /**< 1: formed without the acceptance draw (WG)    */
} csim_tie_proposal;

struct csim_sim {
    csim_params p;                /**< resolved parameters (read-only after create)  */
    uint64_t seed;                /**< replicate seed: key of every random stream     */
    uint64_t replicate;           /**< replicate number                               */
    long step;                    /**< step being simulated (0-based); steps done after it */
    csim_firms firms;             /**< all actors                                     */
    csim_ties ties;               /**< collaboration network                          */
    csim_programme prog;          /**< MCs, WGs, organisations                        */
    csim_events events;           /**< events of the current step                     */
    csim_step_counts counts;      /**< counts of the current step                     */
    size_t initial_firms;         /**< firms created at step 0 (institutions excluded) */
    size_t firms_alive;           /**< tenant firms alive now                         */
    double ref_capability;        /**< mean SME capability at the start (market scale) */
    double year_budget;           /**< programme budget of the current year, KRW million */
    int fee_active;               /**< 1 from policy.fee_year on                      */
    csim_workspaces work;         /**< the phases' per-actor workspaces               */
    csim_tie_proposal *proposals; /**< proposals of the current step                  */
    size_t n_proposals, proposal_capacity; /**< used / allocated                      */
    double *obs_row;              /**< observables of the last step done              */
    csim_mc_index mc_index;       /**< best-fit search over MC themes (membership)    */
    csim_roster roster;           /**< actors by body, rebuilt by a phase when it needs it */
    csim_roster roster2;          /**< a second one, for phases that need two at once */
};

/** Hub demand index of group g in the current year (market.hub_demand_*). */
double csim_market__hub_demand(const csim_sim *sim, int group);
/** Demand index of hub product line `line` in `year` (market.line_demand_*; 1 for
 *  CSIM_LINE_NONE). */
double csim_market__line_demand(const csim_params *p, int line, double year);

/** Current calendar time (start_year + step / 12) of the step being simulated. */
static inline double csim_sim__year(const csim_sim *sim) {
    return (double) sim->p.run_start_year + (double) sim->step / 12.0;
}

/** Scale a count parameter by run.scale, rounding to nearest; at least `at_least`. */
size_t csim_sim__scaled(const csim_sim *sim, double count, size_t at_least);

/**
 * Districts of the complexes (docs/ODD.md 2, "Scales"): run.scale k makes the cluster k
 * times larger, and each of its round(k) districts (at least 1) holds a scale-1 cluster's
 * worth of firms. Firms meet their neighbours inside their district (7.4a) and attend
 * the offices of their own district (7.1, 7.5), so a k-fold cluster is k copies of the
 * scale-1 one wherever nearness matters. One district at scale 1.
 */
static inline size_t csim_sim__districts(const csim_sim *sim) {
    return csim_sim__scaled(sim, 1.0, 1);
}

/** District of actor i: actors fill the districts in turn, in order of arrival. */
static inline uint32_t csim_sim__district(const csim_sim *sim, size_t i) {
    return (uint32_t) (i % csim_sim__districts(sim));
}

/** Make every workspace at least as long as the actor capacity. */
csim_status csim_sim__ensure_workspaces(csim_sim *sim);

/** Queue a tie proposal (serial). CSIM_ENOMEM. */
csim_status csim_sim__propose(csim_sim *sim, uint32_t u, uint32_t v, csim_origin origin,
                              int forced);

/**
 * Append `count` proposal slots for the caller to fill, possibly in parallel, each with
 * csim_sim__proposal() (a slot may stay empty: proposal (u, u)). Serial. Returns the
 * first slot, or NULL on CSIM_ENOMEM (error recorded). Valid until the next queueing.
 */
csim_tie_proposal *csim_sim__reserve_proposals(csim_sim *sim, size_t count);

/** The proposal of a tie u-v; u == v gives the empty proposal, which is never applied. */
static inline csim_tie_proposal csim_sim__proposal(uint32_t u, uint32_t v, csim_origin origin,
                                                   int forced) {
    if (u == v) {
        return (csim_tie_proposal){UINT32_MAX, UINT32_MAX, 0, 0};
    }
    return (csim_tie_proposal){u < v ? u : v, u < v ? v : u, (uint8_t) origin, (uint8_t) forced};
}

/** Draw the attributes of actor `i` as a new firm (initial or entrant); a spin-off
 * (spinoff_sector >= 0) is an SME of that sector. See population.c. */
void csim_population__draw_firm(csim_sim *sim, size_t i, int entrant, uint32_t purpose,
                                int spinoff_sector);

/** Sales bases of firm i from its current size and capability (at entry). population.c */
void csim_population__set_bases(csim_sim *sim, size_t i);

/* Phases, in schedule order (each in its own file). */
csim_status csim_population__init(csim_sim *sim);           /* population.c */
csim_status csim_policy__step(csim_sim *sim);               /* policy.c     */
csim_status csim_entry__step(csim_sim *sim);                /* entry.c      */
csim_status csim_sim__prepare(csim_sim *sim);               /* sim.c        */
csim_status csim_market__step(csim_sim *sim);               /* market.c     */
csim_status csim_exit__step(csim_sim *sim);                 /* entry.c      */
csim_status csim_search__step(csim_sim *sim);               /* search.c     */
csim_status csim_membership__step(csim_sim *sim);           /* membership.c */
csim_status csim_encounters__step(csim_sim *sim);           /* encounters.c */
csim_status csim_meetings__step(csim_sim *sim);             /* meetings.c   */
csim_status csim_groups__step(csim_sim *sim);               /* groups.c     */
csim_status csim_orgs__step(csim_sim *sim);                 /* orgs.c       */
csim_status csim_sim__form_queued(csim_sim *sim);           /* sim.c        */
csim_status csim_learning__step(csim_sim *sim);             /* learning.c   */
csim_status csim_tiedyn__step(csim_sim *sim);               /* tiedyn.c     */
csim_status csim_observe__step(csim_sim *sim);              /* observables.c */

/*
 * The month: X(name, step function, workspace it owns or `none`, execution). csim_sim_step
 * runs the rows in this order; nothing else happens in a month.
 */
#define CSIM_PHASES(X)                                                                      \
    X(policy, csim_policy__step, none,                                                      \
      "budget of the year, MC timeline (open, merge, close), capacities, fee rule, "       \
      "equipment-grant lottery (hardware support); serial")                                \
    X(entry, csim_entry__step, buyers, "entrants and hub spin-offs, their buyers; serial") \
    X(prepare, csim_sim__prepare, none,                                                     \
      "workspaces grown to the actor capacity; adjacency refreshed; serial")                \
    X(market, csim_market__step, market,                                                    \
      "hub demand down the tiers, other demand, capital, employment, exit decision; "      \
      "parallel per firm, per-buyer sums serial")                                           \
    X(exit, csim_exit__step, none,                                                          \
      "flagged firms leave; orphaned suppliers re-homed (buyers workspace); serial")        \
    X(search, csim_search__step, search,                                                    \
      "suppliers whose chain orders fell search: another buyer, non-hub customers; "        \
      "parallel draws, serial apply")                                                       \
    X(membership, csim_membership__step, membership,                                        \
      "MC joining, leaving and renewal, fees; parallel draws, serial apply")                \
    X(encounters, csim_encounters__step, encounters,                                        \
      "everyday local encounters in each (complex, sector) -> proposals; parallel")        \
    X(meetings, csim_meetings__step, meetings,                                              \
      "forum events, referrals, broker introductions -> new ties; parallel proposals, "     \
      "serial apply")                                                                       \
    X(groups, csim_groups__step, none, "WG formation, meetings, dissolution; serial")      \
    X(orgs, csim_orgs__step, none,                                                          \
      "founding calls, co-financed projects, dues, recruitment, meetings, stages, joint "   \
      "sites, dormancy -> proposed ties; serial")             \
    X(form_queued, csim_sim__form_queued, none,                                             \
      "queued WG and organisation ties formed; adjacency refreshed; serial")                \
    X(learning, csim_learning__step, none,                                                  \
      "joint work and trust, knowledge from ties and WGs, own R&D, depreciation; "          \
      "parallel, synchronous")                                                              \
    X(ties, csim_tiedyn__step, none,                                                        \
      "reinforcement, trust drift, decay, removal; parallel per tie")                       \
    X(observe, csim_observe__step, observe, "observables of the month; serial sums")

/** One phase of the month (a row of CSIM_PHASES). */
typedef struct csim_phase {
    const char *name;                  /**< as in CSIM_PHASES                          */
    csim_status (*step)(csim_sim *sim); /**< runs the phase for sim->step               */
    const char *workspace;             /**< the csim_workspaces member it owns, or "none" */
    const char *what;                  /**< what it does, how it runs                   */
} csim_phase;

/** The phases of the month in order (CSIM_PHASES), `*count` of them. Static data. */
const csim_phase *csim_sim__phases(size_t *count);

/** Cognitive distance between two knowledge profiles: 1 - cosine similarity, in [0, 1]. */
double csim_learning__distance(const double *vi, const double *vj);
/** Learning value L(d) = (a d)(b - c d), floored at 0. */
double csim_learning__value(const csim_params *p, double d);
/** Capability of actor i in the fields weighted by `weights` (sum of weights 1). */
double csim_market__capability(const csim_firms *firms, size_t i, const double *weights);
/* Docs/ODD.md 7.3, non-hub sales: firm i's edge in its non-hub market (knowledge factor,
 * SMEs only, times access / 0.5); the per-sector index sum(base) / sum(base x edge) over
 * alive SMEs (1 where the sum is 0); and the sales from base, edge, displacement share and
 * the sector's index. */
double csim_market__other_edge(const csim_firms *f, const csim_params *p, size_t i);
void csim_market__pool_index(const csim_firms *f, const double *edge, double *pool_index);
double csim_market__other_sales(double base, double edge, double displacement, double pool_index);
/* Docs/ODD.md 7.3, chain sales: the index a buyer passes to its suppliers, before their
 * fit shares: 1 + theta (buyer_sales / buyer_base - 1), theta = min(elasticity,
 * purchase_share x buyer_base / suppliers_base); 0 where the buyer has no chain base. */
double csim_market__passed_index(double buyer_sales, double buyer_base, double suppliers_base,
                                 double elasticity, double purchase_share);

/** Index of the first of the n > 0 increasing cumulative weights `cum` above `target`
 *  (the last if none is): a draw in proportion to the weights (population.c). */
size_t csim_population__pick(const double *cum, size_t n, double target);
/** The category of the n weights (not cumulative) that uniform u draws in proportion to
 *  them (population.c). */
size_t csim_population__draw(const double *weights, size_t n, double u);
/** The position in [0, size) drawn with u in [0, 1) among the `width` positions around
 *  `pos` (all of them when size <= width): a firm's everyday neighbours in its (complex,
 *  sector) list, in order of arrival (population.c; docs/ODD.md 7.4a). */
size_t csim_population__neighbour(size_t size, size_t pos, size_t width, double u);
/** Position of actor i in the increasing list of `size` actors (where it is or would be). */
size_t csim_population__position(const size_t *list, size_t size, size_t i);

/** Is j a possible buyer one level above a supplier of group g: an alive firm of the
 *  group at tier `up` (a hub when up is the large-firm level)? (population.c) */
int csim_population__is_buyer(const csim_firms *f, size_t j, int g, int up);

/** Assign buyers to suppliers first..last-1 without one (population.c). */
csim_status csim_population__assign_buyers(csim_sim *sim, size_t first, size_t last);
/** Form the queued tie proposals in a stable order (tiedyn.c). */
csim_status csim_tiedyn__apply_proposals(csim_sim *sim);

/** Chance that an applicant wins an equipment grant: min(1, pot / (applicants x grant)),
 *  0 without applicants, grant or pot (hardware.c). */
double csim_hardware__chance(double pot, size_t applicants, double grant);
/** The month's equipment-grant lottery with `pot` KRW million (hardware.c). Serial. */
void csim_hardware__grants(csim_sim *sim, double pot);

/** How far firm i's smoothed chain sales are below their base, in [0, 1] (search.c). */
double csim_search__shortfall(const csim_firms *firms, size_t i);
/** Chance that a buyer takes a supplier: min(1, fitpow / the mean fitpow of its current
 *  suppliers); 1 for a buyer without suppliers (search.c). */
double csim_search__acceptance(double fitpow, double buyer_mean_fitpow);

/**
 * The office a newcomer joins among the twins (same theme, mc_index.c) of `best`, u in
 * [0, 1) (membership.c; docs/ODD.md 7.5): it follows a partner. Each alive partner of i
 * (the adjacency of `ties`) that is in an active twin counts with that twin's room
 * (service with one member more), so twin t has weight room_t x (i's partners in t),
 * walked in adjacency order; with no partner in any twin, weight room_t. Only the twins
 * of i's `district` count when the theme has an office there (csim_sim__districts), all
 * of them otherwise. `best` itself when it has no twin. Pure, thread-safe.
 */
int32_t csim_membership__pick_twin(const csim_mc_index *index, const csim_mc *mcs,
                                   const csim_firms *f, const csim_ties *ties, size_t i,
                                   uint32_t district, int32_t best, double u);
/**
 * The member a WG leader's MC secretary introduces to the team (groups.c; docs/ODD.md
 * 7.7): among `candidates` (n of them, already eligible), the one whose knowledge best
 * complements the leader's, the largest learning value L(d) of their distance (the first
 * on a tie); SIZE_MAX when n is 0. Pure.
 */
size_t csim_groups__coordinator_pick(const csim_params *p, const csim_firms *f, size_t leader,
                                     const size_t *candidates, size_t n);
/** Remove actor i from its MC (membership.c). Serial. */
void csim_groups__leave_mc(csim_sim *sim, size_t i);
/** Remove actor i from its organisation (orgs.c). Serial. */
void csim_orgs__leave(csim_sim *sim, size_t i);
/** Give up actor i's lot on a joint site (on exit; orgs.c). Serial. */
void csim_orgs__release_lot(csim_sim *sim, size_t i);
/** Remove actor i from its MC, WG and organisation, and give up its lot (on exit). Serial. */
void csim_groups__leave_all(csim_sim *sim, size_t i);

#endif /* CSIM_MODEL_SIM_INTERNAL_H */
