/* Handing out an ensemble's tasks and collecting their outcomes (scenarios/ensemble/farm.h). */
#define _POSIX_C_SOURCE 200809L

#include "scenarios/ensemble/farm.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scenarios/ensemble/index.h"
#include "sim/wall_clock.h"

/* The one mutable global of the command line: a signal handler can only talk to the
 * program through a volatile sig_atomic_t at file scope. */
static volatile sig_atomic_t interrupted_flag = 0;

static void on_signal(int sig) {
    if (interrupted_flag == 0) {
        interrupted_flag = sig; /* the first one: the ensemble dies of it at the end */
    }
}

void csim_farm_catch_signals(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    /* No SA_RESTART: a blocking wait returns EINTR and the loops look at the flag. */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    /* A hang-up (the terminal closed) stops an ensemble like Ctrl-C; under nohup it stays
     * ignored. */
    struct sigaction old;
    if (sigaction(SIGHUP, NULL, &old) == 0 && old.sa_handler != SIG_IGN) {
        sigaction(SIGHUP, &sa, NULL);
    }
}

bool csim_farm_interrupted(void) {
    return interrupted_flag != 0;
}

int csim_farm_signal(void) {
    return (int) interrupted_flag;
}

double csim_farm_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

csim_status csim_farm_init(csim_farm *farm, csim_ensemble *plan, const char *command, bool progress,
                           const char *log_path) {
    memset(farm, 0, sizeof *farm);
    farm->plan = plan;
    farm->command = command;
    farm->progress = progress;
    farm->t0 = csim_farm_now();
    farm->jobs = 1;
    farm->threads_per_task = 1;
    farm->ranks = 1;
    farm->queue = malloc((plan->n_tasks ? plan->n_tasks : 1) * sizeof *farm->queue);
    if (!farm->queue) {
        return CSIM_FAIL(CSIM_ENOMEM, "task queue of %zu", plan->n_tasks);
    }
    for (size_t t = 0; t < plan->n_tasks; ++t) {
        if (plan->tasks[t].state == CSIM_TASK_PENDING) {
            farm->queue[farm->n_queue++] = t;
        } else if (plan->tasks[t].reused) {
            farm->reused++;
        }
    }
    if (log_path) {
        farm->log = fopen(log_path, "a");
        if (!farm->log) {
            const csim_status st =
                CSIM_FAIL(CSIM_EIO, "cannot append to '%s': %s", log_path, strerror(errno));
            csim_farm_destroy(farm);
            return st;
        }
        char when[CSIM_WALL_CLOCK_ISO_SIZE];
        csim_wall_clock_iso(when, sizeof when);
        fprintf(farm->log, "# %s %s: %zu tasks, %zu complete from before, %zu to run\n", when,
                command, plan->n_tasks, farm->reused, farm->n_queue);
        fflush(farm->log);
    }
    return CSIM_OK;
}

void csim_farm_destroy(csim_farm *farm) {
    if (farm->log) {
        fclose(farm->log);
    }
    free(farm->queue);
    memset(farm, 0, sizeof *farm);
}

size_t csim_farm_remaining(const csim_farm *farm) {
    return farm->n_queue - farm->next;
}

bool csim_farm_next(csim_farm *farm, size_t *task) {
    if (csim_farm_interrupted() || farm->next >= farm->n_queue) {
        return false;
    }
    *task = farm->queue[farm->next++];
    farm->running++;
    return true;
}

void csim_farm_done(csim_farm *farm, size_t task, csim_status st, double wall_s, const char *error,
                    bool interrupted, const char *where) {
    csim_ensemble *plan = farm->plan;
    const csim_task_state state = interrupted     ? CSIM_TASK_PENDING
                                  : st == CSIM_OK ? CSIM_TASK_OK
                                                  : CSIM_TASK_FAILED;
    if (farm->running > 0) {
        farm->running--;
    }
    if (state == CSIM_TASK_OK) {
        farm->done_ok++;
    } else if (state == CSIM_TASK_FAILED) {
        farm->done_failed++;
    }
    if (csim_ensemble_set_result(
            plan, task, state, false, wall_s,
            state == CSIM_TASK_OK ? NULL : (error ? error : "unknown error")) != CSIM_OK) {
        plan->tasks[task].state = state; /* the text is lost, the outcome is not */
    }
    if (state == CSIM_TASK_FAILED) {
        csim_farm_end_progress(farm);
        fprintf(stderr, "clustersim %s: task %s failed: %s\n", farm->command,
                plan->tasks[task].file, error ? error : "unknown error");
    }
    if (farm->log) {
        char when[CSIM_WALL_CLOCK_ISO_SIZE];
        csim_wall_clock_iso(when, sizeof when);
        fprintf(farm->log, "%s run %s %s %.3f s%s%s%s%s\n", when, plan->tasks[task].file,
                csim_task_state_name(state), wall_s, where ? " on " : "", where ? where : "",
                state == CSIM_TASK_OK ? "" : ": ",
                state == CSIM_TASK_OK ? "" : (error ? error : ""));
        fflush(farm->log);
    }
    farm->last_draw = 0.0; /* redraw at the next tick */
    csim_farm_tick(farm);
}

void csim_farm_tick(csim_farm *farm) {
    if (!farm->progress) {
        return;
    }
    const double now = csim_farm_now();
    if (now - farm->last_draw < 0.2 && farm->last_draw > 0.0) {
        return;
    }
    farm->last_draw = now;
    const double elapsed = now - farm->t0;
    const size_t finished = farm->done_ok + farm->done_failed;
    const size_t total = farm->plan->n_tasks;
    const size_t left = csim_farm_remaining(farm) + farm->running;
    char eta[64] = "";
    /* Tasks of one plan take about equally long, so the rate so far predicts the rest. */
    if (finished > 0) {
        snprintf(eta, sizeof eta, ", ~%.0f s left", elapsed * (double) left / (double) finished);
    }
    fprintf(stderr, "\r%s: %zu/%zu done, %zu running, %zu failed, %.0f s elapsed%s   ",
            farm->command, farm->reused + finished, total, farm->running, farm->done_failed,
            elapsed, eta);
    fflush(stderr);
    farm->drawn = true;
}

void csim_farm_end_progress(csim_farm *farm) {
    if (farm->drawn) {
        fputc('\n', stderr);
        farm->drawn = false;
    }
}
