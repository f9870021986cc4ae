#define _POSIX_C_SOURCE 200809L

#include "analysis/reports/brief_config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "sim/str_copy.h"
#include "sim/yaml_file.h"

/* The file being read: its name for messages and its parsed document. */
typedef struct reader {
    const char *path;
    yaml_document_t *doc;
} reader;

static yaml_node_t *node_at(const reader *rd, yaml_node_item_t id) {
    return yaml_document_get_node(rd->doc, id);
}

/* A non-empty scalar under `key`, copied into *out (which must be NULL: a key given
 * twice is refused). */
static csim_status text(const reader *rd, const yaml_node_t *key, const yaml_node_t *v,
                        char **out) {
    const char *name = (const char *) key->data.scalar.value;
    if (*out) {
        return csim_yaml_fail_at(rd->path, key, "key '%s' given twice", name);
    }
    if (!v || v->type != YAML_SCALAR_NODE || v->data.scalar.length == 0) {
        return csim_yaml_fail_at(rd->path, v ? v : key, "key '%s': expected a text", name);
    }
    *out = csim_str_copy((const char *) v->data.scalar.value);
    return *out ? CSIM_OK : CSIM_FAIL(CSIM_ENOMEM, "%s", rd->path);
}

/* `year: end` or a calendar year. */
static csim_status year_value(const reader *rd, const yaml_node_t *v, int *year) {
    const char *s = v && v->type == YAML_SCALAR_NODE ? (const char *) v->data.scalar.value : "";
    if (strcmp(s, "end") == 0) {
        *year = CSIM_BRIEF_END;
        return CSIM_OK;
    }
    char *end = NULL;
    errno = 0;
    const long y = strtol(s, &end, 10);
    if (end == s || *end != '\0' || errno != 0 || y < 1900 || y > 2200) {
        return csim_yaml_fail_at(rd->path, v, "key 'year': expected a calendar year (1900 to 2200) or end, "
                              "got '%s'", s);
    }
    *year = (int) y;
    return CSIM_OK;
}

/* One `- {measure: ..., label: ..., better: higher|lower}`. */
static csim_status outcome(const reader *rd, const yaml_node_t *map, csim_brief_outcome *o) {
    if (!map || map->type != YAML_MAPPING_NODE) {
        return csim_yaml_fail_at(rd->path, map, "outcomes: each entry is a mapping with measure, label and "
                                "better");
    }
    char *better = NULL;
    csim_status st = CSIM_OK;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; ++p) {
        const yaml_node_t *k = node_at(rd, p->key), *v = node_at(rd, p->value);
        const char *name = k && k->type == YAML_SCALAR_NODE ? (const char *) k->data.scalar.value : "";
        if (strcmp(name, "measure") == 0) {
            CSIM_TRY(text(rd, k, v, &o->measure));
        } else if (strcmp(name, "label") == 0) {
            CSIM_TRY(text(rd, k, v, &o->label));
        } else if (strcmp(name, "better") == 0) {
            CSIM_TRY(text(rd, k, v, &better));
        } else {
            st = csim_yaml_fail_at(rd->path, k, "outcomes: unknown key '%s' (expected measure, label, better)",
                         name);
            goto cleanup;
        }
    }
    if (!o->measure || !better) {
        st = csim_yaml_fail_at(rd->path, map, "outcomes: an entry needs measure and better (higher or lower)");
        goto cleanup;
    }
    if (strcmp(better, "higher") != 0 && strcmp(better, "lower") != 0) {
        st = csim_yaml_fail_at(rd->path, map, "outcomes: key 'better' of %s: expected higher or lower, got '%s'",
                     o->measure, better);
        goto cleanup;
    }
    o->better = strcmp(better, "higher") == 0 ? 1 : -1;
    if (!o->label && !(o->label = csim_str_copy(o->measure))) {
        st = CSIM_FAIL(CSIM_ENOMEM, "%s", rd->path);
    }

cleanup:
    free(better);
    return st;
}

/* A sequence node's items, each read by `item` into element i of an array of `size`
 * bytes made here. */
static csim_status sequence(const reader *rd, const yaml_node_t *key, const yaml_node_t *v,
                            size_t size, void **items, size_t *n) {
    const char *name = (const char *) key->data.scalar.value;
    if (*items) {
        return csim_yaml_fail_at(rd->path, key, "key '%s' given twice", name);
    }
    if (!v || v->type != YAML_SEQUENCE_NODE || v->data.sequence.items.top == v->data.sequence.items.start) {
        return csim_yaml_fail_at(rd->path, v ? v : key, "key '%s': expected a list of one or more entries", name);
    }
    const size_t count = (size_t) (v->data.sequence.items.top - v->data.sequence.items.start);
    *items = calloc(count, size);
    if (!*items) {
        return CSIM_FAIL(CSIM_ENOMEM, "%s", rd->path);
    }
    *n = count;
    return CSIM_OK;
}

