#!/usr/bin/env bash
# What can be known about `-o` before simulating is checked before simulating (issue 23,
# items 2 and 6): a device node or a FIFO is refused even with --force, with a message
# that does not suggest --force, and is left as it was; a dangling symbolic link is
# refused without --force at once (it used to fail "appeared while writing" after the
# whole run); another user's file in a sticky folder (/tmp) is refused at once when it
# cannot be replaced. "Before simulating" is shown by a CPU-time limit (ulimit -t 3) on a
# run that needs far more than that: refused in time, it exits 1 or 2; simulating, it
# would be killed by SIGXCPU.
# Usage: test_output_preflight.sh CLUSTERSIM SOURCE_DIR
. "$(dirname "$0")/lib.sh"
cli_setup "$@"
cd "$work" || exit 1
# About 10 s of CPU on the development machine: far above the 3 s limit.
long=(--set run.scale=100 --quiet --threads 1)

# limited CODE "description" command...: as `expect`, under a 3 s CPU-time limit.
limited() {
    local code="$1" what="$2"
    shift 2
    expect "$code" "$what (before simulating)" bash -c 'ulimit -t 3; exec "$@"' limited "$@"
}
no_tmp() {
    local n
    n="$(find "$1" -maxdepth 1 -name '.*.tmp-*' | wc -l)"
    if [ "$n" -eq 0 ]; then ok "$2: no temporary left"; else bad "$2: $n temporaries left"; fi
}

# --- a FIFO and a character device at -o (item 2) ---------------------------------------
mkfifo "$work/fifo.h5"
limited 2 "run -o FIFO --force is refused" "$bin" run "$baseline" "${long[@]}" -o "$work/fifo.h5" --force
contains "the message says it is a FIFO" "FIFO"
contains "the message says regular files only" "not a regular file"
lacks "the message does not suggest --force" "--force"
if [ -p "$work/fifo.h5" ]; then ok "the FIFO is still a FIFO"; else bad "the FIFO was replaced"; fi
no_tmp "$work" "FIFO"
"$bin" run "$baseline" --set run.steps=12 --quiet --threads 1 -o "$work/t.h5" >/dev/null 2>&1
expect 2 "export -o FIFO --force is refused" "$bin" export "$work/t.h5" --layer collaboration --step -1 --format csv -o "$work/fifo.h5" --force
contains "export names the FIFO" "fifo.h5"
if [ -p "$work/fifo.h5" ]; then ok "export left the FIFO a FIFO"; else bad "export replaced the FIFO"; fi
# A private copy of /dev/null (never the real one: a failure here would replace it).
if mknod "$work/null" c 1 3 2>/dev/null; then
    limited 2 "run -o DEVICE --force is refused" "$bin" run "$baseline" "${long[@]}" -o "$work/null" --force
    contains "the message says it is a character device" "character device"
    lacks "the message does not suggest --force (device)" "--force"
    if [ -c "$work/null" ]; then ok "the device node is still a device node"; else bad "the device node was replaced"; fi
    expect 2 "rerun -o DEVICE --force is refused" "$bin" rerun "$work/t.h5" -o "$work/null" --force --quiet
    if [ -c "$work/null" ]; then ok "rerun left the device node"; else bad "rerun replaced the device node"; fi
else
    echo "# mknod not permitted here: the device-node cases are skipped"
fi

# --- a dangling symbolic link (item 6) ----------------------------------------------------
ln -s "$work/nowhere/x.h5" "$work/dangling.h5"
limited 2 "run -o DANGLING-LINK is refused at once" "$bin" run "$baseline" "${long[@]}" -o "$work/dangling.h5"
contains "the message says it is a dangling link" "which does not exist"
if [ -L "$work/dangling.h5" ]; then ok "the link is untouched"; else bad "the link was changed"; fi
expect 0 "run -o DANGLING-LINK --force replaces the link" "$bin" run "$baseline" --set run.steps=3 --quiet --threads 1 -o "$work/dangling.h5" --force
if [ -f "$work/dangling.h5" ] && [ ! -L "$work/dangling.h5" ]; then ok "the link became the file"; else bad "the link is still a link"; fi
ln -s "$work/t.h5" "$work/link.h5"
limited 2 "run -o LINK-TO-FILE without --force is refused at once" "$bin" run "$baseline" "${long[@]}" -o "$work/link.h5"
contains "the message says --force replaces the link, not its target" "not its target"

# --- another user's file in a sticky folder (item 6) --------------------------------------
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
    chmod 755 "$work"
    mkdir "$work/sticky"
    chmod 1777 "$work/sticky"
    echo "root's" >"$work/sticky/theirs.h5"
    as_nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    if "${as_nobody[@]}" test -x "$bin" && "${as_nobody[@]}" test -r "$baseline"; then
        limited 1 "run --force onto another user's file in a sticky folder is refused at once" \
            "${as_nobody[@]}" "$bin" run "$baseline" "${long[@]}" -o "$work/sticky/theirs.h5" --force
        contains "the message says it cannot be replaced" "cannot be replaced"
        contains "the message names the sticky bit" "sticky"
        if [ "$(cat "$work/sticky/theirs.h5")" = "root's" ]; then ok "their file is untouched"; else bad "their file changed"; fi
        no_tmp "$work/sticky" "sticky folder"
        expect 0 "a new name in the sticky folder is fine" "${as_nobody[@]}" "$bin" run "$baseline" --set run.steps=3 --quiet --threads 1 -o "$work/sticky/mine.h5"
        expect 0 "replacing one's own file there is fine" "${as_nobody[@]}" "$bin" run "$baseline" --set run.steps=3 --quiet --threads 1 -o "$work/sticky/mine.h5" --force
    else
        echo "# the binary or the scenarios are not readable by uid 65534: the sticky-folder cases are skipped"
    fi
else
    echo "# not root, or no setpriv: the sticky-folder cases (another user's file) are skipped"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
