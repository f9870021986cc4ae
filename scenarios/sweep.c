/* Sweep files (scenarios/sweep.h): read, check everything up front, make the design. */
#define _POSIX_C_SOURCE 200809L

#include "scenarios/sweep.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <yaml.h>

#include "model/params.h"
#include "scenarios/scenario.h"
#include "scenarios/yaml_input.h"
#include "sim/yaml_limits.h"
#include "sim/str_copy.h"


/* The keys a sweep file may use, as a one-column schema so that the nearest-name
 * suggestion is the same one scenario files get (csim_schema_suggest). */
static const csim_param_desc top_key_rows[] = {
    {.name = "base"}, {.name = "design"}, {.name = "points"},     {.name = "replicates"},
    {.name = "seed"}, {.name = "set"},    {.name = "parameters"}, {.name = "levels"},
};
static const csim_schema top_keys = {top_key_rows, sizeof top_key_rows / sizeof top_key_rows[0], 0};

static const csim_param_desc range_key_rows[] = {
    {.name = "min"}, {.name = "max"}, {.name = "steps"}};
static const csim_schema range_keys = {range_key_rows, 3, 0};

/* What the loader keeps at hand while walking the document. */
typedef struct sweep_ctx {
    const char *shown;    /* the file as named in messages       */
    const char *text;     /* its text (flow values are cut from it) */
    yaml_document_t *doc; /* the parsed document                 */
} sweep_ctx;

/* ==== helpers ========================================================================== */

static const char *scalar(const yaml_node_t *node) {
    return (const char *) node->data.scalar.value;
}

static const char *node_kind(const yaml_node_t *node) {
    switch (node->type) {
    case YAML_SCALAR_NODE:
        return "a single value";
    case YAML_SEQUENCE_NODE:
        return "a list";
    case YAML_MAPPING_NODE:
        return "a mapping";
    default:
        return "nothing";
    }
}


/* A plain (unquoted) finite number. */
static csim_status get_number(const sweep_ctx *ctx, const yaml_node_t *node, const char *what,
                              double *value) {
    if (node->type != YAML_SCALAR_NODE || node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) {
        return csim_yaml_fail_at(ctx->shown, node, "%s: expected a number, got %s", what,
                       node->type == YAML_SCALAR_NODE ? "a quoted string" : node_kind(node));
    }
    const char *s = scalar(node);
    char *end = NULL;
    errno = 0;
    const double v = strtod(s, &end);
    if (end == s || *end != '\0' || errno == ERANGE || !isfinite(v)) {
        return csim_yaml_fail_at(ctx->shown, node, "%s: expected a finite number, got '%s'", what, s);
    }
    *value = v;
    return CSIM_OK;
}

/* A whole number in [lo, hi]. */
static csim_status get_count(const sweep_ctx *ctx, const yaml_node_t *node, const char *what,
                             double lo, double hi, uint64_t *value) {
    double v = 0.0;
    const csim_status st = get_number(ctx, node, what, &v);
    if (st != CSIM_OK) {
        return st;
    }
    if (v != floor(v) || v < lo || v > hi) {
        return csim_yaml_fail_at(ctx->shown, node, "%s: expected a whole number from %.0f to %.0f, got '%s'", what,
                       lo, hi, scalar(node));
    }
    *value = (uint64_t) v;
    return CSIM_OK;
}

/* The key and value nodes of `pair`, a pair of mapping `map`. Keys must be names. A
 * name given twice never reaches here: csim_yaml_file_load refuses the file. */
static csim_status read_pair(const sweep_ctx *ctx, const yaml_node_t *map,
                             const yaml_node_pair_t *pair, const yaml_node_t **key_out,
                             const yaml_node_t **val) {
    const yaml_node_t *key = yaml_document_get_node(ctx->doc, pair->key);
    *key_out = key;
    *val = yaml_document_get_node(ctx->doc, pair->value);
    if (!key || key->type != YAML_SCALAR_NODE) {
        return csim_yaml_fail_at(ctx->shown, key ? key : map, "expected a name as key, got %s",
                       key ? node_kind(key) : "nothing");
    }
    return CSIM_OK;
}

static bool is_numeric(const csim_param_desc *desc) {
    return desc->type == CSIM_PT_INT || desc->type == CSIM_PT_DOUBLE;
}

