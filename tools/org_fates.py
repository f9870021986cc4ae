#!/usr/bin/python3
"""Fates of the firm-led organisations across replicates (docs/ODD.md 7.8).

For each scenario, runs replicates 0..R-1 (common random numbers: replicate r uses the
same streams in every scenario) to December of --end-year and prints, from the events
and observables of each trajectory:
  - bodies founded per run (councils; cooperatives), the first founding year;
  - stage sequence: share of councils that became associations, of associations that
    built a site, and the months each stage lasted before the next (median, range);
  - members of councils and associations in December of 2010, 2015 and --end-year
    (mean over runs, range);
  - how many clubs ever shrank (12-month fall of members), fell dormant, dissolved.

  /usr/bin/python3 tools/org_fates.py [--replicates R] [--end-year Y] [--out DIR]
      [--bin build/clustersim] SCENARIO...

Runs are kept in DIR (default runs/org-fates) and reused as they are, whatever binary
made them: after changing the model, use a new DIR. Needs h5py and numpy (Debian: python3-h5py, python3-numpy).
"""
import argparse
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor

import h5py
import numpy as np

START_YEAR = 2003


def run_one(args, scenario, r):
    name = os.path.splitext(os.path.basename(scenario))[0]
    path = os.path.join(args.out, f"{name}_{r}.h5")
    if not os.path.exists(path):
        steps = (args.end_year - START_YEAR + 1) * 12
        cmd = [args.bin, "run", scenario, "--replicate", str(r), "-o", path, "--force",
               "--quiet", "--set", f"run.steps={steps}", "--threads", "1"]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return path


def kind_codes(f):
    names = [n.decode() if isinstance(n, bytes) else str(n)
             for n in f["events/kind"].attrs["names"]]
    return {n: k for k, n in enumerate(names)}


def fates(path, end_year):
    with h5py.File(path, "r") as f:
        codes = kind_codes(f)
        kind = f["events/kind"][:]
        step = f["events/step"][:]
        body = f["events/body"][:]
        value = f["events/value"][:]
        obs = f["observables"]
        members_total = obs["org_members_total"]["value"][:]
        # Members of each club over time, from the org column of the yearly snapshots.
        snap_steps = f["particles/firms/org/step"][:]
        org_col = f["particles/firms/org/value"][:]

    def ev(name):
        sel = kind == codes[name]
        return list(zip(step[sel], body[sel], value[sel]))

    founded = {int(b): int(s) for s, b, _ in ev("org_found")}
    stage = {int(b): int(s) for s, b, _ in ev("org_stage")}
    sites = {int(b): int(s) for s, b, _ in ev("site_built")}
    dissolved = {int(b): int(s) for s, b, _ in ev("org_dissolve")}
    dormant = {int(b) for s, b, v in ev("org_dormant") if v == 1}
    sizes = {}
    for t, row in zip(snap_steps, org_col):
        if t < 0:
            continue
        ids, counts = np.unique(row[row >= 0], return_counts=True)
        for o, c in zip(ids, counts):
            sizes.setdefault(int(o), {})[int(t)] = int(c)
    shrank = set()
    for o, series in sizes.items():
        ts = sorted(series)
        for a, b in zip(ts, ts[1:]):
            if series[b] < series[a]:
                shrank.add(o)
    def dec(year):
        return members_total[min((year - START_YEAR) * 12 + 11, len(members_total) - 1)]
    return {
        "clubs": len(founded), "sites": len(sites),
        "first": START_YEAR + min(founded.values()) / 12 if founded else None,
        "council_months": [stage[o] - founded[o] for o in founded if o in stage],
        "associations": sum(1 for o in founded if o in stage),
        "dissolved_clubs": sum(1 for o in founded if o in dissolved),
        "dormant_clubs": sum(1 for o in founded if o in dormant),
        "shrank_clubs": sum(1 for o in founded if o in shrank),
        "members": {y: float(dec(y)) for y in (2010, 2015, end_year)},
    }


def describe(xs):
    if not xs:
        return "-"
    xs = np.array(xs, dtype=float)
    return f"{np.median(xs):.0f} [{xs.min():.0f}-{xs.max():.0f}]"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("scenarios", nargs="+")
    ap.add_argument("--replicates", type=int, default=16)
    ap.add_argument("--end-year", type=int, default=2020)
    ap.add_argument("--out", default="runs/org-fates")
    ap.add_argument("--bin", default="build/clustersim")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    jobs = [(s, r) for s in args.scenarios for r in range(args.replicates)]
    with ThreadPoolExecutor(args.jobs) as ex:
        paths = list(ex.map(lambda a: run_one(args, *a), jobs))
    print(f"{args.replicates} replicates per scenario, to December {args.end_year}")
    print("| scenario | clubs founded per run | first founding | councils -> association "
          "| months as council | sites built per run | clubs dormant ever | clubs shrinking "
          f"| clubs dissolved | members 2010 | members 2015 | members {args.end_year} |")
    print("|---" * 12 + "|")
    for s in args.scenarios:
        rs = [fates(p, args.end_year) for (sc, _), p in zip(jobs, paths) if sc == s]
        clubs = sum(r["clubs"] for r in rs)
        firsts = [r["first"] for r in rs if r["first"] is not None]
        months = sum((r["council_months"] for r in rs), [])
        def share(key):
            return f"{sum(r[key] for r in rs)} of {clubs}" if clubs else "-"
        def mean_range(y):
            v = np.array([r["members"][y] for r in rs])
            return f"{v.mean():.0f} [{v.min():.0f}-{v.max():.0f}]"
        name = os.path.splitext(os.path.basename(s))[0]
        print(f"| {name} | {clubs / len(rs):.2f} | "
              f"{(f'{np.mean(firsts):.1f} ({len(firsts)} runs)' if firsts else 'none')} | "
              f"{share('associations')} | {describe(months)} | "
              f"{sum(r['sites'] for r in rs) / len(rs):.2f} | {share('dormant_clubs')} | "
              f"{share('shrank_clubs')} | {share('dissolved_clubs')} | {mean_range(2010)} | "
              f"{mean_range(2015)} | {mean_range(args.end_year)} |")


if __name__ == "__main__":
    main()
