#!/usr/bin/env python3
"""
Every test of pfgate, from outside: host unit tests (cmocka, ASan+UBSan),
static checks of the gate ABI, and boots under QEMU (TCG, -kernel and the
GRUB ISO) and Bochs (GRUB ISO), judged from the serial log and exit code.
Ends with one line: N passed, N failed, N skipped. Exits non-zero on failure.
Usage: python3 -m test.run_tests [-k SUBSTRING]...   (or test/run_tests.py; -k: only the tests whose name matches)
"""
import concurrent.futures
import glob
import os
import re
import subprocess
import sys
import time

if __name__ == "__main__" and not __package__:
    # Run as a file (test/run_tests.py): tools/ and test/ are packages of one tree,
    # imported from its top; run this file as what it is there, the module test.run_tests.
    os.chdir(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.execv(sys.executable, [sys.executable, "-m", "test.run_tests"] + sys.argv[1:])

from test import harness  # noqa: E402
from tools import pfabi  # noqa: E402
from test.harness import BUILD, ROOT, QEMU_EXIT_PASS, QEMU_EXIT_FAIL  # noqa: E402

CROSS = os.environ.get("CROSS", "i686-linux-gnu-")
ABI = pfabi.load()
R = harness.Results()
TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


def sh(*cmd):
    return subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, check=False).stdout


# ---- host unit tests ----------------------------------------------------------

@test
def host_unit_tests():
    # One binary per test/host/test_*.c: a binary left in build/ by a test since removed is not run.
    srcs = sorted(glob.glob(os.path.join(ROOT, "test", "host", "test_*.c")))
    bins = [os.path.join(BUILD, "host", os.path.basename(c)[:-2]) for c in srcs]
    missing = [b for b in bins if not os.path.exists(b)]
    R.check(f"host: a unit test binary for each of the {len(srcs)} sources", srcs and not missing,
            f"not built: {missing} (make host-test)")
    bins = [b for b in bins if os.path.exists(b)]
    for b in bins:
        name = os.path.basename(b)
        env = dict(os.environ, CMOCKA_MESSAGE_OUTPUT="TAP")
        try:
            p = subprocess.run([b], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, timeout=120)
            out, code = p.stdout, p.returncode
        except subprocess.TimeoutExpired:
            out, code = "timed out", -1
        tests, _ = harness.parse_tap(out)
        for ok, _, tname, _ in tests:
            R.add(f"host {name}: {tname}", ok, "" if ok else out)
        R.check(f"host {name}: exits 0 with results", code == 0 and tests, out)


# ---- the gate ABI, checked on the built binaries ---------------------------------

def gate_table_entries():
    return sorted((n, name) for name, n in ABI.gate.items())


def nm_symbols(path):
    syms = {}
    for line in sh(CROSS + "nm", path).splitlines():
        parts = line.split()
        if len(parts) == 3:
            syms[parts[2]] = int(parts[0], 16)
    return syms


