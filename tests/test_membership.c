/* Tests of MC, WG and organisation membership (model/membership.c, groups.c, orgs.c,
 * policy.c): after every step the members recorded by each body agree with the actors
 * that point at it, and nobody dead belongs anywhere; and the fee rule (policy.fee_year)
 * drives out members whose benefit is below the fee. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/sim_internal.h"
#include "tests/support/test_support.h"

TestSuite(membership, .init = csim_test_quiet_libraries);

static void set_series(csim_series *s, size_t n, const int *years, const double *values) {
    s->n = n;
    for (size_t k = 0; k < n; ++k) {
        s->year[k] = years[k];
        s->value[k] = values[k];
    }
}

/* ---- consistency after every step ----------------------------------------------------- */

typedef struct tally {
    size_t mc_members, wg_members, org_members; /* actor-steps checked: the test has teeth */
    size_t mc_bodies, wg_bodies, org_bodies;
} tally;

static void check_consistent(const csim_sim *sim, const char *name, long t, tally *seen) {
    const csim_firms *f = &sim->firms;
    const csim_programme *prog = &sim->prog;
    size_t *mc_count = calloc(prog->n_mc + 1, sizeof *mc_count);
    size_t *wg_count = calloc(prog->n_wg + 1, sizeof *wg_count);
    size_t *org_count = calloc(prog->n_org + 1, sizeof *org_count);
    cr_assert(mc_count && wg_count && org_count);

    for (size_t i = 0; i < f->n; ++i) {
        if (!f->alive[i]) {
            cr_assert_lt(f->mc[i], 0, "%s step %ld: dead actor %zu is in MC %d", name, t, i, f->mc[i]);
            cr_assert_lt(f->wg[i], 0, "%s step %ld: dead actor %zu is in WG %d", name, t, i, f->wg[i]);
            cr_assert_lt(f->org[i], 0, "%s step %ld: dead actor %zu is in organisation %d", name, t,
                         i, f->org[i]);
            continue;
        }
        if (f->mc[i] >= 0) {
            cr_assert_lt((size_t) f->mc[i], prog->n_mc, "%s step %ld: actor %zu in MC slot %d of %zu",
                         name, t, i, f->mc[i], prog->n_mc);
            cr_assert_neq(prog->mc[f->mc[i]].active, 0,
                          "%s step %ld: actor %zu belongs to inactive MC %d (closed %d, merged into %d)",
                          name, t, i, f->mc[i], prog->mc[f->mc[i]].closed, prog->mc[f->mc[i]].merged_into);
            mc_count[f->mc[i]]++;
            seen->mc_members++;
        }
        if (f->wg[i] >= 0) {
            cr_assert_lt((size_t) f->wg[i], prog->n_wg, "%s step %ld: actor %zu in WG %d of %zu", name,
                         t, i, f->wg[i], prog->n_wg);
            cr_assert_neq(prog->wg[f->wg[i]].active, 0,
                          "%s step %ld: actor %zu belongs to dissolved WG %d", name, t, i, f->wg[i]);
            wg_count[f->wg[i]]++;
            seen->wg_members++;
        }
        if (f->org[i] >= 0) {
            cr_assert_lt((size_t) f->org[i], prog->n_org, "%s step %ld: actor %zu in organisation %d of %zu",
                         name, t, i, f->org[i], prog->n_org);
            cr_assert_neq(prog->org[f->org[i]].stage, CSIM_ORG_DISSOLVED,
                          "%s step %ld: actor %zu belongs to dissolved organisation %d", name, t, i,
                          f->org[i]);
            cr_assert_eq(f->kind[i], CSIM_KIND_FIRM, "%s step %ld: institution %zu in organisation %d",
                         name, t, i, f->org[i]);
            org_count[f->org[i]]++;
            seen->org_members++;
        }
    }

    for (size_t m = 0; m < prog->n_mc; ++m) {
        const csim_mc *mc = &prog->mc[m];
        if (mc->active) {
            seen->mc_bodies++;
            cr_assert_eq(mc->members, mc_count[m],
                         "%s step %ld: MC %zu records %zu members, %zu alive actors point at it",
                         name, t, m, mc->members, mc_count[m]);
        } else {
            cr_assert_eq(mc->members, 0, "%s step %ld: inactive MC %zu records %zu members", name, t,
                         m, mc->members);
        }
    }

    for (size_t w = 0; w < prog->n_wg; ++w) {
        const csim_wg *wg = &prog->wg[w];
        if (!wg->active) {
            cr_assert_eq(wg->n_members, 0, "%s step %ld: dissolved WG %zu lists %zu members", name,
                         t, w, wg->n_members);
            continue;
        }
        seen->wg_bodies++;
        /* The list and the set {i : wg[i] == w} are equal: every listed actor points at w,
         * nobody is listed twice, and the sizes agree. */
        for (size_t a = 0; a < wg->n_members; ++a) {
            const uint32_t i = wg->members[a];
            cr_assert_lt((size_t) i, f->n);
            cr_assert_eq(f->wg[i], (int32_t) w,
                         "%s step %ld: WG %zu lists actor %u (alive %d), whose wg is %d", name, t, w,
                         i, f->alive[i], f->wg[i]);
            for (size_t b = a + 1; b < wg->n_members; ++b) {
                cr_assert_neq(wg->members[b], i, "%s step %ld: WG %zu lists actor %u twice", name, t,
                              w, i);
            }
        }
        cr_assert_eq(wg->n_members, wg_count[w],
                     "%s step %ld: WG %zu lists %zu members, %zu alive actors point at it", name, t,
                     w, wg->n_members, wg_count[w]);
    }

    for (size_t o = 0; o < prog->n_org; ++o) {
        const csim_org *org = &prog->org[o];
        if (org->stage == CSIM_ORG_DISSOLVED) {
            continue;
        }
        seen->org_bodies++;
        cr_assert_eq(org->members, org_count[o],
                     "%s step %ld: organisation %zu (stage %s) records %zu members, %zu alive firms "
                     "point at it",
                     name, t, o, csim_org_stage_names[org->stage], org->members, org_count[o]);
    }
    free(mc_count);
    free(wg_count);
    free(org_count);
}

