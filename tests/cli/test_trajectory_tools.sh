#!/usr/bin/env bash
# End-to-end tests of the trajectory tools on a fresh short run: `inspect` summarises it,
# `export` writes GraphML (read back with networkx: node and edge counts equal the
# snapshot's) and CSV, `rerun` reproduces it bit for bit (h5diff and h5py agree), and the
# Python reader (analysis/python/read_trajectory.py) prints what the file holds.
# Usage: test_trajectory_tools.sh CLUSTERSIM SOURCE_DIR
. "$(dirname "$0")/lib.sh"
cli_setup "$@"
reader="$src/analysis/python/read_trajectory.py"

# contains "description" text: the last output contains text.

# --- a fresh trajectory ------------------------------------------------------------------
short_run 24
have_py=0
if python_has h5py numpy pandas; then have_py=1; fi
have_nx=0
if python_has networkx; then have_nx=1; fi

# The facts the checks below compare with, read straight from the file with h5dump-free
# h5py (independent of the C reader).
if [ "$have_py" -eq 1 ]; then
    facts="$("$py" - "$traj" <<'PY'
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], "r") as f:
    steps = f["/particles/firms/id/step"][()]
    last = int(steps[-1])
    firm_ids = f["/particles/firms/id/value"][-1]
    inst_ids = f["/particles/institutions/id/value"][-1]
    n_firms, n_inst = int((firm_ids >= 0).sum()), int((inst_ids >= 0).sum())
    c_off, c_n = f["/connectivity/collaboration/snapshot/value"][-1]
    s_off, s_n = f["/connectivity/supply/snapshot/value"][-1]
    print(last, n_firms + n_inst, c_n, s_n, n_firms, len(f["/events/kind"]), n_inst,
          " ".join(str(int(s)) for s in steps))
PY
)"
    read -r last_step n_actors n_collab n_supply n_firms n_events n_inst all_steps <<<"$facts"
    all_steps="$(printf '%s' "$facts" | cut -d' ' -f8-)"
else
    bad "python3-h5py/numpy/pandas are not installed for /usr/bin/python3 (tools/setup.sh)"
    last_step=23 n_actors=0 n_collab=0 n_supply=0 n_firms=0 n_events=0 n_inst=0 all_steps="-1 11 23"
fi

# --- inspect -----------------------------------------------------------------------------
expect 0 "inspect a fresh trajectory" "$bin" inspect "$traj"
contains "inspect names the scenario" "gumi-baseline"
contains "inspect gives the seed and replicate" "20050101, replicate 0"
contains "inspect gives the steps and time span" "24 (steps 0 to 23), time 2003.0000 to 2004.9167 year"
contains "inspect lists the snapshot steps" "at steps $(printf '%s' "$all_steps" | sed 's/ /, /g')"
contains "inspect counts actors by kind at the last snapshot" \
    "last snapshot (step $last_step): $n_actors actors (firm $n_firms, institution $n_inst)"
contains "inspect counts memberships" "memberships: mc "
contains "inspect gives ties of the last snapshot" "$n_collab at step $last_step"
# The commit the file records is the binary's (read at build time, tools/version.cmake):
# 12 hex digits, "-dirty" when the tree had uncommitted changes, or "unknown" without git.
commit="$("$bin" --version | sed -n 's/.*(commit \([^;]*\);.*/\1/p')"
if printf '%s' "$commit" | grep -qE '^([0-9a-f]{12}(-dirty)?|unknown)$'; then
    ok "--version names the build's commit ($commit)"
else
    bad "--version names no commit: $("$bin" --version)"
fi
expect 0 "inspect again" "$bin" inspect "$traj"
contains "the file records the binary's commit" "commit $commit"
contains "inspect counts events" "events       $n_events"
contains "inspect shows a scalar observable" "firms_alive"
contains "inspect gives the width of a vector observable" "size_class_share            vector of 5"
contains "inspect gives the file size" "bytes"
expect 0 "inspect --help" "$bin" inspect --help
contains "inspect usage" "usage: clustersim inspect"
expect 2 "inspect without a file" "$bin" inspect

