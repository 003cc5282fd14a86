"""
make bench's Linux side (issue 29): unmodified static i386 Linux programs
(tools/linuxref/bench/sysbench.c, glibc; its musl build too under Bochs; and
realbench.c, the real workloads: Debian's busybox sh, find + grep, tar, gzip,
sort) run on pfgate through every door, by swapping only the vDSO (the bench
kernel's `vdso=` boot option), and on Debian's linux-image-686 in the same
QEMU, with its default mitigations and with mitigations=off. pfgate's boots
get a fresh copy of the bench disk ("/": busybox, /tmp, the inputs:
tools/bench/disk_tree.py); Linux's, the same files in its initramfs
(tools/linuxref/initramfs.py, bench=True).

  Bochs     pfgate only, one boot per door and libc: exact instructions per
            operation. Linux is not booted in Bochs: its boot alone (about 4 s
            of TCG) would take Bochs longer than the whole bench may.
  counting  one QEMU boot per libc with `linuxlog` (gates): the calls each
            workload made by the C library's own int 0x80.
  TCG       (not with --quick) BOOTS rounds, each one boot per door and one per
            Linux setting, interleaved: the guest's TSC ticks per operation
            (the host's time, the same units on both kernels); comparisons are
            ratios of medians over boots (parse.ratio_verdict).
The log format and the thresholds: tools/bench/parse.py (issue 29's part).
"""
import os
import statistics
import threading

from tools.launch import BENCH_KERNEL
from tools.launch import bochs as launch_bochs, qemu as launch_qemu
from tools.launch.iso import scratch_iso
from tools.bench import parse as bp
from tools.bench import real_data

PROGS = {"glibc": "sysbench.glibc", "musl": "sysbench.musl"}
# What it stats, where it makes its file, what it execs: the paths Debian's Linux gives it (tools/linuxref).
ARGS = "/abi/data/hello.txt:/tmp:/bin/true"
# The real workloads' driver, glibc only, after sysbench in the same boot (on Linux: initramfs.BENCH_SCRIPT).
REAL = "realbench.glibc"
BOCHS_DIVISOR = 10     # a tenth of each count in Bochs and in the counting boot (exact, or only counted)
TCG_BOOTS = 3
# Why pfgate is faster or slower than Linux on a workload: (what the note explains, "faster" or "slower", the
# note). Written by hand from what a run showed and a trace or the code explained; results.md prints a note only
# while the run's figures agree with it (against_linux_lines), so it cannot go stale unseen.
WHY = {
    "fork_exec_wait": ("slower", "pfgate's exec copies every page of busybox (2 MiB, a frame a page, from the block cache) "
                       "before the program runs, where Linux maps its page cache's pages when first touched: "
                       "1.3M Bochs instructions per fork + exec + wait (docs/design.md, what the real workloads "
                       "show about exec); demand paging of PT_LOAD segments is the fix, not made yet."),
    "sh_pipes": ("slower", "each round forks and execs busybox wc: the exec's copy of every page, as for fork + exec "
                 "+ wait."),
}
WITHOUT_SMAP = "nosmep nosmap"   # Bochs: as the rest of make bench's Bochs boots (the targets' CPU)


def pfgate_cmdline(door, libc, divisor=1, extra="", real=True):
    runs = f"{PROGS[libc]}:{ARGS}:{divisor}" + (f",{REAL}:{real_data.ARGS}:{divisor}" if real and libc == "glibc" else "")
    return f"run={runs} doors testexit gatereturn=sysexit vdso={door} {extra}".strip()


def disk(name):
    from tools.bench.run import disk_copy   # (run imports this module)
    return disk_copy(name)


def bochs_run(initrd, door, libc, checked, real=True):
    iso = scratch_iso(f"bench-linux-{door}-{libc}", pfgate_cmdline(door, libc, BOCHS_DIVISOR, WITHOUT_SMAP, real),
                      initrd=initrd, kernel=BENCH_KERNEL)
    b = launch_bochs.boot(iso, timeout=900, disk=disk(f"bochs-linux-{door}-{libc}"))
    checked(b, f"Linux program {libc} {door} Bochs")
    return bp.SysbenchRun(b.log, door)


