#!/bin/sh
# Run every benchmark from an existing build folder and print JSON lines (one per case)
# on stdout; builds nothing. Figures and how to read them: bench/README.md.
#
#   bench/run_all.sh [BUILD_DIR]          (default: build)
#   BENCH_QUICK=1 bench/run_all.sh ...    (small sizes only: a smoke run of a few minutes)
#
# Run from the repository root (the scenarios are read from scenarios/). Threads: 1 and
# all cores (nproc). Timings are only comparable within one run on one machine.
set -eu
build=${1:-build}
bench="$build/bench"
for b in bench_docking bench_model bench_output; do
    if [ ! -x "$bench/$b" ]; then
        echo "run_all.sh: $bench/$b not found: build the project first (cmake --build $build)" >&2
        exit 2
    fi
done
cores=$(nproc)
threads="1,$cores"
[ "$cores" -gt 1 ] || threads=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ "${BENCH_QUICK:-0}" = 1 ]; then
    "$bench/bench_docking" --sizes 1000,10000,100000 --threads "$threads" --repeats 3
    "$bench/bench_model" --scales 1 --threads "$threads" --repeats 3 --output "$tmp"
    "$bench/bench_model" --scales 5.4,54 --threads "$threads" --repeats 1
    "$bench/bench_model" --scales 1 --ensemble 8
    "$bench/bench_output" --scenario scenarios/gumi-baseline.yaml --threads 1 --output "$tmp"
    BENCH_REPLICATES=8 bash "$(dirname "$0")/bench_ensemble.sh" "$build"
    exit 0
fi

# 1. The docking kernel with its STREAM-like triad, N = 10^3 .. 10^6.
"$bench/bench_docking" --sizes 1000,10000,100000,1000000 --threads "$threads"
# 2. The full model: the Gumi baseline (156 months) with output off and on ...
"$bench/bench_model" --scales 1 --threads "$threads" --repeats 5 --output "$tmp"
# ... and scaled to about 10^3, 10^4, 10^5 and 10^6 firms alive at the end (run.scale
# 0.54, 5.4, 54, 540; the baseline ends with about 1,850 firms per unit of scale).
"$bench/bench_model" --scales 0.54,5.4 --threads "$threads" --repeats 3
"$bench/bench_model" --scales 54 --threads "$threads" --repeats 1
"$bench/bench_model" --scales 540 --threads "$threads" --repeats 1
# ... and the trajectory size at 10^6 firms: bytes per firm per snapshot (24 months, 3
#     snapshots, to keep it to about a minute; the size per snapshot does not depend on it).
"$bench/bench_output" --steps 24 --threads "$cores" --output "$tmp"
# 3. Ensemble throughput: 64 replicates of the baseline, one per core at a time, in one
#    process (bench_model) and through the command line (bench_ensemble.sh, 1 and 2 cores).
"$bench/bench_model" --scales 1 --ensemble 64
bash "$(dirname "$0")/bench_ensemble.sh" "$build"
