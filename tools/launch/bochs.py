"""
The Bochs command line, written once (command()), and the two scripted ways
to boot an ISO in it: boot() headless with COM1 to a file, session() with
COM1 on a local socket to talk to. tools/launch/bochs_term.py (make bochs) and
tools/trace/bochsdbg.py (the debugger driver) start Bochs through command() too.

The top-level bochsrc describes the machine; the ISO, COM1 and the log are
given on the command line (Bochs parses those after the file). This Bochs has
its debugger built in and starts stopped at t=0: a command file of "c" lines
starts the machine and resumes it after up to RESUMES - 1 stops (magic break
xchg bx,bx; iodebug 0x8AE0). Past those it reads stdin, which is /dev/null:
EOF quits Bochs (status 1). Never a wait for input. The kernel's "Shutdown"
write to port 0x8900 ends Bochs through a panic, so that status is 1 too:
judge a run by its serial log, not by the status.
"""
import os
import random
import socket
import subprocess
import sys
import time

from tools.launch import ROOT, free_port
from tools.launch.boot import Conversation, Boot, serial_text

BOCHS = os.environ.get("BOCHS", "bochs")
BOCHSRC = os.path.join(ROOT, "bochsrc")
RESUMES = 64
TIMED_OUT = 124            # timeout(1)'s status when it had to stop Bochs
KILL_GRACE_S = 5
# Bochs 2.7's rfb display (the only headless one Debian's Bochs has) binds
# port 5900 with SO_REUSEADDR and only then listens: when two Bochs start at
# the same moment, the second binds 5900, fails to listen, then retries every
# other port on the same, already bound socket, fails them all, gives up with
# this message before the BIOS has run, and segfaults on its way out. Nothing
# of the kernel has run, so the boot is started again (after a random pause,
# so that the two no longer meet).
RFB_NO_PORT = "RFB could not bind any port"
RFB_ATTEMPTS = 4
RFB_LOG_TAIL = 65536   # abi-ok: bytes; the message is among a failed run's last lines; a long run's log is not read whole


def rfb_failed(log):
    """True when the Bochs log at LOG ends with the rfb display's start-up failure."""
    try:
        with open(log, "rb") as f:
            f.seek(max(0, os.path.getsize(log) - RFB_LOG_TAIL))
            return RFB_NO_PORT.encode() in f.read()
    except OSError:
        return False


def _rfb_retried(iso, log, start):
    """start() (one Bochs run, its log at LOG) again while its rfb display found no port, RFB_ATTEMPTS at most."""
    for attempt in range(RFB_ATTEMPTS):
        result = start()
        if not rfb_failed(log) or not rfb_retry(iso, attempt):
            return result


def rfb_retry(iso, attempt):
    """After an rfb start-up failure: True (after a pause) when the boot may be started again."""
    last = attempt == RFB_ATTEMPTS - 1
    print(f"bochs: {os.path.basename(iso)}: its rfb display could not listen on any port 5900-5949"
          + (f" ({RFB_ATTEMPTS} times)" if last else "; starting it again"), file=sys.stderr)
    if not last:
        time.sleep(random.uniform(0.2, 1.5))
    return not last


def disk_option(path):
    """Bochs' ata0-master line for a raw image: flat, so Bochs takes its size for the geometry."""
    return f'ata0-master: type=disk, path="{path}", mode=flat'


