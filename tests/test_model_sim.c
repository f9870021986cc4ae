/* Tests of the run's public contract (model/sim.h): argument rejection by csim_sim_create
 * (CSIM_EINVAL with *sim set to NULL), safe and idempotent csim_sim_free, no stepping past
 * run.steps, and the clock and accessors. */
#include <criterion/criterion.h>

#include <string.h>

#include "model/observables.h"
#include "model/sim.h"
#include "sim/rng.h"
#include "tests/support/model_fixture.h"
#include "tests/support/test_support.h"

TestSuite(model_sim, .init = csim_test_quiet_libraries);

static csim_params small(void) {
    csim_params p = csim_test_params(0.1, 3);
    return p;
}

/* csim_sim_create must fail with CSIM_EINVAL, name the problem, and set *sim to NULL even
 * when it held garbage. */
static void rejects(const csim_params *p, const char *fragment) {
    csim_sim *sim = (csim_sim *) &sim; /* not NULL: create must overwrite it */
    csim_clear_error();
    cr_assert_eq(csim_sim_create(&sim, p, 0), CSIM_EINVAL, "expected CSIM_EINVAL for %s", fragment);
    cr_assert_null(sim, "*sim not set to NULL after a failed create (%s)", fragment);
    cr_assert_not_null(strstr(csim_last_error(), fragment), "message '%s' does not mention '%s'",
                       csim_last_error(), fragment);
    csim_sim_free(&sim); /* safe on the NULL it left */
}

Test(model_sim, create_rejects_wg_min_size_above_size) {
    csim_params p = small();
    p.wg_size = 5;
    p.wg_min_size = 6;
    rejects(&p, "wg.min_size");
    p.wg_min_size = 5; /* equal is fine */
    csim_sim *sim = csim_test_sim(&p, 0);
    csim_sim_free(&sim);
}

Test(model_sim, create_rejects_project_p_min_above_p_max) {
    csim_params p = small();
    p.ties_project_p_min = 0.9;
    p.ties_project_p_max = 0.8;
    rejects(&p, "project_p_min");
}

Test(model_sim, create_rejects_all_zero_sector_shares) {
    csim_params p = small();
    memset(&p.population_sector_share, 0, sizeof p.population_sector_share);
    rejects(&p, "sector_share");
}

Test(model_sim, create_rejects_all_zero_size_class_shares) {
    csim_params p = small();
    memset(&p.population_size_class_share, 0, sizeof p.population_size_class_share);
    rejects(&p, "size_class_share");
}

Test(model_sim, create_rejects_scale_beyond_32_bit_ids) {
    csim_params p = small();
    p.run_scale = 1e5;
    p.population_initial_firms = 100000000;
    rejects(&p, "run.scale");
}

Test(model_sim, free_null_and_twice) {
    csim_sim_free(NULL);
    csim_sim *sim = NULL;
    csim_sim_free(&sim);
    const csim_params p = small();
    cr_assert_eq(csim_sim_create(&sim, &p, 0), CSIM_OK, "%s", csim_last_error());
    cr_assert_not_null(sim);
    csim_sim_free(&sim);
    cr_assert_null(sim, "free must null the pointer");
    csim_sim_free(&sim); /* double free through the nulled pointer is a no-op */
}

Test(model_sim, step_past_run_steps_is_rejected) {
    const csim_params p = small();
    csim_sim *sim = csim_test_sim(&p, 0);
    cr_assert_eq(csim_sim_steps_done(sim), 0);
    for (long t = 0; t < p.run_steps; ++t) {
        cr_assert_eq(csim_sim_step(sim), CSIM_OK, "step %ld: %s", t, csim_last_error());
        cr_assert_eq(csim_sim_steps_done(sim), t + 1);
    }
    const double alive = csim_sim_observables(sim)[csim_observables_table()[CSIM_OBS_firms_alive].offset];
    cr_assert_eq(csim_sim_step(sim), CSIM_EINVAL);
    cr_assert_eq(csim_sim_step(sim), CSIM_EINVAL, "and again");
    cr_assert_eq(csim_sim_steps_done(sim), p.run_steps, "a rejected step must not advance the clock");
    cr_assert_eq(csim_sim_observables(sim)[csim_observables_table()[CSIM_OBS_firms_alive].offset], alive,
                 "a rejected step must not touch the observables");
    csim_sim_free(&sim);
}

