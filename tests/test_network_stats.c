/* Tests of analysis/networks/network_stats.h (and the series of analysis/networks/network_series.h): every
 * measure on small graphs whose values are worked out by hand in the comments, the node
 * kinds from labelled graphs, undefined measures as NaN, refusals, reproducibility of the
 * communities, and the printers. */

#include <criterion/criterion.h>

#include <igraph.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/networks/network_series.h"
#include "analysis/networks/network_stats.h"
#include "tests/support/test_support.h"

static void setup(void) {
    csim_test_quiet_libraries();
    igraph_set_error_handler(igraph_error_handler_printignore);
    igraph_set_warning_handler(igraph_warning_handler_ignore);
    igraph_set_attribute_table(&igraph_cattribute_table);
}
TestSuite(network_stats, .init = setup);

/* Absolute tolerance 1e-12: every value below is a small rational worked out by hand. */
#define NEAR(got, want)                                                                \
    cr_assert_float_eq((double) (got), (double) (want), 1e-12, "%s = %.17g, want %.17g", #got, \
                       (double) (got), (double) (want))

/*
 * A graph of n nodes, the m edges (pairs of node indices) and the node kinds as one
 * letter each: S an SME (firm, tier1 or independent), H a hub (firm, tier large, group
 * samsung), L another large firm (tier large, group none), I an institution, X a kind
 * this code does not know. Node v gets id 100 + v.
 */
static void make_graph(igraph_t *g, size_t n, const int *edges, size_t m, const char *kinds,
                       bool directed) {
    igraph_vector_int_t el;
    cr_assert_eq(strlen(kinds), n);
    cr_assert_eq(igraph_vector_int_init(&el, (igraph_integer_t) (2 * m)), IGRAPH_SUCCESS);
    for (size_t k = 0; k < 2 * m; ++k) {
        VECTOR(el)[k] = edges[k];
    }
    cr_assert_eq(igraph_create(g, &el, (igraph_integer_t) n,
                               directed ? IGRAPH_DIRECTED : IGRAPH_UNDIRECTED),
                 IGRAPH_SUCCESS);
    igraph_vector_int_destroy(&el);
    for (size_t v = 0; v < n; ++v) {
        const char *kind = "firm", *tier = "tier1", *group = "lg";
        switch (kinds[v]) {
        case 'S':
            tier = v % 2 ? "tier1" : "independent";
            group = v % 2 ? "lg" : "none";
            break;
        case 'H':
            tier = "large";
            group = "samsung";
            break;
        case 'L':
            tier = "large";
            group = "none";
            break;
        case 'I':
            kind = "institution";
            tier = "independent";
            group = "none";
            break;
        default:
            kind = "robot";
            break;
        }
        const igraph_integer_t vid = (igraph_integer_t) v;
        cr_assert_eq(igraph_cattribute_VAS_set(g, "kind", vid, kind), IGRAPH_SUCCESS);
        cr_assert_eq(igraph_cattribute_VAS_set(g, "tier", vid, tier), IGRAPH_SUCCESS);
        cr_assert_eq(igraph_cattribute_VAS_set(g, "group", vid, group), IGRAPH_SUCCESS);
        cr_assert_eq(igraph_cattribute_VAN_set(g, "id", vid, (double) (100 + v)), IGRAPH_SUCCESS);
    }
}

/* Measure `g` with the default options and destroy it. */
static void measure(csim_network_stats *s, igraph_t *g) {
    CSIM_ASSERT_OK(csim_network_stats_compute(s, g, NULL));
    igraph_destroy(g);
}

/* Make the graph of make_graph and measure it with the default options. */
static void measure_graph(csim_network_stats *s, size_t n, const int *edges, size_t m,
                          const char *kinds, bool directed) {
    igraph_t g;
    make_graph(&g, n, edges, m, kinds, directed);
    measure(s, &g);
}

/* ---------------------------------------------------------------------------------- */

