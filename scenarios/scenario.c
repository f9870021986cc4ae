/* realpath() (X/Open) and strerror_r() (POSIX) are not C11; this must precede every include. */
#define _XOPEN_SOURCE 700

#include "scenarios/scenario.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "model/params_check.h"
#include "scenarios/yaml_input.h"
#include "sim/grow.h"
#include "sim/quote.h"
#include "sim/schema.h"
#include "sim/yaml_file.h"
#include "sim/yaml_limits.h"
#include "sim/str_copy.h"

/* Files in one extends chain. Loops are caught by name, so this only stops a runaway
 * chain of distinct files (e.g. generated ones) before the stack does. */
#define EXTENDS_DEPTH_MAX 32

/* Room for a message built before it is recorded (the error buffer holds 2048). */
#define MSG_MAX 2048

/* ==== small helpers ==================================================================== */

/* A growing NUL-terminated string. */
typedef struct text_buf {
    char *data; /* NULL until the first append        */
    size_t len; /* characters, without the NUL        */
    size_t cap; /* bytes allocated                    */
} text_buf;

static csim_status text_add(text_buf *b, const char *s, size_t n) {
    if (csim_grow(&b->data, &b->cap, b->len + n + 1, 1) != CSIM_OK) {
        return CSIM_FAIL(CSIM_ENOMEM, "%zu bytes of scenario text", b->len + n + 1);
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return CSIM_OK;
}

static csim_status text_add_str(text_buf *b, const char *s) {
    return text_add(b, s, strlen(s));
}

/* Take the buffer's string, or a fresh "" when nothing was appended; NULL on OOM. */
static char *text_take(text_buf *b) {
    char *s = b->data ? b->data : calloc(1, 1);
    memset(b, 0, sizeof *b);
    return s;
}

/* "NAME" from "dir/NAME.yaml" (or .yml); the whole base name when there is no such end. */
static char *scenario_name(const char *path) {
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t n = strlen(base);
    if (n > 5 && strcmp(base + n - 5, ".yaml") == 0) {
        n -= 5;
    } else if (n > 4 && strcmp(base + n - 4, ".yml") == 0) {
        n -= 4;
    }
    return csim_str_copy_n(base, n);
}

/* strerror() is not thread-safe; the loader promises reentrancy. */
static const char *errno_text(int err, char *buf, size_t size) {
    if (strerror_r(err, buf, size) != 0) {
        snprintf(buf, size, "error %d", err);
    }
    return buf;
}

/* 1-based "LINE:COLUMN" of a node, as editors and compilers count. */
static size_t line_of(const yaml_node_t *node) {
    return node->start_mark.line + 1;
}

static size_t column_of(const yaml_node_t *node) {
    return node->start_mark.column + 1;
}

static const char *scalar_text(const yaml_node_t *node) {
    return (const char *) node->data.scalar.value;
}

/* Distinct sections (or keys of one section when `section` is not NULL), "a, b, c". */
static void list_names(const csim_schema *schema, const char *section, char *buf, size_t size) {
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < schema->n_params; ++i) {
        const char *name = schema->params[i].name;
        const char *dot = strchr(name, '.');
        const size_t sec_len = dot ? (size_t) (dot - name) : 0;
        const char *item = name;
        size_t item_len = sec_len;
        if (section) {
            if (sec_len != strlen(section) || strncmp(name, section, sec_len) != 0) {
                continue;
            }
            item = dot + 1;
            item_len = strlen(item);
        } else {
            /* Skip a section already listed by an earlier row. */
            bool listed = false;
            for (size_t j = 0; j < i && !listed; ++j) {
                listed = strncmp(schema->params[j].name, name, sec_len + 1) == 0;
            }
            if (listed) {
                continue;
            }
        }
        const int n =
            snprintf(buf + used, size - used, "%s%.*s", used ? ", " : "", (int) item_len, item);
        if (n < 0 || (size_t) n >= size - used) {
            return; /* truncated; still NUL-terminated */
        }
        used += (size_t) n;
    }
}

/* ==== loading one file and its ancestors =============================================== */

