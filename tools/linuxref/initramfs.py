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

from tools.bench import real_data
from tools.linuxref import BUSYBOX, DYNAMIC_LIBS, DYNLIBS_TREE, PROGRAMS, SYSBENCH, SYSBENCH_GUEST, REALBENCH, REALBENCH_GUEST, BENCH_RUN, cases
from tools.linuxref.cpio import Archive

# make bench's run on Linux: both programs in one boot, their lines one after the other (abi.run=BENCH_RUN).
BENCH_SCRIPT = f"#!/bin/sh\n{SYSBENCH_GUEST}\n{REALBENCH_GUEST}\n"

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


def entries(extra=(), bench=False):
    """
    What the reference boot's root holds, in order (a folder before what it
    holds): (kind, path, data, perm) with kind 'dir', 'file', 'link' (data:
    its target) or 'chr' (data: (major, minor)). extra: (guest path under
    /abi, host file) pairs, executable. bench: make bench's (BENCH_INITRAMFS)
    adds the real workloads' driver and inputs (tools/bench/real_data.py) and
    BENCH_RUN, which runs both benchmark programs.
    """
    out = [("dir", d, None, 0o755) for d in ("bin", "dev", "proc", "sys", "tmp", "abi", "abi/bin", "abi/sh")]
    out += [("chr", "dev/console", CONSOLE, 0o600), ("chr", "dev/null", NULL, 0o666)]

    def read(path):
        with open(path, "rb") as f:
            return f.read()

    out += [("file", "bin/busybox", read(BUSYBOX), 0o755), ("link", "bin/sh", "busybox", 0o777)]
    root = cases.GUEST_ROOT.strip("/")
    init = INIT.format(mark=cases.MARK, done=cases.DONE, root=cases.GUEST_ROOT, tmp=cases.GUEST_TMP)
    out += [("file", "init", init.encode(), 0o755), ("file", f"{root}/cases", cases.cases_file().encode(), 0o644),
            ("file", f"{root}/run.sh", read(os.path.join(cases.SOURCE, "run.sh")), 0o755)]
    for name in cases.program_names():
        for libc in cases.builds(name):
            out.append(("file", f"{root}/bin/{name}.{libc}", read(os.path.join(PROGRAMS, f"{name}.{libc}")), 0o755))
    # The dynamic builds' interpreter and libc, where ld.so looks (tools/linuxref/dynlibs.sh's layout).
    out += [("dir", "lib", None, 0o755), ("dir", "lib/i386-linux-gnu", None, 0o755)]
    out += [("file", lib, read(os.path.join(DYNLIBS_TREE, lib)), 0o755) for lib in DYNAMIC_LIBS]
    for s in cases.SCRIPTS:
        out.append(("file", f"{root}/sh/{s}.sh", read(os.path.join(cases.SOURCE, "sh", s + ".sh")), 0o755))
    data = os.path.join(cases.SOURCE, "data")
    for top, dirs, files in sorted(os.walk(data)):
        dirs.sort()
        rel = os.path.relpath(top, data)
        out.append(("dir", f"{root}/data" + ("" if rel == "." else "/" + rel), None, 0o755))
        for name in sorted(files):
            out.append(("file", f"{root}/data/" + os.path.normpath(os.path.join(rel, name)), read(os.path.join(top, name)), 0o644))
    out.append(("file", SYSBENCH_GUEST.strip("/"), read(SYSBENCH), 0o755))
    out += [("file", f"{root}/{guest}", read(host), 0o755) for guest, host in extra]
    if bench:
        out.append(("file", REALBENCH_GUEST.strip("/"), read(REALBENCH), 0o755))
        out.append(("file", BENCH_RUN.strip("/"), BENCH_SCRIPT.encode(), 0o755))
        out += [(kind, guest, None if kind == "dir" else read(host), 0o755 if kind == "dir" else 0o644)
                for kind, guest, host in real_data.entries()]
    return out


def build(path, extra=(), bench=False):
    """Write the initramfs (cpio newc) to path."""
    a = Archive()
    for kind, name, data, perm in entries(extra, bench):
        if kind == "dir":
            a.folder(name, perm)
        elif kind == "file":
            a.file(name, data, perm)
        elif kind == "link":
            a.symlink(name, data)
        else:
            a.char_device(name, *data, perm=perm)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(a.bytes())
    os.replace(tmp, path)


def tree(folder, extra=()):
    """
    The same root as a folder (device nodes left out), for a disk image:
    what pfgate's Linux personality will run the same cases from
    (tools/disk_put.sh copies a folder onto a disk).
    """
    for kind, name, data, perm in entries(extra):
        path = os.path.join(folder, name)
        if kind == "dir":
            os.makedirs(path, exist_ok=True)
        elif kind == "file":
            with open(path, "wb") as f:
                f.write(data)
            os.chmod(path, perm)
        elif kind == "link":
            if os.path.lexists(path):
                os.unlink(path)
            os.symlink(data, path)

if __name__ == "__main__":
    import sys
    from tools.linuxref import INITRAMFS
    bench = "--bench" in sys.argv[1:]
    paths = [a for a in sys.argv[1:] if a != "--bench"]
    build(paths[0] if paths else INITRAMFS, bench=bench)
