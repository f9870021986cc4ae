#!/usr/bin/env bash
# End-to-end tests of `clustersim compare`, `sobol` and `plot`: a small baseline /
# no-policy / funding-stop ensemble (3 replicates, run.scale 0.3) gives a table, CSV and
# JSON whose paired effects are checked against an independent computation from the task
# files (h5py); funding-stop equals the baseline before 2013 under common random numbers,
# so its effect there is exactly 0; plot writes PNG and SVG figures and a report into a
# folder whose name has spaces and a quote; a Saltelli sweep gives Sobol indices and bars;
# hostile input (missing folder, truncated or foreign files, gnuplot missing) gives a
# clear message and a non-zero exit, never a crash.
# Usage: test_compare.sh CLUSTERSIM SOURCE_DIR   (exit 77: skipped)
. "$(dirname "$0")/lib.sh"
cli_setup "$@"
need_python h5py numpy
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=passive
sc="$src/scenarios"
ens="$work/ens"

# --- arguments -------------------------------------------------------------------------
for cmd in compare sobol plot; do
    expect 0 "$cmd --help" "$bin" "$cmd" --help
    contains "$cmd --help shows usage" "usage: clustersim $cmd"
done
expect 2 "compare without DIR" "$bin" compare
expect 2 "compare: unknown option" "$bin" compare "$work" --bogus
expect 2 "compare: bad --format" "$bin" compare "$work" --format xml
expect 2 "compare: bad --at" "$bin" compare "$work" --at 20x8
expect 2 "plot without -o" "$bin" plot "$work"
expect 2 "compare: missing folder" "$bin" compare "$work/nope"
contains "missing folder named" "$work/nope"
expect 2 "compare: a folder without index" "$bin" compare "$work"
contains "missing index named" "index.h5"

# --- a small ensemble: the full 2003-2015 span, so that the funding stop of 2013 shows --
expect 0 "ensemble of 3 scenarios x 3 replicates" "$bin" ensemble "$sc/gumi-baseline.yaml" \
    "$sc/no-policy.yaml" "$sc/funding-stop.yaml" --replicates 3 -o "$ens" \
    --set run.scale=0.3 --jobs 2 --threads 2 --quiet

expect 0 "compare (table)" "$bin" compare "$ens"
contains "baseline named" "baseline gumi-baseline"
contains "pairing explained" "common random"
contains "funding end found in funding-stop" "Funding ends in 2013 (policy.budget of funding-stop)"
contains "hub dependence reported" "hub_dependence [1]"
contains "SME-SME ties reported" "ties_sme_sme_share"
contains "organisations alive reported" "org_alive [organisation]"
contains "persistence reported with its years" "2015/2012"
contains "default years" "2008"

expect 0 "compare --format csv" "$bin" compare "$ens" --format csv -o "$work/cmp.csv"
expect 0 "compare --format json" "$bin" compare "$ens" --format json -o "$work/cmp.json"
expect 2 "an existing -o file is not replaced" "$bin" compare "$ens" --format csv -o "$work/cmp.csv"
contains "--force suggested" "force"
expect 0 "CSV and JSON agree with the task files (h5py)" "$py" - "$ens" "$work/cmp.csv" "$work/cmp.json" <<'PY'
import sys, csv, json, math, h5py, numpy as np
ens, csv_path, json_path = sys.argv[1:4]
rows = list(csv.DictReader(open(csv_path)))
doc = json.load(open(json_path))
measures = [m["name"] for m in doc["measures"]]
assert "hub_dependence" in measures and "persistence_wg" in measures, measures
assert doc["baseline"] == "gumi-baseline" and doc["funding_end"] == 2013
assert len(doc["rows"]) == len(rows), (len(doc["rows"]), len(rows))
def year_mean(path, spec, year):
    name, comp = (spec.split("[") + [None])[:2]
    with h5py.File(path, "r") as f:
        g = f["observables"][name]
        v = g["value"][()]
        if comp:
            names = [s.decode() if isinstance(s, bytes) else s for s in g["names"][()]]
            v = v[:, names.index(comp.rstrip("]"))]
        t = g["time"][()]
    return v[np.floor(t + 1e-9) == year].mean()
