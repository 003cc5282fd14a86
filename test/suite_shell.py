"""
The native shell's language and line editing (issue 25), driven from outside
as a user would: the console is typed BYTE BY BYTE over COM1 (escape
sequences split across reads, 10 ms apart), and on the PS/2 keyboard with the
VGA screen. Each case checks what ran by the programs' own output; each has a
hostile twin so that none of the old misreadings (`[A` run, `[D` inserted,
`&&` passed to a program, `hello;` as a program name) can come back.
"""
import os
import re
import time

from test import harness
from test import run_tests
from test.run_tests import R

ESC = "\x1b"
UP, DOWN, RIGHT, LEFT = ESC + "[A", ESC + "[B", ESC + "[C", ESC + "[D"
SS3_LEFT, SS3_UP = ESC + "OD", ESC + "OA"
HOME, END, DELETE = ESC + "[H", ESC + "[F", ESC + "[3~"
VT_HOME, VT_END, F5, CTRL_RIGHT = ESC + "[1~", ESC + "[4~", ESC + "[15~", ESC + "[1;5C"
CTRL_A, CTRL_E, CTRL_U, CTRL_W, TAB, BEL, INTR = "\x01", "\x05", "\x15", "\x17", "\t", "\x07", "\x03"
HELLO = "hello, world: printed through the write gate"
with open(os.path.join(run_tests.ROOT, "README"), "rb") as _f:
    _README = _f.read()
README_LINES = _README.count(b"\n")
README_WC = f"{README_LINES} {len(_README.split())} {len(_README)}"   # what wc prints for it
ROFS = "EROFS: read-only file system"
KILLED, EXITED = object(), object()   # outputs judged by a pattern


def one_byte(b, pause):
    def send(_log):
        time.sleep(pause)   # apart in time: the guest reads each alone
        return b
    return send


def typed(keys, after="$ ", pause=0.01):
    """Replies that type keys (then CR) one byte at a time once `after` appears."""
    data = (keys + "\r").encode("latin-1")
    return [(after if i == 0 else "", one_byte(data[i:i + 1], pause)) for i in range(len(data))]


