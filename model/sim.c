/*
 * A run: construction, the monthly schedule (see sim_internal.h) and destruction.
 */
#include "model/sim_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/params_check.h"
#include "sim/rng.h"

size_t csim_sim__scaled(const csim_sim *sim, double count, size_t at_least) {
    const double scaled = floor(count * sim->p.run_scale + 0.5);
    return scaled < (double) at_least ? at_least : (size_t) scaled;
}

/* Grow one workspace array to `need` rows; on failure it keeps its old rows. */
static int grow_rows(void **array, size_t need, size_t elem_size) {
    void *p = realloc(*array, need * elem_size);
    if (!p) {
        return 0;
    }
    *array = p;
    return 1;
}

csim_status csim_sim__ensure_workspaces(csim_sim *sim) {
    const size_t need = sim->firms.capacity;
    if (need <= sim->work.capacity) {
        return CSIM_OK;
    }
    int ok = 1;
#define CSIM_X_GROW(ctype, array, doc) ok &= grow_rows((void **) &w->array, need, sizeof(ctype));
#define CSIM_X_GROW_WS(workspace, LIST)                                                     \
    {                                                                                       \
        csim_ws_##workspace *w = &sim->work.workspace;                                      \
        LIST(CSIM_X_GROW)                                                                   \
    }
    CSIM_WORKSPACES(CSIM_X_GROW_WS)
#undef CSIM_X_GROW_WS
#undef CSIM_X_GROW
    if (!ok) {
        return CSIM_FAIL(CSIM_ENOMEM, "phase workspaces for %zu actors", need);
    }
    sim->work.capacity = need;
    return CSIM_OK;
}

static void free_workspaces(csim_workspaces *work) {
#define CSIM_X_FREE(ctype, array, doc) free(w->array);
#define CSIM_X_FREE_WS(workspace, LIST)                                                     \
    {                                                                                       \
        csim_ws_##workspace *w = &work->workspace;                                          \
        LIST(CSIM_X_FREE)                                                                   \
    }
    CSIM_WORKSPACES(CSIM_X_FREE_WS)
#undef CSIM_X_FREE_WS
#undef CSIM_X_FREE
    memset(work, 0, sizeof *work);
}

/* Room for `extra` more proposals. */
static csim_status grow_proposals(csim_sim *sim, size_t extra) {
    if (sim->n_proposals + extra <= sim->proposal_capacity) {
        return CSIM_OK;
    }
    size_t cap = sim->proposal_capacity < 64 ? 1024 : sim->proposal_capacity * 2;
    if (cap < sim->n_proposals + extra) {
        cap = sim->n_proposals + extra + (sim->n_proposals + extra) / 2;
    }
    csim_tie_proposal *p = realloc(sim->proposals, cap * sizeof *p);
    if (!p) {
        return CSIM_FAIL(CSIM_ENOMEM, "%zu tie proposals", cap);
    }
    sim->proposals = p;
    sim->proposal_capacity = cap;
    return CSIM_OK;
}

csim_status csim_sim__propose(csim_sim *sim, uint32_t u, uint32_t v, csim_origin origin,
                              int forced) {
    if (u == v) {
        return CSIM_OK;
    }
    const csim_status st = grow_proposals(sim, 1);
    if (st != CSIM_OK) {
        return st;
    }
    sim->proposals[sim->n_proposals++] = csim_sim__proposal(u, v, origin, forced);
    return CSIM_OK;
}

csim_tie_proposal *csim_sim__reserve_proposals(csim_sim *sim, size_t count) {
    if (grow_proposals(sim, count > 0 ? count : 1) != CSIM_OK) { /* never NULL on success */
        return NULL;
    }
    csim_tie_proposal *first = sim->proposals + sim->n_proposals;
    sim->n_proposals += count;
    return first;
}

csim_status csim_sim_create(csim_sim **out, const csim_params *params, uint64_t replicate) {
    csim_status st = CSIM_OK;
    csim_sim *sim = NULL;
    *out = NULL;
    CSIM_TRY(csim_params_check(params));
    sim = calloc(1, sizeof *sim);
    if (!sim) {
        return CSIM_FAIL(CSIM_ENOMEM, "run state");
    }
    sim->p = *params;
    sim->replicate = replicate;
    sim->seed = csim_rng_replicate_seed((uint64_t) params->run_seed, replicate);
    sim->step = 0;

    /* Room for the initial actors plus the entrants expected over the run, so that the
     * arrays rarely grow mid-run. */
    const double initial = (double) params->population_initial_firms * params->run_scale +
                           (double) params->population_institutions * params->run_scale;
    const size_t capacity = (size_t) (initial * 1.6) + 64;
    CSIM_TRY(csim_firms_init(&sim->firms, capacity));
    CSIM_TRY(csim_ties_init(&sim->ties, capacity * 2));
    CSIM_TRY(csim_programme_init(&sim->prog));
    CSIM_TRY(csim_sim__ensure_workspaces(sim));
    sim->obs_row = calloc(csim_observables_row_width(), sizeof *sim->obs_row);
    if (!sim->obs_row) {
        st = CSIM_FAIL(CSIM_ENOMEM, "observable row");
        goto cleanup;
    }
    CSIM_TRY(csim_population__init(sim));
    *out = sim;
    return CSIM_OK;

cleanup:
    csim_sim_free(&sim);
    return st;
}