@test
def gate_abi():
    gates = gate_table_entries()
    with open(os.path.join(ROOT, "include", "pfgate", "gates.def")) as f:
        text = f.read()
        rows = re.findall(r"^(?:BENCH_|FULL_|INTR_)?GATE\((\d+), (\w+),", text, re.M)   # a bench, full-frame or intr gate is a gate to the ABI
        full = {name for _, name in re.findall(r"^FULL_GATE\((\d+), (\w+),", text, re.M)}
        intr = {name for _, name in re.findall(r"^INTR_GATE\((\d+), (\w+),", text, re.M)}
    R.check(f"abi: the ABI description lists exactly the {len(rows)} gates of gates.def",
            sorted((int(n), name) for n, name in rows) == gates, f"{rows}\n{gates}")
    user = nm_symbols(os.path.join(BUILD, "user", "bin", "usertests"))
    for n, name in gates:
        want = ABI.gate_addr(n)
        got = user.get("sys_" + name)
        R.check(f"abi: user sys_{name} is at gate {n} ({want:#x})", got == want, f"got {got}")
    # The kernel table: gate_table[n] must hold the address of svc_<name>. make run's kernel
    # leaves the bench gates (BENCH_GATE in gates.def) unbound; make bench's binds them too.
    bench = set(ABI.bench_gate.values())
    R.check("abi: gates.def marks the bench gates (tsc, copyin, copyout)",
            {"tsc", "copyin", "copyout"} <= set(ABI.bench_gate) and bench <= {n for n, _ in gates}, str(ABI.bench_gate))
    for kernel, label, bound in ((harness.KERNEL, "kernel", {n for n, _ in gates} - bench),
                                 (harness.BENCH_KERNEL, "bench kernel", {n for n, _ in gates})):
        ksyms = nm_symbols(kernel)
        base = ksyms.get("gate_table")
        dump = sh(CROSS + "objdump", "-s", "-j", ".rodata",
                  f"--start-address={base:#x}", f"--stop-address={base + ABI.layout['GATE_COUNT'] * 4:#x}", kernel)
        words = {}
        for line in dump.splitlines():
            m = re.match(r"^\s*([0-9a-f]{8})((?:\s[0-9a-f]{1,8}){1,4})", line)
            if m:
                addr = int(m.group(1), 16)
                for i, w in enumerate(m.group(2).split()):
                    if len(w) == 8:
                        words[addr + 4 * i] = int.from_bytes(bytes.fromhex(w), "little")
        for n, name in gates:
            if n not in bound:
                continue
            got = words.get(base + 4 * n)
            entry = ("full_frame_" if name in full else "intr_gate_" if name in intr else "svc_") + name   # FULL_ and INTR_GATEs: their thunks
            R.check(f"abi: {label} gate_table[{n}] is {entry}", got is not None and got == ksyms.get(entry),
                    f"got {got}, {entry} at {ksyms.get(entry)}")
        empty = [n for n in range(ABI.layout["GATE_COUNT"]) if n not in bound and words.get(base + 4 * n, 0) != 0]
        R.check(f"abi: every other {label} gate_table entry is empty (-ENOSYS)", not empty, str(empty[:10]))
        if label == "kernel":
            left = sorted(s for s in ksyms if s.startswith(("door_", "svc_tsc", "svc_copy")) and s != "door_sysenter_refused")
            R.check("abi: make run's kernel has no door code but the sysenter refusal, no bench service", not left,
                    str(left[:10]))


@test
def hello_disassembly():
    """hello's write is movs into EAX/EDX/ECX and a plain call to the gate: no number, no int."""
    dis = sh(CROSS + "objdump", "-d", "--no-show-raw-insn", os.path.join(BUILD, "user", "bin", "hello"))
    main = dis.split("<main>:", 1)[1].split("\n\n", 1)[0] if "<main>:" in dis else ""
    lines = [ln.split("\t", 1)[1].strip() for ln in main.splitlines() if "\t" in ln]
    write_gate = f"{ABI.gate_addr(ABI.gate['write']):x} <sys_write>"
    call = next((i for i, ln in enumerate(lines) if re.match(r"call\s+" + write_gate, ln)), None)
    R.check(f"hello: main calls the write gate directly (call {write_gate})", call is not None, main)
    if call is not None:
        loads = {m.group(2): m.group(1) for ln in lines[:call]
                 for m in [re.match(r"mov\s+\$(0x[0-9a-f]+),%(eax|edx|ecx)$", ln)] if m}
        R.check("hello: before the call, EAX = fd 1, EDX = the buffer, ECX = its length 0x2d",
                loads.get("eax") == "0x1" and loads.get("ecx") == "0x2d" and "edx" in loads, "\n".join(lines[:call + 1]))
    R.check("hello: no int, sysenter or syscall instruction", not re.search(r"\b(int|sysenter|syscall)\b", dis), main)


# ---- QEMU boots --------------------------------------------------------------------

def check_exit(prefix, boot, want=QEMU_EXIT_PASS):
    R.check(f"{prefix}: exits with code {want} in {boot.seconds:.1f}s",
            boot.code == want and not boot.timed_out,
            f"code {boot.code}, timed out {boot.timed_out}\n{boot.tail()}")


@test
def qemu_selftests():
    for mem in (16, 1024):   # abi-ok: MiB of guest RAM (the smallest we run in, and past the direct map's reach)
        p = f"qemu {mem}M selftest"
        b = harness.qemu_boot("selftest=frames,paging,uaccess,copies", mem_mb=mem)
        R.check(f"{p}: banner names the kernel and the memory",
                b.has("pfgate kernel") and re.search(r"memory: \d+ MiB of RAM found, \d+ KiB usable, \d+ free frames", b.log),
                b.tail())
        harness.report_tap(R, p, b)
        check_exit(p, b)


