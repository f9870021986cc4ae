#include "model/categories.h"

const char *const csim_sector_names[CSIM_N_SECTORS] = {
    "food", "textiles", "wood_paper", "petrochemicals", "non_metallic",
    "steel", "machinery", "electronics", "transport", "other"};

const char *const csim_field_names[CSIM_N_FIELDS] = {
    "mold_die", "machining", "injection_moulding", "display", "mobile_devices",
    "semiconductors", "electronic_parts", "materials", "precision_assembly", "energy",
    "aerospace_parts", "software"};

const char *const csim_size_class_names[CSIM_N_SIZE_CLASSES] = {
    "under_50", "50_99", "100_299", "300_999", "1000_plus"};

const char *const csim_group_names[CSIM_N_GROUPS] = {"none", "lg", "samsung"};

const char *const csim_line_names[CSIM_N_LINES] = {"none", "display", "mobile",
                                                   "components", "semiconductors"};

const char *const csim_tier_names[CSIM_N_TIERS] = {"large", "tier1", "tier2", "tier3",
                                                   "independent"};

const char *const csim_origin_names[CSIM_N_ORIGINS] = {
    "forum", "referral", "broker", "wg", "project", "organisation", "supply", "local"};

const char *const csim_kind_names[CSIM_N_KINDS] = {"firm", "institution"};

csim_size_class csim_size_class_of(double employees) {
    if (employees < 50.0) {
        return CSIM_SIZE_UNDER_50;
    }
    if (employees < 100.0) {
        return CSIM_SIZE_50_99;
    }
    if (employees < 300.0) {
        return CSIM_SIZE_100_299;
    }
    if (employees < 1000.0) {
        return CSIM_SIZE_300_999;
    }
    return CSIM_SIZE_1000_PLUS;
}
