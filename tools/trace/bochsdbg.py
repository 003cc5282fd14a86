"""
Driving Bochs' built-in debugger from Python, and naming addresses.

Used by tools/trace/trace_gate.py (make trace, make trace-boot, make bochs-debug)
and test/suite_debug.py. Nothing here knows the kernel's internals beyond its
symbol names; the addresses come from the ELF files with nm and objdump.

Bochs (Debian 12, 2.7) has its debugger compiled in: it starts stopped at
t=0 and reads commands from stdin, answering each with a `<bochs:N> ` prompt.
Over pipes that works as on a terminal, so each command is sent, and its
output read up to the next prompt. `trace on` makes every executed
instruction print one line:

  (0).[97919951] [0x000000139035] 001b:0000000000400035 (main+15): call ... ; e8c61f80bf
   cpu  ticks     physical         cs:eip             symbol     instruction  bytes

Ctrl-C (SIGINT) stops a running machine and returns to the prompt: that is
how a `c` that runs too long is cut short.
"""
import os
import re
import select
import shutil
import signal
import subprocess
import time

from tools import pfabi  # same folder: build/gen/abi.json, generated from the C headers
from tools.launch import ROOT
from tools.launch import bochs as launch_bochs

CROSS = os.environ.get("CROSS", "i686-linux-gnu-")

# Bochs' trace line for one executed instruction.
TRACE_LINE = re.compile(
    r"^\((\d+)\)\.\[(\d+)\] \[0x([0-9a-f]+)\] ([0-9a-f]{4}):([0-9a-f]{8,16}) \((.*?)\): (.*?)\s*; ([0-9a-f]+)\s*$")
# The gate fetch when stepped: Bochs cannot translate the address, so no instruction.
TRACE_NO_PHYS = re.compile(r"^\((\d+)\)\.\[(\d+)\] \?\?\? \(physical address not available\)")
PROMPT = re.compile(rb"<bochs:(\d+)> $")
BREAK_HIT = re.compile(r"\(\d+\) Breakpoint (\d+), 0x([0-9a-f]+) in")
NEXT_AT = re.compile(r"Next at t=(\d+)")


class TraceLine:
    """One executed instruction from Bochs' trace."""
    __slots__ = ("tick", "phys", "cs", "eip", "bochs_sym", "text", "bytes")

    def __init__(self, m):
        self.tick = int(m.group(2))
        self.phys = int(m.group(3), 16)
        self.cs = int(m.group(4), 16)
        self.eip = int(m.group(5), 16) & 0xFFFFFFFF
        self.bochs_sym = m.group(6)
        self.text = re.sub(r"\s+", " ", m.group(7)).strip()
        self.bytes = m.group(8)

    @property
    def length(self):
        return len(self.bytes) // 2

    @property
    def ring(self):
        return self.cs & 3

    def mnemonic(self):
        return self.text.split(" ", 1)[0]


def parse_trace_line(line):
    m = TRACE_LINE.match(line)
    return TraceLine(m) if m else None


# ---- symbols -----------------------------------------------------------------

def run(*cmd, check=True):
    return subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          check=check).stdout


def nm(path):
    """(address, type letter, name) of every symbol with an address, sorted by address."""
    out = []
    for line in run(CROSS + "nm", "-n", path).splitlines():
        parts = line.split()
        if len(parts) == 3:
            out.append((int(parts[0], 16), parts[1], parts[2]))
    return out


def elf_entry(path):
    with open(path, "rb") as f:
        head = f.read(28)
    if head[:4] != b"\x7fELF" or head[4] != 1:
        raise ValueError(f"{path}: not a 32-bit ELF file")
    return int.from_bytes(head[24:28], "little")


def wanted(kind, name):
    """Code and data symbols; not NASM's macro-local labels (..@7.x) or compiler temporaries (.L)."""
    return kind in "tTdDbBrRaA" and not name.startswith(("..@", ".L", "$"))


