"""
The vDSO's own clocks (issue 28): clock_gettime (and clock_gettime64),
gettimeofday and time answered in the vDSO from its data page (src/linux/
vdso_clock.c, vvar.h, vclock.c), with no kernel entry. From outside:
  - lxclock (glibc -static, user/linux/lxclock.c): 1,000+ reads of each fine
    clock monotonic across ticks, each within a tick of the kernel's answer
    (its syscall()s), the data page read-only (a write: SIGSEGV; mprotect
    refuses), and under linuxlog the only clock calls that entered the
    kernel are its own syscall()s and the one clock the page does not keep;
  - the linux_abi clock case with musl and with glibc (static): Linux's own
    output, and none of its REALTIME/MONOTONIC reads, gettimeofday or time
    entered the kernel;
  - frames back at their baseline after each (testexit).
"""
import io
import os
import re
import subprocess
import tarfile

from test import harness, run_tests
from test.run_tests import R

# lxclock's calls that must enter the kernel: 12 syscall()s comparing both clocks (3 rounds x 2 clocks x
# before and after), 2 around gettimeofday and time, 1 after MONOTONIC_COARSE, and the vDSO's own
# fallback for CLOCK_PROCESS_CPUTIME_ID (a clock the page does not keep).
LXCLOCK_KERNEL_CLOCK_CALLS = 16
CPUTIME_CLOCK = 2
FRAMES_BACK = r"free frames (\d+) at start, \1 now"


def lxclock_initrd():
    """build/initrd.tar with lxclock (stripped) added: the Makefile keeps it out of the shared initrd (RAM)."""
    path = os.path.join(harness.BUILD, "test", "vclock", "initrd.tar")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    stripped = path + ".lxclock"
    subprocess.run(["i686-linux-gnu-strip", "--strip-debug", "-o", stripped,
                    os.path.join(harness.BUILD, "linux", "bin", "lxclock")], check=True)
    with open(stripped, "rb") as f:
        data = f.read()
    with tarfile.open(harness.INITRD) as src, tarfile.open(path + ".tmp", "w", format=tarfile.USTAR_FORMAT) as out:
        for m in src.getmembers():
            out.addfile(m, src.extractfile(m) if m.isfile() else None)
        info = tarfile.TarInfo("./lxclock")
        info.mode, info.size = 0o755, len(data)
        out.addfile(info, io.BytesIO(data))
    os.replace(path + ".tmp", path)
    return path


def clock_entries(log):
    """[(call name, first argument)] of every time call that entered the kernel (linuxlog's lines)."""
    return [(m.group(1), int(m.group(2), 16)) for m in
            re.finditer(r"^linux: pid \d+ (clock_gettime64|clock_gettime|gettimeofday|time)\((\w+)", log, re.M)]


@run_tests.test
def qemu_linux_vdso_clock():
    p = "qemu linux vdso clock"
    b = harness.qemu_boot("run=lxclock linuxlog testexit", mem_mb=64, timeout=180, initrd=lxclock_initrd())
    R.check(f"{p}: the TSC was timed against the PIT", re.search(r"^vclock: TSC \d+ kHz", b.log, re.M), b.tail())
    fails = re.findall(r"lxclock: FAIL .*", b.log)
    R.check(f"{p}: lxclock's checks all passed", not fails and b.has("lxclock: done, 0 failure(s)"),
            "\n".join(fails) or b.tail())
    entered = clock_entries(b.log)
    R.check(f"{p}: no gettimeofday, time or 32-bit clock_gettime entered the kernel",
            not [e for e in entered if e[0] != "clock_gettime64"], str(entered))
    R.check(f"{p}: only lxclock's {LXCLOCK_KERNEL_CLOCK_CALLS} own clock calls entered the kernel",
            len(entered) == LXCLOCK_KERNEL_CLOCK_CALLS, f"{len(entered)}: {entered}")
    R.check(f"{p}: frames back at the baseline", re.search(FRAMES_BACK, b.log), b.tail())
    run_tests.check_exit(p, b)


@run_tests.test
def qemu_linux_vdso_clock_abi():
    """The linux_abi clock case, musl and glibc: Linux's output, and its page-kept clocks never entered."""
    from test import suite_linux_abi
    from tools.linuxref import cases
    p = "qemu linux vdso clock (linux_abi clock)"
    selected = [(n, c) for n, c in cases.cases() if n in ("clock.musl", "clock.glibc")]
    if len(selected) != 2:
        R.check(f"{p}: the clock case built with both libcs", False, str(selected))
        return
    initrd = suite_linux_abi.abi_initrd(selected, harness.BUILD + "/test/linux-abi/vclock-initrd.tar")
    img = suite_linux_abi.abi_disk(selected, name="vclock")
    b = harness.qemu_boot(f"run={suite_linux_abi.RUNNER}:{cases.GUEST_ROOT}/cases.pfgate:{cases.GUEST_TMP} "
                          "linuxlog testexit", mem_mb=128, timeout=300, initrd=initrd, disk=img)
    outputs, done = cases.parse(b.log)
    R.check(f"{p}: abirun ran both and said done", done, b.tail())
    for name, _ in selected:
        got = outputs.get(name)
        diff = "no output" if got is None else cases.difference(cases.expected(name), got)
        R.check(f"{p} {name}: equal to Linux's output", diff is None, diff)
    entered = clock_entries(b.log)
    # What may enter: the bad clock (12345, Linux's -EINVAL from the kernel) and the CPU-time clock.
    kept = [e for e in entered if not (e[0].startswith("clock_gettime") and e[1] in (12345, CPUTIME_CLOCK))]
    R.check(f"{p}: no REALTIME/MONOTONIC read, gettimeofday or time entered the kernel", not kept, str(kept))
    R.check(f"{p}: the clocks the page does not keep did enter (twice per libc)", len(entered) == 4, str(entered))
    R.check(f"{p}: frames back at the baseline", re.search(FRAMES_BACK, b.log), b.tail())
    run_tests.check_exit(p, b)
