/* Reading a YAML input file (sim/yaml_file.h). */
#include "sim/yaml_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

csim_status csim_yaml_fail_at(const char *shown, const yaml_node_t *node, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    const csim_status st = csim_yaml_vfail_at(shown, node, fmt, ap);
    va_end(ap);
    return st;
}

const yaml_node_t *csim_yaml_earlier_key(yaml_document_t *doc, const yaml_node_t *map,
                                         const yaml_node_pair_t *pair) {
    const yaml_node_t *key = yaml_document_get_node(doc, pair->key);
    if (!key || key->type != YAML_SCALAR_NODE) {
        return NULL;
    }
    for (const yaml_node_pair_t *p = map->data.mapping.pairs.start; p < pair; ++p) {
        const yaml_node_t *k = yaml_document_get_node(doc, p->key);
        if (k && k->type == YAML_SCALAR_NODE &&
            strcmp((const char *) k->data.scalar.value, (const char *) key->data.scalar.value) == 0) {
            return k;
        }
    }
    return NULL;
}

/* Every mapping of the document gives each scalar key once. Mappings here are small
 * (tens of keys), so comparing each key with those before it is cheap. */
static csim_status unique_keys(const char *shown, yaml_document_t *doc) {
    for (yaml_node_t *node = doc->nodes.start; node < doc->nodes.top; ++node) {
        if (node->type != YAML_MAPPING_NODE) {
            continue;
        }
        for (const yaml_node_pair_t *pair = node->data.mapping.pairs.start;
             pair < node->data.mapping.pairs.top; ++pair) {
            const yaml_node_t *first = csim_yaml_earlier_key(doc, node, pair);
            if (first) {
                const yaml_node_t *key = yaml_document_get_node(doc, pair->key);
                return csim_yaml_fail_at(shown, key,
                                         "key '%s' is given twice (first at line %zu); "
                                         "expected each key once",
                                         (const char *) key->data.scalar.value,
                                         (size_t) first->start_mark.line + 1);
            }
        }
    }
    return CSIM_OK;
}

/* libyaml's failure as one user line with a position. */
static csim_status parse_failure(const yaml_parser_t *parser, const char *shown, const char *text) {
    const char *problem = parser->problem ? parser->problem : "unknown error";
    if (parser->error == YAML_MEMORY_ERROR) {
        return CSIM_FAIL(CSIM_ENOMEM, "parsing %s", shown);
    }
    if (parser->error == YAML_READER_ERROR) {
        /* The reader reports a byte offset only; count lines up to it. */
        size_t line = 1, column = 1;
        for (size_t i = 0; i < parser->problem_offset && text[i] != '\0'; ++i) {
            column = text[i] == '\n' ? 1 : column + 1;
            line += text[i] == '\n' ? 1 : 0;
        }
        return csim_fail_plain(CSIM_EPARSE, "%s:%zu:%zu: invalid YAML: %s", shown, line, column,
                               problem);
    }
    if (parser->context) {
        return csim_fail_plain(
            CSIM_EPARSE, "%s:%zu:%zu: invalid YAML: %s (%s at line %zu, column %zu)", shown,
            parser->problem_mark.line + 1, parser->problem_mark.column + 1, problem,
            parser->context, parser->context_mark.line + 1, parser->context_mark.column + 1);
    }
    return csim_fail_plain(CSIM_EPARSE, "%s:%zu:%zu: invalid YAML: %s", shown,
                           parser->problem_mark.line + 1, parser->problem_mark.column + 1, problem);
}

csim_status csim_yaml_parse_text(const char *shown, const char *what, const char *text,
                                 size_t len, yaml_document_t *doc) {
    yaml_parser_t parser;
    yaml_document_t extra;
    /* Nesting is refused before libyaml builds the document, in time quadratic in it. */
    csim_status st = csim_yaml_check_depth(shown, text, len);
    if (st != CSIM_OK) {
        return st;
    }
    if (!yaml_parser_initialize(&parser)) {
        return CSIM_FAIL(CSIM_ENOMEM, "YAML parser for %s", shown);
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *) text, len);
    /* On failure yaml_parser_load has already deleted the document. */
    if (!yaml_parser_load(&parser, doc)) {
        st = parse_failure(&parser, shown, text);
        yaml_parser_delete(&parser);
        return st;
    }
    /* A second "---" document would be silently ignored; say so instead. */
    if (!yaml_parser_load(&parser, &extra)) {
        st = parse_failure(&parser, shown, text);
    } else {
        const yaml_node_t *extra_root = yaml_document_get_root_node(&extra);
        if (extra_root) {
            st = csim_yaml_fail_at(shown, extra_root,
                                   "a second YAML document; expected one document per %s", what);
        }
        yaml_document_delete(&extra);
    }
    if (st != CSIM_OK) {
        yaml_document_delete(doc);
    }
    yaml_parser_delete(&parser);
    return st;
}

csim_status csim_yaml_file_load(csim_yaml_file *file, const char *path, const char *what) {
    char why[256];
    size_t len = 0;
    /* Only a regular file of at most 1 MiB, nested at most 64 deep (sim/yaml_limits.h). */
    const int err = csim_yaml_read_file(path, &file->text, &len, why, sizeof why);
    if (err == ENOMEM) {
        return CSIM_FAIL(CSIM_ENOMEM, "reading %s", path);
    }
    if (err != 0) {
        return csim_fail_plain(CSIM_EIO, "%s: cannot read %s: %s", path, what, why);
    }
    csim_status st = csim_yaml_parse_text(path, what, file->text, len, &file->doc);
    if (st != CSIM_OK) {
        return st; /* nothing parsed to delete */
    }
    file->parsed = true;
    return unique_keys(path, &file->doc);
}

void csim_yaml_file_destroy(csim_yaml_file *file) {
    if (file->parsed) {
        yaml_document_delete(&file->doc);
    }
    free(file->text);
    memset(file, 0, sizeof *file);
}