class Symbols:
    """Address -> nearest symbol at or below it, from several ELF files, each with a tag."""

    def __init__(self):
        self.entries = []   # (addr, name, tag, nm type letter)
        self._sorted = None

    def add_elf(self, path, tag, kinds="tTdDbBrRaA", lo=0, hi=1 << 32):
        for addr, kind, name in nm(path):
            if kind in kinds and wanted(kind, name) and lo <= addr < hi:
                self.entries.append((addr, name, tag, kind))
        self._sorted = None

    # Where several names share an address, name it by code before data before constants,
    # global before local: `_start` rather than USER_BASE at 0x400000.
    RANK = {k: i for i, k in enumerate("TtDdRrBbAa")}

    def _index(self):
        if self._sorted is None:
            best = {}
            for addr, name, tag, kind in self.entries:
                cur = best.get(addr)
                if cur is None or self.RANK.get(kind, 99) < self.RANK.get(cur[3], 99):
                    best[addr] = (addr, name, tag, kind)
            self._sorted = [(a, n, t) for a, n, t, _ in sorted(best.values())]
            self._addrs = [a for a, _, _ in self._sorted]
        return self._sorted

    def lookup(self, addr):
        """(name, offset, tag) or None."""
        import bisect
        entries = self._index()
        i = bisect.bisect_right(self._addrs, addr) - 1
        if i < 0:
            return None
        a, name, tag = entries[i]
        # Past the kernel's or a program's last symbol by a lot: not that symbol.
        if addr - a > 0x100000:   # abi-ok: 1 MiB, a heuristic "too far past a symbol"
            return None
        return name, addr - a, tag

    def name(self, addr, tagged=False):
        hit = self.lookup(addr)
        if not hit:
            return f"{addr:#010x}"
        name, off, tag = hit
        s = f"{name}+{off:#x}" if off else name
        return f"{s} [{tag}]" if tagged and tag else s

    def address(self, name, tag=None):
        for a, n, t, _ in self.entries:
            if n == name and (tag is None or t == tag):
                return a
        return None

    def write_bochs(self, path):
        """A symbol file for Bochs' ldsym / debug_symbols: one `%x %s` line each."""
        with open(path, "w") as f:
            for addr, name, _ in self._index():
                f.write(f"{addr:08x} {name}\n")


# ---- call sites ----------------------------------------------------------------

def gate_call_sites(prog_elf, gate_addr):
    """[(call address, return address, function)] for every `call GATE` in a program."""
    sites = []
    func = "?"
    dis = run(CROSS + "objdump", "-d", "--no-show-raw-insn", "-M", "intel", prog_elf)
    want = f"{gate_addr:x}"
    for line in dis.splitlines():
        m = re.match(r"^([0-9a-f]+) <(.+)>:$", line)
        if m:
            func = m.group(2)
            continue
        m = re.match(r"^\s*([0-9a-f]+):\s+call\s+([0-9a-f]+)\b", line)
        if m and m.group(2) == want:
            sites.append([int(m.group(1), 16), None, func])
    # The return address is the next instruction: calls to an absolute gate are `e8 rel32`, 5 bytes,
    # but read the length from the disassembly to be sure.
    raw = run(CROSS + "objdump", "-d", prog_elf)
    lengths = {}
    for line in raw.splitlines():
        m = re.match(r"^\s*([0-9a-f]+):\t((?:[0-9a-f]{2} )+)\s*\t", line)
        if m:
            lengths[int(m.group(1), 16)] = len(m.group(2).split())
    for s in sites:
        s[1] = s[0] + lengths.get(s[0], 5)
    return [tuple(s) for s in sites]


# ---- the gate table, from the shared definition --------------------------------

def gates():
    """{name: number}: the gate table, from the generated ABI description."""
    return dict(pfabi.load().gate)


def layout():
    """The address map (GATE_BASE, PAGE_SIZE, GATE_COUNT, KERNEL_BASE, ...) from the generated ABI description."""
    return pfabi.load().layout


# ---- a snapshot of the build ---------------------------------------------------

def snapshot(workdir, progs, kernel=None):
    """
    Copy the kernel (kernel: another ELF than build/kernel.elf, such as make
    bench's), the initrd and the named user programs into workdir, so a
    rebuild of build/ during a run cannot mix two kernels. Returns their paths.
    """
    os.makedirs(workdir, exist_ok=True)
    build = os.path.join(ROOT, "build")
    files = {"kernel": kernel or os.path.join(build, "kernel.elf"), "initrd": os.path.join(build, "initrd.tar")}
    for p in progs:
        files[p] = os.path.join(build, "user", "bin", p)
    out = {}
    for key, src in files.items():
        if not os.path.exists(src):
            raise FileNotFoundError(f"{src} is missing: run make all first")
        dst = os.path.join(workdir, os.path.basename(src) if key in ("kernel", "initrd") else "user-" + key)
        shutil.copyfile(src, dst)
        out[key] = dst
    return out


def derived_bochsrc(out, symfile):
    """The top-level bochsrc with another symbol file (the rest is read as it is)."""
    text = open(os.path.join(ROOT, "bochsrc")).read()
    rel = os.path.relpath(symfile, ROOT)
    text, n = re.subn(r"^debug_symbols:.*$", f'debug_symbols: file="{rel}"', text, flags=re.M)
    if n == 0:
        text += f'\ndebug_symbols: file="{rel}"\n'
    with open(out, "w") as f:
        f.write("# Generated from the top-level bochsrc by tools/trace/bochsdbg.py: only debug_symbols differs.\n")
        f.write(text)
    return out


