#!/usr/bin/env bash
# End-to-end tests of `clustersim network` on a fresh short run: the report at the default
# (last) and a chosen snapshot step, JSON and CSV that programs can read, --over-time, the
# supply layer, the values checked against networkx on the exported GraphML and against
# the model's own SME-SME observable, and refusals (missing, foreign, truncated files; a
# step that is not a snapshot; bad arguments) that name the file and never crash.
# Usage: test_network.sh CLUSTERSIM SOURCE_DIR
. "$(dirname "$0")/lib.sh"
cli_setup "$@"

# contains "description" text: the last output contains text.

export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=passive

# --- a fresh trajectory: 36 months, snapshots at -1, 11, 23, 35 --------------------------
traj="$work/base.h5"
if ! "$bin" run "$baseline" --set run.steps=36 --set run.scale=0.5 \
    --quiet --threads 1 -o "$traj" >"$work/run.log" 2>&1; then
    cat "$work/run.log"
    echo "not ok - the short baseline run failed; nothing to test"
    exit 1
fi
ok "short baseline run (36 months, scale 0.5)"

# --- the report --------------------------------------------------------------------------
expect 0 "network --help" "$bin" network --help
contains "usage line" "usage: clustersim network FILE"
expect 0 "network at the default step" "$bin" network "$traj"
contains "the default step is the last snapshot" "network collaboration at step 35 (time 2005.9167) of $traj"
for line in "nodes " "edges " "degree " "mean degree by kind" "clustering " "degree assortativity" \
    "degree centralisation" "k-cores " "hubs in innermost core" "communities (Leiden)" \
    "SME-SME ties" "Burt's constraint" "lowest constraint" "degree distribution"; do
    contains "the report has '$line'" "$line"
done
default_report="$out"
expect 0 "network at step 35 named" "$bin" network "$traj" --step 35
if [ "$out" = "$default_report" ]; then ok "same report, same communities (fixed seed)"; else bad "the report at step 35 differs from the default one"; fi
expect 0 "network at the initial state" "$bin" network "$traj" --step -1
contains "step -1 reported" "network collaboration at step -1"
expect 0 "network of the supply layer" "$bin" network "$traj" --layer supply --step 23
contains "supply measured without direction" "network supply at step 23"
contains "supply says direction is dropped" "(direction dropped)"
expect 0 "another Leiden seed" "$bin" network "$traj" --seed 7
contains "another seed still reports communities" "communities (Leiden)"

# --- machine-readable forms, cross-checked ------------------------------------------------
expect 0 "JSON to a file" "$bin" network "$traj" --format json -o "$work/net/last.json"
contains "-o reports what it wrote" "$work/net/last.json: collaboration network at step 35:"
expect 2 "an existing output is refused" "$bin" network "$traj" --format json -o "$work/net/last.json"
contains "the refusal suggests --force" "--force"
expect 0 "--force replaces it" "$bin" network "$traj" --format json -o "$work/net/last.json" --force
expect 0 "one step as CSV" "$bin" network "$traj" --format csv
one_csv="$out"
expect 0 "--over-time as CSV" "$bin" network "$traj" --over-time --format csv -o "$work/over.csv"
expect 0 "--over-time as a table" "$bin" network "$traj" --over-time
contains "over-time header" "network collaboration over time: 4 snapshots"
contains "over-time steps" "step                             -1         11         23         35"
contains "over-time has modularity" "modularity"
expect 0 "--over-time as JSON" "$bin" network "$traj" --over-time --format json -o "$work/over.json"
expect 0 "export GraphML for networkx" "$bin" export "$traj" --layer collaboration --step 35 -o "$work/c35.graphml"

if python_has networkx h5py; then
    printf '%s\n' "$one_csv" >"$work/one.csv"
    expect 0 "JSON, CSV and networkx agree" "$py" - "$work" "$traj" <<'PY'
import csv, json, math, statistics, sys
import h5py, networkx as nx
work, traj = sys.argv[1], sys.argv[2]
d = json.load(open(f"{work}/net/last.json"))
assert d["layer"] == "collaboration" and d["step"] == 35, (d["layer"], d["step"])

g = nx.Graph(nx.read_graphml(f"{work}/c35.graphml"))
g.remove_edges_from(nx.selfloop_edges(g))
assert d["nodes"] == g.number_of_nodes() and d["edges"] == g.number_of_edges()

def near(name, got, want, tol=1e-9):
    assert (got is None and want is None) or abs(got - want) <= tol, (name, got, want)

near("transitivity", d["transitivity"], nx.transitivity(g))
near("clustering_avg", d["clustering_avg"], nx.average_clustering(g))
near("assortativity", d["assortativity"], nx.degree_assortativity_coefficient(g))
core = nx.core_number(g)
k = max(core.values())
assert d["cores"]["max_k"] == k and d["cores"]["innermost_nodes"] == sum(v == k for v in core.values())
degs = [x for _, x in g.degree()]
n = len(degs)
near("centralization", d["centralization"], sum(max(degs) - x for x in degs) / ((n - 1) * (n - 2)))
hist = nx.degree_histogram(g)
assert d["degree"]["counts"] == hist, (d["degree"]["counts"][:10], hist[:10])

