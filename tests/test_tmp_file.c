/* Tests of sim/tmp_file.h: a fatal signal at any moment of a temporary's life leaves no
 * temporary behind. A child creates and removes temporaries as fast as it can while the
 * parent kills it with SIGTERM after a different delay each round; the handler must
 * remove whatever temporary exists at that instant, including one being created (its
 * name registered before the file exists) or being removed (its name unregistered only
 * after the file is gone). */

/* POSIX 2008 for mkdtemp, opendir, nanosleep under -std=c11. */
#define _POSIX_C_SOURCE 200809L

#include <criterion/criterion.h>

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sim/tmp_file.h"
#include "tests/support/test_support.h"

TestSuite(tmp_file, .init = csim_test_quiet_libraries);

/* Entries of `dir` whose name contains ".tmp-". */
static int temporaries(const char *dir) {
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    int n = 0;
    for (struct dirent *e = readdir(d); e; e = readdir(d)) {
        n += strstr(e->d_name, ".tmp-") != NULL;
    }
    closedir(d);
    return n;
}

/* The child: temporaries created and removed in a loop until a signal kills it. */
static void churn(const char *dir, const char *final_path) {
    csim_tmp_file_catch_signal(SIGTERM);
    for (;;) {
        csim_tmp_file t;
        if (csim_tmp_file_create(&t, dir, "churn.h5", final_path) != CSIM_OK) {
            _exit(3);
        }
        csim_tmp_file_release(&t, true);
    }
}

Test(tmp_file, a_fatal_signal_at_any_moment_leaves_no_temporary) {
    char dir[] = "/tmp/csim-tmpfile-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char final_path[64];
    snprintf(final_path, sizeof final_path, "%s/churn.h5", dir);
    const int rounds = 200;
    int left = 0;
    for (int r = 0; r < rounds; ++r) {
        const pid_t pid = fork();
        cr_assert_geq(pid, 0);
        if (pid == 0) {
            churn(dir, final_path);
        }
        /* 0.1 to 2 ms: each round stops the child at another point of its loop. */
        const struct timespec delay = {0, 100000L + (long) ((r * 7919) % 1900) * 1000L};
        nanosleep(&delay, NULL);
        kill(pid, SIGTERM);
        int status = 0;
        cr_assert_eq(waitpid(pid, &status, 0), pid);
        cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM,
                  "round %d: the child did not die of SIGTERM (status %d)", r, status);
        const int n = temporaries(dir);
        left += n;
        if (n > 0) { /* remove them so that each round counts its own */
            DIR *d = opendir(dir);
            for (struct dirent *e = readdir(d); e; e = readdir(d)) {
                if (strstr(e->d_name, ".tmp-")) {
                    char path[512];
                    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
                    unlink(path);
                }
            }
            closedir(d);
        }
    }
    rmdir(dir);
    cr_assert_eq(left, 0, "%d temporaries left over %d rounds", left, rounds);
}
