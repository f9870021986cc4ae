/*
 * Government and the programme timeline (docs/ODD.md 7.1; INFSO-SKIN call cycle,
 * KICOX rules): the yearly budget, the fee rule, hub demand shocks as events, and the
 * mini-cluster timeline. MCs open with the themes of policy.mc_themes; when the target
 * count falls, the most similar active MCs merge (members and WGs move to the larger);
 * when it falls to zero, all close. The hardware design spends the same money as
 * co-financed equipment grants to SMEs (hardware.c) and runs no MCs.
 */
#include "model/sim_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/mc_pairing_internal.h"
#include "model/streams.h"
#include "model/tables.h"
#include "sim/rng.h"

/* The mc_close event's value: why the MC closed. */
enum { CLOSED_WITH_PROGRAMME = 0, CLOSED_DROPPED = 1 };

/* Close MC slot m: inactive from this step, no members, an mc_close event with `why`.
 * The caller releases the actors that belonged to it. */
static csim_status close_mc(csim_sim *sim, size_t m, int why) {
    csim_mc *mc = &sim->prog.mc[m];
    mc->active = 0;
    mc->closed = (int32_t) sim->step;
    mc->members = 0;
    return csim_events_add(&sim->events, sim->step, CSIM_EVENT_MC_CLOSE, -1, (int64_t) m, (double) why);
}

static size_t active_mcs(const csim_programme *prog) {
    size_t n = 0;
    for (size_t m = 0; m < prog->n_mc; ++m) {
        n += prog->mc[m].active != 0;
    }
    return n;
}

static int main_field_of(const double *theme) {
    int best = 0;
    for (int k = 1; k < CSIM_N_FIELDS; ++k) {
        if (theme[k] > theme[best]) {
            best = k;
        }
    }
    return best;
}

/* Main field of the `rank`-th MC ever opened: policy.mc_themes gives counts per field
 * (scaled); MCs open field by field in the table's order, and cycle when exhausted.
 * *within: its rank among the offices of its field. */
static int theme_of_rank(const csim_sim *sim, size_t rank, size_t *within) {
    size_t total = 0;
    size_t counts[CSIM_N_FIELDS];
    for (size_t k = 0; k < CSIM_N_FIELDS; ++k) {
        counts[k] = csim_sim__scaled(sim, sim->p.policy_mc_themes.v[k], 0);
        total += counts[k];
    }
    *within = 0;
    if (total == 0) {
        return CSIM_FIELD_ELECTRONIC_PARTS;
    }
    rank %= total;
    for (size_t k = 0; k < CSIM_N_FIELDS; ++k) {
        if (rank < counts[k]) {
            *within = rank;
            return (int) k;
        }
        rank -= counts[k];
    }
    return CSIM_FIELD_ELECTRONIC_PARTS;
}

/* Merge MC `from` into MC `into`: members move; the theme becomes the membership-
 * weighted mix. `members` lists the actors of `from` in index order (n_members of them);
 * the caller moves the WGs of `from` (merge_down, once per round). */
