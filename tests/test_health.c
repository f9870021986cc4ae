/* Tests of the health check behind `clustersim diagnose`: the battery loader
 * (scenarios/health.h: the shipped file loads; every error names file, line and key) and
 * the detectors (analysis/calibration/health_detect.h) on synthetic series with known answers:
 * monotonicity against paired intervals, knife edges, extreme conditions, scale
 * agreement; and how a lever writes its override. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/calibration/health_detect.h"
#include "model/observables.h"
#include "model/params.h"
#include "scenarios/health.h"
#include "sim/error.h"
#include "tests/support/test_support.h"

TestSuite(health, .init = csim_test_quiet_libraries);

/* ---- the loader ----------------------------------------------------------------------- */

/* A battery with one good lever; `extra` is appended at the top level, `lever_extra`
 * inside the lever. */
static const char *good_head =
    "replicates: 4\n"              /* 1 */
    "levers:\n"                    /* 2 */
    "  - name: budget\n"           /* 3 */
    "    parameters: policy.budget\n" /* 4 */
    "    grid: [0, 0.5, 1, 2]\n"  /* 5 */
    "    responses:\n"             /* 6 */
    "      - {name: members, observable: mc_members_total, year: 2008, monotone: increasing}\n"; /* 7 */

static csim_status load_text(const char *name, const char *text, csim_health_battery *b,
                             char *path, size_t size) {
    char dir[2048];
    csim_test_scratch_dir(dir, sizeof dir, "health");
    snprintf(path, size, "%s/%s", dir, name);
    cr_assert_eq(csim_test_write_file(path, text), 0);
    return csim_health_load(b, path);
}

/* Load `text`, expect CSIM_EPARSE and a message holding "PATH:LINE:" and `needle`. */
static void expect_error(const char *text, int line, const char *needle) {
    csim_health_battery b;
    char path[4096], where[4200];
    const csim_status st = load_text("bad.yaml", text, &b, path, sizeof path);
    cr_assert_eq(st, CSIM_EPARSE, "expected a parse error for:\n%s", text);
    snprintf(where, sizeof where, "%s:%d:", path, line);
    cr_assert(strstr(csim_last_error(), where), "message lacks '%s': %s", where, csim_last_error());
    cr_assert(strstr(csim_last_error(), needle), "message lacks '%s': %s", needle, csim_last_error());
    csim_health_destroy(&b); /* destroyed already; must be safe again */
}

/* A battery whose one extreme has the expectation `expect` (a flow mapping) must fail to
 * load at that expectation's line, 11, with `needle`. */
static void expect_extreme_error(const char *expect, const char *needle) {
    char text[2048];
    snprintf(text, sizeof text, "%sextremes:\n  - name: x\n    expect:\n      - %s\n", good_head,
             expect);
    expect_error(text, 11, needle);
}

Test(health, shipped_battery_loads_with_every_lever_of_the_issue) {
    char path[4096];
    csim_health_battery b;
    csim_test_source_path(path, sizeof path, "scenarios/health.yaml");
    cr_assert_eq(csim_health_load(&b, path), CSIM_OK, "%s", csim_last_error());
    cr_assert_geq(b.replicates, 2);
    cr_assert_geq(b.quick_replicates, 2);
    /* budget, fee share, broker share, WG grant, hardware, hub demand are all there. */
    const char *want[] = {"policy.budget", "policy.fee_share", "policy.split.brokers", "wg.grant",
                          "hardware.saving", "market.hub_demand_lg",
                          "market.hub_demand_samsung"};
    for (size_t w = 0; w < sizeof want / sizeof want[0]; ++w) {
        bool found = false;
        for (size_t i = 0; i < b.n_levers; ++i) {
            for (size_t p = 0; p < b.levers[i].n_params; ++p) {
                found = found || strcmp(b.levers[i].params[p].name, want[w]) == 0;
            }
            cr_assert_geq(b.levers[i].n_grid, 3);
            cr_assert_geq(b.levers[i].n_quick_grid, 3);
        }
        cr_assert(found, "no lever moves %s", want[w]);
    }
    cr_assert_eq(b.n_scales, 3);
    cr_assert_float_eq(b.scales[0], 1.0, 0);
    cr_assert_float_eq(b.scales[2], 10.0, 0);
    cr_assert_geq(b.n_rates, 5);
    cr_assert_eq(b.n_extremes, 3);
    cr_assert(b.targets_path && strstr(b.targets_path, "scenarios/targets.yaml"),
              "targets relative to the battery: %s", b.targets_path);
    csim_health_destroy(&b);
    csim_health_destroy(&b);
}