@test
def qemu_kernel_fault_report():
    b = harness.qemu_boot("selftest=fault", mem_mb=32)
    p = "qemu fault report"
    for text in ("kernel fault:", "#PF page fault (vector 14)", "[not-present write kernel]", "cr2=fffff000",
                 "<selftest_fault_now+", "backtrace:", "<selftest_run+", "<kmain_guarded+", "PANIC: #PF page fault in kernel mode"):
        R.check(f"{p}: shows {text!r}", b.has(text), b.tail())
    R.check(f"{p}: registers are printed", re.search(r"eax=[0-9a-f]{8} ebx=[0-9a-f]{8}", b.log), b.tail())
    check_exit(p, b, QEMU_EXIT_FAIL)


@test
def qemu_hello_and_gatelog():
    b = harness.qemu_boot("run=hello gatelog testexit", mem_mb=32)
    p = "qemu hello"
    R.check(f"{p}: prints through the write gate", b.has("hello, world: printed through the write gate"), b.tail())
    R.check(f"{p}: exits with status 0", b.has("exit: pid 1 (hello) status 0"), b.tail())
    R.check(f"{p}: gatelog shows the write call and its result",
            re.search(r"gate: pid 1 write#2\(1, [0-9a-f]+, 2d\) = 45", b.log), b.tail())
    R.check(f"{p}: no frame leaked", re.search(r"free frames (\d+) at start, \1 now", b.log), b.tail())
    check_exit(p, b)


@test
def qemu_usertests():
    usertests_under("run=usertests testexit", "qemu usertests")


@test
def qemu_usertests_iret():
    """The same suite with the gate returning by iret instead of sysexit."""
    usertests_under("run=usertests gatereturn=iret testexit", "qemu usertests (iret return)")


@test
def qemu_usertests_gatelog():
    """The same suite through gatelog's full-save stub: the C log cross-checks every accepted call."""
    usertests_under("run=usertests gatelog testexit", "qemu usertests (gatelog)")


def misuse_cases():
    """The misuse table's case names (user/tests/misuse_cases.h: misuse and usertests run the same rows)."""
    with open(os.path.join(ROOT, "user", "tests", "misuse_cases.h")) as f:
        return re.findall(r"^\s*MISUSE\((\w+),", f.read(), re.M)


MISUSE_CASES = misuse_cases()


def usertests_under(cmdline, p):
    b = harness.qemu_boot(cmdline, mem_mb=64, timeout=180,
                          replies=[("harness sends 'ping'", "ping")])
    harness.report_tap(R, p, b)
    said = re.search(r"^# partial long write: (\d+) marker lines follow", b.log, re.M)
    marks = len(re.findall(r"^# WRITTEN-BEFORE-THE-BAD-PAGE\r?$", b.log, re.M))
    R.check(f"{p}: a long write cut by a bad page printed every whole line before it ({marks})",
            said and marks == int(said.group(1)), b.tail())
    kills = len(re.findall(r"^killed: pid \d+ \(misuse\)", b.log, re.M))
    R.check(f"{p}: every misuse produced a kill report ({kills} of the {len(MISUSE_CASES)} in misuse_cases.h)",
            kills == len(MISUSE_CASES), b.tail())
    R.check(f"{p}: no frame leaked (normal exits, kills, failed loads)",
            re.search(r"free frames (\d+) at start, \1 now", b.log), b.tail())
    check_exit(p, b)


@test
def qemu_poweroff():
    b = harness.qemu_boot("run=hello poweroff", mem_mb=32, timeout=60)
    p = "qemu power-off"
    R.check(f"{p}: announces it", b.has("machine: power off"), b.tail())
    R.check(f"{p}: QEMU ends with status 0 (ACPI soft-off, not the test exit)", b.code == 0 and not b.timed_out,
            f"code {b.code}\n{b.tail()}")


@test
def qemu_console_input():
    """Serial and keyboard feed the same input queue: read() sees both."""
    b = harness.qemu_boot("run=readline,readline testexit", mem_mb=32, timeout=60,
                          replies=[("type a line", "over serial\r"),
                                   ("type a line", harness.Keys("Typed on PS/2\n"))])
    p = "qemu console input"
    R.check(f"{p}: a line over serial (CR becomes LF)", b.has('readline: got "over serial"'), b.tail())
    R.check(f"{p}: a line on the PS/2 keyboard, with shift", b.has('readline: got "Typed on PS/2"'), b.tail())
    check_exit(p, b)


