#!/usr/bin/env bash
# End-to-end tests of Morris screening: `clustersim sweep` with `design: morris` runs
# r (d + 1) points whose recorded design is a set of one-at-a-time trajectories, and
# `clustersim screen DIR` prints mu*, mu and sigma for every parameter and measure, ranked
# by mu*, with bootstrap intervals and the no-effect flag, in table, CSV and JSON that
# agree; bad sweep files and folders that are not Morris sweeps are refused with exit 2.
# Usage: test_screen.sh CLUSTERSIM SOURCE_DIR
. "$(dirname "$0")/lib.sh"
cli_setup "$@"
data="$src/tests/data/sweeps"

expect 0 "screen --help" "$bin" screen --help
contains "help names the method" "mu*"
expect 0 "sweep --help names the morris design" "$bin" sweep --help
contains "morris in the sweep help" "morris"
expect 2 "odd levels are refused" "$bin" sweep "$data/morris_odd_levels.yaml" -o "$work/x"
contains "odd levels: position and reason" "morris_odd_levels.yaml:4:9: levels: a morris design needs an even number"
expect 2 "levels outside a morris design are refused" "$bin" sweep "$data/levels_not_morris.yaml" -o "$work/x"
contains "levels elsewhere: position and reason" "levels_not_morris.yaml:4:9: 'levels' is used only by a morris design"

# --- a Morris sweep of 8 parameters and its screening, in one command each -------------------
expect 0 "the dry run lists 2 x 9 points" "$bin" sweep "$data/morris8.yaml" -o "$work/m" --dry-run
expect 0 "a morris sweep of 8 parameters runs" "$bin" sweep "$data/morris8.yaml" -o "$work/m" --quiet --threads 2
if "$py" - "$work/m/index.h5" <<'PY'
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
assert f["/ensemble"].attrs["design"] in (b"morris", "morris"), f["/ensemble"].attrs["design"]
u = f["/ensemble/design_unit"][()]
assert u.shape == (18, 8), u.shape
levels = u * 3
assert np.allclose(levels, np.round(levels)), "on the 4-level grid"
for t in range(2):
    rows = u[t * 9:(t + 1) * 9]
    steps = np.abs(np.diff(rows, axis=0))
    assert ((steps > 0).sum(axis=1) == 1).all(), "one column per step"
    assert sorted(np.argmax(steps, axis=1)) == list(range(8)), "each column once"
    assert np.allclose(steps.max(axis=1), 2 / 3), "steps of Delta = 2/3"
PY
then ok "the index records 2 trajectories of 9 one-at-a-time points"; else bad "morris design in the index"; fi

expect 0 "screen prints the table" "$bin" screen "$work/m" --at 2004 --bootstrap 200
contains "table header" "Morris screening of"
contains "table ranks" "rank"
contains "table counts flagged parameters" "parameters show no effect on"
expect 0 "screen --format json" "$bin" screen "$work/m" --at 2004 --bootstrap 200 --format json -o "$work/s.json"
expect 0 "screen --format csv" "$bin" screen "$work/m" --at 2004 --bootstrap 200 --format csv -o "$work/s.csv"
if "$py" - "$work/s.json" "$work/s.csv" <<'PY'
import csv, json, math, sys
j = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2])))
assert j["results"], "no measures"
names = {"mc.join_rate", "mc.leave_rate", "learning.rate", "ties.decay", "wg.size",
         "policy.fee_year", "org.need", "wg.propose_rate"}
for m in j["results"]:
    ps = m["parameters"]
    assert {p["name"] for p in ps} == names, ps
    assert [p["rank"] for p in ps] == list(range(1, 9))
    stars = [p["mu_star"] if p["mu_star"] is not None else -1 for p in ps]
    assert stars == sorted(stars, reverse=True), "ranked by mu*"
    top = max(stars)
    for p in ps:
        if p["mu_star"] is None:
            continue
        assert p["mu_star"] >= abs(p["mu"]) - 1e-9, p           # |mean| <= mean of |.|
        lo, hi = p["mu_star_ci"]
        assert lo <= p["mu_star"] + 1e-9 and p["mu_star"] <= hi + 1e-9, p
        assert p["no_effect"] == (hi < 0.05 * top or top == 0), p
        assert p["n"] == 2, p
