#!/usr/bin/env bash
# Make the seed trajectories of tests/data/fuzz/corpus/trajectory/ (run once; the files are in
# the repository). Small seeds fuzz faster, so each is a tiny run, and one is cut down to a
# few parts with h5py and repacked. Every seed is in the format clustersim writes (HDF5
# 1.8, checksummed metadata): `h5repack` only with -L, since without it h5repack writes
# HDF5's oldest format, which the reader refuses (sim/h5_read.c), so that the fuzzer
# would spend its time on the refusal.
#   bash tests/fuzz/make_trajectory_seeds.sh build/clustersim
set -euo pipefail
bin="$1"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$here/tests/data/fuzz/corpus/trajectory"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
run() {  # run NAME --set ...: a 3-month run at scale 0.01, as written
    local name="$1"
    shift
    "$bin" run "$here/scenarios/gumi-baseline.yaml" --quiet --threads 1 -o "$out/$name.h5" \
        --force --set run.scale=0.01 --set run.steps=3 "$@" >/dev/null
}
run tiny --set run.snapshot_interval=1
run no-snapshots --set run.snapshot_interval=0
# tiny as written is 0.5 MB, mostly chunks of extendible datasets allocated ahead: stored
# contiguous (-l CONTI, in HDF5 1.10's checksummed format: -L) it is a fifth of that.
mv "$out/tiny.h5" "$work/tiny.h5"
h5repack -L -l CONTI "$work/tiny.h5" "$out/tiny.h5"
# A trajectory with 3 observables, 4 firm and 2 institution elements and both layers.
/usr/bin/python3 - "$out/tiny.h5" "$work/mini.h5" <<'PY'
import shutil, sys, h5py
shutil.copy(sys.argv[1], sys.argv[2])
with h5py.File(sys.argv[2], "r+") as f:
    for name in list(f["/observables"]):
        if name not in ("firms_alive", "employment", "size_class_share"):
            del f["/observables/" + name]
    for group, keep in (("/particles/firms", ("id", "sector", "employees", "knowledge")),
                        ("/particles/institutions", ("id", "mc"))):
        for name in list(f[group]):
            if name not in keep:
                del f[group + "/" + name]
    del f["/parameters/resolved"]
PY
h5repack -L -l CONTI "$work/mini.h5" "$out/mini.h5"
# A foreign HDF5 file: the tools must refuse it in one sentence.
/usr/bin/python3 -c 'import sys, h5py, numpy as np; f = h5py.File(sys.argv[1], "w", libver=("v108", "v108")); f["x"] = [1, 2, 3]; f.attrs["name"] = np.bytes_(b"not clustersim"); f.close()' "$out/foreign.h5"
ls -l "$out"
