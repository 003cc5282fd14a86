#!/usr/bin/env python3
"""
make bochs: boot an ISO in Bochs with COM1 on this terminal, input and output.

Bochs (headless, the top-level bochsrc) listens for COM1 on a local socket;
this script connects to it and copies bytes both ways with the terminal in raw
mode, so every key, Ctrl-C included, reaches pfgate's console. Ctrl-] ends
Bochs and restores the terminal. Bochs' own messages (its start-up lines,
panics, the debugger's output) go to a file, not here, unless --verbose.

Why not `com1: mode=term`: that needs a tty of its own, and Bochs' debugger
reads the same terminal; a socket keeps the two apart.

Usage: bochs_term.py [--iso build/pfgate.iso] [--verbose]
"""
import argparse
import os
import select
import socket
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BOCHS = os.environ.get("BOCHS", "bochs")
QUIT_KEY = b"\x1d"          # Ctrl-]
CONNECT_SECONDS = 30        # Bochs' start-up, at most
RESUMES = 64                # "c" lines: start, then resume after magic breaks (xchg bx,bx)


def rel(p):
    return os.path.relpath(p, ROOT)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_bochs(iso, port, out_path, verbose):
    work = os.path.join(ROOT, "build", "bochs-term")
    os.makedirs(work, exist_ok=True)
    rc = os.path.join(work, "run.rc")
    with open(rc, "w") as f:
        f.write("c\n" * RESUMES)
    cmd = [BOCHS, "-q", "-f", "bochsrc", "-rc", rc,
           f'ata1-master: type=cdrom, path="{iso}", status=inserted',
           f"com1: enabled=1, mode=socket-server, dev=127.0.0.1:{port}"]
    out = None if verbose else open(out_path, "wb")
    # stdin is not the terminal: past the "c" lines the debugger reads EOF and quits.
    return subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT if out else None)


def connect(port, bochs):
    t0 = time.monotonic()
    while bochs.poll() is None and time.monotonic() - t0 < CONNECT_SECONDS:
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=1)
        except OSError:
            time.sleep(0.2)
    return None


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
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--iso", default=os.path.join(ROOT, "build", "pfgate.iso"))
    ap.add_argument("--verbose", action="store_true", help="Bochs' own messages on this terminal too")
    a = ap.parse_args()
    iso = os.path.abspath(a.iso)
    out_path = os.path.join(ROOT, "build", "bochs-out.txt")
    port = free_port()
    print(f"Bochs: COM1 is this terminal (Ctrl-C goes to pfgate; Ctrl-] quits Bochs).\n"
          f"Bochs' messages: {rel(out_path)}; its log: build/bochs.log "
          f"(make bochs V=1 shows the messages here). Starting...", flush=True)
    bochs = start_bochs(iso, port, out_path, a.verbose)
    conn = connect(port, bochs)
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
    print(f"\r\nbochs: ended ({why}); Bochs' messages in {rel(out_path)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
