/*
 * Meetings and tie proposals (docs/ODD.md 7.4 and 7.6).
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
 *
 * Every mechanism runs in parallel: each proposer draws from its own streams (MC m's
 * coordinators from stream m) and writes its proposals into slots reserved for it, a
 * slot left unused holding the empty proposal. The proposals are sorted before they are
 * applied, so the order of the slots does not matter: the result is the same for any
 * thread count and the same as proposing one by one.
 */
#include "model/sim_internal.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>

#include "model/mc_index_internal.h"
#include "model/roster_internal.h"
#include "model/streams.h"
#include "sim/rng.h"

#define BROKER_CANDIDATES 5 /* members a coordinator considers per introduction */

/* Forum: attendance, then each attendee's meetings with attendees of its MC. Two passes
 * over the attendees (count, then fill reserved slots) draw the same numbers. */
static csim_status forum_events(csim_sim *sim) {
    csim_status st = CSIM_OK;
    const csim_firms *f = &sim->firms;
    uint8_t *attends = sim->work.meetings.attends;
    const long n = (long) f->n;
    const uint64_t seed = sim->seed;
    const uint32_t step = (uint32_t) sim->step;
    const double attendance = sim->p.mc_attendance, per_event = sim->p.mc_meetings_per_event;
    const double attendance_cost = sim->p.mc_attendance_cost;
    /* Each MC's events take in what its office can serve: a crowded MC's members attend
     * less often (membership.c, service). */
    double *service = calloc(sim->prog.n_mc + 1, sizeof *service);
    if (!service) {
        return CSIM_FAIL(CSIM_ENOMEM, "service table of %zu MCs", sim->prog.n_mc);
    }
    for (size_t m = 0; m < sim->prog.n_mc; ++m) {
        service[m] = csim_mc_service(&sim->prog.mc[m], (double) sim->prog.mc[m].members);
    }
    /* Nominal members (a firm whose benefit no longer covers the time) stay on the roll
     * but do not come. */
#pragma omp parallel for schedule(dynamic, 2048) default(none) \
    shared(f, attends, n, seed, step, attendance, attendance_cost, service)
    for (long i = 0; i < n; ++i) {
        attends[i] = 0;
        const int active = f->kind[i] != CSIM_KIND_FIRM || f->benefit[i] >= attendance_cost;
        if (f->alive[i] && f->mc[i] >= 0 && active) {
            attends[i] = CSIM_DRAW_AT(seed, MEETING_ATTEND, step, i) <
                         attendance * service[f->mc[i]];
        }
    }
    free(service);
    csim_roster *r = &sim->roster;
    CSIM_TRY(csim_roster__build(r, f->n, f->mc, sim->prog.n_mc, f->alive, attends));
    const size_t n_att = r->start[r->n_keys];
    const long n_attendees = (long) n_att;
    size_t *offset = sim->work.meetings.slot; /* per attendee: its first slot, then the total */
    const size_t *list = r->list, *start = r->start;
#pragma omp parallel for schedule(static) default(none) \
    shared(f, list, start, offset, n_attendees, seed, step, per_event)
    for (long q = 0; q < n_attendees; ++q) {
        const size_t i = list[q];
        const size_t m = (size_t) f->mc[i];
        offset[q] = 0;
        if (start[m + 1] - start[m] >= 2) {
            csim_rng_stream stream;
            gsl_rng *rng =
                csim_rng_stream_open(&stream, seed, CSIM_STREAM_MEETING, step, (uint32_t) i);
            (void) gsl_rng_uniform(rng); /* draw 0 decided attendance */
            offset[q] = gsl_ran_poisson(rng, per_event);
        }
    }
    size_t total = 0;
    for (size_t q = 0; q < n_att; ++q) {
        const size_t c = offset[q];
        offset[q] = total;
        total += c;
    }
    csim_tie_proposal *slots = csim_sim__reserve_proposals(sim, total);
    if (!slots) {
        return CSIM_FAIL(CSIM_ENOMEM, "%zu forum proposals", total);
    }
#pragma omp parallel for schedule(static) default(none) \
    shared(f, list, start, offset, slots, n_attendees, seed, step, per_event)
    for (long q = 0; q < n_attendees; ++q) {
        const size_t i = list[q];
        const size_t m = (size_t) f->mc[i];
        const size_t size = start[m + 1] - start[m];
        if (size < 2) {
            continue;
        }
        csim_rng_stream stream;
        gsl_rng *rng = csim_rng_stream_open(&stream, seed, CSIM_STREAM_MEETING, step, (uint32_t) i);
        (void) gsl_rng_uniform(rng);
        const unsigned meetings = gsl_ran_poisson(rng, per_event);
        for (unsigned t = 0; t < meetings; ++t) {
            const size_t j = list[start[m] + gsl_rng_uniform_int(rng, size)];
            slots[offset[q] + t] =
                csim_sim__proposal((uint32_t) i, (uint32_t) j, CSIM_ORIGIN_FORUM, 0);
        }
    }
cleanup:
    return st;
}

