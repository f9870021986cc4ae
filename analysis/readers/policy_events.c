#include "analysis/readers/policy_events.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The value text of `key` at the start of a line ("key: value"), or NULL. */
static const char *value_of(const char *yaml, const char *key) {
    const size_t len = strlen(key);
    for (const char *p = yaml; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
        if (strncmp(p, key, len) == 0 && p[len] == ':') {
            const char *v = p + len + 1;
            while (*v == ' ') {
                ++v;
            }
            return v;
        }
    }
    return NULL;
}

size_t csim_policy_schedule(const char *resolved_yaml, const char *key, int *years,
                            double *values, size_t cap) {
    const char *p = resolved_yaml ? value_of(resolved_yaml, key) : NULL;
    char *end = NULL;
    if (!p || cap == 0) {
        return 0;
    }
    if (*p != '{') {
        /* A constant: one entry from the beginning. */
        const double v = strtod(p, &end);
        if (end == p) {
            return 0;
        }
        years[0] = 0;
        values[0] = v;
        return 1;
    }
    ++p;
    size_t n = 0;
    while (*p && *p != '}' && *p != '\n' && n < cap) {
        const long year = strtol(p, &end, 10);
        if (end == p || year < 0 || year > 100000) {
            return 0;
        }
        p = end;
        while (*p == ' ' || *p == ':') {
            ++p;
        }
        const double value = strtod(p, &end);
        if (end == p) {
            return 0;
        }
        p = end;
        while (*p == ' ' || *p == ',') {
            ++p;
        }
        years[n] = (int) year;
        values[n++] = value;
    }
    return n;
}

/* Append an event unless `cap` is reached. */
static void add(csim_policy_event *events, size_t *n, size_t cap, int year, const char *fmt,
                double value) {
    if (*n < cap) {
        events[*n].year = year;
        snprintf(events[*n].what, sizeof events[*n].what, fmt, value);
        ++*n;
    }
}

size_t csim_policy_events(const char *resolved_yaml, csim_policy_event *events, size_t cap) {
    int years[CSIM_POLICY_MAX_SCHEDULE];
    double budget[CSIM_POLICY_MAX_SCHEDULE];
    const size_t n_budget = csim_policy_schedule(resolved_yaml, "policy.budget", years, budget,
                                                 CSIM_POLICY_MAX_SCHEDULE);
    size_t n = 0;
    double prev = 0.0;
    int first_money = 0, stop = 0;
    for (size_t k = 0; k < n_budget; ++k) {
        const double b = budget[k];
        if (prev <= 0.0 && b > 0.0) {
            add(events, &n, cap, years[k], "programme starts (%g a year)", b);
            first_money = first_money ? first_money : years[k];
        } else if (prev > 0.0 && b <= 0.0) {
            add(events, &n, cap, years[k], "funding stops", 0.0);
            stop = years[k];
        } else if (prev > 0.0 && b < prev) {
            add(events, &n, cap, years[k], "budget cut to %g", b);
        } else if (prev > 0.0 && b > prev) {
            add(events, &n, cap, years[k], "budget raised to %g", b);
        }
        prev = b;
    }
    /* Fees count only while the programme has money: a fee rule after the stop, or in a
     * scenario without a programme, changes nothing. */
    int at[1];
    double fee_year = 0.0, fee_share = 0.0;
    if (csim_policy_schedule(resolved_yaml, "policy.fee_year", at, &fee_year, 1) == 1 &&
        csim_policy_schedule(resolved_yaml, "policy.fee_share", at, &fee_share, 1) == 1 &&
        fee_share > 0.0 && first_money && (int) fee_year >= first_money &&
        (!stop || (int) fee_year < stop)) {
        add(events, &n, cap, (int) fee_year, "member fees (%g of the MC subsidy)", fee_share);
    }
    /* Year order (insertion sort: a handful of events, kept stable). */
    for (size_t i = 1; i < n; ++i) {
        const csim_policy_event e = events[i];
        size_t j = i;
        while (j > 0 && events[j - 1].year > e.year) {
            events[j] = events[j - 1];
            --j;
        }
        events[j] = e;
    }
    return n;
}
