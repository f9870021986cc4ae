#include "analysis/statistics/sensitivity.h"

#include "sim/text_out.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

csim_status csim_sensitivity_compute(const csim_comparison *c, size_t measure, int year,
                                     const csim_sensitivity_options *opt,
                                     csim_sobol_result *out) {
    csim_status st = CSIM_OK;
    const csim_ensemble_index *ix = &c->index;
    double *f = NULL;
    csim_stats_summary *point = NULL;

    memset(out, 0, sizeof *out);
    if (!csim_ensemble_index_is_saltelli(ix)) {
        return csim_fail_plain(CSIM_EINVAL, "%s is not a Saltelli sweep (Sobol indices need "
                                            "`design: saltelli` in the sweep file)", ix->dir);
    }
    const size_t d = ix->n_params;
    size_t n_base = 0;
    for (size_t t = 0; t < ix->n_tasks; ++t) {
        if ((size_t) ix->tasks[t].sample + 1 > n_base) {
            n_base = (size_t) ix->tasks[t].sample + 1;
        }
    }
    /* f holds the rows A, AB^1 .. AB^d, B one after another, each n_base long. */
    f = malloc((d + 2) * n_base * sizeof *f);
    if (!f) {
        st = CSIM_FAIL(CSIM_ENOMEM, "Saltelli matrices of %zu samples", n_base);
        goto cleanup;
    }
    CSIM_TRY(csim_sensitivity_point_outputs(c, measure, year, &point));
    for (size_t i = 0; i < (d + 2) * n_base; ++i) {
        f[i] = NAN;
    }
    for (size_t t = 0; t < ix->n_tasks; ++t) {
        const csim_ensemble_index_task *task = &ix->tasks[t];
        f[task->block * n_base + (size_t) task->sample] = point[task->point].mean;
    }
    CSIM_TRY(csim_sobol_indices(f, f + (d + 1) * n_base, f + n_base, n_base, d, opt->n_boot,
                                opt->level > 0.0 ? opt->level : 0.95, opt->seed, out));

cleanup:
    free(point);
    free(f);
    return st;
}

csim_status csim_sensitivity_point_outputs(const csim_comparison *c, size_t measure, int year,
                                           csim_stats_summary **point) {
    const size_t n = c->index.n_labels;
    double *reps = malloc((c->n_reps > 0 ? c->n_reps : 1) * sizeof *reps);
    *point = malloc((n > 0 ? n : 1) * sizeof **point);
    if (!reps || !*point) {
        free(reps);
        free(*point);
        *point = NULL;
        return CSIM_FAIL(CSIM_ENOMEM, "outputs of %zu points", n);
    }
    for (size_t p = 0; p < n; ++p) {
        (*point)[p] = csim_comparison_label_summary(c, p, measure, year, reps);
    }
    free(reps);
    return CSIM_OK;
}

void csim_sensitivity_json_estimate(FILE *out, const char *key, double v, double lo, double hi) {
    fprintf(out, ", \"%s\": ", key);
    csim_json_number(out, v, 6);
    fprintf(out, ", \"%s_ci\": [", key);
    csim_json_number(out, lo, 6);
    fputs(", ", out);
    csim_json_number(out, hi, 6);
    fputc(']', out);
}

void csim_sensitivity_csv_estimate(FILE *out, double v, double lo, double hi) {
    csim_csv_next_number(out, v, 10);
    csim_csv_next_number(out, lo, 10);
    csim_csv_next_number(out, hi, 10);
}

int csim_sensitivity_name_width(const csim_ensemble_index *ix) {
    int width = 9;
    for (size_t j = 0; j < ix->n_params; ++j) {
        const int len = (int) strlen(ix->params[j]);
        width = len > width ? len : width;
    }
    return width;
}

