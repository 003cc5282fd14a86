"""
The ATA disk and the ext2 mounted from it, judged from outside with the
host's e2fsprogs as the oracle. Every boot gets its own copy of
build/disk.img (harness.disk_copy), never the user's; after every boot that
wrote, e2fsck -fn must find the copy clean (harness.disk_checked).

selftest=disk (kernel/selftest_disk.c) writes /selftest.txt (BIG_BYTES of
big_byte(i)), makes /selftest.d, renames /selftest.d/draft.txt to
/renamed.txt, creates and removes /gone.txt, syncs and reads back; debugfs
must then read the same bytes. Also: the boot banner, no disk at all, images
the kernel must refuse, the flush without any sync, and power cuts.
"""
import os
import re

from test import run_tests
from test import harness
from test.run_tests import R, ABI, check_exit

BIG_BYTES = 300000          # kernel/selftest_disk.c's BIG_BYTES
MOVED_TEXT = b"pfgate wrote this in selftest.d/draft.txt\n"
SECTOR_BYTES = 512          # abi-ok: an ATA sector (the banner counts them)
SUPERBLOCK_AT = 1024        # abi-ok: ext2's superblock offset on the disk, whatever the block size
SB_MAGIC, SB_LOG_BLOCK_SIZE = 56, 24   # the superblock fields the refusals corrupt (offsets)
DISK_MOUNTED = re.compile(r"disk: ata0 master, (\d+) sectors; ext2 mounted: (\d+) blocks of (\d+), (\d+) inodes")


def big_byte(i):
    """Byte i of /selftest.txt, as kernel/selftest_disk.c's big_byte() makes it."""
    return (i ^ (i >> 8) ^ (i >> 16)) & 0xFF


def debugfs(img, request):
    return harness.e2tool("debugfs", "-R", request, img, data=True)[1]


def superblock(img):
    """dumpe2fs -h's fields: {name: value}."""
    out = harness.e2tool("dumpe2fs", "-h", img)[1]
    return dict((k.strip(), v.strip()) for k, v in (line.split(":", 1) for line in out.splitlines() if ":" in line))


def check_selftest_image(p, img):
    """What selftest=disk left on img, read by the host's own tools."""
    harness.disk_checked(R, p, img)
    big = debugfs(img, "cat /selftest.txt")
    want = bytes(big_byte(i) for i in range(BIG_BYTES))
    R.check(f"{p}: debugfs reads /selftest.txt ({BIG_BYTES} bytes) byte for byte", big == want,
            f"{len(big)} bytes, first difference at {next((i for i, (a, b) in enumerate(zip(big, want)) if a != b), min(len(big), len(want)))}")
    R.check(f"{p}: /renamed.txt holds what was written as /selftest.d/draft.txt",
            debugfs(img, "cat /renamed.txt") == MOVED_TEXT, debugfs(img, "cat /renamed.txt")[:200])
    listing = debugfs(img, "ls /selftest.d").decode(errors="replace")
    R.check(f"{p}: /selftest.d is a directory left empty (. and .. only)",
            re.findall(r"\(\d+\)\s+(\S+)", listing) == [".", ".."], listing)
    root = debugfs(img, "ls /").decode(errors="replace")
    R.check(f"{p}: /gone.txt was removed", "gone.txt" not in root, root)
    stat = debugfs(img, "stat /selftest.txt").decode(errors="replace")
    R.check(f"{p}: /selftest.txt reaches its double-indirect block (DIND)", "(DIND)" in stat, stat[-400:])


@run_tests.test
def qemu_disk_selftest():
    p = "qemu disk selftest"
    img = harness.disk_copy("selftest")
    b = harness.qemu_boot("selftest=disk", mem_mb=64, timeout=180, disk=img)
    harness.report_tap(R, p, b)
    check_exit(p, b)
    check_selftest_image(p, img)


@run_tests.test
def bochs_disk_selftest():
    p = "bochs disk selftest"
    img = harness.disk_copy("bochs-selftest")
    b = harness.bochs_boot(harness.make_iso("bochs-disk", "selftest=disk"), timeout=600, disk=img)
    R.check(f"{p}: mounts the disk", DISK_MOUNTED.search(b.log), b.tail())
    harness.report_tap(R, p, b)
    R.check(f"{p}: passes", b.has("test exit PASS"), b.tail())
    check_selftest_image(p, img)


