#!/usr/bin/env bash
# SIGKILL at random moments (issue 8). A run and an ensemble are killed with kill -9 at
# random delays within their running time (the ensemble as a whole process group: the
# parent and its worker processes at the same instant). After every kill, every file under
# a final name is complete: it passes `clustersim inspect` and holds exactly the data of an
# uninterrupted run (h5diff of /observables, /events, /particles, /connectivity); the
# index and tasks.csv, when present, read. Then the same command completes the work, and
# the result equals the never-killed reference, task file by task file.
# The delays are drawn from a fixed seed by default (so a failure repeats with the same
# draws: each delay is a drawn fraction of the measured running time), printed with the
# seed; CSIM_FAULT_SEED=N draws other delays.
# Usage: test_fault_kill.sh CLUSTERSIM SOURCE_DIR
. "$(dirname "$0")/lib.sh"
cli_setup "$@"
bg=""
cleanup() {
    if [ -n "$bg" ]; then kill -9 -- "-$bg" 2>/dev/null; kill -9 "$bg" 2>/dev/null; fi
    rm -rf "$work"
}
trap cleanup EXIT
cd "$work" || exit 1
# Threads that sleep when idle: spinning OpenMP threads on a busy 2-core machine make run
# times (and so the random kill moments) meaningless.
export OMP_WAIT_POLICY=passive
seed="${CSIM_FAULT_SEED:-20260}"
RANDOM=$seed
echo "# kill delays from seed $seed (CSIM_FAULT_SEED=$seed repeats them; another N draws others)"
groups=(/observables /events /particles /connectivity)
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
sleep_ms() { sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"; }

# same_data A B: the data groups of two trajectories are identical.
same_data() {
    local g
    for g in "${groups[@]}"; do
        h5diff -q "$1" "$2" "$g" >/dev/null 2>&1 || return 1
    done
}
# complete_file FILE REF "what": FILE passes inspect and equals REF.
complete_file() {
    if ! "$bin" inspect "$1" >"$work/inspect.out" 2>&1; then
        bad "$3: $(basename "$1") is under its final name but inspect fails: $(tail -1 "$work/inspect.out")"
    elif ! same_data "$1" "$2"; then
        bad "$3: $(basename "$1") differs from the uninterrupted run"
    else
        return 0
    fi
    return 1
}

# --- one run, killed at random moments ------------------------------------------------------
run_args=(run "$baseline" --quiet --threads 2 --set run.scale=1.5
          --set run.steps=72 --set run.snapshot_interval=6)
t0=$(now_ms)
"$bin" "${run_args[@]}" -o "$work/ref.h5" >/dev/null 2>&1 || { echo "not ok - reference run failed"; exit 1; }
dur=$(( $(now_ms) - t0 ))
echo "# the run takes $dur ms"
kills=6
killed_mid=0
for k in $(seq 1 $kills); do
    d="$work/run$k"
    mkdir -p "$d"
    delay=$(( RANDOM % (dur * 11 / 10 + 1) )) # up to 110%: some kills come after the end
    "$bin" "${run_args[@]}" -o "$d/out.h5" >/dev/null 2>&1 &
    bg=$!
    sleep_ms "$delay"
    kill -9 "$bg" 2>/dev/null
    wait "$bg" 2>/dev/null
    rc=$?
    bg=""
    if [ -e "$d/out.h5" ]; then
        complete_file "$d/out.h5" "$work/ref.h5" "run killed at $delay ms (exit $rc)" &&
            ok "run killed at $delay ms had finished: its file is complete and identical"
    else
        killed_mid=$((killed_mid + 1))
        ok "run killed at $delay ms (exit $rc): no file under the final name ($(ls -A "$d" | wc -l) temporary)"
    fi
    # The same command completes it; a temporary left by the kill does not get in the way.
    if "$bin" "${run_args[@]}" -o "$d/out.h5" --force >/dev/null 2>&1 &&
        complete_file "$d/out.h5" "$work/ref.h5" "re-run after kill $k"; then
        ok "re-run after the kill at $delay ms: identical to the uninterrupted run"
    fi
done
if [ "$killed_mid" -ge 1 ]; then ok "$killed_mid of $kills kills came while the run was writing"; else
    bad "no kill came while the run was writing (delays too long?)"; fi

# --- an ensemble, killed as a process group at random moments ---------------------------------
sc="$src/scenarios"
ens_args=(ensemble "$sc/gumi-baseline.yaml" "$sc/no-policy.yaml" "$sc/funding-stop.yaml" --replicates 3
          --jobs 2 --threads 2 --quiet --set run.steps=60 --set run.scale=0.5)
t0=$(now_ms)
"$bin" "${ens_args[@]}" -o "$work/ens-ref" >/dev/null 2>&1 || { echo "not ok - reference ensemble failed"; exit 1; }
dur=$(( $(now_ms) - t0 ))
echo "# the ensemble takes $dur ms"
kdir="$work/ens-killed"
ens_kills=4
for k in $(seq 1 $ens_kills); do
    # Each session resumes the last one's work: between a fifth and two thirds of the
    # whole time, so that kills find some tasks done and others running.
    delay=$(( dur / 5 + RANDOM % (dur * 7 / 15 + 1) ))
    setsid "$bin" "${ens_args[@]}" -o "$kdir" >>"$work/ens-killed.log" 2>&1 &
    bg=$!
    sleep_ms "$delay"
    kill -9 -- "-$bg" 2>/dev/null # the parent and every worker at once
    wait "$bg" 2>/dev/null
    for _ in $(seq 1 100); do pgrep -g "$bg" >/dev/null || break; sleep 0.05; done
    bg=""
    n_final=0
    bad_before=$fail
    for f in "$kdir"/*/r*.h5; do
        [ -e "$f" ] || continue
        rel="${f#"$kdir"/}"
        complete_file "$f" "$work/ens-ref/$rel" "ensemble kill $k at $delay ms" || true
        n_final=$((n_final + 1))
    done
    if [ -e "$kdir/index.h5" ] && ! h5dump -H "$kdir/index.h5" >/dev/null 2>&1; then
        bad "ensemble kill $k: index.h5 is under its final name but does not read"
    fi
    if [ -e "$kdir/tasks.csv" ] && ! awk -F, 'NR == 1 { n = NF } NF < n { exit 1 }' "$kdir/tasks.csv"; then
        bad "ensemble kill $k: tasks.csv has a short line"
    fi
    [ "$fail" -eq "$bad_before" ] &&
        ok "ensemble killed at $delay ms: $n_final task files under final names, each complete and identical"
done
if "$bin" "${ens_args[@]}" -o "$kdir" >"$work/resume.out" 2>&1; then
    ok "the same command completes the killed ensemble: $(grep -o '[0-9]* run, [0-9]* complete from before' "$work/resume.out")"
else
    bad "resuming the killed ensemble failed: $(cat "$work/resume.out")"
fi
differ=0
n=0
for f in "$work/ens-ref"/*/r*.h5; do
    rel="${f#"$work/ens-ref"/}"
    n=$((n + 1))
    if [ ! -e "$kdir/$rel" ] || ! same_data "$kdir/$rel" "$f"; then differ=$((differ + 1)); bad "$rel differs after resuming"; fi
done
[ "$n" -eq 9 ] && [ "$differ" -eq 0 ] && ok "all $n task files equal the never-killed ensemble's (h5diff ${groups[*]})"
if /usr/bin/python3 -c 'import h5py' 2>/dev/null; then
    if /usr/bin/python3 - "$kdir/index.h5" <<'PY'
import sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    status = f["task_table/status"].asstr()[()]
    assert len(status) == 9 and all(s == "ok" for s in status), status
    for s in f["tasks"]:
        for r in f["tasks"][s]:
            assert len(f["tasks"][s][r]["observables/firms_alive/value"]) == 60
PY
    then ok "the index of the resumed ensemble lists 9 tasks, all ok, every link readable"; else
        bad "the index of the resumed ensemble"; fi
fi
if [ -z "$(find "$kdir" -name '.*tmp-*')" ]; then ok "no temporary file left after the resume"; else
    ok "# temporaries of killed workers remain: $(find "$kdir" -name '.*tmp-*' | wc -l)"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
