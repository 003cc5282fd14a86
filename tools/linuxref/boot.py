"""
Boot Debian's Linux (linux-image-686) in the project's QEMU with the
reference initramfs and collect the Linux-ABI cases' outputs (make linux-ref).

The machine is the scripted boots' (tools/launch/qemu.py: the same -cpu
model, SMEP and SMAP on, TCG) with make run's memory; the console is ttyS0.

  python3 -m tools.linuxref.boot [--mitigations-off] [--cases A,B] [--record] [--show]
    --record  write each case's output as the expected one (test/linux_abi/expected/)
    --show    print each case's output
Without --record: compare with the expected outputs; exit 1 on a difference.
"""
import argparse
import os
import sys

from tools.launch import qemu
from tools.linuxref import INITRAMFS, VMLINUZ, cases, initramfs

MEM_MB = qemu.RUN_MEM_MB
# Linux needs about 5 s to boot under TCG and the cases 10 more; a loaded host, several times that.
TIMEOUT_S = 240
# Quiet: only the markers and what the programs print; panic=-1: a dying /init ends QEMU (-no-reboot).
APPEND = "console=ttyS0 loglevel=1 panic=-1"


def boot(only=(), mitigations_off=False, run=None, timeout=TIMEOUT_S, image=INITRAMFS):
    """One boot of the reference Linux: (launch.boot.Boot, {case: (output, status)}, done)."""
    for path, how in ((VMLINUZ, "make linux-ref-debs"), (image, "make linux-ref-initramfs")):
        if not os.path.exists(path):
            raise SystemExit(f"linuxref: {path} is missing ({how} makes it)")
    append = APPEND + (" mitigations=off" if mitigations_off else "")
    if only:
        append += " abi.cases=" + ",".join(only)
    if run:
        append += " abi.run=" + run
    cmd = qemu.command(kernel=VMLINUZ, initrd=image, append=append, mem_mb=MEM_MB, serial="stdio",
                       monitor="none", cpu=qemu.SCRIPTED_CPU)
    result = qemu.run(cmd, timeout)
    outputs, done = cases.parse(result.log)
    return result, outputs, done


def failure_text(result, done):
    """Why a boot did not finish its cases, or None."""
    if done:
        return None
    if result.timed_out:
        return f"the reference Linux did not finish within {result.seconds:.0f} s (QEMU killed); its console's last lines:\n{result.tail(15)}"
    return f"the reference Linux stopped (QEMU status {result.code}) before '{cases.DONE}'; its console's last lines:\n{result.tail(15)}"


def main():
    ap = argparse.ArgumentParser(prog="python3 -m tools.linuxref.boot", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mitigations-off", action="store_true")
    ap.add_argument("--cases", default="", help="comma-separated case names (default: all)")
    ap.add_argument("--record", action="store_true")
    ap.add_argument("--show", action="store_true")
    a = ap.parse_args()
    only = [c for c in a.cases.split(",") if c]
    result, outputs, done = boot(only, a.mitigations_off)
    print(f"linuxref: booted in QEMU, {len(outputs)} cases in {result.seconds:.1f} s")
    bad = 0
    why = failure_text(result, done)
    if why:
        print(why)
        bad += 1
    for name, _ in cases.cases():
        if only and name not in only:
            continue
        got = outputs.get(name)
        if got is None:
            print(f"{name}: no output")
            bad += 1
            continue
        if a.show:
            print(f"--- {name} (exit {got[1]})\n{got[0]}")
        if a.record:
            cases.record(name, *got)
            continue
        want = cases.expected(name)
        diff = "nothing recorded" if want is None else cases.difference(want, got)
        if diff:
            print(f"{name}: differs from the recorded Linux output\n{diff}")
            bad += 1
    print(f"linuxref: {'recorded' if a.record else 'checked'} {len(outputs)} cases, {bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
