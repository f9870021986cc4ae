/* Tests of analysis/calibration/targets: the calibration targets behind `clustersim validate` and
 * `clustersim calibrate`. Known answers for the replicate summary (mean, 95% t-interval,
 * verdict) and for the calibration distance; the loader's messages name file and line;
 * and the target value read from a run is the December value of the observable. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/calibration/targets.h"
#include "model/observables.h"
#include "model/params.h"
#include "model/sim.h"
#include "tests/support/model_fixture.h"
#include "tests/support/test_support.h"

TestSuite(targets, .init = csim_test_quiet_libraries);

static csim_target make_target(double value, double tolerance, double tolerance_abs) {
    csim_target t;
    memset(&t, 0, sizeof t);
    t.year = 2005;
    t.value = value;
    t.tolerance = tolerance;
    t.tolerance_abs = tolerance_abs;
    return t;
}

/* ---- the replicate summary ------------------------------------------------------------ */

Test(targets, evaluate_mean_and_t_interval_known_answer) {
    const csim_target t = make_target(3.5, NAN, 0.5);
    const double values[5] = {1, 2, 3, 4, 5};
    const csim_target_result r = csim_target_evaluate(&t, values, 5);
    cr_assert_eq(r.n, 5);
    cr_assert_float_eq(r.mean, 3.0, 1e-15);
    /* s = sqrt(2.5), t(0.975, 4) = 2.7764451052, half width = t s / sqrt(5). */
    cr_assert_float_eq(r.half_width, 2.7764451052 * sqrt(2.5) / sqrt(5.0), 1e-9);
    cr_assert(r.pass, "|3 - 3.5| = 0.5 is at the edge of tolerance 0.5: a pass");
}

Test(targets, evaluate_relative_tolerance_and_fail) {
    const csim_target t = make_target(100.0, 0.2, NAN); /* pass within [80, 120] */
    const double inside[2] = {79.0, 83.0};             /* mean 81 */
    const double outside[2] = {75.0, 80.0};            /* mean 77.5 */
    cr_assert(csim_target_evaluate(&t, inside, 2).pass);
    cr_assert_not(csim_target_evaluate(&t, outside, 2).pass);
}

Test(targets, evaluate_skips_missing_values) {
    const csim_target t = make_target(2.0, NAN, 1.0);
    const double values[4] = {NAN, 1.0, NAN, 3.0};
    const csim_target_result r = csim_target_evaluate(&t, values, 4);
    cr_assert_eq(r.n, 2);
    cr_assert_float_eq(r.mean, 2.0, 1e-15);
    const double none[2] = {NAN, NAN};
    const csim_target_result empty = csim_target_evaluate(&t, none, 2);
    cr_assert_eq(empty.n, 0);
    cr_assert_not(empty.pass, "a target no replicate measured never passes");
    const double one[1] = {2.0};
    cr_assert(isnan(csim_target_evaluate(&t, one, 1).half_width), "no interval from one value");
}

/* ---- the calibration distance ---------------------------------------------------------- */

static double distance_at(double mean) {
    csim_target t = make_target(10.0, NAN, 1.0);
    csim_targets ts = {1, &t};
    const double values[2] = {mean - 0.25, mean + 0.25};
    return csim_targets_distance(&ts, values, 2);
}

Test(targets, distance_known_answers) {
    cr_assert_float_eq(distance_at(10.0), 0.0, 1e-12);
    cr_assert_float_eq(distance_at(10.5), 0.25, 1e-12, "z = 0.5: z^2, no excess");
    cr_assert_float_eq(distance_at(12.0), 4.0 + 10.0 * 1.2 * 1.2, 1e-12, "z = 2: 4 + 10 * 1.2^2");
    cr_assert_float_eq(distance_at(30.0), 50.0, 1e-12, "z = 20: both terms capped at 25");
    cr_assert_float_eq(distance_at(8.0), distance_at(12.0), 1e-12, "symmetric in z");
    /* The mean over targets, and a missing target counts z = 5. */
    csim_target two[2] = {make_target(10.0, NAN, 1.0), make_target(5.0, 0.1, NAN)};
    csim_targets ts = {2, two};
    const double values[4] = {10.5, 10.5, NAN, NAN};
    cr_assert_float_eq(csim_targets_distance(&ts, values, 2), (0.25 + 50.0) / 2.0, 1e-12);
}