/* A star: centre 0 (a hub), leaves 1..4 (SMEs). */
Test(network_stats, star_known_answers) {
    static const int e[] = {0, 1, 0, 2, 0, 3, 0, 4};
    csim_network_stats s;
    measure_graph(&s, 5, e, 4, "HSSSS", false);

    cr_assert_eq(s.nodes, 5);
    cr_assert_eq(s.edges, 4);
    cr_assert_eq(s.class_nodes[CSIM_NODE_HUB], 1);
    cr_assert_eq(s.class_nodes[CSIM_NODE_SME], 4);
    /* Degrees 4, 1, 1, 1, 1: counts [0, 4, 0, 0, 1], mean 8/5. */
    cr_assert_eq(s.degree_max, 4);
    cr_assert_eq(s.degree_count[0], 0);
    cr_assert_eq(s.degree_count[1], 4);
    cr_assert_eq(s.degree_count[2], 0);
    cr_assert_eq(s.degree_count[4], 1);
    NEAR(s.degree_mean, 1.6);
    NEAR(s.isolated_share, 0.0);
    NEAR(s.class_degree_mean[CSIM_NODE_HUB], 4.0);
    NEAR(s.class_degree_mean[CSIM_NODE_SME], 1.0);
    /* The star is the most centralised graph: sum (4 - k_i) = 12 over (n-1)(n-2) = 12. */
    NEAR(s.centralization, 1.0);
    /* Every edge joins degree 4 to degree 1: perfectly disassortative. */
    NEAR(s.assortativity, -1.0);
    /* Six connected triples (all at the centre), no triangle. */
    NEAR(s.transitivity, 0.0);
    NEAR(s.clustering_avg, 0.0);
    /* A tree: everything is in the 1-core. */
    cr_assert_eq(s.core_max, 1);
    cr_assert_eq(s.core_max_nodes, 5);
    NEAR(s.hub_core_share, 1.0);
    /* Burt: the centre spreads its ties over 4 unconnected contacts, c = 4 (1/4)^2 = 1/4;
     * a leaf depends on one contact, c = 1. */
    cr_assert_eq(s.constraint[CSIM_NODE_HUB].n, 1);
    NEAR(s.constraint[CSIM_NODE_HUB].mean, 0.25);
    NEAR(s.constraint[CSIM_NODE_SME].mean, 1.0);
    NEAR(s.constraint[CSIM_NODE_SME].median, 1.0);
    cr_assert(isnan(s.constraint[CSIM_NODE_INSTITUTION].mean));
    cr_assert_eq(s.n_lowest, 5);
    cr_assert_eq(s.lowest[0].id, 100);
    cr_assert_eq(s.lowest[0].cls, CSIM_NODE_HUB);
    cr_assert_eq(s.lowest[0].degree, 4);
    NEAR(s.lowest[0].constraint, 0.25);
    cr_assert_eq(s.lowest[1].id, 101, "equal constraints in id order");
    /* No SME-SME tie. */
    cr_assert_eq(s.sme_sme_edges, 0);
    NEAR(s.sme_sme_share, 0.0);
    /* A star has no community structure: one community, modularity 0. */
    cr_assert_eq(s.communities, 1);
    NEAR(s.modularity, 0.0);
    csim_network_stats_destroy(&s);
    csim_network_stats_destroy(&s); /* idempotent */
}

