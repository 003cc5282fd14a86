"""
A scripted boot's outcome (Boot) and its conversation with the guest
(Conversation): replies sent in order, each once its prompt has appeared
after the previous reply, and the first time each mark appeared. The same for
QEMU (serial on a pipe) and Bochs (COM1 on a socket).
"""
import time


def serial_text(data):
    """The serial log as text: bytes kept one to one, CR LF as LF."""
    return bytes(data).decode("latin-1").replace("\r\n", "\n")


class Boot:
    """The outcome of one boot: the serial log, the emulator's exit code, and whether it timed out."""

    def __init__(self, log, code, timed_out, seconds, screens=None, marks=None):
        self.log = log
        self.code = code
        self.timed_out = timed_out
        self.seconds = seconds
        self.screens = screens or {}   # key -> what a Screen reply read
        self.marks = marks or {}       # text -> seconds from start until it first appeared (see `marks=`)

    def has(self, text):
        return text in self.log

    def tail(self, n=40):
        return "\n".join(self.log.splitlines()[-n:])


class Conversation:
    """
    replies: (text to wait for, what to send) pairs, answered in order, so
    input reaches the guest only once it is listening. What to send is given
    to send(data, log so far) and may be anything the driver knows (bytes or
    str for the serial line; the QEMU driver also takes console.Keys and
    console.Screen); a function of the log so far is called first.
    """

    def __init__(self, replies, marks=(), start=None):
        self.pending = list(replies)
        self.marks = list(marks)
        self.seen = {}
        self.out = bytearray()
        self.search_from = 0   # a prompt must appear after the point where the last reply was sent
        self.start = time.monotonic() if start is None else start

    def feed(self, chunk, send):
        """Take more output; answer every prompt now visible through send(data)."""
        self.out += chunk
        for m in self.marks:
            if m not in self.seen and m.encode() in self.out:
                self.seen[m] = time.monotonic() - self.start
        while self.pending:
            at = self.out.find(self.pending[0][0].encode(), self.search_from)
            if at < 0:
                break
            self.search_from = at + len(self.pending[0][0])
            _, data = self.pending.pop(0)
            if callable(data):
                data = data(serial_text(self.out))
            send(data)

    def after_replies(self, text):
        """Whether text appeared after the last reply, all replies sent."""
        return not self.pending and self.out.find(text.encode(), self.search_from) >= 0

    def boot(self, code, timed_out, screens=None):
        return Boot(serial_text(self.out), code, timed_out, time.monotonic() - self.start, screens, self.seen)
