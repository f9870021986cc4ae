#include "analysis/reports/brief_write.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/reports/comparison_write.h"
#include "analysis/reports/plot.h"

/* Cells of one table row: fixed buffers, the widest table being the summary's. */
#define MAX_COLUMNS (CSIM_BRIEF_MAX_OUTCOMES + 6)
#define CELL 320
typedef struct cells {
    char text[MAX_COLUMNS][CELL];
    const char *ptr[MAX_COLUMNS];
} cells;

static void cells_init(cells *r) {
    for (size_t i = 0; i < MAX_COLUMNS; ++i) {
        r->text[i][0] = '\0';
        r->ptr[i] = r->text[i];
    }
}

/* "label (unit)"; the unit is left out when it is "1" or unknown. */
static void with_unit(char *buf, size_t size, const char *label, const char *unit) {
    if (unit[0] && strcmp(unit, "1") != 0) {
        snprintf(buf, size, "%s (%s)", label, unit);
    } else {
        snprintf(buf, size, "%s", label);
    }
}

/* An effect cell: "+0.012 [+0.005, +0.019] better" (better or worse beyond noise). */
static void effect_cell(char *buf, size_t size, const csim_comparison_row *row, int better) {
    char num[200];
    csim_brief_interval(&row->diff, true, num, sizeof num);
    const char *verdict = "";
    if (csim_brief_beyond_noise(&row->diff)) {
        verdict = (double) better * row->diff.mean > 0.0 ? " better" : " worse";
    }
    snprintf(buf, size, "%s%s", num, verdict);
}

/* The headline effect per KRW billion of extra programme money; marked when the effect
 * itself is within noise, so a ratio of noise is not read as a return on money. */
static void per_money_cell(char *buf, size_t size, const csim_brief *b, size_t l) {
    const double effect = b->cells[l]->diff.mean, extra = b->cost_diff[l].mean;
    if (!isfinite(effect) || !isfinite(extra)) {
        snprintf(buf, size, "n/a");
    } else if (extra > 0.0) {
        char num[64];
        csim_brief_number(effect / (extra / 1000.0), 0.0, true, num, sizeof num);
        snprintf(buf, size, "%s%s", num,
                 csim_brief_beyond_noise(&b->cells[l]->diff) ? "" : " (effect within noise)");
    } else {
        snprintf(buf, size, extra < 0.0 ? "spends less" : "costs the same");
    }
}

static void intro(const csim_brief *b, csim_doc *doc) {
    const csim_comparison *c = b->c;
    char buf[4096];
    int len = snprintf(buf, sizeof buf,
                       "Which design does better, by how much, at what cost, and how sure are "
                       "we? %zu scenario%s of %s, each against the baseline %s, compared in %d "
                       "(each run's mean over that calendar year). Replicates per scenario:",
                       c->index.n_labels, c->index.n_labels == 1 ? "" : "s", c->index.dir,
                       c->index.labels[c->baseline], b->year);
    for (size_t l = 0; l < c->index.n_labels && len > 0 && (size_t) len < sizeof buf; ++l) {
        char n[48];
        csim_comparison_n_text(c, l, c->reps_ok[l], n, sizeof n);
        len += snprintf(buf + len, sizeof buf - (size_t) len, "%s %s %s", l ? "," : "",
                        c->index.labels[l], n);
    }
    if (len > 0 && (size_t) len < sizeof buf) {
        snprintf(buf + len, sizeof buf - (size_t) len, ".");
    }
    csim_doc_paragraph(doc, buf);
}

