/* `clustersim check SCENARIO`: validate a scenario and print every resolved parameter. */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "scenarios/scenario.h"

static void usage(FILE *out) {
    fputs("usage: clustersim check SCENARIO [--set key=value]...\n"
          "\n"
          "Validate SCENARIO (following 'extends:') and print every resolved parameter as\n"
          "'section.key: value  # unit', defaults filled in. Exit 0 when valid, 2 when not,\n"
          "with every problem found, each naming its file, line, column and key: unknown,\n"
          "repeated or invalid keys, bad overrides, and the rules between parameters that\n"
          "`run` applies too (wg.min_size <= wg.size, shares not all zero, work bounds).\n"
          "\n"
          "  --set key=value   override a parameter (YAML value), e.g. --set run.steps=24\n"
          "  -h, --help        show this help\n",
          out);
}

/* Each problem on its own line, as they are found. */
static void print_problem(void *ctx, const char *message) {
    size_t *count = ctx;
    ++*count;
    fprintf(stderr, "clustersim check: %s\n", message);
}

int csim_cmd_check(int argc, char **argv) {
    const char *path = NULL;
    const char **overrides = calloc((size_t) argc, sizeof *overrides);
    size_t n_overrides = 0;
    int rc = CSIM_EXIT_OK;
    if (!overrides) {
        return csim_cli_report("check", CSIM_FAIL(CSIM_ENOMEM, "arguments"));
    }
    for (int a = 1; a < argc; ++a) {
        if (csim_cli_is_help(argv[a])) {
            usage(stdout);
            goto done;
        } else if (strcmp(argv[a], "--set") == 0) {
            if (a + 1 >= argc) {
                rc = csim_cli_usage_error("check", "--set needs key=value");
                goto done;
            }
            overrides[n_overrides++] = argv[++a];
        } else if (argv[a][0] == '-' && argv[a][1] != '\0') {
            rc = csim_cli_usage_error("check", "unknown option '%s'", argv[a]);
            goto done;
        } else if (!path) {
            path = argv[a];
        } else {
            rc = csim_cli_usage_error("check", "one scenario at a time (got '%s' and '%s')", path, argv[a]);
            goto done;
        }
    }
    if (!path) {
        rc = csim_cli_usage_error("check", "missing SCENARIO");
        goto done;
    }
    csim_scenario scenario;
    size_t problems = 0;
    const csim_status st =
        csim_scenario_load_all(&scenario, path, overrides, n_overrides, print_problem, &problems);
    if (st != CSIM_OK) {
        if (problems > 1) {
            fprintf(stderr, "clustersim check: %s: %zu problems\n", path, problems);
        }
        rc = csim_cli_scenario_exit_code(st);
        goto done;
    }
    printf("# %s: valid; every parameter as resolved\n", path);
    const csim_schema *schema = csim_params_schema();
    for (size_t k = 0; k < schema->n_params; ++k) {
        const csim_param_desc *d = &schema->params[k];
        char value[1024];
        csim_schema_format(d, &scenario.params, value, sizeof value);
        printf("%s: %s  # %s\n", d->name, value, d->unit);
    }
    csim_scenario_destroy(&scenario);
done:
    free(overrides);
    return rc;
}
