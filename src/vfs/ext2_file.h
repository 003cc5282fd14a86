/*
 * The disk's ext2 (fs/disk_root.h) as a mounted file system (vfs/mount.h):
 * regular files and directories, read-write. Every call into the library
 * holds the disk (disk_lock): one caller at a time, and a caller may sleep
 * on the drive. Written bytes pass through one bounce buffer of the disk's,
 * under the same lock (no block buffer on a kernel stack); read bytes go from
 * the block cache to the user.
 *
 * A file whose last name goes (unlink, rename over it) while it is open
 * keeps its inode and blocks, links 0, until its last close, as in POSIX
 * (ext2_file_keep_unlinked, the library's keep_unlinked hook). Removing an
 * open directory (rmdir, rename over) is -EBUSY.
 */
#ifndef VFS_EXT2_FILE_H
#define VFS_EXT2_FILE_H

#include "vfs/mount.h"

extern const struct fs_kind ext2_kind;
/* The library's keep_unlinked hook (disk_mount sets it): nonzero when ino is open. */
int ext2_file_keep_unlinked(uint32_t ino);

#endif
