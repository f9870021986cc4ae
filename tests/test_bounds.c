/* Tests of analysis/statistics/bounds: the kind read from a unit, name and description, and intervals cut at the kind's
 * bounds without moving the mean, the half-width or an undefined (NaN) interval. */
#include <criterion/criterion.h>

#include <math.h>
#include <string.h>

#include "analysis/statistics/bounds.h"
#include "tests/support/test_support.h"

TestSuite(bounds, .init = csim_test_quiet_libraries);

Test(bounds, kind_follows_what_the_file_says) {
    cr_assert_eq(csim_bounds_of("hub_dependence", "1", "share of SME revenue from LG or Samsung chains"),
                 CSIM_BOUNDS_SHARE);
    cr_assert_eq(csim_bounds_of("size_class_share[under_50]", "1", "firms by employee class"),
                 CSIM_BOUNDS_SHARE);
    /* Knowledge is dimensionless but exceeds 1 (the baseline's SMEs average about 2):
     * cutting it at 1 would put the upper end below the mean. */
    cr_assert_eq(csim_bounds_of("knowledge_mean_sme", "1", "mean knowledge over fields and SMEs"),
                 CSIM_BOUNDS_REAL);
    cr_assert_eq(csim_bounds_of("org_alive", "organisation", NULL), CSIM_BOUNDS_NONNEGATIVE);
    cr_assert_eq(csim_bounds_of("output", "KRW million/month", "sales"), CSIM_BOUNDS_NONNEGATIVE);
    cr_assert_eq(csim_bounds_of("x", "", "share of x"), CSIM_BOUNDS_REAL);
    cr_assert_eq(csim_bounds_of(NULL, NULL, NULL), CSIM_BOUNDS_REAL);
    cr_assert_str_eq(csim_bounds_name(CSIM_BOUNDS_SHARE), "share");
    cr_assert_str_eq(csim_bounds_name(CSIM_BOUNDS_NONNEGATIVE), "nonnegative");
    cr_assert_str_eq(csim_bounds_name(CSIM_BOUNDS_REAL), "real");
}

Test(bounds, values_are_cut_at_the_support) {
    csim_stats_summary s = {3, 0.5, 1.0, 2.0, -1.5, 2.5};
    csim_bounds_clip_value(CSIM_BOUNDS_SHARE, &s);
    cr_assert_eq(s.lo, 0.0);
    cr_assert_eq(s.hi, 1.0);
    cr_assert_eq(s.mean, 0.5, "the mean is not moved");
    cr_assert_eq(s.half, 2.0, "the t half-width is kept");

    s = (csim_stats_summary){3, 0.5, 1.0, 2.0, -1.5, 2.5};
    csim_bounds_clip_value(CSIM_BOUNDS_NONNEGATIVE, &s);
    cr_assert_eq(s.lo, 0.0);
    cr_assert_eq(s.hi, 2.5);

    s = (csim_stats_summary){3, 0.5, 1.0, 2.0, -1.5, 2.5};
    csim_bounds_clip_value(CSIM_BOUNDS_REAL, &s);
    cr_assert_eq(s.lo, -1.5);

    /* An interval already inside is left as it is. */
    s = (csim_stats_summary){3, 0.5, 0.1, 0.2, 0.3, 0.7};
    csim_bounds_clip_value(CSIM_BOUNDS_SHARE, &s);
    cr_assert_eq(s.lo, 0.3);
    cr_assert_eq(s.hi, 0.7);

    /* No interval (one replicate) stays undefined rather than becoming [0, 1]. */
    s = (csim_stats_summary){1, 0.5, NAN, NAN, NAN, NAN};
    csim_bounds_clip_value(CSIM_BOUNDS_SHARE, &s);
    cr_assert(isnan(s.lo) && isnan(s.hi));
}

Test(bounds, effects_of_shares_lie_in_minus_one_one) {
    csim_stats_summary s = {3, 0.2, 1.0, 2.0, -1.8, 2.2};
    csim_bounds_clip_effect(CSIM_BOUNDS_SHARE, &s);
    cr_assert_eq(s.lo, -1.0);
    cr_assert_eq(s.hi, 1.0);
    /* A difference of two counts can be negative: nothing is cut. */
    s = (csim_stats_summary){3, 0.2, 1.0, 2.0, -1.8, 2.2};
    csim_bounds_clip_effect(CSIM_BOUNDS_NONNEGATIVE, &s);
    cr_assert_eq(s.lo, -1.8);
    cr_assert_eq(s.hi, 2.2);
}
