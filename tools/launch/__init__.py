"""
Starting the emulators, written once: the QEMU command line (qemu.py), the
Bochs command line (bochs.py), the GRUB ISO (iso.py), and what a scripted
boot needs around them (boot.py: the result and the replies to prompts;
console.py: the PS/2 keyboard and the VGA text screen through QEMU's monitor).

Used by the Makefile targets (make run, run-nox, qemu-gdb, bochs), the bench
(tools/bench/run.py and friends), the tracing tools and the tests (test/harness.py).
Tools never import test/; the tests import these.
"""
import os
import shutil
import socket
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.join(ROOT, "build")
KERNEL = os.path.join(BUILD, "kernel.elf")
# make bench's kernel: make run's plus the measurement part (src/bench/: the
# doors, the bench gates). Every boot that opens the doors or measures needs it.
BENCH_KERNEL = os.path.join(BUILD, "bench", "kernel.elf")
INITRD = os.path.join(BUILD, "initrd.tar")
ISO = os.path.join(BUILD, "pfgate.iso")
# The user's disk (make run, make bochs): made once, then theirs. Tests boot copies of it.
DISK = os.path.join(BUILD, "disk.img")


def free_port():
    """A local TCP port nobody listens on now (for Bochs' COM1 socket, QEMU's gdb stub)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

# The Debian package of each binary the launchers run (the Makefile's BINARY_PACKAGES names the
# same; test/suite_layout.py checks that they agree).
PACKAGES = {"qemu": "qemu-system-x86", "bochs": "bochs", "gdb": "gdb"}


def need(binary, what):
    """Exit with a message naming binary and its Debian package when it cannot be run."""
    if not shutil.which(binary):
        sys.exit(f"{binary}: not found (it comes with the Debian package {PACKAGES[what]}: "
                 f"make deps installs it; is QEMU=, BOCHS= or GDB= pointing elsewhere?)")
