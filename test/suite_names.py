"""
Issue 26's long names, from outside: a name of up to 255 bytes (Linux's
NAME_MAX, ext2's limit) that the host put on the test's disk copy
(tools/disk_put.sh, what make disk EXTRA runs) is listed whole by pfgate's
directory reading: the native getdents (native ls) and Linux's getdents64
(the glob of Debian's busybox ash). The disk stays clean under the host's e2fsck -fn.
"""
import os
import re

from test import harness
from test import run_tests
from test import suite_shell
from test.run_tests import R
from tools.linuxref import BUSYBOX

NAME_MAX = 255   # abi-ok: Linux's NAME_MAX, written as the oracle's own number (pfgate's is PF_NAME_MAX)


def long_name(length, tag):
    """A name of exactly length bytes, starting with tag so that two differ at once."""
    return (tag + "-" + "0123456789abcdefghij" * 13)[:length]


@run_tests.test
def qemu_vfs_long_names_listed_whole():
    p = "long names listed whole"
    img = harness.disk_copy("vfs-long-names")
    sizes = {long_name(NAME_MAX, "max"): 1000, long_name(200, "two-hundred"): 77, long_name(64, "sixty-four"): 5}
    tree, files = harness.random_tree("vfs-long-names-tree", {f"ln/{n}": s for n, s in sizes.items()}, 2626)
    code, out = harness.e2tool(os.path.join(harness.ROOT, "tools", "disk_put.sh"), img, tree)
    R.check(f"{p}: disk_put.sh puts the long names on the disk", code == 0, out)
    listing = harness.e2tool("debugfs", "-R", "ls -p /ln", img)[1]
    R.check(f"{p}: debugfs lists the {NAME_MAX}-byte name on the host",
            f"/{long_name(NAME_MAX, 'max')}/" in listing, listing[-1500:])
    busybox = os.path.exists(BUSYBOX)
    if not busybox:
        R.add(f"{p}: ash's glob (Linux getdents64) lists the long names", True, "build/linuxref/busybox not fetched",
              skipped=True)
    # Debian's ash when it is there (its glob reads the directory with getdents64 and stats nothing), else the native shell.
    prompt, shell = ("# ", "/bin/sh") if busybox else ("$ ", "sh")
    lines = ["/native/ls /ln" if busybox else "ls /ln"]
    if busybox:
        lines.append('for f in /ln/*; do echo "[${f#/ln/}]"; done')
    replies = []
    for line in lines + ["/native/poweroff" if busybox else "poweroff"]:
        replies += suite_shell.typed(line, after=prompt)
    b = harness.qemu_boot(f"init={shell}", mem_mb=64, timeout=180, disk=img, replies=replies)
    log = b.log.replace("\r\n", "\n")
    for name, size in sizes.items():
        R.check(f"{p}: native ls (getdents) lists the {len(name)}-byte name whole, with its size",
                re.search(rf"\n\s*{size} {re.escape(name)}\n", log), b.tail())
        if busybox:
            R.check(f"{p}: ash's glob (Linux getdents64) gives the {len(name)}-byte name whole",
                    re.search(rf"\n\[{re.escape(name)}\]\n", log), b.tail())
    R.check(f"{p}: poweroff turns the machine off", b.has("machine: power off") and not b.timed_out, b.tail())
    harness.disk_checked(R, p, img)


LONG_TEXT = b"a name of 255 bytes\n"   # user/tests/disktests.c's LONG_TEXT
DEEP_DIRS, DEEP_NAME_LEN = 5, 40         # disktests' DEEP_DIRS, DEEP_NAME_LEN


def guest_name(length, first):
    """disktests' long_name(): letters from first on, round the alphabet."""
    return "".join(chr(ord("a") + (ord(first) - ord("a") + i) % 26) for i in range(length))


@run_tests.test
def qemu_vfs_long_paths():
    """disktests longpaths in pfgate (native gates); the host's debugfs reads what it made, e2fsck finds the disk clean."""
    p = "long paths"
    img = harness.disk_copy("vfs-long-paths")
    b = harness.qemu_boot("run=disktests:longpaths testexit", mem_mb=64, timeout=180, disk=img)
    bad = re.findall(r"^not ok .*$", b.log, re.M)
    R.check(f"{p}: disktests longpaths passes", b.has("test exit PASS") and not bad, "\n".join(bad) + "\n" + b.tail())
    harness.disk_checked(R, p, img)
    name = guest_name(NAME_MAX, "n")
    got = harness.e2tool("debugfs", "-R", f"cat /lp/{name}", img, data=True)[1]
    R.check(f"{p}: debugfs reads the {NAME_MAX}-byte name pfgate made", got == LONG_TEXT, repr(got[:200]))
    deep = "".join("/" + guest_name(DEEP_NAME_LEN, chr(ord("a") + i)) for i in range(DEEP_DIRS)) + "/f"
    got = harness.e2tool("debugfs", "-R", f"cat {deep}", img, data=True)[1]
    R.check(f"{p}: debugfs reads the file at the end of the {len(deep)}-byte path", got == LONG_TEXT, repr(got[:200]))


@run_tests.test
def qemu_vfs_long_names_busybox():
    """Debian's busybox in pfgate makes 255-byte names (touch, echo >) and reads one back (read <); a name one byte longer is refused; debugfs sees them."""
    p = "busybox long names"
    if not os.path.exists(BUSYBOX):
        R.add(f"{p}: busybox makes long names", True, "build/linuxref/busybox not fetched", skipped=True)
        return
    img = harness.disk_copy("vfs-long-names-busybox")
    touched, echoed, over = long_name(NAME_MAX, "touched"), long_name(NAME_MAX, "echoed"), long_name(NAME_MAX + 1, "over")
    lines = ["mkdir -p /lb && cd /lb", f"touch {touched}; echo touch $?", f"echo hi > {echoed}; echo echo $?",
             f"touch {over} 2>/dev/null; echo over $?", f"read line < {echoed}; echo \"[$line]\"", "ls | wc -l"]
    replies = []
    for line in lines + ["/native/poweroff"]:
        replies += suite_shell.typed(line, after="# ")
    b = harness.qemu_boot("init=/bin/sh", mem_mb=64, timeout=240, disk=img, replies=replies)
    log = b.log.replace("\r\n", "\n")
    R.check(f"{p}: touch of a {NAME_MAX}-byte name succeeds", "\ntouch 0\n" in log, b.tail())
    R.check(f"{p}: echo > a {NAME_MAX}-byte name succeeds", "\necho 0\n" in log, b.tail())
    R.check(f"{p}: touch of a {NAME_MAX + 1}-byte name fails", re.search(r"\nover [1-9]\d*\n", log), b.tail())
    R.check(f"{p}: read < reads the echoed file back", "\n[hi]\n" in log, b.tail())
    R.check(f"{p}: /native/poweroff turns the machine off", b.has("machine: power off") and not b.timed_out, b.tail())
    harness.disk_checked(R, p, img)
    listing = harness.e2tool("debugfs", "-R", "ls -p /lb", img)[1]
    R.check(f"{p}: debugfs lists both {NAME_MAX}-byte names", f"/{touched}/" in listing and f"/{echoed}/" in listing,
            listing[-1500:])
    R.check(f"{p}: ... and not the {NAME_MAX + 1}-byte one", over[:NAME_MAX] not in listing, listing[-1500:])
    got = harness.e2tool("debugfs", "-R", f"cat /lb/{echoed}", img, data=True)[1]
    R.check(f"{p}: debugfs reads what echo wrote", got == b"hi\n", repr(got))
