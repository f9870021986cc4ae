#include "model/events.h"

#include <stdlib.h>
#include <string.h>

#include "sim/grow.h"

/* One column of CSIM_EVENT_LIST each. */
#define CSIM_X_RECORDED(name, recorded, agent, body, value) recorded,
#define CSIM_X_AGENT(name, recorded, agent, body, value) agent,
#define CSIM_X_BODY(name, recorded, agent, body, value) body,
#define CSIM_X_VALUE(name, recorded, agent, body, value) value,
const char *const csim_event_kind_names[CSIM_N_EVENT_KINDS] = {CSIM_EVENT_LIST(CSIM_X_RECORDED)};
const char *const csim_event_agent_meanings[CSIM_N_EVENT_KINDS] = {CSIM_EVENT_LIST(CSIM_X_AGENT)};
const char *const csim_event_body_meanings[CSIM_N_EVENT_KINDS] = {CSIM_EVENT_LIST(CSIM_X_BODY)};
const char *const csim_event_value_meanings[CSIM_N_EVENT_KINDS] = {CSIM_EVENT_LIST(CSIM_X_VALUE)};
#undef CSIM_X_RECORDED
#undef CSIM_X_AGENT
#undef CSIM_X_BODY
#undef CSIM_X_VALUE

csim_status csim_events_add(csim_events *events, int64_t step, csim_event_kind kind,
                            int64_t agent, int64_t body, double value) {
    if (csim_grow(&events->items, &events->capacity, events->n + 1, sizeof *events->items) !=
        CSIM_OK) {
        return CSIM_FAIL(CSIM_ENOMEM, "event log of %zu events", events->n + 1);
    }
    events->items[events->n++] = (csim_event){step, (int64_t) kind, agent, body, value};
    events->total++;
    return CSIM_OK;
}

void csim_events_clear(csim_events *events) {
    events->n = 0;
}

void csim_events_destroy(csim_events *events) {
    free(events->items);
    memset(events, 0, sizeof *events);
}
