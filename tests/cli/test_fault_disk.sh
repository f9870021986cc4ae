#!/usr/bin/env bash
# Faults of the machine rather than the input (issue 8): a full disk -- a file-size limit
# (ulimit -f) and a small tmpfs that fills up, where mounting is permitted -- an output
# folder that cannot be written even by root (a path below a regular file, a read-only
# mount), and memory: a run.scale so large that the run cannot fit must be refused before
# anything is allocated, with the estimate in the message (model/memory_estimate.h).
# Every failure must exit 1 (2 for a run the model cannot index), say why, leave no
# file under a final name and no temporary file; nothing may die of a signal.
# Usage: test_fault_disk.sh CLUSTERSIM SOURCE_DIR
. "$(dirname "$0")/lib.sh"
cli_setup "$@"
mounts=()
cleanup() {
    local m
    for m in "${mounts[@]}"; do umount "$m" 2>/dev/null; done
    rm -rf "$work"
}
trap cleanup EXIT
cd "$work" || exit 1
export OMP_WAIT_POLICY=passive
absent() {
    if [ ! -e "$2" ]; then ok "$1"; else bad "$1: '$2' exists"; fi
}
no_temporaries() {
    local left
    left="$(find "$2" -name '.*.tmp-*' 2>/dev/null | head -3)"
    if [ -z "$left" ]; then ok "$1"; else bad "$1: $left"; fi
}
sanitized=0
if "$bin" --version | grep -qE 'sanitize=ON|tsan=ON|fuzz=ON'; then sanitized=1; fi
short=(--quiet --threads 1 --set run.steps=24 --set run.scale=0.3 --set run.snapshot_interval=6)

# --- a file-size limit: writes fail with EFBIG, not SIGXFSZ ----------------------------------
mkdir -p "$work/fsize"
for blocks in 8 64 256; do
    expect 1 "run with ulimit -f $blocks: an I/O error" \
        bash -c "ulimit -f $blocks && exec \"\$@\"" _ "$bin" run "$baseline" "${short[@]}" -o "$work/fsize/r$blocks.h5"
    contains "the message says the write failed" "failed"
    # The write fails on the trajectory's writer thread: its message comes back to main,
    # and HDF5's own error stack must not be printed from that thread either.
    if printf '%s' "$out" | grep -q 'HDF5-DIAG'; then
        bad "no HDF5 diagnostics printed (ulimit -f $blocks): $out"
    else
        ok "no HDF5 diagnostics printed (ulimit -f $blocks)"
    fi
    absent "no file under the final name (ulimit -f $blocks)" "$work/fsize/r$blocks.h5"
done
"$bin" run "$baseline" "${short[@]}" -o "$work/full.h5" >/dev/null 2>&1 || bad "reference run"
expect 1 "rerun with ulimit -f 64" bash -c 'ulimit -f 64 && exec "$@"' _ "$bin" rerun "$work/full.h5" --quiet -o "$work/fsize/rerun.h5"
absent "rerun left no file" "$work/fsize/rerun.h5"
expect 1 "export GraphML with ulimit -f 1" bash -c 'ulimit -f 1 && exec "$@"' _ "$bin" export "$work/full.h5" --layer collaboration --step 23 -o "$work/fsize/net.graphml"
absent "export left no file" "$work/fsize/net.graphml"
expect 1 "ensemble with ulimit -f 64: every task fails, cleanly" bash -c 'ulimit -f 64 && exec "$@"' _ \
    "$bin" ensemble "$baseline" --replicates 2 -o "$work/fsize/ens" "${short[@]}"
if [ -z "$(ls "$work/fsize/ens"/*/r*.h5 2>/dev/null)" ]; then ok "no task file under a final name"; else bad "task files appeared"; fi
no_temporaries "no temporary files after the file-size limit" "$work/fsize"

