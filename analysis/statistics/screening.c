#include "analysis/statistics/screening.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/text_out.h"

bool csim_ensemble_index_is_morris(const csim_ensemble_index *ix) {
    return ix->design && strcmp(ix->design, "morris") == 0 && ix->design_unit &&
           ix->n_params > 0;
}

/* Delta of the design: the largest coordinate change between the first two rows (every
 * step of a Morris design is +-Delta). */
static double morris_step(const csim_ensemble_index *ix) {
    double delta = 0.0;
    for (size_t j = 0; j < ix->n_params; ++j) {
        delta = fmax(delta, fabs(ix->design_unit[ix->n_params + j] - ix->design_unit[j]));
    }
    return delta;
}

csim_status csim_screening_compute(const csim_comparison *c, size_t measure, int year,
                                   const csim_sensitivity_options *opt,
                                   csim_morris_result *out) {
    csim_status st = CSIM_OK;
    const csim_ensemble_index *ix = &c->index;
    double *f = NULL;
    csim_stats_summary *point = NULL;

    memset(out, 0, sizeof *out);
    if (!csim_ensemble_index_is_morris(ix)) {
        return csim_fail_plain(CSIM_EINVAL, "%s is not a Morris sweep (screening needs "
                                            "`design: morris` in the sweep file)", ix->dir);
    }
    const size_t d = ix->n_params;
    if (ix->n_labels % (d + 1) != 0) {
        return csim_fail_plain(CSIM_EINVAL, "%s: %zu points are not whole trajectories of %zu "
                                            "points", ix->dir, ix->n_labels, d + 1);
    }
    f = calloc(ix->n_labels, sizeof *f); /* calloc: every entry is set below, but GCC cannot see it */
    if (!f) {
        st = CSIM_FAIL(CSIM_ENOMEM, "outputs of %zu points", ix->n_labels);
        goto cleanup;
    }
    CSIM_TRY(csim_sensitivity_point_outputs(c, measure, year, &point));
    /* A point's output is the mean over its complete replicates (NaN when none); the
     * within-point variances are pooled for the noise level. */
    double pooled = 0.0, reps_used = 0.0;
    size_t points_with_spread = 0;
    for (size_t p = 0; p < ix->n_labels; ++p) {
        const csim_stats_summary s = point[p];
        f[p] = s.mean;
        if (s.n >= 2) {
            pooled += s.sd * s.sd;
            reps_used += (double) s.n;
            points_with_spread++;
        }
    }
    st = csim_morris_effects(ix->design_unit, f, ix->n_labels / (d + 1), d, opt->n_boot,
                             opt->level > 0.0 ? opt->level : 0.95, opt->seed, out);
    if (st == CSIM_OK && points_with_spread > 0) {
        const double var = pooled / (double) points_with_spread;
        const double r_mean = reps_used / (double) points_with_spread;
        const double delta = morris_step(ix);
        const double sqrt_2_over_pi = 0.79788456080286536; /* E|Z| of a standard normal */
        out->noise = sqrt_2_over_pi * sqrt(2.0 * var / r_mean) / delta;
    }
    if (st == CSIM_EINVAL) {
        char why[1024]; /* copied: the message is rewritten from its own buffer */
        snprintf(why, sizeof why, "%s", csim_last_error());
        st = csim_fail_plain(CSIM_EINVAL, "%s: %s", ix->dir, why);
    }

cleanup:
    free(point);
    free(f);
    return st;
}

/* Parameters in decreasing mu* (undefined last), ties in design order. */
static void rank_by_mu_star(const csim_morris_result *r, size_t *order) {
    for (size_t i = 0; i < r->d; ++i) {
        order[i] = i;
    }
    for (size_t i = 1; i < r->d; ++i) { /* insertion sort: stable, d is small */
        const size_t k = order[i];
        const double v = isfinite(r->mu_star[k]) ? r->mu_star[k] : -INFINITY;
        size_t j = i;
        while (j > 0) {
            const double w = isfinite(r->mu_star[order[j - 1]]) ? r->mu_star[order[j - 1]] : -INFINITY;
            if (w >= v) {
                break;
            }
            order[j] = order[j - 1];
            --j;
        }
        order[j] = k;
    }
}

static void table_interval(FILE *out, double lo, double hi) {
    char buf[64] = "";
    if (isfinite(lo)) {
        snprintf(buf, sizeof buf, "[%.4g, %.4g]", lo, hi);
    }
    fprintf(out, "  %-23s", buf);
}

static void table_num(FILE *out, double v) {
    if (isfinite(v)) {
        fprintf(out, "  %10.4g", v);
    } else {
        fprintf(out, "  %10s", "n/a");
    }
}

