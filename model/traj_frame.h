/**
 * \file model/traj_frame.h
 * What the trajectory writer hands to its writer thread (model/trajectory.c): a copy of
 * everything one or more record calls write, taken on the simulating thread so that the
 * model can go on stepping while the copy is written.
 *
 * - csim_traj_months: the months recorded since the last hand-over: step, time, the
 *   observables row and the events of each. Small (a few hundred bytes a month).
 * - csim_traj_snapshot: one snapshot, gathered in the file's types: every time-dependent
 *   variable of csim_traj_vars() for every firm index and institution, the `fixed` ones
 *   for the indices added since the previous snapshot taken into the same buffer, and
 *   both networks' edge columns. About 200 bytes per actor created plus 29 per
 *   collaboration tie; the writer keeps one and reuses it (its buffers only grow).
 *
 * Thread-safety: none; a frame is filled by one thread and then read by another, handed
 * over through sim/worker.h (whose lock orders the two).
 */
#ifndef CSIM_MODEL_TRAJ_FRAME_H
#define CSIM_MODEL_TRAJ_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/events.h"
#include "model/sim.h"
#include "model/traj_vars.h"
#include "sim/error.h"

/** Months recorded since the last hand-over. */
typedef struct csim_traj_months {
    size_t n, cap;          /**< months held / room                                  */
    int64_t *steps;         /**< [n] the month (0-based)                              */
    double *times;          /**< [n] its time in years                                */
    double *obs;            /**< [n][row_width] the observables rows                  */
    size_t row_width;       /**< csim_observables_row_width()                         */
    csim_event *events;     /**< [n_events] the events of these months, in order      */
    size_t n_events, cap_events;
} csim_traj_months;

/*
 * The two networks' columns in a snapshot, each declared once: the struct's fields, their
 * growth and freeing (traj_frame.c) and the arrays written (trajectory.c, in the order of
 * its collab_columns and supply_columns) follow from these lists.
 * X(field, C type, values per tie, description).
 */
#define CSIM_TRAJ_COLLAB_COLUMNS(X)                                                         \
    X(collab_edges, int32_t, 2, "[n_collab][2] actor pairs")                                \
    X(collab_weight, double, 1, "intensity")                                                \
    X(collab_trust, double, 1, "trust between the partners")                                \
    X(collab_born, int32_t, 1, "step formed")                                               \
    X(collab_origin, int8_t, 1, "csim_origin")
#define CSIM_TRAJ_SUPPLY_COLUMNS(X)                                                         \
    X(supply_edges, int32_t, 2, "[n_supply][2] buyer -> supplier")                          \
    X(supply_sales, double, 1, "the supplier's chain sales")

/** One snapshot of both particle groups and both networks, in the file's types. */
typedef struct csim_traj_snapshot {
    int64_t step;                      /**< -1 for the initial state                  */
    double time;
    size_t n_firms, cap_firms;         /**< firm indices (actors created) / room       */
    size_t n_inst, cap_inst;           /**< institutions / room                        */
    size_t firms_from, inst_from;      /**< first index new in this snapshot: n_firms
                                            and n_inst of the previous take (0 at first) */
    void *firms[CSIM_TRAJ_N_VARS];     /**< [n_firms] x csim_traj_var_bytes(v); firms[0]
                                            is `id`, the actor at each index or -1. For a
                                            `fixed` v, [n_firms - firms_from]: indices
                                            firms_from.. only                            */
    void *inst[CSIM_TRAJ_N_VARS];      /**< likewise for the institutions (inst_from)  */
    int32_t *created;                  /**< scratch: the actor created at each new index
                                            (fixed variables are those of every agent
                                            created, alive or not), -1 for none          */
    size_t cap_created;
#define CSIM_X_TIE_FIELD(field, ctype, width, doc) ctype *field;
    size_t n_collab, cap_collab;       /**< collaboration ties / room                  */
    CSIM_TRAJ_COLLAB_COLUMNS(CSIM_X_TIE_FIELD)
    size_t n_supply, cap_supply;       /**< supply ties / room                         */
    CSIM_TRAJ_SUPPLY_COLUMNS(CSIM_X_TIE_FIELD)
#undef CSIM_X_TIE_FIELD
    size_t n_bodies, cap_bodies;       /**< programme bodies registered / room          */
    int32_t *members;                  /**< [n_bodies] members of each body, -1 for one
                                            ended (model/traj_bodies.h)                 */
} csim_traj_snapshot;

/** One hand-over to the writer thread: months, and a snapshot taken at the last of them. */
typedef struct csim_traj_handover {
    const csim_traj_months *months;     /**< borrowed; may hold no month        */
    const csim_traj_snapshot *snapshot; /**< borrowed, or NULL                   */
    bool sync_data;                     /**< wait for the disk after writing it (all
                                             snapshots but the last: commit syncs that) */
} csim_traj_handover;

/**
 * Room for `n` entries in `count` parallel arrays, arrays[i] holding sizes[i] bytes an
 * entry; `cap` is their common room, in entries; `what` names the entries (for the
 * message). Grows by half. On failure the arrays already grown stay valid. CSIM_ENOMEM.
 */
csim_status csim_traj_reserve_arrays(void **arrays[], const size_t sizes[], size_t count,
                                     size_t *cap, size_t n, const char *what);

/** Empty months (no allocation). */
void csim_traj_months_init(csim_traj_months *m);
/** Forget the months held (keeps the room). */
void csim_traj_months_clear(csim_traj_months *m);
/** Free the buffers. Idempotent. */
void csim_traj_months_destroy(csim_traj_months *m);
/** Append the month `sim` has just done: its step, time, observables and events. ENOMEM. */
csim_status csim_traj_months_add(csim_traj_months *m, const csim_sim *sim);

/** Empty snapshot (no allocation). */
void csim_traj_snapshot_init(csim_traj_snapshot *s);
/** Free the buffers. Idempotent. */
void csim_traj_snapshot_destroy(csim_traj_snapshot *s);
/**
 * Take the snapshot of `sim` at (`step`, `time`): every firm index, the `n_inst`
 * institutions whose actor ids are `inst_ids` (in index order), and both networks. The
 * fixed variables are taken for the indices past those of the previous take into `s`
 * (every index at the first), so that a run's snapshots, taken in order into one buffer,
 * carry each agent's fixed variables once.
 * CSIM_ENOMEM (the snapshot is then unusable until the next take).
 */
csim_status csim_traj_snapshot_take(csim_traj_snapshot *s, const csim_sim *sim,
                                    int64_t step, double time, const size_t *inst_ids,
                                    size_t n_inst);

#endif /* CSIM_MODEL_TRAJ_FRAME_H */
