"""
ext2 (src/fs/ext2/) against the real oracles: images made by the host's
mke2fs -d read back byte for byte through the library (build/host/ext2_tool),
and after every run that wrote, e2fsck -fn finds nothing to fix and debugfs
reads back what the library wrote. Also: a full disk, no free inodes, a
hashed directory changed, images the library must refuse, build/disk.img.
"""
import os
import random
import shutil
import subprocess
import zlib

from test import run_tests
from test.run_tests import R, ROOT, BUILD
from test import ext2_tree
from test.ext2_tree import APB

K = 1 << 10
TOOL = os.path.join(BUILD, "host", "ext2_tool")
WORK = os.path.join(BUILD, "test", "ext2")
E2ENV = dict(os.environ, PATH=os.environ.get("PATH", "") + ":/sbin:/usr/sbin", E2FSPROGS_FAKE_TIME="1700000000")


def run(*cmd, data=False):
    p = subprocess.run(cmd, cwd=ROOT, env=E2ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False,
                       timeout=300)
    return p.returncode, (p.stdout if data else p.stdout.decode(errors="replace")), p.stderr.decode(errors="replace")


def mkfs(img, tree, bs_kib, mib, *extra):
    if os.path.exists(img):
        os.remove(img)
    code, out, err = run("mke2fs", "-q", "-F", "-t", "ext2", "-b", str(bs_kib * K), *extra,
                         *(["-d", tree] if tree else []), img, f"{mib}M")
    assert code == 0, f"mke2fs: {out}{err}"


def fsck(img):
    """(clean, report): e2fsck -fn's verdict on the image."""
    code, out, err = run("e2fsck", "-fn", img)
    return code == 0, out + err


def tool(img, *ops):
    code, out, err = run(TOOL, img, *ops)
    return code, out + err


def debugfs(img, req, data=False):
    return run("debugfs", "-R", req, img, data=data)[1]


def crc(data):
    return zlib.crc32(data)


def host_tree(root):
    """{path: (size, crc)} of every regular file under root, as ext2_tool tree prints it."""
    files = {}
    for d, _, names in os.walk(root):
        for n in names:
            p = os.path.join(d, n)
            if os.path.islink(p):
                continue
            with open(p, "rb") as f:
                data = f.read()
            files["/" + os.path.relpath(p, root)] = (len(data), crc(data))
    return files


def tool_tree(img):
    code, out = tool(img, "tree")
    files = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3:
            files[parts[0]] = (int(parts[1]), int(parts[2], 16))
    return code, files, out


def have_tools():
    ok = os.path.exists(TOOL) and shutil.which("mke2fs", path=E2ENV["PATH"]) is not None
    if not ok:
        R.add("ext2: ext2_tool and e2fsprogs are there (make host-test, e2fsprogs)", False, "missing")
    return ok


