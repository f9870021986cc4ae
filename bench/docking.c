/*
 * The docking kernel. See docking.h for the model and why its
 * results do not depend on the thread count.
 */
#define _DEFAULT_SOURCE /* madvise, MADV_HUGEPAGE */
#include "bench/docking.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <igraph.h>

#include "sim/rng.h"

#define K CSIM_DOCKING_K
#define PREFETCH 8 /* agents ahead whose neighbours' rows are prefetched */

static size_t n_blocks(size_t n) {
    return (n + CSIM_DOCKING_BLOCK - 1) / CSIM_DOCKING_BLOCK;
}

void csim_docking_destroy(csim_docking *d) {
    free(d->offset);
    free(d->target);
    free(d->v);
    free(d->v_next);
    free(d->agent_mean);
    free(d->block_sum);
    memset(d, 0, sizeof *d);
}

/* A large array on 2 MiB boundaries, with transparent huge pages requested where the
 * kernel offers them: neighbours off the ring sit anywhere in memory, and with 4 KiB pages
 * nearly every such read also misses the TLB. */
static double *alloc_rows(size_t bytes) {
    const size_t huge = (size_t) 2 << 20;
    void *p = NULL;
    if (bytes >= huge) {
        const size_t rounded = (bytes + huge - 1) / huge * huge;
        if (posix_memalign(&p, huge, rounded) != 0) {
            return NULL;
        }
#ifdef MADV_HUGEPAGE
        (void) madvise(p, rounded, MADV_HUGEPAGE); /* a hint: failure is harmless */
#endif
        return p;
    }
    return malloc(bytes);
}

/* Everything but the network. */
static csim_status alloc_state(csim_docking *d, size_t n) {
    d->n = n;
    d->v = alloc_rows(n * K * sizeof *d->v);
    d->v_next = alloc_rows(n * K * sizeof *d->v_next);
    d->agent_mean = malloc(n * sizeof *d->agent_mean);
    d->block_sum = malloc(n_blocks(n) * sizeof *d->block_sum);
    if (!d->v || !d->v_next || !d->agent_mean || !d->block_sum) {
        return CSIM_FAIL(CSIM_ENOMEM, "docking state of %zu agents", n);
    }
    return CSIM_OK;
}

/* Sort each neighbour list (short: insertion sort), so the CSR is a pure function of
 * the edge set. */
static void sort_lists(csim_docking *d) {
    for (size_t i = 0; i < d->n; ++i) {
        for (size_t s = d->offset[i] + 1; s < d->offset[i + 1]; ++s) {
            const uint32_t key = d->target[s];
            size_t m = s;
            while (m > d->offset[i] && d->target[m - 1] > key) {
                d->target[m] = d->target[m - 1];
                --m;
            }
            d->target[m] = key;
        }
    }
}

csim_status csim_docking_init(csim_docking *d, size_t n, const size_t *offset,
                              const uint32_t *target) {
    csim_status st = CSIM_OK;
    memset(d, 0, sizeof *d);
    if (n == 0 || n > UINT32_MAX) {
        return CSIM_FAIL(CSIM_EINVAL, "docking needs 1 to 2^32 - 1 agents (got %zu)", n);
    }
    if (offset[0] != 0) {
        return CSIM_FAIL(CSIM_EINVAL, "CSR offsets must start at 0 (got %zu)", offset[0]);
    }
    for (size_t i = 0; i < n; ++i) {
        if (offset[i + 1] < offset[i]) {
            return CSIM_FAIL(CSIM_EINVAL, "CSR offsets decrease at agent %zu", i);
        }
        for (size_t s = offset[i]; s < offset[i + 1]; ++s) {
            if (target[s] >= n || target[s] == i) {
                return CSIM_FAIL(CSIM_EINVAL, "neighbour %u of agent %zu is out of range or a loop",
                                 target[s], i);
            }
        }
    }
    CSIM_TRY(alloc_state(d, n));
    d->offset = malloc((n + 1) * sizeof *d->offset);
    d->target = malloc((offset[n] + 1) * sizeof *d->target);
    if (!d->offset || !d->target) {
        st = CSIM_FAIL(CSIM_ENOMEM, "docking network of %zu agents", n);
        goto cleanup;
    }
    memcpy(d->offset, offset, (n + 1) * sizeof *offset);
    memcpy(d->target, target, offset[n] * sizeof *target);
    sort_lists(d);
    return CSIM_OK;
cleanup:
    csim_docking_destroy(d);
    return st;
}

