/* Tests of analysis/networks/network.h, with analysis/readers/snapshot.h and
 * analysis/readers/trajectory_file.h under it: a small hand-made trajectory with two snapshots
 * (firms and institutions by id, with fill for absent agents) is read back as particle
 * snapshots, networks, igraph graphs and CSV; damaged variants are refused, and a file of
 * the earlier ragged layout still gives its networks. */

#include <criterion/criterion.h>

#include <igraph.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/networks/network.h"
#include "analysis/readers/snapshot.h"
#include "analysis/readers/trajectory_file.h"
#include "sim/h5_file.h"
#include "sim/h5_read.h"
#include "sim/h5_series.h"
#include "tests/support/test_support.h"

static void setup(void) {
    csim_test_quiet_libraries();
    igraph_set_error_handler(igraph_error_handler_printignore);
    igraph_set_attribute_table(&igraph_cattribute_table);
}
TestSuite(network_export, .init = setup);

static const char *const kind_names[] = {"firm", "institution"};
static const char *const know_names[] = {"a", "b"};
static const char *const origin_names[] = {"forum", "referral"};

/* How to spoil the file, for the refusal tests. */
typedef enum { GOOD, EDGE_TO_ABSENT_ACTOR, DUPLICATE_ID, NO_PARAMETERS, OLD_LAYOUT } variant;

/* One snapshot row of a particle group: n agents, ids (-1: absent), employees and two
 * knowledge values per agent. */
static void group_row(csim_h5_series *el, int64_t step, double time, size_t n,
                      const int32_t *id, const double *emp, const double *kn) {
    CSIM_ASSERT_OK(csim_h5_series_append_n(&el[0], step, time, n, id));
    CSIM_ASSERT_OK(csim_h5_series_append_n(&el[1], step, time, n, emp));
    CSIM_ASSERT_OK(csim_h5_series_append_n(&el[2], step, time, n, kn));
}

static void group_open(csim_h5_file *f, const char *group, csim_h5_series *el,
                       const csim_h5_series *clock) {
    char path[128];
    csim_h5_series_spec spec = {.type = CSIM_H5_INT32, .rank = 1, .dims = {4, 0},
                                .grow = true, .time_unit = "year", .clock = clock};
    snprintf(path, sizeof path, "%s/id", group);
    CSIM_ASSERT_OK(csim_h5_series_open(&el[0], f, path, &spec));
    spec.clock = clock ? clock : &el[0];
    spec.type = CSIM_H5_DOUBLE;
    spec.unit = "employee";
    snprintf(path, sizeof path, "%s/employees", group);
    CSIM_ASSERT_OK(csim_h5_series_open(&el[1], f, path, &spec));
    spec.rank = 2;
    spec.dims[1] = 2;
    spec.unit = "1";
    snprintf(path, sizeof path, "%s/knowledge", group);
    CSIM_ASSERT_OK(csim_h5_series_open(&el[2], f, path, &spec));
    snprintf(path, sizeof path, "%s/knowledge/value", group);
    CSIM_ASSERT_OK(csim_h5_attr_write_strings(f, path, "names", know_names, 2));
}

/*
 * A trajectory in the by-id layout with snapshots at steps -1 and 11. Firms are indexed by
 * actor id; the institutions (actors 3 and 5) by their own index 0, 1:
 *   step -1: firms 0, 1, 2; institution 3;
 *   step 11: firms 0, 2 (1 died); institution 5 (3 gone).
 * OLD_LAYOUT writes the same actors as the ragged /particles/actors of earlier files.
 */
