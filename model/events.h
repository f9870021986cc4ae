/**
 * \file model/events.h
 * The event log of a run: firm entry and exit, WG and organisation founding and
 * dissolution, policy events and shocks. Events of one step are buffered here and
 * drained by the trajectory writer after the step.
 */
#ifndef CSIM_MODEL_EVENTS_H
#define CSIM_MODEL_EVENTS_H

#include <stddef.h>
#include <stdint.h>

#include "sim/error.h"

typedef enum {
    CSIM_EVENT_FIRM_ENTRY, CSIM_EVENT_FIRM_SPINOFF, CSIM_EVENT_FIRM_EXIT,
    CSIM_EVENT_MC_OPEN, CSIM_EVENT_MC_MERGE, CSIM_EVENT_MC_CLOSE,
    CSIM_EVENT_WG_FOUND, CSIM_EVENT_WG_DISSOLVE,
    CSIM_EVENT_ORG_FOUND, CSIM_EVENT_ORG_STAGE, CSIM_EVENT_ORG_DISSOLVE,
    CSIM_EVENT_BUDGET, CSIM_EVENT_FEE_RULE, CSIM_EVENT_HUB_DEMAND,
    CSIM_N_EVENT_KINDS
} csim_event_kind;

extern const char *const csim_event_kind_names[CSIM_N_EVENT_KINDS];

/** One event: what, when, who (actor or -1), which body (MC/WG/org id or -1), a value. */
typedef struct csim_event {
    int64_t step;     /**< step in which it happened                                   */
    int64_t kind;     /**< csim_event_kind                                             */
    int64_t agent;    /**< actor concerned, or -1                                      */
    int64_t body;     /**< MC slot, WG id or organisation id concerned, or -1          */
    double value;     /**< members at founding, new budget, demand index, ... (or NaN) */
} csim_event;

typedef struct csim_events {
    size_t n, capacity;   /**< used / allocated                      */
    csim_event *items;    /**< events of the current step, in order  */
    size_t total;         /**< events logged since the run started   */
} csim_events;

/** Log an event (serial). CSIM_ENOMEM. */
csim_status csim_events_add(csim_events *events, int64_t step, csim_event_kind kind,
                            int64_t agent, int64_t body, double value);
/** Forget the buffered events (after they were written). */
void csim_events_clear(csim_events *events);
/** Free; safe on zeroed. */
void csim_events_destroy(csim_events *events);

#endif /* CSIM_MODEL_EVENTS_H */
