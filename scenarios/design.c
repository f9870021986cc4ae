/* Experimental designs in the unit cube (scenarios/design.h). */
#include "scenarios/design.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_qrng.h>
#include <gsl/gsl_rng.h>

#include "sim/rng.h"

/* Purpose of the Latin hypercube's Philox streams ("LHS\0"). The key is the sweep's seed,
 * not a model run's, and the purpose lies far above the model's own purposes
 * (model/streams.h), so the design never shares a stream with a simulation. */
#define LHS_PURPOSE 0x4C485300u

/* Purpose of the Morris design's streams ("MRS\0"), apart from the model's and the LHS's. */
#define MORRIS_PURPOSE 0x4D525300u

static const char *const kind_names[CSIM_DESIGN_KIND_COUNT] = {"grid", "latin-hypercube", "sobol",
                                                               "saltelli", "morris"};

const char *csim_design_kind_name(csim_design_kind kind) {
    return (unsigned) kind < CSIM_DESIGN_KIND_COUNT ? kind_names[kind] : "unknown";
}

csim_status csim_design_kind_parse(const char *name, csim_design_kind *kind) {
    if (!name) {
        return CSIM_EINVAL;
    }
    for (unsigned k = 0; k < CSIM_DESIGN_KIND_COUNT; ++k) {
        if (strcmp(name, kind_names[k]) == 0) {
            *kind = (csim_design_kind) k;
            return CSIM_OK;
        }
    }
    if (strcmp(name, "lhs") == 0) {
        *kind = CSIM_DESIGN_LATIN_HYPERCUBE;
        return CSIM_OK;
    }
    return CSIM_EINVAL;
}

void csim_design_destroy(csim_design *d) {
    free(d->u);
    memset(d, 0, sizeof *d);
}

/* Allocate the matrix after checking its size; d is zeroed first. */
static csim_status alloc_matrix(csim_design *d, csim_design_kind kind, size_t n_points,
                                size_t n_dims) {
    memset(d, 0, sizeof *d);
    if (n_points == 0 || n_dims == 0) {
        return CSIM_FAIL(CSIM_EINVAL,
                         "%s design of %zu points in %zu dimensions: both must be "
                         "positive",
                         csim_design_kind_name(kind), n_points, n_dims);
    }
    if (n_points > CSIM_DESIGN_MAX_POINTS) {
        return CSIM_FAIL(CSIM_EINVAL, "%s design of %zu points: at most %zu are allowed",
                         csim_design_kind_name(kind), n_points, CSIM_DESIGN_MAX_POINTS);
    }
    d->u = malloc(n_points * n_dims * sizeof *d->u);
    if (!d->u) {
        return CSIM_FAIL(CSIM_ENOMEM, "%s design of %zu x %zu", csim_design_kind_name(kind),
                         n_points, n_dims);
    }
    d->kind = kind;
    d->n_points = n_points;
    d->n_dims = n_dims;
    return CSIM_OK;
}

csim_status csim_design_grid(csim_design *d, const size_t *levels, size_t n_dims) {
    size_t n_points = 1;

    memset(d, 0, sizeof *d);
    if (!levels || n_dims == 0) {
        return CSIM_FAIL(CSIM_EINVAL, "grid design needs at least one column");
    }
    for (size_t j = 0; j < n_dims; ++j) {
        if (levels[j] == 0) {
            return CSIM_FAIL(CSIM_EINVAL, "grid design: column %zu has no levels", j);
        }
        /* Checked before multiplying, so that the product cannot overflow. */
        if (levels[j] > CSIM_DESIGN_MAX_POINTS / n_points) {
            return CSIM_FAIL(CSIM_EINVAL,
                             "grid design: more than %zu points (column %zu "
                             "multiplies %zu combinations by %zu)",
                             CSIM_DESIGN_MAX_POINTS, j, n_points, levels[j]);
        }
        n_points *= levels[j];
    }
    const csim_status st = alloc_matrix(d, CSIM_DESIGN_GRID, n_points, n_dims);
    if (st != CSIM_OK) {
        return st;
    }
    for (size_t p = 0; p < n_points; ++p) {
        /* Mixed-radix digits of p, last column least significant. */
        size_t rest = p;
        for (size_t jj = n_dims; jj-- > 0;) {
            const size_t k = rest % levels[jj];
            rest /= levels[jj];
            d->u[p * n_dims + jj] = levels[jj] > 1 ? (double) k / (double) (levels[jj] - 1) : 0.0;
        }
    }
    return CSIM_OK;
}

