/* Determinism of a run (docs/CONVENTIONS.md rule 18): the complete observable trajectory (every value
 * of every step) and the whole state after every step (every actor variable, every tie,
 * every MC, WG and organisation, the events and counts of the step) are bit-identical for
 * 1, 2, 3 and 4 OpenMP threads, and for the same seed twice (even when two runs step interleaved in
 * one process); other replicate numbers and other base seeds give other trajectories. */
#include <criterion/criterion.h>

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/sim_internal.h"
#include "tests/support/model_fixture.h"
#include "tests/support/test_support.h"

TestSuite(determinism, .init = csim_test_quiet_libraries);

/* run.scale 2: about 2,000-2,600 actors and several thousand ties, so that every parallel
 * loop (static schedules, and learning's dynamic chunks of 256 actors) is split among the
 * threads. 84 steps reach MCs (2005), WGs and the 2006-07 merges. */
static csim_params det_params(void) {
    csim_params p = csim_test_params(2.0, 84);
    /* Vendor qualification is off in the baseline; on here, so that its parallel
     * decisions are checked for every thread count too. */
    p.market_qualify_rate = 0.003;
    return p;
}

/* ---- the whole state as digests -------------------------------------------------------
 * After every step, one 64-bit FNV-1a digest per component of the state: every actor
 * array (rows 0..n-1), every tie array, every field of every MC, WG (with its member
 * list) and organisation, the step's events and counts, and the run's scalars. Two runs
 * are the same when every digest of every step is (a collision between two different
 * states is out of reach: 2^-64 per comparison). The layout guards below make a new
 * field of a model struct fail this test until it is digested too. */
/* Actor variables are digested from their table (CSIM_ACTOR_VARS, model/firms.h): a field
 * added to csim_firms outside the table fails here. */
#define COUNT_ROW(field, ctype, width, init, role, rec, ftype, offset, unit, names, n_names, \
                  doc)                                                                      \
    +1
enum { N_ACTOR_VARS = 0 CSIM_ACTOR_VARS(COUNT_ROW) };
#undef COUNT_ROW
_Static_assert(sizeof(csim_firms) == 2 * sizeof(size_t) + N_ACTOR_VARS * sizeof(void *),
               "csim_firms has a field outside CSIM_ACTOR_VARS: declare it in the table");
_Static_assert(N_ACTOR_VARS == 35, "an actor variable was added or removed: check that its "
                                   "role (STATE, FIXED or BUFFER) is right before updating 35");
_Static_assert(sizeof(csim_ties) == 5 * sizeof(size_t) + 13 * sizeof(void *) + 2 * sizeof(uint64_t),
               "csim_ties changed: digest the new tie variable in digest_state()");
_Static_assert(sizeof(csim_org) == 96, "csim_org changed: digest the new field in digest_state()");
_Static_assert(sizeof(csim_step_counts) == 10 * sizeof(size_t) + 2 * sizeof(double),
               "csim_step_counts changed: digest the new count in digest_state()");

enum { MAX_COMPONENTS = 96 };

typedef struct digester {
    uint64_t h[MAX_COMPONENTS];
    const char *name[MAX_COMPONENTS];
    size_t n;
} digester;

static uint64_t fnv(uint64_t h, const void *data, size_t bytes) {
    const unsigned char *p = data;
    for (size_t k = 0; k < bytes; ++k) {
        h = (h ^ p[k]) * 1099511628211ULL;
    }
    return h;
}

#define FNV_START 14695981039346656037ULL

/* One component: `bytes` bytes at `data`. */
static void put(digester *d, const char *name, const void *data, size_t bytes) {
    cr_assert_lt(d->n, MAX_COMPONENTS);
    d->name[d->n] = name;
    d->h[d->n++] = fnv(FNV_START, data, bytes);
}

/* Fold a value into the last component (for struct fields, one at a time: no padding). */
#define FOLD(d, value)                                                                     \
    do {                                                                                   \
        const __typeof__(value) v_ = (value);                                              \
        (d)->h[(d)->n - 1] = fnv((d)->h[(d)->n - 1], &v_, sizeof v_);                      \
    } while (0)

static void begin(digester *d, const char *name) {
    put(d, name, NULL, 0);
}

