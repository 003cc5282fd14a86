"""
termios on the console (issue 28), from outside: user/linux/lxtermios, a
stock glibc -static program, typed at over the serial line after each of its
"@@type NAME" lines. It starts cooked (Linux's defaults); a canonical read
takes a line with erase (DEL) and kill (^U) and echoes it; ^D on an empty
line is end of file; TCSETSF drops a line read in part; raw (no ICANON, ECHO, ISIG, ICRNL; VMIN 1, VTIME 0)
gives CR and ^C as bytes, byte by byte, without a kill; VMIN 0 VTIME 0
returns at once; TCSAFLUSH restores; the size, the foreground group (a stub
that keeps the pid) and -ENOTTY off the console.

Not on the reference Linux: its boot runs the cases with stdin at end of
file (test/linux_abi/run.sh), with no one to type at its console.
"""
from test import harness
from test import suite_shell
from test.run_tests import R, check_exit, test

TYPED = [("@@type line", "hellp\x7fo\r"), ("@@type kill", "junk\x15ok\r"), ("@@type two", "a\rb\r"),
         ("@@type eof", "\x04"), ("@@type long", "abcdefgh\r"), ("@@type after", "x\r"), ("@@type raw", "x\r\x03")]
WANT = [
    ("starts cooked (Linux's defaults)", "cooked: icanon 1 echo 1 isig 1 icrnl 1 vmin 1 vtime 0 verase 7f"),
    ("a canonical read takes the line with DEL's erase, CR as NL", "canonical: 6 [68 65 6c 6c 6f 0a]"),
    ("the line was echoed, the erase as backspace-space-backspace", "hellp\b \bo\n"),
    ("^U kills the line typed so far", "after kill: 3 [6f 6b 0a]"),
    ("a read returns one line at a time: the first of two typed at once", "first of two lines: 2 [61 0a]"),
    ("... then the second", "second of two lines: 2 [62 0a]"),
    ("^D on an empty line is end of file", "end of file: 0 []"),
    ("a read of 2 takes 2 of a line", "two bytes of a long line: 2 [61 62]"),
    ("TCSETSF (TCSAFLUSH) drops the rest of the line", "after the flush: 2 [78 0a]"),
    ("raw: a byte at a time", "raw byte: 1 [78]"),
    ("raw without ICRNL: CR stays CR", "raw byte: 1 [0d]"),
    ("raw without ISIG: ^C is a byte, not a kill", "raw byte: 1 [03]"),
    ("raw input is not echoed", "@@type raw\nraw byte"),
    ("VMIN 0 VTIME 0 returns at once", "VMIN 0 VTIME 0 with nothing typed: 0 []"),
    ("TCSAFLUSH restores what TCGETS gave", "restored: yes"),
    ("TIOCGWINSZ: 25 rows of 80", "TIOCGWINSZ: 0 rows 25 cols 80"),
    ("TIOCSPGRP names its own group", "tcsetpgrp to its own group: 0"),
    ("TIOCGPGRP then answers that group", "then tcgetpgrp is its group: yes"),
    ("termios off the console is ENOTTY", "tcgetattr on /dev/null: -1 ENOTTY"),
]


def judge(p, b, foreground):
    """foreground: what TIOCGPGRP answers first (the kernel's foreground group, as Linux's)."""
    R.check(f"{p}: TIOCGPGRP at first: {foreground}", b.has(f"tcgetpgrp: {foreground}"), b.tail())
    for what, text in WANT:
        R.check(f"{p}: {what}", b.has(text), b.tail())
    R.check(f"{p}: lxtermios ran to its end", b.has("lxtermios: done"), b.tail())


@test
def qemu_termios_console():
    p = "qemu termios"
    b = harness.qemu_boot("run=lxtermios testexit", mem_mb=64, timeout=120, replies=TYPED)
    judge(p, b, "its own group")   # started by the kernel: a session leader, the console its terminal, its group the foreground
    R.check(f"{p}: exits 0", b.has("exit: pid 1 (lxtermios) status 0"), b.tail())
    check_exit(p, b)


@test
def qemu_termios_under_the_shell():
    """The same from the native shell, which makes it the foreground: ^C in raw mode (ISIG off) must not kill it."""
    p = "qemu termios (the shell's foreground)"
    b = harness.qemu_boot("init=sh", mem_mb=64, timeout=120, replies=suite_shell.typed("lxtermios") + TYPED,
                          until="lxtermios: done")
    judge(p, b, "its own group")   # the shell made its job the foreground
    R.check(f"{p}: not killed by the ^C typed in raw mode", not b.has("killed"), b.tail())
