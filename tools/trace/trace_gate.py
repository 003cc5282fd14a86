"""
Watch a page fault become a service call, instruction by instruction, in Bochs.

  python3 -m tools.trace.trace_gate gate  [--prog hello] [--gate write] [--kopts "..."] [--out FILE]
      Boots the GRUB ISO headless in Bochs with run=PROG testexit, stops at
      the program's first `call` to the gate, and records every instruction
      from that call to the instruction after it: the call, the #PF (vector
      14, CR2, error code, marked where it happens), the entry stub, the
      decode, the handler, the way back to ring 3. Every instruction is named
      (kernel and user symbols). At the end: the instruction count of each
      part (user to fault entry, entry to handler, handler, handler to user).
      PROG may carry arguments: gatebench:1:1. --skip N traces the call
      after N others (by any process running the same program).
      --round: trace one round of the program's loop instead, from that call
      to the next time this process reaches the same call, through every
      process and interrupt in between (a pipe ping-pong's round trip: the
      write, the read that blocks, the switch, the partner's read and write,
      the switch back); the instructions are counted by function, by stretch
      between landmarks (a #PF, an interrupt, a handler entered, a switch)
      and by ring. --bench-kernel boots make bench's kernel
      (build/bench/kernel.elf: the doors linked in) instead of make run's.

  python3 -m tools.trace.trace_gate boot  [--prog hello] [--kopts "..."] [--out FILE]
      Records the kernel from its first instruction (_start, entered by GRUB
      with the multiboot magic in EAX) to the first instruction of the first user
      program: a summary (instructions per function, the call outline) in
      FILE and the whole annotated trace in FILE's .trace.gz.

  python3 -m tools.trace.trace_gate bochs-debug [--prog hello] [--gate write] [--kopts "..."] [--no-stop]
      Bochs' own debugger on a terminal, with the kernel's and the
      program's symbols loaded, stopped at the program's call to the gate
      (or at t=0 with --no-stop). Type s, creg, x /6wx esp, c ... (docs/debugging.md).

  python3 -m tools.trace.trace_gate bochs-rc [--prog hello] [--gate write] [--kopts "..."] --dir DIR
      Writes what bochs-debug uses (ISO, symbol file, bochsrc, command file)
      into DIR and prints the Bochs command line; for scripts and tests.

Nothing here is needed by the kernel: these are tools for reading it.
"""
import argparse
import collections
import gzip
import os
import re
import shutil
import sys
import tarfile
import time

from tools.trace import bochsdbg
from tools.trace.bochsdbg import ROOT, Bochs, BochsError
from tools.launch import bochs as launch_bochs, need
from tools.launch.iso import make_iso

from tools import pfabi
ABI = pfabi.load()
MULTIBOOT_MAGIC = ABI.boot["MB_BOOT_MAGIC"]


def rel(path):
    return os.path.relpath(path, ROOT)


decode_err = ABI.pf_err_text


class TraceError(Exception):
    """A request the tools cannot meet (no such gate, the program never calls it)."""


def initrd_programs():
    """The programs the kernel can start: the executables in build/initrd.tar (README and the
    loader's deliberately bad ELFs are there too, and are no programs to trace)."""
    path = os.path.join(ROOT, "build", "initrd.tar")
    if not os.path.exists(path):
        raise TraceError(f"{rel(path)} is missing: run make all first")
    with tarfile.open(path) as tar:
        return sorted(os.path.basename(m.name) for m in tar.getmembers()
                      if m.isfile() and os.path.exists(os.path.join(ROOT, "build", "user", "bin", os.path.basename(m.name))))


def check_program(prog):
    progs = initrd_programs()
    if prog not in progs:
        raise TraceError(f"PROG={prog}: there is no program of that name in the initrd; the programs: {' '.join(progs)}")


class Setup:
    """A snapshot of the build, the symbols, an ISO and a bochsrc for one program (and gate)."""

    def __init__(self, prog_spec, gate, kopts, workdir, testexit=True, disk=None, kernel=None):
        self.prog_spec = prog_spec
        self.disk = None
        if disk:   # a copy for the boot to write, never the image itself
            self.disk = os.path.join(workdir, "disk.img")
            os.makedirs(workdir, exist_ok=True)
            shutil.copyfile(disk, self.disk)
            if os.path.exists(self.disk + ".lock"):   # left by a Bochs stopped on an earlier copy
                os.unlink(self.disk + ".lock")
        self.prog = prog_spec.split(":", 1)[0]
        self.workdir = workdir
        check_program(self.prog)
        self.snap = bochsdbg.snapshot(workdir, [self.prog], kernel=kernel)
        self.kernel_src = kernel or os.path.join(ROOT, "build", "kernel.elf")
        self.layout = bochsdbg.layout()
        self.gates = bochsdbg.gates()
        self.gate = gate
        if gate is not None:
            if gate not in self.gates:
                raise TraceError(f"no gate named {gate!r} in include/pfgate/gates.def "
                                 f"(there are: {', '.join(sorted(self.gates, key=self.gates.get))})")
            self.gate_num = self.gates[gate]
            self.gate_addr = self.layout["GATE_BASE"] + self.gate_num * self.layout["PAGE_SIZE"]
            self.sites = bochsdbg.gate_call_sites(self.snap[self.prog], self.gate_addr)
            if not self.sites:
                raise TraceError(f"{self.prog} never calls sys_{gate}: no `call {self.gate_addr:#x}` in "
                                 f"build/user/bin/{self.prog} (objdump -d it; gatebench calls nop, hello write)")
        self.syms = bochsdbg.Symbols()
        self.syms.add_elf(self.snap["kernel"], "kernel")
        self.syms.add_elf(self.snap[self.prog], self.prog)
        self.symfile = os.path.join(workdir, "symbols.sym")
        self.syms.write_bochs(self.symfile)
        self.bochsrc = bochsdbg.derived_bochsrc(os.path.join(workdir, "bochsrc"), self.symfile)
        self.cmdline = f"run={prog_spec}" + (" testexit" if testexit else "") + (f" {kopts}" if kopts else "")
        self.iso = make_iso(os.path.join(workdir, "trace.iso"), self.cmdline, kernel=self.snap["kernel"],
                            initrd=self.snap["initrd"], quiet=True)
        self.serial = os.path.join(workdir, "com1.txt")
        self.log = os.path.join(workdir, "bochs.log")

    def bochs(self, timeout):
        return Bochs(self.bochsrc, self.iso, self.serial, self.log, timeout=timeout, disk=self.disk)


