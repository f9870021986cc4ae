#include "analysis/reports/comparison_write.h"
#include "sim/text_out.h"

#include <math.h>
#include <string.h>


void csim_comparison_persistence_years(const csim_comparison *c, size_t label, char *buf,
                                       size_t size) {
    const int f = c->funding_end_of ? c->funding_end_of[label] : 0;
    if (f > 0) {
        snprintf(buf, size, "%d/%d", c->after_year_of[label], f - 1);
    } else {
        snprintf(buf, size, "-");
    }
}

void csim_comparison_n_text(const csim_comparison *c, size_t label, size_t n, char *buf,
                            size_t size) {
    const size_t asked = c->reps_asked ? c->reps_asked[label] : n;
    if (n < asked) {
        snprintf(buf, size, "%zu of %zu", n, asked);
    } else {
        snprintf(buf, size, "%zu", n);
    }
}

/* A number for people: 5 significant digits, "n/a" when undefined. */
static void put_num(FILE *out, int width, double v, bool sign) {
    if (!isfinite(v)) {
        fprintf(out, "%*s", width, "n/a");
    } else {
        fprintf(out, sign ? "%+*.5g" : "%*.5g", width, v);
    }
}

static void put_interval(FILE *out, const csim_stats_summary *s, bool sign) {
    if (!isfinite(s->lo)) {
        fprintf(out, "  %-28s", "");
        return;
    }
    char buf[64];
    snprintf(buf, sizeof buf, sign ? "[%+.5g, %+.5g]" : "[%.5g, %.5g]", s->lo, s->hi);
    fprintf(out, "  %-28s", buf);
}

/* Each scenario's funding end (its own, or --funding-end for all). */
static void describe_persistence(const csim_comparison *c, FILE *out) {
    if (c->funding_end <= 0) {
        return;
    }
    if (strcmp(c->funding_end_from, "--funding-end") == 0) {
        fprintf(out, "Funding ends in %d (--funding-end, every scenario); persistence compares "
                     "year %d (A) with %d (F-1).\n", c->funding_end, c->after_year,
                c->funding_end - 1);
        return;
    }
    for (size_t l = 0; l < c->index.n_labels; ++l) {
        const int f = c->funding_end_of[l];
        if (f > 0) {
            fprintf(out, "Funding ends in %d (policy.budget of %s); its persistence compares "
                         "year %d (A) with %d (F-1).\n", f, c->index.labels[l],
                    c->after_year_of[l], f - 1);
        }
    }
}

