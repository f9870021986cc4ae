/**
 * \file cli/options.h
 * One table per command of the options it takes, from which both the parsing of argv and
 * the `--help` text are made, so that the two cannot drift apart.
 *
 * A command keeps its option values in a struct of its own; each row of its table names
 * an option, the kind of value it takes and where in that struct (offsetof) the value
 * goes. csim_opts_parse() fills the struct from argv and reports a usage error
 * ("clustersim CMD: ...; see 'clustersim CMD --help'", exit 2, cli/cli.h);
 * csim_opts_help() prints the usage line, the description, one line per option with its
 * default, and the closing text.
 *
 * Why in cli/ and not in sim/: what it knows is the command line's -- the message format
 * and exit code of a usage error, `--help`, the `clustersim CMD` prefix -- which no
 * library below cli/ has any use for. It is a library of its own (csim_cli_base in
 * CMakeLists.txt) so that tests/test_options.c can link it.
 *
 * Accepted forms: `--name VALUE`, `--name=VALUE`, `-x VALUE` (the short name), flags
 * alone; `--` ends the options (every word after it is an operand); a value is the next
 * word whatever it looks like (`-o -x` writes to "-x"). A flag given twice is a flag;
 * a value given twice keeps the last one, except for the repeatable kinds (lists,
 * key=value), which collect every one.
 */
#ifndef CSIM_CLI_OPTIONS_H
#define CSIM_CLI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/** What an option's value is, and the type of the field it fills. */
typedef enum csim_opt_kind {
    CSIM_OPT_FLAG,   /**< no value; bool field set to true                                 */
    CSIM_OPT_UINT,   /**< whole number in [umin, umax]; unsigned long long field           */
    CSIM_OPT_INT,    /**< signed whole number in [imin, imax]; long long field             */
    CSIM_OPT_DOUBLE, /**< finite number in [dmin, dmax]; double field                       */
    CSIM_OPT_STRING, /**< any text; const char * field (points into argv)                  */
    CSIM_OPT_PATH,   /**< a file or folder name, not empty; const char * field              */
    CSIM_OPT_CHOICE, /**< one word of `choices`; int field set to its index                */
    CSIM_OPT_LIST,   /**< comma-separated words, repeatable; csim_opt_list field, each word
                          an item (empty words dropped); at most umax items when umax > 0 */
    CSIM_OPT_KEYVAL, /**< key=value, repeatable; csim_opt_list field, each value an item   */
    CSIM_OPT_CUSTOM, /**< parsed by the row's `parse`; the field is what it expects        */
} csim_opt_kind;

/** The items of a repeatable option, in the order given. Owned by csim_opt_args. */
typedef struct csim_opt_list {
    const char **items; /**< n words (into argv or into copies the args keep) */
    size_t n;           /**< items given                                     */
    size_t cap;         /**< items `items` has room for (sim/grow.h)          */
} csim_opt_list;

/**
 * One option of a command. Rows are written with designated initializers; what a kind
 * does not use stays zero.
 */
typedef struct csim_opt {
    const char *name;     /**< long name with its dashes, "--output"                     */
    char short_name;      /**< 'o' for -o, or 0                                          */
    csim_opt_kind kind;   /**< what it takes                                              */
    size_t field;         /**< offsetof() the field it fills in the command's struct      */
    const char *metavar;  /**< the value's name in --help ("FILE"); NULL for flags        */
    const char *help;     /**< what it does, one sentence (wrapped when printed); NULL for a
                               name kept only to refuse it with a reason (not in --help)  */
    const char *def;      /**< the default shown as "(default: DEF)", or NULL             */
    bool required;        /**< the command refuses to run without it                      */
    unsigned long long umin, umax; /**< CSIM_OPT_UINT range; LIST: most items (0: any)     */
    long long imin, imax;          /**< CSIM_OPT_INT range                                  */
    double dmin, dmax;             /**< CSIM_OPT_DOUBLE range                               */
    const char *const *choices;    /**< CSIM_OPT_CHOICE words, in the field's index order   */
    size_t n_choices;              /**< entries of `choices`                                */
    /** CSIM_OPT_CUSTOM: parse `text` (NULL when the value is missing) into `field`;
     *  0, or -1 after printing one usage error (csim_cli_usage_error). */
    int (*parse)(const char *command, const char *opt, const char *text, void *field);
    /** CSIM_OPT_CUSTOM, optional: whether a word after the value belongs to the option
     *  too (`--at 2008 2012 end`); each such word is passed to `parse` in turn. */
    bool (*more)(const char *word);
    const char *alias;    /**< a second long name accepted for it ("--observable"), or NULL */
} csim_opt;