/* A triangle 0-1-2 with a pendant 3 on node 2. */
Test(network_stats, triangle_with_pendant_clustering_by_hand) {
    static const int e[] = {0, 1, 1, 2, 0, 2, 2, 3};
    csim_network_stats s;
    measure_graph(&s, 4, e, 4, "SSSS", false);

    /* Connected triples: 1 at node 0, 1 at node 1, C(3,2) = 3 at node 2: 5, of which the
     * 3 around the triangle are closed: 3 * 1 triangle / 5 triples. */
    NEAR(s.transitivity, 3.0 / 5.0);
    /* Local: nodes 0 and 1: 1; node 2: 1 link among its 3 neighbours of 3 possible: 1/3;
     * node 3 (degree 1): 0. Mean over the 4 nodes: (1 + 1 + 1/3 + 0) / 4 = 7/12. */
    NEAR(s.clustering_avg, 7.0 / 12.0);
    /* Edge ends (2,2), (2,3), (2,3), (3,1) both ways: E[x] = 9/4, E[xy] = 19/4,
     * E[x^2] = 11/2; r = (19/4 - 81/16) / (11/2 - 81/16) = -5/7. */
    NEAR(s.assortativity, -5.0 / 7.0);
    /* The triangle is the 2-core; the pendant is only in the 1-core. */
    cr_assert_eq(s.core_max, 2);
    cr_assert_eq(s.core_max_nodes, 3);
    NEAR(s.core_max_share, 0.75);
    cr_assert(isnan(s.hub_core_share), "no hubs: undefined");
    /* Degrees 2, 2, 3, 1: sum (3 - k) = 4 over (n-1)(n-2) = 6. */
    NEAR(s.centralization, 4.0 / 6.0);
    /* Burt, p_ij = 1/degree_i:
     *   node 2: to 0: 1/3 + (1/3)(1/2) = 1/2; to 1 the same; to 3: 1/3
     *           c = 1/4 + 1/4 + 1/9 = 11/18
     *   node 0: to 1: 1/2 + (1/2)(1/3) = 2/3; to 2: 1/2 + (1/2)(1/2) = 3/4
     *           c = 4/9 + 9/16 = 145/144 (node 1 the same)
     *   node 3: c = 1. */
    cr_assert_eq(s.n_lowest, 4);
    cr_assert_eq(s.lowest[0].id, 102);
    NEAR(s.lowest[0].constraint, 11.0 / 18.0);
    cr_assert_eq(s.lowest[1].id, 103);
    NEAR(s.lowest[1].constraint, 1.0);
    NEAR(s.lowest[2].constraint, 145.0 / 144.0);
    NEAR(s.constraint[CSIM_NODE_SME].min, 11.0 / 18.0);
    /* Median of 11/18, 1, 145/144, 145/144: (1 + 145/144) / 2. */
    NEAR(s.constraint[CSIM_NODE_SME].median, (1.0 + 145.0 / 144.0) / 2.0);
    NEAR(s.constraint[CSIM_NODE_SME].mean, (11.0 / 18.0 + 1.0 + 2.0 * 145.0 / 144.0) / 4.0);
    /* Every tie is between SMEs. */
    NEAR(s.sme_sme_share, 1.0);
    csim_network_stats_destroy(&s);
}

/* Two 4-cliques {0..3} and {4..7} joined by the edge 3-4. */
Test(network_stats, two_cliques_two_communities) {
    static const int e[] = {0, 1, 0, 2, 0, 3, 1, 2, 1, 3, 2, 3,
                            4, 5, 4, 6, 4, 7, 5, 6, 5, 7, 6, 7, 3, 4};
    csim_network_stats s;
    measure_graph(&s, 8, e, 13, "SSSSSSSS", false);

    cr_assert_eq(s.edges, 13);
    /* The cliques: each has L = 6 internal edges and degree sum 13, m = 13:
     * Q = 2 (6/13 - (13/26)^2) = 11/26. */
    cr_assert_eq(s.communities, 2);
    cr_assert_eq(s.communities_2plus, 2);
    cr_assert_eq(s.community_largest, 4);
    NEAR(s.modularity, 11.0 / 26.0);
    /* Degrees 3,3,3,4,4,3,3,3: sum (4 - k) = 6 over 7 * 6. */
    NEAR(s.centralization, 6.0 / 42.0);
    /* Each clique is a 3-core; the bridge does not make a 4-core. */
    cr_assert_eq(s.core_max, 3);
    cr_assert_eq(s.core_max_nodes, 8);
    csim_network_stats_destroy(&s);
}

/* A 4-clique {0..3} (3-core), node 4 tied to 0 and 1 (2-core), node 5 tied to 4 (1-core)
 * and node 6 alone (0-core). Hubs: node 0 (in the innermost core) and node 5 (not). */
