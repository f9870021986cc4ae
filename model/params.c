#include "model/params.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/categories.h"
#include "sim/grow.h"

const char *const csim_complex_names[CSIM_N_COMPLEXES] = {"complex1", "complex2", "complex3",
                                                          "complex4"};
const char *const csim_tier3_names[3] = {"tier1", "tier2", "tier3"};
const char *const csim_support_names[2] = {"networking", "hardware"};
const char *const csim_split_names[4] = {"events", "brokers", "wg_grants", "project_grants"};

/* Name tables for VEC and ENUM parameters, as (pointer, count) pairs. */
#define CSIM_PARAM_NAMES_NONE NULL, 0
#define CSIM_PARAM_NAMES_SECTORS csim_sector_names, CSIM_N_SECTORS
#define CSIM_PARAM_NAMES_FIELDS csim_field_names, CSIM_N_FIELDS
#define CSIM_PARAM_NAMES_SIZES csim_size_class_names, CSIM_N_SIZE_CLASSES
#define CSIM_PARAM_NAMES_COMPLEXES csim_complex_names, CSIM_N_COMPLEXES
#define CSIM_PARAM_NAMES_TIERS3 csim_tier3_names, 3
#define CSIM_PARAM_NAMES_SUPPORT csim_support_names, 2
#define CSIM_PARAM_NAMES_SPLIT csim_split_names, 4

static const csim_param_desc csim_param_table[] = {
#define CSIM_X_ROW(sec, key, type, names, def, lo, hi, unit, desc)                          \
    {#sec "." #key, CSIM_PT_##type, offsetof(csim_params, sec##_##key), def, (double) (lo), \
     (double) (hi), unit, desc, CSIM_PARAM_NAMES_##names},
    CSIM_PARAM_LIST(CSIM_X_ROW)
#undef CSIM_X_ROW
};

static const csim_schema csim_params_schema_value = {
    csim_param_table, sizeof csim_param_table / sizeof csim_param_table[0], sizeof(csim_params)};

const csim_schema *csim_params_schema(void) {
    return &csim_params_schema_value;
}

csim_status csim_params_defaults(csim_params *params) {
    return csim_schema_set_defaults(&csim_params_schema_value, params);
}

csim_status csim_params_resolved_text(const csim_params *params, char **text) {
    const csim_schema *schema = csim_params_schema();
    size_t cap = 0, used = 0;
    char *yaml = NULL;

    *text = NULL;
    for (size_t k = 0; k < schema->n_params; ++k) {
        const csim_param_desc *d = &schema->params[k];
        char value[2048];
        csim_schema_format(d, params, value, sizeof value);
        /* "name: value\n" and the terminating NUL. */
        const size_t need = used + strlen(d->name) + strlen(value) + 4;
        if (csim_grow(&yaml, &cap, need, 1) != CSIM_OK) {
            free(yaml);
            return CSIM_FAIL(CSIM_ENOMEM, "resolved parameter text");
        }
        used += (size_t) snprintf(yaml + used, cap - used, "%s: %s\n", d->name, value);
    }
    if (!yaml && csim_grow(&yaml, &cap, 1, 1) != CSIM_OK) {
        return CSIM_FAIL(CSIM_ENOMEM, "resolved parameter text");
    }
    yaml[used] = '\0';
    *text = yaml;
    return CSIM_OK;
}
