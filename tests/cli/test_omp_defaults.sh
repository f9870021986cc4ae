#!/usr/bin/env bash
# The OpenMP defaults (issue 23, item 13; cli/omp_defaults.h): without OMP_WAIT_POLICY or
# GOMP_SPINCOUNT, libgomp runs with a spin count of 0 (passive waiting), shown by libgomp
# itself (OMP_DISPLAY_ENV=verbose prints the values it took); a user's setting is kept;
# without --threads or OMP_NUM_THREADS a run too small for threads to pay runs on one
# thread and a larger one on every core (the /parameters "threads" attribute records it).
# Usage: test_omp_defaults.sh CLUSTERSIM SOURCE_DIR
. "$(dirname "$0")/lib.sh"
cli_setup "$@"

# spincount ENV...: the GOMP_SPINCOUNT libgomp used last (after any re-execution).
spincount() {
    env -u OMP_WAIT_POLICY -u GOMP_SPINCOUNT "$@" OMP_DISPLAY_ENV=verbose "$bin" --version 2>&1 |
        sed -n "s/^ *GOMP_SPINCOUNT = '\([0-9]*\)'.*/\1/p" | tail -1
}
v="$(spincount)"
if [ "$v" = "0" ]; then ok "no spin-waiting by default (GOMP_SPINCOUNT 0)"; else bad "default spin count '$v', wanted 0"; fi
v="$(spincount OMP_WAIT_POLICY=active)"
if [ "$v" = "30000000000" ]; then ok "OMP_WAIT_POLICY=active is kept"; else bad "active gave '$v'"; fi
v="$(spincount GOMP_SPINCOUNT=1234)"
if [ "$v" = "1234" ]; then ok "GOMP_SPINCOUNT is kept"; else bad "GOMP_SPINCOUNT=1234 gave '$v'"; fi
n="$(env -u OMP_WAIT_POLICY -u GOMP_SPINCOUNT OMP_DISPLAY_ENV=true "$bin" --version 2>&1 | grep -c 'OPENMP DISPLAY ENVIRONMENT BEGIN')"
if [ "$n" -le 2 ]; then ok "at most one re-execution ($n starts of libgomp)"; else bad "$n starts of libgomp"; fi
expect 0 "the command's output is unchanged" env -u OMP_WAIT_POLICY "$bin" --version
contains "--version still answers" "clustersim "

# threads RUN-ARGS...: the threads a run recorded.
threads() {
    rm -f "$work/t.h5"
    env -u OMP_NUM_THREADS "$@" -o "$work/t.h5" --quiet >/dev/null 2>&1 || { echo "failed"; return; }
    h5dump -a /parameters/threads "$work/t.h5" | sed -n 's/^ *(0): *\([0-9]*\).*/\1/p'
}
cores="$(nproc)"
v="$(threads "$bin" run "$baseline" --set run.steps=3)"
if [ "$v" = "1" ]; then ok "the baseline runs on one thread by default"; else bad "the baseline ran on '$v' threads"; fi
v="$(threads "$bin" run "$baseline" --set run.steps=1 --set run.scale=12)"
if [ "$v" = "$cores" ]; then ok "a run 12 times the baseline uses the $cores cores"; else bad "scale 12 ran on '$v' threads, wanted $cores"; fi
v="$(threads OMP_NUM_THREADS=2 "$bin" run "$baseline" --set run.steps=3)"
if [ "$v" = "2" ]; then ok "OMP_NUM_THREADS wins"; else bad "OMP_NUM_THREADS=2 gave '$v'"; fi
v="$(threads "$bin" run "$baseline" --set run.steps=3 --threads 2)"
if [ "$v" = "2" ]; then ok "--threads wins"; else bad "--threads 2 gave '$v'"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
