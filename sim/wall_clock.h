/**
 * \file sim/wall_clock.h
 * The calendar time of day, for provenance: when a file was opened and committed, when an
 * ensemble started and finished, the lines of its log. (Model time is the month count of
 * model/sim.h; elapsed seconds come from omp_get_wtime().)
 */
#ifndef CSIM_SIM_WALL_CLOCK_H
#define CSIM_SIM_WALL_CLOCK_H

#include <stddef.h>

/** Length of an ISO 8601 UTC time "2026-12-02T07:51:21Z", with its NUL. */
#define CSIM_WALL_CLOCK_ISO_SIZE 21

/**
 * Write the current time in UTC as ISO 8601 to the second ("2026-12-02T07:51:21Z") into
 * `buf` of `size` bytes (CSIM_WALL_CLOCK_ISO_SIZE or more; a shorter buffer gets ""). Cannot
 * fail; thread-safe (gmtime_r).
 */
void csim_wall_clock_iso(char *buf, size_t size);

#endif /* CSIM_SIM_WALL_CLOCK_H */