def last_bg_pid(log):
    pids = re.findall(r"^\[(\d+)\]$", log, re.M)
    return pids[-1] if pids else "0"


@test
def qemu_shell():
    """The shell as a person uses it, over the serial console."""
    cmds = ["echo hello   world", "ls", "cat README", "hello", "misuse gate_plus_1", "misuse nosuch", "status",
            "nosuch", "sleep 200", "spin 1500 &", "spin 1500", "wait", "spin -n 40 gate & spin -n 40 gate", "wait",
            "pause &", "ps",
            lambda log: f"kill {last_bg_pid(log)}", "wait", "sandbox nop gatecheck", "gatecheck",
            "sandbox write hello", "exit"]
    replies = [("$ ", (lambda log, c=c: c(log) + "\r") if callable(c) else c + "\r") for c in cmds]
    b = harness.qemu_boot("init=sh testexit", mem_mb=64, timeout=120, replies=replies)
    p = "qemu shell"
    R.check(f"{p}: echo joins its arguments", b.has("\nhello world\n"), b.tail())
    R.check(f"{p}: ls lists the initrd", re.search(r"^\s+\d+ README$", b.log, re.M) and re.search(r"^\s+\d+ sh$", b.log, re.M), b.tail())
    R.check(f"{p}: cat README", b.has("pfgate: an IA-32 kernel whose only way in"), b.tail())
    R.check(f"{p}: hello runs", b.has("hello, world: printed through the write gate"), b.tail())
    R.check(f"{p}: a killed child's reason is shown", re.search(r"^\[\d+\] misuse killed: call into the middle of a gate page$", b.log, re.M), b.tail())
    R.check(f"{p}: a foreground failure is one line (the program's), `status` shows the code",
            re.search(r"^misuse: unknown case nosuch\nusage: misuse CASE.*\ncases:\n(  .*\n)+\$ status\n\[\d+\] misuse exit 2\n\$ ", b.log, re.M), b.tail())
    R.check(f"{p}: an unknown program is reported", b.has("sh: nosuch: ENOENT: no such file or directory"), b.tail())
    m = re.search(r"sleep: asked 200 ms, slept (\d+) ms", b.log)
    slept = int(m.group(1)) if m else -1
    R.check(f"{p}: sleep 200 wakes on time, within one 10 ms tick (slept {slept})", 200 <= slept <= 210, b.tail())
    # Two spins at a time; each pair must interleave its reports: both advance at once.
    order = re.findall(r"^spin (\d+): \d+ ms, \d+ loops$", b.log, re.M)
    pids = list(dict.fromkeys(order))

    def interleaved(a, b_):
        seq = [x for x in order if x in (a, b_)]
        switches = sum(1 for x, y in zip(seq, seq[1:]) if x != y)
        return seq.count(a) >= 3 and seq.count(b_) >= 3 and switches >= 3

    R.check(f"{p}: two CPU-bound spins both make progress at once (preemption)",
            len(pids) == 4 and interleaved(pids[0], pids[1]), str(order))
    # The second pair loops on gate calls: the timer mostly fires inside the kernel, and must still preempt.
    # Its length is work (40 loops each, a report after every loop) and both start from one line, so
    # no wait for the harness's typing nor a loaded host's slow loop can leave one spin alone: that was
    # this check's flake, when it ran 1500 ms each, typed one after the other.
    R.check(f"{p}: two spins looping on gate calls both make progress at once",
            len(pids) == 4 and interleaved(pids[2], pids[3]), str(order))
    R.check(f"{p}: ps shows the shell, the paused child and their gate sets",
            re.search(r"^\s+\d+\s+0 \w+\s+\d+ all\s+sh$", b.log, re.M) and re.search(r"^\s+\d+\s+\d+ sleep\s+\d+ all\s+pause$", b.log, re.M), b.tail())
    R.check(f"{p}: kill, then wait shows why", re.search(r"^\[\d+\] pause killed by another process$", b.log, re.M), b.tail())
    R.check(f"{p}: a sandboxed child gets -ENOSYS from the withheld gate", b.has("sandbox: gatecheck exited with status 0"), b.tail())
    R.check(f"{p}: the same program with the gate sees it work, and says so",
            re.search(r"^gatecheck \d+: nop answered 0, not -ENOSYS: it is not withheld", b.log, re.M), b.tail())
    R.check(f"{p}: sandbox says what it withholds", b.has("sandbox: hello runs without write (gate 2): calls to them answer -ENOSYS"), b.tail())
    R.check(f"{p}: without write, hello cannot print", b.has("sandbox: hello exited with status 1") and len(re.findall(r"^hello, world: printed through the write gate$", b.log, re.M)) == 1, b.tail())
    check_exit(p, b)


