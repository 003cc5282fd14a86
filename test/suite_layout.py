"""
The tree's shape, checked so that it stays as docs/design.md draws it:

  - the folder include graph of src/ (C `#include "..."` and NASM `%include`)
    has no cycle: no two rooms include each other, directly or round a loop;
  - docs/design.md's layout table names every folder that exists, and every
    source folder is in it;
  - tools/ and test/ are one package tree, imported from its top: no file
    edits sys.path, every file with a `#!` is executable, and no test driver
    lives in tools/.
"""
import glob
import os
import re
import subprocess

from test import run_tests
from test.run_tests import R, ROOT

SRC = os.path.join(ROOT, "src")
INCLUDE = re.compile(r'^\s*(?:#\s*include|%include)\s+"([^"]+)"', re.M)


def folder_edges():
    """{(from_room, to_room): [why, ...]} for every include that crosses rooms inside src/.
    An include that names no file under src/ (include/, build/gen/ such as asm_offsets.inc)
    is not a room's: the shared headers and the generated files sit outside the graph."""
    edges = {}
    for room in sorted(os.listdir(SRC)):
        d = os.path.join(SRC, room)
        if not os.path.isdir(d):
            continue
        for dirpath, _, files in os.walk(d):
            for f in sorted(files):
                path = os.path.join(dirpath, f)
                try:
                    text = open(path, encoding="utf-8").read()
                except (UnicodeDecodeError, OSError):
                    continue
                for inc in INCLUDE.findall(text):
                    target = inc.split("/")[0]
                    if "/" not in inc or not os.path.exists(os.path.join(SRC, inc)):
                        continue
                    if target != room:
                        edges.setdefault((room, target), []).append(f"{os.path.relpath(path, ROOT)} -> {inc}")
    return edges


def find_cycle(edges):
    """One cycle of the graph as a list of rooms (first == last), or None."""
    succ = {}
    for a, b in edges:
        succ.setdefault(a, []).append(b)
    state = {}

    def visit(n, stack):
        state[n] = 1
        stack.append(n)
        for m in sorted(succ.get(n, [])):
            if state.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if not state.get(m):
                c = visit(m, stack)
                if c:
                    return c
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(succ):
        if not state.get(n):
            c = visit(n, [])
            if c:
                return c
    return None


@run_tests.test
def layout_include_graph_acyclic():
    edges = folder_edges()
    cycle = find_cycle(edges)
    detail = ""
    if cycle:
        detail = "\n".join(f"{a} -> {b}: " + "; ".join(edges[(a, b)][:3]) for a, b in zip(cycle, cycle[1:]))
    R.check(f"layout: the folder include graph of src/ ({len(edges)} edges) has no cycle",
            cycle is None, f"cycle {' -> '.join(cycle or [])}:\n{detail}")
    # The checker itself: a graph with a loop must be refused.
    R.check("layout: the cycle check finds a planted loop",
            find_cycle({("a", "b"): [], ("b", "c"): [], ("c", "a"): []}) is not None
            and find_cycle({("a", "b"): [], ("b", "c"): []}) is None)


def makefile_rooms():
    """The Makefile's KERNEL_DIRS (lowest first), then src/bench, the measurement part on top."""
    m = re.search(r"^KERNEL_DIRS := (.*)$", open(os.path.join(ROOT, "Makefile")).read(), re.M)
    return (m.group(1).split() if m else []) + ["bench"]


@run_tests.test
def layout_includes_go_down():
    order = makefile_rooms()
    rank = {r: i for i, r in enumerate(order)}
    rooms = sorted(d for d in os.listdir(SRC) if os.path.isdir(os.path.join(SRC, d)))
    R.check("layout: every room of src/ is in the Makefile's KERNEL_DIRS (or is src/bench)",
            set(rooms) == set(order), f"src/: {rooms}\nKERNEL_DIRS + bench: {order}")
    up = [f"{a} -> {b}: {why[0]}" for (a, b), why in sorted(folder_edges().items())
          if a in rank and b in rank and rank[b] > rank[a]]
    R.check("layout: every include goes down the rooms' order (docs/design.md, \"Layering\")",
            not up, "\n".join(up))