# ---- the gate trace -------------------------------------------------------------

class Event:
    """Something Bochs printed between instructions (an exception, an interrupt)."""

    def __init__(self, text):
        self.text = text


def collect(events):
    def sink(line):
        t = bochsdbg.parse_trace_line(line)
        if t:
            events.append(t)
            return True
        if bochsdbg.TRACE_NO_PHYS.match(line):
            events.append(Event("the CPU fetches the next instruction at the gate: its page is not present"))
            return True
        if re.match(r"CPU \d+: (Exception|Interrupt) 0x", line):
            events.append(Event(line.strip()))
            return True
        return False
    return sink


def stop_at_call_site(b, st, skip):
    """Run Bochs to a call of the gate (past skip calls), with no breakpoint left: the site (call, return)."""
    for addr, _, _ in st.sites:
        b.cmd(f"lb {addr:#x}")
    for _ in range(skip):
        b.cmd("c")
        b.cmd("s")   # off the breakpoint
    out = b.cmd("c")
    m = bochsdbg.BREAK_HIT.search(out)
    if not m:
        raise BochsError(f"{st.prog} did not reach a call to sys_{st.gate}:\n{out[-2000:]}")
    hit = int(m.group(2), 16)
    site = next((s for s in st.sites if s[0] == hit), None)
    if site is None:
        raise BochsError(f"stopped at {hit:#x}, which is not a call site of sys_{st.gate}")
    for i in range(1, len(st.sites) + 1):
        b.cmd(f"d {i}")
    return site


def run_gate_trace(st, timeout, max_seconds_running=30, skip=0):
    """Drive Bochs; returns the raw material for the report. skip: calls let go by before the traced one."""
    events = []
    info = {}
    with st.bochs(timeout) as b:
        site = info["site"] = stop_at_call_site(b, st, skip)
        b.cmd(f"lb {site[1]:#x}")
        info["regs_before"] = b.regs()
        b.cmd("trace on")
        sink = collect(events)
        # Step the call, then the fault: Bochs stops at the first instruction of the #PF entry.
        b.cmd("s", sink)
        b.cmd("s", sink)
        info["regs_entry"] = b.regs()
        info["cr2"] = b.cr2()
        info["frame"] = b.words("esp", 6)   # error code, EIP, CS, EFLAGS, ESP, SS: what the CPU pushed
        info["esp_entry"] = info["regs_entry"].get("esp")
        if info["cr2"] != st.gate_addr or len(info["frame"]) < 2 or info["frame"][1] != st.gate_addr:
            raise BochsError(f"after the call the CPU did not enter the kernel by the gate's #PF (CR2 "
                             f"{info['cr2']}, pushed {info['frame']}): an interrupt came first? Try other arguments.")
        # Run to the return address, every instruction traced.
        try:
            out = b.cmd("c", sink, interrupt_after=max_seconds_running)
        except BochsError as e:
            if "Bochs ended" not in str(e):
                raise
            raise BochsError(no_return_ended(st, site, events)) from None
        m = bochsdbg.BREAK_HIT.search(out)
        if not m or int(m.group(2), 16) != site[1]:
            raise BochsError(no_return_waits(st, site, events, max_seconds_running, b.regs().get("eip")))
        n = bochsdbg.NEXT_AT.search(out)
        info["tick_return"] = int(n.group(1)) if n else None
        b.cmd("trace off")
        info["regs_after"] = b.regs()
        info["cs_after"] = sreg_cs(b)
        b.quit()
    return events, info


def last_place(st, events):
    """Where the last traced instruction was, named, and how many were traced."""
    insns = [e for e in events if not isinstance(e, Event)]
    return (st.syms.name(insns[-1].eip) if insns else "nowhere"), len(insns)


