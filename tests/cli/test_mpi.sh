#!/usr/bin/env bash
# clustersim-mpi: `mpirun -np 2 clustersim-mpi ensemble ...` (rank 0 hands out tasks,
# rank 1 runs them) writes task files whose data (/observables, /events, /particles,
# /connectivity) are identical to the single-process `clustersim ensemble`, and a sweep
# likewise; bad input exits 2 without hanging the workers.
# Skipped (exit 77, reported as skipped by ctest) when the build has no MPI binary or
# mpirun is missing -- never silently passed.
# Usage: test_mpi.sh CLUSTERSIM SOURCE_DIR   (the MPI binary comes in $CSIM_MPI_BINARY)
. "$(dirname "$0")/lib.sh"
cli_setup "$@"
mpi_bin="${CSIM_MPI_BINARY:-}"
if [ -z "$mpi_bin" ] || [ ! -x "$mpi_bin" ]; then
    echo "skipped: clustersim-mpi was not built (CMake found no MPI; install libopenmpi-dev, see tools/setup.sh)"
    exit 77
fi
if ! command -v mpirun >/dev/null 2>&1; then
    echo "skipped: mpirun is not installed (Debian package openmpi-bin)"
    exit 77
fi
# docs/CONVENTIONS.md fact 7: as root mpirun needs --allow-run-as-root; --bind-to none lets each rank's
# OpenMP threads use more than one core; --oversubscribe allows more ranks than cores.
mpirun=(mpirun --allow-run-as-root --oversubscribe --bind-to none)
sc="$src/scenarios"
two=("$sc/gumi-baseline.yaml" "$sc/hub-exit.yaml")
short=(--set run.steps=24 --set run.scale=0.3)

# Compare every task file of two output folders, group by group.
same_data() {  # same_data DIR_A DIR_B WHAT
    local differ=0 count=0
    for f in "$1"/*/r*.h5; do
        rel="${f#"$1"/}"
        count=$((count + 1))
        for group in /observables /events /particles /connectivity; do
            if ! h5diff "$f" "$2/$rel" "$group" >/dev/null 2>&1; then
                bad "$3: $rel $group differs"
                differ=1
            fi
        done
    done
    [ "$count" -gt 0 ] && [ "$differ" -eq 0 ] && ok "$3: all $count task files identical in /observables /events /particles /connectivity"
}

expect 0 "single-process ensemble" "$bin" ensemble "${two[@]}" --replicates 3 -o "$work/local" "${short[@]}" --jobs 2 --threads 2
expect 0 "mpirun -np 2 ensemble" timeout 300 "${mpirun[@]}" -np 2 "$mpi_bin" ensemble "${two[@]}" --replicates 3 -o "$work/mpi" "${short[@]}" --threads 1
contains "MPI summary" "6 tasks (2 scenarios x 3 replicates): 6 run"
same_data "$work/local" "$work/mpi" "MPI (-np 2) vs single process"
grep -q 'on rank 1' "$work/mpi/ensemble.log" && ok "tasks ran on worker rank 1" || bad "log: $(cat "$work/mpi/ensemble.log")"
expect 0 "the MPI index records ranks and every task" /usr/bin/python3 - "$work/mpi/index.h5" <<'PY'
import sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    assert f["ensemble"].attrs["ranks"] == 2
    assert list(f["task_table/status"].asstr()[()]) == ["ok"] * 6
    assert f["tasks/hub-exit/r2/parameters"].attrs["ranks"] == 2
print("mpi index ok")
PY
expect 0 "mpirun -np 3 ensemble with 2 threads per rank" timeout 300 "${mpirun[@]}" -np 3 "$mpi_bin" ensemble "${two[@]}" --replicates 3 -o "$work/mpi3" "${short[@]}" --threads 2
same_data "$work/local" "$work/mpi3" "MPI (-np 3, 2 threads) vs single process"
expect 0 "MPI re-run reuses every task" timeout 300 "${mpirun[@]}" -np 2 "$mpi_bin" ensemble "${two[@]}" --replicates 3 -o "$work/mpi" "${short[@]}"
contains "nothing redone under MPI" "0 run, 6 complete from before"
expect 0 "mpirun -np 2 sweep" timeout 300 "${mpirun[@]}" -np 2 "$mpi_bin" sweep "$src/tests/data/sweeps/saltelli.yaml" -o "$work/mpisweep"
expect 0 "single-process sweep" "$bin" sweep "$src/tests/data/sweeps/saltelli.yaml" -o "$work/localsweep"
same_data "$work/localsweep" "$work/mpisweep" "MPI sweep vs single process"
expect 2 "bad input under MPI exits 2 (workers released)" timeout 120 "${mpirun[@]}" -np 2 "$mpi_bin" ensemble "${two[0]}" --replicates 2 -o "$work/bad" --set run.stesp=2
contains "the error comes from rank 0" "did you mean 'run.steps'"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
