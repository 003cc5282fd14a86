"""
Test harness pieces: result bookkeeping, booting QEMU and Bochs headless with
a timeout, talking to the serial console, and reading TAP from a log.
Used by test/run_tests.py; the tests judge the kernel from outside only.
"""
import os
import re
import select
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build")
KERNEL = os.path.join(BUILD, "kernel.elf")
# make bench's kernel: make run's plus the measurement part (src/bench/: the
# doors, the bench gates). Every boot that opens the doors or measures needs it.
BENCH_KERNEL = os.path.join(BUILD, "bench", "kernel.elf")
INITRD = os.path.join(BUILD, "initrd.tar")
QEMU = os.environ.get("QEMU", "qemu-system-i386")
# The CPU of every test boot: one with SMEP and SMAP, so the whole suite runs
# with them on (a boot that passes its own -cpu in extra gets that one).
QEMU_CPU = os.environ.get("QEMU_CPU", "qemu32,+smep,+smap")

sys.path.insert(0, os.path.join(ROOT, "tools"))
import pfabi  # noqa: E402

# isa-debug-exit turns the kernel's pass/fail codes into (code << 1) | 1.
_ABI = pfabi.load()
QEMU_EXIT_PASS = (_ABI.test_exit["PASS"] << 1) | 1
QEMU_EXIT_FAIL = (_ABI.test_exit["FAIL"] << 1) | 1


class Results:
    """
    Thread-safe results of (name, ok, skipped, detail), printed as TAP. Test
    groups run side by side, but each group's results are printed as one block,
    in the groups' fixed order, once it and every group before it are done: the
    numbering is the same on every run, whichever group finishes first. The
    plan comes last (`1..N`), as TAP allows.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.items = []
        self.local = threading.local()
        self.groups = {}        # group index -> its results, until printed
        self.done = set()
        self.next_group = 0     # the first group not printed yet
        self.count = 0

    def begin_group(self, index):
        self.local.group = index
        with self.lock:
            self.groups.setdefault(index, [])

    def end_group(self, index, name=""):
        with self.lock:
            self.done.add(index)
            if index != self.next_group:   # a sign of life while an earlier group still runs
                print(f"# finished: {name} ({len(self.groups.get(index, []))} results, printed in order later)",
                      flush=True)
            while self.next_group in self.done:
                for item in self.groups.pop(self.next_group, []):
                    self._print(item)
                self.next_group += 1

    def _print(self, item):
        name, ok, skipped, detail = item
        self.count += 1
        status = "ok" if ok else "not ok"
        suffix = " # SKIP " + detail if skipped else ""
        print(f"{status} {self.count} - {name}{suffix}", flush=True)
        if not ok and detail:
            for line in detail.rstrip().splitlines()[-40:]:
                print(f"#   {line}", flush=True)

    def add(self, name, ok, detail="", skipped=False):
        group = getattr(self.local, "group", None)
        with self.lock:
            self.items.append((name, ok, skipped, detail))
            if group is None or group < self.next_group:
                self._print((name, ok, skipped, detail))   # outside any group: at once
            else:
                self.groups.setdefault(group, []).append((name, ok, skipped, detail))

    def plan(self):
        """The TAP plan line, once every group is printed."""
        return f"1..{self.count}"

    def check(self, name, cond, detail=""):
        self.add(name, bool(cond), "" if cond else detail)
        return bool(cond)

    def totals(self):
        passed = sum(1 for _, ok, sk, _ in self.items if ok and not sk)
        skipped = sum(1 for _, ok, sk, _ in self.items if sk)
        failed = sum(1 for _, ok, _, _ in self.items if not ok)
        return passed, failed, skipped


class Boot:
    """The outcome of one boot: the serial log, the emulator's exit code, and whether it timed out."""

    def __init__(self, log, code, timed_out, seconds):
        self.screens = {}
        self.marks = {}      # text -> seconds from start until it first appeared (see `marks=`)
        self.log = log
        self.code = code
        self.timed_out = timed_out
        self.seconds = seconds

    def has(self, text):
        return text in self.log

    def tail(self, n=40):
        return "\n".join(self.log.splitlines()[-n:])


class Keys:
    """A reply typed on the PS/2 keyboard (QEMU monitor `sendkey`) instead of sent over serial."""

    NAMES = {" ": "spc", "\n": "ret", "\b": "backspace", ".": "dot", ",": "comma", "-": "minus", "/": "slash",
             "\x03": "ctrl-c"}

    def __init__(self, text):
        self.text = text

    def monitor_lines(self):
        for ch in self.text:
            if ch.isupper():
                yield f"sendkey shift-{ch.lower()}\n"
            else:
                yield f"sendkey {self.NAMES.get(ch, ch)}\n"