/* One file of an extends chain; each link points at the file that extends it. */
typedef struct chain_link {
    const char *shown;              /* path for messages, as resolved from the files     */
    const char *real;               /* realpath(), to recognise a file reached twice     */
    const char *origin;             /* "FILE:L:C: extends 'x'" that led here, or NULL     */
    const struct chain_link *child; /* the file that extends this one; NULL for the root */
    size_t depth;                   /* 0 for the file given                              */
} chain_link;

typedef struct load_ctx {
    const csim_schema *schema;        /* the parameter table                           */
    csim_params *params;              /* filled in order: defaults, ancestors, file    */
    text_buf text;                    /* every file read, root ancestor first          */
    csim_scenario_problem_fn report;  /* NULL: stop at the first problem               */
    void *report_ctx;                 /* passed to report                              */
    size_t n_problems;                /* problems reported so far                      */
    const char *file_text;            /* text of the file being applied (tags show)    */
} load_ctx;

/* A problem with one key or section: in report mode it is reported and loading goes on
 * with the next key (the value keeps what it had); otherwise it ends the load. Only
 * input problems (CSIM_EPARSE) are skipped this way; memory and internal errors end it. */
static csim_status keep_going(load_ctx *ctx, csim_status st) {
    if (st != CSIM_EPARSE || !ctx->report) {
        return st;
    }
    ctx->report(ctx->report_ctx, csim_last_error());
    ++ctx->n_problems;
    return CSIM_OK;
}

/* A key must be a plain name: "run:", not "[a, b]:" or "{x: 1}:". */
static csim_status check_key(const char *shown, const yaml_node_t *key, const char *what) {
    if (key && key->type == YAML_SCALAR_NODE) {
        return CSIM_OK;
    }
    return csim_fail_plain(CSIM_EPARSE, "%s:%zu:%zu: expected a %s name as key, got a %s", shown,
                           key ? line_of(key) : 0, key ? column_of(key) : 0, what,
                           key && key->type == YAML_SEQUENCE_NODE ? "sequence" : "mapping");
}

/* Unknown top-level key: the nearest section, or the parameter the user meant. */
static csim_status unknown_section(const load_ctx *ctx, const char *shown, const yaml_node_t *key) {
    const char *name = scalar_text(key);
    char near[128], sections[512];

    if (strchr(name, '.') && csim_schema_find(ctx->schema, name)) {
        const char *dot = strchr(name, '.');
        return csim_fail_plain(CSIM_EPARSE,
                               "%s:%zu:%zu: dotted key '%s' in a file; expected nested mappings: "
                               "'%.*s:' with '%s: ...' indented below it",
                               shown, line_of(key), column_of(key), name, (int) (dot - name), name,
                               dot + 1);
    }
    if (csim_schema_suggest_section(ctx->schema, name, near, sizeof near)) {
        return csim_fail_plain(CSIM_EPARSE, "%s:%zu:%zu: unknown section '%s'; did you mean '%s'?",
                               shown, line_of(key), column_of(key), name, near);
    }
    /* "steps: 10" at the top level: point to the section it belongs in. */
    const char *param = csim_schema_suggest(ctx->schema, name);
    if (param) {
        return csim_fail_plain(CSIM_EPARSE,
                               "%s:%zu:%zu: unknown section '%s'; did you mean '%s' (written "
                               "nested under its section)?",
                               shown, line_of(key), column_of(key), name, param);
    }
    list_names(ctx->schema, NULL, sections, sizeof sections);
    return csim_fail_plain(CSIM_EPARSE, "%s:%zu:%zu: unknown section '%s'; expected one of %s",
                           shown, line_of(key), column_of(key), name, sections);
}

/* What to do with one key of a mapping, once each_key has checked it: `section` as given
 * to each_key; `name` the key ("run") or, in a section, the dotted parameter
 * ("run.steps"). */
typedef csim_status (*key_fn)(load_ctx *ctx, const char *shown, yaml_document_t *doc,
                              const char *section, const char *name, const yaml_node_t *key,
                              yaml_node_t *value);

