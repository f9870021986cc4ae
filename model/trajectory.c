/*
 * Writing a run's trajectory (layout in docs/OUTPUT.md). All HDF5 work goes through the
 * writer module in sim/ and happens in serial code between steps.
 */
#include "model/trajectory.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <omp.h>

#include "model/events.h"
#include "model/params.h"
#include "model/programme.h"
#include "model/sim_internal.h"
#include "sim/rng.h"
#include "sim/version_gen.h"

static void iso_time(char *buf, size_t size) {
    const time_t now = time(NULL);
    struct tm tm_utc;
    gmtime_r(&now, &tm_utc);
    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm_utc);
}

/* Every resolved parameter: as YAML lines ("key: value", the form `rerun` reads back
 * bit-exactly) and as one attribute per parameter on /parameters/resolved. */
static csim_status write_parameters(csim_h5_file *file, const csim_params *params) {
    csim_status st = CSIM_OK;
    const csim_schema *schema = csim_params_schema();
    size_t cap = 4096, used = 0;
    char *yaml = malloc(cap);
    if (!yaml) {
        return CSIM_FAIL(CSIM_ENOMEM, "resolved parameter text");
    }
    yaml[0] = '\0';
    CSIM_TRY(csim_h5_group_create(file, "/parameters/resolved"));
    for (size_t k = 0; k < schema->n_params; ++k) {
        const csim_param_desc *d = &schema->params[k];
        char value[2048];
        csim_schema_format(d, params, value, sizeof value);
        const size_t need = strlen(d->name) + strlen(value) + 4;
        if (used + need >= cap) {
            cap = 2 * (cap + need);
            char *p = realloc(yaml, cap);
            if (!p) {
                st = CSIM_FAIL(CSIM_ENOMEM, "resolved parameter text");
                goto cleanup;
            }
            yaml = p;
        }
        used += (size_t) snprintf(yaml + used, cap - used, "%s: %s\n", d->name, value);
        const void *field = (const char *) params + d->offset;
        switch (d->type) {
        case CSIM_PT_INT: {
            const int64_t v = (int64_t) *(const long *) field;
            CSIM_TRY(csim_h5_attr_write_num(file, "/parameters/resolved", d->name, CSIM_H5_INT64, &v, 1));
            break;
        }
        case CSIM_PT_DOUBLE:
            CSIM_TRY(csim_h5_attr_write_num(file, "/parameters/resolved", d->name, CSIM_H5_DOUBLE, field, 1));
            break;
        case CSIM_PT_VEC:
            CSIM_TRY(csim_h5_attr_write_num(file, "/parameters/resolved", d->name, CSIM_H5_DOUBLE,
                                            ((const csim_vec *) field)->v, d->n_names));
            break;
        default: /* bool, enum and series: their YAML text */
            CSIM_TRY(csim_h5_attr_write_string(file, "/parameters/resolved", d->name, value));
            break;
        }
    }
    CSIM_TRY(csim_h5_dataset_write_text(file, "/parameters/resolved_yaml", yaml));
cleanup:
    free(yaml);
    return st;
}

