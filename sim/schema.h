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
 *  default in the table is itself invalid (a programming error that a test catches). */
csim_status csim_schema_set_defaults(const csim_schema *schema, void *params);

/**
 * Write the value of `desc` in `params` as YAML flow text into `buf` (always
 * NUL-terminated). Doubles use "%.17g" so that the text parses back to the same bits.
 * \return characters needed (like snprintf).
 */
int csim_schema_format(const csim_param_desc *desc, const void *params, char *buf, size_t size);

/** Name of the type ("int", "double", "bool", "enum", "series", "vector"). */
const char *csim_schema_type_name(csim_param_type type);

#endif /* CSIM_SIM_SCHEMA_H */