Test(health, a_good_battery_resolves_parameters_and_observables) {
    char path[4096], text[4096];
    csim_health_battery b;
    snprintf(text, sizeof text, "%s%s", good_head,
             "  - name: brokers\n"
             "    parameters: [policy.split.brokers]\n"
             "    grid: [0, 0.2, 0.4]\n"
             "    quick_grid: [0, 0.2, 0.4]\n"
             "    set: {policy.support: networking, policy.budget: {2003: 0, 2005: 900}}\n"
             "    responses:\n"
             "      - {name: ties, observable: [\"ties_by_origin[broker]\", ties_collab], per: firms_alive, times: 1000, year: 2010, over: year}\n");
    cr_assert_eq(load_text("good.yaml", text, &b, path, sizeof path), CSIM_OK, "%s", csim_last_error());
    cr_assert_eq(b.n_levers, 2);
    cr_assert_eq(b.levers[0].params[0].desc->type, CSIM_PT_SERIES);
    cr_assert_eq(b.levers[0].params[0].component, -1);
    cr_assert_eq(b.levers[0].n_quick_grid, 4, "quick grid defaults to the grid");
    cr_assert_eq(b.levers[0].responses[0].monotone, CSIM_HEALTH_INCREASING);
    const csim_health_lever *l = &b.levers[1];
    cr_assert_eq(l->params[0].desc->type, CSIM_PT_VEC);
    cr_assert_eq(l->params[0].component, 1, "brokers is the second part of policy.split");
    cr_assert_eq(l->n_set, 2);
    cr_assert_str_eq(l->set[0], "policy.support=networking");
    cr_assert_str_eq(l->set[1], "policy.budget={2003: 0, 2005: 900}");
    const csim_health_quantity *q = &l->responses[0];
    const csim_observable_desc *table = csim_observables_table();
    cr_assert_eq(q->n_terms, 2);
    cr_assert_eq(q->terms[0], table[CSIM_OBS_ties_by_origin].offset + 2, "broker is origin 2");
    cr_assert_eq(q->terms[1], table[CSIM_OBS_ties_collab].offset);
    cr_assert_eq(q->n_per, 1);
    cr_assert_float_eq(q->times, 1000.0, 0);
    cr_assert(q->year_mean);
    cr_assert_eq(q->monotone, CSIM_HEALTH_ANY);
    cr_assert_eq(b.replicates, 4);
    cr_assert_eq(b.quick_replicates, 4, "quick replicates default to replicates");
    csim_health_destroy(&b);
}

