/* `clustersim report DIR -o FOLDER`: the policy brief of an ensemble -- which design
 * does better, by how much, at what cost, how sure we are -- as FOLDER/brief.md and
 * FOLDER/brief.html with their figures (analysis/reports/brief.h, analysis/reports/brief_write.h). */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "analysis/reports/brief.h"
#include "analysis/reports/brief_config.h"
#include "analysis/reports/brief_write.h"
#include "analysis/statistics/comparison.h"
#include "analysis/reports/plot.h"
#include "cli/analysis_opts.h"
#include "cli/options.h"
#include "cli/plot_script.h"
#include "sim/out_file.h"

static const char default_outcomes[] = "scenarios/brief.yaml";

/* The options of `report`. */
typedef struct report_opts {
    const char *folder, *outcomes, *baseline;
    bool force;
} report_opts;

static const csim_opt report_table[] = {
    {CSIM_OPT_OUTPUT(report_opts, folder, "FOLDER", "where the brief goes"), .required = true},
    {.name = "--outcomes", .kind = CSIM_OPT_PATH, .field = offsetof(report_opts, outcomes),
     .metavar = "FILE", .def = "scenarios/brief.yaml, which documents the keys",
     .help = "the outcomes, their words and direction, the year, the spending observable and "
             "the caveats (YAML)"},
    {.name = "--baseline", .kind = CSIM_OPT_STRING, .field = offsetof(report_opts, baseline),
     .metavar = "NAME", .def = "the first scenario given to `clustersim ensemble`",
     .help = "the scenario the others are compared with"},
    {CSIM_OPT_FORCE(report_opts, force, "replace a brief already in FOLDER")},
};

static const csim_opt_spec report_spec = {
    .command = "report",
    CSIM_OPERAND_DIR("DIR (an ensemble folder)"),
    .about = "Write the policy brief of the ensemble folder DIR (`clustersim ensemble`) into\n"
             "FOLDER (created if missing): brief.md and brief.html, one page each with the same\n"
             "content, and their figures (PNG, SVG, drawn with gnuplot). The page answers which\n"
             "design does better, by how much, at what cost and how sure we are:\n"
             "  - a summary table ranking every scenario by its effect on the first outcome: the\n"
             "    paired effect against the baseline (replicate r with replicate r, the same\n"
             "    random streams) with its 95% interval on each outcome, the programme money\n"
             "    spent over the run, and the first outcome's effect per KRW billion more;\n"
             "  - one sentence per scenario, generated from those numbers;\n"
             "  - figures, how sure the numbers are, the caveats, and detail tables in an\n"
             "    appendix.\n",
    .closing = "Needs gnuplot (Debian: gnuplot-nox). Exit codes: 0 success, 1 runtime failure\n"
               "(gnuplot missing or failing, FOLDER not writable), 2 bad input (arguments, the\n"
               "outcomes file, a missing or damaged ensemble folder, an unknown measure).\n",
    CSIM_OPT_TABLE(report_table),
};

/* The comparison's measures: every outcome, then the cost unless it is an outcome too. */
static size_t measures_of(const csim_brief_config *cfg, const char **names) {
    size_t n = 0;
    for (size_t o = 0; o < cfg->n_outcomes; ++o) {
        names[n++] = cfg->outcomes[o].measure;
    }
    bool seen = false;
    for (size_t o = 0; o < cfg->n_outcomes; ++o) {
        seen = seen || strcmp(cfg->outcomes[o].measure, cfg->cost) == 0;
    }
    if (!seen) {
        names[n++] = cfg->cost;
    }
    return n;
}

/* Write brief.md or brief.html of `b` under its temporary name (committed later). */
static csim_status write_page(const csim_brief *b, const char *folder, const char *name,
                              csim_doc_format format, bool force, csim_out_file *f) {
    char path[4096];
    if (snprintf(path, sizeof path, "%s/%s", folder, name) >= (int) sizeof path) {
        return csim_fail_plain(CSIM_EINVAL, "path too long: %s/%s", folder, name);
    }
    const csim_status st = csim_out_file_open(f, path, force);
    if (st == CSIM_OK) {
        csim_doc doc;
        csim_brief_write(b, &doc, f->fp, format);
    }
    return st;
}

