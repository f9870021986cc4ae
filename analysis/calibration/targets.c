#include "analysis/calibration/targets.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "analysis/statistics/stats.h"
#include "model/observables.h"
#include "sim/schema.h"
#include "sim/yaml_file.h"
#include "sim/str_copy.h"

void csim_targets_destroy(csim_targets *targets) {
    for (size_t k = 0; k < targets->n; ++k) {
        free(targets->items[k].name);
        free(targets->items[k].observable);
        free(targets->items[k].index);
        free(targets->items[k].statistic);
    }
    free(targets->items);
    memset(targets, 0, sizeof *targets);
}

static int parse_number(const char *text, double *out) {
    char *end = NULL;
    errno = 0;
    const double v = strtod(text, &end);
    if (errno != 0 || end == text || *end != '\0' || !isfinite(v)) {
        return -1;
    }
    *out = v;
    return 0;
}

/* Where each string key of a target was written, for messages: line and column. */
typedef struct key_marks {
    int observable[2], index[2], statistic[2];
} key_marks;

/* Resolve observable/index into a column of the observable row; a statistic target with
 * no year takes the year it reports when that is its value (the year statistics:
 * first_org_founding_year, first_association_year, first_site_year). The message names
 * file, line, column and key. */
static csim_status resolve(csim_target *t, const char *path, const key_marks *at) {
    const csim_observable_desc *table = csim_observables_table();
    if (t->statistic) {
        for (size_t s = 0; csim_sim_statistic_names[s]; ++s) {
            if (strcmp(t->statistic, csim_sim_statistic_names[s]) == 0) {
                if (t->year < 0 && csim_sim_statistic_is_year(t->statistic) &&
                    t->value == floor(t->value) && t->value >= 1900 && t->value <= 2200) {
                    t->year = (int) t->value;
                }
                return CSIM_OK;
            }
        }
        size_t n_known = 0;
        while (csim_sim_statistic_names[n_known]) {
            ++n_known;
        }
        char known[256];
        csim_schema_join_names(csim_sim_statistic_names, n_known, known, sizeof known);
        return csim_fail_plain(CSIM_EPARSE, "%s:%d:%d: key 'statistic': target '%s': unknown statistic '%s'; expected one of %s",
                               path, at->statistic[0], at->statistic[1], t->name, t->statistic, known);
    }
    for (size_t o = 0; o < CSIM_N_OBSERVABLES; ++o) {
        if (strcmp(table[o].name, t->observable) != 0) {
            continue;
        }
        if (table[o].width == 1) {
            if (t->index) {
                return csim_fail_plain(CSIM_EPARSE, "%s:%d:%d: key 'index': target '%s': observable '%s' is a scalar; remove 'index'",
                                       path, at->index[0], at->index[1], t->name, t->observable);
            }
            t->column = table[o].offset;
            return CSIM_OK;
        }
        if (!t->index) {
            return csim_fail_plain(CSIM_EPARSE, "%s:%d:%d: key 'observable': target '%s': observable '%s' is a vector; expected an 'index'",
                                   path, at->observable[0], at->observable[1], t->name, t->observable);
        }
        for (size_t c = 0; c < table[o].width; ++c) {
            if (strcmp(table[o].names[c], t->index) == 0) {
                t->column = table[o].offset + c;
                return CSIM_OK;
            }
        }
        return csim_fail_plain(CSIM_EPARSE, "%s:%d:%d: key 'index': target '%s': '%s' is not a component of '%s'",
                               path, at->index[0], at->index[1], t->name, t->index, t->observable);
    }
    return csim_fail_plain(CSIM_EPARSE, "%s:%d:%d: key 'observable': target '%s': unknown observable '%s'; expected one of the observables `clustersim inspect` lists (model/observables.h)",
                           path, at->observable[0], at->observable[1], t->name, t->observable);
}

/* Every problem of a targets file is reported, not only the first: the messages are
 * joined, one per line, and the load fails once at the end. */
typedef struct problems {
    char text[1900]; /* below the error buffer's 2048, with room for the last line */
    size_t used, count, left_out;
} problems;

static void add_problem(problems *pr) {
    const char *msg = csim_last_error();
    const size_t len = strlen(msg);
    pr->count++;
    if (pr->used + len + 2 > sizeof pr->text) {
        pr->left_out++;
        return;
    }
    if (pr->used > 0) {
        pr->text[pr->used++] = '\n';
    }
    memcpy(pr->text + pr->used, msg, len + 1);
    pr->used += len;
}

