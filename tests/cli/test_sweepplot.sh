#!/usr/bin/env bash
# End-to-end tests of `clustersim sweepplot DIR -o FOLDER`: a tiny Latin-hypercube sweep
# (8 points x 2 replicates) drawn against its two parameters. Checks: sweep.csv has one
# row per point with the parameter values the index holds and each point's mean over
# replicates; the binned means and intervals of the figures' data files are recomputed
# from the table; every figure exists as PNG and SVG; an ensemble folder, bad arguments and
# an existing output are refused with the documented exit codes.
# Usage: test_sweepplot.sh CLUSTERSIM SOURCE_DIR
. "$(dirname "$0")/lib.sh"
cli_setup "$@"

expect 0 "sweepplot --help" "$bin" sweepplot --help
contains "help names the table" "sweep.csv"
expect 2 "no DIR" "$bin" sweepplot -o "$work/x"
expect 2 "no -o" "$bin" sweepplot "$work"
expect 2 "--bins 0" "$bin" sweepplot "$work" -o "$work/x" --bins 0
expect 2 "a folder without index" "$bin" sweepplot "$work" -o "$work/x"
contains "missing index named" "index.h5"

expect 0 "a Latin-hypercube sweep of 8 points x 2 replicates" "$bin" sweep \
    "$src/tests/data/sweeps/lhs2.yaml" -o "$work/lhs" --quiet --threads 1
if ! command -v gnuplot >/dev/null 2>&1; then
    expect 1 "without gnuplot sweepplot exits 1" "$bin" sweepplot "$work/lhs" -o "$work/fig"
    echo "$pass passed, $fail failed; gnuplot missing: the figures were not checked"
    [ "$fail" -eq 0 ] && exit 77
    exit 1
fi
expect 0 "sweepplot of the sweep" "$bin" sweepplot "$work/lhs" -o "$work/fig" \
    --observables knowledge_mean_sme,ties_sme_sme_share,org_alive --bins 3
contains "summary line" "8 points x 2 parameters x 3 measures"
expect 2 "an existing table is not overwritten" "$bin" sweepplot "$work/lhs" -o "$work/fig"
expect 0 "--force overwrites it" "$bin" sweepplot "$work/lhs" -o "$work/fig" --force \
    --observables knowledge_mean_sme,ties_sme_sme_share,org_alive --bins 3 --at 2004
expect 2 "two --at years" "$bin" sweepplot "$work/lhs" -o "$work/y" --at 2003,2004
expect 2 "--baseline is refused" "$bin" sweepplot "$work/lhs" -o "$work/y" --baseline p0000
expect 2 "an unknown observable" "$bin" sweepplot "$work/lhs" -o "$work/y" --observables nope
contains "unknown observable named" "nope"

# The table against the index, `clustersim table`'s long CSV and the figures' data.
expect 0 "the long CSV of the sweep" "$bin" table "$work/lhs" --years 2004 \
    --observables knowledge_mean_sme -o "$work/long.csv"
expect 0 "table, index and figures agree" "$py" - "$work/lhs" "$work/fig" "$work/long.csv" <<'PY'
import math, os, sys
import h5py, numpy as np, pandas as pd
lhs, fig = sys.argv[1], sys.argv[2]
tab = pd.read_csv(f"{fig}/sweep.csv", float_precision="round_trip")
with h5py.File(f"{lhs}/index.h5", "r") as ix:
    params = [p.decode() if isinstance(p, bytes) else p for p in ix["/ensemble/parameters"][()]]
    tt = ix["/task_table"]
    point = tt["point"][()]
    pv = {p: tt[p][()] for p in params}
    files = [f.decode() if isinstance(f, bytes) else f for f in tt["file"][()]]
assert params == ["learning.rate", "ties.decay"], params
assert len(tab) == 8 and list(tab.point) == list(range(8)), tab
for p in params:
    for t in range(len(point)):
        assert tab[p][point[t]] == pv[p][t], (p, t)
