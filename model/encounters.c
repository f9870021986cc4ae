/*
 * Everyday local encounters (docs/ODD.md 7.4a): the collaboration network that exists
 * without any programme.
 *
 * Before 2005 Gumi's firms were tied vertically to the hubs, with most transactions
 * local, and had little horizontal learning (Lee, Choi & Lee 2016). What horizontal ties
 * they had came from being neighbours in the same complex and trade: owners and engineers
 * of firms in one sector meet at suppliers' gatherings, through former colleagues and
 * next door (Marshall's "industrial atmosphere"; Storper & Venables 2004 on face-to-face
 * contact). Each month a firm meets, with chance ties.local_rate, one of its neighbours:
 * a random firm among the ties.local_neighbours firms of its own (complex, sector) in its
 * district (csim_sim__districts) that settled next to it (adjacent in order of arrival;
 * the whole cell when smaller). At run.scale k a cell of a district is the size of the
 * scale-1 cell and its firms attend the same offices (membership.c), so a larger complex
 * gives a firm neither more neighbours nor neighbours it shares no office with (scale
 * invariance); the meeting is a tie proposal of origin `local`, accepted by
 * the same rule as any other (7.4), and meeting an existing partner again reinforces the
 * tie. So the informal network is renewed as it decays, instead of being an initial
 * stock that the programme alone replaces. Local ties are not the programme's: their
 * learning does not count in programme_gain (7.9).
 *
 * Draws: one stream per firm (purpose LOCAL); the proposals fill one slot per firm in
 * parallel and are applied with the others by the meetings phase.
 */
#include "model/sim_internal.h"

#include "model/streams.h"
#include "sim/rng.h"

enum { CELLS = CSIM_N_COMPLEXES * CSIM_N_SECTORS };

csim_status csim_encounters__step(csim_sim *sim) {
    csim_status st = CSIM_OK;
    const csim_firms *f = &sim->firms;
    const double rate = sim->p.ties_local_rate;
    const size_t width = (size_t) sim->p.ties_local_neighbours;
    if (rate <= 0.0) {
        return CSIM_OK;
    }
    const long n = (long) f->n;
    const size_t districts = csim_sim__districts(sim);
    int32_t *cell = sim->work.encounters.cell;
#pragma omp parallel for schedule(static) default(none) shared(f, cell, n, districts)
    for (long i = 0; i < n; ++i) {
        /* i % districts: its district (csim_sim__district) */
        cell[i] = f->alive[i] && f->kind[i] == CSIM_KIND_FIRM
                      ? (int32_t) ((size_t) (f->estate[i] * CSIM_N_SECTORS + f->sector[i]) *
                                       districts +
                                   (size_t) i % districts)
                      : -1;
    }
    csim_roster *cells = &sim->roster;
    CSIM_TRY(csim_roster__build(cells, f->n, cell, CELLS * districts, NULL, NULL));
    csim_tie_proposal *slots = csim_sim__reserve_proposals(sim, f->n);
    if (!slots) {
        return CSIM_FAIL(CSIM_ENOMEM, "%zu local encounter proposals", f->n);
    }
    const uint64_t seed = sim->seed;
    const uint32_t step = (uint32_t) sim->step;
#pragma omp parallel for schedule(static) default(none) \
    shared(cells, cell, slots, n, seed, step, rate, width)
    for (long i = 0; i < n; ++i) {
        slots[i] = csim_sim__proposal(0, 0, CSIM_ORIGIN_LOCAL, 0); /* empty */
        if (cell[i] < 0) {
            continue;
        }
        const size_t size = csim_roster__size(cells, (size_t) cell[i]);
        csim_rng_stream stream;
        gsl_rng *rng = csim_rng_stream_open(&stream, seed, CSIM_STREAM_LOCAL, step, (uint32_t) i);
        if (size < 2 || gsl_rng_uniform(rng) >= rate) { /* n 0: a meeting this month? */
            continue;
        }
        const size_t *list = csim_roster__members(cells, (size_t) cell[i]);
        const size_t pos = csim_population__position(list, size, (size_t) i);
        const size_t j = list[csim_population__neighbour(size, pos, width, gsl_rng_uniform(rng))];
        slots[i] = csim_sim__proposal((uint32_t) i, (uint32_t) j, CSIM_ORIGIN_LOCAL, 0);
    }
cleanup:
    return st;
}
