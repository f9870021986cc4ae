#!/usr/bin/env bash
# Paths with spaces, quotes, parentheses and non-ASCII (Korean, accented) names work for
# run, inspect, export, rerun, ensemble and sweep (issue 8): scenarios found and extended
# through such paths, outputs written under them, names recorded in the files and the
# index (external links) readable back.
# Usage: test_hostile_paths.sh CLUSTERSIM SOURCE_DIR
. "$(dirname "$0")/lib.sh"
cli_setup "$@"
export OMP_WAIT_POLICY=passive
exists() {
    if [ -s "$2" ]; then ok "$1"; else bad "$1: '$2' is missing or empty"; fi
}

dir="$work/my runs/구미 cluster é (2003)"
mkdir -p "$dir"
base="$dir/기준 baseline 'copy'.yaml"
cp "$baseline" "$base"
stop="$dir/정책 stop.yaml"
printf '# extends a file whose name has spaces, quotes and Hangul\nextends: "기준 baseline '"'"'copy'"'"'.yaml"\npolicy:\n  budget: {2003: 0, 2005: 600, 2006: 0}\n' >"$stop"
short=(--quiet --threads 1 --set run.steps=12 --set run.scale=0.3 --set run.snapshot_interval=6)

expect 0 "check a scenario extending through such a path" "$bin" check "$stop"
out_file="$dir/out put/결과 ü.h5"
expect 0 "run with such a scenario and output path" "$bin" run "$stop" "${short[@]}" -o "$out_file"
exists "the trajectory is under its non-ASCII name" "$out_file"
expect 0 "inspect it" "$bin" inspect "$out_file"
contains "inspect shows the non-ASCII scenario name" "scenario     정책 stop"
contains "and the path it came from" "구미 cluster é (2003)/정책 stop.yaml"
expect 0 "export GraphML to such a path" "$bin" export "$out_file" --layer collaboration --step 11 -o "$dir/네트워크 graph.graphml"
exists "the GraphML file" "$dir/네트워크 graph.graphml"
expect 0 "export CSV to such a path" "$bin" export "$out_file" --layer supply --step 11 --format csv -o "$dir/supply edges.csv"
exists "the CSV file" "$dir/supply edges.csv"
expect 0 "rerun to such a path" "$bin" rerun "$out_file" --quiet -o "$dir/재실행 rerun.h5"
contains "the rerun reproduces it" "reproduced bit for bit"

ens="$dir/앙상블 ens"
expect 0 "ensemble of both scenarios into such a folder" "$bin" ensemble "$base" "$stop" --replicates 2 -o "$ens" "${short[@]}"
exists "a task file under the scenario's non-ASCII label" "$ens/정책 stop/r1.h5"
expect 0 "the task file inspects" "$bin" inspect "$ens/정책 stop/r1.h5"
expect 0 "the same ensemble again reuses every task" "$bin" ensemble "$base" "$stop" --replicates 2 -o "$ens" "${short[@]}"
contains "nothing redone" "0 run, 4 complete from before"
if /usr/bin/python3 -c 'import h5py' 2>/dev/null; then
    expect 0 "h5py follows the index's external links to non-ASCII files" /usr/bin/python3 - "$ens/index.h5" <<'PY'
import sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    labels = sorted(f["tasks"])
    assert labels == sorted(["기준 baseline 'copy'", "정책 stop"]), labels
    for s in labels:
        for r in f["tasks"][s]:
            assert len(f["tasks"][s][r]["observables/firms_alive/value"]) == 12
print("links ok")
PY
fi

sweep="$dir/스윕 sweep.yaml"
printf 'base: "기준 baseline '"'"'copy'"'"'.yaml"\ndesign: grid\nparameters:\n  learning.rate: [0.04, 0.06]\n' >"$sweep"
expect 0 "sweep with a base named relative to a non-ASCII folder" "$bin" sweep "$sweep" -o "$dir/sweep out" "${short[@]}"
exists "the sweep's point files" "$dir/sweep out/p0001/r0.h5"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
