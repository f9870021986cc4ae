/*
 * Printing a csim_network_stats: a report for people (text) and one JSON object for
 * programs. Undefined measures (NaN) print as "n/a" and null: JSON has no NaN, and a
 * reader should see "not defined for this graph" rather than a number.
 */
#include "analysis/networks/network_stats.h"
#include "sim/text_out.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

/* `x` with `digits` significant digits, or "n/a". Returns `buf`. */
static const char *num(char *buf, size_t size, double x, int digits) {
    if (isnan(x)) {
        snprintf(buf, size, "n/a");
    } else {
        snprintf(buf, size, "%.*g", digits, x);
    }
    return buf;
}

/* A share as a percentage with one decimal, or "n/a". */
static const char *pct(char *buf, size_t size, double share) {
    if (isnan(share)) {
        snprintf(buf, size, "n/a");
    } else {
        snprintf(buf, size, "%.1f%%", 100.0 * share);
    }
    return buf;
}

/* "sme 1771, hub 8, ..." for the classes that have nodes; "none" when none has. */
static void class_counts(FILE *out, const size_t *count) {
    bool first = true;
    for (int c = 0; c < CSIM_N_NODE_CLASSES; ++c) {
        if (count[c] > 0) {
            fprintf(out, "%s%s %zu", first ? "" : ", ", csim_node_class_names[c], count[c]);
            first = false;
        }
    }
    if (first) {
        fputs("none", out);
    }
}