csim_status csim_docking_init_ring(csim_docking *d, size_t n, size_t nei, double p,
                                   uint64_t seed) {
    csim_status st = CSIM_OK;
    igraph_t graph;
    int have_graph = 0;
    igraph_vector_int_t edges;
    int have_edges = 0;
    memset(d, 0, sizeof *d);
    if (nei == 0 || n < 2 * nei + 2 || n > UINT32_MAX) {
        return CSIM_FAIL(CSIM_EINVAL, "a ring of %zu agents with %zu neighbours per side", n, nei);
    }
    if (!(p >= 0.0 && p <= 1.0)) {
        return CSIM_FAIL(CSIM_EINVAL, "rewiring probability %g outside [0, 1]", p);
    }
    /* igraph's generators draw from its default generator: seed it first (docs/CONVENTIONS.md rule 19). */
    igraph_rng_seed(igraph_rng_default(), (igraph_uint_t) seed);
    if (igraph_watts_strogatz_game(&graph, 1, (igraph_integer_t) n, (igraph_integer_t) nei, p,
                                   false, false) != IGRAPH_SUCCESS) {
        st = CSIM_FAIL(CSIM_EGRAPH, "igraph_watts_strogatz_game (n=%zu, nei=%zu, p=%g)", n, nei, p);
        goto cleanup;
    }
    have_graph = 1;
    if (igraph_vector_int_init(&edges, 0) != IGRAPH_SUCCESS) {
        st = CSIM_FAIL(CSIM_ENOMEM, "edge list of the docking ring");
        goto cleanup;
    }
    have_edges = 1;
    if (igraph_get_edgelist(&graph, &edges, false) != IGRAPH_SUCCESS) {
        st = CSIM_FAIL(CSIM_EGRAPH, "edge list of the docking ring (n=%zu)", n);
        goto cleanup;
    }
    CSIM_TRY(alloc_state(d, n));
    const size_t n_edges = (size_t) igraph_vector_int_size(&edges) / 2;
    d->offset = calloc(n + 1, sizeof *d->offset);
    d->target = malloc((2 * n_edges + 1) * sizeof *d->target);
    if (!d->offset || !d->target) {
        st = CSIM_FAIL(CSIM_ENOMEM, "docking network of %zu edges", n_edges);
        goto cleanup;
    }
    for (size_t e = 0; e < n_edges; ++e) {
        d->offset[(size_t) VECTOR(edges)[2 * e] + 1]++;
        d->offset[(size_t) VECTOR(edges)[2 * e + 1] + 1]++;
    }
    for (size_t i = 0; i < n; ++i) {
        d->offset[i + 1] += d->offset[i];
    }
    for (size_t e = 0; e < n_edges; ++e) {
        const size_t u = (size_t) VECTOR(edges)[2 * e], v = (size_t) VECTOR(edges)[2 * e + 1];
        d->target[d->offset[u]++] = (uint32_t) v;
        d->target[d->offset[v]++] = (uint32_t) u;
    }
    for (size_t i = n; i > 0; --i) {
        d->offset[i] = d->offset[i - 1];
    }
    d->offset[0] = 0;
    sort_lists(d);
cleanup:
    if (have_edges) {
        igraph_vector_int_destroy(&edges);
    }
    if (have_graph) {
        igraph_destroy(&graph);
    }
    if (st != CSIM_OK) {
        csim_docking_destroy(d);
    }
    return st;
}

void csim_docking_reset(csim_docking *d, uint64_t seed) {
    double *v = d->v;
    const long n = (long) d->n;
#pragma omp parallel for schedule(static) default(none) shared(v, n, seed)
    for (long i = 0; i < n; ++i) {
        for (uint32_t k = 0; k < K; ++k) {
            v[(size_t) i * K + k] =
                csim_rng_uniform_at(seed, CSIM_DOCKING_PURPOSE, 0, (uint32_t) i, k);
        }
    }
}

static double sum_blocks(const csim_docking *d) {
    const size_t nb = n_blocks(d->n);
    double total = 0.0;
    for (size_t b = 0; b < nb; ++b) {
        total += d->block_sum[b];
    }
    return total;
}

/* Where the block that starts at agent `lo` ends (exclusive): the last block is short. */
static size_t block_end(size_t lo, size_t n) {
    return lo + CSIM_DOCKING_BLOCK < n ? lo + CSIM_DOCKING_BLOCK : n;
}

/* Sum of the squared deviations from `mean` of the agent means m[lo .. hi-1], in order. */
static double squared_deviations(const double *m, size_t lo, size_t hi, double mean) {
    double s = 0.0;
    for (size_t i = lo; i < hi; ++i) {
        s += (m[i] - mean) * (m[i] - mean);
    }
    return s;
}

/* Variance of the agent means around `mean`: block sums in agent order, then blocks in
 * order (the same additions for any thread count). */
static double variance_of_means(csim_docking *d, double mean) {
    const size_t n = d->n;
    const long nb = (long) n_blocks(n);
    const double *m = d->agent_mean;
    double *block_sum = d->block_sum;
#pragma omp parallel for schedule(static) default(none) shared(n, nb, m, block_sum, mean)
    for (long b = 0; b < nb; ++b) {
        const size_t lo = (size_t) b * CSIM_DOCKING_BLOCK;
        block_sum[b] = squared_deviations(m, lo, block_end(lo, n), mean);
    }
    return sum_blocks(d) / (double) n;
}

