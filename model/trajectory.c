/*
 * Writing a run's trajectory (layout in docs/OUTPUT.md). All HDF5 work goes through the
 * writer module in sim/. Open creates the file and its elements; from then on a writer
 * thread (sim/worker.h) writes while the model steps: each record call copies the month
 * (and, on snapshot months, the whole snapshot) into model/traj_frame.h's buffers on the
 * simulating thread and hands them over. Close waits for the writer, stops it and
 * commits. One thread calls HDF5 at any time: the simulating thread before the writer
 * starts and after it stops, the writer in between.
 */
#include "model/trajectory.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <omp.h>

#include "model/events.h"
#include "model/params.h"
#include "model/programme.h"
#include "model/sim_internal.h"
#include "model/traj_bodies.h"
#include "model/traj_frame.h"
#include "model/traj_vars.h"
#include "sim/grow.h"
#include "sim/rng.h"
#include "sim/version_gen.h"
#include "sim/wall_clock.h"

/* Every resolved parameter: as YAML lines ("key: value", the form `rerun` reads back
 * bit-exactly) and as one attribute per parameter on /parameters/resolved. */
static csim_status write_parameters(csim_h5_file *file, const csim_params *params) {
    csim_status st = CSIM_OK;
    const csim_schema *schema = csim_params_schema();
    char *yaml = NULL;
    CSIM_TRY(csim_params_resolved_text(params, &yaml));
    CSIM_TRY(csim_h5_group_create(file, CSIM_FMT_PARAMETERS "/resolved"));
    for (size_t k = 0; k < schema->n_params; ++k) {
        const csim_param_desc *d = &schema->params[k];
        const void *field = (const char *) params + d->offset;
        switch (d->type) {
        case CSIM_PT_INT: {
            const int64_t v = (int64_t) *(const long *) field;
            CSIM_TRY(csim_h5_attr_write_num(file, CSIM_FMT_PARAMETERS "/resolved", d->name,
                                            CSIM_H5_INT64, &v, 1));
            break;
        }
        case CSIM_PT_DOUBLE:
            CSIM_TRY(csim_h5_attr_write_num(file, CSIM_FMT_PARAMETERS "/resolved", d->name,
                                            CSIM_H5_DOUBLE, field, 1));
            break;
        case CSIM_PT_VEC:
            CSIM_TRY(csim_h5_attr_write_num(file, CSIM_FMT_PARAMETERS "/resolved", d->name,
                                            CSIM_H5_DOUBLE,
                                            ((const csim_vec *) field)->v, d->n_names));
            break;
        default: { /* bool, enum and series: their YAML text */
            char value[2048];
            csim_schema_format(d, params, value, sizeof value);
            CSIM_TRY(csim_h5_attr_write_string(file, CSIM_FMT_PARAMETERS "/resolved", d->name,
                                               value));
            break;
        }
        }
    }
    CSIM_TRY(csim_h5_dataset_write_text(file, CSIM_FMT_PARAMETERS "/resolved_yaml", yaml));
cleanup:
    free(yaml);
    return st;
}

static csim_status write_provenance(csim_trajectory *traj, const csim_sim *sim,
                                    const csim_run_info *info) {
    csim_status st = CSIM_OK;
    csim_h5_file *file = &traj->file;
    const csim_params *p = csim_sim_params(sim);
    char when[CSIM_WALL_CLOCK_ISO_SIZE];
    csim_wall_clock_iso(when, sizeof when);
    const int64_t seed = (int64_t) p->run_seed;
    const int64_t replicate = (int64_t) sim->replicate;
    const uint64_t stream_key = csim_sim_seed(sim);
    char key_text[32];
    snprintf(key_text, sizeof key_text, "0x%016llx", (unsigned long long) stream_key);
    const int64_t threads = info->threads, ranks = info->ranks;
    CSIM_TRY(csim_h5_dataset_write_text(file, CSIM_FMT_PARAMETERS "/scenario_text",
                                        info->scenario_text ? info->scenario_text : ""));
    CSIM_TRY(csim_h5_dataset_write_text(file, CSIM_FMT_PARAMETERS "/overrides",
                                        info->overrides ? info->overrides : ""));
    CSIM_TRY(write_parameters(file, p));
    CSIM_TRY(csim_h5_attr_write_string(file, CSIM_FMT_PARAMETERS, CSIM_FMT_ATTR_SCENARIO_NAME,
                                       info->scenario_name ? info->scenario_name : ""));
    CSIM_TRY(csim_h5_attr_write_string(file, CSIM_FMT_PARAMETERS, CSIM_FMT_ATTR_SCENARIO_PATH,
                                       info->scenario_path ? info->scenario_path : ""));
    CSIM_TRY(csim_h5_attr_write_num(file, CSIM_FMT_PARAMETERS, CSIM_FMT_ATTR_SEED, CSIM_H5_INT64,
                                    &seed, 1));
    CSIM_TRY(csim_h5_attr_write_num(file, CSIM_FMT_PARAMETERS, CSIM_FMT_ATTR_REPLICATE,
                                    CSIM_H5_INT64, &replicate, 1));
    CSIM_TRY(csim_h5_attr_write_string(file, CSIM_FMT_PARAMETERS, CSIM_FMT_ATTR_STREAM_KEY,
                                       key_text));
    CSIM_TRY(csim_h5_attr_write_string(file, CSIM_FMT_PARAMETERS, CSIM_FMT_ATTR_CODE_VERSION,
                                       CSIM_VERSION_STRING));
    CSIM_TRY(csim_h5_attr_write_string(file, CSIM_FMT_PARAMETERS, CSIM_FMT_ATTR_CODE_COMMIT,
                                       CSIM_GIT_COMMIT));
    CSIM_TRY(csim_h5_attr_write_string(file, CSIM_FMT_PARAMETERS, CSIM_FMT_ATTR_BUILD_FLAGS,
                                       CSIM_BUILD_FLAGS));
    CSIM_TRY(csim_h5_attr_write_num(file, CSIM_FMT_PARAMETERS, CSIM_FMT_ATTR_THREADS,
                                    CSIM_H5_INT64, &threads, 1));
    CSIM_TRY(csim_h5_attr_write_num(file, CSIM_FMT_PARAMETERS, CSIM_FMT_ATTR_RANKS, CSIM_H5_INT64,
                                    &ranks, 1));
    CSIM_TRY(csim_h5_attr_write_string(file, CSIM_FMT_PARAMETERS, CSIM_FMT_ATTR_WALL_START, when));
cleanup:
    return st;
}