Test(health, loader_errors_name_file_line_and_key) {
    char text[4096];
    /* A misspelt key, with the nearest valid one. */
    snprintf(text, sizeof text, "%s    grdi: [1, 2, 3]\n", good_head);
    expect_error(text, 8, "unknown key 'grdi'; did you mean 'grid'?");
    /* An unknown observable, on its line. */
    expect_error("replicates: 4\nlevers:\n  - name: b\n    parameters: policy.budget\n"
                 "    grid: [0, 1, 2]\n    responses:\n"
                 "      - {name: m, observable: mc_membres, year: 2008}\n",
                 7, "key 'observable': unknown observable 'mc_membres'");
    /* A vector observable without its component. */
    expect_error("replicates: 4\nlevers:\n  - name: b\n    parameters: policy.budget\n"
                 "    grid: [0, 1, 2]\n    responses:\n"
                 "      - {name: m, observable: ties_by_origin, year: 2008}\n",
                 7, "is a vector; name a component");
    /* A grid that does not increase. */
    expect_error("replicates: 4\nlevers:\n  - name: b\n    parameters: policy.budget\n"
                 "    grid: [0, 2, 1]\n",
                 5, "key 'grid': values must increase");
    /* Too few points for a dose-response. */
    expect_error("replicates: 4\nlevers:\n  - name: b\n    parameters: policy.budget\n"
                 "    grid: [0, 1]\n    responses:\n"
                 "      - {name: m, observable: mc_active, year: 2008}\n",
                 5, "at least 3 grid points");
    /* A grid value outside the parameter's range. */
    expect_error("replicates: 4\nlevers:\n  - name: f\n    parameters: policy.fee_share\n"
                 "    grid: [0, 0.5, 1.5]\n    responses:\n"
                 "      - {name: m, observable: mc_active, year: 2008}\n",
                 5, "1.5 cannot be a value of 'policy.fee_share'");
    /* An unknown parameter, with a suggestion. */
    expect_error("replicates: 4\nlevers:\n  - name: f\n    parameters: policy.fee_shar\n",
                 4, "unknown parameter 'policy.fee_shar'; did you mean 'policy.fee_share'?");
    /* An enum cannot be a lever. */
    expect_error("replicates: 4\nlevers:\n  - name: f\n    parameters: policy.support\n",
                 4, "'policy.support' is of type enum");
    /* A bad direction. */
    expect_error("replicates: 4\nlevers:\n  - name: b\n    parameters: policy.budget\n"
                 "    grid: [0, 1, 2]\n    responses:\n"
                 "      - {name: m, observable: mc_active, year: 2008, monotone: upward}\n",
                 7, "key 'monotone': expected increasing, decreasing or any");
    /* A set value out of range: the scenario checker's message, at its position. */
    snprintf(text, sizeof text, "%s    set: {policy.fee_share: 2}\n", good_head);
    expect_error(text, 8, "policy.fee_share");
    /* A key twice. */
    expect_error("replicates: 4\nreplicates: 5\n", 2, "key 'replicates' is given twice (first at line 1)");
    /* One replicate cannot pair. */
    expect_error("replicates: 1\n", 1, "key 'replicates': expected a whole number from 2");
    /* An extreme expectation needs its kind; within_months goes with the kinds that have
     * a deadline, and to_share, in (0, 1), only with falls_from. */
    expect_extreme_error("{observable: mc_active}",
                         "expect: needs observable and one of zero_from, empty_from and falls_from");
    expect_extreme_error("{observable: mc_active, empty_from: 2012}",
                         "within_months goes with empty_from or falls_from");
    expect_extreme_error("{observable: mc_active, falls_from: 2012, within_months: 12}",
                         "to_share goes with falls_from");
    expect_extreme_error("{observable: mc_active, empty_from: 2012, within_months: 12, to_share: 0.5}",
                         "to_share goes with falls_from");
    expect_extreme_error("{observable: mc_active, falls_from: 2012, within_months: 12, to_share: 1}",
                         "key 'to_share': expected a share above 0 and below 1, got '1'");
    expect_extreme_error("{observable: mc_active, falls_from: 2012, zero_from: 2012}",
                         "give one of zero_from, empty_from and falls_from");
    /* A required key missing. */
    expect_error("replicates: 4\nlevers:\n  - name: b\n    grid: [0, 1, 2]\n", 3,
                 "lever: needs name, parameters, grid and responses");
    /* Broken YAML. */
    expect_error("replicates: [4\n", 2, "invalid YAML");
}

Test(health, a_missing_file_is_an_io_error_naming_it) {
    csim_health_battery b;
    cr_assert_eq(csim_health_load(&b, "/nonexistent/health.yaml"), CSIM_EIO);
    cr_assert(strstr(csim_last_error(), "/nonexistent/health.yaml"));
}

/* ---- lever overrides and quantities --------------------------------------------------- */

Test(health, lever_overrides_scale_series_and_share_vectors) {
    csim_params p;
    cr_assert_eq(csim_params_defaults(&p), CSIM_OK);
    const csim_schema *schema = csim_params_schema();
    char buf[1024];
    /* A series: every value times the factor. */
    csim_health_target_param budget = {csim_schema_find(schema, "policy.budget"), -1, "policy.budget"};
    p.policy_budget.n = 3;
    p.policy_budget.year[0] = 2003, p.policy_budget.value[0] = 0;
    p.policy_budget.year[1] = 2005, p.policy_budget.value[1] = 600;
    p.policy_budget.year[2] = 2009, p.policy_budget.value[2] = 540;
    cr_assert_eq(csim_health_lever_override(&budget, &p, 0.5, buf, sizeof buf), CSIM_OK);
    cr_assert_str_eq(buf, "policy.budget={2003: 0, 2005: 300, 2009: 270}");
    /* A vector component: the share of the total, the others rescaled in proportion. */
    csim_health_target_param brokers = {csim_schema_find(schema, "policy.split"), 1, "policy.split.brokers"};
    cr_assert_eq(csim_health_lever_override(&brokers, &p, 0.6, buf, sizeof buf), CSIM_OK);
    double events, br, wg, proj;
    cr_assert_eq(sscanf(buf, "policy.split={events: %lf, brokers: %lf, wg_grants: %lf, project_grants: %lf}",
                        &events, &br, &wg, &proj), 4, "%s", buf);
    cr_assert_float_eq(br, 0.6, 1e-15);
    cr_assert_float_eq(events + br + wg + proj, 1.0, 1e-12, "the total is kept");
    /* defaults 0.3 : 0.2 : 0.3 for the others keep their proportions in the 0.4 left. */
    cr_assert_float_eq(events, 0.4 * 0.3 / 0.8, 1e-12);
    cr_assert_float_eq(wg, 0.4 * 0.2 / 0.8, 1e-12);
    /* A scalar, and an int. */
    csim_health_target_param fee = {csim_schema_find(schema, "policy.fee_share"), -1, "policy.fee_share"};
    cr_assert_eq(csim_health_lever_override(&fee, &p, 0.25, buf, sizeof buf), CSIM_OK);
    cr_assert_str_eq(buf, "policy.fee_share=0.25");
    csim_health_target_param year = {csim_schema_find(schema, "policy.fee_year"), -1, "policy.fee_year"};
    cr_assert_eq(csim_health_lever_override(&year, &p, 2010, buf, sizeof buf), CSIM_OK);
    cr_assert_str_eq(buf, "policy.fee_year=2010");
    /* Too small a buffer is an error, not a cut value. */
    cr_assert_eq(csim_health_lever_override(&budget, &p, 0.5, buf, 20), CSIM_EINVAL);
}

