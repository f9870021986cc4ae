/* A picture of the cluster: layout by igraph, drawing by gnuplot (analysis/networks/network_draw.h). */
#include "analysis/networks/network_draw.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <igraph.h>

#include "analysis/readers/snapshot.h"

/* Roles, drawn in this order (the largest marks last, on top). */
enum { ROLE_INDEPENDENT, ROLE_TIER3, ROLE_TIER2, ROLE_TIER1, ROLE_LARGE, ROLE_HUB,
       ROLE_INSTITUTION, N_ROLES };

typedef struct role_style {
    int pt;
    double ps;
    const char *legend;
} role_style;

/* gnuplot point types: 15 filled pentagon, 5 filled square, 9 filled triangle, 7 filled
 * circle, 13 filled diamond, 6 open circle, 11 filled inverted triangle. */
static const role_style role_styles[N_ROLES] = {
    [ROLE_INDEPENDENT] = {6, 0.6, "independent firm (no hub buyer)"},
    [ROLE_TIER3] = {13, 0.7, "tier 3 supplier"},
    [ROLE_TIER2] = {7, 0.8, "tier 2 supplier"},
    [ROLE_TIER1] = {9, 1.1, "tier 1 supplier"},
    [ROLE_LARGE] = {5, 1.5, "large firm (not a hub)"},
    [ROLE_HUB] = {15, 2.6, "hub (large LG/Samsung affiliate)"},
    [ROLE_INSTITUTION] = {11, 1.3, "institution"},
};

enum { MEMBER_MC, MEMBER_WG, MEMBER_ORG, MEMBER_NONE, N_MEMBERS };
static const unsigned member_rgb[N_MEMBERS] = {0xd62728, 0x1f77b4, 0x2ca02c, 0x8c8c8c};
static const char *const member_legend[N_MEMBERS] = {
    "in a mini-cluster (MC)", "in a working group (WG), no MC",
    "in a firm-led organisation only", "no membership"};

static const char *const layer_rgb[CSIM_N_LAYERS] = {"#e08a00", "#5b6fb0"};
static const char *const layer_dash[CSIM_N_LAYERS] = {"dt 2", "dt 1"};
static const char *const layer_legend[CSIM_N_LAYERS] = {"collaboration tie (dashed)",
                                                         "supply link, buyer - supplier"};

/* One panel's networks (the node table is the same in both). */
typedef struct panel_data {
    csim_network net[CSIM_N_LAYERS];
    const csim_snapshot *nodes;
    bool *drawn;   /* per node row */
    int *role;     /* per node row */
    int *member;   /* per node row */
    size_t n_drawn;
} panel_data;

static bool present(const csim_snapshot_column *col, size_t row) {
    if (!col) {
        return false;
    }
    const double v = csim_snapshot_value(col, row, 0);
    return !isnan(v) && v >= 0;
}

static int node_role(const csim_snapshot *nodes, size_t row) {
    const csim_snapshot_column *kind_col = csim_snapshot_find(nodes, "kind");
    const char *kind = kind_col ? csim_snapshot_label(kind_col, row) : NULL;
    if (kind && strcmp(kind, "institution") == 0) {
        return ROLE_INSTITUTION;
    }
    const csim_snapshot_column *hub = csim_snapshot_find(nodes, "hub");
    const csim_snapshot_column *tier_col = csim_snapshot_find(nodes, "tier");
    const char *tier = tier_col ? csim_snapshot_label(tier_col, row) : NULL;
    if (hub && csim_snapshot_value(hub, row, 0) == 1) {
        return ROLE_HUB;
    }
    if (!hub && tier && strcmp(tier, "large") == 0) {
        /* Files without the `hub` variable: a large firm of a business group, as
         * `clustersim network` counts hubs. */
        const csim_snapshot_column *group = csim_snapshot_find(nodes, "group");
        const char *name = group ? csim_snapshot_label(group, row) : NULL;
        if (name && strcmp(name, "none") != 0) {
            return ROLE_HUB;
        }
    }
    static const char *const names[] = {"independent", "tier3", "tier2", "tier1", "large"};
    for (int k = 0; tier && k < 5; ++k) {
        if (strcmp(tier, names[k]) == 0) {
            return k;
        }
    }
    return ROLE_INDEPENDENT;
}

