#!/usr/bin/env bash
# /programme: the table of programme bodies (every MC, WG and organisation with its
# founding, end, stage history and field), their members at each snapshot and the
# organisations' dormancy spells (docs/OUTPUT.md, "Programme bodies"). Checked against
# the file's own event log and particle memberships, and read back by the Python reader.
# Usage: test_programme_bodies.sh CLUSTERSIM SOURCE_DIR
. "$(dirname "$0")/lib.sh"
cli_setup "$@"
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=passive
need_python h5py numpy pandas

# The baseline; a shorter run whose snapshots miss its last month (interval 7); and one
# whose councils cannot pay their way, so that organisations fall dormant and dissolve.
expect 0 "baseline run" "$bin" run "$baseline" --quiet --threads 1 \
    -o "$work/base.h5"
expect 0 "run with snapshots every 7 months" "$bin" run "$src/scenarios/hub-exit.yaml" \
    --set run.steps=100 --set run.snapshot_interval=7 --quiet --threads 2 -o "$work/seven.h5"
expect 0 "run with failing councils" "$bin" run "$src/scenarios/broker-heavy.yaml" \
    --set org.council_cost=2 --set org.dissolve_months=6 --quiet --threads 1 -o "$work/dormant.h5"

check() {
    "$py" - "$1" "$src" <<'PY'
import sys
import h5py, numpy as np
path, src = sys.argv[1], sys.argv[2]
sys.path.insert(0, src + "/analysis/python")
import read_trajectory as rt

errors = []
def fail(msg):
    errors.append(msg)

with h5py.File(path, "r") as f:
    start = int(f["/parameters/resolved"].attrs["run.start_year"])
    b = {c: f["/programme/bodies"][c][()] for c in f["/programme/bodies"]}
    kind_names = [s.decode() for s in f["/programme/bodies/kind"].attrs["names"]]
    for c in f["/programme/bodies"]:
        a = f["/programme/bodies"][c].attrs
        if "description" not in a or "fill_value" not in a:
            fail(f"/programme/bodies/{c} lacks a description or fill_value")
    ev = {c: f["/events"][c][()] for c in ("step", "kind", "body", "value")}
    ev_names = [s.decode() for s in f["/events/kind"].attrs["names"]]
    members = f["/programme/members/value"][()]
    msteps = f["/programme/members/step"][()]
    psteps = f["/particles/firms/id/step"][()]
    if not np.array_equal(msteps, psteps):
        fail("members are not on the particles' snapshot clock")
    cols = {}
    for g in ("firms", "institutions"):
        for v in ("mc", "wg", "org", "site"):
            cols[g, v] = f[f"/particles/{g}/{v}/value"][()]
    dorm = {c: f["/programme/dormancy"][c][()] for c in f["/programme/dormancy"]}

B = len(b["id"])
if members.shape != (len(msteps), B):
    fail(f"members has shape {members.shape}, wanted {(len(msteps), B)}")
index = {(kind_names[k], int(i)): j for j, (k, i) in enumerate(zip(b["kind"], b["id"]))}
if len(index) != B:
    fail("a (kind, id) appears twice")

def year(step):
    return np.where(step < 0, np.nan, start + step / 12.0)

for c in ("founded", "ended", "association", "site"):
    if not np.array_equal(year(b[c + "_step"]), b[c + "_time"], equal_nan=True):
        fail(f"{c}_time is not start_year + {c}_step / 12")

kinds = {"mc_open": "mc", "wg_found": "wg", "org_found": "organisation",
         "site_built": "organisation"}
ends = {"mc_merge": "mc", "mc_close": "mc", "wg_dissolve": "wg",
        "org_dissolve": "organisation"}
founded, ended = {}, {}
stage_step, site = {}, {}
spells = []
for step, k, body, value in zip(ev["step"], ev["kind"], ev["body"], ev["value"]):
    name = ev_names[k]
    if name in kinds:
        key = (kinds[name], int(body))
        if key in founded:
            fail(f"{key} founded twice in the events")
        founded[key] = int(step)
        if name == "mc_open" and key in index and b["field"][index[key]] != int(value):
            fail(f"{key}: field {b['field'][index[key]]}, mc_open says {value}")
    elif name in ends:
        key = (ends[name], int(body))
        ended[key] = int(step)
        if name == "mc_merge" and key in index and b["merged_into"][index[key]] != int(value):
            fail(f"{key}: merged_into {b['merged_into'][index[key]]}, mc_merge says {value}")
    elif name == "org_stage" and int(value) == 1:
        stage_step.setdefault(int(body), int(step))
    elif name == "org_dormant":
        spells.append((int(body), int(step), int(value)))

builds = {}
for (kind, c), step in founded.items():
    j = index.get((kind, c))
    if kind == "organisation" and j is not None and b["parent"][j] >= 0:
        builds.setdefault(int(b["parent"][j]), []).append(c)
for key, step in founded.items():
    if key not in index:
        fail(f"{key} founded at step {step} is not in the table")
    elif b["founded_step"][index[key]] != step:
        fail(f"{key}: founded_step {b['founded_step'][index[key]]}, event at {step}")
for key, j in index.items():
    if key not in founded:
        fail(f"{key} is in the table but no event founded it")
    want = ended.get(key, -1)
    if b["ended_step"][j] != want:
        fail(f"{key}: ended_step {b['ended_step'][j]}, events say {want}")
    if key[0] == "organisation":
        if b["association_step"][j] != stage_step.get(key[1], -1):
            fail(f"{key}: association_step {b['association_step'][j]}")
        # An association's first site is its first cooperative (site_built event).
        coops = [(founded[("organisation", int(c))], int(c)) for c in builds.get(key[1], [])]
        first = min(coops) if coops else (-1, -1)
        if (b["site_step"][j], b["cooperative"][j]) != first:
            fail(f"{key}: site_step {b['site_step'][j]}, cooperative {b['cooperative'][j]}; "
                 f"the events say {first}")
        if b["stage"][j] != (3 if b["ended_step"][j] >= 0 else
                             2 if b["parent"][j] >= 0 else
                             1 if b["association_step"][j] >= 0 else 0):
            fail(f"{key}: stage {b['stage'][j]} at the end")

# Dormancy spells: one per org_dormant 1, closed by org_dormant 0 or dissolution.
open_spell, want_spells = {}, []
for o, step, v in spells:
    if v == 1:
        open_spell[o] = len(want_spells)
        want_spells.append([o, step, -1])
    elif o in open_spell:
        want_spells[open_spell.pop(o)][2] = step
for o, i in open_spell.items():
    want_spells[i][2] = ended.get(("organisation", o), -1)
got = [[int(o), int(s), int(e)] for o, s, e in
       zip(dorm["organisation"], dorm["start_step"], dorm["end_step"])]
if got != want_spells:
    fail(f"dormancy {got}, events say {want_spells}")
for key, j in index.items():
    n = sum(1 for o, _, _ in want_spells if ("organisation", o) == key)
    if b["dormant_spells"][j] != n:
        fail(f"{key}: dormant_spells {b['dormant_spells'][j]}, events say {n}")

# Members at each snapshot: a recount of the particles' memberships.
checked = 0
for s, step in enumerate(msteps):
    for j, key in enumerate(index):
        kind, i = key
        exists = b["founded_step"][j] <= step and not (0 <= b["ended_step"][j] <= step)
        if not exists:
            if members[s, j] != -1:
                fail(f"{key} at step {step}: {members[s, j]} members, but not alive")
            continue
        n = 0
        for g in ("firms", "institutions"):
            if kind == "mc":
                n += int((cols[g, "mc"][s] == i).sum())
            elif kind == "wg":
                n += int((cols[g, "wg"][s] == i).sum())
            else:
                n += int((cols[g, "org"][s] == i).sum() + (cols[g, "site"][s] == i).sum())
        if members[s, j] != n:
            fail(f"{key} at step {step}: {members[s, j]} members, recount {n}")
        checked += 1

# Summed by kind at December they are the observables: MC members, WG participants, and
# the councils' and associations' members (org_members_total leaves out the lot holders).
obs = rt.observables(path)
with h5py.File(path, "r") as f:
    obs_steps = list(f["/observables/employment/step"][()])
is_coop = np.array([k == kind_names.index("organisation") and p >= 0
                    for k, p in zip(b["kind"], b["parent"])])
for s, step in enumerate(msteps):
    if step < 0 or step not in obs_steps:
        continue
    row = members[s]
    for kind, name in (("mc", "mc_members_total"), ("wg", "wg_participants"),
                       ("organisation", "org_members_total")):
        sel = (b["kind"] == kind_names.index(kind)) & (row >= 0) & ~is_coop
        if int(row[sel].sum()) != int(obs[name].values[obs_steps.index(step)]):
            fail(f"step {step}: {kind} members sum to {int(row[sel].sum())}, {name} says "
                 f"{obs[name].values[obs_steps.index(step)]}")

# The Python reader returns the same.
df = rt.bodies(path)
if len(df) != B or list(df["id"]) != list(b["id"]) or \
        list(df["kind"].astype(str)) != [kind_names[k] for k in b["kind"]] or \
        list(df["founded_step"]) != list(b["founded_step"]) or \
        list(df["ended_step"]) != list(b["ended_step"]):
    fail("rt.bodies differs from the file")
sizes = rt.body_sizes(path)
want = sorted((int(j), int(msteps[s]), int(members[s, j]))
              for s in range(members.shape[0]) for j in range(B) if members[s, j] >= 0)
got = sorted(zip(sizes["body"].astype(int), sizes["step"].astype(int),
                 sizes["members"].astype(int)))
if got != want or len(sizes) != checked:
    fail("rt.body_sizes differs from the file")
if len(rt.dormancy(path)) != len(want_spells):
    fail("rt.dormancy differs from the file")

for e in errors[:20]:
    print("mismatch:", e)
print(f"{B} bodies, {len(founded)} founded and {len(ended)} ended in the events, "
      f"{len(want_spells)} dormancy spells, {checked} member counts recounted, "
      f"{len(errors)} mismatches")
sys.exit(1 if errors else 0)
PY
}

