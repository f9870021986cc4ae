/* `clustersim network FILE [--step S | --year Y | --over-time]`: the structure of a network snapshot of
 * a trajectory (degrees, clustering, assortativity, cores, Leiden communities,
 * centralisation, Burt's constraint, SME-SME ties), or its key scalars at every snapshot. */
#include "cli/cli.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/networks/network_series.h"
#include "analysis/networks/network_stats.h"
#include "cli/options.h"
#include "cli/trajectory_input.h"
#include "cli/snapshot_opts.h"
#include "sim/format/format_read.h"
#include "cli/cli_output.h"


typedef enum { OUT_TABLE, OUT_JSON, OUT_CSV } out_format;

/* What the command line asked for. */
typedef struct network_args {
    const char *input;       /* the trajectory                                 */
    const char *output;      /* -o, or NULL for stdout                         */
    const char *layer_name;  /* --layer, or NULL for collaboration             */
    csim_cli_snapshot_opt when; /* --step or --year                            */
    bool over_time;          /* --over-time                                    */
    bool force;              /* --force                                        */
    int format;              /* --format: an out_format                        */
    unsigned long long seed; /* --seed                                         */
} network_args;

static const char *const format_names[] = {"table", "json", "csv"}; /* out_format order */

static const csim_opt network_table[] = {
    {CSIM_CLI_OPT_STEP(network_args, when,
                       "a snapshot step of FILE; -1 is the initial state; 'clustersim inspect "
                       "FILE' lists the steps"),
     .def = "the last one"},
    {CSIM_CLI_OPT_YEAR(network_args, when,
                       "the last snapshot of calendar year Y (its December with the default "
                       "run.snapshot_interval)")},
    {.name = "--over-time", .kind = CSIM_OPT_FLAG, .field = offsetof(network_args, over_time),
     .help = "the key scalars at every snapshot step, one row per step"},
    {.name = "--layer", .kind = CSIM_OPT_STRING, .field = offsetof(network_args, layer_name),
     .metavar = "L", .def = "collaboration",
     .help = "collaboration or supply (buyer -> supplier links, measured without direction)"},
    {CSIM_OPT_FORMAT(network_args, format, format_names,
                     "table, json, or csv (one row per step: the key scalars; empty fields "
                     "where a measure is undefined)",
                     "table")},
    {CSIM_OPT_SEED(network_args, seed, UINT64_MAX,
                   "seed of the Leiden community search; the same seed always gives the same "
                   "communities",
                   "20050101")},
    {CSIM_OPT_OUTPUT(network_args, output, "OUT",
                     "file to write; written under a temporary name and renamed when complete"),
     .def = "standard output"},
    {CSIM_OPT_FORCE(network_args, force, "replace OUT if it exists")},
};

static const csim_opt_spec network_spec = {
    .command = "network",
    CSIM_OPERAND_TRAJECTORY,
    .about = "Measure the structure of one network of the trajectory FILE at a snapshot step:\n"
             "degree distribution, clustering (global and average local), degree\n"
             "assortativity, k-cores (innermost core and the hubs in it), Leiden communities\n"
             "on modularity, degree centralisation, Burt's constraint by kind of node (SMEs,\n"
             "hubs, other large firms, institutions) with the lowest-constraint nodes, and the\n"
             "share of SME-SME ties. Measured on the simple undirected, unweighted graph.\n"
             "Definitions: docs/ANALYSIS.md, section \"Network structure\".\n",
    .closing = "Exit codes: 0 success, 1 runtime failure (I/O, memory, igraph), 2 bad arguments,\n"
               "a step that is not a snapshot step, a year without a snapshot, or FILE missing,\n"
               "damaged or not a trajectory.\n",
    CSIM_OPT_TABLE(network_table),
};

/* Parse argv into `a` and `args`; the exit code (CSIM_EXIT_OK with args->help: help printed). */
static int parse_args(int argc, char **argv, network_args *a, csim_opt_args *args) {
    const int rc = csim_opts_read(&network_spec, argc, argv, a, args);
    if (rc != CSIM_EXIT_OK || args->help) {
        return rc;
    }
    a->input = args->operands[0];
    if (a->over_time && csim_cli_snapshot_opt_given(&a->when)) {
        return csim_cli_usage_error("network", "%s and --over-time exclude each other",
                                    a->when.have_year ? "--year" : "--step");
    }
    return CSIM_EXIT_OK;
}

/* The report in the chosen format. One step in CSV is a series of one row, so that the
 * columns are those of --over-time. */
