/* `clustersim export FILE --layer L --step S|--year Y`: one network snapshot of a trajectory as
 * GraphML (through igraph) or as a CSV edge list. */
#include "cli/cli.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/networks/network_export.h"
#include "analysis/readers/trajectory_file.h"
#include "cli/snapshot_opts.h"
#include "sim/h5_read.h"
#include "sim/out_file.h"

typedef enum { FORMAT_GRAPHML, FORMAT_CSV } export_format;

static void usage(FILE *out) {
    fputs("usage: clustersim export FILE --layer collaboration|supply --step S|--year Y\n"
          "                         [--format graphml|csv] [-o OUT] [--nodes FILE] [--force]\n"
          "\n"
          "Write the network of one layer at one snapshot of the trajectory FILE. Nodes are\n"
          "the actors alive at the snapshot, with their state as attributes (id, kind,\n"
          "sector, group, tier, employees, capital, knowledge_<field>, ...); edges carry\n"
          "the layer's attributes (collaboration: weight, trust, born, origin; supply,\n"
          "directed buyer -> supplier: sales). 'clustersim inspect FILE' lists the\n"
          "snapshot steps (-1 is the initial state).\n"
          "\n"
          "  --layer L          collaboration or supply\n"
          "  --step S           a snapshot step of FILE\n"
          "  --year Y           the last snapshot of calendar year Y (its December with\n"
          "                     the default run.snapshot_interval; the initial state is\n"
          "                     December of the year before run.start_year)\n"
          "  --format F         graphml (default; node ids are actor ids, integers typed\n"
          "                     long) or csv (an edge list: source,target,<edge\n"
          "                     attributes>, actor ids as endpoints, and a node table)\n"
          "  --nodes FILE       csv: write the node table (id,<node attributes>) to FILE;\n"
          "                     with -o OUT it goes to OUT.nodes.csv (OUT less .csv) unless\n"
          "                     given; to standard output only the edge list is written\n"
          "  -o, --output OUT   file to write (default: standard output); written under a\n"
          "                     temporary name and renamed when complete\n"
          "  --force            replace OUT (and the node table) if they exist\n"
          "  -h, --help         show this help\n"
          "\n"
          "Exit codes: 0 success, 1 runtime failure (I/O, memory), 2 bad arguments, a step\n"
          "that is not a snapshot step, a year without a snapshot, or FILE missing, damaged\n"
          "or not a trajectory.\n",
          out);
}

static csim_status write_network(const csim_network *net, export_format format, FILE *out) {
    return format == FORMAT_CSV ? csim_network_write_csv(net, out)
                                : csim_network_write_graphml(net, out);
}

int csim_cmd_export(int argc, char **argv) {
    const char *input = NULL, *output = NULL, *layer_name = NULL, *nodes = NULL;
    char *nodes_beside = NULL;
    csim_cli_snapshot_opt when = {0};
    int64_t step = 0;
    bool force = false;
    export_format format = FORMAT_GRAPHML;
    csim_layer layer = CSIM_LAYER_COLLABORATION;
    int rc = CSIM_EXIT_OK;
    csim_status st = CSIM_OK;
    csim_h5_reader reader = {0};
    csim_network net = {0};
    csim_out_file out = {0}, out_nodes = {0};

    for (int a = 1, k = 0; a < argc; ++a) {
        const char *arg = argv[a];
        const char *next = a + 1 < argc ? argv[a + 1] : NULL;
        if (csim_cli_is_help(arg)) {
            usage(stdout);
            goto done;
        } else if (strcmp(arg, "-o") == 0 || strcmp(arg, "--output") == 0) {
            if (!next) {
                rc = csim_cli_usage_error("export", "%s needs a file name", arg);
                goto done;
            }
            output = next;
            ++a;
        } else if (strcmp(arg, "--nodes") == 0) {
            if (!next) {
                rc = csim_cli_usage_error("export", "--nodes needs a file name");
                goto done;
            }
            nodes = next;
            ++a;
        } else if (strcmp(arg, "--layer") == 0) {
            if (!next) {
                rc = csim_cli_usage_error("export", "--layer needs collaboration or supply");
                goto done;
            }
            layer_name = next;
            ++a;
        } else if ((k = csim_cli_snapshot_opt_parse("export", argc, argv, &a, &when)) != 0) {
            if (k < 0) {
                rc = CSIM_EXIT_USAGE;
                goto done;
            }
        } else if (strcmp(arg, "--format") == 0) {
            static const char *const names[] = {"graphml", "csv"};
            static const export_format formats[] = {FORMAT_GRAPHML, FORMAT_CSV};
            k = csim_cli_parse_choice("export", arg, next, names, 2);
            if (k < 0) {
                rc = CSIM_EXIT_USAGE;
                goto done;
            }
            format = formats[k];
            ++a;
        } else if (strcmp(arg, "--force") == 0) {
            force = true;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            rc = csim_cli_usage_error("export", "unknown option '%s'", arg);
            goto done;
        } else if (!input) {
            input = arg;
        } else {
            rc = csim_cli_usage_error("export", "one file at a time (got '%s' and '%s')", input, arg);
            goto done;
        }
    }
    if (!input) {
        rc = csim_cli_usage_error("export", "missing FILE (a trajectory)");
        goto done;
    }
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
    st = csim_h5_reader_open(&reader, input);
    if (st == CSIM_OK) {
        st = csim_trajectory_file_check(&reader);
    }
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
        if ((nodes && (st = csim_cli_make_parent_dirs(nodes)) != CSIM_OK) ||
            (nodes && (st = csim_out_file_open(&out_nodes, nodes, force)) != CSIM_OK) ||
            (st = write_network(&net, format, stdout)) != CSIM_OK ||
            (nodes && (st = csim_network_write_nodes_csv(&net, out_nodes.fp)) != CSIM_OK) ||
            (nodes && (st = csim_out_file_commit(&out_nodes)) != CSIM_OK)) {
            goto fail;
        }
        goto done;
    }
    /* Both files are opened (an existing one refused) before either is written. */
    if ((st = csim_cli_make_parent_dirs(output)) != CSIM_OK ||
        (st = csim_out_file_open(&out, output, force)) != CSIM_OK ||
        (nodes && (st = csim_cli_make_parent_dirs(nodes)) != CSIM_OK) ||
        (nodes && (st = csim_out_file_open(&out_nodes, nodes, force)) != CSIM_OK) ||
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
    return rc;
}
