/* The three forms of the report of `clustersim validate` (analysis/calibration/validation.h). */
#include "analysis/calibration/validation.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "analysis/reports/comparison_write.h"
#include "sim/text_out.h"

static const char *target_of(const csim_target *t) {
    return t->observable ? t->observable : t->statistic;
}

static void put_num(FILE *out, int width, double v) {
    if (!isfinite(v)) {
        fprintf(out, " %*s", width, "n/a");
    } else {
        fprintf(out, " %*.4g", width, v);
    }
}

static void put_needed(FILE *out, size_t needed, size_t replicates) {
    if (needed == SIZE_MAX) {
        fputs("  edge", out);
    } else if (needed > replicates) {
        fprintf(out, " %5zu", needed);
    } else {
        fputs("    ok", out);
    }
}

static void write_years(FILE *out, const csim_validation_context *ctx) {
    if (ctx->first_year > 0) {
        fprintf(out, ", years %d to %d", ctx->first_year, ctx->last_year);
    }
}

/* The closing lines: coverage, scores, tolerance verdicts, and whether R is enough. */
static void write_summary_lines(const csim_validation *v, FILE *out) {
    fprintf(out, "coverage: %zu of %zu targets inside their 5-95%% predictive interval (%.0f%%; "
                 "about 90%% expected of a model that reproduces the data)\n",
            v->inside, v->n_rows, 100.0 * v->coverage);
    fprintf(out, "scores: mean CRPS/tolerance %.3g, mean interval score/tolerance %.3g "
                 "(over %zu targets with values; lower is better)\n",
            v->mean_crps_scaled, v->mean_interval_score_scaled, v->scored);
    fprintf(out, "tolerance: %zu of %zu target means within tolerance\n", v->passed, v->n_rows);
    if (v->unsettled == 0) {
        fprintf(out, "replicates: %zu are enough: every verdict stands two Monte Carlo standard "
                     "errors away\n", v->replicates);
        return;
    }
    fprintf(out, "replicates: %zu are NOT enough for %zu target%s (a verdict within two Monte "
                 "Carlo standard errors of flipping)", v->replicates, v->unsettled,
            v->unsettled == 1 ? "" : "s");
    if (v->suggested > v->replicates) {
        fprintf(out, "; suggest --replicates %zu%s", v->suggested,
                v->suggested >= CSIM_VALIDATION_MAX_SUGGESTION ? " (the most suggested)" : "");
    }
    if (v->on_edge > 0) {
        fprintf(out, "; %zu sit%s on an edge that no replicate count settles", v->on_edge,
                v->on_edge == 1 ? "s" : "");
    }
    fputc('\n', out);
}

void csim_validation_write_table(const csim_validation *v, const csim_validation_context *ctx, FILE *out) {
    fprintf(out, "Validation of %s: %zu replicates, targets %s", ctx->scenario, v->replicates,
            ctx->targets_path);
    write_years(out, ctx);
    fputs("\n"
          "mean +-se: replicate mean and its Monte Carlo standard error; verdict: mean within "
          "tolerance (what calibrate fits).\n"
          "5%..95%: predictive interval of single replicates; in: observed inside it; rank: "
          "of the observation among the\n"
          "replicates (1 = below all, n+1 = above all); CRPS/tol: score of the replicate "
          "distribution over the tolerance;\n"
          "reps: ok, or the replicates that would settle the verdicts (edge: on an edge, "
          "never settled).\n", out);
    fprintf(out, "%-40s %4s %10s %10s %9s %10s %10s %3s %6s %8s %9s %7s %5s\n", "target", "year",
            "observed", "mean", "+-se", "5%", "95%", "in", "rank", "CRPS/tol", "tolerance",
            "verdict", "reps");
    for (size_t k = 0; k < v->n_rows; ++k) {
        const csim_validation_row *row = &v->rows[k];
        const csim_target *t = row->target;
        fprintf(out, "%-40.40s ", t->name);
        if (t->year > 0) {
            fprintf(out, "%4d", t->year);
        } else {
            fputs("   -", out);
        }
        put_num(out, 10, t->value);
        put_num(out, 10, row->pred.mean);
        put_num(out, 9, row->pred.mean_se);
        put_num(out, 10, row->pred.q_lo);
        put_num(out, 10, row->pred.q_hi);
        fprintf(out, " %3s", row->pred.n == 0 ? "-" : row->pred.inside ? "yes" : "NO");
        if (row->pred.n > 0) {
            fprintf(out, " %6.4g", row->pred.rank);
        } else {
            fprintf(out, " %6s", "n/a");
        }
        put_num(out, 8, row->crps_scaled);
        put_num(out, 9, row->tolerance);
        fprintf(out, " %7s", row->verdict.pass ? "pass" : "FAIL");
        put_needed(out, row->needed, v->replicates);
        if (row->pred.n < v->replicates) {
            fprintf(out, "  (%zu of %zu replicates have a value)", row->pred.n, v->replicates);
        }
        fputc('\n', out);
    }
    write_summary_lines(v, out);
    fprintf(out, "(%zu replicates of %s, %.1f s)\n", v->replicates, ctx->scenario, ctx->elapsed_s);
}