Test(targets, distance_punishes_one_failure_more_than_spread_error) {
    /* Ten targets each at z = 0.7 (all pass) must beat nine at z = 0 and one at z = 1.5
     * (one fails): the reason the excess term exists. */
    csim_target t[10];
    double spread[20], one_bad[20];
    for (size_t k = 0; k < 10; ++k) {
        t[k] = make_target(0.0, NAN, 1.0);
        spread[2 * k] = spread[2 * k + 1] = 0.7;
        one_bad[2 * k] = one_bad[2 * k + 1] = k == 0 ? 1.5 : 0.0;
    }
    csim_targets ts = {10, t};
    cr_assert_lt(csim_targets_distance(&ts, spread, 2), csim_targets_distance(&ts, one_bad, 2));
}

/* ---- the loader --------------------------------------------------------------------------- */

static csim_status load_text(csim_targets *ts, const char *name, const char *text, char *path,
                             size_t size) {
    char dir[512];
    csim_test_scratch_dir(dir, sizeof dir, name);
    snprintf(path, size, "%s/targets.yaml", dir);
    cr_assert_eq(csim_test_write_file(path, text), 0);
    return csim_targets_load(ts, path);
}

Test(targets, load_reads_observables_statistics_and_tolerances) {
    char path[600];
    csim_targets ts;
    const csim_status st = load_text(&ts, "targets_load", "targets:\n"
        "  - {name: MCs 2006, observable: mc_active, year: 2006, value: 9, tolerance_abs: 0}\n"
        "  - {name: electronics, observable: sector_firm_share, index: electronics, year: 2005, value: 0.314, tolerance: 0.15}\n"
        "  - {name: first org, statistic: first_org_founding_year, value: 2008, tolerance_abs: 2}\n",
        path, sizeof path);
    cr_assert_eq(st, CSIM_OK, "%s", csim_last_error());
    cr_assert_eq(ts.n, 3);
    cr_assert_str_eq(ts.items[0].observable, "mc_active");
    cr_assert_eq(ts.items[0].year, 2006);
    cr_assert_float_eq(ts.items[0].tolerance_abs, 0.0, 0.0);
    cr_assert(isnan(ts.items[0].tolerance));
    cr_assert_str_eq(ts.items[1].index, "electronics");
    cr_assert_float_eq(ts.items[1].tolerance, 0.15, 1e-15);
    cr_assert_str_eq(ts.items[2].statistic, "first_org_founding_year");
    cr_assert_eq(ts.items[2].line, 4);
    csim_targets_destroy(&ts);
    csim_targets_destroy(&ts); /* idempotent */
}

