"""
Every command docs/debugging.md shows runs as written. The commands are read
from the page (its `$ ` lines and every `make ...`, `python3 ...`, `gdb ...`
in backquotes); each must be one this file knows how to run, so a command
added to the page without a run here fails the test. Batch commands run and
must exit 0; the interactive ones (Bochs' debugger, make bochs, make
qemu-gdb with make gdb) run on a terminal of their own, are answered as a
person would and must end cleanly. A gdb port is the one change: 1234, the
page's, may be taken on a shared machine, so GDB_PORT (and the by-hand
command's 1234) is a free port.
"""
import os
import re
import subprocess
import threading

from test import run_tests
from test.run_tests import R
from test.harness import ROOT
from test.term import pty_session
from tools.launch import free_port

DOC = os.path.join(ROOT, "docs", "debugging.md")
BOCHS_PROMPT = re.compile(rb"<bochs:\d+> $")

# Commands the page shows that this file does not run, and why (each said in the output).
NOT_RUN_HERE = {
    "make all": "every test runs after it (make test builds first)",
    "make test": "this is it",
    "make docs": "rewrites the page; test/suite_debug.py runs the same generator with --check",
    "python3 -m tools.gen.debug_doc --check": "run by test/suite_debug.py (bochs_docs_match_code)",
    "python3 test/run_tests.py -k bochs_trace -k bochs_debugger -k gdb_ -k docs":
        "the test runner on the debug groups: they are part of this run",
}
BATCH = ("make trace", "make trace PROG=gatebench:1:1 GATE=nop", "make trace-boot",
         "python3 -m tools.trace.trace_gate gate --full",
         "make trace PROG=workload:pingpong:20 GATE=write SKIP=10 ROUND=1 TRACE_BENCH=1")
BOCHS_DEBUGGER = ("make bochs-debug", "make bochs-debug GATE=nop PROG=gatebench:1:1", "make bochs-debug V=1",
                  "python3 -m tools.trace.trace_gate bochs-debug --no-stop")
BOCHS_TERMINAL = ("make bochs", "make bochs V=1")
GDB = ("make qemu-gdb", "make gdb", "gdb -q build/kernel.elf -x tools/trace/gdb/pfgate.gdb -ex 'pf-user hello' "
       "-ex 'target remote 127.0.0.1:1234'")


def shown_commands():
    text = open(DOC).read()
    cmds = {m.strip() for m in re.findall(r"^    \$ (.*)$", text, re.M)}
    cmds |= set(re.findall(r"`((?:make|python3|gdb|i686-linux-gnu-)[^`]*)`", " ".join(text.split())))
    return sorted(cmds)


def run_batch(cmd):
    try:
        p = subprocess.run(["sh", "-c", cmd], cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, timeout=600)
        return p.returncode == 0 and p.stdout.strip(), p.stdout[-1500:]
    except subprocess.TimeoutExpired:
        return False, "timed out"


def answer_once(pattern, reply):
    """A respond() for pty_session: type reply once, after the output first matches pattern."""
    sent = [False]

    def respond(out):
        if not sent[0] and pattern.search(out):
            sent[0] = True
            return reply
        return None
    return respond


@run_tests.test
def bochs_docs_commands_run():
    cmds = shown_commands()
    known = set(NOT_RUN_HERE) | set(BATCH) | set(BOCHS_DEBUGGER) | set(BOCHS_TERMINAL) | set(GDB)
    unknown = [c for c in cmds if c not in known and not c.startswith("i686-linux-gnu-objdump")]
    R.check(f"doc commands: every command debugging.md shows ({len(cmds)}) is one this test runs or says why not",
            not unknown, f"shown but never run: {unknown}")
    for c in cmds:
        if c in NOT_RUN_HERE:
            R.add(f"doc commands: `{c}`", True, NOT_RUN_HERE[c], skipped=True)
    for c in [c for c in cmds if c.startswith("i686-linux-gnu-objdump")] + [c for c in BATCH if c in cmds]:
        ok, out = run_batch(c)
        R.check(f"doc commands: `{c}` runs as written and exits 0", ok, out)
    for c in [c for c in BOCHS_DEBUGGER if c in cmds]:
        out = pty_session(["sh", "-c", c + "; echo EXIT=$?"], answer_once(re.compile(rb"<bochs:\d+> $"), b"q\n"), 300, ROOT)
        R.check(f"doc commands: `{c}` reaches Bochs' debugger prompt and ends at `q`",
                re.search(r"<bochs:\d+>", out) and "EXIT=0" in out, out[-1500:])
    for c in [c for c in BOCHS_TERMINAL if c in cmds]:
        out = pty_session(["sh", "-c", c + "; echo EXIT=$?"], answer_once(re.compile(rb"\n/ # (\x1b\[6n)?$"), b"\x1d"), 400, ROOT)
        R.check(f"doc commands: `{c}` boots to the shell's prompt and ends at Ctrl-]",
                "built-in shell (ash)" in out and "EXIT=0" in out, out[-1500:])


@run_tests.test
def gdb_docs_commands_run():
    """make qemu-gdb, then make gdb (and the page's by-hand gdb command) against it, as the page shows."""
    by_hand = GDB[2]
    for client in ("make gdb", by_hand):
        if client not in shown_commands():
            continue
        port = free_port()
        server_out, listening = {}, threading.Event()

        def server_sees(out):
            if b"qemu-system" in out and b"-gdb" in out:     # make qemu-gdb printed QEMU's command line: it runs
                listening.set()
            return None
        server = threading.Thread(target=lambda: server_out.setdefault("out", pty_session(
            ["sh", "-c", f"make qemu-gdb GDB_PORT={port}; echo EXIT=$?"], server_sees, 300, ROOT)))
        server.start()
        cmd = f"make gdb GDB_PORT={port}" if client == "make gdb" else by_hand.replace("1234", str(port))
        state = {"step": 0}

        def respond(out):
            # Continue to the breakpoint on the call, then kill the machine and quit.
            if state["step"] == 0 and out.count(b"(gdb) ") >= 1:
                state["step"] = 1
                return b"continue\n" if client == "make gdb" else b"pf-break-call write\ncontinue\n"
            if state["step"] == 1 and re.search(rb"Breakpoint \d+, (?:.|\n)*\(gdb\) $", out):
                state["step"] = 2
                return b"kill\nquit\n"
            return None
        out = "make qemu-gdb never started QEMU"
        if listening.wait(240):
            # QEMU opens its stub as it starts; the client starts a moment after its command line appears.
            out = pty_session(["sh", "-c", f"sleep 2; {cmd}; echo EXIT=$?"], respond, 120, ROOT)
        server.join(300)
        shown = client if client == "make gdb" else "gdb -q build/kernel.elf ... 'target remote 127.0.0.1:1234'"
        R.check(f"doc commands: make qemu-gdb, then `{shown}` (GDB_PORT={port}): stops at hello's call to sys_write",
                re.search(r"Breakpoint \d+, ", out) and "EXIT=0" in out, out[-2000:])
        R.check(f"doc commands: ... and make qemu-gdb ends when GDB kills the machine ({shown})",
                "EXIT=" in server_out.get("out", ""), server_out.get("out", "")[-1500:])