csim_status csim_targets_load(csim_targets *targets, const char *path) {
    csim_status st = CSIM_OK;
    memset(targets, 0, sizeof *targets);
    csim_yaml_file file = {0};
    /* The project's one YAML reader: size and depth limits, positions, and a key given
     * twice refused (a target with two `value:` keys was accepted silently before). */
    st = csim_yaml_file_load(&file, path, "targets file");
    if (st != CSIM_OK) {
        goto cleanup;
    }
    yaml_document_t *const doc = &file.doc;
    yaml_node_t *root = yaml_document_get_root_node(doc);
    yaml_node_t *list = NULL;
    if (root && root->type == YAML_MAPPING_NODE) {
        for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; ++p) {
            yaml_node_t *k = yaml_document_get_node(doc, p->key);
            if (k->type == YAML_SCALAR_NODE && strcmp((char *) k->data.scalar.value, "targets") == 0) {
                list = yaml_document_get_node(doc, p->value);
            }
        }
    }
    if (!list || list->type != YAML_SEQUENCE_NODE) {
        st = csim_fail_plain(CSIM_EPARSE, "%s:1:1: expected a mapping with a 'targets:' list", path);
        goto cleanup;
    }
    const size_t n = (size_t) (list->data.sequence.items.top - list->data.sequence.items.start);
    targets->items = calloc(n + 1, sizeof *targets->items);
    if (!targets->items) {
        st = CSIM_FAIL(CSIM_ENOMEM, "%zu targets", n);
        goto cleanup;
    }
    problems pr = {.used = 0, .count = 0, .left_out = 0};
    for (yaml_node_item_t *it = list->data.sequence.items.start; it < list->data.sequence.items.top; ++it) {
        yaml_node_t *node = yaml_document_get_node(doc, *it);
        csim_target *t = &targets->items[targets->n++];
        key_marks at = {{0, 0}, {0, 0}, {0, 0}};
        bool bad = false;
        t->line = (int) node->start_mark.line + 1;
        t->year = -1;
        t->value = NAN;
        t->tolerance = NAN;
        t->tolerance_abs = NAN;
        if (node->type != YAML_MAPPING_NODE) {
            csim_fail_plain(CSIM_EPARSE, "%s:%d: expected a target mapping {name, observable, year, value, tolerance}", path, t->line);
            add_problem(&pr);
            continue;
        }
        for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top; ++p) {
            yaml_node_t *k = yaml_document_get_node(doc, p->key);
            yaml_node_t *v = yaml_document_get_node(doc, p->value);
            const int line = (int) v->start_mark.line + 1, col = (int) v->start_mark.column + 1;
            if (k->type != YAML_SCALAR_NODE || v->type != YAML_SCALAR_NODE) {
                csim_fail_plain(CSIM_EPARSE, "%s:%d:%d: expected 'key: value' in a target", path, line, col);
                add_problem(&pr);
                bad = true;
                continue;
            }
            const char *key = (const char *) k->data.scalar.value;
            const char *text = (const char *) v->data.scalar.value;
            char **string_field = strcmp(key, "name") == 0 ? &t->name
                                  : strcmp(key, "observable") == 0 ? &t->observable
                                  : strcmp(key, "index") == 0 ? &t->index
                                  : strcmp(key, "statistic") == 0 ? &t->statistic : NULL;
            double *number_field = strcmp(key, "value") == 0 ? &t->value
                                   : strcmp(key, "tolerance") == 0 ? &t->tolerance
                                   : strcmp(key, "tolerance_abs") == 0 ? &t->tolerance_abs : NULL;
            int *mark = string_field == &t->observable ? at.observable
                        : string_field == &t->index ? at.index
                        : string_field == &t->statistic ? at.statistic : NULL;
            if (mark) {
                mark[0] = line;
                mark[1] = col;
            }
            if (string_field) {
                free(*string_field);
                *string_field = csim_str_copy(text);
                if (!*string_field) {
                    st = CSIM_FAIL(CSIM_ENOMEM, "target text");
                    goto cleanup;
                }
            } else if (number_field) {
                if (parse_number(text, number_field) != 0 || *number_field < 0.0) {
                    csim_fail_plain(CSIM_EPARSE, "%s:%d:%d: key '%s': expected a non-negative number, got '%s'", path, line, col, key, text);
                    add_problem(&pr);
                    bad = true;
                }
            } else if (strcmp(key, "year") == 0) {
                double y;
                if (parse_number(text, &y) != 0 || y != floor(y) || y < 1900 || y > 2200) {
                    csim_fail_plain(CSIM_EPARSE, "%s:%d:%d: key 'year': expected a calendar year, got '%s'", path, line, col, text);
                    add_problem(&pr);
                    bad = true;
                } else {
                    t->year = (int) y;
                }
            } else {
                csim_fail_plain(CSIM_EPARSE, "%s:%d:%d: unknown target key '%s'; expected name, observable, index, statistic, year, value, tolerance or tolerance_abs", path,
                                (int) k->start_mark.line + 1, (int) k->start_mark.column + 1, key);
                add_problem(&pr);
                bad = true;
            }
        }
        if (bad) {
            continue;
        }
        if (!t->name || (!t->observable == !t->statistic) || isnan(t->value) ||
            (isnan(t->tolerance) && isnan(t->tolerance_abs)) || (t->observable && t->year < 0)) {
            csim_fail_plain(CSIM_EPARSE, "%s:%d: a target needs name, either observable (with year) or statistic, value, and tolerance or tolerance_abs", path, t->line);
            add_problem(&pr);
            continue;
        }
        if (resolve(t, path, &at) != CSIM_OK) {
            add_problem(&pr);
        }
    }
    if (pr.count > 0) {
        if (pr.left_out > 0) {
            st = csim_fail_plain(CSIM_EPARSE, "%s\n(%zu more problems in %s not shown)", pr.text, pr.left_out, path);
        } else {
            st = csim_fail_plain(CSIM_EPARSE, "%s", pr.text);
        }
    }
