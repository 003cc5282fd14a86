"""
Issue 28's disk, from outside (host only: e2fsprogs' debugfs and e2fsck read
build/disk.img as made by make disk-new, tools/disk_tree.py):

- Debian's busybox at /bin/busybox, byte for byte the reference's, and one
  hard link to it per applet the binary lists (tools/linuxref/applets.py):
  one inode, its link count the number of names; /bin/sh among them;
- the native programs under /native, each byte for byte the initrd's;
- /etc/passwd and /etc/group, /tmp with mode 1777, /dev and /proc;
- e2fsck -fn clean; and tools/disk_put.sh (make's in-place update) onto a
  copy of the disk twice keeps the links one inode and the disk clean.
"""
import os
import re
import subprocess
import tarfile

from test import harness
from test.run_tests import R, test
from tools.linuxref import BUSYBOX
from tools.linuxref.applets import applets


def debugfs(img, request, data=False):
    return harness.e2tool("debugfs", "-R", request, img, data=data)[1]


def inode_and_links(img, path):
    """(inode, link count) of path on img, or None."""
    out = debugfs(img, f'stat "{path}"')
    m = re.search(r"Inode: (\d+).*?Links: (\d+)", out, re.S)
    return (int(m.group(1)), int(m.group(2))) if m else None


def check_links(label, img, names):
    want = inode_and_links(img, "/bin/busybox")
    # One listing of /bin: the inode of every name.
    listing = debugfs(img, "ls -l /bin")
    inodes = {}
    for line in listing.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].isdigit():
            inodes[parts[-1]] = int(parts[0])
    odd = [n for n in names if inodes.get(n) != (want[0] if want else None)]
    R.check(f"{label}: every applet is a hard link of /bin/busybox ({len(names)})", want and not odd,
            f"busybox {want}, not linked: {odd[:20]}")
    R.check(f"{label}: /bin/busybox's link count is its names' ({len(names) + 1})",
            want and want[1] == len(names) + 1, f"{want}")


@test
def busybox_disk():
    img = harness.DISK_IMG
    if not os.path.exists(BUSYBOX):
        R.add("busybox disk: Debian's busybox on build/disk.img", True,
              "build/linuxref/busybox not fetched (tools/linuxref/debs.sh)", skipped=True)
        return
    names = [n for n in applets(BUSYBOX) if n != "busybox"]
    with open(BUSYBOX, "rb") as f:
        want = f.read()
    R.check("busybox disk: /bin/busybox is Debian's busybox byte for byte",
            debugfs(img, "cat /bin/busybox", data=True) == want, "differs or missing (make disk-new)")
    R.check("busybox disk: /bin/sh and /bin/ash are applet links", {"sh", "ash"} <= set(names), names[:10])
    check_links("busybox disk", img, names)
    with tarfile.open(harness.INITRD) as tar:
        programs = {os.path.basename(m.name): tar.extractfile(m).read()
                    for m in tar.getmembers() if m.isfile() and os.path.basename(m.name) != "README"}
    differ = [p for p in ("sh", "hello", "ls", "disktests") if debugfs(img, f"cat /native/{p}", data=True) != programs[p]]
    R.check("busybox disk: the native programs are under /native, as the initrd has them", not differ, differ)
    top = debugfs(img, "ls /native")
    R.check(f"busybox disk: /native lists every initrd program ({len(programs)})",
            all(re.search(rf"\b{re.escape(p)}\b", top) for p in programs), top[:500])
    R.check("busybox disk: /etc/passwd and /etc/group name root",
            debugfs(img, "cat /etc/passwd", data=True).startswith(b"root:x:0:0:")
            and debugfs(img, "cat /etc/group", data=True).startswith(b"root:x:0:"), "")
    tmp = debugfs(img, "stat /tmp")
    R.check("busybox disk: /tmp is a directory, mode 1777", re.search(r"Type: directory\s+Mode:\s+01777", tmp), tmp[:300])
    root = debugfs(img, "ls /")
    R.check("busybox disk: /dev and /proc are there (mount points)",
            re.search(r"\bdev\b", root) and re.search(r"\bproc\b", root), root)
    harness.disk_checked(R, "busybox disk: build/disk.img", img)
    # make's in-place update of a disk the user keeps: twice, as two rebuilds would.
    copy = harness.disk_copy("bbdisk-put")
    for n in (1, 2):
        p = subprocess.run(["tools/disk_put.sh", copy, os.path.join(harness.BUILD, "disk")], cwd=harness.ROOT,
                           env=harness.E2PATH, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        R.check(f"busybox disk: disk_put.sh update {n} succeeds", p.returncode == 0, p.stdout[-2000:])
        harness.disk_checked(R, f"busybox disk: after disk_put.sh update {n}", copy)
        check_links(f"busybox disk: after disk_put.sh update {n}", copy, names)
