#!/usr/bin/env bash
# End-to-end tests of `clustersim report DIR -o FOLDER`, the policy brief: a small
# ensemble of four shipped scenarios (3 replicates, run.scale 0.3) gives brief.md and
# brief.html whose summary table is ranked by the first outcome's effect, whose level
# intervals of counts never reach below 0, whose sentences say "raises", "lowers" or "does
# not change" as the table's interval says, whose programme money equals the spending
# summed from the task files (h5py), and whose figures all exist; an edited outcomes file
# changes the ranking; bad arguments, outcomes files and folders are refused with exit 2
# and a message naming the file and the key.
# Usage: test_report.sh CLUSTERSIM SOURCE_DIR   (exit 77: skipped)
. "$(dirname "$0")/lib.sh"
cli_setup "$@"
need_python h5py numpy
need_gnuplot
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=passive
sc="$src/scenarios"
ens="$work/ens"
brief="$work/brief dir"

# --- arguments and input errors ---------------------------------------------------------
expect 0 "report --help" "$bin" report --help
contains "help shows usage" "usage: clustersim report DIR -o FOLDER"
contains "help names the outcomes file" "scenarios/brief.yaml"
expect 2 "report without DIR" "$bin" report
expect 2 "report without -o" "$bin" report "$work"
contains "-o asked for" "missing -o FOLDER"
expect 2 "report: unknown option" "$bin" report "$work" -o "$brief" --bogus
expect 2 "a missing outcomes file" "$bin" report "$work" -o "$brief" --outcomes "$work/none.yaml"
contains "the missing file is named" "$work/none.yaml"
# refused_outcomes FILE TEXT WHAT WHAT_SAID MESSAGE: an outcomes file FILE holding TEXT
# (printf's escapes) is refused with exit 2 and a message that holds MESSAGE.
refused_outcomes() {
    printf '%b' "$2" >"$work/$1"
    expect 2 "$3" "$bin" report "$work" -o "$brief" --outcomes "$work/$1"
    contains "$4" "$5"
}
refused_outcomes typo.yaml 'year: end\ncost: programme_budget_spent\noutcome:\n  - {measure: x, better: higher}\n' \
    "an unknown key" "file, line, column and key" \
    "typo.yaml:3:1: unknown key 'outcome' (expected year, cost, outcomes, caveats)"
refused_outcomes dir.yaml 'cost: programme_budget_spent\noutcomes:\n  - {measure: hub_dependence, better: up}\n' \
    "better must be higher or lower" "what better expects" \
    "key 'better' of hub_dependence: expected higher or lower, got 'up'"
refused_outcomes nocost.yaml 'outcomes:\n  - {measure: hub_dependence, better: lower}\n' \
    "cost is required" "the missing key is named" "missing key 'cost'"
refused_outcomes year.yaml 'year: 20x5\ncost: c\noutcomes:\n  - {measure: hub_dependence, better: lower}\n' \
    "a bad year" "what year expects" \
    "key 'year': expected a calendar year (1900 to 2200) or end, got '20x5'"
expect 2 "a folder without index" "$bin" report "$work" -o "$brief" --outcomes "$sc/brief.yaml"
contains "the index is named" "index.h5"

# --- a small ensemble and its brief ----------------------------------------------------
expect 0 "ensemble of 4 scenarios x 3 replicates" "$bin" ensemble "$sc/gumi-baseline.yaml" \
    "$sc/no-policy.yaml" "$sc/funding-stop.yaml" "$sc/stable-funding.yaml" --replicates 3 \
    -o "$ens" --set run.scale=0.3 --jobs 2 --threads 1 --quiet
expect 0 "report" "$bin" report "$ens" -o "$brief" --outcomes "$sc/brief.yaml"
contains "says where the brief is" "brief.md, brief.html"
if [ -s "$brief/brief.md" ] && [ -s "$brief/brief.html" ]; then ok "brief.md and brief.html written"; else bad "brief files missing: $(ls "$brief")"; fi
if ls -A "$brief" | grep -q '\.tmp-'; then bad "a temporary file was left: $(ls -A "$brief")"; else ok "no temporary file left"; fi
expect 0 "compare of the same outcomes, for the numbers" "$bin" compare "$ens" --format csv \
    --observables knowledge_mean_sme,hub_dependence,org_alive --at end -o "$work/cmp.csv"