# (keys typed at the prompt, the output wanted between that prompt and the next, why)
CASES = [
    ("hello; hello", f"{HELLO}\n{HELLO}\n", "`;` runs both (was: hello;: no such program)"),
    ("hello;hello", f"{HELLO}\n{HELLO}\n", "`;` needs no blanks around it"),
    ("true && hello", f"{HELLO}\n", "&& runs the next after a success (was: && passed to true)"),
    ("false && hello", "", "&& skips the next after a failure"),
    ("false || hello", f"{HELLO}\n", "|| runs the next after a failure"),
    ("true || hello", "", "|| skips the next after a success"),
    ("false && hello || hello", f"{HELLO}\n", "a skipped command keeps the status: false && a || b runs b"),
    ("nosuch && hello", "sh: nosuch: ENOENT: no such file or directory\n", "a program that cannot start is a failure for &&"),
    ("nosuch || hello", f"sh: nosuch: ENOENT: no such file or directory\n{HELLO}\n", "... and for ||"),
    ("misuse gate_plus_1 && hello", KILLED, "a killed command is a failure: && skips"),
    ("misuse gate_plus_1 || hello", KILLED, "... || runs"),
    ("echo 'a  b' \"c  d\"", "a  b c  d\n", "quotes keep blanks"),
    ("echo '&&' \";\" '|' 'x;y'", "&& ; | x;y\n", "quoted operators are words"),
    ("echo \"q\\\"q\" \"b\\\\s\" 'n\\n'", "q\"q b\\s n\\n\n", "backslash in double quotes as POSIX, literal in single"),
    ("echo acd" + LEFT + LEFT + "b", "abcd\n", "Left then typing inserts in the middle (was: [D inserted)"),
    ("echo acd" + SS3_LEFT + SS3_LEFT + "b", "abcd\n", "the ESC O D form of Left"),
    ("echo abd" + LEFT + LEFT + RIGHT + "c", "abcd\n", "Right moves back (was: [C inserted)"),
    ("echo abXc" + LEFT + LEFT + DELETE, "abc\n", "Delete (ESC [ 3 ~) erases under the cursor"),
    ("echo abXc" + LEFT + "\x7f", "abc\n", "Backspace in the middle"),
    ("echo one two" + CTRL_W + "three", "one three\n", "Ctrl-W erases the word before the cursor"),
    ("cho hi" + CTRL_A + "e" + CTRL_E + "!", "hi!\n", "Ctrl-A / Ctrl-E"),
    ("cho hi" + HOME + "e" + END + "!", "hi!\n", "Home / End (ESC [ H, ESC [ F)"),
    ("cho hi" + VT_HOME + "e" + VT_END + "!", "hi!\n", "Home / End (ESC [ 1 ~, ESC [ 4 ~)"),
    ("junk" + CTRL_U + "echo clean", "clean\n", "Ctrl-U erases the line before the cursor"),
    (UP, "", "Up rings the bell and runs nothing (was: [A run)"),
    ("echo x" + UP + DOWN + SS3_UP, "x\n", "Up/Down insert nothing"),
    ("ec" + TAB + "ho tab", "tab\n", "Tab rings the bell and inserts nothing (was: a space)"),
    ("echo ok" + F5 + CTRL_RIGHT + ESC + "x", "ok\n", "unknown sequences are consumed whole"),
    ("hello | cat", f"{HELLO}\n", "a pipe: cat copies what hello wrote"),
    ("echo hi | cat | wc -c", "3\n", "a pipeline of three: 3 bytes reach wc"),
    ("cat README | wc -l", f"{README_WC.split()[0]}\n", "cat README | wc -l counts README's lines"),
    ("< README wc", f"{README_WC}\n", "< before the command: wc reads README from its standard input"),
    ("wc<README", f"{README_WC}\n", "< needs no blanks"),
    ("echo a b | wc -w && echo ok", "2\nok\n", "a pipeline's status is its last command's"),
    ("echo '|' \">\"", "| >\n", "quoted | and > are words"),
    ("hello > f", f"sh: f: {ROFS}\n", "> on the read-only initrd is refused clearly, and hello does not run"),
    ("hello >> f", f"sh: f: {ROFS}\n", ">> is refused the same way"),
    ("hello 2> /f", f"sh: /f: {ROFS}\n", "2> is refused the same way"),
    ("cat < nosuch", "sh: nosuch: ENOENT: no such file or directory\n", "< of a missing file says so; cat does not run"),
    ("hello | nosuch | wc -c", "sh: nosuch: ENOENT: no such file or directory\n0\n",
     "a command of a pipeline that cannot start: the next reads the end of its pipe"),
    ("hello 2>&1", "sh: syntax error: `2>&' (redirection) is not supported by this shell\n", "2>&1 is refused"),
    ("cd /; pwd; cd .; pwd", "/\n/\n", "cd and pwd"),
    ("cd README", "sh: cd: README: ENOTDIR: not a directory\n", "cd to a file is refused"),
    ("cd nosuch", "sh: cd: nosuch: ENOENT: no such file or directory\n", "cd to nothing is refused"),
    ("rm README x", f"rm: README: {ROFS}\nrm: x: {ROFS}\n", "rm says why, for each file"),
    ("mkdir d || rmdir d", f"mkdir: d: {ROFS}\nrmdir: d: {ROFS}\n", "mkdir and rmdir say why, and fail"),
    ("touch README", f"touch: README: {ROFS}\n", "touch says why"),
    ("mv README x", f"mv: README -> x: {ROFS}\n", "mv says why"),
    ("cp README x", f"cp: x: {ROFS}\n", "cp reads, and says why it cannot write"),
    ("cp nosuch x", "cp: nosuch: ENOENT: no such file or directory\n", "cp of a missing file"),
    ("sync && echo synced", "synced\n", "sync succeeds"),
    ("ls -l | wc -l && ls | wc -l", "{n}\n{n}\n", "ls -l lists as many entries as ls"),
    ("echo $(hello)", "sh: syntax error: `$(' (command substitution) is not supported by this shell\n", "$( is refused"),
    ("echo `hello`", "sh: syntax error: ``' (command substitution) is not supported by this shell\n", "backquote"),
    ("hello; echo 'open", "sh: syntax error: unterminated quote: no closing '\n", "an unterminated quote runs nothing of the line"),
    ("&& hello", "sh: syntax error: `&&' with no command before it\n", "&& at the start"),
    ("hello &&", "sh: syntax error: no command after `&&'\n", "&& at the end runs nothing"),
    ("hello;;", "sh: syntax error: `;;' (case) is not supported by this shell\n", ";;"),
    ("hello ; ; hello", "sh: syntax error: `;' with no command before it\n", "; ;"),
    ("ls *", "sh: syntax error: `*' (file name patterns) is not supported by this shell; quote it ('*') to pass it as it is\n",
     "a pattern is refused, not passed on"),
    ("true && exit 9", EXITED, "a builtin in a list"),
]


