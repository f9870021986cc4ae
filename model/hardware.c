/*
 * Hardware support (issue 22 item 3): under policy.support = hardware the month's
 * programme money is a pot of co-financed equipment grants, the way Korean SME equipment
 * and smart-factory schemes pay part of a project and the firm the rest.
 *
 * Each month every SME whose capital covers its own share, (1 - hardware.grant_share) x
 * hardware.price, applies; each applicant wins with chance min(1, pot / requests), where
 * requests = applicants x the grant (a lottery: on average the pot is spent, and no
 * applicant is preferred, since the programme has no better signal of whose project
 * pays). A winner pays its share from capital and installs equipment worth the price;
 * the market phase lowers its operating costs by hardware.saving per KRW installed, and
 * the equipment depreciates there. So the money reaches the firm's investment (the
 * project happens only with the grant), its capital (own share now, savings later) and
 * through capital its R&D (learning.c) and survival (exit after months of losses).
 */
#include "model/sim_internal.h"

#include "model/streams.h"
#include "sim/rng.h"

double csim_hardware__chance(double pot, size_t applicants, double grant) {
    const double requests = (double) applicants * grant;
    if (!(requests > 0.0) || !(pot > 0.0)) {
        return 0.0;
    }
    return pot >= requests ? 1.0 : pot / requests;
}

/* An SME applies when it can pay its own share now; a firm in losses cannot. */
static int applies(const csim_firms *f, size_t i, double own_share) {
    return csim_firms_is_sme(f, i) && f->capital[i] >= own_share;
}

void csim_hardware__grants(csim_sim *sim, double pot) {
    csim_firms *f = &sim->firms;
    const csim_params *p = &sim->p;
    const double grant = p->hardware_grant_share * p->hardware_price;
    const double own = p->hardware_price - grant;
    size_t applicants = 0;
    for (size_t i = 0; i < f->n; ++i) {
        applicants += (size_t) applies(f, i, own);
    }
    const double chance = csim_hardware__chance(pot, applicants, grant);
    if (chance <= 0.0) {
        return;
    }
    for (size_t i = 0; i < f->n; ++i) {
        if (!applies(f, i, own) ||
            CSIM_DRAW_AT(sim->seed, HARDWARE_GRANT, sim->step, i) >= chance) {
            continue;
        }
        f->capital[i] -= own;
        f->equipment[i] += p->hardware_price;
        sim->counts.budget_spent += grant;
    }
}
