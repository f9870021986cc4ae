/*
 * Measures of one network snapshot with igraph. The input graph is reduced first to its
 * simple undirected view (no direction, no loops, no parallel edges) without attributes,
 * so that every igraph routine below sees the same graph and the attribute handler is not
 * asked to copy ~20 node attributes for nothing. Node kinds are read once into an array.
 * All of this runs serially: igraph is not thread-safe in this build (docs/CONVENTIONS.md fact 2).
 */
#include "analysis/networks/network_stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const csim_node_class_names[CSIM_N_NODE_CLASSES] = {"sme", "hub", "large",
                                                                "institution", "other"};

const char *const csim_network_scalar_names[CSIM_NETWORK_N_SCALARS] = {
#define CSIM_X_NAME(name, text) #name,
    CSIM_NETWORK_SCALARS(CSIM_X_NAME)
#undef CSIM_X_NAME
};

const char *const csim_network_scalar_texts[CSIM_NETWORK_N_SCALARS] = {
#define CSIM_X_TEXT(name, text) text,
    CSIM_NETWORK_SCALARS(CSIM_X_TEXT)
#undef CSIM_X_TEXT
};

/* Run one igraph call; on failure record which one and jump to cleanup. */
#define CSIM_IGRAPH_TRY(call, ...)                                                 \
    do {                                                                           \
        if ((call) != IGRAPH_SUCCESS) {                                            \
            st = CSIM_FAIL(CSIM_EGRAPH, __VA_ARGS__);                              \
            goto cleanup;                                                          \
        }                                                                          \
    } while (0)

csim_network_stats_options csim_network_stats_options_default(void) {
    /* The seed is the baseline scenario's (any fixed value would do): what matters is
     * that the same graph always gets the same communities. Ten starts make the reported
     * modularity stable against the luck of one run at a cost of milliseconds. */
    const csim_network_stats_options opt = {.seed = 20050101u, .leiden_starts = 10, .n_lowest = 10};
    return opt;
}

void csim_network_stats_init(csim_network_stats *stats) {
    memset(stats, 0, sizeof *stats);
    stats->time = NAN;
    stats->degree_mean = stats->isolated_share = NAN;
    stats->transitivity = stats->clustering_avg = stats->assortativity = NAN;
    stats->core_max_share = stats->hub_core_share = NAN;
    stats->modularity = stats->centralization = NAN;
    stats->sme_sme_share = NAN;
    for (int c = 0; c < CSIM_N_NODE_CLASSES; ++c) {
        stats->class_degree_mean[c] = NAN;
        stats->constraint[c].mean = stats->constraint[c].median = stats->constraint[c].min = NAN;
    }
}

void csim_network_stats_destroy(csim_network_stats *stats) {
    if (!stats) {
        return;
    }
    free(stats->degree_count);
    free(stats->lowest);
    free(stats->source);
    csim_network_stats_init(stats);
}

void csim_network_stats_scalars(const csim_network_stats *stats, double *values) {
    values[CSIM_NETWORK_SCALAR_nodes] = (double) stats->nodes;
    values[CSIM_NETWORK_SCALAR_edges] = (double) stats->edges;
    values[CSIM_NETWORK_SCALAR_degree_mean] = stats->degree_mean;
    values[CSIM_NETWORK_SCALAR_degree_max] = (double) stats->degree_max;
    values[CSIM_NETWORK_SCALAR_isolated_share] = stats->isolated_share;
    values[CSIM_NETWORK_SCALAR_transitivity] = stats->transitivity;
    values[CSIM_NETWORK_SCALAR_clustering_avg] = stats->clustering_avg;
    values[CSIM_NETWORK_SCALAR_assortativity] = stats->assortativity;
    values[CSIM_NETWORK_SCALAR_core_max] = (double) stats->core_max;
    values[CSIM_NETWORK_SCALAR_core_max_share] = stats->core_max_share;
    values[CSIM_NETWORK_SCALAR_hub_core_share] = stats->hub_core_share;
    values[CSIM_NETWORK_SCALAR_communities] = (double) stats->communities;
    values[CSIM_NETWORK_SCALAR_communities_2plus] = (double) stats->communities_2plus;
    values[CSIM_NETWORK_SCALAR_modularity] = stats->modularity;
    values[CSIM_NETWORK_SCALAR_centralization] = stats->centralization;
    values[CSIM_NETWORK_SCALAR_constraint_sme] = stats->constraint[CSIM_NODE_SME].mean;
    values[CSIM_NETWORK_SCALAR_constraint_hub] = stats->constraint[CSIM_NODE_HUB].mean;
    values[CSIM_NETWORK_SCALAR_constraint_institution] =
        stats->constraint[CSIM_NODE_INSTITUTION].mean;
    values[CSIM_NETWORK_SCALAR_sme_sme_share] = stats->sme_sme_share;
}

