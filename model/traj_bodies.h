/**
 * \file model/traj_bodies.h
 * The programme bodies of a trajectory (/programme, docs/OUTPUT.md): every mini-cluster,
 * working group and organisation of the run, with its founding, end and stage history,
 * and its members at each snapshot.
 *
 * The writer keeps a registry on the simulating thread: after each month it registers the
 * bodies new in the model's tables (their attributes at founding, read from
 * csim_programme) and reads the month's events for what happens to them later (end,
 * stage changes, sites built, dormancy). It only reads the model. Body index b is the
 * order of registration: bodies in the order they were founded, month by month, and
 * within a month the MCs, then the WGs, then the organisations, each by id; row b of
 * /programme/bodies is column b of /programme/members.
 *
 * Thread-safety: none; the simulating thread owns it. A members row handed to the writer
 * thread is a separate buffer (csim_traj_bodies_members).
 */
#ifndef CSIM_MODEL_TRAJ_BODIES_H
#define CSIM_MODEL_TRAJ_BODIES_H

#include <stddef.h>
#include <stdint.h>

#include "model/events.h"
#include "model/sim.h"
#include "sim/error.h"

/** Kinds of body (the `names` of /programme/bodies/kind). */
typedef enum { CSIM_BODY_MC, CSIM_BODY_WG, CSIM_BODY_ORG, CSIM_N_BODY_KINDS } csim_body_kind;

extern const char *const csim_body_kind_names[CSIM_N_BODY_KINDS];

/** Columns of /programme/bodies, one entry per body (index b). */
typedef struct csim_traj_bodies {
    size_t n, cap;            /**< bodies registered / room                              */
    int8_t *kind;             /**< csim_body_kind                                        */
    int32_t *id;              /**< MC slot, WG id or organisation id (events' `body`)     */
    int8_t *field;            /**< technology field: MC main field at opening, WG theme,
                                   organisation's field (its founding WG's)              */
    int32_t *mc;              /**< WG: parent MC slot; organisation: MC of its founding
                                   WG, or -1; MC: -1                                    */
    int32_t *wg;              /**< organisation: founding WG id; else -1                 */
    int32_t *parent;          /**< cooperative: the association that built its site; else -1 */
    int32_t *merged_into;     /**< MC merged away: the slot it merged into; else -1       */
    int32_t *founded;         /**< step founded (opened, formed, site built)             */
    int32_t *ended;           /**< step closed, merged, dissolved; -1 while alive         */
    int8_t *stage;            /**< organisation: stage at the run's end (csim_org_stage,
                                   dissolved included); else -1                         */
    int32_t *association;     /**< organisation: step it became an association, or -1    */
    int32_t *site;            /**< association: step it first built a site, or -1        */
    int32_t *cooperative;     /**< association: the cooperative of its first site, or -1  */
    int32_t *spells;          /**< organisation: times it fell dormant                   */
    int32_t *open_spell;      /**< scratch: its dormancy spell still open, or -1          */
    size_t n_mc, n_wg, n_org; /**< model bodies registered, per kind                    */
    size_t *mc_b, *wg_b, *org_b; /**< body index of MC slot / WG id / organisation id    */
    size_t cap_mc, cap_wg, cap_org;
    size_t n_spells, cap_spells; /**< dormancy spells (/programme/dormancy)              */
    int32_t *spell_org;       /**< organisation id of each spell                          */
    int32_t *spell_start;     /**< step it fell dormant                                  */
    int32_t *spell_end;       /**< step it became active again or dissolved; -1: dormant
                                   at the run's end                                      */
} csim_traj_bodies;

/** Empty registry (no allocation). */
void csim_traj_bodies_init(csim_traj_bodies *b);
/** Free everything. Idempotent. */
void csim_traj_bodies_destroy(csim_traj_bodies *b);

/**
 * Register the bodies `sim` has that are not registered yet, then apply `events`
 * (`n_events` of them: the month just done; none at the run's start). CSIM_ENOMEM.
 */
csim_status csim_traj_bodies_update(csim_traj_bodies *b, const csim_sim *sim,
                                    const csim_event *events, size_t n_events);

/**
 * Members of every registered body at a snapshot of step `step`, counted from the
 * snapshot's gathered membership columns (`mc`, `wg`, `org`, `site` of `n_firms` firm
 * indices and `n_inst` institutions, -1 where none): an MC the actors with mc == id, a
 * WG wg == id, an organisation org == id (council, association) or site == id
 * (cooperative: its lot holders). -1 for a body that has ended at or before `step`.
 * `out` holds b->n entries. CSIM_ENOMEM.
 */
csim_status csim_traj_bodies_members(const csim_traj_bodies *b, int64_t step,
                                     const int32_t *const firm_cols[4], size_t n_firms,
                                     const int32_t *const inst_cols[4], size_t n_inst,
                                     int32_t *out);

#endif /* CSIM_MODEL_TRAJ_BODIES_H */