/* Each pair of mapping `map` in order: its key checked -- a plain name (check_key), given
 * once -- then `apply`. `section`: the section whose parameters the keys are, or NULL for
 * a file's top level (whose keys are sections). A problem with one key goes through
 * keep_going. */
static csim_status each_key(load_ctx *ctx, const char *shown, yaml_document_t *doc,
                            const char *section, yaml_node_t *map, key_fn apply) {
    csim_status st = CSIM_OK;
    const char *what = section ? "key" : "section";
    char dotted[256];

    for (yaml_node_pair_t *pair = map->data.mapping.pairs.start; pair < map->data.mapping.pairs.top;
         ++pair) {
        const yaml_node_t *key = yaml_document_get_node(doc, pair->key);
        yaml_node_t *value = yaml_document_get_node(doc, pair->value);

        st = check_key(shown, key, section ? "parameter" : "section");
        if (st != CSIM_OK) {
            CSIM_TRY(keep_going(ctx, st));
            continue;
        }
        const char *name = scalar_text(key);
        if (section) {
            snprintf(dotted, sizeof dotted, "%s.%s", section, name);
            name = dotted;
        }
        const yaml_node_t *first = csim_yaml_earlier_key(doc, map, pair);
        if (first) {
            st = csim_fail_plain(CSIM_EPARSE,
                                 "%s:%zu:%zu: %s '%s' is given twice (first at line %zu); "
                                 "expected each %s once",
                                 shown, line_of(key), column_of(key), what, name, line_of(first),
                                 what);
        } else {
            st = apply(ctx, shown, doc, section, name, key, value);
        }
        CSIM_TRY(keep_going(ctx, st));
    }
cleanup:
    return st;
}

/* One key of `section`: the parameter `dotted` set from `value`. */
static csim_status apply_parameter(load_ctx *ctx, const char *shown, yaml_document_t *doc,
                                   const char *section, const char *dotted,
                                   const yaml_node_t *key, yaml_node_t *value) {
    char keys[1024];
    const csim_param_desc *desc = csim_schema_find(ctx->schema, dotted);
    if (!desc) {
        const char *near = csim_schema_suggest(ctx->schema, dotted);
        if (near) {
            return csim_fail_plain(CSIM_EPARSE,
                                   "%s:%zu:%zu: unknown parameter '%s'; did you mean '%s'?",
                                   shown, line_of(key), column_of(key), dotted, near);
        }
        list_names(ctx->schema, section, keys, sizeof keys);
        return csim_fail_plain(CSIM_EPARSE,
                               "%s:%zu:%zu: unknown parameter '%s'; expected one of the "
                               "keys of '%s': %s",
                               shown, line_of(key), column_of(key), dotted, section, keys);
    }
    return csim_schema_set_from_node(ctx->schema, desc, ctx->params, doc, value, shown,
                                     ctx->file_text);
}

/* One key of a file's top level: the section `name` applied, key by key. */
static csim_status apply_section(load_ctx *ctx, const char *shown, yaml_document_t *doc,
                                 const char *no_section, const char *name,
                                 const yaml_node_t *key, yaml_node_t *value) {
    (void) no_section;
    if (strcmp(name, "extends") == 0) {
        return CSIM_OK; /* handled before (load_parent) */
    }
    if (!csim_schema_has_section(ctx->schema, name)) {
        return unknown_section(ctx, shown, key);
    }
    /* "run:" with every key commented out is an empty section, not an error. */
    if (value && value->type == YAML_SCALAR_NODE &&
        value->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && value->data.scalar.length == 0) {
        return CSIM_OK;
    }
    if (!value || value->type != YAML_MAPPING_NODE) {
        return csim_fail_plain(
            CSIM_EPARSE,
            "%s:%zu:%zu: section '%s' holds a %s; expected a mapping of "
            "keys ('key: value' lines indented below '%s:')",
            shown, value ? line_of(value) : line_of(key),
            value ? column_of(value) : column_of(key), name,
            value && value->type == YAML_SEQUENCE_NODE ? "sequence" : "single value", name);
    }
    return each_key(ctx, shown, doc, name, value, apply_parameter);
}

