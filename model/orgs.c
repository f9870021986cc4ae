/*
 * Self-organised, firm-led organisations (MODEL.md mechanism 10; SKIN networks, Hauert et
 * al. 2002 voluntary public goods, Ostrom 1990).
 *
 * Founding: an active WG founds a council when (1) its cohesion, the mean trust over the
 * ties among its members, reaches org.cohesion, (2) its member firms share a problem: their
 * smoothed chain sales have fallen by org.problem or more below their base on average,
 * and (3) at least org.min_founders member firms are free to join. The founders are the
 * WG's member firms. Nothing in this file knows a calendar year or a target size.
 * Life: members pay org.fee a month into the treasury and stay while what they get
 * (their smoothed benefit from participation) covers it; the treasury pays
 * org.running_cost per member a month; a member meets a random fellow member with
 * probability org.meeting_rate a month (a proposed tie of origin "organisation", or the
 * reinforcement of an existing tie); members ask their partners to join; the
 * programme's project grants are shared among organisations as matching funds. A council
 * with org.association_size members becomes an association, which runs a joint brand and
 * fairs (members' market access rises); an association whose treasury reaches
 * org.cooperative_treasury builds a joint site and becomes a cooperative (members' costs
 * fall). An organisation dissolves after org.dissolve_months with fewer than 3 members or
 * an empty treasury.
 */
#include "model/sim_internal.h"

#include <stdlib.h>

#include "model/streams.h"
#include "model/tables.h"
#include "sim/rng.h"

void csim_orgs__leave(csim_sim *sim, size_t i) {
    const int32_t o = sim->firms.org[i];
    if (o >= 0) {
        if (sim->prog.org[o].members > 0) {
            sim->prog.org[o].members--;
        }
        sim->firms.org[i] = -1;
    }
}

/* Mean trust over the ties among the WG's members (0 when there are none). */
static double cohesion(const csim_sim *sim, const csim_wg *wg) {
    double sum = 0.0;
    size_t count = 0;
    for (size_t a = 0; a < wg->n_members; ++a) {
        for (size_t b = a + 1; b < wg->n_members; ++b) {
            const long e = csim_ties_find(&sim->ties, wg->members[a], wg->members[b]);
            if (e >= 0) {
                sum += sim->ties.trust[e];
                ++count;
            }
        }
    }
    return count > 0 ? sum / (double) count : 0.0;
}

/* Mean fall of chain sales below base over the WG's member firms (0 if none sells there). */
static double shared_problem(const csim_sim *sim, const csim_wg *wg) {
    const csim_firms *f = &sim->firms;
    double sum = 0.0;
    size_t count = 0;
    for (size_t m = 0; m < wg->n_members; ++m) {
        const size_t i = wg->members[m];
        if (f->kind[i] == CSIM_KIND_FIRM && f->chain_base[i] > 0.0) {
            sum += 1.0 - f->chain_smooth[i] / f->chain_base[i];
            ++count;
        }
    }
    return count > 0 ? sum / (double) count : 0.0;
}

static csim_status found_from(csim_sim *sim, size_t w) {
    csim_status st = CSIM_OK;
    csim_wg *wg = &sim->prog.wg[w];
    csim_firms *f = &sim->firms;
    size_t free_firms = 0;
    for (size_t m = 0; m < wg->n_members; ++m) {
        const size_t i = wg->members[m];
        free_firms += f->kind[i] == CSIM_KIND_FIRM && f->org[i] < 0;
    }
    if (free_firms < (size_t) sim->p.org_min_founders) {
        return CSIM_OK;
    }
    size_t id;
    CSIM_TRY(csim_programme_add_org(&sim->prog, &id));
    wg = &sim->prog.wg[w];
    csim_org *org = &sim->prog.org[id];
    org->stage = CSIM_ORG_COUNCIL;
    org->founding_wg = (int32_t) w;
    org->field = wg->field;
    org->founded = (int32_t) sim->step;
    for (size_t m = 0; m < wg->n_members; ++m) {
        const size_t i = wg->members[m];
        if (f->kind[i] == CSIM_KIND_FIRM && f->org[i] < 0) {
            f->org[i] = (int32_t) id;
            org->members++;
        }
    }
    org->founders = org->members;
    wg->spun_off = 1;
    CSIM_TRY(csim_events_add(&sim->events, sim->step, CSIM_EVENT_ORG_FOUND, -1, (int64_t) id,
                             (double) org->founders));
cleanup:
    return st;
}

