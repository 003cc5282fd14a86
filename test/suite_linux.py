"""The Linux personality (issue 28, src/linux): unmodified static Linux i386
programs, every call through AT_SYSINFO entering by a gate page.

user/tests/linuxtest.c (native, TAP) spawns the Linux test programs built
with the stock i686-linux-gnu-gcc (user/linux/): lxhello (-nostdlib: its calls
through the vDSO's __kernel_vsyscall, and int 0x80; it checks the auxiliary
vector, Linux's register promise on both doors, -ENOSYS for unserved and
garbage numbers, -EFAULT for bad pointers, brk, set_thread_area with GS kept
across gate calls), lxglibc (glibc -static: printf), lxproc (glibc -static:
fork, vfork, clone, execve, wait4, kill, Linux's signal frames and the FPU
state in them; clones that would be threads, execve with bad pointers, and
handlers that forge their frame to ring 0, IOPL 3 or a kernel EIP, each
killed with a report) and lxbad's hostile acts (a jump into the middle of a
Linux gate page, a Linux gate with no service, a native gate, int 0x81). testexit's verdict checks that every frame and
open file came back. Under `linuxlog` the kernel names every Linux call and
counts, per process, the calls by gate and by int 0x80.
"""
import re

from test import harness
from test import run_tests
from test.run_tests import R, test


def linuxtest_under(cmdline, p, timeout=120):
    b = harness.qemu_boot(cmdline, mem_mb=64, timeout=timeout)
    harness.report_tap(R, p, b)
    R.check(f"{p}: no kernel panic", not re.search(r"^PANIC", b.log, re.M), b.tail())
    R.check(f"{p}: no frame leaked", re.search(r"free frames (\d+) at start, \1 now", b.log), b.tail())
    R.check(f"{p}: lxhello printed through the vDSO", b.has("lxhello: hello from a Linux program, by the gates"), b.tail())
    R.check(f"{p}: glibc's printf printed", b.has("lxglibc: hello from glibc; lxglibc has 0 argument(s)"), b.tail())
    R.check(f"{p}: the middle of a gate page killed lxbad with a report",
            re.search(r"killed: pid \d+ \(lxbad\) eip=bfe04008 .*call into the middle of a gate page", b.log), b.tail())
    check_lxproc(p, b)
    run_tests.check_exit(p, b)
    return b


# lxproc's forged frames (three rt_sigframes, one sigframe), each refused by sigreturn's checks.
LXPROC_FORGERIES = 4


def check_lxproc(p, b):
    """lxproc's own checks, and the kernel's reports of the forged frames it refused."""
    fails = re.findall(r"lxproc: FAIL .*", b.log)
    R.check(f"{p}: lxproc's checks all passed", not fails and b.has("lxproc: done, 0 failure(s)"), "\n".join(fails) or b.tail())
    refused = re.findall(r"killed: pid \d+ \(lxproc\) .*: sigreturn of a frame ring 3 could not have made", b.log)
    R.check(f"{p}: each of lxproc's {LXPROC_FORGERIES} forged frames killed its child with a report",
            len(refused) == LXPROC_FORGERIES, f"{len(refused)} reports\n{b.tail()}")
    R.check(f"{p}: a Linux program exec'd a native one (echo printed)", b.has("lxproc-native-echo"), b.tail())


@test
def qemu_linux():
    linuxtest_under("run=linuxtest testexit", "qemu linux")


@test
def qemu_linux_iret():
    """The Linux gates from the iret flavour of the lean stub."""
    linuxtest_under("run=linuxtest gatereturn=iret testexit", "qemu linux (iret return)")


@test
def qemu_linux_gatelog():
    """From the full-save stub (gatelog): the thunk finds a full frame and returns through trap_return."""
    linuxtest_under("run=linuxtest gatelog testexit", "qemu linux (gatelog)")


@test
def qemu_linux_nosmap():
    linuxtest_under("run=linuxtest nosmap testexit", "qemu linux (no SMAP)")


