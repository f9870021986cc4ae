/* The recorded state variables and their gathering from the model (model/traj_vars.h). */
#include "model/traj_vars.h"

#include <math.h>
#include <string.h>

#include "model/categories.h"

/* The recorded variables are `id` (the actor map, not an actor variable) followed by the
 * rows of CSIM_ACTOR_VARS (model/firms.h) whose file type is not NONE, in table order. */
#define REC_NONE(...)
#define REC_INT8(...) __VA_ARGS__
#define REC_INT16(...) __VA_ARGS__
#define REC_INT32(...) __VA_ARGS__
#define REC_DOUBLE(...) __VA_ARGS__
#define FIXED_FIXED true
#define FIXED_STATE false
#define FIXED_BUFFER false

typedef enum {
    V_ID,
#define X_ID(field, ctype, width, init, role, rec, ftype, offset, unit, names, n_names, doc) \
    REC_##ftype(V_##field, )
    CSIM_ACTOR_VARS(X_ID)
#undef X_ID
    N_VARS
} particle_var_id;
_Static_assert(N_VARS == CSIM_TRAJ_N_VARS, "CSIM_TRAJ_N_VARS must count the variables");
_Static_assert(V_ID == 0, "the id column comes first: it is the actor map of the others");

static const csim_traj_var particle_vars[N_VARS] = {
    [V_ID] = {"id", CSIM_H5_INT32, 1, NULL, NULL, 0,
              "stable actor id of the agent at this index (in /particles/firms the index "
              "itself), -1 where none is alive: the alive mask", false},
#define X_VAR(field, ctype, width, init, role, rec, ftype, offset, unit, names, n_names, doc) \
    REC_##ftype([V_##field] = {rec, CSIM_H5_##ftype, width, unit, names, n_names, doc,        \
                               FIXED_##role}, )
    CSIM_ACTOR_VARS(X_VAR)
#undef X_VAR
};

const csim_traj_var *csim_traj_vars(void) {
    return particle_vars;
}

size_t csim_traj_var_bytes(size_t var) {
    return csim_h5_type_size(particle_vars[var].type) * particle_vars[var].width;
}

/* out[j x width + k] = component k of the actor's value plus the file's code offset,
 * converted to T, or `fill` where no actor is present. (The offset is applied only where
 * it is not 0, so that a -0.0 stays -0.0.) */
#define GATHER(T, fill, array, width, offset)                                               \
    do {                                                                                    \
        T *o_ = (T *) (out);                                                                \
        const size_t w_ = (size_t) (width);                                                 \
        for (size_t j = 0; j < count; ++j) {                                                \
            for (size_t k = 0; k < w_; ++k) {                                               \
                o_[j * w_ + k] =                                                            \
                    actor[j] < 0 ? (T) (fill)                                               \
                    : (offset) == 0 ? (T) (array)[(size_t) actor[j] * w_ + k]               \
                                    : (T) ((array)[(size_t) actor[j] * w_ + k] + (offset)); \
            }                                                                               \
        }                                                                                   \
    } while (0)
#define GATHER_INT8(array, width, offset) GATHER(int8_t, -1, array, width, offset)
#define GATHER_INT16(array, width, offset) GATHER(int16_t, -1, array, width, offset)
#define GATHER_INT32(array, width, offset) GATHER(int32_t, -1, array, width, offset)
#define GATHER_DOUBLE(array, width, offset) GATHER(double, NAN, array, width, offset)

/* Entries of variable v for the `count` indices mapped to `actor`, in the element's type
 * (particle_vars[v].type: the gather of each row writes exactly that type). */
void csim_traj_gather(const csim_firms *f, size_t var, const int32_t *actor, size_t count,
                      void *out) {
    const particle_var_id v = (particle_var_id) var;
    switch (v) {
    case V_ID: /* the actor map itself: a snapshot builds it in the id column */
        if (out != (const void *) actor) {
            memcpy(out, actor, count * sizeof *actor);
        }
        break;
#define X_GATHER(field, ctype, width, init, role, rec, ftype, offset, unit, names, n_names,  \
                 doc)                                                                       \
    REC_##ftype(case V_##field: GATHER_##ftype(f->field, width, offset); break;)
        CSIM_ACTOR_VARS(X_GATHER)
#undef X_GATHER
    default:
        break;
    }
}
#undef GATHER_INT8
#undef GATHER_INT16
#undef GATHER_INT32
#undef GATHER_DOUBLE
#undef GATHER