csim_status csim_design_latin_hypercube(csim_design *d, size_t n_points, size_t n_dims,
                                        uint64_t seed) {
    csim_status st = CSIM_OK;
    size_t *perm = NULL;

    CSIM_TRY(alloc_matrix(d, CSIM_DESIGN_LATIN_HYPERCUBE, n_points, n_dims));
    if (n_points > UINT32_MAX || n_dims > UINT32_MAX) {
        st = CSIM_FAIL(CSIM_EINVAL, "latin hypercube of %zu x %zu: too large", n_points, n_dims);
        goto cleanup;
    }
    perm = malloc(n_points * sizeof *perm);
    if (!perm) {
        st = CSIM_FAIL(CSIM_ENOMEM, "latin hypercube permutation of %zu", n_points);
        goto cleanup;
    }
    const double n = (double) n_points;
    for (size_t j = 0; j < n_dims; ++j) {
        /* Column j draws from its own stream, so adding a column leaves the others as they
         * were: a design with one more parameter keeps the old columns. */
        csim_rng_stream stream;
        gsl_rng *rng = csim_rng_stream_open(&stream, seed, LHS_PURPOSE, (uint32_t) j, 0);
        for (size_t p = 0; p < n_points; ++p) {
            perm[p] = p;
        }
        /* Fisher-Yates, drawing the index from 53-bit uniforms: gsl_rng_uniform_int would
         * be limited to the generator's 32-bit range. */
        for (size_t p = n_points; p-- > 1;) {
            size_t q = (size_t) (gsl_rng_uniform(rng) * (double) (p + 1));
            if (q > p) {
                q = p;
            }
            const size_t tmp = perm[p];
            perm[p] = perm[q];
            perm[q] = tmp;
        }
        for (size_t p = 0; p < n_points; ++p) {
            const size_t k = perm[p];
            double u = ((double) k + gsl_rng_uniform(rng)) / n;
            /* Rounding may push a point near the top of its stratum into the next one (or
             * to 1); step back so that floor(u * n) == k holds exactly, the property users
             * (and the list mapping of sweeps) rely on. */
            while (u > 0.0 && (u >= 1.0 || (size_t) floor(u * n) > k)) {
                u = nextafter(u, 0.0);
            }
            d->u[p * n_dims + j] = u;
        }
    }

cleanup:
    free(perm);
    if (st != CSIM_OK) {
        csim_design_destroy(d);
    }
    return st;
}

/* Fill rows of `u` (n_points x n_dims) from GSL's Sobol generator. */
static csim_status sobol_fill(double *u, size_t n_points, size_t n_dims) {
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned) n_dims);
    if (!q) {
        return CSIM_FAIL(CSIM_ENOMEM, "GSL Sobol generator in %zu dimensions", n_dims);
    }
    csim_status st = CSIM_OK;
    for (size_t p = 0; p < n_points; ++p) {
        if (gsl_qrng_get(q, u + p * n_dims) != 0) {
            /* GSL's Sobol generator has 30 bits: it fails after 2^30 - 1 points. */
            st = CSIM_FAIL(CSIM_ENUMERIC, "GSL Sobol sequence exhausted at point %zu", p);
            break;
        }
    }
    gsl_qrng_free(q);
    return st;
}

csim_status csim_design_sobol(csim_design *d, size_t n_points, size_t n_dims) {
    memset(d, 0, sizeof *d);
    if (n_dims > CSIM_DESIGN_SOBOL_MAX_DIMS) {
        return CSIM_FAIL(CSIM_EINVAL,
                         "Sobol design in %zu dimensions: GSL's sequence has at "
                         "most %d",
                         n_dims, CSIM_DESIGN_SOBOL_MAX_DIMS);
    }
    csim_status st = alloc_matrix(d, CSIM_DESIGN_SOBOL, n_points, n_dims);
    if (st == CSIM_OK) {
        st = sobol_fill(d->u, n_points, n_dims);
    }
    if (st != CSIM_OK) {
        csim_design_destroy(d);
    }
    return st;
}

void csim_design_saltelli_row(size_t n_dims, size_t p, size_t *base, size_t *block) {
    *base = p / (n_dims + 2);
    *block = p % (n_dims + 2);
}

