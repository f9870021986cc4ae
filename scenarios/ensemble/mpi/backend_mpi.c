/* The MPI backend of scenarios/ensemble/backend.h (clustersim-mpi): rank 0 hands out tasks one at a
 * time, the other ranks run them in-process with their OpenMP threads and report back.
 *
 * Protocol (point-to-point on MPI_COMM_WORLD):
 *   worker -> 0, TAG_REPORT: a report -- HELLO (ready; carries the plan's fingerprint),
 *                            RESULT (a task's outcome; ready for the next) or
 *                            UNAVAILABLE (this rank could not make the plan; why).
 *   0 -> worker, TAG_WORK:   one int64, the next task, or -1: stop.
 * Every worker sends exactly one HELLO or UNAVAILABLE first, so rank 0 can always release
 * every worker, even when its own set-up failed. Dynamic hand-out balances tasks of
 * unequal length; a task's data never depends on which rank ran it. */
#define _POSIX_C_SOURCE 200809L

#include "scenarios/ensemble/backend.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <mpi.h>
#include <omp.h>

#include "scenarios/ensemble/task.h"

enum { TAG_REPORT = 101, TAG_WORK = 102 };
enum { KIND_HELLO = 1, KIND_RESULT = 2, KIND_UNAVAILABLE = 3 };

/* A worker's message. Sent as bytes: the ranks of one job run the same binary. */
typedef struct report {
    int32_t kind;         /* KIND_*                                      */
    int32_t status;       /* RESULT: csim_status of the task             */
    int32_t threads;      /* OpenMP threads this rank uses               */
    int32_t pad;          /* keeps the layout explicit                   */
    int64_t task;         /* RESULT: the task                            */
    double wall_s;        /* RESULT: seconds it ran                      */
    uint64_t fingerprint; /* HELLO: the worker's plan                    */
    char text[2048];      /* RESULT: error; UNAVAILABLE: why             */
} report;

/* Set once by csim_par_init (before any thread exists) and read-only afterwards: the
 * process's place in the job is process-wide by nature. */
static int world_rank = 0;
static int world_size = 1;
static int default_threads = 1;

/* Threads a worker uses unless told: its affinity mask's cores, shared with the other
 * workers of its node when the mask is the whole node (mpirun --bind-to none). */
static int node_default_threads(void) {
    MPI_Comm node = MPI_COMM_NULL;
    int workers_here = 1;
    const int mine = world_rank != 0 ? 1 : 0;
    if (MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node) ==
        MPI_SUCCESS) {
        MPI_Allreduce(&mine, &workers_here, 1, MPI_INT, MPI_SUM, node);
        MPI_Comm_free(&node);
    }
    const int cores = omp_get_num_procs();
    const long online = sysconf(_SC_NPROCESSORS_ONLN);
    if (workers_here < 1) {
        workers_here = 1;
    }
    if (online > 0 && cores >= online) {
        return cores / workers_here > 0 ? cores / workers_here : 1;
    }
    return cores > 0 ? cores : 1;
}

/* An MPI launcher owns the processes: main must not re-execute one. */
bool csim_par_may_reexec(void) {
    return false;
}

int csim_par_init(int *argc, char ***argv) {
    int provided = 0;
    /* FUNNELED: only the main thread calls MPI; OpenMP threads run the model. */
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
        fprintf(stderr, "clustersim-mpi: MPI_Init_thread failed\n");
        return 1;
    }
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    default_threads = node_default_threads();
    if (world_rank != 0 && !getenv("CSIM_MPI_VERBOSE")) {
        /* Workers report through rank 0; N copies of every message would drown it. */
        const int fd = open("/dev/null", O_WRONLY);
        if (fd >= 0) {
            dup2(fd, STDOUT_FILENO);
            dup2(fd, STDERR_FILENO);
            close(fd);
        }
    }
    return 0;
}

void csim_par_finalize(void) {
    MPI_Finalize();
}

int csim_par_rank(void) {
    return world_rank;
}

int csim_par_size(void) {
    return world_size;
}

bool csim_par_distributed(const char *command) {
    return strcmp(command, "ensemble") == 0 || strcmp(command, "sweep") == 0;
}

static int threads_for(const csim_par_request *req) {
    unsigned long long n = req->threads ? req->threads : csim_par_env_threads();
    return n > 0 ? (int) n : default_threads;
}

static void send_stop(int rank) {
    const int64_t stop = -1;
    MPI_Send(&stop, 1, MPI_INT64_T, rank, TAG_WORK, MPI_COMM_WORLD);
}

void csim_par_release(void) {
    for (int k = 1; k < world_size; ++k) {
        report msg;
        MPI_Status status;
        MPI_Recv(&msg, (int) sizeof msg, MPI_BYTE, MPI_ANY_SOURCE, TAG_REPORT, MPI_COMM_WORLD,
                 &status);
        if (msg.kind == KIND_HELLO) {
            send_stop(status.MPI_SOURCE);
        }
    }
}

