"""
The Linux-ABI tests (issue 28): C programs built static with glibc and with
musl, and busybox sh scripts (test/linux_abi/), whose outputs on Debian's own
Linux (linux-image-686 in the project's QEMU: make linux-ref) are recorded in
test/linux_abi/expected/. Here:
  - the set is whole: every program and script has its case, every case a
    recorded output, and glibc's and musl's recorded outputs agree;
  - the comparison masks only what it should ('~' lines after their '=');
  - the reference boot reproduces every recorded output (the oracle works);
  - the same cases on pfgate's Linux personality: a skip that says why until
    the personality is merged, never a silent pass.
"""
import glob
import io
import os
import re
import shutil
import subprocess

from test import harness, run_tests
from test.run_tests import R
from tools.linuxref import INITRAMFS, VMLINUZ, boot as ref_boot, cases, initramfs


@run_tests.test
def linux_abi_cases_complete():
    p = "linux-abi"
    sources = sorted(os.path.basename(f)[:-2] for f in glob.glob(os.path.join(cases.SOURCE, "*.c")))
    R.check(f"{p}: every program in test/linux_abi/ is a case", sources == cases.program_names(),
            f"sources {sources}, cases {cases.program_names()}")
    scripts = sorted(os.path.basename(f)[:-3] for f in glob.glob(os.path.join(cases.SOURCE, "sh", "*.sh")))
    R.check(f"{p}: every script in test/linux_abi/sh/ is a case", scripts == sorted(cases.SCRIPTS), str(scripts))
    names = [n for n, _ in cases.cases()]
    missing = [n for n in names if cases.expected(n) is None]
    R.check(f"{p}: each of the {len(names)} cases has Linux's output recorded", not missing,
            f"none recorded for {missing} (make linux-ref-record)")
    stale = sorted(set(os.path.basename(f)[:-4] for f in glob.glob(os.path.join(cases.EXPECTED, "*.out"))) - set(names))
    R.check(f"{p}: no recorded output without a case", not stale, str(stale))
    for name in cases.program_names():
        g, m = cases.expected(f"{name}.glibc"), cases.expected(f"{name}.musl")
        diff = "not recorded" if g is None or m is None else cases.difference(g, m)
        R.check(f"{p} {name}: glibc's and musl's outputs on Linux agree", diff is None, diff)
    for name in cases.DYNAMIC:
        g, d = cases.expected(f"{name}.glibc"), cases.expected(f"{name}.{cases.DYNAMIC_LIBC}")
        diff = "not recorded" if g is None or d is None else cases.difference(g, d)
        R.check(f"{p} {name}: the static and the dynamic glibc builds' outputs on Linux agree", diff is None, diff)
    # The mask: a kernel-naming line may differ after its '=', nothing else may.
    want = ("sysname=Linux\n~release=6.1.0-57-686", 0)
    R.check(f"{p}: the comparison masks a '~' line's value", cases.difference(want, ("sysname=Linux\n~release=0.1-pfgate", 0)) is None)
    R.check(f"{p}: the comparison sees any other line differ", cases.difference(want, ("sysname=pfgate\n~release=6.1.0-57-686", 0)))
    R.check(f"{p}: the comparison sees a '~' line's name differ", cases.difference(want, ("sysname=Linux\n~version=6.1.0-57-686", 0)))
    R.check(f"{p}: the comparison sees the exit status differ", cases.difference(want, (want[0], 1)))
    R.check(f"{p}: the comparison sees a trailing newline", cases.difference(want, (want[0] + "\n", 0)))
    log = (f"noise\r\n{cases.MARK} begin a\r\nline\r\n\r\n{cases.MARK} end a exit=3\r\n"
           f"{cases.MARK} begin b\r\n\r\n{cases.MARK} end b exit=0\r\n{cases.DONE}\r\n")
    R.check(f"{p}: the serial markers read back (an empty output, CR LF)",
            cases.parse(log) == ({"a": ("line\n", 3), "b": ("", 0)}, True), str(cases.parse(log)))


