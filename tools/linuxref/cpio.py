"""
A cpio "newc" archive writer, the format Linux unpacks as its initramfs
(Documentation/driver-api/early-userspace/buffer-format.rst): each entry a
110-byte ASCII header of hexadecimal fields, its name, its data, each padded
to 4 bytes; TRAILER!!! last. Entries are written in the order given (a
folder before what it holds), owned by root, with time 0, so the same
inputs give the same bytes.
"""
import stat

MAGIC = b"070701"
ALIGN = 4
TRAILER = "TRAILER!!!"


class Archive:
    def __init__(self):
        self.parts = []
        self.next_ino = 1

    def _entry(self, name, mode, data=b"", rdev=(0, 0), nlink=1):
        name_bytes = name.encode() + b"\0"
        fields = (self.next_ino, mode, 0, 0, nlink, 0, len(data), 0, 0, rdev[0], rdev[1], len(name_bytes), 0)
        self.next_ino += 1
        head = MAGIC + b"".join(b"%08X" % f for f in fields) + name_bytes
        self.parts += [head, _pad(len(head)), data, _pad(len(data))]

    def folder(self, name, perm=0o755):
        self._entry(name, stat.S_IFDIR | perm, nlink=2)

    def file(self, name, data, perm=0o644):
        self._entry(name, stat.S_IFREG | perm, data)

    def symlink(self, name, target):
        self._entry(name, stat.S_IFLNK | 0o777, target.encode())

    def char_device(self, name, major, minor, perm=0o600):
        self._entry(name, stat.S_IFCHR | perm, rdev=(major, minor))

    def bytes(self):
        """The archive, ended by its trailer."""
        trailer = Archive()
        trailer._entry(TRAILER, 0)
        return b"".join(self.parts + trailer.parts)


def _pad(n):
    return b"\0" * (-n % ALIGN)
