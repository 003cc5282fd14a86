"""
Dynamically linked Linux programs (issue 28, "Then dynamic binaries"): an ELF
with PT_INTERP gets its interpreter (ld-linux.so.2) loaded at the top of the
mmap area and starts there, with AT_BASE, AT_PHDR and AT_ENTRY as Linux
gives them; ld.so maps the libraries from the disk with private file
mappings, MAP_FIXED over its reservation, and mprotects their RELRO. From
outside, on a copy of build/disk.img with Debian's lua5.4:i386 and its
libraries on it (tools/linuxref/dynlibs.sh, make disk-lua):

- `lua -e 'print(1+1)'` prints 2 (QEMU, and Bochs), libm's sqrt, frames and
  open files back at baseline; /proc/self/maps names the libraries and ld.so;
- a dynamic glibc program built here (test/fixtures/dyn_auxv.c) finds AT_BASE
  at its interpreter's first mapping, AT_ENTRY, AT_PHDR and AT_PHNUM its own;
- bad interpreters (missing, not ELF, one with an interpreter of its own, a
  64-bit one): -ENOENT or -ELIBBAD before anything is loaded, the kernel goes
  on; busybox env's execve of one fails and env itself (the old image) says
  so, as on Linux.
"""
import os
import re
import shutil
import subprocess

from test import harness
from test.run_tests import R, check_exit, test

DYNLIBS = os.path.join(harness.BUILD, "dynlibs")
INTERP = b"/lib/ld-linux.so.2\0"
# Programs whose PT_INTERP names a bad interpreter (same length as INTERP: the file is patched in place).
BAD = {
    "missing": (b"/bad/ld-missing.so\0", None),
    "notelf": (b"/bad/ld-notelf.so2\0", "text"),
    "dynamic": (b"/bad/ld-dynamic.so\0", "lua"),
    "x86-64": (b"/bad/ld-x86-64.so2\0", "host"),
}


def have_dynlibs(p):
    """build/dynlibs/tree (lua5.4 and its libraries), fetched now if need be; False (a skip) when it cannot be."""
    if not os.path.exists(os.path.join(DYNLIBS, "versions")):
        r = subprocess.run([os.path.join(harness.ROOT, "tools", "linuxref", "dynlibs.sh"), DYNLIBS],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False)
        if r.returncode:
            R.add(p, True, "Debian's lua5.4:i386 could not be fetched (make dynlibs):\n" + r.stdout, skipped=True)
            return False
    return True


def bad_tree():
    """build/test/dynamic-bad: /bad/NAME, lua5.4 with its PT_INTERP patched to each bad interpreter, and those interpreters."""
    tree = os.path.join(harness.BUILD, "test", "dynamic-bad")
    shutil.rmtree(tree, ignore_errors=True)
    os.makedirs(os.path.join(tree, "bad"))
    lua = open(os.path.join(DYNLIBS, "tree", "usr", "bin", "lua5.4"), "rb").read()
    assert lua.count(INTERP) == 1
    for name, (interp, what) in BAD.items():
        assert len(interp) == len(INTERP)
        prog = os.path.join(tree, "bad", name)
        with open(prog, "wb") as f:
            f.write(lua.replace(INTERP, interp))
        os.chmod(prog, 0o755)
        target = os.path.join(tree, interp[1:-1].decode())
        if what == "text":
            with open(target, "w") as f:
                f.write("not an ELF file, but long enough to hold an ELF header and more\n" * 4)
        elif what == "lua":
            shutil.copyfile(os.path.join(DYNLIBS, "tree", "usr", "bin", "lua5.4"), target)
        elif what == "host":
            shutil.copyfile("/bin/true", target)
        if os.path.exists(target):
            os.chmod(target, 0o755)   # an interpreter needs an execute bit (else EACCES, as Linux's open_exec)
    return tree


def script_tree():
    """build/test/dynamic-scripts: /maps.lua, which prints its own /proc/self/maps, and /dyn_auxv, built dynamic
    with the stock cross compiler (its auxv against its maps: test/fixtures/dyn_auxv.c)."""
    tree = os.path.join(harness.BUILD, "test", "dynamic-scripts")
    os.makedirs(tree, exist_ok=True)
    with open(os.path.join(tree, "maps.lua"), "w") as f:
        f.write('io.write(io.open("/proc/self/maps"):read("a"))\n')
    subprocess.run(["i686-linux-gnu-gcc", "-O2", "-Wall", "-Wextra", "-Werror", "-o", os.path.join(tree, "dyn_auxv"),
                    os.path.join(harness.ROOT, "test", "fixtures", "dyn_auxv.c")], check=True)
    return tree


def disk_with_lua(name, bad=False):
    img = harness.disk_copy(name)
    for tree in [os.path.join(DYNLIBS, "tree"), script_tree()] + ([bad_tree()] if bad else []):
        code, out = harness.e2tool(os.path.join(harness.ROOT, "tools", "disk_put.sh"), img, tree)
        R.check(f"{name}: disk_put.sh copies {os.path.basename(tree)}", code == 0, out)
    return img


