/**
 * \file analysis/calibration/health_detect.h
 * The detectors of `clustersim diagnose` (docs/VALIDATION.md, "Health check"), as pure
 * functions of numbers so that tests can feed them series with known answers.
 *
 * Dose-response: y[i * R + r] is the response at grid point x[i] in replicate r, the
 * replicates paired (replicate r uses the same random streams at every grid point). Step
 * i (between x[i] and x[i+1]) is summarised by the paired difference of the replicates,
 * mean D_i with its `level` t-interval half-width H_i, and its slope s_i = D_i / (x[i+1]
 * - x[i]) (so that uneven grids compare fairly).
 *  - Monotonicity: for "increasing" a step violates when its whole interval lies below
 *    zero (D_i + H_i < 0); for "decreasing" when it lies above (D_i - H_i > 0). Noise
 *    that the interval covers is not a violation.
 *  - Knife edge: step i is one when |s_i| is larger than `step_multiple` times the
 *    typical slope -- the median |s_j| over the OTHER steps j != i -- and |D_i| is larger
 *    than `interval_multiple` times H_i (a jump, not noise). With the step's own value
 *    left out of the typical, one jump among flat steps is found even on three points.
 *    The command then bisects each such step (csim_dose_refine) to tell a jump from a
 *    steep but continuous rise.
 * Steps with fewer than two finite pairs are undefined: skipped, and counted.
 *
 * Thread-safety: reentrant.
 */
#ifndef CSIM_ANALYSIS_HEALTH_DETECT_H
#define CSIM_ANALYSIS_HEALTH_DETECT_H

#include <stdbool.h>
#include <stddef.h>

#include "sim/error.h"

/** One step of a dose-response. */
typedef struct csim_dose_step {
    size_t n;       /**< finite pairs                                    */
    double diff;    /**< mean paired difference y[i+1] - y[i] (NaN: n 0) */
    double half;    /**< its interval half-width (NaN when n < 2)        */
    double slope;   /**< diff / (x[i+1] - x[i])                          */
    double typical; /**< median |slope| of the other defined steps       */
    bool violates;  /**< against the stated direction, beyond its interval */
    bool knife;     /**< a knife edge                                    */
} csim_dose_step;

/** Direction a dose-response must take (matches csim_health_direction). */
typedef enum { CSIM_DOSE_ANY, CSIM_DOSE_INCREASING, CSIM_DOSE_DECREASING } csim_dose_direction;

/** Verdict on one dose-response. */
typedef struct csim_dose_verdict {
    size_t n_steps;      /**< n_points - 1                                   */
    size_t undefined;    /**< steps with fewer than two finite pairs           */
    size_t violations;   /**< steps against the direction                      */
    size_t knives;       /**< knife-edge steps                                 */
    size_t worst_knife;  /**< the knife step with the largest |slope|/typical (valid when knives) */
    double worst_ratio;  /**< its |slope| / typical (Inf when typical is 0)    */
    size_t worst_violation; /**< the violating step with the largest |diff| (valid when violations) */
    bool pass;           /**< no violation, no knife, and at least one defined step */
} csim_dose_verdict;

/**
 * Analyse a dose-response of `n_points` grid points (x increasing) and `n_rep` paired
 * replicates. `steps` receives n_points - 1 entries (may be NULL).
 */
csim_dose_verdict csim_dose_analyse(const double *x, const double *y, size_t n_points,
                                    size_t n_rep, double level, csim_dose_direction dir,
                                    double step_multiple, double interval_multiple,
                                    csim_dose_step *steps);

/**
 * Step i of `v` is not a knife edge after all (csim_dose_refine found no jump in it):
 * unflag it and update the verdict (knife count, worst knife and pass) by the rules of
 * csim_dose_analyse. Nothing happens when step i is not flagged.
 */
void csim_dose_clear_knife(csim_dose_verdict *v, csim_dose_step *steps, size_t i);

/**
 * Evaluates a lever at grid value x: fills y[0 .. n_rep-1] with the response in each
 * paired replicate. Returns CSIM_OK or the error of the runs behind it.
 */
typedef csim_status (*csim_dose_eval)(double x, double *y, void *ctx);

