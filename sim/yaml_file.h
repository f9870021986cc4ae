/**
 * \file sim/yaml_file.h
 * The one way a YAML input file of the project is read: within sim/yaml_limits.h's
 * bounds (a regular file, size, depth), parsed by libyaml, and refused when any mapping
 * gives a key twice (libyaml accepts that and a reader would silently keep one of the
 * two values), with every message naming FILE:LINE:COLUMN. Scenario files are parsed by
 * csim_yaml_parse_text too; their loader (scenarios/scenario.c: `extends:` chains and
 * dotted keys) applies the same duplicate-key rule while it walks the keys, naming the
 * dotted parameter. Thread-safety: reentrant.
 */
#ifndef CSIM_SIM_YAML_FILE_H
#define CSIM_SIM_YAML_FILE_H

#include <stdarg.h>
#include <stdbool.h>

#include <yaml.h>

#include "sim/error.h"

/**
 * Record CSIM_EPARSE with "SHOWN:LINE:COLUMN: message" (1-based position of `node`), or
 * "SHOWN: message" when node is NULL. \return CSIM_EPARSE.
 */
csim_status csim_yaml_vfail_at(const char *shown, const yaml_node_t *node, const char *fmt,
                               va_list ap);

/** csim_yaml_vfail_at with a format and arguments. \return CSIM_EPARSE. */
csim_status csim_yaml_fail_at(const char *shown, const yaml_node_t *node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/**
 * The key of mapping `map` before `pair` spelled like `pair`'s key, or NULL when there is
 * none (or `pair`'s key is not a scalar). The one duplicate-key test of the project's
 * YAML inputs: csim_yaml_file_load refuses every repeat with it, and the scenario loader
 * uses it to name a repeated parameter or section in its own terms. Cannot fail.
 */
const yaml_node_t *csim_yaml_earlier_key(yaml_document_t *doc, const yaml_node_t *map,
                                         const yaml_node_pair_t *pair);

/**
 * Parse `text` (len bytes, NUL-terminated) as exactly one YAML document, within
 * sim/yaml_limits.h's depth bound. The one parse of the project's YAML inputs: files
 * (csim_yaml_file_load) and scenario files (scenarios/scenario.c, which reports keys
 * given twice in its own terms while it walks them).
 * \param shown  the name messages give ("FILE" or "--set KEY")
 * \param what   what the text is, for the second-document message ("scenario file")
 * \param doc    receives the document; on success the caller deletes it; on failure
 *               there is nothing to delete
 * \return CSIM_OK; CSIM_EPARSE (too deep, "SHOWN:LINE:COLUMN: invalid YAML: ...", "a
 *         second YAML document; expected one document per WHAT"); CSIM_ENOMEM.
 */
csim_status csim_yaml_parse_text(const char *shown, const char *what, const char *text,
                                 size_t len, yaml_document_t *doc);

/**
 * A YAML input file as read: its text and its document, released together by one call
 * whatever the load came to, so that no loader keeps its own flag of what to delete.
 * Zero-initialise it; csim_yaml_file_destroy it after csim_yaml_file_load, also when
 * that failed.
 */
typedef struct csim_yaml_file {
    char *text;          /**< malloc'd, NUL-terminated, or NULL; node positions refer to it.
                              A loader that keeps it takes it and sets this to NULL. */
    yaml_document_t doc; /**< the document; valid only when `parsed` */
    bool parsed;         /**< whether `doc` holds a document to delete */
} csim_yaml_file;

/**
 * Read the YAML file `path` within sim/yaml_limits.h's bounds and parse it into `file`
 * (zero-initialised).
 * \param what  what the file is, for messages ("sweep file")
 * \return CSIM_OK; CSIM_EIO ("PATH: cannot read WHAT: reason"); CSIM_EPARSE (too deep,
 *         a NUL byte, invalid YAML: "PATH:LINE:COLUMN: invalid YAML: ...", a key given
 *         twice in one mapping: "PATH:LINE:COLUMN: key 'K' is given twice (first at
 *         line N); expected each key once"); CSIM_ENOMEM.
 */
csim_status csim_yaml_file_load(csim_yaml_file *file, const char *path, const char *what);

/** Delete the document (when parsed), free the text, and zero `file`. */
void csim_yaml_file_destroy(csim_yaml_file *file);

#endif /* CSIM_SIM_YAML_FILE_H */
