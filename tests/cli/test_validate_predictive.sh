#!/usr/bin/env bash
# End-to-end tests of `clustersim validate` and `calibrate --years`: the predictive report
# in its three forms (table, CSV, JSON) is consistent with itself (coverage = share of
# targets inside, each interval around its replicates), --years keeps only the targets of
# those years, and a targets file with unknown observables, statistics or keys is refused
# with exit 2 naming file, line, column and key for every one of them.
# Runs are tiny (scale 0.2, 36 months): the figures are not the model's, the report is.
# (tests/cli/test_validate.sh checks the baseline's tolerance verdict.)
# Usage: test_validate_predictive.sh CLUSTERSIM SOURCE_DIR
. "$(dirname "$0")/lib.sh"
cli_setup "$@"
small=(--set run.steps=36 --set run.scale=0.2 --quiet)

cat > "$work/targets.yaml" <<'YAML'
targets:
  - {name: firms 2004, observable: firms_alive, year: 2004, value: 190, tolerance: 0.5}
  - {name: firms 2005, observable: firms_alive, year: 2005, value: 950, tolerance: 0.1}
  - {name: MCs 2005, observable: mc_active, year: 2005, value: 2, tolerance_abs: 0}
  - {name: electronics 2005, observable: sector_firm_share, index: electronics, year: 2005, value: 0.3, tolerance: 0.5}
  - {name: first org, statistic: first_org_founding_year, value: 2008, tolerance_abs: 2}
  - {name: far future, observable: firms_alive, year: 2030, value: 1, tolerance: 1}
YAML

expect 0 "validate --help" "$bin" validate --help
contains "help names --years" "--years A:B"
contains "help names --format" "--format F"
contains "help explains the interval" "5-95% predictive interval"

# --- JSON: one object per target, a summary that adds up ---------------------------------
"$bin" validate "$baseline" --targets "$work/targets.yaml" --replicates 5 --format json "${small[@]}" \
    > "$work/v.json" 2> "$work/v.err"
rc=$?
if [ "$rc" -eq 1 ]; then ok "validate exits 1 when a mean is out of tolerance"; else bad "validate exit $rc: $(cat "$work/v.err")"; fi
if "$py" - "$work/v.json" <<'PY'
import json, math, sys
r = json.load(open(sys.argv[1]))
t = r["targets"]
assert r["replicates"] == 5 and len(t) == 6, (r["replicates"], len(t))
inside = sum(1 for x in t if x["inside"])
s = r["summary"]
assert s["inside"] == inside and abs(s["coverage"] - inside / 6) < 1e-9, s
for x in t:
    if x["n"] == 0:
        assert x["inside"] is None and x["mean"] is None and x["verdict"] == "fail", x
        continue
    assert x["q05"] <= x["mean"] <= x["q95"], x
    assert x["inside"] == (x["q05"] <= x["observed"] <= x["q95"]), x
    assert 1 <= x["rank"] <= x["n"] + 1, x
    assert x["crps"] >= 0 and x["interval_score"] >= x["q95"] - x["q05"] - 1e-9, x
    assert (x["verdict"] == "pass") == (abs(x["mean"] - x["observed"]) <= x["tolerance"] + 1e-9), x
    assert x["mean_se"] >= 0 and x["q05_se"] >= 0, x
far = [x for x in t if x["name"] == "far future"][0]
assert far["n"] == 0, far
org = [x for x in t if x["name"] == "first org"][0]
assert org["statistic"] == "first_org_founding_year" and org["year"] == 2008, org
assert s["within_tolerance"] == sum(1 for x in t if x["verdict"] == "pass"), s
assert s["replicates_suggested"] >= 5
PY
then ok "JSON report is consistent (coverage, intervals, ranks, verdicts)"; else bad "JSON report: $(cat "$work/v.json")"; fi

# --- CSV and table: the same figures --------------------------------------------------------
expect 1 "validate --format csv" "$bin" validate "$baseline" --targets "$work/targets.yaml" \
    --replicates 5 --format csv "${small[@]}"
printf '%s\n' "$out" > "$work/v.csv"
if "$py" - "$work/v.csv" "$work/v.json" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
j = json.load(open(sys.argv[2]))["targets"]
assert len(rows) == len(j) == 6
for c, x in zip(rows, j):
    assert c["target"] == x["name"]
    if x["n"]:
        assert abs(float(c["q95"]) - x["q95"]) <= 1e-9 * max(1, abs(x["q95"])), (c, x)
        assert c["inside"] == ("true" if x["inside"] else "false")
