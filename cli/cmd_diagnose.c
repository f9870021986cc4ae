/* `clustersim diagnose SCENARIO [--quick] [-o FOLDER]`: the model health check. Runs the
 * battery of a health-check file (scenarios/health.yaml; scenarios/health.h) on the
 * scenario: lever dose-responses (monotone, no knife edge), scale invariance of per-firm
 * rates, extreme conditions and the between-seed spread of the calibration targets; one
 * pass/fail line per check with its figures, and a Markdown report with gnuplot figures.
 * Every configuration is loaded (and so checked) before the first run. */
#define _POSIX_C_SOURCE 200809L

#include "cli/cli.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <omp.h>

#include "analysis/calibration/health_detect.h"
#include "analysis/reports/plot.h"
#include "analysis/statistics/stats.h"
#include "analysis/calibration/targets.h"
#include "cli/diagnose_run.h"
#include "cli/options.h"
#include "model/memory_estimate.h"
#include "scenarios/health.h"
#include "scenarios/scenario.h"
#include "sim/out_file.h"

/* Exit codes: 0 every check passes, 1 a check failed, 2 bad input, 3 could not run. */
enum { DIAG_EXIT_CHECKS_FAILED = 1, DIAG_EXIT_COULD_NOT_RUN = 3 };

#define MAX_OVERRIDES 64
#define OVERRIDE_MAX 2048

/* The options of `diagnose`. */
typedef struct diagnose_opts {
    const char *folder, *battery;
    unsigned long long replicates, threads;
    csim_opt_list set;
    bool quick, force, quiet;
} diagnose_opts;

static const csim_opt diagnose_table[] = {
    {.name = "--quick", .kind = CSIM_OPT_FLAG, .field = offsetof(diagnose_opts, quick),
     .help = "the battery's quick settings: quick.replicates, each lever's quick_grid, "
             "quick.scales (about 2 minutes for the shipped file)"},
    {CSIM_OPT_OUTPUT(diagnose_opts, folder, "FOLDER",
                     "write FOLDER/report.md and its figures (PNG, SVG; needs gnuplot)")},
    {.name = "--battery", .kind = CSIM_OPT_PATH, .field = offsetof(diagnose_opts, battery),
     .metavar = "FILE", .help = "the health-check file", .def = "scenarios/health.yaml"},
    {.name = "--replicates", .kind = CSIM_OPT_UINT, .field = offsetof(diagnose_opts, replicates),
     .metavar = "R", .umin = 2, .umax = 100000,
     .help = "replicates per configuration (at least 2: steps are paired differences with "
             "intervals; overrides the file)"},
    {CSIM_OPT_SET(diagnose_opts, set, "override a parameter of every run")},
    {.name = "--threads", .kind = CSIM_OPT_UINT, .field = offsetof(diagnose_opts, threads),
     .metavar = "N", .umax = 4096, .def = "OMP_NUM_THREADS or all cores",
     .help = "runs side by side, one thread each"},
    {CSIM_OPT_FORCE(diagnose_opts, force, "replace a report.md already in FOLDER")},
    {CSIM_OPT_QUIET(diagnose_opts, quiet)},
};

static const csim_opt_spec diagnose_spec = {
    .command = "diagnose",
    CSIM_OPERAND_SCENARIO,
    .about = "Model health check of SCENARIO: the battery of FILE (write your own, the shipped\n"
             "file documents every key):\n"
             "  - lever dose-responses: each lever moved over its grid with R paired replicates\n"
             "    (replicate r uses the same random streams at every point); a response must\n"
             "    move in its stated direction (no step whose paired 95% interval lies on the\n"
             "    wrong side of 0) and have no knife edge (no step larger than the file's\n"
             "    multiple of the median of the other steps AND of its own interval, and that\n"
             "    keeps more than half of its change in one eighth of it when bisected\n"
             "    three times with the same replicates: a jump, not a steep rise);\n"
             "  - scale invariance: per-firm rates at run.scale times each listed multiplier\n"
             "    agree with the first within the stated relative tolerance;\n"
             "  - extreme conditions: quantities that must be zero (or empty for good);\n"
             "  - spread: the between-seed s.d. of every calibration target against its\n"
             "    tolerance.\n"
             "Each check prints PASS or FAIL with its figures. Runs are in memory; each lasts\n"
             "only to December of the last year its check reads.\n",
    .closing = "Exit codes: 0 every check passes, 1 one or more checks failed, 2 bad input\n"
               "(arguments, scenario, battery or targets file), 3 the checks could not be run\n"
               "(a run failed, memory, gnuplot missing or failing, FOLDER not writable).\n",
    CSIM_OPT_TABLE(diagnose_table),
};

typedef struct diag {
    const char *path;                 /* the scenario                              */
    const char *const *user;          /* the --set overrides                       */
    size_t n_user;
    const csim_health_battery *b;
    bool quick, dry, progress;
    size_t n_rep;
    csim_params base;                 /* scenario + --set                          */
    csim_targets targets;
    FILE *md;                         /* the report being written, or NULL         */
    FILE *script;                     /* its gnuplot script, or NULL               */
    const char *folder;
    size_t figures, checks, passed, runs_total, runs_done;
    double t0;
} diag;

