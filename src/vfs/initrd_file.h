/*
 * The initrd (fs/initrd.h) as files: read-only. Paths here are canonical
 * absolute ones (vfs/path.h).
 */
#ifndef VFS_INITRD_FILE_H
#define VFS_INITRD_FILE_H

#include <stdint.h>
#include "vfs/file.h"
#include "vfs/mount.h"

/* The initrd as a mounted file system: read-only (what would change it is -EROFS). */
extern const struct fs_kind initrd_kind;

/*
 * Open path with open()'s flags: *out a new object. Asking to write, create
 * or truncate is -EROFS (-EEXIST first for O_CREAT|O_EXCL on what exists;
 * -EISDIR for writing a directory); O_DIRECTORY on a file is -ENOTDIR;
 * -ENOENT if missing; -ENFILE when the pool is empty.
 */
long initrd_file_open(const char *path, uint32_t flags, struct file **out);
long initrd_file_stat(const char *path, struct pf_stat *st);
/* Entry number index of directory path: 1 and *out filled, 0 past the end, or -ENOENT/-ENOTDIR. */
long initrd_dir_entry(const char *path, uint32_t index, struct pf_dirent *out);

#endif