csim_status csim_sim__prepare(csim_sim *sim) {
    const csim_status st = csim_sim__ensure_workspaces(sim);
    return st != CSIM_OK ? st : csim_ties_refresh_adjacency(&sim->ties, sim->firms.n);
}

csim_status csim_sim__form_queued(csim_sim *sim) {
    const csim_status st = csim_tiedyn__apply_proposals(sim); /* WG ties of new groups */
    return st != CSIM_OK ? st : csim_ties_refresh_adjacency(&sim->ties, sim->firms.n);
}

static const csim_phase phases[] = {
#define CSIM_X_PHASE(name, step, workspace, what) {#name, step, #workspace, what},
    CSIM_PHASES(CSIM_X_PHASE)
#undef CSIM_X_PHASE
};

const csim_phase *csim_sim__phases(size_t *count) {
    *count = sizeof phases / sizeof *phases;
    return phases;
}

csim_status csim_sim_step(csim_sim *sim) {
    if (sim->step >= sim->p.run_steps) {
        return CSIM_FAIL(CSIM_EINVAL, "the run has done all its %ld steps", sim->p.run_steps);
    }
    memset(&sim->counts, 0, sizeof sim->counts);
    csim_events_clear(&sim->events);
    for (size_t k = 0; k < sizeof phases / sizeof *phases; ++k) {
        const csim_status st = phases[k].step(sim);
        if (st != CSIM_OK) {
            return st;
        }
    }
    sim->step++;
    return CSIM_OK;
}

long csim_sim_steps_done(const csim_sim *sim) {
    return sim->step;
}

double csim_sim_time(const csim_sim *sim) {
    return (double) sim->p.run_start_year + (double) (sim->step - 1) / 12.0;
}

const csim_params *csim_sim_params(const csim_sim *sim) {
    return &sim->p;
}

uint64_t csim_sim_seed(const csim_sim *sim) {
    return sim->seed;
}

const double *csim_sim_observables(const csim_sim *sim) {
    return sim->obs_row;
}

void csim_sim_free(csim_sim **sim) {
    if (!sim || !*sim) {
        return;
    }
    csim_sim *s = *sim;
    csim_firms_destroy(&s->firms);
    csim_ties_destroy(&s->ties);
    csim_programme_destroy(&s->prog);
    csim_events_destroy(&s->events);
    free_workspaces(&s->work);
    free(s->proposals);
    free(s->obs_row);
    csim_mc_index__destroy(&s->mc_index);
    csim_roster__destroy(&s->roster);
    csim_roster__destroy(&s->roster2);
    free(s);
    *sim = NULL;
}

/* In the order of enum statistic below. */
const char *const csim_sim_statistic_names[] = {"first_org_founding_year",
                                                "first_org_founding_members",
                                                "first_association_year", "first_site_year", NULL};
enum statistic { FIRST_FOUNDING_YEAR, FIRST_FOUNDING_MEMBERS, FIRST_ASSOCIATION_YEAR,
                 FIRST_SITE_YEAR, N_STATISTICS };
_Static_assert(sizeof csim_sim_statistic_names / sizeof *csim_sim_statistic_names ==
                   N_STATISTICS + 1,
               "a name per statistic");

/* The statistic called `name`, or N_STATISTICS when there is none. */
static enum statistic statistic_of(const char *name) {
    size_t which = 0;
    while (name && which < N_STATISTICS && strcmp(name, csim_sim_statistic_names[which]) != 0) {
        ++which;
    }
    return name ? (enum statistic) which : N_STATISTICS;
}

bool csim_sim_statistic_is_year(const char *name) {
    const enum statistic which = statistic_of(name);
    return which != N_STATISTICS && which != FIRST_FOUNDING_MEMBERS; /* the others are years */
}

csim_status csim_sim_statistic(const csim_sim *sim, const char *name, double *value, bool *present) {
    const enum statistic which = statistic_of(name);
    if (which == N_STATISTICS) {
        return CSIM_FAIL(CSIM_EINVAL, "unknown statistic '%s'", name);
    }
    /* The step of the first event asked for, over every organisation ever founded
     * (numbered in founding order: id 0 is the first body, but a later one may reach a
     * stage first). */
    long step = -1;
    size_t founders = 0;
    for (size_t o = 0; o < sim->prog.n_org; ++o) {
        const csim_org *org = &sim->prog.org[o];
        long at = -1;
        switch (which) {
        case FIRST_FOUNDING_YEAR:
        case FIRST_FOUNDING_MEMBERS: at = org->parent < 0 ? org->founded : -1; break;
        case FIRST_ASSOCIATION_YEAR: at = org->incorporated; break;
        case FIRST_SITE_YEAR: at = org->parent >= 0 ? org->founded : -1; break;
        case N_STATISTICS: break;
        }
        if (at >= 0 && (step < 0 || at < step)) {
            step = at;
            founders = org->founders;
        }
    }
    *present = step >= 0;
    *value = NAN;
    if (*present) {
        *value = which == FIRST_FOUNDING_MEMBERS
                     ? (double) founders
                     : (double) sim->p.run_start_year + floor((double) step / 12.0);
    }
    return CSIM_OK;
}
