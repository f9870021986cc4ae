#include "analysis/statistics/stats.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

double csim_stats_t_quantile(double p, double df) {
    if (!(p > 0.0 && p < 1.0) || !(df > 0.0)) {
        return NAN;
    }
    return gsl_cdf_tdist_Pinv(p, df);
}

/* Fill in the interval of a summary whose n, mean and sd are set. */
static void finish_interval(csim_stats_summary *s, double level) {
    s->half = s->lo = s->hi = NAN;
    if (s->n < 2 || !(level > 0.0 && level < 1.0)) {
        return;
    }
    const double t = csim_stats_t_quantile(0.5 * (1.0 + level), (double) (s->n - 1));
    s->half = t * s->sd / sqrt((double) s->n);
    s->lo = s->mean - s->half;
    s->hi = s->mean + s->half;
}

/* Mean and sd of the finite values of x[i] - (y ? y[i] : 0) where both are finite. */
static csim_stats_summary summarise(const double *x, const double *y, size_t n, double level) {
    csim_stats_summary s = {0, NAN, NAN, NAN, NAN, NAN};
    double sum = 0.0;
    for (size_t i = 0; i < n; ++i) {
        const double d = y ? x[i] - y[i] : x[i];
        if (isfinite(d)) {
            sum += d;
            s.n++;
        }
    }
    if (s.n == 0) {
        return s;
    }
    s.mean = sum / (double) s.n;
    if (s.n >= 2) {
        double ss = 0.0;
        for (size_t i = 0; i < n; ++i) {
            const double d = y ? x[i] - y[i] : x[i];
            if (isfinite(d)) {
                ss += (d - s.mean) * (d - s.mean);
            }
        }
        s.sd = sqrt(ss / (double) (s.n - 1));
    }
    finish_interval(&s, level);
    return s;
}

csim_stats_summary csim_stats_mean_ci(const double *x, size_t n, double level) {
    return summarise(x, NULL, n, level);
}

csim_stats_summary csim_stats_paired_ci(const double *x, const double *y, size_t n,
                                        double level) {
    return summarise(x, y, n, level);
}

static int cmp_double(const void *a, const void *b) {
    const double u = *(const double *) a, v = *(const double *) b;
    return (u > v) - (u < v);
}

double csim_stats_quantile(const double *x, size_t n, double p, double *work) {
    size_t m = 0;
    for (size_t i = 0; i < n; ++i) {
        if (isfinite(x[i])) {
            work[m++] = x[i];
        }
    }
    if (m == 0 || !(p >= 0.0 && p <= 1.0)) {
        return NAN;
    }
    qsort(work, m, sizeof *work, cmp_double);
    const double h = p * (double) (m - 1);
    const size_t lo = (size_t) floor(h);
    const size_t hi = lo + 1 < m ? lo + 1 : lo;
    return work[lo] + (h - (double) lo) * (work[hi] - work[lo]);
}

void csim_stats_percentile_interval(const double *x, size_t n, double level, double *work,
                                    double *lo, double *hi) {
    const double tail = 0.5 * (1.0 - level);
    *lo = csim_stats_quantile(x, n, tail, work);
    *hi = csim_stats_quantile(x, n, 1.0 - tail, work);
}
