#!/usr/bin/env bash
# The minor input defects of issue 23 item 11, each checked on the command line: the
# message must name the file, line and key and say what was expected; bad input exits 2.
# Usage: test_minor_input.sh CLUSTERSIM SOURCE_DIR
. "$(dirname "$0")/lib.sh"
cli_setup "$@"
cd "$work" || exit 1

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
expect 1 "run into an unwritable folder" "$bin" run "$baseline" --set run.steps=1 --quiet -o /proc/x/t.h5
lacks "no source position" '[a-z_]+\.c:[0-9]+'
out="$(CLUSTERSIM_DEBUG=1 "$bin" inspect "$work/missing.h5" 2>&1)"
contains "CLUSTERSIM_DEBUG shows where it was recorded" "(debug) recorded at h5_read.c:"

# ---- sweep: --set run.seed beats the file's seed (it was silently ignored) -------------
cat >sweep.yaml <<YAML
base: $baseline
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

# ---- a NUL byte in an input file is refused, naming file, line and byte offset ---------
printf 'run:\n  steps: 12\n\0  bogus: 1\n' >nul.yaml
expect 2 "check of a scenario with a NUL byte" "$bin" check nul.yaml
contains "it names file, line, column and offset" "nul.yaml:3:1: a NUL byte (byte offset 17); expected a text file"
printf 'base: %s\ndesign: grid\nparameters:\n  learning.rate: [0.1, 0.2]\n\0bogus: 3\n' "$baseline" >nul_sweep.yaml
expect 2 "sweep file with a NUL byte" "$bin" sweep nul_sweep.yaml --dry-run
contains "it names the sweep file and line 5" "nul_sweep.yaml:5:1: a NUL byte"

# ---- a second YAML document inside a --set value is refused -----------------------------
expect 2 "--set with a second document" "$bin" check "$baseline" --set "run.steps=12
---
13"
contains "it names the key and says one value is expected" "key 'run.steps': '12?---?13' holds a second YAML document ('---'); expected one value"

# ---- a 100 KB --set value is not echoed whole --------------------------------------------
long="$(head -c 100000 /dev/zero | tr '\0' x)"
for key in run.steps nosuch.key; do
    expect 2 "--set $key=<100 KB>" "$bin" check "$baseline" --set "$key=$long"
    if [ "${#out}" -lt 600 ]; then ok "the message is short (${#out} bytes)"; else bad "the message is ${#out} bytes"; fi
    contains "it shows an excerpt" "xxx..."
done
expect 2 "--set of 100 KB to run" "$bin" run "$baseline" --set "run.steps=$long" -o x.h5
if [ "${#out}" -lt 600 ]; then ok "run's message is short (${#out} bytes)"; else bad "run's message is ${#out} bytes"; fi
expect 2 "--set with an escape code" "$bin" check "$baseline" --set "$(printf 'run.st\033[31meps=1')"
lacks "no raw escape byte in the message" "$(printf '\033')"
contains "the escape is shown as \\x1b" 'run.st\x1b[31meps'

# ---- inspect escapes control characters in every string it prints from a file -----------
if python_has h5py numpy; then
    "$bin" run "$baseline" --set run.steps=1 --quiet --threads 1 -o t.h5 >/dev/null 2>&1
    "$py" - t.h5 <<'PY'
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], "r+") as f:
    bad = b"x\x1b]0;owned\x07\x1b[2J\x1b[31mRED"
    p = f["/parameters"]
    for name in ("scenario_name", "scenario_path", "code_version"):
        del p.attrs[name]
        p.attrs.create(name, np.bytes_(bad))
    u = f["/observables"][list(f["/observables"])[0]]["value"]
    del u.attrs["unit"]
    u.attrs.create("unit", np.bytes_(bad))
PY
    expect 0 "inspect of a trajectory with escape codes in its strings" "$bin" inspect t.h5
    lacks "no raw escape or bell byte printed" "$(printf '[\033\007]')"
    contains "the escapes are shown as \\x1b and \\x07" 'x\x1b]0;owned\x07\x1b[2J\x1b[31mRED'
else
    echo "# skip inspect escapes: $py cannot import h5py and numpy"
fi

# ---- validate finds targets.yaml beside the scenario, from any folder, and says which ---
mkdir -p sc elsewhere
printf 'extends: %s\n' "$baseline" >sc/mine.yaml
cp "$src/scenarios/targets.yaml" sc/targets.yaml
out="$(cd elsewhere && "$bin" validate ../sc/mine.yaml --replicates 1 --quiet --threads 1 2>&1)"
rc=$?
if [ "$rc" -le 1 ]; then ok "validate from another folder ran (exit $rc)"; else bad "validate from another folder: exit $rc: $out"; fi
contains "it says which targets file it used" "clustersim validate: targets from ../sc/targets.yaml"

# ---- a value tagged as a string is not a number ("!!str 12") ----------------------------
expect 2 "--set run.steps='!!str 12'" "$bin" check "$baseline" --set 'run.steps=!!str 12'
contains "it names the key and the tag" "key 'run.steps': expected an integer, got '12' (tagged as a string; remove the tag)"
printf 'extends: %s\n# é\nrun:\n  steps: ! 12\n  deflate_floats: !!str true\nlearning:\n  rate: &r 0.1\n' "$baseline" >tagged.yaml
expect 2 "a scenario with '! 12' and '!!str true'" "$bin" check tagged.yaml
contains "the integer, with file, line and column" "tagged.yaml:4:10: key 'run.steps': expected an integer, got '12' (tagged as a string"
contains "the boolean" "tagged.yaml:5:19: key 'run.deflate_floats': expected true or false, got 'true' (tagged as a string"
lacks "an anchor alone is no tag" "learning.rate"
sed 's/^set: .*/set: {run.steps: !!str 1}/' sweep.yaml >sweep_tagged.yaml
expect 2 "a sweep file's set: with '!!str 1'" "$bin" sweep sweep_tagged.yaml --dry-run
contains "it names the sweep file" "sweep_tagged.yaml:4:"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
