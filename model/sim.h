/**
 * \file model/sim.h
 * One run of the cluster model: create from resolved parameters and a replicate number,
 * step month by month, read the observables of the step just done, free.
 *
 * The run is opaque (create/free, docs/CONVENTIONS.md rule 6); the model/ sources see its layout through
 * model/sim_internal.h. Results are bit-identical for any OpenMP thread count.
 */
#ifndef CSIM_MODEL_SIM_H
#define CSIM_MODEL_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/params.h"
#include "sim/error.h"

typedef struct csim_sim csim_sim;

/**
 * Build the initial cluster (firms, institutions, supply chains, initial ties) of
 * replicate `replicate` of the run described by `params` (copied).
 * \param sim  receives the new run; NULL on failure
 * \return CSIM_OK, CSIM_EINVAL (inconsistent parameters), CSIM_ENOMEM
 */
csim_status csim_sim_create(csim_sim **sim, const csim_params *params, uint64_t replicate);

/** Advance one month and compute that month's observables. CSIM_ENOMEM, CSIM_EINTERNAL. */
csim_status csim_sim_step(csim_sim *sim);

/** Months simulated so far (0 before the first step). */
long csim_sim_steps_done(const csim_sim *sim);

/** Calendar time at the end of the last step done: start_year + (step)/12, step = done-1. */
double csim_sim_time(const csim_sim *sim);

/** The resolved parameters of the run (valid while the run lives). */
const csim_params *csim_sim_params(const csim_sim *sim);

/** The seed of this replicate (csim_rng_replicate_seed of run.seed and replicate). */
uint64_t csim_sim_seed(const csim_sim *sim);

/** Names of the run statistics computed by csim_sim_statistic (NULL-terminated). */
extern const char *const csim_sim_statistic_names[];

/**
 * A named statistic of the run so far (docs/ODD.md 6.2): "first_org_founding_year" (calendar
 * year in which the first firm-led club was founded), "first_org_founding_members" (its
 * members at founding), "first_association_year" (the year a council first became an
 * association) and "first_site_year" (the year the first joint site was built, its
 * cooperative founded). `*present` is false when that has not happened yet (the value is
 * then NaN).
 * \return CSIM_OK or CSIM_EINVAL (unknown name).
 */
csim_status csim_sim_statistic(const csim_sim *sim, const char *name, double *value, bool *present);

/** Whether the statistic `name` is a calendar year (then a target's year is its value). */
bool csim_sim_statistic_is_year(const char *name);

/** Free the run and set *sim to NULL; safe with NULL or *sim == NULL. */
void csim_sim_free(csim_sim **sim);

#endif /* CSIM_MODEL_SIM_H */