expect 0 "the brief's numbers agree with compare and the task files (h5py)" "$py" - "$ens" "$brief" "$work/cmp.csv" <<'PY'
import sys, re, csv, math, h5py, numpy as np
from html.parser import HTMLParser
ens, brief, cmp_csv = sys.argv[1:4]
md = open(f"{brief}/brief.md").read()
unesc = lambda s: re.sub(r"\\(.)", r"\1", s).strip()
def table_after(text, heading):
    lines = text[text.index(heading):].splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith("| "))
    rows = []
    for l in lines[start:]:
        if not l.startswith("|"):
            break
        rows.append([unesc(c) for c in re.split(r"(?<!\\)\|", l)[1:-1]])
    return rows[0], [r for r in rows[2:]]
head, rows = table_after(md, "## Summary")
assert head[:3] == ["rank", "scenario", "SME knowledge"], head
money = [i for i, h in enumerate(head) if h.startswith("programme money")]
assert money, ("cost column", head)
assert any(h.startswith("SME knowledge per KRW bn") for h in head), head
num = lambda s: float(s.split()[0]) if s.split()[0] != "n/a" else math.nan
# Ranked by the first outcome (higher is better): the effect, 0 for the baseline.
assert [int(r[0]) for r in rows] == list(range(1, len(rows) + 1)), rows
names = [r[1].replace(" (baseline)", "") for r in rows]
assert sorted(names) == sorted(["gumi-baseline", "no-policy", "funding-stop", "stable-funding"]), names
key = [0.0 if "(baseline)" in r[1] else num(r[2]) for r in rows]
assert all(a >= b for a, b in zip(key, key[1:])), ("ranking", key)
# no-policy has no programme: it must rank below the baseline on SME knowledge here.
assert names.index("no-policy") > names.index("gumi-baseline"), names
# Effects equal compare's (to the brief's 3 significant digits).
cmp = {(r["measure"], r["scenario"]): r for r in csv.DictReader(open(cmp_csv))}
for r in rows:
    scen = r[1].replace(" (baseline)", "")
    for col, measure in [(2, "knowledge_mean_sme"), (3, "hub_dependence"), (5, "org_alive")]:
        c = cmp[(measure, scen)]
        want = float(c["mean"]) if scen == "gumi-baseline" else float(c["effect"])
        got = float(r[col].split()[1 if scen == "gumi-baseline" else 0])
        assert math.isclose(got, want, rel_tol=0.01, abs_tol=1e-3 * max(1, abs(want))), (scen, measure, got, want)
# Programme money: programme_budget_spent summed over each run, mean over replicates.
def spent(scen, r):
    with h5py.File(f"{ens}/{scen}/r{r}.h5", "r") as f:
        return f["observables/programme_budget_spent/value"][()].sum()
for r in rows:
    scen = r[1].replace(" (baseline)", "")
    want = np.mean([spent(scen, k) for k in range(3)])
    assert math.isclose(num(r[money[0]]), want, rel_tol=0.01, abs_tol=0.01), (scen, r[money[0]], want)
# Count outcomes: no level interval below 0, in the summary and in the appendix.
counts = 0
for h, cells in [table_after(md, t) for t in re.findall(r"^### .*\((?:WG|organisation|employee|firm|KRW million/month)\)$", md, re.M)]:
    for c in cells:
        lo = re.search(r"\[(-?[\d.]+),", c[3])
        if lo:
            assert float(lo.group(1)) >= 0.0, ("count below 0", c)
            counts += 1
assert counts >= 20, counts
for r in rows:
    if "(baseline)" in r[1]:
        for c in r[2:]:
            m = re.search(r"level -", c)
            assert not m, ("a level below 0", c)
# Sentences: the verb of the first outcome follows the table's interval.
said = re.findall(r"^- (\S+) (raises|lowers|does not change|leaves) SME knowledge", md, re.M)
assert len(said) == 3, said
for scen, verb in said:
    cell = [r for r in rows if r[1] == scen][0][2]
    eff, lo, hi = [float(x) for x in re.findall(r"[-+]?[\d.]+", cell)[:3]]
    want = "raises" if lo > 0 else "lowers" if hi < 0 else "does not change"
    assert verb == want or (verb == "leaves" and eff == 0), (scen, verb, cell)
    assert (" better" in cell or " worse" in cell) == (want != "does not change"), cell
# Every figure referenced exists, in the Markdown and in the HTML; the HTML parses and
# shows the same ranking.
figs = set(re.findall(r"\(([a-z0-9_]+\.(?:png|svg))\)", md))
html = open(f"{brief}/brief.html").read()
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.refs, self.cells, self.td, self.tables = [], [], False, 0
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("img", "a") and (a.get("src") or a.get("href")):
            self.refs.append(a.get("src") or a.get("href"))
        self.td = tag == "td"; self.tables += tag == "table"
    def handle_data(self, d):
        if self.td: self.cells.append(d)
    def handle_endtag(self, tag):
        self.td = False
