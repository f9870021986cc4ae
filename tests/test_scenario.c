/* Tests of scenarios/scenario: loading YAML files with extends chains and overrides, and
 * the one-line messages users see for every kind of mistake. Fixtures live in
 * tests/data/scenarios/, each commented with what it tests. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "model/categories.h"
#include "scenarios/scenario.h"
#include "tests/support/test_support.h"

TestSuite(scenario, .init = csim_test_quiet_libraries);

#define FIXTURES "tests/data/scenarios/"

static char *fixture(char *buf, size_t size, const char *name) {
    char rel[256];
    snprintf(rel, sizeof rel, FIXTURES "%s", name);
    return csim_test_source_path(buf, size, rel);
}

static bool is_zeroed(const csim_scenario *sc) {
    static const csim_scenario zero;
    return memcmp(sc, &zero, sizeof zero) == 0;
}

/* Load fixture `name` expecting `want`; return a copy of the message in `msg`. */
static void load_fails(const char *name, csim_status want, char *msg, size_t size) {
    char path[1024];
    csim_scenario sc;
    const csim_status st = csim_scenario_load(&sc, fixture(path, sizeof path, name), NULL, 0);
    cr_assert_eq(st, want, "%s: status %d, message: %s", name, (int) st, csim_last_error());
    cr_assert(is_zeroed(&sc), "%s: failed load did not leave the scenario destroyed", name);
    csim_scenario_destroy(&sc);
    snprintf(msg, size, "%s", csim_last_error());
}

#define assert_has(msg, frag) cr_assert(strstr((msg), (frag)), "missing '%s' in: %s", (frag), (msg))

/* The fixture `name` fails with `want` and a message that holds every fragment of the
 * NULL-terminated list `frags`. */
static void fails_with(const char *name, csim_status want, const char *const *frags) {
    char msg[2048];
    load_fails(name, want, msg, sizeof msg);
    for (size_t k = 0; frags[k] != NULL; ++k) {
        assert_has(msg, frags[k]);
    }
}

/* The fixture `name` is refused as invalid input (CSIM_EPARSE) with a message holding
 * `text`: the file, line and column, and the reason. */
static void refused_with(const char *name, const char *text) {
    fails_with(name, CSIM_EPARSE, (const char *const[]){text, NULL});
}

/* A case of a table of refusals: what is given (a file's text, an override) and what the
 * message must say about it. */
typedef struct refusal {
    const char *given;
    const char *message;
} refusal;

/* ---- files that load ------------------------------------------------------------------- */

Test(scenario, good_file_overrides_defaults) {
    char path[1024];
    csim_scenario sc;
    csim_params def;
    cr_assert_eq(csim_params_defaults(&def), CSIM_OK);
    cr_assert_eq(csim_scenario_load(&sc, fixture(path, sizeof path, "good.yaml"), NULL, 0), CSIM_OK,
                 "%s", csim_last_error());
    cr_assert_eq(sc.params.run_steps, 24);
    cr_assert_eq(sc.params.run_seed, 42);
    cr_assert(sc.params.run_scale == 0.5);
    cr_assert(sc.params.population_size_class_share.v[CSIM_SIZE_UNDER_50] == 0.8);
    cr_assert(sc.params.population_size_class_share.v[CSIM_SIZE_1000_PLUS] == 0.02);
    cr_assert(sc.params.population_complex_share.v[3] == 0.1);
    /* Parameters not in the file keep their defaults. */
    cr_assert_eq(sc.params.run_start_year, def.run_start_year);
    cr_assert_eq(sc.params.run_snapshot_interval, def.run_snapshot_interval);
    cr_assert_eq(memcmp(&sc.params.population_sector_share, &def.population_sector_share,
                        sizeof def.population_sector_share),
                 0);
    cr_assert_str_eq(sc.path, path);
    cr_assert_str_eq(sc.name, "good");
    cr_assert_str_eq(sc.overrides, "");
    assert_has(sc.text, "# --- file: ");
    assert_has(sc.text, "steps: 24        # two years");
    csim_scenario_destroy(&sc);
    cr_assert(is_zeroed(&sc));
    csim_scenario_destroy(&sc); /* double destroy is a no-op */
}

