#!/usr/bin/env bash
# End-to-end tests of `clustersim diagnose` on tiny configurations (run.scale 0.3, runs to
# 2007 or 2008): a battery whose checks hold by construction exits 0; the same battery
# with a wrong direction, an impossible rate tolerance and a targets spread exits 1 and
# says which checks fail, with figures; the Markdown report, its PNG/SVG figures and
# their data come out complete; --quick uses the quick settings; results do not depend on
# --threads; bad input exits 2 naming file and line; what cannot run exits 3.
# Usage: test_diagnose.sh CLUSTERSIM SOURCE_DIR
. "$(dirname "$0")/lib.sh"
cli_setup "$@"
tiny=(--set run.scale=0.3 --set run.steps=72 --quiet)

need_gnuplot

# Checks that hold by construction: the money spent follows the budget (up), there is no
# organisation before the programme at any scale (both zero agree), and no budget opens
# no MC.
cat >"$work/pass.yaml" <<'EOF'
replicates: 2
quick: {replicates: 2, scales: [1, 2]}
levers:
  - name: budget
    parameters: policy.budget
    grid: [0.5, 0.75, 1, 1.5, 2]
    quick_grid: [0.5, 1, 2]
    responses:
      - {name: money spent 2006, observable: programme_budget_spent, year: 2006, over: year, monotone: increasing}
scale:
  scales: [1, 2, 3]
  tolerance: 0.01
  rates:
    - {name: organisations per firm 2004, observable: org_founded_total, per: firms_alive, year: 2004}
extremes:
  - name: no budget, no MC
    set: {policy.budget: {2003: 0}}
    expect:
      - {observable: [mc_active, mc_members_total], zero_from: 2003}
EOF

# --- arguments ------------------------------------------------------------------------
expect 0 "diagnose --help" "$bin" diagnose --help
contains "help shows usage" "usage: clustersim diagnose SCENARIO [--quick] [-o FOLDER]"
contains "help gives the exit codes" "3 the checks could not be run"
expect 2 "no scenario" "$bin" diagnose --battery "$work/pass.yaml"
expect 2 "unknown option" "$bin" diagnose "$baseline" --bogus
expect 2 "one replicate cannot pair" "$bin" diagnose "$baseline" --replicates 1
expect 2 "bad --set" "$bin" diagnose "$baseline" --battery "$work/pass.yaml" --set run.stesp=3
contains "bad --set named" "run.stesp"
printf 'replicates: 2\nlevers:\n  - name: b\n    parametres: policy.budget\n' >"$work/typo.yaml"
expect 2 "misspelt battery key" "$bin" diagnose "$baseline" --battery "$work/typo.yaml"
contains "battery error names file, line and key" "typo.yaml:4:5: lever: unknown key 'parametres'; did you mean 'parameters'?"
expect 2 "missing battery" "$bin" diagnose "$baseline" --battery "$work/none.yaml"
contains "missing battery named" "none.yaml"
# A grid value that the parameter's range refuses only once scaled is found before any run.
# (No broker share: a budget of 6e8 would otherwise pay for more introductions than the
# run has actors, which the scenario's own rules refuse first; model/params_check.h.)
printf 'replicates: 2\nlevers:\n  - name: b\n    parameters: policy.budget\n    grid: [1, 2, 3]\n    responses:\n      - {name: m, observable: mc_active, year: 2006}\n' >"$work/range.yaml"
expect 2 "a scaled series out of range" "$bin" diagnose "$baseline" --battery "$work/range.yaml" "${tiny[@]}" --set 'policy.budget={2003: 0, 2005: 6e8}' \
    --set 'policy.split={events: 0.5, brokers: 0, wg_grants: 0.2, project_grants: 0.3}'
contains "range error names the battery line and the lever" "range.yaml:3: lever 'b' at 2"