static csim_status top_pair(const reader *rd, csim_brief_config *cfg, const yaml_node_t *k,
                            const yaml_node_t *v, bool *have_year) {
    const char *name = k && k->type == YAML_SCALAR_NODE ? (const char *) k->data.scalar.value : "";
    csim_status st = CSIM_OK;
    if (strcmp(name, "year") == 0) {
        if (*have_year) {
            return csim_yaml_fail_at(rd->path, k, "key 'year' given twice");
        }
        *have_year = true;
        return year_value(rd, v, &cfg->year);
    }
    if (strcmp(name, "cost") == 0) {
        return text(rd, k, v, &cfg->cost);
    }
    if (strcmp(name, "outcomes") == 0) {
        CSIM_TRY(sequence(rd, k, v, sizeof *cfg->outcomes, (void **) &cfg->outcomes,
                          &cfg->n_outcomes));
        if (cfg->n_outcomes > CSIM_BRIEF_MAX_OUTCOMES) {
            return csim_yaml_fail_at(rd->path, v, "outcomes: %zu entries; a brief compares at most %d",
                           cfg->n_outcomes, CSIM_BRIEF_MAX_OUTCOMES);
        }
        for (size_t i = 0; i < cfg->n_outcomes; ++i) {
            const yaml_node_t *item = node_at(rd, v->data.sequence.items.start[i]);
            CSIM_TRY(outcome(rd, item, &cfg->outcomes[i]));
            for (size_t j = 0; j < i; ++j) {
                if (strcmp(cfg->outcomes[j].measure, cfg->outcomes[i].measure) == 0) {
                    return csim_yaml_fail_at(rd->path, item, "outcomes: measure %s listed twice",
                                   cfg->outcomes[i].measure);
                }
            }
        }
        return CSIM_OK;
    }
    if (strcmp(name, "caveats") == 0) {
        CSIM_TRY(sequence(rd, k, v, sizeof *cfg->caveats, (void **) &cfg->caveats, &cfg->n_caveats));
        for (size_t i = 0; i < cfg->n_caveats; ++i) {
            const yaml_node_t *item = node_at(rd, v->data.sequence.items.start[i]);
            CSIM_TRY(text(rd, k, item, &cfg->caveats[i]));
        }
        return CSIM_OK;
    }
    return csim_yaml_fail_at(rd->path, k, "unknown key '%s' (expected year, cost, outcomes, caveats)", name);

cleanup:
    return st;
}

csim_status csim_brief_config_load(csim_brief_config *cfg, const char *path) {
    csim_status st = CSIM_OK;
    csim_yaml_file file = {0};
    bool have_year = false;

    memset(cfg, 0, sizeof *cfg);
    cfg->year = CSIM_BRIEF_END;
    if (!(cfg->path = csim_str_copy(path))) {
        return CSIM_FAIL(CSIM_ENOMEM, "%s", path);
    }
    CSIM_TRY(csim_yaml_file_load(&file, path, "the brief's outcomes file"));
    const reader rd = {path, &file.doc};
    const yaml_node_t *root = yaml_document_get_root_node(&file.doc);
    if (!root || root->type != YAML_MAPPING_NODE) {
        st = csim_yaml_fail_at(rd.path, root, "expected a mapping with year, cost, outcomes and caveats "
                                "(see scenarios/brief.yaml)");
        goto cleanup;
    }
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; ++p) {
        CSIM_TRY(top_pair(&rd, cfg, node_at(&rd, p->key), node_at(&rd, p->value), &have_year));
    }
    if (!cfg->cost || cfg->n_outcomes == 0) {
        st = csim_yaml_fail_at(rd.path, root, "missing key '%s' (see scenarios/brief.yaml)",
                     !cfg->cost ? "cost" : "outcomes");
    }

cleanup:
    csim_yaml_file_destroy(&file);
    if (st != CSIM_OK) {
        csim_brief_config_destroy(cfg);
    }
    return st;
}

void csim_brief_config_destroy(csim_brief_config *cfg) {
    for (size_t i = 0; cfg->outcomes && i < cfg->n_outcomes; ++i) {
        free(cfg->outcomes[i].measure);
        free(cfg->outcomes[i].label);
    }
    for (size_t i = 0; cfg->caveats && i < cfg->n_caveats; ++i) {
        free(cfg->caveats[i]);
    }
    free(cfg->outcomes);
    free(cfg->caveats);
    free(cfg->cost);
    free(cfg->path);
    memset(cfg, 0, sizeof *cfg);
}
