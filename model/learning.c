/*
 * Knowledge and learning (docs/ODD.md 7.9).
 *
 * Joint work first: each tie whose partners work together this month (a WG meeting, or
 * a joint project started with probability ties.project_rate when trust is high enough) succeeds with p = p_min + (p_max - p_min) T (Cowan, Jonard &
 * Zimmermann 2007); trust rises by lambda_up (1 - T) after success and falls by the factor
 * (1 - lambda_down) after failure (Klos & Nooteboom 2001).
 *
 * Then every actor, reading the state of step t and writing t + 1 (synchronous):
 *   v_ik(t+1) = (1 - delta) v_ik(t)
 *             + sum_j rate alpha_i w_ij L(d_ij) max(0, v_jk - v_ik)      (ties; Cowan & Jonard 2004)
 *             + wg_rate alpha_i (frontier of its WG - v_i,f)            (WG theme field f)
 *             + rnd_step / 2 in the pair's strongest shared field       (successful joint project)
 *             + rnd_step in a used field / 2 rnd_step in a new one      (own R&D success; SKIN)
 * with cognitive distance d = 1 - cos(v_i, v_j) and L(d) = (a d)(b - c d) (Nooteboom et al.
 * 2007). Firm-to-firm learning needs a double coincidence (each ahead somewhere);
 * institutions teach one way and do not learn. Knowledge never falls below (1 - delta) v.
 */
#include "model/sim_internal.h"

#include <math.h>
#include <stdlib.h>

#include "model/streams.h"
#include "model/tables.h"
#include "sim/rng.h"

#define PREFETCH_AHEAD 8 /* actors ahead whose partners' knowledge is prefetched */

double csim_learning__distance(const double *vi, const double *vj) {
    /* An all-zero profile has cosine 0, so distance 1. */
    const double d = 1.0 - csim_fields_cosine(vi, vj);
    return d < 0.0 ? 0.0 : (d > 1.0 ? 1.0 : d);
}

double csim_learning__value(const csim_params *p, double d) {
    const double value = (p->learning_distance_a * d) * (p->learning_distance_b - p->learning_distance_c * d);
    return value > 0.0 ? value : 0.0;
}

/* Does each of the two profiles lead the other somewhere? (double coincidence) */
static int double_coincidence(const double *vi, const double *vj) {
    int i_ahead = 0, j_ahead = 0;
    for (size_t k = 0; k < CSIM_K; ++k) {
        i_ahead |= vi[k] > vj[k];
        j_ahead |= vj[k] > vi[k];
    }
    return i_ahead && j_ahead;
}

/* Field in which the pair is jointly strongest: where min(v_a, v_b) is largest. */
static size_t shared_field(const double *va, const double *vb) {
    size_t best = 0;
    double best_value = -1.0;
    for (size_t k = 0; k < CSIM_K; ++k) {
        const double m = va[k] < vb[k] ? va[k] : vb[k];
        if (m > best_value) {
            best_value = m;
            best = k;
        }
    }
    return best;
}

