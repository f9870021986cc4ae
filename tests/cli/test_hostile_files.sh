#!/usr/bin/env bash
# Hostile trajectory and ensemble files (issue 8): truncated at 12 sizes, corrupted by
# random byte writes (24 copies, 8 bytes each, seeded), foreign HDF5 files, non-files
# (a folder, a FIFO, /dev/zero, a symlink loop) given to every command that reads them
# -- inspect, rerun, export, and network, draw, compare, plot and sobol where built -- must
# end with a clear message naming the file and exit 0, 1 or 2: never a signal (exit >=
# 128), never a hang (60 s each), never a core file. Truncated, empty and foreign files
# must exit 2. A corrupted file may still read (a flipped byte in a value is a valid
# value; rerun then finds the data differ and exits 1).
# The corruption is seeded: 1 by default, so that the suite is deterministic;
# CSIM_HOSTILE_SEED=N explores others. Some seeds crash inside HDF5 1.10.8 itself (e.g.
# N=3, copy 2: H5HG_read trusts a damaged global-heap index); docs/RELIABILITY.md lists
# them, as they cannot be fixed in this code base.
# Usage: test_hostile_files.sh CLUSTERSIM SOURCE_DIR
. "$(dirname "$0")/lib.sh"
cli_setup "$@"
cd "$work" || exit 1 # a core dump would land here
ok() { pass=$((pass + 1)); } # hundreds of checks: only the failures are printed
seed="${CSIM_HOSTILE_SEED:-1}"
RANDOM=$seed
echo "# corruption seed $seed (CSIM_HOSTILE_SEED=$seed repeats it)"
commands="$("$bin" --help 2>&1)"
has() { printf '%s' "$commands" | grep -qE "^  $1 "; }

# try ALLOWED "what" FILE cmd args...: exit in ALLOWED (a list like "0 1 2"), no signal,
# no hang, and a failure names FILE.
try() {
    local allowed="$1" what="$2" file="$3"
    shift 3
    timeout 60 "$@" >"$work/out" 2>&1 </dev/null
    local rc=$?
    if [ "$rc" -eq 124 ]; then
        bad "$what: hung (killed after 60 s)"
    elif [ "$rc" -ge 128 ]; then
        bad "$what: killed by signal $((rc - 128)): $(tail -3 "$work/out")"
    elif ! printf ' %s ' "$allowed" | grep -q " $rc "; then
        bad "$what: exit $rc, wanted one of $allowed: $(tail -2 "$work/out")"
    elif [ "$rc" -ne 0 ] && ! grep -qF -- "$(basename "$file")" "$work/out"; then
        bad "$what: exit $rc without naming $(basename "$file"): $(tail -2 "$work/out")"
    else
        ok
    fi
    return 0
}

# Every reading command on FILE; ALLOWED exit codes.
all_tools() {
    local allowed="$1" label="$2" file="$3"
    try "$allowed" "inspect $label" "$file" "$bin" inspect "$file"
    try "$allowed" "export $label" "$file" "$bin" export "$file" --layer collaboration --step -1
    try "$allowed" "export csv $label" "$file" "$bin" export "$file" --layer supply --step 11 --format csv
    try "$allowed" "rerun $label" "$file" "$bin" rerun "$file" --quiet --threads 1 -o "$work/rerun-out.h5" --force
    if has network; then
        try "$allowed" "network $label" "$file" "$bin" network "$file" --step 11
    fi
    if has draw && command -v gnuplot >/dev/null 2>&1; then
        try "$allowed" "draw $label" "$file" "$bin" draw "$file" --years 2002,2003 \
            -o "$work/draw-out.svg" --force
    fi
}

# --- a reference trajectory ---------------------------------------------------------------
ref="$work/ref.h5"
"$bin" run "$baseline" --quiet --threads 1 -o "$ref" \
    --set run.steps=12 --set run.scale=0.2 --set run.snapshot_interval=6 >/dev/null 2>&1 ||
    { echo "not ok - the reference run failed"; exit 1; }