static void on_run(void *context) {
    diag *d = context;
    d->runs_done++;
    if (d->progress) {
        csim_cli_progress("diagnose: run", (long) d->runs_done, (long) d->runs_total,
                          omp_get_wtime() - d->t0);
    }
}

/* The months a check needs: to December of `year`, never beyond the scenario. */
static long months_to(const diag *d, int year) {
    const long m = (long) (year - d->base.run_start_year + 1) * 12;
    return m < 1 ? 1 : m < d->base.run_steps ? m : d->base.run_steps;
}

/* Load SCENARIO with --set, then `extra`, then run.steps=steps (0: as is). */
static csim_status load_config(const diag *d, const char *const *extra, size_t n_extra, long steps,
                               csim_params *out) {
    const char *list[MAX_OVERRIDES + 2];
    char steps_text[64];
    size_t n = 0;
    if (d->n_user + n_extra + 1 > MAX_OVERRIDES) {
        return csim_fail_plain(CSIM_EINVAL, "too many overrides (%zu)", d->n_user + n_extra);
    }
    for (size_t i = 0; i < d->n_user; ++i) {
        list[n++] = d->user[i];
    }
    for (size_t i = 0; i < n_extra; ++i) {
        list[n++] = extra[i];
    }
    if (steps > 0) {
        snprintf(steps_text, sizeof steps_text, "run.steps=%ld", steps);
        list[n++] = steps_text;
    }
    csim_scenario sc;
    csim_status st = csim_scenario_load(&sc, d->path, list, n);
    if (st == CSIM_OK) {
        *out = sc.params;
        st = csim_memory_check(out, false);
    }
    csim_scenario_destroy(&sc);
    return st;
}

/* Load the configuration and (unless dry) run it. */
static csim_status run_config(diag *d, const char *const *extra, size_t n_extra, long steps,
                              const csim_targets *targets, csim_diag_runs *runs) {
    csim_params p;
    memset(runs, 0, sizeof *runs);
    csim_status st = load_config(d, extra, n_extra, steps, &p);
    if (st != CSIM_OK) {
        return st;
    }
    if (d->dry) {
        d->runs_total += d->n_rep;
        return CSIM_OK;
    }
    return csim_diag_run(&p, d->n_rep, targets, on_run, d, runs);
}

/* ==== output helpers =================================================================== */

static void month_text(const diag *d, long m, char *buf, size_t size) {
    if (m < 0) {
        snprintf(buf, size, "never");
    } else {
        snprintf(buf, size, "%ld-%02ld", d->base.run_start_year + m / 12, m % 12 + 1);
    }
}

/* A verdict line on stdout and a heading in the report. */
static void verdict(diag *d, bool pass, const char *kind, const char *name) {
    d->checks++;
    d->passed += pass;
    printf("%s  %s: %s\n", pass ? "PASS" : "FAIL", kind, name);
    if (d->md) {
        fprintf(d->md, "\n### %s %s: %s\n\n", pass ? "PASS" : "**FAIL**", kind, name);
    }
}

