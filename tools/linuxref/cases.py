"""
The Linux-ABI test cases (test/linux_abi/), written once for both kernels:
which program runs with which arguments, how the guest's runner
(test/linux_abi/run.sh) marks each case's output on the serial line, how
that log is read back, and how two outputs are compared.

A case's output is its stdout and stderr together, byte for byte, then its
exit status. A line that starts with '~' names the kernel (uname's release)
and is compared up to its first '=' only. The recorded Linux outputs are
test/linux_abi/expected/CASE.out: the output, then a line "[exit N]".
"""
import os
import re

from tools.launch import ROOT

SOURCE = os.path.join(ROOT, "test", "linux_abi")
EXPECTED = os.path.join(SOURCE, "expected")
LIBCS = ("glibc", "musl")
# Where the tree lives in the guest (the initramfs's /abi; on pfgate, the disk's).
GUEST_ROOT = "/abi"
GUEST_TMP = "/tmp"
MARK = "@@linux-abi"
DONE = MARK + " done"

# Each C program with its arguments ({root}: GUEST_ROOT, {tmp}: a folder it may write).
PROGRAMS = {
    "io": "",
    "exitcode": "",
    "auxv": "first 'second arg' ''",
    "uname": "",
    "ids": "",
    "brk": "",
    "file": "{root}/data/hello.txt {tmp}",
    "dir": "{root}/data/dir",
    "procs": "",
    "exec": "{tmp}",
    "signals": "",
    "restart": "",
    "mmap": "",
    "clock": "",
    "tls": "",
    "dev": "",
    "proc": "first 'second arg' ''",
    "partial": "{tmp}",
    "args": "",
    "vfork": "",
}
SCRIPTS = ("basics", "pipes", "trap", "files", "applets", "procfs", "args", "vfork")
# Programs also built dynamically with glibc (NAME.glibc-dyn): ld-linux.so.2 loads Debian's libc.so.6
# from the guest's /lib (tools/linuxref/dynlibs.sh), on Linux and on pfgate alike.
DYNAMIC = ("io", "file", "dir")
DYNAMIC_LIBC = "glibc-dyn"


def program_names():
    """The C programs' names, each built once per libc (NAME.glibc, NAME.musl)."""
    return sorted(PROGRAMS)


def builds(name):
    """The builds of program NAME: one per libc, and the dynamic glibc one for DYNAMIC's."""
    return LIBCS + ((DYNAMIC_LIBC,) if name in DYNAMIC else ())


def cases():
    """[(case name, shell command line)] in the order the guest runs them."""
    out = []
    for name in PROGRAMS:
        for libc in builds(name):
            args = PROGRAMS[name].format(root=GUEST_ROOT, tmp=GUEST_TMP)
            out.append((f"{name}.{libc}", f"{GUEST_ROOT}/bin/{name}.{libc} {args}".rstrip()))
    for s in SCRIPTS:
        out.append((f"sh-{s}", f"sh {GUEST_ROOT}/sh/{s}.sh"))
    return out


def cases_file():
    """The guest runner's list: one case a line, its name, a tab, its command line."""
    return "".join(f"{name}\t{cmd}\n" for name, cmd in cases())


CASE_RE = re.compile(re.escape(MARK) + r" begin (\S+)\n(.*?)\n" + re.escape(MARK) + r" end \1 exit=(\d+)\n", re.S)


def parse(log):
    """{case: (output, exit status)} from a serial log (CR LF read as LF), and whether the run said done."""
    log = log.replace("\r\n", "\n")
    return {m.group(1): (m.group(2), int(m.group(3))) for m in CASE_RE.finditer(log)}, DONE in log


def masked(text):
    """The text with each kernel-naming line ('~NAME=value') cut to its name."""
    return "\n".join(line.split("=", 1)[0] + "=*" if line.startswith("~") else line for line in text.split("\n"))


def expected(case):
    """The recorded Linux output of a case: (output, exit status), or None when none is recorded."""
    path = os.path.join(EXPECTED, case + ".out")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        text = f.read()
    m = re.search(r"\n?\[exit (\d+)\]\n\Z", text)
    return (text[:m.start()], int(m.group(1))) if m else None


def record(case, output, status):
    os.makedirs(EXPECTED, exist_ok=True)
    with open(os.path.join(EXPECTED, case + ".out"), "w", encoding="utf-8", errors="surrogateescape") as f:
        f.write(output + ("\n" if output else "") + f"[exit {status}]\n")


def difference(want, got):
    """None when two (output, status) pairs agree once masked; else a short unified diff."""
    if masked(want[0]) == masked(got[0]) and want[1] == got[1]:
        return None
    import difflib
    diff = difflib.unified_diff(masked(want[0]).split("\n") + [f"[exit {want[1]}]"],
                                masked(got[0]).split("\n") + [f"[exit {got[1]}]"], "expected", "got", lineterm="", n=1)
    return "\n".join(diff)
