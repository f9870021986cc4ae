/* One option table per command: parsing argv and printing --help from it (cli/options.h). */
#define _POSIX_C_SOURCE 200809L

#include "cli/options.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "sim/grow.h"
#include "sim/schema.h"
#include "sim/str_copy.h"

/* Width the help text is wrapped to, and the column option help starts at. */
#define HELP_WIDTH 80
#define HELP_COLUMN 22

/* A field of the command's struct, of type `type`. */
#define FIELD(fields, row, type) ((type *) (void *) ((char *) (fields) + (row)->field))

/* The row whose long name (or alias) is name[0..len), or whose short name is `name`'s
 * letter ("-o"); NULL when none is. */
static const csim_opt *find_row(const csim_opt_spec *spec, const char *name, size_t len) {
    for (size_t k = 0; k < spec->n_opts; ++k) {
        const csim_opt *row = &spec->opts[k];
        const bool long_match = strlen(row->name) == len && strncmp(row->name, name, len) == 0;
        const bool alias_match = row->alias && strlen(row->alias) == len &&
                                 strncmp(row->alias, name, len) == 0;
        const bool short_match = row->short_name && len == 2 && name[0] == '-' &&
                                 name[1] == row->short_name;
        if (long_match || alias_match || short_match) {
            return row;
        }
    }
    return NULL;
}

/* The option name nearest to `word`, or NULL. The edit distance is the scenario keys'
 * (csim_schema_suggest, with its threshold), run over a table made of the option names,
 * so that an option and a parameter are suggested by the same rule. */
static const char *suggest(const csim_opt_spec *spec, const char *word) {
    csim_param_desc rows[spec->n_opts + 1];
    memset(rows, 0, sizeof rows);
    for (size_t k = 0; k < spec->n_opts; ++k) {
        rows[k].name = spec->opts[k].name;
    }
    rows[spec->n_opts].name = "--help";
    const csim_schema names = {rows, spec->n_opts + 1, 0};
    return csim_schema_suggest(&names, word);
}

static int unknown_option(const csim_opt_spec *spec, const char *word) {
    char name[128];
    const size_t len = strcspn(word, "=");
    snprintf(name, sizeof name, "%.*s", (int) (len < 120 ? len : 120), word);
    const char *near = suggest(spec, name);
    return csim_cli_usage_error(spec->command, "unknown option '%s'%s%s%s", word,
                                near ? "; did you mean '" : "", near ? near : "",
                                near ? "'?" : "");
}

/* The name the user typed, for messages: "-o" or "--output". */
static void typed_name(const char *word, char *buf, size_t size) {
    const size_t len = strcspn(word, "=");
    snprintf(buf, size, "%.*s", (int) (len < size - 1 ? len : size - 1), word);
}

/* Append an item to the list field of `row`, growing the array the args own. */
static int list_push(csim_opt_args *args, const csim_opt *row, csim_opt_list *list,
                     const char *item) {
    const size_t k = (size_t) (row - args->spec->opts);
    if (csim_grow(&list->items, &list->cap, list->n + 1, sizeof *list->items) != CSIM_OK) {
        return -1;
    }
    args->lists[k] = list;
    list->items[list->n++] = item;
    return 0;
}

static int out_of_memory(const char *command) {
    return csim_cli_report(command, CSIM_FAIL(CSIM_ENOMEM, "arguments"));
}

/* Split the comma list `text` into the list field; -1 usage, -2 memory. */
static int store_list(csim_opt_args *args, const csim_opt *row, csim_opt_list *list,
                      const char *opt, const char *text) {
    if (csim_grow(&args->copies, &args->cap_copies, args->n_copies + 1, sizeof *args->copies) !=
        CSIM_OK) {
        return -2;
    }
    char *copy = csim_str_copy(text);
    if (!copy) {
        return -2;
    }
    args->copies[args->n_copies++] = copy;
    for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        if (row->umax > 0 && list->n == row->umax) {
            csim_cli_usage_error(args->spec->command, "at most %llu %s values", row->umax, opt);
            return -1;
        }
        if (list_push(args, row, list, tok) != 0) {
            return -2;
        }
    }
    return 0;
}