def row(measure, year, scen):
    hits = [r for r in rows if r["measure"] == measure and int(r["year"]) == year and r["scenario"] == scen]
    assert len(hits) == 1, (measure, year, scen, hits)
    return hits[0]
checked = 0
for measure in ["hub_dependence", "ties_sme_sme_share"]:
    for scen in ["no-policy", "funding-stop"]:
        y = 2015
        x = [year_mean(f"{ens}/{scen}/r{r}.h5", measure, y) for r in range(3)]
        b = [year_mean(f"{ens}/gumi-baseline/r{r}.h5", measure, y) for r in range(3)]
        d = np.array(x) - np.array(b)
        r = row(measure, y, scen)
        assert int(r["pairs"]) == 3
        assert math.isclose(float(r["mean"]), np.mean(x), rel_tol=1e-8), (r, np.mean(x))
        assert math.isclose(float(r["effect"]), d.mean(), rel_tol=1e-8, abs_tol=1e-12), (r, d)
        half = 4.302652729911275 * d.std(ddof=1) / math.sqrt(3)      # t(0.975, 2)
        assert math.isclose(float(r["effect_ci_high"]) - float(r["effect"]), half, rel_tol=1e-6, abs_tol=1e-12)
        checked += 1
# Common random numbers: funding-stop is the baseline until its money stops in 2013.
for measure in ["hub_dependence", "org_alive", "knowledge_mean_sme"]:
    r = row(measure, 2008, "funding-stop")
    assert float(r["effect"]) == 0.0 and float(r["effect_sd"]) == 0.0 and int(r["pairs"]) == 3, r
# The baseline row has no effect of its own.
assert row("hub_dependence", 2008, "gumi-baseline")["effect"] == ""
# org_alive is the sum of the three stages.
s = sum(float(row(m, 2015, "gumi-baseline")["mean"]) for m in ["org_councils", "org_associations", "org_cooperatives"])
assert math.isclose(s, float(row("org_alive", 2015, "gumi-baseline")["mean"]), rel_tol=1e-9)
# persistence_wg of funding-stop by hand: WG participants in 2015 over 2012.
p = [year_mean(f"{ens}/funding-stop/r{r}.h5", "wg_participants", 2015) /
     year_mean(f"{ens}/funding-stop/r{r}.h5", "wg_participants", 2012) for r in range(3)]
pr = [r for r in rows if r["measure"] == "persistence_wg" and r["scenario"] == "funding-stop"][0]
assert pr["kind"] == "persistence" and int(pr["year"]) == 2015
assert math.isclose(float(pr["mean"]), np.mean(p), rel_tol=1e-8, abs_tol=1e-12), (pr, p)
# Each scenario's own funding end: the baseline's programme never stops, so it has no
# persistence value (not a ratio over funding-stop's years), and JSON says so.
bp = [r for r in rows if r["measure"] == "persistence_wg" and r["scenario"] == "gumi-baseline"][0]
assert bp["mean"] == "" and bp["year"] == "" and bp["n"] == "0", bp
# funding-stop's effect: its ratio minus the baseline's over the same years (2015/2012).
q = [year_mean(f"{ens}/gumi-baseline/r{r}.h5", "wg_participants", 2015) /
     year_mean(f"{ens}/gumi-baseline/r{r}.h5", "wg_participants", 2012) for r in range(3)]
assert math.isclose(float(pr["effect"]), np.mean(np.array(p) - np.array(q)), rel_tol=1e-8,
                    abs_tol=1e-12), (pr, p, q)
