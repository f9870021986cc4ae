#!/usr/bin/env bash
# Fuzz the scenario loader, the sweep-file loader and the trajectory reader with libFuzzer
# (tests/fuzz/; docs/RELIABILITY.md), SECONDS each (default 60), one after the other.
#
#   bash tools/fuzz.sh            # 60 s per harness
#   bash tools/fuzz.sh 600        # longer
#   CSIM_FUZZ_HARNESSES="sweep" bash tools/fuzz.sh 30
#
# Needs clang with libFuzzer and libomp (Debian: clang, libomp-dev); as root it installs
# them when missing, otherwise it says what to install and exits 77 ("skipped"). Builds
# into build-fuzz/ (CSIM_FUZZ_BUILD_DIR), keeps the grown corpus in build-fuzz/corpus/ and
# any crashing input in build-fuzz/crashes/<harness>/. Exit 0 when no harness crashed;
# 1 otherwise, with the inputs listed: each one goes, once fixed, to
# tests/data/fuzz/<harness>/, where ctest replays it (fuzz_replay_<harness>) on every run.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-60}"
build="${CSIM_FUZZ_BUILD_DIR:-$here/build-fuzz}"
harnesses=(${CSIM_FUZZ_HARNESSES:-scenario sweep trajectory})
case "$seconds" in ''|*[!0-9]*) echo "usage: tools/fuzz.sh [SECONDS]" >&2; exit 2 ;; esac

# A toolchain that can build a fuzzer with OpenMP: try it on a two-line program.
probe() {
    local dir
    dir="$(mktemp -d)"
    printf '#include <stdint.h>\n#include <stddef.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void) d; (void) n; return 0; }\n' >"$dir/p.c"
    clang -fsanitize=fuzzer,address,undefined -fopenmp "$dir/p.c" -o "$dir/p" >/dev/null 2>&1
    local rc=$?
    rm -rf "$dir"
    return $rc
}
if ! command -v clang >/dev/null || ! probe; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
        echo "fuzz: installing clang and libomp-dev" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq && apt-get install -y -qq --no-install-recommends clang libomp-dev >/dev/null
    fi
    if ! command -v clang >/dev/null || ! probe; then
        echo "fuzz: clang with libFuzzer and OpenMP is needed (Debian: apt-get install clang libomp-dev); skipped" >&2
        exit 77
    fi
fi

jobs=2
mkdir -p "$build"
# -Werror stays with gcc (the project's gate, tools/setup.sh): here clang's different set
# of warnings must not stop a search for crashes.
log="$build/fuzz-build.log"
targets=()
for h in "${harnesses[@]}"; do targets+=("fuzz_$h"); done
if ! { CC=clang cmake -S "$here" -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
           -DCSIM_FUZZ=ON -DCSIM_BUILD_TESTS=OFF -DCSIM_BUILD_BENCH=OFF -DCSIM_WERROR=OFF &&
       cmake --build "$build" -j "$jobs" --target "${targets[@]}"; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "fuzz: the build failed (log: $log)" >&2
    exit 1
fi

# Scratch files (the loaders read from disk) in one folder, on a memory file system when
# there is one, removed at the end: a harness that crashes cannot remove its own.
scratch_root="${TMPDIR:-/tmp}"
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then scratch_root=/dev/shm; fi
TMPDIR="$(mktemp -d "$scratch_root/csim-fuzz.XXXXXX")"
export TMPDIR
trap 'rm -rf "$TMPDIR"' EXIT
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=passive
# allocator_may_return_null: a damaged file can make HDF5 ask malloc for exabytes (a size
# read from the file); the C library returns NULL and HDF5 reports an error, which ASan's
# default (abort on an impossible size) would hide behind a false crash.
export ASAN_OPTIONS="${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"

export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$here/tests/lsan.supp}"

