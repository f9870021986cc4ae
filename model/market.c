/*
 * The market (docs/ODD.md 7.3; Markusen 1996, SKIN's market layer).
 *
 * Chain sales flow down the tiers: a hub's demand index is its group's hub demand times
 * its product line's (a relocation moves a line). Each link passes its buyer's move (its
 * realised index, chain sales over chain base, minus 1) with an elasticity: half from a
 * hub, a tenth from any other buyer, as Korean vendors' sales follow their large buyers'
 * (Pyo & Lee 2018); and never more, in orders, than market.purchase_share of what the
 * buyer's own sales moved: a buyer cannot buy from its suppliers more than a share of
 * what it sells.
 * Among the suppliers of one buyer, orders are redistributed by capability fit in the
 * fields the group demands: zero-sum at given demand. Non-hub sales grow with the firm's
 * edge: its capability relative to its entry level (SMEs only), within
 * market.knowledge_sales_bound of its base, times its market access (joint brands and
 * fairs raise it). A share market.displacement of an SME's non-hub sales is its sector's
 * local pool, divided among the sector's SMEs by edge at the pool's base size: what one
 * wins there, the others lose (business stealing). Profit moves capital; employment
 * follows sales with Gibrat noise.
 */
#include "model/sim_internal.h"

#include <math.h>

#include <gsl/gsl_randist.h>

#include "model/streams.h"
#include "model/tables.h"
#include "sim/rng.h"

#define ACCESS_REFERENCE 0.5 /* access of every firm at entry */
#define SMOOTHING 1.0 / 12.0 /* weight of the month in chain_smooth (about a year) */

/* The factor by which knowledge moves non-hub sales: rel^elasticity, kept within
 * [1 - bound, 1 + bound]. Unbounded, a firm whose capability doubles sells 50% more
 * outside the chain (elasticity 0.6), and the programme's learning became 150,000-200,000
 * KRW million a month of output for some 40 of programme money; evaluations of cluster and
 * business-network programmes find small or no robust effects on participants' sales,
 * jobs and exports (docs/ODD.md 7.3). Better know-how wins some orders outside the chain;
 * it does not make the market for them. */
static double knowledge_factor(double rel, double elasticity, double bound) {
    const double factor = pow(rel, elasticity);
    if (factor > 1.0 + bound) {
        return 1.0 + bound;
    }
    const double low = 1.0 - bound > 0.0 ? 1.0 - bound : 0.0;
    return factor < low ? low : factor;
}

double csim_market__other_edge(const csim_firms *f, const csim_params *p, size_t i) {
    /* Large firms' non-hub sales are their own products on world markets: what they
     * learn in the supplier fields through local ties does not move them. */
    double know = 1.0;
    if (!f->is_large[i] && f->capability0[i] > 0.0) {
        const double capability = csim_market__capability(f, i, csim_sector_fields[f->sector[i]]);
        know = knowledge_factor(capability / f->capability0[i], p->market_other_elasticity,
                                p->market_knowledge_sales_bound);
    }
    return know * f->access[i] / ACCESS_REFERENCE;
}

void csim_market__pool_index(const csim_firms *f, const double *edge, double *pool_index) {
    double base[CSIM_N_SECTORS] = {0.0};
    double weighted[CSIM_N_SECTORS] = {0.0};
    /* In index order: serial, so the sums are the same for any thread count. */
    for (size_t i = 0; i < f->n; ++i) {
        if (f->alive[i] && f->kind[i] == CSIM_KIND_FIRM && !f->is_large[i]) {
            base[f->sector[i]] += f->other_base[i];
            weighted[f->sector[i]] += f->other_base[i] * edge[i];
        }
    }
    for (int s = 0; s < CSIM_N_SECTORS; ++s) {
        pool_index[s] = weighted[s] > 0.0 ? base[s] / weighted[s] : 1.0;
    }
}

/* Created part: base x edge. Pooled part: the firm's share of its sector's pool at the
 * pool's base size, base x edge x (sum of bases / sum of base x edge). */
double csim_market__other_sales(double base, double edge, double displacement, double pool_index) {
    return base * edge * ((1.0 - displacement) + displacement * pool_index);
}

double csim_market__passed_index(double buyer_sales, double buyer_base, double suppliers_base,
                                 double elasticity, double purchase_share) {
    if (buyer_base <= 0.0) {
        return 0.0; /* a buyer with no chain orders has none to pass on */
    }
    /* The link passes the buyer's move with the given elasticity, and never more, in
     * orders, than purchase_share of what the buyer's own sales moved:
     * suppliers_base x theta x (index - 1) <= purchase_share x buyer_base x (index - 1). */
    const double room = purchase_share * buyer_base;
    const double bound = suppliers_base > room ? room / suppliers_base : 1.0;
    const double theta = elasticity < bound ? elasticity : bound;
    return 1.0 + theta * (buyer_sales / buyer_base - 1.0);
}

