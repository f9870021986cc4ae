/*
 * Writing a run's trajectory (layout in docs/OUTPUT.md). All HDF5 work goes through the
 * writer module in sim/ and happens in serial code between steps.
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
#include "sim/rng.h"
#include "sim/version_gen.h"
#include "sim/wall_clock.h"

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
    char when[CSIM_WALL_CLOCK_ISO_SIZE];
    csim_wall_clock_iso(when, sizeof when);
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

static csim_status open_observables(csim_trajectory *traj, size_t steps) {
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
        spec.rows_hint = steps; /* one chunk for the whole run, not a 64 KiB one */
        spec.description = table[o].description;
        CSIM_TRY(csim_h5_series_open(&traj->obs[o], &traj->file, path, &spec));
    }
cleanup:
    return st;
}

static csim_status open_events(csim_trajectory *traj) {
    const csim_h5_column cols[] = {
        {"step", CSIM_H5_INT64, 1, "month", NULL, 0, false},
        {"kind", CSIM_H5_INT64, 1, NULL, csim_event_kind_names, CSIM_N_EVENT_KINDS, false},
        {"agent", CSIM_H5_INT64, 1, NULL, NULL, 0, false},
        {"body", CSIM_H5_INT64, 1, NULL, NULL, 0, false},
        {"value", CSIM_H5_DOUBLE, 1, NULL, NULL, 0, false},
    };
    return csim_h5_table_open(&traj->events, &traj->file, "/events", cols, sizeof cols / sizeof cols[0]);
}

/* ------------------------------------------------------------------------------------ */
/* Particles: every state variable of every firm and institution, by stable id          */
/* ------------------------------------------------------------------------------------ */

/*
 * One H5MD element per state variable, value [S][N]: row s is snapshot s, entry j the
 * agent of index j (firms: the actor id itself; institutions: the j-th institution, whose
 * actor id is in `id`). An agent absent at a snapshot (dead, not yet born, or not of the
 * group's kind) holds the fill value: NaN or -1. Narrow integer types keep large runs
 * small and cheap to compress: codes in one byte, ids in four (actor counts stay far
 * below 2^31), and two bytes for the counters whose model type bounds them
 * (wg_experience is a uint8_t saturating at 255, loss_months an int16_t).
 */
typedef enum {
    V_ID, V_SECTOR, V_COMPLEX, V_GROUP, V_TIER, V_LARGE, V_HUB, V_ENTRY, V_BUYER, V_MC, V_WG,
    V_ORG, V_WG_EXPERIENCE, V_LOSS_MONTHS, V_EMPLOYEES, V_CAPITAL, V_SALES_CHAIN,
    V_SALES_OTHER, V_ALPHA, V_ACCESS, V_CHAIN_SMOOTH, V_CHAIN_BASE, V_OTHER_BASE,
    V_CAPABILITY0, V_PROGRAMME_GAIN, V_BENEFIT, V_KNOWLEDGE, N_VARS
} particle_var_id;
_Static_assert(N_VARS == CSIM_TRAJ_N_VARS, "CSIM_TRAJ_N_VARS must count the variables");

typedef struct particle_var {
    const char *name;
    csim_h5_type type;
    size_t width;              /* values per agent: 1, or CSIM_N_FIELDS for knowledge */
    const char *unit;          /* NULL for ids, codes, flags and counts                */
    const char *const *names;  /* enumeration names, or component labels              */
    size_t n_names;
    const char *description;
} particle_var;

