#include "sim/schema.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "sim/yaml_limits.h"

/* Longest name the edit distance compares; real names are far shorter, and a fixed row
 * keeps csim_schema_suggest free of allocation (it cannot fail). */
#define NAME_LEN_MAX 128

/* Characters of user text echoed back in a message, so that a pasted paragraph does not
 * turn a one-line error into a screenful. */
#define ECHO_LEN_MAX 40

/* Room for a description of user text: "string '" + echo + "'". */
#define GOT_LEN (ECHO_LEN_MAX + 32)

/* ==== lookup and suggestions ========================================================= */

const csim_param_desc *csim_schema_find(const csim_schema *schema, const char *name) {
    for (size_t i = 0; i < schema->n_params; ++i) {
        if (strcmp(schema->params[i].name, name) == 0) {
            return &schema->params[i];
        }
    }
    return NULL;
}

/* Levenshtein distance between a[0..na) and b[0..nb), with one row of the classic table;
 * SIZE_MAX for names too long to compare. */
static size_t edit_distance(const char *a, size_t na, const char *b, size_t nb) {
    size_t row[NAME_LEN_MAX + 1];

    if (na > NAME_LEN_MAX || nb > NAME_LEN_MAX) {
        return SIZE_MAX;
    }
    for (size_t j = 0; j <= nb; ++j) {
        row[j] = j;
    }
    for (size_t i = 1; i <= na; ++i) {
        size_t diag = row[0]; /* table[i-1][j-1] */
        row[0] = i;
        for (size_t j = 1; j <= nb; ++j) {
            const size_t up = row[j]; /* table[i-1][j] */
            size_t best = diag + (a[i - 1] == b[j - 1] ? 0 : 1);
            if (up + 1 < best) {
                best = up + 1;
            }
            if (row[j - 1] + 1 < best) {
                best = row[j - 1] + 1;
            }
            row[j] = best;
            diag = up;
        }
    }
    return row[nb];
}

/* The header's threshold: a suggestion may differ in a third of the name, at least 2. */
static size_t suggest_limit(size_t len) {
    return len / 3 > 2 ? len / 3 : 2;
}

/* Length of the section part of "section.key" (0 when there is no dot). */
static size_t section_len(const char *name) {
    const char *dot = strchr(name, '.');
    return dot ? (size_t) (dot - name) : 0;
}

/* The part after the last dot (the whole name when there is none). */
static const char *key_part(const char *name) {
    const char *dot = strrchr(name, '.');
    return dot ? dot + 1 : name;
}

const char *csim_schema_suggest(const csim_schema *schema, const char *name) {
    const size_t len = strlen(name);
    const char *key = key_part(name);
    const size_t key_len = strlen(key);
    const size_t sec_len = section_len(name);
    const char *best = NULL;
    size_t best_score = SIZE_MAX;

    for (size_t i = 0; i < schema->n_params; ++i) {
        const char *cand = schema->params[i].name;
        const char *cand_key = key_part(cand);
        size_t d = SIZE_MAX;

        const size_t full = edit_distance(name, len, cand, strlen(cand));
        if (full <= suggest_limit(len)) {
            d = full;
        }
        /* The key alone catches a right key in the wrong section ("population.steps"). */
        const size_t part = edit_distance(key, key_len, cand_key, strlen(cand_key));
        if (part <= suggest_limit(key_len) && part < d) {
            d = part;
        }
        if (d == SIZE_MAX) {
            continue;
        }
        /* At equal distance, prefer a parameter of the section the user wrote. */
        const bool same_section =
            sec_len > 0 && section_len(cand) == sec_len && strncmp(cand, name, sec_len) == 0;
        const size_t score = 2 * d + (same_section ? 0 : 1);
        if (score < best_score) {
            best_score = score;
            best = cand;
        }
    }
    return best;
}

bool csim_schema_has_section(const csim_schema *schema, const char *section) {
    const size_t len = strlen(section);
    for (size_t i = 0; i < schema->n_params; ++i) {
        const char *cand = schema->params[i].name;
        if (section_len(cand) == len && strncmp(cand, section, len) == 0) {
            return true;
        }
    }
    return false;
}