/* A number of the row's kind; -1 after a usage error. */
static int store_number(const char *command, const csim_opt *row, const char *opt,
                        const char *text, void *fields) {
    char *end = NULL;
    errno = 0;
    if (row->kind == CSIM_OPT_UINT) {
        const unsigned long long v = strtoull(text, &end, 10);
        if (errno == 0 && end != text && *end == '\0' && text[0] != '-' && v >= row->umin &&
            v <= row->umax) {
            *FIELD(fields, row, unsigned long long) = v;
            return 0;
        }
        csim_cli_usage_error(command, "%s expects a whole number from %llu to %llu, got '%s'",
                             opt, row->umin, row->umax, text);
        return -1;
    }
    if (row->kind == CSIM_OPT_INT) {
        const long long v = strtoll(text, &end, 10);
        if (errno == 0 && end != text && *end == '\0' && v >= row->imin && v <= row->imax) {
            *FIELD(fields, row, long long) = v;
            return 0;
        }
        csim_cli_usage_error(command, "%s expects a whole number from %lld to %lld, got '%s'",
                             opt, row->imin, row->imax, text);
        return -1;
    }
    const double v = strtod(text, &end);
    if (errno == 0 && end != text && *end == '\0' && isfinite(v) && v >= row->dmin &&
        v <= row->dmax) {
        *FIELD(fields, row, double) = v;
        return 0;
    }
    csim_cli_usage_error(command, "%s expects a number from %g to %g, got '%s'", opt, row->dmin,
                         row->dmax, text);
    return -1;
}

/* Store the value `text` of `row` (given as `opt`); -1 usage error, -2 memory. */
static int store(csim_opt_args *args, const csim_opt *row, const char *opt, const char *text,
                 void *fields) {
    const char *command = args->spec->command;
    switch (row->kind) {
    case CSIM_OPT_FLAG:
        *FIELD(fields, row, bool) = true;
        return 0;
    case CSIM_OPT_UINT:
    case CSIM_OPT_INT:
    case CSIM_OPT_DOUBLE:
        return store_number(command, row, opt, text, fields);
    case CSIM_OPT_PATH:
        if (text[0] == '\0') {
            csim_cli_usage_error(command, "%s expects %s, got an empty name", opt, row->metavar);
            return -1;
        }
        *FIELD(fields, row, const char *) = text;
        return 0;
    case CSIM_OPT_STRING:
        *FIELD(fields, row, const char *) = text;
        return 0;
    case CSIM_OPT_CHOICE: {
        const int k = csim_cli_parse_choice(command, opt, text, row->choices, row->n_choices);
        if (k < 0) {
            return -1;
        }
        *FIELD(fields, row, int) = k;
        return 0;
    }
    case CSIM_OPT_LIST:
        return store_list(args, row, FIELD(fields, row, csim_opt_list), opt, text);
    case CSIM_OPT_KEYVAL:
        return list_push(args, row, FIELD(fields, row, csim_opt_list), text) == 0 ? 0 : -2;
    case CSIM_OPT_CUSTOM:
        return row->parse(command, opt, text, FIELD(fields, row, void)) == 0 ? 0 : -1;
    }
    return -1;
}

/* argv[*a] is an option: find it, take its value, store it. CSIM_EXIT_* code. */
static int take_option(csim_opt_args *args, int argc, char **argv, int *a, void *fields) {
    const csim_opt_spec *spec = args->spec;
    const char *word = argv[*a];
    const char *eq = strncmp(word, "--", 2) == 0 ? strchr(word, '=') : NULL;
    const size_t len = eq ? (size_t) (eq - word) : strlen(word);
    const csim_opt *row = find_row(spec, word, len);
    if (!row) {
        return unknown_option(spec, word);
    }
    char opt[64];
    typed_name(word, opt, sizeof opt);
    const char *text = NULL;
    if (row->kind == CSIM_OPT_FLAG) {
        if (eq) {
            return csim_cli_usage_error(spec->command, "%s takes no value, got '%s'", opt,
                                        eq + 1);
        }
    } else if (eq) {
        text = eq + 1;
    } else if (*a + 1 < argc) {
        text = argv[++*a];
    } else if (row->kind != CSIM_OPT_CUSTOM) {
        return csim_cli_usage_error(spec->command, "%s needs a value (%s)", opt, row->metavar);
    }
    int r = store(args, row, opt, text, fields);
    /* Words after the value that belong to it: `--at 2008 2012 end`. */
    while (r == 0 && text && row->more && *a + 1 < argc && row->more(argv[*a + 1])) {
        r = store(args, row, opt, argv[++*a], fields);
    }
    if (r == -2) {
        return out_of_memory(spec->command);
    }
    if (r != 0) {
        return CSIM_EXIT_USAGE;
    }
    ++args->given[row - spec->opts];
    return CSIM_EXIT_OK;
}

static int take_operand(csim_opt_args *args, const char *word) {
    const csim_opt_spec *spec = args->spec;
    if (!spec->operand) {
        return csim_cli_usage_error(spec->command, "unknown argument '%s'", word);
    }
    if (!spec->many && args->n_operands == 1) {
        return csim_cli_usage_error(spec->command, "one %s at a time (got '%s' and '%s')",
                                    spec->operand_noun, args->operands[0], word);
    }
    args->operands[args->n_operands++] = word;
    return CSIM_EXIT_OK;
}

