#!/usr/bin/python3
"""December values of observables across replicate trajectories: mean (5%-95%).

Reads trajectories that already exist (it runs nothing) and prints a Markdown table, one
row per observable and one column per year: the mean over the trajectories of the value
in December of that year, with the 5% and 95% empirical quantiles of single
trajectories (numpy's default, linear interpolation), the spread a single run can show.
It is how docs/VALIDATION.md records the model's predictions for the years after the
case's data, to be checked when figures for those years arrive.

  /usr/bin/python3 tools/december_table.py --years 2012,2015,2020 \\
      --observables firms_alive,mc_members_total TRAJECTORY.h5...

A vector observable takes a component: `sector_firm_share[machinery]`.
Exit codes: 0 success; 1 a file cannot be read, lacks an observable or component asked
for, or does not reach a December asked for (the file is named); 2 bad arguments.
Needs h5py and numpy (Debian: python3-h5py, python3-numpy).
"""
import argparse
import re
import sys

import h5py
import numpy as np


class InputError(Exception):
    """A trajectory that cannot answer the question, with the file named."""


def parse_observable(text):
    """'name' or 'name[component]' -> (name, component or None)."""
    match = re.fullmatch(r"([a-z_0-9]+)(?:\[([a-z_0-9]+)\])?", text)
    if not match:
        raise ValueError(f"'{text}' is not an observable name or name[component]")
    return match.group(1), match.group(2)


def december_value(f, path, name, component, year):
    if f"observables/{name}" not in f:
        raise InputError(f"{path}: no observable '{name}' (clustersim inspect lists them)")
    group = f[f"observables/{name}"]
    time = group["time"][:]
    want = year + 11.0 / 12.0
    rows = np.where(np.abs(time - want) < 1.0 / 24.0)[0]
    if len(rows) == 0:
        raise InputError(f"{path}: no December {year} (the run covers {time[0]:.3f} to "
                         f"{time[-1]:.3f})")
    values = group["value"]
    if values.ndim == 1:
        if component is not None:
            raise InputError(f"{path}: '{name}' has no components")
        return float(values[rows[0]])
    if "names" not in group:
        raise InputError(f"{path}: vector observable '{name}' has no names dataset")
    names = [n.decode() if isinstance(n, bytes) else str(n) for n in group["names"][:]]
    if component not in names:
        raise InputError(f"{path}: '{name}' has no component '{component}' "
                         f"(it has {', '.join(names)})")
    return float(values[rows[0], names.index(component)])


def cell(x):
    lo, hi = np.quantile(x, [0.05, 0.95])
    scale = max(abs(x.mean()), abs(lo), abs(hi))
    fmt = "{:.0f}" if scale >= 100 else "{:.1f}" if scale >= 10 else "{:.3g}"
    return f"{fmt.format(x.mean())} ({fmt.format(lo)}-{fmt.format(hi)})"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("trajectories", nargs="+", metavar="TRAJECTORY.h5")
    ap.add_argument("--years", required=True, help="calendar years, comma-separated")
    ap.add_argument("--observables", required=True,
                    help="observables, comma-separated; name[component] for a vector")
    args = ap.parse_args()
    try:
        years = [int(y) for y in args.years.split(",") if y]
        wanted = [parse_observable(o) for o in args.observables.split(",") if o]
    except ValueError as e:
        ap.error(str(e))
    if not years or not wanted:
        ap.error("--years and --observables need at least one entry each")

    table = {(o, y): [] for o in range(len(wanted)) for y in years}
    try:
        for path in args.trajectories:
            try:
                f = h5py.File(path, "r")
            except OSError as e:
                raise InputError(f"{path}: cannot open as HDF5 ({e})") from None
            with f:
                for o, (name, component) in enumerate(wanted):
                    for y in years:
                        table[(o, y)].append(december_value(f, path, name, component, y))
    except InputError as e:
        print(f"december_table: {e}", file=sys.stderr)
        return 1

    n = len(args.trajectories)
    print(f"December values over {n} trajectories: mean (5%-95% of single trajectories)")
    print("| observable | " + " | ".join(str(y) for y in years) + " |")
    print("|---|" + "---:|" * len(years))
    for o, (name, component) in enumerate(wanted):
        label = name if component is None else f"{name}[{component}]"
        print(f"| {label} | " + " | ".join(cell(np.array(table[(o, y)])) for y in years) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
