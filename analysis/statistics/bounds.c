#include "analysis/statistics/bounds.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

csim_bounds csim_bounds_of(const char *name, const char *unit, const char *description) {
    if (!unit || unit[0] == '\0') {
        return CSIM_BOUNDS_REAL;
    }
    if (strcmp(unit, "1") != 0) {
        return CSIM_BOUNDS_NONNEGATIVE;
    }
    const bool share = (name && strstr(name, "share")) ||
                       (description && strncmp(description, "share of", 8) == 0);
    return share ? CSIM_BOUNDS_SHARE : CSIM_BOUNDS_REAL;
}

const char *csim_bounds_name(csim_bounds b) {
    switch (b) {
    case CSIM_BOUNDS_SHARE:
        return "share";
    case CSIM_BOUNDS_NONNEGATIVE:
        return "nonnegative";
    case CSIM_BOUNDS_REAL:
    default:
        return "real";
    }
}

/* Cut [s->lo, s->hi] to [lo, hi]; NaN (no interval) stays NaN. */
static void clip(csim_stats_summary *s, double lo, double hi) {
    if (isfinite(s->lo) && s->lo < lo) {
        s->lo = lo;
    }
    if (isfinite(s->hi) && s->hi > hi) {
        s->hi = hi;
    }
}

void csim_bounds_clip_value(csim_bounds b, csim_stats_summary *s) {
    if (b == CSIM_BOUNDS_SHARE) {
        clip(s, 0.0, 1.0);
    } else if (b == CSIM_BOUNDS_NONNEGATIVE) {
        clip(s, 0.0, INFINITY);
    }
}

void csim_bounds_clip_effect(csim_bounds b, csim_stats_summary *s) {
    if (b == CSIM_BOUNDS_SHARE) {
        clip(s, -1.0, 1.0);
    }
}
