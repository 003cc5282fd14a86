"""
docs/debugging.md's listings, figures and outlines, from fresh runs of the
tools the page describes, so the page cannot drift from the code.

Every block between a line `<!-- generated: NAME -->` and the next
`<!-- end generated -->` is produced here: objdump of hello, `make trace`
(gatebench's nop, hello's write, the nop with gatereturn=iret), `make
trace-boot`, a Bochs debugger session, `make qemu-gdb`'s banner and a GDB
session on QEMU. The prose between the blocks carries no figures. README's sample
session gets its memory line from make run's boot here too.

  python3 -m tools.gen.debug_doc          rewrite the blocks in docs/debugging.md  (make docs)
  python3 -m tools.gen.debug_doc --check  change nothing; exit 1 with a diff if a block is out of date
                              (make test runs this)

Bochs and QEMU runs here are deterministic (Bochs' clock follows its
instruction count; addresses depend only on the build), so a block changes
only when the code does.
"""
import argparse
import concurrent.futures
import difflib
import os
import re
import shutil
import subprocess
import sys

from tools.trace import bochsdbg
from tools.launch import ROOT, gdb_boot, qemu as launch_qemu

DOC = os.path.join(ROOT, "docs", "debugging.md")
BUILD = os.path.join(ROOT, "build")
WORK = os.path.join(BUILD, "docs")
CROSS = os.environ.get("CROSS", "i686-linux-gnu-")
PY = sys.executable
BEGIN = re.compile(r"^( *)<!-- generated: ([\w-]+) -->$")
END = "<!-- end generated -->"
INDENT = "    "
DOC_PORT = 1234          # the port the page shows (make qemu-gdb's default)
OUTPUT_LINES_MAX = 12    # a debugger command's output beyond this is cut, with "..."


def run(cmd, timeout=900, **kw):
    p = subprocess.run(cmd, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, timeout=timeout, **kw)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}: status {p.returncode}\n{p.stdout[-3000:]}")
    return p.stdout


def indent(lines):
    return [INDENT + ln if ln.strip() else "" for ln in lines]


def cut(text, n=OUTPUT_LINES_MAX):
    lines = text.rstrip("\n").splitlines()
    return lines if len(lines) <= n else lines[:n] + ["..."]


# ---- objdump --------------------------------------------------------------------

def block_objdump():
    cmd = f"{CROSS}objdump -d -M intel --no-show-raw-insn build/user/bin/hello | sed -n '/<main>:/,/^$/p'"
    lines = run(["sh", "-c", cmd]).rstrip("\n").splitlines()
    end = next((i for i, ln in enumerate(lines) if re.search(r"\tret\s*$", ln)), len(lines) - 1)
    return {"objdump-hello": indent(["$ " + cmd] + lines[:end + 1])}   # the padding after ret left out


# ---- make trace ------------------------------------------------------------------

TRACES = {   # name: (PROG, GATE, KOPTS)
    "nop": ("gatebench:1:1", "nop", ""),
    "nop-iret": ("gatebench:1:1", "nop", "gatereturn=iret"),
    "write": ("hello", "write", ""),
}


def trace(name):
    prog, gate, kopts = TRACES[name]
    out = os.path.join(BUILD, "trace", f"gate-{prog.split(':')[0]}-{gate}{'-' + kopts.split('=')[-1] if kopts else ''}.txt")
    summary = run([PY, "-m", "tools.trace.trace_gate", "gate", "--prog", prog, "--gate", gate, "--kopts", kopts, "--out", out])
    return summary, open(out).read()


def counts(text):
    c = {k: int(v) for k, v in re.findall(r"^  (user to fault entry|entry to handler|handler|handler to user|total)\s+(\d+)",
                                           text, re.M)}
    m = re.search(r"Bochs ticks from the call to the return: (\d+)", text)
    c["ticks"] = int(m.group(1)) if m else None
    m = re.search(r"handler instructions by function: (.*)$", text, re.M)
    c["by_function"] = m.group(1) if m else ""
    return c


