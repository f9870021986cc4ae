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

/*
 * The registry's arrays, each declared once: the struct's fields, their growth, the
 * values of a new body and their freeing (traj_bodies.c) follow from these lists.
 *
 * CSIM_TRAJ_BODY_COLUMNS: one entry per body (index b), the columns of /programme/bodies
 * (trajectory.c writes all but open_spell, with a time column beside each step).
 * X(field, C type, value of a new body, description): a new body starts with every
 * column at that value ("none"); its kind and id are then set.
 */
#define CSIM_TRAJ_BODY_COLUMNS(X)                                                           \
    X(kind, int8_t, -1, "csim_body_kind")                                                   \
    X(id, int32_t, -1, "MC slot, WG id or organisation id (events' `body`)")               \
    X(field, int8_t, -1, "technology field: MC main field at opening, WG theme, "           \
                         "organisation's field (its founding WG's)")                        \
    X(mc, int32_t, -1, "WG: parent MC slot; organisation: MC of its founding WG, or -1; "   \
                       "MC: -1")                                                            \
    X(wg, int32_t, -1, "organisation: founding WG id; else -1")                             \
    X(parent, int32_t, -1, "cooperative: the association that built its site; else -1")     \
    X(merged_into, int32_t, -1, "MC merged away: the slot it merged into; else -1")         \
    X(founded, int32_t, -1, "step founded (opened, formed, site built)")                    \
    X(ended, int32_t, -1, "step closed, merged, dissolved; -1 while alive")                  \
    X(stage, int8_t, -1, "organisation: stage at the run's end (csim_org_stage, dissolved " \
                         "included); else -1")                                              \
    X(association, int32_t, -1, "organisation: step it became an association, or -1")      \
    X(site, int32_t, -1, "association: step it first built a site, or -1")                  \
    X(cooperative, int32_t, -1, "association: the cooperative of its first site, or -1")    \
    X(spells, int32_t, 0, "organisation: times it fell dormant")                            \
    X(open_spell, int32_t, -1, "scratch: its dormancy spell still open, or -1")

/* CSIM_TRAJ_SPELL_COLUMNS: one entry per dormancy spell, the columns of
 * /programme/dormancy. X(field, C type, description). */
#define CSIM_TRAJ_SPELL_COLUMNS(X)                                                          \
    X(spell_org, int32_t, "organisation id of each spell")                                  \
    X(spell_start, int32_t, "step it fell dormant")                                         \
    X(spell_end, int32_t, "step it became active again or dissolved; -1: dormant at the "  \
                          "run's end")

/** The registry: columns of /programme/bodies and /programme/dormancy, and the maps from
 *  the model's ids to body indices. */
typedef struct csim_traj_bodies {
    size_t n, cap; /**< bodies registered / room */
#define CSIM_X_BODY_FIELD(field, ctype, none, doc) ctype *field;
    CSIM_TRAJ_BODY_COLUMNS(CSIM_X_BODY_FIELD)
#undef CSIM_X_BODY_FIELD
    size_t n_mc, n_wg, n_org;    /**< model bodies registered, per kind                    */
    size_t *mc_b, *wg_b, *org_b; /**< body index of MC slot / WG id / organisation id    */
    size_t cap_mc, cap_wg, cap_org;
    size_t n_spells, cap_spells; /**< dormancy spells (/programme/dormancy)              */
#define CSIM_X_SPELL_FIELD(field, ctype, doc) ctype *field;
    CSIM_TRAJ_SPELL_COLUMNS(CSIM_X_SPELL_FIELD)
#undef CSIM_X_SPELL_FIELD
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