fund = {s["name"]: s["funding_end"] for s in doc["scenarios"]}
assert fund == {"gumi-baseline": None, "no-policy": None, "funding-stop": 2013}, fund
# Intervals respect the support: counts never below 0, shares inside [0, 1].
kinds = {m["name"]: m["support"] for m in doc["measures"]}
assert kinds["org_alive"] == "nonnegative" and kinds["hub_dependence"] == "share", kinds
assert kinds["persistence_wg"] == "nonnegative", kinds
assert kinds["knowledge_mean_sme"] == "real", kinds     # knowledge exceeds 1: no cut at 1
cut = 0
for r in rows:
    if r["ci_low"] == "":
        continue
    lo, hi = float(r["ci_low"]), float(r["ci_high"])
    assert r["support"] == kinds[r["measure"]], r
    assert lo <= float(r["mean"]) <= hi, r              # a cut never leaves out the mean
    if r["support"] != "real":
        assert lo >= 0.0, r
    if r["support"] == "share":
        assert hi <= 1.0, r
    if r["support"] != "real" and lo == 0.0 and float(r["mean"]) > 0.0:
        cut += 1
    assert int(r["asked"]) == 3, r
print("compare values ok", checked, "intervals cut at 0:", cut)
PY
contains "values checked" "compare values ok 4"

expect 0 "--baseline, --observables with a vector component, --at words" "$bin" compare "$ens" \
    --baseline no-policy --observables 'employment,ties_by_origin[wg]' --at 2010 end --format csv
contains "a component is a measure, with the unit its file states" "ties_by_origin[wg],tie,year-mean,2010,gumi-baseline,no-policy"
contains "end is the last year" ",2015,"
expect 0 "an added observable's unit and description come from the file" "$bin" compare "$ens" \
    --observables employment --at end --format json
contains "unit of employment" '"name": "employment", "unit": "employee", "kind": "year-mean", "support": "nonnegative", "description": "employees of all firms"'
expect 2 "unknown baseline" "$bin" compare "$ens" --baseline nowhere
contains "the scenarios are listed" "gumi-baseline, no-policy, funding-stop"
expect 2 "unknown observable" "$bin" compare "$ens" --observables hub_dependance
contains "the observable is named" "no observable 'hub_dependance'"
expect 2 "a year outside the runs" "$bin" compare "$ens" --at 1990
contains "the span is given" "2003 to 2015"
expect 2 "sobol needs a Saltelli sweep" "$bin" sobol "$ens"
contains "sobol explains" "not a Saltelli sweep"

# --- plot into a folder whose name has spaces and a quote ------------------------------
plots="$work/out dir/it's \"plots\""
expect 0 "plot" "$bin" plot "$ens" -o "$plots" --observables hub_dependence,ties_sme_sme_share,org_alive,persistence_ties
for f in ts_0_hub_dependence effect_0_hub_dependence ts_2_org_alive effect_2_org_alive persist_3_persistence_ties; do
    if [ -s "$plots/$f.png" ] && [ -s "$plots/$f.svg" ]; then ok "$f.png and .svg written"; else bad "$f missing: $(ls "$plots")"; fi
done
if head -c 8 "$plots/ts_0_hub_dependence.png" | grep -q PNG && grep -q '<svg' "$plots/ts_0_hub_dependence.svg"; then
    ok "PNG and SVG are what they say"; else bad "not PNG/SVG"; fi
missing=$(grep -o '([a-z0-9_]*\.\(png\|svg\))' "$plots/report.md" | tr -d '()' | while read -r f; do [ -s "$plots/$f" ] || echo "$f"; done)
if [ -z "$missing" ] && grep -q 'effect vs baseline' "$plots/report.md"; then ok "report.md links existing figures and has tables"; else bad "report: missing $missing"; fi
# The plotted numbers: per month, the band file of a scenario holds the mean over its
# replicates, and the effect file scenario minus baseline, replicate by replicate (a
# scenario above the baseline is drawn above 0).
expect 0 "plotted means and effects agree with the task files (h5py)" "$py" - "$ens" "$plots" <<'PY'
import sys, h5py, numpy as np
ens, plots = sys.argv[1:3]
def monthly(scen, r):
    with h5py.File(f"{ens}/{scen}/r{r}.h5", "r") as f:
        g = f["observables"]["hub_dependence"]
        return dict(zip(np.rint(g["time"][()] * 12).astype(int), g["value"][()]))