static int node_member(const csim_snapshot *nodes, size_t row) {
    if (present(csim_snapshot_find(nodes, "mc"), row)) {
        return MEMBER_MC;
    }
    if (present(csim_snapshot_find(nodes, "wg"), row)) {
        return MEMBER_WG;
    }
    if (present(csim_snapshot_find(nodes, "org"), row)) {
        return MEMBER_ORG;
    }
    return MEMBER_NONE;
}

static int64_t node_id(const csim_snapshot *nodes, size_t row) {
    return (int64_t) csim_snapshot_value(csim_snapshot_find(nodes, "id"), row, 0);
}

static void panel_destroy(panel_data *p) {
    for (int l = 0; l < CSIM_N_LAYERS; ++l) {
        csim_network_destroy(&p->net[l]);
    }
    free(p->drawn);
    free(p->role);
    free(p->member);
    memset(p, 0, sizeof *p);
}

/* Read a panel and decide which of its nodes are drawn. */
static csim_status panel_read(panel_data *p, const csim_h5_reader *r, int64_t step,
                              const csim_draw_options *opt) {
    csim_status st = CSIM_OK;
    for (int l = 0; l < CSIM_N_LAYERS && st == CSIM_OK; ++l) {
        if (opt->layer[l] || (l == CSIM_N_LAYERS - 1 && !p->nodes)) {
            st = csim_network_read(&p->net[l], r, (csim_layer) l, step);
            if (st == CSIM_OK && !p->nodes) {
                p->nodes = &p->net[l].nodes;
            }
        }
    }
    if (st != CSIM_OK) {
        return st;
    }
    const size_t n = p->nodes->n_rows;
    if (!csim_snapshot_find(p->nodes, "id")) {
        return CSIM_FAIL(CSIM_EINVAL, "the actor snapshot at step %lld has no id column",
                         (long long) step);
    }
    p->drawn = calloc(n ? n : 1, sizeof *p->drawn);
    p->role = calloc(n ? n : 1, sizeof *p->role);
    p->member = calloc(n ? n : 1, sizeof *p->member);
    size_t *degree = calloc(n ? n : 1, sizeof *degree);
    if (!p->drawn || !p->role || !p->member || !degree) {
        free(degree);
        return CSIM_FAIL(CSIM_ENOMEM, "node tables of %zu actors", n);
    }
    for (int l = 0; l < CSIM_N_LAYERS; ++l) {
        if (opt->layer[l]) {
            for (size_t e = 0; e < 2 * p->net[l].edges.n_rows; ++e) {
                ++degree[p->net[l].ends[e]];
            }
        }
    }
    for (size_t v = 0; v < n; ++v) {
        p->role[v] = node_role(p->nodes, v);
        p->member[v] = node_member(p->nodes, v);
        bool keep = !opt->connected_only || degree[v] > 0;
        if (opt->members_only && p->role[v] != ROLE_HUB && p->role[v] != ROLE_INSTITUTION &&
            p->member[v] == MEMBER_NONE) {
            keep = false;
        }
        p->drawn[v] = keep;
        p->n_drawn += keep;
    }
    free(degree);
    return CSIM_OK;
}

