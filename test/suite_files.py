"""
Descriptors, open files and pipes (issue 26), from outside: filetests (TAP,
user/tests/filetests.c) under QEMU and Bochs, with the boot's verdicts that
frames and open-file objects are back at their baseline; and the shell's
pipelines stopped by ^C (every process of the foreground pipeline is killed,
a reader blocked on a pipe among them).
"""
import re

from test import harness
from test import run_tests
from test import suite_shell
from test.run_tests import R

INTR = "\x03"


def judge_filetests(p, b):
    harness.report_tap(R, p, b)
    R.check(f"{p}: no frame leaked", re.search(r"free frames (\d+) at start, \1 now", b.log), b.tail())
    R.check(f"{p}: no open file leaked", re.search(r"open files (\d+) at start, \1 now", b.log), b.tail())


@run_tests.test
def qemu_filetests():
    b = harness.qemu_boot("run=filetests testexit", mem_mb=64, timeout=180)
    judge_filetests("qemu filetests", b)
    run_tests.check_exit("qemu filetests", b)


@run_tests.test
def bochs_filetests():
    iso = harness.make_iso("bochs-filetests", "run=filetests testexit")
    b = harness.bochs_session(iso, [], timeout=600)
    p = "bochs filetests"
    judge_filetests(p, b)
    R.check(f"{p}: test exit PASS and Bochs ended by itself in {b.seconds:.0f}s",
            b.has("machine: test exit PASS") and not b.timed_out, f"code {b.code}\n{b.tail()}")


@run_tests.test
def qemu_shell_pipeline_interrupt():
    """^C reaches every process of the pipeline: spin and cat (blocked reading the pipe) are both killed."""
    # spin's report comes out through both cats: ^C then finds them blocked reading their pipes.
    replies = suite_shell.typed("spin 100000 | cat | cat") + [(" ms, ", INTR)] + suite_shell.typed("echo after") + \
        suite_shell.typed("exit")
    b = harness.qemu_boot("init=sh testexit", mem_mb=32, timeout=120, replies=replies)
    p = "qemu shell pipeline ^C"
    killed = re.findall(r"^\[\d+\] (\w+) killed by \^C$", b.log, re.M)
    R.check(f"{p}: every process of `spin | cat | cat` killed by ^C ({killed})", sorted(killed) == ["cat", "cat", "spin"], b.tail())
    R.check(f"{p}: the shell goes on", "\nafter\n" in b.log, b.tail())
    R.check(f"{p}: no frame leaked", re.search(r"free frames (\d+) at start, \1 now", b.log), b.tail())
    R.check(f"{p}: no open file leaked", re.search(r"open files (\d+) at start, \1 now", b.log), b.tail())
    run_tests.check_exit(p, b)
