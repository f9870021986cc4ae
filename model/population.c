/*
 * The initial Gumi population (docs/ODD.md "Initialisation") and the attributes of
 * entrants: size class, employees, sector, complex, absorptive capacity, knowledge,
 * business group and tier, buyer in the supply chain, and the initial collaboration ties.
 *
 * Every attribute of actor i is drawn from its own stream (seed, purpose, step, i), so
 * the population does not depend on the order of construction or the thread count.
 */
#include "model/sim_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "model/streams.h"
#include "model/tables.h"
#include "sim/rng.h"

/* Employee bounds of the size classes; the top bound is population.max_employees. */
static const double class_lower[CSIM_N_SIZE_CLASSES] = {1, 50, 100, 300, 1000};

/* Index drawn from non-negative weights (need not sum to 1); u in [0, 1). */
size_t csim_population__draw(const double *weights, size_t n, double u) {
    double total = 0.0;
    for (size_t k = 0; k < n; ++k) {
        total += weights[k];
    }
    double cum = 0.0;
    const double target = u * total;
    for (size_t k = 0; k < n; ++k) {
        cum += weights[k];
        if (target < cum) {
            return k;
        }
    }
    /* Rounding can leave target == total: return the last category with weight. */
    for (size_t k = n; k > 0; --k) {
        if (weights[k - 1] > 0.0) {
            return k - 1;
        }
    }
    return 0;
}

double csim_market__capability(const csim_firms *firms, size_t i, const double *weights) {
    const double *v = csim_firms_knowledge(firms, i);
    double c = 0.0;
    for (size_t k = 0; k < CSIM_K; ++k) {
        c += weights[k] * v[k];
    }
    return c;
}

/* A hub's product line, drawn with `u` from its group's demand over the lines' fields:
 * LG's hubs in Gumi mostly make displays and components, Samsung's mostly phones
 * (Lee, Choi & Lee 2016). */
static uint8_t draw_line(int group, double u) {
    double w[CSIM_N_LINES] = {0.0};
    for (int l = CSIM_LINE_NONE + 1; l < CSIM_N_LINES; ++l) {
        w[l] = csim_group_demand[group][csim_line_field[l]];
    }
    return (uint8_t) csim_population__draw(w, CSIM_N_LINES, u);
}

/* Make firm i a hub of group g with its product line. */
static void make_hub(csim_sim *sim, size_t i, int group, int entrant) {
    csim_firms *f = &sim->firms;
    const double u = entrant ? CSIM_DRAW_AT(sim->seed, ENTRY_HUB_LINE, sim->step, i)
                             : CSIM_DRAW_AT(sim->seed, INIT_HUB_LINE, 0, i);
    f->is_hub[i] = 1;
    f->group[i] = (uint8_t) group;
    f->line[i] = draw_line(group, u);
}

