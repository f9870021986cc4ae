#!/usr/bin/env bash
# End-to-end tests of the clustersim command line: good and bad scenarios, bad
# arguments, exit codes, the trajectory file (h5dump and Python's h5py read it, with the
# scenario and resolved parameters inside), refusal to overwrite, and identical data for
# 1 and 2 threads. Usage: test_commands.sh CLUSTERSIM SOURCE_DIR
. "$(dirname "$0")/lib.sh"
cli_setup "$@"
data="$src/tests/data/scenarios"
# contains "description" text: the last output contains text.

# --- help and version on every command -------------------------------------------------
expect 0 "--version" "$bin" --version
contains "version names the program" "clustersim"
expect 0 "--help" "$bin" --help
for cmd in run check params; do
    expect 0 "$cmd --help" "$bin" "$cmd" --help
    contains "$cmd --help shows usage" "usage: clustersim $cmd"
done
expect 2 "no command" "$bin"
expect 2 "unknown command" "$bin" frobnicate

# --- params and check -------------------------------------------------------------------
expect 0 "params lists the schema" "$bin" params
contains "params shows a parameter with its range" "learning.rate"
expect 0 "check a good scenario" "$bin" check "$baseline"
contains "check prints resolved values" "policy.fee_year: 2012"
contains "check prints defaults too" "learning.depreciation:"

# --- bad scenarios: exit 2, file:line:column, the key, what was expected ----------------
expect 2 "misspelled key" "$bin" check "$data/misspelled_key.yaml"
contains "misspelled key names line and column" "misspelled_key.yaml:4:3"
contains "misspelled key suggests the nearest" "did you mean 'run.steps'"
expect 2 "wrong type" "$bin" check "$data/wrong_type.yaml"
contains "wrong type says what was expected" "expected an integer"
contains "wrong type names the key" "run.steps"
expect 2 "out of range" "$bin" check "$data/out_of_range.yaml"
contains "out of range gives the range" "out of range"
expect 2 "malformed YAML" "$bin" check "$data/unclosed_bracket.yaml"
contains "malformed YAML has a line" "unclosed_bracket.yaml:"
expect 2 "extends loop" "$bin" check "$data/loop_a.yaml"
expect 2 "missing file" "$bin" check "$work/nope.yaml"
contains "missing file is named" "nope.yaml"
expect 2 "bad override" "$bin" check "$baseline" --set run.steps=abc
expect 2 "unknown override key" "$bin" check "$baseline" --set run.stesp=3
contains "override suggestion" "did you mean 'run.steps'"
expect 2 "run on a bad scenario runs nothing" "$bin" run "$data/misspelled_key.yaml" -o "$work/never.h5"
if [ ! -e "$work/never.h5" ]; then ok "no output for a bad scenario"; else bad "output written for a bad scenario"; fi

# --- bad arguments ----------------------------------------------------------------------
expect 2 "run without scenario" "$bin" run
expect 2 "unknown option" "$bin" run "$baseline" --bogus
expect 2 "bad thread count" "$bin" run "$baseline" --threads zero
expect 2 "negative seed" "$bin" run "$baseline" --seed -4

# --- a real run and its file ------------------------------------------------------------
short=(--set run.steps=30 --quiet)
expect 0 "baseline run (30 months)" "$bin" run "$baseline" -o "$work/a.h5" "${short[@]}" --threads 1
contains "summary names the scenario" "scenario gumi-baseline"
contains "summary shows firms alive" "firms_alive"
expect 0 "h5dump reads the file" h5dump -H "$work/a.h5"
contains "file has observables" 'GROUP "observables"'
contains "file has parameters" 'GROUP "parameters"'
expect 2 "existing output is refused" "$bin" run "$baseline" -o "$work/a.h5" "${short[@]}"
contains "refusal suggests --force" "--force"
expect 0 "--force replaces it" "$bin" run "$baseline" -o "$work/a.h5" "${short[@]}" --threads 1 --force

if python_has h5py; then
    expect 0 "h5py reads scenario, parameters, observables" "$py" - "$work/a.h5" <<'PY'
import sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    text = f["/parameters/scenario_text"].asstr()[()]
    assert "fee_year: 2012" in text, text[:200]
    resolved = f["/parameters/resolved_yaml"].asstr()[()]
    assert "run.steps: 30" in resolved
    assert f["/parameters"].attrs["seed"] == 20050101
    alive = f["/observables/firms_alive/value"][()]
    steps = f["/observables/firms_alive/step"][()]
    assert len(alive) == 30 and steps[0] == 0 and steps[-1] == 29, (len(alive), steps[:3])
    assert abs(f["/observables/firms_alive/time"][11] - (2003 + 11 / 12)) < 1e-12
    assert f["/h5md"].attrs["version"].tolist() == [1, 1]
print("h5py ok")
PY
    contains "python check passed" "h5py ok"
else
    bad "python3-h5py is not installed (tools/setup.sh installs it)"
fi

# --- the same scenario and seed give identical data with 1 and 2 threads ---------------
expect 0 "run with 2 threads" "$bin" run "$baseline" -o "$work/b.h5" "${short[@]}" --threads 2
same_data "h5diff identical for 1 and 2 threads" "$work/a.h5" "$work/b.h5"
expect 0 "a different seed" "$bin" run "$baseline" -o "$work/c.h5" "${short[@]}" --seed 7
expect 1 "a different seed gives different data" h5diff -q "$work/a.h5" "$work/c.h5" /observables

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
