/**
 * \file analysis/networks/network_stats.h
 * The structure of one network snapshot, from an igraph graph: degree distribution,
 * clustering, degree assortativity, k-cores (core-periphery), Leiden communities on
 * modularity, degree centralisation, Burt's constraint by kind of node, and the share of
 * SME-SME ties. The definitions are in docs/ANALYSIS.md, section "Network structure".
 *
 * Input: a graph as csim_network_to_igraph() builds it (analysis/networks/network.h). The
 * measures use the node attributes `kind` ("firm" or "institution"), `tier` ("large",
 * "tier1", ...) and `group` ("none", "lg", "samsung") to tell the kinds of node apart, the
 * node attribute `id` (actor id) to name nodes, and the graph attributes `layer`, `step`,
 * `time` and `source` when present. Every measure is taken on the simple undirected view
 * of the graph (the supply layer's direction buyer -> supplier is dropped, loops and
 * parallel edges are merged), unweighted: it is the shape of who is tied to whom.
 *
 * igraph rules (docs/CONVENTIONS.md facts 2 and 3): serial code only; the process must have installed
 * igraph's C attribute handler and an error handler that does not abort. Community
 * detection reseeds igraph's default RNG (igraph_rng_default()) from the options' seed, so
 * the communities are a function of the graph and the seed alone.
 */
#ifndef CSIM_ANALYSIS_NETWORK_STATS_H
#define CSIM_ANALYSIS_NETWORK_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <igraph.h> /* igraph_t appears in a prototype */

#include "sim/error.h"

/**
 * Kinds of node, from the node attributes: an institution (kind "institution"); a hub (a
 * large firm, tier "large", affiliated with LG or Samsung, group not "none"); another
 * large firm; an SME (any other firm: the model's csim_firms_is_sme()); other (a kind
 * this code does not know, from a foreign file).
 */
typedef enum csim_node_class {
    CSIM_NODE_SME = 0,
    CSIM_NODE_HUB,
    CSIM_NODE_LARGE,
    CSIM_NODE_INSTITUTION,
    CSIM_NODE_OTHER,
    CSIM_N_NODE_CLASSES
} csim_node_class;

/** Names of the node classes: "sme", "hub", "large", "institution", "other". */
extern const char *const csim_node_class_names[CSIM_N_NODE_CLASSES];

/** Burt's constraint over the non-isolated nodes of one class. */
typedef struct csim_constraint_summary {
    size_t n;      /**< nodes of the class with at least one tie (isolated ones have none) */
    double mean;   /**< mean constraint; NaN when n == 0                                  */
    double median; /**< median; NaN when n == 0                                           */
    double min;    /**< lowest (the best-placed broker of the class); NaN when n == 0     */
} csim_constraint_summary;

/** One node among the lowest-constraint nodes. */
typedef struct csim_network_broker {
    int64_t id;          /**< actor id (node attribute `id`; the node index without it)  */
    csim_node_class cls; /**< its kind                                                   */
    size_t degree;       /**< its ties                                                   */
    size_t core;         /**< its coreness                                                */
    double constraint;   /**< Burt's constraint, in (0, 1.125] for simple graphs         */
} csim_network_broker;

/** Settings of csim_network_stats_compute(). */
typedef struct csim_network_stats_options {
    uint64_t seed;        /**< seed of igraph's RNG for the Leiden runs                      */
    size_t leiden_starts; /**< Leiden runs from singletons; the best modularity is kept, >= 1 */
    size_t n_lowest;      /**< how many lowest-constraint nodes to list                      */
} csim_network_stats_options;

/** The defaults: seed 20050101, 10 Leiden starts, the 10 lowest-constraint nodes. */
csim_network_stats_options csim_network_stats_options_default(void);

/**
 * The structure of one snapshot. Zeroed (or after csim_network_stats_init()) is a valid
 * empty result. A value that is undefined for the graph (the assortativity of a graph
 * whose edges all join nodes of one degree, the modularity of a graph without edges, ...)
 * is NaN, printed as "n/a" in tables and null in JSON.
 */
typedef struct csim_network_stats {
    char layer[32];       /**< graph attribute `layer` ("collaboration", "supply"), or ""   */
    char *source;         /**< owned: graph attribute `source` (the file), or NULL         */
    bool has_step;        /**< whether the graph carried `step` and `time`                 */
    int64_t step;         /**< snapshot step (-1: the initial state)                       */
    double time;          /**< its time, years                                             */
    bool directed_input;  /**< the input graph was directed (measured undirected)          */

    size_t nodes;                               /**< nodes                                */
    size_t edges;                               /**< edges of the simple undirected view  */
    size_t class_nodes[CSIM_N_NODE_CLASSES];    /**< nodes per class                      */
    double class_degree_mean[CSIM_N_NODE_CLASSES]; /**< mean degree per class (NaN: none) */

    size_t *degree_count;  /**< owned: degree_count[k] = nodes of degree k, k = 0..degree_max */
    size_t degree_max;     /**< largest degree (0 for an empty graph)                     */
    double degree_mean;    /**< 2 * edges / nodes                                         */
    double isolated_share; /**< share of nodes without ties                               */

    double transitivity;   /**< global clustering: 3 triangles / connected triples        */
    double clustering_avg; /**< mean local clustering over all nodes (0 below degree 2)   */
    double assortativity;  /**< degree assortativity (Newman 2002), in [-1, 1]            */

    size_t core_max;       /**< largest k with a non-empty k-core                          */
    size_t core_max_nodes; /**< nodes in that innermost core                               */
    double core_max_share; /**< core_max_nodes / nodes                                     */
    size_t class_in_core[CSIM_N_NODE_CLASSES]; /**< nodes of each class in the innermost core */
    double hub_core_share; /**< share of the hubs that are in the innermost core (NaN: no hubs) */

    size_t communities;        /**< Leiden communities, singletons (isolated nodes) included */
    size_t communities_2plus;  /**< communities of 2 or more nodes                          */
    size_t community_largest;  /**< nodes in the largest community                          */
    double modularity;         /**< Newman modularity of the partition (NaN without edges)  */

    double centralization;     /**< Freeman degree centralisation, normalised to [0, 1]     */

    csim_constraint_summary constraint[CSIM_N_NODE_CLASSES]; /**< Burt's constraint by class */
    csim_network_broker *lowest; /**< owned: the n_lowest lowest-constraint nodes, ascending */
    size_t n_lowest;             /**< entries of `lowest`                                   */

    size_t sme_sme_edges;  /**< edges with an SME at both ends                            */
    double sme_sme_share;  /**< sme_sme_edges / edges (NaN without edges)                 */
} csim_network_stats;

