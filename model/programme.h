/**
 * \file model/programme.h
 * The cluster programme's bodies: mini-clusters (MCs, created, merged and closed by the
 * policy timeline), working groups (WGs, formed inside MCs) and the firm-led
 * organisations that grow out of WGs (council -> association -> cooperative).
 * Members point at their body through csim_firms.mc / .wg / .org; the bodies keep counts.
 */
#ifndef CSIM_MODEL_PROGRAMME_H
#define CSIM_MODEL_PROGRAMME_H

#include <stddef.h>
#include <stdint.h>

#include "model/categories.h"
#include "sim/error.h"

/** Stage of a firm-led organisation. */
typedef enum {
    CSIM_ORG_COUNCIL, CSIM_ORG_ASSOCIATION, CSIM_ORG_COOPERATIVE, CSIM_ORG_DISSOLVED,
    CSIM_N_ORG_STAGES
} csim_org_stage;

extern const char *const csim_org_stage_names[CSIM_N_ORG_STAGES];

typedef struct csim_mc {
    int active;                      /**< 1 while the MC runs                              */
    double theme[CSIM_N_FIELDS];     /**< weights over fields, sum 1                      */
    int main_field;                  /**< argmax of theme                                 */
    uint32_t district;               /**< district it serves (csim_sim__districts; 0 at scale 1) */
    size_t members;                  /**< actors that belong to it                        */
    double base_capacity;            /**< members its office serves at the reference budget (merges add up) */
    double capacity;                 /**< members it serves this year: base x budget / reference */
    int32_t opened;                  /**< step opened                                     */
    int32_t closed;                  /**< step closed or merged away, -1 while active      */
    int32_t merged_into;             /**< slot it merged into, or -1                      */
    double weight;                   /**< share of the programme's office money, relative to an equal share (1 without the fee rule) */
    double reputation;               /**< benefit non-members hear of (word of mouth), KRW million/month */
    double leaver_reports;           /**< benefits reported by recent leavers (fading sum) */
    double leaver_count;             /**< recent leavers (the same fading weights)        */
    double fee;                      /**< yearly fee per firm member this year, KRW million */
    double fee_required;             /**< fees the office must raise this year, KRW million */
    double fees_raised;              /**< fees raised this year, KRW million              */
    size_t coordinator_time;         /**< introductions its coordinators have this month (meetings.c) */
    size_t team_help;                /**< of them spent helping WG leaders (groups.c), taken from the next month's pair introductions */
} csim_mc;

typedef struct csim_wg {
    int active;                      /**< 1 while it meets                                */
    int32_t mc;                      /**< parent MC slot                                  */
    int field;                       /**< theme field (the shared problem)                */
    int32_t formed;                  /**< step formed                                     */
    int32_t ended;                   /**< step dissolved, or -1                           */
    size_t n_members;                /**< members in `members`                            */
    uint32_t *members;               /**< actor indices (owned), n_members entries        */
    double benefit;                  /**< smoothed mean benefit per member, KRW million/month */
    int bad_months;                  /**< consecutive months with benefit below cost      */
    int funded;                      /**< 1 while it draws a grant                        */
    double grant;                    /**< grant received this month, KRW million          */
    int spun_off;                    /**< 1 once it founded an organisation               */
} csim_wg;

typedef struct csim_org {
    csim_org_stage stage;            /**< council, association, cooperative or dissolved  */
    int32_t founding_wg;             /**< WG it grew out of                               */
    int field;                       /**< theme field of the founding WG                  */
    int32_t founded;                 /**< step founded                                    */
    int32_t incorporated;            /**< step the council became an association, or -1   */
    int32_t ended;                   /**< step dissolved, or -1                           */
    int32_t mc;                      /**< MC slot of its founding WG (its constituency), or -1 */
    size_t founders;                 /**< members at founding                             */
    size_t members;                  /**< members now (a cooperative: its lot holders)    */
    double treasury;                 /**< dues less running costs and own project money, KRW million */
    int bad_months;                  /**< consecutive months dormant or with fewer than 3 members */
    int dormant;                     /**< 1 while the treasury is below zero: no projects, meetings or recruiting */
    int32_t parent;                  /**< a cooperative: the association that built its site; else -1 */
    int32_t cooperative;             /**< an association: the cooperative running its site, or -1 */
    double reputation;               /**< mean benefit its members report, KRW million/month (what a recruit expects) */
    double project_spend;            /**< this month's joint-project money (own share + grant), KRW million */
    double grants;                   /**< programme grants received so far, KRW million   */
} csim_org;

/** All programme bodies of one run. */
typedef struct csim_programme {
    size_t n_mc, mc_capacity;        /**< MC slots used / allocated                      */
    csim_mc *mc;                     /**< MC slots (a merged MC keeps its slot, inactive) */
    size_t n_wg, wg_capacity;        /**< WGs ever formed / allocated                    */
    csim_wg *wg;                     /**< every WG ever formed, by id                     */
    size_t n_org, org_capacity;      /**< organisations ever founded / allocated         */
    csim_org *org;                   /**< every organisation ever founded, by id          */
    size_t themes_opened;            /**< how many entries of policy.mc_themes were used  */
    size_t mc_plan;                  /**< MCs the programme plans this month (policy.mc_count x scale): each office's subsidy is the budget's share over them */
    size_t mc_dropped;               /**< MCs dropped under the fee rule (raised nothing) since the programme last closed; not replaced */
    double wg_pool;                  /**< WG grant money of the month (shared by the WGs), KRW million */
} csim_programme;

/** Empty programme. CSIM_OK or CSIM_ENOMEM (then destroyed). */
csim_status csim_programme_init(csim_programme *programme);
/** Free everything, including WG member lists; safe on zeroed/destroyed structs. */
void csim_programme_destroy(csim_programme *programme);
/** Append a zeroed MC / WG / organisation; its id in *id. CSIM_ENOMEM. Serial. */
csim_status csim_programme_add_mc(csim_programme *programme, size_t *id);
csim_status csim_programme_add_wg(csim_programme *programme, size_t *id);
csim_status csim_programme_add_org(csim_programme *programme, size_t *id);

/**
 * Whether MCs of main fields a and b belong to one broader industry under the agency's
 * filing `industry` (policy.mc_industry, a label per field): the same field, or equal
 * non-zero labels. Used by the merge rule (docs/ODD.md 7.1) and by the observables of
 * the mold-related MCs. Pure function.
 */
int csim_fields_same_industry(const double *industry, int a, int b);

#endif /* CSIM_MODEL_PROGRAMME_H */
