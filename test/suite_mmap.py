"""Memory mappings (issue 27): mmap, munmap, mprotect and the maps listing.

user/tests/mmaptest.c is the TAP program (demand-zero, writes, mprotect and
munmap faults, shared and private after fork, MAP_FIXED, file mappings
through the open file's map_page, hostile arguments, running out of areas);
it runs under QEMU (with each gate return and through gatelog's full save),
in 8 MiB, and once under Bochs. testexit's free-frame verdict checks that
pages, promises and page tables all came back.
"""
import re

from test import harness
from test import run_tests
from test.run_tests import R, test


def mmaptest_under(cmdline, p, mem_mb=64):
    b = harness.qemu_boot(cmdline, mem_mb=mem_mb, timeout=180)
    harness.report_tap(R, p, b)
    R.check(f"{p}: no frame leaked (pages, promises, page tables)",
            re.search(r"free frames (\d+) at start, \1 now", b.log), b.tail())
    R.check(f"{p}: the program exec'd by a child with mappings lists none (only image, heap, stack)",
            not re.search(r"^[0-9a-f]{8}-[0-9a-f]{8} .* (anon|file) pgoff", b.log, re.M)
            and re.search(r"^[0-9a-f]{8}-[0-9a-f]{8} .* \[stack\]", b.log, re.M), b.tail())
    run_tests.check_exit(p, b)
    return b


@test
def qemu_mmaptest():
    mmaptest_under("run=mmaptest testexit", "qemu mmaptest")


@test
def qemu_mmaptest_iret():
    mmaptest_under("run=mmaptest gatereturn=iret testexit", "qemu mmaptest (iret return)")


@test
def qemu_mmaptest_gatelog():
    mmaptest_under("run=mmaptest gatelog testexit", "qemu mmaptest (gatelog)")


@test
def qemu_mmaptest_small():
    """In 10 MiB a shared mapping's frames run out sooner: the same verdicts.
    10, not 8: the initrd's 5.3 MB of test programs and the kernel's 1 KiB paths (per-process path
    buffers, struct file) left an 8 MiB machine no frame for its boot stack; 10 leaves about what 8 did."""
    mmaptest_under("run=mmaptest testexit", "qemu mmaptest (10 MiB)", mem_mb=10)


@test
def qemu_maps_listing():
    """The maps program: the caller's image, heap and stack, one line each."""
    p = "qemu maps"
    b = harness.qemu_boot("run=maps testexit", timeout=60)
    R.check(f"{p}: the image, from USER_BASE", re.search(r"^00400000-[0-9a-f]{8} rwxp .* \[image\]", b.log, re.M), b.tail())
    R.check(f"{p}: the stack, below the gate window's guard page",
            re.search(r"^bfbef000-bfbff000 rw-p +16 pages .* \[stack\]", b.log, re.M), b.tail())
    run_tests.check_exit(p, b)


@test
def bochs_mmaptest():
    iso = harness.make_iso("bochs-mmaptest", "run=mmaptest testexit")
    b = harness.bochs_session(iso, [], timeout=600)
    p = "bochs mmaptest"
    harness.report_tap(R, p, b)
    R.check(f"{p}: no frame leaked", re.search(r"free frames (\d+) at start, \1 now", b.log), b.tail())
    R.check(f"{p}: test exit PASS and Bochs ended by itself in {b.seconds:.0f}s",
            b.has("machine: test exit PASS") and not b.timed_out, f"code {b.code}\n{b.tail()}")
