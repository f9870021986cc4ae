/* Tests of sim/schema: lookup, suggestions, parsing and range checks of every type,
 * formatting and its bit-identical round trip over the real parameter table. */
#include <criterion/criterion.h>

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <yaml.h>

#include "model/categories.h"
#include "model/params.h"
#include "sim/schema.h"
#include "tests/support/test_support.h"

TestSuite(schema, .init = csim_test_quiet_libraries);

/* ---- a small schema of its own, so every type is covered whatever the model table holds */

typedef struct test_params {
    long count;
    double rate;
    bool flag;
    long mode;
    csim_series budget;
    csim_vec share;
} test_params;

static const char *const mode_names[] = {"off", "low", "high"};
static const char *const part_names[] = {"alpha", "beta", "gamma"};

static const csim_param_desc test_table[] = {
    {"run.count", CSIM_PT_INT, offsetof(test_params, count), "10", 0, 100, "1", "a count", NULL, 0},
    {"run.rate", CSIM_PT_DOUBLE, offsetof(test_params, rate), "0.5", 0, 1, "1", "a share", NULL, 0},
    {"run.flag", CSIM_PT_BOOL, offsetof(test_params, flag), "false", 0, 1, "1", "a flag", NULL, 0},
    {"policy.mode", CSIM_PT_ENUM, offsetof(test_params, mode), "low", 0, 0, "1", "a choice",
     mode_names, 3},
    {"policy.budget", CSIM_PT_SERIES, offsetof(test_params, budget), "{2005: 10, 2007: 6}", 0, 1000,
     "KRW million", "a timeline", NULL, 0},
    {"policy.share", CSIM_PT_VEC, offsetof(test_params, share),
     "{alpha: 0.2, beta: 0.3, gamma: 0.5}", 0, 1, "1", "shares", part_names, 3},
};

static const csim_schema test_schema = {test_table, sizeof test_table / sizeof test_table[0],
                                        sizeof(test_params)};

static const csim_param_desc *row(const char *name) {
    const csim_param_desc *desc = csim_schema_find(&test_schema, name);
    cr_assert_not_null(desc, "no row %s", name);
    return desc;
}

/* Set `name` from `text` and expect CSIM_EPARSE with every one of the given fragments. */
static void expect_reject(test_params *p, const char *name, const char *text, const char *frag1,
                          const char *frag2) {
    csim_clear_error();
    const csim_status st = csim_schema_set_from_text(&test_schema, row(name), p, text);
    cr_assert_eq(st, CSIM_EPARSE, "%s = %s accepted", name, text);
    const char *msg = csim_last_error();
    char key[128];
    snprintf(key, sizeof key, "key '%s'", name);
    cr_assert(strstr(msg, key), "message lacks the key: %s", msg);
    cr_assert(strstr(msg, frag1), "message lacks '%s': %s", frag1, msg);
    if (frag2) {
        cr_assert(strstr(msg, frag2), "message lacks '%s': %s", frag2, msg);
    }
    cr_assert_null(strchr(msg, '\n'), "message is not one line: %s", msg);
}

static test_params defaults(void) {
    test_params p;
    cr_assert_eq(csim_schema_set_defaults(&test_schema, &p), CSIM_OK, "%s", csim_last_error());
    return p;
}

/* ---- the real table --------------------------------------------------------------------- */

Test(schema, model_defaults_all_parse) {
    csim_params p;
    cr_assert_eq(csim_params_defaults(&p), CSIM_OK, "%s", csim_last_error());
    cr_assert_eq(p.run_steps, 156);
    cr_assert_eq(p.run_start_year, 2003);
    /* Parsed from the same decimal text as the literal, so bit-equal by construction. */
    cr_assert(p.population_size_class_share.v[CSIM_SIZE_UNDER_50] == 0.782);
    cr_assert(p.population_size_class_share.v[CSIM_SIZE_1000_PLUS] == 0.013);
}

