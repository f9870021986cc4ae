#define _POSIX_C_SOURCE 200809L

#include "analysis/reports/plot.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analysis/reports/comparison_write.h"
#include "analysis/reports/sweep_view.h"

/* Colour-blind-safe qualitative palette (Paul Tol's "bright"), cycled. */
static const char *const colours[] = {"#4477aa", "#ee6677", "#228833", "#ccbb44",
                                      "#66ccee", "#aa3377", "#bbbbbb", "#000000"};
#define N_COLOURS (sizeof colours / sizeof colours[0])

csim_status csim_plot_find_gnuplot(char *path, size_t size) {
    const char *env = getenv("PATH");
    const char *p = env ? env : "";
    while (*p) {
        const char *colon = strchr(p, ':');
        const size_t len = colon ? (size_t) (colon - p) : strlen(p);
        if (len > 0 && len + 10 < size) {
            memcpy(path, p, len);
            strcpy(path + len, "/gnuplot");
            struct stat sb;
            if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && access(path, X_OK) == 0) {
                return CSIM_OK;
            }
        }
        p += len + (colon ? 1 : 0);
    }
    return csim_fail_plain(CSIM_EIO, "gnuplot not found on PATH (install it: Debian package "
                                     "gnuplot-nox, as tools/setup.sh does)");
}

void csim_plot_basename(const char *prefix, size_t k, const char *name, char *buf, size_t size) {
    int len = snprintf(buf, size, "%s_%zu_", prefix, k);
    for (const char *p = name; len > 0 && (size_t) len + 1 < size && *p; ++p) {
        const char ch = *p;
        const bool plain = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
        buf[len++] = plain ? ch : '_';
        buf[len] = '\0';
    }
}

/* A gnuplot single-quoted string: the only special character is the quote, doubled. */
static void gp_string(FILE *script, const char *s) {
    fputc('\'', script);
    for (const char *p = s; *p; ++p) {
        if (*p == '\'') {
            fputc('\'', script);
        }
        fputc(*p == '\n' || *p == '\r' ? ' ' : *p, script);
    }
    fputc('\'', script);
}

static void gp_num(FILE *f, double v) {
    if (isfinite(v)) {
        fprintf(f, " %.10g", v);
    } else {
        fputs(" NaN", f);
    }
}

/* An estimate and its interval: three columns of a data file. */
static void gp_interval(FILE *f, double mean, double lo, double hi) {
    gp_num(f, mean);
    gp_num(f, lo);
    gp_num(f, hi);
}

/* Open folder/name for writing and write its first line, `header`: the "# ..." line that
 * names the columns of every data file a figure reads. */
static csim_status open_data(const char *folder, const char *name, const char *header,
                             FILE **fp) {
    char path[4096];
    if (snprintf(path, sizeof path, "%s/%s", folder, name) >= (int) sizeof path) {
        return CSIM_FAIL(CSIM_EINVAL, "path too long: %s/%s", folder, name);
    }
    *fp = fopen(path, "w");
    if (!*fp) {
        return csim_fail_plain(CSIM_EIO, "cannot write '%s': %s", path, strerror(errno));
    }
    fputs(header, *fp);
    return CSIM_OK;
}

static csim_status close_data(FILE *fp, const char *folder, const char *name) {
    const bool bad = ferror(fp) != 0;
    if (fclose(fp) != 0 || bad) {
        return csim_fail_plain(CSIM_EIO, "writing '%s/%s' failed", folder, name);
    }
    return CSIM_OK;
}

void csim_plot_script_begin(FILE *script) {
    fputs("# Written by clustersim plot; run it in this folder: gnuplot plots.gp\n"
          "set datafile missing 'NaN'\n"
          "set grid lc rgb '#dddddd'\n"
          "set key outside right top\n"
          "set style fill transparent solid 0.2 noborder\n", script);
}

/* Start a figure on the PNG terminal; csim__finish writes the SVG copy with replot. */
static void figure_begin(FILE *script, const char *stem, const char *title, const char *xlabel,
                         const char *ylabel) {
    fprintf(script, "\n# ---- %s\nreset session\nset datafile missing 'NaN'\n"
                    "set grid lc rgb '#dddddd'\nset key outside right top\n"
                    "set style fill transparent solid 0.25 noborder\n"
                    "set terminal pngcairo size 960,540 noenhanced font 'sans,10'\n"
                    "set output '%s.png'\nset title ", stem, stem);
    gp_string(script, title);
    fputs("\nset xlabel ", script);
    gp_string(script, xlabel);
    fputs("\nset ylabel ", script);
    gp_string(script, ylabel);
    fputc('\n', script);
}

