/*
 * Path names for Linux programs over src/vfs: access and faccessat, chdir,
 * fchdir and getcwd, mkdir, rmdir, unlink, rename, link and their *at
 * forms, readlink, truncate and ftruncate (32- and 64-bit), fsync,
 * fdatasync, sync and umask. Every process is root's: access checks only
 * that the name exists (and, for X_OK, an execute bit where the file
 * system keeps modes).
 */
#include "linux/linux_calls.h"
#include "pfgate/gate_table.h"
#include "proc/sched.h"
#include "mm/uaccess.h"
#include "vfs/fdtable.h"
#include "vfs/file.h"
#include "vfs/vfs.h"
#include "lib/string.h"
#include <pfgate/abi.h>
#include <pfgate/errno.h>

#define UPTR(x) ((void __user *)(uintptr_t)(x))
#define LINUX_X_OK        1
#define LINUX_ACCESS_MODES 7          /* R_OK | W_OK | X_OK */
#define LINUX_S_IFMT      0170000
#define LINUX_S_IFREG     0100000
#define LINUX_EXEC_BITS   0111
#define LINUX_MODE_BITS   07777
#define LINUX_RENAME_NOREPLACE 1
#define READLINK_MAX      512         /* a target longer is cut, as a short buffer cuts it */

static long access_at(int dirfd, uint32_t upath, uint32_t mode, uint32_t flags)
{
	if (mode & ~(uint32_t)LINUX_ACCESS_MODES)
		return -EINVAL;
	if (flags & ~(uint32_t)(LINUX_AT_EACCESS | LINUX_AT_SYMLINK_NOFOLLOW | LINUX_AT_EMPTY_PATH))
		return -EINVAL;
	struct pf_stat st;
	long r = linux_stat_at(dirfd, upath, &st);
	if (r < 0)
		return r;
	/* Root may run a regular file only if someone may (a kind that keeps no mode, the initrd, says nothing). */
	bool regular = st.type == PF_TYPE_FILE && st.mode;
	if ((mode & LINUX_X_OK) && regular && !(st.mode & LINUX_EXEC_BITS))
		return -EACCES;
	return 0;
}

long linux_sys_access(const struct linux_args *a) { return access_at(LINUX_AT_FDCWD, a->ebx, a->ecx, 0); }
long linux_sys_faccessat(const struct linux_args *a) { return access_at((int)a->ebx, a->ecx, a->edx, 0); }
long linux_sys_faccessat2(const struct linux_args *a) { return access_at((int)a->ebx, a->ecx, a->edx, a->esi); }

long linux_sys_chdir(const struct linux_args *a) { return svc_chdir(UPTR(a->ebx)); }

long linux_sys_fchdir(const struct linux_args *a)
{
	struct file *f = fd_file((int)a->ebx);
	if (!f)
		return -EBADF;
	return f->ops->dir_entry ? vfs_chdir(f->path) : -ENOTDIR;
}

/* Linux's getcwd counts the NUL in its answer. */
long linux_sys_getcwd(const struct linux_args *a)
{
	long n = svc_getcwd(UPTR(a->ebx), a->ecx);
	return n < 0 ? n : n + 1;
}

static long mkdir_at(int dirfd, uint32_t upath, uint32_t mode)
{
	PATH_BUF(path);
	long n = linux_at_path(dirfd, upath, path);
	return n < 0 ? n : vfs_mkdir(path, mode & LINUX_MODE_BITS & ~(uint32_t)current_proc()->umask);
}

long linux_sys_mkdir(const struct linux_args *a) { return mkdir_at(LINUX_AT_FDCWD, a->ebx, a->ecx); }
long linux_sys_mkdirat(const struct linux_args *a) { return mkdir_at((int)a->ebx, a->ecx, a->edx); }

/*
 * mknod: a regular file (type 0 or S_IFREG) is made as open(O_CREAT |
 * O_EXCL) makes one. pfgate has no named pipes, sockets or device nodes on
 * its file systems: those are refused with -EPERM (after -EEXIST for a name
 * taken, as Linux checks it first), a clear answer mkfifo reports.
 */
