#!/usr/bin/python3
"""Read a clustersim trajectory (HDF5, layout in docs/OUTPUT.md) into pandas DataFrames.

Only h5py, numpy and pandas are needed (Debian: python3-h5py python3-pandas; they install
for /usr/bin/python3). The path from file to DataFrame is h5py -> numpy -> pandas:
pandas.read_hdf reads only PyTables' own layout, not this one.

    import read_trajectory as rt
    obs = rt.observables("runs/gumi-baseline-r0.h5")      # index: time (year)
    steps = rt.snapshot_steps("runs/gumi-baseline-r0.h5")  # e.g. [-1, 11, 23, ...]
    step = rt.step_of_year("runs/gumi-baseline-r0.h5", 2010)  # December 2010: 95
    firms = rt.firms("runs/gumi-baseline-r0.h5", steps[-1])  # index: actor id
    inst = rt.institutions("runs/gumi-baseline-r0.h5", steps[-1])
    mc = rt.memberships("runs/gumi-baseline-r0.h5", steps[-1], "mc")
    ties = rt.network("runs/gumi-baseline-r0.h5", "collaboration", steps[-1])
    ev = rt.events("runs/gumi-baseline-r0.h5")
    bodies = rt.bodies("runs/gumi-baseline-r0.h5")        # every MC, WG and organisation
    sizes = rt.body_sizes("runs/gumi-baseline-r0.h5")     # members at each snapshot (long)
    tasks = rt.task_table("runs/policy/index.h5")         # an ensemble's or sweep's tasks
    long = rt.read_ensemble("runs/policy", ["employment"])  # one long DataFrame

Strings in these files are fixed-length UTF-8 (docs/OUTPUT.md says why): h5py returns
them as bytes -- attributes as numpy.bytes_, datasets as arrays of bytes or, through
`.asstr()`, of str. The functions here decode them all to str.

Run as a script, it prints all of them for the file given:
    /usr/bin/python3 analysis/python/read_trajectory.py FILE [--step S | --year Y]
"""

import sys

import h5py
import numpy as np
import pandas as pd

LAYERS = ("collaboration", "supply")


def _str(value):
    """One attribute value as h5py gives it: fixed-length strings arrive as bytes
    (numpy.bytes_), numbers as numbers. Strings become str; the rest is unchanged."""
    return value.decode("utf-8") if isinstance(value, bytes) else value


def _text(values):
    """An array of strings from h5py (bytes) as a list of str."""
    return [str(_str(v)) for v in values]


def _attr(item, name, default=""):
    """Attribute `name` of `item` decoded (`default` when it is absent)."""
    return _str(item.attrs[name]) if name in item.attrs else default


def _decode(values, names):
    """Enumeration codes -> names (a pandas Categorical); codes outside the table -> NaN."""
    codes = np.asarray(values, dtype=np.int64)
    ok = (codes >= 0) & (codes < len(names))
    return pd.Categorical.from_codes(np.where(ok, codes, -1), categories=names)


def _columns(group, rows, skip=()):
    """Columns of a table or ragged element (rows = a slice), decoded and expanded.

    Enumerations (a `names` attribute on a 1-D integer column) become categoricals of
    names; a [rows][w] column becomes w columns `name[label]` (labels from its `names`
    attribute, else 0..w-1)."""
    out = {}
    for name in sorted(group):
        item = group[name]
        if name in skip or not isinstance(item, h5py.Dataset):
            continue
        data = item[rows]
        names = _text(item.attrs["names"]) if "names" in item.attrs else None
        if data.ndim == 1:
            out[name] = _decode(data, names) if names is not None else data
        else:
            labels = names if names is not None and len(names) == data.shape[1] \
                else [str(j) for j in range(data.shape[1])]
            for j, label in enumerate(labels):
                out[f"{name}[{label}]"] = data[:, j]
    return out


def parameters(path):
    """The /parameters attributes (seed, replicate, code_commit, ...) and the resolved
    parameters as a dict {"run.steps": 24, ...}."""
    with h5py.File(path, "r") as f:
        p = f["/parameters"]
        meta = {k: _str(v) for k, v in p.attrs.items()}
        resolved = {k: _str(v) for k, v in p["resolved"].attrs.items()}
    return meta, resolved


