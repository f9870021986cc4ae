/* Copies of what a record call writes, for the writer thread (model/traj_frame.h). */
#include "model/traj_frame.h"

#include <stdlib.h>
#include <string.h>

#include "model/observables.h"
#include "model/sim_internal.h"

/* ------------------------------------------------------------------------------------ */
/* Growing buffers                                                                      */
/* ------------------------------------------------------------------------------------ */

/* Room for `n` entries in `count` parallel arrays, arrays[i] holding sizes[i] bytes an
 * entry; `cap` is their common room, in entries; `what` names the entries. Every buffer
 * of a frame grows through here: by half, so that a run's growing population or event
 * count costs a few copies, not one per record. On failure the arrays already grown stay
 * valid (larger than `cap`). */
csim_status csim_traj_reserve_arrays(void **arrays[], const size_t sizes[], size_t count,
                                     size_t *cap, size_t n, const char *what) {
    if (n <= *cap) {
        return CSIM_OK;
    }
    const size_t room = n + n / 2 + 16;
    for (size_t i = 0; i < count; ++i) {
        void *grown = realloc(*arrays[i], room * sizes[i]);
        if (!grown) {
            return CSIM_FAIL(CSIM_ENOMEM, "trajectory: room for %zu %s", room, what);
        }
        *arrays[i] = grown;
    }
    *cap = room;
    return CSIM_OK;
}

/* ------------------------------------------------------------------------------------ */
/* Months                                                                               */
/* ------------------------------------------------------------------------------------ */

void csim_traj_months_init(csim_traj_months *m) {
    memset(m, 0, sizeof *m);
    m->row_width = csim_observables_row_width();
}

void csim_traj_months_clear(csim_traj_months *m) {
    m->n = 0;
    m->n_events = 0;
}

void csim_traj_months_destroy(csim_traj_months *m) {
    free(m->steps);
    free(m->times);
    free(m->obs);
    free(m->events);
    csim_traj_months_init(m);
}

csim_status csim_traj_months_add(csim_traj_months *m, const csim_sim *sim) {
    csim_status st = CSIM_OK;
    /* The three arrays always have the same room. */
    void **month_arrays[] = {(void **) &m->steps, (void **) &m->times, (void **) &m->obs};
    const size_t month_sizes[] = {sizeof *m->steps, sizeof *m->times,
                                  m->row_width * sizeof *m->obs};
    CSIM_TRY(csim_traj_reserve_arrays(month_arrays, month_sizes, 3, &m->cap, m->n + 1,
                            "months of observables"));
    m->steps[m->n] = (int64_t) csim_sim_steps_done(sim) - 1; /* the month just done */
    m->times[m->n] = csim_sim_time(sim);
    memcpy(m->obs + m->n * m->row_width, csim_sim_observables(sim),
           m->row_width * sizeof *m->obs);
    m->n++;

    const csim_events *ev = &sim->events;
    const size_t need = m->n_events + ev->n;
    void **event_array[] = {(void **) &m->events};
    const size_t event_size[] = {sizeof *m->events};
    CSIM_TRY(csim_traj_reserve_arrays(event_array, event_size, 1, &m->cap_events, need, "events"));
    if (ev->n > 0) {
        memcpy(m->events + m->n_events, ev->items, ev->n * sizeof *ev->items);
    }
    m->n_events = need;
cleanup:
    return st;
}

/* ------------------------------------------------------------------------------------ */
/* Snapshots                                                                            */
/* ------------------------------------------------------------------------------------ */

void csim_traj_snapshot_init(csim_traj_snapshot *s) {
    memset(s, 0, sizeof *s);
}

void csim_traj_snapshot_destroy(csim_traj_snapshot *s) {
    for (size_t v = 0; v < CSIM_TRAJ_N_VARS; ++v) {
        free(s->firms[v]);
        free(s->inst[v]);
    }
#define CSIM_X_FREE(field, ctype, width, doc) free(s->field);
    CSIM_TRAJ_COLLAB_COLUMNS(CSIM_X_FREE)
    CSIM_TRAJ_SUPPLY_COLUMNS(CSIM_X_FREE)
#undef CSIM_X_FREE
    free(s->created);
    free(s->members);
    csim_traj_snapshot_init(s);
}

/* Room for `n` agents in every column of a group; `cap` is the common room. */
static csim_status reserve_group(void **cols, size_t *cap, size_t n) {
    void **columns[CSIM_TRAJ_N_VARS];
    size_t sizes[CSIM_TRAJ_N_VARS];
    for (size_t v = 0; v < CSIM_TRAJ_N_VARS; ++v) {
        columns[v] = &cols[v];
        sizes[v] = csim_traj_var_bytes(v);
    }
    return csim_traj_reserve_arrays(columns, sizes, CSIM_TRAJ_N_VARS, cap, n, "agents of a snapshot");
}

/* Agents below which a snapshot is copied by one thread: a parallel region costs more
 * than copying a few hundred agents. */
#define PARALLEL_TAKE_MIN 1024

/* Every variable of a group: the time-dependent ones of its `n` indices from its actor
 * map, already in cols[0] (`id`); the fixed ones of indices `from`.. from `created`.
 * The copy is part of the simulating thread's record call, in which the model's other
 * threads wait: they copy too, a variable each (the columns are disjoint; the result does
 * not depend on who copies what). */
static void gather_group(void **cols, const csim_firms *f, size_t n, const int32_t *created,
                         size_t from) {
    const int32_t *actor = cols[0];
#pragma omp parallel for schedule(dynamic, 1) default(none) \
    shared(cols, f, n, created, from, actor) if (n >= PARALLEL_TAKE_MIN)
    for (size_t v = 1; v < CSIM_TRAJ_N_VARS; ++v) {
        if (csim_traj_vars()[v].fixed) {
            csim_traj_gather(f, v, created, n - from, cols[v]);
        } else {
            csim_traj_gather(f, v, actor, n, cols[v]);
        }
    }
}