void csim_population__draw_firm(csim_sim *sim, size_t i, int entrant, uint32_t purpose,
                                int spinoff_sector) {
    const csim_params *p = &sim->p;
    csim_firms *f = &sim->firms;
    csim_rng_stream stream;
    gsl_rng *rng = csim_rng_stream_open(&stream, sim->seed, purpose,
                                        (uint32_t) (entrant ? sim->step : 0), (uint32_t) i);
    const double *class_share =
        entrant ? p->entry_size_class_share.v : p->population_size_class_share.v;
    const double *sector_share = entrant ? p->entry_sector_share.v : p->population_sector_share.v;

    /* Size class, then employees log-uniform inside the class (Lee, Choi & Lee 2016, 2012 table). A
     * spun-off line is an SME: only the SME classes are drawn for it. */
    const size_t n_classes = spinoff_sector >= 0 ? (size_t) CSIM_SIZE_300_999 : CSIM_N_SIZE_CLASSES;
    const size_t c = csim_population__draw(class_share, n_classes, gsl_rng_uniform(rng));
    const double lo = class_lower[c];
    const double hi = c + 1 < CSIM_N_SIZE_CLASSES ? class_lower[c + 1] : p->population_max_employees;
    f->employees[i] = floor(lo * exp(gsl_rng_uniform(rng) * log(hi / lo)));
    f->is_large[i] = c >= CSIM_SIZE_300_999;

    /* Sector given size: P(s | c) proportional to share_s * exp(tilt_s * c). */
    double w[CSIM_N_SECTORS];
    for (size_t s = 0; s < CSIM_N_SECTORS; ++s) {
        w[s] = sector_share[s] * exp(p->population_sector_size_tilt.v[s] * (double) c);
    }
    const double u_sector = gsl_rng_uniform(rng);
    const size_t sector = spinoff_sector >= 0 ? (size_t) spinoff_sector
                                              : csim_population__draw(w, CSIM_N_SECTORS, u_sector);
    f->sector[i] = (uint8_t) sector;
    f->estate[i] = (uint8_t) csim_population__draw(p->population_complex_share.v, CSIM_N_COMPLEXES,
                                               gsl_rng_uniform(rng));

    /* Absorptive capacity: uniform +-0.25 around the mean for SMEs (Cohen & Levinthal). */
    if (f->is_large[i]) {
        f->alpha[i] = p->learning_alpha_large;
    } else {
        const double a = p->learning_alpha_mean + 0.5 * (gsl_rng_uniform(rng) - 0.5);
        f->alpha[i] = a < 0.0 ? 0.0 : (a > 1.0 ? 1.0 : a);
    }

    /* Knowledge: the sector's field profile times K (mean 1 over fields), noisy per field,
     * with a small base in every field; large firms know twice as much. */
    double *v = csim_firms_knowledge(f, i);
    const double size_factor = f->is_large[i] ? 2.0 : 1.0;
    for (size_t k = 0; k < CSIM_K; ++k) {
        const double base = csim_sector_fields[sector][k] * (double) CSIM_K;
        v[k] = size_factor * (0.05 + base * (0.5 + gsl_rng_uniform(rng)));
    }

    /* Business group and tier. Large electronics firms are the hubs' candidates. */
    const double u_group = gsl_rng_uniform(rng), u_lg = gsl_rng_uniform(rng);
    const double u_tier = gsl_rng_uniform(rng);
    f->group[i] = CSIM_GROUP_NONE;
    f->is_hub[i] = 0;
    f->line[i] = CSIM_LINE_NONE;
    if (f->is_large[i]) {
        f->tier[i] = CSIM_TIER_LARGE;
        if (sector == CSIM_SECTOR_ELECTRONICS && u_group < p->population_hub_share_of_large / 0.8) {
            make_hub(sim, i, u_lg < 0.5 ? CSIM_GROUP_LG : CSIM_GROUP_SAMSUNG, entrant);
        }
    } else {
        const double registered =
            entrant ? p->entry_registered_share : p->population_registered_share;
        if (u_group < registered) {
            f->group[i] = u_lg < p->population_lg_share_of_registered ? CSIM_GROUP_LG
                                                                      : CSIM_GROUP_SAMSUNG;
            f->tier[i] = (uint8_t) (CSIM_TIER_1 + csim_population__draw(p->population_tier_share.v, 3,
                                                                   u_tier));
        } else {
            f->tier[i] = CSIM_TIER_INDEPENDENT;
        }
    }

    const double q = f->is_large[i] ? p->market_output_per_employee_large
                                    : p->market_output_per_employee_sme;
    f->capital[i] = p->market_initial_capital_months * q * f->employees[i];
    f->access[i] = 0.5;
    f->buyer[i] = -1;
    f->benefit[i] = p->mc_expected_benefit; /* prior, before any experience */
}

void csim_population__set_bases(csim_sim *sim, size_t i) {
    csim_firms *f = &sim->firms;
    const csim_params *p = &sim->p;
    const double q = f->is_large[i] ? p->market_output_per_employee_large
                                    : p->market_output_per_employee_sme;
    const double capacity = q * f->employees[i];
    /* Registered suppliers sell chain_share of their capacity into their chain; hubs sell
     * their own products (their demand index is the hub demand); the others sell outside. */
    const double chain = f->is_hub[i] ? 1.0
                         : (f->buyer[i] >= 0 ? p->market_chain_share : 0.0);
    f->chain_base[i] = chain * capacity;
    f->other_base[i] = (1.0 - chain) * capacity;
    f->capability0[i] = csim_market__capability(f, i, csim_sector_fields[f->sector[i]]);
    f->chain_smooth[i] = f->chain_base[i];
    f->rev_chain[i] = f->chain_base[i];
    f->rev_other[i] = f->other_base[i];
}

