"""
What the tests use to boot and judge the kernel from outside, in one import:
the launchers in tools/launch (QEMU, Bochs, the GRUB ISO, the keyboard and
screen through QEMU's monitor) and the TAP bookkeeping in test/tap.py.
Used by test/run_tests.py and the test/suite_*.py groups. Tests import
tools/; nothing in tools/ imports test/.
"""
import os
import sys

from tools.launch import BENCH_KERNEL, BUILD, INITRD, KERNEL, ROOT  # noqa: F401
from tools.launch import bochs as _bochs, iso as _iso, qemu as _qemu
from tools.launch.boot import Boot  # noqa: F401
from tools.launch.console import Keys, Screen  # noqa: F401
from test.tap import Results, parse_tap, report_tap  # noqa: F401

QEMU_CPU = _qemu.SCRIPTED_CPU
_EXIT = _qemu.exit_codes()
QEMU_EXIT_PASS = _EXIT["PASS"]
QEMU_EXIT_FAIL = _EXIT["FAIL"]

qemu_boot = _qemu.boot          # boot headless under QEMU TCG and talk to COM1
qemu_run = _qemu.run            # the same for a command line of one's own (launch.qemu.command)
bochs_boot = _bochs.boot        # an ISO in Bochs, headless, COM1 to a file
bochs_session = _bochs.session  # an ISO in Bochs, COM1 on a socket to talk to
make_iso = _iso.scratch_iso     # build/test/NAME.iso with a kernel command line


# ---- disks: every test boots a copy of build/disk.img, never the user's ----
import shutil  # noqa: E402
import subprocess  # noqa: E402

DISK_IMG = os.path.join(BUILD, "disk.img")
E2PATH = dict(os.environ, PATH=os.environ.get("PATH", "") + ":/sbin:/usr/sbin")


def disk_copy(name, source=DISK_IMG):
    """A fresh copy of build/disk.img (or source) at build/test/disk/NAME.img, for one boot to write."""
    path = os.path.join(BUILD, "test", "disk", name + ".img")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    shutil.copyfile(source, path)
    if os.path.exists(path + ".lock"):   # left by a Bochs stopped on an earlier copy
        os.unlink(path + ".lock")
    return path


def e2tool(*cmd, data=False):
    """(status, output) of an e2fsprogs command (they live in /sbin); data: stdout alone, as bytes."""
    p = subprocess.run(cmd, env=E2PATH, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300, check=False)
    return p.returncode, p.stdout if data else (p.stdout + p.stderr).decode(errors="replace")


def disk_checked(results, label, img):
    """After a boot that wrote to img: the host's e2fsck -fn must find nothing to fix (a check in results)."""
    code, out = e2tool("e2fsck", "-fn", img)
    results.check(f"{label}: e2fsck -fn finds the disk clean", code == 0, out)
    return code == 0


def random_tree(name, sizes, seed):
    """build/test/disk/NAME: a fresh directory of files {relative path: size} of random bytes (seeded); {path: bytes}."""
    import random
    tree = os.path.join(BUILD, "test", "disk", name)
    shutil.rmtree(tree, ignore_errors=True)
    rng = random.Random(seed)
    files = {}
    for rel, size in sizes.items():
        files[rel] = rng.randbytes(size)
        os.makedirs(os.path.dirname(os.path.join(tree, rel)), exist_ok=True)
        with open(os.path.join(tree, rel), "wb") as f:
            f.write(files[rel])
    return tree, files
