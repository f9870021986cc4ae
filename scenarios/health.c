/* Health-check batteries (scenarios/health.h): read, check everything up front. */
#define _POSIX_C_SOURCE 200809L

#include "scenarios/health.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "model/observables.h"
#include "model/params.h"
#include "scenarios/yaml_input.h"
#include "sim/series.h"
#include "sim/str_copy.h"
#include "sim/yaml_file.h"

#define MAX_LIST 4096

/* What the loader keeps at hand while walking the document. */
typedef struct load_ctx {
    const char *shown;    /* the file as named in messages          */
    const char *text;     /* its text (flow values are cut from it)  */
    yaml_document_t *doc; /* the parsed document                    */
} load_ctx;

/* The keys each mapping may hold, as one-column schemas so that a misspelt key gets the
 * nearest valid one (csim_schema_suggest), as in scenario and sweep files. */
#define KEYS(var, ...)                                                                    \
    static const csim_param_desc var##_rows[] = {__VA_ARGS__};                            \
    static const csim_schema var = {var##_rows, sizeof var##_rows / sizeof var##_rows[0], 0}
KEYS(top_keys, {.name = "replicates"}, {.name = "level"}, {.name = "knife_edge"},
     {.name = "quick"}, {.name = "levers"}, {.name = "scale"}, {.name = "extremes"},
     {.name = "spread"});
KEYS(knife_keys, {.name = "step_multiple"}, {.name = "interval_multiple"});
KEYS(quick_keys, {.name = "replicates"}, {.name = "scales"});
KEYS(lever_keys, {.name = "name"}, {.name = "parameters"}, {.name = "grid"},
     {.name = "quick_grid"}, {.name = "set"}, {.name = "responses"});
KEYS(quantity_keys, {.name = "name"}, {.name = "observable"}, {.name = "per"},
     {.name = "times"}, {.name = "year"}, {.name = "over"}, {.name = "monotone"});
KEYS(scale_keys, {.name = "scales"}, {.name = "tolerance"}, {.name = "rates"});
KEYS(extreme_keys, {.name = "name"}, {.name = "set"}, {.name = "expect"});
KEYS(expect_keys, {.name = "observable"}, {.name = "zero_from"}, {.name = "empty_from"},
     {.name = "falls_from"}, {.name = "to_share"}, {.name = "within_months"});
KEYS(spread_keys, {.name = "targets"}, {.name = "max_sd_per_tolerance"});

const char *csim_health_direction_name(csim_health_direction d) {
    return d == CSIM_HEALTH_INCREASING ? "increasing" : d == CSIM_HEALTH_DECREASING ? "decreasing" : "any";
}

/* ==== helpers ========================================================================== */

static const char *text_of(const yaml_node_t *node) {
    return (const char *) node->data.scalar.value;
}

static bool is_scalar(const yaml_node_t *node) {
    return node && node->type == YAML_SCALAR_NODE;
}

/* A plain finite number under key `key`. */
static csim_status number(const load_ctx *ctx, const yaml_node_t *node, const char *key,
                          double *value) {
    if (!is_scalar(node) || node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) {
        return csim_yaml_fail_at(ctx->shown, node, "key '%s': expected a number", key);
    }
    char *end = NULL;
    errno = 0;
    const double v = strtod(text_of(node), &end);
    if (end == text_of(node) || *end != '\0' || errno == ERANGE || !isfinite(v)) {
        return csim_yaml_fail_at(ctx->shown, node, "key '%s': expected a finite number, got '%s'", key,
                       text_of(node));
    }
    *value = v;
    return CSIM_OK;
}

/* A whole number in [lo, hi] under key `key`. */
static csim_status whole(const load_ctx *ctx, const yaml_node_t *node, const char *key,
                         double lo, double hi, double *value) {
    csim_status st = number(ctx, node, key, value);
    if (st == CSIM_OK && (*value != floor(*value) || *value < lo || *value > hi)) {
        st = csim_yaml_fail_at(ctx->shown, node, "key '%s': expected a whole number from %.0f to %.0f, got '%s'",
                     key, lo, hi, text_of(node));
    }
    return st;
}

/* A mapping's pairs, each key checked against `keys` (unknown: nearest name; twice: error);
 * `visit` gets every pair. */
typedef csim_status (*pair_fn)(const load_ctx *ctx, const char *key, yaml_node_t *keynode,
                               yaml_node_t *val, void *out);

static csim_status walk(const load_ctx *ctx, yaml_node_t *map, const csim_schema *keys,
                        const char *what, pair_fn visit, void *out) {
    if (!map || map->type != YAML_MAPPING_NODE) {
        return csim_yaml_fail_at(ctx->shown, map, "%s: expected a mapping of keys", what);
    }
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; ++p) {
        yaml_node_t *k = yaml_document_get_node(ctx->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(ctx->doc, p->value);
        if (!is_scalar(k)) {
            return csim_yaml_fail_at(ctx->shown, k ? k : map, "%s: expected a name as key", what);
        }
        if (keys && !csim_schema_find(keys, text_of(k))) {
            const char *near = csim_schema_suggest(keys, text_of(k));
            return csim_yaml_fail_at(ctx->shown, k, "%s: unknown key '%s'%s%s%s", what, text_of(k),
                           near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
        }
        const csim_status st = visit(ctx, text_of(k), k, v, out);
        if (st != CSIM_OK) {
            return st;
        }
    }
    return CSIM_OK;
}

/* A list of numbers (or one number) under `key`, malloc'd into *values. */
static csim_status numbers(const load_ctx *ctx, yaml_node_t *node, const char *key,
                           double **values, size_t *n) {
    free(*values);
    *values = NULL;
    *n = 0;
    if (!node || node->type != YAML_SEQUENCE_NODE) {
        return csim_yaml_fail_at(ctx->shown, node, "key '%s': expected a list of numbers, e.g. [0, 0.5, 1]", key);
    }
    const size_t len = (size_t) (node->data.sequence.items.top - node->data.sequence.items.start);
    if (len == 0 || len > MAX_LIST) {
        return csim_yaml_fail_at(ctx->shown, node, "key '%s': expected 1 to %d numbers, got %zu", key, MAX_LIST, len);
    }
    *values = malloc(len * sizeof **values);
    if (!*values) {
        return CSIM_FAIL(CSIM_ENOMEM, "%zu values", len);
    }
    for (size_t i = 0; i < len; ++i) {
        yaml_node_t *item = yaml_document_get_node(ctx->doc, node->data.sequence.items.start[i]);
        const csim_status st = number(ctx, item, key, &(*values)[i]);
        if (st != CSIM_OK) {
            return st;
        }
        if (i > 0 && (*values)[i] <= (*values)[i - 1]) {
            return csim_yaml_fail_at(ctx->shown, item, "key '%s': values must increase, got %s after %g", key,
                           text_of(item), (*values)[i - 1]);
        }
        *n = i + 1;
    }
    return CSIM_OK;
}

/* Column(s) of an observable spec "name" or "name[component]"; *n_cols gets 1. */
static csim_status observable_column(const load_ctx *ctx, const yaml_node_t *node, const char *key,
                                     size_t *column) {
    if (!is_scalar(node)) {
        return csim_yaml_fail_at(ctx->shown, node, "key '%s': expected an observable name", key);
    }
    const char *spec = text_of(node);
    const char *open = strchr(spec, '[');
    const size_t name_len = open ? (size_t) (open - spec) : strlen(spec);
    const csim_observable_desc *table = csim_observables_table();
    for (size_t o = 0; o < CSIM_N_OBSERVABLES; ++o) {
        if (strlen(table[o].name) != name_len || strncmp(table[o].name, spec, name_len) != 0) {
            continue;
        }
        if (table[o].width == 1) {
            if (open) {
                return csim_yaml_fail_at(ctx->shown, node, "key '%s': observable '%s' is a scalar; write it without [...]",
                               key, table[o].name);
            }
            *column = table[o].offset;
            return CSIM_OK;
        }
        const size_t len = strlen(spec);
        if (!open || spec[len - 1] != ']') {
            return csim_yaml_fail_at(ctx->shown, node, "key '%s': observable '%s' is a vector; name a component, e.g. %s[%s]",
                           key, table[o].name, table[o].name, table[o].names[0]);
        }
        for (size_t c = 0; c < table[o].width; ++c) {
            if (strlen(table[o].names[c]) == len - name_len - 2 &&
                strncmp(table[o].names[c], open + 1, len - name_len - 2) == 0) {
                *column = table[o].offset + c;
                return CSIM_OK;
            }
        }
        return csim_yaml_fail_at(ctx->shown, node, "key '%s': '%s' names no component of '%s'", key, spec,
                       table[o].name);
    }
    return csim_yaml_fail_at(ctx->shown, node, "key '%s': unknown observable '%s' (see docs/OUTPUT.md)", key, spec);
}

/* One observable or a list of them, summed. */
static csim_status observable_terms(const load_ctx *ctx, yaml_node_t *node, const char *key,
                                    size_t *cols, size_t *n) {
    *n = 0;
    if (node && node->type == YAML_SEQUENCE_NODE) {
        const size_t len = (size_t) (node->data.sequence.items.top - node->data.sequence.items.start);
        if (len == 0 || len > CSIM_HEALTH_MAX_TERMS) {
            return csim_yaml_fail_at(ctx->shown, node, "key '%s': expected 1 to %d observables, got %zu", key,
                           CSIM_HEALTH_MAX_TERMS, len);
        }
        for (size_t i = 0; i < len; ++i) {
            yaml_node_t *item = yaml_document_get_node(ctx->doc, node->data.sequence.items.start[i]);
            const csim_status st = observable_column(ctx, item, key, &cols[i]);
            if (st != CSIM_OK) {
                return st;
            }
            *n = i + 1;
        }
        return CSIM_OK;
    }
    const csim_status st = observable_column(ctx, node, key, &cols[0]);
    *n = st == CSIM_OK ? 1 : 0;
    return st;
}

/* ==== quantities ======================================================================= */

/* The value of a `name:` key (a quantity's, a lever's, an extreme's): text, copied into
 * *name in place of what it held. */
static csim_status load_name(const load_ctx *ctx, yaml_node_t *v, char **name) {
    if (!is_scalar(v)) {
        return csim_yaml_fail_at(ctx->shown, v, "key 'name': expected text");
    }
    free(*name);
    *name = csim_str_copy_n(text_of(v), strlen(text_of(v)));
    return *name ? CSIM_OK : CSIM_FAIL(CSIM_ENOMEM, "name");
}

typedef struct quantity_in {
    csim_health_quantity *q;
    bool response;      /* monotone: allowed */
    bool have_year;
} quantity_in;

static csim_status quantity_pair(const load_ctx *ctx, const char *key, yaml_node_t *k,
                                 yaml_node_t *v, void *out) {
    quantity_in *in = out;
    csim_health_quantity *q = in->q;
    if (strcmp(key, "name") == 0) {
        return load_name(ctx, v, &q->name);
    }
    if (strcmp(key, "observable") == 0) {
        return observable_terms(ctx, v, key, q->terms, &q->n_terms);
    }
    if (strcmp(key, "per") == 0) {
        return observable_terms(ctx, v, key, q->per, &q->n_per);
    }
    if (strcmp(key, "times") == 0) {
        return number(ctx, v, key, &q->times);
    }
    if (strcmp(key, "year") == 0) {
        double y = 0;
        const csim_status st = whole(ctx, v, key, 1900, 9999, &y);
        q->year = (int) y;
        in->have_year = true;
        return st;
    }
    if (strcmp(key, "over") == 0) {
        if (is_scalar(v) && (strcmp(text_of(v), "year") == 0 || strcmp(text_of(v), "december") == 0)) {
            q->year_mean = strcmp(text_of(v), "year") == 0;
            return CSIM_OK;
        }
        return csim_yaml_fail_at(ctx->shown, v, "key 'over': expected december or year");
    }
    /* monotone */
    if (!in->response) {
        return csim_yaml_fail_at(ctx->shown, k, "key 'monotone': only lever responses have a direction");
    }
    if (is_scalar(v)) {
        for (int d = CSIM_HEALTH_ANY; d <= CSIM_HEALTH_DECREASING; ++d) {
            if (strcmp(text_of(v), csim_health_direction_name((csim_health_direction) d)) == 0) {
                q->monotone = (csim_health_direction) d;
                return CSIM_OK;
            }
        }
    }
    return csim_yaml_fail_at(ctx->shown, v, "key 'monotone': expected increasing, decreasing or any");
}

static csim_status load_quantity(const load_ctx *ctx, yaml_node_t *node, bool response,
                                 csim_health_quantity *q) {
    quantity_in in = {q, response, false};
    q->times = 1.0;
    q->line = node ? (size_t) node->start_mark.line + 1 : 0;
    const csim_status st = walk(ctx, node, &quantity_keys, response ? "response" : "rate",
                                quantity_pair, &in);
    if (st != CSIM_OK) {
        return st;
    }
    if (!q->name || q->n_terms == 0 || !in.have_year) {
        return csim_yaml_fail_at(ctx->shown, node, "%s: needs name, observable and year",
                       response ? "response" : "rate");
    }
    return CSIM_OK;
}

/* A list of quantities under `key`. */
static csim_status load_quantities(const load_ctx *ctx, yaml_node_t *node, const char *key,
                                   bool response, csim_health_quantity **qs, size_t *n) {
    if (!node || node->type != YAML_SEQUENCE_NODE || node->data.sequence.items.top == node->data.sequence.items.start) {
        return csim_yaml_fail_at(ctx->shown, node, "key '%s': expected a non-empty list", key);
    }
    const size_t len = (size_t) (node->data.sequence.items.top - node->data.sequence.items.start);
    *qs = calloc(len, sizeof **qs);
    if (!*qs) {
        return CSIM_FAIL(CSIM_ENOMEM, "%zu quantities", len);
    }
    for (size_t i = 0; i < len; ++i) {
        *n = i + 1;
        const csim_status st = load_quantity(
            ctx, yaml_document_get_node(ctx->doc, node->data.sequence.items.start[i]), response,
            &(*qs)[i]);
        if (st != CSIM_OK) {
            return st;
        }
    }
    return CSIM_OK;
}

/* ==== set: overrides =================================================================== */

/* set: {key: value, ...}: each value checked like a scenario value, kept as --set text. */
static csim_status load_set(const load_ctx *ctx, yaml_node_t *map, char ***set, size_t *n_set) {
    return csim_yaml_read_set(ctx->shown, ctx->text, ctx->doc, map, set, n_set);
}

/* ==== levers =========================================================================== */

/* A lever parameter: an int, double or series parameter, or section.vector.component. */
static csim_status lever_param(const load_ctx *ctx, const yaml_node_t *node,
                               csim_health_target_param *p) {
    const csim_schema *schema = csim_params_schema();
    if (!is_scalar(node)) {
        return csim_yaml_fail_at(ctx->shown, node, "key 'parameters': expected parameter names");
    }
    const char *name = text_of(node);
    p->name = csim_str_copy_n(name, strlen(name));
    if (!p->name) {
        return CSIM_FAIL(CSIM_ENOMEM, "name");
    }
    p->component = -1;
    p->desc = csim_schema_find(schema, name);
    const char *dot = strrchr(name, '.');
    if (!p->desc && dot) {
        char head[256];
        snprintf(head, sizeof head, "%.*s", (int) (dot - name), name);
        const csim_param_desc *vec = csim_schema_find(schema, head);
        if (vec && vec->type == CSIM_PT_VEC) {
            for (size_t c = 0; c < vec->n_names; ++c) {
                if (strcmp(vec->names[c], dot + 1) == 0) {
                    p->desc = vec;
                    p->component = (long) c;
                    return CSIM_OK;
                }
            }
            return csim_yaml_fail_at(ctx->shown, node, "key 'parameters': '%s' is no component of '%s'", dot + 1, head);
        }
    }
    if (!p->desc) {
        const char *near = csim_schema_suggest(schema, name);
        return csim_yaml_fail_at(ctx->shown, node, "key 'parameters': unknown parameter '%s'%s%s%s", name,
                       near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
    }
    if (p->desc->type != CSIM_PT_INT && p->desc->type != CSIM_PT_DOUBLE &&
        p->desc->type != CSIM_PT_SERIES) {
        return csim_yaml_fail_at(ctx->shown, node, "key 'parameters': '%s' is of type %s; a lever moves an int, double or "
                                  "series parameter or one component of a vector (e.g. policy.split.brokers)",
                       name, csim_schema_type_name(p->desc->type));
    }
    return CSIM_OK;
}

/* Grid values must suit every parameter of the lever. */
static csim_status check_grid(const load_ctx *ctx, const yaml_node_t *node, const char *key,
                              const csim_health_lever *l, const double *g, size_t n) {
    if (n < 3) {
        return csim_yaml_fail_at(ctx->shown, node, "key '%s': a dose-response needs at least 3 grid points, got %zu",
                       key, n);
    }
    for (size_t p = 0; p < l->n_params; ++p) {
        const csim_health_target_param *tp = &l->params[p];
        for (size_t i = 0; i < n; ++i) {
            const bool scalar = tp->desc->type == CSIM_PT_INT || tp->desc->type == CSIM_PT_DOUBLE;
            const double lo = scalar ? tp->desc->min : 0.0;
            const double hi = scalar ? tp->desc->max : tp->component >= 0 ? 1.0 : INFINITY;
            if (g[i] < lo || g[i] > hi || (tp->desc->type == CSIM_PT_INT && g[i] != floor(g[i]))) {
                return csim_yaml_fail_at(ctx->shown, node, "key '%s': %g cannot be a value of '%s' (%s in [%g, %g])",
                               key, g[i], tp->name,
                               scalar ? "a value" : tp->component >= 0 ? "a share" : "a factor", lo, hi);
            }
        }
    }
    return CSIM_OK;
}

typedef struct lever_in {
    csim_health_lever *l;
    yaml_node_t *grid, *quick, *params;
} lever_in;

static csim_status lever_pair(const load_ctx *ctx, const char *key, yaml_node_t *k,
                              yaml_node_t *v, void *out) {
    (void) k;
    lever_in *in = out;
    csim_health_lever *l = in->l;
    if (strcmp(key, "name") == 0) {
        return load_name(ctx, v, &l->name);
    }
    if (strcmp(key, "parameters") == 0) {
        in->params = v;
        if (is_scalar(v)) {
            l->n_params = 1;
            return lever_param(ctx, v, &l->params[0]);
        }
        if (!v || v->type != YAML_SEQUENCE_NODE || v->data.sequence.items.top == v->data.sequence.items.start ||
            v->data.sequence.items.top - v->data.sequence.items.start > CSIM_HEALTH_MAX_PARAMS) {
            return csim_yaml_fail_at(ctx->shown, v, "key 'parameters': expected 1 to %d parameter names", CSIM_HEALTH_MAX_PARAMS);
        }
        for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; ++it) {
            const csim_status st = lever_param(ctx, yaml_document_get_node(ctx->doc, *it), &l->params[l->n_params++]);
            if (st != CSIM_OK) {
                return st;
            }
        }
        return CSIM_OK;
    }
    if (strcmp(key, "grid") == 0) {
        in->grid = v;
        return numbers(ctx, v, key, &l->grid, &l->n_grid);
    }
    if (strcmp(key, "quick_grid") == 0) {
        in->quick = v;
        return numbers(ctx, v, key, &l->quick_grid, &l->n_quick_grid);
    }
    if (strcmp(key, "set") == 0) {
        return load_set(ctx, v, &l->set, &l->n_set);
    }
    return load_quantities(ctx, v, key, true, &l->responses, &l->n_responses);
}

static csim_status load_lever(const load_ctx *ctx, yaml_node_t *node, csim_health_lever *l) {
    lever_in in = {l, NULL, NULL, NULL};
    l->line = node ? (size_t) node->start_mark.line + 1 : 0;
    csim_status st = walk(ctx, node, &lever_keys, "lever", lever_pair, &in);
    if (st != CSIM_OK) {
        return st;
    }
    if (!l->name || l->n_params == 0 || l->n_grid == 0 || l->n_responses == 0) {
        return csim_yaml_fail_at(ctx->shown, node, "lever: needs name, parameters, grid and responses");
    }
    st = check_grid(ctx, in.grid, "grid", l, l->grid, l->n_grid);
    if (st == CSIM_OK && l->quick_grid) {
        st = check_grid(ctx, in.quick, "quick_grid", l, l->quick_grid, l->n_quick_grid);
    }
    if (st == CSIM_OK && !l->quick_grid) {
        l->quick_grid = malloc(l->n_grid * sizeof *l->quick_grid);
        if (!l->quick_grid) {
            return CSIM_FAIL(CSIM_ENOMEM, "grid");
        }
        memcpy(l->quick_grid, l->grid, l->n_grid * sizeof *l->grid);
        l->n_quick_grid = l->n_grid;
    }
    return st;
}

/* ==== extremes ========================================================================= */

static csim_status expect_pair(const load_ctx *ctx, const char *key, yaml_node_t *k,
                               yaml_node_t *v, void *out) {
    (void) k;
    csim_health_expect *e = out;
    double x = 0;
    csim_status st = CSIM_OK;
    if (strcmp(key, "observable") == 0) {
        return observable_terms(ctx, v, key, e->q.terms, &e->q.n_terms);
    }
    if (strcmp(key, "within_months") == 0) {
        st = whole(ctx, v, key, 1, 12000, &x);
        e->within_months = (long) x;
        return st;
    }
    if (strcmp(key, "to_share") == 0) {
        st = number(ctx, v, key, &x);
        if (st == CSIM_OK && !(x > 0.0 && x < 1.0)) {
            return csim_yaml_fail_at(ctx->shown, v, "key '%s': expected a share above 0 and below 1, got '%s'",
                                     key, text_of(v));
        }
        e->to_share = x;
        return st;
    }
    if (e->from_year != 0) {
        return csim_yaml_fail_at(ctx->shown, v, "key '%s': give one of zero_from, empty_from and falls_from", key);
    }
    st = whole(ctx, v, key, 1900, 9999, &x);
    e->from_year = (int) x;
    e->kind = strcmp(key, "zero_from") == 0    ? CSIM_HEALTH_ZERO
              : strcmp(key, "empty_from") == 0 ? CSIM_HEALTH_EMPTIES
                                                : CSIM_HEALTH_FALLS;
    return st;
}

typedef struct extreme_in {
    csim_health_extreme *x;
} extreme_in;

static csim_status extreme_pair(const load_ctx *ctx, const char *key, yaml_node_t *k,
                                yaml_node_t *v, void *out) {
    (void) k;
    csim_health_extreme *x = out;
    if (strcmp(key, "name") == 0) {
        return load_name(ctx, v, &x->name);
    }
    if (strcmp(key, "set") == 0) {
        return load_set(ctx, v, &x->set, &x->n_set);
    }
    if (!v || v->type != YAML_SEQUENCE_NODE || v->data.sequence.items.top == v->data.sequence.items.start) {
        return csim_yaml_fail_at(ctx->shown, v, "key 'expect': expected a non-empty list");
    }
    const size_t len = (size_t) (v->data.sequence.items.top - v->data.sequence.items.start);
    x->expect = calloc(len, sizeof *x->expect);
    if (!x->expect) {
        return CSIM_FAIL(CSIM_ENOMEM, "expectations");
    }
    for (size_t i = 0; i < len; ++i) {
        yaml_node_t *item = yaml_document_get_node(ctx->doc, v->data.sequence.items.start[i]);
        csim_health_expect *e = &x->expect[i];
        x->n_expect = i + 1;
        e->line = item ? (size_t) item->start_mark.line + 1 : 0;
        const csim_status st = walk(ctx, item, &expect_keys, "expect", expect_pair, e);
        if (st != CSIM_OK) {
            return st;
        }
        if (e->q.n_terms == 0 || e->from_year == 0) {
            return csim_yaml_fail_at(ctx->shown, item, "expect: needs observable and one of zero_from, empty_from and falls_from");
        }
        if ((e->kind != CSIM_HEALTH_ZERO) != (e->within_months > 0)) {
            return csim_yaml_fail_at(ctx->shown, item, "expect: within_months goes with empty_from or falls_from (and only with them)");
        }
        if ((e->kind == CSIM_HEALTH_FALLS) != (e->to_share > 0.0)) {
            return csim_yaml_fail_at(ctx->shown, item, "expect: to_share goes with falls_from (and only with it)");
        }
    }
    return CSIM_OK;
}

/* ==== top level ======================================================================== */

typedef struct top_in {
    csim_health_battery *b;
    bool have_scale;
} top_in;

static csim_status knife_pair(const load_ctx *ctx, const char *key, yaml_node_t *k,
                              yaml_node_t *v, void *out) {
    (void) k;
    csim_health_battery *b = out;
    double *field = strcmp(key, "step_multiple") == 0 ? &b->knife_step_multiple : &b->knife_interval_multiple;
    csim_status st = number(ctx, v, key, field);
    if (st == CSIM_OK && *field <= 0.0) {
        st = csim_yaml_fail_at(ctx->shown, v, "key '%s': expected a positive number", key);
    }
    return st;
}

static csim_status quick_pair(const load_ctx *ctx, const char *key, yaml_node_t *k,
                              yaml_node_t *v, void *out) {
    (void) k;
    csim_health_battery *b = out;
    if (strcmp(key, "replicates") == 0) {
        double x = 0;
        const csim_status st = whole(ctx, v, key, 2, 100000, &x);
        b->quick_replicates = (size_t) x;
        return st;
    }
    return numbers(ctx, v, key, &b->quick_scales, &b->n_quick_scales);
}

static csim_status scale_pair(const load_ctx *ctx, const char *key, yaml_node_t *k,
                              yaml_node_t *v, void *out) {
    (void) k;
    csim_health_battery *b = out;
    if (strcmp(key, "scales") == 0) {
        return numbers(ctx, v, key, &b->scales, &b->n_scales);
    }
    if (strcmp(key, "tolerance") == 0) {
        csim_status st = number(ctx, v, key, &b->scale_tolerance);
        if (st == CSIM_OK && b->scale_tolerance < 0.0) {
            st = csim_yaml_fail_at(ctx->shown, v, "key 'tolerance': expected a non-negative number");
        }
        return st;
    }
    return load_quantities(ctx, v, key, false, &b->rates, &b->n_rates);
}

static csim_status spread_pair(const load_ctx *ctx, const char *key, yaml_node_t *k,
                               yaml_node_t *v, void *out) {
    (void) k;
    csim_health_battery *b = out;
    if (strcmp(key, "max_sd_per_tolerance") == 0) {
        csim_status st = number(ctx, v, key, &b->max_sd_per_tolerance);
        if (st == CSIM_OK && b->max_sd_per_tolerance <= 0.0) {
            st = csim_yaml_fail_at(ctx->shown, v, "key '%s': expected a positive number", key);
        }
        return st;
    }
    if (!is_scalar(v) || !*text_of(v)) {
        return csim_yaml_fail_at(ctx->shown, v, "key 'targets': expected a file name");
    }
    /* Relative to the battery's folder, as `extends:` and sweep bases are. */
    if (!(b->targets_path = csim_yaml_relative_path(b->path, text_of(v)))) {
        return CSIM_FAIL(CSIM_ENOMEM, "path");
    }
    return CSIM_OK;
}

static csim_status list_of(const load_ctx *ctx, yaml_node_t *v, const char *key, size_t size,
                           void **items, size_t *len) {
    if (!v || v->type != YAML_SEQUENCE_NODE || v->data.sequence.items.top == v->data.sequence.items.start) {
        return csim_yaml_fail_at(ctx->shown, v, "key '%s': expected a non-empty list", key);
    }
    *len = (size_t) (v->data.sequence.items.top - v->data.sequence.items.start);
    *items = calloc(*len, size);
    return *items ? CSIM_OK : CSIM_FAIL(CSIM_ENOMEM, "%s", key);
}

static csim_status top_pair(const load_ctx *ctx, const char *key, yaml_node_t *k,
                            yaml_node_t *v, void *out) {
    (void) k;
    top_in *in = out;
    csim_health_battery *b = in->b;
    csim_status st = CSIM_OK;
    size_t len = 0;
    if (strcmp(key, "replicates") == 0) {
        double x = 0;
        st = whole(ctx, v, key, 2, 100000, &x);
        b->replicates = (size_t) x;
    } else if (strcmp(key, "level") == 0) {
        st = number(ctx, v, key, &b->level);
        if (st == CSIM_OK && !(b->level > 0.0 && b->level < 1.0)) {
            st = csim_yaml_fail_at(ctx->shown, v, "key 'level': expected a number between 0 and 1, e.g. 0.95");
        }
    } else if (strcmp(key, "knife_edge") == 0) {
        st = walk(ctx, v, &knife_keys, "knife_edge", knife_pair, b);
    } else if (strcmp(key, "quick") == 0) {
        st = walk(ctx, v, &quick_keys, "quick", quick_pair, b);
    } else if (strcmp(key, "scale") == 0) {
        in->have_scale = true;
        st = walk(ctx, v, &scale_keys, "scale", scale_pair, b);
        if (st == CSIM_OK && (b->n_scales < 2 || b->n_rates == 0)) {
            st = csim_yaml_fail_at(ctx->shown, v, "scale: needs scales (two or more) and rates");
        }
    } else if (strcmp(key, "spread") == 0) {
        st = walk(ctx, v, &spread_keys, "spread", spread_pair, b);
        if (st == CSIM_OK && !b->targets_path) {
            st = csim_yaml_fail_at(ctx->shown, v, "spread: needs targets");
        }
    } else if (strcmp(key, "levers") == 0) {
        CSIM_TRY(list_of(ctx, v, key, sizeof *b->levers, (void **) &b->levers, &len));
        for (size_t i = 0; i < len && st == CSIM_OK; ++i) {
            b->n_levers = i + 1;
            st = load_lever(ctx, yaml_document_get_node(ctx->doc, v->data.sequence.items.start[i]), &b->levers[i]);
        }
    } else {
        CSIM_TRY(list_of(ctx, v, key, sizeof *b->extremes, (void **) &b->extremes, &len));
        for (size_t i = 0; i < len && st == CSIM_OK; ++i) {
            yaml_node_t *item = yaml_document_get_node(ctx->doc, v->data.sequence.items.start[i]);
            csim_health_extreme *x = &b->extremes[i];
            b->n_extremes = i + 1;
            x->line = item ? (size_t) item->start_mark.line + 1 : 0;
            st = walk(ctx, item, &extreme_keys, "extreme", extreme_pair, x);
            if (st == CSIM_OK && (!x->name || x->n_expect == 0)) {
                st = csim_yaml_fail_at(ctx->shown, item, "extreme: needs name and expect");
            }
        }
    }
cleanup:
    return st;
}

csim_status csim_health_load(csim_health_battery *b, const char *path) {
    csim_status st = CSIM_OK;
    csim_yaml_file file = {0};

    memset(b, 0, sizeof *b);
    b->level = 0.95;
    b->knife_step_multiple = 4.0;
    b->knife_interval_multiple = 2.0;
    b->scale_tolerance = 0.1;
    b->max_sd_per_tolerance = 0.5;
    b->path = csim_str_copy_n(path, strlen(path));
    if (!b->path) {
        st = CSIM_FAIL(CSIM_ENOMEM, "battery");
        goto cleanup;
    }
    /* The project's one YAML loader: size and depth limits, libyaml, one duplicate-key rule. */
    CSIM_TRY(csim_yaml_file_load(&file, path, "health-check file"));
    const load_ctx ctx = {path, file.text, &file.doc};
    yaml_node_t *root = yaml_document_get_root_node(&file.doc);
    if (!root) {
        st = csim_yaml_fail_at(ctx.shown, NULL, "empty file; expected a health-check battery (see scenarios/health.yaml)");
        goto cleanup;
    }
    top_in in = {b, false};
    CSIM_TRY(walk(&ctx, root, &top_keys, "battery", top_pair, &in));
    if (b->replicates == 0 || b->n_levers == 0) {
        st = csim_yaml_fail_at(ctx.shown, root, "battery: needs replicates and levers");
        goto cleanup;
    }
    if (b->quick_replicates == 0) {
        b->quick_replicates = b->replicates;
    }
    if (!b->quick_scales && b->scales) {
        b->quick_scales = malloc(b->n_scales * sizeof *b->quick_scales);
        if (!b->quick_scales) {
            st = CSIM_FAIL(CSIM_ENOMEM, "scales");
            goto cleanup;
        }
        memcpy(b->quick_scales, b->scales, b->n_scales * sizeof *b->scales);
        b->n_quick_scales = b->n_scales;
    }
    if ((b->quick_scales && !b->scales) || (b->quick_scales && b->n_quick_scales < 2)) {
        st = csim_yaml_fail_at(ctx.shown, root, "quick: scales needs a scale section and two or more scales");
    }

cleanup:
    csim_yaml_file_destroy(&file);
    if (st != CSIM_OK) {
        csim_health_destroy(b);
    }
    return st;
}

void csim_health_destroy(csim_health_battery *b) {
    for (size_t i = 0; i < b->n_levers; ++i) {
        csim_health_lever *l = &b->levers[i];
        free(l->name);
        for (size_t p = 0; p < l->n_params; ++p) {
            free(l->params[p].name);
        }
        free(l->grid);
        free(l->quick_grid);
        csim_str_list_free(l->set, l->n_set);
        for (size_t r = 0; r < l->n_responses; ++r) {
            free(l->responses[r].name);
        }
        free(l->responses);
    }
    free(b->levers);
    for (size_t i = 0; i < b->n_rates; ++i) {
        free(b->rates[i].name);
    }
    free(b->rates);
    for (size_t i = 0; i < b->n_extremes; ++i) {
        free(b->extremes[i].name);
        csim_str_list_free(b->extremes[i].set, b->extremes[i].n_set);
        free(b->extremes[i].expect);
    }
    free(b->extremes);
    free(b->scales);
    free(b->quick_scales);
    free(b->targets_path);
    free(b->path);
    memset(b, 0, sizeof *b);
}

/* ==== evaluation ======================================================================= */

double csim_health_terms_at(const csim_health_quantity *q, const double *history, long m,
                            size_t width) {
    double sum = 0.0;
    for (size_t t = 0; t < q->n_terms; ++t) {
        sum += history[(size_t) m * width + q->terms[t]];
    }
    return sum;
}

double csim_health_quantity_value(const csim_health_quantity *q, const double *history,
                                  long months, size_t width, int start_year) {
    const long first = (long) (q->year - start_year) * 12 + (q->year_mean ? 0 : 11);
    const long last = (long) (q->year - start_year) * 12 + 11;
    if (first < 0 || last >= months) {
        return NAN;
    }
    double num = 0.0, den = 0.0;
    for (long m = first; m <= last; ++m) {
        num += csim_health_terms_at(q, history, m, width);
        for (size_t t = 0; t < q->n_per; ++t) {
            den += history[(size_t) m * width + q->per[t]];
        }
    }
    if (q->n_per > 0) {
        return den != 0.0 ? q->times * num / den : NAN;
    }
    return q->times * num / (double) (last - first + 1);
}

csim_status csim_health_lever_override(const csim_health_target_param *p, const void *base,
                                       double g, char *buf, size_t size) {
    const char *field = (const char *) base + p->desc->offset;
    int len = 0;
    if (p->desc->type == CSIM_PT_INT) {
        len = snprintf(buf, size, "%s=%.0f", p->name, g);
    } else if (p->desc->type == CSIM_PT_DOUBLE) {
        len = snprintf(buf, size, "%s=%.17g", p->name, g);
    } else if (p->desc->type == CSIM_PT_SERIES) {
        const csim_series *s = (const csim_series *) (const void *) field;
        len = snprintf(buf, size, "%s={", p->name);
        for (size_t i = 0; i < s->n && len > 0 && (size_t) len < size; ++i) {
            len += snprintf(buf + len, size - (size_t) len, "%s%d: %.17g", i ? ", " : "",
                            s->year[i], s->value[i] * g);
        }
        if (len > 0 && (size_t) len < size) {
            len += snprintf(buf + len, size - (size_t) len, "}");
        }
    } else {
        /* A share g of the vector's total for the component, the rest spread over the
         * others in their current proportions. */
        const csim_vec *v = (const csim_vec *) (const void *) field;
        double total = 0.0;
        for (size_t c = 0; c < p->desc->n_names; ++c) {
            total += v->v[c];
        }
        const double others = total - v->v[p->component];
        const char *dot = strrchr(p->name, '.');
        len = snprintf(buf, size, "%.*s={", (int) (dot - p->name), p->name);
        for (size_t c = 0; c < p->desc->n_names && len > 0 && (size_t) len < size; ++c) {
            const double x = (long) c == p->component ? g * total
                             : others > 0.0           ? v->v[c] * (1.0 - g) * total / others
                                                      : 0.0;
            len += snprintf(buf + len, size - (size_t) len, "%s%s: %.17g", c ? ", " : "",
                            p->desc->names[c], x);
        }
        if (len > 0 && (size_t) len < size) {
            len += snprintf(buf + len, size - (size_t) len, "}");
        }
    }
    if (len < 0 || (size_t) len >= size) {
        return CSIM_FAIL(CSIM_EINVAL, "override of %s longer than %zu characters", p->name, size);
    }
    return CSIM_OK;
}
