/*
 * Firm-led organisations as clubs (docs/ODD.md 7.8). Anchors: Buchanan 1965 (clubs: a
 * good shared by members who pay for it, with a size at which it pays); Olson 1965 and
 * Ostrom 1990 (a committed core founds, dues and rules keep it); Hauert et al. 2002
 * (voluntary participation: members stay while the club gives more than it costs).
 *
 * Founding: each month a WG's leader (the member most trusted by the others) calls its
 * members, with probability org.found_rate, to found a firm-led body around a joint
 * project. A member commits with probability T x min(1, org.need + fall): T its trust in
 * the leader, fall the fall of its smoothed hub orders below their base. A committed core
 * of org.min_founders founds a council; if a council or association of the WG's field and
 * MC is already active, the committed firms join it instead.
 * Members pay org.fee a month and stay while what participation brings them covers it
 * (nothing, while the body is dormant); a partner asked to join expects what members
 * report (the body's reputation), not a prior. A council recruits its members'
 * partners; an association, open to all, also their partners' partners.
 * Money: dues in; a fixed cost by stage (council, legal association) and a cost per
 * member out. Joint projects are co-financed: an active body puts org.cofinance of its
 * treasury into projects and asks the programme for org.match times that; requests share
 * the month's project money. Projects (brand, booths, fairs) raise members' market
 * access. Grants are spent, never saved, so public money cannot carry a body.
 * Stages, at the yearly general meeting: a council incorporates as an association when
 * its members' dues can carry the legal body's cost; an active association offers the
 * lots of a joint site: a member SME takes one when the site's cost cut over
 * org.site_horizon months is worth its capital stake and it has the capital; the site is
 * built (a cooperative of the lot holders) once org.site_min_share of the lots are taken.
 * A body whose treasury is below zero is dormant; after org.dissolve_months dormant or
 * with fewer than 3 members it dissolves.
 */
#include "model/sim_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/streams.h"
#include "model/tables.h"
#include "sim/rng.h"

/* Months of extra margin by which a member values the market access a joint project
 * brought it (a year: the horizon of a membership renewal). */
#define BRAND_VALUE_MONTHS 12.0
/* Weight of the month's member reports in a club's reputation (about a year to settle). */
#define REPUTATION_WEIGHT (1.0 / 12.0)

/* Drop an actor's link to a body (its club in `org`, or the cooperative of its lot in
 * `site`) and the body's count of it. */
static void unlink_body(csim_programme *prog, int32_t *body) {
    if (*body >= 0) {
        if (prog->org[*body].members > 0) {
            prog->org[*body].members--;
        }
        *body = -1;
    }
}

void csim_orgs__leave(csim_sim *sim, size_t i) {
    unlink_body(&sim->prog, &sim->firms.org[i]);
}

void csim_orgs__release_lot(csim_sim *sim, size_t i) {
    unlink_body(&sim->prog, &sim->firms.site[i]);
}

static int is_club(const csim_org *org) {
    return org->stage == CSIM_ORG_COUNCIL || org->stage == CSIM_ORG_ASSOCIATION;
}

static double trust_between(const csim_sim *sim, size_t a, size_t b) {
    const long e = csim_ties_find(&sim->ties, (uint32_t) a, (uint32_t) b);
    return e >= 0 ? sim->ties.trust[e] : 0.0;
}

/* The WG's leader: the member firm the others trust most (sum of trust over its ties to
 * them), the first in member order on equal sums; SIZE_MAX if it has no firm. */
static size_t wg_leader(const csim_sim *sim, const csim_wg *wg) {
    size_t leader = SIZE_MAX;
    double best = -1.0;
    for (size_t a = 0; a < wg->n_members; ++a) {
        const size_t i = wg->members[a];
        if (sim->firms.kind[i] != CSIM_KIND_FIRM) {
            continue;
        }
        double sum = 0.0;
        for (size_t b = 0; b < wg->n_members; ++b) {
            sum += b != a ? trust_between(sim, i, wg->members[b]) : 0.0;
        }
        if (sum > best) {
            best = sum;
            leader = i;
        }
    }
    return leader;
}

