"""
No silent failures at boot (issue 25):
  - the kernel command line is checked word by word against the kernel's own
    table (src/kernel/cmdline_options.h, abi.json's cmdline group): a typo, an
    unknown value, a program not in the initrd or an empty list stops the
    boot with one line naming the word and what is accepted; under testexit a
    failing exit, without it a halt (never a boot that goes on as if the word
    were not there, never a pass);
  - under testexit every program the kernel starts counts: one that cannot
    start, exits non-zero or is killed fails the run, and the first is named;
  - errors are named from the one errno table (pfgate/errno.h), by the kernel
    and by the user programs.
"""
import re

from test import run_tests
from test.run_tests import R, ABI
from test import harness

FLAG = 0   # enum cmdline_kind's CMDLINE_FLAG


def accepted(line):
    """The words after "; accepted:" in a cmdline: line."""
    m = re.search(r"; accepted: (.*)$", line)
    return m.group(1).split() if m else []


def cmdline_line(boot):
    lines = re.findall(r"^cmdline: .*$", boot.log, re.M)
    return lines[0] if len(lines) == 1 else None


def refused(p, boot, start):
    """One cmdline: line starting with `start`; nothing started; a failing exit."""
    line = cmdline_line(boot)
    R.check(f"{p}: one line says what is wrong: {start}...", line and line.startswith(start), boot.tail())
    R.check(f"{p}: nothing runs after it (no program started, no self-test plan, no pass)",
            not re.search(r"^(boot: started|1\.\.|ready:)", boot.log, re.M) and not boot.has("test exit PASS"), boot.tail())
    return line


@run_tests.test
def qemu_cmdline_refused():
    options = [n + ("" if k == FLAG else "=") for n, k in ABI.cmdline.items()]
    values = {n: [v for v in ABI.cmdline_text.get(n, "").split(",") if v] for n in ABI.cmdline}
    cases = [   # (command line, the line's start, what it must list as accepted)
        ("rnu=hello testexit", "cmdline: unknown option 'rnu=hello'; accepted:", options),
        ("run=hello tesexit", "cmdline: unknown option 'tesexit'; accepted:", options),
        ("gatereturn=irte run=hello testexit", "cmdline: unknown value 'irte' in 'gatereturn=irte'", values["gatereturn"]),
        ("selftest=frame testexit", "cmdline: unknown value 'frame' in 'selftest=frame'", values["selftest"]),
        ("selftest= testexit", "cmdline: 'selftest=' has an empty name", values["selftest"]),
        ("run=nosuchprog testexit", "cmdline: no program 'nosuchprog' in the initrd ('run=nosuchprog')", None),
        ("run= testexit", "cmdline: 'run=' names an empty program", []),
        ("run=hello init=nosuch testexit", "cmdline: no program 'nosuch' in the initrd ('init=nosuch')", None),
        ("run=hello testexit testexit", "cmdline: 'testexit': option testexit given twice", []),
    ]
    for append, start, want in cases:
        p = f"qemu cmdline {append!r}"
        b = harness.qemu_boot(append, mem_mb=32, timeout=60)
        line = refused(p, b, start)
        if want is None:   # the initrd's programs
            want = [w for w in accepted(line or "") if w in ("hello", "sh", "usertests")] and accepted(line or "")
            R.check(f"{p}: the programs the initrd has are listed", {"hello", "sh", "usertests"} <= set(want), line)
        else:
            R.check(f"{p}: lists what is accepted, from the kernel's table", sorted(accepted(line or "")) == sorted(want),
                    f"{line}\nwant: {want}")
        if "testexit" in append.split():
            run_tests.check_exit(p, b, harness.QEMU_EXIT_FAIL)


@run_tests.test
def qemu_cmdline_halts_without_testexit():
    """Without testexit a refused command line halts the machine with the line; it does not go on idle."""
    p = "qemu cmdline refused, no testexit"
    # Stop at the end of the line, not its start: QEMU is ended as soon as the text is read.
    b = harness.qemu_boot("gatereturn=irte", mem_mb=32, timeout=60,
                          until="machine: boot stopped: the kernel command line is not accepted")
    refused(p, b, "cmdline: unknown value 'irte' in 'gatereturn=irte'")
    R.check(f"{p}: the machine says it stopped", b.has("machine: boot stopped: the kernel command line is not accepted"),
            b.tail())


