#!/usr/bin/env bash
# analysis/R/read_ensemble.R (base R only) reads the tidy CSV of `clustersim table` of a
# small ensemble and prints a summary per scenario; its numbers are recomputed with pandas.
# R is not part of the build: Debian's r-base-core gives Rscript. Without Rscript this
# test says so and is skipped (exit 77).
# Usage: test_r_example.sh CLUSTERSIM SOURCE_DIR
set -u
. "$(dirname "$0")/lib.sh"
cli_setup "$@"
py=/usr/bin/python3
script="$src/analysis/R/read_ensemble.R"

if [ -r "$script" ]; then ok "analysis/R/read_ensemble.R is shipped"; else bad "analysis/R/read_ensemble.R is missing"; fi
if ! command -v Rscript >/dev/null 2>&1; then
    echo "skip - Rscript not found (Debian: apt-get install r-base-core); the R example was not run"
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ] && exit 77
    exit 1
fi

expect 0 "ensemble of 2 scenarios x 2 replicates" "$bin" ensemble "$src/scenarios/gumi-baseline.yaml" \
    "$src/scenarios/no-policy.yaml" --replicates 2 -o "$work/ens" --set run.scale=0.2 \
    --set run.steps=24 --jobs 2 --threads 1 --quiet
expect 0 "its tidy CSV" "$bin" table "$work/ens" --observables employment,hub_dependence \
    -o "$work/ens.csv"
expect 0 "Rscript read_ensemble.R" Rscript "$script" "$work/ens.csv" 2004 "$work/summary.csv"
contains "scenario headings" "scenario gumi-baseline"
contains "the other scenario" "scenario no-policy"
expect 2 "a missing file" Rscript "$script" "$work/nope.csv"
contains "missing file named" "nope.csv"
expect 2 "a year the table lacks" Rscript "$script" "$work/ens.csv" 1990
expect 0 "R's summary equals pandas'" "$py" - "$work/ens.csv" "$work/summary.csv" <<'PY'
import math, sys
import pandas as pd
df = pd.read_csv(sys.argv[1], float_precision="round_trip")
got = pd.read_csv(sys.argv[2])
runs = df[df.year == 2004].groupby(["scenario", "replicate", "observable"]).value.mean()
want = runs.groupby(["scenario", "observable"]).agg(["count", "mean"])
assert len(got) == len(want) == 4, (got, want)
for r in got.itertuples():
    w = want.loc[(r.scenario, r.observable)]
    assert r.n == w["count"] and math.isclose(r.mean, w["mean"], rel_tol=1e-9), (r, w)
print("R summary ok")
PY
contains "checked" "R summary ok"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
