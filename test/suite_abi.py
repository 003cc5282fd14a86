"""
One source of truth for every ABI constant: build/gen/abi.json is generated
from the C headers, and every other language's view must agree with it.

  - No hand copies: every Python, GDB, shell, make, linker and Bochs file in the
    tree is scanned for each generated value of 256 or more (hex and decimal;  (abi-ok: the threshold)
    smaller numbers are too common to tell apart) and for every gate address.
    A line that uses such a number for another reason says so with
    `abi-ok: why` in a comment.
  - NASM's view (build/gen/asm_offsets.inc) and the preprocessed link script
    (build/gen/kernel.ld) agree with the description.
"""
import os
import re
import subprocess

from test import run_tests
from test.run_tests import R, ABI, ROOT, BUILD

SCANNED = re.compile(r"(\.py|\.gdb|\.sh|\.ld|\.ld\.S|\.mk|^Makefile|^bochsrc|^\.ci/run)$")
MIN_VALUE = 256   # abi-ok: the scan threshold, not an ABI value
ALLOW = "abi-ok:"


def tracked_files():
    out = subprocess.run(["git", "ls-files"], cwd=ROOT, stdout=subprocess.PIPE, text=True, check=False).stdout
    return [f for f in out.split() if SCANNED.search(f) or SCANNED.search(os.path.basename(f))]


def generated_values():
    """{value: 'group.NAME'} for every exported value worth scanning for, gate addresses included."""
    vals = {}
    for group, name, v in ABI.values():
        if v >= MIN_VALUE and not group.endswith("_nargs"):
            vals.setdefault(v, []).append(f"{group}.{name}")
    for name, n in ABI.gate.items():
        vals.setdefault(ABI.gate_addr(n), []).append(f"the gate address of {name}")
    return {v: " or ".join(names) for v, names in vals.items()}


def find_copies(text, vals):
    """[(line number, value, what)] of hand copies in a file's text."""
    hits = []
    number = re.compile(r"(?<![\w.])(0[xX][0-9a-fA-F]+|\d+)(?![\w.])")
    for i, line in enumerate(text.splitlines(), 1):
        if ALLOW in line:
            continue
        for m in number.finditer(line):
            tok = m.group(1)
            v = int(tok, 16) if tok.lower().startswith("0x") else int(tok)
            if v in vals:
                hits.append((i, tok, vals[v]))
    return hits


@run_tests.test
def abi_no_hand_copies():
    vals = generated_values()
    R.check("abi: the generated description has the address map, gates, errno, vectors, frame offsets",
            all(g in ABI.data for g in ("layout", "gate", "errno", "vector", "trap_frame", "kill_reason", "pf_err")),
            str(sorted(ABI.data)))
    # The scan must see a copy where there is one.
    probe = f"x = {ABI.layout['GATE_BASE']:#x}\ny = {ABI.layout['PAGE_SIZE']}\n"
    R.check("abi: the hand-copy scan finds a planted copy (hex and decimal)", len(find_copies(probe, vals)) == 2,
            str(find_copies(probe, vals)))
    bad = []
    files = tracked_files()
    for f in files:
        try:
            text = open(os.path.join(ROOT, f), encoding="utf-8", errors="replace").read()
        except OSError:
            continue
        bad += [f"{f}:{ln}: {tok} is {what}" for ln, tok, what in find_copies(text, vals)]
    R.check(f"abi: no ABI constant is copied by hand into {len(files)} Python/GDB/shell/make/linker files",
            not bad, "\n".join(bad))


def asm_defines():
    text = open(os.path.join(BUILD, "gen", "asm_offsets.inc")).read()
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"^%define (\w+) (-?\d+)$", text, re.M)}


