/**
 * \file model/streams.h
 * The random-draw slots of the model, each declared once in a table.
 *
 * A draw is a pure function of (run seed, purpose, step, agent, n) (sim/rng.h), so every
 * mechanism has its own purpose and adding a mechanism never shifts the numbers of
 * another: common random numbers across scenarios hold mechanism by mechanism.
 *
 * CSIM_STREAM_LIST: the purposes, with their number in the counter. The numbers are
 * part of every recorded result: never renumber, never reuse, append with the next
 * number (tests/test_model_sim.c checks they are distinct).
 *
 * CSIM_DRAW_LIST: the single draws that a phase takes at a fixed index n of a purpose
 * (csim_rng_uniform_at), named so that no phase writes a literal n and two mechanisms
 * sharing a purpose cannot take the same n by accident. Draws taken as a sequence from an
 * opened stream (csim_rng_stream_open: n = 0, 1, 2, ... in the order the code asks) and
 * the pair draws (agent = a, n = b) are not listed: their index is not a constant.
 * Where a phase both takes fixed draws and opens the stream of the same (purpose, step,
 * agent), the opened stream starts at n = 0 too; the slots below say where a phase skips
 * the draws it has already taken (WG_PROBLEM).
 */
#ifndef CSIM_MODEL_STREAMS_H
#define CSIM_MODEL_STREAMS_H

#include <stdint.h>

#include "sim/rng.h"

/* X(NAME, number, what agent and n are) */
#define CSIM_STREAM_LIST(X)                                                                 \
    X(INIT_FIRM, 1, "attributes of initial firm `agent`")                                   \
    X(INIT_SUPPLY, 2, "buyer of initial supplier `agent`")                                  \
    X(ENTRY_COUNT, 3, "entrants and spin-offs of a step (agent 0, draws 0, 1)")             \
    X(ENTRY_FIRM, 4, "attributes of the entrant with id `agent`")                           \
    X(MARKET, 5, "employment noise and exit hazard of firm `agent`")                        \
    X(RND, 6, "R&D success of firm `agent`")                                                \
    X(MEETING, 7, "forum meetings and referrals proposed by `agent`")                       \
    X(TIE_ACCEPT, 8, "acceptance of a proposed tie: agent = a, draw n = b")                 \
    X(BROKER, 9, "introductions made by the coordinators of MC `agent`")                    \
    X(MEMBERSHIP, 10, "MC joining, leaving and attendance of firm `agent`")                 \
    X(WG, 11, "working-group proposals in MC `agent`")                                      \
    X(ORG, 12, "organisation recruitment of firm `agent`")                                  \
    X(PROJECT, 13, "start of joint work on pair (agent = a, draw n = b)")                   \
    X(INIT_TIES, 14, "initial collaboration ties of firm `agent`")                          \
    X(INIT_INSTITUTION, 15, "attributes of institution `agent`")                            \
    X(REFERRAL, 16, "referral meetings of firm `agent`")                                    \
    X(PROJECT_SUCCESS, 17, "success of joint work on pair (agent = a, draw n = b)")         \
    X(ORG_MEETING, 18, "organisation meetings of member `agent`")                           \
    X(WG_PROBLEM, 19, "WG proposal of leader `agent` (n 0), its funding (1), its team (2 on)") \
    X(ORG_FOUND, 20, "founding call in WG `agent` (n 0) and its members' commitment (n 1 + position)") \
    X(HARDWARE, 21, "equipment-grant lottery: whether applicant `agent` wins (n 0)")        \
    X(SEARCH, 22, "customer search of supplier `agent`: searches (n 0), the buyer it "      \
      "approaches (1), its acceptance (2), a non-hub customer found (3)")                  \
    X(LOCAL, 23, "everyday local encounter of firm `agent`: whether (n 0), with whom (1)") \
    X(QUALIFY, 24, "vendor qualification of independent SME `agent`: applies (n 0), the "   \
      "tier it applies for (1), the buyer it approaches (2), its acceptance (3)")