/* Apply every section of a file's top-level mapping ("extends" was handled before). */
static csim_status apply_sections(load_ctx *ctx, const char *shown, yaml_document_t *doc,
                                  yaml_node_t *root) {
    return each_key(ctx, shown, doc, NULL, root, apply_section);
}

/* "a.yaml -> b.yaml -> a.yaml": the chain from the file given down to `link`, then `again`. */
static void chain_text(const chain_link *link, const char *again, char *buf, size_t size) {
    const chain_link *order[EXTENDS_DEPTH_MAX + 1];
    size_t n = 0, used = 0;

    for (const chain_link *l = link; l && n < EXTENDS_DEPTH_MAX + 1; l = l->child) {
        order[n++] = l;
    }
    buf[0] = '\0';
    for (size_t i = n; i-- > 0;) {
        const int w = snprintf(buf + used, size - used, "%s -> ", order[i]->shown);
        if (w < 0 || (size_t) w >= size - used) {
            return;
        }
        used += (size_t) w;
    }
    snprintf(buf + used, size - used, "%s", again);
}

static csim_status load_file(load_ctx *ctx, const chain_link *link);

/* Find `extends:` in `root` and load that file (and its own ancestors) first. */
static csim_status load_parent(load_ctx *ctx, const chain_link *link, yaml_document_t *doc,
                               const yaml_node_t *root) {
    csim_status st = CSIM_OK;
    const yaml_node_t *at = NULL, *value = NULL;
    char *parent_shown = NULL, *parent_real = NULL;
    char origin[MSG_MAX], chain[MSG_MAX], err_text[128];

    for (yaml_node_pair_t *pair = root->data.mapping.pairs.start;
         pair < root->data.mapping.pairs.top; ++pair) {
        const yaml_node_t *key = yaml_document_get_node(doc, pair->key);
        if (!key || key->type != YAML_SCALAR_NODE || strcmp(scalar_text(key), "extends") != 0) {
            continue;
        }
        if (at) {
            return csim_fail_plain(CSIM_EPARSE,
                                   "%s:%zu:%zu: 'extends' is given twice (first at line %zu); "
                                   "expected one file to extend",
                                   link->shown, line_of(key), column_of(key), line_of(at));
        }
        at = key;
        value = yaml_document_get_node(doc, pair->value);
    }
    if (!at) {
        return CSIM_OK;
    }
    if (!value || value->type != YAML_SCALAR_NODE || value->data.scalar.length == 0 ||
        strlen(scalar_text(value)) != value->data.scalar.length) {
        const yaml_node_t *where = value ? value : at;
        return csim_fail_plain(CSIM_EPARSE,
                               "%s:%zu:%zu: 'extends' needs a file name; expected e.g. "
                               "'extends: gumi-baseline.yaml'",
                               link->shown, line_of(where), column_of(where));
    }
    snprintf(origin, sizeof origin, "%s:%zu:%zu: extends '%s'", link->shown, line_of(value),
             column_of(value), scalar_text(value));
    if (link->depth + 1 >= EXTENDS_DEPTH_MAX) {
        return csim_fail_plain(CSIM_EPARSE, "%s: more than %d files in the extends chain", origin,
                               EXTENDS_DEPTH_MAX);
    }
    parent_shown = csim_yaml_relative_path(link->shown, scalar_text(value));
    if (!parent_shown) {
        st = CSIM_FAIL(CSIM_ENOMEM, "path of %s", scalar_text(value));
        goto cleanup;
    }
    parent_real = realpath(parent_shown, NULL);
    if (!parent_real) {
        st = csim_fail_plain(CSIM_EIO, "%s: cannot read '%s': %s", origin, parent_shown,
                             errno_text(errno, err_text, sizeof err_text));
        goto cleanup;
    }
    for (const chain_link *l = link; l; l = l->child) {
        if (strcmp(l->real, parent_real) == 0) {
            chain_text(link, parent_shown, chain, sizeof chain);
            st = csim_fail_plain(CSIM_EPARSE,
                                 "%s: extends loop: %s; expected a chain that ends "
                                 "in a file without 'extends'",
                                 origin, chain);
            goto cleanup;
        }
    }
    const chain_link parent = {parent_shown, parent_real, origin, link, link->depth + 1};
    st = load_file(ctx, &parent);

cleanup:
    free(parent_real);
    free(parent_shown);
    return st;
}