/* ---------------------------------------------------------------------------------- */
/* Node kinds from the attributes                                                       */
/* ---------------------------------------------------------------------------------- */

/* The type of vertex attribute `name`, or -1 when the graph has none of that name. */
static csim_status vertex_attr_type(const igraph_t *graph, const char *name, int *type) {
    csim_status st = CSIM_OK;
    igraph_strvector_t names;
    igraph_vector_int_t types;
    bool have_names = false, have_types = false;

    *type = -1;
    CSIM_IGRAPH_TRY(igraph_strvector_init(&names, 0), "attribute name list");
    have_names = true;
    CSIM_IGRAPH_TRY(igraph_vector_int_init(&types, 0), "attribute type list");
    have_types = true;
    /* NULL for the graph and edge lists: the C attribute handler skips them. */
    CSIM_IGRAPH_TRY(igraph_cattribute_list(graph, NULL, NULL, &names, &types, NULL, NULL),
                    "igraph_cattribute_list");
    for (igraph_integer_t k = 0; k < igraph_strvector_size(&names); ++k) {
        if (strcmp(igraph_strvector_get(&names, k), name) == 0) {
            *type = (int) VECTOR(types)[k];
            break;
        }
    }

cleanup:
    if (have_types) {
        igraph_vector_int_destroy(&types);
    }
    if (have_names) {
        igraph_strvector_destroy(&names);
    }
    return st;
}

/* Vertex attribute `name` as strings into `sv` (initialised here when *have is set). A
 * missing or non-string attribute is the input's fault: EINVAL naming it. */
static csim_status vertex_strings(const igraph_t *graph, const char *name, igraph_strvector_t *sv,
                                  bool *have) {
    csim_status st = CSIM_OK;
    int type = -1;

    *have = false;
    CSIM_TRY(vertex_attr_type(graph, name, &type));
    if (type != IGRAPH_ATTRIBUTE_STRING) {
        return CSIM_FAIL(CSIM_EINVAL, "the graph's nodes have no text attribute '%s' "
                                      "(needed to tell hubs, SMEs and institutions apart)",
                         name);
    }
    if (igraph_strvector_init(sv, 0) != IGRAPH_SUCCESS) {
        return CSIM_FAIL(CSIM_ENOMEM, "node attribute '%s'", name);
    }
    *have = true;
    CSIM_IGRAPH_TRY(igraph_cattribute_VASV(graph, name, igraph_vss_all(), sv),
                    "reading node attribute '%s'", name);
cleanup:
    return st;
}