/* Format every parameter, parse it back into a zeroed struct and compare the bytes. */
static void round_trip_all(const csim_params *src) {
    const csim_schema *schema = csim_params_schema();
    char text[4096];

    for (size_t i = 0; i < schema->n_params; ++i) {
        const csim_param_desc *desc = &schema->params[i];
        const int n = csim_schema_format(desc, src, text, sizeof text);
        cr_assert(n > 0 && (size_t) n < sizeof text, "%s formats to %d characters", desc->name, n);
        csim_params back;
        memset(&back, 0, sizeof back);
        cr_assert_eq(csim_schema_set_from_text(schema, desc, &back, text), CSIM_OK, "%s = %s: %s",
                     desc->name, text, csim_last_error());
        const size_t size = csim_schema_type_size(desc->type);
        cr_assert_eq(
            memcmp((const char *) src + desc->offset, (const char *) &back + desc->offset, size), 0,
            "%s does not round-trip through '%s'", desc->name, text);
    }
}

/* One ulp away from x, staying inside [lo, hi]. */
static double nudge(double x, double lo, double hi) {
    const double up = nextafter(x, INFINITY);
    return up <= hi ? up : (nextafter(x, -INFINITY) >= lo ? nextafter(x, -INFINITY) : x);
}

Test(schema, format_round_trip_is_bit_identical_for_every_parameter) {
    csim_params p;
    cr_assert_eq(csim_params_defaults(&p), CSIM_OK);
    round_trip_all(&p);

    /* Again with every double one ulp off its default: needs all 17 digits. */
    const csim_schema *schema = csim_params_schema();
    for (size_t i = 0; i < schema->n_params; ++i) {
        const csim_param_desc *desc = &schema->params[i];
        char *field = (char *) &p + desc->offset;
        if (desc->type == CSIM_PT_DOUBLE) {
            double *x = (double *) (void *) field;
            *x = nudge(*x, desc->min, desc->max);
        } else if (desc->type == CSIM_PT_VEC) {
            csim_vec *v = (csim_vec *) (void *) field;
            for (size_t k = 0; k < desc->n_names; ++k) {
                v->v[k] = nudge(v->v[k], desc->min, desc->max);
            }
        } else if (desc->type == CSIM_PT_SERIES) {
            csim_series *s = (csim_series *) (void *) field;
            for (size_t k = 0; k < s->n; ++k) {
                s->value[k] = nudge(s->value[k], desc->min, desc->max);
            }
        }
    }
    round_trip_all(&p);
}

Test(schema, format_writes_short_yaml) {
    test_params p = defaults();
    char buf[256];

    cr_assert_eq(csim_schema_format(row("run.count"), &p, buf, sizeof buf), 2);
    cr_assert_str_eq(buf, "10");
    csim_schema_format(row("run.flag"), &p, buf, sizeof buf);
    cr_assert_str_eq(buf, "false");
    csim_schema_format(row("policy.mode"), &p, buf, sizeof buf);
    cr_assert_str_eq(buf, "low");
    csim_schema_format(row("policy.budget"), &p, buf, sizeof buf);
    cr_assert_str_eq(buf, "{2005: 10, 2007: 6}");
    csim_schema_format(row("policy.share"), &p, buf, sizeof buf);
    cr_assert_str_eq(buf, "{alpha: 0.2, beta: 0.3, gamma: 0.5}");
    /* The shortest text that reads back to the same bits, with all digits when needed. */
    p.rate = 0.1 + 0.2;
    csim_schema_format(row("run.rate"), &p, buf, sizeof buf);
    cr_assert_str_eq(buf, "0.30000000000000004");
    p.budget.n = 0;
    csim_schema_format(row("policy.budget"), &p, buf, sizeof buf);
    cr_assert_str_eq(buf, "{}");
}

Test(schema, format_truncates_like_snprintf) {
    test_params p = defaults();
    char buf[5];
    const int n = csim_schema_format(row("policy.budget"), &p, buf, sizeof buf);
    cr_assert_eq(n, (int) strlen("{2005: 10, 2007: 6}"));
    cr_assert_str_eq(buf, "{200");
    cr_assert_eq(csim_schema_format(row("policy.budget"), &p, NULL, 0), n);
}

/* ---- lookup and suggestions ------------------------------------------------------------ */

Test(schema, find_is_exact) {
    const csim_schema *schema = csim_params_schema();
    cr_assert_not_null(csim_schema_find(schema, "run.steps"));
    cr_assert_null(csim_schema_find(schema, "run.step"));
    cr_assert_null(csim_schema_find(schema, "steps"));
    cr_assert_null(csim_schema_find(schema, ""));
}