# --- export ------------------------------------------------------------------------------
expect 0 "export collaboration GraphML" "$bin" export "$traj" --layer collaboration \
    --step "$last_step" -o "$work/collab.graphml"
contains "export reports the counts" "$n_actors nodes, $n_collab undirected edges"
expect 0 "export supply GraphML" "$bin" export "$traj" --layer supply --step -1 -o "$work/supply.graphml"
expect 0 "export supply CSV" "$bin" export "$traj" --layer supply --step "$last_step" \
    --format csv -o "$work/supply.csv"
if [ "$(head -1 "$work/supply.csv")" = "source,target,sales" ]; then ok "CSV header"; else bad "CSV header: $(head -1 "$work/supply.csv")"; fi
lines=$(($(wc -l <"$work/supply.csv") - 1))
if [ "$lines" -eq "$n_supply" ]; then ok "CSV has one line per edge ($lines)"; else bad "CSV has $lines edges, snapshot $n_supply"; fi
expect 0 "export collaboration CSV to stdout" "$bin" export "$traj" --layer collaboration --step "$last_step" --format csv
contains "collaboration CSV header" "source,target,born,origin,trust,weight"
expect 2 "export at a step without snapshot" "$bin" export "$traj" --layer supply --step 5
contains "the error lists the snapshot steps" "snapshot steps: $(printf '%s' "$all_steps" | sed 's/ /, /g')"
expect 2 "export with an unknown layer" "$bin" export "$traj" --layer trade --step "$last_step"
expect 2 "export without --step" "$bin" export "$traj" --layer supply
expect 2 "export with a bad format" "$bin" export "$traj" --layer supply --step -1 --format pdf
expect 2 "export refuses an existing output" "$bin" export "$traj" --layer supply --step -1 -o "$work/supply.graphml"
contains "export refusal suggests --force" "--force"
expect 0 "export --force replaces it" "$bin" export "$traj" --layer supply --step -1 -o "$work/supply.graphml" --force

if [ "$have_nx" -eq 1 ]; then
    expect 0 "networkx reads the GraphML; counts equal the snapshot's" "$py" - "$work/collab.graphml" \
        "$n_actors" "$n_collab" <<'PY'
import sys, networkx as nx
g = nx.read_graphml(sys.argv[1])
nodes, edges = int(sys.argv[2]), int(sys.argv[3])
assert not g.is_directed()
assert g.number_of_nodes() == nodes, (g.number_of_nodes(), nodes)
# A multigraph keeps parallel ties; the collaboration layer has none, so both agree.
assert g.number_of_edges() == edges, (g.number_of_edges(), edges)
attrs = next(iter(g.nodes(data=True)))[1]
for key in ("id", "kind", "sector", "group", "tier", "employees", "knowledge_mold_die"):
    assert key in attrs, (key, sorted(attrs))
e = next(iter(g.edges(data=True)))[2]
for key in ("weight", "trust", "born", "origin"):
    assert key in e, (key, sorted(e))
assert g.graph["layer"] == "collaboration"
print("networkx ok", g.number_of_nodes(), g.number_of_edges())
PY
    contains "networkx check passed" "networkx ok $n_actors $n_collab"
    expect 0 "networkx reads the directed supply GraphML" "$py" - "$work/supply.graphml" <<'PY'
import sys, networkx as nx
g = nx.read_graphml(sys.argv[1])
assert g.is_directed()
assert all("sales" in d for _, _, d in g.edges(data=True))
print("supply ok")
PY
else
    bad "python3-networkx is not installed for /usr/bin/python3 (tools/setup.sh)"
fi

# --- rerun -------------------------------------------------------------------------------
expect 0 "rerun reproduces the run" "$bin" rerun "$traj" --threads 2 --quiet
contains "rerun says it is bit-identical" "reproduced bit for bit"
contains "rerun writes FILE.rerun.h5 by default" "$work/base.rerun.h5"
same_data "h5diff identical after rerun" "$traj" "$work/base.rerun.h5"
if [ "$have_py" -eq 1 ]; then
    expect 0 "h5py: rerun data bitwise equal, rerun_of recorded" "$py" - "$traj" "$work/base.rerun.h5" <<'PY'
