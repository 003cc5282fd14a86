/*
 * The file name space as the services see it: user paths resolved against
 * the working directory (vfs/path.h) and handed to the file system that
 * holds them (the mount table, vfs/mount.h): the disk's ext2, read-write,
 * or the initrd, read-only (what would change it answers -EROFS).
 */
#ifndef VFS_VFS_H
#define VFS_VFS_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "vfs/file.h"
#include "proc/path_buf.h"

/*
 * Copy a user path in (at most PATH_MAX_LEN with its NUL) and make it
 * canonical and absolute into out (VFS_PATH_LEN bytes: a relative name of
 * the longest length still fits with the root's slash). Length or -errno.
 */
#define VFS_PATH_LEN PATH_BUF_LEN
long vfs_path_from_user(const char __user *upath, char *out);
/* The same, a relative path taken from directory base (canonical) instead of the working directory. */
long vfs_path_from_user_in(const char *base, const char __user *upath, char *out);
/* Mount "/" (the disk's ext2 if the boot mounted one, else the initrd) and say which. */
void vfs_mount_root(void);
/* Where the initrd is mounted ("/" or "/initrd"): a program spawned by bare name is the initrd's. */
const char *vfs_initrd_path(void);
/*
 * Symbolic links: every lookup follows them in the components before the
 * last (up to VFS_LINKS_MAX in one lookup, then -ELOOP); open (unless
 * VFS_O_NOFOLLOW), stat, the directory walk, chdir and vfs_set_times (with
 * follow) follow the last component's too, the rest act on the link itself.
 * A link's target is read relative to its directory; ".." in a user's path
 * is taken away before the links are followed (path_resolve).
 */
#define VFS_LINKS_MAX 40   /* Linux's MAXSYMLINKS */
#define VFS_O_NOFOLLOW 00400000   /* open: a link at the end is -ELOOP (Linux's O_NOFOLLOW value) */
/* path with its links followed (the last component's too with follow_last) into out (VFS_PATH_LEN): 0 or -errno. */
long vfs_follow(const char *path, bool follow_last, char *out);
/* open()'s flags; mode: a created file's permissions (0: 0644). A directory's object keeps its path (file.h). */
long vfs_open(const char *path, uint32_t flags, uint32_t mode, struct file **out);
/* vfs_open onto the lowest free descriptor (close-on-exec with O_CLOEXEC): the descriptor or -errno. */
long vfs_open_fd(const char *path, uint32_t flags, uint32_t mode);
long vfs_stat(const char *path, struct pf_stat *st);
/* stat of a link itself (its mode's type bits say so: VFS_MODE_LINK). */
long vfs_lstat(const char *path, struct pf_stat *st);
#define VFS_MODE_TYPE 0170000
#define VFS_MODE_LINK 0120000
/* A symbolic link at path holding target (len bytes, at most PATH_MAX_LEN - 1): 0, -EEXIST, -EROFS, -ENAMETOOLONG, ... */
long vfs_symlink(const char *target, size_t len, const char *path);
/* Set the access and modification times (NULL: that one stays): 0, -ENOENT, -EROFS, ... */
long vfs_set_times(const char *path, bool follow, const uint32_t *atime, const uint32_t *mtime);
/* chmod: the permission bits of what path names (links followed). 0, -ENOENT, -EROFS (a read-only kind), -EIO. */
long vfs_set_mode(const char *path, uint32_t mode);
/* Entry index of a directory, for the readdir gate: 1, 0 past the end, or -errno. */
long vfs_dir_entry(const char *path, uint32_t index, struct pf_dirent *out);
/* Make path the current process's working directory: 0, -ENOENT, -ENOTDIR. */
long vfs_chdir(const char *path);
/* What changes the name space: 0 or -errno (-EROFS, -ENOENT, -EEXIST, -ENOTEMPTY, -EBUSY, -EXDEV, ...). */
long vfs_mkdir(const char *path, uint32_t mode);
long vfs_unlink(const char *path);
long vfs_rmdir(const char *path);
long vfs_rename(const char *from, const char *to);
long vfs_link(const char *from, const char *to);
/* A symbolic link's target into buf (len bytes at most, no NUL): its length, -EINVAL (not a link), -ENOENT. */
long vfs_readlink(const char *path, char *buf, size_t len);
/* Set a regular file's size (zeros past the old end): 0, -EISDIR, -EINVAL (not a regular file), -EROFS, -EFBIG. */
long vfs_truncate(struct file *f, uint64_t size);
/* Write back every mounted file system: 0 or -EIO. */
long vfs_sync(void);

#endif