/* The class and id of every node. `cls` and `ids` hold vcount entries. */
static csim_status classify(const igraph_t *graph, csim_node_class *cls, int64_t *ids) {
    csim_status st = CSIM_OK;
    const igraph_integer_t n = igraph_vcount(graph);
    igraph_strvector_t kind, tier, group;
    igraph_vector_t idv;
    bool have_kind = false, have_tier = false, have_group = false, have_idv = false;
    bool any_firm = false;
    int id_type = -1;

    CSIM_TRY(vertex_strings(graph, "kind", &kind, &have_kind));
    for (igraph_integer_t v = 0; v < n && !any_firm; ++v) {
        any_firm = strcmp(igraph_strvector_get(&kind, v), "firm") == 0;
    }
    /* Telling hubs from SMEs needs tier and group; a graph of institutions only does not. */
    if (any_firm) {
        CSIM_TRY(vertex_strings(graph, "tier", &tier, &have_tier));
        CSIM_TRY(vertex_strings(graph, "group", &group, &have_group));
    }
    for (igraph_integer_t v = 0; v < n; ++v) {
        const char *k = igraph_strvector_get(&kind, v);
        csim_node_class c = CSIM_NODE_OTHER;
        if (strcmp(k, "institution") == 0) {
            c = CSIM_NODE_INSTITUTION;
        } else if (strcmp(k, "firm") == 0) {
            /* The model's SME is a firm that is not large (csim_firms_is_sme); a hub is a
             * large firm affiliated with a business group (population.c sets group only
             * for the hubs among the large firms). */
            const bool large = strcmp(igraph_strvector_get(&tier, v), "large") == 0;
            const bool grouped = strcmp(igraph_strvector_get(&group, v), "none") != 0;
            c = !large ? CSIM_NODE_SME : (grouped ? CSIM_NODE_HUB : CSIM_NODE_LARGE);
        }
        cls[v] = c;
        ids[v] = (int64_t) v;
    }

    /* Ids name nodes in the report; without them the node index has to do. */
    CSIM_TRY(vertex_attr_type(graph, "id", &id_type));
    if (id_type == IGRAPH_ATTRIBUTE_NUMERIC) {
        CSIM_IGRAPH_TRY(igraph_vector_init(&idv, 0), "node id vector");
        have_idv = true;
        CSIM_IGRAPH_TRY(igraph_cattribute_VANV(graph, "id", igraph_vss_all(), &idv),
                        "reading node attribute 'id'");
        for (igraph_integer_t v = 0; v < n; ++v) {
            ids[v] = (int64_t) VECTOR(idv)[v];
        }
    }

cleanup:
    if (have_idv) {
        igraph_vector_destroy(&idv);
    }
    if (have_group) {
        igraph_strvector_destroy(&group);
    }
    if (have_tier) {
        igraph_strvector_destroy(&tier);
    }
    if (have_kind) {
        igraph_strvector_destroy(&kind);
    }
    return st;
}

/* The simple undirected view of `graph`, without attributes, into `simple` (initialised
 * only on success). */
static csim_status simple_view(const igraph_t *graph, igraph_t *simple) {
    csim_status st = CSIM_OK;
    igraph_vector_int_t el;
    igraph_t g;
    bool have_el = false, have_g = false;

    CSIM_IGRAPH_TRY(igraph_vector_int_init(&el, 0), "edge list vector");
    have_el = true;
    CSIM_IGRAPH_TRY(igraph_get_edgelist(graph, &el, 0), "igraph_get_edgelist");
    CSIM_IGRAPH_TRY(igraph_create(&g, &el, igraph_vcount(graph), IGRAPH_UNDIRECTED),
                    "igraph_create (undirected view of %" IGRAPH_PRId " nodes)",
                    igraph_vcount(graph));
    have_g = true;
    /* A supply pair can appear once in each direction only in a foreign file, and the
     * collaboration layer has neither loops nor parallel ties; simplifying makes the
     * measures well defined whatever the input. */
    CSIM_IGRAPH_TRY(igraph_simplify(&g, true, true, NULL), "igraph_simplify");
    *simple = g;
    have_g = false;

cleanup:
    if (have_g) {
        igraph_destroy(&g);
    }
    if (have_el) {
        igraph_vector_int_destroy(&el);
    }
    return st;
}

/* ---------------------------------------------------------------------------------- */
/* The measures                                                                         */
/* ---------------------------------------------------------------------------------- */

