/*
 * Suppliers' search for other customers (docs/ODD.md 7.3a; Lee, Choi & Lee 2016: when hubs
 * move lines away, orders fall and suppliers look for new products and customers).
 *
 * A supplier searches in a month with chance market.search_rate x shortfall, where the
 * shortfall is how far its smoothed chain sales have fallen below their base (0 while its
 * chain orders hold, 1 when they are gone): no threshold, the push grows with the loss.
 * A search does two things at once:
 *  - it approaches one possible buyer at the level above its own (hubs for tier 1), of
 *    either group, drawn in proportion to employees like the first buyer. The buyer
 *    must be doing better than its current one (a higher realised demand index); it takes
 *    the supplier with chance min(1, fit / mean fit of its current suppliers), fit being
 *    the supplier's capability in the fields the buyer's group demands raised to the
 *    market's fit elasticity: a supplier as good as those it already has is taken, a weaker
 *    one less often; a buyer of the other group takes it market.rival_acceptance times as
 *    often (suppliers are registered with one conglomerate). A supplier taken switches: its buyer, and the group of it and of the
 *    chain below it, change.
 *  - it looks for non-hub customers (fairs, foreign buyers): it finds one with chance
 *    equal to its market access, and access then closes market.customer_gain of its gap
 *    to 1. Access is what organisations' joint brands and booths raise (orgs.c), so members
 *    of a marketing organisation find customers more easily.
 * Vendor qualification (market.qualify_rate): an independent SME
 * applies in a month with that chance, for a tier drawn from population.tier_share, to
 * one possible buyer at the level above that tier, drawn the same way; the buyer takes
 * it with the same chance min(1, fit / mean fit of its current suppliers). A firm taken
 * becomes a registered supplier: it splits its sales base as entrants do
 * (market.chain_share of it becomes its chain base) and competes for its buyer's orders.
 * Decisions are drawn in parallel from each firm's own stream (SEARCH for suppliers,
 * QUALIFY for independents: the two sets are disjoint) and read only state that no firm
 * changes in the loop; switches and registrations are applied serially in index order.
 */
#include "model/sim_internal.h"

#include <math.h>

#include "model/streams.h"
#include "model/tables.h"
#include "sim/rng.h"

#define BUYER_LEVELS 3 /* hubs, tier 1, tier 2: the levels above tiers 1..3 */

double csim_search__shortfall(const csim_firms *f, size_t i) {
    if (f->chain_base[i] <= 0.0) {
        return 0.0;
    }
    const double s = 1.0 - f->chain_smooth[i] / f->chain_base[i];
    return s < 0.0 ? 0.0 : (s > 1.0 ? 1.0 : s);
}

double csim_search__acceptance(double fitpow, double buyer_mean_fitpow) {
    if (buyer_mean_fitpow <= 0.0) {
        return 1.0; /* a buyer without suppliers takes anyone */
    }
    const double a = fitpow / buyer_mean_fitpow;
    return a < 1.0 ? a : 1.0;
}

/* fit^elasticity of firm i for the fields of `group`'s hubs (as in the market). */
static double fitpow_for(const csim_sim *sim, size_t i, int group) {
    const double fit = csim_market__capability(&sim->firms, i, csim_group_demand[group]) /
                       sim->ref_capability;
    return pow(fit > 1e-9 ? fit : 1e-9, sim->p.market_fit_elasticity);
}

/* A possible buyer at `level` (0 = hubs) of either group: the buyer search's rule
 * (population.c) for the group the firm is in. */
static int is_buyer_at(const csim_firms *f, size_t j, int level) {
    return f->group[j] != CSIM_GROUP_NONE &&
           csim_population__is_buyer(f, j, f->group[j], level);
}

static double realised_index(const csim_firms *f, size_t b) {
    return f->chain_base[b] > 0.0 ? f->rev_chain[b] / f->chain_base[b] : 0.0;
}

/* Give every supplier in the chain below a switched firm its buyer's group: tiers in
 * order, since a buyer is always on a lower tier than its supplier. */
static void propagate_groups(csim_firms *f) {
    for (int tier = CSIM_TIER_1; tier <= CSIM_TIER_3; ++tier) {
        for (size_t i = 0; i < f->n; ++i) {
            if (f->alive[i] && (int) f->tier[i] == tier && f->buyer[i] >= 0) {
                f->group[i] = f->group[f->buyer[i]];
            }
        }
    }
}

/* The possible buyer at `level` (0 = hubs) that uniform u picks, in proportion to
 * employees, from the table built in csim_search__step; -1 when the level has none. */