void csim_comparison_write_table(const csim_comparison *c, FILE *out) {
    const csim_ensemble_index *ix = &c->index;
    int width = 8;
    for (size_t l = 0; l < ix->n_labels; ++l) {
        const int len = (int) strlen(ix->labels[l]);
        width = len > width ? len : width;
    }
    fprintf(out, "Comparison of %s: %zu scenario%s, baseline %s\nReplicates complete:",
            ix->dir, ix->n_labels, ix->n_labels == 1 ? "" : "s", ix->labels[c->baseline]);
    for (size_t l = 0; l < ix->n_labels; ++l) {
        char n[48];
        csim_comparison_n_text(c, l, c->reps_ok[l], n, sizeof n);
        fprintf(out, "%s %s %s", l ? "," : "", ix->labels[l], n);
    }
    fprintf(out, "\nvalue: calendar-year mean of each run; mean over replicates with its %g%% "
                 "t interval\n       (cut at 0 for counts and money, at 0 and 1 for shares).\neffect: paired difference scenario - baseline (replicate r with "
                 "replicate r: common random\n        numbers), mean with its %g%% t interval; "
                 "pairs = replicates in both; * = interval excludes 0.\n",
            100.0 * c->level, 100.0 * c->level);
    describe_persistence(c, out);
    if (c->unpaired) {
        fprintf(out, "note: %s is a %s sweep: its points are parameter values, not scenarios to "
                     "pair with a baseline,\n      so only their values are given (`clustersim "
                     "table` lists the points with their values)\n", ix->dir,
                ix->design ? ix->design : "parameter");
    }
    for (size_t k = 0; k < c->n_notes; ++k) {
        fprintf(out, "note: %s\n", c->notes[k]);
    }
    size_t prev = (size_t) -1;
    int prev_year = -1;
    for (size_t i = 0; i < c->n_rows; ++i) {
        const csim_comparison_row *row = &c->rows[i];
        const char *name = c->measures[row->measure];
        if (row->measure != prev) {
            const char *unit = c->units[row->measure];
            fprintf(out, "\n%s%s%s%s: %s\n  %-9s  %-*s  %5s  %11s  %-28s  %5s  %11s  %s\n", name,
                    unit[0] ? " [" : "", unit, unit[0] ? "]" : "", c->descriptions[row->measure],
                    "year", width, "scenario", "n", "value", "95% interval", "pairs", "effect",
                    "95% interval");
            prev = row->measure;
            prev_year = -1;
        } else if (row->year != prev_year) {
            fputc('\n', out);
        }
        prev_year = row->year;
        char when[32], n[48];
        if (c->persistence[row->measure]) {
            csim_comparison_persistence_years(c, row->label, when, sizeof when);
        } else {
            snprintf(when, sizeof when, "%d", row->year);
        }
        csim_comparison_n_text(c, row->label, row->value.n, n, sizeof n);
        fprintf(out, "  %-9s  %-*s  %5s  ", when, width, ix->labels[row->label], n);
        put_num(out, 11, row->value.mean, false);
        put_interval(out, &row->value, false);
        if (row->label == c->baseline) {
            fprintf(out, "  %5s  %11s\n", "-", "(baseline)");
            continue;
        }
        csim_comparison_n_text(c, row->label, row->diff.n, n, sizeof n);
        fprintf(out, "  %5s  ", n);
        put_num(out, 11, row->diff.mean, true);
        put_interval(out, &row->diff, true);
        const bool excludes = isfinite(row->diff.lo) && (row->diff.lo > 0.0 || row->diff.hi < 0.0);
        fputs(excludes ? " *\n" : "\n", out);
    }
}

/* ---- The numbers of a summary, for CSV and JSON ------------------------------------------ */

enum { SUMMARY_NUMBERS = 4 };

/* A summary's numbers after its count, in the order of their CSV columns and JSON keys
 * (the keys as named here; the CSV header prefixes the effect's with "effect_"). */
static const char *const summary_keys[SUMMARY_NUMBERS] = {"mean", "sd", "ci_low", "ci_high"};

static void summary_numbers(const csim_stats_summary *s, double v[SUMMARY_NUMBERS]) {
    v[0] = s->mean;
    v[1] = s->sd;
    v[2] = s->lo;
    v[3] = s->hi;
}

/* ---- CSV ------------------------------------------------------------------------------ */

/* The columns n, mean, sd, ci_low, ci_high of a summary, each after a comma. */
static void csv_summary(FILE *out, const csim_stats_summary *s) {
    double v[SUMMARY_NUMBERS];
    summary_numbers(s, v);
    fprintf(out, ",%zu", s->n);
    for (size_t i = 0; i < SUMMARY_NUMBERS; ++i) {
        csim_csv_next_number(out, v[i], 10);
    }
}

