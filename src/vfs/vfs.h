/*
 * The file name space as the services see it: user paths resolved against
 * the working directory (vfs/path.h) and handed to the file system that
 * holds them. Today that is the initrd alone, read-only: everything that
 * would change it answers -EROFS.
 */
#ifndef VFS_VFS_H
#define VFS_VFS_H

#include <stddef.h>
#include <stdint.h>
#include "vfs/file.h"

/*
 * Copy a user path in (at most PATH_MAX_LEN with its NUL) and make it
 * canonical and absolute into out (VFS_PATH_LEN bytes: a relative name of
 * the longest length still fits with the root's slash). Length or -errno.
 */
#define VFS_PATH_LEN (PATH_MAX_LEN + 1)
long vfs_path_from_user(const char __user *upath, char *out);
long vfs_open(const char *path, uint32_t flags, struct file **out);
long vfs_stat(const char *path, struct pf_stat *st);
/* Entry index of a directory, for the readdir gate: 1, 0 past the end, or -errno. */
long vfs_dir_entry(const char *path, uint32_t index, struct pf_dirent *out);
/* Make path the current process's working directory: 0, -ENOENT, -ENOTDIR. */
long vfs_chdir(const char *path);
/* What changes the name space (mkdir, unlink, rmdir, rename, link): 0 or -errno (-EROFS, -ENOENT). */
long vfs_change(const char *path);

#endif
