/* The scale-up shortcuts of the MC policy (model/mc_index.c, model/mc_pairing.c) give
 * exactly what the plain algorithms give: the best-fitting MC of a profile equals the
 * scan over all slots (lowest slot on equal fits; programmes are random, with many
 * bitwise-equal themes, as run.scale makes them, and exact ties). The merge matching and
 * a newcomer's choice among twin MCs, with hand-worked answers: k copies of the
 * programme merge into k copies of the scale-1 result. */
#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include "model/mc_index_internal.h"
#include "model/mc_pairing_internal.h"
#include "model/sim_internal.h"
#include "model/tables.h"
#include "sim/rng.h"
#include "tests/support/test_support.h"

TestSuite(mc_search, .init = csim_test_quiet_libraries);

static double uniform(uint64_t seed, uint32_t agent, uint32_t n) {
    return csim_rng_uniform_at(seed, 77, 0, agent, n);
}

/* n_mc slots: themes copied from a few base rows (duplicates), some mixed, some
 * inactive. */
static void random_programme(csim_programme *prog, size_t n_mc, uint64_t seed) {
    cr_assert_eq(csim_programme_init(prog), CSIM_OK);
    for (size_t m = 0; m < n_mc; ++m) {
        size_t id;
        cr_assert_eq(csim_programme_add_mc(prog, &id), CSIM_OK);
        csim_mc *mc = &prog->mc[id];
        const size_t base = (size_t) (uniform(seed, (uint32_t) m, 0) * 6.0);
        memcpy(mc->theme, csim_field_related[base * 2], sizeof mc->theme);
        if (uniform(seed, (uint32_t) m, 1) < 0.3) {
            /* A merged theme: a weighted mix with another base (weights from a few
             * member counts, so mixes repeat too). */
            const size_t other = (size_t) (uniform(seed, (uint32_t) m, 2) * 12.0);
            const double wa = 1.0 + (double) (int) (uniform(seed, (uint32_t) m, 3) * 3.0);
            const double wb = 1.0 + (double) (int) (uniform(seed, (uint32_t) m, 4) * 3.0);
            for (size_t k = 0; k < CSIM_N_FIELDS; ++k) {
                mc->theme[k] = (wa * mc->theme[k] + wb * csim_field_related[other][k]) / (wa + wb);
            }
        }
        mc->active = uniform(seed, (uint32_t) m, 5) < 0.85;
        mc->members = (size_t) (uniform(seed, (uint32_t) m, 6) * 50.0);
    }
}

Test(mc_search, index_equals_scan) {
    for (uint64_t seed = 1; seed <= 6; ++seed) {
        csim_programme prog;
        random_programme(&prog, 40 * seed, seed);
        csim_mc_index ix = {0};
        cr_assert_eq(csim_mc_index__build(&ix, &prog), CSIM_OK);
        for (uint32_t t = 0; t < 4000; ++t) {
            double v[CSIM_N_FIELDS];
            for (uint32_t k = 0; k < CSIM_N_FIELDS; ++k) {
                const double u = uniform(seed + 100, t, k);
                /* Coarse values (multiples of 1/4, many zeros) make exact ties common. */
                v[k] = t % 3 == 0 ? (double) (int) (u * 4.0) / 4.0 : u * 3.0;
            }
            if (t % 50 == 0) {
                v[t % CSIM_N_FIELDS] = -0.5; /* the fallback path */
            }
            cr_assert_eq(csim_mc_index__best(&ix, v, 0), csim_mc_index__scan(&prog, v, 0),
                         "seed %llu profile %u", (unsigned long long) seed, t);
        }
        csim_mc_index__destroy(&ix);
        csim_mc_index__destroy(&ix); /* twice: safe */
        csim_programme_destroy(&prog);
    }
}