static csim_status open_observables(csim_trajectory *traj, size_t steps) {
    csim_status st = CSIM_OK;
    const csim_observable_desc *table = csim_observables_table();
    for (size_t o = 0; o < CSIM_N_OBSERVABLES; ++o) {
        char path[256];
        snprintf(path, sizeof path, CSIM_FMT_OBSERVABLES "/%s", table[o].name);
        csim_h5_series_spec spec = {0};
        spec.type = CSIM_H5_DOUBLE;
        spec.rank = table[o].width > 1 ? 1 : 0;
        spec.dims[0] = table[o].width;
        spec.unit = table[o].unit;
        spec.time_unit = "year";
        spec.clock = o > 0 ? &traj->obs[0] : NULL;
        spec.names = table[o].names;
        spec.n_names = table[o].width > 1 ? table[o].width : 0;
        spec.rows_hint = steps; /* one chunk for the whole run, not a 64 KiB one */
        spec.description = table[o].description;
        CSIM_TRY(csim_h5_series_open(&traj->obs[o], &traj->file, path, &spec));
    }
cleanup:
    return st;
}

/* The event log, a table whose columns say what they hold; what agent, body and value
 * mean depends on the kind, so /events carries one attribute per column with an entry
 * per kind, generated from model/events.h's CSIM_EVENT_LIST. */
static csim_status open_events(csim_trajectory *traj) {
    csim_status st = CSIM_OK;
    const csim_h5_column cols[] = {
        {"step", CSIM_H5_INT64, 1, "month", NULL, 0, false,
         "month the event happened in (0 = January of run.start_year)"},
        {"time", CSIM_H5_DOUBLE, 1, "year", NULL, 0, false,
         "run.start_year + step / 12, as the observables' time"},
        {"kind", CSIM_H5_INT64, 1, NULL, csim_event_kind_names, CSIM_N_EVENT_KINDS, false,
         "what happened: code v means names[v]"},
        {"agent", CSIM_H5_INT64, 1, NULL, NULL, 0, false,
         "actor concerned (actor id) or -1; per kind: /events@agent_meaning[kind]"},
        {"body", CSIM_H5_INT64, 1, NULL, NULL, 0, false,
         "MC slot, WG id, organisation id, group or line concerned, or -1; per kind: "
         "/events@body_meaning[kind]"},
        {"value", CSIM_H5_DOUBLE, 1, NULL, NULL, 0, false,
         "a number whose meaning depends on the kind: /events@value_meaning[kind]"},
    };
    CSIM_TRY(csim_h5_table_open(&traj->events, &traj->file, CSIM_FMT_EVENTS, cols,
                                sizeof cols / sizeof cols[0]));
    CSIM_TRY(csim_h5_attr_write_string(
        &traj->file, CSIM_FMT_EVENTS, CSIM_FMT_ATTR_DESCRIPTION,
        "the event log, one row per event in the order they happened; for an event of kind "
        "v (kind/@names[v]), agent_meaning[v], body_meaning[v] and value_meaning[v] say what "
        "its agent, body and value hold (\"-1\": always -1)"));
    CSIM_TRY(csim_h5_attr_write_strings(&traj->file, CSIM_FMT_EVENTS, CSIM_FMT_ATTR_KIND_NAMES,
                                        csim_event_kind_names, CSIM_N_EVENT_KINDS));
    CSIM_TRY(csim_h5_attr_write_strings(&traj->file, CSIM_FMT_EVENTS, CSIM_FMT_ATTR_AGENT_MEANING,
                                        csim_event_agent_meanings, CSIM_N_EVENT_KINDS));
    CSIM_TRY(csim_h5_attr_write_strings(&traj->file, CSIM_FMT_EVENTS, CSIM_FMT_ATTR_BODY_MEANING,
                                        csim_event_body_meanings, CSIM_N_EVENT_KINDS));
    CSIM_TRY(csim_h5_attr_write_strings(&traj->file, CSIM_FMT_EVENTS, CSIM_FMT_ATTR_VALUE_MEANING,
                                        csim_event_value_meanings, CSIM_N_EVENT_KINDS));
cleanup:
    return st;
}

/* ------------------------------------------------------------------------------------ */
/* Particles: every state variable of every firm and institution (model/traj_vars.h)    */
/* ------------------------------------------------------------------------------------ */

/* Agents per part of a snapshot row: a row is written in parts of whole chunks, so that
 * each chunk is written once and HDF5's conversion buffers stay small. */
#define PART_AGENTS ((size_t) 65536)

