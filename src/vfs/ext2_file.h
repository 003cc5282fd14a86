/*
 * The disk's ext2 (fs/disk_root.h) as a mounted file system (vfs/mount.h):
 * regular files and directories, read-write. Every call into the library
 * holds the disk (disk_lock): one caller at a time, and a caller may sleep
 * on the drive. User bytes pass through one bounce buffer of the disk's,
 * under the same lock (no block buffer on a kernel stack).
 *
 * The library frees an inode as soon as its last name goes; so removing
 * (unlink, rmdir, rename over) the last name of a file or directory that is
 * open is -EBUSY here, never a read of a freed inode.
 */
#ifndef VFS_EXT2_FILE_H
#define VFS_EXT2_FILE_H

#include "vfs/mount.h"

extern const struct fs_kind ext2_kind;

#endif