def no_return_ended(st, site, events):
    """The machine ended before the call came back: the gate ended its caller (exit does)."""
    where, n = last_place(st, events)
    return (f"sys_{st.gate} did not return to the instruction after the call ({site[1]:#x}): the machine "
            f"ended first, {n} instructions after the call, the last in {where}. {st.prog}'s process ended "
            f"in the call (sys_exit never returns: the kernel frees the process, and under testexit the "
            f"machine exits once no program is left), so there is no return to trace to. To follow it "
            f"instruction by instruction: make bochs-debug GATE={st.gate}"
            + (f" PROG={st.prog_spec}" if st.prog_spec != "hello" else "") + " (Bochs' debugger stops at the call; `s` steps).")


def no_return_waits(st, site, events, seconds, eip):
    """The call did not come back in time: it waits (read without input, sleep, wait)."""
    where, n = last_place(st, events)
    now = st.syms.name(eip) if eip is not None else where
    return (f"sys_{st.gate} did not return to the instruction after the call ({site[1]:#x}) within {seconds:.0f}s "
            f"({n} instructions traced; the CPU is now in {now}): the call waits for something make trace does "
            f"not give it, such as input for a read (make trace types nothing at {st.prog}'s console). Trace a "
            f"call that does not wait, or use make bochs-debug GATE={st.gate}"
            + (f" PROG={st.prog_spec}" if st.prog_spec != "hello" else "") + ".")


def sreg_cs(b):
    m = re.search(r"^cs:0x([0-9a-f]{4})", b.cmd("sreg"), re.M)
    return int(m.group(1), 16) if m else None


def pretty_insn(t, syms, kernel_base):
    """Bochs' disassembly with branch targets and kernel addresses named."""
    text = t.text
    m = re.match(r"^(\w+) \.[+-]\d+\s+(?:\S+\s+)?\(0x([0-9a-f]+)\)$", text)
    if m:
        target = int(m.group(2), 16) & 0xFFFFFFFF
        return f"{m.group(1)} {target:#x} <{syms.name(target)}>"

    def name_addr(mm):
        v = int(mm.group(1), 16)
        hit = syms.lookup(v) if v >= kernel_base else None
        if hit and hit[1] < 0x1000:   # abi-ok: "near a symbol" is a heuristic distance, not the page size
            return f"{mm.group(0)} <{syms.name(v)}>"
        return mm.group(0)
    return re.sub(r"\bds:0x([0-9a-f]{8})\b", name_addr, text)


def analyse(events, info, st):
    """Split the instructions into the four parts; find the landmarks."""
    insns = [e for e in events if isinstance(e, bochsdbg.TraceLine)]
    if not insns:
        raise BochsError("no instruction was traced")
    kb = st.layout["KERNEL_BASE"]
    first_k = next((i for i, t in enumerate(insns) if t.ring == 0), None)
    if first_k is None:
        raise BochsError("the trace never entered the kernel")
    # The handler: the first instruction at the start of a svc_* function.
    h_start = None
    for i in range(first_k, len(insns)):
        hit = st.syms.lookup(insns[i].eip)
        if hit and hit[1] == 0 and hit[0].startswith("svc_") and hit[2] == "kernel":
            h_start = i
            break
    if h_start is None:
        raise BochsError("no svc_* handler was entered")
    caller = insns[h_start - 1]
    back = caller.eip + caller.length
    h_end = next((i for i in range(h_start, len(insns)) if insns[i].eip == back), None)
    if h_end is None:
        raise BochsError(f"the handler never returned to {back:#x}")
    decode = next((i for i in range(first_k, h_start) if "cr2" in insns[i].text), None)
    parts = [("user", 0, first_k), ("entry", first_k, h_start), ("handler", h_start, h_end),
             ("return", h_end, len(insns))]
    return insns, parts, decode, st.syms.lookup(insns[h_start].eip)[0], kb


PART_TITLES = {"user": "user to fault entry", "entry": "entry to handler", "handler": "handler",
               "return": "handler to user"}


def fold_loops(insns, lo, hi, min_reps=4, max_period=16):
    """
    Indices lo..hi-1 as ("insn", i) items, where a loop that runs min_reps
    times or more (the same addresses again and again, like serial_putc's wait
    for the UART) keeps its first two rounds and the rest is one
    ("fold", first, end, period, rounds) item.
    """
    i = lo
    while i < hi:
        best = None
        for p in range(1, max_period + 1):
            if i + 2 * p > hi:
                break
            r = 1
            while i + (r + 1) * p <= hi and all(insns[i + r * p + k].eip == insns[i + k].eip for k in range(p)):
                r += 1
            if r >= min_reps and (best is None or r * p > best[0] * best[1]):
                best = (r, p)
        if best:
            r, p = best
            for k in range(i, i + 2 * p):
                yield ("insn", k)
            yield ("fold", i + 2 * p, i + r * p, p, r - 2)
            i += r * p
        else:
            yield ("insn", i)
            i += 1


