/**
 * \file analysis/readers/policy_events.h
 * The programme's events of a scenario, read from the resolved scenario text a
 * trajectory records (/parameters/resolved_yaml, one "key: value" line per parameter),
 * so that figures can mark them: the programme starting, its budget cut or raised, the
 * funding stopping (policy.budget), and member fees starting (policy.fee_year with a
 * positive policy.fee_share while the programme runs).
 *
 * Thread-safety: reentrant; pure functions.
 */
#ifndef CSIM_ANALYSIS_POLICY_EVENTS_H
#define CSIM_ANALYSIS_POLICY_EVENTS_H

#include <stddef.h>

/** Most entries of one yearly schedule read here. */
#define CSIM_POLICY_MAX_SCHEDULE 64

/** One event: the calendar year it takes effect and what happens, in words. */
typedef struct csim_policy_event {
    int year;       /**< first year of the new state              */
    char what[64];  /**< e.g. "budget cut to 540", "funding stops" */
} csim_policy_event;

/**
 * The yearly schedule `key: {year: value, ...}` (or `key: value`, one entry at year 0)
 * of a resolved scenario text: up to `cap` years and values, in the text's order.
 * \return the number of entries; 0 when the key is absent or its value cannot be read.
 */
size_t csim_policy_schedule(const char *resolved_yaml, const char *key, int *years,
                            double *values, size_t cap);

/**
 * The events of a resolved scenario text, in year order, at most `cap` of them.
 * \return how many were written. Cannot fail (text it cannot read gives none).
 */
size_t csim_policy_events(const char *resolved_yaml, csim_policy_event *events, size_t cap);

#endif /* CSIM_ANALYSIS_POLICY_EVENTS_H */
