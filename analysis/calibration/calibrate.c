#include "analysis/calibration/calibrate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_multimin.h>

/* The simplex works on unbounded x; each parameter is lo + (hi - lo) * logistic(x), so
 * every point the minimiser tries is inside the bounds. */
static double to_value(const csim_fit_param *p, double x) {
    return p->lo + (p->hi - p->lo) / (1.0 + exp(-x));
}

static double to_x(const csim_fit_param *p, double value) {
    double u = (value - p->lo) / (p->hi - p->lo);
    u = u < 1e-6 ? 1e-6 : (u > 1.0 - 1e-6 ? 1.0 - 1e-6 : u);
    return log(u / (1.0 - u));
}

typedef struct objective_state {
    const csim_targets *targets;
    csim_params *params;
    csim_fit_param *fit;
    size_t n_fit;
    csim_calibration *settings;
    double *values;
    csim_status status;        /* first failure of a run, reported after minimising */
    double best;
    double *best_values;       /* parameter values at the best point */
    void (*report)(size_t, double, const csim_fit_param *, size_t, void *);
    void *context;
} objective_state;

/* What the simplex is told of a point beyond the budget: worse than any real distance, so
 * it is never the best; the loop stops after the iteration that asked for it. */
#define OVER_BUDGET 1e300

static double objective(const gsl_vector *x, void *data) {
    objective_state *s = data;
    if (s->settings->evaluations >= s->settings->max_evaluations) {
        return OVER_BUDGET; /* --evaluations N means N runs of the model, not N iterations */
    }
    if (s->status != CSIM_OK) {
        return 1e9;
    }
    for (size_t k = 0; k < s->n_fit; ++k) {
        s->fit[k].value = to_value(&s->fit[k], gsl_vector_get(x, k));
        *(double *) ((char *) s->params + s->fit[k].desc->offset) = s->fit[k].value;
    }
    const csim_status st = csim_targets_run_ensemble(s->targets, s->params, s->settings->replicates,
                                                     s->values, NULL, NULL);
    if (st != CSIM_OK) {
        s->status = st;
        return 1e9;
    }
    const double d = csim_targets_distance(s->targets, s->values, s->settings->replicates);
    s->settings->evaluations++;
    if (d < s->best) {
        s->best = d;
        for (size_t k = 0; k < s->n_fit; ++k) {
            s->best_values[k] = s->fit[k].value;
        }
    }
    if (s->report) {
        s->report(s->settings->evaluations, d, s->fit, s->n_fit, s->context);
    }
    return d;
}

csim_status csim_calibrate(const csim_targets *targets, csim_params *params, csim_fit_param *fit,
                           size_t n_fit, csim_calibration *settings,
                           void (*report)(size_t, double, const csim_fit_param *, size_t, void *),
                           void *context) {
    csim_status st = CSIM_OK;
    gsl_multimin_fminimizer *minimizer = NULL;
    gsl_vector *x = NULL, *step = NULL;
    objective_state state = {targets, params, fit, n_fit, settings, NULL, CSIM_OK, INFINITY, NULL, report, context};

    if (n_fit == 0 || settings->replicates == 0) {
        return CSIM_FAIL(CSIM_EINVAL, "nothing to fit (parameters %zu, replicates %zu)", n_fit,
                         settings->replicates);
    }
    for (size_t k = 0; k < n_fit; ++k) {
        if (fit[k].desc->type != CSIM_PT_DOUBLE || !(fit[k].lo < fit[k].hi) ||
            fit[k].lo < fit[k].desc->min || fit[k].hi > fit[k].desc->max) {
            return CSIM_FAIL(CSIM_EINVAL, "%s: a fitted parameter must be a double with lo < hi inside [%g, %g]",
                             fit[k].desc->name, fit[k].desc->min, fit[k].desc->max);
        }
    }
    if (settings->max_evaluations < n_fit + 1) {
        return CSIM_FAIL(CSIM_EINVAL,
                         "%zu evaluations are fewer than the %zu of the starting simplex (parameters + 1)",
                         settings->max_evaluations, n_fit + 1);
    }
    settings->evaluations = 0;
    state.values = malloc(targets->n * settings->replicates * sizeof *state.values);
    state.best_values = malloc(n_fit * sizeof *state.best_values);
    x = gsl_vector_alloc(n_fit);
    step = gsl_vector_alloc(n_fit);
    minimizer = gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, n_fit);
    if (!state.values || !state.best_values || !x || !step || !minimizer) {
        st = CSIM_FAIL(CSIM_ENOMEM, "calibration of %zu parameters", n_fit);
        goto cleanup;
    }
    for (size_t k = 0; k < n_fit; ++k) {
        gsl_vector_set(x, k, to_x(&fit[k], fit[k].value));
        gsl_vector_set(step, k, 1.0); /* about a quarter of the range around the middle */
        state.best_values[k] = fit[k].value;
    }
    gsl_multimin_function function = {objective, n_fit, &state};
    if (gsl_multimin_fminimizer_set(minimizer, &function, x, step) != GSL_SUCCESS) {
        st = CSIM_FAIL(CSIM_ENUMERIC, "gsl_multimin_fminimizer_set");
        goto cleanup;
    }
    while (settings->evaluations < settings->max_evaluations && state.status == CSIM_OK) {
        const int rc = gsl_multimin_fminimizer_iterate(minimizer);
        if (rc != GSL_SUCCESS) {
            break; /* the simplex cannot improve: keep the best point found */
        }
        if (gsl_multimin_test_size(gsl_multimin_fminimizer_size(minimizer), 1e-3) == GSL_SUCCESS) {
            break;
        }
    }
    if (state.status != CSIM_OK) {
        st = state.status;
        goto cleanup;
    }
    settings->best_distance = state.best;
    for (size_t k = 0; k < n_fit; ++k) {
        fit[k].value = state.best_values[k];
        *(double *) ((char *) params + fit[k].desc->offset) = fit[k].value;
    }
cleanup:
    gsl_multimin_fminimizer_free(minimizer);
    gsl_vector_free(x);
    gsl_vector_free(step);
    free(state.values);
    free(state.best_values);
    return st;
}