import sys, h5py, numpy as np
a, b = (h5py.File(p, "r") for p in sys.argv[1:3])
count = 0
def same(name, obj):
    global count
    if isinstance(obj, h5py.Dataset):
        x, y = obj[()], b[obj.name][()]
        assert x.dtype == y.dtype and x.shape == y.shape, obj.name
        if x.dtype.kind == "O":                           # strings (name tables)
            assert x.tolist() == y.tolist(), obj.name
        else:
            assert x.tobytes() == y.tobytes(), obj.name   # bit for bit, NaN included
        count += 1
for group in ("/observables", "/events", "/particles", "/connectivity"):
    a[group].visititems(same)
assert b["/parameters"].attrs["rerun_of"].decode() == sys.argv[1]
assert b["/parameters/resolved_yaml"].asstr()[()] == a["/parameters/resolved_yaml"].asstr()[()]
assert b["/parameters/scenario_text"].asstr()[()] == a["/parameters/scenario_text"].asstr()[()]
print("bitwise ok", count)
PY
    contains "h5py compared datasets" "bitwise ok"
fi
expect 2 "rerun refuses an existing output" "$bin" rerun "$traj" --quiet
contains "rerun refusal names the output" "base.rerun.h5"
expect 2 "rerun refuses to write over its input" "$bin" rerun "$traj" -o "$traj" --force --quiet
if [ "$have_py" -eq 1 ]; then
    # A changed value in the original must be caught: the re-run cannot reproduce it.
    cp "$traj" "$work/altered.h5"
    "$py" -c 'import sys, h5py; f = h5py.File(sys.argv[1], "r+"); f["/observables/employment/value"][3] += 1.0; f.close()' "$work/altered.h5"
    expect 1 "rerun detects data that differ" "$bin" rerun "$work/altered.h5" --quiet
    contains "rerun names the difference" "/observables/employment/value: row 3 differs"
fi

# --- the tools under valgrind: no invalid access, no definite leak ------------------------
if valgrind_setup; then
    expect 0 "inspect under valgrind" "${vg[@]}" "$bin" inspect "$small"
    expect 0 "export GraphML under valgrind" "${vg[@]}" "$bin" export "$small" --layer collaboration --step 5
    expect 0 "export CSV under valgrind" "${vg[@]}" "$bin" export "$small" --layer supply --step 11 --format csv
    expect 2 "export at a bad step under valgrind" "${vg[@]}" "$bin" export "$small" --layer supply --step 3
    expect 0 "rerun under valgrind" env OMP_NUM_THREADS=1 "${vg[@]}" "$bin" rerun "$small" --quiet
    printf 'not hdf5\n' >"$work/text.h5"
    expect 2 "inspect of a text file under valgrind" "${vg[@]}" "$bin" inspect "$work/text.h5"
fi