/* Actors that name an organisation, grouped by it (counting sort, index order): org o's
 * are list[start[o]..start[o + 1]). Built at the month's first dissolution, so that a
 * dissolution costs its members rather than a scan of all actors. */
typedef struct org_rosters {
    size_t *start; /**< n_org + 2 offsets */
    size_t *list;  /**< actor ids         */
} org_rosters;

static csim_status build_org_rosters(const csim_sim *sim, org_rosters *r) {
    const csim_firms *f = &sim->firms;
    const size_t n_org = sim->prog.n_org;
    r->start = calloc(n_org + 2, sizeof *r->start);
    r->list = malloc((f->n + 1) * sizeof *r->list);
    if (!r->start || !r->list) {
        return CSIM_FAIL(CSIM_ENOMEM, "organisation rosters");
    }
    for (size_t i = 0; i < f->n; ++i) {
        if (f->org[i] >= 0) {
            r->start[f->org[i] + 2]++;
        }
    }
    for (size_t o = 0; o < n_org; ++o) {
        r->start[o + 2] += r->start[o + 1];
    }
    for (size_t i = 0; i < f->n; ++i) {
        if (f->org[i] >= 0) {
            r->list[r->start[f->org[i] + 1]++] = i;
        }
    }
    return CSIM_OK;
}

/* Dissolve organisation o; `r` lists the actors that named an organisation when it was
 * built (membership changes afterwards only by dissolutions, of other organisations). */
static csim_status dissolve_org(csim_sim *sim, size_t o, const org_rosters *r) {
    csim_org *org = &sim->prog.org[o];
    for (size_t k = r->start[o]; k < r->start[o + 1]; ++k) {
        const size_t i = r->list[k];
        if (sim->firms.org[i] == (int32_t) o) {
            sim->firms.org[i] = -1;
        }
    }
    org->members = 0;
    org->stage = CSIM_ORG_DISSOLVED;
    org->ended = (int32_t) sim->step;
    return csim_events_add(&sim->events, sim->step, CSIM_EVENT_ORG_DISSOLVE, -1, (int64_t) o, 0.0);
}

/* Each member meets one random fellow member a month: members listed per organisation
 * (counting sort by org id), then one proposal per member. */
static csim_status member_meetings(csim_sim *sim) {
    csim_status st = CSIM_OK;
    const csim_firms *f = &sim->firms;
    const size_t n_org = sim->prog.n_org;
    csim_roster *r = &sim->roster; /* members per organisation, index order (parallel) */
    CSIM_TRY(csim_roster__build(r, f->n, f->org, n_org, f->alive, NULL));
    for (size_t o = 0; o < n_org; ++o) {
        const size_t size = csim_roster__size(r, o);
        const size_t *list = csim_roster__members(r, o);
        for (size_t k = 0; size > 1 && k < size; ++k) {
            const double u_meet = CSIM_DRAW_AT(sim->seed, ORG_MEETING_ATTEND, sim->step, list[k]);
            if (u_meet >= sim->p.org_meeting_rate) {
                continue;
            }
            const double u = CSIM_DRAW_AT(sim->seed, ORG_MEETING_PARTNER, sim->step, list[k]);
            const size_t j = list[(size_t) (u * (double) size)];
            if (j != list[k]) {
                CSIM_TRY(csim_sim__propose(sim, (uint32_t) list[k], (uint32_t) j,
                                           CSIM_ORIGIN_ORGANISATION, 0));
            }
        }
    }
cleanup:
    return st;
}