Test(mc_search, index_of_no_active_mc) {
    csim_programme prog;
    random_programme(&prog, 5, 9);
    for (size_t m = 0; m < prog.n_mc; ++m) {
        prog.mc[m].active = 0;
    }
    csim_mc_index ix = {0};
    cr_assert_eq(csim_mc_index__build(&ix, &prog), CSIM_OK);
    const double v[CSIM_N_FIELDS] = {1, 2, 3};
    cr_assert_eq(csim_mc_index__best(&ix, v, 0), -1);
    csim_mc_index__destroy(&ix);
    csim_programme_destroy(&prog);
}

/* The case's ten pilots with distinct mold-related themes (mold & industrial design as
 * mold_die, materials & parts assembly as precision_assembly; the other pilots as
 * policy.mc_themes' defaults), opened as policy.c opens them at run.scale k: field by
 * field (mold k, display 2k, mobile 2k, semiconductors k, parts 2k, precision assembly
 * k, software k), offices of 100. */
static void default_programme(csim_programme *prog, size_t k) {
    static const size_t counts[] = {1, 2, 2, 1, 2, 1, 1}, kinds[] = {0, 3, 4, 5, 6, 8, 11};
    cr_assert_eq(csim_programme_init(prog), CSIM_OK);
    for (size_t t = 0; t < 7; ++t) {
        for (size_t c = 0; c < counts[t] * k; ++c) {
            size_t id;
            cr_assert_eq(csim_programme_add_mc(prog, &id), CSIM_OK);
            csim_mc *mc = &prog->mc[id];
            mc->main_field = (int) kinds[t];
            memcpy(mc->theme, csim_field_related[kinds[t]], sizeof mc->theme);
            mc->base_capacity = 100.0;
            mc->active = 1;
        }
    }
}

/* The same programme with the districts policy.c gives it at run.scale k: the offices
 * of a field go to districts 0, 1, ..., k - 1 in turn. */
static void default_programme_in_districts(csim_programme *prog, size_t k) {
    default_programme(prog, k);
    for (size_t m = 0, within = 0; m < prog->n_mc; ++m) {
        const int same_field =
            m > 0 && memcmp(prog->mc[m].theme, prog->mc[m - 1].theme, sizeof prog->mc[m].theme) == 0;
        within = same_field ? within + 1 : 0;
        prog->mc[m].district = (uint32_t) (within % k);
    }
}

/* policy.mc_industry's default filing: mold, machining, injection, materials, precision
 * assembly and aerospace parts under one industry (parts-materials-mold); display,
 * mobile, semiconductors, parts (E&H) and software each their own; energy none. */
static const double gumi_industry[CSIM_N_FIELDS] = {1, 1, 1, 2, 3, 6, 4, 1, 1, 0, 1, 5};
/* No filing: only offices of one main field count as one industry. */
static const double no_industry[CSIM_N_FIELDS] = {0};

/* Apply merges as policy.c does for offices with equal members: the lower slot absorbs
 * the higher one's office. */
static void apply_merges(csim_programme *prog, const uint32_t *a, const uint32_t *b, size_t n) {
    for (size_t q = 0; q < n; ++q) {
        prog->mc[a[q]].base_capacity += prog->mc[b[q]].base_capacity;
        prog->mc[b[q]].active = 0;
    }
}

static void expect_merges(const csim_programme *prog, size_t max, const uint32_t *want_a,
                          const uint32_t *want_b, size_t n_want, uint32_t *a, uint32_t *b) {
    size_t n = 0;
    cr_assert_eq(csim_mc_pairing__greedy(prog, gumi_industry, max, a, b, &n), CSIM_OK);
    cr_assert_eq(n, n_want, "%zu merges, want %zu", n, n_want);
    for (size_t q = 0; q < n; ++q) {
        cr_assert(a[q] == want_a[q] && b[q] == want_b[q], "merge %zu: %u-%u, want %u-%u", q, a[q],
                  b[q], want_a[q], want_b[q]);
    }
}