/* Fall of a firm's smoothed hub orders below their base, 0 when they have not fallen or it
 * sells nothing into a hub chain. */
static double hub_order_fall(const csim_firms *f, size_t i) {
    if (f->chain_base[i] <= 0.0) {
        return 0.0;
    }
    const double fall = 1.0 - f->chain_smooth[i] / f->chain_base[i];
    return fall > 0.0 ? fall : 0.0;
}

/* The MC slot that carries on slot m after merges (m itself while active), or -1. */
static int32_t surviving_mc(const csim_programme *prog, int32_t m) {
    while (m >= 0 && !prog->mc[m].active && prog->mc[m].merged_into >= 0) {
        m = prog->mc[m].merged_into;
    }
    return m;
}

/* The first active council or association of `field` in the constituency of MC slot `mc`
 * (after merges), or -1. A body is the club of one MC's firms of a trade, as the mold
 * council was of the mold WG's MC: at a larger run.scale there are proportionally more
 * MCs, so more bodies, not larger ones. */
static long active_club_of_field(const csim_programme *prog, int field, int32_t mc) {
    const int32_t home = surviving_mc(prog, mc);
    for (size_t o = 0; o < prog->n_org; ++o) {
        const csim_org *org = &prog->org[o];
        if (is_club(org) && !org->dormant && org->field == field &&
            surviving_mc(prog, org->mc) == home) {
            return (long) o;
        }
    }
    return -1;
}

/* Whether a firm of MC slot `mc` belongs to the constituency of another office of the
 * body's own theme (a twin of its MC, as a larger run.scale opens them): that office's
 * members found or join their own body (active_club_of_field), so this body does not
 * recruit them. Firms in no MC and in offices of other themes can be recruited. */
static int in_twin_constituency(const csim_programme *prog, const csim_org *org, int32_t mc) {
    const int32_t home = surviving_mc(prog, org->mc);
    if (mc < 0 || home < 0 || mc == home || !prog->mc[home].active) {
        return 0;
    }
    return memcmp(prog->mc[mc].theme, prog->mc[home].theme, sizeof prog->mc[mc].theme) == 0;
}