csim_status csim_orgs__step(csim_sim *sim) {
    csim_status st = CSIM_OK;
    org_rosters rosters = {NULL, NULL};
    const csim_params *p = &sim->p;
    csim_programme *prog = &sim->prog;
    csim_firms *f = &sim->firms;

    /* Founding from WGs. */
    for (size_t w = 0; w < prog->n_wg; ++w) {
        const csim_wg *wg = &prog->wg[w];
        if (wg->active && !wg->spun_off && cohesion(sim, wg) >= p->org_cohesion &&
            shared_problem(sim, wg) >= p->org_problem) {
            CSIM_TRY(found_from(sim, w));
        }
    }

    size_t alive_orgs = 0;
    for (size_t o = 0; o < prog->n_org; ++o) {
        alive_orgs += prog->org[o].stage != CSIM_ORG_DISSOLVED;
    }
    if (alive_orgs == 0) {
        return CSIM_OK;
    }

    /* Members: dues, leaving, benefits of the joint brand; recruits through ties. */
    const uint32_t step = (uint32_t) sim->step;
    for (size_t i = 0; i < f->n; ++i) {
        const int32_t o = f->org[i];
        if (o < 0 || !f->alive[i]) {
            continue;
        }
        csim_org *org = &prog->org[o];
        const double u_leave = CSIM_DRAW_AT(sim->seed, ORG_LEAVE, step, i);
        if (f->benefit[i] < p->org_fee && u_leave < p->mc_leave_rate) {
            csim_orgs__leave(sim, i);
            continue;
        }
        f->capital[i] -= p->org_fee;
        org->treasury += p->org_fee;
        if (org->stage == CSIM_ORG_ASSOCIATION || org->stage == CSIM_ORG_COOPERATIVE) {
            f->access[i] += p->org_brand_access * (1.0 - f->access[i]);
        }
        /* Recruitment: with probability org.recruit_rate a member asks a partner, or (half
         * the time) a partner's partner it is introduced to: word of mouth reaches two
         * steps into the network. */
        const size_t deg = csim_ties_degree(&sim->ties, i);
        if (deg > 0 && CSIM_DRAW_AT(sim->seed, ORG_RECRUIT, step, i) < p->org_recruit_rate) {
            const double u = CSIM_DRAW_AT(sim->seed, ORG_RECRUIT_PARTNER, step, i);
            size_t j = sim->ties.adj_node[sim->ties.adj_offset[i] + (size_t) (u * (double) deg)];
            const double u_hop = CSIM_DRAW_AT(sim->seed, ORG_RECRUIT_HOP, step, i);
            const size_t deg_j = csim_ties_degree(&sim->ties, j);
            if (u_hop < 0.5 && deg_j > 0) {
                const double u2 = CSIM_DRAW_AT(sim->seed, ORG_RECRUIT_PARTNERS_PARTNER, step, i);
                j = sim->ties.adj_node[sim->ties.adj_offset[j] + (size_t) (u2 * (double) deg_j)];
            }
            /* A partner joins when the organisation's field is one its trade uses (its
             * sector's profile) and it expects more than the dues. */
            const int relevant = csim_sector_fields[f->sector[j]][org->field] >= 0.1;
            if (f->alive[j] && f->kind[j] == CSIM_KIND_FIRM && f->org[j] < 0 && relevant &&
                f->benefit[j] > p->org_fee) {
                f->org[j] = o;
                org->members++;
            }
        }
    }

    CSIM_TRY(member_meetings(sim));

    /* Matching grants from the programme's project money, shared among organisations. */
    double grants = 0.0;
    if (p->policy_support == CSIM_SUPPORT_NETWORKING) {
        grants = sim->year_budget / 12.0 * p->policy_split.v[CSIM_SPLIT_PROJECTS];
    }
    for (size_t o = 0; o < prog->n_org; ++o) {
        csim_org *org = &prog->org[o];
        if (org->stage == CSIM_ORG_DISSOLVED) {
            continue;
        }
        if (grants > 0.0) {
            org->treasury += grants / (double) alive_orgs;
            sim->counts.budget_spent += grants / (double) alive_orgs;
        }
        org->treasury -= p->org_running_cost * (double) org->members;
        if (org->stage == CSIM_ORG_COUNCIL && org->members >= (size_t) p->org_association_size) {
            org->stage = CSIM_ORG_ASSOCIATION;
            CSIM_TRY(csim_events_add(&sim->events, sim->step, CSIM_EVENT_ORG_STAGE, -1, (int64_t) o,
                                     (double) org->stage));
        } else if (org->stage == CSIM_ORG_ASSOCIATION && org->treasury >= p->org_cooperative_treasury) {
            org->stage = CSIM_ORG_COOPERATIVE;
            org->treasury -= p->org_cooperative_treasury; /* the joint site is built */
            CSIM_TRY(csim_events_add(&sim->events, sim->step, CSIM_EVENT_ORG_STAGE, -1, (int64_t) o,
                                     (double) org->stage));
        }
        org->bad_months = (org->members < 3 || org->treasury < 0.0) ? org->bad_months + 1 : 0;
        if (org->bad_months >= p->org_dissolve_months) {
            if (!rosters.start) {
                CSIM_TRY(build_org_rosters(sim, &rosters));
            }
            CSIM_TRY(dissolve_org(sim, o, &rosters));
        }
    }
cleanup:
    free(rosters.start);
    free(rosters.list);
    return st;
}
