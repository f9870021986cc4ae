/**
 * \file sim/grow.h
 * The project's one growth helper for arrays that are appended to one item at a time.
 * Each module used to write its own realloc loop, with its own first size and its own
 * (often missing) check that capacity * item size fits in a size_t; this is that loop,
 * once, with the check.
 *
 * Growth is geometric (the capacity doubles) so that n appends cost O(n) copies in all.
 * On any failure the array and its capacity are left as they were: the caller still owns
 * a valid array and frees it as usual.
 */
#ifndef CSIM_SIM_GROW_H
#define CSIM_SIM_GROW_H

#include <stddef.h>

#include "sim/error.h"

/** The capacity of an empty array's first allocation (unless more is needed at once). */
#define CSIM_GROW_FIRST 8

/**
 * The capacity to hold `need` items of `size` bytes, grown from `cap`: `cap` itself when
 * it is enough, else `cap` (CSIM_GROW_FIRST when smaller) doubled until it holds `need`,
 * and never more than fits in a size_t (the largest that fits, when doubling would pass
 * it). Writes it to *next and returns CSIM_OK; returns CSIM_ENOMEM, with *next unset and
 * no message recorded, when `need` items of `size` bytes do not fit in a size_t.
 * `size` must not be 0.
 */
csim_status csim_grow_capacity(size_t cap, size_t need, size_t size, size_t *next);

/**
 * Resize the array whose pointer is at `items` (the address of a `T *`, passed as
 * `void *`) to `n` items of `size` bytes. Returns CSIM_OK, or CSIM_ENOMEM (no message
 * recorded, *items unchanged and still valid) when n * size overflows or memory runs
 * out. For arrays that share one capacity (parallel columns): csim_grow_capacity once,
 * then this for each.
 */
csim_status csim_grow_to(void *items, size_t n, size_t size);

/**
 * Make the array at `items` (the address of a `T *`), which holds *cap items of `size`
 * bytes, hold at least `need` items: csim_grow_capacity, then csim_grow_to, then *cap
 * updated. Returns CSIM_OK, or CSIM_ENOMEM with no message recorded and *items, *cap
 * unchanged: the caller says what it was growing (CSIM_FAIL) where users may read it.
 */
csim_status csim_grow(void *items, size_t *cap, size_t need, size_t size);

#endif /* CSIM_SIM_GROW_H */
