"""
The kernel survives its own overflows with a report: a kernel stack that
overflows runs into its guard page, and the double fault, taken as a task
with its own stack, names the stack and its process (selftest=kstack_overflow).
"""
import re

import harness
import run_tests
from run_tests import R
from harness import QEMU_EXIT_FAIL

KSTACK_REPORT = ("double fault (err=0): kernel stack overflow",
                 "kernel stack of pid 1 (true): [",
                 "guard page f8000000 hit",
                 "<selftest_recurse",
                 "backtrace:",
                 "PANIC: #DF double fault: kernel stack overflow in pid 1 (true)")


def kstack_report(p, b):
    for text in KSTACK_REPORT:
        R.check(f"{p}: shows {text!r}", b.has(text), b.tail())
    R.check(f"{p}: the recursion ran on the process's stack",
            b.has("# kstack_overflow: recursing on the kernel stack of pid 1"), b.tail())


@run_tests.test
def qemu_kstack_overflow():
    b = harness.qemu_boot("selftest=kstack_overflow", mem_mb=32)
    p = "qemu kernel stack overflow"
    kstack_report(p, b)
    run_tests.check_exit(p, b, QEMU_EXIT_FAIL)


@run_tests.test
def bochs_kstack_overflow():
    iso = harness.make_iso("bochs-kstack", "selftest=kstack_overflow")
    b = harness.bochs_boot(iso, timeout=300)
    p = "bochs kernel stack overflow"
    kstack_report(p, b)
    R.check(f"{p}: test exit FAIL (a panic) and Bochs ended by itself in {b.seconds:.0f}s",
            b.has("machine: test exit FAIL") and not b.timed_out, f"code {b.code}\n{b.tail()}")


@run_tests.test
def bochs_load_keeps_time():
    """
    Time keeps while the kernel makes a big image's pages: across the spawn,
    run and wait of a program that touches all of its 12 MiB bss (3072
    demand-zero faults, each short with interrupts off, and the exit freeing
    them) uptime and the TSC agree within two ticks. When the loader zeroed
    that bss at spawn with interrupts off, uptime advanced one tick (10 ms of
    76). Bochs: its PIT and TSC both follow the instruction count.
    """
    iso = harness.make_iso("bochs-load-ticks", "run=hostile:danger:load_ticks testexit")
    b = harness.bochs_boot(iso, timeout=300)
    p = "bochs loader keeps time"
    harness.report_tap(R, p, b)
    m = re.search(r"took (\d+) ms by the TSC, (\d+) ms by uptime", b.log)
    R.check(f"{p}: uptime follows the TSC across the load ({m.group(1) + ' vs ' + m.group(2) + ' ms' if m else '?'})",
            b.has("# load_ticks: exited with status 0"), b.tail())
    R.check(f"{p}: test exit PASS in {b.seconds:.0f}s", b.has("machine: test exit PASS") and not b.timed_out,
            f"code {b.code}\n{b.tail()}")


@run_tests.test
def qemu_fuzz_short():
    """A short campaign of the gate fuzzer (make fuzz runs long ones): 4 processes, 20000 calls."""
    b = harness.qemu_boot("run=fuzz:7:20000:4 testexit", mem_mb=64, timeout=300)
    p = "qemu fuzz (seed 7, 20000 calls, 4 processes)"
    harness.report_tap(R, p, b)
    R.check(f"{p}: no kernel panic", not re.search(r"^PANIC:", b.log, re.M), b.tail())
    run_tests.check_exit(p, b)
