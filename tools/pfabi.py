"""
The kernel's ABI as the tools see it: build/gen/abi.json, generated at build
time from the C headers by src/kernel/abi_export.c and tools/gen/abi.py. Python
and GDB code reads every address, number and offset from here, never from a
hand copy.

    from tools import pfabi
    abi = pfabi.load()              # build/gen/abi.json of this tree (or $PFGATE_BUILD)
    abi.layout["GATE_BASE"], abi.gate["write"], abi.errno["EFAULT"]
    abi.gate_addr(2), abi.gate_names()[2]
"""
import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Abi:
    def __init__(self, data):
        self.data = data
        for group, values in data.items():
            setattr(self, group, values)

    def gate_addr(self, number):
        return self.layout["GATE_BASE"] + number * self.layout["PAGE_SIZE"]

    def gate_names(self):
        """{number: name} for every bound gate."""
        return {n: name for name, n in self.gate.items()}

    def vector_names(self):
        """{vector: what fault reports call it}."""
        return {n: self.vector_text[name] for name, n in self.vector.items()}

    def state_names(self):
        """{kernel process state: name}."""
        return {n: name for name, n in self.proc_state.items()}

    def pf_err_text(self, err):
        """A #PF error code in words, from its named bits."""
        bit = self.pf_err
        words = ["protection violation" if err & bit["P"] else "not present",
                 "write" if err & bit["W"] else "read",
                 "user mode" if err & bit["U"] else "kernel mode"]
        if err & bit["RSVD"]:
            words.append("reserved bit")
        if err & bit["I"]:
            words.append("instruction fetch")
        return ", ".join(words)

    def values(self):
        """Every (group, name, value) exported."""
        for group, values in self.data.items():
            if isinstance(values, dict):
                for name, v in values.items():
                    if isinstance(v, int):
                        yield group, name, v


def path(build=None):
    build = build or os.environ.get("PFGATE_BUILD") or os.path.join(ROOT, "build")
    return os.path.join(build, "gen", "abi.json")


def load(build=None):
    p = path(build)
    try:
        with open(p) as f:
            return Abi(json.load(f))
    except FileNotFoundError:
        raise SystemExit(f"{p} is missing: run `make` first (it is generated from the C headers)")