def fresh_dir(name):
    d = os.path.join(WORK, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


@run_tests.test
def ext2_read_back():
    """Files of random content and sizes across every block-map threshold, made by mke2fs -d."""
    if not have_tools():
        return
    for bs in (1, 4):
        p = f"ext2 read back ({bs} KiB blocks)"
        d = fresh_dir(f"read{bs}k")
        tree = os.path.join(d, "tree")
        ext2_tree.make(tree, 100 + bs, big=True)
        img = os.path.join(d, "img")
        mkfs(img, tree, bs, 48)
        want = host_tree(tree)
        code, got, out = tool_tree(img)
        R.check(f"{p}: the tool walks the tree", code == 0, out[-2000:])
        R.check(f"{p}: all {len(want)} files, sizes 0 to {max(s for s, _ in want.values())} bytes",
                set(got) == set(want), f"missing {set(want) - set(got)}, extra {set(got) - set(want)}")
        bad = [f for f in want if got.get(f) != want[f]]
        R.check(f"{p}: every file's bytes equal the host's", not bad, str(bad[:5]))
        code, out = tool(img, "readlink", "/fastlink", "readlink", "/slowlink")
        R.check(f"{p}: fast and slow symlinks read back",
                code == 0 and out.split() == [os.readlink(os.path.join(tree, "fastlink")),
                                             os.readlink(os.path.join(tree, "slowlink"))], out)
        code, out = tool(img, "ls", "/many")
        R.check(f"{p}: a directory of 150 entries lists whole", code == 0 and len(out.splitlines()) == 152, out[-500:])
        clean, rep = fsck(img)
        R.check(f"{p}: reading changed nothing e2fsck minds", clean, rep)


class Model:
    """What the image should hold: path -> bytes for every file the test wrote."""

    def __init__(self, d, rng):
        self.d, self.rng, self.files, self.ops, self.n = d, rng, {}, [], 0

    def blob(self, size):
        self.n += 1
        path = os.path.join(self.d, f"blob{self.n}")
        data = self.rng.randbytes(size)
        with open(path, "wb") as f:
            f.write(data)
        return path, data

    def put(self, path, size, off=0):
        host, data = self.blob(size)
        old = self.files.get(path, b"")
        if len(old) < off:
            old += bytes(off - len(old))
        self.files[path] = old[:off] + data + old[off + size:]
        self.ops += ["put", path, host, str(off)]

    def op(self, *args):
        self.ops += list(args)
        name = args[0]
        if name == "rm":
            self.files.pop(args[1], None)
        elif name == "truncate":
            size = int(args[2])
            old = self.files[args[1]]
            self.files[args[1]] = old[:size] + bytes(max(0, size - len(old)))
        elif name == "mv":
            src, dst = args[1], args[2]
            for f in [f for f in self.files if f == src or f.startswith(src + "/")]:
                self.files[dst + f[len(src):]] = self.files.pop(f)
        elif name == "ln":
            self.files[args[2]] = self.files[args[1]]
        elif name == "create":
            self.files[args[1]] = b""

    def flush(self, img):
        ops, self.ops = self.ops, []
        return tool(img, *ops)


def check_oracles(p, img, model):
    clean, rep = fsck(img)
    R.check(f"{p}: e2fsck -fn finds no error", clean, rep)
    bad = []
    for path, data in model.files.items():
        got = debugfs(img, f"cat {path}", data=True)
        if got != data:
            bad.append(f"{path}: {len(got)} bytes, want {len(data)}")
    R.check(f"{p}: debugfs cat reads back all {len(model.files)} files written", not bad, "\n".join(bad[:5]))
    code, got, out = tool_tree(img)
    bad = [f for f, data in model.files.items() if got.get(f) != (len(data), crc(data))]
    R.check(f"{p}: the library reads them back too", code == 0 and not bad, str(bad[:5]) + out[-500:])


@run_tests.test
def ext2_writes():
    """Create, write (growing, sparse, in place), truncate, links, renames, mkdir/rmdir; then the oracles."""
    if not have_tools():
        return
    for bs in (1, 4):
        p = f"ext2 writes ({bs} KiB blocks)"
        d = fresh_dir(f"write{bs}k")
        tree = os.path.join(d, "tree")
        ext2_tree.make(tree, 200 + bs)
        img = os.path.join(d, "img")
        mkfs(img, tree, bs, 96)
        m = Model(d, random.Random(300 + bs))
        # Batch 1: new files across the thresholds, in new and old folders.
        m.op("mkdir", "/w")
        m.op("mkdir", "/w/deep")
        sizes = [0, 1, 12 * bs * K, 12 * bs * K + 1, (12 + APB * bs) * bs * K + 7, 3 * K * K + 5]
        for i, size in enumerate(sizes):
            m.put(f"/w/new{i}", size)
        m.put("/a/added", 5000)
        # A sparse file: at 1 KiB blocks past the double indirect blocks (the triple), at 4 KiB inside them.
        apb = APB * bs
        m.put("/w/deep/sparse", 100, off=(12 + apb + (apb * apb if bs == 1 else 5)) * K * bs + 4 * K + 3)
        m.op("create", "/w/empty")
        code, out = m.flush(img)
        R.check(f"{p}: batch 1 (mkdir, create, write across thresholds, a sparse file) runs", code == 0, out)
        check_oracles(p + " after batch 1", img, m)
        # Batch 2: overwrite, extend, truncate both ways, links, renames.
        m.put("/w/new4", 3000, off=10)
        m.put("/w/new3", 70 * K, off=12 * bs * K - 5)
        m.op("truncate", "/w/new5", str(13 * K + 1))
        m.op("truncate", "/w/new5", str(20 * K + 3))   # grown again: the cut block's tail reads as zeros
        m.op("truncate", "/w/new2", str(200 * K))
        m.op("truncate", "/w/deep/sparse", "0")
        m.op("ln", "/w/new1", "/a/hard")
        m.op("mv", "/w/new0", "/w/deep/moved")
        m.op("mv", "/w/new1", "/w/new2")           # over an existing file; /a/hard keeps its data
        m.op("mv", "/w/deep", "/a/b/deep")         # a directory across directories: '..' and link counts
        m.op("mkdir", "/w/gone")
        m.op("rmdir", "/w/gone")
        m.op("rm", "/w/empty")
        m.op("symlink", "/a/b", "/w/fast")
        m.op("symlink", "y" * 300, "/w/slow")
        code, out = m.flush(img)
        R.check(f"{p}: batch 2 (overwrite, truncate, link, rename over a file and across folders) runs", code == 0, out)
        check_oracles(p + " after batch 2", img, m)
        ls = debugfs(img, "ls -l /a/b/deep")
        R.check(f"{p}: the moved folder's '..' is its new parent", "moved" in ls, ls)
        dotdot = debugfs(img, "stat /a/b/deep/..")
        b_ino = debugfs(img, "stat /a/b")
        R.check(f"{p}: debugfs resolves /a/b/deep/.. to /a/b",
                dotdot.split("Type:")[0] == b_ino.split("Type:")[0] and "Inode:" in dotdot, dotdot[:200] + b_ino[:200])
        code, out = tool(img, "readlink", "/w/slow", "readlink", "/w/fast")
        R.check(f"{p}: new symlinks read back", out.split() == ["y" * 300, "/a/b"], out)
        dl = debugfs(img, "cat /w/slow", data=True)
        R.check(f"{p}: debugfs agrees on the slow symlink's block", dl == b"y" * 300, dl[:100])
        # Batch 3: take it apart again: every file removed, every folder emptied and removed.
        for f in sorted(m.files):
            m.op("rm", f)
        for dd in ("/a/b/deep", "/w"):
            m.op("rm", dd + "/fast") if dd == "/w" else None
        m.ops += ["rm", "/w/slow", "rmdir", "/a/b/deep", "rmdir", "/w"]
        code, out = m.flush(img)
        R.check(f"{p}: batch 3 (everything written removed again) runs", code == 0, out)
        check_oracles(p + " after batch 3", img, m)
        code, out = tool(img, "rmdir", "/a")
        R.check(f"{p}: rmdir of a non-empty folder is -ENOTEMPTY", "error: rmdir: -39" in out, out)
        code, out = tool(img, "mv", "/a", "/a/b/inside")
        R.check(f"{p}: a folder moved into itself is -EINVAL", "error: mv: -22" in out, out)
        code, out = tool(img, "mkdir", "/a")
        R.check(f"{p}: mkdir of an existing name is -EEXIST", "error: mkdir: -17" in out, out)
        clean, rep = fsck(img)
        R.check(f"{p}: refused operations leave it clean", clean, rep)


@run_tests.test
def ext2_full():
    """A full disk and a file system without free inodes: -ENOSPC, and still clean."""
    if not have_tools():
        return
    d = fresh_dir("full")
    img = os.path.join(d, "img")
    for what, op in (("blocks", "fill"), ("inodes", "fillinodes")):
        p = f"ext2 no free {what}"
        mkfs(img, None, 1, 2, "-N", "128")
        code, out = tool(img, op)
        R.check(f"{p}: the writer gets -ENOSPC", code == 1 and "-28" in out and "filled" in out, out[-500:])
        clean, rep = fsck(img)
        R.check(f"{p}: e2fsck -fn finds no error", clean, rep)
        code, out = tool(img, "rm", "/fill/f0", "create", "/again")
        R.check(f"{p}: after a remove there is room again", code == 0, out)
        clean, rep = fsck(img)
        R.check(f"{p}: still clean", clean, rep)


@run_tests.test
def ext2_hashed_dir():
    """A dir_index (htree) directory read linearly; a change clears its index flag, as Linux's ext2."""
    if not have_tools():
        return
    p = "ext2 hashed directory"
    d = fresh_dir("htree")
    tree = os.path.join(d, "tree")
    ext2_tree.make(tree, 5)
    img = os.path.join(d, "img")
    mkfs(img, tree, 1, 8)
    run("e2fsck", "-fyD", img)    # builds the hash index of every large directory
    st = debugfs(img, "stat /many")
    R.check(f"{p}: e2fsck -D indexed /many (EXT2_INDEX_FL)", "Flags: 0x1000" in st, st[:400])   # abi-ok: i_flags bit
    code, out = tool(img, "ls", "/many")
    R.check(f"{p}: all 150 entries read linearly", code == 0 and len(out.splitlines()) == 152, out[-300:])
    code, out = tool(img, "create", "/many/added", "rm", "/many/entry-with-a-long-name-0007")
    R.check(f"{p}: add and remove an entry", code == 0, out)
    st = debugfs(img, "stat /many")
    R.check(f"{p}: the index flag is cleared", "Flags: 0x0" in st, st[:400])
    clean, rep = fsck(img)
    R.check(f"{p}: e2fsck -fn finds no error", clean, rep)


@run_tests.test
def ext2_refusals():
    """Images the library must refuse at mount, or mount read-only, with a reason."""
    if not have_tools():
        return
    d = fresh_dir("refuse")
    img = os.path.join(d, "img")
    for label, args, want, code_want in (
            ("ext4 (extents, 64bit, flex_bg: incompatible)", ["-t", "ext4"], "unsupported incompatible feature", 2),
            ("a journal needing recovery is not possible here; meta_bg", ["-O", "meta_bg,^resize_inode"],
             "unsupported incompatible feature", 2),
            ("an unknown read-only feature (metadata_csum)", ["-O", "metadata_csum"], "mounted read-only", 1)):
        p = f"ext2 refuses {label}"
        if os.path.exists(img):
            os.remove(img)
        code, out, err = run("mke2fs", "-q", "-F", *(args if args[0] == "-t" else ["-t", "ext2", *args]), img, "8M")
        if code != 0:
            R.add(p, True, skipped=True, detail=f"mke2fs: {err}")
            continue
        code, out = tool(img, "mkdir", "/x")
        R.check(f"{p}: says why ({want!r})", want in out and code == code_want, out)
        if code_want == 1:
            R.check(f"{p}: a write is -EROFS", "error: mkdir: -30" in out, out)
    p = "ext2 refuses a bad magic"
    mkfs(img, None, 1, 4)
    with open(img, "r+b") as f:
        f.seek(K + 0x38)
        f.write(b"\0\0")
    code, out = tool(img, "ls", "/")
    R.check(f"{p}: not an ext2 file system", code == 2 and "bad magic" in out, out)


@run_tests.test
def ext2_disk_image():
    """build/disk.img: made by mke2fs -d from tools/disk_tree.py's tree (the initrd's programs in /native, the docs)."""
    p = "ext2 build/disk.img"
    if not os.path.exists(os.path.join(BUILD, "disk.img")):
        R.add(f"{p}: built (make)", False, "missing")
        return
    # ext2_tool mounts read-write (its mount count, its sync): a copy, never the user's disk.
    img = run_tests.harness.disk_copy("ext2-tool")
    clean, rep = fsck(img)
    R.check(f"{p}: e2fsck -fn finds no error", clean, rep)
    with open(os.path.join(ROOT, "README"), "rb") as f:
        readme = f.read()
    code, out, _ = run(TOOL, img, "cat", "/README", data=True)
    R.check(f"{p}: the library reads README from it byte for byte", out == readme, out[:200])
    code, out = tool(img, "ls", "/docs")
    R.check(f"{p}: the docs are there", "design.md" in out, out)
    code, out = tool(img, "ls", "/native")
    R.check(f"{p}: the programs are there, in /native (sh, hello, usertests)",
            all(f"\n{n} " in "\n" + out for n in ("sh", "hello", "usertests")), out)
