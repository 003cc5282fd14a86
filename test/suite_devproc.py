"""
/dev and /proc from native programs the kernel spawns (run=), checked
against the kernel's own state: the pid the boot says it started, the
arguments it was given. (Their Linux formats and semantics are compared
with Debian's Linux in the Linux-ABI cases dev and proc, test/linux_abi.)
"""
import re

from test import harness
from test.run_tests import R, check_exit, test

RUN = "cat:/proc/self/cmdline,ls:/proc,ls:/dev,cat:/proc/mounts,cat:/proc/self/stat,cat:/proc/meminfo"
DEVICES = ("console", "full", "null", "random", "tty", "urandom", "zero")


def output_of(log, pid):
    """What pid printed between the boot's 'started pid N' line and its exit line."""
    m = re.search(rf"boot: started pid {pid}: [^\n]*\n(?:ready: waiting for input\n)?(.*?)exit: pid {pid} ", log, re.S)
    return m.group(1) if m else ""


@test
def qemu_proc_and_dev():
    p = "qemu /proc and /dev"
    b = harness.qemu_boot(f"run={RUN} testexit", mem_mb=64, timeout=120)
    started = dict((cmd, int(pid)) for pid, cmd in re.findall(r"boot: started pid (\d+): (\S+)", b.log))
    out = {cmd: output_of(b.log, pid) for cmd, pid in started.items()}
    R.check(f"{p}: /proc/self/cmdline is the spawned program's arguments, each ending in NUL",
            out.get("cat:/proc/self/cmdline") == "cat\0/proc/self/cmdline\0", repr(out.get("cat:/proc/self/cmdline")))
    listing = out.get("ls:/proc", "")
    names = re.findall(r"^\s*\d+ (\S+?)/?$", listing, re.M)
    R.check(f"{p}: ls /proc lists self, meminfo, mounts, uptime", {"self", "meminfo", "mounts", "uptime"} <= set(names),
            listing)
    R.check(f"{p}: ls /proc lists the lister's own pid (and only live ones)",
            str(started.get("ls:/proc")) in names and not any(n.isdigit() and n != str(started.get("ls:/proc"))
                                                              for n in names), listing)
    devs = re.findall(r"^\s*\d+ (\S+)$", out.get("ls:/dev", ""), re.M)
    R.check(f"{p}: ls /dev lists the seven devices", sorted(devs) == sorted(DEVICES), out.get("ls:/dev"))
    mounts = out.get("cat:/proc/mounts", "")
    R.check(f"{p}: /proc/mounts has the root, /dev and /proc",
            "initrd / initrd ro 0 0" in mounts and "devtmpfs /dev devtmpfs" in mounts and "proc /proc proc" in mounts,
            mounts)
    stat = out.get("cat:/proc/self/stat", "")
    pid = started.get("cat:/proc/self/stat")
    m = re.match(r"(\d+) \((.*)\) (\S) (-?\d+)((?: -?\d+)+)\n$", stat)
    R.check(f"{p}: /proc/self/stat: the pid the boot started, (cat), running, parent 0 (the kernel)",
            m and int(m.group(1)) == pid and m.group(2) == "cat" and m.group(3) == "R" and m.group(4) == "0", stat)
    R.check(f"{p}: /proc/self/stat has Linux's 52 fields", m and 4 + len(m.group(5).split()) == 52, stat)
    mem = out.get("cat:/proc/meminfo", "")
    kb = dict((k, int(v)) for k, v in re.findall(r"^(\w+): +(\d+) kB$", mem, re.M))
    R.check(f"{p}: /proc/meminfo: MemTotal > MemFree > 0, in Linux's columns",
            kb.get("MemTotal", 0) > kb.get("MemFree", 0) > 0 and re.match(r"MemTotal: {7}\s*\d+ kB\n", mem), mem)
    check_exit(p, b)
