"""
make bench: every way into the kernel, side by side, with where each figure
comes from. Not a test: nothing here passes or fails; targets are judged.

  Bochs     instructions (Bochs' TSC advances once per instruction, and once
            for each exception delivered): exact and repeatable, the primary
            figure, split into the way in, the service and the way back;
  QEMU TCG  TSC ticks of host time spent emulating: relative only. Several
            boots, the gate's return flavour alternating from boot to boot;
            inside each boot the doors are measured in many short batches,
            interleaved, and a figure is the minimum over them. Every ratio is
            formed inside one boot; across boots we give minimum, median and
            maximum. A verdict is inconclusive when the spread (the range of
            the middle boots that holds the median with 95% confidence:
            bench_parse.stats) is wider than the median's distance from the
            target;
  QEMU KVM  real cycles, only where a probe boot shows KVM can run the
            kernel (these build machines' /dev/kvm cannot).

Usage: python3 -m tools.bench.run --initrd build/bench/initrd.tar [--quick] [--boots N] [--smap-only]
  --quick   one Bochs boot (plus one short QEMU boot that only counts the
            workloads' gate calls): no TCG figures, no boot times.
Writes build/bench/results.md and the charts build/bench/{doors,sizes,workloads}.png.
The log format and the verdict rules: tools/bench/parse.py.
"""
import argparse
import concurrent.futures
import os
import re
import resource
import shutil
import subprocess
import sys
import threading
import time

from tools.launch import BENCH_KERNEL, BUILD
from tools.launch import bochs as launch_bochs, qemu as launch_qemu
from tools.launch.iso import scratch_iso
from tools.bench import parse as bp
from tools.bench.linux_side import LinuxSide, chart as linux_chart
from tools.bench import applet_share
from tools import pfabi
ABI = pfabi.load()

OUT = os.path.join(BUILD, "bench")
TCG_BOOTS = 24                    # 12 per return flavour: 2 left off each end of a verdict's spread
WORKLOAD_ROUNDS = 4
# Files and pipes: fewer rounds (a 1 MiB disk write takes a second of TCG per door); Bochs two, so that
# the block cache's flush, which a timer tick may run inside one run, is left out by the minimum.
FILE_ROUNDS = {"bochs": 2, "tcg": 1}
BOCHS_RUN = (f"bench:200:15,bench:scaling:200:7:2,bench:procs:100,bench:workloads:{WORKLOAD_ROUNDS}:0:core,"
             f"bench:workloads:{FILE_ROUNDS['bochs']}:0:files")
TCG_RUN = (f"bench:100:127,bench:scaling:250:15:5,bench:procs:1000,bench:workloads:{WORKLOAD_ROUNDS}:0:core,"
           f"bench:workloads:{FILE_ROUNDS['tcg']}:0:files")
COUNT_RUN = "bench:workloads:1"
DOOR_ORDER = ["gate-iret", "gate-sysexit", "int80", "sysenter", "callgate", "call"]
DOOR_TEXT = {
    "gate-iret": "page-fault gate, iret return",
    "gate-sysexit": "page-fault gate, sysexit return",
    "int80": "int 0x80",
    "sysenter": "sysenter/sysexit",
    "callgate": "GDT call gate, lcall/lret",
    "call": "near call/ret in user mode (floor)",
}
SIZES = [("64", 64), ("4k", 4096), ("64k", 65536)]   # abi-ok: copy sizes in bytes
WORKLOAD_TEXT = {
    "spawn": "20 x spawn + exit + wait",
    "write": "4 KiB to the console, 16 bytes per write",
    "readall": "every initrd file read, 512 bytes per read",   # abi-ok: the workload's read size
    "yield": "2 x 500 yields between two processes",
}
# Files (on the bench disk) and pipes: (what one operation is, per byte?) per workload of user/bench/workload.c.
FILE_TEXT = {
    "openclose": ("open + close of a file", False),
    "stat": ("stat of a file", False),
    "create4k": ("create + write 4 KiB + close + unlink", False),
    "seqwrite": ("sequential write of 1 MiB, 4 KiB per write (per byte)", True),
    "seqread": ("sequential read of 1 MiB, 4 KiB per read, mostly not cached (per byte)", True),
    "cachedread": ("read of a 64 KiB file whose blocks are cached, 4 KiB per read (per byte)", True),
    "dirlist": ("one entry of a directory of 1,000 files listed by getdents", False),
    "pipe64": ("pipe throughput, 64-byte writes (per byte)", True),
    "pipe4k": ("pipe throughput, 4 KiB writes (per byte)", True),
    "pipe64k": ("pipe throughput, 64 KiB writes (per byte)", True),
    "pingpong": ("pipe ping-pong: one byte there and back between two processes", False),
}


def cpu_stat():
    """(busy, steal, total) jiffies of the whole machine, from /proc/stat."""
    try:
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
    except OSError:
        return None
    idle = v[3] + (v[4] if len(v) > 4 else 0)
    steal = v[7] if len(v) > 7 else 0
    total = sum(v[:8])
    return total - idle - steal, steal, total


def our_cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


