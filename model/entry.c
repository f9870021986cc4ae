/*
 * Entry and exit (docs/ODD.md 7.2). Entrants arrive at the scenario's yearly
 * rate (Poisson per month), drawn from the entrant shares (mostly small machinery
 * firms); hubs spin off SMEs as they outsource lines, which enter as their tier-1
 * suppliers. Firms leave after sustained negative capital or by the closure hazard; their
 * suppliers look for a new buyer of the same group.
 */
#include "model/sim_internal.h"

#include <stdlib.h>

#include <gsl/gsl_randist.h>

#include "model/streams.h"
#include "sim/rng.h"

/* Count hubs alive (spin-off sources). */
static size_t count_hubs(const csim_firms *f) {
    size_t hubs = 0;
    const long n = (long) f->n;
#pragma omp parallel for schedule(static) default(none) shared(f, n) reduction(+ : hubs)
    for (long i = 0; i < n; ++i) {
        hubs += f->alive[i] && f->is_hub[i];
    }
    return hubs;
}

/* The alive hubs in index order, listed once per step (a search per spin-off would be
 * O(n) each, O(n hubs) a step). Entrants of this step have higher indices than every
 * listed hub, so the k-th listed hub (k < hubs) is the k-th alive hub in index order
 * even after an entrant became a hub. */
static void list_hubs(const csim_firms *f, size_t *list) {
    size_t k = 0;
    for (size_t i = 0; i < f->n; ++i) {
        if (f->alive[i] && f->is_hub[i]) {
            list[k++] = i;
        }
    }
}

csim_status csim_entry__step(csim_sim *sim) {
    csim_status st = CSIM_OK;
    csim_firms *f = &sim->firms;
    const double year = csim_sim__year(sim);
    csim_rng_stream stream;
    gsl_rng *rng = csim_rng_stream_open(&stream, sim->seed, CSIM_STREAM_ENTRY_COUNT,
                                        (uint32_t) sim->step, 0);
    const double rate = csim_series_at(&sim->p.entry_rate, year, 0.0) * sim->p.run_scale / 12.0;
    const unsigned entrants = gsl_ran_poisson(rng, rate);
    const size_t hubs = count_hubs(f);
    const unsigned spinoffs =
        hubs > 0 ? gsl_ran_poisson(rng, sim->p.entry_spinoff_rate * (double) hubs / 12.0) : 0;
    const size_t first = f->n;
    size_t *hub_list = NULL;
    if (spinoffs > 0) {
        hub_list = malloc(hubs * sizeof *hub_list);
        if (!hub_list) {
            return CSIM_FAIL(CSIM_ENOMEM, "list of %zu hubs", hubs);
        }
        list_hubs(f, hub_list);
    }

    for (unsigned k = 0; k < entrants + spinoffs; ++k) {
        size_t i;
        CSIM_TRY(csim_firms_add(f, CSIM_KIND_FIRM, &i));
        f->entry_step[i] = (int32_t) sim->step;
        const int spinoff = k >= entrants;
        size_t hub = 0;
        if (spinoff) {
            const double u = CSIM_DRAW_AT(sim->seed, ENTRY_SPINOFF_PARENT, sim->step, i);
            const size_t k_hub = (size_t) (u * (double) hubs);
            hub = k_hub < hubs ? hub_list[k_hub] : 0; /* 0: as the former search's fallback */
        }
        csim_population__draw_firm(sim, i, 1, CSIM_STREAM_ENTRY_FIRM,
                                   spinoff ? (int) f->sector[hub] : -1);
        if (spinoff) {
            /* A spun-off line: an SME in its parent's sector, its tier-1 supplier. */
            f->group[i] = f->group[hub];
            f->tier[i] = CSIM_TIER_1;
            f->buyer[i] = (int32_t) hub;
            sim->counts.spinoffs++;
        }
        sim->counts.entries++;
        sim->firms_alive++;
        CSIM_TRY(csim_events_add(&sim->events, sim->step,
                                 spinoff ? CSIM_EVENT_FIRM_SPINOFF : CSIM_EVENT_FIRM_ENTRY,
                                 (int64_t) i, -1, f->employees[i]));
    }
    if (f->n > first) {
        CSIM_TRY(csim_sim__ensure_workspaces(sim));
        CSIM_TRY(csim_population__assign_buyers(sim, first, f->n));
        for (size_t i = first; i < f->n; ++i) {
            csim_population__set_bases(sim, i);
            /* Like the initial suppliers, an entrant may start with a tie to its buyer. */
            const double u = CSIM_DRAW_AT(sim->seed, ENTRY_SUPPLY_TIE, sim->step, i);
            if (f->buyer[i] >= 0 && u < sim->p.ties_initial_supply_ties) {
                CSIM_TRY(csim_sim__propose(sim, (uint32_t) i, (uint32_t) f->buyer[i],
                                           CSIM_ORIGIN_SUPPLY, 1));
            }
        }
    }
cleanup:
    free(hub_list);
    return st;
}

csim_status csim_exit__step(csim_sim *sim) {
    csim_status st = CSIM_OK;
    csim_firms *f = &sim->firms;
    int orphans = 0;
    for (size_t i = 0; i < f->n; ++i) {
        if (!sim->work.market.exit_flag[i]) {
            continue;
        }
        f->alive[i] = 0;
        f->exit_step[i] = (int32_t) sim->step;
        csim_groups__leave_all(sim, i);
        sim->counts.exits++;
        sim->firms_alive--;
        CSIM_TRY(csim_events_add(&sim->events, sim->step, CSIM_EVENT_FIRM_EXIT, (int64_t) i, -1,
                                 f->employees[i]));
    }
    if (sim->counts.exits == 0) {
        return CSIM_OK;
    }
    /* Suppliers of firms that left look for a new buyer in their group. Each supplier
     * reads who is alive (fixed now) and writes only its own buyer. */
    const long n = (long) f->n;
#pragma omp parallel for schedule(static) default(none) shared(f, n) reduction(| : orphans)
    for (long i = 0; i < n; ++i) {
        if (f->alive[i] && f->buyer[i] >= 0 && !f->alive[f->buyer[i]]) {
            f->buyer[i] = -1;
            orphans = 1;
        }
    }
    if (orphans) {
        CSIM_TRY(csim_population__assign_buyers(sim, 0, f->n));
    }
cleanup:
    return st;
}