static void write_trajectory(const char *path, variant v) {
    csim_h5_file f;
    csim_h5_series firms[3], inst[3];
    csim_h5_ragged actors, collab, supply;
    const csim_h5_column actor_cols[] = {
        {.name = "id", .type = CSIM_H5_INT64},
        {.name = "kind", .type = CSIM_H5_INT64, .names = kind_names, .n_names = 2},
        {.name = "employees", .type = CSIM_H5_DOUBLE, .unit = "employee"},
        {.name = "knowledge", .type = CSIM_H5_DOUBLE, .width = 2, .names = know_names, .n_names = 2},
    };
    const csim_h5_column collab_cols[] = {
        {.name = "edges", .type = CSIM_H5_INT32, .width = 2},
        {.name = "weight", .type = CSIM_H5_DOUBLE, .raw = true},
        {.name = "origin", .type = CSIM_H5_INT8, .names = origin_names, .n_names = 2},
    };
    const csim_h5_column supply_cols[] = {
        {.name = "edges", .type = CSIM_H5_INT32, .width = 2},
        {.name = "sales", .type = CSIM_H5_DOUBLE},
    };
    CSIM_ASSERT_OK(csim_h5_create(&f, path, "tester", "test", true));
    if (v != NO_PARAMETERS) {
        CSIM_ASSERT_OK(csim_h5_group_create(&f, "/parameters"));
    }
    const csim_h5_series *clock = NULL;
    if (v == OLD_LAYOUT) {
        CSIM_ASSERT_OK(csim_h5_ragged_open(&actors, &f, "/particles/actors", actor_cols, 4, "year", NULL));
        clock = &actors.snapshot;
    } else {
        group_open(&f, "/particles/firms", firms, NULL);
        group_open(&f, "/particles/institutions", inst, &firms[0]);
        clock = &firms[0];
    }
    CSIM_ASSERT_OK(csim_h5_ragged_open(&collab, &f, "/connectivity/collaboration", collab_cols, 3, NULL,
                                       clock));
    CSIM_ASSERT_OK(csim_h5_ragged_open(&supply, &f, "/connectivity/supply", supply_cols, 2, NULL, clock));

    /* Step -1. */
    if (v == OLD_LAYOUT) {
        const int64_t id0[] = {0, 1, 2, 3}, kind0[] = {0, 0, 0, 1};
        const double emp0[] = {10, 20, 30, 0}, kn0[] = {1, 2, 3, 4, 5, 6, 7, 8};
        const void *a0[] = {id0, kind0, emp0, kn0};
        CSIM_ASSERT_OK(csim_h5_ragged_append(&actors, -1, 2002.9, 4, a0));
    } else {
        const int32_t fid0[] = {0, 1, 2, -1};
        const double femp0[] = {10, 20, 30, (double) NAN};
        const double fkn0[] = {1, 2, 3, 4, 5, 6, (double) NAN, (double) NAN};
        group_row(firms, -1, 2002.9, 4, fid0, femp0, fkn0);
        const int32_t iid0[] = {v == DUPLICATE_ID ? 2 : 3};
        const double iemp0[] = {0}, ikn0[] = {7, 8};
        group_row(inst, -1, 2002.9, 1, iid0, iemp0, ikn0);
    }
    const int32_t ce0[] = {0, 1, 2, 3};
    const int8_t co0[] = {0, 1};
    const double cw0[] = {0.25, 0.75};
    const void *c0[] = {ce0, cw0, co0};
    CSIM_ASSERT_OK(csim_h5_ragged_append(&collab, -1, 2002.9, 2, c0));
    const int32_t se0[] = {0, 2};
    const double ss0[] = {100.0};
    const void *s0[] = {se0, ss0};
    CSIM_ASSERT_OK(csim_h5_ragged_append(&supply, -1, 2002.9, 1, s0));

    /* Step 11: actors 1 and 3 gone, 5 born. */
    if (v == OLD_LAYOUT) {
        const int64_t id1[] = {0, 2, 5}, kind1[] = {0, 0, 1};
        const double emp1[] = {11, 31, 0}, kn1[] = {1.5, 2.5, 3.5, 4.5, 5.5, 6.5};
        const void *a1[] = {id1, kind1, emp1, kn1};
        CSIM_ASSERT_OK(csim_h5_ragged_append(&actors, 11, 2003.9, 3, a1));
    } else {
        const int32_t fid1[] = {0, -1, 2, -1, -1, -1};
        const double N = (double) NAN;
        const double femp1[] = {11, N, 31, N, N, N};
        const double fkn1[] = {1.5, 2.5, N, N, 3.5, 4.5, N, N, N, N, N, N};
        group_row(firms, 11, 2003.9, 6, fid1, femp1, fkn1);
        const int32_t iid1[] = {-1, 5};
        const double iemp1[] = {N, 0}, ikn1[] = {N, N, 5.5, 6.5};
        group_row(inst, 11, 2003.9, 2, iid1, iemp1, ikn1);
    }
    const int32_t ce1[] = {0, v == EDGE_TO_ABSENT_ACTOR ? 3 : 5};
    const int8_t co1[] = {1};
    const double cw1[] = {0.5};
    const void *c1[] = {ce1, cw1, co1};
    CSIM_ASSERT_OK(csim_h5_ragged_append(&collab, 11, 2003.9, 1, c1));
    const int32_t se1[] = {0, 5, 0, 2};
    const double ss1[] = {40.0, 0.1};
    const void *s1[] = {se1, ss1};
    CSIM_ASSERT_OK(csim_h5_ragged_append(&supply, 11, 2003.9, 2, s1));

    csim_h5_ragged_close(&supply);
    csim_h5_ragged_close(&collab);
    if (v == OLD_LAYOUT) {
        csim_h5_ragged_close(&actors);
    } else {
        for (int k = 2; k >= 0; --k) {
            csim_h5_series_close(&inst[k]);
            csim_h5_series_close(&firms[k]);
        }
    }
    CSIM_ASSERT_OK(csim_h5_commit(&f));
}

