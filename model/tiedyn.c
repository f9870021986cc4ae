/*
 * Collaboration tie dynamics: forming the proposals of a step in a stable order (logit
 * acceptance, Boschma 2005 proximities, triadic closure, preferential attachment), and
 * each month's trust and intensity update with decay of unreinforced ties (Burt 2000,
 * 2002) and removal below the floor.
 */
#include "model/sim_internal.h"

#include <math.h>
#include <stdlib.h>

#include "model/streams.h"
#include "sim/rng.h"

/* Intensity of a new tie; supply-derived ties start at full intensity. */
#define NEW_TIE_WEIGHT 0.5
/* Share of the gap to full intensity that one reinforcement closes. */
#define REINFORCE 0.25

static int compare_proposals(const void *x, const void *y) {
    const csim_tie_proposal *a = x, *b = y;
    if (a->a != b->a) {
        return a->a < b->a ? -1 : 1;
    }
    if (a->b != b->b) {
        return a->b < b->b ? -1 : 1;
    }
    /* Forced proposals first, then by origin: the kept duplicate is well defined. */
    if (a->forced != b->forced) {
        return a->forced > b->forced ? -1 : 1;
    }
    return (int) a->origin - (int) b->origin;
}

/* Probability that a proposed tie between a and b forms (logit of the utility). */
static double acceptance(const csim_sim *sim, uint32_t a, uint32_t b) {
    const csim_params *p = &sim->p;
    const csim_firms *f = &sim->firms;
    const double d = csim_learning__distance(csim_firms_knowledge(f, a), csim_firms_knowledge(f, b));
    const double same_group = f->group[a] != CSIM_GROUP_NONE && f->group[a] == f->group[b];
    const double same_complex = f->estate[a] == f->estate[b];
    const double shared = (double) csim_ties_shared_partners(&sim->ties, a, b);
    const double degree = 0.5 * (double) (csim_ties_degree(&sim->ties, a) +
                                          csim_ties_degree(&sim->ties, b));
    const double utility = p->ties_accept_intercept + p->ties_accept_learning * csim_learning__value(p, d) +
                           p->ties_accept_same_group * same_group +
                           p->ties_accept_same_complex * same_complex +
                           p->ties_accept_shared * shared + p->ties_accept_degree * log1p(degree);
    return 1.0 / (1.0 + exp(-utility));
}

#define DECIDE_SKIP (-1)  /* duplicate, departed partner, or declined */
#define DECIDE_FORM (-2)  /* a new tie */

/* Trust of a new tie: what common partners report of each side (reputation; Cowan,
 * Jonard & Zimmermann 2007), with ties.initial_trust as one more report; a coordinator's
 * introduction adds its word (ties.broker_trust) as another. The adjacency is the one
 * from before this batch, so the order of formation does not matter. */
static double initial_trust(const csim_sim *sim, const csim_tie_proposal *pr) {
    const csim_params *p = &sim->p;
    double prior = p->ties_initial_trust, prior_weight = 1.0;
    if (pr->origin == CSIM_ORIGIN_BROKER) {
        prior = (p->ties_initial_trust + p->ties_broker_trust) / 2.0;
        prior_weight = 2.0;
    }
    return csim_ties_reported_trust(&sim->ties, pr->a, pr->b, prior, prior_weight);
}