def write_gate_report(path, events, info, st, elapsed, full=False):
    insns, parts, decode, handler, kb = analyse(events, info, st)
    syms = st.syms
    lay = st.layout
    site, ret, func = info["site"]
    frame = info["frame"] if len(info["frame"]) >= 6 else [0] * 6
    err, eip, cs, eflags, uesp, ss = frame[:6]
    cr2 = info["cr2"] or 0
    first_k = parts[1][1]
    entry_sym = syms.name(insns[first_k].eip)
    rb, ra = info["regs_before"], info["regs_after"]
    result = ra.get("eax", 0)
    last = insns[-1]
    cs_after = info.get("cs_after") or 0

    # What Bochs printed between instructions, attached to the next instruction.
    notes = collections.defaultdict(list)
    k = 0
    for e in events:
        if isinstance(e, Event):
            notes[k].append(e.text)
        else:
            k += 1

    gate_txt = ""
    if lay["GATE_BASE"] <= cr2 < lay["GATE_BASE"] + lay["GATE_COUNT"] * lay["PAGE_SIZE"]:
        n = (cr2 - lay["GATE_BASE"]) // lay["PAGE_SIZE"]
        gname = next((g for g, v in st.gates.items() if v == n), "no service")
        gate_txt = f" = gate {n} ({gname})"
    marks = collections.defaultdict(list)
    marks[0].append(f"user call: {syms.name(site)} in {st.prog} calls sys_{st.gate} = gate {st.gate_num} at "
                    f"{st.gate_addr:#x} (a plain near call; EAX, EDX, ECX hold the arguments)")
    marks[first_k] += [
        f"fault: #PF vector 14 at EIP={eip:#010x}: CR2={cr2:#010x}{gate_txt}, error code {err:#x} "
        f"({decode_err(err)}); CR2 == EIP: an instruction fetch" + ("" if cr2 == eip else " -- NO, CR2 != EIP"),
        f"    the CPU pushed on the kernel stack ({info['esp_entry']:#010x}): error code {err:#010x}, "
        f"EIP {eip:#010x}, CS {cs:#06x}, EFLAGS {eflags:#010x}, ESP {uesp:#010x}, SS {ss:#06x}",
        f"entry stub: IDT vector 14 -> {entry_sym} builds the trap frame"]
    if decode is not None:
        marks[decode].append("decode: CR2 is read and the gate call checked (in the window, page-aligned, "
                             "CR2 == EIP, from user mode); gate number -> handler from the process's table")
    marks[parts[2][1]].append(f"handler: {handler} (gate {st.gate_num}, {st.gate}) runs with the caller's "
                              f"EAX, EDX, ECX")
    marks[parts[3][1]].append(f"handler returned to {syms.name(insns[parts[3][1]].eip)} with EAX={result:#x}: "
                              "the dispatcher emulates the `ret` (EIP = return address, ESP += 4)")
    part_of = {}
    for name, a, b in parts:
        for i in range(a, b):
            part_of[i] = name

    lines = []
    w = lines.append
    w(f"pfgate gate trace: {st.prog} calls the {st.gate} gate (gate {st.gate_num}, sys_{st.gate} at {st.gate_addr:#x})")
    w(f"machine: Bochs, GRUB ISO, kernel command line \"{st.cmdline}\"; traced in {elapsed:.1f}s")
    w(f"call site: {site:#010x} <{syms.name(site)}> in {st.prog}; returns to {ret:#010x} <{syms.name(ret)}>")
    w(f"arguments: EAX={rb.get('eax', 0):#010x} EDX={rb.get('edx', 0):#010x} ECX={rb.get('ecx', 0):#010x}; "
      f"result: EAX={result:#010x}")
    w("Each line: instruction number, Bochs tick (one per instruction), part, address, symbol [where], "
      "instruction (Intel syntax), bytes.")
    w("Lines starting with ==> mark the landmarks; loops are folded (--full keeps them); the counts are at the end.")
    w("")

    def insn_line(i):
        t = insns[i]
        hit = syms.lookup(t.eip)
        where = f" [{hit[2]}]" if hit else ""
        return (f"{i + 1:6d}  {t.tick:>11d}  {part_of[i]:<7s}  {t.eip:#010x}  {syms.name(t.eip) + where:<40s}  "
                f"{pretty_insn(t, syms, kb):<48s}  ({t.bytes})")

    # Fold within the stretches between landmarks only.
    cuts = sorted(set([0, len(insns)] + [i for i in marks] + [i for i in notes if i < len(insns)]))
    for lo, hi in zip(cuts, cuts[1:]):
        for n in notes.get(lo, []):
            w(f"    bochs: {n}")
        for m in marks.get(lo, []):
            w(m if m.startswith("    ") else "==> " + m)
        items = (("insn", i) for i in range(lo, hi)) if full else fold_loops(insns, lo, hi)
        for item in items:
            if item[0] == "insn":
                w(insn_line(item[1]))
            else:
                _, a, b, p, rounds = item
                what = "instruction" if p == 1 else f"{p} instructions"
                w(f"        ... {b - a} lines folded ({a + 1}-{b}): the loop of the last {what} above runs "
                  f"{rounds} more times ({syms.name(insns[a].eip)} .. {syms.name(insns[a + p - 1].eip)})")
    w(f"==> return: {last.mnemonic()} to {cs_after:#06x}:{ret:#010x} <{syms.name(ret)}>, the instruction after "
      f"the call, in ring {cs_after & 3}; EAX={result:#x}")
    w("")
    counts = [(PART_TITLES[n], b - a) for n, a, b in parts]
    total = sum(c for _, c in counts)
    w(f"counts: instructions executed from the call to the instruction after it ({st.prog}, gate {st.gate})")
    for title, c in counts:
        extra = ""
        if title == "entry to handler" and decode is not None:
            extra = f"   (trap frame {decode - first_k}, decode and dispatch {parts[1][2] - decode})"
        if title == "user to fault entry":
            extra = "   (the call; the gate fetch faults, it is not an instruction)"
        if title == "handler to user":
            extra = f"   (ends with {last.mnemonic()})"
        w(f"  {title:<22s} {c:8d}{extra}")
    w(f"  {'total':<22s} {total:8d}")
    if info.get("tick_return") is not None:
        ticks = info["tick_return"] - insns[0].tick
        w(f"  Bochs ticks from the call to the return: {ticks} (the instructions, plus one for the faulting fetch)")
    by_func = collections.Counter(syms.lookup(insns[i].eip)[0] for i in range(parts[2][1], parts[2][2])
                                  if syms.lookup(insns[i].eip))
    w("  handler instructions by function: " + ", ".join(f"{n} {c}" for n, c in by_func.most_common(8)))
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return counts, total