/** What bisecting a steep step found. */
typedef struct csim_dose_refined {
    double lo, hi;     /**< the sub-step the bisection ended in                          */
    double share;      /**< its mean paired change over the whole step's (0 when flat)    */
    size_t evals;      /**< evaluations made (= depth)                                    */
    bool concentrated; /**< share > 1/2: the change sits in one narrow sub-step -- a jump */
} csim_dose_refined;

/**
 * Tells a jump from a steep but continuous rise (docs/VALIDATION.md, "Knife edge"). A
 * step [x0, x1] flagged by csim_dose_analyse is bisected `depth` times, each time keeping
 * the half with the larger |mean paired change| (evaluating its midpoint with `eval`).
 * A discontinuity keeps its whole jump inside every half it is followed into, so after
 * `depth` halvings the last sub-step (width 2^-depth of the step) still carries most of
 * the change; a smooth response, however steep, carries a share that shrinks with the
 * width (a straight line: 2^-depth). The step is `concentrated` -- a knife edge
 * confirmed -- when the last sub-step carries more than half of the whole step's mean
 * change. y0 and y1 are the replicates' responses at x0 and x1 (n_rep each).
 */
csim_status csim_dose_refine(double x0, const double *y0, double x1, const double *y1,
                             size_t n_rep, unsigned depth, csim_dose_eval eval, void *ctx,
                             csim_dose_refined *out);

/** A month series checked against an extreme condition. */
typedef struct csim_extreme_verdict {
    bool pass;
    long first_bad;     /**< ZERO: first month (index) not zero, or -1               */
    double max_value;   /**< ZERO: the largest value from `from`; FALLS: the largest
                             above the level after reaching it (0 when none)         */
    double level;       /**< FALLS: the level, share x v[from - 1]                   */
    long reached_at;    /**< FALLS: first month >= from at or below the level, or -1  */
    long rose_at;       /**< FALLS: first month after reached_at above the level, or
                             -1 (a resurrection)                                      */
} csim_extreme_verdict;

/** Every value of v[from .. months-1] must be zero. */
csim_extreme_verdict csim_extreme_zero(const double *v, long months, long from);

/**
 * v must fall to at most the level share x v[from - 1] (the month before the condition
 * starts; v[0] when from is 0) at some month in [from, from + within) and stay at or below
 * it through months - 1 (no resurrection). Emptying is share 0.
 */
csim_extreme_verdict csim_extreme_falls(const double *v, long months, long from, long within,
                                        double share);

/**
 * Whether a rate at another scale agrees with the reference: |other - ref| <= tol |ref|
 * (both zero agrees). `rel` gets (other - ref) / |ref| (NaN when ref is 0 or either NaN).
 * NaN on either side does not agree.
 */
bool csim_scale_agrees(double ref, double other, double tol, double *rel);

/** How sure a scale comparison is: the relative difference with its interval. */
typedef struct csim_scale_difference {
    double rel;        /**< (other - ref) / |ref|, NaN when ref is 0 or not finite        */
    double lo, hi;     /**< its interval at the level asked (two-sample t, over |ref|)     */
    bool settled;      /**< the interval lies wholly inside or wholly outside +-tol        */
    double replicates; /**< replicates per scale that would settle it (NaN when settled)  */
} csim_scale_difference;

/**
 * The difference of two means of n_ref and n_other replicates with standard deviations
 * sd_ref and sd_other, relative to |ref|: its `level` interval (Welch's standard error,
 * t with n_ref + n_other - 2 degrees of freedom; the reference's own error in the
 * denominator is left out), whether that interval settles the question "within tol?",
 * and, when it does not, how many replicates per scale would make the interval's
 * half-width the distance from the difference to the tolerance's edge (the present
 * count times the square of their ratio). A rare outcome, e.g. organisations founded,
 * can miss the tolerance by chance; this says so instead of calling it a difference.
 */
csim_scale_difference csim_scale_difference_of(double ref, double sd_ref, size_t n_ref,
                                               double other, double sd_other, size_t n_other,
                                               double level, double tol);

#endif /* CSIM_ANALYSIS_HEALTH_DETECT_H */
