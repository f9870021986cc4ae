/* `clustersim draw FILE --year Y|--years A,B,C -o OUT.png|OUT.svg`: a picture of the
 * collaboration and supply networks of one or more snapshots (analysis/networks/network_draw.h). */
#define _POSIX_C_SOURCE 200809L
#include "cli/cli.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/networks/network_draw.h"
#include "analysis/reports/plot.h"
#include "analysis/readers/snapshot.h"
#include "cli/options.h"
#include "cli/trajectory_input.h"
#include "sim/format/format_read.h"
#include "cli/cli_output.h"

#define MAX_PANELS 16


/* Parse "A,B,C" (calendar years) into years[]; 0, or -1 after a usage error. */
static int parse_year_list(const char *text, long long *years, size_t *n) {
    const char *s = text;
    *n = 0;
    while (*s) {
        char *end = NULL;
        errno = 0;
        const long long v = strtoll(s, &end, 10);
        if (end == s || errno != 0 || v < 1900 || v > 2200 || (*end != ',' && *end != '\0')) {
            csim_cli_usage_error("draw", "--years expects calendar years (1900-2200) "
                                                "separated by commas, got '%s'", text);
            return -1;
        }
        if (*n == MAX_PANELS) {
            csim_cli_usage_error("draw", "--years takes at most %d years", MAX_PANELS);
            return -1;
        }
        for (size_t k = 0; k < *n; ++k) {
            if (years[k] == v) {
                csim_cli_usage_error("draw", "--years names %lld twice", v);
            return -1;
            }
        }
        years[(*n)++] = v;
        s = *end == ',' ? end + 1 : end;
        if (*end == ',' && *s == '\0') {
            csim_cli_usage_error("draw", "--years ends with a comma: '%s'", text);
            return -1;
        }
    }
    if (*n == 0) {
        csim_cli_usage_error("draw", "--years needs at least one year");
            return -1;
    }
    return 0;
}

/* The options of `draw`. */
typedef struct draw_opts {
    const char *output, *data;
    long long years[MAX_PANELS];
    size_t n_years;
    bool have_year, have_years;
    int layer; /* index of layer_names */
    unsigned long long seed;
    bool connected, members, force;
} draw_opts;

/* --year Y and --years A,B,...: the panels' years (`field` is the draw_opts). */
static int parse_years_opt(const char *command, const char *opt, const char *text, void *field) {
    draw_opts *f = field;
    const bool one = strcmp(opt, "--year") == 0;
    if (!text) {
        csim_cli_usage_error(command, "%s needs %s", opt, one ? "a calendar year" : "years A,B,...");
        return -1;
    }
    if (f->have_year || f->have_years) {
        csim_cli_usage_error(command, "give --year or --years once");
        return -1;
    }
    if (parse_year_list(text, f->years, &f->n_years) != 0) {
        return -1;
    }
    if (one && f->n_years != 1) {
        csim_cli_usage_error(command, "--year takes one year; --years A,B,... several");
        return -1;
    }
    f->have_year = one;
    f->have_years = !one;
    return 0;
}

static const char *const layer_names[] = {"both", "collaboration", "supply"};

static const csim_opt draw_table[] = {
    {.name = "--year", .kind = CSIM_OPT_CUSTOM, .field = 0, .metavar = "Y",
     .parse = parse_years_opt, /* field 0: the whole draw_opts */
     .help = "one snapshot: the last one of calendar year Y"},
    {.name = "--years", .kind = CSIM_OPT_CUSTOM, .field = 0, .metavar = "A,B,...",
     .parse = parse_years_opt, .help = "small multiples: one panel per year (at most 16)"},
    {CSIM_OPT_OUTPUT(draw_opts, output, "OUT.png|OUT.svg",
                     "the image: OUT.png (PNG, pngcairo) or OUT.svg (SVG); written under a "
                     "temporary name and renamed when complete"),
     .required = true},
    {.name = "--layer", .kind = CSIM_OPT_CHOICE, .field = offsetof(draw_opts, layer),
     .metavar = "L", .choices = layer_names, .n_choices = 3, .def = "both",
     .help = "collaboration, supply or both"},
    {.name = "--connected", .kind = CSIM_OPT_FLAG, .field = offsetof(draw_opts, connected),
     .help = "only actors with at least one drawn edge in the panel (the baseline's 2,000 "
             "firms are easier to read)"},
    {.name = "--members", .kind = CSIM_OPT_FLAG, .field = offsetof(draw_opts, members),
     .help = "only hubs, institutions and firms in an MC, WG or organisation"},
    {CSIM_OPT_SEED(draw_opts, seed, UINT32_MAX, "seed of the layout", "1")},
    {.name = "--data", .kind = CSIM_OPT_PATH, .field = offsetof(draw_opts, data),
     .metavar = "FOLDER",
     .help = "keep the gnuplot script (draw.gp) and its data files there (created if missing; "
             "draw_*.dat give each actor's position and style by actor id), to edit and re-run "
             "the picture"},
    {CSIM_OPT_FORCE(draw_opts, force, "replace OUT if it exists")},
};