assert len(rows) == 8 * len(j["results"])
for r in rows:
    m = [x for x in j["results"] if x["measure"] == r["measure"]][0]
    p = [x for x in m["parameters"] if x["name"] == r["parameter"]][0]
    assert int(r["rank"]) == p["rank"]
    if p["mu_star"] is not None:
        assert abs(float(r["mu_star"]) - p["mu_star"]) <= 1e-5 * max(1, abs(p["mu_star"])), (r, p)
# policy.fee_year (2008-2014) cannot act before 2005: no effect on anything in 2004.
for m in j["results"]:
    p = [x for x in m["parameters"] if x["name"] == "policy.fee_year"][0]
    assert p["mu_star"] in (0, None) or p["no_effect"], (m["measure"], p)
PY
then ok "JSON and CSV agree; ranked by mu*; intervals hold mu*; flags follow the rule"; else bad "screen outputs: $(head -c 3000 "$work/s.json")"; fi

# --- the noise level: none with one replicate per point, positive with two ----------------
if "$py" -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; assert all(m["noise"] is None for m in r)' "$work/s.json"
then ok "one replicate per point: no noise level"; else bad "noise with one replicate: $(head -c 600 "$work/s.json")"; fi
sed 's/^replicates: 1/replicates: 2/; s#^base: ../../../#base: '"$(cd "$src" && pwd)"'/#' "$data/morris8.yaml" > "$work/morris8_r2.yaml"
expect 0 "the sweep with 2 replicates runs" "$bin" sweep "$work/morris8_r2.yaml" -o "$work/m2" --quiet --threads 2
expect 0 "screen gives the noise level" "$bin" screen "$work/m2" --at 2004 --bootstrap 100 --format json -o "$work/s2.json"
# Its known answer: sqrt(2/pi) sqrt(2 s^2 / R) / Delta, with s^2 the within-point variance
# pooled over points, recomputed from `clustersim compare` (each point's sd over its
# replicates), R = 2 and Delta = 2/3.
expect 0 "compare gives each point's spread" "$bin" compare "$work/m2" --at 2004 --format csv -o "$work/c2.csv"
if "$py" - "$work/s2.json" "$work/c2.csv" <<'PY'
import csv, json, math, sys
r = json.load(open(sys.argv[1]))["results"]
rows = list(csv.DictReader(open(sys.argv[2])))
checked = 0
for m in r:
    sds = [float(x["sd"]) for x in rows if x["measure"] == m["measure"] and x["sd"] != ""
           and int(x["n"]) == 2]
    if not sds:
        assert m["noise"] is None, m
        continue
    want = math.sqrt(2 / math.pi) * math.sqrt(2 * (sum(s * s for s in sds) / len(sds)) / 2) / (2 / 3)
    assert m["noise"] is not None and abs(m["noise"] - want) <= 1e-4 * max(want, 1e-12), (m["measure"], m["noise"], want)
    checked += 1
assert checked > 0, "no measure checked"
PY
then ok "two replicates per point: the noise level matches its formula"; else bad "noise: $(head -c 600 "$work/s2.json")"; fi
expect 0 "the table says it" "$bin" screen "$work/m2" --at 2004 --bootstrap 100
contains "noise in the table" "replicate noise alone gives |effect| about"

# --- folders that are not Morris sweeps -------------------------------------------------------
expect 0 "a sobol sweep runs" "$bin" sweep "$data/sobol4.yaml" -o "$work/s" --quiet --threads 2
expect 2 "screen refuses a sobol sweep" "$bin" screen "$work/s"
contains "says what it needs" "not a Morris sweep"
expect 2 "screen refuses a missing folder" "$bin" screen "$work/nope"
expect 2 "screen needs a folder" "$bin" screen
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