@test
def qemu_linux_counts():
    """linuxlog: every call named with its door; glibc's by the gate but its early int 0x80 ones."""
    p = "qemu linux counts"
    b = harness.qemu_boot("run=lxglibc linuxlog testexit", mem_mb=64, timeout=120)
    m = re.search(r"linux: pid \d+ \(lxglibc\) exits 0: (\d+) calls by a gate, (\d+) by int 0x80", b.log)
    R.check(f"{p}: the exit reports the calls by door", m, b.tail())
    if m:
        gate, int80 = int(m.group(1)), int(m.group(2))
        print(f"# lxglibc (glibc 2.36 -static hello): {gate} calls by a gate, {int80} by int 0x80 "
              f"({100 * gate // max(1, gate + int80)}% by gate)")
        R.check(f"{p}: both doors used", gate > 0 and int80 > 0, m.group(0))
    # glibc 2.36 static enters by int 0x80 only in its inline sites (brk, and set_thread_area
    # before its TLS holds AT_SYSINFO); everything through AT_SYSINFO must come by a gate.
    by_int80 = set(re.findall(r"linux: pid \d+ (\w+)\(.*\) by int 0x80", b.log))
    R.check(f"{p}: only glibc's inline int 0x80 sites came by int 0x80", by_int80 <= {"brk", "set_thread_area"},
            str(by_int80))
    R.check(f"{p}: write came by the gate", re.search(r"linux: pid \d+ write\(1, .*\) by gate", b.log), b.tail())
    R.check(f"{p}: set_thread_area came by int 0x80 (before TLS holds AT_SYSINFO)",
            re.search(r"set_thread_area\(.*\) by int 0x80", b.log), b.tail())
    run_tests.check_exit(p, b)


@test
def qemu_linux_enosys_report():
    """linuxlog: every Linux number enters the kernel, and an unserved one is reported once per process."""
    p = "qemu linux enosys report"
    b = harness.qemu_boot("run=lxhello linuxlog testexit", mem_mb=64, timeout=120)
    R.check(f"{p}: int 0x80's garbage number reported",
            b.has("asked for call 3735928559, past every Linux number: -ENOSYS"), b.tail())
    R.check(f"{p}: call 500 (by the vDSO) reported once",
            len(re.findall(r"asked for call 500, which has no service", b.log)) == 1, b.tail())
    R.check(f"{p}: lxhello's checks passed", not b.has("lxhello: FAIL"), b.tail())
    run_tests.check_exit(p, b)


@test
def bochs_linux():
    iso = harness.make_iso("bochs-linux", "run=linuxtest testexit")
    b = harness.bochs_session(iso, [], timeout=600)
    p = "bochs linux"
    harness.report_tap(R, p, b)
    R.check(f"{p}: no frame leaked", re.search(r"free frames (\d+) at start, \1 now", b.log), b.tail())
    R.check(f"{p}: glibc's printf printed", b.has("lxglibc: hello from glibc"), b.tail())
    check_lxproc(p, b)
    R.check(f"{p}: test exit PASS and Bochs ended by itself in {b.seconds:.0f}s",
            b.has("machine: test exit PASS") and not b.timed_out, f"code {b.code}\n{b.tail()}")


@test
def qemu_linux_vdso_answers_unserved():
    """gatelog logs every dispatch that returns through the stub: an unserved Linux number must never reach a gate."""
    p = "qemu linux vdso answers unserved"
    b = harness.qemu_boot("run=lxhello gatelog testexit", mem_mb=64, timeout=120)
    R.check(f"{p}: call 500 never reached gate 1012 (the vDSO's bitmap answered)", not b.has("#1012("), b.tail())
    R.check(f"{p}: lxhello's checks passed", not b.has("lxhello: FAIL"), b.tail())
    run_tests.check_exit(p, b)


@test
def bochs_linux_cost():
    """The Linux doors' cost in Bochs instructions (reported, not judged: the native gate's 35 is make bench's)."""
    iso = harness.make_iso("bochs-lxbench", "run=lxbench testexit")
    b = harness.bochs_session(iso, [], timeout=300)
    p = "bochs linux cost"
    m = re.search(r"lxbench: getpid per call, loop removed: by the vDSO and its gate (\d+), by int 0x80 (\d+)", b.log)
    R.check(f"{p}: lxbench measured both doors", m, b.tail())
    if m:
        print(f"# Bochs: a Linux getpid by the vDSO and its gate {m.group(1)} instructions, by int 0x80 {m.group(2)}")
    R.check(f"{p}: test exit PASS", b.has("machine: test exit PASS"), b.tail())