def command(iso, *, serial_file=None, serial_port=None, log=None, rcfile=None, bochsrc=BOCHSRC, disk=None):
    """
    bochs -q -f BOCHSRC [-rc RCFILE] with the ISO on the secondary master and COM1 to a file or a socket;
    disk: a raw image on the primary master (the kernel's ata0).
    """
    paths = [iso] + [p for p in (serial_file, log, disk) if p]
    for p in paths:
        if any(c in p for c in ',"'):
            raise ValueError(f"{p}: Bochs options cannot hold ',' or '\"'")
    cmd = [BOCHS, "-q", "-f", os.path.relpath(bochsrc, ROOT)]
    if rcfile:
        cmd += ["-rc", rcfile]
    cmd.append(f'ata1-master: type=cdrom, path="{iso}", status=inserted')
    # bochsrc attaches the user's disk (make bochs, bochs by hand); a scripted boot gets its own copy or none.
    cmd.append(disk_option(disk) if disk else "ata0-master: type=none")
    if serial_file:
        cmd.append(f'com1: enabled=1, mode=file, dev="{serial_file}"')
    elif serial_port is not None:
        cmd.append(f"com1: enabled=1, mode=socket-server, dev=127.0.0.1:{serial_port}")
    if log:
        cmd.append(f'log: "{log}"')
    return cmd


def resume_rc(path):
    """A debugger command file that only runs the machine (RESUMES "c" lines)."""
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w") as f:
        f.write("c\n" * RESUMES)
    return path


def connect(port, proc, seconds=30):
    """A connection to Bochs' COM1 socket once it listens (None if Bochs ended or never did)."""
    t0 = time.monotonic()
    while proc.poll() is None and time.monotonic() - t0 < seconds:
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=1)
        except OSError:
            time.sleep(0.2)
    return None


def boot(iso, timeout=600, disk=None):
    """
    Boot an ISO headless and unattended; COM1 goes to ISO.com1.txt, Bochs' log
    and its own output to ISO.com1.txt.bochs.log. The serial log is the result;
    timed_out when Bochs was still running after timeout seconds. disk: an
    image for the primary master (a test's copy).
    """
    iso = os.path.abspath(iso)
    return _rfb_retried(iso, iso + ".com1.txt.bochs.log", lambda: _boot_once(iso, timeout, disk))


def _boot_once(iso, timeout, disk=None):
    serial = iso + ".com1.txt"
    log = serial + ".bochs.log"
    for p in (serial, log):
        if os.path.exists(p):
            os.unlink(p)
    rc = resume_rc(iso + ".run.rc")
    start = time.monotonic()
    with open(log + ".out", "wb") as out:
        proc = subprocess.run(["timeout", "-k", str(KILL_GRACE_S), str(timeout)] +
                              command(iso, serial_file=serial, log=log, rcfile=rc, disk=disk),
                              cwd=ROOT, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
    # Bochs' own console output (banner, debugger lines, early messages) after its log, in the same file.
    with open(log + ".out", "rb") as src, open(log, "ab") as dst:
        dst.write(src.read())
    os.unlink(log + ".out")
    text = ""
    if os.path.exists(serial):
        with open(serial, "rb") as f:
            text = serial_text(f.read())
    return Boot(text, proc.returncode, proc.returncode == TIMED_OUT, time.monotonic() - start)


def session(iso, replies, timeout=300, marks=()):
    """
    Boot an ISO with COM1 on a local socket and talk to it: replies as for
    launch.qemu.run (text to wait for, str or bytes to send). Ends when Bochs does.
    """
    return _rfb_retried(iso, iso + ".bochs.log", lambda: _session_once(iso, replies, timeout, marks))


def _session_once(iso, replies, timeout, marks):
    port = free_port()
    rc = resume_rc(iso + ".rc")
    log = iso + ".bochs.log"
    if os.path.exists(log):
        os.unlink(log)
    cmd = ["timeout", "-k", str(KILL_GRACE_S), str(timeout)] + command(iso, serial_port=port, log=log, rcfile=rc)
    talk = Conversation(replies, marks)
    proc = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    conn = connect(port, proc)

    def send(data):
        conn.sendall(data if isinstance(data, bytes) else data.encode())

    if conn:
        conn.settimeout(0.5)
        while time.monotonic() - talk.start < timeout:
            try:
                chunk = conn.recv(65536)
                if not chunk:
                    break
            except socket.timeout:
                if proc.poll() is not None:
                    break
                chunk = b""
            talk.feed(chunk, send)
        conn.close()
    try:
        code = proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        code = proc.wait()
    return talk.boot(code, time.monotonic() - talk.start >= timeout)