/* After the words: an operand or a required option missing. */
static int check_complete(const csim_opt_args *args) {
    const csim_opt_spec *spec = args->spec;
    if (spec->operand && !spec->operand_optional && args->n_operands == 0) {
        return csim_cli_usage_error(spec->command, "missing %s",
                                    spec->operand_missing ? spec->operand_missing
                                                          : spec->operand);
    }
    for (size_t k = 0; k < spec->n_opts; ++k) {
        const csim_opt *row = &spec->opts[k];
        if (row->required && args->given[k] == 0) {
            char name[64];
            if (row->short_name) {
                snprintf(name, sizeof name, "-%c", row->short_name);
            } else {
                snprintf(name, sizeof name, "%s", row->name);
            }
            return csim_cli_usage_error(spec->command, "missing %s%s%s", name,
                                        row->metavar ? " " : "", row->metavar ? row->metavar : "");
        }
    }
    return CSIM_EXIT_OK;
}

int csim_opts_parse(const csim_opt_spec *spec, int argc, char **argv, void *fields,
                    csim_opt_args *args) {
    args->spec = spec;
    args->given = calloc(spec->n_opts + 1, sizeof *args->given);
    args->lists = calloc(spec->n_opts + 1, sizeof *args->lists);
    args->operands = calloc((size_t) argc + 1, sizeof *args->operands);
    if (!args->given || !args->lists || !args->operands) {
        return out_of_memory(spec->command);
    }
    bool options_end = false;
    for (int a = 1; a < argc; ++a) {
        const char *word = argv[a];
        const bool option = !options_end && word[0] == '-' && word[1] != '\0';
        int rc = CSIM_EXIT_OK;
        if (option && strcmp(word, "--") == 0) {
            options_end = true;
        } else if (option && csim_cli_is_help(word)) {
            args->help = true;
            return CSIM_EXIT_OK;
        } else if (option) {
            rc = take_option(args, argc, argv, &a, fields);
        } else {
            rc = take_operand(args, word);
        }
        if (rc != CSIM_EXIT_OK) {
            return rc;
        }
    }
    return check_complete(args);
}

int csim_opts_read(const csim_opt_spec *spec, int argc, char **argv, void *fields,
                   csim_opt_args *args) {
    const int rc = csim_opts_parse(spec, argc, argv, fields, args);
    if (rc == CSIM_EXIT_OK && args->help) {
        csim_opts_help(spec, stdout);
    }
    return rc;
}

unsigned csim_opts_given(const csim_opt_args *args, const char *name) {
    if (!args->spec || !args->given) {
        return 0;
    }
    const csim_opt *row = find_row(args->spec, name, strlen(name));
    return row ? args->given[row - args->spec->opts] : 0;
}

int csim_opts_add(csim_opt_args *args, void *fields, const char *name, const char *item) {
    const csim_opt *row = args->spec ? find_row(args->spec, name, strlen(name)) : NULL;
    if (!row || (row->kind != CSIM_OPT_LIST && row->kind != CSIM_OPT_KEYVAL)) {
        return csim_cli_report(args->spec ? args->spec->command : "?",
                               CSIM_FAIL(CSIM_EINTERNAL, "%s is not a repeatable option", name));
    }
    if (list_push(args, row, FIELD(fields, row, csim_opt_list), item) != 0) {
        return out_of_memory(args->spec->command);
    }
    return CSIM_EXIT_OK;
}

void csim_opt_args_destroy(csim_opt_args *args) {
    for (size_t k = 0; args->lists && args->spec && k < args->spec->n_opts; ++k) {
        if (args->lists[k]) {
            free((void *) args->lists[k]->items);
            args->lists[k]->items = NULL;
            args->lists[k]->n = 0;
            args->lists[k]->cap = 0;
        }
    }
    csim_str_list_free(args->copies, args->n_copies);
    free(args->lists);
    free(args->given);
    free((void *) args->operands);
    memset(args, 0, sizeof *args);
}

/* ==== --help ========================================================================== */

/* Print `text` from column `col` (the cursor is there), wrapped at HELP_WIDTH, further
 * lines indented to `indent`. Words are never broken; '\n' in the text starts a line. */