Test(network_stats, k_cores_and_hubs_in_the_innermost_core) {
    static const int e[] = {0, 1, 0, 2, 0, 3, 1, 2, 1, 3, 2, 3, 4, 0, 4, 1, 5, 4};
    csim_network_stats s;
    measure_graph(&s, 7, e, 9, "HSSISHS", false);

    cr_assert_eq(s.core_max, 3);
    cr_assert_eq(s.core_max_nodes, 4);
    NEAR(s.core_max_share, 4.0 / 7.0);
    cr_assert_eq(s.class_in_core[CSIM_NODE_HUB], 1);
    cr_assert_eq(s.class_in_core[CSIM_NODE_SME], 2);
    cr_assert_eq(s.class_in_core[CSIM_NODE_INSTITUTION], 1);
    NEAR(s.hub_core_share, 0.5);
    /* The isolated node: counted in the distribution and as its own community, left out
     * of the constraint (it has no ties to be constrained by). */
    cr_assert_eq(s.degree_count[0], 1);
    NEAR(s.isolated_share, 1.0 / 7.0);
    cr_assert_geq(s.communities, s.communities_2plus + 1);
    cr_assert_eq(s.class_nodes[CSIM_NODE_SME], 4);
    cr_assert_eq(s.constraint[CSIM_NODE_SME].n, 3, "SMEs 1, 2 and 4 (6 is isolated)");
    cr_assert_eq(s.n_lowest, 6);
    for (size_t i = 0; i < s.n_lowest; ++i) {
        cr_assert_neq(s.lowest[i].id, 106, "the isolated node has no constraint");
        const size_t want = s.lowest[i].id == 105 ? 1 : s.lowest[i].id == 104 ? 2 : 3;
        cr_assert_eq(s.lowest[i].core, want, "coreness of node %d", (int) s.lowest[i].id);
    }
    csim_network_stats_destroy(&s);
}

/* Kinds from the attributes, and the SME-SME share on a labelled graph:
 * 0 S, 1 S, 2 S, 3 H, 4 I, 5 L; ties S0-S1, S1-S2, S0-S2 (SME-SME), S0-H3, S2-I4, H3-L5. */
Test(network_stats, sme_sme_share_on_a_labelled_graph) {
    static const int e[] = {0, 1, 1, 2, 0, 2, 0, 3, 2, 4, 3, 5};
    csim_network_stats s;
    measure_graph(&s, 6, e, 6, "SSSHIL", false);

    cr_assert_eq(s.class_nodes[CSIM_NODE_SME], 3);
    cr_assert_eq(s.class_nodes[CSIM_NODE_HUB], 1);
    cr_assert_eq(s.class_nodes[CSIM_NODE_INSTITUTION], 1);
    cr_assert_eq(s.class_nodes[CSIM_NODE_LARGE], 1);
    cr_assert_eq(s.class_nodes[CSIM_NODE_OTHER], 0);
    cr_assert_eq(s.sme_sme_edges, 3);
    NEAR(s.sme_sme_share, 0.5);
    /* The hub (degree 2: S0 and L5, not tied to each other): c = 2 (1/2)^2 = 1/2. */
    NEAR(s.constraint[CSIM_NODE_HUB].mean, 0.5);
    NEAR(s.constraint[CSIM_NODE_INSTITUTION].mean, 1.0);
    csim_network_stats_destroy(&s);
}

/* A directed graph (the supply layer) is measured without direction: a reciprocal pair
 * becomes one tie, and a loop is dropped. */
Test(network_stats, directed_input_is_measured_undirected) {
    static const int e[] = {0, 1, 1, 0, 0, 2, 3, 0, 2, 2};
    csim_network_stats s;
    measure_graph(&s, 4, e, 5, "HSSX", true);

    cr_assert(s.directed_input);
    cr_assert_eq(s.edges, 3, "0-1 twice and the loop 2-2 merge away");
    cr_assert_eq(s.class_nodes[CSIM_NODE_OTHER], 1, "an unknown kind is 'other'");
    NEAR(s.centralization, 1.0); /* a star around node 0 */
    NEAR(s.assortativity, -1.0);
    NEAR(s.sme_sme_share, 0.0);
    csim_network_stats_destroy(&s);
}