void csim_comparison_write_csv(const csim_comparison *c, FILE *out) {
    fputs("measure,unit,kind,year,scenario,baseline,n,mean,sd,ci_low,ci_high,pairs,effect,"
          "effect_sd,effect_ci_low,effect_ci_high,support,asked\n", out);
    for (size_t i = 0; i < c->n_rows; ++i) {
        const csim_comparison_row *row = &c->rows[i];
        const bool pers = c->persistence[row->measure];
        const char *name = c->measures[row->measure];
        csim_csv_field(out, name);
        fputc(',', out);
        csim_csv_field(out, c->units[row->measure]);
        /* A persistence row of a scenario without a funding end has no year. */
        const int year = pers ? c->after_year_of[row->label] : row->year;
        fprintf(out, ",%s,", pers ? "persistence" : "year-mean");
        if (year > 0) {
            fprintf(out, "%d", year);
        }
        fputc(',', out);
        csim_csv_field(out, c->index.labels[row->label]);
        fputc(',', out);
        csim_csv_field(out, c->index.labels[c->baseline]);
        csv_summary(out, &row->value);
        csv_summary(out, &row->diff);
        fprintf(out, ",%s,%zu\n", csim_bounds_name(c->bounds[row->measure]),
                c->reps_asked[row->label]);
    }
}

/* ---- JSON ----------------------------------------------------------------------------- */

static void json_summary(FILE *out, const char *key, const csim_stats_summary *s) {
    double v[SUMMARY_NUMBERS];
    summary_numbers(s, v);
    fprintf(out, "\"%s\": {\"n\": %zu", key, s->n);
    for (size_t i = 0; i < SUMMARY_NUMBERS; ++i) {
        fprintf(out, ", \"%s\": ", summary_keys[i]);
        csim_json_number(out, v[i], 10);
    }
    fputc('}', out);
}

/* The "scenarios" list: each scenario's replicates and funding end. */
static void json_scenarios(const csim_comparison *c, FILE *out) {
    const csim_ensemble_index *ix = &c->index;
    for (size_t l = 0; l < ix->n_labels; ++l) {
        fputs(l ? ", {\"name\": " : "{\"name\": ", out);
        csim_json_string(out, ix->labels[l]);
        fprintf(out, ", \"replicates\": %zu, \"asked\": %zu, \"funding_end\": ", c->reps_ok[l],
                c->reps_asked[l]);
        if (c->funding_end_of[l] > 0) {
            fprintf(out, "%d, \"persistence_years\": {\"before\": %d, \"after\": %d}}",
                    c->funding_end_of[l], c->funding_end_of[l] - 1, c->after_year_of[l]);
        } else {
            fputs("null}", out);
        }
    }
}

/* The "measures" list: each measure's unit, kind, support and description. */
static void json_measures(const csim_comparison *c, FILE *out) {
    for (size_t m = 0; m < c->n_measures; ++m) {
        fputs(m ? ",\n    {\"name\": " : "\n    {\"name\": ", out);
        csim_json_string(out, c->measures[m]);
        fputs(", \"unit\": ", out);
        csim_json_string(out, c->units[m]);
        fprintf(out, ", \"kind\": \"%s\", \"support\": \"%s\", \"description\": ",
                c->persistence[m] ? "persistence" : "year-mean", csim_bounds_name(c->bounds[m]));
        csim_json_string(out, c->descriptions[m]);
        fputc('}', out);
    }
}

/* The "rows" list: one object a measure, year and scenario, with its value and its effect
 * against the baseline (null for the baseline itself). */
static void json_rows(const csim_comparison *c, FILE *out) {
    const csim_ensemble_index *ix = &c->index;
    for (size_t i = 0; i < c->n_rows; ++i) {
        const csim_comparison_row *row = &c->rows[i];
        const bool pers = c->persistence[row->measure];
        fputs(i ? ",\n    {\"measure\": " : "\n    {\"measure\": ", out);
        csim_json_string(out, c->measures[row->measure]);
        const int year = pers ? c->after_year_of[row->label] : row->year;
        fprintf(out, ", \"kind\": \"%s\", \"year\": ", pers ? "persistence" : "year-mean");
        if (year > 0) {
            fprintf(out, "%d", year);
        } else {
            fputs("null", out);
        }
        fputs(", \"scenario\": ", out);
        csim_json_string(out, ix->labels[row->label]);
        fputs(", ", out);
        json_summary(out, "value", &row->value);
        if (row->label == c->baseline) {
            fputs(", \"effect\": null}", out);
        } else {
            fputs(", ", out);
            json_summary(out, "effect", &row->diff);
            fputc('}', out);
        }
    }
}