/* The Gumi timeline (10, 9, then 6 MCs), hand-worked. Slots: mold 0, display 1-2, mobile
 * 3-4, semiconductors 5, parts 6-7, precision assembly 8, software 9. Rule 0 ranks the
 * pairs of one industry first: the three twin pairs (similarity 1) and mold with
 * precision assembly (both parts-materials-mold, similarity 0.36). Scale 1: 2006 merges
 * the display twins (three twin pairs tie on similarity, offices and members: the
 * earliest-opened theme goes first); 2007 the mobile and parts twins, then mold with
 * precision assembly, before any pair across industries such as mobile and software
 * (similarity 0.64). Six remain: parts-materials-mold, display, mobile, semiconductors,
 * parts (E&H) and software (IT), as in the case's reorganisation. */
Test(mc_search, merges_at_scale_one_known_answer) {
    csim_programme prog;
    default_programme(&prog, 1);
    uint32_t a[16], b[16];
    expect_merges(&prog, 1, (const uint32_t[]){1}, (const uint32_t[]){2}, 1, a, b);
    apply_merges(&prog, a, b, 1);
    expect_merges(&prog, 3, (const uint32_t[]){3, 6, 0}, (const uint32_t[]){4, 7, 8}, 3, a, b);
    csim_programme_destroy(&prog);
}

/* Rule 2 without districts, at scale 4 (40 offices, 4 merges in 2006): among the tied
 * twin pairs, the themes with the most offices left lose one first, counting the merges
 * already chosen: display (8 offices, slots 4-11), mobile (8, 12-19), parts (8, 24-31),
 * then display again (7 left, the earliest-opened of the three tied at 7), each time the
 * two lowest slots of the class. The model itself never merges across districts (next
 * test): without them a scaled programme's mold twins, similarity 1, would merge with
 * each other before mold joins precision assembly. */
Test(mc_search, most_duplicated_themes_lose_offices_first_known_answer) {
    csim_programme prog;
    default_programme(&prog, 4);
    uint32_t a[16], b[16];
    expect_merges(&prog, 4, (const uint32_t[]){4, 12, 24, 6}, (const uint32_t[]){5, 13, 25, 7}, 4,
                  a, b);
    csim_programme_destroy(&prog);
}

/* One active office of 100 per field of `fields`, in slot order, each with the
 * related-fields theme of its field. */
static void programme_of_fields(csim_programme *prog, const int *fields, size_t n) {
    cr_assert_eq(csim_programme_init(prog), CSIM_OK);
    for (size_t t = 0; t < n; ++t) {
        size_t id;
        cr_assert_eq(csim_programme_add_mc(prog, &id), CSIM_OK);
        memcpy(prog->mc[id].theme, csim_field_related[fields[t]], sizeof prog->mc[id].theme);
        prog->mc[id].main_field = fields[t];
        prog->mc[id].base_capacity = 100.0;
        prog->mc[id].active = 1;
    }
}

/* Rule 0 on its own: mobile and software (similarity 0.64, different industries) against
 * mold and precision assembly (0.36, one industry). Filed as in Gumi, mold joins
 * precision assembly; with no filing the most similar pair merges. */
Test(mc_search, one_industry_merges_before_more_similar_themes_known_answer) {
    csim_programme prog;
    const int fields[4] = {4, 11, 0, 8}; /* mobile, software, mold, precision assembly */
    programme_of_fields(&prog, fields, 4);
    cr_assert_gt(csim_mc_pairing__similarity(prog.mc[0].theme, prog.mc[1].theme),
                 csim_mc_pairing__similarity(prog.mc[2].theme, prog.mc[3].theme));
    uint32_t a[2], b[2];
    size_t n = 0;
    cr_assert_eq(csim_mc_pairing__greedy(&prog, gumi_industry, 1, a, b, &n), CSIM_OK);
    cr_assert(n == 1 && a[0] == 2 && b[0] == 3, "filed: merged %u-%u, want 2-3", a[0], b[0]);
    cr_assert_eq(csim_mc_pairing__greedy(&prog, no_industry, 1, a, b, &n), CSIM_OK);
    cr_assert(n == 1 && a[0] == 0 && b[0] == 1, "unfiled: merged %u-%u, want 0-1", a[0], b[0]);
    /* Two rounds' worth: both pairs, the industry's first. */
    cr_assert_eq(csim_mc_pairing__greedy(&prog, gumi_industry, 2, a, b, &n), CSIM_OK);
    cr_assert(n == 2 && a[0] == 2 && b[0] == 3 && a[1] == 0 && b[1] == 1);
    csim_programme_destroy(&prog);
}

