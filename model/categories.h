/**
 * \file model/categories.h
 * The closed categories of the Gumi case: sectors, technology fields, size classes,
 * business groups, tiers, tie origins. Each enum has a name table beside it; the names
 * are the ones used in scenario files, observables and trajectory enum tables.
 */
#ifndef CSIM_MODEL_CATEGORIES_H
#define CSIM_MODEL_CATEGORIES_H

#include <math.h>
#include <stddef.h>

/** The 10 sectors of the Gumi case (Lee, Choi & Lee 2016, 2010 table). */
typedef enum {
    CSIM_SECTOR_FOOD, CSIM_SECTOR_TEXTILES, CSIM_SECTOR_WOOD_PAPER, CSIM_SECTOR_PETROCHEMICALS,
    CSIM_SECTOR_NON_METALLIC, CSIM_SECTOR_STEEL, CSIM_SECTOR_MACHINERY, CSIM_SECTOR_ELECTRONICS,
    CSIM_SECTOR_TRANSPORT, CSIM_SECTOR_OTHER,
    CSIM_N_SECTORS
} csim_sector;

/** The K = 12 technology fields (docs/ODD.md 2). */
typedef enum {
    CSIM_FIELD_MOLD_DIE, CSIM_FIELD_MACHINING, CSIM_FIELD_INJECTION, CSIM_FIELD_DISPLAY,
    CSIM_FIELD_MOBILE, CSIM_FIELD_SEMICONDUCTORS, CSIM_FIELD_ELECTRONIC_PARTS,
    CSIM_FIELD_MATERIALS, CSIM_FIELD_PRECISION_ASSEMBLY, CSIM_FIELD_ENERGY,
    CSIM_FIELD_AEROSPACE, CSIM_FIELD_SOFTWARE,
    CSIM_N_FIELDS
} csim_field;

/** Employee size classes of the 2012 table. */
typedef enum {
    CSIM_SIZE_UNDER_50, CSIM_SIZE_50_99, CSIM_SIZE_100_299, CSIM_SIZE_300_999, CSIM_SIZE_1000_PLUS,
    CSIM_N_SIZE_CLASSES
} csim_size_class;

/** Business group a firm belongs to or supplies. */
typedef enum { CSIM_GROUP_NONE, CSIM_GROUP_LG, CSIM_GROUP_SAMSUNG, CSIM_N_GROUPS } csim_group;

/** Product line of a hub: what it makes in the cluster, so what a relocation moves
 *  (Lee, Choi & Lee 2016: low-end phones moved abroad, new display and LED lines put in
 *  another region). Firms other than hubs have none. */
typedef enum {
    CSIM_LINE_NONE, CSIM_LINE_DISPLAY, CSIM_LINE_MOBILE, CSIM_LINE_COMPONENTS,
    CSIM_LINE_SEMICONDUCTORS,
    CSIM_N_LINES
} csim_line;

/** Position in the supply chain: 0 = hub or other large firm, 1-3 supplier tiers. */
typedef enum {
    CSIM_TIER_LARGE, CSIM_TIER_1, CSIM_TIER_2, CSIM_TIER_3, CSIM_TIER_INDEPENDENT,
    CSIM_N_TIERS
} csim_tier;

/** Where a collaboration tie came from. */
typedef enum {
    CSIM_ORIGIN_FORUM, CSIM_ORIGIN_REFERRAL, CSIM_ORIGIN_BROKER, CSIM_ORIGIN_WG,
    CSIM_ORIGIN_PROJECT, CSIM_ORIGIN_ORGANISATION, CSIM_ORIGIN_SUPPLY, CSIM_ORIGIN_LOCAL,
    CSIM_N_ORIGINS
} csim_origin;

/** Kind of actor: tenant firms trade; knowledge institutions teach and do not trade. */
typedef enum { CSIM_KIND_FIRM, CSIM_KIND_INSTITUTION, CSIM_N_KINDS } csim_kind;

extern const char *const csim_sector_names[CSIM_N_SECTORS];
extern const char *const csim_field_names[CSIM_N_FIELDS];
extern const char *const csim_size_class_names[CSIM_N_SIZE_CLASSES];
extern const char *const csim_group_names[CSIM_N_GROUPS];
extern const char *const csim_line_names[CSIM_N_LINES];
extern const char *const csim_tier_names[CSIM_N_TIERS];
extern const char *const csim_origin_names[CSIM_N_ORIGINS];
extern const char *const csim_kind_names[CSIM_N_KINDS];

/** Size class of a firm with `employees` employees (< 50 is class 0). Cannot fail. */
csim_size_class csim_size_class_of(double employees);

/**
 * Cosine similarity of two profiles over the CSIM_N_FIELDS technology fields (knowledge
 * profiles, MC themes): 0 if either is all zero. Symmetric bit for bit. Inline because the
 * learning phase calls it for every pair of partners.
 */
static inline double csim_fields_cosine(const double *a, const double *b) {
    double dot = 0.0, na = 0.0, nb = 0.0;
    for (size_t k = 0; k < CSIM_N_FIELDS; ++k) {
        dot += a[k] * b[k];
        na += a[k] * a[k];
        nb += b[k] * b[k];
    }
    if (na <= 0.0 || nb <= 0.0) {
        return 0.0;
    }
    return dot / sqrt(na * nb);
}

#endif /* CSIM_MODEL_CATEGORIES_H */
