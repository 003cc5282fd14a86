"""Signals (issue 27): user/tests/sigtest.c, a TAP program, under QEMU (each
gate return) and Bochs. It checks handlers, masks, the default actions,
sigreturn's refusals of forged frames, EINTR and SA_RESTART, sigsuspend and
SIGCHLD; testexit's free-frame verdict checks that nothing leaked.
"""
import re

from test import harness
from test import run_tests
from test.run_tests import R, test


def sigtest_under(cmdline, p, mem_mb=32):
    b = harness.qemu_boot(cmdline, mem_mb=mem_mb, timeout=180)
    harness.report_tap(R, p, b)
    R.check(f"{p}: no frame leaked", re.search(r"free frames (\d+) at start, \1 now", b.log), b.tail())
    R.check(f"{p}: every forged frame's kill was reported, the kernel went on",
            len(re.findall(r"^killed: pid \d+ \(sigtest\) .*sigreturn of a frame ring 3 could not have made", b.log, re.M)) == 8
            and not b.has("panic"), b.tail())
    run_tests.check_exit(p, b)


@test
def qemu_sigtest():
    sigtest_under("run=sigtest:noac testexit", "qemu sigtest")


@test
def qemu_sigtest_iret():
    sigtest_under("run=sigtest:noac gatereturn=iret testexit", "qemu sigtest (iret return)")


@test
def qemu_sigtest_gatelog():
    """Signals reached from the full-save stub: the thunks find a full frame."""
    sigtest_under("run=sigtest:noac gatelog testexit", "qemu sigtest (gatelog)")


@test
def bochs_sigtest():
    iso = harness.make_iso("bochs-sigtest", "run=sigtest testexit")
    b = harness.bochs_session(iso, [], timeout=600)
    p = "bochs sigtest"
    harness.report_tap(R, p, b)
    R.check(f"{p}: no frame leaked", re.search(r"free frames (\d+) at start, \1 now", b.log), b.tail())
    R.check(f"{p}: test exit PASS and Bochs ended by itself in {b.seconds:.0f}s",
            b.has("machine: test exit PASS") and not b.timed_out, f"code {b.code}\n{b.tail()}")