static const csim_opt_spec draw_spec = {
    .command = "draw",
    CSIM_OPERAND_TRAJECTORY,
    .about = "Draw the collaboration and supply networks of the trajectory FILE at the last\n"
             "snapshot of year Y (its December with the default run.snapshot_interval), or one\n"
             "panel per year with --years, and a legend. Shape and size: hubs (large pentagons),\n"
             "large firms, tier 1, 2 and 3 suppliers, independent firms, institutions; colour:\n"
             "membership of a mini-cluster (red), else of a working group (blue), else of a\n"
             "firm-led organisation (green), else none (grey). Supply links are solid blue,\n"
             "collaboration ties dashed orange. Positions come from igraph's\n"
             "Fruchterman-Reingold layout over every panel at once, from a fixed seed: an actor\n"
             "stands at the same place in every panel, and the same file gives the same picture.\n",
    .closing = "Needs gnuplot (Debian: gnuplot-nox). Exit codes: 0 success, 1 runtime failure\n"
               "(gnuplot missing or failing, OUT not writable, memory), 2 bad arguments, a year\n"
               "without a snapshot (the years that have one are named), or FILE missing, damaged\n"
               "or not a trajectory.\n",
    CSIM_OPT_TABLE(draw_table),
};

/* Remove the working folder and what gnuplot and the data files left in it. */
static void remove_work(const char *work) {
    DIR *d = opendir(work);
    if (d) {
        const struct dirent *e;
        char path[4096];
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
                snprintf(path, sizeof path, "%s/%s", work, e->d_name) < (int) sizeof path) {
                unlink(path);
            }
        }
        closedir(d);
    }
    rmdir(work);
}

/* Copy the image gnuplot wrote into the output file. */
static csim_status copy_into(const char *from, csim_out_file *out) {
    FILE *in = fopen(from, "rb");
    if (!in) {
        return csim_fail_plain(CSIM_EIO, "gnuplot wrote no image (%s): %s", from, strerror(errno));
    }
    char buf[65536];
    size_t got = 0, total = 0;
    while ((got = fread(buf, 1, sizeof buf, in)) > 0) {
        total += got;
        if (fwrite(buf, 1, got, out->fp) != got) {
            fclose(in);
            return csim_fail_plain(CSIM_EIO, "writing the image: %s", strerror(errno));
        }
    }
    const bool failed = ferror(in) != 0;
    fclose(in);
    if (failed || total == 0) {
        return csim_fail_plain(CSIM_EIO, "gnuplot wrote an empty or unreadable image (%s)", from);
    }
    return CSIM_OK;
}