def design_layout_paths():
    """The paths named in the first column of docs/design.md's Layout table."""
    text = open(os.path.join(ROOT, "docs", "design.md")).read()
    m = re.search(r"^## Layout\n(.*?)^## ", text, re.M | re.S)
    rows = [line for line in (m.group(1) if m else "").splitlines() if line.startswith("| `")]
    paths = []
    for row in rows:
        first = row.split("|")[1]
        paths += re.findall(r"`([^`]+)`", first)
    return paths, m is not None


@run_tests.test
def layout_table_matches_tree():
    paths, found = design_layout_paths()
    R.check("layout: docs/design.md has a Layout table", found and paths)
    missing = [p for p in paths if not os.path.exists(os.path.join(ROOT, p.rstrip("/")))]
    R.check(f"layout: every path docs/design.md's table names exists ({len(paths)})", not missing,
            f"named but absent: {missing}")
    named = {p.rstrip("/") for p in paths}
    out = subprocess.run(["git", "ls-files"], cwd=ROOT, stdout=subprocess.PIPE, text=True, check=False).stdout
    tracked = out.split()
    top = sorted({f.split("/")[0] for f in tracked if "/" in f})
    src = sorted({"/".join(f.split("/")[:2]) for f in tracked if f.startswith("src/") and f.count("/") >= 2})
    unnamed = [d for d in top + src if d not in named and not (d == "src")]
    R.check("layout: every top-level folder and every folder of src/ is in docs/design.md's table",
            not unnamed, f"not in the table: {unnamed}")


def phony_targets():
    names = []
    for mk in [os.path.join(ROOT, "Makefile")] + sorted(glob.glob(os.path.join(ROOT, "mk", "*.mk"))):
        for m in re.finditer(r"^\.PHONY:(.*)$", open(mk).read(), re.M):
            names += m.group(1).split()
    return names


@run_tests.test
def layout_make_help():
    out = subprocess.run(["make", "-s", "--no-print-directory", "help"], cwd=ROOT, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True, check=False).stdout
    listed = {}
    for line in out.splitlines():
        parts = line.split(None, 1)
        if len(parts) == 2:
            listed.setdefault(parts[0], []).append(parts[1])
    phony = phony_targets()
    missing = [t for t in phony if t not in listed]
    R.check(f"layout: make help has a line for each of the {len(phony)} .PHONY targets", phony and not missing,
            f"no help line: {missing}\n{out}")
    twice = [t for t, lines in listed.items() if len(lines) > 1]
    R.check("layout: make help lists each target once", not twice, f"twice: {twice}")
    for t in ("run", "test", "check", "trace", "bochs", "bochs-debug", "qemu-gdb", "gdb", "bench",
              "bench-image", "test-fresh"):
        R.check(f"layout: make help lists {t}", t in listed, out)


@run_tests.test
def layout_no_stray_files():
    # make test runs make check first: a dependency file it writes must land in build/, not the top.
    stray = [f for f in os.listdir(ROOT) if f.endswith(".d")]
    R.check("layout: no dependency file (.d) at the top of the tree after make check", not stray, f"{stray}")



# ---- tools/ and test/: one package tree ---------------------------------------------------------

# Any change to the module search path: insert, append, assignment, extension, slicing.
SYS_PATH_EDIT = re.compile(r"\bsys\s*\.\s*path\s*(?:\.\s*(?:insert|append|extend|remove|pop|clear)\b|\[[^\]]*\]\s*=|\+?=(?!=))")
# What makes a file a test driver: it runs the test harness, judges with its results, prints TAP
# verdicts, or is named for a test. tools/ holds what builds, launches, measures and reads the kernel.
DRIVER_SIGNS = re.compile(r"\brun_tests\b|\bR\.check\(|\bparse_tap\b|[\"']not ok |^(?:ok|not ok) \d", re.M)
DRIVER_NAME = re.compile(r"^(?:test|check|mutate|fuzz)[-_.]|[-_]test\.|(?:^|/)fresh", re.I)


def tree_files(*tops):
    """{path: (mode, text)} of the files git knows under tops and any .py not yet added, as they are
    in the working tree (the mode a checkout gets: 100755 or 100644)."""
    out = subprocess.run(["git", "ls-files", "--", *tops], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                         check=False).stdout.split()
    for top in tops:
        out += [os.path.relpath(p, ROOT) for p in glob.glob(os.path.join(ROOT, top, "**", "*.py"), recursive=True)
                if "__pycache__" not in p]
    files = {}
    for rel in sorted(set(out)):
        path = os.path.join(ROOT, rel)
        if os.path.isfile(path):
            files[rel] = ("100755" if os.access(path, os.X_OK) else "100644", open(path, errors="replace").read())
    return files