# --- the by-id layout: fill for dead firms, memberships agree with the observables --------
if [ "$have_py" -eq 1 ]; then
    expect 0 "particles by id: fill for absent firms, memberships match the observables" \
        "$py" - "$traj" <<'PY'
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], "r") as f:
    p = f["/particles/firms"]
    steps, obs_steps = p["id/step"][()], f["/observables/firms_alive/step"][()]
    ids = p["id/value"][()]
    assert (f["/particles/institutions/id/step"][()] == steps).all()
    assert (f["/connectivity/supply/snapshot/step"][()] == steps).all()
    for name in ("employees", "knowledge", "mc"):
        v = p[name + "/value"]
        assert v.shape[:2] == ids.shape, name
        assert "fill_value" in v.attrs and "description" in p[name].attrs, name
    # Variables fixed at an agent's creation are time-independent datasets, one entry
    # per index of the same N as the elements (H5MD: no step, no time).
    fixed = ("sector", "complex", "large", "hub", "line", "entry_step",
             "chain_base", "other_base", "capability0")
    for group, n in ((p, ids.shape[1]),
                     (f["/particles/institutions"],
                      f["/particles/institutions/id/value"].shape[1])):
        for name in fixed:
            d = group[name]
            assert isinstance(d, h5py.Dataset) and d.shape == (n,), (group.name, name, d.shape)
            assert "fill_value" in d.attrs and "description" in d.attrs, name
    assert not any(isinstance(p[name], h5py.Dataset) for name in ("id", "mc", "employees"))
    # Strings are fixed-length UTF-8 (docs/OUTPUT.md): h5py gives bytes.
    assert p["sector"].attrs["names"][0] == b"food"
    assert p["entry_step"].attrs["unit"] == b"month"
    assert p["capital/value"].attrs["unit"] == b"KRW million"
    n_max = ids.shape[1]
    entry, sector, line = p["entry_step"][()], p["sector"][()], p["line"][()]
    hub = p["hub"][()]
    ever = (ids >= 0).any(axis=0)
    # every firm present at some snapshot has its fixed values; the initial firms
    # entered at "step -1" (entry_step -1), every later one between the snapshot before
    # its first and that first snapshot
    assert (sector[ever] >= 0).all() and (line[ever] >= 0).all()
    # a product line for every hub and for no other firm
    assert ((line[ever] > 0) == (hub[ever] == 1)).all()
    first = np.argmax(ids >= 0, axis=0)
    for j in np.flatnonzero(ever):
        k = first[j]
        if k == 0:
            assert entry[j] == -1 and steps[0] == -1, j
        else:
            assert steps[k - 1] < entry[j] <= steps[k], (j, entry[j], steps[k - 1], steps[k])
    for k in range(len(steps)):
        row = ids[k]
        present = row >= 0
        # index j holds actor j: the id is the index wherever a firm is present
        assert (row[present] == np.flatnonzero(present)).all()
        emp, mc = p["employees/value"][k], p["mc/value"][k]
        know = p["knowledge/value"][k]
        assert np.isnan(emp[~present]).all() and (mc[~present] == -1).all()
        assert np.isnan(know[~present]).all() and not np.isnan(emp[present]).any()
        if steps[k] < 0:
            continue
        i = int(np.flatnonzero(obs_steps == steps[k])[0])
        assert present.sum() == f["/observables/firms_alive/value"][i]
        for body, observable in (("mc", "mc_members_total"), ("wg", "wg_participants"),
                                 ("org", "org_members_total")):
            members = (p[body + "/value"][k] >= 0).sum() + \
                (f["/particles/institutions/" + body + "/value"][k] >= 0).sum()
            assert members == f["/observables/" + observable + "/value"][i], (body, steps[k])
        # The sales, employment and size columns hold what the observables were summed
        # from: a column recording another array (capital for sales, chain for other
        # sales) breaks these sums.
        obs = lambda name: f["/observables/" + name + "/value"][i]
        chain, other = p["sales_chain/value"][k], p["sales_other/value"][k]
        sme = present & (p["large"][()][:row.size] == 0)
        assert np.isclose(emp[present].sum(), obs("employment"), rtol=1e-9, atol=0)
        assert np.isclose((chain + other)[present].sum(), obs("output"), rtol=1e-9, atol=0)
        assert np.isclose(chain[sme].sum() / (chain + other)[sme].sum(), obs("hub_dependence"),
                          rtol=1e-9, atol=0), steps[k]
    # a firm that died between the first and the last snapshot is fill at the last
    died = np.flatnonzero((ids[0] >= 0) & (ids[-1] < 0))
    exits = (f["/events/kind"][()] == list(f["/events/kind"].attrs["names"]).index(b"firm_exit"))
    assert died.size > 0 and set(died) <= set(f["/events/agent"][()][exits])
    # No variable-length strings anywhere: they would live in HDF5's global heap, which
    # HDF5 1.10 reads unchecked (a damaged file crashed the reader; sim/h5_read.h).
    strings = []
    def no_vlen(name, obj):
        items = [(name, obj.dtype)] if isinstance(obj, h5py.Dataset) else []
        items += [(name + "@" + a, obj.attrs.get_id(a).dtype) for a in obj.attrs]
        for where, dt in items:
            info = h5py.check_string_dtype(dt)
            if info is not None:
                assert info.length is not None, where + " is a variable-length string"
                assert info.encoding == "utf-8", where
                strings.append(where)
    no_vlen("/", f["/"])
    f.visititems(no_vlen)
    assert len(strings) > 100, len(strings)
print("layout ok", n_max)
PY
    contains "layout check passed" "layout ok"