static csim_status merge_mc(csim_sim *sim, size_t from, size_t into, const size_t *members,
                            size_t n_members) {
    csim_programme *prog = &sim->prog;
    csim_mc *a = &prog->mc[into], *b = &prog->mc[from];
    const double wa = (double) a->members + 1.0, wb = (double) b->members + 1.0;
    /* Twins keep their theme bit for bit (the mix of equal weights would round it), so
     * the merged office stays a twin of the others of its theme (mc_index.c,
     * mc_pairing.c). */
    const int twins = memcmp(a->theme, b->theme, sizeof a->theme) == 0;
    for (size_t k = 0; k < CSIM_N_FIELDS && !twins; ++k) {
        a->theme[k] = (wa * a->theme[k] + wb * b->theme[k]) / (wa + wb);
    }
    a->main_field = main_field_of(a->theme);
    /* The merged office keeps both offices' money and what both memberships say of them. */
    const double ca = a->base_capacity, cb = b->base_capacity;
    a->weight = ca + cb > 0.0 ? (ca * a->weight + cb * b->weight) / (ca + cb) : 1.0;
    a->reputation = (wa * a->reputation + wb * b->reputation) / (wa + wb);
    a->leaver_reports += b->leaver_reports;
    a->leaver_count += b->leaver_count;
    a->fee_required += b->fee_required;
    a->fees_raised += b->fees_raised;
    a->base_capacity += b->base_capacity; /* the merged office serves both memberships */
    a->capacity += b->capacity;
    /* A reorganisation loses members: each member of the absorbed MC stays with
     * probability 1 - mc.merger_loss (institutions always stay). */
    size_t moved = 0;
    for (size_t k = 0; k < n_members; ++k) {
        const size_t i = members[k];
        const double u = CSIM_DRAW_AT(sim->seed, MEMBERSHIP_MERGER_STAY, sim->step, i);
        if (sim->firms.kind[i] == CSIM_KIND_FIRM && u < sim->p.mc_merger_loss) {
            sim->firms.mc[i] = -1;
        } else {
            sim->firms.mc[i] = (int32_t) into;
            ++moved;
        }
    }
    a->members += moved;
    b->members = 0;
    b->active = 0;
    b->closed = (int32_t) sim->step;
    b->merged_into = (int32_t) into;
    return csim_events_add(&sim->events, sim->step, CSIM_EVENT_MC_MERGE, -1, (int64_t) from,
                           (double) into);
}

/* Reduce the active MCs to `target` by merging the most similar pairs, in rounds of
 * disjoint pairs (greedy matching on similarity, mc_pairing.c). Each round lists the
 * members of every MC once (counting sort by MC, index order), so a merge costs the size
 * of the absorbed MC rather than a scan of all actors, and the WGs move once per round. */
static csim_status merge_down(csim_sim *sim, size_t target) {
    csim_status st = CSIM_OK;
    csim_programme *prog = &sim->prog;
    csim_firms *f = &sim->firms;
    size_t active = active_mcs(prog);
    uint32_t *first = NULL, *second = NULL;
    int32_t *into_of = NULL;
    size_t *start = NULL, *list = NULL;
    while (target > 0 && active > target && active >= 2) {
        const size_t want = active - target;
        first = malloc(want * sizeof *first);
        second = malloc(want * sizeof *second);
        into_of = malloc(prog->n_mc * sizeof *into_of);
        start = calloc(prog->n_mc + 2, sizeof *start);
        list = malloc((f->n + 1) * sizeof *list);
        if (!first || !second || !into_of || !start || !list) {
            st = CSIM_FAIL(CSIM_ENOMEM, "merging %zu MCs", active);
            goto cleanup;
        }
        /* Every actor that names an MC (as the scan of all actors in merge_mc did). */
        for (size_t i = 0; i < f->n; ++i) {
            if (f->mc[i] >= 0) {
                start[f->mc[i] + 2]++;
            }
        }
        for (size_t m = 0; m < prog->n_mc; ++m) {
            start[m + 2] += start[m + 1];
            into_of[m] = -1;
        }
        for (size_t i = 0; i < f->n; ++i) {
            if (f->mc[i] >= 0) {
                list[start[f->mc[i] + 1]++] = i;
            }
        }
        size_t n_merges = 0;
        CSIM_TRY(csim_mc_pairing__greedy(prog, sim->p.policy_mc_industry.v, want, first, second,
                                         &n_merges));
        for (size_t q = 0; q < n_merges; ++q) {
            /* The smaller MC joins the larger; on a tie the later-opened joins the earlier. */
            const size_t big =
                prog->mc[second[q]].members > prog->mc[first[q]].members ? second[q] : first[q];
            const size_t small = big == first[q] ? second[q] : first[q];
            into_of[small] = (int32_t) big;
            st = merge_mc(sim, small, big, list + start[small], start[small + 1] - start[small]);
            --active;
            if (st != CSIM_OK) {
                break;
            }
        }
        /* WGs follow their MC. No MC both absorbs and is absorbed in one round. */
        for (size_t w = 0; w < prog->n_wg; ++w) {
            if (prog->wg[w].mc >= 0 && into_of[prog->wg[w].mc] >= 0) {
                prog->wg[w].mc = into_of[prog->wg[w].mc];
            }
        }
        free(first);
        free(second);
        free(into_of);
        free(start);
        free(list);
        first = second = NULL;
        into_of = NULL;
        start = list = NULL;
        if (st != CSIM_OK) {
            return st;
        }
    }
    /* A target of zero closes what is left: members are released. */
    if (target == 0) {
        for (size_t m = 0; m < prog->n_mc; ++m) {
            if (!prog->mc[m].active) {
                continue;
            }
            CSIM_TRY(close_mc(sim, m, CLOSED_WITH_PROGRAMME));
        }
        for (size_t i = 0; i < sim->firms.n; ++i) {
            sim->firms.mc[i] = -1;
        }
    }
cleanup:
    free(first);
    free(second);
    free(into_of);
    free(start);
    free(list);
    return st;
}

