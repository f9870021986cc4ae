#!/usr/bin/env bash
# One validation for every command (issue 23, items 7 and 9): `check`, `run` and
# `sweep --dry-run` refuse the same scenarios with the same message -- rules between
# parameters (wg.min_size above wg.size, ties.project_p_min above project_p_max, shares
# that are all zero) and the work bounds (policy.budget, policy.mc_count); `check`
# reports every problem of a file, not only the first; a sweep plan too large to hold
# is refused at once with its limit.
# Usage: test_validation.sh CLUSTERSIM SOURCE_DIR
. "$(dirname "$0")/lib.sh"
cli_setup "$@"
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=passive

# scenario NAME YAML-BODY: a scenario extending the baseline, 2 months long.
scenario() {
    printf 'extends: %s\nrun:\n  steps: 2\n%s\n' "$baseline" "$2" >"$work/$1.yaml"
}
scenario wg 'wg:
  size: 5
  min_size: 8'
scenario project 'ties:
  project_p_min: 0.9
  project_p_max: 0.2'
scenario sector 'population:
  sector_share: {food: 0, textiles: 0, wood_paper: 0, petrochemicals: 0, non_metallic: 0, steel: 0, machinery: 0, electronics: 0, transport: 0, other: 0}'
scenario complex 'population:
  complex_share: {complex1: 0, complex2: 0, complex3: 0, complex4: 0}'
scenario tier 'population:
  tier_share: {tier1: 0, tier2: 0, tier3: 0}'
scenario budget 'policy:
  budget: {2003: 1e9}'
scenario mcs 'policy:
  mc_count: {2003: 1e6}'

# name | words the message must hold
cases=(
    "wg|wg.min_size (8) exceeds wg.size (5); expected wg.min_size <= wg.size"
    "project|ties.project_p_min (0.9) exceeds ties.project_p_max (0.2)"
    "sector|population.sector_share: all shares are zero"
    "complex|population.complex_share: all shares are zero"
    "tier|population.tier_share: all shares are zero"
    "budget|policy.budget: 1e+09 KRW million in 2003 (x run.scale 1) pays for 8.333e+06 broker introductions a month"
    "mcs|policy.mc_count: 1e+06 mini-clusters in 2003"
)
for c in "${cases[@]}"; do
    name="${c%%|*}"
    words="${c#*|}"
    f="$work/$name.yaml"
    expect 2 "check refuses $name" "$bin" check "$f"
    contains "check names the rule of $name and the file" "$f: $words"
    expect 2 "run refuses $name before it starts" "$bin" run "$f" -o "$work/$name.h5"
    contains "run says the same as check for $name" "$f: $words"
    if [ -e "$work/$name.h5" ]; then bad "run of $name left $name.h5"; else ok "run of $name wrote nothing"; fi
    printf 'base: %s\ndesign: grid\nparameters:\n  learning.rate: [0.05, 0.1]\n' "$f" >"$work/sweep-$name.yaml"
    expect 2 "sweep --dry-run refuses $name" "$bin" sweep "$work/sweep-$name.yaml" --dry-run
    contains "sweep --dry-run says the same for $name" "$words"
done

# Work bounds state the limit and why, and end at the bound: just below it runs.
expect 2 "budget: the message gives the bound and the reason" "$bin" check "$work/budget.yaml"
contains "budget: the bound" "expected at most one introduction per actor a month"
contains "budget: what to change" "Lower policy.budget or policy.split.brokers, or raise policy.broker_cost"
expect 2 "mc_count: the message gives the bound and the reason" "$bin" check "$work/mcs.yaml"
contains "mc_count: the bound" "expected at most one MC per two actors"
expect 0 "a budget 500 times the baseline's is accepted" "$bin" check "$baseline" --set 'policy.budget={2003: 0, 2005: 3e5}'
expect 0 "1,000 mini-clusters are accepted" "$bin" check "$baseline" --set 'policy.mc_count={2003: 0, 2005: 1000}'

# A point of a sweep can break a rule that its base keeps: the message names the point.
printf 'base: %s\ndesign: grid\nparameters:\n  wg.min_size: [4, 40]\n' "$baseline" >"$work/sweep-point.yaml"
expect 2 "sweep --dry-run refuses a point above wg.size" "$bin" sweep "$work/sweep-point.yaml" --dry-run
contains "the point and its value are named" "point p0001 (wg.min_size=40)"

# check reports every problem of a file and of the command line, then a count.
cat >"$work/many.yaml" <<EOF
extends: $baseline
run:
  steps: abc
wg:
  size: 5
  min_size: 8
  sise: 3
population:
  complex_share: {complex1: 0, complex2: 0, complex3: 0, complex4: 0}
nonsense:
  x: 1
EOF
expect 2 "check of a file with six problems" "$bin" check "$work/many.yaml" --set learning.rate=7
contains "1: the bad integer" "many.yaml:3:10: key 'run.steps': expected an integer, got 'abc'"
contains "2: the misspelt key" "many.yaml:7:3: unknown parameter 'wg.sise'; did you mean 'wg.size'?"
contains "3: the unknown section" "many.yaml:10:1: unknown section 'nonsense'"
contains "4: the bad override" "--set learning.rate=7: key 'learning.rate'"
contains "5: the all-zero shares" "population.complex_share: all shares are zero"
contains "6: the rule between keys" "wg.min_size (8) exceeds wg.size (5)"
contains "the count" "many.yaml: 6 problems"
n="$(printf '%s\n' "$out" | grep -c '^clustersim check: ')"
if [ "$n" -eq 7 ]; then ok "six problem lines and the count"; else bad "wanted 7 lines, got $n: $out"; fi
expect 2 "run stops at the first of them" "$bin" run "$work/many.yaml" -o "$work/many.h5"
contains "run names the first problem" "many.yaml:3:10: key 'run.steps': expected an integer, got 'abc'"
expect 2 "a file with one problem gets no count line" "$bin" check "$work/wg.yaml"
if printf '%s' "$out" | grep -q "problems"; then bad "count line for one problem: $out"; else ok "no count for one problem"; fi

# A sweep plan above the limit is refused at once, naming the limit.
cat >"$work/huge.yaml" <<EOF
base: $baseline
design: latin-hypercube
points: 10000000
parameters:
  learning.rate: {min: 0.05, max: 0.2}
EOF
expect 2 "a 10^7-point sweep plan is refused" timeout 20 "$bin" sweep "$work/huge.yaml" --dry-run
contains "the plan's limit is named" "from 1 to 100000"
sed -i 's/points: 10000000/points: 200000/' "$work/huge.yaml"
expect 2 "a 200,000-point sweep plan is refused" timeout 20 "$bin" sweep "$work/huge.yaml" --dry-run
sed -i 's/points: 200000/points: 20000\nreplicates: 10/' "$work/huge.yaml"
expect 2 "20,000 points x 10 replicates are refused" timeout 20 "$bin" sweep "$work/huge.yaml" --dry-run
contains "runs counted with the replicates" "20000 points x 10 replicates"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
