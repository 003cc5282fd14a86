"""
The tree build/disk.img is made from (mk/ext2.mk), laid out as a Linux
system's root so that Debian's busybox finds what it expects:

  /bin/busybox   Debian's busybox-static:i386, and one hard link to it per
                 applet (tools/linuxref/applets.py), so /bin/sh is ash
  /native/       the native pfgate programs (what the initrd holds; a bare
                 name in run= is still looked up in the initrd)
  /etc/passwd, /etc/group   root alone
  /tmp (1777), /root, and /dev and /proc, the mount points of those kinds
  /README, /docs/

  python3 -m tools.disk_tree OUT INITRD BUSYBOX

Without BUSYBOX (a machine where tools/linuxref/debs.sh could not fetch it,
which has printed what to run) the tree is made without /bin, and says so.
Hard links, not symlinks: mke2fs -d and tools/disk_put.sh keep them as links
of one inode, and a path through them needs no symlink following.
"""
import os
import shutil
import sys
import tarfile

from tools.launch import ROOT
from tools.linuxref.applets import applets

PASSWD = "root:x:0:0:root:/root:/bin/sh\n"
GROUP = "root:x:0:\n"
MOUNT_POINTS = ("dev", "proc")


def make_tree(out, initrd, busybox):
    shutil.rmtree(out, ignore_errors=True)
    native = os.path.join(out, "native")
    os.makedirs(native)
    with tarfile.open(initrd) as tar:
        for m in tar.getmembers():
            if m.isfile() and os.path.basename(m.name) != "README":
                with tar.extractfile(m) as src, open(os.path.join(native, os.path.basename(m.name)), "wb") as dst:
                    shutil.copyfileobj(src, dst)
                os.chmod(os.path.join(native, os.path.basename(m.name)), 0o755)
    shutil.copy(os.path.join(ROOT, "README"), out)
    shutil.copytree(os.path.join(ROOT, "docs"), os.path.join(out, "docs"))
    etc = os.path.join(out, "etc")
    os.makedirs(etc)
    for name, text in (("passwd", PASSWD), ("group", GROUP)):
        with open(os.path.join(etc, name), "w") as f:
            f.write(text)
    for d, mode in [("tmp", 0o1777), ("root", 0o700)] + [(m, 0o755) for m in MOUNT_POINTS]:
        os.makedirs(os.path.join(out, d))
        os.chmod(os.path.join(out, d), mode)
    put_busybox(out, busybox)


def put_busybox(out, busybox):
    """OUT/bin/busybox and one hard link to it per applet (also make bench's disk: tools/bench/disk_tree.py)."""
    if not busybox or not os.path.exists(busybox):
        print(f"disk_tree: no busybox ({busybox or 'not fetched'}): the disk has no /bin")
        return
    bindir = os.path.join(out, "bin")
    os.makedirs(bindir)
    target = os.path.join(bindir, "busybox")
    shutil.copy(busybox, target)
    os.chmod(target, 0o755)
    names = [n for n in applets(busybox) if n != "busybox"]   # Debian's lists itself among its applets
    for name in names:
        os.link(target, os.path.join(bindir, name))
    print(f"disk_tree: /bin/busybox and {len(names)} applet links")


def main(argv):
    if len(argv) != 4:
        sys.exit("usage: python3 -m tools.disk_tree OUT INITRD BUSYBOX")
    make_tree(*argv[1:])


if __name__ == "__main__":
    main(sys.argv)
