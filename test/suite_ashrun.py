"""
make run's shell is busybox's ash (issue 28): typed into over COM1, byte by
byte, in make run's setup (QEMU, init=/bin/sh from a copy of build/disk.img),
as a user would:

- the console is ash's controlling terminal (a kernel-started program leads
  a session that holds it): job control is on (no "can't access tty"), ^Z
  stops the foreground job, fg and bg resume it, ^C ends it, kill -STOP
  stops a background one; /dev/tty is the console, -ENXIO after setsid;
- ash's line editing over serial: history (Up), Backspace (DEL), Left;
- the applets of issue 28's list, each line's output as Linux's busybox
  prints it (the non-interactive ones also run on Debian's Linux in
  test/linux_abi/sh-*.sh); vi edits a file the host reads with debugfs;
  more and less show one;
- with no disk (the ISO alone) /bin/sh cannot start: the kernel says so
  and the native shell answers instead;
- a session leader's exit hangs the console up: its foreground group gets
  SIGHUP (a run= script whose background child traps it).

ash asks the terminal where its cursor is (ESC[6n) after each prompt, as it
does on Linux's serial console; nobody answers here and ash goes on (it
never waits for the answer): the query is taken out before judging.
Applets that do not work yet are listed in docs/design.md (issue 28's
section), not here.
"""
import os
import re

from test import harness
from test import suite_shell
from test.run_tests import R, check_exit, test
from test.suite_progpath import have_busybox

CURSOR_QUERY = "\x1b[6n"
INTR, SUSP, DEL, UP, LEFT = "\x03", "\x1a", "\x7f", "\x1b[A", "\x1b[D"
PROMPT = re.compile(r"(?:^|(?<=\n))(?:\r?[^\n#]*\r)?(/[^\n #]*) # ")

# (typed at ash's prompt, what it prints before the next prompt): Linux's busybox 1.35 prints the same.
APPLETS = [
    ("echo hi | wc -c", "3\n"),
    ("printf '%s-%d\\n' a 5", "a-5\n"),
    ("for i in 1 2 3; do echo n$i; done", "n1\nn2\nn3\n"),
    ("f() { echo fn $1; }; f x", "fn x\n"),
    ("echo $(seq 3) `echo bq`", "1 2 3 bq\n"),
    ("trap 'echo trapped' USR1; kill -USR1 $$", "trapped\n"),
    ("mkdir /tmp/w && cd /tmp/w", ""),
    ("printf 'b\\na\\nb\\nc\\n' > f; sort f | uniq", "a\nb\nc\n"),
    ("grep -c b f", "2\n"),
    ("sed s/b/B/ f | head -2", "B\na\n"),
    ("awk '{n++} END {print n}' f", "4\n"),
    ("tail -1 f", "c\n"),
    ("echo a:b:c | cut -d: -f2", "b\n"),
    ("echo abc | tr a-c A-C", "ABC\n"),
    ("cp f g; mv g h; ls", "f  h\n"),
    ("ln h l; ls -l l | awk '{print $1, $2, $5, $9}'", "-rw-r--r-- 2 8 l\n"),
    ("rm l h; ls", "f\n"),
    ("mkdir d; rmdir d; test -d d || echo gone", "gone\n"),
    ("find . -name f", "./f\n"),
    ("echo f | xargs cat | wc -l", "4\n"),
    ("echo x | tee u; cat u", "x\nx\n"),
    ("test -s u && echo nonempty", "nonempty\n"),
    ("expr 6 \\* 7", "42\n"),
    ("sleep 1; echo slept", "slept\n"),
    ("env | grep -c ^PWD=", "1\n"),
    ("free | head -1 | awk '{print $1}'", "total\n"),
    ("gzip -c f > f.gz && gunzip -c f.gz | cmp - f && echo same", "same\n"),
    ("echo hi | md5sum", "764efa883dda1e11db47671c4a3bbd9e  -\n"),
    ("echo hi | sha256sum", "98ea6e4f216f2fb4b69fff9b3a44842c38686ca685f3f55dc48c5d3fb1107be4  -\n"),
    ("tar cf a.tar f u && tar tf a.tar", "f\nu\n"),
    ("diff f f && echo nodiff", "nodiff\n"),
    ("echo 1 > d1; echo 2 > d2; diff d1 d2 | tail -2", "-1\n+2\n"),
    ("dd if=f bs=2 count=1 2>/dev/null", "b\n"),
    ("echo AB | od -An -tx1", " 41 42 0a\n"),
    ("echo AB | hexdump -C | head -1", "00000000  41 42 0a                                          |AB.|\n"),
    ("uname -s", "Linux\n"),
    ("id", "uid=0(root) gid=0(root)\n"),
    ("cd /; echo back", "back\n"),
]


