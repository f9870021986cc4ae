/*
 * Network structure of a trajectory: one snapshot, or the key scalars of every snapshot.
 * Files are read only through analysis/networks/network.h (and the snapshot steps of the
 * layer's own /connectivity element), so a change of the actor layout stays there.
 */
#include "analysis/networks/network_series.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/readers/snapshot.h"
#include "sim/grow.h"

csim_status csim_network_steps(const csim_h5_reader *r, csim_layer layer, csim_h5_array *steps) {
    char element[128];
    if ((int) layer < 0 || layer >= CSIM_N_LAYERS) {
        memset(steps, 0, sizeof *steps);
        return CSIM_FAIL(CSIM_EINVAL, "unknown layer %d", (int) layer);
    }
    /* The network's own snapshot element: its steps are hard links to the actors' (docs/
     * OUTPUT.md), and they are the steps at which csim_network_read() finds edges. */
    snprintf(element, sizeof element, "/connectivity/%s", csim_layer_names[layer]);
    return csim_snapshot_steps(r, element, steps);
}

csim_status csim_network_stats_read(csim_network_stats *stats, const csim_h5_reader *r,
                                    csim_layer layer, int64_t step,
                                    const csim_network_stats_options *opt) {
    csim_status st = CSIM_OK;
    csim_network net = {0};
    igraph_t graph;
    bool have_graph = false;

    csim_network_stats_init(stats);
    CSIM_TRY(csim_network_read(&net, r, layer, step));
    CSIM_TRY(csim_network_to_igraph(&net, &graph));
    have_graph = true;
    CSIM_TRY(csim_network_stats_compute(stats, &graph, opt));

cleanup:
    if (have_graph) {
        igraph_destroy(&graph);
    }
    csim_network_destroy(&net);
    return st;
}

void csim_network_series_init(csim_network_series *series, csim_layer layer) {
    memset(series, 0, sizeof *series);
    series->layer = layer;
}

void csim_network_series_destroy(csim_network_series *series) {
    if (!series) {
        return;
    }
    free(series->step);
    free(series->time);
    free(series->values);
    csim_network_series_init(series, series->layer);
}

csim_status csim_network_series_append(csim_network_series *series,
                                       const csim_network_stats *stats) {
    if (series->n_steps == series->capacity) {
        /* The three columns share one capacity, sized by the widest (a row of values).
         * Each array grows on its own; a failure part-way leaves the larger ones in
         * place, which is harmless since n_steps has not changed. */
        const size_t row = CSIM_NETWORK_N_SCALARS * sizeof *series->values;
        size_t cap = 0;
        if (csim_grow_capacity(series->capacity, series->n_steps + 1, row, &cap) != CSIM_OK ||
            csim_grow_to(&series->step, cap, sizeof *series->step) != CSIM_OK ||
            csim_grow_to(&series->time, cap, sizeof *series->time) != CSIM_OK ||
            csim_grow_to(&series->values, cap, row) != CSIM_OK) {
            return CSIM_FAIL(CSIM_ENOMEM, "network series of %zu steps", series->n_steps + 1);
        }
        series->capacity = cap;
    }
    const size_t i = series->n_steps;
    series->step[i] = stats->has_step ? stats->step : -1;
    series->time[i] = stats->has_step ? stats->time : NAN;
    csim_network_stats_scalars(stats, series->values + i * CSIM_NETWORK_N_SCALARS);
    series->n_steps++;
    return CSIM_OK;
}

csim_status csim_network_series_read(csim_network_series *series, const csim_h5_reader *r,
                                     csim_layer layer, const csim_network_stats_options *opt) {
    csim_status st = CSIM_OK;
    csim_h5_array steps = {0};
    csim_network_stats stats;

    csim_network_series_init(series, layer);
    csim_network_stats_init(&stats);
    CSIM_TRY(csim_network_steps(r, layer, &steps));
    const int64_t *step = steps.data;
    for (size_t i = 0; i < steps.n; ++i) {
        CSIM_TRY(csim_network_stats_read(&stats, r, layer, step[i], opt));
        CSIM_TRY(csim_network_series_append(series, &stats));
        csim_network_stats_destroy(&stats);
    }

cleanup:
    csim_network_stats_destroy(&stats);
    csim_h5_array_destroy(&steps);
    if (st != CSIM_OK) {
        csim_network_series_destroy(series);
    }
    return st;
}

/* Whether scalar k is a count (printed as an integer). */
static bool is_count(int k) {
    return k == CSIM_NETWORK_SCALAR_nodes || k == CSIM_NETWORK_SCALAR_edges ||
           k == CSIM_NETWORK_SCALAR_degree_max || k == CSIM_NETWORK_SCALAR_core_max ||
           k == CSIM_NETWORK_SCALAR_communities || k == CSIM_NETWORK_SCALAR_communities_2plus;
}

