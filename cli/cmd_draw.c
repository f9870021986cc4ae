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
#include "analysis/readers/trajectory_file.h"
#include "sim/h5_read.h"
#include "sim/out_file.h"

#define MAX_PANELS 16

static void usage(FILE *out) {
    fputs("usage: clustersim draw FILE --year Y | --years A,B,... -o OUT.png|OUT.svg\n"
          "                       [--layer collaboration|supply|both] [--connected] [--members]\n"
          "                       [--seed S] [--data FOLDER] [--force]\n"
          "\n"
          "Draw the collaboration and supply networks of the trajectory FILE at the last\n"
          "snapshot of year Y (its December with the default run.snapshot_interval), or one\n"
          "panel per year with --years, and a legend. Shape and size: hubs (large pentagons),\n"
          "large firms, tier 1, 2 and 3 suppliers, independent firms, institutions; colour:\n"
          "membership of a mini-cluster (red), else of a working group (blue), else of a\n"
          "firm-led organisation (green), else none (grey). Supply links are solid blue,\n"
          "collaboration ties dashed orange. Positions come from igraph's Fruchterman-Reingold\n"
          "layout over every panel at once, from a fixed seed: an actor stands at the same\n"
          "place in every panel, and the same file gives the same picture.\n"
          "\n"
          "  --year Y           one snapshot: the last one of calendar year Y\n"
          "  --years A,B,...    small multiples: one panel per year (at most 16)\n"
          "  -o, --output OUT   the image: OUT.png (PNG, pngcairo) or OUT.svg (SVG); written\n"
          "                     under a temporary name and renamed when complete\n"
          "  --layer L          collaboration, supply or both (default both)\n"
          "  --connected        only actors with at least one drawn edge in the panel (the\n"
          "                     baseline's 2,000 firms are easier to read)\n"
          "  --members          only hubs, institutions and firms in an MC, WG or organisation\n"
          "  --seed S           seed of the layout (default 1)\n"
          "  --data FOLDER      keep the gnuplot script (draw.gp) and its data files there\n"
          "                     (created if missing; draw_*.dat give each actor's position\n"
          "                     and style by actor id), to edit and re-run the picture\n"
          "  --force            replace OUT if it exists\n"
          "  -h, --help         show this help\n"
          "\n"
          "Needs gnuplot (Debian: gnuplot-nox). Exit codes: 0 success, 1 runtime failure\n"
          "(gnuplot missing or failing, OUT not writable, memory), 2 bad arguments, a year\n"
          "without a snapshot (the years that have one are named), or FILE missing, damaged\n"
          "or not a trajectory.\n",
          out);
}

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
    const char *input = NULL, *output = NULL, *data = NULL;
    long long years[MAX_PANELS];
    size_t n_years = 0;
    bool have_year = false, have_years = false, force = false;
    csim_draw_options opt = {.layer = {true, true}, .seed = 1};
    csim_draw_panel panels[MAX_PANELS];
    int rc = CSIM_EXIT_OK;
    csim_status st = CSIM_OK;
    csim_h5_reader reader = {0};
    csim_out_file out = {0};
    char gnuplot[4096], work[4096] = "", path[4096];
    FILE *script = NULL;
    unsigned long long v = 0;

    for (int a = 1; a < argc; ++a) {
        const char *arg = argv[a];
        const char *next = a + 1 < argc ? argv[a + 1] : NULL;
        if (csim_cli_is_help(arg)) {
            usage(stdout);
            goto done;
        } else if (strcmp(arg, "-o") == 0 || strcmp(arg, "--output") == 0) {
            if (!next) {
                rc = csim_cli_usage_error(cmd, "%s needs a file name (OUT.png or OUT.svg)", arg);
                goto done;
            }
            output = next;
            ++a;
        } else if (strcmp(arg, "--year") == 0 || strcmp(arg, "--years") == 0) {
            const bool one = strcmp(arg, "--year") == 0;
            if (!next) {
                rc = csim_cli_usage_error(cmd, "%s needs %s", arg,
                                          one ? "a calendar year" : "years A,B,...");
                goto done;
            }
            if (have_year || have_years) {
                rc = csim_cli_usage_error(cmd, "give --year or --years once");
                goto done;
            }
            if (parse_year_list(next, years, &n_years) != 0) {
                rc = CSIM_EXIT_USAGE;
                goto done;
            }
            if (one && n_years != 1) {
                rc = csim_cli_usage_error(cmd, "--year takes one year; --years A,B,... several");
                goto done;
            }
            have_year = one;
            have_years = !one;
            ++a;
        } else if (strcmp(arg, "--layer") == 0) {
            static const char *const names[] = {"both", "collaboration", "supply"};
            const int k = csim_cli_parse_choice(cmd, arg, next, names, 3);
            if (k < 0) {
                rc = CSIM_EXIT_USAGE;
                goto done;
            }
            opt.layer[CSIM_LAYER_COLLABORATION] = k != 2;
            opt.layer[CSIM_LAYER_SUPPLY] = k != 1;
            ++a;
        } else if (strcmp(arg, "--seed") == 0) {
            if (csim_cli_parse_count(cmd, arg, next, UINT32_MAX, &v) != 0) {
                rc = CSIM_EXIT_USAGE;
                goto done;
            }
            opt.seed = v;
            ++a;
        } else if (strcmp(arg, "--data") == 0) {
            if (!next) {
                rc = csim_cli_usage_error(cmd, "--data needs a folder name");
                goto done;
            }
            data = next;
            ++a;
        } else if (strcmp(arg, "--connected") == 0) {
            opt.connected_only = true;
        } else if (strcmp(arg, "--members") == 0) {
            opt.members_only = true;
        } else if (strcmp(arg, "--force") == 0) {
            force = true;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            rc = csim_cli_usage_error(cmd, "unknown option '%s'", arg);
            goto done;
        } else if (!input) {
            input = arg;
        } else {
            rc = csim_cli_usage_error(cmd, "one file at a time (got '%s' and '%s')", input, arg);
            goto done;
        }
    }
    if (!input) {
        rc = csim_cli_usage_error(cmd, "missing FILE (a trajectory)");
        goto done;
    }
    if (!have_year && !have_years) {
        rc = csim_cli_usage_error(cmd, "missing --year Y or --years A,B,... ('clustersim "
                                       "inspect FILE' lists the snapshots)");
        goto done;
    }
    if (!output) {
        rc = csim_cli_usage_error(cmd, "missing -o OUT.png or -o OUT.svg");
        goto done;
    }
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
        fprintf(stderr, "clustersim draw: %s\n", csim_last_error());
        rc = CSIM_EXIT_FAILURE;
        goto done;
    }

    /* The input and the years are the user's choice: failures reading them exit 2. */
    st = csim_h5_reader_open(&reader, input);
    if (st == CSIM_OK) {
        st = csim_trajectory_file_check(&reader);
    }
    for (size_t k = 0; k < n_years && st == CSIM_OK; ++k) {
        panels[k].year = years[k];
        st = csim_snapshot_step_of_year(&reader, "/connectivity/collaboration", years[k],
                                        &panels[k].step);
    }
    if (st != CSIM_OK) {
        csim_h5_reader_close(&reader);
        rc = csim_cli_report_input(cmd, input, st);
        goto done;
    }

    /* The output is refused (exists, folder missing) before the drawing. */
    if ((st = csim_cli_make_parent_dirs(output)) != CSIM_OK ||
        (st = csim_out_file_open(&out, output, force)) != CSIM_OK) {
        csim_h5_reader_close(&reader);
        rc = csim_cli_report(cmd, st);
        goto done;
    }
    const char *tmp = getenv("TMPDIR");
    snprintf(work, sizeof work, "%s/clustersim-draw-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (data) {
        if (snprintf(work, sizeof work, "%s", data) >= (int) sizeof work ||
            (st = csim_cli_make_folder(data)) != CSIM_OK) {
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
    if (work[0] && !data) {
        remove_work(work);
    }
    return rc;
}
