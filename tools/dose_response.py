#!/usr/bin/python3
"""Dose-response of the programme's policy levers, with paired replicates.

For each lever and value, runs replicates 0..R-1 of a scenario (common random numbers:
replicate r uses the same streams at every value, so differences are the lever's) and
prints, for 2010 and 2015, the yearly mean of each outcome (mean over replicates) with
the 95% t half-interval of its paired difference from the lever's first value.

  /usr/bin/python3 tools/dose_response.py [--replicates R] [--levers a,b] [--out DIR]
      [--bin build/clustersim] [--scenario scenarios/gumi-baseline.yaml]

Levers: fee_share (policy.fee_share), budget (every value of the scenario's policy.budget
series x factor), wg_share (policy.split wg_grants, the other shares scaled to fill the rest),
broker_share (policy.split brokers, taken from events); the organisations' thresholds
org_need, org_min_founders, org_fee, org_site_stake (org.*). Runs are kept in DIR and
reused as they are, whatever binary made them: after changing the model, use a new DIR.
Writes DIR/dose.json. Needs h5py and numpy (Debian: python3-h5py, python3-numpy).
"""
import argparse
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import h5py
import numpy as np

T_975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 9: 2.262,
         11: 2.201, 15: 2.131}


def split(events, brokers, wg, projects):
    return f"policy.split={{events: {events:.4f}, brokers: {brokers:.4f}, wg_grants: {wg:.4f}, project_grants: {projects:.4f}}}"


LEVERS = {
    "fee_share": [(v, [f"policy.fee_share={v}"]) for v in (0, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0)],
    # Filled in main() from the scenario's own series (scaled_budget): every value x v.
    "budget": [(v, None) for v in (0.25, 0.5, 0.75, 1.0, 1.5, 2.0)],
    "wg_share": [(v, [split(0.3 * (1 - v) / 0.8, 0.2 * (1 - v) / 0.8, v, 0.3 * (1 - v) / 0.8)])
                 for v in (0.05, 0.1, 0.2, 0.3, 0.4)],
    "broker_share": [(v, [split(0.5 - v, v, 0.2, 0.3)]) for v in (0.05, 0.1, 0.2, 0.3, 0.4, 0.45)],
    # The firm-led organisations' thresholds (docs/ODD.md 7.8): founding, dues, the site.
    "org_need": [(v, [f"org.need={v}"]) for v in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6)],
    "org_min_founders": [(v, [f"org.min_founders={v}"]) for v in (4, 6, 8, 10, 12)],
    "org_fee": [(v, [f"org.fee={v}"]) for v in (0.01, 0.02, 0.03, 0.05, 0.08, 0.12)],
    "org_site_stake": [(v, [f"org.site_stake={v}"]) for v in (100, 200, 300, 450, 600)],
}
OUTCOMES = ["mc_members_total", "wg_active", "wg_participants", "org_founded_total",
            "knowledge_mean_sme", "ties_sme_sme_share", "hub_dependence", "broker_introductions",
            "org_members_total", "org_associations", "org_site_lots", "org_dissolved_total"]
YEARS = (2010, 2015)


def scenario_budget(args):
    """The scenario's resolved policy.budget as [(year, value)], read from `clustersim
    check` (extends and defaults applied), so that the lever scales the series the
    scenario runs rather than a copy of it written here."""
    text = subprocess.run([args.bin, "check", args.scenario], check=True,
                          capture_output=True, text=True).stdout
    match = re.search(r"^policy\.budget: \{([^}]*)\}", text, re.MULTILINE)
    if not match:
        sys.exit(f"dose_response: no policy.budget in 'clustersim check {args.scenario}'")
    pairs = [item.split(":") for item in match.group(1).split(",")]
    return [(int(year), float(value)) for year, value in pairs]


def scaled_budget(series, factor):
    """--set text of the budget series with every value times factor."""
    items = ", ".join(f"{year}: {value * factor:g}" for year, value in series)
    return f"policy.budget={{{items}}}"


def run_one(args, lever, value, sets, r):
    path = os.path.join(args.out, f"{lever}_{value}_{r}.h5")
    if not os.path.exists(path):
        cmd = [args.bin, "run", args.scenario, "--replicate", str(r), "-o", path, "--force",
               "--quiet", "--set", "run.snapshot_interval=0"]
        for s in sets:
            cmd += ["--set", s]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL,
                       env=dict(os.environ, OMP_NUM_THREADS="1"))
    with h5py.File(path, "r") as f:
        obs = f["observables"]
        time = obs["firms_alive"]["time"][:]
        out = {}
        for y in YEARS:
            rows = np.where((time >= y) & (time < y + 1))[0]
            out[y] = {k: float(np.mean(obs[k]["value"][rows])) for k in OUTCOMES}
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--replicates", type=int, default=4)
    ap.add_argument("--levers", default=",".join(LEVERS))
    ap.add_argument("--out", default="runs/dose-response")
    ap.add_argument("--bin", default="build/clustersim")
    ap.add_argument("--scenario", default="scenarios/gumi-baseline.yaml")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    levers = [l for l in args.levers.split(",") if l]
    for l in levers:
        if l not in LEVERS:
            sys.exit(f"dose_response: unknown lever '{l}' (known: {', '.join(LEVERS)})")
    if "budget" in levers:
        series = scenario_budget(args)
        LEVERS["budget"] = [(v, [scaled_budget(series, v)]) for v, _ in LEVERS["budget"]]
    os.makedirs(args.out, exist_ok=True)
    jobs = [(l, v, s, r) for l in levers for v, s in LEVERS[l] for r in range(args.replicates)]
    with ThreadPoolExecutor(args.jobs) as ex:
        results = list(ex.map(lambda a: run_one(args, *a), jobs))
    table = {}
    for (l, v, _, _), res in zip(jobs, results):
        table.setdefault(l, {}).setdefault(v, []).append(res)
    with open(os.path.join(args.out, "dose.json"), "w") as f:
        json.dump({l: {str(v): rs for v, rs in d.items()} for l, d in table.items()}, f)
    n = args.replicates
    t = T_975.get(n - 1, 2.0)
    for l, d in table.items():
        values = list(d)
        for y in YEARS:
            print(f"\n{l}: yearly mean {y}, mean of {n} replicates "
                  f"+- 95% half-interval of the paired difference from {l} = {values[0]}")
            print("  value " + " ".join(f"{k[:16]:>18}" for k in OUTCOMES))
            for v in values:
                cells = []
                for k in OUTCOMES:
                    a = np.array([x[y][k] for x in d[v]])
                    b = np.array([x[y][k] for x in d[values[0]]])
                    half = t * (a - b).std(ddof=1) / np.sqrt(n) if n > 1 else float("nan")
                    cells.append(f"{a.mean():9.4g} +-{half:<6.2g}")
                print(f"  {v:<5} " + " ".join(f"{c:>18}" for c in cells))


if __name__ == "__main__":
    main()
