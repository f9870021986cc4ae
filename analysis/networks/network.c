/*
 * A network snapshot of a trajectory as an igraph graph, GraphML (actor ids as node ids,
 * integers typed) or CSV (an edge list and a node table).
 * Everything here runs serially: igraph is not thread-safe in this build (docs/CONVENTIONS.md fact 2)
 * and HDF5 reads go through one global lock anyway.
 */
#include "analysis/networks/network.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const csim_layer_names[CSIM_N_LAYERS] = {"collaboration", "supply"};

/* The particle groups whose agents are the nodes, and the node attribute `kind` each
 * gives (the model's names, so that networks read from either layout look the same). */
static const char *const particle_groups[] = {"/particles/firms", "/particles/institutions"};
static const char *const kind_names[] = {"firm", "institution"};
enum { N_PARTICLE_GROUPS = 2 };

/* Trajectories written before the by-id layout kept every actor in one ragged element. */
static const char *const actors_element = "/particles/actors";

csim_status csim_network_layer_parse(const char *name, csim_layer *layer) {
    for (int k = 0; k < CSIM_N_LAYERS; ++k) {
        if (name && strcmp(name, csim_layer_names[k]) == 0) {
            *layer = (csim_layer) k;
            return CSIM_OK;
        }
    }
    return csim_fail_plain(CSIM_EINVAL, "unknown layer '%s' (layers: collaboration, supply)",
                           name ? name : "(none)");
}

void csim_network_destroy(csim_network *net) {
    if (!net) {
        return;
    }
    free(net->source);
    free(net->ends);
    csim_snapshot_destroy(&net->nodes);
    csim_snapshot_destroy(&net->edges);
    memset(net, 0, sizeof *net);
}

/* ---------------------------------------------------------------------------------- */
/* Reading: actor ids -> node indices                                                  */
/* ---------------------------------------------------------------------------------- */

typedef struct id_row {
    int64_t id;  /* actor id            */
    size_t row;  /* its node index      */
} id_row;

static int by_id(const void *a, const void *b) {
    const int64_t x = ((const id_row *) a)->id, y = ((const id_row *) b)->id;
    return (x > y) - (x < y);
}

/* Node index of actor `id`, or SIZE_MAX. The table is sorted by id. */
static size_t node_of(const id_row *table, size_t n, int64_t id) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (table[mid].id < id) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < n && table[lo].id == id ? table[lo].row : SIZE_MAX;
}

/* Map the edge list (actor ids) to node indices. A sorted table rather than an array
 * indexed by id: ids come from the file, and a hostile id of 2^62 must not become an
 * allocation of 2^62 entries. */
static csim_status map_ends(csim_network *net, const char *file) {
    csim_status st = CSIM_OK;
    const csim_snapshot_column *ids = csim_snapshot_find(&net->nodes, "id");
    const csim_snapshot_column *ends = csim_snapshot_find(&net->edges, "edges");
    const size_t n_nodes = net->nodes.n_rows, n_edges = net->edges.n_rows;
    id_row *table = NULL;

    if (!ids || ids->type != CSIM_H5_INT64 || ids->width != 1) {
        return CSIM_FAIL(CSIM_EINVAL, "%s: the actor snapshot has no integer column 'id'", file);
    }
    if (!ends || ends->type != CSIM_H5_INT64 || ends->width != 2) {
        return CSIM_FAIL(CSIM_EINVAL, "%s: /connectivity/%s has no integer [rows][2] column 'edges'",
                         file, csim_layer_names[net->layer]);
    }
    table = malloc((n_nodes > 0 ? n_nodes : 1) * sizeof *table);
    net->ends = malloc((2 * n_edges > 0 ? 2 * n_edges : 1) * sizeof *net->ends);
    if (!table || !net->ends) {
        st = CSIM_FAIL(CSIM_ENOMEM, "node table for %zu actors, %zu edges", n_nodes, n_edges);
        goto cleanup;
    }
    const int64_t *id = ids->data;
    for (size_t v = 0; v < n_nodes; ++v) {
        table[v].id = id[v];
        table[v].row = v;
    }
    qsort(table, n_nodes, sizeof *table, by_id);
    for (size_t v = 1; v < n_nodes; ++v) {
        if (table[v].id == table[v - 1].id) {
            st = CSIM_FAIL(CSIM_EINVAL, "%s: actor id %" PRId64 " appears twice in the snapshot at step %" PRId64,
                           file, table[v].id, net->nodes.step);
            goto cleanup;
        }
    }
    const int64_t *e = ends->data;
    for (size_t k = 0; k < 2 * n_edges; ++k) {
        net->ends[k] = node_of(table, n_nodes, e[k]);
        if (net->ends[k] == SIZE_MAX) {
            st = CSIM_FAIL(CSIM_EINVAL, "%s: edge %zu of /connectivity/%s at step %" PRId64
                           " names actor %" PRId64 ", which is not in the actor snapshot",
                           file, k / 2, csim_layer_names[net->layer], net->edges.step, e[k]);
            goto cleanup;
        }
    }

cleanup:
    free(table);
    return st;
}