/* A detail line, indented on stdout and a paragraph line in the report. */
static void detail(diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void detail(diag *d, const char *fmt, ...) {
    char line[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    printf("      %s\n", line);
    if (d->md) {
        fprintf(d->md, "%s  \n", line);
    }
}

/* One figure (x, mean, interval) and its link in the report. */
static csim_status figure(diag *d, const char *prefix, const char *name, const char *title,
                          const char *xlabel, const char *ylabel, size_t n, const double *x,
                          const csim_stats_summary *s) {
    if (!d->md) {
        return CSIM_OK;
    }
    double mean[256], lo[256], hi[256];
    char stem[256], lower[256];
    n = n < 256 ? n : 256;
    /* File names of [a-z0-9_] only (csim_plot_basename): "MC members" -> "mc_members". */
    size_t len = 0;
    for (; name[len] && len + 1 < sizeof lower; ++len) {
        lower[len] = (char) (name[len] >= 'A' && name[len] <= 'Z' ? name[len] - 'A' + 'a' : name[len]);
    }
    lower[len] = '\0';
    for (size_t i = 0; i < n; ++i) {
        mean[i] = s[i].mean;
        lo[i] = isfinite(s[i].lo) ? s[i].lo : s[i].mean;
        hi[i] = isfinite(s[i].hi) ? s[i].hi : s[i].mean;
    }
    csim_plot_basename(prefix, d->figures++, lower, stem, sizeof stem);
    const csim_status st = csim_plot_curve(d->folder, d->script, stem, title, xlabel, ylabel, n,
                                           x, mean, lo, hi);
    fprintf(d->md, "\n![%s](%s.png)\n", title, stem);
    return st;
}

/* The grid values with their means, intervals and (for levers) the paired steps: rows of
 * numbers on stdout, a Markdown table in the report. */
static void table(diag *d, const char *xname, size_t n, const double *x,
                  const csim_stats_summary *s, const double *pair_diff, const double *pair_half) {
    const char *labels[4] = {xname, "mean", "95% +-", "paired step"};
    const size_t rows = pair_diff ? 4 : 3;
    for (size_t row = 0; row < rows; ++row) {
        printf("      %-12s", labels[row]);
        if (d->md) {
            fprintf(d->md, "%s| %s |", row == 0 ? "\n" : "", labels[row]);
        }
        for (size_t i = 0; i < n; ++i) {
            char cell[64] = "";
            if (row == 0) {
                snprintf(cell, sizeof cell, "%.4g", x[i]);
            } else if (row == 1) {
                snprintf(cell, sizeof cell, "%.4g", s[i].mean);
            } else if (row == 2) {
                snprintf(cell, sizeof cell, "%.3g", s[i].half);
            } else if (i > 0) {
                /* The step into point i, under it. */
                snprintf(cell, sizeof cell, "%+.3g+-%.2g", pair_diff[i - 1], pair_half[i - 1]);
            }
            printf(" %14s", cell);
            if (d->md) {
                fprintf(d->md, " %s |", cell);
            }
        }
        putchar('\n');
        if (d->md) {
            fputc('\n', d->md);
            if (row == 0) {
                fputs("|---|", d->md);
                for (size_t i = 0; i < n; ++i) {
                    fputs("---:|", d->md);
                }
                fputc('\n', d->md);
            }
        }
    }
    if (d->md) {
        fputc('\n', d->md);
    }
}

/* ==== lever dose-responses ============================================================= */

/* Run lever `l` at grid value x (the lever's fixed `set`, then its parameters at x) to
 * December of last_year; `runs` gets the replicates. */
static csim_status lever_runs_at(diag *d, const csim_health_lever *l, const csim_params *lever_base,
                                 double x, int last_year, csim_diag_runs *runs) {
    char texts[CSIM_HEALTH_MAX_PARAMS][OVERRIDE_MAX];
    const char *extra[MAX_OVERRIDES];
    size_t n_extra = 0;
    for (size_t s = 0; s < l->n_set; ++s) {
        extra[n_extra++] = l->set[s];
    }
    for (size_t p = 0; p < l->n_params; ++p) {
        const csim_status over =
            csim_health_lever_override(&l->params[p], lever_base, x, texts[p], sizeof texts[p]);
        if (over != CSIM_OK) {
            return over;
        }
        extra[n_extra++] = texts[p];
    }
    csim_status st = run_config(d, extra, n_extra, months_to(d, last_year), NULL, runs);
    if (st == CSIM_EPARSE) {
        char why[1800];
        snprintf(why, sizeof why, "%s", csim_last_error());
        st = csim_fail_plain(CSIM_EPARSE, "%s:%zu: lever '%s' at %g: %s", d->b->path, l->line,
                             l->name, x, why);
    }
    return st;
}

/* The quantity `q` in each of the R replicates of `runs`, into y[0..R). */
static void quantity_values(const csim_diag_runs *runs, const csim_health_quantity *q, size_t R,
                            double *y) {
    for (size_t r = 0; r < R; ++r) {
        y[r] = csim_health_quantity_value(q, csim_diag_row(runs, r, 0), runs->months,
                                          runs->width, runs->start_year);
    }
}

/* The last calendar year any of the `n` quantities reads: how long their runs must be. */
static int last_year_of(const csim_health_quantity *q, size_t n) {
    int last_year = 0;
    for (size_t k = 0; k < n; ++k) {
        last_year = q[k].year > last_year ? q[k].year : last_year;
    }
    return last_year;
}

/* csim_dose_refine's evaluation: one response of a lever at x, replicate by replicate. */
typedef struct lever_probe {
    diag *d;
    const csim_health_lever *lever;
    const csim_params *lever_base;
    const csim_health_quantity *response;
    int last_year;
} lever_probe;

static csim_status probe_lever(double x, double *y, void *ctx) {
    const lever_probe *p = ctx;
    csim_diag_runs runs = {0};
    p->d->runs_total += p->d->n_rep;
    csim_status st = lever_runs_at(p->d, p->lever, p->lever_base, x, p->last_year, &runs);
    if (st == CSIM_OK) {
        quantity_values(&runs, p->response, p->d->n_rep, y);
    }
    csim_diag_runs_destroy(&runs);
    return st;
}

/* Bisect each knife-edge step of a response (docs/VALIDATION.md, "Knife edge"): a step
 * steep by slope alone stays a knife edge only when its change stays concentrated in one
 * eighth of it; otherwise it is a steep but continuous rise (csim_dose_clear_knife). Updates `v` and `steps`;
 * refined[i].evals > 0 marks the steps bisected (reported by report_bisections). */
enum { KNIFE_BISECTIONS = 3 };

static csim_status confirm_knives(diag *d, lever_probe *probe, const double *grid, const double *y,
                                  csim_dose_verdict *v, csim_dose_step *steps,
                                  csim_dose_refined *refined) {
    const size_t R = d->n_rep;
    for (size_t i = 0; i < v->n_steps; ++i) {
        refined[i] = (csim_dose_refined) {0};
        if (!steps[i].knife) {
            continue;
        }
        const csim_status st = csim_dose_refine(grid[i], y + i * R, grid[i + 1], y + (i + 1) * R,
                                                R, KNIFE_BISECTIONS, probe_lever, probe, &refined[i]);
        if (st != CSIM_OK) {
            return st;
        }
        if (!refined[i].concentrated) {
            csim_dose_clear_knife(v, steps, i);
        }
    }
    return CSIM_OK;
}

static void report_bisections(diag *d, const double *grid, size_t n_steps,
                              const csim_dose_refined *refined) {
    for (size_t i = 0; i < n_steps; ++i) {
        const csim_dose_refined *r = &refined[i];
        if (r->evals == 0) {
            continue;
        }
        if (r->concentrated) {
            detail(d, "step %g -> %g bisected %zu times: %.0f%% of its change lies in [%.4g, %.4g], "
                      "a jump", grid[i], grid[i + 1], r->evals, 100.0 * r->share, r->lo, r->hi);
        } else {
            detail(d, "step %g -> %g is steep but continuous: bisected %zu times, its steepest "
                      "part [%.4g, %.4g] holds %.0f%% of its change (a jump would hold more than "
                      "half)", grid[i], grid[i + 1], r->evals, r->lo, r->hi, 100.0 * r->share);
        }
    }
}

static csim_status check_lever(diag *d, const csim_health_lever *l) {
    csim_status st = CSIM_OK;
    const double *grid = d->quick ? l->quick_grid : l->grid;
    const size_t n = d->quick ? l->n_quick_grid : l->n_grid;
    const size_t R = d->n_rep;
    double *values = NULL;
    csim_params lever_base;
    csim_diag_runs runs = {0};
    const int last_year = last_year_of(l->responses, l->n_responses);

    /* The series and vectors a lever scales are those of the scenario with the lever's
     * own fixed values. */
    CSIM_TRY(load_config(d, (const char *const *) l->set, l->n_set, 0, &lever_base));
    values = malloc(l->n_responses * n * R * sizeof *values);
    if (!values) {
        return CSIM_FAIL(CSIM_ENOMEM, "lever values");
    }
    for (size_t i = 0; i < n; ++i) {
        st = lever_runs_at(d, l, &lever_base, grid[i], last_year, &runs);
        if (st != CSIM_OK) {
            goto cleanup;
        }
        for (size_t k = 0; !d->dry && k < l->n_responses; ++k) {
            quantity_values(&runs, &l->responses[k], R, values + (k * n + i) * R);
        }
        csim_diag_runs_destroy(&runs);
    }
    for (size_t k = 0; !d->dry && k < l->n_responses; ++k) {
        const csim_health_quantity *q = &l->responses[k];
        const double *y = values + k * n * R;
        csim_dose_step steps[256];
        csim_stats_summary s[256];
        double diff[256], half[256];
        csim_dose_verdict v = csim_dose_analyse(
            grid, y, n, R, d->b->level, (csim_dose_direction) q->monotone,
            d->b->knife_step_multiple, d->b->knife_interval_multiple, steps);
        char name[512], xname[64];
        snprintf(name, sizeof name, "%s -> %s (%s)", l->name, q->name,
                 csim_health_direction_name(q->monotone));
        csim_dose_refined refined[256];
        lever_probe probe = {d, l, &lever_base, q, last_year};
        st = confirm_knives(d, &probe, grid, y, &v, steps, refined);
        if (st != CSIM_OK) {
            goto cleanup;
        }
        verdict(d, v.pass, "lever", name);
        for (size_t i = 0; i < n && i < 256; ++i) {
            s[i] = csim_stats_mean_ci(y + i * R, R, d->b->level);
        }
        for (size_t i = 0; i + 1 < n && i < 256; ++i) {
            diff[i] = steps[i].diff;
            half[i] = steps[i].half;
        }
        snprintf(xname, sizeof xname, "%s", l->params[0].desc->type == CSIM_PT_SERIES ? "factor"
                                            : l->params[0].component >= 0        ? "share"
                                                                                 : "value");
        table(d, xname, n, grid, s, diff, half);
        if (v.violations > 0) {
            const csim_dose_step *w = &steps[v.worst_violation];
            detail(d, "not %s: %zu of %zu steps go the other way beyond their interval; worst "
                      "%g -> %g: %+.4g (95%% +- %.3g)",
                   csim_health_direction_name(q->monotone), v.violations, v.n_steps,
                   grid[v.worst_violation], grid[v.worst_violation + 1], w->diff, w->half);
        }
        if (v.knives > 0) {
            const csim_dose_step *w = &steps[v.worst_knife];
            detail(d, "knife edge: %zu step(s); worst %g -> %g: slope %.4g = %.3g x the median "
                      "%.4g of the other steps (limit %g x), step %+.4g = %.3g x its interval "
                      "%.3g (limit %g x)",
                   v.knives, grid[v.worst_knife], grid[v.worst_knife + 1], w->slope, v.worst_ratio,
                   w->typical, d->b->knife_step_multiple, w->diff,
                   w->half > 0 ? fabs(w->diff) / w->half : INFINITY, w->half,
                   d->b->knife_interval_multiple);
        }
        report_bisections(d, grid, v.n_steps, refined);
        if (v.undefined > 0) {
            detail(d, "%zu of %zu steps undefined (a quantity missing in a run: no year, zero "
                      "denominator)", v.undefined, v.n_steps);
        }
        if (v.pass) {
            detail(d, "monotone as stated and no knife edge (limits %g x the typical step, %g x "
                      "its interval)", d->b->knife_step_multiple, d->b->knife_interval_multiple);
        }
        char title[700];
        snprintf(title, sizeof title, "%s: %s, %zu paired replicates, %g%% intervals", l->name,
                 q->name, R, 100.0 * d->b->level);
        char xlabel[300];
        snprintf(xlabel, sizeof xlabel, "%s (%s)", l->params[0].name, xname);
        char stem_name[400];
        snprintf(stem_name, sizeof stem_name, "%s %s", l->name, q->name);
        CSIM_TRY(figure(d, "lever", stem_name, title, xlabel, q->name, n, grid, s));
    }
cleanup:
    csim_diag_runs_destroy(&runs);
    free(values);
    return st;
}

/* ==== scale invariance ================================================================= */

static csim_status check_scale(diag *d) {
    const csim_health_battery *b = d->b;
    const double *scales = d->quick ? b->quick_scales : b->scales;
    const size_t n = d->quick ? b->n_quick_scales : b->n_scales;
    const size_t R = d->n_rep;
    csim_status st = CSIM_OK;
    csim_diag_runs runs = {0};
    double *values = malloc(b->n_rates * n * R * sizeof *values);
    const int last_year = last_year_of(b->rates, b->n_rates);
    if (!values) {
        return CSIM_FAIL(CSIM_ENOMEM, "rates");
    }
    for (size_t i = 0; i < n; ++i) {
        char text[128];
        const char *extra[1] = {text};
        snprintf(text, sizeof text, "run.scale=%.17g", d->base.run_scale * scales[i]);
        CSIM_TRY(run_config(d, extra, 1, months_to(d, last_year), NULL, &runs));
        for (size_t k = 0; !d->dry && k < b->n_rates; ++k) {
            quantity_values(&runs, &b->rates[k], R, values + (k * n + i) * R);
        }
        csim_diag_runs_destroy(&runs);
    }
    for (size_t k = 0; !d->dry && k < b->n_rates; ++k) {
        const csim_health_quantity *q = &b->rates[k];
        csim_stats_summary s[256];
        double x[256];
        bool pass = true;
        double worst = 0.0;
        size_t worst_i = 0;
        for (size_t i = 0; i < n && i < 256; ++i) {
            s[i] = csim_stats_mean_ci(values + (k * n + i) * R, R, b->level);
            x[i] = d->base.run_scale * scales[i];
        }
        for (size_t i = 1; i < n && i < 256; ++i) {
            double rel = NAN;
            const bool ok = csim_scale_agrees(s[0].mean, s[i].mean, b->scale_tolerance, &rel);
            pass = pass && ok;
            if (!ok && (worst_i == 0 || !(fabs(rel) <= fabs(worst)))) {
                worst = rel;
                worst_i = i;
            }
        }
        char name[400];
        snprintf(name, sizeof name, "%s (%d) at run.scale x %g .. %g", q->name, q->year, scales[0],
                 scales[n - 1]);
        verdict(d, pass, "scale", name);
        table(d, "run.scale", n, x, s, NULL, NULL);
        if (pass) {
            detail(d, "every scale within %g%% of run.scale %g", 100.0 * b->scale_tolerance, x[0]);
        } else {
            detail(d, "run.scale %g differs from run.scale %g by %+.1f%% (tolerance %g%%)",
                   x[worst_i], x[0], 100.0 * worst, 100.0 * b->scale_tolerance);
        }
        /* A verdict on means can be chance where the outcome is rare: say which scales the
         * replicates do not settle, and how many would. */
        for (size_t i = 1; i < n && i < 256; ++i) {
            const csim_scale_difference dif = csim_scale_difference_of(
                s[0].mean, s[0].sd, s[0].n, s[i].mean, s[i].sd, s[i].n, b->level,
                b->scale_tolerance);
            if (isfinite(dif.rel) && !dif.settled) {
                detail(d,
                       "run.scale %g: %+.1f%% with %g%% interval [%+.1f%%, %+.1f%%] is within "
                       "sampling error of the %g%% tolerance: not settled by %zu replicates; "
                       "about %.0f would settle it",
                       x[i], 100.0 * dif.rel, 100.0 * b->level, 100.0 * dif.lo, 100.0 * dif.hi,
                       100.0 * b->scale_tolerance, R, dif.replicates);
            }
        }
        char title[600];
        snprintf(title, sizeof title, "%s (%d) against run.scale, %zu replicates, %g%% intervals",
                 q->name, q->year, R, 100.0 * b->level);
        CSIM_TRY(figure(d, "scale", q->name, title, "run.scale", q->name, n, x, s));
    }
cleanup:
    csim_diag_runs_destroy(&runs);
    free(values);
    return st;
}

/* ==== extreme conditions =============================================================== */

static csim_status check_extreme(diag *d, const csim_health_extreme *x) {
    csim_status st = CSIM_OK;
    csim_diag_runs runs = {0};
    double *series = NULL;
    st = run_config(d, (const char *const *) x->set, x->n_set, 0, NULL, &runs);
    if (st != CSIM_OK || d->dry) {
        if (st == CSIM_EPARSE) {
            char why[1800];
            snprintf(why, sizeof why, "%s", csim_last_error());
            st = csim_fail_plain(CSIM_EPARSE, "%s:%zu: extreme '%s': %s", d->b->path, x->line,
                                 x->name, why);
        }
        return st;
    }
    series = malloc((size_t) runs.months * sizeof *series);
    if (!series) {
        csim_diag_runs_destroy(&runs);
        return CSIM_FAIL(CSIM_ENOMEM, "series");
    }
    for (size_t e = 0; e < x->n_expect; ++e) {
        const csim_health_expect *ex = &x->expect[e];
        const long from = (long) (ex->from_year - runs.start_year) * 12;
        bool pass = from < runs.months;
        size_t failing = 0;
        double max_value = 0.0, lowest = INFINITY;
        long first_bad = -1, latest_reached = -1, rose = -1;
        double level_lo = INFINITY, level_hi = 0.0;
        size_t never = 0;
        for (size_t r = 0; r < runs.n_rep; ++r) {
            for (long m = 0; m < runs.months; ++m) {
                series[m] = csim_health_terms_at(&ex->q, csim_diag_row(&runs, r, 0), m, runs.width);
                lowest = m >= from ? fmin(lowest, series[m]) : lowest;
            }
            const csim_extreme_verdict v =
                ex->kind == CSIM_HEALTH_ZERO
                    ? csim_extreme_zero(series, runs.months, from)
                    : csim_extreme_falls(series, runs.months, from, ex->within_months, ex->to_share);
            failing += !v.pass;
            pass = pass && v.pass;
            max_value = fmax(max_value, v.max_value);
            if (v.first_bad >= 0 && (first_bad < 0 || v.first_bad < first_bad)) {
                first_bad = v.first_bad;
            }
            never += ex->kind != CSIM_HEALTH_ZERO && v.reached_at < 0;
            latest_reached = v.reached_at > latest_reached ? v.reached_at : latest_reached;
            if (v.rose_at >= 0 && (rose < 0 || v.rose_at < rose)) {
                rose = v.rose_at;
            }
            level_lo = fmin(level_lo, v.level);
            level_hi = fmax(level_hi, v.level);
        }
        char name[600], when[32], when2[32];
        snprintf(name, sizeof name, "%s (line %zu)", x->name, ex->line);
        verdict(d, pass, "extreme", name);
        if (ex->kind == CSIM_HEALTH_ZERO) {
            month_text(d, first_bad, when, sizeof when);
            detail(d, "must be 0 in every month from %d-01 to the end: %zu of %zu replicates "
                      "are not; largest value %.4g; first non-zero month %s",
                   ex->from_year, failing, runs.n_rep, max_value, when);
            continue;
        }
        month_text(d, latest_reached, when, sizeof when);
        month_text(d, rose, when2, sizeof when2);
        if (ex->kind == CSIM_HEALTH_EMPTIES) {
            detail(d, "must reach 0 within %ld months of %d-01 and stay 0: %zu of %zu replicates "
                      "fail; %zu never empty (lowest value from %d-01: %.4g); latest emptying %s; "
                      "first resurrection %s (largest value after emptying %.4g)",
                   ex->within_months, ex->from_year, failing, runs.n_rep, never, ex->from_year,
                   lowest, when, when2, max_value);
        } else {
            detail(d, "must fall to %.3g of its %d-12 value (levels %.4g to %.4g over the "
                      "replicates) within %ld months of %d-01 and stay at or below it: %zu of %zu "
                      "replicates fail; %zu never fall that far (lowest value from %d-01: %.4g); "
                      "latest fall %s; first rise above the level %s (largest value above it %.4g)",
                   ex->to_share, ex->from_year - 1, level_lo, level_hi, ex->within_months,
                   ex->from_year, failing, runs.n_rep, never, ex->from_year, lowest, when, when2,
                   max_value);
        }
    }
    free(series);
    csim_diag_runs_destroy(&runs);
    return CSIM_OK;
}

/* ==== target spread ==================================================================== */

static csim_status check_spread(diag *d) {
    csim_diag_runs runs = {0};
    const size_t R = d->n_rep;
    csim_status st = run_config(d, NULL, 0, 0, &d->targets, &runs);
    if (st != CSIM_OK || d->dry) {
        return st;
    }
    double *work = malloc(R * sizeof *work);
    if (!work) {
        csim_diag_runs_destroy(&runs);
        return CSIM_FAIL(CSIM_ENOMEM, "spread");
    }
    size_t failing = 0;
    if (d->md) {
        fprintf(d->md, "\n| target | observed | mean | s.d. | 5%% | 95%% | tolerance | s.d./tolerance | verdict |\n"
                       "|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
    }
    printf("      %-44s %9s %10s %9s %9s %9s %9s %7s\n", "target", "observed", "mean", "s.d.",
           "5%", "95%", "tolerance", "sd/tol");
    for (size_t k = 0; k < d->targets.n; ++k) {
        const csim_target *t = &d->targets.items[k];
        const double *v = runs.targets + k * R;
        const csim_stats_summary s = csim_stats_mean_ci(v, R, d->b->level);
        const double q05 = csim_stats_quantile(v, R, 0.05, work);
        const double q95 = csim_stats_quantile(v, R, 0.95, work);
        const double tol = !isnan(t->tolerance_abs) ? t->tolerance_abs : t->tolerance * fabs(t->value);
        const double ratio = tol > 0.0 ? s.sd / tol : s.sd > 0.0 ? INFINITY : 0.0;
        const bool ok = s.n >= 2 && ratio <= d->b->max_sd_per_tolerance;
        failing += !ok;
        printf("      %-44.44s %9.4g %10.4g %9.3g %9.4g %9.4g %9.3g %7.2f %s\n", t->name, t->value,
               s.mean, s.sd, q05, q95, tol, ratio, ok ? "ok" : "TOO WIDE");
        if (d->md) {
            fprintf(d->md, "| %s | %.4g | %.4g | %.3g | %.4g | %.4g | %.3g | %.2f | %s |\n", t->name,
                    t->value, s.mean, s.sd, q05, q95, tol, ratio, ok ? "ok" : "**too wide**");
        }
    }
    char name[200];
    snprintf(name, sizeof name, "between-seed s.d. of every target <= %g x its tolerance (%zu replicates)",
             d->b->max_sd_per_tolerance, R);
    verdict(d, failing == 0, "spread", name);
    detail(d, "%zu of %zu targets too wide for their tolerance", failing, d->targets.n);
    free(work);
    csim_diag_runs_destroy(&runs);
    return CSIM_OK;
}

/* ==== the battery ====================================================================== */

static csim_status battery(diag *d) {
    const csim_health_battery *b = d->b;
    csim_status st = CSIM_OK;
    if (d->md && !d->dry) {
        fprintf(d->md, "\n## Lever dose-responses\n\nPaired replicates (common random numbers); "
                       "knife edge: a step larger than %g x the median of the other steps and "
                       "%g x its own %g%% interval.\n",
                b->knife_step_multiple, b->knife_interval_multiple, 100.0 * b->level);
    }
    for (size_t i = 0; i < b->n_levers && st == CSIM_OK; ++i) {
        st = check_lever(d, &b->levers[i]);
    }
    if (st == CSIM_OK && b->n_rates > 0) {
        if (d->md && !d->dry) {
            fprintf(d->md, "\n## Scale invariance\n\nTolerance: %g%% of the rate at the first scale.\n",
                    100.0 * b->scale_tolerance);
        }
        st = check_scale(d);
    }
    if (st == CSIM_OK && b->n_extremes > 0 && d->md && !d->dry) {
        fputs("\n## Extreme conditions\n", d->md);
    }
    for (size_t i = 0; i < b->n_extremes && st == CSIM_OK; ++i) {
        st = check_extreme(d, &b->extremes[i]);
    }
    if (st == CSIM_OK && b->targets_path) {
        if (d->md && !d->dry) {
            fprintf(d->md, "\n## Between-seed spread of the targets\n\nTargets: `%s`.\n",
                    b->targets_path);
        }
        st = check_spread(d);
    }
    return st;
}

/* A runtime failure is "could not run" (3); bad input stays 2. */
static int fail_code(csim_status st) {
    const int rc = csim_cli_report("diagnose", st);
    return rc == CSIM_EXIT_USAGE ? rc : DIAG_EXIT_COULD_NOT_RUN;
}

/* A failure to read an input file (scenario, battery, targets): a missing or unreadable
 * file is the user's input (2), as for every command; only memory is a runtime failure. */
static int input_fail_code(csim_status st) {
    csim_cli_report("diagnose", st);
    const int rc = csim_cli_scenario_exit_code(st);
    return rc == CSIM_EXIT_USAGE ? rc : DIAG_EXIT_COULD_NOT_RUN;
}

int csim_cmd_diagnose(int argc, char **argv) {
    static const char *const cmd = "diagnose";
    diagnose_opts f = {.battery = "scenarios/health.yaml"};
    csim_opt_args args = {0};
    int rc = CSIM_EXIT_OK;
    csim_status st = CSIM_OK;
    csim_health_battery b = {0};
    diag d = {0};
    csim_out_file report = {0}, script = {0};
    char *md_text = NULL, *gp_text = NULL;
    size_t md_len = 0, gp_len = 0;
    char gnuplot[4096], path[4096];

    if ((rc = csim_opts_read(&diagnose_spec, argc, argv, &f, &args)) != CSIM_EXIT_OK ||
        args.help) {
        goto done;
    }
    const char *scenario = args.operands[0], *battery_path = f.battery, *folder = f.folder;
    const char *const *user = f.set.items;
    const size_t n_user = f.set.n;
    const unsigned long long replicates = f.replicates, threads = f.threads;
    const bool quick = f.quick, quiet = f.quiet, force = f.force;
    if (n_user + 2 * CSIM_HEALTH_MAX_PARAMS + 2 > MAX_OVERRIDES) {
        rc = csim_cli_usage_error(cmd, "too many --set overrides (%zu)", n_user);
        goto done;
    }
    if ((st = csim_health_load(&b, battery_path)) != CSIM_OK) {
        rc = input_fail_code(st);
        goto done;
    }
    d.path = scenario;
    d.user = user;
    d.n_user = n_user;
    d.b = &b;
    d.quick = quick;
    d.n_rep = replicates ? (size_t) replicates : quick ? b.quick_replicates : b.replicates;
    if ((st = load_config(&d, NULL, 0, 0, &d.base)) != CSIM_OK ||
        (b.targets_path && (st = csim_targets_load(&d.targets, b.targets_path)) != CSIM_OK)) {
        rc = input_fail_code(st);
        goto done;
    }
    if (folder) {
        if ((st = csim_plot_find_gnuplot(gnuplot, sizeof gnuplot)) != CSIM_OK ||
            (st = csim_cli_make_folder(folder)) != CSIM_OK) {
            rc = fail_code(st);
            goto done;
        }
        snprintf(path, sizeof path, "%s/report.md", folder);
        if ((st = csim_out_file_open(&report, path, force)) != CSIM_OK) {
            rc = fail_code(st);
            goto done;
        }
    }
    /* Every configuration is loaded once before anything runs: a bad grid value or
     * override is reported in seconds, not after an hour of runs. */
    d.dry = true;
    if ((st = battery(&d)) != CSIM_OK) {
        rc = fail_code(st);
        goto done;
    }
    d.dry = false;
    if (threads > 0) {
        omp_set_num_threads((int) threads);
    }
    if (folder) {
        d.folder = folder;
        d.md = open_memstream(&md_text, &md_len);
        d.script = open_memstream(&gp_text, &gp_len);
        if (!d.md || !d.script) {
            rc = fail_code(CSIM_FAIL(CSIM_ENOMEM, "report"));
            goto done;
        }
        csim_plot_script_begin(d.script);
        fprintf(d.md, "# Health check of %s\n\nBattery `%s`%s, %zu paired replicates per "
                      "configuration, %zu runs.\n",
                scenario, battery_path, quick ? " (--quick)" : "", d.n_rep, d.runs_total);
        for (size_t i = 0; i < n_user; ++i) {
            fprintf(d.md, "%s`--set %s`", i ? ", " : "With ", user[i]);
        }
        fputs(n_user ? ".\n" : "", d.md);
    }
    printf("diagnose %s: battery %s%s, %zu replicates per configuration, %zu runs\n", scenario,
           battery_path, quick ? " (--quick)" : "", d.n_rep, d.runs_total);
    d.progress = csim_cli_progress_wanted(quiet);
    d.t0 = omp_get_wtime();
    st = battery(&d);
    csim_cli_progress_end(d.progress);
    if (st != CSIM_OK) {
        rc = fail_code(st);
        goto done;
    }
    const double wall = omp_get_wtime() - d.t0;
    printf("%zu of %zu checks pass (%zu runs, %.1f s)\n", d.passed, d.checks, d.runs_done, wall);
    if (folder) {
        fprintf(d.md, "\n## Summary\n\n%zu of %zu checks pass (%zu runs, %.1f s).\n", d.passed,
                d.checks, d.runs_done, wall);
        const bool bad = fclose(d.md) != 0;
        d.md = NULL;
        const bool bad_gp = fclose(d.script) != 0;
        d.script = NULL;
        if (bad || bad_gp) {
            rc = fail_code(CSIM_FAIL(CSIM_ENOMEM, "report"));
            goto done;
        }
        snprintf(path, sizeof path, "%s/plots.gp", folder);
        st = csim_out_file_open(&script, path, true);
        if (st == CSIM_OK && fwrite(gp_text, 1, gp_len, script.fp) != gp_len) {
            st = csim_fail_plain(CSIM_EIO, "writing %s failed", path);
        }
        if (st == CSIM_OK) {
            st = csim_out_file_commit(&script);
        }
        if (st == CSIM_OK) {
            st = csim_plot_run(gnuplot, folder, "plots.gp");
        }
        if (st == CSIM_OK && fwrite(md_text, 1, md_len, report.fp) != md_len) {
            st = csim_fail_plain(CSIM_EIO, "writing %s/report.md failed", folder);
        }
        /* The report goes in last, so that it exists only when its figures do. */
        if (st == CSIM_OK) {
            st = csim_out_file_commit(&report);
        }
        if (st != CSIM_OK) {
            rc = fail_code(st);
            goto done;
        }
        printf("report: %s/report.md\n", folder);
    }
    rc = d.passed == d.checks ? CSIM_EXIT_OK : DIAG_EXIT_CHECKS_FAILED;

done:
    if (d.md) {
        fclose(d.md);
    }
    if (d.script) {
        fclose(d.script);
    }
    free(md_text);
    free(gp_text);
    csim_out_file_abort(&script);
    csim_out_file_abort(&report);
    csim_targets_destroy(&d.targets);
    csim_health_destroy(&b);
    csim_opt_args_destroy(&args);
    return rc;
}