@run_tests.test
def linux_abi_on_reference_linux():
    p = "linux-ref"
    built = os.path.exists(VMLINUZ) and os.path.exists(INITRAMFS)
    R.check(f"{p}: Debian's vmlinuz and the reference initramfs are built", built,
            "make linux-ref-build (make test builds them)")
    if not built:
        return
    result, outputs, done = ref_boot.boot()
    why = ref_boot.failure_text(result, done)
    R.check(f"{p}: Debian's Linux boots, runs every case and powers off", not why, why or "")
    for name, _ in cases.cases():
        want, got = cases.expected(name), outputs.get(name)
        diff = "no output" if got is None else "nothing recorded" if want is None else cases.difference(want, got)
        R.check(f"{p} {name}: Linux's output is the recorded one", diff is None, diff)


def pfgate_has_linux_personality():
    """Whether make run's kernel carries a Linux personality (a vDSO image to map)."""
    out = run_tests.sh(run_tests.CROSS + "nm", harness.KERNEL)
    return re.search(r"vdso", out, re.I) is not None


# ---- the same cases on pfgate --------------------------------------------
# The Linux calls each case makes (Linux's names, as in
# include/pfgate/linux_calls.def), beyond the ones every program makes
# (STARTUP). A case is compared on pfgate once every call it needs is served;
# until then it is a skip that names what is missing, so a call added to
# linux_calls.def turns its skips into real comparisons by itself. The boot
# runs every C case under linuxlog, and the kernel's own reports of the
# unserved calls each one asked for must all be in its list here (the table
# cannot drift from what the programs do). Calls that both libcs take as
# harmless when -ENOSYS (HARMLESS) keep no case from running.
STARTUP = {"set_thread_area", "set_tid_address", "brk", "write", "exit_group"}
HARMLESS = {"rseq", "set_robust_list", "getrandom", "prctl", "ugetrlimit", "readlink", "statx", "clone3"}
# '@NAME': the call a libc makes for it (measured under linuxlog on pfgate, and in strace on Linux).
LIBC_CALLS = {
    "glibc": {"@fork": {"clone"}, "@pipe": {"pipe2"}, "@raise": {"tgkill"}, "@malloc": set(),
              "@ftruncate": {"ftruncate"}, "@stat": {"fstatat64"}, "@opendir": set(),
              "@clock": {"clock_getres_time64", "clock_nanosleep_time64", "clock_getres", "clock_nanosleep", "time"}},
    "musl": {"@fork": {"fork"}, "@pipe": {"pipe"}, "@raise": {"tkill"}, "@malloc": {"mmap2", "munmap"},
             "@ftruncate": {"ftruncate64"}, "@stat": {"stat64"}, "@opendir": {"fcntl64"},
             "@clock": {"clock_getres", "nanosleep"}},
}
# A dynamic glibc program's calls: glibc's, and ld-linux.so.2's as it finds and maps libc.so.6 and mprotects RELRO.
LIBC_CALLS[cases.DYNAMIC_LIBC] = LIBC_CALLS["glibc"]
LOADER_CALLS = {"openat", "read", "fstatat64", "mmap2", "mprotect", "close", "access"}
FORK = {"@fork", "wait4"}
NEEDS = {
    "io": {"read", "close", "@pipe", "readv", "writev"},
    "exitcode": FORK | {"getpid", "kill", "@raise", "rt_sigaction", "rt_sigprocmask"},
    "auxv": set(),
    "uname": {"uname"},
    "ids": FORK | {"getpid", "getppid", "getuid32", "geteuid32", "getgid32", "getegid32", "@pipe", "read", "close"},
    "brk": {"@malloc"},
    "file": {"open", "read", "close", "fstat64", "@stat", "_llseek", "@ftruncate", "unlink", "@pipe"},
    "dir": {"openat", "getdents64", "close", "_llseek", "@malloc", "@opendir"},
    "procs": FORK | {"kill", "@pipe", "read", "close", "rt_sigaction"},
    "exec": FORK | {"execve", "dup2", "fcntl64", "@pipe", "read", "close"},
    "signals": FORK | {"getpid", "kill", "@raise", "rt_sigaction", "rt_sigprocmask", "rt_sigpending", "rt_sigreturn",
                       "setitimer", "@pipe", "read"},
    "restart": FORK | {"getpid", "kill", "rt_sigaction", "rt_sigreturn", "sched_yield", "@pipe", "read", "write"},
    "mmap": {"mmap2", "munmap", "mprotect", "rt_sigaction", "rt_sigreturn"},
    "clock": {"clock_gettime64", "@clock"},
    "tls": FORK | {"@malloc", "close"},
    "dev": {"open", "read", "close", "fstat64", "@stat", "_llseek", "getrandom"},
    "proc": {"open", "read", "close", "getpid", "getppid"},
    "partial": {"mmap2", "munmap", "mprotect", "@pipe", "read", "close", "fcntl64", "open", "_llseek", "unlink"},
    "args": FORK | {"execve", "ugetrlimit", "open", "read", "@malloc"},
    "vfork": FORK | {"vfork", "clone", "execve", "getpid", "getppid", "kill", "sched_yield", "rt_sigaction", "rt_sigprocmask",
                     "rt_sigreturn", "mmap2", "munmap", "@pipe", "read", "close"},
}
# busybox sh runs every external command by fork and exec, a pipe by pipe and dup2
# (and busybox is not on pfgate's initrd yet: the scripts need the disk in the name space).
SCRIPT_NEEDS = {"clone", "wait4", "execve", "dup2", "fcntl64", "pipe2", "rt_sigaction", "rt_sigreturn", "getdents64"}
# Cases whose calls are all served but whose output differs, each with why (never silent).
KNOWN_FAILURES = {
}
# The sh scripts run by busybox's sh from the comparison's disk (/bin/sh, abirun's PATH lookup),
# its external commands /bin/NAME there.
LINUX_CALLS_DEF = os.path.join(harness.ROOT, "include", "pfgate", "linux_calls.def")
# Linux's own i386 numbers (linux-libc-dev-i386-cross, beside libc6-dev-i386-cross): the kernel's reports name numbers.
LINUX_UNISTD = "/usr/i686-linux-gnu/include/asm/unistd_32.h"
# The initrd the comparison boots: build/initrd.tar and the cases' tree under /abi.
ABI_INITRD = os.path.join(harness.BUILD, "test", "linux-abi", "initrd.tar")
RUNNER = "abirun"
# A case pfgate cannot compare yet runs only for the kernel's reports of what it asks for, which
# come at its start; what an unserved call left undone (a fork that made no child) may leave it
# waiting forever, so it gets this long, not run.sh's 60 s (tools/linuxref/cases.py).
SKIPPED_CASE_LIMIT_MS = 5000