cleanup:
    csim_yaml_file_destroy(&file);
    if (st != CSIM_OK) {
        csim_targets_destroy(targets);
    }
    return st;
}

csim_status csim_targets_select_years(csim_targets *targets, int first, int last, const char *path) {
    size_t kept = 0;
    for (size_t k = 0; k < targets->n; ++k) {
        if (targets->items[k].year < 0) {
            return csim_fail_plain(CSIM_EPARSE, "%s:%d: key 'year': target '%s' (statistic %s) has no year, so --years cannot place it; expected 'year: YYYY', the year the statistic reports",
                                   path, targets->items[k].line, targets->items[k].name,
                                   targets->items[k].statistic ? targets->items[k].statistic : "?");
        }
    }
    for (size_t k = 0; k < targets->n; ++k) {
        csim_target *t = &targets->items[k];
        if (t->year >= first && t->year <= last) {
            targets->items[kept++] = *t;
        } else {
            free(t->name);
            free(t->observable);
            free(t->index);
            free(t->statistic);
        }
    }
    targets->n = kept;
    if (kept == 0) {
        return csim_fail_plain(CSIM_EINVAL, "%s: no target of the years %d to %d", path, first, last);
    }
    return CSIM_OK;
}

double csim_target_value(const csim_target *target, const csim_sim *sim, const double *history,
                         long months, size_t row_width) {
    if (target->statistic) {
        double v;
        bool present;
        if (csim_sim_statistic(sim, target->statistic, &v, &present) != CSIM_OK || !present) {
            return NAN;
        }
        return v;
    }
    const long month = (long) (target->year - csim_sim_params(sim)->run_start_year) * 12 + 11;
    if (month < 0 || month >= months) {
        return NAN;
    }
    return history[(size_t) month * row_width + target->column];
}

csim_target_result csim_target_evaluate(const csim_target *target, const double *values, size_t n) {
    /* The one mean and t interval of the analysis (two passes, Student's t quantile), so
     * that a target's verdict and every other summary agree on what a replicate mean is. */
    const csim_stats_summary s = csim_stats_mean_ci(values, n, 0.95);
    csim_target_result r = {s.n, s.mean, s.half, false};
    if (r.n == 0) {
        return r;
    }
    const double tol = !isnan(target->tolerance_abs) ? target->tolerance_abs
                                                     : target->tolerance * fabs(target->value);
    r.pass = fabs(r.mean - target->value) <= tol + 1e-12 * fabs(target->value);
    return r;
}

csim_status csim_targets_run_ensemble(const csim_targets *targets, const csim_params *params,
                                      size_t n_replicates, double *values,
                                      void (*progress)(size_t done, size_t total, void *context),
                                      void *context) {
    csim_status st = CSIM_OK;
    const size_t width = csim_observables_row_width();
    const long months = params->run_steps;
    csim_sim *sim = NULL;
    double *history = malloc((size_t) months * width * sizeof *history);
    if (!history) {
        return CSIM_FAIL(CSIM_ENOMEM, "observable history of %ld months", months);
    }
    for (size_t r = 0; r < n_replicates; ++r) {
        CSIM_TRY(csim_sim_create(&sim, params, r));
        for (long m = 0; m < months; ++m) {
            CSIM_TRY(csim_sim_step(sim));
            memcpy(history + (size_t) m * width, csim_sim_observables(sim), width * sizeof *history);
        }
        for (size_t k = 0; k < targets->n; ++k) {
            values[k * n_replicates + r] = csim_target_value(&targets->items[k], sim, history, months, width);
        }
        csim_sim_free(&sim);
        if (progress) {
            progress(r + 1, n_replicates, context);
        }
    }
cleanup:
    csim_sim_free(&sim);
    free(history);
    return st;
}

double csim_targets_distance(const csim_targets *targets, const double *values, size_t n_replicates) {
    double sum = 0.0;
    for (size_t k = 0; k < targets->n; ++k) {
        const csim_target *t = &targets->items[k];
        const csim_target_result r = csim_target_evaluate(t, values + k * n_replicates, n_replicates);
        double tol = !isnan(t->tolerance_abs) ? t->tolerance_abs : t->tolerance * fabs(t->value);
        if (tol <= 0.0) {
            tol = 0.5;
        }
        const double z = r.n > 0 ? (r.mean - t->value) / tol : 5.0;
        /* The goal is every target inside its tolerance, not a small average: a target
         * near or past its edge (|z| > 0.8) costs ten times its excess squared more, so
         * the minimiser does not buy small gains on many passing targets with one
         * failing. Both terms are capped so one absurd target cannot dominate. */
        const double excess = fabs(z) > 0.8 ? fabs(z) - 0.8 : 0.0;
        sum += fmin(z * z, 25.0) + fmin(10.0 * excess * excess, 25.0);
    }
    return targets->n > 0 ? sum / (double) targets->n : 0.0;
}