@test
def qemu_vga_keyboard_shell():
    """The shell as seen on the VGA text screen, typed on the PS/2 keyboard."""
    K = harness.Keys
    replies = [("$ ", K("echo On the screen\n")), ("$ ", K("hello\n")), ("$ ", K("eck\bho erased\n")),
               ("$ ", harness.Screen("shell")), ("", K("exit\n"))]
    b = harness.qemu_boot("init=sh testexit", mem_mb=32, timeout=90, replies=replies)
    p = "qemu VGA + keyboard shell"
    screen = b.screens.get("shell", "")
    R.check(f"{p}: the typed command is echoed on the screen", "$ echo On the screen" in screen, screen)
    R.check(f"{p}: its output is on the screen", "\nOn the screen" in screen, screen)
    R.check(f"{p}: program output reaches the screen", "hello, world: printed through the write gate" in screen, screen)
    R.check(f"{p}: backspace edits the line", "$ echo erased" in screen and "\nerased" in screen, screen)
    check_exit(p, b)


@test
def qemu_init_respawn():
    b = harness.qemu_boot("init=sh", mem_mb=32, timeout=60, replies=[("$ ", "exit 3\r")], until="$ ")
    p = "qemu init respawn"
    R.check(f"{p}: the shell's exit status is reported", b.has("exit: pid 1 (sh) status 3"), b.tail())
    R.check(f"{p}: init is restarted and prompts again", b.has("boot: init exited; restarting it") and b.log.rstrip().endswith("$"), b.tail())


@test
def qemu_stress():
    b = harness.qemu_boot("run=stress testexit", mem_mb=64, timeout=300)
    p = "qemu stress"
    harness.report_tap(R, p, b)
    for m in re.findall(r"^# (spawn|calls|procs|frames): (.*)$", b.log, re.M):
        print(f"# {p}: {m[0]}: {m[1]}")
    check_exit(p, b)


@test
def qemu_default_boot():
    """What `make run` boots: the ISO (init=/bin/sh) with the disk, landing in busybox's ash, job control on."""
    from tools.linuxref import BUSYBOX
    if not os.path.exists(BUSYBOX):   # a disk without busybox: make run says so and lands in the native shell
        R.add("qemu default boot (make run)", True, "build/linuxref/busybox not fetched: qemu_ash_fallback_without_disk "
              "checks the native shell's fallback", skipped=True)
        return
    img = harness.disk_copy("default-boot")
    b = harness.qemu_boot(None, mem_mb=128, timeout=90, iso=os.path.join(BUILD, "pfgate.iso"), disk=img,
                          replies=[("/ # ", "echo in the shell\r")], until="in the shell\n")
    p = "qemu default boot (make run)"
    R.check(f"{p}: banner", b.has("pfgate kernel: IA-32") and b.has("free frames"), b.tail())
    R.check(f"{p}: /bin/sh is its first program", b.has("boot: started pid 1: /bin/sh"), b.tail())
    R.check(f"{p}: busybox's ash, which answers", b.has("built-in shell (ash)") and b.has("\nin the shell\n"), b.tail())
    R.check(f"{p}: job control on (the console is its controlling terminal)", not b.has("can't access tty"), b.tail())
    # README's sample session is this boot's: every line it shows (but "..." and what is typed), as printed.
    sample = readme_sample_session()
    seen = {ln.rstrip("\r") for ln in b.log.splitlines()}
    stale = [ln for ln in sample if ln not in seen]
    R.check(f"{p}: README's sample session ({len(sample)} lines, banner figures included) is what it prints (if not: make docs)",
            len(sample) >= 5 and not stale, f"not in this boot's log: {stale}\n{b.tail()}")


def readme_sample_session():
    """The lines of README's `make run` sample, after "The boot prints:", without "..." and typed commands."""
    text = open(os.path.join(ROOT, "README")).read()
    block = text.split("The boot prints:\n\n", 1)[-1].split("\n\n", 1)[0]
    return [ln[4:] for ln in block.splitlines() if ln.startswith("    ") and ln.strip() != "..."
            and not ln[4:].startswith(("$ ", "/ # "))]