static void figure_end(FILE *script, const char *stem) {
    fprintf(script, "set terminal svg size 960,540 noenhanced font 'sans,10' background "
                    "rgb 'white'\nset output '%s.svg'\nreplot\nunset output\n", stem);
}

/* Write one band file: time, mean, lo, hi per month. Returns whether any interval is
 * defined (a band is worth drawing) and whether any mean is. */
static csim_status write_band(const csim_comparison *c, const csim_stats_summary *s,
                              const char *folder, const char *name, bool *has_band,
                              bool *has_mean) {
    FILE *fp = NULL;
    csim_status st = open_data(folder, name, "# time mean ci_low ci_high\n", &fp);
    if (st != CSIM_OK) {
        return st;
    }
    *has_band = *has_mean = false;
    for (size_t k = 0; k < c->n_months; ++k) {
        fprintf(fp, "%.6f", (double) (c->first_month + (int64_t) k) / 12.0);
        gp_interval(fp, s[k].mean, s[k].lo, s[k].hi);
        fputc('\n', fp);
        *has_band = *has_band || isfinite(s[k].lo);
        *has_mean = *has_mean || isfinite(s[k].mean);
    }
    return close_data(fp, folder, name);
}

/* The line of series l: its colour, a dash pattern and a marker every year. Colours
 * alone repeat after 8 series and a scenario identical to another (no-policy and
 * hardware before the programme) hides under it; the later one is drawn dashed and with
 * another marker, so the one below shows through its gaps. */
static void line_style(FILE *script, size_t l) {
    fprintf(script, "with linespoints lw 2 dt %zu pt %zu pi 12 ps 0.9 lc rgb '%s'", l % 5 + 1,
            l % 7 + 4, colours[l % N_COLOURS]);
}

/* A plain-language axis label: the measure's description (from the measure table or the
 * file) with its unit, or its name when there is none. */
static void axis_label(char *buf, size_t size, const char *prefix, const csim_comparison *c,
                       size_t m) {
    const char *text = c->descriptions[m][0] ? c->descriptions[m] : c->measures[m];
    const char *unit = c->units[m];
    snprintf(buf, size, "%s%s%s%s%s", prefix, text, unit[0] ? " [" : "", unit, unit[0] ? "]" : "");
}

/* Vertical markers at the programme's events (analysis/readers/policy_events.h): one dotted
 * line per distinct event, labelled with what happens and, when not every scenario has
 * it, in which ones. Written before the plot command, as gnuplot wants. */
static void event_markers(FILE *script, const csim_comparison *c) {
    const size_t n_labels = c->index.n_labels;
    int first = 0, last = 0;
    csim_comparison_year_span(c, &first, &last);
    for (size_t l = 0; l < n_labels; ++l) {
        for (size_t e = 0; e < c->n_events[l]; ++e) {
            const csim_policy_event *ev = &c->events[l * CSIM_COMPARISON_MAX_EVENTS + e];
            if (ev->year <= first || ev->year > last) {
                continue; /* before the first month or after the run: nothing to mark */
            }
            /* Drawn once, by the first label that has it. */
            bool earlier = false, everywhere = true;
            char who[400] = "";
            for (size_t k = 0; k < n_labels; ++k) {
                bool has = false;
                for (size_t f = 0; f < c->n_events[k] && !has; ++f) {
                    const csim_policy_event *o = &c->events[k * CSIM_COMPARISON_MAX_EVENTS + f];
                    has = o->year == ev->year && strcmp(o->what, ev->what) == 0;
                }
                earlier = earlier || (has && k < l);
                everywhere = everywhere && has;
                if (has && strlen(who) + strlen(c->index.labels[k]) + 3 < sizeof who) {
                    strcat(who, who[0] ? ", " : "");
                    strcat(who, c->index.labels[k]);
                }
            }
            if (earlier) {
                continue;
            }
            char text[600];
            snprintf(text, sizeof text, everywhere ? "%s" : "%s (%s)", ev->what, who);
            fprintf(script, "set arrow from %d, graph 0 to %d, graph 1 nohead dt 3 lw 1 "
                            "lc rgb '#777777' back\nset label ", ev->year, ev->year);
            gp_string(script, text);
            fprintf(script, " at %d, graph 0.98 rotate by 90 right offset -0.6,0 font ',8' "
                            "tc rgb '#555555'\n", ev->year);
        }
    }
}

