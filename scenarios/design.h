/**
 * \file scenarios/design.h
 * Experimental designs for parameter sweeps: where in the unit cube [0, 1]^d to run.
 *
 * A design is a matrix of `n_points` rows and `n_dims` columns of coordinates in [0, 1];
 * scenarios/sweep.h maps column j onto the j-th swept parameter (a range or a list).
 *
 *  - grid: every combination of `levels[j]` equally spaced values per column, k/(L-1)
 *    (endpoints included; one level gives 0), the last column varying fastest (C order,
 *    like Python's itertools.product).
 *  - Latin hypercube: each column is split into n_points equal strata, and every
 *    stratum of every column holds exactly one point, at a random place inside it
 *    (McKay, Beckman & Conover 1979). Random numbers are Philox streams keyed by `seed`,
 *    so a design is a pure function of (n_points, n_dims, seed).
 *  - Sobol: the first n_points of GSL's Sobol sequence (gsl_qrng_sobol, Antonov-Saleev
 *    variant; it starts at (1/2, ..., 1/2), skipping the origin), at most
 *    CSIM_DESIGN_SOBOL_MAX_DIMS columns.
 *  - Saltelli: the sample for Sobol sensitivity indices (Saltelli 2002; Saltelli et al.
 *    2010). Row j of a 2d-column Sobol sequence gives A_j (first d coordinates) and B_j
 *    (last d); the design holds n_base * (d + 2) rows, grouped per base sample j as
 *    A_j, AB^1_j, ..., AB^d_j, B_j, where AB^i_j is A_j with column i taken from B_j.
 *    This is the order of SALib's saltelli.sample(..., calc_second_order=False), so model
 *    outputs can go straight into SALib.analyze.sobol.
 *  - Morris: r one-at-a-time trajectories for elementary effects (Morris 1991,
 *    Technometrics 33). Coordinates lie on a grid of p levels {0, 1/(p-1), ..., 1} (p even);
 *    every step moves one column by Delta = p / (2 (p - 1)). A trajectory has d + 1 rows:
 *    a random base point (each column's level drawn from the lower half, so that + Delta
 *    stays inside), a random direction per column (a column going down starts Delta
 *    higher), and the columns moved one after another in a random order. The design holds
 *    r (d + 1) rows, trajectory t at rows t (d + 1) .. t (d + 1) + d. Random numbers are
 *    Philox streams keyed by `seed` (one stream per trajectory). Trajectories are Morris's
 *    random ones, not Campolongo et al.'s (2007) selection of the most spread r out of many.
 *
 * Thread-safety: reentrant (no shared state).
 */
#ifndef CSIM_SCENARIOS_DESIGN_H
#define CSIM_SCENARIOS_DESIGN_H

#include <stddef.h>
#include <stdint.h>

#include "sim/error.h"

/** Most columns of a Sobol design: the dimension limit of GSL's gsl_qrng_sobol. */
#define CSIM_DESIGN_SOBOL_MAX_DIMS 40

/** Most columns of a Saltelli design: its 2d-column Sobol sequence must fit GSL's limit. */
#define CSIM_DESIGN_SALTELLI_MAX_DIMS (CSIM_DESIGN_SOBOL_MAX_DIMS / 2)

/**
 * Most rows of any design, and most runs (points x replicates) of a sweep or ensemble.
 * A plan resolves and keeps every point's scenario (some 7 KB each) before the first run:
 * 100,000 points took 170 s and 650 MB on the 2-core dev VM, and at about a second a
 * run 100,000 runs are already more than a core-day. 10^7 was accepted before (issue 23)
 * and would take hours and 65 GB just to plan. Larger studies are several sweeps.
 */
#define CSIM_DESIGN_MAX_POINTS ((size_t) 100000)

/** Why there is a limit, for the messages that give it. */
#define CSIM_DESIGN_LIMIT_WHY                                                              \
    "a plan resolves and keeps every point before the first run, and 100000 runs are "     \
    "more than a core-day; split the study into several sweeps"

/** The kinds of design, in the spelling of sweep files. */
typedef enum csim_design_kind {
    CSIM_DESIGN_GRID = 0,            /**< "grid"            */
    CSIM_DESIGN_LATIN_HYPERCUBE = 1, /**< "latin-hypercube" */
    CSIM_DESIGN_SOBOL = 2,           /**< "sobol"           */
    CSIM_DESIGN_SALTELLI = 3,        /**< "saltelli"        */
    CSIM_DESIGN_MORRIS = 4           /**< "morris"          */
} csim_design_kind;

/** Number of design kinds. */
#define CSIM_DESIGN_KIND_COUNT 5

