#include "analysis/reports/brief.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

bool csim_brief_beyond_noise(const csim_stats_summary *s) {
    return isfinite(s->lo) && isfinite(s->hi) && (s->lo > 0.0 || s->hi < 0.0);
}

/* Index of measure `name` in c, or c->n_measures. */
static size_t find_measure(const csim_comparison *c, const char *name) {
    for (size_t m = 0; m < c->n_measures; ++m) {
        if (strcmp(c->measures[m], name) == 0) {
            return m;
        }
    }
    return c->n_measures;
}

/* The row of (measure m, label l) at `year` (any year for a persistence measure). */
static const csim_comparison_row *find_row(const csim_comparison *c, size_t m, size_t l,
                                           int year) {
    for (size_t i = 0; i < c->n_rows; ++i) {
        const csim_comparison_row *row = &c->rows[i];
        if (row->measure == m && row->label == l && (c->persistence[m] || row->year == year)) {
            return row;
        }
    }
    return NULL;
}

/* Spending of every run: the cost series summed over the run's months. A replicate that
 * is missing (all NaN) stays NaN and is left out of the summaries. */
static void spending(csim_brief *b, double *x, double *base) {
    const csim_comparison *c = b->c;
    for (size_t l = 0; l < c->index.n_labels; ++l) {
        for (size_t r = 0; r < c->n_reps; ++r) {
            for (int which = 0; which < 2; ++which) {
                const size_t label = which == 0 ? l : c->baseline;
                const double *s = csim_comparison_series(c, label, r, b->cost_measure);
                double sum = 0.0;
                size_t n = 0;
                for (size_t k = 0; k < c->n_months; ++k) {
                    if (isfinite(s[k])) {
                        sum += s[k];
                        ++n;
                    }
                }
                (which == 0 ? x : base)[r] = n > 0 ? sum : NAN;
            }
        }
        b->cost[l] = csim_stats_mean_ci(x, c->n_reps, c->level);
        csim_bounds_clip_value(CSIM_BOUNDS_NONNEGATIVE, &b->cost[l]);
        b->cost_diff[l] = l == c->baseline ? csim_stats_paired_ci(NULL, NULL, 0, c->level)
                                           : csim_stats_paired_ci(x, base, c->n_reps, c->level);
    }
}

/* Ranking key of label l: the first outcome's effect, signed so that larger is better;
 * the baseline is 0; -inf when there is no effect (last). */
static double rank_key(const csim_brief *b, size_t l) {
    if (l == b->c->baseline) {
        return 0.0;
    }
    const double d = b->cells[l]->diff.mean;
    return isfinite(d) ? (double) b->cfg->outcomes[0].better * d : -INFINITY;
}

static void rank_labels(csim_brief *b) {
    const size_t n = b->c->index.n_labels;
    for (size_t l = 0; l < n; ++l) {
        b->rank[l] = l;
    }
    /* Insertion sort: a handful of scenarios, and stable, so ties keep the index order. */
    for (size_t i = 1; i < n; ++i) {
        const size_t l = b->rank[i];
        size_t j = i;
        while (j > 0 && rank_key(b, b->rank[j - 1]) < rank_key(b, l)) {
            b->rank[j] = b->rank[j - 1];
            --j;
        }
        b->rank[j] = l;
    }
}

csim_status csim_brief_compute(csim_brief *b, const csim_comparison *c,
                               const csim_brief_config *cfg, int year) {
    csim_status st = CSIM_OK;
    const size_t n_labels = c->index.n_labels, n_out = cfg->n_outcomes;
    double *work = NULL;

    memset(b, 0, sizeof *b);
    b->c = c;
    b->cfg = cfg;
    b->year = year;
    b->measure = calloc(n_out, sizeof *b->measure);
    b->cells = calloc(n_out * n_labels, sizeof *b->cells);
    b->cost = calloc(n_labels, sizeof *b->cost);
    b->cost_diff = calloc(n_labels, sizeof *b->cost_diff);
    b->rank = calloc(n_labels, sizeof *b->rank);
    work = malloc((2 * c->n_reps + 1) * sizeof *work);
    if (!b->measure || !b->cells || !b->cost || !b->cost_diff || !b->rank || !work) {
        st = CSIM_FAIL(CSIM_ENOMEM, "brief of %zu scenarios", n_labels);
        goto cleanup;
    }
    for (size_t o = 0; o < n_out; ++o) {
        b->measure[o] = find_measure(c, cfg->outcomes[o].measure);
        for (size_t l = 0; l < n_labels && b->measure[o] < c->n_measures; ++l) {
            b->cells[o * n_labels + l] = find_row(c, b->measure[o], l, year);
            if (!b->cells[o * n_labels + l]) {
                st = CSIM_FAIL(CSIM_EINVAL, "brief: no result for %s in %d",
                               cfg->outcomes[o].measure, year);
                goto cleanup;
            }
        }
        if (b->measure[o] == c->n_measures) {
            st = CSIM_FAIL(CSIM_EINVAL, "brief: outcome %s was not compared",
                           cfg->outcomes[o].measure);
            goto cleanup;
        }
    }
    b->cost_measure = find_measure(c, cfg->cost);
    if (b->cost_measure == c->n_measures || c->persistence[b->cost_measure]) {
        st = csim_fail_plain(CSIM_EINVAL, "%s: cost %s must be a monthly observable (a sum "
                                          "over the run is its spending)", cfg->path, cfg->cost);
        goto cleanup;
    }
    spending(b, work, work + c->n_reps);
    rank_labels(b);

cleanup:
    free(work);
    if (st != CSIM_OK) {
        csim_brief_destroy(b);
    }
    return st;
}

void csim_brief_destroy(csim_brief *b) {
    free(b->measure);
    free(b->cells);
    free(b->cost);
    free(b->cost_diff);
    free(b->rank);
    memset(b, 0, sizeof *b);
}
