/* `clustersim params`: every parameter of the schema with type, default, range, unit and
 * meaning, generated from the one table in model/params.h. */
#include "cli/cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/options.h"
#include "model/params.h"

/* A bound as exact text: a whole number in full (run.seed's maximum is 9007199254740991,
 * which %g printed as 9.0072e+15, a value outside the range), any other number in the
 * shortest of %.15g..%.17g that reads back to the same double. */
static void format_bound(double x, char *buf, size_t size) {
    if (x == floor(x) && fabs(x) <= 0x1p53) {
        snprintf(buf, size, "%.0f", x);
        return;
    }
    for (int prec = 15; prec <= 17; ++prec) {
        snprintf(buf, size, "%.*g", prec, x);
        if (strtod(buf, NULL) == x) {
            return;
        }
    }
}

/* The options of `params`. */
typedef struct params_opts {
    bool markdown;
} params_opts;

static const csim_opt params_table[] = {
    {.name = "--markdown", .kind = CSIM_OPT_FLAG, .field = offsetof(params_opts, markdown),
     .help = "print a Markdown table (as in docs/PARAMETERS.md)"},
};

static const csim_opt_spec params_spec = {
    .command = "params",
    .about = "List every scenario parameter: name (section.key), type, default, allowed range,\n"
             "unit and meaning with its source. The table is the one the scenario loader\n"
             "validates against.\n",
    CSIM_OPT_TABLE(params_table),
};

int csim_cmd_params(int argc, char **argv) {
    params_opts f = {0};
    csim_opt_args args = {0};
    const int rc = csim_opts_read(&params_spec, argc, argv, &f, &args);
    const bool help = args.help;
    csim_opt_args_destroy(&args); /* a flag keeps nothing in the args */
    if (rc != CSIM_EXIT_OK || help) {
        return rc;
    }
    const bool markdown = f.markdown;
    const csim_schema *schema = csim_params_schema();
    csim_params defaults;
    if (csim_params_defaults(&defaults) != CSIM_OK) {
        return csim_cli_report("params", CSIM_EINTERNAL);
    }
    if (markdown) {
        puts("| parameter | type | default | range | unit | meaning |");
        puts("|---|---|---|---|---|---|");
    }
    for (size_t k = 0; k < schema->n_params; ++k) {
        const csim_param_desc *d = &schema->params[k];
        char value[1024];
        csim_schema_format(d, &defaults, value, sizeof value);
        char range[128];
        if (d->type == CSIM_PT_ENUM || d->type == CSIM_PT_BOOL) {
            snprintf(range, sizeof range, "%s", d->type == CSIM_PT_BOOL ? "true|false" : "");
            if (d->type == CSIM_PT_ENUM) {
                size_t used = 0;
                for (size_t n = 0; n < d->n_names && used < sizeof range; ++n) {
                    used += (size_t) snprintf(range + used, sizeof range - used, "%s%s",
                                              n ? "|" : "", d->names[n]);
                }
            }
        } else {
            char lo[40], hi[40];
            format_bound(d->min, lo, sizeof lo);
            format_bound(d->max, hi, sizeof hi);
            snprintf(range, sizeof range, "[%s, %s]", lo, hi);
        }
        if (markdown) {
            printf("| `%s` | %s | `%s` | %s | %s | %s |\n", d->name,
                   csim_schema_type_name(d->type), value, range, d->unit, d->description);
        } else {
            printf("%s (%s, %s)\n  default: %s\n  range:   %s\n  %s\n\n", d->name,
                   csim_schema_type_name(d->type), d->unit, value, range, d->description);
        }
    }
    return CSIM_EXIT_OK;
}
