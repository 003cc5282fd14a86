"""
Issue 29 in make bench: one unmodified Linux program through every door by
swapping only its vDSO (the bench kernel's `vdso=`), and the parser and
verdicts of the side-by-side report on recorded logs, Debian's Linux boots
among them (test/fixtures/bench/linux/). Not a timing test.
"""
import glob
import os
import re

from test import harness
from test import run_tests
from test.run_tests import R

from tools.bench import parse as bp
from tools.bench import linux_side

BENCH_INITRD = os.path.join(harness.BUILD, "bench", "initrd.tar")
BENCH_DISK = os.path.join(harness.BUILD, "bench", "disk.img")
FIXTURES = os.path.join(harness.ROOT, "test", "fixtures", "bench", "linux")
# What pfgate serves today of the workload's calls (linux_calls.def): a new call turns a line into a figure.
# With the bench disk ("/": busybox, a writable /tmp) every sysbench workload and every real one runs, through
# every door (the sysenter door's execve once killed every busybox it started: df99a7c); lua is a slot.
MEASURED_TODAY = ("getpid", "stat", "open_close", "file_4k", "pipe_pingpong", "fork_exit_wait", "fork_exec_wait",
                  "sh_pipes", "find_grep", "tar", "gzip", "sort")
REAL_DIVISOR = 50
# What pfgate served when the recorded logs (FIXTURES) were made, before Linux fork and pipes merged.
MEASURED_IN_FIXTURES = ("getpid", "stat", "open_close")
# The first sysbench.glibc the kernel started (its forked children exit before it, with no start-up of their own).
EXIT_RE = re.compile(r"linux: pid (\d+) \(sysbench\.glibc\) exits 0: (\d+) calls by a gate, (\d+) by int 0x80, "
                     r"(\d+) by the vDSO's door")


@run_tests.test
def qemu_linux_program_through_each_vdso():
    """sysbench.glibc through the gates, int 0x80, sysenter and a call gate, its vDSO the only change; then a
    native program through the native int 0x80 door in the same boot (vector 0x80 follows the personality)."""
    for door in bp.LINUX_DOORS:
        p = f"qemu sysbench vdso={door}"
        # sysbench (1/50 of each count, every call logged), args6 (a sixth argument through the door: mmap2's
        # page offset), then usertests through the native int 0x80 door.
        cmdline = linux_side.pfgate_cmdline(door, "glibc", 50, "linuxlog").replace(
            " doors", ",args6.glibc,usertests.int80:bench:doors doors", 1)
        img = harness.disk_copy(f"bench-linux-{door}", BENCH_DISK)
        b = harness.qemu_boot(cmdline, mem_mb=64, timeout=600, initrd=BENCH_INITRD, kernel=harness.BENCH_KERNEL,
                              replies=[("harness sends 'ping'", "ping")], disk=img)
        run = bp.SysbenchRun(b.log, door)
        for name in bp.ALL_WORKLOADS:
            state = run.state(name)
            want = state == "measured" if name in MEASURED_TODAY else re.match(r"(measured|(unsupported|failed): \S)", state)
            R.check(f"{p}: {name}: {state}", want, b.tail(30))
        R.check(f"{p}: lua says why it is not run", run.state("lua").startswith("unsupported: dynamic"), run.state("lua"))
        # (usertests, after them, has processes killed on purpose)
        done = re.search(r"^exit: pid \d+ \(realbench\.glibc\)", b.log, re.M)
        linux_part = b.log[:done.start()] if done else b.log
        R.check(f"{p}: the Linux programs and their busybox children: none killed",
                done and not re.search(r"^killed: ", linux_part, re.M),
                "\n".join(re.findall(r"^killed: .*", linux_part, re.M)[:5]) or b.tail(20))
        harness.disk_checked(R, p, img)
        exits = sorted((tuple(int(x) for x in m.groups()) for m in EXIT_RE.finditer(b.log)), key=lambda e: e[0])
        m = exits[0] if exits else None
        _, gate, int80, door_calls = m if m else (0, 0, 0, 0)
        if door == "gate":
            ok = gate > 0 and door_calls == 0
        else:
            ok = gate == 0 and door_calls > 0
        R.check(f"{p}: its calls came by {'the gates' if door == 'gate' else 'the vDSO door'} "
                f"(gate {gate}, vDSO door {door_calls})", m and ok, b.tail(30))
        R.check(f"{p}: glibc's own int 0x80 (its start-up) still served and counted as such: {int80}",
                int80 == 6, b.tail(30))
        R.check(f"{p}: a sixth argument (mmap2's page offset, EBP) arrives whole through the door",
                re.search(r"^args6: mmap2 offset ok", b.log, re.M), b.tail(30))
        R.check(f"{p}: then a native program's int 0x80 reaches the native door again",
                re.search(r"^exit: pid \d+ \(usertests\.int80\) status 0", b.log, re.M), b.tail(30))
        run_tests.check_exit(p, b)


