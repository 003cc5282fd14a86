/*
 * The mount table: which file system holds a canonical absolute path. Each
 * mounted file system is a kind (struct fs_kind): its name-space operations
 * on paths relative to its mount point ("/" its own root). What changes the
 * name space may be NULL: the file system is read-only (-EROFS).
 *
 * The boot mounts "/" once (vfs_mount_root): the disk's ext2 when the boot
 * mounted one (fs/disk_root.h), the initrd then at "/initrd"; or the initrd
 * alone at "/", read-only. The longest mount point that is a whole-component
 * prefix of a path wins.
 */
#ifndef VFS_MOUNT_H
#define VFS_MOUNT_H

#include <stdint.h>
#include "vfs/file.h"

struct fs_kind {
	const char *name;
	/* open()'s flags and mode: *out a new object with one reference. */
	long (*open)(const char *path, uint32_t flags, uint32_t mode, struct file **out);
	long (*stat)(const char *path, struct pf_stat *st);
	/* Entry number index of directory path: 1 and *out, 0 past the end, or -errno. */
	long (*dir_entry)(const char *path, uint32_t index, struct pf_dirent *out);
	long (*mkdir)(const char *path, uint32_t mode);
	long (*unlink)(const char *path);
	long (*rmdir)(const char *path);
	/* Both paths on this file system (the VFS answers -EXDEV otherwise). */
	long (*rename)(const char *from, const char *to);
	long (*link)(const char *from, const char *to);
	/* A symbolic link's target (vfs_readlink). NULL: the file system has none (-EINVAL for what exists). */
	long (*readlink)(const char *path, char *buf, uint32_t len);
	/* Write back everything changed: 0 or -EIO. NULL: nothing to write. */
	long (*sync)(void);
};

#define MOUNT_MAX 4
#define MOUNT_POINT_LEN 32

/* Mount kind at the canonical path `at`: 0, or -ENOMEM when the table is full. */
long vfs_mount(const char *at, const struct fs_kind *kind);
/* The file system holding path and, in *rel, the path inside it ("/" its root); NULL if none. */
const struct fs_kind *vfs_mount_find(const char *path, const char **rel);
/* Every mounted file system's sync, in mount order: 0 or the first error. */
long vfs_mount_sync_all(void);

#endif