/* The founding call of WG w: who commits, then found a council or join the field's. */
static csim_status call_to_found(csim_sim *sim, size_t w) {
    csim_status st = CSIM_OK;
    const csim_params *p = &sim->p;
    csim_firms *f = &sim->firms;
    const uint32_t step = (uint32_t) sim->step;
    const csim_wg *wg = &sim->prog.wg[w];
    if (CSIM_DRAW_AT(sim->seed, ORG_FOUND_CALL, step, w) >= p->org_found_rate) {
        return CSIM_OK;
    }
    const size_t leader = wg_leader(sim, wg);
    if (leader == SIZE_MAX) {
        return CSIM_OK;
    }
    uint32_t *committed = malloc((wg->n_members + 1) * sizeof *committed);
    if (!committed) {
        return CSIM_FAIL(CSIM_ENOMEM, "founding call of WG %zu", w);
    }
    size_t n_committed = 0;
    for (size_t m = 0; m < wg->n_members; ++m) {
        const size_t i = wg->members[m];
        if (f->kind[i] != CSIM_KIND_FIRM || f->org[i] >= 0) {
            continue;
        }
        double commit = 1.0; /* the leader commits to its own call */
        if (i != leader) {
            const double need = p->org_need + hub_order_fall(f, i);
            commit = trust_between(sim, leader, i) * (need < 1.0 ? need : 1.0);
        }
        const double u = csim_rng_uniform_at(sim->seed, CSIM_STREAM_ORG_FOUND, step, (uint32_t) w,
                                             (uint32_t) (1 + m));
        if (u < commit) {
            committed[n_committed++] = (uint32_t) i;
        }
    }
    const long existing = active_club_of_field(&sim->prog, wg->field, wg->mc);
    if (existing >= 0 && n_committed > 0) {
        csim_org *org = &sim->prog.org[existing];
        for (size_t k = 0; k < n_committed; ++k) {
            f->org[committed[k]] = (int32_t) existing;
            f->org_benefit[committed[k]] = org->reputation; /* a joiner expects what it hears */
        }
        org->members += n_committed;
        sim->prog.wg[w].spun_off = 1;
        CSIM_TRY(csim_events_add(&sim->events, sim->step, CSIM_EVENT_ORG_JOIN_WG, -1, existing,
                                 (double) n_committed));
        goto cleanup;
    }
    if (existing >= 0 || n_committed < (size_t) p->org_min_founders) {
        goto cleanup;
    }
    size_t id;
    CSIM_TRY(csim_programme_add_org(&sim->prog, &id));
    csim_org *org = &sim->prog.org[id];
    org->stage = CSIM_ORG_COUNCIL;
    org->founding_wg = (int32_t) w;
    org->field = sim->prog.wg[w].field;
    org->mc = sim->prog.wg[w].mc;
    org->founded = (int32_t) sim->step;
    double reported = 0.0;
    for (size_t k = 0; k < n_committed; ++k) {
        /* Founders expect of the body what their working group brought them. */
        f->org[committed[k]] = (int32_t) id;
        f->org_benefit[committed[k]] = f->benefit[committed[k]];
        reported += f->benefit[committed[k]];
    }
    org->members = org->founders = n_committed;
    org->reputation = reported / (double) n_committed;
    sim->prog.wg[w].spun_off = 1;
    CSIM_TRY(csim_events_add(&sim->events, sim->step, CSIM_EVENT_ORG_FOUND, -1, (int64_t) id,
                             (double) org->founders));
cleanup:
    free(committed);
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

/* Dissolve council or association o; `r` lists the actors that named an organisation
 * when it was built (membership changes afterwards only by dissolutions, of other
 * organisations). A cooperative it built goes on: the lots are its holders' property. */
static csim_status dissolve_club(csim_sim *sim, size_t o, const org_rosters *r) {
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

/* Dissolve cooperative c: its few remaining holders give up the site (rare: a scan). */
static csim_status dissolve_cooperative(csim_sim *sim, size_t c) {
    csim_firms *f = &sim->firms;
    for (size_t i = 0; i < f->n; ++i) {
        if (f->site[i] == (int32_t) c) {
            f->site[i] = -1;
        }
    }
    csim_org *coop = &sim->prog.org[c];
    coop->members = 0;
    coop->stage = CSIM_ORG_DISSOLVED;
    coop->ended = (int32_t) sim->step;
    if (coop->parent >= 0 && sim->prog.org[coop->parent].cooperative == (int32_t) c) {
        sim->prog.org[coop->parent].cooperative = -1;
    }
    return csim_events_add(&sim->events, sim->step, CSIM_EVENT_ORG_DISSOLVE, -1, (int64_t) c, 0.0);
}

/* What a lot saves its holder over the horizon: the cost cut on its operating costs. */
static double site_saving(const csim_sim *sim, size_t i) {
    const csim_params *p = &sim->p;
    const double capacity = p->market_output_per_employee_sme * sim->firms.employees[i];
    return p->org_site_cost_cut * capacity * (double) p->org_site_horizon;
}

static int by_saving_desc(const void *a, const void *b) {
    const double *x = a, *y = b; /* pairs (saving, actor id) */
    if (x[0] != y[0]) {
        return x[0] < y[0] ? 1 : -1;
    }
    return x[1] < y[1] ? -1 : x[1] > y[1];
}

/* The site round of association o at its general meeting: members that find a lot worth
 * their stake subscribe; the site is built once enough lots are taken, and free lots of
 * a built site go to new subscribers. */
static csim_status site_round(csim_sim *sim, size_t o) {
    csim_status st = CSIM_OK;
    const csim_params *p = &sim->p;
    csim_firms *f = &sim->firms;
    const int32_t coop_id = sim->prog.org[o].cooperative;
    const size_t lots = (size_t) p->org_site_lots;
    const size_t taken = coop_id >= 0 ? sim->prog.org[coop_id].members : 0;
    if (lots == 0 || taken >= lots) {
        return CSIM_OK;
    }
    double *candidates = NULL; /* pairs (saving, actor id) */
    size_t n_candidates = 0;
    candidates = malloc(2 * (sim->prog.org[o].members + 1) * sizeof *candidates);
    if (!candidates) {
        return CSIM_FAIL(CSIM_ENOMEM, "site candidates");
    }
    for (size_t i = 0; i < f->n && n_candidates <= sim->prog.org[o].members; ++i) {
        if (f->org[i] != (int32_t) o || !f->alive[i] || f->is_large[i] || f->site[i] >= 0) {
            continue;
        }
        const double saving = site_saving(sim, i);
        if (saving >= p->org_site_stake && f->capital[i] >= p->org_site_stake) {
            candidates[2 * n_candidates] = saving;
            candidates[2 * n_candidates + 1] = (double) i;
            ++n_candidates;
        }
    }
    const size_t needed = (size_t) ceil(p->org_site_min_share * (double) lots);
    if (coop_id < 0 && (n_candidates == 0 || n_candidates < needed)) {
        goto cleanup; /* not enough subscribers: no site this year */
    }
    qsort(candidates, n_candidates, 2 * sizeof *candidates, by_saving_desc);
    size_t c = (size_t) coop_id;
    if (coop_id < 0) {
        CSIM_TRY(csim_programme_add_org(&sim->prog, &c));
        csim_org *coop = &sim->prog.org[c];
        const csim_org *parent = &sim->prog.org[o];
        coop->stage = CSIM_ORG_COOPERATIVE;
        coop->founding_wg = parent->founding_wg;
        coop->field = parent->field;
        coop->mc = parent->mc;
        coop->founded = (int32_t) sim->step;
        coop->parent = (int32_t) o;
        sim->prog.org[o].cooperative = (int32_t) c;
    }
    csim_org *coop = &sim->prog.org[c];
    size_t added = 0;
    for (size_t k = 0; k < n_candidates && coop->members < lots; ++k) {
        const size_t i = (size_t) candidates[2 * k + 1];
        f->capital[i] -= p->org_site_stake;
        f->site[i] = (int32_t) c;
        coop->members++;
        ++added;
    }
    if (coop_id < 0) {
        coop->founders = added;
        CSIM_TRY(csim_events_add(&sim->events, sim->step, CSIM_EVENT_SITE_BUILT, -1, (int64_t) c,
                                 (double) added));
    }
cleanup:
    free(candidates);
    return st;
}

/* Each member of an active club meets one random fellow member a month. */
static csim_status member_meetings(csim_sim *sim) {
    csim_status st = CSIM_OK;
    const csim_firms *f = &sim->firms;
    const size_t n_org = sim->prog.n_org;
    csim_roster *r = &sim->roster; /* members per organisation, index order (parallel) */
    CSIM_TRY(csim_roster__build(r, f->n, f->org, n_org, f->alive, NULL));
    for (size_t o = 0; o < n_org; ++o) {
        if (sim->prog.org[o].dormant) {
            continue;
        }
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

/* Reputation: what outsiders hear of a club moves each month by REPUTATION_WEIGHT toward
 * the mean of what its members say it brings them (word of mouth is slow). */
static void update_reputations(csim_sim *sim, double *sum, size_t *count) {
    const csim_firms *f = &sim->firms;
    csim_programme *prog = &sim->prog;
    for (size_t i = 0; i < f->n; ++i) {
        if (f->org[i] >= 0 && f->alive[i]) {
            sum[f->org[i]] += f->org_benefit[i];
            count[f->org[i]]++;
        }
    }
    for (size_t o = 0; o < prog->n_org; ++o) {
        if (is_club(&prog->org[o]) && count[o] > 0) {
            prog->org[o].reputation += REPUTATION_WEIGHT * (sum[o] / (double) count[o] -
                                                            prog->org[o].reputation);
        }
    }
}

/* Co-financed joint projects: each active club with money puts org.cofinance of its
 * treasury in and asks for org.match times that; the month's project money pays the
 * requests in full or pro rata. Grants are spent on the projects, never saved. */
/* A club that runs joint projects this month: active, with members and money. */
static int runs_projects(const csim_org *org) {
    return is_club(org) && !org->dormant && org->treasury > 0.0 && org->members > 0;
}

static void fund_projects(csim_sim *sim) {
    const csim_params *p = &sim->p;
    csim_programme *prog = &sim->prog;
    double pool = 0.0;
    if (p->policy_support == CSIM_SUPPORT_NETWORKING) {
        pool = sim->year_budget / 12.0 * p->policy_split.v[CSIM_SPLIT_PROJECTS];
    }
    double requested = 0.0;
    for (size_t o = 0; o < prog->n_org; ++o) {
        csim_org *org = &prog->org[o];
        org->project_spend = 0.0;
        if (runs_projects(org)) {
            requested += p->org_match * p->org_cofinance * org->treasury;
        }
    }
    const double paid_share = requested > pool ? pool / requested : 1.0;
    for (size_t o = 0; o < prog->n_org; ++o) {
        csim_org *org = &prog->org[o];
        if (runs_projects(org)) {
            const double own = p->org_cofinance * org->treasury;
            const double grant = requested > 0.0 ? p->org_match * own * paid_share : 0.0;
            org->treasury -= own;
            org->project_spend = own + grant;
            org->grants += grant;
            sim->counts.budget_spent += grant;
        }
    }
}

/* Members, in index order: leave or pay dues, gain from the month's projects, recruit. */
static void members_step(csim_sim *sim, const size_t *size_at_start) {
    const csim_params *p = &sim->p;
    csim_programme *prog = &sim->prog;
    csim_firms *f = &sim->firms;
    const uint32_t step = (uint32_t) sim->step;
    for (size_t i = 0; i < f->n; ++i) {
        const int32_t o = f->org[i];
        if (o < 0 || !f->alive[i]) {
            continue;
        }
        csim_org *org = &prog->org[o];
        /* The month's joint projects (brand, booths, fairs) widen the member's market; a
         * project spending the dues per member or more gives the full gain. The member
         * values it by the margin on the extra sales over a year. */
        double brand_value = 0.0;
        if (org->project_spend > 0.0 && size_at_start[o] > 0 && !f->is_large[i]) {
            const double per_member = org->project_spend / (double) size_at_start[o];
            const double intensity = p->org_fee > 0.0 && per_member < p->org_fee
                                         ? per_member / p->org_fee : 1.0;
            const double before = f->access[i];
            f->access[i] += p->org_brand_access * intensity * (1.0 - f->access[i]);
            if (before > 0.0) {
                brand_value = BRAND_VALUE_MONTHS * (1.0 - p->market_cost_ratio) *
                              f->rev_other[i] * (f->access[i] - before) / before;
            }
        }
        /* What the body brings it: learning through organisation ties and the projects,
         * smoothed as its programme benefit is; a dormant body brings nothing. */
        f->org_benefit[i] += p->mc_benefit_smoothing * (f->org_gain[i] + brand_value - f->org_benefit[i]);
        const double value = org->dormant ? 0.0 : f->org_benefit[i];
        const double u_leave = CSIM_DRAW_AT(sim->seed, ORG_LEAVE, step, i);
        if (value < p->org_fee && u_leave < p->mc_leave_rate) {
            csim_orgs__leave(sim, i);
            continue;
        }
        f->capital[i] -= p->org_fee;
        org->treasury += p->org_fee;
        if (org->dormant) {
            continue;
        }
        /* Recruitment: with probability org.recruit_rate a member asks a partner; in an
         * association (open membership) half the time a partner's partner instead. */
        const size_t deg = csim_ties_degree(&sim->ties, i);
        if (deg == 0 || CSIM_DRAW_AT(sim->seed, ORG_RECRUIT, step, i) >= p->org_recruit_rate) {
            continue;
        }
        const double u = CSIM_DRAW_AT(sim->seed, ORG_RECRUIT_PARTNER, step, i);
        size_t j = sim->ties.adj_node[sim->ties.adj_offset[i] + (size_t) (u * (double) deg)];
        const double u_hop = CSIM_DRAW_AT(sim->seed, ORG_RECRUIT_HOP, step, i);
        const size_t deg_j = csim_ties_degree(&sim->ties, j);
        if (org->stage == CSIM_ORG_ASSOCIATION && u_hop < 0.5 && deg_j > 0) {
            const double u2 = CSIM_DRAW_AT(sim->seed, ORG_RECRUIT_PARTNERS_PARTNER, step, i);
            j = sim->ties.adj_node[sim->ties.adj_offset[j] + (size_t) (u2 * (double) deg_j)];
        }
        /* It joins when its trade uses the body's field and it expects, from what the
         * members report, more than the dues. */
        const int relevant = csim_sector_fields[f->sector[j]][org->field] >= 0.1;
        if (f->alive[j] && f->kind[j] == CSIM_KIND_FIRM && f->org[j] < 0 && relevant &&
            org->reputation > p->org_fee && !in_twin_constituency(prog, org, f->mc[j])) {
            f->org[j] = o;
            f->org_benefit[j] = org->reputation;
            org->members++;
        }
    }
}

csim_status csim_orgs__step(csim_sim *sim) {
    csim_status st = CSIM_OK;
    org_rosters rosters = {NULL, NULL};
    double *report_sum = NULL;
    size_t *report_count = NULL; /* alive members of each body at the month's start */
    const csim_params *p = &sim->p;
    csim_programme *prog = &sim->prog;

    for (size_t w = 0; w < prog->n_wg; ++w) {
        if (prog->wg[w].active && !prog->wg[w].spun_off) {
            CSIM_TRY(call_to_found(sim, w));
        }
    }
    size_t alive = 0;
    for (size_t o = 0; o < prog->n_org; ++o) {
        alive += prog->org[o].stage != CSIM_ORG_DISSOLVED;
    }
    if (alive == 0) {
        return CSIM_OK;
    }
    report_sum = calloc(prog->n_org, sizeof *report_sum);
    report_count = calloc(prog->n_org, sizeof *report_count);
    if (!report_sum || !report_count) {
        CSIM_TRY(CSIM_FAIL(CSIM_ENOMEM, "reports of %zu organisations", prog->n_org));
    }
    update_reputations(sim, report_sum, report_count);
    fund_projects(sim);
    members_step(sim, report_count);
    CSIM_TRY(member_meetings(sim));

    for (size_t o = 0; o < prog->n_org; ++o) {
        csim_org *org = &prog->org[o];
        if (org->stage == CSIM_ORG_COOPERATIVE) {
            org->bad_months = org->members < 3 ? org->bad_months + 1 : 0;
            if (org->bad_months >= p->org_dissolve_months) {
                CSIM_TRY(dissolve_cooperative(sim, o));
            }
            continue;
        }
        if (!is_club(org)) {
            continue;
        }
        const double fixed = org->stage == CSIM_ORG_COUNCIL ? p->org_council_cost
                                                            : p->org_association_cost;
        org->treasury -= fixed + p->org_running_cost * (double) org->members;
        const int dormant = org->treasury < 0.0;
        if (dormant != org->dormant) {
            org->dormant = dormant;
            CSIM_TRY(csim_events_add(&sim->events, sim->step, CSIM_EVENT_ORG_DORMANT, -1,
                                     (int64_t) o, (double) dormant));
        }
        const int general_meeting = sim->step > org->founded && (sim->step - org->founded) % 12 == 0;
        if (general_meeting && !org->dormant) {
            const double dues_margin = (double) org->members * (p->org_fee - p->org_running_cost);
            if (org->stage == CSIM_ORG_COUNCIL && dues_margin >= p->org_association_cost) {
                org->stage = CSIM_ORG_ASSOCIATION;
                org->incorporated = (int32_t) sim->step;
                CSIM_TRY(csim_events_add(&sim->events, sim->step, CSIM_EVENT_ORG_STAGE, -1,
                                         (int64_t) o, (double) org->stage));
            } else if (org->stage == CSIM_ORG_ASSOCIATION) {
                CSIM_TRY(site_round(sim, o));
                org = &prog->org[o]; /* the site round may have grown the table */
            }
        }
        org->bad_months = (org->members < 3 || org->dormant) ? org->bad_months + 1 : 0;
        if (org->bad_months >= p->org_dissolve_months) {
            if (!rosters.start) {
                CSIM_TRY(build_org_rosters(sim, &rosters));
            }
            CSIM_TRY(dissolve_club(sim, o, &rosters));
        }
    }
cleanup:
    free(rosters.start);
    free(rosters.list);
    free(report_sum);
    free(report_count);
    return st;
}
