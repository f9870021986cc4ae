/*
 * Mini-cluster membership (docs/ODD.md 7.5): a choice each firm makes on what taking part
 * brings it, against what it costs.
 *
 * - Benefit. Participants keep an exponentially smoothed estimate of what participation
 *   brings them (the value of knowledge gained through programme-made ties and WGs).
 * - Word of mouth. Non-members hear an MC's reputation: at launch the campaign's promise
 *   (mc.expected_benefit), then what its current and recent former firm members report
 *   of their realised gains. Reports move the reputation in proportion to their number
 *   (n / (n + 5)); an empty MC keeps the reputation its last members gave it, so an MC
 *   never returns to the launch promise.
 * - Service. An office serves `capacity` members at full service (its money for events
 *   and coordinators); a crowded MC serves each member less (service = capacity /
 *   members), which lowers attendance at its events (meetings.c) and what a newcomer
 *   expects. There is no queue: a crowded MC is simply worth less to join.
 * - Choice. A firm turns to the MC of best fit x room (theme . knowledge x the service a
 *   newcomer would get, mc_index.c); among MCs with the same theme (twins of a scaled-up
 *   programme) it picks one at random with weights equal to that service. It joins when its expectation (reputation x its
 *   absorptive capacity relative to the mean x service) exceeds the cost of taking part
 *   (mc.attendance_cost) plus the fee.
 * - Members whose benefit is below the cost leave at rate mc.leave_rate; those whose
 *   benefit is below the attendance cost alone are nominal: on the roll, not at events.
 * - Fee rule (from policy.fee_year; Lee, Choi & Lee 2016: about 100,000 KRW a member and
 *   year in 2012, 20% of the MC's subsidy): every January each firm member renews by
 *   paying the year's fee (policy.c sets it) if its benefit covers the cost of the year,
 *   else the office removes it; a firm joining during the year pays the months left.
 * Institutions always take part in the MC of their fields and pay nothing.
 */
#include "model/sim_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "model/mc_index_internal.h"
#include "model/streams.h"
#include "sim/rng.h"

#define REPORTS_HALF_WEIGHT 5.0    /* reports that move the reputation half of the way  */
#define LEAVER_MEMORY (11.0 / 12.0) /* monthly fading of a leaver's report (about a year) */


/* Leave MC m and tell others what it was worth. */
static void leave_mc_reporting(csim_sim *sim, size_t i) {
    const int32_t m = sim->firms.mc[i];
    if (m >= 0 && sim->firms.kind[i] == CSIM_KIND_FIRM) {
        sim->prog.mc[m].leaver_reports += sim->firms.benefit[i];
        sim->prog.mc[m].leaver_count += 1.0;
    }
    csim_groups__leave_mc(sim, i);
}

void csim_groups__leave_mc(csim_sim *sim, size_t i) {
    const int32_t m = sim->firms.mc[i];
    if (m >= 0) {
        if (sim->prog.mc[m].members > 0) {
            sim->prog.mc[m].members--;
        }
        sim->firms.mc[i] = -1;
    }
}

/* Reputation of each MC from this month's reports (current firm members' benefit and
 * recent leavers' last benefit). */
static void update_reputations(csim_sim *sim, double *report_sum, double *report_n) {
    const csim_firms *f = &sim->firms;
    csim_programme *prog = &sim->prog;
    for (size_t m = 0; m < prog->n_mc; ++m) {
        report_sum[m] = prog->mc[m].leaver_reports;
        report_n[m] = prog->mc[m].leaver_count;
    }
    for (size_t i = 0; i < f->n; ++i) {
        if (f->alive[i] && f->kind[i] == CSIM_KIND_FIRM && f->mc[i] >= 0) {
            report_sum[f->mc[i]] += f->benefit[i];
            report_n[f->mc[i]] += 1.0;
        }
    }
    for (size_t m = 0; m < prog->n_mc; ++m) {
        csim_mc *mc = &prog->mc[m];
        if (report_n[m] > 0.0) {
            const double mean = report_sum[m] / report_n[m];
            const double weight = report_n[m] / (report_n[m] + REPORTS_HALF_WEIGHT);
            mc->reputation += sim->p.mc_benefit_smoothing * weight * (mean - mc->reputation);
        }
        mc->leaver_reports *= LEAVER_MEMORY;
        mc->leaver_count *= LEAVER_MEMORY;
    }
}

/* Room a newcomer would get in MC m. */
static double room_of(const csim_mc *mcs, uint32_t m) {
    return csim_mc_service(&mcs[m], (double) mcs[m].members + 1.0);
}