csim_status csim_network_stats_write_table(const csim_network_stats *s, FILE *out) {
    char a[32], b[32], c[32], d[32];

    fprintf(out, "network %s", s->layer[0] ? s->layer : "(layer not recorded)");
    if (s->has_step) {
        fprintf(out, " at step %" PRId64 " (time %.4f)", s->step, s->time);
    }
    if (s->source) {
        fprintf(out, " of %s", s->source);
    }
    fprintf(out, "\nmeasured on the simple undirected view%s, unweighted\n\n",
            s->directed_input ? " (direction dropped)" : "");

    fprintf(out, "%-24s %zu (", "nodes", s->nodes);
    class_counts(out, s->class_nodes);
    fprintf(out, ")\n%-24s %zu\n", "edges", s->edges);
    fprintf(out, "%-24s mean %s, max %zu, isolated %s\n", "degree",
            num(a, sizeof a, s->degree_mean, 4), s->degree_max,
            pct(b, sizeof b, s->isolated_share));
    fprintf(out, "%-24s", "mean degree by kind");
    bool first = true;
    for (int k = 0; k < CSIM_N_NODE_CLASSES; ++k) {
        if (s->class_nodes[k] > 0) {
            fprintf(out, "%s %s %s", first ? "" : ",", csim_node_class_names[k],
                    num(a, sizeof a, s->class_degree_mean[k], 4));
            first = false;
        }
    }
    fprintf(out, "\n%-24s global %s, average local %s\n", "clustering",
            num(a, sizeof a, s->transitivity, 4), num(b, sizeof b, s->clustering_avg, 4));
    fprintf(out, "%-24s %s\n", "degree assortativity", num(a, sizeof a, s->assortativity, 4));
    fprintf(out, "%-24s %s\n", "degree centralisation", num(a, sizeof a, s->centralization, 4));
    fprintf(out, "%-24s innermost k = %zu: %zu nodes (%s): ", "k-cores", s->core_max,
            s->core_max_nodes, pct(a, sizeof a, s->core_max_share));
    class_counts(out, s->class_in_core);
    fprintf(out, "\n%-24s %zu of %zu (%s)\n", "hubs in innermost core",
            s->class_in_core[CSIM_NODE_HUB], s->class_nodes[CSIM_NODE_HUB],
            pct(a, sizeof a, s->hub_core_share));
    fprintf(out, "%-24s %zu (%zu of 2+ nodes), largest %zu nodes, modularity %s\n",
            "communities (Leiden)", s->communities, s->communities_2plus, s->community_largest,
            num(a, sizeof a, s->modularity, 4));
    fprintf(out, "%-24s %zu of %zu (%s)\n", "SME-SME ties", s->sme_sme_edges, s->edges,
            pct(a, sizeof a, s->sme_sme_share));

    fputs("\nBurt's constraint (nodes with ties; lower = more brokerage)\n", out);
    fprintf(out, "  %-12s %7s %9s %9s %9s\n", "kind", "nodes", "mean", "median", "min");
    for (int k = 0; k < CSIM_N_NODE_CLASSES; ++k) {
        const csim_constraint_summary *cs = &s->constraint[k];
        if (s->class_nodes[k] == 0) {
            continue;
        }
        fprintf(out, "  %-12s %7zu %9s %9s %9s\n", csim_node_class_names[k], cs->n,
                num(a, sizeof a, cs->mean, 4), num(b, sizeof b, cs->median, 4),
                num(c, sizeof c, cs->min, 4));
    }
    if (s->n_lowest > 0) {
        fprintf(out, "\nlowest constraint (%zu nodes)\n", s->n_lowest);
        fprintf(out, "  %4s %10s %-12s %7s %5s %11s\n", "rank", "id", "kind", "degree", "core",
                "constraint");
        for (size_t i = 0; i < s->n_lowest; ++i) {
            const csim_network_broker *br = &s->lowest[i];
            fprintf(out, "  %4zu %10" PRId64 " %-12s %7zu %5zu %11s\n", i + 1, br->id,
                    csim_node_class_names[br->cls], br->degree, br->core,
                    num(d, sizeof d, br->constraint, 4));
        }
    }

    /* Only the degrees that occur, eight to a line: the tail of a skewed distribution is
     * mostly zeros. Entries are padded to align, except the last of a line. */
    fputs("\ndegree distribution (degree: nodes)\n", out);
    size_t on_line = 0;
    int pad = 0; /* spaces that pad the previous count to 5 characters */
    for (size_t k = 0; s->degree_count && k <= s->degree_max; ++k) {
        if (s->degree_count[k] == 0) {
            continue;
        }
        if (on_line == 8) {
            fputc('\n', out);
            on_line = 0;
        }
        if (on_line == 0) {
            fputc(' ', out);
        } else {
            fprintf(out, "%*s", pad, "");
        }
        snprintf(a, sizeof a, "%zu", s->degree_count[k]);
        fprintf(out, "%5zu: %s", k, a);
        pad = strlen(a) < 5 ? 5 - (int) strlen(a) : 0;
        ++on_line;
    }
    fputs(s->nodes == 0 ? "  (no nodes)\n" : "\n", out);
    fflush(out);
    return ferror(out) ? CSIM_FAIL(CSIM_EIO, "writing the network report") : CSIM_OK;
}

/* {"sme": n, "hub": n, ...} over every class. */
static void json_class_counts(FILE *out, const size_t *count) {
    fputc('{', out);
    for (int c = 0; c < CSIM_N_NODE_CLASSES; ++c) {
        fprintf(out, "%s\"%s\": %zu", c ? ", " : "", csim_node_class_names[c], count[c]);
    }
    fputc('}', out);
}

/* `text`, then `x` as a JSON number with 17 significant digits (each reads back as the
 * same double): the JSON report is mostly a key followed by a measure. */
static void json_after(FILE *out, const char *text, double x) {
    fputs(text, out);
    csim_json_number(out, x, 17);
}

