#include "analysis/statistics/predictive.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include <gsl/gsl_rng.h>

#include "analysis/statistics/stats.h"

static int cmp_double(const void *a, const void *b) {
    const double u = *(const double *) a, v = *(const double *) b;
    return (u > v) - (u < v);
}

/* The finite values of x, sorted, into work; returns how many. */
static size_t sorted_finite(const double *x, size_t n, double *work) {
    size_t m = 0;
    for (size_t i = 0; i < n; ++i) {
        if (isfinite(x[i])) {
            work[m++] = x[i];
        }
    }
    qsort(work, m, sizeof *work, cmp_double);
    return m;
}

double csim_predictive_crps(const double *x, size_t n, double y, double *work) {
    const size_t m = sorted_finite(x, n, work);
    if (m == 0) {
        return NAN;
    }
    /* With the values sorted, sum_i sum_j |x_i - x_j| = 2 sum_i (2i - m + 1) x_(i)
     * (0-based i): each x_(i) is the larger of i pairs and the smaller of m - 1 - i. */
    double abs_dev = 0.0, spread = 0.0;
    for (size_t i = 0; i < m; ++i) {
        abs_dev += fabs(work[i] - y);
        spread += (2.0 * (double) i - (double) m + 1.0) * work[i];
    }
    const double dm = (double) m;
    return abs_dev / dm - 2.0 * spread / (2.0 * dm * dm);
}

double csim_predictive_interval_score(double lo, double hi, double alpha, double y) {
    double s = hi - lo;
    if (y < lo) {
        s += 2.0 / alpha * (lo - y);
    } else if (y > hi) {
        s += 2.0 / alpha * (y - hi);
    }
    return s;
}

csim_status csim_predictive_summary(const double *x, size_t n, double observed, size_t n_boot,
                                    uint64_t seed, double *work, csim_predictive *out) {
    csim_predictive p = {.n = 0, .mean = NAN, .sd = NAN, .mean_se = NAN, .q_lo = NAN,
                         .q_hi = NAN, .q_lo_se = NAN, .q_hi_se = NAN, .inside = false,
                         .rank = NAN, .crps = NAN, .interval_score = NAN};
    const csim_stats_summary s = csim_stats_mean_ci(x, n, 0.95);
    p.n = s.n;
    *out = p;
    if (p.n == 0) {
        return CSIM_OK;
    }
    p.mean = s.mean;
    p.sd = s.sd;
    p.mean_se = s.n >= 2 ? s.sd / sqrt((double) s.n) : NAN;
    p.q_lo = csim_stats_quantile(x, n, CSIM_PREDICTIVE_LO, work);
    p.q_hi = csim_stats_quantile(x, n, CSIM_PREDICTIVE_HI, work);
    p.inside = p.q_lo <= observed && observed <= p.q_hi;
    size_t below = 0, equal = 0;
    for (size_t i = 0; i < n; ++i) {
        below += isfinite(x[i]) && x[i] < observed;
        equal += isfinite(x[i]) && x[i] == observed;
    }
    p.rank = 1.0 + (double) below + 0.5 * (double) equal;
    p.crps = csim_predictive_crps(x, n, observed, work);
    p.interval_score = csim_predictive_interval_score(p.q_lo, p.q_hi,
                                                      1.0 - (CSIM_PREDICTIVE_HI - CSIM_PREDICTIVE_LO),
                                                      observed);
    if (n_boot > 0 && p.n >= 2) {
        gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
        if (!rng) {
            return CSIM_FAIL(CSIM_ENOMEM, "bootstrap generator");
        }
        gsl_rng_set(rng, (unsigned long) seed);
        double *finite = work + n, *resample = work + 2 * n;
        const size_t m = sorted_finite(x, n, finite);
        /* Welford's running mean and sum of squares: no cancellation for targets with
         * a large value and a small spread (employment in the tens of thousands). */
        double mean_lo = 0.0, m2_lo = 0.0, mean_hi = 0.0, m2_hi = 0.0;
        for (size_t b = 0; b < n_boot; ++b) {
            for (size_t i = 0; i < m; ++i) {
                resample[i] = finite[gsl_rng_uniform_int(rng, (unsigned long) m)];
            }
            const double lo = csim_stats_quantile(resample, m, CSIM_PREDICTIVE_LO, work);
            const double hi = csim_stats_quantile(resample, m, CSIM_PREDICTIVE_HI, work);
            const double k = (double) (b + 1), d_lo = lo - mean_lo, d_hi = hi - mean_hi;
            mean_lo += d_lo / k;
            m2_lo += d_lo * (lo - mean_lo);
            mean_hi += d_hi / k;
            m2_hi += d_hi * (hi - mean_hi);
        }
        gsl_rng_free(rng);
        if (n_boot >= 2) {
            p.q_lo_se = sqrt(m2_lo / (double) (n_boot - 1));
            p.q_hi_se = sqrt(m2_hi / (double) (n_boot - 1));
        }
    }
    *out = p;
    return CSIM_OK;
}

size_t csim_predictive_replicates_needed(double se, double margin, size_t n, size_t cap) {
    if (!(se > 0.0) || margin >= 2.0 * se) {
        return n;
    }
    if (!(margin > 0.0)) {
        return SIZE_MAX;
    }
    const double need = ceil((double) n * (2.0 * se / margin) * (2.0 * se / margin));
    return need >= (double) cap ? cap : (size_t) need;
}
