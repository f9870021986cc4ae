/* Refusing runs that cannot fit in memory, before they allocate (model/memory_estimate.h). */
/* getrlimit() and sysconf()'s page counts are POSIX/glibc, not C11; before every include. */
#define _DEFAULT_SOURCE

#include "model/memory_estimate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "model/categories.h"
#include "sim/series.h"

/* Libraries, thread stacks, the HDF5 writer's chunk cache and the observables: measured
 * runs of a few firms peak at about 9-15 MiB RSS (bench/README.md); 64 MiB is generous. */
#define FIXED_BYTES (64.0 * 1024.0 * 1024.0)

/* Bytes of one collaboration tie (both directions in the adjacency, its trust, weight,
 * birth and origin), for ties.initial_local_ties above the baseline's 0.5 per actor that
 * the measured 1,040 bytes include. */
#define BYTES_PER_TIE 64.0
#define BASELINE_TIES_PER_ACTOR 0.5

csim_memory_estimate csim_memory_estimate_run(const csim_params *p) {
    const double scale = p->run_scale;
    const double firms0 = scale * (double) p->population_initial_firms;
    const double actors0 = firms0 + scale * (double) p->population_institutions;
    const double large_share = p->population_size_class_share.v[CSIM_SIZE_300_999] +
                               p->population_size_class_share.v[CSIM_SIZE_1000_PLUS];
    const double hubs = firms0 * large_share * p->population_hub_share_of_large;

    /* Entrants month by month, as model/entry.c draws them (mean scale * rate / 12). */
    double entrants = 0.0;
    for (long m = 0; m < p->run_steps; ++m) {
        const double year = (double) p->run_start_year + (double) m / 12.0;
        entrants += csim_series_at(&p->entry_rate, year, 0.0) * scale / 12.0;
    }
    const double spinoffs = (double) p->run_steps * p->entry_spinoff_rate / 12.0 * hubs;

    csim_memory_estimate e;
    e.actors = actors0 + entrants + spinoffs;
    const double extra_ties = p->ties_initial_local_ties > BASELINE_TIES_PER_ACTOR
                                  ? p->ties_initial_local_ties - BASELINE_TIES_PER_ACTOR
                                  : 0.0;
    e.bytes = FIXED_BYTES + e.actors * (CSIM_MEMORY_BYTES_PER_ACTOR +
                                        CSIM_MEMORY_SNAPSHOT_BYTES_PER_ACTOR +
                                        BYTES_PER_TIE * extra_ties);
    return e;
}

/* A "Key:   12345 kB" line of /proc/meminfo, in bytes; negative when absent. */
static double meminfo_bytes(const char *key) {
    FILE *f = fopen("/proc/meminfo", "r");
    char line[256];
    double bytes = -1.0;
    const size_t key_len = strlen(key);

    if (!f) {
        return -1.0;
    }
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, key, key_len) == 0 && line[key_len] == ':') {
            char *end = NULL;
            const double kb = strtod(line + key_len + 1, &end);
            if (end != line + key_len + 1 && kb >= 0.0) {
                bytes = kb * 1024.0;
            }
            break;
        }
    }
    fclose(f);
    return bytes;
}

/* A cgroup v2 file holding one number ("max" means no limit); negative when absent. */
static double cgroup_number(const char *path) {
    FILE *f = fopen(path, "r");
    char text[64] = "";
    double value = -1.0;

    if (!f) {
        return -1.0;
    }
    if (fgets(text, sizeof text, f) && strncmp(text, "max", 3) != 0) {
        char *end = NULL;
        const double v = strtod(text, &end);
        if (end != text && v >= 0.0) {
            value = v;
        }
    }
    fclose(f);
    return value;
}

/* Keep the smaller of the limit found so far and `bytes` (negative: not known). */
static void take_min(double *avail, const char **source, double bytes, const char *name) {
    if (bytes >= 0.0 && (*avail < 0.0 || bytes < *avail)) {
        *avail = bytes;
        *source = name;
    }
}

double csim_memory_available(const char **source) {
    double avail = -1.0;
    const char *from = "unknown";

    double mem = meminfo_bytes("MemAvailable");
    if (mem < 0.0) {
        const long pages = sysconf(_SC_AVPHYS_PAGES);
        const long page = sysconf(_SC_PAGESIZE);
        mem = pages > 0 && page > 0 ? (double) pages * (double) page : -1.0;
    }
    take_min(&avail, &from, mem, "available memory (MemAvailable)");

    /* An address-space limit (ulimit -v) counts mappings, not pages touched: what is
     * mapped already (libraries, thread stacks) is not available either, but a few
     * dozen MiB of slack is within the estimate's own margin. */
    struct rlimit rl;
    if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
        take_min(&avail, &from, (double) rl.rlim_cur, "the address-space limit (ulimit -v)");
    }
    if (getrlimit(RLIMIT_DATA, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
        take_min(&avail, &from, (double) rl.rlim_cur, "the data-segment limit (ulimit -d)");
    }
    /* Containers and batch systems limit memory with a cgroup; MemAvailable does not
     * see it. (cgroup v2 at its usual mount; v1 is not consulted.) */
    const double max = cgroup_number("/sys/fs/cgroup/memory.max");
    if (max >= 0.0) {
        const double current = cgroup_number("/sys/fs/cgroup/memory.current");
        take_min(&avail, &from, current >= 0.0 && current < max ? max - current : 0.0,
                 "the cgroup memory limit (memory.max)");
    }
    if (source) {
        *source = from;
    }
    return avail;
}

csim_status csim_memory_check(const csim_params *params, bool allow_large) {
    const csim_memory_estimate e = csim_memory_estimate_run(params);
    const double gib = 1024.0 * 1024.0 * 1024.0;

    if (!(e.actors <= CSIM_MEMORY_MAX_ACTORS)) {
        return csim_fail_plain(CSIM_EINVAL,
                               "the run would create up to %.3g actors (run.scale %g x "
                               "population.initial_firms %ld, plus entrants), more than the "
                               "model can index (%.3g); lower run.scale, "
                               "population.initial_firms or entry.rate",
                               e.actors, params->run_scale, params->population_initial_firms,
                               CSIM_MEMORY_MAX_ACTORS);
    }
    const char *env = getenv("CSIM_ALLOW_LARGE");
    if (allow_large || (env && strcmp(env, "1") == 0)) {
        return CSIM_OK;
    }
    const char *source = NULL;
    const double avail = csim_memory_available(&source);
    if (avail >= 0.0 && e.bytes > avail) {
        return csim_fail_plain(CSIM_ENOMEM,
                               "the run needs about %.1f GiB (up to %.3g actors x %.0f bytes; "
                               "run.scale %g) but %s is %.1f GiB; lower run.scale, "
                               "population.initial_firms or entry.rate, or use --allow-large "
                               "(CSIM_ALLOW_LARGE=1 for ensembles and sweeps) to try anyway",
                               e.bytes / gib, e.actors, e.bytes / e.actors, params->run_scale,
                               source, avail / gib);
    }
    return CSIM_OK;
}
