"""
Files that stay (issue 26): the disk's ext2 mounted on / through the VFS,
from outside. Every boot gets its own copy of build/disk.img
(harness.disk_copy); after every boot that wrote, the host's e2fsck -fn must
find it clean (harness.disk_checked) and debugfs reads what pfgate wrote.

- disktests (TAP, user/tests/disktests.c) under QEMU and Bochs;
- the issue's done-when in make run's shell, typed byte by byte: `echo hello
  > /notes.txt`, `cat /notes.txt | wc -c` prints 6, `poweroff`; debugfs
  reads hello; the next boot of the same disk still has the file;
- files the host put on with tools/disk_put.sh (make disk EXTRA=DIR), random
  content, 0 bytes to 5 MiB, read back in pfgate byte for byte (sizes and
  FNV-1a sums from `disktests sum`);
- without a disk, the boot says / is the initrd.
"""
import os
import re
import shutil

from test import harness
from test import run_tests
from test import suite_shell
from test.run_tests import R, check_exit

KEEP_TEXT = b"pfgate kept this on the disk\n"    # user/tests/disktests.c's KEEP_TEXT
DISK_ROOT = "vfs: / is the disk (ext2, read-write); the initrd is at /initrd, read-only"
INITRD_ROOT = "vfs: / is the initrd, read-only"
FNV_OFFSET, FNV_PRIME = 2166136261, 16777619      # disktests' sum: FNV-1a, 32 bits
EXTRA_SIZES = (0, 1, 1023, 1024, 1025, 4096, 12 * 1024 + 1, 65537, 300000, 5 << 20)   # abi-ok: file sizes around ext2 block edges


def debugfs(img, request):
    return harness.e2tool("debugfs", "-R", request, img, data=True)[1]


def fnv1a(data):
    h = FNV_OFFSET
    for b in data:
        h = ((h ^ b) * FNV_PRIME) & 0xFFFFFFFF
    return h


def judge_disktests(p, b, img):
    R.check(f"{p}: the boot mounts the disk on /", b.has(DISK_ROOT), b.tail())
    harness.report_tap(R, p, b)
    R.check(f"{p}: no frame leaked", re.search(r"free frames (\d+) at start, \1 now", b.log), b.tail())
    R.check(f"{p}: no open file leaked", re.search(r"open files (\d+) at start, \1 now", b.log), b.tail())
    harness.disk_checked(R, p, img)
    R.check(f"{p}: debugfs reads /dt/keep.txt as written", debugfs(img, "cat /dt/keep.txt") == KEEP_TEXT,
            repr(debugfs(img, "cat /dt/keep.txt")[:200]))
    listing = debugfs(img, "ls /dt").decode(errors="replace")
    R.check(f"{p}: /dt holds keep.txt alone (everything else was removed)",
            re.findall(r"\(\d+\)\s+(\S+)", listing) == [".", "..", "keep.txt"], listing)


@run_tests.test
def qemu_vfs_disktests():
    img = harness.disk_copy("vfs-disktests")
    b = harness.qemu_boot("run=disktests testexit", mem_mb=64, timeout=180, disk=img)
    judge_disktests("qemu disktests", b, img)
    check_exit("qemu disktests", b)


@run_tests.test
def bochs_vfs_disktests():
    """Under Bochs the drive's interrupt comes late: every write sleeps in the process."""
    img = harness.disk_copy("bochs-vfs-disktests")
    b = harness.bochs_boot(harness.make_iso("bochs-vfs-disktests", "run=disktests testexit"), timeout=600, disk=img)
    p = "bochs disktests"
    judge_disktests(p, b, img)
    R.check(f"{p}: passes", b.has("test exit PASS"), b.tail())


def shell_boot(img, lines):
    replies = []
    for line in lines:
        replies += suite_shell.typed(line)
    return harness.qemu_boot("init=sh", mem_mb=32, timeout=180, replies=replies, disk=img)


@run_tests.test
def qemu_vfs_notes_done_when():
    """The issue's done-when, typed byte by byte into the shell, across a power-off."""
    p = "notes.txt across a power-off"
    img = harness.disk_copy("vfs-notes")
    b = shell_boot(img, ["echo hello > /notes.txt", "cat /notes.txt | wc -c", "poweroff"])
    got = suite_shell.sessions(b.log)
    R.check(f"{p}: cat /notes.txt | wc -c prints 6", len(got) >= 2 and got[1][1] == "6\n", b.tail())
    R.check(f"{p}: poweroff turns the machine off", b.has("machine: power off") and not b.timed_out, b.tail())
    harness.disk_checked(R, p, img)
    R.check(f"{p}: debugfs -R 'cat /notes.txt' prints hello", debugfs(img, "cat /notes.txt") == b"hello\n",
            repr(debugfs(img, "cat /notes.txt")))
    # One line: poweroff follows the write at once, well inside the flush's half second (its own sync must write it).
    b = shell_boot(img, ["cat /notes.txt", "ls /", "echo more >> /notes.txt; poweroff"])
    got = suite_shell.sessions(b.log)
    R.check(f"{p}: the next boot still has it", len(got) >= 2 and got[0][1] == "hello\n", b.tail())
    R.check(f"{p}: ... ls / lists it with its size", re.search(r"\n\s+6 notes\.txt\n", b.log), b.tail())
    harness.disk_checked(R, p + ", second boot", img)
    R.check(f"{p}: >> appended", debugfs(img, "cat /notes.txt") == b"hello\nmore\n", repr(debugfs(img, "cat /notes.txt")))