Test(health, quantity_reads_december_year_means_and_ratios) {
    /* Two columns over 24 months from 2003: column 0 is the month index, column 1 is 2. */
    double h[24 * 2];
    for (int m = 0; m < 24; ++m) {
        h[m * 2] = m;
        h[m * 2 + 1] = 2.0;
    }
    csim_health_quantity q = {0};
    q.n_terms = 1;
    q.terms[0] = 0;
    q.times = 1.0;
    q.year = 2004;
    cr_assert_float_eq(csim_health_quantity_value(&q, h, 24, 2, 2003), 23.0, 0, "December 2004");
    q.year_mean = true;
    cr_assert_float_eq(csim_health_quantity_value(&q, h, 24, 2, 2003), 17.5, 1e-12, "mean of 12..23");
    q.n_per = 1;
    q.per[0] = 1;
    q.times = 10.0;
    /* times x sum(12..23) / sum(2 x 12) = 10 x 210 / 24 */
    cr_assert_float_eq(csim_health_quantity_value(&q, h, 24, 2, 2003), 87.5, 1e-12);
    q.year = 2005;
    cr_assert(isnan(csim_health_quantity_value(&q, h, 24, 2, 2003)), "a year after the run");
    q.year = 2004;
    q.per[0] = 0;
    h[12 * 2] = 0; /* denominator column 0 sums to 12+...+23 - 12 != 0: still defined */
    cr_assert(isfinite(csim_health_quantity_value(&q, h, 24, 2, 2003)));
    for (int m = 12; m < 24; ++m) {
        h[m * 2] = 0;
    }
    cr_assert(isnan(csim_health_quantity_value(&q, h, 24, 2, 2003)), "a zero denominator");
}

/* ---- the dose-response detectors ------------------------------------------------------ */

enum { R = 4 };

/* y[i][r] = f[i] + offset_r: the replicate offsets cancel in paired steps (common random
 * numbers), so every step is exact and its interval has width 0. */
static void paired(const double *f, size_t n, double *y) {
    const double offset[R] = {-3.0, 1.0, 0.5, 7.0};
    for (size_t i = 0; i < n; ++i) {
        for (size_t r = 0; r < R; ++r) {
            y[i * R + r] = f[i] + offset[r];
        }
    }
}

enum { MAX_POINTS = 8 }; /* the most dose points a test below uses */

/* The verdict on f made into paired replicates (see paired) at the detectors' usual
 * settings: 95% intervals, a knife edge at 4 times the typical slope and 2 half-widths. */
static csim_dose_verdict analyse_paired(const double *x, const double *f, size_t n,
                                        csim_dose_direction dir, csim_dose_step *s) {
    cr_assert_leq(n, MAX_POINTS);
    double y[MAX_POINTS * R];
    paired(f, n, y);
    return csim_dose_analyse(x, y, n, R, 0.95, dir, 4, 2, s);
}

/* analyse_paired at the doses 0, 1, ..., n - 1, which most of the tests below use. */
static csim_dose_verdict analyse_at_unit_doses(const double *f, size_t n, csim_dose_direction dir,
                                               csim_dose_step *s) {
    cr_assert_leq(n, MAX_POINTS);
    double x[MAX_POINTS];
    for (size_t i = 0; i < n; ++i) {
        x[i] = (double) i;
    }
    return analyse_paired(x, f, n, dir, s);
}

