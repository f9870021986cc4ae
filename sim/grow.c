#include "sim/grow.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

csim_status csim_grow_capacity(size_t cap, size_t need, size_t size, size_t *next) {
    const size_t most = SIZE_MAX / size; /* the most items of `size` bytes a size_t counts */
    if (need > most) {
        return CSIM_ENOMEM;
    }
    if (need <= cap) {
        *next = cap;
        return CSIM_OK;
    }
    size_t grown = cap < CSIM_GROW_FIRST ? CSIM_GROW_FIRST : cap;
    while (grown < need) {
        /* Doubling past `most` would ask for more than can be counted: stop at `most`,
         * which holds `need` (checked above). */
        grown = grown > most / 2 ? most : 2 * grown;
    }
    *next = grown > most ? most : grown;
    return CSIM_OK;
}

csim_status csim_grow_to(void *items, size_t n, size_t size) {
    if (size != 0 && n > SIZE_MAX / size) {
        return CSIM_ENOMEM;
    }
    /* `items` is the address of some `T *`; the pointer is read and written through
     * memcpy because C has no generic pointer-to-pointer (void ** would alias a T **).
     * Object pointers share one representation on every platform POSIX supports. */
    void *old = NULL;
    memcpy(&old, items, sizeof old);
    void *grown = NULL;
    if (n * size == 0) {
        free(old); /* realloc(p, 0) is implementation-defined; say what is meant */
    } else if (!(grown = realloc(old, n * size))) {
        return CSIM_ENOMEM;
    }
    memcpy(items, &grown, sizeof grown);
    return CSIM_OK;
}

csim_status csim_grow(void *items, size_t *cap, size_t need, size_t size) {
    if (need <= *cap) {
        return CSIM_OK;
    }
    size_t next = 0;
    csim_status st = csim_grow_capacity(*cap, need, size, &next);
    if (st == CSIM_OK) {
        st = csim_grow_to(items, next, size);
    }
    if (st == CSIM_OK) {
        *cap = next;
    }
    return st;
}