def observables(path):
    """Every observable at every step: a DataFrame indexed by time, one column per scalar
    observable and `name[component]` columns for vectors. Units: df.attrs["units"]; the
    simulation steps: df.attrs["step"]."""
    with h5py.File(path, "r") as f:
        obs = f["/observables"]
        names = sorted(obs)
        if not names:
            return pd.DataFrame()
        first = obs[names[0]]
        time = first["time"][()]
        cols, units = {}, {}
        for name in names:
            g = obs[name]
            value = g["value"][()]
            unit = _attr(g["value"], "unit")
            if value.ndim == 1:
                cols[name] = value
                units[name] = unit
            else:
                labels = _text(g["names"][()]) if "names" in g \
                    else [str(j) for j in range(value.shape[1])]
                for j, label in enumerate(labels):
                    cols[f"{name}[{label}]"] = value[:, j]
                    units[f"{name}[{label}]"] = unit
        df = pd.DataFrame(cols, index=pd.Index(time, name="time"))
        df.attrs["units"] = units
        df.attrs["time_unit"] = _attr(first["time"], "unit")
        df.attrs["step"] = first["step"][()]
    return df


def snapshot_steps(path, element="/particles/firms"):
    """Steps at which `element` was snapshot (-1 is the initial state): a particle group
    ("/particles/firms") or a network ("/connectivity/supply")."""
    with h5py.File(path, "r") as f:
        g = f[element]
        clock = g["id/step"] if "id" in g and isinstance(g["id"], h5py.Group) \
            else g["snapshot/step"]
        return clock[()].tolist()


def step_of_year(path, year, element="/particles/firms"):
    """The snapshot step standing for calendar year `year`: the last snapshot taken in
    that year (its December with the default run.snapshot_interval; the initial state,
    step -1, is December of the year before run.start_year), as `--year` of `clustersim
    export` and `network`. ValueError naming the years that have a snapshot."""
    with h5py.File(path, "r") as f:
        g = f[element]
        clock = g["id"] if "id" in g and isinstance(g["id"], h5py.Group) else g["snapshot"]
        steps, times = clock["step"][()], clock["time"][()]
    years = np.floor(times).astype(int)
    hits = np.flatnonzero(years == int(year))
    if hits.size == 0:
        raise ValueError(f"{path}: no snapshot in year {year}; years with a snapshot: "
                         f"{sorted(set(years.tolist()))}")
    return int(steps[hits[-1]])


def _snapshot_rows(f, element, step):
    """The slice of rows of `element` holding its snapshot at `step` (ragged array)."""
    steps = f[element + "/snapshot/step"][()]
    hit = np.flatnonzero(steps == step)
    if hit.size == 0:
        raise KeyError(f"no snapshot of {element} at step {step}; "
                       f"snapshot steps: {steps.tolist()}")
    offset, count = f[element + "/snapshot/value"][hit[0]]
    return slice(int(offset), int(offset + count))


def _particles(path, group, step):
    """The agents present in particle group `group` at snapshot `step`: one row per agent
    (index: actor id), one column per state variable; enumerations decoded to names
    (categoricals), knowledge expanded to `knowledge[field]` columns. Units:
    df.attrs["units"]. A variable is either an H5MD element (a group whose `value` has a
    row per snapshot) or, when fixed for each agent (sector, tier, entry_step, ...), a
    time-independent dataset directly in the group with one entry per index."""
    with h5py.File(path, "r") as f:
        g = f[group]
        steps = g["id/step"][()]
        hit = np.flatnonzero(steps == step)
        if hit.size == 0:
            raise KeyError(f"no snapshot of {group} at step {step}; "
                           f"snapshot steps: {steps.tolist()}")
        k = int(hit[0])
        ids = g["id/value"][k]
        present = ids >= 0               # fill -1: no agent at this index then
        cols, units = {}, {}
        for name in sorted(g):
            item = g[name]
            if isinstance(item, h5py.Dataset):
                value = item             # time-independent: one entry per index
                data = value[()][present]
            elif "value" in item:
                value = item["value"]
                data = value[k][present]  # one snapshot row: a time slice, a few chunks
            else:
                continue
            names = _text(value.attrs["names"]) if "names" in value.attrs else None
            unit = _attr(value, "unit")
            if data.ndim == 1:
                cols[name] = _decode(data, names) if names is not None else data
                units[name] = unit
            else:
                labels = names if names is not None and len(names) == data.shape[1] \
                    else [str(j) for j in range(data.shape[1])]
                for j, label in enumerate(labels):
                    cols[f"{name}[{label}]"] = data[:, j]
                    units[f"{name}[{label}]"] = unit
    df = pd.DataFrame(cols).set_index("id", drop=False).rename_axis("actor")
    df.attrs["units"] = units
    return df


def firms(path, step):
    """The firms alive at snapshot `step`, one row each, indexed by their stable actor id
    (the same ids as in the networks and events)."""
    return _particles(path, "/particles/firms", step)


def institutions(path, step):
    """The knowledge institutions at snapshot `step`, indexed by actor id."""
    return _particles(path, "/particles/institutions", step)


