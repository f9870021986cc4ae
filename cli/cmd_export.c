/* `clustersim export FILE --layer L --step S|--year Y`: one network snapshot of a trajectory as
 * GraphML (through igraph) or as a CSV edge list. */
#include "cli/cli.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/networks/network.h"
#include "cli/options.h"
#include "cli/trajectory_input.h"
#include "cli/snapshot_opts.h"
#include "sim/format/format_read.h"
#include "cli/cli_output.h"

typedef enum { FORMAT_GRAPHML, FORMAT_CSV } export_format;

/* The options of `export`. */
typedef struct export_opts {
    const char *layer_name, *output, *nodes;
    csim_cli_snapshot_opt when;
    int format; /* export_format */
    bool force;
} export_opts;

static const char *const format_names[] = {"graphml", "csv"}; /* export_format order */

static const csim_opt export_table[] = {
    {.name = "--layer", .kind = CSIM_OPT_STRING, .field = offsetof(export_opts, layer_name),
     .metavar = "L", .help = "collaboration or supply (required)"},
    {CSIM_CLI_OPT_STEP(export_opts, when, "a snapshot step of FILE (one of --step, --year)")},
    {CSIM_CLI_OPT_YEAR(export_opts, when,
                       "the last snapshot of calendar year Y (its December with the default "
                       "run.snapshot_interval; the initial state is December of the year before "
                       "run.start_year)")},
    {CSIM_OPT_FORMAT(export_opts, format, format_names,
                     "graphml (node ids are actor ids, integers typed long) or csv (an edge "
                     "list: source,target,<edge attributes>, actor ids as endpoints, and a node "
                     "table)",
                     "graphml")},
    {CSIM_OPT_OUTPUT(export_opts, output, "OUT",
                     "file to write; written under a temporary name and renamed when complete"),
     .def = "standard output"},
    {.name = "--nodes", .kind = CSIM_OPT_PATH, .field = offsetof(export_opts, nodes),
     .metavar = "FILE",
     .help = "csv: write the node table (id,<node attributes>) to FILE; with -o OUT it goes to "
             "OUT.nodes.csv (OUT less .csv) unless given; to standard output only the edge list "
             "is written"},
    {CSIM_OPT_FORCE(export_opts, force, "replace OUT (and the node table) if they exist")},
};

static const csim_opt_spec export_spec = {
    .command = "export",
    CSIM_OPERAND_TRAJECTORY,
    .about = "Write the network of one layer at one snapshot of the trajectory FILE. Nodes are\n"
             "the actors alive at the snapshot, with their state as attributes (id, kind,\n"
             "sector, group, tier, employees, capital, knowledge_<field>, ...); edges carry\n"
             "the layer's attributes (collaboration: weight, trust, born, origin; supply,\n"
             "directed buyer -> supplier: sales). 'clustersim inspect FILE' lists the\n"
             "snapshot steps (-1 is the initial state).\n",
    .closing = "Exit codes: 0 success, 1 runtime failure (I/O, memory), 2 bad arguments, a step\n"
               "that is not a snapshot step, a year without a snapshot, or FILE missing, damaged\n"
               "or not a trajectory.\n",
    CSIM_OPT_TABLE(export_table),
};

static csim_status write_network(const csim_network *net, export_format format, FILE *out) {
    return format == FORMAT_CSV ? csim_network_write_csv(net, out)
                                : csim_network_write_graphml(net, out);
}

