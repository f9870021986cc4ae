/* Fuzz harness for the scenario loader (scenarios/scenario.h).
 *
 * The input is used twice:
 *  1. as a scenario file (scratch/fuzz.yaml, next to copies of scenarios/NAME.yaml, so that
 *     `extends: gumi-baseline.yaml` follows a real chain);
 *  2. as `--set` overrides, one per line, on top of the defaults.
 * Properties checked besides "no crash, no leak, no undefined behaviour":
 *  - a failure is one of the documented statuses (EPARSE, EIO, ENOMEM) with a message;
 *  - a success round-trips: every resolved parameter, written as trajectories record it
 *    (/parameters/resolved_yaml) and read back as overrides the way `rerun` does, gives
 *    the same resolved text. A value the loader accepts but cannot reproduce would make
 *    `rerun` fail or differ. */
/* strdup() is POSIX, not C11; before every include. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenarios/ensemble/task.h"
#include "scenarios/scenario.h"
#include "tests/fuzz/fuzz_support.h"

/* At most this many override lines (the command line has a similar practical bound). */
#define MAX_OVERRIDES 64

/* resolved text -> "name=value" overrides -> defaults + overrides -> the same text. */
static void check_round_trip(const csim_scenario *sc) {
    char *text = NULL, *again_text = NULL;
    const char *ovr[512];
    size_t n = 0;
    csim_scenario again;

    if (csim_params_resolved_text(&sc->params, &text) != CSIM_OK) {
        return; /* out of memory: nothing to check */
    }
    char *copy = strdup(text);
    if (!copy) {
        free(text);
        return;
    }
    for (char *line = strtok(copy, "\n"); line && n < 512; line = strtok(NULL, "\n")) {
        char *sep = strstr(line, ": ");
        if (!sep) {
            csim_fuzz_violation("resolved line without ': '", line);
        }
        sep[0] = '=';
        memmove(sep + 1, sep + 2, strlen(sep + 2) + 1);
        ovr[n++] = line;
    }
    const csim_status st = csim_scenario_from_defaults(&again, "again", ovr, n);
    if (st != CSIM_OK) {
        csim_fuzz_violation("the resolved parameters of an accepted scenario do not load back",
                            text);
    }
    if (csim_params_resolved_text(&again.params, &again_text) == CSIM_OK &&
        strcmp(text, again_text) != 0) {
        csim_fuzz_violation("the resolved parameters change when read back", again_text);
    }
    free(again_text);
    csim_scenario_destroy(&again);
    free(copy);
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char path[4096];
    csim_scenario sc;

    /* 1. The bytes as a scenario file. */
    if (csim_fuzz_write("fuzz.yaml", data, size, path, sizeof path) == 0) {
        const csim_status st = csim_scenario_load(&sc, path, NULL, 0);
        if (st == CSIM_OK) {
            check_round_trip(&sc);
        } else {
            csim_fuzz_expect_load_failure(st, "scenario file: unexpected status");
        }
        csim_scenario_destroy(&sc);
    }

    /* 2. The bytes as --set overrides, one per line (a NUL ends a line, as in argv). */
    char *text = malloc(size + 1);
    const char *ovr[MAX_OVERRIDES];
    size_t n = 0;
    if (!text) {
        return 0;
    }
    memcpy(text, data, size);
    text[size] = '\0';
    for (char *p = text, *end = text + size; p <= end && n < MAX_OVERRIDES;) {
        char *nl = memchr(p, '\n', (size_t) (end - p));
        char *stop = nl ? nl : end;
        *stop = '\0';
        ovr[n++] = p;
        p = stop + 1;
    }
    const csim_status st = csim_scenario_from_defaults(&sc, "fuzz", ovr, n);
    if (st == CSIM_OK) {
        check_round_trip(&sc);
    } else {
        csim_fuzz_expect_load_failure(st, "--set overrides: unexpected status");
    }
    csim_scenario_destroy(&sc);
    free(text);
    return 0;
}
