/* Tests of sim/out_file.h: a text file appears under its final name only on commit, an
 * existing file is refused without force and replaced with it, and an abort or an
 * unwritable folder leaves nothing behind. */

/* POSIX 2008 for opendir under -std=c11. */
#define _POSIX_C_SOURCE 200809L

#include <criterion/criterion.h>

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "sim/out_file.h"
#include "tests/support/test_support.h"

TestSuite(out_file, .init = csim_test_quiet_libraries);

static bool exists(const char *path) {
    struct stat info;
    return stat(path, &info) == 0;
}

/* Entries of `dir` other than . and .. */
static int entries(const char *dir) {
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    int n = 0;
    for (struct dirent *e = readdir(d); e; e = readdir(d)) {
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    }
    closedir(d);
    return n;
}

static void slurp(const char *path, char *buf, size_t size) {
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "%s", path);
    const size_t n = fread(buf, 1, size - 1, f);
    buf[n] = '\0';
    fclose(f);
}

Test(out_file, appears_only_on_commit) {
    char dir[1024], path[1200], text[64];
    csim_test_scratch_file(dir, sizeof dir, path, sizeof path, "out_commit", "net.csv");
    csim_out_file f;
    CSIM_ASSERT_OK(csim_out_file_open(&f, path, false));
    cr_assert(fputs("a,b\n", f.fp) >= 0);
    cr_assert_not(exists(path), "nothing under the final name while writing");
    cr_assert_eq(entries(dir), 1, "only the temporary file");
    CSIM_ASSERT_OK(csim_out_file_commit(&f));
    cr_assert_null(f.fp);
    slurp(path, text, sizeof text);
    cr_assert_str_eq(text, "a,b\n");
    cr_assert_eq(entries(dir), 1, "no temporary file left");
    csim_out_file_abort(&f); /* after commit: harmless */
    cr_assert(exists(path));
}

Test(out_file, existing_file_refused_without_force_replaced_with_it) {
    char dir[1024], path[1200], text[64];
    csim_test_scratch_file(dir, sizeof dir, path, sizeof path, "out_force", "net.csv");
    cr_assert_eq(csim_test_write_file(path, "old\n"), 0);
    csim_out_file f;
    cr_assert_eq(csim_out_file_open(&f, path, false), CSIM_EEXIST);
    cr_assert(strstr(csim_last_error(), "--force"), "%s", csim_last_error());
    cr_assert_eq(entries(dir), 1, "the refusal leaves nothing");
    CSIM_ASSERT_OK(csim_out_file_open(&f, path, true));
    fputs("new\n", f.fp);
    slurp(path, text, sizeof text);
    cr_assert_str_eq(text, "old\n", "untouched until commit");
    CSIM_ASSERT_OK(csim_out_file_commit(&f));
    slurp(path, text, sizeof text);
    cr_assert_str_eq(text, "new\n");
}

Test(out_file, file_appearing_before_commit_is_kept_without_force) {
    char dir[1024], path[1200], text[64];
    csim_test_scratch_file(dir, sizeof dir, path, sizeof path, "out_race", "net.csv");
    csim_out_file f;
    CSIM_ASSERT_OK(csim_out_file_open(&f, path, false));
    fputs("mine\n", f.fp);
    cr_assert_eq(csim_test_write_file(path, "theirs\n"), 0);
    cr_assert_eq(csim_out_file_commit(&f), CSIM_EEXIST);
    slurp(path, text, sizeof text);
    cr_assert_str_eq(text, "theirs\n");
    cr_assert_eq(entries(dir), 1, "the temporary file is removed");
}

Test(out_file, abort_and_bad_paths_leave_nothing) {
    char dir[1024], path[1200];
    csim_test_scratch_file(dir, sizeof dir, path, sizeof path, "out_abort", "net.csv");
    csim_out_file f;
    CSIM_ASSERT_OK(csim_out_file_open(&f, path, false));
    fputs("x\n", f.fp);
    csim_out_file_abort(&f);
    csim_out_file_abort(&f);
    cr_assert_eq(entries(dir), 0);
    cr_assert_eq(csim_out_file_commit(&f), CSIM_EINVAL, "not open");

    snprintf(path, sizeof path, "%s/missing/net.csv", dir);
    cr_assert_eq(csim_out_file_open(&f, path, false), CSIM_EIO);
    cr_assert(strstr(csim_last_error(), "missing"), "%s", csim_last_error());
    cr_assert_eq(csim_out_file_open(&f, "", false), CSIM_EINVAL);
    cr_assert_eq(csim_out_file_open(&f, NULL, false), CSIM_EINVAL);
    snprintf(path, sizeof path, "%s/", dir);
    cr_assert_eq(csim_out_file_open(&f, path, false), CSIM_EINVAL, "a folder");
    cr_assert_eq(csim_out_file_open(&f, dir, true), CSIM_EIO, "an existing folder");
    cr_assert_eq(entries(dir), 0);
    csim_out_file zero = {0};
    csim_out_file_abort(&zero);
}