@run_tests.test
def qemu_disk_banner_and_sync():
    """
    The banner's numbers are the image's; the mount reaches the disk (its mount count). (The superblock is
    out by the idle loop's first flush already: testexit's own sync has nothing left to show until the VFS writes.)
    """
    p = "qemu disk banner"
    img = harness.disk_copy("banner")
    sb = superblock(img)
    b = harness.qemu_boot("run=hello testexit", mem_mb=64, disk=img)
    check_exit(p, b)
    m = DISK_MOUNTED.search(b.log)
    want = (str(os.path.getsize(img) // SECTOR_BYTES), sb.get("Block count"), sb.get("Block size"), sb.get("Inode count"))
    R.check(f"{p}: 'disk: ata0 master, N sectors; ext2 mounted: N blocks of B, N inodes' as dumpe2fs says",
            m and m.groups() == want, f"{m and m.groups()} != {want}\n{b.tail()}")
    cache = re.search(r"; block cache (\d+) KiB", b.log)
    usable = re.search(r"memory: \d+ MiB of RAM found, (\d+) KiB usable", b.log)
    kib, free_kib = (int(cache.group(1)), int(usable.group(1))) if cache and usable else (0, 0)
    busybox = os.path.getsize(os.path.join(harness.BUILD, "disk", "bin", "busybox"))
    lo, hi, share = (ABI.params[k] for k in ("DISK_CACHE_MIN_KIB", "DISK_CACHE_MAX_KIB", "DISK_CACHE_SHARE"))
    R.check(f"{p}: the block cache is 1/{share} of the memory at most, {lo} KiB to {hi} KiB, and holds busybox "
            f"({kib} KiB of {free_kib} KiB usable, busybox {busybox >> 10} KiB)",
            lo <= kib <= min(hi, free_kib // share) and kib << 10 > busybox, b.tail())
    harness.disk_checked(R, p, img)
    after = superblock(img)
    R.check(f"{p}: the mount is on the disk (mount count {sb.get('Mount count')} -> {after.get('Mount count')})",
            int(after.get("Mount count", 0)) == int(sb.get("Mount count", 0)) + 1, str(after)[:400])


@run_tests.test
def qemu_disk_flush_without_sync():
    """No sync at all (QEMU is killed): the flush alone must have written the mount's superblock within a second."""
    p = "qemu disk flush"
    img = harness.disk_copy("flush")
    before = int(superblock(img).get("Mount count", 0))
    b = harness.qemu_boot("run=sleep:1500", mem_mb=64, disk=img, until="sleep: asked")
    R.check(f"{p}: mounted, then slept 1.5 s", DISK_MOUNTED.search(b.log) and b.has("sleep: asked"), b.tail())
    harness.disk_checked(R, p, img)
    R.check(f"{p}: the superblock written by the flush (mount count {before} -> {before + 1}) with no sync",
            int(superblock(img).get("Mount count", 0)) == before + 1, b.tail())


@run_tests.test
def qemu_disk_none():
    p = "qemu no disk"
    b = harness.qemu_boot("run=hello testexit", mem_mb=32)
    R.check(f"{p}: the banner says so and the initrd stays the root",
            b.has("disk: none (no drive on the primary master); the root stays the initrd"), b.tail())
    check_exit(p, b)
    b = harness.qemu_boot("selftest=disk", mem_mb=32)
    R.check(f"{p}: selftest=disk fails, saying there is no disk",
            b.has("# disk: no ext2 disk mounted") and b.has("not ok 1 - disk"), b.tail())
    check_exit(f"{p}: selftest=disk", b, run_tests.QEMU_EXIT_FAIL)


def corrupt(name, edit):
    img = harness.disk_copy(name)
    with open(img, "r+b") as f:
        edit(f)
    return img


@run_tests.test
def qemu_disk_refusals():
    """Images the kernel must refuse at mount, saying why, and boot on with the initrd: never a panic."""
    def bad_magic(f):
        f.seek(SUPERBLOCK_AT + SB_MAGIC)
        f.write(b"\0\0")

    def too_small(f):            # a disk shorter than the file system says it is
        f.truncate(4 << 20)

    def huge_blocks(f):          # s_log_block_size far past 64 KiB blocks
        f.seek(SUPERBLOCK_AT + SB_LOG_BLOCK_SIZE)
        f.write((20).to_bytes(4, "little"))

    def zeros(f):                # no file system at all
        f.truncate(0)
        f.truncate(1 << 20)

    for name, edit, why in (("bad-magic", bad_magic, "bad magic"), ("too-small", too_small, "larger than the device"),
                            ("huge-blocks", huge_blocks, "block size"), ("zeros", zeros, "bad magic")):
        p = f"qemu disk refused: {name}"
        img = corrupt("refuse-" + name, edit)
        b = harness.qemu_boot("run=hello testexit", mem_mb=32, disk=img)
        m = re.search(r"disk: ata0 master, \d+ sectors; ext2 refused \(error -\d+\): (.+); the root stays the initrd",
                      b.log)
        R.check(f"{p}: refused at mount, saying {why!r}", m and why in m.group(1), b.tail())
        check_exit(p, b)


@run_tests.test
def qemu_disk_power_cut():
    """QEMU killed while selftest=disk writes: e2fsck -fy repairs the copy to a clean file system."""
    for mark in ("# disk: reads and writes past", "# disk: wrote /selftest.txt"):
        p = f"qemu disk power cut at {mark[8:30]!r}"
        img = harness.disk_copy("cut")
        b = harness.qemu_boot("selftest=disk", mem_mb=64, disk=img, until=mark)
        R.check(f"{p}: cut while running", b.has(mark) and not b.has("test exit"), b.tail())
        code, out = harness.e2tool("e2fsck", "-fy", img)
        R.check(f"{p}: e2fsck -fy repairs it (status 0 or 1)", code in (0, 1), out)
        harness.disk_checked(R, p + " after the repair", img)


@run_tests.test
def disk_put_in_place():
    """tools/disk_put.sh (make disk EXTRA=DIR, and make's update of the programs): in place, twice, clean, exact."""
    p = "make disk EXTRA"
    img = harness.disk_copy("put")
    tree, files = harness.random_tree("put-tree", {"a.bin": 0, "b.bin": 1, "sub/c.bin": 4097, "sub/deeper/d.bin": 300000,
                                                   "docs/mine.txt": 77}, 26)
    for attempt in ("first", "again, over itself"):
        code, out = harness.e2tool(os.path.join(harness.ROOT, "tools", "disk_put.sh"), img, tree)
        R.check(f"{p}: copies a tree ({attempt})", code == 0, out)
        harness.disk_checked(R, f"{p} ({attempt})", img)
    same = [rel for rel, data in files.items() if debugfs(img, f"cat /{rel}") == data]
    R.check(f"{p}: every file reads back byte for byte (debugfs)", len(same) == len(files), f"equal: {same}")
    R.check(f"{p}: what was there stays (README, docs/design.md)",
            debugfs(img, "cat /README") and debugfs(img, "cat /docs/design.md"), "")
