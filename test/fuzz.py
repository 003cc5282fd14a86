"""
make fuzz: boot the kernel and run the gate fuzzer (user/tests/fuzz.c).
  SEED   first child's seed (child i gets SEED + i)      default 1
  CALLS  gate calls in all, shared by the processes       default 1000000
  PROCS  concurrent fuzzing processes                     default 8
  FUZZ_ON  qemu, or bochs (the GRUB ISO under Bochs)     default qemu
  FUZZ_LINUX=1  the Linux personality's fuzzer instead (user/linux/lxfuzz.c):
         every Linux call in its own child, CALLS calls each (default 2000),
         by the vDSO and int 0x80, on a copy of build/disk.img (QEMU; e2fsck
         -fn after); PROCS is not used
Prints the fuzzer's TAP, the wall time, and exits non-zero unless every
process ended clean, all were reaped and every frame came back.
"""
import os
import re
import sys
import time

from tools.launch import bochs as launch_bochs, qemu as launch_qemu
from tools.launch.iso import scratch_iso
from test import harness


def main():
    seed = int(os.environ.get("SEED", "1"))
    calls = int(os.environ.get("CALLS", "1000000"))
    procs = int(os.environ.get("PROCS", "8"))
    bochs = os.environ.get("FUZZ_ON", "qemu") == "bochs"
    linux = os.environ.get("FUZZ_LINUX", "") not in ("", "0")
    if linux:
        return linux_fuzz(seed, int(os.environ.get("CALLS", "2000")), bochs)
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


def linux_fuzz(seed, calls, bochs):
    """lxfuzz SEED CALLS: CALLS hostile calls to each Linux call; the disk must stay clean."""
    cmdline = f"run=lxfuzz:{seed}:{calls} testexit"
    start = time.monotonic()
    img = None
    if bochs:
        b = launch_bochs.boot(scratch_iso("lxfuzz", cmdline), timeout=max(900, calls))
    else:
        img = harness.disk_copy("lxfuzz")
        b = launch_qemu.boot(cmdline, mem_mb=64, timeout=max(300, calls // 5), disk=img)
    wall = time.monotonic() - start
    for line in b.log.splitlines():
        if line.startswith(("ok", "not ok", "#", "PANIC", "killed", "machine:", "boot: all")):
            print(line)
    ok = b.has("machine: test exit PASS") and not re.search(r"^(not ok|PANIC)", b.log, re.M)
    if img:
        code, out = harness.e2tool("e2fsck", "-fn", img)
        print(out)
        ok = ok and code == 0
    print(f"linux fuzz: {'clean' if ok else 'FAILED'}: seed {seed}, {calls} calls to each Linux call, "
          f"{'Bochs' if bochs else 'QEMU on a disk'}, {wall:.1f} s wall")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