/* Without twins the most similar themes merge, as before; a round merges an office at
 * most once and never more than asked. */
Test(mc_search, merges_most_similar_themes_first) {
    csim_programme prog;
    const int fields[4] = {0, 11, 1, 5}; /* mold, software, machining (mold's neighbour), semis */
    programme_of_fields(&prog, fields, 4);
    double best = -1.0;
    uint32_t ba = 0, bb = 0;
    for (uint32_t x = 0; x < 4; ++x) {
        for (uint32_t y = x + 1; y < 4; ++y) {
            const double s = csim_mc_pairing__similarity(prog.mc[x].theme, prog.mc[y].theme);
            if (s > best) {
                best = s;
                ba = x;
                bb = y;
            }
        }
    }
    uint32_t a[4], b[4];
    size_t n = 0;
    cr_assert_eq(csim_mc_pairing__greedy(&prog, no_industry, 1, a, b, &n), CSIM_OK);
    cr_assert_eq(n, 1);
    cr_assert(a[0] == ba && b[0] == bb, "merged %u-%u, most similar %u-%u", a[0], b[0], ba, bb);
    cr_assert_eq(csim_mc_pairing__greedy(&prog, no_industry, 10, a, b, &n), CSIM_OK);
    cr_assert_eq(n, 2, "4 offices give at most 2 disjoint merges in a round, got %zu", n);
    cr_assert(a[0] != a[1] && a[0] != b[1] && b[0] != a[1] && b[0] != b[1]);
    csim_programme_destroy(&prog);
}

/* A newcomer among twins follows its partners (membership.c): twin t has weight
 * room_t x (alive partners in t). Hand-worked: twins 0, 1, 2 (capacity 10; members 4,
 * 19, 9: room 1, 10/20 = 0.5, 1) and slot 3 of another theme. Firm 0's partners in
 * adjacency order: 1 (MC 0), 2 (MC 1), 3 (MC 1), 4 (MC 3, other theme), 5 (MC 1, dead),
 * 6 (no MC): weights MC 0 1 x 1 = 1, MC 1 2 x 0.5 = 1, MC 2 0 (total 2; partner 1 covers
 * u in [0, 0.5), partners 2 and 3 [0.5, 1)). Firm 7's only partner is 4: no partner
 * among the twins, so rooms alone, 1 : 0.5 : 1 (MC 0 below u = 0.4, MC 1 below 0.6). */