static csim_status open_mcs(csim_sim *sim, size_t target) {
    csim_status st = CSIM_OK;
    csim_programme *prog = &sim->prog;
    size_t active = active_mcs(prog);
    while (active < target) {
        size_t id;
        CSIM_TRY(csim_programme_add_mc(prog, &id));
        csim_mc *mc = &prog->mc[id];
        size_t within = 0;
        const int field = theme_of_rank(sim, prog->themes_opened++, &within);
        memcpy(mc->theme, csim_field_related[field], sizeof mc->theme);
        mc->main_field = field;
        /* A field's offices are shared out over the districts in turn: at run.scale k
         * each district gets the offices the scale-1 programme has. */
        mc->district = (uint32_t) (within % csim_sim__districts(sim));
        mc->base_capacity = (double) sim->p.policy_mc_capacity;
        mc->weight = 1.0;
        mc->capacity = mc->base_capacity * sim->year_budget /
                       (sim->p.policy_budget_reference * sim->p.run_scale);
        /* Before members can tell, newcomers hear the launch campaign's promise. */
        mc->reputation = sim->p.mc_expected_benefit;
        mc->active = 1;
        mc->opened = (int32_t) sim->step;
        ++active;
        CSIM_TRY(csim_events_add(&sim->events, sim->step, CSIM_EVENT_MC_OPEN, -1, (int64_t) id,
                                 (double) field));
    }
cleanup:
    return st;
}

/* Weak MCs are dropped (the 2012 rule): an office that raised none of the fees it had to
 * raise closes. Its members, institutions included, are released, its WGs lose their
 * grant (groups.c), and the agency does not replace it: the count target is lowered by
 * the MCs dropped (csim_policy__step). Its subsidy is not handed to the other offices. */
static csim_status drop_mc(csim_sim *sim, size_t m) {
    csim_mc *mc = &sim->prog.mc[m];
    mc->weight = 0.0; /* no money: its capacity, recomputed this month, is 0 */
    mc->fee_required = mc->fees_raised = mc->fee = 0.0;
    csim_firms *f = &sim->firms;
    for (size_t i = 0; i < f->n; ++i) {
        if (f->mc[i] == (int32_t) m) {
            f->mc[i] = -1;
        }
    }
    sim->prog.mc_dropped++;
    return close_mc(sim, m, CLOSED_DROPPED);
}

/* January: each office's share of the programme's money and, under the fee rule, the
 * fees it must raise (the 2012 rule, Lee, Choi & Lee 2016: each MC raises at least
 * fee_share of its national subsidy from members, scaled to its membership; weak MCs are
 * dropped and good ones rewarded).
 * - Subsidy: the year's money for events and coordinators over the MCs the programme
 *   plans (policy.mc_count x scale), whether or not some were dropped.
 * - Matching: when the rule held last year, an office gets its subsidy times the part of
 *   its required fees it raised, min(1, raised / required): its weight. An MC that raised
 *   everything keeps its whole subsidy; one that raised some keeps that part; one that
 *   raised nothing is dropped (drop_mc). What is not granted goes back to the national
 *   programme, which funds many complexes; it is not handed to the other MCs of this
 *   one. Sharing a fixed budget in proportion to the shares raised (our earlier rule)
 *   handed the whole programme to the one or two offices that still raised something
 *   when the fee was near the full cost, and they grew to three times their size before
 *   the fee. The case names no amount for the incentives paid to good MCs, so none is
 *   modelled beyond keeping their subsidy.
 * - Fee: required = fee_share x the MC's yearly subsidy x weight; each firm member pays
 *   required / max(active firm members in January, the members the office serves at full
 *   service). A crowded MC spreads it over all its active members; one below its
 *   capacity raises less than required and loses office money next year. Spread over
 *   every member on the roll, nominal ones included, the fee would fall short by the
 *   share of nominal members, who do not renew, at any fee however small: the office
 *   would lose that share of its money next year for a fee of one won, a knife edge at
 *   fee share 0. */