Test(targets, load_errors_name_file_line_and_what_was_expected) {
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"targets:\n  - {name: x, observable: no_such_thing, year: 2006, value: 1, tolerance: 0.1}\n",
         "no_such_thing"},
        {"targets:\n  - {name: x, observable: mc_active, year: soon, value: 1, tolerance: 0.1}\n",
         "expected a calendar year"},
        {"targets:\n  - {name: x, observable: mc_active, year: 2006, value: 1}\n", "tolerance"},
        {"targets:\n  - {name: x, statistic: luck, value: 1, tolerance: 0.1}\n", "unknown statistic"},
        {"targets:\n  - {name: x, statistic: luck, value: 1, tolerance: 0.1}\n",
         "expected one of first_org_founding_year, first_org_founding_members, "
         "first_association_year, first_site_year"},
        {"targets:\n  - {name: x, observable: mc_active, yaer: 2006, value: 1, tolerance: 0.1}\n",
         "unknown target key 'yaer'"},
        {"just: text\n", "expected a mapping with a 'targets:' list"},
        {"targets: [\n", "invalid YAML"},
        /* A key given twice: libyaml keeps both and a reader would keep one silently. */
        {"targets:\n  - {name: x, observable: mc_active, year: 2006, value: 1, value: 2, tolerance: 0.1}\n",
         ":2:60: key 'value' is given twice (first at line 2); expected each key once"},
        {"targets:\n  - {name: x, observable: mc_active, year: 2006, value: 1, tolerance: 0.1}\n"
         "targets: []\n",
         ":3:1: key 'targets' is given twice (first at line 1)"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; ++c) {
        char path[600];
        csim_targets ts;
        const csim_status st = load_text(&ts, "targets_errors", cases[c].text, path, sizeof path);
        cr_assert_eq(st, CSIM_EPARSE, "case %zu: status %d (%s)", c, (int) st, csim_last_error());
        cr_assert(strstr(csim_last_error(), path) != NULL, "case %zu: no file in '%s'", c,
                  csim_last_error());
        cr_assert(strstr(csim_last_error(), cases[c].want) != NULL, "case %zu: '%s' lacks '%s'", c,
                  csim_last_error(), cases[c].want);
        csim_targets_destroy(&ts);
    }
}

/* ---- values read from a run ----------------------------------------------------------------- */

Test(targets, observable_target_is_the_december_value) {
    char path[600];
    csim_targets ts;
    cr_assert_eq(load_text(&ts, "targets_december",
                           "targets:\n  - {name: firms, observable: firms_alive, year: 2004, value: 1, tolerance: 1}\n",
                           path, sizeof path),
                 CSIM_OK, "%s", csim_last_error());
    csim_params p;
    csim_params_defaults(&p);
    p.run_steps = 30;
    csim_sim *sim = csim_test_sim(&p, 0);
    const size_t width = csim_observables_row_width();
    double *history = malloc((size_t) p.run_steps * width * sizeof *history);
    cr_assert_not_null(history);
    for (long m = 0; m < p.run_steps; ++m) {
        cr_assert_eq(csim_sim_step(sim), CSIM_OK, "%s", csim_last_error());
        memcpy(history + (size_t) m * width, csim_sim_observables(sim), width * sizeof *history);
    }
    /* December 2004 is month 23 of a run starting in January 2003. */
    const double v = csim_target_value(&ts.items[0], sim, history, p.run_steps, width);
    cr_assert_float_eq(v, history[23 * width + ts.items[0].column], 0.0);
    cr_assert_gt(v, 0.0);
    /* A year the run has not reached gives NaN, not a stale value. */
    ts.items[0].year = 2005;
    cr_assert(isnan(csim_target_value(&ts.items[0], sim, history, p.run_steps, width)));
    free(history);
    csim_sim_free(&sim);
    csim_targets_destroy(&ts);
}

/* ---- time splits and whole-file error reports --------------------------------------------- */