/* A value of parameter `desc` read from the file: finite, in range, whole for ints. */
static csim_status check_value(const sweep_ctx *ctx, const yaml_node_t *node,
                               const csim_param_desc *desc, const char *what, double *value) {
    const csim_status st = get_number(ctx, node, what, value);
    if (st != CSIM_OK) {
        return st;
    }
    if (desc->type == CSIM_PT_INT && *value != floor(*value)) {
        return csim_yaml_fail_at(ctx->shown, node, "%s: '%s' is an int parameter; expected a whole number, got '%s'",
                       what, desc->name, scalar(node));
    }
    if (*value < desc->min || *value > desc->max) {
        return csim_yaml_fail_at(ctx->shown, node, "%s: %s is outside the range [%g, %g] of '%s'", what,
                       scalar(node), desc->min, desc->max, desc->name);
    }
    return CSIM_OK;
}

/* ==== the parts of a sweep file ======================================================== */

/* {min: A, max: B[, steps: S]} */
static csim_status load_range(const sweep_ctx *ctx, const yaml_node_t *map, csim_sweep_param *p,
                              const yaml_node_t **steps_node) {
    const yaml_node_t *min_node = NULL, *max_node = NULL;
    char what[300];

    *steps_node = NULL;
    for (yaml_node_pair_t *pair = map->data.mapping.pairs.start; pair < map->data.mapping.pairs.top;
         ++pair) {
        const yaml_node_t *key = NULL, *val = NULL;
        csim_status st = read_pair(ctx, map, pair, &key, &val);
        if (st != CSIM_OK) {
            return st;
        }
        const char *k = scalar(key);
        snprintf(what, sizeof what, "%s %s", p->name, k);
        if (strcmp(k, "min") == 0) {
            min_node = val;
            st = check_value(ctx, val, p->desc, what, &p->min);
        } else if (strcmp(k, "max") == 0) {
            max_node = val;
            st = check_value(ctx, val, p->desc, what, &p->max);
        } else if (strcmp(k, "steps") == 0) {
            uint64_t steps = 0;
            *steps_node = val;
            st = get_count(ctx, val, what, 2, (double) CSIM_DESIGN_MAX_POINTS, &steps);
            p->steps = (size_t) steps;
        } else {
            const char *near = csim_schema_suggest(&range_keys, k);
            return csim_yaml_fail_at(ctx->shown, key,
                           "unknown key '%s' in the range of '%s'%s%s%s; a range is "
                           "{min: A, max: B} (grid designs add steps: S)",
                           k, p->name, near ? "; did you mean '" : "", near ? near : "",
                           near ? "'?" : "");
        }
        if (st != CSIM_OK) {
            return st;
        }
    }
    if (!min_node || !max_node) {
        return csim_yaml_fail_at(ctx->shown, map, "the range of '%s' needs both min and max (missing %s)", p->name,
                       !min_node ? "min" : "max");
    }
    if (!(p->min < p->max)) {
        return csim_yaml_fail_at(ctx->shown, map,
                       "the range of '%s' is empty: min %g is not below max %g (for "
                       "one value, put it under set:)",
                       p->name, p->min, p->max);
    }
    if (*steps_node && p->desc->type == CSIM_PT_INT && (double) p->steps > p->max - p->min + 1.0) {
        return csim_yaml_fail_at(ctx->shown, *steps_node,
                       "%s: %zu steps from %g to %g would repeat values (there "
                       "are only %.0f integers)",
                       p->name, p->steps, p->min, p->max, p->max - p->min + 1.0);
    }
    return CSIM_OK;
}

/* [a, b, c] */
static csim_status load_list(const sweep_ctx *ctx, const yaml_node_t *seq, csim_sweep_param *p) {
    const size_t n = (size_t) (seq->data.sequence.items.top - seq->data.sequence.items.start);
    char what[300];

    if (n == 0) {
        return csim_yaml_fail_at(ctx->shown, seq, "the list of values of '%s' is empty", p->name);
    }
    p->values = malloc(n * sizeof *p->values);
    if (!p->values) {
        return CSIM_FAIL(CSIM_ENOMEM, "%zu values of %s", n, p->name);
    }
    p->is_list = true;
    for (size_t i = 0; i < n; ++i) {
        const yaml_node_t *item =
            yaml_document_get_node(ctx->doc, seq->data.sequence.items.start[i]);
        snprintf(what, sizeof what, "%s value %zu", p->name, i + 1);
        const csim_status st = check_value(ctx, item, p->desc, what, &p->values[i]);
        if (st != CSIM_OK) {
            return st;
        }
        p->n_values = i + 1;
    }
    return CSIM_OK;
}