def served_calls():
    """The Linux calls pfgate serves: the names in linux_calls.def (LINUX_CALL and LINUX_FULL_CALL lines)."""
    with open(LINUX_CALLS_DEF) as f:
        return set(re.findall(r"^LINUX_(?:FULL_)?CALL\(\s*\d+\s*,\s*(\w+)\s*,", f.read(), re.M))


def linux_call_names():
    """{number: name} of Linux's i386 calls."""
    with open(LINUX_UNISTD) as f:
        return {int(n): name for name, n in re.findall(r"^#define __NR_(\w+)\s+(\d+)", f.read(), re.M)}


def needs(case):
    """The Linux calls a case (NAME.LIBC or sh-SCRIPT) makes."""
    if case.startswith("sh-"):
        return STARTUP | SCRIPT_NEEDS
    name, libc = case.split(".")
    out = set(STARTUP)
    if libc == cases.DYNAMIC_LIBC:
        out |= LOADER_CALLS
    for call in NEEDS[name]:
        out |= LIBC_CALLS[libc][call] if call.startswith("@") else {call}
    return out


def unserved_reports(log, names):
    """{case: {call names}} the kernel reported (linuxlog) as asked for with no service, harmless ones left out."""
    out = {}
    for m in re.finditer(r"^linux: pid \d+ \((\S+)\) asked for call (\d+), which has no service", log, re.M):
        call = names.get(int(m.group(2)), m.group(2))
        if call not in HARMLESS:
            out.setdefault(m.group(1), set()).add(call)
    return out


