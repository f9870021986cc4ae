/* The brief's numbers in words: number formats and the sentence of each scenario
 * (analysis/reports/brief.h). */
#include "analysis/reports/brief.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Digits after the point for three significant digits of `scale`, 0 to 6. */
static int decimals_for(double scale) {
    const double a = fabs(scale);
    if (!(a > 0.0) || !isfinite(a)) {
        return 2;
    }
    const int d = 2 - (int) floor(log10(a));
    return d < 0 ? 0 : (d > 6 ? 6 : d);
}

void csim_brief_number(double v, double scale, bool sign, char *buf, size_t size) {
    if (!isfinite(v)) {
        snprintf(buf, size, "n/a");
        return;
    }
    const double s = fabs(scale) > fabs(v) ? scale : v;
    const int d = decimals_for(s);
    snprintf(buf, size, sign ? "%+.*f" : "%.*f", d, v);
}

void csim_brief_interval(const csim_stats_summary *s, bool sign, char *buf, size_t size) {
    char m[48], lo[48], hi[48];
    /* One precision for the three numbers: that of the largest. */
    double scale = fabs(s->mean);
    scale = isfinite(s->lo) && fabs(s->lo) > scale ? fabs(s->lo) : scale;
    scale = isfinite(s->hi) && fabs(s->hi) > scale ? fabs(s->hi) : scale;
    csim_brief_number(s->mean, scale, sign, m, sizeof m);
    if (!isfinite(s->mean) || !isfinite(s->lo) || !isfinite(s->hi)) {
        snprintf(buf, size, "%s", m);
        return;
    }
    csim_brief_number(s->lo, scale, sign, lo, sizeof lo);
    csim_brief_number(s->hi, scale, sign, hi, sizeof hi);
    snprintf(buf, size, "%s [%s, %s]", m, lo, hi);
}

/* A growing sentence in a caller's buffer; output past the end is dropped. */
typedef struct text {
    char *buf;
    size_t size, len;
} text;

static void add(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(text *t, const char *fmt, ...) {
    if (t->len + 1 >= t->size) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    const int n = vsnprintf(t->buf + t->len, t->size - t->len, fmt, ap);
    va_end(ap);
    if (n > 0) {
        t->len += (size_t) n < t->size - t->len ? (size_t) n : t->size - t->len - 1;
    }
}

/* "raises LABEL by 0.012 [0.005, 0.019] (+8%)": an effect beyond noise, as a magnitude
 * after its verb, and relative to the baseline's level `base` when that is not 0. */
static void add_change(text *t, const char *label, const csim_comparison_row *row, double base) {
    const csim_stats_summary *d = &row->diff;
    const bool up = d->mean > 0.0;
    /* The interval of the magnitude: [|hi|, |lo|] when the effect is negative. */
    const csim_stats_summary mag = {d->n, fabs(d->mean), d->sd, d->half, up ? d->lo : -d->hi,
                                    up ? d->hi : -d->lo};
    char num[160];
    csim_brief_interval(&mag, false, num, sizeof num);
    add(t, "%s %s by %s", up ? "raises" : "lowers", label, num);
    if (isfinite(base) && fabs(base) > 0.0) {
        add(t, " (%+.0f%%)", 100.0 * d->mean / fabs(base));
    }
}

/* The first outcome: its change, "does not change" within noise, or why there is none. */
static void add_headline(text *t, const char *label, const csim_comparison_row *row,
                         double base) {
    const csim_stats_summary *d = &row->diff;
    char num[160];
    csim_brief_interval(d, true, num, sizeof num);
    if (!isfinite(d->mean)) {
        add(t, "has no %s to compare (no complete pair of replicates)", label);
    } else if (d->mean == 0.0 && d->sd == 0.0) {
        add(t, "leaves %s exactly as in the baseline (every replicate pair equal)", label);
    } else if (!isfinite(d->lo)) {
        add(t, "changes %s by %s (one pair of replicates: no interval)", label, num);
    } else if (csim_brief_beyond_noise(d)) {
        add_change(t, label, row, base);
    } else {
        add(t, "does not change %s beyond noise (%s)", label, num);
    }
}

/* "at 3% more programme money": the spending against the baseline's. */
static void add_cost(text *t, const csim_brief *b, size_t label) {
    const double base = b->cost[b->c->baseline].mean, own = b->cost[label].mean;
    const double d = b->cost_diff[label].mean;
    char num[64];
    if (!isfinite(d) || !isfinite(base)) {
        return;
    }
    if (base > 0.0) {
        const double pct = 100.0 * d / base;
        if (fabs(pct) < 0.5) {
            add(t, ", at the same programme money");
        } else {
            csim_brief_number(fabs(d), fabs(d), false, num, sizeof num);
            add(t, ", at %.0f%% %s programme money (%s KRW million %s over the run)", fabs(pct),
                d > 0.0 ? "more" : "less", num, d > 0.0 ? "more" : "less");
        }
    } else if (own > 0.0) {
        csim_brief_number(own, own, false, num, sizeof num);
        add(t, ", spending %s KRW million of programme money where the baseline spends none", num);
    } else {
        add(t, ", with no programme money, like the baseline");
    }
}

void csim_brief_sentence(const csim_brief *b, size_t label, char *buf, size_t size) {
    const csim_comparison *c = b->c;
    const size_t n_labels = c->index.n_labels;
    text t = {buf, size, 0};
    if (size > 0) {
        buf[0] = '\0';
    }
    add(&t, "%s ", c->index.labels[label]);
    add_headline(&t, b->cfg->outcomes[0].label, b->cells[label],
                 b->cells[c->baseline]->value.mean);
    add(&t, " against %s", c->index.labels[c->baseline]);
    if (!c->persistence[b->measure[0]]) {
        add(&t, " in %d", b->year);
    }
    add_cost(&t, b, label);
    size_t listed = 0, quiet = 0;
    for (size_t o = 1; o < b->cfg->n_outcomes; ++o) {
        const csim_comparison_row *row = b->cells[o * n_labels + label];
        if (!csim_brief_beyond_noise(&row->diff)) {
            ++quiet;
            continue;
        }
        add(&t, listed == 0 ? "; it also " : ", and ");
        add_change(&t, b->cfg->outcomes[o].label, row, b->cells[o * n_labels + c->baseline]->value.mean);
        ++listed;
    }
    if (quiet > 0) {
        add(&t, listed > 0 ? "; the other outcomes do not differ beyond noise"
                           : "; no other outcome differs beyond noise");
    }
    add(&t, ".");
}
