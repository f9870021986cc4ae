/* Determinism of a run (STYLE rule 18): the complete observable trajectory (every value
 * of every step) and the final actor and tie state are bit-identical for 1, 2, 3 and 4
 * OpenMP threads, and for the same seed twice (even when two runs step interleaved in
 * one process); other replicate numbers and other base seeds give other trajectories. */
#include <criterion/criterion.h>

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/sim_internal.h"
#include "tests/support/test_support.h"

TestSuite(determinism, .init = csim_test_quiet_libraries);

/* run.scale 2: about 2,000-2,600 actors and several thousand ties, so that every parallel
 * loop (static schedules, and learning's dynamic chunks of 256 actors) is split among the
 * threads. 84 steps reach MCs (2005), WGs and the 2006-07 merges. */
static csim_params det_params(void) {
    csim_params p;
    cr_assert_eq(csim_params_defaults(&p), CSIM_OK);
    p.run_scale = 2.0;
    p.run_steps = 84;
    return p;
}

/* A finished run: its observable trajectory (steps x row width) and final state. */
typedef struct record {
    double *traj;
    size_t n_values;
    size_t n_actors, n_ties;
    double *knowledge; /* n_actors x CSIM_K */
    double *capital, *employees;
    int32_t *mc, *wg, *org;
    uint32_t *tie_a, *tie_b;
    double *tie_w, *tie_t;
} record;

static void *copy(const void *src, size_t bytes) {
    void *dst = malloc(bytes > 0 ? bytes : 1);
    cr_assert_not_null(dst);
    memcpy(dst, src, bytes);
    return dst;
}

static void record_state(record *r, const csim_sim *sim) {
    const csim_firms *f = &sim->firms;
    const csim_ties *t = &sim->ties;
    r->n_actors = f->n;
    r->n_ties = t->n_ties;
    r->knowledge = copy(f->knowledge, f->n * CSIM_K * sizeof(double));
    r->capital = copy(f->capital, f->n * sizeof(double));
    r->employees = copy(f->employees, f->n * sizeof(double));
    r->mc = copy(f->mc, f->n * sizeof(int32_t));
    r->wg = copy(f->wg, f->n * sizeof(int32_t));
    r->org = copy(f->org, f->n * sizeof(int32_t));
    r->tie_a = copy(t->a, t->n_ties * sizeof(uint32_t));
    r->tie_b = copy(t->b, t->n_ties * sizeof(uint32_t));
    r->tie_w = copy(t->weight, t->n_ties * sizeof(double));
    r->tie_t = copy(t->trust, t->n_ties * sizeof(double));
}

static void record_free(record *r) {
    free(r->traj);
    free(r->knowledge);
    free(r->capital);
    free(r->employees);
    free(r->mc);
    free(r->wg);
    free(r->org);
    free(r->tie_a);
    free(r->tie_b);
    free(r->tie_w);
    free(r->tie_t);
    memset(r, 0, sizeof *r);
}

static record run_record(const csim_params *p, uint64_t replicate) {
    const size_t width = csim_observables_row_width();
    record r = {0};
    r.n_values = (size_t) p->run_steps * width;
    r.traj = malloc(r.n_values * sizeof *r.traj);
    cr_assert_not_null(r.traj);
    csim_sim *sim = NULL;
    cr_assert_eq(csim_sim_create(&sim, p, replicate), CSIM_OK, "%s", csim_last_error());
    for (long t = 0; t < p->run_steps; ++t) {
        cr_assert_eq(csim_sim_step(sim), CSIM_OK, "step %ld: %s", t, csim_last_error());
        memcpy(r.traj + (size_t) t * width, csim_sim_observables(sim), width * sizeof(double));
    }
    record_state(&r, sim);
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
    cr_assert_eq(x->n_actors, y->n_actors, "%s: actors", what);
    cr_assert_eq(x->n_ties, y->n_ties, "%s: ties", what);
    const size_t n = x->n_actors, e = x->n_ties;
    cr_assert_eq(memcmp(x->knowledge, y->knowledge, n * CSIM_K * sizeof(double)), 0, "%s: knowledge", what);
    cr_assert_eq(memcmp(x->capital, y->capital, n * sizeof(double)), 0, "%s: capital", what);
    cr_assert_eq(memcmp(x->employees, y->employees, n * sizeof(double)), 0, "%s: employees", what);
    cr_assert_eq(memcmp(x->mc, y->mc, n * sizeof(int32_t)), 0, "%s: MC membership", what);
    cr_assert_eq(memcmp(x->wg, y->wg, n * sizeof(int32_t)), 0, "%s: WG membership", what);
    cr_assert_eq(memcmp(x->org, y->org, n * sizeof(int32_t)), 0, "%s: organisations", what);
    cr_assert_eq(memcmp(x->tie_a, y->tie_a, e * sizeof(uint32_t)), 0, "%s: tie ends", what);
    cr_assert_eq(memcmp(x->tie_b, y->tie_b, e * sizeof(uint32_t)), 0, "%s: tie ends", what);
    cr_assert_eq(memcmp(x->tie_w, y->tie_w, e * sizeof(double)), 0, "%s: tie intensities", what);
    cr_assert_eq(memcmp(x->tie_t, y->tie_t, e * sizeof(double)), 0, "%s: trust", what);
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
    for (long t = 0; t < p.run_steps; ++t) {
        cr_assert_eq(csim_sim_step(x), CSIM_OK);
        cr_assert_eq(csim_sim_step(y), CSIM_OK);
        cr_assert_eq(memcmp(csim_sim_observables(x), ref.traj + (size_t) t * width, width * sizeof(double)), 0,
                     "step %ld: interleaved run x differs from the reference", t);
        cr_assert_eq(memcmp(csim_sim_observables(y), ref.traj + (size_t) t * width, width * sizeof(double)), 0,
                     "step %ld: interleaved run y differs from the reference", t);
    }
    record rx = {0};
    record_state(&rx, x);
    rx.n_values = ref.n_values;
    rx.traj = copy(ref.traj, ref.n_values * sizeof(double)); /* checked step by step above */
    assert_same(&ref, &rx, "same seed, interleaved");
    record_free(&rx);
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