static const particle_var particle_vars[N_VARS] = {
    [V_ID] = {"id", CSIM_H5_INT32, 1, NULL, NULL, 0,
              "stable actor id of the agent at this index (in /particles/firms the index "
              "itself), -1 where none is alive: the alive mask"},
    [V_SECTOR] = {"sector", CSIM_H5_INT8, 1, NULL, csim_sector_names, CSIM_N_SECTORS,
                  "industry sector (institutions: the sector they serve)"},
    [V_COMPLEX] = {"complex", CSIM_H5_INT8, 1, NULL, NULL, 0, "industrial complex 1..4"},
    [V_GROUP] = {"group", CSIM_H5_INT8, 1, NULL, csim_group_names, CSIM_N_GROUPS,
                 "business group whose chain the firm belongs to"},
    [V_TIER] = {"tier", CSIM_H5_INT8, 1, NULL, csim_tier_names, CSIM_N_TIERS,
                "position in the supply chain"},
    [V_LARGE] = {"large", CSIM_H5_INT8, 1, NULL, NULL, 0,
                 "1 for a large firm (not an SME), else 0; fixed at birth"},
    [V_HUB] = {"hub", CSIM_H5_INT8, 1, NULL, NULL, 0,
               "1 for a hub (large LG/Samsung affiliate buying from the chain), else 0"},
    [V_ENTRY] = {"entry_step", CSIM_H5_INT32, 1, "month", NULL, 0,
                 "step the agent entered; -1 for those present at the start (see id for "
                 "presence)"},
    [V_BUYER] = {"buyer", CSIM_H5_INT32, 1, NULL, NULL, 0,
                 "actor id of the firm it supplies (its supply tie), or -1"},
    [V_MC] = {"mc", CSIM_H5_INT32, 1, NULL, NULL, 0,
              "membership: mini-cluster slot it belongs to, or -1"},
    [V_WG] = {"wg", CSIM_H5_INT32, 1, NULL, NULL, 0,
              "membership: working group id, or -1"},
    [V_ORG] = {"org", CSIM_H5_INT32, 1, NULL, NULL, 0,
               "membership: firm-led organisation id, or -1"},
    [V_WG_EXPERIENCE] = {"wg_experience", CSIM_H5_INT16, 1, NULL, NULL, 0,
                         "working groups it has belonged to (saturates at 255)"},
    [V_LOSS_MONTHS] = {"loss_months", CSIM_H5_INT16, 1, "month", NULL, 0,
                       "consecutive months with negative capital"},
    [V_EMPLOYEES] = {"employees", CSIM_H5_DOUBLE, 1, "employee", NULL, 0,
                     "employees (continuous)"},
    [V_CAPITAL] = {"capital", CSIM_H5_DOUBLE, 1, "KRW million", NULL, 0, "capital"},
    [V_SALES_CHAIN] = {"sales_chain", CSIM_H5_DOUBLE, 1, "KRW million/month", NULL, 0,
                       "sales into the hub chain this month"},
    [V_SALES_OTHER] = {"sales_other", CSIM_H5_DOUBLE, 1, "KRW million/month", NULL, 0,
                       "sales outside the hub chain this month"},
    [V_ALPHA] = {"alpha", CSIM_H5_DOUBLE, 1, "1", NULL, 0, "absorptive capacity in [0, 1]"},
    [V_ACCESS] = {"access", CSIM_H5_DOUBLE, 1, "1", NULL, 0,
                  "access to non-hub markets in [0, 1]"},
    [V_CHAIN_SMOOTH] = {"chain_smooth", CSIM_H5_DOUBLE, 1, "KRW million/month", NULL, 0,
                        "chain sales smoothed over about a year (problem detection)"},
    [V_CHAIN_BASE] = {"chain_base", CSIM_H5_DOUBLE, 1, "KRW million/month", NULL, 0,
                      "chain sales at demand index 1 and average fit (set at entry)"},
    [V_OTHER_BASE] = {"other_base", CSIM_H5_DOUBLE, 1, "KRW million/month", NULL, 0,
                      "non-hub sales at the entry capability and access 0.5 (set at entry)"},
    [V_CAPABILITY0] = {"capability0", CSIM_H5_DOUBLE, 1, "1", NULL, 0,
                       "capability in its own sector's fields at entry"},
    [V_PROGRAMME_GAIN] = {"programme_gain", CSIM_H5_DOUBLE, 1, "KRW million/month", NULL, 0,
                          "value of this month's programme-derived learning"},
    [V_BENEFIT] = {"benefit", CSIM_H5_DOUBLE, 1, "KRW million/month", NULL, 0,
                   "smoothed estimate of what programme participation brings"},
    [V_KNOWLEDGE] = {"knowledge", CSIM_H5_DOUBLE, CSIM_N_FIELDS, "1", csim_field_names,
                     CSIM_N_FIELDS, "knowledge profile over the technology fields"},
};

