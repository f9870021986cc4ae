#!/usr/bin/env bash
# Signals and temporaries (issue 23, items 3 and 4).
#  - SIGINT, SIGTERM and SIGHUP stop `run` and `rerun` mid-write: the temporary is
#    removed and the process dies of the signal (shell status 130, 143, 129); nothing
#    under the final name.
#  - An interrupted ensemble (SIGTERM to the parent; SIGINT to the whole process group,
#    as Ctrl-C sends it) stops its workers, writes its index, leaves no temporary, and
#    dies of the signal too.
#  - An ensemble removes only temporaries whose writer is gone: the temporary of a live
#    `run -o DIR/x.h5` (stopped with SIGSTOP while writing, so that it is live for as long
#    as the test needs) is left alone and that run finishes; an abandoned one (its writer
#    SIGKILLed) is removed.
# Usage: test_signals.sh CLUSTERSIM SOURCE_DIR
. "$(dirname "$0")/lib.sh"
cli_setup "$@"
set -m # job control: background jobs keep SIGINT (a non-interactive shell ignores it in them)
bg=""
cleanup() {
    if [ -n "$bg" ]; then kill -9 -- -"$bg" 2>/dev/null; fi
    rm -rf "$work"
}
trap cleanup EXIT
cd "$work" || exit 1
# Long enough (several seconds at 1 thread) that a signal sent once the temporary exists
# lands while the run is writing.
long=(--set run.scale=30 --quiet --threads 1)

tmps() { find "$1" -name '.*.tmp-*' 2>/dev/null | wc -l; }
# wait_tmp DIR: until a temporary exists in DIR (or below) or the job ended; 0 when found.
wait_tmp() {
    for _ in $(seq 1 600); do
        [ "$(tmps "$1")" -gt 0 ] && return 0
        kill -0 "$bg" 2>/dev/null || return 1
        sleep 0.05
    done
    return 1
}
# stopped_by SIG CODE "description": send SIG to $bg (or its group with -g), check status.
stopped_by() {
    local sig="$1" code="$2" what="$3" target="$bg"
    [ "${4:-}" = "-g" ] && target="-$bg"
    kill -s "$sig" -- "$target"
    wait "$bg" 2>/dev/null
    local rc=$?
    bg=""
    if [ "$rc" -eq "$code" ]; then ok "$what: died of SIG$sig (status $rc)"; else bad "$what: status $rc, wanted $code"; fi
}

"$bin" run "$baseline" --set run.steps=12 --quiet --threads 1 -o "$work/orig.h5" >/dev/null 2>&1

for spec in INT:130 TERM:143 HUP:129; do
    sig="${spec%%:*}"
    code="${spec##*:}"
    d="$work/run-$sig"
    mkdir -p "$d"
    "$bin" run "$baseline" "${long[@]}" -o "$d/out.h5" >"$d/log" 2>&1 &
    bg=$!
    if wait_tmp "$d"; then
        stopped_by "$sig" "$code" "run"
        n="$(tmps "$d")"
        if [ "$n" -eq 0 ]; then ok "run SIG$sig: temporary removed"; else bad "run SIG$sig: $n temporaries left"; fi
        if [ ! -e "$d/out.h5" ]; then ok "run SIG$sig: nothing under the final name"; else bad "run SIG$sig: final file exists"; fi
    else
        bad "run SIG$sig: no temporary appeared: $(cat "$d/log")"
    fi
done

# rerun writes its copy under a temporary too (the case that left 3.2 GB).
"$bin" run "$baseline" "${long[@]}" --set run.steps=60 -o "$work/big.h5" >/dev/null 2>&1
mkdir -p "$work/rerun"
"$bin" rerun "$work/big.h5" -o "$work/rerun/copy.h5" --quiet --threads 1 >"$work/rerun/log" 2>&1 &
bg=$!
if wait_tmp "$work/rerun"; then
    stopped_by TERM 143 "rerun"
    n="$(tmps "$work/rerun")"
    if [ "$n" -eq 0 ]; then ok "rerun SIGTERM: temporary removed"; else bad "rerun SIGTERM: $n temporaries left"; fi
