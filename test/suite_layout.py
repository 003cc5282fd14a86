"""
The tree's shape, checked so that it stays as docs/design.md draws it:

  - the folder include graph of src/ (C `#include "..."` and NASM `%include`)
    has no cycle: no two rooms include each other, directly or round a loop;
  - docs/design.md's layout table names every folder that exists, and every
    source folder is in it.
"""
import glob
import os
import re
import subprocess

import run_tests
from run_tests import R, ROOT

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

