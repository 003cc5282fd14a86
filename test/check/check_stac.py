#!/usr/bin/env python3
"""
make check: SMAP's window is opened (stac) only by the user-access primitives
and the gate stub. Usage: check_stac.py KERNEL.elf OBJECT.o...

Every stac in the kernel's disassembly must lie in a symbol defined by one of
the given objects (the user-access primitives, the gate stub), and each of them
must hold at least one. Every .smap_sites entry (the list the boot patches,
kernel/smap.h) must point at a stac or clac, and every stac and clac must be
in that list: an unlisted one would be #UD on a CPU without SMAP.

And every kernel entry (the exception and IRQ stubs, the #PF gate entries,
the doors) closes the window before it calls or returns: a clac on its
straight-line path (following direct jumps) before the first call, ret,
iret or sysexit, since a user can enter with EFLAGS.AC set. The exception
are the copies of the lean entries named *_nosmap (boot/smap.inc), which the
boot installs only where SMAP is off: they must have no stac or clac at all
on that path, or they would be no cheaper than the patched original.
"""
import bisect
import os
import re
import subprocess
import sys

CROSS = os.environ.get("CROSS", "i686-linux-gnu-")
STAC, CLAC = bytes.fromhex("0f01cb"), bytes.fromhex("0f01ca")


def run(*args):
    return subprocess.run(args, check=True, stdout=subprocess.PIPE, text=True).stdout


def symbols(path, defined_only=False):
    """(address, name) of the text symbols, NASM's macro-local labels left out."""
    out = []
    for line in run(CROSS + "nm", "-n", *(["--defined-only"] if defined_only else []), path).splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tT" and not parts[2].startswith("..@"):
            out.append((int(parts[0], 16), parts[2]))
    return out


def section(path, name):
    """(address, bytes) of a section, from objdump -s."""
    data, base = bytearray(), None
    for line in run(CROSS + "objdump", "-s", "-j", name, path).splitlines():
        m = re.match(r"^ ([0-9a-f]{8}) ((?:[0-9a-f]{2,8} ){1,4})", line)
        if m:
            if base is None:
                base = int(m.group(1), 16)
            data += bytes.fromhex(m.group(2).replace(" ", ""))
    return base, bytes(data)


# The kernel's entry points: what the IDT, the call gates and SYSENTER_EIP point at.
ENTRY = re.compile(r"^(trap_stub_\d+|pf_entry\w*|door_\w+_entry(?:_nosmap)?|door_sysenter_refused|door_callgate_stub_\d+)$")
PATH_END = re.compile(r"^(call|ret|iret|sysexit|lret|hlt|ud2)")


def check_entries(kernel, syms):
    """Entries whose straight-line path reaches a call or a return with no clac before it."""
    insns = {}
    order = []
    for line in run(CROSS + "objdump", "-d", "--no-show-raw-insn", kernel).splitlines():
        m = re.match(r"^\s*([0-9a-f]+):\s+(\S.*?)\s*$", line)
        if m:
            insns[int(m.group(1), 16)] = m.group(2)
            order.append(int(m.group(1), 16))
    nexts = {a: b for a, b in zip(order, order[1:])}
    bad, checked, nosmap = [], 0, 0
    for addr, name in syms:
        if not ENTRY.match(name) or name.endswith(("_call", "_return", "_load_return")):
            continue
        checked += 1
        without_smap = name.endswith("_nosmap")
        nosmap += without_smap
        a, steps, ok = addr, 0, False
        while a in insns and steps < 64:
            insn = insns[a]
            if insn.startswith(("clac", "stac")):
                ok = insn.startswith("clac") and not without_smap   # a stac first: AC was never cleared
                break
            if PATH_END.match(insn):
                ok = without_smap
                break
            m = re.match(r"^jmp\s+([0-9a-f]+)\b", insn)
            a = int(m.group(1), 16) if m else nexts.get(a)
            steps += 1
        if not ok and without_smap:
            bad.append(f"entry {name} (for a CPU without SMAP) has {insns.get(a, '?')!r} on its path: "
                       "the copy is there to have none")
        elif not ok:
            bad.append(f"entry {name} reaches {insns.get(a, '?')!r} without a clac: a user's EFLAGS.AC would open the window")
    return bad, checked, nosmap


def main():
    kernel, objects = sys.argv[1], sys.argv[2:]
    syms = symbols(kernel)
    addrs = [a for a, _ in syms]
    allowed = {}
    for obj in objects:
        for _, name in symbols(obj, defined_only=True):
            allowed[name] = obj
    sites = {}   # address -> mnemonic
    for line in run(CROSS + "objdump", "-d", "--no-show-raw-insn", kernel).splitlines():
        m = re.match(r"^\s*([0-9a-f]+):\s+(stac|clac)\s*$", line)
        if m:
            sites[int(m.group(1), 16)] = m.group(2)
    bad, seen_in = [], set()
    for addr, insn in sorted(sites.items()):
        if insn != "stac":
            continue
        i = bisect.bisect_right(addrs, addr) - 1
        owner = syms[i][1] if i >= 0 else "?"
        if owner in allowed:
            seen_in.add(allowed[owner])
        else:
            bad.append(f"stac at {addr:#x} in {owner}, outside the user-access primitives and the gate stub")
    for obj in objects:
        if obj not in seen_in:
            bad.append(f"no stac in {obj}: its user accesses would fault under SMAP")
    base, table = section(kernel, ".smap_sites")
    listed = {int.from_bytes(table[i:i + 4], "little") for i in range(0, len(table), 4)}
    text_base, text = section(kernel, ".text")
    for a in sorted(listed):
        if text[a - text_base:a - text_base + 3] not in (STAC, CLAC):
            bad.append(f".smap_sites lists {a:#x}, which is not a stac or clac")
    for a in sorted(set(sites) - listed):
        bad.append(f"{sites[a]} at {a:#x} is not in .smap_sites: write it with user_access_begin/end or USER_ACCESS_OPEN/CLOSE")
    entry_bad, entries, nosmap = check_entries(kernel, syms)
    bad += entry_bad
    if entries == 0:
        bad.append("no kernel entry point found by name: update ENTRY")
    for b in bad:
        print("check: " + b)
    if bad:
        return 1
    stacs = sum(1 for v in sites.values() if v == "stac")
    print(f"check: stac: {stacs} sites, all in the user-access primitives and the gate stub; "
          f"{len(listed)} stac/clac sites listed for the boot patch; {entries - nosmap} kernel entries clear AC first, "
          f"and their {nosmap} copies for a CPU without SMAP have no site")
    return 0


if __name__ == "__main__":
    sys.exit(main())