class Phases:
    """
    Where make bench's time goes: each phase's wall time and the CPU time of the
    boots it ran (emulators are our children: RUSAGE_CHILDREN, counted when they
    are waited for). The wall time on a loaded host is an upper bound; the CPU
    sum over 2 is what a quiet 2-core machine would need at best, the phases
    that run two boots at a time using both cores.
    """

    def __init__(self):
        self.done = []   # (name, wall s, CPU s)

    def run(self, name, fn):
        c0, t0 = our_cpu_seconds(), time.monotonic()
        result = fn()
        wall, cpu = time.monotonic() - t0, our_cpu_seconds() - c0
        self.done.append((name, wall, cpu))
        print(f"bench: phase {name}: {wall:.0f} s wall, {cpu:.0f} s CPU", file=sys.stderr, flush=True)
        return result

    def lines(self):
        if not self.done:
            return []
        wall, cpu = sum(w for _, w, _ in self.done), sum(c for _, _, c in self.done)
        out = ["## Where make bench's time went", "",
               "| phase | wall s | CPU s (the boots it ran) |", "|---|---:|---:|"]
        out += [f"| {n} | {w:.0f} | {c:.0f} |" for n, w, c in self.done]
        out += [f"| all | {wall:.0f} | {cpu:.0f} |", "",
                f"Wall time on this host under its load; the boots' CPU time is what they needed: on a quiet machine "
                f"with 2 cores, about {cpu / 2 / 60:.1f} minutes at best (CPU / 2) and {cpu / 60:.1f} at worst (one "
                f"boot at a time). Issue 29's budget: 15 minutes on 2 cores.", ""]
        return out


class LoadMeter:
    """How busy other work kept the host while we measured (our own children's CPU time taken out)."""

    def __init__(self):
        self.wall = self.others = self.steal = self.total = 0.0
        self.hz = os.sysconf("SC_CLK_TCK")

    def measure(self, fn):
        s0, c0, t0 = cpu_stat(), our_cpu_seconds(), time.monotonic()
        result = fn()
        s1, c1, t1 = cpu_stat(), our_cpu_seconds(), time.monotonic()
        if s0 and s1:
            busy = (s1[0] - s0[0]) / self.hz
            self.others += max(0.0, busy - (c1 - c0))
            self.steal += s1[1] - s0[1]
            self.total += s1[2] - s0[2]
        self.wall += t1 - t0
        return result

    def other_cpus(self):
        return self.others / self.wall if self.wall else None

    def steal_share(self):
        return self.steal / self.total if self.total else None


# The targets are for a CPU without SMAP (issue 13): every measuring boot runs
# so, on the lean entries' copies without the window (boot/smap.inc). What
# SMAP adds is measured apart, in boots with it on (smap_price).
WITHOUT_SMAP = "nosmep nosmap"
SMAP_RUN = "bench:100:31"
SMAP_BOCHS_RUN = "bench:200:5"


# The file workloads' disk (mk/bench.mk): each boot writes a fresh copy of it.
BENCH_DISK = os.path.join(OUT, "disk.img")


def disk_copy(name):
    """build/bench/disks/NAME.img: a fresh copy of the bench disk for one boot to write."""
    path = os.path.join(OUT, "disks", name + ".img")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    shutil.copyfile(BENCH_DISK, path)
    if os.path.exists(path + ".lock"):   # left by a Bochs stopped on an earlier copy
        os.unlink(path + ".lock")
    return path


def bochs_boot(initrd, flavour, run=BOCHS_RUN, cpu_opts=WITHOUT_SMAP):
    tag = "" if cpu_opts == WITHOUT_SMAP else "-smap"
    iso = scratch_iso(f"bench-{flavour}{tag}", f"run={run} doors testexit gatereturn={flavour} {cpu_opts}".strip(),
                      initrd=initrd, kernel=BENCH_KERNEL)
    return launch_bochs.boot(iso, timeout=900, disk=disk_copy(f"bochs-{flavour}{tag}"))


def qemu_boot(initrd, run, flavour, kvm=False, extra_opts="", cpu_opts=WITHOUT_SMAP):
    args = ["-enable-kvm", "-cpu", "host"] if kvm else []
    return launch_qemu.boot(f"run={run} doors testexit gatereturn={flavour} {cpu_opts} {extra_opts}".strip(),
                            mem_mb=64, timeout=300, extra=args, initrd=initrd, kernel=BENCH_KERNEL,
                            disk=disk_copy(f"qemu-{threading.current_thread().name}"))   # one per boot at a time


