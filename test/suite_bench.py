"""
The bench program in a short mode, so it cannot rot: every door returns the
right result for every service, and the figures are sane. Not a timing test:
no figure is compared with a target here (that is make bench's report).
"""
import re

import harness
import run_tests
from run_tests import R

DOORS = ("int80", "sysenter", "callgate", "call")


def check_bench(p, b, gate_door):
    rows = re.findall(r"^bench: door=(\S+) service=(\S+) min=([\d.]+) median=([\d.]+) result=(\S+)", b.log, re.M)
    seen = {(d, s) for d, s, *_ in rows}
    for door in (gate_door,) + DOORS:
        for svc in ("nop", "copyin64"):
            R.check(f"{p}: {door} {svc} measured", (door, svc) in seen, b.tail())
    for door, svc, mn, md, res in rows:
        R.check(f"{p}: {door} {svc} returns the right result", res == "ok", b.tail())
        R.check(f"{p}: {door} {svc} figures sane (0 < min {mn} <= median {md})", 0 < float(mn) <= float(md), b.tail())
    splits = re.findall(r"^bench-split: door=(\S+) entry=(\d+) back=(\d+)", b.log, re.M)
    # Under TCG the split is host time minus corrections: only its presence and range are checked here.
    R.check(f"{p}: way in and way back split for 4 doors", len(splits) == 4 and all(int(e) < 10**7 and int(k) < 10**7 for _, e, k in splits),
            str(splits))
    rate = re.search(r"^bench: tsc-per-ms=(\d+)", b.log, re.M)
    R.check(f"{p}: the TSC rate against the kernel's clock is measured", rate and int(rate.group(1)) > 0, b.tail())
    procs = dict(re.findall(r"^bench-proc: what=(\S+) ticks=([\d.]+)", b.log, re.M))
    R.check(f"{p}: context switch and spawn cycle measured",
            float(procs.get("switch", 0)) > 0 and float(procs.get("spawn-exit-wait", 0)) > 0, b.tail())
    R.check(f"{p}: the scaling run measured 3 and all gates bound",
            b.has("door=gate-3-bound service=nop") and b.has("door=gate-all-bound service=nop"), b.tail())


@run_tests.test
def qemu_bench_short():
    for how, door in (("sysexit", "gate-sysexit"), ("iret", "gate-iret")):
        b = harness.qemu_boot(f"run=bench:200:3,bench:scaling,bench:procs:50 gatereturn={how} doors testexit",
                              mem_mb=64, timeout=120)
        p = f"qemu bench (gatereturn={how})"
        check_bench(p, b, door)
        run_tests.check_exit(p, b)
