/* Shared pieces of the YAML input files of scenarios/ (scenarios/yaml_input.h). */
#include "scenarios/yaml_input.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/params.h"
#include "sim/yaml_limits.h"

csim_status csim_yaml_read_set(const char *shown, const char *text, yaml_document_t *doc,
                               const yaml_node_t *map, char ***overrides, size_t *n_out) {
    csim_status st = CSIM_OK;
    const csim_schema *schema = csim_params_schema();
    csim_params *scratch = NULL;

    if (!map || map->type != YAML_MAPPING_NODE) {
        return csim_yaml_fail_at(shown, map, "set: expected a mapping of parameter names to values");
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
            st = csim_yaml_fail_at(shown, key ? key : map, "set: expected parameter names as keys");
            goto cleanup;
        }
        const char *name = (const char *) key->data.scalar.value;
        for (size_t j = 0; j < i; ++j) {
            const yaml_node_t *first = yaml_document_get_node(doc, map->data.mapping.pairs.start[j].key);
            if (first && first->type == YAML_SCALAR_NODE &&
                strcmp((const char *) first->data.scalar.value, name) == 0) {
                st = csim_yaml_fail_at(shown, key, "'%s' given twice (first at line %zu)", name,
                             (size_t) first->start_mark.line + 1);
                goto cleanup;
            }
        }
        const csim_param_desc *desc = csim_schema_find(schema, name);
        if (!desc) {
            const char *near = csim_schema_suggest(schema, name);
            st = csim_yaml_fail_at(shown, key, "set: unknown parameter '%s'%s%s%s", name,
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
            st = csim_yaml_fail_at(shown, val,
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

char *csim_yaml_relative_path(const char *file, const char *target) {
    const char *slash = strrchr(file, '/');
    const size_t dir_len = target[0] == '/' || !slash ? 0 : (size_t) (slash - file) + 1;
    const size_t target_len = strlen(target);
    char *path = malloc(dir_len + target_len + 1);
    if (path) {
        memcpy(path, file, dir_len);
        memcpy(path + dir_len, target, target_len + 1);
    }
    return path;
}