Test(mc_search, newcomer_follows_partners_among_twins_known_answer) {
    csim_programme prog;
    cr_assert_eq(csim_programme_init(&prog), CSIM_OK);
    const size_t members[4] = {4, 19, 9, 5};
    for (size_t t = 0; t < 4; ++t) {
        size_t id;
        cr_assert_eq(csim_programme_add_mc(&prog, &id), CSIM_OK);
        memcpy(prog.mc[id].theme, csim_field_related[t == 3 ? 5 : 0], sizeof prog.mc[id].theme);
        prog.mc[id].capacity = 10.0;
        prog.mc[id].members = members[t];
        prog.mc[id].active = 1;
    }
    csim_mc_index ix = {0};
    cr_assert_eq(csim_mc_index__build(&ix, &prog), CSIM_OK);
    uint8_t alive[8] = {1, 1, 1, 1, 1, 0, 1, 1};
    int32_t mc[8] = {-1, 0, 1, 1, 3, 1, -1, -1};
    csim_firms f = {0};
    f.alive = alive;
    f.mc = mc;
    size_t offset[9] = {0, 6, 6, 6, 6, 6, 6, 6, 7};
    uint32_t node[7] = {1, 2, 3, 4, 5, 6, 4};
    csim_ties ties = {0};
    ties.adj_offset = offset;
    ties.adj_node = node;
    const double us[6] = {0.0, 0.3, 0.4999, 0.5, 0.75, 0.9999};
    const int32_t want0[6] = {0, 0, 0, 1, 1, 1};
    for (size_t k = 0; k < 6; ++k) {
        cr_assert_eq(csim_membership__pick_twin(&ix, prog.mc, &f, &ties, 0, 0, 0, us[k]), want0[k],
                     "firm 0, u = %g", us[k]);
    }
    const double us7[5] = {0.0, 0.39, 0.41, 0.59, 0.61};
    const int32_t want7[5] = {0, 0, 1, 1, 2};
    for (size_t k = 0; k < 5; ++k) {
        cr_assert_eq(csim_membership__pick_twin(&ix, prog.mc, &f, &ties, 7, 0, 0, us7[k]), want7[k],
                     "firm 7, u = %g", us7[k]);
    }
    /* No twin: the best-fitting MC itself. */
    cr_assert_eq(csim_membership__pick_twin(&ix, prog.mc, &f, &ties, 0, 0, 3, 0.5), 3);
    csim_mc_index__destroy(&ix);
    csim_programme_destroy(&prog);
}

Test(mc_search, similarity_is_symmetric) {
    const double *a = csim_field_related[0], *b = csim_field_related[5];
    cr_assert_eq(memcmp(&(double){csim_mc_pairing__similarity(a, b)},
                        &(double){csim_mc_pairing__similarity(b, a)}, sizeof(double)),
                 0);
    const double zero[CSIM_N_FIELDS] = {0};
    cr_assert_eq(csim_mc_pairing__similarity(a, zero), 0.0);
}

/* Offices of a district merge only with offices of the same district, and the cut is
 * shared out over the districts: at run.scale 4 with districts, 2006's 4 merges are one
 * display pair in each district (display is the earliest-opened of the twin themes tied
 * on similarity and offices; in district d its offices are slots 4 + d and 8 + d), and
 * after 2007's 12 more every district holds the scale-1 result: parts-materials-mold,
 * display, mobile and parts one office of 200, semiconductors and software one of 100. */
Test(mc_search, merges_stay_in_their_district_known_answer) {
    csim_programme prog;
    default_programme_in_districts(&prog, 4);
    uint32_t a[16], b[16];
    expect_merges(&prog, 4, (const uint32_t[]){4, 5, 6, 7}, (const uint32_t[]){8, 9, 10, 11}, 4,
                  a, b);
    apply_merges(&prog, a, b, 4);
    size_t n = 0;
    cr_assert_eq(csim_mc_pairing__greedy(&prog, gumi_industry, 12, a, b, &n), CSIM_OK);
    cr_assert_eq(n, 12);
    for (size_t q = 0; q < n; ++q) {
        cr_assert_eq(prog.mc[a[q]].district, prog.mc[b[q]].district, "merge %u-%u", a[q], b[q]);
    }
    apply_merges(&prog, a, b, n);
    for (uint32_t d = 0; d < 4; ++d) {
        size_t offices = 0;
        double capacity = 0.0;
        for (size_t m = 0; m < prog.n_mc; ++m) {
            if (prog.mc[m].active && prog.mc[m].district == d) {
                ++offices;
                capacity += prog.mc[m].base_capacity;
            }
        }
        cr_assert_eq(offices, 6, "district %u: %zu offices", d, offices);
        cr_assert_eq(capacity, 1000.0, "district %u: capacity %g", d, capacity);
    }
    csim_programme_destroy(&prog);
}

/* With districts the index still equals the scan, for firms of every district and of a
 * district without any office (rooms of all districts). */
