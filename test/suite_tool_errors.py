"""
The make targets and tools refuse clearly, as a user meets them: a missing
binary is named with its Debian package and fails the target (never a Python
traceback, never exit 0); make run's status is the run's (the kernel's test
exit FAIL is a failure); make gdb with nothing to attach says so at once and
fails; make trace on a gate that never returns, or waits for input, or on a
program that does not exist, says which and fails instead of hanging.
"""
import os
import re
import subprocess
import time

from test import run_tests
from test.run_tests import R
from test.harness import ROOT
from tools.launch import free_port


def make(*args, timeout=300):
    """(exit status, output, seconds) of make -s TARGET... from the top of the tree, no input."""
    start = time.monotonic()
    try:
        p = subprocess.run(["make", "-s", "--no-print-directory", *args], cwd=ROOT, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout)
        return p.returncode, p.stdout, time.monotonic() - start
    except subprocess.TimeoutExpired as e:
        return None, (e.stdout or b"").decode("latin-1") + f"\n(make timed out after {timeout}s)", timeout


def refused(code, out):
    """Failed (non-zero, not a timeout) with a message of our own, not a Python traceback."""
    return code not in (0, None) and "Traceback" not in out


@run_tests.test
def tool_errors_missing_binaries():
    # A binary that is no file, and a name PATH does not have: both named, with their package.
    for var, value, target, package in (("QEMU", "/nonexistent/qemu-system-i386", "run", "qemu-system-x86"),
                                        ("QEMU", "qemu-system-nosuch", "run-nox", "qemu-system-x86"),
                                        ("BOCHS", "/nonexistent/bochs", "bochs", "bochs"),
                                        ("GDB", "gdb-nosuch", "gdb", "gdb")):
        code, out, _ = make(target, f"{var}={value}")
        R.check(f"tool errors: make {target} {var}={value} fails naming {value} and the package {package}",
                refused(code, out) and value in out and package in out, f"status {code}\n{out[-1500:]}")
    out = subprocess.run(["tools/deps.sh", "--binaries", "sh=dash", "no-such-binary=some-package"], cwd=ROOT,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    R.check("tool errors: tools/deps.sh --binaries fails on a missing binary, naming it and its package, not a present one",
            out.returncode == 1 and "no-such-binary: not found" in out.stdout and "some-package" in out.stdout
            and "sh:" not in out.stdout, f"status {out.returncode}\n{out.stdout}")
    code, out, _ = make("check-deps")
    R.check("tool errors: make check-deps passes on this machine (every package and binary there)", code == 0, out[-1500:])


@run_tests.test
def tool_errors_run_status():
    # make run-nox's status is the run's: the launcher once ended in `; true`.
    code, out, _ = make("run-nox", "CMDLINE=run=hello testexit", timeout=120)
    R.check("tool errors: make run-nox with a passing test exit exits 0", code == 0 and "test exit PASS" in out,
            f"status {code}\n{out[-1500:]}")
    code, out, _ = make("run-nox", "CMDLINE=run=false testexit", timeout=120)
    R.check("tool errors: make run-nox with a failing test exit fails and says so",
            refused(code, out) and "test exit said FAIL" in out, f"status {code}\n{out[-1500:]}")


@run_tests.test
def tool_errors_gdb_nothing_to_attach():
    port = free_port()            # nobody listens: make qemu-gdb was not started
    code, out, seconds = make("gdb", f"GDB_PORT={port}", timeout=60)
    R.check(f"tool errors: make gdb with nothing on its port fails at once ({seconds:.1f}s) and says what to start",
            refused(code, out) and seconds < 10 and "nothing to attach to" in out and "make qemu-gdb" in out,
            f"status {code}\n{out[-1500:]}")
    R.check("tool errors: ... and gives no hint for a session that is not there",
            '"continue" runs' not in out and "pf-help lists" not in out, out[-1500:])
    code, out, _ = make("gdb", "PROG=nosuch", f"GDB_PORT={port}", timeout=60)
    R.check("tool errors: make gdb PROG=nosuch says there is no such program and lists them",
            refused(code, out) and "PROG=nosuch: there is no program" in out and " hello " in out, out[-1500:])


def trace_refusal(args, want, limit):
    code, out, seconds = make("trace", *args, timeout=limit + 120)
    R.check(f"tool errors: make trace {' '.join(args)} fails in {seconds:.0f}s (under {limit}s), saying: {want}",
            refused(code, out) and seconds < limit and re.search(want, out), f"status {code}\n{out[-2000:]}")


@run_tests.test
def bochs_tool_errors_trace_refusals():
    trace_refusal(["PROG=nosuch"], r"PROG=nosuch: there is no program of that name in the initrd; the programs: .* hello ", 60)
    trace_refusal(["GATE=nosuch"], r"no gate named 'nosuch'", 60)
    # exit ends its caller: the machine ended before any return.
    trace_refusal(["GATE=exit"], r"sys_exit did not return .* the machine ended first.*make bochs-debug GATE=exit", 240)
    # readline's read waits for a line nobody types: a time-out with the reason, not a hang.
    trace_refusal(["GATE=read", "PROG=readline"], r"sys_read did not return .* within \d+s .* waits for something", 240)


@run_tests.test
def tool_errors_test_selection():
    # A -k that picks nothing once printed "0 passed, 0 failed" and exited 0: a run that tested nothing.
    import sys
    p = subprocess.run([sys.executable, "-m", "test.run_tests", "-k", "no_such_group"], cwd=ROOT,
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       timeout=120)
    R.check("tool errors: python3 -m test.run_tests -k no_such_group fails, saying no group matches",
            p.returncode == 1 and "not ok 1 - -k no_such_group picks at least one test group" in p.stdout
            and p.stdout.rstrip().endswith("0 passed, 1 failed, 0 skipped"), f"status {p.returncode}\n{p.stdout[-800:]}")
