"""
The console under a flood: four processes write at once (user/tests/flood.c),
with writes longer than the kernel's console queue among them and a line of
input arriving meanwhile, on QEMU and on Bochs (whose UART takes emulated time
per byte). Each writer writes only its own 16 characters, so its bytes can be
pulled out of the log and compared with what it wrote: every byte arrives
once and in order, per writer. Under Bochs the writers outrun the UART and
must sleep for room in the queue; QEMU's UART keeps up with them (they copy
with interrupts on, so its interrupt drains the queue meanwhile). Then the test exit must still come, after the
last byte (the exit drains the queue first).
"""
import re

from test import harness
from test import run_tests
from test.run_tests import R

ALPHABET_BASE, ALPHABET_SIZE, PAYLOAD_MOD = ord("0"), 16, 61   # as in user/tests/flood.c
INPUT = "typed during the flood"


def record(w, s):
    """Writer w's record s, as flood.c's record() makes it."""
    base = ALPHABET_BASE + ALPHABET_SIZE * w
    digits = "".join(chr(base + ((s >> shift) & 0xF)) for shift in (12, 8, 4, 0))
    payload = "".join(chr(base + (s + 7 * i + w) % ALPHABET_SIZE) for i in range((37 * s + 11 * w) % PAYLOAD_MOD))
    return digits + payload + "\n"


def check_flood(p, b, writers, records):
    m = re.search(r"^flood: begin writers=(\d+) records=(\d+) bytes=(\d+).*\n", b.log, re.M)
    end = b.log.find("\nflood: end\n", m.end() - 1 if m else 0)
    R.check(f"{p}: the flood starts and ends", m and end >= 0, b.tail())
    if not m or end < 0:
        return
    region = b.log[m.end():end + 1]
    expected = ["".join(record(w, s) for s in range(records)) for w in range(writers)]
    R.check(f"{p}: {sum(map(len, expected))} bytes expected, as flood counted them", sum(map(len, expected)) == int(m.group(3)),
            m.group(0))
    alphabets = [set(chr(ALPHABET_BASE + ALPHABET_SIZE * w + i) for i in range(ALPHABET_SIZE)) for w in range(writers)]
    stray = [c for c in region if c != "\n" and not any(c in a for a in alphabets)]
    R.check(f"{p}: nothing but the writers' bytes between begin and end", not stray, repr("".join(stray[:80])))
    for w in range(writers):
        got = "".join(c for c in region if c in alphabets[w])
        want = expected[w].replace("\n", "")
        at = next((i for i, (x, y) in enumerate(zip(got, want)) if x != y), min(len(got), len(want)))
        R.check(f"{p}: writer {w}: all {len(want)} bytes once, in order", got == want,
                f"got {len(got)} bytes, first difference at {at}: got {got[at:at + 40]!r}, want {want[at:at + 40]!r}")
    R.check(f"{p}: newlines: one per record", region.count("\n") == writers * records,
            f"{region.count(chr(10))} newlines for {writers * records} records")
    harness.report_tap(R, p, b)
    R.check(f"{p}: the input typed meanwhile arrived intact", b.has(f'flood: input "{INPUT}"'), b.tail())
    R.check(f"{p}: the test exit came after everything (the queue drained first)",
            b.log.endswith("machine: test exit PASS\n"), b.tail())


@run_tests.test
def qemu_console_flood():
    writers, records = 4, 2000
    b = harness.qemu_boot(f"run=flood:{writers}:{records}:input testexit", mem_mb=32, timeout=180,
                          replies=[("send a line", INPUT + "\r")])
    p = "qemu console flood"
    check_flood(p, b, writers, records)
    run_tests.check_exit(p, b)


@run_tests.test
def bochs_console_flood():
    writers, records = 4, 300
    iso = harness.make_iso("bochs-flood", f"run=flood:{writers}:{records}:input:fills testexit")
    b = harness.bochs_session(iso, [("send a line", INPUT + "\r")], timeout=600)
    p = "bochs console flood"
    check_flood(p, b, writers, records)
    R.check(f"{p}: Bochs ended by itself in {b.seconds:.0f}s", not b.timed_out, b.tail())
