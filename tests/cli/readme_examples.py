"""Run every example of README.md as written (test_readme.sh is its ctest entry).

The README is the walk-through users copy from, so each of its fenced blocks must work:
- ```sh blocks run, in the order they appear, with bash (-e -u -o pipefail) in one scratch
  folder that looks like a checkout: scenarios/, analysis/ and tools/ link to the source
  tree and build/clustersim to the binary under test. Later blocks read what earlier ones
  wrote (runs/policy, runs/brief, january.csv, ...), as a reader following the page would.
- ```python blocks run with python3 in the same folder, after the sh blocks before them.
- ```yaml blocks whose first line is a comment naming a file, `# NAME: ...`: when NAME is
  a shipped file (scenarios/...), every setting line of the block must appear in it as
  written (an excerpt that drifted from the file it quotes is a failure); otherwise the
  block is a file the reader is asked to write, and it is written to NAME in the scratch
  folder before anything runs. Any other yaml block fails: it must say what it is.
- A few blocks cannot run on a test machine; they are recognised by what they start with
  and listed as skipped with the reason (SKIPS below). A block that matches no rule fails,
  so a new example is either runnable or explicitly excused here.

Usage: python3 readme_examples.py CLUSTERSIM SOURCE_DIR
Prints TAP-style lines and "N passed, M failed"; exit 0 only when nothing failed.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

# (the block's first command starts with, why it is not run here). The two opening
# commands are special: the first runs without its set-up step (set-up already happened:
# this test runs on the build it made), the second is the test suite this test is part of.
SETUP = "bash tools/setup.sh && "
SKIPS = [
    (SETUP + "ctest", "the whole test suite, of which this test is a part"),
    ("# 4 nodes x 16 cores", "needs a cluster with a hostfile and a shared file system "
                             "(tests/cli/test_mpi.sh runs clustersim-mpi on this machine)"),
]
NEEDS_R = "Rscript "


def blocks(readme):
    """Yield (line number of the opening fence, language, text) of each fenced block."""
    lines = readme.splitlines()
    i = 0
    while i < len(lines):
        m = re.match(r"^```(\w*)\s*$", lines[i])
        if not m:
            i += 1
            continue
        start, lang, body = i + 1, m.group(1), []
        i += 1
        while i < len(lines) and not lines[i].startswith("```"):
            body.append(lines[i])
            i += 1
        yield start, lang, "\n".join(body) + "\n"
        i += 1


def setting_lines(text):
    """The block's lines without comments and trailing spaces, empty ones left out."""
    out = []
    for line in text.splitlines():
        line = re.sub(r"\s+#.*$", "", line).rstrip()
        if line and not line.lstrip().startswith("#"):
            out.append(line)
    return out


def main():
    if len(sys.argv) != 3:
        print("usage: readme_examples.py CLUSTERSIM SOURCE_DIR", file=sys.stderr)
        return 2
    binary, src = os.path.realpath(sys.argv[1]), os.path.realpath(sys.argv[2])
    with open(os.path.join(src, "README.md"), encoding="utf-8") as f:
        readme = f.read()

    passed = failed = 0

    def ok(what):
        nonlocal passed
        passed += 1
        print("ok - " + what, flush=True)

    def bad(what):
        nonlocal failed
        failed += 1
        print("not ok - " + what, flush=True)

    work = tempfile.mkdtemp(prefix="csim-readme-")
    try:
        for name in ("scenarios", "analysis", "tools"):
            os.symlink(os.path.join(src, name), os.path.join(work, name))
        os.mkdir(os.path.join(work, "build"))
        os.symlink(binary, os.path.join(work, "build", "clustersim"))
        env = dict(os.environ)
        env.pop("CSIM_ALLOW_LARGE", None)
        # The R examples need Rscript and, for trajectories, the hdf5r package.
        have_r = shutil.which("Rscript") is not None and subprocess.run(
            ["Rscript", "-e", "quit(status = !requireNamespace('hdf5r', quietly = TRUE))"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0

        all_blocks = list(blocks(readme))
        runnable = []
        # Files the reader is asked to write come first: a later command names them.
        for line, lang, text in all_blocks:
            where = "README.md:%d (%s)" % (line, lang or "no language")
            if lang == "yaml":
                m = re.match(r"#\s*([\w./-]+\.ya?ml)\b", text)
                if not m:
                    bad(where + ": a yaml block must start with '# FILE: ...' saying "
                        "which file it shows")
                    continue
                name = m.group(1)
                shipped = os.path.join(src, name)
                if os.path.exists(shipped):
                    with open(shipped, encoding="utf-8") as f:
                        have = set(setting_lines(f.read()))
                    missing = [l for l in setting_lines(text) if l not in have]
                    if missing:
                        bad("%s: excerpt of %s differs from the file: %s"
                            % (where, name, missing))
                    else:
                        ok("%s: excerpt of %s matches the file" % (where, name))
                else:
                    path = os.path.join(work, name)
                    os.makedirs(os.path.dirname(path), exist_ok=True)
                    with open(path, "w", encoding="utf-8") as f:
                        f.write(text)
                    ok("%s: written to %s for the commands that use it" % (where, name))
            elif lang in ("sh", "python"):
                runnable.append((line, lang, text, where))
            else:
                bad(where + ": blocks must be sh, python or yaml")

        for line, lang, text, where in runnable:
            skip = next((why for start, why in SKIPS if text.startswith(start)), None)
            if skip:
                print("skip - %s: %s" % (where, skip), flush=True)
                continue
            if lang == "sh" and text.lstrip().startswith(NEEDS_R) and not have_r:
                print("skip - %s: R or hdf5r not installed (Debian: r-base-core, "
                      "r-cran-hdf5r)" % where,
                      flush=True)
                continue
            if lang == "sh" and text.startswith(SETUP):
                text = text[len(SETUP):]        # set-up is what built the binary under test
            argv = (["bash", "-euo", "pipefail", "-c", text] if lang == "sh"
                    else [sys.executable, "-c", text])
            began = time.monotonic()
            run = subprocess.run(argv, cwd=work, env=env, stdin=subprocess.DEVNULL,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            took = time.monotonic() - began
            if run.returncode == 0:
                ok("%s ran as written (%.0f s)" % (where, took))
            else:
                tail = run.stdout.decode("utf-8", "replace")[-3000:]
                bad("%s: exit %d\n--- block ---\n%s--- output (end) ---\n%s"
                    % (where, run.returncode, text, tail))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