def kind(a):
    if a["kind"] == "institution":
        return "institution"
    if a["tier"] == "large":
        return "hub" if a["group"] != "none" else "large"
    return "sme"
c = nx.constraint(g)
for k_ in ("sme", "hub", "large", "institution"):
    vals = [c[v] for v in g if kind(g.nodes[v]) == k_ and g.degree(v) > 0]
    got = d["constraint"]["by_kind"][k_]
    assert got["n"] == len(vals), (k_, got["n"], len(vals))
    if vals:
        near("constraint mean " + k_, got["mean"], statistics.mean(vals))
        near("constraint median " + k_, got["median"], statistics.median(vals))
        near("constraint min " + k_, got["min"], min(vals))
low = d["constraint"]["lowest"][0]
assert abs(low["constraint"] - min(c[v] for v in g if g.degree(v) > 0)) < 1e-12
sme = sum(kind(g.nodes[a]) == "sme" and kind(g.nodes[b]) == "sme" for a, b in g.edges())
near("sme_sme_share", d["sme_sme"]["share"], sme / g.number_of_edges())
# The model's own observable counts the same ties at the end of month 35.
with h5py.File(traj, "r") as f:
    obs = f["/observables/ties_sme_sme_share/value"][35]
near("sme_sme_share vs observable", d["sme_sme"]["share"], float(obs), 1e-12)
# The JSON does not carry the partition, so Leiden is checked for consistency here; its
# known answers are in tests/test_network_stats.c.
assert 0 < d["communities"]["modularity"] < 1
assert d["communities"]["count"] >= d["communities"]["count_2plus"] >= 1

rows = list(csv.DictReader(open(f"{work}/over.csv")))
assert [r["step"] for r in rows] == ["-1", "11", "23", "35"], [r["step"] for r in rows]
one = list(csv.DictReader(open(f"{work}/one.csv")))
assert len(one) == 1 and one[0] == rows[-1], (one, rows[-1])
assert float(rows[-1]["modularity"]) == d["communities"]["modularity"]
assert float(rows[-1]["sme_sme_share"]) == d["sme_sme"]["share"]
over = json.load(open(f"{work}/over.json"))
assert [r["step"] for r in over["rows"]] == [-1, 11, 23, 35]
assert over["rows"][-1]["edges"] == d["edges"]
print("cross-checks ok")
PY
    contains "cross-checks passed" "cross-checks ok"
else
    bad "python3-networkx or python3-h5py is not installed for /usr/bin/python3 (tools/setup.sh)"
fi

# --- refusals ----------------------------------------------------------------------------
expect 2 "a step that is not a snapshot" "$bin" network "$traj" --step 5
contains "the error lists the snapshot steps" "snapshot steps: -1, 11, 23, 35"
contains "the error names the file" "$traj"
expect 2 "a missing file" "$bin" network "$work/none.h5"
contains "the error names the missing file" "$work/none.h5"
printf 'not hdf5\n' >"$work/text.h5"
expect 2 "a text file" "$bin" network "$work/text.h5"
contains "the error names the text file" "$work/text.h5"
head -c 100000 "$traj" >"$work/truncated.h5"
expect 2 "a truncated trajectory" "$bin" network "$work/truncated.h5"
contains "the error names the truncated file" "$work/truncated.h5"
contains "the error says truncated" "truncated"
if python_has h5py; then
    "$py" -c 'import sys, h5py; f = h5py.File(sys.argv[1], "w", libver=("v108", "v108")); f["x"] = [1, 2]; f.close()' "$work/foreign.h5"
    expect 2 "a foreign HDF5 file" "$bin" network "$work/foreign.h5"
    contains "the error says it is not a trajectory" "$work/foreign.h5: not a clustersim trajectory"
fi
"$bin" run "$baseline" --set run.steps=12 --set run.scale=0.3 \
    --set run.snapshot_interval=0 --quiet --threads 1 -o "$work/nosnap.h5" >/dev/null 2>&1
expect 2 "a trajectory without snapshots" "$bin" network "$work/nosnap.h5"
contains "the error says there are no snapshots" "no network snapshots"
expect 0 "--over-time of a trajectory without snapshots" "$bin" network "$work/nosnap.h5" --over-time
contains "zero snapshots reported" "over time: 0 snapshots"
expect 2 "no file" "$bin" network
expect 2 "an unknown layer" "$bin" network "$traj" --layer trade
contains "the layers are listed" "layers: collaboration, supply"
expect 2 "a bad format" "$bin" network "$traj" --format pdf
expect 2 "a bad step" "$bin" network "$traj" --step last
expect 2 "--step with --over-time" "$bin" network "$traj" --step 35 --over-time
expect 2 "an unknown option" "$bin" network "$traj" --frobnicate
expect 2 "two files" "$bin" network "$traj" "$traj"

# --- under valgrind: no invalid access, no definite leak ----------------------------------
if valgrind_setup; then
    expect 0 "network under valgrind" "${vg[@]}" "$bin" network "$small" --format json
    expect 0 "network --over-time under valgrind" "${vg[@]}" "$bin" network "$small" --over-time --layer supply
    expect 2 "network at a bad step under valgrind" "${vg[@]}" "$bin" network "$small" --step 3
    expect 2 "network of a text file under valgrind" "${vg[@]}" "$bin" network "$work/text.h5"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