/* Whether twin m serves district d, or any district when none of the twins does. */
static int serves(const csim_mc *mcs, uint32_t m, uint32_t d, int district_has_twin) {
    return !district_has_twin || mcs[m].district == d;
}

int32_t csim_membership__pick_twin(const csim_mc_index *index, const csim_mc *mcs,
                                   const csim_firms *f, const csim_ties *ties, size_t i,
                                   uint32_t district, int32_t best, double u) {
    size_t count = 0;
    const uint32_t *twins = csim_mc_index__twins(index, (uint32_t) best, &count);
    if (count <= 1) {
        return best;
    }
    /* A firm attends an office of its own district when its theme has one there. */
    int own = 0;
    for (size_t t = 0; t < count && !own; ++t) {
        own = mcs[twins[t]].district == district;
    }
    /* Follow a partner: each partner in an office of this theme (that serves the firm's
     * district) counts with the room its office has left, so twin t is chosen with weight
     * room_t x (partners in t). */
    const uint32_t cls = index->class_of[best];
    const size_t lo = ties->adj_offset[i], hi = ties->adj_offset[i + 1];
    double total = 0.0;
    for (size_t e = lo; e < hi; ++e) {
        const uint32_t j = ties->adj_node[e];
        const int32_t m = f->mc[j];
        if (f->alive[j] && m >= 0 && mcs[m].active && index->class_of[m] == cls &&
            serves(mcs, (uint32_t) m, district, own)) {
            total += room_of(mcs, (uint32_t) m);
        }
    }
    if (total > 0.0) {
        double target = u * total;
        int32_t last = -1;
        for (size_t e = lo; e < hi; ++e) {
            const uint32_t j = ties->adj_node[e];
            const int32_t m = f->mc[j];
            if (f->alive[j] && m >= 0 && mcs[m].active && index->class_of[m] == cls &&
                serves(mcs, (uint32_t) m, district, own)) {
                last = m;
                target -= room_of(mcs, (uint32_t) m);
                if (target < 0.0) {
                    return m;
                }
            }
        }
        return last; /* u * total rounded up to total */
    }
    /* No partner there: any twin (of the district), weighted by its room. */
    int32_t last = -1;
    for (size_t t = 0; t < count; ++t) {
        total += serves(mcs, twins[t], district, own) ? room_of(mcs, twins[t]) : 0.0;
    }
    double target = u * total;
    for (size_t t = 0; t < count; ++t) {
        if (!serves(mcs, twins[t], district, own)) {
            continue;
        }
        last = (int32_t) twins[t];
        target -= room_of(mcs, twins[t]);
        if (target < 0.0) {
            return last;
        }
    }
    return last;
}