/* Load one file: its ancestors first, then its own text and values. */
static csim_status load_file(load_ctx *ctx, const chain_link *link) {
    csim_status st = CSIM_OK;
    char *text = NULL;
    size_t len = 0;
    yaml_document_t doc;
    bool have_doc = false;
    char why[256];

    /* Only a regular file of at most 1 MiB (sim/yaml_limits.h): a FIFO or /dev/zero given
     * as the scenario or as its `extends:` target is refused at once. */
    const int err = csim_yaml_read_file(link->shown, &text, &len, why, sizeof why);
    if (err == ENOMEM) {
        return CSIM_FAIL(CSIM_ENOMEM, "reading %s", link->shown);
    }
    if (err != 0) {
        if (link->origin) {
            return csim_fail_plain(CSIM_EIO, "%s: cannot read '%s': %s", link->origin,
                                   link->shown, why);
        }
        return csim_fail_plain(CSIM_EIO, "%s: cannot read scenario file: %s", link->shown, why);
    }
    CSIM_TRY(csim_yaml_parse_text(link->shown, "scenario file", text, len, &doc));
    have_doc = true;

    yaml_node_t *root = yaml_document_get_root_node(&doc);
    const bool empty = !root || (root->type == YAML_SCALAR_NODE &&
                                 root->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
                                 root->data.scalar.length == 0);
    if (!empty && root->type != YAML_MAPPING_NODE) {
        st = csim_fail_plain(CSIM_EPARSE,
                             "%s:%zu:%zu: the top level holds a %s; expected a mapping of "
                             "sections such as 'run:' with 'key: value' lines indented below",
                             link->shown, line_of(root), column_of(root),
                             root->type == YAML_SEQUENCE_NODE ? "sequence" : "single value");
        goto cleanup;
    }
    if (!empty) {
        CSIM_TRY(load_parent(ctx, link, &doc, root));
    }
    /* Ancestors' texts are in already, so the record reads root ancestor first. */
    CSIM_TRY(text_add_str(&ctx->text, "# --- file: "));
    CSIM_TRY(text_add_str(&ctx->text, link->shown));
    CSIM_TRY(text_add_str(&ctx->text, "\n"));
    CSIM_TRY(text_add(&ctx->text, text, len));
    if (len > 0 && text[len - 1] != '\n') {
        CSIM_TRY(text_add_str(&ctx->text, "\n"));
    }
    if (!empty) {
        ctx->file_text = text;
        st = apply_sections(ctx, link->shown, &doc, root);
        ctx->file_text = NULL;
        CSIM_TRY(st);
    }

cleanup:
    if (have_doc) {
        yaml_document_delete(&doc);
    }
    free(text);
    return st;
}

/* ==== overrides and the public entry points ============================================ */

size_t csim_scenario_override_key(const char *ov, char *key, size_t size) {
    const char *eq = strchr(ov, '=');
    /* Blanks around the key are forgiven ("run.steps = 12" from a quoted shell word). */
    const char *k = ov;
    while (*k == ' ' || *k == '\t') {
        ++k;
    }
    const char *k_end = eq ? eq : k;
    while (k_end > k && (k_end[-1] == ' ' || k_end[-1] == '\t')) {
        --k_end;
    }
    const size_t k_len = eq ? (size_t) (k_end - k) : 0;
    if (size > 0) {
        const size_t n = k_len < size ? k_len : 0;
        memcpy(key, k, n);
        key[n] = '\0';
    }
    return k_len;
}

/* One --set override; CSIM_EPARSE names it, cut to an excerpt (a 100 KB value is not
 * echoed whole) with control characters escaped (sim/quote.h). */