static void wrap(FILE *out, const char *text, size_t col, size_t indent) {
    const char *p = text;
    while (*p) {
        if (*p == '\n') {
            fprintf(out, "\n%*s", (int) indent, "");
            col = indent;
            ++p;
            continue;
        }
        const size_t word = strcspn(p, " \n");
        if (col > indent && col + 1 + word > HELP_WIDTH) {
            fprintf(out, "\n%*s", (int) indent, "");
            col = indent;
        } else if (col > indent) {
            fputc(' ', out);
            ++col;
        }
        fprintf(out, "%.*s", (int) word, p);
        col += word;
        p += word;
        while (*p == ' ') {
            ++p;
        }
    }
}

/* "[--name METAVAR]" of one option for the usage line, into buf. */
static void usage_word(const csim_opt *row, char *buf, size_t size) {
    char name[48], value[160] = "";
    if (row->short_name) {
        snprintf(name, sizeof name, "-%c", row->short_name);
    } else {
        snprintf(name, sizeof name, "%s", row->name);
    }
    if (row->kind == CSIM_OPT_CHOICE) {
        /* The choices themselves say more than "F". */
        size_t used = 0;
        for (size_t k = 0; k < row->n_choices && used < sizeof value; ++k) {
            const int w = snprintf(value + used, sizeof value - used, "%s%s", k ? "|" : "",
                                   row->choices[k]);
            used += w > 0 ? (size_t) w : 0;
        }
    } else if (row->metavar) {
        snprintf(value, sizeof value, "%s", row->metavar);
    }
    const bool repeat = row->kind == CSIM_OPT_LIST || row->kind == CSIM_OPT_KEYVAL;
    snprintf(buf, size, "%s%s%s%s%s%s", row->required ? "" : "[", name, value[0] ? " " : "",
             value, row->required ? "" : "]", repeat ? "..." : "");
}

static void print_usage_line(const csim_opt_spec *spec, FILE *out) {
    char lead[96];
    snprintf(lead, sizeof lead, "usage: clustersim %s", spec->command);
    const size_t indent = strlen(lead) + 1;
    fputs(lead, out);
    size_t col = indent - 1;
    char word[256];
    for (size_t k = 0; k <= spec->n_opts; ++k) {
        if (k == 0) {
            if (!spec->operand) {
                continue;
            }
            snprintf(word, sizeof word, "%s%s%s%s", spec->operand_optional ? "[" : "",
                     spec->operand, spec->many ? "..." : "", spec->operand_optional ? "]" : "");
        } else if (spec->opts[k - 1].help) {
            usage_word(&spec->opts[k - 1], word, sizeof word);
        } else {
            continue;
        }
        const size_t len = strlen(word);
        if (col > indent && col + 1 + len > HELP_WIDTH) {
            fprintf(out, "\n%*s", (int) indent, "");
            col = indent;
        } else {
            fputc(' ', out);
            ++col;
        }
        fputs(word, out);
        col += len;
    }
    fputc('\n', out);
}

/* "  -o, --output FILE   help (default: X)" */
static void print_option(const csim_opt *row, FILE *out) {
    char left[128], text[1024];
    char short_part[8] = "";
    if (row->short_name) {
        snprintf(short_part, sizeof short_part, "-%c, ", row->short_name);
    }
    const int n = snprintf(left, sizeof left, "  %s%s%s%s", short_part, row->name,
                           row->metavar ? " " : "", row->metavar ? row->metavar : "");
    fputs(left, out);
    const size_t col = n > 0 ? (size_t) n : 0;
    if (col + 2 > HELP_COLUMN) {
        fprintf(out, "\n%*s", HELP_COLUMN, "");
    } else {
        fprintf(out, "%*s", (int) (HELP_COLUMN - col), "");
    }
    const bool repeat = row->kind == CSIM_OPT_LIST || row->kind == CSIM_OPT_KEYVAL;
    snprintf(text, sizeof text, "%s%s%s%s%s%s%s%s", row->help, row->required ? " (required)" : "",
             repeat ? " (repeatable)" : "", row->def ? " (default: " : "",
             row->def ? row->def : "", row->def ? ")" : "", row->alias ? "; also " : "",
             row->alias ? row->alias : "");
    wrap(out, text, HELP_COLUMN, HELP_COLUMN);
    fputc('\n', out);
}

void csim_opts_help(const csim_opt_spec *spec, FILE *out) {
    print_usage_line(spec, out);
    if (spec->about) {
        fprintf(out, "\n%s", spec->about);
    }
    fputc('\n', out);
    for (size_t k = 0; k < spec->n_opts; ++k) {
        if (spec->opts[k].help) {
            print_option(&spec->opts[k], out);
        }
    }
    fprintf(out, "  -h, --help%*s%s\n", HELP_COLUMN - 12, "", "show this help");
    if (spec->closing) {
        fprintf(out, "\n%s", spec->closing);
    }
}
