"""
The kernel survives its own overflows with a report: a kernel stack that
overflows runs into its guard page, and the double fault, taken as a task
with its own stack, names the stack and its process (selftest=kstack_overflow);
the same for the boot stack, kmain's and the scheduler's (selftest=boot_stack_overflow).
"""
import re

from test import harness
from test import run_tests
from test.run_tests import R, ABI
from test.harness import QEMU_EXIT_FAIL

KSTACK_REPORT = ("double fault (err=0): kernel stack overflow",
                 "kernel stack of pid 1 (true): [",
                 f"guard page {ABI.layout['KSTACK_AREA']:08x} hit",   # pid 1's slot is the first
                 "<selftest_recurse",
                 "backtrace:",
                 "PANIC: #DF double fault: kernel stack overflow in pid 1 (true)")


def shows_all(p, b, texts):
    for text in texts:
        R.check(f"{p}: shows {text!r}", b.has(text), b.tail())


def kstack_report(p, b):
    shows_all(p, b, KSTACK_REPORT)
    R.check(f"{p}: the recursion ran on the process's stack",
            b.has("# kstack_overflow: recursing on the kernel stack of pid 1"), b.tail())


BOOT_STACK_REPORT = ("double fault (err=0): kernel stack overflow",
                     "current process: none (the kernel's own work)",
                     "<selftest_recurse",
                     "backtrace:",
                     "PANIC: #DF double fault: boot stack overflow")


def boot_stack_report(p, b):
    """The #DF report of selftest=boot_stack_overflow: the boot stack named, its guard the page right below it."""
    shows_all(p, b, BOOT_STACK_REPORT)
    m = re.search(r"boot stack \(kmain's and the scheduler's\): \[([0-9a-f]{8}), ([0-9a-f]{8})\), "
                  r"guard page ([0-9a-f]{8}) hit", b.log)
    lo, hi, guard = (int(x, 16) for x in m.groups()) if m else (0, 0, -1)
    R.check(f"{p}: names the boot stack and the guard page right below it",
            m and guard == lo - ABI.layout["PAGE_SIZE"] and hi > lo, b.tail())
    R.check(f"{p}: the recursion ran on the boot stack",
            b.has("# boot_stack_overflow: recursing at esp") and b.has(f"on the boot stack [{lo:08x}, {hi:08x}): yes"),
            b.tail())


def overflow_qemu(case, p, report):
    """selftest=case overflows a stack on purpose: the decoded #DF report, then a panic's exit."""
    b = harness.qemu_boot(f"selftest={case}", mem_mb=32)
    report(p, b)
    run_tests.check_exit(p, b, QEMU_EXIT_FAIL)


def overflow_bochs(case, p, report):
    b = harness.bochs_boot(harness.make_iso("bochs-" + case.replace("_", "-"), f"selftest={case}"), timeout=300)
    report(p, b)
    R.check(f"{p}: test exit FAIL (a panic) and Bochs ended by itself in {b.seconds:.0f}s",
            b.has("machine: test exit FAIL") and not b.timed_out, f"code {b.code}\n{b.tail()}")


@run_tests.test
def qemu_boot_stack_overflow():
    overflow_qemu("boot_stack_overflow", "qemu boot stack overflow", boot_stack_report)


@run_tests.test
def bochs_boot_stack_overflow():
    overflow_bochs("boot_stack_overflow", "bochs boot stack overflow", boot_stack_report)


@run_tests.test
def qemu_kstack_overflow():
    overflow_qemu("kstack_overflow", "qemu kernel stack overflow", kstack_report)


@run_tests.test
def bochs_kstack_overflow():
    overflow_bochs("kstack_overflow", "bochs kernel stack overflow", kstack_report)


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


LONG_INPUT = "typed while the kernel worked long"


@run_tests.test
def bochs_long_work_keeps_time():
    """
    Long copies, a long console write and a big heap's first touch run with
    interrupts on: across an sbrk of 16 MiB and a touch of every page (each
    made and zeroed at its demand fault), one 4 KiB write of newlines (a
    screen scroll each, about 800 ms in one call) and 8 MiB copyin and copyout
    calls (about 500 ms of each), uptime and the TSC agree within two ticks,
    and a line typed as the write starts (longer than the UART's 16-byte
    FIFO) is all in the input queue when the write returns. With interrupts
    off: 10 ms of uptime across the 98 ms sbrk and across the 822 ms write,
    110 of 547 ms copyin, 100 of 502 ms copyout, and 4 bytes of the line
    queued. Bochs: its PIT and TSC both follow the instruction count.
    make bench's kernel: copyin and copyout are its bench gates (the user
    copies under them are the same primitives every service uses).
    """
    iso = harness.make_iso("bochs-long-ticks", "run=hostile:danger:long_ticks testexit", kernel=harness.BENCH_KERNEL)
    b = harness.bochs_session(iso, [("# long_ticks: type a line now", LONG_INPUT + "\r")], timeout=600)
    p = "bochs long work keeps time"
    harness.report_tap(R, p, b)
    for what in ("an sbrk", "a console write", "copyin calls", "copyout calls"):
        m = re.search(r"# long_ticks: (?:\d+ )?" + what + r"[^\n]* took (\d+) ms by the TSC, (\d+) ms by uptime.*: (.*)$",
                      b.log, re.M)
        R.check(f"{p}: {what}: uptime follows the TSC ({m.group(1) + ' vs ' + m.group(2) + ' ms' if m else '?'})",
                m and m.group(3) == "they agree", m.group(0) if m else b.tail())
    m = re.search(r'# long_ticks: input "(.*)" \((-?\d+) bytes were queued at the first read\)', b.log)
    R.check(f"{p}: the line typed meanwhile arrived whole", m and m.group(1) == LONG_INPUT, b.tail())
    # With interrupts off across the write, Bochs holds the bytes past the UART's and they trickle in after it.
    R.check(f"{p}: ... during the write: all of it was queued when the write returned ({m.group(2) if m else '?'} bytes)",
            m and int(m.group(2)) == len(LONG_INPUT) + 1, b.tail())
    R.check(f"{p}: the case exited 0", b.has("# long_ticks: exited with status 0"), b.tail())
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