static csim_status write_provenance(csim_trajectory *traj, const csim_sim *sim,
                                    const csim_run_info *info) {
    csim_status st = CSIM_OK;
    csim_h5_file *file = &traj->file;
    const csim_params *p = csim_sim_params(sim);
    char when[64];
    iso_time(when, sizeof when);
    const int64_t seed = (int64_t) p->run_seed;
    const int64_t replicate = (int64_t) sim->replicate;
    const uint64_t stream_key = csim_sim_seed(sim);
    char key_text[32];
    snprintf(key_text, sizeof key_text, "0x%016llx", (unsigned long long) stream_key);
    const int64_t threads = info->threads, ranks = info->ranks;
    CSIM_TRY(csim_h5_dataset_write_text(file, "/parameters/scenario_text", info->scenario_text ? info->scenario_text : ""));
    CSIM_TRY(csim_h5_dataset_write_text(file, "/parameters/overrides", info->overrides ? info->overrides : ""));
    CSIM_TRY(write_parameters(file, p));
    CSIM_TRY(csim_h5_attr_write_string(file, "/parameters", "scenario_name", info->scenario_name ? info->scenario_name : ""));
    CSIM_TRY(csim_h5_attr_write_string(file, "/parameters", "scenario_path", info->scenario_path ? info->scenario_path : ""));
    CSIM_TRY(csim_h5_attr_write_num(file, "/parameters", "seed", CSIM_H5_INT64, &seed, 1));
    CSIM_TRY(csim_h5_attr_write_num(file, "/parameters", "replicate", CSIM_H5_INT64, &replicate, 1));
    CSIM_TRY(csim_h5_attr_write_string(file, "/parameters", "stream_key", key_text));
    CSIM_TRY(csim_h5_attr_write_string(file, "/parameters", "code_version", CSIM_VERSION_STRING));
    CSIM_TRY(csim_h5_attr_write_string(file, "/parameters", "code_commit", CSIM_GIT_COMMIT));
    CSIM_TRY(csim_h5_attr_write_string(file, "/parameters", "build_flags", CSIM_BUILD_FLAGS));
    CSIM_TRY(csim_h5_attr_write_num(file, "/parameters", "threads", CSIM_H5_INT64, &threads, 1));
    CSIM_TRY(csim_h5_attr_write_num(file, "/parameters", "ranks", CSIM_H5_INT64, &ranks, 1));
    CSIM_TRY(csim_h5_attr_write_string(file, "/parameters", "wall_start", when));
cleanup:
    return st;
}

static csim_status open_observables(csim_trajectory *traj) {
    csim_status st = CSIM_OK;
    const csim_observable_desc *table = csim_observables_table();
    for (size_t o = 0; o < CSIM_N_OBSERVABLES; ++o) {
        char path[256];
        snprintf(path, sizeof path, "/observables/%s", table[o].name);
        csim_h5_series_spec spec = {0};
        spec.type = CSIM_H5_DOUBLE;
        spec.rank = table[o].width > 1 ? 1 : 0;
        spec.dims[0] = table[o].width;
        spec.unit = table[o].unit;
        spec.time_unit = "year";
        spec.clock = o > 0 ? &traj->obs[0] : NULL;
        spec.names = table[o].names;
        spec.n_names = table[o].width > 1 ? table[o].width : 0;
        CSIM_TRY(csim_h5_series_open(&traj->obs[o], &traj->file, path, &spec));
        CSIM_TRY(csim_h5_attr_write_string(&traj->file, path, "description", table[o].description));
    }
cleanup:
    return st;
}

static csim_status open_events(csim_trajectory *traj) {
    const csim_h5_column cols[] = {
        {"step", CSIM_H5_INT64, 1, "month", NULL, 0},
        {"kind", CSIM_H5_INT64, 1, NULL, csim_event_kind_names, CSIM_N_EVENT_KINDS},
        {"agent", CSIM_H5_INT64, 1, NULL, NULL, 0},
        {"body", CSIM_H5_INT64, 1, NULL, NULL, 0},
        {"value", CSIM_H5_DOUBLE, 1, NULL, NULL, 0},
    };
    return csim_h5_table_open(&traj->events, &traj->file, "/events", cols, sizeof cols / sizeof cols[0]);
}

/* Actor snapshots: one row per actor alive, columns per state variable, with a snapshot
 * element (offset, count) per snapshot step (a contiguous ragged array). */
