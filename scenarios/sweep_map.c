/* From a sweep's design coordinates to parameter values and --set overrides
 * (scenarios/sweep.h: csim_sweep_design, csim_sweep_value, csim_sweep_override). */
#include "scenarios/sweep.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

csim_status csim_sweep_design(const csim_sweep *sw, uint64_t seed, csim_design *design) {
    csim_status st = CSIM_OK;
    size_t *levels = NULL;

    memset(design, 0, sizeof *design);
    if (sw->n_params == 0) {
        return CSIM_FAIL(CSIM_EINVAL, "sweep has no parameters");
    }
    switch (sw->design) {
    case CSIM_DESIGN_GRID:
        levels = malloc(sw->n_params * sizeof *levels);
        if (!levels) {
            return CSIM_FAIL(CSIM_ENOMEM, "grid levels");
        }
        for (size_t j = 0; j < sw->n_params; ++j) {
            levels[j] = sw->params[j].is_list ? sw->params[j].n_values : sw->params[j].steps;
        }
        st = csim_design_grid(design, levels, sw->n_params);
        break;
    case CSIM_DESIGN_LATIN_HYPERCUBE:
        st = csim_design_latin_hypercube(design, sw->points, sw->n_params, seed);
        break;
    case CSIM_DESIGN_SOBOL:
        st = csim_design_sobol(design, sw->points, sw->n_params);
        break;
    case CSIM_DESIGN_SALTELLI:
        st = csim_design_saltelli(design, sw->points, sw->n_params);
        break;
    case CSIM_DESIGN_MORRIS:
        st = csim_design_morris(design, sw->points, sw->n_params, sw->levels, seed);
        break;
    default:
        st = CSIM_FAIL(CSIM_EINVAL, "unknown design %d", (int) sw->design);
        break;
    }
    free(levels);
    return st;
}

double csim_sweep_value(const csim_sweep *sw, size_t j, double u) {
    const csim_sweep_param *p = &sw->params[j];
    const bool is_int = p->desc->type == CSIM_PT_INT;
    double v = 0.0;

    u = u < 0.0 ? 0.0 : (u > 1.0 ? 1.0 : u);
    /* A Morris design's coordinates are levels k/(p-1) already: mapped as a grid's, so the
     * p levels are evenly spaced from min to max, endpoints included. */
    if (sw->design == CSIM_DESIGN_GRID || sw->design == CSIM_DESIGN_MORRIS) {
        if (p->is_list) {
            const size_t k = (size_t) lround(u * (double) (p->n_values - 1));
            return p->values[k < p->n_values ? k : p->n_values - 1];
        }
        /* (1 - u) min + u max is exactly min at u = 0 and exactly max at u = 1. */
        v = (1.0 - u) * p->min + u * p->max;
        if (is_int) {
            v = round(v);
        }
    } else {
        if (p->is_list) {
            size_t k = (size_t) floor(u * (double) p->n_values);
            return p->values[k < p->n_values ? k : p->n_values - 1];
        }
        v = is_int ? floor(p->min + u * (p->max - p->min + 1.0)) : p->min + u * (p->max - p->min);
    }
    return v < p->min ? p->min : (v > p->max ? p->max : v);
}

int csim_sweep_override(const csim_sweep *sw, size_t j, double value, char *buf, size_t size) {
    const csim_sweep_param *p = &sw->params[j];
    if (p->desc->type == CSIM_PT_INT) {
        return snprintf(buf, size, "%s=%.0f", p->name, value);
    }
    /* The shortest of %.15g, %.16g, %.17g that reads back to the same bits. */
    char text[64];
    for (int digits = 15; digits <= 17; ++digits) {
        snprintf(text, sizeof text, "%.*g", digits, value);
        if (strtod(text, NULL) == value) {
            break;
        }
    }
    return snprintf(buf, size, "%s=%s", p->name, text);
}
