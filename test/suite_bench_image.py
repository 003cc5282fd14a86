"""
The bench image (make bench-image) as a person would boot it: under QEMU with
SeaBIOS (VGA text; the screen read from the text buffer) and with OVMF (UEFI:
the kernel draws into GRUB's framebuffer; the screen dumped through the QEMU
monitor and read back by matching each character cell against the font's
glyphs, not from the serial copy). Then the figures on the screen must parse,
agree with the serial report, and a key press must power the machine off.
make bench-image-test builds the image and runs these; make test runs them
only when the image is there and up to date (make -q).
"""
import os
import re
import shutil
import subprocess
import threading
import time

from test import harness
from tools.launch import qemu as launch_qemu
from tools.launch.console import monitor_command
from test import run_tests
from test.run_tests import R

BI = os.path.join(harness.BUILD, "bench-image")
IMAGE = os.path.join(BI, "pfgate-bench.img")
FONT = os.path.join(BI, "console_font.txt")
OVMF = "/usr/share/ovmf/OVMF.fd"
QEMU64 = os.environ.get("QEMU64", "qemu-system-x86_64")
DONE = "press a key to power off"
NO_GLYPH = "\ufffd"
TEXT_COLS, TEXT_ROWS = 80, 25   # VGA text: the smallest screen the table must fit
SECTOR = 512                    # abi-ok: a disk sector (the boot record), not a kernel value
MBR_SIGNATURE = b"\x55\xaa"     # the last two bytes of a boot record
SETTLE_S = 1.0                  # the screen is drawn just after the serial copy: let it finish
MENU = "Use the ^ and v keys"   # GRUB's menu, on serial too: a hotkey picks the entry at once
GATE_ROW = {"s": "page-fault gate, sysexit", "i": "page-fault gate, iret"}
DOORS = ("int 0x80", "sysenter/sysexit", "GDT call gate", "call/ret (user floor)")
SERIAL_DOOR = {"page-fault gate, sysexit": "gate-sysexit", "page-fault gate, iret": "gate-iret", "int 0x80": "int80",
               "sysenter/sysexit": "sysenter", "GDT call gate": "callgate", "call/ret (user floor)": "call"}
TABLE_ROW = re.compile(r"^\| (.+?) +\| (\S+) +\| +([\d.]+) \| +([\d.]+) \| +([\d.]+) \|$", re.M)


def load_font():
    """The glyphs the kernel drew with (tools/gen/font.c wrote them beside the kernel's copy): bitmap -> char."""
    with open(FONT) as f:
        head, *glyphs = f.read().split("\n")
    _, name, width, height, bpr, first, count = head.split()
    width, height, bpr, first = int(width), int(height), int(bpr), int(first)
    table = {}
    dupes = []
    for i, hexrows in enumerate(glyphs[:int(count)]):
        bits = bytes.fromhex(hexrows)
        ch = chr(first + i)
        if bits in table and ch != " ":
            dupes.append((table[bits], ch))
        table.setdefault(bits, ch)
    return table, width, height, bpr, dupes


class SettledScreen(harness.Screen):
    """The VGA text screen, read once the kernel has drawn what it sent over serial."""

    def read(self, monitor):
        time.sleep(SETTLE_S)
        return super().read(monitor)


class FramebufferScreen(harness.Screen):
    """Read the screen as pixels (monitor `screendump`), then character cells by glyph comparison."""

    def __init__(self, key, ppm):
        super().__init__(key)
        self.ppm = ppm

    def read(self, monitor):
        time.sleep(SETTLE_S)
        monitor_command(monitor, f"screendump {self.ppm}", timeout=10)
        return self.ppm


def read_ppm(path):
    with open(path, "rb") as f:
        data = f.read()
    magic, dims, maxval, pixels = data.split(b"\n", 3)
    w, h = map(int, dims.split())
    if magic != b"P6" or maxval != b"255" or len(pixels) < w * h * 3:
        raise ValueError(f"not a P6 dump: {magic} {dims} {maxval}")
    return w, h, pixels


def lit_colours(path):
    """The colours of every pixel that is not black."""
    _, _, px = read_ppm(path)
    return {tuple(px[i:i + 3]) for i in range(0, len(px) - 2, 3) if px[i] or px[i + 1] or px[i + 2]}


def cells_to_text(path, cols, rows, scale):
    """Each cell's pixels, lit or not, looked up in the font; NO_GLYPH where none matches."""
    table, fw, fh, bpr, _ = load_font()
    w, h, px = read_ppm(path)
    lines = []
    for r in range(rows):
        line = []
        for c in range(cols):
            bits = bytearray()
            for gy in range(fh):
                y = (r * fh + gy) * scale
                for byte in range(bpr):
                    v = 0
                    for bit in range(8):
                        gx = byte * 8 + bit
                        x = (c * fw + gx) * scale
                        if gx < fw and x < w and y < h:
                            i = (y * w + x) * 3
                            if max(px[i], px[i + 1], px[i + 2]) > 0x40:
                                v |= 0x80 >> bit
                    bits.append(v)
            line.append(table.get(bytes(bits), NO_GLYPH))
        lines.append("".join(line).rstrip())
    return "\n".join(lines)


