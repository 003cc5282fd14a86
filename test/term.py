"""
A program on a terminal of its own (a pty), driven from a test as a person at
the keyboard would: pagers, raw mode and Ctrl-C behave as they do for them.
"""
import os
import pty
import select
import time


def pty_session(argv, respond, timeout, cwd):
    """
    Run argv on a new pty. After each chunk of output, respond(out so far)
    returns bytes to type (or None); ends when the program closes the terminal
    or after timeout seconds, then kills it. Returns the output as text, CR LF as LF.
    """
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(cwd)
        os.execvp(argv[0], argv)
    out = b""
    t0 = time.monotonic()
    try:
        while time.monotonic() - t0 < timeout:
            if select.select([fd], [], [], 0.5)[0]:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                out += chunk
            typed = respond(out)
            if typed:
                os.write(fd, typed)
    finally:
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)
    return out.decode("latin-1").replace("\r\n", "\n")
