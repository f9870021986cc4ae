/*
 * Rebuilding a recorded run from its trajectory file. The resolved parameters are taken
 * from /parameters/resolved_yaml rather than by re-reading the scenario files: those may
 * have changed or gone since, and defaults may have changed in the code, while the
 * recorded values are exactly what ran (doubles are written in a form that parses back to
 * the same bits, sim/schema.h).
 */
#include "scenarios/recorded.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/params.h"
#include "sim/str_copy.h"
#include "sim/version_gen.h"

/* Room for an error message being wrapped (the error buffer holds 2048). */
#define MSG_MAX 2048

void csim_recorded_run_destroy(csim_recorded_run *run) {
    if (!run) {
        return;
    }
    csim_scenario_destroy(&run->scenario);
    free(run->stream_key);
    free(run->code_version);
    free(run->code_commit);
    memset(run, 0, sizeof *run);
}

/* An optional string attribute of /parameters: a copy, or "" when it is not recorded. */
static csim_status optional_attr(const csim_h5_reader *r, const char *name, char **value) {
    bool has = false;
    *value = NULL;
    csim_status st = csim_h5_read_attr_exists(r, CSIM_FMT_PARAMETERS, name, &has);
    if (st != CSIM_OK) {
        return st;
    }
    if (has) {
        return csim_h5_read_attr_string(r, CSIM_FMT_PARAMETERS, name, value);
    }
    *value = calloc(1, 1);
    return *value ? CSIM_OK : CSIM_FAIL(CSIM_ENOMEM, "empty string");
}

/* A string dataset that must be there, with a message saying the file is not ours. */
static csim_status required_text(const csim_h5_reader *r, const char *path, char **text) {
    *text = NULL;
    const csim_status st =
        csim_h5_read_require(r, path, "not a clustersim trajectory (no %s)", path);
    return st != CSIM_OK ? st : csim_h5_read_text(r, path, text);
}

/* Split "key: value" lines into "key=value" overrides (`lines` is modified in place). */
static csim_status to_overrides(const csim_h5_reader *r, char *lines, char ***out, size_t *n_out) {
    csim_status st = CSIM_OK;
    size_t cap = 1, n = 0;
    for (const char *p = lines; *p; ++p) {
        cap += *p == '\n';
    }
    char **items = calloc(cap, sizeof *items);
    if (!items) {
        return CSIM_FAIL(CSIM_ENOMEM, "%zu parameter lines", cap);
    }
    size_t line_no = 0;
    for (char *line = lines; line && *line; ++line_no) {
        char *end = strchr(line, '\n');
        if (end) {
            *end = '\0';
        }
        if (line[0] != '\0') {
            /* The key has no ':' (dotted identifiers); the value may ({a: 1, b: 2}). */
            char *colon = strstr(line, ": ");
            if (!colon || colon == line) {
                st = csim_fail_plain(CSIM_EPARSE, "%s: /parameters/resolved_yaml line %zu is "
                                                  "not 'key: value': '%.80s'",
                                     r->path, line_no + 1, line);
                goto cleanup;
            }
            const size_t key_len = (size_t) (colon - line);
            const char *value = colon + 2;
            items[n] = malloc(key_len + strlen(value) + 2);
            if (!items[n]) {
                st = CSIM_FAIL(CSIM_ENOMEM, "parameter line %zu", line_no + 1);
                goto cleanup;
            }
            memcpy(items[n], line, key_len);
            items[n][key_len] = '=';
            strcpy(items[n] + key_len + 1, value);
            ++n;
        }
        line = end ? end + 1 : NULL;
    }
    *out = items;
    *n_out = n;
    items = NULL;

cleanup:
    csim_str_list_free(items, n);
    return st;
}

/* The key of override `item` ("key=value") equals `name`. */
static bool key_is(const char *item, const char *name) {
    const size_t len = strlen(name);
    return strncmp(item, name, len) == 0 && item[len] == '=';
}

/* Every parameter of this build's schema is recorded, once: a record that lacks some (an
 * edited or damaged file, or one from a build with fewer parameters) would run today's
 * defaults in their place and fail only at the end, when the data differ. */
static csim_status check_complete(const csim_h5_reader *r, char **items, size_t n_items,
                                  const char *code_version) {
    const csim_schema *schema = csim_params_schema();
    char missing[512] = "";
    size_t n_missing = 0, used = 0;
    for (size_t k = 0; k < schema->n_params; ++k) {
        const char *name = schema->params[k].name;
        size_t seen = 0;
        for (size_t i = 0; i < n_items; ++i) {
            seen += key_is(items[i], name);
        }
        if (seen > 1) {
            return csim_fail_plain(CSIM_EPARSE, "%s: /parameters/resolved_yaml records '%s' %zu "
                                                "times; the file was edited or is damaged",
                                   r->path, name, seen);
        }
        if (seen == 0) {
            if (n_missing < 8 && used < sizeof missing) {
                used += (size_t) snprintf(missing + used, sizeof missing - used, "%s%s",
                                          n_missing ? ", " : "", name);
            }
            ++n_missing;
        }
    }
    if (n_missing == 0) {
        return CSIM_OK;
    }
    char more[64] = "";
    if (n_missing > 8) {
        snprintf(more, sizeof more, " and %zu more", n_missing - 8);
    }
    /* Another version may simply have had fewer parameters: say so only then. */
    const bool other_version = code_version[0] && strcmp(code_version, CSIM_VERSION_STRING) != 0;
    return csim_fail_plain(CSIM_EPARSE, "%s: /parameters/resolved_yaml records %zu of the %zu "
                                        "parameters; missing: %s%s. rerun reproduces only a "
                                        "complete record (it does not fill in this build's "
                                        "defaults): the file was edited or damaged%s%s%s",
                           r->path, schema->n_params - n_missing, schema->n_params, missing, more,
                           other_version ? ", or was written by clustersim " : "",
                           other_version ? code_version : "",
                           other_version ? ", which had fewer parameters" : "");
}