static void run_consistency(const char *name, const csim_params *p, uint64_t replicate,
                            int need_orgs) {
    csim_sim *sim = NULL;
    cr_assert_eq(csim_sim_create(&sim, p, replicate), CSIM_OK, "%s", csim_last_error());
    tally seen = {0};
    size_t exits = 0;
    for (long t = 0; t < p->run_steps; ++t) {
        cr_assert_eq(csim_sim_step(sim), CSIM_OK, "%s step %ld: %s", name, t, csim_last_error());
        exits += sim->counts.exits;
        check_consistent(sim, name, t, &seen);
    }
    /* The run exercised what it checks. */
    cr_assert_gt(exits, 0, "%s: no exits", name);
    cr_assert_gt(seen.mc_members, 0, "%s: no MC members ever", name);
    cr_assert_gt(seen.wg_members, 0, "%s: no WG members ever", name);
    if (need_orgs) {
        cr_assert_gt(seen.org_members, 0, "%s: no organisation members ever", name);
    }
    csim_sim_free(&sim);
}

static csim_params base(long steps) {
    csim_params p;
    cr_assert_eq(csim_params_defaults(&p), CSIM_OK);
    p.run_scale = 0.5;
    p.run_steps = steps;
    return p;
}

Test(membership, consistent_every_step_default) {
    const csim_params p = base(120); /* 2003-2012: opening, merges, WGs, fees */
    run_consistency("default", &p, 0, 0);
}

Test(membership, consistent_every_step_many_organisations) {
    csim_params p = base(108);
    p.org_cohesion = 0.3;
    p.org_problem = -1.0;
    p.org_min_founders = 4;
    p.org_recruit_rate = 0.3;
    p.wg_propose_rate = 0.6;
    p.market_exit_hazard = 0.01; /* more members die */
    run_consistency("orgs", &p, 1, 1);
}

Test(membership, consistent_every_step_merges_and_closure) {
    csim_params p = base(84);
    static const int yc[] = {2003, 2004, 2005, 2006, 2008};
    static const double vc[] = {0, 12, 7, 3, 0};
    static const int yb[] = {2003, 2004};
    static const double vb[] = {0, 600};
    set_series(&p.policy_mc_count, 5, yc, vc);
    set_series(&p.policy_budget, 2, yb, vb);
    p.policy_fee_year = 2005;
    p.org_cohesion = 0.3;
    p.org_problem = -1.0;
    p.org_min_founders = 4;
    p.wg_propose_rate = 0.6;
    run_consistency("closure", &p, 2, 0);
}