double csim_market__hub_demand(const csim_sim *sim, int group) {
    const double year = csim_sim__year(sim);
    if (group == CSIM_GROUP_LG) {
        return csim_series_at(&sim->p.market_hub_demand_lg, year, 1.0);
    }
    if (group == CSIM_GROUP_SAMSUNG) {
        return csim_series_at(&sim->p.market_hub_demand_samsung, year, 1.0);
    }
    return 1.0;
}

double csim_market__line_demand(const csim_params *p, int line, double year) {
    switch (line) {
    case CSIM_LINE_DISPLAY:
        return csim_series_at(&p->market_line_demand_display, year, 1.0);
    case CSIM_LINE_MOBILE:
        return csim_series_at(&p->market_line_demand_mobile, year, 1.0);
    case CSIM_LINE_COMPONENTS:
        return csim_series_at(&p->market_line_demand_components, year, 1.0);
    case CSIM_LINE_SEMICONDUCTORS:
        return csim_series_at(&p->market_line_demand_semiconductors, year, 1.0);
    default:
        return 1.0;
    }
}

csim_status csim_market__step(csim_sim *sim) {
    csim_firms *f = &sim->firms;
    const csim_params *p = &sim->p;
    const long n = (long) f->n;
    double *fitpow = sim->work.market.fitpow; /* fit^elasticity of each supplier      */
    double *sum_w = sim->work.market.sum_w; /* per buyer: sum of chain_base * fitpow */
    double *sum_c = sim->work.market.sum_c; /* per buyer: sum of chain_base         */
    const double purchase_share = p->market_purchase_share;
    const double pass_hub = p->market_pass_through_hub; /* hub -> tier 1 */
    const double pass_sme = p->market_pass_through_sme; /* other buyer -> its suppliers */
    const double eps = p->market_fit_elasticity;
    const double ref = sim->ref_capability;
    const double lo = 1.0 - p->market_chain_fit_bound > 1e-9 ? 1.0 - p->market_chain_fit_bound : 1e-9;
    const double hi = 1.0 + p->market_chain_fit_bound;
    const double demand[CSIM_N_GROUPS] = {1.0, csim_market__hub_demand(sim, CSIM_GROUP_LG),
                                          csim_market__hub_demand(sim, CSIM_GROUP_SAMSUNG)};
    /* A hub sells its line's products: its group's index times its line's. */
    double line_demand[CSIM_N_LINES];
    for (int l = 0; l < CSIM_N_LINES; ++l) {
        line_demand[l] = csim_market__line_demand(p, l, csim_sim__year(sim));
    }

    /* Dynamic chunks in the per-firm loops: the first indices hold most of the firms that
     * have left (cheap rows), so equal static blocks would load one thread more. */
#pragma omp parallel for schedule(dynamic, 2048) default(none) \
    shared(f, fitpow, sum_w, sum_c, n, eps, ref, lo, hi, csim_group_demand)
    for (long i = 0; i < n; ++i) {
        sum_w[i] = 0.0;
        sum_c[i] = 0.0;
        fitpow[i] = 0.0;
        if (f->alive[i] && f->buyer[i] >= 0) {
            /* Fit against the initial mean SME capability; market.chain_fit_bound holds
             * the ratio within [1 - b, 1 + b] (docs/ODD.md 7.3, "Why a bound"). */
            const double fit = csim_market__capability(f, (size_t) i, csim_group_demand[f->group[i]]);
            const double rel = fit / ref;
            fitpow[i] = pow(rel < lo ? lo : (rel > hi ? hi : rel), eps);
        }
    }
    /* Per-buyer sums in index order: serial, so the result is the same for any schedule. */
    for (long i = 0; i < n; ++i) {
        if (f->alive[i] && f->buyer[i] >= 0) {
            sum_w[f->buyer[i]] += f->chain_base[i] * fitpow[i];
            sum_c[f->buyer[i]] += f->chain_base[i];
        }
    }
    /* Hubs first, then each tier reads the realised index of the tier above. */
    /* The independent tier last: a supplier whose buyer left and found no other has no
     * chain sales any more (rev_chain = 0 in the else branch below). */
    for (int tier = CSIM_TIER_LARGE; tier <= CSIM_TIER_INDEPENDENT; ++tier) {
#pragma omp parallel for schedule(static) default(none) \
    shared(f, fitpow, sum_w, sum_c, purchase_share, pass_hub, pass_sme, n, tier, demand, line_demand)
        for (long i = 0; i < n; ++i) {
            if (!f->alive[i] || f->kind[i] != CSIM_KIND_FIRM || (int) f->tier[i] != tier) {
                continue;
            }
            if (f->is_hub[i]) {
                f->rev_chain[i] = f->chain_base[i] * demand[f->group[i]] * line_demand[f->line[i]];
            } else if (f->buyer[i] >= 0) {
                const int32_t b = f->buyer[i];
                const double share = sum_w[b] > 0.0 ? fitpow[i] * sum_c[b] / sum_w[b] : 1.0;
                f->rev_chain[i] = f->chain_base[i] *
                                  csim_market__passed_index(f->rev_chain[b], f->chain_base[b], sum_c[b],
                                                            f->is_hub[b] ? pass_hub : pass_sme,
                                                            purchase_share) *
                                  share;
            } else {
                f->rev_chain[i] = 0.0;
            }
        }
    }

    /* Non-hub sales: each firm's edge there is what it knows (SMEs only) times its market
     * access. SMEs of one sector sell partly into a shared local pool, which they divide
     * by edge at given size; the rest grows with the edge. */
    double *edge = sim->work.market.edge;
#pragma omp parallel for schedule(dynamic, 2048) default(none) \
    shared(f, p, n, edge, csim_sector_fields)
    for (long i = 0; i < n; ++i) {
        edge[i] = 0.0;
        if (f->alive[i] && f->kind[i] == CSIM_KIND_FIRM) {
            edge[i] = csim_market__other_edge(f, p, (size_t) i);
        }
    }
    double pool_index[CSIM_N_SECTORS];
    csim_market__pool_index(f, edge, pool_index);

    const uint64_t seed = sim->seed;
    const uint32_t step = (uint32_t) sim->step;
    const double site_cut = p->org_site_cost_cut;
    const csim_org *orgs = sim->prog.org;
    uint8_t *exit_flag = sim->work.market.exit_flag;
#pragma omp parallel for schedule(dynamic, 2048) default(none) \
    shared(f, p, n, seed, step, exit_flag, site_cut, orgs, edge, pool_index)
    for (long i = 0; i < n; ++i) {
        exit_flag[i] = 0;
        if (!f->alive[i] || f->kind[i] != CSIM_KIND_FIRM) {
            continue;
        }
        csim_rng_stream stream;
        gsl_rng *rng = csim_rng_stream_open(&stream, seed, CSIM_STREAM_MARKET, step, (uint32_t) i);
        const double u_exit = gsl_rng_uniform(rng); /* draw 0: closure hazard */
        const double noise = gsl_ran_gaussian_ziggurat(rng, 1.0);
        const double q = f->is_large[i] ? p->market_output_per_employee_large
                                        : p->market_output_per_employee_sme;
        const double capacity = q * f->employees[i];
        f->rev_other[i] = csim_market__other_sales(f->other_base[i], edge[i],
                                                   f->is_large[i] ? 0.0 : p->market_displacement,
                                                   pool_index[f->sector[i]]);
        const double revenue = f->rev_chain[i] + f->rev_other[i];
        /* A lot on a joint site (run by a cooperative) cuts its holder's operating costs. */
        const int on_site = f->site[i] >= 0 && orgs[f->site[i]].stage == CSIM_ORG_COOPERATIVE;
        const double cost_ratio = p->market_cost_ratio - (on_site ? site_cut : 0.0);
        /* Equipment installed with a hardware grant (hardware.c) cuts operating costs,
         * never below zero, and wears out month by month. */
        const double cost = cost_ratio * capacity - p->hardware_saving * f->equipment[i];
        f->capital[i] += revenue - (cost > 0.0 ? cost : 0.0);
        f->equipment[i] *= 1.0 - p->hardware_depreciation;
        f->loss_months[i] = (int16_t) (f->capital[i] < 0.0 ? f->loss_months[i] + 1 : 0);
        /* Employment follows sales relative to capacity, with Gibrat noise. */
        const double gap = revenue > 0.0 ? log(revenue / capacity) : -1.0;
        const double e = f->employees[i] *
                         exp(p->market_employment_adjustment * gap + p->market_employment_noise * noise);
        f->employees[i] = e < 1.0 ? 1.0 : e;
        f->chain_smooth[i] += SMOOTHING * (f->rev_chain[i] - f->chain_smooth[i]);
        if (!f->is_large[i] &&
            (f->loss_months[i] >= p->market_exit_months || u_exit < p->market_exit_hazard)) {
            exit_flag[i] = 1;
        }
    }
    return CSIM_OK;
}
