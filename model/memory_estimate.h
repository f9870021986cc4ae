/**
 * \file model/memory_estimate.h
 * Refusing a run that cannot fit, before anything is allocated.
 *
 * An absurd `run.scale` (or population, or entry rate) would otherwise allocate until the
 * kernel's OOM killer ends the process -- or, worse, the machine's other jobs -- with no
 * message. Every command that starts a run asks csim_memory_check() first: it bounds the
 * actors the run can create from its parameters, multiplies by the bytes one actor was
 * measured to need, and compares with the memory this process may still use.
 *
 * The bound (csim_memory_estimate):
 *   actors = scale * (initial_firms + institutions)                         at the start
 *          + sum over months m of scale * entry.rate(year of m) / 12         entrants
 *          + months * spinoff_rate / 12 * hubs                               spin-offs
 *   hubs   = initial firms x (300_999 + 1000_plus size shares) x hub_share_of_large
 * Exits are ignored, so this is the number of actors ever created: an upper bound of the
 * actors alive at any time (the model's arrays grow with the actors created).
 * Bytes per actor: bench/README.md measured a peak RSS of 993 MiB for the Gumi baseline at
 * scale 540 (1.0 x 10^6 firms alive at the end, 1.6 x 10^6 actors created) with output on:
 * 1,040 bytes per firm alive, 650 per actor created. The estimate uses 1,040 bytes per
 * actor created (the actor arrays declared in model/firms.h plus the measured rest) (a margin of 1.6 for other scenarios' tie densities), plus 64 bytes per
 * initial local tie per actor above the baseline's 0.5, plus a fixed 64 MiB for the
 * libraries and the HDF5 writer, plus CSIM_MEMORY_SNAPSHOT_BYTES_PER_ACTOR for the copy of
 * a snapshot that the trajectory writer hands to its thread (model/traj_frame.h: 226
 * bytes of columns per actor created and 29 per collaboration tie). The same run with
 * that copy (3 Dec 2026) peaked at 1,144 MiB; the estimate for it is 2,134 MiB.
 *
 * Memory available (csim_memory_available): the least of MemAvailable in /proc/meminfo
 * (else free physical pages from sysconf), the soft RLIMIT_AS and RLIMIT_DATA, and the
 * cgroup v2 limit (memory.max - memory.current) when this process runs in one.
 *
 * Thread-safety: reentrant (reads /proc and /sys; no shared state).
 */
#ifndef CSIM_MODEL_MEMORY_ESTIMATE_H
#define CSIM_MODEL_MEMORY_ESTIMATE_H

#include <stdbool.h>

#include "model/firms.h"
#include "model/params.h"
#include "sim/error.h"

/** Bytes per actor created besides the actor's own arrays: the collaboration ties and
 *  their adjacency, the indexes, rosters and phase workspaces and the arrays' growth
 *  slack. The measured 1,040 bytes per actor created (see the file comment) less the 323
 *  bytes the actor arrays take at this writing (CSIM_ACTOR_VARS, 6 Dec 2026). */
#define CSIM_MEMORY_OTHER_BYTES_PER_ACTOR (1040.0 - 323.0)

/** Bytes per actor created: its arrays, as declared in CSIM_ACTOR_VARS (model/firms.h),
 *  and the rest. A new actor variable raises the estimate by its bytes. */
#define CSIM_MEMORY_BYTES_PER_ACTOR                                                         \
    ((double) CSIM_FIRMS_BYTES_PER_ACTOR + CSIM_MEMORY_OTHER_BYTES_PER_ACTOR)

/** Bytes per actor created of the trajectory writer's snapshot copy (see the file
 *  comment): 226 of columns and some 29 x 1 tie, rounded up. */
#define CSIM_MEMORY_SNAPSHOT_BYTES_PER_ACTOR 256.0

/** Most actors a run may create: firm indices are int32 in the model (model/firms.h),
 *  and entrants are Poisson draws that may exceed their mean, hence half the range. */
#define CSIM_MEMORY_MAX_ACTORS (1073741823.0)

/** What a run is expected to need. */
typedef struct csim_memory_estimate {
    double actors;      /**< upper bound of the actors the run creates          */
    double bytes;       /**< estimated peak memory in bytes                      */
} csim_memory_estimate;

/** The estimate for `params` (see the file comment). Cannot fail; O(steps of the run). */
csim_memory_estimate csim_memory_estimate_run(const csim_params *params);

/**
 * Bytes this process may still allocate (see the file comment), and which limit set it
 * (`source`: "MemAvailable", "RLIMIT_AS", ...; a static string). Returns a negative
 * number when nothing can be read (then no check is made).
 */
double csim_memory_available(const char **source);

/**
 * Whether a run with `params` may start.
 * \param allow_large  skip the memory comparison (the user's --allow-large); the
 *                     environment variable CSIM_ALLOW_LARGE=1 does the same, for the
 *                     workers of `ensemble` and `sweep`. The actor limit always applies.
 * \return CSIM_OK;
 *         CSIM_EINVAL: the run would create more than CSIM_MEMORY_MAX_ACTORS actors (the
 *         model cannot index them; a bad scenario);
 *         CSIM_ENOMEM: the estimate exceeds the memory available. Both messages give the
 *         estimate, what it came from and what to change.
 */
csim_status csim_memory_check(const csim_params *params, bool allow_large);

#endif /* CSIM_MODEL_MEMORY_ESTIMATE_H */
