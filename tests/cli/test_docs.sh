#!/usr/bin/env bash
# docs/PARAMETERS.md is generated from the one parameter table: this test fails when a
# default, range or description changed without regenerating it with
#   build/clustersim params --markdown > docs/PARAMETERS.md   (after the two header lines)
set -u
bin="$1"
src="$2"
expected="$(tail -n +3 "$src/docs/PARAMETERS.md")"
actual="$("$bin" params --markdown)"
if [ "$expected" = "$actual" ]; then
    echo "ok - docs/PARAMETERS.md matches 'clustersim params --markdown'"
    echo "1 passed, 0 failed"
else
    diff <(printf '%s\n' "$expected") <(printf '%s\n' "$actual") | head -20
    echo "not ok - docs/PARAMETERS.md is stale: regenerate it (see the header of this test)"
    echo "0 passed, 1 failed"
    exit 1
fi