static csim_status apply_override(const csim_schema *schema, csim_params *params, const char *ov) {
    csim_status st = CSIM_OK;
    char key[256], why[MSG_MAX], shown[CSIM_QUOTE_SIZE], key_shown[CSIM_QUOTE_SIZE];

    csim_quote(ov, CSIM_QUOTE_MAX, shown, sizeof shown);
    const size_t k_len = csim_scenario_override_key(ov, key, sizeof key);
    if (k_len == 0) {
        return csim_fail_plain(CSIM_EPARSE, "--set %s: expected section.key=value", shown);
    }
    if (k_len >= sizeof key) {
        return csim_fail_plain(CSIM_EPARSE, "--set %s: key of %zu characters is too long", shown,
                               k_len);
    }
    const char *eq = strchr(ov, '=');
    const csim_param_desc *desc = csim_schema_find(schema, key);
    if (!desc) {
        const char *near = csim_schema_suggest(schema, key);
        csim_quote(key, CSIM_QUOTE_MAX, key_shown, sizeof key_shown);
        if (near) {
            return csim_fail_plain(CSIM_EPARSE,
                                   "--set %s: unknown parameter '%s'; did you mean '%s'?", shown,
                                   key_shown, near);
        }
        return csim_fail_plain(CSIM_EPARSE, "--set %s: unknown parameter '%s'; expected section.key",
                               shown, key_shown);
    }
    st = csim_schema_set_from_text(schema, desc, params, eq + 1);
    if (st == CSIM_EPARSE) {
        /* Copy first: recording the new message overwrites the buffer. */
        snprintf(why, sizeof why, "%s", csim_last_error());
        return csim_fail_plain(st, "--set %s: %s", shown, why);
    }
    return st;
}

static csim_status apply_overrides(load_ctx *ctx, const char *const *overrides,
                                   size_t n_overrides, text_buf *record) {
    csim_status st = CSIM_OK;

    for (size_t i = 0; i < n_overrides; ++i) {
        const char *ov = overrides[i];
        if (!ov) {
            return CSIM_FAIL(CSIM_EINVAL, "override %zu is NULL", i);
        }
        st = apply_override(ctx->schema, ctx->params, ov);
        if (st != CSIM_OK) {
            CSIM_TRY(keep_going(ctx, st));
            continue;
        }
        CSIM_TRY(text_add_str(record, ov));
        CSIM_TRY(text_add_str(record, "\n"));
    }
cleanup:
    return st;
}

/* Prefix each rule broken by the resolved parameters with where they came from. */
typedef struct rule_report {
    load_ctx *ctx;
    const char *origin;
    char first[MSG_MAX];
} rule_report;

static void report_rule(void *arg, const char *message) {
    rule_report *r = arg;
    char line[MSG_MAX];
    snprintf(line, sizeof line, "%s: %s", r->origin, message);
    if (r->first[0] == '\0') {
        snprintf(r->first, sizeof r->first, "%s", line);
    }
    if (r->ctx->report) {
        r->ctx->report(r->ctx->report_ctx, line);
        ++r->ctx->n_problems;
    }
}

/* Overrides, the rules between parameters (model/params_check.h), then hand the collected
 * texts to the scenario. Shared by both loaders; `origin` names the parameters' source. */
static csim_status finish(csim_scenario *scenario, load_ctx *ctx, const char *origin,
                          const char *const *overrides, size_t n_overrides) {
    csim_status st = CSIM_OK;
    text_buf record = {0};
    rule_report rules = {ctx, origin, ""};

    CSIM_TRY(apply_overrides(ctx, overrides, n_overrides, &record));
    if (csim_params_problems(ctx->params, report_rule, &rules) > 0 && !ctx->report) {
        st = csim_fail_plain(CSIM_EPARSE, "%s", rules.first);
        goto cleanup;
    }
    if (ctx->n_problems > 0) {
        st = csim_fail_plain(CSIM_EPARSE, "%s: %zu problem%s", origin, ctx->n_problems,
                             ctx->n_problems == 1 ? "" : "s");
        goto cleanup;
    }
    scenario->overrides = text_take(&record);
    scenario->text = text_take(&ctx->text);
    if (!scenario->overrides || !scenario->text) {
        st = CSIM_FAIL(CSIM_ENOMEM, "scenario texts");
    }

cleanup:
    free(record.data);
    return st;
}

