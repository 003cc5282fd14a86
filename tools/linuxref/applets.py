"""
The applets a busybox binary holds, as `busybox --list` prints them, read
from the binary itself (the host here cannot run an i386 program): busybox
keeps its applet names as one run of NUL-terminated strings, sorted (its
applet lookup is a binary search), beginning with "[" and "[[".

  python3 -m tools.linuxref.applets BUSYBOX    the names, one a line
"""
import sys

FIRST = b"[\x00[[\x00"     # the two names that sort first in every busybox with test's aliases
MUST = ("ash", "sh", "ls", "cat")   # an applet list without these is not the one we look for


def applets(path):
    data = open(path, "rb").read()
    start = data.find(FIRST)
    if start < 0:
        raise ValueError(f"{path}: no busybox applet table (no '[' '[[' run)")
    end = data.find(b"\x00\x00", start)
    names = [n.decode("ascii") for n in data[start:end].split(b"\x00")]
    if names != sorted(names) or len(set(names)) != len(names) or not all(m in names for m in MUST):
        raise ValueError(f"{path}: the run at {start:#x} is not a sorted applet table")
    return names


def main(argv):
    if len(argv) != 2:
        sys.exit("usage: python3 -m tools.linuxref.applets BUSYBOX")
    try:
        print("\n".join(applets(argv[1])))
    except (OSError, ValueError) as e:
        sys.exit(f"applets: {e}")


if __name__ == "__main__":
    main(sys.argv)
