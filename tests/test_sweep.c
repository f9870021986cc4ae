/* Tests of scenarios/sweep: reading sweep files, the up-front rejection of every kind of
 * mistake with FILE:LINE:COLUMN, and the mapping of design coordinates onto values.
 * Fixtures live in tests/data/sweeps/, each commented with what it tests. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model/params.h"
#include "scenarios/sweep.h"
#include "tests/support/test_support.h"

TestSuite(sweep, .init = csim_test_quiet_libraries);

static char *fixture(char *buf, size_t size, const char *name) {
    char rel[256];
    snprintf(rel, sizeof rel, "tests/data/sweeps/%s", name);
    return csim_test_source_path(buf, size, rel);
}

static bool is_zeroed(const csim_sweep *sw) {
    static const csim_sweep zero;
    return memcmp(sw, &zero, sizeof zero) == 0;
}

/* Load fixture `name`, expect CSIM_EPARSE and every fragment in the message. */
static void rejects(const char *name, const char *frag1, const char *frag2) {
    char path[1024];
    csim_sweep sw;
    const csim_status st = csim_sweep_load(&sw, fixture(path, sizeof path, name));
    cr_assert_eq(st, CSIM_EPARSE, "%s: status %d: %s", name, (int) st, csim_last_error());
    cr_assert(is_zeroed(&sw), "%s: a failed load leaves the sweep destroyed", name);
    csim_sweep_destroy(&sw);
    cr_assert(strstr(csim_last_error(), frag1) != NULL, "%s: no '%s' in: %s", name, frag1,
              csim_last_error());
    if (frag2) {
        cr_assert(strstr(csim_last_error(), frag2) != NULL, "%s: no '%s' in: %s", name, frag2,
                  csim_last_error());
    }
}

Test(sweep, loads_a_sobol_sweep) {
    char path[1024];
    csim_sweep sw;
    cr_assert_eq(csim_sweep_load(&sw, fixture(path, sizeof path, "sobol4.yaml")), CSIM_OK, "%s",
                 csim_last_error());
    cr_assert_eq(sw.design, CSIM_DESIGN_SOBOL);
    cr_assert_eq(sw.points, 8);
    cr_assert_eq(sw.replicates, 2);
    cr_assert(sw.have_seed);
    cr_assert_eq(sw.seed, 4242);
    cr_assert_eq(sw.n_params, 4);
    cr_assert_str_eq(sw.params[0].name, "learning.rate");
    cr_assert_float_eq(sw.params[0].min, 0.01, 1e-15);
    cr_assert_float_eq(sw.params[0].max, 0.2, 1e-15);
    cr_assert(sw.params[2].is_list);
    cr_assert_eq(sw.params[2].n_values, 3);
    cr_assert_eq(sw.params[0].line, 12);
    cr_assert_eq(sw.n_overrides, 2);
    cr_assert_str_eq(sw.overrides[0], "run.steps=24");
    cr_assert(strstr(sw.base_path, "scenarios/gumi-baseline.yaml") != NULL, "%s", sw.base_path);
    cr_assert(strstr(sw.text, "design: sobol") != NULL);
    csim_sweep_destroy(&sw);
    cr_assert(is_zeroed(&sw));
    csim_sweep_destroy(&sw);
}

Test(sweep, flow_mapping_under_set_is_kept_as_text) {
    char path[1024];
    csim_sweep sw;
    cr_assert_eq(csim_sweep_load(&sw, fixture(path, sizeof path, "saltelli.yaml")), CSIM_OK, "%s",
                 csim_last_error());
    cr_assert_eq(sw.n_overrides, 2);
    cr_assert_str_eq(sw.overrides[1], "run.scale=0.3");
    csim_sweep_destroy(&sw);
}

/* Every kind of mistake a sweep file can hold (each fixture's comment says which): the
 * fixture, the LINE:COLUMN its refusal must name, and words it must say. */
static const struct {
    const char *fixture, *at, *says;
} refusals[] = {
    {"unknown_param.yaml", "6:3", "did you mean 'learning.rate'"},
    {"bad_range.yaml", "6:18", "is empty"},
    {"out_of_range.yaml", "6:34", "outside the range [0, 1]"},
    {"not_numeric.yaml", "7:3", "is a series"},
    {"grid_no_steps.yaml", "6:18", "needs steps"},
    {"grid_points.yaml", "4:9", "not used by a grid"},
    {"steps_not_grid.yaml", "6:47", "only by grid"},
    {"no_points.yaml", "3:9", "needs 'points"},
    {"misspelled_key.yaml", "3:1", "did you mean 'design'"},
    {"duplicate_key.yaml", "7:3",
     "key 'wg.size' is given twice (first at line 6); expected each key once"},
    {"missing_base.yaml", "2:7", "cannot be read"},
    {"int_fraction.yaml", "6:17", "whole number"},
};