def fixture_runs():
    """SysbenchRuns of the recorded boots: NAME-LABEL-N.log, LABEL a door or a Linux setting."""
    runs = []
    for path in sorted(glob.glob(os.path.join(FIXTURES, "*.log"))):
        label = re.match(r"(?:tcg|bochs|counting)-([a-z0-9-]+?)-\d+\.log$", os.path.basename(path)).group(1)
        with open(path) as f:
            runs.append((os.path.basename(path), bp.SysbenchRun(f.read(), label)))
    return runs


@run_tests.test
def bench_linux_side_parser_and_verdicts():
    """The Linux workload's lines, the int 0x80 counts per workload, and the ratio-of-medians verdicts, on
    recorded logs of pfgate through each door and of Debian's Linux with both settings."""
    p = "bench linux side"
    # ratio_verdict: met or MISSED only when the intervals' ends agree.
    v = bp.ratio_verdict([40, 42, 44], [100, 101, 102], 0.5)
    R.check(f"{p}: 42/101, at most 44/100 <= 0.5: met", v.state == "met" and abs(v.ratio - 42 / 101) < 1e-9, str(v))
    v = bp.ratio_verdict([60, 61, 62], [100, 101, 102], 0.5)
    R.check(f"{p}: at least 60/102 > 0.5: MISSED", v.state == "MISSED", str(v))
    v = bp.ratio_verdict([45, 50, 56], [100, 101, 102], 0.5)
    R.check(f"{p}: 45/102 .. 56/100 across 0.5: inconclusive", v.state == "inconclusive", str(v))
    v = bp.ratio_verdict([105], [100], 1.05)
    R.check(f"{p}: one exact figure each, on the threshold: met (a point)", v.state == "met" and v.low == v.high, str(v))
    R.check(f"{p}: nothing measured, no verdict", bp.ratio_verdict([], [1], 1) is None)

    runs = dict(fixture_runs())
    labels = {r.label for r in runs.values()}
    R.check(f"{p}: the fixtures hold every door and both Linux settings",
            labels >= set(bp.LINUX_DOORS) | set(bp.LINUX_SETTINGS), str(sorted(labels)))
    linux = [r for r in runs.values() if r.label in bp.LINUX_SETTINGS]
    R.check(f"{p}: Debian's Linux measured every workload in every boot (noise of its console ignored)",
            linux and all(set(r.tsc) == set(bp.SYSBENCH_WORKLOADS) for r in linux),
            str([(r.label, sorted(r.tsc)) for r in linux]))
    pf = [r for name, r in runs.items() if r.label in bp.LINUX_DOORS and not name.startswith("counting-")]
    R.check(f"{p}: pfgate: unsupported and failed workloads are reported, not silent gaps",
            all(set(r.tsc) | set(r.unsupported) | set(r.failed) == set(bp.SYSBENCH_WORKLOADS) for r in pf)
            and all(r.unsupported.get("fork_exit_wait") == "fork" for r in pf),
            str([(r.label, r.unsupported, r.failed) for r in pf]))
    counting = [r for name, r in runs.items() if name.startswith("counting-")]
    R.check(f"{p}: the counting boot gives glibc's own int 0x80 calls per workload (its start-up in the first)",
            counting and counting[0].int80.get("getpid") == 6 and sum(counting[0].int80.values()) == 6,
            str([r.int80 for r in counting]))
    R.check(f"{p}: a boot without linuxlog counts nothing", all(not r.int80 for r in pf + linux))

    tcg = [r for name, r in runs.items() if name.startswith("tcg-")]   # one emulator's ticks only
    verdicts = {text: (v, why) for text, _, v, why in bp.side_by_side_verdicts(tcg)}
    getpid = next(t for t in verdicts if t.startswith(bp.SYSBENCH_TEXT["getpid"] + ": pfgate"))
    v = verdicts[getpid][0]
    gate = [r.tsc["getpid"] for r in tcg if r.label == "gate"]
    off = [r.tsc["getpid"] for r in tcg if r.label == "linux-off"]
    R.check(f"{p}: getpid against Linux mitigations=off: the ratio of the medians, with its verdict",
            v is not None and abs(v.ratio - bp.statistics.median(gate) / bp.statistics.median(off)) < 1e-9
            and v.state in ("met", "MISSED", "inconclusive"), str(v))
    fork = next(t for t in verdicts if t.startswith(bp.SYSBENCH_TEXT["fork_exit_wait"] + ": pfgate"))
    R.check(f"{p}: fork against Linux: no verdict, and the reason says pfgate lacks fork",
            verdicts[fork][0] is None and "unsupported: fork" in verdicts[fork][1], str(verdicts[fork]))
    R.check(f"{p}: the compute-bound claims wait for their programs",
            all(verdicts[t][0] is None for t in verdicts if t.startswith(("gzip", "sort"))), str(verdicts))
    doors = [t for t in verdicts if "the best door" in t and verdicts[t][0]]
    R.check(f"{p}: the gates judged against the best other door on each measured workload",
            len(doors) == len(MEASURED_IN_FIXTURES), str(doors))