bool csim_schema_suggest_section(const csim_schema *schema, const char *section, char *buf,
                                 size_t size) {
    const size_t len = strlen(section);
    const char *best = NULL;
    size_t best_len = 0;
    size_t best_d = SIZE_MAX;

    for (size_t i = 0; i < schema->n_params; ++i) {
        const char *cand = schema->params[i].name;
        const size_t cand_len = section_len(cand);
        const size_t d = edit_distance(section, len, cand, cand_len);
        if (cand_len > 0 && d <= suggest_limit(len) && d < best_d) {
            best_d = d;
            best = cand;
            best_len = cand_len;
        }
    }
    if (size > 0) {
        buf[0] = '\0';
    }
    if (!best || best_len >= size) {
        return false;
    }
    memcpy(buf, best, best_len);
    buf[best_len] = '\0';
    return true;
}

/* The nearest of `names` to `word`, or NULL (same threshold as the parameter names). */
static const char *nearest_name(const char *word, const char *const *names, size_t n_names) {
    const size_t len = strlen(word);
    const char *best = NULL;
    size_t best_d = SIZE_MAX;

    for (size_t i = 0; i < n_names; ++i) {
        const size_t d = edit_distance(word, len, names[i], strlen(names[i]));
        if (d <= suggest_limit(len) && d < best_d) {
            best_d = d;
            best = names[i];
        }
    }
    return best;
}

/* ==== text helpers ===================================================================== */

/* Output that counts what it would need, like snprintf, and truncates safely. */
typedef struct out_buf {
    char *buf;   /* destination (may be NULL when size is 0)          */
    size_t size; /* bytes available in buf                            */
    size_t used; /* characters produced so far, written or not        */
} out_buf;

static void out_add(out_buf *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void out_add(out_buf *o, const char *fmt, ...) {
    char *dst = NULL;
    size_t room = 0;
    if (o->used < o->size) {
        dst = o->buf + o->used;
        room = o->size - o->used;
    }
    va_list ap;
    va_start(ap, fmt);
    const int n = vsnprintf(dst, room, fmt, ap);
    va_end(ap);
    if (n > 0) {
        o->used += (size_t) n;
    }
}

/*
 * Shortest of "%.15g", "%.16g", "%.17g" that reads back to the same bits. "%.17g" alone
 * would also round-trip, but prints 0.825 as 0.82499999999999996 in `clustersim params`
 * and in every trajectory file. Assumes the C locale's decimal point, which the library
 * never changes.
 */
static void format_double(double x, char *buf, size_t size) {
    for (int prec = 15; prec <= 17; ++prec) {
        snprintf(buf, size, "%.*g", prec, x);
        if (strtod(buf, NULL) == x) {
            return;
        }
    }
}

/* Scalar text of a node (NUL-terminated by libyaml). */
static const char *scalar_text(const yaml_node_t *node) {
    return (const char *) node->data.scalar.value;
}

static bool is_plain(const yaml_node_t *node) {
    return node->type == YAML_SCALAR_NODE && node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

/* Copy user text for a message: at most ECHO_LEN_MAX characters, control characters (a
 * newline of a block scalar) shown as '?', so the message stays on one line. */
static void echo_text(const char *text, char *buf, size_t size) {
    size_t n = 0;
    for (; text[n] != '\0' && n < ECHO_LEN_MAX && n + 4 < size; ++n) {
        const unsigned char c = (unsigned char) text[n];
        buf[n] = (c < 0x20 || c == 0x7f) ? '?' : (char) c;
    }
    if (text[n] != '\0' && n + 4 <= size) {
        memcpy(buf + n, "...", 3);
        n += 3;
    }
    buf[n] = '\0';
}

/* What the user wrote, for "got ...": 'abc', string 'abc', nothing, a mapping, ... */
static void describe(const yaml_node_t *node, char *buf, size_t size) {
    char text[ECHO_LEN_MAX + 8];

    if (!node) {
        snprintf(buf, size, "nothing");
        return;
    }
    switch (node->type) {
    case YAML_SCALAR_NODE:
        if (is_plain(node) && node->data.scalar.length == 0) {
            snprintf(buf, size, "nothing");
        } else {
            echo_text(scalar_text(node), text, sizeof text);
            snprintf(buf, size, "%s'%s'", is_plain(node) ? "" : "string ", text);
        }
        return;
    case YAML_SEQUENCE_NODE:
        snprintf(buf, size, "a sequence");
        return;
    case YAML_MAPPING_NODE:
        snprintf(buf, size, "a mapping");
        return;
    case YAML_NO_NODE:
    default:
        snprintf(buf, size, "nothing");
        return;
    }
}

void csim_schema_join_names(const char *const *names, size_t n_names, char *buf, size_t size) {
    out_buf o = {buf, size, 0};
    if (size > 0) {
        buf[0] = '\0';
    }
    for (size_t i = 0; i < n_names; ++i) {
        out_add(&o, "%s%s", i ? ", " : "", names[i]);
    }
}

/* ==== checking values ================================================================== */

/* What a value is being checked against, and where messages point. */
typedef struct value_ctx {
    const csim_param_desc *desc; /* the parameter                           */
    yaml_document_t *document;   /* owner of the nodes                      */
    const char *file;            /* NULL: messages carry no position         */
    const char *text;            /* the document's source text, or NULL      */
} value_ctx;

/*
 * Whether `node`, a scalar that libyaml resolved to a string, carries an explicit tag
 * ("!!str 12", "! 12", "&a !!str 12"). libyaml's loader gives such a node the same tag
 * and style as an untagged "12", but its start mark is at its properties (anchor, tag),
 * so the source text tells. Marks count characters, not bytes: walk UTF-8 to the byte.
 */
static bool tagged_string(const value_ctx *ctx, const yaml_node_t *node) {
    if (!ctx->text || !node || node->type != YAML_SCALAR_NODE || !node->tag ||
        strcmp((const char *) node->tag, YAML_STR_TAG) != 0) {
        return false;
    }
    const unsigned char *p = (const unsigned char *) ctx->text;
    if (p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) {
        p += 3; /* a byte-order mark is not counted */
    }
    for (size_t i = 0; i < node->start_mark.index && *p != '\0'; ++i) {
        ++p;
        while ((*p & 0xc0) == 0x80) {
            ++p;
        }
    }
    if (*p == '&') { /* an anchor before the tag */
        while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') {
            ++p;
        }
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
            ++p;
        }
    }
    return *p == '!';
}