static int32_t pick_buyer(const csim_ws_search *ws, const size_t *start, const double *total,
                          int level, double u) {
    if (level < 0 || level >= BUYER_LEVELS || start[level + 1] == start[level]) {
        return -1;
    }
    const size_t k = start[level] + csim_population__pick(ws->cum + start[level],
                                                          start[level + 1] - start[level],
                                                          u * total[level]);
    return ws->buyers[k];
}

/* Buyer b's mean fit^elasticity over its suppliers, weighted by chain base (0: none). */
static double mean_fitpow(const csim_ws_search *ws, int32_t b) {
    return ws->sum_c[b] > 0.0 ? ws->sum_w[b] / ws->sum_c[b] : 0.0;
}

/* Vendor qualification: each independent SME's application, decided in parallel from its
 * own stream; a firm taken gets its buyer in new_buyer and its tier in new_tier. */
static void decide_qualification(csim_sim *sim, const size_t *start, const double *total) {
    const csim_firms *f = &sim->firms;
    const csim_params *p = &sim->p;
    csim_ws_search *ws = &sim->work.search;
    const long n = (long) f->n;
    const uint64_t seed = sim->seed;
    const uint32_t step = (uint32_t) sim->step;
    const double rate = p->market_qualify_rate;
    const double *tier_share = p->population_tier_share.v;
#pragma omp parallel for schedule(dynamic, 2048) default(none) \
    shared(sim, f, ws, n, seed, step, rate, start, total, tier_share)
    for (long i = 0; i < n; ++i) {
        if (!f->alive[i] || f->kind[i] != CSIM_KIND_FIRM || f->tier[i] != CSIM_TIER_INDEPENDENT) {
            continue;
        }
        csim_rng_stream stream;
        gsl_rng *rng = csim_rng_stream_open(&stream, seed, CSIM_STREAM_QUALIFY, step, (uint32_t) i);
        if (gsl_rng_uniform(rng) >= rate) { /* n 0: does it apply? */
            continue;
        }
        const double u_tier = gsl_rng_uniform(rng);   /* n 1 */
        const double u_buyer = gsl_rng_uniform(rng);  /* n 2 */
        const double u_accept = gsl_rng_uniform(rng); /* n 3 */
        const size_t tier_rank = csim_population__draw(tier_share, 3, u_tier);
        /* tier 1 sells to hubs (level 0), and so on */
        const int32_t b = pick_buyer(ws, start, total, (int) tier_rank, u_buyer);
        if (b < 0) {
            continue;
        }
        if (u_accept < csim_search__acceptance(fitpow_for(sim, (size_t) i, f->group[b]),
                                               mean_fitpow(ws, b))) {
            ws->new_buyer[i] = b;
            ws->new_tier[i] = (uint8_t) (CSIM_TIER_1 + tier_rank);
        }
    }
}

/* Suppliers' search: each supplier's search, decided in parallel from its own stream; a
 * supplier taken by another buyer gets it in new_buyer. Non-hub customers found raise
 * access at once (each supplier writes only its own row). Returns the customers found. */
static size_t decide_search(csim_sim *sim, const size_t *start, const double *total) {
    csim_firms *f = &sim->firms;
    const csim_params *p = &sim->p;
    csim_ws_search *ws = &sim->work.search;
    const long n = (long) f->n;
    const uint64_t seed = sim->seed;
    const uint32_t step = (uint32_t) sim->step;
    const double rate = p->market_search_rate, gain = p->market_customer_gain;
    const double rival_acceptance = p->market_rival_acceptance;
    size_t finds = 0;
#pragma omp parallel for schedule(dynamic, 2048) default(none) reduction(+ : finds) \
    shared(sim, f, ws, n, seed, step, rate, gain, rival_acceptance, start, total)
    for (long i = 0; i < n; ++i) {
        if (!f->alive[i] || f->kind[i] != CSIM_KIND_FIRM || f->is_hub[i] || f->buyer[i] < 0) {
            continue;
        }
        const double shortfall = csim_search__shortfall(f, (size_t) i);
        csim_rng_stream stream;
        gsl_rng *rng = csim_rng_stream_open(&stream, seed, CSIM_STREAM_SEARCH, step, (uint32_t) i);
        if (gsl_rng_uniform(rng) >= rate * shortfall) { /* n 0: does it search? */
            continue;
        }
        const double u_buyer = gsl_rng_uniform(rng);  /* n 1 */
        const double u_accept = gsl_rng_uniform(rng); /* n 2 */
        const double u_customer = gsl_rng_uniform(rng); /* n 3 */
        if (u_customer < f->access[i]) {
            f->access[i] += gain * (1.0 - f->access[i]);
            finds++;
        }
        const int32_t b = pick_buyer(ws, start, total, (int) f->tier[i] - 1, u_buyer);
        const int32_t old = f->buyer[i];
        if (b < 0 || b == old || realised_index(f, (size_t) b) <= realised_index(f, (size_t) old)) {
            continue;
        }
        const double rival = f->group[b] != f->group[i] ? rival_acceptance : 1.0;
        if (u_accept < rival * csim_search__acceptance(fitpow_for(sim, (size_t) i, f->group[b]),
                                                       mean_fitpow(ws, b))) {
            ws->new_buyer[i] = b;
        }
    }
    return finds;
}

