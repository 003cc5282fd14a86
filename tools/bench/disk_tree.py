"""
make bench's disk (mk/bench.mk, build/bench/disk.img): what the bench
kernel's boots find at "/", each boot on a fresh copy (tools/bench/run.py,
linux_side.py):

  /bench-dir/       1,000 empty files (user/bench/workload.c's dirlist)
  /bin/busybox      Debian's busybox and a hard link per applet, as make
                    run's disk has them (tools/disk_tree.py)
  /tmp (1777)       where sysbench and realbench write
  /abi/data/        the file sysbench stats, where Linux's initramfs has it
  /bench/src, /bench/docs   the real workloads' inputs (tools/bench/real_data.py)
  /bench/applets.sh   each busybox applet once (tools/bench/applet_share.py)
  /dev, /proc       mount points

  python3 -m tools.bench.disk_tree OUT BUSYBOX
"""
import os
import shutil
import sys

from tools.launch import ROOT
from tools.disk_tree import put_busybox
from tools.bench import real_data, applet_share

DIR_FILES = 1000
STAT_FILE = ("abi/data/hello.txt", os.path.join(ROOT, "test", "linux_abi", "data", "hello.txt"))


def make_tree(out, busybox):
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(os.path.join(out, "bench-dir"))
    for i in range(1, DIR_FILES + 1):
        open(os.path.join(out, "bench-dir", f"file-{i:04d}"), "w").close()
    for d, mode in (("tmp", 0o1777), ("dev", 0o755), ("proc", 0o755)):
        os.makedirs(os.path.join(out, d))
        os.chmod(os.path.join(out, d), mode)
    os.makedirs(os.path.join(out, os.path.dirname(STAT_FILE[0])))
    shutil.copyfile(STAT_FILE[1], os.path.join(out, STAT_FILE[0]))
    for kind, guest, host in real_data.entries():
        if kind == "dir":
            os.makedirs(os.path.join(out, guest), exist_ok=True)
        else:
            shutil.copyfile(host, os.path.join(out, guest))
    with open(os.path.join(out, applet_share.SCRIPT_GUEST.strip("/")), "w") as f:
        f.write(applet_share.script())
    put_busybox(out, busybox)


def main(argv):
    if len(argv) != 3:
        sys.exit("usage: python3 -m tools.bench.disk_tree OUT BUSYBOX")
    make_tree(*argv[1:])


if __name__ == "__main__":
    main(sys.argv)