REAL_FIXTURES = os.path.join(harness.ROOT, "test", "fixtures", "bench", "linux-real")


def real_fixture_side():
    """A LinuxSide holding the recorded real-workload boots' timed runs (one boot each)."""
    side = linux_side.LinuxSide("", True, None, None)
    side.tcg = [r for n, r in real_fixture_runs().items() if not n.startswith("counting-")]
    side.boots = 1
    return side


def real_fixture_runs():
    """SysbenchRuns of the recorded boots with the real workloads (pfgate's through each door at 1/10 of each
    count, one of Debian's Linux per setting, the glibc counting boot's call lines, gzipped)."""
    import gzip
    runs = {}
    for path in sorted(glob.glob(os.path.join(REAL_FIXTURES, "*.log*"))):
        name = os.path.basename(path)
        label = re.match(r"(?:tcg|counting)-([a-z0-9-]+?)-\d+\.log", name).group(1)
        with (gzip.open(path, "rt") if name.endswith(".gz") else open(path)) as f:
            runs[name] = bp.SysbenchRun(f.read(), label)
    return runs


@run_tests.test
def bench_linux_real_workloads_parser_and_verdicts():
    """The real workloads' lines, their calls by door per workload, the share entering and leaving, and their
    verdicts, on recorded logs of pfgate through each door and of Debian's Linux with both settings."""
    p = "bench linux real workloads"
    runs = real_fixture_runs()
    measured = [n for n in bp.REAL_WORKLOADS if n != "lua"]
    labels = {r.label for r in runs.values()}
    R.check(f"{p}: the fixtures hold every door, both Linux settings and a counting boot",
            labels >= set(bp.LINUX_DOORS) | set(bp.LINUX_SETTINGS), str(sorted(labels)))
    timed = {n: r for n, r in runs.items() if not n.startswith("counting-")}
    for name, r in sorted(timed.items()):
        R.check(f"{p}: {name}: every sysbench and real workload measured, lua a clear slot",
                set(r.tsc) == set(bp.SYSBENCH_WORKLOADS) | set(measured)
                and r.unsupported.get("lua", "").startswith("dynamic binaries"),
                f"{sorted(r.tsc)} {r.unsupported} {r.failed}")
    count = next((r for n, r in runs.items() if n.startswith("counting-")), None)
    R.check(f"{p}: the counting boot gives every real workload its calls, its busybox children's included, and "
            "the int 0x80 of each new program's start-up (6 a glibc program)",
            count and all(count.calls.get(n) for n in measured)
            and count.int80.get("sh_pipes", 0) >= 6 * count.ops.get("sh_pipes", 1),
            str(count.calls if count else None))
    side = linux_side.LinuxSide("", True, None, None)
    side.counts = {"glibc": count}
    side.tcg = list(timed.values())
    side.boots = 1
    lines = side.share_lines()
    share = side.share_chart_data[1]
    R.check(f"{p}: a share entering and leaving for every measured real workload, door and Linux setting, "
            "each between 0 and 1 for the real workloads",
            all(0 < share.get((n, l), -1) < 1 for n in measured for l in bp.LINUX_DOORS + bp.LINUX_SETTINGS),
            "\n".join(lines))
    verdicts = {text: (v, why) for text, _, v, why in bp.side_by_side_verdicts(side.tcg)}
    for name in bp.COMPUTE_WORKLOADS:
        text = f"{bp.ALL_TEXT[name]}: pfgate (gates) / Linux mitigations=off"
        v = verdicts.get(text, (None,))[0]
        R.check(f"{p}: {name} judged against Linux within {bp.COMPUTE_TOLERANCE}: {v and v.state}",
                v is not None and v.state in ("met", "MISSED", "inconclusive"), str(verdicts.get(text)))
    doors = [t for t in verdicts if "the best door" in t and verdicts[t][0]]
    R.check(f"{p}: the gates judged against the best other door on every measured workload",
            len(doors) == len(bp.SYSBENCH_WORKLOADS) + len(measured), str(sorted(doors)))
    lua = next(t for t in verdicts if t.startswith(bp.ALL_TEXT["lua"]))
    R.check(f"{p}: lua: no verdict, and the reason says why", verdicts[lua][0] is None
            and "dynamic binaries" in verdicts[lua][1], str(verdicts[lua]))


