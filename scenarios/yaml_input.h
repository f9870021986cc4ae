/**
 * \file scenarios/yaml_input.h
 * Pieces shared by the YAML input files of scenarios/ that are not scenarios themselves
 * (sweep files, health-check batteries): messages positioned at a node, and the `set:`
 * mapping of fixed parameter values, checked like scenario values and kept as `--set`
 * text. Thread-safety: reentrant.
 */
#ifndef CSIM_SCENARIOS_YAML_INPUT_H
#define CSIM_SCENARIOS_YAML_INPUT_H

#include <stdarg.h>
#include <stddef.h>

#include <yaml.h>

#include "sim/error.h"

/**
 * Record CSIM_EPARSE with "SHOWN:LINE:COLUMN: message" (1-based position of `node`), or
 * "SHOWN: message" when node is NULL. \return CSIM_EPARSE.
 */
csim_status csim_yaml_vfail_at(const char *shown, const yaml_node_t *node, const char *fmt,
                               va_list ap);

/**
 * Read `set: {key: value, ...}` of the file `shown` whose text is `text` and parsed
 * document `doc`: every key must be a parameter and every value valid for it (the
 * scenario checker, csim_schema_set_from_node, with this file's positions); scalars and
 * one-line flow mappings are kept as "key=value" in *overrides (malloc'd array of
 * malloc'd strings, NULL-terminated, *n of them; on failure what was made is left there
 * for the caller to free).
 * \return CSIM_OK; CSIM_EPARSE ("set: unknown parameter 'x'; did you mean 'y'?", the
 *         value's error, a block mapping as value); CSIM_ENOMEM.
 */
csim_status csim_yaml_read_set(const char *shown, const char *text, yaml_document_t *doc,
                               const yaml_node_t *map, char ***overrides, size_t *n);

/**
 * Read the YAML file `path` within sim/yaml_limits.h's bounds and parse it.
 * \param what  what the file is, for messages ("sweep file")
 * \param text  receives the file's text (malloc'd, NUL-terminated; the caller frees it,
 *              also on failure, when it is not NULL); node positions refer to it
 * \param doc   receives the document; on success the caller deletes it
 *              (yaml_document_delete); on failure there is nothing to delete
 * \return CSIM_OK; CSIM_EIO ("PATH: cannot read WHAT: reason"); CSIM_EPARSE (too deep,
 *         a NUL byte, invalid YAML: "PATH:LINE:COLUMN: invalid YAML: ..."); CSIM_ENOMEM.
 */
csim_status csim_yaml_load_file(const char *path, const char *what, char **text,
                                yaml_document_t *doc);

#endif /* CSIM_SCENARIOS_YAML_INPUT_H */