Test(health, a_smooth_increasing_response_passes) {
    const double f[6] = {0, 1, 2.1, 3.0, 4.2, 5.1};
    csim_dose_step s[5];
    const csim_dose_verdict v = analyse_at_unit_doses(f, 6, CSIM_DOSE_INCREASING, s);
    cr_assert(v.pass);
    cr_assert_eq(v.violations, 0);
    cr_assert_eq(v.knives, 0);
    cr_assert_eq(v.n_steps, 5);
    cr_assert_float_eq(s[1].diff, 1.1, 1e-12);
    cr_assert_float_eq(s[1].half, 0.0, 1e-12, "paired offsets cancel");
    /* Median of the other slopes {1, 0.9, 1.2, 0.9} = 0.95. */
    cr_assert_float_eq(s[1].typical, 0.95, 1e-12);
}

Test(health, a_step_function_is_a_knife_edge_at_its_step) {
    const double f[6] = {0, 0.1, 0.2, 10, 10.1, 10.2};
    csim_dose_step s[5];
    const csim_dose_verdict v = analyse_at_unit_doses(f, 6, CSIM_DOSE_INCREASING, s);
    cr_assert_not(v.pass);
    cr_assert_eq(v.knives, 1);
    cr_assert_eq(v.worst_knife, 2);
    cr_assert(s[2].knife);
    cr_assert_not(s[1].knife);
    cr_assert_float_eq(v.worst_ratio, 9.8 / 0.1, 1e-9, "slope 9.8 against the others' 0.1");
    cr_assert_eq(v.violations, 0, "a jump up is still increasing");
}

/* Two jumps (steps 0 and 2, slopes 5 and 9 against 1 for the others: ratios 5 and 9):
 * clearing the worse leaves the other as the worst; clearing both passes. */
Test(health, clearing_a_knife_updates_the_verdict) {
    const double f[5] = {0, 5, 6, 15, 16};
    csim_dose_step s[4];
    csim_dose_verdict v = analyse_at_unit_doses(f, 5, CSIM_DOSE_INCREASING, s);
    cr_assert_eq(v.knives, 2);
    cr_assert_eq(v.worst_knife, 2);
    cr_assert_float_eq(v.worst_ratio, 9.0, 1e-12);
    cr_assert_not(v.pass);
    csim_dose_clear_knife(&v, s, 2);
    cr_assert_eq(v.knives, 1);
    cr_assert_eq(v.worst_knife, 0);
    cr_assert_not(s[2].knife);
    cr_assert_float_eq(v.worst_ratio, 5.0, 1e-12);
    cr_assert_not(v.pass);
    csim_dose_clear_knife(&v, s, 1); /* not a knife: nothing changes */
    cr_assert_eq(v.knives, 1);
    csim_dose_clear_knife(&v, s, 0);
    cr_assert_eq(v.knives, 0);
    cr_assert(v.pass);
}

Test(health, three_points_are_enough_to_find_a_jump_among_flat_steps) {
    const double f[3] = {0, 0, 5};
    const csim_dose_verdict v = analyse_at_unit_doses(f, 3, CSIM_DOSE_ANY, NULL);
    cr_assert_eq(v.knives, 1);
    cr_assert_eq(v.worst_knife, 1);
    cr_assert(isinf(v.worst_ratio), "the other step is flat: an infinite ratio");
}

Test(health, a_large_noisy_step_inside_its_interval_is_not_a_knife_edge) {
    /* Step 2 is ten times the others on average, but the replicates disagree about it
     * (+30, -10, +30, -10, ... around +10): |mean| 10 < 2 x its half-width. */
    const double x[5] = {0, 1, 2, 3, 4};
    double y[5 * R];
    const double f[5] = {0, 1, 2, 12, 13};
    paired(f, 5, y);
    const double noise[R] = {20, -20, 20, -20};
    for (size_t r = 0; r < R; ++r) {
        y[3 * R + r] += noise[r];
        y[4 * R + r] += noise[r];
    }
    csim_dose_step s[4];
    const csim_dose_verdict v = csim_dose_analyse(x, y, 5, R, 0.95, CSIM_DOSE_ANY, 4, 2, s);
    cr_assert_float_eq(s[2].diff, 10.0, 1e-12);
    cr_assert_gt(s[2].half, 5.0);
    cr_assert_eq(v.knives, 0, "noise is no knife edge");
    cr_assert(v.pass);
}

/* ---- bisection of a flagged step (csim_dose_refine) -------------------------------------- */

/* A response known in closed form, evaluated in every replicate with that replicate's
 * offset (paired: offsets cancel), counting its calls. */