/* Measures that a graph cannot define are NaN, never a crash or a made-up number. */
Test(network_stats, no_edges_and_no_nodes) {
    csim_network_stats s;
    measure_graph(&s, 3, NULL, 0, "SIS", false);
    cr_assert_eq(s.nodes, 3);
    cr_assert_eq(s.edges, 0);
    cr_assert_eq(s.degree_count[0], 3);
    NEAR(s.isolated_share, 1.0);
    cr_assert(isnan(s.transitivity));
    NEAR(s.clustering_avg, 0.0);
    cr_assert(isnan(s.assortativity));
    cr_assert(isnan(s.modularity));
    cr_assert(isnan(s.sme_sme_share));
    cr_assert_eq(s.communities, 3, "three singletons");
    cr_assert_eq(s.communities_2plus, 0);
    cr_assert_eq(s.n_lowest, 0);
    cr_assert_eq(s.constraint[CSIM_NODE_SME].n, 0);
    cr_assert(isnan(s.constraint[CSIM_NODE_SME].mean));
    csim_network_stats_destroy(&s);

    measure_graph(&s, 0, NULL, 0, "", false);
    cr_assert_eq(s.nodes, 0);
    cr_assert(isnan(s.degree_mean));
    cr_assert(isnan(s.centralization));
    cr_assert_eq(s.communities, 0);
    csim_network_stats_destroy(&s);
}

/* Two nodes: centralisation's normaliser (n-1)(n-2) is 0, so it is undefined. */
Test(network_stats, centralisation_undefined_below_three_nodes) {
    static const int e[] = {0, 1};
    csim_network_stats s;
    measure_graph(&s, 2, e, 1, "SS", false);
    cr_assert(isnan(s.centralization));
    NEAR(s.sme_sme_share, 1.0);
    csim_network_stats_destroy(&s);
}

Test(network_stats, refuses_a_graph_without_kinds) {
    igraph_t g;
    csim_network_stats s;
    cr_assert_eq(igraph_ring(&g, 5, IGRAPH_UNDIRECTED, false, true), IGRAPH_SUCCESS);
    cr_assert_eq(csim_network_stats_compute(&s, &g, NULL), CSIM_EINVAL);
    cr_assert(strstr(csim_last_error(), "'kind'"), "%s", csim_last_error());
    csim_network_stats_destroy(&s); /* safe after a failed compute */

    /* Firms need tier and group to be told apart. */
    for (igraph_integer_t v = 0; v < 5; ++v) {
        cr_assert_eq(igraph_cattribute_VAS_set(&g, "kind", v, "firm"), IGRAPH_SUCCESS);
    }
    cr_assert_eq(csim_network_stats_compute(&s, &g, NULL), CSIM_EINVAL);
    cr_assert(strstr(csim_last_error(), "'tier'"), "%s", csim_last_error());
    igraph_destroy(&g);
}

Test(network_stats, refuses_zero_leiden_starts) {
    static const int e[] = {0, 1};
    igraph_t g;
    csim_network_stats s;
    csim_network_stats_options opt = csim_network_stats_options_default();
    opt.leiden_starts = 0;
    make_graph(&g, 2, e, 1, "SS", false);
    cr_assert_eq(csim_network_stats_compute(&s, &g, &opt), CSIM_EINVAL);
    cr_assert_eq(csim_network_stats_compute(&s, NULL, NULL), CSIM_EINVAL);
    csim_network_stats_destroy(&s);
    igraph_destroy(&g);
}

/* A random graph with community structure (a planted partition): the same seed gives the
 * same communities, bit for bit, whatever igraph's RNG did in between. */