static const csim_h5_column actor_columns[] = {
    {"id", CSIM_H5_INT64, 1, NULL, NULL, 0},
    {"kind", CSIM_H5_INT64, 1, NULL, csim_kind_names, CSIM_N_KINDS},
    {"sector", CSIM_H5_INT64, 1, NULL, csim_sector_names, CSIM_N_SECTORS},
    {"complex", CSIM_H5_INT64, 1, NULL, NULL, 0},
    {"group", CSIM_H5_INT64, 1, NULL, csim_group_names, CSIM_N_GROUPS},
    {"tier", CSIM_H5_INT64, 1, NULL, csim_tier_names, CSIM_N_TIERS},
    {"buyer", CSIM_H5_INT64, 1, NULL, NULL, 0},
    {"mc", CSIM_H5_INT64, 1, NULL, NULL, 0},
    {"wg", CSIM_H5_INT64, 1, NULL, NULL, 0},
    {"org", CSIM_H5_INT64, 1, NULL, NULL, 0},
    {"employees", CSIM_H5_DOUBLE, 1, "employee", NULL, 0},
    {"capital", CSIM_H5_DOUBLE, 1, "KRW million", NULL, 0},
    {"sales_chain", CSIM_H5_DOUBLE, 1, "KRW million/month", NULL, 0},
    {"sales_other", CSIM_H5_DOUBLE, 1, "KRW million/month", NULL, 0},
    {"alpha", CSIM_H5_DOUBLE, 1, "1", NULL, 0},
    {"access", CSIM_H5_DOUBLE, 1, "1", NULL, 0},
    {"knowledge", CSIM_H5_DOUBLE, CSIM_N_FIELDS, "1", csim_field_names, CSIM_N_FIELDS},
};
#define N_ACTOR_COLUMNS (sizeof actor_columns / sizeof actor_columns[0])

static const csim_h5_column collab_columns[] = {
    {"edges", CSIM_H5_INT64, 2, NULL, NULL, 0},
    {"weight", CSIM_H5_DOUBLE, 1, "1", NULL, 0},
    {"trust", CSIM_H5_DOUBLE, 1, "1", NULL, 0},
    {"born", CSIM_H5_INT64, 1, "month", NULL, 0},
    {"origin", CSIM_H5_INT64, 1, NULL, csim_origin_names, CSIM_N_ORIGINS},
};
static const csim_h5_column supply_columns[] = {
    {"edges", CSIM_H5_INT64, 2, NULL, NULL, 0},
    {"sales", CSIM_H5_DOUBLE, 1, "KRW million/month", NULL, 0},
};