Test(schema, suggest_finds_near_names) {
    const csim_schema *schema = csim_params_schema();
    const char *s = csim_schema_suggest(schema, "run.stesp");
    cr_assert(s && strcmp(s, "run.steps") == 0, "got %s", s ? s : "NULL");
    s = csim_schema_suggest(schema, "steps");
    cr_assert(s && strcmp(s, "run.steps") == 0, "got %s", s ? s : "NULL");
    /* The right key in the wrong section. */
    s = csim_schema_suggest(schema, "population.steps");
    cr_assert(s && strcmp(s, "run.steps") == 0, "got %s", s ? s : "NULL");
    s = csim_schema_suggest(schema, "population.inital_firms");
    cr_assert(s && strcmp(s, "population.initial_firms") == 0, "got %s", s ? s : "NULL");
}

Test(schema, suggest_gives_null_for_nonsense) {
    const csim_schema *schema = csim_params_schema();
    cr_assert_null(csim_schema_suggest(schema, "zzzzqqqqxx"));
    cr_assert_null(csim_schema_suggest(schema, "weather.rainfall_mm"));
    cr_assert_null(csim_schema_suggest(schema, "q"));
}

Test(schema, sections) {
    const csim_schema *schema = csim_params_schema();
    char buf[64];
    cr_assert(csim_schema_has_section(schema, "run"));
    cr_assert(csim_schema_has_section(schema, "population"));
    cr_assert_not(csim_schema_has_section(schema, "ru"));
    cr_assert_not(csim_schema_has_section(schema, "run.steps"));
    cr_assert(csim_schema_suggest_section(schema, "rnu", buf, sizeof buf));
    cr_assert_str_eq(buf, "run");
    cr_assert(csim_schema_suggest_section(schema, "popluation", buf, sizeof buf));
    cr_assert_str_eq(buf, "population");
    cr_assert_not(csim_schema_suggest_section(schema, "weather", buf, sizeof buf));
    cr_assert_str_eq(buf, "");
    cr_assert_not(csim_schema_suggest_section(schema, "populatio", buf, 4)); /* does not fit */
}

Test(schema, type_names) {
    cr_assert_str_eq(csim_schema_type_name(CSIM_PT_INT), "int");
    cr_assert_str_eq(csim_schema_type_name(CSIM_PT_DOUBLE), "double");
    cr_assert_str_eq(csim_schema_type_name(CSIM_PT_BOOL), "bool");
    cr_assert_str_eq(csim_schema_type_name(CSIM_PT_ENUM), "enum");
    cr_assert_str_eq(csim_schema_type_name(CSIM_PT_SERIES), "series");
    cr_assert_str_eq(csim_schema_type_name(CSIM_PT_VEC), "vector");
}

/* ---- parsing, type by type ------------------------------------------------------------- */

Test(schema, test_table_defaults) {
    const test_params p = defaults();
    cr_assert_eq(p.count, 10);
    cr_assert(p.rate == 0.5);
    cr_assert_not(p.flag);
    cr_assert_eq(p.mode, 1);
    cr_assert_eq(p.budget.n, 2);
    cr_assert_eq(p.budget.year[1], 2007);
    cr_assert(p.budget.value[1] == 6.0);
    cr_assert(p.share.v[2] == 0.5);
}

Test(schema, int_accepts_integers_and_integral_decimals) {
    test_params p = defaults();
    const csim_param_desc *d = row("run.count");
    cr_assert_eq(csim_schema_set_from_text(&test_schema, d, &p, "42"), CSIM_OK);
    cr_assert_eq(p.count, 42);
    cr_assert_eq(csim_schema_set_from_text(&test_schema, d, &p, "+7  # comment"), CSIM_OK);
    cr_assert_eq(p.count, 7);
    cr_assert_eq(csim_schema_set_from_text(&test_schema, d, &p, "1e1"), CSIM_OK);
    cr_assert_eq(p.count, 10);
    cr_assert_eq(csim_schema_set_from_text(&test_schema, d, &p, "100.0"), CSIM_OK);
    cr_assert_eq(p.count, 100);
    cr_assert_eq(csim_schema_set_from_text(&test_schema, d, &p, "0"), CSIM_OK);
    cr_assert_eq(p.count, 0);
}