/* ---------------------------------------------------------------------------------- */
/* Reading: the nodes, firms and institutions merged by actor id                        */
/* ---------------------------------------------------------------------------------- */

static int by_name(const void *a, const void *b) {
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/* Actor id of row i of a particle snapshot (its `id` column, int64 by construction). */
static int64_t id_of(const csim_snapshot *snap, const csim_snapshot_column *ids, size_t i) {
    (void) snap;
    return ((const int64_t *) ids->data)[i];
}

/*
 * The union of the particle snapshots `parts` (firms, institutions) as one node table in
 * actor id order: a column of any part becomes a column of the nodes (fill -1 / NaN for
 * the rows of parts without it; integers in one part and floats in another become
 * floats), plus `kind` (int64 with the names "firm", "institution").
 */
static csim_status merge_nodes(csim_snapshot *nodes, const csim_snapshot *parts, size_t n_parts,
                               const char *file) {
    csim_status st = CSIM_OK;
    const char **names = NULL;
    size_t n_names = 0, total = 0, cap = 1;
    size_t *from_part = NULL, *from_row = NULL;
    const csim_snapshot_column *ids[N_PARTICLE_GROUPS] = {NULL};

    memset(nodes, 0, sizeof *nodes);
    for (size_t p = 0; p < n_parts; ++p) {
        ids[p] = csim_snapshot_find(&parts[p], "id");
        if (!ids[p] || ids[p]->type != CSIM_H5_INT64 || ids[p]->width != 1) {
            return CSIM_FAIL(CSIM_EINVAL, "%s: %s has no integer element 'id'", file,
                             particle_groups[p]);
        }
        total += parts[p].n_rows;
        cap += parts[p].n_cols;
    }
    names = malloc(cap * sizeof *names);
    from_part = malloc((total > 0 ? total : 1) * sizeof *from_part);
    from_row = malloc((total > 0 ? total : 1) * sizeof *from_row);
    if (!names || !from_part || !from_row) {
        st = CSIM_FAIL(CSIM_ENOMEM, "node table of %zu actors", total);
        goto cleanup;
    }
    /* Column names: every part's, once each, plus "kind"; in name order like a file. */
    names[n_names++] = "kind";
    for (size_t p = 0; p < n_parts; ++p) {
        for (size_t c = 0; c < parts[p].n_cols; ++c) {
            bool seen = false;
            for (size_t k = 0; k < n_names && !seen; ++k) {
                seen = strcmp(names[k], parts[p].cols[c].name) == 0;
            }
            if (!seen) {
                names[n_names++] = parts[p].cols[c].name;
            }
        }
    }
    qsort(names, n_names, sizeof *names, by_name);
    /* Rows: merge the parts, each already in id order (index order, ids increasing). */
    size_t next[N_PARTICLE_GROUPS] = {0};
    for (size_t i = 0; i < total; ++i) {
        size_t best = n_parts;
        for (size_t p = 0; p < n_parts; ++p) {
            if (next[p] < parts[p].n_rows &&
                (best == n_parts || id_of(&parts[p], ids[p], next[p]) <
                                        id_of(&parts[best], ids[best], next[best]))) {
                best = p;
            }
        }
        from_part[i] = best;
        from_row[i] = next[best]++;
    }
    nodes->step = parts[0].step;
    nodes->time = parts[0].time;
    nodes->index = parts[0].index;
    nodes->n_rows = total;
    if (!(nodes->cols = calloc(n_names, sizeof *nodes->cols))) {
        st = CSIM_FAIL(CSIM_ENOMEM, "%zu node columns", n_names);
        goto cleanup;
    }
    for (size_t c = 0; c < n_names; ++c) {
        csim_snapshot_column *out = &nodes->cols[c];
        const csim_snapshot_column *in[N_PARTICLE_GROUPS] = {NULL};
        nodes->n_cols = c + 1; /* destroyed with the others if anything below fails */
        const bool is_kind = strcmp(names[c], "kind") == 0;
        out->type = CSIM_H5_INT64;
        out->width = 1;
        for (size_t p = 0; p < n_parts && !is_kind; ++p) {
            in[p] = csim_snapshot_find(&parts[p], names[c]);
            if (!in[p]) {
                continue;
            }
            if (out->width != 1 && in[p]->width != out->width) {
                st = CSIM_FAIL(CSIM_EINVAL, "%s: element '%s' has %zu components in one particle "
                                            "group and %zu in another", file, names[c],
                               in[p]->width, out->width);
                goto cleanup;
            }
            out->width = in[p]->width;
            if (in[p]->type == CSIM_H5_DOUBLE) {
                out->type = CSIM_H5_DOUBLE;
            }
        }
        for (size_t p = 0; p < n_parts && !is_kind; ++p) {
            if (in[p] && in[p]->width != out->width) {
                st = CSIM_FAIL(CSIM_EINVAL, "%s: element '%s' has different widths in the "
                                            "particle groups", file, names[c]);
                goto cleanup;
            }
        }
        out->name = malloc(strlen(names[c]) + 1);
        out->data = malloc((total * out->width > 0 ? total * out->width : 1) * 8);
        if (!out->name || !out->data) {
            st = CSIM_FAIL(CSIM_ENOMEM, "node column '%s'", names[c]);
            goto cleanup;
        }
        strcpy(out->name, names[c]);
        /* The name table: the kinds, or the first part's that has one. */
        const char *const *table = is_kind ? kind_names : NULL;
        size_t n_table = is_kind ? N_PARTICLE_GROUPS : 0;
        for (size_t p = 0; p < n_parts && !table; ++p) {
            if (in[p] && in[p]->names) {
                table = (const char *const *) in[p]->names;
                n_table = in[p]->n_names;
            }
        }
        if (table && n_table > 0) {
            if (!(out->names = calloc(n_table, sizeof *out->names))) {
                st = CSIM_FAIL(CSIM_ENOMEM, "names of node column '%s'", names[c]);
                goto cleanup;
            }
            out->n_names = n_table;
            for (size_t k = 0; k < n_table; ++k) {
                if (!(out->names[k] = malloc(strlen(table[k]) + 1))) {
                    st = CSIM_FAIL(CSIM_ENOMEM, "names of node column '%s'", names[c]);
                    goto cleanup;
                }
                strcpy(out->names[k], table[k]);
            }
        }
        for (size_t i = 0; i < total; ++i) {
            const size_t p = from_part[i], row = from_row[i];
            for (size_t j = 0; j < out->width; ++j) {
                const size_t at = i * out->width + j;
                if (is_kind) {
                    ((int64_t *) out->data)[at] = (int64_t) p;
                } else if (!in[p]) {
                    if (out->type == CSIM_H5_DOUBLE) {
                        ((double *) out->data)[at] = (double) NAN;
                    } else {
                        ((int64_t *) out->data)[at] = -1;
                    }
                } else if (out->type == CSIM_H5_DOUBLE) {
                    ((double *) out->data)[at] = csim_snapshot_value(in[p], row, j);
                } else {
                    ((int64_t *) out->data)[at] = ((const int64_t *) in[p]->data)[row * out->width + j];
                }
            }
        }
    }

cleanup:
    free(names);
    free(from_part);
    free(from_row);
    if (st != CSIM_OK) {
        csim_snapshot_destroy(nodes);
    }
    return st;
}

/* The actors alive at `step`: the particle groups merged, or the ragged actor element of a
 * trajectory of the earlier layout. */
static csim_status read_nodes(csim_snapshot *nodes, const csim_h5_reader *r, int64_t step) {
    csim_status st = CSIM_OK;
    csim_snapshot parts[N_PARTICLE_GROUPS];
    size_t n_parts = 0;
    bool by_id = false, old = false;

    memset(parts, 0, sizeof parts);
    CSIM_TRY(csim_h5_read_exists(r, "/particles/firms/id/value", &by_id));
    if (!by_id) {
        CSIM_TRY(csim_h5_read_exists(r, actors_element, &old));
        if (old) {
            return csim_snapshot_read(nodes, r, actors_element, step, NULL, 0);
        }
        return CSIM_FAIL(CSIM_EINVAL, "%s: no /particles/firms/id/value (not a trajectory with "
                                      "particle snapshots)", r->path);
    }
    for (size_t p = 0; p < N_PARTICLE_GROUPS; ++p) {
        char id_path[128];
        bool here = p == 0;
        snprintf(id_path, sizeof id_path, "%s/id/value", particle_groups[p]);
        if (p > 0) {
            CSIM_TRY(csim_h5_read_exists(r, id_path, &here));
        }
        if (here) {
            CSIM_TRY(csim_particles_read(&parts[p], r, particle_groups[p], step, NULL, 0));
            n_parts = p + 1;
        }
    }
    CSIM_TRY(merge_nodes(nodes, parts, n_parts, r->path));

cleanup:
    for (size_t p = 0; p < N_PARTICLE_GROUPS; ++p) {
        csim_snapshot_destroy(&parts[p]);
    }
    return st;
}

csim_status csim_network_read(csim_network *net, const csim_h5_reader *r, csim_layer layer,
                              int64_t step) {
    csim_status st = CSIM_OK;
    char element[128];

    memset(net, 0, sizeof *net);
    if (!r || !r->path || (int) layer < 0 || layer >= CSIM_N_LAYERS) {
        return CSIM_FAIL(CSIM_EINVAL, "reading a network: bad reader or layer");
    }
    net->layer = layer;
    net->directed = layer == CSIM_LAYER_SUPPLY;
    net->source = malloc(strlen(r->path) + 1);
    if (!net->source) {
        st = CSIM_FAIL(CSIM_ENOMEM, "source path");
        goto cleanup;
    }
    strcpy(net->source, r->path);
    snprintf(element, sizeof element, "/connectivity/%s", csim_layer_names[layer]);
    CSIM_TRY(read_nodes(&net->nodes, r, step));
    CSIM_TRY(csim_snapshot_read(&net->edges, r, element, step, NULL, 0));
    CSIM_TRY(map_ends(net, r->path));

cleanup:
    if (st != CSIM_OK) {
        csim_network_destroy(net);
    }
    return st;
}

/* ---------------------------------------------------------------------------------- */
/* igraph                                                                               */
/* ---------------------------------------------------------------------------------- */

typedef enum { ON_VERTICES, ON_EDGES } attr_target;

/* igraph's answer `rc` to setting attribute `name` of the vertices or edges, as a status
 * whose message names the attribute. */
static csim_status attribute_set(igraph_error_t rc, attr_target on, const char *name) {
    if (rc != IGRAPH_SUCCESS) {
        return CSIM_FAIL(CSIM_EGRAPH, "setting %s attribute '%s'",
                         on == ON_VERTICES ? "node" : "edge", name);
    }
    return CSIM_OK;
}

static csim_status set_numeric(igraph_t *graph, attr_target on, const char *name,
                               const csim_snapshot_column *col, size_t rows, size_t j) {
    igraph_vector_t v;
    if (igraph_vector_init(&v, (igraph_integer_t) rows) != IGRAPH_SUCCESS) {
        return CSIM_FAIL(CSIM_EGRAPH, "igraph_vector_init for attribute '%s'", name);
    }
    for (size_t i = 0; i < rows; ++i) {
        VECTOR(v)[i] = csim_snapshot_value(col, i, j);
    }
    /* igraph copies the values: the vector is ours to destroy whatever the answer. */
    const csim_status st =
        attribute_set(on == ON_VERTICES ? igraph_cattribute_VAN_setv(graph, name, &v)
                                        : igraph_cattribute_EAN_setv(graph, name, &v),
                      on, name);
    igraph_vector_destroy(&v);
    return st;
}

/* An enumeration column as names; a value outside the name table (a foreign file) keeps
 * its number, as text, rather than failing or inventing a name. */
static csim_status set_labels(igraph_t *graph, attr_target on, const char *name,
                              const csim_snapshot_column *col, size_t rows) {
    igraph_strvector_t sv;
    if (igraph_strvector_init(&sv, (igraph_integer_t) rows) != IGRAPH_SUCCESS) {
        return CSIM_FAIL(CSIM_EGRAPH, "igraph_strvector_init for attribute '%s'", name);
    }
    csim_status st = CSIM_OK;
    for (size_t i = 0; i < rows && st == CSIM_OK; ++i) {
        char number[32];
        const char *label = csim_snapshot_label(col, i);
        if (!label) {
            snprintf(number, sizeof number, "%" PRId64, ((const int64_t *) col->data)[i]);
            label = number;
        }
        if (igraph_strvector_set(&sv, (igraph_integer_t) i, label) != IGRAPH_SUCCESS) {
            st = CSIM_FAIL(CSIM_EGRAPH, "igraph_strvector_set for attribute '%s'", name);
        }
    }
    if (st == CSIM_OK) {
        st = attribute_set(on == ON_VERTICES ? igraph_cattribute_VAS_setv(graph, name, &sv)
                                             : igraph_cattribute_EAS_setv(graph, name, &sv),
                           on, name);
    }
    igraph_strvector_destroy(&sv);
    return st;
}

/* Every column of `snap` (but `skip`) as attributes of the vertices or edges. */
static csim_status set_columns(igraph_t *graph, attr_target on, const csim_snapshot *snap,
                               const char *skip) {
    csim_status st = CSIM_OK;
    for (size_t c = 0; c < snap->n_cols; ++c) {
        const csim_snapshot_column *col = &snap->cols[c];
        if (skip && strcmp(col->name, skip) == 0) {
            continue;
        }
        if (col->width == 1 && col->names && col->type == CSIM_H5_INT64) {
            CSIM_TRY(set_labels(graph, on, col->name, col, snap->n_rows));
        } else if (col->width == 1) {
            CSIM_TRY(set_numeric(graph, on, col->name, col, snap->n_rows, 0));
        } else {
            for (size_t j = 0; j < col->width; ++j) {
                char name[256];
                if (col->names && col->n_names == col->width) {
                    snprintf(name, sizeof name, "%s_%s", col->name, col->names[j]);
                } else {
                    snprintf(name, sizeof name, "%s_%zu", col->name, j);
                }
                CSIM_TRY(set_numeric(graph, on, name, col, snap->n_rows, j));
            }
        }
    }
cleanup:
    return st;
}

csim_status csim_network_to_igraph(const csim_network *net, igraph_t *graph) {
    csim_status st = CSIM_OK;
    igraph_vector_int_t edges;
    igraph_t g;
    bool have_edges = false, have_graph = false;
    const size_t n_edges = net->edges.n_rows;

    if (!igraph_has_attribute_table()) {
        return CSIM_FAIL(CSIM_EINTERNAL, "igraph has no attribute handler: "
                                         "igraph_set_attribute_table(&igraph_cattribute_table) "
                                         "belongs in main and in test set-up");
    }
    if (igraph_vector_int_init(&edges, (igraph_integer_t) (2 * n_edges)) != IGRAPH_SUCCESS) {
        st = CSIM_FAIL(CSIM_EGRAPH, "edge vector of %zu edges", n_edges);
        goto cleanup;
    }
    have_edges = true;
    for (size_t k = 0; k < 2 * n_edges; ++k) {
        VECTOR(edges)[k] = (igraph_integer_t) net->ends[k];
    }
    if (igraph_create(&g, &edges, (igraph_integer_t) net->nodes.n_rows,
                      net->directed ? IGRAPH_DIRECTED : IGRAPH_UNDIRECTED) != IGRAPH_SUCCESS) {
        st = CSIM_FAIL(CSIM_EGRAPH, "igraph_create with %zu nodes, %zu edges", net->nodes.n_rows,
                       n_edges);
        goto cleanup;
    }
    have_graph = true;
    if (igraph_cattribute_GAS_set(&g, "layer", csim_layer_names[net->layer]) != IGRAPH_SUCCESS ||
        igraph_cattribute_GAN_set(&g, "step", (igraph_real_t) net->nodes.step) != IGRAPH_SUCCESS ||
        igraph_cattribute_GAN_set(&g, "time", net->nodes.time) != IGRAPH_SUCCESS ||
        igraph_cattribute_GAS_set(&g, "source", net->source ? net->source : "") != IGRAPH_SUCCESS) {
        st = CSIM_FAIL(CSIM_EGRAPH, "setting graph attributes");
        goto cleanup;
    }
    CSIM_TRY(set_columns(&g, ON_VERTICES, &net->nodes, NULL));
    CSIM_TRY(set_columns(&g, ON_EDGES, &net->edges, "edges"));
    *graph = g;
    have_graph = false; /* the caller owns it now */

cleanup:
    if (have_graph) {
        igraph_destroy(&g);
    }
    if (have_edges) {
        igraph_vector_int_destroy(&edges);
    }
    return st;
}

/* ---------------------------------------------------------------------------------- */
/* GraphML, written here rather than by igraph's writer: igraph types every number as a  */
/* double and names nodes n0, n1, ... by position; here integers are typed `long` and    */
/* node ids are actor ids, the ids events and other snapshots use.                       */
/* ---------------------------------------------------------------------------------- */

/* `x` in the shortest of 15, 16 or 17 significant digits that reads back to the same
 * bits (as sim/schema.c writes parameters): 0.3, not 0.29999999999999999. NaN and the
 * infinities as XML Schema spells them. */
static void format_double(char *text, size_t size, double x) {
    if (isnan(x) || isinf(x)) {
        snprintf(text, size, "%s", isnan(x) ? "NaN" : x > 0 ? "INF" : "-INF");
        return;
    }
    for (int prec = 15; prec <= 17; ++prec) {
        snprintf(text, size, "%.*g", prec, x);
        if (strtod(text, NULL) == x) {
            break;
        }
    }
}

/* Text with XML's five special characters escaped. */
static int put_xml_text(FILE *out, const char *text) {
    int bad = 0;
    for (const char *c = text; *c && !bad; ++c) {
        switch (*c) {
        case '&': bad = fputs("&amp;", out) < 0; break;
        case '<': bad = fputs("&lt;", out) < 0; break;
        case '>': bad = fputs("&gt;", out) < 0; break;
        case '"': bad = fputs("&quot;", out) < 0; break;
        case '\'': bad = fputs("&apos;", out) < 0; break;
        default: bad = fputc(*c, out) == EOF; break;
        }
    }
    return bad;
}

/* The GraphML type of a column: enumerations are strings (their names), other integers
 * `long`, floating point `double`. */
static const char *graphml_type(const csim_snapshot_column *col) {
    if (col->type == CSIM_H5_INT64) {
        return col->width == 1 && col->names ? "string" : "long";
    }
    return "double";
}

/* Name of entry j of `col` as an attribute: the column's name, or name_<label> (name_<j>)
 * for a [rows][w] column: GraphML key ids must be XML names, so no brackets. */
static void attr_name(const csim_snapshot_column *col, size_t j, char *name, size_t size) {
    if (col->width == 1) {
        snprintf(name, size, "%s", col->name);
    } else if (col->names && col->n_names == col->width) {
        snprintf(name, size, "%s_%s", col->name, col->names[j]);
    } else {
        snprintf(name, size, "%s_%zu", col->name, j);
    }
}

/* The <key> declarations of every column of `snap` (but `skip`); prefix 'v' or 'e'. */
static int put_keys(FILE *out, const csim_snapshot *snap, const char *skip, char prefix) {
    int bad = 0;
    for (size_t c = 0; c < snap->n_cols && !bad; ++c) {
        const csim_snapshot_column *col = &snap->cols[c];
        for (size_t j = 0; j < col->width && !(skip && strcmp(col->name, skip) == 0); ++j) {
            char name[256];
            attr_name(col, j, name, sizeof name);
            bad |= fprintf(out, "  <key id=\"%c_", prefix) < 0 || put_xml_text(out, name) ||
                   fprintf(out, "\" for=\"%s\" attr.name=\"", prefix == 'v' ? "node" : "edge") < 0 ||
                   put_xml_text(out, name) ||
                   fprintf(out, "\" attr.type=\"%s\"/>\n", graphml_type(col)) < 0;
        }
    }
    return bad;
}

/* The <data> of row `i` of every column of `snap` (but `skip`). */
static int put_data(FILE *out, const csim_snapshot *snap, size_t i, const char *skip,
                    char prefix) {
    int bad = 0;
    for (size_t c = 0; c < snap->n_cols && !bad; ++c) {
        const csim_snapshot_column *col = &snap->cols[c];
        for (size_t j = 0; j < col->width && !(skip && strcmp(col->name, skip) == 0); ++j) {
            char name[256], number[40];
            attr_name(col, j, name, sizeof name);
            const char *label = col->type == CSIM_H5_INT64 && col->width == 1 && col->names
                                    ? csim_snapshot_label(col, i)
                                    : NULL;
            if (!label && col->type == CSIM_H5_INT64) {
                snprintf(number, sizeof number, "%" PRId64,
                         ((const int64_t *) col->data)[i * col->width + j]);
                label = number;
            } else if (!label) {
                format_double(number, sizeof number,
                              ((const double *) col->data)[i * col->width + j]);
                label = number;
            }
            bad |= fprintf(out, "      <data key=\"%c_", prefix) < 0 || put_xml_text(out, name) ||
                   fputs("\">", out) < 0 || put_xml_text(out, label) ||
                   fputs("</data>\n", out) < 0;
        }
    }
    return bad;
}

csim_status csim_network_write_graphml(const csim_network *net, FILE *out) {
    const csim_snapshot *v = &net->nodes, *e = &net->edges;
    const csim_snapshot_column *ids = csim_snapshot_find(v, "id");
    const csim_snapshot_column *ends = csim_snapshot_find(e, "edges");
    if ((!ids && v->n_rows > 0) || (ids && ids->type != CSIM_H5_INT64) ||
        (!ends && e->n_rows > 0) || (ends && (ends->type != CSIM_H5_INT64 || ends->width != 2))) {
        return CSIM_FAIL(CSIM_EINVAL, "network without integer 'id' or 'edges' columns");
    }
    char time[40];
    format_double(time, sizeof time, v->time);
    int bad = fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
                    "         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
                    "         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns\n"
                    "         http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
                    "<!-- Created by clustersim: node ids are actor ids -->\n"
                    "  <key id=\"g_layer\" for=\"graph\" attr.name=\"layer\" attr.type=\"string\"/>\n"
                    "  <key id=\"g_step\" for=\"graph\" attr.name=\"step\" attr.type=\"long\"/>\n"
                    "  <key id=\"g_time\" for=\"graph\" attr.name=\"time\" attr.type=\"double\"/>\n"
                    "  <key id=\"g_source\" for=\"graph\" attr.name=\"source\" attr.type=\"string\"/>\n",
                    out) < 0;
    bad |= put_keys(out, v, NULL, 'v') || put_keys(out, e, "edges", 'e');
    bad |= fprintf(out, "  <graph id=\"G\" edgedefault=\"%s\">\n"
                        "    <data key=\"g_layer\">%s</data>\n"
                        "    <data key=\"g_step\">%" PRId64 "</data>\n"
                        "    <data key=\"g_time\">%s</data>\n"
                        "    <data key=\"g_source\">",
                   net->directed ? "directed" : "undirected", csim_layer_names[net->layer],
                   v->step, time) < 0 ||
           put_xml_text(out, net->source ? net->source : "") || fputs("</data>\n", out) < 0;
    for (size_t i = 0; i < v->n_rows && !bad; ++i) {
        bad |= fprintf(out, "    <node id=\"%" PRId64 "\">\n", ((const int64_t *) ids->data)[i]) < 0 ||
               put_data(out, v, i, NULL, 'v') || fputs("    </node>\n", out) < 0;
    }
    for (size_t i = 0; i < e->n_rows && !bad; ++i) {
        const int64_t *ab = (const int64_t *) ends->data + 2 * i;
        bad |= fprintf(out, "    <edge source=\"%" PRId64 "\" target=\"%" PRId64 "\">\n", ab[0],
                       ab[1]) < 0 ||
               put_data(out, e, i, "edges", 'e') || fputs("    </edge>\n", out) < 0;
    }
    bad |= fputs("  </graph>\n</graphml>\n", out) < 0;
    if (bad || fflush(out) != 0 || ferror(out)) {
        return CSIM_FAIL(CSIM_EIO, "writing GraphML failed");
    }
    return CSIM_OK;
}

