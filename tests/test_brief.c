/* Tests of the policy brief's text (analysis/reports/brief.h, analysis/reports/doc.h): numbers at three
 * significant digits, the sentence of a scenario on hand-made numbers (its verb follows
 * the interval, magnitudes are positive, the spending is compared, quiet outcomes are
 * summed up), and text escaped for Markdown and HTML. */
#define _POSIX_C_SOURCE 200809L

#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/reports/brief.h"
#include "analysis/reports/doc.h"
#include "tests/support/test_support.h"

TestSuite(brief, .init = csim_test_quiet_libraries);

Test(brief, numbers_keep_three_significant_digits) {
    char buf[64];
    csim_brief_number(0.012345, 0.0, false, buf, sizeof buf);
    cr_assert_str_eq(buf, "0.0123");
    csim_brief_number(12345.6, 0.0, true, buf, sizeof buf);
    cr_assert_str_eq(buf, "+12346");
    csim_brief_number(-1.5, 0.0, true, buf, sizeof buf);
    cr_assert_str_eq(buf, "-1.50");
    csim_brief_number(0.5, 120.0, false, buf, sizeof buf);
    cr_assert_str_eq(buf, "0", "the precision of the scale (an interval's widest end)");
    csim_brief_number(NAN, 1.0, false, buf, sizeof buf);
    cr_assert_str_eq(buf, "n/a");
    const csim_stats_summary s = {3, -0.121, 0.01, 0.024, -0.145, -0.097};
    csim_brief_interval(&s, true, buf, sizeof buf);
    cr_assert_str_eq(buf, "-0.121 [-0.145, -0.097]");
    const csim_stats_summary one = {1, 2.0, NAN, NAN, NAN, NAN};
    csim_brief_interval(&one, false, buf, sizeof buf);
    cr_assert_str_eq(buf, "2.00", "no interval with one replicate");
}

/* A brief of 2 scenarios (0: the baseline) x 3 outcomes, on hand-made rows. */
typedef struct fixture {
    char *labels[2];
    bool persistence[3];
    csim_comparison c;
    csim_brief_outcome outcomes[3];
    csim_brief_config cfg;
    csim_comparison_row rows[3][2];
    const csim_comparison_row *cells[6];
    size_t measure[3];
    csim_stats_summary cost[2], cost_diff[2];
    csim_brief b;
} fixture;

static csim_stats_summary summary(double mean, double lo, double hi) {
    return (csim_stats_summary){3, mean, 1.0, (hi - lo) / 2.0, lo, hi};
}

static void fixture_init(fixture *f) {
    memset(f, 0, sizeof *f);
    f->labels[0] = "base";
    f->labels[1] = "more-wg";
    f->c.index.labels = f->labels;
    f->c.index.n_labels = 2;
    f->c.persistence = f->persistence;
    f->c.n_measures = 3;
    f->outcomes[0] = (csim_brief_outcome){"knowledge_mean_sme", "SME knowledge", 1};
    f->outcomes[1] = (csim_brief_outcome){"hub_dependence", "hub dependence", -1};
    f->outcomes[2] = (csim_brief_outcome){"wg_active", "working groups", 1};
    f->cfg.outcomes = f->outcomes;
    f->cfg.n_outcomes = 3;
    for (size_t o = 0; o < 3; ++o) {
        f->measure[o] = o;
        for (size_t l = 0; l < 2; ++l) {
            f->cells[o * 2 + l] = &f->rows[o][l];
        }
    }
    f->rows[0][0].value = summary(1.5, 1.4, 1.6);          /* baseline level 1.5 */
    f->rows[0][1].diff = summary(0.12, 0.05, 0.19);        /* +8% */
    f->rows[1][0].value = summary(0.45, 0.40, 0.50);
    f->rows[1][1].diff = summary(-0.03, -0.05, -0.01);     /* beyond noise, lower */
    f->rows[2][0].value = summary(8.0, 7.0, 9.0);
    f->rows[2][1].diff = summary(0.4, -0.2, 1.0);          /* within noise */
    f->cost[0] = summary(1000.0, 900.0, 1100.0);
    f->cost_diff[1] = summary(30.0, 20.0, 40.0);           /* 3% more */
    f->b = (csim_brief){&f->c, &f->cfg, 2015, f->measure, 0, f->cells, f->cost, f->cost_diff, NULL};
}

