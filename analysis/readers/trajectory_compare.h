/**
 * \file analysis/readers/trajectory_compare.h
 * Bitwise comparison of the data of two HDF5 files, group by group: what `clustersim
 * rerun` uses to prove that a re-run reproduced its original (/observables, /events,
 * /particles, /connectivity), the way `h5diff` would but without its tolerance options
 * and from inside the program.
 *
 * Two groups are identical when they hold the same link names, each naming the same kind
 * of object; sub-groups identical; datasets of the same class (integer, float, string) and
 * shape, with the same values bit for bit (numbers are compared as int64 or double after
 * HDF5's conversion to native, which is exact for the files this project writes; NaN equals
 * a NaN of the same bits). Attributes (units, name tables) are not compared: they describe
 * the data and come from the code, not from the run.
 *
 * Thread-safety: none (HDF5 reads; serial code only).
 */
#ifndef CSIM_ANALYSIS_TRAJECTORY_COMPARE_H
#define CSIM_ANALYSIS_TRAJECTORY_COMPARE_H

#include <stddef.h>
#include <stdint.h>

#include "sim/error.h"
#include "sim/format/format_read.h"

/** Outcome of one or more comparisons. Zero-initialise before the first. */
typedef struct csim_trajectory_compare {
    size_t datasets;    /**< datasets compared (a hard-linked one counts each time)     */
    uint64_t values;    /**< numbers and strings compared                               */
    char *difference;   /**< owned: the first difference found ("/observables/x/value:
                             row 12 differs"), or NULL while everything is identical    */
} csim_trajectory_compare;

/**
 * Compare group `group` of `a` with the same group of `b`, recursively, adding to `cmp`.
 * Stops at the first difference (and does nothing when `cmp` already holds one).
 *
 * \param cmp    zero-initialised, or holding earlier comparisons
 * \param a, b   open readers (borrowed)
 * \param group  borrowed; absolute group path, e.g. "/observables"
 * \return CSIM_OK whether or not the data differ (see cmp->difference);
 *         CSIM_EINVAL (`group` missing or not a group in `a`; a dataset of a kind this
 *         module does not compare: compound, or more than 3 axes);
 *         CSIM_ENOMEM; CSIM_EIO (a file cannot be read).
 * Memory: a block of about 8 MiB per file at a time. Time: O(size of the data).
 */
csim_status csim_trajectory_compare_group(csim_trajectory_compare *cmp, const csim_h5_reader *a,
                               const csim_h5_reader *b, const char *group);

/** Free what `cmp` owns and zero it; safe on zeroed (idempotent). */
void csim_trajectory_compare_destroy(csim_trajectory_compare *cmp);

#endif /* CSIM_ANALYSIS_TRAJECTORY_COMPARE_H */
