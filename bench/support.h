/**
 * \file bench/support.h
 * What the benchmark programs share: sorting timings, the peak resident memory of one
 * case, and their comma-list arguments. Benchmarks only (never linked into the tools).
 */
#ifndef CSIM_BENCH_SUPPORT_H
#define CSIM_BENCH_SUPPORT_H

#include <stddef.h>

/** qsort comparison of two doubles, ascending. */
int csim_bench_compare_doubles(const void *a, const void *b);

/** Reset the kernel's peak-RSS counter (Linux: VmHWM) so each case reports its own peak. */
void csim_bench_reset_peak_rss(void);

/** Peak resident memory in MiB since the last reset (VmHWM), else the process peak. */
double csim_bench_peak_rss_mib(void);

/** Parse "1,10,100" into up to `max` doubles; returns how many were read. */
size_t csim_bench_parse_list(const char *text, double *out, size_t max);

#endif /* CSIM_BENCH_SUPPORT_H */