Test(scenario, comments_only_file_gives_defaults) {
    char path[1024];
    csim_scenario sc;
    csim_params def;
    cr_assert_eq(csim_params_defaults(&def), CSIM_OK);
    cr_assert_eq(csim_scenario_load(&sc, fixture(path, sizeof path, "comments_only.yaml"), NULL, 0),
                 CSIM_OK, "%s", csim_last_error());
    cr_assert_eq(memcmp(&sc.params, &def, sizeof def), 0);
    csim_scenario_destroy(&sc);
}

Test(scenario, extends_chain_applies_root_first_and_resolves_each_folder) {
    char path[1024], root[1024], middle[1024];
    csim_scenario sc;
    cr_assert_eq(csim_scenario_load(&sc, fixture(path, sizeof path, "chain_top.yaml"), NULL, 0),
                 CSIM_OK, "%s", csim_last_error());
    cr_assert_eq(sc.params.run_seed, 3);   /* top */
    cr_assert_eq(sc.params.run_steps, 20); /* middle, over root */
    cr_assert(sc.params.run_scale == 2.0); /* root only */
    cr_assert_str_eq(sc.name, "chain_top");

    /* Every file's text, root ancestor first, each under its header. */
    snprintf(root, sizeof root, "# --- file: %s/" FIXTURES "chain/parts/root.yaml\n",
             CSIM_SOURCE_DIR);
    snprintf(middle, sizeof middle, "# --- file: %s/" FIXTURES "chain/middle.yaml\n",
             CSIM_SOURCE_DIR);
    char top[1100];
    snprintf(top, sizeof top, "# --- file: %s\n", path);
    const char *r = strstr(sc.text, root);
    const char *m = strstr(sc.text, middle);
    const char *t = strstr(sc.text, top);
    cr_assert(r && m && t, "headers missing in:\n%s", sc.text);
    cr_assert(sc.text == r, "text does not start with the root ancestor:\n%s", sc.text);
    cr_assert(r < m && m < t, "files out of order:\n%s", sc.text);
    assert_has(sc.text, "scale: 2");
    assert_has(sc.text, "extends: parts/root.yaml");
    assert_has(sc.text, "extends: chain/middle.yaml");
    csim_scenario_destroy(&sc);
}

Test(scenario, relative_path_from_working_directory) {
    csim_scenario sc;
    cr_assert_eq(chdir(CSIM_SOURCE_DIR), 0);
    cr_assert_eq(csim_scenario_load(&sc, FIXTURES "chain_top.yaml", NULL, 0), CSIM_OK, "%s",
                 csim_last_error());
    cr_assert_eq(sc.params.run_steps, 20);
    assert_has(sc.text, "# --- file: " FIXTURES "chain/parts/root.yaml\n");
    csim_scenario_destroy(&sc);
}

Test(scenario, yml_extension_and_extends_of_a_scratch_file) {
    char dir[1024], path[1100], parent[1100];
    csim_test_scratch_file(dir, sizeof dir, path, sizeof path, "scenario-yml", "short.yml");
    snprintf(parent, sizeof parent, "%s/base.yaml", dir);
    cr_assert_eq(csim_test_write_file(parent, "run: {steps: 7}"), 0); /* no final newline */
    cr_assert_eq(csim_test_write_file(path, "extends: base.yaml\n"), 0);
    csim_scenario sc;
    cr_assert_eq(csim_scenario_load(&sc, path, NULL, 0), CSIM_OK, "%s", csim_last_error());
    cr_assert_str_eq(sc.name, "short");
    cr_assert_eq(sc.params.run_steps, 7);
    assert_has(sc.text, "run: {steps: 7}\n# --- file: ");
    csim_scenario_destroy(&sc);
}

/* ---- extends errors -------------------------------------------------------------------- */

Test(scenario, self_extend_is_rejected) {
    fails_with("self_extend.yaml", CSIM_EPARSE,
               (const char *const[]){
                   "self_extend.yaml:2:10: extends 'self_extend.yaml': extends loop: ",
                   "self_extend.yaml -> ", NULL});
}