def untimed(line):
    """Without the wall time of the run (the one figure that is not the code's)."""
    return re.sub(r"; traced in [\d.]+s$", "", line)


def strip_bytes(line):
    """A trace line without its last column (the instruction bytes), to fit the page."""
    return re.sub(r"\s+\([0-9a-f]+\)$", "", line)


NO_FOLD = "(this trace folds no loop)"
FOLDED = re.compile(r"\.\.\. (\d+) lines folded .*the loop of the last (?:(\d+) instructions|instruction) above")


def longest_fold(lines):
    """(index of the fold line, length of its loop in instructions) of the longest loop the trace
    folds, or None: the trace file says "the last instruction" for a loop of one, "the last N
    instructions" for more."""
    folds = [(int(m.group(1)), i, int(m.group(2) or 1)) for i, m in ((i, FOLDED.search(ln)) for i, ln in enumerate(lines)) if m]
    return max(folds)[1:] if folds else None


def blocks_traces(results):
    nop_summary, nop_file = results["nop"]
    blocks = {"trace-nop-command": indent(["$ make trace PROG=gatebench:1:1 GATE=nop"] + nop_summary.rstrip().splitlines())}
    blocks["trace-nop-file"] = indent([strip_bytes(untimed(ln)) for ln in nop_file.rstrip().splitlines()])
    _, write_file = results["write"]
    lines = write_file.splitlines()
    fold = longest_fold(lines)
    blocks["trace-write-fold"] = indent([strip_bytes(ln) for ln in lines[fold[0] - fold[1]:fold[0] + 1]]) if fold else \
        indent([NO_FOLD])
    rows = [("nop (gatebench), sysexit return", "nop"), ("nop (gatebench), `gatereturn=iret`", "nop-iret"),
            ("write of 45 bytes (hello), sysexit return", "write")]
    table = ["| round trip | user to fault entry | entry to handler | handler | handler to user | total | Bochs ticks |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for title, key in rows:
        c = counts(results[key][1])
        table.append(f"| {title} | {c['user to fault entry']} | {c['entry to handler']} | {c['handler']} | "
                     f"{c['handler to user']} | {c['total']} | {c['ticks']} |")
    blocks["round-trips"] = table
    w = counts(write_file)
    blocks["write-by-function"] = [f"The write's handler, {w['handler']} instructions, by function: {w['by_function']}."]
    n = counts(nop_file)
    blocks["nop-ticks"] = [f"In this tree the nop round trip is {n['total']} instructions and {n['ticks']} Bochs ticks; "
                           f"gatebench's \"gate nop\" figure in Bochs is {n['ticks'] + 2} per loop iteration "
                           f"(the same {n['ticks']}, plus its `dec` and `jnz`)."]
    return blocks


# ---- make trace-boot -------------------------------------------------------------

BOOT_OUTLINE_LINES = 10
BOOT_TOP_FUNCTIONS = 4


def boot_trace():
    summary = run([PY, "-m", "tools.trace.trace_gate", "boot", "--prog", "hello"])
    return summary, open(os.path.join(BUILD, "trace", "boot.txt")).read()


def blocks_boot(result):
    summary, text = result
    blocks = {"trace-boot-command": indent(["$ make trace-boot"] + summary.rstrip().splitlines())}
    lines = text.splitlines()
    at = next((i for i, ln in enumerate(lines) if re.match(r"^\s+\d+  kmain: \d+", ln)), None)
    outline = lines[at:at + BOOT_OUTLINE_LINES] + ["..."] if at is not None else ["(no call outline from kmain)"]
    blocks["boot-outline"] = indent(outline)
    funcs, total = boot_functions(text)
    top = sorted(((n, f) for f, n in funcs.items()), reverse=True)[:BOOT_TOP_FUNCTIONS]
    shares = ", ".join(f"{f} {100 * n / total:.0f}%" for n, f in top)
    first = top[0][1]
    why = (f"{first} is where the boot waits for Bochs' UART to take each character: until the console's "
           f"interrupts are on, it sends polled." if first.startswith("serial_") else
           f"{first} is the largest share.")
    blocks["boot-shares"] = [f"Where the boot's {total} instructions go, the largest by function: {shares}.", why]
    return blocks


def boot_functions(boot_text):
    """{function: instructions} from boot.txt's by-function table, and the total."""
    total = int(re.search(r"^instructions: (\d+)", boot_text, re.M).group(1))
    by_function = boot_text.split("by function", 1)[-1].split("call outline", 1)[0]
    return {f: int(n) for n, f in re.findall(r"^\s+(\d+)\s+[\d.]+%\s+(\S+)$", by_function, re.M)}, total


def claim_errors(doc, write_trace, boot_text):
    """
    The page's sentences about the traces, checked against the trace files themselves (not against
    the blocks generated from them, which would repeat a mistake): what it says of folded loops
    against the write trace, the boot's shares and the function it calls the UART wait against
    boot.txt.
    """
    errors = []
    block = doc.split("<!-- generated: trace-write-fold -->", 1)[-1].split(END, 1)[0]
    fold = longest_fold(write_trace.splitlines())
    if NO_FOLD in block or "no folded loop" in block:
        if fold:
            errors.append("says the write trace folds no loop, but it does: " + write_trace.splitlines()[fold[0]].strip())
    else:
        shown = [ln.strip() for ln in block.splitlines() if "lines folded" in ln]
        if not shown or shown[0] not in write_trace:
            errors.append(f"shows a folded loop the write trace does not have: {shown}")
    funcs, total = boot_functions(boot_text)
    largest = max(funcs, key=funcs.get) if funcs else None
    flat = " ".join(doc.split())
    m = re.search(r"Where the boot's (\d+) instructions go, the largest by function: (.*?)\.(?: |$)", flat)
    if not m:
        errors.append("has no sentence on where the boot's instructions go")
    else:
        if int(m.group(1)) != total:
            errors.append(f"says the boot is {m.group(1)} instructions; boot.txt says {total}")
        for name, pct in re.findall(r"(\w+) (\d+)%", m.group(2)):
            if name not in funcs or round(100 * funcs[name] / total) != int(pct):
                errors.append(f"says {name} takes {pct}% of the boot; boot.txt says "
                              f"{100 * funcs.get(name, 0) / total:.1f}%")
        named = [name for name, _ in re.findall(r"(\w+) (\d+)%", m.group(2))]
        if named and named[0] != largest:
            errors.append(f"names {named[0]} first; the largest in boot.txt is {largest}")
    for name in re.findall(r"\b(\w+) is (?:the wait for|where the boot waits for)", flat):
        if name != largest or not name.startswith("serial_"):
            errors.append(f"calls {name} the wait for the UART; boot.txt's largest is {largest} "
                          f"({100 * funcs.get(largest, 0) / total:.0f}%), {name} has "
                          f"{100 * funcs.get(name, 0) / total:.1f}%")
    return errors


# ---- Bochs' debugger -----------------------------------------------------------------

# (command, note shown beside it): what the page walks through.
BOCHS_STEPS = [
    ("r", "the arguments: EAX = fd, EDX = buf, ECX = len"),
    ("trace on", "print each instruction as it runs, and the exception"),
    ("s", "the call"),
    ("s", "the fault"),
    ("trace off", ""),
    ("creg", ""),
    ("x /6wx esp", "what the CPU pushed: error code, EIP, CS, EFLAGS, ESP, SS"),
    ('info symbols "svc_wr"', ""),
    ('lb "svc_write"', ""),
    ("c", ""),
    ("bt", "where it is, then the EBP chain (see below)"),
    ("u /4", ""),
    ("r", "EAX, EDX, ECX still the caller's: the handler's arguments"),
    ("lb @RET@", "the instruction after the call"),
    ("c", ""),
    ("r", "EAX = the result: the bytes written"),
]


def bochs_session():
    from tools.trace import trace_gate
    work = os.path.join(WORK, "bochs-debug")
    shutil.rmtree(work, ignore_errors=True)
    st = trace_gate.Setup("hello", "write", "", work, testexit=True)
    site, ret, _ = st.sites[0]
    lines = []
    with st.bochs(timeout=600) as b:
        for addr, _, _ in st.sites:
            b.cmd(f"lb {addr:#x}")
        stop = b.cmd("c")
        for i in range(1, len(st.sites) + 1):
            b.cmd(f"d {i}")
        lines += stop.splitlines()
        n = 1
        for command, note in BOCHS_STEPS:
            command = command.replace("@RET@", f"{ret:#x}")
            out = b.cmd(command)
            shown = f"<bochs:{n}> {command}"
            lines.append(f"{shown:<34s}{note}".rstrip() if note else shown)
            lines += cut("\n".join(ln for ln in out.splitlines() if not R8_R15.match(ln)))
            n += 1
        lines.append(f"<bochs:{n}> q")
        b.quit()
    return lines


R8_R15 = re.compile(r"^r(8 |9 |1[0-5]): ")


TICK = re.compile(r"(t=|\(\d+\)\.\[)(\d+)")


def tidy_bochs(lines):
    """
    r8-r15 left out of `r`: a 32-bit CPU has none; Debian's Bochs (built for
    x86-64) prints them as 0. Ticks are shown from the breakpoint's (T): the
    count from power-on moves with the size of the ISO's files (NASM's debug
    info names the folder the tree was built in), the steps after it do not.
    """
    base = next((int(m.group(2)) for ln in lines for m in [TICK.search(ln)]
                 if m and "t=" in m.group(1) and int(m.group(2)) > 0), None)

    def rel(m):
        v = int(m.group(2))
        return f"{m.group(1)}T+{v - base}" if base is not None and v >= base else m.group(0)
    return indent([TICK.sub(rel, ln.rstrip()) for ln in lines if not R8_R15.match(ln)])


# ---- GDB on QEMU -------------------------------------------------------------------------

GDB_BLOCKS = {   # block: commands (typed at the gdb prompt after `make gdb`)
    "gdb-continue": ["continue"],
    "gdb-proc": ["pf-proc"],
    "gdb-fault": ["stepi", "stepi", "p/x $cr2", "pf-decode", "pf-frame"],
    "gdb-dispatch": ["pf-break-dispatch", "continue", "pf-frame", "p/a *(void **)$ebx", "stepi", "bt"],
    "gdb-finish": ["pf-finish", "p $eax", "p/x $cs"],
    # gate+1 (a call into the middle), then the gate read by the instruction at hello's call
    "gdb-decode-args": ["pf-decode @GATE_PLUS_1@", "pf-decode @GATE@ @CALL_SITE@"],
    "gdb-help": ["pf-help"],
}
GDB_SCRIPT = r'''
import gdb
def show(cmd):
    print("(gdb) " + cmd, flush=True)
    try:
        gdb.execute(cmd)   # straight to stdout: a stop's report and the command's own lines stay in order
    except gdb.error as e:
        print(str(e), flush=True)
BLOCKS = @BLOCKS@
for name, cmds in BLOCKS:
    print("@@BLOCK " + name, flush=True)
    for c in cmds:
        show(c)
print("@@BLOCK end", flush=True)
gdb.execute("kill")
'''


def gdb_session():
    work = os.path.join(WORK, "gdb")
    shutil.rmtree(work, ignore_errors=True)
    write = bochsdbg.layout()["GATE_BASE"] + bochsdbg.gates()["write"] * bochsdbg.layout()["PAGE_SIZE"]
    site = min(a for a, _, _ in bochsdbg.gate_call_sites(os.path.join(BUILD, "user", "bin", "hello"), write))
    blocks = repr(list(GDB_BLOCKS.items())).replace("@GATE_PLUS_1@", f"{write + 1:#x}").replace(
        "@GATE@", f"{write:#x}").replace("@CALL_SITE@", f"{site:#x}")
    # make qemu-gdb, on a free port (the page shows the default); the kernel and initrd as built.
    # Then what `make gdb` runs (mk/debug.mk), in batch mode, then the session script.
    r = gdb_boot.boot(GDB_SCRIPT.replace("@BLOCKS@", blocks), os.path.join(work, "session.py"),
                      kernel="build/kernel.elf", initrd="build/initrd.tar", append="run=hello ", seconds=300,
                      serial_file=os.path.join(work, "serial.txt"),
                      gdb_args=["-q", "-x", "tools/trace/gdb/pfgate.gdb", "-ex", "pf-user hello",
                                "-ex", "target remote 127.0.0.1:@PORT@", "-ex", "pf-break-call write",
                                "-ex", "echo \\n\"continue\" runs to hello's call to sys_write; "
                                "pf-help lists the pfgate commands.\\n"])
    if r.gdb_code != 0:
        raise RuntimeError(f"gdb: status {r.gdb_code}\n{r.gdb[-3000:]}")
    out = r.gdb.replace(f"127.0.0.1:{r.port}", f"127.0.0.1:{DOC_PORT}")
    head, _, rest = out.partition("@@BLOCK ")
    blocks = {"gdb-start": indent(["$ make gdb"] + [ln for ln in head.rstrip().splitlines()])}
    for part in ("@@BLOCK " + rest).split("@@BLOCK ")[1:]:
        name, _, body = part.partition("\n")
        if name != "end":
            blocks[name] = indent(body.rstrip().splitlines())
    return blocks


def qemu_gdb_banner():
    out = run(["make", "-s", "--no-print-directory", "-o", "all", "-o", "deps", "qemu-gdb", "QEMU=true"])
    return {"qemu-gdb-banner": indent(["$ make qemu-gdb"] + [ln for ln in out.rstrip().splitlines() if not ln.startswith("true ")])}


# ---- README's sample session ----------------------------------------------------------------

README = os.path.join(ROOT, "README")
README_FIGURES = re.compile(r"^    memory: .*$", re.M)   # the one sample line whose figures the build moves


def readme_banner():
    """make run's boot (the ISO, no options, make run's memory) up to the shell's prompt: its memory line."""
    b = launch_qemu.boot(None, mem_mb=launch_qemu.RUN_MEM_MB, timeout=120, iso=os.path.join(BUILD, "pfgate.iso"),
                         until="$ ")
    m = re.search(r"^memory: .*free frames$", b.log.replace("\r", ""), re.M)
    if not m:
        raise SystemExit("debug_doc: make run's boot printed no memory line:\n" + b.log[-2000:])
    return m.group(0)


def render_readme(text, memory_line):
    return README_FIGURES.sub(lambda _: "    " + memory_line, text, count=1)


# ---- the page -----------------------------------------------------------------------------

def generate():
    jobs = {"traces": lambda: {k: trace(k) for k in TRACES}, "boot": boot_trace, "bochs": bochs_session,
            "gdb": gdb_session, "objdump": block_objdump, "banner": qemu_gdb_banner, "readme": readme_banner}
    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
        futures = {k: pool.submit(f) for k, f in jobs.items()}
        res = {k: f.result() for k, f in futures.items()}
    blocks = {}
    blocks.update(blocks_traces(res["traces"]))
    blocks.update(blocks_boot(res["boot"]))
    blocks["bochs-session"] = tidy_bochs(res["bochs"])
    blocks.update(res["gdb"])
    blocks.update(res["objdump"])
    blocks.update(res["banner"])
    return blocks, res


def prose_errors(text):
    """
    The few facts the prose states outside the blocks, checked against the
    tree: every path it names exists, the names in the picture of the path are
    kernel symbols, and the ABI numbers it quotes are the ones the code uses.
    """
    errors = []
    for path in sorted(set(re.findall(r"\b((?:src|tools|test|include|user|docs)/[\w./-]+\.\w+)\b", text))):
        if not os.path.exists(os.path.join(ROOT, path)):
            errors.append(f"names {path}, which does not exist")
    syms = {name for _, _, name in bochsdbg.nm(os.path.join(BUILD, "kernel.elf"))}
    picture = text.split("## The path, in one picture", 1)[-1].split("\n## ", 1)[0]
    for name in sorted(set(re.findall(r"\b((?:pf|svc)_\w+)\b(?!\.)", picture))):
        if name not in syms:
            errors.append(f"the picture names {name}, not a kernel symbol")
    lay, gates = bochsdbg.layout(), bochsdbg.gates()
    write = lay["GATE_BASE"] + gates["write"] * lay["PAGE_SIZE"]
    flat = " ".join(text.split())
    if f"(write is {gates['write']}: {write:#x})" not in flat:
        errors.append(f"the write gate is not quoted as gate {gates['write']} at {write:#x}")
    if f"{lay['USER_BASE']:#x}" not in text:
        errors.append(f"the user link address {lay['USER_BASE']:#x} is not the one quoted")
    notice = text.split("What to notice:", 1)[-1].split("`make trace` (hello, write)", 1)[0]
    nop_trace = text.split("<!-- generated: trace-nop-file -->", 1)[-1].split(END, 1)[0]
    for insn in re.findall(r"`([^`]*\bptr\b[^`]*)`", " ".join(notice.split())):
        if insn not in nop_trace:
            errors.append(f"quotes `{insn}`, which the nop trace does not show")
    entry = bochsdbg.elf_entry(os.path.join(BUILD, "kernel.elf"))
    if f"physical entry {entry:#x}" not in flat:
        errors.append(f"the kernel's entry is {entry:#x}, not the one quoted")
    return errors


def render(doc_text, blocks):
    """The page with every generated block replaced; an unknown block name is an error."""
    out, lines, i, seen = [], doc_text.splitlines(), 0, set()
    while i < len(lines):
        m = BEGIN.match(lines[i])
        out.append(lines[i])
        i += 1
        if not m:
            continue
        pad, name = m.group(1), m.group(2)
        if name not in blocks:
            raise KeyError(f"{DOC}: no generator for block {name!r} (known: {', '.join(sorted(blocks))})")
        seen.add(name)
        while i < len(lines) and lines[i] != pad + END:
            i += 1
        if i == len(lines):
            raise ValueError(f"{DOC}: block {name!r} has no '{pad + END}'")
        out += [pad + ln if ln else "" for ln in blocks[name]]
        out.append(pad + END)
        i += 1
    return "\n".join(out) + "\n", seen


def main():
    ap = argparse.ArgumentParser(prog="python3 -m tools.gen.debug_doc", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="compare only; exit 1 if the page is out of date")
    ap.add_argument("--doc", default=DOC)
    a = ap.parse_args()
    os.makedirs(WORK, exist_ok=True)
    text = open(a.doc).read()
    blocks, res = generate()
    new, seen = render(text, blocks)
    errors = prose_errors(new) + claim_errors(new, res["traces"]["write"][1], res["boot"][1])
    for e in errors:
        print(f"{os.path.relpath(a.doc, ROOT)}: {e}")
    readme = open(README).read()
    new_readme = render_readme(readme, res["readme"])
    if new_readme != readme:
        errors.append(f"README's sample session says `{README_FIGURES.search(readme).group(0).strip()}`; "
                      f"make run's boot prints `{res['readme']}`" + ("" if a.check else " (rewritten)"))
        if not a.check:
            with open(README, "w") as f:
                f.write(new_readme)
    if a.check:
        if new == text and not errors:
            print(f"{os.path.relpath(a.doc, ROOT)}: all {len(seen)} generated blocks match a fresh run")
            return 0
        sys.stdout.writelines(difflib.unified_diff(text.splitlines(True), new.splitlines(True),
                                                   a.doc, "fresh run", n=1))
        print(f"\n{os.path.relpath(a.doc, ROOT)} is out of date with the code: run `make docs` and commit it")
        return 1
    with open(a.doc, "w") as f:
        f.write(new)
    print(f"{os.path.relpath(a.doc, ROOT)}: {len(seen)} generated blocks rewritten")
    return 1 if [e for e in errors if not e.endswith("(rewritten)")] else 0


if __name__ == "__main__":
    sys.exit(main())
