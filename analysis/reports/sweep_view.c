/* A sweep's measures against its parameters: point values, table, binned means
 * (analysis/reports/sweep_view.h). */
#include "analysis/reports/sweep_view.h"

#include <math.h>

#include "analysis/reports/comparison_write.h"
#include "sim/text_out.h"

double csim_sweep_point_value(const csim_comparison *c, size_t point, size_t m, int year,
                              size_t *n) {
    double sum = 0.0;
    size_t k = 0;
    for (size_t r = 0; r < c->n_reps; ++r) {
        const double v = csim_comparison_value(c, point, r, m, c->persistence[m] ? 0 : year);
        if (isfinite(v)) {
            sum += v;
            ++k;
        }
    }
    *n = k;
    return k > 0 ? sum / (double) k : NAN;
}

size_t csim_sweep_bins(const double *x, const double *y, size_t n, size_t n_bins, double level,
                       csim_bounds bounds, csim_sweep_bin *out, double *work) {
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n; ++i) {
        if (isfinite(x[i])) {
            lo = fmin(lo, x[i]);
            hi = fmax(hi, x[i]);
        }
    }
    if (n_bins == 0) {
        return 0;
    }
    if (!(hi > lo)) {
        n_bins = 1;
    }
    const double width = n_bins > 1 ? (hi - lo) / (double) n_bins : 0.0;
    for (size_t b = 0; b < n_bins; ++b) {
        out[b].x_lo = lo + width * (double) b;
        out[b].x_hi = b + 1 == n_bins ? hi : lo + width * (double) (b + 1);
        out[b].x_mid = 0.5 * (out[b].x_lo + out[b].x_hi);
        size_t k = 0;
        for (size_t i = 0; i < n; ++i) {
            if (!isfinite(x[i]) || !isfinite(y[i])) {
                continue;
            }
            /* Bin of x: floor((x - lo) / width), the maximum in the last bin. */
            size_t at = 0;
            if (n_bins > 1) {
                const double f = floor((x[i] - lo) / width);
                at = f < 0.0 ? 0 : f >= (double) n_bins ? n_bins - 1 : (size_t) f;
            }
            if (at == b) {
                work[k++] = y[i];
            }
        }
        out[b].s = csim_stats_mean_ci(work, k, level);
        csim_bounds_clip_value(bounds, &out[b].s);
    }
    return n_bins;
}

static void put_number(FILE *out, double v) {
    if (isfinite(v)) {
        fprintf(out, ",%.17g", v);
    } else {
        fputc(',', out);
    }
}

void csim_sweep_table_write(const csim_comparison *c, int year, FILE *out) {
    const csim_ensemble_index *ix = &c->index;
    fputs("point,label", out);
    for (size_t j = 0; j < ix->n_params; ++j) {
        fputc(',', out);
        csim_csv_field(out, ix->params[j]);
    }
    for (size_t m = 0; m < c->n_measures; ++m) {
        char name[512];
        fputc(',', out);
        csim_csv_field(out, c->measures[m]);
        snprintf(name, sizeof name, "%s_n", c->measures[m]);
        fputc(',', out);
        csim_csv_field(out, name);
    }
    fputc('\n', out);
    for (size_t p = 0; p < ix->n_labels; ++p) {
        fprintf(out, "%zu,", p);
        csim_csv_field(out, ix->labels[p]);
        for (size_t j = 0; j < ix->n_params; ++j) {
            put_number(out, ix->param_values ? ix->param_values[p * ix->n_params + j] : NAN);
        }
        for (size_t m = 0; m < c->n_measures; ++m) {
            size_t n = 0;
            const double v = csim_sweep_point_value(c, p, m, year, &n);
            put_number(out, v);
            fprintf(out, ",%zu", n);
        }
        fputc('\n', out);
    }
}
