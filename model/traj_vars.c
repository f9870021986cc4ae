/* The recorded state variables and their gathering from the model (model/traj_vars.h). */
#include "model/traj_vars.h"

#include <math.h>
#include <string.h>

#include "model/categories.h"

typedef enum {
    V_ID, V_SECTOR, V_COMPLEX, V_GROUP, V_TIER, V_LARGE, V_HUB, V_ENTRY, V_BUYER, V_MC, V_WG,
    V_ORG, V_WG_EXPERIENCE, V_LOSS_MONTHS, V_EMPLOYEES, V_CAPITAL, V_SALES_CHAIN,
    V_SALES_OTHER, V_ALPHA, V_ACCESS, V_CHAIN_SMOOTH, V_CHAIN_BASE, V_OTHER_BASE,
    V_CAPABILITY0, V_PROGRAMME_GAIN, V_BENEFIT, V_KNOWLEDGE, N_VARS
} particle_var_id;
_Static_assert(N_VARS == CSIM_TRAJ_N_VARS, "CSIM_TRAJ_N_VARS must count the variables");
_Static_assert(V_ID == 0, "the id column comes first: it is the actor map of the others");

static const csim_traj_var particle_vars[N_VARS] = {
    [V_ID] = {"id", CSIM_H5_INT32, 1, NULL, NULL, 0,
              "stable actor id of the agent at this index (in /particles/firms the index "
              "itself), -1 where none is alive: the alive mask", false},
    [V_SECTOR] = {"sector", CSIM_H5_INT8, 1, NULL, csim_sector_names, CSIM_N_SECTORS,
                  "industry sector (institutions: the sector they serve)", true},
    [V_COMPLEX] = {"complex", CSIM_H5_INT8, 1, NULL, NULL, 0, "industrial complex 1..4", true},
    [V_GROUP] = {"group", CSIM_H5_INT8, 1, NULL, csim_group_names, CSIM_N_GROUPS,
                 "business group whose chain the firm belongs to", true},
    [V_TIER] = {"tier", CSIM_H5_INT8, 1, NULL, csim_tier_names, CSIM_N_TIERS,
                "position in the supply chain", true},
    [V_LARGE] = {"large", CSIM_H5_INT8, 1, NULL, NULL, 0,
                 "1 for a large firm (not an SME), else 0; fixed at birth", true},
    [V_HUB] = {"hub", CSIM_H5_INT8, 1, NULL, NULL, 0,
               "1 for a hub (large LG/Samsung affiliate buying from the chain), else 0", true},
    [V_ENTRY] = {"entry_step", CSIM_H5_INT32, 1, "month", NULL, 0,
                 "step the agent entered; -1 for those present at the start (see id for "
                 "presence)", true},
    [V_BUYER] = {"buyer", CSIM_H5_INT32, 1, NULL, NULL, 0,
                 "actor id of the firm it supplies (its supply tie), or -1", false},
    [V_MC] = {"mc", CSIM_H5_INT32, 1, NULL, NULL, 0,
              "membership: mini-cluster slot it belongs to, or -1", false},
    [V_WG] = {"wg", CSIM_H5_INT32, 1, NULL, NULL, 0,
              "membership: working group id, or -1", false},
    [V_ORG] = {"org", CSIM_H5_INT32, 1, NULL, NULL, 0,
               "membership: firm-led organisation id, or -1", false},
    [V_WG_EXPERIENCE] = {"wg_experience", CSIM_H5_INT16, 1, NULL, NULL, 0,
                         "working groups it has belonged to (saturates at 255)", false},
    [V_LOSS_MONTHS] = {"loss_months", CSIM_H5_INT16, 1, "month", NULL, 0,
                       "consecutive months with negative capital", false},
    [V_EMPLOYEES] = {"employees", CSIM_H5_DOUBLE, 1, "employee", NULL, 0,
                     "employees (continuous)", false},
    [V_CAPITAL] = {"capital", CSIM_H5_DOUBLE, 1, "KRW million", NULL, 0, "capital", false},
    [V_SALES_CHAIN] = {"sales_chain", CSIM_H5_DOUBLE, 1, "KRW million/month", NULL, 0,
                       "sales into the hub chain this month", false},
    [V_SALES_OTHER] = {"sales_other", CSIM_H5_DOUBLE, 1, "KRW million/month", NULL, 0,
                       "sales outside the hub chain this month", false},
    [V_ALPHA] = {"alpha", CSIM_H5_DOUBLE, 1, "1", NULL, 0, "absorptive capacity in [0, 1]", false},
    [V_ACCESS] = {"access", CSIM_H5_DOUBLE, 1, "1", NULL, 0,
                  "access to non-hub markets in [0, 1]", false},
    [V_CHAIN_SMOOTH] = {"chain_smooth", CSIM_H5_DOUBLE, 1, "KRW million/month", NULL, 0,
                        "chain sales smoothed over about a year (problem detection)", false},
    [V_CHAIN_BASE] = {"chain_base", CSIM_H5_DOUBLE, 1, "KRW million/month", NULL, 0,
                      "chain sales at demand index 1 and average fit (set at entry)", true},
    [V_OTHER_BASE] = {"other_base", CSIM_H5_DOUBLE, 1, "KRW million/month", NULL, 0,
                      "non-hub sales at the entry capability and access 0.5 (set at entry)", true},
    [V_CAPABILITY0] = {"capability0", CSIM_H5_DOUBLE, 1, "1", NULL, 0,
                       "capability in its own sector's fields at entry", true},
    [V_PROGRAMME_GAIN] = {"programme_gain", CSIM_H5_DOUBLE, 1, "KRW million/month", NULL, 0,
                          "value of this month's programme-derived learning", false},
    [V_BENEFIT] = {"benefit", CSIM_H5_DOUBLE, 1, "KRW million/month", NULL, 0,
                   "smoothed estimate of what programme participation brings", false},
    [V_KNOWLEDGE] = {"knowledge", CSIM_H5_DOUBLE, CSIM_N_FIELDS, "1", csim_field_names,
                     CSIM_N_FIELDS, "knowledge profile over the technology fields", false},
};