int csim_cmd_draw(int argc, char **argv) {
    static const char *const cmd = "draw";
    draw_opts f = {.seed = 1};
    csim_opt_args args = {0};
    csim_draw_options opt = {.layer = {true, true}, .seed = 1};
    csim_draw_panel panels[MAX_PANELS];
    int rc = CSIM_EXIT_OK;
    csim_status st = CSIM_OK;
    csim_h5_reader reader = {0};
    csim_out_file out = {0};
    char gnuplot[4096], work[4096] = "", path[4096];
    FILE *script = NULL;

    if ((rc = csim_opts_read(&draw_spec, argc, argv, &f, &args)) != CSIM_EXIT_OK || args.help) {
        goto done;
    }
    const char *input = args.operands[0], *output = f.output;
    if (!f.have_year && !f.have_years) {
        rc = csim_cli_usage_error(cmd, "missing --year Y or --years A,B,... ('clustersim "
                                       "inspect FILE' lists the snapshots)");
        goto done;
    }

    const long long *years = f.years;
    const size_t n_years = f.n_years;
    const bool force = f.force;
    opt.layer[CSIM_LAYER_COLLABORATION] = f.layer != 2;
    opt.layer[CSIM_LAYER_SUPPLY] = f.layer != 1;
    opt.seed = f.seed;
    opt.connected_only = f.connected;
    opt.members_only = f.members;
    const size_t len = strlen(output);
    if (len > 4 && strcmp(output + len - 4, ".svg") == 0) {
        opt.svg = true;
    } else if (!(len > 4 && strcmp(output + len - 4, ".png") == 0)) {
        rc = csim_cli_usage_error(cmd, "-o '%s': the image's name must end in .png or .svg",
                                  output);
        goto done;
    }
    /* Before any work: without gnuplot there is nothing to do. */
    if ((st = csim_plot_find_gnuplot(gnuplot, sizeof gnuplot)) != CSIM_OK) {
        rc = csim_cli_report(cmd, st);
        goto done;
    }

    /* The input and the years are the user's choice: failures reading them exit 2. */
    st = csim_cli_trajectory_open(&reader, input);
    for (size_t k = 0; k < n_years && st == CSIM_OK; ++k) {
        panels[k].year = years[k];
        st = csim_snapshot_step_of_year(&reader, CSIM_FMT_CONNECTIVITY "/collaboration", years[k],
                                        &panels[k].step);
    }
    if (st != CSIM_OK) {
        csim_h5_reader_close(&reader);
        rc = csim_cli_report_input(cmd, input, st);
        goto done;
    }

    /* The output is refused (exists, folder missing) before the drawing. */
    if ((st = csim_cli_out_file_open(&out, output, force)) != CSIM_OK) {
        csim_h5_reader_close(&reader);
        rc = csim_cli_report(cmd, st);
        goto done;
    }
    const char *tmp = getenv("TMPDIR");
    snprintf(work, sizeof work, "%s/clustersim-draw-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (f.data) {
        if (snprintf(work, sizeof work, "%s", f.data) >= (int) sizeof work ||
            (st = csim_cli_make_folder(f.data)) != CSIM_OK) {
            work[0] = '\0';
            csim_h5_reader_close(&reader);
            rc = csim_cli_report(cmd, st != CSIM_OK ? st : CSIM_FAIL(CSIM_EINVAL, "--data: "
                                                                     "path too long"));
            goto done;
        }
    } else if (!mkdtemp(work)) {
        work[0] = '\0';
        csim_h5_reader_close(&reader);
        rc = csim_cli_report(cmd, csim_fail_plain(CSIM_EIO, "cannot create a working folder "
                                                            "for gnuplot: %s", strerror(errno)));
        goto done;
    }
    snprintf(path, sizeof path, "%s/draw.gp", work);
    script = fopen(path, "w");
    if (!script) {
        csim_h5_reader_close(&reader);
        rc = csim_cli_report(cmd, csim_fail_plain(CSIM_EIO, "cannot write %s: %s", path,
                                                  strerror(errno)));
        goto done;
    }
    const char *image = opt.svg ? "draw.svg" : "draw.png";
    bool bad_input = false;
    st = csim_draw_write(&reader, panels, n_years, &opt, work, image, script, stdout, &bad_input);
    csim_h5_reader_close(&reader);
    const bool script_failed = ferror(script) != 0;
    if (fclose(script) != 0 || script_failed) {
        st = st != CSIM_OK ? st : csim_fail_plain(CSIM_EIO, "cannot write %s", path);
    }
    script = NULL;
    if (bad_input) {
        rc = csim_cli_report_input(cmd, input, st);
        goto done;
    }
    if (st == CSIM_OK && (st = csim_plot_run(gnuplot, work, "draw.gp")) != CSIM_OK) {
        work[0] = '\0'; /* kept: the message names its script and gnuplot's log */
    }
    if (st == CSIM_OK) {
        snprintf(path, sizeof path, "%s/%s", work, image);
        st = copy_into(path, &out);
    }
    if (st == CSIM_OK) {
        st = csim_out_file_commit(&out);
    }
    if (st != CSIM_OK) {
        rc = csim_cli_report(cmd, st);
        goto done;
    }
    printf("%s: %zu panel%s and a legend (%s)\n", output, n_years, n_years == 1 ? "" : "s",
           opt.svg ? "svg" : "png");

done:
    if (script) {
        fclose(script);
    }
    csim_out_file_abort(&out);
    if (work[0] && !f.data) {
        remove_work(work);
    }
    csim_opt_args_destroy(&args);
    return rc;
}