# --- a small tmpfs that fills up ---------------------------------------------------------------
small="$work/small"
mkdir -p "$small"
if mount -t tmpfs -o size=400k tmpfs "$small" 2>/dev/null; then
    mounts+=("$small")
    expect 1 "run into a 400 KiB file system: disk full" "$bin" run "$baseline" --quiet --threads 1 \
        --set run.steps=60 --set run.scale=1 --set run.snapshot_interval=1 -o "$small/big.h5"
    contains "the message names the file" "big.h5"
    absent "no file under the final name on the full disk" "$small/big.h5"
    no_temporaries "the temporary file was removed from the full disk" "$small"
    # An ensemble that fits partly (room for about two task files): some tasks finish, the
    # others fail; after the disk is grown, the same command completes exactly the others.
    task_kib=$(( $(wc -c <"$work/full.h5") / 1024 + 1 ))
    mount -o remount,size=$((task_kib * 5 / 2))k "$small" 2>/dev/null || bad "remounting the tmpfs"
    expect 1 "ensemble onto the small disk: some tasks fail" "$bin" ensemble "$baseline" "$src/scenarios/no-policy.yaml" \
        --replicates 3 -o "$small/ens" "${short[@]}"
    done_before=$(ls "$small/ens"/*/r*.h5 2>/dev/null | wc -l)
    all_ok=1
    for f in "$small/ens"/*/r*.h5; do
        [ -e "$f" ] || continue
        "$bin" inspect "$f" >/dev/null 2>&1 || { all_ok=0; bad "$f is under its final name but does not read"; }
    done
    if [ "$all_ok" -eq 1 ] && [ "$done_before" -ge 1 ] && [ "$done_before" -lt 6 ]; then
        ok "the $done_before task files that fitted are complete"
    else
        bad "$done_before of 6 task files fitted on a disk for about 2"
    fi
    if mount -o remount,size=16m "$small" 2>/dev/null; then
        expect 0 "the same ensemble after the disk grew" "$bin" ensemble "$baseline" "$src/scenarios/no-policy.yaml" \
            --replicates 3 -o "$small/ens" "${short[@]}"
        contains "only the missing tasks run" "$((6 - done_before)) run, $done_before complete from before"
    fi
    no_temporaries "no temporary files on the small disk" "$small"
else
    echo "# skip: mounting a tmpfs is not permitted here (the file-size limit above covers a full disk)"
fi

# --- unwritable output folders, also for root ---------------------------------------------
printf 'a regular file\n' >"$work/plain"
expect 1 "run into a path below a regular file" "$bin" run "$baseline" "${short[@]}" -o "$work/plain/sub/x.h5"
contains "the message names the path" "plain"
expect 1 "ensemble into a folder below a regular file" "$bin" ensemble "$baseline" --replicates 1 -o "$work/plain/ens" "${short[@]}"
expect 1 "export below a regular file" "$bin" export "$work/full.h5" --layer supply --step 23 -o "$work/plain/x.csv" --format csv
ro="$work/ro"
mkdir -p "$ro"
if mount -t tmpfs -o ro,size=64k tmpfs "$ro" 2>/dev/null; then
    mounts+=("$ro")
    expect 1 "run into a read-only file system (as $(id -un))" "$bin" run "$baseline" "${short[@]}" -o "$ro/x.h5"
    contains "the reason is given" "Read-only file system"
    expect 1 "ensemble into a read-only file system" "$bin" ensemble "$baseline" --replicates 1 -o "$ro/ens" "${short[@]}"
    expect 1 "rerun into a read-only file system" "$bin" rerun "$work/full.h5" --quiet -o "$ro/again.h5"
    expect 1 "export into a read-only file system" "$bin" export "$work/full.h5" --layer supply --step 23 -o "$ro/x.graphml"
    if [ -z "$(ls -A "$ro")" ]; then ok "nothing written to the read-only file system"; else bad "files on the read-only mount"; fi
elif [ "$(id -u)" -ne 0 ]; then
    chmod 555 "$ro"
    expect 1 "run into a read-only folder" "$bin" run "$baseline" "${short[@]}" -o "$ro/x.h5"
    chmod 755 "$ro"
else
    echo "# skip: read-only mount not permitted; root ignores chmod (the /proc and regular-file cases cover it)"
fi

# --- memory: refuse what cannot fit, before allocating --------------------------------------
expect 1 "run.scale=100000 is refused" "$bin" run "$baseline" --quiet --set run.scale=100000 -o "$work/huge.h5"
contains "the message gives the estimate" "the run needs about"
contains "and what to change" "lower run.scale"
absent "no output for the refused run" "$work/huge.h5"
no_temporaries "no temporary for the refused run" "$work"
expect 2 "more actors than the model can index: bad input" "$bin" run "$baseline" --quiet \
    --set run.scale=100000 --set population.initial_firms=100000000 --no-output
contains "the message says so" "more than the model can index"
expect 2 "the actor limit holds with --allow-large" "$bin" run "$baseline" --quiet --allow-large \
    --set run.scale=100000 --set population.initial_firms=100000000 --no-output
expect 1 "an ensemble task too large for memory fails, the others run" "$bin" ensemble "$baseline" \
    "$src/tests/data/scenarios/absurd_scale.yaml" --replicates 2 -o "$work/mem-ens" --quiet --threads 1 --set run.steps=24
contains "the task's error is the estimate" "task absurd_scale/r0.h5 failed: the run needs about"
contains "the other tasks ran" "2 failed"
if [ -e "$work/mem-ens/gumi-baseline/r1.h5" ]; then ok "the tasks that fit ran"; else bad "the tasks that fit did not run"; fi
# validate and calibrate run replicates in this process: the same refusal, before the first.
expect 1 "validate of an absurd scale is refused" "$bin" validate "$src/tests/data/scenarios/absurd_scale.yaml" \
    --targets "$src/scenarios/targets.yaml" --replicates 2 --quiet
contains "validate gives the estimate" "the run needs about"
expect 1 "calibrate of an absurd scale is refused" "$bin" calibrate "$src/tests/data/scenarios/absurd_scale.yaml" \
    --targets "$src/scenarios/targets.yaml" --fit learning.rate=0.01:0.2 --replicates 1 --quiet
contains "calibrate gives the estimate" "the run needs about"
if grep -q '^[0-9]*,absurd_scale,.*,failed,.*the run needs about' "$work/mem-ens/tasks.csv"; then
    ok "tasks.csv records the refusal"; else bad "tasks.csv: $(cat "$work/mem-ens/tasks.csv")"; fi
if /usr/bin/python3 -c 'import h5py' 2>/dev/null; then
    # A trajectory edited to record an absurd scale: rerun refuses it the same way.
    cp "$work/full.h5" "$work/edited.h5"
    /usr/bin/python3 - "$work/edited.h5" <<'PY'
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], "r+") as f:
    text = f["/parameters/resolved_yaml"].asstr()[()]
    text = "\n".join("run.scale: 100000" if l.startswith("run.scale:") else l for l in text.split("\n"))
    del f["/parameters/resolved_yaml"]
    f["/parameters/resolved_yaml"] = np.bytes_(text.encode())   # fixed-length, as clustersim writes