static csim_status open_particles(csim_trajectory *traj, const char *group,
                                  csim_h5_series *vars, csim_h5_table *fixed, size_t n0,
                                  const csim_h5_series *clock, size_t snapshots,
                                  bool deflate_floats) {
    csim_status st = CSIM_OK;
    csim_h5_column fixed_cols[CSIM_TRAJ_N_VARS];
    size_t n_fixed = 0;
    for (size_t v = 0; v < CSIM_TRAJ_N_VARS; ++v) {
        const csim_traj_var *pv = &csim_traj_vars()[v];
        /* Model state in floating point: deflate saves little more than the NaN fill of
         * the slots of firms not alive (40% of the bytes of most columns in the baseline)
         * for 2.5 times the writer's time, so it is stored raw unless the scenario asks
         * for it (run.deflate_floats; OUTPUT.md, "Chunking and compression"). Codes, ids
         * and flags compress 5-20 fold cheaply and are always compressed. */
        const bool raw = pv->type == CSIM_H5_DOUBLE && !deflate_floats;
        if (pv->fixed) {
            /* Time-independent: one column of a table whose rows are the indices. */
            fixed_cols[n_fixed++] = (csim_h5_column){
                .name = pv->name, .type = pv->type, .width = pv->width, .unit = pv->unit,
                .names = pv->names, .n_names = pv->names ? pv->n_names : 0, .raw = raw,
                .description = pv->description};
            continue;
        }
        char path[256];
        snprintf(path, sizeof path, "%s/%s", group, pv->name);
        csim_h5_series_spec spec = {0};
        spec.type = pv->type;
        spec.rank = pv->width > 1 ? 2 : 1;
        spec.dims[0] = n0;
        spec.dims[1] = pv->width;
        spec.grow = true;
        spec.raw = raw;
        spec.unit = pv->unit;
        spec.time_unit = "year";
        /* The first element of the firms owns the snapshot clock; every other snapshot
         * element shares it (hard links). */
        spec.clock = clock ? clock : (v > 0 ? &vars[0] : NULL);
        spec.rows_hint = snapshots;
        spec.description = pv->description;
        spec.value_names = pv->names;
        spec.n_value_names = pv->names ? pv->n_names : 0;
        CSIM_TRY(csim_h5_series_open(&vars[v], &traj->file, path, &spec));
    }
    /* Chunks of about twice the first count of agents: populations grow (the baseline's
     * firm indices end at 3.3 times the first), and a raw chunk is stored whole. */
    CSIM_TRY(csim_h5_table_open_hint(fixed, &traj->file, group, fixed_cols, n_fixed,
                                     2 * (n0 > 0 ? n0 : 1)));
cleanup:
    return st;
}

/* One snapshot of a particle group: `n` indices of every time-dependent variable, from
 * its gathered columns, written in parts; the fixed variables of indices `from`.. appended
 * to their table. Runs on the writer thread. */
static csim_status write_particles(csim_h5_series *vars, csim_h5_table *fixed,
                                   void *const *cols, size_t n, size_t from, int64_t step,
                                   double time) {
    csim_status st = CSIM_OK;
    const void *fixed_cols[CSIM_TRAJ_N_VARS];
    size_t n_fixed = 0;
    for (size_t v = 0; v < CSIM_TRAJ_N_VARS; ++v) {
        if (csim_traj_vars()[v].fixed) {
            fixed_cols[n_fixed++] = cols[v];
            continue;
        }
        csim_h5_series *s = &vars[v];
        const size_t chunk = s->chunk_agents > 0 ? (size_t) s->chunk_agents : 1;
        const size_t part = chunk >= PART_AGENTS ? chunk : (PART_AGENTS / chunk) * chunk;
        const size_t bytes = csim_traj_var_bytes(v);
        CSIM_TRY(csim_h5_series_begin_row(s, step, time, n));
        for (size_t first = 0; first < n; first += part) {
            const size_t count = n - first < part ? n - first : part;
            CSIM_TRY(csim_h5_series_write_part(s, first, count,
                                               (const char *) cols[v] + first * bytes));
        }
    }
    CSIM_TRY(csim_h5_table_append(fixed, n - from, fixed_cols));
cleanup:
    return st;
}

/* Institutions get indices in the order their ids appear; ids only grow, so an
 * institution keeps its index for the whole run. */
static csim_status track_institutions(csim_trajectory *traj, const csim_firms *f) {
    const size_t from = traj->n_inst > 0 ? traj->inst_ids[traj->n_inst - 1] + 1 : 0;
    for (size_t i = from; i < f->n; ++i) {
        if (f->kind[i] != CSIM_KIND_INSTITUTION) {
            continue;
        }
        if (csim_grow(&traj->inst_ids, &traj->cap_inst, traj->n_inst + 1,
                      sizeof *traj->inst_ids) != CSIM_OK) {
            return CSIM_FAIL(CSIM_ENOMEM, "ids of %zu institutions", traj->n_inst + 1);
        }
        traj->inst_ids[traj->n_inst++] = i;
    }
    return CSIM_OK;
}

/* The collaboration edge list is stored raw by default, like the floating-point columns:
 * the pairs are all but random actor ids, whose low bytes deflate can only Huffman-code,
 * so it cost a third of all the compression of a baseline file (some 50 million
 * instructions) for a 3-fold saving on one column (0.5 MB of 9 MB). `born` and `origin`
 * deflate 85-fold and 7-fold at little cost and stay compressed (docs/OUTPUT.md). The
 * `raw` flags below are the default; run.deflate_floats clears them (open_networks). */
