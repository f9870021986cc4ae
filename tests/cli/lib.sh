# Shared by the end-to-end scripts of tests/cli: TAP-style "ok - ..." / "not ok - ..."
# lines counted in $pass and $fail. A script sources it first and then calls cli_setup:
#   . "$(dirname "$0")/lib.sh"
#   cli_setup "$@"
# and ends with
#   echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]
# A script that sources it runs under set -u from then on: an unset variable is an error,
# not an empty word.
set -u
pass=0
fail=0

ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "not ok - $1"; }

# expect CODE "description" command...: run, capture stdout+stderr in $out, check the code.
expect() {
    local code="$1" what="$2"
    shift 2
    out="$("$@" 2>&1)"
    local rc=$?
    if [ "$rc" -eq "$code" ]; then ok "$what (exit $rc)"; else bad "$what: exit $rc, wanted $code; output: $out"; fi
}

# contains "description" TEXT: the last $out (from expect) holds TEXT.
contains() {
    if printf '%s' "$out" | grep -qF -- "$2"; then ok "$1"; else bad "$1: output lacks '$2': $out"; fi
}

# cli_setup CLUSTERSIM SOURCE_DIR: the arguments every script gets, as absolute paths in
# $bin and $src, and $work, a fresh folder removed at exit; $baseline is the scenario most
# scripts run, scenarios/gumi-baseline.yaml, and $py the Python they check files with,
# Debian's /usr/bin/python3 (docs/CONVENTIONS.md, fact 10). For scripts that source this
# file first: . "$(dirname "$0")/lib.sh"; cli_setup "$@"
cli_setup() {
    bin="$(realpath "$1")"
    src="$(realpath "$2")"
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    baseline="$src/scenarios/gumi-baseline.yaml"
    py=/usr/bin/python3
}

# short_run MONTHS [ARGS...]: $traj, the trajectory of a short run of the baseline
# scenario ($work/base.h5: MONTHS months, quiet, one thread, any further ARGS such as
# --set KEY=VALUE), made under `expect 0`, for the scripts that check what reads it.
short_run() {
    local months="$1"
    shift
    traj="$work/base.h5"
    expect 0 "short baseline run ($months months)" "$bin" run "$baseline" --set run.steps="$months" \
        "$@" --quiet --threads 1 -o "$traj"
}

# lacks "description" REGEX: the last $out does not match the extended regular expression.
lacks() {
    if printf '%s' "$out" | grep -qE -- "$2"; then bad "$1: output matches '$2': $out"; else ok "$1"; fi
}

# python_has MODULE...: whether $py (cli_setup) imports every MODULE; for the checks a
# script makes only where Python can: if python_has h5py numpy; then ...; fi
python_has() {
    local mods="$*"
    "$py" -c "import ${mods// /, }" 2>/dev/null
}

# need_python MODULE...: skip the script (exit 77, which ctest reports as skipped, never
# as passed) unless $py (cli_setup) imports every MODULE.
need_python() {
    local mods="$*"
    if ! python_has "$@"; then
        local names="${*: -1}"
        if [ "$#" -gt 1 ]; then
            names="${mods% *}"
            names="${names// /, } and ${*: -1}"
        fi
        echo "skip: $py cannot import $names"
        exit 77
    fi
}

# need_gnuplot: skip the script (exit 77) unless gnuplot is installed.
need_gnuplot() {
    if ! command -v gnuplot >/dev/null 2>&1; then
        echo "gnuplot is not installed (Debian: gnuplot-nox): skipped"
        exit 77
    fi
}

# valgrind_setup: whether the valgrind checks of a script can run. A sanitizer build
# cannot run under valgrind (tools/sanitize.sh; the normal build runs the checks): it says
# so and returns 1; a missing valgrind counts as a failure (tools/setup.sh installs it)
# and returns 1. Otherwise it writes $small, a 12-month run with a snapshot every 6
# months, sets $vg, the valgrind command that fails on an invalid access or a definite
# leak, and returns 0. Use: if valgrind_setup; then expect 0 "..." "${vg[@]}" "$bin" ...; fi
valgrind_setup() {
    if "$bin" --version | grep -qE 'sanitize=ON|tsan=ON|fuzz=ON'; then
        echo "# valgrind checks skipped: $bin is a sanitizer build"
        return 1
    fi
    if ! command -v valgrind >/dev/null; then
        bad "valgrind is not installed (tools/setup.sh installs it)"
        return 1
    fi
    small="$work/small.h5"
    "$bin" run "$baseline" --set run.steps=12 --set run.scale=0.3 \
        --set run.snapshot_interval=6 --quiet --threads 1 -o "$small" >/dev/null 2>&1
    vg=(valgrind --quiet --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite)
    return 0
}

# same_data "description" A B: the trajectories A and B hold the same data, each group of
# the format compared on its own with h5diff (one `expect 0` a group, described
# "description (GROUP)"), so that a failure names the group that differs.
same_data() {
    local group
    for group in /observables /events /particles /connectivity; do
        expect 0 "$1 ($group)" h5diff "$2" "$3" "$group"
    done
}
