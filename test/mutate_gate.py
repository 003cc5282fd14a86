#!/usr/bin/env python3
"""
Break the gate path on purpose and see which test notices.

Each mutation is one exact textual change to a copy of the tree (the files
git knows, as they are in the working tree; build/ is not copied). The copy
is built and the test groups that should catch the break are run there
(test/run_tests.py -k ...). A mutation is caught when at least one check
fails; the report names the failing checks. A mutation that survives is a
missing test.

Usage: test/mutate_gate.py [-k NAME]... [--keep]   (default: every mutation)
Exits 1 if any mutation survived. Takes a few minutes per mutation.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# (name, what it breaks, file, old text, new text, test groups to run)
MUTATIONS = [
    ("leak_ecx_iret", "the lean iret return leaves a kernel address in ECX",
     "src/pfgate/pf_entry.asm",
     "\txor ecx, ecx                   ; ECX and EDX carry nothing back: no kernel data leaks\n",
     "\tmov ecx, gate_cpu0\n",
     ["qemu_usertests_iret", "qemu_hostile_iret"]),
    ("leak_edx_full", "the full-save return leaves a kernel address in ECX and EDX",
     "src/pfgate/pf_entry.asm",
     "\txor eax, eax                   ; ECX and EDX carry nothing back\n",
     "\tmov eax, gate_cpu0\n",
     ["qemu_hostile", "qemu_usertests_gatelog"]),
    ("skip_esp_adjust_iret", "the lean iret return does not pop the return address",
     "src/pfgate/pf_entry.asm",
     "\tmov [esp + TF_EIP], esi        ; the emulated `ret`\n\tadd dword [esp + TF_ESP], 4\n",
     "\tmov [esp + TF_EIP], esi        ; the emulated `ret`\n",
     ["qemu_usertests_iret"]),
    ("skip_esp_adjust_sysexit", "the sysexit return gives the caller its ESP without the +4",
     "src/pfgate/pf_entry.asm",
     "\tadd ecx, 4                     ; the last flag-setting instruction: user data only\n",
     "",
     ["qemu_usertests"]),
    ("accept_gate_plus_1", "the page-offset test is dropped: gate+1 is accepted as a call",
     "src/pfgate/pf_entry.asm",
     "\ttest ebx, ~(GATE_WINDOW_SIZE - 1) | PAGE_OFFSET_MASK\n",
     "\ttest ebx, ~(GATE_WINDOW_SIZE - 1)\n",
     ["qemu_usertests"]),
    ("skip_user_check", "the U/S test is dropped: a kernel-mode fetch of a gate is taken as a call",
     "src/pfgate/pf_entry.asm",
     "\ttest byte [esp + TF_ERR], PF_ERR_U\n\tjz %2                          ; from the kernel: never a call\n",
     "",
     ["qemu_gate_kernel_fetch", "qemu_usertests"]),
    ("skip_return_bound", "the return-address pointer is not bounded below KERNEL_BASE",
     "src/pfgate/pf_entry.asm",
     "\tcmp esi, KERNEL_BASE - 4\n\tja %2                          ; ... and the return address below the kernel\n",
     "",
     ["qemu_usertests"]),
    ("skip_segment_check", "the lean entry runs the kernel on whatever DS and ES the caller has",
     "src/arch/trap_frame.inc",
     "\tcmp dword [esp + TF_VECTOR], TF_LEAN_MARK\n\tjne %2\n",
     "",
     ["bochs_hostile_registers", "qemu_hostile"]),
    ("no_tripwire", "a declined good call is killed as a bad stack instead of panicking",
     "src/pfgate/dispatch.c",
     "\ttripwire(tf, cr2, gate, ret_addr);\n",
     "\t(void)tripwire;\n\tproc_kill_fault(tf, cr2, KILL_GATE_BAD_STACK);\n",
     ["qemu_gate_tripwire"]),
    ("missing_clac", "the lean entry leaves a user's EFLAGS.AC set: SMAP's window open in the kernel",
     "src/arch/trap_frame.inc",
     "\tUSER_ACCESS_CLOSE_IF %3        ; AC = 0 first: the user may have set it (SMAP)\n",
     "",
     ["make:check"]),
    ("missing_clac_door", "the call-gate door leaves a user's EFLAGS.AC set",
     "src/bench/door_entries.asm",
     "\tUSER_ACCESS_CLOSE_IF %2        ; AC = 0",
     "\t; AC = 0",
     ["make:check"]),
    ("nosmap_copy_under_smap", "the boot installs the lean entry without the window although SMAP is on",
     "src/arch/idt.c",
     "entries[e][cpu_smap_on()]",
     "entries[e][0]",
     ["qemu_smap_smep_reports"]),
    ("copy_window_left_open", "the user copy returns with SMAP's window still open",
     "src/mm/uaccess_copy.asm",
     ".out:\n\tUSER_ACCESS_CLOSE\n",
     ".out:\n",
     ["qemu_selftests"]),
    ("copy_without_window", "the user copy does not open SMAP's window",
     "src/mm/uaccess_copy.asm",
     "raw_copy_user_open:\n\tUSER_ACCESS_OPEN\n",
     "raw_copy_user_open:\n",
     ["qemu_selftests"]),
    ("copy_tail_unlisted", "the byte tail of the user copy is not in the exception table",
     "src/mm/uaccess_copy.asm",
     "\tEX_ENTRY .copy_bytes, .fault\n",
     "",
     ["qemu_selftests"]),
    ("copy_tail_short", "the byte tail copies one byte too few",
     "src/mm/uaccess_copy.asm",
     "\tand ecx, 3                     ; the tail\n",
     "\tand ecx, 1\n",
     ["qemu_selftests"]),
]


def copy_tree(dst):
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, stdout=subprocess.PIPE, check=True).stdout
    for rel in filter(None, files.decode().split("\0")):
        src = os.path.join(ROOT, rel)
        if not os.path.exists(src):
            continue
        os.makedirs(os.path.dirname(os.path.join(dst, rel)), exist_ok=True)
        shutil.copy2(src, os.path.join(dst, rel))


def run(cmd, cwd, timeout):
    try:
        p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout)
        return p.returncode, p.stdout
    except subprocess.TimeoutExpired as e:
        return -1, (e.stdout or b"").decode("latin-1") + "\n(timed out)"


def mutate(m, keep):
    name, what, path, old, new, groups = m
    work = tempfile.mkdtemp(prefix=f"mutate-{name}-")
    try:
        copy_tree(work)
        f = os.path.join(work, path)
        text = open(f).read()
        n = text.count(old)
        if n == 0:
            return name, what, None, f"the text to change is not in {path} (the tree moved on: update the mutation)"
        open(f, "w").write(text.replace(old, new))
        code, out = run(["make", "-j2", "all", "host-test", "bench-kernel", "bench-initrd"], work, 900)   # make test boots both kernels
        if code != 0:
            return name, what, ["the build"], out[-400:]
        failed, last = [], ""
        for target in (g[len("make:"):] for g in groups if g.startswith("make:")):   # a static check
            code, out = run(["make", target], work, 900)
            if code != 0:
                failed.append(f"make {target}: " + (out.strip().splitlines() or ["failed"])[-1])
        tests = [g for g in groups if not g.startswith("make:")]
        if tests:
            args = ["python3", "-m", "test.run_tests"]
            for g in tests:
                args += ["-k", g]
            code, out = run(args, work, 1800)
            failed += re.findall(r"^not ok \d+ - (.*)$", out, re.M)
            last = out.strip().splitlines()[-1] if out.strip() else ""
        return name, what, failed, last
    finally:
        if keep:
            print(f"# kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def main():
    only = [a for i, a in enumerate(sys.argv[1:]) if i > 0 and sys.argv[i] == "-k"]
    keep = "--keep" in sys.argv
    chosen = [m for m in MUTATIONS if not only or any(k in m[0] for k in only)]
    survived = 0
    for m in chosen:
        name, what, failed, detail = mutate(m, keep)
        if failed is None:
            print(f"{name}: NOT APPLIED: {detail}")
            survived += 1
        elif failed:
            shown = "; ".join(failed[:3]) + (f" (+{len(failed) - 3} more)" if len(failed) > 3 else "")
            print(f"{name}: caught ({what}): {len(failed)} failing: {shown}", flush=True)
        else:
            print(f"{name}: SURVIVED ({what}): {detail}", flush=True)
            survived += 1
    print(f"{len(chosen) - survived} of {len(chosen)} mutations caught")
    sys.exit(1 if survived else 0)


if __name__ == "__main__":
    main()
