/* The option tables of the command line (cli/options.h): parsing argv into a command's
 * fields, the usage errors (message and exit code 2), and --help made from the same table. */
#define _POSIX_C_SOURCE 200809L

#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "tests/support/test_support.h"

/* A command with one option of every kind. */
typedef struct fields {
    const char *output;
    bool force;
    unsigned long long threads;
    long long step;
    double rate;
    const char *label;
    int format;
    csim_opt_list names;
    csim_opt_list set;
    int evens; /* sum of the --even values (a custom kind that takes more words) */
} fields;

static int parse_even(const char *command, const char *opt, const char *text, void *field) {
    if (!text || atoi(text) % 2 != 0) {
        return csim_cli_usage_error(command, "%s expects an even number, got '%s'", opt,
                                    text ? text : "nothing") == 0 ? 0 : -1;
    }
    *(int *) field += atoi(text);
    return 0;
}

/* A name kept only to say why it is refused. */
static int refuse_old(const char *command, const char *opt, const char *text, void *field) {
    (void) text;
    (void) field;
    csim_cli_usage_error(command, "%s was removed; use --names", opt);
    return -1;
}

static bool is_number(const char *word) {
    return word[0] >= '0' && word[0] <= '9';
}

static const char *const formats[] = {"table", "csv", "json"};

static const csim_opt opts[] = {
    {CSIM_OPT_OUTPUT(fields, output, "FILE", "file to write")},
    {CSIM_OPT_FORCE(fields, force, "replace FILE if it exists")},
    {CSIM_OPT_THREADS(fields, threads, "OpenMP threads", "1")},
    {.name = "--step", .kind = CSIM_OPT_INT, .field = offsetof(fields, step), .metavar = "S",
     .help = "a snapshot step", .imin = -1, .imax = 1000},
    {.name = "--rate", .kind = CSIM_OPT_DOUBLE, .field = offsetof(fields, rate), .metavar = "R",
     .help = "a rate", .dmin = 0.0, .dmax = 1.0, .def = "0.5"},
    {.name = "--label", .short_name = 'l', .kind = CSIM_OPT_STRING,
     .field = offsetof(fields, label), .metavar = "TEXT", .help = "a label", .required = true},
    {CSIM_OPT_FORMAT(fields, format, formats, "table, csv or json", "table")},
    {.name = "--names", .kind = CSIM_OPT_LIST, .field = offsetof(fields, names),
     .metavar = "LIST", .help = "names, comma-separated", .umax = 4, .alias = "--name"},
    {CSIM_OPT_SET(fields, set, "override a parameter")},
    {.name = "--even", .kind = CSIM_OPT_CUSTOM, .field = offsetof(fields, evens),
     .metavar = "N...", .help = "even numbers", .parse = parse_even, .more = is_number},
    {.name = "--old", .kind = CSIM_OPT_CUSTOM, .field = offsetof(fields, evens),
     .parse = refuse_old},
};

static const csim_opt_spec spec = {
    .command = "demo",
    .operand = "FILE",
    .operand_noun = "file",
    .operand_missing = "FILE (a trajectory)",
    .about = "Demonstrate every kind of option.\n",
    .closing = "Exit codes: 0 success, 2 bad arguments.\n",
    .opts = opts,
    .n_opts = CSIM_OPTS_COUNT(opts),
};

/* Parse the words (argv[0] is the command) into f and a; the exit code. */
static int parse(fields *f, csim_opt_args *a, const char **words, size_t n) {
    memset(f, 0, sizeof *f);
    memset(a, 0, sizeof *a);
    f->rate = 0.5;
    return csim_opts_parse(&spec, (int) n, (char **) words, f, a);
}

#define PARSE(f, a, ...)                                                                     \
    parse(f, a, (const char *[]){"demo", __VA_ARGS__},                                       \
          sizeof((const char *[]){"demo", __VA_ARGS__}) / sizeof(const char *))

/* Everything written to stderr so far (criterion's redirect). */
static char *stderr_text(void) {
    fflush(stderr);
    FILE *fp = cr_get_redirected_stderr();
    static char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    buf[n] = '\0';
    return buf;
}

TestSuite(options, .init = cr_redirect_stderr);

/* A command line that must be refused (exit 2) and what stderr must then hold. */
typedef struct refusal {
    const char *words[8]; /* after the command name, NULL-terminated */
    const char *message;
} refusal;

/* Parse every case's words, each refused; then stderr holds every case's message. */
static void expect_refusals(const refusal *cases, size_t n) {
    for (size_t k = 0; k < n; ++k) {
        const char *words[9] = {"demo"};
        size_t n_words = 1;
        for (; cases[k].words[n_words - 1] != NULL; ++n_words) {
            words[n_words] = cases[k].words[n_words - 1];
        }
        fields f;
        csim_opt_args a;
        cr_assert_eq(parse(&f, &a, words, n_words), CSIM_EXIT_USAGE, "case %zu (%s)", k,
                     cases[k].message);
        csim_opt_args_destroy(&a);
    }
    const char *err = stderr_text();
    for (size_t k = 0; k < n; ++k) {
        cr_assert(strstr(err, cases[k].message), "case %zu: '%s' missing in: %s", k,
                  cases[k].message, err);
    }
}

