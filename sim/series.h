/**
 * \file sim/series.h
 * A year-indexed step function: the value set for a year holds until the next year that
 * is set. Scenario timelines (programme budget, number of mini-clusters, hub demand
 * under relocation) are series, written in YAML as a mapping `{2005: 10, 2007: 6}`.
 */
#ifndef CSIM_SIM_SERIES_H
#define CSIM_SIM_SERIES_H

#include <stddef.h>

#define CSIM_SERIES_MAX 32 /**< points per series; a scenario timeline needs far fewer */

typedef struct csim_series {
    size_t n;                        /**< points in use, 0..CSIM_SERIES_MAX            */
    int year[CSIM_SERIES_MAX];       /**< strictly increasing calendar years           */
    double value[CSIM_SERIES_MAX];   /**< value from year[i] until year[i+1] - 1        */
} csim_series;

/**
 * Value of the series at calendar time `year` (fractional years allowed: 2007.5 is in
 * 2007). Before the first point the first value holds; an empty series gives
 * `fallback`. Cannot fail; thread-safe; O(n).
 */
double csim_series_at(const csim_series *series, double year, double fallback);

#endif /* CSIM_SIM_SERIES_H */
