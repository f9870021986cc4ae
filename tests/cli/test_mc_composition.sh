#!/usr/bin/env bash
# tools/mc_composition.py against the model's own counts: on a run to December 2005 (the
# pilots' first year), the firm members it finds in the snapshot, plus the institutions in
# an MC, must equal the observable mc_members_total of that month, and the tenant firms it
# reports must equal firms_alive (two counts the model makes in model/observables.c, not
# from the snapshot). The group shares are shares (own field in [0, 1]). Then the refusals:
# a December without a snapshot and a file that is not HDF5 (exit 1, the file named), and
# a bad argument (exit 2).
# Usage: test_mc_composition.sh CLUSTERSIM SOURCE_DIR
. "$(dirname "$0")/lib.sh"
cli_setup "$@"
export OMP_WAIT_POLICY=passive
tool="$src/tools/mc_composition.py"
need_python h5py numpy

traj="$work/c.h5"
expect 0 "a run to December 2005" "$bin" run "$baseline" --set run.steps=36 -o "$traj" --quiet
expect 0 "mc_composition --year 2005" "$py" "$tool" --year 2005 "$traj"
report="$out"
contains "it names the December" "MC firm members in December 2005, 1 trajectories"

# The model's own counts of December 2005 (step 35), and the institutions in an MC.
read -r obs_members obs_alive inst_members < <("$py" - "$traj" <<'PY'
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
step = 35
members = f["observables/mc_members_total/value"][step]
alive = f["observables/firms_alive/value"][step]
inst = f["particles/institutions"]
s = int(np.argmin(abs(inst["mc/time"][:] - (2005 + 11 / 12))))
in_mc = int(((inst["mc/value"][s] >= 0) & (inst["id/value"][s] >= 0)).sum())
print(int(members), int(alive), in_mc)
PY
)
line="$(printf '%s\n' "$report" | grep '^all MCs:')"
firm_members="$(printf '%s\n' "$line" | sed -n 's/^all MCs: \([0-9.]*\) firm members of .*/\1/p')"
tenants="$(printf '%s\n' "$line" | sed -n 's/.* firm members of \([0-9.]*\) tenant firms alive.*/\1/p')"
if [ -n "$firm_members" ] && [ "${firm_members%.0}" -gt 0 ] &&
    [ "$((${firm_members%.0} + inst_members))" -eq "$obs_members" ]; then
    ok "firm members $firm_members + institutions $inst_members = mc_members_total $obs_members"
else
    bad "firm members '$firm_members' + institutions $inst_members != mc_members_total $obs_members: $line"
fi
if [ "${tenants%.0}" = "$obs_alive" ]; then
    ok "tenant firms $tenants = firms_alive"
else
    bad "tenant firms '$tenants' != firms_alive $obs_alive: $line"
fi
# Every group's own-field share is a share, and the groups' members add up to the total.
if printf '%s\n' "$report" | "$py" -c '
import sys
rows = [l.split() for l in sys.stdin if l[:1].isalpha() and not l.startswith(("MC ", "all "))]
total = sum(float(r[1]) for r in rows)
shares_ok = all(0.0 <= float(r[2]) <= 1.0 for r in rows)
sys.exit(0 if rows and shares_ok and abs(total - float(sys.argv[1])) < 0.5 else 1)
' "$firm_members"; then
    ok "group rows: shares in [0, 1], members add up to $firm_members"
else
    bad "group rows do not add up or hold a share outside [0, 1]: $report"
fi

expect 1 "a December without a snapshot" "$py" "$tool" --year 2010 "$traj"
contains "the file and the year are named" "$traj: no firm snapshot of December 2010"
printf 'not a trajectory\n' >"$work/text.h5"
expect 1 "a file that is not HDF5" "$py" "$tool" "$work/text.h5"
contains "the file is named" "$work/text.h5: cannot open as HDF5"
expect 2 "--top 0" "$py" "$tool" --top 0 "$traj"
contains "the argument is named" "--top must be at least 1"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
