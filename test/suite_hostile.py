"""
Hostile tests from user mode (user/tests/hostile.c, hostilecase.c): every
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

from test import harness
from test import run_tests
from test.run_tests import R

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


NO_LEAK = ("no frame leaked", r"free frames (\d+) at start, \1 now")


def kernel_for(cmdline):
    """The doors are in make bench's kernel only (src/bench/): a boot that opens them boots that one."""
    return harness.BENCH_KERNEL if "doors" in cmdline.split() else None


def hostile_under(cmdline, p, timeout=240, also=NO_LEAK):
    """One hostile boot judged by its TAP, no panic, the exit code and one more fact: (what, regex on the log)."""
    b = harness.qemu_boot(cmdline, mem_mb=64, timeout=timeout, extra=HOSTILE_CPU, kernel=kernel_for(cmdline))
    harness.report_tap(R, p, b)
    no_panic(p, b)
    R.check(f"{p}: {also[0]}", re.search(also[1], b.log), b.tail())
    run_tests.check_exit(p, b)


@run_tests.test
def qemu_hostile():
    hostile_under("run=hostile doors testexit", "qemu hostile")


@run_tests.test
def qemu_hostile_iret():
    """The same with the gate returning by iret instead of sysexit."""
    hostile_under("run=hostile gatereturn=iret doors testexit", "qemu hostile (iret return)")


@run_tests.test
def qemu_hostile_gatelog():
    """The same through gatelog's full-save stub (every accepted call cross-checked against the decode)."""
    hostile_under("run=hostile gatelog doors testexit", "qemu hostile (gatelog)")


@run_tests.test
def qemu_hostile_danger():
    for case in DANGER:
        p = f"qemu hostile danger {case}"
        b = harness.qemu_boot(f"run=hostile:danger:{case} doors testexit", mem_mb=32, timeout=60, extra=HOSTILE_CPU,
                              kernel=harness.BENCH_KERNEL)
        harness.report_tap(R, p, b)
        no_panic(p, b)
        run_tests.check_exit(p, b)


# With the doors closed (the default boot) sysenter lands on the refusal and
# lcall / int 0x80 fault in user mode: TF through each must kill the caller,
# never panic the kernel (sysenter with TF once did: #DB at the refusal).
DANGER_CLOSED = ("tf_sysenter", "tf_lcall", "tf_int80")


@run_tests.test
def qemu_hostile_danger_doors_closed():
    for case in DANGER_CLOSED:
        for ret in ("sysexit", "iret"):
            p = f"qemu hostile danger {case} (doors closed, {ret} return)"
            b = harness.qemu_boot(f"run=hostile:danger:{case} gatereturn={ret} testexit", mem_mb=32, timeout=60,
                                  extra=HOSTILE_CPU)
            harness.report_tap(R, p, b)
            no_panic(p, b)
            R.check(f"{p}: the caller was killed", re.search(rf"# {case}: killed", b.log), b.tail())
            run_tests.check_exit(p, b)


@run_tests.test
def qemu_doors_absent():
    """make run's kernel asked for the doors: it says they are not there, and the ways in stay closed."""
    for case in DANGER_CLOSED:
        p = f"qemu make run's kernel with `doors`, {case}"
        b = harness.qemu_boot(f"run=hostile:danger:{case} doors testexit", mem_mb=32, timeout=60, extra=HOSTILE_CPU)
        R.check(f"{p}: says the doors are not in this kernel", b.has("doors: not in this kernel"), b.tail())
        no_panic(p, b)
        R.check(f"{p}: the caller was killed", re.search(rf"# {case}: killed", b.log), b.tail())
        run_tests.check_exit(p, b)


# The table enters every pair through a user-mode iret: QEMU 7.2 faults those under SMAP (HOSTILE_CPU).
# Bochs (bochsrc's CPU has SMAP) runs a subset of the table with SMAP on.
ENTRIES_RAN = ("every pair ran", r"entries: \d+ pairs")
ENTRIES_TIMEOUT = 400


@run_tests.test
def qemu_hostile_entries():
    """Every way into ring 0 x every flag set (docs/design.md), doors closed, sysexit gate return."""
    hostile_under("run=hostile:entries testexit", "qemu entries (doors closed)", ENTRIES_TIMEOUT, ENTRIES_RAN)


@run_tests.test
def qemu_hostile_entries_doors():
    """The same with the doors open and the gate returning by iret."""
    hostile_under("run=hostile:entries doors gatereturn=iret testexit", "qemu entries (doors open, iret return)",
                  ENTRIES_TIMEOUT, ENTRIES_RAN)


@run_tests.test
def qemu_hostile_entries_signal():
    """The table with a handled signal pending at every entry: whichever door returns, the flags are as
    promised and the handler runs within the bound (a lean gate return leaves it for the next tick)."""
    hostile_under("run=hostile:entries:all:signal testexit", "qemu entries (signal pending)",
                  ENTRIES_TIMEOUT, ENTRIES_RAN)


@run_tests.test
def qemu_hostile_entries_doors_signal():
    hostile_under("run=hostile:entries:all:signal doors gatereturn=iret testexit",
                  "qemu entries (signal pending, doors open, iret return)", ENTRIES_TIMEOUT, ENTRIES_RAN)


