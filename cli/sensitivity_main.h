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
    const char *about;        /**< --help: what it computes (the exit codes follow)         */
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

/*
 * The kind's `compute`, `write` and `destroy` from an analysis's typed functions, which
 * take its own result type where the kind passes void *: one line in the command's file,
 * `CSIM_CLI_SENSITIVITY_ADAPTERS(csim_sensitivity_compute, csim_sensitivity_write,
 * csim_sobol_result_destroy)`, defines the three as static functions named
 * compute, write_results and destroy.
 */
#define CSIM_CLI_SENSITIVITY_ADAPTERS(compute_fn, write_fn, destroy_fn)                       \
    static csim_status compute(const csim_comparison *c, size_t measure, int year,            \
                               const csim_sensitivity_options *opt, void *out) {              \
        return compute_fn(c, measure, year, opt, out);                                        \
    }                                                                                         \
    static void write_results(const csim_comparison *c, const size_t *measure,                \
                              const void *results, size_t n, int year,                        \
                              csim_sensitivity_format format, FILE *out) {                    \
        write_fn(c, measure, results, n, year, format, out);                                  \
    }                                                                                         \
    static void destroy(void *result) {                                                       \
        destroy_fn(result);                                                                   \
    }

/** Run the command described by `kind` on argv; returns the exit code. */
int csim_cli_sensitivity_main(const csim_cli_sensitivity_kind *kind, int argc, char **argv);

#endif /* CSIM_CLI_SENSITIVITY_MAIN_H */
