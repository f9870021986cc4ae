#!/usr/bin/env bash
# `rerun` checks that the parameter record is complete before running (issue 23, item 10):
# a trajectory edited to record no parameters, some of them, or one twice is refused at
# once (exit 2, naming the missing or repeated parameters), instead of running today's
# defaults in their place and failing only at the end. "At once" is shown by a CPU-time
# limit far below the recorded run's time. The intact file still reruns bit for bit.
# Usage: test_rerun_record.sh CLUSTERSIM SOURCE_DIR   (exit 77: skipped)
. "$(dirname "$0")/lib.sh"
cli_setup "$@"
need_python h5py numpy
cd "$work" || exit 1

# The recorded run: run.scale 100 needs about 10 s of CPU, far above the 3 s limit below.
expect 0 "a run at scale 100 for 1 month" "$bin" run "$baseline" --set run.scale=100 --set run.steps=1 --quiet --threads 1 -o "$work/t.h5"

# edit NAME MODE: a copy of t.h5 whose resolved_yaml is emptied, cut or doubled.
edit() {
    cp "$work/t.h5" "$work/$1.h5"
    "$py" - "$work/$1.h5" "$2" <<'PY'
import sys, h5py, numpy as np
path, mode = sys.argv[1:3]
with h5py.File(path, "r+") as f:
    lines = f["/parameters/resolved_yaml"].asstr()[()].splitlines()
    if mode == "empty":
        lines = [""]
    elif mode == "partial":
        lines = [l for l in lines if not l.startswith(("learning.", "ties."))]
    elif mode == "scale-only":
        lines = [l for l in lines if l.startswith("run.scale:")]
    elif mode == "twice":
        lines = lines + [l for l in lines if l.startswith("learning.rate:")]
    text = "\n".join(lines) + "\n"
    del f["/parameters/resolved_yaml"]
    f["/parameters/resolved_yaml"] = np.bytes_(text.encode())   # fixed-length, as clustersim writes
PY
}
quick() {  # as expect, under a 3 s CPU-time limit
    local code="$1" what="$2"
    shift 2
    expect "$code" "$what (at once)" bash -c 'ulimit -t 3; exec "$@"' quick "$@"
}

edit empty empty
quick 2 "rerun of an empty record is refused" "$bin" rerun "$work/empty.h5" --quiet --threads 1 -o "$work/empty.rerun.h5"
contains "it names the record" "/parameters/resolved_yaml records 0 of the"
contains "it says defaults are not filled in" "does not fill in"
if [ ! -e "$work/empty.rerun.h5" ]; then ok "nothing written for the empty record"; else bad "the empty record wrote a file"; fi

edit partial partial
quick 2 "rerun of a partial record is refused" "$bin" rerun "$work/partial.h5" --quiet --threads 1 -o "$work/partial.rerun.h5"
contains "it names a missing parameter" "learning."
contains "it counts the missing ones" "more"

edit scale scale-only
quick 2 "rerun of a record of run.scale alone is refused" "$bin" rerun "$work/scale.h5" --quiet --threads 1 -o "$work/scale.rerun.h5"
contains "it says what is missing" "missing: "

edit twice twice
quick 2 "rerun of a record naming a parameter twice is refused" "$bin" rerun "$work/twice.h5" --quiet --threads 1 -o "$work/twice.rerun.h5"
contains "it names the repeated parameter" "'learning.rate' 2 times"

# The intact short file reruns bit for bit (the check does not refuse a complete record).
expect 0 "a short run" "$bin" run "$baseline" --set run.steps=3 --quiet --threads 1 -o "$work/s.h5"
expect 0 "rerun of the intact file" "$bin" rerun "$work/s.h5" --quiet --threads 1
contains "bit for bit" "reproduced bit for bit"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
