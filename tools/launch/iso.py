"""
The GRUB ISOs, built by one script (tools/launch/mkiso.sh): the ordinary rescue ISO
that boots the kernel with its initrd and a command line, and (with
--bench-image) the hybrid BIOS/UEFI bench image.
"""
import os
import subprocess

from tools.launch import BUILD, INITRD, KERNEL, ROOT

MKISO = os.path.join(ROOT, "tools", "launch", "mkiso.sh")


def make_iso(out, cmdline, kernel=KERNEL, initrd=INITRD, quiet=False):
    """A GRUB ISO at out: kernel (without its debug info), initrd, one menu entry with cmdline."""
    out_opts = dict(stdout=subprocess.PIPE, stderr=subprocess.STDOUT) if quiet else {}
    subprocess.run([MKISO, out, kernel, initrd, cmdline], cwd=ROOT, check=True, **out_opts)
    return out


def scratch_iso(name, cmdline, initrd=None, kernel=None):
    """make_iso under build/test/NAME.iso; kernel default make run's, initrd default build/initrd.tar."""
    iso = os.path.join(BUILD, "test", name + ".iso")
    os.makedirs(os.path.dirname(iso), exist_ok=True)
    return make_iso(iso, cmdline, kernel=kernel or KERNEL, initrd=initrd or INITRD)
