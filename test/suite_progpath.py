"""
Programs from the root file system by path (issues 26 and 28): spawn, exec
and the kernel's run= take a path on the VFS, read by the loader a page at a
time (proc/program_upcalls.h); a bare name is still the initrd's. From
outside, on a copy of build/disk.img (busybox at /bin, the native programs at
/native):

- run=/native/hello (a native program, its pfgate note past the first page)
  and run=/bin/busybox:echo:hi, run=/bin/echo:two (a Linux program, 2 MB,
  by its applet link), frames and open files back at baseline;
- a missing path, a directory, a file too short to be an ELF and a bad ELF:
  a clear error each, the boot goes on to the next program, frames back;
- the native shell starts /native/hello and /bin/busybox by path, and busybox
  sh's execve of /native/hello and /bin/echo (a Linux execve of a native and
  a Linux program).
"""
import os
import re
import subprocess

from test import harness
from test import suite_shell
from test.run_tests import R, check_exit, test
from tools.linuxref import BUSYBOX

HELLO = "hello, world: printed through the write gate"


def have_busybox(p):
    if not os.path.exists(BUSYBOX):
        R.add(p, True, "build/linuxref/busybox not fetched (tools/linuxref/debs.sh)", skipped=True)
        return False
    return True


def baseline(p, b):
    R.check(f"{p}: no frame leaked", re.search(r"free frames (\d+) at start, \1 now", b.log), b.tail())
    R.check(f"{p}: no open file leaked", re.search(r"open files (\d+) at start, \1 now", b.log), b.tail())


@test
def qemu_progpath_run():
    p = "run= by path"
    if not have_busybox(p):
        return
    img = harness.disk_copy("progpath-run")
    b = harness.qemu_boot("run=/native/hello,/bin/busybox:echo:hi,/bin/echo:two,hello testexit",
                          mem_mb=64, timeout=120, disk=img)
    R.check(f"{p}: /native/hello (native, from the disk) runs", re.search(
        rf"started pid 1: /native/hello\n(?:.*\n)?{re.escape(HELLO)}\nexit: pid 1 \(hello\) status 0", b.log), b.tail())
    R.check(f"{p}: /bin/busybox echo hi (Linux, 2 MB) prints hi",
            re.search(r"started pid 2: /bin/busybox:echo:hi\nhi\nexit: pid 2 \(busybox\) status 0", b.log), b.tail())
    R.check(f"{p}: /bin/echo (an applet's link) prints two",
            re.search(r"started pid 3: /bin/echo:two\ntwo\nexit: pid 3 \(echo\) status 0", b.log), b.tail())
    R.check(f"{p}: a bare name is still the initrd's", b.has("exit: pid 4 (hello) status 0"), b.tail())
    baseline(p, b)
    check_exit(p, b)


@test
def qemu_progpath_refused():
    p = "run= by path, refused"
    img = harness.disk_copy("progpath-refused")
    b = harness.qemu_boot("run=/nosuch,/native,/etc/passwd,/native/bad_short,/native/bad_machine,/native/hello testexit",
                          mem_mb=64, timeout=120, disk=img)
    R.check(f"{p}: a missing path is ENOENT", b.has("boot: cannot start /nosuch: ENOENT"), b.tail())
    R.check(f"{p}: a directory is EACCES", b.has("boot: cannot start /native: EACCES"), b.tail())
    R.check(f"{p}: a file without an execute bit (mode 644) is EACCES, as on Linux",
            b.has("boot: cannot start /etc/passwd: EACCES") and not b.has("spawn: /etc/passwd:"), b.tail())
    R.check(f"{p}: a file shorter than an ELF header is ENOEXEC, with the reason",
            b.has("spawn: /native/bad_short: truncated: shorter than an ELF header")
            and b.has("boot: cannot start /native/bad_short: ENOEXEC"), b.tail())
    R.check(f"{p}: a bad ELF on the disk is ENOEXEC, with elf_check's reason",
            b.has("spawn: /native/bad_machine: wrong machine: not i386")
            and b.has("boot: cannot start /native/bad_machine: ENOEXEC"), b.tail())
    R.check(f"{p}: the kernel goes on: /native/hello runs after them", b.has(HELLO), b.tail())
    baseline(p, b)
    R.check(f"{p}: the boot ends (FAIL: programs could not start)", b.has("machine: test exit FAIL") and not b.timed_out,
            b.tail())


