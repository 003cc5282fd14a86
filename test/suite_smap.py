"""
SMEP and SMAP (kernel/smap.h): on in every test boot whose CPU has them
(harness.QEMU_CPU, bochsrc), off and harmless on a CPU without them.

- The self-tests `smap`, `smap_listed` and `smep` touch a user page from the
  kernel as the guards forbid; each must end in a kernel fault whose report
  names the guard (`smap_listed` through a listed user-copy instruction with
  the window closed: a forgotten stac must not pass for -EFAULT).
- On a CPU without them (-cpu qemu32) the banner says so, the stac/clac sites
  are NOPs (no #UD), the same self-tests go through, and usertests pass.
- nosmep/nosmap turn them off on a CPU that has them.
- Where SMAP is off, the boot installs the copies of the lean entries that
  have no stac/clac (boot/smap.inc); where it is on, those that close the
  window. The doors' copies (int 0x80, sysenter, the call gates' common
  part) are run by usertests through each door on a CPU without SMAP.
"""
import re

from test import harness
from test import run_tests
from test.run_tests import R

NO_GUARDS = ("-cpu", "qemu32")   # reports neither SMEP nor SMAP in CPUID leaf 7


def banner(p, b, smep, smap):
    m = re.search(r"^cpu: SMEP (.*), SMAP (.*) \(\d+ stac/clac sites\)$", b.log, re.M)
    got = (m.group(1), m.group(2)) if m else None
    R.check(f"{p}: banner says SMEP {smep}, SMAP {smap}", got == (smep, smap), f"got {got}\n{b.tail()}")
    entries(p, b, smap == "on")


# The lean entries the boot installed (boot/smap.inc): with SMAP on the copies
# that close the window; with it off the copies without a site, for every
# lean entry ("entry:" names the #PF entry, sysenter's and, with doors, int 0x80's).
LEAN_ENTRY = re.compile(r"^(pf_entry(_sysexit)?|door_(int80|sysenter)_entry)(_nosmap)?$")


def entries(p, b, smap_on):
    m = re.search(r"^entry: #PF (\S+), sysenter (\S+)(?:, int 0x80 (\S+))?$", b.log, re.M)
    names = [n for n in (m.groups() if m else ()) if n]
    lean = [n for n in names if LEAN_ENTRY.match(n)]
    want = "without" if not smap_on else "with"
    R.check(f"{p}: the boot installed the lean entries {want} SMAP's window ({', '.join(lean)})",
            m and lean and all(n.endswith("_nosmap") != smap_on for n in lean),
            m.group(0) if m else f"no entry line\n{b.tail()}")


@run_tests.test
def qemu_smap_smep_reports():
    cases = {
        "smap": ("SMAP: the kernel touched a user page outside the user-access window",
                 "[protection read kernel] cr2=00400000", "<selftest_smap_now+"),
        "smap_listed": ("SMAP: the kernel touched a user page outside the user-access window",
                        "[protection read kernel] cr2=00400000", "<raw_copy_user"),
        "smep": ("SMEP: the kernel fetched an instruction from a user page",
                 "[protection read kernel fetch] cr2=00400000", "eip=00400000"),
    }
    for case, texts in cases.items():
        p = f"qemu selftest {case}"
        b = harness.qemu_boot(f"selftest={case}", mem_mb=32, timeout=60)
        banner(p, b, "on", "on")
        for text in ("kernel fault:",) + texts + ("PANIC: #PF page fault in kernel mode",):
            R.check(f"{p}: report shows {text!r}", b.has(text), b.tail())
        R.check(f"{p}: the access did not go through", not b.has(f"# {case}: the "), b.tail())
        run_tests.check_exit(p, b, harness.QEMU_EXIT_FAIL)


@run_tests.test
def qemu_no_smep_smap():
    p = "qemu selftest without SMEP/SMAP"
    b = harness.qemu_boot("selftest=paging,uaccess,smap,smap_listed,smep", mem_mb=32, timeout=60, extra=NO_GUARDS)
    banner(p, b, "off (not on this CPU)", "off (not on this CPU)")
    harness.report_tap(R, p, b)
    for case in ("smap", "smap_listed", "smep"):
        R.check(f"{p}: {case} goes through, and says why", b.has(f"# {case}: the ") and
                re.search(rf"^# {case}: the .*: (SMAP|SMEP) is off$", b.log, re.M), b.tail())
    run_tests.check_exit(p, b)

    p = "qemu usertests without SMEP/SMAP"
    b = harness.qemu_boot("run=usertests testexit", mem_mb=64, timeout=180, extra=NO_GUARDS,
                          replies=[("harness sends 'ping'", "ping")])
    banner(p, b, "off (not on this CPU)", "off (not on this CPU)")
    harness.report_tap(R, p, b)
    R.check(f"{p}: no frame leaked", re.search(r"free frames (\d+) at start, \1 now", b.log), b.tail())
    run_tests.check_exit(p, b)


@run_tests.test
def qemu_doors_without_smap():
    """The doors' copies without the window (and the call-gate stubs' patched jmps), as in make bench."""
    from test import suite_bench
    suite_bench.usertests_through_doors("without SMEP/SMAP", NO_GUARDS, check_entries=lambda p, b: entries(p, b, False))


@run_tests.test
def qemu_nosmap_option():
    p = "qemu nosmep nosmap"
    b = harness.qemu_boot("run=hello nosmep nosmap testexit", mem_mb=32, timeout=60)
    banner(p, b, "off (nosmep)", "off (nosmap)")
    R.check(f"{p}: hello runs", b.has("hello, world: printed through the write gate"), b.tail())
    run_tests.check_exit(p, b)
    p = "qemu selftest smap under nosmap"
    b = harness.qemu_boot("selftest=smap nosmap", mem_mb=32, timeout=60)
    R.check(f"{p}: the read goes through", b.has("# smap: the read went through: SMAP is off"), b.tail())
    run_tests.check_exit(p, b)
