"""
Tracing and debugging a gate call (docs/debugging.md), tested from outside:

  - make trace (Bochs, headless) for hello's write and gatebench's nop: the
    trace file shows the user's call to the gate, the #PF at that address,
    the entry stub, the decode, the handler, the return to the instruction
    after the call, in that order, and the four counts;
  - make trace-boot: from _start to the first user instruction;
  - Bochs' debugger driven by a command file (what make bochs-debug runs),
    its output checked for the kernel's and the program's symbol names;
  - GDB in batch mode against QEMU's gdb stub with tools/trace/gdb/pfgate.py: stops
    at the dispatch of hello's write, reads CR2 and the decoded handler,
    steps into the handler, runs back to user mode.
"""
import os
import re
import shutil
import subprocess
import sys
import time

from test import run_tests
from test.run_tests import R, ABI
from test import harness
from test.harness import ROOT, BUILD
from test.term import pty_session

from tools.trace import bochsdbg
from tools.launch import gdb_boot

OUT = os.path.join(BUILD, "test", "debug")
GATE_BASE = bochsdbg.layout()["GATE_BASE"]
PAGE = bochsdbg.layout()["PAGE_SIZE"]


def gate_addr(name):
    return GATE_BASE + bochsdbg.gates()[name] * PAGE


def call_sites(prog, gate):
    """{call address: return address} of `call sys_GATE` in build/user/bin/PROG, found independently."""
    return {c: r for c, r, _ in bochsdbg.gate_call_sites(os.path.join(BUILD, "user", "bin", prog), gate_addr(gate))}


