/**
 * \file scenarios/yaml_input.h
 * What the YAML input files of scenarios/ share: the `set:` mapping of fixed parameter
 * values of the files that are not scenarios themselves (sweep files, health-check
 * batteries), checked like scenario values and kept as `--set` text; and the one reading
 * of a file name written in such a file (`extends:`, a sweep's `base:`, a battery's
 * `targets:`). Loading and positioned messages are sim/yaml_file.h's. Thread-safety:
 * reentrant.
 */
#ifndef CSIM_SCENARIOS_YAML_INPUT_H
#define CSIM_SCENARIOS_YAML_INPUT_H

#include <stdarg.h>
#include <stddef.h>

#include <yaml.h>

#include "sim/error.h"
#include "sim/yaml_file.h"

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
 * The file name `target`, written in the YAML file `file`, as a path: relative to the
 * folder of `file` ("s/a.yaml" + "b.yaml" -> "s/b.yaml"), unless absolute or `file` has
 * no folder part. \return a malloc'd path, or NULL when memory runs out.
 */
char *csim_yaml_relative_path(const char *file, const char *target);

#endif /* CSIM_SCENARIOS_YAML_INPUT_H */
