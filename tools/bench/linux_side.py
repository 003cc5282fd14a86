"""
make bench's Linux side (issue 29): one unmodified static i386 Linux program
(tools/linuxref/bench/sysbench.c, glibc; its musl build too under Bochs)
run on pfgate through every door, by swapping only its vDSO (the bench
kernel's `vdso=` boot option), and on Debian's linux-image-686 in the same
QEMU, with its default mitigations and with mitigations=off.

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
import concurrent.futures
import statistics

from tools.launch import BENCH_KERNEL
from tools.launch import bochs as launch_bochs, qemu as launch_qemu
from tools.launch.iso import scratch_iso
from tools.bench import parse as bp

PROGS = {"glibc": "sysbench.glibc", "musl": "sysbench.musl"}
# What it stats, where it makes its file, what it execs: the paths Debian's Linux gives it (tools/linuxref).
ARGS = "/abi/data/hello.txt:/tmp:/bin/true"
BOCHS_DIVISOR = 10     # a tenth of each count in Bochs and in the counting boot (exact, or only counted)
TCG_BOOTS = 3
WITHOUT_SMAP = "nosmep nosmap"   # Bochs: as the rest of make bench's Bochs boots (the targets' CPU)


def pfgate_cmdline(door, libc, divisor=1, extra=""):
    return f"run={PROGS[libc]}:{ARGS}:{divisor} doors testexit gatereturn=sysexit vdso={door} {extra}".strip()


def bochs_run(initrd, door, libc, checked):
    iso = scratch_iso(f"bench-linux-{door}-{libc}", pfgate_cmdline(door, libc, BOCHS_DIVISOR, WITHOUT_SMAP),
                      initrd=initrd, kernel=BENCH_KERNEL)
    b = launch_bochs.boot(iso, timeout=900)
    checked(b, f"Linux program {libc} {door} Bochs")
    return bp.SysbenchRun(b.log, door)


def qemu_run(initrd, door, libc, checked, what, divisor=1, extra=""):
    from tools.linuxref import boot as linuxref_boot
    b = launch_qemu.boot(pfgate_cmdline(door, libc, divisor, extra), mem_mb=linuxref_boot.MEM_MB, timeout=600,
                         initrd=initrd, kernel=BENCH_KERNEL)
    checked(b, what)
    return bp.SysbenchRun(b.log, door)


def linux_run(off, label, log_to, what):
    """One boot of Debian's Linux running the same program (glibc); its log kept as `what`."""
    from tools.linuxref import SYSBENCH_GUEST, boot as linuxref_boot
    result, outputs, done = linuxref_boot.boot(run=SYSBENCH_GUEST, mitigations_off=off)
    log_to(result.log, what)
    got = outputs.get("run")
    if not done or got is None:
        print(f"bench: the {label} boot did not finish: {linuxref_boot.failure_text(result, done)}")
        return bp.SysbenchRun("", label)
    return bp.SysbenchRun(got[0], label)


