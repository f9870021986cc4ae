#!/usr/bin/env bash
# tools/december_table.py on two short runs: a cell is the mean of the two trajectories'
# December values (read here from the observables directly) with numpy's 5% and 95%
# quantiles of the two, a vector observable takes a named component, and the refusals
# name the file: a year the runs do not reach, an unknown component (exit 1), a malformed
# observable name (exit 2).
# Usage: test_december_table.sh CLUSTERSIM SOURCE_DIR
. "$(dirname "$0")/lib.sh"
cli_setup "$@"
export OMP_WAIT_POLICY=passive
need_python h5py numpy
tool="$src/tools/december_table.py"

for r in 0 1; do
    expect 0 "replicate $r to December 2006" \
        "$bin" run "$baseline" --replicate "$r" --set run.steps=48 -o "$work/r$r.h5" --quiet
done
expect 0 "december_table over both" "$py" "$tool" --years 2005,2006 \
    --observables mc_members_total,'sector_firm_share[machinery]' "$work/r0.h5" "$work/r1.h5"
contains "it says over how many" "December values over 2 trajectories"
want="$("$py" - "$work/r0.h5" "$work/r1.h5" <<'PY'
import sys, h5py, numpy as np
rows = []
for name, j in (("mc_members_total", None), ("sector_firm_share", "machinery")):
    cells = []
    for step in (35, 47):  # December 2005 and 2006
        x = []
        for p in sys.argv[1:]:
            with h5py.File(p, "r") as f:
                g = f[f"observables/{name}"]
                v = g["value"][step]
                if j is not None:
                    v = v[[n.decode() for n in g["names"][:]].index(j)]
                x.append(float(v))
        x = np.array(x)
        lo, hi = np.quantile(x, [0.05, 0.95])
        cells.append((x.mean(), lo, hi))
    rows.append(cells)
(m, lo, hi), _ = rows[0]
print(f"{m:.0f} ({lo:.0f}-{hi:.0f})")
_, (m, lo, hi) = rows[1]
print(f"{m:.3g} ({lo:.3g}-{hi:.3g})")
PY
)"
members_2005="$(printf '%s\n' "$want" | sed -n 1p)"
machinery_2006="$(printf '%s\n' "$want" | sed -n 2p)"
contains "MC members 2005: mean and quantiles of the two runs" "| mc_members_total | $members_2005 |"
contains "a vector's component, 2006" "$machinery_2006 |"

expect 1 "a year the runs do not reach" "$py" "$tool" --years 2010 --observables firms_alive "$work/r0.h5"
contains "the file and the December are named" "$work/r0.h5: no December 2010"
expect 1 "an unknown component" "$py" "$tool" --years 2005 --observables 'sector_firm_share[cars]' "$work/r0.h5"
contains "the components are listed" "has no component 'cars' (it has food,"
expect 2 "a malformed observable name" "$py" "$tool" --years 2005 --observables 'Firms-Alive' "$work/r0.h5"
contains "the name is quoted" "'Firms-Alive' is not an observable name"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
