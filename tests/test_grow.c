/* Tests of sim/grow.h: known capacities (first allocation, doubling, a jump past one
 * doubling, the clamp near SIZE_MAX), the refusal when a size would overflow, and an
 * array that keeps its items as it grows. */

#include <criterion/criterion.h>

#include <stdint.h>
#include <stdlib.h>

#include "sim/grow.h"
#include "tests/support/test_support.h"

TestSuite(grow, .init = csim_test_quiet_libraries);

static size_t capacity(size_t cap, size_t need, size_t size) {
    size_t next = 0;
    cr_assert_eq(csim_grow_capacity(cap, need, size, &next), CSIM_OK, "cap %zu need %zu", cap,
                 need);
    return next;
}

Test(grow, known_capacities) {
    cr_assert_eq(capacity(0, 1, 8), CSIM_GROW_FIRST);       /* an empty array's first size */
    cr_assert_eq(capacity(0, 0, 8), 0);                     /* nothing needed, nothing done */
    cr_assert_eq(capacity(3, 2, 8), 3);                     /* already enough: unchanged */
    cr_assert_eq(capacity(8, 8, 8), 8);
    cr_assert_eq(capacity(8, 9, 8), 16);                    /* one doubling */
    cr_assert_eq(capacity(10, 11, 4), 20);
    cr_assert_eq(capacity(16, 100, 4), 128);                /* doubled until it holds need */
    cr_assert_eq(capacity(0, 1000, 1), 1024);
    cr_assert_eq(capacity(2, 3, 1), CSIM_GROW_FIRST);       /* small capacities start at 8 */
}

Test(grow, clamps_below_overflow) {
    /* Doubling would pass the most a size_t counts: the capacity stops at that most. */
    const size_t most = SIZE_MAX / 16;
    cr_assert_eq(capacity(most / 2 + 1, most / 2 + 2, 16), most);
    cr_assert_eq(capacity(most - 1, most, 16), most);
}

Test(grow, refuses_overflow) {
    size_t next = 42;
    cr_assert_eq(csim_grow_capacity(0, SIZE_MAX / 8 + 1, 8, &next), CSIM_ENOMEM);
    cr_assert_eq(next, 42, "left unset on refusal");
    cr_assert_eq(csim_grow_capacity(0, SIZE_MAX, 2, &next), CSIM_ENOMEM);

    /* The array and its capacity stay as they were, still valid. */
    int *items = NULL;
    size_t cap = 0;
    cr_assert_eq(csim_grow(&items, &cap, 3, sizeof *items), CSIM_OK);
    items[0] = 7;
    int *const before = items;
    cr_assert_eq(csim_grow(&items, &cap, SIZE_MAX / 2, sizeof *items), CSIM_ENOMEM);
    cr_assert_eq(items, before);
    cr_assert_eq(cap, CSIM_GROW_FIRST);
    cr_assert_eq(items[0], 7);
    cr_assert_eq(csim_grow_to(&items, SIZE_MAX / 2, sizeof *items), CSIM_ENOMEM);
    cr_assert_eq(items, before);
    free(items);
}

Test(grow, keeps_items) {
    size_t *items = NULL;
    size_t cap = 0;
    for (size_t i = 0; i < 1000; ++i) {
        cr_assert_eq(csim_grow(&items, &cap, i + 1, sizeof *items), CSIM_OK);
        cr_assert_geq(cap, i + 1);
        items[i] = i * i;
    }
    cr_assert_eq(cap, 1024);
    for (size_t i = 0; i < 1000; ++i) {
        cr_assert_eq(items[i], i * i);
    }
    /* Parallel columns share one capacity: each grows to it. */
    double *other = NULL;
    cr_assert_eq(csim_grow_to(&other, cap, sizeof *other), CSIM_OK);
    other[cap - 1] = 1.5;
    cr_assert_eq(csim_grow_to(&other, 0, sizeof *other), CSIM_OK);
    cr_assert_null(other, "resized to nothing: freed");
    free(items);
}