/* A series' key title: the label, with "(n = k of N)" when fewer replicates than asked
 * contribute, so a mean of 2 runs is not read as one of 6. */
static void key_title(FILE *script, const csim_comparison *c, size_t l) {
    char title[600], n[48];
    if (c->reps_ok[l] < c->reps_asked[l]) {
        csim_comparison_n_text(c, l, c->reps_ok[l], n, sizeof n);
        snprintf(title, sizeof title, "%s (n = %s)", c->index.labels[l], n);
    } else {
        snprintf(title, sizeof title, "%s", c->index.labels[l]);
    }
    gp_string(script, title);
}

/* The ts_ and effect_ figures of series measure m. */
static csim_status plot_series(const csim_comparison *c, size_t m, const char *folder,
                               FILE *script, csim_stats_summary *value, csim_stats_summary *diff,
                               double *work) {
    csim_status st = CSIM_OK;
    const char *name = c->measures[m];
    const size_t n_labels = c->index.n_labels;
    char ts[256], eff[256], file[300], title[512];
    /* Which labels have a band (2+ replicates) and a line, per figure. */
    bool *flags = calloc(4 * n_labels, sizeof *flags);
    if (!flags) {
        return CSIM_FAIL(CSIM_ENOMEM, "plot flags");
    }
    csim_plot_basename("ts", m, name, ts, sizeof ts);
    csim_plot_basename("effect", m, name, eff, sizeof eff);
    for (size_t l = 0; l < n_labels; ++l) {
        csim_comparison_monthly(c, l, m, value, diff, work);
        snprintf(file, sizeof file, "%s_s%zu.dat", ts, l);
        CSIM_TRY(write_band(c, value, folder, file, &flags[4 * l], &flags[4 * l + 1]));
        if (l != c->baseline) {
            snprintf(file, sizeof file, "%s_s%zu.dat", eff, l);
            CSIM_TRY(write_band(c, diff, folder, file, &flags[4 * l + 2], &flags[4 * l + 3]));
        }
    }
    char ylabel[300];
    axis_label(ylabel, sizeof ylabel, "", c, m);
    snprintf(title, sizeof title, "%s: ensemble mean with %g%% interval", name, 100.0 * c->level);
    figure_begin(script, ts, title, "year", ylabel);
    event_markers(script, c);
    fputs("plot ", script);
    bool first = true;
    for (size_t l = 0; l < n_labels; ++l) {
        const char *colour = colours[l % N_COLOURS];
        if (flags[4 * l]) {
            fprintf(script, "%s'%s_s%zu.dat' using 1:3:4 with filledcurves lc rgb '%s' notitle",
                    first ? "" : ", \\\n     ", ts, l, colour);
            first = false;
        }
        if (flags[4 * l + 1]) {
            fprintf(script, "%s'%s_s%zu.dat' using 1:2 ", first ? "" : ", \\\n     ", ts, l);
            line_style(script, l);
            fputs(" title ", script);
            key_title(script, c, l);
            first = false;
        }
    }
    if (first) {
        fputs("NaN notitle", script);
    }
    fputc('\n', script);
    figure_end(script, ts);

    if (n_labels >= 2) {
        snprintf(title, sizeof title, "%s: paired effect vs %s (common random numbers), %g%% "
                                      "interval", name, c->index.labels[c->baseline],
                 100.0 * c->level);
        axis_label(ylabel, sizeof ylabel, "difference in ", c, m);
        figure_begin(script, eff, title, "year", ylabel);
        event_markers(script, c);
        fputs("plot 0 with lines dt 2 lc rgb '#000000' notitle", script);
        for (size_t l = 0; l < n_labels; ++l) {
            const char *colour = colours[l % N_COLOURS];
            if (l == c->baseline) {
                continue;
            }
            if (flags[4 * l + 2]) {
                fprintf(script, ", \\\n     '%s_s%zu.dat' using 1:3:4 with filledcurves lc rgb "
                                "'%s' notitle", eff, l, colour);
            }
            if (flags[4 * l + 3]) {
                fprintf(script, ", \\\n     '%s_s%zu.dat' using 1:2 ", eff, l);
                line_style(script, l);
                fputs(" title ", script);
                key_title(script, c, l);
            }
        }
        fputc('\n', script);
        figure_end(script, eff);
    }

cleanup:
    free(flags);
    return st;
}

/* Open the data file STEM.dat of figure k (`stem` from csim_plot_basename) in `folder`,
 * with its column `header`; `stem` and `file` are the caller's, of the sizes the figures
 * use. */
