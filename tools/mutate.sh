#!/usr/bin/env bash
# Mutation check of the test suite: each mutation of tools/mutations.txt (one deliberate
# mistake in one file) is applied, one at a time, to a COPY of the source tree, which is
# built once and then rebuilt incrementally; the ctest entries aimed at the mutation run
# against it. A mutation is "killed" when one of them fails, "survived" when all pass,
# "invalid" when its pattern is not found exactly once or the mutant does not compile
# (a list that no longer matches the code must be fixed, not counted). The real tree is
# only read. Prints one line per mutation and the score; exit 0 only when every listed
# mutation is killed.
#
# Usage: tools/mutate.sh [--work DIR] [--only ID[,ID...]] [--list FILE] [--jobs N] [--check]
#   --work DIR   where the copy and its build live (default: $TMPDIR/csim-mutate-$USER);
#                kept between invocations, so a second run rebuilds only what changed
#   --only IDS   run only these mutations (comma-separated ids)
#   --list FILE  mutation list (default: tools/mutations.txt)
#   --jobs N     build jobs (default 2)
#   --check      only check that every pattern occurs exactly once in the tree (no build)
# The list: blocks separated by blank lines, each with the keys
#   id:     short name            file:  path in the tree
#   from:   exact text (occurs exactly once in the file; \n for a line break)
#   to:     its replacement       tests: ctest names aimed at it (comma-separated)
#   why:    the mistake it stands for
# Lines starting with # are comments.
set -u

# The whole script is one function, read by bash before it runs: editing this file while
# a long mutation run goes on cannot change what that run executes.
main() {
here="$(cd "$(dirname "$0")/.." && pwd)"
work="${TMPDIR:-/tmp}/csim-mutate-${USER:-user}"
only=""
list="$here/tools/mutations.txt"
jobs=2
check=0
while [ $# -gt 0 ]; do
    case "$1" in
    --work) work="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --list) list="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --check) check=1; shift ;;
    -h | --help) sed -n '2,/^# Lines starting/p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "mutate.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
[ -f "$list" ] || { echo "mutate.sh: no mutation list '$list'" >&2; exit 2; }
py=python3
command -v "$py" >/dev/null || { echo "mutate.sh: python3 is needed to apply mutations" >&2; exit 2; }

if [ "$check" -eq 1 ]; then
    "$py" "$here/tools/mutate_list.py" check "$list" "$here"
    exit $?
fi

src="$work/src"
build="$work/build"
mkdir -p "$src" "$build" || exit 2
case "$(cd "$src" && pwd)" in
"$here" | "$here"/*) echo "mutate.sh: --work must be outside the source tree" >&2; exit 2 ;;
esac

# The copy: the files git knows (tracked and untracked, not ignored), with their times,
# so that the build of an earlier invocation stays valid for the unchanged files.
echo "# copying the tree to $src"
(cd "$here" && git ls-files -co --exclude-standard -z | tar --null -T - -cf -) |
    (cd "$src" && tar -xpf -) || exit 2
# An invocation stopped during a mutation may have left objects built from a mutant whose
# source is now older than them: start that build afresh.
if [ -e "$work/in-flight" ] && [ -d "$build" ]; then
    echo "# the last invocation was interrupted: cleaning its build"
    cmake --build "$build" --target clean >/dev/null 2>&1
fi
if [ ! -f "$build/CMakeCache.txt" ]; then
    echo "# configuring $build"
    cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCSIM_WERROR=OFF \
        -DCSIM_SANITIZER_TESTS=OFF -DCSIM_BUILD_BENCH=OFF >"$work/configure.log" 2>&1 ||
        { echo "mutate.sh: configure failed, see $work/configure.log" >&2; exit 2; }
fi
echo "# building the unmutated copy"
cmake --build "$build" -j "$jobs" >"$work/build.log" 2>&1 ||
    { echo "mutate.sh: the unmutated copy does not build, see $work/build.log" >&2; exit 2; }

# One mutation per line of the plan: id<TAB>file<TAB>tests<TAB>why.
plan="$("$py" "$here/tools/mutate_list.py" plan "$list" "$only")" || exit 2
apply() {
    "$py" "$here/tools/mutate_list.py" apply "$list" "$1" "$src"
}

killed=0
survived=0
invalid=0
total=0
while IFS=$'\t' read -r id file tests why; do
    [ -n "$id" ] || continue
    total=$((total + 1))
    cp -p "$src/$file" "$work/original" || exit 2
    : >"$work/in-flight"
    if ! msg="$(apply "$id" 2>&1)"; then
        echo "INVALID  $id ($file): $msg"
        invalid=$((invalid + 1))
        continue
    fi
    # Targets: a Criterion suite is its own target; the cli_ scripts need the binary.
    targets=""
    regex=""
    IFS=',' read -ra names <<<"$tests"
    for t in "${names[@]}"; do
        t="$(echo "$t" | tr -d ' ')"
        case "$t" in
        cli_*) targets="$targets clustersim" ;;
        *) targets="$targets $t" ;;
        esac
        regex="${regex:+$regex|}$t"
    done
    if ! cmake --build "$build" -j "$jobs" --target $targets >"$work/mutant-$id.log" 2>&1; then
        echo "INVALID  $id ($file): the mutant does not compile (see $work/mutant-$id.log)"
        invalid=$((invalid + 1))
    elif ctest --test-dir "$build" -R "^($regex)\$" --timeout 900 --output-on-failure >>"$work/mutant-$id.log" 2>&1; then
        echo "SURVIVED $id ($file; $tests): $why"
        survived=$((survived + 1))
    else
        echo "killed   $id by $(grep -oE '[0-9]+ - [a-z_]+ \((Failed|Timeout|SEGFAULT|Subprocess aborted)' "$work/mutant-$id.log" | sed 's/^[0-9]* - //; s/ (.*//' | paste -sd, -)"
        killed=$((killed + 1))
    fi
    # Restore the original with a new time, so that the next build recompiles it.
    cp "$work/original" "$src/$file"
done <<<"$plan"

# Leave the copy's build unmutated for the next invocation.
cmake --build "$build" -j "$jobs" >/dev/null 2>&1 && rm -f "$work/in-flight"
echo "score: $killed of $total killed, $survived survived, $invalid invalid"
[ "$survived" -eq 0 ] && [ "$invalid" -eq 0 ]
}

main "$@"