static const csim_h5_column collab_columns[] = {
    {"edges", CSIM_H5_INT32, 2, NULL, NULL, 0, true,
     "actor ids (a, b), a < b, of the two partners of an undirected collaboration tie"},
    {"weight", CSIM_H5_DOUBLE, 1, "1", NULL, 0, true,
     "intensity of the tie in (0, 1]: how much the partners work and learn together"},
    {"trust", CSIM_H5_DOUBLE, 1, "1", NULL, 0, true, "trust between the partners in [0, 1]"},
    {"born", CSIM_H5_INT32, 1, "month", NULL, 0, false,
     "step the tie formed (-1: a tie of the initial network)"},
    {"origin", CSIM_H5_INT8, 1, NULL, csim_origin_names, CSIM_N_ORIGINS, false,
     "how the tie formed: code v means names[v]"},
};
static const csim_h5_column supply_columns[] = {
    {"edges", CSIM_H5_INT32, 2, NULL, NULL, 0, false,
     "actor ids (buyer, supplier): the supplier sells into the buyer's chain"},
    {"sales", CSIM_H5_DOUBLE, 1, "KRW million/month", NULL, 0, true,
     "the supplier's sales into the chain that month"},
};

/* The two ragged networks, their columns compressed as `raw` says or, with
 * deflate_floats, all of them. */
static csim_status open_networks(csim_trajectory *traj, size_t snapshots, bool deflate_floats) {
    csim_status st = CSIM_OK;
    enum { N_COLLAB = sizeof collab_columns / sizeof collab_columns[0] };
    enum { N_SUPPLY = sizeof supply_columns / sizeof supply_columns[0] };
    csim_h5_column collab[N_COLLAB], supply[N_SUPPLY];
    memcpy(collab, collab_columns, sizeof collab);
    memcpy(supply, supply_columns, sizeof supply);
    for (size_t c = 0; deflate_floats && c < N_COLLAB; ++c) {
        collab[c].raw = false;
    }
    for (size_t c = 0; deflate_floats && c < N_SUPPLY; ++c) {
        supply[c].raw = false;
    }
    CSIM_TRY(csim_h5_ragged_open_hint(&traj->collaboration, &traj->file,
                                      CSIM_FMT_CONNECTIVITY "/collaboration", collab, N_COLLAB,
                                      NULL, &traj->firms[0], snapshots));
    CSIM_TRY(csim_h5_ragged_open_hint(&traj->supply, &traj->file, CSIM_FMT_CONNECTIVITY "/supply",
                                      supply, N_SUPPLY, NULL, &traj->firms[0], snapshots));
cleanup:
    return st;
}

/* ------------------------------------------------------------------------------------ */
/* The programme bodies: /programme (model/traj_bodies.h)                               */
/* ------------------------------------------------------------------------------------ */

/* /programme and its members element, on the snapshot clock. The tables of the bodies and
 * of their dormancy spells are written at close, when every body's history is known. */
static csim_status open_programme(csim_trajectory *traj, size_t snapshots) {
    csim_status st = CSIM_OK;
    const char *want[4] = {"mc", "wg", "org", "site"};
    for (size_t c = 0; c < 4; ++c) {
        traj->member_vars[c] = 0;
        for (size_t v = 1; v < CSIM_TRAJ_N_VARS; ++v) {
            if (strcmp(csim_traj_vars()[v].name, want[c]) == 0) {
                traj->member_vars[c] = v;
            }
        }
        if (traj->member_vars[c] == 0 || csim_traj_vars()[traj->member_vars[c]].fixed ||
            csim_traj_vars()[traj->member_vars[c]].type != CSIM_H5_INT32) {
            return CSIM_FAIL(CSIM_EINVAL, "trajectory: no membership variable %s", want[c]);
        }
    }
    csim_h5_series_spec spec = {0};
    spec.type = CSIM_H5_INT32;
    spec.rank = 1;
    spec.dims[0] = traj->bodies.n + 16;
    spec.dims[1] = 1;
    spec.grow = true;
    spec.time_unit = "year";
    spec.clock = &traj->firms[0];
    spec.rows_hint = snapshots;
    spec.description =
        "members of programme body b (row b of /programme/bodies) at each snapshot, counted "
        "from the snapshot's memberships (firms and institutions): an MC the actors with "
        "mc == id, a WG wg == id, a council or association org == id, a cooperative "
        "site == id (its lot holders); -1 where the body is not founded yet or has ended "
        "(at or before the snapshot's step)";
    CSIM_TRY(csim_h5_series_open(&traj->members, &traj->file, CSIM_FMT_PROGRAMME "/members",
                                 &spec));
    CSIM_TRY(csim_h5_attr_write_string(
        &traj->file, CSIM_FMT_PROGRAMME, CSIM_FMT_ATTR_DESCRIPTION,
        "the cluster programme's bodies: every mini-cluster (MC), working group (WG) and "
        "firm-led organisation of the run (bodies: one row each, ids as in /events/body), "
        "their members at each snapshot (members) and the organisations' dormancy spells "
        "(dormancy)"));
cleanup:
    return st;
}

/* Decimal year of `step` (the observables' clock), NaN for -1 ("none"). */
static double year_of(const csim_trajectory *traj, int32_t step) {
    return step < 0 ? NAN : (double) traj->start_year + (double) step / 12.0;
}

/* A table written whole at close: `n` rows of the arrays `data` (one per column, chunked
 * for `n` rows, at least one) with its description; the table is closed again. */
static csim_status write_whole_table(csim_trajectory *traj, const char *path,
                                     const csim_h5_column *cols, size_t n_cols, size_t n,
                                     const void *const *data, const char *description) {
    csim_status st = CSIM_OK;
    csim_h5_table table = {0};
    CSIM_TRY(csim_h5_table_open_hint(&table, &traj->file, path, cols, n_cols, n > 0 ? n : 1));
    CSIM_TRY(csim_h5_attr_write_string(&traj->file, path, CSIM_FMT_ATTR_DESCRIPTION,
                                       description));
    CSIM_TRY(csim_h5_table_append(&table, n, data));
    CSIM_TRY(csim_h5_table_flush(&table));
cleanup:
    csim_h5_table_close(&table);
    return st;
}

