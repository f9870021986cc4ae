#!/usr/bin/env bash
# Every numeric parameter rejects huge and negative values (issue 8): for each row of
# `clustersim params` of type int, double, series or vector, `check --set` with the value
# 1e300, with -1e300, with 2^63 (ints: past a long), and with -1 where the range starts
# at 0 or above, must exit 2 with a message naming the key. The range decides: a
# parameter whose range allows -1 (e.g. ties.accept_intercept) must accept it, so the
# test also fails if a range is tighter than the table says. Every default, set
# explicitly, must be accepted: this proves the values are built the way the parser
# reads them, so the rejections are the ranges' doing.
# Usage: test_params_ranges.sh CLUSTERSIM SOURCE_DIR
. "$(dirname "$0")/lib.sh"
cli_setup "$@"
ok() { pass=$((pass + 1)); } # a check per bound of every parameter: only failures are printed

# "name type default min max" per numeric parameter, from the table the program prints.
"$bin" params >"$work/params.txt" || { echo "not ok - clustersim params failed"; exit 1; }
awk '
    /^[a-z_0-9]+\.[a-z_0-9]+ \(/ { name = $1; type = $2; sub(/^\(/, "", type); sub(/,$/, "", type); next }
    /^  default: / { def = substr($0, 12); next }
    /^  range: / { r = $0; sub(/^  range: *\[/, "", r); sub(/\]$/, "", r); split(r, mm, ", ")
                   if (type == "int" || type == "double" || type == "series" || type == "vector")
                       printf "%s\t%s\t%s\t%s\t%s\n", name, type, def, mm[1], mm[2] }
' "$work/params.txt" >"$work/numeric.tsv"
n_params=$(wc -l <"$work/numeric.tsv")
n_rows=$(grep -cE '^[a-z_0-9]+\.[a-z_0-9]+ \(' "$work/params.txt")
if [ "$n_params" -ge 100 ] && [ "$n_params" -lt "$n_rows" ]; then
    echo "ok - $n_params numeric parameters of $n_rows in the table"
    pass=$((pass + 1))
else
    bad "parsed $n_params numeric parameters of $n_rows rows"
fi

# The value text for `name` of `type` whose every number is V: a scalar, a one-point series,
# or the default vector with each component set to V.
value_of() {
    local type="$1" def="$2" v="$3"
    case "$type" in
    int | double) printf '%s' "$v" ;;
    series) printf '{2003: %s}' "$v" ;;
    vector) printf '%s' "$def" | sed -E "s/: *-?[0-9][0-9.e+-]*/: $v/g" ;;
    esac
}

# Every default, given explicitly in one command: accepted.
defaults=()
while IFS=$'\t' read -r name type def min max; do
    defaults+=(--set "$name=$def")
done <"$work/numeric.tsv"
if "$bin" check "$baseline" "${defaults[@]}" >"$work/out" 2>&1; then
    echo "ok - every default, set explicitly, is accepted"
    pass=$((pass + 1))
else
    bad "defaults set explicitly are refused: $(cat "$work/out")"
fi

# reject NAME TYPE DEF V: `check --set NAME=value` exits 2 naming NAME, and no crash.
reject() {
    local name="$1" type="$2" def="$3" v="$4" text rc
    text="$(value_of "$type" "$def" "$v")"
    "$bin" check "$baseline" --set "$name=$text" >"$work/out" 2>&1
    rc=$?
    if [ "$rc" -ne 2 ]; then
        bad "$name=$text: exit $rc, wanted 2: $(tail -2 "$work/out")"
    elif ! grep -qF "'$name'" "$work/out"; then
        bad "$name=$text: the message does not name the key: $(cat "$work/out")"
    else
        ok
    fi
}
accept() {
    local name="$1" type="$2" def="$3" v="$4" text
    text="$(value_of "$type" "$def" "$v")"
    if "$bin" check "$baseline" --set "$name=$text" >"$work/out" 2>&1; then ok; else
        bad "$name=$text is inside the range [$5] but refused: $(tail -1 "$work/out")"
    fi
}

cases=0
while IFS=$'\t' read -r name type def min max; do
    reject "$name" "$type" "$def" 1e300
    reject "$name" "$type" "$def" -1e300
    cases=$((cases + 2))
    if [ "$type" = int ]; then
        reject "$name" "$type" "$def" 9223372036854775808
        reject "$name" "$type" "$def" -9223372036854775809
        cases=$((cases + 2))
    fi
    # -1: out of range when the range starts at 0 or above, else it must be accepted.
    if awk -v m="$min" -v M="$max" 'BEGIN { exit !(m + 0 > -1) }'; then
        reject "$name" "$type" "$def" -1
        cases=$((cases + 1))
    elif awk -v M="$max" 'BEGIN { exit !(M + 0 >= -1) }'; then
        accept "$name" "$type" "$def" -1 "$min, $max"
        cases=$((cases + 1))
    fi
done <"$work/numeric.tsv"
echo "ok - $cases huge, negative and past-long values over $n_params parameters: $((pass - 2)) behaved"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