/* Joint work over ties: outcome and trust, each tie writing only its own row. */
static size_t joint_work(csim_sim *sim) {
    csim_ties *ties = &sim->ties;
    const csim_firms *f = &sim->firms;
    const csim_params *p = &sim->p;
    const long n_ties = (long) ties->n_ties;
    const uint64_t seed = sim->seed;
    const uint32_t step = (uint32_t) sim->step;
    size_t projects_ok = 0;
    /* Largest learning value, at d = b / 2c (or d = 1 if that is beyond the range). */
    const double d_best = p->learning_distance_c > 0.0 ? p->learning_distance_b / (2.0 * p->learning_distance_c) : 1.0;
    double value_max = csim_learning__value(p, d_best < 1.0 ? d_best : 1.0);
    value_max = value_max > 0.0 ? value_max : 1.0;
#pragma omp parallel for schedule(static) default(none) shared(ties, f, p, n_ties, seed, step, value_max) \
    reduction(+ : projects_ok)
    for (long e = 0; e < n_ties; ++e) {
        const uint32_t a = ties->a[e], b = ties->b[e];
        ties->outcome[e] = 0;
        ties->project[e] = 0;
        if (ties->dead[e] || !f->alive[a] || !f->alive[b]) {
            continue;
        }
        /* Draws keyed by the pair (smaller actor as agent, larger as draw index). */
        const double u_start = csim_rng_uniform_at(seed, CSIM_STREAM_PROJECT, step, a, b);
        const double u_success = csim_rng_uniform_at(seed, CSIM_STREAM_PROJECT_SUCCESS, step, a, b);
        const int same_wg = f->wg[a] >= 0 && f->wg[a] == f->wg[b];
        const int project = ties->trust[e] >= p->ties_project_trust && u_start < p->ties_project_rate;
        if (!same_wg && !project) {
            continue;
        }
        /* Joint work succeeds with trust and with the partners' cognitive fit (Nooteboom et
         * al. 2007: too close has nothing to offer, too far cannot be understood), so
         * trust grows in some pairs and groups and not in others. */
        const double fit = csim_learning__value(p, csim_learning__distance(
                               csim_firms_knowledge(f, a), csim_firms_knowledge(f, b))) / value_max;
        const double p_success = p->ties_project_p_min + (p->ties_project_p_max - p->ties_project_p_min) *
                                                             0.5 * (ties->trust[e] + (fit < 1.0 ? fit : 1.0));
        /* Suppliers of one buyer compete for its orders: wary of each other, they gain
         * trust more slowly (Bengtsson & Kock 2000). */
        const int rivals = f->buyer[a] >= 0 && f->buyer[a] == f->buyer[b];
        const double up = p->ties_trust_up * (rivals ? 1.0 - p->ties_rival_wariness : 1.0);
        if (u_success < p_success) {
            ties->outcome[e] = 1;
            ties->trust[e] += up * (1.0 - ties->trust[e]);
            ties->last_used[e] = (int32_t) step;
        } else {
            ties->outcome[e] = 2;
            ties->trust[e] *= 1.0 - p->ties_trust_down;
        }
        if (project && !same_wg) {
            ties->project[e] = 1;
            projects_ok += ties->outcome[e] == 1;
        }
    }
    return projects_ok;
}

/* Knowledge frontier of each active WG in its theme field (serial, small). */
static void wg_frontiers(const csim_sim *sim, double *frontier) {
    for (size_t w = 0; w < sim->prog.n_wg; ++w) {
        const csim_wg *wg = &sim->prog.wg[w];
        double best = 0.0;
        if (wg->active) {
            for (size_t m = 0; m < wg->n_members; ++m) {
                const double v = csim_firms_knowledge(&sim->firms, wg->members[m])[wg->field];
                best = v > best ? v : best;
            }
        }
        frontier[w] = best;
    }
}

