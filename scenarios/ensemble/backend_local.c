/* The local backend of scenarios/ensemble/backend.h: a pool of forked worker processes. */
#define _POSIX_C_SOURCE 200809L

#include "scenarios/ensemble/backend.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <omp.h>

#include "scenarios/ensemble/task.h"
#include "sim/tmp_file.h"

/* What a worker tells its parent through the pipe, in one write (< PIPE_BUF, so it
 * arrives whole even if the worker dies right after). */
typedef struct task_report {
    int status;       /* csim_status of the task             */
    double wall_s;    /* seconds it ran                      */
    char error[2048]; /* csim_last_error() when it failed    */
} task_report;

_Static_assert(sizeof(task_report) <= 4096, "a report must fit one atomic pipe write");

/* A running worker. */
typedef struct slot {
    pid_t pid;   /* the worker process, 0 when the slot is free */
    size_t task; /* its task                                    */
    int fd;      /* read end of its pipe                        */
} slot;

int csim_par_init(int *argc, char ***argv) {
    (void) argc;
    (void) argv;
    return 0;
}

/* The process is the user's own: main may re-execute it (cli/omp_defaults.h). */
bool csim_par_may_reexec(void) {
    return true;
}

void csim_par_finalize(void) {
}

int csim_par_rank(void) {
    return 0;
}

int csim_par_size(void) {
    return 1;
}

bool csim_par_distributed(const char *command) {
    (void) command;
    return false;
}

void csim_par_release(void) {
}

int csim_par_serve(const csim_ensemble *plan, const char *plan_error, int plan_rc,
                   const csim_par_request *req, uint64_t fingerprint) {
    (void) plan;
    (void) plan_error;
    (void) req;
    (void) fingerprint;
    return plan_rc;
}

/* Cores this process may run on. omp_get_num_procs() honours the affinity mask (taskset,
 * cgroup cpusets, a batch system's allocation) and, unlike a parallel region, starts no
 * threads, so the parent stays fork-safe. */
static unsigned long long available_cores(void) {
    const int n = omp_get_num_procs();
    return n > 0 ? (unsigned long long) n : 1;
}

/* The child: run one task with `threads` OpenMP threads, report, exit. Never returns. */
static void run_child(const csim_ensemble *plan, size_t t, int threads, int fd,
                      const sigset_t *mask) {
    task_report rep;
    memset(&rep, 0, sizeof rep);
    /* The parent's handlers only set its flag; a worker stops at once like any program --
     * removing its temporary, then dying of the signal (sim/tmp_file.h) -- with the
     * signal mask the parent had before it blocked SIGCHLD. */
    csim_tmp_file_catch_signal(SIGINT);
    csim_tmp_file_catch_signal(SIGTERM);
    csim_tmp_file_catch_signal(SIGHUP);
    sigprocmask(SIG_SETMASK, mask, NULL);
    omp_set_num_threads(threads);
    csim_clear_error();
    const csim_status st = csim_task_run(plan, t, threads, 1, &rep.wall_s);
    rep.status = (int) st;
    if (st != CSIM_OK) {
        snprintf(rep.error, sizeof rep.error, "%s", csim_last_error());
    }
    ssize_t put = write(fd, &rep, sizeof rep);
    close(fd);
    /* _exit: the parent's stdio buffers and exit handlers are the parent's business. */
    _exit(st == CSIM_OK && put == (ssize_t) sizeof rep ? 0 : 1);
}

/* Read the report of a finished worker and record it. */
static void collect(csim_farm *farm, slot *s, int wstatus) {
    task_report rep;
    size_t got = 0;
    memset(&rep, 0, sizeof rep);
    while (got < sizeof rep) {
        const ssize_t n = read(s->fd, (char *) &rep + got, sizeof rep - got);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        got += (size_t) n;
    }
    close(s->fd);
    char where[64];
    snprintf(where, sizeof where, "pid %ld", (long) s->pid);
    if (got == sizeof rep) {
        rep.error[sizeof rep.error - 1] = '\0';
        const csim_status st = (csim_status) rep.status;
        csim_farm_done(farm, s->task, st, rep.wall_s, st == CSIM_OK ? NULL : rep.error, false,
                       where);
    } else {
        char why[256];
        const bool signalled = WIFSIGNALED(wstatus);
        if (signalled && csim_farm_interrupted()) {
            snprintf(why, sizeof why, "interrupted (worker process stopped by signal %d, %s)",
                     WTERMSIG(wstatus), strsignal(WTERMSIG(wstatus)));
        } else if (signalled) {
            snprintf(why, sizeof why, "worker process killed by signal %d (%s)", WTERMSIG(wstatus),
                     strsignal(WTERMSIG(wstatus)));
        } else {
            snprintf(why, sizeof why, "worker process exited with code %d without a report",
                     WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1);
        }
        /* A worker the user's Ctrl-C (or our forwarded SIGTERM) stopped is not a failure of
         * the task: it stays pending and the next invocation runs it. */
        csim_farm_done(farm, s->task, CSIM_EINTERNAL, 0.0, why,
                       signalled && csim_farm_interrupted(), where);
    }
    s->pid = 0;
    s->fd = -1;
}