static void summary(const csim_brief *b, csim_doc *doc) {
    const csim_comparison *c = b->c;
    const csim_brief_config *cfg = b->cfg;
    const size_t n_out = cfg->n_outcomes, n_labels = c->index.n_labels;
    char buf[1024];
    csim_doc_heading(doc, 2, "Summary");
    snprintf(buf, sizeof buf,
             "Ranked by the effect on %s (%s is better). Each outcome's cell is the paired "
             "effect against %s: scenario minus baseline, replicate by replicate (the same "
             "random streams), the mean with its %g%% interval; \"better\" or \"worse\" where "
             "the interval excludes 0. The baseline's row gives its own levels. Programme "
             "money is the spending summed over each run (%s), mean over replicates; the last "
             "column divides the effect on %s by the extra money, per KRW billion.",
             cfg->outcomes[0].label, cfg->outcomes[0].better > 0 ? "higher" : "lower",
             c->index.labels[c->baseline], 100.0 * c->level, cfg->cost, cfg->outcomes[0].label);
    csim_doc_paragraph(doc, buf);

    cells head;
    cells_init(&head);
    size_t k = 0;
    snprintf(head.text[k++], CELL, "rank");
    snprintf(head.text[k++], CELL, "scenario");
    for (size_t o = 0; o < n_out; ++o) {
        with_unit(head.text[k++], CELL, cfg->outcomes[o].label, c->units[b->measure[o]]);
    }
    snprintf(head.text[k++], CELL, "programme money (KRW million, whole run)");
    snprintf(head.text[k++], CELL, "money vs baseline");
    snprintf(head.text[k++], CELL, "%s per KRW bn more", cfg->outcomes[0].label);
    snprintf(head.text[k++], CELL, "pairs");
    csim_doc_table_begin(doc, head.ptr, k);
    for (size_t i = 0; i < n_labels; ++i) {
        const size_t l = b->rank[i];
        const bool is_base = l == c->baseline;
        cells row;
        cells_init(&row);
        k = 0;
        snprintf(row.text[k++], CELL, "%zu", i + 1);
        snprintf(row.text[k++], CELL, "%s%s", c->index.labels[l], is_base ? " (baseline)" : "");
        for (size_t o = 0; o < n_out; ++o) {
            const csim_comparison_row *cell = b->cells[o * n_labels + l];
            if (is_base) {
                char level[200];
                csim_brief_interval(&cell->value, false, level, sizeof level);
                snprintf(row.text[k++], CELL, "level %s", level);
            } else {
                effect_cell(row.text[k++], CELL, cell, cfg->outcomes[o].better);
            }
        }
        csim_brief_interval(&b->cost[l], false, row.text[k++], CELL);
        const double base_cost = b->cost[c->baseline].mean;
        if (is_base) {
            snprintf(row.text[k++], CELL, "-");
            snprintf(row.text[k++], CELL, "-");
        } else {
            if (isfinite(b->cost_diff[l].mean) && base_cost > 0.0) {
                snprintf(row.text[k++], CELL, "%+.0f%%", 100.0 * b->cost_diff[l].mean / base_cost);
            } else {
                csim_brief_number(b->cost_diff[l].mean, 0.0, true, row.text[k++], CELL);
            }
            per_money_cell(row.text[k++], CELL, b, l);
        }
        csim_comparison_n_text(c, l, is_base ? c->reps_ok[l] : b->cells[l]->diff.n, row.text[k++],
                               CELL);
        csim_doc_table_row(doc, row.ptr);
    }
    csim_doc_table_end(doc);
}

static void sentences(const csim_brief *b, csim_doc *doc) {
    char buf[4096];
    csim_doc_heading(doc, 2, "In plain words");
    for (size_t i = 0; i < b->c->index.n_labels; ++i) {
        if (b->rank[i] != b->c->baseline) {
            csim_brief_sentence(b, b->rank[i], buf, sizeof buf);
            csim_doc_item(doc, NULL, buf);
        }
    }
    if (b->c->index.n_labels < 2) {
        csim_doc_paragraph(doc, "Only the baseline was run: there is nothing to compare it with.");
    }
}

/* The figures of measure m: over time and, for a series, the paired effect. */
static void figures_of(const csim_brief *b, csim_doc *doc, size_t m, const char *label) {
    const csim_comparison *c = b->c;
    char stem[256], caption[512];
    if (c->persistence[m]) {
        csim_plot_basename("persist", m, c->measures[m], stem, sizeof stem);
        snprintf(caption, sizeof caption, "%s: each scenario after its funding stops", label);
        csim_doc_figure(doc, stem, caption);
        return;
    }
    if (c->index.n_labels >= 2) {
        csim_plot_basename("effect", m, c->measures[m], stem, sizeof stem);
        snprintf(caption, sizeof caption, "%s: paired effect against %s over time, %g%% band",
                 label, c->index.labels[c->baseline], 100.0 * c->level);
        csim_doc_figure(doc, stem, caption);
    }
    csim_plot_basename("ts", m, c->measures[m], stem, sizeof stem);
    snprintf(caption, sizeof caption, "%s: level of every scenario over time, %g%% band", label,
             100.0 * c->level);
    csim_doc_figure(doc, stem, caption);
}

static void figures(const csim_brief *b, csim_doc *doc) {
    csim_doc_heading(doc, 2, "Figures");
    for (size_t o = 0; o < b->cfg->n_outcomes; ++o) {
        figures_of(b, doc, b->measure[o], b->cfg->outcomes[o].label);
    }
    figures_of(b, doc, b->cost_measure, "programme money");
}

static void certainty(const csim_brief *b, csim_doc *doc) {
    const csim_comparison *c = b->c;
    char buf[1024];
    csim_doc_heading(doc, 2, "How sure are we");
    snprintf(buf, sizeof buf,
             "Each effect pairs replicate r of a scenario with replicate r of %s, which ran "
             "on the same random streams (common random numbers), so the noise both share "
             "cancels; its interval is the %g%% paired t interval over those pairs.",
             c->index.labels[c->baseline], 100.0 * c->level);
    csim_doc_item(doc, "Pairing.", buf);
    csim_doc_item(doc, "Intervals.",
                  "Intervals of levels are cut at what the outcome can take: never below 0 for "
                  "counts and money, never above 1 for shares. Where fewer replicates than asked "
                  "for contribute, \"n of N\" says so.");
    csim_doc_item(doc, "Noise.",
                  "\"Beyond noise\" means the interval excludes 0. An interval that includes 0 "
                  "does not show there is no effect: only that these replicates cannot tell it "
                  "from none. More replicates narrow the intervals (roughly as one over the "
                  "square root of their number).");
    snprintf(buf, sizeof buf,
             "This page shows %zu effects; at %g%% each, about one in %.0f intervals excludes "
             "0 by chance alone even where a design changes nothing. Read a lone \"better\" "
             "among many outcomes with that in mind.",
             (c->index.n_labels - 1) * b->cfg->n_outcomes, 100.0 * c->level,
             1.0 / (1.0 - c->level));
    csim_doc_item(doc, "Many comparisons.", buf);
    for (size_t k = 0; k < c->n_notes; ++k) {
        csim_doc_item(doc, "Note:", c->notes[k]);
    }
}

