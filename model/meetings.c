/*
 * Meetings and tie proposals (MODEL.md mechanisms 5 and 6).
 *
 * Forum: each active MC holds a monthly event; members attend with probability
 *   mc.attendance, and each attendee meets mc.meetings_per_event random other attendees.
 * Referral: with probability ties.referral_rate a firm meets a partner's partner
 *   (Jackson & Rogers 2007: friends of friends).
 * Brokers: each MC's coordinators make as many introductions as the month's coordinator
 *   budget pays for; each picks a member and, among a few unlinked members of the same
 *   MC, the one that bridges (no shared partner: Burt 1992) at the best learning value
 *   L(d) (Nooteboom's optimal distance).
 * All proposals go through the stable-order acceptance of tiedyn.c.
 */
#include "model/sim_internal.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>

#include "model/streams.h"
#include "sim/rng.h"

#define BROKER_CANDIDATES 5 /* members a coordinator considers per introduction */

/* Members of each active MC in index order, as a CSR: start[m]..start[m+1] in list. */
typedef struct mc_rosters {
    size_t *start;  /**< n_mc + 1 offsets */
    size_t *list;   /**< member actor ids */
} mc_rosters;

static csim_status build_rosters(const csim_sim *sim, mc_rosters *r, const uint8_t *keep) {
    const csim_firms *f = &sim->firms;
    const size_t n_mc = sim->prog.n_mc;
    r->start = calloc(n_mc + 1, sizeof *r->start);
    r->list = malloc((f->n + 1) * sizeof *r->list);
    if (!r->start || !r->list) {
        free(r->start);
        free(r->list);
        return CSIM_FAIL(CSIM_ENOMEM, "MC rosters");
    }
    for (size_t i = 0; i < f->n; ++i) {
        if (f->alive[i] && f->mc[i] >= 0 && (!keep || keep[i])) {
            r->start[f->mc[i] + 1]++;
        }
    }
    for (size_t m = 0; m < n_mc; ++m) {
        r->start[m + 1] += r->start[m];
    }
    size_t *cursor = malloc((n_mc + 1) * sizeof *cursor);
    if (!cursor) {
        free(r->start);
        free(r->list);
        return CSIM_FAIL(CSIM_ENOMEM, "MC rosters");
    }
    for (size_t m = 0; m <= n_mc; ++m) {
        cursor[m] = r->start[m];
    }
    for (size_t i = 0; i < f->n; ++i) {
        if (f->alive[i] && f->mc[i] >= 0 && (!keep || keep[i])) {
            r->list[cursor[f->mc[i]]++] = i;
        }
    }
    free(cursor);
    return CSIM_OK;
}

static void free_rosters(mc_rosters *r) {
    free(r->start);
    free(r->list);
}

static csim_status forum_events(csim_sim *sim) {
    csim_status st = CSIM_OK;
    const csim_firms *f = &sim->firms;
    uint8_t *attends = sim->exit_flag; /* reused: exits were applied already */
    for (size_t i = 0; i < f->n; ++i) {
        attends[i] = 0;
        if (f->alive[i] && f->mc[i] >= 0) {
            attends[i] = csim_rng_uniform_at(sim->seed, CSIM_STREAM_MEETING, (uint32_t) sim->step,
                                             (uint32_t) i, 0) < sim->p.mc_attendance;
        }
    }
    mc_rosters r = {0};
    CSIM_TRY(build_rosters(sim, &r, attends));
    for (size_t m = 0; m < sim->prog.n_mc; ++m) {
        const size_t size = r.start[m + 1] - r.start[m];
        if (size < 2) {
            continue;
        }
        for (size_t k = r.start[m]; k < r.start[m + 1]; ++k) {
            const size_t i = r.list[k];
            csim_rng_stream stream;
            gsl_rng *rng = csim_rng_stream_open(&stream, sim->seed, CSIM_STREAM_MEETING,
                                                (uint32_t) sim->step, (uint32_t) i);
            (void) gsl_rng_uniform(rng); /* draw 0 decided attendance */
            const unsigned meetings = gsl_ran_poisson(rng, sim->p.mc_meetings_per_event);
            for (unsigned t = 0; t < meetings; ++t) {
                const size_t j = r.list[r.start[m] + gsl_rng_uniform_int(rng, size)];
                if (j != i) {
                    CSIM_TRY(csim_sim__propose(sim, (uint32_t) i, (uint32_t) j, CSIM_ORIGIN_FORUM, 0));
                }
            }
        }
    }
cleanup:
    free_rosters(&r);
    return st;
}