/* Degrees, clustering, assortativity, centralisation, cores, SME-SME ties. */
static csim_status measure_shape(csim_network_stats *s, const igraph_t *g,
                                 const csim_node_class *cls, igraph_vector_int_t *deg,
                                 igraph_vector_int_t *core) {
    csim_status st = CSIM_OK;
    igraph_vector_int_t el;
    bool have_el = false;
    const size_t n = s->nodes;
    double deg_sum[CSIM_N_NODE_CLASSES] = {0};

    CSIM_IGRAPH_TRY(igraph_degree(g, deg, igraph_vss_all(), IGRAPH_ALL, IGRAPH_NO_LOOPS),
                    "igraph_degree");
    for (size_t v = 0; v < n; ++v) {
        const size_t d = (size_t) VECTOR(*deg)[v];
        s->degree_max = d > s->degree_max ? d : s->degree_max;
    }
    s->degree_count = calloc(s->degree_max + 1, sizeof *s->degree_count);
    if (!s->degree_count) {
        st = CSIM_FAIL(CSIM_ENOMEM, "degree distribution up to %zu", s->degree_max);
        goto cleanup;
    }
    for (size_t v = 0; v < n; ++v) {
        const size_t d = (size_t) VECTOR(*deg)[v];
        s->degree_count[d]++;
        deg_sum[cls[v]] += (double) d;
    }
    for (int c = 0; c < CSIM_N_NODE_CLASSES; ++c) {
        s->class_degree_mean[c] =
            s->class_nodes[c] > 0 ? deg_sum[c] / (double) s->class_nodes[c] : NAN;
    }
    s->degree_mean = 2.0 * (double) s->edges / (double) n;
    s->isolated_share = (double) s->degree_count[0] / (double) n;

    /* Mean local clustering counts nodes of degree < 2 as 0 (networkx's convention):
     * leaving them out would hide that a third or more of the firms have no ties. */
    CSIM_IGRAPH_TRY(igraph_transitivity_undirected(g, &s->transitivity, IGRAPH_TRANSITIVITY_NAN),
                    "igraph_transitivity_undirected");
    CSIM_IGRAPH_TRY(igraph_transitivity_avglocal_undirected(g, &s->clustering_avg,
                                                            IGRAPH_TRANSITIVITY_ZERO),
                    "igraph_transitivity_avglocal_undirected");
    CSIM_IGRAPH_TRY(igraph_assortativity_degree(g, &s->assortativity, false),
                    "igraph_assortativity_degree");
    /* Normalised by the star's centralisation on n nodes, (n-1)(n-2): 1 for a star, 0 for
     * a regular graph; undefined (NaN) below 3 nodes. */
    if (n >= 3) {
        CSIM_IGRAPH_TRY(igraph_centralization_degree(g, NULL, IGRAPH_ALL, IGRAPH_NO_LOOPS,
                                                     &s->centralization, NULL, true),
                        "igraph_centralization_degree");
    }

    CSIM_IGRAPH_TRY(igraph_coreness(g, core, IGRAPH_ALL), "igraph_coreness");
    for (size_t v = 0; v < n; ++v) {
        const size_t k = (size_t) VECTOR(*core)[v];
        s->core_max = k > s->core_max ? k : s->core_max;
    }
    for (size_t v = 0; v < n; ++v) {
        if ((size_t) VECTOR(*core)[v] == s->core_max) {
            s->core_max_nodes++;
            s->class_in_core[cls[v]]++;
        }
    }
    s->core_max_share = (double) s->core_max_nodes / (double) n;
    s->hub_core_share = s->class_nodes[CSIM_NODE_HUB] > 0
                            ? (double) s->class_in_core[CSIM_NODE_HUB] /
                                  (double) s->class_nodes[CSIM_NODE_HUB]
                            : NAN;

    CSIM_IGRAPH_TRY(igraph_vector_int_init(&el, 0), "edge list vector");
    have_el = true;
    CSIM_IGRAPH_TRY(igraph_get_edgelist(g, &el, 0), "igraph_get_edgelist");
    for (size_t e = 0; e < s->edges; ++e) {
        s->sme_sme_edges += cls[VECTOR(el)[2 * e]] == CSIM_NODE_SME &&
                            cls[VECTOR(el)[2 * e + 1]] == CSIM_NODE_SME;
    }
    s->sme_sme_share = s->edges > 0 ? (double) s->sme_sme_edges / (double) s->edges : NAN;

cleanup:
    if (have_el) {
        igraph_vector_int_destroy(&el);
    }
    return st;
}

/* Most Leiden iterations of one start. A start stops at the first iteration that leaves
 * the partition unchanged; the cap only guards against a partition that keeps moving
 * between equally good states. On the Gumi baseline a start settles in 1 to 3. */
#define LEIDEN_MAX_ITERATIONS 100

/* One Leiden start from singletons into `memb`, iterated until an iteration changes
 * nothing. This is what igraph documents for a negative iteration count, done here by
 * hand because igraph 0.10's loop tests the flag the wrong way round (igraph issue #2798,
 * fixed upstream in 2025): from singletons it stops after one iteration, and from a stable
 * partition it never stops. `prev` is scratch of the same length. */
