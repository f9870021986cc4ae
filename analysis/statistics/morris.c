#include "analysis/statistics/morris.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "analysis/statistics/stats.h"

void csim_morris_result_destroy(csim_morris_result *res) {
#define FREE_COLUMN(type, name) free(res->name);
    CSIM_MORRIS_COLUMNS(FREE_COLUMN)
#undef FREE_COLUMN
    memset(res, 0, sizeof *res);
}

/* The d-long columns of `out` (CSIM_MORRIS_COLUMNS), zeroed; false when one could not be
 * had (csim_morris_result_destroy frees the others). */
static bool alloc_columns(csim_morris_result *out, size_t d) {
    bool ok = true;
#define ALLOC_COLUMN(type, name)                                                               \
    out->name = calloc(d, sizeof *out->name);                                                  \
    ok = ok && out->name;
    CSIM_MORRIS_COLUMNS(ALLOC_COLUMN)
#undef ALLOC_COLUMN
    return ok;
}

/* Elementary effects ee[t * d + i] (NaN when an output is missing), checking that u is a
 * set of trajectories: one column moves per step, each column once. */
static csim_status elementary_effects(const double *u, const double *f, size_t r, size_t d,
                                      double *ee, unsigned char *moved) {
    for (size_t t = 0; t < r; ++t) {
        memset(moved, 0, d);
        for (size_t k = 0; k < d; ++k) {
            const size_t row = t * (d + 1) + k;
            const double *a = u + row * d, *b = a + d;
            size_t changed = d, n_changed = 0;
            for (size_t i = 0; i < d; ++i) {
                if (a[i] != b[i]) {
                    changed = i;
                    n_changed++;
                }
            }
            if (n_changed != 1 || moved[changed]) {
                return csim_fail_plain(CSIM_EINVAL, "rows %zu and %zu of the design are not a "
                                                    "step of a Morris trajectory (%zu columns "
                                                    "differ%s); is this a morris sweep?",
                                       row, row + 1, n_changed,
                                       n_changed == 1 ? ", and that column moved before" : "");
            }
            moved[changed] = 1;
            ee[t * d + changed] = (f[row + 1] - f[row]) / (b[changed] - a[changed]);
        }
    }
    return CSIM_OK;
}

/* mu and mu* of input i over the trajectories idx[0..m-1] (repeats allowed). */
static void means(const double *ee, size_t d, size_t i, const size_t *idx, size_t m,
                  double *mu, double *mu_star, size_t *count) {
    double sum = 0.0, sum_abs = 0.0;
    size_t n = 0;
    for (size_t k = 0; k < m; ++k) {
        const double e = ee[idx[k] * d + i];
        if (isfinite(e)) {
            sum += e;
            sum_abs += fabs(e);
            n++;
        }
    }
    *mu = n > 0 ? sum / (double) n : NAN;
    *mu_star = n > 0 ? sum_abs / (double) n : NAN;
    if (count) {
        *count = n;
    }
}

csim_status csim_morris_effects(const double *u, const double *f, size_t r, size_t d,
                                size_t n_boot, double level, uint64_t seed,
                                csim_morris_result *out) {
    csim_status st = CSIM_OK;
    double *ee = NULL, *boot = NULL, *work = NULL;
    size_t *idx = NULL;
    unsigned char *moved = NULL;
    gsl_rng *rng = NULL;

    memset(out, 0, sizeof *out);
    if (r == 0 || d == 0 || !(level > 0.0 && level < 1.0)) {
        return csim_fail_plain(CSIM_EINVAL, "Morris effects need at least one trajectory and "
                                            "one input, and a level in (0, 1) (got r = %zu, "
                                            "d = %zu, level %g)", r, d, level);
    }
    out->d = d;
    out->r = r;
    out->level = level;
    out->noise = NAN;
    const bool have_columns = alloc_columns(out, d);
    ee = malloc(r * d * sizeof *ee);
    idx = malloc(r * sizeof *idx);
    moved = malloc(d);
    if (!have_columns || !ee || !idx || !moved) {
        st = CSIM_FAIL(CSIM_ENOMEM, "Morris effects of %zu trajectories x %zu inputs", r, d);
        goto cleanup;
    }
    CSIM_TRY(elementary_effects(u, f, r, d, ee, moved));
    for (size_t t = 0; t < r; ++t) {
        idx[t] = t;
    }
    double *column = malloc(r * sizeof *column);
    if (!column) {
        st = CSIM_FAIL(CSIM_ENOMEM, "elementary effects");
        goto cleanup;
    }
    for (size_t i = 0; i < d; ++i) {
        means(ee, d, i, idx, r, &out->mu[i], &out->mu_star[i], &out->n[i]);
        for (size_t t = 0; t < r; ++t) {
            column[t] = ee[t * d + i];
        }
        out->sigma[i] = csim_stats_mean_ci(column, r, 0.95).sd;
        out->mu_lo[i] = out->mu_hi[i] = out->mu_star_lo[i] = out->mu_star_hi[i] = NAN;
    }
    free(column);
    if (n_boot > 0) {
        boot = malloc(2 * n_boot * d * sizeof *boot);
        work = malloc(n_boot * sizeof *work);
        rng = gsl_rng_alloc(gsl_rng_mt19937);
        if (!boot || !work || !rng) {
            st = CSIM_FAIL(CSIM_ENOMEM, "%zu bootstrap resamples", n_boot);
            goto cleanup;
        }
        gsl_rng_set(rng, (unsigned long) seed);
        double *b_mu = boot, *b_star = boot + n_boot * d;
        for (size_t b = 0; b < n_boot; ++b) {
            for (size_t t = 0; t < r; ++t) {
                idx[t] = (size_t) gsl_rng_uniform_int(rng, (unsigned long) r);
            }
            for (size_t i = 0; i < d; ++i) {
                means(ee, d, i, idx, r, &b_mu[i * n_boot + b], &b_star[i * n_boot + b], NULL);
            }
        }
        for (size_t i = 0; i < d; ++i) {
            csim_stats_percentile_interval(b_mu + i * n_boot, n_boot, level, work, &out->mu_lo[i],
                                           &out->mu_hi[i]);
            csim_stats_percentile_interval(b_star + i * n_boot, n_boot, level, work,
                                           &out->mu_star_lo[i], &out->mu_star_hi[i]);
        }
        out->n_boot = n_boot;
    }
    double largest = 0.0;
    for (size_t i = 0; i < d; ++i) {
        if (isfinite(out->mu_star[i]) && out->mu_star[i] > largest) {
            largest = out->mu_star[i];
        }
    }
    for (size_t i = 0; i < d; ++i) {
        const double upper = isfinite(out->mu_star_hi[i]) ? out->mu_star_hi[i] : out->mu_star[i];
        /* An output that never changes: every input has no effect on it. */
        out->no_effect[i] = isfinite(upper) &&
                            (largest == 0.0 || upper < CSIM_MORRIS_NEGLIGIBLE * largest);
    }

cleanup:
    gsl_rng_free(rng);
    free(work);
    free(boot);
    free(moved);
    free(idx);
    free(ee);
    if (st != CSIM_OK) {
        csim_morris_result_destroy(out);
    }
    return st;
}