crashed=0
summary=""
for h in "${harnesses[@]}"; do
    corpus="$build/corpus/$h"
    crashes="$build/crashes/$h"
    mkdir -p "$corpus" "$crashes"
    seeds=("$here/tests/data/fuzz/corpus/$h")
    if [ -d "$here/tests/data/fuzz/$h" ]; then seeds+=("$here/tests/data/fuzz/$h"); fi
    echo "fuzz: $h for $seconds s" >&2
    # One libFuzzer process until the time is used up. An out-of-memory stop (an input
    # made the process pass 3 GiB: HDF5 trusts lengths in a damaged file before it
    # notices the damage, docs/RELIABILITY.md) is recorded as oom-* and the search goes
    # on in a new process; a crash, a leak, a hang or a violated property ends it.
    # -close_fd_mask=3: the commands' own output is noise (libFuzzer keeps its own stderr,
    # and the sanitizers' reports go there). -timeout: 10 s per input at most.
    : >"$build/fuzz-$h.log"
    # This run's findings are the files newer than this mark: inputs kept from earlier
    # runs (fixed, or not yet) are not counted again as this run's crashes.
    mark="$build/.fuzz-start-$h"
    touch "$mark"
    start=$SECONDS
    execs=0
    rc=0
    while [ $((SECONDS - start)) -lt "$seconds" ]; do
        ooms_before=$(find "$crashes" -type f -name 'oom-*' | wc -l)
        set +e
        "$build/tests/fuzz/fuzz_$h" "$corpus" "${seeds[@]}" -max_total_time=$((seconds - (SECONDS - start))) \
            -close_fd_mask=3 -timeout=10 -rss_limit_mb=3072 -malloc_limit_mb=3072 -print_final_stats=1 \
            -artifact_prefix="$crashes/" >>"$build/fuzz-$h.log" 2>&1
        rc=$?
        set -e
        n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/fuzz-$h.log" | tail -1)
        execs=$((execs + ${n:-0}))
        ooms_after=$(find "$crashes" -type f -name 'oom-*' | wc -l)
        if [ "$rc" -eq 0 ] || [ "$ooms_after" -eq "$ooms_before" ]; then
            break
        fi
        rc=0
    done
    cov=$(grep -o 'cov: [0-9]*' "$build/fuzz-$h.log" | tail -1 | cut -d' ' -f2)
    n_crash=$(find "$crashes" -type f -newer "$mark" \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \) | wc -l)
    n_oom=$(find "$crashes" -type f -newer "$mark" -name 'oom-*' | wc -l)
    n_older=$(find "$crashes" -type f ! -newer "$mark" | wc -l)
    if [ "$n_older" -gt 0 ]; then
        echo "fuzz: $h: $n_older input(s) from earlier runs are still in $crashes (not counted here)" >&2
    fi
    summary+=$(printf '%-11s %5s s %8s execs %6s/s  coverage %5s  corpus %5s  crash/leak/hang %s  oom %s  exit %s' \
        "$h" "$seconds" "$execs" "$((execs / (seconds > 0 ? seconds : 1)))" "${cov:-?}" \
        "$(find "$corpus" -type f | wc -l)" "$n_crash" "$n_oom" "$rc")$'\n'
    if [ "$rc" -ne 0 ] || [ "$n_crash" -gt 0 ]; then
        crashed=1
        echo "fuzz: $h found a problem (log: $build/fuzz-$h.log):" >&2
        grep -E 'ERROR|SUMMARY|fuzz:|Test unit written|CRASH' "$build/fuzz-$h.log" | head -20 >&2 || true
    fi
    if [ "$n_oom" -gt 0 ]; then
        echo "fuzz: $h: $n_oom input(s) made the process exceed 3 GiB ($crashes/oom-*): check whether our code or HDF5 allocated it" >&2
    fi
done
printf '%s' "$summary"
if [ "$crashed" -ne 0 ]; then
    echo "fuzz: inputs that crashed are in $build/crashes/; reproduce one with" >&2
    echo "      $build/tests/fuzz/fuzz_HARNESS FILE, and keep it in tests/data/fuzz/HARNESS/ once fixed" >&2
    exit 1
fi
