/**
 * \file model/firms.h
 * The actors of the cluster as struct-of-arrays: tenant firms and knowledge
 * institutions share one index space, so actor i is vertex i of every network, row i of
 * every state array and stream i of every random purpose. An actor keeps its index for
 * life; dead firms are flagged (alive = 0), never moved, within a run.
 *
 * Field names: `estate` is the industrial complex (not named "complex", a C99 macro);
 * `rev_chain` and `rev_other` are recorded as sales_chain and sales_other.
 */
#ifndef CSIM_MODEL_FIRMS_H
#define CSIM_MODEL_FIRMS_H

#include <stddef.h>
#include <stdint.h>

#include "model/categories.h"
#include "sim/error.h"

#define CSIM_K CSIM_N_FIELDS /**< knowledge fields per actor */

/*
 * The actor variables, each declared once. From this table follow the fields of
 * csim_firms, their allocation, growth and neutral value (firms.c), the variables a
 * trajectory records and how they are gathered (traj_vars.c), the bytes one actor's arrays
 * take (CSIM_FIRMS_BYTES_PER_ACTOR, used by memory_estimate.c) and the state the
 * determinism test digests. A new variable is one row here.
 *
 * X(field, C type, width, value of a new actor, role,
 *   recorded name, file type, file code offset, unit, enumeration names, count, description)
 *  - width: values per actor (CSIM_K for the knowledge profiles).
 *  - value of a new actor: what csim_firms_add sets; may use `kind` (csim_kind).
 *  - role: FIXED (set when the actor is created, never changed: recorded once per agent),
 *    STATE (changes during the run) or BUFFER (a work array of a phase, not state).
 *  - file type: INT8, INT16, INT32 or DOUBLE; NONE for a variable not recorded. Recorded
 *    variables keep this order in the file (after `id`, traj_vars.c): append new ones.
 *  - file code offset: added to the value in the file (complexes are 1..4 there).
 */
#define CSIM_ACTOR_VARS(X)                                                                  \
    X(alive, uint8_t, 1, 1, STATE, NULL, NONE, 0, NULL, NULL, 0,                            \
      "1 while the actor exists")                                                           \
    X(kind, uint8_t, 1, kind, FIXED, NULL, NONE, 0, NULL, NULL, 0,                          \
      "csim_kind: firm or institution")                                                     \
    X(sector, uint8_t, 1, CSIM_SECTOR_OTHER, FIXED, "sector", INT8, 0, NULL,                \
      csim_sector_names, CSIM_N_SECTORS, "industry sector (institutions: the sector they serve)") \
    X(estate, uint8_t, 1, 0, FIXED, "complex", INT8, 1, NULL, NULL, 0,                      \
      "industrial complex 1..4")                                                            \
    X(group, uint8_t, 1, CSIM_GROUP_NONE, STATE, "group", INT8, 0, NULL, csim_group_names,  \
      CSIM_N_GROUPS, "business group whose chain the firm sells into (changes when it "     \
      "switches buyers or loses its buyer)")                                                \
    X(tier, uint8_t, 1, kind == CSIM_KIND_FIRM ? CSIM_TIER_INDEPENDENT : CSIM_TIER_LARGE,   \
      STATE, "tier", INT8, 0, NULL, csim_tier_names, CSIM_N_TIERS,                          \
      "position in the supply chain (independent once it loses its buyer)")                 \
    X(is_large, uint8_t, 1, 0, FIXED, "large", INT8, 0, NULL, NULL, 0,                      \
      "1 for a large firm (not an SME), else 0; fixed at birth")                            \
    X(is_hub, uint8_t, 1, 0, FIXED, "hub", INT8, 0, NULL, NULL, 0,                          \
      "1 for a hub (large LG/Samsung affiliate buying from the chain), else 0")             \
    X(entry_step, int32_t, 1, -1, FIXED, "entry_step", INT32, 0, "month", NULL, 0,          \
      "step the agent entered; -1 for those present at the start (see id for presence)")    \
    X(exit_step, int32_t, 1, -1, STATE, NULL, NONE, 0, NULL, NULL, 0,                       \
      "step of exit; -1 while alive")                                                       \
    X(buyer, int32_t, 1, -1, STATE, "buyer", INT32, 0, NULL, NULL, 0,                       \
      "actor id of the firm it supplies (its supply tie), or -1")                           \
    X(mc, int32_t, 1, -1, STATE, "mc", INT32, 0, NULL, NULL, 0,                             \
      "membership: mini-cluster slot it belongs to, or -1")                                 \
    X(wg, int32_t, 1, -1, STATE, "wg", INT32, 0, NULL, NULL, 0,                             \
      "membership: working group id, or -1")                                                \
    X(org, int32_t, 1, -1, STATE, "org", INT32, 0, NULL, NULL, 0,                           \
      "membership: firm-led organisation id, or -1")                                        \
    X(site, int32_t, 1, -1, STATE, "site", INT32, 0, NULL, NULL, 0,                         \
      "cooperative (organisation id) whose joint site it holds a lot in, or -1")            \
    X(wg_experience, uint8_t, 1, 0, STATE, "wg_experience", INT16, 0, NULL, NULL, 0,        \
      "working groups it has belonged to (saturates at 255)")                               \
    X(loss_months, int16_t, 1, 0, STATE, "loss_months", INT16, 0, "month", NULL, 0,        \
      "consecutive months with negative capital")                                           \
    X(employees, double, 1, 1.0, STATE, "employees", DOUBLE, 0, "employee", NULL, 0,        \
      "employees (continuous)")                                                             \
    X(capital, double, 1, 0.0, STATE, "capital", DOUBLE, 0, "KRW million", NULL, 0,         \
      "capital")                                                                            \
    X(rev_chain, double, 1, 0.0, STATE, "sales_chain", DOUBLE, 0, "KRW million/month",      \
      NULL, 0, "sales into the hub chain this month")                                       \
    X(rev_other, double, 1, 0.0, STATE, "sales_other", DOUBLE, 0, "KRW million/month",      \
      NULL, 0, "sales outside the hub chain this month")                                    \
    X(alpha, double, 1, 0.0, STATE, "alpha", DOUBLE, 0, "1", NULL, 0,                       \
      "absorptive capacity in [0, 1]")                                                      \
    X(access, double, 1, 0.0, STATE, "access", DOUBLE, 0, "1", NULL, 0,                     \
      "access to non-hub markets in [0, 1]")                                                \
    X(chain_smooth, double, 1, 0.0, STATE, "chain_smooth", DOUBLE, 0, "KRW million/month",  \
      NULL, 0, "chain sales smoothed over about a year (problem detection)")                \
    X(chain_base, double, 1, 0.0, FIXED, "chain_base", DOUBLE, 0, "KRW million/month",      \
      NULL, 0, "chain sales at demand index 1 and average fit (set at entry)")              \
    X(other_base, double, 1, 0.0, FIXED, "other_base", DOUBLE, 0, "KRW million/month",      \
      NULL, 0, "non-hub sales at the entry capability and access 0.5 (set at entry)")       \
    X(capability0, double, 1, 0.0, FIXED, "capability0", DOUBLE, 0, "1", NULL, 0,           \
      "capability in its own sector's fields at entry")                                     \
    X(programme_gain, double, 1, 0.0, STATE, "programme_gain", DOUBLE, 0,                   \
      "KRW million/month", NULL, 0, "value of this month's programme-derived learning")     \
    X(benefit, double, 1, 0.0, STATE, "benefit", DOUBLE, 0, "KRW million/month", NULL, 0,   \
      "smoothed estimate of what programme participation brings")                           \
    X(org_gain, double, 1, 0.0, STATE, NULL, NONE, 0, NULL, NULL, 0,                        \
      "value of this month's learning through organisation ties, KRW million/month")        \
    X(org_benefit, double, 1, 0.0, STATE, "org_benefit", DOUBLE, 0, "KRW million/month",    \
      NULL, 0, "smoothed estimate of what its organisation brings (learning, joint projects)") \
    X(knowledge, double, CSIM_K, 0.0, STATE, "knowledge", DOUBLE, 0, "1", csim_field_names, \
      CSIM_N_FIELDS, "knowledge profile over the technology fields")                        \
    X(knowledge_next, double, CSIM_K, 0.0, BUFFER, NULL, NONE, 0, NULL, NULL, 0,            \
      "the knowledge profiles written by the synchronous learning step (then swapped)")     \
    X(equipment, double, 1, 0.0, STATE, "equipment", DOUBLE, 0, "KRW million", NULL, 0,     \
      "value of installed equipment co-financed by hardware grants (depreciating)")         \
    X(line, uint8_t, 1, CSIM_LINE_NONE, FIXED, "line", INT8, 0, NULL, csim_line_names,      \
      CSIM_N_LINES, "product line of a hub (what a relocation moves); none for other firms")

