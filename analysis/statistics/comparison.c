#define _POSIX_C_SOURCE 200809L

#include "analysis/statistics/comparison.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/statistics/measures.h"
#include "analysis/readers/traj_series.h"
#include "sim/grow.h"
#include "sim/str_copy.h"

/* Calendar year of an absolute month (floor division: months are never negative here). */
static int year_of(int64_t month) {
    return (int) (month / 12);
}

static csim_status add_note(csim_comparison *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static csim_status add_note(csim_comparison *c, const char *fmt, ...) {
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (csim_grow(&c->notes, &c->cap_notes, c->n_notes + 1, sizeof *c->notes) != CSIM_OK) {
        return CSIM_FAIL(CSIM_ENOMEM, "notes");
    }
    if (!(c->notes[c->n_notes] = csim_str_copy(buf))) {
        return CSIM_FAIL(CSIM_ENOMEM, "notes");
    }
    c->n_notes++;
    return CSIM_OK;
}

/* The measures to compute: copied names and persistence flags. Persistence measures are
 * kept only when a funding end is known; dropped quietly (with a note) from the default
 * list, refused when asked for by name. */
static csim_status choose_measures(csim_comparison *c, const csim_comparison_options *opt,
                                   bool have_funding_end) {
    size_t n = opt->n_measures;
    const char *const *names = opt->measures;
    const bool defaults = names == NULL || n == 0;
    if (defaults) {
        names = csim_measures_default(&n);
    }
    c->measures = calloc(n, sizeof *c->measures);
    c->persistence = calloc(n, sizeof *c->persistence);
    if (!c->measures || !c->persistence) {
        return CSIM_FAIL(CSIM_ENOMEM, "measures");
    }
    bool dropped = false;
    for (size_t m = 0; m < n; ++m) {
        const csim_measure_desc *d = csim_measure_find(names[m]);
        const bool persistence = d && d->persistence;
        if (persistence && !have_funding_end) {
            if (!defaults) {
                return csim_fail_plain(CSIM_EINVAL, "%s needs the year the funding ends, and no "
                                                    "scenario's policy.budget falls to 0: give "
                                                    "--funding-end YEAR", names[m]);
            }
            dropped = true;
            continue;
        }
        for (size_t k = 0; k < c->n_measures; ++k) {
            if (strcmp(c->measures[k], names[m]) == 0) {
                return csim_fail_plain(CSIM_EINVAL, "measure %s named twice", names[m]);
            }
        }
        if (!(c->measures[c->n_measures] = csim_str_copy(names[m]))) {
            return CSIM_FAIL(CSIM_ENOMEM, "measures");
        }
        c->persistence[c->n_measures++] = persistence;
    }
    if (dropped) {
        return add_note(c, "persistence measures left out: no scenario's programme budget "
                           "stops (give --funding-end YEAR to compute them)");
    }
    return CSIM_OK;
}

/* The union of the observable specs the measures read. *specs is malloc'd; its strings
 * are borrowed from the measure table or c->measures. */
static csim_status collect_specs(const csim_comparison *c, const char ***specs, size_t *n) {
    const char **all = malloc((c->n_measures * CSIM_MEASURE_MAX_NEEDS + 1) * sizeof *all);
    if (!all) {
        return CSIM_FAIL(CSIM_ENOMEM, "observable names");
    }
    size_t count = 0;
    for (size_t m = 0; m < c->n_measures; ++m) {
        const char *needs[CSIM_MEASURE_MAX_NEEDS];
        const size_t k = csim_measure_needs(c->measures[m], needs);
        for (size_t i = 0; i < k; ++i) {
            bool seen = false;
            for (size_t j = 0; j < count && !seen; ++j) {
                seen = strcmp(all[j], needs[i]) == 0;
            }
            if (!seen) {
                all[count++] = needs[i];
            }
        }
    }
    *specs = all;
    *n = count;
    return CSIM_OK;
}

static size_t slot(const csim_comparison *c, size_t label, size_t rep) {
    return label * c->n_reps + rep;
}

const double *csim_comparison_series(const csim_comparison *c, size_t label, size_t rep,
                                  size_t measure) {
    return c->series + (slot(c, label, rep) * c->n_measures + measure) * c->n_months;
}

double csim_comparison_value(const csim_comparison *c, size_t label, size_t rep, size_t measure,
                          int year) {
    if (c->persistence[measure]) {
        return c->scalar[slot(c, label, rep) * c->n_measures + measure];
    }
    return csim_measure_year_mean(csim_comparison_series(c, label, rep, measure), c->n_months,
                                  c->first_month, year);
}

csim_stats_summary csim_comparison_label_summary(const csim_comparison *c, size_t label,
                                                 size_t measure, int year, double *work) {
    for (size_t r = 0; r < c->n_reps; ++r) {
        work[r] = csim_comparison_value(c, label, r, measure, year);
    }
    return csim_stats_mean_ci(work, c->n_reps, 0.95);
}

void csim_comparison_year_span(const csim_comparison *c, int *first, int *last) {
    *first = year_of(c->first_month);
    *last = year_of(c->first_month + (int64_t) c->n_months - 1);
}

/* The years to report: the user's (checked against the run), every year, or the
 * defaults that fall inside the run. */
static csim_status choose_years(csim_comparison *c, const csim_comparison_options *opt) {
    int first = 0, last = 0;
    csim_comparison_year_span(c, &first, &last);
    static const int default_years[] = {2008, 2012, CSIM_COMPARISON_END};
    const int *want = opt->years;
    size_t n_want = opt->n_years;
    const bool defaults = !opt->all_years && (!want || n_want == 0);
    if (defaults) {
        want = default_years;
        n_want = sizeof default_years / sizeof default_years[0];
    }
    const size_t cap = opt->all_years ? (size_t) (last - first + 1) : n_want;
    c->years = malloc((cap > 0 ? cap : 1) * sizeof *c->years);
    if (!c->years) {
        return CSIM_FAIL(CSIM_ENOMEM, "years");
    }
    for (size_t k = 0; k < cap; ++k) {
        int y = opt->all_years ? first + (int) k : want[k];
        if (y == CSIM_COMPARISON_END) {
            y = last;
        }
        if (y < first || y > last) {
            if (defaults) {
                continue;
            }
            return csim_fail_plain(CSIM_EINVAL, "%s %d is outside the runs, which cover %d to "
                                                "%d", opt->years_from ? opt->years_from : "--at",
                                   y, first, last);
        }
        bool seen = false;
        for (size_t j = 0; j < c->n_years && !seen; ++j) {
            seen = c->years[j] == y;
        }
        if (!seen) {
            c->years[c->n_years++] = y;
        }
    }
    return CSIM_OK;
}

/* One summary row for (measure, year, label). */
static void fill_row(const csim_comparison *c, csim_comparison_row *row, double *x, double *base) {
    for (size_t r = 0; r < c->n_reps; ++r) {
        x[r] = csim_comparison_value(c, row->label, r, row->measure, row->year);
        base[r] = csim_comparison_value(c, c->baseline, r, row->measure, row->year);
    }
    if (c->persistence[row->measure]) {
        for (size_t r = 0; r < c->n_reps; ++r) {
            base[r] = c->scalar_base[slot(c, row->label, r) * c->n_measures + row->measure];
        }
    }
    row->value = csim_stats_mean_ci(x, c->n_reps, c->level);
    csim_bounds_clip_value(c->bounds[row->measure], &row->value);
    if (row->label == c->baseline || c->unpaired) {
        row->diff = csim_stats_paired_ci(NULL, NULL, 0, c->level);
    } else {
        row->diff = csim_stats_paired_ci(x, base, c->n_reps, c->level);
        csim_bounds_clip_effect(c->bounds[row->measure], &row->diff);
    }
}

static csim_status make_rows(csim_comparison *c) {
    size_t n = 0;
    for (size_t m = 0; m < c->n_measures; ++m) {
        n += (c->persistence[m] ? 1 : c->n_years) * c->index.n_labels;
    }
    c->rows = calloc(n > 0 ? n : 1, sizeof *c->rows);
    double *work = malloc(2 * c->n_reps * sizeof *work);
    if (!c->rows || !work) {
        free(work);
        return CSIM_FAIL(CSIM_ENOMEM, "%zu result rows", n);
    }
    for (size_t m = 0; m < c->n_measures; ++m) {
        const size_t n_when = c->persistence[m] ? 1 : c->n_years;
        for (size_t w = 0; w < n_when; ++w) {
            for (size_t l = 0; l < c->index.n_labels; ++l) {
                csim_comparison_row *row = &c->rows[c->n_rows++];
                row->label = l;
                row->measure = m;
                row->year = c->persistence[m] ? 0 : c->years[w];
                fill_row(c, row, work, work + c->n_reps);
            }
        }
    }
    free(work);
    return CSIM_OK;
}

void csim_comparison_monthly(const csim_comparison *c, size_t label, size_t measure,
                          csim_stats_summary *value, csim_stats_summary *diff, double *work) {
    double *x = work, *base = work + c->n_reps;
    for (size_t k = 0; k < c->n_months; ++k) {
        for (size_t r = 0; r < c->n_reps; ++r) {
            x[r] = csim_comparison_series(c, label, r, measure)[k];
            base[r] = csim_comparison_series(c, c->baseline, r, measure)[k];
        }
        value[k] = csim_stats_mean_ci(x, c->n_reps, c->level);
        diff[k] = label == c->baseline || c->unpaired
                      ? csim_stats_paired_ci(NULL, NULL, 0, c->level)
                      : csim_stats_paired_ci(x, base, c->n_reps, c->level);
        csim_bounds_clip_value(c->bounds[measure], &value[k]);
        csim_bounds_clip_effect(c->bounds[measure], &diff[k]);
    }
}

/* What task file `t` says about itself. */
static csim_ensemble_index_file_id file_id(const csim_traj_series *traj) {
    return (csim_ensemble_index_file_id){traj->replicate, traj->seed, traj->stream_key, traj->resolved_yaml};
}

/* Every complete task's file is the one the index lists (analysis/readers/ensemble_read.h): a
 * file of another seed, scenario or parameter value in a slot would silently bias every
 * mean and effect. On a mismatch the message compares with a file of the same point that
 * matches, when there is one, to name the parameter that differs. */
static csim_status check_files(const csim_ensemble_index *ix, const csim_traj_series *traj) {
    for (size_t t = 0; t < ix->n_tasks; ++t) {
        const csim_ensemble_index_task *task = &ix->tasks[t];
        if (!task->ok) {
            continue;
        }
        const csim_ensemble_index_file_id id = file_id(&traj[t]);
        if (csim_ensemble_index_check_task_file(ix, task, &id, NULL) == CSIM_OK) {
            continue;
        }
        for (size_t u = 0; u < ix->n_tasks; ++u) {
            const csim_ensemble_index_task *other = &ix->tasks[u];
            if (u == t || !other->ok || other->point != task->point) {
                continue;
            }
            const csim_ensemble_index_file_id sib = file_id(&traj[u]);
            if (csim_ensemble_index_check_task_file(ix, other, &sib, NULL) == CSIM_OK) {
                return csim_ensemble_index_check_task_file(ix, task, &id, &sib);
            }
        }
        return csim_ensemble_index_check_task_file(ix, task, &id, NULL);
    }
    return CSIM_OK;
}

/* Common random numbers hold when replicate r has one stream key in every label. */
static csim_status check_streams(csim_comparison *c) {
    const char **first = calloc(c->n_reps, sizeof *first);
    size_t *first_label = calloc(c->n_reps, sizeof *first_label);
    csim_status st = CSIM_OK;
    if (!first || !first_label) {
        st = CSIM_FAIL(CSIM_ENOMEM, "stream keys");
        goto cleanup;
    }
    for (size_t t = 0; t < c->index.n_tasks; ++t) {
        const csim_ensemble_index_task *task = &c->index.tasks[t];
        const size_t r = (size_t) task->replicate;
        if (!task->ok || r >= c->n_reps) {
            continue;
        }
        if (!first[r]) {
            first[r] = task->stream_key;
            first_label[r] = task->point;
        } else if (strcmp(first[r], task->stream_key) != 0) {
            st = add_note(c, "replicate %zu has stream key %s in %s and %s in %s: such pairs do "
                             "not share random numbers (a different run.seed?), so pairing "
                             "does not narrow their intervals", r, first[r],
                          c->index.labels[first_label[r]], task->stream_key,
                          c->index.labels[task->point]);
            goto cleanup;
        }
    }

cleanup:
    free(first_label);
    free(first);
    return st;
}

/* Unit, description and support of each measure: a built-in one's from the measure
 * table (a persistence ratio is nonnegative, not a share, though its unit is "1"); an
 * observable's from what file `t` states (@unit, @description), so that an observable
 * added with --observables keeps them without the model's headers. */
static csim_status describe_measures(csim_comparison *c, const csim_traj_series *t) {
    c->units = calloc(c->n_measures, sizeof *c->units);
    c->descriptions = calloc(c->n_measures, sizeof *c->descriptions);
    c->bounds = calloc(c->n_measures, sizeof *c->bounds);
    if (!c->units || !c->descriptions || !c->bounds) {
        return CSIM_FAIL(CSIM_ENOMEM, "measure descriptions");
    }
    for (size_t m = 0; m < c->n_measures; ++m) {
        const csim_measure_desc *d = csim_measure_find(c->measures[m]);
        const char *unit = d ? d->unit : "";
        const char *text = d ? d->description : "";
        for (size_t s = 0; !d && s < t->n_series; ++s) {
            if (strcmp(t->specs[s], c->measures[m]) == 0) {
                unit = t->units[s];
                text = t->descriptions[s];
            }
        }
        c->bounds[m] = d && d->persistence ? CSIM_BOUNDS_NONNEGATIVE
                                           : csim_bounds_of(c->measures[m], unit, text);
        c->units[m] = csim_str_copy(unit);
        c->descriptions[m] = csim_str_copy(text);
        if (!c->units[m] || !c->descriptions[m]) {
            return CSIM_FAIL(CSIM_ENOMEM, "measure descriptions");
        }
    }
    return CSIM_OK;
}

/* Persistence measure m of task `task` (file `t`): its label's value over its own years
 * (a label whose programme never stops keeps NaN: nothing to persist); a baseline task
 * also gives its counterpart over every other label's years, for the paired effects. */
static csim_status persistence_values(csim_comparison *c, const csim_ensemble_index_task *task, size_t m,
                                      const csim_traj_series *t) {
    const size_t r = (size_t) task->replicate;
    for (size_t l = 0; l < c->index.n_labels; ++l) {
        const bool own = l == task->point;
        if (c->funding_end_of[l] == 0 || (!own && task->point != c->baseline)) {
            continue;
        }
        double *dst = own ? &c->scalar[slot(c, l, r) * c->n_measures + m] : NULL;
        double base = NAN;
        const csim_status st = csim_measure_persistence(c->measures[m], t, c->funding_end_of[l],
                                                        c->after_year_of[l], own ? dst : &base);
        if (st != CSIM_OK) {
            return st;
        }
        if (task->point == c->baseline) {
            c->scalar_base[slot(c, l, r) * c->n_measures + m] = own ? *dst : base;
        }
    }
    return CSIM_OK;
}

/* F and A of every label: --funding-end for all, or each label's own budget stop, read
 * from its files (`funding_of`, 0 when it never stops). The earliest F is kept in
 * c->funding_end for the summaries that name one year (sobol, screen). */
static csim_status choose_funding_years(csim_comparison *c, const csim_comparison_options *opt,
                                        const int *funding_of) {
    const size_t n_labels = c->index.n_labels;
    int first_year = 0, last_year = 0;
    csim_comparison_year_span(c, &first_year, &last_year);
    const int horizon = opt->horizon > 0 ? opt->horizon : 3;
    c->funding_end_of = calloc(n_labels, sizeof *c->funding_end_of);
    c->after_year_of = calloc(n_labels, sizeof *c->after_year_of);
    if (!c->funding_end_of || !c->after_year_of) {
        return CSIM_FAIL(CSIM_ENOMEM, "funding years");
    }
    size_t earliest = n_labels;
    for (size_t l = 0; l < n_labels; ++l) {
        const int f = opt->funding_end > 0 ? opt->funding_end : funding_of[l];
        if (f <= 0) {
            continue;
        }
        c->funding_end_of[l] = f;
        c->after_year_of[l] = f + horizon < last_year ? f + horizon : last_year;
        if (earliest == n_labels || f < c->funding_end_of[earliest]) {
            earliest = l;
        }
    }
    if (earliest == n_labels) {
        return CSIM_OK;
    }
    c->funding_end = c->funding_end_of[earliest];
    c->after_year = c->after_year_of[earliest];
    c->funding_end_from = csim_str_copy(opt->funding_end > 0 ? "--funding-end" : c->index.labels[earliest]);
    return c->funding_end_from ? CSIM_OK : CSIM_FAIL(CSIM_ENOMEM, "funding end");
}

/* Notes on the persistence measures: which scenarios have none, and which runs do not
 * reach the years they compare. */
static csim_status note_persistence(csim_comparison *c) {
    bool any = false;
    for (size_t m = 0; m < c->n_measures; ++m) {
        any = any || c->persistence[m];
    }
    if (!any) {
        return CSIM_OK;
    }
    int first_year = 0, last_year = 0;
    csim_comparison_year_span(c, &first_year, &last_year);
    char none[900] = "";
    for (size_t l = 0; l < c->index.n_labels; ++l) {
        const int f = c->funding_end_of[l];
        if (f == 0 && strlen(none) + strlen(c->index.labels[l]) + 3 < sizeof none) {
            strcat(none, none[0] ? ", " : "");
            strcat(none, c->index.labels[l]);
        } else if (f > 0 && (c->after_year_of[l] < f || f - 1 < first_year)) {
            const csim_status st = add_note(c, "the runs of %s (%d to %d) do not cover the "
                                               "years %d and %d that its persistence measures "
                                               "compare: they are left undefined",
                                            c->index.labels[l], first_year, last_year, f - 1,
                                            c->after_year_of[l]);
            if (st != CSIM_OK) {
                return st;
            }
        }
    }
    if (none[0]) {
        return add_note(c, "persistence measures are defined only where the programme's budget "
                           "stops; it never stops in %s, which have none (n/a)", none);
    }
    return CSIM_OK;
}

csim_status csim_comparison_load(csim_comparison *c, const char *dir, const csim_comparison_options *opt) {
    csim_status st = CSIM_OK;
    csim_traj_series *traj = NULL;
    const char **specs = NULL;
    size_t n_specs = 0, n_read = 0;
    double *tmp = NULL;
    int *funding_of = NULL;

    memset(c, 0, sizeof *c);
    c->level = opt->level > 0.0 ? opt->level : 0.95;
    if (!(c->level < 1.0)) {
        return CSIM_FAIL(CSIM_EINVAL, "interval level %g outside (0, 1)", c->level);
    }
    CSIM_TRY(csim_ensemble_index_read(&c->index, dir));
    const csim_ensemble_index *ix = &c->index;
    c->unpaired = ix->kind && strcmp(ix->kind, "sweep") == 0;

    if (opt->baseline) {
        c->baseline = csim_ensemble_index_find_label(ix, opt->baseline);
        if (c->baseline == ix->n_labels) {
            char known[1024] = "";
            for (size_t l = 0; l < ix->n_labels && strlen(known) < 900; ++l) {
                strcat(known, l ? ", " : "");
                strncat(known, ix->labels[l], 100);
            }
            st = csim_fail_plain(CSIM_EINVAL, "no scenario '%s' in %s (it has: %s)",
                                 opt->baseline, dir, known);
            goto cleanup;
        }
    } else {
        /* The first scenario of the ensemble, as `clustersim ensemble` was given them: the
         * user names the reference first; no scenario name is special to the analysis. */
        c->baseline = 0;
    }

    /* Read every complete task: a measure's needs are known only after the measures are
     * chosen, which needs the funding end, which is in the files; so the files are read
     * for the union of every candidate measure's needs. */
    {
        size_t n_def = 0;
        const char *const *names = opt->measures && opt->n_measures ? opt->measures
                                                                     : csim_measures_default(&n_def);
        const size_t n_names = opt->measures && opt->n_measures ? opt->n_measures : n_def;
        csim_comparison probe = {0};
        probe.measures = (char **) names;
        probe.n_measures = n_names;
        CSIM_TRY(collect_specs(&probe, &specs, &n_specs));
    }
    traj = calloc(ix->n_tasks, sizeof *traj);
    if (!traj) {
        st = CSIM_FAIL(CSIM_ENOMEM, "%zu tasks", ix->n_tasks);
        goto cleanup;
    }
    size_t n_ok = 0, n_missing = 0, first_ok = 0;
    int64_t lo_month = INT64_MAX, hi_month = INT64_MIN;
    funding_of = calloc(ix->n_labels + 1, sizeof *funding_of);
    c->reps_asked = calloc(ix->n_labels + 1, sizeof *c->reps_asked);
    c->events = calloc((ix->n_labels + 1) * CSIM_COMPARISON_MAX_EVENTS, sizeof *c->events);
    c->n_events = calloc(ix->n_labels + 1, sizeof *c->n_events);
    if (!funding_of || !c->reps_asked || !c->events || !c->n_events) {
        st = CSIM_FAIL(CSIM_ENOMEM, "%zu labels", ix->n_labels);
        goto cleanup;
    }
    for (size_t t = 0; t < ix->n_tasks; ++t) {
        const csim_ensemble_index_task *task = &ix->tasks[t];
        c->reps_asked[task->point]++;
        if (!task->ok) {
            ++n_missing;
            continue;
        }
        CSIM_TRY(csim_traj_series_read(&traj[t], task->path, specs, n_specs));
        n_read = t + 1;
        first_ok = n_ok++ == 0 ? t : first_ok;
        lo_month = traj[t].first_month < lo_month ? traj[t].first_month : lo_month;
        const int64_t end = traj[t].first_month + (int64_t) traj[t].n_steps - 1;
        hi_month = end > hi_month ? end : hi_month;
        if ((size_t) task->replicate + 1 > c->n_reps) {
            c->n_reps = (size_t) task->replicate + 1;
        }
        /* Every task of a label has the same parameters (check_files), so one's budget
         * stop is the label's. */
        funding_of[task->point] = traj[t].funding_end;
        c->n_events[task->point] = csim_policy_events(
            traj[t].resolved_yaml, c->events + task->point * CSIM_COMPARISON_MAX_EVENTS,
            CSIM_COMPARISON_MAX_EVENTS);
    }
    if (n_ok == 0) {
        st = csim_fail_plain(CSIM_EINVAL, "%s: no complete task (status ok) in its index", dir);
        goto cleanup;
    }
    CSIM_TRY(check_files(ix, traj));
    if (ix->n_tasks > 0 && !ix->tasks[0].has_digest) {
        CSIM_TRY(add_note(c, "this index (older than December 2026) records no digest of each task's "
                             "parameters: the files were checked for replicate, run.seed and "
                             "stream key only; running the ensemble's command again records it"));
    }
    if (n_missing > 0) {
        CSIM_TRY(add_note(c, "%zu of %zu tasks are not complete (failed or not run) and are left "
                             "out", n_missing, ix->n_tasks));
    }
    CSIM_TRY(check_streams(c));
    c->first_month = lo_month;
    c->n_months = (size_t) (hi_month - lo_month + 1);

    /* The funding end and the later year of the persistence measures, per label. */
    CSIM_TRY(choose_funding_years(c, opt, funding_of));
    CSIM_TRY(choose_measures(c, opt, c->funding_end > 0));
    CSIM_TRY(describe_measures(c, &traj[first_ok]));
    CSIM_TRY(note_persistence(c));

    /* Lay the measures out on the common month grid. */
    const size_t n_slots = ix->n_labels * c->n_reps;
    c->series = malloc(n_slots * c->n_measures * c->n_months * sizeof *c->series);
    c->scalar = malloc(n_slots * c->n_measures * sizeof *c->scalar);
    c->scalar_base = malloc(n_slots * c->n_measures * sizeof *c->scalar_base);
    c->reps_ok = calloc(ix->n_labels, sizeof *c->reps_ok);
    size_t max_steps = 0;
    for (size_t t = 0; t < ix->n_tasks; ++t) {
        max_steps = traj[t].n_steps > max_steps ? traj[t].n_steps : max_steps;
    }
    tmp = malloc((max_steps > 0 ? max_steps : 1) * sizeof *tmp);
    if (!c->series || !c->scalar || !c->scalar_base || !c->reps_ok || !tmp) {
        st = CSIM_FAIL(CSIM_ENOMEM, "measures of %zu tasks", ix->n_tasks);
        goto cleanup;
    }
    for (size_t i = 0; i < n_slots * c->n_measures * c->n_months; ++i) {
        c->series[i] = NAN;
    }
    for (size_t i = 0; i < n_slots * c->n_measures; ++i) {
        c->scalar[i] = c->scalar_base[i] = NAN;
    }
    for (size_t t = 0; t < ix->n_tasks; ++t) {
        const csim_ensemble_index_task *task = &ix->tasks[t];
        if (!task->ok) {
            continue;
        }
        const size_t s = slot(c, task->point, (size_t) task->replicate);
        c->reps_ok[task->point]++;
        for (size_t m = 0; m < c->n_measures; ++m) {
            if (c->persistence[m]) {
                CSIM_TRY(persistence_values(c, task, m, &traj[t]));
                continue;
            }
            CSIM_TRY(csim_measure_series(c->measures[m], &traj[t], tmp));
            double *dst = c->series + (s * c->n_measures + m) * c->n_months;
            const size_t offset = (size_t) (traj[t].first_month - c->first_month);
            memcpy(dst + offset, tmp, traj[t].n_steps * sizeof *tmp);
        }
    }
    if (!opt->series_only) {
        CSIM_TRY(choose_years(c, opt));
        CSIM_TRY(make_rows(c));
    }

cleanup:
    if (traj) {
        for (size_t t = 0; t < n_read; ++t) {
            csim_traj_series_destroy(&traj[t]);
        }
    }
    free(traj);
    free(tmp);
    free(specs);
    free(funding_of);
    if (st != CSIM_OK) {
        csim_comparison_destroy(c);
    }
    return st;
}

void csim_comparison_destroy(csim_comparison *c) {
    csim_ensemble_index_destroy(&c->index);
    csim_str_list_free(c->measures, c->n_measures);
    csim_str_list_free(c->units, c->n_measures);
    csim_str_list_free(c->descriptions, c->n_measures);
    free(c->persistence);
    free(c->bounds);
    free(c->funding_end_of);
    free(c->after_year_of);
    free(c->funding_end_from);
    free(c->reps_ok);
    free(c->reps_asked);
    free(c->events);
    free(c->n_events);
    free(c->series);
    free(c->scalar);
    free(c->scalar_base);
    free(c->years);
    free(c->rows);
    csim_str_list_free(c->notes, c->n_notes);
    memset(c, 0, sizeof *c);
}