/* For people: one row per measure, one column per snapshot step, so that each measure
 * reads across as a time series and the table stays as wide as the number of snapshots
 * (CSV and JSON keep the tidy one-row-per-step layout for programs). */
static void write_table(const csim_network_series *s, FILE *out) {
    enum { NAME_WIDTH = 24, COL_WIDTH = 10 };
    fprintf(out, "network %s over time: %zu snapshots\n", csim_layer_names[s->layer], s->n_steps);
    if (s->n_steps == 0) {
        return; /* a run with run.snapshot_interval 0: no columns, so no rows either */
    }
    fprintf(out, "%-*s", NAME_WIDTH, "step");
    for (size_t i = 0; i < s->n_steps; ++i) {
        fprintf(out, " %*" PRId64, COL_WIDTH, s->step[i]);
    }
    fprintf(out, "\n%-*s", NAME_WIDTH, "time");
    for (size_t i = 0; i < s->n_steps; ++i) {
        fprintf(out, " %*.4f", COL_WIDTH, s->time[i]);
    }
    fputc('\n', out);
    for (int k = 0; k < CSIM_NETWORK_N_SCALARS; ++k) {
        fprintf(out, "%-*s", NAME_WIDTH, csim_network_scalar_names[k]);
        for (size_t i = 0; i < s->n_steps; ++i) {
            const double x = s->values[i * CSIM_NETWORK_N_SCALARS + (size_t) k];
            if (isnan(x)) {
                fprintf(out, " %*s", COL_WIDTH, "n/a");
            } else if (is_count(k)) {
                fprintf(out, " %*.0f", COL_WIDTH, x);
            } else {
                fprintf(out, " %*.4f", COL_WIDTH, x);
            }
        }
        fputc('\n', out);
    }
}

static void write_csv(const csim_network_series *s, FILE *out) {
    fputs("step,time", out);
    for (int k = 0; k < CSIM_NETWORK_N_SCALARS; ++k) {
        fprintf(out, ",%s", csim_network_scalar_names[k]);
    }
    fputc('\n', out);
    for (size_t i = 0; i < s->n_steps; ++i) {
        fprintf(out, "%" PRId64 ",%.17g", s->step[i], s->time[i]);
        for (int k = 0; k < CSIM_NETWORK_N_SCALARS; ++k) {
            const double x = s->values[i * CSIM_NETWORK_N_SCALARS + (size_t) k];
            if (isnan(x)) {
                fputc(',', out); /* an empty field: what pandas and R read as missing */
            } else {
                fprintf(out, ",%.17g", x);
            }
        }
        fputc('\n', out);
    }
}

static void write_json(const csim_network_series *s, FILE *out) {
    fprintf(out, "{\n  \"layer\": \"%s\",\n  \"columns\": [\"step\", \"time\"",
            csim_layer_names[s->layer]);
    for (int k = 0; k < CSIM_NETWORK_N_SCALARS; ++k) {
        fprintf(out, ", \"%s\"", csim_network_scalar_names[k]);
    }
    fputs("],\n  \"rows\": [", out);
    for (size_t i = 0; i < s->n_steps; ++i) {
        fprintf(out, "%s\n    {\"step\": %" PRId64 ", \"time\": ", i ? "," : "", s->step[i]);
        if (isnan(s->time[i])) {
            fputs("null", out);
        } else {
            fprintf(out, "%.17g", s->time[i]);
        }
        for (int k = 0; k < CSIM_NETWORK_N_SCALARS; ++k) {
            const double x = s->values[i * CSIM_NETWORK_N_SCALARS + (size_t) k];
            fprintf(out, ", \"%s\": ", csim_network_scalar_names[k]);
            if (isnan(x)) {
                fputs("null", out);
            } else {
                fprintf(out, "%.17g", x);
            }
        }
        fputc('}', out);
    }
    fprintf(out, "%s]\n}\n", s->n_steps ? "\n  " : "");
}

csim_status csim_network_series_write(const csim_network_series *series,
                                      csim_network_format format, FILE *out) {
    switch (format) {
    case CSIM_NETWORK_CSV:
        write_csv(series, out);
        break;
    case CSIM_NETWORK_JSON:
        write_json(series, out);
        break;
    case CSIM_NETWORK_TABLE:
    default:
        write_table(series, out);
        break;
    }
    fflush(out);
    return ferror(out) ? CSIM_FAIL(CSIM_EIO, "writing the network series") : CSIM_OK;
}