/** Levels of a Morris design when a sweep file does not say (Saltelli et al. 2008's usual
 *  choice). */
#define CSIM_DESIGN_MORRIS_LEVELS 4

/** Most levels of a Morris design. */
#define CSIM_DESIGN_MORRIS_MAX_LEVELS 1000

/** A design matrix. Caller-allocated; zeroed is a valid empty design. */
typedef struct csim_design {
    csim_design_kind kind; /**< how it was made                                       */
    size_t n_points;       /**< rows                                                  */
    size_t n_dims;         /**< columns                                               */
    double *u;             /**< owned: n_points * n_dims coordinates in [0, 1],
                                row-major (point p, column j at u[p * n_dims + j])    */
} csim_design;

/**
 * Full factorial grid.
 * \param d       uninitialised; filled on success, left destroyed on failure
 * \param levels  borrowed; `n_dims` level counts, each >= 1
 * \param n_dims  columns, >= 1
 * \return CSIM_OK; CSIM_EINVAL (n_dims == 0, a level count of 0, or more than
 *         CSIM_DESIGN_MAX_POINTS combinations: the message gives the count); CSIM_ENOMEM.
 * O(points * dims).
 */
csim_status csim_design_grid(csim_design *d, const size_t *levels, size_t n_dims);

/**
 * Latin hypercube sample: column j of point p lies in stratum [k/n, (k+1)/n) for a
 * permutation k = perm_j(p), uniformly inside it.
 * \param d  uninitialised; filled on success, left destroyed on failure
 * \return CSIM_OK; CSIM_EINVAL (n_points or n_dims 0, or n_points above
 *         CSIM_DESIGN_MAX_POINTS); CSIM_ENOMEM. Same arguments, same design.
 */
csim_status csim_design_latin_hypercube(csim_design *d, size_t n_points, size_t n_dims,
                                        uint64_t seed);

/**
 * First `n_points` points of GSL's Sobol sequence in `n_dims` dimensions.
 * \param d  uninitialised; filled on success, left destroyed on failure
 * \return CSIM_OK; CSIM_EINVAL (n_points or n_dims 0, n_dims above
 *         CSIM_DESIGN_SOBOL_MAX_DIMS, too many points); CSIM_ENOMEM.
 */
csim_status csim_design_sobol(csim_design *d, size_t n_points, size_t n_dims);

/**
 * Saltelli sample of `n_base` base points in `n_dims` dimensions: n_base * (n_dims + 2)
 * rows in the order described in the file comment.
 * \param d  uninitialised; filled on success, left destroyed on failure
 * \return CSIM_OK; CSIM_EINVAL (n_base or n_dims 0, n_dims above
 *         CSIM_DESIGN_SALTELLI_MAX_DIMS, too many rows); CSIM_ENOMEM.
 */
csim_status csim_design_saltelli(csim_design *d, size_t n_base, size_t n_dims);

/**
 * Which block of a Saltelli design row `p` belongs to: `*base` = p / (d + 2) and
 * `*block` = p % (d + 2), 0 for A, 1..d for AB^block (column block-1 from B), d+1 for B.
 * Cannot fail.
 */
void csim_design_saltelli_row(size_t n_dims, size_t p, size_t *base, size_t *block);

/**
 * Morris design of `n_traj` trajectories in `n_dims` dimensions on `levels` levels: n_traj
 * * (n_dims + 1) rows as described in the file comment.
 * \param d  uninitialised; filled on success, left destroyed on failure
 * \return CSIM_OK; CSIM_EINVAL (n_traj or n_dims 0; levels odd, below 2 or above
 *         CSIM_DESIGN_MORRIS_MAX_LEVELS; too many rows); CSIM_ENOMEM. Same arguments,
 *         same design.
 */
csim_status csim_design_morris(csim_design *d, size_t n_traj, size_t n_dims, size_t levels,
                               uint64_t seed);

/** Step Delta of a Morris design on `levels` levels: levels / (2 (levels - 1)). */
double csim_design_morris_delta(size_t levels);

/** Name of a kind as written in sweep files ("grid", "latin-hypercube", ...). */
const char *csim_design_kind_name(csim_design_kind kind);

/**
 * Kind named `name` (exact spelling of csim_design_kind_name; "lhs" is accepted for the
 * Latin hypercube). \return CSIM_OK or CSIM_EINVAL (unknown name; no message recorded).
 */
csim_status csim_design_kind_parse(const char *name, csim_design_kind *kind);

/** Free the matrix; safe on a zeroed or destroyed design, idempotent. */
void csim_design_destroy(csim_design *d);

#endif /* CSIM_SCENARIOS_DESIGN_H */
