/*
 * /dev: the devices a Linux program expects, as a file system kind mounted
 * at /dev (vfs_mount_root): null, zero, full, random, urandom, and tty and
 * console (the console itself, vfs/console_file.h). Each has Linux's device
 * number and mode in stat. Nothing can be made or removed there (-EROFS).
 */
#ifndef VFS_DEV_FILE_H
#define VFS_DEV_FILE_H

#include "vfs/mount.h"

extern const struct fs_kind dev_kind;

/* len random bytes (drivers/random.h: not cryptographic) to a user buffer: len, or what was copied before a fault, or -EFAULT. */
long dev_random_to_user(void __user *buf, unsigned long len);

/* /dev/console's inode number: the console's open file reports it too, so that fstat of a console descriptor and stat of its name agree (ttyname compares them). */
unsigned long dev_console_ino(void);

#endif