Test(schema, int_rejections) {
    test_params p = defaults();
    expect_reject(&p, "run.count", "20.5", "expected an integer", "got '20.5'");
    expect_reject(&p, "run.count", "1.25e1", "expected an integer", NULL);
    expect_reject(&p, "run.count", "abc", "expected an integer", "got 'abc'");
    expect_reject(&p, "run.count", "\"5\"", "expected an integer", "got string '5'");
    expect_reject(&p, "run.count", "101", "out of range", "between 0 and 100");
    expect_reject(&p, "run.count", "-1", "out of range", NULL);
    expect_reject(&p, "run.count", "1e3", "out of range", NULL);
    expect_reject(&p, "run.count", "99999999999999999999999", "out of range", NULL);
    expect_reject(&p, "run.count", ".inf", "expected an integer", NULL);
    expect_reject(&p, "run.count", "", "expected an integer", "got nothing");
    expect_reject(&p, "run.count", "[1, 2]", "expected an integer", "a sequence");
    expect_reject(&p, "run.count", "0x10", "expected an integer", NULL);
    cr_assert_eq(p.count, 10, "a rejected value changed the parameter");
}

Test(schema, double_rejections) {
    test_params p = defaults();
    expect_reject(&p, "run.rate", "'0.3'", "expected a number, got string '0.3'", NULL);
    expect_reject(&p, "run.rate", ".nan", "expected a finite number", NULL);
    expect_reject(&p, "run.rate", ".NaN", "expected a finite number", NULL);
    expect_reject(&p, "run.rate", "-.inf", "expected a finite number", NULL);
    expect_reject(&p, "run.rate", "nan", "expected a number", NULL);
    expect_reject(&p, "run.rate", "inf", "expected a number", NULL);
    expect_reject(&p, "run.rate", "1e400", "expected a finite number", NULL);
    expect_reject(&p, "run.rate", "1.5", "value 1.5 is out of range", "between 0 and 1");
    expect_reject(&p, "run.rate", "-0.1", "out of range", NULL);
    expect_reject(&p, "run.rate", "0.5.1", "expected a number", NULL);
    expect_reject(&p, "run.rate", "{a: 1}", "expected a number", "a mapping");
    cr_assert(p.rate == 0.5, "a rejected value changed the parameter");
}

Test(schema, double_accepts_numbers) {
    test_params p = defaults();
    const csim_param_desc *d = row("run.rate");
    cr_assert_eq(csim_schema_set_from_text(&test_schema, d, &p, "1"), CSIM_OK);
    cr_assert(p.rate == 1.0);
    cr_assert_eq(csim_schema_set_from_text(&test_schema, d, &p, ".25"), CSIM_OK);
    cr_assert(p.rate == 0.25);
    cr_assert_eq(csim_schema_set_from_text(&test_schema, d, &p, "2.5e-1"), CSIM_OK);
    cr_assert(p.rate == 0.25);
    cr_assert_eq(csim_schema_set_from_text(&test_schema, d, &p, "-0"), CSIM_OK);
    cr_assert(p.rate == 0.0 && signbit(p.rate));
}

Test(schema, bool_values) {
    test_params p = defaults();
    const csim_param_desc *d = row("run.flag");
    cr_assert_eq(csim_schema_set_from_text(&test_schema, d, &p, "true"), CSIM_OK);
    cr_assert(p.flag);
    cr_assert_eq(csim_schema_set_from_text(&test_schema, d, &p, "False"), CSIM_OK);
    cr_assert_not(p.flag);
    expect_reject(&p, "run.flag", "yes", "expected true or false", "got 'yes'");
    expect_reject(&p, "run.flag", "1", "expected true or false", NULL);
    expect_reject(&p, "run.flag", "\"true\"", "expected true or false", "string 'true'");
}

Test(schema, enum_values) {
    test_params p = defaults();
    const csim_param_desc *d = row("policy.mode");
    cr_assert_eq(csim_schema_set_from_text(&test_schema, d, &p, "high"), CSIM_OK);
    cr_assert_eq(p.mode, 2);
    cr_assert_eq(csim_schema_set_from_text(&test_schema, d, &p, "'off'"), CSIM_OK);
    cr_assert_eq(p.mode, 0);
    expect_reject(&p, "policy.mode", "hgih", "expected one of off, low, high",
                  "did you mean 'high'?");
    expect_reject(&p, "policy.mode", "medium", "got 'medium'; expected one of off, low, high",
                  NULL);
    expect_reject(&p, "policy.mode", "2", "expected one of", NULL);
    cr_assert_eq(p.mode, 0);
}

