/**
 * \file sim/yaml_file.h
 * The one way a YAML input file of the project is read: within sim/yaml_limits.h's
 * bounds (a regular file, size, depth), parsed by libyaml, and refused when any mapping
 * gives a key twice (libyaml accepts that and a reader would silently keep one of the
 * two values), with every message naming FILE:LINE:COLUMN. Scenario files have their own
 * loader (scenarios/scenario.c: `extends:` chains and dotted keys) with the same
 * duplicate-key rule. Thread-safety: reentrant.
 */
#ifndef CSIM_SIM_YAML_FILE_H
#define CSIM_SIM_YAML_FILE_H

#include <stdarg.h>

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
 * Read the YAML file `path` within sim/yaml_limits.h's bounds and parse it.
 * \param what  what the file is, for messages ("sweep file")
 * \param text  receives the file's text (malloc'd, NUL-terminated; the caller frees it,
 *              also on failure, when it is not NULL); node positions refer to it
 * \param doc   receives the document; on success the caller deletes it
 *              (yaml_document_delete); on failure there is nothing to delete
 * \return CSIM_OK; CSIM_EIO ("PATH: cannot read WHAT: reason"); CSIM_EPARSE (too deep,
 *         a NUL byte, invalid YAML: "PATH:LINE:COLUMN: invalid YAML: ...", a key given
 *         twice in one mapping: "PATH:LINE:COLUMN: key 'K' is given twice (first at
 *         line N); expected each key once"); CSIM_ENOMEM.
 */
csim_status csim_yaml_load_file(const char *path, const char *what, char **text,
                                yaml_document_t *doc);

#endif /* CSIM_SIM_YAML_FILE_H */
