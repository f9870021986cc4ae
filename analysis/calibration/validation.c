#include "analysis/calibration/validation.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t max_size(size_t a, size_t b) {
    return a > b ? a : b;
}

/* Replicates that settle both verdicts of a row (see the header). */
static size_t replicates_needed(const csim_validation_row *row, size_t n) {
    const double value = row->target->value;
    const csim_predictive *p = &row->pred;
    if (p->n == 0) {
        return n; /* no value: nothing that more of the same replicates would settle */
    }
    if (p->n == 1) {
        return max_size(n, CSIM_VALIDATION_MIN_REPLICATES); /* no error can be estimated */
    }
    const size_t cap = CSIM_VALIDATION_MAX_SUGGESTION;
    const size_t by_mean = csim_predictive_replicates_needed(
        p->mean_se, fabs(fabs(p->mean - value) - row->tolerance), p->n, cap);
    const size_t by_lo = isnan(p->q_lo_se) ? p->n
        : csim_predictive_replicates_needed(p->q_lo_se, fabs(value - p->q_lo), p->n, cap);
    const size_t by_hi = isnan(p->q_hi_se) ? p->n
        : csim_predictive_replicates_needed(p->q_hi_se, fabs(value - p->q_hi), p->n, cap);
    /* Counted in replicates asked for, not those with a value. */
    const size_t need = max_size(by_mean, max_size(by_lo, by_hi));
    return need == SIZE_MAX ? SIZE_MAX : max_size(need, n);
}

csim_status csim_validation_compute(csim_validation *v, const csim_targets *targets,
                                    const double *values, size_t replicates) {
    csim_status st = CSIM_OK;
    memset(v, 0, sizeof *v);
    v->rows = calloc(targets->n > 0 ? targets->n : 1, sizeof *v->rows);
    double *work = malloc(3 * (replicates > 0 ? replicates : 1) * sizeof *work);
    if (!v->rows || !work) {
        st = CSIM_FAIL(CSIM_ENOMEM, "validation of %zu targets", targets->n);
        goto cleanup;
    }
    v->replicates = replicates;
    v->suggested = replicates;
    double crps_sum = 0.0, is_sum = 0.0;
    for (size_t k = 0; k < targets->n; ++k) {
        csim_validation_row *row = &v->rows[v->n_rows++];
        const csim_target *t = &targets->items[k];
        const double *x = values + k * replicates;
        row->target = t;
        row->tolerance = !isnan(t->tolerance_abs) ? t->tolerance_abs : t->tolerance * fabs(t->value);
        row->verdict = csim_target_evaluate(t, x, replicates);
        CSIM_TRY(csim_predictive_summary(x, replicates, t->value, CSIM_VALIDATION_BOOTSTRAP,
                                         CSIM_VALIDATION_SEED + k, work, &row->pred));
        const double scale = row->tolerance > 0.0 ? row->tolerance : 0.5;
        row->crps_scaled = row->pred.crps / scale;
        row->interval_score_scaled = row->pred.interval_score / scale;
        row->needed = replicates_needed(row, replicates);
        v->passed += row->verdict.pass;
        v->inside += row->pred.inside;
        if (row->pred.n > 0) {
            v->scored++;
            crps_sum += row->crps_scaled;
            is_sum += row->interval_score_scaled;
        }
        if (row->needed > replicates) {
            v->unsettled++;
            if (row->needed == SIZE_MAX) {
                v->on_edge++;
            } else {
                v->suggested = max_size(v->suggested, row->needed);
            }
        }
    }
    v->coverage = v->n_rows > 0 ? (double) v->inside / (double) v->n_rows : NAN;
    v->mean_crps_scaled = v->scored > 0 ? crps_sum / (double) v->scored : NAN;
    v->mean_interval_score_scaled = v->scored > 0 ? is_sum / (double) v->scored : NAN;
cleanup:
    free(work);
    if (st != CSIM_OK) {
        csim_validation_destroy(v);
    }
    return st;
}

void csim_validation_destroy(csim_validation *v) {
    free(v->rows);
    memset(v, 0, sizeof *v);
}
