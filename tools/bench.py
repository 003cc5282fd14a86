#!/usr/bin/env python3
"""
make bench: the figures, printed and labelled with where they come from.
  - boot to the banner: QEMU TCG wall time (-kernel), Bochs wall time and the
    Bochs instruction count from power-on (the banner prints the TSC, which
    Bochs advances once per instruction);
  - gate round trip (gatebench): Bochs instructions per iteration (exact) and
    QEMU TCG TSC ticks (host time: a relative figure only);
  - QEMU KVM, only where a probe boot shows KVM can run this kernel.
Not a test: nothing here passes or fails.
"""
import os
import re
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test"))
import harness  # noqa: E402

BENCH_RUN = "run=gatebench:20000:11 testexit"


def banner_time(extra=()):
    """Seconds from QEMU start to the banner line, and the whole run."""
    t0 = time.monotonic()
    proc = subprocess.Popen([harness.QEMU, "-m", "64", "-display", "none", "-monitor", "none", "-no-reboot",
                             "-serial", "stdio", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
                             "-kernel", harness.KERNEL, "-initrd", harness.INITRD,
                             "-append", "run=hello testexit", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    seen = None
    for line in proc.stdout:
        if seen is None and line.startswith(b"pfgate kernel:"):
            seen = time.monotonic() - t0
    proc.wait()
    return seen


def gatebench_lines(log):
    out = {}
    for what, mn, med in re.findall(r"^bench: (.+?)\s+min ([\d.]+)\s+median ([\d.]+)", log, re.M):
        out[what] = (float(mn), float(med))
    return out


def kvm_works():
    if not os.access("/dev/kvm", os.R_OK | os.W_OK):
        return False
    b = harness.qemu_boot("run=hello testexit", mem_mb=32, timeout=30, extra=["-enable-kvm"])
    return b.code == harness.QEMU_EXIT_PASS and b.has("hello, world")


def main():
    print("== boot to banner ==")
    times = [t for t in (banner_time() for _ in range(5)) if t is not None]
    if times:
        print(f"QEMU TCG -kernel: median {statistics.median(times) * 1000:.0f} ms wall to the banner "
              f"(min {min(times) * 1000:.0f} ms, {len(times)} boots; includes QEMU start-up)")
    iso = harness.make_iso("bench-bochs", BENCH_RUN)
    b = harness.bochs_boot(iso, timeout=600)
    m = re.search(r"boot: banner at TSC (\d+)", b.log)
    print(f"Bochs GRUB ISO: {int(m.group(1)):,} instructions from power-on to the banner (Bochs TSC, exact); "
          f"whole run {b.seconds:.1f} s wall" if m else f"Bochs: no banner TSC in the log ({b.seconds:.1f} s)")

    print("\n== gate round trip (gatebench: per loop iteration; the loop itself is dec+jnz) ==")
    for what, (mn, med) in gatebench_lines(b.log).items():
        print(f"Bochs instructions   {what:10s} min {mn:8.2f}  median {med:8.2f}")
    q = harness.qemu_boot(BENCH_RUN, mem_mb=64, timeout=120)
    for what, (mn, med) in gatebench_lines(q.log).items():
        print(f"QEMU TCG TSC ticks   {what:10s} min {mn:8.2f}  median {med:8.2f}   (emulator time, relative only)")
    if kvm_works():
        k = harness.qemu_boot(BENCH_RUN, mem_mb=64, timeout=120, extra=["-enable-kvm", "-cpu", "host"])
        for what, (mn, med) in gatebench_lines(k.log).items():
            print(f"QEMU KVM cycles      {what:10s} min {mn:8.2f}  median {med:8.2f}")
    else:
        print("QEMU KVM: not available here (no /dev/kvm, or it cannot run a paged 32-bit guest)")


if __name__ == "__main__":
    main()