def cmd_gate(a):
    if a.round:
        return cmd_round(a)
    name = f"gate-{a.prog.split(':')[0]}-{a.gate}" + (f"-{re.sub(r'[^A-Za-z0-9]+', '_', a.kopts)}" if a.kopts else "")
    out = a.out or os.path.join(ROOT, "build", "trace", name + ".txt")
    work = os.path.join(os.path.dirname(os.path.abspath(out)), "work", name)
    t0 = time.monotonic()
    st = Setup(a.prog, a.gate, a.kopts, work, disk=a.disk, kernel=kernel_path(a))
    try:
        events, info = run_gate_trace(st, a.timeout, skip=a.skip)
    except BochsError as e:
        print(f"trace_gate: {e}", file=sys.stderr)
        return 1
    counts, total = write_gate_report(out, events, info, st, time.monotonic() - t0, a.full)
    print(f"trace: {rel(out)}")
    for title, c in counts:
        print(f"  {title:<22s} {c:8d}")
    print(f"  {'total':<22s} {total:8d}")
    return 0


# ---- one round of the program's loop ----------------------------------------------

def run_round_trace(st, timeout, max_seconds_running=60, skip=0):
    """From the call at a site of the gate to the next time the same site is reached (any process
    may run in between: the trace follows the CPU). Returns the events and what the report needs."""
    events = []
    info = {}
    with st.bochs(timeout) as b:
        site = info["site"] = stop_at_call_site(b, st, skip)
        b.cmd(f"lb {site[0]:#x}")
        b.cmd("trace on")
        sink = collect(events)
        b.cmd("s", sink)   # the call itself, off the breakpoint
        try:
            out = b.cmd("c", sink, interrupt_after=max_seconds_running)
        except BochsError as e:
            if "Bochs ended" not in str(e):
                raise
            raise BochsError(f"the machine ended before {st.prog} came back to {site[0]:#x} "
                             f"<{st.syms.name(site[0])}>: that call is no loop's (it ran once)") from None
        m = bochsdbg.BREAK_HIT.search(out)
        if not m or int(m.group(2), 16) != site[0]:
            where, n = last_place(st, events)
            raise BochsError(f"{st.prog} did not come back to {site[0]:#x} within {max_seconds_running}s "
                             f"({n} instructions traced, the last in {where})")
        b.cmd("trace off")
        b.quit()
    return events, info


def round_stretches(insns, notes, syms):
    """Cut the round at its landmarks: an exception or interrupt (what Bochs printed before an
    instruction), a svc_* handler entered, a return to ring 3, the switch (swtch). Yields
    (start, end, title)."""
    cuts = {0: "the call"}
    for i, t in enumerate(insns):
        if i in notes:
            cuts[i] = "; ".join(notes[i])
        hit = syms.lookup(t.eip)
        if hit and hit[1] == 0 and hit[2] == "kernel" and (hit[0].startswith("svc_") or hit[0] == "swtch"):
            cuts.setdefault(i, f"{hit[0]} entered")
        if i and t.ring == 3 and insns[i - 1].ring == 0:
            cuts.setdefault(i, f"back in ring 3 at {syms.name(t.eip)}")
    keys = sorted(cuts)
    for a, b in zip(keys, keys[1:] + [len(insns)]):
        yield a, b, cuts[a]


