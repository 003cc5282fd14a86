"""
make fuzz: boot the kernel and run the gate fuzzer (user/tests/fuzz.c).
  SEED   first child's seed (child i gets SEED + i)      default 1
  CALLS  gate calls in all, shared by the processes       default 1000000
  PROCS  concurrent fuzzing processes                     default 8
  FUZZ_ON  qemu, or bochs (the GRUB ISO under Bochs)     default qemu
Prints the fuzzer's TAP, the wall time, and exits non-zero unless every
process ended clean, all were reaped and every frame came back.
"""
import os
import re
import sys
import time

from tools.launch import bochs as launch_bochs, qemu as launch_qemu
from tools.launch.iso import scratch_iso


def main():
    seed = int(os.environ.get("SEED", "1"))
    calls = int(os.environ.get("CALLS", "1000000"))
    procs = int(os.environ.get("PROCS", "8"))
    bochs = os.environ.get("FUZZ_ON", "qemu") == "bochs"
    cmdline = f"run=fuzz:{seed}:{calls}:{procs} testexit"
    start = time.monotonic()
    timeout = max(300, calls // 200)
    if bochs:
        b = launch_bochs.boot(scratch_iso("fuzz", cmdline), timeout=max(600, calls // 20))
    else:
        b = launch_qemu.boot(cmdline, mem_mb=64, timeout=timeout)
    wall = time.monotonic() - start
    for line in b.log.splitlines():
        if line.startswith(("ok", "not ok", "#", "PANIC", "killed", "machine:", "boot: all")):
            print(line)
    ok = b.has("machine: test exit PASS") and not re.search(r"^(not ok|PANIC)", b.log, re.M)
    print(f"fuzz: {'clean' if ok else 'FAILED'}: seed {seed}, {calls} calls, {procs} processes, "
          f"{'Bochs' if bochs else 'QEMU'}, {wall:.1f} s wall")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