/* ---- The numbers a CSV and a JSON row share -------------------------------------------- */

enum { SPREAD_COLUMNS = 7, SCORE_COLUMNS = 6 };

/* The numbers of a row that both forms write, named once: those of the predictive
 * distribution (between `n` and `inside`) and the scores (between `inside` and `verdict`),
 * under the JSON keys here, which are also the CSV header's columns. */
static const char *const spread_keys[SPREAD_COLUMNS] = {"mean", "mean_se", "sd", "q05",
                                                        "q95", "q05_se", "q95_se"};
static const char *const score_keys[SCORE_COLUMNS] = {
    "rank", "crps", "crps_scaled", "interval_score", "interval_score_scaled", "tolerance"};

typedef struct row_numbers {
    double spread[SPREAD_COLUMNS];
    double scores[SCORE_COLUMNS];
} row_numbers;

static row_numbers numbers_of(const csim_validation_row *row) {
    const csim_predictive *p = &row->pred;
    return (row_numbers){
        {p->mean, p->mean_se, p->sd, p->q_lo, p->q_hi, p->q_lo_se, p->q_hi_se},
        {p->rank, p->crps, row->crps_scaled, p->interval_score, row->interval_score_scaled,
         row->tolerance}};
}

/* ---- CSV ------------------------------------------------------------------------------ */

static void csv_numbers(FILE *out, const double *v, size_t n) {
    for (size_t i = 0; i < n; ++i) {
        csim_csv_next_number(out, v[i], 10);
    }
}

static void csv_text(FILE *out, const char *s) {
    if (s) {
        csim_csv_field(out, s);
    }
}

void csim_validation_write_csv(const csim_validation *v, const csim_validation_context *ctx, FILE *out) {
    (void) ctx;
    fputs("target,quantity,index,year,line,observed,n,mean,mean_se,sd,q05,q95,q05_se,q95_se,"
          "inside,rank,crps,crps_scaled,interval_score,interval_score_scaled,tolerance,"
          "verdict,replicates_needed\n", out);
    for (size_t k = 0; k < v->n_rows; ++k) {
        const csim_validation_row *row = &v->rows[k];
        const csim_target *t = row->target;
        const csim_predictive *p = &row->pred;
        csv_text(out, t->name);
        fputc(',', out);
        csv_text(out, target_of(t));
        fputc(',', out);
        csv_text(out, t->index);
        fputc(',', out);
        if (t->year > 0) {
            fprintf(out, "%d", t->year);
        }
        fprintf(out, ",%d", t->line);
        csim_csv_next_number(out, t->value, 10);
        const row_numbers num = numbers_of(row);
        fprintf(out, ",%zu", p->n);
        csv_numbers(out, num.spread, SPREAD_COLUMNS);
        fprintf(out, ",%s", p->n == 0 ? "" : p->inside ? "true" : "false");
        csv_numbers(out, num.scores, SCORE_COLUMNS);
        fprintf(out, ",%s,", row->verdict.pass ? "pass" : "fail");
        if (row->needed != SIZE_MAX) {
            fprintf(out, "%zu", row->needed);
        }
        fputc('\n', out);
    }
}