/* Said after "got '12'" when the value is a number only in looks. */
static const char *tag_note(const value_ctx *ctx, const yaml_node_t *node) {
    return tagged_string(ctx, node) ? " (tagged as a string; remove the tag)" : "";
}

static csim_status value_fail(const value_ctx *ctx, const yaml_node_t *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Record "FILE:LINE:COLUMN: key 'x': <message>" and return CSIM_EPARSE. */
static csim_status value_fail(const value_ctx *ctx, const yaml_node_t *at, const char *fmt, ...) {
    char msg[1024];
    out_buf o = {msg, sizeof msg, 0};

    msg[0] = '\0';
    if (ctx->file && at) {
        /* libyaml counts from 0; editors and compilers count from 1. */
        out_add(&o, "%s:%zu:%zu: ", ctx->file, at->start_mark.line + 1, at->start_mark.column + 1);
    } else if (ctx->file) {
        out_add(&o, "%s: ", ctx->file);
    }
    out_add(&o, "key '%s': ", ctx->desc->name);
    if (o.used < o.size) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg + o.used, o.size - o.used, fmt, ap);
        va_end(ap);
    }
    return csim_fail_plain(CSIM_EPARSE, "%s", msg);
}

typedef enum {
    NUM_NONE,     /* not a YAML number                    */
    NUM_INTEGER,  /* [-+]?[0-9]+                           */
    NUM_DECIMAL,  /* with a fraction point or an exponent  */
    NUM_NONFINITE /* .inf, -.inf, .nan and their spellings */
} num_form;

static bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

/*
 * The YAML 1.2 core schema's number forms. strtod() alone would also take "inf",
 * "nan", "0x1p3" and leading blanks, none of which a scenario should contain.
 */
