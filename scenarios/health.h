/**
 * \file scenarios/health.h
 * Health-check batteries for `clustersim diagnose` (scenarios/health.yaml is the one
 * shipped; users write their own): which levers to move over which grid, what each run
 * is measured by, which direction the response must take, the scale-invariance rates,
 * the extreme conditions and the target-spread criterion. docs/VALIDATION.md ("Health
 * check") explains the checks; the shipped file explains every key in its comments.
 *
 * A lever moves one or more parameters together by one grid value g:
 *  - an int or double parameter is set to g;
 *  - a series (policy.budget, market.hub_demand_lg, ...) has every value multiplied by
 *    g, so its timeline keeps its shape and g = 1 is the scenario as written;
 *  - a vector component (policy.split.brokers) is set to the share g and the other
 *    components are rescaled so that the vector's sum is unchanged: the same money,
 *    reallocated.
 * Every value is set through the `--set` path (csim_scenario_load overrides), so range
 * errors read as they do on the command line.
 *
 * A quantity is `times * sum(observable) / sum(per)` at a calendar year: December of it,
 * or the mean of its twelve months (`over: year`). Observables are named as in
 * /observables, vector components as name[component] (ties_by_origin[supply]).
 *
 * Everything is checked when the file is loaded; every message starts "FILE:LINE:COLUMN:"
 * and names the key. Thread-safety: reentrant.
 */
#ifndef CSIM_SCENARIOS_HEALTH_H
#define CSIM_SCENARIOS_HEALTH_H

#include <stdbool.h>
#include <stddef.h>

#include "sim/error.h"
#include "sim/schema.h"

#define CSIM_HEALTH_MAX_TERMS 8  /**< observables summed in one quantity */
#define CSIM_HEALTH_MAX_PARAMS 4 /**< parameters one lever moves         */

/** Direction a response must take as the lever grows. */
typedef enum { CSIM_HEALTH_ANY, CSIM_HEALTH_INCREASING, CSIM_HEALTH_DECREASING } csim_health_direction;

/** Name of a direction ("any", "increasing", "decreasing"). */
const char *csim_health_direction_name(csim_health_direction d);

/** One measured quantity of a run. */
typedef struct csim_health_quantity {
    char *name;                            /**< owned: human name                       */
    size_t terms[CSIM_HEALTH_MAX_TERMS];   /**< observable-row columns summed           */
    size_t n_terms;                        /**< >= 1                                    */
    size_t per[CSIM_HEALTH_MAX_TERMS];     /**< denominator columns (summed); may be none */
    size_t n_per;                          /**< 0: no denominator                       */
    double times;                          /**< multiplier (1 unless `times:`)          */
    int year;                              /**< calendar year                           */
    bool year_mean;                        /**< mean of the year's 12 months, else December */
    csim_health_direction monotone;        /**< lever responses only                    */
    size_t line;                           /**< 1-based line in the file                */
} csim_health_quantity;

/** One parameter a lever moves. */
typedef struct csim_health_target_param {
    const csim_param_desc *desc; /**< borrowed: its schema row                       */
    long component;              /**< vector component, or -1                        */
    char *name;                  /**< owned: as written (policy.split.brokers)       */
} csim_health_target_param;

/** A lever: parameters moved together over a grid, and the responses watched. */
typedef struct csim_health_lever {
    char *name;                                            /**< owned                    */
    csim_health_target_param params[CSIM_HEALTH_MAX_PARAMS]; /**< what moves              */
    size_t n_params;
    double *grid;            /**< owned: increasing grid values (full battery)          */
    size_t n_grid;           /**< >= 3                                                  */
    double *quick_grid;      /**< owned: the grid of --quick (the full grid when absent) */
    size_t n_quick_grid;
    char **set;              /**< owned: fixed overrides "key=value" of this lever's runs */
    size_t n_set;
    csim_health_quantity *responses; /**< owned                                         */
    size_t n_responses;      /**< >= 1                                                  */
    size_t line;
} csim_health_lever;