def smap_price(initrd, tcg_boots=4):
    """
    The nop round trip with SMEP/SMAP on and off, per door (issue 14): Bochs
    instructions (one boot each way and return; off is the copy without the
    window, on adds the entry's clac and, for the gate, the stac/clac around
    the return-address load), TCG ticks from boots alternating on/off, the
    minimum per boot, then the median over boots. Lines for results.md.
    """
    modes = {"off": WITHOUT_SMAP, "on": ""}
    jobs = [(ret, m) for ret in ("iret", "sysexit") for m in modes]
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        raw = list(pool.map(lambda j: bochs_boot(initrd, j[0], SMAP_BOCHS_RUN, modes[j[1]]), jobs))
    bochs = {j: checked(b, f"SMAP {j[1]} Bochs {j[0]}") for j, b in zip(jobs, raw)}
    tcg = {}
    jobs = [(i, m, ("iret", "sysexit")[i % 2]) for i in range(tcg_boots) for m in modes]
    raw = pairs(lambda j: qemu_boot(initrd, SMAP_RUN, j[2], cpu_opts=modes[j[1]]), jobs)   # on and off side by side
    for (i, m, ret), r in zip(jobs, raw):
        b = checked(r, f"SMAP {m} TCG {i + 1} {ret}")
        for door in ("gate-" + ret, "int80", "sysenter", "callgate"):
            v = b.net(door, "nop")
            if v is not None:
                tcg.setdefault((door, m), []).append(v)
    lines = ["## The price of SMAP (nop round trip, SMEP/SMAP on and off)", "",
             "| door | Bochs off | Bochs on | added | TCG ticks off, median (min-max) | on | on / off |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for door in ("gate-iret", "gate-sysexit", "int80", "sysenter", "callgate"):
        ret = door[5:] if door.startswith("gate-") else "sysexit"
        off, on = bochs[(ret, "off")].net(door, "nop"), bochs[(ret, "on")].net(door, "nop")
        t_off, t_on = bp.stats(tcg.get((door, "off"), [])), bp.stats(tcg.get((door, "on"), []))
        added = f"{on - off:+.0f}" if on is not None and off is not None else ""
        ratio = f"{t_on.median / t_off.median:.2f}" if t_on and t_off else ""
        lines.append(f"| {DOOR_TEXT[door]} | {fmt(off)} | {fmt(on)} | {added} | {range_text(t_off, 0)} | "
                     f"{range_text(t_on, 0)} | {ratio} |")
    lines += ["", "Bochs: exact; the expected difference is the entry's clac (every door) and, for the gate, the",
              "stac/clac around its return-address load, and that is what it shows. TCG: one boot cannot run both,",
              f"so on and off come from {tcg_boots} boots each, alternating, and no ratio is formed inside a boot;",
              "TCG boots on a shared host differ in speed by more than SMAP's price (compare the int 0x80 rows of",
              "the TCG boots above), so these columns give an order of magnitude at best.", ""]
    return lines


def pairs(fn, jobs):
    """fn over jobs, two boots at a time (make bench's 2 cores), results in the jobs' order."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(fn, jobs))


def kvm_works():
    if not os.access("/dev/kvm", os.R_OK | os.W_OK):
        return False
    b = launch_qemu.boot("run=hello testexit", mem_mb=32, timeout=30, extra=["-enable-kvm"])
    return b.code == launch_qemu.exit_codes()["PASS"] and b.has("hello, world")


def keep_log(log, what):
    """A boot's serial log, kept as build/bench/logs/<what>.log."""
    os.makedirs(os.path.join(OUT, "logs"), exist_ok=True)
    with open(os.path.join(OUT, "logs", what.replace(" ", "-").replace("(", "").replace(")", "") + ".log"), "w") as f:
        f.write(log)


def checked(boot, what):
    """The figures of a boot; its serial log kept (keep_log)."""
    keep_log(boot.log, what)
    if not boot.has("machine: test exit PASS") or "result=WRONG" in boot.log:
        print(f"bench: the {what} boot did not end cleanly (or a door returned a wrong result):\n{boot.tail()}",
              file=sys.stderr)
    return bp.Boot(boot.log)


def fmt(v, digits=0):
    if v is None:
        return ""
    return f"{v:,.{digits}f}"


def range_text(s, digits=2, scale=1.0):
    if s is None:
        return "not measured"
    if s.n == 1:
        return f"{s.median * scale:.{digits}f} (1 boot)"
    return f"{s.median * scale:.{digits}f} ({s.min * scale:.{digits}f}-{s.max * scale:.{digits}f})"


def main():
    ap = argparse.ArgumentParser(prog="python3 -m tools.bench.run")
    ap.add_argument("--initrd", default=os.path.join(OUT, "initrd.tar"))
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--boots", type=int, default=TCG_BOOTS)
    ap.add_argument("--smap-only", action="store_true", help="only the price of SMAP (make bench-smap)")
    ap.add_argument("--real", action="store_true",
                    help="with --quick: the real workloads in the Linux programs' Bochs boots too (REAL=1)")
    a = ap.parse_args()
    if a.smap_only:
        print("\n".join(smap_price(a.initrd)))
        return
    os.makedirs(OUT, exist_ok=True)
    start = time.monotonic()
    ncpu = os.cpu_count() or 1

    phases = Phases()
    flavours = ["sysexit"] if a.quick else ["iret", "sysexit"]
    bochs_raw = phases.run("Bochs door boots", lambda: pairs(lambda f: bochs_boot(a.initrd, f), flavours))
    bochs = [checked(b, f"Bochs ({f})") for b, f in zip(bochs_raw, flavours)]
    for b, raw in zip(bochs, bochs_raw):
        b.raw = raw
    count = phases.run("QEMU counting boot", lambda: checked(
        qemu_boot(a.initrd, COUNT_RUN, "sysexit", extra_opts="gatecount"), "counting"))
    meter = LoadMeter()
    tcg = []
    if not a.quick:
        jobs = [(i, ("iret", "sysexit")[i % 2]) for i in range(a.boots)]
        raw = phases.run(f"TCG door boots ({a.boots}, two at a time)", lambda: meter.measure(
            lambda: pairs(lambda j: qemu_boot(a.initrd, TCG_RUN, j[1]), jobs)))
        tcg = [checked(b, f"TCG {i + 1} {f}") for b, (i, f) in zip(raw, jobs)]
    kvm = kvm_works() if not a.quick else False
    kvm_boots = [bp.Boot(qemu_boot(a.initrd, "bench:1000:11", f, kvm=True).log) for f in ("iret", "sysexit")] if kvm else []
    boot_times = phases.run("boot times (QEMU and Bochs, one at a time)", measure_boot_times) if not a.quick else None

    linux = LinuxSide(a.initrd, a.quick, checked, keep_log, pairs=pairs, phases=phases,
                      real_in_bochs=a.real or not a.quick, meter=LoadMeter()).measure()
    raw = phases.run("applet share boot", lambda: applet_share.boot(a.initrd, disk_copy("applets")))
    checked(raw, "applets")
    applets = applet_share.lines(raw.log)
    console = phases.run("console throughput", lambda: console_throughput(quick=a.quick))
    price = phases.run("the price of SMAP", lambda: smap_price(a.initrd)) if not a.quick else []
    report = Report(a, bochs, tcg, count, kvm_boots, meter, ncpu, boot_times, time.monotonic() - start)
    report.console = console
    report.linux = linux
    report.applets = applets
    report.smap_price = price
    text = report.render()
    phases.run("charts", lambda: charts(report))   # after render: the Linux share chart's figures come from it
    text += "\n" + "\n".join(phases.lines())
    print(text)
    with open(os.path.join(OUT, "results.md"), "w") as f:
        f.write(text)
    print(f"\nwrote {os.path.relpath(os.path.join(OUT, 'results.md'))} in {time.monotonic() - start:.0f} s")


FLOOD = re.compile(r"^# flood: (\d+) writers, (\d+) bytes in (\d+) ms \(writes returned after (\d+) ms\): "
                   r"(\d+) bytes/s; (\d+) waits", re.M)
IDLE = re.compile(r"^machine: at TSC (\d+), (\d+) of it idle", re.M)


def console_throughput(quick=False):
    """
    Bytes per second through the console (user/tests/flood.c): the UART's pace
    in Bochs, host time in TCG. Lines for results.md.
    """
    out = ["## Console throughput (flood: writers at once; every byte is checked by the test suite, not here)", ""]

    def bochs_flood(procs, records):
        return procs, launch_bochs.boot(scratch_iso(f"bench-flood-{procs}", f"run=flood:{procs}:{records} testexit"),
                                         timeout=600)
    runs = ((1, 200), (4, 50)) if not quick else ((4, 50),)
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(runs)) as pool:
        for procs, b in pool.map(lambda r: bochs_flood(*r), runs):
            m, idle = FLOOD.search(b.log), IDLE.search(b.log)
            if m:
                out.append(f"- Bochs, {procs} writer(s): {int(m.group(5)):,} bytes/s ({m.group(2)} bytes in "
                           f"{m.group(3)} ms of emulated time; writes returned after {m.group(4)} ms, {m.group(6)} "
                           "waits for room)" + (f"; {int(idle.group(2)) / int(idle.group(1)):.0%} of the run's TSC "
                                                "idle" if idle else ""))
    for procs in (() if quick else (1, 4)):
        rates = []
        for b in pairs(lambda _: launch_qemu.boot(f"run=flood:{procs}:1000 testexit", mem_mb=32, timeout=300), range(3)):
            m = FLOOD.search(b.log)
            if m:
                rates.append(int(m.group(5)))
        if rates:
            out.append(f"- QEMU TCG, {procs} writer(s): median {sorted(rates)[len(rates) // 2]:,} bytes/s over "
                       f"{len(rates)} boots (min {min(rates):,}, max {max(rates):,}; host time, relative only)")
    out += ["Bochs' UART sends 11,520 bytes/s at 115200 baud (10 bits a byte), and each LF goes out as CR LF.", ""]
    return out