/* ---------------------------------------------------------------------------------- */
/* CSV                                                                                  */
/* ---------------------------------------------------------------------------------- */

/* One CSV field of row `i`, entry `j` of `col` (names never contain commas or quotes:
 * they are identifiers from the model's tables; a number is written for anything else). */
static int put_field(FILE *out, const csim_snapshot_column *col, size_t i, size_t j) {
    if (col->type == CSIM_H5_INT64) {
        const char *label = col->width == 1 ? csim_snapshot_label(col, i) : NULL;
        if (label && !strpbrk(label, ",\"\n\r")) {
            return fprintf(out, ",%s", label);
        }
        return fprintf(out, ",%" PRId64, ((const int64_t *) col->data)[i * col->width + j]);
    }
    const double x = ((const double *) col->data)[i * col->width + j];
    char text[40];
    if (isnan(x) || isinf(x)) { /* as C's printf writes them, read by R, pandas, spreadsheets */
        return fprintf(out, ",%s", isnan(x) ? "nan" : x > 0 ? "inf" : "-inf");
    }
    format_double(text, sizeof text, x);
    return fprintf(out, ",%s", text);
}

/* The header fields of every column of `snap` but `skip` (each preceded by a comma). */
static int put_header(FILE *out, const csim_snapshot *snap, const csim_snapshot_column *skip) {
    int bad = 0;
    for (size_t c = 0; c < snap->n_cols; ++c) {
        const csim_snapshot_column *col = &snap->cols[c];
        for (size_t j = 0; col != skip && j < col->width; ++j) {
            char name[256];
            attr_name(col, j, name, sizeof name);
            bad |= fprintf(out, ",%s", name) < 0;
        }
    }
    return bad;
}