csim_status csim_network_stats_write_json(const csim_network_stats *s, FILE *out) {
    /* Numbers with 17 significant digits: each reads back as the same double. */
    fputs("{\n  \"layer\": ", out);
    csim_json_string(out, s->layer);
    fputs(",\n  \"source\": ", out);
    if (s->source) {
        csim_json_string(out, s->source);
    } else {
        fputs("null", out);
    }
    if (s->has_step) {
        fprintf(out, ",\n  \"step\": %" PRId64 ",\n  \"time\": ", s->step);
        csim_json_number(out, s->time, 17);
    } else {
        fputs(",\n  \"step\": null,\n  \"time\": null", out);
    }
    fprintf(out, ",\n  \"directed_input\": %s,\n  \"nodes\": %zu,\n  \"edges\": %zu,\n",
            s->directed_input ? "true" : "false", s->nodes, s->edges);
    fputs("  \"nodes_by_kind\": ", out);
    json_class_counts(out, s->class_nodes);
    fputs(",\n  \"mean_degree_by_kind\": {", out);
    for (int c = 0; c < CSIM_N_NODE_CLASSES; ++c) {
        fprintf(out, "%s\"%s\": ", c ? ", " : "", csim_node_class_names[c]);
        csim_json_number(out, s->class_degree_mean[c], 17);
    }
    json_after(out, "},\n  \"degree\": {\"mean\": ", s->degree_mean);
    fprintf(out, ", \"max\": %zu, \"isolated_share\": ", s->degree_max);
    csim_json_number(out, s->isolated_share, 17);
    fputs(", \"counts\": [", out);
    for (size_t k = 0; s->degree_count && k <= s->degree_max; ++k) {
        fprintf(out, "%s%zu", k ? ", " : "", s->degree_count[k]);
    }
    json_after(out, "]},\n  \"transitivity\": ", s->transitivity);
    json_after(out, ",\n  \"clustering_avg\": ", s->clustering_avg);
    json_after(out, ",\n  \"assortativity\": ", s->assortativity);
    json_after(out, ",\n  \"centralization\": ", s->centralization);
    fprintf(out, ",\n  \"cores\": {\"max_k\": %zu, \"innermost_nodes\": %zu, \"innermost_share\": ",
            s->core_max, s->core_max_nodes);
    csim_json_number(out, s->core_max_share, 17);
    fputs(", \"innermost_by_kind\": ", out);
    json_class_counts(out, s->class_in_core);
    json_after(out, ", \"hub_share_in_innermost\": ", s->hub_core_share);
    fprintf(out, "},\n  \"communities\": {\"count\": %zu, \"count_2plus\": %zu, \"largest\": %zu, "
                 "\"modularity\": ",
            s->communities, s->communities_2plus, s->community_largest);
    csim_json_number(out, s->modularity, 17);
    fputs("},\n  \"constraint\": {\n    \"by_kind\": {", out);
    for (int c = 0; c < CSIM_N_NODE_CLASSES; ++c) {
        const csim_constraint_summary *cs = &s->constraint[c];
        fprintf(out, "%s\n      \"%s\": {\"n\": %zu, \"mean\": ", c ? "," : "",
                csim_node_class_names[c], cs->n);
        csim_json_number(out, cs->mean, 17);
        json_after(out, ", \"median\": ", cs->median);
        json_after(out, ", \"min\": ", cs->min);
        fputc('}', out);
    }
    fputs("\n    },\n    \"lowest\": [", out);
    for (size_t i = 0; i < s->n_lowest; ++i) {
        const csim_network_broker *br = &s->lowest[i];
        fprintf(out, "%s\n      {\"id\": %" PRId64 ", \"kind\": \"%s\", \"degree\": %zu, "
                     "\"core\": %zu, \"constraint\": ",
                i ? "," : "", br->id, csim_node_class_names[br->cls], br->degree, br->core);
        csim_json_number(out, br->constraint, 17);
        fputc('}', out);
    }
    fprintf(out, "%s]\n  },\n  \"sme_sme\": {\"edges\": %zu, \"share\": ",
            s->n_lowest ? "\n    " : "", s->sme_sme_edges);
    csim_json_number(out, s->sme_sme_share, 17);
    fputs("}\n}\n", out);
    fflush(out);
    return ferror(out) ? CSIM_FAIL(CSIM_EIO, "writing the network report (JSON)") : CSIM_OK;
}
