"""
Issue 28's "done when": for busybox's applets, the share of calls that entered
by a gate, the rest by the int 0x80 path. One QEMU boot of the bench kernel
(`vdso=gate`, make run's vDSO, and `linuxlog`, which makes the kernel print
each Linux process's counts as it exits:
    linux: pid P (NAME) exits S: G calls by a gate, I by int 0x80, D by the vDSO's door
) runs busybox's sh over SCRIPT from the bench disk: each applet of the
issue's session list once, by its path in /bin so that ash's builtins (echo,
printf, test, kill) run as programs too. The counts are summed per applet name.

  python3 -m tools.bench.applet_share [--log FILE]   (make applet-share)
    --log FILE  read a recorded boot's log instead of booting
Prints the table (also a section of make bench's results.md).
"""
import argparse
import os
import re
import sys

from tools.launch import BENCH_KERNEL, BUILD

EXIT_RE = re.compile(r"^linux: pid \d+ \((\S+)\) exits \d+: (\d+) calls by a gate, (\d+) by int 0x80, "
                     r"(\d+) by the vDSO's door", re.M)
F = "/abi/data/hello.txt"
# The session list of issue 28, each applet once (stdout to /dev/null); vi, the one interactive applet, is left
# out (a session types into it: test/suite_bbdisk.py's territory), top runs one batch round, more and less
# read a file with no terminal (as cat).
COMMANDS = [
    "ls -l /bench/docs", f"cat {F}", "echo hello", "printf %s\\\\n x", f"wc -l {F}", f"grep -c a {F}",
    f"sed -n 1p {F}", f"awk 'END {{ print NR }}' {F}", f"sort {F}", f"uniq {F}", f"head -n 1 {F}", f"tail -n 1 {F}",
    f"cut -c 1-3 {F}", f"tr a-z A-Z < {F}", f"cp {F} /tmp/as.a", "mv /tmp/as.a /tmp/as.b", "ln /tmp/as.b /tmp/as.c",
    "rm /tmp/as.b /tmp/as.c", "mkdir /tmp/as.d", "rmdir /tmp/as.d", "touch /tmp/as.e", "find /bench/docs -type f",
    f"echo {F} | /bin/xargs /bin/cat", "echo x | /bin/tee /tmp/as.f", "test -f /tmp/as.f", "expr 1 + 1", "seq 3",
    "sleep 0", "date", "env", "kill -0 $$", "ps", "top -b -n 1", "free", f"gzip -c {F} > /tmp/as.gz",
    "gunzip -c /tmp/as.gz", "tar -cf /tmp/as.tar -C /bench docs", f"md5sum {F}", f"sha256sum {F}", f"diff {F} {F}",
    f"dd if={F} of=/dev/null", f"od -c {F}", f"hexdump -C {F}", "uname -a", "id", f"more {F}", f"less {F}",
    "sh -c true",
]
SCRIPT_GUEST = "/bench/applets.sh"


def script():
    """The script (on the bench disk: tools/bench/disk_tree.py): every command by its path in /bin."""
    lines = ["# Each applet of issue 28's session once, by its path (tools/bench/applet_share.py).", "cd /tmp"]
    lines += [f"/bin/{c} > /dev/null 2>&1" for c in COMMANDS]
    lines += ["rm -f /tmp/as.*", "echo applets: done"]
    return "\n".join(lines) + "\n"


def applets():
    """The applets the script runs, in its order (a pipe's second too)."""
    return list(dict.fromkeys(n for c in COMMANDS for n in re.findall(r"(?:^|/bin/)([a-z0-9]+)", c)))


def counts(log):
    """{process name: [by a gate, by int 0x80, by the vDSO's door]} summed over every exit line."""
    out = {}
    for name, g, i, d in EXIT_RE.findall(log):
        c = out.setdefault(name, [0, 0, 0])
        c[0] += int(g)
        c[1] += int(i)
        c[2] += int(d)
    return out


def lines(log):
    """The section for results.md."""
    got = counts(log)
    out = ["## Busybox's applets: calls by a gate, the rest by int 0x80 (issue 28)", "",
           f"One boot (`vdso=gate linuxlog`) runs `sh {SCRIPT_GUEST}`: each applet of the session list once, by its",
           "path (ash's builtins as programs too). glibc enters every call by the gate once its TLS holds",
           "AT_SYSINFO; what comes by int 0x80 is its start-up before that, in every new program. vi, interactive,",
           "is left out.", "",
           "| applet | calls | by a gate | by int 0x80 | gate share |", "|---|---:|---:|---:|---:|"]
    total = [0, 0]
    for name in applets() + ["sh"] * ("sh" not in applets()):
        c = got.get(name)
        if not c:
            out.append(f"| {name} | not seen | | | |")
            continue
        n = c[0] + c[1] + c[2]
        total[0] += c[0]
        total[1] += c[1]
        out.append(f"| {name} | {n:,} | {c[0]:,} | {c[1]:,} | {c[0] / n:.1%} |" if n else f"| {name} | 0 | | | |")
    n = total[0] + total[1]
    if n:
        out.append(f"| all | {n:,} | {total[0]:,} | {total[1]:,} | {total[0] / n:.1%} |")
    out.append("")
    return out


def boot(initrd, disk):
    from tools.launch import qemu as launch_qemu
    return launch_qemu.boot(f"run=/bin/sh:{SCRIPT_GUEST} doors testexit vdso=gate linuxlog", mem_mb=64, timeout=600,
                            initrd=initrd, kernel=BENCH_KERNEL, disk=disk)


def main():
    ap = argparse.ArgumentParser(prog="python3 -m tools.bench.applet_share", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--log")
    a = ap.parse_args()
    if a.log:
        with open(a.log) as f:
            log = f.read()
    else:
        from tools.bench.run import disk_copy
        b = boot(os.path.join(BUILD, "bench", "initrd.tar"), disk_copy("applets"))
        log = b.log
        os.makedirs(os.path.join(BUILD, "bench", "logs"), exist_ok=True)
        with open(os.path.join(BUILD, "bench", "logs", "applets.log"), "w") as f:
            f.write(log)
        if "applets: done" not in log:
            print(f"applet_share: the boot did not finish the script:\n{b.tail()}", file=sys.stderr)
    print("\n".join(lines(log)))


if __name__ == "__main__":
    main()