static csim_status write_snapshot(csim_trajectory *traj, const csim_sim *sim, int64_t step, double time) {
    csim_status st = CSIM_OK;
    const csim_firms *f = &sim->firms;
    const csim_ties *ties = &sim->ties;
    size_t alive = 0, suppliers = 0;
    for (size_t i = 0; i < f->n; ++i) {
        alive += f->alive[i];
        suppliers += f->alive[i] && f->buyer[i] >= 0;
    }
    const size_t n_int = 10, n_dbl = 6;
    int64_t *ints = malloc((alive * n_int + 1) * sizeof *ints);
    double *dbls = malloc((alive * (n_dbl + CSIM_N_FIELDS) + 1) * sizeof *dbls);
    int64_t *edges = malloc((2 * (ties->n_ties + suppliers) + 1) * sizeof *edges);
    double *ew = malloc((2 * ties->n_ties + suppliers + 1) * sizeof *ew);
    int64_t *ei = malloc((2 * ties->n_ties + 1) * sizeof *ei);
    if (!ints || !dbls || !edges || !ew || !ei) {
        st = CSIM_FAIL(CSIM_ENOMEM, "snapshot buffers for %zu actors", alive);
        goto cleanup;
    }
    {
        size_t r = 0;
        double *knowledge = dbls + alive * n_dbl;
        for (size_t i = 0; i < f->n; ++i) {
            if (!f->alive[i]) {
                continue;
            }
            const int64_t iv[] = {(int64_t) i, f->kind[i], f->sector[i], f->estate[i] + 1,
                                  f->group[i], f->tier[i], f->buyer[i], f->mc[i], f->wg[i], f->org[i]};
            for (size_t c = 0; c < n_int; ++c) {
                ints[c * alive + r] = iv[c];
            }
            const double dv[] = {f->employees[i], f->capital[i], f->rev_chain[i], f->rev_other[i],
                                 f->alpha[i], f->access[i]};
            for (size_t c = 0; c < n_dbl; ++c) {
                dbls[c * alive + r] = dv[c];
            }
            memcpy(knowledge + r * CSIM_N_FIELDS, csim_firms_knowledge(f, i), CSIM_N_FIELDS * sizeof *knowledge);
            ++r;
        }
        const void *cols[N_ACTOR_COLUMNS];
        for (size_t c = 0; c < n_int; ++c) {
            cols[c] = ints + c * alive;
        }
        for (size_t c = 0; c < n_dbl; ++c) {
            cols[n_int + c] = dbls + c * alive;
        }
        cols[n_int + n_dbl] = knowledge;
        CSIM_TRY(csim_h5_ragged_append(&traj->actors, step, time, alive, cols));
    }
    {
        const size_t e_n = ties->n_ties;
        for (size_t e = 0; e < e_n; ++e) {
            edges[2 * e] = ties->a[e];
            edges[2 * e + 1] = ties->b[e];
            ew[e] = ties->weight[e];
            ew[e_n + e] = ties->trust[e];
            ei[e] = ties->born[e];
            ei[e_n + e] = ties->origin[e];
        }
        const void *cols[] = {edges, ew, ew + e_n, ei, ei + e_n};
        CSIM_TRY(csim_h5_ragged_append(&traj->collaboration, step, time, e_n, cols));
    }
    {
        size_t r = 0;
        for (size_t i = 0; i < f->n; ++i) {
            if (f->alive[i] && f->buyer[i] >= 0) {
                edges[2 * r] = f->buyer[i]; /* buyer -> supplier */
                edges[2 * r + 1] = (int64_t) i;
                ew[r] = f->rev_chain[i];
                ++r;
            }
        }
        const void *cols[] = {edges, ew};
        CSIM_TRY(csim_h5_ragged_append(&traj->supply, step, time, r, cols));
    }
cleanup:
    free(ints);
    free(dbls);
    free(edges);
    free(ew);
    free(ei);
    return st;
}

static csim_status write_events(csim_trajectory *traj, const csim_sim *sim) {
    const csim_events *ev = &sim->events;
    if (ev->n == 0) {
        return CSIM_OK;
    }
    csim_status st = CSIM_OK;
    int64_t *ints = malloc(4 * ev->n * sizeof *ints);
    double *values = malloc(ev->n * sizeof *values);
    if (!ints || !values) {
        st = CSIM_FAIL(CSIM_ENOMEM, "%zu events", ev->n);
        goto cleanup;
    }
    for (size_t k = 0; k < ev->n; ++k) {
        ints[k] = ev->items[k].step;
        ints[ev->n + k] = ev->items[k].kind;
        ints[2 * ev->n + k] = ev->items[k].agent;
        ints[3 * ev->n + k] = ev->items[k].body;
        values[k] = ev->items[k].value;
    }
    const void *cols[] = {ints, ints + ev->n, ints + 2 * ev->n, ints + 3 * ev->n, values};
    st = csim_h5_table_append(&traj->events, ev->n, cols);
cleanup:
    free(ints);
    free(values);
    return st;
}

