#!/usr/bin/env bash
# End-to-end tests of `clustersim ensemble`: 3 scenarios x 4 replicates complete with one
# file per task, the index (external links + task table, read with h5py and pandas) and
# tasks.csv; task files equal `run --replicate k` and do not depend on --jobs/--threads;
# re-running skips complete tasks; killing the ensemble (kill -9 of the parent and its
# workers) mid-way and re-running finishes only what was missing; a failing task is
# recorded and does not stop the others; changed parameters or a damaged file are redone.
# Usage: test_ensemble.sh CLUSTERSIM SOURCE_DIR
. "$(dirname "$0")/lib.sh"
cli_setup "$@"
sc="$src/scenarios"
three=("$sc/gumi-baseline.yaml" "$sc/no-policy.yaml" "$sc/funding-stop.yaml")
short=(--set run.steps=24 --set run.scale=0.3)

# --- arguments ------------------------------------------------------------------------
expect 0 "ensemble --help" "$bin" ensemble --help
contains "help shows usage" "usage: clustersim ensemble"
expect 2 "no scenario" "$bin" ensemble --replicates 2 -o "$work/x"
expect 2 "no --replicates" "$bin" ensemble "${three[0]}" -o "$work/x"
expect 2 "no -o" "$bin" ensemble "${three[0]}" --replicates 2
expect 2 "zero replicates" "$bin" ensemble "${three[0]}" --replicates 0 -o "$work/x"
expect 2 "unknown option" "$bin" ensemble "${three[0]}" --replicates 2 -o "$work/x" --bogus
expect 2 "bad scenario" "$bin" ensemble "$src/tests/data/scenarios/misspelled_key.yaml" --replicates 2 -o "$work/x"
contains "bad scenario named with its line" "misspelled_key.yaml:4:3"
expect 2 "same scenario twice" "$bin" ensemble "${three[0]}" "${three[0]}" --replicates 2 -o "$work/x"
contains "duplicate is explained" "already in the ensemble"
expect 2 "bad override" "$bin" ensemble "${three[0]}" --replicates 2 -o "$work/x" --set run.stesp=3
if [ ! -e "$work/x" ]; then ok "nothing written for bad input"; else bad "output folder made for bad input"; fi