def transcript(log):
    """[(cwd, typed line as echoed, output)] per prompt, the cursor queries and CRs taken out."""
    text = log.replace(CURSOR_QUERY, "").replace("\r\n", "\n")
    marks = list(PROMPT.finditer(text))
    out = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        body = text[m.end():end]
        line, _, rest = body.partition("\n")
        out.append((m.group(1), line, rest))
    return out


def boot_ash(name, lines, extra=(), timeout=240, disk=True):
    """Boot make run's shell on a disk copy and type lines at its prompts (then /native/poweroff)."""
    img = harness.disk_copy(name) if disk else None
    replies = []
    for line in lines:
        replies += line if isinstance(line, list) else suite_shell.typed(line, after="# ")
    replies += list(extra) + suite_shell.typed("/native/poweroff", after="# ")
    return harness.qemu_boot("init=/bin/sh", mem_mb=64, timeout=timeout, replies=replies, disk=img), img


@test
def qemu_ash_applets():
    """Issue 28's applets in ash, typed at make run's prompt: each line's output as on Linux."""
    p = "ash applets"
    if not have_busybox(p):
        return
    b, img = boot_ash("ash-applets", [typed for typed, _ in APPLETS])
    got = transcript(b.log)
    for i, (typed, want) in enumerate(APPLETS):
        out = got[i][2] if i < len(got) else None
        R.check(f"{p}: `{typed}` prints {want!r}", out == want, f"got {out!r}\n{b.tail()}")
    R.check(f"{p}: cd moves the prompt's directory", any(cwd == "/tmp/w" for cwd, _, _ in got), b.tail())
    R.check(f"{p}: /native/poweroff turns the machine off", b.has("machine: power off") and not b.timed_out, b.tail())
    harness.disk_checked(R, p, img)
    out = harness.e2tool("debugfs", "-R", "cat /tmp/w/u", img, data=True)[1]
    R.check(f"{p}: debugfs reads tee's file", out == b"x\n", repr(out))


@test
def qemu_ash_job_control():
    """The console is ash's controlling terminal: job control with ^Z, fg, bg, ^C; /dev/tty; line editing."""
    p = "ash job control"
    if not have_busybox(p):
        return
    t = suite_shell.typed
    lines = [
        "set -o | grep monitor",
        "echo one", t(UP, after="# "),                       # history: echo one again
        "echo abX" + DEL + "c",                              # Backspace is DEL, as a Linux console's
        "echo wxz" + LEFT + LEFT + "y",                      # Left, then insert
        t("cat", after="# ") + t("ping", after="cat") + [("ping\r\nping", SUSP)],   # ^Z stops the foreground cat
        "jobs",
        t("fg", after="# ") + t("pong", after="cat") + [("pong\r\npong", INTR)],    # fg resumes it, ^C ends it
        "echo status $?",
        "sleep 60 &",
        "kill -STOP %1",
        "echo stopped",
        "bg %1",
        "kill %1; wait",
        "echo y > /dev/tty",
        # sh -c's child is no group leader, so setsid makes its session without forking, and sh waits for it.
        "sh -c \"setsid sh -c 'echo x > /dev/tty'; echo after\"",
        "tty",
        [("# ", "echo burst\r")],   # a line in one burst: ash reads a byte at a time, poll must see the rest
    ]
    b, _ = boot_ash("ash-jobs", lines)
    got = transcript(b.log)
    outs = [out for _, _, out in got]
    echoed = [line for _, line, _ in got]
    R.check(f"{p}: no \"can't access tty\" (job control on)", "can't access tty" not in b.log, b.tail())
    R.check(f"{p}: set -o says monitor on", outs[:1] == ["monitor         on\n"], b.tail())
    R.check(f"{p}: Up brings back the last line", len(outs) > 2 and outs[2] == "one\n", b.tail())
    R.check(f"{p}: Backspace (DEL) erases", len(outs) > 3 and outs[3] == "abc\n", repr(echoed[3:4]))
    R.check(f"{p}: Left moves back to insert", len(outs) > 4 and outs[4] == "wyxz\n", repr(echoed[4:5]))
    R.check(f"{p}: ^Z stops the foreground job", len(outs) > 5 and "[1]+  Stopped                    cat" in outs[5],
            b.tail())
    R.check(f"{p}: jobs lists it stopped", len(outs) > 6 and "Stopped" in outs[6], b.tail())
    R.check(f"{p}: ^C ends the job fg resumed; $? is 130", len(outs) > 8 and outs[8] == "status 130\n", b.tail())
    rest = "".join(outs[9:])
    R.check(f"{p}: kill -STOP stops a background job", "Stopped (signal)           sleep 60" in rest, rest)
    R.check(f"{p}: bg continues it, kill ends it", "\n[1] sleep 60\n" in rest
            and "Terminated                 sleep 60" in rest, rest)
    R.check(f"{p}: /dev/tty is the console", "\ny\n" in "\n" + rest, rest)
    R.check(f"{p}: after setsid /dev/tty is ENXIO",
            "sh: can't create /dev/tty: No such device or address\nafter\n" in rest, rest)
    R.check(f"{p}: a line sent in one burst runs (poll sees the bytes a 1-byte read left)",
            "\nburst\n" in "\n" + rest, rest)
    R.check(f"{p}: /native/poweroff turns the machine off", b.has("machine: power off") and not b.timed_out, b.tail())