def sessions(log):
    """(echoed line as typed, output) per prompt, in order; the echo keeps the editor's BS and BEL."""
    parts = re.split(r"(?:^|(?<=\n))\$ ", log)[1:]
    return [tuple(p.split("\n", 1)) if "\n" in p else (p, "") for p in parts]


def judge(p, log, cases):
    got = sessions(log)
    for i, (keys, want, why) in enumerate(cases):
        if i >= len(got):
            R.check(f"{p}: {why}", False, f"no prompt for {keys!r}\n" + log[-2000:])
            continue
        echo, out = got[i]
        out = out.replace(BEL, "")
        if want is KILLED:   # the kernel's report of the kill, then the shell's line
            killed = r"killed: pid \d+ \(misuse\)(.|\n)*\n\[\d+\] misuse killed: call into the middle of a gate page\n"
            ok = re.fullmatch(killed + ("" if "&&" in keys else re.escape(HELLO) + "\n"), out)
        elif want is EXITED:
            ok = out.startswith("exit: pid 1 (sh) status 9\n")
        elif "{n}" in want:   # the same number twice, whatever it is
            ok = re.fullmatch(r"(\d+)\n\1\n", out) is not None
        else:
            ok = out == want
        R.check(f"{p}: {why}: {keys!r}", ok, f"echo {echo!r}\noutput {out!r}\nwant {want!r}")
        refused = any(k in keys for k in (UP, DOWN, TAB, F5, SS3_UP))
        R.check(f"{p}: ... the bell {'rang' if refused else 'stayed quiet'}: {keys!r}",
                (BEL in echo) == refused, repr(echo))
        R.check(f"{p}: ... the terminal never saw an escape byte: {keys!r}", ESC not in echo, repr(echo))


@run_tests.test
def qemu_shell_language_bytewise():
    replies = []
    for keys, _, _ in CASES:
        replies += typed(keys)
    b = harness.qemu_boot("init=sh testexit", mem_mb=32, timeout=180, replies=replies)
    p = "qemu shell, typed byte by byte"
    judge(p, b.log, CASES)
    R.check(f"{p}: `true && exit 9` ended the shell with 9", b.has("exit: pid 1 (sh) status 9"), b.tail())
    R.check(f"{p}: no line ever ran an escape's letters", not re.search(r"sh: \S*[\[~]\S*: ENOENT", b.log), b.tail())


@run_tests.test
def qemu_shell_language_burst():
    """The same lines sent in one write each (a paste): the editor cannot rely on timing."""
    replies = [("$ ", keys + "\r") for keys, _, _ in CASES]
    b = harness.qemu_boot("init=sh testexit", mem_mb=32, timeout=180, replies=replies)
    judge("qemu shell, pasted", b.log, CASES)