static long mknod_at(int dirfd, uint32_t upath, uint32_t mode)
{
	PATH_BUF(path);
	long n = linux_at_path(dirfd, upath, path);
	if (n < 0)
		return n;
	uint32_t type = mode & S_IFMT;
	if (type != 0 && type != S_IFREG && type != S_IFIFO && type != S_IFSOCK && type != S_IFCHR && type != S_IFBLK)
		return -EINVAL;
	struct pf_stat st;
	if (vfs_stat(path, &st) == 0)
		return -EEXIST;
	if (type != 0 && type != S_IFREG)
		return -EPERM;
	struct file *f;
	long r = vfs_open(path, O_WRONLY | O_CREAT | O_EXCL, mode & LINUX_MODE_BITS & ~(uint32_t)current_proc()->umask, &f);
	if (r < 0)
		return r;
	file_put(f);
	return 0;
}

long linux_sys_mknod(const struct linux_args *a) { return mknod_at(LINUX_AT_FDCWD, a->ebx, a->ecx); }
long linux_sys_mknodat(const struct linux_args *a) { return mknod_at((int)a->ebx, a->ecx, a->edx); }

static long remove_at(int dirfd, uint32_t upath, uint32_t flags)
{
	if (flags & ~(uint32_t)LINUX_AT_REMOVEDIR)
		return -EINVAL;
	PATH_BUF(path);
	long n = linux_at_path(dirfd, upath, path);
	if (n < 0)
		return n;
	return (flags & LINUX_AT_REMOVEDIR) ? vfs_rmdir(path) : vfs_unlink(path);
}

long linux_sys_unlink(const struct linux_args *a) { return remove_at(LINUX_AT_FDCWD, a->ebx, 0); }
long linux_sys_rmdir(const struct linux_args *a) { return remove_at(LINUX_AT_FDCWD, a->ebx, LINUX_AT_REMOVEDIR); }
long linux_sys_unlinkat(const struct linux_args *a) { return remove_at((int)a->ebx, a->ecx, a->edx); }

/* Both names are resolved before either is used: a bad one changes nothing. */
static long two_at(int fromfd, uint32_t ufrom, int tofd, uint32_t uto, char *from, char *to)
{
	long n = linux_at_path(fromfd, ufrom, from);
	return n < 0 ? n : linux_at_path(tofd, uto, to);
}

/* renameat2's RENAME_NOREPLACE is served (-EEXIST); its exchange and whiteout are not (-EINVAL). */
static long rename_at(int fromfd, uint32_t ufrom, int tofd, uint32_t uto, uint32_t flags)
{
	if (flags & ~(uint32_t)LINUX_RENAME_NOREPLACE)
		return -EINVAL;
	PATH_BUF(from);
	PATH_BUF(to);
	long r = two_at(fromfd, ufrom, tofd, uto, from, to);
	if (r < 0)
		return r;
	struct pf_stat st;
	if ((flags & LINUX_RENAME_NOREPLACE) && vfs_stat(to, &st) == 0)
		return -EEXIST;
	return vfs_rename(from, to);
}

long linux_sys_rename(const struct linux_args *a) { return rename_at(LINUX_AT_FDCWD, a->ebx, LINUX_AT_FDCWD, a->ecx, 0); }
long linux_sys_renameat(const struct linux_args *a) { return rename_at((int)a->ebx, a->ecx, (int)a->edx, a->esi, 0); }
long linux_sys_renameat2(const struct linux_args *a) { return rename_at((int)a->ebx, a->ecx, (int)a->edx, a->esi, a->edi); }

/* No link is followed here (AT_SYMLINK_FOLLOW changes nothing); AT_EMPTY_PATH (a descriptor's file) is not served. */
static long link_at(int fromfd, uint32_t ufrom, int tofd, uint32_t uto, uint32_t flags)
{
	if (flags & ~(uint32_t)LINUX_AT_SYMLINK_FOLLOW)
		return -EINVAL;
	PATH_BUF(from);
	PATH_BUF(to);
	long r = two_at(fromfd, ufrom, tofd, uto, from, to);
	return r < 0 ? r : vfs_link(from, to);
}

