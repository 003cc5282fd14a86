"""
make bochs: boot an ISO in Bochs with COM1 on this terminal, input and output.

Bochs (headless, the top-level bochsrc) listens for COM1 on a local socket;
this script connects to it and copies bytes both ways with the terminal in raw
mode, so every key, Ctrl-C included, reaches pfgate's console. Ctrl-] ends
Bochs and restores the terminal. Bochs' own messages (its start-up lines,
panics, the debugger's output) go to a file, not here, unless --verbose.

Why not `com1: mode=term`: that needs a tty of its own, and Bochs' debugger
reads the same terminal; a socket keeps the two apart.

Usage: python3 -m tools.launch.bochs_term [--iso build/pfgate.iso] [--verbose]
"""
import argparse
import os
import select
import subprocess
import sys

from tools.launch import DISK, ROOT, free_port, need
from tools.launch import bochs as launch_bochs

QUIT_KEY = b"\x1d"          # Ctrl-]


def rel(p):
    return os.path.relpath(p, ROOT)


def start_bochs(iso, port, out_path, verbose, disk):
    rc = launch_bochs.resume_rc(os.path.join(ROOT, "build", "bochs-term", "run.rc"))
    cmd = launch_bochs.command(iso, serial_port=port, rcfile=rc, disk=rel(disk))
    out = None if verbose else open(out_path, "wb")
    # stdin is not the terminal: past the "c" lines the debugger reads EOF and quits.
    return subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT if out else None)


def relay(conn, bochs):
    """Copy bytes between the terminal and COM1 until Ctrl-] or Bochs ends."""
    import termios
    import tty
    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd) if os.isatty(fd) else None
    if saved:
        tty.setraw(fd)
    try:
        while bochs.poll() is None:
            ready, _, _ = select.select([fd, conn], [], [], 0.5)
            if conn in ready:
                data = conn.recv(65536)
                if not data:
                    return "Bochs closed COM1"
                os.write(sys.stdout.fileno(), data)
            if fd in ready:
                data = os.read(fd, 1 << 10)
                if not data or QUIT_KEY in data:
                    conn.sendall(data.split(QUIT_KEY)[0])
                    return "Ctrl-]"
                conn.sendall(data)
        return "Bochs ended"
    finally:
        if saved:
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def main():
    ap = argparse.ArgumentParser(prog="python3 -m tools.launch.bochs_term", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--iso", default=os.path.join(ROOT, "build", "pfgate.iso"))
    ap.add_argument("--verbose", action="store_true", help="Bochs' own messages on this terminal too")
    ap.add_argument("--disk", default=DISK, help="the disk image on the primary master (default: build/disk.img)")
    a = ap.parse_args()
    need(launch_bochs.BOCHS, "bochs")
    iso = os.path.abspath(a.iso)
    out_path = os.path.join(ROOT, "build", "bochs-out.txt")
    port = free_port()
    print(f"Bochs: COM1 is this terminal (Ctrl-C goes to pfgate; Ctrl-] quits Bochs).\n"
          f"Bochs' messages: {rel(out_path)}; its log: build/bochs.log "
          f"(make bochs V=1 shows the messages here). Starting...", flush=True)
    bochs = start_bochs(iso, port, out_path, a.verbose, a.disk)
    conn = launch_bochs.connect(port, bochs)
    why = "Bochs did not open COM1"
    try:
        if conn:
            why = relay(conn, bochs)
    finally:
        if conn:
            conn.close()
        if bochs.poll() is None:
            bochs.terminate()
            try:
                bochs.wait(timeout=5)
            except subprocess.TimeoutExpired:
                bochs.kill()
                bochs.wait()
        # Bochs locks the disk (IMAGE.lock) and leaves the lock when it is stopped: this one opened
        # COM1, so it had the disk, and the lock is its own. Left there, it would refuse the next make bochs.
        if conn and os.path.exists(a.disk + ".lock"):
            os.unlink(a.disk + ".lock")
    print(f"\r\nbochs: ended ({why}); Bochs' messages in {rel(out_path)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