/* The means m[lo .. hi-1] of the agents' rows of `v`; returns their sum, in order. */
static double agent_means(const double *v, size_t lo, size_t hi, double *m) {
    double s = 0.0;
    for (size_t i = lo; i < hi; ++i) {
        double a = 0.0;
        for (size_t k = 0; k < K; ++k) {
            a += v[i * K + k];
        }
        m[i] = a / K;
        s += m[i];
    }
    return s;
}

csim_docking_stats csim_docking_measure(csim_docking *d) {
    const size_t n = d->n;
    const long nb = (long) n_blocks(n);
    const double *v = d->v;
    double *m = d->agent_mean, *block_sum = d->block_sum;
#pragma omp parallel for schedule(static) default(none) shared(n, nb, v, m, block_sum)
    for (long b = 0; b < nb; ++b) {
        const size_t lo = (size_t) b * CSIM_DOCKING_BLOCK;
        block_sum[b] = agent_means(v, lo, block_end(lo, n), m);
    }
    csim_docking_stats stats;
    stats.mean = sum_blocks(d) / (double) n;
    stats.var_means = variance_of_means(d, stats.mean);
    return stats;
}

/* One agent's synchronous update: reads row i and its neighbours' rows of `cur`, writes
 * row i of `next`, returns the new mean. Compiled twice, for AVX2 and for the baseline
 * ISA, and picked at load time: the operations are element-wise IEEE adds, multiplies,
 * compares and max/min in the same order (no FMA contraction in ISO C mode), so both
 * versions give the same bits. */
__attribute__((target_clones("avx2", "default")))
static double agent_step(const double *cur, const uint32_t *nbr, size_t deg, size_t i,
                         double alpha, double *next) {
    const double *vi = cur + i * K;
    double acc[K] = {0};
    for (size_t e = 0; e < deg; ++e) {
        const double *vj = cur + (size_t) nbr[e] * K;
        double gain[K];
        /* j is ahead somewhere iff max_k (v_jk - v_ik) > 0, i iff the min < 0. Fields
         * are independent and max/min are exact: vector code gives the scalar bits. */
        double ahead = 0.0, behind = 0.0;
#pragma omp simd reduction(max : ahead) reduction(min : behind)
        for (size_t k = 0; k < K; ++k) {
            const double diff = vj[k] - vi[k];
            gain[k] = diff > 0.0 ? diff : 0.0;
            ahead = diff > ahead ? diff : ahead;
            behind = diff < behind ? diff : behind;
        }
        /* Double coincidence (both have something to trade): a 0/1 factor instead of a
         * branch; adding 0 * gain (finite) leaves acc unchanged. */
        const double take = ahead > 0.0 && behind < 0.0 ? 1.0 : 0.0;
#pragma omp simd
        for (size_t k = 0; k < K; ++k) {
            acc[k] += take * gain[k];
        }
    }
    const double rate = deg > 0 ? alpha / (double) deg : 0.0;
    double *vn = next + i * K;
    double a = 0.0;
    for (size_t k = 0; k < K; ++k) {
        vn[k] = vi[k] + rate * acc[k];
        a += vn[k];
    }
    return a / K;
}

void csim_docking_step(csim_docking *d, double alpha, csim_docking_stats *stats) {
    const size_t n = d->n;
    const long nb = (long) n_blocks(n);
    const size_t *offset = d->offset;
    const uint32_t *target = d->target;
    const double *cur = d->v;
    double *next = d->v_next, *m = d->agent_mean, *block_sum = d->block_sum;
#pragma omp parallel for schedule(static) default(none) \
    shared(n, nb, offset, target, cur, next, m, block_sum, alpha)
    for (long b = 0; b < nb; ++b) {
        const size_t lo = (size_t) b * CSIM_DOCKING_BLOCK;
        const size_t hi = block_end(lo, n);
        double s = 0.0;
        for (size_t i = lo; i < hi; ++i) {
            /* Rewired neighbours lie anywhere: fetch the rows of agent i + PREFETCH's
             * neighbours while agent i computes (a hint; no effect on results). */
            if (i + PREFETCH < n) {
                for (size_t e = offset[i + PREFETCH]; e < offset[i + PREFETCH + 1]; ++e) {
                    const double *row = cur + (size_t) target[e] * K;
                    __builtin_prefetch(row, 0, 1);
                    __builtin_prefetch(row + 8, 0, 1);
                }
            }
            m[i] = agent_step(cur, target + offset[i], offset[i + 1] - offset[i], i, alpha, next);
            s += m[i];
        }
        block_sum[b] = s;
    }
    d->v = next;
    d->v_next = (double *) cur;
    if (stats) {
        stats->mean = sum_blocks(d) / (double) n;
        stats->var_means = variance_of_means(d, stats->mean);
    }
}