/* ---- the fee rule --------------------------------------------------------------------- */

/* Two runs with the same seed, one with fees from 2012 (policy.fee_share = 1, so the fee is
 * the whole event and coordinator subsidy spread over the members, comparable to members'
 * benefit; mc.attendance_cost lowered to 0.01 so that the fee is most of the cost), one
 * without (fee_year 9999). In each month of 2012-2013, take the alive firms whose smoothed
 * benefit f->benefit is below that month's fee in the fee run, and the share of them that
 * are MC members. Claim: averaged over the 24 months, that share is lower with the fee rule
 * in every replicate, and lower by at least 0.05 on average over the replicates (observed
 * about 0.6 against 0.9). Before 2012 the two runs are the same run, bit for bit.
 * The fee itself is checked against its formula recounted from the state, not against a
 * trajectory: in a month where no MC opened, merged or closed, the fee is fee_share x
 * the month's event and broker subsidy / the firm members alive at the month's start
 * (nothing changes membership between the end of one step and the policy phase of the
 * next, except the MC timeline, hence the exclusion), and 0 when there are none. Whether
 * a month has members depends on the draws: the test does not ask for a fee in every
 * month (a seed with an MC left empty for a month is no failure). The seed is fixed
 * (run.seed of the defaults) and printed; CSIM_TEST_SEED=N runs another. */
#define FEE_YEAR 2012
#define FEE_REPLICATES 3

typedef struct fee_stats {
    double share_sum; /* sum over months of the members' share among low-benefit firms */
    double low_firms; /* low-benefit firms summed over months                          */
    long months;      /* months with at least one low-benefit firm                       */
} fee_stats;

/* Firm members of an MC alive now; whether an MC opened, merged or closed in the last step. */
static size_t firm_members(const csim_sim *sim) {
    const csim_firms *f = &sim->firms;
    size_t members = 0;
    for (size_t i = 0; i < f->n; ++i) {
        members += f->alive[i] && f->mc[i] >= 0 && f->kind[i] == CSIM_KIND_FIRM;
    }
    return members;
}

static int mc_timeline_moved(const csim_sim *sim) {
    for (size_t e = 0; e < sim->events.n; ++e) {
        const int64_t k = sim->events.items[e].kind;
        if (k == CSIM_EVENT_MC_OPEN || k == CSIM_EVENT_MC_MERGE || k == CSIM_EVENT_MC_CLOSE) {
            return 1;
        }
    }
    return 0;
}

static size_t active_mcs(const csim_sim *sim) {
    size_t n = 0;
    for (size_t m = 0; m < sim->prog.n_mc; ++m) {
        n += sim->prog.mc[m].active != 0;
    }
    return n;
}

static void add_month(const csim_sim *sim, double fee, fee_stats *s) {
    const csim_firms *f = &sim->firms;
    double low = 0.0, low_members = 0.0;
    for (size_t i = 0; i < f->n; ++i) {
        if (f->alive[i] && f->kind[i] == CSIM_KIND_FIRM && f->benefit[i] < fee) {
            low += 1.0;
            low_members += f->mc[i] >= 0;
        }
    }
    if (low > 0.0) {
        s->share_sum += low_members / low;
        s->low_firms += low;
        s->months++;
    }
}