/* /programme/bodies and /programme/dormancy, from the registry (serial, at close). */
static csim_status write_programme_tables(csim_trajectory *traj) {
    csim_status st = CSIM_OK;
    const csim_traj_bodies *b = &traj->bodies;
    double *times = NULL;
    const size_t n = b->n, ns = b->n_spells;
    times = malloc((4 * n + 2 * ns + 1) * sizeof *times);
    if (!times) {
        st = CSIM_FAIL(CSIM_ENOMEM, "times of %zu programme bodies", n);
        goto cleanup;
    }
    for (size_t k = 0; k < n; ++k) {
        times[k] = year_of(traj, b->founded[k]);
        times[n + k] = year_of(traj, b->ended[k]);
        times[2 * n + k] = year_of(traj, b->association[k]);
        times[3 * n + k] = year_of(traj, b->site[k]);
    }
    for (size_t k = 0; k < ns; ++k) {
        times[4 * n + k] = year_of(traj, b->spell_start[k]);
        times[4 * n + ns + k] = year_of(traj, b->spell_end[k]);
    }
    const csim_h5_column cols[] = {
        {"kind", CSIM_H5_INT8, 1, NULL, csim_body_kind_names, CSIM_N_BODY_KINDS, false,
         "what the body is: code v means names[v] (mc: mini-cluster, wg: working group, "
         "organisation: council, association or cooperative)"},
        {"id", CSIM_H5_INT32, 1, NULL, NULL, 0, false,
         "its id among the bodies of its kind: MC slot, WG id or organisation id, as in "
         CSIM_FMT_EVENTS "/body and the mc, wg, org and site columns of /particles"},
        {"field", CSIM_H5_INT8, 1, NULL, csim_field_names, CSIM_N_FIELDS, false,
         "technology field: an MC's main theme field when it opened, a WG's theme, an "
         "organisation's field (that of its founding WG); code v means names[v]"},
        {"mc", CSIM_H5_INT32, 1, NULL, NULL, 0, false,
         "a WG's MC slot; an organisation's constituency (the MC of its founding WG) or -1; "
         "-1 for an MC"},
        {"wg", CSIM_H5_INT32, 1, NULL, NULL, 0, false,
         "an organisation's founding WG id (a cooperative: its association's); else -1"},
        {"parent", CSIM_H5_INT32, 1, NULL, NULL, 0, false,
         "a cooperative: the association (organisation id) that built its site; else -1"},
        {"merged_into", CSIM_H5_INT32, 1, NULL, NULL, 0, false,
         "an MC merged away: the MC slot it was merged into; else -1"},
        {"founded_step", CSIM_H5_INT32, 1, "month", NULL, 0, false,
         "step it was founded (MC opened, WG formed, organisation founded or site built): "
         "the step of its mc_open, wg_found, org_found or site_built event"},
        {"founded_time", CSIM_H5_DOUBLE, 1, "year", NULL, 0, false,
         "run.start_year + founded_step / 12"},
        {"ended_step", CSIM_H5_INT32, 1, "month", NULL, 0, false,
         "step it ended (mc_merge, mc_close, wg_dissolve, org_dissolve), -1 if alive at the "
         "end of the run"},
        {"ended_time", CSIM_H5_DOUBLE, 1, "year", NULL, 0, false,
         "run.start_year + ended_step / 12, NaN if alive at the end of the run"},
        {"stage", CSIM_H5_INT8, 1, NULL, csim_org_stage_names, CSIM_N_ORG_STAGES, false,
         "an organisation's stage at the end of the run (dissolved ones: dissolved); code v "
         "means names[v]; -1 for MCs and WGs"},
        {"association_step", CSIM_H5_INT32, 1, "month", NULL, 0, false,
         "an organisation: step it became an association (its org_stage event), -1 never"},
        {"association_time", CSIM_H5_DOUBLE, 1, "year", NULL, 0, false,
         "run.start_year + association_step / 12, or NaN"},
        {"site_step", CSIM_H5_INT32, 1, "month", NULL, 0, false,
         "an association: step it first built a joint site (founded the cooperative "
         "`cooperative`), -1 never"},
        {"site_time", CSIM_H5_DOUBLE, 1, "year", NULL, 0, false,
         "run.start_year + site_step / 12, or NaN"},
        {"cooperative", CSIM_H5_INT32, 1, NULL, NULL, 0, false,
         "an association: the cooperative (organisation id) of its first site, or -1; "
         "later sites are the cooperatives whose parent it is"},
        {"dormant_spells", CSIM_H5_INT32, 1, NULL, NULL, 0, false,
         "an organisation: times it fell dormant (treasury below zero; "
         CSIM_FMT_PROGRAMME "/dormancy lists the spells); 0 for MCs and WGs"},
    };
    const void *data[] = {b->kind, b->id, b->field, b->mc, b->wg, b->parent, b->merged_into,
                          b->founded, times, b->ended, times + n, b->stage, b->association,
                          times + 2 * n, b->site, times + 3 * n, b->cooperative, b->spells};
    _Static_assert(sizeof cols / sizeof cols[0] == sizeof data / sizeof data[0],
                   "one array per column");
    CSIM_TRY(write_whole_table(
        traj, CSIM_FMT_PROGRAMME "/bodies", cols, sizeof cols / sizeof cols[0], n, data,
        "every programme body of the run, one row each in the order they were founded "
        "(month by month; within a month MCs, WGs, then organisations, each by id): row b "
        "is column b of /programme/members"));
    const csim_h5_column spell_cols[] = {
        {"organisation", CSIM_H5_INT32, 1, NULL, NULL, 0, false,
         "the organisation (id, as in /events/body)"},
        {"start_step", CSIM_H5_INT32, 1, "month", NULL, 0, false,
         "step it fell dormant (org_dormant event with value 1)"},
        {"start_time", CSIM_H5_DOUBLE, 1, "year", NULL, 0, false,
         "run.start_year + start_step / 12"},
        {"end_step", CSIM_H5_INT32, 1, "month", NULL, 0, false,
         "step it became active again (org_dormant with value 0) or dissolved while "
         "dormant; -1: dormant at the end of the run"},
        {"end_time", CSIM_H5_DOUBLE, 1, "year", NULL, 0, false,
         "run.start_year + end_step / 12, or NaN"},
    };
    const void *spell_data[] = {b->spell_org, b->spell_start, times + 4 * n, b->spell_end,
                                times + 4 * n + ns};
    CSIM_TRY(write_whole_table(
        traj, CSIM_FMT_PROGRAMME "/dormancy", spell_cols,
        sizeof spell_cols / sizeof spell_cols[0], ns, spell_data,
        "the organisations' dormancy spells (no projects, meetings or recruiting while the "
        "treasury is below zero), one row each in the order they began"));
cleanup:
    free(times);
    return st;
}