/* One rank alone: run the tasks here, one after the other, with all its threads. */
static csim_status run_alone(csim_farm *farm, const csim_par_request *req) {
    const int threads = threads_for(req);
    farm->jobs = 1;
    farm->threads_per_task = threads;
    farm->ranks = 1;
    omp_set_num_threads(threads);
    size_t t = 0;
    while (csim_farm_next(farm, &t)) {
        double wall = 0.0;
        csim_clear_error();
        const csim_status st = csim_task_run(farm->plan, t, threads, 1, &wall);
        csim_farm_done(farm, t, st, wall, st == CSIM_OK ? NULL : csim_last_error(), false,
                       "rank 0");
    }
    return CSIM_OK;
}

csim_status csim_par_run(csim_farm *farm, const csim_par_request *req, uint64_t fingerprint) {
    if (world_size == 1) {
        return run_alone(farm, req);
    }
    if (req->jobs) {
        csim_farm_end_progress(farm);
        fprintf(stderr,
                "clustersim %s: --jobs is ignored under MPI: each of the %d worker ranks "
                "runs one task at a time\n",
                farm->command, world_size - 1);
    }
    farm->jobs = world_size - 1;
    farm->ranks = world_size;
    farm->threads_per_task = threads_for(req);
    int active = world_size - 1;
    while (active > 0) {
        int flag = 0;
        MPI_Status status;
        MPI_Iprobe(MPI_ANY_SOURCE, TAG_REPORT, MPI_COMM_WORLD, &flag, &status);
        if (!flag) {
            /* Sleep instead of a blocking receive: Open MPI's blocking calls spin, and
             * rank 0 usually shares a node (often a core) with workers. */
            csim_farm_tick(farm);
            const struct timespec pause = {0, 2 * 1000 * 1000};
            nanosleep(&pause, NULL);
            continue;
        }
        report msg;
        MPI_Recv(&msg, (int) sizeof msg, MPI_BYTE, status.MPI_SOURCE, TAG_REPORT, MPI_COMM_WORLD,
                 &status);
        const int src = status.MPI_SOURCE;
        msg.text[sizeof msg.text - 1] = '\0';
        char where[32];
        snprintf(where, sizeof where, "rank %d", src);
        if (msg.kind == KIND_UNAVAILABLE) {
            csim_farm_end_progress(farm);
            fprintf(stderr, "clustersim %s: rank %d cannot run tasks: %s\n", farm->command, src,
                    msg.text);
            active--;
            continue;
        }
        if (msg.kind == KIND_HELLO && msg.fingerprint != fingerprint) {
            csim_farm_end_progress(farm);
            fprintf(stderr,
                    "clustersim %s: rank %d made a different task list (do the nodes see "
                    "different files?); it gets no tasks\n",
                    farm->command, src);
            send_stop(src);
            active--;
            continue;
        }
        if (msg.kind == KIND_RESULT && msg.task >= 0 && (size_t) msg.task < farm->plan->n_tasks) {
            csim_farm_done(farm, (size_t) msg.task, (csim_status) msg.status, msg.wall_s,
                           msg.status == CSIM_OK ? NULL : msg.text, false, where);
        }
        farm->threads_per_task = msg.threads;
        size_t t = 0;
        if (csim_farm_next(farm, &t)) {
            const int64_t task = (int64_t) t;
            MPI_Send(&task, 1, MPI_INT64_T, src, TAG_WORK, MPI_COMM_WORLD);
        } else {
            send_stop(src);
            active--;
        }
    }
    return CSIM_OK;
}

int csim_par_serve(const csim_ensemble *plan, const char *plan_error, int plan_rc,
                   const csim_par_request *req, uint64_t fingerprint) {
    report msg;
    memset(&msg, 0, sizeof msg);
    const int threads = threads_for(req);
    msg.threads = threads;
    if (!plan) {
        msg.kind = KIND_UNAVAILABLE;
        snprintf(msg.text, sizeof msg.text, "%s", plan_error ? plan_error : "nothing to run");
        MPI_Send(&msg, (int) sizeof msg, MPI_BYTE, 0, TAG_REPORT, MPI_COMM_WORLD);
        return plan_rc;
    }
    omp_set_num_threads(threads);
    msg.kind = KIND_HELLO;
    msg.fingerprint = fingerprint;
    MPI_Send(&msg, (int) sizeof msg, MPI_BYTE, 0, TAG_REPORT, MPI_COMM_WORLD);
    for (;;) {
        int64_t task = -1;
        MPI_Recv(&task, 1, MPI_INT64_T, 0, TAG_WORK, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (task < 0) {
            break;
        }
        memset(&msg, 0, sizeof msg);
        msg.kind = KIND_RESULT;
        msg.threads = threads;
        msg.task = task;
        csim_clear_error();
        const csim_status st =
            (size_t) task < plan->n_tasks
                ? csim_task_run(plan, (size_t) task, threads, world_size, &msg.wall_s)
                : CSIM_FAIL(CSIM_EINVAL, "task %lld out of range", (long long) task);
        msg.status = (int32_t) st;
        if (st != CSIM_OK) {
            snprintf(msg.text, sizeof msg.text, "%s", csim_last_error());
        }
        MPI_Send(&msg, (int) sizeof msg, MPI_BYTE, 0, TAG_REPORT, MPI_COMM_WORLD);
    }
    return 0;
}
