/**
 * \file sim/schema.h
 * Generic description of a parameter structure: one row per parameter with its dotted
 * name, type, place in the structure, default, allowed range, unit and meaning.
 *
 * The model declares its table once (model/params.h); `clustersim params`, scenario
 * validation, `clustersim check` and the HDF5 record of resolved parameters are all
 * generated from it, so they cannot disagree. This module knows nothing of the model.
 */
#ifndef CSIM_SIM_SCHEMA_H
#define CSIM_SIM_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#include "sim/error.h"
#include "sim/series.h"

#define CSIM_VEC_MAX 16 /**< components of a vector parameter */

/** Storage of a vector parameter: `n` comes from the descriptor's name table. */
typedef struct csim_vec {
    double v[CSIM_VEC_MAX]; /**< components, in the order of the name table */
} csim_vec;

typedef enum {
    CSIM_PT_INT,    /**< stored as long; YAML integer; a fraction is an error      */
    CSIM_PT_DOUBLE, /**< stored as double                                           */
    CSIM_PT_BOOL,   /**< stored as bool; YAML true/false                            */
    CSIM_PT_ENUM,   /**< stored as long (index into names); YAML one of the names   */
    CSIM_PT_SERIES, /**< stored as csim_series; YAML mapping year -> number          */
    CSIM_PT_VEC     /**< stored as csim_vec; YAML mapping name -> number (all names) */
} csim_param_type;

/** One parameter. Tables of these are static const data. */
typedef struct csim_param_desc {
    const char *name;               /**< dotted name "section.key"                       */
    csim_param_type type;           /**< how it is stored and parsed                     */
    size_t offset;                  /**< offsetof() the field in the parameter struct    */
    const char *default_text;       /**< default written as YAML (parsed like user input) */
    double min;                     /**< smallest allowed value (each element for series/vec) */
    double max;                     /**< largest allowed value                           */
    const char *unit;               /**< unit ("month", "KRW million", "1" for none)     */
    const char *description;        /**< one line, with its source (paper or calibration) */
    const char *const *names;       /**< VEC component names or ENUM choices; else NULL  */
    size_t n_names;                 /**< entries in `names`                              */
} csim_param_desc;

/** A whole schema: the table and the size of the structure it describes. */
typedef struct csim_schema {
    const csim_param_desc *params;  /**< borrowed static table                           */
    size_t n_params;                /**< rows in the table                               */
    size_t struct_size;             /**< sizeof the parameter structure                  */
} csim_schema;

/** Row named `name` (exact match), or NULL. Cannot fail; O(n). */
const csim_param_desc *csim_schema_find(const csim_schema *schema, const char *name);

/**
 * The name in `schema` nearest to `name` by edit distance (Levenshtein, on the full
 * dotted name and on the part after the last dot), or NULL when nothing is close
 * (distance above a third of the name's length, at least 2). Cannot fail.
 */
const char *csim_schema_suggest(const csim_schema *schema, const char *name);

/**
 * Parse `text` (a YAML scalar or flow collection, e.g. "0.3", "{2005: 10, 2007: 6}")
 * as a value of `desc`, check type and range and store it into `params`.
 * \return CSIM_OK or CSIM_EPARSE; the message names the parameter and what was expected
 *         but not a file (the caller adds where the text came from).
 */
csim_status csim_schema_set_from_text(const csim_schema *schema, const csim_param_desc *desc,
                                      void *params, const char *text);

/** Set every parameter of `params` (struct_size bytes) to its default. CSIM_EPARSE only if a
 *  default in the table is itself invalid (a programming error that a test catches);
 *  CSIM_EINTERNAL if a row lies outside struct_size or is a VEC/ENUM without usable names. */
csim_status csim_schema_set_defaults(const csim_schema *schema, void *params);

/**
 * Write the value of `desc` in `params` as YAML flow text into `buf` (always
 * NUL-terminated). Doubles use the shortest of "%.15g", "%.16g" and "%.17g" that parses
 * back to the same bits (0.825, not 0.82499999999999996); the round trip is bit-identical.
 * \return characters needed (like snprintf).
 */
int csim_schema_format(const csim_param_desc *desc, const void *params, char *buf, size_t size);

