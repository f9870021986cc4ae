/* Tests of model/ties: the collaboration network as an edge list plus CSR adjacency, on a
 * small hand-made graph whose degrees, neighbours and shared partners are known.
 *
 *        0 --- 1          tie 0: (0,1)   tie 1: (1,2)   tie 2: (0,2)
 *         \   /           tie 3: (2,3)   tie 4: (3,4)
 *           2 --- 3 --- 4      actor 5 is isolated
 */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <string.h>

#include "model/categories.h"
#include "model/ties.h"
#include "tests/support/test_support.h"

TestSuite(ties, .init = csim_test_quiet_libraries);

#define N_NODES 6

/* Add the five ties, each given with the larger actor first so that a < b must be made. */
static void build_graph(csim_ties *t) {
    static const uint32_t uv[5][2] = {{1, 0}, {2, 1}, {2, 0}, {3, 2}, {4, 3}};
    cr_assert_eq(csim_ties_init(t, 2), CSIM_OK); /* small: adding must grow it */
    for (size_t e = 0; e < 5; ++e) {
        cr_assert_eq(csim_ties_add(t, uv[e][0], uv[e][1], 0.1 * (double) (e + 1),
                                   0.05 * (double) (e + 1), (int32_t) e, CSIM_ORIGIN_FORUM),
                     CSIM_OK);
    }
    cr_assert_eq(csim_ties_build_adjacency(t, N_NODES), CSIM_OK);
}

/* Neighbours of v in adjacency order, into out; returns the degree. */
static size_t neighbours(const csim_ties *t, size_t v, uint32_t *out) {
    size_t n = 0;
    for (size_t s = t->adj_offset[v]; s < t->adj_offset[v + 1]; ++s) {
        out[n++] = t->adj_node[s];
    }
    return n;
}

Test(ties, add_orders_ends_and_keeps_attributes) {
    csim_ties t;
    build_graph(&t);
    cr_assert_eq(t.n_ties, 5);
    cr_assert_geq(t.capacity, 5);
    static const uint32_t a[5] = {0, 1, 0, 2, 3}, b[5] = {1, 2, 2, 3, 4};
    for (size_t e = 0; e < 5; ++e) {
        cr_assert_eq(t.a[e], a[e], "tie %zu", e);
        cr_assert_eq(t.b[e], b[e], "tie %zu", e);
        CSIM_ASSERT_FP(ieee_ulp_eq(dbl, t.weight[e], 0.1 * (double) (e + 1), 0));
        CSIM_ASSERT_FP(ieee_ulp_eq(dbl, t.trust[e], 0.05 * (double) (e + 1), 0));
        cr_assert_eq(t.born[e], (int32_t) e);
        cr_assert_eq(t.last_used[e], (int32_t) e);
        cr_assert_eq(t.dead[e], 0);
        cr_assert_eq(t.origin[e], CSIM_ORIGIN_FORUM);
    }
    csim_ties_destroy(&t);
}

Test(ties, add_rejects_self_tie) {
    csim_ties t;
    build_graph(&t);
    cr_assert_eq(csim_ties_add(&t, 3, 3, 0.5, 0.3, 0, CSIM_ORIGIN_FORUM), CSIM_EINVAL);
    cr_assert_eq(t.n_ties, 5); /* nothing was appended */
    csim_ties_destroy(&t);
}

Test(ties, degrees_and_neighbour_order) {
    csim_ties t;
    build_graph(&t);
    static const size_t degree[N_NODES] = {2, 2, 3, 2, 1, 0};
    for (size_t v = 0; v < N_NODES; ++v) {
        cr_assert_eq(csim_ties_degree(&t, v), degree[v], "actor %zu", v);
    }
    cr_assert_eq(t.adj_offset[N_NODES], 10); /* two incidences per tie */
    /* Neighbours sorted by actor index, each with its tie: actor 2 has 0 (tie 2), 1 (tie 1)
     * and 3 (tie 3), although the ties were added in the order 1, 2, 3. */
    uint32_t nb[8];
    cr_assert_eq(neighbours(&t, 2, nb), 3);
    cr_assert_eq(nb[0], 0);
    cr_assert_eq(nb[1], 1);
    cr_assert_eq(nb[2], 3);
    cr_assert_eq(t.adj_tie[t.adj_offset[2]], 2);
    cr_assert_eq(t.adj_tie[t.adj_offset[2] + 1], 1);
    cr_assert_eq(t.adj_tie[t.adj_offset[2] + 2], 3);
    cr_assert_eq(neighbours(&t, 0, nb), 2);
    cr_assert_eq(nb[0], 1);
    cr_assert_eq(nb[1], 2);
    cr_assert_eq(t.adj_tie[t.adj_offset[0]], 0);
    cr_assert_eq(t.adj_tie[t.adj_offset[0] + 1], 2);
    csim_ties_destroy(&t);
}