static void digest_state(const csim_sim *sim, digester *d) {
    const csim_firms *f = &sim->firms;
    const size_t n = f->n;
    d->n = 0;
    /* Every actor variable (rows 0..n-1, all of its width) but the work buffers:
     * knowledge_next is the previous month's profile after the swap, not state. */
#define ACTORS_STATE(field) put(d, "actors." #field, f->field, n * width_ * sizeof *f->field)
#define ACTORS_FIXED(field) ACTORS_STATE(field)
#define ACTORS_BUFFER(field)
#define ACTORS(field, ctype, width, init, role, rec, ftype, offset, unit, names, n_names, doc) \
    {                                                                                       \
        const size_t width_ = (size_t) (width);                                             \
        (void) width_;                                                                      \
        ACTORS_##role(field);                                                               \
    }
    CSIM_ACTOR_VARS(ACTORS)
#undef ACTORS
#undef ACTORS_STATE
#undef ACTORS_FIXED
#undef ACTORS_BUFFER
    const csim_ties *t = &sim->ties;
    const size_t e = t->n_ties;
#define TIES(field) put(d, "ties." #field, t->field, e * sizeof *t->field)
    TIES(a); TIES(b); TIES(weight); TIES(trust); TIES(born); TIES(last_used); TIES(origin);
    TIES(dead); TIES(outcome); TIES(project);
#undef TIES
    const csim_programme *prog = &sim->prog;
    begin(d, "mc");
    FOLD(d, prog->n_mc);
    FOLD(d, prog->themes_opened);
    FOLD(d, prog->wg_pool);
    for (size_t m = 0; m < prog->n_mc; ++m) {
        const csim_mc *mc = &prog->mc[m];
        FOLD(d, mc->active);
        for (size_t k = 0; k < CSIM_N_FIELDS; ++k) {
            FOLD(d, mc->theme[k]);
        }
        FOLD(d, mc->main_field); FOLD(d, mc->members); FOLD(d, mc->base_capacity);
        FOLD(d, mc->capacity); FOLD(d, mc->opened); FOLD(d, mc->closed);
        FOLD(d, mc->merged_into); FOLD(d, mc->weight); FOLD(d, mc->reputation);
        FOLD(d, mc->leaver_reports); FOLD(d, mc->leaver_count); FOLD(d, mc->fee);
        FOLD(d, mc->fee_required); FOLD(d, mc->fees_raised);
    }
    begin(d, "wg");
    FOLD(d, prog->n_wg);
    for (size_t w = 0; w < prog->n_wg; ++w) {
        const csim_wg *wg = &prog->wg[w];
        FOLD(d, wg->active); FOLD(d, wg->mc); FOLD(d, wg->field); FOLD(d, wg->formed);
        FOLD(d, wg->ended); FOLD(d, wg->n_members);
        for (size_t k = 0; k < wg->n_members; ++k) {
            FOLD(d, wg->members[k]);
        }
        FOLD(d, wg->benefit); FOLD(d, wg->bad_months); FOLD(d, wg->funded); FOLD(d, wg->grant);
        FOLD(d, wg->spun_off);
    }
    begin(d, "org");
    FOLD(d, prog->n_org);
    for (size_t o = 0; o < prog->n_org; ++o) {
        const csim_org *org = &prog->org[o];
        FOLD(d, (int) org->stage); FOLD(d, org->founding_wg); FOLD(d, org->field);
        FOLD(d, org->founded); FOLD(d, org->incorporated); FOLD(d, org->ended); FOLD(d, org->mc);
        FOLD(d, org->founders);
        FOLD(d, org->members); FOLD(d, org->treasury); FOLD(d, org->bad_months);
        FOLD(d, org->dormant); FOLD(d, org->parent); FOLD(d, org->cooperative);
        FOLD(d, org->reputation); FOLD(d, org->project_spend); FOLD(d, org->grants);
    }
    begin(d, "events");
    FOLD(d, sim->events.n);
    FOLD(d, sim->events.total);
    for (size_t k = 0; k < sim->events.n; ++k) {
        const csim_event *ev = &sim->events.items[k];
        FOLD(d, ev->step); FOLD(d, ev->kind); FOLD(d, ev->agent); FOLD(d, ev->body);
        FOLD(d, ev->value);
    }
    const csim_step_counts *c = &sim->counts;
    begin(d, "counts");
    FOLD(d, c->entries); FOLD(d, c->spinoffs); FOLD(d, c->exits); FOLD(d, c->ties_formed);
    FOLD(d, c->ties_dissolved); FOLD(d, c->innovations); FOLD(d, c->introductions);
    FOLD(d, c->budget_spent); FOLD(d, c->fees_collected);
    FOLD(d, c->buyer_switches); FOLD(d, c->customer_finds); FOLD(d, c->registrations);
    begin(d, "run");
    FOLD(d, sim->step); FOLD(d, sim->seed); FOLD(d, sim->initial_firms); FOLD(d, sim->firms_alive);
    FOLD(d, sim->ref_capability); FOLD(d, sim->year_budget); FOLD(d, sim->fee_active);
    FOLD(d, sim->n_proposals); FOLD(d, n); FOLD(d, e);
    put(d, "observables", sim->obs_row, csim_observables_row_width() * sizeof(double));
}