static csim_status load_reporting(csim_scenario *scenario, const char *path,
                                  const char *const *overrides, size_t n_overrides,
                                  csim_scenario_problem_fn report, void *report_ctx) {
    csim_status st = CSIM_OK;
    load_ctx ctx = {csim_params_schema(), &scenario->params, {0}, report, report_ctx, 0, NULL};
    char *real = NULL;
    char err_text[128];

    memset(scenario, 0, sizeof *scenario);
    if (!path || (n_overrides > 0 && !overrides)) {
        return CSIM_FAIL(CSIM_EINVAL, "scenario path %s, %zu overrides at %p",
                         path ? "given" : "NULL", n_overrides, (const void *) overrides);
    }
    CSIM_TRY(csim_params_defaults(&scenario->params));
    scenario->path = csim_str_copy(path);
    scenario->name = scenario_name(path);
    if (!scenario->path || !scenario->name) {
        st = CSIM_FAIL(CSIM_ENOMEM, "scenario path %s", path);
        goto cleanup;
    }
    real = realpath(path, NULL);
    if (!real) {
        st = csim_fail_plain(CSIM_EIO, "%s: cannot read scenario file: %s", path,
                             errno_text(errno, err_text, sizeof err_text));
        goto cleanup;
    }
    const chain_link root = {path, real, NULL, NULL, 0};
    CSIM_TRY(load_file(&ctx, &root));
    CSIM_TRY(finish(scenario, &ctx, path, overrides, n_overrides));

cleanup:
    /* In report mode a problem that ended the load (a YAML syntax error, a missing file,
     * memory) is reported like the others; only the summary "PATH: N problems" is not. */
    if (st != CSIM_OK && report && !(st == CSIM_EPARSE && ctx.n_problems > 0)) {
        report(report_ctx, csim_last_error());
    }
    free(real);
    free(ctx.text.data);
    if (st != CSIM_OK) {
        csim_scenario_destroy(scenario);
    }
    return st;
}

csim_status csim_scenario_load(csim_scenario *scenario, const char *path,
                               const char *const *overrides, size_t n_overrides) {
    return load_reporting(scenario, path, overrides, n_overrides, NULL, NULL);
}

csim_status csim_scenario_load_all(csim_scenario *scenario, const char *path,
                                   const char *const *overrides, size_t n_overrides,
                                   csim_scenario_problem_fn report, void *report_ctx) {
    if (!report) {
        return CSIM_FAIL(CSIM_EINVAL, "no function to report problems to");
    }
    return load_reporting(scenario, path, overrides, n_overrides, report, report_ctx);
}

csim_status csim_scenario_from_defaults(csim_scenario *scenario, const char *name,
                                        const char *const *overrides, size_t n_overrides) {
    csim_status st = CSIM_OK;
    load_ctx ctx = {csim_params_schema(), &scenario->params, {0}, NULL, NULL, 0, NULL};

    memset(scenario, 0, sizeof *scenario);
    if (n_overrides > 0 && !overrides) {
        return CSIM_FAIL(CSIM_EINVAL, "%zu overrides but no array", n_overrides);
    }
    CSIM_TRY(csim_params_defaults(&scenario->params));
    /* No file: path is "" rather than NULL so that printing it is always safe. */
    scenario->path = csim_str_copy("");
    scenario->name = csim_str_copy(name ? name : "defaults");
    if (!scenario->path || !scenario->name) {
        st = CSIM_FAIL(CSIM_ENOMEM, "scenario name");
        goto cleanup;
    }
    CSIM_TRY(finish(scenario, &ctx, scenario->name, overrides, n_overrides));

cleanup:
    free(ctx.text.data);
    if (st != CSIM_OK) {
        csim_scenario_destroy(scenario);
    }
    return st;
}

void csim_scenario_destroy(csim_scenario *scenario) {
    free(scenario->path);
    free(scenario->name);
    free(scenario->text);
    free(scenario->overrides);
    memset(scenario, 0, sizeof *scenario);
}