PY
    expect 1 "rerun of a file recording run.scale=100000 is refused" "$bin" rerun "$work/edited.h5" --quiet -o "$work/edited-again.h5"
    contains "rerun gives the estimate" "the run needs about"
    absent "rerun wrote nothing" "$work/edited-again.h5"
fi
if [ "$sanitized" -eq 0 ]; then
    # An address-space limit: the 156-month run at scale 540 needs about 1.7 GiB.
    expect 1 "scale 540 under ulimit -v 1 GiB is refused" bash -c 'ulimit -v 1048576 && exec "$@"' _ \
        "$bin" run "$baseline" --quiet --set run.scale=540 --no-output
    contains "the limit is named" "address-space limit"
    # Forced past the estimate, the model's own allocations fail cleanly.
    expect 1 "--allow-large under ulimit -v 400 MiB: out of memory, no crash" bash -c 'ulimit -v 409600 && exec "$@"' _ \
        "$bin" run "$baseline" --quiet --threads 1 --allow-large --set run.scale=540 --set run.steps=3 -o "$work/forced.h5"
    contains "it says so" "out of memory"
    absent "no output from the failed run" "$work/forced.h5"
else
    echo "# skip ulimit -v checks: a sanitizer build reserves terabytes of address space"
fi
no_temporaries "no temporary files anywhere" "$work"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
