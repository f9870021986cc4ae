#!/usr/bin/env bash
# `clustersim export` for researchers (issue 25, item 5): GraphML whose node ids are the
# actor ids and whose integer attributes are typed as integers (long), doubles exact; and
# with --format csv a node table beside the edge list (OUT.nodes.csv, or --nodes FILE).
# Checked against the trajectory itself with h5py, and read with networkx and pandas.
# Usage: test_export_tables.sh CLUSTERSIM SOURCE_DIR
. "$(dirname "$0")/lib.sh"
cli_setup "$@"
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=passive

short_run 24
expect 0 "export GraphML of December 2004" "$bin" export "$traj" --layer collaboration \
    --year 2004 -o "$work/c.graphml"
expect 0 "export the supply GraphML" "$bin" export "$traj" --layer supply --step 11 \
    -o "$work/s.graphml"
expect 0 "export CSV with -o: edges and nodes" "$bin" export "$traj" --layer collaboration \
    --step 23 --format csv -o "$work/c.csv"
contains "the edge list is reported" "$work/c.csv: collaboration network at step 23"
contains "the node table is written beside it" "$work/c.nodes.csv: the node table"
expect 0 "export CSV to stdout with --nodes" "$bin" export "$traj" --layer supply --step 11 \
    --format csv --nodes "$work/sub/s-nodes.csv"
printf '%s\n' "$out" >"$work/s.csv"
contains "stdout holds the edge list" "source,target,sales"

# Refusals: an existing node table without --force, --nodes with GraphML, one name twice.
expect 2 "an existing node table is refused" "$bin" export "$traj" --layer collaboration \
    --step 23 --format csv -o "$work/c2.csv" --nodes "$work/c.nodes.csv"
contains "it names the file" "$work/c.nodes.csv"
if [ ! -e "$work/c2.csv" ]; then ok "nothing written when the node table is refused"
else bad "the edge list was written although the node table was refused"; fi
expect 0 "--force replaces both" "$bin" export "$traj" --layer collaboration --step 23 \
    --format csv -o "$work/c.csv" --force
expect 2 "--nodes with GraphML" "$bin" export "$traj" --layer supply --step 11 --nodes "$work/x.csv"
contains "--nodes goes with csv" "--nodes goes with --format csv"
expect 2 "--nodes equal to -o" "$bin" export "$traj" --layer supply --step 11 --format csv \
    -o "$work/y.csv" --nodes "$work/y.csv"

if ! python_has h5py numpy pandas networkx; then
    echo "# h5py, pandas or networkx missing for /usr/bin/python3: the content checks are skipped"
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ] && exit 77
    exit 1
fi
expect 0 "GraphML and CSV agree with the trajectory" "$py" - "$traj" "$work" <<'PY'
import sys, xml.etree.ElementTree as ET
import h5py, numpy as np, pandas as pd, networkx as nx
traj, work = sys.argv[1:3]
NS = "{http://graphml.graphdrawing.org/xmlns}"

with h5py.File(traj, "r") as f:
    steps = list(f["/particles/firms/id/step"][()])
    s = steps.index(23)
    firm_ids = f["/particles/firms/id/value"][s]
    inst_ids = f["/particles/institutions/id/value"][s]
    alive = sorted(int(i) for i in np.concatenate([firm_ids[firm_ids >= 0], inst_ids[inst_ids >= 0]]))
    employees = f["/particles/firms/employees/value"][s]
    buyer = f["/particles/firms/buyer/value"][s]
    c_off, c_n = f["/connectivity/collaboration/snapshot/value"][s]
    edges = f["/connectivity/collaboration/edges"][c_off:c_off + c_n]
    born = f["/connectivity/collaboration/born"][c_off:c_off + c_n]

# GraphML: the declared types.
root = ET.parse(f"{work}/c.graphml").getroot()
types = {(k.get("for"), k.get("attr.name")): k.get("attr.type") for k in root.iter(NS + "key")}
for name in ("id", "buyer", "complex", "entry_step", "hub", "large", "mc", "wg", "org",
             "loss_months", "wg_experience"):
    assert types[("node", name)] == "long", (name, types[("node", name)])
for name in ("employees", "capital", "knowledge_mold_die"):
    assert types[("node", name)] == "double", (name, types[("node", name)])
for name in ("sector", "tier", "group", "kind"):
    assert types[("node", name)] == "string", (name, types[("node", name)])
assert types[("edge", "born")] == "long" and types[("edge", "origin")] == "string"
assert types[("edge", "weight")] == "double" and types[("graph", "step")] == "long"
print("types ok")

# networkx: node ids are actor ids; integers come back as int, values exact.
g = nx.read_graphml(f"{work}/c.graphml")
assert sorted(int(n) for n in g.nodes) == alive, "node ids are the actor ids alive"
for n, d in g.nodes(data=True):
    assert int(n) == d["id"] and isinstance(d["id"], int) and isinstance(d["buyer"], int)
    if d["kind"] == "firm":
        assert d["employees"] == employees[int(n)], (n, d["employees"], employees[int(n)])
        assert d["buyer"] == buyer[int(n)]
assert g.graph["step"] == 23 and isinstance(g.graph["step"], int)
got = sorted((min(int(a), int(b)), max(int(a), int(b)), d["born"]) for a, b, d in g.edges(data=True))
want = sorted((int(min(a, b)), int(max(a, b)), int(t)) for (a, b), t in zip(edges, born))
assert got == want, "edges join actor ids, born typed int"
sg = nx.read_graphml(f"{work}/s.graphml")
assert sg.is_directed() and all(isinstance(d["sales"], float) for *_, d in sg.edges(data=True))
print("graphml ok", g.number_of_nodes(), g.number_of_edges())

# CSV: the node table lists the same actors, with the same values; edges name them.
# pandas parses doubles exactly only with float_precision="round_trip".
nodes = pd.read_csv(f"{work}/c.nodes.csv", float_precision="round_trip")
assert list(nodes.columns[:1]) == ["id"] and sorted(nodes["id"]) == alive
assert nodes["id"].dtype.kind == "i" and nodes["buyer"].dtype.kind == "i"
firms = nodes[nodes["kind"] == "firm"]
assert np.array_equal(firms["employees"].to_numpy(), employees[firms["id"].to_numpy()])
e = pd.read_csv(f"{work}/c.csv")
assert set(e["source"]) | set(e["target"]) <= set(nodes["id"])
assert len(e) == len(want)
s_nodes = pd.read_csv(f"{work}/sub/s-nodes.csv")
s_edges = pd.read_csv(f"{work}/s.csv")
assert set(s_edges["source"]) | set(s_edges["target"]) <= set(s_nodes["id"])
print("csv ok", len(nodes), len(e))
PY
contains "GraphML types" "types ok"
contains "GraphML ids and values" "graphml ok"
contains "CSV node table" "csv ok"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
