#include "analysis/reports/report.h"

#include <string.h>

#include "analysis/reports/comparison_write.h"
#include "analysis/reports/plot.h"
#include "analysis/statistics/sensitivity.h"

/* Markdown-safe text: characters that would start markup are escaped. */
static void md(FILE *out, const char *s) {
    for (const char *p = s; *p; ++p) {
        if (strchr("\\`*_[]<>|", *p)) {
            fputc('\\', out);
        }
        fputc(*p == '\n' ? ' ' : *p, out);
    }
}

static void figure(FILE *out, const char *stem, const char *alt) {
    fprintf(out, "![%s](%s.png)\n\n[SVG](%s.svg) · data: `%s*.dat`\n\n", alt, stem, stem, stem);
}

void csim_report_compare(const csim_comparison *c, FILE *out) {
    const csim_ensemble_index *ix = &c->index;
    fputs("# Scenario comparison: ", out);
    md(out, ix->dir);
    fputs("\n\nScenarios (complete replicates): ", out);
    for (size_t l = 0; l < ix->n_labels; ++l) {
        fputs(l ? ", " : "", out);
        char n[48];
        csim_comparison_n_text(c, l, c->reps_ok[l], n, sizeof n);
        md(out, ix->labels[l]);
        fprintf(out, " (%s)", n);
    }
    fputs(". Baseline: **", out);
    md(out, ix->labels[c->baseline]);
    fprintf(out, "**.\n\n*Value*: each run's calendar-year mean, averaged over replicates, with "
                 "its %g%% t interval (cut at 0 for counts and money, at 0 and 1 for "
                 "shares). *Effect*: the paired difference scenario − baseline, "
                 "replicate r with replicate r (the same random streams: common random "
                 "numbers), with its %g%% t interval; *pairs* is the number of replicates "
                 "behind it. Figures show monthly values with the same intervals as bands. "
                 "Definitions: docs/ANALYSIS.md.\n\n", 100.0 * c->level, 100.0 * c->level);
    for (size_t l = 0; l < ix->n_labels && c->funding_end > 0; ++l) {
        if (c->funding_end_of[l] > 0) {
            fprintf(out, "Funding of **");
            md(out, ix->labels[l]);
            fprintf(out, "** ends in %d; its persistence measures compare year %d with year "
                         "%d.\n\n", c->funding_end_of[l], c->after_year_of[l],
                    c->funding_end_of[l] - 1);
        }
    }
    for (size_t k = 0; k < c->n_notes; ++k) {
        fputs("> Note: ", out);
        md(out, c->notes[k]);
        fputs("\n\n", out);
    }
    for (size_t m = 0; m < c->n_measures; ++m) {
        const char *name = c->measures[m];
        char stem[256];
        fputs("## ", out);
        md(out, name);
        fputs("\n\n", out);
        md(out, c->descriptions[m]);
        const char *unit = c->units[m];
        if (unit[0]) {
            fputs(" (unit: ", out);
            md(out, unit);
            fputc(')', out);
        }
        fputs(".\n\n", out);
        if (c->persistence[m]) {
            csim_plot_basename("persist", m, name, stem, sizeof stem);
            figure(out, stem, name);
        } else {
            csim_plot_basename("ts", m, name, stem, sizeof stem);
            figure(out, stem, name);
            if (ix->n_labels >= 2) {
                csim_plot_basename("effect", m, name, stem, sizeof stem);
                figure(out, stem, "paired effect");
            }
        }
        csim_comparison_write_markdown(c, m, out);
        fputc('\n', out);
    }
}

void csim_report_sobol(const csim_comparison *c, const csim_sobol_result *results, size_t n,
                       int year, FILE *out) {
    fputs("# Sobol sensitivity indices: ", out);
    md(out, c->index.dir);
    fprintf(out, "\n\nSaltelli sweep over %zu parameters. S1: first-order index (Saltelli et "
                 "al. 2010); ST: total index (Jansen 1999); intervals: bootstrap percentiles "
                 "over the base samples. Each design point's output is the mean over its "
                 "replicates of the measure's calendar-year mean in %d (persistence measures: "
                 "their ratio). Definitions: docs/ANALYSIS.md.\n\n", c->index.n_params, year);
    for (size_t m = 0; m < n; ++m) {
        char stem[256];
        const char *name = c->measures[m];
        fputs("## ", out);
        md(out, name);
        fputs("\n\n", out);
        csim_plot_basename("sobol", m, name, stem, sizeof stem);
        figure(out, stem, name);
        const size_t which = m;
        csim_sensitivity_write(c, &which, &results[m], 1, year, CSIM_SENSITIVITY_MARKDOWN, out);
        fputc('\n', out);
    }
}
