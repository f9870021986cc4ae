/* Tests of analysis/readers/policy_events: yearly schedules read from a resolved scenario text,
 * and the programme's events the figures mark, on the shipped scenarios' budgets. */
#include <criterion/criterion.h>

#include <string.h>

#include "analysis/readers/policy_events.h"
#include "tests/support/test_support.h"

TestSuite(policy_events, .init = csim_test_quiet_libraries);

Test(policy_events, schedules_are_read_from_their_line) {
    int years[8];
    double values[8];
    const char *text = "policy.budget_reference: 1102\npolicy.budget: {2003: 0, 2005: 600, 2009: 540}\n";
    cr_assert_eq(csim_policy_schedule(text, "policy.budget", years, values, 8), 3);
    cr_assert(years[0] == 2003 && values[0] == 0.0 && years[2] == 2009 && values[2] == 540.0);
    cr_assert_eq(csim_policy_schedule("policy.budget: 600\n", "policy.budget", years, values, 8), 1);
    cr_assert(years[0] == 0 && values[0] == 600.0, "a constant is one entry from year 0");
    cr_assert_eq(csim_policy_schedule(text, "policy.fee_year", years, values, 8), 0, "absent");
    cr_assert_eq(csim_policy_schedule("policy.budget: {2004: abc}\n", "policy.budget", years,
                                      values, 8), 0, "unreadable");
}

Test(policy_events, the_programme_events_of_the_shipped_budgets) {
    csim_policy_event ev[8];
    /* funding-stop: starts 2005, cut 2009, fees 2012, stops 2013 -- in year order. */
    const char *stop = "policy.budget: {2003: 0, 2005: 600, 2009: 540, 2013: 0}\n"
                       "policy.fee_year: 2012\npolicy.fee_share: 0.2\n";
    cr_assert_eq(csim_policy_events(stop, ev, 8), 4);
    cr_assert(ev[0].year == 2005 && strcmp(ev[0].what, "programme starts (600 a year)") == 0);
    cr_assert(ev[1].year == 2009 && strcmp(ev[1].what, "budget cut to 540") == 0, "%s", ev[1].what);
    cr_assert(ev[2].year == 2012 && strncmp(ev[2].what, "member fees", 11) == 0);
    cr_assert(ev[3].year == 2013 && strcmp(ev[3].what, "funding stops") == 0);
    /* No programme: no budget event, and a fee rule without money is no event. */
    cr_assert_eq(csim_policy_events("policy.budget: {2003: 0}\npolicy.fee_year: 2012\n"
                                    "policy.fee_share: 0.2\n", ev, 8), 0);
    /* Fees after the stop, or never (fee_year 9999 while the budget runs on), are none. */
    cr_assert_eq(csim_policy_events("policy.budget: {2005: 600, 2010: 0}\npolicy.fee_year: 2012\n"
                                    "policy.fee_share: 0.2\n", ev, 8), 2);
    cr_assert_eq(csim_policy_events("policy.budget: {2005: 600}\npolicy.fee_year: 9999\n"
                                    "policy.fee_share: 0.2\n", ev, 8), 2);
    cr_assert(ev[1].year == 9999, "a fee rule far ahead is still an event: the run ends first");
    /* The cap is honoured. */
    cr_assert_eq(csim_policy_events(stop, ev, 2), 2);
}