PY
then ok "CSV gives the JSON's figures (same replicates: same numbers)"; else bad "CSV: $(cat "$work/v.csv")"; fi
expect 1 "validate table" "$bin" validate "$baseline" --targets "$work/targets.yaml" --replicates 5 "${small[@]}"
contains "table has the interval column" "95%"
contains "table has the coverage line" "coverage: "
contains "table says whether replicates are enough" "replicates: "

# --- --years: a time split ------------------------------------------------------------------
expect 1 "validate --years 2005:2005" "$bin" validate "$baseline" --targets "$work/targets.yaml" \
    --replicates 3 --years 2005:2005 --format json "${small[@]}"
if printf '%s' "$out" | "$py" -c '
import json, sys
r = json.load(sys.stdin)
assert r["years"] == [2005, 2005], r["years"]
assert [x["name"] for x in r["targets"]] == ["firms 2005", "MCs 2005", "electronics 2005"], r["targets"]
'; then ok "--years keeps only the targets of those years"; else bad "--years: $out"; fi
expect 1 "the statistic belongs to its year" "$bin" validate "$baseline" --targets "$work/targets.yaml" \
    --replicates 2 --years 2008:2008 "${small[@]}"
contains "first_org_founding_year is a 2008 target" "first org"
expect 2 "--years with no target" "$bin" validate "$baseline" --targets "$work/targets.yaml" \
    --years 2040:2050 "${small[@]}"
contains "says there is none" "no target of the years 2040 to 2050"
for bad_years in 2005 2008:2005 abc:2009 1800:1900 2005:2008x; do
    expect 2 "--years $bad_years is refused" "$bin" validate "$baseline" --years "$bad_years"
    contains "--years $bad_years: what was expected" "expects FIRST:LAST"
done
expect 2 "--format xml is refused" "$bin" validate "$baseline" --format xml
contains "--format: the choices" "table, csv or json"

# --- a targets file with unknown quantities: every one reported, nothing run ----------------
cat > "$work/unknown.yaml" <<'YAML'
targets:
  - {name: ok, observable: firms_alive, year: 2005, value: 1, tolerance: 1}
  - {name: a, observable: no_such_series, year: 2009, value: 1, tolerance: 1}
  - {name: b, statistic: luck, value: 1, tolerance: 1}
  - {name: c, observable: firms_alive, year: 2010, value: 1, tolerence: 1}
YAML
expect 2 "unknown observables and keys are refused" "$bin" validate "$baseline" \
    --targets "$work/unknown.yaml" "${small[@]}"
contains "unknown observable: file, line, column, key" "unknown.yaml:3:27: key 'observable'"
contains "unknown statistic: file, line, column, key" "unknown.yaml:4:26: key 'statistic'"
contains "unknown key: file, line, column" "unknown.yaml:5:62: unknown target key 'tolerence'"

# --- calibrate --years --------------------------------------------------------------------------
expect 0 "calibrate --years 2004:2005 runs on those targets" "$bin" calibrate "$baseline" \
    --targets "$work/targets.yaml" --years 2004:2005 --fit learning.rate=0.01:0.2 \
    --replicates 1 --evaluations 2 "${small[@]}"
contains "calibrate says which targets it fitted" "fitted on the 4 targets of the years 2004 to 2005"
expect 2 "calibrate --years refuses a bad range" "$bin" calibrate "$baseline" --years 2010:2005 \
    --fit learning.rate=0.01:0.2

# --- calibrate --evaluations N runs the model N times; its result pastes into a scenario ------
# Two parameters: the starting simplex alone takes 3 evaluations and a Nelder-Mead step 1-4
# more, so 5 stops inside a step (before the fix: 6 or more).
expect 0 "calibrate --evaluations 5 with two parameters" "$bin" calibrate "$baseline" \
    --targets "$work/targets.yaml" --years 2004:2005 --fit learning.rate=0.01:0.2 \
    --fit mc.leave_rate=0.1:0.5 --replicates 1 --evaluations 5 --set run.steps=36 --set run.scale=0.2
evals=$(printf '%s\n' "$out" | grep -c '^eval ')
if [ "$evals" -eq 5 ]; then ok "exactly 5 evaluations"; else bad "$evals evaluations, wanted 5: $out"; fi
contains "the summary counts 5" "after 5 evaluations of 1 replicates"
{ echo "extends: $(realpath "$baseline")"; printf '%s\n' "$out" | sed -n '/^# fitted values/,$p'; } > "$work/fitted.yaml"
expect 0 "the printed values are a valid scenario fragment" "$bin" check "$work/fitted.yaml"
expect 2 "fewer evaluations than the starting simplex are refused" "$bin" calibrate "$baseline" \
    --fit learning.rate=0.01:0.2 --fit mc.leave_rate=0.1:0.5 --evaluations 2
contains "says why" "fewer than the 3 of the starting simplex"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