csim_status csim_membership__step(csim_sim *sim) {
    csim_firms *f = &sim->firms;
    const csim_params *p = &sim->p;
    csim_programme *prog = &sim->prog;
    const long n = (long) f->n;
    const uint64_t seed = sim->seed;
    const uint32_t step = (uint32_t) sim->step;
    const int renewal = sim->fee_active && sim->step % 12 == 0;
    const double months_left = (double) (12 - sim->step % 12);
    size_t *choice = sim->work.membership.choice; /* MC slot chosen, SIZE_MAX none, SIZE_MAX-1 leave */
    double *expected_by = sim->work.membership.expected_by; /* per actor: the benefit it expects on joining */

    int any_active = 0;
    for (size_t m = 0; m < prog->n_mc; ++m) {
        any_active |= prog->mc[m].active;
    }

    /* Participants (of an MC, a WG or an organisation) learn what participation brings
     * them; the others keep their expectation. */
#pragma omp parallel for schedule(static) default(none) shared(f, p, n)
    for (long i = 0; i < n; ++i) {
        if (f->alive[i] && (f->mc[i] >= 0 || f->wg[i] >= 0 || f->org[i] >= 0)) {
            f->benefit[i] += p->mc_benefit_smoothing * (f->programme_gain[i] - f->benefit[i]);
        }
    }

    double *report_sum = calloc(prog->n_mc + 1, sizeof *report_sum);
    double *report_n = calloc(prog->n_mc + 1, sizeof *report_n);
    if (!report_sum || !report_n) {
        free(report_sum);
        free(report_n);
        return CSIM_FAIL(CSIM_ENOMEM, "membership tables of %zu MCs", prog->n_mc);
    }
    update_reputations(sim, report_sum, report_n);
    free(report_sum);
    free(report_n);

    /* Who absorbs little expects little (Cohen & Levinthal 1990). */
    double alpha_sum = 0.0, alpha_n = 0.0;
    for (size_t i = 0; i < f->n; ++i) {
        if (f->alive[i] && f->kind[i] == CSIM_KIND_FIRM) {
            alpha_sum += f->alpha[i];
            alpha_n += 1.0;
        }
    }
    const double alpha_mean = alpha_n > 0.0 && alpha_sum > 0.0 ? alpha_sum / alpha_n : 1.0;
    /* Best-fitting MC per firm through the exact index (mc_index.c): a scan of every
     * MC per firm would be O(n MCs), quadratic in run.scale. */
    const csim_status st = csim_mc_index__build(&sim->mc_index, prog);
    if (st != CSIM_OK) {
        return st;
    }
    const csim_mc_index *index = &sim->mc_index;
    const csim_mc *mcs = prog->mc;
    const csim_ties *ties = &sim->ties;
    const double attendance_cost = p->mc_attendance_cost;
    const size_t districts = csim_sim__districts(sim);

    /* Decisions in parallel: each actor reads shared state and writes its own slots. */
#pragma omp parallel for schedule(dynamic, 2048) default(none) \
    shared(f, p, index, mcs, ties, n, seed, step, choice, any_active, alpha_mean, expected_by, \
           renewal, months_left, attendance_cost, districts)
    for (long ii = 0; ii < n; ++ii) {
        const size_t i = (size_t) ii;
        choice[i] = SIZE_MAX;
        if (!f->alive[i]) {
            continue;
        }
        csim_rng_stream stream;
        gsl_rng *rng = csim_rng_stream_open(&stream, seed, CSIM_STREAM_MEMBERSHIP, step, (uint32_t) i);
        const double u_move = gsl_rng_uniform(rng);
        const double u_twin = gsl_rng_uniform(rng);
        if (f->mc[i] >= 0) {
            if (f->kind[i] != CSIM_KIND_FIRM) {
                continue;
            }
            /* The cost of a month: the time it takes plus the year's fee spread over it. */
            const double cost = attendance_cost + mcs[f->mc[i]].fee / 12.0;
            const int below = f->benefit[i] < cost;
            if (renewal ? below : (below && u_move < p->mc_leave_rate)) {
                choice[i] = SIZE_MAX - 1; /* leave, or not renewed */
            }
        } else if (any_active &&
                   (f->kind[i] == CSIM_KIND_INSTITUTION || u_move < p->mc_join_rate)) {
            /* The MC matters only to an actor that may join this month. */
            const uint32_t district = (uint32_t) (i % districts); /* csim_sim__district */
            int32_t m = csim_mc_index__best(index, csim_firms_knowledge(f, i), district);
            if (m < 0) {
                continue;
            }
            m = csim_membership__pick_twin(index, mcs, f, ties, i, district, m, u_twin);
            const double service = csim_mc_service(&mcs[m], (double) mcs[m].members + 1.0);
            const double expected = mcs[m].reputation * f->alpha[i] / alpha_mean * service;
            const double cost = attendance_cost + mcs[m].fee / 12.0;
            if (f->kind[i] == CSIM_KIND_INSTITUTION || expected > cost) {
                choice[i] = (size_t) m;
                expected_by[i] = expected;
            }
        }
    }

    /* Apply in index order: leavers go, renewing members pay the year's fee, newcomers
     * join and pay the months left of it. */
    for (size_t i = 0; i < f->n; ++i) {
        if (choice[i] == SIZE_MAX - 1) {
            leave_mc_reporting(sim, i);
            continue;
        }
        if (choice[i] < prog->n_mc) {
            csim_mc *mc = &prog->mc[choice[i]];
            f->mc[i] = (int32_t) choice[i];
            mc->members++;
            if (f->kind[i] == CSIM_KIND_FIRM) {
                f->benefit[i] = expected_by[i]; /* a newcomer starts from what it expects */
                const double fee = mc->fee * months_left / 12.0;
                f->capital[i] -= fee;
                mc->fees_raised += fee;
                sim->counts.fees_collected += fee;
            }
            continue;
        }
        if (renewal && f->alive[i] && f->mc[i] >= 0 && f->kind[i] == CSIM_KIND_FIRM) {
            csim_mc *mc = &prog->mc[f->mc[i]];
            f->capital[i] -= mc->fee;
            mc->fees_raised += mc->fee;
            sim->counts.fees_collected += mc->fee;
        }
    }
    return CSIM_OK;
}