class LinuxSide:
    """The measurements (measure()) and their section of results.md (lines())."""

    def __init__(self, initrd, quick, checked, log_to, boots=TCG_BOOTS):
        self.initrd, self.quick, self.checked, self.log_to, self.boots = initrd, quick, checked, log_to, boots
        self.bochs, self.counts, self.tcg = {}, {}, []

    def measure(self):
        jobs = [(d, "glibc") for d in bp.LINUX_DOORS] + [("gate", "musl")]
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            for job, run in zip(jobs, pool.map(lambda j: bochs_run(self.initrd, *j, self.checked), jobs)):
                self.bochs[job] = run
        for libc in PROGS:
            self.counts[libc] = qemu_run(self.initrd, "gate", libc, self.checked, f"Linux program {libc} counting",
                                         BOCHS_DIVISOR, "linuxlog")
        if self.quick:
            return self
        for i in range(self.boots):
            for door in bp.LINUX_DOORS:
                self.tcg.append(qemu_run(self.initrd, door, "glibc", self.checked,
                                         f"Linux program glibc {door} TCG {i + 1}"))
            for label, off in (("linux-default", False), ("linux-off", True)):
                self.tcg.append(linux_run(off, label, self.log_to, f"{label} TCG {i + 1}"))
        return self

    def verdicts(self):
        """Bochs' exact runs judge the doors when there are no TCG boots; TCG's judge everything otherwise."""
        runs = self.tcg or [r for (d, libc), r in self.bochs.items() if libc == "glibc"]
        return bp.side_by_side_verdicts(runs)

    def summary_lines(self):
        """The verdicts, for results.md's Summary (and so README's)."""
        out = ["Linux programs (issue 29: tools/linuxref/bench/sysbench.c, static i386 glibc, unmodified, on pfgate",
               "through each door and on Debian's Linux; thresholds fixed in tools/bench/parse.py before measuring;",
               "a ratio of medians across boots, met or MISSED only when the ratio of the medians' confidence",
               "intervals' ends agrees, else inconclusive; " + ("Bochs instructions, one boot a door: no Linux boots"
                                                                 if not self.tcg else
                                                                 f"QEMU TCG, {self.boots} boots of each") + "):", ""]
        for text, threshold, v, why in self.verdicts():
            if v is None:
                out.append(f"- {text} <= {threshold:g}: not measured ({why})")
                continue
            spread = f" ({v.low:.2f}-{v.high:.2f})" if v.high != v.low else ""
            out.append(f"- {text} <= {threshold:g}: {v.ratio:.2f}{spread}: **{v.state}**")
        out.append("")
        return out

    def lines(self):
        out = ["## Linux programs through each door, and Debian's Linux beside them", "",
               "One unmodified static i386 program (tools/linuxref/bench/sysbench.c) times its own loops with the",
               "TSC and prints one line per workload; on pfgate only its vDSO changes from boot to boot (the bench",
               "kernel's `vdso=` option: gates, int 0x80, sysenter or a call gate, each entering in Linux's own",
               "convention, src/bench/linux_doors.c). A workload whose calls pfgate does not serve yet says so.", ""]
        out += self.bochs_table()
        out += self.count_lines()
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
        for name in bp.SYSBENCH_WORKLOADS:
            cells = [cell(self.bochs[(d, "glibc")], name) for d in doors]
            musl = self.bochs.get(("gate", "musl"))
            values = {d: self.bochs[(d, "glibc")].tsc.get(name) for d in doors}
            measured = [v for v in values.values() if v]
            ratio = f"{values['gate'] / min(measured):.3f}" if values.get("gate") and measured else ""
            out.append(f"| {bp.SYSBENCH_TEXT[name]} | " + " | ".join(cells) + f" | {cell(musl, name)} | {ratio} |")
        out += ["", "Debian's Linux is not run in Bochs: its boot alone would take longer than make bench may.", ""]
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

    def tcg_table(self):
        labels = list(bp.LINUX_DOORS) + list(bp.LINUX_SETTINGS)
        text = dict(bp.LINUX_DOOR_TEXT, **bp.LINUX_SETTING_TEXT)
        out = [f"QEMU TCG (the scripted boots' -cpu {launch_qemu.SCRIPTED_CPU}: SMEP and SMAP on for both kernels; "
               "the same memory), TSC ticks per operation, median of the boots (lowest-highest); the boots "
               "interleaved, pfgate's through the gates first in each round:", "",
               "| workload | " + " | ".join(f"pfgate, {text[l]}" if l in bp.LINUX_DOORS else text[l] for l in labels)
               + " | pfgate gates / Linux off |",
               "|---|" + "---:|" * (len(labels) + 1)]
        for name in bp.SYSBENCH_WORKLOADS:
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
            out.append(f"| {bp.SYSBENCH_TEXT[name]} | " + " | ".join(cells) + " |")
        out += ["", "Linux in Bochs: not run (see above). The verdicts are in the summary.", ""]
        return out


def cell(run, name):
    if run is None:
        return "not run"
    if name in run.tsc:
        return f"{run.tsc[name]:,}"
    return run.state(name)


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

    names = [n for n in bp.SYSBENCH_WORKLOADS if median(base, n)]
    data = os.path.join(out_dir, "linux.dat")
    with open(data, "w") as f:
        f.write("workload " + " ".join(f'"{l}"' for l in labels) + "\n")
        for n in names:
            cells = [median(l, n) for l in labels]
            f.write(f'"{n}" ' + " ".join("NaN" if c is None else f"{c / median(base, n):.3f}" for c in cells) + "\n")
    what = ("TCG ticks per operation, over Linux mitigations=off (medians)" if side.tcg else
            "Bochs instructions per operation, over the gates (exact)")
    plot = ", ".join(f"'{data}' using {i + 2}:xtic(1) title columnhead({i + 2})" for i in range(len(labels)))
    gnuplot(f"""
set terminal TERM size 1100,520 noenhanced
set output '{os.path.join(out_dir, "linux.png")}'
set title 'One Linux program per workload: pfgate through each door{" and Debian Linux" if side.tcg else ""}'
set ylabel '{what}' font ',9'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set key outside bottom center horizontal font ',9'
set grid ytics
set yrange [0:*]
plot {plot}
""", "linux.png")