# ps, top, tty, date, touch, mkfifo (issue 28's applets that read /proc and the clocks), typed at ash's prompt.
PROC_LINES = [
    "tty",
    "readlink /proc/self/fd/0",
    "echo | readlink /proc/self/fd/0 | cut -c1-6",
    "ls /proc/self/fd | sort -n | head -3",
    "ps",
    "top -b -n 1 | head -4",
    "date +%Y",
    "touch -t 200102030405 /tmp/t2 && date -r /tmp/t2 +%Y%m%d%H%M",
    "mkfifo /tmp/ff; echo rc=$?",
    "head -1 /proc/stat | awk '{print $1, NF}'",
    "awk '{print NF}' /proc/loadavg",
]


@test
def qemu_ash_proc_applets():
    """ps, top (batch and typed q), tty, date, touch -t, mkfifo in ash: Linux's busybox's output structure."""
    p = "ash proc applets"
    if not have_busybox(p):
        return
    t = suite_shell.typed
    b, img = boot_ash("ash-proc", PROC_LINES + [t("top", after="# ") + [("Load average", "q")], "echo after top"])
    got = transcript(b.log)
    outs = [out for _, _, out in got]

    def out(i):
        return outs[i] if i < len(outs) else None
    R.check(f"{p}: tty names the console (readlink of /proc/self/fd/0, its stat matching fstat's)",
            out(0) == "/dev/console\n", b.tail())
    R.check(f"{p}: /proc/self/fd/0 links to /dev/console", out(1) == "/dev/console\n", b.tail())
    R.check(f"{p}: a pipe's link is pipe:[N]", out(2) == "pipe:[\n", b.tail())
    R.check(f"{p}: /proc/self/fd lists the open descriptors", out(3) == "0\n1\n2\n", repr(out(3)))
    # Debian's busybox has no FEATURE_PS_TIME: PID USER COMMAND, as on Linux; its own fork is named by prctl.
    ps = (out(4) or "").split("\n")
    R.check(f"{p}: ps prints Linux's busybox header", ps[0] == "PID   USER     COMMAND", repr(out(4)))
    R.check(f"{p}: ps shows init's argv and the forked applet as {{ps}} (prctl PR_SET_NAME)",
            re.fullmatch(r" +1 root +/bin/sh", ps[1] if len(ps) > 1 else "") is not None
            and any(re.fullmatch(r" +\d+ root +\{ps\} /bin/sh", line) for line in ps), repr(out(4)))
    top = (out(5) or "").split("\n")
    R.check(f"{p}: top -b draws Mem, CPU (from /proc/stat), Load average (/proc/loadavg), the table",
            len(top) > 3 and top[0].startswith("Mem: ") and top[1].startswith("CPU: ")
            and top[2].startswith("Load average: 0.00 0.00 0.00 ") and top[3].split()[:2] == ["PID", "PPID"], repr(out(5)))
    R.check(f"{p}: date prints this year, not 1970", (out(6) or "").strip().isdigit() and int(out(6)) >= 2024, repr(out(6)))
    R.check(f"{p}: touch -t sets the time date -r reads", out(7) == "200102030405\n", repr(out(7)))
    R.check(f"{p}: mkfifo is refused with EPERM (no named pipes)",
            out(8) == "mkfifo: /tmp/ff: Operation not permitted\nrc=1\n", repr(out(8)))
    R.check(f"{p}: /proc/stat's cpu line has Linux's 10 counters", out(9) == "cpu 11\n", repr(out(9)))
    R.check(f"{p}: /proc/loadavg has Linux's 5 fields", out(10) == "5\n", repr(out(10)))
    R.check(f"{p}: top draws, and q typed quits it", "\nafter top\n" in "".join(outs[11:]), b.tail())
    R.check(f"{p}: /native/poweroff turns the machine off", b.has("machine: power off") and not b.timed_out, b.tail())
    harness.disk_checked(R, p, img)