static int compare_double(const void *a, const void *b) {
    const double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

/* Fruchterman-Reingold pushes actors without edges, and small components, far out, which
 * shrinks the main component to a blot: actors without edges go, in their order, on a ring
 * just outside the 95% of linked actors nearest the centre, and linked actors beyond that
 * ring are pulled onto it (keeping their direction). */
static void place_isolates(const igraph_t *g, igraph_matrix_t *pos) {
    const igraph_integer_t n = igraph_vcount(g);
    double cx = 0, cy = 0;
    igraph_integer_t linked = 0, isolated = 0, k = 0;
    igraph_vector_int_t degree;
    double *dist = malloc((size_t) (n ? n : 1) * sizeof *dist);
    if (!dist || igraph_vector_int_init(&degree, n) != IGRAPH_SUCCESS) {
        free(dist);
        return; /* the plain layout is still a layout */
    }
    if (igraph_degree(g, &degree, igraph_vss_all(), IGRAPH_ALL, true) != IGRAPH_SUCCESS) {
        igraph_vector_int_destroy(&degree);
        free(dist);
        return;
    }
    for (igraph_integer_t v = 0; v < n; ++v) {
        if (VECTOR(degree)[v] > 0) {
            cx += MATRIX(*pos, v, 0);
            cy += MATRIX(*pos, v, 1);
            ++linked;
        } else {
            ++isolated;
        }
    }
    if (linked > 0) {
        cx /= (double) linked;
        cy /= (double) linked;
        for (igraph_integer_t v = 0; v < n; ++v) {
            if (VECTOR(degree)[v] > 0) {
                dist[k++] = hypot(MATRIX(*pos, v, 0) - cx, MATRIX(*pos, v, 1) - cy);
            }
        }
        qsort(dist, (size_t) k, sizeof *dist, compare_double);
        const double radius = 1.08 * fmax(dist[(size_t) (0.95 * (double) (k - 1))], 1.0);
        k = 0;
        for (igraph_integer_t v = 0; v < n; ++v) {
            const double dx = MATRIX(*pos, v, 0) - cx, dy = MATRIX(*pos, v, 1) - cy;
            if (VECTOR(degree)[v] == 0) {
                const double a = 6.283185307179586 * (double) k++ / (double) isolated;
                MATRIX(*pos, v, 0) = cx + 1.1 * radius * cos(a);
                MATRIX(*pos, v, 1) = cy + 1.1 * radius * sin(a);
            } else if (hypot(dx, dy) > radius) {
                const double f = radius / hypot(dx, dy);
                MATRIX(*pos, v, 0) = cx + f * dx;
                MATRIX(*pos, v, 1) = cy + f * dy;
            }
        }
    }
    igraph_vector_int_destroy(&degree);
    free(dist);
}

/* The layout of every actor drawn in some panel, by actor id: x[id], y[id] (NaN if none). */
static csim_status layout(const panel_data *panels, size_t n_panels, const csim_draw_options *opt,
                          size_t n_ids, double *x, double *y) {
    igraph_integer_t *index = malloc((n_ids ? n_ids : 1) * sizeof *index);
    if (!index) {
        return CSIM_FAIL(CSIM_ENOMEM, "a layout index of %zu actors", n_ids);
    }
    for (size_t i = 0; i < n_ids; ++i) {
        index[i] = -1;
        x[i] = y[i] = NAN;
    }
    for (size_t k = 0; k < n_panels; ++k) {
        for (size_t v = 0; v < panels[k].nodes->n_rows; ++v) {
            if (panels[k].drawn[v]) {
                index[node_id(panels[k].nodes, v)] = 0;
            }
        }
    }
    igraph_integer_t n = 0;
    for (size_t i = 0; i < n_ids; ++i) {
        if (index[i] == 0) {
            index[i] = n++;
        }
    }
    csim_status st = CSIM_OK;
    igraph_vector_int_t edges;
    igraph_t g;
    igraph_matrix_t pos;
    if (igraph_vector_int_init(&edges, 0) != IGRAPH_SUCCESS) {
        free(index);
        return CSIM_FAIL(CSIM_ENOMEM, "the layout's edge list");
    }
    for (size_t k = 0; k < n_panels && st == CSIM_OK; ++k) {
        const panel_data *p = &panels[k];
        for (int l = 0; l < CSIM_N_LAYERS && st == CSIM_OK; ++l) {
            if (!opt->layer[l]) {
                continue;
            }
            for (size_t e = 0; e < p->net[l].edges.n_rows; ++e) {
                const size_t a = p->net[l].ends[2 * e], b = p->net[l].ends[2 * e + 1];
                if (p->drawn[a] && p->drawn[b] &&
                    (igraph_vector_int_push_back(&edges, index[node_id(p->nodes, a)]) ||
                     igraph_vector_int_push_back(&edges, index[node_id(p->nodes, b)]))) {
                    st = CSIM_FAIL(CSIM_ENOMEM, "the layout's edge list");
                    break;
                }
            }
        }
    }
    if (st == CSIM_OK && n > 0) {
        if (igraph_create(&g, &edges, n, IGRAPH_UNDIRECTED) != IGRAPH_SUCCESS) {
            st = CSIM_FAIL(CSIM_EGRAPH, "igraph_create for the layout of %lld actors",
                           (long long) n);
        } else {
            if (igraph_matrix_init(&pos, n, 2) != IGRAPH_SUCCESS) {
                st = CSIM_FAIL(CSIM_ENOMEM, "the layout of %lld actors", (long long) n);
            } else {
                /* Start from a circle in actor id order; the generator is seeded once
                 * here (rule 19), so the layout depends on the file and the seed only. */
                const double radius = sqrt((double) n);
                for (igraph_integer_t v = 0; v < n; ++v) {
                    const double a = 6.283185307179586 * (double) v / (double) n;
                    MATRIX(pos, v, 0) = radius * cos(a);
                    MATRIX(pos, v, 1) = radius * sin(a);
                }
                igraph_rng_seed(igraph_rng_default(), (igraph_uint_t) opt->seed);
                if (igraph_layout_fruchterman_reingold(&g, &pos, true, 500, radius,
                                                       IGRAPH_LAYOUT_AUTOGRID, NULL, NULL, NULL,
                                                       NULL, NULL) != IGRAPH_SUCCESS) {
                    st = CSIM_FAIL(CSIM_EGRAPH, "igraph_layout_fruchterman_reingold");
                }
                if (st == CSIM_OK) {
                    place_isolates(&g, &pos);
                }
                for (size_t i = 0; st == CSIM_OK && i < n_ids; ++i) {
                    if (index[i] >= 0) {
                        x[i] = MATRIX(pos, index[i], 0);
                        y[i] = MATRIX(pos, index[i], 1);
                    }
                }
                igraph_matrix_destroy(&pos);
            }
            igraph_destroy(&g);
        }
    }
    igraph_vector_int_destroy(&edges);
    free(index);
    return st;
}

static FILE *open_data(const char *folder, const char *stem, size_t k, char *name, size_t size) {
    char path[4096];
    snprintf(name, size, "draw_%s_%zu.dat", stem, k);
    if (snprintf(path, sizeof path, "%s/%s", folder, name) >= (int) sizeof path) {
        return NULL;
    }
    return fopen(path, "w");
}

static csim_status close_data(FILE *f, const char *name) {
    const bool failed = ferror(f) != 0;
    if (fclose(f) != 0 || failed) {
        return CSIM_FAIL(CSIM_EIO, "cannot write the data file %s", name);
    }
    return CSIM_OK;
}

/* Write panel k's data files; count its drawn edges per layer. */
static csim_status panel_write(const panel_data *p, size_t k, const csim_draw_options *opt,
                               const double *x, const double *y, const char *folder,
                               size_t n_edges[CSIM_N_LAYERS]) {
    char name[64];
    FILE *f = open_data(folder, "nodes", k, name, sizeof name);
    if (!f) {
        return CSIM_FAIL(CSIM_EIO, "cannot create the data file %s in %s", name, folder);
    }
    fputs("# x y pointsize pointtype rgb actor_id\n", f);
    for (int role = 0; role < N_ROLES; ++role) {
        for (size_t v = 0; v < p->nodes->n_rows; ++v) {
            if (p->drawn[v] && p->role[v] == role) {
                const int64_t id = node_id(p->nodes, v);
                fprintf(f, "%.4f %.4f %.2f %d %u %lld\n", x[id], y[id], role_styles[role].ps,
                        role_styles[role].pt, member_rgb[p->member[v]], (long long) id);
            }
        }
    }
    csim_status st = close_data(f, name);
    for (int l = 0; l < CSIM_N_LAYERS && st == CSIM_OK; ++l) {
        n_edges[l] = 0;
        if (!opt->layer[l]) {
            continue;
        }
        if (!(f = open_data(folder, csim_layer_names[l], k, name, sizeof name))) {
            return CSIM_FAIL(CSIM_EIO, "cannot create the data file %s in %s", name, folder);
        }
        fputs("# one segment per edge: x y of each end, a blank line between edges\n", f);
        const csim_network *net = &p->net[l];
        for (size_t e = 0; e < net->edges.n_rows; ++e) {
            const size_t a = net->ends[2 * e], b = net->ends[2 * e + 1];
            if (p->drawn[a] && p->drawn[b]) {
                const int64_t ia = node_id(p->nodes, a), ib = node_id(p->nodes, b);
                fprintf(f, "%.4f %.4f\n%.4f %.4f\n\n", x[ia], y[ia], x[ib], y[ib]);
                ++n_edges[l];
            }
        }
        st = close_data(f, name);
    }
    return st;
}

static void write_legend(FILE *script, const csim_draw_options *opt) {
    fputs("\n# ---- legend\nunset title\nset key center center vertical Left reverse "
          "noopaque box lc rgb '#cccccc' spacing 1.3 width 2 title 'Legend' font ',11'\n"
          "set xrange [0:1]\nset yrange [0:1]\n"
          "# the curve y = 2 lies outside the panel: gnuplot wants one real plot besides keys\n"
          "plot 2 with lines lc rgb 'white' notitle, \\\n",
          script);
    for (int role = N_ROLES - 1; role >= 0; --role) {
        fprintf(script, "  keyentry with points pt %d ps %.2f lc rgb 'black' title '%s', \\\n",
                role_styles[role].pt, role_styles[role].ps, role_styles[role].legend);
    }
    for (int m = 0; m < N_MEMBERS; ++m) {
        fprintf(script, "  keyentry with points pt 7 ps 1.2 lc rgb '#%06x' title '%s', \\\n",
                member_rgb[m], member_legend[m]);
    }
    bool first = true;
    for (int l = CSIM_N_LAYERS - 1; l >= 0; --l) {
        if (opt->layer[l]) {
            fprintf(script, "%s  keyentry with lines lw 1.5 %s lc rgb '%s' title '%s'",
                    first ? "" : ", \\\n", layer_dash[l], layer_rgb[l], layer_legend[l]);
            first = false;
        }
    }
    fputs("\n", script);
}

csim_status csim_draw_write(const csim_h5_reader *r, const csim_draw_panel *panels,
                            size_t n_panels, const csim_draw_options *opt, const char *folder,
                            const char *output, FILE *script, FILE *summary, bool *bad_input) {
    csim_status st = CSIM_OK;
    *bad_input = false;
    panel_data *p = calloc(n_panels ? n_panels : 1, sizeof *p);
    double *x = NULL, *y = NULL;
    if (!p) {
        return CSIM_FAIL(CSIM_ENOMEM, "%zu panels", n_panels);
    }
    size_t n_ids = 0;
    for (size_t k = 0; k < n_panels && st == CSIM_OK; ++k) {
        st = panel_read(&p[k], r, panels[k].step, opt);
        for (size_t v = 0; st == CSIM_OK && v < p[k].nodes->n_rows; ++v) {
            const int64_t id = node_id(p[k].nodes, v);
            if (id < 0 || id > INT32_MAX) {
                st = CSIM_FAIL(CSIM_EINVAL, "actor id %lld out of range at step %lld",
                               (long long) id, (long long) panels[k].step);
            } else if ((size_t) id + 1 > n_ids) {
                n_ids = (size_t) id + 1;
            }
        }
    }
    *bad_input = st != CSIM_OK && st != CSIM_ENOMEM;
    if (st == CSIM_OK) {
        x = malloc((n_ids ? n_ids : 1) * sizeof *x);
        y = malloc((n_ids ? n_ids : 1) * sizeof *y);
        st = x && y ? layout(p, n_panels, opt, n_ids, x, y)
                    : CSIM_FAIL(CSIM_ENOMEM, "positions of %zu actors", n_ids);
    }
    /* A square box around every position, the same in every panel. */
    double lo_x = INFINITY, hi_x = -INFINITY, lo_y = INFINITY, hi_y = -INFINITY;
    for (size_t i = 0; st == CSIM_OK && i < n_ids; ++i) {
        if (!isnan(x[i])) {
            lo_x = fmin(lo_x, x[i]);
            hi_x = fmax(hi_x, x[i]);
            lo_y = fmin(lo_y, y[i]);
            hi_y = fmax(hi_y, y[i]);
        }
    }
    if (!(lo_x <= hi_x)) {
        lo_x = lo_y = -1;
        hi_x = hi_y = 1;
    }
    const double half = 0.54 * fmax(fmax(hi_x - lo_x, hi_y - lo_y), 1.0);
    const double cx = 0.5 * (lo_x + hi_x), cy = 0.5 * (lo_y + hi_y);

    const size_t cells = n_panels + 1; /* the legend has a cell of its own */
    size_t cols = 1;
    while (cols * cols < cells) {
        ++cols;
    }
    const size_t rows = (cells + cols - 1) / cols;
    if (st == CSIM_OK) {
        fprintf(script,
                "# Written by clustersim draw; run it in this folder: gnuplot draw.gp\n"
                "set terminal %s size %zu,%zu noenhanced font 'sans,10' background rgb 'white'\n"
                "set output '%s'\n"
                "set multiplot layout %zu,%zu\n"
                "unset border\nunset tics\nunset key\nset size square\n"
                "set margins 1,1,1,5\n",
                opt->svg ? "svg" : "pngcairo", 720 * cols, 720 * rows, output, rows, cols);
    }
    for (size_t k = 0; k < n_panels && st == CSIM_OK; ++k) {
        size_t n_edges[CSIM_N_LAYERS] = {0};
        st = panel_write(&p[k], k, opt, x, y, folder, n_edges);
        if (st != CSIM_OK) {
            break;
        }
        size_t n_firms = 0, n_inst = 0, n_hubs = 0;
        for (size_t v = 0; v < p[k].nodes->n_rows; ++v) {
            if (p[k].drawn[v]) {
                n_inst += p[k].role[v] == ROLE_INSTITUTION;
                n_firms += p[k].role[v] != ROLE_INSTITUTION;
                n_hubs += p[k].role[v] == ROLE_HUB;
            }
        }
        char counts[256];
        int len = snprintf(counts, sizeof counts, "%zu firms (%zu hubs), %zu institutions",
                           n_firms, n_hubs, n_inst);
        for (int l = CSIM_N_LAYERS - 1; l >= 0; --l) {
            if (opt->layer[l] && len > 0 && (size_t) len < sizeof counts) {
                len += snprintf(counts + len, sizeof counts - (size_t) len, ", %zu %s", n_edges[l],
                                l == CSIM_LAYER_SUPPLY ? "supply links" : "collaboration ties");
            }
        }
        fprintf(script,
                "\n# ---- panel %zu\nset title \"Cluster in %lld (step %lld)\\n%s\" font ',11'\n"
                "set xrange [%.4f:%.4f]\nset yrange [%.4f:%.4f]\nplot \\\n",
                k, panels[k].year, (long long) panels[k].step, counts, cx - half, cx + half,
                cy - half, cy + half);
        for (int l = CSIM_N_LAYERS - 1; l >= 0; --l) {
            if (opt->layer[l]) {
                fprintf(script, "  'draw_%s_%zu.dat' with lines lw 0.6 %s lc rgb '%s', \\\n",
                        csim_layer_names[l], k, layer_dash[l], layer_rgb[l]);
            }
        }
        fprintf(script, "  'draw_nodes_%zu.dat' using 1:2:3:4:5 with points ps variable "
                        "pt variable lc rgb variable\n", k);
        if (summary) {
            fprintf(summary, "%lld (step %lld): %s\n", panels[k].year, (long long) panels[k].step,
                    counts);
        }
    }
    if (st == CSIM_OK) {
        write_legend(script, opt);
        fputs("unset multiplot\nset output\n", script);
    }
    for (size_t k = 0; k < n_panels; ++k) {
        panel_destroy(&p[k]);
    }
    free(p);
    free(x);
    free(y);
    return st;
}