csim_status csim_tiedyn__apply_proposals(csim_sim *sim) {
    csim_status st = CSIM_OK;
    csim_ties *ties = &sim->ties;
    const csim_firms *f = &sim->firms;
    const size_t n_before = ties->n_ties;
    int64_t *decision = NULL;
    qsort(sim->proposals, sim->n_proposals, sizeof *sim->proposals, compare_proposals);
    /* Empty proposals (u, u) sort last (u = UINT32_MAX): drop them. */
    size_t n_prop = sim->n_proposals;
    while (n_prop > 0 && sim->proposals[n_prop - 1].a == sim->proposals[n_prop - 1].b) {
        --n_prop;
    }
    decision = malloc((n_prop + 1) * sizeof *decision);
    if (!decision) {
        st = CSIM_FAIL(CSIM_ENOMEM, "decisions on %zu tie proposals", n_prop);
        goto cleanup;
    }
    /* Decide every proposal in parallel: each reads the adjacency as it was before this
     * batch (new ties are added after all decisions, as the former serial loop also saw
     * no new tie before its end) and writes only its own decision. */
    const csim_tie_proposal *props = sim->proposals;
    const long n_long = (long) n_prop;
    const uint64_t seed = sim->seed;
    const uint32_t step = (uint32_t) sim->step;
#pragma omp parallel for schedule(dynamic, 256) default(none) \
    shared(sim, ties, f, props, decision, n_long, seed, step)
    for (long k = 0; k < n_long; ++k) {
        const csim_tie_proposal *pr = &props[k];
        decision[k] = DECIDE_SKIP;
        if (k > 0 && pr->a == props[k - 1].a && pr->b == props[k - 1].b) {
            continue; /* duplicate of the previous proposal */
        }
        if (!f->alive[pr->a] || !f->alive[pr->b]) {
            continue;
        }
        const long existing = csim_ties_find(ties, pr->a, pr->b);
        if (existing >= 0) {
            decision[k] = existing; /* meeting again reinforces */
            continue;
        }
        /* The draw is keyed by the pair, not by the proposal's rank, so that a proposal's
         * fate does not depend on which other proposals were made (common random numbers). */
        const int accepted =
            pr->forced || csim_rng_uniform_at(seed, CSIM_STREAM_TIE_ACCEPT, step, pr->a, pr->b) <
                              acceptance(sim, pr->a, pr->b);
        if (accepted) {
            decision[k] = DECIDE_FORM;
        }
    }
    /* Apply in the sorted order. */
    for (size_t k = 0; k < n_prop; ++k) {
        const csim_tie_proposal *pr = &props[k];
        if (decision[k] >= 0) {
            ties->last_used[decision[k]] = (int32_t) sim->step;
            continue;
        }
        if (decision[k] != DECIDE_FORM) {
            continue;
        }
        const double weight = pr->origin == CSIM_ORIGIN_SUPPLY ? 1.0 : NEW_TIE_WEIGHT;
        CSIM_TRY(csim_ties_add(ties, pr->a, pr->b, weight, initial_trust(sim, pr),
                               (int32_t) sim->step, pr->origin));
        sim->counts.ties_formed++;
        if (pr->origin == CSIM_ORIGIN_BROKER) {
            sim->counts.introductions++;
        }
    }
    /* Later phases of this step (and later proposals) must see the new ties: refresh
     * the adjacency, otherwise a pair met twice in one month would get two ties. */
    if (ties->n_ties > n_before) {
        st = csim_ties_build_adjacency(ties, f->n);
    }
cleanup:
    free(decision);
    sim->n_proposals = 0;
    return st;
}

csim_status csim_tiedyn__step(csim_sim *sim) {
    csim_ties *ties = &sim->ties;
    const csim_firms *f = &sim->firms;
    const csim_params *p = &sim->p;
    const long n_ties = (long) ties->n_ties;
    const int32_t step = (int32_t) sim->step;
    size_t removed = 0;

    /* Each tie reads only its own row and the actors' (read-only) memberships, and
     * writes only its own row: any schedule gives the same result. Integer reduction. */
#pragma omp parallel for schedule(static) default(none) shared(ties, f, p, n_ties, step) \
    reduction(+ : removed)
    for (long e = 0; e < n_ties; ++e) {
        const uint32_t a = ties->a[e], b = ties->b[e];
        if (!f->alive[a] || !f->alive[b]) {
            ties->dead[e] = 1;
            ++removed;
            continue;
        }
        /* Ties in use this month: met again (a proposal: forum, referral, broker,
         * organisation meeting), a supply relation, or the same WG (WGs meet monthly).
         * Trust after joint work is set by the project and WG outcomes (learning.c). */
        const int supply = f->buyer[a] == (int32_t) b || f->buyer[b] == (int32_t) a;
        const int same_wg = f->wg[a] >= 0 && f->wg[a] == f->wg[b];
        if (supply || same_wg) {
            ties->last_used[e] = step;
        }
        if (ties->last_used[e] == step) {
            ties->weight[e] += REINFORCE * (1.0 - ties->weight[e]);
        } else {
            /* Unreinforced: bridges (no shared partner) decay faster (Burt 2002). */
            const int bridge = !csim_ties_have_shared_partner(ties, a, b);
            ties->weight[e] *= 1.0 - (bridge ? p->ties_decay_bridge : p->ties_decay);
            ties->trust[e] += p->ties_trust_drift * (p->ties_trust_base - ties->trust[e]);
        }
        if (ties->weight[e] < p->ties_floor) {
            ties->dead[e] = 1;
            ++removed;
        }
    }
    sim->counts.ties_dissolved += removed;
    csim_ties_compact(ties);
    return CSIM_OK;
}
