#!/usr/bin/env bash
# End-to-end tests of `clustersim table DIR`: the long CSV of a small ensemble (2
# scenarios x 2 replicates) and of a 2 x 3 grid sweep, read with pandas
# (/usr/bin/python3), holds one row per task, month and observable, with values equal to
# the task files' (h5py), vectors by component, swept parameters as columns with the
# values the tasks ran; --every and --years keep the months they say; bad arguments and
# unknown observables are refused with exit 2.
# Usage: test_table.sh CLUSTERSIM SOURCE_DIR   (exit 77: skipped)
. "$(dirname "$0")/lib.sh"
cli_setup "$@"
need_python h5py numpy pandas
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=passive
sc="$src/scenarios"

expect 0 "table --help" "$bin" table --help
contains "help shows usage" "usage: clustersim table DIR"
expect 2 "table without DIR" "$bin" table
expect 2 "--every and --years together" "$bin" table "$work" --every 12 --years 2008
contains "alternatives explained" "--every and --years are alternatives"
expect 2 "a bad year" "$bin" table "$work" --years 20x8
contains "bad year named" "got '20x8'"
expect 2 "--every 0" "$bin" table "$work" --every 0
expect 2 "a folder without index" "$bin" table "$work"
contains "missing index named" "index.h5"

expect 0 "ensemble of 2 scenarios x 2 replicates, 2003-2006" "$bin" ensemble "$sc/gumi-baseline.yaml" \
    "$sc/no-policy.yaml" --replicates 2 -o "$work/ens" --set run.scale=0.3 --set run.steps=48 \
    --jobs 2 --threads 1 --quiet
expect 0 "table of the ensemble, every observable" "$bin" table "$work/ens" -o "$work/all.csv"
contains "rows reported" "rows"
expect 2 "an existing file is not replaced" "$bin" table "$work/ens" -o "$work/all.csv"
expect 0 "two observables, a component, to stdout" "$bin" table "$work/ens" \
    --observables 'employment,ties_by_origin[wg]'
printf '%s\n' "$out" >"$work/two.csv"
expect 0 "--every 12" "$bin" table "$work/ens" --observables employment --every 12 -o "$work/every.csv"
expect 0 "--years 2004,2006" "$bin" table "$work/ens" --observables hub_dependence --years 2004,2006 -o "$work/years.csv"
expect 2 "a year outside the runs" "$bin" table "$work/ens" --years 2010
contains "the span is given" "2003 to 2006"
expect 2 "an unknown observable" "$bin" table "$work/ens" --observables employmnt
contains "the observable is named" "no observable 'employmnt'"

expect 0 "a 2 x 3 grid sweep" "$bin" sweep "$src/tests/data/sweeps/grid.yaml" -o "$work/grid" --quiet --threads 1
expect 0 "table of the sweep" "$bin" table "$work/grid" --observables knowledge_mean_sme -o "$work/grid.csv"
# Commands that pair scenarios with a baseline refuse a sweep and point to this table.
expect 2 "plot refuses a grid sweep" "$bin" plot "$work/grid" -o "$work/refused-plot"
contains "plot names the design" "is a grid sweep: its points are parameter values"
expect 2 "report refuses a grid sweep" "$bin" report "$work/grid" -o "$work/refused-report" \
    --outcomes "$src/scenarios/brief.yaml"
contains "report names the design" "is a grid sweep: its points are parameter values"
contains "the table is suggested" "clustersim table $work/grid"
expect 0 "compare gives a sweep's values, unpaired" "$bin" compare "$work/grid" --format csv -o "$work/grid-cmp.csv"
expect 0 "no effect against p0000" "$py" -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) > 0 and all(r["pairs"] == "0" and r["effect"] == "" for r in rows), rows[:3]
assert all(r["mean"] != "" for r in rows if r["kind"] == "year-mean")' "$work/grid-cmp.csv"
expect 0 "and says why" "$bin" compare "$work/grid" --observables knowledge_mean_sme
contains "the note" "not scenarios to pair with a baseline"

expect 0 "pandas reads the tables and they agree with the task files (h5py)" "$py" - "$work" <<'PY'
import sys, h5py, numpy as np, pandas as pd
work = sys.argv[1]
ens = f"{work}/ens"
# round_trip: pandas' default parser may be off by one unit in the last place.
read = lambda p: pd.read_csv(p, float_precision="round_trip")
allrows = read(f"{work}/all.csv")
assert list(allrows.columns) == ["scenario", "replicate", "time", "year", "month", "observable", "value"], allrows.columns
with h5py.File(f"{ens}/gumi-baseline/r1.h5", "r") as f:
    obs = f["observables"]
    specs = []
    for name in obs:
        if "names" in obs[name]:
            specs += [f"{name}[{c.decode() if isinstance(c, bytes) else c}]" for c in obs[name]["names"][()]]
        else:
            specs.append(name)
    emp = obs["employment"]["value"][()]
    t = obs["employment"]["time"][()]
    wg = obs["ties_by_origin"]["value"][()][:, [n.decode() if isinstance(n, bytes) else n for n in obs["ties_by_origin"]["names"][()]].index("wg")]