typedef struct known_curve {
    double (*f)(double);
    int calls;
    int fail_at_call; /* 0: never */
} known_curve;

static csim_status eval_known(double x, double *y, void *ctx) {
    known_curve *c = ctx;
    if (++c->calls == c->fail_at_call) {
        return csim_fail_plain(CSIM_EIO, "run failed");
    }
    const double offset[R] = {-3.0, 1.0, 0.5, 7.0};
    for (size_t r = 0; r < R; ++r) {
        y[r] = c->f(x) + offset[r];
    }
    return CSIM_OK;
}

static double jump_at_0_3(double x) { return (x >= 0.3 ? 10.0 : 0.0) + x; }
static double straight(double x) { return 5.0 * x; }
/* A saturating onset, as the WG count's response to the WG pool: steep at 0, no jump. */
static double saturating(double x) { return 1.0 - exp(-x / 0.05); }

static csim_dose_refined refine_known(double (*f)(double), double x0, double x1, unsigned depth,
                                      known_curve *c) {
    *c = (known_curve) {f, 0, 0};
    double y0[R], y1[R];
    eval_known(x0, y0, c);
    eval_known(x1, y1, c);
    c->calls = 0;
    csim_dose_refined out;
    cr_assert_eq(csim_dose_refine(x0, y0, x1, y1, R, depth, eval_known, c, &out), CSIM_OK);
    return out;
}

Test(health, bisection_follows_a_jump_into_the_eighth_that_holds_it) {
    known_curve c;
    const csim_dose_refined r = refine_known(jump_at_0_3, 0.0, 1.0, 3, &c);
    cr_assert_eq(c.calls, 3);
    cr_assert_eq(r.evals, 3);
    /* Halves: [0, 0.5] holds the jump; then [0.25, 0.5]; then [0.25, 0.375]. */
    cr_assert_float_eq(r.lo, 0.25, 1e-12);
    cr_assert_float_eq(r.hi, 0.375, 1e-12);
    /* The eighth carries 10 + 0.125 of the whole step's 11. */
    cr_assert_float_eq(r.share, 10.125 / 11.0, 1e-12);
    cr_assert(r.concentrated);
}

Test(health, bisection_of_a_straight_line_leaves_an_eighth_of_the_change) {
    known_curve c;
    const csim_dose_refined r = refine_known(straight, 0.0, 0.8, 3, &c);
    cr_assert_float_eq(r.share, 0.125, 1e-12);
    cr_assert_float_eq(r.hi - r.lo, 0.1, 1e-12);
    cr_assert_not(r.concentrated);
}

Test(health, a_steep_saturating_onset_is_not_a_jump) {
    /* On the grid 0, 0.1, 0.2, ... the first step is far steeper than the rest (a knife
     * by slope alone); bisected, its first eighth [0, 0.0125] holds 1 - e^-0.25 over
     * 1 - e^-2 of it: 0.256. */
    known_curve c;
    const csim_dose_refined r = refine_known(saturating, 0.0, 0.1, 3, &c);
    cr_assert_float_eq(r.lo, 0.0, 1e-12);
    cr_assert_float_eq(r.hi, 0.0125, 1e-12);
    cr_assert_float_eq(r.share, (1.0 - exp(-0.25)) / (1.0 - exp(-2.0)), 1e-12);
    cr_assert_not(r.concentrated);
}

Test(health, bisection_passes_on_a_failed_run) {
    known_curve c = {straight, 0, 2};
    double y0[R] = {0}, y1[R] = {1, 1, 1, 1};
    csim_dose_refined out;
    cr_assert_eq(csim_dose_refine(0.0, y0, 1.0, y1, R, 3, eval_known, &c, &out), CSIM_EIO);
    cr_assert_eq(out.evals, 1, "one evaluation succeeded before the failure");
}

Test(health, uneven_grids_compare_slopes_not_steps) {
    /* f = 3x on an uneven grid: the steps differ by a factor 8, the slopes are equal. */
    const double x[5] = {0, 0.25, 0.5, 1, 3};
    double f[5];
    for (size_t i = 0; i < 5; ++i) {
        f[i] = 3.0 * x[i];
    }
    const csim_dose_verdict v = analyse_paired(x, f, 5, CSIM_DOSE_INCREASING, NULL);
    cr_assert_eq(v.knives, 0);
    cr_assert(v.pass);
}

