#!/usr/bin/env python3
"""
The price of SMAP on the gate path (make bench-smap; issue 14): the nop round
trip through the page-fault gate with SMEP and SMAP on, and with the same CPU
booted `nosmep nosmap` (every stac/clac site is then a 3-byte NOP: the same
instruction count, none of SMAP's work). Bochs (bochsrc's broadwell_ult
model): instructions per round trip, exact. QEMU TCG (-cpu qemu32,+smep,+smap):
TSC ticks, host time, relative only; several boots, minimum and median.
Separate from tools/bench.py on purpose; reads the same `bench:` lines.
The expected difference from a kernel without the sites is exactly three
instructions per call (the entry's clac, the stac/clac around the return-
address load), with SMAP on (the instructions) and off (their NOPs) alike.
"""
import os
import re
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test"))
import harness  # noqa: E402

RUN = "run=bench:2000:5 doors testexit"
MODES = {"SMEP+SMAP on": "", "nosmep nosmap": "nosmep nosmap"}
DOORS = ("gate-sysexit", "gate-iret")


def nop_rows(log):
    return {door: (float(mn), float(md)) for door, mn, md in re.findall(
        r"^bench: door=(\S+) service=nop min=([\d.]+) median=([\d.]+)", log, re.M)}


def main():
    tcg_boots = int(os.environ.get("TCG_BOOTS", "3"))
    for label, opts in MODES.items():
        for ret in ("sysexit", "iret") if os.environ.get("BENCH_SMAP_IRET") else ("sysexit",):
            cmd = f"{RUN} gatereturn={ret} {opts}".strip()
            iso = harness.make_iso("bench-smap-" + re.sub(r"\W+", "-", f"{ret}-{opts or 'on'}"), cmd,
                                   kernel=harness.BENCH_KERNEL)
            b = harness.bochs_boot(iso, timeout=900)
            banner = re.search(r"^cpu: .*$", b.log, re.M)
            rows = nop_rows(b.log)
            door = f"gate-{ret}"
            got = rows.get(door)
            print(f"bochs {label:14} {door:13} nop round trip: "
                  f"{got[0]:.0f} instructions (min; loop overhead included)" if got else
                  f"bochs {label:14} {door:13} nop: no figure ({b.tail(5)})")
            print(f"    ({banner.group(0) if banner else 'no cpu banner'})")
        ticks = {}
        for _ in range(tcg_boots):
            b = harness.qemu_boot(f"{RUN} {opts}".strip(), mem_mb=64, timeout=300, kernel=harness.BENCH_KERNEL)
            for door, (mn, _md) in nop_rows(b.log).items():
                ticks.setdefault(door, []).append(mn)
        for door in DOORS:
            v = ticks.get(door)
            if v:
                print(f"tcg   {label:14} {door:13} nop: min {min(v):.1f}, median {statistics.median(v):.1f}, "
                      f"spread {max(v) - min(v):.1f} ticks over {len(v)} boots (per-boot minimum of 5 batches)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