def actors(path, step):
    """Firms and institutions together (column `kind`), in actor id order."""
    parts = [firms(path, step).assign(kind="firm"),
             institutions(path, step).assign(kind="institution")]
    df = pd.concat(parts).sort_index()
    df["kind"] = pd.Categorical(df["kind"], categories=["firm", "institution"])
    return df


def memberships(path, step, body="mc"):
    """Who belongs to which MC slot, working group or organisation (body "mc", "wg" or
    "org") at snapshot `step`: a DataFrame (group, member, kind) with one row per member,
    institutions included; group ids as in the events' `body`."""
    if body not in ("mc", "wg", "org"):
        raise ValueError(f"body must be mc, wg or org, not {body!r}")
    rows = []
    for kind, table in (("firm", firms(path, step)), ("institution", institutions(path, step))):
        member = table[table[body] >= 0]
        rows.append(pd.DataFrame({"group": member[body].to_numpy(),
                                  "member": member["id"].to_numpy(), "kind": kind}))
    return pd.concat(rows, ignore_index=True).sort_values(["group", "member"],
                                                           ignore_index=True)


def network(path, layer, step):
    """The edges of `layer` ("collaboration" or "supply") at snapshot `step`: columns
    source and target (actor ids; supply: buyer -> supplier) and the edge attributes
    (collaboration: weight, trust, born, origin; supply: sales)."""
    if layer not in LAYERS:
        raise ValueError(f"layer must be one of {LAYERS}, not {layer!r}")
    element = "/connectivity/" + layer
    with h5py.File(path, "r") as f:
        g = f[element]
        rows = _snapshot_rows(f, element, step)
        ends = g["edges"][rows]
        cols = {"source": ends[:, 0], "target": ends[:, 1]}
        cols.update(_columns(g, rows, skip=("snapshot", "edges")))
    return pd.DataFrame(cols)


def events(path):
    """The event log: one row per event (step, kind by name, agent, body, value, and
    time in decimal years in files written since 6 Dec 2026). What agent, body and value
    mean for each kind: event_meanings()."""
    with h5py.File(path, "r") as f:
        g = f["/events"]
        return pd.DataFrame(_columns(g, slice(None)))


def event_meanings(path):
    """What agent, body and value hold for each event kind, as the file says (attributes
    of /events): a DataFrame indexed by kind name. Files written before 6 Dec 2026 lack
    them: KeyError."""
    with h5py.File(path, "r") as f:
        a = f["/events"].attrs
        return pd.DataFrame({"agent": _text(a["agent_meaning"]),
                             "body": _text(a["body_meaning"]),
                             "value": _text(a["value_meaning"])},
                            index=pd.Index(_text(a["kind_names"]), name="kind"))


BODY_COLUMNS = ("kind", "id", "field", "mc", "wg", "parent", "merged_into", "founded_step",
                "founded_time", "ended_step", "ended_time", "stage", "association_step",
                "association_time", "site_step", "site_time", "cooperative",
                "dormant_spells")


def bodies(path):
    """The programme bodies (/programme/bodies, files written since 6 Dec 2026): one row
    per mini-cluster, working group and organisation of the run, index `body` (column b of
    /programme/members), with kind, field and stage by name, founding and end (step and
    decimal year; -1 and NaN while alive), the organisations' stage history and dormancy
    spell count. Older files lack the group: KeyError."""
    with h5py.File(path, "r") as f:
        cols = _columns(f["/programme/bodies"], slice(None))
    df = pd.DataFrame({c: cols[c] for c in BODY_COLUMNS if c in cols} |
                      {c: v for c, v in cols.items() if c not in BODY_COLUMNS})
    df.index.name = "body"
    return df


def body_sizes(path):
    """Members of every programme body at each snapshot, long: one row per body alive at
    a snapshot (body, kind, id, step, time, members); bodies not founded yet or ended are
    left out. An organisation's members are its firms (council, association) or its lot
    holders (cooperative), institutions included where they are members."""
    with h5py.File(path, "r") as f:
        g = f["/programme/members"]
        value = g["value"][()]
        steps = g["step"][()]
        times = g["time"][()]
        b = f["/programme/bodies"]
        kind_names = _text(b["kind"].attrs["names"])
        kinds = b["kind"][()]
        ids = b["id"][()]
    rows, body = np.nonzero(value >= 0)
    return pd.DataFrame({
        "body": body,
        "kind": _decode(kinds[body], kind_names),
        "id": ids[body],
        "step": steps[rows],
        "time": times[rows],
        "members": value[rows, body],
    })


def dormancy(path):
    """The organisations' dormancy spells (/programme/dormancy): organisation id, start
    and end (step and decimal year; end -1 / NaN: dormant at the end of the run)."""
    with h5py.File(path, "r") as f:
        return pd.DataFrame(_columns(f["/programme/dormancy"], slice(None)))