/* ------------------------------------------------------------------------------------ */
/* The writer thread's work: one hand-over (months, perhaps a snapshot) into the file   */
/* ------------------------------------------------------------------------------------ */

static csim_status write_months(csim_trajectory *traj, const csim_traj_months *m) {
    csim_status st = CSIM_OK;
    int64_t *ints = NULL;
    double *values = NULL;
    double *times = NULL;
    const csim_observable_desc *table = csim_observables_table();
    for (size_t k = 0; k < m->n; ++k) {
        const double *row = m->obs + k * m->row_width;
        for (size_t o = 0; o < CSIM_N_OBSERVABLES; ++o) {
            CSIM_TRY(csim_h5_series_append(&traj->obs[o], m->steps[k], m->times[k],
                                           row + table[o].offset));
        }
    }
    const size_t n = m->n_events;
    if (n == 0) {
        goto cleanup;
    }
    ints = malloc(4 * n * sizeof *ints);
    values = malloc(n * sizeof *values);
    times = malloc(n * sizeof *times);
    if (!ints || !values || !times) {
        st = CSIM_FAIL(CSIM_ENOMEM, "%zu events", n);
        goto cleanup;
    }
    for (size_t k = 0; k < n; ++k) {
        ints[k] = m->events[k].step;
        /* The observables' clock (csim_sim_time): the same double for the same step. */
        times[k] = (double) traj->start_year + (double) m->events[k].step / 12.0;
        ints[n + k] = m->events[k].kind;
        ints[2 * n + k] = m->events[k].agent;
        ints[3 * n + k] = m->events[k].body;
        values[k] = m->events[k].value;
    }
    const void *cols[] = {ints, times, ints + n, ints + 2 * n, ints + 3 * n, values};
    CSIM_TRY(csim_h5_table_append(&traj->events, n, cols));
cleanup:
    free(ints);
    free(values);
    free(times);
    return st;
}

static csim_status write_snapshot(csim_trajectory *traj, const csim_traj_snapshot *s) {
    csim_status st = CSIM_OK;
    /* Firms first: firms[0] owns the snapshot clock that the others share. */
    CSIM_TRY(write_particles(traj->firms, &traj->firms_fixed, s->firms, s->n_firms,
                             s->firms_from, s->step, s->time));
    CSIM_TRY(write_particles(traj->institutions, &traj->inst_fixed, s->inst, s->n_inst,
                             s->inst_from, s->step, s->time));
#define CSIM_X_DATA(field, ctype, width, doc) s->field,
    const void *collab[] = {CSIM_TRAJ_COLLAB_COLUMNS(CSIM_X_DATA)};
    const void *supply[] = {CSIM_TRAJ_SUPPLY_COLUMNS(CSIM_X_DATA)};
#undef CSIM_X_DATA
    _Static_assert(sizeof collab / sizeof collab[0] ==
                       sizeof collab_columns / sizeof collab_columns[0],
                   "one snapshot array per collaboration column");
    _Static_assert(sizeof supply / sizeof supply[0] ==
                       sizeof supply_columns / sizeof supply_columns[0],
                   "one snapshot array per supply column");
    CSIM_TRY(csim_h5_ragged_append(&traj->collaboration, s->step, s->time, s->n_collab,
                                   collab));
    CSIM_TRY(csim_h5_ragged_append(&traj->supply, s->step, s->time, s->n_supply, supply));
    CSIM_TRY(csim_h5_series_append_n(&traj->members, s->step, s->time, s->n_bodies,
                                     s->members));
cleanup:
    return st;
}

/* The job of sim/worker.h: everything one hand-over carries, in record order. */
static csim_status write_handover(void *context, void *job) {
    csim_trajectory *traj = context;
    const csim_traj_handover *h = job;
    csim_status st = CSIM_OK;
    csim_h5_thread_init(); /* this thread's HDF5 error printing off (sim/h5_file.h) */
    CSIM_TRY(write_months(traj, h->months));
    if (h->snapshot) {
        CSIM_TRY(write_snapshot(traj, h->snapshot));
    }
    if (h->sync_data) {
        csim_h5_sync_data(&traj->file);
    }
cleanup:
    return st;
}

/* ------------------------------------------------------------------------------------ */
/* The simulating thread's side                                                         */
/* ------------------------------------------------------------------------------------ */