static num_form number_form(const value_ctx *ctx, const yaml_node_t *node) {
    if (!is_plain(node) || strlen(scalar_text(node)) != node->data.scalar.length ||
        tagged_string(ctx, node)) {
        return NUM_NONE;
    }
    const char *s = scalar_text(node);
    const char *p = (*s == '+' || *s == '-') ? s + 1 : s;
    if (strcmp(p, ".inf") == 0 || strcmp(p, ".Inf") == 0 || strcmp(p, ".INF") == 0 ||
        (p == s && (strcmp(p, ".nan") == 0 || strcmp(p, ".NaN") == 0 || strcmp(p, ".NAN") == 0))) {
        return NUM_NONFINITE;
    }
    size_t digits = 0;
    bool decimal = false;
    while (is_digit(*p)) {
        ++p;
        ++digits;
    }
    if (*p == '.') {
        decimal = true;
        ++p;
        while (is_digit(*p)) {
            ++p;
            ++digits;
        }
    }
    if (digits == 0) {
        return NUM_NONE;
    }
    if (*p == 'e' || *p == 'E') {
        decimal = true;
        ++p;
        if (*p == '+' || *p == '-') {
            ++p;
        }
        if (!is_digit(*p)) {
            return NUM_NONE;
        }
        while (is_digit(*p)) {
            ++p;
        }
    }
    if (*p != '\0') {
        return NUM_NONE;
    }
    return decimal ? NUM_DECIMAL : NUM_INTEGER;
}

/* "value X is out of range; expected a value between MIN and MAX". */
static csim_status range_fail(const value_ctx *ctx, const yaml_node_t *at, const char *label) {
    char lo[32], hi[32], text[ECHO_LEN_MAX + 8];
    format_double(ctx->desc->min, lo, sizeof lo);
    format_double(ctx->desc->max, hi, sizeof hi);
    echo_text(scalar_text(at), text, sizeof text);
    return value_fail(ctx, at, "%svalue %s is out of range; expected a value between %s and %s",
                      label, text, lo, hi);
}

/* A finite number in [min, max]. `label` prefixes the problem ("year 2005: "). */
static csim_status check_double(const value_ctx *ctx, const yaml_node_t *node, const char *label,
                                double *out) {
    char got[GOT_LEN];
    const num_form form = node ? number_form(ctx, node) : NUM_NONE;

    describe(node, got, sizeof got);
    if (form == NUM_NONE) {
        return value_fail(ctx, node, "%sexpected a number, got %s%s", label, got,
                          tag_note(ctx, node));
    }
    if (form == NUM_NONFINITE) {
        return value_fail(ctx, node, "%sexpected a finite number, got %s", label, got);
    }
    const double x = strtod(scalar_text(node), NULL);
    if (!isfinite(x)) {
        return value_fail(ctx, node, "%s%s is too large; expected a finite number", label, got);
    }
    if (x < ctx->desc->min || x > ctx->desc->max) {
        return range_fail(ctx, node, label);
    }
    *out = x;
    return CSIM_OK;
}

/* An integer in [min, max]; integral numbers written as decimals ("1e3") are accepted. */
static csim_status check_long(const value_ctx *ctx, const yaml_node_t *node, long *out) {
    char got[GOT_LEN];
    const num_form form = node ? number_form(ctx, node) : NUM_NONE;
    long v = 0;

    describe(node, got, sizeof got);
    if (form == NUM_NONE || form == NUM_NONFINITE) {
        return value_fail(ctx, node, "expected an integer, got %s%s", got, tag_note(ctx, node));
    }
    if (form == NUM_INTEGER) {
        errno = 0;
        v = strtol(scalar_text(node), NULL, 10);
        if (errno == ERANGE) {
            return range_fail(ctx, node, "");
        }
    } else {
        const double x = strtod(scalar_text(node), NULL);
        if (isfinite(x) && x != trunc(x)) {
            return value_fail(ctx, node, "expected an integer, got %s", got);
        }
        /* 2^63 bounds long on every platform we build for; beyond it is out of range. */
        if (!isfinite(x) || fabs(x) >= 0x1p63) {
            return range_fail(ctx, node, "");
        }
        v = (long) x;
    }
    if ((double) v < ctx->desc->min || (double) v > ctx->desc->max) {
        return range_fail(ctx, node, "");
    }
    *out = v;
    return CSIM_OK;
}