Test(options, flags_values_and_operands) {
    fields f;
    csim_opt_args a;
    cr_assert_eq(PARSE(&f, &a, "in.h5", "-o", "out.h5", "--force", "--threads", "2", "--step",
                       "-1", "--rate", "0.25", "-l", "x", "--format", "json"),
                 CSIM_EXIT_OK);
    cr_assert_str_eq(f.output, "out.h5");
    cr_assert(f.force);
    cr_assert_eq(f.threads, 2);
    cr_assert_eq(f.step, -1);
    cr_assert_float_eq(f.rate, 0.25, 0.0);
    cr_assert_str_eq(f.label, "x");
    cr_assert_eq(f.format, 2);
    cr_assert_eq(a.n_operands, 1);
    cr_assert_str_eq(a.operands[0], "in.h5");
    cr_assert_eq(csim_opts_given(&a, "--threads"), 1);
    cr_assert_eq(csim_opts_given(&a, "--names"), 0);
    cr_assert_not(a.help);
    csim_opt_args_destroy(&a);
    cr_assert_null(a.given);
}

Test(options, equals_form_and_long_output) {
    fields f;
    csim_opt_args a;
    cr_assert_eq(PARSE(&f, &a, "--output=o.h5", "--label=a=b", "in.h5", "--threads=3"),
                 CSIM_EXIT_OK);
    cr_assert_str_eq(f.output, "o.h5");
    cr_assert_str_eq(f.label, "a=b", "only the first '=' splits name and value");
    cr_assert_eq(f.threads, 3);
    csim_opt_args_destroy(&a);
}

Test(options, repeated_options) {
    fields f;
    csim_opt_args a;
    cr_assert_eq(PARSE(&f, &a, "in.h5", "-l", "x", "--names", "a,b", "--name", "c", "--set",
                       "run.steps=2", "--set", "run.seed=3", "--threads", "2", "--threads", "5",
                       "--even", "2", "4", "--force", "--force"),
                 CSIM_EXIT_OK);
    cr_assert_eq(f.names.n, 3, "lists collect every item of every use, the alias too");
    cr_assert_str_eq(f.names.items[0], "a");
    cr_assert_str_eq(f.names.items[2], "c");
    cr_assert_eq(f.set.n, 2);
    cr_assert_str_eq(f.set.items[1], "run.seed=3", "key=value items are not split");
    cr_assert_eq(f.threads, 5, "a value given twice: the last one");
    cr_assert_eq(csim_opts_given(&a, "--threads"), 2);
    cr_assert_eq(f.evens, 6, "the custom kind took the following number too");
    cr_assert(f.force);
    csim_opt_args_destroy(&a);
    cr_assert_null(f.names.items, "destroy frees the lists' items");
}

Test(options, double_dash_ends_options) {
    fields f;
    csim_opt_args a;
    cr_assert_eq(PARSE(&f, &a, "-l", "x", "--", "-weird.h5"), CSIM_EXIT_OK);
    cr_assert_eq(a.n_operands, 1);
    cr_assert_str_eq(a.operands[0], "-weird.h5");
    csim_opt_args_destroy(&a);
}

Test(options, help_stops_parsing) {
    fields f;
    csim_opt_args a;
    cr_assert_eq(PARSE(&f, &a, "--help", "--bogus"), CSIM_EXIT_OK);
    cr_assert(a.help);
    csim_opt_args_destroy(&a);
    cr_assert_eq(PARSE(&f, &a, "-h"), CSIM_EXIT_OK);
    cr_assert(a.help, "no operand or required option is asked for with -h");
    csim_opt_args_destroy(&a);
}

Test(options, unknown_option_suggests_nearest) {
    fields f;
    csim_opt_args a;
    cr_assert_eq(PARSE(&f, &a, "in.h5", "--thread", "2"), CSIM_EXIT_USAGE);
    const char *err = stderr_text();
    cr_assert(strstr(err, "clustersim demo: unknown option '--thread'; did you mean "
                          "'--threads'?"), "%s", err);
    cr_assert(strstr(err, "see 'clustersim demo --help'"), "%s", err);
    csim_opt_args_destroy(&a);
}

/* An option far from every name gets no suggestion (the line ends after it); a missing
 * value names what was expected; a hidden row refuses with its reason. */
Test(options, refusals_without_a_suggestion_say_what_is_wrong) {
    static const refusal cases[] = {
        {{"in.h5", "--zzzzzzzz"}, "unknown option '--zzzzzzzz'\n"},
        {{"in.h5", "-l", "x", "-o"}, "clustersim demo: -o needs a value (FILE)"},
        {{"in.h5", "-l", "x", "--old", "1"}, "--old was removed; use --names"},
    };
    expect_refusals(cases, sizeof cases / sizeof cases[0]);
}