Test(network_stats, same_seed_same_communities) {
    igraph_t g;
    igraph_matrix_t pref;
    igraph_vector_int_t sizes;
    csim_network_stats a, b;
    char kinds[121];

    igraph_rng_seed(igraph_rng_default(), 7);
    cr_assert_eq(igraph_matrix_init(&pref, 4, 4), IGRAPH_SUCCESS);
    cr_assert_eq(igraph_vector_int_init(&sizes, 4), IGRAPH_SUCCESS);
    for (int i = 0; i < 4; ++i) {
        VECTOR(sizes)[i] = 30;
        for (int j = 0; j < 4; ++j) {
            MATRIX(pref, i, j) = i == j ? 0.3 : 0.02;
        }
    }
    cr_assert_eq(igraph_sbm_game(&g, 120, &pref, &sizes, IGRAPH_UNDIRECTED, false), IGRAPH_SUCCESS);
    igraph_matrix_destroy(&pref);
    igraph_vector_int_destroy(&sizes);
    memset(kinds, 'S', 120);
    kinds[120] = '\0';
    for (igraph_integer_t v = 0; v < 120; ++v) {
        cr_assert_eq(igraph_cattribute_VAS_set(&g, "kind", v, "firm"), IGRAPH_SUCCESS);
        cr_assert_eq(igraph_cattribute_VAS_set(&g, "tier", v, "tier2"), IGRAPH_SUCCESS);
        cr_assert_eq(igraph_cattribute_VAS_set(&g, "group", v, "none"), IGRAPH_SUCCESS);
    }

    CSIM_ASSERT_OK(csim_network_stats_compute(&a, &g, NULL));
    igraph_rng_seed(igraph_rng_default(), 99); /* someone else used the RNG meanwhile */
    (void) RNG_UNIF01();
    CSIM_ASSERT_OK(csim_network_stats_compute(&b, &g, NULL));
    cr_assert_eq(a.communities, b.communities);
    cr_assert_eq(a.community_largest, b.community_largest);
    cr_assert(a.modularity == b.modularity, "bitwise: %.17g vs %.17g", a.modularity, b.modularity);
    /* The four planted blocks are found. */
    cr_assert_eq(a.communities_2plus, 4);
    cr_assert_gt(a.modularity, 0.5);
    /* Without ids the node index names a node. */
    cr_assert_lt(a.lowest[0].id, 120);
    csim_network_stats_destroy(&a);
    csim_network_stats_destroy(&b);
    igraph_destroy(&g);
}

/* ---------------------------------------------------------------------------------- */
/* Scalars, series and printers                                                         */
/* ---------------------------------------------------------------------------------- */

Test(network_stats, scalars_follow_the_names) {
    static const int e[] = {0, 1, 1, 2, 0, 2, 0, 3, 2, 4, 3, 5};
    csim_network_stats s;
    double v[CSIM_NETWORK_N_SCALARS];
    measure_graph(&s, 6, e, 6, "SSSHIL", false);
    csim_network_stats_scalars(&s, v);
    cr_assert_str_eq(csim_network_scalar_names[0], "nodes");
    cr_assert_str_eq(csim_network_scalar_names[CSIM_NETWORK_SCALAR_sme_sme_share], "sme_sme_share");
    NEAR(v[CSIM_NETWORK_SCALAR_nodes], 6.0);
    NEAR(v[CSIM_NETWORK_SCALAR_edges], 6.0);
    NEAR(v[CSIM_NETWORK_SCALAR_sme_sme_share], 0.5);
    NEAR(v[CSIM_NETWORK_SCALAR_constraint_hub], 0.5);
    NEAR(v[CSIM_NETWORK_SCALAR_modularity], s.modularity);
    csim_network_stats_destroy(&s);
}

/* Print into a string (open_memstream); the caller frees it. */
typedef csim_status (*stats_printer)(const csim_network_stats *, FILE *);
static char *print_stats(stats_printer print, const csim_network_stats *s) {
    csim_test_text t;
    FILE *f = csim_test_text_open(&t);
    CSIM_ASSERT_OK(print(s, f));
    return csim_test_text_close(&t);
}

/* Each of the NULL-terminated `fragments` is in the printed `text`, which is then freed. */
static void expect_printed(char *text, const char *const *fragments) {
    for (size_t k = 0; fragments[k] != NULL; ++k) {
        cr_assert(strstr(text, fragments[k]), "missing '%s' in: %s", fragments[k], text);
    }
    free(text);
}

