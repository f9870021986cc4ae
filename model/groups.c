/*
 * Working groups (MODEL.md mechanism 9; team assembly after Guimera et al. 2005).
 *
 * Formation: an MC with WG money sees a proposal with probability wg.propose_rate a
 * month. A seed member picks the theme field in which it lags the MC's frontier most
 * (its problem); the group is filled up to wg.size from MC members who also lag there,
 * choosing with probability q (wg.repeat) a partner of a current member, else with
 * probability p (wg.incumbent_share) someone with WG experience, else a newcomer. It forms
 * if it reaches wg.min_size; its members get WG ties to each other.
 * Life: members meet monthly (learning toward the group's frontier, joint work that builds
 * trust); the grant lasts a year and is renewed while the MC has money and members value
 * the group. An unfunded group lives on while members' benefit exceeds wg.cost and
 * dissolves after wg.dissolve_months below it.
 */
#include "model/sim_internal.h"

#include <stdlib.h>
#include <string.h>

#include "model/streams.h"
#include "sim/rng.h"

#define CANDIDATE_TRIES 8 /* draws per slot before a partner-based pick gives up */

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

static int in_list(const uint32_t *list, size_t n, size_t j) {
    for (size_t k = 0; k < n; ++k) {
        if (list[k] == (uint32_t) j) {
            return 1;
        }
    }
    return 0;
}

static csim_status try_form(csim_sim *sim, size_t m, const size_t *roster, size_t size, gsl_rng *rng) {
    csim_status st = CSIM_OK;
    const csim_params *p = &sim->p;
    csim_firms *f = &sim->firms;
    csim_mc *mc = &sim->prog.mc[m];
    const size_t target = (size_t) p->wg_size;
    uint32_t *members = malloc(target * sizeof *members);
    if (!members) {
        return CSIM_FAIL(CSIM_ENOMEM, "WG member list of %zu", target);
    }
    double frontier[CSIM_N_FIELDS] = {0};
    for (size_t k = 0; k < size; ++k) {
        const double *v = csim_firms_knowledge(f, roster[k]);
        for (size_t x = 0; x < CSIM_N_FIELDS; ++x) {
            frontier[x] = v[x] > frontier[x] ? v[x] : frontier[x];
        }
    }
    /* The seed: a firm of the MC not yet in a WG. */
    size_t seed = SIZE_MAX;
    for (int t = 0; t < CANDIDATE_TRIES && seed == SIZE_MAX; ++t) {
        const size_t j = roster[gsl_rng_uniform_int(rng, size)];
        if (eligible(sim, j, (int32_t) m) && f->kind[j] == CSIM_KIND_FIRM) {
            seed = j;
        }
    }
    if (seed == SIZE_MAX) {
        free(members);
        return CSIM_OK;
    }
    const int field = problem_field(sim, mc, frontier, seed);
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
             * the group: a tie to one of its members (MODEL.md: "tied by trust"), so WGs
             * grow out of the network that forums and brokers built. */
            const int lags = csim_firms_knowledge(f, j)[field] < frontier[field] ||
                             f->kind[j] == CSIM_KIND_INSTITUTION;
            if (eligible(sim, j, (int32_t) m) && lags && !in_list(members, n, j) &&
                tied_to_any(&sim->ties, members, n, j)) {
                pick = j;
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
    wg->benefit = p->mc_expected_benefit;
    mc->wg_funds -= p->wg_grant;
    sim->counts.budget_spent += p->wg_grant;
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

csim_status csim_groups__step(csim_sim *sim) {
    csim_status st = CSIM_OK;
    const csim_params *p = &sim->p;
    csim_programme *prog = &sim->prog;
    csim_firms *f = &sim->firms;
    int have_roster = 0; /* sim->roster lists the members of every MC */

    /* Life of existing groups: benefit, grant renewal, dissolution. */
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
        const int anniversary = (sim->step - wg->formed) > 0 && (sim->step - wg->formed) % 12 == 0;
        if (anniversary) {
            csim_mc *mc = wg->mc >= 0 ? &prog->mc[wg->mc] : NULL;
            wg->funded = mc && mc->active && mc->wg_funds >= p->wg_grant && wg->benefit >= p->wg_cost;
            if (wg->funded) {
                mc->wg_funds -= p->wg_grant;
                sim->counts.budget_spent += p->wg_grant;
            }
        }
        if (wg->funded && (wg->mc < 0 || !prog->mc[wg->mc].active)) {
            wg->funded = 0; /* the programme closed the MC: the grant ends */
        }
        wg->bad_months = (!wg->funded && wg->benefit < p->wg_cost) ? wg->bad_months + 1 : 0;
        if (wg->n_members < 3 || wg->bad_months >= p->wg_dissolve_months) {
            CSIM_TRY(dissolve(sim, w));
        }
    }

    /* New groups inside MCs that still have WG money for a year's grant. */
    for (size_t m = 0; m < prog->n_mc; ++m) {
        csim_mc *mc = &prog->mc[m];
        if (!mc->active || mc->wg_funds < p->wg_grant) {
            continue;
        }
        csim_rng_stream stream;
        gsl_rng *rng = csim_rng_stream_open(&stream, sim->seed, CSIM_STREAM_WG, (uint32_t) sim->step,
                                            (uint32_t) m);
        if (gsl_rng_uniform(rng) >= p->wg_propose_rate) {
            continue;
        }
        if (!have_roster) {
            /* Members of every MC in index order (a parallel counting sort, built at the
             * first proposal of the month): MC membership does not change in this phase,
             * and a scan of all firms per proposing MC would be O(n MCs). */
            CSIM_TRY(csim_roster__build(&sim->roster, f->n, f->mc, prog->n_mc, f->alive, NULL));
            have_roster = 1;
        }
        const size_t size = csim_roster__size(&sim->roster, m);
        if (size >= (size_t) p->wg_min_size) {
            CSIM_TRY(try_form(sim, m, csim_roster__members(&sim->roster, m), size, rng));
        }
    }
cleanup:
    return st;
}