class Screen:
    """A reply that sends nothing: it reads the VGA text screen (through the QEMU monitor) into boot.screens."""

    VGA_TEXT = 0xB8000
    CELLS = 80 * 25

    def __init__(self, key):
        self.key = key

    def read(self, monitor):
        import socket
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.connect(monitor)
            s.settimeout(2)
            data = b""

            def until_prompt():
                nonlocal data
                while not data.rstrip().endswith(b"(qemu)"):
                    data += s.recv(65536)

            until_prompt()
            data = b""
            s.sendall(f"xp /{self.CELLS}hx {self.VGA_TEXT:#x}\n".encode())
            until_prompt()
        cells = [int(h, 16) for h in re.findall(r"0x([0-9a-f]{4})\b", data.decode("latin-1").split("\n", 1)[1])]
        chars = "".join(chr(c & 0xFF) if 32 <= (c & 0xFF) < 127 else " " for c in cells[:self.CELLS])
        return "\n".join(chars[i:i + 80].rstrip() for i in range(0, len(chars), 80))


def qemu_boot(append, mem_mb=64, timeout=90, iso=None, replies=(), extra=(), until=None, marks=(), initrd=None,
              kernel=None):
    """
    Boot the kernel under QEMU TCG (never KVM: these machines' /dev/kvm cannot
    run a paged 32-bit guest). With iso, boot the GRUB ISO instead of -kernel.
    replies: (text to wait for, what to send) pairs, answered in order, so
    input reaches the guest only once it is listening; what to send is bytes
    for the serial line, Keys(...) for the keyboard, or a function of the log
    so far that returns either. until: stop QEMU once this text appears after
    the last reply (for runs that do not end by themselves). initrd: another
    initrd than build/initrd.tar (make bench's). kernel: another kernel than
    make run's (BENCH_KERNEL).
    """
    monitor = None
    if any(isinstance(r[1], (Keys, Screen)) for r in replies):
        monitor = os.path.join(BUILD, "test", f"monitor-{os.getpid()}-{threading.get_ident()}.sock")
        os.makedirs(os.path.dirname(monitor), exist_ok=True)
    cmd = [QEMU, "-m", str(mem_mb), "-display", "none",
           "-monitor", f"unix:{monitor},server=on,wait=off" if monitor else "none",
           "-no-reboot", "-nic", "none", "-serial", "stdio",
           "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
    if iso:
        cmd += ["-cdrom", iso, "-boot", "d"]
    else:
        cmd += ["-kernel", kernel or KERNEL, "-initrd", initrd or INITRD, "-append", append]
    if "-cpu" not in extra:
        cmd += ["-cpu", QEMU_CPU]
    cmd += list(extra)
    return _run_interactive(cmd, timeout, replies, monitor, until, marks)


def _send_keys(monitor, keys):
    import socket
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.connect(monitor)
        for line in keys.monitor_lines():
            s.sendall(line.encode())
            time.sleep(0.05)   # one key at a time, as a person would
        time.sleep(0.2)


def _note_marks(seen, out, marks, start):
    for m in marks:
        if m not in seen and m.encode() in out:
            seen[m] = time.monotonic() - start


def _run_interactive(cmd, timeout, replies, monitor=None, until=None, marks=()):
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, cwd=ROOT)
    out = bytearray()
    pending = list(replies)
    screens = {}
    seen = {}
    timed_out = False
    search_from = 0   # a prompt must appear after the point where the last reply was sent
    fd = proc.stdout.fileno()
    while True:
        left = timeout - (time.monotonic() - start)
        if left <= 0:
            timed_out = True
            proc.kill()
            break
        ready, _, _ = select.select([fd], [], [], min(left, 0.5))
        if ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            out += chunk
            _note_marks(seen, out, marks, start)
            while pending:
                at = out.find(pending[0][0].encode(), search_from)
                if at < 0:
                    break
                search_from = at + len(pending[0][0])
                _, data = pending.pop(0)
                if callable(data):
                    data = data(out.decode("latin-1").replace("\r\n", "\n"))
                if isinstance(data, Keys):
                    _send_keys(monitor, data)
                    continue
                if isinstance(data, Screen):
                    screens[data.key] = data.read(monitor)
                    continue
                try:
                    proc.stdin.write(data if isinstance(data, bytes) else data.encode())
                    proc.stdin.flush()
                except BrokenPipeError:
                    pass
            if until and not pending and out.find(until.encode(), search_from) >= 0:
                proc.kill()
                break
        elif proc.poll() is not None:
            break
    code = proc.wait()
    log = out.decode("latin-1").replace("\r\n", "\n")
    boot = Boot(log, code, timed_out, time.monotonic() - start)
    boot.screens = screens
    boot.marks = seen
    return boot


