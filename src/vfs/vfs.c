/* The name space (vfs/vfs.h): one read-only file system, the initrd, at "/". */
#include "vfs/vfs.h"
#include "vfs/path.h"
#include "vfs/initrd_file.h"
#include "proc/sched.h"
#include "mm/uaccess.h"
#include "lib/string.h"
#include <pfgate/errno.h>

long vfs_path_from_user(const char __user *upath, char *out)
{
	char raw[PATH_MAX_LEN];
	long n = strncpy_from_user(raw, upath, sizeof raw);
	if (n < 0)
		return n;
	return path_resolve(current_proc()->cwd, raw, out, VFS_PATH_LEN);
}

long vfs_open(const char *path, uint32_t flags, struct file **out)
{
	return initrd_file_open(path, flags, out);
}

long vfs_stat(const char *path, struct pf_stat *st)
{
	return initrd_file_stat(path, st);
}

long vfs_dir_entry(const char *path, uint32_t index, struct pf_dirent *out)
{
	return initrd_dir_entry(path, index, out);
}

long vfs_chdir(const char *path)
{
	struct pf_stat st;
	long r = vfs_stat(path, &st);
	if (r < 0)
		return r;
	if (st.type != PF_TYPE_DIR)
		return -ENOTDIR;
	strlcpy_k(current_proc()->cwd, path, sizeof current_proc()->cwd);
	return 0;
}

/*
 * The initrd cannot change. A missing parent is still -ENOENT in Linux's
 * order of checks only on a writable file system; a read-only one says
 * -EROFS for every name, as Linux's does for a path on a read-only mount.
 */
long vfs_change(const char *path)
{
	(void)path;
	return -EROFS;
}
