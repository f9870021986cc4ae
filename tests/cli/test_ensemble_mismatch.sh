#!/usr/bin/env bash
# The analyses of an ensemble check every task file against the index (issue 23, item 1):
# a file of other parameters, another run.seed, another scenario or another replicate in
# a slot makes `compare`, `plot` and `sobol` refuse the folder (exit 2) with a message
# naming the file and, for parameters, the line that differs; so does an ensemble re-run
# after a parameter change and killed part-way (the files new, the index old). A re-run of
# the ensemble's command repairs the folder.
# Usage: test_ensemble_mismatch.sh CLUSTERSIM SOURCE_DIR
. "$(dirname "$0")/lib.sh"
cli_setup "$@"
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=passive
cd "$work" || exit 1
sc="$src/scenarios"
small=(--set run.scale=0.3 --set run.steps=24)
ens="$work/ens"

expect 0 "ensemble of 2 scenarios x 2 replicates" "$bin" ensemble "$sc/gumi-baseline.yaml" \
    "$sc/no-policy.yaml" --replicates 2 -o "$ens" "${small[@]}" --jobs 2 --quiet
expect 0 "compare of the intact ensemble" "$bin" compare "$ens" --at 2004
cp -a "$ens" "$work/intact"
restore() { rm -rf "$ens"; cp -a "$work/intact" "$ens"; }

# refused "description" TEXT...: compare exits 2 naming the slot's file and each TEXT.
refused() {
    local what="$1"
    shift
    expect 2 "compare refuses $what" "$bin" compare "$ens" --at 2004
    contains "compare names the file ($what)" "no-policy/r0.h5"
    for text in "$@"; do
        contains "compare says '$text' ($what)" "$text"
    done
}

# The issue's reproduction: another parameter value, run into the slot with --force.
"$bin" run "$sc/no-policy.yaml" --replicate 0 "${small[@]}" --set learning.rate=0.5 --quiet \
    -o "$ens/no-policy/r0.h5" --force >/dev/null 2>&1
refused "a file of another parameter value" "resolved parameters" "learning.rate: 0.5" "run the ensemble's command again"
expect 2 "plot refuses it too" "$bin" plot "$ens" -o "$work/plots"
contains "plot names the file" "no-policy/r0.h5"
restore

"$bin" run "$sc/no-policy.yaml" --replicate 0 "${small[@]}" --seed 7 --quiet \
    -o "$ens/no-policy/r0.h5" --force >/dev/null 2>&1
refused "a file of another run.seed" "run.seed 7"
restore

cp "$ens/gumi-baseline/r0.h5" "$ens/no-policy/r0.h5"
refused "a file of another scenario" "resolved parameters"
restore

cp "$ens/no-policy/r1.h5" "$ens/no-policy/r0.h5"
refused "a file of another replicate" "replicate 1"
restore

# Re-run after a parameter change, killed after the files but before the index: the same
# state as a SIGKILL part-way, made deterministic by keeping the old index.
cp "$ens/index.h5" "$work/old-index.h5"
expect 0 "the ensemble re-run with a changed parameter" "$bin" ensemble "$sc/gumi-baseline.yaml" \
    "$sc/no-policy.yaml" --replicates 2 -o "$ens" "${small[@]}" --set learning.rate=0.5 --jobs 2 --quiet
cp "$work/old-index.h5" "$ens/index.h5"
expect 2 "compare refuses new files under the old index" "$bin" compare "$ens" --at 2004
contains "it says the parameters differ" "resolved parameters"
# The same command as the index's repairs it.
expect 0 "the original command again" "$bin" ensemble "$sc/gumi-baseline.yaml" \
    "$sc/no-policy.yaml" --replicates 2 -o "$ens" "${small[@]}" --jobs 2 --quiet
expect 0 "compare accepts the repaired folder" "$bin" compare "$ens" --at 2004

# An index written before the digest column: the files are checked for replicate, seed and
# stream key, with a note saying so.
if /usr/bin/python3 -c 'import h5py' 2>/dev/null; then
    restore
    /usr/bin/python3 -c 'import h5py, sys; f = h5py.File(sys.argv[1], "r+"); del f["task_table/parameters_digest"]' "$ens/index.h5"
    expect 0 "compare of an index without digests" "$bin" compare "$ens" --at 2004
    contains "a note says the parameters were not checked" "records no digest"
    cp "$ens/no-policy/r1.h5" "$ens/no-policy/r0.h5"
    expect 2 "without digests, another replicate's file is still refused" "$bin" compare "$ens" --at 2004
else
    echo "# no h5py for /usr/bin/python3: the old-index case is skipped"
fi

# sobol: one task file of a Saltelli sweep replaced by another point's.
sed "s#^base: .*#base: $sc/gumi-baseline.yaml#" "$src/tests/data/sweeps/saltelli.yaml" >"$work/saltelli.yaml"
expect 0 "a Saltelli sweep" "$bin" sweep "$work/saltelli.yaml" -o "$work/salt" --jobs 2 --quiet
expect 0 "sobol of the intact sweep" "$bin" sobol "$work/salt" --observables knowledge_mean_sme --bootstrap 50
cp "$work/salt/p0004/r0.h5" "$work/salt/p0000/r0.h5" # another base sample (p0000-p0003 are one)
expect 2 "sobol refuses a file of another point (another base sample)" "$bin" sobol "$work/salt" --observables knowledge_mean_sme --bootstrap 50
contains "sobol names the file" "p0000/r0.h5"
contains "sobol says the parameters differ" "resolved parameters"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