# --- every check passes: exit 0, report with figures -----------------------------------
expect 0 "a battery that holds exits 0" "$bin" diagnose "$baseline" --battery "$work/pass.yaml" "${tiny[@]}" -o "$work/ok"
contains "lever check printed" "PASS  lever: budget -> money spent 2006 (increasing)"
contains "scale check printed" "PASS  scale: organisations per firm 2004 (2004) at run.scale x 1 .. 3"
contains "extreme check printed" "PASS  extreme: no budget, no MC"
contains "summary line" "3 of 3 checks pass (18 runs"
pass_out="$out"
[ -s "$work/ok/report.md" ] && ok "report.md written" || bad "report.md missing"
grep -q '^### PASS lever: budget -> money spent 2006 (increasing)' "$work/ok/report.md" && ok "report has the check" || bad "report lacks the check"
grep -q '^| factor | 0.5 | 0.75 | 1 | 1.5 | 2 |' "$work/ok/report.md" && ok "report tabulates the full grid" || bad "report grid: $(grep factor "$work/ok/report.md")"
n_png=$(ls "$work/ok"/*.png 2>/dev/null | wc -l)
n_svg=$(ls "$work/ok"/*.svg 2>/dev/null | wc -l)
[ "$n_png" -eq 2 ] && [ "$n_svg" -eq 2 ] && ok "one PNG and one SVG per curve (lever, scale)" || bad "figures: $n_png PNG, $n_svg SVG"
for png in "$work/ok"/*.png; do
    [ "$(head -c 4 "$png" | od -An -c | tr -d ' ')" = "211PNG" ] || bad "not a PNG: $png"
done
grep -c '](lever_0_budget_money_spent_2006.png)' "$work/ok/report.md" | grep -q 1 && ok "report links its lever figure" || bad "report links: $(grep png "$work/ok/report.md")"
# The lever's data: grid, mean, interval per row, the means rising with the budget.
awk '!/^#/ { if (NR > 2 && $2 <= prev) bad = 1; prev = $2; n++ } END { exit !(n == 5 && !bad) }' "$work/ok/lever_0_budget_money_spent_2006.dat" &&
    ok "lever data: 5 rising means" || bad "lever data: $(cat "$work/ok/lever_0_budget_money_spent_2006.dat")"
ls -a "$work/ok" | grep -q '\.tmp-' && bad "temporary file left" || ok "no temporary file left"
expect 2 "an existing report is not replaced" "$bin" diagnose "$baseline" --battery "$work/pass.yaml" "${tiny[@]}" -o "$work/ok"
contains "says why" "--force"
expect 0 "--force replaces it" "$bin" diagnose "$baseline" --battery "$work/pass.yaml" "${tiny[@]}" -o "$work/ok" --force

# --- --quick uses the quick grid and scales ------------------------------------------------
expect 0 "--quick" "$bin" diagnose "$baseline" --battery "$work/pass.yaml" "${tiny[@]}" --quick
contains "quick runs fewer" "2 replicates per configuration, 12 runs"
contains "quick scales" "at run.scale x 1 .. 2"
contains "quick grid" "factor                  0.5              1              2"

# --- reproducible: the same figures with 1 and 2 threads -------------------------------
expect 0 "one thread" "$bin" diagnose "$baseline" --battery "$work/pass.yaml" "${tiny[@]}" --threads 1
one="$(printf '%s\n' "$out" | grep -v -e 'checks pass' -e '^report:')"
two="$(printf '%s\n' "$pass_out" | grep -v -e 'checks pass' -e '^report:')"
[ "$one" = "$two" ] && ok "1 and 2 threads print the same figures" || bad "threads differ: $(diff <(echo "$one") <(echo "$two") | head)"

# --- failing checks: exit 1, each with its figures ---------------------------------------
sed -e 's/monotone: increasing/monotone: decreasing/' -e 's/tolerance: 0.01/tolerance: 0/' \
    -e 's/organisations per firm 2004, observable: org_founded_total, per: firms_alive, year: 2004/members per firm, observable: mc_members_total, per: firms_alive, year: 2007/' \
    "$work/pass.yaml" >"$work/fail.yaml"
printf 'spread:\n  targets: %s\n  max_sd_per_tolerance: 0.5\n' "$src/scenarios/targets.yaml" >>"$work/fail.yaml"
expect 1 "failing checks exit 1" "$bin" diagnose "$baseline" --battery "$work/fail.yaml" "${tiny[@]}" -o "$work/bad"
contains "wrong direction fails" "FAIL  lever: budget -> money spent 2006 (decreasing)"
contains "with the offending step" "not decreasing:"
contains "scale failure with its figure" "differs from run.scale 0.3 by"
contains "the extreme still passes" "PASS  extreme: no budget, no MC"
contains "spread reports each target beside its tolerance" "tenant firms 2007"
contains "targets after the run cannot be judged" "FAIL  spread:"
grep -q '^### \*\*FAIL\*\* lever: budget' "$work/bad/report.md" && ok "report marks the failure" || bad "report lacks the failure"
grep -q '| tenant firms 2010 | 1409 |' "$work/bad/report.md" && ok "report has the spread table" || bad "spread table missing"

# --- a knife edge is confirmed by bisection -------------------------------------------------
# The MC target is round(9 g x 0.3) in 2006: 2 up to g = 0.9259..., then 3. The step 0.9 ->
# 0.95 is flagged by its slope and bisected (0.925, 0.9375, 0.93125): the jump lies in its
# last eighth [0.925, 0.93125], which holds all of the change.
cat >"$work/knife.yaml" <<'EOF'
replicates: 2
levers:
  - name: MC count
    parameters: policy.mc_count
    grid: [0.8, 0.85, 0.9, 0.95, 1.0]
    responses:
      - {name: MCs active 2006, observable: mc_active, year: 2006, monotone: increasing}
EOF
expect 1 "a jump fails as a knife edge" "$bin" diagnose "$baseline" --battery "$work/knife.yaml" "${tiny[@]}"
contains "the jump's lever fails" "FAIL  lever: MC count -> MCs active 2006 (increasing)"
contains "bisection finds the jump" "step 0.9 -> 0.95 bisected 3 times: 100% of its change lies in [0.925, 0.93"
contains "bisection runs are counted" "0 of 1 checks pass (16 runs"

# --- what cannot run: exit 3 --------------------------------------------------------------
: >"$work/file"
expect 3 "FOLDER that is a file" "$bin" diagnose "$baseline" --battery "$work/pass.yaml" "${tiny[@]}" -o "$work/file/sub"
expect 3 "gnuplot missing" env PATH=/nonexistent "$bin" diagnose "$baseline" --battery "$work/pass.yaml" "${tiny[@]}" -o "$work/nogp"
contains "says gnuplot" "gnuplot not found"
[ ! -e "$work/nogp/report.md" ] && ok "no report without figures" || bad "a report without figures"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
