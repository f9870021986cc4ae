#include "model/firms.h"

#include <stdlib.h>
#include <string.h>

/* Every array of csim_firms with its element size and per-actor width, in one table, so
 * that init, reserve and destroy can never forget one. */
#define CSIM_FIRM_ARRAYS(X)                                                                 \
    X(alive, 1) X(kind, 1) X(sector, 1) X(estate, 1) X(group, 1) X(tier, 1) X(is_large, 1) \
    X(is_hub, 1) X(entry_step, 1) X(exit_step, 1) X(buyer, 1) X(mc, 1) X(wg, 1) X(org, 1)    \
    X(wg_experience, 1) X(loss_months, 1) X(employees, 1) X(alpha, 1) X(capital, 1) X(rev_chain, 1)             \
    X(rev_other, 1) X(chain_base, 1) X(other_base, 1) X(capability0, 1)                  \
    X(chain_smooth, 1) X(programme_gain, 1) X(access, 1) X(benefit, 1) X(knowledge, CSIM_K)         \
    X(knowledge_next, CSIM_K)

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
#define CSIM_X_GROW(field, width)                                                        \
    if (grow_array((void **) &firms->field, sizeof *firms->field * (width), firms->capacity, \
                   capacity) != 0) {                                                     \
        return CSIM_FAIL(CSIM_ENOMEM, "growing actor array '%s' to %zu rows", #field,   \
                         capacity);                                                      \
    }
    CSIM_FIRM_ARRAYS(CSIM_X_GROW)
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
    firms->alive[i] = 1;
    firms->kind[i] = (uint8_t) kind;
    firms->sector[i] = CSIM_SECTOR_OTHER;
    firms->estate[i] = 0;
    firms->group[i] = CSIM_GROUP_NONE;
    firms->tier[i] = kind == CSIM_KIND_FIRM ? CSIM_TIER_INDEPENDENT : CSIM_TIER_LARGE;
    firms->is_large[i] = 0;
    firms->is_hub[i] = 0;
    firms->entry_step[i] = -1;
    firms->exit_step[i] = -1;
    firms->buyer[i] = -1;
    firms->mc[i] = -1;
    firms->wg[i] = -1;
    firms->org[i] = -1;
    firms->wg_experience[i] = 0;
    firms->loss_months[i] = 0;
    firms->employees[i] = 1.0;
    firms->alpha[i] = 0.0;
    firms->capital[i] = 0.0;
    firms->rev_chain[i] = 0.0;
    firms->rev_other[i] = 0.0;
    firms->chain_base[i] = 0.0;
    firms->other_base[i] = 0.0;
    firms->capability0[i] = 0.0;
    firms->chain_smooth[i] = 0.0;
    firms->programme_gain[i] = 0.0;
    firms->access[i] = 0.0;
    firms->benefit[i] = 0.0;
    memset(firms->knowledge + i * CSIM_K, 0, CSIM_K * sizeof *firms->knowledge);
    memset(firms->knowledge_next + i * CSIM_K, 0, CSIM_K * sizeof *firms->knowledge_next);
    *index = i;
    return CSIM_OK;
}

void csim_firms_destroy(csim_firms *firms) {
#define CSIM_X_FREE(field, width) free(firms->field);
    CSIM_FIRM_ARRAYS(CSIM_X_FREE)
#undef CSIM_X_FREE
    memset(firms, 0, sizeof *firms);
}