Test(mc_search, index_equals_scan_in_districts) {
    for (uint64_t seed = 1; seed <= 4; ++seed) {
        csim_programme prog;
        random_programme(&prog, 40 * seed, seed);
        for (size_t m = 0; m < prog.n_mc; ++m) {
            prog.mc[m].district = (uint32_t) (uniform(seed, (uint32_t) m, 7) * 3.0);
            prog.mc[m].capacity = 10.0 + 30.0 * uniform(seed, (uint32_t) m, 8);
        }
        csim_mc_index ix = {0};
        cr_assert_eq(csim_mc_index__build(&ix, &prog), CSIM_OK);
        for (uint32_t t = 0; t < 2000; ++t) {
            double v[CSIM_N_FIELDS];
            for (uint32_t k = 0; k < CSIM_N_FIELDS; ++k) {
                v[k] = uniform(seed + 200, t, k) * 3.0;
            }
            const uint32_t d = t % 5; /* 3 and 4: no office there */
            cr_assert_eq(csim_mc_index__best(&ix, v, d), csim_mc_index__scan(&prog, v, d),
                         "seed %llu profile %u district %u", (unsigned long long) seed, t, d);
        }
        csim_mc_index__destroy(&ix);
        csim_programme_destroy(&prog);
    }
}

/* A firm attends the offices of its own district. Two themes: mold offices 0 (district
 * 0, crowded: room 0.1) and 1 (district 1, empty), and a software office 2 (district 0,
 * empty). A mold firm of district 0 weighs mold by its own district's room: 0.1 x fit,
 * below software's 1 x fit, so it picks software (the scale-1 choice); in district 1 it
 * picks the mold class (then office 1 among the twins). Among twins it joins its district's office even when all its
 * partners are in the other district's. */
Test(mc_search, firm_attends_its_own_district_known_answer) {
    csim_programme prog;
    cr_assert_eq(csim_programme_init(&prog), CSIM_OK);
    const int fields[3] = {0, 0, 11};
    const size_t members[3] = {99, 0, 0};
    for (size_t t = 0; t < 3; ++t) {
        size_t id;
        cr_assert_eq(csim_programme_add_mc(&prog, &id), CSIM_OK);
        memcpy(prog.mc[id].theme, csim_field_related[fields[t]], sizeof prog.mc[id].theme);
        prog.mc[id].capacity = 10.0;
        prog.mc[id].members = members[t];
        prog.mc[id].district = t == 1 ? 1 : 0;
        prog.mc[id].active = 1;
    }
    csim_mc_index ix = {0};
    cr_assert_eq(csim_mc_index__build(&ix, &prog), CSIM_OK);
    double v[CSIM_N_FIELDS] = {0};
    memcpy(v, csim_field_related[0], sizeof v); /* a mold profile */
    v[11] = 0.3 * csim_field_related[11][11];     /* some software, far below its mold fit */
    cr_assert(csim_mc_pairing__similarity(v, prog.mc[0].theme) > 0.5);
    cr_assert_eq(csim_mc_index__best(&ix, v, 0), 2);
    cr_assert_eq(csim_mc_index__best(&ix, v, 1), 0, "the mold class (its lowest slot)");
    uint8_t alive[3] = {1, 1, 1};
    int32_t mc[3] = {-1, 0, 0}; /* firm 0's partners 1 and 2 are in office 0 (district 0) */
    csim_firms f = {0};
    f.alive = alive;
    f.mc = mc;
    size_t offset[4] = {0, 2, 2, 2};
    uint32_t node[2] = {1, 2};
    csim_ties ties = {0};
    ties.adj_offset = offset;
    ties.adj_node = node;
    for (double u = 0.0; u < 1.0; u += 0.125) {
        cr_assert_eq(csim_membership__pick_twin(&ix, prog.mc, &f, &ties, 0, 1, 0, u), 1);
        cr_assert_eq(csim_membership__pick_twin(&ix, prog.mc, &f, &ties, 0, 0, 0, u), 0);
    }
    csim_mc_index__destroy(&ix);
    csim_programme_destroy(&prog);
}
