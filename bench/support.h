/**
 * \file bench/support.h
 * What the benchmark programs share: sorting timings, the peak resident memory of one
 * case, their comma-list arguments and the parsing of their options from a table.
 * Benchmarks only (never linked into the tools).
 */
#ifndef CSIM_BENCH_SUPPORT_H
#define CSIM_BENCH_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>

/** qsort comparison of two doubles, ascending. */
int csim_bench_compare_doubles(const void *a, const void *b);

/** Reset the kernel's peak-RSS counter (Linux: VmHWM) so each case reports its own peak. */
void csim_bench_reset_peak_rss(void);

/** Peak resident memory in MiB since the last reset (VmHWM), else the process peak. */
double csim_bench_peak_rss_mib(void);

/** Parse "1,10,100" into up to `max` doubles; returns how many were read. */
size_t csim_bench_parse_list(const char *text, double *out, size_t max);

/** The value a benchmark option sets, and how its argument is read. */
typedef enum csim_bench_kind {
    CSIM_BENCH_TEXT,   /**< const char *: the argument itself                        */
    CSIM_BENCH_INT,    /**< int: atoi                                                */
    CSIM_BENCH_LONG,   /**< long: atol                                               */
    CSIM_BENCH_DOUBLE, /**< double: atof                                             */
    CSIM_BENCH_U64,    /**< unsigned long long: strtoull, base 10                    */
    CSIM_BENCH_LIST,   /**< double[max] and its count: csim_bench_parse_list         */
    CSIM_BENCH_FLAG    /**< bool, set to true; the option takes no argument          */
} csim_bench_kind;

/**
 * One option of a benchmark: a row of the table that csim_bench_parse_args reads, and
 * from which it writes the usage line, so that the two cannot drift apart.
 */
typedef struct csim_bench_option {
    const char *name;     /**< with its dashes, e.g. "--steps"                       */
    const char *metavar;  /**< its argument in the usage line ("N", "1,10"); NULL for
                               a flag                                               */
    csim_bench_kind kind; /**< how the argument is read                              */
    void *value;          /**< borrowed: the variable set, of the kind's type        */
    size_t *count;        /**< CSIM_BENCH_LIST: how many values were read            */
    size_t max;           /**< CSIM_BENCH_LIST: the capacity of `value`              */
} csim_bench_option;

/** How many rows a static option table has. */
#define CSIM_BENCH_COUNT(table) (sizeof(table) / sizeof((table)[0]))

/**
 * Set the variables of `opts` (n_opts rows) from argv[1..argc-1]. An argument that is no
 * option of the table, or an option missing its argument, prints the usage line to
 * stderr, "usage: PROGRAM [--name METAVAR] [--flag] ..." with the rows in table order,
 * and ends the parse.
 * \return -1 when every argument was read; otherwise the program's exit code: 0 after
 *         `--help`, 2 for anything else.
 */
int csim_bench_parse_args(int argc, char **argv, const char *program,
                          const csim_bench_option *opts, size_t n_opts);

#endif /* CSIM_BENCH_SUPPORT_H */