csim_status csim_trajectory_open(csim_trajectory *traj, const char *path, bool force,
                                 const csim_sim *sim, const csim_run_info *info) {
    csim_status st = CSIM_OK;
    memset(traj, 0, sizeof *traj);
    traj->wall_start = omp_get_wtime();
    CSIM_TRY(csim_h5_create(&traj->file, path, "clustersim user", CSIM_VERSION_STRING, force));
    traj->open = true;
    CSIM_TRY(write_provenance(traj, sim, info));
    CSIM_TRY(open_observables(traj));
    CSIM_TRY(open_events(traj));
    CSIM_TRY(csim_h5_ragged_open(&traj->actors, &traj->file, "/particles/actors", actor_columns,
                                 N_ACTOR_COLUMNS, "year", NULL));
    CSIM_TRY(csim_h5_ragged_open(&traj->collaboration, &traj->file, "/connectivity/collaboration",
                                 collab_columns, sizeof collab_columns / sizeof collab_columns[0],
                                 NULL, &traj->actors.snapshot));
    CSIM_TRY(csim_h5_ragged_open(&traj->supply, &traj->file, "/connectivity/supply", supply_columns,
                                 sizeof supply_columns / sizeof supply_columns[0], NULL,
                                 &traj->actors.snapshot));
    /* The initial state is the state at the end of "step -1", the month before the
     * first: step m is month m (0 = January of the start year) and its time is
     * start_year + m / 12 (MODEL.md), so December of year Y is Y + 11/12. */
    if (csim_sim_params(sim)->run_snapshot_interval > 0) {
        CSIM_TRY(write_snapshot(traj, sim, -1, (double) csim_sim_params(sim)->run_start_year - 1.0 / 12.0));
    }
    return CSIM_OK;
cleanup:
    csim_trajectory_abort(traj);
    return st;
}

csim_status csim_trajectory_record(csim_trajectory *traj, csim_sim *sim) {
    csim_status st = CSIM_OK;
    const long done = csim_sim_steps_done(sim);
    const int64_t step = (int64_t) done - 1; /* the month just simulated, 0-based */
    const double time = csim_sim_time(sim);
    const double *row = csim_sim_observables(sim);
    const csim_observable_desc *table = csim_observables_table();
    for (size_t o = 0; o < CSIM_N_OBSERVABLES; ++o) {
        CSIM_TRY(csim_h5_series_append(&traj->obs[o], step, time, row + table[o].offset));
    }
    CSIM_TRY(write_events(traj, sim));
    const long interval = csim_sim_params(sim)->run_snapshot_interval;
    if (interval > 0 && done % interval == 0) {
        CSIM_TRY(write_snapshot(traj, sim, step, time));
    }
cleanup:
    return st;
}

csim_status csim_trajectory_close(csim_trajectory *traj) {
    csim_status st = CSIM_OK;
    char when[64];
    iso_time(when, sizeof when);
    const double seconds = omp_get_wtime() - traj->wall_start;
    CSIM_TRY(csim_h5_attr_write_string(&traj->file, "/parameters", "wall_end", when));
    CSIM_TRY(csim_h5_attr_write_num(&traj->file, "/parameters", "wall_seconds", CSIM_H5_DOUBLE, &seconds, 1));
    for (size_t o = 0; o < CSIM_N_OBSERVABLES; ++o) {
        csim_h5_series_close(&traj->obs[o]);
    }
    csim_h5_table_close(&traj->events);
    csim_h5_ragged_close(&traj->actors);
    csim_h5_ragged_close(&traj->collaboration);
    csim_h5_ragged_close(&traj->supply);
    CSIM_TRY(csim_h5_commit(&traj->file));
    traj->open = false;
    return CSIM_OK;
cleanup:
    csim_trajectory_abort(traj);
    return st;
}

void csim_trajectory_abort(csim_trajectory *traj) {
    for (size_t o = 0; o < CSIM_N_OBSERVABLES; ++o) {
        csim_h5_series_close(&traj->obs[o]);
    }
    csim_h5_table_close(&traj->events);
    csim_h5_ragged_close(&traj->actors);
    csim_h5_ragged_close(&traj->collaboration);
    csim_h5_ragged_close(&traj->supply);
    csim_h5_abort(&traj->file);
    traj->open = false;
}
