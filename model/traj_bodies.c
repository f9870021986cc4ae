/* The programme bodies of a trajectory (model/traj_bodies.h). */
#include "model/traj_bodies.h"

#include <stdlib.h>
#include <string.h>

#include "model/programme.h"
#include "model/sim_internal.h"
#include "model/traj_frame.h"

const char *const csim_body_kind_names[CSIM_N_BODY_KINDS] = {"mc", "wg", "organisation"};

void csim_traj_bodies_init(csim_traj_bodies *b) {
    memset(b, 0, sizeof *b);
}

void csim_traj_bodies_destroy(csim_traj_bodies *b) {
#define CSIM_X_FREE_BODY(field, ctype, none, doc) free(b->field);
    CSIM_TRAJ_BODY_COLUMNS(CSIM_X_FREE_BODY)
#undef CSIM_X_FREE_BODY
#define CSIM_X_FREE_SPELL(field, ctype, doc) free(b->field);
    CSIM_TRAJ_SPELL_COLUMNS(CSIM_X_FREE_SPELL)
#undef CSIM_X_FREE_SPELL
    free(b->mc_b);
    free(b->wg_b);
    free(b->org_b);
    csim_traj_bodies_init(b);
}

/* The attributes every body has when it is registered. */
typedef struct body_founding {
    int field;       /* technology field (csim_field) */
    int32_t founded; /* step founded */
    int32_t ended;   /* step ended, or -1 */
} body_founding;

/* Append body (kind, id) with its founding attributes and every other column at its
 * "none" value; map[id] gets its index, which is also returned in *out. */
static csim_status add_body(csim_traj_bodies *b, csim_body_kind kind, size_t id,
                            body_founding at, size_t *map, size_t *out) {
    csim_status st = CSIM_OK;
#define CSIM_X_ARRAY(field, ctype, none, doc) (void **) &b->field,
#define CSIM_X_SIZE(field, ctype, none, doc) sizeof *b->field,
    void **arrays[] = {CSIM_TRAJ_BODY_COLUMNS(CSIM_X_ARRAY)};
    const size_t sizes[] = {CSIM_TRAJ_BODY_COLUMNS(CSIM_X_SIZE)};
#undef CSIM_X_ARRAY
#undef CSIM_X_SIZE
    CSIM_TRY(csim_traj_reserve_arrays(arrays, sizes, sizeof sizes / sizeof sizes[0], &b->cap,
                                      b->n + 1, "programme bodies"));
    const size_t k = b->n++;
#define CSIM_X_NONE(field, ctype, none, doc) b->field[k] = (ctype) (none);
    CSIM_TRAJ_BODY_COLUMNS(CSIM_X_NONE)
#undef CSIM_X_NONE
    b->kind[k] = (int8_t) kind;
    b->id[k] = (int32_t) id;
    b->field[k] = (int8_t) at.field;
    b->founded[k] = at.founded;
    b->ended[k] = at.ended;
    map[id] = k;
    *out = k;
cleanup:
    return st;
}

static csim_status reserve_index(size_t **map, size_t *cap, size_t n) {
    void **arrays[] = {(void **) map};
    const size_t sizes[] = {sizeof **map};
    return csim_traj_reserve_arrays(arrays, sizes, 1, cap, n, "programme body ids");
}