csim_status csim_recorded_run_read(csim_recorded_run *run, const csim_h5_reader *r) {
    csim_status st = CSIM_OK;
    char *resolved = NULL, *name = NULL, *path = NULL, *text = NULL, *overrides = NULL;
    char **items = NULL;
    size_t n_items = 0;
    csim_h5_array replicate = {0}, seed = {0};
    bool has = false;

    memset(run, 0, sizeof *run);
    if (!r || !r->path) {
        return CSIM_FAIL(CSIM_EINVAL, "reading a recorded run: file not open");
    }
    CSIM_TRY(required_text(r, CSIM_FMT_PARAMETERS "/resolved_yaml", &resolved));
    CSIM_TRY(required_text(r, CSIM_FMT_PARAMETERS "/scenario_text", &text));
    CSIM_TRY(required_text(r, CSIM_FMT_PARAMETERS "/overrides", &overrides));
    CSIM_TRY(csim_h5_read_attr_exists(r, CSIM_FMT_PARAMETERS, CSIM_FMT_ATTR_REPLICATE, &has));
    if (!has) {
        st = csim_fail_plain(CSIM_EINVAL, "%s: not a clustersim trajectory (no /parameters "
                                          "attribute 'replicate')", r->path);
        goto cleanup;
    }
    CSIM_TRY(csim_h5_read_attr_num(r, CSIM_FMT_PARAMETERS, CSIM_FMT_ATTR_REPLICATE, CSIM_H5_INT64,
                                   &replicate));
    const int64_t rep = replicate.n == 1 ? ((const int64_t *) replicate.data)[0] : -1;
    if (rep < 0) {
        st = csim_fail_plain(CSIM_EINVAL, "%s: /parameters attribute 'replicate' is not a "
                                          "replicate number", r->path);
        goto cleanup;
    }
    CSIM_TRY(optional_attr(r, "scenario_name", &name));
    CSIM_TRY(optional_attr(r, "scenario_path", &path));
    CSIM_TRY(optional_attr(r, "stream_key", &run->stream_key));
    CSIM_TRY(optional_attr(r, "code_version", &run->code_version));
    CSIM_TRY(optional_attr(r, "code_commit", &run->code_commit));

    CSIM_TRY(to_overrides(r, resolved, &items, &n_items));
    st = csim_scenario_from_defaults(&run->scenario, name[0] ? name : "recorded",
                                     (const char *const *) items, n_items);
    if (st == CSIM_EPARSE) {
        /* Say where the bad value came from: the file, not a command line. */
        char msg[MSG_MAX];
        const char *why = csim_last_error();
        /* The overrides machinery words it for a command line ("--set key=value: ..."). */
        snprintf(msg, sizeof msg, "%s", strncmp(why, "--set ", 6) == 0 ? why + 6 : why);
        st = csim_fail_plain(CSIM_EPARSE, "%s: recorded parameters (/parameters/resolved_yaml) "
                                          "that this build cannot use: %s", r->path, msg);
    }
    if (st != CSIM_OK) {
        goto cleanup;
    }
    /* After the keys and values are known to be usable (a bad one is named first). */
    CSIM_TRY(check_complete(r, items, n_items, run->code_version));
    /* The attribute `seed` duplicates run.seed: a file where they differ was altered. */
    CSIM_TRY(csim_h5_read_attr_exists(r, CSIM_FMT_PARAMETERS, CSIM_FMT_ATTR_SEED, &has));
    if (has) {
        CSIM_TRY(csim_h5_read_attr_num(r, CSIM_FMT_PARAMETERS, CSIM_FMT_ATTR_SEED, CSIM_H5_INT64,
                                       &seed));
        const int64_t s = seed.n == 1 ? ((const int64_t *) seed.data)[0] : -1;
        if ((uint64_t) s != (uint64_t) run->scenario.params.run_seed) {
            st = csim_fail_plain(CSIM_EINVAL, "%s: /parameters attribute 'seed' (%lld) disagrees "
                                              "with run.seed in resolved_yaml", r->path,
                                 (long long) s);
            goto cleanup;
        }
    }
    run->replicate = (uint64_t) rep;
    /* Keep the provenance of the first run: its scenario files and overrides. */
    free(run->scenario.path);
    free(run->scenario.text);
    free(run->scenario.overrides);
    run->scenario.path = path;
    run->scenario.text = text;
    run->scenario.overrides = overrides;
    path = text = overrides = NULL;

cleanup:
    csim_str_list_free(items, n_items);
    csim_h5_array_destroy(&replicate);
    csim_h5_array_destroy(&seed);
    free(resolved);
    free(name);
    free(path);
    free(text);
    free(overrides);
    if (st != CSIM_OK) {
        csim_recorded_run_destroy(run);
    }
    return st;
}