def check_table(p, screen, log, gate_row):
    """The on-screen table: every door and service, sane figures, the same as bench's serial lines."""
    lines = screen.split("\n")
    R.check(f"{p}: the table starts at the top of the screen (it fits one screen)",
            lines and lines[0].startswith("pfgate bench: what does a page fault cost"), screen)
    cpu = re.search(r"^CPU  (\S+) family (\d+) model (\d+) stepping (\d+)", screen, re.M)
    R.check(f"{p}: names the CPU (vendor, family/model/stepping)", cpu, screen)
    i = next((k for k, ln in enumerate(lines) if ln.startswith("CPU  ")), None)
    R.check(f"{p}: the CPU's brand string follows", i is not None and i + 1 < len(lines) and
            lines[i + 1].startswith("     ") and lines[i + 1].strip(), screen)
    R.check(f"{p}: says whether the TSC is invariant",
            re.search(r"^TSC  present, (NOT )?invariant", screen, re.M), screen)
    rate = re.search(r"^     (\d+) ticks/ms against the kernel's PIT clock", screen, re.M)
    R.check(f"{p}: says how the TSC rate was found", rate and int(rate.group(1)) > 0, screen)
    R.check(f"{p}: says what was measured and how (cpuid-serialised TSC, min/median of batches)",
            "TSC ticks per round trip" in screen and "after cpuid" in screen and
            re.search(r"min and median of \d+ batches of \d+ calls", screen), screen)
    rows = {(d, s): (float(mn), float(md), float(rt)) for d, s, mn, md, rt in TABLE_ROW.findall(screen)}
    serial = {(d, s): (float(mn), float(md)) for d, s, mn, md in
              re.findall(r"^bench: door=(\S+) service=(\S+) min=([\d.]+) median=([\d.]+)", log, re.M)}
    for door in (gate_row,) + DOORS:
        for svc in ("nop", "copyin64"):
            got = rows.get((door, svc))
            R.check(f"{p}: row {door} / {svc} on screen", got, screen)
            if not got:
                continue
            R.check(f"{p}: {door} {svc}: 0 < min {got[0]} <= median {got[1]}", 0 < got[0] <= got[1], screen)
            R.check(f"{p}: {door} {svc}: the screen shows bench's own figures",
                    serial.get((SERIAL_DOOR[door], svc)) == got[:2], f"{got} vs {serial.get((SERIAL_DOOR[door], svc))}")
    R.check(f"{p}: int 0x80 is the ratios' base (1.00)",
            all(rows.get(("int 0x80", s), (0, 0, 0))[2] == 1.0 for s in ("nop", "copyin64")), screen)
    R.check(f"{p}: no door returned a wrong result", "WRONG" not in screen, screen)
    R.check(f"{p}: context switch and spawn figures", re.search(r"^switch to another process \(yield\) [\d.]+, "
                                                             r"spawn\+exit\+wait [\d.]+ \(ticks\)$", screen, re.M), screen)
    page = log[log.rfind("\f") + 1:log.find(DONE)] if "\f" in log else ""
    wide = [ln for ln in page.split("\n") if len(ln) > TEXT_COLS]
    R.check(f"{p}: the page (serial copy) is at most {TEXT_COLS} columns wide and {TEXT_ROWS - 1} lines",
            page and not wide and page.count("\n") <= TEXT_ROWS - 1, "\n".join(wide) or page)
    R.check(f"{p}: asks for a key", DONE in screen, screen)


