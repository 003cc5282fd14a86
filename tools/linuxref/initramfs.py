"""
The reference boot's initramfs: Debian's busybox (its applets linked by
/init), the Linux-ABI programs for both libcs, their scripts and data, the
runner (test/linux_abi/run.sh) and its list of cases, and an /init that runs
them, prints each case's output between markers on the console (ttyS0) and
powers the machine off.

/init reads two words of the kernel command line: abi.cases=A,B,... (only
these cases) and abi.run=PATH (a program to run instead of the cases, its
output between the same markers as the case 'run': the benchmark).
"""
import os

from tools.linuxref import BUSYBOX, PROGRAMS, cases
from tools.linuxref.cpio import Archive

# Linux's device numbers for the nodes /init needs before devtmpfs is mounted.
CONSOLE = (5, 1)
NULL = (1, 3)

INIT = """#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs {tmp}
echo "{mark} up"
only=$(sed -n 's/.*abi\\.cases=\\([^ ]*\\).*/\\1/p' /proc/cmdline | tr , ' ')
run=$(sed -n 's/.*abi\\.run=\\([^ ]*\\).*/\\1/p' /proc/cmdline)
if [ -n "$run" ]; then
	echo "{mark} begin run"
	"$run" 2>&1
	status=$?
	echo
	echo "{mark} end run exit=$status"
	echo "{done}"
else
	sh {root}/run.sh {root}/cases {tmp} $only
fi
# reboot(2) with LINUX_REBOOT_CMD_POWER_OFF; QEMU's -no-reboot ends it should that fail.
poweroff -f
reboot -f
"""


def build(path, extra=()):
    """Write the initramfs to path. extra: (guest path, host file) pairs added under /abi."""
    a = Archive()
    for d in ("bin", "dev", "proc", "sys", "tmp", "abi", "abi/bin", "abi/sh"):
        a.folder(d)
    a.char_device("dev/console", *CONSOLE)
    a.char_device("dev/null", *NULL, perm=0o666)
    with open(BUSYBOX, "rb") as f:
        a.file("bin/busybox", f.read(), 0o755)
    a.symlink("bin/sh", "busybox")
    root = cases.GUEST_ROOT.strip("/")
    a.file("init", INIT.format(mark=cases.MARK, done=cases.DONE, root=cases.GUEST_ROOT, tmp=cases.GUEST_TMP).encode(), 0o755)
    a.file(f"{root}/cases", cases.cases_file().encode())
    with open(os.path.join(cases.SOURCE, "run.sh"), "rb") as f:
        a.file(f"{root}/run.sh", f.read(), 0o755)
    for name in cases.program_names():
        for libc in cases.LIBCS:
            with open(os.path.join(PROGRAMS, f"{name}.{libc}"), "rb") as f:
                a.file(f"{root}/bin/{name}.{libc}", f.read(), 0o755)
    for s in cases.SCRIPTS:
        with open(os.path.join(cases.SOURCE, "sh", s + ".sh"), "rb") as f:
            a.file(f"{root}/sh/{s}.sh", f.read(), 0o755)
    data = os.path.join(cases.SOURCE, "data")
    for top, dirs, files in sorted(os.walk(data)):
        dirs.sort()
        rel = os.path.relpath(top, data)
        a.folder(f"{root}/data" + ("" if rel == "." else "/" + rel))
        for name in sorted(files):
            with open(os.path.join(top, name), "rb") as f:
                a.file(f"{root}/data/" + os.path.normpath(os.path.join(rel, name)), f.read())
    for guest, host in extra:
        with open(host, "rb") as f:
            a.file(f"{root}/{guest}", f.read(), 0o755)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(a.bytes())
    os.replace(tmp, path)


if __name__ == "__main__":
    import sys
    from tools.linuxref import INITRAMFS
    build(sys.argv[1] if len(sys.argv) > 1 else INITRAMFS)
