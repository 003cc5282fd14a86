"""
The QEMU command line, written once (command()), and the scripted boot the
tests and the bench use (boot(), run()).

Every boot: -no-reboot (a triple fault ends QEMU instead of looping), no
network card, the isa-debug-exit device the kernel's `testexit` writes its
verdict to, COM1 on the given serial back end. TCG only, never KVM unless a
caller asks: these machines' /dev/kvm cannot run a paged 32-bit guest.

As a program (the Makefile's run, run-nox and qemu-gdb):
  python3 -m tools.launch.qemu --iso ISO [--window] the GRUB ISO (make run)
  ... --kernel K --initrd I --append TEXT  -kernel boot (make run-nox)
  ... --gdb PORT                               stopped at the reset vector, gdb stub on 127.0.0.1:PORT
  ... --disk IMG                               IMG as the primary IDE master (make run attaches build/disk.img)
COM1 and QEMU's monitor share the terminal (Ctrl-A X quits, Ctrl-A C the monitor).
"""
import argparse
import os
import select
import signal
import subprocess
import sys
import threading
import time

from tools.launch import BUILD, INITRD, KERNEL, ROOT, need
from tools.launch.boot import Conversation
from tools.launch.console import Keys, Screen, needs_monitor

QEMU = os.environ.get("QEMU", "qemu-system-i386")
# The CPU of every scripted boot (tests, bench, fuzz): one with SMEP and SMAP,
# so the whole suite runs with them on (a boot that passes its own -cpu in
# extra gets that one). make run keeps QEMU's default model.
SCRIPTED_CPU = os.environ.get("QEMU_CPU", "qemu32,+smep,+smap")
# The kernel's `testexit` verdicts arrive on this port; QEMU exits with (code << 1) | 1.
DEBUG_EXIT_DEVICE = "isa-debug-exit,iobase=0xf4,iosize=0x04"
RUN_MEM_MB = 128


def command(*, kernel=None, initrd=None, append=None, iso=None, mem_mb=RUN_MEM_MB, serial="mon:stdio",
            monitor=None, window=False, cpu=None, gdb_port=None, qemu=None, firmware=None, disk=None, extra=()):
    """
    The QEMU command line. serial: QEMU's -serial back end (mon:stdio: COM1
    and the monitor on the terminal; stdio; file:PATH). monitor: a -monitor
    back end (None: QEMU's default, which mon:stdio takes over). gdb_port:
    the gdb stub on 127.0.0.1, the machine stopped at the reset vector.
    """
    cmd = [qemu or QEMU, "-m", str(mem_mb), "-no-reboot", "-nic", "none", "-serial", serial]
    if firmware:                        # a UEFI PC (OVMF) instead of SeaBIOS, and no ISA debug port
        cmd += ["-bios", firmware]
    else:
        cmd += ["-device", DEBUG_EXIT_DEVICE]
    if not window:
        cmd += ["-display", "none"]
    if monitor is not None:
        cmd += ["-monitor", monitor]
    if iso:
        cmd += ["-cdrom", iso] + ([] if firmware else ["-boot", "d"])   # OVMF finds the CD by itself
    elif kernel:
        cmd += ["-kernel", kernel, "-initrd", initrd or INITRD, "-append", append or ""]
    if disk:
        cmd += ["-drive", f"file={disk},format=raw,if=ide,index=0,media=disk"]
    if cpu and "-cpu" not in extra:
        cmd += ["-cpu", cpu]
    if gdb_port is not None:
        cmd += ["-S", "-gdb", f"tcp:127.0.0.1:{gdb_port}"]
    return cmd + list(extra)


def exit_codes():
    """QEMU's exit status for the kernel's test verdicts: {'PASS': n, 'FAIL': n} (from the ABI description)."""
    from tools import pfabi
    return {k: (v << 1) | 1 for k, v in pfabi.load().test_exit.items()}