def bochs_boot(iso, timeout=600):
    """Boot an ISO in Bochs, headless, through test/bochs_run.sh; the serial log is the result."""
    serial = iso + ".com1.txt"
    start = time.monotonic()
    try:
        os.unlink(serial)
    except FileNotFoundError:
        pass
    proc = subprocess.run([os.path.join(ROOT, "test", "bochs_run.sh"), iso, serial, str(timeout)],
                          cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          stdin=subprocess.DEVNULL, timeout=timeout + 60)
    log = ""
    if os.path.exists(serial):
        with open(serial, "rb") as f:
            log = f.read().decode("latin-1").replace("\r\n", "\n")
    return Boot(log, proc.returncode, proc.returncode == 124, time.monotonic() - start)


def bochs_session(iso, replies, timeout=300, marks=()):
    """
    Boot an ISO in Bochs with COM1 on a local socket and talk to it: replies
    as for qemu_boot (text to wait for, bytes to send). Ends when Bochs does.
    """
    import socket
    with socket.socket() as probe:               # a free port for Bochs to listen on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    rc = iso + ".rc"
    with open(rc, "w") as f:
        f.write("c\n" * 64)
    log = iso + ".bochs.log"
    cmd = ["timeout", "-k", "5", str(timeout), os.environ.get("BOCHS", "bochs"), "-q", "-f", "bochsrc", "-rc", rc,
           f'ata1-master: type=cdrom, path="{iso}", status=inserted',
           f"com1: enabled=1, mode=socket-server, dev=127.0.0.1:{port}", f'log: "{log}"']
    start = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    conn = None
    while conn is None and proc.poll() is None and time.monotonic() - start < 30:
        try:
            conn = socket.create_connection(("127.0.0.1", port), timeout=1)
        except OSError:
            time.sleep(0.2)
    out = bytearray()
    pending = list(replies)
    seen = {}
    search_from = 0
    if conn:
        conn.settimeout(0.5)
        while time.monotonic() - start < timeout:
            try:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                out += chunk
                _note_marks(seen, out, marks, start)
            except socket.timeout:
                if proc.poll() is not None:
                    break
            while pending:
                at = out.find(pending[0][0].encode(), search_from)
                if at < 0:
                    break
                search_from = at + len(pending[0][0])
                conn.sendall(pending.pop(0)[1].encode())
        conn.close()
    try:
        code = proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        code = proc.wait()
    text = out.decode("latin-1").replace("\r\n", "\n")
    boot = Boot(text, code, time.monotonic() - start >= timeout, time.monotonic() - start)
    boot.marks = seen
    return boot


def make_iso(name, cmdline, initrd=None, kernel=None):
    """A GRUB ISO with the given kernel command line (initrd, default build/initrd.tar; kernel, default make run's), under build/test/."""
    iso = os.path.join(BUILD, "test", name + ".iso")
    os.makedirs(os.path.dirname(iso), exist_ok=True)
    subprocess.run([os.path.join(ROOT, "tools", "mkiso.sh"), iso, kernel or KERNEL, initrd or INITRD, cmdline],
                   cwd=ROOT, check=True)
    return iso


TAP_LINE = re.compile(r"^(not ok|ok) (\d+) - (.*?)(?: # SKIP (.*))?$")
TAP_PLAN = re.compile(r"^1\.\.(\d+)$")


def parse_tap(log):
    """The TAP results in a log: list of (ok, number, name, skip reason), and the plan (or None)."""
    tests, plan = [], None
    for line in log.splitlines():
        m = TAP_LINE.match(line.strip())
        if m:
            tests.append((m.group(1) == "ok", int(m.group(2)), m.group(3), m.group(4)))
            continue
        m = TAP_PLAN.match(line.strip())
        if m:
            plan = int(m.group(1))
    return tests, plan


def report_tap(results, prefix, boot, expect_plan=True):
    """Add one result per guest TAP line, and one for the plan matching the count."""
    tests, plan = parse_tap(boot.log)
    for ok, _, name, skip in tests:
        if skip:
            results.add(f"{prefix}: {name}", True, skip, skipped=True)
        else:
            results.add(f"{prefix}: {name}", ok, "" if ok else boot.tail())
    if expect_plan:
        results.check(f"{prefix}: TAP plan matches ({plan} planned, {len(tests)} run)",
                      plan is not None and plan == len(tests) and plan > 0, boot.tail())
    return tests