int csim_cmd_report(int argc, char **argv) {
    static const char *const cmd = "report";
    report_opts f = {.outcomes = default_outcomes};
    csim_opt_args args = {0};
    int rc = CSIM_EXIT_OK;
    csim_status st = CSIM_OK;
    csim_brief_config cfg = {0};
    csim_comparison c = {0};
    csim_brief b = {0};
    csim_out_file md = {0}, html = {0}, script = {0};
    char gnuplot[4096];
    const char *names[CSIM_BRIEF_MAX_OUTCOMES + 1];

    if ((rc = csim_opts_read(&report_spec, argc, argv, &f, &args)) != CSIM_EXIT_OK ||
        args.help) {
        goto done;
    }
    const char *dir = args.operands[0], *folder = f.folder, *outcomes = f.outcomes;
    if ((st = csim_brief_config_load(&cfg, outcomes)) != CSIM_OK) {
        rc = csim_cli_report_input(cmd, outcomes, st);
        goto done;
    }
    /* Before the slow part: without gnuplot there are no figures for the page. */
    if ((st = csim_plot_find_gnuplot(gnuplot, sizeof gnuplot)) != CSIM_OK) {
        rc = csim_cli_report(cmd, st);
        goto done;
    }

    if ((rc = csim_cli_refuse_sweep(cmd, dir)) != CSIM_EXIT_OK) {
        goto done;
    }
    const int year = cfg.year == CSIM_BRIEF_END ? CSIM_COMPARISON_END : cfg.year;
    csim_comparison_options opt = {0};
    opt.baseline = f.baseline;
    opt.measures = names;
    opt.n_measures = measures_of(&cfg, names);
    opt.years = &year;
    opt.n_years = 1;
    char years_from[4200];
    snprintf(years_from, sizeof years_from, "%s: year", outcomes);
    opt.years_from = years_from;
    if ((st = csim_comparison_load(&c, dir, &opt)) != CSIM_OK) {
        rc = csim_cli_report_input(cmd, dir, st);
        goto done;
    }
    if ((st = csim_brief_compute(&b, &c, &cfg, c.years[0])) != CSIM_OK) {
        rc = csim_cli_report_input(cmd, outcomes, st);
        goto done;
    }

    if ((st = csim_cli_make_folder(folder)) != CSIM_OK) {
        rc = csim_cli_report(cmd, st);
        goto done;
    }
    /* The pages are written under temporary names and renamed only once the figures
     * exist, so a brief in FOLDER is always a complete one. */
    if ((st = write_page(&b, folder, "brief.md", CSIM_DOC_MARKDOWN, f.force, &md)) != CSIM_OK ||
        (st = write_page(&b, folder, "brief.html", CSIM_DOC_HTML, f.force, &html)) != CSIM_OK) {
        rc = csim_cli_report(cmd, st);
        goto done;
    }
    if ((st = csim_cli_script_open(&script, folder)) != CSIM_OK) {
        rc = csim_cli_report(cmd, st);
        goto done;
    }
    st = csim_plot_compare(&c, folder, script.fp);
    if (st == CSIM_OK) {
        st = csim_cli_script_run(&script, gnuplot, folder);
    }
    if (st == CSIM_OK) {
        st = csim_out_file_commit(&md);
    }
    if (st == CSIM_OK) {
        st = csim_out_file_commit(&html);
    }
    if (st != CSIM_OK) {
        rc = csim_cli_report(cmd, st);
        goto done;
    }
    csim_cli_comparison_notes(cmd, &c);
    printf("%s: policy brief of %zu scenario%s in %d (brief.md, brief.html and their figures)\n",
           folder, c.index.n_labels, c.index.n_labels == 1 ? "" : "s", b.year);

done:
    csim_out_file_abort(&script);
    csim_out_file_abort(&html);
    csim_out_file_abort(&md);
    csim_brief_destroy(&b);
    csim_comparison_destroy(&c);
    csim_brief_config_destroy(&cfg);
    csim_opt_args_destroy(&args);
    return rc;
}
