/*
 * Working groups (docs/ODD.md 7.7; team assembly after Guimera et al. 2005; the KICOX
 * project cycle: problems found, plans submitted, grants won in competition).
 *
 * Problems: an MC's firm member has a problem when it lags the MC's frontier in a theme
 * field (relative gap) or its hub orders have fallen (smoothed chain sales below their
 * base); each month it proposes a WG with probability wg.propose_rate x problem.
 * Plans compete for the month's WG grant pool: a plan is selected with probability
 * equal to the share of its request (wg.grant) that the pool could pay if it were shared
 * with the groups already funded. The leader fills the group up to wg.size from MC
 * members who also lag in the field and are tied to the group, choosing with
 * probability q (wg.repeat) a partner of a current member, else with probability p
 * (wg.incumbent_share) someone with WG experience, else a newcomer. It forms if it
 * reaches wg.min_size; its members get WG ties to each other.
 * Life: members meet monthly (learning toward the group's frontier, joint work that builds
 * trust). The pool is shared every month by the groups whose MC runs, up to each one's
 * request; a member's net cost is wg.cost less its share of the group's grant. A group
 * whose members' benefit stays below that cost for wg.dissolve_months ends: members lose
 * interest once the problem is solved (learning closes the gap) or the money is spread
 * too thin.
 */
#include "model/sim_internal.h"

#include <stdlib.h>
#include <string.h>

#include "model/streams.h"
#include "sim/rng.h"

#define CANDIDATE_TRIES 8 /* draws per slot before a partner-based pick gives up */
#define COORDINATOR_CANDIDATES 5 /* members a secretary considers for a team (as brokers) */

size_t csim_groups__coordinator_pick(const csim_params *p, const csim_firms *f, size_t leader,
                                     const size_t *candidates, size_t n) {
    size_t best = SIZE_MAX;
    double best_value = -1.0;
    for (size_t k = 0; k < n; ++k) {
        const double d = csim_learning__distance(csim_firms_knowledge(f, leader),
                                                 csim_firms_knowledge(f, candidates[k]));
        const double value = csim_learning__value(p, d);
        if (value > best_value) {
            best_value = value;
            best = candidates[k];
        }
    }
    return best;
}

static void leave_wg(csim_sim *sim, size_t i) {
    const int32_t w = sim->firms.wg[i];
    if (w < 0) {
        return;
    }
    csim_wg *wg = &sim->prog.wg[w];
    for (size_t m = 0; m < wg->n_members; ++m) {
        if (wg->members[m] == (uint32_t) i) {
            wg->members[m] = wg->members[--wg->n_members];
            break;
        }
    }
    sim->firms.wg[i] = -1;
}

void csim_groups__leave_all(csim_sim *sim, size_t i) {
    csim_groups__leave_mc(sim, i);
    leave_wg(sim, i);
    csim_orgs__leave(sim, i);
    csim_orgs__release_lot(sim, i);
}

static csim_status dissolve(csim_sim *sim, size_t w) {
    csim_wg *wg = &sim->prog.wg[w];
    for (size_t m = 0; m < wg->n_members; ++m) {
        sim->firms.wg[wg->members[m]] = -1;
    }
    wg->n_members = 0;
    wg->active = 0;
    wg->ended = (int32_t) sim->step;
    return csim_events_add(&sim->events, sim->step, CSIM_EVENT_WG_DISSOLVE, -1, (int64_t) w, 0.0);
}

/* Field of the MC theme (weight >= 0.1) in which member i lags the MC frontier most. */
static int problem_field(const csim_sim *sim, const csim_mc *mc, const double *frontier, size_t i) {
    const double *v = csim_firms_knowledge(&sim->firms, i);
    int best = mc->main_field;
    double best_gap = -1.0;
    for (int k = 0; k < CSIM_N_FIELDS; ++k) {
        if (mc->theme[k] >= 0.1 && frontier[k] - v[k] > best_gap) {
            best_gap = frontier[k] - v[k];
            best = k;
        }
    }
    return best;
}