Test(scenario, extends_loop_is_rejected_naming_the_chain) {
    char msg[2048];
    load_fails("loop_a.yaml", CSIM_EPARSE, msg, sizeof msg);
    assert_has(msg, "extends loop: ");
    assert_has(msg, "loop_a.yaml -> ");
    assert_has(msg, "loop_b.yaml -> ");
    /* The chain ends where it started. */
    const size_t n = strlen(msg);
    const char *end = "loop_a.yaml; expected a chain that ends in a file without 'extends'";
    cr_assert(n > strlen(end) && strcmp(msg + n - strlen(end), end) == 0, "%s", msg);
}

Test(scenario, extends_missing_file_is_an_io_error) {
    fails_with("extends_missing.yaml", CSIM_EIO,
               (const char *const[]){
                   "extends_missing.yaml:2:10: extends 'no-such-parent.yaml': cannot read '",
                   FIXTURES "no-such-parent.yaml': No such file or directory", NULL});
}

/* ---- content errors -------------------------------------------------------------------- */

Test(scenario, misspelled_key_names_file_line_column_and_suggestion) {
    char msg[2048], path[1024], want[2048];
    load_fails("misspelled_key.yaml", CSIM_EPARSE, msg, sizeof msg);
    snprintf(want, sizeof want, "%s:4:3: unknown parameter 'run.stesp'; did you mean 'run.steps'?",
             fixture(path, sizeof path, "misspelled_key.yaml"));
    cr_assert_str_eq(msg, want);
}

Test(scenario, misspelled_section_gets_a_suggestion) {
    refused_with("misspelled_section.yaml",
                 "misspelled_section.yaml:2:1: unknown section 'popluation'; "
                 "did you mean 'population'?");
}

Test(scenario, wrong_type_names_line_and_expected) {
    refused_with("wrong_type.yaml",
                 "wrong_type.yaml:3:10: key 'run.steps': expected an integer, got 'many'");
}

Test(scenario, out_of_range_names_line_and_expected) {
    refused_with("out_of_range.yaml",
                 "out_of_range.yaml:4:10: key 'run.scale': value 0.0001 is out of range; "
                 "expected a value between 0.001 and 100000");
}

Test(scenario, vector_component_error_points_at_the_component) {
    refused_with("vec_component.yaml",
                 "vec_component.yaml:6:15: key 'population.complex_share': component "
                 "'complex3': value 2.0 is out of range");
}

Test(scenario, duplicate_key_is_rejected) {
    refused_with("duplicate_key.yaml",
                 "duplicate_key.yaml:4:3: key 'run.steps' is given twice (first at line 3)");
}

Test(scenario, malformed_yaml_bad_indentation) {
    fails_with("bad_indent.yaml", CSIM_EPARSE,
               (const char *const[]){"bad_indent.yaml:4:", ": invalid YAML: ", NULL});
}

Test(scenario, malformed_yaml_unclosed_bracket) {
    /* "line 3": where the flow mapping started. */
    fails_with("unclosed_bracket.yaml", CSIM_EPARSE,
               (const char *const[]){"unclosed_bracket.yaml:", ": invalid YAML: ", "line 3", NULL});
}

Test(scenario, top_level_must_be_a_mapping) {
    refused_with("top_sequence.yaml",
                 "top_sequence.yaml:2:1: the top level holds a sequence; expected a mapping");
}

