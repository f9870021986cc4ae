#!/usr/bin/env bash
# Make the seed trajectories of tests/data/fuzz/corpus/trajectory/ (run once; the files are in
# the repository). Small seeds fuzz faster, so each is a tiny run, repacked contiguous
# (h5repack -l CONTI: a third of the size), and one is cut down to a few parts with h5py.
#   bash tests/fuzz/make_trajectory_seeds.sh build/clustersim
set -euo pipefail
bin="$1"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$here/tests/data/fuzz/corpus/trajectory"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
run() {  # run NAME --set ...: a 3-month run at scale 0.01, repacked into the corpus
    local name="$1"
    shift
    "$bin" run "$here/scenarios/gumi-baseline.yaml" --quiet --threads 1 -o "$work/$name.h5" \
        --set run.scale=0.01 --set run.steps=3 "$@" >/dev/null
    h5repack -l CONTI "$work/$name.h5" "$out/$name.h5"
}
run tiny --set run.snapshot_interval=1
run no-snapshots --set run.snapshot_interval=0
# A trajectory with 3 observables, 4 actor columns and both layers: 20 KB instead of 130.
/usr/bin/python3 - "$out/tiny.h5" "$work/mini.h5" <<'PY'
import shutil, sys, h5py
shutil.copy(sys.argv[1], sys.argv[2])
with h5py.File(sys.argv[2], "r+") as f:
    for name in list(f["/observables"]):
        if name not in ("firms_alive", "employment", "size_class_share"):
            del f["/observables/" + name]
    for name in list(f["/particles/actors"]):
        if name not in ("id", "kind", "employees", "knowledge", "snapshot"):
            del f["/particles/actors/" + name]
    del f["/parameters/resolved"]
PY
h5repack -l CONTI "$work/mini.h5" "$out/mini.h5"
# A foreign HDF5 file: the tools must refuse it in one sentence.
/usr/bin/python3 -c 'import sys, h5py; f = h5py.File(sys.argv[1], "w"); f["x"] = [1, 2, 3]; f.attrs["name"] = "not clustersim"; f.close()' "$out/foreign.h5"
ls -l "$out"
