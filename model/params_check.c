/* The rules that tie parameters together (model/params_check.h). */
#include "model/params_check.h"

#include <stdarg.h>
#include <stdio.h>

#include "model/categories.h"
#include "model/memory_estimate.h"

/* Room for one message. */
#define PROBLEM_MAX 512

typedef struct checker {
    csim_params_problem_fn report;
    void *ctx;
    size_t count;
} checker;

static void problem(checker *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void problem(checker *c, const char *fmt, ...) {
    char msg[PROBLEM_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ++c->count;
    if (c->report) {
        c->report(c->ctx, msg);
    }
}

/* A categorical draw needs some weight; all zero would pick one category silently. */
static void shares(checker *c, const char *name, const csim_vec *v, size_t n) {
    double sum = 0.0;
    for (size_t k = 0; k < n; ++k) {
        sum += v->v[k];
    }
    if (!(sum > 0.0)) {
        problem(c, "%s: all shares are zero; expected at least one share above 0", name);
    }
}

/* The most of `series` over the run's months (values before the first point hold). */
static double series_peak(const csim_params *p, const csim_series *s, double *peak_year) {
    double peak = 0.0;
    *peak_year = (double) p->run_start_year;
    for (long m = 0; m < p->run_steps; ++m) {
        const double year = (double) p->run_start_year + (double) m / 12.0;
        const double v = csim_series_at(s, year, 0.0);
        if (v > peak) {
            peak = v;
            *peak_year = year;
        }
    }
    return peak;
}

/* The work bounds of the file comment of params_check.h. */
static void work(checker *c, const csim_params *p) {
    const double actors = csim_memory_estimate_run(p).actors;
    double year = 0.0;

    const double mcs = series_peak(p, &p->policy_mc_count, &year) * p->run_scale;
    if (mcs > actors / 2.0) {
        problem(c,
                "policy.mc_count: %.4g mini-clusters in %d (x run.scale %g) for at most %.0f "
                "actors; expected at most one MC per two actors (%.0f), since an MC acts only "
                "with two members and every MC costs work each month",
                mcs, (int) year, p->run_scale, actors, actors / 2.0);
    }
    if (p->policy_support == CSIM_SUPPORT_NETWORKING) {
        const double budget = series_peak(p, &p->policy_budget, &year) * p->run_scale;
        const double intros =
            budget * p->policy_split.v[CSIM_SPLIT_BROKERS] / 12.0 / p->policy_broker_cost;
        if (intros > actors) {
            problem(c,
                    "policy.budget: %.4g KRW million in %d (x run.scale %g) pays for %.4g broker "
                    "introductions a month (budget x policy.split.brokers / 12 / "
                    "policy.broker_cost) among at most %.0f actors; expected at most one "
                    "introduction per actor a month (the Gumi baseline has 5 among 1,700): "
                    "beyond, a run does hundreds of times the baseline's work. Lower "
                    "policy.budget or policy.split.brokers, or raise policy.broker_cost",
                    budget, (int) year, p->run_scale, intros, actors);
        }
    }
}

size_t csim_params_problems(const csim_params *p, csim_params_problem_fn report, void *ctx) {
    checker c = {report, ctx, 0};

    shares(&c, "population.size_class_share", &p->population_size_class_share,
           CSIM_N_SIZE_CLASSES);
    shares(&c, "population.sector_share", &p->population_sector_share, CSIM_N_SECTORS);
    shares(&c, "population.complex_share", &p->population_complex_share, CSIM_N_COMPLEXES);
    shares(&c, "population.tier_share", &p->population_tier_share, 3);
    shares(&c, "entry.size_class_share", &p->entry_size_class_share, CSIM_N_SIZE_CLASSES);
    shares(&c, "entry.sector_share", &p->entry_sector_share, CSIM_N_SECTORS);
    if (p->wg_min_size > p->wg_size) {
        problem(&c, "wg.min_size (%ld) exceeds wg.size (%ld); expected wg.min_size <= wg.size",
                p->wg_min_size, p->wg_size);
    }
    if (p->ties_project_p_min > p->ties_project_p_max) {
        problem(&c,
                "ties.project_p_min (%g) exceeds ties.project_p_max (%g); expected "
                "ties.project_p_min <= ties.project_p_max",
                p->ties_project_p_min, p->ties_project_p_max);
    }
    /* The memory check's actor limit (model/memory_estimate.h) is a property of the
     * parameters, not of the machine: `check` refuses it as `run` does. */
    const csim_memory_estimate e = csim_memory_estimate_run(p);
    if (!(e.actors <= CSIM_MEMORY_MAX_ACTORS)) {
        problem(&c,
                "the run would create up to %.3g actors (run.scale %g x "
                "population.initial_firms %ld, plus entrants), more than the model can index "
                "(%.3g); lower run.scale, population.initial_firms or entry.rate",
                e.actors, p->run_scale, p->population_initial_firms, CSIM_MEMORY_MAX_ACTORS);
    }
    /* Agents are uint32 indices into the counter of the random streams. */
    const double expected = (double) p->population_initial_firms * p->run_scale * 4.0 + 1e6;
    if (expected > 4.0e9) {
        problem(&c,
                "run.scale %g x population.initial_firms %ld gives more actors than the 32-bit "
                "ids of the random streams can hold; expected a product below 1e9",
                p->run_scale, p->population_initial_firms);
    }
    work(&c, p);
    return c.count;
}

/* Keep the first message only. */
static void keep_first(void *ctx, const char *message) {
    char *first = ctx;
    if (first[0] == '\0') {
        snprintf(first, PROBLEM_MAX, "%s", message);
    }
}

csim_status csim_params_check(const csim_params *params) {
    char first[PROBLEM_MAX] = "";
    if (csim_params_problems(params, keep_first, first) == 0) {
        return CSIM_OK;
    }
    return csim_fail_plain(CSIM_EINVAL, "%s", first);
}