else
    bad "rerun: no temporary appeared: $(cat "$work/rerun/log")"
fi

# --- an interrupted ensemble ----------------------------------------------------------------
for spec in TERM:143:parent INT:130:group; do
    IFS=: read -r sig code whom <<<"$spec"
    d="$work/ens-$sig"
    "$bin" ensemble "$baseline" --replicates 4 --jobs 2 --threads 2 "${long[@]}" -o "$d" >"$work/ens-$sig.log" 2>&1 &
    bg=$!
    if wait_tmp "$d"; then
        if [ "$whom" = group ]; then stopped_by "$sig" "$code" "ensemble, SIG$sig to its process group" -g
        else stopped_by "$sig" "$code" "ensemble, SIG$sig to the parent"; fi
        n="$(tmps "$d")"
        if [ "$n" -eq 0 ]; then ok "ensemble SIG$sig: no temporary left"; else bad "ensemble SIG$sig: $n temporaries left"; fi
        if [ -f "$d/index.h5" ] && grep -q pending "$d/tasks.csv"; then ok "ensemble SIG$sig: index written, tasks pending"; else bad "ensemble SIG$sig: no index or no pending task: $(cat "$work/ens-$sig.log")"; fi
    else
        bad "ensemble SIG$sig: no temporary appeared: $(cat "$work/ens-$sig.log")"
    fi
done

# --- a live writer's temporary in an ensemble's folder (item 3) -----------------------------
d="$work/shared"
mkdir -p "$d"
# The writer runs under a small shell that records its exit status: the writer itself is
# stopped and continued, which a job-control `wait` would report as a stop (147) instead.
sh -c '"$@"; echo $? >"$0"' "$work/live.rc" "$bin" run "$baseline" "${long[@]}" -o "$d/x.h5" >"$work/live.log" 2>&1 &
bg=$!
if wait_tmp "$d"; then
    # The temporary's name carries its writer's PID (.x.h5.tmp-PID-XXXXXX).
    live_pid="$(find "$d" -maxdepth 1 -name '.x.h5.tmp-*' | head -1 | sed 's/.*\.tmp-\([0-9]*\)-.*/\1/')"
    kill -STOP "$live_pid"
    # An abandoned temporary beside it: its writer was killed outright.
    "$bin" run "$baseline" "${long[@]}" -o "$d/dead.h5" >/dev/null 2>&1 &
    dead=$!
    for _ in $(seq 1 600); do
        [ -n "$(find "$d" -name '.dead.h5.tmp-*')" ] && break
        sleep 0.05
    done
    kill -9 "$dead"
    wait "$dead" 2>/dev/null
    expect 0 "an ensemble in the folder of a live run" "$bin" ensemble "$baseline" --replicates 1 --set run.steps=3 -o "$d"
    contains "it says it left the live temporary alone" "left 1 temporary file alone"
    if [ -n "$(find "$d" -maxdepth 1 -name '.x.h5.tmp-*')" ]; then ok "the live run's temporary is still there"; else bad "the live run's temporary was removed"; fi
    if [ -z "$(find "$d" -maxdepth 1 -name '.dead.h5.tmp-*')" ]; then ok "the abandoned temporary was removed"; else bad "the abandoned temporary is still there"; fi
    kill -CONT "$live_pid"
    wait "$bg"
    bg=""
    rc="$(cat "$work/live.rc" 2>/dev/null)"
    if [ "$rc" = 0 ]; then ok "the live run finished (exit 0)"; else bad "the live run failed (exit $rc): $(cat "$work/live.log")"; fi
    expect 0 "its file is complete" "$bin" inspect "$d/x.h5"
else
    bad "live run: no temporary appeared: $(cat "$work/live.log")"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