for run in base seven dormant; do
    expect 0 "$run: table, sizes and reader agree with the events and particles" \
        check "$work/$run.h5"
    echo "$out" | tail -1
done
contains "the failing councils fall dormant" "dormancy spells"
lacks "dormant councils make spells" " 0 dormancy spells"

# The counts the reader and inspect must print, from the table that check() has just
# matched against the event log.
counts=$("$py" - "$work/base.h5" <<'PY'
import sys
import h5py, numpy as np
with h5py.File(sys.argv[1], "r") as f:
    kind = f["/programme/bodies/kind"][()]
    ended = f["/programme/bodies/ended_step"][()] >= 0
    names = [s.decode() for s in f["/programme/bodies/kind"].attrs["names"]]
parts = [f"{n} {int((kind == k).sum())} ({int(((kind == k) & ended).sum())} ended)"
         for k, n in enumerate(names)]
print(f"{len(kind)}|bodies       {len(kind)}: " + ", ".join(parts))
PY
)
n_bodies=${counts%%|*}
by_kind=${counts#*|}
expect 0 "read_trajectory.py prints the bodies" "$py" "$src/analysis/python/read_trajectory.py" \
    "$work/base.h5"
contains "the reader's main lists the bodies" "programme bodies: $n_bodies"

expect 0 "inspect counts the bodies" "$bin" inspect "$work/base.h5"
contains "inspect lists the bodies by kind" "$by_kind"

# `rerun` reproduces /programme bit for bit, and notices a changed count.
expect 0 "rerun compares /programme" "$bin" rerun "$work/base.h5" -o "$work/again.h5" --quiet \
    --threads 2
contains "rerun names /programme" "/connectivity /programme ("
"$py" -c "
import h5py
with h5py.File('$work/base.h5', 'r+') as f:
    v = f['/programme/members/value']
    v[3, 0] = v[3, 0] + 1"
expect 1 "rerun of a file whose members were changed" "$bin" rerun "$work/base.h5" \
    -o "$work/again.h5" --force --quiet
contains "the difference is in /programme" "/programme/members/value"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