@run_tests.test
def qemu_shell_lists_and_jobs():
    """& still backgrounds; ^C stops the whole line, not only its program."""
    replies = typed("spin 300 & hello") + typed("wait") + typed("spin 100000; hello") + [("250 ms", INTR)] + \
        typed("echo after") + typed("exit")
    b = harness.qemu_boot("init=sh testexit", mem_mb=32, timeout=120, replies=replies)
    p = "qemu shell lists and jobs"
    R.check(f"{p}: `spin 300 & hello`: the job starts, hello runs at once",
            re.search(r"\$ spin 300 & hello\n\[\d+\]\n" + re.escape(HELLO) + "\n", b.log), b.tail())
    R.check(f"{p}: ... and the job ends by itself", re.search(r"^\[\d+\] spin exit 0$", b.log, re.M), b.tail())
    R.check(f"{p}: ^C in `spin; hello` stops the line: hello never runs",
            re.search(r"\[\d+\] spin killed by \^C\n\$ echo after\nafter\n", b.log) and b.log.count(HELLO) == 1, b.tail())
    run_tests.check_exit(p, b)


class KeyNames(harness.Keys):
    """Keys given by QEMU sendkey names (left, up, delete...), one at a time."""

    def __init__(self, *names):
        super().__init__("")
        self.names = names

    def monitor_lines(self):
        for n in self.names:
            yield f"sendkey {n}\n"


def spelled(text):
    return [harness.Keys.NAMES.get(c, c) for c in text]


@run_tests.test
def qemu_shell_keyboard_editing():
    """The PS/2 keyboard's arrows, Home, End, Delete send what a serial terminal does; the VGA screen shows the edit."""
    K = KeyNames
    replies = [("$ ", K(*spelled("echo acd"), "left", "left", "b", "ret")),
               ("abcd", K("up", "down", "tab", "ret")),
               ("$ ", K(*spelled("cho xhi"), "home", "e", "end", "left", "left", "left", "delete", "ret")),
               ("hi\r", K(*spelled("hello"), "ctrl-w", *spelled("echo wd"), "ret")),
               ("wd\r", harness.Screen("edit")), ("", K(*spelled("exit"), "ret"))]
    b = harness.qemu_boot("init=sh testexit", mem_mb=32, timeout=120, replies=replies)
    p = "qemu shell keyboard editing (VGA)"
    screen = b.screens.get("edit", "")
    R.check(f"{p}: Left, Left, b inserts in the middle; the screen shows the line as run",
            "$ echo abcd\nabcd\n" in screen, screen)
    R.check(f"{p}: Up, Down, Tab insert nothing and run nothing", re.search(r"\nabcd\n\$ *\n\$ echo hi", screen), screen)
    R.check(f"{p}: ... and ring the bell (on COM1)", re.search(r"\nabcd\n\$ \x07\x07\x07\n", b.log), b.tail())
    R.check(f"{p}: Home, End, Delete", "$ echo hi\nhi\n" in screen, screen)
    R.check(f"{p}: Ctrl-W", "$ echo wd\nwd" in screen and "hello, world" not in screen, screen)
    run_tests.check_exit(p, b)


@run_tests.test
def bochs_shell_editing():
    """Byte by byte over COM1 in Bochs, whose UART takes emulated time per byte."""
    cases = [c for c in CASES if c[0] in ("hello; hello", "false && hello", "false || hello", "echo 'a  b' \"c  d\"",
                                          "echo acd" + LEFT + LEFT + "b", UP, "echo one two" + CTRL_W + "three",
                                          "hello | cat", "echo hi | cat | wc -c", "hello > f")]
    replies = []
    for keys, _, _ in cases:
        replies += typed(keys, pause=0.02)
    replies += typed("exit")
    iso = harness.make_iso("bochs-shell-editing", "init=sh testexit")
    b = harness.bochs_session(iso, replies, timeout=400)
    p = "bochs shell editing"
    judge(p, b.log, cases)
    R.check(f"{p}: test exit PASS in {b.seconds:.0f}s", b.has("machine: test exit PASS"), b.tail())
