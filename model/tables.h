/**
 * \file model/tables.h
 * Fixed structural tables of the model: which technology fields each sector uses and
 * which fields each business group's hubs demand. They encode the case's industrial
 * structure (Lee, Choi & Lee 2016: mold and injection suppliers serve the hubs' mobile and display
 * lines), not calibrated behaviour, so they are constants rather than parameters.
 */
#ifndef CSIM_MODEL_TABLES_H
#define CSIM_MODEL_TABLES_H

#include "model/categories.h"

/** Field profile of each sector: weights over fields, each row sums to 1. */
extern const double csim_sector_fields[CSIM_N_SECTORS][CSIM_N_FIELDS];

/** Fields demanded by each group's hubs (row CSIM_GROUP_NONE: non-hub buyers). Rows sum to 1. */
extern const double csim_group_demand[CSIM_N_GROUPS][CSIM_N_FIELDS];

/** The technology field each hub product line makes (-1 for CSIM_LINE_NONE): a hub's line
 *  is drawn from its group's demand over these fields. */
extern const int csim_line_field[CSIM_N_LINES];

/** Fields related to a main field, used for MC themes and institutions: row sums to 1. */
extern const double csim_field_related[CSIM_N_FIELDS][CSIM_N_FIELDS];

#endif /* CSIM_MODEL_TABLES_H */