static int eligible(const csim_sim *sim, size_t j, int32_t mc) {
    const csim_firms *f = &sim->firms;
    return f->alive[j] && f->mc[j] == mc && f->wg[j] < 0;
}

/* Whether actor j has a tie to one of the n actors in list. */
static int tied_to_any(const csim_ties *ties, const uint32_t *list, size_t n, size_t j) {
    for (size_t k = 0; k < n; ++k) {
        if (csim_ties_find(ties, list[k], (uint32_t) j) >= 0) {
            return 1;
        }
    }
    return 0;
}

/* Whether actor j shares a WG's problem: it lags the MC frontier in the field
 * (institutions always count as lagging). */
static int shares_problem(const csim_firms *f, size_t j, int field, const double *frontier) {
    return csim_firms_knowledge(f, j)[field] < frontier[field] ||
           f->kind[j] == CSIM_KIND_INSTITUTION;
}

static int in_list(const uint32_t *list, size_t n, size_t j) {
    for (size_t k = 0; k < n; ++k) {
        if (list[k] == (uint32_t) j) {
            return 1;
        }
    }
    return 0;
}

/* Relative gap of actor i to the frontier in the theme field where it lags most; that
 * field in *field. */
static double knowledge_gap(const csim_sim *sim, const csim_mc *mc, const double *frontier,
                            size_t i, int *field) {
    *field = problem_field(sim, mc, frontier, i);
    const double top = frontier[*field];
    const double gap = top > 0.0 ? (top - csim_firms_knowledge(&sim->firms, i)[*field]) / top : 0.0;
    return gap > 0.0 ? gap : 0.0;
}

/* Fall of firm i's hub orders: smoothed chain sales below their base, in [0, 1]. */
static double demand_loss(const csim_firms *f, size_t i) {
    if (f->chain_base[i] <= 0.0) {
        return 0.0;
    }
    const double loss = 1.0 - f->chain_smooth[i] / f->chain_base[i];
    return loss < 0.0 ? 0.0 : (loss > 1.0 ? 1.0 : loss);
}

/* Leader `seed` of MC m assembles a team for its problem `field`; the group forms if it
 * reaches wg.min_size. `rng` is the leader's stream. */