Test(schema, series_values) {
    test_params p = defaults();
    const csim_param_desc *d = row("policy.budget");
    cr_assert_eq(csim_schema_set_from_text(&test_schema, d, &p, "{2003: 0, 2005: 500.5, 2013: 0}"),
                 CSIM_OK, "%s", csim_last_error());
    cr_assert_eq(p.budget.n, 3);
    cr_assert_eq(p.budget.year[0], 2003);
    cr_assert_eq(p.budget.year[2], 2013);
    cr_assert(p.budget.value[1] == 500.5);
    cr_assert_eq(csim_schema_set_from_text(&test_schema, d, &p, "{}"), CSIM_OK);
    cr_assert_eq(p.budget.n, 0);
    /* Block style, as in a file. */
    cr_assert_eq(csim_schema_set_from_text(&test_schema, d, &p, "2005: 10\n2006: 20\n"), CSIM_OK);
    cr_assert_eq(p.budget.n, 2);
}

Test(schema, series_rejections) {
    test_params p = defaults();
    expect_reject(&p, "policy.budget", "{2007: 6, 2005: 10}", "year 2005 comes after 2007",
                  "expected years in increasing order");
    expect_reject(&p, "policy.budget", "{2005: 1, 2005: 2}", "year 2005 is given twice", NULL);
    expect_reject(&p, "policy.budget", "{2005: 2000}", "year 2005: value 2000 is out of range",
                  "between 0 and 1000");
    expect_reject(&p, "policy.budget", "{2005: .nan}", "year 2005: expected a finite number", NULL);
    expect_reject(&p, "policy.budget", "{2005: '3'}", "expected a number, got string '3'", NULL);
    expect_reject(&p, "policy.budget", "{next: 3}", "expected a year", "got 'next'");
    expect_reject(&p, "policy.budget", "{2005.5: 3}", "expected a year", NULL);
    expect_reject(&p, "policy.budget", "5", "expected a mapping of years to numbers", "got '5'");
    expect_reject(&p, "policy.budget", "[2005, 10]", "expected a mapping", "a sequence");

    char text[1024] = "{";
    for (int i = 0; i <= CSIM_SERIES_MAX; ++i) {
        char item[32];
        snprintf(item, sizeof item, "%s%d: 1", i ? ", " : "", 2000 + i);
        strcat(text, item);
    }
    strcat(text, "}");
    expect_reject(&p, "policy.budget", text, "more than 32 years", "at most 32");
    cr_assert_eq(p.budget.n, 2, "a rejected series changed the parameter");
    cr_assert_eq(p.budget.year[0], 2005);
}

Test(schema, series_error_points_at_the_year) {
    /* Through the node API with a file name: the message gives the year's own position. */
    test_params p = defaults();
    yaml_parser_t parser;
    yaml_document_t doc;
    const char *text = "{2005: 1,\n  2003: 2}";
    cr_assert(yaml_parser_initialize(&parser));
    yaml_parser_set_input_string(&parser, (const unsigned char *) text, strlen(text));
    cr_assert(yaml_parser_load(&parser, &doc));
    const csim_status st =
        csim_schema_set_from_node(&test_schema, row("policy.budget"), &p, &doc,
                                  yaml_document_get_root_node(&doc), "budget.yaml", NULL);
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    cr_assert_eq(st, CSIM_EPARSE);
    cr_assert_str_eq(csim_last_error(),
                     "budget.yaml:2:3: key 'policy.budget': year 2003 comes after 2005; "
                     "expected years in increasing order");
}