# Rows where CPUs differ (VM86 from ring 3, int1) and the doors' TF rows, on a
# CPU model other than QEMU's: Bochs ignores VM below CPL 0, as hardware does.
BOCHS_ENTRIES = "gate_call+gate_land+icebp+iret_flags+iret_vm86+popf+sysenter+lcall+int80+fetch_kernel"


@run_tests.test
def bochs_hostile_entries():
    iso = harness.make_iso("bochs-entries", f"run=hostile:entries:{BOCHS_ENTRIES} doors testexit",
                           kernel=harness.BENCH_KERNEL)
    b = harness.bochs_boot(iso, timeout=600)
    p = "bochs entries"
    harness.report_tap(R, p, b)
    no_panic(p, b)
    R.check(f"{p}: ring 3 cannot enter VM86 in Bochs", b.has("ring 3 cannot enter VM86"), b.tail())
    R.check(f"{p}: test exit PASS in {b.seconds:.0f}s", b.has("machine: test exit PASS") and not b.timed_out,
            f"code {b.code}\n{b.tail()}")


@run_tests.test
def bochs_hostile_entries_signal():
    """Bochs' subset with a handled signal pending at every entry."""
    iso = harness.make_iso("bochs-entries-signal", f"run=hostile:entries:{BOCHS_ENTRIES}:signal doors testexit",
                           kernel=harness.BENCH_KERNEL)
    b = harness.bochs_boot(iso, timeout=600)
    p = "bochs entries (signal pending)"
    harness.report_tap(R, p, b)
    no_panic(p, b)
    R.check(f"{p}: every pair ran with the signal", b.has("a handled signal pending at each entry"), b.tail())
    R.check(f"{p}: test exit PASS in {b.seconds:.0f}s", b.has("machine: test exit PASS") and not b.timed_out,
            f"code {b.code}\n{b.tail()}")


@run_tests.test
def bochs_hostile_entries_smap():
    """
    The whole table with SMEP and SMAP on (QEMU 7.2 cannot: see entries_under),
    doors open, the gate returning by iret: every entry's copy with the
    window's clac (boot/smap.inc) against every flag set, AC among them.
    (The subset above covers the sysexit return.)
    """
    iso = harness.make_iso("bochs-entries-smap", "run=hostile:entries doors gatereturn=iret testexit",
                           kernel=harness.BENCH_KERNEL)
    b = harness.bochs_boot(iso, timeout=840)
    p = "bochs entries (SMEP and SMAP on, doors open, iret return)"
    R.check(f"{p}: the CPU has SMEP and SMAP on", re.search(r"^cpu: SMEP on, SMAP on", b.log, re.M), b.tail())
    R.check(f"{p}: the lean entries with the window are installed",
            b.has("entry: #PF pf_entry, sysenter door_sysenter_entry, int 0x80 door_int80_entry"), b.tail())
    harness.report_tap(R, p, b)
    no_panic(p, b)
    R.check(f"{p}: every pair ran", re.search(r"entries: \d+ pairs", b.log), b.tail())
    R.check(f"{p}: test exit PASS in {b.seconds:.0f}s", b.has("machine: test exit PASS") and not b.timed_out,
            f"code {b.code}\n{b.tail()}")


@run_tests.test
def qemu_absurd_elf():
    """An ELF with 16384 one-byte segments (it once held the CPU ~1 s, 65535 took 15 s): refused at once."""   # abi-ok: a segment count
    p = "qemu absurd ELF"
    b = harness.qemu_boot("run=hostile:danger:spawn_absurd_elf testexit", mem_mb=32, timeout=60, extra=HOSTILE_CPU)
    harness.report_tap(R, p, b)
    no_panic(p, b)
    R.check(f"{p}: refused with a clear error", b.has("spawn: bad_phnum: too many program headers (more than 64)"),
            b.tail())
    m = re.search(r"spawn\(bad_phnum\) = (-?\d+) after (\d+) ms", b.log)
    R.check(f"{p}: -ENOEXEC within 50 ms ({m.group(2) if m else '?'} ms)",
            b.has("# spawn_absurd_elf: exited with status 0"), b.tail())
    run_tests.check_exit(p, b)


@run_tests.test
def bochs_hostile_smap():
    """The whole hostile suite with SMEP and SMAP on: Bochs (bochsrc's CPU has both), where QEMU 7.2 cannot."""
    p = "bochs hostile (SMEP and SMAP on)"
    b = harness.bochs_boot(harness.make_iso("bochs-hostile", "run=hostile doors testexit", kernel=harness.BENCH_KERNEL), timeout=600)
    R.check(f"{p}: the CPU has SMEP and SMAP on", re.search(r"^cpu: SMEP on, SMAP on", b.log, re.M), b.tail())
    harness.report_tap(R, p, b)
    no_panic(p, b)
    R.check(f"{p}: no frame leaked", re.search(r"free frames (\d+) at start, \1 now", b.log), b.tail())
    R.check(f"{p}: test exit PASS", b.has("machine: test exit PASS"), b.tail())
