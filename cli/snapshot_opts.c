#include "cli/snapshot_opts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/readers/snapshot.h"
#include "cli/cli.h"

/* Calendar years a trajectory can hold (those of csim_cli_parse_years). */
#define YEAR_MIN 1900
#define YEAR_MAX 2200

int csim_cli_snapshot_opt_parse(const char *command, const char *opt, const char *text,
                                void *field) {
    csim_cli_snapshot_opt *when = field;
    const bool year = strcmp(opt, "--year") == 0, step = !year;
    char *end = NULL;
    errno = 0;
    const long long v = text ? strtoll(text, &end, 10) : 0;
    if (!text || errno != 0 || end == text || *end != '\0' ||
        (year && (v < YEAR_MIN || v > YEAR_MAX))) {
        csim_cli_usage_error(command,
                             step ? "--step expects a whole number (a snapshot step), got '%s'"
                                  : "--year expects a calendar year (1900-2200), got '%s'",
                             text ? text : "nothing");
        return -1;
    }
    if ((step && when->have_year) || (year && when->have_step)) {
        csim_cli_usage_error(command, "--step and --year exclude each other");
        return -1;
    }
    when->value = v;
    when->have_step = when->have_step || step;
    when->have_year = when->have_year || year;
    return 0;
}

bool csim_cli_snapshot_opt_given(const csim_cli_snapshot_opt *opt) {
    return opt->have_step || opt->have_year;
}

csim_status csim_cli_snapshot_opt_step(const csim_cli_snapshot_opt *opt,
                                       const csim_h5_reader *r, csim_layer layer,
                                       int64_t *step) {
    if (!opt->have_year) {
        *step = (int64_t) opt->value;
        return CSIM_OK;
    }
    if ((int) layer < 0 || layer >= CSIM_N_LAYERS) {
        return CSIM_FAIL(CSIM_EINVAL, "unknown layer %d", (int) layer);
    }
    char element[128];
    snprintf(element, sizeof element, CSIM_FMT_CONNECTIVITY "/%s", csim_layer_names[layer]);
    return csim_snapshot_step_of_year(r, element, opt->value, step);
}