static csim_status open_figure_data(const char *prefix, size_t k, const char *name,
                                    const char *header, const char *folder, char stem[256],
                                    char file[300], FILE **fp) {
    csim_plot_basename(prefix, k, name, stem, 256);
    snprintf(file, 300, "%s.dat", stem);
    return open_data(folder, file, header, fp);
}

/* The persist_ bar chart of persistence measure m. */
static csim_status plot_persistence(const csim_comparison *c, size_t m, const char *folder,
                                    FILE *script) {
    const char *name = c->measures[m];
    char stem[256], file[300], title[512], ylabel[300];
    FILE *fp = NULL;
    /* Column 5: 0 where the mean is undefined, so that "n/a" is written at the foot of
     * the empty slot instead of leaving a bar that looks like a value of 0. */
    csim_status st = open_figure_data("persist", m, name,
                                      "# scenario mean ci_low ci_high undefined\n", folder,
                                      stem, file, &fp);
    if (st != CSIM_OK) {
        return st;
    }
    for (size_t i = 0; i < c->n_rows; ++i) {
        const csim_comparison_row *row = &c->rows[i];
        if (row->measure == m) {
            fprintf(fp, "%zu", row->label);
            gp_interval(fp, row->value.mean, row->value.lo, row->value.hi);
            fputs(isfinite(row->value.mean) ? " NaN\n" : " 0\n", fp);
        }
    }
    CSIM_TRY(close_data(fp, folder, file));
    snprintf(title, sizeof title, "%s: year A relative to year F-1 of each scenario's funding "
                                  "end F (mean, %g%% interval)", name, 100.0 * c->level);
    axis_label(ylabel, sizeof ylabel, "", c, m);
    figure_begin(script, stem, title, "scenario", ylabel);
    fprintf(script, "set xrange [-0.6:%zu.6]\nset yrange [0:*]\nset boxwidth 0.6\n"
                    "set style fill solid 0.6 border\nset xtics (",
            c->index.n_labels - 1);
    /* Tick labels: the scenario, its years A/F-1 and n when fewer than asked. */
    for (size_t l = 0; l < c->index.n_labels; ++l) {
        char tick[700], years[32], n[48];
        csim_comparison_persistence_years(c, l, years, sizeof years);
        if (c->funding_end_of[l] == 0) {
            snprintf(years, sizeof years, "(never stops)");
        }
        csim_comparison_n_text(c, l, c->reps_ok[l], n, sizeof n);
        if (c->reps_ok[l] < c->reps_asked[l]) {
            snprintf(tick, sizeof tick, "%s %s, n = %s", c->index.labels[l], years, n);
        } else {
            snprintf(tick, sizeof tick, "%s %s", c->index.labels[l], years);
        }
        fputs(l ? ", " : "", script);
        gp_string(script, tick);
        fprintf(script, " %zu", l);
    }
    /* Each defined mean is written above its bar, so a ratio of 0 (the activity
     * vanished) reads differently from n/a (nothing to measure). */
    fprintf(script, ")\nplot '%s' using 1:2 with boxes lc rgb '%s' notitle, \\\n"
                    "     '%s' using 1:2:3:4 with yerrorbars lc rgb '#000000' pt 7 ps 0 notitle, "
                    "\\\n     '%s' using 1:2:(sprintf('%%.3g', $2)) with labels offset 0,1 "
                    "notitle, \\\n     '%s' using 1:5:('n/a') with labels offset 0,1 notitle\n",
            file, colours[0], file, file, file);
    figure_end(script, stem);
    return CSIM_OK;

cleanup:
    return st;
}

csim_status csim_plot_compare(const csim_comparison *c, const char *folder, FILE *script) {
    csim_status st = CSIM_OK;
    csim_stats_summary *value = malloc((c->n_months + 1) * sizeof *value);
    csim_stats_summary *diff = malloc((c->n_months + 1) * sizeof *diff);
    double *work = malloc((2 * c->n_reps + 1) * sizeof *work);
    if (!value || !diff || !work) {
        st = CSIM_FAIL(CSIM_ENOMEM, "plot series of %zu months", c->n_months);
        goto cleanup;
    }
    for (size_t m = 0; m < c->n_measures; ++m) {
        if (c->persistence[m]) {
            CSIM_TRY(plot_persistence(c, m, folder, script));
        } else {
            CSIM_TRY(plot_series(c, m, folder, script, value, diff, work));
        }
    }

cleanup:
    free(work);
    free(diff);
    free(value);
    return st;
}

