#!/usr/bin/python3
"""Who sits in which mini-cluster: the firm members of each MC by sector and by main field.

Reads trajectories that already exist (it runs nothing) and, for the December snapshot of
--year, groups the MCs by their main theme field (MCs of one field are pooled: twins of a
scaled-up programme, or the two mold pilots) and prints, per group:
  - firm members per trajectory (institutions are left out: they join the MC of their
    fields and pay nothing);
  - the share whose main knowledge field (the largest entry of the firm's knowledge
    profile in that snapshot) is the MC's own field;
  - the leading sectors and main fields of its members, as shares.
A last line gives the share of all firm members in an MC of their own main field, and
the tenant firms alive, so participation can be read beside it.

Why: an MC's theme is an industry label (display, mold, E&H ...); the model lets a firm
join the MC of best fit among those that exist, so an MC can fill with firms of other
fields when its own field's firms are few. This report shows how far that goes.

  /usr/bin/python3 tools/mc_composition.py [--year Y] [--top N] TRAJECTORY.h5...

Exit codes: 0 success, 1 a file could not be read or has no snapshot of that December,
2 bad arguments. Needs h5py and numpy (Debian: python3-h5py, python3-numpy).
"""
import argparse
import sys

import h5py
import numpy as np


class InputError(Exception):
    """A trajectory that cannot answer the question, with the file named."""


def names_of(dataset):
    return [n.decode() if isinstance(n, bytes) else str(n) for n in dataset.attrs["names"]]


def december_index(path, steps, times, year):
    """Index of the snapshot of December `year` (time year + 11/12, within half a month)."""
    want = year + 11.0 / 12.0
    for i, t in enumerate(times):
        if abs(t - want) < 1.0 / 24.0:
            return i
    have = ", ".join(f"{t:.3f}" for t in times)
    raise InputError(f"{path}: no firm snapshot of December {year} (snapshot times: {have})")


def read_one(path, year):
    """Per MC slot with firm members: (main field of the MC, members' sectors, members'
    main fields), plus the tenant firms alive; names of sectors and fields."""
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        raise InputError(f"{path}: cannot open as HDF5 ({e})") from None
    with f:
        try:
            firms = f["particles/firms"]
            mc_col = firms["mc"]
            s = december_index(path, mc_col["step"][:], mc_col["time"][:], year)
            mc = mc_col["value"][s]
            alive = firms["id/value"][s] >= 0
            knowledge = firms["knowledge/value"][s]
            sector = firms["sector"][:]
            bodies = f["programme/bodies"]
            kind = bodies["kind"][:]
            field = bodies["field"][:]
            body_id = bodies["id"][:]
            kind_names = names_of(bodies["kind"])
            sector_names = names_of(firms["sector"])
            field_names = names_of(firms["knowledge/value"])
        except KeyError as e:
            raise InputError(f"{path}: not a clustersim trajectory with firm snapshots "
                             f"(missing {e})") from None
    mc_kind = kind_names.index("mc")
    field_of_slot = {int(body_id[b]): int(field[b]) for b in range(len(kind)) if kind[b] == mc_kind}
    main_field = np.argmax(np.nan_to_num(knowledge, nan=-1.0), axis=1)
    groups = []
    for slot in sorted(set(int(m) for m in mc[(mc >= 0) & alive])):
        members = (mc == slot) & alive
        groups.append((field_of_slot[slot], sector[members], main_field[members]))
    return groups, int(alive.sum()), sector_names, field_names


def shares_text(counts, names, top):
    total = counts.sum()
    order = np.argsort(-counts, kind="stable")[:top]
    return " ".join(f"{names[j]} {counts[j] / total:.2f}" for j in order if counts[j] > 0)


def main():
    ap = argparse.ArgumentParser(
        description="Firm members of each mini-cluster by sector and main field, from "
                    "existing trajectories (December snapshot of --year).")
    ap.add_argument("trajectories", nargs="+", metavar="TRAJECTORY.h5")
    ap.add_argument("--year", type=int, default=2005,
                    help="December snapshot to read (default 2005: the pilots' first year)")
    ap.add_argument("--top", type=int, default=3, help="sectors and fields shown per MC group (default 3)")
    args = ap.parse_args()
    if args.top < 1:
        ap.error("--top must be at least 1")

    by_field = {}
    own = total = alive = 0
    sector_names = field_names = None
    try:
        for path in args.trajectories:
            groups, n_alive, sector_names, field_names = read_one(path, args.year)
            alive += n_alive
            for mc_field, sectors, fields in groups:
                g = by_field.setdefault(mc_field, [np.zeros(len(sector_names)),
                                                   np.zeros(len(field_names))])
                g[0] += np.bincount(sectors, minlength=len(sector_names))
                g[1] += np.bincount(fields, minlength=len(field_names))
                own += int((fields == mc_field).sum())
                total += len(fields)
    except InputError as e:
        print(f"mc_composition: {e}", file=sys.stderr)
        return 1

    n = len(args.trajectories)
    print(f"MC firm members in December {args.year}, {n} trajectories (per trajectory; "
          f"shares of the group's members)")
    print(f"{'MC field':<20} {'members':>8} {'own field':>9}  leading sectors | leading main fields")
    for mc_field in sorted(by_field, key=lambda k: -by_field[k][0].sum()):
        sectors, fields = by_field[mc_field]
        members = sectors.sum()
        print(f"{field_names[mc_field]:<20} {members / n:8.1f} {fields[mc_field] / members:9.2f}  "
              f"{shares_text(sectors, sector_names, args.top)} | "
              f"{shares_text(fields, field_names, args.top)}")
    if total:
        print(f"all MCs: {total / n:.1f} firm members of {alive / n:.1f} tenant firms alive "
              f"({total / alive:.2f}); {own / total:.2f} in an MC of their own main field")
    else:
        print("no firm is a member of an MC in that December")
    return 0


if __name__ == "__main__":
    sys.exit(main())
