#!/usr/bin/env bash
# Trajectories never lie about being complete: a run killed with SIGKILL while writing
# leaves nothing under the final name; an existing output is refused without --force and
# kept intact (and the refusal leaves no file behind); an unwritable output path fails with
# exit 1 and no file; `rerun` reproduces a run bit for bit; and inspect / export / rerun
# given a truncated, empty, text, foreign or half-written file exit 2 with a message naming
# it (no crash, no core dump).
# Usage: test_output_safety.sh CLUSTERSIM SOURCE_DIR
. "$(dirname "$0")/lib.sh"
cli_setup "$@"
bg_pid=""
cleanup() {
    if [ -n "$bg_pid" ]; then kill -9 "$bg_pid" 2>/dev/null; fi
    rm -rf "$work"
}
trap cleanup EXIT
cd "$work" || exit 1 # a core dump would land here
short=(--set run.steps=12 --quiet --threads 1)

absent() {
    if [ ! -e "$2" ]; then ok "$1"; else bad "$1: '$2' exists"; fi
}
# Temporary files (".NAME.tmp-PID-XXXXXX") left in a folder.
tmp_count() { find "$1" -maxdepth 1 -name '.*.tmp-*' | wc -l; }

# --- SIGKILL in the middle of writing ----------------------------------------------------
# Scale 100 (about 1.8 x 10^5 firms) runs some 10 s on 2 cores, so that a kill 2 s after
# the file appears lands mid-run on any machine we know (scale 20 once took over 2 s;
# it now takes 2.1 s).
mkdir -p "$work/killed"
"$bin" run "$baseline" --set run.scale=100 --quiet --threads 2 -o "$work/killed/big.h5" \
    >"$work/killed.log" 2>&1 &
bg_pid=$!
# Wait until the file is being written (its temporary name exists), then a little more so
# that months are being recorded, then kill without warning.
for _ in $(seq 1 600); do
    [ "$(tmp_count "$work/killed")" -gt 0 ] && break
    kill -0 "$bg_pid" 2>/dev/null || break
    sleep 0.2
done
sleep 2
if kill -0 "$bg_pid" 2>/dev/null; then
    ok "the large run is still writing after 2 s"
    kill -9 "$bg_pid"
    wait "$bg_pid" 2>/dev/null
    rc=$?
    bg_pid=""
    if [ "$rc" -eq 137 ]; then ok "killed with SIGKILL (status $rc)"; else bad "kill status $rc"; fi
    absent "no file under the final name after SIGKILL" "$work/killed/big.h5"
    leftover="$(find "$work/killed" -maxdepth 1 -name '.big.h5.tmp-*' | head -1)"
    if [ -n "$leftover" ]; then
        ok "only the temporary name holds the partial file"
        for cmd in inspect rerun; do
            expect 2 "$cmd on the half-written temporary file" "$bin" "$cmd" "$leftover"
            contains "$cmd names the half-written file" "$(basename "$leftover")"
        done
        expect 2 "export on the half-written temporary file" "$bin" export "$leftover" --layer supply --step -1
    else
        bad "no temporary file found after the kill: $(ls -a "$work/killed")"
    fi
else
    wait "$bg_pid"
    bg_pid=""
    bad "the large run ended before it could be killed: $(cat "$work/killed.log")"
fi

# --- an existing output is refused without --force and kept intact ------------------------
expect 0 "a short run" "$bin" run "$baseline" "${short[@]}" -o "$work/a.h5"
sum_before="$(cksum <"$work/a.h5")"
expect 2 "existing output refused without --force" "$bin" run "$baseline" "${short[@]}" -o "$work/a.h5" --seed 99
contains "refusal names the file and suggests --force" "a.h5' exists; use --force"
if [ "$(cksum <"$work/a.h5")" = "$sum_before" ]; then ok "the existing file is untouched"; else bad "the existing file changed"; fi
if [ "$(tmp_count "$work")" -eq 0 ]; then ok "the refusal leaves no temporary file"; else bad "temporary files left: $(ls -a "$work")"; fi

# --- unwritable output paths: exit 1, no file ---------------------------------------------
expect 1 "output under /proc is an I/O failure" "$bin" run "$baseline" "${short[@]}" -o /proc/clustersim-safety.h5
contains "the message names the folder" "/proc"
absent "nothing written under /proc" /proc/clustersim-safety.h5
printf 'not a folder\n' >"$work/plain"
expect 1 "output below a regular file is an I/O failure" "$bin" run "$baseline" "${short[@]}" -o "$work/plain/x.h5"
absent "nothing written below the regular file" "$work/plain/x.h5"
expect 1 "rerun to an unwritable path" "$bin" rerun "$work/a.h5" --quiet -o /proc/clustersim-safety.h5
absent "rerun wrote nothing under /proc" /proc/clustersim-safety.h5
expect 1 "export to an unwritable path" "$bin" export "$work/a.h5" --layer supply --step -1 -o "$work/plain/x.graphml"
absent "export wrote nothing below the regular file" "$work/plain/x.graphml"
if [ "$(id -u)" -ne 0 ]; then
    mkdir -p "$work/ro" && chmod 555 "$work/ro"
    expect 1 "output in a read-only folder" "$bin" run "$baseline" "${short[@]}" -o "$work/ro/x.h5"
    absent "nothing in the read-only folder" "$work/ro/x.h5"
    chmod 755 "$work/ro"
fi
if [ "$(tmp_count "$work")" -eq 0 ]; then ok "failed writes leave no temporary file"; else bad "temporary files left: $(ls -a "$work")"; fi

# --- rerun reproduces bit for bit --------------------------------------------------------
expect 0 "rerun of the short run" "$bin" rerun "$work/a.h5" --threads 2 --quiet -o "$work/a-again.h5"
contains "rerun reports identical data" "reproduced bit for bit"
same_data "h5diff: rerun identical" "$work/a.h5" "$work/a-again.h5"

# --- hostile input files -----------------------------------------------------------------
size=$(wc -c <"$work/a.h5")
head -c $((size / 2)) "$work/a.h5" >"$work/truncated.h5"
head -c 4096 "$work/a.h5" >"$work/stub.h5"
: >"$work/empty.h5"
printf 'run:\n  steps: 12\n' >"$work/text.h5"
hostile=(truncated.h5 stub.h5 empty.h5 text.h5 missing.h5)
if /usr/bin/python3 -c 'import h5py' 2>/dev/null; then
    /usr/bin/python3 -c 'import sys, h5py; f = h5py.File(sys.argv[1], "w", libver=("v108", "v108")); f["x"] = [1, 2, 3]; f.close()' "$work/foreign.h5"
    hostile+=(foreign.h5)
fi
for name in "${hostile[@]}"; do
    for cmd in inspect rerun export; do
        args=()
        if [ "$cmd" = export ]; then args=(--layer collaboration --step -1); fi
        if [ "$cmd" = rerun ]; then args=(--quiet -o "$work/never.h5"); fi
        expect 2 "$cmd on $name" "$bin" "$cmd" "$work/$name" "${args[@]}"
        contains "$cmd on $name names the file" "$name"
    done
done
absent "no output from re-running hostile files" "$work/never.h5"
if ls "$work"/core* >/dev/null 2>&1; then bad "a core file was written"; else ok "no core file"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