void csim_comparison_write_json(const csim_comparison *c, FILE *out) {
    const csim_ensemble_index *ix = &c->index;
    fputs("{\n  \"dir\": ", out);
    csim_json_string(out, ix->dir);
    fputs(",\n  \"baseline\": ", out);
    csim_json_string(out, ix->labels[c->baseline]);
    fprintf(out, ",\n  \"level\": %g,\n  \"pairing\": %s,\n", c->level,
            !c->unpaired ? "\"replicate r of each scenario with replicate r of the baseline "
                        "(common random numbers)\""
                      : "null");
    if (c->funding_end > 0) {
        fprintf(out, "  \"funding_end\": %d,\n  \"funding_end_from\": ", c->funding_end);
        csim_json_string(out, c->funding_end_from);
        fprintf(out, ",\n  \"persistence_years\": {\"before\": %d, \"after\": %d},\n",
                c->funding_end - 1, c->after_year);
    } else {
        fputs("  \"funding_end\": null,\n", out);
    }
    fputs("  \"scenarios\": [", out);
    json_scenarios(c, out);
    fputs("],\n  \"measures\": [", out);
    json_measures(c, out);
    fputs("],\n  \"notes\": [", out);
    for (size_t k = 0; k < c->n_notes; ++k) {
        fputs(k ? ", " : "", out);
        csim_json_string(out, c->notes[k]);
    }
    fputs("],\n  \"rows\": [", out);
    json_rows(c, out);
    fputs("\n  ]\n}\n", out);
}

/* ---- Markdown ------------------------------------------------------------------------- */

static void md_text(FILE *out, const char *s) {
    for (const char *p = s; *p; ++p) {
        if (*p == '|' || *p == '*' || *p == '_' || *p == '`' || *p == '<' || *p == '[' ||
            *p == ']' || *p == '\\') {
            fputc('\\', out);
        }
        fputc(*p == '\n' ? ' ' : *p, out);
    }
}

static void md_ci(FILE *out, const csim_stats_summary *s, bool sign) {
    if (!isfinite(s->mean)) {
        fputs(" n/a |", out);
        return;
    }
    fprintf(out, sign ? " %+.4g" : " %.4g", s->mean);
    if (isfinite(s->lo)) {
        fprintf(out, sign ? " [%+.4g, %+.4g]" : " [%.4g, %.4g]", s->lo, s->hi);
    }
    fputs(" |", out);
}

void csim_comparison_write_markdown(const csim_comparison *c, size_t m, FILE *out) {
    fputs("| year | scenario | n | value [95% CI] | pairs | effect vs baseline [95% CI] |\n"
          "|---|---|---|---|---|---|\n", out);
    for (size_t i = 0; i < c->n_rows; ++i) {
        const csim_comparison_row *row = &c->rows[i];
        if (row->measure != m) {
            continue;
        }
        char when[32], n[48];
        if (c->persistence[m]) {
            csim_comparison_persistence_years(c, row->label, when, sizeof when);
        } else {
            snprintf(when, sizeof when, "%d", row->year);
        }
        fprintf(out, "| %s | ", when);
        md_text(out, c->index.labels[row->label]);
        csim_comparison_n_text(c, row->label, row->value.n, n, sizeof n);
        fprintf(out, " | %s |", n);
        md_ci(out, &row->value, false);
        if (row->label == c->baseline) {
            fputs(" - | (baseline) |\n", out);
            continue;
        }
        csim_comparison_n_text(c, row->label, row->diff.n, n, sizeof n);
        fprintf(out, " %s |", n);
        md_ci(out, &row->diff, true);
        fputc('\n', out);
    }
}