csim_status csim_design_saltelli(csim_design *d, size_t n_base, size_t n_dims) {
    csim_status st = CSIM_OK;
    double *ab = NULL;

    memset(d, 0, sizeof *d);
    if (n_dims > CSIM_DESIGN_SALTELLI_MAX_DIMS) {
        return CSIM_FAIL(CSIM_EINVAL,
                         "Saltelli design in %zu dimensions: it draws from a "
                         "%zu-dimensional Sobol sequence, and GSL's has at most %d (so at most "
                         "%d parameters)",
                         n_dims, 2 * n_dims, CSIM_DESIGN_SOBOL_MAX_DIMS,
                         CSIM_DESIGN_SALTELLI_MAX_DIMS);
    }
    if (n_dims > 0 && n_base > CSIM_DESIGN_MAX_POINTS / (n_dims + 2)) {
        return CSIM_FAIL(CSIM_EINVAL,
                         "Saltelli design of %zu base points in %zu dimensions: "
                         "more than %zu rows",
                         n_base, n_dims, CSIM_DESIGN_MAX_POINTS);
    }
    CSIM_TRY(alloc_matrix(d, CSIM_DESIGN_SALTELLI, n_base * (n_dims + 2), n_dims));
    ab = malloc(n_base * 2 * n_dims * sizeof *ab);
    if (!ab) {
        st = CSIM_FAIL(CSIM_ENOMEM, "Saltelli base sample of %zu x %zu", n_base, 2 * n_dims);
        goto cleanup;
    }
    CSIM_TRY(sobol_fill(ab, n_base, 2 * n_dims));
    for (size_t j = 0; j < n_base; ++j) {
        const double *a = ab + j * 2 * n_dims;
        const double *b = a + n_dims;
        double *rows = d->u + j * (n_dims + 2) * n_dims;
        memcpy(rows, a, n_dims * sizeof *rows);
        for (size_t i = 0; i < n_dims; ++i) {
            double *row = rows + (i + 1) * n_dims;
            memcpy(row, a, n_dims * sizeof *row);
            row[i] = b[i];
        }
        memcpy(rows + (n_dims + 1) * n_dims, b, n_dims * sizeof *rows);
    }

cleanup:
    free(ab);
    if (st != CSIM_OK) {
        csim_design_destroy(d);
    }
    return st;
}

double csim_design_morris_delta(size_t levels) {
    return (double) levels / (2.0 * (double) (levels - 1));
}

/* An index in 0..n-1 from a 53-bit uniform (n is small here). */
static size_t draw_index(gsl_rng *rng, size_t n) {
    const size_t k = (size_t) (gsl_rng_uniform(rng) * (double) n);
    return k < n ? k : n - 1;
}

csim_status csim_design_morris(csim_design *d, size_t n_traj, size_t n_dims, size_t levels,
                               uint64_t seed) {
    csim_status st = CSIM_OK;
    size_t *order = NULL, *level = NULL;

    memset(d, 0, sizeof *d);
    if (levels < 2 || levels % 2 != 0 || levels > CSIM_DESIGN_MORRIS_MAX_LEVELS) {
        return CSIM_FAIL(CSIM_EINVAL, "Morris design on %zu levels: expected an even number "
                                      "from 2 to %d", levels, CSIM_DESIGN_MORRIS_MAX_LEVELS);
    }
    if (n_traj > UINT32_MAX || (n_dims > 0 && n_traj > CSIM_DESIGN_MAX_POINTS / (n_dims + 1))) {
        return CSIM_FAIL(CSIM_EINVAL, "Morris design of %zu trajectories in %zu dimensions: "
                                      "more than %zu rows", n_traj, n_dims, CSIM_DESIGN_MAX_POINTS);
    }
    CSIM_TRY(alloc_matrix(d, CSIM_DESIGN_MORRIS, n_traj * (n_dims + 1), n_dims));
    order = malloc(n_dims * sizeof *order);
    level = malloc(2 * n_dims * sizeof *level);
    if (!order || !level) {
        st = CSIM_FAIL(CSIM_ENOMEM, "Morris trajectory of %zu columns", n_dims);
        goto cleanup;
    }
    /* Levels are kept as integers k (u = k / (p - 1)) so that every step is exactly p/2
     * levels and every coordinate is an exact multiple of 1/(p - 1). */
    size_t *start = level, *end = level + n_dims;
    const size_t half = levels / 2;
    const double top = (double) (levels - 1);
    for (size_t t = 0; t < n_traj; ++t) {
        csim_rng_stream stream;
        gsl_rng *rng = csim_rng_stream_open(&stream, seed, MORRIS_PURPOSE, (uint32_t) t, 0);
        for (size_t j = 0; j < n_dims; ++j) {
            const size_t base = draw_index(rng, half);
            /* A column going down starts Delta (p/2 levels) above its base level. */
            if (gsl_rng_uniform(rng) < 0.5) {
                start[j] = base;
                end[j] = base + half;
            } else {
                start[j] = base + half;
                end[j] = base;
            }
            order[j] = j;
        }
        for (size_t j = n_dims; j-- > 1;) { /* Fisher-Yates: the order columns move in */
            const size_t q = draw_index(rng, j + 1);
            const size_t tmp = order[j];
            order[j] = order[q];
            order[q] = tmp;
        }
        double *row = d->u + t * (n_dims + 1) * n_dims;
        for (size_t j = 0; j < n_dims; ++j) {
            row[j] = (double) start[j] / top;
        }
        for (size_t step = 0; step < n_dims; ++step) {
            double *next = row + n_dims;
            memcpy(next, row, n_dims * sizeof *next);
            next[order[step]] = (double) end[order[step]] / top;
            row = next;
        }
    }

cleanup:
    free(order);
    free(level);
    if (st != CSIM_OK) {
        csim_design_destroy(d);
    }
    return st;
}