def dat(name):
    rows = [l.split() for l in open(f"{plots}/{name}") if not l.startswith("#")]
    return {int(round(float(r[0]) * 12)): float(r[1]) for r in rows}
base = [monthly("gumi-baseline", r) for r in range(3)]
checked = 0
for label, scen in [(1, "no-policy"), (2, "funding-stop")]:
    x = [monthly(scen, r) for r in range(3)]
    eff, ts = dat(f"effect_0_hub_dependence_s{label}.dat"), dat(f"ts_0_hub_dependence_s{label}.dat")
    assert len(eff) > 100, len(eff)
    for k, e in eff.items():
        d = np.mean([x[r][k] - base[r][k] for r in range(3)])
        assert abs(e - d) <= 1e-8 * max(1, abs(d)), (scen, k, e, d)
        assert abs(ts[k] - np.mean([x[r][k] for r in range(3)])) <= 1e-8, (scen, k)
        checked += 1
# Without the programme SMEs depend more on the hubs in some month: the sign is visible.
assert max(dat("effect_0_hub_dependence_s1.dat").values()) > 0
# The bands stay inside the support: organisations (a count) never below 0, hub
# dependence (a share) inside [0, 1]; every band holds its mean.
import glob, math
bands = 0
for name, lo_bound, hi_bound in [("ts_2_org_alive", 0.0, math.inf), ("ts_0_hub_dependence", 0.0, 1.0)]:
    for path in glob.glob(f"{plots}/{name}_s*.dat"):
        for line in open(path):
            if line.startswith("#"):
                continue
            t, m, lo, hi = (float(v) for v in line.split())
            if not math.isnan(lo):
                assert lo_bound <= lo <= m <= hi <= hi_bound, (path, line)
                bands += 1
assert bands == 2 * 3 * 156, bands    # 2 measures x 3 scenarios x 156 months
print("plotted effects ok", checked)
PY
contains "plotted effects checked" "plotted effects ok"
# Every series stays visible: each scenario's line has its own dash pattern and marker
# (identical series no longer hide each other), and the axes carry words and units.
expect 0 "series styles and axis labels in the script" "$py" - "$plots/plots.gp" <<'PY'
import sys, re
gp = open(sys.argv[1]).read()
block = gp[gp.index("# ---- ts_0_hub_dependence"):gp.index("# ---- effect_0_hub_dependence")]
styles = re.findall(r"with linespoints lw 2 dt (\d+) pt (\d+)", block)
assert len(styles) == 3 and len(set(styles)) == 3, styles
assert "set ylabel 'share of SME revenue from LG or Samsung chains [1]'" in block, block
org = gp[gp.index("# ---- ts_2_org_alive"):]
assert "set ylabel 'firm-led organisations alive, all stages [organisation]'" in org
# The programme's events are marked where they happen: funding-stop's stop in 2013 (its
# own), the 2009 cut (baseline and funding-stop, not no-policy).
assert "set arrow from 2013, graph 0 to 2013, graph 1" in block, block
assert "set label 'funding stops (funding-stop)' at 2013" in block, block
assert "set label 'budget cut to 540 (gumi-baseline, funding-stop)' at 2009" in block, block
print("styles ok", styles)
PY
expect 2 "plot refuses to overwrite a report" "$bin" plot "$ens" -o "$plots" --observables hub_dependence
expect 0 "plot --force" "$bin" plot "$ens" -o "$plots" --observables hub_dependence --force
expect 1 "plot without gnuplot on PATH" env PATH="$work/empty" "$bin" plot "$ens" -o "$work/p2"
contains "gnuplot missing is explained" "gnuplot not found"

# --- n of N where fewer replicates than asked contribute --------------------------------
# A copy of the ensemble whose index marks funding-stop's replicate 2 as not complete
# (status "no": what a failed or unfinished task leaves).
cp -r "$ens" "$work/ens2"
"$py" - "$work/ens2/index.h5" <<'PY'
import sys, h5py
with h5py.File(sys.argv[1], "r+") as f:
    t = f["task_table"]
    rows = [i for i in range(len(t["status"])) if t["label"][i] in (b"funding-stop", "funding-stop") and t["replicate"][i] == 2]
    assert len(rows) == 1, rows
    t["status"][rows[0]] = b"no"