def bochs_command(bochsrc, iso, serial, log, rcfile=None, disk=None):
    """Bochs with this bochsrc and debugger command file, COM1 to the serial file (launch.bochs's command line); disk: the primary master's image."""
    return launch_bochs.command(iso, serial_file=serial, log=log, rcfile=rcfile, bochsrc=bochsrc, disk=disk)


class BochsError(RuntimeError):
    pass


class Bochs:
    """One Bochs process, its debugger driven command by command over pipes."""

    def __init__(self, bochsrc, iso, serial, log, timeout=300, disk=None):
        self.deadline = time.monotonic() + timeout
        self.transcript = []          # (command, output) pairs, for a failure report
        cmd = bochs_command(bochsrc, iso, serial, log, disk=disk)
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        self.buf = b""
        self.startup = self._until_prompt(None)

    def _until_prompt(self, sink, interrupt_after=None):
        """Read output up to the next prompt. sink(line) gets each complete line as it comes."""
        fd = self.proc.stdout.fileno()
        lines_text = []
        pending = b""
        interrupted = False
        started = time.monotonic()
        while True:
            left = self.deadline - time.monotonic()
            if interrupt_after is not None and not interrupted and time.monotonic() - started > interrupt_after:
                self.interrupt()
                interrupted = True
            if left <= 0:
                self.kill()
                raise BochsError("Bochs timed out\n" + (pending + self.buf).decode("latin-1")[-3000:])
            ready, _, _ = select.select([fd], [], [], min(left, 0.5))
            if not ready:
                continue
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                rest = (pending + self.buf).decode("latin-1")
                self.proc.wait()
                raise BochsError(f"Bochs ended (status {self.proc.returncode})\n" + rest[-3000:])
            data = pending + chunk
            # Complete lines go to the sink (or the kept text); a partial last line waits.
            cut = data.rfind(b"\n")
            if cut >= 0:
                done, pending = data[:cut + 1], data[cut + 1:]
                text = done.decode("latin-1")
                if sink:
                    for ln in text.splitlines():
                        if not sink(ln):
                            lines_text.append(ln)
                else:
                    lines_text.append(text.rstrip("\n"))
            else:
                pending = data
            if PROMPT.search(pending):
                self.buf = b""
                return "\n".join(lines_text)

    def cmd(self, command, sink=None, interrupt_after=None):
        """Send one debugger command; its output (lines the sink did not take) up to the prompt."""
        self.proc.stdin.write((command + "\n").encode())
        self.proc.stdin.flush()
        out = self._until_prompt(sink, interrupt_after)
        # Bochs echoes nothing over a pipe; some versions do: drop an echo of the command.
        if out.startswith(command + "\n"):
            out = out[len(command) + 1:]
        elif out == command:
            out = ""
        self.transcript.append((command, out if len(out) < 4000 else out[:2000] + "\n...\n" + out[-1000:]))
        return out

    def interrupt(self):
        try:
            os.kill(self.proc.pid, signal.SIGINT)
        except ProcessLookupError:
            pass

    def regs(self):
        """General registers from `r`, as {name: value} (32-bit names)."""
        out = self.cmd("r")
        regs = {}
        for name, hi, lo in re.findall(r"^r(\w+)\s*:\s*([0-9a-f]{8})_([0-9a-f]{8})", out, re.M):
            regs["e" + name if name in ("ax", "bx", "cx", "dx", "sp", "bp", "si", "di", "ip") else name] = int(lo, 16)
        m = re.search(r"eflags 0x([0-9a-f]+)", out)
        if m:
            regs["eflags"] = int(m.group(1), 16)
        return regs

    def cr2(self):
        m = re.search(r"CR2=page fault laddr=0x([0-9a-f]+)", self.cmd("creg"))
        return int(m.group(1), 16) & 0xFFFFFFFF if m else None

    def words(self, expr, n):
        out = self.cmd(f"x /{n}wx {expr}")
        vals = []
        for line in out.splitlines():
            if ">:" in line:
                vals += [int(v, 16) for v in re.findall(r"0x([0-9a-f]+)", line.split(">:", 1)[1])]
        return vals[:n]

    def quit(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.write(b"q\n")
                self.proc.stdin.flush()
                self.proc.stdin.close()
            except (BrokenPipeError, OSError):
                pass
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        self._close()

    def kill(self):
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()
        self._close()

    def _close(self):
        for f in (self.proc.stdin, self.proc.stdout):
            try:
                f.close()
            except OSError:
                pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.kill()
