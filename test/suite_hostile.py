"""
Hostile tests from user mode (user/progs/hostile.c, hostilecase.c): every
door's register contract, one process's CPU state reaching another, every
service with every bad pointer, strings and argv at the edge of mapped
memory, fd and process-table exhaustion, kills in every state, spawn trees
and fork bombs, memory exhaustion, preemption during gate calls, misuses
that must kill, and odd uses that must work.

The acts that can take the whole kernel down (EFLAGS.TF or NT through the
doors that keep them) are booted one per QEMU run, so that each verdict is
its own: `hostile danger CASE` runs `hostilecase CASE` in a child and reports
that the kernel is still there.
"""
import re

import harness
import run_tests
from run_tests import R

# hostilecase acts that have panicked the kernel, or are close relatives of those.
DANGER = (
    "tf_sysenter",        # TF through sysenter: #DB on the kernel's first instruction
    "tf_lcall",           # TF through a call gate: the same
    "nt_lcall_yield",     # NT through a call gate, then another process returns by iret
    "nt_sysenter_yield",  # NT through sysenter, the same
    "nt_int80_yield",     # NT through int 0x80 (the interrupt gate clears it)
    "nt_gate_yield",      # NT through the page-fault gate (the same)
    "ac_lcall_yield",     # AC and DF through a call gate
)


def no_panic(p, b):
    m = re.search(r"^PANIC:.*$", b.log, re.M)
    R.check(f"{p}: no kernel panic", not m, b.tail())


# QEMU 7.2's TCG reads a ring-3 iret's stack with supervisor accesses, which
# SMAP refuses: every user-mode iret (tf_iret_gate does one) faults there,
# on no real CPU. The hostile suite runs with SMEP on and SMAP off; SMAP's
# own tests are in suite_smap.py, and usertests, stress and the shell run
# with both on.
HOSTILE_CPU = ("-cpu", "qemu32,+smep")


def hostile_under(cmdline, p):
    b = harness.qemu_boot(cmdline, mem_mb=64, timeout=240, extra=HOSTILE_CPU)
    harness.report_tap(R, p, b)
    no_panic(p, b)
    R.check(f"{p}: no frame leaked", re.search(r"free frames (\d+) at start, \1 now", b.log), b.tail())
    run_tests.check_exit(p, b)


@run_tests.test
def qemu_hostile():
    hostile_under("run=hostile doors testexit", "qemu hostile")


@run_tests.test
def qemu_hostile_iret():
    """The same with the gate returning by iret instead of sysexit."""
    hostile_under("run=hostile gatereturn=iret doors testexit", "qemu hostile (iret return)")


@run_tests.test
def qemu_hostile_danger():
    for case in DANGER:
        p = f"qemu hostile danger {case}"
        b = harness.qemu_boot(f"run=hostile:danger:{case} doors testexit", mem_mb=32, timeout=60, extra=HOSTILE_CPU)
        harness.report_tap(R, p, b)
        no_panic(p, b)
        run_tests.check_exit(p, b)
