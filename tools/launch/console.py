"""
The guest's PS/2 keyboard and VGA text screen, through QEMU's monitor (a
Unix socket): replies for launch.qemu.boot that type keys or read the screen.
"""
import re
import socket
import time

VGA_TEXT = 0xB8000          # the VGA text buffer's physical address (hardware)
VGA_COLS, VGA_ROWS = 80, 25


class Keys:
    """A reply typed on the PS/2 keyboard (QEMU monitor `sendkey`) instead of sent over serial."""

    NAMES = {" ": "spc", "\n": "ret", "\b": "backspace", ".": "dot", ",": "comma", "-": "minus", "/": "slash",
             "\x03": "ctrl-c"}

    def __init__(self, text):
        self.text = text

    def monitor_lines(self):
        for ch in self.text:
            if ch.isupper():
                yield f"sendkey shift-{ch.lower()}\n"
            else:
                yield f"sendkey {self.NAMES.get(ch, ch)}\n"

    def send(self, monitor):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.connect(monitor)
            for line in self.monitor_lines():
                s.sendall(line.encode())
                time.sleep(0.05)   # one key at a time, as a person would
            time.sleep(0.2)


class Screen:
    """A reply that sends nothing: it reads the VGA text screen (through the QEMU monitor) into boot.screens."""

    VGA_TEXT = VGA_TEXT
    CELLS = VGA_COLS * VGA_ROWS

    def __init__(self, key):
        self.key = key

    def read(self, monitor):
        out = monitor_command(monitor, f"xp /{self.CELLS}hx {self.VGA_TEXT:#x}")
        cells = [int(h, 16) for h in re.findall(r"0x([0-9a-f]{4})\b", out.split("\n", 1)[1])]
        chars = "".join(chr(c & 0xFF) if 32 <= (c & 0xFF) < 127 else " " for c in cells[:self.CELLS])
        return "\n".join(chars[i:i + VGA_COLS].rstrip() for i in range(0, len(chars), VGA_COLS))


def monitor_command(monitor, command, timeout=2):
    """One command to QEMU's human monitor on a Unix socket; its output (up to the next prompt)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.connect(monitor)
        s.settimeout(timeout)
        data = b""

        def until_prompt():
            nonlocal data
            while not data.rstrip().endswith(b"(qemu)"):
                data += s.recv(65536)

        until_prompt()
        data = b""
        s.sendall(f"{command}\n".encode())
        until_prompt()
    return data.decode("latin-1")


def needs_monitor(replies):
    return any(isinstance(r[1], (Keys, Screen)) for r in replies)
