#include "model/firms.h"

#include <stdlib.h>
#include <string.h>

static int grow_array(void **array, size_t elem_size, size_t old_rows, size_t new_rows) {
    void *p = realloc(*array, new_rows * elem_size);
    if (!p) {
        return -1;
    }
    memset((char *) p + old_rows * elem_size, 0, (new_rows - old_rows) * elem_size);
    *array = p;
    return 0;
}

csim_status csim_firms_init(csim_firms *firms, size_t capacity) {
    memset(firms, 0, sizeof *firms);
    if (capacity == 0) {
        return CSIM_FAIL(CSIM_EINVAL, "actor capacity must be positive");
    }
    const csim_status st = csim_firms_reserve(firms, capacity);
    if (st != CSIM_OK) {
        csim_firms_destroy(firms);
    }
    return st;
}

csim_status csim_firms_reserve(csim_firms *firms, size_t capacity) {
    if (capacity <= firms->capacity) {
        return CSIM_OK;
    }
    /* realloc each array; on failure the arrays already grown are still valid (larger),
     * so the struct stays consistent with the old capacity. */
#define CSIM_X_GROW(field, ctype, width, init, role, rec, ftype, offset, unit, names,     \
                    n_names, doc)                                                        \
    if (grow_array((void **) &firms->field, sizeof *firms->field * (width), firms->capacity, \
                   capacity) != 0) {                                                     \
        return CSIM_FAIL(CSIM_ENOMEM, "growing actor array '%s' to %zu rows", #field,   \
                         capacity);                                                      \
    }
    CSIM_ACTOR_VARS(CSIM_X_GROW)
#undef CSIM_X_GROW
    firms->capacity = capacity;
    return CSIM_OK;
}

csim_status csim_firms_add(csim_firms *firms, csim_kind kind, size_t *index) {
    if (firms->n == firms->capacity) {
        const size_t grown = firms->capacity < 16 ? 32 : firms->capacity + firms->capacity / 2;
        const csim_status st = csim_firms_reserve(firms, grown);
        if (st != CSIM_OK) {
            return st;
        }
    }
    const size_t i = firms->n++;
    /* Every variable at its neutral value (CSIM_ACTOR_VARS), each of its width. */
#define CSIM_X_RESET(field, ctype, width, init, role, rec, ftype, offset, unit, names,     \
                     n_names, doc)                                                         \
    for (size_t k = 0; k < (size_t) (width); ++k) {                                        \
        firms->field[i * (size_t) (width) + k] = (ctype) (init);                           \
    }
    CSIM_ACTOR_VARS(CSIM_X_RESET)
#undef CSIM_X_RESET
    *index = i;
    return CSIM_OK;
}

void csim_firms_destroy(csim_firms *firms) {
#define CSIM_X_FREE(field, ctype, width, init, role, rec, ftype, offset, unit, names,     \
                    n_names, doc)                                                        \
    free(firms->field);
    CSIM_ACTOR_VARS(CSIM_X_FREE)
#undef CSIM_X_FREE
    memset(firms, 0, sizeof *firms);
}
