"""
A long call never holds the CPU (arch/long_work.h): long kernel work runs
in pieces, and between two the process gives the CPU up when its slice is
used up and stops when it has been killed.

- QEMU: one 1 MiB console write while a sibling sleeps 100 ms; the sibling
  wakes within three ticks of its time (before: after the whole write, 7-9 s),
  and every byte of the write comes out once, in order.
- QEMU + gdb: ^C while the write draws (the machine stands, the UART holds
  the ^C): the writer commits at most the piece it was in, then exits; what
  it queued before is all sent once, the prompt comes back. Without the kill
  check at the point it would write on until its slice ends.
- QEMU + gdb: a read of a 512 KiB file, one long copy, reaches the point  (abi-ok: a file size)
  between every two of its 64 KiB pieces; spawn's loader pauses after each
  page it makes.
- Bochs (make bench's kernel): one copyin of 16 MiB (about 85 ms, no UART)
  while a sibling sleeps 30 ms: it wakes within three ticks (without the
  copy's points, after the copy: about 60 ms late).
"""
import os
import re

from test import harness
from test import run_tests
from test import suite_jobs
from test.run_tests import R
from tools.launch import gdb_boot

BIG_LINE = 64
BIG_WRITE = 1 << 20          # hostilecase big_write's default: 1 MiB in one call
WRITTEN = f"# big_write: wrote {BIG_WRITE} of {BIG_WRITE} bytes"
SLEEPER = re.compile(r"<sleeper woke (\d+) ms late>")
SLEEPER_LATE_MAX_MS = 30     # three ticks (hostilecase.c SLEEPER_LATE_MAX)
PIECE = 64 << 10             # UACCESS_PIECE, lib/params.h


def stream_line(i):
    """Line i of hostilecase's big_write stream (stream_line in hostilecase.c)."""
    return f"W{i:07d} " + "".join(chr(ord("a") + (i + k) % 26) for k in range(9, BIG_LINE - 1)) + "\n"


def stream_prefix(log):
    """
    (lines, partial, clean): how many whole lines of the stream the log holds
    from its first line on, in order (the sleeper's note taken out), whether
    the text after them is a proper prefix of the next line, and whether no
    line of the stream shows up again after that (nothing repeated).
    """
    text = SLEEPER.sub("", log)
    at = text.find(stream_line(0))
    if at < 0:
        return 0, False, True
    i = 0
    while text.startswith(stream_line(i), at):
        at += BIG_LINE
        i += 1
    rest = text[at:]
    nxt = stream_line(i)
    k = 0
    while k < len(rest) and k < BIG_LINE and rest[k] == nxt[k]:
        k += 1
    clean = not re.search(r"W\d{7} [a-z]{8}", rest[k:])
    return i, k < BIG_LINE, clean


@run_tests.test
def qemu_long_write_sibling():
    p = "qemu: a 1 MiB console write while a sibling sleeps 100 ms"
    b = harness.qemu_boot("run=hostilecase:big_write_sibling testexit", timeout=120)
    m = SLEEPER.search(b.log)
    R.check(f"{p}: the sibling woke within three ticks ({m.group(1) + ' ms late' if m else 'no report'})",
            m and int(m.group(1)) <= SLEEPER_LATE_MAX_MS, b.tail())
    lines, _, clean = stream_prefix(b.log)
    R.check(f"{p}: the sibling woke in the middle of the write",
            m and b.log.find(stream_line(0)) < m.start() < b.log.find(stream_line(lines - 1) if lines else "\0"),
            b.tail())
    R.check(f"{p}: every byte of the write came out once, in order ({lines} of {BIG_WRITE // BIG_LINE} lines)",
            lines == BIG_WRITE // BIG_LINE and clean and b.has(WRITTEN),
            b.tail())
    R.check(f"{p}: test exit PASS in {b.seconds:.0f}s", b.has("machine: test exit PASS") and not b.timed_out,
            f"code {b.code}\n{b.tail()}")


# After the ^C: count the writer's published pieces (serial_tx_commit) until it
# exits, and the ticks that took; give up counting at COMMITS_CAP.
COMMITS_CAP = 400
SKIP_BYTES = 4 << 10    # the writer draws this many bytes before gdb stops it
# At the stop in vga_putc, before anything runs on: where VGA's cursor stands in
# the stream. Each stream line starts a screen row (64 columns of 80), so the
# row above the cursor holds the last whole line drawn (its number after the W)
# and the cursor's column the bytes of the next one drawn so far.
WHERE_ON_SCREEN = r"""
grid_row = int(gdb.parse_and_eval("'vga.c'::grid.row"))
grid_cols = int(gdb.parse_and_eval("'vga.c'::grid.cols"))
screen = gdb.parse_and_eval("'vga.c'::screen")
above = "".join(chr(int(screen[(grid_row - 1) * grid_cols + i]) & 0xFF) for i in range(8))
check("line_above", int(above[1:]) if grid_row > 0 and above[0] == "W" and above[1:].isdigit() else -1)
check("col", int(gdb.parse_and_eval("'vga.c'::grid.col")))
"""
COUNT_UNTIL_EXIT = r"""
gdb.execute("delete")
same = '$_streq(cpu0.current->name, "@PROGRAM@")'
gdb.execute("break serial_tx_commit if " + same)
gdb.execute("break proc_exit if " + same)
t0 = int(gdb.parse_and_eval("'pit.c'::ticks"))
commits = 0
while commits <= @CAP@:
    gdb.execute("continue")
    if gdb.selected_frame().name() != "serial_tx_commit":
        break
    commits += 1
check("commits_after_intr", commits)
check("ticks_to_exit", int(gdb.parse_and_eval("'pit.c'::ticks")) - t0)
""".replace("@CAP@", str(COMMITS_CAP)) + gdb_boot.RUN_TO_END


