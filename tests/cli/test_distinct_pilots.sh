#!/usr/bin/env bash
# scenarios/distinct-pilots.yaml: the case's two mold-related pilots as two fields. Its
# 2007 reorganisation must merge related industries as the agency files them
# (policy.mc_industry): the mold_die and precision_assembly offices open in 2005, one
# of them is merged into the other, and no office of another industry merges with
# either. The baseline's twin mold offices merge with each other instead. Read from
# each run's own table of programme bodies (docs/OUTPUT.md, "Programme bodies").
# Usage: test_distinct_pilots.sh CLUSTERSIM SOURCE_DIR
. "$(dirname "$0")/lib.sh"
cli_setup "$@"
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=passive
need_python h5py numpy

# January 2003 to December 2008: the reorganisation of 2006-2007 and a year after it.
expect 0 "the scenario is valid" "$bin" check "$src/scenarios/distinct-pilots.yaml"
expect 0 "distinct pilots to 2008" "$bin" run "$src/scenarios/distinct-pilots.yaml" \
    --set run.steps=72 --quiet -o "$work/distinct.h5"
expect 0 "baseline to 2008" "$bin" run "$baseline" --set run.steps=72 --quiet -o "$work/twins.h5"

mold_offices() {
    "$py" - "$1" <<'PY'
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], "r") as f:
    b = {c: f["/programme/bodies"][c][()] for c in ("kind", "id", "field", "founded_time",
                                                    "ended_time", "merged_into")}
    kinds = [s.decode() for s in f["/programme/bodies/kind"].attrs["names"]]
    fields = [s.decode() for s in f["/programme/bodies/field"].attrs["names"]]
    industry = f["/parameters/resolved"].attrs["policy.mc_industry"]
mc = [j for j in range(len(b["id"])) if kinds[b["kind"][j]] == "mc"]
field = {int(b["id"][j]): fields[b["field"][j]] for j in mc}
print("offices", len(mc))
for j in mc:
    i = int(b["id"][j])
    if fields[b["field"][j]] not in ("mold_die", "precision_assembly"):
        continue
    into = int(b["merged_into"][j])
    print(f"office {i} {field[i]} opened {b['founded_time'][j]:.0f}",
          f"merged into {field[into]}" if into >= 0 else "not merged",
          f"ended {b['ended_time'][j]:.2f}" if not np.isnan(b["ended_time"][j]) else "alive")
# Offices of other fields merged into a mold-related one: the reorganisation crossed
# industries.
for j in mc:
    into = int(b["merged_into"][j])
    if into >= 0 and field[into] in ("mold_die", "precision_assembly") \
            and field[int(b["id"][j])] not in ("mold_die", "precision_assembly"):
        print(f"crossed: {field[int(b['id'][j])]} into {field[into]}")
PY
}

expect 0 "read the distinct pilots' offices" mold_offices "$work/distinct.h5"
contains "ten pilots" "offices 10"
contains "mold & industrial design opens in 2005" "mold_die opened 2005"
contains "materials & parts assembly opens in 2005" "precision_assembly opened 2005"
if printf '%s' "$out" | grep -qE "(mold_die|precision_assembly) opened 2005 merged into (mold_die|precision_assembly) ended 200[67]"; then
    ok "one mold-related pilot merges into the other in 2006-2007"
else
    bad "no merge of the two mold-related pilots in 2006-2007: $out"
fi
lacks "no other industry merges into them" "crossed:"
lacks "the mold-related office merged into stays alive" "not merged ended"

expect 0 "read the baseline's offices" mold_offices "$work/twins.h5"
contains "the baseline has ten pilots too" "offices 10"
lacks "no precision_assembly office in the baseline" "precision_assembly opened"
if printf '%s' "$out" | grep -qE "mold_die opened 2005 merged into mold_die ended 200[67]"; then
    ok "the baseline's twin mold offices merge with each other"
else
    bad "the baseline's twin mold offices do not merge: $out"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