static csim_status register_new(csim_traj_bodies *b, const csim_programme *prog) {
    csim_status st = CSIM_OK;
    size_t k = 0;
    CSIM_TRY(reserve_index(&b->mc_b, &b->cap_mc, prog->n_mc));
    for (; b->n_mc < prog->n_mc; ++b->n_mc) {
        const csim_mc *mc = &prog->mc[b->n_mc];
        const body_founding at = {mc->main_field, mc->opened, mc->closed};
        CSIM_TRY(add_body(b, CSIM_BODY_MC, b->n_mc, at, b->mc_b, &k));
        b->merged_into[k] = mc->merged_into;
    }
    CSIM_TRY(reserve_index(&b->wg_b, &b->cap_wg, prog->n_wg));
    for (; b->n_wg < prog->n_wg; ++b->n_wg) {
        const csim_wg *wg = &prog->wg[b->n_wg];
        const body_founding at = {wg->field, wg->formed, wg->ended};
        CSIM_TRY(add_body(b, CSIM_BODY_WG, b->n_wg, at, b->wg_b, &k));
        b->mc[k] = wg->mc;
    }
    CSIM_TRY(reserve_index(&b->org_b, &b->cap_org, prog->n_org));
    for (; b->n_org < prog->n_org; ++b->n_org) {
        const csim_org *org = &prog->org[b->n_org];
        const body_founding at = {org->field, org->founded, org->ended};
        CSIM_TRY(add_body(b, CSIM_BODY_ORG, b->n_org, at, b->org_b, &k));
        b->mc[k] = org->mc;
        b->wg[k] = org->founding_wg;
        b->parent[k] = org->parent;
        /* Its stage now (a council, or a cooperative when a site was built); the
         * month's events, applied after this, move it on. */
        b->stage[k] = (int8_t) org->stage;
    }
cleanup:
    return st;
}

/* Body index of an event's body of kind `kind`, or SIZE_MAX if it is not registered. */
static size_t index_of(const csim_traj_bodies *b, csim_body_kind kind, int64_t id) {
    if (id < 0) {
        return SIZE_MAX;
    }
    const size_t i = (size_t) id;
    switch (kind) {
    case CSIM_BODY_MC:
        return i < b->n_mc ? b->mc_b[i] : SIZE_MAX;
    case CSIM_BODY_WG:
        return i < b->n_wg ? b->wg_b[i] : SIZE_MAX;
    default:
        return i < b->n_org ? b->org_b[i] : SIZE_MAX;
    }
}

static csim_status open_spell(csim_traj_bodies *b, size_t k, int32_t step) {
    csim_status st = CSIM_OK;
#define CSIM_X_ARRAY(field, ctype, doc) (void **) &b->field,
#define CSIM_X_SIZE(field, ctype, doc) sizeof *b->field,
    void **arrays[] = {CSIM_TRAJ_SPELL_COLUMNS(CSIM_X_ARRAY)};
    const size_t sizes[] = {CSIM_TRAJ_SPELL_COLUMNS(CSIM_X_SIZE)};
#undef CSIM_X_ARRAY
#undef CSIM_X_SIZE
    CSIM_TRY(csim_traj_reserve_arrays(arrays, sizes, sizeof sizes / sizeof sizes[0],
                                      &b->cap_spells, b->n_spells + 1, "dormancy spells"));
    b->spell_org[b->n_spells] = b->id[k];
    b->spell_start[b->n_spells] = step;
    b->spell_end[b->n_spells] = -1;
    b->open_spell[k] = (int32_t) b->n_spells++;
    b->spells[k]++;
cleanup:
    return st;
}

static void close_spell(csim_traj_bodies *b, size_t k, int32_t step) {
    if (b->open_spell[k] >= 0) {
        b->spell_end[b->open_spell[k]] = step;
        b->open_spell[k] = -1;
    }
}