def write_round_report(path, events, info, st, elapsed, full=False):
    insns = [e for e in events if isinstance(e, bochsdbg.TraceLine)]
    if not insns:
        raise BochsError("no instruction was traced")
    syms = st.syms
    site, _, _ = info["site"]
    notes = collections.defaultdict(list)
    k = 0
    for e in events:
        if isinstance(e, Event):
            notes[k].append(e.text)
        else:
            k += 1

    def func(addr):
        hit = syms.lookup(addr)
        return f"{hit[0]} [{hit[2]}]" if hit else f"{addr:#x}"

    lines = []
    w = lines.append
    w(f"pfgate round trace: one round of {st.prog}'s loop, from its call to sys_{st.gate} at {site:#010x} "
      f"<{syms.name(site)}> to the next time it reaches that call")
    w(f"machine: Bochs, GRUB ISO, kernel {rel(st.kernel_src)}, command line \"{st.cmdline}\"; traced in {elapsed:.1f}s")
    w("Every instruction the CPU ran in between, whatever process or interrupt it belonged to. Each line: "
      "instruction number, Bochs tick, ring, address, symbol [where], instruction, bytes.")
    w("Lines starting with ==> begin a stretch (an exception or interrupt, a handler entered, the switch, "
      "a return to ring 3); loops are folded (--full keeps them); the counts are at the end.")
    w("")
    stretches = list(round_stretches(insns, notes, syms))
    for a, b, title in stretches:
        w(f"==> {title}  ({b - a} instructions)")
        items = (("insn", i) for i in range(a, b)) if full else fold_loops(insns, a, b)
        for item in items:
            if item[0] == "insn":
                t = insns[item[1]]
                hit = syms.lookup(t.eip)
                where = f" [{hit[2]}]" if hit else ""
                w(f"{item[1] + 1:6d}  {t.tick:>11d}  r{t.ring}  {t.eip:#010x}  {syms.name(t.eip) + where:<44s}  "
                  f"{pretty_insn(t, syms, st.layout['KERNEL_BASE']):<48s}  ({t.bytes})")
            else:
                _, lo, hi, p, rounds = item
                w(f"        ... {hi - lo} lines folded ({lo + 1}-{hi}): the last {p} instruction(s) above run "
                  f"{rounds} more times")
    w("")
    total = len(insns)
    w(f"counts: {total} instructions in the round (ring 0: {sum(1 for t in insns if t.ring == 0)}, "
      f"ring 3: {sum(1 for t in insns if t.ring == 3)})")
    w("  by stretch, in order:")
    for a, b, title in stretches:
        w(f"    {b - a:6d}  {title}")
    by_func = collections.Counter(func(t.eip) for t in insns)
    w("  by function, most first:")
    for name, c in by_func.most_common():
        w(f"    {c:6d}  {name}")
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return total, by_func


def cmd_round(a):
    name = f"round-{a.prog.split(':')[0]}-{a.gate}" + ("-bench" if a.bench_kernel else "")
    out = a.out or os.path.join(ROOT, "build", "trace", name + ".txt")
    work = os.path.join(os.path.dirname(os.path.abspath(out)), "work", name)
    t0 = time.monotonic()
    st = Setup(a.prog, a.gate, a.kopts, work, disk=a.disk, kernel=kernel_path(a))
    try:
        events, info = run_round_trace(st, a.timeout, skip=a.skip)
    except BochsError as e:
        print(f"trace_gate: {e}", file=sys.stderr)
        return 1
    total, by_func = write_round_report(out, events, info, st, time.monotonic() - t0, a.full)
    print(f"trace: {rel(out)}")
    print(f"  one round: {total} instructions; the most:")
    for fname, c in by_func.most_common(12):
        print(f"  {c:8d}  {fname}")
    return 0


def kernel_path(a):
    if not a.bench_kernel:
        return None
    path = os.path.join(ROOT, "build", "bench", "kernel.elf")
    if not os.path.exists(path):
        raise TraceError(f"{rel(path)} is missing: run make bench-kernel first")
    return path


# ---- the boot trace -------------------------------------------------------------

class BootStats:
    """Counts per function and a call outline, built as the trace streams by."""

    def __init__(self, syms, out_gz):
        self.syms = syms
        self.n = 0
        self.first = None
        self.last = None
        self.by_func = collections.Counter()
        self.stack = []            # [return address, name, start index, depth]
        self.frames = []           # (start, end, depth, name)
        self.prev = None
        self.gz = gzip.open(out_gz, "wt", compresslevel=3)
        self.cache = {}

    def name(self, addr):
        s = self.cache.get(addr)
        if s is None:
            s = self.cache[addr] = self.syms.name(addr)
        return s

    def func(self, addr):
        hit = self.syms.lookup(addr)
        return hit[0] if hit else f"{addr:#x}"

    def sink(self, line):
        t = bochsdbg.parse_trace_line(line)
        if not t:
            return False
        self.n += 1
        if self.first is None:
            self.first = t
        f = self.func(t.eip)
        self.by_func[f] += 1
        p = self.prev
        if p is not None and p.mnemonic() == "call" and t.eip != p.eip + p.length:
            self.stack.append([p.eip + p.length, f, self.n - 1, len(self.stack) + 1])
        elif self.stack:
            # Returned to a waiting caller (a ret, or anything that lands there): close frames above it.
            for k in range(len(self.stack) - 1, -1, -1):
                if self.stack[k][0] == t.eip:
                    while len(self.stack) > k:
                        ret, name, start, depth = self.stack.pop()
                        self.frames.append((start, self.n - 1, depth, name))
                    break
        self.prev = t
        self.last = t
        self.gz.write(f"{self.n:8d} {t.tick:>11d} {t.eip:#010x} {self.name(t.eip):<36s} {t.text}\n")
        return True

    def finish(self):
        while self.stack:
            ret, name, start, depth = self.stack.pop()
            self.frames.append((start, self.n, depth, name))
        self.gz.close()