static csim_status referrals(csim_sim *sim) {
    csim_status st = CSIM_OK;
    const csim_firms *f = &sim->firms;
    const csim_ties *ties = &sim->ties;
    for (size_t i = 0; i < f->n; ++i) {
        if (!f->alive[i] || f->kind[i] != CSIM_KIND_FIRM || csim_ties_degree(ties, i) == 0) {
            continue;
        }
        /* Referrals have their own stream, independent of forum meetings. */
        const uint32_t step = (uint32_t) sim->step;
        if (csim_rng_uniform_at(sim->seed, CSIM_STREAM_REFERRAL, step, (uint32_t) i, 0) >=
            sim->p.ties_referral_rate) {
            continue;
        }
        const double u1 = csim_rng_uniform_at(sim->seed, CSIM_STREAM_REFERRAL, step, (uint32_t) i, 1);
        const double u2 = csim_rng_uniform_at(sim->seed, CSIM_STREAM_REFERRAL, step, (uint32_t) i, 2);
        const size_t deg_i = csim_ties_degree(ties, i);
        const size_t j = ties->adj_node[ties->adj_offset[i] + (size_t) (u1 * (double) deg_i)];
        const size_t deg_j = csim_ties_degree(ties, j);
        const size_t k = ties->adj_node[ties->adj_offset[j] + (size_t) (u2 * (double) deg_j)];
        if (k != i && f->alive[k]) {
            CSIM_TRY(csim_sim__propose(sim, (uint32_t) i, (uint32_t) k, CSIM_ORIGIN_REFERRAL, 0));
        }
    }
cleanup:
    return st;
}

static csim_status brokers(csim_sim *sim) {
    csim_status st = CSIM_OK;
    const csim_params *p = &sim->p;
    const csim_firms *f = &sim->firms;
    size_t n_active = 0;
    for (size_t m = 0; m < sim->prog.n_mc; ++m) {
        n_active += sim->prog.mc[m].active != 0;
    }
    if (n_active == 0 || sim->year_budget <= 0.0) {
        return CSIM_OK;
    }
    const double per_mc = sim->year_budget / 12.0 * p->policy_split.v[CSIM_SPLIT_BROKERS] /
                          (double) n_active / p->policy_broker_cost;
    mc_rosters r = {0};
    CSIM_TRY(build_rosters(sim, &r, NULL));
    for (size_t m = 0; m < sim->prog.n_mc; ++m) {
        const size_t size = r.start[m + 1] - r.start[m];
        if (!sim->prog.mc[m].active || size < 2) {
            continue;
        }
        csim_rng_stream stream;
        gsl_rng *rng = csim_rng_stream_open(&stream, sim->seed, CSIM_STREAM_BROKER,
                                            (uint32_t) sim->step, (uint32_t) m);
        /* Whole introductions, plus one more with the fractional remainder's probability. */
        size_t intros = (size_t) per_mc;
        intros += gsl_rng_uniform(rng) < per_mc - floor(per_mc);
        for (size_t t = 0; t < intros; ++t) {
            const size_t i = r.list[r.start[m] + gsl_rng_uniform_int(rng, size)];
            size_t best = SIZE_MAX;
            double best_score = -1.0;
            for (int c = 0; c < BROKER_CANDIDATES; ++c) {
                const size_t j = r.list[r.start[m] + gsl_rng_uniform_int(rng, size)];
                if (j == i || csim_ties_find(&sim->ties, (uint32_t) i, (uint32_t) j) >= 0) {
                    continue;
                }
                const double d = csim_learning__distance(csim_firms_knowledge(f, i),
                                                         csim_firms_knowledge(f, j));
                const int bridge = !csim_ties_have_shared_partner(&sim->ties, (uint32_t) i, (uint32_t) j);
                const double score = csim_learning__value(p, d) * (bridge ? 1.0 : 0.5);
                if (score > best_score) {
                    best_score = score;
                    best = j;
                }
            }
            if (best != SIZE_MAX) {
                CSIM_TRY(csim_sim__propose(sim, (uint32_t) i, (uint32_t) best, CSIM_ORIGIN_BROKER, 0));
            }
        }
    }
cleanup:
    free_rosters(&r);
    return st;
}

csim_status csim_meetings__step(csim_sim *sim) {
    csim_status st = CSIM_OK;
    CSIM_TRY(forum_events(sim));
    CSIM_TRY(referrals(sim));
    CSIM_TRY(brokers(sim));
    CSIM_TRY(csim_tiedyn__apply_proposals(sim));
cleanup:
    return st;
}