def image_is_fresh():
    """make itself says whether the image is up to date with every source (`make -q`)."""
    if not os.path.exists(IMAGE) or not os.path.exists(FONT):
        return False
    q = subprocess.run(["make", "-q", os.path.relpath(IMAGE, harness.ROOT)], cwd=harness.ROOT,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return q.returncode == 0


def skip_unless_ready(p, needs=()):
    if not image_is_fresh():
        R.add(p, True, "no up-to-date bench image: make bench-image-test", skipped=True)
        return False
    for path in needs:
        if not (os.path.exists(path) or shutil.which(path)):
            R.add(p, True, f"{path} missing: make bench-image-test installs it", skipped=True)
            return False
    return True


def check_power_off(p, b):
    R.check(f"{p}: a key press powers the machine off (QEMU ends by itself, status 0) in {b.seconds:.0f}s",
            b.has("machine: power off") and b.code == 0 and not b.timed_out, f"code {b.code}\n{b.tail()}")


@run_tests.test
def bench_image_bios():
    p = "bench image, SeaBIOS"
    if not skip_unless_ready(p):
        return
    # The second menu entry here (the gate returning by iret), the default under UEFI: both are booted.
    b = harness.qemu_boot(None, mem_mb=128, timeout=300, iso=IMAGE,
                          replies=[(MENU, "i"), (DONE, SettledScreen("table")), ("", harness.Keys("\n"))])
    R.check(f"{p}: GRUB's menu entry for the iret return boots with gatereturn=iret",
            b.has("command line: run=benchscreen doors poweroff gatereturn=iret"), b.tail())
    R.check(f"{p}: boots through GRUB to the kernel", b.has("pfgate kernel: IA-32"), b.tail())
    R.check(f"{p}: VGA text mode kept (GRUB told to keep it; no framebuffer console)",
            b.has("screen: VGA text 80x25 at b8000") and not b.has("screen: framebuffer"), b.tail())
    check_table(p, b.screens.get("table", ""), b.log, GATE_ROW["i"])
    check_power_off(p, b)


@run_tests.test
def bench_image_uefi():
    p = "bench image, OVMF (UEFI)"
    if not skip_unless_ready(p, needs=(OVMF, QEMU64)):
        return
    _, _, _, _, dupes = load_font()
    R.check(f"{p}: every printable character has its own glyph (the screen reader can tell them apart)",
            not dupes, str(dupes))
    tag = f"{os.getpid()}-{threading.get_ident()}"
    monitor = os.path.join(harness.BUILD, "test", f"monitor-{tag}.sock")
    ppm = os.path.join(harness.BUILD, "test", f"bench-image-uefi-{tag}.ppm")
    os.makedirs(os.path.dirname(monitor), exist_ok=True)
    cmd = launch_qemu.command(iso=IMAGE, serial="stdio", monitor=f"unix:{monitor},server=on,wait=off",
                              qemu=QEMU64, firmware=OVMF)
    b = harness.qemu_run(cmd, 400, [(MENU, "s"), (DONE, FramebufferScreen("table", ppm)),
                                            ("", harness.Keys("\n"))], monitor)
    R.check(f"{p}: GRUB's default entry boots with gatereturn=sysexit",
            b.has("command line: run=benchscreen doors poweroff gatereturn=sysexit"), b.tail())
    R.check(f"{p}: boots through GRUB's EFI loader to the kernel", b.has("pfgate kernel: IA-32"), b.tail())
    geo = re.search(r"screen: framebuffer (\d+)x(\d+)x(\d+) at [0-9a-f]+ pitch \d+, .*; (\d+)x(\d+) cells of "
                    r"(\d+)x(\d+) pixels \(font \S+, scale (\d+)\)", b.log, re.M)
    R.check(f"{p}: the kernel draws into the loader's framebuffer", geo, b.tail())
    dumped = b.screens.get("table")
    R.check(f"{p}: the screen was dumped through the monitor", dumped and os.path.exists(dumped), b.tail())
    if geo and dumped and os.path.exists(dumped):
        w, h, _ = read_ppm(dumped)
        R.check(f"{p}: the dump is the framebuffer's size ({w}x{h})",
                (w, h) == (int(geo.group(1)), int(geo.group(2))), geo.group(0))
        screen = cells_to_text(dumped, int(geo.group(4)), int(geo.group(5)), int(geo.group(8)))
        colours = set(lit_colours(dumped))
        R.check(f"{p}: text is grey on black, every channel where the loader said it is ({colours})",
                colours and all(r == g == b for r, g, b in colours), str(colours))
        R.check(f"{p}: every cell on the screen is a glyph of the font", NO_GLYPH not in screen, screen)
        check_table(p, screen, b.log, GATE_ROW["s"])
        os.unlink(dumped)
    check_power_off(p, b)


@run_tests.test
def bench_image_layout():
    """One file for every way a PC boots it: a boot record for a raw USB stick, EFI loaders for x86-64 and ia32."""
    p = "bench image layout"
    if not skip_unless_ready(p, needs=("xorriso", "mdir")):
        return
    with open(IMAGE, "rb") as f:
        mbr = f.read(SECTOR)
    R.check(f"{p}: a boot record at sector 0 (written raw to a USB stick, BIOS boots it)",
            mbr[-len(MBR_SIGNATURE):] == MBR_SIGNATURE, mbr[-len(MBR_SIGNATURE):].hex())
    efi = os.path.join(harness.BUILD, "test", f"bench-image-efi-{os.getpid()}.img")
    os.makedirs(os.path.dirname(efi), exist_ok=True)
    x = subprocess.run(["xorriso", "-osirrox", "on", "-indev", IMAGE, "-extract", "/efi.img", efi],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    listing = subprocess.run(["mdir", "-b", "-i", efi, "::/efi/boot"], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True).stdout.lower() if x.returncode == 0 else x.stdout
    for loader in ("bootx64.efi", "bootia32.efi"):
        R.check(f"{p}: the EFI system partition holds {loader}", loader in listing, listing)
    if os.path.exists(efi):
        os.unlink(efi)
