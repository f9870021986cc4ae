#!/usr/bin/env bash
# A trajectory explains itself (issue 25, item 5): read with h5py only, a short run's file
# holds each event's time (run.start_year + step / 12, the observables' clock), the
# meaning of agent, body and value for every event kind as attributes of /events -- the
# very texts of CSIM_EVENT_LIST in model/events.h, and of the table in docs/OUTPUT.md --
# and a description on every column of /events and /connectivity.
# Usage: test_self_describing.sh CLUSTERSIM SOURCE_DIR
. "$(dirname "$0")/lib.sh"
cli_setup "$@"
need_python h5py numpy

short_run 24

checks="$("$py" - "$traj" "$src/model/events.h" "$src/docs/OUTPUT.md" <<'PY' 2>&1
import re, sys
import h5py, numpy as np

traj, header, output_md = sys.argv[1:4]

def x_entries(text):
    """The X(NAME, "recorded", "agent", "body", "value") entries of CSIM_EVENT_LIST, each
    as [NAME, recorded, agent, body, value] with adjacent string literals joined."""
    start = text.index("#define CSIM_EVENT_LIST(X)")
    body = text[start:].replace("\\\n", "\n")
    body = body[:body.index("\n\n")]
    entries, i = [], body.index("X(", len("#define CSIM_EVENT_LIST(X)"))
    while i >= 0:
        i += 2
        args, cur, depth = [], "", 0
        while True:
            c = body[i]
            if c == '"':
                j = i + 1
                while body[j] != '"':
                    j += 2 if body[j] == "\\" else 1
                cur += body[i + 1:j].encode().decode("unicode_escape")
                i = j + 1
                continue
            if c == "(":
                depth += 1
            elif c == ")" and depth > 0:
                depth -= 1
            elif c in ",)":
                args.append(cur.strip())
                cur = ""
                if c == ")":
                    break
            elif not c.isspace():
                cur += c
            i += 1
        entries.append(args)
        i = body.find("X(", i)
    return entries

def text(values):
    return [v.decode() for v in values]

declared = x_entries(open(header).read())
print("declared kinds parsed" if len(declared) >= 19 and all(len(e) == 5 for e in declared)
      else f"MISMATCH parsing model/events.h: {declared}")
with h5py.File(traj, "r") as f:
    ev = f["/events"]
    a = ev.attrs
    file_rows = list(zip(text(a["kind_names"]), text(a["agent_meaning"]),
                         text(a["body_meaning"]), text(a["value_meaning"])))
    header_rows = [tuple(e[1:]) for e in declared]
    print("attributes match the header" if file_rows == header_rows else
          f"MISMATCH header {header_rows} file {file_rows}")
    print("kind names match" if text(ev["kind"].attrs["names"]) == [r[0] for r in file_rows]
          else "MISMATCH kind/@names")
    print("group described" if a["description"].decode().strip() else "no group description")
    for name in ev:
        if not ev[name].attrs.get("description", b"").decode().strip():
            print(f"MISSING description /events/{name}")
    step = ev["step"][()]
    time = ev["time"][()]
    start = int(f["/parameters/resolved"].attrs["run.start_year"])
    print(f"events: {step.size}")
    want = np.float64(start) + step.astype(np.float64) / 12.0
    print("times exact" if step.size > 0 and np.array_equal(time, want) else
          f"MISMATCH times {time[:5]} want {want[:5]}")
    obs_step = f["/observables/employment/step"][()]
    obs_time = f["/observables/employment/time"][()]
    pos = np.searchsorted(obs_step, step)
    print("times equal the observables'" if np.array_equal(obs_time[pos], time)
          else "MISMATCH observables' time")
    print("time unit year" if ev["time"].attrs["unit"] == b"year" else "MISMATCH unit")
    for layer in ("collaboration", "supply"):
        g = f["/connectivity/" + layer]
        for name in g:
            if isinstance(g[name], h5py.Dataset) and \
                    not g[name].attrs.get("description", b"").decode().strip():
                print(f"MISSING description /connectivity/{layer}/{name}")
    print(f"collaboration columns: {sorted(n for n in f['/connectivity/collaboration'] if n != 'snapshot')}")

# docs/OUTPUT.md's table of kinds is the same table.
doc = open(output_md).read()
i = doc.index("| kind | agent | body | value |")
lines = doc[i:].split("\n\n")[0].splitlines()[2:]
doc_rows = [tuple(c.strip() for c in line.strip().strip("|").split("|")) for line in lines]
print("docs table matches" if doc_rows == file_rows else
      f"MISMATCH docs {set(doc_rows) ^ set(file_rows)}")
PY
)"
echo "$checks" | sed 's/^/# /'
out="$checks"
contains "every declared kind read from model/events.h" "declared kinds parsed"
contains "/events attributes agent/body/value_meaning are CSIM_EVENT_LIST's texts" \
    "attributes match the header"
contains "/events@kind_names equals /events/kind@names" "kind names match"
contains "/events has a description" "group described"
contains "the run logged events" "events: "
contains "/events/time = run.start_year + step / 12, bit for bit" "times exact"
contains "event times equal the observables' time of the same step" \
    "times equal the observables'"
contains "/events/time has unit year" "time unit year"
contains "every collaboration column is there" \
    "collaboration columns: ['born', 'edges', 'origin', 'trust', 'weight']"
contains "docs/OUTPUT.md's event table equals the file's" "docs table matches"
lacks "every column of /events and /connectivity has a description" "MISSING|MISMATCH"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
