/**
 * \file scenarios/sweep.h
 * Sweep files: which parameters of a base scenario to vary, over what ranges, with which
 * experimental design (scenarios/design.h), how many points and replicates.
 *
 *     # sweeps/learning.yaml
 *     base: ../scenarios/gumi-baseline.yaml   # relative to this file
 *     design: sobol          # grid | latin-hypercube | sobol | saltelli | morris
 *     points: 64             # not for grid; for saltelli the base sample N (N*(d+2) runs);
 *                            # for morris the trajectories r (r*(d+1) runs)
 *     levels: 4              # morris only: levels p of each parameter, even (default 4)
 *     replicates: 4          # default 1
 *     seed: 42               # run.seed of every point (default: the base's); seeds LHS too;
 *                            # `--set run.seed=N` beats it, as --set beats any file
 *     set:                   # optional: fixed overrides of every point, like --set
 *       run.steps: 60
 *     parameters:            # dotted names of int or double parameters
 *       learning.rate: {min: 0.02, max: 0.2}       # a range
 *       policy.fee_year: [2008, 2010, 2012]        # a list of values
 *       population.initial_firms: {min: 600, max: 1200, steps: 4}   # grid only: steps
 *
 * Everything is checked when the file is loaded, before anything runs; every message is
 * one line starting "FILE:LINE:COLUMN:" (libyaml's marks), and unknown names come with the
 * nearest valid one (csim_schema_suggest).
 *
 * Mapping a design coordinate u in [0, 1] to a value (csim_sweep_value):
 *  - grid: a range with `steps` S gives the S values min + k (max - min) / (S - 1),
 *    endpoints included; a list gives its values in order.
 *  - morris: coordinates are levels k/(p-1); mapped as a grid's (a range's value is
 *    (1 - u) min + u max, rounded for an int; a list's is value round(u (L - 1))), so the
 *    p levels are evenly spaced from min to max.
 *  - sampling designs (latin-hypercube, sobol, saltelli): a range of a double parameter
 *    gives min + u (max - min); a range of an int parameter gives the integers
 *    min..max with equal probability (floor(min + u (max - min + 1))); a list gives
 *    value floor(u L) of its L values, each equally likely.
 *
 * Thread-safety: reentrant.
 */
#ifndef CSIM_SCENARIOS_SWEEP_H
#define CSIM_SCENARIOS_SWEEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scenarios/design.h"
#include "sim/error.h"
#include "sim/schema.h"

/** Most replicates a sweep (or an ensemble) may ask for. */
#define CSIM_SWEEP_MAX_REPLICATES 1000000u

/** One swept parameter. */
typedef struct csim_sweep_param {
    char *name;                  /**< owned: dotted name, e.g. "learning.rate"          */
    const csim_param_desc *desc; /**< borrowed: its row in the model's schema             */
    bool is_list;                /**< a list of values (else a range)                    */
    double min;                  /**< range: lower end (inclusive)                       */
    double max;                  /**< range: upper end (inclusive)                       */
    size_t steps;                /**< range in a grid: values from min to max; else 0    */
    double *values;              /**< owned: list values, in file order                  */
    size_t n_values;             /**< entries of `values`                                */
    size_t line;                 /**< 1-based line of its name in the sweep file          */
} csim_sweep_param;

/** A loaded, checked sweep file. Zeroed is a valid empty sweep. */
typedef struct csim_sweep {
    char *path;               /**< owned: the file as given                             */
    char *text;               /**< owned: its text as read (recorded in the index)      */
    char *base_path;          /**< owned: base scenario, relative to the working folder */
    csim_design_kind design;  /**< the design                                           */
    size_t points;            /**< points asked for (0 for grid: the grid decides); the
                                   trajectories of a morris design                       */
    size_t levels;            /**< morris: levels per parameter (even); else 0           */
    uint64_t replicates;      /**< replicates of every point, >= 1                       */
    bool have_seed;           /**< `seed` was given                                      */
    uint64_t seed;            /**< the seed when given                                   */
    csim_sweep_param *params; /**< owned: n_params swept parameters, in file order       */
    size_t n_params;          /**< >= 1                                                  */
    char **overrides;         /**< owned: the `set:` entries as "key=value"              */
    size_t n_overrides;       /**< entries of `overrides`                                */
} csim_sweep;

/**
 * Read and check the sweep file `path`.
 * \param sw  uninitialised; filled on success, left destroyed on failure
 * \return CSIM_OK; CSIM_EIO (the sweep file cannot be read); CSIM_EPARSE (anything wrong
 *         in it: YAML syntax, unknown or duplicate key, missing base or design, unreadable
 *         base scenario, unknown or non-numeric parameter, bad range or list, values
 *         outside the parameter's range, a design that cannot be made: grid without
 *         steps, points with grid, Sobol beyond 40 dimensions, ...); CSIM_ENOMEM.
 */
csim_status csim_sweep_load(csim_sweep *sw, const char *path);

/** Free what the sweep owns; safe on a zeroed or destroyed sweep, idempotent. */
void csim_sweep_destroy(csim_sweep *sw);

/**
 * Make the sweep's design: one column per swept parameter, in file order.
 * \param seed    seeds the Latin hypercube (the resolved run seed of the sweep)
 * \param design  uninitialised; filled on success, left destroyed on failure
 * \return CSIM_OK; CSIM_EINVAL (the design cannot be made; csim_sweep_load rejects such
 *         files first); CSIM_ENOMEM.
 */
csim_status csim_sweep_design(const csim_sweep *sw, uint64_t seed, csim_design *design);

/**
 * Value of swept parameter `j` at design coordinate `u` (see the file comment); always
 * inside the parameter's range and integral for int parameters. Cannot fail.
 */
double csim_sweep_value(const csim_sweep *sw, size_t j, double u);

/**
 * Write "name=value" for swept parameter `j` at `value` into `buf`, the value in the
 * shortest text that reads back to the same double (integers without a point).
 * \return characters needed, like snprintf.
 */
int csim_sweep_override(const csim_sweep *sw, size_t j, double value, char *buf, size_t size);

#endif /* CSIM_SCENARIOS_SWEEP_H */