Test(targets, select_years_keeps_the_targets_of_those_years) {
    char path[600];
    csim_targets ts;
    cr_assert_eq(load_text(&ts, "targets_years", "targets:\n"
        "  - {name: a, observable: firms_alive, year: 2005, value: 1, tolerance: 1}\n"
        "  - {name: b, observable: firms_alive, year: 2009, value: 1, tolerance: 1}\n"
        "  - {name: c, statistic: first_org_founding_year, value: 2008, tolerance_abs: 2}\n"
        "  - {name: d, statistic: first_org_founding_members, year: 2010, value: 11, tolerance: 0.5}\n"
        "  - {name: e, observable: firms_alive, year: 1950, value: 1, tolerance: 1}\n"
        "  - {name: f, statistic: first_association_year, value: 2010, tolerance_abs: 1}\n"
        "  - {name: g, statistic: first_site_year, value: 2012, tolerance_abs: 1}\n",
        path, sizeof path), CSIM_OK, "%s", csim_last_error());
    cr_assert_eq(ts.items[2].year, 2008, "first_org_founding_year belongs to its value's year");
    cr_assert_eq(ts.items[3].year, 2010, "an explicit year of a statistic");
    cr_assert_eq(ts.items[5].year, 2010, "so does first_association_year");
    cr_assert_eq(ts.items[6].year, 2012, "and first_site_year");
    cr_assert_eq(csim_targets_select_years(&ts, 2008, 2010, path), CSIM_OK, "%s", csim_last_error());
    cr_assert_eq(ts.n, 4);
    cr_assert_str_eq(ts.items[0].name, "b");
    cr_assert_str_eq(ts.items[1].name, "c");
    cr_assert_str_eq(ts.items[2].name, "d");
    cr_assert_str_eq(ts.items[3].name, "f");
    cr_assert_eq(csim_targets_select_years(&ts, 2020, 2030, path), CSIM_EINVAL);
    cr_assert(strstr(csim_last_error(), "no target of the years 2020 to 2030") != NULL, "%s",
              csim_last_error());
    csim_targets_destroy(&ts);
}

Test(targets, select_years_refuses_a_statistic_without_a_year) {
    char path[600];
    csim_targets ts;
    cr_assert_eq(load_text(&ts, "targets_years_none", "targets:\n"
        "  - {name: a, observable: firms_alive, year: 2005, value: 1, tolerance: 1}\n"
        "  - {name: members, statistic: first_org_founding_members, value: 11, tolerance: 0.5}\n",
        path, sizeof path), CSIM_OK, "%s", csim_last_error());
    cr_assert_eq(csim_targets_select_years(&ts, 2005, 2008, path), CSIM_EPARSE);
    cr_assert(strstr(csim_last_error(), ":3: key 'year'") != NULL, "%s", csim_last_error());
    cr_assert_eq(ts.n, 2, "nothing removed on failure");
    csim_targets_destroy(&ts);
}

Test(targets, load_reports_every_unknown_quantity_with_line_and_key) {
    char path[600];
    csim_targets ts;
    const csim_status st = load_text(&ts, "targets_unknowns", "targets:\n"
        "  - {name: ok, observable: firms_alive, year: 2005, value: 1, tolerance: 1}\n"
        "  - {name: a, observable: no_such_series, year: 2005, value: 1, tolerance: 1}\n"
        "  - {name: b, statistic: luck, value: 1, tolerance: 1}\n"
        "  - {name: c, observable: size_class_share, index: giant, year: 2005, value: 1, tolerance: 1}\n"
        "  - {name: d, observable: firms_alive, year: 2005, value: 1, tolerance: 1, colour: red}\n",
        path, sizeof path);
    cr_assert_eq(st, CSIM_EPARSE);
    const char *msg = csim_last_error();
    char want[700];
    snprintf(want, sizeof want, "%s:3:27: key 'observable'", path);
    cr_assert(strstr(msg, want) != NULL, "'%s' lacks '%s'", msg, want);
    snprintf(want, sizeof want, "%s:4:26: key 'statistic'", path);
    cr_assert(strstr(msg, want) != NULL, "'%s' lacks '%s'", msg, want);
    snprintf(want, sizeof want, "%s:5:", path);
    cr_assert(strstr(msg, want) != NULL && strstr(msg, "key 'index'") && strstr(msg, "'giant'"),
              "'%s' lacks the index problem", msg);
    cr_assert(strstr(msg, "unknown target key 'colour'") != NULL, "%s", msg);
    cr_assert(strstr(msg, "no_such_series") && strstr(msg, "luck"), "%s", msg);
    csim_targets_destroy(&ts);
}