static csim_status try_form(csim_sim *sim, size_t m, size_t seed, int field, const size_t *roster,
                            size_t size, const double *frontier, gsl_rng *rng) {
    csim_status st = CSIM_OK;
    const csim_params *p = &sim->p;
    csim_firms *f = &sim->firms;
    const size_t target = (size_t) p->wg_size;
    uint32_t *members = malloc(target * sizeof *members);
    if (!members) {
        return CSIM_FAIL(CSIM_ENOMEM, "WG member list of %zu", target);
    }
    size_t n = 0;
    members[n++] = (uint32_t) seed;
    for (size_t slot = 1; slot < target; ++slot) {
        size_t pick = SIZE_MAX;
        for (int t = 0; t < CANDIDATE_TRIES && pick == SIZE_MAX; ++t) {
            const double u = gsl_rng_uniform(rng);
            size_t j;
            if (u < p->wg_repeat) {
                /* A partner of a current member (repeat collaboration). */
                const size_t host = members[gsl_rng_uniform_int(rng, n)];
                const size_t deg = csim_ties_degree(&sim->ties, host);
                if (deg == 0) {
                    continue;
                }
                j = sim->ties.adj_node[sim->ties.adj_offset[host] + gsl_rng_uniform_int(rng, deg)];
            } else {
                j = roster[gsl_rng_uniform_int(rng, size)];
                const int incumbent = f->wg_experience[j] > 0;
                const int want_incumbent = gsl_rng_uniform(rng) < p->wg_incumbent_share;
                if (incumbent != want_incumbent) {
                    continue;
                }
            }
            /* Members share the problem (they lag the MC frontier in the field) and know
             * the group: a tie to one of its members, so WGs grow out of the network that
             * forums and brokers built. */
            const int lags = shares_problem(f, j, field, frontier);
            if (eligible(sim, j, (int32_t) m) && lags && !in_list(members, n, j) &&
                tied_to_any(&sim->ties, members, n, j)) {
                pick = j;
            }
        }
        csim_mc *mc = &sim->prog.mc[m];
        if (pick == SIZE_MAX && mc->team_help < mc->coordinator_time) {
            /* The leader found no one it knows: the MC's secretary introduces a member
             * who shares the problem, the one whose knowledge best complements the
             * leader's among a few it considers. */
            size_t cand[COORDINATOR_CANDIDATES], n_cand = 0;
            for (int c = 0; c < COORDINATOR_CANDIDATES; ++c) {
                const size_t j = roster[gsl_rng_uniform_int(rng, size)];
                if (eligible(sim, j, (int32_t) m) && shares_problem(f, j, field, frontier) &&
                    !in_list(members, n, j)) {
                    cand[n_cand++] = j;
                }
            }
            pick = csim_groups__coordinator_pick(p, f, seed, cand, n_cand);
            if (pick != SIZE_MAX) {
                mc->team_help++;
                sim->counts.introductions++;
            }
        }
        if (pick != SIZE_MAX) {
            members[n++] = (uint32_t) pick;
        }
    }
    if (n < (size_t) p->wg_min_size) {
        free(members);
        return CSIM_OK;
    }
    size_t id;
    st = csim_programme_add_wg(&sim->prog, &id);
    if (st != CSIM_OK) {
        free(members);
        return st;
    }
    csim_wg *wg = &sim->prog.wg[id];
    wg->active = 1;
    wg->mc = (int32_t) m;
    wg->field = field;
    wg->formed = (int32_t) sim->step;
    wg->members = members;
    wg->n_members = n;
    wg->funded = 1;
    /* The group starts from what its members expect of taking part. */
    double expected = 0.0;
    for (size_t a = 0; a < n; ++a) {
        expected += f->benefit[members[a]];
    }
    wg->benefit = expected / (double) n;
    for (size_t a = 0; a < n; ++a) {
        f->wg[members[a]] = (int32_t) id;
        if (f->wg_experience[members[a]] < 255) {
            f->wg_experience[members[a]]++;
        }
        for (size_t b = a + 1; b < n; ++b) {
            CSIM_TRY(csim_sim__propose(sim, members[a], members[b], CSIM_ORIGIN_WG, 1));
        }
    }
    CSIM_TRY(csim_events_add(&sim->events, sim->step, CSIM_EVENT_WG_FOUND, (int64_t) seed,
                             (int64_t) id, (double) n));
cleanup:
    return st;
}

/* Groups that draw on the pool this month: active, in an active MC. */
static size_t groups_in_running_mcs(const csim_programme *prog) {
    size_t count = 0;
    for (size_t w = 0; w < prog->n_wg; ++w) {
        const csim_wg *wg = &prog->wg[w];
        count += wg->active && wg->mc >= 0 && prog->mc[wg->mc].active;
    }
    return count;
}

/* New groups: each firm member of a running MC with a problem may propose one; plans
 * compete for the pool (see the file comment). Leaders in index order. */
