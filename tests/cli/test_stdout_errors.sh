#!/usr/bin/env bash
# A command whose standard output cannot be written fails: `params`, `check`, `inspect`,
# `sweep --dry-run`, `--version` and the `run` summary, with stdout on /dev/full (ENOSPC)
# or a file under `ulimit -f` (EFBIG), exit 1 with a message naming standard output,
# instead of exit 0 with the output lost (issue 23, item 5).
# Usage: test_stdout_errors.sh CLUSTERSIM SOURCE_DIR
. "$(dirname "$0")/lib.sh"
cli_setup "$@"
cd "$work" || exit 1
short=(--set run.steps=3 --quiet --threads 1)

"$bin" run "$baseline" "${short[@]}" -o "$work/t.h5" >/dev/null 2>&1 || bad "setup run"
cat >"$work/sweep.yaml" <<YAML
base: $baseline
design: grid
parameters:
  learning.rate: [0.04, 0.06]
YAML

# full "description" command...: stdout to /dev/full, the rest as `expect`.
full() {
    local what="$1"
    shift
    out="$("$@" 2>&1 >/dev/full)"
    local rc=$?
    if [ "$rc" -eq 1 ]; then ok "$what to /dev/full: exit 1"; else bad "$what to /dev/full: exit $rc, wanted 1: $out"; fi
    contains "$what to /dev/full: the message names standard output" "standard output"
}
if [ -w /dev/full ]; then
    full "params" "$bin" params
    full "params --markdown" "$bin" params --markdown
    full "check" "$bin" check "$baseline"
    full "inspect" "$bin" inspect "$work/t.h5"
    full "sweep --dry-run" "$bin" sweep "$work/sweep.yaml" --dry-run
    full "--version" "$bin" --version
    full "--help" "$bin" --help
    full "run (its summary)" "$bin" run "$baseline" --set run.steps=3 --threads 1 -o "$work/u.h5"
else
    echo "# /dev/full is missing: its cases are skipped"
fi

# Under a file-size limit of 1 KiB the outputs longer than that fail with EFBIG.
limited() {
    local what="$1"
    shift
    out="$( (ulimit -f 1; "$@" >"$work/limited.out") 2>&1)"
    local rc=$?
    if [ "$rc" -eq 1 ]; then ok "$what under ulimit -f 1: exit 1"; else bad "$what under ulimit -f 1: exit $rc, wanted 1: $out"; fi
    contains "$what under ulimit -f 1: the message names standard output" "standard output"
}
limited "params" "$bin" params
limited "check" "$bin" check "$baseline"
limited "inspect" "$bin" inspect "$work/t.h5"

# The same commands to a writable file still exit 0 (the check does not misfire).
expect 0 "params to a file" "$bin" params
expect 0 "--version to a pipe" "$bin" --version
# A closed stdout with nothing written is not an error (as for coreutils' true >&-).
out="$("$bin" run "$baseline" "${short[@]}" -o "$work/v.h5" 2>&1 >&-)"
rc=$?
if [ "$rc" -eq 0 ]; then ok "run --quiet with stdout closed: exit 0"; else bad "run --quiet with stdout closed: exit $rc: $out"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