csim_status csim_plot_sobol(const csim_sobol_result *r, const char *const *params, size_t k,
                            const char *name, int year, const char *folder, FILE *script) {
    char stem[256], file[300], title[512];
    FILE *fp = NULL;
    csim_status st = open_figure_data("sobol", k, name,
                                      "# parameter S1 S1_low S1_high ST ST_low ST_high\n",
                                      folder, stem, file, &fp);
    if (st != CSIM_OK) {
        return st;
    }
    for (size_t j = 0; j < r->d; ++j) {
        fprintf(fp, "%zu", j);
        gp_interval(fp, r->s1[j], r->s1_lo[j], r->s1_hi[j]);
        gp_interval(fp, r->st[j], r->st_lo[j], r->st_hi[j]);
        fputc('\n', fp);
    }
    st = close_data(fp, folder, file);
    if (st != CSIM_OK) {
        return st;
    }
    snprintf(title, sizeof title, "Sobol indices of %s (%d), %zu base samples, %g%% bootstrap "
                                  "intervals", name, year, r->n, 100.0 * r->level);
    figure_begin(script, stem, title, "parameter", "index");
    fprintf(script, "set xrange [-0.6:%zu.6]\nset boxwidth 0.34\nset style fill solid 0.6 "
                    "border\nset xtics (", r->d - 1);
    for (size_t j = 0; j < r->d; ++j) {
        fputs(j ? ", " : "", script);
        gp_string(script, params[j]);
        fprintf(script, " %zu", j);
    }
    fprintf(script, ")\nplot 0 with lines lc rgb '#000000' notitle, \\\n"
                    "     '%s' using ($1-0.18):2 with boxes lc rgb '%s' title 'S1 (first order)', \\\n"
                    "     '%s' using ($1-0.18):2:3:4 with yerrorbars lc rgb '#000000' pt 7 ps 0 notitle, \\\n"
                    "     '%s' using ($1+0.18):5 with boxes lc rgb '%s' title 'ST (total)', \\\n"
                    "     '%s' using ($1+0.18):5:6:7 with yerrorbars lc rgb '#000000' pt 7 ps 0 notitle\n",
            file, colours[0], file, file, colours[1], file);
    figure_end(script, stem);
    return CSIM_OK;
}

csim_status csim_plot_curve(const char *folder, FILE *script, const char *stem,
                            const char *title, const char *xlabel, const char *ylabel,
                            size_t n, const double *x, const double *mean, const double *lo,
                            const double *hi) {
    char file[300];
    FILE *fp = NULL;
    snprintf(file, sizeof file, "%s.dat", stem);
    csim_status st = open_data(folder, file, "# x mean ci_low ci_high\n", &fp);
    if (st != CSIM_OK) {
        return st;
    }
    for (size_t i = 0; i < n; ++i) {
        gp_num(fp, x[i]);
        gp_interval(fp, mean[i], lo[i], hi[i]);
        fputc('\n', fp);
    }
    if ((st = close_data(fp, folder, file)) != CSIM_OK) {
        return st;
    }
    figure_begin(script, stem, title, xlabel, ylabel);
    fprintf(script, "set offsets graph 0.03, graph 0.03, graph 0.05, graph 0.05\n"
                    "plot '%s' using 1:3:4 with filledcurves lc rgb '%s' title 'interval', \\\n"
                    "     '%s' using 1:2:3:4 with yerrorlines lc rgb '%s' pt 7 title 'mean'\n",
            file, colours[0], file, colours[0]);
    figure_end(script, stem);
    return CSIM_OK;
}

