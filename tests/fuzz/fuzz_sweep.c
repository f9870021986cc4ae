/* Fuzz harness for the sweep-file loader (scenarios/sweep.h).
 *
 * The input is written as scratch/fuzz-sweep.yaml, next to copies of scenarios/NAME.yaml, so
 * that `base: gumi-baseline.yaml` names a real scenario. Properties checked besides "no
 * crash, no leak, no undefined behaviour":
 *  - a failure is one of the documented statuses (EPARSE, EIO, ENOMEM) with a message;
 *  - "the whole file is checked before anything runs" (README): for an accepted file of
 *    a small design, making the plan as `clustersim sweep` does (every point = the base
 *    scenario + `set:` + run.seed + the point's values, csim_ensemble_add_sweep) succeeds,
 *    and every swept value lies in its range (integral for int parameters). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenarios/ensemble/plan.h"
#include "scenarios/sweep.h"
#include "tests/fuzz/fuzz_support.h"

/* Plans up to this many points are made in full (each loads the base scenario, about a
 * millisecond); larger designs are only loaded, to keep the fuzzer fast. */
#define MAX_PLANNED_POINTS 64

/* Rows of the design the loader accepted; 0 when it is large (or cannot be counted). */
static size_t small_design_rows(const csim_sweep *sw) {
    size_t rows = 1;
    switch (sw->design) {
    case CSIM_DESIGN_GRID:
        for (size_t j = 0; j < sw->n_params; ++j) {
            const size_t levels = sw->params[j].is_list ? sw->params[j].n_values : sw->params[j].steps;
            if (levels == 0 || levels > MAX_PLANNED_POINTS / rows) {
                return 0;
            }
            rows *= levels;
        }
        return rows;
    case CSIM_DESIGN_SALTELLI:
        rows = sw->points * (sw->n_params + 2);
        return sw->points <= MAX_PLANNED_POINTS && rows <= MAX_PLANNED_POINTS ? rows : 0;
    default:
        return sw->points <= MAX_PLANNED_POINTS ? sw->points : 0;
    }
}

static void check_plan(const csim_sweep *sw) {
    csim_ensemble plan;
    char msg[512];

    if (small_design_rows(sw) == 0) {
        return;
    }
    csim_status st = csim_ensemble_init(&plan, csim_fuzz_dir(), sw->replicates);
    if (st == CSIM_OK) {
        st = csim_ensemble_add_sweep(&plan, sw, NULL, 0);
    }
    /* A point may break a rule between parameters that the base scenario keeps (wg.size
     * swept below the base's wg.min_size): the loader cannot see the base's values, so the
     * planner refuses with CSIM_EPARSE and names the point and the rule, before anything
     * runs (`clustersim sweep` exits 2). Any other refusal of an accepted file is a bug. */
    const bool point_breaks_a_rule =
        st == CSIM_EPARSE && strstr(csim_last_error(), ": point p") != NULL &&
        strstr(csim_last_error(), "expected") != NULL;
    if (st != CSIM_OK && st != CSIM_ENOMEM && !point_breaks_a_rule) {
        csim_fuzz_violation("an accepted sweep file cannot be planned", csim_last_error());
    }
    for (size_t p = 0; st == CSIM_OK && p < plan.design.n_points; ++p) {
        for (size_t j = 0; j < sw->n_params; ++j) {
            const csim_sweep_param *q = &sw->params[j];
            const double v = plan.values[p * sw->n_params + j];
            const bool is_int = q->desc->type == CSIM_PT_INT;
            if (!(v >= q->desc->min && v <= q->desc->max) || (is_int && v != floor(v))) {
                snprintf(msg, sizeof msg, "point %zu: %s = %.17g outside [%g, %g]%s", p, q->name,
                         v, q->desc->min, q->desc->max, is_int ? " or not whole" : "");
                csim_fuzz_violation("a swept value is outside its parameter's range", msg);
            }
        }
    }
    csim_ensemble_destroy(&plan);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char path[4096];
    csim_sweep sw;

    if (csim_fuzz_write("fuzz-sweep.yaml", data, size, path, sizeof path) != 0) {
        return 0;
    }
    const csim_status st = csim_sweep_load(&sw, path);
    if (st == CSIM_OK) {
        check_plan(&sw);
    } else {
        csim_fuzz_expect_load_failure(st, "sweep file: unexpected status");
    }
    csim_sweep_destroy(&sw);
    return 0;
}