def abi_initrd(selected, path=ABI_INITRD):
    """build/initrd.tar with the reference's /abi tree (the selected cases' programs, the data) and their list."""
    import tarfile
    names = {n for n, _ in selected}
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with tarfile.open(harness.INITRD) as src, tarfile.open(path + ".tmp", "w", format=tarfile.USTAR_FORMAT) as out:
        for m in src.getmembers():
            out.addfile(m, src.extractfile(m) if m.isfile() else None)

        def add(name, data, mode, kind=tarfile.REGTYPE):
            info = tarfile.TarInfo("./" + name)
            info.type, info.mode, info.size = kind, mode, len(data) if data is not None else 0
            out.addfile(info, io.BytesIO(data) if data is not None else None)
        for kind, name, data, perm in initramfs.entries():
            if not name.startswith(cases.GUEST_ROOT.strip("/") + "/"):
                continue
            if kind == "dir":
                add(name, None, perm, tarfile.DIRTYPE)
            elif kind == "file" and (not name.startswith("abi/bin/") or os.path.basename(name) in names):
                add(name, data, perm)
        add("abi/cases.pfgate", cases_list(selected).encode(), 0o644)
    os.replace(path + ".tmp", path)
    return path


def cases_list(selected, short=()):
    """abirun's list: NAME, a tab, the command; the cases in short with SKIPPED_CASE_LIMIT_MS after another tab."""
    return "".join(f"{n}\t{c}" + (f"\t{SKIPPED_CASE_LIMIT_MS}" if n in short else "") + "\n" for n, c in selected)


def abi_disk(selected, short=(), name="linux-abi"):
    """A copy of build/disk.img holding the reference's root (initramfs.tree: the /abi tree, an empty /tmp
    where the cases write) and the selected cases' list (cases_list)."""
    tree = os.path.join(harness.BUILD, "test", "linux-abi", "disk-tree")
    shutil.rmtree(tree, ignore_errors=True)
    initramfs.tree(tree)
    with open(os.path.join(tree, cases.GUEST_ROOT.strip("/"), "cases.pfgate"), "w") as f:
        f.write(cases_list(selected, short))
    img = harness.disk_copy(name)
    put = subprocess.run(["tools/disk_put.sh", img, tree], cwd=harness.ROOT, env=harness.E2PATH,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False)
    if put.returncode:
        raise RuntimeError(f"disk_put.sh: {put.stdout}")
    return img