/* Agents per part of a snapshot row (rows are written in parts to bound memory). */
#define PART_AGENTS ((size_t) 65536)

/* The two particle groups. */
typedef enum { G_FIRMS, G_INSTITUTIONS } particle_group;

/* Actor at index j of the group's row, or -1 where none is present, for indices
 * first .. first + count - 1. Computed once per snapshot part, so that each variable's
 * gather below is one plain pass (firms: index j is actor j, present while it is an alive
 * firm; institutions: the k-th institution seen). */
static void map_actors(const csim_trajectory *traj, const csim_firms *f, particle_group g,
                       size_t first, size_t count, int32_t *actor) {
    for (size_t j = 0; j < count; ++j) {
        const size_t i = first + j;
        if (g == G_FIRMS) {
            actor[j] = i < f->n && f->alive[i] && f->kind[i] == CSIM_KIND_FIRM ? (int32_t) i : -1;
        } else {
            const size_t a = traj->inst_ids[i];
            actor[j] = f->alive[a] ? (int32_t) a : -1;
        }
    }
}

/* out[j] = the actor's value converted to T, or `fill` where no actor is present. */
#define GATHER(T, out, fill, array)                                                         \
    do {                                                                                    \
        T *o_ = (T *) (out);                                                                \
        for (size_t j = 0; j < count; ++j) {                                                \
            o_[j] = actor[j] >= 0 ? (T) (array)[actor[j]] : (T) (fill);                     \
        }                                                                                   \
    } while (0)

/* Entries of variable v for the `count` indices mapped to `actor`, in the element's type
 * (particle_vars[v].type: every case below writes exactly that type). */
static void gather(const csim_firms *f, particle_var_id v, const int32_t *actor, size_t count,
                   void *out) {
    const double nan = (double) NAN;
    switch (v) {
    case V_ID:
        memcpy(out, actor, count * sizeof *actor);
        break;
    case V_SECTOR: GATHER(int8_t, out, -1, f->sector); break;
    case V_COMPLEX: {
        int8_t *o = out; /* complexes are numbered 1..4 in the file, 0..3 in the model */
        for (size_t j = 0; j < count; ++j) {
            o[j] = actor[j] >= 0 ? (int8_t) (f->estate[actor[j]] + 1) : (int8_t) -1;
        }
        break;
    }
    case V_GROUP: GATHER(int8_t, out, -1, f->group); break;
    case V_TIER: GATHER(int8_t, out, -1, f->tier); break;
    case V_LARGE: GATHER(int8_t, out, -1, f->is_large); break;
    case V_HUB: GATHER(int8_t, out, -1, f->is_hub); break;
    case V_ENTRY: GATHER(int32_t, out, -1, f->entry_step); break;
    case V_BUYER: GATHER(int32_t, out, -1, f->buyer); break;
    case V_MC: GATHER(int32_t, out, -1, f->mc); break;
    case V_WG: GATHER(int32_t, out, -1, f->wg); break;
    case V_ORG: GATHER(int32_t, out, -1, f->org); break;
    case V_WG_EXPERIENCE: GATHER(int16_t, out, -1, f->wg_experience); break;
    case V_LOSS_MONTHS: GATHER(int16_t, out, -1, f->loss_months); break;
    case V_EMPLOYEES: GATHER(double, out, nan, f->employees); break;
    case V_CAPITAL: GATHER(double, out, nan, f->capital); break;
    case V_SALES_CHAIN: GATHER(double, out, nan, f->rev_chain); break;
    case V_SALES_OTHER: GATHER(double, out, nan, f->rev_other); break;
    case V_ALPHA: GATHER(double, out, nan, f->alpha); break;
    case V_ACCESS: GATHER(double, out, nan, f->access); break;
    case V_CHAIN_SMOOTH: GATHER(double, out, nan, f->chain_smooth); break;
    case V_CHAIN_BASE: GATHER(double, out, nan, f->chain_base); break;
    case V_OTHER_BASE: GATHER(double, out, nan, f->other_base); break;
    case V_CAPABILITY0: GATHER(double, out, nan, f->capability0); break;
    case V_PROGRAMME_GAIN: GATHER(double, out, nan, f->programme_gain); break;
    case V_BENEFIT: GATHER(double, out, nan, f->benefit); break;
    case V_KNOWLEDGE:
        for (size_t j = 0; j < count; ++j) {
            double *row = (double *) out + j * CSIM_N_FIELDS;
            if (actor[j] >= 0) {
                memcpy(row, csim_firms_knowledge(f, (size_t) actor[j]), CSIM_N_FIELDS * sizeof *row);
            } else {
                for (size_t k = 0; k < CSIM_N_FIELDS; ++k) {
                    row[k] = nan;
                }
            }
        }
        break;
    default:
        break;
    }
}
#undef GATHER