fi

# --- compression: floats raw by default, deflated with run.deflate_floats, same data -------
packed="$work/packed.h5"
expect 0 "the same run with run.deflate_floats=true" "$bin" run "$baseline" \
    --set run.steps=24 --set run.deflate_floats=true --quiet -o "$packed" --threads 1
same_data "h5diff: deflating the floats changes no value" "$traj" "$packed"
if [ "$have_py" -eq 1 ]; then
    expect 0 "filters: integers always shuffle+deflate, floats only when asked" "$py" - "$traj" "$packed" <<'PY'
import os, sys, h5py
plain, packed = (h5py.File(p, "r") for p in sys.argv[1:3])
def filters(f, name):
    d = f[name]
    return (d.compression, d.shuffle)
for name in ("/particles/firms/entry_step", "/particles/firms/mc/value",
             "/connectivity/collaboration/born", "/connectivity/supply/edges"):
    assert filters(plain, name) == ("gzip", True), (name, filters(plain, name))
    assert filters(packed, name) == ("gzip", True), name
for name in ("/particles/firms/capital/value", "/particles/firms/knowledge/value",
             "/particles/firms/chain_base",
             "/connectivity/collaboration/trust", "/connectivity/collaboration/edges"):
    assert filters(plain, name) == (None, False), (name, filters(plain, name))
    assert filters(packed, name) == ("gzip", True), (name, filters(packed, name))
ratio = os.path.getsize(sys.argv[2]) / os.path.getsize(sys.argv[1])
assert ratio < 0.8, ratio
print(f"filters ok, size ratio {ratio:.2f}")
PY
    contains "the deflated file is smaller" "filters ok"
fi

# --- the Python reader -------------------------------------------------------------------
if [ "$have_py" -eq 1 ]; then
    expect 0 "read_trajectory.py prints the file" "$py" "$reader" "$traj"
    contains "reader: scenario line" "scenario: gumi-baseline, seed 20050101, replicate 0"
    contains "reader: observables indexed by time" "observables: 24 rows x"
    contains "reader: time span" "time 2003.0000 to 2004.9167 year"
    contains "reader: snapshot steps" "snapshot steps: [$(printf '%s' "$all_steps" | sed 's/ /, /g')]"
    contains "reader: firms at the last snapshot" "firms at step $last_step: $n_firms rows"
    contains "reader: institutions" "institutions: $n_inst"
    contains "reader: memberships" "mc memberships at step $last_step:"
    contains "reader: collaboration edges" "collaboration edges at step $last_step: $n_collab rows; columns ['source', 'target', 'born', 'origin', 'trust', 'weight']"
    contains "reader: supply edges" "supply edges at step $last_step: $n_supply rows"
    contains "reader: events" "events: $n_events rows"
    expect 0 "reader functions return what the file holds" "$py" - "$src/analysis/python" "$traj" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import read_trajectory as rt
path = sys.argv[2]
obs = rt.observables(path)
assert obs.index.name == "time" and len(obs) == 24
assert "size_class_share[under_50]" in obs.columns and "firms_alive" in obs.columns
assert list(obs.attrs["step"]) == list(range(24))
steps = rt.snapshot_steps(path)
first = rt.firms(path, steps[0])
assert (first.index == first["id"]).all(), "firms are indexed by their stable actor id"
assert "knowledge[mold_die]" in first.columns and str(first["tier"].dtype) == "category"
assert "capital" in first.attrs["units"] and first.attrs["units"]["capital"] == "KRW million"
edges = rt.network(path, "supply", steps[-1])
assert list(edges.columns) == ["source", "target", "sales"]
both = rt.actors(path, steps[-1])
alive = set(both["id"])
assert set(edges["source"]) <= alive and set(edges["target"]) <= alive
assert set(both["kind"].unique()) == {"firm", "institution"}
ev = rt.events(path)
assert {"step", "kind", "agent", "body", "value"} <= set(ev.columns)
try:
    rt.firms(path, 5)
    raise AssertionError("step 5 is not a snapshot step")
except KeyError as e:
    assert "snapshot steps" in str(e)
print("reader api ok")
PY
    contains "reader api check passed" "reader api ok"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