PY
expect 0 "compare with a replicate missing" "$bin" compare "$work/ens2" --observables hub_dependence --at end
contains "replicates complete says n of N" "funding-stop 2 of 3"
contains "the row's n and pairs say so" "2 of 3  "
contains "the missing task is noted" "1 of 9 tasks are not complete"
expect 0 "plot with a replicate missing" "$bin" plot "$work/ens2" -o "$work/p2n" --observables hub_dependence,persistence_wg
if grep -q "title 'funding-stop (n = 2 of 3)'" "$work/p2n/plots.gp" && grep -q "'funding-stop 2015/2012, n = 2 of 3' 2" "$work/p2n/plots.gp" &&
    grep -q "'gumi-baseline (never stops)' 0" "$work/p2n/plots.gp" &&
    grep -q "| funding-stop | 2 of 3 |" "$work/p2n/report.md"; then
    ok "figures and report show n = 2 of 3"
else
    bad "n of N missing: $(grep -n "funding-stop" "$work/p2n/plots.gp" | head -5)"
fi

# --- Sobol indices of a small Saltelli sweep --------------------------------------------
# saltelli8.yaml: 8 base samples, 5 with A != B (saltelli.yaml's 2 have A = B, where every
# index is 0 whatever the estimator does).
sed "s#^base: .*#base: $sc/gumi-baseline.yaml#" "$src/tests/data/sweeps/saltelli8.yaml" > "$work/saltelli.yaml"
expect 0 "a Saltelli sweep" "$bin" sweep "$work/saltelli.yaml" -o "$work/salt" --jobs 2 --threads 2 --quiet
expect 0 "sobol (csv)" "$bin" sobol "$work/salt" --observables knowledge_mean_sme --format csv --bootstrap 200
contains "sobol csv header" "measure,year,parameter,n_base,n_boot,S1,S1_ci_low,S1_ci_high,ST,ST_ci_low,ST_ci_high"
contains "one row per swept parameter" "knowledge_mean_sme,2003,learning.rate,8,200,"
contains "both parameters" "knowledge_mean_sme,2003,ties.decay,8,200,"
printf '%s\n' "$out" > "$work/sobol.csv"
# The indices recomputed from the task files: year means of 2003 sorted into f_A, f_B and
# f_AB by the task table's matrix column (SALib's row order A, AB^1..AB^d, B per sample),
# then S1 = mean((f_B - m)(f_ABi - f_A)) / V and ST = mean((f_A - f_ABi)^2) / (2 V)
# (Saltelli et al. 2010; Jansen), V the variance of f_A and f_B together. A mix-up of A and
# B anywhere between the design and the estimator changes them (ST would become 1 - S1).
expect 0 "Sobol indices agree with a recomputation from the task files (h5py)" "$py" - "$work/salt" "$work/sobol.csv" <<'PY'
import sys, csv, h5py, numpy as np
d, sobol_csv = sys.argv[1:3]
tasks = list(csv.DictReader(open(f"{d}/tasks.csv")))
params = ["learning.rate", "ties.decay"]
def year_mean(path):
    with h5py.File(path, "r") as f:
        g = f["observables"]["knowledge_mean_sme"]
        v, t = g["value"][()], g["time"][()]
    return v[np.floor(t + 1e-9) == 2003].mean()
n = 1 + max(int(t["sample"]) for t in tasks)
fa, fb, fab = np.zeros(n), np.zeros(n), np.zeros((2, n))
for t in tasks:
    j, m, y = int(t["sample"]), t["matrix"], year_mean(f"{d}/{t['file']}")
    if m == "A": fa[j] = y
    elif m == "B": fb[j] = y
    else: fab[params.index(m[3:]), j] = y