def outline(frames, max_depth):
    """
    The call tree in order, down to max_depth, as (first instruction, depth, name,
    inclusive count, times): back-to-back calls of one function from one caller
    are one line (xN), their callees folded into it.
    """
    merged = []
    last_at = {}              # depth -> index in merged of the latest entry at that depth
    fold_until, fold_depth = -1, 0
    for start, end, depth, name in sorted(frames):
        if depth > max_depth or (start < fold_until and depth > fold_depth):
            continue
        k = last_at.get(depth)
        if k is not None and merged[k][2] == name:
            merged[k][3] += end - start
            merged[k][4] += 1
            fold_until, fold_depth = end, depth
        else:
            merged.append([start, depth, name, end - start, 1])
            last_at = {d: i for d, i in last_at.items() if d < depth}
            last_at[depth] = len(merged) - 1
            fold_until = -1
    return [tuple(m) for m in merged]


def write_boot_report(path, gz_path, stats, st, kernel_entry, user_entry, tick_end, elapsed, max_depth):
    lines = []
    w = lines.append
    w(f"pfgate boot trace: from the kernel's first instruction to {st.prog}'s first")
    w(f"machine: Bochs, GRUB ISO, kernel command line \"{st.cmdline}\"; traced in {elapsed:.1f}s")
    w(f"start: {kernel_entry:#010x} <{st.syms.name(kernel_entry)}> (ELF entry; GRUB jumps here with EAX = "
      f"{MULTIBOOT_MAGIC:#x}) at tick {stats.first.tick if stats.first else '?'}")
    w(f"end:   {user_entry:#010x} <{st.syms.name(user_entry)}> in {st.prog} (its ELF entry, ring 3) at tick {tick_end}")
    w(f"instructions: {stats.n}")
    w(f"whole trace, one line per instruction (number, tick, address, symbol, instruction): {rel(gz_path)}"
      f" (zless it)")
    w("")
    w("instructions by function (exclusive), the top 40:")
    for name, c in stats.by_func.most_common(40):
        w(f"  {c:10d}  {100.0 * c / max(stats.n, 1):5.1f}%  {name}")
    w("")
    w(f"call outline (inclusive instruction counts; depth <= {max_depth}; repeated calls merged):")
    for start, depth, name, count, times in outline(stats.frames, max_depth):
        rep = f" x{times}" if times > 1 else ""
        w(f"  {start + 1:>9d}  {'  ' * (depth - 1)}{name}{rep}: {count}")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def cmd_boot(a):
    out = a.out or os.path.join(ROOT, "build", "trace", "boot.txt")
    gz_path = re.sub(r"\.txt$", "", out) + ".trace.gz"
    work = os.path.join(os.path.dirname(os.path.abspath(out)), "work", "boot")
    t0 = time.monotonic()
    st = Setup(a.prog, None, a.kopts, work)
    kernel_entry = bochsdbg.elf_entry(st.snap["kernel"])
    user_entry = bochsdbg.elf_entry(st.snap[st.prog])
    stats = BootStats(st.syms, gz_path)
    try:
        with st.bochs(a.timeout) as b:
            b.cmd(f"lb {kernel_entry:#x}")
            for _ in range(8):
                out_c = b.cmd("c")
                if not bochsdbg.BREAK_HIT.search(out_c):
                    raise BochsError("the kernel's entry was never reached:\n" + out_c[-2000:])
                # GRUB runs code at this address too, before it loads the kernel there.
                if b.regs().get("eax") == MULTIBOOT_MAGIC:
                    break
            else:
                raise BochsError("no stop at the kernel entry with the multiboot magic in EAX")
            b.cmd("d 1")
            b.cmd(f"lb {user_entry:#x}")
            b.cmd("trace on")
            out_c = b.cmd("c", stats.sink)
            m = bochsdbg.BREAK_HIT.search(out_c)
            if not m or int(m.group(2), 16) != user_entry:
                raise BochsError(f"{st.prog} never started:\n{out_c[-2000:]}")
            n = bochsdbg.NEXT_AT.search(out_c)
            tick_end = int(n.group(1)) if n else None
            b.cmd("trace off")
            b.quit()
    except BochsError as e:
        stats.finish()
        print(f"trace_gate: {e}", file=sys.stderr)
        return 1
    stats.finish()
    write_boot_report(out, gz_path, stats, st, kernel_entry, user_entry, tick_end, time.monotonic() - t0,
                      a.depth)
    print(f"boot trace: {stats.n} instructions from {st.syms.name(kernel_entry)} to {st.prog}'s first; "
          f"summary {rel(out)}, whole trace {rel(gz_path)}")
    return 0


# ---- Bochs' debugger, interactive ---------------------------------------------------

def write_rc(st, path, stop=True):
    """Debugger commands: stop at the program's call to the gate."""
    lines = []
    if stop:
        for addr, _, _ in st.sites:
            lines.append(f"lb {addr:#x}")
        lines.append("c")
        for i in range(1, len(st.sites) + 1):
            lines.append(f"d {i}")
    with open(path, "w") as f:
        f.write("\n".join(lines) + ("\n" if lines else ""))
    return path


