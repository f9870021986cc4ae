/* `clustersim check SCENARIO`: validate a scenario and print every resolved parameter. */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "cli/options.h"
#include "scenarios/scenario.h"

/* The options of `check`. */
typedef struct check_opts {
    csim_opt_list set;
} check_opts;

static const csim_opt check_table[] = {
    {CSIM_OPT_SET(check_opts, set, "override a parameter (YAML value), e.g. --set run.steps=24")},
};

static const csim_opt_spec check_spec = {
    .command = "check",
    CSIM_OPERAND_SCENARIO,
    .about = "Validate SCENARIO (following 'extends:') and print every resolved parameter as\n"
             "'section.key: value  # unit', defaults filled in. Exit 0 when valid, 2 when not,\n"
             "with every problem found, each naming its file, line, column and key: unknown,\n"
             "repeated or invalid keys, bad overrides, and the rules between parameters that\n"
             "`run` applies too (wg.min_size <= wg.size, shares not all zero, work bounds).\n",
    CSIM_OPT_TABLE(check_table),
};

/* Each problem on its own line, as they are found. */
static void print_problem(void *ctx, const char *message) {
    size_t *count = ctx;
    ++*count;
    fprintf(stderr, "clustersim check: %s\n", message);
}

int csim_cmd_check(int argc, char **argv) {
    check_opts f = {0};
    csim_opt_args args = {0};
    int rc = CSIM_EXIT_OK;
    if ((rc = csim_opts_read(&check_spec, argc, argv, &f, &args)) != CSIM_EXIT_OK || args.help) {
        goto done;
    }
    const char *path = args.operands[0];
    csim_scenario scenario;
    size_t problems = 0;
    const csim_status st =
        csim_scenario_load_all(&scenario, path, f.set.items, f.set.n, print_problem, &problems);
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
    csim_opt_args_destroy(&args);
    return rc;
}
