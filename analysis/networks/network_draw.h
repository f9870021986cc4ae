/**
 * \file analysis/networks/network_draw.h
 * A picture of the cluster (`clustersim draw`): the collaboration and supply networks of
 * one or more snapshots of a trajectory, drawn by gnuplot from node positions computed by
 * igraph, so that the hub-and-spoke structure is visible.
 *
 * Nodes are the actors alive at a snapshot (csim_network_read()): shape and size by role
 * (hub, then tier: large, tier1, tier2, tier3, independent; institutions apart), colour by
 * membership (a mini-cluster first, then a working group, then a firm-led organisation,
 * else none). Supply links are solid blue lines, collaboration ties dashed orange ones.
 *
 * One layout serves every panel: Fruchterman-Reingold (igraph) over the union of the
 * panels' nodes and edges of the drawn layers, started from a circle in actor id order with
 * igraph's generator seeded from `seed` (rule 19), so an actor present in several panels
 * stands at the same place in each and the same file gives the same picture every time.
 *
 * What is written into `folder`: draw_nodes_K.dat, draw_collaboration_K.dat,
 * draw_supply_K.dat per panel K, and the commands of one multiplot (the panels, then a
 * legend panel) that writes `output` (a file name made of [a-z0-9_.], in `folder`).
 *
 * igraph rules (docs/CONVENTIONS.md facts 2 and 3): serial code only.
 */
#ifndef CSIM_ANALYSIS_NETWORK_DRAW_H
#define CSIM_ANALYSIS_NETWORK_DRAW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "analysis/networks/network.h"
#include "sim/error.h"
#include "sim/format/format_read.h"

/** What to draw. */
typedef struct csim_draw_options {
    bool layer[CSIM_N_LAYERS]; /**< the layers drawn (at least one)                       */
    bool connected_only;       /**< only actors with at least one drawn edge in the panel   */
    bool members_only;         /**< only hubs, institutions and firms in an MC, WG or org   */
    uint64_t seed;             /**< seed of the layout                                      */
    bool svg;                  /**< SVG (true) or PNG (pngcairo)                            */
} csim_draw_options;

/** One panel: a snapshot step and the year it stands for (its title). */
typedef struct csim_draw_panel {
    int64_t step;
    long long year;
} csim_draw_panel;

/**
 * Read the panels' networks from `r`, lay them out and write the data files and gnuplot
 * commands (a complete script, `script`) that draw them into `folder`/`output`.
 * \param panels    n_panels >= 1 snapshot steps of `r`
 * \param folder    an existing folder the data files go to, where gnuplot will run
 * \param output    the image's file name inside `folder` ([a-z0-9_.] characters)
 * \param summary   receives one line per panel ("2005: 812 firms, ...") for the caller
 * \param bad_input set to true when the failure came from reading `r` (the file's
 *                  fault: a damaged or foreign trajectory), false otherwise
 * \return CSIM_OK; CSIM_EINVAL (a panel's snapshot missing or malformed, from
 *         csim_network_read()); CSIM_EGRAPH (the layout failed); CSIM_EIO (a data file
 *         cannot be written); CSIM_ENOMEM.
 */
csim_status csim_draw_write(const csim_h5_reader *r, const csim_draw_panel *panels,
                            size_t n_panels, const csim_draw_options *opt, const char *folder,
                            const char *output, FILE *script, FILE *summary, bool *bad_input);

#endif /* CSIM_ANALYSIS_NETWORK_DRAW_H */