Test(ties, neighbours_sorted_whatever_the_order_of_adding) {
    csim_ties t;
    cr_assert_eq(csim_ties_init(&t, 4), CSIM_OK);
    static const uint32_t other[6] = {9, 3, 7, 1, 12, 5};
    for (size_t e = 0; e < 6; ++e) {
        cr_assert_eq(csim_ties_add(&t, 0, other[e], 0.5, 0.3, 0, CSIM_ORIGIN_FORUM), CSIM_OK);
    }
    cr_assert_eq(csim_ties_add(&t, 9, 3, 0.5, 0.3, 0, CSIM_ORIGIN_FORUM), CSIM_OK); /* tie 6 */
    cr_assert_eq(csim_ties_build_adjacency(&t, 13), CSIM_OK);
    static const uint32_t want_node[6] = {1, 3, 5, 7, 9, 12};
    static const uint32_t want_tie[6] = {3, 1, 5, 2, 0, 4};
    uint32_t nb[8];
    cr_assert_eq(neighbours(&t, 0, nb), 6);
    for (size_t k = 0; k < 6; ++k) {
        cr_assert_eq(nb[k], want_node[k], "position %zu", k);
        cr_assert_eq(t.adj_tie[t.adj_offset[0] + k], want_tie[k], "position %zu", k);
        cr_assert_eq(csim_ties_find(&t, want_node[k], 0), (long) want_tie[k]);
    }
    cr_assert_eq(neighbours(&t, 9, nb), 2);
    cr_assert_eq(nb[0], 0);
    cr_assert_eq(nb[1], 3);
    cr_assert_eq(csim_ties_find(&t, 3, 9), 6);
    cr_assert_eq(csim_ties_find(&t, 0, 2), -1); /* between two neighbours in the sorted list */
    cr_assert_eq(csim_ties_find(&t, 0, 13), -1);
    cr_assert_eq(csim_ties_shared_partners(&t, 3, 9), 1);
    cr_assert_eq(csim_ties_shared_partners(&t, 1, 12), 1);
    csim_ties_destroy(&t);
}

/* The tie of a pair, asked either way round; -1 where there is none. */
Test(ties, find_both_directions) {
    static const struct {
        uint32_t a, b;
        long tie;
    } cases[] = {
        {0, 1, 0},  {1, 0, 0},  {2, 1, 1}, {0, 2, 2}, {3, 2, 3}, {4, 3, 4},
        {0, 3, -1}, {1, 4, -1},
        {5, 0, -1}, /* isolated actor */
        {0, 6, -1}, /* outside the adjacency */
        {99, 1, -1},
    };
    csim_ties t;
    build_graph(&t);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; ++c) {
        cr_assert_eq(csim_ties_find(&t, cases[c].a, cases[c].b), cases[c].tie, "find(%u, %u)",
                     cases[c].a, cases[c].b);
    }
    csim_ties_destroy(&t);
}