Test(options, bad_numbers_name_option_and_expectation) {
    static const refusal cases[] = {
        {{"in.h5", "-l", "x", "--threads", "0"},
         "--threads expects a whole number from 1 to 4096, got '0'"},
        {{"in.h5", "-l", "x", "--threads", "2x"},
         "--threads expects a whole number from 1 to 4096, got '2x'"},
        {{"in.h5", "-l", "x", "--step", "-2"},
         "--step expects a whole number from -1 to 1000, got '-2'"},
        {{"in.h5", "-l", "x", "--rate", "1.5"}, "--rate expects a number from 0 to 1, got '1.5'"},
        {{"in.h5", "-l", "x", "--rate", "nan"}, "--rate expects a number from 0 to 1, got 'nan'"},
    };
    expect_refusals(cases, sizeof cases / sizeof cases[0]);
}

Test(options, choices_lists_and_flags_refuse_what_they_cannot_take) {
    static const refusal cases[] = {
        {{"in.h5", "-l", "x", "--format", "xml"}, "--format expects table, csv or json, got 'xml'"},
        {{"in.h5", "-l", "x", "--names", "a,b,c,d,e"}, "at most 4 --names values"},
        {{"in.h5", "-l", "x", "--force=yes"}, "--force takes no value, got 'yes'"},
        {{"in.h5", "-l", "x", "--even", "3"}, "--even expects an even number, got '3'"},
        {{"in.h5", "-l", "x", "-o", ""}, "-o expects FILE, got an empty name"},
    };
    expect_refusals(cases, sizeof cases / sizeof cases[0]);
}

Test(options, added_items_follow_the_given_ones) {
    fields f;
    csim_opt_args a;
    cr_assert_eq(PARSE(&f, &a, "in.h5", "-l", "x", "--set", "a=1"), CSIM_EXIT_OK);
    cr_assert_eq(csim_opts_add(&a, &f, "--set", "run.seed=7"), CSIM_EXIT_OK);
    cr_assert_eq(f.set.n, 2);
    cr_assert_str_eq(f.set.items[0], "a=1");
    cr_assert_str_eq(f.set.items[1], "run.seed=7");
    cr_assert_eq(csim_opts_add(&a, &f, "--threads", "2"), CSIM_EXIT_FAILURE,
                 "only a repeatable option takes added items");
    csim_opt_args_destroy(&a);
}

Test(options, operands_and_required_options) {
    static const refusal cases[] = {
        {{"-l", "x"}, "missing FILE (a trajectory)"},
        {{"a.h5", "b.h5", "-l", "x"}, "one file at a time (got 'a.h5' and 'b.h5')"},
        {{"a.h5"}, "missing -l TEXT"},
    };
    expect_refusals(cases, sizeof cases / sizeof cases[0]);
}

Test(options, help_lists_every_option_with_defaults) {
    csim_test_text t;
    csim_opts_help(&spec, csim_test_text_open(&t));
    char *text = csim_test_text_close(&t);
    cr_assert(strncmp(text, "usage: clustersim demo FILE [-o FILE] [--force] [--threads N]",
                      strlen("usage: clustersim demo FILE [-o FILE] [--force] [--threads N]")) == 0,
              "%s", text);
    cr_assert(strstr(text, "-l TEXT"), "a required option is shown without brackets: %s", text);
    cr_assert(strstr(text, "[--format table|csv|json]"), "choices in the usage line: %s", text);
    cr_assert(strstr(text, "[--set key=value]..."), "repeatable: %s", text);
    cr_assert(strstr(text, "Demonstrate every kind of option."), "%s", text);
    cr_assert_null(strstr(text, "--old"), "a row without help is not shown: %s", text);
    for (size_t k = 0; k < spec.n_opts; ++k) {
        if (!opts[k].help) {
            continue;
        }
        char line[128];
        snprintf(line, sizeof line, "  %s%s%s%s%s", opts[k].short_name ? "-" : "",
                 opts[k].short_name ? (char[]){opts[k].short_name, ',', ' ', '\0'} : "",
                 opts[k].name, opts[k].metavar ? " " : "", opts[k].metavar ? opts[k].metavar : "");
        cr_assert(strstr(text, line), "'%s' is in --help: %s", line, text);
        cr_assert(strstr(text, opts[k].help), "the help of %s: %s", opts[k].name, text);
    }
    cr_assert(strstr(text, "  -h, --help"), "%s", text);
    cr_assert(strstr(text, "OpenMP threads (default: 1)"), "%s", text);
    cr_assert(strstr(text, "a label (required)"), "%s", text);
    cr_assert(strstr(text, "override a parameter (repeatable)"), "%s", text);
    cr_assert(strstr(text, "also --name"), "%s", text);
    cr_assert(strstr(text, "\nExit codes: 0 success, 2 bad arguments.\n"), "%s", text);
    for (const char *p = text; *p;) {
        const size_t len = strcspn(p, "\n");
        cr_assert_leq(len, 80, "every line fits 80 columns: '%.*s'", (int) len, p);
        p += len + (p[len] == '\n');
    }
    free(text);
}