mean = np.concatenate([fa, fb]).mean()
v = np.concatenate([fa, fb]).var()
rows = {r["parameter"]: r for r in csv.DictReader(open(sobol_csv)) if r["year"] == "2003"}
for i, p in enumerate(params):
    s1 = np.mean((fb - mean) * (fab[i] - fa)) / v
    st = np.mean((fa - fab[i]) ** 2) / (2 * v)
    got_s1, got_st = float(rows[p]["S1"]), float(rows[p]["ST"])
    assert abs(got_s1 - s1) <= 1e-4 * max(1, abs(s1)), (p, got_s1, s1)
    assert abs(got_st - st) <= 1e-4 * max(1, abs(st)), (p, got_st, st)
# The fixture has teeth: learning.rate moves the 2003 knowledge of SMEs.
assert float(rows["learning.rate"]["ST"]) > 0.01, rows["learning.rate"]
print("sobol recomputed ok")
PY
contains "indices recomputed" "sobol recomputed ok"
first="$(cat "$work/sobol.csv")"
expect 0 "sobol again, same seed" "$bin" sobol "$work/salt" --observables knowledge_mean_sme --format csv --bootstrap 200
if [ "$out" = "$first" ]; then ok "bootstrap intervals are reproducible"; else bad "sobol output changed between runs"; fi
expect 0 "sobol (json)" "$bin" sobol "$work/salt" --format json
expect 0 "sobol JSON parses" "$py" -c 'import json,sys; d=json.loads(sys.argv[1]); assert len(d["results"]) >= 4 and len(d["results"][0]["parameters"]) == 2' "$out"
expect 0 "plot of a Saltelli sweep" "$bin" plot "$work/salt" -o "$work/salt plots" --observables knowledge_mean_sme
if [ -s "$work/salt plots/sobol_0_knowledge_mean_sme.png" ] && [ -s "$work/salt plots/sobol_0_knowledge_mean_sme.svg" ]; then
    ok "Sobol bars written"; else bad "Sobol bars missing: $(ls "$work/salt plots")"; fi

# --- hostile input: clear message, exit 2, no crash -----------------------------------
bad_ens="$work/bad"
cp -r "$ens" "$bad_ens"
truncate -s 3000 "$bad_ens/no-policy/r1.h5"
expect 2 "a truncated task file" "$bin" compare "$bad_ens"
contains "the truncated file is named" "no-policy/r1.h5"
"$py" -c 'import h5py,sys; f=h5py.File(sys.argv[1],"w",libver=("v108","v108")); f["x"]=[1,2,3]' "$bad_ens/no-policy/r1.h5"
expect 2 "a foreign HDF5 task file" "$bin" compare "$bad_ens"
contains "foreign task file explained" "not a clustersim trajectory"
"$py" -c 'import h5py,sys; f=h5py.File(sys.argv[1],"w",libver=("v108","v108")); f["task_table/label"]=[1]' "$bad_ens/index.h5"
expect 2 "a foreign HDF5 index" "$bin" compare "$bad_ens"
contains "foreign index explained" "not an ensemble index"
: > "$bad_ens/index.h5"
expect 2 "an empty index" "$bin" compare "$bad_ens"
contains "empty index explained" "is empty"
printf 'not hdf5' > "$bad_ens/index.h5"
expect 2 "a text file as index" "$bin" plot "$bad_ens" -o "$work/p3"
contains "text index explained" "not an HDF5 file"
expect 2 "a file instead of a folder" "$bin" compare "$work/cmp.csv"
contains "not a folder" "not a folder"

# The default baseline is the first scenario given to `ensemble`, whatever its name: no
# scenario name is special to the analysis (gumi-baseline was, before).
expect 0 "an ensemble with no-policy first" "$bin" ensemble "$sc/no-policy.yaml" \
    "$sc/gumi-baseline.yaml" --replicates 2 -o "$work/np-first" --set run.scale=0.2 \
    --set run.steps=24 --jobs 2 --threads 2 --quiet
expect 0 "compare without --baseline" "$bin" compare "$work/np-first" --observables employment
contains "the first scenario is the baseline" "baseline no-policy"
lacks "gumi-baseline is not chosen by name" "baseline gumi-baseline"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