@run_tests.test
def gdb_ctrl_c_in_long_write():
    p = "^C while a 1 MiB console write draws (gdb on QEMU)"
    log, got, passed, tail = suite_jobs.ctrl_c_in_window("long-write", "vga_putc", "hostilecase",
                                                         "hostilecase big_write", seconds=60, ignore=SKIP_BYTES,
                                                         after=WHERE_ON_SCREEN + COUNT_UNTIL_EXIT)
    R.check(f"{p}: gdb stopped while hostilecase drew its write, interrupts on, and ^C sent",
            got.get("stopped_in") == "vga_putc" and got.get("program") == "hostilecase"
            and got.get("interrupts_on") == "1" and got.get("sent") == "1", tail)
    R.check(f"{p}: the writer published at most the piece it was in, then exited "
            f"({got.get('commits_after_intr', '?')} pieces, {got.get('ticks_to_exit', '?')} ticks)",
            got.get("commits_after_intr") in ("0", "1") and got.get("ticks_to_exit") in ("0", "1"), tail)
    lines, partial, clean = stream_prefix(log)
    # The stream's bytes drawn before the stop, read off the screen (WHERE_ON_SCREEN): gdb's SKIP_BYTES
    # hits of vga_putc also count what VGA drew for this process before the stream (the prelude).
    line_above, col = int(got.get("line_above", -1)), int(got.get("col", -1))
    drawn = (line_above + 1) * BIG_LINE + col
    prelude = SKIP_BYTES - drawn
    R.check(f"{p}: gdb stopped inside the stream ({drawn} of its bytes drawn, {prelude} before it)",
            line_above >= 0 and 0 <= col < BIG_LINE and 0 <= prelude < SKIP_BYTES, tail)
    # The piece being drawn at the stop (at most CONSOLE_FEED_EVERY bytes, those drawn of it included) was
    # published whole (one commit after the ^C) or not at all (none): the serial has exactly the lines
    # before that piece's start or end.
    feed = run_tests.ABI.params["CONSOLE_FEED_EVERY"]
    if got.get("commits_after_intr") == "1":
        lo, hi = (drawn + 1) // BIG_LINE, (drawn + feed) // BIG_LINE
    else:
        lo, hi = (drawn - feed + 1) // BIG_LINE, drawn // BIG_LINE
    R.check(f"{p}: what it queued came out once, in order, and stopped there ({lines} lines, {lo} to {hi} expected)",
            line_above >= 0 and lo <= lines <= hi and partial and clean and "# big_write: wrote" not in log, tail)
    R.check(f"{p}: the shell says it was killed by ^C and its prompt comes back",
            re.search(r"\[\d+\] hostilecase killed by \^C", log) and "$ ps" in log, tail)
    after = log.split("$ ps", 1)[-1].split("$ exit", 1)[0]
    R.check(f"{p}: ps then shows only sh and ps", re.findall(r"^\s*\d+\s+\d+\s+\w+\s+\d+\s+\S+\s+(\S+)$", after, re.M)
            == ["sh", "ps"], tail)
    R.check(f"{p}: the shell exits and the machine passes", passed, tail)


# gdb on QEMU: stop at START in the named program, then count the calls of each
# COUNTED function made from CALLER, until STOP is reached in the same program.
COUNT_CALLS = gdb_boot.CONNECT + r"""
same = 'cpu0.current != 0 && $_streq(cpu0.current->name, "@PROGRAM@")'
gdb.execute("break @START@ if " + same)
gdb.execute("continue")
for name, expr in @EVALS@:
    check(name, int(gdb.parse_and_eval(expr)))
gdb.execute("delete")
counts = {f: 0 for f in @COUNTED@}
for f in counts:
    gdb.execute(f"break {f} if " + same)
gdb.execute("break @STOP@ if " + same)
for _ in range(1000):
    gdb.execute("continue")
    frame = gdb.selected_frame()
    if frame.name() not in counts:
        break
    counts[frame.name()] += frame.older().name() == "@CALLER@"
for f, n in counts.items():
    check(f, n)
""" + gdb_boot.RUN_TO_END