@run_tests.test
def qemu_vfs_extra_files_read_back():
    """make disk EXTRA=DIR's files (tools/disk_put.sh) read back in pfgate byte for byte."""
    p = "make disk EXTRA read back in pfgate"
    img = harness.disk_copy("vfs-extra")
    tree, files = harness.random_tree("vfs-extra-tree", {f"extra/d{i % 3}/f{i}.bin": size
                                                         for i, size in enumerate(EXTRA_SIZES)}, 2626)
    code, out = harness.e2tool(os.path.join(harness.ROOT, "tools", "disk_put.sh"), img, tree)
    R.check(f"{p}: disk_put.sh copies the tree", code == 0, out)
    b = harness.qemu_boot("init=sh", mem_mb=32, timeout=180, disk=img,
                          replies=[("$ ", "disktests sum " + " ".join("/" + r for r in files) + "\r"),
                                   ("$ ", "poweroff\r")])
    sums = dict((m.group(1), (int(m.group(2)), int(m.group(3), 16)))
                for m in re.finditer(r"sum: /(\S+) (\d+) ([0-9a-f]{8})\r?\n", b.log))
    for rel, data in files.items():
        R.check(f"{p}: /{rel} ({len(data)} bytes) reads back byte for byte", sums.get(rel) == (len(data), fnv1a(data)),
                f"pfgate {sums.get(rel)}, host {(len(data), fnv1a(data))}\n{b.tail()}")
    harness.disk_checked(R, p, img)


@run_tests.test
def qemu_vfs_initrd_root_without_disk():
    b = harness.qemu_boot("run=hello testexit", mem_mb=32, timeout=60)
    R.check("no disk: the boot says / is the initrd, read-only", b.has(INITRD_ROOT), b.tail())
    check_exit("no disk", b)


STORM_ROUNDS = 400
STORM_CUTS = (1, 8, 33, 64, 121, 190, 255, 334)   # rounds after whose line QEMU is killed


def storm_file(i):
    """user/tests/disktests.c's storm file i: storm_size(i) bytes of storm_byte(i, j)."""
    size = 1 + (i * 7919) % 30000
    return bytes((i * 131 + j * 7 + (j >> 8)) & 0xFF for j in range(size))


def dump_all(img, paths, into):
    """Every path on img dumped by one debugfs into directory into: {path: bytes or None}."""
    shutil.rmtree(into, ignore_errors=True)
    os.makedirs(into)
    cmds = os.path.join(into, "cmds")
    with open(cmds, "w") as f:
        for n, path in enumerate(paths):
            f.write(f"dump {path} {os.path.join(into, str(n))}\n")
    harness.e2tool("debugfs", "-f", cmds, img)
    got = {}
    for n, path in enumerate(paths):
        out = os.path.join(into, str(n))
        got[path] = open(out, "rb").read() if os.path.exists(out) else None
    return got


@run_tests.test
def qemu_vfs_power_cut_storm():
    """QEMU killed in a storm of writes, creates, renames and unlinks through the VFS, at many points."""
    for cut in STORM_CUTS:
        p = f"power cut in the storm after round {cut}"
        img = harness.disk_copy("vfs-storm")
        mark = f"synced /storm/{'f' if cut % 2 else 'r'}{cut} {cut}"   # a name of its own: no other line holds it
        b = harness.qemu_boot(f"run=disktests:storm:{STORM_ROUNDS}", mem_mb=64, timeout=180, disk=img, until=mark)
        R.check(f"{p}: cut while the storm ran", b.has(mark) and not b.has("storm: all"), b.tail())
        code, out = harness.e2tool("e2fsck", "-fy", img)
        R.check(f"{p}: e2fsck -fy repairs it (status 0 or 1)", code in (0, 1), out)
        harness.disk_checked(R, p + ", after the repair", img)
        synced = [(m.group(1), int(m.group(2))) for m in re.finditer(r"synced (/storm/\S+) (\d+)\r?\n", b.log)]
        got = dump_all(img, [path for path, _ in synced], os.path.join(harness.BUILD, "test", "disk", "storm-dump"))
        bad = [path for path, i in synced if got[path] != storm_file(i)]
        R.check(f"{p}: every file whose fsync returned ({len(synced)}) reads back intact", synced and not bad,
                f"wrong or missing: {bad[:10]}")