static csim_status open_particles(csim_trajectory *traj, const char *group,
                                  csim_h5_series *vars, size_t n0,
                                  const csim_h5_series *clock, size_t snapshots,
                                  bool deflate_floats) {
    csim_status st = CSIM_OK;
    for (size_t v = 0; v < N_VARS; ++v) {
        const particle_var *pv = &particle_vars[v];
        char path[256];
        snprintf(path, sizeof path, "%s/%s", group, pv->name);
        csim_h5_series_spec spec = {0};
        spec.type = pv->type;
        spec.rank = pv->width > 1 ? 2 : 1;
        spec.dims[0] = n0;
        spec.dims[1] = pv->width;
        spec.grow = true;
        /* Model state in floating point: deflate saves little more than the NaN fill of
         * the slots of firms not alive (40% of the bytes of most columns in the baseline)
         * for 2.5 times the writer's time, so it is stored raw unless the scenario asks
         * for it (run.deflate_floats; OUTPUT.md, "Chunking and compression"). Codes, ids
         * and flags compress 5-20 fold cheaply and are always compressed. */
        spec.raw = pv->type == CSIM_H5_DOUBLE && !deflate_floats;
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
cleanup:
    return st;
}

/* One snapshot of a particle group: N indices, every variable, written in parts. */
static csim_status write_particles(csim_trajectory *traj, const csim_firms *f,
                                   particle_group g, csim_h5_series *vars, int64_t step,
                                   double time) {
    csim_status st = CSIM_OK;
    const size_t n = g == G_FIRMS ? f->n : traj->n_inst;
    for (size_t v = 0; v < N_VARS; ++v) {
        csim_h5_series *s = &vars[v];
        /* Parts of a whole number of chunks, so that each chunk is written once. */
        const size_t chunk = s->chunk_agents > 0 ? (size_t) s->chunk_agents : 1;
        const size_t part = chunk >= PART_AGENTS ? chunk : (PART_AGENTS / chunk) * chunk;
        CSIM_TRY(csim_h5_series_begin_row(s, step, time, n));
        /* A part is at most one chunk of 1 MiB (bytes), so at most 2^20 agents of one-byte
         * codes: the scratch row (PART_AGENTS doubles x 12) always holds it; the actor map
         * grows to the largest part. */
        const size_t need = part < n ? part : n;
        if (need > traj->cap_actors) {
            int32_t *actors = realloc(traj->actors, need * sizeof *actors);
            if (!actors) {
                st = CSIM_FAIL(CSIM_ENOMEM, "actor map of %zu agents", need);
                goto cleanup;
            }
            traj->actors = actors;
            traj->cap_actors = need;
        }
        for (size_t first = 0; first < n; first += part) {
            const size_t count = n - first < part ? n - first : part;
            map_actors(traj, f, g, first, count, traj->actors);
            gather(f, (particle_var_id) v, traj->actors, count, traj->scratch);
            CSIM_TRY(csim_h5_series_write_part(s, first, count, traj->scratch));
        }
    }
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
        if (traj->n_inst == traj->cap_inst) {
            const size_t cap = traj->cap_inst ? 2 * traj->cap_inst : 64;
            size_t *ids = realloc(traj->inst_ids, cap * sizeof *ids);
            if (!ids) {
                return CSIM_FAIL(CSIM_ENOMEM, "ids of %zu institutions", cap);
            }
            traj->inst_ids = ids;
            traj->cap_inst = cap;
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
    {"edges", CSIM_H5_INT32, 2, NULL, NULL, 0, true},
    {"weight", CSIM_H5_DOUBLE, 1, "1", NULL, 0, true},
    {"trust", CSIM_H5_DOUBLE, 1, "1", NULL, 0, true},
    {"born", CSIM_H5_INT32, 1, "month", NULL, 0, false},
    {"origin", CSIM_H5_INT8, 1, NULL, csim_origin_names, CSIM_N_ORIGINS, false},
};
static const csim_h5_column supply_columns[] = {
    {"edges", CSIM_H5_INT32, 2, NULL, NULL, 0, false},
    {"sales", CSIM_H5_DOUBLE, 1, "KRW million/month", NULL, 0, true},
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
                                      "/connectivity/collaboration", collab, N_COLLAB, NULL,
                                      &traj->firms[0], snapshots));
    CSIM_TRY(csim_h5_ragged_open_hint(&traj->supply, &traj->file, "/connectivity/supply",
                                      supply, N_SUPPLY, NULL, &traj->firms[0], snapshots));
cleanup:
    return st;
}