size=$(wc -c <"$ref")
all_tools "0" "the intact reference" "$ref"
if [ "$fail" -ne 0 ]; then echo "0 passed, $fail failed (the reference itself fails)"; exit 1; fi

# --- truncated: always exit 2 -------------------------------------------------------------
n_trunc=0
for cut in 0 1 7 8 512 2048 4096 $((size / 8)) $((size / 4)) $((size / 2)) $((size * 3 / 4)) $((size - 1)); do
    head -c "$cut" "$ref" >"$work/trunc-$cut.h5"
    all_tools "2" "truncated to $cut of $size bytes" "$work/trunc-$cut.h5"
    n_trunc=$((n_trunc + 1))
done
echo "ok - $n_trunc truncations, 4-5 commands each"

# --- random byte writes: any clear outcome, never a crash ---------------------------------
n_corrupt=24
for k in $(seq 1 $n_corrupt); do
    f="$work/corrupt-$k.h5"
    cp "$ref" "$f"
    for _ in 1 2 3 4 5 6 7 8; do
        off=$(( (RANDOM * 32768 + RANDOM) % size ))
        printf "\\x$(printf %02x $((RANDOM % 256)))" | dd of="$f" bs=1 seek="$off" conv=notrunc status=none
    done
    all_tools "0 1 2" "corrupted copy $k (seed $seed)" "$f"
done
echo "ok - $n_corrupt corrupted copies (8 random bytes each), 4-5 commands each"

# --- foreign and impostor files: exit 2 ---------------------------------------------------
: >"$work/empty.h5"
printf 'run:\n  steps: 12\n' >"$work/text.h5"
head -c 4096 /dev/urandom >"$work/random.h5"
foreign=(empty.h5 text.h5 random.h5)
if /usr/bin/python3 -c 'import h5py' 2>/dev/null; then
    /usr/bin/python3 - "$work" <<'PY'
import sys, h5py, numpy as np
d = sys.argv[1]
v18 = ("v108", "v108")   # the format clustersim writes, so that the checks below are reached
with h5py.File(d + "/foreign.h5", "w", libver=v18) as f:   # someone else's HDF5 file
    f["x"] = np.arange(10)
    f.create_group("observables")["firms_alive"] = [1.0, 2.0]
with h5py.File(d + "/oldest-format.h5", "w") as f:         # h5py's default: HDF5 1.6 format
    f.create_group("h5md/creator").attrs["name"] = np.bytes_(b"clustersim")
    f.create_group("parameters")
with h5py.File(d + "/impostor.h5", "w", libver=v18) as f:  # says clustersim, holds nothing
    f.create_group("h5md/creator").attrs["name"] = np.bytes_(b"clustersim")
    f.create_group("parameters")
with h5py.File(d + "/vlen-impostor.h5", "w", libver=v18) as f:   # variable-length strings
    f.create_group("h5md/creator").attrs["name"] = "clustersim"
    f.create_group("parameters")
with h5py.File(d + "/wrong-types.h5", "w", libver=v18) as f:     # our layout, wrong kinds of data
    f.create_group("h5md/creator").attrs["name"] = np.bytes_(b"clustersim")
    p = f.create_group("parameters")
    p["resolved_yaml"] = np.arange(3)                     # numbers, not text
    p.attrs["replicate"] = np.bytes_(b"zero")             # text, not a number
    f["observables/firms_alive/value"] = np.array(["a", "b"], dtype="S1")
    f["observables/firms_alive/step"] = np.arange(2)
    f["observables/firms_alive/time"] = np.arange(2.0)
    s = f.create_group("particles/firms/id")
    s["step"] = np.array([0, 5, 2])                        # out of order
    s["time"] = np.arange(3.0)
    s["value"] = np.array([[0, 10**12], [5, -3], [1, 1]])  # ids past the columns
    f["particles/firms/sector/value"] = np.zeros((2, 4), dtype=np.int64)   # wrong shape
    c = f.create_group("connectivity/supply/snapshot")
    c["step"] = np.array([0, 5, 2])
    c["time"] = np.arange(3.0)
    c["value"] = np.array([[0, 10**12], [5, -3], [1, 1]])  # offsets past the columns