def qemu_run(initrd, door, libc, checked, what, divisor=1, extra=""):
    from tools.linuxref import boot as linuxref_boot
    b = launch_qemu.boot(pfgate_cmdline(door, libc, divisor, extra), mem_mb=linuxref_boot.MEM_MB, timeout=900,
                         initrd=initrd, kernel=BENCH_KERNEL,
                         disk=disk(f"qemu-linux-{threading.current_thread().name}"))   # one per boot at a time
    checked(b, what)
    return bp.SysbenchRun(b.log, door)


def linux_run(off, label, log_to, what):
    """One boot of Debian's Linux running the same program (glibc); its log kept as `what`."""
    from tools.linuxref import BENCH_INITRAMFS, BENCH_RUN, boot as linuxref_boot
    result, outputs, done = linuxref_boot.boot(run=BENCH_RUN, mitigations_off=off, image=BENCH_INITRAMFS,
                                               timeout=900)
    log_to(result.log, what)
    got = outputs.get("run")
    if not done or got is None:
        print(f"bench: the {label} boot did not finish: {linuxref_boot.failure_text(result, done)}")
        return bp.SysbenchRun("", label)
    return bp.SysbenchRun(got[0], label)


class LinuxSide:
    """The measurements (measure()) and their section of results.md (lines())."""

    def __init__(self, initrd, quick, checked, log_to, boots=TCG_BOOTS, pairs=None, phases=None, real_in_bochs=True,
                 meter=None):
        self.initrd, self.quick, self.checked, self.log_to, self.boots = initrd, quick, checked, log_to, boots
        self.pairs = pairs or (lambda fn, jobs: [fn(j) for j in jobs])   # two boots at a time (make bench's)
        self.phase = phases.run if phases else (lambda name, fn: fn())
        self.real_in_bochs = real_in_bochs
        self.meter = meter    # run.LoadMeter: how busy other work kept the host during the TCG boots
        self.load_warning = None
        self.bochs, self.counts, self.tcg = {}, {}, []

    def measure(self):
        jobs = [(d, "glibc") for d in bp.LINUX_DOORS] + [("gate", "musl")]
        runs = self.phase("Linux programs' Bochs boots (pfgate, per door)" +
                          ("" if self.real_in_bochs else ", without the real workloads"),
                          lambda: self.pairs(lambda j: bochs_run(self.initrd, *j, self.checked, self.real_in_bochs),
                                             jobs))
        self.bochs.update(zip(jobs, runs))
        counts = self.phase("Linux programs' counting boots (QEMU)", lambda: self.pairs(
            lambda libc: qemu_run(self.initrd, "gate", libc, self.checked, f"Linux program {libc} counting",
                                  BOCHS_DIVISOR, "linuxlog"), list(PROGS)))
        self.counts.update(zip(PROGS, counts))
        if self.quick:
            return self
        # The rounds interleaved as before (each round: every door, then Linux both ways), two boots at a time.
        jobs = [(i, door) for i in range(self.boots) for door in list(bp.LINUX_DOORS) + list(bp.LINUX_SETTINGS)]

        def one(job):
            i, label = job
            if label in bp.LINUX_SETTINGS:
                return linux_run(label == "linux-off", label, self.log_to, f"{label} TCG {i + 1}")
            return qemu_run(self.initrd, label, "glibc", self.checked, f"Linux program glibc {label} TCG {i + 1}")
        measure = self.meter.measure if self.meter else (lambda fn: fn())
        self.tcg = self.phase(f"Linux programs' TCG boots ({self.boots} rounds: pfgate per door, Linux both ways; "
                              "two at a time)", lambda: measure(lambda: self.pairs(one, jobs)))
        if self.meter:
            self.load_warning = bp.host_load_warning(self.meter.other_cpus(), self.meter.steal_share(),
                                                     os.cpu_count() or 1)
        return self

    def verdicts(self):
        """Bochs' exact runs judge the doors when there are no TCG boots; TCG's judge everything otherwise."""
        runs = self.tcg or [r for (d, libc), r in self.bochs.items() if libc == "glibc"]
        return bp.side_by_side_verdicts(runs, loaded=bool(self.tcg and self.load_warning))

    def against_linux(self):
        """{workload: RatioVerdict of pfgate (gates) / Linux mitigations=off against 1}: 'met' faster, 'MISSED'
        slower, 'inconclusive' when the medians' intervals cannot tell; only workloads both measured (TCG)."""
        out = {}
        for name in bp.ALL_WORKLOADS:
            v = bp.ratio_verdict([r.tsc[name] for r in self.tcg if r.label == "gate" and name in r.tsc],
                                 [r.tsc[name] for r in self.tcg if r.label == "linux-off" and name in r.tsc], 1.0)
            if v:
                out[name] = v._replace(state="inconclusive") if self.load_warning else v   # (side_by_side_verdicts)
        return out

    def against_linux_lines(self):
        """Where pfgate beats Linux and where not, from this run's figures, and why: a note of WHY is shown only
        while the figures agree with it, and a note they contradict is called stale (make bench-readme's text)."""
        got = self.against_linux()
        if not got:
            return []
        groups = {"met": [], "MISSED": [], "inconclusive": []}
        for name, v in got.items():
            times = f"{1 / v.ratio:.1f}x faster" if v.ratio < 1 else f"{v.ratio:.1f}x slower"
            groups[v.state].append(f"{bp.ALL_TEXT[name]} ({v.ratio:.2f}: {times})")
        out = ["Where pfgate beats Debian's Linux (mitigations=off) and where not: pfgate through the gates / Linux, "
               "ratio of the TCG medians; faster or slower only when the medians' intervals agree:", ""]
        for state, text in (("met", "faster"), ("MISSED", "slower"), ("inconclusive", "too close to call")):
            if groups[state]:
                out.append(f"- {text}: " + "; ".join(groups[state]))
        notes = []
        for name, (claim, why) in WHY.items():
            v = got.get(name)
            if v is None:
                continue
            seen = {"met": "faster", "MISSED": "slower"}.get(v.state, "too close to call")
            if self.load_warning:
                notes.append(f"- {bp.ALL_TEXT[name]}, {claim}: {why} (not checked against this run: host loaded)")
            elif seen == claim:
                notes.append(f"- {bp.ALL_TEXT[name]}, {claim} ({v.ratio:.2f}): {why}")
            else:
                notes.append(f"- {bp.ALL_TEXT[name]}: STALE NOTE: it explains why pfgate is {claim}, and these "
                             f"figures say {seen} ({v.ratio:.2f}); tools/bench/linux_side.py WHY needs a look")
        if notes:
            out += ["", "Why (tools/bench/linux_side.py WHY; each note shown only while this run's figures agree "
                    "with it):", ""] + notes
        return out + [""]

    def summary_lines(self):
        """The verdicts, for results.md's Summary (and so README's)."""
        out = ["Linux programs (issue 29: tools/linuxref/bench/sysbench.c and realbench.c's busybox workloads, static",
               "i386 glibc, unmodified, on pfgate",
               "through each door and on Debian's Linux; thresholds fixed in tools/bench/parse.py before measuring;",
               "a ratio of medians across boots, met or MISSED only when the ratio of the medians' confidence",
               "intervals' ends agrees, else inconclusive; " + ("Bochs instructions, one boot a door: no Linux boots"
                                                                 if not self.tcg else
                                                                 f"QEMU TCG, {self.boots} boots of each") + "):", ""]
        if self.tcg and self.load_warning:
            out += [f"**{self.load_warning}** So every verdict below is inconclusive whatever its ratio: across "
                    "boots, a loaded host's boots differ in speed by more than the kernels do.", ""]
        for text, threshold, v, why in self.verdicts():
            if v is None:
                out.append(f"- {text} <= {threshold:g}: not measured ({why})")
                continue
            spread = f" ({v.low:.2f}-{v.high:.2f})" if v.high != v.low else ""
            out.append(f"- {text} <= {threshold:g}: {v.ratio:.2f}{spread}: **{v.state}**")
        out.append("")
        return out + self.against_linux_lines()

    def lines(self):
        out = ["## Linux programs through each door, and Debian's Linux beside them", "",
               "One unmodified static i386 program (tools/linuxref/bench/sysbench.c) times its own loops with the",
               "TSC and prints one line per workload; on pfgate only its vDSO changes from boot to boot (the bench",
               "kernel's `vdso=` option: gates, int 0x80, sysenter or a call gate, each entering in Linux's own",
               "convention, src/bench/linux_doors.c). A workload whose calls pfgate does not serve yet says so.",
               "After it, in the same boot, tools/linuxref/bench/realbench.c times the real workloads: unmodified",
               "busybox (sh, find + xargs grep, tar, gzip, sort) around fork + exec + wait of each run, the inputs",
               "from the bench disk on pfgate and from the initramfs on Linux (/bench: this tree's src/ and docs/);",
               "`lua` is a slot until pfgate runs dynamic binaries.", ""]
        out += self.bochs_table()
        out += self.count_lines()
        out += self.share_lines()
        if self.tcg:
            out += self.tcg_table()
        else:
            out += ["QUICK: no QEMU TCG boots, so no Linux boots either (make bench without QUICK boots Debian's "
                    "Linux).", ""]
        return out

    def bochs_table(self):
        doors = [d for d in bp.LINUX_DOORS if (d, "glibc") in self.bochs]
        out = [f"Bochs, instructions per operation (exact; 1/{BOCHS_DIVISOR} of each count; `{WITHOUT_SMAP}`):", "",
               "| workload | " + " | ".join(f"glibc, {bp.LINUX_DOOR_TEXT[d]}" for d in doors) +
               " | musl, gates | gates / best door |",
               "|---|" + "---:|" * (len(doors) + 2)]
        for name in bp.ALL_WORKLOADS:
            cells = [cell(self.bochs[(d, "glibc")], name) for d in doors]
            musl = self.bochs.get(("gate", "musl"))
            values = {d: self.bochs[(d, "glibc")].tsc.get(name) for d in doors}
            measured = [v for v in values.values() if v]
            ratio = f"{values['gate'] / min(measured):.3f}" if values.get("gate") and measured else ""
            out.append(f"| {bp.ALL_TEXT[name]} | " + " | ".join(cells) + f" | {cell(musl, name)} | {ratio} |")
        out += ["", "Debian's Linux is not run in Bochs: its boot alone would take longer than make bench may."]
        if not self.real_in_bochs:
            out += ["QUICK: the real workloads are left out of these Bochs boots (about 4 minutes of Bochs; "
                    "`make bench QUICK=1 REAL=1` runs them)."]
        out += [""]
        return out

    def count_lines(self):
        out = ["Calls by the C library's own int 0x80 (whatever the vDSO says: glibc's start-up, before its TLS",
               "holds AT_SYSINFO; musl's set_thread_area), from a `linuxlog` boot per libc with "
               f"1/{BOCHS_DIVISOR} of each count:", ""]
        for libc, run in self.counts.items():
            if not run.int80:
                out.append(f"- {libc}: no calls logged")
                continue
            parts = [f"{name} {n}" for name, n in run.int80.items()]
            out.append(f"- {libc}: " + ", ".join(parts) + " (each workload's line; the start-up counts in the first)")
        out.append("")
        return out

    def round_trips(self, runs, label):
        """{door as linuxlog names it: ticks per call} for pfgate through `label` (a door) or for a Linux setting:
        the door's getpid (glibc's syscall(): the round trip with the least service), medians over runs."""
        def getpid(l):
            v = [r.tsc["getpid"] for r in runs if r.label == l and "getpid" in r.tsc]
            return statistics.median(v) if v else None
        if label in bp.LINUX_SETTINGS:   # Linux: one way in for every call
            g = getpid(label)
            return {"gate": g, "int 0x80": g, "the vDSO's door": g}
        return {"gate": getpid("gate"), "the vDSO's door": getpid(label), "int 0x80": getpid("int80")}

    def shares(self, runs, labels):
        """{(workload, label): share of its time entering and leaving} from the glibc counting boot's calls."""
        count = self.counts.get("glibc")
        if count is None or not count.calls:
            return {}
        out = {}
        for label in labels:
            trips = self.round_trips(runs, label)
            for name in bp.ALL_WORKLOADS:
                calls = dict(count.calls.get(name, {}))
                if label != "gate" and "gate" in calls:   # the same program's calls, by this door's vDSO
                    calls["the vDSO's door"] = calls.pop("gate")
                v = [r.tsc[name] for r in runs if r.label == label and name in r.tsc]
                share = bp.entering_share(calls, count.ops.get(name), statistics.median(v) if v else None, trips)
                if share is not None:
                    out[(name, label)] = share
        return out

    def share_lines(self):
        """Per workload: its calls by door (the counting boot) and the share of its time entering and leaving."""
        count = self.counts.get("glibc")
        if count is None or not count.calls:
            return []
        bochs = [r for (d, libc), r in self.bochs.items() if libc == "glibc"]
        doors = [d for d in bp.LINUX_DOORS if (d, "glibc") in self.bochs]
        b_share = self.shares(bochs, doors)
        tcg_labels = list(bp.LINUX_DOORS) + list(bp.LINUX_SETTINGS) if self.tcg else []
        t_share = self.shares(self.tcg, tcg_labels) if self.tcg else {}
        out = ["Entering and leaving (issue 29): per workload, its calls per operation from the glibc counting boot",
               "(1/{} of each count; a real workload's busybox children included; by the gates or the vDSO's door, and"
               .format(BOCHS_DIVISOR),
               "by int 0x80 whatever the vDSO says: glibc's start-up in every new program), each costing its door's",
               "getpid round trip (the call with the least service: an upper bound), against the workload's time",
               "per operation. Linux's columns use pfgate's counts (the same program) and Linux's own getpid.", "",
               "| " + " | ".join(["workload", "calls / op", "by int 0x80 / op"] +
                                 [f"Bochs, {bp.LINUX_DOOR_TEXT[d]}" for d in doors] +
                                 [f"TCG, {dict(bp.LINUX_DOOR_TEXT, **bp.LINUX_SETTING_TEXT)[l]}" for l in tcg_labels]) + " |",
               "|---|---:|---:|" + "---:|" * (len(doors) + len(tcg_labels))]
        for name in bp.ALL_WORKLOADS:
            calls, ops = count.calls.get(name), count.ops.get(name)
            if not calls or not ops:
                out.append(f"| {bp.ALL_TEXT[name]} | {count.state(name)} |" + " |" * (1 + len(doors) + len(tcg_labels)))
                continue
            cells = [f"{sum(calls.values()) / ops:,.1f}", f"{calls.get('int 0x80', 0) / ops:,.1f}"]
            cells += [pct(b_share.get((name, d))) for d in doors] + [pct(t_share.get((name, l))) for l in tcg_labels]
            out.append(f"| {bp.ALL_TEXT[name]} | " + " | ".join(cells) + " |")
        out.append("")
        self.share_chart_data = (b_share, t_share, doors, tcg_labels)
        return out

    def tcg_table(self):
        labels = list(bp.LINUX_DOORS) + list(bp.LINUX_SETTINGS)
        text = dict(bp.LINUX_DOOR_TEXT, **bp.LINUX_SETTING_TEXT)
        out = [f"QEMU TCG (the scripted boots' -cpu {launch_qemu.SCRIPTED_CPU}: SMEP and SMAP on for both kernels; "
               "the same memory), TSC ticks per operation, median of the boots (lowest-highest); the boots "
               "interleaved, pfgate's through the gates first in each round:", "",
               "| workload | " + " | ".join(f"pfgate, {text[l]}" if l in bp.LINUX_DOORS else text[l] for l in labels)
               + " | pfgate gates / Linux off |",
               "|---|" + "---:|" * (len(labels) + 1)]
        for name in bp.ALL_WORKLOADS:
            cells = []
            for label in labels:
                values = [r.tsc[name] for r in self.tcg if r.label == label and name in r.tsc]
                if values:
                    cells.append(f"{statistics.median(values):,.0f} ({min(values):,}-{max(values):,})")
                else:
                    states = {r.state(name) for r in self.tcg if r.label == label}
                    cells.append(", ".join(sorted(states)))
            v = bp.ratio_verdict([r.tsc[name] for r in self.tcg if r.label == "gate" and name in r.tsc],
                                 [r.tsc[name] for r in self.tcg if r.label == "linux-off" and name in r.tsc],
                                 1 / bp.SYSCALL_BOUND_FACTOR)
            cells.append(f"{v.ratio:.2f}" if v else "")
            out.append(f"| {bp.ALL_TEXT[name]} | " + " | ".join(cells) + " |")
        out += ["", "Linux in Bochs: not run (see above). The verdicts are in the summary.", ""]
        return out