csim_status csim_par_run(csim_farm *farm, const csim_par_request *req, uint64_t fingerprint) {
    (void) fingerprint; /* one process made the plan: nothing to compare */
    const size_t pending = csim_farm_remaining(farm);
    const unsigned long long cores = available_cores();
    unsigned long long total = req->threads ? req->threads : csim_par_env_threads();
    if (total == 0) {
        total = cores;
    }
    /* Default: one task per thread (tasks scale perfectly; OpenMP inside a small model
     * does not), unless there are fewer tasks than threads, whose spare threads then go
     * to the tasks' OpenMP loops. */
    unsigned long long jobs = req->jobs ? req->jobs : total;
    if (!req->jobs && pending > 0 && jobs > pending) {
        jobs = pending;
    }
    if (jobs == 0) {
        jobs = 1;
    }
    const unsigned long long per = total / jobs > 0 ? total / jobs : 1;
    farm->jobs = (int) jobs;
    farm->threads_per_task = (int) per;
    farm->ranks = 1;

    slot *slots = calloc((size_t) jobs, sizeof *slots);
    if (!slots) {
        return CSIM_FAIL(CSIM_ENOMEM, "%llu worker slots", jobs);
    }
    /* SIGCHLD stays blocked (pending) so that sigtimedwait below wakes the moment a worker
     * ends: no polling delay between tasks, yet a progress line is redrawn while waiting. */
    sigset_t chld, old_mask;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, &old_mask);
    size_t running = 0;
    bool forwarded = false;
    for (;;) {
        /* Fill the free slots. */
        for (size_t k = 0; k < (size_t) jobs && !csim_farm_interrupted(); ++k) {
            if (slots[k].pid != 0) {
                continue;
            }
            size_t t = 0;
            if (!csim_farm_next(farm, &t)) {
                break;
            }
            int fds[2];
            if (pipe(fds) != 0) {
                char why[256];
                snprintf(why, sizeof why, "cannot create a pipe for the worker: %s",
                         strerror(errno));
                csim_farm_done(farm, t, CSIM_EIO, 0.0, why, false, NULL);
                continue;
            }
            fflush(stdout);
            fflush(stderr);
            const pid_t pid = fork();
            if (pid < 0) {
                char why[256];
                snprintf(why, sizeof why, "cannot start a worker process: %s", strerror(errno));
                close(fds[0]);
                close(fds[1]);
                csim_farm_done(farm, t, CSIM_EIO, 0.0, why, false, NULL);
                continue;
            }
            if (pid == 0) {
                close(fds[0]);
                run_child(farm->plan, t, (int) per, fds[1], &old_mask);
            }
            close(fds[1]);
            slots[k] = (slot){pid, t, fds[0]};
            running++;
        }
        if (running == 0) {
            break;
        }
        if (csim_farm_interrupted() && !forwarded) {
            /* Stop the workers now rather than after their tasks: their partial files are
             * temporaries, removed by the next invocation, which redoes their tasks. */
            for (size_t k = 0; k < (size_t) jobs; ++k) {
                if (slots[k].pid != 0) {
                    kill(slots[k].pid, SIGTERM);
                }
            }
            forwarded = true;
        }
        int wstatus = 0;
        const pid_t pid = waitpid(-1, &wstatus, WNOHANG);
        if (pid == 0 || (pid < 0 && errno == EINTR)) {
            csim_farm_tick(farm);
            /* Returns on SIGCHLD, on SIGINT/SIGTERM (EINTR) or after 0.2 s. */
            const struct timespec wait_at_most = {0, 200 * 1000 * 1000};
            (void) sigtimedwait(&chld, NULL, &wait_at_most);
            continue;
        }
        if (pid < 0) {
            break; /* ECHILD: nothing left to wait for (cannot happen while running > 0) */
        }
        for (size_t k = 0; k < (size_t) jobs; ++k) {
            if (slots[k].pid == pid) {
                collect(farm, &slots[k], wstatus);
                running--;
                break;
            }
        }
    }
    sigprocmask(SIG_SETMASK, &old_mask, NULL);
    free(slots);
    return CSIM_OK;
}