/* Referrals: each firm's decision in parallel (its own stream), gathered in index order. */
static csim_status referrals(csim_sim *sim) {
    csim_status st = CSIM_OK;
    const csim_firms *f = &sim->firms;
    const csim_ties *ties = &sim->ties;
    const long n = (long) f->n;
    const uint64_t seed = sim->seed;
    const uint32_t step = (uint32_t) sim->step;
    const double rate = sim->p.ties_referral_rate;
    size_t *partner = sim->work.meetings.slot; /* per firm: the partner's partner met, or SIZE_MAX */
#pragma omp parallel for schedule(dynamic, 2048) default(none) \
    shared(f, ties, partner, n, seed, step, rate)
    for (long ii = 0; ii < n; ++ii) {
        const size_t i = (size_t) ii;
        partner[i] = SIZE_MAX;
        if (!f->alive[i] || f->kind[i] != CSIM_KIND_FIRM || csim_ties_degree(ties, i) == 0) {
            continue;
        }
        /* Referrals have their own stream, independent of forum meetings. */
        if (CSIM_DRAW_AT(seed, REFERRAL_ASK, step, i) >= rate) {
            continue;
        }
        const double u1 = CSIM_DRAW_AT(seed, REFERRAL_PARTNER, step, i);
        const double u2 = CSIM_DRAW_AT(seed, REFERRAL_PARTNERS_PARTNER, step, i);
        const size_t deg_i = csim_ties_degree(ties, i);
        const size_t j = ties->adj_node[ties->adj_offset[i] + (size_t) (u1 * (double) deg_i)];
        const size_t deg_j = csim_ties_degree(ties, j);
        const size_t k = ties->adj_node[ties->adj_offset[j] + (size_t) (u2 * (double) deg_j)];
        if (k != i && f->alive[k]) {
            partner[i] = k;
        }
    }
    for (size_t i = 0; i < f->n; ++i) {
        if (partner[i] != SIZE_MAX) {
            CSIM_TRY(csim_sim__propose(sim, (uint32_t) i, (uint32_t) partner[i],
                                       CSIM_ORIGIN_REFERRAL, 0));
        }
    }
cleanup:
    return st;
}