static csim_status leiden_until_stable(const igraph_t *g, const igraph_vector_t *weight,
                                       double resolution, igraph_vector_int_t *memb,
                                       igraph_vector_int_t *prev, size_t start) {
    csim_status st = CSIM_OK;
    for (int it = 0; it < LEIDEN_MAX_ITERATIONS; ++it) {
        igraph_integer_t clusters = 0;
        igraph_real_t quality = 0.0;
        if (it > 0) {
            CSIM_IGRAPH_TRY(igraph_vector_int_update(prev, memb), "copying a membership");
        }
        /* beta 0.01: igraph's recommended randomness of the refinement step. */
        CSIM_IGRAPH_TRY(igraph_community_leiden(g, NULL, weight, resolution, 0.01, it > 0, 1,
                                                memb, &clusters, &quality),
                        "igraph_community_leiden (start %zu, iteration %d)", start, it);
        /* Leiden numbers communities in a canonical order, so an unchanged partition is
         * an equal vector. */
        if (it > 0 && igraph_vector_int_is_equal(prev, memb)) {
            break;
        }
    }
cleanup:
    return st;
}

/* Leiden on modularity: the quality igraph maximises is
 *   Q = 1/(2m) sum_ij (A_ij - gamma n_i n_j) delta(c_i, c_j)
 * with node weights n_i; taking n_i = k_i (degree) and gamma = 1/(2m) makes it Newman's
 * modularity (igraph's documentation of igraph_community_leiden). Each start begins from
 * singletons; the partition of highest modularity (first on ties) is kept. */
static csim_status measure_communities(csim_network_stats *s, const igraph_t *g,
                                       const igraph_vector_int_t *deg,
                                       const csim_network_stats_options *opt) {
    csim_status st = CSIM_OK;
    igraph_vector_t weight;
    igraph_vector_int_t memb, prev, best;
    bool have_weight = false, have_memb = false, have_prev = false, have_best = false;
    size_t *size = NULL;
    const size_t n = s->nodes;

    CSIM_IGRAPH_TRY(igraph_vector_int_init(&best, (igraph_integer_t) n), "membership vector");
    have_best = true;
    if (s->edges == 0) {
        /* No edge: the resolution 1/(2m) is undefined; each node is its own community
         * and modularity is undefined (NaN). */
        for (size_t v = 0; v < n; ++v) {
            VECTOR(best)[v] = (igraph_integer_t) v;
        }
    } else {
        CSIM_IGRAPH_TRY(igraph_vector_init(&weight, (igraph_integer_t) n), "node weight vector");
        have_weight = true;
        CSIM_IGRAPH_TRY(igraph_vector_int_init(&memb, (igraph_integer_t) n), "membership vector");
        have_memb = true;
        CSIM_IGRAPH_TRY(igraph_vector_int_init(&prev, (igraph_integer_t) n), "membership vector");
        have_prev = true;
        for (size_t v = 0; v < n; ++v) {
            VECTOR(weight)[v] = (double) VECTOR(*deg)[v];
        }
        CSIM_IGRAPH_TRY(igraph_rng_seed(igraph_rng_default(), (igraph_uint_t) opt->seed),
                        "seeding igraph's RNG");
        const double resolution = 1.0 / (2.0 * (double) s->edges);
        for (size_t r = 0; r < opt->leiden_starts; ++r) {
            igraph_real_t q = 0.0;
            CSIM_TRY(leiden_until_stable(g, &weight, resolution, &memb, &prev, r));
            CSIM_IGRAPH_TRY(igraph_modularity(g, &memb, NULL, 1.0, false, &q), "igraph_modularity");
            if (r == 0 || q > s->modularity) {
                s->modularity = q;
                CSIM_IGRAPH_TRY(igraph_vector_int_update(&best, &memb), "copying a membership");
            }
        }
    }

    /* Community sizes. Membership values are 0 .. clusters-1, each at most n - 1. */
    size = calloc(n > 0 ? n : 1, sizeof *size);
    if (!size) {
        st = CSIM_FAIL(CSIM_ENOMEM, "community sizes of %zu nodes", n);
        goto cleanup;
    }
    for (size_t v = 0; v < n; ++v) {
        const igraph_integer_t c = VECTOR(best)[v];
        if (c < 0 || (size_t) c >= n) {
            st = CSIM_FAIL(CSIM_EINTERNAL, "community %" IGRAPH_PRId " of node %zu outside 0..%zu",
                           c, v, n - 1);
            goto cleanup;
        }
        size[c]++;
    }
    for (size_t c = 0; c < n; ++c) {
        s->communities += size[c] > 0;
        s->communities_2plus += size[c] >= 2;
        s->community_largest = size[c] > s->community_largest ? size[c] : s->community_largest;
    }

cleanup:
    free(size);
    if (have_prev) {
        igraph_vector_int_destroy(&prev);
    }
    if (have_memb) {
        igraph_vector_int_destroy(&memb);
    }
    if (have_weight) {
        igraph_vector_destroy(&weight);
    }
    if (have_best) {
        igraph_vector_int_destroy(&best);
    }
    return st;
}