Test(membership, fee_rule_lowers_membership_of_firms_whose_benefit_is_below_the_fee) {
    csim_params with_fee = base((FEE_YEAR + 2 - 2003) * 12); /* to December 2013 */
    cr_assert_eq(with_fee.run_start_year, 2003);
    with_fee.policy_fee_year = FEE_YEAR;
    with_fee.policy_fee_share = 1.0;
    with_fee.mc_attendance_cost = 0.01;
    with_fee.run_seed = (long) csim_test_seed("fee rule", (uint64_t) with_fee.run_seed);
    csim_params no_fee = with_fee;
    no_fee.policy_fee_year = 9999;
    const long fee_step = (FEE_YEAR - 2003) * 12;
    const size_t width = csim_observables_row_width();

    double diff_sum = 0.0;
    for (uint64_t r = 0; r < FEE_REPLICATES; ++r) {
        csim_sim *a = NULL, *b = NULL;
        cr_assert_eq(csim_sim_create(&a, &with_fee, r), CSIM_OK, "%s", csim_last_error());
        cr_assert_eq(csim_sim_create(&b, &no_fee, r), CSIM_OK, "%s", csim_last_error());
        fee_stats sa = {0}, sb = {0};
        double fee_sum = 0.0;
        long checked = 0, with_a_fee = 0;
        for (long t = 0; t < with_fee.run_steps; ++t) {
            const size_t members_before = firm_members(a);
            cr_assert_eq(csim_sim_step(a), CSIM_OK, "%s", csim_last_error());
            cr_assert_eq(csim_sim_step(b), CSIM_OK, "%s", csim_last_error());
            if (t < fee_step) {
                cr_assert_eq(memcmp(csim_sim_observables(a), csim_sim_observables(b),
                                    width * sizeof(double)), 0,
                             "replicate %llu step %ld: runs differ before the fee year",
                             (unsigned long long) r, t);
                cr_assert_eq(a->mc_fee, 0.0);
                continue;
            }
            if (!mc_timeline_moved(a)) {
                const double subsidy = a->year_budget / 12.0 *
                                       (with_fee.policy_split.v[CSIM_SPLIT_EVENTS] +
                                        with_fee.policy_split.v[CSIM_SPLIT_BROKERS]);
                const double want = active_mcs(a) > 0 && members_before > 0
                                        ? with_fee.policy_fee_share * subsidy / (double) members_before
                                        : 0.0;
                cr_assert(fabs(a->mc_fee - want) <= 1e-12 * want,
                          "replicate %llu step %ld: fee %.17g, formula %.17g (%zu firm members)",
                          (unsigned long long) r, t, a->mc_fee, want, members_before);
                ++checked;
            }
            with_a_fee += a->mc_fee > 0.0;
            cr_assert_eq(b->mc_fee, 0.0);
            fee_sum += a->mc_fee;
            add_month(a, a->mc_fee, &sa);
            add_month(b, a->mc_fee, &sb); /* the same threshold in both runs */
        }
        const long months = with_fee.run_steps - fee_step;
        /* The claims need something to compare: fees in most months (the formula was
         * checked in `checked` of them), and low-benefit firms in both runs. */
        cr_assert_geq(checked, months / 2, "replicate %llu: the fee formula was checked in only "
                      "%ld of %ld months", (unsigned long long) r, checked, months);
        cr_assert_geq(with_a_fee, months / 2, "replicate %llu: a fee in only %ld of %ld months",
                      (unsigned long long) r, with_a_fee, months);
        cr_assert_gt(sa.months, 0, "replicate %llu: no low-benefit firms (fee run)",
                     (unsigned long long) r);
        cr_assert_gt(sb.months, 0, "replicate %llu: no low-benefit firms (no fee)",
                     (unsigned long long) r);
        const double share_fee = sa.share_sum / (double) sa.months;
        const double share_none = sb.share_sum / (double) sb.months;
        cr_log_info("replicate %llu: a fee in %ld of %ld months (formula checked in %ld), mean "
                    "fee %.4f; members among firms with benefit < fee: %.3f with fees (%.0f "
                    "firm-months), %.3f without (%.0f)",
                    (unsigned long long) r, with_a_fee, months, checked,
                    fee_sum / (double) months, share_fee, sa.low_firms, share_none, sb.low_firms);
        cr_assert_lt(share_fee, share_none,
                     "replicate %llu: members among firms with benefit < fee: %.3f with the fee "
                     "rule, %.3f without",
                     (unsigned long long) r, share_fee, share_none);
        diff_sum += share_none - share_fee;
        csim_sim_free(&a);
        csim_sim_free(&b);
    }
    cr_assert_geq(diff_sum / FEE_REPLICATES, 0.05,
                  "the fee rule lowers the low-benefit members' share by only %.3f on average",
                  diff_sum / FEE_REPLICATES);
}
