#!/usr/bin/env bash
# End-to-end tests of `clustersim sweep`: a Sobol sweep over four parameters runs and its
# index records every point (parameter values as columns, the design, links to every
# file); grid and Saltelli sweeps give the points they promise; every kind of bad sweep
# file is rejected up front with FILE:LINE:COLUMN and exit 2, before anything runs.
# Usage: test_sweep.sh CLUSTERSIM SOURCE_DIR
. "$(dirname "$0")/lib.sh"
cli_setup "$@"
data="$src/tests/data/sweeps"

# --- arguments and bad sweep files: exit 2, FILE:LINE:COLUMN, nothing written ----------
expect 0 "sweep --help" "$bin" sweep --help
contains "help shows the file format" "design: sobol"
expect 2 "no file" "$bin" sweep -o "$work/x"
expect 2 "no -o" "$bin" sweep "$data/sobol4.yaml"
expect 2 "missing sweep file" "$bin" sweep "$work/nope.yaml" -o "$work/x"
contains "missing file is named" "nope.yaml"
check_bad() {  # check_bad FIXTURE POSITION TEXT
    expect 2 "$1 is rejected" "$bin" sweep "$data/$1" -o "$work/x"
    contains "$1: position" "$1:$2:"
    contains "$1: reason" "$3"
}
check_bad unknown_param.yaml 6:3 "did you mean 'learning.rate'"
check_bad bad_range.yaml 6:18 "is empty"
check_bad out_of_range.yaml 6:34 "outside the range [0, 1]"
check_bad not_numeric.yaml 7:3 "only int and double parameters"
check_bad grid_no_steps.yaml 6:18 "needs steps"
check_bad grid_points.yaml 4:9 "not used by a grid"
check_bad steps_not_grid.yaml 6:47 "only by grid designs"
check_bad no_points.yaml 3:9 "needs 'points"
check_bad misspelled_key.yaml 3:1 "did you mean 'design'"
check_bad missing_base.yaml 2:7 "cannot be read"
check_bad int_fraction.yaml 6:17 "whole number"
# 41 numeric parameters (one-value lists of their defaults): beyond GSL's Sobol dimensions.
{
    printf 'base: %s/scenarios/gumi-baseline.yaml\ndesign: sobol\npoints: 4\nparameters:\n' "$src"
    "$bin" params | awk '/^[a-z_]+\.[a-z_0-9]+ \((int|double),/ { name = $1 }
                         /^  default: / && name != "" { print "  " name ": [" $2 "]"; name = "" }' | head -41
} > "$work/sobol41.yaml"
expect 2 "a 41-dimensional Sobol sweep is rejected" "$bin" sweep "$work/sobol41.yaml" -o "$work/x"
contains "Sobol limit explained" "at most 40 dimensions"
sed 's/design: sobol/design: saltelli/' "$work/sobol41.yaml" | head -25 > "$work/saltelli21.yaml"
expect 2 "a 21-parameter Saltelli sweep is rejected" "$bin" sweep "$work/saltelli21.yaml" -o "$work/x"
contains "Saltelli limit explained" "at most 20 parameters"
expect 2 "--set of a swept parameter" "$bin" sweep "$data/sobol4.yaml" -o "$work/x" --set learning.rate=0.1
contains "the conflict is explained" "is swept by"
if [ ! -e "$work/x" ]; then ok "nothing written for bad input"; else bad "output written for bad input"; fi

