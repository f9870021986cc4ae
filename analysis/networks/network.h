/**
 * \file analysis/networks/network.h
 * One network snapshot of a trajectory file as a graph: the firms and institutions alive
 * at the snapshot are the nodes, in actor id order (attributes: every element of
 * `/particles/firms` and `/particles/institutions`, plus `kind` = "firm" or "institution";
 * files of the earlier layout give theirs from the ragged `/particles/actors`), the ties of
 * one layer are the edges (attributes from `/connectivity/<layer>`). Exported as GraphML
 * (written here: actor ids as node ids, integers typed long), or as CSV (edges, nodes).
 *
 * Layers:
 *   - collaboration: undirected ties between actors; edge attributes weight, trust,
 *     born (month the tie formed), origin (by name);
 *   - supply: directed buyer -> supplier links; edge attribute sales (KRW million/month).
 *
 * Node `v` of the graph is row `v` of the merged node snapshot; the actor's stable id (its
 * index in the run) is the node attribute `id`, and the edges of the file, which name actor ids,
 * are mapped to node indices here. Enumeration columns (kind, sector, group, tier, origin)
 * become string attributes holding the names; a column of w components with a name table
 * (knowledge) becomes w numeric attributes "<column>_<name>" (GraphML key ids must be XML
 * names, so no brackets).
 *
 * igraph rules (docs/CONVENTIONS.md facts 2 and 3): this module calls igraph, which in this build is
 * not thread-safe, so call it from serial code only; the process must have installed
 * igraph's C attribute handler (`igraph_set_attribute_table(&igraph_cattribute_table)`, done
 * once in main and in test set-up) and an error handler that does not abort.
 */
#ifndef CSIM_ANALYSIS_NETWORKS_NETWORK_H
#define CSIM_ANALYSIS_NETWORKS_NETWORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <igraph.h> /* igraph_t appears in a prototype */

#include "analysis/readers/snapshot.h"
#include "sim/error.h"
#include "sim/format/format_read.h"

/** The network layers of a trajectory (groups under /connectivity). */
typedef enum csim_layer {
    CSIM_LAYER_COLLABORATION = 0, /**< undirected collaboration ties    */
    CSIM_LAYER_SUPPLY = 1,        /**< directed buyer -> supplier links */
    CSIM_N_LAYERS
} csim_layer;

/** Names of the layers, as on the command line and under /connectivity. */
extern const char *const csim_layer_names[CSIM_N_LAYERS];

/** A network snapshot read from a trajectory. Zeroed is a valid empty network. */
typedef struct csim_network {
    csim_layer layer;       /**< which layer                                              */
    bool directed;          /**< supply: true; collaboration: false                        */
    char *source;           /**< owned: path of the trajectory it was read from            */
    csim_snapshot nodes;    /**< the agents alive at the step, by actor id: row v is node v;
                                 columns `id`, `kind` (names firm, institution) and every
                                 state variable                                          */
    csim_snapshot edges;    /**< /connectivity/<layer> at the step: row e is edge e        */
    size_t *ends;           /**< owned: 2 * edges.n_rows node indices (from, to) of edge e */
} csim_network;

/**
 * The layer named `name` ("collaboration" or "supply").
 * \return CSIM_OK; CSIM_EINVAL (unknown name: the message lists the layers).
 */
csim_status csim_network_layer_parse(const char *name, csim_layer *layer);

/**
 * Read the network of `layer` at snapshot step `step` from an open trajectory.
 *
 * \param net    uninitialised; filled on success, left destroyed on error
 * \param r      an open reader (borrowed)
 * \param layer  which network
 * \param step   one of the snapshot steps of the file
 * \return CSIM_OK;
 *         CSIM_EINVAL (no snapshot at `step`, the message listing the snapshot steps; a
 *         file that is not a trajectory; the actor and network snapshots taken at
 *         different steps; an edge naming an actor absent from the snapshot, or an actor
 *         id twice);
 *         CSIM_ENOMEM; CSIM_EIO.
 * Memory: the snapshot's actors and edges, plus a table of the largest actor id.
 */
csim_status csim_network_read(csim_network *net, const csim_h5_reader *r, csim_layer layer,
                              int64_t step);

/**
 * Build the igraph graph of `net` with every attribute: node attributes from the actor
 * columns, edge attributes from the layer's columns, graph attributes `layer`, `step`,
 * `time` and `source`. Built in one igraph_create() from the edge list (fast; adding edges
 * one at a time is not).
 *
 * \param graph  uninitialised; initialised on success (igraph_destroy() it), untouched
 *               on error
 * \return CSIM_OK; CSIM_EINTERNAL (igraph has no attribute handler installed);
 *         CSIM_EGRAPH (an igraph call failed; which one is in the message); CSIM_ENOMEM.
 * Not thread-safe (igraph). O(nodes * node columns + edges * edge columns).
 */
csim_status csim_network_to_igraph(const csim_network *net, igraph_t *graph);

/**
 * Write `net` as GraphML, by clustersim rather than igraph's writer: node ids are actor
 * ids (the ids of events, memberships and the CSV edge list), integer columns are typed
 * `long`, enumerations `string` (their names), floating point `double` in the fewest
 * digits (15 to 17) that read back to the same bits; keys are prefixed "v_"/"e_"/"g_" so
 * that node and edge attributes of the same name do not clash; graph attributes layer,
 * step, time and source.
 * \param out  borrowed; an open stream; the caller checks and closes it
 * \return CSIM_OK; CSIM_EINVAL (no integer `id` or `edges` column); CSIM_EIO (writing
 *         failed).
 */
csim_status csim_network_write_graphml(const csim_network *net, FILE *out);

/**
 * Write the edges of `net` as CSV: a header "source,target,<edge columns>" then one line
 * per edge. source and target are actor ids (for supply: buyer, supplier); enumerations
 * are written by name, integers exactly, doubles with the fewest digits (15 to 17) that
 * read back to the same bits.
 * \param out  borrowed; an open stream; the caller checks and closes it
 * \return CSIM_OK; CSIM_EIO (writing failed).
 */
csim_status csim_network_write_csv(const csim_network *net, FILE *out);

/**
 * Write the nodes of `net` as CSV, the node table that goes with the edge list: a header
 * "id,<node columns>" then one line per node (actor) in id order, written as
 * csim_network_write_csv() writes edge attributes ([rows][w] columns as name_<label>).
 * \param out  borrowed; an open stream; the caller checks and closes it
 * \return CSIM_OK; CSIM_EINVAL (no `id` column); CSIM_EIO (writing failed).
 */
csim_status csim_network_write_nodes_csv(const csim_network *net, FILE *out);

/** Free what `net` owns; safe on a zeroed or destroyed network (idempotent). */
void csim_network_destroy(csim_network *net);

#endif /* CSIM_ANALYSIS_NETWORKS_NETWORK_H */