csim_status csim_learning__step(csim_sim *sim) {
    csim_firms *f = &sim->firms;
    const csim_ties *ties = &sim->ties;
    const csim_params *p = &sim->p;
    const size_t projects_ok = joint_work(sim);

    /* WG frontiers live in a small heap array sized by the WG table. */
    double *frontier = sim->prog.n_wg > 0 ? malloc(sim->prog.n_wg * sizeof *frontier) : NULL;
    if (sim->prog.n_wg > 0 && !frontier) {
        return CSIM_FAIL(CSIM_ENOMEM, "WG frontiers (%zu WGs)", sim->prog.n_wg);
    }
    wg_frontiers(sim, frontier);
    const csim_wg *wgs = sim->prog.wg;

    const long n = (long) f->n;
    const uint64_t seed = sim->seed;
    const uint32_t step = (uint32_t) sim->step;
    const double keep = 1.0 - p->learning_depreciation;
    size_t innovations = 0;
#pragma omp parallel for schedule(dynamic, 256) default(none) \
    shared(f, ties, p, n, seed, step, keep, frontier, wgs, csim_sector_fields) \
    reduction(+ : innovations)
    for (long ii = 0; ii < n; ++ii) {
        const size_t i = (size_t) ii;
        /* Partners lie anywhere in memory: fetch the knowledge rows of actor i + 8's
         * partners while actor i computes (a hint only; results are unaffected). */
        if (ii + PREFETCH_AHEAD < n) {
            const size_t ahead = i + PREFETCH_AHEAD;
            for (size_t s = ties->adj_offset[ahead]; s < ties->adj_offset[ahead + 1]; ++s) {
                const double *row = csim_firms_knowledge(f, ties->adj_node[s]);
                __builtin_prefetch(row, 0, 1);
                __builtin_prefetch(row + 8, 0, 1);
            }
        }
        const double *vi = csim_firms_knowledge(f, i);
        double *next = f->knowledge_next + i * CSIM_K;
        for (size_t k = 0; k < CSIM_K; ++k) {
            next[k] = keep * vi[k];
        }
        f->programme_gain[i] = 0.0;
        f->org_gain[i] = 0.0;
        if (!f->alive[i] || f->kind[i] != CSIM_KIND_FIRM) {
            continue;
        }
        double programme = 0.0; /* knowledge gained through programme-made ties and WGs */
        double through_org = 0.0; /* the part through ties made in organisations */
        const double alpha = f->alpha[i];
        for (size_t s = ties->adj_offset[i]; s < ties->adj_offset[i + 1]; ++s) {
            const size_t j = ties->adj_node[s];
            const size_t e = ties->adj_tie[s];
            if (!f->alive[j]) {
                continue; /* a partner that left this month teaches nothing */
            }
            const double *vj = csim_firms_knowledge(f, j);
            double gained = 0.0;
            if (f->kind[j] == CSIM_KIND_INSTITUTION || double_coincidence(vi, vj)) {
                const double factor = p->learning_rate * alpha * ties->weight[e] *
                                      csim_learning__value(p, csim_learning__distance(vi, vj));
                for (size_t k = 0; k < CSIM_K; ++k) {
                    const double ahead = vj[k] - vi[k];
                    if (ahead > 0.0) {
                        next[k] += factor * ahead;
                        gained += factor * ahead;
                    }
                }
            }
            if (ties->project[e] && ties->outcome[e] == 1) {
                const double g = 0.5 * p->learning_rnd_step;
                next[shared_field(vi, vj)] += g;
                gained += g;
            }
            /* Supply and everyday local ties exist without the programme (7.10, 7.4a). */
            if (ties->origin[e] != CSIM_ORIGIN_SUPPLY && ties->origin[e] != CSIM_ORIGIN_LOCAL) {
                programme += gained;
            }
            if (ties->origin[e] == CSIM_ORIGIN_ORGANISATION) {
                through_org += gained;
            }
        }
        if (f->wg[i] >= 0) {
            const csim_wg *wg = &wgs[f->wg[i]];
            const double gap = frontier[f->wg[i]] - vi[wg->field];
            if (gap > 0.0) {
                const double g = p->wg_learning_rate * alpha * gap;
                next[wg->field] += g;
                programme += g;
            }
        }
        /* Own R&D (SKIN): firms with enough capital invest; success is likelier for firms
         * that know more; a share of successes opens a field the firm hardly used. */
        const double q = f->is_large[i] ? p->market_output_per_employee_large
                                        : p->market_output_per_employee_sme;
        const double capacity = q * f->employees[i];
        if (f->capital[i] > p->learning_rnd_threshold_months * capacity) {
            f->capital[i] -= p->learning_rnd_cost_share * capacity;
            csim_rng_stream stream;
            gsl_rng *rng = csim_rng_stream_open(&stream, seed, CSIM_STREAM_RND, step, (uint32_t) i);
            double mean = 0.0;
            for (size_t k = 0; k < CSIM_K; ++k) {
                mean += vi[k] / (double) CSIM_K;
            }
            const double u_success = gsl_rng_uniform(rng);
            const double u_radical = gsl_rng_uniform(rng);
            const double u_field = gsl_rng_uniform(rng);
            if (u_success < p->learning_rnd_success * (mean > 0.1 ? mean : 0.1)) {
                ++innovations;
                if (u_radical < p->learning_radical_share) {
                    next[(size_t) (u_field * (double) CSIM_K) % CSIM_K] += 2.0 * p->learning_rnd_step;
                } else {
                    /* A field of the firm's sector, chosen by the sector's weights. */
                    const double *w = csim_sector_fields[f->sector[i]];
                    double cum = 0.0;
                    size_t field = CSIM_K - 1;
                    for (size_t k = 0; k < CSIM_K; ++k) {
                        cum += w[k];
                        if (u_field < cum) {
                            field = k;
                            break;
                        }
                    }
                    next[field] += p->learning_rnd_step;
                }
            }
        }
        f->programme_gain[i] = programme * p->mc_knowledge_value;
        f->org_gain[i] = through_org * p->mc_knowledge_value;
    }
    free(frontier);
    /* Synchronous update: everyone read step t; t + 1 becomes current. */
    double *swap = f->knowledge;
    f->knowledge = f->knowledge_next;
    f->knowledge_next = swap;
    sim->counts.innovations += innovations + projects_ok;
    return CSIM_OK;
}
