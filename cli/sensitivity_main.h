/**
 * \file cli/sensitivity_main.h
 * `clustersim sobol` and `clustersim screen` differ only in the sweep they accept, the
 * analysis run per measure and how results are written; the arguments (--observables,
 * --at, --bootstrap, --seed, --format, -o, --force), loading the folder and the exit codes
 * are shared here.
 */
#ifndef CSIM_CLI_SENSITIVITY_MAIN_H
#define CSIM_CLI_SENSITIVITY_MAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "analysis/statistics/comparison.h"
#include "analysis/statistics/sensitivity.h"

/** What a sensitivity command is. */
typedef struct csim_cli_sensitivity_kind {
    const char *command;      /**< "sobol"                                               */
    const char *design;       /**< the sweep design it needs, as spelled in sweep files    */
    const char *design_title; /**< "Saltelli", for messages                                 */
    const char *what;         /**< "Sobol indices", for messages                            */
    const char *about;        /**< --help: what it computes                                 */
    const char *closing;      /**< --help: the exit codes                                   */
    bool (*accepts)(const csim_ensemble_index *ix); /**< whether a folder is such a sweep       */
    size_t result_size;       /**< bytes of one result                                      */
    /** One measure's result into `out` (result_size bytes, uninitialised). */
    csim_status (*compute)(const csim_comparison *c, size_t measure, int year,
                           const csim_sensitivity_options *opt, void *out);
    /** Write `n` results (an array of result_size-byte results). */
    void (*write)(const csim_comparison *c, const size_t *measure, const void *results,
                  size_t n, int year, csim_sensitivity_format format, FILE *out);
    void (*destroy)(void *result); /**< free one result                                     */
} csim_cli_sensitivity_kind;

/** Run the command described by `kind` on argv; returns the exit code. */
int csim_cli_sensitivity_main(const csim_cli_sensitivity_kind *kind, int argc, char **argv);

#endif /* CSIM_CLI_SENSITIVITY_MAIN_H */