p = P(); p.feed(html)
assert len(figs) >= 16 and set(p.refs) == figs, (len(figs), set(p.refs) ^ figs)
import os
missing = [f for f in figs if not os.path.getsize(f"{brief}/{f}")]
assert not missing, missing
assert p.tables == 1 + 7 + 1, p.tables
html_rank = [c for c in p.cells if c.replace(" (baseline)", "") in names][:4]
assert [c.replace(" (baseline)", "") for c in html_rank] == names, (html_rank, names)
assert "Caveats" in html and "How sure are we" in html
print("brief checked:", names)
PY
contains "brief checked" "brief checked"

# --- refusing to replace, --force, and an edited outcomes file ----------------------------
before=$(md5sum <"$brief/brief.md")
expect 2 "an existing brief is not replaced" "$bin" report "$ens" -o "$brief" --outcomes "$sc/brief.yaml"
contains "--force suggested" "force"
if [ "$(md5sum <"$brief/brief.md")" = "$before" ]; then ok "the brief is untouched"; else bad "the brief changed"; fi
cat >"$work/hub.yaml" <<'YAML'
year: 2012
cost: programme_budget_spent
outcomes:
  - {measure: hub_dependence, label: hub dependence, better: lower}
  - {measure: "ties_by_origin[wg]", label: WG ties, better: higher}
YAML
expect 0 "an edited outcomes file, --force" "$bin" report "$ens" -o "$brief" --outcomes "$work/hub.yaml" --force
contains "its year is used" "in 2012"
expect 0 "ranked by hub dependence, lower first" "$py" - "$brief/brief.md" <<'PY'
import sys, re
md = open(sys.argv[1]).read()
assert "Ranked by the effect on hub dependence (lower is better)" in md
body = md[md.index("## Summary"):md.index("## In plain words")]
rows = [l for l in body.splitlines() if re.match(r"^\| \d", l)]
eff = [0.0 if "(baseline)" in r else float(r.split("|")[3].split()[0]) for r in rows]
assert all(a <= b for a, b in zip(eff, eff[1:])), eff
assert "WG ties (tie)" in md, "the unit of a component comes from the file"
print("ranked", eff)
PY
printf 'year: 1990\ncost: programme_budget_spent\noutcomes:\n  - {measure: hub_dependence, better: lower}\n' >"$work/y1990.yaml"
expect 2 "a year outside the runs" "$bin" report "$ens" -o "$work/b1" --outcomes "$work/y1990.yaml"
contains "the file's key and the span" "y1990.yaml: year 1990 is outside the runs, which cover 2003 to 2015"
printf 'cost: programme_budget_spent\noutcomes:\n  - {measure: hub_dependance, better: lower}\n' >"$work/unknown.yaml"
expect 2 "an unknown measure" "$bin" report "$ens" -o "$work/b2" --outcomes "$work/unknown.yaml"
contains "the observable is named" "no observable 'hub_dependance'"
expect 1 "report without gnuplot on PATH" env PATH="$work/empty" "$bin" report "$ens" -o "$work/b3" --outcomes "$sc/brief.yaml"
contains "gnuplot missing is explained" "gnuplot not found"

# --- the README's walk-through runs as written (2 replicates of smaller runs) -------------
readme=$(awk '/^## /{on = ($0 == "## A policy brief")} on' "$src/README.md")
mkdir -p "$work/readme"
ln -s "$src/scenarios" "$work/readme/scenarios"
printf '%s\n' "$readme" | sed -n '/^```yaml/,/^```/p' | sed '1d;$d' >"$work/readme/my-outcomes.yaml"
cmds=$(printf '%s\n' "$readme" | sed -n '/^```sh/,/^```/p' | sed '1d;$d' |
    sed -e "s#build/clustersim#'$bin'#g" -e 's/--replicates 10/--replicates 2 --set run.scale=0.3 --quiet/')
if [ "$(printf '%s\n' "$cmds" | grep -c "$bin")" -eq 3 ]; then ok "the README shows 3 commands"; else bad "README commands: $cmds"; fi
expect 0 "the README's commands" bash -e -c "cd '$work/readme' && $cmds"
if [ -s "$work/readme/brief/brief.html" ] && grep -q "Ranked by the effect on dependence on the hubs (lower is better)" "$work/readme/brief-hubs/brief.md" &&
    grep -q "each against the baseline no-policy" "$work/readme/brief-hubs/brief.md"; then
    ok "the README's briefs are written as it says"
else
    bad "the README's briefs: $(ls "$work/readme")"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
