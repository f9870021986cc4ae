/* Detectors of the health check (analysis/calibration/health_detect.h): monotonicity and knife edges
 * of paired dose-responses, extreme-condition series, scale agreement. */
#include "analysis/calibration/health_detect.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/statistics/stats.h"

static int cmp_double(const void *a, const void *b) {
    const double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

/* Median |slope| of the defined steps other than `skip`; NaN when there are none. The
 * grid is small (tens of points), so a small fixed buffer serves. */
static double median_other(const csim_dose_step *steps, size_t n, size_t skip) {
    double buf[256];
    size_t m = 0;
    for (size_t j = 0; j < n && m < sizeof buf / sizeof buf[0]; ++j) {
        if (j != skip && steps[j].n >= 2 && isfinite(steps[j].slope)) {
            buf[m++] = fabs(steps[j].slope);
        }
    }
    if (m == 0) {
        return NAN;
    }
    qsort(buf, m, sizeof buf[0], cmp_double);
    return m % 2 ? buf[m / 2] : 0.5 * (buf[m / 2 - 1] + buf[m / 2]);
}

/* A knife step's |slope| over the typical slope of the other steps (Inf when that is 0). */
static double knife_ratio(const csim_dose_step *s) {
    return s->typical > 0.0 ? fabs(s->slope) / s->typical : INFINITY;
}

/* The verdict: a defined step, no violation, no knife. */
static bool dose_pass(const csim_dose_verdict *v) {
    return v->undefined < v->n_steps && v->violations == 0 && v->knives == 0;
}

csim_dose_verdict csim_dose_analyse(const double *x, const double *y, size_t n_points,
                                    size_t n_rep, double level, csim_dose_direction dir,
                                    double step_multiple, double interval_multiple,
                                    csim_dose_step *steps_out) {
    csim_dose_verdict v = {0};
    csim_dose_step local[256];
    v.n_steps = n_points > 1 ? n_points - 1 : 0;
    if (v.n_steps > sizeof local / sizeof local[0]) {
        v.n_steps = sizeof local / sizeof local[0];
    }
    csim_dose_step *steps = local;
    for (size_t i = 0; i < v.n_steps; ++i) {
        const csim_stats_summary s =
            csim_stats_paired_ci(y + (i + 1) * n_rep, y + i * n_rep, n_rep, level);
        steps[i] = (csim_dose_step) {s.n, s.mean, s.half, s.mean / (x[i + 1] - x[i]), NAN, false, false};
    }
    for (size_t i = 0; i < v.n_steps; ++i) {
        csim_dose_step *s = &steps[i];
        if (s->n < 2 || !isfinite(s->half)) {
            v.undefined++;
            continue;
        }
        if ((dir == CSIM_DOSE_INCREASING && s->diff + s->half < 0.0) ||
            (dir == CSIM_DOSE_DECREASING && s->diff - s->half > 0.0)) {
            s->violates = true;
            if (v.violations++ == 0 || fabs(s->diff) > fabs(steps[v.worst_violation].diff)) {
                v.worst_violation = i;
            }
        }
        s->typical = median_other(steps, v.n_steps, i);
        if (isfinite(s->typical) && fabs(s->slope) > step_multiple * s->typical &&
            fabs(s->diff) > interval_multiple * s->half) {
            s->knife = true;
            const double ratio = knife_ratio(s);
            if (v.knives++ == 0 || ratio > v.worst_ratio) {
                v.worst_ratio = ratio;
                v.worst_knife = i;
            }
        }
    }
    v.pass = dose_pass(&v);
    for (size_t i = 0; steps_out && i < v.n_steps; ++i) {
        steps_out[i] = steps[i];
    }
    return v;
}

void csim_dose_clear_knife(csim_dose_verdict *v, csim_dose_step *steps, size_t i) {
    if (i >= v->n_steps || !steps[i].knife) {
        return;
    }
    steps[i].knife = false;
    v->knives--;
    v->worst_ratio = 0.0;
    bool first = true;
    for (size_t j = 0; j < v->n_steps; ++j) {
        if (steps[j].knife && (first || knife_ratio(&steps[j]) > v->worst_ratio)) {
            v->worst_ratio = knife_ratio(&steps[j]);
            v->worst_knife = j;
            first = false;
        }
    }
    v->pass = dose_pass(v);
}

static double mean_diff(const double *hi, const double *lo, size_t n) {
    double sum = 0.0;
    for (size_t r = 0; r < n; ++r) {
        sum += hi[r] - lo[r];
    }
    return n > 0 ? sum / (double) n : 0.0;
}

static void swap_rows(double **p, double **q) {
    double *t = *p;
    *p = *q;
    *q = t;
}

csim_status csim_dose_refine(double x0, const double *y0, double x1, const double *y1,
                             size_t n_rep, unsigned depth, csim_dose_eval eval, void *ctx,
                             csim_dose_refined *out) {
    *out = (csim_dose_refined) {x0, x1, 0.0, 0, false};
    /* Three rows of n_rep: the two ends of the current sub-step and its midpoint. */
    double *buf = malloc(3 * (n_rep ? n_rep : 1) * sizeof *buf);
    if (!buf) {
        return CSIM_FAIL(CSIM_ENOMEM, "bisection of a dose-response step");
    }
    double *ya = buf, *yb = buf + n_rep, *ym = buf + 2 * n_rep;
    memcpy(ya, y0, n_rep * sizeof *ya);
    memcpy(yb, y1, n_rep * sizeof *yb);
    const double whole = mean_diff(y1, y0, n_rep);
    double a = x0, b = x1;
    csim_status st = CSIM_OK;
    for (unsigned level = 0; level < depth; ++level) {
        const double m = 0.5 * (a + b);
        st = eval(m, ym, ctx);
        if (st != CSIM_OK) {
            break;
        }
        out->evals++;
        /* Follow the half that holds more of the change; the other half's end becomes
         * the midpoint (swap the rows rather than copy them). */
        if (fabs(mean_diff(ym, ya, n_rep)) >= fabs(mean_diff(yb, ym, n_rep))) {
            b = m;
            swap_rows(&yb, &ym);
        } else {
            a = m;
            swap_rows(&ya, &ym);
        }
    }
    if (st == CSIM_OK) {
        out->lo = a;
        out->hi = b;
        out->share = whole != 0.0 ? mean_diff(yb, ya, n_rep) / whole : 0.0;
        out->concentrated = out->share > 0.5;
    }
    free(buf);
    return st;
}

csim_extreme_verdict csim_extreme_zero(const double *v, long months, long from) {
    csim_extreme_verdict r = {true, -1, 0.0, 0.0, -1, -1};
    for (long m = from < 0 ? 0 : from; m < months; ++m) {
        if (v[m] != 0.0 || isnan(v[m])) {
            if (r.first_bad < 0) {
                r.first_bad = m;
            }
            r.pass = false;
        }
        if (fabs(v[m]) > r.max_value || isnan(v[m])) {
            r.max_value = fabs(v[m]);
        }
    }
    return r;
}

csim_extreme_verdict csim_extreme_falls(const double *v, long months, long from, long within,
                                        double share) {
    csim_extreme_verdict r = {false, -1, 0.0, 0.0, -1, -1};
    if (from < 0) {
        from = 0;
    }
    /* The level is a share of where the series stood when the condition began; with
     * share 0 it is 0 whatever that was (a NaN reference would otherwise poison it). */
    r.level = share > 0.0 && months > 0 ? share * v[from > 0 ? from - 1 : 0] : 0.0;
    for (long m = from; m < months; ++m) {
        const bool at_or_below = v[m] <= r.level; /* false for NaN */
        if (r.reached_at < 0) {
            if (at_or_below) {
                r.reached_at = m;
            }
            continue;
        }
        if (!at_or_below) {
            if (r.rose_at < 0) {
                r.rose_at = m;
            }
            if (v[m] > r.max_value || isnan(v[m])) {
                r.max_value = v[m];
            }
        }
    }
    r.pass = r.reached_at >= 0 && r.reached_at < from + within && r.rose_at < 0;
    return r;
}

/* (other - ref) / |ref|, NaN when ref is 0 or either side is not finite: the one
 * definition of a scale's relative difference, for the verdict and for its interval. */
static double relative_difference(double ref, double other) {
    return ref != 0.0 && isfinite(ref) && isfinite(other) ? (other - ref) / fabs(ref) : NAN;
}

bool csim_scale_agrees(double ref, double other, double tol, double *rel) {
    *rel = relative_difference(ref, other);
    if (!isfinite(ref) || !isfinite(other)) {
        return false;
    }
    return fabs(other - ref) <= tol * fabs(ref) + 1e-12 * fabs(ref) || (ref == 0.0 && other == 0.0);
}

csim_scale_difference csim_scale_difference_of(double ref, double sd_ref, size_t n_ref,
                                               double other, double sd_other, size_t n_other,
                                               double level, double tol) {
    csim_scale_difference d = {NAN, NAN, NAN, false, NAN};
    const double rel = relative_difference(ref, other);
    if (isnan(rel) || n_ref < 2 || n_other < 2) {
        return d;
    }
    const double scale = fabs(ref);
    const double se = sqrt(sd_ref * sd_ref / (double) n_ref + sd_other * sd_other / (double) n_other);
    const double t = csim_stats_t_quantile(0.5 + 0.5 * level, (double) (n_ref + n_other - 2));
    const double half = t * se / scale;
    d.rel = rel;
    d.lo = d.rel - half;
    d.hi = d.rel + half;
    d.settled = (d.lo >= -tol && d.hi <= tol) || d.lo > tol || d.hi < -tol;
    if (!d.settled) {
        /* The half-width falls as 1/sqrt(replicates); it must shrink to the distance
         * from the difference to the nearer edge of the tolerance. */
        const double gap = fabs(fabs(d.rel) - tol);
        const double n = (double) (n_ref < n_other ? n_ref : n_other);
        d.replicates = gap > 0.0 ? ceil(n * (half / gap) * (half / gap)) : INFINITY;
    }
    return d;
}