/**
 * The key scalars of a csim_network_stats, the columns of an over-time table:
 * X(name, description). Adding one is one line here and one in network_stats.c.
 */
#define CSIM_NETWORK_SCALARS(X)                                                          \
    X(nodes, "nodes")                                                                    \
    X(edges, "edges (simple, undirected)")                                               \
    X(degree_mean, "mean degree")                                                        \
    X(degree_max, "largest degree")                                                      \
    X(isolated_share, "share of nodes without ties")                                     \
    X(transitivity, "global clustering (transitivity)")                                  \
    X(clustering_avg, "average local clustering")                                        \
    X(assortativity, "degree assortativity")                                             \
    X(core_max, "innermost k-core: k")                                                   \
    X(core_max_share, "share of nodes in the innermost core")                            \
    X(hub_core_share, "share of hubs in the innermost core")                             \
    X(communities, "Leiden communities (singletons included)")                           \
    X(communities_2plus, "Leiden communities of 2+ nodes")                               \
    X(modularity, "modularity of the Leiden partition")                                  \
    X(centralization, "degree centralisation (normalised)")                              \
    X(constraint_sme, "mean Burt constraint of SMEs")                                    \
    X(constraint_hub, "mean Burt constraint of hubs")                                    \
    X(constraint_institution, "mean Burt constraint of institutions")                    \
    X(sme_sme_share, "share of SME-SME ties")

enum {
#define CSIM_X_COUNT(name, text) CSIM_NETWORK_SCALAR_##name,
    CSIM_NETWORK_SCALARS(CSIM_X_COUNT)
#undef CSIM_X_COUNT
    CSIM_NETWORK_N_SCALARS
};

/** Names of the scalars ("nodes", "edges", ...), in CSIM_NETWORK_SCALARS order. */
extern const char *const csim_network_scalar_names[CSIM_NETWORK_N_SCALARS];
/** One-line descriptions of the scalars, in the same order. */
extern const char *const csim_network_scalar_texts[CSIM_NETWORK_N_SCALARS];

/** Make `stats` a valid empty result (zeroed, measures NaN). Cannot fail. */
void csim_network_stats_init(csim_network_stats *stats);

/**
 * Measure the graph.
 *
 * \param stats  uninitialised; filled on success, left destroyed (empty) on error
 * \param graph  borrowed; directed or not, with node attributes `kind` (string; required)
 *               and, when some node is a firm, `tier` and `group` (strings); `id`
 *               (numeric) is optional
 * \param opt    borrowed; NULL for csim_network_stats_options_default()
 * \return CSIM_OK; CSIM_EINVAL (a required attribute missing or not a string, options out
 *         of range: the message names it); CSIM_EINTERNAL (no attribute handler);
 *         CSIM_EGRAPH (an igraph call failed; which one is in the message); CSIM_ENOMEM.
 * Not thread-safe (igraph; reseeds igraph's default RNG). Time: dominated by the
 * constraint, O(sum of squared degrees), and leiden_starts Leiden runs.
 */
csim_status csim_network_stats_compute(csim_network_stats *stats, const igraph_t *graph,
                                       const csim_network_stats_options *opt);

/**
 * The key scalars of `stats` into `values` (CSIM_NETWORK_N_SCALARS entries, in
 * CSIM_NETWORK_SCALARS order; counts as doubles). Cannot fail.
 */
void csim_network_stats_scalars(const csim_network_stats *stats, double *values);

/**
 * Print `stats` as a readable report: what was measured, then one line per measure, the
 * constraint table by class, the lowest-constraint nodes and the degree distribution.
 * \param out  borrowed; an open stream; the caller checks and closes it
 * \return CSIM_OK; CSIM_EIO (writing failed).
 */
csim_status csim_network_stats_write_table(const csim_network_stats *stats, FILE *out);

/**
 * Print `stats` as one JSON object (every field; NaN as null; the degree distribution as
 * an array indexed by degree). \return CSIM_OK; CSIM_EIO (writing failed).
 */
csim_status csim_network_stats_write_json(const csim_network_stats *stats, FILE *out);

/** Free what `stats` owns and make it empty; safe on a zeroed or destroyed struct. */
void csim_network_stats_destroy(csim_network_stats *stats);

#endif /* CSIM_ANALYSIS_NETWORK_STATS_H */