/** Everything a command's command line is: its options and its operands. */
typedef struct csim_opt_spec {
    const char *command;   /**< "run": messages say "clustersim run: ..."                    */
    const char *operand;   /**< operands in usage, "SCENARIO" or "DIR"; NULL: takes none    */
    const char *operand_missing; /**< what "missing ..." says when more than OPERAND
                                      ("DIR (an ensemble folder)"), or NULL             */
    const char *operand_noun;  /**< "scenario": "one scenario at a time (got 'a' and 'b')"   */
    bool many;             /**< any number of operands ("SCENARIO..."), at least one         */
    bool operand_optional; /**< the operand may be left out                                 */
    const char *about;     /**< paragraphs between the usage line and the options           */
    const char *closing;   /**< text after the options (exit codes), or NULL                */
    const csim_opt *opts;  /**< the table, without -h/--help (always accepted)              */
    size_t n_opts;         /**< rows of `opts`                                              */
} csim_opt_spec;

/** What csim_opts_parse() found besides the fields; zeroed before the first parse. */
typedef struct csim_opt_args {
    const csim_opt_spec *spec; /**< the table the counts refer to                            */
    const char **operands;     /**< operands in order (into argv)                            */
    size_t n_operands;         /**< entries of `operands`                                    */
    bool help;                 /**< -h or --help was given: nothing else was checked         */
    unsigned *given;           /**< per row, how many times it was given                     */
    csim_opt_list **lists;     /**< per row, the list field whose items array is owned here  */
    char **copies;             /**< owned copies of comma lists                              */
    size_t n_copies;           /**< entries of `copies`                                      */
    size_t cap_copies;         /**< entries `copies` has room for (sim/grow.h)               */
} csim_opt_args;

/** A number macro as the text of a default: CSIM_OPT_STR(DEFAULT_REPLICATES) is "10". */
#define CSIM_OPT_STR(x) CSIM_OPT_STR_(x)
#define CSIM_OPT_STR_(x) #x

/** How many rows a static table has. */
#define CSIM_OPTS_COUNT(table) (sizeof(table) / sizeof((table)[0]))

/**
 * Parse argv[1..argc) (argv[0] is the command's name) against `spec` into `fields` (the
 * command's struct, initialised with the defaults by the caller) and `args` (zeroed).
 * On -h/--help, stops there with args->help set and returns CSIM_EXIT_OK: the caller
 * prints csim_opts_help() (so that under MPI only rank 0 does). Usage errors print one
 * message: an unknown option (with the nearest valid name when one is close), a value
 * missing, a number that is not one or out of range (naming the option and what was
 * expected), a word that is not one of the choices, a value given to a flag, an operand
 * missing or one too many, a required option missing ("missing -o DIR").
 * \return CSIM_EXIT_OK; CSIM_EXIT_USAGE after one message; CSIM_EXIT_FAILURE when memory
 *         ran out (reported). Call csim_opt_args_destroy() in every case.
 */
int csim_opts_parse(const csim_opt_spec *spec, int argc, char **argv, void *fields,
                    csim_opt_args *args);

/**
 * csim_opts_parse(), and on -h/--help the help on standard output: a command's usual
 * start, `if ((rc = csim_opts_read(...)) != CSIM_EXIT_OK || args.help) goto done;`.
 */
int csim_opts_read(const csim_opt_spec *spec, int argc, char **argv, void *fields,
                   csim_opt_args *args);

/** How many times the option named `name` (its long name) was given; 0 if not in the table. */
unsigned csim_opts_given(const csim_opt_args *args, const char *name);

/** Print `clustersim CMD --help` from the table: usage, about, options, closing text. */
void csim_opts_help(const csim_opt_spec *spec, FILE *out);

/**
 * Add `item` to the repeatable option `name` of `fields` as if it had been given last
 * (`run --seed N` adds run.seed=N to the --set overrides, so that the file records it).
 * `item` must outlive the args. \return CSIM_EXIT_OK; CSIM_EXIT_FAILURE when memory ran
 * out or `name` is not a repeatable option of the table (reported).
 */
