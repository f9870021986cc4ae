#!/usr/bin/env bash
# The minor input defects of issue 23 item 11, each checked on the command line: the
# message must name the file, line and key and say what was expected; bad input exits 2.
# Usage: test_minor_input.sh CLUSTERSIM SOURCE_DIR
set -u
. "$(dirname "$0")/lib.sh"
cli_setup "$@"
cd "$work" || exit 1
scenario="$src/scenarios/gumi-baseline.yaml"

# ---- params: integer bounds as exact integers (run.seed's maximum was 9.0072e+15) ----
expect 0 "params" "$bin" params
contains "run.seed's maximum in full" "range:   [0, 9007199254740991]"
lacks "no bound in exponent form" '\[[^]]*e\+[0-9]'
expect 0 "params --markdown" "$bin" params --markdown
contains "run.seed's maximum in full (Markdown)" "| [0, 9007199254740991] |"

# ---- no C source positions in messages ("h5_file.c:100:") ----
expect 2 "inspect of a missing file" "$bin" inspect "$work/missing.h5"
contains "it names the file" "$work/missing.h5"
lacks "no source position" '[a-z_]+\.c:[0-9]+'
expect 1 "run into an unwritable folder" "$bin" run "$scenario" --set run.steps=1 --quiet -o /proc/x/t.h5
lacks "no source position" '[a-z_]+\.c:[0-9]+'
out="$(CLUSTERSIM_DEBUG=1 "$bin" inspect "$work/missing.h5" 2>&1)"
contains "CLUSTERSIM_DEBUG shows where it was recorded" "(debug) recorded at h5_read.c:"

# ---- sweep: --set run.seed beats the file's seed (it was silently ignored) -------------
cat >sweep.yaml <<YAML
base: $scenario
design: grid
seed: 42
set: {run.steps: 1}
parameters:
  learning.rate: [0.1, 0.2]
YAML
expect 0 "sweep with seed: 42 and --set run.seed=7" "$bin" sweep sweep.yaml --set run.seed=7 --quiet --threads 1 -o seeded
if [ "$(cut -d, -f6 seeded/tasks.csv | sort -u | tr '\n' ' ')" = "7 seed " ]; then
    ok "every task ran with run.seed 7"
else
    bad "tasks ran with seeds $(cut -d, -f6 seeded/tasks.csv | tr '\n' ' '), wanted 7"
fi
sed 's/^set: .*/set: {run.steps: 1, run.seed: 5}/' sweep.yaml >sweep_two_seeds.yaml
expect 2 "seed: and run.seed under set: in one sweep file" "$bin" sweep sweep_two_seeds.yaml --dry-run
contains "it names the file, line and both keys" "sweep_two_seeds.yaml:3:7: 'seed' and 'run.seed' under set: both give the seed"

# ---- sweep: a swept parameter's name with blanks around it is still swept -------------
for form in " learning.rate=0.3" "learning.rate =0.3" "	learning.rate=0.3"; do
    expect 2 "--set '$form' of a swept parameter" "$bin" sweep sweep.yaml --dry-run --set "$form"
    contains "it names the parameter and the line" "'learning.rate' is swept by sweep.yaml (line 6)"
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