@run_tests.test
def qemu_cmdline_grub_iso():
    """GRUB passes no kernel path: the first word is checked like any other (a typo there is refused too)."""
    p = "qemu GRUB ISO cmdline"
    b = harness.qemu_boot(None, iso=harness.make_iso("cmdline-typo", "selftest=frame testexit"), mem_mb=32, timeout=90)
    R.check(f"{p}: the command line has no kernel path", b.has("command line: selftest=frame testexit"), b.tail())
    refused(p, b, "cmdline: unknown value 'frame' in 'selftest=frame'")
    run_tests.check_exit(p, b, harness.QEMU_EXIT_FAIL)
    b = harness.qemu_boot(None, iso=harness.make_iso("cmdline-first", "selftst=frames testexit"), mem_mb=32, timeout=90)
    refused(p + " (typo in the first word)", b, "cmdline: unknown option 'selftst=frames'")
    run_tests.check_exit(p + " (typo in the first word)", b, harness.QEMU_EXIT_FAIL)


@run_tests.test
def qemu_run_verdict():
    """Under testexit a run= (or init=) program that fails fails the run, named; the others still run."""
    cases = [   # (command line, the failure named, a line that shows the rest of the list ran)
        ("run=misuse:gate_plus_1,hello testexit", "misuse was killed", "exit: pid 2 (hello) status 0"),
        ("run=cat:nosuchfile,hello testexit", "cat exited with status 1", "exit: pid 2 (hello) status 0"),
        ("run=hello init=cat:nosuchfile testexit", "cat exited with status 1", "exit: pid 1 (hello) status 0"),
        ("run=README,hello testexit", "README could not start", "exit: pid 1 (hello) status 0"),
    ]
    for append, failure, rest in cases:
        p = f"qemu run verdict {append!r}"
        b = harness.qemu_boot(append, mem_mb=32, timeout=60)
        R.check(f"{p}: the first failure is named: {failure}", b.has(f"boot: a program failed: {failure}\n"), b.tail())
        R.check(f"{p}: the rest of the list still ran", b.has(rest), b.tail())
        R.check(f"{p}: no frame leaked (said apart from the verdict)",
                re.search(r"^boot: all programs done; free frames (\d+) at start, \1 now$", b.log, re.M), b.tail())
        run_tests.check_exit(p, b, harness.QEMU_EXIT_FAIL)
    b = harness.qemu_boot("run=true,hello init=true testexit", mem_mb=32, timeout=60)
    R.check("qemu run verdict: every program exits 0: no failure named", not b.has("a program failed"), b.tail())
    run_tests.check_exit("qemu run verdict: every program exits 0", b)


@run_tests.test
def qemu_errors_named():
    """The kernel and the user programs name an error from the one table (pfgate/errno.h via abi.json)."""
    R.check("abi: every error number has its text in the table", set(ABI.errno) == set(ABI.errno_text) and
            all(ABI.errno_text[e] for e in ABI.errno), str(ABI.data.get("errno_text")))
    p = "qemu errors named"
    b = harness.qemu_boot("run=README,cat:nosuchfile,ls:nosuchdir,sandbox:write:nosuch testexit", mem_mb=32, timeout=60)
    for text in (f"boot: cannot start README: ENOEXEC: {ABI.errno_text['ENOEXEC']}",
                 f"cat: nosuchfile: ENOENT: {ABI.errno_text['ENOENT']}",
                 f"ls: nosuchdir: ENOENT: {ABI.errno_text['ENOENT']}",
                 f"sandbox: cannot start nosuch: ENOENT: {ABI.errno_text['ENOENT']}"):
        R.check(f"{p}: {text}", b.has(text + "\n"), b.tail())
    R.check(f"{p}: no error is printed as a bare number", not re.search(r"error -?\d+", b.log), b.tail())