int csim_opts_add(csim_opt_args *args, void *fields, const char *name, const char *item);

/** Free what the parse kept (list items, copies, operands); safe on zeroed, idempotent. */
void csim_opt_args_destroy(csim_opt_args *args);

/*
 * Options many commands take, written once. T is the command's struct type, f its field.
 * Each gives the fields of a row without its braces, so that a command can add to it:
 * `{CSIM_OPT_OUTPUT(run_opts, output, "FILE", "file to write"), .def = "runs/..."}`.
 */

/** -o/--output: a file or folder to write (metavar says which). */
#define CSIM_OPT_OUTPUT(T, f, mv, text)                                                      \
    .name = "--output", .short_name = 'o', .kind = CSIM_OPT_PATH, .field = offsetof(T, f), \
    .metavar = mv, .help = text
/** --force: replace what is there. */
#define CSIM_OPT_FORCE(T, f, text)                                                           \
    .name = "--force", .kind = CSIM_OPT_FLAG, .field = offsetof(T, f), .help = text
/** --threads N, 1 to 4096 OpenMP threads. */
#define CSIM_OPT_THREADS(T, f, text, dflt)                                                   \
    .name = "--threads", .kind = CSIM_OPT_UINT, .field = offsetof(T, f), .metavar = "N",   \
    .help = text, .def = dflt, .umin = 1, .umax = 4096
/** --set key=value, repeatable: scenario overrides. */
#define CSIM_OPT_SET(T, f, text)                                                             \
    .name = "--set", .kind = CSIM_OPT_KEYVAL, .field = offsetof(T, f),                     \
    .metavar = "key=value", .help = text
/** --seed N in [0, max]. */
#define CSIM_OPT_SEED(T, f, max, text, dflt)                                                 \
    .name = "--seed", .kind = CSIM_OPT_UINT, .field = offsetof(T, f), .metavar = "N",      \
    .help = text, .def = dflt, .umin = 0, .umax = (max)
/** --format F, one of `names` (a static array; the field gets its index). */
#define CSIM_OPT_FORMAT(T, f, names, text, dflt)                                             \
    .name = "--format", .kind = CSIM_OPT_CHOICE, .field = offsetof(T, f), .metavar = "F",  \
    .help = text, .def = dflt, .choices = names,                                           \
    .n_choices = sizeof(names) / sizeof((names)[0])
/** --quiet: no progress line. */
#define CSIM_OPT_QUIET(T, f)                                                                 \
    .name = "--quiet", .kind = CSIM_OPT_FLAG, .field = offsetof(T, f),                     \
    .help = "no progress line"
/** --allow-large: run past the memory estimate. */
#define CSIM_OPT_ALLOW_LARGE(T, f, text)                                                     \
    .name = "--allow-large", .kind = CSIM_OPT_FLAG, .field = offsetof(T, f), .help = text

/*
 * Fields of a csim_opt_spec that many commands fill alike, written once so that every
 * command taking the same kind of operand names it the same way in its usage line and
 * its messages: `{.command = "check", CSIM_OPERAND_SCENARIO, .about = ..., CSIM_OPT_TABLE(t)}`.
 */

/** One scenario file: "SCENARIO", "one scenario at a time". */
#define CSIM_OPERAND_SCENARIO .operand = "SCENARIO", .operand_noun = "scenario"
/** One file; `missing` is what "missing ..." says ("FILE (a trajectory)"). */
#define CSIM_OPERAND_FILE(missing)                                                           \
    .operand = "FILE", .operand_noun = "file", .operand_missing = missing
/** One trajectory file (`export`, `network`, `draw`). */
#define CSIM_OPERAND_TRAJECTORY CSIM_OPERAND_FILE("FILE (a trajectory)")
/** One folder; `missing` is what "missing ..." says ("DIR (an ensemble folder)"). */
#define CSIM_OPERAND_DIR(missing)                                                            \
    .operand = "DIR", .operand_noun = "folder", .operand_missing = missing
/** The option table of a spec, a static array, and its row count. */
#define CSIM_OPT_TABLE(table) .opts = (table), .n_opts = CSIM_OPTS_COUNT(table)

#endif /* CSIM_CLI_OPTIONS_H */
