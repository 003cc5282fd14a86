#ifndef KERNEL_DISK_MOUNT_H
#define KERNEL_DISK_MOUNT_H

/*
 * At boot: probe the ATA disk, take the block cache's pool, mount its ext2
 * read-write and say so on the banner, or say why not (no disk, no pool, a
 * file system the library refuses: a corrupt image is a refusal, never a
 * panic) and boot on with the initrd. The mounted instance: fs/disk_root.h.
 */
void disk_mount_boot(void);

#endif
