#include "model/tables.h"

/* Columns: mold_die, machining, injection, display, mobile, semis, electronic_parts,
 *          materials, precision_assembly, energy, aerospace, software. */
const double csim_sector_fields[CSIM_N_SECTORS][CSIM_N_FIELDS] = {
    /* food           */ {0, 0.3, 0, 0, 0, 0, 0, 0.4, 0.3, 0, 0, 0},
    /* textiles       */ {0, 0.2, 0, 0, 0, 0, 0, 0.6, 0.2, 0, 0, 0},
    /* wood_paper     */ {0, 0.4, 0, 0, 0, 0, 0, 0.6, 0, 0, 0, 0},
    /* petrochemicals */ {0, 0, 0.4, 0, 0, 0, 0, 0.5, 0, 0.1, 0, 0},
    /* non_metallic   */ {0, 0, 0, 0.3, 0, 0, 0, 0.5, 0, 0.2, 0, 0},
    /* steel          */ {0.2, 0.5, 0, 0, 0, 0, 0, 0.3, 0, 0, 0, 0},
    /* machinery      */ {0.3, 0.35, 0.15, 0, 0, 0, 0, 0, 0.15, 0, 0.05, 0},
    /* electronics    */ {0, 0, 0, 0.2, 0.2, 0.15, 0.3, 0, 0, 0, 0, 0.15},
    /* transport      */ {0, 0.4, 0, 0, 0, 0, 0, 0.1, 0.3, 0, 0.2, 0},
    /* other          */ {0, 0, 0, 0, 0, 0, 0, 0, 0.3, 0.3, 0, 0.4},
};

const double csim_group_demand[CSIM_N_GROUPS][CSIM_N_FIELDS] = {
    /* none    */ {0.1, 0.15, 0.1, 0.05, 0.05, 0.05, 0.1, 0.15, 0.1, 0.05, 0.05, 0.05},
    /* lg      */ {0.1, 0.05, 0.1, 0.35, 0.05, 0.0, 0.2, 0.05, 0.05, 0.0, 0.0, 0.05},
    /* samsung */ {0.1, 0.05, 0.1, 0.05, 0.35, 0.1, 0.15, 0.0, 0.05, 0.0, 0.0, 0.05},
};

const int csim_line_field[CSIM_N_LINES] = {-1, CSIM_FIELD_DISPLAY, CSIM_FIELD_MOBILE,
                                           CSIM_FIELD_ELECTRONIC_PARTS,
                                           CSIM_FIELD_SEMICONDUCTORS};

/* Each main field keeps 0.6 of a theme and shares 0.4 with its closest relatives. */
const double csim_field_related[CSIM_N_FIELDS][CSIM_N_FIELDS] = {
    /* mold_die    */ {0.6, 0.15, 0.15, 0, 0, 0, 0, 0, 0.1, 0, 0, 0},
    /* machining   */ {0.15, 0.6, 0, 0, 0, 0, 0, 0, 0.15, 0, 0.1, 0},
    /* injection   */ {0.2, 0, 0.6, 0, 0, 0, 0, 0.2, 0, 0, 0, 0},
    /* display     */ {0, 0, 0, 0.6, 0, 0, 0.2, 0.2, 0, 0, 0, 0},
    /* mobile      */ {0, 0, 0, 0, 0.6, 0, 0.2, 0, 0, 0, 0, 0.2},
    /* semis       */ {0, 0, 0, 0, 0, 0.6, 0.2, 0.2, 0, 0, 0, 0},
    /* el. parts   */ {0, 0, 0, 0.1, 0.1, 0.1, 0.6, 0, 0.1, 0, 0, 0},
    /* materials   */ {0, 0, 0.2, 0, 0, 0, 0, 0.6, 0, 0.2, 0, 0},
    /* precision   */ {0.1, 0.2, 0, 0, 0, 0, 0.1, 0, 0.6, 0, 0, 0},
    /* energy      */ {0, 0, 0, 0, 0, 0, 0.2, 0.2, 0, 0.6, 0, 0},
    /* aerospace   */ {0, 0.2, 0, 0, 0, 0, 0, 0.1, 0.1, 0, 0.6, 0},
    /* software    */ {0, 0, 0, 0, 0.2, 0, 0.2, 0, 0, 0, 0, 0.6},
};