static void make(char *path, size_t size, const char *name, variant v) {
    char dir[1024];
    csim_test_scratch_dir(dir, sizeof dir, name);
    cr_assert(dir[0] != '\0');
    snprintf(path, size, "%s/run.h5", dir);
    write_trajectory(path, v);
}

/* The network of `layer` at `step` of a fresh trajectory of variant `v` (in scratch
 * folder `name`), read and checked. */
static void read_made(csim_network *net, const char *name, variant v, csim_layer layer,
                      int64_t step) {
    char path[1200];
    make(path, sizeof path, name, v);
    csim_h5_reader r;
    CSIM_ASSERT_OK(csim_h5_reader_open(&r, path));
    CSIM_ASSERT_OK(csim_network_read(net, &r, layer, step));
    csim_h5_reader_close(&r);
}

Test(network_export, layer_names_parse) {
    csim_layer layer = CSIM_LAYER_COLLABORATION;
    CSIM_ASSERT_OK(csim_network_layer_parse("supply", &layer));
    cr_assert_eq(layer, CSIM_LAYER_SUPPLY);
    CSIM_ASSERT_OK(csim_network_layer_parse("collaboration", &layer));
    cr_assert_eq(layer, CSIM_LAYER_COLLABORATION);
    cr_assert_eq(csim_network_layer_parse("trade", &layer), CSIM_EINVAL);
    cr_assert(strstr(csim_last_error(), "collaboration, supply"), "%s", csim_last_error());
    cr_assert_eq(csim_network_layer_parse(NULL, &layer), CSIM_EINVAL);
}