Test(sweep, rejects_each_mistake_at_its_position) {
    for (size_t k = 0; k < sizeof refusals / sizeof refusals[0]; ++k) {
        char where[256];
        snprintf(where, sizeof where, "%s:%s:", refusals[k].fixture, refusals[k].at);
        rejects(refusals[k].fixture, where, refusals[k].says);
    }
}

Test(sweep, missing_file_is_an_io_error) {
    csim_sweep sw;
    cr_assert_eq(csim_sweep_load(&sw, "/nonexistent/sweep.yaml"), CSIM_EIO);
    cr_assert(strstr(csim_last_error(), "/nonexistent/sweep.yaml") != NULL);
    cr_assert(is_zeroed(&sw));
}

Test(sweep, sobol_beyond_40_dimensions_is_rejected_up_front) {
    /* 41 numeric parameters of the schema, each a one-value list of its default. */
    char dir[1024], path[1200], text[16384];
    csim_test_scratch_file(dir, sizeof dir, path, sizeof path, "sweep41", "s.yaml");
    char base[1024];
    csim_test_source_path(base, sizeof base, "scenarios/gumi-baseline.yaml");
    size_t used = (size_t) snprintf(text, sizeof text,
                                    "base: %s\ndesign: sobol\npoints: 4\n"
                                    "parameters:\n",
                                    base);
    const csim_schema *schema = csim_params_schema();
    csim_sweep sw;
    size_t added = 0;
    for (size_t k = 0; k < schema->n_params && added < 41; ++k) {
        const csim_param_desc *d = &schema->params[k];
        if (d->type != CSIM_PT_DOUBLE && d->type != CSIM_PT_INT) {
            continue;
        }
        used += (size_t) snprintf(text + used, sizeof text - used, "  %s: [%s]\n", d->name,
                                  d->default_text);
        added++;
    }
    cr_assert_eq(added, 41, "the schema has 41 numeric parameters");
    cr_assert_eq(csim_test_write_file(path, text), 0);
    cr_assert_eq(csim_sweep_load(&sw, path), CSIM_EPARSE);
    cr_assert(strstr(csim_last_error(), "at most 40 dimensions") != NULL, "%s", csim_last_error());
    cr_assert(strstr(csim_last_error(), "s.yaml:5:") != NULL, "%s", csim_last_error());
}

Test(sweep, grid_values_include_both_ends) {
    char path[1024];
    csim_sweep sw;
    csim_design d;
    cr_assert_eq(csim_sweep_load(&sw, fixture(path, sizeof path, "grid.yaml")), CSIM_OK, "%s",
                 csim_last_error());
    cr_assert_eq(csim_sweep_design(&sw, 1, &d), CSIM_OK);
    cr_assert_eq(d.n_points, 6);
    /* Exact: the grid promises min and max themselves, not values near them. */
    cr_assert_eq(csim_sweep_value(&sw, 1, d.u[0 * 2 + 1]), 0.01);
    cr_assert_eq(csim_sweep_value(&sw, 1, d.u[2 * 2 + 1]), 0.2);
    cr_assert_eq(csim_sweep_value(&sw, 0, d.u[0 * 2 + 0]), 10.0);
    cr_assert_eq(csim_sweep_value(&sw, 0, d.u[5 * 2 + 0]), 20.0);
    csim_design_destroy(&d);
    csim_sweep_destroy(&sw);
}

Test(sweep, sampled_values_map_ranges_ints_and_lists) {
    char path[1024];
    csim_sweep sw;
    cr_assert_eq(csim_sweep_load(&sw, fixture(path, sizeof path, "sobol4.yaml")), CSIM_OK);
    /* learning.rate: min + u (max - min). */
    cr_assert_float_eq(csim_sweep_value(&sw, 0, 0.5), 0.105, 1e-15);
    /* wg.size [10, 15, 20]: three equal strata of u. */
    cr_assert_eq(csim_sweep_value(&sw, 2, 0.0), 10.0);
    cr_assert_eq(csim_sweep_value(&sw, 2, 0.34), 15.0);
    cr_assert_eq(csim_sweep_value(&sw, 2, 0.999), 20.0);
    cr_assert_eq(csim_sweep_value(&sw, 2, 1.0), 20.0);
    /* policy.fee_year 2008..2014: seven equally likely integers, max included. */
    cr_assert_eq(csim_sweep_value(&sw, 3, 0.0), 2008.0);
    cr_assert_eq(csim_sweep_value(&sw, 3, 0.99), 2014.0);
    cr_assert_eq(csim_sweep_value(&sw, 3, 1.0), 2014.0);
    cr_assert_eq(csim_sweep_value(&sw, 3, 1.0 / 7.0 + 1e-9), 2009.0);
    char buf[128];
    csim_sweep_override(&sw, 0, 0.1, buf, sizeof buf);
    cr_assert_str_eq(buf, "learning.rate=0.1");
    csim_sweep_override(&sw, 3, 2011.0, buf, sizeof buf);
    cr_assert_str_eq(buf, "policy.fee_year=2011");
    csim_sweep_destroy(&sw);
}