static void write_one(const csim_comparison *c, const csim_morris_result *r, const char *name,
                      int when, bool pers, const size_t *order, int width,
                      csim_sensitivity_format format, bool first, FILE *out) {
    const csim_ensemble_index *ix = &c->index;
    size_t flagged = 0;
    switch (format) {
    case CSIM_SENSITIVITY_TABLE:
        fprintf(out, "\n%s, %s %d: %zu trajectories, %zu bootstrap resamples", name,
                pers ? "persistence to" : "year", when, r->r, r->n_boot);
        if (isfinite(r->noise)) {
            fprintf(out, "; replicate noise alone gives |effect| about %.4g", r->noise);
        }
        fprintf(out, "\n  %4s  %-*s  %10s  %-23s  %10s  %-23s  %10s  %3s\n", "rank", width,
                "parameter", "mu*", "95% interval", "mu", "95% interval", "sigma", "n");
        break;
    case CSIM_SENSITIVITY_MARKDOWN:
        fputs("| rank | parameter | mu* [95% CI] | mu [95% CI] | sigma | effect |\n"
              "|---|---|---|---|---|---|\n", out);
        break;
    case CSIM_SENSITIVITY_JSON:
        fprintf(out, "%s\n    {\"measure\": ", first ? "" : ",");
        csim_json_string(out, name);
        fprintf(out, ", \"year\": %d, \"trajectories\": %zu, \"n_boot\": %zu, \"noise\": ",
                when, r->r, r->n_boot);
        csim_json_number(out, r->noise, 6);
        fputs(", \"parameters\": [", out);
        break;
    default:
        break;
    }
    for (size_t k = 0; k < r->d; ++k) {
        const size_t j = order[k];
        const char *p = ix->params[j];
        flagged += r->no_effect[j];
        switch (format) {
        case CSIM_SENSITIVITY_TABLE:
            fprintf(out, "  %4zu  %-*s", k + 1, width, p);
            table_num(out, r->mu_star[j]);
            table_interval(out, r->mu_star_lo[j], r->mu_star_hi[j]);
            table_num(out, r->mu[j]);
            table_interval(out, r->mu_lo[j], r->mu_hi[j]);
            table_num(out, r->sigma[j]);
            fprintf(out, "  %3zu%s\n", r->n[j], r->no_effect[j] ? "  no effect" : "");
            break;
        case CSIM_SENSITIVITY_CSV:
            csim_csv_field(out, name);
            fprintf(out, ",%d,", when);
            csim_csv_field(out, p);
            fprintf(out, ",%zu,%zu,%zu", k + 1, r->r, r->n[j]);
            csim_sensitivity_csv_estimate(out, r->mu_star[j], r->mu_star_lo[j], r->mu_star_hi[j]);
            csim_sensitivity_csv_estimate(out, r->mu[j], r->mu_lo[j], r->mu_hi[j]);
            csim_csv_next_number(out, r->sigma[j], 10);
            fprintf(out, ",%s\n", r->no_effect[j] ? "true" : "false");
            break;
        case CSIM_SENSITIVITY_JSON:
            fputs(k ? ", {\"name\": " : "{\"name\": ", out);
            csim_json_string(out, p);
            fprintf(out, ", \"rank\": %zu, \"n\": %zu", k + 1, r->n[j]);
            csim_sensitivity_json_estimate(out, "mu_star", r->mu_star[j], r->mu_star_lo[j],
                                           r->mu_star_hi[j]);
            csim_sensitivity_json_estimate(out, "mu", r->mu[j], r->mu_lo[j], r->mu_hi[j]);
            fputs(", \"sigma\": ", out);
            csim_json_number(out, r->sigma[j], 6);
            fprintf(out, ", \"no_effect\": %s}", r->no_effect[j] ? "true" : "false");
            break;
        default:
            fprintf(out, "| %zu | %s | %.4g [%.4g, %.4g] | %.4g [%.4g, %.4g] | %.4g | %s |\n", k + 1,
                    p, r->mu_star[j], r->mu_star_lo[j], r->mu_star_hi[j], r->mu[j], r->mu_lo[j],
                    r->mu_hi[j], r->sigma[j], r->no_effect[j] ? "none" : "");
            break;
        }
    }
    if (format == CSIM_SENSITIVITY_TABLE) {
        fprintf(out, "  %zu of %zu parameters show no effect on %s\n", flagged, r->d, name);
    } else if (format == CSIM_SENSITIVITY_JSON) {
        fputs("]}", out);
    }
}

void csim_screening_write(const csim_comparison *c, const size_t *measure,
                          const csim_morris_result *results, size_t n, int year,
                          csim_sensitivity_format format, FILE *out) {
    const csim_ensemble_index *ix = &c->index;
    const int width = csim_sensitivity_name_width(ix);
    size_t *order = malloc((ix->n_params > 0 ? ix->n_params : 1) * sizeof *order);
    if (!order) {
        fputs("(out of memory while writing the screening)\n", out);
        return;
    }
    if (format == CSIM_SENSITIVITY_CSV) {
        fputs("measure,year,parameter,rank,trajectories,n,mu_star,mu_star_ci_low,"
              "mu_star_ci_high,mu,mu_ci_low,mu_ci_high,sigma,no_effect\n", out);
    } else if (format == CSIM_SENSITIVITY_JSON) {
        fputs("{\n  \"dir\": ", out);
        csim_json_string(out, ix->dir);
        fprintf(out, ",\n  \"method\": \"Morris elementary effects (Morris 1991); mu* of "
                     "Campolongo et al. 2007; bootstrap percentile intervals over "
                     "trajectories; effects per full swept range\",\n  \"no_effect_below\": "
                     "%g,\n  \"results\": [", CSIM_MORRIS_NEGLIGIBLE);
    } else if (format == CSIM_SENSITIVITY_TABLE) {
        fprintf(out, "Morris screening of %s (%zu parameters). Elementary effect = change of the "
                     "output per full swept\nrange of one parameter, one at a time; mu* = mean "
                     "|effect| (importance), mu = mean effect (sign),\nsigma = their spread "
                     "(non-linearity, interactions); a point's output is the mean over its\n"
                     "replicates; 95%% intervals: bootstrap percentiles over trajectories. "
                     "\"no effect\": the upper end\nof the mu* interval is below %g of the "
                     "largest mu*.\n", ix->dir, ix->n_params, CSIM_MORRIS_NEGLIGIBLE);
    }
    for (size_t k = 0; k < n; ++k) {
        const bool pers = c->persistence[measure[k]];
        rank_by_mu_star(&results[k], order);
        write_one(c, &results[k], c->measures[measure[k]], pers ? c->after_year : year, pers,
                  order, width, format, k == 0, out);
    }
    if (format == CSIM_SENSITIVITY_JSON) {
        fputs("\n  ]\n}\n", out);
    }
    free(order);
}
