/* Services that take path names: stat, readdir, chdir, getcwd, and what changes the name space. */
#include "pfgate/gate_table.h"
#include "mm/uaccess.h"
#include "proc/sched.h"
#include "vfs/vfs.h"
#include "lib/string.h"
#include <pfgate/abi.h>
#include <pfgate/errno.h>

long svc_stat(const char __user *upath, struct pf_stat __user *ust)
{
	PATH_BUF(path);
	long n = vfs_path_from_user(upath, path);
	if (n < 0)
		return n;
	struct pf_stat st;
	long r = vfs_stat(path, &st);
	if (r < 0)
		return r;
	return copy_to_user(ust, &st, sizeof st);
}

/* Entry number `index` of directory `dir`: 1 and *out filled, 0 past the end (getdents is the cursor's way). */
long svc_readdir(const char __user *udir, unsigned long index, struct pf_dirent __user *uout)
{
	PATH_BUF(dir);
	long n = vfs_path_from_user(udir, dir);
	if (n < 0)
		return n;
	if (!user_range_ok(uout, sizeof(struct pf_dirent)))
		return -EFAULT;
	struct pf_dirent d;
	long r = vfs_dir_entry(dir, (uint32_t)index, &d);
	if (r <= 0)
		return r;
	return copy_to_user(uout, &d, sizeof d) ? -EFAULT : 1;
}

long svc_chdir(const char __user *upath)
{
	PATH_BUF(path);
	long n = vfs_path_from_user(upath, path);
	return n < 0 ? n : vfs_chdir(path);
}

/* The working directory and its NUL into buf: its length, or -ERANGE if size is too small. */
long svc_getcwd(char __user *buf, unsigned long size)
{
	const char *cwd = current_proc()->cwd;
	size_t len = strlen(cwd);
	if (size < len + 1)
		return -ERANGE;
	return copy_to_user(buf, cwd, len + 1) ? -EFAULT : (long)len;
}

long svc_mkdir(const char __user *upath, unsigned long mode)
{
	PATH_BUF(path);
	long n = vfs_path_from_user(upath, path);
	return n < 0 ? n : vfs_mkdir(path, (uint32_t)mode);
}

static long one_path(const char __user *upath, long (*op)(const char *))
{
	PATH_BUF(path);
	long n = vfs_path_from_user(upath, path);
	return n < 0 ? n : op(path);
}

long svc_unlink(const char __user *upath) { return one_path(upath, vfs_unlink); }
long svc_rmdir(const char __user *upath) { return one_path(upath, vfs_rmdir); }

/* Both paths are resolved before either is used: a bad one changes nothing. */
static long two_paths(const char __user *ufrom, const char __user *uto, long (*op)(const char *, const char *))
{
	PATH_BUF(from);
	PATH_BUF(to);
	long n = vfs_path_from_user(ufrom, from);
	if (n >= 0)
		n = vfs_path_from_user(uto, to);
	return n < 0 ? n : op(from, to);
}

long svc_rename(const char __user *from, const char __user *to) { return two_paths(from, to, vfs_rename); }
long svc_link(const char __user *from, const char __user *to) { return two_paths(from, to, vfs_link); }

long svc_sync(void)
{
	return vfs_sync();
}