PY
    foreign+=(foreign.h5 oldest-format.h5 vlen-impostor.h5)
fi
for name in "${foreign[@]}"; do
    all_tools "2" "foreign file $name" "$work/$name"
done
# Impostors pass the "is it ours" check (/h5md/creator says clustersim): inspect may
# describe what little they hold (exit 0); everything else must refuse them.
n_impostors=0
for name in impostor.h5 wrong-types.h5; do
    [ -e "$work/$name" ] || continue
    f="$work/$name"
    try "0 2" "inspect impostor $name" "$f" "$bin" inspect "$f"
    try "2" "export impostor $name" "$f" "$bin" export "$f" --layer collaboration --step -1
    try "2" "rerun impostor $name" "$f" "$bin" rerun "$f" --quiet -o "$work/rerun-out.h5" --force
    if has network; then try "2" "network impostor $name" "$f" "$bin" network "$f" --step 0; fi
    if has draw; then try "2" "draw impostor $name" "$f" "$bin" draw "$f" --year 2002 -o "$work/draw-out.svg" --force; fi
    n_impostors=$((n_impostors + 1))
done
echo "ok - ${#foreign[@]} foreign files and $n_impostors impostors"

# --- not files: a folder, a FIFO (must not block), /dev/zero, a symlink loop, missing -----
mkdir -p "$work/folder.h5"
mkfifo "$work/fifo.h5"
ln -s "$work/loop-b.h5" "$work/loop-a.h5"
ln -s "$work/loop-a.h5" "$work/loop-b.h5"
for f in "$work/folder.h5" "$work/fifo.h5" /dev/zero "$work/loop-a.h5" "$work/missing.h5"; do
    all_tools "2" "not a regular file: $f" "$f"
done
echo "ok - 5 things that are not trajectory files"

# --- ensembles with damaged files, for the commands that read a folder ---------------------
folder_cmds=()
for c in compare plot sobol; do
    if has "$c"; then folder_cmds+=("$c"); else echo "# pending: '$c' is not built yet"; fi
done
if [ ${#folder_cmds[@]} -gt 0 ]; then
    ens="$work/ens"
    "$bin" ensemble "$baseline" "$src/scenarios/no-policy.yaml" --replicates 2 \
        -o "$ens" --set run.steps=24 --set run.scale=0.2 --quiet >/dev/null 2>&1 ||
        bad "the reference ensemble failed"
    variants=(intact truncated-task corrupt-task foreign-index truncated-index no-index text-task)
    for v in "${variants[@]}"; do
        d="$work/ens-$v"
        cp -r "$ens" "$d"
        case "$v" in
        truncated-task) head -c 3000 "$ens/no-policy/r1.h5" >"$d/no-policy/r1.h5" ;;
        corrupt-task) printf 'XXXXXXXXXXXXXXXX' | dd of="$d/no-policy/r1.h5" bs=1 seek=2000 conv=notrunc status=none ;;
        foreign-index) cp "$ref" "$d/index.h5" ;;
        truncated-index) head -c 5000 "$ens/index.h5" >"$d/index.h5" ;;
        no-index) rm -f "$d/index.h5" ;;
        text-task) printf 'not hdf5\n' >"$d/gumi-baseline/r0.h5" ;;
        esac
        for c in "${folder_cmds[@]}"; do
            args=()
            if [ "$c" = plot ]; then args=(-o "$work/plot-$v"); fi
            if [ "$v" = intact ] || [ "$v" = corrupt-task ]; then
                # sobol needs a Saltelli sweep: an ensemble is refused, cleanly. Overwritten
                # bytes may fall where nothing is read (like the corrupted copies above).
                try "0 1 2" "$c on an ensemble with $v" "$d" "$bin" "$c" "$d" "${args[@]}"
            else
                try "1 2" "$c on an ensemble with $v" "$d" "$bin" "$c" "$d" "${args[@]}"
            fi
        done
    done
    echo "ok - ${#variants[@]} ensemble folders (damaged task files or index) for: ${folder_cmds[*]}"
fi

if ls "$work"/core* >/dev/null 2>&1; then bad "a core file was written"; fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