Test(brief, the_sentence_follows_the_numbers) {
    fixture f;
    fixture_init(&f);
    char buf[2048];
    csim_brief_sentence(&f.b, 1, buf, sizeof buf);
    cr_assert_str_eq(buf, "more-wg raises SME knowledge by 0.120 [0.050, 0.190] (+8%) against "
                          "base in 2015, at 3% more programme money (30.0 KRW million more over "
                          "the run); it also lowers hub dependence by 0.0300 [0.0100, 0.0500] "
                          "(-7%); the other outcomes do not differ beyond noise.");

    /* Within noise: no verb of change, and the signed interval is shown as it is. */
    f.rows[0][1].diff = summary(-0.02, -0.09, 0.05);
    f.rows[1][1].diff = summary(0.01, -0.01, 0.03);
    f.cost_diff[1] = summary(-500.0, -510.0, -490.0);
    csim_brief_sentence(&f.b, 1, buf, sizeof buf);
    cr_assert_str_eq(buf, "more-wg does not change SME knowledge beyond noise (-0.0200 [-0.0900, "
                          "+0.0500]) against base in 2015, at 50% less programme money (500 KRW "
                          "million less over the run); no other outcome differs beyond noise.");

    /* Identical in every pair; a baseline that spends nothing. */
    f.rows[0][1].diff = (csim_stats_summary){3, 0.0, 0.0, 0.0, 0.0, 0.0};
    f.cost[0] = summary(0.0, 0.0, 0.0);
    f.cost[1] = summary(700.0, 690.0, 710.0);
    csim_brief_sentence(&f.b, 1, buf, sizeof buf);
    cr_assert(strstr(buf, "leaves SME knowledge exactly as in the baseline"), "%s", buf);
    cr_assert(strstr(buf, "spending 700 KRW million of programme money where the baseline "
                          "spends none"), "%s", buf);
}

Test(brief, beyond_noise_needs_an_interval_that_excludes_zero) {
    const csim_stats_summary in = summary(0.1, -0.1, 0.3), out = summary(0.1, 0.05, 0.15);
    const csim_stats_summary none = {1, 0.1, NAN, NAN, NAN, NAN};
    cr_assert(!csim_brief_beyond_noise(&in));
    cr_assert(csim_brief_beyond_noise(&out));
    cr_assert(!csim_brief_beyond_noise(&none));
}

/* The whole of what `write` puts into a document of `format`. */
static char *document(csim_doc_format format) {
    csim_test_text t;
    FILE *out = csim_test_text_open(&t);
    csim_doc d;
    csim_doc_begin(&d, out, format, "a<b & c_d");
    const char *head[] = {"scenario", "x|y"};
    const char *row[] = {"no_policy", "<1>"};
    csim_doc_table_begin(&d, head, 2);
    csim_doc_table_row(&d, row);
    csim_doc_table_end(&d);
    csim_doc_item(&d, "Note:", "\"quoted\" *star*");
    csim_doc_figure(&d, "ts_0_x", "level");
    csim_doc_end(&d);
    return csim_test_text_close(&t);
}

Test(brief, text_is_escaped_for_each_format) {
    char *md = document(CSIM_DOC_MARKDOWN);
    cr_assert(strstr(md, "# a\\<b & c\\_d\n"), "%s", md);
    cr_assert(strstr(md, "| scenario | x\\|y |\n|---|---|\n| no\\_policy | \\<1\\> |\n"), "%s", md);
    cr_assert(strstr(md, "- **Note:** \"quoted\" \\*star\\*\n"), "%s", md);
    cr_assert(strstr(md, "](ts_0_x.png)"), "%s", md);
    free(md);
    char *html = document(CSIM_DOC_HTML);
    cr_assert(strstr(html, "<h1>a&lt;b &amp; c_d</h1>"), "%s", html);
    cr_assert(strstr(html, "<tr><td>no_policy</td><td>&lt;1&gt;</td></tr>"), "%s", html);
    cr_assert(strstr(html, "<li><strong>Note:</strong> &quot;quoted&quot; *star*</li>\n</ul>"),
              "%s", html);
    cr_assert(strstr(html, "<img src=\"ts_0_x.png\""), "%s", html);
    cr_assert(strstr(html, "</body>\n</html>\n"), "%s", html);
    free(html);
}