static csim_status take_particles(csim_traj_snapshot *s, const csim_firms *f,
                                  const size_t *inst_ids, size_t n_inst) {
    csim_status st = CSIM_OK;
    CSIM_TRY(reserve_group(s->firms, &s->cap_firms, f->n));
    CSIM_TRY(reserve_group(s->inst, &s->cap_inst, n_inst));
    /* Indices only grow: actor ids and institutions are never reused. */
    s->firms_from = s->n_firms;
    s->inst_from = s->n_inst;
    void **created[] = {(void **) &s->created};
    const size_t created_size[] = {sizeof *s->created};
    CSIM_TRY(csim_traj_reserve_arrays(created, created_size, 1, &s->cap_created, f->n - s->firms_from,
                            "new agents' actor ids"));
    CSIM_TRY(csim_traj_reserve_arrays(created, created_size, 1, &s->cap_created, n_inst - s->inst_from,
                            "new institutions' actor ids"));
    /* Firms: index j is actor j, present while it is an alive firm. */
    int32_t *firm_actor = s->firms[0];
    for (size_t j = 0; j < f->n; ++j) {
        firm_actor[j] = f->alive[j] && f->kind[j] == CSIM_KIND_FIRM ? (int32_t) j : -1;
    }
    for (size_t j = s->firms_from; j < f->n; ++j) {
        s->created[j - s->firms_from] = f->kind[j] == CSIM_KIND_FIRM ? (int32_t) j : -1;
    }
    s->n_firms = f->n;
    gather_group(s->firms, f, s->n_firms, s->created, s->firms_from);
    /* Institutions: index k is the k-th institution seen, present while alive. */
    int32_t *inst_actor = s->inst[0];
    for (size_t k = 0; k < n_inst; ++k) {
        const size_t a = inst_ids[k];
        inst_actor[k] = f->alive[a] ? (int32_t) a : -1;
    }
    for (size_t k = s->inst_from; k < n_inst; ++k) {
        s->created[k - s->inst_from] = (int32_t) inst_ids[k];
    }
    s->n_inst = n_inst;
    gather_group(s->inst, f, s->n_inst, s->created, s->inst_from);
cleanup:
    return st;
}

static csim_status take_networks(csim_traj_snapshot *s, const csim_sim *sim) {
    csim_status st = CSIM_OK;
    const csim_firms *f = &sim->firms;
    const csim_ties *ties = &sim->ties;

    /* Collaboration: every tie with its attributes. */
#define CSIM_X_ARRAY(field, ctype, width, doc) (void **) &s->field,
#define CSIM_X_SIZE(field, ctype, width, doc) (width) * sizeof *s->field,
    void **collab[] = {CSIM_TRAJ_COLLAB_COLUMNS(CSIM_X_ARRAY)};
    const size_t collab_sizes[] = {CSIM_TRAJ_COLLAB_COLUMNS(CSIM_X_SIZE)};
    void **supply[] = {CSIM_TRAJ_SUPPLY_COLUMNS(CSIM_X_ARRAY)};
    const size_t supply_sizes[] = {CSIM_TRAJ_SUPPLY_COLUMNS(CSIM_X_SIZE)};
#undef CSIM_X_ARRAY
#undef CSIM_X_SIZE
    const size_t e_n = ties->n_ties;
    CSIM_TRY(csim_traj_reserve_arrays(collab, collab_sizes,
                                      sizeof collab_sizes / sizeof collab_sizes[0],
                                      &s->cap_collab, e_n, "collaboration ties"));
#pragma omp parallel for schedule(static) default(none) shared(s, ties, e_n) \
    if (e_n >= PARALLEL_TAKE_MIN)
    for (size_t e = 0; e < e_n; ++e) {
        s->collab_edges[2 * e] = (int32_t) ties->a[e];
        s->collab_edges[2 * e + 1] = (int32_t) ties->b[e];
        s->collab_weight[e] = ties->weight[e];
        s->collab_trust[e] = ties->trust[e];
        s->collab_born[e] = (int32_t) ties->born[e];
        s->collab_origin[e] = (int8_t) ties->origin[e];
    }
    s->n_collab = e_n;

    /* Supply: buyer -> supplier for every alive supplier, with its chain sales. */
    size_t suppliers = 0;
    for (size_t i = 0; i < f->n; ++i) {
        suppliers += f->alive[i] && f->buyer[i] >= 0;
    }
    CSIM_TRY(csim_traj_reserve_arrays(supply, supply_sizes,
                                      sizeof supply_sizes / sizeof supply_sizes[0],
                                      &s->cap_supply, suppliers, "supply ties"));
    size_t r = 0;
    for (size_t i = 0; i < f->n; ++i) {
        if (f->alive[i] && f->buyer[i] >= 0) {
            s->supply_edges[2 * r] = f->buyer[i];
            s->supply_edges[2 * r + 1] = (int32_t) i;
            s->supply_sales[r] = f->rev_chain[i];
            ++r;
        }
    }
    s->n_supply = r;
cleanup:
    return st;
}

csim_status csim_traj_snapshot_take(csim_traj_snapshot *s, const csim_sim *sim,
                                    int64_t step, double time, const size_t *inst_ids,
                                    size_t n_inst) {
    csim_status st = CSIM_OK;
    s->step = step;
    s->time = time;
    CSIM_TRY(take_particles(s, &sim->firms, inst_ids, n_inst));
    CSIM_TRY(take_networks(s, sim));
cleanup:
    return st;
}
