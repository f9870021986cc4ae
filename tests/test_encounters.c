/* Known answers of everyday local encounters (model/encounters.c) on a bare state
 * (tests/support/model_fixture.h): who meets whom, recounted from each firm's own draws;
 * no meeting outside one's (complex, sector) cell, for a firm alone in its cell, for
 * institutions or departed firms, or at rate 0; the proposals are of origin `local`. */
#include <criterion/criterion.h>

#include "model/sim_internal.h"
#include "model/streams.h"
#include "sim/rng.h"
#include "tests/support/model_fixture.h"
#include "tests/support/test_support.h"

TestSuite(encounters, .init = csim_test_quiet_libraries);

static csim_params encounter_params(double rate) {
    csim_params p = csim_test_params(0.05, 24);
    p.ties_local_rate = rate;
    return p;
}

static void place(csim_firms *f, size_t i, int estate, int sector) {
    f->alive[i] = 1;
    f->kind[i] = CSIM_KIND_FIRM;
    f->estate[i] = (uint8_t) estate;
    f->sector[i] = (uint8_t) sector;
}

/* Firms 0, 2, 3 share complex 1 / machinery; firm 1 is alone in complex 2 / machinery;
 * firm 4 shares complex 1 / textiles with the departed firm 5; firm 6 is an institution
 * in complex 1 / machinery. With rate 0.6, firm i meets someone iff its first draw u0 is
 * below 0.6; its partner is member floor(3 u1) of its cell's list {0, 2, 3} (the cell is
 * smaller than ties.local_neighbours, so every cellmate is a neighbour; itself: no
 * meeting). Each proposal recounted by hand from those draws; firms 1 and 4
 * (alone among the living of their cells), 5 and 6 propose nothing. */
Test(encounters, partners_come_from_ones_own_cell_by_hand) {
    const csim_params p = encounter_params(0.6);
    csim_sim *sim = csim_test_bare_sim(&p, 7);
    csim_firms *f = &sim->firms;
    place(f, 0, 1, CSIM_SECTOR_MACHINERY);
    place(f, 1, 2, CSIM_SECTOR_MACHINERY);
    place(f, 2, 1, CSIM_SECTOR_MACHINERY);
    place(f, 3, 1, CSIM_SECTOR_MACHINERY);
    place(f, 4, 1, CSIM_SECTOR_TEXTILES);
    place(f, 5, 1, CSIM_SECTOR_TEXTILES);
    f->alive[5] = 0;
    place(f, 6, 1, CSIM_SECTOR_MACHINERY);
    f->kind[6] = CSIM_KIND_INSTITUTION;
    static const size_t cell[] = {0, 2, 3};
    size_t meetings = 0;
    for (long t = 0; t < 12; ++t) {
        sim->step = t;
        sim->n_proposals = 0;
        cr_assert_eq(csim_encounters__step(sim), CSIM_OK, "%s", csim_last_error());
        cr_assert_eq(sim->n_proposals, f->n, "one slot per actor");
        for (size_t i = 0; i < f->n; ++i) {
            const csim_tie_proposal *pr = &sim->proposals[i];
            uint32_t want_a = UINT32_MAX, want_b = UINT32_MAX;
            if (i == 0 || i == 2 || i == 3) {
                csim_rng_stream stream;
                gsl_rng *rng = csim_rng_stream_open(&stream, sim->seed, CSIM_STREAM_LOCAL,
                                                    (uint32_t) t, (uint32_t) i);
                if (gsl_rng_uniform(rng) < 0.6) {
                    const size_t j = cell[(size_t) (3.0 * gsl_rng_uniform(rng))];
                    if (j != i) {
                        want_a = (uint32_t) (i < j ? i : j);
                        want_b = (uint32_t) (i < j ? j : i);
                        cr_assert_eq(pr->origin, CSIM_ORIGIN_LOCAL);
                        cr_assert_eq(pr->forced, 0, "a local meeting is not a forced tie");
                        ++meetings;
                    }
                }
            }
            cr_assert(pr->a == want_a && pr->b == want_b,
                      "step %ld actor %zu: proposal (%u, %u), want (%u, %u)", t, i, pr->a, pr->b,
                      want_a, want_b);
        }
    }
    cr_assert_gt(meetings, 5, "only %zu meetings in 36 tries at 0.6", meetings);
    csim_sim_free(&sim);
}

/* At rate 0 the phase proposes nothing at all. */
Test(encounters, no_meetings_at_rate_zero) {
    const csim_params p = encounter_params(0.0);
    csim_sim *sim = csim_test_bare_sim(&p, 3);
    csim_firms *f = &sim->firms;
    for (size_t i = 0; i < 3; ++i) {
        place(f, i, 1, CSIM_SECTOR_MACHINERY);
    }
    sim->n_proposals = 0;
    cr_assert_eq(csim_encounters__step(sim), CSIM_OK, "%s", csim_last_error());
    cr_assert_eq(sim->n_proposals, 0);
    csim_sim_free(&sim);
}

