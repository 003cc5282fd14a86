#!/usr/bin/env python3
"""
Drive `make run` as a newcomer would and judge what the terminal shows:
the banner, the shell prompt, then `ls`, `hello` and `ps` typed at it, each
answered. Quits QEMU with its Ctrl-A X. Usage: fresh_run_check.py COMMAND...
(the command that runs `make run`, e.g. inside a chroot). Exit 0 if every
step was seen; otherwise prints the transcript and exits 1.
"""
import os
import select
import subprocess
import sys
import time

PROMPT = "$ "
BUILD_TIMEOUT = 600     # make run may still have to build; the boot itself is seconds
STEP_TIMEOUT = 60
QEMU_QUIT = b"\x01x"    # -serial mon:stdio: Ctrl-A X ends QEMU

# (what to type, or None for nothing; then what must appear after it, in order)
SESSION = [
    (None, ["pfgate kernel: IA-32", "pfgate shell", PROMPT]),
    ("ls", ["README", PROMPT]),
    ("hello", ["hello, world", PROMPT]),
    ("ps", ["PID  PPID STATE", " sh\n", PROMPT]),
]


def main(cmd):
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    seen = bytearray()
    pos = 0
    failed = None
    first = True
    steps = [(line if i == 0 else None, want, line)
             for line, wants in SESSION for i, want in enumerate(wants)]
    for send, want, line in steps:
        if send is not None:
            proc.stdin.write(send.encode() + b"\n")
            proc.stdin.flush()
        deadline = time.monotonic() + (BUILD_TIMEOUT if first else STEP_TIMEOUT)
        first = False
        while True:
            text = seen.decode("latin-1").replace("\r\n", "\n")
            at = text.find(want, pos)
            if at >= 0:
                pos = at + len(want)
                print(f"fresh run: saw {want.strip()!r}" + (f" after typing {line!r}" if line else ""))
                break
            left = deadline - time.monotonic()
            if left <= 0 or proc.poll() is not None:
                failed = f"did not see {want!r}" + (f" after typing {line!r}" if line else "")
                break
            ready, _, _ = select.select([proc.stdout], [], [], min(left, 0.5))
            if ready:
                chunk = os.read(proc.stdout.fileno(), 65536)
                if chunk:
                    seen += chunk
        if failed:
            break
    try:
        proc.stdin.write(QEMU_QUIT)
        proc.stdin.flush()
        proc.wait(timeout=20)
    except (BrokenPipeError, subprocess.TimeoutExpired):
        proc.kill()
        proc.wait()
    if failed:
        sys.stdout.write(seen.decode("latin-1")[-4000:])
        print(f"\nfresh run: FAILED: {failed}")
        return 1
    print("fresh run: make run showed the banner and a working shell")
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1:]))