def make(*args, timeout=600):
    """The make target as a user runs it, minus the rebuild: make test has just built
    everything (-o: all and deps count as done, so nothing is rebuilt under the other tests)."""
    t0 = time.monotonic()
    try:
        p = subprocess.run(["make", "-s", "--no-print-directory", "-o", "all", "-o", "deps", *args], cwd=ROOT, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
        return p.returncode, p.stdout, time.monotonic() - t0
    except subprocess.TimeoutExpired as e:
        return -1, f"timed out after {timeout}s\n{e.stdout or ''}", time.monotonic() - t0


# ---- make trace ---------------------------------------------------------------------

INSN = re.compile(r"^\s*(\d+)\s+(\d+)\s+(user|entry|handler|return)\s+0x([0-9a-f]{8})\s+(\S+) \[(\S+)\]\s+(.*?)\s+\(([0-9a-f]+)\)$")


def check_gate_trace(p, text, prog, gate, result=None, max_total=None):
    lines = text.splitlines()
    gaddr = gate_addr(gate)
    sites = call_sites(prog, gate)

    def find(prefix, start=0):
        return next((i for i in range(start, len(lines)) if lines[i].startswith(prefix)), None)

    def next_insn(i):
        for j in range(i + 1, len(lines)):
            m = INSN.match(lines[j])
            if m:
                return j, m
        return None, None

    idx = {}
    # The user's call to the gate: the first instruction, at a call site of sys_GATE, in the program.
    idx["call"] = find("==> user call:")
    j, m = next_insn(idx["call"] if idx["call"] is not None else 0)
    R.check(f"{p}: the trace starts with {prog}'s call to sys_{gate} ({gaddr:#x}), in user mode",
            m and int(m.group(1)) == 1 and m.group(3) == "user" and int(m.group(4), 16) in sites
            and m.group(6) == prog and re.match(rf"call {gaddr:#x} <sys_{gate}>", m.group(7)),
            "\n".join(lines[:20]))
    site = int(m.group(4), 16) if m else None
    # The fault at the gate address: vector 14, CR2 = gate, error code 0x14 (user, read, not
    # present, and the fetch bit: bochsrc's CPU has SMEP, which the kernel turns on).
    idx["fault"] = find("==> fault:")
    f = lines[idx["fault"]] if idx["fault"] is not None else ""
    R.check(f"{p}: the #PF is marked after the call: vector 14, CR2 = {gaddr:#x} = EIP, error code 0x14 (SMEP)",
            "#PF vector 14" in f and f"CR2={gaddr:#010x}" in f and f"EIP={gaddr:#010x}" in f and
            "error code 0x14 " in f, f or text[:3000])
    # The entry stub: the next instruction is the first of a #PF entry, in the kernel.
    idx["entry"] = find("==> entry stub:")
    j, m = next_insn(idx["entry"] if idx["entry"] is not None else 0)
    R.check(f"{p}: then the entry stub (IDT vector 14), first kernel instruction",
            m and m.group(3) == "entry" and re.match(r"^pf_entry\w*$", m.group(5)) and m.group(6) == "kernel",
            lines[idx["entry"]] if idx["entry"] is not None else text[:3000])
    # The decode: an instruction that reads CR2, before the handler.
    idx["decode"] = find("==> decode:")
    j, m = next_insn(idx["decode"] if idx["decode"] is not None else 0)
    R.check(f"{p}: then the decode, which starts by reading CR2", m and re.search(r"\bcr2\b", m.group(7)),
            str(m and m.group(0)))
    # The handler.
    idx["handler"] = find("==> handler:")
    j, m = next_insn(idx["handler"] if idx["handler"] is not None else 0)
    R.check(f"{p}: then the handler svc_{gate} from its first instruction",
            m and m.group(3) == "handler" and m.group(5) == f"svc_{gate}" and m.group(6) == "kernel",
            str(m and m.group(0)))
    # The return to the instruction after the call, in ring 3, by iret or sysexit.
    idx["return"] = find("==> return:")
    r = lines[idx["return"]] if idx["return"] is not None else ""
    ret = sites.get(site)
    prev = next((INSN.match(lines[k]) for k in range((idx["return"] or 1) - 1, 0, -1) if INSN.match(lines[k])), None)
    R.check(f"{p}: back to user mode at the instruction after the call ({ret:#x})" if ret else f"{p}: return",
            ret and re.search(rf"^==> return: (iret|sysexit) to 0x001b:{ret:#010x} .*ring 3", r) and prev and
            prev.group(7) in ("iret", "sysexit"), r + "\n" + str(prev and prev.group(0)))
    order = [idx.get(k) for k in ("call", "fault", "entry", "decode", "handler", "return")]
    R.check(f"{p}: call, fault, entry stub, decode, handler, return come in that order",
            None not in order and order == sorted(order), str(idx))
    # The counts: four parts that add up, and agree with the numbered instructions and Bochs' ticks.
    counts = {}
    for name in ("user to fault entry", "entry to handler", "handler", "handler to user", "total"):
        m = re.search(rf"^  {name}\s+(\d+)", text, re.M)
        counts[name] = int(m.group(1)) if m else None
    parts = [counts[k] for k in ("user to fault entry", "entry to handler", "handler", "handler to user")]
    numbered = [int(m.group(1)) for m in map(INSN.match, lines) if m]
    ticks = re.search(r"Bochs ticks from the call to the return: (\d+)", text)
    R.check(f"{p}: counts printed: user {parts[0]}, entry {parts[1]}, handler {parts[2]}, return {parts[3]}, "
            f"total {counts['total']}",
            None not in parts and all(c > 0 for c in parts) and parts[0] == 1 and sum(parts) == counts["total"]
            and numbered and numbered[-1] == counts["total"] and ticks and int(ticks.group(1)) == counts["total"] + 1,
            "\n".join(lines[-12:]))
    if result is not None:
        R.check(f"{p}: the result in EAX is {result:#x}", f"result: EAX={result:#010x}" in text, lines[3])
    if max_total is not None and counts["total"]:
        R.check(f"{p}: a {gate} round trip is short ({counts['total']} <= {max_total} instructions)",
                counts["total"] <= max_total, "\n".join(lines[-12:]))
    return counts


@run_tests.test
def bochs_trace_gate():
    os.makedirs(OUT, exist_ok=True)
    nop_total = None
    for prog, gate, kopts, result, max_total in (("hello", "write", "", 45, None),
                                                 ("gatebench:1:1", "nop", "", 0, 100),
                                                 ("gatebench:1:1", "nop", "gatereturn=iret", 0, 100)):
        name = f"{prog.split(':')[0]}-{gate}" + (f"-{kopts.split('=')[-1]}" if kopts else "")
        out = os.path.join(OUT, f"trace-{name}.txt")
        if os.path.exists(out):
            os.unlink(out)
        code, log, secs = make("trace", f"PROG={prog}", f"GATE={gate}", f"KOPTS={kopts}", f"TRACE_OUT={out}")
        p = f"make trace {name}"
        R.check(f"{p}: runs headless and writes the trace in {secs:.0f}s", code == 0 and os.path.exists(out), log)
        if code == 0 and os.path.exists(out):
            counts = check_gate_trace(p, open(out).read(), prog.split(":")[0], gate, result, max_total)
            if kopts:
                R.check(f"{p}: {kopts} returns by iret", "==> return: iret" in open(out).read(), log)
            if gate == "nop" and not kopts:
                nop_total = counts.get("total")
    # gatebench measures the same round trip with rdtsc, which Bochs advances once per
    # instruction: per iteration, the traced instructions + 1 (the faulting fetch) + dec + jnz.
    iso = harness.make_iso("debug-gatebench", "run=gatebench:200:3 testexit")
    b = harness.bochs_boot(iso, timeout=300)
    m = re.search(r"^bench: gate nop\s+min (\d+)\.(\d+)", b.log, re.M)
    R.check(f"make trace: the nop trace ({nop_total} instructions) agrees with gatebench in Bochs "
            f"({m.group(1) + '.' + m.group(2) if m else '?'} ticks per iteration = instructions + 1 + dec, jnz)",
            m and nop_total and int(m.group(1)) == nop_total + 3, b.tail())


@run_tests.test
def bochs_trace_round():
    """make trace ROUND=1: a pipe ping-pong's round trip in make bench's kernel, across both processes."""
    os.makedirs(OUT, exist_ok=True)
    out = os.path.join(OUT, "round-pingpong.txt")
    if os.path.exists(out):
        os.unlink(out)
    code, log, secs = make("trace", "PROG=workload:pingpong:20", "GATE=write", "SKIP=10", "ROUND=1", "TRACE_BENCH=1",
                           f"TRACE_OUT={out}")
    p = "make trace ROUND=1 (ping-pong)"
    ok = code == 0 and os.path.exists(out)
    R.check(f"{p}: runs headless and writes the trace in {secs:.0f}s", ok, log)
    if not ok:
        return
    text = open(out).read()
    m = re.search(r"^counts: (\d+) instructions in the round \(ring 0: (\d+), ring 3: (\d+)\)", text, re.M)
    R.check(f"{p}: the counts are there", m, text[-2000:])
    if not m:
        return
    total = int(m.group(1))
    by_func = [int(x) for x in re.findall(r"^    \s*(\d+)  \S+ \[(?:kernel|workload)\]$", text, re.M)]
    insns = len(re.findall(r"^\s*\d+\s+\d+\s+r[03]\s+0x[0-9a-f]{8}\s", text, re.M))
    R.check(f"{p}: ring 0 + ring 3 = the total ({total}), the functions add up to it ({sum(by_func)})",
            int(m.group(2)) + int(m.group(3)) == total and sum(by_func) == total, text[-3000:])
    stretch = re.findall(r"^==> (.*?)  \(\d+ instructions\)$", text, re.M)
    entered = [s for s in stretch if s.endswith(" entered")]
    R.check(f"{p}: both processes' write and read (svc_write, svc_read twice each) and two switches, in order",
            entered == ["svc_write entered", "svc_read entered", "swtch entered"] * 2, stretch)
    R.check(f"{p}: four gate faults, the round ends back in the parent's loop (ping_pong)",
            sum("#PF" in s for s in stretch) == 4 and stretch[-1].startswith("back in ring 3 at ping_pong"), stretch)
    R.check(f"{p}: every traced instruction is listed (no fold in a ping-pong) or folded", insns <= total, insns)


@run_tests.test
def bochs_trace_boot():
    os.makedirs(OUT, exist_ok=True)
    out = os.path.join(OUT, "trace-boot.txt")
    gz = os.path.join(OUT, "trace-boot.trace.gz")
    for f in (out, gz):
        if os.path.exists(f):
            os.unlink(f)
    code, log, secs = make("trace-boot", "PROG=hello", f"TRACE_OUT={out}", timeout=900)
    p = "make trace-boot"
    R.check(f"{p}: writes a summary and the whole trace in {secs:.0f}s", code == 0 and os.path.exists(out)
            and os.path.exists(gz), log)
    if code != 0 or not os.path.exists(out):
        return
    text = open(out).read()
    n = re.search(r"^instructions: (\d+)", text, re.M)
    R.check(f"{p}: starts at _start with the multiboot magic, ends at hello's entry in ring 3",
            re.search(rf"^start: 0x[0-9a-f]+ <_start> .*{ABI.boot['MB_BOOT_MAGIC']:#x}", text, re.M) and
            re.search(rf"^end: +{ABI.layout['USER_BASE']:#010x} <_start> in hello .*ring 3", text, re.M), text[:1000])
    R.check(f"{p}: counts the instructions ({n.group(1) if n else '?'}) and shows kmain's calls",
            n and int(n.group(1)) > 10000 and re.search(r"^\s+\d+  kmain: \d+", text, re.M) and
            re.search(r"^\s+\d+    \w+", text, re.M), text[:3000])
    import gzip
    with gzip.open(gz, "rt") as f:
        first = f.readline()
        last = first
        for last in f:
            pass
    R.check(f"{p}: the whole trace runs from _start to the last kernel instruction before user mode",
            re.search(r"0x[0-9a-f]+ _start\s", first) and n and last.split()[0] == n.group(1) and
            re.search(r"\b(iret|sysexit)\b", last), first + last)


# ---- Bochs' debugger with symbols, from a command file --------------------------------------

@run_tests.test
def bochs_debugger_symbols():
    from tools.trace import trace_gate
    work = os.path.join(OUT, "bochs-debugger")
    shutil.rmtree(work, ignore_errors=True)
    p = "bochs debugger"
    st = trace_gate.Setup("hello", "write", "", work, testexit=True)
    rc = trace_gate.write_rc(st, os.path.join(work, "session.rc"))   # what make bochs-debug runs first
    site, ret, _ = st.sites[0]
    with open(rc, "a") as f:
        f.write("\n".join([
            "trace on",                 # print each instruction as it runs, and the exception
            "s",                        # the call
            "s",                        # the fault: stops at the #PF entry
            "trace off",
            "creg",                     # CR2
            "x /6wx esp",               # what the CPU pushed
            'info symbols "svc_wri"',
            'lb "svc_write"',
            "c",
            "bt",
            "u /3",
            "q"]) + "\n")
    cmd = bochsdbg.bochs_command(st.bochsrc, st.iso, st.serial, st.log, rc)
    t0 = time.monotonic()
    try:
        proc = subprocess.run(["timeout", "-k", "5", "120"] + cmd, cwd=ROOT, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=150)
        out = proc.stdout.decode("latin-1")
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("latin-1") + "\n(timed out)"
    secs = time.monotonic() - t0
    gaddr = gate_addr("write")
    R.check(f"{p}: the command file ran to its end ({secs:.0f}s): u /3 disassembles svc_write by name",
            "(timed out)" not in out and re.search(r"^[0-9a-f]{16}: \(\s*svc_write\+0\): ", out, re.M),
            out[-3000:])
    R.check(f"{p}: stops at hello's call, named from the program's symbols (main+...)",
            re.search(rf"001b:0+{site:x} \(main\+[0-9a-f]+\): call", out), out[-3000:])
    R.check(f"{p}: the step into the gate raises #PF with error code 0x14 (SMEP on), the stop is at a named #PF entry",
            "Exception 0x0e - (#PF) page fault occurred (error_code=0x0014)" in out and
            re.search(r"0008:0+c[0-9a-f]+ \(pf_entry\w*\+0\): (clac|sub esp, 0x[0-9a-f]+)", out), out[-3000:])
    R.check(f"{p}: creg shows CR2 = the gate ({gaddr:#x})", f"CR2=page fault laddr=0x{gaddr:016x}" in out, out[-3000:])
    R.check(f"{p}: the CPU pushed error code 0x14 and EIP = the gate", re.search(
        rf"0x00000014\s+0x{gaddr:08x}\s+0x0000001b", out), out[-3000:])
    R.check(f"{p}: info symbols names svc_write", re.search(r"[0-9a-f]{8}: svc_write\b", out), out[-3000:])
    R.check(f"{p}: a breakpoint on the symbol svc_write stops there (svc_write+0)",
            re.search(r"\(svc_write\+0\):", out), out[-3000:])


# ---- GDB against QEMU's gdb stub ----------------------------------------------------------

GDB_SCRIPT = r'''
import gdb
def say(k, v):
    print(f"CHECK {k}={v}", flush=True)
def reg(r):
    return int(gdb.parse_and_eval(f"(unsigned int){r}")) & 0xffffffff
def addr(sym):
    return int(gdb.parse_and_eval(f"(unsigned int)&{sym}")) & 0xffffffff
gdb.execute("pf-user @USER@")
gdb.execute("target remote 127.0.0.1:@PORT@")
gdb.execute("pf-break-call write")
gdb.execute("continue")
say("at_call", hex(reg("$pc")))
def refused(cmd):
    try:
        gdb.execute(cmd, to_string=True)
        return "ran"
    except gdb.error as e:
        return "refused:" + str(e).replace(" ", "_")
# In user mode, before the call: no gate call is under way.
say("finish_in_user", refused("pf-finish"))
# Decided from the arguments, whatever the current frame holds.
for i, a in enumerate(@DECODE_ARGS@):
    print(f"DECODE{i} " + gdb.execute(f"pf-decode {a}", to_string=True).replace("\n", " | "), flush=True)
gdb.execute("delete")
gdb.execute("pf-break-dispatch")
gdb.execute("continue")
pc = reg("$pc")
say("dispatch", gdb.execute("info symbol $pc", to_string=True).split()[0])
say("cr2", hex(reg("$cr2")))
print(gdb.execute("pf-decode", to_string=True), flush=True)
print(gdb.execute("pf-frame", to_string=True), flush=True)
print(gdb.execute("pf-proc", to_string=True), flush=True)
sym = gdb.execute("info symbol $pc", to_string=True).split()[0]
if sym.endswith("_call"):
    # The entry stub's `call [ebx]`: EBX points at the handler's slot in the dispatch table.
    say("table_slot", hex(int(gdb.parse_and_eval("*(unsigned int *)$ebx")) & 0xffffffff))
    gdb.execute("stepi")
    say("stepped_pc", hex(reg("$pc")))
    if reg("$pc") != addr("svc_write"):
        # write is an INTR_GATE (gates.def): the slot holds its thunk, which calls svc_write next.
        say("thunk", gdb.execute("info symbol $pc", to_string=True).split()[0])
        gdb.execute("break svc_write")
        gdb.execute("continue")
else:
    gdb.execute("delete")
    gdb.execute("break svc_write")
    gdb.execute("continue")
say("handler_pc", hex(reg("$pc")))
say("svc_write", hex(addr("svc_write")))
say("handler_args", f"{reg('$eax'):#x},{reg('$edx'):#x},{reg('$ecx'):#x}")
gdb.execute("delete")
print(gdb.execute("pf-finish", to_string=True), flush=True)
say("back_pc", hex(reg("$pc")))
say("back_cs", hex(reg("$cs")))
say("back_eax", hex(reg("$eax")))
gdb.execute("kill")
say("done", 1)
'''


@run_tests.test
def gdb_gate_call():
    p = "gdb on QEMU"
    work = os.path.join(OUT, "gdb")
    shutil.rmtree(work, ignore_errors=True)
    snap = bochsdbg.snapshot(work, ["hello"])
    sites = call_sites("hello", "write")
    main_site = min(sites)            # main's call comes first in the text (hello's only direct call)
    # pf-decode's cases: gate+1, the gate read from the call site, the gate itself, the kernel.
    w = gate_addr("write")
    decode_args = (f"{w + 1:#x}", f"{w:#x} {main_site:#x}", f"{w:#x}", f"{ABI.layout['KERNEL_BASE']:#x}")
    r = gdb_boot.boot(GDB_SCRIPT.replace("@USER@", snap["hello"]).replace("@DECODE_ARGS@", repr(decode_args)),
                      os.path.join(work, "session.py"), kernel=snap["kernel"], initrd=snap["initrd"],
                      append="run=hello testexit", gdb_args=["-x", "tools/trace/gdb/pfgate.gdb"], seconds=120,
                      serial_file=os.path.join(work, "serial.txt"))
    out, secs = r.gdb, r.seconds
    got = dict(re.findall(r"^CHECK (\w+)=(\S+)", out, re.M))
    tail = out[-3000:]
    gaddr = gate_addr("write")
    R.check(f"{p}: the session ran to its end and QEMU is gone ({secs:.1f}s)", got.get("done") == "1" and
            r.code is not None, tail)
    R.check(f"{p}: stops at hello's call to sys_write ({main_site:#x})", got.get("at_call") == hex(main_site), tail)
    R.check(f"{p}: stops at the dispatch (the entry stub's handler call)",
            re.match(r"^pf_(entry|gate)\w*_call$", got.get("dispatch", "")), tail)
    R.check(f"{p}: reads CR2 = the write gate ({gaddr:#x})", got.get("cr2") == hex(gaddr), tail)
    # write is an INTR_GATE (gates.def): its table entry is the thunk intr_gate_write, which calls svc_write.
    handler = "intr_gate_write" if got.get("thunk") else "svc_write"
    R.check(f"{p}: pf-decode names gate 2, write, handler {handler}, a gate call",
            re.search(r"-> gate 2\b", out) and "name: write" in out and f"handler: {handler} " in out and
            "verdict: a gate call" in out, tail)
    if "table_slot" in got:
        R.check(f"{p}: the dispatch table slot the stub calls through holds {handler}, where stepping in lands",
                got.get("table_slot") == got.get("stepped_pc") and got.get("thunk", "svc_write") == handler and
                (handler != "svc_write" or got.get("table_slot") == got.get("svc_write")), tail)
    R.check(f"{p}: pf-frame shows the faulting EIP = the gate, from ring 3, error code 4",
            re.search(rf"eip {gaddr:#010x} <gate 2, write>\s+cs 0x001b \(ring 3\)", out) and
            "error code 0x4 [not present, read, user mode]" in out, tail)
    R.check(f"{p}: pf-proc shows the current process, pid 1 (hello)", "process 1 (hello), running" in out, tail)
    R.check(f"{p}: stepping in lands on svc_write's first instruction with the caller's arguments (1, buf, 45)",
            got.get("handler_pc") and got.get("handler_pc") == got.get("svc_write") and
            re.match(r"^0x1,0x[0-9a-f]+,0x2d$", got.get("handler_args", "")), tail)
    decodes = dict(re.findall(r"^DECODE(\d) (.*)$", out, re.M))
    R.check(f"{p}: pf-finish in user mode, before any gate call, refuses instead of guessing",
            got.get("finish_in_user", "").startswith("refused:not_in_a_gate_call"), tail)
    R.check(f"{p}: pf-decode ADDR: gate+1 is misaligned (a call into the middle), whatever the current frame",
            "misaligned" in decodes.get("0", "") and "verdict: misuse: a call into the middle" in decodes.get("0", ""), tail)
    R.check(f"{p}: pf-decode ADDR EIP: a read of the gate from elsewhere is a data access",
            "verdict: misuse: a data access" in decodes.get("1", ""), tail)
    R.check(f"{p}: pf-decode ADDR: the gate's first byte is a gate call to write",
            "verdict: a gate call" in decodes.get("2", "") and "name: write" in decodes.get("2", ""), tail)
    R.check(f"{p}: pf-decode ADDR outside the window: not a gate", "not a gate" in decodes.get("3", ""), tail)
    R.check(f"{p}: pf-finish from the handler runs back to the caller",
            re.search(r"the gate call returns to 0x[0-9a-f]+ <main\+", out), tail)
    R.check(f"{p}: continues back to user mode at the instruction after the call, EAX = 45",
            got.get("back_pc") == hex(sites[main_site]) and got.get("back_cs") == "0x1b" and
            got.get("back_eax") == "0x2d", tail)


@run_tests.test
def gdb_tables_skip_pager():
    """
    pf-gates, pf-help and pf-decode with GDB's pager on, in a terminal (the pager
    only runs on a tty): they must print whole and leave the next command alone.
    """
    p = "gdb pager"
    # make run's kernel (loaded below) binds every gate but make bench's (ABI.bench_gate).
    gates = {name: n for name, n in bochsdbg.gates().items() if name not in ABI.bench_gate}
    # Typed at the prompt, one by one, as a person would (the pager counts lines per command).
    cmds = ["set height 6", "set pagination on", "pf-gates", "echo AFTER-GATES\\n", "pf-help", "echo AFTER-HELP\\n",
            "show pagination", "quit"]
    args = ["gdb", "-q", "-nx", os.path.join(BUILD, "kernel.elf"), "-x", "tools/trace/gdb/pfgate.gdb"]
    seen = sent = 0

    def respond(out):
        nonlocal seen, sent
        if b"Type <RET>" in out[seen:]:   # the pager stopped: it would eat the next command; fail, and go on
            seen = len(out)
            return b"q\n"
        if sent < len(cmds) and out.count(b"(gdb) ") > sent:
            sent += 1
            return (cmds[sent - 1] + "\n").encode()
        return None

    text = pty_session(args, respond, 60, ROOT)
    R.check(f"{p}: pf-gates and pf-help never stop at the pager", "Type <RET>" not in text, text[-2000:])
    R.check(f"{p}: pf-gates lists all {len(gates)} gates, then the next command runs",
            all(re.search(rf"gate +{n} +0x[0-9a-f]+ +{name}\b", text) for name, n in gates.items()) and
            "AFTER-GATES" in text and "AFTER-HELP" in text, text[-2000:])
    R.check(f"{p}: pf-gates leaves out the bench gates, unbound in make run's kernel",
            not any(re.search(rf"gate +{n} +0x[0-9a-f]+ +{name}\b", text) for name, n in ABI.bench_gate.items()),
            text[-2000:])
    R.check(f"{p}: the user's pagination setting is back afterwards", "State of pagination is on" in text, text[-2000:])


@run_tests.test
def bochs_docs_match_code():
    """
    docs/debugging.md: every generated block (listings, figures, outlines) equals a
    fresh run of the tools it shows, and the prose's few facts hold (tools/gen/debug_doc.py).
    """
    t0 = time.monotonic()
    try:
        p = subprocess.run([sys.executable, "-m", "tools.gen.debug_doc", "--check"], cwd=ROOT, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=1200)
        out, code = p.stdout, p.returncode
    except subprocess.TimeoutExpired as e:
        out, code = f"timed out\n{e.stdout or ''}", -1
    R.check(f"docs/debugging.md matches a fresh run of its commands ({time.monotonic() - t0:.0f}s; if not: make docs)",
            code == 0, out[-6000:])


@run_tests.test
def docs_claims_checked():
    """
    The checker of debugging.md's sentences (tools/gen/debug_doc.py claim_errors) against trace data
    of our own: it passes a page that tells the truth and flags each claim that once went stale
    (a loop called absent while the trace folds one, the UART wait put on a function with 0.3%).
    """
    from tools.gen import debug_doc as dd
    write = ("   172    1  handler  0xc010cc5e  raw_copy_user.copy_dwords [kernel]  rep movsd\n"
             "        ... 6 lines folded (173-178): the loop of the last instruction above runs 6 more times "
             "(raw_copy_user.copy_dwords .. raw_copy_user.copy_dwords)\n")
    boot = ("instructions: 1000\nby function\n       621   62.1%  serial_tx_start\n       170   17.0%  mark_free\n"
            "         3    0.3%  serial_putc\ncall outline\n")
    fold_line = write.splitlines()[1].strip()

    def page(fold_block, shares, why):
        return (f"<!-- generated: trace-write-fold -->\n    {fold_block}\n{dd.END}\n\n"
                f"<!-- generated: boot-shares -->\n{shares}\n{why}\n{dd.END}\n")
    shares = "Where the boot's 1000 instructions go, the largest by function: serial_tx_start 62%, mark_free 17%."
    good = page(fold_line, shares, "serial_tx_start is where the boot waits for Bochs' UART to take each character.")
    R.check("docs claims: a page that tells the truth about the traces passes", not dd.claim_errors(good, write, boot),
            "\n".join(dd.claim_errors(good, write, boot)))
    cases = [
        ("a loop called absent while the write trace folds one",
         page("(no folded loop in this trace: the write copies into the console queue and returns)", shares,
              "serial_tx_start is where the boot waits for Bochs' UART."), "folds no loop, but it does"),
        ("the UART wait put on serial_putc (0.3%) beside serial_tx_start (62%)",
         page(fold_line, shares, "serial_putc is the wait for Bochs' UART to take each character."), "calls serial_putc"),
        ("a share that is not boot.txt's",
         page(fold_line, shares.replace("mark_free 17%", "mark_free 27%"), ""), "mark_free takes 27%"),
        ("a fold the trace does not have",
         page(fold_line.replace("6 lines", "9 lines"), shares, ""), "does not have"),
    ]
    for what, doc, want in cases:
        errors = dd.claim_errors(doc, write, boot)
        R.check(f"docs claims: the checker flags {what}", any(want in e for e in errors), "\n".join(errors) or "no error")