def pct(v):
    return "" if v is None else f"{v * 100:.1f}%"


def cell(run, name):
    if run is None:
        return "not run"
    if name in run.tsc:
        return f"{run.tsc[name]:,}"
    return run.state(name)


def histogram(gnuplot, out_dir, png, data, columns, title, extra=""):
    """png in out_dir: data's columns 2..columns+1 as clustered bars per workload (its first column)."""
    import os
    plot = ", ".join(f"'{data}' using {i + 2}:xtic(1) title columnhead({i + 2})" for i in range(columns))
    gnuplot(f"""
set terminal TERM size 1100,520 noenhanced
set output '{os.path.join(out_dir, png)}'
set title '{title}'
{extra}set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set key outside bottom center horizontal font ',9'
set grid ytics
set yrange [0:*]
plot {plot}
""", png)


def chart(side, out_dir, gnuplot):
    """linux.png: per workload, pfgate through each door and Linux (both settings) against Linux mitigations=off
    (TCG medians), or, without TCG boots, each door against the gates (Bochs, exact)."""
    import os
    runs = side.tcg or [r for (d, libc), r in side.bochs.items() if libc == "glibc"]
    labels = list(bp.LINUX_DOORS) + ([*bp.LINUX_SETTINGS] if side.tcg else [])
    base = "linux-off" if side.tcg else "gate"

    def median(label, name):
        v = [r.tsc[name] for r in runs if r.label == label and name in r.tsc]
        return statistics.median(v) if v else None

    names = [n for n in bp.ALL_WORKLOADS if median(base, n)]
    data = os.path.join(out_dir, "linux.dat")
    with open(data, "w") as f:
        f.write("workload " + " ".join(f'"{l}"' for l in labels) + "\n")
        for n in names:
            cells = [median(l, n) for l in labels]
            f.write(f'"{n}" ' + " ".join("NaN" if c is None else f"{c / median(base, n):.3f}" for c in cells) + "\n")
    share_chart(side, out_dir, gnuplot)
    what = ("TCG ticks per operation, over Linux mitigations=off (medians)" if side.tcg else
            "Bochs instructions per operation, over the gates (exact)")
    histogram(gnuplot, out_dir, "linux.png", data, len(labels),
              f"One Linux program per workload: pfgate through each door{' and Debian Linux' if side.tcg else ''}",
              f"set ylabel '{what}' font ',9'\n")


def share_chart(side, out_dir, gnuplot):
    """linux-share.png: per workload, the share of its time entering and leaving the kernel, per door (Bochs,
    and TCG with Linux beside when there are TCG boots): LinuxSide.share_lines' figures."""
    import os
    data_of = getattr(side, "share_chart_data", None)
    if not data_of:
        return
    b_share, t_share, doors, tcg_labels = data_of
    columns = [("Bochs " + d, b_share, d) for d in doors] + [("TCG " + l, t_share, l) for l in tcg_labels]
    names = [n for n in bp.ALL_WORKLOADS if any((n, key) in shares for _, shares, key in columns)]
    if not names:
        return
    data = os.path.join(out_dir, "linux-share.dat")
    with open(data, "w") as f:
        f.write("workload " + " ".join(f'"{c[0]}"' for c in columns) + "\n")
        for n in names:
            f.write(f'"{n}" ' + " ".join(f"{shares[(n, key)] * 100:.3f}" if (n, key) in shares else "NaN"
                                         for _, shares, key in columns) + "\n")
    histogram(gnuplot, out_dir, "linux-share.png", data, len(columns),
              "Linux programs: share of each workload entering and leaving the kernel, per door (%)")