static csim_status check_bool(const value_ctx *ctx, const yaml_node_t *node, bool *out) {
    char got[GOT_LEN];

    if (node && is_plain(node) && !tagged_string(ctx, node)) {
        const char *s = scalar_text(node);
        if (strcmp(s, "true") == 0 || strcmp(s, "True") == 0 || strcmp(s, "TRUE") == 0) {
            *out = true;
            return CSIM_OK;
        }
        if (strcmp(s, "false") == 0 || strcmp(s, "False") == 0 || strcmp(s, "FALSE") == 0) {
            *out = false;
            return CSIM_OK;
        }
    }
    describe(node, got, sizeof got);
    return value_fail(ctx, node, "expected true or false, got %s%s", got, tag_note(ctx, node));
}

static csim_status check_enum(const value_ctx *ctx, const yaml_node_t *node, long *out) {
    const csim_param_desc *desc = ctx->desc;
    char got[GOT_LEN], names[512];

    if (node && node->type == YAML_SCALAR_NODE) {
        for (size_t i = 0; i < desc->n_names; ++i) {
            if (strcmp(scalar_text(node), desc->names[i]) == 0) {
                *out = (long) i;
                return CSIM_OK;
            }
        }
    }
    describe(node, got, sizeof got);
    csim_schema_join_names(desc->names, desc->n_names, names, sizeof names);
    const char *near = (node && node->type == YAML_SCALAR_NODE)
                           ? nearest_name(scalar_text(node), desc->names, desc->n_names)
                           : NULL;
    if (near) {
        return value_fail(ctx, node, "got %s; expected one of %s; did you mean '%s'?", got, names,
                          near);
    }
    return value_fail(ctx, node, "got %s; expected one of %s", got, names);
}

/* A series key: a plain integer year in [0, 9999]. */
static csim_status check_year(const value_ctx *ctx, const yaml_node_t *node, int *out) {
    char got[GOT_LEN];

    if (node && number_form(ctx, node) == NUM_INTEGER) {
        errno = 0;
        const long y = strtol(scalar_text(node), NULL, 10);
        if (errno == 0 && y >= 0 && y <= 9999) {
            *out = (int) y;
            return CSIM_OK;
        }
    }
    describe(node, got, sizeof got);
    return value_fail(ctx, node, "expected a year (an integer from 0 to 9999) as key, got %s%s",
                      got, tag_note(ctx, node));
}

static csim_status check_series(const value_ctx *ctx, yaml_node_t *node, csim_series *out) {
    csim_status st = CSIM_OK;
    char got[GOT_LEN], label[32];
    csim_series s;

    memset(&s, 0, sizeof s);
    if (!node || node->type != YAML_MAPPING_NODE) {
        describe(node, got, sizeof got);
        return value_fail(ctx, node,
                          "expected a mapping of years to numbers such as {2005: 10, 2007: 6}, "
                          "got %s",
                          got);
    }
    for (yaml_node_pair_t *pair = node->data.mapping.pairs.start;
         pair < node->data.mapping.pairs.top; ++pair) {
        const yaml_node_t *key = yaml_document_get_node(ctx->document, pair->key);
        const yaml_node_t *value = yaml_document_get_node(ctx->document, pair->value);
        int year = 0;

        if (s.n == CSIM_SERIES_MAX) {
            return value_fail(ctx, key, "more than %d years; expected at most %d points",
                              CSIM_SERIES_MAX, CSIM_SERIES_MAX);
        }
        st = check_year(ctx, key, &year);
        if (st != CSIM_OK) {
            return st;
        }
        for (size_t j = 0; j < s.n; ++j) {
            if (s.year[j] == year) {
                return value_fail(ctx, key, "year %d is given twice; expected each year once",
                                  year);
            }
        }
        /* Out-of-order years are rejected, not sorted: a timeline written out of order is
         * more likely a typo in a year than a wish to be reordered. */
        if (s.n > 0 && year < s.year[s.n - 1]) {
            return value_fail(ctx, key,
                              "year %d comes after %d; expected years in increasing order", year,
                              s.year[s.n - 1]);
        }
        snprintf(label, sizeof label, "year %d: ", year);
        st = check_double(ctx, value, label, &s.value[s.n]);
        if (st != CSIM_OK) {
            return st;
        }
        s.year[s.n] = year;
        s.n++;
    }
    *out = s;
    return CSIM_OK;
}

