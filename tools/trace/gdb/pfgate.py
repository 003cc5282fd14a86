"""
GDB commands for pfgate (sourced by tools/trace/gdb/pfgate.gdb; `make gdb` loads it).

  pf-frame [ADDR]       the trap frame (default: the current process's, cpu0.current->tf)
  pf-decode [ADDR [EIP]]  an address as the kernel decodes a user fault there: gate number,
                        name, handler in gate_table and in the current process's dispatch
                        table, and the verdict (gate call, misaligned, data access, not a
                        gate). No argument: $cr2 with the current trap frame's error code and
                        EIP. ADDR alone: a user-mode fetch at ADDR (a call to it). ADDR EIP:
                        a user-mode read of ADDR by the instruction at EIP.
  pf-proc [PID]         the current process (or another one, by pid)
  pf-gates              every bound gate: number, address, name, handler for this process
  pf-user PROG          load build/user/bin/PROG's symbols (every program is linked at USER_BASE)
  pf-attach [PORT]      attach to QEMU's gdb stub on 127.0.0.1:PORT (default 1234); nothing there:
                        say so and quit GDB with status 1 (make gdb)
  pf-break-call GATE    a breakpoint on each `call` to sys_GATE in the loaded user program
  pf-break-dispatch     breakpoints where the kernel calls a gate's handler (the entry stubs'
                        *_call labels) and on pf_declined (what the stub refused: misuse, faults)
  pf-finish             run until the current gate call is back in user mode, at the
                        instruction after the `call` (gdb's own `finish` cannot unwind
                        through the entry stub); refuses when no gate call is under way
  pf-help               this list
The commands that print tables turn GDB's pager off while they print.

Numbers come from the kernel's DWARF (struct cpu, struct proc, struct trap_frame)
and from build/gen/abi.json (tools/pfabi.py), generated from the C headers.
"""
import importlib.util
import os
import re
import subprocess

import gdb

try:
    ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
except NameError:   # sourced without __file__: from the top of the tree
    ROOT = os.getcwd()
CROSS = os.environ.get("CROSS", "i686-linux-gnu-")