/** What an extreme condition expects of one quantity's monthly series. */
typedef enum {
    CSIM_HEALTH_ZERO,   /**< zero in every month from `from_year` to the end of the run */
    CSIM_HEALTH_EMPTIES, /**< reaches zero within `within_months` of January `from_year`
                             and stays zero to the end of the run (no resurrection)     */
    CSIM_HEALTH_FALLS   /**< falls to at most `to_share` x its value of December
                             `from_year` - 1 within `within_months` of January
                             `from_year`, and stays at or below that to the end of the run */
} csim_health_expect_kind;

typedef struct csim_health_expect {
    csim_health_expect_kind kind;
    csim_health_quantity q;  /**< its terms (year and per are unused)                   */
    int from_year;
    long within_months;      /**< EMPTIES and FALLS                                     */
    double to_share;         /**< FALLS: in (0, 1); 0 otherwise (EMPTIES is FALLS at 0)  */
    size_t line;
} csim_health_expect;

/** An extreme condition: overrides, then expectations. */
typedef struct csim_health_extreme {
    char *name;                  /**< owned                                             */
    char **set;                  /**< owned: overrides "key=value"                       */
    size_t n_set;
    csim_health_expect *expect;  /**< owned                                             */
    size_t n_expect;             /**< >= 1                                              */
    size_t line;
} csim_health_extreme;

/** A loaded, checked battery. Zeroed is a valid empty battery. */
typedef struct csim_health_battery {
    char *path;                 /**< owned: the file as given                           */
    size_t replicates;          /**< paired replicates per configuration, >= 2           */
    size_t quick_replicates;    /**< the same under --quick                              */
    double level;               /**< interval level (default 0.95)                       */
    double knife_step_multiple;     /**< a step is a knife edge when larger than this
                                         multiple of the median of the other steps ...  */
    double knife_interval_multiple; /**< ... and than this multiple of its own interval
                                         half-width                                     */
    csim_health_lever *levers;  /**< owned                                              */
    size_t n_levers;
    double *scales;             /**< owned: run.scale multipliers, the first the reference */
    size_t n_scales;
    double *quick_scales;       /**< owned: the same under --quick                       */
    size_t n_quick_scales;
    double scale_tolerance;     /**< relative tolerance of a rate against the reference  */
    csim_health_quantity *rates; /**< owned: scale-invariant rates                       */
    size_t n_rates;
    csim_health_extreme *extremes; /**< owned                                           */
    size_t n_extremes;
    char *targets_path;         /**< owned: targets file (relative to the battery), or NULL */
    double max_sd_per_tolerance; /**< spread check: between-seed s.d. <= this x tolerance */
} csim_health_battery;

/**
 * Read and check the battery `path`.
 * \param b  uninitialised; filled on success, left destroyed on failure
 * \return CSIM_OK; CSIM_EIO (unreadable); CSIM_EPARSE ("FILE:LINE:COLUMN: key '...':
 *         ..." for anything wrong: YAML syntax, unknown or duplicate key, unknown
 *         observable or parameter, a grid that is not increasing or has fewer than 3
 *         points, a value outside a parameter's range, ...); CSIM_ENOMEM.
 */
csim_status csim_health_load(csim_health_battery *b, const char *path);

/** Free; safe on a zeroed or destroyed battery, idempotent. */
void csim_health_destroy(csim_health_battery *b);

/**
 * Value of quantity `q` in a run whose observable rows are history[m * width + c] for
 * months m < months (month 0 is January of `start_year`): NaN when the year is not in
 * the run or the denominator is 0.
 */
double csim_health_quantity_value(const csim_health_quantity *q, const double *history,
                                  long months, size_t width, int start_year);

/** Sum of q's terms in month m (the series an extreme condition watches). */
double csim_health_terms_at(const csim_health_quantity *q, const double *history, long m,
                            size_t width);

/**
 * The override "name=value" that sets lever parameter `p` to grid value `g`, given the
 * base parameters `base` (a csim_params, for the series and vector being scaled).
 * \return CSIM_OK; CSIM_EINVAL (buffer too small).
 */
csim_status csim_health_lever_override(const csim_health_target_param *p, const void *base,
                                       double g, char *buf, size_t size);

#endif /* CSIM_SCENARIOS_HEALTH_H */
