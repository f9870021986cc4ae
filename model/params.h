/**
 * \file model/params.h
 * Every parameter of a clustersim run, declared once.
 *
 * CSIM_PARAM_LIST is the single source of truth: it generates the fields of csim_params
 * and the schema table (sim/schema.h) behind `clustersim params`, scenario validation,
 * `clustersim check` and the /parameters record of every trajectory file.
 *
 * Columns: X(section, key, TYPE, NAMES, default (YAML text), min, max, unit, description)
 *   TYPE  INT | DOUBLE | BOOL | ENUM | SERIES | VEC   (see csim_param_type)
 *   NAMES the name table of a VEC or ENUM: NONE, SECTORS, FIELDS, SIZES, COMPLEXES, TIERS,
 *         SUPPORT
 * The field is `section_key`; the scenario key is `section.key` (nested YAML mappings).
 * Descriptions end with the value's source in brackets: [GUMI.md ...], [paper],
 * [calibrated], [choice].
 */
#ifndef CSIM_MODEL_PARAMS_H
#define CSIM_MODEL_PARAMS_H

#include <stdbool.h>

#include "sim/error.h"
#include "sim/schema.h"
#include "sim/series.h"

#define CSIM_N_COMPLEXES 4

/* clang-format off */
#define CSIM_PARAM_LIST(X) \
    /* ---- run: time, size and randomness ------------------------------------------ */ \
    X(run, start_year, INT, NONE, "2003", 1900, 2200, "year", \
      "Calendar year of step 0 (January); 2003-04 is burn-in [MODEL.md]") \
    X(run, steps, INT, NONE, "156", 1, 12000, "month", \
      "Monthly steps to simulate (156 = Jan 2003 to Dec 2015) [MODEL.md]") \
    X(run, seed, INT, NONE, "20050101", 0, 9007199254740991.0, "1", \
      "Base seed; replicate r draws from streams keyed by (seed, r) [choice]") \
    X(run, scale, DOUBLE, NONE, "1", 1e-3, 1e5, "1", \
      "Multiplies every population count (firms, entries, hubs, institutions, MCs' reach) [choice]") \
    X(run, snapshot_interval, INT, NONE, "12", 0, 12000, "month", \
      "Months between snapshots of firm state and networks; 0 = none [OUTPUT.md]") \
    /* ---- population: the Gumi firms at the start ---------------------------------- */ \
    X(population, initial_firms, INT, NONE, "960", 2, 100000000, "firm", \
      "Tenant firms in January of the start year, before scaling [calibrated to targets 2007-10]") \
    X(population, large_share, DOUBLE, NONE, "0.031", 0, 1, "1", \
      "Share of firms that are large (300+ employees; hubs among them) [GUMI.md 2012: 54/1757]") \
    X(population, size_class_share, VEC, SIZES, \
      "{under_50: 0.825, 50_99: 0.076, 100_299: 0.053, 300_999: 0.024, 1000_plus: 0.008}", \
      0, 1, "1", "Share of firms per employee class; 300_999 and 1000_plus are the large firms [GUMI.md 2012]") \
    X(population, sector_share, VEC, SECTORS, \
      "{food: 0.005, textiles: 0.10, wood_paper: 0.035, petrochemicals: 0.11, non_metallic: 0.045, steel: 0.017, machinery: 0.31, electronics: 0.32, transport: 0.011, other: 0.047}", \
      0, 1, "1", "Sector shares of the initial firms (between the early-2000s and 2010 mixes) [GUMI.md, calibrated]") \
    X(population, sector_size_tilt, VEC, SECTORS, \
      "{food: 1.0, textiles: 0.2, wood_paper: 0.0, petrochemicals: 0.1, non_metallic: 1.0, steel: 0.1, machinery: -0.2, electronics: 0.9, transport: 0.3, other: -1.5}", \
      -5, 5, "1", "Log-odds tilt of a sector per size class step: larger firms lean to sectors with higher tilt [calibrated to 2010 employment shares]") \
    X(population, complex_share, VEC, COMPLEXES, \
      "{complex1: 0.45, complex2: 0.2, complex3: 0.25, complex4: 0.1}", 0, 1, "1", \
      "Share of firms per industrial complex (1-4) [choice; GUMI.md gives no split]") \
    X(population, registered_share, DOUBLE, NONE, "0.596", 0, 1, "1", \
      "Share of SMEs registered as suppliers of LG or Samsung [GUMI.md 2012: 59.6%]") \
    X(population, lg_share_of_registered, DOUBLE, NONE, "0.503", 0, 1, "1", \
      "Share of registered suppliers that supply LG (the rest Samsung) [GUMI.md: 427 of 848]") \
    X(population, tier_share, VEC, TIERS3, "{tier1: 0.35, tier2: 0.40, tier3: 0.25}", 0, 1, "1", \
      "Split of registered suppliers over tiers 1-3 [choice; GUMI.md names the tiers only]") \
    X(population, hub_share_of_large, DOUBLE, NONE, "0.6", 0, 1, "1", \
      "Share of large firms that are LG or Samsung affiliates (hubs) [choice; GUMI.md: 'LG and Samsung affiliates among the 54']") \
    X(population, institutions, INT, NONE, "10", 0, 100000, "actor", \
      "Knowledge institutions: 3 universities and 7 support institutes, before scaling [GUMI.md]")
/* clang-format on */

#define CSIM_PARAM_CTYPE_INT long
#define CSIM_PARAM_CTYPE_DOUBLE double
#define CSIM_PARAM_CTYPE_BOOL bool
#define CSIM_PARAM_CTYPE_ENUM long
#define CSIM_PARAM_CTYPE_SERIES csim_series
#define CSIM_PARAM_CTYPE_VEC csim_vec

/** All parameters of a run, resolved (defaults filled in). Plain data: copy freely. */
typedef struct csim_params {
#define CSIM_X_FIELD(sec, key, type, names, def, min, max, unit, desc) \
    CSIM_PARAM_CTYPE_##type sec##_##key;
    CSIM_PARAM_LIST(CSIM_X_FIELD)
#undef CSIM_X_FIELD
} csim_params;

extern const char *const csim_complex_names[CSIM_N_COMPLEXES];
extern const char *const csim_tier3_names[3];

/** The schema of csim_params (static data, never NULL). Thread-safe. */
const csim_schema *csim_params_schema(void);

/**
 * Fill `params` with every default of the table.
 * \return CSIM_OK, or CSIM_EPARSE if a default text in the table is invalid (a bug).
 */
csim_status csim_params_defaults(csim_params *params);

#endif /* CSIM_MODEL_PARAMS_H */