assert (tab["knowledge_mean_sme_n"] == 2).all()
# A point's value: the mean over replicates of the mean of its months of 2004.
long = pd.read_csv(sys.argv[3], float_precision="round_trip")
want = long.groupby(["scenario", "replicate"]).value.mean().groupby("scenario").mean()
for i, row in tab.iterrows():
    assert math.isclose(row.knowledge_mean_sme, want[row.label], rel_tol=1e-12), row
measures = ["knowledge_mean_sme", "ties_sme_sme_share", "org_alive"]
share = {"ties_sme_sme_share"}
checked = 0
for k, m in enumerate(measures):
    for j, p in enumerate(params):
        stem = f"{fig}/sweep_{k}_{m}_x{j}"
        for ext in ("png", "svg"):
            assert os.path.getsize(f"{stem}.{ext}") > 1000, (stem, ext)
        pts = np.loadtxt(f"{stem}_points.dat", ndmin=2)
        assert np.allclose(pts[:, 1], tab[p], rtol=1e-9) and np.allclose(pts[:, 2], tab[m], rtol=1e-9)
        bins = np.loadtxt(f"{stem}_bins.dat", ndmin=2)
        x, y = tab[p].to_numpy(), tab[m].to_numpy()
        lo, hi = x.min(), x.max()
        w = (hi - lo) / 3
        at = np.clip(np.floor((x - lo) / w), 0, 2).astype(int)
        for b in range(3):
            v = y[at == b]
            assert bins[b, 3] == len(v), (stem, b)
            assert math.isclose(bins[b, 0], lo + w * (b + 0.5), rel_tol=1e-8)
            if len(v) == 0:
                assert math.isnan(bins[b, 4])
                continue
            assert math.isclose(bins[b, 4], v.mean(), rel_tol=1e-8, abs_tol=1e-12), (stem, b)
            # The interval never leaves the support: counts >= 0, shares in [0, 1].
            if len(v) >= 2:
                assert bins[b, 5] >= 0 and bins[b, 5] <= bins[b, 4] <= bins[b, 6], (stem, b)
                if m in share:
                    assert bins[b, 6] <= 1
            checked += 1
print("sweepplot agrees", checked)
PY
contains "checked" "sweepplot agrees"

# --- the README's sweepplot lines, on this small sweep in place of runs/learning ----------
# (tests/cli/test_readme.sh runs the whole README, the full sweep included; here the
# figures and plots.gp the lines write are checked.)
readme=$(awk '/^## /{on = ($0 == "## A sweep against its parameters")} on' "$src/README.md")
mkdir -p "$work/readme/runs"
ln -s "$work/lhs" "$work/readme/runs/learning"
cmds=$(printf '%s\n' "$readme" | sed -n '/^```sh/,/^```/p' | grep 'clustersim sweepplot' | sed -e "s#build/clustersim#'$bin'#g")
if [ -n "$cmds" ]; then ok "README has sweepplot examples"; else bad "README lacks the sweepplot examples"; fi
expect 0 "the README's sweepplot commands" bash -e -c "cd '$work/readme' && $cmds"
if [ -s "$work/readme/figures/learning/sweep.csv" ] && [ -s "$work/readme/figures/knowledge/sweep_1_org_alive_x1.svg" ]; then
    ok "the README's commands wrote their table and figures"
else
    bad "the README's commands did not write their table and figures"
fi
expect 0 "plots.gp redraws as the README says" bash -c "cd '$work/readme/figures/learning' && gnuplot plots.gp"
expect 2 "plot refuses the sweep and points here" "$bin" plot "$work/lhs" -o "$work/refused"
contains "refusal names sweepplot" "clustersim sweepplot"

# An ensemble is not a sweep: refused with exit 2, nothing written.
expect 0 "an ensemble of one scenario" "$bin" ensemble "$baseline" \
    --replicates 1 -o "$work/ens" --set run.scale=0.2 --set run.steps=12 --quiet --threads 1
expect 2 "an ensemble folder is refused" "$bin" sweepplot "$work/ens" -o "$work/ens-fig"
contains "refusal names the index" "index.h5 is not a sweep's index"
if [ ! -e "$work/ens-fig" ]; then ok "nothing written for an ensemble"; else bad "output written for an ensemble"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