typedef enum {
#define CSIM_X_STREAM(name, number, doc) CSIM_STREAM_##name = number,
    CSIM_STREAM_LIST(CSIM_X_STREAM)
#undef CSIM_X_STREAM
} csim_stream_purpose;

/* X(NAME, purpose, n, what the draw decides) */
#define CSIM_DRAW_LIST(X)                                                                   \
    X(INIT_SUPPLY_BUYER, INIT_SUPPLY, 0, "which buyer an initial supplier sells to")        \
    X(ENTRY_SPINOFF_PARENT, ENTRY_FIRM, 1000, "the hub a spin-off comes from")              \
    X(ENTRY_SUPPLY_TIE, ENTRY_FIRM, 1001, "whether an entrant starts tied to its buyer")    \
    X(INIT_HUB_LINE, INIT_FIRM, 1000, "the product line of an initial hub")                \
    X(ENTRY_HUB_LINE, ENTRY_FIRM, 1002, "the product line of an entrant hub")              \
    X(MEMBERSHIP_MERGER_STAY, MEMBERSHIP, 100,                                              \
      "whether a firm of an absorbed MC stays through the merger")                          \
    X(MEETING_ATTEND, MEETING, 0, "whether a member attends its MC's forum this month")    \
    X(REFERRAL_ASK, REFERRAL, 0, "whether a firm asks a partner for a referral")            \
    X(REFERRAL_PARTNER, REFERRAL, 1, "which partner it asks")                               \
    X(REFERRAL_PARTNERS_PARTNER, REFERRAL, 2, "which of that partner's partners it meets") \
    X(ORG_LEAVE, ORG, 0, "whether a member with too little benefit leaves")                 \
    X(ORG_RECRUIT, ORG, 1, "whether a member recruits this month")                          \
    X(ORG_RECRUIT_PARTNER, ORG, 2, "which partner it asks")                                 \
    X(ORG_RECRUIT_HOP, ORG, 3, "whether it asks a partner's partner instead")               \
    X(ORG_RECRUIT_PARTNERS_PARTNER, ORG, 4, "which of the partner's partners")              \
    X(ORG_FOUND_CALL, ORG_FOUND, 0, "whether a WG's leader calls for a firm-led body")     \
    X(ORG_MEETING_ATTEND, ORG_MEETING, 0, "whether a member meets another this month")      \
    X(ORG_MEETING_PARTNER, ORG_MEETING, 1, "which member it meets")                         \
    X(WG_PROPOSE, WG_PROBLEM, 0, "whether a member proposes a WG around its problem")       \
    X(WG_FUNDED, WG_PROBLEM, 1, "whether its plan is funded from the pool")                 \
    X(WG_TEAM_FIRST, WG_PROBLEM, 2, "first draw of the team (the opened stream skips 0, 1)") \
    X(HARDWARE_GRANT, HARDWARE, 0, "whether an applicant wins an equipment grant this month")

/** Index n of each fixed draw (CSIM_DRAW_<NAME>), and its purpose
 *  (CSIM_DRAW_<NAME>_STREAM). */
enum {
#define CSIM_X_DRAW(name, purpose, n, doc)                                                  \
    CSIM_DRAW_##name = n, CSIM_DRAW_##name##_STREAM = CSIM_STREAM_##purpose,
    CSIM_DRAW_LIST(CSIM_X_DRAW)
#undef CSIM_X_DRAW
};

/** The uniform draw of slot NAME (a CSIM_DRAW_LIST name) for `agent` in `step`. */
#define CSIM_DRAW_AT(seed, NAME, step, agent)                                               \
    csim_rng_uniform_at((seed), (uint32_t) CSIM_DRAW_##NAME##_STREAM, (uint32_t) (step),    \
                        (uint32_t) (agent), (uint32_t) CSIM_DRAW_##NAME)

#endif /* CSIM_MODEL_STREAMS_H */