static csim_status load_parameters(const sweep_ctx *ctx, const yaml_node_t *map, csim_sweep *sw,
                                   const yaml_node_t ***steps_nodes) {
    const csim_schema *schema = csim_params_schema();

    if (map->type != YAML_MAPPING_NODE) {
        return csim_yaml_fail_at(ctx->shown, map,
                       "parameters: expected a mapping of parameter names to ranges "
                       "or lists, got %s",
                       node_kind(map));
    }
    const size_t n = (size_t) (map->data.mapping.pairs.top - map->data.mapping.pairs.start);
    if (n == 0) {
        return csim_yaml_fail_at(ctx->shown, map, "parameters: no parameter to sweep");
    }
    sw->params = calloc(n, sizeof *sw->params);
    *steps_nodes = calloc(n, sizeof **steps_nodes);
    if (!sw->params || !*steps_nodes) {
        return CSIM_FAIL(CSIM_ENOMEM, "%zu swept parameters", n);
    }
    for (size_t i = 0; i < n; ++i) {
        yaml_node_pair_t *pair = map->data.mapping.pairs.start + i;
        const yaml_node_t *key = NULL, *val = NULL;
        csim_status st = read_pair(ctx, map, pair, &key, &val);
        if (st != CSIM_OK) {
            return st;
        }
        const char *name = scalar(key);
        const csim_param_desc *desc = csim_schema_find(schema, name);
        if (!desc) {
            const char *near = csim_schema_suggest(schema, name);
            if (near) {
                return csim_yaml_fail_at(ctx->shown, key, "unknown parameter '%s'; did you mean '%s'?", name, near);
            }
            return csim_yaml_fail_at(ctx->shown, key,
                           "unknown parameter '%s'; expected a dotted name such as "
                           "'learning.rate' (see 'clustersim params')",
                           name);
        }
        if (!is_numeric(desc)) {
            return csim_yaml_fail_at(ctx->shown, key,
                           "parameter '%s' is a %s; only int and double parameters can "
                           "be swept (fix it under set:, or sweep scenario files with "
                           "'clustersim ensemble')",
                           name, csim_schema_type_name(desc->type));
        }
        csim_sweep_param *p = &sw->params[i];
        sw->n_params = i + 1;
        p->desc = desc;
        p->line = (size_t) key->start_mark.line + 1;
        p->name = csim_str_copy(name);
        if (!p->name) {
            return CSIM_FAIL(CSIM_ENOMEM, "parameter name");
        }
        if (val->type == YAML_MAPPING_NODE) {
            st = load_range(ctx, val, p, &(*steps_nodes)[i]);
        } else if (val->type == YAML_SEQUENCE_NODE) {
            st = load_list(ctx, val, p);
        } else {
            st = csim_yaml_fail_at(ctx->shown, val,
                         "'%s': expected a range {min: A, max: B} or a list [a, b, ...], "
                         "got %s '%s' (a fixed value goes under set:)",
                         name, node_kind(val), val->type == YAML_SCALAR_NODE ? scalar(val) : "");
        }
        if (st != CSIM_OK) {
            return st;
        }
    }
    return CSIM_OK;
}

/* set: {key: value, ...}: checked like a scenario value, kept as --set text. */
static csim_status load_set(const sweep_ctx *ctx, const yaml_node_t *map, csim_sweep *sw) {
    return csim_yaml_read_set(ctx->shown, ctx->text, ctx->doc, map, &sw->overrides,
                              &sw->n_overrides);
}

