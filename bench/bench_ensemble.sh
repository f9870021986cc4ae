#!/usr/bin/env bash
# Ensemble throughput: replicates per second of a 64-replicate baseline ensemble
# (`clustersim ensemble scenarios/gumi-baseline.yaml --replicates 64`) on 1 and on 2
# cores. One JSON line per case on stdout. Not part of ctest (docs/CONVENTIONS.md rule 26).
#
#   bash bench/bench_ensemble.sh [BUILD_DIR]        # default: build
#   BENCH_REPLICATES=16 BENCH_STEPS=60 bash bench/bench_ensemble.sh build   # quicker
#   BENCH_CORES="1 2 4 8" bash bench/bench_ensemble.sh                        # more cases
#   BENCH_MPI=1 ...   also run clustersim-mpi with one worker rank per core (+ rank 0)
#
# Each case is pinned to its cores with taskset (when present), runs --threads C (one
# task per core, one OpenMP thread each: the ensemble's default) into a fresh folder,
# and is timed by wall clock. Compare numbers only from the same machine kind.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$here/build}"
bin="$build/clustersim"
reps="${BENCH_REPLICATES:-64}"
steps="${BENCH_STEPS:-156}"
scale="${BENCH_SCALE:-1}"
cores_list="${BENCH_CORES:-1 2}"
scenario="$here/scenarios/gumi-baseline.yaml"
[ -x "$bin" ] || { echo "bench_ensemble: no $bin (build first)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
online="$(nproc --all 2>/dev/null || echo 1)"

pin() {  # pin CORES command...: run on cores 0..CORES-1 when taskset exists
    local c="$1"
    shift
    if command -v taskset >/dev/null 2>&1; then
        taskset -c "0-$((c - 1))" "$@"
    else
        "$@"
    fi
}

# The 1-minute load average before a case: on a shared machine, a load above zero means
# other work competed for the cores and the case ran slower than it would alone.
load() {
    cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo -1
}

report() {  # report MODE CORES JOBS THREADS SECONDS LOAD_BEFORE
    awk -v mode="$1" -v c="$2" -v j="$3" -v t="$4" -v s="$5" -v l="$6" -v r="$reps" \
        -v st="$steps" -v sc="$scale" -v host="$(hostname)" -v cpus="$online" 'BEGIN {
        printf "{\"bench\":\"ensemble\",\"mode\":\"%s\",\"scenario\":\"gumi-baseline\",\"replicates\":%d,\"steps\":%d,\"scale\":%s,\"cores\":%d,\"jobs\":%d,\"threads_per_task\":%d,\"seconds\":%.3f,\"replicates_per_s\":%.4f,\"host\":\"%s\",\"cpus_online\":%d,\"loadavg_before\":%s}\n",
               mode, r, st, sc, c, j, t, s, r / s, host, cpus, l }'
}

for c in $cores_list; do
    if [ "$c" -gt "$online" ]; then
        echo "bench_ensemble: skipping $c cores (this machine has $online)" >&2
        continue
    fi
    out="$work/local-$c"
    l0=$(load)
    t0=$(date +%s.%N)
    pin "$c" "$bin" ensemble "$scenario" --replicates "$reps" -o "$out" --threads "$c" --quiet \
        --set run.steps="$steps" --set run.scale="$scale" >/dev/null
    t1=$(date +%s.%N)
    report local "$c" "$c" 1 "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" "$l0"
    if [ "${BENCH_MPI:-0}" = 1 ] && [ -x "$build/clustersim-mpi" ]; then
        out="$work/mpi-$c"
        l0=$(load)
        t0=$(date +%s.%N)
        pin "$c" mpirun --allow-run-as-root --oversubscribe --bind-to none -np $((c + 1)) \
            "$build/clustersim-mpi" ensemble "$scenario" --replicates "$reps" -o "$out" \
            --threads 1 --quiet --set run.steps="$steps" --set run.scale="$scale" >/dev/null
        t1=$(date +%s.%N)
        report mpi "$c" "$c" 1 "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" "$l0"
    fi
done