csim_status csim_traj_bodies_update(csim_traj_bodies *b, const csim_sim *sim,
                                    const csim_event *events, size_t n_events) {
    csim_status st = CSIM_OK;
    CSIM_TRY(register_new(b, &sim->prog));
    for (size_t e = 0; e < n_events; ++e) {
        const csim_event *ev = &events[e];
        const int32_t step = (int32_t) ev->step;
        size_t k = SIZE_MAX;
        switch ((csim_event_kind) ev->kind) {
        case CSIM_EVENT_MC_MERGE:
            if ((k = index_of(b, CSIM_BODY_MC, ev->body)) != SIZE_MAX) {
                b->ended[k] = step;
                b->merged_into[k] = (int32_t) ev->value;
            }
            break;
        case CSIM_EVENT_MC_CLOSE:
            if ((k = index_of(b, CSIM_BODY_MC, ev->body)) != SIZE_MAX) {
                b->ended[k] = step;
            }
            break;
        case CSIM_EVENT_WG_DISSOLVE:
            if ((k = index_of(b, CSIM_BODY_WG, ev->body)) != SIZE_MAX) {
                b->ended[k] = step;
            }
            break;
        case CSIM_EVENT_ORG_DISSOLVE:
            if ((k = index_of(b, CSIM_BODY_ORG, ev->body)) != SIZE_MAX) {
                b->ended[k] = step;
                b->stage[k] = (int8_t) CSIM_ORG_DISSOLVED;
                close_spell(b, k, step); /* dissolved while dormant */
            }
            break;
        case CSIM_EVENT_ORG_STAGE:
            if ((k = index_of(b, CSIM_BODY_ORG, ev->body)) != SIZE_MAX) {
                b->stage[k] = (int8_t) ev->value;
                if ((int) ev->value == CSIM_ORG_ASSOCIATION && b->association[k] < 0) {
                    b->association[k] = step;
                }
            }
            break;
        case CSIM_EVENT_SITE_BUILT: {
            /* The cooperative is a new organisation; its parent association built it. */
            const size_t c = index_of(b, CSIM_BODY_ORG, ev->body);
            if (c != SIZE_MAX && (k = index_of(b, CSIM_BODY_ORG, b->parent[c])) != SIZE_MAX &&
                b->site[k] < 0) {
                b->site[k] = step;
                b->cooperative[k] = b->id[c];
            }
            break;
        }
        case CSIM_EVENT_ORG_DORMANT:
            if ((k = index_of(b, CSIM_BODY_ORG, ev->body)) != SIZE_MAX) {
                if (ev->value != 0.0 && b->open_spell[k] < 0) {
                    CSIM_TRY(open_spell(b, k, step));
                } else if (ev->value == 0.0) {
                    close_spell(b, k, step);
                }
            }
            break;
        default:
            break;
        }
    }
cleanup:
    return st;
}

csim_status csim_traj_bodies_members(const csim_traj_bodies *b, int64_t step,
                                     const int32_t *const firm_cols[4], size_t n_firms,
                                     const int32_t *const inst_cols[4], size_t n_inst,
                                     int32_t *out) {
    /* counts[kind][id]: MC slots, WG ids, organisation ids (org and site columns). */
    const size_t n_ids[3] = {b->n_mc, b->n_wg, b->n_org};
    int32_t *counts[3] = {NULL, NULL, NULL};
    csim_status st = CSIM_OK;
    for (size_t t = 0; t < 3; ++t) {
        counts[t] = calloc(n_ids[t] + 1, sizeof *counts[t]);
        if (!counts[t]) {
            st = CSIM_FAIL(CSIM_ENOMEM, "trajectory: member counts of programme bodies");
            goto cleanup;
        }
    }
    for (size_t part = 0; part < 2; ++part) {
        const int32_t *const *cols = part == 0 ? firm_cols : inst_cols;
        const size_t n = part == 0 ? n_firms : n_inst;
        for (size_t c = 0; c < 4; ++c) {
            const size_t t = c < 3 ? c : 2; /* site: a cooperative, an organisation */
            const int32_t *col = cols[c];
            for (size_t j = 0; j < n; ++j) {
                if (col[j] >= 0 && (size_t) col[j] < n_ids[t]) {
                    counts[t][col[j]]++;
                }
            }
        }
    }
    for (size_t k = 0; k < b->n; ++k) {
        const bool gone = b->ended[k] >= 0 && (int64_t) b->ended[k] <= step;
        out[k] = gone ? -1 : counts[b->kind[k]][b->id[k]];
    }
cleanup:
    for (size_t t = 0; t < 3; ++t) {
        free(counts[t]);
    }
    return st;
}
