#include "analysis/statistics/sobol.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "analysis/statistics/stats.h"

/*
 * Indices from the base samples idx[0 .. m-1] (with repeats in a bootstrap resample).
 * V is the variance of the 2m values f_A and f_B over those samples, with the 1/(2m)
 * divisor as in Saltelli 2010 (the estimators' numerators are plain means too).
 * f_B is centred on the mean of f_A and f_B before it multiplies f_AB - f_A: the
 * expectation is unchanged (E[f_AB - f_A] = 0) but an output with a large mean and a
 * small spread (a share near 0.8 that moves by 0.01) no longer swamps the estimate with
 * noise (SALib standardises its outputs for the same reason).
 */
static void estimate(const double *f_a, const double *f_b, const double *f_ab, size_t n,
                     size_t d, const size_t *idx, size_t m, double *s1, double *st,
                     double *variance) {
    double sum = 0.0;
    for (size_t k = 0; k < m; ++k) {
        sum += f_a[idx[k]] + f_b[idx[k]];
    }
    const double mean = sum / (double) (2 * m);
    double ss = 0.0;
    for (size_t k = 0; k < m; ++k) {
        const double a = f_a[idx[k]] - mean, b = f_b[idx[k]] - mean;
        ss += a * a + b * b;
    }
    const double v = ss / (double) (2 * m);
    if (variance) {
        *variance = v;
    }
    for (size_t i = 0; i < d; ++i) {
        const double *ab = f_ab + i * n;
        double first = 0.0, total = 0.0;
        for (size_t k = 0; k < m; ++k) {
            const size_t j = idx[k];
            first += (f_b[j] - mean) * (ab[j] - f_a[j]);
            total += (f_a[j] - ab[j]) * (f_a[j] - ab[j]);
        }
        /* A constant output has no variance to share out: the indices are undefined. */
        s1[i] = v > 0.0 ? first / (double) m / v : NAN;
        st[i] = v > 0.0 ? total / (double) (2 * m) / v : NAN;
    }
}

/* The d-long columns of `out` (CSIM_SOBOL_COLUMNS); false when one could not be had
 * (csim_sobol_result_destroy frees the others). */
static bool alloc_columns(csim_sobol_result *out, size_t d) {
    bool ok = true;
#define ALLOC_COLUMN(name)                                                                     \
    out->name = malloc(d * sizeof *out->name);                                                 \
    ok = ok && out->name;
    CSIM_SOBOL_COLUMNS(ALLOC_COLUMN)
#undef ALLOC_COLUMN
    return ok;
}

csim_status csim_sobol_indices(const double *f_a, const double *f_b, const double *f_ab,
                               size_t n, size_t d, size_t n_boot, double level, uint64_t seed,
                               csim_sobol_result *out) {
    csim_status st = CSIM_OK;
    size_t *valid = NULL, *idx = NULL;
    double *boot_s1 = NULL, *boot_st = NULL, *work = NULL, *rep = NULL;
    gsl_rng *rng = NULL;

    memset(out, 0, sizeof *out);
    if (n < 2 || d == 0) {
        return CSIM_FAIL(CSIM_EINVAL, "Sobol indices need at least 2 base samples and 1 "
                                      "input (got %zu and %zu)", n, d);
    }
    if (!(level > 0.0 && level < 1.0)) {
        return CSIM_FAIL(CSIM_EINVAL, "interval level %g outside (0, 1)", level);
    }
    out->d = d;
    out->level = level;
    const bool have_columns = alloc_columns(out, d);
    valid = malloc(n * sizeof *valid);
    idx = malloc(n * sizeof *idx);
    if (!have_columns || !valid || !idx) {
        st = CSIM_FAIL(CSIM_ENOMEM, "Sobol indices of %zu inputs, %zu samples", d, n);
        goto cleanup;
    }

    /* Keep the base samples whose d + 2 outputs are all finite (a failed or missing run
     * leaves a hole; dropping the whole sample keeps the estimators paired). */
    size_t m = 0;
    for (size_t j = 0; j < n; ++j) {
        bool ok = isfinite(f_a[j]) && isfinite(f_b[j]);
        for (size_t i = 0; ok && i < d; ++i) {
            ok = isfinite(f_ab[i * n + j]);
        }
        if (ok) {
            valid[m++] = j;
        }
    }
    if (m < 2) {
        st = CSIM_FAIL(CSIM_EINVAL, "only %zu of %zu base samples have every output "
                                    "finite; at least 2 are needed", m, n);
        goto cleanup;
    }
    out->n = m;
    estimate(f_a, f_b, f_ab, n, d, valid, m, out->s1, out->st, &out->variance);
    for (size_t i = 0; i < d; ++i) {
        out->s1_lo[i] = out->s1_hi[i] = out->st_lo[i] = out->st_hi[i] = NAN;
    }
    if (n_boot == 0) {
        goto cleanup;
    }

    boot_s1 = malloc(n_boot * d * sizeof *boot_s1);
    boot_st = malloc(n_boot * d * sizeof *boot_st);
    work = malloc(n_boot * sizeof *work);
    rep = malloc(2 * d * sizeof *rep);
    rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!boot_s1 || !boot_st || !work || !rep || !rng) {
        st = CSIM_FAIL(CSIM_ENOMEM, "%zu bootstrap resamples", n_boot);
        goto cleanup;
    }
    /* gsl_rng_set takes an unsigned long; fold the high half in so no seed bit is lost. */
    gsl_rng_set(rng, (unsigned long) (seed ^ (seed >> 32)));
    for (size_t b = 0; b < n_boot; ++b) {
        for (size_t k = 0; k < m; ++k) {
            idx[k] = valid[gsl_rng_uniform_int(rng, (unsigned long) m)];
        }
        estimate(f_a, f_b, f_ab, n, d, idx, m, rep, rep + d, NULL);
        for (size_t i = 0; i < d; ++i) {
            boot_s1[i * n_boot + b] = rep[i];
            boot_st[i * n_boot + b] = rep[d + i];
        }
    }
    for (size_t i = 0; i < d; ++i) {
        csim_stats_percentile_interval(boot_s1 + i * n_boot, n_boot, level, work, &out->s1_lo[i],
                                       &out->s1_hi[i]);
        csim_stats_percentile_interval(boot_st + i * n_boot, n_boot, level, work, &out->st_lo[i],
                                       &out->st_hi[i]);
    }
    out->n_boot = n_boot;

cleanup:
    gsl_rng_free(rng);
    free(rep);
    free(work);
    free(boot_st);
    free(boot_s1);
    free(idx);
    free(valid);
    if (st != CSIM_OK) {
        csim_sobol_result_destroy(out);
    }
    return st;
}

void csim_sobol_result_destroy(csim_sobol_result *r) {
#define FREE_COLUMN(name) free(r->name);
    CSIM_SOBOL_COLUMNS(FREE_COLUMN)
#undef FREE_COLUMN
    memset(r, 0, sizeof *r);
}