static csim_status check_vec(const value_ctx *ctx, yaml_node_t *node, csim_vec *out) {
    const csim_param_desc *desc = ctx->desc;
    csim_status st = CSIM_OK;
    char got[GOT_LEN], names[512], label[ECHO_LEN_MAX + 32];
    bool seen[CSIM_VEC_MAX] = {false};
    csim_vec v;

    memset(&v, 0, sizeof v);
    csim_schema_join_names(desc->names, desc->n_names, names, sizeof names);
    if (!node || node->type != YAML_MAPPING_NODE) {
        describe(node, got, sizeof got);
        return value_fail(ctx, node, "expected a mapping of each of %s to a number, got %s", names,
                          got);
    }
    for (yaml_node_pair_t *pair = node->data.mapping.pairs.start;
         pair < node->data.mapping.pairs.top; ++pair) {
        const yaml_node_t *key = yaml_document_get_node(ctx->document, pair->key);
        const yaml_node_t *value = yaml_document_get_node(ctx->document, pair->value);
        size_t index = desc->n_names;

        if (key && key->type == YAML_SCALAR_NODE) {
            for (size_t i = 0; i < desc->n_names; ++i) {
                if (strcmp(scalar_text(key), desc->names[i]) == 0) {
                    index = i;
                    break;
                }
            }
        }
        if (index == desc->n_names) {
            describe(key, got, sizeof got);
            const char *near = (key && key->type == YAML_SCALAR_NODE)
                                   ? nearest_name(scalar_text(key), desc->names, desc->n_names)
                                   : NULL;
            if (near) {
                return value_fail(ctx, key, "unknown component %s; did you mean '%s'?", got, near);
            }
            return value_fail(ctx, key, "unknown component %s; expected one of %s", got, names);
        }
        if (seen[index]) {
            return value_fail(ctx, key, "component '%s' is given twice; expected each once",
                              desc->names[index]);
        }
        snprintf(label, sizeof label, "component '%s': ", desc->names[index]);
        st = check_double(ctx, value, label, &v.v[index]);
        if (st != CSIM_OK) {
            return st;
        }
        seen[index] = true;
    }
    for (size_t i = 0; i < desc->n_names; ++i) {
        if (!seen[i]) {
            return value_fail(ctx, node, "missing component '%s'; expected all of %s",
                              desc->names[i], names);
        }
    }
    *out = v;
    return CSIM_OK;
}

/* What each csim_param_type is called (csim_schema_type_name) and how many bytes it
 * occupies in the structure (csim_schema_type_size): one row per type, indexed by the enum. */
typedef struct type_row {
    const char *name;
    size_t size;
} type_row;

static const type_row type_rows[] = {
    [CSIM_PT_INT] = {"int", sizeof(long)},
    [CSIM_PT_DOUBLE] = {"double", sizeof(double)},
    [CSIM_PT_BOOL] = {"bool", sizeof(bool)},
    [CSIM_PT_ENUM] = {"enum", sizeof(long)},
    [CSIM_PT_SERIES] = {"series", sizeof(csim_series)},
    [CSIM_PT_VEC] = {"vector", sizeof(csim_vec)},
};

/* The row of `type`, or NULL for a value outside the enum (a corrupt descriptor). */
static const type_row *type_row_of(csim_param_type type) {
    const size_t i = (size_t) type;
    return i < sizeof type_rows / sizeof type_rows[0] ? &type_rows[i] : NULL;
}

size_t csim_schema_type_size(csim_param_type type) {
    const type_row *row = type_row_of(type);
    return row ? row->size : 0;
}

