"""
The reference side of the Linux personality: Debian's own i386 Linux kernel
(linux-image-686) booted in the project's QEMU with an initramfs holding
Debian's busybox and the Linux-ABI test programs (test/linux_abi/), whose
outputs are the oracle the personality is compared with (issues 28 and 29).

  debs.sh       the Debian packages, fetched into a download cache and unpacked
  dynlibs.sh    Debian's lua5.4 and the shared libraries (the dynamic cases, lua on pfgate)
  cpio.py       an initramfs writer (cpio newc), so no cpio tool is needed
  cases.py      the test cases, the serial markers, the masked comparison
  initramfs.py  the reference boot's initramfs (busybox, the programs, /init)
  boot.py       boot it, collect each case's output (make linux-ref)
  bench.py      the system-call-bound figures of issue 29 on it (make linux-ref-bench)
"""
import os

from tools.launch import BUILD

LINUXREF = os.path.join(BUILD, "linuxref")
VMLINUZ = os.path.join(LINUXREF, "vmlinuz")
BUSYBOX = os.path.join(LINUXREF, "busybox")
PROGRAMS = os.path.join(LINUXREF, "bin")
INITRAMFS = os.path.join(LINUXREF, "initramfs.cpio")
# The benchmark program (bench/sysbench.c, glibc static), /abi/bin/sysbench in the guest.
SYSBENCH = os.path.join(PROGRAMS, "sysbench")
SYSBENCH_GUEST = "/abi/bin/sysbench"
# Debian's ld-linux.so.2 and shared libraries laid out as a root (dynlibs.sh, make dynlibs): the dynamic cases' need.
DYNLIBS_TREE = os.path.join(BUILD, "dynlibs", "tree")
DYNAMIC_LIBS = ("lib/ld-linux.so.2", "lib/i386-linux-gnu/libc.so.6")
# The real workloads' driver (bench/realbench.c) and make bench's initramfs: the reference's, plus the
# driver, its inputs (tools/bench/real_data.py) and BENCH_RUN, which runs sysbench then realbench.
REALBENCH = os.path.join(PROGRAMS, "realbench")
REALBENCH_GUEST = "/abi/bin/realbench"
BENCH_RUN = "/abi/bin/benchall"
BENCH_INITRAMFS = os.path.join(LINUXREF, "bench-initramfs.cpio")