@run_tests.test
def bench_verdicts_compare_runs():
    """make bench-verdicts (tools/bench/verdicts.py): it reads every verdict line results.md's Summary gets
    (the Linux programs' from LinuxSide.summary_lines on recorded logs), keeps one claim whatever best other door
    it was judged against, and reports a verdict that changed, or that a run lacks."""
    from tools.bench import verdicts as bv
    p = "bench verdicts compare"
    side = real_fixture_side()
    lines = side.summary_lines()
    got = bv.verdicts("\n".join(lines))
    want = len(side.verdicts())
    R.check(f"{p}: every Linux-program verdict line read ({want}, measured or not)", len(got) == want,
            "\n".join(lines) + f"\n{got}")
    R.check(f"{p}: a run compared with itself: nothing changed", bv.changes([got, dict(got)]) == [], str(got))
    door_line = next(ln for ln in lines if "the best other)" in ln and "**" in ln)
    renamed = re.sub(r"\([^()]* the best other\)", "(another door the best other)", door_line)
    R.check(f"{p}: the same door goal judged against another best door is the same claim",
            renamed != door_line and bv.verdicts(door_line).keys() == bv.verdicts(renamed).keys(),
            f"{door_line}\n{renamed}")
    state = re.search(r"\*\*(\w+)\*\*", door_line).group(1)
    other = "inconclusive" if state != "inconclusive" else "met"
    flipped = dict(got)
    key = next(iter(bv.verdicts(door_line)))
    flipped[key] = other
    missing = dict(got)
    missing.pop(key)
    R.check(f"{p}: a flipped verdict is reported with each run's state",
            bv.changes([got, got, flipped]) == [(key, [state, state, other])], str(bv.changes([got, got, flipped])))
    R.check(f"{p}: a verdict one run lacks is reported", bv.changes([got, missing]) == [(key, [state, None])],
            str(bv.changes([got, missing])))
    R.check(f"{p}: the kernel's own verdicts read too (docs/bench/results.md's Summary)",
            len(bv.verdicts(open(os.path.join(harness.ROOT, "docs", "bench", "results.md")).read())) >= 10, "")


@run_tests.test
def bench_linux_where_pfgate_beats_linux():
    """results.md's Summary (and so README's) says, from the run's figures, where pfgate through the gates is
    faster than Linux mitigations=off and where slower; a hand-written note of why is shown only while the
    figures agree with it, and one they contradict is called stale (recorded logs)."""
    p = "bench linux against Linux"
    side = real_fixture_side()
    got = side.against_linux()
    slower = sorted(n for n, v in got.items() if v.state == "MISSED")
    faster = sorted(n for n, v in got.items() if v.state == "met")
    R.check(f"{p}: the recorded logs have workloads faster and slower than Linux ({faster} / {slower})",
            faster and slower, str(got))
    saved = dict(linux_side.WHY)
    try:
        linux_side.WHY.clear()
        linux_side.WHY[slower[0]] = ("slower", "NOTE-SLOWER")
        linux_side.WHY[faster[0]] = ("slower", "NOTE-WRONG")
        text = "\n".join(side.summary_lines())
    finally:
        linux_side.WHY.clear()
        linux_side.WHY.update(saved)
    R.check(f"{p}: every measured workload is placed: faster, slower or too close to call, with its ratio",
            all(bp.ALL_TEXT[n] + f" ({v.ratio:.2f}" in text for n, v in got.items()), text)
    R.check(f"{p}: a note the figures agree with is shown", "NOTE-SLOWER" in text, text)
    R.check(f"{p}: a note the figures contradict is not shown, and is called stale",
            "NOTE-WRONG" not in text and f"{bp.ALL_TEXT[faster[0]]}: STALE NOTE" in text, text)
    for name, (claim, why) in linux_side.WHY.items():
        R.check(f"{p}: WHY {name}: a workload, and a claim of faster or slower with its note",
                name in bp.ALL_WORKLOADS and claim in ("faster", "slower") and why, str((claim, why)))
    side.load_warning = "WARNING: the host was loaded"
    try:
        linux_side.WHY[slower[0]] = ("slower", "NOTE-SLOWER")
        loaded = side.verdicts()
        text = "\n".join(side.summary_lines())
    finally:
        linux_side.WHY.clear()
        linux_side.WHY.update(saved)
    R.check(f"{p}: on a loaded host every verdict against Linux or between doors is inconclusive, and says why",
            all(v is None or v.state == "inconclusive" for _, _, v, _ in loaded) and "host was loaded" in text
            and "**met**" not in text and "**MISSED**" not in text, text)
    R.check(f"{p}: on a loaded host the notes are shown unchecked, none called stale",
            "NOTE-SLOWER" in text and "not checked against this run" in text and "STALE" not in text, text)
