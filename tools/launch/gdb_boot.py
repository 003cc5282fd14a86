"""
A QEMU boot driven by gdb, written once: QEMU stopped at the reset vector
with its gdb stub, COM1 on a pipe (or a file), gdb running a Python script
against it, replies typed into COM1 as the prompts they answer appear.

Used by the tests that stop the kernel at a chosen instruction (test/
suite_debug.py, suite_jobs.py, suite_long_work.py). The script's text has
@PORT@ where the stub's port goes; the script prints `CHECK key=value` lines,
which the result collects.
"""
import os
import re
import subprocess
import threading
import time

from tools.launch import ROOT, free_port, qemu as launch_qemu
from tools.launch.boot import serial_text

# The head and the tail most scripts share: connect and report; then let the
# machine run to its end (the stub goes with it, and gdb's continue fails).
CONNECT = r"""
import gdb, os, time
def check(k, v):
    print(f"CHECK {k}={v}", flush=True)
gdb.execute("target remote 127.0.0.1:@PORT@")
"""
RUN_TO_END = r"""
gdb.execute("delete")
try:
    gdb.execute("continue")
except gdb.error:
    pass
"""

STUB_WAIT_S = 20       # QEMU listening on its gdb port; it does at once unless the host is starved


def listening(port):
    """True once something on this machine listens on TCP PORT (QEMU's gdb stub)."""
    try:
        with open("/proc/net/tcp") as f:
            return any(ln.split()[1].endswith(f":{port:04X}") and ln.split()[3] == "0A"
                       for ln in f.readlines()[1:])
    except OSError:
        return False


class GdbBoot:
    """What a boot under gdb left: serial (COM1's text), gdb (its output), checks (its CHECK lines), the statuses."""

    def __init__(self, serial, gdb, code, gdb_code, seconds, port):
        self.serial, self.gdb, self.code, self.gdb_code, self.seconds = serial, gdb, code, gdb_code, seconds
        self.port = port
        self.checks = dict(re.findall(r"^CHECK (\w+)=(\S+)", gdb, re.M))

    @property
    def passed(self):
        return self.code == launch_qemu.exit_codes()["PASS"]

    def tail(self, n=1500):
        return self.serial[-n:] + "\n--- gdb ---\n" + self.gdb[-n:]


def boot(script, path, *, kernel, initrd, append, mem_mb=64, replies=(), on_gdb_line=None, until=None,
         seconds=60, gdb_args=(), serial_file=None):
    """
    Write SCRIPT (with @PORT@ filled in) to PATH, boot KERNEL/INITRD with
    APPEND stopped for gdb, and run gdb on KERNEL with GDB_ARGS (@PORT@
    filled in too) then the script.
    REPLIES: (prompt, bytes) pairs answered in order on COM1. ON_GDB_LINE(line,
    send): called for each line gdb prints; send(bytes) types into COM1.
    UNTIL(serial bytes): when it holds, the machine is stopped (for a script
    that continues forever). SECONDS bounds the whole boot: past it both are
    killed and the result says what they printed until then.
    """
    port = free_port()
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(script.replace("@PORT@", str(port)))
    serial = f"file:{serial_file}" if serial_file else "stdio"
    qemu = subprocess.Popen(launch_qemu.command(kernel=kernel, initrd=initrd, append=append, mem_mb=mem_mb,
                                                serial=serial, monitor="none", gdb_port=port),
                            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out, lines, pending = bytearray(), [], list(replies)
    lock = threading.Lock()

    def send(data):
        with lock:
            qemu.stdin.write(data)
            qemu.stdin.flush()

    def talk():
        at = 0
        for chunk in iter(lambda: qemu.stdout.read1(4096), b""):   # abi-ok: a read size
            out.extend(chunk)
            while pending and out.find(pending[0][0], at) >= 0:
                at = out.find(pending[0][0], at) + len(pending[0][0])
                send(pending.pop(0)[1])
            if until and until(bytes(out)):
                time.sleep(0.5)                    # what the machine prints right after
                qemu.kill()
                return
    reader = threading.Thread(target=talk, daemon=True)
    reader.start()
    t0 = time.monotonic()
    g = None
    deadline = threading.Timer(seconds, lambda: [p.kill() for p in (g, qemu) if p])
    deadline.start()
    try:
        while not listening(port) and qemu.poll() is None and time.monotonic() - t0 < STUB_WAIT_S:
            time.sleep(0.05)
        args = ["gdb", "-batch", "-nx", kernel] + [a.replace("@PORT@", str(port)) for a in gdb_args] + ["-x", path]
        g = subprocess.Popen(args, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT)
        for line in iter(g.stdout.readline, b""):
            lines.append(line.decode("latin-1"))
            if on_gdb_line:
                on_gdb_line(line, send)
        g.wait()
        try:
            qemu.wait(timeout=max(1, seconds - (time.monotonic() - t0)))
        except subprocess.TimeoutExpired:
            lines.append("(QEMU still running when the boot's time was up)\n")
    finally:
        deadline.cancel()
        if qemu.poll() is None:
            qemu.kill()
        qemu.wait()
        reader.join(timeout=5)
    if time.monotonic() - t0 >= seconds:
        lines.append(f"(timed out after {seconds} s)\n")
    if serial_file:
        with open(serial_file, "rb") as f:
            out = bytearray(f.read())
    return GdbBoot(serial_text(bytes(out)), "".join(lines), qemu.returncode, g.returncode if g else None,
                   time.monotonic() - t0, port)
