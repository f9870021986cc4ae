/* Shared pieces of the YAML input files of scenarios/ (scenarios/yaml_input.h). */
#include "scenarios/yaml_input.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/params.h"
#include "sim/yaml_limits.h"

/* Room for a message built before it is recorded (the error buffer holds 2048). */
#define MSG_MAX 1800

csim_status csim_yaml_vfail_at(const char *shown, const yaml_node_t *node, const char *fmt,
                               va_list ap) {
    char msg[MSG_MAX];
    vsnprintf(msg, sizeof msg, fmt, ap);
    if (!node) {
        return csim_fail_plain(CSIM_EPARSE, "%s: %s", shown, msg);
    }
    return csim_fail_plain(CSIM_EPARSE, "%s:%zu:%zu: %s", shown,
                           (size_t) node->start_mark.line + 1, (size_t) node->start_mark.column + 1,
                           msg);
}

static csim_status fail_at(const char *shown, const yaml_node_t *node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static csim_status fail_at(const char *shown, const yaml_node_t *node, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    const csim_status st = csim_yaml_vfail_at(shown, node, fmt, ap);
    va_end(ap);
    return st;
}

csim_status csim_yaml_read_set(const char *shown, const char *text, yaml_document_t *doc,
                               const yaml_node_t *map, char ***overrides, size_t *n_out) {
    csim_status st = CSIM_OK;
    const csim_schema *schema = csim_params_schema();
    csim_params *scratch = NULL;

    if (!map || map->type != YAML_MAPPING_NODE) {
        return fail_at(shown, map, "set: expected a mapping of parameter names to values");
    }
    const size_t n = (size_t) (map->data.mapping.pairs.top - map->data.mapping.pairs.start);
    *overrides = calloc(n + 1, sizeof **overrides);
    scratch = malloc(sizeof *scratch);
    if (!*overrides || !scratch) {
        st = CSIM_FAIL(CSIM_ENOMEM, "%zu fixed values", n);
        goto cleanup;
    }
    CSIM_TRY(csim_params_defaults(scratch));
    for (size_t i = 0; i < n; ++i) {
        yaml_node_pair_t *pair = map->data.mapping.pairs.start + i;
        yaml_node_t *key = yaml_document_get_node(doc, pair->key);
        yaml_node_t *val = yaml_document_get_node(doc, pair->value);
        if (!key || key->type != YAML_SCALAR_NODE) {
            st = fail_at(shown, key ? key : map, "set: expected parameter names as keys");
            goto cleanup;
        }
        const char *name = (const char *) key->data.scalar.value;
        for (size_t j = 0; j < i; ++j) {
            const yaml_node_t *first = yaml_document_get_node(doc, map->data.mapping.pairs.start[j].key);
            if (first && first->type == YAML_SCALAR_NODE &&
                strcmp((const char *) first->data.scalar.value, name) == 0) {
                st = fail_at(shown, key, "'%s' given twice (first at line %zu)", name,
                             (size_t) first->start_mark.line + 1);
                goto cleanup;
            }
        }
        const csim_param_desc *desc = csim_schema_find(schema, name);
        if (!desc) {
            const char *near = csim_schema_suggest(schema, name);
            st = fail_at(shown, key, "set: unknown parameter '%s'%s%s%s", name,
                         near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
            goto cleanup;
        }
        /* The one value checker of the project, with this file's line and column. */
        CSIM_TRY(csim_schema_set_from_node(schema, desc, scratch, doc, val, shown, text));
        const char *vtext = NULL;
        size_t vlen = 0;
        if (val->type == YAML_SCALAR_NODE) {
            vtext = (const char *) val->data.scalar.value;
            vlen = strlen(vtext);
        } else if ((val->type == YAML_MAPPING_NODE &&
                    val->data.mapping.style == YAML_FLOW_MAPPING_STYLE) ||
                   (val->type == YAML_SEQUENCE_NODE &&
                    val->data.sequence.style == YAML_FLOW_SEQUENCE_STYLE)) {
            /* A flow collection is its own source text: cut it out, as --set would take it. */
            vtext = text + val->start_mark.index;
            vlen = val->end_mark.index - val->start_mark.index;
        } else {
            st = fail_at(shown, val,
                         "set: write the value of '%s' on one line in flow style, e.g. "
                         "{2005: 10, 2013: 0}",
                         name);
            goto cleanup;
        }
        const size_t len = strlen(name) + vlen + 2;
        (*overrides)[i] = malloc(len);
        if (!(*overrides)[i]) {
            st = CSIM_FAIL(CSIM_ENOMEM, "fixed value of %s", name);
            goto cleanup;
        }
        snprintf((*overrides)[i], len, "%s=%.*s", name, (int) vlen, vtext);
        *n_out = i + 1;
    }

cleanup:
    free(scratch);
    return st;
}

/* libyaml's failure as one user line with a position. */
static csim_status parse_failure(const yaml_parser_t *parser, const char *shown) {
    if (parser->error == YAML_MEMORY_ERROR) {
        return CSIM_FAIL(CSIM_ENOMEM, "parsing %s", shown);
    }
    const char *problem = parser->problem ? parser->problem : "unknown error";
    if (parser->context) {
        return csim_fail_plain(CSIM_EPARSE, "%s:%zu:%zu: invalid YAML: %s (%s at line %zu)", shown,
                               parser->problem_mark.line + 1, parser->problem_mark.column + 1,
                               problem, parser->context, parser->context_mark.line + 1);
    }
    return csim_fail_plain(CSIM_EPARSE, "%s:%zu:%zu: invalid YAML: %s", shown,
                           parser->problem_mark.line + 1, parser->problem_mark.column + 1, problem);
}

csim_status csim_yaml_load_file(const char *path, const char *what, char **text,
                                yaml_document_t *doc) {
    char why[256];
    size_t len = 0;
    yaml_parser_t parser;
    /* Only a regular file of at most 1 MiB, nested at most 64 deep (sim/yaml_limits.h). */
    const int err = csim_yaml_read_file(path, text, &len, why, sizeof why);
    if (err == ENOMEM) {
        return CSIM_FAIL(CSIM_ENOMEM, "reading %s", path);
    }
    if (err != 0) {
        return csim_fail_plain(CSIM_EIO, "%s: cannot read %s: %s", path, what, why);
    }
    csim_status st = csim_yaml_check_depth(path, *text, len);
    if (st != CSIM_OK) {
        return st;
    }
    if (!yaml_parser_initialize(&parser)) {
        return CSIM_FAIL(CSIM_ENOMEM, "YAML parser for %s", path);
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *) *text, len);
    /* On failure yaml_parser_load has already deleted the document. */
    if (!yaml_parser_load(&parser, doc)) {
        st = parse_failure(&parser, path);
    }
    yaml_parser_delete(&parser);
    return st;
}