static csim_status set_office_money(csim_sim *sim) {
    csim_status st = CSIM_OK;
    const csim_params *p = &sim->p;
    csim_programme *prog = &sim->prog;
    const csim_firms *f = &sim->firms;
    double *firm_members = calloc(prog->n_mc + 1, sizeof *firm_members);
    if (!firm_members) {
        return CSIM_FAIL(CSIM_ENOMEM, "fee table of %zu MCs", prog->n_mc);
    }
    /* The office plans its fee on its active firm members: those whose benefit covers
     * the time it costs them to take part. It knows who comes to its events; a nominal
     * member (membership.c) does not attend and will not pay. */
    for (size_t i = 0; i < f->n; ++i) {
        if (f->alive[i] && f->kind[i] == CSIM_KIND_FIRM && f->mc[i] >= 0 &&
            f->benefit[i] >= p->mc_attendance_cost) {
            firm_members[f->mc[i]] += 1.0;
        }
    }
    const double subsidy = sim->year_budget * (p->policy_split.v[CSIM_SPLIT_EVENTS] +
                                               p->policy_split.v[CSIM_SPLIT_BROKERS]) /
                           (double) prog->mc_plan;
    for (size_t m = 0; m < prog->n_mc; ++m) {
        csim_mc *mc = &prog->mc[m];
        if (!mc->active) {
            continue;
        }
        if (!sim->fee_active) {
            mc->weight = 1.0; /* without the rule every office gets an equal share */
        } else if (mc->fee_required > 0.0) {
            const double share = mc->fees_raised / mc->fee_required;
            if (share <= 0.0) {
                CSIM_TRY(drop_mc(sim, m));
                continue;
            }
            mc->weight = share < 1.0 ? share : 1.0;
        }
        /* Otherwise the office had nothing to raise last year (the rule's first year, or
         * an MC opened since) and keeps its weight. */
        mc->fee_required = 0.0;
        mc->fees_raised = 0.0;
        mc->fee = 0.0;
        if (sim->fee_active) {
            mc->fee_required = p->policy_fee_share * subsidy * mc->weight;
            /* Spread over the members, but never over fewer than the office serves: an
             * office plans its fee on the members it can serve, so a shrinking MC does not
             * ask the few who stay for more (no spiral of rising fees). */
            const double serves = mc->base_capacity * mc->weight * sim->year_budget /
                                  (p->policy_budget_reference * p->run_scale);
            const double payers = firm_members[m] > serves ? firm_members[m] : serves;
            mc->fee = mc->fee_required / (payers > 1.0 ? payers : 1.0);
        }
    }
cleanup:
    free(firm_members);
    return st;
}