long linux_sys_link(const struct linux_args *a) { return link_at(LINUX_AT_FDCWD, a->ebx, LINUX_AT_FDCWD, a->ecx, 0); }
long linux_sys_linkat(const struct linux_args *a) { return link_at((int)a->ebx, a->ecx, (int)a->edx, a->esi, a->edi); }

/* The target, without a NUL, cut to the buffer: its length. A buffer of 0 bytes or less is -EINVAL. */
static long readlink_at(int dirfd, uint32_t upath, uint32_t ubuf, int32_t size)
{
	if (size <= 0)
		return -EINVAL;
	PATH_BUF(path);
	long n = linux_at_path(dirfd, upath, path);
	if (n < 0)
		return n;
	char target[READLINK_MAX];
	uint32_t room = (uint32_t)size < sizeof target ? (uint32_t)size : sizeof target;
	long len = vfs_readlink(path, target, room);
	if (len < 0)
		return len;
	if ((uint32_t)len > room)
		len = room;
	return copy_to_user(UPTR(ubuf), target, (size_t)len) ? -EFAULT : len;
}

long linux_sys_readlink(const struct linux_args *a) { return readlink_at(LINUX_AT_FDCWD, a->ebx, a->ecx, (int32_t)a->edx); }
long linux_sys_readlinkat(const struct linux_args *a) { return readlink_at((int)a->ebx, a->ecx, a->edx, (int32_t)a->esi); }

/* ftruncate: a regular file open for writing (-EINVAL otherwise, as Linux), a size not below 0. */
static long truncate_fd(int fd, int64_t size)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	if (size < 0 || !file_writable(f))
		return -EINVAL;
	long r = vfs_truncate(f, (uint64_t)size);
	return r == -EISDIR ? -EINVAL : r;
}

static long truncate_path(uint32_t upath, int64_t size)
{
	if (size < 0)
		return -EINVAL;
	PATH_BUF(path);
	long n = linux_at_path(LINUX_AT_FDCWD, upath, path);
	if (n < 0)
		return n;
	struct file *f;
	long r = vfs_open(path, O_WRONLY, 0, &f);
	if (r < 0)
		return r;
	r = vfs_truncate(f, (uint64_t)size);
	file_put(f);
	return r;
}

static int64_t split64(uint32_t lo, uint32_t hi) { return (int64_t)((uint64_t)hi << 32 | lo); }

long linux_sys_ftruncate(const struct linux_args *a) { return truncate_fd((int)a->ebx, (int32_t)a->ecx); }
long linux_sys_ftruncate64(const struct linux_args *a) { return truncate_fd((int)a->ebx, split64(a->ecx, a->edx)); }
long linux_sys_truncate(const struct linux_args *a) { return truncate_path(a->ebx, (int32_t)a->ecx); }
long linux_sys_truncate64(const struct linux_args *a) { return truncate_path(a->ebx, split64(a->ecx, a->edx)); }

/*
 * The disk cache is written whole: the data and what describes it go
 * together. A pipe or the console (nothing that seeks) has nothing to
 * write back: -EINVAL, as Linux answers for them.
 */
long linux_sys_fsync(const struct linux_args *a)
{
	struct file *f = fd_file((int)a->ebx);
	if (!f)
		return -EBADF;
	return f->ops->seek_size ? svc_fsync((int)a->ebx) : -EINVAL;
}

long linux_sys_fdatasync(const struct linux_args *a) { return linux_sys_fsync(a); }

/* sync cannot fail on Linux: a write error waits for the next fsync. */
long linux_sys_sync(const struct linux_args *a)
{
	(void)a;
	svc_sync();
	return 0;
}

long linux_sys_umask(const struct linux_args *a)
{
	struct proc *p = current_proc();
	long old = p->umask;
	p->umask = (uint16_t)(a->ebx & 0777);
	return old;
}