def task_table(index_path):
    """The task table of an ensemble or sweep folder's index.h5: one row per task
    (scenario, label, point, replicate, seed, status, wall_seconds, file, error, and the
    swept parameters), strings decoded. The task files themselves are linked under
    /tasks/<label>/r<replicate> of the same index file."""
    with h5py.File(index_path, "r") as f:
        g = f["/task_table"]
        cols = {}
        for name in _text(g.attrs["columns"]):
            data = g[name]
            cols[name] = data.asstr()[()] if data.dtype.kind in "OS" else data[()]
    return pd.DataFrame(cols)


def read_ensemble(folder, observables_wanted=None):
    """An ensemble or sweep folder as one long DataFrame, the rows `clustersim table`
    writes: scenario, replicate, one column per swept parameter (the value the task ran,
    from its resolved parameters), time (decimal year), year, month (1-12), observable
    (name, or name[component] of a vector) and value. Only complete tasks (status "ok")
    are read; `observables_wanted` (a list of names as in observables()) keeps those.
    Rows go task by task, then observable by observable (the CSV goes month by month
    within a task: sort both by scenario, replicate, time, observable to compare)."""
    import os
    index = os.path.join(folder, "index.h5")
    tasks = task_table(index)
    with h5py.File(index, "r") as f:
        swept = _text(f["/ensemble/parameters"][()]) if "parameters" in f["/ensemble"] else []
    frames = []
    for task in tasks[tasks.status == "ok"].itertuples():
        path = os.path.join(folder, task.file)
        obs = observables(path)
        if observables_wanted is not None:
            obs = obs[list(observables_wanted)]
        long = obs.reset_index().melt(id_vars="time", var_name="observable", value_name="value")
        long.attrs = {}   # observables()' attrs hold arrays, which pandas.concat cannot compare
        # Months from the decimal year, as the files define them (start_year + step / 12).
        month = np.rint(long["time"].to_numpy() * 12).astype(np.int64)
        long.insert(1, "year", month // 12)
        long.insert(2, "month", month % 12 + 1)
        long.insert(0, "scenario", task.label)
        long.insert(1, "replicate", task.replicate)
        resolved = parameters(path)[1]
        for j, name in enumerate(swept):
            long.insert(2 + j, name, resolved.get(name))
        frames.append(long)
    if not frames:
        return pd.DataFrame()
    return pd.concat(frames, ignore_index=True)


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0 if len(argv) >= 2 else 2
    path = argv[1]
    pd.set_option("display.width", 160)
    pd.set_option("display.max_columns", 12)
    meta, resolved = parameters(path)
    print(f"file: {path}")
    print(f"scenario: {meta.get('scenario_name')}, seed {meta.get('seed')}, "
          f"replicate {meta.get('replicate')}, {len(resolved)} resolved parameters")

    obs = observables(path)
    print(f"observables: {obs.shape[0]} rows x {obs.shape[1]} columns, "
          f"time {obs.index[0]:.4f} to {obs.index[-1]:.4f} {obs.attrs['time_unit']}")
    print(obs[[c for c in ("firms_alive", "employment", "ties_collab") if c in obs]].tail(3))

    steps = snapshot_steps(path)
    step = int(argv[argv.index("--step") + 1]) if "--step" in argv else \
        step_of_year(path, int(argv[argv.index("--year") + 1])) if "--year" in argv else steps[-1]
    print(f"snapshot steps: {steps}")
    table = firms(path, step)
    inst = institutions(path, step)
    print(f"firms at step {step}: {len(table)} rows x {table.shape[1]} columns; "
          f"institutions: {len(inst)}")
    print(table[["sector", "tier", "employees", "capital", "mc"]].head(5))
    for body in ("mc", "wg", "org"):
        m = memberships(path, step, body)
        print(f"{body} memberships at step {step}: {len(m)} members in "
              f"{m['group'].nunique()} groups")
    for layer in LAYERS:
        edges = network(path, layer, step)
        print(f"{layer} edges at step {step}: {len(edges)} rows; columns {list(edges.columns)}")
    ev = events(path)
    print(f"events: {len(ev)} rows; by kind: "
          f"{ev['kind'].value_counts()[lambda s: s > 0].to_dict() if len(ev) else {}}")
    with h5py.File(path, "r") as f:
        has_bodies = "/programme/bodies" in f
    if has_bodies:
        b = bodies(path)
        print(f"programme bodies: {len(b)} ({b['kind'].value_counts().to_dict()}), "
              f"{int((b['ended_step'] < 0).sum())} alive at the end")
        sizes = body_sizes(path)
        print(sizes[sizes["step"] == step].groupby("kind", observed=True)["members"]
              .sum().rename(f"members at step {step}").to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
