/**
 * \internal
 * \file sim/h5_clock.h
 * The `step`/`time` pair of H5MD elements (sim/h5_series.h): owned by the element that
 * creates it, shared by others through HDF5 hard links, and reference-counted so that
 * the last element to close writes what is left and frees it. Internal to sim/.
 *
 * Every step and time ever appended stays in memory (16 bytes a row), so that an element
 * sharing the clock checks its step and time against memory, not against the file:
 * reading the shared datasets back on every append cost more than writing the
 * observables themselves.
 */
#ifndef CSIM_SIM_H5_CLOCK_H
#define CSIM_SIM_H5_CLOCK_H

#include <stddef.h>
#include <stdint.h>

#include "sim/error.h"
#include "sim/h5_file.h"

typedef struct csim_h5__clock csim_h5__clock;

/**
 * Create a clock of its own for the element at `path` (group `group`, just created: its
 * names are free): datasets `step` (int64) and `time` (double, attribute `unit`), both
 * [variable], chunked for `rows_hint` rows (0: unknown). `label` ("FILE:PATH") is copied
 * for messages. On failure *out may hold a partly made clock: release it.
 */
csim_status csim_h5__clock_create(csim_h5_file *f, int64_t group, const char *path,
                                  const char *label, const char *time_unit, size_t rows_hint,
                                  csim_h5__clock **out);

/**
 * Share `clock` (of the element labelled `clock_label`) with the element group `group`
 * (labelled `label`): hard links `step` and `time` to the very same datasets, so a reader
 * sees ordinary datasets in each element (H5MD). The clock must have no rows yet (value
 * row i must mean step row i). On success *out is `clock`, with one more reference.
 */
csim_status csim_h5__clock_share(csim_h5_file *f, int64_t group, const char *label,
                                 csim_h5__clock *clock, const char *clock_label,
                                 csim_h5__clock **out);

/** Row `row` is (step, time): record it if it is the next row, else check it (bitwise). */
csim_status csim_h5__clock_tick(csim_h5__clock *c, uint64_t row, int64_t step, double time,
                                const char *label);

/** Write the rows not yet in the file. */
csim_status csim_h5__clock_flush(csim_h5__clock *c);

/**
 * Drop one reference and set *cp to NULL; the last one writes what is left (when `file`
 * is not NULL; a failure is deferred to the file's commit) and frees the clock. Safe on
 * *cp == NULL.
 */
void csim_h5__clock_release(csim_h5__clock **cp, csim_h5_file *file);

#endif /* CSIM_SIM_H5_CLOCK_H */