Test(model_sim, clock_and_accessors) {
    csim_params p = small();
    p.run_steps = 14;
    p.run_seed = 12345;
    csim_sim *sim = csim_test_sim(&p, 3);
    cr_assert_eq(csim_sim_seed(sim), csim_rng_replicate_seed(12345, 3));
    cr_assert_neq(csim_sim_seed(sim), csim_rng_replicate_seed(12345, 4));
    cr_assert_eq(memcmp(csim_sim_params(sim), &p, sizeof p), 0, "parameters are copied as given");
    p.run_steps = 1; /* the run keeps its own copy */
    cr_assert_eq(csim_sim_params(sim)->run_steps, 14);
    for (long t = 0; t < 14; ++t) {
        cr_assert_eq(csim_sim_step(sim), CSIM_OK);
    }
    /* Time of the last step done: start_year + (done - 1) / 12 = 2003 + 13/12. */
    cr_assert_float_eq(csim_sim_time(sim), 2003.0 + 13.0 / 12.0, 1e-12);
    csim_sim_free(&sim);
}

Test(model_sim, observables_table_is_consistent) {
    const csim_observable_desc *t = csim_observables_table();
    size_t offset = 0;
    for (size_t o = 0; o < CSIM_N_OBSERVABLES; ++o) {
        cr_assert_eq(t[o].offset, offset, "observable %s", t[o].name);
        cr_assert_geq(t[o].width, 1);
        cr_assert_eq(t[o].width > 1, t[o].names != NULL, "observable %s: names iff a vector", t[o].name);
        offset += t[o].width;
    }
    cr_assert_eq(csim_observables_row_width(), offset);
}

#include "model/streams.h"

/* Stream purposes are numbered once in model/streams.h: two purposes with one number
 * would share their draws, and two fixed draws with one (purpose, n) would be the same
 * random number used for two decisions. */
Test(model_sim, stream_purposes_and_draw_slots_are_distinct) {
    static const unsigned purpose[] = {
#define X(name, number, doc) number,
        CSIM_STREAM_LIST(X)
#undef X
    };
    static const unsigned draw_purpose[] = {
#define X(name, stream, n, doc) CSIM_STREAM_##stream,
        CSIM_DRAW_LIST(X)
#undef X
    };
    static const unsigned draw_n[] = {
#define X(name, stream, n, doc) n,
        CSIM_DRAW_LIST(X)
#undef X
    };
    const size_t n_purpose = sizeof purpose / sizeof *purpose;
    const size_t n_draw = sizeof draw_n / sizeof *draw_n;
    cr_assert_eq(n_purpose, 24, "purposes are appended, never removed");
    for (size_t a = 0; a < n_purpose; ++a) {
        cr_assert_eq(purpose[a], a + 1, "purpose %zu renumbered to %u", a + 1, purpose[a]);
    }
    for (size_t a = 0; a < n_draw; ++a) {
        for (size_t b = a + 1; b < n_draw; ++b) {
            cr_assert(draw_purpose[a] != draw_purpose[b] || draw_n[a] != draw_n[b],
                      "draw slots %zu and %zu are the same draw", a, b);
        }
    }
    /* The slots are the numbers the phases always used (the merger loss, spin-off parent
     * and entrant's supply tie), so recorded results keep their draws. */
    cr_assert_eq(CSIM_DRAW_MEMBERSHIP_MERGER_STAY, 100);
    cr_assert_eq(CSIM_DRAW_MEMBERSHIP_MERGER_STAY_STREAM, CSIM_STREAM_MEMBERSHIP);
    cr_assert_eq(CSIM_DRAW_ENTRY_SPINOFF_PARENT, 1000);
    cr_assert_eq(CSIM_DRAW_ENTRY_SUPPLY_TIE, 1001);
    cr_assert_eq(CSIM_STREAM_WG_PROBLEM, 19);
    cr_assert_eq(CSIM_STREAM_ORG_FOUND, 20);
    cr_assert_eq(CSIM_STREAM_HARDWARE, 21);
}