Test(ties, shared_partners_known_answers) {
    csim_ties t;
    build_graph(&t);
    cr_assert_eq(csim_ties_shared_partners(&t, 0, 1), 1); /* 2 */
    cr_assert_eq(csim_ties_shared_partners(&t, 1, 0), 1);
    cr_assert_eq(csim_ties_shared_partners(&t, 0, 3), 1); /* 2 */
    cr_assert_eq(csim_ties_shared_partners(&t, 1, 3), 1); /* 2 */
    cr_assert_eq(csim_ties_shared_partners(&t, 2, 4), 1); /* 3 */
    cr_assert_eq(csim_ties_shared_partners(&t, 0, 4), 0);
    cr_assert_eq(csim_ties_shared_partners(&t, 2, 3), 0); /* a bridge */
    cr_assert_eq(csim_ties_shared_partners(&t, 5, 2), 0);
    cr_assert_eq(csim_ties_shared_partners(&t, 0, 17), 0);
    cr_assert_eq(csim_ties_have_shared_partner(&t, 0, 1), true);
    cr_assert_eq(csim_ties_have_shared_partner(&t, 2, 4), true);
    cr_assert_not(csim_ties_have_shared_partner(&t, 0, 4));
    cr_assert_not(csim_ties_have_shared_partner(&t, 2, 3));
    cr_assert_not(csim_ties_have_shared_partner(&t, 5, 2));
    cr_assert_not(csim_ties_have_shared_partner(&t, 0, 17));
    /* Add (1,3): now 0 and 3 share 1 and 2, and 2-3 is no longer a bridge. */
    cr_assert_eq(csim_ties_add(&t, 1, 3, 0.5, 0.3, 9, CSIM_ORIGIN_REFERRAL), CSIM_OK);
    cr_assert_eq(csim_ties_build_adjacency(&t, N_NODES), CSIM_OK);
    cr_assert_eq(csim_ties_shared_partners(&t, 0, 3), 2);
    cr_assert_eq(csim_ties_shared_partners(&t, 2, 3), 1);
    cr_assert_eq(csim_ties_shared_partners(&t, 1, 2), 2); /* 0 and 3 */
    cr_assert_eq(csim_ties_have_shared_partner(&t, 2, 3), true);
    csim_ties_destroy(&t);
}

Test(ties, dead_ties_leave_adjacency_then_compaction_keeps_order) {
    csim_ties t;
    build_graph(&t);
    t.dead[1] = 1; /* (1,2) */
    cr_assert_eq(csim_ties_build_adjacency(&t, N_NODES), CSIM_OK);
    cr_assert_eq(csim_ties_find(&t, 1, 2), -1, "a tie marked dead is not in the adjacency");
    cr_assert_eq(csim_ties_degree(&t, 1), 1);
    cr_assert_eq(csim_ties_degree(&t, 2), 2);
    cr_assert_eq(t.n_ties, 5, "marking does not remove");

    csim_ties_compact(&t);
    cr_assert_eq(t.n_ties, 4);
    static const uint32_t a[4] = {0, 0, 2, 3}, b[4] = {1, 2, 3, 4};
    static const int32_t born[4] = {0, 2, 3, 4}; /* original index, as added */
    for (size_t e = 0; e < 4; ++e) {
        cr_assert_eq(t.a[e], a[e], "tie %zu", e);
        cr_assert_eq(t.b[e], b[e], "tie %zu", e);
        CSIM_ASSERT_FP(ieee_ulp_eq(dbl, t.weight[e], 0.1 * (double) (born[e] + 1), 0), "tie %zu", e);
        CSIM_ASSERT_FP(ieee_ulp_eq(dbl, t.trust[e], 0.05 * (double) (born[e] + 1), 0), "tie %zu", e);
        cr_assert_eq(t.born[e], born[e], "tie %zu", e);
        cr_assert_eq(t.dead[e], 0, "tie %zu", e);
    }
    cr_assert_eq(csim_ties_build_adjacency(&t, N_NODES), CSIM_OK);
    cr_assert_eq(csim_ties_find(&t, 2, 3), 2);
    cr_assert_eq(csim_ties_find(&t, 3, 4), 3);
    cr_assert_eq(csim_ties_find(&t, 1, 2), -1);

    /* Compacting everything away leaves an empty, usable network. */
    memset(t.dead, 1, t.n_ties);
    csim_ties_compact(&t);
    cr_assert_eq(t.n_ties, 0);
    cr_assert_eq(csim_ties_build_adjacency(&t, N_NODES), CSIM_OK);
    for (size_t v = 0; v < N_NODES; ++v) {
        cr_assert_eq(csim_ties_degree(&t, v), 0);
    }
    csim_ties_destroy(&t);
}