static csim_status write_report(const network_args *a, const csim_network_stats *stats,
                                const csim_network_series *series, FILE *out) {
    if (series) {
        return csim_network_series_write(series,
                                         a->format == OUT_CSV    ? CSIM_NETWORK_CSV
                                         : a->format == OUT_JSON ? CSIM_NETWORK_JSON
                                                                 : CSIM_NETWORK_TABLE,
                                         out);
    }
    return a->format == OUT_JSON ? csim_network_stats_write_json(stats, out)
                                 : csim_network_stats_write_table(stats, out);
}

int csim_cmd_network(int argc, char **argv) {
    network_args a = {.format = OUT_TABLE};
    csim_opt_args args = {0};
    csim_network_stats_options opt = csim_network_stats_options_default();
    csim_layer layer = CSIM_LAYER_COLLABORATION;
    int rc = CSIM_EXIT_OK;
    csim_status st = CSIM_OK;
    csim_h5_reader reader = {0};
    csim_h5_array steps = {0};
    csim_network_stats stats;
    csim_network_series series;
    const csim_network_series *as_series = NULL;
    csim_out_file out = {0};

    csim_network_stats_init(&stats);
    csim_network_series_init(&series, layer);
    a.seed = opt.seed;
    if ((rc = parse_args(argc, argv, &a, &args)) != CSIM_EXIT_OK || args.help) {
        goto done;
    }
    opt.seed = (uint64_t) a.seed;
    if (a.layer_name && csim_network_layer_parse(a.layer_name, &layer) != CSIM_OK) {
        rc = csim_cli_usage_error("network", "%s", csim_last_error());
        goto done;
    }

    /* The input file and the step are the user's choice: failures reading them exit 2
     * (1 for memory); the message names the file and, for a step or a year, lists the
     * steps or years there are. */
    st = csim_cli_trajectory_open(&reader, a.input);
    if (st == CSIM_OK && a.over_time) {
        st = csim_network_series_read(&series, &reader, layer, &opt);
        as_series = &series;
    } else if (st == CSIM_OK) {
        int64_t step = 0;
        if (csim_cli_snapshot_opt_given(&a.when)) {
            st = csim_cli_snapshot_opt_step(&a.when, &reader, layer, &step);
        } else {
            /* Default: the last snapshot, the state the run ended in. */
            st = csim_network_steps(&reader, layer, &steps);
            if (st == CSIM_OK && steps.n == 0) {
                st = csim_fail_plain(CSIM_EINVAL, "%s: no network snapshots (run.snapshot_interval "
                                                  "was 0)", a.input);
            }
            if (st == CSIM_OK) {
                step = ((const int64_t *) steps.data)[steps.n - 1];
            }
        }
        if (st == CSIM_OK) {
            st = csim_network_stats_read(&stats, &reader, layer, step, &opt);
        }
        if (st == CSIM_OK && a.format == OUT_CSV) {
            st = csim_network_series_append(&series, &stats);
            as_series = &series;
        }
    }
    csim_h5_reader_close(&reader);
    if (st == CSIM_EGRAPH || st == CSIM_EINTERNAL) {
        rc = csim_cli_report("network", st); /* igraph failed: not the file's fault */
        goto done;
    }
    if (st != CSIM_OK) {
        rc = csim_cli_report_input("network", a.input, st);
        goto done;
    }

    if (!a.output) {
        if ((st = write_report(&a, &stats, as_series, stdout)) != CSIM_OK) {
            goto fail;
        }
        goto done;
    }
    if ((st = csim_cli_out_file_open(&out, a.output, a.force)) != CSIM_OK ||
        (st = write_report(&a, &stats, as_series, out.fp)) != CSIM_OK ||
        (st = csim_out_file_commit(&out)) != CSIM_OK) {
        goto fail;
    }
    if (a.over_time) {
        printf("%s: %s network at %zu snapshot steps\n", a.output, csim_layer_names[layer],
               series.n_steps);
    } else {
        printf("%s: %s network at step %" PRId64 ": %zu nodes, %zu edges\n", a.output,
               csim_layer_names[layer], stats.step, stats.nodes, stats.edges);
    }
    goto done;

fail:
    csim_out_file_abort(&out);
    rc = csim_cli_report("network", st);
done:
    csim_out_file_abort(&out);
    csim_h5_array_destroy(&steps);
    csim_network_series_destroy(&series);
    csim_network_stats_destroy(&stats);
    csim_opt_args_destroy(&args);
    return rc;
}