/** The actors: one array per row of CSIM_ACTOR_VARS, `capacity` rows (x width) each. */
typedef struct csim_firms {
    size_t n;        /**< actors created so far (alive or not) */
    size_t capacity; /**< rows allocated in every array         */
#define CSIM_X_FIELD(field, ctype, width, init, role, rec, ftype, offset, unit, names,      \
                     n_names, doc)                                                          \
    ctype *field;
    CSIM_ACTOR_VARS(CSIM_X_FIELD)
#undef CSIM_X_FIELD
} csim_firms;

/** Bytes of one actor's row in every array of csim_firms. */
#define CSIM_FIRMS_BYTES_PER_ACTOR                                                          \
    (0 CSIM_ACTOR_VARS(CSIM_X_FIRMS_BYTES))
#define CSIM_X_FIRMS_BYTES(field, ctype, width, init, role, rec, ftype, offset, unit,       \
                           names, n_names, doc)                                             \
    +sizeof(ctype) * (size_t) (width)

/**
 * Allocate room for `capacity` actors (n = 0).
 * \return CSIM_OK, CSIM_EINVAL (capacity 0) or CSIM_ENOMEM; on error `firms` is destroyed.
 */
csim_status csim_firms_init(csim_firms *firms, size_t capacity);

/**
 * Make room for at least `capacity` actors, keeping the existing rows (new rows zeroed).
 * \return CSIM_OK or CSIM_ENOMEM (then `firms` is unchanged). Serial code only.
 */
csim_status csim_firms_reserve(csim_firms *firms, size_t capacity);

/**
 * Append one actor with every field at its neutral value (alive, no ties, ids -1) and
 * return its index in `*index`. Grows the arrays when full.
 * \return CSIM_OK or CSIM_ENOMEM. Serial code only.
 */
csim_status csim_firms_add(csim_firms *firms, csim_kind kind, size_t *index);

/** Free everything; safe on a zeroed or destroyed struct. */
void csim_firms_destroy(csim_firms *firms);

/** Knowledge row of actor i (CSIM_K values). Cannot fail. */
static inline double *csim_firms_knowledge(const csim_firms *firms, size_t i) {
    return firms->knowledge + i * CSIM_K;
}

/** True for a firm that is alive and not a large firm. */
static inline int csim_firms_is_sme(const csim_firms *firms, size_t i) {
    return firms->alive[i] && firms->kind[i] == CSIM_KIND_FIRM && !firms->is_large[i];
}

#endif /* CSIM_MODEL_FIRMS_H */