Test(scenario, scratch_files_for_other_mistakes) {
    char dir[1024], path[1100], msg[2048];
    csim_scenario sc;
    static const refusal cases[] = {
        {"just words\n", ":1:1: the top level holds a single value; expected a mapping"},
        {"run: 5\n", ":1:6: section 'run' holds a single value; expected a mapping"},
        {"steps: 5\n", ":1:1: unknown section 'steps'; did you mean 'run.steps'"},
        {"weather:\n  rain: 1\n",
         ":1:1: unknown section 'weather'; expected one of run, population"},
        {"run.steps: 5\n", ":1:1: dotted key 'run.steps' in a file; expected nested mappings"},
        {"run:\n  zzzzqqqq: 1\n", ":2:3: unknown parameter 'run.zzzzqqqq'; expected one of the "
                                  "keys of 'run': start_year, steps"},
        {"run:\n  scale: \"2\"\n", ":2:10: key 'run.scale': expected a number, got string '2'"},
        {"run:\n  steps: 200.5\n", ":2:10: key 'run.steps': expected an integer, got '200.5'"},
        {"run:\n  scale: .nan\n", ":2:10: key 'run.scale': expected a finite number"},
        {"run:\n  steps: 1\nrun:\n  seed: 2\n", ":3:1: section 'run' is given twice"},
        {"extends: [a, b]\n", ":1:10: 'extends' needs a file name"},
        {"run: {steps: 1}\n---\nrun: {steps: 2}\n", ":3:1: a second YAML document"},
        {"run:\n\tsteps: 1\n", ": invalid YAML: "},
        {"population:\n  complex_share: {complex1: 0.4, complex2: 0.3, complex3: 0.3}\n",
         ":2:18: key 'population.complex_share': missing component 'complex4'"},
        {"population:\n  complex_share: {complex1: 0.4, complex2: 0.3, complex3: 0.3, komplex4: "
         "0}\n",
         ":2:64: key 'population.complex_share': unknown component 'komplex4'; did you mean "
         "'complex4'?"},
    };
    csim_test_scratch_file(dir, sizeof dir, path, sizeof path, "scenario-mistakes", "case.yaml");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
        cr_assert_eq(csim_test_write_file(path, cases[i].given), 0);
        const csim_status st = csim_scenario_load(&sc, path, NULL, 0);
        snprintf(msg, sizeof msg, "%s", csim_last_error());
        cr_assert_eq(st, CSIM_EPARSE, "case %zu accepted or wrong code %d: %s", i, (int) st, msg);
        cr_assert(is_zeroed(&sc));
        cr_assert(strncmp(msg, path, strlen(path)) == 0, "case %zu lacks the path: %s", i, msg);
        assert_has(msg, cases[i].message);
        cr_assert_null(strchr(msg, '\n'), "case %zu is not one line: %s", i, msg);
    }
}

Test(scenario, empty_section_is_allowed) {
    char dir[1024], path[1100];
    csim_scenario sc;
    csim_test_scratch_file(dir, sizeof dir, path, sizeof path, "scenario-empty-section",
                           "empty.yaml");
    cr_assert_eq(csim_test_write_file(path, "run:\n  # steps: 3\npopulation:\n"), 0);
    cr_assert_eq(csim_scenario_load(&sc, path, NULL, 0), CSIM_OK, "%s", csim_last_error());
    cr_assert_eq(sc.params.run_steps, 156);
    csim_scenario_destroy(&sc);
}

/* ---- I/O errors and arguments ---------------------------------------------------------- */

Test(scenario, missing_file_is_an_io_error_naming_the_path) {
    char msg[2048], path[1024];
    load_fails("no-such-scenario.yaml", CSIM_EIO, msg, sizeof msg);
    char want[2048];
    snprintf(want, sizeof want, "%s: cannot read scenario file: No such file or directory",
             fixture(path, sizeof path, "no-such-scenario.yaml"));
    cr_assert_str_eq(msg, want);
}

Test(scenario, folder_is_an_io_error) {
    fails_with("chain", CSIM_EIO,
               (const char *const[]){
                   "chain: cannot read scenario file: is a folder, not a regular file", NULL});
}

Test(scenario, null_arguments_are_rejected) {
    csim_scenario sc;
    cr_assert_eq(csim_scenario_load(&sc, NULL, NULL, 0), CSIM_EINVAL);
    cr_assert(is_zeroed(&sc));
    cr_assert_eq(csim_scenario_from_defaults(&sc, "x", NULL, 2), CSIM_EINVAL);
    cr_assert(is_zeroed(&sc));
    const char *with_null[] = {"run.steps=3", NULL};
    cr_assert_eq(csim_scenario_from_defaults(&sc, "x", with_null, 2), CSIM_EINVAL);
    cr_assert(is_zeroed(&sc));
}

Test(scenario, destroy_is_safe_on_zeroed_and_twice) {
    csim_scenario sc;
    memset(&sc, 0, sizeof sc);
    csim_scenario_destroy(&sc);
    csim_scenario_destroy(&sc);
    cr_assert(is_zeroed(&sc));
}