/** Name of the type ("int", "double", "bool", "enum", "series", "vector"). */
const char *csim_schema_type_name(csim_param_type type);

/** "a, b, c" from the first `n_names` of a name table, truncated to the buffer (size > 0
 *  gives a terminated string): the "expected one of ..." of error messages. */
void csim_schema_join_names(const char *const *names, size_t n_names, char *buf, size_t size);

/** Bytes a parameter of `type` occupies in its structure: sizeof(long) for INT and ENUM,
 *  sizeof(csim_series) and sizeof(csim_vec) for SERIES and VEC; 0 for a value outside the
 *  enum. What a bit-for-bit comparison of one parameter compares. */
size_t csim_schema_type_size(csim_param_type type);

/* libyaml's document and node types, declared here so that this header does not pull in
 * <yaml.h>: only pointers cross. */
struct yaml_document_s;
struct yaml_node_s;

/**
 * Check `node` of `document` (both from libyaml's yaml_parser_load) as a value of `desc`
 * and store it into `params`. This is the one implementation behind scenario files,
 * `--set` overrides, csim_schema_set_from_text and the defaults, so a value means the
 * same thing wherever it is written.
 *
 * Accepted values, by type (all numbers must be finite and within [min, max]):
 *  - INT: a plain YAML integer; a plain number in another form ("1e3", "156.0") is
 *    accepted only when integral, so "200.5" is an error.
 *  - DOUBLE: a plain YAML number; .inf and .nan are errors.
 *  - BOOL: plain true or false (also True/TRUE, False/FALSE).
 *  - ENUM: one of desc->names (plain or quoted).
 *  - SERIES: a mapping year -> number, years integers in [0, 9999], strictly increasing
 *    as written, at most CSIM_SERIES_MAX points; `{}` gives an empty series.
 *  - VEC: a mapping that names every component of desc->names once, each to a number.
 * A quoted scalar is a string and never a number or a bool.
 *
 * \param schema    the schema `desc` belongs to (borrowed)
 * \param desc      the parameter (borrowed)
 * \param params    the parameter structure; changed only on success
 * \param document  the parsed document holding `node` (borrowed; not modified)
 * \param node      the value; NULL means "no value given"
 * \param file      where the document came from: when not NULL each message starts with
 *                  "FILE:LINE:COLUMN: " giving the 1-based position of the offending node
 *                  (the year or component inside a mapping, not just the mapping); when
 *                  NULL the message starts with "key '...'" and the caller adds the origin
 * \return CSIM_OK; CSIM_EPARSE with a one-line user message recorded by csim_fail_plain
 *         ("key 'run.steps': expected an integer, got 'abc'"); CSIM_EINTERNAL if `desc`
 *         is malformed (VEC or ENUM without names, VEC with more than CSIM_VEC_MAX).
 * \param text     the whole text `document` was parsed from (NUL-terminated), or NULL: a
 *                  number or boolean explicitly tagged as a string ("!!str 12") looks
 *                  like an untagged one once loaded, so the tag is read from the text
 *                  and such a value refused ("expected an integer, got string '12'
 *                  (tagged !!str)"); without the text the tag goes unseen
 * Thread-safety: reentrant. O(size of the node), plus O(text before it) for a scalar
 *                with properties.
 */
csim_status csim_schema_set_from_node(const csim_schema *schema, const csim_param_desc *desc,
                                      void *params, struct yaml_document_s *document,
                                      struct yaml_node_s *node, const char *file,
                                      const char *text);

/** Whether some parameter's name starts with "`section`." (exact). Cannot fail; O(n). */
bool csim_schema_has_section(const csim_schema *schema, const char *section);

/**
 * The section of `schema` nearest to `section` by edit distance (same threshold as
 * csim_schema_suggest), copied NUL-terminated into `buf`.
 * \return true if a section was close enough and fitted in `buf`; else false and `buf`
 *         holds "". Cannot fail; O(n * length^2).
 */
bool csim_schema_suggest_section(const csim_schema *schema, const char *section, char *buf,
                                 size_t size);

#endif /* CSIM_SIM_SCHEMA_H */