/* A finished run: its observable trajectory (steps x row width) and the digests of its
 * whole state after every step (steps x n_components). */
typedef struct record {
    double *traj;
    size_t n_values;
    uint64_t *digest;
    const char *component[MAX_COMPONENTS];
    size_t n_components;
    long steps;
    size_t n_actors; /* actors at the end */
} record;

static void record_step(record *r, long t, const csim_sim *sim) {
    digester d;
    digest_state(sim, &d);
    if (r->n_components == 0) {
        r->n_components = d.n;
        memcpy(r->component, d.name, d.n * sizeof *d.name);
    }
    cr_assert_eq(d.n, r->n_components);
    memcpy(r->digest + (size_t) t * d.n, d.h, d.n * sizeof *d.h);
}

static void record_free(record *r) {
    free(r->traj);
    free(r->digest);
    memset(r, 0, sizeof *r);
}

static record run_record(const csim_params *p, uint64_t replicate) {
    const size_t width = csim_observables_row_width();
    record r = {0};
    r.steps = p->run_steps;
    r.n_values = (size_t) p->run_steps * width;
    r.traj = malloc(r.n_values * sizeof *r.traj);
    r.digest = malloc((size_t) p->run_steps * MAX_COMPONENTS * sizeof *r.digest);
    cr_assert(r.traj && r.digest);
    csim_sim *sim = csim_test_sim(p, replicate);
    for (long t = 0; t < p->run_steps; ++t) {
        cr_assert_eq(csim_sim_step(sim), CSIM_OK, "step %ld: %s", t, csim_last_error());
        memcpy(r.traj + (size_t) t * width, csim_sim_observables(sim), width * sizeof(double));
        record_step(&r, t, sim);
    }
    r.n_actors = sim->firms.n;
    csim_sim_free(&sim);
    return r;
}

/* First step and observable where two trajectories differ, for the failure message. */
static void first_difference(const record *x, const record *y, long *step, const char **name) {
    const size_t width = csim_observables_row_width();
    const csim_observable_desc *table = csim_observables_table();
    *step = -1;
    *name = "";
    for (size_t v = 0; v < x->n_values; ++v) {
        if (memcmp(&x->traj[v], &y->traj[v], sizeof(double)) != 0) {
            *step = (long) (v / width);
            const size_t col = v % width;
            for (size_t o = 0; o < CSIM_N_OBSERVABLES; ++o) {
                if (col >= table[o].offset && col < table[o].offset + table[o].width) {
                    *name = table[o].name;
                }
            }
            return;
        }
    }
}

static void assert_same(const record *x, const record *y, const char *what) {
    long step;
    const char *name;
    first_difference(x, y, &step, &name);
    cr_assert_eq(x->n_values, y->n_values);
    cr_assert_eq(memcmp(x->traj, y->traj, x->n_values * sizeof(double)), 0,
                 "%s: trajectories differ, first at step %ld in '%s'", what, step, name);
    cr_assert_eq(x->n_components, y->n_components);
    for (long t = 0; t < x->steps; ++t) {
        for (size_t c = 0; c < x->n_components; ++c) {
            const size_t k = (size_t) t * x->n_components + c;
            cr_assert_eq(x->digest[k], y->digest[k], "%s: the state differs after step %ld in %s",
                         what, t, x->component[c]);
        }
    }
}

Test(determinism, same_trajectory_for_1_2_3_4_threads) {
    const csim_params p = det_params();
    const int saved = omp_get_max_threads();
    record base = {0};
    for (int threads = 1; threads <= 4; ++threads) {
        omp_set_num_threads(threads);
        cr_assert_eq(omp_get_max_threads(), threads);
        int team = 0;
#pragma omp parallel
        {
#pragma omp single
            team = omp_get_num_threads();
        }
        cr_assert_eq(team, threads, "a parallel region got %d threads, not %d", team, threads);
        record r = run_record(&p, 0);
        cr_assert_gt(r.n_actors, 1500, "too small for the parallel loops to be split");
        if (threads == 1) {
            base = r;
            continue;
        }
        char what[64];
        snprintf(what, sizeof what, "1 thread vs %d threads", threads);
        assert_same(&base, &r, what);
        record_free(&r);
    }
    omp_set_num_threads(saved);
    record_free(&base);
}