/* Re-home a supplier without a buyer: it becomes independent. */
static void make_independent(csim_firms *f, size_t i) {
    f->group[i] = CSIM_GROUP_NONE;
    f->tier[i] = CSIM_TIER_INDEPENDENT;
    f->buyer[i] = -1;
}

size_t csim_population__pick(const double *cum, size_t n, double target) {
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        const size_t mid = (lo + hi) / 2;
        if (cum[mid] > target) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    return lo;
}

size_t csim_population__neighbour(size_t size, size_t pos, size_t width, double u) {
    size_t lo = pos > width / 2 ? pos - width / 2 : 0;
    size_t hi = lo + width;
    if (hi > size) {
        hi = size;
        lo = size > width ? size - width : 0;
    }
    const size_t k = lo + (size_t) (u * (double) (hi - lo));
    return k < hi ? k : hi - 1;
}

size_t csim_population__position(const size_t *list, size_t size, size_t i) {
    size_t lo = 0, hi = size;
    while (lo < hi) {
        const size_t mid = (lo + hi) / 2;
        if (list[mid] < i) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

int csim_population__is_buyer(const csim_firms *f, size_t j, int g, int up) {
    return f->alive[j] && f->kind[j] == CSIM_KIND_FIRM && f->group[j] == g &&
           (int) f->tier[j] == up && (up != CSIM_TIER_LARGE || f->is_hub[j]);
}

/* Buyers for actors first..last-1 that have none, tier by tier so that upper tiers are
 * placed first. Candidates are the alive firms of the group one tier up (hubs for tier 1),
 * weighted by employees, through a cumulative-weight list and a binary search. A tier
 * with no candidate falls back to the tier above; a group without hubs leaves its
 * would-be suppliers independent.
 *
 * Cost O(n) a call plus O(log n) per supplier: one pass lists every possible buyer per
 * (group, level) and every supplier to place per (group, tier). Placing a tier can only
 * make some of its firms independent, so a list of buyers only shrinks during the call;
 * each use drops the entries no longer eligible and recomputes the cumulative weights
 * in index order, the same sums as a fresh scan of all firms. */
#define BUYER_LEVELS 3 /* large (hubs), tier 1, tier 2: the levels above tiers 1..3 */
#define LIST_OF(g, level) ((size_t) (((g) - CSIM_GROUP_LG) * BUYER_LEVELS + (level)))
#define N_LISTS (2 * BUYER_LEVELS)

/* List of a possible buyer j (its own group and tier), or -1. */
static int32_t candidate_list(const csim_firms *f, size_t j) {
    const int g = f->group[j], t = f->tier[j];
    if (g == CSIM_GROUP_NONE || t >= CSIM_TIER_3 || !csim_population__is_buyer(f, j, g, t)) {
        return -1;
    }
    return (int32_t) LIST_OF(g, t);
}

/* List of a supplier j still to place (by its group and tier - 1), or -1. */
static int32_t want_list(const csim_firms *f, size_t j) {
    const int g = f->group[j], t = f->tier[j];
    if (!f->alive[j] || g == CSIM_GROUP_NONE || t < CSIM_TIER_1 || t > CSIM_TIER_3 ||
        f->buyer[j] >= 0) {
        return -1;
    }
    return (int32_t) LIST_OF(g, t - 1);
}

/* Buyers for the n_want suppliers w (offsets from `first`) from candidate list l of
 * group g at level `up`: drops the entries no longer eligible, then each supplier draws
 * one in proportion to employees. 0 when the list has no candidate left. */
static int place_suppliers(csim_sim *sim, csim_roster *cand, double *cum, size_t *cand_size,
                           size_t l, int g, int up, size_t first, const size_t *w,
                           size_t n_want) {
    csim_firms *f = &sim->firms;
    size_t *idx = cand->list + cand->start[l];
    double *c = cum + cand->start[l];
    size_t n_cand = 0;
    double total = 0.0;
    for (size_t k = 0; k < cand_size[l]; ++k) {
        const size_t j = idx[k];
        if (csim_population__is_buyer(f, j, g, up)) {
            total += f->employees[j];
            c[n_cand] = total;
            idx[n_cand++] = j;
        }
    }
    cand_size[l] = n_cand;
    if (n_cand == 0) {
        return 0;
    }
    /* Each supplier draws from its own stream: the draws run in parallel. */
    const long n_w = (long) n_want;
    const uint64_t seed = sim->seed;
    const uint32_t step = (uint32_t) sim->step;
    const size_t *buyers = idx;
    const double *weights = c;
    int32_t *buyer = f->buyer;
#pragma omp parallel for schedule(static) default(none) \
    shared(w, first, n_w, seed, step, buyers, weights, buyer, n_cand, total)
    for (long k = 0; k < n_w; ++k) {
        const size_t i = first + w[k];
        const double target = CSIM_DRAW_AT(seed, INIT_SUPPLY_BUYER, step, i) * total;
        buyer[i] = (int32_t) buyers[csim_population__pick(weights, n_cand, target)];
    }
    return 1;
}

csim_status csim_population__assign_buyers(csim_sim *sim, size_t first, size_t last) {
    csim_firms *f = &sim->firms;
    csim_status st = csim_sim__ensure_workspaces(sim);
    if (st != CSIM_OK) {
        return st;
    }
    double *cum = sim->work.buyers.cum; /* cumulative weights, laid out like the buyers */
    int32_t *key = sim->work.buyers.key;
    const long n = (long) f->n, lo_w = (long) first, hi_w = (long) last;
    /* Possible buyers per (group, level, district) and suppliers to place per (group,
     * tier, district), each list in index order (stable counting sorts, parallel). A
     * supplier settles near its buyer: it buys in its own district (csim_sim__districts)
     * when the district has a possible buyer. */
    const size_t districts = csim_sim__districts(sim);
    const size_t n_lists = N_LISTS * districts;
#pragma omp parallel for schedule(static) default(none) shared(f, key, n, districts)
    for (long j = 0; j < n; ++j) {
        const int32_t l = candidate_list(f, (size_t) j);
        key[j] = l < 0 ? -1 : (int32_t) ((size_t) l * districts + (size_t) j % districts);
    }
    csim_roster *cand = &sim->roster;
    CSIM_TRY(csim_roster__build(cand, f->n, key, n_lists, NULL, NULL));
    /* Suppliers to place: actors first..last-1 only (entrants, or everyone after exits);
     * the roster lists offsets from `first`. */
#pragma omp parallel for schedule(static) default(none) shared(f, key, lo_w, hi_w, districts)
    for (long j = lo_w; j < hi_w; ++j) {
        const int32_t l = want_list(f, (size_t) j);
        key[j] = l < 0 ? -1 : (int32_t) ((size_t) l * districts + (size_t) j % districts);
    }
    csim_roster *want = &sim->roster2;
    CSIM_TRY(csim_roster__build(want, last - first, key + first, n_lists, NULL, NULL));
    size_t *cand_size = malloc(n_lists * sizeof *cand_size);
    if (!cand_size) {
        return CSIM_FAIL(CSIM_ENOMEM, "buyer lists of %zu districts", districts);
    }
    for (size_t l = 0; l < n_lists; ++l) {
        cand_size[l] = csim_roster__size(cand, l);
    }

    for (int tier = CSIM_TIER_1; tier <= CSIM_TIER_3; ++tier) {
        for (int g = CSIM_GROUP_LG; g <= CSIM_GROUP_SAMSUNG; ++g) {
            for (size_t d = 0; d < districts; ++d) {
                const size_t wl = LIST_OF(g, tier - 1) * districts + d;
                const size_t *w = csim_roster__members(want, wl); /* + first */
                const size_t n_want = csim_roster__size(want, wl);
                if (n_want == 0) {
                    continue;
                }
                /* Candidates one tier up (hubs for tier 1) in the supplier's district;
                 * fall back further up if empty, then to the next district. */
                int placed = 0;
                for (size_t o = 0; o < districts && !placed; ++o) {
                    for (int up = tier - 1; up >= CSIM_TIER_LARGE && !placed; --up) {
                        const size_t l = LIST_OF(g, up) * districts + (d + o) % districts;
                        placed = place_suppliers(sim, cand, cum, cand_size, l, g, up, first, w,
                                                 n_want);
                    }
                }
                for (size_t k = 0; k < n_want; ++k) {
                    if (f->buyer[first + w[k]] < 0) {
                        make_independent(f, first + w[k]);
                    }
                }
            }
        }
    }
    free(cand_size);
cleanup:
    return st;
}

/* Institutions: universities and support institutes with high knowledge in a main field
 * and its relatives. Their main fields rotate over the fields the cluster uses most. */
static void draw_institution(csim_sim *sim, size_t i, size_t rank) {
    static const int main_fields[] = {CSIM_FIELD_ELECTRONIC_PARTS, CSIM_FIELD_MOLD_DIE,
                                      CSIM_FIELD_DISPLAY, CSIM_FIELD_MOBILE,
                                      CSIM_FIELD_MATERIALS, CSIM_FIELD_SOFTWARE,
                                      CSIM_FIELD_MACHINING, CSIM_FIELD_SEMICONDUCTORS,
                                      CSIM_FIELD_PRECISION_ASSEMBLY, CSIM_FIELD_ENERGY};
    csim_firms *f = &sim->firms;
    const int field = main_fields[rank % (sizeof main_fields / sizeof main_fields[0])];
    csim_rng_stream stream;
    gsl_rng *rng = csim_rng_stream_open(&stream, sim->seed, CSIM_STREAM_INIT_INSTITUTION, 0,
                                        (uint32_t) i);
    double *v = csim_firms_knowledge(f, i);
    for (size_t k = 0; k < CSIM_K; ++k) {
        v[k] = sim->p.population_institution_knowledge *
               (0.1 + csim_field_related[field][k] * (double) CSIM_K * (0.75 + 0.5 * gsl_rng_uniform(rng)));
    }
    f->sector[i] = CSIM_SECTOR_ELECTRONICS;
    f->estate[i] = (uint8_t) (rank % CSIM_N_COMPLEXES);
    f->alpha[i] = 0.0; /* institutions teach; they do not learn from firms */
    f->employees[i] = 0.0;
    f->tier[i] = CSIM_TIER_INDEPENDENT;
}

/* Neighbourhood cell of firm i: its (complex, sector) in its district (encounters.c). */
static size_t local_cell(const csim_sim *sim, size_t i) {
    const csim_firms *f = &sim->firms;
    return ((size_t) f->estate[i] * CSIM_N_SECTORS + f->sector[i]) * csim_sim__districts(sim) +
           csim_sim__district(sim, i);
}

/* Initial collaboration ties: supply-derived ties to the buyer, and a few local ties to
 * firms of the same complex and sector in the same district (the pre-programme network;
 * the neighbourhood of encounters.c). */
static csim_status initial_ties(csim_sim *sim) {
    csim_status st = CSIM_OK;
    csim_firms *f = &sim->firms;
    const size_t n = f->n;
    /* Firms grouped by (complex, sector, district) through a counting sort. */
    const size_t n_cells = (size_t) CSIM_N_COMPLEXES * CSIM_N_SECTORS * csim_sim__districts(sim);
    size_t *start = calloc(n_cells + 1, sizeof *start);
    size_t *cursor = malloc(n_cells * sizeof *cursor);
    size_t *members = malloc((n + 1) * sizeof *members);
    if (!start || !cursor || !members) {
        free(start);
        free(cursor);
        free(members);
        return CSIM_FAIL(CSIM_ENOMEM, "initial tie lists for %zu actors", n);
    }
    for (size_t i = 0; i < n; ++i) {
        if (f->kind[i] == CSIM_KIND_FIRM) {
            start[local_cell(sim, i) + 1]++;
        }
    }
    for (size_t c = 0; c < n_cells; ++c) {
        start[c + 1] += start[c];
    }
    memcpy(cursor, start, n_cells * sizeof *cursor);
    for (size_t i = 0; i < n; ++i) {
        if (f->kind[i] == CSIM_KIND_FIRM) {
            members[cursor[local_cell(sim, i)]++] = i;
        }
    }
    for (size_t i = 0; i < n; ++i) {
        if (f->kind[i] != CSIM_KIND_FIRM) {
            continue;
        }
        csim_rng_stream stream;
        gsl_rng *rng = csim_rng_stream_open(&stream, sim->seed, CSIM_STREAM_INIT_TIES, 0,
                                            (uint32_t) i);
        if (f->buyer[i] >= 0 && gsl_rng_uniform(rng) < sim->p.ties_initial_supply_ties) {
            CSIM_TRY(csim_sim__propose(sim, (uint32_t) i, (uint32_t) f->buyer[i],
                                       CSIM_ORIGIN_SUPPLY, 1));
        }
        /* Each firm proposes half of its expected local ties; the other half come from
         * its partners' proposals. */
        const unsigned k = gsl_ran_poisson(rng, sim->p.ties_initial_local_ties / 2.0);
        const size_t cell = local_cell(sim, i);
        const size_t size = start[cell + 1] - start[cell];
        const size_t *list = members + start[cell];
        const size_t pos = csim_population__position(list, size, i);
        const size_t width = (size_t) sim->p.ties_local_neighbours;
        for (unsigned m = 0; m < k && size > 1; ++m) {
            const size_t j = list[csim_population__neighbour(size, pos, width, gsl_rng_uniform(rng))];
            if (j != i) {
                CSIM_TRY(csim_sim__propose(sim, (uint32_t) i, (uint32_t) j, CSIM_ORIGIN_LOCAL, 1));
            }
        }
    }
cleanup:
    free(start);
    free(cursor);
    free(members);
    return st;
}

csim_status csim_population__init(csim_sim *sim) {
    csim_status st = CSIM_OK;
    const csim_params *p = &sim->p;
    const size_t n_firms = csim_sim__scaled(sim, (double) p->population_initial_firms, 2);
    const size_t n_inst = csim_sim__scaled(sim, (double) p->population_institutions, 0);
    csim_firms *f = &sim->firms;

    for (size_t k = 0; k < n_firms + n_inst; ++k) {
        size_t i;
        CSIM_TRY(csim_firms_add(f, k < n_firms ? CSIM_KIND_FIRM : CSIM_KIND_INSTITUTION, &i));
        if (k < n_firms) {
            csim_population__draw_firm(sim, i, 0, CSIM_STREAM_INIT_FIRM, -1);
        } else {
            /* Consecutive actors go to different districts (csim_sim__district): the
             * institutions of one rank go one to each district, so every district has
             * the scale-1 mix of main fields and complexes. */
            draw_institution(sim, i, (k - n_firms) / csim_sim__districts(sim));
        }
    }
    sim->initial_firms = n_firms;
    sim->firms_alive = n_firms;

    /* Every group needs a hub for its chain: if the draw gave none, the largest large
     * firm that is not yet a hub becomes one (whatever its sector). A hub share of 0
     * asks for no hubs at all (a complex without group plants): then no chain forms and
     * the would-be suppliers are independent (assign_buyers). */
    for (int g = CSIM_GROUP_LG; g <= CSIM_GROUP_SAMSUNG && p->population_hub_share_of_large > 0.0;
         ++g) {
        int have = 0;
        long best = -1;
        for (size_t i = 0; i < n_firms; ++i) {
            have |= f->is_hub[i] && f->group[i] == g;
            if (f->is_large[i] && !f->is_hub[i] &&
                (best < 0 || f->employees[i] > f->employees[best])) {
                best = (long) i;
            }
        }
        if (!have && best >= 0) {
            make_hub(sim, (size_t) best, g, 0);
        }
    }
    CSIM_TRY(csim_population__assign_buyers(sim, 0, n_firms));
    for (size_t i = 0; i < n_firms; ++i) {
        csim_population__set_bases(sim, i);
    }

    /* Reference capability: mean SME capability in its own sector's fields. */
    double sum = 0.0;
    size_t count = 0;
    for (size_t i = 0; i < n_firms; ++i) {
        if (!f->is_large[i]) {
            sum += csim_market__capability(f, i, csim_sector_fields[f->sector[i]]);
            ++count;
        }
    }
    sim->ref_capability = count > 0 ? sum / (double) count : 1.0;

    CSIM_TRY(csim_ties_build_adjacency(&sim->ties, f->n));
    CSIM_TRY(initial_ties(sim));
    CSIM_TRY(csim_tiedyn__apply_proposals(sim));
    /* The initial ties predate the run: born (and last used) in "step -1". */
    for (size_t e = 0; e < sim->ties.n_ties; ++e) {
        sim->ties.born[e] = -1;
        sim->ties.last_used[e] = -1;
    }
    sim->counts.ties_formed = 0;
cleanup:
    return st;
}