@run_tests.test
def linux_abi_on_pfgate():
    p = "linux-abi on pfgate"
    if not pfgate_has_linux_personality():
        R.add(f"{p}: the {len(cases.cases())} cases, compared with Linux's byte for byte", True,
              "Linux personality not yet merged (build/kernel.elf has no vDSO)", skipped=True)
        return
    served = served_calls()
    R.check(f"{p}: linux_calls.def read ({len(served)} calls served)", "write" in served and "exit_group" in served,
            str(sorted(served)))
    unknown = sorted(n for n in cases.program_names() if n not in NEEDS)
    R.check(f"{p}: every program has its calls listed (NEEDS)", not unknown, str(unknown))
    if unknown:
        return
    names = linux_call_names()
    named = {c for case, _ in cases.cases() for c in needs(case)} | HARMLESS
    R.check(f"{p}: every call in the table is a Linux i386 call", named <= set(names.values()),
            str(sorted(named - set(names.values()))))
    programs = cases.cases()
    missing = {n: sorted(needs(n) - served) for n, _ in cases.cases()}
    # One boot runs every C case (abirun, the native twin of run.sh), the skipped ones too, so
    # that the kernel's reports check the table; memory as the reference boot's. Programs are
    # spawned from the initrd; "/" is a disk holding the same tree (the data the cases read)
    # and a /tmp they write (file's new file).
    initrd = abi_initrd(programs)
    img = abi_disk(programs, short={n for n in missing if missing[n]})
    b = harness.qemu_boot(f"run={RUNNER}:{cases.GUEST_ROOT}/cases.pfgate:{cases.GUEST_TMP} linuxlog testexit",
                          mem_mb=128, timeout=600, initrd=initrd, disk=img)
    harness.disk_checked(R, p, img)
    outputs, done = cases.parse(b.log)
    R.check(f"{p}: abirun ran the {len(programs)} C cases and said done", done, b.tail())
    R.check(f"{p}: no kernel panic", not re.search(r"^PANIC", b.log, re.M), b.tail())
    R.check(f"{p}: no frame leaked", re.search(r"free frames (\d+) at start, \1 now", b.log), b.tail())
    reported = unserved_reports(b.log, names)
    for name, _ in programs:
        lacking = reported.get(name, set()) - needs(name)
        R.check(f"{p} {name}: the table lists every unserved call the kernel saw it ask for", not lacking,
                f"add {sorted(lacking)} to NEEDS or LIBC_CALLS")
    for name, _ in cases.cases():
        label = f"{p} {name}: equal to Linux's output, byte for byte"
        if missing[name]:
            R.add(label, True, "needs Linux calls pfgate does not serve yet: " + ", ".join(missing[name]), skipped=True)
            continue
        want, got = cases.expected(name), outputs.get(name)
        diff = "no output" if got is None else "nothing recorded" if want is None else cases.difference(want, got)
        if name in KNOWN_FAILURES:
            R.add(label, True, f"KNOWN FAILURE ({KNOWN_FAILURES[name]}); now: " +
                  ("equal: take it off KNOWN_FAILURES" if diff is None else diff), skipped=True)
            continue
        R.check(label, diff is None, diff)
    run_tests.check_exit(p, b)


# In Bochs: one case per libc whose calls are all served (Bochs is slow; QEMU runs them all above).
BOCHS_CASES = ("uname.glibc", "auxv.musl")


@run_tests.test
def bochs_linux_abi_on_pfgate():
    p = "bochs linux-abi on pfgate"
    if not pfgate_has_linux_personality():
        R.add(f"{p}: {', '.join(BOCHS_CASES)}", True, "Linux personality not yet merged", skipped=True)
        return
    served = served_calls()
    selected = [(n, c) for n, c in cases.cases() if n in BOCHS_CASES and not needs(n) - served]
    for name in sorted(set(BOCHS_CASES) - {n for n, _ in selected}):
        R.add(f"{p} {name}: equal to Linux's output", True,
              "needs Linux calls pfgate does not serve yet: " + ", ".join(sorted(needs(name) - served)), skipped=True)
    if not selected:
        return
    initrd = abi_initrd(selected, os.path.join(harness.BUILD, "test", "linux-abi", "bochs-initrd.tar"))
    iso = harness.make_iso("bochs-linux-abi", f"run={RUNNER}:{cases.GUEST_ROOT}/cases.pfgate:{cases.GUEST_TMP} testexit",
                           initrd=initrd)
    b = harness.bochs_boot(iso, timeout=600)
    outputs, done = cases.parse(b.log)
    R.check(f"{p}: abirun ran {len(selected)} cases and said done", done, b.tail())
    R.check(f"{p}: no frame leaked", re.search(r"free frames (\d+) at start, \1 now", b.log), b.tail())
    for name, _ in selected:
        got = outputs.get(name)
        diff = "no output" if got is None else cases.difference(cases.expected(name), got)
        R.check(f"{p} {name}: equal to Linux's output, byte for byte", diff is None, diff)
    R.check(f"{p}: test exit PASS", b.has("machine: test exit PASS") and not b.timed_out, b.tail())
