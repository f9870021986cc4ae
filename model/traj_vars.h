/**
 * \file model/traj_vars.h
 * The state variables a trajectory records for every firm and institution at each
 * snapshot (/particles/<group>/<var>, docs/OUTPUT.md): their names, file types, units and
 * enumeration names, and how each is read off the model's arrays.
 *
 * One H5MD element per state variable, value [S][N]: row s is snapshot s, entry j the
 * agent of index j (firms: the actor id itself; institutions: the j-th institution, whose
 * actor id is in `id`). An agent absent at a snapshot (dead, not yet born, or not of the
 * group's kind) holds the fill value: NaN or -1. Variables set when an agent is created
 * and never changed after (`fixed`: sector, complex, ..., the entry-time bases) are
 * time-independent H5MD data instead: one dataset [N] per variable, entry j that of the
 * agent of index j whether or not it is alive at a snapshot, written once. Narrow integer types keep large runs
 * small and cheap to compress: codes in one byte, ids in four (actor counts stay far
 * below 2^31), and two bytes for the counters whose model type bounds them
 * (wg_experience is a uint8_t saturating at 255, loss_months an int16_t).
 *
 * Thread-safety: the table is static data; csim_traj_gather only reads the firms.
 */
#ifndef CSIM_MODEL_TRAJ_VARS_H
#define CSIM_MODEL_TRAJ_VARS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/firms.h"
#include "sim/h5_series.h"

/** State variables written per snapshot for every firm and institution (docs/OUTPUT.md). */
#define CSIM_TRAJ_N_VARS 31

/** One recorded state variable. */
typedef struct csim_traj_var {
    const char *name;
    csim_h5_type type;         /**< type in the file, and of a gathered column          */
    size_t width;              /**< values per agent: 1, or CSIM_N_FIELDS for knowledge */
    const char *unit;          /**< NULL for ids, codes, flags and counts               */
    const char *const *names;  /**< enumeration names, or component labels             */
    size_t n_names;
    const char *description;
    bool fixed;                /**< set at the agent's creation, never changed: stored
                                    once per agent (dataset [N]), not per snapshot    */
} csim_traj_var;

/** The CSIM_TRAJ_N_VARS variables, in file order; entry 0 is `id`, the actor map
 *  (its value at index j is the actor there, -1 where none is present). Static data. */
const csim_traj_var *csim_traj_vars(void);

/** Bytes of one agent's entry of variable `var` (type size x width). */
size_t csim_traj_var_bytes(size_t var);

/**
 * Entries of variable `var` for `count` indices whose actors are `actor` (-1: none
 * present), converted to the variable's type, fill (NaN or -1) where none is present.
 * `out` holds count x csim_traj_var_bytes(var) bytes.
 */
void csim_traj_gather(const csim_firms *f, size_t var, const int32_t *actor, size_t count,
                      void *out);

#endif /* CSIM_MODEL_TRAJ_VARS_H */