def baseline(p, b):
    R.check(f"{p}: no frame leaked", re.search(r"free frames (\d+) at start, \1 now", b.log), b.tail())
    R.check(f"{p}: no open file leaked", re.search(r"open files (\d+) at start, \1 now", b.log), b.tail())


LUA_RUN = ("run=/usr/bin/lua:-e:print(1+1),/usr/bin/lua5.4:-e:print(math.sqrt(16)),/usr/bin/lua:/maps.lua,/dyn_auxv,"
           "hello testexit")
MAP_LINE = r"^[0-9a-f]{{8}}-[0-9a-f]{{8}} {perm} [0-9a-f]{{8}} 00:00 0 +{name}$"


def lua_checks(p, b):
    R.check(f"{p}: lua -e 'print(1+1)' prints 2",
            re.search(r"started pid 1: /usr/bin/lua:-e:print\(1\+1\)\n(?:.*\n)?2\nexit: pid 1 \(lua\) status 0", b.log),
            b.tail())
    R.check(f"{p}: lua5.4 -e 'print(math.sqrt(16))' prints 4.0 (libm)",
            re.search(r"\n4\.0\nexit: pid 2 \(lua5\.4\) status 0", b.log), b.tail())
    for perm, name in (("r-xp", "/lib/i386-linux-gnu/libc.so.6"), ("rw-p", "/lib/i386-linux-gnu/libm.so.6"),
                       ("r--p", "/lib/i386-linux-gnu/libreadline.so.8"), ("r-xp", "/lib/ld-linux.so.2"),
                       ("rw-p", "/lib/ld-linux.so.2"), ("rw-p", r"\[stack\]")):
        R.check(f"{p}: /proc/self/maps has a {perm} line naming {name}",
                re.search(MAP_LINE.format(perm=perm, name=name), b.log, re.M), b.tail())
    for fact in ("AT_BASE is the interpreter's first mapping", "AT_ENTRY is _start", "AT_PHDR is the program's headers",
                 "AT_PHNUM", "a forked child's maps name libc.so.6"):
        R.check(f"{p}: a dynamic glibc program built here: {fact}", b.has(f"{fact}: yes\n"), b.tail())
    baseline(p, b)


@test
def qemu_dynamic_lua():
    p = "dynamic lua5.4 (QEMU)"
    if not have_dynlibs(p):
        return
    img = disk_with_lua("dynamic-lua")
    b = harness.qemu_boot(LUA_RUN, mem_mb=64, timeout=120, disk=img)
    lua_checks(p, b)
    check_exit(p, b)


@test
def bochs_dynamic_lua():
    p = "dynamic lua5.4 (Bochs)"
    if not have_dynlibs(p):
        return
    img = disk_with_lua("dynamic-lua-bochs")
    iso = harness.make_iso("dynamic-lua", LUA_RUN)
    b = harness.bochs_boot(iso, timeout=600, disk=img)
    lua_checks(p, b)
    R.check(f"{p}: the boot ends (test exit PASS)", b.has("machine: test exit PASS"), b.tail())


@test
def qemu_dynamic_bad_interp():
    p = "bad interpreters"
    if not have_dynlibs(p):
        return
    img = disk_with_lua("dynamic-bad", bad=True)
    b = harness.qemu_boot("run=/bad/missing,/bad/notelf,/bad/dynamic,/bad/x86-64,"
                          "/bin/env:/bad/notelf,/bin/env:/bad/missing,/usr/bin/lua:-e:print(3),hello testexit",
                          mem_mb=64, timeout=120, disk=img)
    R.check(f"{p}: a missing interpreter is ENOENT", b.has("boot: cannot start /bad/missing: ENOENT"), b.tail())
    R.check(f"{p}: an interpreter that is no ELF is ELIBBAD, with the reason",
            b.has("spawn: interpreter /bad/ld-notelf.so2: not an ELF file")
            and b.has("boot: cannot start /bad/notelf: ELIBBAD"), b.tail())
    R.check(f"{p}: an interpreter with an interpreter of its own is ELIBBAD",
            b.has("spawn: interpreter /bad/ld-dynamic.so: names an interpreter of its own")
            and b.has("boot: cannot start /bad/dynamic: ELIBBAD"), b.tail())
    R.check(f"{p}: a 64-bit interpreter is ELIBBAD",
            b.has("spawn: interpreter /bad/ld-x86-64.so2: wrong class: not ELF32")
            and b.has("boot: cannot start /bad/x86-64: ELIBBAD"), b.tail())
    R.check(f"{p}: busybox env's execve of a program with a bad interpreter fails, env (the old image) says so",
            b.has("env: can't execute '/bad/notelf': Accessing a corrupted shared library")
            and b.has("env: can't execute '/bad/missing': No such file or directory"), b.tail())
    R.check(f"{p}: the kernel goes on: lua prints 3 after them", re.search(r"\n3\nexit: pid \d+ \(lua\) status 0", b.log),
            b.tail())
    baseline(p, b)
    R.check(f"{p}: the boot ends (FAIL: programs could not start)", b.has("machine: test exit FAIL") and not b.timed_out,
            b.tail())