/* The fields of row `i` of every column of `snap` but `skip`. */
static int put_row(FILE *out, const csim_snapshot *snap, size_t i,
                   const csim_snapshot_column *skip) {
    int bad = 0;
    for (size_t c = 0; c < snap->n_cols; ++c) {
        const csim_snapshot_column *col = &snap->cols[c];
        for (size_t j = 0; col != skip && j < col->width; ++j) {
            bad |= put_field(out, col, i, j) < 0;
        }
    }
    return bad;
}

csim_status csim_network_write_csv(const csim_network *net, FILE *out) {
    const csim_snapshot *e = &net->edges;
    const csim_snapshot_column *ends = csim_snapshot_find(e, "edges");
    if (!ends && e->n_rows > 0) {
        return CSIM_FAIL(CSIM_EINVAL, "network without an 'edges' column");
    }
    int bad = fprintf(out, "source,target") < 0 || put_header(out, e, ends);
    bad |= fputc('\n', out) == EOF;
    for (size_t i = 0; i < e->n_rows && !bad; ++i) {
        const int64_t *ab = (const int64_t *) ends->data + 2 * i;
        bad |= fprintf(out, "%" PRId64 ",%" PRId64, ab[0], ab[1]) < 0 || put_row(out, e, i, ends);
        bad |= fputc('\n', out) == EOF;
    }
    if (bad || fflush(out) != 0 || ferror(out)) {
        return CSIM_FAIL(CSIM_EIO, "writing the CSV edge list failed");
    }
    return CSIM_OK;
}

csim_status csim_network_write_nodes_csv(const csim_network *net, FILE *out) {
    const csim_snapshot *v = &net->nodes;
    const csim_snapshot_column *ids = csim_snapshot_find(v, "id");
    if (!ids || ids->type != CSIM_H5_INT64 || ids->width != 1) {
        return CSIM_FAIL(CSIM_EINVAL, "network without an integer 'id' column");
    }
    int bad = fprintf(out, "id") < 0 || put_header(out, v, ids);
    bad |= fputc('\n', out) == EOF;
    for (size_t i = 0; i < v->n_rows && !bad; ++i) {
        bad |= fprintf(out, "%" PRId64, ((const int64_t *) ids->data)[i]) < 0 ||
               put_row(out, v, i, ids);
        bad |= fputc('\n', out) == EOF;
    }
    if (bad || fflush(out) != 0 || ferror(out)) {
        return CSIM_FAIL(CSIM_EIO, "writing the CSV node table failed");
    }
    return CSIM_OK;
}
