"""
The gate's own guards, from outside:
  - the tripwire: with `gatedecline` the #PF stub refuses good calls; the C
    side must recognise one (pfgate_decode says "a gate call", the stack is
    readable) and panic with a report instead of killing or faulting;
  - a kernel-mode fetch from a gate page (the kernel jumping to a gate with a
    readable "return address" above its fault frame) is a kernel fault with
    its panic report, never a gate call;
  - every door's register contract with null, code and odd DS/ES selectors
    under Bochs, which (unlike QEMU TCG) faults on a null or read-only data
    segment: a kernel running on the caller's selectors cannot pass there.
"""
import re

from test import harness
from test import run_tests
from test.run_tests import R


@run_tests.test
def qemu_gate_tripwire():
    b = harness.qemu_boot("run=hello gatedecline testexit", mem_mb=32, timeout=60)
    p = "qemu gate tripwire (gatedecline)"
    R.check(f"{p}: the C side names the refused good call: gate 2 (write) and its return address",
            re.search(r"^gate tripwire: the #PF stub declined a good call to gate 2 \(write\) returning to 004[0-9a-f]{5}$",
                      b.log, re.M), b.tail())
    R.check(f"{p}: with the fault report: #PF from user mode at the gate",
            re.search(r"#PF page fault \(vector 14\) err=(4 \[not-present read user\]|14 \[not-present read user fetch\]) "
                      rf"cr2={run_tests.ABI.gate_addr(run_tests.ABI.gate['write']):08x} in user mode", b.log), b.tail())
    R.check(f"{p}: and panics", b.has("PANIC: gate tripwire: pf_entry.asm and pfgate_decode disagree"), b.tail())
    R.check(f"{p}: the write never ran, nobody was killed",
            not b.has("hello, world") and not b.has("killed:"), b.tail())
    run_tests.check_exit(p, b, harness.QEMU_EXIT_FAIL)


@run_tests.test
def qemu_gate_kernel_fetch():
    b = harness.qemu_boot("selftest=gatefetch", mem_mb=32, timeout=60)
    p = "qemu kernel jumps to a gate"
    gate0 = run_tests.ABI.gate_addr(0)
    R.check(f"{p}: a kernel-mode #PF at the gate address, reported as a kernel fault",
            b.has("kernel fault:") and
            re.search(r"#PF page fault \(vector 14\) err=(0 \[not-present read kernel\]|10 \[not-present read kernel "
                      rf"fetch\]) cr2={gate0:08x} in kernel mode", b.log) and   # 10: SMEP on, a fetch
            re.search(rf"^  eip={gate0:08x} cs=8 ", b.log, re.M), b.tail())
    R.check(f"{p}: then the panic", b.has("PANIC: #PF page fault in kernel mode"), b.tail())
    run_tests.check_exit(p, b, harness.QEMU_EXIT_FAIL)


@run_tests.test
def bochs_hostile_registers():
    iso = harness.make_iso("bochs-hostile-registers", "run=hostile:registers doors testexit", kernel=harness.BENCH_KERNEL)
    b = harness.bochs_session(iso, [], timeout=300)
    p = "bochs hostile door registers"
    harness.report_tap(R, p, b)
    R.check(f"{p}: no kernel panic", not re.search(r"^PANIC:", b.log, re.M), b.tail())
    R.check(f"{p}: test exit PASS and Bochs ended by itself in {b.seconds:.0f}s",
            b.has("machine: test exit PASS") and not b.timed_out, f"code {b.code}\n{b.tail()}")