/* Lowest constraint first; equal constraints in id order, so that the list is stable. */
static int by_constraint(const void *a, const void *b) {
    const csim_network_broker *x = a, *y = b;
    if (x->constraint != y->constraint) {
        return x->constraint < y->constraint ? -1 : 1;
    }
    return (x->id > y->id) - (x->id < y->id);
}

/* Burt's constraint c_i = sum_{j != i} (p_ij + sum_{q != i,j} p_iq p_qj)^2, with p_ij the
 * share of i's ties that go to j (Burt 1992; igraph_constraint). Isolated nodes have no
 * contacts to be constrained by and are left out of the summaries and the list. */
static csim_status measure_constraint(csim_network_stats *s, const igraph_t *g,
                                      const csim_node_class *cls, const int64_t *ids,
                                      const igraph_vector_int_t *deg,
                                      const igraph_vector_int_t *core,
                                      const csim_network_stats_options *opt) {
    csim_status st = CSIM_OK;
    igraph_vector_t cons;
    bool have_cons = false;
    csim_network_broker *node = NULL;
    size_t n_tied = 0, seen[CSIM_N_NODE_CLASSES] = {0};
    double sum[CSIM_N_NODE_CLASSES] = {0};
    const size_t n = s->nodes;

    CSIM_IGRAPH_TRY(igraph_vector_init(&cons, 0), "constraint vector");
    have_cons = true;
    CSIM_IGRAPH_TRY(igraph_constraint(g, &cons, igraph_vss_all(), NULL), "igraph_constraint");
    node = malloc((n > 0 ? n : 1) * sizeof *node);
    if (!node) {
        st = CSIM_FAIL(CSIM_ENOMEM, "constraint of %zu nodes", n);
        goto cleanup;
    }
    for (size_t v = 0; v < n; ++v) {
        if (VECTOR(*deg)[v] == 0) {
            continue;
        }
        node[n_tied++] = (csim_network_broker){.id = ids[v], .cls = cls[v],
                                               .degree = (size_t) VECTOR(*deg)[v],
                                               .core = (size_t) VECTOR(*core)[v],
                                               .constraint = VECTOR(cons)[v]};
    }
    qsort(node, n_tied, sizeof *node, by_constraint);

    for (size_t i = 0; i < n_tied; ++i) {
        csim_constraint_summary *c = &s->constraint[node[i].cls];
        if (c->n == 0) {
            c->min = node[i].constraint; /* sorted: the first seen is the lowest */
        }
        c->n++;
        sum[node[i].cls] += node[i].constraint;
    }
    /* Medians: the sorted list visits each class's values in order, so the class's
     * (n-1)/2-th and n/2-th values are found in one more pass. */
    for (size_t i = 0; i < n_tied; ++i) {
        csim_constraint_summary *c = &s->constraint[node[i].cls];
        const size_t k = seen[node[i].cls]++;
        if (k == (c->n - 1) / 2) {
            c->median = node[i].constraint;
        }
        if (k == c->n / 2) {
            c->median = 0.5 * (c->median + node[i].constraint);
        }
    }
    for (int c = 0; c < CSIM_N_NODE_CLASSES; ++c) {
        s->constraint[c].mean = s->constraint[c].n > 0 ? sum[c] / (double) s->constraint[c].n : NAN;
    }

    s->n_lowest = opt->n_lowest < n_tied ? opt->n_lowest : n_tied;
    s->lowest = malloc((s->n_lowest > 0 ? s->n_lowest : 1) * sizeof *s->lowest);
    if (!s->lowest) {
        st = CSIM_FAIL(CSIM_ENOMEM, "lowest-constraint list");
        goto cleanup;
    }
    memcpy(s->lowest, node, s->n_lowest * sizeof *s->lowest);

cleanup:
    free(node);
    if (have_cons) {
        igraph_vector_destroy(&cons);
    }
    return st;
}

