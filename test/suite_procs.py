"""Processes as Unix has them (issue 27): fork by copy-on-write, exec, wait.

user/tests/forktest.c is the TAP program; it runs under QEMU with each gate
return (sysexit, iret), through gatelog's full save, without SMAP, and once
under Bochs. testexit's free-frame verdict checks that the copies and their
promises all came back.
"""
import re

from test import harness
from test import run_tests
from test.run_tests import R, test


def forktest_under(cmdline, p, mem_mb=64):
    b = harness.qemu_boot(cmdline, mem_mb=mem_mb, timeout=180)
    harness.report_tap(R, p, b)
    R.check(f"{p}: no frame leaked (fork, COW copies, exec, the bomb)",
            re.search(r"free frames (\d+) at start, \1 now", b.log), b.tail())
    R.check(f"{p}: the exec'd echo printed its argument", b.has("# exec'd echo says hello"), b.tail())
    run_tests.check_exit(p, b)
    return b


@test
def qemu_argtest():
    """Linux's argument limits for native spawn and exec (issue 28): 1,000 arguments, a 100 KiB one, exactly
    ARG_MAX_BYTES, each read back whole; one byte past a limit -E2BIG with the caller intact; frames at baseline."""
    p = "qemu argtest"
    b = harness.qemu_boot("run=argtest testexit", mem_mb=64, timeout=180)
    harness.report_tap(R, p, b)
    R.check(f"{p}: no frame leaked", re.search(r"free frames (\d+) at start, \1 now", b.log), b.tail())
    run_tests.check_exit(p, b)


@test
def qemu_forktest():
    p = "qemu forktest"
    b = forktest_under("run=forktest testexit", p)
    R.check(f"{p}: with 64 MiB the bomb fills the process table (-EAGAIN), not memory",
            re.search(r"^ok \d+ - a fork bomb stops with -EAGAIN", b.log, re.M), b.tail())


@test
def qemu_forktest_as_init():
    """As init it adopts the orphans: its wait reaps a grandchild whose parent exited."""
    p = "qemu forktest (as init)"
    b = forktest_under("init=forktest:init testexit", p)
    R.check(f"{p}: the orphan test ran", re.search(r"^ok \d+ - init reaps the orphaned grandchild", b.log, re.M), b.tail())


@test
def qemu_forktest_iret():
    """fork and exec from the iret flavour of the lean stub."""
    forktest_under("run=forktest gatereturn=iret testexit", "qemu forktest (iret return)")


@test
def qemu_forktest_gatelog():
    """fork and exec reached from the full-save stub: the thunk finds a full frame, and logs them."""
    p = "qemu forktest (gatelog)"
    b = forktest_under("run=forktest gatelog testexit", p)
    R.check(f"{p}: gatelog prints fork's calls with the child's pid",
            re.search(r"^gate: pid (\d+) fork#23\(\) = (?!\1\b)[1-9]\d*$", b.log, re.M), b.tail())
    R.check(f"{p}: gatelog prints exec's calls, with their arguments, 0 when the new image runs",
            re.search(r"^gate: pid \d+ exec#24\([0-9a-f]+, [0-9a-f]+, [0-9a-f]+\) = 0$", b.log, re.M), b.tail())
    R.check(f"{p}: and a failed exec's error",
            re.search(r"^gate: pid \d+ exec#24\([0-9a-f]+, [0-9a-f]+, [0-9a-f]+\) = -\d+$", b.log, re.M), b.tail())


@test
def qemu_forktest_small():
    """In 10 MiB the heap can promise all but a few frames: fork's -ENOMEM is reached, not skipped.
    10, not 8: the initrd's 5.3 MB of test programs and the kernel's 1 KiB paths (per-process path
    buffers, struct file) left an 8 MiB machine no frame for its boot stack; 10 leaves about what 8 did."""
    forktest_under("run=forktest testexit", "qemu forktest (10 MiB)", mem_mb=10)


@test
def bochs_forktest():
    iso = harness.make_iso("bochs-forktest", "run=forktest testexit")
    b = harness.bochs_session(iso, [], timeout=600)
    p = "bochs forktest"
    harness.report_tap(R, p, b)
    R.check(f"{p}: no frame leaked", re.search(r"free frames (\d+) at start, \1 now", b.log), b.tail())
    R.check(f"{p}: test exit PASS and Bochs ended by itself in {b.seconds:.0f}s",
            b.has("machine: test exit PASS") and not b.timed_out, f"code {b.code}\n{b.tail()}")


@test
def qemu_fork_bomb_under_the_shell():
    """
    Issue 27's "a fork bomb fills the process table, gets -EAGAIN, and the
    kernel and shell go on": forktest (its bomb among the rest) typed at the
    shell, then the shell is asked for more.
    """
    p = "qemu fork bomb under the shell"
    b = harness.qemu_boot("init=sh testexit", mem_mb=64, timeout=180,
                          replies=[("$ ", "forktest\r"), ("$ ", "echo the shell goes on\r"), ("$ ", "ps\r"),
                                   ("$ ", "exit\r")])
    R.check(f"{p}: the bomb, run from the shell, fills the process table (-EAGAIN)",
            re.search(r"^ok \d+ - a fork bomb stops with -EAGAIN", b.log, re.M), b.tail())
    after = b.log.split("$ echo the shell goes on", 1)[-1]
    R.check(f"{p}: the shell goes on: its next command runs", "\nthe shell goes on\n" in after, b.tail())
    procs = re.findall(r"^\s*\d+\s+\d+\s+\w+\s+\d+\s+\S+\s+(\S+)$", after.split("$ exit", 1)[0], re.M)
    R.check(f"{p}: and ps shows only sh and ps ({procs})", procs == ["sh", "ps"], b.tail())
    R.check(f"{p}: the machine passes", b.has("machine: test exit PASS") and not b.timed_out, b.tail())