def measure_boot_times():
    banner = "pfgate kernel:"
    times = [b.marks[banner] for b in (launch_qemu.boot("run=hello testexit", mem_mb=64, timeout=60, marks=[banner])
                                       for _ in range(5)) if banner in b.marks]
    iso = scratch_iso("bench-boot", "run=hello testexit")
    walls, counts = [], []
    for _ in range(3):
        b = launch_bochs.session(iso, [], timeout=300, marks=[banner])
        n = bp.Boot(b.log).banner
        if banner in b.marks and n:
            walls.append(b.marks[banner])
            counts.append(n)
    return times, walls, counts


class Report:
    def __init__(self, args, bochs, tcg, count, kvm_boots, meter, ncpu, boot_times, seconds):
        self.a, self.bochs, self.tcg, self.count = args, bochs, tcg, count
        self.kvm_boots, self.meter, self.ncpu = kvm_boots, meter, ncpu
        self.boot_times, self.seconds = boot_times, seconds
        self.lines, self.console, self.smap_price = [], [], []
        self.linux = None
        self.applets = []
        self.verdicts = bp.judge(bochs, tcg)

    def say(self, s=""):
        self.lines.append(s)

    def bochs_for(self, door):
        """The Bochs boot that measured a door (the gate: the one with that return)."""
        for b in self.bochs:
            if (door, "nop") in b.rows:
                return b
        return None

    def tcg_stats(self, door, svc, ns=True):
        vals = []
        for b in self.tcg:
            v = b.net(door, svc)
            if v is not None:
                vals.append(b.ns(v) if ns else v)
        return bp.stats(vals)

    def tcg_ratio(self, door, svc, other="int80"):
        """door / other, each formed inside one boot."""
        return bp.stats([b.ratio(door, other, svc) for b in self.tcg if (door, svc) in b.rows])

    def render(self):
        say = self.say
        say("# make bench: the ways into the pfgate kernel")
        say()
        say(f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {os.uname().nodename} "
            f"({self.ncpu} CPUs) in {self.seconds:.0f} s. Bochs: {len(self.bochs)} boot(s), exact instruction counts. "
            + ("QUICK: no TCG boots. " if not self.tcg else
               f"QEMU TCG: {len(self.tcg)} boots, the gate's return alternating iret/sysexit; inside each boot "
               f"{self.batches()} interleaved batches per figure, the minimum over them; a ratio is formed "
               f"inside one boot; across boots: median (min-max). ")
            + "Every figure has the measuring loop's own cost (dec + jnz, measured in the same boot) taken out. "
            + f"The targets are for a CPU without SMAP: these boots run `{WITHOUT_SMAP}` (the lean entries' copies "
            + "without the user-access window); SMAP's own price has a section of its own.")
        say()
        self.load_section()
        self.summary()
        self.round_trips()
        self.sizes()
        self.workloads()
        self.files_and_pipes()
        if self.linux:
            self.lines += self.linux.lines()
        self.lines += self.applets
        self.scaling_and_procs()
        self.lines += self.smap_price
        self.lines += self.console
        self.boot_section()
        say("Charts: doors.png (way in / service / way back per door, Bochs), sizes.png (what each door adds to a")
        say("copy above the floor, one panel per length),")
        say("workloads.png (whole workloads per door). Log format and verdict rules: tools/bench/parse.py;")
        say("the boots' serial logs: build/bench/logs/.")
        say()
        say("![way in, service, way back per door](doors.png)")
        say()
        say("![what each door adds to a copy above the floor, per length](sizes.png)")
        say()
        say("![whole workloads per door](workloads.png)")
        if self.linux:
            say()
            say("![a Linux program per workload: pfgate through each door, and Debian's Linux](linux.png)")
            say()
            say("![Linux programs: the share of each workload entering and leaving the kernel, per door](linux-share.png)")
        return "\n".join(self.lines) + "\n"

    def batches(self):
        rows = [r.batches for b in self.tcg for r in b.rows.values() if r.batches]
        return max(rows) if rows else 0

    def load_section(self):
        other, steal = self.meter.other_cpus(), self.meter.steal_share()
        if other is None:
            return
        warn = bp.host_load_warning(other, steal, self.ncpu)
        self.say(f"Host load during the TCG boots: other work kept {other:.2f} of {self.ncpu} CPUs busy on average"
                 + (f", steal {steal * 100:.1f}%" if steal is not None else "") + ".")
        if warn:
            self.say()
            self.say(f"**{warn}**")
        speed = bp.host_speed_note([b.net("int80", "nop") for b in self.tcg])
        if speed:
            self.say()
            self.say(speed)
        self.say()

    def summary(self):
        say = self.say
        say("## Summary")
        say()
        say("| door | Bochs nop: total (in + service + back) | Bochs copyin 64 B | TCG nop ns | TCG nop / int 0x80 |")
        say("|---|---:|---:|---:|---:|")
        for door in DOOR_ORDER:
            b = self.bochs_for(door)
            if b is None:
                continue
            p = b.parts(door, "nop")
            split = f" ({p[1]} + {p[2]:.0f} + {p[3]})" if p[1] is not None else ""
            cin = b.net(door, "copyin64")
            say(f"| {DOOR_TEXT[door]} | {p[0]:.0f}{split} | {fmt(cin)} | "
                f"{range_text(self.tcg_stats(door, 'nop'), 0)} | {range_text(self.tcg_ratio(door, 'nop'))} |")
        say()
        say("Verdicts (thresholds fixed in tools/bench/parse.py before measuring; inconclusive when the spread")
        say("of the per-boot figures is wider than the median's distance from the threshold; the spread is the")
        say(f"range of the middle boots that holds the median with at least {bp.MEDIAN_CONFIDENCE:.0%} confidence, the")
        say("whole range up to 8 boots: one boot far off, of 9 or more, does not decide):")
        say()
        for c, values, v in self.verdicts:
            if v is None:
                say(f"- {c.text} <= {c.threshold}: not measured")
                continue
            digits = 0 if c.unit == "instructions" else 2
            middle = f"the middle {v.n - 2 * v.trimmed} of {v.n} boots" if v.trimmed else f"{v.n} boots"
            spread = f", spread {v.spread:.{digits}f} over {middle}" if v.n > 1 else " (1 boot)"
            say(f"- {c.text} <= {c.threshold}: {v.median:.{digits}f}{spread}: **{v.state}**")
        say()
        if self.linux:
            self.lines += self.linux.summary_lines()

    def round_trips(self):
        say = self.say
        say("## Per round trip")
        say()
        say("| door | service | Bochs instr | way in | service | way back | TCG ns median (min-max) | TCG / int 0x80 |"
            + (" KVM cycles |" if self.kvm_boots else ""))
        say("|---|---|---:|---:|---:|---:|---:|---:|" + ("---:|" if self.kvm_boots else ""))
        for door in DOOR_ORDER:
            b = self.bochs_for(door)
            if b is None:
                continue
            for svc in ("nop", "copyin64", "copyout64"):
                p = b.parts(door, svc)
                if p is None:
                    continue
                cells = [DOOR_TEXT[door], svc, f"{p[0]:.0f}", fmt(p[1]), fmt(p[2]), fmt(p[3]),
                         range_text(self.tcg_stats(door, svc), 0), range_text(self.tcg_ratio(door, svc))]
                if self.kvm_boots:
                    k = next((kb.net(door, svc) for kb in self.kvm_boots if kb.net(door, svc) is not None), None)
                    cells.append(fmt(k))
                ok = b.rows[(door, svc)].ok and all(t.rows[(door, svc)].ok for t in self.tcg if (door, svc) in t.rows)
                say("| " + " | ".join(cells) + " |" + ("" if ok else " (WRONG RESULT)"))
        say()
        say("Bochs counts one instruction per iteration of a rep-prefixed instruction: the services copy with")
        say("`rep movsd` plus a byte tail (in chunks through a kernel buffer), the floor with the user libc's memcpy.")
        say("The gate's figures include the #PF itself (Bochs' TSC ticks once per exception delivered).")
        rate = next((b.rate for b in self.tcg if b.rate), 0)
        if rate:
            say(f"TCG: host time, shown in ns through the TSC rate each boot measured against its own timer "
                f"(about {rate:,} ticks/ms); relative figures only.")
        say("KVM: cycles of this host's CPU." if self.kvm_boots else
            "KVM: not measured (no usable /dev/kvm here: it cannot run a paged 32-bit guest).")
        say()

    def sizes(self):
        say = self.say
        say("## Copy size scaling (copyin / copyout, per call)")
        say()
        say("| door | " + " | ".join(f"{d} {s} B" for d in ("copyin", "copyout") for s, _ in SIZES) + " |")
        say("|---|" + "---:|" * (2 * len(SIZES)))
        for door in DOOR_ORDER:
            b = self.bochs_for(door)
            if b is None:
                continue
            say(f"| {DOOR_TEXT[door]} (Bochs instr) | " + " | ".join(
                fmt(b.net(door, f"{d}{s}")) for d in ("copyin", "copyout") for s, _ in SIZES) + " |")
        if self.tcg:
            for door in DOOR_ORDER:
                say(f"| {DOOR_TEXT[door]} (TCG ns, median) | " + " | ".join(
                    fmt(getattr(self.tcg_stats(door, f"{d}{s}"), "median", None))
                    for d in ("copyin", "copyout") for s, _ in SIZES) + " |")
        say()

    def workload_rows(self):
        """[(workload, door, calls, Bochs total, share, TCG stats ns, TCG ratio to int80)]"""
        rows = []
        names = [w for w in WORKLOAD_TEXT if any(k[0] == w for b in self.bochs for k in b.workloads)]
        for w in names:
            calls = self.count.calls.get(w)
            for door in DOOR_ORDER:
                b = self.bochs_for(door)
                if b is None:
                    continue
                total = b.workload(w, door)
                if total is None:
                    continue
                over = b.overhead(door)
                share = calls * over / total if calls and over is not None and total else None
                t = bp.stats([tb.ns(tb.workload(w, door)) for tb in self.tcg])
                ratio = bp.stats([tb.workload(w, door) / tb.workload(w, "int80") for tb in self.tcg
                                  if tb.workload(w, door) and tb.workload(w, "int80")])
                rows.append((w, door, calls, total, share, t, ratio))
        return rows

    def workloads(self):
        say = self.say
        say("## Whole workloads through each door")
        say()
        say("The same program (user/bench/workload.c) built once per door: its user runtime's sys_<name> either")
        say("call the gate pages or enter by int 0x80, sysenter or a call gate (user/bench/doors/stubs.c). Calls: gate")
        say("calls counted by the kernel in a `gatecount` boot (the same program makes the same calls through")
        say("every door). Share = calls x (the door's nop round trip - the nop service body) / total.")
        say()
        say("| workload | door | calls | Bochs instr | share entering/leaving | TCG ms median (min-max) | TCG / int 0x80 |")
        say("|---|---|---:|---:|---:|---:|---:|")
        for w, door, calls, total, share, t, ratio in self.workload_rows():
            say(f"| {WORKLOAD_TEXT.get(w, w)} | {DOOR_TEXT[door]} | {fmt(calls)} | {fmt(total)} | "
                f"{'' if share is None else f'{share * 100:.2f}%'} | {range_text(t, 2, 1e-6) if t else ''} | "
                f"{range_text(ratio) if ratio else ''} |")
        say()
        say("A whole workload's Bochs count also moves with the machine's state (which frames the allocator")
        say(f"finds, where the timer tick falls), by more than the door's share. Bochs and each TCG boot: the minimum")
        say(f"of {WORKLOAD_ROUNDS} runs, the doors' runs interleaved; TCG ratios formed inside one boot.")
        say()

    def files_and_pipes(self):
        say = self.say
        rows = [w for w in FILE_TEXT if any(k[0] == w for b in self.bochs for k in b.workloads)]
        if not rows:
            return
        say("## Files and pipes through each door")
        say()
        say("The same program (user/bench/workload.c) per door, as the workloads above. Files: on ext2 (a copy of")
        say("build/bench/disk.img that each boot writes: mke2fs as for the user's disk, 1 KiB blocks), through the")
        say("block cache. Pipes: between the program and a child it spawned (not timed). Bochs: instructions per")
        say(f"operation or per byte, the fastest of {FILE_ROUNDS['bochs']} runs per door; TCG ({FILE_ROUNDS['tcg']} run "
            "per door per boot): the same-boot ratio to int 0x80, median (min-max) over the boots.")
        say()
        say("| workload | " + " | ".join(f"{DOOR_TEXT[d]} (Bochs)" for d in DOOR_ORDER if d != "call" and self.bochs_for(d))
            + " | TCG / int 0x80 (gate) |")
        doors = [d for d in DOOR_ORDER if d != "call" and self.bochs_for(d)]
        say("|---|" + "---:|" * (len(doors) + 1))
        for w in rows:
            text, per_byte = FILE_TEXT[w]
            cells = []
            for d in doors:
                b = self.bochs_for(d)
                v = b.per_byte(w, d) if per_byte else b.per_op(w, d)
                cells.append(fmt(v, 2 if per_byte else 0))
            gate = [tb for tb in self.tcg if tb.flavour]
            ratio = bp.stats([tb.workload(w, tb.flavour) / tb.workload(w, "int80") for tb in gate
                              if tb.workload(w, tb.flavour) and tb.workload(w, "int80")])
            say(f"| {text} | " + " | ".join(cells) + f" | {range_text(ratio) if ratio else ''} |")
        say()
        for b in self.bochs[:1]:
            floor = b.net("call", "copyin64k")
            if floor is not None:
                say(f"- The copy floor: a 64 KiB memcpy in user mode, {floor / 65536:.2f} instructions per byte (Bochs).")   # abi-ok: bytes
            y = b.per_op("yield", b.flavour)
            p = b.per_op("pingpong", b.flavour)
            if y and p:
                say(f"- Ping-pong beside two yields: a round trip {p:,.0f} instructions, two yields between two "
                    f"processes {2 * y:,.0f} (Bochs, through the gate).")
        say()

    def scaling_and_procs(self):
        say = self.say
        say(f"## Scaling: a process with 3 gates bound against one with all {ABI.layout['GATE_COUNT']}")
        say()
        for label, boots in (("Bochs instructions", self.bochs), ("TCG ns", self.tcg)):
            pairs = [(b.net("gate-3-bound", "nop"), b.net("gate-all-bound", "nop"), b) for b in boots]
            pairs = [(f, e, b) for f, e, b in pairs if f is not None and e is not None]
            if not pairs:
                continue
            if label.startswith("Bochs"):
                say(f"- {label}: " + "; ".join(f"{f:.0f} with 3 bound, {e:.0f} with all ({b.flavour})" for f, e, b in pairs))
            else:
                few = bp.stats([b.ns(f) for f, _, b in pairs])
                every = bp.stats([b.ns(e) for _, e, b in pairs])
                ratio = bp.stats([bp.scaling_ratio(b) for _, _, b in pairs])
                say(f"- {label}: {range_text(few, 0)} with 3 bound, {range_text(every, 0)} with all; "
                    f"same-boot ratio {range_text(ratio)}")
        say("- The verdict is in the summary above.")
        say()
        say("## Processes")
        say()
        text = {bp.switch_key(n): f"a yield to another process (one context switch), {n} processes asleep"
                for n in bp.SWITCH_SLEEPERS}
        text["switch"] = "a yield to another process (one context switch)"
        text["spawn-exit-wait"] = "spawn + exit + wait of `true`"
        text["fork-exit-wait"] = "fork + exit + wait"
        text["fork-exec-wait"] = "fork + exec + wait of `true`"
        text["cow-fault"] = "one copy-on-write fault (a write to a page a child shares: fault and 4 KiB copy)"
        text["demand-zero-fault"] = "one demand-zero fault (first touch of an mmap'ed private anonymous page)"
        text["signal-self"] = "a signal sent to itself and handled (kill + handler + sigreturn)"
        for b in self.bochs[:1]:
            for what, ticks in b.procs.items():
                say(f"- Bochs: {ticks:,.0f} instructions for {text.get(what, what)}")
        for what in text:
            s = bp.stats([tb.ns(tb.procs.get(what)) for tb in self.tcg if what in tb.procs])
            if s:
                say(f"- TCG: {range_text(s, 1, 1e-3)} us for {text[what]}")
        for what in ("fork-exit-wait", "fork-exec-wait"):
            r = bp.stats([tb.procs[what] / tb.procs["spawn-exit-wait"] for tb in self.tcg
                          if what in tb.procs and tb.procs.get("spawn-exit-wait")])
            if r:
                say(f"- TCG: {text[what]} / spawn + exit + wait, same boot: {range_text(r)}")
        say()

    def boot_section(self):
        say = self.say
        say("## Boot")
        say()
        banner = [b.banner for b in self.bochs if b.banner]
        if self.boot_times:
            times, walls, counts = self.boot_times
            if times:
                say(f"- QEMU TCG, -kernel: {bp.statistics.median(times) * 1000:.0f} ms wall from starting QEMU to the "
                    f"banner (median of {len(times)}, min {min(times) * 1000:.0f} ms)")
            if walls:
                say(f"- Bochs, GRUB ISO: {bp.statistics.median(counts):,.0f} instructions from power-on to the banner "
                    f"(BIOS and GRUB included; median of {len(counts)}), {bp.statistics.median(walls):.2f} s wall "
                    f"(includes Bochs' start-up)")
        elif banner:
            say(f"- Bochs, GRUB ISO: {banner[0]:,} instructions from power-on to the banner (BIOS and GRUB included)")
        say()