# --- a Sobol sweep over four parameters --------------------------------------------------
expect 0 "--dry-run lists the points" "$bin" sweep "$data/sobol4.yaml" --dry-run
contains "dry run header" "point,label,learning.rate,ties.decay,wg.size,policy.fee_year"
contains "dry run first Sobol point (u = 1/2)" "0,p0000,0.105,"
contains "dry run summary" "sobol design: 8 points x 2 replicates = 16 tasks"
expect 0 "Sobol sweep of 8 points x 2 replicates" "$bin" sweep "$data/sobol4.yaml" -o "$work/sobol"
contains "all 16 run" "16 tasks (8 points x 2 replicates): 16 run"
expect 0 "the index records every point" "$py" - "$work/sobol/index.h5" "$work/sobol" <<'PY'
import sys, h5py, pandas as pd
with h5py.File(sys.argv[1], "r") as f:
    g = f["task_table"]
    cols = [c.decode() for c in g.attrs["columns"]]       # fixed-length strings: bytes
    df = pd.DataFrame({c: g[c].asstr()[()] if g[c].dtype.kind == "S" else g[c][()] for c in cols})
    params = ["learning.rate", "ties.decay", "wg.size", "policy.fee_year"]
    assert all(p in cols for p in params), cols
    assert len(df) == 16 and (df.status == "ok").all()
    assert sorted(df.point.unique().tolist()) == list(range(8))
    assert all(sorted(reps) == [0, 1] for _, reps in df.groupby("point").replicate)
    assert df["learning.rate"].between(0.01, 0.2).all() and df["ties.decay"].between(0.01, 0.1).all()
    assert set(df["wg.size"]) <= {10.0, 15.0, 20.0}
    assert df["policy.fee_year"].between(2008, 2014).all() and (df["policy.fee_year"] % 1 == 0).all()
    assert (df.seed == 4242).all()
    e = f["ensemble"]
    assert e.attrs["design"] == b"sobol" and e.attrs["kind"] == b"sweep"
    assert e["design_unit"].shape == (8, 4)
    assert e["design_unit"][0].tolist() == [0.5, 0.5, 0.5, 0.5]  # GSL's first Sobol point
    assert list(e["parameters"].asstr()[()]) == params
    assert "design: sobol" in e["sweep_text"].asstr()[()]
    assert sum(len(f["tasks"][p]) for p in f["tasks"]) == 16
    # Each task file ran with its point's values.
    for _, row in df[df.replicate == 1].iterrows():
        t = f[f"tasks/{row.label}/r1/parameters/resolved"].attrs
        assert t["learning.rate"] == row["learning.rate"], (t["learning.rate"], row["learning.rate"])
        assert t["wg.size"] == row["wg.size"] and t["policy.fee_year"] == row["policy.fee_year"]
        assert t["run.seed"] == 4242 and t["run.steps"] == 24
print("sweep index ok")
PY
contains "sweep index checks passed" "sweep index ok"
head -1 "$work/sobol/tasks.csv" | grep -q 'learning.rate,ties.decay,wg.size,policy.fee_year$' && ok "tasks.csv has the parameter columns" || bad "tasks.csv header: $(head -1 "$work/sobol/tasks.csv")"
expect 0 "re-running the sweep reuses every task" "$bin" sweep "$data/sobol4.yaml" -o "$work/sobol"
contains "nothing redone" "0 run, 16 complete from before"

# --- grid and Saltelli ----------------------------------------------------------------
expect 0 "a 2 x 3 grid" "$bin" sweep "$data/grid.yaml" -o "$work/grid"
contains "6 grid points" "6 tasks (6 points x 1 replicate)"
expect 0 "grid values include both ends" "$py" - "$work/grid/index.h5" <<'PY'
import sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    rate = f["task_table/learning.rate"][()].tolist()
    size = f["task_table/wg.size"][()].tolist()
    assert rate[0::3] == [0.01, 0.01] and rate[2::3] == [0.2, 0.2], rate   # the ends exactly
    assert all(abs(x - 0.105) < 1e-15 for x in rate[1::3]), rate
    assert size == [10, 10, 10, 20, 20, 20], size
print("grid ok")
PY
expect 0 "a Saltelli sample" "$bin" sweep "$data/saltelli8.yaml" -o "$work/saltelli"
contains "8 x (2 + 2) runs" "32 tasks (32 points x 1 replicate)"
expect 0 "Saltelli rows are A, AB^i, B with one column swapped" "$py" - "$work/saltelli/index.h5" <<'PY'
import sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    t = f["task_table"]
    m = t["matrix"].asstr()[()].tolist()
    assert m == ["A", "AB:learning.rate", "AB:ties.decay", "B"] * 8, m
    assert t["sample"][()].tolist() == [j // 4 for j in range(32)]
    r, d = t["learning.rate"][()], t["ties.decay"][()]
    distinct = 0
    for j in range(0, 32, 4):
        assert r[j + 1] == r[j + 3] and d[j + 1] == d[j]      # AB^1: rate from B, decay from A
        assert r[j + 2] == r[j] and d[j + 2] == d[j + 3]      # AB^2: rate from A, decay from B
        distinct += r[j] != r[j + 3] and d[j] != d[j + 3]
    # The checks above are empty where A = B: most samples must have A != B.
    assert distinct >= 5, distinct
print("saltelli ok")
PY

# --- the README's example sweep is shipped, equal to the README's text, and valid -------------
example="$src/scenarios/sweeps/learning.yaml"
readme_block=$(sed -n '/^# scenarios\/sweeps\/learning.yaml/,/^```/p' "$src/README.md" | sed -n '/^base:/,/^  policy.fee_year/p')
file_block=$(sed -n '/^base:/,/^  policy.fee_year/p' "$example")
if [ -n "$readme_block" ] && [ "$readme_block" = "$file_block" ]; then
    ok "README's example sweep equals scenarios/sweeps/learning.yaml"
else
    bad "README's example sweep differs from scenarios/sweeps/learning.yaml"
fi
expect 0 "the example sweep's plan is valid" "$bin" sweep "$example" -o "$work/example" --dry-run
contains "its plan has 64 points" "63,p0063"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