# --- 3 scenarios x 4 replicates ---------------------------------------------------------
out_dir="$work/ens"
expect 0 "3 scenarios x 4 replicates" "$bin" ensemble "${three[@]}" --replicates 4 -o "$out_dir" "${short[@]}" --jobs 2 --threads 2
contains "summary counts 12 tasks run" "12 tasks (3 scenarios x 4 replicates): 12 run, 0 complete from before, 0 failed, 0 not run"
n=$(ls "$out_dir"/*/r*.h5 2>/dev/null | wc -l)
if [ "$n" -eq 12 ]; then ok "12 task files"; else bad "$n task files, wanted 12"; fi
lines=$(wc -l < "$out_dir/tasks.csv")
if [ "$lines" -eq 13 ]; then ok "tasks.csv has a header and 12 rows"; else bad "tasks.csv has $lines lines"; fi
if [ -z "$(find "$out_dir" -name '.*tmp-*')" ]; then ok "no temporary files left"; else bad "temporaries left"; fi

expect 0 "h5py and pandas read the index" "$py" - "$out_dir/index.h5" <<'PY'
import sys, h5py, pandas as pd
with h5py.File(sys.argv[1], "r") as f:
    g = f["task_table"]
    # Strings are fixed-length UTF-8: h5py gives bytes (attributes) and .asstr() str.
    cols = [c.decode() for c in g.attrs["columns"]]
    df = pd.DataFrame({c: g[c].asstr()[()] if g[c].dtype.kind == "S" else g[c][()]
                       for c in cols})
    assert len(df) == 12, len(df)
    assert (df.status == "ok").all(), df.status.tolist()
    assert sorted(set(df.scenario)) == ["funding-stop", "gumi-baseline", "no-policy"]
    assert sorted(df.replicate.unique().tolist()) == [0, 1, 2, 3]
    assert (df.seed == 20050101).all()
    assert (df.wall_seconds > 0).all()
    # Common random numbers: replicate r has one stream key across the scenarios.
    assert df.groupby("replicate").stream_key.nunique().eq(1).all()
    links = [f"{s}/{r}" for s in f["tasks"] for r in f["tasks"][s]]
    assert len(links) == 12, links
    # The links lead into the task files.
    alive = f["tasks/no-policy/r2/observables/firms_alive/value"][()]
    assert len(alive) == 24
    assert f["tasks/no-policy/r2/parameters"].attrs["replicate"] == 2
    e = f["ensemble"].attrs
    assert e["tasks"] == 12 and e["tasks_ok"] == 12 and e["kind"] == b"ensemble"
print("index ok")
PY
contains "index checks passed" "index ok"

# --- the same data as `run --replicate k`, and for any --jobs/--threads -------------------
expect 0 "run --replicate 2 of no-policy" "$bin" run "$sc/no-policy.yaml" --replicate 2 -o "$work/np2.h5" "${short[@]}" --quiet
same_data "task file equals run --replicate" "$out_dir/no-policy/r2.h5" "$work/np2.h5"
expect 0 "the ensemble with --jobs 1 --threads 2" "$bin" ensemble "${three[@]}" --replicates 4 -o "$work/ens1" "${short[@]}" --jobs 1 --threads 2
same=0
for f in "$out_dir"/*/r*.h5; do
    rel="${f#"$out_dir"/}"
    for group in /observables /events /particles /connectivity; do
        h5diff -q "$f" "$work/ens1/$rel" "$group" >/dev/null 2>&1 || { bad "$rel $group differs between --jobs 2 and --jobs 1 --threads 2"; same=1; }
    done
done
[ "$same" -eq 0 ] && ok "every task file identical for --jobs 2 --threads 2 (1 thread each) and --jobs 1 --threads 2"

# --- resume: complete tasks are kept -----------------------------------------------------
before=$(stat -c %Y.%y "$out_dir"/*/r*.h5 | md5sum)
sleep 1
expect 0 "the same command again" "$bin" ensemble "${three[@]}" --replicates 4 -o "$out_dir" "${short[@]}" --jobs 2 --threads 2
contains "nothing is redone" "0 run, 12 complete from before"
after=$(stat -c %Y.%y "$out_dir"/*/r*.h5 | md5sum)
if [ "$before" = "$after" ]; then ok "task files untouched (mtimes)"; else bad "task files rewritten"; fi
expect 0 "--force redoes every task" "$bin" ensemble "${three[@]}" --replicates 4 -o "$out_dir" "${short[@]}" --force
contains "--force runs all" "12 run, 0 complete from before"

# --- changed parameters or a damaged file are redone ----------------------------------
truncate -s 1000 "$out_dir/gumi-baseline/r1.h5"
expect 0 "a damaged file is redone" "$bin" ensemble "${three[@]}" --replicates 4 -o "$out_dir" "${short[@]}"
contains "only the damaged task runs" "1 run, 11 complete from before"
contains "the reason is given" "redoing gumi-baseline/r1.h5: unreadable"
expect 0 "changed parameters redo every task" "$bin" ensemble "${three[@]}" --replicates 4 -o "$out_dir" --set run.steps=25 --set run.scale=0.3
contains "all redone" "12 run, 0 complete from before"
contains "the changed parameter is named" "run.steps: 24"

# --- kill -9 mid-way, then resume -----------------------------------------------------
kill_dir="$work/killed"
long=(--set run.steps=120 --set run.scale=0.3)
"$bin" ensemble "${three[@]}" --replicates 4 -o "$kill_dir" "${long[@]}" --jobs 2 --threads 2 --quiet >"$work/killed.out" 2>&1 &
parent=$!
for _ in $(seq 1 600); do
    done_now=$(ls "$kill_dir"/*/r*.h5 2>/dev/null | wc -l)
    [ "$done_now" -ge 3 ] && break
    sleep 0.05
done
# Freeze the parent so that it starts no new worker, then kill it and its workers at once.
kill -STOP "$parent" 2>/dev/null
workers=$(pgrep -P "$parent" | tr '\n' ' ')
kill -9 "$parent" $workers 2>/dev/null
{ wait "$parent"; } 2>/dev/null
for w in $workers; do while kill -0 "$w" 2>/dev/null; do sleep 0.05; done; done
complete=$(ls "$kill_dir"/*/r*.h5 2>/dev/null | wc -l)
if [ "$complete" -ge 3 ] && [ "$complete" -lt 12 ]; then ok "killed mid-way with $complete of 12 tasks complete (workers: $workers)"; else bad "killed with $complete complete"; fi
ls "$kill_dir"/*/r*.h5 > "$work/complete.txt"
stat -c '%n %Y %y' $(cat "$work/complete.txt") > "$work/mtimes.before"
sleep 1
expect 0 "re-running the killed ensemble finishes it" "$bin" ensemble "${three[@]}" --replicates 4 -o "$kill_dir" "${long[@]}" --jobs 2 --threads 2
missing=$((12 - complete))
contains "only the missing tasks run" "$missing run, $complete complete from before, 0 failed, 0 not run"
stat -c '%n %Y %y' $(cat "$work/complete.txt") > "$work/mtimes.after"
if cmp -s "$work/mtimes.before" "$work/mtimes.after"; then ok "tasks finished before the kill were not redone (mtimes)"; else bad "finished tasks were rewritten"; fi
# The log's last session ran exactly the missing tasks, none of the complete ones.
session=$(awk '/^# .* ensemble: 12 tasks/ { buf = "" } { buf = buf $0 "\n" } END { printf "%s", buf }' "$kill_dir/ensemble.log")
ran=$(printf '%s' "$session" | grep -c ' run .* ok ')
if [ "$ran" -eq "$missing" ]; then ok "the log of the resumed session lists $missing tasks run"; else bad "log lists $ran tasks run, wanted $missing: $session"; fi
again=0
while read -r f; do
    rel="${f#"$kill_dir"/}"
    printf '%s' "$session" | grep -qF " run $rel " && again=1
done < "$work/complete.txt"
[ "$again" -eq 0 ] && ok "no complete task appears in the resumed session's log" || bad "a complete task was run again"
if [ -z "$(find "$kill_dir" -name '.*tmp-*')" ]; then ok "temporaries of the killed workers were removed"; else bad "temporaries left"; fi
expect 0 "the index lists every task" "$py" - "$kill_dir/index.h5" <<'PY'
import sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    status = f["task_table/status"].asstr()[()]
    assert len(status) == 12 and all(s == "ok" for s in status), status
    assert sum(len(f["tasks"][s]) for s in f["tasks"]) == 12
    reused = f["task_table/reused"][()]
    assert 3 <= reused.sum() < 12, reused
print("resumed index ok")
PY
contains "resumed index complete" "resumed index ok"

# --- a scenario that breaks a rule between parameters is refused before anything runs ----
expect 2 "a scenario with wg.min_size above wg.size: bad input, exit 2" "$bin" ensemble "$src/tests/data/ensemble/bad_wg.yaml" "$sc/gumi-baseline.yaml" --replicates 2 -o "$work/refused" "${short[@]}"
contains "with its reason" "wg.min_size (8) exceeds wg.size (5)"
if [ -e "$work/refused/index.h5" ] || [ -e "$work/refused/gumi-baseline" ]; then bad "a refused plan ran tasks"; else ok "a refused plan runs nothing"; fi

# --- a failing task does not stop the others -------------------------------------------
# The task fails only when it starts: the memory its scale needs (some 300 GiB) is checked
# on the machine that runs it.
expect 1 "one scenario cannot start: exit 1" env -u CSIM_ALLOW_LARGE "$bin" ensemble "$src/tests/data/scenarios/absurd_scale.yaml" "$sc/gumi-baseline.yaml" --replicates 2 -o "$work/failing" --set run.steps=12
contains "the failure is reported" "task absurd_scale/r0.h5 failed"
contains "with its reason" "the run needs about"
contains "the others ran" "4 run, 0 complete from before, 2 failed"
if grep -q '^2,gumi-baseline,.*,ok,' "$work/failing/tasks.csv" && grep -q '^0,absurd_scale,.*,failed,.*the run needs about' "$work/failing/tasks.csv"; then
    ok "tasks.csv records ok and failed tasks with the error"
else
    bad "tasks.csv: $(cat "$work/failing/tasks.csv")"
fi

# --- progress on a terminal -------------------------------------------------------------
# `script` needs a pseudo-terminal; a chroot or container without /dev/pts has none.
if ! command -v script >/dev/null 2>&1; then
    ok "# skip progress check: no 'script' command"
elif ! script -qec true /dev/null >/dev/null 2>&1; then
    ok "# skip progress check: no pseudo-terminal can be opened here (no /dev/pts?)"
else
    out="$(script -qec "'$bin' ensemble '${three[0]}' --replicates 3 -o '$work/tty' --set run.steps=24 --set run.scale=0.3 --jobs 1" /dev/null 2>&1)"
    contains "progress line on a terminal" "3/3 done, 0 running, 0 failed"
fi
out="$("$bin" ensemble "${three[0]}" --replicates 2 -o "$work/notty" "${short[@]}" 2>&1 >/dev/null)"
if [ -z "$out" ]; then ok "no progress line when stderr is not a terminal"; else bad "stderr not empty: $out"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