Test(determinism, same_seed_twice_even_interleaved) {
    csim_params p = det_params();
    p.run_scale = 0.5; /* thread independence is tested above; here the seed */
    p.run_steps = 96;
    const size_t width = csim_observables_row_width();
    record ref = run_record(&p, 7);
    /* Two runs of the same replicate stepped alternately in one process: no hidden
     * global state (RNG, statics) may leak between them. */
    csim_sim *x = NULL, *y = NULL;
    cr_assert_eq(csim_sim_create(&x, &p, 7), CSIM_OK);
    cr_assert_eq(csim_sim_create(&y, &p, 7), CSIM_OK);
    cr_assert_eq(csim_sim_seed(x), csim_sim_seed(y));
    record rx = {0}, ry = {0};
    for (record *r = &rx; r; r = r == &rx ? &ry : NULL) {
        r->steps = p.run_steps;
        r->n_values = ref.n_values;
        r->traj = malloc(ref.n_values * sizeof(double));
        r->digest = malloc((size_t) p.run_steps * MAX_COMPONENTS * sizeof *r->digest);
        cr_assert(r->traj && r->digest);
    }
    for (long t = 0; t < p.run_steps; ++t) {
        cr_assert_eq(csim_sim_step(x), CSIM_OK);
        cr_assert_eq(csim_sim_step(y), CSIM_OK);
        memcpy(rx.traj + (size_t) t * width, csim_sim_observables(x), width * sizeof(double));
        memcpy(ry.traj + (size_t) t * width, csim_sim_observables(y), width * sizeof(double));
        record_step(&rx, t, x);
        record_step(&ry, t, y);
    }
    assert_same(&ref, &rx, "same seed, interleaved (x)");
    assert_same(&ref, &ry, "same seed, interleaved (y)");
    record_free(&rx);
    record_free(&ry);
    csim_sim_free(&x);
    csim_sim_free(&y);
    record_free(&ref);
}

/* Count the steps whose observable rows differ. */
static long differing_steps(const record *x, const record *y) {
    const size_t width = csim_observables_row_width();
    long steps = 0;
    for (size_t v = 0; v < x->n_values; v += width) {
        steps += memcmp(&x->traj[v], &y->traj[v], width * sizeof(double)) != 0;
    }
    return steps;
}

Test(determinism, other_replicates_and_seeds_differ) {
    csim_params p = det_params();
    p.run_scale = 0.5;
    p.run_steps = 36;
    record r0 = run_record(&p, 0);
    record r1 = run_record(&p, 1);
    record r2 = run_record(&p, 2);
    csim_params q = p;
    q.run_seed = p.run_seed + 1;
    record s0 = run_record(&q, 0);
    /* Different from the first step on (the initial population differs), not just once. */
    cr_assert_eq(differing_steps(&r0, &r1), p.run_steps, "replicates 0 and 1");
    cr_assert_eq(differing_steps(&r0, &r2), p.run_steps, "replicates 0 and 2");
    cr_assert_eq(differing_steps(&r1, &r2), p.run_steps, "replicates 1 and 2");
    cr_assert_eq(differing_steps(&r0, &s0), p.run_steps, "seeds %ld and %ld", p.run_seed, q.run_seed);
    record_free(&r0);
    record_free(&r1);
    record_free(&r2);
    record_free(&s0);
}

/* The month is the phase table: the order the schedule (docs/ODD.md 3) describes, and each
 * phase's workspace is a member of csim_workspaces that no other phase owns. */
Test(determinism, the_month_is_the_phase_table) {
    static const char *const order[] = {"policy", "entry", "prepare", "market", "exit",
                                        "search", "membership", "encounters", "meetings", "groups", "orgs",
                                        "form_queued", "learning", "ties", "observe"};
    static const char *const workspaces[] = {
#define WS_NAME(workspace, LIST) #workspace,
        CSIM_WORKSPACES(WS_NAME)
#undef WS_NAME
    };
    const size_t n_ws = sizeof workspaces / sizeof *workspaces;
    size_t count = 0;
    const csim_phase *phase = csim_sim__phases(&count);
    cr_assert_eq(count, sizeof order / sizeof *order);
    int owned[sizeof workspaces / sizeof *workspaces] = {0};
    for (size_t k = 0; k < count; ++k) {
        cr_assert_str_eq(phase[k].name, order[k], "phase %zu", k);
        cr_assert_not_null(phase[k].step);
        if (strcmp(phase[k].workspace, "none") == 0) {
            continue;
        }
        size_t w = 0;
        while (w < n_ws && strcmp(workspaces[w], phase[k].workspace) != 0) {
            ++w;
        }
        cr_assert_lt(w, n_ws, "phase %s owns '%s', not a workspace", phase[k].name,
                     phase[k].workspace);
        cr_assert_eq(owned[w]++, 0, "workspace %s owned twice", workspaces[w]);
    }
}