@run_tests.test
def abi_views_agree():
    inc = asm_defines()
    layout = ABI.layout
    for name in ("KERNEL_BASE", "GATE_BASE", "GATE_COUNT", "GATE_WINDOW_SIZE", "PAGE_SIZE", "PAGE_SHIFT"):
        R.check(f"abi: NASM's {name} is the description's", inc.get(name) == layout[name],
                f"asm_offsets.inc {inc.get(name)}, abi.json {layout[name]}")
    R.check("abi: NASM's user selectors are the description's",
            inc.get("SEG_UCODE") == ABI.selector["UCODE"] and inc.get("SEG_UDATA") == ABI.selector["UDATA"],
            f"{inc.get('SEG_UCODE')} {inc.get('SEG_UDATA')} vs {ABI.selector}")
    ld = open(os.path.join(BUILD, "gen", "kernel.ld")).read()
    load = re.search(r"^\s*\. = (0x[0-9a-fA-F]+);", ld, re.M)
    base = re.search(r"\. = ALIGN\(0x[0-9a-fA-F]+\) \+ (0x[0-9a-fA-F]+);", ld)
    R.check("abi: the link script loads the kernel at KERNEL_LOAD_PHYS and links it at KERNEL_BASE",
            load and base and int(load.group(1), 16) == layout["KERNEL_LOAD_PHYS"]
            and int(base.group(1), 16) == layout["KERNEL_BASE"], ld[:600])
    for elf in ("kernel.elf", os.path.join("user", "bin", "hello")):
        out = subprocess.run([run_tests.CROSS + "readelf", "-lW", os.path.join(BUILD, elf)], stdout=subprocess.PIPE, text=True,
                             check=False).stdout
        aligns = {int(a, 16) for a in re.findall(r"^\s+LOAD\s.*\s(0x[0-9a-f]+)$", out, re.M)}
        R.check(f"abi: {elf}'s segments are aligned to PAGE_SIZE (the linkers' max-page-size)",
                aligns == {layout["PAGE_SIZE"]}, out)
    gates_ld = open(os.path.join(BUILD, "user", "gates.ld")).read()
    placed = {m.group(1): int(m.group(2), 16) for m in re.finditer(r"^sys_(\w+) = (0x[0-9a-f]+);", gates_ld, re.M)}
    R.check("abi: the user link script places exactly the description's gates at their addresses",
            placed == {name: ABI.gate_addr(n) for name, n in ABI.gate.items()}, str(placed))


def address_map_table():
    """docs/design.md's address-map block as the ABI description says it must read."""
    L = ABI.layout
    top = 0xFFFFFFFF
    rows = [
        (0, L["NULL_GUARD_END"] - 1, "never mapped: the null-pointer guard (`NULL_GUARD_END`)"),
        (L["NULL_GUARD_END"], L["USER_STACK_TOP"] - 1,
         f"user: program image from `USER_BASE` ({L['USER_BASE']:#010x}), heap (sbrk) up to `USER_HEAP_LIMIT`, "
         "stack below `USER_STACK_TOP`, guard pages below and above the stack"),
        (L["GATE_BASE"], L["GATE_BASE"] + L["GATE_WINDOW_SIZE"] - 1,
         f"the gate window: `GATE_COUNT` ({L['GATE_COUNT']}) gate pages from `GATE_BASE`, one page-directory "
         "entry never present in any address space"),
        (L["KERNEL_BASE"], top,
         f"the kernel (`KERNEL_BASE`): image loaded at `KERNEL_LOAD_PHYS` ({L['KERNEL_LOAD_PHYS']:#010x}), "
         "linked at `KERNEL_BASE` + that, direct map of physical memory"),
    ]
    lines = ["| range | what |", "| --- | --- |"]
    lines += [f"| `{lo:#010x}-{hi:#010x}` | {what} |" for lo, hi, what in rows]
    return "\n".join(lines)


@run_tests.test
def abi_design_doc():
    text = open(os.path.join(ROOT, "docs", "design.md")).read()
    m = re.search(r"<!-- address-map: begin[^>]*-->\n(.*?)\n<!-- address-map: end -->", text, re.S)
    want = address_map_table()
    R.check("docs/design.md: the address map is the ABI description's", m and m.group(1) == want,
            "docs/design.md should read:\n" + want)
    L = ABI.layout
    R.check("docs/design.md: the map leaves the window right after the user stack's top guard page",
            L["USER_STACK_TOP"] + L["PAGE_SIZE"] == L["GATE_BASE"] and
            L["GATE_BASE"] + L["GATE_WINDOW_SIZE"] == L["KERNEL_BASE"], str(L))


def cmdline_synopses():
    """Each kernel command line option as README shows it, from the kernel's table (abi.json's cmdline group)."""
    flag, one_of, list_of = 0, 1, 2   # enum cmdline_kind (src/kernel/cmdline_options.h)
    out = set()
    for name, kind in ABI.cmdline.items():
        values = ABI.data.get("cmdline_text", {}).get(name, "")
        items = [v for v in values.split(",") if v]
        out.add(name if kind == flag else f"{name}={'|'.join(items)}" if kind == one_of else
                f"{name}={','.join(items)}" if kind == list_of else f"{name}={values}")
    return out


@run_tests.test
def abi_cmdline_readme():
    """README's "Kernel command line" lists exactly the options and values the kernel accepts."""
    text = open(os.path.join(ROOT, "README")).read()
    m = re.search(r"^Kernel command line\n-+\n(.*?)\n\S[^\n]*\n-+\n", text, re.S | re.M)
    shown = set(re.findall(r"^    (\S+)", m.group(1), re.M)) if m else set()
    want = cmdline_synopses()
    R.check("README: the kernel command line section lists exactly the options the kernel accepts, with their values",
            shown == want, f"only in README: {sorted(shown - want)}; only in the kernel's table: {sorted(want - shown)}")
