/*
 * Mini-cluster membership (MODEL.md mechanisms 5 and 11). Members keep an exponentially
 * smoothed estimate of what participation brings them (the value of knowledge gained
 * through programme-made ties and WGs). Non-members join an MC with room when the
 * expected benefit exceeds the cost (attendance, plus the fee once the fee rule holds);
 * members whose smoothed benefit falls below the cost leave. Institutions always join
 * the MC closest to their fields while there is room. Each firm picks the MC whose theme
 * best fits its knowledge profile.
 */
#include "model/sim_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "model/mc_index_internal.h"
#include "model/streams.h"
#include "sim/rng.h"

void csim_groups__leave_mc(csim_sim *sim, size_t i) {
    const int32_t m = sim->firms.mc[i];
    if (m >= 0) {
        if (sim->prog.mc[m].members > 0) {
            sim->prog.mc[m].members--;
        }
        sim->firms.mc[i] = -1;
    }
}

csim_status csim_membership__step(csim_sim *sim) {
    csim_firms *f = &sim->firms;
    const csim_params *p = &sim->p;
    csim_programme *prog = &sim->prog;
    const long n = (long) f->n;
    const uint64_t seed = sim->seed;
    const uint32_t step = (uint32_t) sim->step;
    const double cost = p->mc_attendance_cost + sim->mc_fee;
    size_t *choice = sim->scratch_index; /* MC slot chosen, SIZE_MAX none, SIZE_MAX-1 leave */
    double *u_accept = sim->scratch;
    double *heard_by = sim->scratch2;    /* per actor: the benefit it expects on joining */

    int any_active = 0;
    for (size_t m = 0; m < prog->n_mc; ++m) {
        any_active |= prog->mc[m].active;
    }
    /* What membership brings, as non-members hear it: the mean smoothed benefit of each
     * MC's firm members (word of mouth), or the prior while an MC has no experience yet.
     * A firm scales it by its absorptive capacity relative to the mean (Cohen &
     * Levinthal 1990: who absorbs little expects little). */
    double *heard = calloc(prog->n_mc + 1, sizeof *heard);          /* per MC slot */
    double *applicants = calloc(prog->n_mc + 1, sizeof *applicants); /* per MC slot */
    if (!heard || !applicants) {
        free(heard);
        free(applicants);
        return CSIM_FAIL(CSIM_ENOMEM, "membership tables of %zu MCs", prog->n_mc);
    }
    double alpha_sum = 0.0, alpha_n = 0.0;
    for (size_t i = 0; i < f->n; ++i) {
        if (f->alive[i] && f->kind[i] == CSIM_KIND_FIRM) {
            alpha_sum += f->alpha[i];
            alpha_n += 1.0;
            if (f->mc[i] >= 0) {
                heard[f->mc[i]] += f->benefit[i];
                applicants[f->mc[i]] += 1.0; /* here: firm members, for the mean */
            }
        }
    }
    for (size_t m = 0; m < prog->n_mc; ++m) {
        /* An MC has a track record after a year; before that, newcomers go by the prior
         * (the launch campaign's promise). */
        const int experienced = sim->step - prog->mc[m].opened >= 12 && applicants[m] >= 5.0;
        heard[m] = experienced ? heard[m] / applicants[m] : p->mc_expected_benefit;
    }
    const double alpha_mean = alpha_n > 0.0 ? alpha_sum / alpha_n : 1.0;
    /* Best-fitting MC per firm through the exact index (mc_index.c): a scan of every
     * MC per firm would be O(n MCs), quadratic in run.scale. */
    csim_status st = csim_mc_index__build(&sim->mc_index, prog);
    if (st != CSIM_OK) {
        free(heard);
        free(applicants);
        return st;
    }
    const csim_mc_index *index = &sim->mc_index;

    /* Decisions in parallel: each actor reads shared state and writes its own slots. */
#pragma omp parallel for schedule(dynamic, 2048) default(none) \
    shared(f, p, index, n, seed, step, cost, choice, u_accept, any_active, heard, alpha_mean, \
           heard_by)
    for (long ii = 0; ii < n; ++ii) {
        const size_t i = (size_t) ii;
        choice[i] = SIZE_MAX;
        if (!f->alive[i]) {
            continue;
        }
        csim_rng_stream stream;
        gsl_rng *rng = csim_rng_stream_open(&stream, seed, CSIM_STREAM_MEMBERSHIP, step, (uint32_t) i);
        const double u_move = gsl_rng_uniform(rng);
        u_accept[i] = gsl_rng_uniform(rng);
        /* Participants (of an MC, a WG or an organisation) learn what participation
         * brings them; the others keep their expectation. */
        if (f->mc[i] >= 0 || f->wg[i] >= 0 || f->org[i] >= 0) {
            f->benefit[i] += p->mc_benefit_smoothing * (f->programme_gain[i] - f->benefit[i]);
        }
        if (f->mc[i] >= 0) {
            if (f->kind[i] == CSIM_KIND_FIRM && f->benefit[i] < cost && u_move < p->mc_leave_rate) {
                choice[i] = SIZE_MAX - 1; /* leave */
            }
        } else if (any_active &&
                   (f->kind[i] == CSIM_KIND_INSTITUTION || u_move < p->mc_join_rate)) {
            /* The MC matters only to an actor that may join this month. */
            const int32_t m = csim_mc_index__best(index, csim_firms_knowledge(f, i));
            if (m >= 0) {
                const double expected = heard[m] * f->alpha[i] / alpha_mean;
                if (f->kind[i] == CSIM_KIND_INSTITUTION ||
                    (u_move < p->mc_join_rate && expected > cost)) {
                    choice[i] = (size_t) m;
                    heard_by[i] = expected;
                }
            }
        }
    }

    /* Apply in index order. Leavers first; then each MC admits each applicant with
     * probability room / applicants, fixed before anyone is admitted, so the lottery
     * favours no index; should the draws overshoot the room, the last are turned away. */
    /* An office serving more members than its budget allows drops the excess: each firm
     * member leaves with probability excess / members (institutions stay). */
    for (size_t m = 0; m < prog->n_mc; ++m) {
        const double members = (double) prog->mc[m].members;
        applicants[m] = members > prog->mc[m].capacity && members > 0.0
                            ? (members - prog->mc[m].capacity) / members : 0.0;
    }
    for (size_t i = 0; i < f->n; ++i) {
        const int over = f->mc[i] >= 0 && f->kind[i] == CSIM_KIND_FIRM && applicants[f->mc[i]] > 0.0 &&
                         csim_rng_uniform_at(seed, CSIM_STREAM_MEMBERSHIP, step, (uint32_t) i, 50) <
                             applicants[f->mc[i]];
        if (choice[i] == SIZE_MAX - 1 || over) {
            csim_groups__leave_mc(sim, i);
            if (choice[i] < prog->n_mc) {
                choice[i] = SIZE_MAX;
            }
        }
    }
    for (size_t m = 0; m < prog->n_mc; ++m) {
        applicants[m] = 0.0;
    }
    for (size_t i = 0; i < f->n; ++i) {
        if (choice[i] < prog->n_mc) {
            applicants[choice[i]] += 1.0;
        }
    }
    for (size_t m = 0; m < prog->n_mc; ++m) {
        const double room = prog->mc[m].capacity - (double) prog->mc[m].members;
        applicants[m] = applicants[m] > 0.0 && room > 0.0 ? room / applicants[m] : 0.0;
    }
    for (size_t i = 0; i < f->n; ++i) {
        if (choice[i] >= prog->n_mc) {
            continue;
        }
        csim_mc *mc = &prog->mc[choice[i]];
        if (u_accept[i] < applicants[choice[i]] && (double) mc->members < mc->capacity) {
            f->mc[i] = (int32_t) choice[i];
            mc->members++;
            if (f->kind[i] == CSIM_KIND_FIRM) {
                f->benefit[i] = heard_by[i]; /* a newcomer starts from what it heard */
            }
        }
    }

    free(heard);
    free(applicants);

    /* Fees from the fee year: every firm member pays, into the programme. */
    if (sim->mc_fee > 0.0) {
        for (size_t i = 0; i < f->n; ++i) {
            if (f->alive[i] && f->mc[i] >= 0 && f->kind[i] == CSIM_KIND_FIRM) {
                f->capital[i] -= sim->mc_fee;
                sim->counts.fees_collected += sim->mc_fee;
            }
        }
    }
    return CSIM_OK;
}
