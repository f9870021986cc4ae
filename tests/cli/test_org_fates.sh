#!/usr/bin/env bash
# tools/org_fates.py against the model's own counts: it runs replicates 0 and 1 of the
# baseline to December 2012 and counts clubs from the event log; the model counts every
# body it founds in the observable org_founded_total (cooperatives included), so per run
# clubs + sites = org_founded_total at the end, and the members of 2010 are the
# observable org_members_total of December 2010. The runs are kept in --out and reused:
# a second call with the same folder runs nothing and prints the same table.
# Usage: test_org_fates.sh CLUSTERSIM SOURCE_DIR
. "$(dirname "$0")/lib.sh"
cli_setup "$@"
export OMP_WAIT_POLICY=passive
tool="$src/tools/org_fates.py"
need_python h5py numpy

runs="$work/fates"
expect 0 "org_fates, 2 replicates to 2012" \
    "$py" "$tool" --replicates 2 --end-year 2012 --jobs 2 --out "$runs" --bin "$bin" "$baseline"
table="$out"
contains "it says what it ran" "2 replicates per scenario, to December 2012"
row="$(printf '%s\n' "$table" | grep '^| gumi-baseline |')"
if [ -f "$runs/gumi-baseline_0.h5" ] && [ -f "$runs/gumi-baseline_1.h5" ]; then
    ok "the runs are kept in --out"
else
    bad "runs missing from $runs: $(ls "$runs")"
fi

# The same figures from the model's observables (step 119 = December 2012, 95 = 2010).
read -r want_clubs want_sites want_members < <("$py" - "$runs" <<'PY'
import sys, h5py
clubs = sites = members = 0.0
for r in (0, 1):
    with h5py.File(f"{sys.argv[1]}/gumi-baseline_{r}.h5", "r") as f:
        names = [n.decode() for n in f["events/kind"].attrs["names"]]
        kind = f["events/kind"][:]
        built = int((kind == names.index("site_built")).sum())
        total = int(f["observables/org_founded_total/value"][119])
        clubs += total - built      # every body founded, less the cooperatives
        sites += built
        members += f["observables/org_members_total/value"][95]
print(f"{clubs / 2:.2f} {sites / 2:.2f} {members / 2:.0f}")
PY
)
cells="$(printf '%s\n' "$row" | awk -F'|' '{gsub(/ /, "", $3); gsub(/ /, "", $7); split($11, m, " "); print $3, $7, m[1]}')"
read -r got_clubs got_sites got_members <<<"$cells"
if [ "$got_clubs" = "$want_clubs" ] && [ "$got_sites" = "$want_sites" ]; then
    ok "clubs $got_clubs and sites $got_sites per run add up to org_founded_total"
else
    bad "clubs/sites '$got_clubs'/'$got_sites', from the observables $want_clubs/$want_sites: $row"
fi
if [ "$got_members" = "$want_members" ]; then
    ok "members 2010 $got_members = org_members_total of December 2010"
else
    bad "members 2010 '$got_members', observable $want_members: $row"
fi

# Reuse: the folder's runs are read again, nothing is run (a binary that cannot run).
expect 0 "a second call reuses the runs" \
    "$py" "$tool" --replicates 2 --end-year 2012 --out "$runs" --bin /nonexistent "$baseline"
if [ "$out" = "$table" ]; then ok "the same table"; else bad "the table changed: $out"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