/* What a grid or a sampling design needs, checked once every key is known. */
static csim_status check_design(const sweep_ctx *ctx, const csim_sweep *sw,
                                const yaml_node_t *design_node, const yaml_node_t *points_node,
                                const yaml_node_t *params_node, const yaml_node_t *reps_node,
                                const yaml_node_t *levels_node,
                                const yaml_node_t *const *steps_nodes) {
    const char *dname = csim_design_kind_name(sw->design);
    size_t rows = 0;

    if (levels_node && sw->design != CSIM_DESIGN_MORRIS) {
        return csim_yaml_fail_at(ctx->shown, levels_node, "'levels' is used only by a morris design; remove it");
    }
    if (sw->design == CSIM_DESIGN_MORRIS && sw->levels % 2 != 0) {
        return csim_yaml_fail_at(ctx->shown, levels_node, "levels: a morris design needs an even number of "
                                         "levels (its step is levels / (2 (levels - 1))), got %zu",
                       sw->levels);
    }

    if (sw->design == CSIM_DESIGN_GRID) {
        if (points_node) {
            return csim_yaml_fail_at(ctx->shown, points_node,
                           "'points' is not used by a grid design (its size is "
                           "the product of the numbers of values); remove it");
        }
        rows = 1;
        for (size_t j = 0; j < sw->n_params; ++j) {
            const csim_sweep_param *p = &sw->params[j];
            if (!p->is_list && p->steps == 0) {
                const yaml_node_t *key = NULL;
                for (yaml_node_pair_t *pair = params_node->data.mapping.pairs.start;
                     pair < params_node->data.mapping.pairs.top; ++pair) {
                    const yaml_node_t *k = yaml_document_get_node(ctx->doc, pair->key);
                    if (strcmp(scalar(k), p->name) == 0) {
                        key = yaml_document_get_node(ctx->doc, pair->value);
                    }
                }
                return csim_yaml_fail_at(ctx->shown, key,
                               "a grid design needs steps for the range of '%s' (how "
                               "many values from min to max, e.g. {min: %g, max: %g, steps: 5})",
                               p->name, p->min, p->max);
            }
            const size_t levels = p->is_list ? p->n_values : p->steps;
            if (levels > CSIM_DESIGN_MAX_POINTS / rows) {
                return csim_yaml_fail_at(ctx->shown, params_node,
                               "the grid has more than %zu points; expected at most %zu: "
                               CSIM_DESIGN_LIMIT_WHY,
                               CSIM_DESIGN_MAX_POINTS, CSIM_DESIGN_MAX_POINTS);
            }
            rows *= levels;
        }
    } else {
        for (size_t j = 0; j < sw->n_params; ++j) {
            if (steps_nodes[j]) {
                return csim_yaml_fail_at(ctx->shown, steps_nodes[j],
                               "'steps' is used only by grid designs; a %s "
                               "design draws the values of '%s' from its range",
                               dname, sw->params[j].name);
            }
        }
        if (!points_node) {
            return csim_yaml_fail_at(ctx->shown, design_node, "a %s design needs 'points: N'%s", dname,
                           sw->design == CSIM_DESIGN_SALTELLI
                               ? " (the base sample: N * (parameters + 2) runs)"
                           : sw->design == CSIM_DESIGN_MORRIS
                               ? " (the trajectories r: r * (parameters + 1) runs)"
                               : "");
        }
        if (sw->design == CSIM_DESIGN_SOBOL && sw->n_params > CSIM_DESIGN_SOBOL_MAX_DIMS) {
            return csim_yaml_fail_at(ctx->shown, params_node,
                           "a sobol design has at most %d dimensions (GSL's "
                           "Sobol sequence); this file sweeps %zu parameters",
                           CSIM_DESIGN_SOBOL_MAX_DIMS, sw->n_params);
        }
        if (sw->design == CSIM_DESIGN_SALTELLI && sw->n_params > CSIM_DESIGN_SALTELLI_MAX_DIMS) {
            return csim_yaml_fail_at(ctx->shown, params_node,
                           "a saltelli design sweeps at most %d parameters (it "
                           "draws from a Sobol sequence of twice as many dimensions, and GSL's "
                           "has at most %d); this file sweeps %zu",
                           CSIM_DESIGN_SALTELLI_MAX_DIMS, CSIM_DESIGN_SOBOL_MAX_DIMS, sw->n_params);
        }
        rows = sw->points;
        if (sw->design == CSIM_DESIGN_SALTELLI) {
            if (sw->points > CSIM_DESIGN_MAX_POINTS / (sw->n_params + 2)) {
                return csim_yaml_fail_at(ctx->shown, points_node,
                               "a saltelli design of %zu base points in %zu "
                               "dimensions has more than %zu rows; expected at most %zu: "
                               CSIM_DESIGN_LIMIT_WHY,
                               sw->points, sw->n_params, CSIM_DESIGN_MAX_POINTS,
                               CSIM_DESIGN_MAX_POINTS);
            }
            rows = sw->points * (sw->n_params + 2);
        }
        if (sw->design == CSIM_DESIGN_MORRIS) {
            if (sw->points > CSIM_DESIGN_MAX_POINTS / (sw->n_params + 1)) {
                return csim_yaml_fail_at(ctx->shown, points_node,
                               "a morris design of %zu trajectories in %zu dimensions has "
                               "more than %zu rows",
                               sw->points, sw->n_params, CSIM_DESIGN_MAX_POINTS);
            }
            rows = sw->points * (sw->n_params + 1);
        }
    }
    if ((double) rows * (double) sw->replicates > (double) CSIM_DESIGN_MAX_POINTS) {
        return csim_yaml_fail_at(ctx->shown, reps_node ? reps_node : params_node,
                       "%zu points x %llu replicates "
                       "is more than %zu runs; expected at most %zu: " CSIM_DESIGN_LIMIT_WHY,
                       rows, (unsigned long long) sw->replicates, CSIM_DESIGN_MAX_POINTS,
                       CSIM_DESIGN_MAX_POINTS);
    }
    return CSIM_OK;
}