const csim_traj_var *csim_traj_vars(void) {
    return particle_vars;
}

size_t csim_traj_var_bytes(size_t var) {
    return csim_h5_type_size(particle_vars[var].type) * particle_vars[var].width;
}

/* out[j] = the actor's value converted to T, or `fill` where no actor is present. */
#define GATHER(T, out, fill, array)                                                         \
    do {                                                                                    \
        T *o_ = (T *) (out);                                                                \
        for (size_t j = 0; j < count; ++j) {                                                \
            o_[j] = actor[j] >= 0 ? (T) (array)[actor[j]] : (T) (fill);                     \
        }                                                                                   \
    } while (0)

/* Entries of variable v for the `count` indices mapped to `actor`, in the element's type
 * (particle_vars[v].type: every case below writes exactly that type). */
void csim_traj_gather(const csim_firms *f, size_t var, const int32_t *actor, size_t count,
                      void *out) {
    const particle_var_id v = (particle_var_id) var;
    const double nan = (double) NAN;
    switch (v) {
    case V_ID: /* the actor map itself: a snapshot builds it in the id column */
        if (out != (const void *) actor) {
            memcpy(out, actor, count * sizeof *actor);
        }
        break;
    case V_SECTOR: GATHER(int8_t, out, -1, f->sector); break;
    case V_COMPLEX: {
        int8_t *o = out; /* complexes are numbered 1..4 in the file, 0..3 in the model */
        for (size_t j = 0; j < count; ++j) {
            o[j] = actor[j] >= 0 ? (int8_t) (f->estate[actor[j]] + 1) : (int8_t) -1;
        }
        break;
    }
    case V_GROUP: GATHER(int8_t, out, -1, f->group); break;
    case V_TIER: GATHER(int8_t, out, -1, f->tier); break;
    case V_LARGE: GATHER(int8_t, out, -1, f->is_large); break;
    case V_HUB: GATHER(int8_t, out, -1, f->is_hub); break;
    case V_ENTRY: GATHER(int32_t, out, -1, f->entry_step); break;
    case V_BUYER: GATHER(int32_t, out, -1, f->buyer); break;
    case V_MC: GATHER(int32_t, out, -1, f->mc); break;
    case V_WG: GATHER(int32_t, out, -1, f->wg); break;
    case V_ORG: GATHER(int32_t, out, -1, f->org); break;
    case V_WG_EXPERIENCE: GATHER(int16_t, out, -1, f->wg_experience); break;
    case V_LOSS_MONTHS: GATHER(int16_t, out, -1, f->loss_months); break;
    case V_EMPLOYEES: GATHER(double, out, nan, f->employees); break;
    case V_CAPITAL: GATHER(double, out, nan, f->capital); break;
    case V_SALES_CHAIN: GATHER(double, out, nan, f->rev_chain); break;
    case V_SALES_OTHER: GATHER(double, out, nan, f->rev_other); break;
    case V_ALPHA: GATHER(double, out, nan, f->alpha); break;
    case V_ACCESS: GATHER(double, out, nan, f->access); break;
    case V_CHAIN_SMOOTH: GATHER(double, out, nan, f->chain_smooth); break;
    case V_CHAIN_BASE: GATHER(double, out, nan, f->chain_base); break;
    case V_OTHER_BASE: GATHER(double, out, nan, f->other_base); break;
    case V_CAPABILITY0: GATHER(double, out, nan, f->capability0); break;
    case V_PROGRAMME_GAIN: GATHER(double, out, nan, f->programme_gain); break;
    case V_BENEFIT: GATHER(double, out, nan, f->benefit); break;
    case V_KNOWLEDGE:
        for (size_t j = 0; j < count; ++j) {
            double *row = (double *) out + j * CSIM_N_FIELDS;
            if (actor[j] >= 0) {
                memcpy(row, csim_firms_knowledge(f, (size_t) actor[j]), CSIM_N_FIELDS * sizeof *row);
            } else {
                for (size_t k = 0; k < CSIM_N_FIELDS; ++k) {
                    row[k] = nan;
                }
            }
        }
        break;
    default:
        break;
    }
}
#undef GATHER