/* The neighbourhood window, by hand: 20 neighbours around position 50 of 100 are
 * positions 40..59; near the ends the window is shifted inside (3 -> 0..19, 98 -> 80..99);
 * a cell of 10 is all neighbours. Positions found by bisection in an increasing list. */
Test(encounters, neighbour_window_by_hand) {
    cr_assert_eq(csim_population__neighbour(100, 50, 20, 0.0), 40);
    cr_assert_eq(csim_population__neighbour(100, 50, 20, 0.9999), 59);
    cr_assert_eq(csim_population__neighbour(100, 3, 20, 0.0), 0);
    cr_assert_eq(csim_population__neighbour(100, 3, 20, 0.9999), 19);
    cr_assert_eq(csim_population__neighbour(100, 98, 20, 0.0), 80);
    cr_assert_eq(csim_population__neighbour(100, 98, 20, 0.9999), 99);
    cr_assert_eq(csim_population__neighbour(10, 5, 20, 0.0), 0);
    cr_assert_eq(csim_population__neighbour(10, 5, 20, 0.55), 5);
    cr_assert_eq(csim_population__neighbour(10, 5, 20, 0.9999), 9);
    static const size_t list[] = {2, 5, 9, 14};
    cr_assert_eq(csim_population__position(list, 4, 2), 0);
    cr_assert_eq(csim_population__position(list, 4, 9), 2);
    cr_assert_eq(csim_population__position(list, 4, 14), 3);
}

/* A large cell: with ties.local_neighbours 4, firm 10 of a cell of 30 firms (0..29, all
 * complex 1 / machinery) meets only firms 8..11 over 200 months (rate 1): never a firm
 * farther away, and each of the three others at least once. */
Test(encounters, a_firm_meets_only_its_neighbours) {
    csim_params p = encounter_params(1.0);
    p.ties_local_neighbours = 4;
    csim_sim *sim = csim_test_bare_sim(&p, 30);
    csim_firms *f = &sim->firms;
    for (size_t i = 0; i < 30; ++i) {
        place(f, i, 1, CSIM_SECTOR_MACHINERY);
    }
    int met[30] = {0};
    for (long t = 0; t < 200; ++t) {
        sim->step = t;
        sim->n_proposals = 0;
        cr_assert_eq(csim_encounters__step(sim), CSIM_OK, "%s", csim_last_error());
        const csim_tie_proposal *pr = &sim->proposals[10];
        if (pr->a != pr->b) {
            const size_t other = pr->a == 10 ? pr->b : pr->a;
            cr_assert(other >= 8 && other <= 11, "step %ld: firm 10 met firm %zu", t, other);
            met[other] = 1;
        }
    }
    cr_assert(met[8] && met[9] && met[11], "a neighbour never met");
    csim_sim_free(&sim);
}

/* Districts (csim_sim__districts): at run.scale 3 actor i lives in district i % 3 and
 * meets only neighbours of its own district. Thirty firms of one cell (complex 1 /
 * machinery), ties.local_neighbours 4, rate 1: firm 10 (district 1, position 3 of 1, 4,
 * 7, ..., 28) meets only firms of district 1 adjacent to it in that district's arrival
 * order (the window of positions 1..4: 4, 7, itself, 13), each at least once over 200
 * months. */
Test(encounters, a_firm_meets_only_neighbours_of_its_district) {
    csim_params p = encounter_params(1.0);
    p.run_scale = 3.0;
    p.ties_local_neighbours = 4;
    csim_sim *sim = csim_test_bare_sim(&p, 30);
    csim_firms *f = &sim->firms;
    for (size_t i = 0; i < 30; ++i) {
        place(f, i, 1, CSIM_SECTOR_MACHINERY);
    }
    cr_assert_eq(csim_sim__districts(sim), 3);
    int met[30] = {0};
    for (long t = 0; t < 200; ++t) {
        sim->step = t;
        sim->n_proposals = 0;
        cr_assert_eq(csim_encounters__step(sim), CSIM_OK, "%s", csim_last_error());
        for (size_t i = 0; i < f->n; ++i) {
            const csim_tie_proposal *pr = &sim->proposals[i];
            if (pr->a != pr->b) {
                cr_assert_eq(pr->a % 3, pr->b % 3, "step %ld: %u and %u of different districts",
                             t, pr->a, pr->b);
            }
        }
        const csim_tie_proposal *pr = &sim->proposals[10];
        if (pr->a != pr->b) {
            const size_t other = pr->a == 10 ? pr->b : pr->a;
            cr_assert(other == 4 || other == 7 || other == 13,
                      "step %ld: firm 10 met firm %zu", t, other);
            met[other] = 1;
        }
    }
    cr_assert(met[4] && met[7] && met[13], "firm 10 met each of its neighbours");
    csim_sim_free(&sim);
}
