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

/* The event kinds, each declared once: X(NAME, recorded name, agent, body, value), the
 * last three saying what the columns agent, body and value of /events hold for that kind
 * ("-1": always -1). The enum, the names written to /events/kind's `names` attribute and
 * the attributes agent_meaning, body_meaning and value_meaning of /events (one entry per
 * kind, model/trajectory.c) follow from it. The codes are written to files: append,
 * never reorder. */
#define CSIM_EVENT_LIST(X)                                                                  \
    X(FIRM_ENTRY, "firm_entry", "the new firm (actor id)", "-1", "its employees")           \
    X(FIRM_SPINOFF, "firm_spinoff", "the new firm (actor id)", "-1", "its employees")       \
    X(FIRM_EXIT, "firm_exit", "the firm (actor id)", "-1", "its employees when it left")   \
    X(MC_OPEN, "mc_open", "-1", "MC slot",                                                  \
      "its main technology field (code: index into the names of "                          \
      "/particles/firms/knowledge/value)")                                                  \
    X(MC_MERGE, "mc_merge", "-1", "MC slot merged", "MC slot it was merged into")          \
    X(MC_CLOSE, "mc_close", "-1", "MC slot",                                                \
      "0: closed with the programme (target 0); 1: dropped under the fee rule (it raised "  \
      "none of its fees)")                                                                  \
    X(WG_FOUND, "wg_found", "the seed firm (actor id)", "WG id", "members at founding")     \
    X(WG_DISSOLVE, "wg_dissolve", "-1", "WG id", "0")                                       \
    X(ORG_FOUND, "org_found", "-1", "organisation id", "founding members")                  \
    X(ORG_STAGE, "org_stage", "-1", "organisation id", "new stage (1: association)")        \
    X(ORG_DISSOLVE, "org_dissolve", "-1", "organisation id", "0")                           \
    X(BUDGET, "budget", "-1", "-1",                                                         \
      "the year's programme budget, KRW million/year (times run.scale)")                    \
    X(FEE_RULE, "fee_rule", "-1", "-1", "1 when member fees start, 0 when they stop")       \
    X(HUB_DEMAND, "hub_demand", "-1", "business group (1 LG, 2 Samsung)",                   \
      "its new hub demand index")                                                           \
    X(ORG_DORMANT, "org_dormant", "-1", "organisation id",                                  \
      "1 when it falls dormant (treasury below zero), 0 when active again")                 \
    X(ORG_JOIN_WG, "org_join_wg", "-1", "organisation id",                                  \
      "committed firms of a WG of its field that joined it instead of founding")            \
    X(SITE_BUILT, "site_built", "-1", "cooperative id (a new organisation)",                \
      "lots subscribed")                                                                    \
    X(LINE_DEMAND, "line_demand", "-1",                                                     \
      "hub product line (1 display, 2 mobile, 3 components, 4 semiconductors)",             \
      "the line's new demand index")                                                        \
    X(BUYER_SWITCH, "buyer_switch", "the supplier (actor id)", "its new buyer (actor id)",  \
      "its former buyer (actor id); -1: an independent SME that qualified as a supplier")

typedef enum {
#define CSIM_X_EVENT(name, recorded, agent, body, value) CSIM_EVENT_##name,
    CSIM_EVENT_LIST(CSIM_X_EVENT)
#undef CSIM_X_EVENT
    CSIM_N_EVENT_KINDS
} csim_event_kind;

/** Recorded name of each kind (the `names` attribute of /events/kind). Static data. */
extern const char *const csim_event_kind_names[CSIM_N_EVENT_KINDS];
/** What agent, body and value hold for each kind (CSIM_EVENT_LIST). Static data. */
extern const char *const csim_event_agent_meanings[CSIM_N_EVENT_KINDS];
extern const char *const csim_event_body_meanings[CSIM_N_EVENT_KINDS];
extern const char *const csim_event_value_meanings[CSIM_N_EVENT_KINDS];

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