Test(network_export, particle_snapshot_keeps_the_agents_present) {
    char path[1200];
    make(path, sizeof path, "netx_snapshot", GOOD);
    csim_h5_reader r;
    csim_snapshot snap;
    csim_h5_array steps;
    char list[64];
    CSIM_ASSERT_OK(csim_h5_reader_open(&r, path));
    CSIM_ASSERT_OK(csim_trajectory_file_check(&r));
    CSIM_ASSERT_OK(csim_particles_steps(&r, "/particles/firms", &steps));
    csim_snapshot_steps_text(&steps, list, sizeof list);
    cr_assert_str_eq(list, "-1, 11");
    csim_h5_array_destroy(&steps);
    CSIM_ASSERT_OK(csim_snapshot_steps(&r, "/connectivity/supply", &steps));
    csim_snapshot_steps_text(&steps, list, sizeof list);
    cr_assert_str_eq(list, "-1, 11", "the networks share the particles' clock");
    int64_t many[] = {-1, 11, 23, 35};
    const csim_h5_array four = {.type = CSIM_H5_INT64, .rank = 1, .dims = {4}, .n = 4, .data = many};
    csim_snapshot_steps_text(&four, list, 12);
    cr_assert_str_eq(list, "-1, 11, ...", "cut lists say so");
    csim_snapshot_steps_text(&four, list, 4);
    cr_assert_str_eq(list, "...");
    const csim_h5_array empty = {0};
    csim_snapshot_steps_text(&empty, list, sizeof list);
    cr_assert_str_eq(list, "none");

    /* Step 11: indices 0..5 were written, firms 0 and 2 are present. */
    CSIM_ASSERT_OK(csim_particles_read(&snap, &r, "/particles/firms", 11, NULL, 0));
    cr_assert_eq(snap.n_rows, 2);
    cr_assert_eq(snap.index, 1);
    cr_assert_float_eq(snap.time, 2003.9, 1e-12);
    cr_assert_eq(snap.n_cols, 3, "employees, id, knowledge");
    const csim_snapshot_column *id = csim_snapshot_find(&snap, "id");
    cr_assert_eq(csim_snapshot_value(id, 1, 0), 2.0);
    const csim_snapshot_column *kn = csim_snapshot_find(&snap, "knowledge");
    cr_assert_not_null(kn);
    cr_assert_eq(kn->width, 2);
    cr_assert_eq(csim_snapshot_value(kn, 1, 1), 4.5);
    cr_assert_str_eq(kn->names[1], "b");
    cr_assert_eq(csim_snapshot_value(csim_snapshot_find(&snap, "employees"), 1, 0), 31.0);
    cr_assert_null(csim_snapshot_label(id, 0), "not an enumeration");
    csim_snapshot_destroy(&snap);
    csim_snapshot_destroy(&snap);

    /* The row of step -1 was 4 wide; reading it in a file now 6 wide gives fill past it. */
    CSIM_ASSERT_OK(csim_particles_read(&snap, &r, "/particles/firms", -1, NULL, 0));
    cr_assert_eq(snap.n_rows, 3);
    csim_snapshot_destroy(&snap);
    static const char *const only[] = {"employees"};
    CSIM_ASSERT_OK(csim_particles_read(&snap, &r, "/particles/institutions", 11, only, 1));
    cr_assert_eq(snap.n_rows, 1);
    cr_assert_eq(snap.n_cols, 2, "id comes with what was asked for");
    cr_assert_eq(csim_snapshot_value(csim_snapshot_find(&snap, "id"), 0, 0), 5.0);
    csim_snapshot_destroy(&snap);

    static const char *const missing[] = {"capital"};
    cr_assert_eq(csim_particles_read(&snap, &r, "/particles/firms", -1, missing, 1), CSIM_EINVAL);
    cr_assert_eq(csim_particles_read(&snap, &r, "/particles/firms", 5, NULL, 0), CSIM_EINVAL);
    cr_assert(strstr(csim_last_error(), "snapshot steps: -1, 11"), "%s", csim_last_error());
    cr_assert_eq(snap.n_cols, 0, "left destroyed");
    cr_assert_eq(csim_snapshot_read(&snap, &r, "/connectivity/supply", 11, NULL, 0), CSIM_OK);
    cr_assert_eq(snap.n_rows, 2);
    csim_snapshot_destroy(&snap);
    csim_h5_reader_close(&r);
}

Test(network_export, files_of_the_earlier_layout_still_give_networks) {
    csim_network net;
    read_made(&net, "netx_old", OLD_LAYOUT, CSIM_LAYER_COLLABORATION, 11);
    cr_assert_eq(net.nodes.n_rows, 3);
    cr_assert_eq(net.ends[1], 2, "actor 5 is node 2");
    cr_assert_str_eq(csim_snapshot_label(csim_snapshot_find(&net.nodes, "kind"), 2),
                     "institution");
    csim_network_destroy(&net);
}

Test(network_export, collaboration_graph_has_nodes_edges_and_attributes) {
    csim_network net;
    igraph_t g;
    read_made(&net, "netx_collab", GOOD, CSIM_LAYER_COLLABORATION, 11);
    cr_assert_eq(net.nodes.n_rows, 3);
    cr_assert_eq(net.edges.n_rows, 1);
    cr_assert_not(net.directed);
    cr_assert_eq(net.ends[0], 0, "actor 0 is node 0");
    cr_assert_eq(net.ends[1], 2, "actor 5 is node 2");

    CSIM_ASSERT_OK(csim_network_to_igraph(&net, &g));
    cr_assert_eq(igraph_vcount(&g), 3);
    cr_assert_eq(igraph_ecount(&g), 1);
    cr_assert_not(igraph_is_directed(&g));
    cr_assert_eq(VAN(&g, "id", 2), 5.0);
    cr_assert_str_eq(VAS(&g, "kind", 2), "institution");
    cr_assert_eq(VAN(&g, "employees", 1), 31.0);
    cr_assert_eq(VAN(&g, "knowledge_b", 0), 2.5);
    cr_assert_str_eq(VAS(&g, "kind", 0), "firm");
    cr_assert_eq(VAN(&g, "id", 1), 2.0, "nodes in actor id order: 0, 2, 5");
    cr_assert_eq(EAN(&g, "weight", 0), 0.5);
    cr_assert_str_eq(EAS(&g, "origin", 0), "referral");
    cr_assert_str_eq(GAS(&g, "layer"), "collaboration");
    cr_assert_eq(GAN(&g, "step"), 11.0);
    igraph_destroy(&g);
    csim_network_destroy(&net);
    csim_network_destroy(&net);
}