def gnuplot(script, name):
    if not shutil.which("gnuplot"):
        print(f"no gnuplot: {name} skipped (apt-get install gnuplot-nox)")
        return
    for term in ("pngcairo", "png"):
        r = subprocess.run(["gnuplot"], input=script.replace("TERM", term), text=True, capture_output=True)
        if r.returncode == 0:
            print(f"wrote build/bench/{name}")
            return
    print(f"gnuplot failed for {name}: {r.stderr.strip()}")


def charts(rep):
    # Per door: way in / service / way back, stacked (Bochs), for nop and copyin 64 B.
    data = os.path.join(OUT, "doors.dat")
    with open(data, "w") as f:
        for door in DOOR_ORDER:
            b = rep.bochs_for(door)
            for svc in ("nop", "copyin64"):
                p = b.parts(door, svc) if b else None
                if p is None:
                    continue
                e, s, k = (p[1], p[2], p[3]) if p[1] is not None else (0, p[0], 0)
                f.write(f"\"{door} {svc}\" {e} {s:.0f} {k}\n")
    gnuplot(f"""
set terminal TERM size 1000,520 noenhanced
set output '{os.path.join(OUT, "doors.png")}'
set title 'One round trip per door, Bochs instructions (exact)'
set style data histograms
set style histogram rowstacked
set style fill solid 0.8 border -1
set boxwidth 0.7
set ylabel 'instructions'
set xtics rotate by -30
set key outside right top vertical
set grid ytics
plot '{data}' using 2:xtic(1) title 'way in', '' using 3 title 'service', '' using 4 title 'way back'
""", "doors.png")

    # Copy size scaling: what a door adds to a copy above the floor (the same copy by a plain call in
    # user mode, same boot), one panel per length on its own linear scale from 0: the doors' fixed
    # costs tell them apart at 64 B and shrink beside the copy's own as it grows. (Totals on one
    # log-log chart were ten lines on top of each other.)
    data = os.path.join(OUT, "sizes.dat")
    doors = [d for d in DOOR_ORDER if d != "call" and rep.bochs_for(d)]

    def above_floor(b, door, svc, ns=False):
        own, floor = b.net(door, svc), b.net("call", svc)
        if own is None or floor is None:
            return None
        return b.ns(own - floor) if ns else own - floor

    def fig(v):
        return "NaN" if v is None else f"{v:.0f}"

    with open(data, "w") as f:
        for s, nbytes in SIZES:
            f.write(f"# {nbytes} bytes: door, Bochs copyin, copyout (instructions), TCG copyin, copyout (ns, median)\n")
            for door in doors:
                bochs = [above_floor(rep.bochs_for(door), door, f"{k}{s}") for k in ("copyin", "copyout")]
                tcg = [bp.stats([above_floor(b, door, f"{k}{s}", ns=True) for b in rep.tcg]) for k in ("copyin", "copyout")]
                f.write(f"\"{door}\" " + " ".join(fig(v) for v in bochs) + " " +
                        " ".join(fig(t.median if t else None) for t in tcg) + "\n")
            f.write("\n\n")
    kib = 1024   # abi-ok: bytes in a KiB
    label = {n: f"{n} B" if n < kib else f"{n // kib} KiB" for _, n in SIZES}
    rows = [("Bochs instructions", 2)] + ([("QEMU TCG ns (median of the boots)", 4)] if rep.tcg else [])
    script = ""
    for r, (unit, col) in enumerate(rows):
        for i, (_, n) in enumerate(SIZES):
            key = r == 0 and i == 0
            script += (f"set title '{label[n]}: {unit}'\n"
                       f"plot '{data}' index {i} using {col}:xtic(1) title '{'copyin' if key else ''}', "
                       f"'' index {i} using {col + 1} title '{'copyout' if key else ''}'\n")
    gnuplot(f"""
set terminal TERM size 1300,{860 if rep.tcg else 460} noenhanced
set output '{os.path.join(OUT, "sizes.png")}'
set multiplot layout {len(rows)},{len(SIZES)} title 'What each door adds to a copy above the floor (a call in user mode copying the same bytes), per call, by length' margins 0.06,0.98,0.1,{0.86 if rep.tcg else 0.76} spacing 0.07,0.14
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set yrange [0:*]
set offsets 0,0,graph 0.12,0
set xtics rotate by -30 font ',9'
set key at screen 0.5, screen {0.955 if rep.tcg else 0.92} center top horizontal
set grid ytics
{script}unset multiplot
""", "sizes.png")

    if rep.linux:
        linux_chart(rep.linux, OUT, gnuplot)

    # Workloads: the share spent entering and leaving, and TCG time relative to int 0x80.
    rows = rep.workload_rows()
    data = os.path.join(OUT, "workloads.dat")
    names = list(dict.fromkeys(r[0] for r in rows))
    wdoors = list(dict.fromkeys(r[1] for r in rows))
    with open(data, "w") as f:
        f.write("workload " + " ".join(f"\"{d}\"" for d in wdoors) + " " + " ".join(f"\"{d}\"" for d in wdoors) + "\n")
        for w in names:
            by = {r[1]: r for r in rows if r[0] == w}
            shares = [f"{(by[d][4] or 0) * 100:.3f}" if d in by else "0" for d in wdoors]
            ratios = [f"{by[d][6].median:.3f}" if d in by and by[d][6] else "0" for d in wdoors]
            f.write(f"\"{w}\" " + " ".join(shares) + " " + " ".join(ratios) + "\n")
    n = len(wdoors)
    share_plot = ", ".join(f"'{data}' using {i + 2}:xtic(1) title columnhead({i + 2})" for i in range(n))
    ratio_plot = ", ".join(f"'{data}' using {i + 2 + n}:xtic(1) title columnhead({i + 2 + n})" for i in range(n))
    gnuplot(f"""
set terminal TERM size {1200 if rep.tcg else 700},520 noenhanced
set output '{os.path.join(OUT, "workloads.png")}'
set multiplot layout 1,{2 if rep.tcg else 1} title 'Whole workloads per door'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set key outside bottom center horizontal font ',9'
set grid ytics
set title 'Bochs: share of instructions entering and leaving the kernel (%)'
plot {share_plot}
{"set title 'QEMU TCG time / int 0x80 (median of same-boot ratios)'" + chr(10) + "plot " + ratio_plot if rep.tcg else ""}
unset multiplot
""", "workloads.png")


if __name__ == "__main__":
    main()