Test(health, a_fall_beyond_its_interval_violates_increasing_but_noise_does_not) {
    const double x[4] = {0, 1, 2, 3};
    const double f[4] = {0, 1, 0.5, 1.5};
    double y[4 * R];
    paired(f, 4, y);
    csim_dose_step s[3];
    csim_dose_verdict v = csim_dose_analyse(x, y, 4, R, 0.95, CSIM_DOSE_INCREASING, 100, 2, s);
    cr_assert_eq(v.violations, 1);
    cr_assert_eq(v.worst_violation, 1);
    cr_assert(s[1].violates);
    cr_assert_not(v.pass);
    /* The same series is fine when the direction is "any", and wrong when "decreasing"
     * on its two rising steps. */
    v = csim_dose_analyse(x, y, 4, R, 0.95, CSIM_DOSE_ANY, 100, 2, NULL);
    cr_assert_eq(v.violations, 0);
    v = csim_dose_analyse(x, y, 4, R, 0.95, CSIM_DOSE_DECREASING, 100, 2, NULL);
    cr_assert_eq(v.violations, 2);
    /* A small fall that the replicates disagree about stays inside its interval. */
    const double noise[R] = {1, -1, 1, -1};
    for (size_t r = 0; r < R; ++r) {
        y[2 * R + r] = y[1 * R + r] - 0.1 + noise[r];
        y[3 * R + r] = y[2 * R + r] + 1.0;
    }
    v = csim_dose_analyse(x, y, 4, R, 0.95, CSIM_DOSE_INCREASING, 100, 2, s);
    cr_assert_eq(v.violations, 0, "diff %g +- %g", s[1].diff, s[1].half);
}

Test(health, missing_values_make_steps_undefined_not_failures) {
    const double x[4] = {0, 1, 2, 3};
    const double f[4] = {0, 1, 2, 3};
    double y[4 * R];
    paired(f, 4, y);
    for (size_t r = 0; r < R; ++r) {
        y[0 * R + r] = NAN;
    }
    const csim_dose_verdict v = csim_dose_analyse(x, y, 4, R, 0.95, CSIM_DOSE_INCREASING, 4, 2, NULL);
    cr_assert_eq(v.undefined, 1);
    cr_assert(v.pass);
    for (size_t k = 0; k < 4 * R; ++k) {
        y[k] = NAN;
    }
    const csim_dose_verdict none = csim_dose_analyse(x, y, 4, R, 0.95, CSIM_DOSE_INCREASING, 4, 2, NULL);
    cr_assert_eq(none.undefined, 3);
    cr_assert_not(none.pass, "nothing measured is no pass");
}

/* ---- extreme conditions and scale ----------------------------------------------------- */

Test(health, zero_condition_finds_the_first_non_zero_month) {
    const double v[8] = {5, 5, 0, 0, 0, 2, 0, 0};
    csim_extreme_verdict r = csim_extreme_zero(v, 8, 2);
    cr_assert_not(r.pass);
    cr_assert_eq(r.first_bad, 5);
    cr_assert_float_eq(r.max_value, 2.0, 0);
    r = csim_extreme_zero(v + 0, 5, 2);
    cr_assert(r.pass, "months 2..4 are zero");
    cr_assert_eq(r.first_bad, -1);
}

/* One case of the falls condition: the series, the condition's start, deadline and share,
 * and the verdict it must give. */
typedef struct falls_case {
    const char *what;
    double v[8];
    long months, from, within;
    double share;
    bool pass;
    double level;
    long reached_at, rose_at;
    double max_value;
} falls_case;