@test
def qemu_progpath_shell_and_execve():
    p = "programs by path from the shells"
    if not have_busybox(p):
        return
    img = harness.disk_copy("progpath-shell")
    cases = [("/native/hello", f"{HELLO}\n"),
             ("/bin/busybox echo hi", "hi\n"),
             ("/bin/sh -c '/native/hello; /bin/echo x'", f"{HELLO}\nx\n"),
             ("/nosuch", "sh: /nosuch: ENOENT: no such file or directory\n"),
             ("/bin", "sh: /bin: EACCES: permission denied\n")]
    replies = []
    for keys, _ in cases:
        replies += suite_shell.typed(keys)
    replies += suite_shell.typed("poweroff")
    b = harness.qemu_boot("init=sh", mem_mb=32, timeout=180, replies=replies, disk=img)
    got = suite_shell.sessions(b.log)
    for i, (keys, want) in enumerate(cases):
        out = got[i][1] if i < len(got) else None
        R.check(f"{p}: `{keys}` prints {want!r}", out == want, f"got {out!r}\n{b.tail()}")
    R.check(f"{p}: poweroff turns the machine off", b.has("machine: power off") and not b.timed_out, b.tail())
    harness.disk_checked(R, p, img)


@test
def qemu_progpath_ash_notes():
    """Busybox's ash as init (init=/bin/sh, by path), typed into over the serial console: issue 26's done-when."""
    p = "ash as init: notes.txt"
    if not have_busybox(p):
        return
    img = harness.disk_copy("progpath-ash")
    replies = []
    for line in ("echo hello > /notes.txt", "cat /notes.txt | wc -c", "/native/poweroff"):
        replies += suite_shell.typed(line, after="# ")
    b = harness.qemu_boot("init=/bin/sh", mem_mb=32, timeout=120, replies=replies, disk=img)
    R.check(f"{p}: ash starts", b.has("built-in shell (ash)"), b.tail())
    R.check(f"{p}: cat /notes.txt | wc -c prints 6", re.search(r"cat /notes\.txt \| wc -c\r?\n6\r?\n", b.log), b.tail())
    R.check(f"{p}: /native/poweroff turns the machine off", b.has("machine: power off") and not b.timed_out, b.tail())
    harness.disk_checked(R, p, img)
    out = harness.e2tool("debugfs", "-R", "cat /notes.txt", img, data=True)[1]
    R.check(f"{p}: debugfs reads hello", out == b"hello\n", repr(out))


@test
def qemu_progpath_bss_zeroed():
    """A disk program whose bss begins in the page where its data's file bytes end: the file's next bytes must not show."""
    p = "disk program's bss shares a page with its data"
    if subprocess.run(["which", "i686-linux-gnu-gcc"], stdout=subprocess.DEVNULL).returncode:
        R.add(p, True, "i686-linux-gnu-gcc missing (tools/deps.sh)", skipped=True)
        return
    tree = os.path.join(harness.BUILD, "test", "progpath-bss-tree")
    os.makedirs(tree, exist_ok=True)
    prog = os.path.join(tree, "bss")
    subprocess.run(["i686-linux-gnu-gcc", "-static", "-O1", "-o", prog,
                    os.path.join(harness.ROOT, "test", "fixtures", "bss_shared_page.c")], check=True)
    img = harness.disk_copy("progpath-bss")
    code, out = harness.e2tool(os.path.join(harness.ROOT, "tools", "disk_put.sh"), img, tree)
    R.check(f"{p}: disk_put.sh copies it", code == 0, out)
    b = harness.qemu_boot("run=/bss testexit", mem_mb=64, timeout=120, disk=img)
    R.check(f"{p}: its bss reads zero", b.has("bss nonzero bytes: 0 (data 1)"), b.tail())
    baseline(p, b)
    check_exit(p, b)