/* Hand the months being built (and the snapshot, if `with_snapshot`) to the writer
 * thread. Waits for the previous hand-over to be written first, so that the other months
 * buffer, which becomes the one being built, is free. */
static csim_status hand_over(csim_trajectory *traj, bool with_snapshot) {
    csim_status st = CSIM_OK;
    const int b = traj->building;
    traj->handover[b].months = &traj->months[b];
    traj->handover[b].snapshot = with_snapshot ? &traj->snapshot : NULL;
    /* Not after the last month: commit's fsync follows at once. */
    traj->handover[b].sync_data =
        with_snapshot && traj->snapshot.step + 1 < (int64_t) traj->run_steps;
    CSIM_TRY(csim_worker_submit(&traj->worker, &traj->handover[b]));
    traj->building = 1 - b;
    csim_traj_months_clear(&traj->months[traj->building]);
cleanup:
    return st;
}

/* Members of every programme body registered so far, counted from the snapshot just
 * taken (its membership columns, in the file's types) into the same buffer. */
static csim_status take_members(csim_trajectory *traj, int64_t step) {
    csim_status st = CSIM_OK;
    csim_traj_snapshot *s = &traj->snapshot;
    const size_t n = traj->bodies.n;
    void **arrays[] = {(void **) &s->members};
    const size_t sizes[] = {sizeof *s->members};
    CSIM_TRY(csim_traj_reserve_arrays(arrays, sizes, 1, &s->cap_bodies, n,
                                      "members of programme bodies"));
    const int32_t *firm_cols[4], *inst_cols[4];
    for (size_t c = 0; c < 4; ++c) {
        firm_cols[c] = s->firms[traj->member_vars[c]];
        inst_cols[c] = s->inst[traj->member_vars[c]];
    }
    CSIM_TRY(csim_traj_bodies_members(&traj->bodies, step, firm_cols, s->n_firms, inst_cols,
                                      s->n_inst, s->members));
    s->n_bodies = n;
cleanup:
    return st;
}

/* Take the snapshot of `sim` and hand it over with the months built so far, or, with
 * `keep`, leave both for close to write. The one snapshot buffer is free once the writer
 * is idle: the previous snapshot, a whole snapshot interval ago, has normally long been
 * written, so the wait is short or nothing. */
static csim_status take_snapshot(csim_trajectory *traj, const csim_sim *sim, int64_t step,
                                 double time, bool keep) {
    csim_status st = CSIM_OK;
    CSIM_TRY(csim_worker_wait(&traj->worker));
    CSIM_TRY(track_institutions(traj, &sim->firms));
    CSIM_TRY(csim_traj_snapshot_take(&traj->snapshot, sim, step, time, traj->inst_ids,
                                     traj->n_inst));
    CSIM_TRY(take_members(traj, step));
    if (keep) {
        traj->snapshot_kept = true;
    } else {
        CSIM_TRY(hand_over(traj, true));
    }
cleanup:
    return st;
}

/* Close every element and free the buffers (idempotent). The writer thread must be
 * stopped: elements are HDF5 objects, and only one thread may call HDF5 at a time. */
static void close_elements(csim_trajectory *traj) {
    for (size_t o = 0; o < CSIM_N_OBSERVABLES; ++o) {
        csim_h5_series_close(&traj->obs[o]);
    }
    csim_h5_table_close(&traj->events);
    for (size_t v = CSIM_TRAJ_N_VARS; v-- > 0;) {
        csim_h5_series_close(&traj->institutions[v]);
        csim_h5_series_close(&traj->firms[v]);
    }
    csim_h5_table_close(&traj->inst_fixed);
    csim_h5_table_close(&traj->firms_fixed);
    csim_h5_ragged_close(&traj->collaboration);
    csim_h5_ragged_close(&traj->supply);
    csim_h5_series_close(&traj->members);
    csim_traj_bodies_destroy(&traj->bodies);
    csim_traj_months_destroy(&traj->months[0]);
    csim_traj_months_destroy(&traj->months[1]);
    csim_traj_snapshot_destroy(&traj->snapshot);
    free(traj->inst_ids);
    traj->inst_ids = NULL;
    traj->n_inst = traj->cap_inst = 0;
}

csim_status csim_trajectory_open(csim_trajectory *traj, const char *path, bool force,
                                 const csim_sim *sim, const csim_run_info *info) {
    csim_status st = CSIM_OK;
    memset(traj, 0, sizeof *traj);
    traj->wall_start = omp_get_wtime();
    traj->run_steps = csim_sim_params(sim)->run_steps;
    traj->start_year = csim_sim_params(sim)->run_start_year;
    csim_traj_months_init(&traj->months[0]);
    csim_traj_months_init(&traj->months[1]);
    csim_traj_snapshot_init(&traj->snapshot);
    CSIM_TRY(csim_h5_create(&traj->file, path, "clustersim user", CSIM_VERSION_STRING, force));
    traj->open = true;
    CSIM_TRY(write_provenance(traj, sim, info));
    CSIM_TRY(open_observables(traj, (size_t) csim_sim_params(sim)->run_steps));
    CSIM_TRY(open_events(traj));
    /* Snapshot elements: the first firm element owns the clock, all others share it. */
    CSIM_TRY(track_institutions(traj, &sim->firms));
    const long interval = csim_sim_params(sim)->run_snapshot_interval;
    const size_t snapshots =
        interval > 0 ? (size_t) (csim_sim_params(sim)->run_steps / interval) + 1 : 1;
    const bool deflate_floats = csim_sim_params(sim)->run_deflate_floats;
    CSIM_TRY(open_particles(traj, CSIM_FMT_PARTICLES "/firms", traj->firms, &traj->firms_fixed,
                            sim->firms.n, NULL, snapshots, deflate_floats));
    CSIM_TRY(open_particles(traj, CSIM_FMT_PARTICLES "/institutions", traj->institutions,
                            &traj->inst_fixed, traj->n_inst, &traj->firms[0], snapshots,
                            deflate_floats));
    CSIM_TRY(open_networks(traj, snapshots, deflate_floats));
    CSIM_TRY(csim_traj_bodies_update(&traj->bodies, sim, NULL, 0));
    CSIM_TRY(open_programme(traj, snapshots));
    /* From here on only the writer thread calls HDF5, until close or abort stop it. */
    CSIM_TRY(csim_worker_start(&traj->worker, write_handover, traj));
    /* The initial state is the state at the end of "step -1", the month before the
     * first: step m is month m (0 = January of the start year) and its time is
     * start_year + m / 12 (docs/ODD.md 2), so December of year Y is Y + 11/12. */
    if (interval > 0) {
        CSIM_TRY(take_snapshot(traj, sim, -1,
                               (double) csim_sim_params(sim)->run_start_year - 1.0 / 12.0,
                               false));
    }
    return CSIM_OK;
cleanup:
    csim_trajectory_abort(traj);
    return st;
}

