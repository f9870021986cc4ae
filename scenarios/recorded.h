/**
 * \file scenarios/recorded.h
 * The run a trajectory file records, rebuilt for `clustersim rerun`: its resolved
 * parameters (every one, from /parameters/resolved_yaml, whose values round-trip
 * bit-exactly), its replicate, and the scenario texts it came from.
 */
#ifndef CSIM_SCENARIOS_RECORDED_H
#define CSIM_SCENARIOS_RECORDED_H

#include <stdint.h>

#include "scenarios/scenario.h"
#include "sim/error.h"
#include "sim/format/format_read.h"

/** What a trajectory records about its run. Zeroed is a valid empty record. */
typedef struct csim_recorded_run {
    csim_scenario scenario;  /**< params from resolved_yaml; name, path, text and overrides
                                  are the recorded ones (path as given to the first run)  */
    uint64_t replicate;      /**< /parameters attribute `replicate`                        */
    char *stream_key;        /**< owned: recorded `stream_key` ("0x..."), or ""           */
    char *code_version;      /**< owned: recorded `code_version`, or ""                    */
    char *code_commit;       /**< owned: recorded `code_commit`, or ""                     */
} csim_recorded_run;

/**
 * Rebuild the run recorded in the open trajectory `r`: each line "section.key: value" of
 * /parameters/resolved_yaml becomes the override "section.key=value" on top of the
 * defaults (csim_scenario_from_defaults), so every parameter is the recorded one even if
 * a default has changed since. The record must name every parameter exactly once.
 *
 * \param run  uninitialised; filled on success, left destroyed on error
 * \param r    an open reader (borrowed)
 * \return CSIM_OK;
 *         CSIM_EINVAL (not a clustersim trajectory: a required part is missing; the
 *         message names the file and the part);
 *         CSIM_EPARSE (a recorded parameter this build does not know or accept, e.g. a
 *         file from another version; a record that lacks a parameter of this build or
 *         names one twice -- an edited file --, since defaults are never filled in; the
 *         message names the file and the keys);
 *         CSIM_ENOMEM; CSIM_EIO (the file cannot be read).
 */
csim_status csim_recorded_run_read(csim_recorded_run *run, const csim_h5_reader *r);

/** Free what `run` owns; safe on a zeroed or destroyed record (idempotent). */
void csim_recorded_run_destroy(csim_recorded_run *run);

#endif /* CSIM_SCENARIOS_RECORDED_H */
