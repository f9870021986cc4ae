/**
 * \file model/streams.h
 * The purposes of random draws. A draw is a pure function of (run seed, purpose, step,
 * agent, n) (sim/rng.h), so every mechanism has its own purpose and adding a mechanism
 * never shifts the numbers of another: common random numbers across scenarios hold
 * mechanism by mechanism. Never renumber: append.
 */
#ifndef CSIM_MODEL_STREAMS_H
#define CSIM_MODEL_STREAMS_H

typedef enum {
    CSIM_STREAM_INIT_FIRM = 1,  /**< attributes of initial firm `agent`                      */
    CSIM_STREAM_INIT_SUPPLY,    /**< buyer of initial supplier `agent`                        */
    CSIM_STREAM_ENTRY_COUNT,    /**< entrants and spin-offs of a step (agent 0, draws 0, 1)  */
    CSIM_STREAM_ENTRY_FIRM,     /**< attributes of the entrant with id `agent`                */
    CSIM_STREAM_MARKET,         /**< employment noise and exit hazard of firm `agent`          */
    CSIM_STREAM_RND,            /**< R&D success of firm `agent`                              */
    CSIM_STREAM_MEETING,        /**< forum meetings and referrals proposed by `agent`          */
    CSIM_STREAM_TIE_ACCEPT,     /**< acceptance of a proposed tie: agent = a, draw n = b      */
    CSIM_STREAM_BROKER,         /**< introductions made by the coordinators of MC `agent`      */
    CSIM_STREAM_MEMBERSHIP,     /**< MC joining, leaving and attendance of firm `agent`        */
    CSIM_STREAM_WG,             /**< working-group proposals in MC `agent`                     */
    CSIM_STREAM_ORG,            /**< organisation recruitment of firm `agent`                  */
    CSIM_STREAM_PROJECT,        /**< start of joint work on pair (agent = a, draw n = b)      */
    CSIM_STREAM_INIT_TIES,      /**< initial collaboration ties of firm `agent`               */
    CSIM_STREAM_INIT_INSTITUTION, /**< attributes of institution `agent`                      */
    CSIM_STREAM_REFERRAL,       /**< referral meetings of firm `agent`                       */
    CSIM_STREAM_PROJECT_SUCCESS, /**< success of joint work on pair (agent = a, draw n = b)    */
    CSIM_STREAM_ORG_MEETING,    /**< organisation meetings of member `agent`                  */
    CSIM_STREAM_WG_PROBLEM      /**< WG proposal of leader `agent` (n 0), its funding (1), its team (2 on) */
} csim_stream_purpose;

#endif /* CSIM_MODEL_STREAMS_H */