Test(ties, adjacency_grows_with_nodes_and_ties) {
    csim_ties t;
    cr_assert_eq(csim_ties_init(&t, 0), CSIM_OK);
    /* A star with 300 leaves around actor 0: far beyond the initial capacities. */
    for (uint32_t v = 1; v <= 300; ++v) {
        cr_assert_eq(csim_ties_add(&t, v, 0, 1.0, 0.3, -1, CSIM_ORIGIN_SUPPLY), CSIM_OK);
    }
    cr_assert_eq(t.n_ties, 300);
    cr_assert_eq(csim_ties_build_adjacency(&t, 301), CSIM_OK);
    cr_assert_eq(csim_ties_degree(&t, 0), 300);
    for (uint32_t v = 1; v <= 300; ++v) {
        cr_assert_eq(csim_ties_degree(&t, v), 1, "leaf %u", v);
        cr_assert_eq(csim_ties_find(&t, 0, v), (long) v - 1, "leaf %u", v);
        cr_assert_eq(csim_ties_find(&t, v, 0), (long) v - 1, "leaf %u", v);
    }
    /* Leaves share the hub; the hub shares nobody with a leaf. */
    cr_assert_eq(csim_ties_shared_partners(&t, 1, 300), 1);
    cr_assert_eq(csim_ties_shared_partners(&t, 0, 5), 0);
    /* More actors than before (entrants): the offsets grow, the new ones are isolated. */
    cr_assert_eq(csim_ties_build_adjacency(&t, 5000), CSIM_OK);
    cr_assert_eq(t.n_nodes, 5000);
    cr_assert_eq(csim_ties_degree(&t, 0), 300);
    cr_assert_eq(csim_ties_degree(&t, 4999), 0);
    cr_assert_eq(csim_ties_find(&t, 0, 4000), -1);
    csim_ties_destroy(&t);
}

Test(ties, destroy_twice_and_zeroed) {
    csim_ties t = {0};
    csim_ties_destroy(&t);
    build_graph(&t);
    csim_ties_destroy(&t);
    cr_assert_null(t.a);
    cr_assert_null(t.adj_offset);
    cr_assert_eq(t.n_ties, 0);
    csim_ties_destroy(&t);
}

/* A new tie's trust from what common partners report (tiedyn.c): the mean over common
 * partners k of min(T_uk, T_kv), with the prior counted as `prior_weight` reports. On the
 * graph above (trust 0.05, 0.10, 0.15, 0.20, 0.25 on ties 0-4):
 *   0-3: common 2, min(T_02 .15, T_23 .20) = .15 -> (.3 + .15) / 2 = .225
 *   1-3: common 2, min(T_12 .10, T_23 .20) = .10 -> (.3 + .10) / 2 = .2
 *   0-1: common 2, min(T_02 .15, T_12 .10) = .10 -> (.3 + .10) / 2 = .2
 *   0-4: no common partner -> the prior .3
 *   2-4: common 3, min(T_23 .20, T_34 .25) = .20, prior .45 twice -> (.9 + .2) / 3 */
Test(ties, reported_trust_known_answers) {
    csim_ties t;
    build_graph(&t);
    CSIM_ASSERT_FP(ieee_ulp_eq(dbl, csim_ties_reported_trust(&t, 0, 3, 0.3, 1.0), 0.225, 4));
    CSIM_ASSERT_FP(ieee_ulp_eq(dbl, csim_ties_reported_trust(&t, 1, 3, 0.3, 1.0), 0.2, 4));
    CSIM_ASSERT_FP(ieee_ulp_eq(dbl, csim_ties_reported_trust(&t, 3, 1, 0.3, 1.0), 0.2, 4));
    CSIM_ASSERT_FP(ieee_ulp_eq(dbl, csim_ties_reported_trust(&t, 0, 1, 0.3, 1.0), 0.2, 4));
    CSIM_ASSERT_FP(ieee_ulp_eq(dbl, csim_ties_reported_trust(&t, 0, 4, 0.3, 1.0), 0.3, 4));
    CSIM_ASSERT_FP(ieee_ulp_eq(dbl, csim_ties_reported_trust(&t, 2, 4, 0.45, 2.0), 1.1 / 3.0, 4));
    /* An actor beyond the adjacency has no partners: the prior. */
    CSIM_ASSERT_FP(ieee_ulp_eq(dbl, csim_ties_reported_trust(&t, 0, 99, 0.3, 1.0), 0.3, 4));
    csim_ties_destroy(&t);
}