def count_calls(tag, append, program, start, counted, caller, stop, evals=()):
    """Boot APPEND under QEMU with gdb running COUNT_CALLS: (serial log, gdb's CHECKs, passed, failure text)."""
    script = (COUNT_CALLS.replace("@PROGRAM@", program).replace("@START@", start)
              .replace("@EVALS@", repr(list(evals))).replace("@COUNTED@", repr(list(counted)))
              .replace("@CALLER@", caller).replace("@STOP@", stop))
    r = gdb_boot.boot(script, os.path.join(harness.BUILD, "test", tag, "count.py"), kernel=harness.KERNEL,
                      initrd=harness.INITRD, append=append, seconds=90)
    return r.serial, r.checks, r.passed, r.tail()


@run_tests.test
def gdb_long_copy_points():
    p = "a read of 512 KiB in one call (gdb on QEMU)"   # abi-ok: bad_phnum's size
    size = os.path.getsize(os.path.join(harness.BUILD, "initrd", "bad_phnum"))
    log, got, passed, tail = count_calls("long-copy", "run=hostilecase:read_file:bad_phnum testexit", "hostilecase",
                                         "copy_long", ["long_work_point"], "copy_long", "proc_exit",
                                         evals=[("copy_bytes", "n")])
    pieces = -(-size // PIECE)
    R.check(f"{p}: the kernel copied the {size}-byte file in one copy", got.get("copy_bytes") == str(size), tail)
    R.check(f"{p}: the copy reached a preemption point between every two of its {pieces} pieces "
            f"({got.get('long_work_point', '?')} points)", got.get("long_work_point") == str(pieces - 1), tail)
    R.check(f"{p}: the read returned it all and the machine passes",
            f"# read_file: {size} bytes" in log and passed, tail)


@run_tests.test
def gdb_loader_pauses():
    p = "spawn's loader (gdb on QEMU)"
    log, got, passed, tail = count_calls("loader-pauses", "run=hostilecase:spawn_self testexit", "hostilecase",
                                         "elf_load", ["fill_page", "long_work_pause"], "elf_load",
                                         "proc_start")   # not sched_make_runnable: a pause that yields requeues the parent
    fills, pauses = int(got.get("fill_page", -1)), int(got.get("long_work_pause", -1))
    R.check(f"{p}: it filled the child's file pages one at a time ({fills} pages)", fills >= 2, tail)
    R.check(f"{p}: and paused after each page it made ({pauses} pauses for {fills} filled)", pauses >= fills >= 2,
            tail)
    R.check(f"{p}: the child ran and the machine passes", passed, tail)


@run_tests.test
def bochs_long_copy_sibling():
    p = "bochs: a 16 MiB copyin in one call while a sibling sleeps 30 ms"
    iso = harness.make_iso("bochs-long-copy", "run=hostilecase:copy_sibling testexit",
                           kernel=harness.BENCH_KERNEL)
    b = harness.bochs_boot(iso, timeout=600)
    m = SLEEPER.search(b.log)
    R.check(f"{p}: the sibling woke within three ticks ({m.group(1) + ' ms late' if m else 'no report'})",
            m and int(m.group(1)) <= SLEEPER_LATE_MAX_MS, b.tail())
    R.check(f"{p}: the copy went whole", b.has("# copy_sibling: copyin = 16777216"), b.tail())
    R.check(f"{p}: test exit PASS in {b.seconds:.0f}s", b.has("machine: test exit PASS") and not b.timed_out,
            f"code {b.code}\n{b.tail()}")


# gdb on QEMU: once init exits, the loader that starts init again pauses in
# the scheduler's own context (no process current: the kernel's work),
# never inside the exiting init (a zombie); there, make the tick's mark look
# set (as a tick in the loader's piece would leave it): work done for the
# kernel must neither yield nor stop.
ZOMBIE_PAUSE = gdb_boot.CONNECT + r"""
gdb.execute("break proc_exit if cpu0.current->pid == 1")
gdb.execute("continue")
gdb.execute("delete")
gdb.execute("break long_work_pause if cpu0.current == 0 || cpu0.current->state == P_ZOMBIE")
gdb.execute("continue")
cur = gdb.parse_and_eval("cpu0.current")
check("pause_owner", "none" if int(cur) == 0 else int(cur["pid"]))
gdb.execute("set var cpu0.resched = 1")
""" + gdb_boot.RUN_TO_END


@run_tests.test
def gdb_init_restart_loader_pause():
    p = "init started again after its exit, the slice used up in the loader (gdb on QEMU)"
    r = gdb_boot.boot(ZOMBIE_PAUSE, os.path.join(harness.BUILD, "test", "zombie-pause", "zombie.py"),
                      kernel=harness.KERNEL, initrd=harness.INITRD, append="init=sh", mem_mb=32,
                      replies=[(b"$ ", b"exit 3\r")], until=lambda out: b"PANIC" in out or out.count(b"$ ") >= 2,
                      seconds=40)
    log, got, tail = r.serial, r.checks, r.tail()
    R.check(f"{p}: the loader that starts init again paused with no process current (the scheduler's work), "
            f"not in the exited init", got.get("pause_owner") == "none", tail)
    R.check(f"{p}: no panic, and the new shell prompts", "PANIC" not in log and "boot: started pid 2: sh" in log
            and log.rstrip().endswith("$"), tail)