csim_status csim_policy__step(csim_sim *sim) {
    csim_status st = CSIM_OK;
    const csim_params *p = &sim->p;
    const double year = csim_sim__year(sim);
    const int january = sim->step % 12 == 0 || sim->step == 0;

    if (january) {
        const double budget = csim_series_at(&p->policy_budget, year, 0.0) * p->run_scale;
        if (sim->step == 0 || budget != sim->year_budget) {
            CSIM_TRY(csim_events_add(&sim->events, sim->step, CSIM_EVENT_BUDGET, -1, -1, budget));
        }
        sim->year_budget = budget;
        const int fee = year >= (double) p->policy_fee_year && budget > 0.0;
        if (fee != sim->fee_active) {
            CSIM_TRY(csim_events_add(&sim->events, sim->step, CSIM_EVENT_FEE_RULE, -1, -1, fee));
        }
        sim->fee_active = fee;
        for (int g = CSIM_GROUP_LG; g <= CSIM_GROUP_SAMSUNG; ++g) {
            const double now = csim_market__hub_demand(sim, g);
            const double before = sim->step == 0 ? 1.0 : csim_series_at(g == CSIM_GROUP_LG ? &p->market_hub_demand_lg : &p->market_hub_demand_samsung, year - 1.0, 1.0);
            if (now != before) {
                CSIM_TRY(csim_events_add(&sim->events, sim->step, CSIM_EVENT_HUB_DEMAND, -1, g, now));
            }
        }
        /* A line's index that changes this year: a relocation (or a new line) in the case. */
        for (int l = CSIM_LINE_NONE + 1; l < CSIM_N_LINES; ++l) {
            const double now = csim_market__line_demand(p, l, year);
            const double before = sim->step == 0 ? 1.0 : csim_market__line_demand(p, l, year - 1.0);
            if (now != before) {
                CSIM_TRY(csim_events_add(&sim->events, sim->step, CSIM_EVENT_LINE_DEMAND, -1, l, now));
            }
        }
    }

    const int networking = p->policy_support == CSIM_SUPPORT_NETWORKING && sim->year_budget > 0.0;
    csim_programme *prog = &sim->prog;
    prog->mc_plan = networking ? csim_sim__scaled(sim, csim_series_at(&p->policy_mc_count, year, 0.0), 0) : 0;
    if (prog->mc_plan == 0) {
        prog->mc_dropped = 0; /* a programme that closes starts afresh if it comes back */
    }
    /* The agency does not replace the MCs it dropped under the fee rule. */
    const size_t target = prog->mc_plan > prog->mc_dropped ? prog->mc_plan - prog->mc_dropped : 0;
    if (target > active_mcs(prog)) {
        CSIM_TRY(open_mcs(sim, target));
    } else if (target < active_mcs(prog)) {
        CSIM_TRY(merge_down(sim, target));
    }

    if (january && active_mcs(prog) > 0) {
        CSIM_TRY(set_office_money(sim)); /* may drop MCs */
    }
    const size_t n_active = active_mcs(prog);

    /* What an office can serve follows its money for events and coordinators. The budget
     * is scaled by run.scale like the MC count, the reference is not: compare per unit
     * of scale, so that an MC serves the same number of members at every scale. */
    for (size_t m = 0; m < sim->prog.n_mc; ++m) {
        csim_mc *mc = &sim->prog.mc[m];
        mc->capacity = mc->base_capacity * mc->weight * sim->year_budget /
                       (p->policy_budget_reference * p->run_scale);
    }

    const double month_budget = sim->year_budget / 12.0;
    sim->prog.wg_pool = 0.0;
    if (p->policy_support == CSIM_SUPPORT_HARDWARE && month_budget > 0.0) {
        /* Hardware: the month's budget is the pot of co-financed equipment grants
         * (hardware.c); what the lottery does not award is not spent. */
        csim_hardware__grants(sim, month_budget);
    } else if (n_active > 0) {
        /* Events and coordinators are paid every month, each office its weight's part
         * of its subsidy (what the fee rule withholds is not spent here). The WG money of
         * the month is one pool that the working groups share (groups.c); what they do
         * not use is not spent. */
        double weight_sum = 0.0;
        for (size_t m = 0; m < sim->prog.n_mc; ++m) {
            weight_sum += sim->prog.mc[m].active ? sim->prog.mc[m].weight : 0.0;
        }
        sim->counts.budget_spent += month_budget *
                                    (p->policy_split.v[CSIM_SPLIT_EVENTS] + p->policy_split.v[CSIM_SPLIT_BROKERS]) *
                                    (weight_sum / (double) prog->mc_plan);
        sim->prog.wg_pool = month_budget * p->policy_split.v[CSIM_SPLIT_WG];
    }
cleanup:
    return st;
}
