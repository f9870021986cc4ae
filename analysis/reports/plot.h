/**
 * \file analysis/reports/plot.h
 * Figures of a comparison or a Sobol analysis with gnuplot: data files and one gnuplot
 * script are written into a folder, then gnuplot runs there (fork and exec, no shell),
 * writing each figure as PNG (pngcairo) and SVG.
 *
 * Every file name the script uses is made here from measure numbers and [a-z0-9_]
 * characters, and gnuplot runs with the folder as its working directory, so the
 * folder's own path (spaces, quotes, anything) never appears in the script. Scenario and
 * parameter names appear only as titles, in single-quoted gnuplot strings with quotes
 * doubled, and with enhanced text off (so '_' is not a subscript).
 *
 * Figures, for measure number k named NAME (csim_plot_basename() gives the stem):
 *  - ts_k_NAME: a series measure over time, one line per scenario with its interval band;
 *  - effect_k_NAME: the paired effect of each scenario against the baseline over time,
 *    with its band and the zero line;
 *  - persist_k_NAME: a persistence measure, scenario means with interval bars;
 *  - sobol_k_NAME: S1 and ST per parameter with bootstrap interval bars.
 *
 * Thread-safety: none (writes files, forks).
 */
#ifndef CSIM_ANALYSIS_PLOT_H
#define CSIM_ANALYSIS_PLOT_H

#include <stddef.h>
#include <stdio.h>

#include "analysis/statistics/comparison.h"
#include "analysis/statistics/sobol.h"
#include "sim/error.h"

/**
 * Find gnuplot on PATH.
 * \param path  receives the executable's path
 * \return CSIM_OK; CSIM_EIO ("gnuplot not found on PATH ...", with how to install it).
 */
csim_status csim_plot_find_gnuplot(char *path, size_t size);

/** Stem of a figure: "<prefix>_<k>_<name with other characters as '_'>". */
void csim_plot_basename(const char *prefix, size_t k, const char *name, char *buf, size_t size);

/**
 * Write the data files of a comparison's figures into `folder` and their commands to
 * `script` (a gnuplot script that will run in `folder`). Series measures get ts_ and
 * effect_ figures (effect_ only with two or more scenarios), persistence measures a
 * persist_ figure.
 * \return CSIM_OK; CSIM_EIO (a data file cannot be written, named); CSIM_ENOMEM.
 */
csim_status csim_plot_compare(const csim_comparison *c, const char *folder, FILE *script);

/**
 * Write the data file and commands of the Sobol bars of measure number `k` (`name`) of
 * `d` parameters named `params`.
 * \return CSIM_OK; CSIM_EIO (the data file cannot be written).
 */
csim_status csim_plot_sobol(const csim_sobol_result *r, const char *const *params, size_t k,
                            const char *name, int year, const char *folder, FILE *script);

/**
 * Write the data file `stem`.dat (x, mean, lo, hi per row) and the commands of one
 * response curve: the means joined by a line over a shaded band from lo to hi, with
 * error bars (`clustersim diagnose`: a lever's dose-response, a rate against run.scale).
 * NaN values leave gaps. `stem` must be made of [a-z0-9_] (csim_plot_basename).
 * \return CSIM_OK; CSIM_EIO (the data file cannot be written).
 */
csim_status csim_plot_curve(const char *folder, FILE *script, const char *stem,
                            const char *title, const char *xlabel, const char *ylabel,
                            size_t n, const double *x, const double *mean, const double *lo,
                            const double *hi);

/**
 * Write the data files and commands of one sweep figure (`clustersim sweepplot`): measure
 * `m` of a sweep comparison against swept parameter `j` at `year`, the points' values
 * (analysis/reports/sweep_view.h) as a scatter and their binned means (`n_bins` bins) with 95%
 * intervals cut at the measure's support. Files: `stem`_points.dat (point, x, value, n)
 * and `stem`_bins.dat (x_mid, x_lo, x_hi, n, mean, ci_low, ci_high), with `stem` made as
 * csim_plot_basename("sweep", m, NAME) followed by "_x<j>".
 * 
eturn CSIM_OK; CSIM_EIO (a data file cannot be written); CSIM_ENOMEM.
 */
csim_status csim_plot_sweep(const csim_comparison *c, size_t m, size_t j, int year,
                            size_t n_bins, const char *folder, FILE *script);

/** The preamble every script starts with (terminal settings, styles). */
void csim_plot_script_begin(FILE *script);

/**
 * Run `gnuplot SCRIPT` with `folder` as working directory, its output going to
 * folder/gnuplot.log.
 * \param gnuplot  the executable (csim_plot_find_gnuplot)
 * \return CSIM_OK; CSIM_EIO (fork failed, gnuplot could not start, or it exited with an
 *         error: the message gives the status and the first line of the log).
 */
csim_status csim_plot_run(const char *gnuplot, const char *folder, const char *script);

#endif /* CSIM_ANALYSIS_PLOT_H */