static void caveats(const csim_brief *b, csim_doc *doc) {
    csim_doc_heading(doc, 2, "Caveats: what the model leaves out");
    for (size_t k = 0; k < b->cfg->n_caveats; ++k) {
        csim_doc_item(doc, NULL, b->cfg->caveats[k]);
    }
    if (b->cfg->n_caveats == 0) {
        csim_doc_paragraph(doc, "(The brief's settings list no caveats.)");
    }
}

/* One appendix table: every scenario's level and paired effect of measure m. */
static void detail_table(const csim_brief *b, csim_doc *doc, size_t o) {
    const csim_comparison *c = b->c;
    const size_t m = b->measure[o], n_labels = c->index.n_labels;
    char title[600], when[32];
    snprintf(title, sizeof title, "%s: %s (%s)", b->cfg->outcomes[o].label, c->measures[m],
             c->units[m][0] ? c->units[m] : "no unit");
    csim_doc_heading(doc, 3, title);
    if (c->descriptions[m][0]) {
        csim_doc_paragraph(doc, c->descriptions[m]);
    }
    const char *head[] = {"scenario", "years", "n", "level [interval]", "pairs",
                          "effect vs baseline [interval]"};
    csim_doc_table_begin(doc, head, 6);
    for (size_t l = 0; l < n_labels; ++l) {
        const csim_comparison_row *row = b->cells[o * n_labels + l];
        cells r;
        cells_init(&r);
        snprintf(r.text[0], CELL, "%s", c->index.labels[l]);
        if (c->persistence[m]) {
            csim_comparison_persistence_years(c, l, when, sizeof when);
            snprintf(r.text[1], CELL, "%s", when);
        } else {
            snprintf(r.text[1], CELL, "%d", b->year);
        }
        csim_comparison_n_text(c, l, row->value.n, r.text[2], CELL);
        csim_brief_interval(&row->value, false, r.text[3], CELL);
        if (l == c->baseline) {
            snprintf(r.text[4], CELL, "-");
            snprintf(r.text[5], CELL, "(baseline)");
        } else {
            csim_comparison_n_text(c, l, row->diff.n, r.text[4], CELL);
            csim_brief_interval(&row->diff, true, r.text[5], CELL);
        }
        csim_doc_table_row(doc, r.ptr);
    }
    csim_doc_table_end(doc);
}

static void appendix(const csim_brief *b, csim_doc *doc) {
    const csim_comparison *c = b->c;
    csim_doc_heading(doc, 2, "Appendix: detail tables");
    for (size_t o = 0; o < b->cfg->n_outcomes; ++o) {
        detail_table(b, doc, o);
    }
    char title[300];
    snprintf(title, sizeof title, "programme money: %s summed over each run (KRW million)",
             b->cfg->cost);
    csim_doc_heading(doc, 3, title);
    const char *head[] = {"scenario", "n", "spending [interval]", "pairs",
                          "difference vs baseline [interval]"};
    csim_doc_table_begin(doc, head, 5);
    for (size_t l = 0; l < c->index.n_labels; ++l) {
        cells r;
        cells_init(&r);
        snprintf(r.text[0], CELL, "%s", c->index.labels[l]);
        csim_comparison_n_text(c, l, b->cost[l].n, r.text[1], CELL);
        csim_brief_interval(&b->cost[l], false, r.text[2], CELL);
        if (l == c->baseline) {
            snprintf(r.text[3], CELL, "-");
            snprintf(r.text[4], CELL, "(baseline)");
        } else {
            csim_comparison_n_text(c, l, b->cost_diff[l].n, r.text[3], CELL);
            csim_brief_interval(&b->cost_diff[l], true, r.text[4], CELL);
        }
        csim_doc_table_row(doc, r.ptr);
    }
    csim_doc_table_end(doc);
}

void csim_brief_write(const csim_brief *b, csim_doc *doc, FILE *out, csim_doc_format format) {
    char title[600];
    snprintf(title, sizeof title, "Policy brief: %s", b->c->index.dir);
    csim_doc_begin(doc, out, format, title);
    intro(b, doc);
    summary(b, doc);
    sentences(b, doc);
    figures(b, doc);
    certainty(b, doc);
    caveats(b, doc);
    appendix(b, doc);
    csim_doc_end(doc);
}
