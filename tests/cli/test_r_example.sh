#!/usr/bin/env bash
# analysis/R/read_ensemble.R (base R only) reads the tidy CSV of `clustersim table` of a
# small ensemble and prints a summary per scenario; analysis/R/read_trajectory.R (hdf5r)
# reads one trajectory's observables. Their numbers are recomputed with pandas and h5py.
# R is not part of the build: Debian's r-base-core gives Rscript, r-cran-hdf5r the HDF5
# package. Without Rscript this test says so and is skipped (exit 77); with Rscript but
# without hdf5r the trajectory half is skipped and said so.
# Usage: test_r_example.sh CLUSTERSIM SOURCE_DIR
. "$(dirname "$0")/lib.sh"
cli_setup "$@"
script="$src/analysis/R/read_ensemble.R"
trajectory_script="$src/analysis/R/read_trajectory.R"

for s in "$script" "$trajectory_script"; do
    if [ -r "$s" ]; then ok "${s#"$src"/} is shipped"; else bad "${s#"$src"/} is missing"; fi
done
if ! command -v Rscript >/dev/null 2>&1; then
    echo "skip - Rscript not found (Debian: apt-get install r-base-core); the R example was not run"
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ] && exit 77
    exit 1
fi

expect 0 "ensemble of 2 scenarios x 2 replicates" "$bin" ensemble "$baseline" \
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

# The trajectory reader: yearly means of a scalar and of one component of a vector, with
# the unit and description from the file, equal to h5py's.
if ! Rscript -e "quit(status = !requireNamespace('hdf5r', quietly = TRUE))" >/dev/null 2>&1; then
    echo "skip - R package hdf5r not installed (Debian: r-cran-hdf5r); read_trajectory.R not run"
else
    traj="$work/ens/gumi-baseline/r0.h5"
    expect 0 "Rscript read_trajectory.R" Rscript "$trajectory_script" "$traj" employment \
        'ties_by_origin[wg]' --csv "$work/yearly.csv"
    contains "unit and description from the file" "employment (employee): employees of all firms"
    contains "a vector's component" "ties_by_origin[wg] (tie): ties alive by origin"
    expect 2 "a whole vector is refused, naming its components" Rscript "$trajectory_script" \
        "$traj" ties_by_origin
    contains "components listed" "forum, referral, broker, wg"
    expect 2 "an observable the file lacks" Rscript "$trajectory_script" "$traj" no_such_thing
    contains "names the observable" "no observable 'no_such_thing'"
    expect 2 "not an HDF5 file" Rscript "$trajectory_script" "$work/ens.csv" employment
    contains "says what it is not" "not an HDF5 file"
    expect 0 "R's yearly means equal h5py's" "$py" - "$traj" "$work/yearly.csv" <<'PY'
import math, sys
import h5py
import numpy as np
import pandas as pd
got = pd.read_csv(sys.argv[2])
with h5py.File(sys.argv[1]) as f:
    obs = f["observables"]
    names = [n.decode() for n in obs["ties_by_origin/names"][()]]
    want = {"employment": (obs["employment/time"][()], obs["employment/value"][()]),
            "ties_by_origin[wg]": (obs["ties_by_origin/time"][()],
                                   obs["ties_by_origin/value"][()][:, names.index("wg")])}
rows = 0
for name, (time, value) in want.items():
    years = np.floor(time + 1e-9).astype(int)
    for y in sorted(set(years)):
        r = got[(got.observable == name) & (got.year == y)]
        assert len(r) == 1, (name, y, r)
        assert math.isclose(r["mean"].iloc[0], value[years == y].mean(), rel_tol=1e-12), (name, y)
        rows += 1
assert rows == len(got) == 4, (rows, len(got))   # 24 months: 2003 and 2004
print("R yearly means ok")
PY
    contains "checked" "R yearly means ok"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
