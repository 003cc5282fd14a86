"""
Issue 29's first piece: the system-call-bound figures (tools/linuxref/bench/
sysbench.c: getpid by syscall(), stat, open+close, a 4 KiB file created,
written and removed, a one-byte pipe ping-pong, fork+exit+wait, fork+exec+wait
of busybox true) on Debian's Linux in the project's QEMU (TCG, the scripted
boots' -cpu with SMEP and SMAP, make run's memory), booted BOOTS times with
the default mitigations and BOOTS times with mitigations=off, interleaved.
Each figure is the guest's own (the median batch of one boot); the table
gives the median over the boots and their spread (lowest-highest).

  python3 -m tools.linuxref.bench [--boots N]
"""
import argparse
import os
import re
import statistics
import sys

from tools.launch import qemu
from tools.linuxref import LINUXREF, SYSBENCH_GUEST, boot

SETTINGS = (("default", False), ("mitigations=off", True))
LINE = re.compile(r"^bench (\w+) ns=(\d+) (?:tsc=\d+ )?ops=\d+ batches=\d+\s*$", re.M)


def one_boot(mitigations_off):
    """{workload: ns per operation} from one boot, or raise with the console's tail."""
    result, outputs, done = boot.boot(run=SYSBENCH_GUEST, mitigations_off=mitigations_off)
    got = outputs.get("run")
    if not done or got is None or got[1] != 0:
        why = boot.failure_text(result, done) or f"sysbench exit {got[1] if got else '?'}:\n{got[0] if got else result.tail(15)}"
        raise SystemExit("linuxref bench: " + why)
    return {name: int(ns) for name, ns in LINE.findall(got[0])}


def main():
    ap = argparse.ArgumentParser(prog="python3 -m tools.linuxref.bench", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--boots", type=int, default=3)
    a = ap.parse_args()
    runs = {label: [] for label, _ in SETTINGS}
    for i in range(a.boots):
        for label, off in SETTINGS:
            figures = one_boot(off)
            runs[label].append(figures)
            print(f"# boot {i + 1} {label}: " + " ".join(f"{k}={v}" for k, v in figures.items()), flush=True)
    names = list(runs[SETTINGS[0][0]][0])
    with open(os.path.join(LINUXREF, "versions")) as f:
        kernel = next((line.strip() for line in f if line.startswith("linux-image-")), "?")
    print(f"\nDebian's Linux ({kernel}; QEMU TCG, -cpu {qemu.SCRIPTED_CPU}, {boot.MEM_MB} MiB), "
          f"ns per operation, median of {a.boots} boots (lowest-highest)")
    print(f"| {'workload':<16} | " + " | ".join(f"{label:>32}" for label, _ in SETTINGS) + " |")
    print(f"|{'-' * 18}|" + "|".join("-" * 34 for _ in SETTINGS) + "|")
    for name in names:
        cells = []
        for label, _ in SETTINGS:
            values = [r[name] for r in runs[label] if name in r]
            cells.append(f"{statistics.median(values):>10,.0f} ({min(values):,}-{max(values):,})")
        print(f"| {name:<16} | " + " | ".join(f"{c:>32}" for c in cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