@test
def qemu_ash_screen_applets():
    """vi edits a file (the host reads it back with debugfs); more and less show one."""
    p = "ash vi, more, less"
    if not have_busybox(p):
        return
    t = suite_shell.typed
    lines = [
        "printf 'l%s\\n' 1 2 3 > /tmp/m; more /tmp/m",
        t("less /tmp/m", after="# ") + [("l3", "q")],
        # ":wq" once vi is back in command mode (its status line says the buffer changed): the text itself may
        # be drawn a key at a time, the blank as a cursor move, so "hello vi" need not appear on the line.
        t("vi /tmp/v.txt", after="# ") + [("~", "ihello vi\x1b"), ("[Modified]", ":wq\r")],
        "cat /tmp/v.txt",
    ]
    b, img = boot_ash("ash-screen", lines)
    text = b.log.replace(CURSOR_QUERY, "").replace("\r\n", "\n")   # full-screen output: no line-wise transcript
    R.check(f"{p}: more prints the file", "more /tmp/m\nl1\nl2\nl3\n" in text, b.tail())
    R.check(f"{p}: less shows it and its name, q quits", re.search(r"less /tmp/m\n.*l3.*\x1b\[7m/tmp/m.*# vi", text, re.S),
            b.tail())
    R.check(f"{p}: vi writes the file", "'/tmp/v.txt' 1L, 9C" in text, b.tail())
    R.check(f"{p}: cat reads it", "cat /tmp/v.txt\nhello vi\n" in text, b.tail())
    R.check(f"{p}: /native/poweroff turns the machine off", b.has("machine: power off") and not b.timed_out, b.tail())
    harness.disk_checked(R, p, img)
    out = harness.e2tool("debugfs", "-R", "cat /tmp/v.txt", img, data=True)[1]
    R.check(f"{p}: debugfs reads what vi wrote", out == b"hello vi\n", repr(out))


@test
def qemu_ash_fallback_without_disk():
    """make run's init=/bin/sh with no disk (the ISO alone): the kernel says so and starts the native shell."""
    p = "make run's shell without a disk"
    b = harness.qemu_boot("init=/bin/sh", mem_mb=64, timeout=60, replies=[("$ ", "echo native\r")], until="native\n$ ")
    R.check(f"{p}: the boot says /bin/sh cannot start", b.has("boot: /bin/sh cannot start; the native shell instead"),
            b.tail())
    R.check(f"{p}: the native shell starts and answers", b.has("pfgate shell") and b.has("\nnative\n"), b.tail())


HUP_SCRIPT = """\
(trap 'echo child got HUP > /tmp/got; exit' HUP; echo > /tmp/ready; while :; do sleep 1; done) &
until [ -s /tmp/ready ]; do sleep 1; done
echo leader exits
"""


@test
def qemu_ash_hangup():
    """A kernel-started session leader (a run= program) exits: its foreground group gets SIGHUP (and SIGCONT)."""
    p = "console hang-up"
    if not have_busybox(p):
        return
    img = harness.disk_copy("ash-hangup")
    local = os.path.join(harness.BUILD, "test", "ash-hangup.sh")
    with open(local, "w") as f:
        f.write(HUP_SCRIPT)
    code, out = harness.e2tool("debugfs", "-w", "-R", f"write {local} /tmp/hup.sh", img)
    R.check(f"{p}: debugfs puts the script on the disk", code == 0, out)
    # Without the hang-up the child loops forever: the run never gets to cat and times out.
    b = harness.qemu_boot("run=/bin/sh:/tmp/hup.sh,/bin/cat:/tmp/got testexit", mem_mb=64, timeout=120, disk=img)
    R.check(f"{p}: the leader exits, its child traps the SIGHUP", b.has("leader exits\n") and b.has("child got HUP\n"),
            b.tail())
    check_exit(p, b)