/* ---- JSON ----------------------------------------------------------------------------- */

static void json_num(FILE *out, const char *key, double v) {
    fprintf(out, ", \"%s\": ", key);
    csim_json_number(out, v, 10);
}

static void json_numbers(FILE *out, const char *const *keys, const double *v, size_t n) {
    for (size_t i = 0; i < n; ++i) {
        json_num(out, keys[i], v[i]);
    }
}

static void json_text(FILE *out, const char *key, const char *s) {
    fprintf(out, ", \"%s\": ", key);
    if (s) {
        csim_json_string(out, s);
    } else {
        fputs("null", out);
    }
}

void csim_validation_write_json(const csim_validation *v, const csim_validation_context *ctx, FILE *out) {
    fputs("{\n  \"scenario\": ", out);
    csim_json_string(out, ctx->scenario);
    fputs(",\n  \"targets_file\": ", out);
    csim_json_string(out, ctx->targets_path);
    fprintf(out, ",\n  \"replicates\": %zu,\n  \"years\": ", v->replicates);
    if (ctx->first_year > 0) {
        fprintf(out, "[%d, %d]", ctx->first_year, ctx->last_year);
    } else {
        fputs("null", out);
    }
    fprintf(out, ",\n  \"predictive_interval\": [%g, %g],\n  \"bootstrap\": %d,\n  \"targets\": [",
            CSIM_PREDICTIVE_LO, CSIM_PREDICTIVE_HI, CSIM_VALIDATION_BOOTSTRAP);
    for (size_t k = 0; k < v->n_rows; ++k) {
        const csim_validation_row *row = &v->rows[k];
        const csim_target *t = row->target;
        const csim_predictive *p = &row->pred;
        fputs(k ? ",\n    {\"name\": " : "\n    {\"name\": ", out);
        csim_json_string(out, t->name);
        json_text(out, t->observable ? "observable" : "statistic", target_of(t));
        json_text(out, "index", t->index);
        if (t->year > 0) {
            fprintf(out, ", \"year\": %d", t->year);
        } else {
            fputs(", \"year\": null", out);
        }
        fprintf(out, ", \"line\": %d", t->line);
        json_num(out, "observed", t->value);
        const row_numbers num = numbers_of(row);
        fprintf(out, ", \"n\": %zu", p->n);
        json_numbers(out, spread_keys, num.spread, SPREAD_COLUMNS);
        fprintf(out, ", \"inside\": %s", p->n == 0 ? "null" : p->inside ? "true" : "false");
        json_numbers(out, score_keys, num.scores, SCORE_COLUMNS);
        fprintf(out, ", \"verdict\": \"%s\", \"replicates_needed\": ", row->verdict.pass ? "pass" : "fail");
        if (row->needed == SIZE_MAX) {
            fputs("null}", out);
        } else {
            fprintf(out, "%zu}", row->needed);
        }
    }
    fprintf(out, "\n  ],\n  \"summary\": {\"targets\": %zu, \"inside\": %zu", v->n_rows, v->inside);
    json_num(out, "coverage", v->coverage);
    json_num(out, "mean_crps_scaled", v->mean_crps_scaled);
    json_num(out, "mean_interval_score_scaled", v->mean_interval_score_scaled);
    fprintf(out, ", \"within_tolerance\": %zu, \"replicates_enough\": %s, \"unsettled\": %zu, "
                 "\"on_edge\": %zu, \"replicates_suggested\": %zu",
            v->passed, v->unsettled == 0 ? "true" : "false", v->unsettled, v->on_edge, v->suggested);
    json_num(out, "elapsed_s", ctx->elapsed_s);
    fputs("}\n}\n", out);
}