Test(network_stats, printers_show_values_and_undefined_ones) {
    static const int e[] = {0, 1, 0, 2, 0, 3, 0, 4};
    igraph_t g;
    csim_network_stats s;
    make_graph(&g, 5, e, 4, "HSSSS", false);
    cr_assert_eq(igraph_cattribute_GAS_set(&g, "layer", "collaboration"), IGRAPH_SUCCESS);
    cr_assert_eq(igraph_cattribute_GAN_set(&g, "step", 119), IGRAPH_SUCCESS);
    cr_assert_eq(igraph_cattribute_GAN_set(&g, "time", 2012.9166666666667), IGRAPH_SUCCESS);
    cr_assert_eq(igraph_cattribute_GAS_set(&g, "source", "run \"a\".h5"), IGRAPH_SUCCESS);
    measure(&s, &g);
    cr_assert(s.has_step);
    cr_assert_eq(s.step, 119);
    cr_assert_str_eq(s.layer, "collaboration");

    expect_printed(print_stats(csim_network_stats_write_table, &s),
                   (const char *const[]){
                       "network collaboration at step 119 (time 2012.9167)",
                       "degree centralisation    1\n",
                       "degree assortativity     -1\n",
                       "hubs in innermost core   1 of 1 (100.0%)",
                       "       100 hub ",
                       "    1: 4        4: 1",
                       NULL});

    expect_printed(print_stats(csim_network_stats_write_json, &s),
                   (const char *const[]){
                       "\"source\": \"run \\\"a\\\".h5\"",
                       "\"step\": 119",
                       "\"counts\": [0, 4, 0, 0, 1]",
                       "\"centralization\": 1,",
                       "\"institution\": {\"n\": 0, \"mean\": null",
                       "{\"id\": 100, \"kind\": \"hub\", \"degree\": 4, \"core\": 1, "
                           "\"constraint\": 0.25}",
                       NULL});
    csim_network_stats_destroy(&s);

    /* Undefined values. */
    measure_graph(&s, 2, NULL, 0, "SS", false);
    expect_printed(print_stats(csim_network_stats_write_table, &s),
                   (const char *const[]){
                       "modularity n/a",
                       "network (layer not recorded)\n",
                       NULL});
    expect_printed(print_stats(csim_network_stats_write_json, &s),
                   (const char *const[]){
                       "\"modularity\": null",
                       "\"step\": null",
                       NULL});
    csim_network_stats_destroy(&s);
}

/* A series written in one format, as a string (open_memstream); the caller frees it. */
static char *series_text(const csim_network_series *series, csim_network_format format) {
    csim_test_text t;
    FILE *f = csim_test_text_open(&t);
    CSIM_ASSERT_OK(csim_network_series_write(series, format, f));
    return csim_test_text_close(&t);
}

Test(network_stats, series_rows_and_formats) {
    static const int e[] = {0, 1, 1, 2, 0, 2, 2, 3};
    igraph_t g;
    csim_network_stats s;
    csim_network_series series;
    csim_network_series_init(&series, CSIM_LAYER_SUPPLY);

    for (int k = 0; k < 20; ++k) { /* past the first capacity of 16 */
        make_graph(&g, 4, e, 4, "SSSS", false);
        cr_assert_eq(igraph_cattribute_GAN_set(&g, "step", 12 * k - 1), IGRAPH_SUCCESS);
        cr_assert_eq(igraph_cattribute_GAN_set(&g, "time", 2003.0 + k), IGRAPH_SUCCESS);
        measure(&s, &g);
        CSIM_ASSERT_OK(csim_network_series_append(&series, &s));
        csim_network_stats_destroy(&s);
    }
    cr_assert_eq(series.n_steps, 20);
    cr_assert_eq(series.step[0], -1);
    cr_assert_eq(series.step[19], 227);
    NEAR(series.values[19 * CSIM_NETWORK_N_SCALARS + CSIM_NETWORK_SCALAR_transitivity], 0.6);

    char *buf = series_text(&series, CSIM_NETWORK_CSV);
    cr_assert(strncmp(buf, "step,time,nodes,edges,degree_mean,", 34) == 0, "%s", buf);
    cr_assert(strstr(buf, "\n-1,2003,4,4,2,3,0,0.59999999999999998,"), "%s", buf);
    /* No hubs: the hub columns are empty fields. */
    cr_assert(strstr(buf, ",,"), "%s", buf);
    free(buf);

    expect_printed(series_text(&series, CSIM_NETWORK_JSON),
                   (const char *const[]){
                       "\"layer\": \"supply\"",
                       "{\"step\": 227, \"time\": 2022, \"nodes\": 4,",
                       "\"hub_core_share\": null",
                       NULL});

    expect_printed(series_text(&series, CSIM_NETWORK_TABLE),
                   (const char *const[]){
                       "network supply over time: 20 snapshots",
                       "\nstep                             -1         11",
                       "       227\ntime                      2003.0000  2004.0000",
                       "\ntransitivity                 0.6000     0.6000",
                       "\nhub_core_share                  n/a        n/a",
                       NULL});

    csim_network_series_destroy(&series);
    csim_network_series_destroy(&series);
}