/* What one of the network writers prints, as a string (open_memstream); the caller
 * frees it. */
static char *net_text(csim_status (*write)(const csim_network *, FILE *),
                      const csim_network *net) {
    csim_test_text t;
    FILE *out = csim_test_text_open(&t);
    CSIM_ASSERT_OK(write(net, out));
    return csim_test_text_close(&t);
}

Test(network_export, supply_is_directed_and_csv_lists_edges) {
    csim_network net;
    igraph_t g;
    char *text = NULL;
    read_made(&net, "netx_supply", GOOD, CSIM_LAYER_SUPPLY, 11);
    CSIM_ASSERT_OK(csim_network_to_igraph(&net, &g));
    cr_assert(igraph_is_directed(&g));
    cr_assert_eq(igraph_ecount(&g), 2);
    igraph_destroy(&g);

    text = net_text(csim_network_write_csv, &net);
    cr_assert_str_eq(text, "source,target,sales\n0,5,40\n0,2,0.1\n");
    free(text);

    text = net_text(csim_network_write_graphml, &net);
    cr_assert(strstr(text, "edgedefault=\"directed\""), "directed GraphML");
    cr_assert(strstr(text, "attr.name=\"sales\""), "edge attribute declared");
    /* Actor ids as node ids and endpoints; integers typed as integers. */
    cr_assert(strstr(text, "<node id=\"5\">"), "node id = actor id: %s", text);
    cr_assert(strstr(text, "<edge source=\"0\" target=\"5\">"), "endpoints = actor ids");
    cr_assert(strstr(text, "attr.name=\"id\" attr.type=\"long\""), "integer id typed long");
    cr_assert(strstr(text, "attr.name=\"step\" attr.type=\"long\""), "graph step typed long");
    free(text);

    text = net_text(csim_network_write_nodes_csv, &net);
    cr_assert(strncmp(text, "id,", 3) == 0, "node table starts with id: %s", text);
    cr_assert(strstr(text, "\n5,"), "a row for actor 5: %s", text);
    free(text);
    csim_network_destroy(&net);
}

Test(network_export, collaboration_csv_decodes_origin) {
    csim_network net;
    char *text = NULL;
    read_made(&net, "netx_csv", GOOD, CSIM_LAYER_COLLABORATION, -1);
    text = net_text(csim_network_write_csv, &net);
    cr_assert_str_eq(text, "source,target,origin,weight\n0,1,forum,0.25\n2,3,referral,0.75\n");
    free(text);
    csim_network_destroy(&net);
}

Test(network_export, inconsistent_files_are_refused) {
    char path[1200];
    csim_h5_reader r;
    csim_network net;

    make(path, sizeof path, "netx_absent", EDGE_TO_ABSENT_ACTOR);
    CSIM_ASSERT_OK(csim_h5_reader_open(&r, path));
    cr_assert_eq(csim_network_read(&net, &r, CSIM_LAYER_COLLABORATION, 11), CSIM_EINVAL);
    cr_assert(strstr(csim_last_error(), "names actor 3"), "%s", csim_last_error());
    csim_network_destroy(&net);
    CSIM_ASSERT_OK(csim_network_read(&net, &r, CSIM_LAYER_COLLABORATION, -1)); /* step -1 is fine */
    csim_network_destroy(&net);
    csim_h5_reader_close(&r);

    make(path, sizeof path, "netx_duplicate", DUPLICATE_ID);
    CSIM_ASSERT_OK(csim_h5_reader_open(&r, path));
    cr_assert_eq(csim_network_read(&net, &r, CSIM_LAYER_SUPPLY, -1), CSIM_EINVAL);
    cr_assert(strstr(csim_last_error(), "appears twice"), "%s", csim_last_error());
    csim_h5_reader_close(&r);

    make(path, sizeof path, "netx_foreign", NO_PARAMETERS);
    CSIM_ASSERT_OK(csim_h5_reader_open(&r, path));
    cr_assert_eq(csim_trajectory_file_check(&r), CSIM_EINVAL);
    cr_assert(strstr(csim_last_error(), "not a clustersim trajectory"), "%s", csim_last_error());
    csim_h5_reader_close(&r);

    csim_network zero = {0};
    csim_network_destroy(&zero);
}
