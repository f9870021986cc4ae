/**
 * \file scenarios/scenario.h
 * Loading a scenario: YAML file(s) -> resolved csim_params, with `extends:` chains,
 * command-line overrides (`--set key=value`) and errors that name file, line, column and
 * key, say what was expected and suggest the nearest valid key.
 *
 * A scenario file is a YAML mapping of sections to mappings of keys, e.g.
 *     extends: gumi-baseline.yaml      # optional, relative to this file
 *     run:
 *       steps: 156
 *     policy:
 *       budget: {2005: 1500, 2013: 0}
 * Parameters not given keep the value of the file extended, or the schema default.
 */
#ifndef CSIM_SCENARIOS_SCENARIO_H
#define CSIM_SCENARIOS_SCENARIO_H

#include <stddef.h>

#include "model/params.h"
#include "sim/error.h"

/** A loaded scenario: the resolved parameters and the texts they came from. */
typedef struct csim_scenario {
    csim_params params;   /**< resolved: defaults, then the extends chain, then overrides   */
    char *path;           /**< path of the file given (owned)                               */
    char *name;           /**< file name without folder and .yaml (owned), e.g. "no-policy" */
    char *text;           /**< text of every file read, each headed "# --- file: PATH" (owned) */
    char *overrides;      /**< the --set overrides, one "key=value" per line, or "" (owned)  */
} csim_scenario;

/**
 * Load the scenario at `path` (following `extends:`), then apply `n_overrides` overrides
 * of the form "section.key=value" (value in YAML flow syntax).
 * \param scenario  uninitialised; filled on success, left destroyed on failure
 * \return CSIM_OK; CSIM_EIO (unreadable file); CSIM_EPARSE (malformed YAML, unknown key,
 *         wrong type, out of range, extends loop, bad override, a rule between parameters
 *         broken: "PATH: wg.min_size (8) exceeds wg.size (5); ..."). The message (see
 *         csim_last_error) is meant for users as it stands:
 *         "FILE:LINE:COLUMN: key 'learning.alpah': unknown parameter; did you mean 'learning.alpha'?"
 * Thread-safety: reentrant (no shared state).
 */
csim_status csim_scenario_load(csim_scenario *scenario, const char *path,
                               const char *const *overrides, size_t n_overrides);

/** Receives one problem of a scenario, a user message as csim_scenario_load words it. */
typedef void (*csim_scenario_problem_fn)(void *ctx, const char *message);

/**
 * csim_scenario_load for `clustersim check`: instead of stopping at the first problem,
 * report every one to `report` -- each unknown, repeated or invalid key or section of
 * every file, each bad override, each broken rule between parameters
 * (model/params_check.h) -- and go on; a problem that leaves nothing to go on with (an
 * unreadable file, invalid YAML, a broken extends chain) ends the load and is reported
 * too. `run` and the other commands see exactly the same problems, first one first.
 * \return CSIM_OK when nothing was reported; CSIM_EPARSE with "PATH: N problems" when
 *         input problems were reported; else the status of the problem that ended the load.
 */
csim_status csim_scenario_load_all(csim_scenario *scenario, const char *path,
                                   const char *const *overrides, size_t n_overrides,
                                   csim_scenario_problem_fn report, void *report_ctx);

/**
 * A scenario made only of defaults and overrides (no file), named `name`. Used by tests
 * and by `rerun` when a file records resolved parameters. Same errors as load.
 */
csim_status csim_scenario_from_defaults(csim_scenario *scenario, const char *name,
                                        const char *const *overrides, size_t n_overrides);

/**
 * The parameter name of the override `ov` ("key=value") exactly as the loaders read it:
 * up to the first '=', blanks around it dropped (" wg.size =3" names wg.size). Every
 * check that compares an override's name (a swept parameter, run.seed) goes through it.
 * Writes the name into `key` when it fits in `size` bytes (else ""). Cannot fail.
 * \return its length; 0 when `ov` has no '=' or no name before it.
 */
size_t csim_scenario_override_key(const char *ov, char *key, size_t size);

/** Free what the scenario owns; safe on a zeroed or destroyed scenario, idempotent. */
void csim_scenario_destroy(csim_scenario *scenario);

#endif /* CSIM_SCENARIOS_SCENARIO_H */
