#!/usr/bin/env python3
"""
Turn the "#->GROUP NAME VALUE [TEXT]" markers that src/kernel/abi_export.c
leaves in its assembly output (stdin) into build/gen/abi.json (stdout):
{group: {NAME: value}}, with each marker's text, where it has one, in
{group + "_text": {NAME: text}}. The gate group's text is its argument count
(gate_nargs). Read it with tools/pfabi.py.
"""
import json
import re
import sys

MARKER = re.compile(r"#->(\w+) (\w+) (-?\d+) ?(.*)$")


def main():
    abi = {}
    for line in sys.stdin:
        m = MARKER.search(line.rstrip("\n"))
        if not m:
            continue
        group, name, text = m.group(1), m.group(2), m.group(4).strip()
        value = int(m.group(3)) & 0xFFFFFFFF      # GCC prints 32-bit constants signed
        if name in abi.setdefault(group, {}):
            sys.exit(f"gen_abi: {group}.{name} exported twice")
        abi[group][name] = value
        if text:
            if group == "gate":
                abi.setdefault("gate_nargs", {})[name] = int(text)
            else:
                abi.setdefault(group + "_text", {})[name] = text
    if not abi.get("layout") or not abi.get("gate"):
        sys.exit("gen_abi: no markers found (is this abi_export.c's assembly?)")
    json.dump(abi, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