csim_status csim_schema_set_from_node(const csim_schema *schema, const csim_param_desc *desc,
                                      void *params, struct yaml_document_s *document,
                                      struct yaml_node_s *node, const char *file,
                                      const char *text) {
    const value_ctx ctx = {desc, document, file, text};
    char *field = (char *) params + desc->offset;
    csim_status st = CSIM_OK;

    (void) schema; /* Part of the signature so that a future check can see other rows. */
    /* A VEC stores at most CSIM_VEC_MAX components; an ENUM may have any number of names. */
    if ((desc->type == CSIM_PT_ENUM || desc->type == CSIM_PT_VEC) &&
        (!desc->names || desc->n_names == 0 ||
         (desc->type == CSIM_PT_VEC && desc->n_names > CSIM_VEC_MAX))) {
        return CSIM_FAIL(CSIM_EINTERNAL, "parameter '%s' of type %s has %zu names", desc->name,
                         csim_schema_type_name(desc->type), desc->names ? desc->n_names : 0);
    }
    const size_t size = csim_schema_type_size(desc->type);
    if (size == 0) {
        return CSIM_FAIL(CSIM_EINTERNAL, "parameter '%s' has unknown type %d", desc->name,
                         (int) desc->type);
    }
    /* Each value is checked into a local first, so a failure leaves `params` as it was;
     * the one copy below then stores whichever member the type filled (`size` bytes,
     * from the union's start, where every member begins). */
    union {
        long l;
        double d;
        bool b;
        csim_series series;
        csim_vec vec;
    } v;
    memset(&v, 0, sizeof v);
    switch (desc->type) {
    case CSIM_PT_INT:
        st = check_long(&ctx, node, &v.l);
        break;
    case CSIM_PT_ENUM:
        st = check_enum(&ctx, node, &v.l);
        break;
    case CSIM_PT_DOUBLE:
        st = check_double(&ctx, node, "", &v.d);
        break;
    case CSIM_PT_BOOL:
        st = check_bool(&ctx, node, &v.b);
        break;
    case CSIM_PT_SERIES:
        st = check_series(&ctx, node, &v.series);
        break;
    case CSIM_PT_VEC:
        st = check_vec(&ctx, node, &v.vec);
        break;
    }
    if (st == CSIM_OK) {
        memcpy(field, &v, size);
    }
    return st;
}

csim_status csim_schema_set_from_text(const csim_schema *schema, const csim_param_desc *desc,
                                      void *params, const char *text) {
    csim_status st = CSIM_OK;
    yaml_parser_t parser;
    yaml_document_t document;
    bool have_parser = false, have_document = false;
    char shown[ECHO_LEN_MAX + 8];

    st = csim_yaml_check_depth(NULL, text, strlen(text));
    if (st == CSIM_EPARSE) {
        char why[1024];
        snprintf(why, sizeof why, "%s", csim_last_error());
        return csim_fail_plain(st, "key '%s': %s", desc->name, why);
    }
    if (st != CSIM_OK) {
        return st;
    }
    if (!yaml_parser_initialize(&parser)) {
        return CSIM_FAIL(CSIM_ENOMEM, "YAML parser for '%s'", desc->name);
    }
    have_parser = true;
    yaml_parser_set_input_string(&parser, (const unsigned char *) text, strlen(text));
    /* On failure yaml_parser_load has already deleted the document. */
    if (!yaml_parser_load(&parser, &document)) {
        if (parser.error == YAML_MEMORY_ERROR) {
            st = CSIM_FAIL(CSIM_ENOMEM, "parsing the value of '%s'", desc->name);
            goto cleanup;
        }
        echo_text(text, shown, sizeof shown);
        if (parser.problem_mark.line > 0) {
            st = csim_fail_plain(CSIM_EPARSE,
                                 "key '%s': invalid YAML '%s': %s at line %zu, column %zu",
                                 desc->name, shown, parser.problem ? parser.problem : "error",
                                 parser.problem_mark.line + 1, parser.problem_mark.column + 1);
        } else {
            st = csim_fail_plain(CSIM_EPARSE, "key '%s': invalid YAML '%s': %s at column %zu",
                                 desc->name, shown, parser.problem ? parser.problem : "error",
                                 parser.problem_mark.column + 1);
        }
        goto cleanup;
    }
    have_document = true;
    /* "12\n--- 13": a second document would be ignored; refuse it as a scenario file's. */
    yaml_document_t extra;
    if (!yaml_parser_load(&parser, &extra)) {
        echo_text(text, shown, sizeof shown);
        st = parser.error == YAML_MEMORY_ERROR
                 ? CSIM_FAIL(CSIM_ENOMEM, "parsing the value of '%s'", desc->name)
                 : csim_fail_plain(CSIM_EPARSE, "key '%s': invalid YAML '%s': %s", desc->name,
                                   shown, parser.problem ? parser.problem : "error");
        goto cleanup;
    }
    const bool second = yaml_document_get_root_node(&extra) != NULL;
    yaml_document_delete(&extra);
    if (second) {
        echo_text(text, shown, sizeof shown);
        st = csim_fail_plain(CSIM_EPARSE,
                             "key '%s': '%s' holds a second YAML document ('---'); expected "
                             "one value",
                             desc->name, shown);
        goto cleanup;
    }
    st = csim_schema_set_from_node(schema, desc, params, &document,
                                   yaml_document_get_root_node(&document), NULL, text);

cleanup:
    if (have_document) {
        yaml_document_delete(&document);
    }
    if (have_parser) {
        yaml_parser_delete(&parser);
    }
    return st;
}

