#!/usr/bin/env bash
# tools/dose_response.py on two levers with 2 replicates, checked by properties the model
# guarantees rather than by figures:
#   - the fee starts in 2012 (policy.fee_year), and replicate r uses the same streams at
#     every lever value, so every outcome of 2010 is the same at fee share 0 and 0.2;
#   - a fee of the whole subsidy leaves fewer MC members in 2015 than no fee;
#   - the budget lever multiplies the scenario's own series (read from `clustersim
#     check`), so factor 1 is the baseline itself: its yearly means equal those of a plain
#     run of the same replicate;
#   - an unknown lever is refused by name.
# Usage: test_dose_response.sh CLUSTERSIM SOURCE_DIR
. "$(dirname "$0")/lib.sh"
cli_setup "$@"
export OMP_WAIT_POLICY=passive
need_python h5py numpy
tool="$src/tools/dose_response.py"
runs="$work/dose"

expect 0 "dose_response, fee share and budget, 2 replicates" \
    "$py" "$tool" --replicates 2 --levers fee_share,budget --jobs 2 --out "$runs" \
    --bin "$bin" --scenario "$baseline"
contains "the fee table of 2015" "fee_share: yearly mean 2015, mean of 2 replicates"
contains "the budget table of 2010" "budget: yearly mean 2010, mean of 2 replicates"

expect 0 "a plain baseline run, replicate 0" \
    "$bin" run "$baseline" --replicate 0 --set run.snapshot_interval=0 -o "$work/plain.h5" --quiet
if "$py" - "$runs/dose.json" "$work/plain.h5" <<'PY'
import json, sys
import h5py, numpy as np
d = json.load(open(sys.argv[1]))
fee, budget = d["fee_share"], d["budget"]
problems = []
for r in (0, 1):
    if fee["0"][r]["2010"] != fee["0.2"][r]["2010"]:
        problems.append(f"replicate {r}: 2010 differs between fee share 0 and 0.2")
if not np.mean([x["2015"]["mc_members_total"] for x in fee["1.0"]]) < \
       np.mean([x["2015"]["mc_members_total"] for x in fee["0"]]):
    problems.append("fee share 1 does not lower MC members in 2015")
with h5py.File(sys.argv[2], "r") as f:
    obs = f["observables"]
    time = obs["firms_alive"]["time"][:]
    for y in ("2010", "2015"):
        rows = np.where((time >= int(y)) & (time < int(y) + 1))[0]
        for k, v in budget["1.0"][0][y].items():
            plain = float(np.mean(obs[k]["value"][rows]))
            if plain != v:
                problems.append(f"budget x 1, {y} {k}: {v} against the plain run's {plain}")
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
PY
then
    ok "fee paired in 2010, fee 1 lowers members in 2015, budget x 1 is the baseline"
else
    bad "dose_response's runs break a property (above)"
fi

expect 1 "an unknown lever" "$py" "$tool" --levers fee_shares --out "$work/none" --bin "$bin"
contains "the lever is named, with the known ones" "unknown lever 'fee_shares' (known: fee_share,"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