csim_status csim_trajectory_record(csim_trajectory *traj, csim_sim *sim) {
    csim_status st = CSIM_OK;
    const long done = csim_sim_steps_done(sim);
    CSIM_TRY(csim_traj_months_add(&traj->months[traj->building], sim));
    CSIM_TRY(csim_traj_bodies_update(&traj->bodies, sim, sim->events.items, sim->events.n));
    const long interval = csim_sim_params(sim)->run_snapshot_interval;
    if (interval > 0 && done % interval == 0) {
        /* The run's last snapshot is left for close (csim_trajectory_close). */
        CSIM_TRY(take_snapshot(traj, sim, (int64_t) done - 1, csim_sim_time(sim),
                               done >= traj->run_steps));
    } else if (traj->months[traj->building].n >= CSIM_TRAJ_MONTHS_MAX) {
        /* No snapshot for a long while (or none at all): bound the months held. */
        CSIM_TRY(hand_over(traj, false));
    }
cleanup:
    return st;
}

csim_status csim_trajectory_close(csim_trajectory *traj) {
    csim_status st = CSIM_OK;
    CSIM_TRY(csim_worker_wait(&traj->worker));
    csim_worker_stop(&traj->worker);
    /* What the last months left (their rows and the last snapshot) is written here, on the
     * closing thread, not handed to the writer thread: nothing overlaps it any more, and
     * with every core simulating, the writer woken for it shared a core with an OpenMP
     * thread still spinning after the last parallel region (libgomp spins a few
     * milliseconds before it sleeps): that last job took 4-6 ms instead of 2.5-3. */
    traj->handover[traj->building] = (csim_traj_handover){
        .months = &traj->months[traj->building],
        .snapshot = traj->snapshot_kept ? &traj->snapshot : NULL,
        .sync_data = false, /* the commit syncs */
    };
    traj->snapshot_kept = false;
    CSIM_TRY(write_handover(traj, &traj->handover[traj->building]));
    /* The disk writes the last snapshot while the held rows and the metadata are
     * written below; commit's fsync then waits for less (about 1 ms of the close). */
    csim_h5_start_writeback(&traj->file);
    char when[CSIM_WALL_CLOCK_ISO_SIZE];
    csim_wall_clock_iso(when, sizeof when);
    const double seconds = omp_get_wtime() - traj->wall_start;
    CSIM_TRY(csim_h5_attr_write_string(&traj->file, CSIM_FMT_PARAMETERS, CSIM_FMT_ATTR_WALL_END,
                                       when));
    CSIM_TRY(csim_h5_attr_write_num(&traj->file, CSIM_FMT_PARAMETERS, CSIM_FMT_ATTR_WALL_SECONDS,
                                    CSIM_H5_DOUBLE, &seconds, 1));
    /* Rows held in memory are written here, where a failure can still be reported (a
     * close call cannot return one); commit then finds nothing left to write. */
    for (size_t o = 0; o < CSIM_N_OBSERVABLES; ++o) {
        CSIM_TRY(csim_h5_series_flush(&traj->obs[o]));
    }
    CSIM_TRY(csim_h5_table_flush(&traj->events));
    for (size_t v = 0; v < CSIM_TRAJ_N_VARS; ++v) {
        CSIM_TRY(csim_h5_series_flush(&traj->firms[v]));
        CSIM_TRY(csim_h5_series_flush(&traj->institutions[v]));
    }
    CSIM_TRY(csim_h5_table_flush(&traj->firms_fixed));
    CSIM_TRY(csim_h5_table_flush(&traj->inst_fixed));
    CSIM_TRY(csim_h5_ragged_flush(&traj->collaboration));
    CSIM_TRY(csim_h5_ragged_flush(&traj->supply));
    CSIM_TRY(csim_h5_series_flush(&traj->members));
    CSIM_TRY(write_programme_tables(traj));
    close_elements(traj);
    CSIM_TRY(csim_h5_commit(&traj->file));
    traj->open = false;
    return CSIM_OK;
cleanup:
    csim_trajectory_abort(traj);
    return st;
}

void csim_trajectory_abort(csim_trajectory *traj) {
    /* The writer thread first (it finishes the job it is on): then no other thread can
     * be inside HDF5. Abort then detaches the elements, whose close calls write nothing. */
    csim_worker_stop(&traj->worker);
    csim_h5_abort(&traj->file);
    close_elements(traj);
    traj->open = false;
}