Test(health, falls_condition_finds_late_falls_and_resurrections) {
    const falls_case cases[] = {
        /* Emptying is share 0: from month 2, empty at 4 and stays empty. */
        {"empties in time", {9, 9, 9, 4, 0, 0, 0, 0}, 8, 2, 3, 0.0, true, 0.0, 4, -1, 0.0},
        {"empties one month too late", {9, 9, 9, 4, 0, 0, 0, 0}, 8, 2, 2, 0.0, false, 0.0, 4, -1, 0.0},
        {"empty at 3, members again at 6", {9, 9, 3, 0, 0, 0, 7, 1}, 8, 2, 6, 0.0, false, 0.0, 3, 6, 7.0},
        {"never empty", {9, 9, 9, 9}, 4, 0, 4, 0.0, false, 0.0, -1, -1, 0.0},
        /* A share: the level is share x the month before the condition, v[2] = 40. */
        {"falls to half and stays", {35, 38, 40, 30, 20, 12, 15, 19}, 8, 3, 2, 0.5, true, 20.0, 4, -1, 0.0},
        {"falls to half too late", {35, 38, 40, 30, 20, 12, 15, 19}, 8, 3, 1, 0.5, false, 20.0, 4, -1, 0.0},
        {"back above half", {35, 38, 40, 30, 10, 36, 25, 5}, 8, 3, 3, 0.5, false, 20.0, 4, 5, 36.0},
        {"a larger share is a higher level", {35, 38, 40, 30, 10, 36, 25, 5}, 8, 3, 3, 0.9, true, 36.0, 3, -1, 0.0},
        {"NaN is never at or below the level", {10, NAN, NAN, NAN}, 4, 1, 3, 0.5, false, 5.0, -1, -1, 0.0},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; ++c) {
        const falls_case *k = &cases[c];
        const csim_extreme_verdict r = csim_extreme_falls(k->v, k->months, k->from, k->within, k->share);
        cr_assert_eq(r.pass, k->pass, "%s: pass", k->what);
        cr_assert_float_eq(r.level, k->level, 0, "%s: level %g", k->what, r.level);
        cr_assert_eq(r.reached_at, k->reached_at, "%s: reached at %ld", k->what, r.reached_at);
        cr_assert_eq(r.rose_at, k->rose_at, "%s: rose at %ld", k->what, r.rose_at);
        cr_assert_float_eq(r.max_value, k->max_value, 0, "%s: max %g", k->what, r.max_value);
    }
}

Test(health, scale_agreement_is_relative_to_the_reference) {
    double rel = 0;
    cr_assert(csim_scale_agrees(2.0, 2.19, 0.1, &rel));
    cr_assert_float_eq(rel, 0.095, 1e-12);
    cr_assert_not(csim_scale_agrees(2.0, 1.7, 0.1, &rel));
    cr_assert_float_eq(rel, -0.15, 1e-12);
    cr_assert(csim_scale_agrees(0.0, 0.0, 0.1, &rel), "both zero agree");
    cr_assert_not(csim_scale_agrees(0.0, 0.1, 0.1, &rel));
    cr_assert_not(csim_scale_agrees(NAN, 1.0, 0.1, &rel));
    cr_assert_not(csim_scale_agrees(1.0, NAN, 0.1, &rel));
}

/* ref 10 +- sd 2 and other 8 +- sd 2, 8 replicates each: difference -2, standard error
 * sqrt(4/8 + 4/8) = 1, t(0.975, 14) = 2.144787; relative -0.2, half-width 0.2144787, so
 * [-0.4145, +0.0145] overlaps +-0.1: not settled; the gap to the edge is 0.1, so
 * 8 x (0.2144787 / 0.1)^2 = 36.8 -> 37 replicates would settle it. With sd 0.5 the
 * interval [-0.2536, -0.1464] lies outside: settled (a real difference); 10 against 10.1
 * with sd 0.1 lies inside: settled (agreement). */
Test(health, scale_difference_says_when_replicates_do_not_settle_it) {
    const double t14 = 2.1447866879169273;
    csim_scale_difference d = csim_scale_difference_of(10.0, 2.0, 8, 8.0, 2.0, 8, 0.95, 0.1);
    cr_assert_float_eq(d.rel, -0.2, 1e-12);
    cr_assert_float_eq(d.lo, -0.2 - 0.1 * t14, 1e-9);
    cr_assert_float_eq(d.hi, -0.2 + 0.1 * t14, 1e-9);
    cr_assert_not(d.settled);
    cr_assert_float_eq(d.replicates, ceil(8.0 * (t14 * 0.1 / 0.1) * (t14 * 0.1 / 0.1)), 0.0);
    cr_assert_float_eq(d.replicates, 37.0, 0.0);
    d = csim_scale_difference_of(10.0, 0.5, 8, 8.0, 0.5, 8, 0.95, 0.1);
    cr_assert(d.settled, "a difference beyond sampling error");
    cr_assert(d.hi < -0.1);
    cr_assert(isnan(d.replicates));
    d = csim_scale_difference_of(10.0, 0.1, 8, 10.1, 0.1, 8, 0.95, 0.1);
    cr_assert(d.settled, "agreement within the tolerance");
    cr_assert(d.lo >= -0.1 && d.hi <= 0.1);
    d = csim_scale_difference_of(0.0, 1.0, 8, 1.0, 1.0, 8, 0.95, 0.1);
    cr_assert(isnan(d.rel) && !d.settled, "no relative difference from a zero reference");
    d = csim_scale_difference_of(10.0, 1.0, 1, 9.0, 1.0, 8, 0.95, 0.1);
    cr_assert(isnan(d.rel), "one replicate has no spread");
}