static csim_status write_snapshot(csim_trajectory *traj, const csim_sim *sim, int64_t step, double time) {
    csim_status st = CSIM_OK;
    const csim_firms *f = &sim->firms;
    const csim_ties *ties = &sim->ties;
    size_t suppliers = 0;
    for (size_t i = 0; i < f->n; ++i) {
        suppliers += f->alive[i] && f->buyer[i] >= 0;
    }
    const size_t n_edges = ties->n_ties > suppliers ? ties->n_ties : suppliers;
    int32_t *edges = malloc((2 * n_edges + 1) * sizeof *edges);
    double *ew = malloc((2 * n_edges + 1) * sizeof *ew);
    int32_t *born = malloc((n_edges + 1) * sizeof *born);
    int8_t *origin = malloc((n_edges + 1) * sizeof *origin);
    if (!edges || !ew || !born || !origin) {
        st = CSIM_FAIL(CSIM_ENOMEM, "snapshot buffers for %zu edges", n_edges);
        goto cleanup;
    }
    CSIM_TRY(track_institutions(traj, f));
    CSIM_TRY(write_particles(traj, f, G_FIRMS, traj->firms, step, time));
    CSIM_TRY(write_particles(traj, f, G_INSTITUTIONS, traj->institutions, step, time));
    {
        const size_t e_n = ties->n_ties;
        for (size_t e = 0; e < e_n; ++e) {
            edges[2 * e] = (int32_t) ties->a[e];
            edges[2 * e + 1] = (int32_t) ties->b[e];
            ew[e] = ties->weight[e];
            ew[e_n + e] = ties->trust[e];
            born[e] = (int32_t) ties->born[e];
            origin[e] = (int8_t) ties->origin[e];
        }
        const void *cols[] = {edges, ew, ew + e_n, born, origin};
        CSIM_TRY(csim_h5_ragged_append(&traj->collaboration, step, time, e_n, cols));
    }
    {
        size_t r = 0;
        for (size_t i = 0; i < f->n; ++i) {
            if (f->alive[i] && f->buyer[i] >= 0) {
                edges[2 * r] = f->buyer[i]; /* buyer -> supplier */
                edges[2 * r + 1] = (int32_t) i;
                ew[r] = f->rev_chain[i];
                ++r;
            }
        }
        const void *cols[] = {edges, ew};
        CSIM_TRY(csim_h5_ragged_append(&traj->supply, step, time, r, cols));
    }
cleanup:
    free(edges);
    free(ew);
    free(born);
    free(origin);
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

/* Close every element and free the snapshot buffers (idempotent). */
static void close_elements(csim_trajectory *traj) {
    for (size_t o = 0; o < CSIM_N_OBSERVABLES; ++o) {
        csim_h5_series_close(&traj->obs[o]);
    }
    csim_h5_table_close(&traj->events);
    for (size_t v = N_VARS; v-- > 0;) {
        csim_h5_series_close(&traj->institutions[v]);
        csim_h5_series_close(&traj->firms[v]);
    }
    csim_h5_ragged_close(&traj->collaboration);
    csim_h5_ragged_close(&traj->supply);
    free(traj->scratch);
    free(traj->actors);
    free(traj->inst_ids);
    traj->scratch = NULL;
    traj->actors = NULL;
    traj->cap_actors = 0;
    traj->inst_ids = NULL;
    traj->n_inst = traj->cap_inst = 0;
}

csim_status csim_trajectory_open(csim_trajectory *traj, const char *path, bool force,
                                 const csim_sim *sim, const csim_run_info *info) {
    csim_status st = CSIM_OK;
    memset(traj, 0, sizeof *traj);
    traj->wall_start = omp_get_wtime();
    CSIM_TRY(csim_h5_create(&traj->file, path, "clustersim user", CSIM_VERSION_STRING, force));
    traj->open = true;
    CSIM_TRY(write_provenance(traj, sim, info));
    CSIM_TRY(open_observables(traj, (size_t) csim_sim_params(sim)->run_steps));
    CSIM_TRY(open_events(traj));
    /* Snapshot elements: the first firm element owns the clock, all others share it. */
    CSIM_TRY(track_institutions(traj, &sim->firms));
    if (!(traj->scratch = malloc(PART_AGENTS * CSIM_N_FIELDS * sizeof(double)))) {
        st = CSIM_FAIL(CSIM_ENOMEM, "snapshot buffer");
        goto cleanup;
    }
    const long interval = csim_sim_params(sim)->run_snapshot_interval;
    const size_t snapshots =
        interval > 0 ? (size_t) (csim_sim_params(sim)->run_steps / interval) + 1 : 1;
    const bool deflate_floats = csim_sim_params(sim)->run_deflate_floats;
    CSIM_TRY(open_particles(traj, "/particles/firms", traj->firms, sim->firms.n, NULL,
                            snapshots, deflate_floats));
    CSIM_TRY(open_particles(traj, "/particles/institutions", traj->institutions, traj->n_inst,
                            &traj->firms[0], snapshots, deflate_floats));
    CSIM_TRY(open_networks(traj, snapshots, deflate_floats));
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
    char when[CSIM_WALL_CLOCK_ISO_SIZE];
    csim_wall_clock_iso(when, sizeof when);
    const double seconds = omp_get_wtime() - traj->wall_start;
    CSIM_TRY(csim_h5_attr_write_string(&traj->file, "/parameters", "wall_end", when));
    CSIM_TRY(csim_h5_attr_write_num(&traj->file, "/parameters", "wall_seconds", CSIM_H5_DOUBLE, &seconds, 1));
    /* Rows held in memory are written here, where a failure can still be reported (a
     * close call cannot return one); commit then finds nothing left to write. */
    for (size_t o = 0; o < CSIM_N_OBSERVABLES; ++o) {
        CSIM_TRY(csim_h5_series_flush(&traj->obs[o]));
    }
    CSIM_TRY(csim_h5_table_flush(&traj->events));
    for (size_t v = 0; v < N_VARS; ++v) {
        CSIM_TRY(csim_h5_series_flush(&traj->firms[v]));
        CSIM_TRY(csim_h5_series_flush(&traj->institutions[v]));
    }
    CSIM_TRY(csim_h5_ragged_flush(&traj->collaboration));
    CSIM_TRY(csim_h5_ragged_flush(&traj->supply));
    close_elements(traj);
    CSIM_TRY(csim_h5_commit(&traj->file));
    traj->open = false;
    return CSIM_OK;
cleanup:
    csim_trajectory_abort(traj);
    return st;
}

void csim_trajectory_abort(csim_trajectory *traj) {
    /* Abort first: the elements are then detached and their close calls write nothing. */
    csim_h5_abort(&traj->file);
    close_elements(traj);
    traj->open = false;
}