static csim_status form_groups(csim_sim *sim) {
    csim_status st = CSIM_OK;
    const csim_params *p = &sim->p;
    csim_programme *prog = &sim->prog;
    csim_firms *f = &sim->firms;
    const double request = p->wg_grant / 12.0;
    if (prog->wg_pool <= 0.0 || request <= 0.0 || p->wg_propose_rate <= 0.0) {
        return CSIM_OK;
    }
    st = csim_roster__build(&sim->roster, f->n, f->mc, prog->n_mc, f->alive, NULL);
    if (st != CSIM_OK) {
        return st;
    }
    double *frontier = calloc((prog->n_mc + 1) * CSIM_N_FIELDS, sizeof *frontier);
    if (!frontier) {
        return CSIM_FAIL(CSIM_ENOMEM, "MC frontiers of %zu MCs", prog->n_mc);
    }
    for (size_t m = 0; m < prog->n_mc; ++m) {
        const size_t *roster = csim_roster__members(&sim->roster, m);
        double *top = frontier + m * CSIM_N_FIELDS;
        for (size_t k = 0; k < csim_roster__size(&sim->roster, m); ++k) {
            const double *v = csim_firms_knowledge(f, roster[k]);
            for (size_t x = 0; x < CSIM_N_FIELDS; ++x) {
                top[x] = v[x] > top[x] ? v[x] : top[x];
            }
        }
    }
    size_t funded = groups_in_running_mcs(prog);
    const uint64_t seed = sim->seed;
    const uint32_t step = (uint32_t) sim->step;
    for (size_t i = 0; i < f->n; ++i) {
        const int32_t m = f->mc[i];
        if (m < 0 || !f->alive[i] || f->kind[i] != CSIM_KIND_FIRM || f->wg[i] >= 0 ||
            !prog->mc[m].active) {
            continue;
        }
        const double u = CSIM_DRAW_AT(seed, WG_PROPOSE, step, i);
        if (u >= p->wg_propose_rate) {
            continue; /* cheap test first: the problem only scales this probability */
        }
        const size_t size = csim_roster__size(&sim->roster, (size_t) m);
        if (size < (size_t) p->wg_min_size) {
            continue;
        }
        const double *top = frontier + (size_t) m * CSIM_N_FIELDS;
        int field;
        const double gap = knowledge_gap(sim, &prog->mc[m], top, i, &field);
        const double loss = demand_loss(f, i);
        const double problem = gap > loss ? gap : loss;
        if (u >= p->wg_propose_rate * problem) {
            continue;
        }
        /* The plan is assessed against the pool it would share. */
        const double could_pay = prog->wg_pool / ((double) funded + 1.0);
        const double selected = could_pay >= request ? 1.0 : could_pay / request;
        if (CSIM_DRAW_AT(seed, WG_FUNDED, step, i) >= selected) {
            continue;
        }
        csim_rng_stream stream;
        gsl_rng *rng = csim_rng_stream_open(&stream, seed, CSIM_STREAM_WG_PROBLEM, step, (uint32_t) i);
        (void) gsl_rng_uniform(rng); /* draws 0 and 1 were taken above */
        (void) gsl_rng_uniform(rng);
        const size_t before = prog->n_wg;
        st = try_form(sim, (size_t) m, i, field, csim_roster__members(&sim->roster, (size_t) m),
                      size, top, rng);
        if (st != CSIM_OK) {
            break;
        }
        funded += prog->n_wg > before;
    }
    free(frontier);
    return st;
}

csim_status csim_groups__step(csim_sim *sim) {
    csim_status st = CSIM_OK;
    const csim_params *p = &sim->p;
    csim_programme *prog = &sim->prog;
    csim_firms *f = &sim->firms;

    /* Life of existing groups: benefit, this month's share of the pool, dissolution. */
    const size_t sharing = groups_in_running_mcs(prog);
    const double request = p->wg_grant / 12.0;
    const double share = sharing > 0 ? prog->wg_pool / (double) sharing : 0.0;
    const double grant = share < request ? share : request;
    for (size_t w = 0; w < prog->n_wg; ++w) {
        csim_wg *wg = &prog->wg[w];
        if (!wg->active) {
            continue;
        }
        double gain = 0.0;
        for (size_t m = 0; m < wg->n_members; ++m) {
            gain += f->programme_gain[wg->members[m]];
        }
        gain = wg->n_members > 0 ? gain / (double) wg->n_members : 0.0;
        wg->benefit += p->mc_benefit_smoothing * (gain - wg->benefit);
        const int running = wg->mc >= 0 && prog->mc[wg->mc].active;
        wg->grant = running ? grant : 0.0;
        wg->funded = wg->grant > 0.0;
        sim->counts.budget_spent += wg->grant;
        const double net_cost = p->wg_cost - (wg->n_members > 0 ? wg->grant / (double) wg->n_members : 0.0);
        wg->bad_months = wg->benefit < net_cost ? wg->bad_months + 1 : 0;
        if (wg->n_members < 3 || wg->bad_months >= p->wg_dissolve_months) {
            CSIM_TRY(dissolve(sim, w));
        }
    }
    CSIM_TRY(form_groups(sim));
cleanup:
    return st;
}