void csim_sensitivity_write(const csim_comparison *c, const size_t *measure,
                            const csim_sobol_result *results, size_t n, int year,
                            csim_sensitivity_format format, FILE *out) {
    const csim_ensemble_index *ix = &c->index;
    const int width = csim_sensitivity_name_width(ix);
    if (format == CSIM_SENSITIVITY_CSV) {
        fputs("measure,year,parameter,n_base,n_boot,S1,S1_ci_low,S1_ci_high,ST,ST_ci_low,"
              "ST_ci_high\n", out);
    } else if (format == CSIM_SENSITIVITY_JSON) {
        fputs("{\n  \"dir\": ", out);
        csim_json_string(out, ix->dir);
        fputs(",\n  \"estimators\": \"S1: Saltelli 2010; ST: Jansen 1999; bootstrap "
              "percentile intervals\",\n  \"results\": [", out);
    } else if (format == CSIM_SENSITIVITY_TABLE) {
        fprintf(out, "Sobol indices of %s (%zu parameters): S1 first order (Saltelli 2010), ST "
                     "total (Jansen);\neach point's output is the mean over its replicates; "
                     "intervals: bootstrap percentiles.\n", ix->dir, ix->n_params);
    }
    for (size_t k = 0; k < n; ++k) {
        const csim_sobol_result *r = &results[k];
        const char *name = c->measures[measure[k]];
        const bool pers = c->persistence[measure[k]];
        const int when = pers ? c->after_year : year;
        if (format == CSIM_SENSITIVITY_TABLE) {
            fprintf(out, "\n%s, %s %d: %zu base samples, %zu bootstrap resamples, output "
                         "variance %.5g\n  %-*s  %9s  %-21s  %9s  %-21s\n", name,
                    pers ? "persistence to" : "year", when, r->n, r->n_boot, r->variance, width,
                    "parameter", "S1", "95% interval", "ST", "95% interval");
        } else if (format == CSIM_SENSITIVITY_MARKDOWN) {
            fprintf(out, "| parameter | S1 [95%% CI] | ST [95%% CI] |\n|---|---|---|\n");
        } else if (format == CSIM_SENSITIVITY_JSON) {
            fprintf(out, "%s\n    {\"measure\": \"%s\", \"year\": %d, \"n_base\": %zu, "
                         "\"n_boot\": %zu, \"variance\": ", k ? "," : "", name, when, r->n,
                    r->n_boot);
            csim_json_number(out, r->variance, 6);
            fputs(", \"parameters\": [", out);
        }
        for (size_t j = 0; j < r->d; ++j) {
            const char *p = ix->params[j];
            switch (format) {
            case CSIM_SENSITIVITY_TABLE: {
                char a[64] = "", b[64] = "";
                if (isfinite(r->s1_lo[j])) {
                    snprintf(a, sizeof a, "[%.4f, %.4f]", r->s1_lo[j], r->s1_hi[j]);
                    snprintf(b, sizeof b, "[%.4f, %.4f]", r->st_lo[j], r->st_hi[j]);
                }
                fprintf(out, "  %-*s  ", width, p);
                isfinite(r->s1[j]) ? fprintf(out, "%9.4f", r->s1[j]) : fprintf(out, "%9s", "n/a");
                fprintf(out, "  %-21s  ", a);
                isfinite(r->st[j]) ? fprintf(out, "%9.4f", r->st[j]) : fprintf(out, "%9s", "n/a");
                fprintf(out, "  %s\n", b);
                break;
            }
            case CSIM_SENSITIVITY_CSV:
                fprintf(out, "%s,%d,%s,%zu,%zu", name, when, p, r->n, r->n_boot);
                csim_sensitivity_csv_estimate(out, r->s1[j], r->s1_lo[j], r->s1_hi[j]);
                csim_sensitivity_csv_estimate(out, r->st[j], r->st_lo[j], r->st_hi[j]);
                fputc('\n', out);
                break;
            case CSIM_SENSITIVITY_JSON:
                fputs(j ? ", {\"name\": " : "{\"name\": ", out);
                csim_json_string(out, p);
                csim_sensitivity_json_estimate(out, "S1", r->s1[j], r->s1_lo[j], r->s1_hi[j]);
                csim_sensitivity_json_estimate(out, "ST", r->st[j], r->st_lo[j], r->st_hi[j]);
                fputc('}', out);
                break;
            default:
                fprintf(out, "| %s | %.3f [%.3f, %.3f] | %.3f [%.3f, %.3f] |\n", p, r->s1[j],
                        r->s1_lo[j], r->s1_hi[j], r->st[j], r->st_lo[j], r->st_hi[j]);
                break;
            }
        }
        if (format == CSIM_SENSITIVITY_JSON) {
            fputs("]}", out);
        }
    }
    if (format == CSIM_SENSITIVITY_JSON) {
        fputs("\n  ]\n}\n", out);
    }
}