/* ---- overrides ------------------------------------------------------------------------- */

Test(scenario, overrides_apply_after_the_file) {
    char path[1024];
    csim_scenario sc;
    const char *ov[] = {"run.steps=99",
                        ("population.complex_share={complex1: 0.25, complex2: 0.25, "
                         "complex3: 0.25, complex4: 0.25}"),
                        " run.seed = 5"};
    cr_assert_eq(csim_scenario_load(&sc, fixture(path, sizeof path, "good.yaml"), ov, 3), CSIM_OK,
                 "%s", csim_last_error());
    cr_assert_eq(sc.params.run_steps, 99); /* file said 24 */
    cr_assert_eq(sc.params.run_seed, 5);   /* file said 42 */
    cr_assert(sc.params.run_scale == 0.5); /* file, untouched */
    cr_assert(sc.params.population_complex_share.v[0] == 0.25);
    char want[512];
    snprintf(want, sizeof want, "%s\n%s\n%s\n", ov[0], ov[1], ov[2]);
    cr_assert_str_eq(sc.overrides, want);
    csim_scenario_destroy(&sc);
}

Test(scenario, override_errors_name_the_override) {
    char path[1024];
    csim_scenario sc;
    static const refusal cases[] = {
        {"run.steps=abc", "--set run.steps=abc: key 'run.steps': expected an integer, got 'abc'"},
        {"run.stesp=5",
         "--set run.stesp=5: unknown parameter 'run.stesp'; did you mean 'run.steps'?"},
        {"run.steps", "--set run.steps: expected section.key=value"},
        {"=5", "--set =5: expected section.key=value"},
        {"run.steps=", "--set run.steps=: key 'run.steps': expected an integer, got nothing"},
        {"run.steps=0", "--set run.steps=0: key 'run.steps': value 0 is out of range; expected a "
                        "value between 1 and 12000"},
        {"run.scale=[1", "--set run.scale=[1: key 'run.scale': invalid YAML '[1': "},
        {"zzzz.qqqq=1", "--set zzzz.qqqq=1: unknown parameter 'zzzz.qqqq'; expected section.key"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
        const char *ov[] = {"run.seed=1", cases[i].given};
        const csim_status st =
            csim_scenario_load(&sc, fixture(path, sizeof path, "good.yaml"), ov, 2);
        cr_assert_eq(st, CSIM_EPARSE, "%s: %d %s", cases[i].given, (int) st, csim_last_error());
        cr_assert(is_zeroed(&sc));
        cr_assert(strncmp(csim_last_error(), cases[i].message, strlen(cases[i].message)) == 0,
                  "got: %s\nwant: %s", csim_last_error(), cases[i].message);
        csim_scenario_destroy(&sc);
    }
}

Test(scenario, from_defaults_with_overrides) {
    csim_scenario sc;
    const char *ov[] = {"run.steps=12"};
    cr_assert_eq(csim_scenario_from_defaults(&sc, "quick", ov, 1), CSIM_OK, "%s",
                 csim_last_error());
    cr_assert_eq(sc.params.run_steps, 12);
    cr_assert_eq(sc.params.run_start_year, 2003);
    cr_assert_str_eq(sc.name, "quick");
    cr_assert_str_eq(sc.path, "");
    cr_assert_str_eq(sc.text, "");
    cr_assert_str_eq(sc.overrides, "run.steps=12\n");
    csim_scenario_destroy(&sc);

    cr_assert_eq(csim_scenario_from_defaults(&sc, NULL, NULL, 0), CSIM_OK);
    cr_assert_str_eq(sc.name, "defaults");
    cr_assert_str_eq(sc.overrides, "");
    csim_params def;
    cr_assert_eq(csim_params_defaults(&def), CSIM_OK);
    cr_assert_eq(memcmp(&sc.params, &def, sizeof def), 0);
    csim_scenario_destroy(&sc);

    const char *bad[] = {"run.steps=-3"};
    cr_assert_eq(csim_scenario_from_defaults(&sc, "bad", bad, 1), CSIM_EPARSE);
    cr_assert(is_zeroed(&sc));
    csim_scenario_destroy(&sc);
}
