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

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
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
	/* Write back everything changed: 0 or -EIO. NULL: nothing to write. */
	long (*sync)(void);
	/*
	 * The target of the symbolic link path, at most len bytes into buf (no
	 * NUL added, as readlink(2)): its length, or -EINVAL when path is no
	 * link. NULL: the kind has no links (-EINVAL for every existing name).
	 */
	long (*readlink)(const char *path, char *buf, size_t len);
	/* A symbolic link at path holding target (len bytes). NULL: read-only (-EROFS). */
	long (*symlink)(const char *target, size_t len, const char *path);
	/* Set path's access and modification times (seconds; NULL: that one stays). NULL: read-only (-EROFS). */
	long (*set_times)(const char *path, const uint32_t *atime, const uint32_t *mtime);
	long (*set_mode)(const char *path, uint32_t mode);   /* chmod; none: read-only (-EROFS) */
};

#define MOUNT_MAX 6   /* /, /initrd, /dev, /proc and room */
#define MOUNT_POINT_LEN 32

/* Mount kind at the canonical path `at`: 0, or -ENOMEM when the table is full. */
long vfs_mount(const char *at, const struct fs_kind *kind);
/* The file system holding path and, in *rel, the path inside it ("/" its root); NULL if none. */
const struct fs_kind *vfs_mount_find(const char *path, const char **rel);
/* Mount number i, in mount order: true with *at and *kind, false past the last. */
bool vfs_mount_entry(unsigned i, const char **at, const struct fs_kind **kind);
/* Every mounted file system's sync, in mount order: 0 or the first error. */
long vfs_mount_sync_all(void);

#endif
