"""
What the tests use to boot and judge the kernel from outside, in one import:
the launchers in tools/launch (QEMU, Bochs, the GRUB ISO, the keyboard and
screen through QEMU's monitor) and the TAP bookkeeping in test/tap.py.
Used by test/run_tests.py and the test/suite_*.py groups. Tests import
tools/; nothing in tools/ imports test/.
"""
import os
import sys

from tools.launch import BENCH_KERNEL, BUILD, INITRD, KERNEL, ROOT  # noqa: F401
from tools.launch import bochs as _bochs, iso as _iso, qemu as _qemu
from tools.launch.boot import Boot  # noqa: F401
from tools.launch.console import Keys, Screen  # noqa: F401
from test.tap import Results, parse_tap, report_tap  # noqa: F401

QEMU_CPU = _qemu.SCRIPTED_CPU
_EXIT = _qemu.exit_codes()
QEMU_EXIT_PASS = _EXIT["PASS"]
QEMU_EXIT_FAIL = _EXIT["FAIL"]

qemu_boot = _qemu.boot          # boot headless under QEMU TCG and talk to COM1
qemu_run = _qemu.run            # the same for a command line of one's own (launch.qemu.command)
bochs_boot = _bochs.boot        # an ISO in Bochs, headless, COM1 to a file
bochs_session = _bochs.session  # an ISO in Bochs, COM1 on a socket to talk to
make_iso = _iso.scratch_iso     # build/test/NAME.iso with a kernel command line