# One row per task (4), month (48) and observable, vectors by component.
assert len(allrows) == 4 * 48 * len(specs), (len(allrows), len(specs))
assert set(allrows.observable) == set(specs)
assert set(allrows.scenario) == {"gumi-baseline", "no-policy"} and set(allrows.replicate) == {0, 1}
sel = allrows[(allrows.scenario == "gumi-baseline") & (allrows.replicate == 1) & (allrows.observable == "employment")]
assert np.array_equal(sel.value.to_numpy(), emp), "values read back exactly"
assert np.allclose(sel.time.to_numpy(), t, atol=1e-6)
assert list(sel.year[:13]) == [2003] * 12 + [2004] and list(sel.month[:13]) == list(range(1, 13)) + [1]
two = read(f"{work}/two.csv")
w = two[(two.scenario == "gumi-baseline") & (two.replicate == 1) & (two.observable == "ties_by_origin[wg]")]
assert len(two) == 4 * 48 * 2 and np.array_equal(w.value.to_numpy(), wg)
every = pd.read_csv(f"{work}/every.csv")
assert len(every) == 4 * 4 and set(every.month) == {1} and sorted(set(every.year)) == [2003, 2004, 2005, 2006]
years = pd.read_csv(f"{work}/years.csv")
assert len(years) == 4 * 24 and sorted(set(years.year)) == [2004, 2006]
# The sweep: one column per swept parameter, with the value each task ran.
grid = pd.read_csv(f"{work}/grid.csv")
assert list(grid.columns) == ["scenario", "replicate", "wg.size", "learning.rate", "time", "year", "month", "observable", "value"], grid.columns
points = grid.groupby("scenario")[["wg.size", "learning.rate"]].first()
assert len(points) == 6 and sorted(set(points["wg.size"])) == [10, 20], points
assert np.allclose(sorted(set(points["learning.rate"])), [0.01, 0.105, 0.2]), points
tasks = pd.read_csv(f"{work}/grid/tasks.csv")
for row in tasks.itertuples():
    with h5py.File(f"{work}/grid/{row.file}", "r") as f:
        yaml = f["parameters/resolved_yaml"].asstr()[()]
        rate = float([l for l in yaml.splitlines() if l.startswith("learning.rate: ")][0].split(": ")[1])
    got = grid[grid.scenario == row.label]["learning.rate"].iloc[0]
    assert abs(got - rate) < 1e-12, (row.label, got, rate)
print("tables checked", len(allrows), len(grid))
PY
contains "tables checked" "tables checked"

# --- analysis/python's read_ensemble gives the same rows as the CSV -------------------------
expect 0 "read_ensemble agrees with the CSV" "$py" - "$src/analysis/python" "$work" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import numpy as np, pandas as pd
import read_trajectory as rt
work = sys.argv[2]
key = ["scenario", "replicate", "time", "observable"]
for folder, csv_name, wanted in [("ens", "all.csv", None), ("grid", "grid.csv", ["knowledge_mean_sme"])]:
    df = rt.read_ensemble(f"{work}/{folder}", wanted)
    csv = pd.read_csv(f"{work}/{csv_name}", float_precision="round_trip")
    assert list(df.columns) == list(csv.columns), (list(df.columns), list(csv.columns))
    assert len(df) == len(csv), (len(df), len(csv))
    df["t"] = np.rint(df["time"] * 12).astype(int)
    csv["t"] = np.rint(csv["time"] * 12).astype(int)
    a = df.sort_values(["scenario", "replicate", "t", "observable"]).reset_index(drop=True)
    b = csv.sort_values(["scenario", "replicate", "t", "observable"]).reset_index(drop=True)
    for col in csv.columns:
        if col == "time":
            assert np.allclose(a[col], b[col], atol=1e-6)
        elif col == "value":
            assert np.array_equal(a[col].to_numpy(), b[col].to_numpy(), equal_nan=True), folder
        else:
            assert (a[col].astype(str) == b[col].astype(str)).all() or np.allclose(a[col].astype(float), b[col].astype(float)), (folder, col)
print("read_ensemble ok")
PY
contains "read_ensemble checked" "read_ensemble ok"

# --- the README's table lines, on this small ensemble in place of runs/brief -----------
# (tests/cli/test_readme.sh runs the whole README as written; here the CSV is checked.)
readme=$(awk '/^## /{on = ($0 == "## Tidy data")} on' "$src/README.md")
mkdir -p "$work/readme/runs"
ln -s "$work/ens" "$work/readme/runs/brief"
cmds=$(printf '%s\n' "$readme" | sed -n '/^```sh/,/^```/p' | grep 'clustersim table' |
    sed -e "s#build/clustersim#'$bin'#g" -e 's/--years 2008,2012/--years 2004,2006/')   # a 4-year run here
pysnip=$(printf '%s\n' "$readme" | sed -n '/^```python/,/^```/p' | sed '1d;$d')
expect 0 "the README's table commands" bash -e -c "cd '$work/readme' && $cmds"
expect 0 "the README's pandas lines" bash -c "cd '$work/readme' && $py -c '$pysnip
print(len(df), sorted(set(df.observable)))'"
contains "january.csv holds what it says" "['employment', 'hub_dependence']"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
