#!/usr/bin/env python3
"""
make bench: every way into the kernel, side by side, with where each figure
comes from. Not a test: nothing here passes or fails; targets are reported.

  Bochs     instructions per round trip (Bochs' TSC advances once per
            instruction, and once for each exception delivered): exact and
            repeatable, the primary figure, split into the way in, the
            service and the way back;
  QEMU TCG  TSC ticks per round trip, host time spent emulating: relative
            only, reported as a ratio to the int 0x80 door of the same run;
  QEMU KVM  real cycles, only where a probe boot shows KVM can run the
            kernel (these build machines' /dev/kvm cannot).

Writes build/bench/results.md and build/bench/doors.png (gnuplot), prints the table.
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test"))
import harness  # noqa: E402
import pfabi  # noqa: E402
ABI = pfabi.load()

OUT = os.path.join(harness.BUILD, "bench")
LOOP_OVERHEAD = 2          # dec + jnz in every measured iteration
CALLS, BATCHES = 5000, 11
RUN = f"run=bench:{CALLS}:{BATCHES},bench:scaling,bench:procs:1000 doors testexit"
DOOR_ORDER = ["gate-iret", "gate-sysexit", "int80", "sysenter", "callgate", "call"]
DOOR_TEXT = {
    "gate-iret": "page-fault gate, iret return",
    "gate-sysexit": "page-fault gate, sysexit return",
    "int80": "int 0x80",
    "sysenter": "sysenter/sysexit",
    "callgate": "GDT call gate, lcall/lret",
    "call": "near call/ret in user mode (floor)",
}


def parse(log):
    rows, split = {}, {}
    for door, svc, mn, md, res in re.findall(
            r"^bench: door=(\S+) service=(\S+) min=([\d.]+) median=([\d.]+) result=(\S+)", log, re.M):
        rows[(door, svc)] = (float(mn), float(md), res)
    for door, e, b in re.findall(r"^bench-split: door=(\S+) entry=(\d+) back=(\d+)", log, re.M):
        split[door] = (int(e), int(b))
    return rows, split


def run_bochs(extra):
    iso = harness.make_iso("bench-" + (extra.replace("=", "-") or "default"), f"{RUN} {extra}".strip())
    b = harness.bochs_boot(iso, timeout=900)
    return b


def run_qemu(extra, kvm=False):
    args = ["-enable-kvm", "-cpu", "host"] if kvm else []
    return harness.qemu_boot(f"{RUN} {extra}".strip(), mem_mb=64, timeout=300, extra=args)


def tsc_per_ns(log):
    m = re.search(r"^bench: tsc-per-ms=(\d+)", log, re.M)
    return int(m.group(1)) / 1e6 if m and int(m.group(1)) else None


def kvm_works():
    if not os.access("/dev/kvm", os.R_OK | os.W_OK):
        return False
    b = harness.qemu_boot("run=hello testexit", mem_mb=32, timeout=30, extra=["-enable-kvm"])
    return b.code == harness.QEMU_EXIT_PASS and b.has("hello, world")


def merge(runs):
    """Rows from the iret and the sysexit runs; doors other than the gate come from the first."""
    rows, split = {}, {}
    for log in runs:
        r, s = parse(log)
        for k, v in r.items():
            rows.setdefault(k, v)
        for k, v in s.items():
            split.setdefault(k, v)
    return rows, split


def main():
    os.makedirs(OUT, exist_ok=True)
    lines = []

    def say(s=""):
        print(s)
        lines.append(s)

    say("# make bench: the ways into the pfgate kernel")
    say()
    say(f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {os.uname().nodename} "
        f"({os.cpu_count()} CPUs); {CALLS} calls x {BATCHES} batches per figure, the loop's own "
        f"dec+jnz subtracted.")
    say()

    bochs = [run_bochs("gatereturn=iret"), run_bochs("gatereturn=sysexit")]
    b_rows, b_split = merge(b.log for b in bochs)
    tcg = [run_qemu("gatereturn=iret"), run_qemu("gatereturn=sysexit")]
    t_rows, _ = merge(t.log for t in tcg)
    kvm = kvm_works()
    k_rows = merge([run_qemu("gatereturn=iret", True).log, run_qemu("gatereturn=sysexit", True).log])[0] if kvm else {}

    say("## Per round trip")
    say()
    tcg_rate = tsc_per_ns(tcg[0].log)
    say("| door | service | Bochs instr | way in | service | way back | TCG ns (median) | TCG / int80 |"
        + (" KVM cycles |" if kvm else ""))
    say("|---|---|---:|---:|---:|---:|---:|---:|" + ("---:|" if kvm else ""))
    int80_tcg = {svc: t_rows.get(("int80", svc), (0, 0, ""))[1] for svc in ("nop", "copyin64")}
    results = {}
    for door in DOOR_ORDER:
        for svc in ("nop", "copyin64"):
            if (door, svc) not in b_rows:
                continue
            bmin, _, bres = b_rows[(door, svc)]
            total = bmin - LOOP_OVERHEAD
            e, back = b_split.get(door, (None, None))
            service = total - e - back if e is not None else None
            tmed = t_rows.get((door, svc), (0, 0, ""))[1]
            ratio = tmed / int80_tcg[svc] if int80_tcg[svc] else 0
            results[(door, svc)] = (total, e, service, back, tmed, ratio)
            tcell = f"{tmed / tcg_rate:.0f}" if tcg_rate else f"{tmed:.0f} ticks"
            cells = [DOOR_TEXT[door], svc, f"{total:.0f}", "" if e is None else str(e),
                     "" if service is None else f"{service:.0f}", "" if back is None else str(back),
                     tcell, f"{ratio:.2f}"]
            if kvm:
                cells.append(f"{k_rows.get((door, svc), (0, 0, ''))[1] - LOOP_OVERHEAD:.0f}")
            bad = "" if bres == "ok" and t_rows.get((door, svc), (0, 0, "ok"))[2] == "ok" else " (WRONG RESULT)"
            say("| " + " | ".join(cells) + " |" + bad)
    say()
    say("The floor's copyin is the user libc's memcpy (rep movsl: 16 iterations); the services copy with")
    say("`rep movsb` (64 iterations). Bochs counts every iteration of a rep-prefixed instruction.")
    say("Bochs: instructions, exact (the TSC counts one per instruction and one per exception delivered,")
    say("so the gate's figures include the #PF itself). TCG: TSC ticks of the host spent emulating, a")
    say("relative figure only; shown in ns through the TSC rate the guest measured against its own")
    say(f"timer ({tcg_rate * 1e6 if tcg_rate else 0:,.0f} ticks/ms), the loop's dec+jnz included.")
    say("KVM: cycles of this host's CPU." if kvm else
        "KVM: not measured (no usable /dev/kvm here: it cannot run a paged 32-bit guest).")
    say()

    say("## Targets")
    say()
    for gate in ("gate-iret", "gate-sysexit"):
        if (gate, "nop") in results and ("int80", "nop") in results:
            g = results[(gate, "nop")]
            i = results[("int80", "nop")]
            g_over, i_over = g[0] - g[2], i[0] - i[2]
            say(f"- {DOOR_TEXT[gate]}: nop dispatch overhead {g_over:.0f} Bochs instructions "
                f"(target <= 40: {'met' if g_over <= 40 else 'MISSED'}); int 0x80's is {i_over:.0f}, "
                f"difference {g_over - i_over:.0f} (target <= 15: {'met' if g_over - i_over <= 15 else 'MISSED'})")
    if ("gate-iret", "nop") in results:
        r = results[("gate-iret", "nop")][5]
        say(f"- TCG: gate with iret / int 0x80 = {r:.2f} (target <= 1.2: {'met' if r <= 1.2 else 'MISSED'})")
    if ("gate-sysexit", "nop") in results:
        r = results[("gate-sysexit", "nop")][5]
        say(f"- TCG: gate with sysexit / int 0x80 = {r:.2f} (target <= 1.0: {'met' if r <= 1.0 else 'MISSED'})")
    say()

    say(f"## Scaling: a process with 3 gates bound against one with all {ABI.layout['GATE_COUNT']}")
    say()
    for log, label in ((bochs[0].log, "Bochs instructions"), (tcg[0].log, "TCG ticks")):
        r, _ = parse(log)
        few, many = r.get(("gate-3-bound", "nop")), r.get(("gate-all-bound", "nop"))
        if few and many:
            say(f"- {label}: {few[0] - LOOP_OVERHEAD:.0f} with 3 bound, {many[0] - LOOP_OVERHEAD:.0f} with all "
                f"(median {few[1] - LOOP_OVERHEAD:.0f} / {many[1] - LOOP_OVERHEAD:.0f}): the dispatch is one table index")
    say()

    say("## Processes")
    say()
    for log, label in ((bochs[0].log, "Bochs instructions"), (tcg[0].log, "TCG ticks")):
        for what, ticks in re.findall(r"^bench-proc: what=(\S+) ticks=([\d.]+)", log, re.M):
            text = {"switch": "a yield to another process (one context switch)",
                    "spawn-exit-wait": "spawn + exit + wait of `true`"}.get(what, what)
            if label.startswith("TCG") and tcg_rate:
                say(f"- TCG: {float(ticks) / tcg_rate / 1000:,.1f} us for {text}")
            else:
                say(f"- {label}: {float(ticks):,.0f} for {text}")
    say()

    say("## Boot")
    say()
    banner = "pfgate kernel:"
    times = [b.marks[banner] for b in (harness.qemu_boot("run=hello testexit", mem_mb=64, timeout=60, marks=[banner])
                                       for _ in range(5)) if banner in b.marks]
    if times:
        say(f"- QEMU TCG, -kernel: {statistics.median(times) * 1000:.0f} ms wall from starting QEMU to the banner "
            f"(median of {len(times)}, min {min(times) * 1000:.0f} ms)")
    iso = harness.make_iso("bench-boot", "run=hello testexit")
    walls, counts = [], []
    for _ in range(3):
        b = harness.bochs_session(iso, [], timeout=300, marks=[banner])
        m = re.search(r"boot: banner at TSC (\d+)", b.log)
        if banner in b.marks and m:
            walls.append(b.marks[banner])
            counts.append(int(m.group(1)))
    if walls:
        say(f"- Bochs, GRUB ISO: {statistics.median(counts):,.0f} instructions from power-on to the banner "
            f"(BIOS and GRUB included; median of 3), {statistics.median(walls):.2f} s wall "
            f"(includes Bochs' start-up)")
    say()

    with open(os.path.join(OUT, "results.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    chart(results)
    print(f"\nwrote {os.path.relpath(os.path.join(OUT, 'results.md'))}")


def chart(results):
    if not shutil.which("gnuplot"):
        print("no gnuplot: chart skipped (apt-get install gnuplot-nox)")
        return
    data = os.path.join(OUT, "doors.dat")
    with open(data, "w") as f:
        for door in DOOR_ORDER:
            if (door, "nop") in results:
                f.write(f"\"{door}\" {results[(door, 'nop')][0]:.0f} {results[(door, 'copyin64')][0]:.0f}\n")
    script = f"""
set terminal pngcairo size 900,500 noenhanced
set output '{os.path.join(OUT, "doors.png")}'
set title 'Round trip per door, Bochs instructions (exact)'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set ylabel 'instructions'
set key top left
set grid ytics
plot '{data}' using 2:xtic(1) title 'nop', '' using 3 title 'copyin 64 bytes'
"""
    r = subprocess.run(["gnuplot"], input=script, text=True, capture_output=True)
    if r.returncode != 0:
        script = script.replace("pngcairo", "png")
        r = subprocess.run(["gnuplot"], input=script, text=True, capture_output=True)
    print("wrote build/bench/doors.png" if r.returncode == 0 else f"gnuplot failed: {r.stderr.strip()}")


if __name__ == "__main__":
    main()