csim_status csim_schema_set_defaults(const csim_schema *schema, void *params) {
    char why[1024];

    memset(params, 0, schema->struct_size);
    for (size_t i = 0; i < schema->n_params; ++i) {
        const csim_param_desc *desc = &schema->params[i];
        const size_t size = csim_schema_type_size(desc->type);
        if (size == 0 || desc->offset > schema->struct_size ||
            size > schema->struct_size - desc->offset) {
            return CSIM_FAIL(CSIM_EINTERNAL, "parameter '%s' lies outside its %zu-byte structure",
                             desc->name, schema->struct_size);
        }
        const char *text = desc->default_text ? desc->default_text : "";
        const csim_status st = csim_schema_set_from_text(schema, desc, params, text);
        if (st != CSIM_OK) {
            /* Copy first: the message about to be recorded overwrites the buffer. */
            snprintf(why, sizeof why, "%s", csim_last_error());
            return csim_fail_plain(st, "invalid default \"%s\" in the parameter table: %s", text,
                                   why);
        }
    }
    return CSIM_OK;
}

/* ==== formatting ======================================================================= */

int csim_schema_format(const csim_param_desc *desc, const void *params, char *buf, size_t size) {
    const char *field = (const char *) params + desc->offset;
    out_buf o = {buf, size, 0};
    char num[32];

    if (size > 0) {
        buf[0] = '\0';
    }
    switch (desc->type) {
    case CSIM_PT_INT: {
        long v;
        memcpy(&v, field, sizeof v);
        out_add(&o, "%ld", v);
        break;
    }
    case CSIM_PT_DOUBLE: {
        double v;
        memcpy(&v, field, sizeof v);
        format_double(v, num, sizeof num);
        out_add(&o, "%s", num);
        break;
    }
    case CSIM_PT_BOOL: {
        bool v;
        memcpy(&v, field, sizeof v);
        out_add(&o, "%s", v ? "true" : "false");
        break;
    }
    case CSIM_PT_ENUM: {
        long v;
        memcpy(&v, field, sizeof v);
        if (desc->names && v >= 0 && (size_t) v < desc->n_names) {
            out_add(&o, "%s", desc->names[v]);
        } else {
            out_add(&o, "%ld", v); /* corrupt value: show it rather than hide it */
        }
        break;
    }
    case CSIM_PT_SERIES: {
        const csim_series *s = (const csim_series *) (const void *) field;
        const size_t n = s->n < CSIM_SERIES_MAX ? s->n : CSIM_SERIES_MAX;
        out_add(&o, "{");
        for (size_t i = 0; i < n; ++i) {
            format_double(s->value[i], num, sizeof num);
            out_add(&o, "%s%d: %s", i ? ", " : "", s->year[i], num);
        }
        out_add(&o, "}");
        break;
    }
    case CSIM_PT_VEC: {
        const csim_vec *v = (const csim_vec *) (const void *) field;
        const size_t n = desc->names && desc->n_names <= CSIM_VEC_MAX ? desc->n_names : 0;
        out_add(&o, "{");
        for (size_t i = 0; i < n; ++i) {
            format_double(v->v[i], num, sizeof num);
            out_add(&o, "%s%s: %s", i ? ", " : "", desc->names[i], num);
        }
        out_add(&o, "}");
        break;
    }
    }
    return o.used > (size_t) INT_MAX ? INT_MAX : (int) o.used;
}

const char *csim_schema_type_name(csim_param_type type) {
    const type_row *row = type_row_of(type);
    return row ? row->name : "unknown";
}