def load_pfabi():
    """tools/pfabi.py (build/gen/abi.json: the numbers, generated from the C headers), loaded by
    its path: GDB's Python does not know the tree, and searching it is no business of ours."""
    spec = importlib.util.spec_from_file_location("tools.pfabi", os.path.join(ROOT, "tools", "pfabi.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


pfabi = load_pfabi()
ABI = pfabi.load()
L = ABI.layout
GATE_BASE, GATE_COUNT, PAGE = L["GATE_BASE"], L["GATE_COUNT"], L["PAGE_SIZE"]
KERNEL_BASE = L["KERNEL_BASE"]
STATE = ABI.state_names()
VECTORS = ABI.vector_names()
user_file = [None]


def u32(v):
    return int(v) & 0xFFFFFFFF


def val(expr):
    return gdb.parse_and_eval(expr)


def symbol_at(addr):
    """'name+off' for an address, or '' if none."""
    try:
        out = gdb.execute(f"info symbol {addr:#x}", to_string=True).strip()
    except gdb.error:
        return ""
    if out.startswith("No symbol"):
        return ""
    m = re.match(r"^(\S+)(?: \+ (\d+))? in section", out)
    if not m:
        return out.split(" in section")[0]
    return m.group(1) + (f"+{int(m.group(2)):#x}" if m.group(2) else "")


err_text = ABI.pf_err_text


def _gates_def():
    try:
        text = open(os.path.join(ROOT, "include", "pfgate", "gates.def")).read()
    except OSError:
        return {}
    return {int(n): name for n, name in re.findall(r"^(?:BENCH_|FULL_|INTR_)?GATE\((\d+),\s*(\w+),", text, re.M)}


GATES_DEF = _gates_def()


def gate_name(n):
    """The kernel's gate_info[n].name; gates.def's when the kernel's memory cannot be read yet."""
    try:
        p = val(f"gate_info[{n}].name")
        return p.string() if u32(p) else None
    except gdb.error:
        return GATES_DEF.get(n)


def current_proc():
    try:
        p = val("cpu0.current")
        return p if u32(p) else None
    except gdb.error:
        return None


def current_tf():
    p = current_proc()
    if p is None:
        return None
    return val("cpu0.current->tf")


def lean_mark():
    """TF_LEAN_MARK, from the ABI description: the vector slot of a lean frame."""
    return ABI.trap_frame["LEAN_MARK"]


def in_entry_stub():
    """Is the CPU in a gate entry stub before its handler runs (the arguments still live)?"""
    try:
        name = symbol_at(u32(val("$pc")))
    except gdb.error:
        return False
    return bool(re.match(r"^pf_(entry|gate)\w*$", name.split("+")[0])) and "_return" not in name


def decode(err, cr2, eip):
    """pfgate_decode (src/pfgate/decode.h), in Python: gate number or a verdict string."""
    bit = ABI.pf_err
    if (err & (bit["U"] | bit["P"] | bit["RSVD"])) != bit["U"]:
        return "not a gate call: an ordinary fault (not from user mode, or the page is present)"
    off = (cr2 - GATE_BASE) & 0xFFFFFFFF
    if off >= GATE_COUNT * PAGE:
        return "not a gate call: CR2 is outside the gate window"
    if cr2 != eip or err & bit["W"]:
        return "misuse: a data access to a gate page (CR2 != EIP, or a write): the process is killed"
    if off & (PAGE - 1):
        return "misuse: a call into the middle of a gate page: the process is killed"
    return off // PAGE


class Cmd(gdb.Command):
    def __init__(self, name):
        super().__init__(name, gdb.COMMAND_USER)


class NoPager:
    """Pagination off while a table prints: the pager would take the next command as its answer."""

    def __enter__(self):
        self.was = gdb.parameter("pagination")
        gdb.execute("set pagination off", to_string=True)

    def __exit__(self, *exc):
        if self.was:
            gdb.execute("set pagination on", to_string=True)
        return False


USER_FETCH_ERR = 4   # what the CPU pushes for a user-mode read or fetch of a not-present page


class PfFrame(Cmd):
    """pf-frame [ADDR]: print a trap frame (default: the current process's, cpu0.current->tf)."""

    def __init__(self):
        super().__init__("pf-frame")

    def show(self, arg):
        if arg.strip():
            addr = u32(val(arg))
        else:
            tf = current_tf()
            if tf is None:
                raise gdb.GdbError("no current process: give the frame's address (in pf_entry: $esp after its `sub esp`)")
            addr = u32(tf)
        f = val(f"*(struct trap_frame *){addr:#x}")
        names = ("edi", "esi", "ebp", "ebx", "edx", "ecx", "eax", "es", "ds", "vector", "err",
                 "eip", "cs", "eflags", "esp", "ss")
        g = {k: u32(f[k]) for k in names}
        # Fields below $esp have not been pushed yet when the entry stub is still building the frame.
        stale = set()
        try:
            esp = u32(val("$esp"))
            if u32(val("$cs")) & 3 == 0 and addr < esp <= addr + int(val("sizeof(struct trap_frame)")):
                for k in names:
                    if addr + int(val(f"(unsigned)&((struct trap_frame *)0)->{k}")) < esp:
                        stale.add(k)
        except gdb.error:
            pass

        # A lean frame (trap/trap_frame.h): the vector slot holds the caller's DS:ES, the stub saved EBX and
        # ESI only; the rest is "not saved" (while the CPU is still in the entry stub, the live register is shown).
        lean = "vector" not in stale and g["vector"] == lean_mark()
        live = in_entry_stub()
        notsaved = {"eax", "ecx", "edx", "edi", "ebp"} if lean else set()
        if lean:
            g["ds"], g["es"] = g["vector"] & 0xFFFF, g["vector"] >> 16

        def v(k, width=10):
            if k in stale:
                return "(not saved yet)"
            if k in notsaved:
                return f"(not saved; live {u32(val('$' + k)):#0{width}x})" if live else "(not saved)"
            return f"{g[k]:#0{width}x}"
        print(f"trap frame at {addr:#010x} (struct trap_frame)" + ("  lean: the gate's fast path" if lean else ""))
        vec = ("(not saved yet)" if "vector" in stale else "(lean frame: the slot holds DS:ES)" if lean else
               f"{g['vector']} ({VECTORS.get(g['vector'], '?')})")
        print(f"  vector {vec}   error code {g['err']:#x}" + (f" [{err_text(g['err'])}]" if "vector" in stale or
                                                                   g["vector"] == 14 or lean else ""))
        where = symbol_at(g["eip"])
        if GATE_BASE <= g["eip"] < GATE_BASE + GATE_COUNT * PAGE:
            n = (g["eip"] - GATE_BASE) // PAGE
            where = f"gate {n}" + (f", {gate_name(n)}" if gate_name(n) else "")
        print(f"  eip {g['eip']:#010x}{' <' + where + '>' if where else ''}   cs {g['cs']:#06x} (ring {g['cs'] & 3})"
              f"   eflags {g['eflags']:#010x}")
        if g["cs"] & 3:
            print(f"  esp {g['esp']:#010x}   ss {g['ss']:#06x}   (the user's, pushed by the CPU on the ring change)")
        print(f"  eax {v('eax')}  edx {v('edx')}  ecx {v('ecx')}   (in: the arguments; out: the result)")
        print(f"  ebx {v('ebx')}  esi {v('esi')}  edi {v('edi')}  ebp {v('ebp')}")
        print(f"  ds {v('ds', 6)}  es {v('es', 6)}")
        if stale:
            print(f"  (the entry stub is still building it: $esp = {esp:#010x})")

    def invoke(self, arg, from_tty):
        with NoPager():
            self.show(arg)


class PfDecode(Cmd):
    """pf-decode [ADDR [EIP]]: decode a faulting address into the gate number, name, handler and verdict."""

    def __init__(self):
        super().__init__("pf-decode")

    def invoke(self, arg, from_tty):
        args = gdb.string_to_argv(arg)
        if len(args) > 2:
            raise gdb.GdbError("usage: pf-decode [ADDR [EIP]]")
        if args:
            # Decided from the arguments alone: never from whatever frame is current.
            cr2 = u32(val(args[0]))
            eip = u32(val(args[1])) if len(args) == 2 else cr2
            err = USER_FETCH_ERR
            source = (f"as a user-mode fetch at {cr2:#010x} (a call to it)" if len(args) == 1 else
                      f"as a user-mode read of {cr2:#010x} by the instruction at {eip:#010x}")
        else:
            cr2 = u32(val("$cr2"))
            tf = current_tf()
            err = eip = None
            source = ""
            if tf is not None:
                err, eip = u32(tf["err"]), u32(tf["eip"])
                source = "from $cr2 and the current process's trap frame"
        with NoPager():
            self.show(cr2, err, eip, source)

    @staticmethod
    def show(cr2, err, eip, source):
        off = (cr2 - GATE_BASE) & 0xFFFFFFFF
        print(f"CR2 {cr2:#010x}")
        if off >= GATE_COUNT * PAGE:
            print(f"  outside the gate window {GATE_BASE:#x}-{GATE_BASE + GATE_COUNT * PAGE - 1:#x}: not a gate")
            if err is not None:
                print(f"  verdict: {decode(err, cr2, eip)} ({source})")
            return
        n = off // PAGE
        name = gate_name(n)
        print(f"  gate window offset {off:#x} -> gate {n} ({off:#x} >> 12)"
              + ("" if off % PAGE == 0 else f", {off % PAGE:#x} bytes into its page: misaligned"))
        print(f"  name: {name or '(no service bound)'}")
        try:
            static = u32(val(f"gate_table[{n}]"))
            print(f"  gate_table[{n}] = {static:#010x} <{symbol_at(static) or 'NULL'}>   (gates.def)")
        except gdb.error:
            pass
        try:
            table = u32(val("gate_cpu0.table"))
            if table:
                h = u32(val(f"gate_cpu0.table[{n}]"))
                print(f"  handler: {symbol_at(h) or hex(h)} ({h:#010x}), from this process's dispatch table "
                      f"{table:#010x} <{symbol_at(table)}>" +
                      ("   (svc_enosys: withheld or unbound, the call returns -ENOSYS)" if symbol_at(h) == "svc_enosys" else ""))
        except gdb.error:
            pass
        if err is None:
            print("  verdict: needs the error code and EIP: no current process here; give them: pf-decode ADDR [EIP]")
            return
        v = decode(err, cr2, eip)
        if isinstance(v, int):
            print(f"  verdict: a gate call (error code {err:#x} [{err_text(err)}], CR2 == EIP {eip:#010x}; {source})")
        else:
            print(f"  verdict: {v} (error code {err:#x}, EIP {eip:#010x}; {source})")


class PfProc(Cmd):
    """pf-proc [PID]: the current process, or the one with that pid."""

    def __init__(self):
        super().__init__("pf-proc")

    def invoke(self, arg, from_tty):
        if arg.strip():
            pid = int(val(arg))
            n = int(val("sizeof(procs)/sizeof(procs[0])"))
            p = None
            for i in range(n):
                if int(val(f"procs[{i}].pid")) == pid and int(val(f"procs[{i}].state")) != 0:
                    p = val(f"&procs[{i}]")
            if p is None:
                raise gdb.GdbError(f"no process with pid {pid}")
        else:
            p = current_proc()
            if p is None:
                print("no current process (the kernel is booting, or in the scheduler)")
                return
        q = p.dereference()
        parent = u32(q["parent"])
        ppid = int(val(f"((struct proc *){parent:#x})->pid")) if parent else 0
        gates = sum(bin(u32(q["gates"]["bits"][i])).count("1") for i in range(GATE_COUNT // 32))
        table = u32(q["gate_table"])
        try:
            cr3 = u32(val("$cr3"))
        except gdb.error:
            cr3 = 0
        pgdir_phys = (u32(q["pgdir"]) - KERNEL_BASE) & 0xFFFFFFFF
        files = sum(1 for i in range(int(val("sizeof(((struct proc *)0)->fds)/sizeof(((struct proc *)0)->fds[0])")))
                    if u32(q["fds"][i]))
        print(f"process {int(q['pid'])} ({q['name'].string()}), {STATE.get(int(q['state']), int(q['state']))}"
              f"{', killed' if bool(q['killed']) else ''}; parent {ppid or 'none (started by the kernel)'}")
        print(f"  struct proc at {u32(p):#010x}; trap frame {u32(q['tf']):#010x}; kernel stack {u32(q['kstack']):#010x}")
        print(f"  page directory {u32(q['pgdir']):#010x} (physical {pgdir_phys:#x})"
              f"{'  = CR3: its address space is the live one' if (cr3 & ~(PAGE - 1)) == pgdir_phys else ''}")
        print(f"  heap {u32(q['heap_base']):#x}-{u32(q['brk']):#x}; {files} open descriptors; working directory {q['cwd'].string()}")
        print(f"  may call {gates} gate numbers; dispatch table {table:#010x} <{symbol_at(table)}>")


class PfGates(Cmd):
    """pf-gates: every bound gate, with this process's handler."""

    def __init__(self):
        super().__init__("pf-gates")

    def invoke(self, arg, from_tty):
        have_proc = current_proc() is not None
        with NoPager():
            for n in range(GATE_COUNT):
                name = gate_name(n)
                if not name:
                    continue
                h = u32(val(f"gate_cpu0.table[{n}]")) if have_proc else u32(val(f"gate_table[{n}]"))
                print(f"  gate {n:3d}  {GATE_BASE + n * PAGE:#010x}  {name:<10s}  {symbol_at(h)}")


class PfUser(Cmd):
    """pf-user PROG: load build/user/bin/PROG's symbols (user programs are linked at USER_BASE)."""

    def __init__(self):
        super().__init__("pf-user")

    def invoke(self, arg, from_tty):
        prog = arg.strip().split(":")[0] or "hello"
        path = prog if os.path.sep in prog else os.path.join(ROOT, "build", "user", "bin", prog)
        if not os.path.exists(path):
            raise gdb.GdbError(f"{path}: no such program (make all)")
        gdb.execute(f"add-symbol-file {path}", to_string=True)
        user_file[0] = path
        print(f"user symbols: {os.path.relpath(path, ROOT)} at its link address; "
              f"every process runs code at {L['USER_BASE']:#x}: a breakpoint there stops in whichever runs")


def _objdump_calls(path, target):
    tool = CROSS + "objdump"
    try:
        out = subprocess.run([tool, "-d", path], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
    except FileNotFoundError:
        out = subprocess.run(["objdump", "-d", path], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
    return [int(m.group(1), 16) for m in re.finditer(rf"^\s*([0-9a-f]+):.*\tcall\s+{target:x}\b", out, re.M)]


class PfBreakCall(Cmd):
    """pf-break-call GATE: break on each `call` to sys_GATE in the loaded user program."""

    def __init__(self):
        super().__init__("pf-break-call")

    def invoke(self, arg, from_tty):
        name = arg.strip() or "write"
        if user_file[0] is None:
            raise gdb.GdbError("load a program first: pf-user PROG")
        n = next((i for i, g in GATES_DEF.items() if g == name), None)
        if n is None:
            raise gdb.GdbError(f"no gate named {name}")
        sites = _objdump_calls(user_file[0], GATE_BASE + n * PAGE)
        if not sites:
            raise gdb.GdbError(f"{user_file[0]} has no call to sys_{name}")
        for a in sites:
            gdb.execute(f"break *{a:#x}")
        print(f"{len(sites)} breakpoint(s) on calls to sys_{name} (gate {n}, {GATE_BASE + n * PAGE:#x})")


def _elf_symbols(path):
    """{name: address} from the ELF symbol table (NASM labels have no DWARF function)."""
    syms = {}
    for tool in (CROSS + "nm", "nm"):
        try:
            out = subprocess.run([tool, path], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
        except FileNotFoundError:
            continue
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 3:
                syms[parts[2]] = int(parts[0], 16)
        break
    return syms


class PfBreakDispatch(Cmd):
    """pf-break-dispatch: break where the kernel calls a gate handler."""

    def __init__(self):
        super().__init__("pf-break-dispatch")

    def invoke(self, arg, from_tty):
        kernel = gdb.objfiles()[0].filename if gdb.objfiles() else os.path.join(ROOT, "build", "kernel.elf")
        syms = _elf_symbols(kernel)
        points = sorted(n for n in syms if re.match(r"^pf_(entry|gate)\w*_call$", n))
        points += [n for n in ("pf_declined",) if n in syms]
        for n in points:
            gdb.execute(f"break *{syms[n]:#x}")
        print("dispatch breakpoints: " + ", ".join(points) +
              "\n  at a *_call label: `p/a *(void **)$ebx` is the handler about to be called, stepi enters it;"
              "\n  at pf_declined (what the stub refused): EAX = the trap frame, EDX = CR2")


CALL_REL32 = 0xE8      # opcode of `call rel32`, the form gcc emits for sys_*
CALL_REL32_LEN = 5


def _is_gate(addr):
    return GATE_BASE <= addr < GATE_BASE + GATE_COUNT * PAGE and addr % PAGE == 0


def gate_call_return():
    """
    Where the gate call under way returns in user mode; gdb.GdbError if none
    is: in user mode, with no current process, or when the current trap frame
    is not a gate call (an interrupt, another fault). The frame holds a gate
    call either before the stub emulates the `ret` (EIP = the gate, return
    address on the user stack) or after it (EIP = the instruction after a
    `call rel32` to a gate).
    """
    if u32(val("$cs")) & 3:
        raise gdb.GdbError("not in a gate call: the CPU is in user mode. Stop at a call (pf-break-call GATE), "
                           "`stepi` twice into the #PF entry, then pf-finish")
    tf = current_tf()
    if tf is None:
        raise gdb.GdbError("not in a gate call: no current process (booting, or in the scheduler)")
    eip, esp, cs = u32(tf["eip"]), u32(tf["esp"]), u32(tf["cs"])
    if not cs & 3:
        raise gdb.GdbError("not in a gate call: the current trap frame is not from user mode")
    if _is_gate(eip):
        # The `ret` is not emulated yet: the return address is on the user stack.
        try:
            return u32(val(f"*(unsigned int *){esp:#x}"))
        except gdb.error:
            raise gdb.GdbError(f"not in a gate call that can return: the user stack {esp:#x} cannot be read")
    try:
        insn = bytes(gdb.selected_inferior().read_memory(eip - CALL_REL32_LEN, CALL_REL32_LEN))
    except (gdb.error, gdb.MemoryError):
        insn = b""
    if len(insn) == CALL_REL32_LEN and insn[0] == CALL_REL32:
        target = (eip + int.from_bytes(insn[1:], "little")) & 0xFFFFFFFF
        if _is_gate(target):
            return eip
    vec = u32(tf["vector"])
    raise gdb.GdbError(f"not in a gate call: the current process's last trap is vector {vec} "
                       f"({VECTORS.get(vec, '?')}) at EIP {eip:#010x}, not a call to a gate")


class PfFinish(Cmd):
    """pf-finish: run until the current gate call returns to user mode."""

    def __init__(self):
        super().__init__("pf-finish")

    def invoke(self, arg, from_tty):
        ret = gate_call_return()
        print(f"the gate call returns to {ret:#010x} <{symbol_at(ret)}>")
        gdb.execute(f"tbreak *{ret:#x}")
        gdb.execute("continue", from_tty)


class PfAttach(Cmd):
    """pf-attach [PORT]: attach to QEMU's gdb stub on 127.0.0.1:PORT (default 1234), or, when nothing
    listens there, say so and quit GDB with status 1 at once (make gdb: GDB's own `target remote`
    retries for 15 s, then leaves GDB waiting with breakpoints on a machine that is not there)."""

    def __init__(self):
        super().__init__("pf-attach")

    def invoke(self, arg, from_tty):
        port = arg.strip() or "1234"
        gdb.execute("set tcp auto-retry off", to_string=True)
        try:
            gdb.execute(f"target remote 127.0.0.1:{port}", to_string=True)
        except gdb.error as e:
            print(f"pf-attach: nothing to attach to on 127.0.0.1:{port} ({e}): start `make qemu-gdb` "
                  f"(GDB_PORT={port}) in another terminal first, then make gdb", flush=True)
            gdb.execute("quit 1")
        print(f"attached to 127.0.0.1:{port}", flush=True)


class PfHelp(Cmd):
    """pf-help: the pfgate commands."""

    def __init__(self):
        super().__init__("pf-help")

    def invoke(self, arg, from_tty):
        with NoPager():
            print(__doc__.strip())


for c in (PfFrame, PfDecode, PfProc, PfGates, PfUser, PfAttach, PfBreakCall, PfBreakDispatch, PfFinish, PfHelp):
    c()