def cmd_bochs_rc(a):
    work = os.path.abspath(a.dir)
    st = Setup(a.prog, a.gate, a.kopts, work, testexit=a.testexit)
    rc = write_rc(st, os.path.join(work, "gate.rc"), stop=not a.no_stop)
    cmd = bochsdbg.bochs_command(st.bochsrc, st.iso, st.serial, st.log, rc)
    print(" ".join(f"'{c}'" if " " in c else c for c in cmd))
    return 0


def cmd_bochs_debug(a):
    work = os.path.abspath(a.dir) if a.dir else os.path.join(ROOT, "build", "debug", f"bochs-{a.prog.split(':')[0]}-{a.gate}")
    st = Setup(a.prog, a.gate, a.kopts, work, testexit=a.testexit)
    rc = write_rc(st, os.path.join(work, "gate.rc"), stop=not a.no_stop)
    cmd = bochsdbg.bochs_command(st.bochsrc, st.iso, st.serial, st.log, rc)
    site = st.sites[0][0]
    print(f"""Bochs debugger: kernel and {st.prog} symbols from {rel(st.symfile)}; serial output in {rel(st.serial)}.
{'It stops at ' + st.prog + "'s call to sys_" + st.gate + f' ({site:#x} <{st.syms.name(site)}>).' if not a.no_stop else 'It starts stopped at t=0: type c.'}
Try:  trace on       print each instruction as it runs, and the exception
      s              the call (then the CPU fetches at the gate: its page is not present)
      s              the fault: 'Exception 0x0e - (#PF) ...', stops at the #PF entry stub
      trace off
      creg           CR2 = the gate address;   x /6wx esp   what the CPU pushed
      info symbols "svc_{st.gate}"    lb "svc_{st.gate}"    c    bt 1    u /8
      (bt walks EBP to crt0's EBP = 0: a plain bt ends by failing to read address 4, the chain's end)
      r              Debian's Bochs names 64-bit registers (rax...): the low halves are EAX...
      lb {st.sites[0][1]:#x}     c     r    back in ring 3 after the call, EAX = the result;   q quits
(docs/debugging.md walks through it.)""", flush=True)
    os.chdir(ROOT)
    if not a.verbose:
        # Bochs' start-up lines (plugins, paths) go to stderr before its log opens: keep them off the prompt.
        quiet = os.path.join(work, "bochs-messages.txt")
        print(f"Bochs' own messages: {rel(quiet)} (V=1 shows them here).", flush=True)
        fd = os.open(quiet, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(fd, 2)
        os.close(fd)
    os.execvp(cmd[0], cmd)


def main():
    ap = argparse.ArgumentParser(prog="python3 -m tools.trace.trace_gate", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="what", required=True)
    g = sub.add_parser("gate", help="trace one gate call")
    g.add_argument("--prog", default="hello", help="program[:arg...] to run (default hello)")
    g.add_argument("--gate", default="write", help="gate name from gates.def (default write)")
    g.add_argument("--kopts", default="", help="more kernel command line (gatereturn=iret, gatelog)")
    g.add_argument("--out", help="trace file (default build/trace/gate-PROG-GATE.txt)")
    g.add_argument("--timeout", type=float, default=300)
    g.add_argument("--full", action="store_true", help="do not fold loops")
    g.add_argument("--skip", type=int, default=0, help="let this many calls go by first (a steady-state yield)")
    g.add_argument("--disk", help="an ext2 image for the primary master (a copy of it boots)")
    g.add_argument("--round", action="store_true",
                   help="trace one round of the loop: from the call to the next time the program reaches it")
    g.add_argument("--bench-kernel", action="store_true", help="boot build/bench/kernel.elf (make bench's kernel)")
    bt = sub.add_parser("boot", help="trace the boot")
    bt.add_argument("--prog", default="hello")
    bt.add_argument("--kopts", default="")
    bt.add_argument("--out", help="summary file (default build/trace/boot.txt)")
    bt.add_argument("--depth", type=int, default=3, help="call outline depth")
    bt.add_argument("--timeout", type=float, default=900)
    for name in ("bochs-debug", "bochs-rc"):
        d = sub.add_parser(name)
        d.add_argument("--prog", default="hello")
        d.add_argument("--gate", default="write")
        d.add_argument("--kopts", default="")
        d.add_argument("--dir", required=(name == "bochs-rc"))
        d.add_argument("--no-stop", action="store_true", help="start at t=0, no breakpoint")
        d.add_argument("--verbose", action="store_true", help="Bochs' start-up messages on the terminal too")
        d.add_argument("--testexit", action="store_true", help="end the machine after the program")
    a = ap.parse_args()
    if a.what != "bochs-rc":
        need(launch_bochs.BOCHS, "bochs")
    try:
        return {"gate": cmd_gate, "boot": cmd_boot, "bochs-debug": cmd_bochs_debug, "bochs-rc": cmd_bochs_rc}[a.what](a)
    except (TraceError, FileNotFoundError) as e:
        print(f"trace_gate: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