/* An independent SME taken by buyer b enters at `tier`: its sales base is split as an
 * entrant's is (population.c), keeping its total. */
static void register_supplier(csim_sim *sim, size_t i, int32_t b, uint8_t tier) {
    csim_firms *f = &sim->firms;
    const double base = f->chain_base[i] + f->other_base[i];
    f->buyer[i] = b;
    f->group[i] = f->group[b];
    f->tier[i] = tier;
    f->chain_base[i] = sim->p.market_chain_share * base;
    f->other_base[i] = base - f->chain_base[i];
    f->chain_smooth[i] = f->chain_base[i];
    sim->counts.registrations++;
}

csim_status csim_search__step(csim_sim *sim) {
    csim_status st = CSIM_OK;
    csim_firms *f = &sim->firms;
    const csim_params *p = &sim->p;
    csim_ws_search *ws = &sim->work.search;
    const long n = (long) f->n;
    if (p->market_search_rate <= 0.0 && p->market_qualify_rate <= 0.0) {
        return CSIM_OK;
    }

    /* Each firm's fit for its own group's fields, and each buyer's mean over its suppliers
     * weighted by their chain bases (as the market shares its orders). */
#pragma omp parallel for schedule(dynamic, 2048) default(none) shared(sim, f, ws, n)
    for (long i = 0; i < n; ++i) {
        ws->new_buyer[i] = -1;
        ws->sum_w[i] = 0.0;
        ws->sum_c[i] = 0.0;
        ws->fitpow[i] = f->alive[i] && f->buyer[i] >= 0 ? fitpow_for(sim, (size_t) i, f->group[i]) : 0.0;
    }
    for (long i = 0; i < n; ++i) { /* serial: the same sums for any schedule */
        if (f->alive[i] && f->buyer[i] >= 0) {
            ws->sum_w[f->buyer[i]] += f->chain_base[i] * ws->fitpow[i];
            ws->sum_c[f->buyer[i]] += f->chain_base[i];
        }
    }
    /* Possible buyers per level, in index order, with cumulative employees. */
    size_t start[BUYER_LEVELS + 1] = {0};
    for (long j = 0; j < n; ++j) {
        for (int level = 0; level < BUYER_LEVELS; ++level) {
            start[level + 1] += (size_t) is_buyer_at(f, (size_t) j, level);
        }
    }
    for (int level = 0; level < BUYER_LEVELS; ++level) {
        start[level + 1] += start[level];
    }
    size_t fill[BUYER_LEVELS];
    double total[BUYER_LEVELS] = {0.0};
    for (int level = 0; level < BUYER_LEVELS; ++level) {
        fill[level] = start[level];
    }
    for (long j = 0; j < n; ++j) {
        for (int level = 0; level < BUYER_LEVELS; ++level) {
            if (is_buyer_at(f, (size_t) j, level)) {
                total[level] += f->employees[j];
                ws->cum[fill[level]] = total[level];
                ws->buyers[fill[level]++] = (int32_t) j;
            }
        }
    }

    if (p->market_qualify_rate > 0.0) {
        decide_qualification(sim, start, total);
    }
    if (p->market_search_rate > 0.0) {
        sim->counts.customer_finds += decide_search(sim, start, total);
    }

    int switched = 0;
    for (long i = 0; i < n; ++i) {
        const int32_t b = ws->new_buyer[i];
        if (b < 0) {
            continue;
        }
        CSIM_TRY(csim_events_add(&sim->events, sim->step, CSIM_EVENT_BUYER_SWITCH, (int64_t) i, b,
                                 (double) f->buyer[i]));
        if (f->buyer[i] < 0) { /* an applicant taken: it has no chain below it */
            register_supplier(sim, (size_t) i, b, ws->new_tier[i]);
            continue;
        }
        f->buyer[i] = b;
        f->group[i] = f->group[b];
        sim->counts.buyer_switches++;
        switched = 1;
    }
    if (switched) {
        propagate_groups(f);
    }
cleanup:
    return st;
}