static csim_status load_root(const sweep_ctx *ctx, const yaml_node_t *root, csim_sweep *sw) {
    csim_status st = CSIM_OK;
    const yaml_node_t *base_node = NULL, *design_node = NULL, *points_node = NULL;
    const yaml_node_t *params_node = NULL, *reps_node = NULL, *levels_node = NULL;
    const yaml_node_t *seed_node = NULL;
    const yaml_node_t **steps_nodes = NULL;
    uint64_t count = 0;

    if (!root || root->type != YAML_MAPPING_NODE) {
        return csim_yaml_fail_at(ctx->shown, root, "expected a mapping with base, design, parameters, ...; got %s",
                       root ? node_kind(root) : "an empty file");
    }
    sw->replicates = 1;
    for (yaml_node_pair_t *pair = root->data.mapping.pairs.start;
         pair < root->data.mapping.pairs.top; ++pair) {
        const yaml_node_t *key = NULL, *val = NULL;
        CSIM_TRY(read_pair(ctx, root, pair, &key, &val));
        const char *k = scalar(key);
        if (strcmp(k, "base") == 0) {
            if (val->type != YAML_SCALAR_NODE || scalar(val)[0] == '\0') {
                st = csim_yaml_fail_at(ctx->shown, val, "base: expected the path of a scenario file");
                goto cleanup;
            }
            base_node = val;
        } else if (strcmp(k, "design") == 0) {
            if (val->type != YAML_SCALAR_NODE ||
                csim_design_kind_parse(scalar(val), &sw->design) != CSIM_OK) {
                st = csim_yaml_fail_at(ctx->shown, val,
                             "design: expected grid, latin-hypercube, sobol, saltelli or "
                             "morris, "
                             "got %s%s%s",
                             val->type == YAML_SCALAR_NODE ? "'" : node_kind(val),
                             val->type == YAML_SCALAR_NODE ? scalar(val) : "",
                             val->type == YAML_SCALAR_NODE ? "'" : "");
                goto cleanup;
            }
            design_node = val;
        } else if (strcmp(k, "points") == 0) {
            CSIM_TRY(get_count(ctx, val, "points", 1, (double) CSIM_DESIGN_MAX_POINTS, &count));
            sw->points = (size_t) count;
            points_node = val;
        } else if (strcmp(k, "levels") == 0) {
            CSIM_TRY(get_count(ctx, val, "levels", 2, CSIM_DESIGN_MORRIS_MAX_LEVELS, &count));
            sw->levels = (size_t) count;
            levels_node = val;
        } else if (strcmp(k, "replicates") == 0) {
            CSIM_TRY(
                get_count(ctx, val, "replicates", 1, CSIM_SWEEP_MAX_REPLICATES, &sw->replicates));
            reps_node = val;
        } else if (strcmp(k, "seed") == 0) {
            const csim_param_desc *seed_desc = csim_schema_find(csim_params_schema(), "run.seed");
            CSIM_TRY(get_count(ctx, val, "seed", 0, seed_desc ? seed_desc->max : 9007199254740991.0,
                               &sw->seed));
            sw->have_seed = true;
            seed_node = val;
        } else if (strcmp(k, "parameters") == 0) {
            CSIM_TRY(load_parameters(ctx, val, sw, &steps_nodes));
            params_node = val;
        } else if (strcmp(k, "set") == 0) {
            CSIM_TRY(load_set(ctx, val, sw));
        } else {
            const char *near = csim_schema_suggest(&top_keys, k);
            st = csim_yaml_fail_at(ctx->shown, key,
                         "unknown key '%s'%s%s%s; a sweep file has base, design, points, "
                         "levels, replicates, seed, set and parameters",
                         k, near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
            goto cleanup;
        }
    }
    if (!base_node) {
        st = csim_yaml_fail_at(ctx->shown, NULL, "missing 'base: SCENARIO.yaml' (the scenario the sweep varies)");
        goto cleanup;
    }
    if (!design_node) {
        st = csim_yaml_fail_at(ctx->shown, NULL, "missing 'design:' (grid, latin-hypercube, sobol, saltelli or "
                                "morris)");
        goto cleanup;
    }
    if (!params_node) {
        st = csim_yaml_fail_at(ctx->shown, NULL,
                     "missing 'parameters:' (the parameters to sweep, with ranges or "
                     "lists)");
        goto cleanup;
    }
    /* A parameter both swept and fixed would silently lose one of the two; so would a
     * seed given both as `seed:` and under set:. */
    for (size_t i = 0; i < sw->n_overrides; ++i) {
        char key[256];
        csim_scenario_override_key(sw->overrides[i], key, sizeof key);
        for (size_t j = 0; j < sw->n_params; ++j) {
            if (strcmp(key, sw->params[j].name) == 0) {
                st = csim_yaml_fail_at(ctx->shown, NULL, "'%s' is both swept (line %zu) and fixed under set:",
                             sw->params[j].name, sw->params[j].line);
                goto cleanup;
            }
        }
        if (seed_node && strcmp(key, "run.seed") == 0) {
            st = csim_yaml_fail_at(ctx->shown, seed_node,
                         "'seed' and 'run.seed' under set: both give the seed; expected one "
                         "of them");
            goto cleanup;
        }
    }
    if (sw->design == CSIM_DESIGN_MORRIS && !levels_node) {
        sw->levels = CSIM_DESIGN_MORRIS_LEVELS;
    }
    CSIM_TRY(check_design(ctx, sw, design_node, points_node, params_node, reps_node, levels_node,
                          steps_nodes));
    sw->base_path = csim_yaml_relative_path(ctx->shown, scalar(base_node));
    if (!sw->base_path) {
        st = CSIM_FAIL(CSIM_ENOMEM, "base path");
        goto cleanup;
    }
    /* access(), not fopen(): opening a FIFO would block. The scenario loader refuses
     * what is not a regular file when each point is loaded. */
    if (access(sw->base_path, R_OK) != 0) {
        st = csim_yaml_fail_at(ctx->shown, base_node, "base scenario '%s' cannot be read: %s", sw->base_path,
                     strerror(errno));
        goto cleanup;
    }

cleanup:
    free(steps_nodes);
    return st;
}

/* ==== public =========================================================================== */

csim_status csim_sweep_load(csim_sweep *sw, const char *path) {
    csim_status st = CSIM_OK;
    csim_yaml_file file = {0};

    memset(sw, 0, sizeof *sw);
    if (!path) {
        return CSIM_FAIL(CSIM_EINVAL, "sweep file path is NULL");
    }
    sw->path = csim_str_copy(path);
    if (!sw->path) {
        st = CSIM_FAIL(CSIM_ENOMEM, "sweep path");
        goto cleanup;
    }
    CSIM_TRY(csim_yaml_file_load(&file, path, "sweep file"));
    sw->text = file.text; /* the sweep keeps its file's text: csim_sweep_destroy frees it */
    file.text = NULL;
    const sweep_ctx ctx = {path, sw->text, &file.doc};
    CSIM_TRY(load_root(&ctx, yaml_document_get_root_node(&file.doc), sw));

cleanup:
    csim_yaml_file_destroy(&file);
    if (st != CSIM_OK) {
        csim_sweep_destroy(sw);
    }
    return st;
}

void csim_sweep_destroy(csim_sweep *sw) {
    if (sw->params) {
        for (size_t j = 0; j < sw->n_params; ++j) {
            free(sw->params[j].name);
            free(sw->params[j].values);
        }
    }
    csim_str_list_free(sw->overrides, sw->n_overrides);
    free(sw->params);
    free(sw->base_path);
    free(sw->text);
    free(sw->path);
    memset(sw, 0, sizeof *sw);
}
