#!/usr/bin/env bash
# `clustersim inspect DIR` (or DIR/index.h5) summarises an ensemble or sweep folder
# instead of refusing it as "not a clustersim trajectory": how it was run, scenarios or
# design points with their tasks complete, failed and not run (a sweep's points with the
# values they ran), replicates, swept
# parameters with the range of values the tasks ran, and the steps and years of the runs.
# Usage: test_inspect_folder.sh CLUSTERSIM SOURCE_DIR
. "$(dirname "$0")/lib.sh"
cli_setup "$@"
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=passive

# --- an ensemble: 2 scenarios x 2 replicates of 24 months ---------------------------------
ens="$work/ens"
expect 0 "a small ensemble" "$bin" ensemble "$baseline" \
    "$src/scenarios/no-policy.yaml" --replicates 2 --set run.steps=24 --jobs 1 --quiet -o "$ens"
expect 0 "inspect DIR of an ensemble" "$bin" inspect "$ens"
contains "the folder is named" "folder       $ens (index.h5, tasks.csv)"
contains "the kind" "kind         ensemble"
contains "the command that made it" "command      clustersim ensemble"
contains "tasks by status" "tasks        4: 4 complete, 0 failed, 0 not run"
contains "scenarios and replicates" "scenarios    2, replicates 2 (0 to 1)"
contains "a row per scenario" "  gumi-baseline                       2         2       0        0"
contains "the second scenario" "  no-policy                           2         2       0        0"
contains "steps of the runs" "steps        24 (steps 0 to 23), time 2003.0000 to 2004.9167 year"
contains "years of the runs" "years        2003 to 2004 (read from gumi-baseline/r0.h5)"
lacks "an ensemble has no swept parameters" "^parameters"
lacks "no longer refused" "not a clustersim trajectory"
folder_summary="$out"
expect 0 "inspect DIR/index.h5" "$bin" inspect "$ens/index.h5"
if [ "$out" = "$folder_summary" ]; then ok "DIR and DIR/index.h5 give the same summary"
else bad "DIR and DIR/index.h5 differ: $out"; fi
expect 0 "inspect DIR/ (trailing slash)" "$bin" inspect "$ens/"
contains "a trailing slash is fine" "tasks        4: 4 complete"
(cd "$ens" && "$bin" inspect index.h5 >"$work/here.txt" 2>&1)
if grep -qF "folder       . (index.h5" "$work/here.txt"; then ok "index.h5 in the working folder is the folder ."
else bad "inspect index.h5 from inside the folder: $(cat "$work/here.txt")"; fi

# --- a sweep: a Latin hypercube of 3 points over two parameters ---------------------------
cat >"$work/sweep.yaml" <<YAML
base: $src/scenarios/gumi-baseline.yaml
design: latin-hypercube
points: 3
replicates: 1
seed: 42
set: {run.steps: 12}
parameters:
  learning.rate: {min: 0.02, max: 0.2}
  wg.size: [10, 15, 20]
YAML
sw="$work/sweep"
expect 0 "a small sweep" "$bin" sweep "$work/sweep.yaml" --jobs 1 --quiet -o "$sw"
expect 0 "inspect DIR of a sweep" "$bin" inspect "$sw"
contains "kind and design" "kind         sweep, design latin-hypercube, sweep file $work/sweep.yaml"
contains "the base scenario" "base         $src/scenarios/gumi-baseline.yaml"
contains "points and replicates" "points       3, replicates 1 (0 to 0)"
contains "a row per point" "  p0002                               1         1       0        0"
if printf '%s\n' "$out" | grep -qE '^  p0001 +1 +1 +0 +0  learning\.rate=0\.[0-9]+ wg\.size=(10|15|20)$'; then
    ok "each point's row gives the values it ran"
else bad "the row of p0001 lacks its parameter values: $out"; fi
contains "the swept parameters" "parameters   2 swept (values the tasks ran)"
contains "a list parameter's range" "wg.size                        10 to 20, 3 distinct values"
if printf '%s\n' "$out" | grep -qE '^  learning\.rate +0\.0[2-9][0-9]* to 0\.(1[0-9]*|20*), 3 distinct values$'; then
    ok "a range parameter's values lie in its range"
else bad "learning.rate's line: $out"; fi
contains "the sweep's steps" "steps        12 (steps 0 to 11)"
contains "the sweep's years" "years        2003 to 2003 (read from p0000/r0.h5)"

# --- failed and unfinished tasks (the table doctored with h5py) ----------------------------
if python_has h5py numpy; then
    cp -r "$ens" "$work/ens2"
    "$py" - "$work/ens2/index.h5" <<'PY'
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], "r+") as f:
    g = f["/task_table"]
    for name, vals in (("status", ["ok", "failed", "pending", "ok"]),
                       ("error", ["", "disk full", "", ""])):
        del g[name]
        tid = h5py.h5t.C_S1.copy(); tid.set_size(16); tid.set_cset(h5py.h5t.CSET_UTF8)
        ds = g.create_dataset(name, shape=(4,), dtype=h5py.Datatype(tid))
        ds.id.write(h5py.h5s.ALL, h5py.h5s.ALL,
                    np.array([v.encode() for v in vals], dtype="S16"), mtype=tid)
PY
    expect 0 "inspect a folder with a failed and an unfinished task" "$bin" inspect "$work/ens2"
    contains "counts by status" "tasks        4: 2 complete, 1 failed, 1 not run"
    contains "per scenario" "  gumi-baseline                       2         1       1        0"
    contains "the failed task's error" "failed       gumi-baseline r1: disk full"
fi

# --- refusals: exit 2 naming the folder or file ---------------------------------------------
mkdir "$work/empty"
expect 2 "a folder without index.h5" "$bin" inspect "$work/empty"
contains "it says what is missing" "$work/empty: a folder without index.h5: not an ensemble or sweep folder"
head -c 3000 "$ens/index.h5" >"$work/ens3-index.h5"
mkdir "$work/ens3" && mv "$work/ens3-index.h5" "$work/ens3/index.h5"
expect 2 "a truncated index.h5" "$bin" inspect "$work/ens3"
contains "the damaged index is named" "$work/ens3/index.h5"
expect 0 "inspect --help" "$bin" inspect --help
contains "help names DIR" "usage: clustersim inspect FILE|DIR"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