csim_status csim_plot_sweep(const csim_comparison *c, size_t m, size_t j, int year,
                            size_t n_bins, const char *folder, FILE *script) {
    const csim_ensemble_index *ix = &c->index;
    const size_t n = ix->n_labels;
    char stem[300], points[340], bins[340], ylabel[600], title[800];
    csim_status st = CSIM_OK;
    FILE *fp = NULL;
    csim_plot_basename("sweep", m, c->measures[m], stem, sizeof stem - 16);
    snprintf(stem + strlen(stem), 16, "_x%zu", j);
    snprintf(points, sizeof points, "%s_points.dat", stem);
    snprintf(bins, sizeof bins, "%s_bins.dat", stem);
    double *x = malloc(3 * (n ? n : 1) * sizeof *x);
    csim_sweep_bin *bin = malloc((n_bins ? n_bins : 1) * sizeof *bin);
    if (!x || !bin) {
        free(x);
        free(bin);
        return CSIM_FAIL(CSIM_ENOMEM, "sweep figure of %zu points", n);
    }
    double *y = x + n, *work = y + n;
    if ((st = open_data(folder, points, "# point x value n\n", &fp)) != CSIM_OK) {
        goto cleanup;
    }
    for (size_t p = 0; p < n; ++p) {
        size_t k = 0;
        x[p] = ix->param_values ? ix->param_values[p * ix->n_params + j] : NAN;
        y[p] = csim_sweep_point_value(c, p, m, year, &k);
        fprintf(fp, "%zu", p);
        gp_num(fp, x[p]);
        gp_num(fp, y[p]);
        fprintf(fp, " %zu\n", k);
    }
    if ((st = close_data(fp, folder, points)) != CSIM_OK) {
        goto cleanup;
    }
    const size_t nb = csim_sweep_bins(x, y, n, n_bins, c->level, c->bounds[m], bin, work);
    if ((st = open_data(folder, bins, "# x_mid x_lo x_hi n mean ci_low ci_high\n", &fp)) !=
        CSIM_OK) {
        goto cleanup;
    }
    for (size_t b = 0; b < nb; ++b) {
        gp_interval(fp, bin[b].x_mid, bin[b].x_lo, bin[b].x_hi);
        fprintf(fp, " %zu", bin[b].s.n);
        gp_interval(fp, bin[b].s.mean, bin[b].s.lo, bin[b].s.hi);
        fputc('\n', fp);
    }
    if ((st = close_data(fp, folder, bins)) != CSIM_OK) {
        goto cleanup;
    }
    axis_label(ylabel, sizeof ylabel, "", c, m);
    if (c->persistence[m]) {
        snprintf(title, sizeof title, "%s against %s (%zu points)", c->measures[m],
                 ix->params[j], n);
    } else {
        snprintf(title, sizeof title, "%s in %d against %s (%zu points)", c->measures[m], year,
                 ix->params[j], n);
    }
    figure_begin(script, stem, title, ix->params[j], ylabel);
    fprintf(script, "set offsets graph 0.03, graph 0.03, graph 0.05, graph 0.05\n"
                    "plot '%s' using 2:3 with points pt 7 ps 0.7 lc rgb '#999999' "
                    "title 'design point (mean of replicates)', \\\n"
                    "     '%s' using 1:5:6:7 with yerrorlines lw 2 pt 5 ps 1.1 lc rgb '%s' "
                    "title 'binned mean, 95%% interval'\n",
            points, bins, colours[0]);
    figure_end(script, stem);

cleanup:
    free(x);
    free(bin);
    return st;
}

csim_status csim_plot_run(const char *gnuplot, const char *folder, const char *script) {
    char log_path[4096];
    if (snprintf(log_path, sizeof log_path, "%s/gnuplot.log", folder) >= (int) sizeof log_path) {
        return CSIM_FAIL(CSIM_EINVAL, "path too long: %s", folder);
    }
    fflush(NULL); /* the child must not flush the parent's buffered output a second time */
    const pid_t pid = fork();
    if (pid < 0) {
        return csim_fail_plain(CSIM_EIO, "cannot start gnuplot: fork: %s", strerror(errno));
    }
    if (pid == 0) {
        /* Child: only async-signal-safe calls until exec. Arguments go straight to exec,
         * never through a shell, so no path or name is ever interpreted. */
        const int fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
        if (fd < 0 || chdir(folder) != 0) {
            _exit(126);
        }
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
        close(fd);
        char *const args[] = {(char *) "gnuplot", (char *) script, NULL};
        execv(gnuplot, args);
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            return csim_fail_plain(CSIM_EIO, "waiting for gnuplot: %s", strerror(errno));
        }
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        return CSIM_OK;
    }
    char first[512] = "";
    FILE *log = fopen(log_path, "r");
    if (log) {
        /* gnuplot's first complaint names the script line; that is the useful one. */
        while (fgets(first, sizeof first, log) && strspn(first, " \t\r\n^") == strlen(first)) {
        }
        fclose(log);
        first[strcspn(first, "\n")] = '\0';
    }
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (code == 126 || code == 127) {
        return csim_fail_plain(CSIM_EIO, "could not run %s in '%s' (exit %d)", gnuplot, folder,
                               code);
    }
    return csim_fail_plain(CSIM_EIO, "gnuplot failed (exit %d) on %s/%s: %s (see %s)", code,
                           folder, script, first[0] ? first : "no message", log_path);
}
