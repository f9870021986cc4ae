#!/usr/bin/python3
"""How suppliers' sales follow their hub's, by tier (docs/ODD.md 7.3, "Pass-through").

For every trajectory FILE (yearly snapshots, the default run.snapshot_interval), takes
each SME supplier of tier 1, 2 or 3 that has the same buyer and tier in two consecutive
December snapshots, finds the hub at the top of its chain (following buyers up), and
regresses the supplier's log growth of sales (chain + other) on the hub's, by tier,
over all years and files pooled. Prints the least-squares slope with its 95% interval
(1.96 standard errors) per tier: the statistic of Pyo & Lee (2018, Applied Economics
Letters 25(17)), 0.38-0.44, 0.036-0.047 and 0.003-0.005 for Korean first, second and
third vendors.

  clustersim ensemble scenarios/gumi-baseline.yaml --replicates 16 -o runs/chain
  /usr/bin/python3 tools/chain_passthrough.py runs/chain/gumi-baseline/r*.h5

Needs h5py and numpy (Debian: python3-h5py, python3-numpy).
"""
import argparse
import sys

import h5py
import numpy as np

TIERS = (1, 2, 3)  # the tier codes of suppliers in /particles/firms/tier (0 = large)
MAX_HOPS = 5       # more than the three tiers above a supplier: a loop is not a chain


def top_hub(k, buyer, column, large):
    """Column of the large firm at the top of the chain of column k, or None."""
    for _ in range(MAX_HOPS):
        b = int(buyer[k])
        if b < 0:
            return k if large[k] else None
        if b not in column:
            return None
        k = column[b]
    return None


def growth_pairs(path, rows):
    """Append (hub growth, supplier growth) of every year pair of one file to rows[tier]."""
    with h5py.File(path, "r") as f:
        g = f["particles/firms"]
        ids = g["id/value"][()]
        buyer = g["buyer/value"][()]
        tier = g["tier/value"][()]
        large = g["large"][()]
        sales = g["sales_chain/value"][()] + g["sales_other/value"][()]
    # Snapshot 0 is the initial state (step -1); growth starts at the second December.
    for s in range(2, ids.shape[0]):
        now = {int(i): k for k, i in enumerate(ids[s]) if i >= 0}
        before = {int(i): k for k, i in enumerate(ids[s - 1]) if i >= 0}
        for k in np.nonzero(ids[s] >= 0)[0]:
            t = int(tier[s][k])
            if t not in TIERS or large[k]:
                continue
            kp = before.get(int(ids[s][k]))
            if kp is None or tier[s - 1][kp] != t or buyer[s - 1][kp] != buyer[s][k]:
                continue
            h = top_hub(k, buyer[s], now, large)
            hp = before.get(int(ids[s][h])) if h is not None else None
            if hp is None:
                continue
            values = (sales[s][k], sales[s - 1][kp], sales[s][h], sales[s - 1][hp])
            if min(values) <= 0.0:
                continue
            rows[t].append((np.log(sales[s][h] / sales[s - 1][hp]),
                            np.log(sales[s][k] / sales[s - 1][kp])))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="+", metavar="FILE", help="trajectory files (HDF5)")
    args = ap.parse_args()
    rows = {t: [] for t in TIERS}
    for path in args.files:
        try:
            growth_pairs(path, rows)
        except (OSError, KeyError) as e:
            sys.exit(f"chain_passthrough: {path}: not a trajectory with yearly snapshots ({e})")
    for t in TIERS:
        if len(rows[t]) < 3:
            print(f"tier {t}: fewer than 3 supplier-years, no slope")
            continue
        a = np.array(rows[t])
        x, y = a[:, 0], a[:, 1]
        sxx = ((x - x.mean()) ** 2).sum()
        if sxx == 0.0:
            print(f"tier {t}: the hubs' sales never moved, no slope")
            continue
        slope = ((x - x.mean()) * (y - y.mean())).sum() / sxx
        resid = y - y.mean() - slope * (x - x.mean())
        se = np.sqrt(resid.var(ddof=2) / sxx)
        print(f"tier {t}: slope {slope:.3f} +- {1.96 * se:.3f} "
              f"({len(a)} supplier-years, s.d. of hub growth {x.std():.3f})")


if __name__ == "__main__":
    main()
