/**
 * \file model/firms.h
 * The actors of the cluster as struct-of-arrays: tenant firms and knowledge
 * institutions share one index space, so actor i is vertex i of every network, row i of
 * every state array and stream i of every random purpose. An actor keeps its index for
 * life; dead firms are flagged (alive = 0), never moved, within a run.
 */
#ifndef CSIM_MODEL_FIRMS_H
#define CSIM_MODEL_FIRMS_H

#include <stddef.h>
#include <stdint.h>

#include "model/categories.h"
#include "sim/error.h"

#define CSIM_K CSIM_N_FIELDS /**< knowledge fields per actor */

typedef struct csim_firms {
    size_t n;                 /**< actors created so far (alive or not)                     */
    size_t capacity;          /**< rows allocated in every array                            */
    uint8_t *alive;           /**< 1 while the actor exists                                 */
    uint8_t *kind;            /**< csim_kind: firm or institution                            */
    uint8_t *sector;          /**< csim_sector (institutions: the sector they serve most)   */
    uint8_t *estate;          /**< industrial complex 0..3 (Gumi complexes 1-4); not named "complex" (C99 macro)                 */
    uint8_t *group;           /**< csim_group whose chain the firm belongs to               */
    uint8_t *tier;            /**< csim_tier                                                 */
    uint8_t *is_large;        /**< 1 for the large firms (not SMEs), fixed at birth         */
    uint8_t *is_hub;          /**< 1 for large LG/Samsung affiliates that buy from the chain */
    int32_t *entry_step;      /**< step of entry; -1 for firms present at the start         */
    int32_t *exit_step;       /**< step of exit; -1 while alive                              */
    int32_t *buyer;           /**< supply tie: index of the buyer (hub or upper tier), or -1 */
    int32_t *mc;              /**< mini-cluster slot the actor belongs to, or -1             */
    int32_t *wg;              /**< working group id, or -1                                   */
    int32_t *org;             /**< firm-led organisation id, or -1                           */
    uint8_t *wg_experience;   /**< working groups the actor has belonged to (saturates at 255) */
    int16_t *loss_months;     /**< consecutive months with negative capital                  */
    double *employees;        /**< employees (continuous; rounded for size classes)          */
    double *alpha;            /**< absorptive capacity in [0, 1] (Cohen & Levinthal 1990)   */
    double *capital;          /**< capital, KRW million                                      */
    double *rev_chain;        /**< sales into the hub chain this month, KRW million         */
    double *rev_other;        /**< sales outside the hub chain this month, KRW million      */
    double *chain_base;       /**< chain sales at demand index 1 and average fit (set at entry) */
    double *other_base;       /**< non-hub sales at the entry capability and access 0.5      */
    double *capability0;      /**< capability in own sector's fields at entry               */
    double *chain_smooth;     /**< chain sales smoothed over about a year (problem detection) */
    double *programme_gain;   /**< value of this month's programme-derived learning, KRW million */
    double *access;           /**< access to non-hub markets in [0, 1]                      */
    double *benefit;          /**< smoothed estimate of what programme participation brought */
    double *knowledge;        /**< capacity x CSIM_K: knowledge profile v_i, model units     */
    double *knowledge_next;   /**< the same, written by the synchronous learning step       */
} csim_firms;

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
