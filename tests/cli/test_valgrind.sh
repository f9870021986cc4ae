#!/usr/bin/env bash
# One short scenario under valgrind (docs/CONVENTIONS.md rule 25): no invalid reads or writes, no
# uninitialised values, no definite leaks. One OpenMP thread: libgomp's thread pool is
# not a leak, and valgrind serialises threads anyway.
set -u
bin="$1"
src="$2"
if "$bin" --version | grep -qE 'sanitize=ON|tsan=ON|fuzz=ON'; then
    echo "skipped: $bin is a sanitizer build, which valgrind cannot run (the normal build runs this)"
    exit 77
fi
if ! command -v valgrind >/dev/null; then
    echo "not ok - valgrind is not installed (tools/setup.sh installs it)"
    echo "0 passed, 1 failed"
    exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
OMP_NUM_THREADS=1 valgrind --quiet --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
    "$bin" run "$src/scenarios/gumi-baseline.yaml" -o "$work/v.h5" --quiet \
    --set run.steps=30 --set run.scale=0.3 --set run.snapshot_interval=6 >"$work/log" 2>&1
rc=$?
if [ "$rc" -eq 0 ]; then
    echo "ok - baseline (30 months, scale 0.3) is clean under valgrind"
    echo "1 passed, 0 failed"
else
    cat "$work/log"
    echo "not ok - valgrind exit $rc"
    echo "0 passed, 1 failed"
    exit 1
fi
