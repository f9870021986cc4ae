#!/usr/bin/env bash
# Small hostile YAML inputs (issue 23, item 8): deeply nested brackets (80 KB took 11 s to
# reject, 200 KB over 30 s), `extends: /dev/zero` (read until memory ran out), a FIFO as
# scenario, `extends:` target, sweep file or base (blocked forever), a file over the 1 MiB
# limit. Each must be refused with a message naming the file and what was expected, exit
# 2, without blocking (each command runs under a 60 s guard against hangs, not a timing
# assertion), for `check`, `run`, `sweep --dry-run`, `validate --targets` and `--set`.
# Usage: test_hostile_yaml.sh CLUSTERSIM SOURCE_DIR
. "$(dirname "$0")/lib.sh"
cli_setup "$@"

# guarded CODE "what" cmd...: like expect, but a hang (60 s) is reported as one.
guarded() {
    local code="$1" what="$2"
    shift 2
    out="$(timeout 60 "$@" 2>&1 </dev/null)"
    local rc=$?
    if [ "$rc" -eq 124 ]; then
        bad "$what: hung (killed after 60 s)"
    elif [ "$rc" -eq "$code" ]; then
        ok "$what (exit $rc)"
    else
        bad "$what: exit $rc, wanted $code; output: $(printf '%s' "$out" | head -c 400)"
    fi
}

# --- nesting ----------------------------------------------------------------------------
nest() { # nest N: N '[' then N ']'
    python3 -c "import sys; n=int(sys.argv[1]); sys.stdout.write('['*n + ']'*n)" "$1"
}
for kb in 80 200; do
    n=$((kb * 512))
    { printf 'run:\n  steps: '; nest "$n"; printf '\n'; } >"$work/nest$kb.yaml"
    guarded 2 "check of $kb KB of nested brackets" "$bin" check "$work/nest$kb.yaml"
    contains "the depth limit is named ($kb KB)" "nest$kb.yaml:2:"
    contains "and what was expected ($kb KB)" "mappings and sequences nested deeper than 64 levels"
done
printf 'extends: nest200.yaml\n' >"$work/child.yaml"
guarded 2 "run of a file extending 200 KB of nesting" "$bin" run "$work/child.yaml" -o "$work/child.h5"
contains "the parent is named" "nest200.yaml:2:"
{ printf 'base: %s\ndesign: grid\nparameters:\n  learning.rate: ' "$baseline"; nest 100000; printf '\n'; } >"$work/nest-sweep.yaml"
guarded 2 "sweep --dry-run of a nested sweep file" "$bin" sweep "$work/nest-sweep.yaml" --dry-run
contains "the sweep file's depth" "nest-sweep.yaml:4:"
{ printf 'targets: '; nest 100000; printf '\n'; } >"$work/nest-targets.yaml"
guarded 2 "validate --targets of nested targets" "$bin" validate "$baseline" --targets "$work/nest-targets.yaml" --replicates 1
contains "the targets file's depth" "nested deeper than 64 levels"
guarded 2 "--set with 60,000 nested brackets" "$bin" check "$baseline" --set "run.steps=$(nest 60000)"
guarded 2 "--set with 200 nested brackets" "$bin" check "$baseline" --set "run.steps=$(nest 200)"
contains "the key and the depth" "key 'run.steps': at column 65: mappings and sequences nested deeper than 64 levels"
# 64 levels are parsed as usual: the value is then wrong, not too deep.
guarded 2 "64 levels are parsed" "$bin" check "$baseline" --set "run.steps=$(nest 64)"
if printf '%s' "$out" | grep -q "nested deeper"; then bad "64 levels refused as too deep: $out"; else ok "64 levels are within the limit"; fi

# --- not regular files --------------------------------------------------------------------
mkfifo "$work/fifo.yaml"
guarded 2 "check of a FIFO" "$bin" check "$work/fifo.yaml"
contains "the FIFO is named" "fifo.yaml: cannot read scenario file: is a FIFO, not a regular file"
guarded 2 "run of a FIFO" "$bin" run "$work/fifo.yaml" -o "$work/fifo.h5"
printf 'extends: fifo.yaml\n' >"$work/to-fifo.yaml"
guarded 2 "extends: a FIFO" "$bin" check "$work/to-fifo.yaml"
contains "the chain is named" "to-fifo.yaml:1:10: extends 'fifo.yaml': cannot read"
contains "and why" "is a FIFO, not a regular file"
printf 'extends: /dev/zero\n' >"$work/to-zero.yaml"
guarded 2 "extends: /dev/zero" "$bin" run "$work/to-zero.yaml" -o "$work/zero.h5"
contains "/dev/zero refused" "cannot read '/dev/zero': is a character device, not a regular file"
guarded 2 "check /dev/zero" "$bin" check /dev/zero
guarded 2 "sweep file a FIFO" "$bin" sweep "$work/fifo.yaml" --dry-run
contains "the sweep FIFO is named" "cannot read sweep file: is a FIFO, not a regular file"
printf 'base: fifo.yaml\ndesign: grid\nparameters:\n  learning.rate: [0.1, 0.2]\n' >"$work/fifo-base.yaml"
guarded 2 "sweep whose base is a FIFO" "$bin" sweep "$work/fifo-base.yaml" --dry-run
contains "the base FIFO is named" "is a FIFO, not a regular file"
guarded 2 "targets a FIFO" "$bin" validate "$baseline" --targets "$work/fifo.yaml" --replicates 1
contains "the targets FIFO is named" "cannot read targets file: is a FIFO, not a regular file"

# --- size ---------------------------------------------------------------------------------
{ cat "$baseline"; head -c 1100000 /dev/zero | tr '\0' '#'; printf '\n'; } >"$work/big.yaml"
guarded 2 "a 1.1 MB scenario" "$bin" check "$work/big.yaml"
contains "the size limit is named" "big.yaml: cannot read scenario file: is 11"
contains "the limit" "expected at most 1048576 (1 MiB)"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