int csim_cmd_export(int argc, char **argv) {
    export_opts f = {0};
    csim_opt_args args = {0};
    char *nodes_beside = NULL;
    int64_t step = 0;
    csim_layer layer = CSIM_LAYER_COLLABORATION;
    int rc = CSIM_EXIT_OK;
    csim_status st = CSIM_OK;
    csim_h5_reader reader = {0};
    csim_network net = {0};
    csim_out_file out = {0}, out_nodes = {0};

    if ((rc = csim_opts_read(&export_spec, argc, argv, &f, &args)) != CSIM_EXIT_OK || args.help) {
        goto done;
    }
    const char *input = args.operands[0], *output = f.output, *layer_name = f.layer_name;
    const char *nodes = f.nodes;
    const csim_cli_snapshot_opt when = f.when;
    const export_format format = (export_format) f.format;
    const bool force = f.force;
    if (!layer_name) {
        rc = csim_cli_usage_error("export", "missing --layer (collaboration or supply)");
        goto done;
    }
    if (csim_network_layer_parse(layer_name, &layer) != CSIM_OK) {
        rc = csim_cli_usage_error("export", "%s", csim_last_error());
        goto done;
    }
    if (!csim_cli_snapshot_opt_given(&when)) {
        rc = csim_cli_usage_error("export", "missing --step or --year (a snapshot step or a "
                                            "year; 'clustersim inspect FILE' lists them)");
        goto done;
    }

    if (nodes && format != FORMAT_CSV) {
        rc = csim_cli_usage_error("export", "--nodes goes with --format csv (GraphML holds the "
                                            "nodes with their attributes)");
        goto done;
    }
    if (!nodes && format == FORMAT_CSV && output) {
        /* The node table beside the edge list: OUT.csv -> OUT.nodes.csv. */
        const size_t len = strlen(output);
        const size_t stem = len > 4 && strcmp(output + len - 4, ".csv") == 0 ? len - 4 : len;
        if (!(nodes_beside = malloc(stem + sizeof ".nodes.csv"))) {
            rc = csim_cli_report("export", CSIM_FAIL(CSIM_ENOMEM, "a path"));
            goto done;
        }
        memcpy(nodes_beside, output, stem);
        strcpy(nodes_beside + stem, ".nodes.csv");
        nodes = nodes_beside;
    }
    if (nodes && output && strcmp(nodes, output) == 0) {
        rc = csim_cli_usage_error("export", "--nodes and -o name the same file '%s'", nodes);
        goto done;
    }

    /* The input, then the step, are the user's choice: failures reading them exit 2. */
    st = csim_cli_trajectory_open(&reader, input);
    if (st == CSIM_OK) {
        st = csim_cli_snapshot_opt_step(&when, &reader, layer, &step);
    }
    if (st == CSIM_OK) {
        st = csim_network_read(&net, &reader, layer, step);
    }
    csim_h5_reader_close(&reader);
    if (st != CSIM_OK) {
        rc = csim_cli_report_input("export", input, st);
        goto done;
    }

    if (!output) {
        if ((nodes && (st = csim_cli_out_file_open(&out_nodes, nodes, force)) != CSIM_OK) ||
            (st = write_network(&net, format, stdout)) != CSIM_OK ||
            (nodes && (st = csim_network_write_nodes_csv(&net, out_nodes.fp)) != CSIM_OK) ||
            (nodes && (st = csim_out_file_commit(&out_nodes)) != CSIM_OK)) {
            goto fail;
        }
        goto done;
    }
    /* Both files are opened (an existing one refused) before either is written. */
    if ((st = csim_cli_out_file_open(&out, output, force)) != CSIM_OK ||
        (nodes && (st = csim_cli_out_file_open(&out_nodes, nodes, force)) != CSIM_OK) ||
        (st = write_network(&net, format, out.fp)) != CSIM_OK ||
        (nodes && (st = csim_network_write_nodes_csv(&net, out_nodes.fp)) != CSIM_OK) ||
        (st = csim_out_file_commit(&out)) != CSIM_OK ||
        (nodes && (st = csim_out_file_commit(&out_nodes)) != CSIM_OK)) {
        goto fail;
    }
    printf("%s: %s network at step %" PRId64 " (time %.4f): %zu nodes, %zu %s edges (%s)\n", output,
           csim_layer_names[layer], step, net.nodes.time, net.nodes.n_rows, net.edges.n_rows,
           net.directed ? "directed" : "undirected", format == FORMAT_CSV ? "csv" : "graphml");
    if (nodes) {
        printf("%s: the node table, %zu nodes (csv)\n", nodes, net.nodes.n_rows);
    }
    goto done;

fail:
    csim_out_file_abort(&out);
    csim_out_file_abort(&out_nodes);
    rc = csim_cli_report("export", st);
done:
    csim_out_file_abort(&out);
    csim_out_file_abort(&out_nodes);
    csim_network_destroy(&net);
    free(nodes_beside);
    csim_opt_args_destroy(&args);
    return rc;
}
