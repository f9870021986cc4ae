/*
 * Stable parallel counting sort of actors by body (see roster_internal.h).
 */
#include "model/roster_internal.h"

#include <stdlib.h>
#include <string.h>

#include <omp.h>

#include "sim/grow.h"

static int listed(size_t i, const int32_t *key, size_t n_keys, const uint8_t *alive,
                  const uint8_t *keep) {
    return key[i] >= 0 && (size_t) key[i] < n_keys && (!alive || alive[i]) && (!keep || keep[i]);
}

csim_status csim_roster__build(csim_roster *r, size_t n, const int32_t *key, size_t n_keys,
                               const uint8_t *alive, const uint8_t *keep) {
    const size_t threads = (size_t) omp_get_max_threads();
    r->n_keys = 0;
    if (csim_grow(&r->start, &r->keys_cap, n_keys + 1, sizeof *r->start) != CSIM_OK) {
        return CSIM_FAIL(CSIM_ENOMEM, "roster of %zu bodies", n_keys);
    }
    if (csim_grow(&r->list, &r->list_cap, n + 1, sizeof *r->list) != CSIM_OK) {
        return CSIM_FAIL(CSIM_ENOMEM, "roster of %zu actors", n);
    }
    if (csim_grow(&r->counts, &r->counts_cap, threads * n_keys + 1, sizeof *r->counts) !=
        CSIM_OK) {
        return CSIM_FAIL(CSIM_ENOMEM, "roster counters (%zu bodies)", n_keys);
    }
    size_t *start = r->start, *list = r->list, *counts = r->counts;
    memset(counts, 0, threads * n_keys * sizeof *counts);
#pragma omp parallel default(none) shared(n, key, n_keys, alive, keep, start, list, counts)
    {
        /* Contiguous blocks in thread order: block t holds lower indices than block t + 1. */
        const size_t t = (size_t) omp_get_thread_num(), nt = (size_t) omp_get_num_threads();
        const size_t lo = n * t / nt, hi = n * (t + 1) / nt;
        size_t *mine = counts + t * n_keys;
        for (size_t i = lo; i < hi; ++i) {
            if (listed(i, key, n_keys, alive, keep)) {
                mine[key[i]]++;
            }
        }
#pragma omp barrier
#pragma omp single
        {
            /* Offsets: body by body, block by block (exclusive prefix sums). */
            size_t total = 0;
            for (size_t k = 0; k < n_keys; ++k) {
                start[k] = total;
                for (size_t b = 0; b < nt; ++b) {
                    const size_t c = counts[b * n_keys + k];
                    counts[b * n_keys + k] = total;
                    total += c;
                }
            }
            start[n_keys] = total;
        }
        for (size_t i = lo; i < hi; ++i) {
            if (listed(i, key, n_keys, alive, keep)) {
                list[mine[key[i]]++] = i;
            }
        }
    }
    r->n_keys = n_keys;
    return CSIM_OK;
}

void csim_roster__destroy(csim_roster *r) {
    free(r->start);
    free(r->list);
    free(r->counts);
    memset(r, 0, sizeof *r);
}