def monitor_socket():
    path = os.path.join(BUILD, "test", f"monitor-{os.getpid()}-{threading.get_ident()}.sock")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return path


def boot(append, mem_mb=64, timeout=90, iso=None, replies=(), extra=(), until=None, marks=(), initrd=None,
         kernel=None, qemu=None, firmware=None, disk=None):
    """
    Boot headless under QEMU TCG and talk to COM1 (see run()). With iso, boot
    the GRUB ISO instead of -kernel; initrd: another than build/initrd.tar
    (make bench's). The CPU is SCRIPTED_CPU unless extra holds a -cpu. disk:
    an image for the primary IDE master (a test's copy, never build/disk.img).
    """
    monitor = monitor_socket() if needs_monitor(replies) else None
    cmd = command(kernel=None if iso else (kernel or KERNEL), initrd=initrd, append=append, iso=iso, mem_mb=mem_mb,
                  serial="stdio", monitor=f"unix:{monitor},server=on,wait=off" if monitor else "none",
                  cpu=None if firmware else SCRIPTED_CPU, qemu=qemu, firmware=firmware, disk=disk, extra=extra)
    return run(cmd, timeout, replies, monitor, until, marks)


def run(cmd, timeout, replies=(), monitor=None, until=None, marks=()):
    """
    Run a QEMU command line whose COM1 is stdio: answer replies in order
    (launch.boot.Conversation; bytes or str for the serial line, Keys for the
    keyboard, Screen to read the screen into boot.screens, both through the
    monitor socket). until: stop QEMU once this text appears after the last
    reply (for runs that do not end by themselves).
    """
    talk = Conversation(replies, marks)
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT)
    screens = {}

    def send(data):
        if isinstance(data, Keys):
            data.send(monitor)
        elif isinstance(data, Screen):
            screens[data.key] = data.read(monitor)
        else:
            try:
                proc.stdin.write(data if isinstance(data, bytes) else data.encode())
                proc.stdin.flush()
            except BrokenPipeError:
                pass

    timed_out = False
    fd = proc.stdout.fileno()
    while True:
        left = timeout - (time.monotonic() - talk.start)
        if left <= 0:
            timed_out = True
            proc.kill()
            break
        ready, _, _ = select.select([fd], [], [], min(left, 0.5))
        if ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            talk.feed(chunk, send)
            if until and talk.after_replies(until):
                proc.kill()
                break
        elif proc.poll() is not None:
            break
    code = proc.wait()
    return talk.boot(code, timed_out, screens)


def main():
    ap = argparse.ArgumentParser(prog="python3 -m tools.launch.qemu", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--iso")
    ap.add_argument("--kernel")
    ap.add_argument("--initrd")
    ap.add_argument("--append", default="")
    ap.add_argument("--window", action="store_true", help="a VGA window (QEMU's GTK front end), not headless")
    ap.add_argument("--gdb", type=int, metavar="PORT")
    ap.add_argument("--qemu", default=QEMU)
    ap.add_argument("--disk", help="a raw disk image for the primary IDE master")
    a = ap.parse_args()
    cmd = command(iso=a.iso, kernel=a.kernel, initrd=a.initrd, append=a.append, window=a.window,
                  gdb_port=a.gdb, qemu=a.qemu, disk=a.disk)
    need(cmd[0], "qemu")
    # QEMU owns the terminal (raw, Ctrl-A X); a Ctrl-C that reaches us anyway is its business.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    code = subprocess.call(cmd)
    verdict = {v: k for k, v in exit_codes().items()}.get(code)
    if code == 0:
        return 0
    if verdict == "PASS":
        print("qemu: the kernel's test exit said PASS", file=sys.stderr)
        return 0
    if verdict == "FAIL":
        print("qemu: the kernel's test exit said FAIL (the serial log above names the first that failed)", file=sys.stderr)
        return 1
    print(f"qemu: {cmd[0]} ended with status {code}" + (f" (killed by signal {-code})" if code < 0 else ""), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