@test
def qemu_linux_links_on_disk():
    """lxlinks (glibc -static) makes symbolic links and sets times on the disk; the host's debugfs and e2fsck read them back."""
    p = "qemu linux links on disk"
    img = harness.disk_copy("lxlinks")
    b = harness.qemu_boot("run=lxlinks testexit", mem_mb=64, timeout=120, disk=img)
    fails = re.findall(r"lxlinks: FAIL .*", b.log)
    R.check(f"{p}: lxlinks's checks all passed", not fails and b.has("lxlinks: done, 0 failure(s)"), "\n".join(fails) or b.tail())
    R.check(f"{p}: no kernel panic", not re.search(r"^PANIC", b.log, re.M), b.tail())
    run_tests.check_exit(p, b)
    harness.disk_checked(R, p, img)
    def debugfs(cmd):
        return harness.e2tool("debugfs", "-R", cmd, img)[1]
    fast = debugfs("stat /lxlinks.d/fast")
    R.check(f"{p}: debugfs: /lxlinks.d/fast is a fast symlink to 'sub'",
            "Type: symlink" in fast and 'Fast link dest: "sub"' in fast, fast[-600:])
    slow = debugfs("stat /lxlinks.d/slow")
    R.check(f"{p}: debugfs: /lxlinks.d/slow is a symlink with a block of its own",
            "Type: symlink" in slow and "Fast link dest" not in slow and re.search(r"BLOCKS:\s*\n\s*\(0\):\d+", slow), slow[-600:])
    target = debugfs("cat /lxlinks.d/slow")
    R.check(f"{p}: debugfs: the slow link's block holds its target",
            target.startswith("sub/./././././././././././././././././././././././././././file"), target[:200])
    R.check(f"{p}: debugfs: the link's own time, set with AT_SYMLINK_NOFOLLOW, is on the disk (2004-11-09)",
            re.search(r"mtime: .*Nov  9 .* 2004", fast), fast[-600:])


# The Linux-personality fuzzer (user/linux/lxfuzz.c): every call of linux_calls.def in its own
# child, CALLS times with hostile arguments, alternately through the vDSO and by int 0x80; garbage
# numbers by both doors; every unbound Linux gate page called directly. make fuzz FUZZ_LINUX=1
# runs long campaigns. Seed and count fixed: the same calls every run.
LXFUZZ_SEED = 7
LXFUZZ_CALLS = 200
# sigreturn and rt_sigreturn, 8 children each: 2 of what lies on the stack, 6 of frames of hostile words.
LXFUZZ_SIGRETURNS = 16


def lxfuzz_under(flags, p, calls=LXFUZZ_CALLS, disk=None, timeout=300):
    from test.suite_linux_abi import served_calls
    b = harness.qemu_boot(f"run=lxfuzz:{LXFUZZ_SEED}:{calls} {flags} testexit".replace("  ", " "), mem_mb=64,
                          timeout=timeout, disk=disk)
    tests = harness.report_tap(R, p, b)
    R.check(f"{p}: no kernel panic", not re.search(r"^PANIC", b.log, re.M), b.tail())
    R.check(f"{p}: no frame leaked", re.search(r"free frames (\d+) at start, \1 now", b.log), b.tail())
    R.check(f"{p}: no open file leaked", re.search(r"open files (\d+) at start, \1 now", b.log), b.tail())
    named = {m.group(1) for m in (re.match(r"(\w+) \(\d+\): ", t[2]) for t in tests) if m}
    missing = served_calls() - named
    R.check(f"{p}: every call of linux_calls.def fuzzed and named ({len(named)})", named and not missing,
            f"not fuzzed: {sorted(missing)}\n{b.tail()}")
    R.check(f"{p}: garbage numbers, the unbound gate pages and a corrupt vDSO table fuzzed",
            b.has("garbage numbers by both doors") and b.has("every Linux gate page with no service") and
            b.has("the vDSO's table of bound calls corrupted"), b.tail())
    refused = re.findall(r"killed: pid \d+ \(lxfuzz\) .*: sigreturn of a frame ring 3 could not have made", b.log)
    R.check(f"{p}: each of the {LXFUZZ_SIGRETURNS} sigreturns (of the stack, and of frames of hostile words) "
            f"killed its child with a report ({len(refused)})", len(refused) == LXFUZZ_SIGRETURNS, b.tail())
    if disk:
        harness.disk_checked(R, p, disk)
    run_tests.check_exit(p, b)
    return b


@test
def qemu_linux_fuzz():
    """On a disk (its files written, truncated, renamed by hostile calls): e2fsck finds it clean after."""
    lxfuzz_under("", f"qemu linux fuzz (seed {LXFUZZ_SEED}, {LXFUZZ_CALLS} calls each)",
                 disk=harness.disk_copy("linux-fuzz"))


@test
def qemu_linux_fuzz_iret():
    lxfuzz_under("gatereturn=iret", f"qemu linux fuzz (iret return, seed {LXFUZZ_SEED}, {LXFUZZ_CALLS} calls each)")


@test
def qemu_linux_fuzz_gatelog():
    """The full-save stub; gatelog names every gate call on serial, so a shorter run."""
    lxfuzz_under("gatelog", f"qemu linux fuzz (gatelog, seed {LXFUZZ_SEED}, 4 calls each)", calls=4)
