/*
 * The file system on the disk, for the VFS to mount on /: the ext2 instance
 * the boot mounted read-write from the ATA disk (kernel/disk_mount.c), or
 * NULL when there is none (no disk, or one the boot refused: the initrd
 * stays the root).
 *
 * The ext2 library takes one caller at a time and its operations sleep on
 * the drive, so every call into it goes between disk_lock() and
 * disk_unlock(), as the flush does. Those, and disk_sync(), are defined by
 * the disk room above (drivers/disk.c), declared here so that src/fs calls
 * up without including up (docs/design.md, "Layering").
 */
#ifndef FS_DISK_ROOT_H
#define FS_DISK_ROOT_H

struct ext2_fs;

struct ext2_fs *disk_root(void);
void disk_root_set(struct ext2_fs *fs);

/* Take the disk (a process sleeps while another has it); give it back. */
void disk_lock(void);
void disk_unlock(void);
/* Write the superblock and every dirty block, then the drive's cache: 0 or -EIO. Takes the disk. */
int disk_sync(void);

#endif
