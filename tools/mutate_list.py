#!/usr/bin/env python3
"""The mutation list of tools/mutate.sh (format in its header), read and applied.

  mutate_list.py plan LIST [IDS]     one line per mutation: id TAB file TAB tests TAB why
                                     (IDS: comma-separated ids to keep; default all)
  mutate_list.py apply LIST ID ROOT  write mutation ID into ROOT/file in place
  mutate_list.py check LIST ROOT     every pattern occurs exactly once under ROOT
Exit 1 with a message on stderr when the list is malformed or a pattern does not match.
"""
import sys

KEYS = ("id", "file", "from", "to", "tests", "why")


def read(path):
    blocks, cur = [], {}
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if line.startswith("#"):
                continue
            if not line.strip():
                if cur:
                    blocks.append(cur)
                    cur = {}
                continue
            key, _, value = line.partition(":")
            cur[key.strip()] = value[1:] if value.startswith(" ") else value
    if cur:
        blocks.append(cur)
    seen = set()
    for b in blocks:
        for k in KEYS:
            if k not in b:
                sys.exit(f"{path}: mutation {b.get('id', '?')} lacks '{k}:'")
        if b["id"] in seen:
            sys.exit(f"{path}: mutation id {b['id']} twice")
        seen.add(b["id"])
    return blocks


def pattern(b, key):
    return b[key].replace("\\n", "\n")


def count(b, root):
    with open(f"{root}/{b['file']}", encoding="utf-8") as f:
        return f.read().count(pattern(b, "from"))


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    mode, path = argv[1], argv[2]
    blocks = read(path)
    if mode == "plan":
        want = set(filter(None, (argv[3] if len(argv) > 3 else "").split(",")))
        unknown = want - {b["id"] for b in blocks}
        if unknown:
            sys.exit(f"{path}: no mutation {', '.join(sorted(unknown))}")
        for b in blocks:
            if not want or b["id"] in want:
                print("\t".join(b[k] for k in ("id", "file", "tests", "why")))
    elif mode == "apply":
        b = [x for x in blocks if x["id"] == argv[3]][0]
        target = f"{argv[4]}/{b['file']}"
        with open(target, encoding="utf-8") as f:
            text = f.read()
        n = text.count(pattern(b, "from"))
        if n != 1:
            sys.exit(f"pattern found {n} times in {b['file']}")
        with open(target, "w", encoding="utf-8") as f:
            f.write(text.replace(pattern(b, "from"), pattern(b, "to")))
    elif mode == "check":
        bad = 0
        for b in blocks:
            n = count(b, argv[3])
            if n != 1:
                print(f"INVALID  {b['id']} ({b['file']}): pattern found {n} times")
                bad += 1
        print(f"{len(blocks) - bad} of {len(blocks)} mutations apply")
        return 1 if bad else 0
    else:
        sys.exit(__doc__)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
