#!/usr/bin/env python3
"""
Drive `make run` as a newcomer would and judge what the terminal shows:
the banner, busybox's ash (make run's shell) with job control on, then
`ls /`, a pipeline and `ps` typed at it, each answered; where the disk has
no busybox (Debian's i386 package could not be fetched), the boot's notice
and the native shell answering `ls`, `hello` and `ps` instead. Quits QEMU with its Ctrl-A X. Usage: fresh_run_check.py COMMAND...
(the command that runs `make run`, e.g. inside a chroot). Exit 0 if every
step was seen; otherwise prints the transcript and exits 1.
"""
import os
import select
import subprocess
import sys
import time

PROMPT = "$ "
ASH_PROMPT = "/ # "
BUILD_TIMEOUT = 600     # make run may still have to build; the boot itself is seconds
STEP_TIMEOUT = 60
QEMU_QUIT = b"\x01x"    # -serial mon:stdio: Ctrl-A X ends QEMU

# (what to type, or None for nothing; then what must appear after it, in order)
SESSION = [
    (None, ["pfgate kernel: IA-32", "boot: started pid 1: /bin/sh", "built-in shell (ash)", ASH_PROMPT]),
    ("ls /", ["native", ASH_PROMPT]),
    ("echo hi | wc -c", ["\n3\n", ASH_PROMPT]),
    ("ps", ["PID", "/bin/sh", ASH_PROMPT]),
]
# The same boot with no busybox on the disk: the kernel falls back to the native shell.
NATIVE_SESSION = [
    (None, ["pfgate kernel: IA-32", "cannot start; the native shell instead", "pfgate shell", PROMPT]),
    ("ls", ["README", PROMPT]),
    ("hello", ["hello, world", PROMPT]),
    ("ps", ["PID  PPID STATE", " sh\n", PROMPT]),
]
NO_ASH = "cannot start; the native shell instead"


def main(cmd):
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    seen = bytearray()
    pos = 0
    failed = None
    first = True
    # The build fetches busybox first (make run builds the disk): which session is known only
    # once the boot is seen, so the first step waits for either shell.
    steps = [(line if i == 0 else None, want, line)
             for line, wants in SESSION for i, want in enumerate(wants)]
    native_steps = [(line if i == 0 else None, want, line)
                    for line, wants in NATIVE_SESSION for i, want in enumerate(wants)]
    k = 0
    while k < len(steps):
        send, want, line = steps[k]
        k += 1
        if send is not None:
            proc.stdin.write(send.encode() + b"\n")
            proc.stdin.flush()
        deadline = time.monotonic() + (BUILD_TIMEOUT if first else STEP_TIMEOUT)
        first = False
        while True:
            text = seen.decode("latin-1").replace("\r\n", "\n")
            if steps is not native_steps and NO_ASH in text:
                # No busybox on the disk: the native shell's steps from its notice on.
                steps, k = native_steps, 1
                send, want, line = steps[k]
                k += 1
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