/* The graph attributes that say what the snapshot is, when present. */
static csim_status read_graph_attrs(csim_network_stats *s, const igraph_t *graph) {
    if (igraph_cattribute_has_attr(graph, IGRAPH_ATTRIBUTE_GRAPH, "layer")) {
        const char *layer = igraph_cattribute_GAS(graph, "layer");
        snprintf(s->layer, sizeof s->layer, "%s", layer ? layer : "");
    }
    if (igraph_cattribute_has_attr(graph, IGRAPH_ATTRIBUTE_GRAPH, "source")) {
        const char *source = igraph_cattribute_GAS(graph, "source");
        if (source) {
            s->source = malloc(strlen(source) + 1);
            if (!s->source) {
                return CSIM_FAIL(CSIM_ENOMEM, "source name");
            }
            strcpy(s->source, source);
        }
    }
    if (igraph_cattribute_has_attr(graph, IGRAPH_ATTRIBUTE_GRAPH, "step") &&
        igraph_cattribute_has_attr(graph, IGRAPH_ATTRIBUTE_GRAPH, "time")) {
        s->has_step = true;
        s->step = (int64_t) igraph_cattribute_GAN(graph, "step");
        s->time = igraph_cattribute_GAN(graph, "time");
    }
    return CSIM_OK;
}

csim_status csim_network_stats_compute(csim_network_stats *stats, const igraph_t *graph,
                                       const csim_network_stats_options *opt) {
    csim_status st = CSIM_OK;
    const csim_network_stats_options defaults = csim_network_stats_options_default();
    csim_node_class *cls = NULL;
    int64_t *ids = NULL;
    igraph_t g;
    igraph_vector_int_t deg, core;
    bool have_g = false, have_deg = false, have_core = false;

    csim_network_stats_init(stats);
    opt = opt ? opt : &defaults;
    if (!graph) {
        return CSIM_FAIL(CSIM_EINVAL, "network statistics of a NULL graph");
    }
    if (opt->leiden_starts < 1) {
        return CSIM_FAIL(CSIM_EINVAL, "leiden_starts must be at least 1");
    }
    if (!igraph_has_attribute_table()) {
        return CSIM_FAIL(CSIM_EINTERNAL, "igraph has no attribute handler: "
                                         "igraph_set_attribute_table(&igraph_cattribute_table) "
                                         "belongs in main and in test set-up");
    }
    const size_t n = (size_t) igraph_vcount(graph);
    stats->nodes = n;
    stats->directed_input = igraph_is_directed(graph);
    CSIM_TRY(read_graph_attrs(stats, graph));

    if (n == 0) {
        goto cleanup; /* nothing to measure, no kinds needed: every measure stays NaN or 0 */
    }
    cls = malloc(n * sizeof *cls);
    ids = malloc(n * sizeof *ids);
    if (!cls || !ids) {
        st = CSIM_FAIL(CSIM_ENOMEM, "node kinds of %zu nodes", n);
        goto cleanup;
    }
    CSIM_TRY(classify(graph, cls, ids));
    for (size_t v = 0; v < n; ++v) {
        stats->class_nodes[cls[v]]++;
    }

    CSIM_TRY(simple_view(graph, &g));
    have_g = true;
    stats->edges = (size_t) igraph_ecount(&g);
    CSIM_IGRAPH_TRY(igraph_vector_int_init(&deg, 0), "degree vector");
    have_deg = true;
    CSIM_IGRAPH_TRY(igraph_vector_int_init(&core, 0), "coreness vector");
    have_core = true;
    CSIM_TRY(measure_shape(stats, &g, cls, &deg, &core));
    CSIM_TRY(measure_communities(stats, &g, &deg, opt));
    CSIM_TRY(measure_constraint(stats, &g, cls, ids, &deg, &core, opt));

cleanup:
    if (have_core) {
        igraph_vector_int_destroy(&core);
    }
    if (have_deg) {
        igraph_vector_int_destroy(&deg);
    }
    if (have_g) {
        igraph_destroy(&g);
    }
    free(ids);
    free(cls);
    if (st != CSIM_OK) {
        csim_network_stats_destroy(stats);
    }
    return st;
}