Test(schema, vec_values) {
    test_params p = defaults();
    const csim_param_desc *d = row("policy.share");
    cr_assert_eq(
        csim_schema_set_from_text(&test_schema, d, &p, "{gamma: 0.1, alpha: 0.6, beta: 0.3}"),
        CSIM_OK, "%s", csim_last_error());
    cr_assert(p.share.v[0] == 0.6);
    cr_assert(p.share.v[2] == 0.1);
    expect_reject(&p, "policy.share", "{alpha: 0.5, beta: 0.5}", "missing component 'gamma'",
                  "expected all of alpha, beta, gamma");
    expect_reject(&p, "policy.share", "{alpa: 0.2, beta: 0.3, gamma: 0.5}",
                  "unknown component 'alpa'", "did you mean 'alpha'?");
    expect_reject(&p, "policy.share", "{alpha: 0.2, beta: 0.3, gamma: 0.5, omega: 0}",
                  "unknown component 'omega'", "expected one of alpha, beta, gamma");
    expect_reject(&p, "policy.share", "{alpha: 0.2, alpha: 0.3, gamma: 0.5}",
                  "component 'alpha' is given twice", NULL);
    expect_reject(&p, "policy.share", "{alpha: 1.2, beta: 0.3, gamma: 0.5}",
                  "component 'alpha': value 1.2 is out of range", NULL);
    expect_reject(&p, "policy.share", "{alpha: x, beta: 0.3, gamma: 0.5}",
                  "component 'alpha': expected a number", NULL);
    expect_reject(&p, "policy.share", "0.3", "expected a mapping of each of alpha, beta, gamma",
                  NULL);
    cr_assert(p.share.v[0] == 0.6, "a rejected vector changed the parameter");
}

Test(schema, malformed_text_is_a_parse_error) {
    test_params p = defaults();
    expect_reject(&p, "policy.budget", "{2005: 1", "invalid YAML", NULL);
    expect_reject(&p, "run.count", "[1, 2", "invalid YAML", NULL);
}

Test(schema, invalid_default_names_the_parameter) {
    static const csim_param_desc bad_table[] = {
        {"run.count", CSIM_PT_INT, offsetof(test_params, count), "10", 0, 100, "1", "ok", NULL, 0},
        {"run.rate", CSIM_PT_DOUBLE, offsetof(test_params, rate), "1.5", 0, 1, "1", "bad", NULL, 0},
    };
    const csim_schema bad = {bad_table, 2, sizeof(test_params)};
    test_params p;
    cr_assert_eq(csim_schema_set_defaults(&bad, &p), CSIM_EPARSE);
    cr_assert(strstr(csim_last_error(), "run.rate"), "%s", csim_last_error());
    cr_assert(strstr(csim_last_error(), "parameter table"), "%s", csim_last_error());
}

Test(schema, malformed_rows_are_internal_errors) {
    static const csim_param_desc bad_table[] = {
        {"policy.share", CSIM_PT_VEC, offsetof(test_params, share), "{}", 0, 1, "1", "no names",
         NULL, 0},
    };
    const csim_schema bad = {bad_table, 1, sizeof(test_params)};
    test_params p;
    cr_assert_eq(csim_schema_set_defaults(&bad, &p), CSIM_EINTERNAL);

    static const csim_param_desc outside[] = {
        {"run.count", CSIM_PT_INT, sizeof(test_params), "1", 0, 100, "1", "past the end", NULL, 0},
    };
    const csim_schema past = {outside, 1, sizeof(test_params)};
    cr_assert_eq(csim_schema_set_defaults(&past, &p), CSIM_EINTERNAL);
}

Test(schema, enum_may_have_more_names_than_a_vector) {
    static const char *const many[] = {"n0",  "n1",  "n2",  "n3",  "n4",  "n5",  "n6",
                                       "n7",  "n8",  "n9",  "n10", "n11", "n12", "n13",
                                       "n14", "n15", "n16", "n17", "n18", "n19"};
    static const csim_param_desc table[] = {
        {"policy.mode", CSIM_PT_ENUM, offsetof(test_params, mode), "n18", 0, 0, "1", "many",
         many, sizeof many / sizeof many[0]},
    };
    const csim_schema schema = {table, 1, sizeof(test_params)};
    test_params p;
    cr_assert_eq(csim_schema_set_defaults(&schema, &p), CSIM_OK, "%s", csim_last_error());
    cr_assert_eq(p.mode, 18);
    char buf[16];
    csim_schema_format(&table[0], &p, buf, sizeof buf);
    cr_assert_str_eq(buf, "n18");
}