def sys_path_edits(files):
    return [f"{p}:{text.count(chr(10), 0, m.start()) + 1}: {m.group(0)}"
            for p, (_, text) in sorted(files.items()) if p.endswith(".py")
            for m in SYS_PATH_EDIT.finditer(text)]


def drivers_outside_test(files):
    return [p for p, (_, text) in sorted(files.items()) if p.startswith("tools/")
            and (DRIVER_NAME.search(os.path.basename(p)) or DRIVER_SIGNS.search(text))]


def shebang_problems(files):
    """A `#!` file that is not executable; a module of the package tree (it imports tools. or test.)
    with a `#!`, which cannot run as a file (test/run_tests.py re-runs itself as its module)."""
    bad = []
    for p, (mode, text) in sorted(files.items()):
        if not text.startswith("#!"):
            continue
        if mode != "100755":
            bad.append(f"{p}: has #! but mode {mode[-3:]}")
        if p.endswith(".py") and re.search(r"^(?:from|import) (?:tools|test)\b", text, re.M) \
                and '"-m", "test.run_tests"' not in text:
            bad.append(f"{p}: has #! but imports the package tree: run it as python3 -m {p[:-3].replace('/', '.')}")
    return bad


@run_tests.test
def layout_tools_one_package():
    files = tree_files("tools", "test")
    edits = sys_path_edits(files)
    R.check(f"layout: no sys.path edit in tools/ or test/ ({len(files)} files)", files and not edits, "\n".join(edits))
    planted = {"tools/x.py": ("100644", "import os, sys\nsys.path.insert(0, 'tools')\n"),
               "test/y.py": ("100644", "import sys\nsys.path[:0] = ['x']\n"),
               "test/z.py": ("100644", "import sys\nsys.path += ['x']\nprint(sys.path == [])\n")}
    R.check("layout: the sys.path check finds planted edits (insert, slice, +=) and not a comparison",
            len(sys_path_edits(planted)) == 3, "\n".join(sys_path_edits(planted)))
    drivers = drivers_outside_test(files)
    R.check("layout: no test driver in tools/ (every test driver is under test/)", not drivers, "\n".join(drivers))
    planted = {"tools/check_x.py": ("100644", "print('hi')\n"),
               "tools/launch/y.py": ("100644", "subprocess.run(['python3', '-m', 'test.run_tests'])\n"),
               "tools/z.py": ("100644", "print(f'not ok {n} - thing')\n"),
               "tools/gen/abi.py": ("100644", "print('ok')\n")}
    found = drivers_outside_test(planted)
    R.check("layout: the test-driver check finds planted drivers in tools/ (by name, by harness, by TAP)",
            found == ["tools/check_x.py", "tools/launch/y.py", "tools/z.py"], f"{found}")
    bad = shebang_problems(files)
    R.check("layout: every file in tools/ and test/ with #! is executable and runs as a file", not bad, "\n".join(bad))
    planted = {"tools/a.sh": ("100644", "#!/bin/sh\n"), "tools/b.py": ("100755", "#!/usr/bin/env python3\nfrom tools import pfabi\n")}
    R.check("layout: the #! check finds a script of mode 644 and a package module with #!",
            len(shebang_problems(planted)) == 2, "\n".join(shebang_problems(planted)))


@run_tests.test
def layout_binary_packages_agree():
    """The launchers name the same Debian package for QEMU, Bochs and GDB as the Makefile's table."""
    from tools.launch import PACKAGES
    text = open(os.path.join(ROOT, "Makefile")).read()
    m = re.search(r"^BINARY_PACKAGES = (.*)$", text, re.M)
    table = dict(re.findall(r"\$\((\w+)\)=([\w.+-]+)", m.group(1) if m else ""))   # variable -> package
    for what, package in sorted(PACKAGES.items()):
        R.check(f"layout: the launchers' package for {what} ({package}) is the Makefile's BINARY_PACKAGES'",
                table.get(what.upper()) == package, m.group(0) if m else "no BINARY_PACKAGES line in the Makefile")