/* Brokers: MCs in parallel; MC m's introductions go to slots m * per + 0..per-1. */
static csim_status brokers(csim_sim *sim) {
    csim_status st = CSIM_OK;
    const csim_params *p = &sim->p;
    const csim_firms *f = &sim->firms;
    size_t n_active = 0;
    for (size_t m = 0; m < sim->prog.n_mc; ++m) {
        n_active += sim->prog.mc[m].active != 0;
    }
    if (n_active == 0 || sim->prog.mc_plan == 0 || sim->year_budget <= 0.0) {
        for (size_t m = 0; m < sim->prog.n_mc; ++m) {
            sim->prog.mc[m].coordinator_time = 0;
            sim->prog.mc[m].team_help = 0;
        }
        return CSIM_OK;
    }
    /* Each office's coordinators: its share of the month's broker money over the cost of
     * an introduction. The share is taken over the MCs the programme plans (policy.c), so
     * an MC dropped under the fee rule does not raise the others' money; weight is the
     * fee rule's matching. */
    const double per_mc = sim->year_budget / 12.0 * p->policy_split.v[CSIM_SPLIT_BROKERS] /
                          (double) sim->prog.mc_plan / p->policy_broker_cost;
    double max_weight = 0.0;
    for (size_t m = 0; m < sim->prog.n_mc; ++m) {
        if (sim->prog.mc[m].active && sim->prog.mc[m].weight > max_weight) {
            max_weight = sim->prog.mc[m].weight;
        }
    }
    csim_roster *r = &sim->roster;
    CSIM_TRY(csim_roster__build(r, f->n, f->mc, sim->prog.n_mc, f->alive, NULL));
    const size_t per = (size_t) (per_mc * max_weight) + 1; /* at most floor + 1 introductions */
    csim_tie_proposal *slots = csim_sim__reserve_proposals(sim, per * sim->prog.n_mc);
    if (!slots) {
        return CSIM_FAIL(CSIM_ENOMEM, "broker proposals of %zu MCs", sim->prog.n_mc);
    }
    csim_mc *mcs = sim->prog.mc; /* each iteration writes only its own MC's time */
    const csim_ties *ties = &sim->ties;
    const long n_mc = (long) sim->prog.n_mc;
    const size_t *list = r->list, *start = r->start;
    const uint64_t seed = sim->seed;
    const uint32_t step = (uint32_t) sim->step;
#pragma omp parallel for schedule(dynamic, 1) default(none) \
    shared(p, f, mcs, ties, n_mc, list, start, seed, step, per, per_mc, slots)
    for (long mm = 0; mm < n_mc; ++mm) {
        const size_t m = (size_t) mm;
        csim_tie_proposal *out = slots + m * per;
        for (size_t t = 0; t < per; ++t) {
            out[t] = csim_sim__proposal(0, 0, CSIM_ORIGIN_BROKER, 0); /* empty */
        }
        const size_t size = start[m + 1] - start[m];
        mcs[m].coordinator_time = 0;
        if (!mcs[m].active || size < 2) {
            mcs[m].team_help = 0;
            continue;
        }
        csim_rng_stream stream;
        gsl_rng *rng = csim_rng_stream_open(&stream, seed, CSIM_STREAM_BROKER, step, (uint32_t) m);
        /* Whole introductions, plus one more with the fractional remainder's probability. */
        const double rate = per_mc * mcs[m].weight;
        size_t intros = (size_t) rate;
        intros += gsl_rng_uniform(rng) < rate - floor(rate);
        intros = intros < per ? intros : per;
        /* The month's coordinator time: WG leaders may use it (groups.c, later this
         * month); the help they had last month is paid from it first. */
        mcs[m].coordinator_time = intros;
        const size_t owed = mcs[m].team_help < intros ? mcs[m].team_help : intros;
        mcs[m].team_help = 0;
        intros -= owed;
        for (size_t t = 0; t < intros; ++t) {
            const size_t i = list[start[m] + gsl_rng_uniform_int(rng, size)];
            size_t best = SIZE_MAX;
            double best_score = -1.0;
            for (int c = 0; c < BROKER_CANDIDATES; ++c) {
                const size_t j = list[start[m] + gsl_rng_uniform_int(rng, size)];
                if (j == i || csim_ties_find(ties, (uint32_t) i, (uint32_t) j) >= 0) {
                    continue;
                }
                const double d = csim_learning__distance(csim_firms_knowledge(f, i),
                                                         csim_firms_knowledge(f, j));
                const int bridge = !csim_ties_have_shared_partner(ties, (uint32_t) i, (uint32_t) j);
                const double score = csim_learning__value(p, d) * (bridge ? 1.0 : 0.5);
                if (score > best_score) {
                    best_score = score;
                    best = j;
                }
            }
            if (best != SIZE_MAX) {
                out[t] = csim_sim__proposal((uint32_t) i, (uint32_t) best, CSIM_ORIGIN_BROKER, 0);
            }
        }
    }
cleanup:
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