@test
def qemu_grub_iso():
    iso = harness.make_iso("qemu-hello", "run=hello testexit")
    b = harness.qemu_boot(None, mem_mb=64, iso=iso)
    p = "qemu GRUB ISO"
    R.check(f"{p}: banner", b.has("pfgate kernel: IA-32") and b.has("free frames"), b.tail())
    R.check(f"{p}: the initrd module arrived", re.search(r"initrd: [1-9]\d* bytes", b.log), b.tail())
    R.check(f"{p}: hello ran", b.has("hello, world: printed through the write gate"), b.tail())
    check_exit(p, b)


# ---- Bochs -------------------------------------------------------------------------

@test
def bochs_iso():
    iso = harness.make_iso("bochs-suite", "run=hello,usertests testexit")
    b = harness.bochs_session(iso, [("harness sends 'ping'", "ping")], timeout=600)
    p = "bochs GRUB ISO"
    R.check(f"{p}: banner over serial", b.has("pfgate kernel: IA-32") and b.has("free frames"), b.tail())
    R.check(f"{p}: hello ran", b.has("hello, world: printed through the write gate"), b.tail())
    harness.report_tap(R, p + " usertests", b)
    R.check(f"{p}: no frame leaked", re.search(r"free frames (\d+) at start, \1 now", b.log), b.tail())
    R.check(f"{p}: test exit PASS and Bochs ended by itself in {b.seconds:.0f}s",
            b.has("machine: test exit PASS") and not b.timed_out, f"code {b.code}\n{b.tail()}")


def load_suites():
    """More test groups live in test/suite_*.py; each registers with run_tests.test."""
    import importlib
    for path in sorted(glob.glob(os.path.join(ROOT, "test", "suite_*.py"))):
        importlib.import_module("test." + os.path.basename(path)[:-3])


@test
def bochs_shell():
    """A shell session in Bochs, over COM1 on a socket."""
    iso = harness.make_iso("bochs-shell", "init=sh testexit")
    cmds = ["echo typed in bochs", "ls", "misuse gate_read", "sleep 100", "ps", "exit"]
    b = harness.bochs_session(iso, [("$ ", c + "\r") for c in cmds], timeout=300)
    p = "bochs shell"
    R.check(f"{p}: SMEP and SMAP are on (bochsrc's CPU model)", b.has("cpu: SMEP on, SMAP on"), b.tail())
    R.check(f"{p}: echo", b.has("\ntyped in bochs\n"), b.tail())
    R.check(f"{p}: ls", re.search(r"^\s+\d+ usertests$", b.log, re.M), b.tail())
    R.check(f"{p}: a killed child's reason", b.has("killed: data access to a gate page"), b.tail())
    R.check(f"{p}: sleep", re.search(r"sleep: asked 100 ms, slept 1\d\d ms", b.log), b.tail())
    R.check(f"{p}: ps", re.search(r"^\s+\d+\s+\d+ run\s+\d+ all\s+ps$", b.log, re.M), b.tail())
    R.check(f"{p}: exit ends the run, no frame leaked, in {b.seconds:.0f}s", b.has("machine: test exit PASS"), b.tail())


def main():
    load_suites()
    only = [a for i, a in enumerate(sys.argv[1:]) if i > 0 and sys.argv[i] == "-k"]
    chosen = [t for t in TESTS if not only or any(k in t.__name__ for k in only)]
    start = time.monotonic()
    # A -k that picks no test is a typo, never a pass: say so and fail.
    for k in only:
        R.check(f"-k {k} picks at least one test group", any(k in t.__name__ for t in TESTS),
                "no test group's name contains it; the groups: " + " ".join(sorted(t.__name__ for t in TESTS)))
    # The long Bochs boot goes first so the QEMU boots run beside it.
    chosen.sort(key=lambda t: not t.__name__.startswith("bochs"))

    def run_group(index, t):
        R.begin_group(index)
        try:
            t()
        except Exception as e:  # a broken test is a failed test, not a crash of the run
            R.add(f"{t.__name__}: raised {type(e).__name__}", False, str(e))
        finally:
            R.end_group(index, t.__name__)

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for f in [pool.submit(run_group, i, t) for i, t in enumerate(chosen)]:
            f.result()
    passed, failed, skipped = R.totals()
    print(R.plan())
    print(f"# {len(chosen)} test groups in {time.monotonic() - start:.0f}s")
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    sys.modules["test.run_tests"] = sys.modules["__main__"]   # the suites import this module by name: one copy
    main()
