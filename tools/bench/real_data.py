"""
The real workloads' inputs (issue 29: tools/linuxref/bench/realbench.c), the
same files on both kernels: under /bench, this tree's src/ (what find and
grep go over) and docs/ (what tar and gzip pack). pfgate reads them from
make bench's disk (tools/bench/disk_tree.py), Debian's Linux from its
initramfs (tools/linuxref/initramfs.py). The sort's input is made by the
driver itself, from a fixed seed.
"""
import os

from tools.launch import ROOT

GUEST_DIR = "bench"          # /bench in both guests
TREES = ("src", "docs")      # DATA/src for find + grep, DATA/docs for tar + gzip
# realbench's arguments on pfgate (BUSYBOX_DIR:DATA:TMP), the paths its defaults give on Linux.
ARGS = f"/bin:/{GUEST_DIR}:/tmp"


def entries():
    """[(kind, guest path without the leading /, host path)]: 'dir' before what it holds, then 'file'."""
    out = [("dir", GUEST_DIR, None)]
    for top in TREES:
        base = os.path.join(ROOT, top)
        for folder, dirs, files in sorted(os.walk(base)):
            dirs.sort()
            rel = os.path.relpath(folder, ROOT)
            out.append(("dir", f"{GUEST_DIR}/{rel}", None))
            out += [("file", f"{GUEST_DIR}/{rel}/{name}", os.path.join(folder, name)) for name in sorted(files)]
    return out
